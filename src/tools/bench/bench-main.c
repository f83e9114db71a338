/* bench-main.c: wirelab-bench, the benchmarks behind Wirelab's figures
 *
 * Copyright 2026 The Wirelab authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#define G_LOG_DOMAIN "wirelab-bench"

#include "config.h"

#include <stdio.h>
#include <string.h>

#include <glib.h>

#include "wirelab/wirelab.h"

#include "bench.h"

typedef struct
{
  const char *name;
  int       (*func) (int argc, char **argv);
  const char *usage;
} BenchCommand;

static const BenchCommand commands[] = {
  { "switch", bench_switch, "switch --hypervisor HOST:PORT [--size B] [--rate R] [--count N]" },
  { "cpu",    bench_cpu,    "cpu IMAGE.elf [--qemu]" },
  { "idle",   bench_idle,   "idle N [IMAGE.elf]" },
  { "route",  bench_route,  "route [--hypervisor HOST:PORT] [--count N]" },
  { "canvas", bench_canvas, "canvas N" },
  { "lab",    bench_lab,    "lab N" },
};

static void
usage (FILE *out)
{
  fprintf (out, "Usage: wirelab-bench COMMAND [OPTIONS]\n\nCommands:\n");
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    fprintf (out, "  %s\n", commands[i].usage);
  fprintf (out, "\n  --help     Show this help\n  --version  Print the version\n");
}

int
main (int   argc,
      char *argv[])
{
  if (argc < 2)
    {
      usage (stderr);
      return 2;
    }
  if (strcmp (argv[1], "--help") == 0 || strcmp (argv[1], "-h") == 0)
    {
      usage (stdout);
      return 0;
    }
  if (strcmp (argv[1], "--version") == 0)
    {
      printf ("wirelab-bench %s\n", wirelab_get_version ());
      return 0;
    }

  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    if (strcmp (argv[1], commands[i].name) == 0)
      return commands[i].func (argc - 1, argv + 1);

  fprintf (stderr, "wirelab-bench: unknown command '%s'\n", argv[1]);
  usage (stderr);
  return 2;
}
