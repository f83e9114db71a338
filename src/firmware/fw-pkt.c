/* fw-pkt.c: the frame buffer pool
 *
 * Copyright 2026 The Wirelab authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * Buffers are carved from the heap in chunks as the load asks for them and
 * then recycled through a free list; they are never given back.
 */

#define G_LOG_DOMAIN "wirelab-fw"

#include "config.h"

#include "fw-pkt.h"

#define CHUNK 32

static FwPkt *free_pkts;
static uint32_t allocated, in_use, max_pkts, failures;

void
fw_pkt_init (uint32_t max)
{
  max_pkts = max;
}

FwPkt *
fw_pkt_alloc (void)
{
  FwPkt *p;

  if (FW_UNLIKELY (free_pkts == NULL))
    {
      FwPkt *chunk;

      if (allocated + CHUNK > max_pkts
          || (chunk = fw_malloc (CHUNK * sizeof (FwPkt))) == NULL)
        {
          failures++;
          return NULL;
        }
      for (int i = 0; i < CHUNK; i++)
        {
          chunk[i].next = free_pkts;
          free_pkts = &chunk[i];
        }
      allocated += CHUNK;
    }
  p = free_pkts;
  free_pkts = p->next;
  p->next = NULL;
  p->data = p->buf + FW_PKT_HEADROOM;
  p->len = 0;
  p->ifindex = -1;
  p->flags = 0;
  in_use++;
  return p;
}

void
fw_pkt_free (FwPkt *p)
{
  if (p == NULL)
    return;
  p->next = free_pkts;
  free_pkts = p;
  in_use--;
}

uint32_t
fw_pkt_in_use (void)
{
  return in_use;
}

uint32_t
fw_pkt_failures (void)
{
  return failures;
}
