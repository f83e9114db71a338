/* diff-branch.c: branches and delay slots, branch-likely (the delay slot
 * is annulled when not taken), linking branches, jalr, jump tables
 *
 * Copyright 2026 The Wirelab authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include "rt.h"

/* r = 0; branch; delay slot adds 1; fall-through adds 2; target adds 4 */
#define LIKELY2(insn, a, b) ({ u64 _r = 0; \
    __asm__ (".set noreorder\n\t" insn " %1, %2, 1f\n\t daddiu %0, %0, 1\n\t daddiu %0, %0, 2\n" \
             "1:\tdaddiu %0, %0, 4\n\t.set reorder" : "+r" (_r) : "r" (a), "r" (b)); _r; })
#define LIKELY1(insn, a) ({ u64 _r = 0; \
    __asm__ (".set noreorder\n\t" insn " %1, 1f\n\t daddiu %0, %0, 1\n\t daddiu %0, %0, 2\n" \
             "1:\tdaddiu %0, %0, 4\n\t.set reorder" : "+r" (_r) : "r" (a)); _r; })
#define LINK1(insn, a) ({ u64 _r = 0, _ra; \
    __asm__ (".set noreorder\n\tmove $t0, $ra\n\t" insn " %2, 1f\n\t daddiu %0, %0, 1\n\t daddiu %0, %0, 2\n" \
             "1:\tdaddiu %0, %0, 4\n\tmove %1, $ra\n\tmove $ra, $t0\n\t.set reorder" \
             : "+r" (_r), "=r" (_ra) : "r" (a) : "$12"); _r | ((_ra != 0) << 8); })

static const s64 vals[] = { -2, -1, 0, 1, 2, (s64) 0x8000000000000000ull, 0x7fffffffffffffffll };
#define N (sizeof vals / sizeof vals[0])

static int
fib (int n)
{
  return n < 2 ? n : fib (n - 1) + fib (n - 2);
}

static u64
jump_table (u64 x)
{
  switch (x & 7)
    {
    case 0: return x * 3;
    case 1: return x ^ 0x55;
    case 2: return x + 100;
    case 3: return x << 3;
    case 4: return x >> 1;
    case 5: return ~x;
    case 6: return x * x;
    default: return 42;
    }
}

typedef u64 (*fn_t) (u64);

static u64 f_a (u64 x) { return x + 1; }
static u64 f_b (u64 x) { return x * 2; }

int
test_main (void)
{
  u64 acc = 0;
  static fn_t volatile fns[2] = { f_a, f_b };

  for (unsigned i = 0; i < N; i++)
    for (unsigned j = 0; j < N; j++)
      {
        s64 a = OPAQUE (vals[i]), b = OPAQUE (vals[j]);

        acc = rt_mix (acc, LIKELY2 ("beql", a, b));
        acc = rt_mix (acc, LIKELY2 ("bnel", a, b));
        acc = rt_mix (acc, LIKELY2 ("beq", a, b));
        acc = rt_mix (acc, LIKELY2 ("bne", a, b));
      }
  rt_kv64 ("two-reg", acc);
  acc = 0;
  for (unsigned i = 0; i < N; i++)
    {
      s64 a = OPAQUE (vals[i]);

      acc = rt_mix (acc, LIKELY1 ("blezl", a));
      acc = rt_mix (acc, LIKELY1 ("bgtzl", a));
      acc = rt_mix (acc, LIKELY1 ("bltzl", a));
      acc = rt_mix (acc, LIKELY1 ("bgezl", a));
      acc = rt_mix (acc, LIKELY1 ("blez", a));
      acc = rt_mix (acc, LIKELY1 ("bgtz", a));
      acc = rt_mix (acc, LIKELY1 ("bltz", a));
      acc = rt_mix (acc, LIKELY1 ("bgez", a));
      acc = rt_mix (acc, LINK1 ("bltzal", a));
      acc = rt_mix (acc, LINK1 ("bgezal", a));
      acc = rt_mix (acc, LINK1 ("bltzall", a));
      acc = rt_mix (acc, LINK1 ("bgezall", a));
      rt_puts ("v=");
      rt_dec (a);
      rt_puts (" blezl=");
      rt_dec ((s64) LIKELY1 ("blezl", a));
      rt_puts (" bgezall=");
      rt_dec ((s64) LINK1 ("bgezall", a));
      rt_nl ();
    }
  rt_kv64 ("one-reg", acc);
  rt_kv32 ("fib", (u32) fib (OPAQUE (20)));
  acc = 0;
  for (u64 x = 0; x < 64; x++)
    acc = rt_mix (acc, jump_table (OPAQUE (x)));
  rt_kv64 ("switch", acc);
  acc = 0;
  for (u64 x = 0; x < 64; x++)
    acc = rt_mix (acc, fns[x & 1] (x));
  rt_kv64 ("jalr", acc);
  return 0;
}
