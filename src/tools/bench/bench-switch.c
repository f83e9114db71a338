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
#include <errno.h>
#include <netdb.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "wirelab/wirelab.h"

#include "bench.h"

#define BATCH      64
#define QUIET_NS   (300 * 1000 * 1000)   /* receiver stops after this silence */

typedef struct
{
  /* in */
  int      fd;
  guint    size;
  guint64  count;
  double   rate;          /* frames/s, 0: as fast as possible */
  /* out */
  guint64  sent;
  gint64   start_ns;
  gint64   end_ns;
} Sender;

typedef struct
{
  /* in */
  int      fd;
  gint     sender_done;   /* atomic */
  guint64  expected;
  /* out */
  guint64  received;
  guint64  bytes;
  gint64   first_ns;
  gint64   last_ns;
} Receiver;

typedef struct
{
  double offered_fps;
  double received_fps;
  double loss;
  guint64 sent;
  guint64 received;
} Result;

static gint64
now_ns (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_MONOTONIC, &ts);
  return (gint64) ts.tv_sec * 1000000000 + ts.tv_nsec;
}

static void
sleep_until_ns (gint64 t)
{
  struct timespec ts = { .tv_sec = t / 1000000000, .tv_nsec = t % 1000000000 };

  while (clock_nanosleep (CLOCK_MONOTONIC, TIMER_ABSTIME, &ts, NULL) == EINTR)
    ;
}

static void
big_buffers (int fd)
{
  int size = 8 * 1024 * 1024;

  if (setsockopt (fd, SOL_SOCKET, SO_RCVBUFFORCE, &size, sizeof size) != 0)
    setsockopt (fd, SOL_SOCKET, SO_RCVBUF, &size, sizeof size);
  if (setsockopt (fd, SOL_SOCKET, SO_SNDBUFFORCE, &size, sizeof size) != 0)
    setsockopt (fd, SOL_SOCKET, SO_SNDBUF, &size, sizeof size);
}

static int
udp_bound (const struct sockaddr_storage *local,
           socklen_t                      len)
{
  int fd = socket (local->ss_family, SOCK_DGRAM | SOCK_CLOEXEC, 0);

  if (fd < 0 || bind (fd, (const struct sockaddr *) local, len) != 0)
    {
      if (fd >= 0)
        close (fd);
      return -1;
    }
  big_buffers (fd);
  return fd;
}

static guint16
bound_port (int fd)
{
  struct sockaddr_storage ss;
  socklen_t len = sizeof ss;

  getsockname (fd, (struct sockaddr *) &ss, &len);
  return ntohs (ss.ss_family == AF_INET ? ((struct sockaddr_in *) &ss)->sin_port
                                        : ((struct sockaddr_in6 *) &ss)->sin6_port);
}

static void
set_port (struct sockaddr_storage *ss,
          guint16                  port)
{
  if (ss->ss_family == AF_INET)
    ((struct sockaddr_in *) ss)->sin_port = htons (port);
  else
    ((struct sockaddr_in6 *) ss)->sin6_port = htons (port);
}

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

static gpointer
sender_thread (gpointer data)
{
  Sender *s = data;
  g_autofree guint8 *frame = g_malloc (s->size);
  struct mmsghdr msgs[BATCH];
  struct iovec iov;
  gint64 interval_ns = s->rate > 0 ? (gint64) (BATCH * 1e9 / s->rate) : 0;
  gint64 next;

  build_frame (frame, s->size);
  iov.iov_base = frame;
  iov.iov_len = s->size;
  memset (msgs, 0, sizeof msgs);
  for (guint i = 0; i < BATCH; i++)
    {
      msgs[i].msg_hdr.msg_iov = &iov;
      msgs[i].msg_hdr.msg_iovlen = 1;
    }

  s->start_ns = next = now_ns ();
  while (s->sent < s->count)
    {
      guint n = MIN (BATCH, s->count - s->sent);
      int r;

      if (interval_ns > 0)
        {
          sleep_until_ns (next);
          next += interval_ns;
        }
      r = sendmmsg (s->fd, msgs, n, 0);
      if (r > 0)
        s->sent += r;
      else if (errno != EINTR && errno != ENOBUFS && errno != EAGAIN && errno != ECONNREFUSED)
        {
          g_printerr ("wirelab-bench: sendmmsg: %s\n", g_strerror (errno));
          break;
        }
    }
  s->end_ns = now_ns ();
  return NULL;
}

