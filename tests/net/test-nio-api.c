/* test-nio-api.c: the nio.h contract, in process, with real sockets
 *
 * Copyright 2026 The Wirelab authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * What the emulator's NIC relies on: one consumer at a time, detach waits
 * for a running callback, TX from any thread, and NIOs deleted while frames
 * arrive never touched again (run under ASan to mean something).
 */

#include "config.h"

#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "net/nio-types.h"

#include "hv-test-util.h"

typedef struct
{
  gint    frames;
  gint    in_callback;
  guint   sleep_us;
  gsize   last_len;
} Counter;

static void
count_rx (wl_nio_t      *nio,
          const uint8_t *frame,
          size_t         len,
          void          *opaque)
{
  Counter *c = opaque;

  g_atomic_int_set (&c->in_callback, 1);
  if (c->sleep_us > 0)
    g_usleep (c->sleep_us);
  c->last_len = len;
  g_atomic_int_inc (&c->frames);
  g_atomic_int_set (&c->in_callback, 0);
}

static void
wait_frames (Counter *c,
             gint     n)
{
  gint64 deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;

  while (g_atomic_int_get (&c->frames) < n)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_usleep (1000);
    }
}

static wl_nio_t *
udp_nio (int *peer_fd)
{
  g_autoptr(GError) error = NULL;
  guint16 port = udp_free_port ();
  wl_nio_t *nio;

  *peer_fd = udp_socket (0, port);
  nio = wl_nio_udp_new ("u", port, "127.0.0.1", udp_local_port (*peer_fd), TRUE, &error);
  g_assert_no_error (error);
  g_assert_nonnull (nio);
  return nio;
}

static void
test_attach (void)
{
  int peer;
  wl_nio_t *nio = udp_nio (&peer);
  Counter a = { 0 }, b = { 0 };
  guint8 frame[60] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };
  WlNioStats stats;

  g_assert_cmpstr (wl_nio_get_type_name (nio), ==, "udp");
  g_assert_false (wl_nio_is_attached (nio));
  g_assert_true (wl_nio_attach (nio, count_rx, &a));
  g_assert_false (wl_nio_attach (nio, count_rx, &b));
  g_assert_true (wl_nio_is_attached (nio));

  g_assert_cmpint (send (peer, frame, sizeof frame, 0), ==, sizeof frame);
  wait_frames (&a, 1);
  g_assert_cmpuint (a.last_len, ==, 60);
  wl_nio_get_stats (nio, &stats);
  g_assert_cmpuint (stats.pkts_in, ==, 1);
  g_assert_cmpuint (stats.bytes_in, ==, 60);

  wl_nio_detach (nio);
  g_assert_true (wl_nio_attach (nio, count_rx, &b));
  g_assert_cmpint (send (peer, frame, sizeof frame, 0), ==, sizeof frame);
  wait_frames (&b, 1);
  g_assert_cmpint (a.frames, ==, 1);

  wl_nio_reset_stats (nio);
  wl_nio_get_stats (nio, &stats);
  g_assert_cmpuint (stats.pkts_in, ==, 0);
  wl_nio_set_bandwidth (nio, 1000);
  g_assert_cmpuint (wl_nio_get_bandwidth (nio), ==, 1000);

  wl_nio_detach (nio);
  wl_nio_unref (nio);
  close (peer);
}

/* detach returns only once a callback in progress has finished. */
static void
test_detach_waits (void)
{
  int peer;
  wl_nio_t *nio = udp_nio (&peer);
  Counter c = { .sleep_us = 300000 };
  guint8 frame[60] = { 0 };
  gint64 deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;

  g_assert_true (wl_nio_attach (nio, count_rx, &c));
  g_assert_cmpint (send (peer, frame, sizeof frame, 0), ==, sizeof frame);
  while (!g_atomic_int_get (&c.in_callback))
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_usleep (1000);
    }
  wl_nio_detach (nio);
  g_assert_cmpint (g_atomic_int_get (&c.in_callback), ==, 0);
  g_assert_cmpint (g_atomic_int_get (&c.frames), ==, 1);

  /* And nothing runs it again. */
  g_assert_cmpint (send (peer, frame, sizeof frame, 0), ==, sizeof frame);
  wl_net_sync ();
  g_assert_cmpint (g_atomic_int_get (&c.frames), ==, 1);
  wl_nio_unref (nio);
  close (peer);
}

