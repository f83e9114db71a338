/* test-mips64-sys.c: the CPU as a system: TLB refill/invalid/modified,
 * interrupts, WAIT, the Count/Compare timer, LL/SC across an interrupt,
 * idle detection, self-modifying code and DMA into code
 *
 * Copyright 2026 The Wirelab authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include "config.h"

#include "mips64-test.h"

#define VEC_REFILL  KSEG0 (0x000)
#define VEC_XREFILL KSEG0 (0x080)
#define VEC_GENERAL KSEG0 (0x180)
#define ST_IE       0x1u
#define ST_IM(n)    (1u << (8 + (n)))

static uint32_t
jal (uint64_t target)
{
  return (3u << 26) | (uint32_t) ((target >> 2) & 0x3ffffff);
}

static void
add_vectors (tmach_t *m)
{
  mips64_cpu_add_breakpoint (m->cpu, VEC_REFILL);
  mips64_cpu_add_breakpoint (m->cpu, VEC_XREFILL);
  mips64_cpu_add_breakpoint (m->cpu, VEC_GENERAL);
}

static void
test_tlb (void)
{
  tmach_t *m = tmach_new ();
  const uint64_t va = 0x10000, pa = 0x20000;

  tmach_put32 (m, pa + 4, 0x11223344);
  add_vectors (m);

  /* No entry, UX set: XTLB refill vector, EntryHi/Context/BadVAddr filled. */
  TMACH_PROG (m, ST_KERNEL64, LW (T0, 4, A0));
  mips64_cpu_set_cp0 (m->cpu, 10, 0, 5);                  /* ASID 5 */
  mips64_cpu_set_gpr (m->cpu, A0, va);
  g_assert_cmpint (mips64_cpu_run (m->cpu, 1000), ==, MIPS64_EXIT_BREAKPOINT);
  g_assert_cmphex (mips64_cpu_get_pc (m->cpu), ==, VEC_XREFILL);
  g_assert_cmpuint (tmach_exccode (m), ==, 2);            /* TLBL */
  g_assert_cmphex (mips64_cpu_get_cp0 (m->cpu, 8, 0), ==, va + 4);
  g_assert_cmphex (mips64_cpu_get_cp0 (m->cpu, 10, 0), ==, va | 5);
  g_assert_cmphex (mips64_cpu_get_cp0 (m->cpu, 4, 0), ==, (va >> 9) & 0x7ffff0);
  g_assert_cmphex (mips64_cpu_get_cp0 (m->cpu, 14, 0), ==, CODE_VA);

  /* UX clear: the 32-bit refill vector. */
  TMACH_PROG (m, 0x80 /* KX only */, LW (T0, 4, A0));
  mips64_cpu_set_gpr (m->cpu, A0, va);
  g_assert_cmpint (mips64_cpu_run (m->cpu, 1000), ==, MIPS64_EXIT_BREAKPOINT);
  g_assert_cmphex (mips64_cpu_get_pc (m->cpu), ==, VEC_REFILL);

  /* Write entry 3: even page valid+dirty, odd page valid, clean. */
  TMACH_PROG (m, ST_KERNEL64, TLBWI, LW (T0, 4, A0), ADDIU (T1, ZERO, 9), SW (T1, 8, A0), LW (T2, 8, A0));
  mips64_cpu_set_cp0 (m->cpu, 10, 0, va | 5);
  mips64_cpu_set_cp0 (m->cpu, 2, 0, ((pa >> 12) << 6) | (3 << 3) | 4 | 2);
  mips64_cpu_set_cp0 (m->cpu, 3, 0, (((pa + 0x1000) >> 12) << 6) | (3 << 3) | 2);
  mips64_cpu_set_cp0 (m->cpu, 5, 0, 0);
  mips64_cpu_set_cp0 (m->cpu, 0, 0, 3);
  mips64_cpu_set_gpr (m->cpu, A0, va);
  g_assert_cmpint (mips64_cpu_run (m->cpu, 1000), ==, MIPS64_EXIT_WAIT);
  g_assert_cmphex (GPR (m, T0), ==, 0x11223344);
  g_assert_cmphex (GPR (m, T2), ==, 9);
  g_assert_cmphex (tmach_get32 (m, pa + 8), ==, 9);

  /* Store to the clean odd page: TLB Modified. */
  TMACH_CONT (m, ST_KERNEL64, SW (T1, 0, A0));
  mips64_cpu_set_gpr (m->cpu, A0, va + 0x1000);
  g_assert_cmpint (mips64_cpu_run (m->cpu, 1000), ==, MIPS64_EXIT_BREAKPOINT);
  g_assert_cmphex (mips64_cpu_get_pc (m->cpu), ==, VEC_GENERAL);
  g_assert_cmpuint (tmach_exccode (m), ==, 1);
  g_assert_cmphex (mips64_cpu_get_cp0 (m->cpu, 8, 0), ==, va + 0x1000);

  /* Another ASID misses (the entry is not global). */
  TMACH_CONT (m, ST_KERNEL64, LW (T0, 4, A0));
  mips64_cpu_set_cp0 (m->cpu, 10, 0, va | 6);
  mips64_cpu_set_gpr (m->cpu, A0, va);
  g_assert_cmpint (mips64_cpu_run (m->cpu, 1000), ==, MIPS64_EXIT_BREAKPOINT);
  g_assert_cmphex (mips64_cpu_get_pc (m->cpu), ==, VEC_XREFILL);

  /* tlbp finds entry 3 for ASID 5 and nothing for ASID 6; tlbr reads it. */
  TMACH_CONT (m, ST_KERNEL64, TLBP, MFC0 (T0, 0, 0), MTC0 (A1, 10, 0), TLBP, MFC0 (T1, 0, 0),
              MTC0 (ZERO, 2, 0), TLBR, MFC0 (T2, 2, 0));
  mips64_cpu_set_cp0 (m->cpu, 10, 0, va | 6);
  mips64_cpu_set_gpr (m->cpu, A1, va | 5);
  g_assert_cmpint (mips64_cpu_run (m->cpu, 1000), ==, MIPS64_EXIT_WAIT);
  g_assert_cmphex (GPR (m, T0) & 0x80000000u, ==, 0x80000000u);
  g_assert_cmpuint (GPR (m, T1), ==, 3);
  g_assert_cmphex (GPR (m, T2), ==, ((pa >> 12) << 6) | (3 << 3) | 4 | 2);

  /* An invalid entry: TLBL through the general vector, not the refill one. */
  TMACH_CONT (m, ST_KERNEL64, TLBWI, LW (T0, 0, A0));
  mips64_cpu_set_cp0 (m->cpu, 10, 0, 0x40000 | 5);
  mips64_cpu_set_cp0 (m->cpu, 2, 0, 0);
  mips64_cpu_set_cp0 (m->cpu, 3, 0, 0);
  mips64_cpu_set_cp0 (m->cpu, 0, 0, 7);
  mips64_cpu_set_gpr (m->cpu, A0, 0x40000);
  g_assert_cmpint (mips64_cpu_run (m->cpu, 1000), ==, MIPS64_EXIT_BREAKPOINT);
  g_assert_cmphex (mips64_cpu_get_pc (m->cpu), ==, VEC_GENERAL);
  g_assert_cmpuint (tmach_exccode (m), ==, 2);
  tmach_free (m);
}

