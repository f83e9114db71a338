/* test-nio-host.c: NIOs on host interfaces (TAP, linux_eth, gen_eth) and VDE
 *
 * Copyright 2026 The Wirelab authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * The interface NIOs need root: the test makes its own TAP device and veth
 * pair (unique names, removed at the end) and skips, saying why, without
 * root.  VDE runs against Debian's vde_switch when installed.
 */

#include "config.h"

#include <arpa/inet.h>
#include <errno.h>
#include <linux/if_ether.h>
#include <linux/if_packet.h>
#include <net/if.h>
#include <signal.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "net-test-util.h"

typedef struct
{
  HvProc   *proc;
  int       hv;
  Endpoint *ep;
} Fixture;

static gboolean
can_do_interfaces (void)
{
  if (geteuid () != 0)
    {
      g_test_skip ("needs root (CAP_NET_ADMIN/CAP_NET_RAW) for TAP and raw Ethernet NIOs");
      return FALSE;
    }
  if (!g_file_test ("/dev/net/tun", G_FILE_TEST_EXISTS))
    {
      g_test_skip ("no /dev/net/tun");
      return FALSE;
    }
  return TRUE;
}

static void
fixture_setup (Fixture       *fx,
               gconstpointer  data)
{
  fx->proc = hv_proc_start (NULL);
  fx->hv = hv_connect (fx->proc->port);
  fx->ep = endpoint_new (fx->hv, "e");
  hv_ok (fx->hv, "nio_bridge create hub");
  hv_ok (fx->hv, "nio_bridge add_nio hub e");
}

static void
fixture_teardown (Fixture       *fx,
                  gconstpointer  data)
{
  endpoint_free (fx->ep);
  close (fx->hv);
  hv_proc_stop (fx->proc);
  hv_proc_free (fx->proc);
}

static void
run (const char *cmd)
{
  int status = -1;
  g_autoptr(GError) error = NULL;

  g_assert_true (g_spawn_command_line_sync (cmd, NULL, NULL, &status, &error));
  g_assert_no_error (error);
  if (!g_spawn_check_wait_status (status, NULL))
    g_error ("'%s' failed", cmd);
}

