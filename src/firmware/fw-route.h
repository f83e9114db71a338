/* fw-route.h: the routing table (connected, local, static, RIP) and the
 * longest-prefix-match lookup the forwarding path uses
 *
 * Copyright 2026 The Wirelab authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#pragma once

#include "fw-libc.h"

#define FW_ROUTE_MAX 1024
#define FW_STATIC_MAX 256

typedef struct
{
  uint32_t prefix, mask;
  uint8_t  plen;
  char     code;         /* 'C' 'L' 'S' 'R' */
  uint8_t  distance;
  uint32_t metric;
  uint32_t gateway;      /* as configured or learned; 0: directly connected */
  int16_t  ifindex;      /* as configured or learned; -1: recursive */
  int16_t  out_if;       /* resolved outgoing interface */
  uint32_t nexthop;      /* resolved next hop; 0: the destination itself */
  uint64_t updated;      /* RIP: last update */
} FwRoute;

typedef struct
{
  uint32_t prefix, mask;
  uint32_t gateway;            /* 0 if none */
  char     ifname[48];         /* "" if none */
  uint8_t  distance;
  bool     permanent;
} FwStatic;

extern FwStatic fw_statics[FW_STATIC_MAX];
extern int fw_n_statics;

/* The installed routes sorted by prefix then length (show ip route). */
extern FwRoute fw_routes[FW_ROUTE_MAX];
extern int fw_n_routes;
/* Bumped whenever the table changes. */
extern uint32_t fw_route_gen;

/* Recomputes the table from the interfaces, the statics and RIP. */
void            fw_route_rebuild     (void);
/* Asks for a rebuild at the end of this loop turn (cheap to call often). */
void            fw_route_changed     (void);
void            fw_route_commit      (void);
const FwRoute  *fw_route_lookup      (uint32_t dst);
/* The route for exactly this prefix, or NULL. */
const FwRoute  *fw_route_find        (uint32_t prefix, uint32_t mask);

bool            fw_static_add        (const FwStatic *s);
bool            fw_static_del        (const FwStatic *s, bool match_all);