static void
test_user_mode (void)
{
  tmach_t *m = tmach_new ();
  /* User code at virtual 0x0 mapped to physical 0x40000 by a global entry. */
  const uint32_t user[] = { LW (T0, 0, A0), NOP };

  tmach_code (m, 0x40000, user, 2);
  add_vectors (m);
  TMACH_PROG (m, ST_KERNEL64 | 2 /* EXL */ | 0x10 /* KSU user */, TLBWI, ERET);
  mips64_cpu_set_cp0 (m->cpu, 10, 0, 0);
  mips64_cpu_set_cp0 (m->cpu, 2, 0, ((0x40000 >> 12) << 6) | (3 << 3) | 2 | 1);
  mips64_cpu_set_cp0 (m->cpu, 3, 0, 1);
  mips64_cpu_set_cp0 (m->cpu, 0, 0, 0);
  mips64_cpu_set_cp0 (m->cpu, 14, 0, 0);
  mips64_cpu_set_gpr (m->cpu, A0, KSEG0 (DATA_PA));
  /* The user load from KSEG0 is an address error. */
  g_assert_cmpint (mips64_cpu_run (m->cpu, 1000), ==, MIPS64_EXIT_BREAKPOINT);
  g_assert_cmphex (mips64_cpu_get_pc (m->cpu), ==, VEC_GENERAL);
  g_assert_cmpuint (tmach_exccode (m), ==, 4);
  g_assert_cmphex (mips64_cpu_get_cp0 (m->cpu, 14, 0), ==, 0);
  g_assert_cmphex (mips64_cpu_get_cp0 (m->cpu, 8, 0), ==, KSEG0 (DATA_PA));
  tmach_free (m);
}

/* 64-bit operations in user mode need Status.UX. */
static void
check_user_daddu (uint32_t status, bool ux, unsigned expect_exc)
{
  tmach_t *m = tmach_new ();
  const uint32_t user[] = { DADDU (V0, A0, A0), BREAK };

  tmach_code (m, 0x40000, user, 2);
  add_vectors (m);
  TMACH_PROG (m, status | 2 /* EXL */ | 0x10 /* user */ | (ux ? 0x20 : 0), TLBWI, ERET);
  mips64_cpu_set_cp0 (m->cpu, 10, 0, 0);
  mips64_cpu_set_cp0 (m->cpu, 2, 0, ((0x40000 >> 12) << 6) | (3 << 3) | 2 | 1);
  mips64_cpu_set_cp0 (m->cpu, 3, 0, 1);
  mips64_cpu_set_cp0 (m->cpu, 0, 0, 0);
  mips64_cpu_set_cp0 (m->cpu, 14, 0, 0);
  mips64_cpu_set_gpr (m->cpu, A0, 0x100000000ull);
  g_assert_cmpint (mips64_cpu_run (m->cpu, 1000), ==, MIPS64_EXIT_BREAKPOINT);
  g_assert_cmpuint (tmach_exccode (m), ==, expect_exc);
  if (expect_exc == 9)
    g_assert_cmphex (GPR (m, V0), ==, 0x200000000ull);
  else
    g_assert_cmphex (mips64_cpu_get_cp0 (m->cpu, 14, 0), ==, 0);
  tmach_free (m);
}

