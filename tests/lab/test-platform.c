/* test-platform.c: interface names and slot rules of the router platforms
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include "config.h"

#include <glib.h>

#include "wirelab/wirelab.h"

static void
check_names (const char        *platform,
             const char        *model,
             const char *const *slots,
             const char *const *wics,
             const char *const *expect)
{
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) names = wirelab_platform_dup_interfaces (platform, model, slots, wics, &error);

  g_assert_no_error (error);
  g_assert_cmpstrv (names, expect);
}

static void
test_c7200 (void)
{
  const char *slots[] = { "C7200-IO-FE", "PA-4E", "PA-FE-TX", "PA-GE", "", "PA-4T+", NULL };
  const char *expect[] = {
    "FastEthernet0/0", "Ethernet1/0", "Ethernet1/1", "Ethernet1/2", "Ethernet1/3",
    "FastEthernet2/0", "GigabitEthernet3/0", "Serial5/0", "Serial5/1", "Serial5/2", "Serial5/3",
    NULL
  };
  guint slot, port;
  WirelabInterfaceType type;

  check_names ("c7200", NULL, slots, NULL, expect);
  g_assert_true (wirelab_platform_lookup_interface ("c7200", NULL, slots, NULL, "Ethernet1/3",
                                                    &slot, &port, &type));
  g_assert_cmpuint (slot, ==, 1);
  g_assert_cmpuint (port, ==, 3);
  g_assert_cmpint (type, ==, WIRELAB_INTERFACE_ETHERNET);
  g_assert_true (wirelab_platform_lookup_interface ("c7200", NULL, slots, NULL, "Serial5/2",
                                                    &slot, &port, &type));
  g_assert_cmpuint (slot, ==, 5);
  g_assert_cmpuint (port, ==, 2);
  g_assert_cmpint (type, ==, WIRELAB_INTERFACE_SERIAL);
  g_assert_false (wirelab_platform_lookup_interface ("c7200", NULL, slots, NULL, "Ethernet4/0",
                                                     NULL, NULL, NULL));
  g_assert_cmpuint (wirelab_platform_get_default_ram ("c7200"), ==, 256);
  g_assert_cmphex (wirelab_platform_get_mac_prefix ("c7200"), ==, 0xca);
}

static void
test_fixed_mainboards (void)
{
  /* c2691: GT96100-FE is always in slot 0; WIC ports live at 16 * (w + 1). */
  const char *slots[] = { "", "NM-4T", NULL };
  const char *wics[] = { "WIC-2T", "", "WIC-1T", NULL };
  const char *expect[] = {
    "FastEthernet0/0", "FastEthernet0/1", "Serial1/0", "Serial1/1", "Serial1/2", "Serial1/3",
    "Serial0/0", "Serial0/1", "Serial0/2", NULL
  };
  guint slot, port;

  check_names ("c2691", NULL, slots, wics, expect);
  g_assert_true (wirelab_platform_lookup_interface ("c2691", NULL, slots, wics, "Serial0/1",
                                                    &slot, &port, NULL));
  g_assert_cmpuint (slot, ==, 0);
  g_assert_cmpuint (port, ==, 17);
  g_assert_true (wirelab_platform_lookup_interface ("c2691", NULL, slots, wics, "Serial0/2",
                                                    &slot, &port, NULL));
  g_assert_cmpuint (port, ==, 48);
  g_assert_cmpstr (wirelab_platform_get_fixed_adapter ("c3745", NULL), ==, "GT96100-FE");

  /* c2600: the mainboard follows the chassis, WIC-1ENET continues its count. */
  {
    const char *s[] = { "", "NM-16ESW", NULL };
    const char *w[] = { "WIC-1ENET", NULL };
    g_auto(GStrv) names = wirelab_platform_dup_interfaces ("c2600", "2610", s, w, NULL);

    g_assert_cmpuint (g_strv_length (names), ==, 18);
    g_assert_cmpstr (names[0], ==, "Ethernet0/0");
    g_assert_cmpstr (names[1], ==, "FastEthernet1/0");
    g_assert_cmpstr (names[16], ==, "FastEthernet1/15");
    g_assert_cmpstr (names[17], ==, "Ethernet0/1");
  }
  {
    const char *expect2[] = { "FastEthernet0/0", "FastEthernet0/1", NULL };

    check_names ("c2600", "2621XM", NULL, NULL, expect2);
  }

  /* c1700: no slot numbers. */
  {
    const char *w[] = { "WIC-1T", "WIC-1ENET", NULL };
    const char *expect3[] = { "FastEthernet0", "Ethernet0", "Serial0", "Ethernet1", NULL };

    check_names ("c1700", "1710", NULL, w, expect3);
  }

  /* c3660: Leopard-2FE in slot 0, six NM slots. */
  {
    const char *s[] = { "", "", "", "", "", "", "NM-1FE-TX", NULL };
    const char *expect4[] = { "FastEthernet0/0", "FastEthernet0/1", "FastEthernet6/0", NULL };

    check_names ("c3600", "3660", s, NULL, expect4);
    g_assert_cmpuint (wirelab_platform_get_slot_count ("c3600", "3620"), ==, 2);
  }
}

