/* test-sched-idle.c: idle VMs cost (almost) no host CPU, and a VM asleep
 * in a detected idle loop still sees what DMA writes
 *
 * 20 console images wait for input in WAIT; the hypervisor process's CPU
 * time over 2 s must stay far below what one polling VM would burn.  The
 * bound is loose on purpose (20% of one core): this is not a benchmark,
 * `wirelab-bench idle` gives the figure.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#define G_LOG_DOMAIN "wirelab-emu-test"

#include "config.h"

#include <glib.h>
#include <stdio.h>
#include <stdlib.h>
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

static int
compare_int64 (gconstpointer a,
               gconstpointer b)
{
  gint64 x = *(const gint64 *) a, y = *(const gint64 *) b;

  return (x > y) - (x < y);
}

/* board-test 'p' polls an RX descriptor in RAM with every interrupt masked:
 * the idle detector puts it to sleep, and only the NIC's DMA can end the
 * loop.  Each frame must be echoed about at once, not at the next periodic
 * look (every 100 ms).  The bound on the median is far from both (well
 * under 1 ms against ~50-90 ms), so a loaded machine does not fail it. */
static void
test_idle_loop_dma (void)
{
  HvProc *hv = hv_proc_start (NULL);
  int fd = hv_connect (hv->port);
  g_autofree char *image = emu_image ("board-test.elf");
  g_autoptr(GString) out = g_string_new (NULL);
  guint16 con = emu_tcp_free_port ();
  guint16 local = udp_free_port (), remote = udp_free_port ();
  gint64 lat[16];
  int c, peer;

  g_free (emu_cmd_expect (fd, "100-VM", "vm create D 1 c7200"));
  g_free (emu_cmd_expect (fd, "100-", "vm set_ios D \"%s\"", image));
  g_free (emu_cmd_expect (fd, "100-OK", "vm set_ram D 16"));
  g_free (emu_cmd_expect (fd, "100-OK", "vm set_con_tcp_port D %u", con));
  g_free (emu_cmd_expect (fd, "100-OK", "vm slot_add_binding D 0 0 C7200-IO-FE"));
  g_free (emu_cmd_expect (fd, "100-NIO", "nio create_udp n0 %u 127.0.0.1 %u", local, remote));
  peer = udp_socket (remote, local);
  g_free (emu_cmd_expect (fd, "100-OK", "vm slot_add_nio_binding D 0 0 n0"));
  g_free (emu_cmd_expect (fd, "100-VM", "vm start D"));
  c = emu_console_connect (con);
  emu_read_until (c, out, "ready\r\n");
  g_assert_cmpint (write (c, "p", 1), ==, 1);
  emu_read_until (c, out, "polling\r\n");

  for (guint i = 0; i < G_N_ELEMENTS (lat); i++)
    {
      uint8_t frame[64] = { 0x02, 0, 0, 0, 0, 2, 0x02, 0, 0, 0, 0, 1, 0x88, 0xb5 };
      uint8_t got[128];
      gssize n;
      gint64 t0;

      frame[20] = (uint8_t) i;
      /* Long enough for the loop to be found idle again and put to sleep
       * (after a frame the detector may back off for tens of ms). */
      g_usleep (150000);
      t0 = g_get_monotonic_time ();
      g_assert_cmpint (write (peer, frame, sizeof frame), ==, (gssize) sizeof frame);
      n = udp_recv (peer, got, sizeof got, 10000);
      lat[i] = g_get_monotonic_time () - t0;
      g_assert_cmpmem (got, n, frame, sizeof frame);
    }
  qsort (lat, G_N_ELEMENTS (lat), sizeof lat[0], compare_int64);
  g_test_message ("DMA wake of an idle loop: median %.3f ms, max %.3f ms",
                  lat[G_N_ELEMENTS (lat) / 2] / 1000.0, lat[G_N_ELEMENTS (lat) - 1] / 1000.0);
  g_assert_cmpint (lat[G_N_ELEMENTS (lat) / 2], <, 25000);

  close (c);
  close (peer);
  hv_assert_cmd (fd, "vm delete D", "100-VM 'D' deleted\r\n");
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
  g_test_add_func ("/sched/idle-loop-dma", test_idle_loop_dma);
  return g_test_run ();
}
