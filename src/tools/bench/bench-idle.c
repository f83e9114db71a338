/* bench-idle.c: placeholder until its issue lands; replaced by the real benchmark.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include "config.h"

#include <stdio.h>

#include "bench.h"

int
bench_idle (int argc, char **argv)
{
  fprintf (stderr, "wirelab-bench: 'idle' is not built yet\n");
  return 1;
}
