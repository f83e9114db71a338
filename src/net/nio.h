/* nio.h: network I/O descriptors, the ends of every link
 *
 * Copyright 2026 The Wirelab authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * CONTRACT (owner: src/net/).  Users: ethsw, nio_bridge, frsw, the fifo
 * cross-connect, and the emulator's NICs (src/emu).  The owner may add
 * functions; existing ones keep their meaning.
 *
 * A frame is one raw Ethernet frame (or L2 frame of a serial link), from the
 * destination MAC on, no FCS: exactly one UDP NIO datagram (spec section 8).
 */

#pragma once

#include <stddef.h>
#include <stdint.h>

#include <glib.h>

G_BEGIN_DECLS

typedef struct wl_nio wl_nio_t;

/* Called with each received frame, after the RX filter, on an I/O thread.
 * `frame` is valid only during the call (the consumer may modify it in
 * place).  A consumer that must not block the I/O thread copies what it
 * needs and returns. */
typedef void (*wl_nio_rx_func) (wl_nio_t      *nio,
                                const uint8_t *frame,
                                size_t         len,
                                void          *opaque);

wl_nio_t   *wl_nio_ref      (wl_nio_t *nio);
void        wl_nio_unref    (wl_nio_t *nio);
const char *wl_nio_get_name (wl_nio_t *nio);

/* Binds the one consumer of the NIO's received frames.  FALSE when another
 * consumer is bound (the protocol's 205).  While bound, `nio delete` is 207;
 * so is it while anyone but the registry holds a reference (a VM's slot
 * binding, as in Dynamips). */
gboolean    wl_nio_attach   (wl_nio_t       *nio,
                             wl_nio_rx_func  func,
                             void           *opaque);
/* When this returns, the callback is not running and will not run again.
 * It waits for a batch being delivered, so never call it (nor the last
 * wl_nio_unref) while holding a lock your RX callback takes. */
void        wl_nio_detach   (wl_nio_t       *nio);

/* Sends one frame through the TX filter.  Any thread; never blocks on a
 * command.  Frames sent from inside an RX callback are batched (sendmmsg)
 * until the I/O thread's batch ends; other threads may batch explicitly with
 * wl_nio_send_batch. */
void        wl_nio_send       (wl_nio_t      *nio,
                               const uint8_t *frame,
                               size_t         len);
void        wl_nio_send_batch (wl_nio_t            *nio,
                               const uint8_t *const *frames,
                               const size_t         *lens,
                               unsigned              n);

/* Added by the owner. */

/* "udp", "udp_auto", "unix", "tap", "gen_eth", "linux_eth", "null", "fifo". */
const char *wl_nio_get_type_name (wl_nio_t *nio);
gboolean    wl_nio_is_attached   (wl_nio_t *nio);

/* Counted after the filters, as `nio get_stats` reports them. */
typedef struct
{
  guint64 pkts_in;
  guint64 pkts_out;
  guint64 bytes_in;
  guint64 bytes_out;
} WlNioStats;

void        wl_nio_get_stats     (wl_nio_t   *nio,
                                  WlNioStats *stats);
void        wl_nio_reset_stats   (wl_nio_t   *nio);
/* `nio set_bandwidth` (kbit/s, 0: none): stored for NIC models to pace by;
 * the NIO itself does not shape. */
void        wl_nio_set_bandwidth (wl_nio_t   *nio,
                                  guint       kbit_per_s);
guint       wl_nio_get_bandwidth (wl_nio_t   *nio);
/* `nio set_debug`: > 0 logs a hex dump of every frame. */
void        wl_nio_set_debug     (wl_nio_t   *nio,
                                  gint        level);

/* Returns once the I/O thread has finished what it was doing when called:
 * frames in flight are out and deleted NIOs are freed.  Never call it
 * from an RX callback. */
void        wl_net_sync          (void);

G_END_DECLS
