/* wl-nic.h: the paravirtual NIC (docs/board.md, "Paravirtual NIC")
 *
 * Copyright 2026 The Wirelab authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * Rings live in guest RAM and are reached by DMA (wl_physmem_read/write).
 * Receive runs on the NIO's I/O thread, transmit on the CPU thread at the
 * doorbell; a per-NIC lock keeps the registers consistent between them.
 */

#pragma once

#include <glib.h>
#include <stdbool.h>
#include <stdint.h>

#include "emu/physmem.h"
#include "net/nio.h"

G_BEGIN_DECLS

typedef struct wl_nic wl_nic_t;

#define WL_NIC_BLOCK      0x100
#define WL_NIC_MAX_FRAME  65535

/* IRQ_STATUS bits */
#define WL_NIC_IRQ_RX      0x1
#define WL_NIC_IRQ_TX      0x2
#define WL_NIC_IRQ_LINK    0x4
#define WL_NIC_IRQ_RX_DROP 0x8

/* The NIC's interrupt output changed (IRQ_STATUS & IRQ_MASK != 0). */
typedef void (*wl_nic_irq_func) (void *opaque, unsigned index, bool level);
/* A received frame was written into guest RAM, whatever the interrupt mask
 * says (the NIC's thread, after the NIC lock is released). */
typedef void (*wl_nic_dma_func) (void *opaque, unsigned index);

wl_nic_t *wl_nic_new      (wl_physmem_t    *mem,
                           unsigned         index,
                           const uint8_t    mac[6],
                           wl_nic_irq_func  irq,
                           wl_nic_dma_func  dma,
                           void            *opaque);
void      wl_nic_free     (wl_nic_t *nic);
/* Registers, rings and interrupts to their reset state; counters kept. */
void      wl_nic_reset    (wl_nic_t *nic);
/* The NIO frames are sent through (NULL: none) and whether the link is up.
 * Any thread. */
void      wl_nic_set_nio  (wl_nic_t *nic,
                           wl_nio_t *nio,
                           bool      link);
/* A frame from the link, any thread (normally the NIO's I/O thread). */
void      wl_nic_receive  (wl_nic_t      *nic,
                           const uint8_t *frame,
                           size_t         len);
/* Counters: frames received, sent. */
void      wl_nic_get_counts (wl_nic_t *nic,
                             uint64_t *rx_frames,
                             uint64_t *tx_frames);

extern const wl_mmio_ops_t wl_nic_mmio_ops;

G_END_DECLS
