/* diff-fpu.c: COP1 arithmetic, conversions, compares and moves, single and
 * double, printed as bit patterns with the FCSR cause bits of each result
 *
 * Copyright 2026 The Wirelab authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include "rt.h"

static const u64 dvals[] = {
  0x0000000000000000ull, 0x8000000000000000ull, 0x3ff0000000000000ull, /* 0 -0 1 */
  0xbff0000000000000ull, 0x3fe0000000000000ull, 0x3fd5555555555555ull, /* -1 0.5 1/3 */
  0x7fe1ccf385ebc8a0ull, 0xffe1ccf385ebc8a0ull, 0x0000000000000123ull, /* 1e308 -1e308 denormal */
  0x7ff0000000000000ull, 0xfff0000000000000ull, 0x7ff7ffffffffffffull, /* inf -inf MIPS qNaN */
  0x400c000000000000ull, 0x4004000000000000ull, 0xc004000000000000ull, /* 3.5 2.5 -2.5 */
  0x41e0000000000000ull, 0xc1e0000000200000ull, 0x43e0000000000000ull, /* 2^31 -2^31-1 2^63 */
  0x7ff8000000000000ull,                                              /* MIPS sNaN */
};
#define ND (sizeof dvals / sizeof dvals[0])

static const u32 svals[] = {
  0x00000000, 0x80000000, 0x3f800000, 0xbf800000, 0x3eaaaaab, 0x7f7fffff,
  0x00000001, 0x7f800000, 0xff800000, 0x7fbfffff, 0x40600000, 0x40200000,
  0xc0200000, 0x4f000000, 0x7fc00000,
};
#define NS (sizeof svals / sizeof svals[0])

static u32
fcsr (void)
{
  u32 v;

  __asm__ volatile ("cfc1 %0, $31" : "=r" (v));
  return v;
}

static void
clear_fcsr (void)
{
  __asm__ volatile ("ctc1 $zero, $31");
}

#define D2(insn) ({ u64 _r; __asm__ volatile ("dmtc1 %1, $f2\n\tdmtc1 %2, $f4\n\t" insn " $f0, $f2, $f4\n\tdmfc1 %0, $f0" \
                     : "=r" (_r) : "r" (a), "r" (b) : "$f0", "$f2", "$f4"); _r; })
#define D1(insn) ({ u64 _r; __asm__ volatile ("dmtc1 %1, $f2\n\t" insn " $f0, $f2\n\tdmfc1 %0, $f0" \
                     : "=r" (_r) : "r" (a) : "$f0", "$f2"); _r; })
#define S2(insn) ({ u64 _r; __asm__ volatile ("mtc1 %1, $f2\n\tmtc1 %2, $f4\n\t" insn " $f0, $f2, $f4\n\tmfc1 %0, $f0" \
                     : "=r" (_r) : "r" (sa), "r" (sb) : "$f0", "$f2", "$f4"); _r; })
#define S1(insn) ({ u64 _r; __asm__ volatile ("mtc1 %1, $f2\n\t" insn " $f0, $f2\n\tmfc1 %0, $f0" \
                     : "=r" (_r) : "r" (sa) : "$f0", "$f2"); _r; })
#define SD(insn) ({ u64 _r; __asm__ volatile ("mtc1 %1, $f2\n\t" insn " $f0, $f2\n\tdmfc1 %0, $f0" \
                     : "=r" (_r) : "r" (sa) : "$f0", "$f2"); _r; })
#define DS(insn) ({ u64 _r; __asm__ volatile ("dmtc1 %1, $f2\n\t" insn " $f0, $f2\n\tmfc1 %0, $f0" \
                     : "=r" (_r) : "r" (a) : "$f0", "$f2"); _r; })
#define CMP(insn, x, y) ({ u64 _r = 0; __asm__ volatile ("dmtc1 %1, $f2\n\tdmtc1 %2, $f4\n\t" insn " $f2, $f4\n\t" \
                     "li %0, 1\n\tmovf %0, $zero, $fcc0" : "=&r" (_r) : "r" (x), "r" (y) : "$f2", "$f4"); _r; })
