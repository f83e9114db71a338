/* test-nio.c: the `nio` module through a real hypervisor process
 *
 * Copyright 2026 The Wirelab authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * Every command's success and error replies, the NIO types that need no
 * privileges (udp, udp_auto, unix, null, fifo), and the filters: freq_drop,
 * capture (read back with libpcap, and tshark when installed), loss,
 * corrupt and delay.
 */

#include "config.h"

#include <arpa/inet.h>
#include <pcap/pcap.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "net-test-util.h"

typedef struct
{
  HvProc *proc;
  int     hv;
} Fixture;

static void
fixture_setup (Fixture       *fx,
               gconstpointer  data)
{
  fx->proc = hv_proc_start (NULL);
  fx->hv = hv_connect (fx->proc->port);
}

static void
fixture_teardown (Fixture       *fx,
                  gconstpointer  data)
{
  close (fx->hv);
  hv_proc_stop (fx->proc);
  hv_proc_free (fx->proc);
}

/* Two UDP NIOs on a hub: what enters `a` leaves `b`. */
typedef struct
{
  Endpoint *a;
  Endpoint *b;
} Pair;

static void
pair_setup (Fixture *fx,
            Pair    *p)
{
  p->a = endpoint_new (fx->hv, "a");
  p->b = endpoint_new (fx->hv, "b");
  hv_ok (fx->hv, "nio_bridge create hub");
  hv_ok (fx->hv, "nio_bridge add_nio hub a");
  hv_ok (fx->hv, "nio_bridge add_nio hub b");
}

static void
pair_clear (Pair *p)
{
  g_clear_pointer (&p->a, endpoint_free);
  g_clear_pointer (&p->b, endpoint_free);
}

/* Sends `n` numbered frames into a; returns how many reached b (waiting up
 * to `quiet_ms` after the last one). */
static guint
pump (Pair   *p,
      guint   n,
      gsize   payload,
      guint   quiet_ms,
      GPtrArray *received)
{
  guint got = 0;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GBytes) f = make_frame (0xff, 1, 0x0800, payload, i);

      endpoint_send (p->a, g_bytes_get_data (f, NULL), g_bytes_get_size (f));
    }
  for (;;)
    {
      GBytes *f = endpoint_recv (p->b, quiet_ms);

      if (f == NULL)
        break;
      got++;
      if (received != NULL)
        g_ptr_array_add (received, f);
      else
        g_bytes_unref (f);
    }
  return got;
}

static void
test_udp (Fixture       *fx,
          gconstpointer  data)
{
  guint16 port = udp_free_port ();
  int held;
  Pair p = { 0 };

  pair_setup (fx, &p);

  /* A duplicate name is refused and the existing NIO keeps working. */
  {
    g_autofree char *r = hv_cmdf (fx->hv, "nio create_udp a %u 127.0.0.1 40000", port);

    g_assert_cmpstr (r, ==, "206-unable to create UDP NIO\r\n");
  }
  g_assert_cmpuint (pump (&p, 3, 50, 300, NULL), ==, 3);

  /* A local port another NIO of this hypervisor uses: refused, not shared. */
  {
    g_autofree char *r = hv_cmdf (fx->hv, "nio create_udp c %u 127.0.0.1 40001", p.a->nio_port);

    g_assert_cmpstr (r, ==, "206-unable to create UDP NIO\r\n");
  }
  /* A port another program holds. */
  held = udp_socket (0, 0);
  {
    g_autofree char *r = hv_cmdf (fx->hv, "nio create_udp c %u 127.0.0.1 40001", udp_local_port (held));

    g_assert_cmpstr (r, ==, "206-unable to create UDP NIO\r\n");
  }
  /* Garbage in: bad ports, a host that does not resolve. */
  hv_assert_cmd (fx->hv, "nio create_udp c 70000 127.0.0.1 40001", "206-unable to create UDP NIO\r\n");
  hv_assert_cmd (fx->hv, "nio create_udp c 0 127.0.0.1 port", "206-unable to create UDP NIO\r\n");
  hv_assert_cmd (fx->hv, "nio create_udp c 0 no.such.host.invalid 40001", "206-unable to create UDP NIO\r\n");
  hv_assert_cmd (fx->hv, "nio list", "101 a\r\n101 b\r\n100-OK\r\n");
  /* Port 0: the kernel picks. */
  hv_assert_cmd (fx->hv, "nio create_udp c 0 localhost 40001", "100-NIO 'c' created\r\n");
  hv_assert_cmd (fx->hv, "nio create_udp", "203-Bad number of parameters (0 with min/max=4/4)\r\n");

  /* Connected sockets: a stranger's datagrams are not heard. */
  {
    int stranger = udp_socket (0, p.a->nio_port);
    g_autoptr(GBytes) f = make_frame (0xff, 9, 0x0800, 50, 1);
    g_autoptr(GBytes) marker = make_frame (0xff, 8, 0x0800, 50, 2);
    g_autoptr(GBytes) got = NULL;

    g_assert_cmpint (send (stranger, g_bytes_get_data (f, NULL), g_bytes_get_size (f), 0), >, 0);
    endpoint_send (p.a, g_bytes_get_data (marker, NULL), g_bytes_get_size (marker));
    got = endpoint_recv (p.b, 10000);
    assert_bytes_eq (got, marker);
    close (stranger);
  }

  /* The port of a deleted NIO is free at once. */
  hv_ok (fx->hv, "nio_bridge remove_nio hub a");
  hv_assert_cmd (fx->hv, "nio delete a", "100-NIO 'a' deleted\r\n");
  hv_assert_cmd (fx->hv, "nio delete a", "207-unable to delete NIO 'a'\r\n");
  {
    g_autofree char *r = hv_cmdf (fx->hv, "nio create_udp a %u 127.0.0.1 %u", p.a->nio_port,
                                  udp_local_port (p.a->fd));

    g_assert_cmpstr (r, ==, "100-NIO 'a' created\r\n");
  }
  close (held);
  pair_clear (&p);
}

