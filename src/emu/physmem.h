/* physmem.h: a board's physical address space (RAM and MMIO regions)
 *
 * Copyright 2026 The Wirelab authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * CONTRACT between the CPU (owner: src/emu/mips64-*) and the board/devices.
 * The owner may add functions; existing ones keep their meaning.
 */

#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct wl_physmem wl_physmem_t;

/* MMIO callbacks run on the thread executing the CPU.  `size` is 1, 2, 4 or 8;
 * values are right-aligned and already in host order (the CPU does the
 * big-endian byte-lane work). */
typedef struct
{
  uint64_t (*read)  (void *opaque, uint64_t offset, unsigned size);
  void     (*write) (void *opaque, uint64_t offset, uint64_t value, unsigned size);
} wl_mmio_ops_t;

wl_physmem_t *wl_physmem_new      (void);
void          wl_physmem_free     (wl_physmem_t *mem);

/* `host` is owned by the caller and holds guest bytes in guest (big-endian)
 * order; map it sparse (MAP_NORESERVE) so untouched pages cost nothing. */
void          wl_physmem_map_ram  (wl_physmem_t        *mem,
                                   uint64_t             base,
                                   uint64_t             size,
                                   uint8_t             *host);
void          wl_physmem_map_mmio (wl_physmem_t        *mem,
                                   uint64_t             base,
                                   uint64_t             size,
                                   const wl_mmio_ops_t *ops,
                                   void                *opaque);

/* Host pointer to [paddr, paddr + len) when it lies inside one RAM region. */
uint8_t      *wl_physmem_ram_ptr  (wl_physmem_t        *mem,
                                   uint64_t             paddr,
                                   uint64_t             len);

/* DMA copies (RAM only; false when the range is not RAM).  A write also
 * invalidates any decoded code in the pages it touches; safe from any thread. */
bool          wl_physmem_read     (wl_physmem_t        *mem,
                                   uint64_t             paddr,
                                   void                *buf,
                                   size_t               len);
bool          wl_physmem_write    (wl_physmem_t        *mem,
                                   uint64_t             paddr,
                                   const void          *buf,
                                   size_t               len);

/* ---- Added by the CPU owner (additions only) ----------------------------- */

/* Regions are mapped while no CPU runs (board setup); lookups never lock.
 * At most WL_PHYSMEM_MAX_REGIONS regions. */
#define WL_PHYSMEM_MAX_REGIONS 256
#define WL_PHYSMEM_PAGE_BITS   12
#define WL_PHYSMEM_PAGE_SIZE   (1u << WL_PHYSMEM_PAGE_BITS)

typedef struct
{
  uint64_t             base;
  uint64_t             size;
  uint8_t             *host;       /* RAM: guest bytes; NULL for MMIO */
  const wl_mmio_ops_t *ops;        /* MMIO only */
  void                *opaque;     /* MMIO only */
  uint8_t             *code_pages; /* RAM: one byte per page, non-zero while
                                    * the page holds decoded code */
} wl_physmem_region_t;

/* The region holding paddr, or NULL (unmapped). */
const wl_physmem_region_t *wl_physmem_lookup (wl_physmem_t *mem,
                                              uint64_t      paddr);

/* MMIO or RAM access of 1, 2, 4 or 8 bytes at a naturally aligned paddr,
 * value in host order.  False when nothing is mapped there. */
bool          wl_physmem_load     (wl_physmem_t        *mem,
                                   uint64_t             paddr,
                                   unsigned             size,
                                   uint64_t            *value);
bool          wl_physmem_store    (wl_physmem_t        *mem,
                                   uint64_t             paddr,
                                   unsigned             size,
                                   uint64_t             value);

/* Decoded-code tracking.  The CPU marks the RAM pages it decoded code from;
 * a DMA write (wl_physmem_write) into a marked page calls `hook` with the
 * range written, from the writer's thread. */
typedef void (*wl_physmem_code_hook_t) (void *opaque, uint64_t paddr, uint64_t len);

void          wl_physmem_set_code_hook (wl_physmem_t          *mem,
                                        wl_physmem_code_hook_t hook,
                                        void                  *opaque);
void          wl_physmem_code_mark     (wl_physmem_t *mem,
                                        uint64_t      paddr,
                                        bool          has_code);
bool          wl_physmem_code_test     (wl_physmem_t *mem,
                                        uint64_t      paddr);
