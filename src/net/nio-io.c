/* nio-io.c: the I/O thread that moves every NIO's frames
 *
 * Copyright 2026 The Wirelab authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#define G_LOG_DOMAIN "wirelab-nio"

#include "config.h"

#include <errno.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include "nio-private.h"

#define MAX_EVENTS   64
#define ARENA_SIZE   (4 * 1024 * 1024)
#define MAX_STAGED   2048

typedef struct
{
  GDestroyNotify func;
  gpointer       data;
} Deferred;

typedef struct
{
  wl_nio_t *nio;
  guint32   off;
  guint32   len;
  gint32    next;       /* next staged frame of the same NIO, -1: none */
} Staged;

typedef struct
{
  wl_nio_t *nio;
  gint32    head;
  gint32    tail;
} StagedNio;

struct _WlIoThread
{
  int           epfd;
  int           wakefd;
  WlIoSource    wake_source;
  GThread      *thread;

  GMutex        lock;          /* the deferred queue and counters */
  GCond         cond;
  GArray       *deferred;      /* Deferred */
  guint64       posted;
  guint64       done;

  /* Owned by the thread. */
  gboolean      dispatching;
  guint8       *arena;
  gsize         arena_used;
  Staged        staged[MAX_STAGED];
  guint         n_staged;
  StagedNio     nios[MAX_STAGED];
  guint         n_nios;
};

static WlIoThread *the_io;
static __thread WlIoThread *current_io;

static void flush_staged (WlIoThread *io);

static void
run_deferred (WlIoThread *io)
{
  GArray *batch;
  guint64 n;

  g_mutex_lock (&io->lock);
  if (io->deferred->len == 0)
    {
      g_mutex_unlock (&io->lock);
      return;
    }
  batch = io->deferred;
  io->deferred = g_array_new (FALSE, FALSE, sizeof (Deferred));
  n = batch->len;
  g_mutex_unlock (&io->lock);

  for (guint i = 0; i < batch->len; i++)
    {
      Deferred *d = &g_array_index (batch, Deferred, i);

      d->func (d->data);
    }
  g_array_unref (batch);

  g_mutex_lock (&io->lock);
  io->done += n;
  g_cond_broadcast (&io->cond);
  g_mutex_unlock (&io->lock);
}

static void
on_wakeup (WlIoSource *source,
           uint32_t    events)
{
  WlIoThread *io = (WlIoThread *) ((char *) source - G_STRUCT_OFFSET (WlIoThread, wake_source));
  uint64_t value;

  while (read (io->wakefd, &value, sizeof value) < 0 && errno == EINTR)
    ;
}

static gpointer
io_thread (gpointer data)
{
  WlIoThread *io = data;
  struct epoll_event events[MAX_EVENTS];

  current_io = io;
  for (;;)
    {
      int n = epoll_wait (io->epfd, events, MAX_EVENTS, -1);

      if (n < 0)
        {
          if (errno != EINTR)
            g_critical ("epoll_wait: %s", g_strerror (errno));
          continue;
        }
      for (int i = 0; i < n; i++)
        {
          WlIoSource *source = events[i].data.ptr;

          source->ready (source, events[i].events);
        }
      /* Sources freed during this batch go now that nothing points at them. */
      run_deferred (io);
    }
  return NULL;
}

WlIoThread *
wl_io_get (void)
{
  static gsize once = 0;

  if (g_once_init_enter (&once))
    {
      WlIoThread *io = g_new0 (WlIoThread, 1);
      struct epoll_event ev = { .events = EPOLLIN };

      io->epfd = epoll_create1 (EPOLL_CLOEXEC);
      io->wakefd = eventfd (0, EFD_CLOEXEC | EFD_NONBLOCK);
      if (io->epfd < 0 || io->wakefd < 0)
        g_error ("cannot create the I/O thread's epoll/eventfd: %s", g_strerror (errno));
      io->wake_source.ready = on_wakeup;
      ev.data.ptr = &io->wake_source;
      epoll_ctl (io->epfd, EPOLL_CTL_ADD, io->wakefd, &ev);
      g_mutex_init (&io->lock);
      g_cond_init (&io->cond);
      io->deferred = g_array_new (FALSE, FALSE, sizeof (Deferred));
      io->arena = g_malloc (ARENA_SIZE);
      io->thread = g_thread_new ("wl-nio-io", io_thread, io);
      g_atomic_pointer_set (&the_io, io);
      g_once_init_leave (&once, 1);
    }
  return the_io;
}