static void
test_udp_auto (Fixture       *fx,
               gconstpointer  data)
{
  int held = udp_socket (0, 0);
  guint16 base = udp_local_port (held);
  g_autofree char *r = NULL;
  int peer;

  /* The first port is held by another program: the next one is chosen. */
  r = hv_cmdf (fx->hv, "nio create_udp_auto auto1 127.0.0.1 %u %u", base, base + 5);
  g_assert_true (g_str_has_prefix (r, "100-"));
  g_assert_cmpuint (atoi (r + 4), >, base);
  g_assert_cmpuint (atoi (r + 4), <=, base + 5);
  {
    guint16 chosen = atoi (r + 4);
    g_autofree char *again = hv_cmdf (fx->hv, "nio create_udp_auto auto2 127.0.0.1 %u %u", chosen, chosen);

    /* Taken by auto1 now. */
    g_assert_cmpstr (again, ==, "206-unable to create UDP Auto NIO\r\n");

    peer = udp_socket (0, chosen);
    g_clear_pointer (&r, g_free);
    r = hv_cmdf (fx->hv, "nio connect_udp_auto auto1 127.0.0.1 %u", udp_local_port (peer));
    g_assert_cmpstr (r, ==, "100-NIO 'auto1' connected\r\n");
    g_clear_pointer (&r, g_free);
    r = hv_cmdf (fx->hv, "nio connect_udp_auto auto1 127.0.0.1 %u", udp_local_port (peer));
    g_assert_cmpstr (r, ==, "206-unable to connect NIO\r\n");
  }
  hv_assert_cmd (fx->hv, "nio connect_udp_auto nope 127.0.0.1 1", "208-unable to find object 'nope'\r\n");
  hv_assert_cmd (fx->hv, "nio create_null n", "100-NIO 'n' created\r\n");
  hv_assert_cmd (fx->hv, "nio connect_udp_auto n 127.0.0.1 1", "206-unable to connect NIO\r\n");
  hv_assert_cmd (fx->hv, "nio create_udp_auto x 127.0.0.1 9 8", "206-unable to create UDP Auto NIO\r\n");

  /* It carries frames like any UDP NIO. */
  {
    Endpoint *b = endpoint_new (fx->hv, "b");
    g_autoptr(GBytes) f = make_frame (0xff, 1, 0x0800, 50, 1);
    g_autoptr(GBytes) got = NULL;

    hv_ok (fx->hv, "nio_bridge create hub");
    hv_ok (fx->hv, "nio_bridge add_nio hub auto1");
    hv_ok (fx->hv, "nio_bridge add_nio hub b");
    g_assert_cmpint (send (peer, g_bytes_get_data (f, NULL), g_bytes_get_size (f), 0), >, 0);
    got = endpoint_recv (b, 10000);
    assert_bytes_eq (got, f);
    endpoint_free (b);
  }
  close (peer);
  close (held);
}

static int
unix_socket (const char *path)
{
  struct sockaddr_un sun = { .sun_family = AF_UNIX };
  int fd = socket (AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);

  g_strlcpy (sun.sun_path, path, sizeof sun.sun_path);
  g_assert_cmpint (bind (fd, (struct sockaddr *) &sun, sizeof sun), ==, 0);
  return fd;
}