static void
test_user_64bit_ops (void)
{
  check_user_daddu (0x80, false, 10);      /* UX clear: RI at the daddu */
  check_user_daddu (0x80, true, 9);        /* UX set: runs, then BREAK */
}

static void
test_interrupt (void)
{
  tmach_t *m = tmach_new ();

  mips64_cpu_add_breakpoint (m->cpu, VEC_GENERAL);
  /* A busy loop (a counter, so not idle) with interrupts enabled for line 0. */
  TMACH_PROG (m, ST_KERNEL64 | ST_IE | ST_IM (2), ADDIU (T3, T3, 1), BEQ (ZERO, ZERO, -2), NOP);
  g_assert_cmpint (mips64_cpu_run (m->cpu, 1000), ==, MIPS64_EXIT_BUDGET);
  g_assert_false (mips64_cpu_wake_pending (m->cpu));
  /* Line 1 (IP3) is masked: nothing happens. */
  mips64_cpu_set_irq (m->cpu, 1, true);
  g_assert_cmpint (mips64_cpu_run (m->cpu, 1000), ==, MIPS64_EXIT_BUDGET);
  g_assert_false (mips64_cpu_wake_pending (m->cpu));
  mips64_cpu_set_irq (m->cpu, 0, true);
  g_assert_cmpuint (m->n_irq_raised, ==, 2);
  g_assert_true (mips64_cpu_wake_pending (m->cpu));
  g_assert_cmpint (mips64_cpu_run (m->cpu, 1000), ==, MIPS64_EXIT_BREAKPOINT);
  g_assert_cmpuint (tmach_exccode (m), ==, 0);
  g_assert_cmphex (mips64_cpu_get_cp0 (m->cpu, 13, 0) & 0xff00, ==, 0x0c00);
  g_assert_cmphex (mips64_cpu_get_cp0 (m->cpu, 14, 0), ==, CODE_VA);
  /* Level-triggered: lowering the line clears Cause.IP. */
  mips64_cpu_set_irq (m->cpu, 0, false);
  mips64_cpu_set_irq (m->cpu, 1, false);
  g_assert_cmphex (mips64_cpu_get_cp0 (m->cpu, 13, 0) & 0xff00, ==, 0);

  /* IE clear: the interrupt is pending but not taken. */
  TMACH_PROG (m, ST_KERNEL64 | ST_IM (2), ADDIU (T3, T3, 1), BEQ (ZERO, ZERO, -2), NOP);
  mips64_cpu_set_irq (m->cpu, 0, true);
  g_assert_cmpint (mips64_cpu_run (m->cpu, 1000), ==, MIPS64_EXIT_BUDGET);
  g_assert_true (mips64_cpu_wake_pending (m->cpu));

  /* Software interrupt IP0 through Cause. */
  mips64_cpu_set_irq (m->cpu, 0, false);
  TMACH_PROG (m, ST_KERNEL64 | ST_IE | ST_IM (0), ADDIU (T0, ZERO, 0x100), MTC0 (T0, 13, 0), NOP, NOP);
  g_assert_cmpint (mips64_cpu_run (m->cpu, 1000), ==, MIPS64_EXIT_BREAKPOINT);
  g_assert_cmpuint (tmach_exccode (m), ==, 0);
  g_assert_cmphex (mips64_cpu_get_cp0 (m->cpu, 14, 0), ==, CODE_VA + 8);
  tmach_free (m);
}

static void
test_wait (void)
{
  tmach_t *m = tmach_new ();

  mips64_cpu_add_breakpoint (m->cpu, VEC_GENERAL);
  /* IE set: WAIT sleeps, the interrupt is then taken with EPC after WAIT. */
  TMACH_PROG (m, ST_KERNEL64 | ST_IE | ST_IM (2), WAIT, ADDIU (V0, ZERO, 1));
  g_assert_cmpint (mips64_cpu_run (m->cpu, 1000), ==, MIPS64_EXIT_WAIT);
  g_assert_cmpint (mips64_cpu_run (m->cpu, 1000), ==, MIPS64_EXIT_WAIT);
  mips64_cpu_set_irq (m->cpu, 0, true);
  g_assert_cmpint (mips64_cpu_run (m->cpu, 1000), ==, MIPS64_EXIT_BREAKPOINT);
  g_assert_cmpuint (tmach_exccode (m), ==, 0);
  g_assert_cmphex (mips64_cpu_get_cp0 (m->cpu, 14, 0), ==, CODE_VA + 4);
  g_assert_cmpuint (GPR (m, V0), ==, 0);
  mips64_cpu_set_irq (m->cpu, 0, false);

  /* IE clear: WAIT ends on the pending interrupt and execution goes on. */
  TMACH_PROG (m, ST_KERNEL64 | ST_IM (2), WAIT, ADDIU (V0, ZERO, 1), ADDIU (T3, T3, 1), BEQ (ZERO, ZERO, -2), NOP);
  g_assert_cmpint (mips64_cpu_run (m->cpu, 1000), ==, MIPS64_EXIT_WAIT);
  mips64_cpu_set_irq (m->cpu, 0, true);
  g_assert_cmpint (mips64_cpu_run (m->cpu, 1000), ==, MIPS64_EXIT_BUDGET);
  g_assert_cmpuint (GPR (m, V0), ==, 1);

  /* A masked line does not end a WAIT. */
  TMACH_PROG (m, ST_KERNEL64 | ST_IM (3), WAIT, ADDIU (V1, ZERO, 1));
  g_assert_cmpint (mips64_cpu_run (m->cpu, 1000), ==, MIPS64_EXIT_WAIT);
  g_assert_cmpint (mips64_cpu_run (m->cpu, 1000), ==, MIPS64_EXIT_WAIT);
  g_assert_cmpuint (GPR (m, V1), ==, 0);
  tmach_free (m);
}

