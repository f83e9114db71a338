/* wl-elf.h: loading router images (ELF32/ELF64 big-endian MIPS) with libelf
 *
 * Copyright 2026 The Wirelab authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * An image is opened and checked completely before anything is touched, so a
 * bad image fails `vm start` with nothing to undo.  Loading copies the
 * PT_LOAD segments into RAM (zero-filling the rest of each segment).
 */

#pragma once

#include <glib.h>
#include <stdint.h>

G_BEGIN_DECLS

#define WL_ELF_ERROR (wl_elf_error_quark ())
GQuark wl_elf_error_quark (void);

typedef struct wl_elf_image wl_elf_image_t;

/* RAM above this many bytes continues at physical 0x20000000 (docs/board.md). */
#define WL_RAM_LOW_LIMIT   0x1c000000ull
#define WL_RAM_HIGH_BASE   0x20000000ull

/* Host offset in a contiguous RAM buffer of a physical range, or -1 when the
 * range is not entirely inside RAM. */
int64_t          wl_ram_offset          (uint64_t ram_size,
                                         uint64_t paddr,
                                         uint64_t len);

wl_elf_image_t  *wl_elf_image_open      (const char *path,
                                         uint64_t    ram_size,
                                         GError    **error);
void             wl_elf_image_free      (wl_elf_image_t *image);
uint64_t         wl_elf_image_entry     (const wl_elf_image_t *image);
gboolean         wl_elf_image_is_elf64  (const wl_elf_image_t *image);
guint            wl_elf_image_n_segments (const wl_elf_image_t *image);
/* Copies every segment into `ram` (ram_size bytes, laid out as physical
 * memory with the 448 MB split).  Calls `touched` for each physical range
 * written, so decoded code can be dropped. */
void             wl_elf_image_load      (const wl_elf_image_t *image,
                                         uint8_t              *ram,
                                         uint64_t              ram_size,
                                         void                (*touched) (void    *opaque,
                                                                         uint64_t paddr,
                                                                         uint64_t len),
                                         void                 *opaque);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (wl_elf_image_t, wl_elf_image_free)

G_END_DECLS
