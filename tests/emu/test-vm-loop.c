/* test-vm-loop.c: 100 VMs started and stopped in one hypervisor process;
 * under ASan the process must exit with no leak (hv_proc_stop checks it)
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include "config.h"

#include <glib.h>
#include <string.h>
#include <unistd.h>

#include "emu-test-util.h"

#define N_VMS 100

static void
test_start_stop_loop (void)
{
  HvProc *hv = hv_proc_start (NULL);
  int fd = hv_connect (hv->port);
  g_autofree char *image = emu_image ("console-c7200.elf");
  guint16 ports[N_VMS];

  for (guint i = 0; i < N_VMS; i++)
    {
      g_free (emu_cmd_expect (fd, "100-VM", "vm create V%u %u c7200", i, i + 1));
      g_free (emu_cmd_expect (fd, "100-", "vm set_ios V%u \"%s\"", i, image));
      g_free (emu_cmd_expect (fd, "100-OK", "vm set_ram V%u 16", i));
      g_free (emu_cmd_expect (fd, "100-OK", "vm slot_add_binding V%u 0 0 C7200-IO-FE", i));
    }

  /* Round 1: all 100 up at once, each with a console; round 2: start and
   * stop one after the other. */
  for (guint i = 0; i < N_VMS; i++)
    {
      ports[i] = emu_tcp_free_port ();
      g_free (emu_cmd_expect (fd, "100-OK", "vm set_con_tcp_port V%u %u", i, ports[i]));
      g_free (emu_cmd_expect (fd, "100-VM", "vm start V%u", i));
    }
  for (guint i = 0; i < N_VMS; i += 33)
    {
      g_autoptr(GString) out = g_string_new (NULL);
      int c = emu_console_connect (ports[i]);

      emu_read_until (c, out, "echo> ");
      close (c);
    }
  for (guint i = 0; i < N_VMS; i++)
    {
      g_autofree char *r = hv_cmdf (fd, "vm get_status V%u", i);

      g_assert_cmpstr (r, ==, "100-2\r\n");
    }
  for (guint i = 0; i < N_VMS; i++)
    g_free (emu_cmd_expect (fd, "100-VM", "vm stop V%u", i));
  for (guint i = 0; i < N_VMS; i++)
    {
      g_free (emu_cmd_expect (fd, "100-VM", "vm start V%u", i));
      g_free (emu_cmd_expect (fd, "100-VM", "vm stop V%u", i));
    }
  for (guint i = 0; i < N_VMS; i++)
    g_assert_true (emu_tcp_port_free (ports[i]));

  /* Half are running when the hypervisor is reset, then it stops cleanly. */
  for (guint i = 0; i < N_VMS; i += 2)
    g_free (emu_cmd_expect (fd, "100-VM", "vm start V%u", i));
  hv_assert_cmd (fd, "hypervisor reset", "100-OK\r\n");
  hv_assert_cmd (fd, "vm list", "100-OK\r\n");

  close (fd);
  hv_proc_stop (hv);
  hv_proc_free (hv);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/vm/start-stop-100", test_start_stop_loop);
  return g_test_run ();
}
