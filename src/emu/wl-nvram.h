/* wl-nvram.h: the NVRAM file and its configuration layout
 *
 * Copyright 2026 The Wirelab authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * Layout (docs/board.md, "NVRAM layout"): a 64-byte header then the data.
 * The hypervisor reads and writes configurations in it (extract_config,
 * push_config, set_config); the firmware does the same from the guest.
 */

#pragma once

#include <glib.h>
#include <stdint.h>

G_BEGIN_DECLS

#define WL_NVRAM_MAGIC      0x574c4e56u   /* WLNV */
#define WL_NVRAM_VERSION    1u
#define WL_NVRAM_DATA_START 0x40u

uint32_t   wl_crc32               (uint32_t    crc,
                                   const void *buf,
                                   size_t      len);

/* FALSE when the block holds no valid configuration (bad magic, bounds or
 * CRC, or both lengths zero).  The returned parts may be NULL when empty. */
gboolean   wl_nvram_layout_parse  (const uint8_t *nvram,
                                   size_t         size,
                                   GBytes       **startup,
                                   GBytes       **private_config);

/* Writes both parts; a NULL part keeps what the block holds now.  FALSE with
 * an error when they do not fit (nothing is changed then). */
gboolean   wl_nvram_layout_write  (uint8_t       *nvram,
                                   size_t         size,
                                   GBytes        *startup,
                                   GBytes        *private_config,
                                   GError       **error);

/* The same on a file that is not mapped by a running VM.  update creates the
 * file (size bytes) if needed and replaces it atomically. */
gboolean   wl_nvram_file_extract  (const char    *path,
                                   GBytes       **startup,
                                   GBytes       **private_config,
                                   GError       **error);
gboolean   wl_nvram_file_update   (const char    *path,
                                   size_t         size,
                                   GBytes        *startup,
                                   GBytes        *private_config,
                                   GError       **error);

/* A file mapped shared for a running VM. */
typedef struct wl_nvram_map wl_nvram_map_t;

wl_nvram_map_t *wl_nvram_map_open  (const char      *path,
                                    size_t           size,
                                    GError         **error);
uint8_t        *wl_nvram_map_data  (wl_nvram_map_t  *map);
size_t          wl_nvram_map_size  (wl_nvram_map_t  *map);
void            wl_nvram_map_flush (wl_nvram_map_t  *map);
void            wl_nvram_map_close (wl_nvram_map_t  *map);

G_END_DECLS