static int
packet_socket (const char *ifname)
{
  struct sockaddr_ll sll = { .sll_family = AF_PACKET, .sll_protocol = htons (ETH_P_ALL) };
  struct timeval tv = { .tv_sec = 10 };
  int fd = socket (AF_PACKET, SOCK_RAW | SOCK_CLOEXEC, htons (ETH_P_ALL));

  g_assert_cmpint (fd, >=, 0);
  sll.sll_ifindex = if_nametoindex (ifname);
  g_assert_cmpuint (sll.sll_ifindex, !=, 0);
  g_assert_cmpint (bind (fd, (struct sockaddr *) &sll, sizeof sll), ==, 0);
  setsockopt (fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  return fd;
}

/* Reads from a packet socket until `want` shows up (the kernel adds its own
 * traffic: IPv6 solicitations and the like). */
static void
packet_expect (int     fd,
               GBytes *want)
{
  guint8 buf[65536];
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  while (g_get_monotonic_time () < deadline)
    {
      struct sockaddr_ll from;
      socklen_t len = sizeof from;
      gssize n = recvfrom (fd, buf, sizeof buf, 0, (struct sockaddr *) &from, &len);

      if (n < 0 && errno == EINTR)
        continue;
      g_assert_cmpint (n, >=, 0);
      if (from.sll_pkttype != PACKET_OUTGOING &&
          (gsize) n == g_bytes_get_size (want) && memcmp (buf, g_bytes_get_data (want, NULL), n) == 0)
        return;
    }
  g_error ("frame not seen on the interface");
}

static void
endpoint_expect (Endpoint *ep,
                 GBytes   *want)
{
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  while (g_get_monotonic_time () < deadline)
    {
      g_autoptr(GBytes) got = endpoint_recv (ep, 1000);

      if (got != NULL && g_bytes_equal (got, want))
        return;
    }
  g_error ("frame not seen at endpoint %s", ep->name);
}

/* UDP -> hub -> interface NIO -> wire, and back. */
static void
check_both_ways (Fixture    *fx,
                 const char *wire_if)
{
  g_autoptr(GBytes) out = make_frame (0xff, 0x11, 0x88b5, 60, 1);
  g_autoptr(GBytes) in = make_frame (0xff, 0x22, 0x88b5, 60, 2);
  int pfd = packet_socket (wire_if);
  struct sockaddr_ll to = { .sll_family = AF_PACKET, .sll_ifindex = if_nametoindex (wire_if),
                            .sll_halen = 6 };

  endpoint_send (fx->ep, g_bytes_get_data (out, NULL), g_bytes_get_size (out));
  packet_expect (pfd, out);

  memset (to.sll_addr, 0xff, 6);
  g_assert_cmpint (sendto (pfd, g_bytes_get_data (in, NULL), g_bytes_get_size (in), 0,
                           (struct sockaddr *) &to, sizeof to), ==, g_bytes_get_size (in));
  endpoint_expect (fx->ep, in);
  close (pfd);
}

static void
test_tap (Fixture       *fx,
          gconstpointer  data)
{
  g_autofree char *ifname = g_strdup_printf ("wltap%d", getpid () % 100000);
  g_autofree char *cmd = NULL;

  if (!can_do_interfaces ())
    return;

  /* The device does not exist: the NIO creates it. */
  g_assert_cmpuint (if_nametoindex (ifname), ==, 0);
  hv_ok (fx->hv, "nio create_tap t %s", ifname);
  g_assert_cmpuint (if_nametoindex (ifname), !=, 0);
  {
    g_autofree char *dup = hv_cmdf (fx->hv, "nio create_tap t %s", ifname);

    g_assert_cmpstr (dup, ==, "206-unable to create TAP NIO\r\n");
  }
  hv_assert_cmd (fx->hv, "nio create_tap t2 this-name-is-far-too-long-for-linux",
                 "206-unable to create TAP NIO\r\n");
  cmd = g_strdup_printf ("ip link set dev %s up", ifname);
  run (cmd);
  hv_ok (fx->hv, "nio_bridge add_nio hub t");

  /* Written to the TAP: seen as received on the interface; sent on the
   * interface: read from the TAP. */
  check_both_ways (fx, ifname);

  /* It disappears with the NIO (spec section 6). */
  hv_ok (fx->hv, "nio_bridge remove_nio hub t");
  hv_ok (fx->hv, "nio delete t");
  g_assert_cmpuint (if_nametoindex (ifname), ==, 0);
}

typedef struct
{
  char *a;
  char *b;
} Veth;

static void
veth_create (Veth *v)
{
  g_autofree char *cmd = NULL;

  v->a = g_strdup_printf ("wlva%d", getpid () % 100000);
  v->b = g_strdup_printf ("wlvb%d", getpid () % 100000);
  cmd = g_strdup_printf ("ip link add %s type veth peer name %s", v->a, v->b);
  run (cmd);
  g_clear_pointer (&cmd, g_free);
  cmd = g_strdup_printf ("ip link set dev %s up", v->a);
  run (cmd);
  g_clear_pointer (&cmd, g_free);
  cmd = g_strdup_printf ("ip link set dev %s up", v->b);
  run (cmd);
}

static void
veth_destroy (Veth *v)
{
  g_autofree char *cmd = g_strdup_printf ("ip link del %s", v->a);

  run (cmd);
  g_free (v->a);
  g_free (v->b);
}

static void
test_raw_ethernet (Fixture       *fx,
                   gconstpointer  data)
{
  const char *kind = data;
  Veth v;

  if (!can_do_interfaces ())
    return;

  hv_assert_cmd (fx->hv, g_str_equal (kind, "linux_eth") ? "nio create_linux_eth x no-such-if0"
                                                         : "nio create_gen_eth x no-such-if0",
                 g_str_equal (kind, "linux_eth") ? "206-unable to create Linux raw ethernet NIO\r\n"
                                                 : "206-unable to create generic ethernet NIO\r\n");

  veth_create (&v);
  hv_ok (fx->hv, "nio create_%s x %s", kind, v.a);
  hv_ok (fx->hv, "nio_bridge add_nio hub x");
  /* Frames the NIO sends leave on veth a and arrive on b, and back. */
  check_both_ways (fx, v.b);
  hv_ok (fx->hv, "nio_bridge remove_nio hub x");
  hv_ok (fx->hv, "nio delete x");
  veth_destroy (&v);
}

static void
test_vde (Fixture       *fx,
          gconstpointer  data)
{
  g_autofree char *vde_switch = g_find_program_in_path ("vde_switch");
  g_autofree char *dir = g_build_filename (fx->proc->workdir, "vde", NULL);
  g_autofree char *ctl = g_build_filename (dir, "ctl", NULL);
  g_autoptr(GError) error = NULL;
  Endpoint *other;
  GPid pid;
  int stdin_fd = -1;
  gint64 deadline;

  if (vde_switch == NULL)
    {
      g_test_skip ("vde_switch (Debian's vde2) is not installed");
      return;
    }
  {
    const char *argv[] = { vde_switch, "-s", dir, NULL };

    /* stdin a pipe nobody writes: vde_switch would stop on its EOF. */
    g_assert_true (g_spawn_async_with_pipes (NULL, (char **) argv, NULL,
                                             G_SPAWN_DO_NOT_REAP_CHILD | G_SPAWN_STDOUT_TO_DEV_NULL |
                                             G_SPAWN_STDERR_TO_DEV_NULL,
                                             NULL, NULL, &pid, &stdin_fd, NULL, NULL, &error));
    g_assert_no_error (error);
  }
  deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
  while (!g_file_test (ctl, G_FILE_TEST_EXISTS))
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_usleep (10000);
    }

  /* e -hub- v1 ~~vde_switch~~ v2 -hub2- other; relative paths resolve in
   * the working directory. */
  other = endpoint_new (fx->hv, "other");
  hv_ok (fx->hv, "nio create_vde v1 vde/ctl v1.sock");
  hv_ok (fx->hv, "nio create_vde v2 vde/ctl v2.sock");
  hv_assert_cmd (fx->hv, "nio create_vde v3 nowhere/ctl v3.sock", "206-unable to create VDE NIO\r\n");
  hv_ok (fx->hv, "nio_bridge add_nio hub v1");
  hv_ok (fx->hv, "nio_bridge create hub2");
  hv_ok (fx->hv, "nio_bridge add_nio hub2 v2");
  hv_ok (fx->hv, "nio_bridge add_nio hub2 other");
  {
    g_autoptr(GBytes) f = make_frame (0xff, 1, 0x0800, 100, 1);
    g_autoptr(GBytes) back = make_frame (0xff, 2, 0x0800, 100, 2);

    endpoint_send (fx->ep, g_bytes_get_data (f, NULL), g_bytes_get_size (f));
    endpoint_expect (other, f);
    endpoint_send (other, g_bytes_get_data (back, NULL), g_bytes_get_size (back));
    endpoint_expect (fx->ep, back);
  }
  hv_ok (fx->hv, "hypervisor reset");
  endpoint_free (other);
  kill (pid, SIGTERM);
  waitpid (pid, NULL, 0);
  close (stdin_fd);
  g_spawn_close_pid (pid);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/net/host/tap", Fixture, NULL, fixture_setup, test_tap, fixture_teardown);
  g_test_add ("/net/host/linux-eth", Fixture, "linux_eth", fixture_setup, test_raw_ethernet,
              fixture_teardown);
  g_test_add ("/net/host/gen-eth", Fixture, "gen_eth", fixture_setup, test_raw_ethernet,
              fixture_teardown);
  g_test_add ("/net/host/vde", Fixture, NULL, fixture_setup, test_vde, fixture_teardown);

  return g_test_run ();
}
