/* mips64-cpu.h: the MIPS64 big-endian CPU
 *
 * Copyright 2026 The Wirelab authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * CONTRACT between the CPU (owner: src/emu/mips64-*) and the board and
 * scheduler.  The owner may add functions; existing ones keep their meaning.
 *
 * Threading: one thread runs a CPU at a time (mips64_cpu_run).  The functions
 * marked "any thread" may be called concurrently with it.
 */

#pragma once

#include <stdbool.h>
#include <stdint.h>

#include <glib.h>

#include "emu/physmem.h"

typedef struct mips64_cpu mips64_cpu_t;

typedef enum
{
  MIPS64_EXIT_BUDGET,      /* the instruction budget was used up */
  MIPS64_EXIT_WAIT,        /* WAIT with no enabled interrupt pending */
  MIPS64_EXIT_IDLE,        /* an idle loop was detected (or the idle PC hit) */
  MIPS64_EXIT_REQUEST,     /* mips64_cpu_request_exit() was called */
  MIPS64_EXIT_BREAKPOINT,  /* a debugger breakpoint was reached */
  MIPS64_EXIT_FAULT,       /* the CPU cannot go on (see mips64_cpu_fault_message) */
} mips64_exit_t;

typedef struct
{
  void *opaque;
  wl_physmem_t *mem;
  uint32_t prid;                        /* 0: 0x2721 */
  uint64_t count_hz;                    /* CP0 Count rate in host time; 0: 100 MHz */

  /* Host monotonic clock in ns (NULL: g_get_monotonic_time () * 1000). */
  uint64_t (*clock_ns)       (void *opaque);
  /* Compare was written: the timer interrupt is due at this host time.  The
   * board arms a timer and calls mips64_cpu_timer_expired() then. */
  void     (*timer_deadline) (void *opaque, uint64_t deadline_ns);
  /* An interrupt was raised from another thread: wake the VM if it sleeps. */
  void     (*irq_raised)     (void *opaque);

  /* User-mode harness only.  SYSCALL calls this instead of taking the
   * exception; return false to take it.  With user_flat, useg/xuseg
   * addresses map 1:1 to physical addresses and the CPU starts in user mode. */
  bool     (*syscall)        (void *opaque, mips64_cpu_t *cpu);
  bool user_flat;
} mips64_cpu_config_t;

mips64_cpu_t  *mips64_cpu_new            (const mips64_cpu_config_t *config);
void           mips64_cpu_free           (mips64_cpu_t *cpu);

/* Cold reset (docs/board.md: Status = BEV, kernel mode), then PC = pc. */
void           mips64_cpu_reset          (mips64_cpu_t *cpu,
                                          uint64_t      pc);

/* Runs until an exit condition; at most about max_insns instructions. */
mips64_exit_t  mips64_cpu_run            (mips64_cpu_t *cpu,
                                          uint64_t      max_insns);
uint64_t       mips64_cpu_insn_count     (const mips64_cpu_t *cpu);
const char    *mips64_cpu_fault_message  (const mips64_cpu_t *cpu);

/* Interrupts.  hw_line 0..4 is Cause.IP2..IP6; level-triggered.  Any thread. */
void           mips64_cpu_set_irq        (mips64_cpu_t *cpu,
                                          unsigned      hw_line,
                                          bool          level);
void           mips64_cpu_timer_expired  (mips64_cpu_t *cpu);
/* True when an interrupt is pending in Cause.IP and enabled in Status.IM
 * (what ends a WAIT).  Any thread. */
bool           mips64_cpu_wake_pending   (const mips64_cpu_t *cpu);
/* Makes mips64_cpu_run return MIPS64_EXIT_REQUEST soon.  Any thread. */
void           mips64_cpu_request_exit   (mips64_cpu_t *cpu);

/* Idle detection: an explicit idle PC (vm set_idle_pc), 0 for none; the
 * automatic detector is always on. */
void           mips64_cpu_set_idle_pc    (mips64_cpu_t *cpu,
                                          uint64_t      pc);

/* Registers, for the loader, the user-mode harness and vm_debug. */
uint64_t       mips64_cpu_get_gpr        (const mips64_cpu_t *cpu,
                                          unsigned            reg);
void           mips64_cpu_set_gpr        (mips64_cpu_t *cpu,
                                          unsigned      reg,
                                          uint64_t      value);
uint64_t       mips64_cpu_get_pc         (const mips64_cpu_t *cpu);
void           mips64_cpu_set_pc         (mips64_cpu_t *cpu,
                                          uint64_t      pc);
uint64_t       mips64_cpu_get_cp0        (const mips64_cpu_t *cpu,
                                          unsigned            reg,
                                          unsigned            sel);
void           mips64_cpu_dump_regs      (const mips64_cpu_t *cpu,
                                          GString            *out);
void           mips64_cpu_add_breakpoint    (mips64_cpu_t *cpu,
                                             uint64_t      vaddr);
void           mips64_cpu_remove_breakpoint (mips64_cpu_t *cpu,
                                             uint64_t      vaddr);

/* Drop decoded code for a physical range (the loader wrote new code). */
void           mips64_cpu_invalidate_code (mips64_cpu_t *cpu,
                                           uint64_t      paddr,
                                           uint64_t      len);

/* ---- Added by the CPU owner (additions only) ----------------------------- */

/* Writes a CP0 register as MTC0/DMTC0 would (same write masks and side
 * effects, e.g. Compare clears the timer interrupt).  Not while running. */
void           mips64_cpu_set_cp0        (mips64_cpu_t *cpu,
                                          unsigned      reg,
                                          unsigned      sel,
                                          uint64_t      value);

/* Notes: WAIT (MIPS64_EXIT_WAIT) leaves the PC after the WAIT, so the
 * interrupt that ends it returns there.  mips64_cpu_timer_expired() ignores
 * a timer armed for an older Compare value (more than 2 ms early), and does
 * not call irq_raised (the caller knows).  Decoded code is keyed by virtual
 * PC and physical address; the idle detector reports MIPS64_EXIT_IDLE for a
 * loop of at most 64 instructions without stores, calls or device accesses
 * whose registers are identical on 64 consecutive iterations (it looks once
 * per million instructions).  Such a loop only reads RAM: the board should
 * sleep until an interrupt or a short timeout, since DMA may change RAM
 * without raising one. */