#define CMPS(insn, x, y) ({ u64 _r = 0; __asm__ volatile ("mtc1 %1, $f2\n\tmtc1 %2, $f4\n\t" insn " $f2, $f4\n\t" \
                     "li %0, 1\n\tmovf %0, $zero, $fcc0" : "=&r" (_r) : "r" (x), "r" (y) : "$f2", "$f4"); _r; })

static u64 acc;

static void
note (const char *what, u64 v)
{
  u32 cause = (fcsr () >> 12) & 0x3f;

  acc = rt_mix (rt_mix (acc, v), cause);
  (void) what;
}

static void
line (const char *name, u64 v)
{
  rt_puts (name);
  rt_puts ("=");
  rt_hex64 (v);
  rt_puts (" cause=");
  rt_hex32 ((fcsr () >> 12) & 0x3f);
  rt_nl ();
}

/* All sixteen c.cond.d conditions on a pair, as a bit mask. */
#define C1(cond, bit) m |= CMP ("c." cond ".d", x, y) << (bit)
static u64
all_conds (u64 x, u64 y)
{
  u64 m = 0;

  C1 ("f", 0); C1 ("un", 1); C1 ("eq", 2); C1 ("ueq", 3);
  C1 ("olt", 4); C1 ("ult", 5); C1 ("ole", 6); C1 ("ule", 7);
  C1 ("sf", 8); C1 ("ngle", 9); C1 ("seq", 10); C1 ("ngl", 11);
  C1 ("lt", 12); C1 ("nge", 13); C1 ("le", 14); C1 ("ngt", 15);
  return m | (u64) ((fcsr () >> 12) & 0x3f) << 16;
}

static u64 fbuf[8];

static void
extra_ops (void)
{
  u64 acc2 = 0;

  for (unsigned i = 0; i < ND; i++)
    for (unsigned j = 0; j < ND; j += 3)
      {
        clear_fcsr ();
        acc2 = rt_mix (acc2, all_conds (OPAQUE (dvals[i]), OPAQUE (dvals[j])));
      }
  rt_kv64 ("conds", acc2);

  /* Indexed and plain FP loads and stores. */
  for (unsigned i = 0; i < 8; i++)
    fbuf[i] = dvals[i] ^ 0x5a;
  {
    u64 r1, r2, r3, r4;
    u64 *base = OPAQUE (&fbuf[0]);
    u64 idx = OPAQUE (16ull);

    __asm__ volatile ("ldxc1 $f0, %4(%5)\n\tlwxc1 $f2, %4(%5)\n\tdmfc1 %0, $f0\n\tmfc1 %1, $f2\n\t"
                      "sdxc1 $f0, %6(%5)\n\tswxc1 $f2, %4(%5)\n\t"
                      "ldc1 $f4, 8(%5)\n\tlwc1 $f6, 12(%5)\n\tdmfc1 %2, $f4\n\tmfc1 %3, $f6\n\t"
                      "sdc1 $f4, 40(%5)\n\tswc1 $f6, 52(%5)"
                      : "=&r" (r1), "=&r" (r2), "=&r" (r3), "=&r" (r4)
                      : "r" (idx), "r" (base), "r" (OPAQUE (48ull))
                      : "$f0", "$f2", "$f4", "$f6", "memory");
    rt_kv64 ("ldxc1", r1);
    rt_kv64 ("lwxc1", r2);
    rt_kv64 ("ldc1", r3);
    rt_kv64 ("lwc1", r4);
    {
      u64 sum = 0;

      for (unsigned i = 0; i < 8; i++)
        sum = rt_mix (sum, fbuf[i]);
      rt_kv64 ("fstores", sum);
    }
  }
  /* mfhc1/mthc1, rsqrt, madd.s, more conversions. */
  for (unsigned i = 0; i < ND; i++)
    {
      u64 a = OPAQUE (dvals[i]), hi, r;

      clear_fcsr ();
      __asm__ volatile ("dmtc1 %1, $f2\n\tmfhc1 %0, $f2" : "=r" (hi) : "r" (a) : "$f2");
      __asm__ volatile ("dmtc1 $zero, $f2\n\tmthc1 %1, $f2\n\tdmfc1 %0, $f2" : "=r" (r) : "r" (a) : "$f2");
      acc = rt_mix (rt_mix (acc, hi), r);
      line ("rsqrt.d", D1 ("rsqrt.d"));
      line ("floor.l.d", D1 ("floor.l.d"));
      line ("ceil.l.d", D1 ("ceil.l.d"));
      line ("cvt.s.l", DS ("cvt.s.l"));
    }
  for (unsigned i = 0; i < NS; i++)
    for (unsigned j = 0; j < NS; j += 4)
      {
        u64 r;
        u32 sa = OPAQUE (svals[i]), sb = OPAQUE (svals[j]);

        clear_fcsr ();
        __asm__ volatile ("mtc1 %1, $f2\n\tmtc1 %2, $f4\n\tmadd.s $f0, $f4, $f2, $f2\n\tmfc1 %0, $f0"
                          : "=r" (r) : "r" (sa), "r" (sb) : "$f0", "$f2", "$f4");
        note ("madd.s", r);
        note ("rsqrt.s", S1 ("rsqrt.s"));
        note ("recip.s", S1 ("recip.s"));
      }
  rt_kv64 ("extra", acc);
}