static void
test_unix (Fixture       *fx,
           gconstpointer  data)
{
  g_autofree char *mine = g_build_filename (fx->proc->workdir, "test.sock", NULL);
  g_autofree char *theirs = g_build_filename (fx->proc->workdir, "nio.sock", NULL);
  Endpoint *b = endpoint_new (fx->hv, "b");
  g_autoptr(GBytes) f = make_frame (0xff, 1, 0x0800, 100, 1);
  g_autoptr(GBytes) back = make_frame (0xff, 2, 0x0800, 100, 2);
  struct sockaddr_un to = { .sun_family = AF_UNIX };
  guint8 buf[2048];
  int fd = unix_socket (mine);

  /* Relative paths resolve against the hypervisor's working directory. */
  hv_assert_cmd (fx->hv, "nio create_unix u nio.sock test.sock", "100-NIO 'u' created\r\n");
  g_assert_true (g_file_test (theirs, G_FILE_TEST_EXISTS));
  hv_assert_cmd (fx->hv, "nio create_unix u2 /nonexistent/dir/x.sock test.sock",
                 "206-unable to create UNIX NIO\r\n");
  /* A socket in use (u's, the test's) is never taken over: u keeps its
   * path and its traffic below. */
  hv_assert_cmd (fx->hv, "nio create_unix u3 nio.sock other.sock", "206-unable to create UNIX NIO\r\n");
  hv_assert_cmd (fx->hv, "nio create_unix u3 test.sock other.sock", "206-unable to create UNIX NIO\r\n");
  g_assert_true (g_file_test (theirs, G_FILE_TEST_EXISTS));
  hv_ok (fx->hv, "nio_bridge create hub");
  hv_ok (fx->hv, "nio_bridge add_nio hub u");
  hv_ok (fx->hv, "nio_bridge add_nio hub b");

  g_strlcpy (to.sun_path, theirs, sizeof to.sun_path);
  g_assert_cmpint (sendto (fd, g_bytes_get_data (f, NULL), g_bytes_get_size (f), 0,
                           (struct sockaddr *) &to, sizeof to), >, 0);
  {
    g_autoptr(GBytes) got = endpoint_recv (b, 10000);

    assert_bytes_eq (got, f);
  }
  endpoint_send (b, g_bytes_get_data (back, NULL), g_bytes_get_size (back));
  g_assert_cmpint (udp_recv (fd, buf, sizeof buf, 10000), ==, g_bytes_get_size (back));
  g_assert_cmpmem (buf, g_bytes_get_size (back), g_bytes_get_data (back, NULL), g_bytes_get_size (back));

  /* Deleting the NIO removes its socket file. */
  hv_ok (fx->hv, "nio_bridge remove_nio hub u");
  hv_ok (fx->hv, "nio delete u");
  g_assert_false (g_file_test (theirs, G_FILE_TEST_EXISTS));
  close (fd);

  /* A socket file nobody listens on any more (the test's, now closed) is
   * stale: it is replaced. */
  g_assert_true (g_file_test (mine, G_FILE_TEST_EXISTS));
  hv_assert_cmd (fx->hv, "nio create_unix u4 test.sock nio.sock", "100-NIO 'u4' created\r\n");
  hv_ok (fx->hv, "nio delete u4");
  g_assert_false (g_file_test (mine, G_FILE_TEST_EXISTS));
  endpoint_free (b);
}

static void
test_fifo_and_null (Fixture       *fx,
                    gconstpointer  data)
{
  Endpoint *x = endpoint_new (fx->hv, "x");
  Endpoint *y = endpoint_new (fx->hv, "y");
  g_autoptr(GBytes) f = make_frame (0xff, 1, 0x0800, 200, 1);
  g_autoptr(GBytes) back = make_frame (0xff, 2, 0x0800, 200, 2);

  /* x -hub1- f1 ==fifo== f2 -hub2- y */
  hv_assert_cmd (fx->hv, "nio create_fifo f1", "100-NIO 'f1' created\r\n");
  hv_assert_cmd (fx->hv, "nio create_fifo f2", "100-NIO 'f2' created\r\n");
  hv_assert_cmd (fx->hv, "nio create_fifo f2", "206-unable to create FIFO NIO\r\n");
  hv_assert_cmd (fx->hv, "nio crossconnect_fifo f1 f2", "100-OK\r\n");
  hv_assert_cmd (fx->hv, "nio crossconnect_fifo f1 nope", "208-unable to find object 'nope'\r\n");
  hv_assert_cmd (fx->hv, "nio crossconnect_fifo f1 x", "205-unable to crossconnect NIO 'f1' and 'x'\r\n");
  hv_ok (fx->hv, "nio_bridge create hub1");
  hv_ok (fx->hv, "nio_bridge create hub2");
  hv_ok (fx->hv, "nio_bridge add_nio hub1 x");
  hv_ok (fx->hv, "nio_bridge add_nio hub1 f1");
  hv_ok (fx->hv, "nio_bridge add_nio hub2 f2");
  hv_ok (fx->hv, "nio_bridge add_nio hub2 y");

  endpoint_send (x, g_bytes_get_data (f, NULL), g_bytes_get_size (f));
  {
    g_autoptr(GBytes) got = endpoint_recv (y, 10000);

    assert_bytes_eq (got, f);
  }
  endpoint_send (y, g_bytes_get_data (back, NULL), g_bytes_get_size (back));
  {
    g_autoptr(GBytes) got = endpoint_recv (x, 10000);

    assert_bytes_eq (got, back);
  }
  hv_assert_cmd_eventually (fx->hv, "nio get_stats f1", "100-1 1 214 214\r\n");

  /* Null: sent frames vanish (counted out), nothing comes in. */
  hv_assert_cmd (fx->hv, "nio create_null n", "100-NIO 'n' created\r\n");
  hv_assert_cmd (fx->hv, "nio create_null n", "206-unable to create Null NIO\r\n");
  hv_ok (fx->hv, "nio_bridge add_nio hub2 n");
  endpoint_send (x, g_bytes_get_data (f, NULL), g_bytes_get_size (f));
  {
    g_autoptr(GBytes) got = endpoint_recv (y, 10000);

    assert_bytes_eq (got, f);
  }
  hv_assert_cmd_eventually (fx->hv, "nio get_stats n", "100-0 1 0 214\r\n");

  /* Deleting one end of the pair: the other just loses its peer. */
  hv_ok (fx->hv, "nio_bridge remove_nio hub2 f2");
  hv_ok (fx->hv, "nio delete f2");
  endpoint_send (x, g_bytes_get_data (f, NULL), g_bytes_get_size (f));
  hv_assert_cmd (fx->hv, "nio list", "101 f1\r\n101 n\r\n101 x\r\n101 y\r\n100-OK\r\n");
  endpoint_free (x);
  endpoint_free (y);
}

