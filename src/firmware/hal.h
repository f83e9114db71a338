/* hal.h: what the firmware core needs from the hardware
 *
 * Copyright 2026 The Wirelab authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * Two implementations: hal-mips/ drives the Wirelab board (docs/board.md), and
 * hal-host/ runs the same core natively for the unit tests (virtual time,
 * frames in memory).  Everything here is called from one thread of control.
 */

#pragma once

#include "fw-libc.h"
#include "fw-pkt.h"

#define HAL_MAX_IFACES 60

typedef struct
{
  char     name[33];      /* FastEthernet0/0 */
  uint8_t  mac[6];
  uint8_t  slot;
  uint8_t  port;
  uint32_t nic;           /* register block index, 0..63 */
  uint32_t speed;         /* Mbit/s */
  char     adapter[17];   /* C7200-IO-FE */
} HalIface;

typedef struct
{
  uint32_t ram_mb;
  uint32_t nvram_kb;
  uint32_t count_hz;
  uint32_t n_ifaces;
  uint32_t instance_id;
  uint32_t confreg;
  char     platform[17];
  char     model[17];
  char     vm_name[33];
  char     npe[17];
  uint8_t  mac[6];
  HalIface ifaces[HAL_MAX_IFACES];
} HalBoard;

/* Fills the board description and sets up the devices (console, timer,
 * NVRAM).  NICs are set up by hal_nic_open once the packet pool exists. */
void      hal_init          (HalBoard *board);
/* The memory the allocator may use. */
void      hal_heap_region   (void **base, size_t *size);

/* Console (DUART channel A).  getc returns -1 when nothing is waiting. */
int       hal_con_getc      (void);
void      hal_con_write     (const char *buf, size_t len);

/* Milliseconds since the VM started, and the wall clock (UTC seconds). */
uint64_t  hal_now_ms        (void);
uint32_t  hal_wall_seconds  (void);
uint32_t  hal_random        (void);

/* Sleeps until a device wants attention (console input, a NIC event) or the
 * deadline (ms, as hal_now_ms) passes; may return early. */
void      hal_idle          (uint64_t deadline_ms);

/* NVRAM, byte-addressable. */
size_t    hal_nvram_size    (void);
void      hal_nvram_read    (size_t offset, void *buf, size_t len);
void      hal_nvram_write   (size_t offset, const void *buf, size_t len);
void      hal_nvram_flush   (void);

enum { HAL_POWER_HALT = 1, HAL_POWER_RELOAD = 2 };
void      hal_power         (int what);

/* NICs, by register block index.  Events as IRQ_STATUS bits. */
enum
{
  HAL_NIC_EV_RX   = 1 << 0,
  HAL_NIC_EV_TX   = 1 << 1,
  HAL_NIC_EV_LINK = 1 << 2,
  HAL_NIC_EV_DROP = 1 << 3,
};

bool      hal_nic_open      (uint32_t nic);
bool      hal_nic_link      (uint32_t nic);
/* Bitmap of NICs with an unacknowledged event. */
uint64_t  hal_nic_pending   (void);
/* Acknowledges and returns the NIC's events (before draining it). */
uint32_t  hal_nic_ack       (uint32_t nic);
/* Up to max received frames; the NIC's ring is refilled from the pool. */
int       hal_nic_rx_burst  (uint32_t nic, FwPkt **pkts, int max);
/* Queues a frame (the HAL owns it from now on); false when it was dropped. */
bool      hal_nic_tx        (uint32_t nic, FwPkt *pkt);
/* Hands the queued frames to the device (one doorbell per burst). */
void      hal_nic_tx_flush  (uint32_t nic);
/* Device counters: frames/bytes in and out, drops. */
typedef struct
{
  uint32_t rx_frames, rx_bytes, tx_frames, tx_bytes, rx_drops, tx_drops;
} HalNicStats;
void      hal_nic_stats     (uint32_t nic, HalNicStats *stats);
