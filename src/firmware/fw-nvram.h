/* fw-nvram.h: the NVRAM layout of docs/board.md, and CRC-32
 *
 * Copyright 2026 The Wirelab authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#pragma once

#include "fw-libc.h"

#define FW_NVRAM_MAGIC   0x574c4e56u   /* WLNV */
#define FW_NVRAM_VERSION 1u
#define FW_NVRAM_HDR     0x40u

typedef struct
{
  uint32_t startup_off, startup_len;
  uint32_t private_off, private_len;
  uint32_t crc;
  uint32_t generation;
} FwNvramHdr;

/* IEEE 802.3 CRC-32 as zlib's crc32(): start with 0. */
uint32_t fw_crc32            (uint32_t crc, const void *data, size_t len);

/* Checks magic, version and bounds against the NVRAM size; the CRC needs
 * the data and is the caller's (fw_nvram_check). */
bool     fw_nvram_hdr_parse  (const uint8_t hdr[FW_NVRAM_HDR], size_t nvram_size, FwNvramHdr *h);
void     fw_nvram_hdr_build  (uint8_t hdr[FW_NVRAM_HDR], const FwNvramHdr *h);
bool     fw_nvram_check      (const FwNvramHdr *h, const uint8_t *startup, const uint8_t *priv);
/* Where a new layout puts the data: startup at 0x40, private right after;
 * false if it does not fit. */
bool     fw_nvram_layout     (FwNvramHdr *h, size_t nvram_size, size_t startup_len,
                              size_t private_len, uint32_t generation);
