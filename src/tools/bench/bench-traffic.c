/* bench-traffic.c: what the traffic benchmarks share (switch, route)
 *
 * Copyright 2026 The Wirelab authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#define G_LOG_DOMAIN "wirelab-bench"

#include "config.h"

#include <errno.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "bench-traffic.h"

#define BATCH 64

typedef struct
{
  /* in */
  int           fd;
  const guint8 *frame;
  guint         size;
  guint64       count;
  double        rate;          /* frames/s, 0: as fast as possible */
  /* out */
  guint64       sent;
  gint64        start_ns;
  gint64        end_ns;
} Sender;

typedef struct
{
  /* in */
  int             fd;
  gint            sender_done;   /* atomic */
  guint64         expected;
  gint64          quiet_ns;
  BenchAcceptFunc accept;
  /* out */
  guint64         received;
  gint64          last_ns;
} Receiver;

static gint64
now_ns (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_MONOTONIC, &ts);
  return (gint64) ts.tv_sec * 1000000000 + ts.tv_nsec;
}

static gpointer
sender_thread (gpointer data)
{
  Sender *s = data;
  struct mmsghdr msgs[BATCH];
  struct iovec iov = { .iov_base = (void *) s->frame, .iov_len = s->size };
  gint64 interval_ns = s->rate > 0 ? (gint64) (BATCH * 1e9 / s->rate) : 0;
  gint64 next;

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
          struct timespec ts = { .tv_sec = next / 1000000000, .tv_nsec = next % 1000000000 };

          while (clock_nanosleep (CLOCK_MONOTONIC, TIMER_ABSTIME, &ts, NULL) == EINTR)
            ;
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
          if (r->accept == NULL)
            r->received += n;
          else
            for (int i = 0; i < n; i++)
              r->received += r->accept (bufs[i], msgs[i].msg_len);
          r->last_ns = now_ns ();
          quiet_since = 0;
          continue;
        }
      /* Timed out: once the sender is done, a silence ends the run. */
      if (g_atomic_int_get (&r->sender_done))
        {
          gint64 t = now_ns ();

          if (quiet_since == 0)
            quiet_since = t;
          else if (t - quiet_since > r->quiet_ns)
            break;
        }
    }
  return NULL;
}

BenchResult
bench_measure (int              tx,
               int              rx,
               const guint8    *frame,
               guint            size,
               guint64          count,
               double           rate,
               guint            quiet_ms,
               BenchAcceptFunc  accept)
{
  Sender s = { .fd = tx, .frame = frame, .size = size, .count = count, .rate = rate };
  Receiver r = { .fd = rx, .expected = count, .quiet_ns = (gint64) quiet_ms * 1000000,
                 .accept = accept };
  GThread *rt = g_thread_new ("bench-rx", receiver_thread, &r);
  GThread *st = g_thread_new ("bench-tx", sender_thread, &s);
  BenchResult res = { 0 };

  g_thread_join (st);
  g_atomic_int_set (&r.sender_done, 1);
  g_thread_join (rt);

  res.sent = s.sent;
  res.received = r.received;
  res.offered_fps = s.sent / (MAX (s.end_ns - s.start_ns, 1) / 1e9);
  /* Forwarding rate: from the first frame sent to the last one out. */
  res.received_fps = r.received > 0 ? r.received / (MAX (r.last_ns - s.start_ns, 1) / 1e9) : 0;
  res.loss = s.sent > 0 ? 1.0 - (double) r.received / s.sent : 0;
  return res;
}

int
bench_udp_socket (const struct sockaddr_storage *local,
                  socklen_t                      len)
{
  int size = 8 * 1024 * 1024;
  int fd = socket (local->ss_family, SOCK_DGRAM | SOCK_CLOEXEC, 0);

  if (fd < 0 || bind (fd, (const struct sockaddr *) local, len) != 0)
    {
      if (fd >= 0)
        close (fd);
      return -1;
    }
  if (setsockopt (fd, SOL_SOCKET, SO_RCVBUFFORCE, &size, sizeof size) != 0)
    setsockopt (fd, SOL_SOCKET, SO_RCVBUF, &size, sizeof size);
  if (setsockopt (fd, SOL_SOCKET, SO_SNDBUFFORCE, &size, sizeof size) != 0)
    setsockopt (fd, SOL_SOCKET, SO_SNDBUF, &size, sizeof size);
  return fd;
}

guint16
bench_socket_port (int fd)
{
  struct sockaddr_storage ss;
  socklen_t len = sizeof ss;

  if (getsockname (fd, (struct sockaddr *) &ss, &len) != 0)
    return 0;
  return ntohs (ss.ss_family == AF_INET ? ((struct sockaddr_in *) &ss)->sin_port
                                        : ((struct sockaddr_in6 *) &ss)->sin6_port);
}

void
bench_set_port (struct sockaddr_storage *addr,
                guint16                  port)
{
  if (addr->ss_family == AF_INET)
    ((struct sockaddr_in *) addr)->sin_port = htons (port);
  else
    ((struct sockaddr_in6 *) addr)->sin6_port = htons (port);
}

static int
compare_double (const void *a,
                const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

double
bench_median (double *values,
              guint   n)
{
  qsort (values, n, sizeof (double), compare_double);
  return values[n / 2];
}

char *
bench_parse_host_port (const char *text,
                       guint16     default_port,
                       guint16    *port)
{
  const char *end = text[0] == '[' ? strchr (text, ']') : NULL;
  const char *colon;
  char *host;

  if (end != NULL)
    {
      host = g_strndup (text + 1, end - text - 1);
      colon = end[1] == ':' ? end + 1 : NULL;
    }
  else
    {
      /* A bare IPv6 address has colons but no port. */
      colon = strchr (text, ':');
      if (colon != NULL && strchr (colon + 1, ':') != NULL)
        colon = NULL;
      host = colon != NULL ? g_strndup (text, colon - text) : g_strdup (text);
    }
  *port = colon != NULL ? atoi (colon + 1) : default_port;
  return host;
}

typedef struct
{
  gboolean      done;
  WirelabReply *reply;
  GError       *error;
} Call;

static void
on_connect (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  Call *c = user_data;

  wirelab_client_connect_finish (WIRELAB_CLIENT (source), result, &c->error);
  c->done = TRUE;
}

gboolean
bench_connect (WirelabClient  *client,
               GError        **error)
{
  Call c = { 0 };

  wirelab_client_connect_async (client, NULL, on_connect, &c);
  while (!c.done)
    g_main_context_iteration (NULL, TRUE);
  if (c.error != NULL)
    {
      g_propagate_error (error, c.error);
      return FALSE;
    }
  return TRUE;
}

static void
on_call (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  Call *c = user_data;

  c->reply = wirelab_client_call_finish (WIRELAB_CLIENT (source), result, &c->error);
  c->done = TRUE;
}

WirelabReply *
bench_call (WirelabClient      *client,
            GError            **error,
            const char *const  *words)
{
  Call c = { 0 };

  wirelab_client_call_async (client, words, NULL, on_call, &c);
  while (!c.done)
    g_main_context_iteration (NULL, TRUE);
  if (c.error != NULL)
    g_propagate_error (error, c.error);
  return c.reply;
}
