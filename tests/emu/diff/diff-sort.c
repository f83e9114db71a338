/* diff-sort.c: quicksort and merge sort of pseudo-random 64-bit keys,
 * with order checks and checksums
 *
 * Copyright 2026 The Wirelab authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include "rt.h"

#define N 4096

static s64 a[N], b[N], tmp[N];

static void
qsort_ (s64 *v, int lo, int hi)
{
  while (lo < hi)
    {
      s64 p = v[(lo + hi) / 2];
      int i = lo, j = hi;

      while (i <= j)
        {
          while (v[i] < p)
            i++;
          while (v[j] > p)
            j--;
          if (i <= j)
            {
              s64 t = v[i];
              v[i++] = v[j];
              v[j--] = t;
            }
        }
      if (j - lo < hi - i)
        {
          qsort_ (v, lo, j);
          lo = i;
        }
      else
        {
          qsort_ (v, i, hi);
          hi = j;
        }
    }
}

static void
msort (s64 *v, int n)
{
  for (int w = 1; w < n; w *= 2)
    {
      for (int i = 0; i < n; i += 2 * w)
        {
          int l = i, m = i + w < n ? i + w : n, r = i + 2 * w < n ? i + 2 * w : n;
          int p = l, q = m, k = l;

          while (p < m && q < r)
            tmp[k++] = v[p] <= v[q] ? v[p++] : v[q++];
          while (p < m)
            tmp[k++] = v[p++];
          while (q < r)
            tmp[k++] = v[q++];
        }
      memcpy (v, tmp, sizeof (s64) * (unsigned) n);
    }
}

int
test_main (void)
{
  u64 x = 88172645463325252ull, sum = 0;
  int ordered = 1, same = 1;

  for (int i = 0; i < N; i++)
    {
      x ^= x << 13;
      x ^= x >> 7;
      x ^= x << 17;
      a[i] = b[i] = (s64) x >> (i & 31);
    }
  qsort_ (a, 0, N - 1);
  msort (b, N);
  for (int i = 0; i < N; i++)
    {
      if (i > 0 && a[i - 1] > a[i])
        ordered = 0;
      if (a[i] != b[i])
        same = 0;
      sum = rt_mix (sum, (u64) a[i]);
    }
  rt_kv32 ("ordered", (u32) ordered);
  rt_kv32 ("same", (u32) same);
  rt_kv64 ("sum", sum);
  rt_kv64 ("min", (u64) a[0]);
  rt_kv64 ("max", (u64) a[N - 1]);
  return 0;
}
