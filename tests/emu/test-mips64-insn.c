/* test-mips64-insn.c: single instructions on the real CPU: results,
 * exceptions (EPC, Cause.ExcCode, BadVAddr, Cause.BD), delay slots,
 * branch-likely annulment, CP0 identity and the FPU enable
 *
 * Copyright 2026 The Wirelab authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include "config.h"

#include "mips64-test.h"

#define GENERAL_VEC KSEG0 (0x180)

/* Runs until the general exception vector (a breakpoint) or the final WAIT. */
static mips64_exit_t
run_to_vector (tmach_t *m)
{
  mips64_cpu_add_breakpoint (m->cpu, GENERAL_VEC);
  return mips64_cpu_run (m->cpu, 100000);
}

static void
test_alu (void)
{
  tmach_t *m = tmach_new ();

  TMACH_PROG (m, ST_KERNEL64,
              ADDIU (T0, ZERO, -1),         /* t0 = -1 */
              ADDIU (T1, ZERO, 0x7fff),
              ADDU (T2, T0, T1),            /* 0x7ffe */
              LUI (T3, 0x8000),             /* sign-extended */
              ORI (T3, T3, 0x1234),
              DSLL32 (S0, T1, 0),           /* 0x7fff << 32 */
              DADDU (S1, S0, T0),
              ADDIU (ZERO, ZERO, 5));       /* writes to $zero vanish */
  g_assert_cmpint (mips64_cpu_run (m->cpu, 1000), ==, MIPS64_EXIT_WAIT);
  g_assert_cmphex (GPR (m, T0), ==, ~0ull);
  g_assert_cmphex (GPR (m, T2), ==, 0x7ffe);
  g_assert_cmphex (GPR (m, T3), ==, 0xffffffff80001234ull);
  g_assert_cmphex (GPR (m, S0), ==, 0x00007fff00000000ull);
  g_assert_cmphex (GPR (m, S1), ==, 0x00007ffeffffffffull);
  g_assert_cmphex (GPR (m, ZERO), ==, 0);
  /* The WAIT left the PC after itself. */
  g_assert_cmphex (mips64_cpu_get_pc (m->cpu), ==, CODE_VA + 4 * 9);
  g_assert_cmpuint (mips64_cpu_insn_count (m->cpu), >=, 8);
  tmach_free (m);
}

/* An overflowing add traps with Ov, leaves rd alone, EPC at the add. */
static void
check_overflow (uint32_t insn, uint64_t a, uint64_t b)
{
  tmach_t *m = tmach_new ();

  TMACH_PROG (m, ST_KERNEL64, NOP, insn, NOP);
  mips64_cpu_set_gpr (m->cpu, A0, a);
  mips64_cpu_set_gpr (m->cpu, A1, b);
  mips64_cpu_set_gpr (m->cpu, V0, 0x5555);
  g_assert_cmpint (run_to_vector (m), ==, MIPS64_EXIT_BREAKPOINT);
  g_assert_cmpuint (tmach_exccode (m), ==, 12);
  g_assert_cmphex (mips64_cpu_get_cp0 (m->cpu, 14, 0), ==, CODE_VA + 4);
  g_assert_cmphex (GPR (m, V0), ==, 0x5555);
  g_assert_cmphex (mips64_cpu_get_cp0 (m->cpu, 12, 0) & 2, ==, 2);   /* EXL */
  tmach_free (m);
}

static void
test_overflow (void)
{
  check_overflow (ADD (V0, A0, A1), 0x7fffffff, 1);
  check_overflow (ADD (V0, A0, A1), 0xffffffff80000000ull, ~0ull);
  check_overflow (SUB (V0, A0, A1), 0xffffffff80000000ull, 1);
  check_overflow (ADDI (V0, A0, 1), 0x7fffffff, 0);
  check_overflow (DADD (V0, A0, A1), 0x7fffffffffffffffull, 1);
  check_overflow (DSUB (V0, A0, A1), 0x8000000000000000ull, 1);
  check_overflow (DADDI (V0, A0, -1), 0x8000000000000000ull, 0);

  /* No overflow: the result is written. */
  {
    tmach_t *m = tmach_new ();

    TMACH_PROG (m, ST_KERNEL64, ADD (V0, A0, A1), DADDI (V1, A0, -1));
    mips64_cpu_set_gpr (m->cpu, A0, 0x7ffffffe);
    mips64_cpu_set_gpr (m->cpu, A1, 1);
    g_assert_cmpint (mips64_cpu_run (m->cpu, 1000), ==, MIPS64_EXIT_WAIT);
    g_assert_cmphex (GPR (m, V0), ==, 0x7fffffff);
    g_assert_cmphex (GPR (m, V1), ==, 0x7ffffffd);
    tmach_free (m);
  }
}

