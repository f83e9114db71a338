/* test-sched-idle.c: idle VMs cost (almost) no host CPU
 *
 * 20 console images wait for input in WAIT; the hypervisor process's CPU
 * time over 2 s must stay far below what one polling VM would burn.  The
 * bound is loose on purpose (20% of one core): this is not a benchmark,
 * `wirelab-bench idle` gives the figure.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include "config.h"

#include <glib.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "emu-test-util.h"

#define N_VMS 20

/* utime + stime of a process, in seconds. */
static double
proc_cpu_s (GPid pid)
{
  g_autofree char *path = g_strdup_printf ("/proc/%d/stat", (int) pid);
  g_autofree char *stat = NULL;
  unsigned long utime = 0, stime = 0;
  const char *p;

  g_assert_true (g_file_get_contents (path, &stat, NULL, NULL));
  p = strrchr (stat, ')');
  g_assert_nonnull (p);
  g_assert_cmpint (sscanf (p + 2, "%*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %lu %lu",
                           &utime, &stime), ==, 2);
  return (double) (utime + stime) / sysconf (_SC_CLK_TCK);
}

static void
test_idle_vms (void)
{
  HvProc *hv = hv_proc_start (NULL);
  int fd = hv_connect (hv->port);
  g_autofree char *image = emu_image ("console-c7200.elf");
  guint16 ports[N_VMS];
  double t0, used;

  for (guint i = 0; i < N_VMS; i++)
    {
      ports[i] = emu_tcp_free_port ();
      g_free (emu_cmd_expect (fd, "100-VM", "vm create I%u %u c7200", i, i + 1));
      g_free (emu_cmd_expect (fd, "100-", "vm set_ios I%u \"%s\"", i, image));
      g_free (emu_cmd_expect (fd, "100-OK", "vm set_ram I%u 16", i));
      g_free (emu_cmd_expect (fd, "100-OK", "vm set_con_tcp_port I%u %u", i, ports[i]));
      g_free (emu_cmd_expect (fd, "100-VM", "vm start I%u", i));
    }
  /* Booted: each has printed its prompt and sits in WAIT. */
  for (guint i = 0; i < N_VMS; i++)
    {
      g_autoptr(GString) out = g_string_new (NULL);
      int c = emu_console_connect (ports[i]);

      emu_read_until (c, out, "echo> ");
      close (c);
    }

  t0 = proc_cpu_s (hv->pid);
  g_usleep (2 * G_USEC_PER_SEC);
  used = proc_cpu_s (hv->pid) - t0;
  g_test_message ("%d idle VMs used %.3f s of CPU in 2 s", N_VMS, used);
  g_assert_cmpfloat (used, <, 0.4);

  /* Still alive: input wakes a sleeping VM at once. */
  {
    g_autoptr(GString) out = g_string_new (NULL);
    int c = emu_console_connect (ports[5]);

    emu_read_until (c, out, "echo> ");
    g_assert_cmpint (write (c, "w", 1), ==, 1);
    emu_read_until (c, out, "echo> w");
    close (c);
  }

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
  g_test_add_func ("/sched/idle-vms", test_idle_vms);
  return g_test_run ();
}
