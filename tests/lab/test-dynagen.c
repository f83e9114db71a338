/* test-dynagen.c: Dynagen `.net` files become labs
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include "config.h"

#include <glib.h>
#include <string.h>

#include "wirelab/wirelab.h"

static WirelabLab *
import_sample (char ***warnings)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "lab", "data", "sample.net", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  WirelabLab *lab = wirelab_dynagen_import_file (file, warnings, &error);

  g_assert_no_error (error);
  g_assert_nonnull (lab);
  return lab;
}

static gboolean
linked (WirelabLab *lab,
        const char *a,
        const char *ia,
        const char *b,
        const char *ib)
{
  WirelabNode *na = wirelab_lab_find_node_by_name (lab, a);
  WirelabNode *nb = wirelab_lab_find_node_by_name (lab, b);
  WirelabLink *link;

  g_assert_nonnull (na);
  g_assert_nonnull (nb);
  link = wirelab_lab_find_link_at (lab, na, ia);
  return link != NULL && wirelab_link_find_end (link, wirelab_node_get_id (nb), ib) >= 0;
}

static gboolean
warned (char      **warnings,
        const char *needle)
{
  for (guint i = 0; warnings[i] != NULL; i++)
    if (strstr (warnings[i], needle) != NULL)
      return TRUE;
  return FALSE;
}

static void
test_sample (void)
{
  g_auto(GStrv) warnings = NULL;
  g_autoptr(WirelabLab) lab = import_sample (&warnings);
  WirelabNode *r1, *r2, *r3, *s1, *f1, *lan;
  WirelabImage *img;
  WirelabHypervisorConfig *remote;
  WirelabPortMode mode;
  guint vlan, ethertype;
  const char *r1_slots[] = { "C7200-IO-FE", "PA-4E", "PA-4T+", NULL };

  for (guint i = 0; warnings[i] != NULL; i++)
    g_test_message ("warning: %s", warnings[i]);

  g_assert_cmpstr (wirelab_lab_get_name (lab), ==, "sample");
  g_assert_true (wirelab_lab_validate (lab, NULL));
  g_assert_cmpuint (g_list_model_get_n_items (wirelab_lab_get_nodes (lab)), ==, 6);
  g_assert_cmpuint (g_list_model_get_n_items (wirelab_lab_get_links (lab)), ==, 8);

  /* localhost became the local hypervisor, the other host a remote one. */
  g_assert_cmpuint (g_list_model_get_n_items (wirelab_lab_get_hypervisors (lab)), ==, 2);
  remote = wirelab_lab_find_hypervisor (lab, "192.0.2.50-7201");
  g_assert_nonnull (remote);
  g_assert_cmpstr (wirelab_hypervisor_config_get_host (remote), ==, "192.0.2.50");
  g_assert_cmpuint (wirelab_hypervisor_config_get_port (remote), ==, 7201);
  g_assert_cmpuint (wirelab_hypervisor_config_get_base_udp (remote), ==, 20000);
  g_assert_cmpuint (wirelab_hypervisor_config_get_base_console (remote), ==, 3000);

  r1 = wirelab_lab_find_node_by_name (lab, "R1");
  r2 = wirelab_lab_find_node_by_name (lab, "R2");
  r3 = wirelab_lab_find_node_by_name (lab, "R3");
  s1 = wirelab_lab_find_node_by_name (lab, "S1");
  f1 = wirelab_lab_find_node_by_name (lab, "F1");
  lan = wirelab_lab_find_node_by_name (lab, "LAN1");
  g_assert_nonnull (lan);
  g_assert_cmpint (wirelab_node_get_kind (lan), ==, WIRELAB_NODE_KIND_HUB);

  /* R1: the 7200 defaults, its own slot 1, and a PA-4T+ Dynagen would have
   * put in slot 2 for s2/0. */
  img = wirelab_lab_find_image (lab, wirelab_node_get_image_id (r1));
  g_assert_cmpstr (wirelab_image_get_platform (img), ==, "c7200");
  g_assert_cmpstr (wirelab_image_get_npe (img), ==, "npe-400");
  g_assert_cmpuint (wirelab_image_get_ram (img), ==, 256);
  g_assert_cmpstrv (wirelab_node_get_slots (r1), r1_slots);
  g_assert_cmpuint (wirelab_node_get_console (r1), ==, 2001);
  g_assert_cmpfloat (wirelab_node_get_x (r1), ==, 10.0);
  g_assert_cmpfloat (wirelab_node_get_y (r1), ==, 20.5);
  g_assert_cmpstr (wirelab_node_get_hypervisor_id (r1), ==, "local");

  /* R2: the default model 3640 from the top of the file. */
  img = wirelab_lab_find_image (lab, wirelab_node_get_image_id (r2));
  g_assert_cmpstr (wirelab_image_get_platform (img), ==, "c3600");
  g_assert_cmpstr (wirelab_image_get_model (img), ==, "3640");
  g_assert_cmpstr (wirelab_image_get_idle_pc (img), ==, "0x604fbc60");
  g_assert_cmpuint (wirelab_image_get_ram (img), ==, 128);
  g_assert_true (wirelab_node_has_interface (r2, "Serial1/0"));
  g_assert_true (wirelab_node_has_interface (r2, "Ethernet2/0"));

  /* R3: on the remote host; s0/0 needed a WIC. */
  img = wirelab_lab_find_image (lab, wirelab_node_get_image_id (r3));
  g_assert_cmpstr (wirelab_image_get_platform (img), ==, "c2691");
  g_assert_cmpuint (wirelab_node_get_effective_ram (r3), ==, 160);
  g_assert_cmpstr (wirelab_node_get_hypervisor_id (r3), ==, "192.0.2.50-7201");
  g_assert_cmpstr (wirelab_node_get_wics (r3)[0], ==, "WIC-1T");

  g_assert_true (wirelab_node_get_switch_port (s1, 1, &mode, &vlan, NULL));
  g_assert_cmpint (mode, ==, WIRELAB_PORT_MODE_ACCESS);
  g_assert_cmpuint (vlan, ==, 10);
  g_assert_true (wirelab_node_get_switch_port (s1, 3, &mode, &vlan, &ethertype));
  g_assert_cmpint (mode, ==, WIRELAB_PORT_MODE_QINQ);
  g_assert_cmpuint (ethertype, ==, 0x8100);
  g_assert_cmpuint (g_variant_n_children (wirelab_node_get_vcs (f1)), ==, 1);
  g_assert_cmpuint (wirelab_node_get_port_count (f1), ==, 2);

  g_assert_true (linked (lab, "R1", "FastEthernet0/0", "R2", "FastEthernet0/0"));
  g_assert_true (linked (lab, "R1", "Ethernet1/0", "S1", "1"));
  g_assert_true (linked (lab, "R1", "Serial2/0", "F1", "1"));
  g_assert_true (linked (lab, "R2", "Serial1/0", "F1", "2"));
  g_assert_true (linked (lab, "R2", "Ethernet2/0", "LAN1", "1"));
  g_assert_true (linked (lab, "S1", "2", "R3", "FastEthernet0/0"));
  g_assert_true (linked (lab, "R3", "Serial0/0", "R1", "Serial2/1"));
  g_assert_true (linked (lab, "R3", "FastEthernet0/1", "LAN1", "2"));

  g_assert_true (warned (warnings, "raw NIO connections are not supported"));
  g_assert_true (warned (warnings, "atmsw devices are not supported"));
}

