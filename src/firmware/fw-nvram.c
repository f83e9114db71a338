/* fw-nvram.c: the NVRAM layout of docs/board.md, and CRC-32
 *
 * Copyright 2026 The Wirelab authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#define G_LOG_DOMAIN "wirelab-fw"

#include "config.h"

#include "fw-nvram.h"
#include "fw-pkt.h"

static uint32_t crc_table[256];
static bool crc_ready;

uint32_t
fw_crc32 (uint32_t    crc,
          const void *data,
          size_t      len)
{
  const uint8_t *p = data;

  if (!crc_ready)
    {
      for (uint32_t i = 0; i < 256; i++)
        {
          uint32_t c = i;

          for (int k = 0; k < 8; k++)
            c = (c & 1) ? 0xedb88320u ^ (c >> 1) : c >> 1;
          crc_table[i] = c;
        }
      crc_ready = true;
    }
  crc = ~crc;
  while (len--)
    crc = crc_table[(crc ^ *p++) & 0xff] ^ (crc >> 8);
  return ~crc;
}

static bool
in_bounds (uint32_t off,
           uint32_t len,
           size_t   size)
{
  if (len == 0)
    return true;
  return off >= FW_NVRAM_HDR && off <= size && len <= size - off;
}

bool
fw_nvram_hdr_parse (const uint8_t hdr[FW_NVRAM_HDR],
                    size_t        nvram_size,
                    FwNvramHdr   *h)
{
  if (nvram_size < FW_NVRAM_HDR || fw_rd32 (hdr) != FW_NVRAM_MAGIC
      || fw_rd32 (hdr + 4) != FW_NVRAM_VERSION)
    return false;
  h->startup_off = fw_rd32 (hdr + 0x08);
  h->startup_len = fw_rd32 (hdr + 0x0c);
  h->private_off = fw_rd32 (hdr + 0x10);
  h->private_len = fw_rd32 (hdr + 0x14);
  h->crc = fw_rd32 (hdr + 0x18);
  h->generation = fw_rd32 (hdr + 0x1c);
  return in_bounds (h->startup_off, h->startup_len, nvram_size)
         && in_bounds (h->private_off, h->private_len, nvram_size);
}

void
fw_nvram_hdr_build (uint8_t           hdr[FW_NVRAM_HDR],
                    const FwNvramHdr *h)
{
  memset (hdr, 0, FW_NVRAM_HDR);
  fw_wr32 (hdr, FW_NVRAM_MAGIC);
  fw_wr32 (hdr + 0x04, FW_NVRAM_VERSION);
  fw_wr32 (hdr + 0x08, h->startup_off);
  fw_wr32 (hdr + 0x0c, h->startup_len);
  fw_wr32 (hdr + 0x10, h->private_off);
  fw_wr32 (hdr + 0x14, h->private_len);
  fw_wr32 (hdr + 0x18, h->crc);
  fw_wr32 (hdr + 0x1c, h->generation);
}

bool
fw_nvram_check (const FwNvramHdr *h,
                const uint8_t    *startup,
                const uint8_t    *priv)
{
  uint32_t crc = fw_crc32 (0, startup, h->startup_len);

  crc = fw_crc32 (crc, priv, h->private_len);
  return crc == h->crc;
}

bool
fw_nvram_layout (FwNvramHdr *h,
                 size_t      nvram_size,
                 size_t      startup_len,
                 size_t      private_len,
                 uint32_t    generation)
{
  if (nvram_size < FW_NVRAM_HDR || startup_len > nvram_size - FW_NVRAM_HDR
      || private_len > nvram_size - FW_NVRAM_HDR - startup_len)
    return false;
  h->startup_off = startup_len ? FW_NVRAM_HDR : 0;
  h->startup_len = (uint32_t) startup_len;
  h->private_off = private_len ? FW_NVRAM_HDR + (uint32_t) startup_len : 0;
  h->private_len = (uint32_t) private_len;
  h->generation = generation;
  h->crc = 0;
  return true;
}
