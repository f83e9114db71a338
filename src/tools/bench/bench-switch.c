/* bench-switch.c: wirelab-bench switch, frames/s through an ethsw vs. direct
 *
 * Copyright 2026 The Wirelab authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * Builds an Ethernet switch with two UDP NIOs on any Dynamips-protocol
 * hypervisor (Wirelab's or a real Dynamips) through WirelabClient, sends
 * frames into one port with sendmmsg and counts what comes out of the other.
 * In the same run the same sender goes straight from socket to socket: the
 * machine's limit.  Prints frames/s, loss and the ratio; asserts nothing.
 */

#define G_LOG_DOMAIN "wirelab-bench"

#include "config.h"

#include <arpa/inet.h>
#include <netdb.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "wirelab/wirelab.h"

#include "bench.h"
#include "bench-traffic.h"

#define QUIET_MS 300   /* the receiver stops after this silence */

/* The frame: unicast to the MAC learned on the receiving port. */
static void
build_frame (guint8 *frame,
             guint   size)
{
  static const guint8 dst[6] = { 0x02, 0, 0, 0, 0, 0x02 };
  static const guint8 src[6] = { 0x02, 0, 0, 0, 0, 0x01 };

  memset (frame, 0, size);
  memcpy (frame, dst, 6);
  memcpy (frame + 6, src, 6);
  frame[12] = 0x08;
  frame[13] = 0x00;
  for (guint i = 14; i < size; i++)
    frame[i] = i;
}

static WirelabReply *
call_va (WirelabClient  *client,
         GError        **error,
         const char     *first,
         va_list         args)
{
  g_autoptr(GPtrArray) words = g_ptr_array_new ();

  for (const char *w = first; w != NULL; w = va_arg (args, const char *))
    g_ptr_array_add (words, (gpointer) w);
  g_ptr_array_add (words, NULL);
  return bench_call (client, error, (const char *const *) words->pdata);
}

static WirelabReply *
call (WirelabClient  *client,
      GError        **error,
      const char     *first,
      ...)
{
  WirelabReply *reply;
  va_list args;

  va_start (args, first);
  reply = call_va (client, error, first, args);
  va_end (args);
  return reply;
}

static gboolean
call_ok (WirelabClient  *client,
         GError        **error,
         const char     *first,
         ...)
{
  g_autoptr(GError) local_error = NULL;
  WirelabReply *reply;
  va_list args;

  va_start (args, first);
  reply = call_va (client, &local_error, first, args);
  va_end (args);
  g_clear_pointer (&reply, wirelab_reply_unref);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  return TRUE;
}

/* Our address as the hypervisor sees us: the source of a route to it. */
static gboolean
local_address_towards (const struct sockaddr_storage *hv,
                       socklen_t                      len,
                       struct sockaddr_storage       *local,
                       socklen_t                     *local_len)
{
  int fd = socket (hv->ss_family, SOCK_DGRAM | SOCK_CLOEXEC, 0);
  gboolean ok;

  *local_len = sizeof *local;
  ok = fd >= 0 && connect (fd, (const struct sockaddr *) hv, len) == 0 &&
       getsockname (fd, (struct sockaddr *) local, local_len) == 0;
  if (fd >= 0)
    close (fd);
  bench_set_port (local, 0);
  return ok;
}

static void
print_result (const char        *what,
              const BenchResult *r)
{
  printf ("  %-22s offered %9.0f frames/s, %s %9.0f frames/s, loss %6.2f%% (%" G_GUINT64_FORMAT
          "/%" G_GUINT64_FORMAT ")\n",
          what, r->offered_fps, g_str_has_prefix (what, "direct") ? "received " : "forwarded",
          r->received_fps, r->loss * 100.0, r->received, r->sent);
}

