/* nio-private.h: NIO internals shared by the NIO types, filters and I/O thread
 *
 * Copyright 2026 The Wirelab authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * Locking: rx_lock is held while the I/O thread reads and delivers a batch of
 * a NIO's frames (and by attach/detach), tx_lock while frames are filtered
 * and written.  Closing takes both, so no read or write ever runs on a closed
 * descriptor.  Filter slots change only with both held.  Lock order: a NIO's
 * rx_lock, then a consumer's own lock, then any NIO's tx_lock, then a
 * filter's lock.
 */

#pragma once

#include <stdbool.h>
#include <sys/uio.h>

#include <gio/gio.h>

#include "nio.h"
#include "nio-io.h"

G_BEGIN_DECLS

/* The biggest frame a NIO carries (a UDP datagram's payload fits). */
#define WL_NIO_MAX_FRAME   65536
/* Frames per recvmmsg/sendmmsg. */
#define WL_NIO_BATCH       64

typedef struct _WlNioFilter WlNioFilter;

/* Received frames: the I/O thread's buffers, filled by a NIO type's recv. */
typedef struct
{
  guint8  *buf[WL_NIO_BATCH];      /* WL_NIO_MAX_FRAME + headroom each */
  gsize    len[WL_NIO_BATCH];
} WlRxBatch;

typedef struct
{
  const char *type;                 /* "udp", "unix", "tap" … */
  /* Reads up to `max` frames (rx_lock held, I/O thread); returns how many. */
  guint  (*recv)     (wl_nio_t           *nio,
                      WlRxBatch          *batch,
                      guint               max);
  /* Writes frames (tx_lock held, any thread); returns how many went out. */
  guint  (*send)     (wl_nio_t           *nio,
                      const struct iovec *frames,
                      guint               n);
  /* Releases what ties the NIO to the host: descriptors, ports, devices
   * (both locks held).  The NIO receives and sends nothing afterwards. */
  void   (*close)    (wl_nio_t           *nio);
  /* Frees the type's state (nothing touches the NIO any more). */
  void   (*finalize) (wl_nio_t           *nio);
  /* Appends the commands that recreate the NIO (`nio create_…`). */
  void   (*save)     (wl_nio_t           *nio,
                      GString            *out);
} WlNioClass;

typedef enum
{
  WL_NIO_DIR_RX,
  WL_NIO_DIR_TX,
  WL_NIO_DIR_BOTH,
  WL_NIO_N_DIRS
} WlNioDir;

struct wl_nio
{
  WlIoSource        source;         /* first: the epoll registration */
  gint              ref;
  const WlNioClass *klass;
  char             *name;
  GPtrArray        *old_names;      /* names stay valid for wl_nio_get_name */
  int               fd;             /* -1: none */
  WlIoThread       *io;             /* set when registered */
  gboolean          closed;

  GMutex            rx_lock;
  wl_nio_rx_func    rx_func;
  void             *rx_opaque;

  GMutex            tx_lock;
  WlNioFilter      *filters[WL_NIO_N_DIRS];

  /* Counted after filters (spec section 6); relaxed atomics. */
  guint64           pkts_in;
  guint64           pkts_out;
  guint64           bytes_in;
  guint64           bytes_out;

  guint             bandwidth;      /* kbit/s, informative */
  gint              debug;
};

/* nio.c */
void      wl_nio_init          (wl_nio_t         *nio,
                                const WlNioClass *klass,
                                const char       *name,
                                int               fd);
/* Registers the NIO's fd (if any) with the I/O thread.  Returns `nio`, or
 * NULL after dropping the constructor's reference (the NIO is gone). */
wl_nio_t *wl_nio_start         (wl_nio_t         *nio,
                                GError          **error);
/* Filter stages: a direction runs its own slot (stage 0), then the BOTH
 * slot (stage 1); a frame a filter held back (delay) resumes at the stage
 * after that filter's. */
#define WL_NIO_STAGE_ALL   0
#define WL_NIO_STAGE_BOTH  1
#define WL_NIO_STAGE_NONE  2

/* Delivers a received frame (rx_lock held): filters from `stage`, stats,
 * the consumer.  The filters may modify `frame`. */
void      wl_nio_deliver       (wl_nio_t         *nio,
                                guint8           *frame,
                                gsize             len,
                                guint             stage);
/* wl_nio_deliver from outside a receive batch (a frame a filter held):
 * takes rx_lock and sends what the consumer sends in one batch. */
void      wl_nio_deliver_held  (wl_nio_t         *nio,
                                guint8           *frame,
                                gsize             len,
                                guint             stage);
/* Filters from `stage` and writes frames whose buffers filters may modify
 * (takes tx_lock). */
void      wl_nio_transmit      (wl_nio_t         *nio,
                                struct iovec     *frames,
                                guint             n,
                                guint             stage);
/* `nio delete`: releases the host resources now; the memory goes with the
 * last reference. */
void      wl_nio_close         (wl_nio_t         *nio);
void      wl_nio_set_name      (wl_nio_t         *nio,
                                const char       *name);
void      wl_nio_hexdump       (wl_nio_t         *nio,
                                const char       *what,
                                const guint8     *frame,
                                gsize             len);
/* An error with errno's code, "<format>: <strerror>" (nio-socket.c). */
void      wl_nio_set_errno_error (GError        **error,
                                  const char     *format,
                                  ...) G_GNUC_PRINTF (2, 3);
/* Both locks, in order (skipping rx_lock when this thread holds it). */
void      wl_nio_lock_all      (wl_nio_t         *nio);
void      wl_nio_unlock_all    (wl_nio_t         *nio);

/* nio-filter.c */
typedef enum
{
  WL_FILTER_PASS,
  WL_FILTER_DROP,
  WL_FILTER_TAKEN,   /* the filter keeps the frame (delay) */
} WlFilterVerdict;

/* Runs the filters of `nio` for direction `dir` (RX or TX) from `stage` on
 * (the lock of that direction held). */
WlFilterVerdict wl_nio_filters_run (wl_nio_t *nio,
                                    WlNioDir  dir,
                                    guint     stage,
                                    guint8   *frame,
                                    gsize    *len);
gboolean        wl_nio_has_filters (wl_nio_t *nio,
                                    WlNioDir  dir);
/* Frees a filter unbound from its NIO (both NIO locks held by the caller,
 * who made sure nothing runs it any more). */
void            wl_nio_filter_free (WlNioFilter *filter);

/* The thread currently delivering this NIO's frames holds its rx_lock. */
wl_nio_t *wl_nio_current_rx    (void);

G_END_DECLS
