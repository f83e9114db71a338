/* bench-route.c: wirelab-bench route, frames/s routed through one router
 *
 * Copyright 2026 The Wirelab authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * Boots the default router image (wirelab-router.elf) with two interfaces
 * on a hypervisor (an in-process one by default, or any --hypervisor),
 * configures it over its console (two subnets, a static ARP entry for the
 * receiver), then sends 64-byte IPv4 frames into the UDP NIO of
 * FastEthernet0/0 and counts those that come out of FastEthernet1/0 routed
 * (TTL decremented, MACs rewritten).  Prints frames/s; asserts nothing.
 * The anchor: Dynamips paces its 7200 PA-FE-TX at about 3,200 frames/s
 * per port (GNS3/dynamips #46); the target is 100,000 frames/s.
 */

#define G_LOG_DOMAIN "wirelab-bench"

#include "config.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "wirelab/wirelab.h"
#include "wirelab/wirelab-hypervisor.h"

#include "bench.h"

#define BATCH    64
#define QUIET_NS (500 * 1000 * 1000)

static gint64
now_ns (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_MONOTONIC, &ts);
  return (gint64) ts.tv_sec * 1000000000 + ts.tv_nsec;
}

/* --- the protocol, synchronously ---------------------------------------- */

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

static WirelabReply *hv_call (WirelabClient  *client,
                              GError        **error,
                              const char     *format,
                              ...) G_GNUC_PRINTF (3, 4);

/* Runs `module command args…` (words separated by spaces, none empty). */
static WirelabReply *
hv_call (WirelabClient  *client,
         GError        **error,
         const char     *format,
         ...)
{
  g_autofree char *line = NULL;
  g_auto(GStrv) words = NULL;
  Call c = { 0 };
  va_list ap;

  va_start (ap, format);
  line = g_strdup_vprintf (format, ap);
  va_end (ap);
  words = g_strsplit (line, " ", -1);
  wirelab_client_call_async (client, (const char *const *) words, NULL, on_call, &c);
  while (!c.done)
    g_main_context_iteration (NULL, TRUE);
  if (c.error != NULL)
    {
      g_prefix_error (&c.error, "%s: ", line);
      g_propagate_error (error, c.error);
    }
  return c.reply;
}

#define HV_OK(client, error, ...) \
  G_STMT_START { \
    WirelabReply *_r = hv_call ((client), (error), __VA_ARGS__); \
    if (_r == NULL) \
      goto out; \
    wirelab_reply_unref (_r); \
  } G_STMT_END

/* --- the router's console ----------------------------------------------- */

typedef struct
{
  int      fd;
  GString *text;
} Console;

static gboolean
con_wait (Console    *con,
          const char *needle,
          gint64      timeout_ms)
{
  gint64 deadline = g_get_monotonic_time () + timeout_ms * 1000;

  while (strstr (con->text->str, needle) == NULL)
    {
      struct pollfd pfd = { .fd = con->fd, .events = POLLIN };
      char buf[4096];
      ssize_t n;

      if (g_get_monotonic_time () > deadline)
        return FALSE;
      if (poll (&pfd, 1, 100) <= 0)
        continue;
      n = recv (con->fd, buf, sizeof buf, 0);
      if (n <= 0)
        return FALSE;
      for (ssize_t i = 0; i < n; i++)
        if (buf[i] != '\r' && (guint8) buf[i] < 0xf0)
          g_string_append_c (con->text, buf[i]);
    }
  return TRUE;
}

/* A line, then its output up to the prompt that follows. */
static char *
con_cmd (Console    *con,
         const char *line)
{
  g_autofree char *typed = g_strconcat (line, "\r", NULL);
  char *out;

  g_string_truncate (con->text, 0);
  if (send (con->fd, typed, strlen (typed), MSG_NOSIGNAL) < 0)
    return NULL;
  if (!con_wait (con, "\n", 10000))
    return NULL;
  if (!con_wait (con, "#", 20000))
    return NULL;
  out = g_strdup (con->text->str);
  return out;
}

/* --- frames ------------------------------------------------------------- */

