/* nio.c: what every NIO type shares: references, consumer, filters, stats
 *
 * Copyright 2026 The Wirelab authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#define G_LOG_DOMAIN "wirelab-nio"

#include "config.h"

#include <string.h>

#include "nio-private.h"

static __thread wl_nio_t *current_rx;

static void nio_ready (WlIoSource *source,
                       uint32_t    events);

wl_nio_t *
wl_nio_current_rx (void)
{
  return current_rx;
}

void
wl_nio_init (wl_nio_t         *nio,
             const WlNioClass *klass,
             const char       *name,
             int               fd)
{
  nio->source.ready = nio_ready;
  nio->ref = 1;
  nio->klass = klass;
  nio->name = g_strdup (name);
  nio->fd = fd;
  g_mutex_init (&nio->rx_lock);
  g_mutex_init (&nio->tx_lock);
}

wl_nio_t *
wl_nio_start (wl_nio_t  *nio,
              GError   **error)
{
  WlIoThread *io;

  if (nio->fd < 0)
    return nio;
  io = wl_io_get ();
  /* Set first: the I/O thread may see an event before wl_io_add returns. */
  nio->io = io;
  if (!wl_io_add (io, nio->fd, &nio->source, error))
    {
      nio->io = NULL;
      wl_nio_unref (nio);
      return NULL;
    }
  return nio;
}

wl_nio_t *
wl_nio_ref (wl_nio_t *nio)
{
  g_return_val_if_fail (nio != NULL, NULL);

  g_atomic_int_inc (&nio->ref);
  return nio;
}

static void
nio_free (gpointer data)
{
  wl_nio_t *nio = data;

  for (guint i = 0; i < WL_NIO_N_DIRS; i++)
    g_clear_pointer (&nio->filters[i], wl_nio_filter_free);
  if (nio->klass->finalize != NULL)
    nio->klass->finalize (nio);
  g_mutex_clear (&nio->rx_lock);
  g_mutex_clear (&nio->tx_lock);
  g_clear_pointer (&nio->old_names, g_ptr_array_unref);
  g_free (nio->name);
  g_free (nio);
}

void
wl_nio_unref (wl_nio_t *nio)
{
  g_return_if_fail (nio != NULL);

  if (!g_atomic_int_dec_and_test (&nio->ref))
    return;

  wl_nio_close (nio);
  /* The I/O thread may hold this NIO (or a timer of one of its filters)
   * from an event it already fetched: it frees it after its batch. */
  if (wl_io_peek () != NULL)
    wl_io_defer (wl_io_peek (), nio_free, nio);
  else
    nio_free (nio);
}

const char *
wl_nio_get_name (wl_nio_t *nio)
{
  g_return_val_if_fail (nio != NULL, NULL);

  return nio->name;
}

void
wl_nio_set_name (wl_nio_t   *nio,
                 const char *name)
{
  /* Another thread may be reading the old name: keep it. */
  if (nio->old_names == NULL)
    nio->old_names = g_ptr_array_new_with_free_func (g_free);
  g_ptr_array_add (nio->old_names, nio->name);
  nio->name = g_strdup (name);
}

const char *
wl_nio_get_type_name (wl_nio_t *nio)
{
  g_return_val_if_fail (nio != NULL, NULL);

  return nio->klass->type;
}

void
wl_nio_lock_all (wl_nio_t *nio)
{
  if (current_rx != nio)
    g_mutex_lock (&nio->rx_lock);
  g_mutex_lock (&nio->tx_lock);
}

void
wl_nio_unlock_all (wl_nio_t *nio)
{
  g_mutex_unlock (&nio->tx_lock);
  if (current_rx != nio)
    g_mutex_unlock (&nio->rx_lock);
}

void
wl_nio_close (wl_nio_t *nio)
{
  g_return_if_fail (nio != NULL);

  wl_nio_lock_all (nio);
  if (!nio->closed)
    {
      nio->closed = TRUE;
      if (nio->io != NULL && nio->fd >= 0)
        wl_io_remove (nio->io, nio->fd);
      if (nio->klass->close != NULL)
        nio->klass->close (nio);
    }
  wl_nio_unlock_all (nio);
}

/* Consumer */

gboolean
wl_nio_attach (wl_nio_t       *nio,
               wl_nio_rx_func  func,
               void           *opaque)
{
  gboolean ok;

  g_return_val_if_fail (nio != NULL, FALSE);
  g_return_val_if_fail (func != NULL, FALSE);

  if (current_rx != nio)
    g_mutex_lock (&nio->rx_lock);
  ok = nio->rx_func == NULL;
  if (ok)
    {
      nio->rx_func = func;
      nio->rx_opaque = opaque;
    }
  if (current_rx != nio)
    g_mutex_unlock (&nio->rx_lock);
  return ok;
}

