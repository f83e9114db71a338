/* filter-delay.c: the delay filter, `delay <ms> [jitter_ms [seed]]`
 *
 * Copyright 2026 The Wirelab authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * Frames are held in a queue and released by a timerfd on the I/O thread
 * (no thread per frame).  Jitter adds a random 0..jitter_ms per frame but
 * never reorders: a frame leaves no earlier than the one before it.
 */

#define G_LOG_DOMAIN "wirelab-nio"

#include "config.h"

#include <errno.h>
#include <string.h>
#include <sys/timerfd.h>
#include <unistd.h>

#include "nio-filter.h"

/* Beyond this much held data, frames are dropped (a full link buffer). */
#define HELD_MAX_BYTES (32 * 1024 * 1024)
/* Frames released per timer wakeup before giving other NIOs a turn. */
#define RELEASE_BATCH  256

typedef struct
{
  gint64   due;
  WlNioDir dir;
  gsize    len;
  guint8   data[];
} Held;

typedef struct
{
  WlNioFilter base;
  gint64      delay_us;
  gint64      jitter_us;
  guint64     rng;
  GQueue      held;
  gsize       held_bytes;
  gint64      last_due;
} Delay;

static void
arm (Delay  *d,
     gint64  due_us)
{
  struct itimerspec its = { 0 };

  /* g_get_monotonic_time() is CLOCK_MONOTONIC in microseconds. */
  its.it_value.tv_sec = due_us / G_USEC_PER_SEC;
  its.it_value.tv_nsec = (due_us % G_USEC_PER_SEC) * 1000 + 1;
  timerfd_settime (d->base.timer_fd, TFD_TIMER_ABSTIME, &its, NULL);
}

static void
release (Delay *d,
         Held  *h)
{
  wl_nio_t *nio = d->base.nio;
  guint stage = d->base.slot == WL_NIO_DIR_BOTH ? WL_NIO_STAGE_NONE : WL_NIO_STAGE_BOTH;

  if (h->dir == WL_NIO_DIR_RX)
    wl_nio_deliver_held (nio, h->data, h->len, stage);
  else
    {
      struct iovec iov = { h->data, h->len };

      wl_nio_transmit (nio, &iov, 1, stage);
    }
}

static void
delay_ready (WlIoSource *source,
             uint32_t    events)
{
  Delay *d = (Delay *) source;
  uint64_t expirations;

  while (read (d->base.timer_fd, &expirations, sizeof expirations) < 0 && errno == EINTR)
    ;

  for (guint i = 0; i < RELEASE_BATCH; i++)
    {
      gint64 now = g_get_monotonic_time ();
      Held *h;

      g_mutex_lock (&d->base.lock);
      h = d->base.dead ? NULL : g_queue_peek_head (&d->held);
      if (h == NULL || h->due > now)
        {
          if (h != NULL)
            arm (d, h->due);
          g_mutex_unlock (&d->base.lock);
          return;
        }
      g_queue_pop_head (&d->held);
      d->held_bytes -= h->len;
      g_mutex_unlock (&d->base.lock);

      release (d, h);
      g_free (h);
    }
  /* More are due: come back right away, after the others. */
  arm (d, g_get_monotonic_time ());
}

static void
delay_init (WlNioFilter *filter)
{
  Delay *d = (Delay *) filter;
  g_autoptr(GError) error = NULL;

  g_queue_init (&d->held);
  filter->source.ready = delay_ready;
  filter->timer_fd = timerfd_create (CLOCK_MONOTONIC, TFD_NONBLOCK | TFD_CLOEXEC);
  if (filter->timer_fd >= 0 && !wl_io_add (wl_io_get (), filter->timer_fd, &filter->source, &error))
    {
      g_warning ("delay filter: %s", error->message);
      close (filter->timer_fd);
      filter->timer_fd = -1;
    }
}

static gboolean
delay_setup (WlNioFilter        *filter,
             WirelabHypervisor  *hv,
             guint               argc,
             char              **argv)
{
  Delay *d = (Delay *) filter;
  guint64 delay_ms, jitter_ms = 0, rng;

  if (argc < 1 || argc > 3 || filter->timer_fd < 0 ||
      !g_ascii_string_to_unsigned (argv[0], 10, 0, 3600 * 1000, &delay_ms, NULL) ||
      (argc >= 2 && !g_ascii_string_to_unsigned (argv[1], 10, 0, 3600 * 1000, &jitter_ms, NULL)) ||
      !wl_filter_parse_seed (argc, argv, 2, &rng))
    return FALSE;
  d->delay_us = delay_ms * 1000;
  d->jitter_us = jitter_ms * 1000;
  d->rng = rng;
  return TRUE;
}

static WlFilterVerdict
delay_process (WlNioFilter *filter,
               WlNioDir     dir,
               guint8      *frame,
               gsize       *len)
{
  Delay *d = (Delay *) filter;
  gint64 due;
  Held *h;

  if (d->delay_us == 0 && d->jitter_us == 0)
    return WL_FILTER_PASS;
  if (d->held_bytes + *len > HELD_MAX_BYTES)
    return WL_FILTER_DROP;

  due = g_get_monotonic_time () + d->delay_us;
  if (d->jitter_us > 0)
    due += wl_filter_rng_next (&d->rng) % (guint64) (d->jitter_us + 1);
  due = MAX (due, d->last_due);
  d->last_due = due;

  h = g_malloc (sizeof (Held) + *len);
  h->due = due;
  h->dir = dir;
  h->len = *len;
  memcpy (h->data, frame, *len);
  g_queue_push_tail (&d->held, h);
  d->held_bytes += *len;
  if (d->held.length == 1)
    arm (d, due);
  return WL_FILTER_TAKEN;
}

static void
delay_destroy (WlNioFilter *filter)
{
  Delay *d = (Delay *) filter;

  g_queue_clear_full (&d->held, g_free);
}

const WlNioFilterClass wl_filter_delay = {
  .name = "delay",
  .size = sizeof (Delay),
  .init = delay_init,
  .setup = delay_setup,
  .process = delay_process,
  .destroy = delay_destroy,
};