static void
test_management (Fixture       *fx,
                 gconstpointer  data)
{
  Pair p = { 0 };

  pair_setup (fx, &p);
  g_assert_cmpuint (pump (&p, 4, 86, 300, NULL), ==, 4);
  hv_assert_cmd (fx->hv, "nio get_stats a", "100-4 0 400 0\r\n");
  hv_assert_cmd_eventually (fx->hv, "nio get_stats b", "100-0 4 0 400\r\n");
  hv_assert_cmd (fx->hv, "nio reset_stats a", "100-OK\r\n");
  hv_assert_cmd (fx->hv, "nio get_stats a", "100-0 0 0 0\r\n");
  hv_assert_cmd (fx->hv, "nio get_stats nope", "208-unable to find object 'nope'\r\n");
  hv_assert_cmd (fx->hv, "nio set_bandwidth a 10000", "100-OK\r\n");
  hv_assert_cmd (fx->hv, "nio set_debug a 0", "100-OK\r\n");
  hv_assert_cmd (fx->hv, "nio set_debug nope 1", "208-unable to find object 'nope'\r\n");

  hv_assert_cmd (fx->hv, "nio rename a b", "213-unable to rename NIO 'a', 'b' already exists\r\n");
  hv_assert_cmd (fx->hv, "nio rename nope z", "208-unable to find object 'nope'\r\n");
  hv_assert_cmd (fx->hv, "nio rename a a2", "100-NIO 'a' renamed to 'a2'\r\n");
  hv_assert_cmd (fx->hv, "nio list", "101 a2\r\n101 b\r\n100-OK\r\n");
  /* The renamed NIO keeps its binding and its traffic. */
  g_assert_cmpuint (pump (&p, 2, 50, 300, NULL), ==, 2);
  hv_assert_cmd (fx->hv, "nio delete a2", "207-unable to delete NIO 'a2'\r\n");

  /* reset deletes everything but the object store. */
  hv_ok (fx->hv, "object_store write keep a2VlcA==");
  hv_assert_cmd (fx->hv, "hypervisor reset", "100-OK\r\n");
  hv_assert_cmd (fx->hv, "nio list", "100-OK\r\n");
  hv_assert_cmd (fx->hv, "nio_bridge list", "100-OK\r\n");
  hv_assert_cmd (fx->hv, "object_store list", "101 keep (len=4)\r\n100-OK\r\n");
  pair_clear (&p);

  /* Ports are free again after the reset. */
  pair_setup (fx, &p);
  g_assert_cmpuint (pump (&p, 2, 50, 300, NULL), ==, 2);
  pair_clear (&p);
}

static void
test_hub (Fixture       *fx,
          gconstpointer  data)
{
  Endpoint *e[3];
  g_autoptr(GBytes) f = make_frame (5, 1, 0x0800, 50, 1);

  for (guint i = 0; i < 3; i++)
    {
      g_autofree char *name = g_strdup_printf ("h%u", i);

      e[i] = endpoint_new (fx->hv, name);
    }
  hv_assert_cmd (fx->hv, "nio_bridge create HUB1", "100-NIO bridge 'HUB1' created\r\n");
  hv_assert_cmd (fx->hv, "nio_bridge create HUB1", "206-unable to create NIO bridge 'HUB1'\r\n");
  hv_assert_cmd (fx->hv, "nio_bridge add_nio HUB1 h0", "100-NIO 'h0' bound.\r\n");
  hv_assert_cmd (fx->hv, "nio_bridge add_nio HUB1 h1", "100-NIO 'h1' bound.\r\n");
  hv_assert_cmd (fx->hv, "nio_bridge add_nio HUB1 h2", "100-NIO 'h2' bound.\r\n");
  hv_assert_cmd (fx->hv, "nio_bridge add_nio HUB1 h2", "205-unable to bind NIO 'h2' to bridge 'HUB1'\r\n");
  hv_assert_cmd (fx->hv, "nio_bridge add_nio HUB1 zz", "205-unable to bind NIO 'zz' to bridge 'HUB1'\r\n");
  hv_assert_cmd (fx->hv, "nio_bridge add_nio HUB9 h0", "208-unable to find object 'HUB9'\r\n");

  /* A hub repeats everything, even unicast, to every other member. */
  for (guint round = 0; round < 2; round++)
    {
      endpoint_send (e[0], g_bytes_get_data (f, NULL), g_bytes_get_size (f));
      for (guint i = 1; i < 3; i++)
        {
          g_autoptr(GBytes) got = endpoint_recv (e[i], 10000);

          assert_bytes_eq (got, f);
        }
      g_assert_true (endpoint_idle (e[0]));
    }

  hv_assert_cmd (fx->hv, "nio_bridge remove_nio HUB1 h2", "100-NIO 'h2' unbound.\r\n");
  hv_assert_cmd (fx->hv, "nio_bridge remove_nio HUB1 h2", "205-unable to bind NIO 'h2' to bridge 'HUB1'\r\n");
  hv_assert_cmd (fx->hv, "nio_bridge rename HUB1 HUB2", "100-NIO bridge 'HUB1' renamed to 'HUB2'\r\n");
  hv_assert_cmd (fx->hv, "nio_bridge list", "101 HUB2\r\n100-OK\r\n");
  hv_assert_cmd (fx->hv, "nio_bridge delete HUB2", "100-NIO bridge 'HUB2' deleted\r\n");
  hv_assert_cmd (fx->hv, "nio_bridge delete HUB2", "207-unable to delete NIO bridge 'HUB2'\r\n");
  hv_assert_cmd (fx->hv, "nio delete h0", "100-NIO 'h0' deleted\r\n");
  for (guint i = 0; i < 3; i++)
    endpoint_free (e[i]);
}