static void
test_delay_slot (void)
{
  tmach_t *m = tmach_new ();

  /* Taken beq runs its delay slot and skips the fall-through. */
  TMACH_PROG (m, ST_KERNEL64,
              BEQ (ZERO, ZERO, 2),
              ADDIU (T0, T0, 1),       /* delay slot */
              ADDIU (T0, T0, 10),      /* skipped */
              ADDIU (T0, T0, 100),     /* target */
              /* not-taken beql annuls its delay slot */
              BEQL (T0, ZERO, 2),
              ADDIU (T1, T1, 1),       /* annulled */
              ADDIU (T1, T1, 10),
              /* taken bnel runs it */
              BNEL (T0, ZERO, 2),
              ADDIU (T2, T2, 1),
              ADDIU (T2, T2, 10),      /* skipped */
              NOP);
  g_assert_cmpint (mips64_cpu_run (m->cpu, 1000), ==, MIPS64_EXIT_WAIT);
  g_assert_cmpuint (GPR (m, T0), ==, 101);
  g_assert_cmpuint (GPR (m, T1), ==, 10);
  g_assert_cmpuint (GPR (m, T2), ==, 1);
  tmach_free (m);
}

static void
test_delay_slot_exception (void)
{
  tmach_t *m = tmach_new ();

  /* A misaligned load in a delay slot: EPC is the branch, Cause.BD set. */
  TMACH_PROG (m, ST_KERNEL64, NOP, BEQ (ZERO, ZERO, 4), LW (T0, 1, A0), NOP);
  mips64_cpu_set_gpr (m->cpu, A0, KSEG0 (DATA_PA));
  g_assert_cmpint (run_to_vector (m), ==, MIPS64_EXIT_BREAKPOINT);
  g_assert_cmpuint (tmach_exccode (m), ==, 4);                  /* AdEL */
  g_assert_cmphex (mips64_cpu_get_cp0 (m->cpu, 14, 0), ==, CODE_VA + 4);
  g_assert_cmphex (mips64_cpu_get_cp0 (m->cpu, 13, 0) & 0x80000000u, ==, 0x80000000u);
  g_assert_cmphex (mips64_cpu_get_cp0 (m->cpu, 8, 0), ==, KSEG0 (DATA_PA) + 1);
  tmach_free (m);

  /* Not in a delay slot: BD clear, EPC at the instruction. */
  m = tmach_new ();
  TMACH_PROG (m, ST_KERNEL64, NOP, SW (T0, 2, A0));
  mips64_cpu_set_gpr (m->cpu, A0, KSEG0 (DATA_PA));
  g_assert_cmpint (run_to_vector (m), ==, MIPS64_EXIT_BREAKPOINT);
  g_assert_cmpuint (tmach_exccode (m), ==, 5);                  /* AdES */
  g_assert_cmphex (mips64_cpu_get_cp0 (m->cpu, 14, 0), ==, CODE_VA + 4);
  g_assert_cmphex (mips64_cpu_get_cp0 (m->cpu, 13, 0) & 0x80000000u, ==, 0);
  g_assert_cmphex (mips64_cpu_get_cp0 (m->cpu, 8, 0), ==, KSEG0 (DATA_PA) + 2);
  tmach_free (m);
}

static void
check_exc (uint32_t insn, unsigned code)
{
  tmach_t *m = tmach_new ();

  TMACH_PROG (m, ST_KERNEL64, NOP, insn);
  mips64_cpu_set_gpr (m->cpu, A0, 7);
  mips64_cpu_set_gpr (m->cpu, A1, 7);
  g_assert_cmpint (run_to_vector (m), ==, MIPS64_EXIT_BREAKPOINT);
  g_assert_cmpuint (tmach_exccode (m), ==, code);
  g_assert_cmphex (mips64_cpu_get_cp0 (m->cpu, 14, 0), ==, CODE_VA + 4);
  tmach_free (m);
}

