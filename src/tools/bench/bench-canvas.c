/* bench-canvas.c: placeholder until its issue lands; replaced by the real benchmark.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include "config.h"

#include <stdio.h>

#include "bench.h"

int
bench_canvas (int argc, char **argv)
{
  fprintf (stderr, "wirelab-bench: 'canvas' is not built yet\n");
  return 1;
}
