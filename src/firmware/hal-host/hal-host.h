/* hal-host.h: the firmware on the host, for the unit tests
 *
 * Copyright 2026 The Wirelab authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * The firmware core runs on its own thread against a simulated board: the
 * console and the NICs are in-memory queues and time is virtual.  The test
 * thread types, injects frames and advances the clock; fw_host_run() returns
 * once the router has nothing left to do before the new time, so a
 * two-second ping timeout costs nothing.  Frames the router sends reach a
 * hook on the router's thread, which may answer at once (a simulated host).
 */

#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct
{
  const char *platform;          /* "c7200" */
  const char *model;             /* "7206VXR" */
  const char *names[8];          /* interface names, NULL-terminated */
  uint32_t    nvram_kb;
  uint32_t    wall_seconds;      /* the board's clock at boot */
} FwHostBoard;

typedef void (*FwHostTxHook) (uint32_t nic, const uint8_t *frame, size_t len, void *data);

/* Before start: the board (NULL: c7200 with FastEthernet0/0 and 0/1). */
void      fw_host_setup        (const FwHostBoard *board);
/* NVRAM contents before start, and access afterwards (the test's copy). */
void      fw_host_nvram_load   (const uint8_t *data, size_t len);
size_t    fw_host_nvram_copy   (uint8_t *buf, size_t size);
void      fw_host_set_tx_hook  (FwHostTxHook hook, void *data);
/* Boots the firmware on its thread and runs it to the first idle moment. */
void      fw_host_start        (void);

/* Boots the firmware on the calling thread, free-running: hal_idle only
 * advances virtual time and power requests return (for fuzzing, where the
 * caller feeds the stack directly). */
void      fw_host_boot_inline  (void);
void      fw_host_advance      (uint64_t ms);

/* Advances virtual time by ms and lets the router run until it is idle. */
void      fw_host_run          (uint64_t ms);
uint64_t  fw_host_now          (void);
/* Runs until the output contains needle (or max_ms pass); true if found. */
bool      fw_host_run_until    (const char *needle, uint64_t max_ms);

void      fw_host_type         (const char *text);
void      fw_host_type_bytes   (const char *bytes, size_t len);
/* Everything printed since the last take (CR LF kept), allocated. */
char     *fw_host_output_take  (void);
/* Forgets the output so far. */
void      fw_host_output_clear (void);
/* The output so far, without taking it (valid until the next call). */
const char *fw_host_output_peek (void);

void      fw_host_inject       (uint32_t nic, const void *frame, size_t len);
void      fw_host_set_link     (uint32_t nic, bool up);
/* Frames sent by the router on a NIC since start. */
uint32_t  fw_host_tx_count     (uint32_t nic);
/* 0: running; else the last hal_power request (1 halt, 2 reload). */
int       fw_host_power_state  (void);