static void
test_timer (void)
{
  tmach_t *m = tmach_new ();
  const uint64_t t0 = m->now_ns;

  mips64_cpu_add_breakpoint (m->cpu, VEC_GENERAL);
  TMACH_PROG (m, ST_KERNEL64 | ST_IE | ST_IM (7), ADDIU (T3, T3, 1), BEQ (ZERO, ZERO, -2), NOP);
  mips64_cpu_set_cp0 (m->cpu, 9, 0, 0);                   /* Count = 0 at t0 */
  /* 100 MHz: 1 tick = 10 ns. */
  m->now_ns = t0 + 5000;
  g_assert_cmpuint (mips64_cpu_get_cp0 (m->cpu, 9, 0), ==, 500);
  mips64_cpu_set_cp0 (m->cpu, 11, 0, 10000000);           /* 100 ms after t0 */
  g_assert_cmpuint (m->n_deadlines, >=, 1);
  g_assert_cmpuint (m->deadline_ns, ==, t0 + 100000000);
  /* An early expiry (the board's timer for an older Compare) is ignored. */
  mips64_cpu_timer_expired (m->cpu);
  g_assert_cmphex (mips64_cpu_get_cp0 (m->cpu, 13, 0) & 0x8000, ==, 0);
  g_assert_cmpint (mips64_cpu_run (m->cpu, 1000), ==, MIPS64_EXIT_BUDGET);
  m->now_ns = m->deadline_ns;
  mips64_cpu_timer_expired (m->cpu);
  g_assert_cmphex (mips64_cpu_get_cp0 (m->cpu, 13, 0) & 0x40008000u, ==, 0x40008000u);
  g_assert_cmpint (mips64_cpu_run (m->cpu, 1000), ==, MIPS64_EXIT_BREAKPOINT);
  g_assert_cmpuint (tmach_exccode (m), ==, 0);
  /* Writing Compare clears IP7 and arms the next deadline. */
  mips64_cpu_set_cp0 (m->cpu, 11, 0, 20000000);
  g_assert_cmphex (mips64_cpu_get_cp0 (m->cpu, 13, 0) & 0x8000, ==, 0);
  g_assert_cmpuint (m->deadline_ns, ==, t0 + 200000000);

  /* Without the board's call, run() notices the deadline itself. */
  TMACH_PROG (m, ST_KERNEL64 | ST_IE | ST_IM (7), ADDIU (T3, T3, 1), BEQ (ZERO, ZERO, -2), NOP);
  mips64_cpu_set_cp0 (m->cpu, 9, 0, 0);
  mips64_cpu_set_cp0 (m->cpu, 11, 0, 1000);
  m->now_ns += 20000;
  g_assert_cmpint (mips64_cpu_run (m->cpu, 1000), ==, MIPS64_EXIT_BREAKPOINT);
  g_assert_cmpuint (tmach_exccode (m), ==, 0);
  tmach_free (m);
}

static void
check_llsc (bool interrupt)
{
  tmach_t *m = tmach_new ();
  const uint32_t handler[] = { MTC0 (ZERO, 12, 0), ERET };

  tmach_code (m, 0x180, handler, 2);
  tmach_put32 (m, DATA_PA, 41);
  TMACH_PROG (m, ST_KERNEL64 | ST_IE | ST_IM (2),
              LL (T0, 0, A0), ADDIU (T0, T0, 1), SC (T0, 0, A0), NOP);
  mips64_cpu_set_gpr (m->cpu, A0, KSEG0 (DATA_PA));
  mips64_cpu_add_breakpoint (m->cpu, CODE_VA + 8);
  g_assert_cmpint (mips64_cpu_run (m->cpu, 1000), ==, MIPS64_EXIT_BREAKPOINT);
  if (interrupt)
    mips64_cpu_set_irq (m->cpu, 0, true);
  g_assert_cmpint (mips64_cpu_run (m->cpu, 1000), ==, MIPS64_EXIT_WAIT);
  if (interrupt)
    {
      /* The handler's ERET cleared LLbit: SC fails, memory unchanged. */
      g_assert_cmpuint (tmach_exccode (m), ==, 0);
      g_assert_cmpuint (GPR (m, T0), ==, 0);
      g_assert_cmpuint (tmach_get32 (m, DATA_PA), ==, 41);
    }
  else
    {
      g_assert_cmpuint (GPR (m, T0), ==, 1);
      g_assert_cmpuint (tmach_get32 (m, DATA_PA), ==, 42);
    }
  tmach_free (m);
}

static void
test_llsc_interrupt (void)
{
  check_llsc (false);
  check_llsc (true);
}

/* ---- idle detection ---- */

static uint64_t mmio_reads;

static uint64_t
mmio_read (void *opaque, uint64_t offset, unsigned size)
{
  mmio_reads++;
  return 0;
}

static void
mmio_write (void *opaque, uint64_t offset, uint64_t value, unsigned size)
{
}

static const wl_mmio_ops_t mmio_ops = { mmio_read, mmio_write };

