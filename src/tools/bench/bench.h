/* bench.h: wirelab-bench subcommands
 *
 * Copyright 2026 The Wirelab authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * Each subcommand lives in its own bench-<name>.c and prints figures; none
 * asserts a speed.  Return an exit status.
 */

#pragma once

int bench_switch (int argc, char **argv);   /* bench-switch.c (issue 3) */
int bench_cpu    (int argc, char **argv);   /* bench-cpu.c    (issue 4) */
int bench_idle   (int argc, char **argv);   /* bench-idle.c   (issue 4) */
int bench_route  (int argc, char **argv);   /* bench-route.c  (issue 5) */
int bench_canvas (int argc, char **argv);   /* bench-canvas.c (issue 7, needs the GUI) */
int bench_lab    (int argc, char **argv);   /* bench-lab.c    (issue 6: the model at scale) */
