/* test-vm-reload.c: the guest reloads the board through the system
 * controller's power register (docs/board.md) again and again, and always
 * comes back: board-test writing the register right before a WAIT, and the
 * router firmware's `reload` command
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#define G_LOG_DOMAIN "wirelab-emu-test"

#include "config.h"

#include <glib.h>
#include <string.h>
#include <unistd.h>

#include "emu-test-util.h"

#define N_RELOADS 30

static const char *router_image;

/* Reads until `needle`, then drops everything up to and including it, so
 * the next wait only sees newer output. */
static void
read_past (int         c,
           GString    *out,
           const char *needle)
{
  const char *p;

  emu_read_until (c, out, needle);
  p = memmem (out->str, out->len, needle, strlen (needle));
  g_string_erase (out, 0, (p - out->str) + strlen (needle));
}

static void
type (int         c,
      const char *text)
{
  gssize len = strlen (text);

  g_assert_cmpint (write (c, text, len), ==, len);
}

/* The power write and a WAIT in one block, with no interrupt pending: the
 * CPU is parked in WAIT when the board resets it, every time. */
static void
test_reload_from_wait (void)
{
  HvProc *hv = hv_proc_start (NULL);
  int fd = hv_connect (hv->port);
  g_autofree char *image = emu_image ("board-test.elf");
  g_autoptr(GString) out = g_string_new (NULL);
  guint16 con = emu_tcp_free_port ();
  int c;

  g_free (emu_cmd_expect (fd, "100-VM", "vm create W 1 c7200"));
  g_free (emu_cmd_expect (fd, "100-", "vm set_ios W \"%s\"", image));
  g_free (emu_cmd_expect (fd, "100-OK", "vm set_ram W 16"));
  g_free (emu_cmd_expect (fd, "100-OK", "vm set_con_tcp_port W %u", con));
  g_free (emu_cmd_expect (fd, "100-VM", "vm start W"));
  c = emu_console_connect (con);
  read_past (c, out, "nvram: boots 1\r\n");
  read_past (c, out, "ready\r\n");

  for (guint i = 2; i <= N_RELOADS + 1; i++)
    {
      g_autofree char *boots = g_strdup_printf ("nvram: boots %u\r\n", i);

      type (c, "w");
      read_past (c, out, "reload from wait\r\n");
      /* NVRAM is kept: the boot count tells this boot from the last. */
      read_past (c, out, boots);
      read_past (c, out, "ready\r\n");
    }
  hv_assert_cmd (fd, "vm get_status W", "100-2\r\n");
  close (c);

  hv_assert_cmd (fd, "vm delete W", "100-VM 'W' deleted\r\n");
  close (fd);
  hv_proc_stop (hv);
  hv_proc_free (hv);
}

/* The router firmware's `reload` (it idles in WAIT after the write). */
static void
test_router_reload (void)
{
  HvProc *hv;
  int fd, c;
  g_autoptr(GString) out = g_string_new (NULL);
  guint16 con = emu_tcp_free_port ();

  if (router_image == NULL)
    {
      g_test_skip ("no router image given");
      return;
    }
  hv = hv_proc_start (NULL);
  fd = hv_connect (hv->port);
  g_free (emu_cmd_expect (fd, "100-VM", "vm create R1 1 c7200"));
  g_free (emu_cmd_expect (fd, "100-", "vm set_ios R1 \"%s\"", router_image));
  g_free (emu_cmd_expect (fd, "100-OK", "vm set_ram R1 64"));
  g_free (emu_cmd_expect (fd, "100-OK", "vm set_con_tcp_port R1 %u", con));
  g_free (emu_cmd_expect (fd, "100-OK", "vm slot_add_binding R1 0 0 C7200-IO-FE"));
  g_free (emu_cmd_expect (fd, "100-VM", "vm start R1"));
  c = emu_console_connect (con);

  for (guint i = 0; i <= N_RELOADS; i++)
    {
      read_past (c, out, "Press RETURN to get started!");
      type (c, "\r");
      read_past (c, out, "Router>");
      if (i == N_RELOADS)
        break;
      type (c, "enable\r");
      read_past (c, out, "Router#");
      type (c, "reload\r");
      read_past (c, out, "Proceed with reload? [confirm]");
      type (c, "\r");
      read_past (c, out, "%SYS-5-RELOAD: Reload requested by console.");
    }
  hv_assert_cmd (fd, "vm get_status R1", "100-2\r\n");
  close (c);

  hv_assert_cmd (fd, "vm delete R1", "100-VM 'R1' deleted\r\n");
  close (fd);
  hv_proc_stop (hv);
  hv_proc_free (hv);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  if (argc > 1)
    router_image = argv[1];
  g_test_add_func ("/vm/reload/from-wait", test_reload_from_wait);
  g_test_add_func ("/vm/reload/router", test_router_reload);
  return g_test_run ();
}
