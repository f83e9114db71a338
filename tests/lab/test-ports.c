/* test-ports.c: UDP ports per host, bind tests with real sockets, console
 * claims, host identity from name resolution
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include "config.h"

#include <gio/gio.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include "wirelab/wirelab.h"
#include "lab/wl-host.h"
#include "lab/wl-ports.h"

/* A UDP port held by "another program" (this test), without SO_REUSEADDR. */
static int
hold_udp (guint16 *port)
{
  struct sockaddr_in sa = { .sin_family = AF_INET };
  socklen_t len = sizeof sa;
  int fd = socket (AF_INET, SOCK_DGRAM, 0);

  g_assert_cmpint (fd, >=, 0);
  g_assert_cmpint (bind (fd, (struct sockaddr *) &sa, sizeof sa), ==, 0);
  g_assert_cmpint (getsockname (fd, (struct sockaddr *) &sa, &len), ==, 0);
  *port = ntohs (sa.sin_port);
  return fd;
}

static void
test_per_host (void)
{
  g_autoptr(WlPorts) ports = wl_ports_new ();
  guint16 held;
  int fd = hold_udp (&held);
  guint16 a, b, c, d, remote1, remote2;

  /* The held port is skipped on this machine. */
  a = wl_ports_take_udp (ports, WL_HOST_LOCAL, held, 0, TRUE);
  g_assert_cmpuint (a, !=, held);
  g_assert_cmpuint (a, >, held);
  b = wl_ports_take_udp (ports, WL_HOST_LOCAL, held, 0, TRUE);
  g_assert_cmpuint (b, !=, a);

  /* Another machine has its own pool: the same numbers are fine there, and
   * nothing local is bind-tested for it. */
  remote1 = wl_ports_take_udp (ports, "192.0.2.7", held, 0, FALSE);
  remote2 = wl_ports_take_udp (ports, "192.0.2.7", held, 0, FALSE);
  g_assert_cmpuint (remote1, ==, held);
  g_assert_cmpuint (remote2, ==, held + 1);

  /* A loopback alias is another host but the same kernel: it avoids the
   * ports of this machine's pools. */
  c = wl_ports_take_udp (ports, "127.0.0.2", held, 0, TRUE);
  g_assert_cmpuint (c, !=, held);
  g_assert_cmpuint (c, !=, a);
  g_assert_cmpuint (c, !=, b);
  d = wl_ports_take_udp (ports, WL_HOST_LOCAL, held, 0, TRUE);
  g_assert_cmpuint (d, !=, c);

  /* Released ports come back; forgotten ones never do. */
  wl_ports_release_udp (ports, WL_HOST_LOCAL, a, 0);
  g_assert_false (wl_ports_udp_in_use (ports, WL_HOST_LOCAL, a));
  g_assert_cmpuint (wl_ports_take_udp (ports, WL_HOST_LOCAL, held, 0, TRUE), ==, a);
  wl_ports_forget_udp (ports, "192.0.2.7", held + 2);
  g_assert_cmpuint (wl_ports_take_udp (ports, "192.0.2.7", held, 0, FALSE), ==, held + 3);

  close (fd);
}

/* VPCS binds p and p + 9: both must be free. */
static void
test_span (void)
{
  g_autoptr(WlPorts) ports = wl_ports_new ();
  guint16 held;
  int fd = hold_udp (&held);
  guint16 p;

  p = wl_ports_take_udp (ports, WL_HOST_LOCAL, held - 9, 9, TRUE);
  g_assert_cmpuint (p, !=, held - 9);
  g_assert_true (p + 9 != held && p != held);
  g_assert_true (wl_ports_udp_in_use (ports, WL_HOST_LOCAL, p + 9));
  wl_ports_release_udp (ports, WL_HOST_LOCAL, p, 9);
  g_assert_false (wl_ports_udp_in_use (ports, WL_HOST_LOCAL, p + 9));
  close (fd);
}

static void
test_consoles (void)
{
  g_autoptr(WlPorts) ports = wl_ports_new ();
  g_autoptr(GSocketListener) listener = g_socket_listener_new ();
  g_autoptr(GError) error = NULL;
  guint16 taken;

  g_assert_null (wl_ports_console_owner (ports, WL_HOST_LOCAL, 2101));
  wl_ports_claim_console (ports, WL_HOST_LOCAL, 2101, "node-1");
  g_assert_cmpstr (wl_ports_console_owner (ports, WL_HOST_LOCAL, 2101), ==, "node-1");
  g_assert_null (wl_ports_console_owner (ports, "127.0.0.2", 2101));
  wl_ports_release_console (ports, WL_HOST_LOCAL, 2101);
  g_assert_null (wl_ports_console_owner (ports, WL_HOST_LOCAL, 2101));

  taken = g_socket_listener_add_any_inet_port (listener, NULL, &error);
  g_assert_no_error (error);
  g_assert_false (wl_port_tcp_is_free (taken));
  g_socket_listener_close (listener);
  g_assert_true (wl_port_tcp_is_free (taken));
}

/* bind() of the IPv4 wildcard, optionally with SO_REUSEADDR (what GLib's
 * listeners and Wirelab's console bind test set). */
