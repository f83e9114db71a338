/* diff-alu.c: 32- and 64-bit integer ALU ops on edge values
 *
 * Copyright 2026 The Wirelab authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include "rt.h"

static const u64 vals[] = {
  0, 1, 2, 0x7f, 0x80, 0xff, 0x7fff, 0x8000, 0xffff, 0x7fffffff,
  0x80000000, 0xffffffff, 0x100000000ull, 0x7fffffffffffffffull,
  0x8000000000000000ull, 0xffffffffffffffffull, 0xfffffffffffffffeull,
  0x123456789abcdef0ull, 0xffffffff80000000ull, 0x00000000ffff0000ull,
  0xffffffff7fffffffull, 0x5555555555555555ull,
};
#define N (sizeof vals / sizeof vals[0])

#define OP3(fn, insn) \
  static u64 fn (u64 a, u64 b) { u64 r; __asm__ (insn " %0, %1, %2" : "=r" (r) : "r" (a), "r" (b)); return r; }
#define OPI(fn, insn, imm) \
  static u64 fn (u64 a) { u64 r; __asm__ (insn " %0, %1, " #imm : "=r" (r) : "r" (a)); return r; }

OP3 (op_addu, "addu")
OP3 (op_subu, "subu")
OP3 (op_daddu, "daddu")
OP3 (op_dsubu, "dsubu")
OP3 (op_and, "and")
OP3 (op_or, "or")
OP3 (op_xor, "xor")
OP3 (op_nor, "nor")
OP3 (op_slt, "slt")
OP3 (op_sltu, "sltu")
OPI (op_addiu_m1, "addiu", -1)
OPI (op_addiu_big, "addiu", 32767)
OPI (op_addiu_neg, "addiu", -32768)
OPI (op_daddiu_m1, "daddiu", -1)
OPI (op_daddiu_big, "daddiu", 32767)
OPI (op_slti_m1, "slti", -1)
OPI (op_slti_big, "slti", 32767)
OPI (op_sltiu_m1, "sltiu", -1)
OPI (op_sltiu_big, "sltiu", 32767)
OPI (op_andi, "andi", 0x8421)
OPI (op_ori, "ori", 0xf00f)
OPI (op_xori, "xori", 0xffff)

static u64
op_movz (u64 a, u64 b)
{
  u64 r = 0x1111;

  __asm__ ("movz %0, %1, %2" : "+r" (r) : "r" (a), "r" (b));
  return r;
}

static u64
op_movn (u64 a, u64 b)
{
  u64 r = 0x2222;

  __asm__ ("movn %0, %1, %2" : "+r" (r) : "r" (a), "r" (b));
  return r;
}

/* Trapping forms only on operands that do not overflow. */
static u64
op_add_safe (u64 a, u64 b)
{
  u64 r;
  s32 x = (s32) a >> 2, y = (s32) b >> 2;

  __asm__ ("add %0, %1, %2" : "=r" (r) : "r" ((s64) x), "r" ((s64) y));
  return r;
}

static u64
op_dsub_safe (u64 a, u64 b)
{
  u64 r;

  __asm__ ("dsub %0, %1, %2" : "=r" (r) : "r" ((s64) a >> 2), "r" ((s64) b >> 2));
  return r;
}

typedef u64 (*bin_fn) (u64, u64);
typedef u64 (*un_fn) (u64);

static void
bin (const char *name, bin_fn f)
{
  u64 acc = 0;

  for (unsigned i = 0; i < N; i++)
    for (unsigned j = 0; j < N; j++)
      acc = rt_mix (acc, f (OPAQUE (vals[i]), OPAQUE (vals[j])));
  rt_puts (name);
  rt_puts (": sum=");
  rt_hex64 (acc);
  rt_puts (" sample=");
  rt_hex64 (f (OPAQUE (vals[10]), OPAQUE (vals[11])));
  rt_nl ();
}

static void
un (const char *name, un_fn f)
{
  u64 acc = 0;

  for (unsigned i = 0; i < N; i++)
    acc = rt_mix (acc, f (OPAQUE (vals[i])));
  rt_puts (name);
  rt_puts (": sum=");
  rt_hex64 (acc);
  rt_puts (" sample=");
  rt_hex64 (f (OPAQUE (vals[9])));
  rt_nl ();
}

int
test_main (void)
{
  u64 lui;

  bin ("addu", op_addu);
  bin ("subu", op_subu);
  bin ("daddu", op_daddu);
  bin ("dsubu", op_dsubu);
  bin ("and", op_and);
  bin ("or", op_or);
  bin ("xor", op_xor);
  bin ("nor", op_nor);
  bin ("slt", op_slt);
  bin ("sltu", op_sltu);
  bin ("movz", op_movz);
  bin ("movn", op_movn);
  bin ("add", op_add_safe);
  bin ("dsub", op_dsub_safe);
  un ("addiu-1", op_addiu_m1);
  un ("addiu+32767", op_addiu_big);
  un ("addiu-32768", op_addiu_neg);
  un ("daddiu-1", op_daddiu_m1);
  un ("daddiu+32767", op_daddiu_big);
  un ("slti-1", op_slti_m1);
  un ("slti+32767", op_slti_big);
  un ("sltiu-1", op_sltiu_m1);
  un ("sltiu+32767", op_sltiu_big);
  un ("andi", op_andi);
  un ("ori", op_ori);
  un ("xori", op_xori);
  __asm__ ("lui %0, 0x8765" : "=r" (lui));
  rt_kv64 ("lui", lui);
  /* Traps whose condition is false, hints and barriers: no effect. */
  {
    u64 a = OPAQUE (5ull), b = OPAQUE (6ull), r = 0;

    __asm__ volatile ("teq %1, %2\n\ttne %1, %1\n\ttge %1, %2\n\ttgeu %1, %2\n\t"
                      "tlt %2, %1\n\ttltu %2, %1\n\tteqi %1, 6\n\ttnei %1, 5\n\t"
                      "tgei %1, 9\n\ttgeiu %1, 9\n\ttlti %1, 2\n\ttltiu %1, 2\n\t"
                      "pref 0, 0(%3)\n\tsync\n\tehb\n\tssnop\n\tsynci 0(%3)\n\t"
                      "daddu %0, %1, %2"
                      : "=r" (r) : "r" (a), "r" (b), "r" (vals) : "memory");
    rt_kv64 ("no-trap", r);
  }
  return 0;
}
