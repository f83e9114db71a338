/* wl-board.h: the running hardware of a VM (docs/board.md)
 *
 * Copyright 2026 The Wirelab authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * Built at `vm start` from the VM's settings: sparse RAM, the NVRAM file,
 * DUART and consoles, system controller, board-information block, NICs and
 * the CPU, scheduled on the shared pool.  Building is all or nothing.
 */

#pragma once

#include <glib.h>
#include <stdint.h>

#include "emu/wl-vm.h"
#include "emu/mips64-cpu.h"

G_BEGIN_DECLS

/* Instructions per slice: a few milliseconds of guest time. */
#define WL_BOARD_SLICE_INSNS 1000000u

typedef struct
{
  const char *image_path;      /* resolved */
  const char *nvram_path;      /* resolved */
  const char *console_addr;
  GBytes     *startup_config;  /* written into NVRAM before boot, or NULL */
  GBytes     *private_config;
  gboolean    start_paused;    /* benchmark: the caller runs the CPU itself */
  /* Console output when no console port is set (benchmark), CPU thread. */
  void      (*console_output) (void *opaque, const uint8_t *data, size_t len);
  void       *console_opaque;
} WlBoardSetup;

wl_board_t   *wl_board_new            (WlVm               *vm,
                                       const WlBoardSetup *setup,
                                       GError            **error);
/* Stops the CPU and releases everything (consoles, NICs, RAM, NVRAM). */
void          wl_board_free           (wl_board_t *board);

int           wl_board_get_status     (wl_board_t *board);
void          wl_board_suspend        (wl_board_t *board);
void          wl_board_resume         (wl_board_t *board);
/* The VM's own CPU time, in ns. */
uint64_t      wl_board_cpu_ns         (wl_board_t *board);
mips64_cpu_t *wl_board_get_cpu        (wl_board_t *board);
wl_physmem_t *wl_board_get_physmem    (wl_board_t *board);
uint8_t      *wl_board_get_nvram      (wl_board_t *board,
                                       size_t     *size);
uint64_t      wl_board_last_idle_pc   (wl_board_t *board);
/* Bytes typed into the console (0) or AUX (1) as if from a client. */
size_t        wl_board_console_input  (wl_board_t    *board,
                                       unsigned       channel,
                                       const uint8_t *data,
                                       size_t         len);
/* Pauses the scheduler's slices so the caller may touch the CPU (vm_debug). */
void          wl_board_lock_cpu       (wl_board_t *board);
void          wl_board_unlock_cpu     (wl_board_t *board);

/* Benchmark: runs the CPU on the calling thread until it halts (power-off,
 * fault, or WAIT with nothing that can wake it); returns instructions. */
uint64_t      wl_board_run_to_halt    (wl_board_t *board,
                                       const char **why);

G_END_DECLS
