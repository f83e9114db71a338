/* test-version.c
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include "config.h"

#include <string.h>

#include "wirelab/wirelab.h"

/* Dynamips clients (GNS3) keep the text before the first '-' of
 * `hypervisor version` and compare it as a Dynamips release. */
static void
test_hypervisor_version_prefix (void)
{
  const char *v = wirelab_get_hypervisor_version_string ();
  g_auto(GStrv) parts = g_strsplit (v, "-", -1);

  g_assert_cmpstr (parts[0], ==, "0.2.24");
  g_assert_nonnull (parts[1]);
  g_assert_true (g_str_has_suffix (v, wirelab_get_version ()));
  g_assert_true (strstr (v, "wirelab") != NULL);
}

static void
test_version_is_semver (void)
{
  g_auto(GStrv) parts = g_strsplit (wirelab_get_version (), ".", -1);

  g_assert_cmpuint (g_strv_length (parts), ==, 3);
  for (guint i = 0; i < 3; i++)
    {
      char *end = NULL;

      g_ascii_strtoull (parts[i], &end, 10);
      g_assert_true (end != parts[i] && *end == '\0');
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/version/hypervisor-prefix", test_hypervisor_version_prefix);
  g_test_add_func ("/version/semver", test_version_is_semver);
  return g_test_run ();
}