static void
test_idle_ram_poll (void)
{
  tmach_t *m = tmach_new ();
  uint64_t n;

  /* while (*flag == 0) ; with the flag in RAM: idle. */
  TMACH_PROG (m, ST_KERNEL64, LW (T0, 0, A0), BEQ (T0, ZERO, -2), NOP, ADDIU (V0, ZERO, 1));
  mips64_cpu_set_gpr (m->cpu, A0, KSEG0 (DATA_PA));
  g_assert_cmpint (mips64_cpu_run (m->cpu, 100000000), ==, MIPS64_EXIT_IDLE);
  n = mips64_cpu_insn_count (m->cpu);
  g_assert_cmpuint (n, <, 10000000);
  g_assert_cmphex (mips64_cpu_get_pc (m->cpu), ==, CODE_VA);
  /* Resuming keeps polling (and is idle again); when the flag changes the
   * loop ends. */
  g_assert_cmpint (mips64_cpu_run (m->cpu, 100000000), ==, MIPS64_EXIT_IDLE);
  tmach_put32 (m, DATA_PA, 1);
  g_assert_cmpint (mips64_cpu_run (m->cpu, 100000000), ==, MIPS64_EXIT_WAIT);
  g_assert_cmpuint (GPR (m, V0), ==, 1);
  tmach_free (m);
}

/* After an interrupt handler returns into a loop found idle before, it is
 * recognised again at once, not a million instructions later. */
static void
test_idle_after_interrupt (void)
{
  tmach_t *m = tmach_new ();
  /* Handler: a loop that stores (it uses up the probe armed at run()
   * entry), then mask IP2 (the line stays up) and return. */
  const uint32_t handler[] = {
    ADDIU (T3, ZERO, 3), SW (T3, 0, A1), ADDIU (T3, T3, -1), BNE (T3, ZERO, -3), NOP,
    MFC0 (K0, 12, 0), ADDIU (K1, ZERO, -1 ^ 0x400), enc_r (K0, K1, K0, 0, 36) /* and */,
    MTC0 (K0, 12, 0), ERET,
  };
  uint64_t n0, n1;

  tmach_code (m, 0x180, handler, G_N_ELEMENTS (handler));
  TMACH_PROG (m, ST_KERNEL64 | ST_IE | ST_IM (2), LW (T0, 0, A0), BEQ (T0, ZERO, -2), NOP);
  mips64_cpu_set_gpr (m->cpu, A0, KSEG0 (DATA_PA));
  mips64_cpu_set_gpr (m->cpu, A1, KSEG0 (DATA_PA + 0x10));
  g_assert_cmpint (mips64_cpu_run (m->cpu, 100000000), ==, MIPS64_EXIT_IDLE);
  n0 = mips64_cpu_insn_count (m->cpu);
  mips64_cpu_set_irq (m->cpu, 0, true);
  g_assert_cmpint (mips64_cpu_run (m->cpu, 100000000), ==, MIPS64_EXIT_IDLE);
  n1 = mips64_cpu_insn_count (m->cpu);
  g_assert_cmpuint (tmach_exccode (m), ==, 0);                /* it was taken */
  g_assert_cmphex (mips64_cpu_get_cp0 (m->cpu, 12, 0) & 0x400, ==, 0);
  g_assert_cmpuint (n1 - n0, <, 2000);
  tmach_free (m);
}

static void
test_idle_multi_block (void)
{
  tmach_t *m = tmach_new ();

  /* A loop over two blocks, with a branch inside: still idle. */
  TMACH_PROG (m, ST_KERNEL64,
              LW (T0, 0, A0), BEQ (T0, ZERO, 3), NOP,   /* -> the b below */
              LW (T1, 4, A0), ADDIU (T2, T1, 1),
              BEQ (ZERO, ZERO, -6), NOP);               /* back to the top */
  mips64_cpu_set_gpr (m->cpu, A0, KSEG0 (DATA_PA));
  g_assert_cmpint (mips64_cpu_run (m->cpu, 100000000), ==, MIPS64_EXIT_IDLE);
  g_assert_cmpuint (mips64_cpu_insn_count (m->cpu), <, 10000000);
  tmach_free (m);
}

static void
test_idle_not_device_poll (void)
{
  tmach_t *m = tmach_new ();

  /* The same loop on a device register is a console poll: never idle. */
  wl_physmem_map_mmio (m->mem, 0x100000, 0x1000, &mmio_ops, NULL);
  mmio_reads = 0;
  TMACH_PROG (m, ST_KERNEL64, LW (T0, 0, A0), BEQ (T0, ZERO, -2), NOP);
  mips64_cpu_set_gpr (m->cpu, A0, KSEG1 (0x100000));
  g_assert_cmpint (mips64_cpu_run (m->cpu, 3000000), ==, MIPS64_EXIT_BUDGET);
  g_assert_cmpuint (mmio_reads, >, 500000);
  tmach_free (m);
}