static void
test_exceptions (void)
{
  check_exc (SYSCALL, 8);
  check_exc (BREAK, 9);
  check_exc (59u << 26, 10);                                     /* opcode 59: RI */
  check_exc (TEQ (A0, A1), 13);
  check_exc (TEQI (A0, 7), 13);
  check_exc (0x4a000000u, 11);                                   /* COP2: CpU */

  /* A trap whose condition is false does nothing. */
  {
    tmach_t *m = tmach_new ();

    TMACH_PROG (m, ST_KERNEL64, TNE (A0, A1), ADDIU (V0, ZERO, 1));
    mips64_cpu_set_gpr (m->cpu, A0, 7);
    mips64_cpu_set_gpr (m->cpu, A1, 7);
    g_assert_cmpint (mips64_cpu_run (m->cpu, 1000), ==, MIPS64_EXIT_WAIT);
    g_assert_cmpuint (GPR (m, V0), ==, 1);
    tmach_free (m);
  }
}

static void
test_eret (void)
{
  tmach_t *m = tmach_new ();

  /* EPC -> after the eret lands on CODE+0x40; ERL has priority (ErrorEPC). */
  TMACH_PROG (m, ST_KERNEL64 | 2 /* EXL */,
              DMTC0 (A0, 14, 0),
              ERET,
              ADDIU (V0, ZERO, 1));   /* never runs */
  {
    const uint32_t tail[] = { ADDIU (V1, ZERO, 2), WAIT, NOP };

    tmach_code (m, CODE_PA + 0x40, tail, 3);
  }
  mips64_cpu_set_gpr (m->cpu, A0, CODE_VA + 0x40);
  g_assert_cmpint (mips64_cpu_run (m->cpu, 1000), ==, MIPS64_EXIT_WAIT);
  g_assert_cmpuint (GPR (m, V0), ==, 0);
  g_assert_cmpuint (GPR (m, V1), ==, 2);
  g_assert_cmphex (mips64_cpu_get_cp0 (m->cpu, 12, 0) & 2, ==, 0);

  TMACH_PROG (m, ST_KERNEL64 | 4 /* ERL */ | 2, DMTC0 (A0, 30, 0), ERET);
  mips64_cpu_set_gpr (m->cpu, A0, CODE_VA + 0x40);
  mips64_cpu_set_gpr (m->cpu, V1, 0);
  g_assert_cmpint (mips64_cpu_run (m->cpu, 1000), ==, MIPS64_EXIT_WAIT);
  g_assert_cmpuint (GPR (m, V1), ==, 2);
  /* ERL cleared, EXL kept */
  g_assert_cmphex (mips64_cpu_get_cp0 (m->cpu, 12, 0) & 6, ==, 2);
  tmach_free (m);
}

static void
test_cp0_identity (void)
{
  tmach_t *m = tmach_new ();
  uint64_t c0, c1;

  mips64_cpu_reset (m->cpu, CODE_VA);
  g_assert_cmphex (mips64_cpu_get_cp0 (m->cpu, 15, 0), ==, 0x2721);
  /* docs/board.md: reset Status is BEV only. */
  g_assert_cmphex (mips64_cpu_get_cp0 (m->cpu, 12, 0), ==, 0x00400000);
  c0 = mips64_cpu_get_cp0 (m->cpu, 16, 0);
  c1 = mips64_cpu_get_cp0 (m->cpu, 16, 1);
  g_assert_cmphex (c0 & 0x8000, ==, 0x8000);                    /* big-endian */
  g_assert_cmphex ((c0 >> 13) & 3, ==, 2);                      /* MIPS64 */
  g_assert_cmphex ((c0 >> 7) & 7, ==, 1);                       /* TLB */
  g_assert_cmpuint (((c1 >> 25) & 63) + 1, ==, 48);             /* 48 entries */
  g_assert_cmphex (c1 & 1, ==, 1);                              /* FPU */
  g_assert_cmphex (mips64_cpu_get_cp0 (m->cpu, 16, 3) & 0x2000, ==, 0x2000);
  tmach_free (m);
}