int
bench_switch (int    argc,
              char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(WirelabClient) client = NULL;
  g_autoptr(WirelabReply) version = NULL;
  g_autofree char *host_port = NULL;
  g_autofree char *host = NULL;
  g_autofree guint8 *frame = NULL;
  g_autofree char *sw = g_strdup_printf ("bench_sw_%d", getpid ());
  g_autofree char *nio_a = g_strdup_printf ("bench_a_%d", getpid ());
  g_autofree char *nio_b = g_strdup_printf ("bench_b_%d", getpid ());
  gint size = 64, runs = 3;
  gint64 count = 200000;
  double rate = 0;
  guint16 port;
  struct addrinfo hints = { .ai_socktype = SOCK_DGRAM }, *ai = NULL;
  struct sockaddr_storage hv_addr, local, addr;
  socklen_t hv_len, local_len;
  int tx = -1, rx = -1, dtx = -1, drx = -1;
  double direct_fps[16], switch_fps[16], ratios[16];
  gboolean ok = FALSE;
  const GOptionEntry entries[] = {
    { "hypervisor", 0, 0, G_OPTION_ARG_STRING, &host_port, "Hypervisor to test (default 127.0.0.1:7200)", "HOST:PORT" },
    { "size", 0, 0, G_OPTION_ARG_INT, &size, "Frame size in bytes (default 64)", "B" },
    { "rate", 0, 0, G_OPTION_ARG_DOUBLE, &rate, "Offered frames/s (default: as fast as possible)", "R" },
    { "count", 0, 0, G_OPTION_ARG_INT64, &count, "Frames per run (default 200000)", "N" },
    { "runs", 0, 0, G_OPTION_ARG_INT, &runs, "Runs of each measurement (default 3)", "N" },
    { NULL }
  };

  context = g_option_context_new ("- frames/s through an Ethernet switch");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      fprintf (stderr, "wirelab-bench switch: %s\n", error->message);
      return 2;
    }
  if (size < 14 || size > 1514 || count <= 0 || runs < 1 || runs > 16 || rate < 0)
    {
      fprintf (stderr, "wirelab-bench switch: --size 14..1514, --count > 0, --runs 1..16\n");
      return 2;
    }
  host = bench_parse_host_port (host_port != NULL ? host_port : "127.0.0.1", 7200, &port);

  /* The hypervisor's address, and ours as it sees us. */
  if (getaddrinfo (host, NULL, &hints, &ai) != 0 || ai == NULL)
    {
      fprintf (stderr, "wirelab-bench switch: cannot resolve %s\n", host);
      return 1;
    }
  memcpy (&hv_addr, ai->ai_addr, ai->ai_addrlen);
  hv_len = ai->ai_addrlen;
  freeaddrinfo (ai);
  if (!local_address_towards (&hv_addr, hv_len, &local, &local_len))
    {
      fprintf (stderr, "wirelab-bench switch: no route to %s\n", host);
      return 1;
    }

  client = wirelab_client_new (host, port);
  if (!bench_connect (client, &error))
    {
      fprintf (stderr, "wirelab-bench switch: %s:%u: %s\n", host, port, error->message);
      return 1;
    }
  version = call (client, &error, "hypervisor", "version", NULL);
  if (version == NULL)
    goto out;

  /* Our four sockets: tx/rx on the switch's ports, dtx/drx for direct. */
  tx = bench_udp_socket (&local, local_len);
  rx = bench_udp_socket (&local, local_len);
  dtx = bench_udp_socket (&local, local_len);
  drx = bench_udp_socket (&local, local_len);
  if (tx < 0 || rx < 0 || dtx < 0 || drx < 0)
    {
      fprintf (stderr, "wirelab-bench switch: cannot bind local UDP sockets\n");
      goto out;
    }

  /* The switch: create_udp_auto + connect_udp_auto work on any hypervisor
   * host (Dynamips has them too). */
  {
    char local_ip[INET6_ADDRSTRLEN];
    char tx_port[8], rx_port[8];
    g_autoptr(WirelabReply) ra = NULL;
    g_autoptr(WirelabReply) rb = NULL;
    const char *bind_any = hv_addr.ss_family == AF_INET6 ? "::" : "0.0.0.0";

    getnameinfo ((struct sockaddr *) &local, local_len, local_ip, sizeof local_ip, NULL, 0, NI_NUMERICHOST);
    g_snprintf (tx_port, sizeof tx_port, "%u", bench_socket_port (tx));
    g_snprintf (rx_port, sizeof rx_port, "%u", bench_socket_port (rx));

    if (!call_ok (client, &error, "ethsw", "create", sw, NULL))
      goto out;
    ra = call (client, &error, "nio", "create_udp_auto", nio_a, bind_any, "20000", "40000", NULL);
    if (ra == NULL)
      goto out;
    rb = call (client, &error, "nio", "create_udp_auto", nio_b, bind_any, "20000", "40000", NULL);
    if (rb == NULL)
      goto out;
    if (!call_ok (client, &error, "nio", "connect_udp_auto", nio_a, local_ip, tx_port, NULL) ||
        !call_ok (client, &error, "nio", "connect_udp_auto", nio_b, local_ip, rx_port, NULL) ||
        !call_ok (client, &error, "ethsw", "add_nio", sw, nio_a, NULL) ||
        !call_ok (client, &error, "ethsw", "add_nio", sw, nio_b, NULL) ||
        !call_ok (client, &error, "ethsw", "set_access_port", sw, nio_a, "10", NULL) ||
        !call_ok (client, &error, "ethsw", "set_access_port", sw, nio_b, "10", NULL))
      goto out;

    addr = hv_addr;
    bench_set_port (&addr, atoi (wirelab_reply_get_text (ra)));
    connect (tx, (struct sockaddr *) &addr, hv_len);
    bench_set_port (&addr, atoi (wirelab_reply_get_text (rb)));
    connect (rx, (struct sockaddr *) &addr, hv_len);
  }
  /* Direct: dtx -> drx. */
  addr = local;
  bench_set_port (&addr, bench_socket_port (drx));
  connect (dtx, (struct sockaddr *) &addr, local_len);
  addr = local;
  bench_set_port (&addr, bench_socket_port (dtx));
  connect (drx, (struct sockaddr *) &addr, local_len);

  /* Teach the switch where 02:00:00:00:00:02 is: the flow is known unicast. */
  {
    guint8 learn[64] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x02, 0, 0, 0, 0, 0x02, 0x08, 0x00 };
    guint8 buf[2048];
    struct timeval tv = { .tv_sec = 1 };

    send (rx, learn, sizeof learn, 0);
    setsockopt (tx, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    if (recv (tx, buf, sizeof buf, 0) < 0)
      fprintf (stderr, "wirelab-bench switch: warning: the learning frame did not come through\n");
  }

  {
    g_autofree char *offered = rate > 0 ? g_strdup_printf ("offered %.0f frames/s", rate)
                                        : g_strdup ("as fast as possible");

    printf ("wirelab-bench switch: %s:%u (%s), %d-byte frames, %" G_GINT64_FORMAT " frames per run, %s\n",
            host, port, wirelab_reply_get_text (version), size, count, offered);
  }
  frame = g_malloc (size);
  build_frame (frame, size);
  for (gint i = 0; i < runs; i++)
    {
      BenchResult direct, through;

      printf ("run %d:\n", i + 1);
      direct = bench_measure (dtx, drx, frame, size, count, rate, QUIET_MS, NULL);
      print_result ("direct socket->socket", &direct);
      g_usleep (200000);
      through = bench_measure (tx, rx, frame, size, count, rate, QUIET_MS, NULL);
      print_result ("through ethsw", &through);
      direct_fps[i] = direct.received_fps;
      switch_fps[i] = through.received_fps;
      ratios[i] = direct.received_fps > 0 ? through.received_fps / direct.received_fps : 0;
      printf ("  ratio to direct: %.0f%%\n", ratios[i] * 100);
      fflush (stdout);
      g_usleep (200000);
    }
  {
    double through = bench_median (switch_fps, runs);

    printf ("median of %d: direct %.0f frames/s, through ethsw %.0f frames/s (%.1f Mbit/s), ratio %.0f%%\n",
            runs, bench_median (direct_fps, runs), through, through * size * 8 / 1e6,
            bench_median (ratios, runs) * 100);
  }
  {
    g_autoptr(WirelabReply) sa = call (client, NULL, "nio", "get_stats", nio_a, NULL);
    g_autoptr(WirelabReply) sb = call (client, NULL, "nio", "get_stats", nio_b, NULL);

    if (sa != NULL && sb != NULL)
      printf ("hypervisor counters (in out bytes_in bytes_out): A %s, B %s\n",
              wirelab_reply_get_text (sa), wirelab_reply_get_text (sb));
  }
  ok = TRUE;

out:
  if (error != NULL)
    fprintf (stderr, "wirelab-bench switch: %s\n", error->message);
  /* Leave the hypervisor as it was. */
  if (wirelab_client_is_connected (client))
    {
      call_ok (client, NULL, "ethsw", "delete", sw, NULL);
      call_ok (client, NULL, "nio", "delete", nio_a, NULL);
      call_ok (client, NULL, "nio", "delete", nio_b, NULL);
    }
  {
    int fds[] = { tx, rx, dtx, drx };

    for (guint i = 0; i < G_N_ELEMENTS (fds); i++)
      if (fds[i] >= 0)
        close (fds[i]);
  }
  return ok ? 0 : 1;
}