/* 64 members at most; a new one takes the lowest free slot, as in
 * Dynamips, and save_config lists them in slot order. */
static void
test_hub_slots (Fixture       *fx,
                gconstpointer  data)
{
  g_autofree char *path = g_build_filename (fx->proc->workdir, "hub.cfg", NULL);
  g_autofree char *text = NULL;
  Pair p = { 0 };

  hv_ok (fx->hv, "nio_bridge create H");
  for (guint i = 0; i < 65; i++)
    {
      hv_ok (fx->hv, "nio create_null n%u", i);
      if (i < 64)
        hv_ok (fx->hv, "nio_bridge add_nio H n%u", i);
    }
  hv_assert_cmd (fx->hv, "nio_bridge add_nio H n64", "205-unable to bind NIO 'n64' to bridge 'H'\r\n");
  hv_assert_cmd (fx->hv, "nio_bridge remove_nio H n10", "100-NIO 'n10' unbound.\r\n");
  hv_assert_cmd (fx->hv, "nio_bridge add_nio H n64", "100-NIO 'n64' bound.\r\n");
  hv_ok (fx->hv, "hypervisor save_config hub.cfg");
  g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
  g_assert_nonnull (strstr (text, "nio_bridge add_nio H n9\nnio_bridge add_nio H n64\n"
                                  "nio_bridge add_nio H n11\n"));
  g_assert_null (strstr (text, "add_nio H n10\n"));

  /* A full hub still forwards between its members, and deleting it frees
   * them all. */
  hv_ok (fx->hv, "nio_bridge delete H");
  hv_ok (fx->hv, "nio delete n64");
  pair_setup (fx, &p);
  for (guint i = 0; i < 62; i++)
    hv_ok (fx->hv, "nio_bridge add_nio hub n%u", i);
  hv_assert_cmd (fx->hv, "nio_bridge add_nio hub n62", "205-unable to bind NIO 'n62' to bridge 'hub'\r\n");
  g_assert_cmpuint (pump (&p, 3, 50, 300, NULL), ==, 3);
  hv_assert_cmd_eventually (fx->hv, "nio get_stats n61", "100-0 3 0 192\r\n");
  pair_clear (&p);
}