static guint16
cksum (const guint8 *p,
       gsize         len)
{
  guint32 sum = 0;

  for (gsize i = 0; i + 1 < len; i += 2)
    sum += (guint32) (p[i] << 8 | p[i + 1]);
  while (sum >> 16)
    sum = (sum & 0xffff) + (sum >> 16);
  return (guint16) ~sum;
}

/* 10.0.0.2 -> 10.0.1.2, UDP 9 (discard), 64 bytes from the MAC on. */
static void
build_frame (guint8        *f,
             guint          size,
             const guint8  *router_mac)
{
  static const guint8 src[6] = { 0x02, 0, 0, 0, 0, 0x01 };
  guint8 *ip = f + 14;
  guint ip_len = size - 14;

  memset (f, 0, size);
  memcpy (f, router_mac, 6);
  memcpy (f + 6, src, 6);
  f[12] = 0x08;
  ip[0] = 0x45;
  ip[2] = (guint8) (ip_len >> 8);
  ip[3] = (guint8) ip_len;
  ip[8] = 64;
  ip[9] = 17;
  ip[12] = 10, ip[13] = 0, ip[14] = 0, ip[15] = 2;
  ip[16] = 10, ip[17] = 0, ip[18] = 1, ip[19] = 2;
  ip[20] = 0x30, ip[21] = 0x39;                /* source port 12345 */
  ip[22] = 0, ip[23] = 9;                      /* discard */
  ip[24] = (guint8) ((ip_len - 20) >> 8);
  ip[25] = (guint8) (ip_len - 20);
  {
    guint16 c = cksum (ip, 20);

    ip[10] = (guint8) (c >> 8);
    ip[11] = (guint8) c;
  }
}

typedef struct
{
  int      fd;
  guint8  *frame;
  guint    size;
  guint64  count;
  double   rate;
  guint64  sent;
  gint64   start_ns, end_ns;
} Sender;

typedef struct
{
  int      fd;
  gint     sender_done;
  guint64  expected;
  guint64  received;          /* routed: TTL 63 */
  guint64  other;
  gint64   last_ns;
} Receiver;

static gpointer
sender_thread (gpointer data)
{
  Sender *s = data;
  struct mmsghdr msgs[BATCH];
  struct iovec iov = { .iov_base = s->frame, .iov_len = s->size };
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
      guint n = (guint) MIN (BATCH, s->count - s->sent);
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
        s->sent += (guint64) r;
      else if (errno != EINTR && errno != ENOBUFS && errno != EAGAIN && errno != ECONNREFUSED)
        break;
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
          for (int i = 0; i < n; i++)
            {
              const guint8 *f = bufs[i];

              if (msgs[i].msg_len >= 34 && f[12] == 0x08 && f[13] == 0 && f[14 + 8] == 63)
                r->received++;
              else
                r->other++;
            }
          r->last_ns = now_ns ();
          quiet_since = 0;
          continue;
        }
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

