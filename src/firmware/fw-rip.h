/* fw-rip.h: RIP version 1 and 2 (RFC 2453) as IOS runs it
 *
 * Copyright 2026 The Wirelab authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#pragma once

#include "fw-libc.h"
#include "fw-pkt.h"

#define FW_RIP_PORT 520
#define FW_RIP_INFINITY 16
#define FW_RIP_MAX_NETS 64
#define FW_RIP_MAX_ROUTES 512
#define FW_RIP_GROUP 0xe0000009u

typedef struct
{
  bool     enabled;
  uint8_t  version;           /* 0: default (send 1, receive 1 and 2) */
  bool     auto_summary;
  bool     default_originate;
  bool     redist_static;
  bool     redist_connected;
  uint32_t update_s, invalid_s, holddown_s, flush_s;
  bool     timers_set;
  uint32_t networks[FW_RIP_MAX_NETS];
  int      n_networks;
  char     passive[32][48];
  int      n_passive;
} FwRipConfig;

typedef struct
{
  bool     used;
  uint32_t prefix, mask;
  uint32_t metric;            /* 16: unreachable, being withdrawn */
  uint32_t gateway;           /* 0: directly connected */
  int16_t  ifindex;
  uint64_t updated;           /* last update that kept it alive */
  uint64_t down_since;        /* 0 if valid: holddown start */
  bool     changed;           /* for the next triggered update */
  bool     connected;
} FwRipRoute;

extern FwRipConfig fw_rip;
extern FwRipRoute fw_rip_routes[FW_RIP_MAX_ROUTES];

void  fw_rip_init             (void);
void  fw_rip_reset            (void);          /* no router rip */
void  fw_rip_config_changed   (void);          /* networks, passive, version... */
/* The interface set or the connected networks changed. */
void  fw_rip_interfaces_changed (void);
void  fw_rip_input            (int ifindex, uint32_t src, uint16_t sport,
                               const uint8_t *data, size_t len);
/* Whether RIP runs on an interface (a network statement covers it). */
bool  fw_rip_if_enabled       (int ifindex);
bool  fw_rip_if_passive       (int ifindex);
bool  fw_rip_network_add      (uint32_t net);
bool  fw_rip_network_del      (uint32_t net);
bool  fw_rip_passive_set      (const char *ifname, bool on);
void  fw_rip_clear            (void);          /* clear ip route * */