static void
test_filter_commands (Fixture       *fx,
                      gconstpointer  data)
{
  hv_ok (fx->hv, "nio create_null n");
  hv_assert_cmd (fx->hv, "nio bind_filter n 0 bogus", "208-Unknown filter bogus\r\n");
  hv_assert_cmd (fx->hv, "nio bind_filter nope 0 freq_drop", "208-unable to find object 'nope'\r\n");
  hv_assert_cmd (fx->hv, "nio bind_filter n 7 freq_drop",
                 "204-Invalid direction '7' (0 RX, 1 TX, 2 both)\r\n");
  hv_assert_cmd (fx->hv, "nio unbind_filter n 0", "208-No filter previously defined\r\n");
  hv_assert_cmd (fx->hv, "nio setup_filter n 0 2", "215-Failed to setup filter\r\n");
  hv_assert_cmd (fx->hv, "nio bind_filter n 0 freq_drop", "100-OK\r\n");
  hv_assert_cmd (fx->hv, "nio setup_filter n 0 x", "215-Failed to setup filter\r\n");
  hv_assert_cmd (fx->hv, "nio setup_filter n 0 2", "100-OK\r\n");
  hv_assert_cmd (fx->hv, "nio bind_filter n 1 capture", "100-OK\r\n");
  hv_assert_cmd (fx->hv, "nio setup_filter n 1 NO_SUCH_DLT x.pcap", "215-Failed to setup filter\r\n");
  hv_assert_cmd (fx->hv, "nio setup_filter n 1 EN10MB /nonexistent/dir/x.pcap", "215-Failed to setup filter\r\n");
  hv_assert_cmd (fx->hv, "nio setup_filter n 1 EN10MB", "215-Failed to setup filter\r\n");
  hv_assert_cmd (fx->hv, "nio bind_filter n 2 loss", "100-OK\r\n");
  hv_assert_cmd (fx->hv, "nio setup_filter n 2 101", "215-Failed to setup filter\r\n");
  hv_assert_cmd (fx->hv, "nio setup_filter n 2 12.5 42", "100-OK\r\n");
  hv_assert_cmd (fx->hv, "nio bind_filter n 2 delay", "100-OK\r\n");
  hv_assert_cmd (fx->hv, "nio setup_filter n 2 -5", "215-Failed to setup filter\r\n");
  hv_assert_cmd (fx->hv, "nio setup_filter n 2 10 5 7", "100-OK\r\n");
  hv_assert_cmd (fx->hv, "nio setup_filter n", "203-Bad number of parameters (1 with min/max=2/10)\r\n");
  hv_assert_cmd (fx->hv, "nio unbind_filter n 0", "100-OK\r\n");
  hv_assert_cmd (fx->hv, "nio unbind_filter n 0", "208-No filter previously defined\r\n");
  hv_assert_cmd (fx->hv, "nio unbind_filter n 1", "100-OK\r\n");
  hv_assert_cmd (fx->hv, "nio unbind_filter n 2", "100-OK\r\n");
  /* Deleting a NIO with filters bound frees them. */
  hv_assert_cmd (fx->hv, "nio bind_filter n 2 delay", "100-OK\r\n");
  hv_assert_cmd (fx->hv, "nio delete n", "100-NIO 'n' deleted\r\n");
}

static void
test_freq_drop (Fixture       *fx,
                gconstpointer  data)
{
  Pair p = { 0 };

  pair_setup (fx, &p);
  /* Tested on Dynamips: n = 2 on RX, 10 frames sent, 5 delivered. */
  hv_ok (fx->hv, "nio bind_filter a 0 freq_drop");
  hv_ok (fx->hv, "nio setup_filter a 0 2");
  g_assert_cmpuint (pump (&p, 10, 50, 300, NULL), ==, 5);
  /* Stats count after filters. */
  hv_assert_cmd (fx->hv, "nio get_stats a", "100-5 0 320 0\r\n");

  hv_ok (fx->hv, "nio setup_filter a 0 -1");
  g_assert_cmpuint (pump (&p, 10, 50, 300, NULL), ==, 0);
  hv_ok (fx->hv, "nio setup_filter a 0 0");
  g_assert_cmpuint (pump (&p, 10, 50, 300, NULL), ==, 10);

  /* On TX of b: every 3rd of what b sends is dropped. */
  hv_ok (fx->hv, "nio unbind_filter a 0");
  hv_ok (fx->hv, "nio bind_filter b 1 freq_drop");
  hv_ok (fx->hv, "nio setup_filter b 1 3");
  g_assert_cmpuint (pump (&p, 9, 50, 300, NULL), ==, 6);
  pair_clear (&p);
}

static void
test_loss_and_corrupt (Fixture       *fx,
                       gconstpointer  data)
{
  Pair p = { 0 };
  guint first, second;

  pair_setup (fx, &p);
  hv_ok (fx->hv, "nio bind_filter a 0 loss");
  hv_ok (fx->hv, "nio setup_filter a 0 0");
  g_assert_cmpuint (pump (&p, 200, 50, 300, NULL), ==, 200);
  hv_ok (fx->hv, "nio setup_filter a 0 100");
  g_assert_cmpuint (pump (&p, 200, 50, 300, NULL), ==, 0);

  /* A fixed seed gives the same losses every time. */
  hv_ok (fx->hv, "nio setup_filter a 0 30 1234");
  first = pump (&p, 1000, 50, 300, NULL);
  hv_ok (fx->hv, "nio setup_filter a 0 30 1234");
  second = pump (&p, 1000, 50, 300, NULL);
  g_test_message ("30%% loss kept %u and %u of 1000", first, second);
  g_assert_cmpuint (first, ==, second);
  g_assert_cmpuint (first, >, 600);
  g_assert_cmpuint (first, <, 800);
  hv_ok (fx->hv, "nio unbind_filter a 0");

  /* corrupt 100 on TX of b: every frame differs from the original by one bit. */
  hv_ok (fx->hv, "nio bind_filter b 1 corrupt");
  hv_ok (fx->hv, "nio setup_filter b 1 100 99");
  {
    g_autoptr(GPtrArray) got = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);

    g_assert_cmpuint (pump (&p, 50, 100, 300, got), ==, 50);
    for (guint i = 0; i < got->len; i++)
      {
        g_autoptr(GBytes) sent = make_frame (0xff, 1, 0x0800, 100, i);
        const guint8 *a = g_bytes_get_data (sent, NULL);
        const guint8 *b = g_bytes_get_data (g_ptr_array_index (got, i), NULL);
        guint bits = 0;

        g_assert_cmpuint (g_bytes_get_size (g_ptr_array_index (got, i)), ==, 114);
        for (guint j = 0; j < 114; j++)
          bits += __builtin_popcount (a[j] ^ b[j]);
        g_assert_cmpuint (bits, ==, 1);
      }
  }
  hv_ok (fx->hv, "nio setup_filter b 1 0");
  {
    g_autoptr(GPtrArray) got = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);

    g_assert_cmpuint (pump (&p, 5, 100, 300, got), ==, 5);
    for (guint i = 0; i < got->len; i++)
      {
        g_autoptr(GBytes) sent = make_frame (0xff, 1, 0x0800, 100, i);

        assert_bytes_eq (g_ptr_array_index (got, i), sent);
      }
  }
  pair_clear (&p);
}

