/* bench-cpu.c: wirelab-bench cpu IMAGE.elf [--qemu[=MALTA.elf]]
 *
 * Copyright 2026 The Wirelab authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * Runs a console image on the Wirelab board (c7200, 256 MB) on this thread
 * until it halts (power-off register, or parked in WAIT with nothing that
 * could wake it) and prints guest instructions, seconds and G insn/s.  With
 * --qemu the same-source Malta build runs under qemu-system-mips64 in the
 * same run, and the ratio is printed.  Figures only: nothing is asserted.
 */

#define G_LOG_DOMAIN "wirelab-bench"

#include "config.h"

#include <glib.h>
#include <glib/gstdio.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "emu/wl-board.h"
#include "emu/wl-vm.h"
#include "wirelab/wirelab.h"

#include "bench.h"

static double
now_s (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_MONOTONIC, &ts);
  return ts.tv_sec + ts.tv_nsec / 1e9;
}

static void
echo_console (void          *opaque,
              const uint8_t *data,
              size_t         len)
{
  GString *out = opaque;

  for (size_t i = 0; i < len; i++)
    if (data[i] != '\r')
      g_string_append_c (out, (char) data[i]);
  fwrite (data, 1, len, stdout);
}

/* Runs the image on the board; returns FALSE when it could not start. */
static gboolean
run_wirelab (const char *image,
             guint64    *insns,
             double     *seconds,
             GString    *console)
{
  g_autoptr(WirelabHypervisor) hv = wirelab_hypervisor_new ();
  g_autofree char *dir = g_dir_make_tmp ("wl-bench-XXXXXX", NULL);
  g_autofree char *nvram = g_build_filename (dir, "c7200_bench_nvram", NULL);
  g_autofree char *log = g_build_filename (dir, "c7200_bench_log.txt", NULL);
  g_autoptr(GError) error = NULL;
  WlBoardSetup setup = { 0 };
  const char *why = NULL;
  wl_board_t *board;
  WlVm *vm;
  double t0;

  wirelab_hypervisor_set_working_dir (hv, dir);
  vm = wl_vm_new (hv, "bench", 1, wl_platform_lookup ("c7200"));
  vm->ram_mb = 256;
  setup.image_path = image;
  setup.nvram_path = nvram;
  setup.start_paused = TRUE;
  setup.console_output = echo_console;
  setup.console_opaque = console;

  board = wl_board_new (vm, &setup, &error);
  if (board == NULL)
    {
      fprintf (stderr, "wirelab-bench: %s\n", error->message);
      wl_vm_free (vm);
      g_rmdir (dir);
      return FALSE;
    }
  t0 = now_s ();
  *insns = wl_board_run_to_halt (board, &why);
  *seconds = now_s () - t0;
  printf ("[wirelab] halted: %s\n", why);
  wl_board_free (board);
  wl_vm_free (vm);
  g_unlink (nvram);
  g_unlink (log);
  g_rmdir (dir);
  return TRUE;
}

/* The Malta build of the same sources: "c7200" → "malta" in the name. */
static char *
malta_image_for (const char *image)
{
  g_autofree char *dir = g_path_get_dirname (image);
  g_autofree char *base = g_path_get_basename (image);
  char *p = strstr (base, "c7200");
  g_autoptr(GString) name = g_string_new (base);

  if (p == NULL)
    return NULL;
  g_string_replace (name, "c7200", "malta", 1);
  return g_build_filename (dir, name->str, NULL);
}

static gboolean
run_qemu (const char *image,
          double     *seconds,
          char      **output)
{
  const char *argv[] = {
    "qemu-system-mips64", "-M", "malta", "-cpu", "MIPS64R2-generic", "-m", "256",
    "-nographic", "-nic", "none", "-vga", "none", "-no-reboot", "-kernel", image, NULL
  };
  g_autoptr(GError) error = NULL;
  int status = 0;
  double t0 = now_s ();

  if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDERR_TO_DEV_NULL,
                     NULL, NULL, output, NULL, &status, &error))
    {
      fprintf (stderr, "wirelab-bench: qemu-system-mips64: %s\n", error->message);
      return FALSE;
    }
  *seconds = now_s () - t0;
  return g_spawn_check_wait_status (status, NULL);
}

