/* test-mips64-diff.c: the differential suite
 *
 * Copyright 2026 The Wirelab authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * Every program in tests/emu/diff (and mipsbench from ../shared) runs under
 * Debian's qemu-mips64 and under Wirelab's CPU (the mips-user harness); the
 * two must print the same bytes and exit with the same status.
 *
 *   test-mips64-diff QEMU64|- QEMU32|- MIPS-USER [PROGRAM | --missing=WHY]...
 *
 * Programs whose name contains "-o32" are MIPS32 o32 and run under QEMU32.
 */

#include "config.h"

#include <string.h>

#include <glib.h>

static const char *qemu;
static const char *qemu32;
static const char *harness;

static void
run (const char *const *argv,
     char              **out,
     int                *status)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *err = NULL;
  int wait_status = 0;

  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                               out, &err, &wait_status, &error));
  g_assert_no_error (error);
  if (err != NULL && *err != '\0')
    g_test_message ("%s stderr: %s", argv[0], err);
  *status = wait_status;
}

/* Prints the first differing line of two outputs. */
static void
report_difference (const char *a,
                   const char *b)
{
  g_auto (GStrv) la = g_strsplit (a, "\n", -1);
  g_auto (GStrv) lb = g_strsplit (b, "\n", -1);

  for (guint i = 0; la[i] != NULL || lb[i] != NULL; i++)
    {
      if (la[i] == NULL || lb[i] == NULL || strcmp (la[i], lb[i]) != 0)
        {
          g_test_message ("first difference at line %u:\n  qemu:     %s\n  wirelab:  %s", i + 1,
                          la[i] != NULL ? la[i] : "<end>", lb[i] != NULL ? lb[i] : "<end>");
          return;
        }
    }
}

static void
test_program (gconstpointer data)
{
  const char *prog = data;
  g_autofree char *base = g_path_get_basename (prog);
  g_autofree char *qout = NULL;
  g_autofree char *wout = NULL;
  int qstatus = 0, wstatus = 0;
  gboolean o32 = strstr (base, "-o32") != NULL;
  const char *qargv[] = { o32 ? qemu32 : qemu, prog, NULL };
  const char *wargv[] = { harness, prog, NULL };

  if (qargv[0] == NULL)
    {
      g_test_skip ("qemu-mips64/qemu-mips not installed (Debian package qemu-user)");
      return;
    }
  run (qargv, &qout, &qstatus);
  run (wargv, &wout, &wstatus);
  g_test_message ("%s: %" G_GSIZE_FORMAT " bytes of output", base, strlen (qout));
  if (strcmp (qout, wout) != 0)
    report_difference (qout, wout);
  g_assert_cmpstr (wout, ==, qout);
  g_assert_cmpint (wstatus, ==, qstatus);
  g_assert_cmpuint (strlen (qout), >, 0);

  /* mipsbench also has known answers (its README). */
  if (g_str_has_suffix (base, "-1"))
    g_assert_nonnull (strstr (wout, "total=0xab1203af"));
  else if (g_str_has_suffix (base, "-3"))
    g_assert_nonnull (strstr (wout, "total=0x82416ee9"));
}

static void
test_missing (gconstpointer data)
{
  g_test_skip (data);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  if (argc < 4)
    g_error ("usage: %s QEMU64|- QEMU32|- MIPS-USER PROGRAM...", argv[0]);
  qemu = strcmp (argv[1], "-") == 0 ? NULL : argv[1];
  qemu32 = strcmp (argv[2], "-") == 0 ? NULL : argv[2];
  harness = argv[3];
  for (int i = 4; i < argc; i++)
    {
      if (g_str_has_prefix (argv[i], "--missing="))
        {
          g_test_add_data_func ("/mips64/diff/mipsbench", argv[i] + strlen ("--missing="),
                                test_missing);
          continue;
        }
      {
        g_autofree char *base = g_path_get_basename (argv[i]);
        g_autofree char *path = g_strdup_printf ("/mips64/diff/%s", base);

        g_test_add_data_func (path, argv[i], test_program);
      }
    }
  return g_test_run ();
}