WlIoThread *
wl_io_peek (void)
{
  return g_atomic_pointer_get (&the_io);
}

gboolean
wl_io_is_current (WlIoThread *io)
{
  return current_io == io;
}

gboolean
wl_io_add (WlIoThread  *io,
           int          fd,
           WlIoSource  *source,
           GError     **error)
{
  struct epoll_event ev = { .events = EPOLLIN, .data.ptr = source };

  if (epoll_ctl (io->epfd, EPOLL_CTL_ADD, fd, &ev) != 0)
    {
      int saved = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   "epoll_ctl: %s", g_strerror (saved));
      return FALSE;
    }
  return TRUE;
}

void
wl_io_remove (WlIoThread *io,
              int         fd)
{
  epoll_ctl (io->epfd, EPOLL_CTL_DEL, fd, NULL);
}

static void
wake (WlIoThread *io)
{
  uint64_t one = 1;

  while (write (io->wakefd, &one, sizeof one) < 0 && errno == EINTR)
    ;
}

void
wl_io_defer (WlIoThread     *io,
             GDestroyNotify  func,
             gpointer        data)
{
  Deferred d = { func, data };

  g_mutex_lock (&io->lock);
  g_array_append_val (io->deferred, d);
  io->posted++;
  g_mutex_unlock (&io->lock);
  if (current_io != io)
    wake (io);
}

static void
nothing (gpointer data)
{
}

void
wl_io_sync (WlIoThread *io)
{
  guint64 target;

  if (current_io == io)
    return;
  wl_io_defer (io, nothing, NULL);
  g_mutex_lock (&io->lock);
  target = io->posted;
  while (io->done < target)
    g_cond_wait (&io->cond, &io->lock);
  g_mutex_unlock (&io->lock);
}

/* Staging */

void
wl_io_begin_dispatch (WlIoThread *io)
{
  io->dispatching = TRUE;
}

void
wl_io_end_dispatch (WlIoThread *io)
{
  io->dispatching = FALSE;
  flush_staged (io);
}

gboolean
wl_io_stage (wl_nio_t     *nio,
             const guint8 *frame,
             gsize         len)
{
  WlIoThread *io = current_io;
  Staged *s;
  StagedNio *sn = NULL;

  if (io == NULL || !io->dispatching)
    return FALSE;

  if (io->n_staged == MAX_STAGED || io->arena_used + len > ARENA_SIZE)
    flush_staged (io);

  /* Few NIOs per batch: a short scan, newest first. */
  for (guint i = io->n_nios; i > 0; i--)
    if (io->nios[i - 1].nio == nio)
      {
        sn = &io->nios[i - 1];
        break;
      }
  if (sn == NULL)
    {
      sn = &io->nios[io->n_nios++];
      sn->nio = wl_nio_ref (nio);     /* alive until written */
      sn->head = -1;
      sn->tail = -1;
    }

  s = &io->staged[io->n_staged];
  s->nio = nio;
  s->off = io->arena_used;
  s->len = len;
  s->next = -1;
  memcpy (io->arena + io->arena_used, frame, len);
  io->arena_used += (len + 15) & ~(gsize) 15;
  if (sn->tail >= 0)
    io->staged[sn->tail].next = io->n_staged;
  else
    sn->head = io->n_staged;
  sn->tail = io->n_staged;
  io->n_staged++;
  return TRUE;
}

static void
flush_staged (WlIoThread *io)
{
  struct iovec iov[WL_NIO_BATCH];
  guint n_nios = io->n_nios;

  if (io->n_staged == 0 && n_nios == 0)
    return;

  for (guint i = 0; i < n_nios; i++)
    {
      StagedNio *sn = &io->nios[i];
      guint n = 0;

      for (gint32 j = sn->head; j >= 0; j = io->staged[j].next)
        {
          iov[n].iov_base = io->arena + io->staged[j].off;
          iov[n].iov_len = io->staged[j].len;
          if (++n == WL_NIO_BATCH)
            {
              wl_nio_transmit (sn->nio, iov, n, WL_NIO_STAGE_ALL);
              n = 0;
            }
        }
      if (n > 0)
        wl_nio_transmit (sn->nio, iov, n, WL_NIO_STAGE_ALL);
    }

  io->n_staged = 0;
  io->arena_used = 0;
  io->n_nios = 0;
  for (guint i = 0; i < n_nios; i++)
    wl_nio_unref (io->nios[i].nio);
}