static void
test_bad_cards (void)
{
  const char *pa_in_slot0[] = { "PA-4E", NULL };
  const char *io_in_slot1[] = { "C7200-IO-FE", "C7200-IO-FE", NULL };
  const char *too_many[] = { "", "NM-1FE-TX", "NM-1FE-TX", NULL };
  const char *wrong_fixed[] = { "NM-1FE-TX", NULL };
  const char *wic_on_c7200[] = { "WIC-1T", NULL };
  const char *unknown[] = { "C7200-IO-FE", "PA-NOPE", NULL };
  struct { const char *platform, *model; const char *const *slots, *const *wics; } cases[] = {
    { "c7200", NULL, pa_in_slot0, NULL },
    { "c7200", NULL, io_in_slot1, NULL },
    { "c2691", NULL, too_many, NULL },
    { "c3725", NULL, wrong_fixed, NULL },
    { "c7200", NULL, NULL, wic_on_c7200 },
    { "c7200", NULL, unknown, NULL },
    { "c9999", NULL, NULL, NULL },
    { "c3600", "3699", NULL, NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_auto(GStrv) names = wirelab_platform_dup_interfaces (cases[i].platform, cases[i].model,
                                                             cases[i].slots, cases[i].wics, &error);

      g_assert_null (names);
      g_assert_error (error, WIRELAB_LAB_ERROR, WIRELAB_LAB_ERROR_INVALID);
    }
}

static void
test_catalog (void)
{
  g_auto(GStrv) slot0 = wirelab_platform_dup_adapters ("c7200", NULL, 0);
  g_auto(GStrv) slot3 = wirelab_platform_dup_adapters ("c7200", NULL, 3);
  g_auto(GStrv) none = wirelab_platform_dup_adapters ("c7200", NULL, 7);
  g_auto(GStrv) fixed = wirelab_platform_dup_adapters ("c3725", NULL, 0);
  g_auto(GStrv) wics = wirelab_platform_dup_wics ("c2600");
  g_auto(GStrv) defaults = wirelab_platform_dup_default_slots ("c3745", NULL);

  g_assert_true (g_strv_contains ((const char *const *) slot0, "C7200-IO-GE-E"));
  g_assert_false (g_strv_contains ((const char *const *) slot0, "PA-4E"));
  g_assert_true (g_strv_contains ((const char *const *) slot3, "PA-8E"));
  g_assert_cmpuint (g_strv_length (none), ==, 0);
  g_assert_cmpuint (g_strv_length (fixed), ==, 1);
  g_assert_cmpstr (fixed[0], ==, "GT96100-FE");
  g_assert_true (g_strv_contains ((const char *const *) wics, "WIC-1ENET"));
  g_assert_cmpstr (defaults[0], ==, "GT96100-FE");
  g_assert_cmpuint (g_strv_length ((char **) wirelab_platform_list ()), ==, 7);
  g_assert_cmpstr (wirelab_platform_get_default_model ("c3600"), ==, "3640");
  g_assert_true (g_strv_contains (wirelab_platform_list_models ("c2600"), "2651XM"));
}

static void
test_expand (void)
{
  struct { const char *in, *out; } cases[] = {
    { "f0/0", "FastEthernet0/0" },
    { "fa1/1", "FastEthernet1/1" },
    { "e1/2", "Ethernet1/2" },
    { "eth0/0", "Ethernet0/0" },
    { "s1/0", "Serial1/0" },
    { "se2/3", "Serial2/3" },
    { "g0/0", "GigabitEthernet0/0" },
    { "Gi1/0", "GigabitEthernet1/0" },
    { "ge2/0", "GigabitEthernet2/0" },
    { "fe3/0", "FastEthernet3/0" },
    { "a1/0", "ATM1/0" },
    { "p2/0", "POS2/0" },
    { "FastEthernet0/1", "FastEthernet0/1" },
    { "e0", "Ethernet0" },
    { "x0/0", NULL },
    { "f", NULL },
    { "f0/", NULL },
    { "f/0", NULL },
    { "0/0", NULL },
    { "f0//1", NULL },
    { "f0/a", NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *full = wirelab_platform_expand_interface (cases[i].in);

      g_assert_cmpstr (full, ==, cases[i].out);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/lab/platform/c7200", test_c7200);
  g_test_add_func ("/lab/platform/fixed-mainboards", test_fixed_mainboards);
  g_test_add_func ("/lab/platform/bad-cards", test_bad_cards);
  g_test_add_func ("/lab/platform/catalog", test_catalog);
  g_test_add_func ("/lab/platform/expand", test_expand);

  return g_test_run ();
}