/* The result lines of mipsbench ("crc32=… sort=… list=…"), for comparing. */
static char *
result_lines (const char *text)
{
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);
  GString *out = g_string_new (NULL);

  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_strchomp (g_strdelimit (lines[i], "\r", ' '));
      if (strchr (lines[i], '=') != NULL && !g_str_has_prefix (lines[i], "cp0_count"))
        g_string_append_printf (out, "%s\n", lines[i]);
    }
  return g_string_free (out, FALSE);
}

int
bench_cpu (int    argc,
           char **argv)
{
  const char *image = NULL;
  g_autofree char *malta = NULL;
  g_autoptr(GString) console = g_string_new (NULL);
  gboolean qemu = FALSE;
  guint64 insns = 0;
  double secs = 0;

  for (int i = 1; i < argc; i++)
    {
      if (strcmp (argv[i], "--qemu") == 0)
        qemu = TRUE;
      else if (g_str_has_prefix (argv[i], "--qemu="))
        {
          qemu = TRUE;
          g_free (malta);
          malta = g_strdup (argv[i] + 7);
        }
      else if (image == NULL)
        image = argv[i];
      else
        {
          fprintf (stderr, "Usage: wirelab-bench cpu IMAGE.elf [--qemu[=MALTA.elf]]\n");
          return 2;
        }
    }
  if (image == NULL)
    {
      fprintf (stderr, "Usage: wirelab-bench cpu IMAGE.elf [--qemu[=MALTA.elf]]\n");
      return 2;
    }

  printf ("== Wirelab board (c7200 console), %s\n", image);
  fflush (stdout);
  if (!run_wirelab (image, &insns, &secs, console))
    return 1;
  printf ("wirelab: %" G_GUINT64_FORMAT " instructions, %.3f s, %.3f G insn/s\n",
          insns, secs, insns / secs / 1e9);

  if (qemu)
    {
      g_autofree char *out = NULL;
      g_autofree char *ours = NULL;
      g_autofree char *theirs = NULL;
      double qsecs = 0;

      if (malta == NULL)
        malta = malta_image_for (image);
      if (malta == NULL || !g_file_test (malta, G_FILE_TEST_EXISTS))
        {
          fprintf (stderr, "wirelab-bench: no Malta image for %s (use --qemu=MALTA.elf)\n", image);
          return 1;
        }
      printf ("== qemu-system-mips64 -M malta, %s\n", malta);
      fflush (stdout);
      if (!run_qemu (malta, &qsecs, &out))
        {
          fprintf (stderr, "wirelab-bench: qemu-system-mips64 failed\n");
          return 1;
        }
      fputs (out, stdout);
      ours = result_lines (console->str);
      theirs = result_lines (out);
      /* QEMU does not count instructions here: the same source runs the
       * same instructions but for the UART polling, so Wirelab's count is
       * used for both.  QEMU's time includes its start-up (about 0.06 s). */
      printf ("qemu:    %.3f s wall (start-up included), ~%.3f G insn/s\n", qsecs, insns / qsecs / 1e9);
      printf ("results %s\n", strcmp (ours, theirs) == 0 ? "identical" : "DIFFER");
      printf ("ratio:   Wirelab time / QEMU time = %.2f (Wirelab at %.2fx QEMU's speed)\n",
              secs / qsecs, qsecs / secs);
    }
  printf ("anchors: QEMU 1.46 G insn/s, Dynamips JIT 0.80, Dynamips interpreter 0.15; "
          "target >= 0.3\n");
  return 0;
}