static gboolean
can_bind (int      type,
          guint16  port,
          gboolean reuse)
{
  struct sockaddr_in sa = { .sin_family = AF_INET, .sin_port = htons (port) };
  int one = 1;
  int fd = socket (AF_INET, type, 0);
  gboolean ok;

  g_assert_cmpint (fd, >=, 0);
  if (reuse)
    setsockopt (fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  ok = bind (fd, (struct sockaddr *) &sa, sizeof sa) == 0;
  close (fd);
  return ok;
}

/* A port handed out but not bound yet by its user is held: another
 * program (another Wirelab's bind test among them) finds it taken until
 * the hold ends. */
static void
test_holds (void)
{
  g_autoptr(WlPorts) ports = wl_ports_new ();
  guint16 held;
  int fd = hold_udp (&held);
  guint16 p, console;

  close (fd);
  p = wl_ports_take_udp (ports, WL_HOST_LOCAL, held, 9, TRUE);
  g_assert_cmpuint (p, !=, 0);
  g_assert_true (wl_ports_hold_udp (ports, p));
  g_assert_true (wl_ports_hold_udp (ports, p + 9));
  g_assert_true (wl_ports_holds_udp (ports, p));
  g_assert_false (can_bind (SOCK_DGRAM, p, FALSE));
  g_assert_false (can_bind (SOCK_DGRAM, p, TRUE));
  g_assert_false (wl_port_udp_is_free (p + 9));
  /* Held already: still TRUE. */
  g_assert_true (wl_ports_hold_udp (ports, p));

  /* Its user is about to bind it. */
  wl_ports_unhold_udp (ports, p);
  g_assert_false (wl_ports_holds_udp (ports, p));
  g_assert_true (can_bind (SOCK_DGRAM, p, FALSE));
  g_assert_true (wl_ports_udp_in_use (ports, WL_HOST_LOCAL, p));
  /* Releasing the port ends the other hold too. */
  wl_ports_release_udp (ports, WL_HOST_LOCAL, p, 9);
  g_assert_false (wl_ports_holds_udp (ports, p + 9));
  g_assert_true (can_bind (SOCK_DGRAM, p + 9, FALSE));

  /* A console port: a listener with SO_REUSEADDR cannot take it. */
  {
    g_autoptr(GSocketListener) listener = g_socket_listener_new ();
    g_autoptr(GError) error = NULL;

    console = g_socket_listener_add_any_inet_port (listener, NULL, &error);
    g_assert_no_error (error);
    g_assert_false (wl_ports_hold_tcp (ports, console));
    g_socket_listener_close (listener);
  }
  g_assert_true (wl_ports_hold_tcp (ports, console));
  wl_ports_claim_console (ports, WL_HOST_LOCAL, console, "node-1");
  g_assert_false (wl_port_tcp_is_free (console));
  g_assert_false (can_bind (SOCK_STREAM, console, TRUE));
  /* The same number on another host is another port. */
  wl_ports_claim_console (ports, "192.0.2.7", console, "node-2");
  wl_ports_release_console (ports, "192.0.2.7", console);
  g_assert_true (wl_ports_holds_tcp (ports, console));
  wl_ports_release_console (ports, WL_HOST_LOCAL, console);
  g_assert_false (wl_ports_holds_tcp (ports, console));
  g_assert_true (wl_port_tcp_is_free (console));

  /* What is still held goes with the allocator. */
  g_assert_true (wl_ports_hold_tcp (ports, console));
  g_clear_pointer (&ports, wl_ports_free);
  g_assert_true (can_bind (SOCK_STREAM, console, FALSE));
}

static void
on_resolved (GObject      *source,
             GAsyncResult *result,
             gpointer      data)
{
  *(GAsyncResult **) data = g_object_ref (result);
}

static WlHostInfo *
resolve_sync (const char *host)
{
  GAsyncResult *result = NULL;
  g_autoptr(GError) error = NULL;
  WlHostInfo *info;

  wl_host_resolve_async (host, NULL, on_resolved, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  info = wl_host_resolve_finish (result, &error);
  g_object_unref (result);
  g_assert_no_error (error);
  return info;
}

static void
test_host_identity (void)
{
  const char *local_names[] = { "localhost", "127.0.0.1", "LOCALHOST", NULL };
  g_autoptr(WlHostInfo) own = resolve_sync (g_get_host_name ());
  g_autoptr(WlHostInfo) alias = resolve_sync ("127.0.0.2");
  g_autoptr(WlHostInfo) other = resolve_sync ("192.0.2.1");

  for (guint i = 0; local_names[i] != NULL; i++)
    {
      g_autoptr(WlHostInfo) info = resolve_sync (local_names[i]);

      g_assert_cmpstr (info->key, ==, WL_HOST_LOCAL);
      g_assert_true (info->loopback);
      g_assert_cmpstr (info->ipv4, ==, "127.0.0.1");
    }
  g_assert_cmpstr (own->key, ==, WL_HOST_LOCAL);
  g_assert_cmpstr (alias->key, ==, "127.0.0.2");
  g_assert_true (alias->loopback);
  g_assert_cmpstr (other->key, ==, "192.0.2.1");
  g_assert_false (other->loopback);
}

static void
test_unresolvable (void)
{
  GAsyncResult *result = NULL;
  g_autoptr(GError) error = NULL;
  WlHostInfo *info;

  wl_host_resolve_async ("no-such-host.invalid", NULL, on_resolved, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  info = wl_host_resolve_finish (result, &error);
  g_object_unref (result);
  g_assert_null (info);
  g_assert_error (error, WIRELAB_LAB_ERROR, WIRELAB_LAB_ERROR_NOT_CONNECTED);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/lab/ports/per-host", test_per_host);
  g_test_add_func ("/lab/ports/span", test_span);
  g_test_add_func ("/lab/ports/consoles", test_consoles);
  g_test_add_func ("/lab/ports/holds", test_holds);
  g_test_add_func ("/lab/ports/host-identity", test_host_identity);
  g_test_add_func ("/lab/ports/unresolvable", test_unresolvable);

  return g_test_run ();
}
