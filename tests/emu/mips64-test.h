/* mips64-test.h: helpers for the CPU unit tests: an instruction encoder and
 * a small machine (1 MB of RAM at physical 0, a fake clock)
 *
 * Copyright 2026 The Wirelab authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#pragma once

#include <string.h>

#include <glib.h>

#include "emu/mips64-cpu.h"
#include "emu/physmem.h"

/* ---- encoder ---- */
enum { ZERO = 0, AT = 1, V0 = 2, V1 = 3, A0 = 4, A1 = 5, A2 = 6, A3 = 7,
       T0 = 8, T1 = 9, T2 = 10, T3 = 11, S0 = 16, S1 = 17, K0 = 26, K1 = 27,
       SP = 29, RA = 31 };

static inline uint32_t
enc_r (unsigned rs, unsigned rt, unsigned rd, unsigned sa, unsigned fn)
{
  return (rs << 21) | (rt << 16) | (rd << 11) | (sa << 6) | fn;
}

static inline uint32_t
enc_i (unsigned op, unsigned rs, unsigned rt, int imm)
{
  return (op << 26) | (rs << 21) | (rt << 16) | ((uint32_t) imm & 0xffff);
}

#define NOP            0u
#define ADDIU(t, s, i) enc_i (9, s, t, i)
#define DADDIU(t, s, i) enc_i (25, s, t, i)
#define ADDI(t, s, i)  enc_i (8, s, t, i)
#define DADDI(t, s, i) enc_i (24, s, t, i)
#define ORI(t, s, i)   enc_i (13, s, t, i)
#define LUI(t, i)      enc_i (15, 0, t, i)
#define ADDU(d, s, t)  enc_r (s, t, d, 0, 33)
#define ADD(d, s, t)   enc_r (s, t, d, 0, 32)
#define SUB(d, s, t)   enc_r (s, t, d, 0, 34)
#define DADD(d, s, t)  enc_r (s, t, d, 0, 44)
#define DSUB(d, s, t)  enc_r (s, t, d, 0, 46)
#define DADDU(d, s, t) enc_r (s, t, d, 0, 45)
#define SLL(d, t, sa)  enc_r (0, t, d, sa, 0)
#define DSLL32(d, t, sa) enc_r (0, t, d, sa, 60)
#define JR(s)          enc_r (s, 0, 0, 0, 8)
#define TEQ(s, t)      enc_r (s, t, 0, 0, 52)
#define TNE(s, t)      enc_r (s, t, 0, 0, 54)
#define TEQI(s, i)     enc_i (1, s, 12, i)
#define SYSCALL        12u
#define BREAK          13u
#define LW(t, o, b)    enc_i (35, b, t, o)
#define LD(t, o, b)    enc_i (55, b, t, o)
#define SW(t, o, b)    enc_i (43, b, t, o)
#define SD(t, o, b)    enc_i (63, b, t, o)
#define LL(t, o, b)    enc_i (48, b, t, o)
#define SC(t, o, b)    enc_i (56, b, t, o)
#define BEQ(s, t, o)   enc_i (4, s, t, o)
#define BNE(s, t, o)   enc_i (5, s, t, o)
#define BEQL(s, t, o)  enc_i (20, s, t, o)
#define BNEL(s, t, o)  enc_i (21, s, t, o)
#define MTC0(t, d, sel) ((16u << 26) | (4u << 21) | ((t) << 16) | ((d) << 11) | (sel))
#define MFC0(t, d, sel) ((16u << 26) | (0u << 21) | ((t) << 16) | ((d) << 11) | (sel))
#define DMTC0(t, d, sel) ((16u << 26) | (5u << 21) | ((t) << 16) | ((d) << 11) | (sel))
#define ERET           0x42000018u
#define WAIT           0x42000020u
#define TLBR           0x42000001u
#define TLBWI          0x42000002u
#define TLBWR          0x42000006u
#define TLBP           0x42000008u
#define EI(t)          (0x41606020u | ((t) << 16))
#define CTC1(t, fs)    ((17u << 26) | (6u << 21) | ((t) << 16) | ((fs) << 11))
#define CFC1(t, fs)    ((17u << 26) | (2u << 21) | ((t) << 16) | ((fs) << 11))
#define DMTC1(t, fs)   ((17u << 26) | (5u << 21) | ((t) << 16) | ((fs) << 11))
#define MFC1(t, fs)    ((17u << 26) | (0u << 21) | ((t) << 16) | ((fs) << 11))
#define DMFC1(t, fs)   ((17u << 26) | (1u << 21) | ((t) << 16) | ((fs) << 11))
#define CVT_W_D(fd, fs) ((17u << 26) | (17u << 21) | ((fs) << 11) | ((fd) << 6) | 36)
#define ADD_D(fd, fs, ft) ((17u << 26) | (17u << 21) | ((ft) << 16) | ((fs) << 11) | ((fd) << 6) | 0)

