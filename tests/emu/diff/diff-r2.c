/* diff-r2.c: MIPS64 release 2 bit-field and byte ops, count leading
 * zeros/ones, rdhwr UserLocal
 *
 * Copyright 2026 The Wirelab authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include "rt.h"

static const u64 vals[] = {
  0, 1, 0xffffffffffffffffull, 0x0123456789abcdefull, 0xfedcba9876543210ull,
  0x0000000080000000ull, 0xffffffff7fff8000ull, 0x00000000000000ffull, 0x8000000000000001ull,
};
#define N (sizeof vals / sizeof vals[0])

#define EXT(insn, a, p, s) ({ u64 _r; __asm__ (insn " %0, %1, " #p ", " #s : "=r" (_r) : "r" (a)); _r; })
#define INS(insn, d, a, p, s) ({ u64 _r = (d); __asm__ (insn " %0, %1, " #p ", " #s : "+r" (_r) : "r" (a)); _r; })
#define UN(insn, a) ({ u64 _r; __asm__ (insn " %0, %1" : "=r" (_r) : "r" (a)); _r; })

int
test_main (void)
{
  u64 e = 0, i = 0, b = 0, c = 0;
  u64 ul;

  for (unsigned k = 0; k < N; k++)
    {
      u64 a = OPAQUE (vals[k]), d = OPAQUE (vals[(k + 3) % N]);

      e = rt_mix (e, EXT ("ext", a, 0, 1));
      e = rt_mix (e, EXT ("ext", a, 3, 8));
      e = rt_mix (e, EXT ("ext", a, 0, 32));
      e = rt_mix (e, EXT ("ext", a, 31, 1));
      e = rt_mix (e, EXT ("ext", a, 16, 16));
      e = rt_mix (e, EXT ("dext", a, 0, 32));
      e = rt_mix (e, EXT ("dext", a, 5, 27));
      e = rt_mix (e, EXT ("dextm", a, 0, 64));
      e = rt_mix (e, EXT ("dextm", a, 4, 40));
      e = rt_mix (e, EXT ("dextu", a, 32, 32));
      e = rt_mix (e, EXT ("dextu", a, 40, 8));
      i = rt_mix (i, INS ("ins", d, a, 0, 1));
      i = rt_mix (i, INS ("ins", d, a, 4, 12));
      i = rt_mix (i, INS ("ins", d, a, 0, 32));
      i = rt_mix (i, INS ("ins", d, a, 31, 1));
      i = rt_mix (i, INS ("dins", d, a, 0, 32));
      i = rt_mix (i, INS ("dins", d, a, 7, 9));
      i = rt_mix (i, INS ("dinsm", d, a, 0, 64));
      i = rt_mix (i, INS ("dinsm", d, a, 20, 40));
      i = rt_mix (i, INS ("dinsu", d, a, 32, 32));
      i = rt_mix (i, INS ("dinsu", d, a, 50, 10));
      b = rt_mix (b, UN ("seb", a));
      b = rt_mix (b, UN ("seh", a));
      b = rt_mix (b, UN ("wsbh", a));
      b = rt_mix (b, UN ("dsbh", a));
      b = rt_mix (b, UN ("dshd", a));
      c = rt_mix (c, ({ u64 _r; __asm__ ("clz %0, %1" : "=r" (_r) : "r" (a)); _r; }));
      c = rt_mix (c, ({ u64 _r; __asm__ ("clo %0, %1" : "=r" (_r) : "r" (a)); _r; }));
      c = rt_mix (c, ({ u64 _r; __asm__ ("dclz %0, %1" : "=r" (_r) : "r" (a)); _r; }));
      c = rt_mix (c, ({ u64 _r; __asm__ ("dclo %0, %1" : "=r" (_r) : "r" (a)); _r; }));
      rt_puts ("v=");
      rt_hex64 (a);
      rt_puts (" ext3.8=");
      rt_hex64 (EXT ("ext", a, 3, 8));
      rt_puts (" dinsu=");
      rt_hex64 (INS ("dinsu", d, a, 50, 10));
      rt_puts (" wsbh=");
      rt_hex64 (UN ("wsbh", a));
      rt_puts (" dshd=");
      rt_hex64 (UN ("dshd", a));
      rt_nl ();
    }
  rt_kv64 ("ext", e);
  rt_kv64 ("ins", i);
  rt_kv64 ("byte", b);
  rt_kv64 ("count", c);
  __asm__ volatile ("rdhwr %0, $29" : "=r" (ul));
  rt_kv64 ("userlocal", ul);
  return 0;
}
