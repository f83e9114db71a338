/* diff-shift.c: shifts and rotates, immediate and variable, 32 and 64 bit
 *
 * Copyright 2026 The Wirelab authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include "rt.h"

static const u64 vals[] = {
  0, 1, 0x80000000, 0xffffffff, 0x7fffffff, 0xffffffff80000000ull,
  0x8000000000000000ull, 0xffffffffffffffffull, 0x0123456789abcdefull,
  0xfedcba9876543210ull, 0x00000000deadbeefull,
};
#define N (sizeof vals / sizeof vals[0])

#define VAR(fn, insn) \
  static u64 fn (u64 a, u64 s) { u64 r; __asm__ (insn " %0, %1, %2" : "=r" (r) : "r" (a), "r" (s)); return r; }
VAR (v_sllv, "sllv")
VAR (v_srlv, "srlv")
VAR (v_srav, "srav")
VAR (v_rotrv, "rotrv")
VAR (v_dsllv, "dsllv")
VAR (v_dsrlv, "dsrlv")
VAR (v_dsrav, "dsrav")
VAR (v_drotrv, "drotrv")

#define IMM(insn, a, s) ({ u64 _r; __asm__ (insn " %0, %1, " #s : "=r" (_r) : "r" (a)); _r; })
#define ALL32(acc, insn, a) \
  acc = rt_mix (acc, IMM (insn, a, 0)); acc = rt_mix (acc, IMM (insn, a, 1)); \
  acc = rt_mix (acc, IMM (insn, a, 7)); acc = rt_mix (acc, IMM (insn, a, 16)); \
  acc = rt_mix (acc, IMM (insn, a, 31))

typedef u64 (*var_fn) (u64, u64);

static void
var (const char *name, var_fn f)
{
  u64 acc = 0;

  for (unsigned i = 0; i < N; i++)
    for (u64 s = 0; s < 70; s++)
      acc = rt_mix (acc, f (OPAQUE (vals[i]), OPAQUE (s)));
  acc = rt_mix (acc, f (OPAQUE (vals[8]), OPAQUE (~0ull)));
  rt_puts (name);
  rt_puts (": ");
  rt_hex64 (acc);
  rt_nl ();
}

int
test_main (void)
{
  u64 a_sll = 0, a_srl = 0, a_sra = 0, a_rotr = 0;
  u64 a_dsll = 0, a_dsrl = 0, a_dsra = 0, a_drotr = 0, a_d32 = 0;

  var ("sllv", v_sllv);
  var ("srlv", v_srlv);
  var ("srav", v_srav);
  var ("rotrv", v_rotrv);
  var ("dsllv", v_dsllv);
  var ("dsrlv", v_dsrlv);
  var ("dsrav", v_dsrav);
  var ("drotrv", v_drotrv);
  for (unsigned i = 0; i < N; i++)
    {
      u64 a = OPAQUE (vals[i]);

      ALL32 (a_sll, "sll", a);
      ALL32 (a_srl, "srl", a);
      ALL32 (a_sra, "sra", a);
      ALL32 (a_rotr, "rotr", a);
      ALL32 (a_dsll, "dsll", a);
      ALL32 (a_dsrl, "dsrl", a);
      ALL32 (a_dsra, "dsra", a);
      ALL32 (a_drotr, "drotr", a);
      ALL32 (a_d32, "dsll32", a);
      ALL32 (a_d32, "dsrl32", a);
      ALL32 (a_d32, "dsra32", a);
      ALL32 (a_d32, "drotr32", a);
    }
  rt_kv64 ("sll", a_sll);
  rt_kv64 ("srl", a_srl);
  rt_kv64 ("sra", a_sra);
  rt_kv64 ("rotr", a_rotr);
  rt_kv64 ("dsll", a_dsll);
  rt_kv64 ("dsrl", a_dsrl);
  rt_kv64 ("dsra", a_dsra);
  rt_kv64 ("drotr", a_drotr);
  rt_kv64 ("d32", a_d32);
  return 0;
}