/* Status values. */
#define ST_KERNEL64 0x000000e0u            /* KX SX UX, BEV clear */
#define ST_CU1      0x20000000u
#define ST_FR       0x04000000u

#define KSEG0(p)  (0xffffffff80000000ull + (p))
#define KSEG1(p)  (0xffffffffa0000000ull + (p))
#define CODE_PA   0x1000u
#define CODE_VA   KSEG0 (CODE_PA)
#define DATA_PA   0x8000u
#define RAM_SIZE  (1u << 20)

typedef struct
{
  wl_physmem_t *mem;
  uint8_t      *ram;
  mips64_cpu_t *cpu;
  uint64_t      now_ns;
  uint64_t      deadline_ns;
  unsigned      n_deadlines;
  unsigned      n_irq_raised;
} tmach_t;

static inline uint64_t
tmach_clock (void *opaque)
{
  return ((tmach_t *) opaque)->now_ns;
}

static inline void
tmach_deadline (void *opaque, uint64_t ns)
{
  tmach_t *m = opaque;

  m->deadline_ns = ns;
  m->n_deadlines++;
}

static inline void
tmach_irq_raised (void *opaque)
{
  ((tmach_t *) opaque)->n_irq_raised++;
}

static inline tmach_t *
tmach_new (void)
{
  tmach_t *m = g_new0 (tmach_t, 1);
  mips64_cpu_config_t cfg = { 0 };

  m->now_ns = 1000000000ull;
  m->mem = wl_physmem_new ();
  m->ram = g_malloc0 (RAM_SIZE);
  wl_physmem_map_ram (m->mem, 0, RAM_SIZE, m->ram);
  cfg.opaque = m;
  cfg.mem = m->mem;
  cfg.clock_ns = tmach_clock;
  cfg.timer_deadline = tmach_deadline;
  cfg.irq_raised = tmach_irq_raised;
  m->cpu = mips64_cpu_new (&cfg);
  return m;
}

static inline void
tmach_free (tmach_t *m)
{
  mips64_cpu_free (m->cpu);
  wl_physmem_free (m->mem);
  g_free (m->ram);
  g_free (m);
}

/* Writes instruction words at a physical address (through DMA, which also
 * drops stale decoded code). */
static inline void
tmach_code (tmach_t        *m,
            uint64_t        pa,
            const uint32_t *words,
            size_t          n)
{
  for (size_t i = 0; i < n; i++)
    {
      guint32 be = GUINT32_TO_BE (words[i]);

      g_assert_true (wl_physmem_write (m->mem, pa + 4 * i, &be, 4));
    }
}

static inline void
tmach_put32 (tmach_t *m, uint64_t pa, uint32_t v)
{
  guint32 be = GUINT32_TO_BE (v);

  g_assert_true (wl_physmem_write (m->mem, pa, &be, 4));
}

static inline uint32_t
tmach_get32 (tmach_t *m, uint64_t pa)
{
  guint32 be = 0;

  g_assert_true (wl_physmem_read (m->mem, pa, &be, 4));
  return GUINT32_FROM_BE (be);
}

/* Loads code at CODE_PA (followed by a WAIT), resets, sets Status and runs. */
#define TMACH_PROG(m, status, ...) \
  do { \
    const uint32_t _p[] = { __VA_ARGS__, WAIT, NOP }; \
    tmach_code ((m), CODE_PA, _p, G_N_ELEMENTS (_p)); \
    mips64_cpu_reset ((m)->cpu, CODE_VA); \
    mips64_cpu_set_cp0 ((m)->cpu, 12, 0, (status)); \
  } while (0)

/* The same without a reset (keeps the TLB and CP0 state). */
#define TMACH_CONT(m, status, ...) \
  do { \
    const uint32_t _p[] = { __VA_ARGS__, WAIT, NOP }; \
    tmach_code ((m), CODE_PA, _p, G_N_ELEMENTS (_p)); \
    mips64_cpu_set_pc ((m)->cpu, CODE_VA); \
    mips64_cpu_set_cp0 ((m)->cpu, 12, 0, (status)); \
  } while (0)

static inline unsigned
tmach_exccode (tmach_t *m)
{
  return (unsigned) (mips64_cpu_get_cp0 (m->cpu, 13, 0) >> 2) & 31;
}

#define GPR(m, r) mips64_cpu_get_gpr ((m)->cpu, (r))
