/* test-bench-switch.c: wirelab-bench switch runs and reports
 *
 * Copyright 2026 The Wirelab authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * Only that the benchmark works against a real hypervisor and prints its
 * figures: speed itself is never asserted.
 */

#include "config.h"

#include <string.h>
#include <unistd.h>

#include "hv-test-util.h"

static void
test_runs (gconstpointer data)
{
  const char *rate = data;
  HvProc *proc = hv_proc_start (NULL);
  g_autofree char *bench = g_build_filename (g_getenv ("WIRELAB_BUILD_ROOT"), "src", "tools",
                                             "wirelab-bench", NULL);
  g_autofree char *target = g_strdup_printf ("127.0.0.1:%u", proc->port);
  const char *argv[] = { bench, "switch", "--hypervisor", target, "--count", "3000", "--runs", "1",
                         "--size", "200", rate != NULL ? "--rate" : NULL, rate, NULL };
  g_autofree char *out = NULL;
  g_autoptr(GError) error = NULL;
  int status;
  int fd;

  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                               &out, NULL, &status, &error));
  g_assert_no_error (error);
  g_test_message ("%s", out);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  g_assert_nonnull (strstr (out, "direct socket->socket"));
  g_assert_nonnull (strstr (out, "through ethsw"));
  g_assert_nonnull (strstr (out, "median of 1:"));
  g_assert_nonnull (strstr (out, "hypervisor counters"));

  /* It cleaned up after itself. */
  fd = hv_connect (proc->port);
  hv_assert_cmd (fd, "ethsw list", "100-OK\r\n");
  hv_assert_cmd (fd, "nio list", "100-OK\r\n");
  close (fd);
  hv_proc_stop (proc);
  hv_proc_free (proc);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_data_func ("/net/bench-switch/unpaced", NULL, test_runs);
  g_test_add_data_func ("/net/bench-switch/paced", "20000", test_runs);

  return g_test_run ();
}
