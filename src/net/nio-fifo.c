/* nio-fifo.c: FIFO NIOs, in-process queues paired by crossconnect_fifo
 *
 * Copyright 2026 The Wirelab authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * A frame sent into one end is queued at the other; an eventfd wakes the I/O
 * thread, which delivers it to that end's consumer like any received frame.
 */

#define G_LOG_DOMAIN "wirelab-nio"

#include "config.h"

#include <errno.h>
#include <string.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include "nio-save.h"
#include "nio-types.h"

/* Beyond this a slow consumer loses frames, as a full socket would. */
#define QUEUE_MAX_BYTES (8 * 1024 * 1024)

typedef struct _WlNioFifo WlNioFifo;

struct _WlNioFifo
{
  wl_nio_t   parent;
  GMutex     qlock;
  GQueue     queue;          /* GBytes */
  gsize      queued;
  WlNioFifo *peer;           /* fifo_lock */
};

/* Pairing changes and sends both look at `peer` under this. */
static GMutex fifo_lock;

static void
wake (WlNioFifo *fifo)
{
  uint64_t one = 1;

  if (fifo->parent.fd >= 0)
    while (write (fifo->parent.fd, &one, sizeof one) < 0 && errno == EINTR)
      ;
}

static guint
fifo_recv (wl_nio_t  *nio,
           WlRxBatch *batch,
           guint      max)
{
  WlNioFifo *fifo = (WlNioFifo *) nio;
  uint64_t value;
  guint n = 0;

  while (read (nio->fd, &value, sizeof value) < 0 && errno == EINTR)
    ;
  g_mutex_lock (&fifo->qlock);
  while (n < max && !g_queue_is_empty (&fifo->queue))
    {
      GBytes *frame = g_queue_pop_head (&fifo->queue);
      gsize len;
      const guint8 *data = g_bytes_get_data (frame, &len);

      memcpy (batch->buf[n], data, len);
      batch->len[n++] = len;
      fifo->queued -= len;
      g_bytes_unref (frame);
    }
  if (!g_queue_is_empty (&fifo->queue))
    wake (fifo);   /* more than a batch: come back */
  g_mutex_unlock (&fifo->qlock);
  return n;
}

static guint
fifo_send (wl_nio_t           *nio,
           const struct iovec *frames,
           guint               n)
{
  WlNioFifo *fifo = (WlNioFifo *) nio;
  WlNioFifo *peer;
  guint sent = 0;

  g_mutex_lock (&fifo_lock);
  peer = fifo->peer;
  if (peer != NULL)
    {
      g_mutex_lock (&peer->qlock);
      for (guint i = 0; i < n; i++)
        {
          if (peer->queued + frames[i].iov_len > QUEUE_MAX_BYTES)
            break;
          g_queue_push_tail (&peer->queue, g_bytes_new (frames[i].iov_base, frames[i].iov_len));
          peer->queued += frames[i].iov_len;
          sent++;
        }
      g_mutex_unlock (&peer->qlock);
      if (sent > 0)
        wake (peer);
    }
  g_mutex_unlock (&fifo_lock);
  return sent;
}

static void
unpair (WlNioFifo *fifo)
{
  if (fifo->peer != NULL)
    {
      fifo->peer->peer = NULL;
      fifo->peer = NULL;
    }
}

static void
fifo_close (wl_nio_t *nio)
{
  WlNioFifo *fifo = (WlNioFifo *) nio;

  g_mutex_lock (&fifo_lock);
  unpair (fifo);
  g_mutex_unlock (&fifo_lock);
  wl_nio_fd_close (nio);
}

static void
fifo_finalize (wl_nio_t *nio)
{
  WlNioFifo *fifo = (WlNioFifo *) nio;

  g_queue_clear_full (&fifo->queue, (GDestroyNotify) g_bytes_unref);
  g_mutex_clear (&fifo->qlock);
}

static void
fifo_save (wl_nio_t *nio,
           GString  *out)
{
  g_autofree char *peer = wl_nio_fifo_dup_peer_name (nio);

  wl_save_command (out, "nio", "create_fifo", nio->name, NULL);
  /* Written once per pair, by the second of the two. */
  if (peer != NULL && strcmp (peer, nio->name) < 0)
    wl_save_command (out, "nio", "crossconnect_fifo", peer, nio->name, NULL);
}

static const WlNioClass fifo_class = {
  .type = "fifo",
  .recv = fifo_recv,
  .send = fifo_send,
  .close = fifo_close,
  .finalize = fifo_finalize,
  .save = fifo_save,
};

wl_nio_t *
wl_nio_fifo_new (const char  *name,
                 GError     **error)
{
  WlNioFifo *fifo;
  int fd = eventfd (0, EFD_CLOEXEC | EFD_NONBLOCK);

  if (fd < 0)
    {
      wl_nio_set_errno_error (error, "eventfd");
      return NULL;
    }
  fifo = g_new0 (WlNioFifo, 1);
  wl_nio_init (&fifo->parent, &fifo_class, name, fd);
  g_mutex_init (&fifo->qlock);
  g_queue_init (&fifo->queue);
  return wl_nio_start (&fifo->parent, error);
}

gboolean
wl_nio_is_fifo (wl_nio_t *nio)
{
  return nio->klass == &fifo_class;
}

gboolean
wl_nio_fifo_crossconnect (wl_nio_t *a,
                          wl_nio_t *b)
{
  WlNioFifo *fa = (WlNioFifo *) a;
  WlNioFifo *fb = (WlNioFifo *) b;

  if (!wl_nio_is_fifo (a) || !wl_nio_is_fifo (b) || a->closed || b->closed)
    return FALSE;

  g_mutex_lock (&fifo_lock);
  unpair (fa);
  unpair (fb);
  fa->peer = fb;
  fb->peer = fa;
  g_mutex_unlock (&fifo_lock);
  return TRUE;
}

char *
wl_nio_fifo_dup_peer_name (wl_nio_t *nio)
{
  WlNioFifo *fifo = (WlNioFifo *) nio;
  char *name = NULL;

  g_mutex_lock (&fifo_lock);
  if (fifo->peer != NULL)
    name = g_strdup (fifo->peer->parent.name);
  g_mutex_unlock (&fifo_lock);
  return name;
}