static void
test_idle_not_compute (void)
{
  tmach_t *m = tmach_new ();

  /* A counting loop changes its registers every iteration. */
  TMACH_PROG (m, ST_KERNEL64, ADDIU (T0, T0, 1), BNE (T0, A1, -2), NOP);
  mips64_cpu_set_gpr (m->cpu, A1, 0x7fffffff);
  g_assert_cmpint (mips64_cpu_run (m->cpu, 3000000), ==, MIPS64_EXIT_BUDGET);
  g_assert_cmpuint (GPR (m, T0), >, 900000);

  /* A loop that stores, even the same value, is not idle either. */
  TMACH_PROG (m, ST_KERNEL64, SW (ZERO, 0, A0), BEQ (ZERO, ZERO, -2), NOP);
  mips64_cpu_set_gpr (m->cpu, A0, KSEG0 (DATA_PA));
  g_assert_cmpint (mips64_cpu_run (m->cpu, 3000000), ==, MIPS64_EXIT_BUDGET);

  /* Nor a loop with a call in it. */
  TMACH_PROG (m, ST_KERNEL64, jal (CODE_VA + 0x40), NOP, BEQ (ZERO, ZERO, -3), NOP);
  {
    const uint32_t sub[] = { JR (RA), NOP };

    tmach_code (m, CODE_PA + 0x40, sub, 2);
  }
  g_assert_cmpint (mips64_cpu_run (m->cpu, 3000000), ==, MIPS64_EXIT_BUDGET);
  tmach_free (m);
}

static void
test_idle_pc (void)
{
  tmach_t *m = tmach_new ();

  TMACH_PROG (m, ST_KERNEL64, ADDIU (T0, T0, 1), ADDIU (T1, T1, 1), BNE (T0, A1, -3), NOP);
  mips64_cpu_set_gpr (m->cpu, A1, 0x7fffffff);
  mips64_cpu_set_idle_pc (m->cpu, CODE_VA + 4);
  g_assert_cmpint (mips64_cpu_run (m->cpu, 1000000), ==, MIPS64_EXIT_IDLE);
  g_assert_cmphex (mips64_cpu_get_pc (m->cpu), ==, CODE_VA + 4);
  g_assert_cmpuint (GPR (m, T0), ==, 1);
  g_assert_cmpuint (GPR (m, T1), ==, 0);
  /* Resuming runs on (one more iteration) and stops there again. */
  g_assert_cmpint (mips64_cpu_run (m->cpu, 1000000), ==, MIPS64_EXIT_IDLE);
  g_assert_cmpuint (GPR (m, T1), ==, 1);
  mips64_cpu_set_idle_pc (m->cpu, 0);
  g_assert_cmpint (mips64_cpu_run (m->cpu, 1000), ==, MIPS64_EXIT_BUDGET);
  tmach_free (m);
}

static gpointer
request_thread (gpointer data)
{
  g_usleep (20000);
  mips64_cpu_request_exit (data);
  return NULL;
}

static void
test_request_exit (void)
{
  tmach_t *m = tmach_new ();
  GThread *t;

  TMACH_PROG (m, ST_KERNEL64, ADDIU (T0, T0, 1), BEQ (ZERO, ZERO, -2), NOP);
  t = g_thread_new ("request", request_thread, m->cpu);
  g_assert_cmpint (mips64_cpu_run (m->cpu, G_MAXINT64), ==, MIPS64_EXIT_REQUEST);
  g_thread_join (t);
  tmach_free (m);
}

/* ---- code changes ---- */

static void
test_self_modifying (void)
{
  tmach_t *m = tmach_new ();
  const uint32_t sub[] = { ADDIU (V0, ZERO, 1), JR (RA), NOP };

  tmach_code (m, CODE_PA + 0x100, sub, 3);
  /* Call sub, patch its first instruction, call it again. */
  TMACH_PROG (m, ST_KERNEL64,
              jal (CODE_VA + 0x100), NOP, ADDU (S0, S0, V0),
              SW (A1, 0, A0),
              jal (CODE_VA + 0x100), NOP, ADDU (S0, S0, V0));
  mips64_cpu_set_gpr (m->cpu, A0, KSEG0 (CODE_PA + 0x100));
  mips64_cpu_set_gpr (m->cpu, A1, ADDIU (V0, ZERO, 2));
  g_assert_cmpint (mips64_cpu_run (m->cpu, 1000), ==, MIPS64_EXIT_WAIT);
  g_assert_cmpuint (GPR (m, S0), ==, 3);

  /* DMA into the same code (as a loader or a device would): the first call
   * sees the DMA'd instruction (7), the program then patches it again (2). */
  tmach_put32 (m, CODE_PA + 0x100, ADDIU (V0, ZERO, 7));
  mips64_cpu_set_gpr (m->cpu, S0, 0);
  mips64_cpu_set_pc (m->cpu, CODE_VA);
  g_assert_cmpint (mips64_cpu_run (m->cpu, 1000), ==, MIPS64_EXIT_WAIT);
  g_assert_cmpuint (GPR (m, S0), ==, 9);

  /* Data next to code in the same page stays writable and readable. */
  TMACH_PROG (m, ST_KERNEL64, SW (A1, 0x200, A0), LW (T0, 0x200, A0));
  mips64_cpu_set_gpr (m->cpu, A0, KSEG0 (CODE_PA));
  mips64_cpu_set_gpr (m->cpu, A1, 0x5a5a);
  g_assert_cmpint (mips64_cpu_run (m->cpu, 1000), ==, MIPS64_EXIT_WAIT);
  g_assert_cmpuint (GPR (m, T0), ==, 0x5a5a);
  tmach_free (m);
}