void
wl_nio_detach (wl_nio_t *nio)
{
  g_return_if_fail (nio != NULL);

  /* Taking rx_lock waits for a batch being delivered to finish. */
  if (current_rx != nio)
    g_mutex_lock (&nio->rx_lock);
  nio->rx_func = NULL;
  nio->rx_opaque = NULL;
  if (current_rx != nio)
    g_mutex_unlock (&nio->rx_lock);
}

gboolean
wl_nio_is_attached (wl_nio_t *nio)
{
  gboolean attached;

  g_return_val_if_fail (nio != NULL, FALSE);

  if (current_rx != nio)
    g_mutex_lock (&nio->rx_lock);
  attached = nio->rx_func != NULL;
  if (current_rx != nio)
    g_mutex_unlock (&nio->rx_lock);
  return attached;
}

/* Receiving */

void
wl_nio_deliver (wl_nio_t *nio,
                guint8   *frame,
                gsize     len,
                guint     stage)
{
  if (nio->rx_func == NULL || nio->closed)
    return;   /* nobody listens: the frame is dropped, uncounted */

  if (wl_nio_filters_run (nio, WL_NIO_DIR_RX, stage, frame, &len) != WL_FILTER_PASS)
    return;

  __atomic_add_fetch (&nio->pkts_in, 1, __ATOMIC_RELAXED);
  __atomic_add_fetch (&nio->bytes_in, len, __ATOMIC_RELAXED);
  if (G_UNLIKELY (nio->debug > 0))
    wl_nio_hexdump (nio, "received", frame, len);
  nio->rx_func (nio, frame, len, nio->rx_opaque);
}

void
wl_nio_deliver_held (wl_nio_t *nio,
                     guint8   *frame,
                     gsize     len,
                     guint     stage)
{
  WlIoThread *io = wl_io_get ();

  g_mutex_lock (&nio->rx_lock);
  current_rx = nio;
  wl_io_begin_dispatch (io);
  wl_nio_deliver (nio, frame, len, stage);
  current_rx = NULL;
  g_mutex_unlock (&nio->rx_lock);
  wl_io_end_dispatch (io);
}

static void
nio_ready (WlIoSource *source,
           uint32_t    events)
{
  wl_nio_t *nio = (wl_nio_t *) source;
  WlIoThread *io = nio->io;
  static __thread WlRxBatch batch;
  guint n;

  if (G_UNLIKELY (batch.buf[0] == NULL))
    for (guint i = 0; i < WL_NIO_BATCH; i++)
      batch.buf[i] = g_malloc (WL_NIO_MAX_FRAME);

  g_mutex_lock (&nio->rx_lock);
  current_rx = nio;
  wl_io_begin_dispatch (io);
  n = nio->closed ? 0 : nio->klass->recv (nio, &batch, WL_NIO_BATCH);
  for (guint i = 0; i < n; i++)
    wl_nio_deliver (nio, batch.buf[i], batch.len[i], WL_NIO_STAGE_ALL);
  current_rx = NULL;
  g_mutex_unlock (&nio->rx_lock);
  /* What the consumers sent leaves now, in sendmmsg batches. */
  wl_io_end_dispatch (io);
}

/* Sending */

void
wl_nio_transmit (wl_nio_t     *nio,
                 struct iovec *frames,
                 guint         n,
                 guint         stage)
{
  guint kept = 0;
  guint sent;
  guint64 bytes = 0;

  g_mutex_lock (&nio->tx_lock);
  if (nio->closed)
    {
      g_mutex_unlock (&nio->tx_lock);
      return;
    }
  for (guint i = 0; i < n; i++)
    {
      gsize len = frames[i].iov_len;

      if (wl_nio_filters_run (nio, WL_NIO_DIR_TX, stage, frames[i].iov_base, &len) != WL_FILTER_PASS)
        continue;
      frames[kept].iov_base = frames[i].iov_base;
      frames[kept].iov_len = len;
      if (G_UNLIKELY (nio->debug > 0))
        wl_nio_hexdump (nio, "sent", frames[kept].iov_base, len);
      kept++;
    }
  sent = kept > 0 ? nio->klass->send (nio, frames, kept) : 0;
  for (guint i = 0; i < sent; i++)
    bytes += frames[i].iov_len;
  g_mutex_unlock (&nio->tx_lock);

  if (sent > 0)
    {
      __atomic_add_fetch (&nio->pkts_out, sent, __ATOMIC_RELAXED);
      __atomic_add_fetch (&nio->bytes_out, bytes, __ATOMIC_RELAXED);
    }
}

