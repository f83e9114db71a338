/* diff-mem.c: loads and stores of every width, signed and unsigned, and
 * the unaligned LWL/LWR/LDL/LDR/SWL/SWR/SDL/SDR at every byte offset
 *
 * Copyright 2026 The Wirelab authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include "rt.h"

static u8 src[64] __attribute__ ((aligned (16)));
static u8 dst[64] __attribute__ ((aligned (16)));

static u64
sum_buf (const u8 *p, unsigned n)
{
  u64 acc = 0;

  for (unsigned i = 0; i < n; i++)
    acc = rt_mix (acc, p[i]);
  return acc;
}

#define LOADPAIR(insn_l, insn_r, off_r, p, init) ({ u64 _v = (init); \
    __asm__ (insn_l " %0, 0(%1)\n\t" insn_r " %0, " #off_r "(%1)" : "+r" (_v) : "r" (p) : "memory"); _v; })
#define LOAD1(insn, p, init) ({ u64 _v = (init); \
    __asm__ (insn " %0, 0(%1)" : "+r" (_v) : "r" (p) : "memory"); _v; })
#define STORE1(insn, p, v) __asm__ volatile (insn " %0, 0(%1)" : : "r" (v), "r" (p) : "memory")

int
test_main (void)
{
  u64 acc = 0;
  const u64 init = 0x0102030405060708ull, v = 0xa1b2c3d4e5f60718ull;

  for (unsigned i = 0; i < sizeof src; i++)
    src[i] = (u8) (i * 37 + 0x81);

  /* Aligned loads of every width with sign-extension. */
  for (unsigned i = 0; i < 32; i += 8)
    {
      const u8 *p = OPAQUE (&src[i]);
      s64 a, b, c, d, e, f, g;

      __asm__ ("lb %0, 0(%1)" : "=r" (a) : "r" (p));
      __asm__ ("lbu %0, 1(%1)" : "=r" (b) : "r" (p));
      __asm__ ("lh %0, 2(%1)" : "=r" (c) : "r" (p));
      __asm__ ("lhu %0, 2(%1)" : "=r" (d) : "r" (p));
      __asm__ ("lw %0, 4(%1)" : "=r" (e) : "r" (p));
      __asm__ ("lwu %0, 4(%1)" : "=r" (f) : "r" (p));
      __asm__ ("ld %0, 0(%1)" : "=r" (g) : "r" (p));
      acc = rt_mix (rt_mix (rt_mix (rt_mix (rt_mix (rt_mix (rt_mix (acc, a), b), c), d), e), f), g);
    }
  rt_kv64 ("aligned", acc);

  for (unsigned off = 0; off < 16; off++)
    {
      const u8 *p = OPAQUE (&src[8 + off]);
      u64 w, d;

      w = LOADPAIR ("lwl", "lwr", 3, p, init);
      d = LOADPAIR ("ldl", "ldr", 7, p, init);
      rt_puts ("off ");
      rt_dec (off);
      rt_puts (" ulw=");
      rt_hex64 (w);
      rt_puts (" uld=");
      rt_hex64 (d);
      rt_puts (" lwl=");
      rt_hex64 (LOAD1 ("lwl", p, init));
      rt_puts (" lwr=");
      rt_hex64 (LOAD1 ("lwr", p, init));
      rt_puts (" ldl=");
      rt_hex64 (LOAD1 ("ldl", p, init));
      rt_puts (" ldr=");
      rt_hex64 (LOAD1 ("ldr", p, init));
      rt_nl ();
    }

  for (unsigned off = 0; off < 16; off++)
    {
      u8 *p;
      u64 s_swl, s_swr, s_sdl, s_sdr, s_pair;

      memset (dst, 0xee, sizeof dst);
      p = OPAQUE (&dst[16 + off]);
      STORE1 ("swl", p, v);
      s_swl = sum_buf (dst, sizeof dst);
      memset (dst, 0xee, sizeof dst);
      STORE1 ("swr", p, v);
      s_swr = sum_buf (dst, sizeof dst);
      memset (dst, 0xee, sizeof dst);
      STORE1 ("sdl", p, v);
      s_sdl = sum_buf (dst, sizeof dst);
      memset (dst, 0xee, sizeof dst);
      STORE1 ("sdr", p, v);
      s_sdr = sum_buf (dst, sizeof dst);
      memset (dst, 0xee, sizeof dst);
      __asm__ volatile ("swl %0, 0(%1)\n\tswr %0, 3(%1)\n\tsdl %0, 8(%1)\n\tsdr %0, 15(%1)"
                        : : "r" (v), "r" (p) : "memory");
      s_pair = sum_buf (dst, sizeof dst);
      rt_puts ("store off ");
      rt_dec (off);
      rt_puts (" ");
      rt_hex64 (s_swl);
      rt_puts (" ");
      rt_hex64 (s_swr);
      rt_puts (" ");
      rt_hex64 (s_sdl);
      rt_puts (" ");
      rt_hex64 (s_sdr);
      rt_puts (" ");
      rt_hex64 (s_pair);
      rt_nl ();
    }

  /* sb/sh/sw/sd */
  memset (dst, 0, sizeof dst);
  {
    u8 *p = OPAQUE (&dst[0]);

    STORE1 ("sb", p + 1, v);
    STORE1 ("sh", p + 2, v);
    STORE1 ("sw", p + 4, v);
    STORE1 ("sd", p + 8, v);
  }
  rt_kv64 ("stores", sum_buf (dst, 16));
  return 0;
}
