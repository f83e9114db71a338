/* test-hypervisor-config.c: WirelabHypervisorConfig
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include "config.h"

#include "wirelab/wirelab.h"

/* The display name of an unnamed hypervisor stays valid across calls: a
 * warning that names the same hypervisor twice in one printf must not read
 * a freed string. */
static void
test_display_name_stable (void)
{
  g_autoptr(WirelabHypervisorConfig) hv = wirelab_hypervisor_config_new (NULL, "127.0.0.2", 7201);
  const char *first = wirelab_hypervisor_config_get_display_name (hv);
  const char *second = wirelab_hypervisor_config_get_display_name (hv);
  g_autofree char *line = NULL;

  g_assert_cmpstr (first, ==, "127.0.0.2:7201");
  g_assert_true (first == second);
  line = g_strdup_printf ("%s %s", wirelab_hypervisor_config_get_display_name (hv),
                          wirelab_hypervisor_config_get_display_name (hv));
  g_assert_cmpstr (line, ==, "127.0.0.2:7201 127.0.0.2:7201");

  /* It follows host and port changes... */
  wirelab_hypervisor_config_set_port (hv, 7300);
  g_assert_cmpstr (wirelab_hypervisor_config_get_display_name (hv), ==, "127.0.0.2:7300");
  wirelab_hypervisor_config_set_host (hv, "lab-server");
  g_assert_cmpstr (wirelab_hypervisor_config_get_display_name (hv), ==, "lab-server:7300");

  /* ...until it has a name of its own. */
  wirelab_hypervisor_config_set_name (hv, "Rack 2");
  g_assert_cmpstr (wirelab_hypervisor_config_get_display_name (hv), ==, "Rack 2");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/lab/hypervisor-config/display-name-stable", test_display_name_stable);
  return g_test_run ();
}
