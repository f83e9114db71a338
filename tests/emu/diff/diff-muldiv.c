/* diff-muldiv.c: HI/LO multiply and divide, including INT_MIN / -1 and
 * division by zero (whose HI/LO MIPS leaves unpredictable: QEMU's choice)
 *
 * Copyright 2026 The Wirelab authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include "rt.h"

static const u64 vals[] = {
  0, 1, 2, 3, 7, 0xffffffffffffffffull, 0xfffffffffffffffdull, 0x7fffffff,
  0xffffffff80000000ull, 0x80000000, 0xffffffff, 0x7fffffffffffffffull,
  0x8000000000000000ull, 0x123456789abcdef0ull, 0x10000, 0xfffffffffffeffffull,
};
#define N (sizeof vals / sizeof vals[0])

#define HILO(fn, insn) \
  static u64 fn (u64 a, u64 b, u64 *hi) { u64 lo, h; \
    __asm__ (insn " $zero, %2, %3\n\tmflo %0\n\tmfhi %1" : "=r" (lo), "=r" (h) : "r" (a), "r" (b) : "hi", "lo"); \
    *hi = h; return lo; }
#define HILO2(fn, insn) \
  static u64 fn (u64 a, u64 b, u64 *hi) { u64 lo, h; \
    __asm__ (insn " %2, %3\n\tmflo %0\n\tmfhi %1" : "=r" (lo), "=r" (h) : "r" (a), "r" (b) : "hi", "lo"); \
    *hi = h; return lo; }
#define ACC(fn, insn) \
  static u64 fn (u64 a, u64 b, u64 *hi) { u64 lo, h = *hi; \
    __asm__ ("mthi %1\n\tmtlo %2\n\t" insn " %3, %4\n\tmflo %0\n\tmfhi %1" \
             : "=&r" (lo), "+r" (h) : "r" (a ^ 0x5a5a5a5a), "r" (a), "r" (b) : "hi", "lo"); \
    *hi = h; return lo; }

HILO2 (m_mult, "mult")
HILO2 (m_multu, "multu")
HILO2 (m_dmult, "dmult")
HILO2 (m_dmultu, "dmultu")
HILO (m_div, "div")
HILO (m_divu, "divu")
HILO (m_ddiv, "ddiv")
HILO (m_ddivu, "ddivu")
ACC (m_madd, "madd")
ACC (m_maddu, "maddu")
ACC (m_msub, "msub")
ACC (m_msubu, "msubu")

static u64
m_mul (u64 a, u64 b, u64 *hi)
{
  u64 r;

  *hi = 0;
  __asm__ ("mul %0, %1, %2" : "=r" (r) : "r" (a), "r" (b) : "hi", "lo");
  return r;
}

typedef u64 (*hl_fn) (u64, u64, u64 *);

static void
run (const char *name, hl_fn f)
{
  u64 acc = 0, hi, lo;

  for (unsigned i = 0; i < N; i++)
    for (unsigned j = 0; j < N; j++)
      {
        hi = vals[(i + j) % N];
        lo = f (OPAQUE (vals[i]), OPAQUE (vals[j]), &hi);
        acc = rt_mix (rt_mix (acc, lo), hi);
      }
  rt_puts (name);
  rt_puts (": ");
  rt_hex64 (acc);
  rt_nl ();
}

static void
show (const char *name, hl_fn f, u64 a, u64 b)
{
  u64 hi = 0, lo = f (OPAQUE (a), OPAQUE (b), &hi);

  rt_puts (name);
  rt_puts (" lo=");
  rt_hex64 (lo);
  rt_puts (" hi=");
  rt_hex64 (hi);
  rt_nl ();
}

int
test_main (void)
{
  run ("mult", m_mult);
  run ("multu", m_multu);
  run ("dmult", m_dmult);
  run ("dmultu", m_dmultu);
  run ("div", m_div);
  run ("divu", m_divu);
  run ("ddiv", m_ddiv);
  run ("ddivu", m_ddivu);
  run ("madd", m_madd);
  run ("maddu", m_maddu);
  run ("msub", m_msub);
  run ("msubu", m_msubu);
  run ("mul", m_mul);
  show ("div INT_MIN/-1", m_div, 0xffffffff80000000ull, ~0ull);
  show ("div 7/0", m_div, 7, 0);
  show ("div -7/2", m_div, (u64) -7, 2);
  show ("divu 7/0", m_divu, 7, 0);
  show ("ddiv INT64_MIN/-1", m_ddiv, 0x8000000000000000ull, ~0ull);
  show ("ddiv -9/0", m_ddiv, (u64) -9, 0);
  show ("ddivu 9/0", m_ddivu, 9, 0);
  show ("dmult big", m_dmult, 0x8000000000000000ull, 0x8000000000000000ull);
  show ("dmultu big", m_dmultu, ~0ull, ~0ull);
  return 0;
}