static void
test_delay (Fixture       *fx,
            gconstpointer  data)
{
  Pair p = { 0 };
  gint64 start, first = 0;
  guint got = 0;

  pair_setup (fx, &p);
  hv_ok (fx->hv, "nio bind_filter a 0 delay");
  hv_ok (fx->hv, "nio setup_filter a 0 200 50 7");

  start = g_get_monotonic_time ();
  for (guint i = 0; i < 20; i++)
    {
      g_autoptr(GBytes) f = make_frame (0xff, 1, 0x0800, 50, i);

      endpoint_send (p.a, g_bytes_get_data (f, NULL), g_bytes_get_size (f));
    }
  /* All arrive, in order, and none before the delay. */
  for (guint i = 0; i < 20; i++)
    {
      g_autoptr(GBytes) f = endpoint_recv (p.b, 10000);
      g_autoptr(GBytes) sent = make_frame (0xff, 1, 0x0800, 50, i);

      assert_bytes_eq (f, sent);
      if (got++ == 0)
        first = g_get_monotonic_time () - start;
    }
  g_test_message ("first delayed frame after %" G_GINT64_FORMAT " ms", first / 1000);
  g_assert_cmpint (first, >=, 200 * 1000);

  /* Delay on TX, and unbinding with frames held frees them. */
  hv_ok (fx->hv, "nio unbind_filter a 0");
  hv_ok (fx->hv, "nio bind_filter b 1 delay");
  hv_ok (fx->hv, "nio setup_filter b 1 100");
  g_assert_cmpuint (pump (&p, 5, 50, 3000, NULL), ==, 5);
  hv_ok (fx->hv, "nio setup_filter b 1 5000");
  pump (&p, 5, 50, 50, NULL);
  hv_ok (fx->hv, "nio unbind_filter b 1");
  pair_clear (&p);
}

static void
check_pcap (const char *path,
            GPtrArray  *expected,
            int         linktype)
{
  char errbuf[PCAP_ERRBUF_SIZE];
  pcap_t *pcap = pcap_open_offline (path, errbuf);
  struct pcap_pkthdr *hdr;
  const u_char *data;
  guint n = 0;

  g_assert_nonnull (pcap);
  g_assert_cmpint (pcap_datalink (pcap), ==, linktype);
  g_assert_cmpint (pcap_snapshot (pcap), ==, 65535);
  while (pcap_next_ex (pcap, &hdr, &data) == 1)
    {
      GBytes *want;

      g_assert_cmpuint (n, <, expected->len);
      want = g_ptr_array_index (expected, n);
      g_assert_cmpuint (hdr->caplen, ==, hdr->len);
      g_assert_cmpmem (data, hdr->caplen, g_bytes_get_data (want, NULL), g_bytes_get_size (want));
      n++;
    }
  g_assert_cmpuint (n, ==, expected->len);
  pcap_close (pcap);
}

