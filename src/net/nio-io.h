/* nio-io.h: the I/O thread that moves every NIO's frames
 *
 * Copyright 2026 The Wirelab authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * One thread for the process: epoll over every descriptor (no 1024 limit),
 * recvmmsg/sendmmsg batches, preallocated buffers.  Frames a consumer sends
 * while it handles received ones are staged and leave together at the end
 * of the batch.  Anything freed that the thread may still be looking at is
 * freed by the thread itself once its current batch is done.
 */

#pragma once

#include <glib.h>
#include <stdint.h>

G_BEGIN_DECLS

typedef struct wl_nio wl_nio_t;
typedef struct _WlIoThread WlIoThread;
typedef struct _WlIoSource WlIoSource;

/* What epoll_event.data points at: a NIO, a filter's timer, the wakeup fd. */
struct _WlIoSource
{
  void (*ready) (WlIoSource *source,
                 uint32_t    events);
};

/* The process's I/O thread, started on first use. */
WlIoThread *wl_io_get             (void);
/* NULL while no I/O thread was ever needed. */
WlIoThread *wl_io_peek            (void);
gboolean    wl_io_add             (WlIoThread     *io,
                                   int             fd,
                                   WlIoSource     *source,
                                   GError        **error);
/* No new events for `fd`; events already fetched may still be delivered
 * during the current batch, so free the source with wl_io_defer. */
void        wl_io_remove          (WlIoThread     *io,
                                   int             fd);
/* Runs func (data) on the I/O thread after its current batch. */
void        wl_io_defer           (WlIoThread     *io,
                                   GDestroyNotify  func,
                                   gpointer        data);
/* Waits until everything deferred so far has run (no-op on the I/O thread). */
void        wl_io_sync            (WlIoThread     *io);
gboolean    wl_io_is_current      (WlIoThread     *io);

/* While the I/O thread delivers frames, wl_nio_send stages what consumers
 * send (copied) instead of writing it; the batch's end writes them. */
gboolean    wl_io_stage           (wl_nio_t       *nio,
                                   const guint8   *frame,
                                   gsize           len);
void        wl_io_begin_dispatch  (WlIoThread     *io);
void        wl_io_end_dispatch    (WlIoThread     *io);

G_END_DECLS