typedef struct
{
  wl_nio_t *nio;
  guint     n;
} Sender;

static gpointer
send_thread (gpointer data)
{
  Sender *s = data;
  guint8 frame[100];

  for (guint i = 0; i < s->n; i += 10)
    {
      const uint8_t *frames[10];
      size_t lens[10];

      memset (frame, i & 0xff, sizeof frame);
      for (guint j = 0; j < 10; j++)
        {
          frames[j] = frame;
          lens[j] = sizeof frame;
        }
      wl_nio_send_batch (s->nio, frames, lens, 10);
    }
  return NULL;
}

/* TX from several threads at once (VM workers). */
static void
test_send_from_threads (void)
{
  int peer;
  wl_nio_t *nio = udp_nio (&peer);
  Sender s = { nio, 2000 };
  GThread *t1 = g_thread_new ("tx1", send_thread, &s);
  GThread *t2 = g_thread_new ("tx2", send_thread, &s);
  guint8 buf[2048];
  guint got = 0;
  WlNioStats stats;

  g_thread_join (t1);
  g_thread_join (t2);
  while (udp_recv (peer, buf, sizeof buf, 2000) == 100)
    got++;
  wl_nio_get_stats (nio, &stats);
  g_assert_cmpuint (stats.pkts_out, ==, 4000);
  g_assert_cmpuint (stats.bytes_out, ==, 400000);
  g_assert_cmpuint (got, ==, 4000);
  wl_nio_unref (nio);
  close (peer);
}

typedef struct
{
  guint16 port;
  gint    stop;
} Flood;

static gpointer
flood_thread (gpointer data)
{
  Flood *f = data;
  int fd = udp_socket (0, f->port);
  guint8 frame[64] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };

  while (!g_atomic_int_get (&f->stop))
    for (guint i = 0; i < 100; i++)
      send (fd, frame, sizeof frame, MSG_DONTWAIT);
  close (fd);
  return NULL;
}

/* NIOs created and deleted while frames pour in: the I/O thread must never
 * use one after it is gone (the Dynamips bug of spec section 12.4). */
static void
test_delete_under_traffic (void)
{
  Flood f = { .port = udp_free_port () };
  GThread *flood = g_thread_new ("flood", flood_thread, &f);
  Counter c = { 0 };

  for (guint round = 0; round < 100; round++)
    {
      g_autoptr(GError) error = NULL;
      wl_nio_t *nio = wl_nio_udp_auto_new ("x", "127.0.0.1", f.port, f.port, TRUE, NULL, NULL, &error);
      wl_nio_t *fifo = wl_nio_fifo_new ("f", NULL);
      wl_nio_t *peer = wl_nio_fifo_new ("g", NULL);

      g_assert_no_error (error);
      g_assert_true (wl_nio_attach (nio, count_rx, &c));
      g_assert_true (wl_nio_fifo_crossconnect (fifo, peer));
      g_assert_true (wl_nio_attach (peer, count_rx, &c));
      if (round % 2)
        g_usleep (1000);
      wl_nio_send (fifo, (const guint8 *) "0123456789abcdef", 16);
      if (round % 3 == 0)
        wl_nio_detach (nio);
      wl_nio_unref (nio);
      wl_nio_close (fifo);
      wl_nio_unref (fifo);
      wl_nio_unref (peer);
    }
  g_atomic_int_set (&f.stop, 1);
  g_thread_join (flood);
  wl_net_sync ();
  g_assert_cmpint (g_atomic_int_get (&c.frames), >, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/net/api/attach", test_attach);
  g_test_add_func ("/net/api/detach-waits", test_detach_waits);
  g_test_add_func ("/net/api/send-from-threads", test_send_from_threads);
  g_test_add_func ("/net/api/delete-under-traffic", test_delete_under_traffic);

  return g_test_run ();
}