static int
udp_socket (void)
{
  struct sockaddr_in sa = { .sin_family = AF_INET, .sin_addr.s_addr = htonl (INADDR_LOOPBACK) };
  int size = 8 * 1024 * 1024;
  int fd = socket (AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);

  if (fd < 0 || bind (fd, (struct sockaddr *) &sa, sizeof sa) != 0)
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

static guint16
port_of (int fd)
{
  struct sockaddr_in sa;
  socklen_t len = sizeof sa;

  getsockname (fd, (struct sockaddr *) &sa, &len);
  return ntohs (sa.sin_port);
}

static guint16
free_tcp_port (void)
{
  int fd = socket (AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  guint16 port = 0;

  if (fd >= 0)
    {
      struct sockaddr_in sa = { .sin_family = AF_INET, .sin_addr.s_addr = htonl (INADDR_LOOPBACK) };

      if (bind (fd, (struct sockaddr *) &sa, sizeof sa) == 0)
        port = port_of (fd);
      close (fd);
    }
  return port;
}

/* Guest instructions the VM has run ("instructions = N" in vm cpu_info). */
static guint64
vm_instructions (WirelabClient *client,
                 const char    *vm)
{
  g_autoptr(WirelabReply) r = hv_call (client, NULL, "vm cpu_info %s 0", vm);
  const char *const *lines;

  if (r == NULL)
    return 0;
  lines = wirelab_reply_get_lines (r);
  for (guint i = 0; lines && lines[i]; i++)
    {
      const char *p = strstr (lines[i], "instructions = ");

      if (p)
        return g_ascii_strtoull (p + 15, NULL, 10);
    }
  return 0;
}

static int
compare_double (const void *a,
                const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

static gboolean
parse_mac (const char *text,
           guint8      mac[6])
{
  const char *p = strstr (text, "address is ");
  unsigned a, b, c;

  if (p == NULL || sscanf (p + 11, "%4x.%4x.%4x", &a, &b, &c) != 3)
    return FALSE;
  mac[0] = (guint8) (a >> 8), mac[1] = (guint8) a;
  mac[2] = (guint8) (b >> 8), mac[3] = (guint8) b;
  mac[4] = (guint8) (c >> 8), mac[5] = (guint8) c;
  return TRUE;
}

int
bench_route (int    argc,
             char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(WirelabHypervisor) own_hv = NULL;
  g_autoptr(WirelabClient) client = NULL;
  g_autofree char *host_port = NULL, *image = NULL, *workdir = NULL;
  g_autofree char *vm = g_strdup_printf ("bench_r%d", getpid ());
  g_autofree char *nio_a = g_strdup_printf ("bench_ra_%d", getpid ());
  g_autofree char *nio_b = g_strdup_printf ("bench_rb_%d", getpid ());
  g_autofree char *host = NULL;
  guint16 port = 0, con_port;
  gint64 count = 500000;
  gint runs = 3, size = 64;
  double rate = 0;
  int tx = -1, rx = -1;
  Console con = { -1, NULL };
  guint8 mac0[6];
  double fps[16];
  gboolean ok = FALSE, started = FALSE;
  const GOptionEntry entries[] = {
    { "hypervisor", 0, 0, G_OPTION_ARG_STRING, &host_port, "Hypervisor on this host (default: one in this process)", "HOST:PORT" },
    { "image", 0, 0, G_OPTION_ARG_FILENAME, &image, "Router image (default: wirelab-router.elf)", "FILE" },
    { "count", 0, 0, G_OPTION_ARG_INT64, &count, "Frames per run (default 500000)", "N" },
    { "rate", 0, 0, G_OPTION_ARG_DOUBLE, &rate, "Offered frames/s (default: as fast as possible)", "R" },
    { "runs", 0, 0, G_OPTION_ARG_INT, &runs, "Runs (default 3)", "N" },
    { "size", 0, 0, G_OPTION_ARG_INT, &size, "Frame size (default 64)", "B" },
    { NULL }
  };

  context = g_option_context_new ("- frames/s routed through one router");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      fprintf (stderr, "wirelab-bench route: %s\n", error->message);
      return 2;
    }
  if (count <= 0 || runs < 1 || runs > 16 || rate < 0 || size < 60 || size > 1514)
    {
      fprintf (stderr, "wirelab-bench route: --count > 0, --runs 1..16, --size 60..1514\n");
      return 2;
    }
  if (image == NULL)
    image = wirelab_find_image ("wirelab-router.elf");
  if (image == NULL || !g_file_test (image, G_FILE_TEST_IS_REGULAR))
    {
      fprintf (stderr, "wirelab-bench route: no router image (wirelab-router.elf); use --image\n");
      return 1;
    }
  {
    g_autofree char *abs = g_canonicalize_filename (image, NULL);

    g_free (image);
    image = g_steal_pointer (&abs);
  }

  if (host_port == NULL)
    {
      workdir = g_dir_make_tmp ("wirelab-bench-route-XXXXXX", &error);
      if (workdir == NULL)
        goto out;
      own_hv = wirelab_hypervisor_new ();
      wirelab_hypervisor_set_working_dir (own_hv, workdir);
      if (!wirelab_hypervisor_listen (own_hv, "127.0.0.1", 0, &port, &error))
        goto out;
      host = g_strdup ("127.0.0.1");
    }
  else
    {
      const char *colon = strrchr (host_port, ':');

      host = colon ? g_strndup (host_port, (gsize) (colon - host_port)) : g_strdup (host_port);
      port = colon ? (guint16) atoi (colon + 1) : 7200;
    }

  client = wirelab_client_new (host, port);
  {
    Call c = { 0 };

    wirelab_client_connect_async (client, NULL, on_connect, &c);
    while (!c.done)
      g_main_context_iteration (NULL, TRUE);
    if (c.error != NULL)
      {
        g_propagate_error (&error, c.error);
        goto out;
      }
  }

  tx = udp_socket ();
  rx = udp_socket ();
  con_port = free_tcp_port ();
  if (tx < 0 || rx < 0 || con_port == 0)
    {
      fprintf (stderr, "wirelab-bench route: cannot bind local sockets\n");
      goto out;
    }

  /* The router: FastEthernet0/0 (C7200-IO-FE) and FastEthernet1/0 (PA-FE-TX). */
  HV_OK (client, &error, "vm create %s 1 c7200", vm);
  started = TRUE;
  HV_OK (client, &error, "vm set_ios %s %s", vm, image);
  HV_OK (client, &error, "vm set_con_tcp_port %s %u", vm, con_port);
  HV_OK (client, &error, "vm slot_add_binding %s 0 0 C7200-IO-FE", vm);
  HV_OK (client, &error, "vm slot_add_binding %s 1 0 PA-FE-TX", vm);
  {
    g_autoptr(WirelabReply) ra = NULL, rb = NULL;
    struct sockaddr_in sa = { .sin_family = AF_INET, .sin_addr.s_addr = htonl (INADDR_LOOPBACK) };

    ra = hv_call (client, &error, "nio create_udp_auto %s 127.0.0.1 20000 60000", nio_a);
    if (ra == NULL)
      goto out;
    rb = hv_call (client, &error, "nio create_udp_auto %s 127.0.0.1 20000 60000", nio_b);
    if (rb == NULL)
      goto out;
    HV_OK (client, &error, "nio connect_udp_auto %s 127.0.0.1 %u", nio_a, port_of (tx));
    HV_OK (client, &error, "nio connect_udp_auto %s 127.0.0.1 %u", nio_b, port_of (rx));
    HV_OK (client, &error, "vm slot_add_nio_binding %s 0 0 %s", vm, nio_a);
    HV_OK (client, &error, "vm slot_add_nio_binding %s 1 0 %s", vm, nio_b);
    sa.sin_port = htons ((guint16) atoi (wirelab_reply_get_text (ra)));
    connect (tx, (struct sockaddr *) &sa, sizeof sa);
    sa.sin_port = htons ((guint16) atoi (wirelab_reply_get_text (rb)));
    connect (rx, (struct sockaddr *) &sa, sizeof sa);
  }
  HV_OK (client, &error, "vm start %s", vm);

  /* Configure it over its console. */
  {
    struct sockaddr_in sa = { .sin_family = AF_INET, .sin_port = htons (con_port),
                              .sin_addr.s_addr = htonl (INADDR_LOOPBACK) };
    const char *const lines[] = {
      "enable", "terminal length 0", "configure terminal",
      "interface FastEthernet0/0", "ip address 10.0.0.1 255.255.255.0", "no shutdown",
      "interface FastEthernet1/0", "ip address 10.0.1.1 255.255.255.0", "no shutdown",
      "arp 10.0.1.2 0200.0000.0002 arpa", "end", NULL,
    };
    g_autofree char *shown = NULL;
    gint64 t0 = g_get_monotonic_time ();

    con.text = g_string_new (NULL);
    for (int i = 0; i < 100; i++)
      {
        con.fd = socket (AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
        if (connect (con.fd, (struct sockaddr *) &sa, sizeof sa) == 0)
          break;
        close (con.fd);
        con.fd = -1;
        g_usleep (50000);
      }
    if (con.fd < 0 || !con_wait (&con, "Press RETURN to get started!", 30000))
      {
        fprintf (stderr, "wirelab-bench route: the router did not boot\n");
        goto out;
      }
    g_string_truncate (con.text, 0);
    if (send (con.fd, "\r", 1, MSG_NOSIGNAL) != 1 || !con_wait (&con, ">", 10000))
      {
        fprintf (stderr, "wirelab-bench route: no prompt on the console\n");
        goto out;
      }
    printf ("wirelab-bench route: %s booted to its prompt in %.0f ms\n", image,
            (g_get_monotonic_time () - t0) / 1000.0);
    for (guint i = 0; lines[i]; i++)
      g_free (con_cmd (&con, lines[i]));
    shown = con_cmd (&con, "show interfaces FastEthernet0/0");
    if (shown == NULL || !parse_mac (shown, mac0))
      {
        fprintf (stderr, "wirelab-bench route: no MAC address for FastEthernet0/0\n");
        goto out;
      }
  }

  printf ("wirelab-bench route: %d-byte IPv4 frames into FastEthernet0/0, out of FastEthernet1/0; "
          "%" G_GINT64_FORMAT " per run, %s\n", size, count,
          rate > 0 ? "paced" : "as fast as possible");
  for (int i = 0; i < runs; i++)
    {
      g_autofree guint8 *frame = g_malloc (size);
      Sender s = { .fd = tx, .frame = frame, .size = (guint) size, .count = (guint64) count, .rate = rate };
      Receiver r = { .fd = rx, .expected = (guint64) count };
      GThread *rt, *st;
      double secs;
      guint64 insns0 = vm_instructions (client, vm), insns1;

      build_frame (frame, (guint) size, mac0);
      rt = g_thread_new ("bench-rx", receiver_thread, &r);
      st = g_thread_new ("bench-tx", sender_thread, &s);
      g_thread_join (st);
      g_atomic_int_set (&r.sender_done, 1);
      g_thread_join (rt);
      secs = MAX (r.last_ns - s.start_ns, 1) / 1e9;
      fps[i] = r.received > 0 ? r.received / secs : 0;
      insns1 = vm_instructions (client, vm);
      printf ("run %d: offered %9.0f frames/s, routed %9.0f frames/s, loss %5.1f%% (%" G_GUINT64_FORMAT
              "/%" G_GUINT64_FORMAT ")", i + 1,
              s.sent / (MAX (s.end_ns - s.start_ns, 1) / 1e9), fps[i],
              s.sent ? 100.0 * (1.0 - (double) r.received / s.sent) : 0.0, r.received, s.sent);
      if (insns1 > insns0 && r.received > 0)
        printf (", %.0f guest instructions per routed frame", (double) (insns1 - insns0) / r.received);
      printf ("\n");
      fflush (stdout);
      g_usleep (300000);
    }
  qsort (fps, (size_t) runs, sizeof (double), compare_double);
  printf ("median of %d: %.0f frames/s routed through one router (%.1f Mbit/s); target 100000; "
          "Dynamips' PA-FE-TX is paced at about 3200 frames/s per port\n",
          runs, fps[runs / 2], fps[runs / 2] * size * 8 / 1e6);
  {
    g_autofree char *in = con_cmd (&con, "show interfaces FastEthernet0/0 | include input");
    g_autofree char *outc = con_cmd (&con, "show interfaces FastEthernet1/0 | include packets output");

    if (in && outc)
      printf ("router counters:%s%s", strchr (in, '\n') ? strchr (in, '\n') : "\n",
              strchr (outc, '\n') ? strchr (outc, '\n') : "\n");
  }
  ok = TRUE;

out:
  if (error != NULL)
    fprintf (stderr, "wirelab-bench route: %s\n", error->message);
  if (con.fd >= 0)
    close (con.fd);
  if (con.text)
    g_string_free (con.text, TRUE);
  if (client && wirelab_client_is_connected (client) && started)
    {
      WirelabReply *r;

      if ((r = hv_call (client, NULL, "vm stop %s", vm)))
        wirelab_reply_unref (r);
      if ((r = hv_call (client, NULL, "vm clean_delete %s", vm)))
        wirelab_reply_unref (r);
      if ((r = hv_call (client, NULL, "nio delete %s", nio_a)))
        wirelab_reply_unref (r);
      if ((r = hv_call (client, NULL, "nio delete %s", nio_b)))
        wirelab_reply_unref (r);
    }
  if (client)
    wirelab_client_close (client);
  if (own_hv)
    wirelab_hypervisor_shutdown (own_hv);
  if (workdir)
    g_rmdir (workdir);
  if (tx >= 0)
    close (tx);
  if (rx >= 0)
    close (rx);
  return ok ? 0 : 1;
}