static void
test_fpu_enable (void)
{
  tmach_t *m = tmach_new ();
  const uint64_t one = 0x3ff0000000000000ull, two = 0x4000000000000000ull;

  /* CU1 clear: Coprocessor Unusable with Cause.CE = 1. */
  TMACH_PROG (m, ST_KERNEL64, DMTC1 (A0, 2));
  g_assert_cmpint (run_to_vector (m), ==, MIPS64_EXIT_BREAKPOINT);
  g_assert_cmpuint (tmach_exccode (m), ==, 11);
  g_assert_cmphex ((mips64_cpu_get_cp0 (m->cpu, 13, 0) >> 28) & 3, ==, 1);
  tmach_free (m);

  /* CU1 set, FR=1: 1.0 + 1.0 = 2.0. */
  m = tmach_new ();
  TMACH_PROG (m, ST_KERNEL64 | ST_CU1 | ST_FR,
              DMTC1 (A0, 2), DMTC1 (A0, 4), ADD_D (0, 2, 4), DMFC1 (V0, 0));
  mips64_cpu_set_gpr (m->cpu, A0, one);
  g_assert_cmpint (mips64_cpu_run (m->cpu, 1000), ==, MIPS64_EXIT_WAIT);
  g_assert_cmphex (GPR (m, V0), ==, two);
  tmach_free (m);
}

/* c.cond on $fcc3 and bc1t/bc1fl reading it, with filled delay slots. */
static void
test_fpu_branch_cc (void)
{
  tmach_t *m = tmach_new ();
  const uint32_t c_lt_d_cc3 = (17u << 26) | (17u << 21) | (4u << 16) | (2u << 11) | (3u << 8) | 0x3c;
  const uint32_t bc1t_cc3 = (17u << 26) | (8u << 21) | (3u << 18) | (1u << 16) | 2;
  const uint32_t bc1fl_cc3 = (17u << 26) | (8u << 21) | (3u << 18) | (2u << 16) | 2;

  TMACH_PROG (m, ST_KERNEL64 | ST_CU1 | ST_FR,
              DMTC1 (A0, 2), DMTC1 (A1, 4),
              c_lt_d_cc3,                  /* 1.0 < 2.0: fcc3 = 1 */
              bc1t_cc3,
              ADDIU (T0, ZERO, 1),         /* delay slot */
              ADDIU (T1, ZERO, 1),         /* skipped */
              bc1fl_cc3,                   /* not taken: slot annulled */
              ADDIU (T2, ZERO, 1),
              CFC1 (V0, 25));              /* FCCR */
  mips64_cpu_set_gpr (m->cpu, A0, 0x3ff0000000000000ull);
  mips64_cpu_set_gpr (m->cpu, A1, 0x4000000000000000ull);
  g_assert_cmpint (mips64_cpu_run (m->cpu, 1000), ==, MIPS64_EXIT_WAIT);
  g_assert_cmpuint (GPR (m, T0), ==, 1);
  g_assert_cmpuint (GPR (m, T1), ==, 0);
  g_assert_cmpuint (GPR (m, T2), ==, 0);
  g_assert_cmphex (GPR (m, V0), ==, 1u << 3);
  tmach_free (m);
}

/* FR=0: a double lives in an even/odd pair of 32-bit registers. */
static void
test_fpu_fr0 (void)
{
  tmach_t *m = tmach_new ();

  TMACH_PROG (m, ST_KERNEL64 | ST_CU1,
              DMTC1 (A0, 0), MFC1 (V0, 0), MFC1 (V1, 1), DMFC1 (T0, 0));
  mips64_cpu_set_gpr (m->cpu, A0, 0x1122334455667788ull);
  g_assert_cmpint (mips64_cpu_run (m->cpu, 1000), ==, MIPS64_EXIT_WAIT);
  g_assert_cmphex (GPR (m, V0), ==, 0x55667788);
  g_assert_cmphex (GPR (m, V1), ==, 0x11223344);
  g_assert_cmphex (GPR (m, T0), ==, 0x1122334455667788ull);
  tmach_free (m);

  /* FR=1: the odd register is separate. */
  m = tmach_new ();
  TMACH_PROG (m, ST_KERNEL64 | ST_CU1 | ST_FR, DMTC1 (A0, 0), MFC1 (V1, 1));
  mips64_cpu_set_gpr (m->cpu, A0, 0x1122334455667788ull);
  mips64_cpu_set_gpr (m->cpu, V1, 0x99);
  g_assert_cmpint (mips64_cpu_run (m->cpu, 1000), ==, MIPS64_EXIT_WAIT);
  g_assert_cmphex (GPR (m, V1), ==, 0);
  tmach_free (m);
}