static gpointer
receiver_thread (gpointer data)
{
  Receiver *r = data;
  static __thread guint8 bufs[BATCH][2048];
  struct mmsghdr msgs[BATCH];
  struct iovec iov[BATCH];
  struct timeval tv = { .tv_usec = 50000 };
  gint64 quiet_since = 0;

  setsockopt (r->fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  memset (msgs, 0, sizeof msgs);
  for (guint i = 0; i < BATCH; i++)
    {
      iov[i].iov_base = bufs[i];
      iov[i].iov_len = sizeof bufs[i];
      msgs[i].msg_hdr.msg_iov = &iov[i];
      msgs[i].msg_hdr.msg_iovlen = 1;
    }

  while (r->received < r->expected)
    {
      int n = recvmmsg (r->fd, msgs, BATCH, MSG_WAITFORONE, NULL);

      if (n > 0)
        {
          gint64 t = now_ns ();

          if (r->received == 0)
            r->first_ns = t;
          r->last_ns = t;
          r->received += n;
          for (int i = 0; i < n; i++)
            r->bytes += msgs[i].msg_len;
          quiet_since = 0;
          continue;
        }
      /* Timed out: once the sender is done, a silence ends the run. */
      if (g_atomic_int_get (&r->sender_done))
        {
          gint64 t = now_ns ();

          if (quiet_since == 0)
            quiet_since = t;
          else if (t - quiet_since > QUIET_NS)
            break;
        }
    }
  return NULL;
}

/* One measurement: `tx` sends into the path, `rx` reads its far end. */
static Result
measure (int      tx,
         int      rx,
         guint    size,
         guint64  count,
         double   rate)
{
  Sender s = { .fd = tx, .size = size, .count = count, .rate = rate };
  Receiver r = { .fd = rx, .expected = count };
  GThread *rt = g_thread_new ("bench-rx", receiver_thread, &r);
  GThread *st = g_thread_new ("bench-tx", sender_thread, &s);
  Result res = { 0 };
  double send_s, recv_s;

  g_thread_join (st);
  g_atomic_int_set (&r.sender_done, 1);
  g_thread_join (rt);

  send_s = MAX (s.end_ns - s.start_ns, 1) / 1e9;
  /* Forwarding rate: from the first frame sent to the last one out. */
  recv_s = MAX (r.last_ns - s.start_ns, 1) / 1e9;
  res.sent = s.sent;
  res.received = r.received;
  res.offered_fps = s.sent / send_s;
  res.received_fps = r.received > 0 ? r.received / recv_s : 0;
  res.loss = s.sent > 0 ? 1.0 - (double) r.received / s.sent : 0;
  return res;
}

/* Synchronous protocol calls over the async client. */

typedef struct
{
  gboolean      done;
  WirelabReply *reply;
  GError       *error;
} Call;

static void
on_call (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  Call *c = user_data;

  c->reply = wirelab_client_call_finish (WIRELAB_CLIENT (source), result, &c->error);
  c->done = TRUE;
}

static void
on_connect (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  Call *c = user_data;

  wirelab_client_connect_finish (WIRELAB_CLIENT (source), result, &c->error);
  c->done = TRUE;
}

static WirelabReply *
call (WirelabClient  *client,
      GError        **error,
      const char     *first,
      ...)
{
  g_autoptr(GPtrArray) words = g_ptr_array_new ();
  Call c = { 0 };
  const char *w;
  va_list args;

  va_start (args, first);
  for (w = first; w != NULL; w = va_arg (args, const char *))
    g_ptr_array_add (words, (gpointer) w);
  va_end (args);
  g_ptr_array_add (words, NULL);

  wirelab_client_call_async (client, (const char *const *) words->pdata, NULL, on_call, &c);
  while (!c.done)
    g_main_context_iteration (NULL, TRUE);
  if (c.error != NULL)
    g_propagate_error (error, c.error);
  return c.reply;
}

static gboolean
call_ok (WirelabClient  *client,
         GError        **error,
         const char     *first,
         ...)
{
  g_autoptr(GPtrArray) words = g_ptr_array_new ();
  Call c = { 0 };
  const char *w;
  va_list args;

  va_start (args, first);
  for (w = first; w != NULL; w = va_arg (args, const char *))
    g_ptr_array_add (words, (gpointer) w);
  va_end (args);
  g_ptr_array_add (words, NULL);

  wirelab_client_call_async (client, (const char *const *) words->pdata, NULL, on_call, &c);
  while (!c.done)
    g_main_context_iteration (NULL, TRUE);
  g_clear_pointer (&c.reply, wirelab_reply_unref);
  if (c.error != NULL)
    {
      g_propagate_error (error, c.error);
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
  set_port (local, 0);
  return ok;
}

static void
print_result (const char   *what,
              const Result *r)
{
  printf ("  %-22s offered %9.0f frames/s, %s %9.0f frames/s, loss %6.2f%% (%" G_GUINT64_FORMAT
          "/%" G_GUINT64_FORMAT ")\n",
          what, r->offered_fps, g_str_has_prefix (what, "direct") ? "received " : "forwarded",
          r->received_fps, r->loss * 100.0, r->received, r->sent);
}

static int
compare_double (const void *a,
                const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
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
  g_autofree char *sw = g_strdup_printf ("bench_sw_%d", getpid ());
  g_autofree char *nio_a = g_strdup_printf ("bench_a_%d", getpid ());
  g_autofree char *nio_b = g_strdup_printf ("bench_b_%d", getpid ());
  gint size = 64, runs = 3;
  gint64 count = 200000;
  double rate = 0;
  guint16 port = 7200;
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
  if (host_port == NULL)
    host_port = g_strdup ("127.0.0.1:7200");
  {
    const char *colon = strrchr (host_port, ':');

    if (colon == NULL)
      host = g_strdup (host_port);
    else
      {
        host = g_strndup (host_port, colon - host_port);
        port = atoi (colon + 1);
      }
    if (host[0] == '[')
      {
        char *inner = g_strndup (host + 1, strlen (host) - 2);

        g_free (host);
        host = inner;
      }
  }

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
  {
    Call c = { 0 };

    wirelab_client_connect_async (client, NULL, on_connect, &c);
    while (!c.done)
      g_main_context_iteration (NULL, TRUE);
    if (c.error != NULL)
      {
        fprintf (stderr, "wirelab-bench switch: %s:%u: %s\n", host, port, c.error->message);
        g_error_free (c.error);
        return 1;
      }
  }
  version = call (client, &error, "hypervisor", "version", NULL);
  if (version == NULL)
    goto out;

  /* Our four sockets: tx/rx on the switch's ports, dtx/drx for direct. */
  tx = udp_bound (&local, local_len);
  rx = udp_bound (&local, local_len);
  dtx = udp_bound (&local, local_len);
  drx = udp_bound (&local, local_len);
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
    g_snprintf (tx_port, sizeof tx_port, "%u", bound_port (tx));
    g_snprintf (rx_port, sizeof rx_port, "%u", bound_port (rx));

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
    set_port (&addr, atoi (wirelab_reply_get_text (ra)));
    connect (tx, (struct sockaddr *) &addr, hv_len);
    set_port (&addr, atoi (wirelab_reply_get_text (rb)));
    connect (rx, (struct sockaddr *) &addr, hv_len);
  }
  /* Direct: dtx -> drx. */
  addr = local;
  set_port (&addr, bound_port (drx));
  connect (dtx, (struct sockaddr *) &addr, local_len);
  addr = local;
  set_port (&addr, bound_port (dtx));
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
  for (gint i = 0; i < runs; i++)
    {
      Result direct, through;

      printf ("run %d:\n", i + 1);
      direct = measure (dtx, drx, size, count, rate);
      print_result ("direct socket->socket", &direct);
      g_usleep (200000);
      through = measure (tx, rx, size, count, rate);
      print_result ("through ethsw", &through);
      direct_fps[i] = direct.received_fps;
      switch_fps[i] = through.received_fps;
      ratios[i] = direct.received_fps > 0 ? through.received_fps / direct.received_fps : 0;
      printf ("  ratio to direct: %.0f%%\n", ratios[i] * 100);
      fflush (stdout);
      g_usleep (200000);
    }
  qsort (direct_fps, runs, sizeof (double), compare_double);
  qsort (switch_fps, runs, sizeof (double), compare_double);
  qsort (ratios, runs, sizeof (double), compare_double);
  printf ("median of %d: direct %.0f frames/s, through ethsw %.0f frames/s (%.1f Mbit/s), ratio %.0f%%\n",
          runs, direct_fps[runs / 2], switch_fps[runs / 2],
          switch_fps[runs / 2] * size * 8 / 1e6, ratios[runs / 2] * 100);
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
