/* diff-llsc.c: LL/SC and LLD/SCD: atomic read-modify-write loops, and an
 * SC to another address than the LL's, which fails
 *
 * Copyright 2026 The Wirelab authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include "rt.h"

static u32 w32[4] __attribute__ ((aligned (8)));
static u64 w64[4];

int
test_main (void)
{
  u32 prev32 = 0;
  u64 prev64 = 0, ok, r;
  u32 expected = 5;

  for (unsigned i = 0; i < 1000; i++)
    {
      prev32 += __atomic_fetch_add (&w32[0], i, __ATOMIC_SEQ_CST);
      prev64 += __atomic_fetch_xor (&w64[0], (u64) i << 40 | i, __ATOMIC_SEQ_CST);
      __atomic_fetch_or (&w32[1], 1u << (i & 31), __ATOMIC_RELAXED);
    }
  rt_kv32 ("w32", w32[0]);
  rt_kv32 ("prev32", prev32);
  rt_kv64 ("w64", w64[0]);
  rt_kv64 ("prev64", prev64);
  rt_kv32 ("or", w32[1]);

  w32[2] = 5;
  ok = __atomic_compare_exchange_n (&w32[2], &expected, 9, 0, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST);
  rt_kv32 ("cas-ok", (u32) ok);
  expected = 5;
  ok = __atomic_compare_exchange_n (&w32[2], &expected, 11, 0, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST);
  rt_kv32 ("cas-fail", (u32) ok);
  rt_kv32 ("cas-seen", expected);

  /* SC to a different address than the LL: fails, memory unchanged. */
  w32[3] = 0x1234;
  __asm__ volatile ("ll %0, 0(%1)\n\tli %0, 77\n\tsc %0, 0(%2)"
                    : "=&r" (r) : "r" (&w32[2]), "r" (&w32[3]) : "memory");
  rt_kv64 ("sc-other", r);
  rt_kv32 ("sc-other-mem", w32[3]);
  /* A plain LL/SC pair succeeds. */
  __asm__ volatile ("ll %0, 0(%1)\n\taddiu %0, %0, 1\n\tsc %0, 0(%1)"
                    : "=&r" (r) : "r" (&w32[3]) : "memory");
  rt_kv64 ("sc-same", r);
  rt_kv32 ("sc-same-mem", w32[3]);
  __asm__ volatile ("lld %0, 0(%1)\n\tdaddiu %0, %0, 3\n\tscd %0, 0(%1)"
                    : "=&r" (r) : "r" (&w64[1]) : "memory");
  rt_kv64 ("scd", r);
  rt_kv64 ("scd-mem", w64[1]);
  return 0;
}
