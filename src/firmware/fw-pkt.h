/* fw-pkt.h: frame buffers
 *
 * Copyright 2026 The Wirelab authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * One fixed-size buffer per frame.  A received frame starts FW_PKT_HEADROOM
 * bytes in, so a VLAN tag can be pushed in front of it without copying, and
 * the forwarding path hands the very buffer the NIC filled to the egress
 * NIC's ring.
 */

#pragma once

#include "fw-libc.h"

#define FW_PKT_SIZE      2048
#define FW_PKT_HEADROOM  66      /* IP header 4-byte aligned behind 14 bytes */

typedef struct FwPkt FwPkt;
struct FwPkt
{
  FwPkt   *next;
  uint8_t *data;
  uint16_t len;
  int16_t  ifindex;       /* logical interface it came in on, -1: local */
  uint32_t flags;
  uint8_t  buf[FW_PKT_SIZE - 24];
};

#define FW_PKT_DATA_MAX (sizeof (((FwPkt *) 0)->buf) - FW_PKT_HEADROOM)

void     fw_pkt_init   (uint32_t max_pkts);
FwPkt   *fw_pkt_alloc  (void);
void     fw_pkt_free   (FwPkt *pkt);
uint32_t fw_pkt_in_use (void);
uint32_t fw_pkt_failures (void);

/* Big-endian field access; byte-wise because fields are rarely aligned. */
static inline uint16_t
fw_rd16 (const uint8_t *p)
{
  return (uint16_t) ((p[0] << 8) | p[1]);
}

static inline uint32_t
fw_rd32 (const uint8_t *p)
{
  return ((uint32_t) p[0] << 24) | ((uint32_t) p[1] << 16) | ((uint32_t) p[2] << 8) | p[3];
}

static inline void
fw_wr16 (uint8_t *p, uint16_t v)
{
  p[0] = (uint8_t) (v >> 8);
  p[1] = (uint8_t) v;
}

static inline void
fw_wr32 (uint8_t *p, uint32_t v)
{
  p[0] = (uint8_t) (v >> 24);
  p[1] = (uint8_t) (v >> 16);
  p[2] = (uint8_t) (v >> 8);
  p[3] = (uint8_t) v;
}