/* FCSR.RM picks the rounding of cvt.w.d (qemu-mips64 ignores it, so this
 * is checked here rather than in the differential suite). */
static void
test_fpu_rounding (void)
{
  static const struct { unsigned rm; uint64_t in; uint32_t out; } cases[] = {
    { 0, 0x4004000000000000ull, 2 },            /* 2.5 nearest-even -> 2 */
    { 0, 0x400c000000000000ull, 4 },            /* 3.5 -> 4 */
    { 1, 0xc004000000000000ull, 0xfffffffe },   /* -2.5 toward zero -> -2 */
    { 2, 0x3ff0000000000001ull, 2 },            /* 1+ulp toward +inf -> 2 */
    { 3, 0xbff0000000000001ull, 0xfffffffe },   /* -1-ulp toward -inf -> -2 */
    { 0, 0x7ff8000000000000ull, 0x7fffffff },   /* NaN: invalid, max int */
    { 0, 0x41f0000000000000ull, 0x7fffffff },   /* 2^32: out of range */
  };

  for (unsigned i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      tmach_t *m = tmach_new ();

      TMACH_PROG (m, ST_KERNEL64 | ST_CU1 | ST_FR,
                  CTC1 (A1, 31), DMTC1 (A0, 2), CVT_W_D (0, 2), MFC1 (V0, 0), CFC1 (V1, 31));
      mips64_cpu_set_gpr (m->cpu, A0, cases[i].in);
      mips64_cpu_set_gpr (m->cpu, A1, cases[i].rm);
      g_assert_cmpint (mips64_cpu_run (m->cpu, 1000), ==, MIPS64_EXIT_WAIT);
      g_assert_cmphex ((uint32_t) GPR (m, V0), ==, cases[i].out);
      if (cases[i].out == 0x7fffffff)
        g_assert_cmphex (GPR (m, V1) & 0x10040, ==, 0x10040);  /* cause V, flag V */
      tmach_free (m);
    }
}

static void
test_bev_fault (void)
{
  tmach_t *m = tmach_new ();
  const char *msg;

  /* Reset state (BEV set): an exception vectors into the missing boot ROM
   * and the CPU stops with a message instead of looping. */
  {
    const uint32_t p[] = { BREAK };

    tmach_code (m, CODE_PA, p, 1);
  }
  mips64_cpu_reset (m->cpu, CODE_VA);
  g_assert_cmpint (mips64_cpu_run (m->cpu, 1000), ==, MIPS64_EXIT_FAULT);
  msg = mips64_cpu_fault_message (m->cpu);
  g_assert_nonnull (msg);
  g_assert_nonnull (strstr (msg, "exception 9"));
  g_assert_nonnull (strstr (msg, "BEV"));
  /* It stays stopped. */
  g_assert_cmpint (mips64_cpu_run (m->cpu, 1000), ==, MIPS64_EXIT_FAULT);
  tmach_free (m);
}

static void
test_unmapped_fetch (void)
{
  tmach_t *m = tmach_new ();

  TMACH_PROG (m, ST_KERNEL64, JR (A0), NOP);
  mips64_cpu_set_gpr (m->cpu, A0, KSEG0 (0x10000000));   /* no RAM there */
  g_assert_cmpint (mips64_cpu_run (m->cpu, 1000), ==, MIPS64_EXIT_FAULT);
  g_assert_nonnull (strstr (mips64_cpu_fault_message (m->cpu), "no RAM"));
  tmach_free (m);
}

static void
test_segments (void)
{
  tmach_t *m = tmach_new ();

  /* The same physical word through KSEG0, KSEG1 and XKPHYS. */
  tmach_put32 (m, DATA_PA, 0xcafef00d);
  TMACH_PROG (m, ST_KERNEL64, LW (T0, 0, A0), LW (T1, 0, A1), LW (T2, 0, A2));
  mips64_cpu_set_gpr (m->cpu, A0, KSEG0 (DATA_PA));
  mips64_cpu_set_gpr (m->cpu, A1, KSEG1 (DATA_PA));
  mips64_cpu_set_gpr (m->cpu, A2, 0x9000000000000000ull | DATA_PA);
  g_assert_cmpint (mips64_cpu_run (m->cpu, 1000), ==, MIPS64_EXIT_WAIT);
  g_assert_cmphex (GPR (m, T0), ==, 0xffffffffcafef00dull);
  g_assert_cmphex (GPR (m, T1), ==, 0xffffffffcafef00dull);
  g_assert_cmphex (GPR (m, T2), ==, 0xffffffffcafef00dull);

  /* XKPHYS needs Status.KX. */
  TMACH_PROG (m, 0, LW (T2, 0, A2));
  mips64_cpu_set_gpr (m->cpu, A2, 0x9000000000000000ull | DATA_PA);
  g_assert_cmpint (run_to_vector (m), ==, MIPS64_EXIT_BREAKPOINT);
  g_assert_cmpuint (tmach_exccode (m), ==, 4);
  tmach_free (m);
}

