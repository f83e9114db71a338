/* test-vm-shutdown.c: a wirelab-hypervisor process with running routers,
 * connected console clients and traffic in flight stops cleanly and at
 * once: on SIGTERM, on `hypervisor stop`, and on SIGTERM while a `vm stop`
 * of every router is still being processed
 *
 * The deadline (5 s) is generous on purpose; the time taken is printed.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#define G_LOG_DOMAIN "wirelab-emu-test"

#include "config.h"

#include <fcntl.h>
#include <glib.h>
#include <signal.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "emu-test-util.h"

#define N_ROUTERS   20
#define DEADLINE_MS 5000

static const char *router_image;

typedef struct
{
  HvProc *hv;
  int     fd;
  int     con[N_ROUTERS];
  int     peer[N_ROUTERS];     /* our end of each router's UDP NIO */
} Lab;

static void
lab_start (Lab *lab)
{
  lab->hv = hv_proc_start (NULL);
  lab->fd = hv_connect (lab->hv->port);
  for (guint i = 0; i < N_ROUTERS; i++)
    {
      guint16 con = emu_tcp_free_port ();
      guint16 local = udp_free_port (), remote = udp_free_port ();

      g_free (emu_cmd_expect (lab->fd, "100-VM", "vm create R%u %u c7200", i, i + 1));
      g_free (emu_cmd_expect (lab->fd, "100-", "vm set_ios R%u \"%s\"", i, router_image));
      g_free (emu_cmd_expect (lab->fd, "100-OK", "vm set_ram R%u 64", i));
      g_free (emu_cmd_expect (lab->fd, "100-OK", "vm set_con_tcp_port R%u %u", i, con));
      g_free (emu_cmd_expect (lab->fd, "100-OK", "vm slot_add_binding R%u 0 0 C7200-IO-FE", i));
      g_free (emu_cmd_expect (lab->fd, "100-NIO", "nio create_udp n%u %u 127.0.0.1 %u", i, local, remote));
      lab->peer[i] = udp_socket (remote, local);
      g_free (emu_cmd_expect (lab->fd, "100-OK", "vm slot_add_nio_binding R%u 0 0 n%u", i, i));
      g_free (emu_cmd_expect (lab->fd, "100-VM", "vm start R%u", i));
      lab->con[i] = emu_console_connect (con);
    }
  /* Every router has booted to its console prompt. */
  for (guint i = 0; i < N_ROUTERS; i++)
    {
      g_autoptr(GString) out = g_string_new (NULL);

      emu_read_until (lab->con[i], out, "Press RETURN to get started!");
      g_assert_cmpint (write (lab->con[i], "\r", 1), ==, 1);
    }
}

/* A write that may be refused (full buffers are part of the test). */
static gboolean
try_write (int         fd,
           const void *data,
           gsize       len)
{
  return write (fd, data, len) == (gssize) len;
}

/* Frames into every NIC and typing into every console, none of it read
 * back: all in flight when the hypervisor is told to stop. */
static void
lab_traffic (Lab *lab)
{
  static const char typing[] = "show version\rshow ip interface brief\r";
  uint8_t frame[64] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x02, 0, 0, 0, 0, 1, 0x08, 0x06 };

  for (guint i = 0; i < N_ROUTERS; i++)
    {
      fcntl (lab->con[i], F_SETFL, fcntl (lab->con[i], F_GETFL) | O_NONBLOCK);
      fcntl (lab->peer[i], F_SETFL, fcntl (lab->peer[i], F_GETFL) | O_NONBLOCK);
    }
  for (guint round = 0; round < 20; round++)
    for (guint i = 0; i < N_ROUTERS; i++)
      {
        try_write (lab->peer[i], frame, sizeof frame);
        try_write (lab->con[i], typing, sizeof typing - 1);
      }
}

/* Waits for the process to exit by itself; asserts a clean exit (no leak
 * under ASan) within the deadline and that every console was closed. */
static void
lab_expect_exit (Lab    *lab,
                 gint64  t0,
                 const char *what)
{
  gboolean exited = hv_proc_wait (lab->hv, DEADLINE_MS);
  double took = (g_get_monotonic_time () - t0) / 1e6;

  g_test_message ("%s: %d routers, exited after %.3f s", what, N_ROUTERS, took);
  if (!exited)
    g_error ("%s: still running %d ms later", what, DEADLINE_MS);
  g_assert_true (WIFEXITED (lab->hv->status));
  g_assert_cmpint (WEXITSTATUS (lab->hv->status), ==, 0);
  for (guint i = 0; i < N_ROUTERS; i++)
    {
      fcntl (lab->con[i], F_SETFL, fcntl (lab->con[i], F_GETFL) & ~O_NONBLOCK);
      g_assert_true (hv_wait_eof (lab->con[i], 5000));
      close (lab->con[i]);
      close (lab->peer[i]);
    }
  close (lab->fd);
  hv_proc_free (lab->hv);
}

static gboolean
have_router (void)
{
  if (router_image == NULL)
    g_test_skip ("no router image given");
  return router_image != NULL;
}

typedef enum
{
  STOP_SIGTERM,
  STOP_COMMAND,          /* hypervisor stop */
  STOP_SIGTERM_IN_VM_STOP,
} StopHow;

static const char *const stop_names[] = {
  "SIGTERM", "hypervisor stop", "SIGTERM during vm stop",
};

static void
test_stop (gconstpointer data)
{
  StopHow how = GPOINTER_TO_INT (data);
  Lab lab = { 0 };
  gint64 t0;

  if (!have_router ())
    return;
  lab_start (&lab);
  lab_traffic (&lab);
  if (how == STOP_SIGTERM_IN_VM_STOP)
    {
      /* Every router's `vm stop` is sent at once, and SIGTERM right behind. */
      g_autoptr(GString) stops = g_string_new (NULL);

      for (guint i = 0; i < N_ROUTERS; i++)
        g_string_append_printf (stops, "vm stop R%u\n", i);
      hv_send (lab.fd, stops->str, stops->len);
    }
  t0 = g_get_monotonic_time ();
  if (how == STOP_COMMAND)
    hv_assert_cmd (lab.fd, "hypervisor stop", "100-OK\r\n");
  else
    g_assert_cmpint (kill (lab.hv->pid, SIGTERM), ==, 0);
  lab_expect_exit (&lab, t0, stop_names[how]);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  if (argc > 1)
    router_image = argv[1];
  g_test_add_data_func ("/vm/shutdown/sigterm", GINT_TO_POINTER (STOP_SIGTERM), test_stop);
  g_test_add_data_func ("/vm/shutdown/hypervisor-stop", GINT_TO_POINTER (STOP_COMMAND), test_stop);
  g_test_add_data_func ("/vm/shutdown/sigterm-during-vm-stop",
                        GINT_TO_POINTER (STOP_SIGTERM_IN_VM_STOP), test_stop);
  return g_test_run ();
}