int
test_main (void)
{
  for (unsigned i = 0; i < ND; i++)
    {
      u64 a = OPAQUE (dvals[i]), b;

      clear_fcsr ();
      line ("sqrt.d", D1 ("sqrt.d"));
      line ("abs.d", D1 ("abs.d"));
      line ("neg.d", D1 ("neg.d"));
      line ("cvt.s.d", DS ("cvt.s.d"));
      line ("cvt.w.d", DS ("cvt.w.d"));
      line ("round.w.d", DS ("round.w.d"));
      line ("trunc.w.d", DS ("trunc.w.d"));
      line ("ceil.w.d", DS ("ceil.w.d"));
      line ("floor.w.d", DS ("floor.w.d"));
      line ("round.l.d", D1 ("round.l.d"));
      line ("trunc.l.d", D1 ("trunc.l.d"));
      line ("cvt.l.d", D1 ("cvt.l.d"));
      line ("cvt.d.l", D1 ("cvt.d.l"));
      line ("recip.d", D1 ("recip.d"));
      for (unsigned j = 0; j < ND; j++)
        {
          b = OPAQUE (dvals[j]);
          note ("add", D2 ("add.d"));
          note ("sub", D2 ("sub.d"));
          note ("mul", D2 ("mul.d"));
          note ("div", D2 ("div.d"));
          for (unsigned k = 0; k < 1; k++)
            {
              note ("c.eq", CMP ("c.eq.d", a, b));
              note ("c.lt", CMP ("c.lt.d", a, b));
              note ("c.le", CMP ("c.le.d", a, b));
              note ("c.un", CMP ("c.un.d", a, b));
              note ("c.ult", CMP ("c.ult.d", a, b));
              note ("c.ole", CMP ("c.ole.d", a, b));
              note ("c.ngt", CMP ("c.ngt.d", a, b));
              note ("c.seq", CMP ("c.seq.d", a, b));
            }
        }
      rt_puts ("pairs after ");
      rt_hex64 (a);
      rt_puts (": ");
      rt_hex64 (acc);
      rt_nl ();
    }
  for (unsigned i = 0; i < NS; i++)
    {
      u32 sa = OPAQUE (svals[i]), sb;

      clear_fcsr ();
      line ("sqrt.s", S1 ("sqrt.s"));
      line ("neg.s", S1 ("neg.s"));
      line ("cvt.d.s", SD ("cvt.d.s"));
      line ("cvt.w.s", S1 ("cvt.w.s"));
      line ("trunc.w.s", S1 ("trunc.w.s"));
      line ("cvt.s.w", S1 ("cvt.s.w"));
      line ("cvt.d.w", SD ("cvt.d.w"));
      for (unsigned j = 0; j < NS; j++)
        {
          sb = OPAQUE (svals[j]);
          note ("add.s", S2 ("add.s"));
          note ("sub.s", S2 ("sub.s"));
          note ("mul.s", S2 ("mul.s"));
          note ("div.s", S2 ("div.s"));
          note ("c.olt.s", CMPS ("c.olt.s", sa, sb));
          note ("c.ueq.s", CMPS ("c.ueq.s", sa, sb));
        }
    }
  rt_kv64 ("single", acc);
  extra_ops ();

  /* madd.d, movt/movn.d and a plain C computation. */
  {
    u64 a = 0x3ff0000000000001ull, b = 0x3fe8000000000000ull;
    double x = 0.0;

    /* qemu-mips64 7.2 ignores FCSR.RM in user mode: rounding modes are
     * covered by the unit tests instead. */
    line ("add", D2 ("add.d"));
    line ("cvt.w", DS ("cvt.w.d"));
    clear_fcsr ();
    {
      u64 r;

      __asm__ volatile ("dmtc1 %1, $f2\n\tdmtc1 %2, $f4\n\tdmtc1 %2, $f6\n\tmadd.d $f0, $f6, $f2, $f4\n\tdmfc1 %0, $f0"
                        : "=r" (r) : "r" (a), "r" (b) : "$f0", "$f2", "$f4", "$f6");
      line ("madd.d", r);
      __asm__ volatile ("dmtc1 %1, $f2\n\tdmtc1 %2, $f4\n\tdmtc1 %2, $f6\n\tnmsub.d $f0, $f6, $f2, $f4\n\tdmfc1 %0, $f0"
                        : "=r" (r) : "r" (a), "r" (b) : "$f0", "$f2", "$f4", "$f6");
      line ("nmsub.d", r);
      __asm__ volatile ("dmtc1 %1, $f2\n\tdmtc1 %2, $f0\n\tc.lt.d $f2, $f0\n\tmovt.d $f0, $f2, $fcc0\n\tdmfc1 %0, $f0"
                        : "=r" (r) : "r" (b), "r" (a) : "$f0", "$f2");
      line ("movt.d", r);
      __asm__ volatile ("dmtc1 %1, $f2\n\tdmtc1 %2, $f0\n\tmovn.d $f0, $f2, %3\n\tdmfc1 %0, $f0"
                        : "=r" (r) : "r" (b), "r" (a), "r" (OPAQUE (1)) : "$f0", "$f2");
      line ("movn.d", r);
    }
    for (int k = 1; k <= 200; k++)
      x += 1.0 / ((double) k * (double) k);
    /* Compiled compares branch with bc1t/bc1f; the likely forms by hand. */
    {
      static volatile double dv[] = { -2.0, -0.5, 0.0, 0.25, 1.0, 3.0, 1e300 };
      unsigned lt = 0, ge = 0, lk = 0;

      for (unsigned i = 0; i < 7; i++)
        for (unsigned j = 0; j < 7; j++)
          {
            double p = dv[i], q = dv[j];

            if (p < q)
              lt += i * 7 + j;
            if (!(p >= q * 2.0))
              ge++;
            __asm__ volatile (".set noreorder\n\tc.lt.d %1, %2\n\tbc1tl 1f\n\t addiu %0, %0, 1\n\t"
                              "addiu %0, %0, 16\n1:\tc.le.d %2, %1\n\tbc1fl 2f\n\t addiu %0, %0, 256\n"
                              "2:\t.set reorder" : "+r" (lk) : "f" (p), "f" (q));
          }
      rt_kv32 ("fcmp-lt", lt);
      rt_kv32 ("fcmp-ge", ge);
      rt_kv32 ("fcmp-likely", lk);
    }
    {
      u64 bits;

      memcpy (&bits, &x, 8);
      rt_kv64 ("basel", bits);
    }
  }
  return 0;
}