/* Random instruction words must never crash or hang the host: each
 * exception skips the instruction and returns.  (Run under ASan/UBSan in
 * CI, this also catches undefined behaviour in any handler.) */
static void
test_random_code (void)
{
  tmach_t *m = tmach_new ();
  const uint32_t handler[] = {
    0x40000000u | (1u << 21) | (K0 << 16) | (14u << 11),   /* dmfc0 k0, EPC */
    DADDIU (K0, K0, 4),
    DMTC0 (K0, 14, 0),
    ADDIU (K1, ZERO, 0xe0 | 2),                             /* KX SX UX EXL */
    MTC0 (K1, 12, 0),
    ERET,
  };
  GRand *rng = g_rand_new_with_seed (0x5eed);
  unsigned exits[8] = { 0 };

  for (unsigned round = 0; round < 300; round++)
    {
      uint32_t words[256];

      for (unsigned i = 0; i < G_N_ELEMENTS (words); i++)
        {
          uint32_t w = g_rand_int (rng);

          /* Keep stores away from low memory (vectors, this code). */
          if ((w >> 29) == 5)
            w = (w & ~(31u << 21)) | (S0 << 21);
          words[i] = w;
        }
      tmach_code (m, 0x180, handler, G_N_ELEMENTS (handler));
      tmach_code (m, CODE_PA, words, G_N_ELEMENTS (words));
      mips64_cpu_reset (m->cpu, CODE_VA);
      mips64_cpu_set_cp0 (m->cpu, 12, 0, ST_KERNEL64 | ST_CU1 | ST_FR);
      mips64_cpu_set_gpr (m->cpu, S0, KSEG0 (0x80000));
      exits[mips64_cpu_run (m->cpu, 20000) & 7]++;
      /* Anything but a crash is fine; a fault must say why. */
      if (mips64_cpu_fault_message (m->cpu) != NULL)
        g_assert_cmpstr (mips64_cpu_fault_message (m->cpu), !=, "");
    }
  g_test_message ("exits: budget %u wait %u idle %u fault %u",
                  exits[MIPS64_EXIT_BUDGET], exits[MIPS64_EXIT_WAIT],
                  exits[MIPS64_EXIT_IDLE], exits[MIPS64_EXIT_FAULT]);
  g_rand_free (rng);
  tmach_free (m);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/mips64/insn/alu", test_alu);
  g_test_add_func ("/mips64/insn/overflow", test_overflow);
  g_test_add_func ("/mips64/insn/delay-slot", test_delay_slot);
  g_test_add_func ("/mips64/insn/delay-slot-exception", test_delay_slot_exception);
  g_test_add_func ("/mips64/insn/exceptions", test_exceptions);
  g_test_add_func ("/mips64/insn/eret", test_eret);
  g_test_add_func ("/mips64/insn/cp0-identity", test_cp0_identity);
  g_test_add_func ("/mips64/insn/fpu-enable", test_fpu_enable);
  g_test_add_func ("/mips64/insn/fpu-fr0", test_fpu_fr0);
  g_test_add_func ("/mips64/insn/fpu-branch-cc", test_fpu_branch_cc);
  g_test_add_func ("/mips64/insn/fpu-rounding", test_fpu_rounding);
  g_test_add_func ("/mips64/insn/bev-fault", test_bev_fault);
  g_test_add_func ("/mips64/insn/unmapped-fetch", test_unmapped_fetch);
  g_test_add_func ("/mips64/insn/segments", test_segments);
  g_test_add_func ("/mips64/insn/random-code", test_random_code);
  return g_test_run ();
}