void
wl_nio_send_batch (wl_nio_t            *nio,
                   const uint8_t *const *frames,
                   const size_t         *lens,
                   unsigned              n)
{
  struct iovec iov[WL_NIO_BATCH];

  g_return_if_fail (nio != NULL);

  while (n > 0)
    {
      guint chunk = 0;

      /* Filters may rewrite a frame, and the caller's buffers are const:
       * with link impairments on, each frame is copied (not the fast path). */
      if (G_UNLIKELY (wl_nio_has_filters (nio, WL_NIO_DIR_TX)))
        {
          for (guint i = 0; i < n; i++)
            {
              g_autofree guint8 *copy = g_memdup2 (frames[i], MIN (lens[i], WL_NIO_MAX_FRAME));
              struct iovec one = { copy, MIN (lens[i], WL_NIO_MAX_FRAME) };

              wl_nio_transmit (nio, &one, 1, WL_NIO_STAGE_ALL);
            }
          return;
        }

      while (chunk < n && chunk < WL_NIO_BATCH)
        {
          iov[chunk].iov_base = (void *) frames[chunk];
          iov[chunk].iov_len = MIN (lens[chunk], WL_NIO_MAX_FRAME);
          chunk++;
        }
      wl_nio_transmit (nio, iov, chunk, WL_NIO_STAGE_NONE);
      frames += chunk;
      lens += chunk;
      n -= chunk;
    }
}

void
wl_nio_send (wl_nio_t      *nio,
             const uint8_t *frame,
             size_t         len)
{
  g_return_if_fail (nio != NULL);

  if (len > WL_NIO_MAX_FRAME)
    return;
  /* From a consumer on the I/O thread: batched with the others. */
  if (wl_io_stage (nio, frame, len))
    return;
  wl_nio_send_batch (nio, &frame, &len, 1);
}

/* Stats and settings */

void
wl_nio_get_stats (wl_nio_t   *nio,
                  WlNioStats *stats)
{
  g_return_if_fail (nio != NULL && stats != NULL);

  stats->pkts_in = __atomic_load_n (&nio->pkts_in, __ATOMIC_RELAXED);
  stats->pkts_out = __atomic_load_n (&nio->pkts_out, __ATOMIC_RELAXED);
  stats->bytes_in = __atomic_load_n (&nio->bytes_in, __ATOMIC_RELAXED);
  stats->bytes_out = __atomic_load_n (&nio->bytes_out, __ATOMIC_RELAXED);
}

void
wl_nio_reset_stats (wl_nio_t *nio)
{
  g_return_if_fail (nio != NULL);

  __atomic_store_n (&nio->pkts_in, 0, __ATOMIC_RELAXED);
  __atomic_store_n (&nio->pkts_out, 0, __ATOMIC_RELAXED);
  __atomic_store_n (&nio->bytes_in, 0, __ATOMIC_RELAXED);
  __atomic_store_n (&nio->bytes_out, 0, __ATOMIC_RELAXED);
}

void
wl_nio_set_bandwidth (wl_nio_t *nio,
                      guint     kbit_per_s)
{
  g_return_if_fail (nio != NULL);

  nio->bandwidth = kbit_per_s;
}

guint
wl_nio_get_bandwidth (wl_nio_t *nio)
{
  g_return_val_if_fail (nio != NULL, 0);

  return nio->bandwidth;
}

void
wl_nio_set_debug (wl_nio_t *nio,
                  gint      level)
{
  g_return_if_fail (nio != NULL);

  nio->debug = level;
}

void
wl_nio_hexdump (wl_nio_t     *nio,
                const char   *what,
                const guint8 *frame,
                gsize         len)
{
  g_autoptr(GString) dump = g_string_new (NULL);

  for (gsize i = 0; i < len; i++)
    {
      if (i % 16 == 0)
        g_string_append_printf (dump, "\n  %04zx:", i);
      g_string_append_printf (dump, " %02x", frame[i]);
    }
  g_message ("NIO %s: %s %zu bytes:%s", nio->name, what, len, dump->str);
}

void
wl_net_sync (void)
{
  wl_io_sync (wl_io_get ());
}