/* A branch in the last word of a page: its delay slot is on the next. */
static void
test_delay_slot_next_page (void)
{
  tmach_t *m = tmach_new ();
  const uint32_t code[] = {
    ADDIU (T0, ZERO, 1),                 /* 0x1ff8 */
    BEQ (ZERO, ZERO, 2),                 /* 0x1ffc: to 0x2008 */
    ADDIU (T1, ZERO, 2),                 /* 0x2000: delay slot, next page */
    ADDIU (T2, ZERO, 3),                 /* 0x2004: skipped */
    ADDIU (T3, ZERO, 4),                 /* 0x2008 */
    WAIT, NOP,
  };

  tmach_code (m, 0x1ff8, code, G_N_ELEMENTS (code));
  mips64_cpu_reset (m->cpu, KSEG0 (0x1ff8));
  mips64_cpu_set_cp0 (m->cpu, 12, 0, ST_KERNEL64);
  g_assert_cmpint (mips64_cpu_run (m->cpu, 1000), ==, MIPS64_EXIT_WAIT);
  g_assert_cmpuint (GPR (m, T0), ==, 1);
  g_assert_cmpuint (GPR (m, T1), ==, 2);
  g_assert_cmpuint (GPR (m, T2), ==, 0);
  g_assert_cmpuint (GPR (m, T3), ==, 4);

  /* The delay slot faults: EPC is the branch on the previous page, BD set. */
  tmach_put32 (m, 0x2000, LW (T1, 1, ZERO));
  mips64_cpu_reset (m->cpu, KSEG0 (0x1ff8));
  mips64_cpu_set_cp0 (m->cpu, 12, 0, ST_KERNEL64);
  mips64_cpu_add_breakpoint (m->cpu, VEC_GENERAL);
  g_assert_cmpint (mips64_cpu_run (m->cpu, 1000), ==, MIPS64_EXIT_BREAKPOINT);
  g_assert_cmpuint (tmach_exccode (m), ==, 4);
  g_assert_cmphex (mips64_cpu_get_cp0 (m->cpu, 14, 0), ==, KSEG0 (0x1ffc));
  g_assert_cmphex (mips64_cpu_get_cp0 (m->cpu, 13, 0) & 0x80000000u, ==, 0x80000000u);

  /* A not-taken branch-likely at the page end skips the slot entirely. */
  {
    const uint32_t likely[] = { BNEL (ZERO, ZERO, 2) };

    tmach_code (m, 0x1ffc, likely, 1);
  }
  mips64_cpu_reset (m->cpu, KSEG0 (0x1ff8));
  mips64_cpu_set_cp0 (m->cpu, 12, 0, ST_KERNEL64);
  g_assert_cmpint (mips64_cpu_run (m->cpu, 1000), ==, MIPS64_EXIT_WAIT);
  g_assert_cmpuint (GPR (m, T1), ==, 0);
  g_assert_cmpuint (GPR (m, T2), ==, 3);
  tmach_free (m);
}

/* With EXL already set: EPC is kept and even a TLB miss uses 0x180. */
static void
test_nested_exception (void)
{
  tmach_t *m = tmach_new ();

  add_vectors (m);
  TMACH_PROG (m, ST_KERNEL64 | 2, LW (T0, 0, A0));
  mips64_cpu_set_cp0 (m->cpu, 14, 0, 0x1234);
  mips64_cpu_set_gpr (m->cpu, A0, 0x10000);
  g_assert_cmpint (mips64_cpu_run (m->cpu, 1000), ==, MIPS64_EXIT_BREAKPOINT);
  g_assert_cmphex (mips64_cpu_get_pc (m->cpu), ==, VEC_GENERAL);
  g_assert_cmpuint (tmach_exccode (m), ==, 2);
  g_assert_cmphex (mips64_cpu_get_cp0 (m->cpu, 14, 0), ==, 0x1234);
  tmach_free (m);
}

static void
test_tlbwr_wired (void)
{
  tmach_t *m = tmach_new ();

  /* Wired = 40: tlbwr only replaces entries 40..47. */
  TMACH_PROG (m, ST_KERNEL64, TLBWR, TLBWR, TLBWR, TLBWR, TLBWR, TLBWR, TLBWR, TLBWR,
              TLBWR, TLBWR, TLBWR, TLBWR, TLBWR, TLBWR, TLBWR, TLBWR);
  mips64_cpu_set_cp0 (m->cpu, 6, 0, 40);
  mips64_cpu_set_cp0 (m->cpu, 10, 0, 0x30000);
  mips64_cpu_set_cp0 (m->cpu, 2, 0, 2);
  mips64_cpu_set_cp0 (m->cpu, 3, 0, 2);
  g_assert_cmpint (mips64_cpu_run (m->cpu, 1000), ==, MIPS64_EXIT_WAIT);
  for (unsigned i = 0; i < 48; i++)
    {
      uint64_t hi;

      mips64_cpu_set_cp0 (m->cpu, 0, 0, i);
      TMACH_CONT (m, ST_KERNEL64, TLBR, NOP);
      g_assert_cmpint (mips64_cpu_run (m->cpu, 1000), ==, MIPS64_EXIT_WAIT);
      hi = mips64_cpu_get_cp0 (m->cpu, 10, 0);
      if (i < 40)
        g_assert_cmphex (hi, !=, 0x30000);
    }
  /* Random stays within [Wired, 47]. */
  for (unsigned i = 0; i < 100; i++)
    {
      uint64_t r = mips64_cpu_get_cp0 (m->cpu, 1, 0);

      g_assert_cmpuint (r, >=, 40);
      g_assert_cmpuint (r, <=, 47);
    }
  tmach_free (m);
}

