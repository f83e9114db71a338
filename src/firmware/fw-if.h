/* fw-if.h: the router's interfaces: physical ports, 802.1Q subinterfaces,
 * loopbacks
 *
 * Copyright 2026 The Wirelab authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#pragma once

#include "fw-libc.h"

#define FW_IF_MAX 256
#define FW_IF_NAME_MAX 48

typedef enum
{
  FW_IF_PHYS,
  FW_IF_SUB,
  FW_IF_LOOP,
} FwIfKind;

typedef enum
{
  FW_ADDR_UNSET,
  FW_ADDR_MANUAL,
  FW_ADDR_NVRAM,
} FwAddrMethod;

typedef struct
{
  uint32_t in_pkts, in_bytes, out_pkts, out_bytes;
  uint32_t in_bcast, in_mcast, in_drops, out_drops, in_unknown;
} FwIfCounters;

/* "5 minute input rate": IOS's decaying average over load-interval 300,
 * one step per 5 s, computed when asked for (an idle router never wakes for
 * it).  Rates are in 1/256 units. */
typedef struct
{
  uint64_t at;                /* ms of the last step */
  FwIfCounters seen;          /* counters at that step */
  uint64_t in_bps, in_pps, out_bps, out_pps;
} FwIfRates;

typedef struct
{
  bool         used;
  uint8_t      kind;          /* FwIfKind */
  uint8_t      type;          /* index in fw_if_types */
  char         name[FW_IF_NAME_MAX];
  char         number[24];    /* "0/0", "0/0.10", "0" */
  int16_t      parent;        /* FW_IF_SUB: the physical interface */
  uint32_t     nic;           /* FW_IF_PHYS / FW_IF_SUB: NIC register block */
  uint32_t     subnum;        /* subinterface or loopback number */
  uint16_t     vlan;          /* FW_IF_SUB: encapsulation dot1Q, 0 if none */
  bool         native;        /* ... native */
  uint8_t      mac[6];
  uint32_t     speed;         /* Mbit/s */
  const char  *adapter;
  uint32_t     addr, mask;    /* host byte order; 0: unassigned */
  uint8_t      method;        /* FwAddrMethod */
  bool         shutdown;
  bool         carrier;       /* FW_IF_PHYS: the NIC reports a link */
  bool         up;            /* line protocol up: usable for IP */
  char        *description;
  uint8_t      duplex;        /* 0 auto, 1 full, 2 half */
  uint8_t      speed_cfg;     /* 0 auto, 10, 100 (as written) */
  FwIfCounters cnt;
  FwIfRates    rates;
  uint64_t     last_input, last_output, last_change;
} FwIf;

typedef struct
{
  const char *name;           /* FastEthernet */
  const char *help;
  bool        physical;
} FwIfType;

extern FwIf fw_ifs[FW_IF_MAX];
extern FwIfType fw_if_types[8];
extern int fw_if_n_types;
/* Logical interface per NIC (untagged frames), -1 if none. */
extern int16_t fw_if_by_nic[64];
/* The native-VLAN subinterface per NIC, -1 if none. */
extern int16_t fw_if_native_by_nic[64];

void        fw_if_init           (void);
/* Splits "FastEthernet0/1.10" into type index and number; false if the type
 * is unknown or the number malformed. */
bool        fw_if_split_name     (const char *name, int *type, const char **number);
/* Canonical name from a type and a number, e.g. (FastEthernet, "0/0"). */
void        fw_if_make_name      (char *buf, size_t size, int type, const char *number);
/* Existing interface by its canonical name (case-insensitive), or -1. */
int         fw_if_find           (const char *name);
/* Creates a subinterface or loopback if needed; -1 if the name is invalid. */
int         fw_if_get_or_create  (const char *name);
void        fw_if_delete         (int i);
/* Interfaces in display order: physical (each followed by its
 * subinterfaces), then loopbacks; or loopbacks first (running-config). */
int         fw_if_sorted         (int *out, bool loopbacks_first);
/* Subinterface by NIC and VLAN, or -1. */
int         fw_if_find_vlan      (uint32_t nic, uint16_t vlan);

/* Configuration changes; they log, recompute routes and tell ARP and RIP. */
void        fw_if_set_shutdown   (int i, bool shutdown);
void        fw_if_set_address    (int i, uint32_t addr, uint32_t mask, uint8_t method);
void        fw_if_set_vlan       (int i, uint16_t vlan, bool native);
void        fw_if_set_carrier    (int i, bool carrier);
/* Recomputes the up state of i (and of its subinterfaces). */
void        fw_if_update         (int i);

/* Brings f->rates up to now; then rates.in_bps >> 8 is bits/s and so on. */
void        fw_if_rates_update   (FwIf *f, uint64_t now);
/* clear counters: the counters and the rates start again from zero. */
void        fw_if_clear_counters (FwIf *f);

/* "up", "down", "administratively down" and the protocol state. */
const char *fw_if_status_text    (int i);
const char *fw_if_proto_text     (int i);
/* Interface owning this address on the same subnet (directly connected), or -1. */
int         fw_if_for_subnet     (uint32_t addr);
/* Interface whose own address this is, or -1. */
int         fw_if_for_local      (uint32_t addr);
