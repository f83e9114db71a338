/* test-tools.c: every executable answers --version and --help.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include "config.h"

#include <glib.h>

#include <string.h>

#include "wirelab/wirelab.h"

static void
run_tool (const char *path,
          const char *arg,
          char      **out)
{
  g_autoptr(GError) error = NULL;
  const char *argv[] = { path, arg, NULL };
  int status = -1;

  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT,
                               NULL, NULL, out, NULL, &status, &error));
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
}

static void
test_version (gconstpointer data)
{
  const char *path = data;
  g_autofree char *out = NULL;
  g_autofree char *base = g_path_get_basename (path);

  run_tool (path, "--version", &out);
  g_assert_true (g_str_has_prefix (out, base));
  g_assert_true (strstr (out, wirelab_get_version ()) != NULL);
}

static void
test_help (gconstpointer data)
{
  const char *path = data;
  g_autofree char *out = NULL;

  run_tool (path, "--help", &out);
  g_assert_true (strstr (out, "Usage:") != NULL);
  g_assert_true (strstr (out, "--version") != NULL);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  for (int i = 1; i < argc; i++)
    {
      g_autofree char *base = g_path_get_basename (argv[i]);
      g_autofree char *vpath = g_strdup_printf ("/tools/%s/version", base);
      g_autofree char *hpath = g_strdup_printf ("/tools/%s/help", base);

      g_test_add_data_func (vpath, argv[i], test_version);
      g_test_add_data_func (hpath, argv[i], test_help);
    }

  return g_test_run ();
}
