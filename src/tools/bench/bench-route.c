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
#include <netinet/in.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "wirelab/wirelab.h"
#include "wirelab/wirelab-hypervisor.h"

#include "bench.h"
#include "bench-traffic.h"

#define QUIET_MS 500   /* the receiver stops after this silence */

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
  g_autoptr(GError) local_error = NULL;
  g_autofree char *line = NULL;
  g_auto(GStrv) words = NULL;
  WirelabReply *reply;
  va_list ap;

  va_start (ap, format);
  line = g_strdup_vprintf (format, ap);
  va_end (ap);
  words = g_strsplit (line, " ", -1);
  reply = bench_call (client, &local_error, (const char *const *) words);
  if (local_error != NULL)
    {
      g_prefix_error (&local_error, "%s: ", line);
      g_propagate_error (error, g_steal_pointer (&local_error));
    }
  return reply;
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

/* Routed: an IPv4 frame whose TTL went from 64 to 63. */
static gboolean
is_routed (const guint8 *f,
           gsize         len)
{
  return len >= 34 && f[12] == 0x08 && f[13] == 0 && f[14 + 8] == 63;
}

static int
udp_socket (void)
{
  struct sockaddr_storage ss = { 0 };
  struct sockaddr_in *sa = (struct sockaddr_in *) &ss;

  sa->sin_family = AF_INET;
  sa->sin_addr.s_addr = htonl (INADDR_LOOPBACK);
  return bench_udp_socket (&ss, sizeof *sa);
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
        port = bench_socket_port (fd);
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
  g_autofree guint8 *frame = NULL;
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
      host = bench_parse_host_port (host_port, 7200, &port);
    }

  client = wirelab_client_new (host, port);
  if (!bench_connect (client, &error))
    goto out;

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
    HV_OK (client, &error, "nio connect_udp_auto %s 127.0.0.1 %u", nio_a, bench_socket_port (tx));
    HV_OK (client, &error, "nio connect_udp_auto %s 127.0.0.1 %u", nio_b, bench_socket_port (rx));
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
  frame = g_malloc (size);
  build_frame (frame, (guint) size, mac0);
  for (int i = 0; i < runs; i++)
    {
      guint64 insns0 = vm_instructions (client, vm), insns1;
      BenchResult r = bench_measure (tx, rx, frame, size, count, rate, QUIET_MS, is_routed);

      fps[i] = r.received_fps;
      insns1 = vm_instructions (client, vm);
      printf ("run %d: offered %9.0f frames/s, routed %9.0f frames/s, loss %5.1f%% (%" G_GUINT64_FORMAT
              "/%" G_GUINT64_FORMAT ")", i + 1, r.offered_fps, r.received_fps, 100.0 * r.loss,
              r.received, r.sent);
      if (insns1 > insns0 && r.received > 0)
        printf (", %.0f guest instructions per routed frame", (double) (insns1 - insns0) / r.received);
      printf ("\n");
      fflush (stdout);
      g_usleep (300000);
    }
  {
    double median = bench_median (fps, runs);

    printf ("median of %d: %.0f frames/s routed through one router (%.1f Mbit/s); target 100000; "
            "Dynamips' PA-FE-TX is paced at about 3200 frames/s per port\n",
            runs, median, median * size * 8 / 1e6);
  }
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