typedef struct
{
  uint64_t off, val;
  unsigned size;
} lane_t;

static uint64_t
lane_read (void *opaque, uint64_t offset, unsigned size)
{
  lane_t *l = opaque;

  l->off = offset;
  l->size = size;
  return 0x8877665544332211ull & (size == 8 ? ~0ull : (1ull << (8 * size)) - 1);
}

static void
lane_write (void *opaque, uint64_t offset, uint64_t value, unsigned size)
{
  lane_t *l = opaque;

  l->off = offset;
  l->val = value;
  l->size = size;
}

static const wl_mmio_ops_t lane_ops = { lane_read, lane_write };

/* Device accesses arrive with their offset, size and a right-aligned value. */
static void
test_mmio_lanes (void)
{
  tmach_t *m = tmach_new ();
  lane_t l = { 0 };
  const uint32_t sb = enc_i (40, A0, A1, 3), sh = enc_i (41, A0, A1, 6);
  const uint32_t lb = enc_i (32, A0, V0, 5), lhu = enc_i (37, A0, V1, 2);

  wl_physmem_map_mmio (m->mem, 0x1e840000, 0x1000, &lane_ops, &l);
  TMACH_PROG (m, ST_KERNEL64, sb);
  mips64_cpu_set_gpr (m->cpu, A0, KSEG1 (0x1e840000));
  mips64_cpu_set_gpr (m->cpu, A1, 0x12345678abcdef99ull);
  g_assert_cmpint (mips64_cpu_run (m->cpu, 1000), ==, MIPS64_EXIT_WAIT);
  g_assert_cmphex (l.off, ==, 3);
  g_assert_cmpuint (l.size, ==, 1);
  g_assert_cmphex (l.val, ==, 0x99);
  TMACH_PROG (m, ST_KERNEL64, sh);
  mips64_cpu_set_gpr (m->cpu, A0, KSEG1 (0x1e840000));
  mips64_cpu_set_gpr (m->cpu, A1, 0x12345678abcdef99ull);
  g_assert_cmpint (mips64_cpu_run (m->cpu, 1000), ==, MIPS64_EXIT_WAIT);
  g_assert_cmphex (l.off, ==, 6);
  g_assert_cmphex (l.val, ==, 0xef99);
  TMACH_PROG (m, ST_KERNEL64, SD (A1, 8, A0));
  mips64_cpu_set_gpr (m->cpu, A0, KSEG1 (0x1e840000));
  mips64_cpu_set_gpr (m->cpu, A1, 0x12345678abcdef99ull);
  g_assert_cmpint (mips64_cpu_run (m->cpu, 1000), ==, MIPS64_EXIT_WAIT);
  g_assert_cmphex (l.val, ==, 0x12345678abcdef99ull);
  g_assert_cmpuint (l.size, ==, 8);
  TMACH_PROG (m, ST_KERNEL64, lb, lhu, LW (T0, 0x40c, A0));
  mips64_cpu_set_gpr (m->cpu, A0, KSEG1 (0x1e840000));
  g_assert_cmpint (mips64_cpu_run (m->cpu, 1000), ==, MIPS64_EXIT_WAIT);
  g_assert_cmphex (GPR (m, V0), ==, 0x11);
  g_assert_cmphex (GPR (m, V1), ==, 0x2211);
  g_assert_cmphex (GPR (m, T0), ==, 0x44332211);
  g_assert_cmphex (l.off, ==, 0x40c);
  g_assert_cmpuint (l.size, ==, 4);
  tmach_free (m);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/mips64/sys/tlb", test_tlb);
  g_test_add_func ("/mips64/sys/user-mode", test_user_mode);
  g_test_add_func ("/mips64/sys/user-64bit-ops", test_user_64bit_ops);
  g_test_add_func ("/mips64/sys/interrupt", test_interrupt);
  g_test_add_func ("/mips64/sys/wait", test_wait);
  g_test_add_func ("/mips64/sys/timer", test_timer);
  g_test_add_func ("/mips64/sys/llsc-interrupt", test_llsc_interrupt);
  g_test_add_func ("/mips64/sys/idle-ram-poll", test_idle_ram_poll);
  g_test_add_func ("/mips64/sys/idle-multi-block", test_idle_multi_block);
  g_test_add_func ("/mips64/sys/idle-after-interrupt", test_idle_after_interrupt);
  g_test_add_func ("/mips64/sys/idle-not-device-poll", test_idle_not_device_poll);
  g_test_add_func ("/mips64/sys/idle-not-compute", test_idle_not_compute);
  g_test_add_func ("/mips64/sys/idle-pc", test_idle_pc);
  g_test_add_func ("/mips64/sys/request-exit", test_request_exit);
  g_test_add_func ("/mips64/sys/self-modifying", test_self_modifying);
  g_test_add_func ("/mips64/sys/delay-slot-next-page", test_delay_slot_next_page);
  g_test_add_func ("/mips64/sys/nested-exception", test_nested_exception);
  g_test_add_func ("/mips64/sys/tlbwr-wired", test_tlbwr_wired);
  g_test_add_func ("/mips64/sys/mmio-lanes", test_mmio_lanes);
  return g_test_run ();
}
