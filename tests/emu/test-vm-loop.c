/* test-vm-loop.c: 100 VMs started and stopped in one hypervisor process;
 * under ASan the process must exit with no leak (hv_proc_stop checks it)
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include "config.h"

#include <glib.h>
#include <poll.h>
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

static guint
count_dots (GString *s)
{
  guint n = 0;

  for (gsize i = 0; i < s->len; i++)
    n += s->str[i] == '.';
  return n;
}

/* Reads whatever the console sends within ms milliseconds. */
static void
drain (int      c,
       GString *out,
       guint    ms)
{
  gint64 end = g_get_monotonic_time () + ms * 1000;

  while (g_get_monotonic_time () < end)
    {
      struct pollfd pfd = { .fd = c, .events = POLLIN };
      char tmp[4096];

      if (poll (&pfd, 1, 20) > 0)
        {
          gssize n = read (c, tmp, sizeof tmp);

          if (n <= 0)
            return;
          g_string_append_len (out, tmp, n);
        }
    }
}

/* A VM that never idles is stopped, suspended and resumed while its CPU runs
 * on a worker thread; cpu_usage counts its own time, not the idle VM's. */
static void
test_busy (void)
{
  HvProc *hv = hv_proc_start (NULL);
  int fd = hv_connect (hv->port);
  g_autofree char *busy = emu_image ("busy.elf");
  g_autofree char *idle = emu_image ("console-c7200.elf");
  g_autoptr(GString) out = g_string_new (NULL);
  guint16 con = emu_tcp_free_port ();
  guint before;
  char *r;
  int c;

  g_free (emu_cmd_expect (fd, "100-VM", "vm create B 1 c7200"));
  g_free (emu_cmd_expect (fd, "100-", "vm set_ios B \"%s\"", busy));
  g_free (emu_cmd_expect (fd, "100-OK", "vm set_con_tcp_port B %u", con));
  g_free (emu_cmd_expect (fd, "100-VM", "vm create I 2 c7200"));
  g_free (emu_cmd_expect (fd, "100-", "vm set_ios I \"%s\"", idle));
  hv_assert_cmd (fd, "vm start I", "101 Warning: no console port defined for VM 'I'\r\n"
                 "100-VM 'I' started\r\n");
  hv_assert_cmd (fd, "vm start B", "100-VM 'B' started\r\n");
  c = emu_console_connect (con);
  emu_read_until (c, out, "..");

  hv_assert_cmd (fd, "vm suspend B", "100-VM 'B' suspended\r\n");
  drain (c, out, 100);             /* a dot may be on its way */
  before = count_dots (out);
  drain (c, out, 300);
  g_assert_cmpuint (count_dots (out), ==, before);
  hv_assert_cmd (fd, "vm resume B", "100-VM 'B' resumed\r\n");
  while (count_dots (out) < before + 2)
    drain (c, out, 100);

  /* Let it burn more than a second of CPU, then compare the two VMs. */
  for (;;)
    {
      r = hv_cmd (fd, "vm cpu_usage B 0");
      if (strcmp (r, "101 0\r\n100-OK\r\n") != 0)
        break;
      g_free (r);
      drain (c, out, 100);
    }
  g_assert_true (g_str_has_prefix (r, "101 ") && g_str_has_suffix (r, "100-OK\r\n"));
  g_free (r);
  hv_assert_cmd (fd, "vm cpu_usage I 0", "101 0\r\n100-OK\r\n");

  /* Stop while running: the reply comes once the CPU is off its thread. */
  hv_assert_cmd (fd, "vm stop B", "100-VM 'B' stopped\r\n");
  hv_assert_cmd (fd, "vm get_status B", "100-0\r\n");
  g_assert_true (hv_wait_eof (c, 5000));
  close (c);

  /* 'q': the guest powers off while busy. */
  hv_assert_cmd (fd, "vm start B", "100-VM 'B' started\r\n");
  hv_assert_cmd (fd, "vm send_con_msg B q", "100-1 byte(s) written\r\n");
  emu_wait_status (fd, "B", 0);

  hv_assert_cmd (fd, "hypervisor reset", "100-OK\r\n");
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
  g_test_add_func ("/vm/busy", test_busy);
  return g_test_run ();
}
