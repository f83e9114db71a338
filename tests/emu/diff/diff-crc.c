/* diff-crc.c: CRC-32 bitwise and by table over generated data, Adler-32
 *
 * Copyright 2026 The Wirelab authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include "rt.h"

static u8 data[65536];
static u32 table[256];

int
test_main (void)
{
  u32 x = 2463534242u, crc = 0xffffffffu, crc2 = 0xffffffffu, a = 1, b = 0;

  for (unsigned i = 0; i < sizeof data; i++)
    {
      x ^= x << 13;
      x ^= x >> 17;
      x ^= x << 5;
      data[i] = (u8) x;
    }
  for (u32 i = 0; i < 256; i++)
    {
      u32 c = i;

      for (int k = 0; k < 8; k++)
        c = (c & 1) ? 0xedb88320u ^ (c >> 1) : c >> 1;
      table[i] = c;
    }
  for (unsigned i = 0; i < 4096; i++)
    {
      crc ^= data[i];
      for (int k = 0; k < 8; k++)
        crc = (crc >> 1) ^ (0xedb88320u & -(crc & 1));
    }
  for (unsigned i = 0; i < sizeof data; i++)
    crc2 = table[(crc2 ^ data[i]) & 0xff] ^ (crc2 >> 8);
  for (unsigned i = 0; i < sizeof data; i++)
    {
      a = (a + data[i]) % 65521;
      b = (b + a) % 65521;
    }
  rt_kv32 ("crc-bitwise-4k", ~crc);
  rt_kv32 ("crc-table-64k", ~crc2);
  rt_kv32 ("adler32", (b << 16) | a);
  return 0;
}