/* The imported lab saves and loads like any other. */
static void
test_sample_round_trip (void)
{
  g_autoptr(WirelabLab) lab = import_sample (NULL);
  g_autoptr(WirelabLab) back = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *data = wirelab_lab_to_data (lab, NULL);

  back = wirelab_lab_load_from_data (data, -1, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (wirelab_lab_get_links (back)), ==, 8);
}

static void
test_bad_files (void)
{
  struct { const char *text; const char *needle; } cases[] = {
    { "[[ROUTER R1]]\n", "before any [host] section" },
    { "[localhost\n", "not a section header" },
    { "[localhost]\n[[[x]]]\n", "not a section header" },
    { "[localhost]\n\xff\xfe\n", "not UTF-8" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(WirelabLab) lab = wirelab_dynagen_import (cases[i].text, -1, NULL, &error);

      g_assert_null (lab);
      g_assert_error (error, WIRELAB_LAB_ERROR, WIRELAB_LAB_ERROR_INVALID);
      g_assert_nonnull (strstr (error->message, cases[i].needle));
    }
}

/* Things left out are said, not silently dropped. */
static void
test_warnings (void)
{
  const char *text =
    "[localhost]\n"
    "  port = 7200\n"
    "  [[ROUTER R1]]\n"
    "    model = 9999\n"
    "  [[ROUTER R2]]\n"
    "    f0/0 = R9 f0/0\n"
    "    junk line\n"
    "  [[ETHSW S1]]\n"
    "    1 = trunk 5\n"
    "[qemu localhost:10525]\n";
  g_auto(GStrv) warnings = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(WirelabLab) lab = wirelab_dynagen_import (text, -1, &warnings, &error);

  g_assert_no_error (error);
  g_assert_true (warned (warnings, "unknown model “9999”"));
  g_assert_true (warned (warnings, "no device “R9”"));
  g_assert_true (warned (warnings, "line 7 ignored"));
  g_assert_true (warned (warnings, "not “access|dot1q|qinq"));
  g_assert_true (warned (warnings, "Qemu and VirtualBox"));
  g_assert_true (warned (warnings, "R2 has no image"));
  g_assert_nonnull (wirelab_lab_find_node_by_name (lab, "R2"));
  g_assert_null (wirelab_lab_find_node_by_name (lab, "R1"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/lab/dynagen/sample", test_sample);
  g_test_add_func ("/lab/dynagen/round-trip", test_sample_round_trip);
  g_test_add_func ("/lab/dynagen/bad-files", test_bad_files);
  g_test_add_func ("/lab/dynagen/warnings", test_warnings);

  return g_test_run ();
}
