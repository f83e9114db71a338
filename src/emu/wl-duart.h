/* wl-duart.h: SCN2681 DUART (console and AUX), docs/board.md
 *
 * Copyright 2026 The Wirelab authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#pragma once

#include <glib.h>
#include <stdbool.h>
#include <stdint.h>

#include "emu/physmem.h"

G_BEGIN_DECLS

typedef struct wl_duart wl_duart_t;

#define WL_DUART_RX_FIFO 4096

typedef struct
{
  /* A byte the guest transmitted (CPU thread). */
  void (*tx)  (void *opaque, unsigned channel, uint8_t byte);
  /* The interrupt line changed (any thread, with the DUART lock held). */
  void (*irq) (void *opaque, bool level);
  /* A channel's FIFO that refused input has been read down to half: the
   * owner may feed it more (CPU thread, without the DUART lock).  Optional. */
  void (*rx_room) (void *opaque, unsigned channel);
} wl_duart_callbacks_t;

wl_duart_t *wl_duart_new    (const wl_duart_callbacks_t *callbacks,
                             void                       *opaque);
void        wl_duart_free   (wl_duart_t *duart);
void        wl_duart_reset  (wl_duart_t *duart);
/* Received bytes for channel 0 (A) or 1 (B), from any thread; returns how
 * many fitted in the FIFO.  When some did not fit, rx_room tells once the
 * guest has made room. */
size_t      wl_duart_input  (wl_duart_t    *duart,
                             unsigned       channel,
                             const uint8_t *data,
                             size_t         len);

/* MMIO ops for the 4 KB I/O FPGA window (the 2681 sits at +0x400). */
extern const wl_mmio_ops_t wl_duart_mmio_ops;

G_END_DECLS