static void
test_capture (Fixture       *fx,
              gconstpointer  data)
{
  g_autofree char *path = g_build_filename (fx->proc->workdir, "cap", "a.pcap", NULL);
  g_autofree char *dir = g_path_get_dirname (path);
  g_autoptr(GPtrArray) expected = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  g_autofree char *tshark = g_find_program_in_path ("tshark");
  Pair p = { 0 };

  g_assert_cmpint (g_mkdir (dir, 0755), ==, 0);
  pair_setup (fx, &p);
  /* Both directions of `a` into one file, as GNS3 captures a link. */
  hv_ok (fx->hv, "nio bind_filter a 2 capture");
  hv_ok (fx->hv, "nio setup_filter a 2 DLT_EN10MB cap/a.pcap");

  /* Flushed per frame: each frame is in the file as soon as it passed. */
  for (guint i = 0; i < 5; i++)
    {
      g_autoptr(GBytes) in = make_frame (0xff, 1, 0x0800, 46 + i * 100, i);
      g_autoptr(GBytes) out = make_frame (0xff, 2, 0x86dd, 60 + i, 100 + i);
      g_autoptr(GBytes) got = NULL;

      endpoint_send (p.a, g_bytes_get_data (in, NULL), g_bytes_get_size (in));
      got = endpoint_recv (p.b, 10000);
      assert_bytes_eq (got, in);
      g_ptr_array_add (expected, g_bytes_ref (in));
      check_pcap (path, expected, DLT_EN10MB);

      endpoint_send (p.b, g_bytes_get_data (out, NULL), g_bytes_get_size (out));
      g_clear_pointer (&got, g_bytes_unref);
      got = endpoint_recv (p.a, 10000);
      assert_bytes_eq (got, out);
      g_ptr_array_add (expected, g_bytes_ref (out));
      check_pcap (path, expected, DLT_EN10MB);
    }

  if (tshark != NULL)
    {
      const char *argv[] = { tshark, "-r", path, "-T", "fields", "-e", "frame.len", "-e", "eth.src", NULL };
      g_autofree char *out = NULL;
      g_autoptr(GError) error = NULL;
      int status;
      g_auto(GStrv) lines = NULL;

      g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_STDERR_TO_DEV_NULL,
                                   NULL, NULL, &out, NULL, &status, &error));
      g_assert_no_error (error);
      g_assert_true (g_spawn_check_wait_status (status, NULL));
      lines = g_strsplit (g_strchomp (out), "\n", -1);
      g_assert_cmpuint (g_strv_length (lines), ==, 10);
      g_assert_cmpstr (lines[0], ==, "60\t02:00:00:00:00:01");
      g_assert_cmpstr (lines[1], ==, "74\t02:00:00:00:00:02");
      g_assert_cmpstr (lines[8], ==, "460\t02:00:00:00:00:01");
    }
  else
    g_test_message ("tshark not installed: checked with libpcap only");

  /* Another DLT by name, lower case, without the prefix; re-setup starts a
   * new file.  Unbinding stops the writes. */
  hv_ok (fx->hv, "nio setup_filter a 2 frelay cap/a.pcap");
  {
    g_autoptr(GPtrArray) none = g_ptr_array_new ();

    check_pcap (path, none, DLT_FRELAY);
  }
  hv_ok (fx->hv, "nio unbind_filter a 2");
  g_assert_cmpuint (pump (&p, 3, 50, 300, NULL), ==, 3);
  {
    g_autoptr(GPtrArray) none = g_ptr_array_new ();

    check_pcap (path, none, DLT_FRELAY);
  }
  pair_clear (&p);
}

static void
test_save_config (Fixture       *fx,
                  gconstpointer  data)
{
  g_autofree char *path = g_build_filename (fx->proc->workdir, "nio.cfg", NULL);
  g_autofree char *text = NULL;
  Pair p = { 0 };

  pair_setup (fx, &p);
  hv_ok (fx->hv, "nio create_fifo f1");
  hv_ok (fx->hv, "nio create_fifo f2");
  hv_ok (fx->hv, "nio crossconnect_fifo f1 f2");
  hv_ok (fx->hv, "nio create_null \"with space\"");
  hv_ok (fx->hv, "nio bind_filter a 0 freq_drop");
  hv_ok (fx->hv, "nio setup_filter a 0 3");
  hv_ok (fx->hv, "hypervisor save_config nio.cfg");
  g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
  g_assert_nonnull (strstr (text, "nio create_fifo f1\n"));
  g_assert_nonnull (strstr (text, "nio crossconnect_fifo f1 f2\n"));
  g_assert_nonnull (strstr (text, "nio create_null \"with space\"\n"));
  g_assert_nonnull (strstr (text, "nio bind_filter a 0 freq_drop\nnio setup_filter a 0 3\n"));
  g_assert_nonnull (strstr (text, "nio_bridge create hub\n"));
  g_assert_nonnull (strstr (text, "nio_bridge add_nio hub a\n"));

  /* Replayed after a reset, it rebuilds the same objects. */
  hv_ok (fx->hv, "hypervisor reset");
  {
    g_auto(GStrv) lines = g_strsplit (text, "\n", -1);

    for (guint i = 0; lines[i] != NULL; i++)
      if (lines[i][0] != '\0' && lines[i][0] != '#')
        hv_ok (fx->hv, "%s", lines[i]);
  }
  hv_assert_cmd (fx->hv, "nio list", "101 a\r\n101 b\r\n101 f1\r\n101 f2\r\n101 with space\r\n100-OK\r\n");
  g_assert_cmpuint (pump (&p, 9, 50, 300, NULL), ==, 6);
  pair_clear (&p);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add ("/net/nio/" path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("udp", test_udp);
  ADD ("udp-auto", test_udp_auto);
  ADD ("unix", test_unix);
  ADD ("fifo-and-null", test_fifo_and_null);
  ADD ("management", test_management);
  ADD ("hub", test_hub);
  ADD ("hub-slots", test_hub_slots);
  ADD ("filter-commands", test_filter_commands);
  ADD ("freq-drop", test_freq_drop);
  ADD ("loss-and-corrupt", test_loss_and_corrupt);
  ADD ("delay", test_delay);
  ADD ("capture", test_capture);
  ADD ("save-config", test_save_config);
#undef ADD

  return g_test_run ();
}
