/* diff-cfloat.c: compiled floating point (no inline assembly), so it also
 * builds for o32, where doubles move through even/odd register pairs
 *
 * Copyright 2026 The Wirelab authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include "rt.h"

static volatile double in[] = { 1.5, -2.25, 3.0e10, 1.0e-300, -0.0, 7.0, 0.1, 123456789.0 };
static volatile float fin[] = { 1.5f, -2.25f, 3.0e10f, 1.0e-30f, 0.1f, 7.0f };

static u64
bits (double d)
{
  u64 b;

  memcpy (&b, &d, 8);
  return b;
}

static u32
fbits (float f)
{
  u32 b;

  memcpy (&b, &f, 4);
  return b;
}

static double
poly (double x)
{
  return ((x * 0.5 + 1.25) * x - 3.0) * x + 0.125;
}

int
test_main (void)
{
  double acc = 0.0;
  float facc = 1.0f;
  u64 mix = 0;
  int n = (int) (sizeof in / sizeof in[0]);

  for (int i = 0; i < n; i++)
    for (int j = 0; j < n; j++)
      {
        double a = in[i], b = in[j];

        acc += a * b - a / (b == 0.0 ? 1.0 : b);
        mix = rt_mix (mix, bits (poly (a) + b));
        mix = rt_mix (mix, (u64) (a < b) | (u64) (a <= b) << 1 | (u64) (a == b) << 2);
        mix = rt_mix (mix, (u64) (s32) (a * 10.0 > 2.0e9 || a * 10.0 < -2.0e9 ? 0 : a * 10.0));
      }
  for (int i = 0; i < (int) (sizeof fin / sizeof fin[0]); i++)
    {
      facc = facc * fin[i] + 0.5f;
      mix = rt_mix (mix, fbits ((float) in[i] + fin[i]));
      mix = rt_mix (mix, bits ((double) fin[i] * 3.0));
      mix = rt_mix (mix, (u64) (s32) fin[i]);
    }
  rt_kv64 ("acc", bits (acc));
  rt_kv32 ("facc", fbits (facc));
  rt_kv64 ("mix", mix);
  rt_kv64 ("i2d", bits ((double) (s32) mix + (double) (u32) (mix >> 32)));
  return 0;
}
