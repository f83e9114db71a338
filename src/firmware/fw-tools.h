/* fw-tools.h: ping and traceroute
 *
 * Copyright 2026 The Wirelab authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#pragma once

#include "fw-libc.h"

typedef struct
{
  uint32_t dst;
  uint32_t count;         /* repeat */
  uint32_t size;          /* datagram size, IP header included */
  uint32_t timeout_s;
  uint32_t src;           /* 0: the outgoing interface's */
} FwPingOptions;

typedef struct
{
  uint32_t sent, received;
  uint32_t min_ms, max_ms, total_ms;
} FwPingResult;

/* Prints IOS ping output on the CLI while it runs. */
void fw_ping       (const FwPingOptions *opts, FwPingResult *result);
void fw_traceroute (uint32_t dst, uint32_t max_ttl, uint32_t timeout_s);
