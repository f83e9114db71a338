/* test-model.c: the lab model, its containers and its undo history
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include "config.h"

#include <glib.h>
#include <glib/gstdio.h>

#include "wirelab/wirelab.h"

static guint
n_items (GListModel *model)
{
  return g_list_model_get_n_items (model);
}

static WirelabNode *
node_at (WirelabLab *lab,
         guint       i)
{
  g_autoptr(WirelabNode) node = g_list_model_get_item (wirelab_lab_get_nodes (lab), i);

  return node;   /* the lab keeps it */
}

static void
test_new_lab (void)
{
  g_autoptr(WirelabLab) lab = wirelab_lab_new ();
  WirelabHypervisorConfig *local;
  WirelabImage *image;
  g_autoptr(GError) error = NULL;

  g_assert_false (wirelab_lab_get_dirty (lab));
  g_assert_cmpuint (n_items (wirelab_lab_get_hypervisors (lab)), ==, 1);
  local = wirelab_lab_find_hypervisor (lab, WIRELAB_HYPERVISOR_LOCAL_ID);
  g_assert_nonnull (local);
  g_assert_true (wirelab_hypervisor_config_is_local (local));
  g_assert_cmpuint (wirelab_hypervisor_config_get_port (local), ==, 0);
  g_assert_cmpstr (wirelab_hypervisor_config_get_display_name (local), ==, "Local");

  image = wirelab_lab_find_image (lab, WIRELAB_DEFAULT_IMAGE_ID);
  g_assert_nonnull (image);
  g_assert_cmpstr (wirelab_image_get_path (image), ==, WIRELAB_DEFAULT_IMAGE_FILE);
  g_assert_cmpstr (wirelab_image_get_platform (image), ==, "c7200");

  g_assert_false (wirelab_lab_remove_hypervisor (lab, local, &error));
  g_assert_error (error, WIRELAB_LAB_ERROR, WIRELAB_LAB_ERROR_IN_USE);
  g_assert_true (wirelab_lab_validate (lab, NULL));
}

static void
test_default_names (void)
{
  g_autoptr(WirelabLab) lab = wirelab_lab_new ();
  const WirelabNodeKind kinds[] = {
    WIRELAB_NODE_KIND_ROUTER, WIRELAB_NODE_KIND_ROUTER, WIRELAB_NODE_KIND_ETHSW,
    WIRELAB_NODE_KIND_HUB, WIRELAB_NODE_KIND_FRSW, WIRELAB_NODE_KIND_VPCS,
    WIRELAB_NODE_KIND_VPCS,
  };
  const char *names[] = { "R1", "R2", "SW1", "HUB1", "FR1", "PC1", "PC2" };
  WirelabNode *r1, *again;

  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    {
      WirelabNode *node = wirelab_lab_create_node (lab, kinds[i], NULL, i * 10.0, 5.0, NULL);

      g_assert_nonnull (node);
      g_assert_cmpstr (wirelab_node_get_name (node), ==, names[i]);
    }

  /* Routers and PCs get distinct instance ids; switches need none. */
  g_assert_cmpuint (wirelab_node_get_instance_id (node_at (lab, 0)), ==, 1);
  g_assert_cmpuint (wirelab_node_get_instance_id (node_at (lab, 1)), ==, 2);
  g_assert_cmpuint (wirelab_node_get_instance_id (node_at (lab, 2)), ==, 0);
  g_assert_cmpuint (wirelab_node_get_instance_id (node_at (lab, 5)), ==, 3);
  g_assert_cmpuint (wirelab_node_get_instance_id (node_at (lab, 6)), ==, 4);

  /* The lowest free number is reused. */
  r1 = wirelab_lab_find_node_by_name (lab, "R1");
  wirelab_lab_remove_node (lab, r1);
  again = wirelab_lab_create_node (lab, WIRELAB_NODE_KIND_ROUTER, NULL, 0, 0, NULL);
  g_assert_cmpstr (wirelab_node_get_name (again), ==, "R1");
  g_assert_cmpuint (wirelab_node_get_instance_id (again), ==, 1);
  g_assert_true (wirelab_lab_validate (lab, NULL));
}

static void
test_rename_checks (void)
{
  g_autoptr(WirelabLab) lab = wirelab_lab_new ();
  WirelabNode *r1 = wirelab_lab_create_node (lab, WIRELAB_NODE_KIND_ROUTER, NULL, 0, 0, NULL);
  WirelabNode *r2 = wirelab_lab_create_node (lab, WIRELAB_NODE_KIND_ROUTER, NULL, 0, 0, NULL);
  const char *bad[] = { "", "R\"1", "a\nb", " R1", "R1 " };
  g_autoptr(GError) error = NULL;

  g_assert_false (wirelab_lab_rename_node (lab, r2, "R1", &error));
  g_assert_error (error, WIRELAB_LAB_ERROR, WIRELAB_LAB_ERROR_INVALID);
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_clear_error (&error);
      g_assert_false (wirelab_lab_rename_node (lab, r1, bad[i], &error));
      g_assert_error (error, WIRELAB_LAB_ERROR, WIRELAB_LAB_ERROR_INVALID);
    }
  g_assert_true (wirelab_lab_rename_node (lab, r1, "Core router", NULL));
  g_assert_cmpstr (wirelab_node_get_name (r1), ==, "Core router");
}

static void
test_interfaces (void)
{
  g_autoptr(WirelabLab) lab = wirelab_lab_new ();
  WirelabNode *r1 = wirelab_lab_create_node (lab, WIRELAB_NODE_KIND_ROUTER, NULL, 0, 0, NULL);
  WirelabNode *sw = wirelab_lab_create_node (lab, WIRELAB_NODE_KIND_ETHSW, NULL, 0, 0, NULL);
  WirelabNode *hub = wirelab_lab_create_node (lab, WIRELAB_NODE_KIND_HUB, NULL, 0, 0, NULL);
  WirelabNode *pc = wirelab_lab_create_node (lab, WIRELAB_NODE_KIND_VPCS, NULL, 0, 0, NULL);
  WirelabImage *image = wirelab_lab_find_image (lab, WIRELAB_DEFAULT_IMAGE_ID);
  const char *router_ifaces[] = {
    "FastEthernet0/0", "Ethernet1/0", "Ethernet1/1", "Ethernet1/2", "Ethernet1/3", NULL
  };
  const char *new_slots[] = { "C7200-IO-2FE", "", "PA-GE", NULL };
  const char *switch_ifaces[] = { "1", "2", "3", "4", "5", "6", "7", "8", NULL };
  const char *pc_ifaces[] = { "e0", NULL };
  g_auto(GStrv) names = NULL;
  WirelabPortMode mode;
  guint vlan, ethertype;

  names = wirelab_node_dup_interfaces (r1);
  g_assert_cmpstrv (names, router_ifaces);
  g_clear_pointer (&names, g_strfreev);
  names = wirelab_node_dup_interfaces (sw);
  g_assert_cmpstrv (names, switch_ifaces);
  g_clear_pointer (&names, g_strfreev);
  names = wirelab_node_dup_interfaces (hub);
  g_assert_cmpstrv (names, switch_ifaces);
  g_clear_pointer (&names, g_strfreev);
  names = wirelab_node_dup_interfaces (pc);
  g_assert_cmpstrv (names, pc_ifaces);
  g_clear_pointer (&names, g_strfreev);

  /* Changing the image's cards changes its routers' interfaces. */
  wirelab_image_set_slots (image, new_slots);
  g_object_get (r1, "interfaces", &names, NULL);
  {
    const char *expect[] = { "FastEthernet0/0", "FastEthernet0/1", "GigabitEthernet2/0", NULL };

    g_assert_cmpstrv (names, expect);
  }
  g_assert_true (wirelab_node_has_interface (r1, "GigabitEthernet2/0"));
  g_assert_false (wirelab_node_has_interface (r1, "Ethernet1/0"));

  /* A per-node override wins over the image. */
  {
    const char *own[] = { "C7200-IO-FE", NULL };
    const char *expect[] = { "FastEthernet0/0", NULL };

    g_clear_pointer (&names, g_strfreev);
    wirelab_node_set_slots (r1, own);
    names = wirelab_node_dup_interfaces (r1);
    g_assert_cmpstrv (names, expect);
  }

  /* Switch port table. */
  wirelab_node_set_switch_port (sw, 12, WIRELAB_PORT_MODE_QINQ, 100, 0x88a8);
  wirelab_node_set_switch_port (sw, 2, WIRELAB_PORT_MODE_DOT1Q, 1, 0x1234);
  wirelab_node_remove_switch_port (sw, 8);
  g_assert_true (wirelab_node_get_switch_port (sw, 12, &mode, &vlan, &ethertype));
  g_assert_cmpint (mode, ==, WIRELAB_PORT_MODE_QINQ);
  g_assert_cmpuint (vlan, ==, 100);
  g_assert_cmpuint (ethertype, ==, 0x88a8);
  g_assert_true (wirelab_node_get_switch_port (sw, 2, &mode, &vlan, &ethertype));
  g_assert_cmpint (mode, ==, WIRELAB_PORT_MODE_DOT1Q);
  g_assert_cmpuint (ethertype, ==, 0);
  g_assert_false (wirelab_node_get_switch_port (sw, 8, NULL, NULL, NULL));
  g_clear_pointer (&names, g_strfreev);
  names = wirelab_node_dup_interfaces (sw);
  {
    const char *expect[] = { "1", "2", "3", "4", "5", "6", "7", "12", NULL };

    g_assert_cmpstrv (names, expect);
  }
}

static void
count_notify (guint *count)
{
  (*count)++;
}

static void
test_interfaces_notify (void)
{
  g_autoptr(WirelabLab) lab = wirelab_lab_new ();
  WirelabNode *r1 = wirelab_lab_create_node (lab, WIRELAB_NODE_KIND_ROUTER, NULL, 0, 0, NULL);
  WirelabImage *image = wirelab_lab_find_image (lab, WIRELAB_DEFAULT_IMAGE_ID);
  const char *slots[] = { "C7200-IO-FE", NULL };
  guint count = 0;

  g_signal_connect_swapped (r1, "notify::interfaces", G_CALLBACK (count_notify), &count);
  wirelab_image_set_slots (image, slots);
  g_assert_cmpuint (count, ==, 1);
  wirelab_image_set_ram (image, 64);
  g_assert_cmpuint (count, ==, 1);
  wirelab_node_set_wics (r1, NULL);
  g_assert_cmpuint (count, ==, 1);
}

/* A router's interfaces follow every change that shapes them, at once,
 * even while its image's notifications wait for a thaw. */
static void
test_interfaces_follow (void)
{
  g_autoptr(WirelabLab) lab = wirelab_lab_new ();
  WirelabHistory *history = wirelab_lab_get_history (lab);
  WirelabImage *image = wirelab_lab_find_image (lab, WIRELAB_DEFAULT_IMAGE_ID);
  g_autoptr(WirelabImage) other = wirelab_image_new ("c3725", "/images/c3725.image", "c3725");
  g_autoptr(WirelabImage) replacement = NULL;
  WirelabNode *r1 = wirelab_lab_create_node (lab, WIRELAB_NODE_KIND_ROUTER, NULL, 0, 0, NULL);
  const char *ge[] = { "C7200-IO-FE", "PA-GE", NULL };
  const char *bad[] = { "C7200-IO-FE", "NM-4T", NULL };
  const char *nm4t[] = { "", "NM-4T", NULL };
  g_auto(GStrv) names = NULL;

  g_assert_true (wirelab_node_has_interface (r1, "Ethernet1/0"));

  /* The image's cards, with its notifications held back. */
  g_object_freeze_notify (G_OBJECT (image));
  wirelab_image_set_slots (image, ge);
  g_assert_true (wirelab_node_has_interface (r1, "GigabitEthernet1/0"));
  g_assert_false (wirelab_node_has_interface (r1, "Ethernet1/0"));
  g_object_thaw_notify (G_OBJECT (image));
  g_assert_true (wirelab_history_undo (history));
  g_assert_true (wirelab_node_has_interface (r1, "Ethernet1/0"));

  /* The node's own cards: cards that do not fit give no interfaces. */
  wirelab_node_set_slots (r1, bad);
  names = wirelab_node_dup_interfaces (r1);
  g_assert_cmpuint (g_strv_length (names), ==, 0);
  g_assert_false (wirelab_node_has_interface (r1, "FastEthernet0/0"));
  g_assert_true (wirelab_history_undo (history));
  g_assert_true (wirelab_node_has_interface (r1, "Ethernet1/3"));

  /* Another image, and an unknown one. */
  g_assert_true (wirelab_lab_add_image (lab, other, NULL));
  wirelab_image_set_slots (other, nm4t);
  wirelab_node_set_image_id (r1, "c3725");
  g_assert_true (wirelab_node_has_interface (r1, "Serial1/0"));
  g_assert_false (wirelab_node_has_interface (r1, "Ethernet1/0"));
  wirelab_node_set_image_id (r1, "nowhere");
  g_assert_false (wirelab_node_has_interface (r1, "Serial1/0"));
  wirelab_node_set_image_id (r1, "c3725");

  /* The image replaced by another of the same id: the new one counts. */
  wirelab_lab_remove_node (lab, r1);
  g_assert_true (wirelab_history_undo (history));
  g_assert_true (wirelab_node_has_interface (r1, "Serial1/3"));
  {
    g_autoptr(GError) error = NULL;

    g_assert_false (wirelab_lab_remove_image (lab, other, &error));
  }
  wirelab_node_set_image_id (r1, WIRELAB_DEFAULT_IMAGE_ID);
  g_assert_true (wirelab_lab_remove_image (lab, other, NULL));
  replacement = wirelab_image_new ("c3725", "/images/c3745.image", "c3745");
  g_assert_true (wirelab_lab_add_image (lab, replacement, NULL));
  wirelab_node_set_image_id (r1, "c3725");
  g_clear_pointer (&names, g_strfreev);
  names = wirelab_node_dup_interfaces (r1);
  {
    g_auto(GStrv) expect = wirelab_platform_dup_interfaces ("c3745", NULL,
                                                            wirelab_image_get_slots (replacement),
                                                            NULL, NULL);

    g_assert_cmpstrv (names, expect);
  }

  /* Out of the lab a router has no image, so no interfaces; back in, it
   * has them again. */
  wirelab_lab_remove_node (lab, r1);
  g_assert_false (wirelab_node_has_interface (r1, names[0]));
  g_assert_true (wirelab_history_undo (history));
  g_assert_true (wirelab_node_has_interface (r1, names[0]));
}

static void
test_links (void)
{
  g_autoptr(WirelabLab) lab = wirelab_lab_new ();
  WirelabNode *r1 = wirelab_lab_create_node (lab, WIRELAB_NODE_KIND_ROUTER, NULL, 0, 0, NULL);
  WirelabNode *sw = wirelab_lab_create_node (lab, WIRELAB_NODE_KIND_ETHSW, NULL, 0, 0, NULL);
  WirelabNode *pc = wirelab_lab_create_node (lab, WIRELAB_NODE_KIND_VPCS, NULL, 0, 0, NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *free_if = NULL;
  g_autoptr(GPtrArray) of_sw = NULL;
  WirelabLink *link;

  link = wirelab_lab_connect (lab, r1, "FastEthernet0/0", sw, "1", &error);
  g_assert_no_error (error);
  g_assert_nonnull (link);
  g_assert_true (wirelab_lab_find_link_at (lab, sw, "1") == link);
  g_assert_cmpint (wirelab_link_find_end (link, wirelab_node_get_id (sw), NULL), ==, 1);
  g_assert_false (wirelab_lab_interface_is_free (lab, r1, "FastEthernet0/0"));

  /* Busy, unknown and looped interfaces are refused. */
  g_assert_null (wirelab_lab_connect (lab, pc, "e0", sw, "1", &error));
  g_assert_error (error, WIRELAB_LAB_ERROR, WIRELAB_LAB_ERROR_IN_USE);
  g_clear_error (&error);
  g_assert_null (wirelab_lab_connect (lab, pc, "e0", sw, "9", &error));
  g_assert_error (error, WIRELAB_LAB_ERROR, WIRELAB_LAB_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_null (wirelab_lab_connect (lab, pc, "e1", sw, "2", &error));
  g_assert_error (error, WIRELAB_LAB_ERROR, WIRELAB_LAB_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_null (wirelab_lab_connect (lab, sw, "3", sw, "3", &error));
  g_assert_error (error, WIRELAB_LAB_ERROR, WIRELAB_LAB_ERROR_INVALID);
  g_clear_error (&error);

  free_if = wirelab_lab_dup_free_interface (lab, sw);
  g_assert_cmpstr (free_if, ==, "2");
  g_assert_nonnull (wirelab_lab_connect (lab, pc, "e0", sw, free_if, &error));
  g_assert_no_error (error);
  g_assert_null (wirelab_lab_dup_free_interface (lab, pc));

  of_sw = wirelab_lab_list_links_of (lab, sw);
  g_assert_cmpuint (of_sw->len, ==, 2);
  g_assert_true (wirelab_lab_validate (lab, NULL));
}

static void
test_remove_node_and_undo (void)
{
  g_autoptr(WirelabLab) lab = wirelab_lab_new ();
  WirelabHistory *history = wirelab_lab_get_history (lab);
  WirelabNode *r1 = wirelab_lab_create_node (lab, WIRELAB_NODE_KIND_ROUTER, NULL, 0, 0, NULL);
  WirelabNode *r2 = wirelab_lab_create_node (lab, WIRELAB_NODE_KIND_ROUTER, NULL, 0, 0, NULL);
  WirelabNode *sw = wirelab_lab_create_node (lab, WIRELAB_NODE_KIND_ETHSW, NULL, 0, 0, NULL);
  g_autoptr(WirelabNode) keep = g_object_ref (sw);
  guint depth;

  g_assert_nonnull (wirelab_lab_connect (lab, r1, "FastEthernet0/0", sw, "1", NULL));
  g_assert_nonnull (wirelab_lab_connect (lab, r2, "FastEthernet0/0", sw, "2", NULL));
  g_assert_nonnull (wirelab_lab_connect (lab, r1, "Ethernet1/0", r2, "Ethernet1/0", NULL));
  depth = wirelab_history_get_undo_depth (history);

  wirelab_lab_remove_node (lab, sw);
  g_assert_cmpuint (n_items (wirelab_lab_get_nodes (lab)), ==, 2);
  g_assert_cmpuint (n_items (wirelab_lab_get_links (lab)), ==, 1);
  g_assert_cmpuint (wirelab_history_get_undo_depth (history), ==, depth + 1);
  g_assert_cmpstr (wirelab_history_get_undo_label (history), ==, "Delete SW1");

  g_assert_true (wirelab_history_undo (history));
  g_assert_cmpuint (n_items (wirelab_lab_get_nodes (lab)), ==, 3);
  g_assert_cmpuint (n_items (wirelab_lab_get_links (lab)), ==, 3);
  g_assert_true (node_at (lab, 2) == sw);
  g_assert_nonnull (wirelab_lab_find_link_at (lab, sw, "1"));
  g_assert_nonnull (wirelab_lab_find_link_at (lab, sw, "2"));
  g_assert_true (wirelab_lab_validate (lab, NULL));

  g_assert_true (wirelab_history_redo (history));
  g_assert_cmpuint (n_items (wirelab_lab_get_links (lab)), ==, 1);
  g_assert_null (wirelab_lab_find_node (lab, wirelab_node_get_id (keep)));

  /* Undo everything: an empty lab again. */
  while (wirelab_history_undo (history))
    ;
  g_assert_cmpuint (n_items (wirelab_lab_get_nodes (lab)), ==, 0);
  g_assert_cmpuint (n_items (wirelab_lab_get_links (lab)), ==, 0);
  g_assert_false (wirelab_lab_get_dirty (lab));
  while (wirelab_history_redo (history))
    ;
  g_assert_cmpuint (n_items (wirelab_lab_get_nodes (lab)), ==, 2);
  g_assert_true (wirelab_lab_validate (lab, NULL));
}

static void
test_history_properties (void)
{
  g_autoptr(WirelabLab) lab = wirelab_lab_new ();
  WirelabHistory *history = wirelab_lab_get_history (lab);
  WirelabNode *r1 = wirelab_lab_create_node (lab, WIRELAB_NODE_KIND_ROUTER, NULL, 0, 0, NULL);
  WirelabImage *image = wirelab_lab_find_image (lab, WIRELAB_DEFAULT_IMAGE_ID);
  gboolean can_undo = FALSE;

  g_assert_cmpstr (wirelab_history_get_undo_label (history), ==, "Add R1");
  g_assert_true (wirelab_lab_rename_node (lab, r1, "Edge", NULL));
  g_assert_cmpstr (wirelab_history_get_undo_label (history), ==, "Rename R1 to Edge");

  /* Through g_object_set(), as a property binding would. */
  g_object_set (r1, "ram", 512, NULL);
  g_assert_cmpstr (wirelab_history_get_undo_label (history), ==, "Change RAM of Edge");
  wirelab_image_set_idle_pc (image, "0x60606060");
  g_assert_cmpstr (wirelab_history_get_undo_label (history), ==,
                   "Change Idle-PC of image Wirelab router");

  /* Setting the same value is no edit. */
  g_object_set (r1, "ram", 512, NULL);
  g_assert_cmpuint (wirelab_history_get_undo_depth (history), ==, 4);

  g_assert_true (wirelab_history_undo (history));
  g_assert_cmpstr (wirelab_image_get_idle_pc (image), ==, "");
  g_assert_true (wirelab_history_undo (history));
  g_assert_cmpuint (wirelab_node_get_ram (r1), ==, 0);
  g_assert_true (wirelab_history_undo (history));
  g_assert_cmpstr (wirelab_node_get_name (r1), ==, "R1");
  g_assert_cmpstr (wirelab_history_get_redo_label (history), ==, "Rename R1 to Edge");

  /* A new edit drops the redo steps. */
  wirelab_node_set_ram (r1, 256);
  g_assert_false (wirelab_history_can_redo (history));
  g_object_get (history, "can-undo", &can_undo, NULL);
  g_assert_true (can_undo);

  /* Runtime properties are not edits. */
  {
    guint depth = wirelab_history_get_undo_depth (history);

    g_object_set (lab, "zoom", 2.0, NULL);
    g_assert_cmpuint (wirelab_history_get_undo_depth (history), ==, depth);
    g_assert_true (wirelab_lab_get_dirty (lab));
  }
}

static void
test_history_moves (void)
{
  g_autoptr(WirelabLab) lab = wirelab_lab_new ();
  WirelabHistory *history = wirelab_lab_get_history (lab);
  WirelabNode *r1 = wirelab_lab_create_node (lab, WIRELAB_NODE_KIND_ROUTER, NULL, 0, 0, NULL);
  WirelabNode *r2 = wirelab_lab_create_node (lab, WIRELAB_NODE_KIND_ROUTER, NULL, 100, 0, NULL);
  guint depth = wirelab_history_get_undo_depth (history);

  /* One drag: many motion events, one step. */
  for (guint i = 1; i <= 20; i++)
    wirelab_node_set_position (r1, i * 5.0, i * 2.0);
  g_assert_cmpuint (wirelab_history_get_undo_depth (history), ==, depth + 1);
  g_assert_cmpstr (wirelab_history_get_undo_label (history), ==, "Move R1");

  /* A group drag of both nodes folds into "Move 2 nodes". */
  wirelab_history_seal (history);
  for (guint i = 1; i <= 5; i++)
    {
      wirelab_node_set_position (r1, 100 + i, 40);
      g_object_set (r2, "x", 100.0 + i, "y", 60.0, NULL);
    }
  g_assert_cmpuint (wirelab_history_get_undo_depth (history), ==, depth + 2);
  g_assert_cmpstr (wirelab_history_get_undo_label (history), ==, "Move 2 nodes");

  g_assert_true (wirelab_history_undo (history));
  g_assert_cmpfloat (wirelab_node_get_x (r1), ==, 100.0);
  g_assert_cmpfloat (wirelab_node_get_y (r1), ==, 40.0);
  g_assert_cmpfloat (wirelab_node_get_x (r2), ==, 100.0);
  g_assert_cmpfloat (wirelab_node_get_y (r2), ==, 0.0);
  g_assert_true (wirelab_history_undo (history));
  g_assert_cmpfloat (wirelab_node_get_x (r1), ==, 0.0);
  g_assert_cmpfloat (wirelab_node_get_y (r1), ==, 0.0);

  /* Another kind of edit ends the gesture. */
  g_assert_true (wirelab_history_redo (history));
  g_assert_true (wirelab_history_redo (history));
  wirelab_node_set_position (r1, 1, 1);
  wirelab_node_set_ram (r1, 64);
  wirelab_node_set_position (r1, 2, 2);
  g_assert_cmpuint (wirelab_history_get_undo_depth (history), ==, depth + 5);
}

static void
test_history_group_and_dirty (void)
{
  g_autoptr(WirelabLab) lab = wirelab_lab_new ();
  WirelabHistory *history = wirelab_lab_get_history (lab);
  g_autoptr(WirelabHypervisorConfig) remote = wirelab_hypervisor_config_new ("far", "192.0.2.7", 7200);
  WirelabImage *image = wirelab_lab_find_image (lab, WIRELAB_DEFAULT_IMAGE_ID);
  const char *bound[] = { "far", NULL };
  WirelabNode *r1;

  g_assert_false (wirelab_lab_get_dirty (lab));
  wirelab_history_begin_group (history, "Paste");
  wirelab_lab_create_node (lab, WIRELAB_NODE_KIND_ROUTER, NULL, 0, 0, NULL);
  wirelab_lab_create_node (lab, WIRELAB_NODE_KIND_ETHSW, NULL, 0, 0, NULL);
  wirelab_history_begin_group (history, NULL);
  wirelab_lab_create_node (lab, WIRELAB_NODE_KIND_HUB, NULL, 0, 0, NULL);
  wirelab_history_end_group (history);
  wirelab_history_end_group (history);
  g_assert_cmpuint (wirelab_history_get_undo_depth (history), ==, 1);
  g_assert_cmpstr (wirelab_history_get_undo_label (history), ==, "Paste");
  g_assert_true (wirelab_lab_get_dirty (lab));

  wirelab_history_undo (history);
  g_assert_cmpuint (n_items (wirelab_lab_get_nodes (lab)), ==, 0);
  g_assert_false (wirelab_lab_get_dirty (lab));
  wirelab_history_redo (history);

  /* Removing a hypervisor unbinds and unplaces in one step. */
  g_assert_true (wirelab_lab_add_hypervisor (lab, remote, NULL));
  g_assert_false (wirelab_lab_add_hypervisor (lab, remote, NULL));
  wirelab_image_set_hypervisors (image, bound);
  r1 = wirelab_lab_find_node_by_name (lab, "R1");
  wirelab_node_set_hypervisor_id (r1, "far");
  g_assert_true (wirelab_lab_remove_hypervisor (lab, remote, NULL));
  g_assert_cmpuint (g_strv_length ((char **) wirelab_image_get_hypervisors (image)), ==, 0);
  g_assert_cmpstr (wirelab_node_get_hypervisor_id (r1), ==, "");
  g_assert_true (wirelab_lab_validate (lab, NULL));
  wirelab_history_undo (history);
  g_assert_nonnull (wirelab_lab_find_hypervisor (lab, "far"));
  g_assert_cmpstrv (wirelab_image_get_hypervisors (image), bound);
  g_assert_cmpstr (wirelab_node_get_hypervisor_id (r1), ==, "far");
  g_assert_cmpstr (wirelab_history_get_redo_label (history), ==, "Remove hypervisor 192.0.2.7:7200");

  /* An image in use stays. */
  {
    g_autoptr(GError) error = NULL;

    g_assert_false (wirelab_lab_remove_image (lab, image, &error));
    g_assert_error (error, WIRELAB_LAB_ERROR, WIRELAB_LAB_ERROR_IN_USE);
  }
}

/* A drag of many nodes over many frames is one step that undoes to where
 * every node started and redoes to where each one ended. */
static void
test_history_big_gesture (void)
{
  g_autoptr(WirelabLab) lab = wirelab_lab_new ();
  WirelabHistory *history = wirelab_lab_get_history (lab);
  g_autoptr(GPtrArray) nodes = g_ptr_array_new ();
  const guint n = 300, frames = 4;
  g_autofree char *label = NULL;
  guint depth, undo_label_changes = 0;

  for (guint i = 0; i < n; i++)
    g_ptr_array_add (nodes, wirelab_lab_create_node (lab, WIRELAB_NODE_KIND_HUB, NULL, i, -1.0 * i, NULL));
  depth = wirelab_history_get_undo_depth (history);
  g_signal_connect_swapped (history, "notify::undo-label", G_CALLBACK (count_notify),
                            &undo_label_changes);

  /* Frame by frame, every node a little further (x and y, or only one). */
  for (guint f = 1; f <= frames; f++)
    for (guint i = 0; i < n; i++)
      {
        WirelabNode *node = g_ptr_array_index (nodes, i);

        if (i % 3 == 0)
          wirelab_node_set_position (node, i + 10.0 * f, -1.0 * i);
        else
          wirelab_node_set_position (node, i + 10.0 * f, -1.0 * i - f);
      }
  g_assert_cmpuint (wirelab_history_get_undo_depth (history), ==, depth + 1);
  label = g_strdup_printf ("Move %u nodes", n);
  g_assert_cmpstr (wirelab_history_get_undo_label (history), ==, label);
  /* "Move HUB1", then one label per count of nodes: not one per move. */
  g_assert_cmpuint (undo_label_changes, <=, n + 1);

  g_assert_true (wirelab_history_undo (history));
  for (guint i = 0; i < n; i++)
    {
      WirelabNode *node = g_ptr_array_index (nodes, i);

      g_assert_cmpfloat (wirelab_node_get_x (node), ==, i);
      g_assert_cmpfloat (wirelab_node_get_y (node), ==, -1.0 * i);
    }
  g_assert_true (wirelab_history_redo (history));
  for (guint i = 0; i < n; i++)
    {
      WirelabNode *node = g_ptr_array_index (nodes, i);

      g_assert_cmpfloat (wirelab_node_get_x (node), ==, i + 10.0 * frames);
      g_assert_cmpfloat (wirelab_node_get_y (node), ==, i % 3 == 0 ? -1.0 * i : -1.0 * i - frames);
    }
  g_assert_cmpstr (wirelab_history_get_undo_label (history), ==, label);

  /* Undone and redone, the step is closed: the next move is a new one. */
  wirelab_node_set_position (g_ptr_array_index (nodes, 0), -5, -5);
  g_assert_cmpuint (wirelab_history_get_undo_depth (history), ==, depth + 2);
  g_assert_cmpstr (wirelab_history_get_undo_label (history), ==, "Move HUB1");
}

/* A group that moves one node twice, then more moves merged into it: undo
 * goes back to the start, redo to the last position (not the group's). */
static void
test_history_merge_repeated (void)
{
  g_autoptr(WirelabLab) lab = wirelab_lab_new ();
  WirelabHistory *history = wirelab_lab_get_history (lab);
  WirelabNode *r1 = wirelab_lab_create_node (lab, WIRELAB_NODE_KIND_ROUTER, NULL, 0, 0, NULL);
  WirelabNode *r2 = wirelab_lab_create_node (lab, WIRELAB_NODE_KIND_ROUTER, NULL, 50, 50, NULL);
  guint depth = wirelab_history_get_undo_depth (history);

  wirelab_history_begin_group (history, NULL);
  wirelab_node_set_position (r1, 1, 1);
  wirelab_node_set_position (r1, 2, 2);
  wirelab_history_end_group (history);
  wirelab_node_set_position (r1, 3, 3);
  wirelab_node_set_position (r2, 60, 60);
  wirelab_node_set_position (r1, 4, 4);
  g_assert_cmpuint (wirelab_history_get_undo_depth (history), ==, depth + 1);
  g_assert_cmpstr (wirelab_history_get_undo_label (history), ==, "Move 2 nodes");

  g_assert_true (wirelab_history_undo (history));
  g_assert_cmpfloat (wirelab_node_get_x (r1), ==, 0);
  g_assert_cmpfloat (wirelab_node_get_y (r1), ==, 0);
  g_assert_cmpfloat (wirelab_node_get_x (r2), ==, 50);
  g_assert_true (wirelab_history_redo (history));
  g_assert_cmpfloat (wirelab_node_get_x (r1), ==, 4);
  g_assert_cmpfloat (wirelab_node_get_y (r1), ==, 4);
  g_assert_cmpfloat (wirelab_node_get_x (r2), ==, 60);
  g_assert_cmpfloat (wirelab_node_get_y (r2), ==, 60);
}

/* Saving ends a gesture: the saved state stays one undo away. */
static void
test_history_moves_and_save (void)
{
  g_autoptr(WirelabLab) lab = wirelab_lab_new ();
  WirelabHistory *history = wirelab_lab_get_history (lab);
  WirelabNode *r1 = wirelab_lab_create_node (lab, WIRELAB_NODE_KIND_ROUTER, NULL, 0, 0, NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("wirelab-test-XXXXXX", &error);
  g_autofree char *path = NULL;
  g_autoptr(GFile) file = NULL;
  g_autofree char *backup = NULL;
  guint depth;

  g_assert_no_error (error);
  path = g_build_filename (dir, "moves.wirelab", NULL);
  backup = g_strconcat (path, ".bak", NULL);
  file = g_file_new_for_path (path);

  wirelab_node_set_position (r1, 1, 1);
  depth = wirelab_history_get_undo_depth (history);
  g_assert_true (wirelab_lab_save_as (lab, file, &error));
  g_assert_no_error (error);
  g_assert_false (wirelab_lab_get_dirty (lab));

  wirelab_node_set_position (r1, 2, 2);
  wirelab_node_set_position (r1, 3, 3);
  g_assert_cmpuint (wirelab_history_get_undo_depth (history), ==, depth + 1);
  g_assert_true (wirelab_lab_get_dirty (lab));
  g_assert_true (wirelab_history_undo (history));
  g_assert_false (wirelab_lab_get_dirty (lab));
  g_assert_cmpfloat (wirelab_node_get_x (r1), ==, 1);
  g_assert_true (wirelab_history_redo (history));
  g_assert_true (wirelab_lab_get_dirty (lab));
  g_assert_cmpfloat (wirelab_node_get_x (r1), ==, 3);

  g_unlink (path);
  g_unlink (backup);
  g_rmdir (dir);
}

/* An undo step on a lab setting must not keep the lab alive: the lab, its
 * history, its nodes and links (and one only the history holds) all go when
 * the last reference is dropped, with steps to undo and to redo. */
static void
test_history_frees_lab (void)
{
  WirelabLab *lab = wirelab_lab_new ();
  WirelabHistory *history = wirelab_lab_get_history (lab);
  WirelabNode *r1, *sw, *gone;
  WirelabLink *link;

  r1 = wirelab_lab_create_node (lab, WIRELAB_NODE_KIND_ROUTER, NULL, 0, 0, NULL);
  sw = wirelab_lab_create_node (lab, WIRELAB_NODE_KIND_ETHSW, NULL, 100, 0, NULL);
  gone = wirelab_lab_create_node (lab, WIRELAB_NODE_KIND_VPCS, NULL, 0, 100, NULL);
  link = wirelab_lab_connect (lab, r1, "FastEthernet0/0", sw, "1", NULL);
  g_assert_nonnull (link);
  wirelab_node_set_position (r1, 10, 20);
  g_assert_true (wirelab_lab_rename_node (lab, sw, "Core", NULL));
  wirelab_lab_remove_node (lab, gone);

  wirelab_lab_set_show_grid (lab, TRUE);
  wirelab_lab_set_grid_size (lab, 50);
  g_object_set (lab, "snap-to-grid", TRUE, "name", "Cycle", NULL);
  wirelab_lab_set_start_delay (lab, 500);
  g_assert_cmpstr (wirelab_history_get_undo_label (history), ==,
                   "Change Delay between starts of the lab");

  /* Lab settings undo and redo through the history all the same. */
  g_assert_true (wirelab_history_undo (history));
  g_assert_cmpuint (wirelab_lab_get_start_delay (lab), ==, 1000);
  g_assert_true (wirelab_history_undo (history));
  g_assert_true (wirelab_history_undo (history));
  g_assert_false (wirelab_lab_get_snap_to_grid (lab));
  g_assert_cmpstr (wirelab_lab_get_name (lab), ==, "Untitled");
  g_assert_true (wirelab_history_undo (history));
  g_assert_cmpuint (wirelab_lab_get_grid_size (lab), ==, 75);
  g_assert_true (wirelab_history_redo (history));
  g_assert_true (wirelab_history_redo (history));
  g_assert_true (wirelab_history_redo (history));
  g_assert_cmpuint (wirelab_lab_get_grid_size (lab), ==, 50);
  g_assert_true (wirelab_lab_get_snap_to_grid (lab));
  g_assert_cmpstr (wirelab_lab_get_name (lab), ==, "Cycle");
  g_assert_true (wirelab_history_can_undo (history));
  g_assert_true (wirelab_history_can_redo (history));

  g_object_add_weak_pointer (G_OBJECT (history), (gpointer *) &history);
  g_object_add_weak_pointer (G_OBJECT (r1), (gpointer *) &r1);
  g_object_add_weak_pointer (G_OBJECT (sw), (gpointer *) &sw);
  g_object_add_weak_pointer (G_OBJECT (gone), (gpointer *) &gone);
  g_object_add_weak_pointer (G_OBJECT (link), (gpointer *) &link);

  g_assert_finalize_object (lab);
  g_assert_null (history);
  g_assert_null (r1);
  g_assert_null (sw);
  g_assert_null (gone);
  g_assert_null (link);
}

/* A history someone keeps past its lab lets the lab's objects go and does
 * nothing when asked to undo. */
static void
test_history_outlives_lab (void)
{
  WirelabLab *lab = wirelab_lab_new ();
  g_autoptr(WirelabHistory) history = g_object_ref (wirelab_lab_get_history (lab));
  WirelabNode *r1 = wirelab_lab_create_node (lab, WIRELAB_NODE_KIND_ROUTER, NULL, 0, 0, NULL);

  wirelab_lab_set_show_grid (lab, TRUE);
  wirelab_node_set_position (r1, 5, 5);
  g_object_add_weak_pointer (G_OBJECT (r1), (gpointer *) &r1);
  g_assert_finalize_object (lab);
  g_assert_null (r1);

  g_assert_false (wirelab_history_can_undo (history));
  g_assert_false (wirelab_history_undo (history));
  g_assert_false (wirelab_history_redo (history));
  g_assert_null (wirelab_history_get_undo_label (history));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/lab/model/new", test_new_lab);
  g_test_add_func ("/lab/model/default-names", test_default_names);
  g_test_add_func ("/lab/model/rename-checks", test_rename_checks);
  g_test_add_func ("/lab/model/interfaces", test_interfaces);
  g_test_add_func ("/lab/model/interfaces-notify", test_interfaces_notify);
  g_test_add_func ("/lab/model/interfaces-follow", test_interfaces_follow);
  g_test_add_func ("/lab/model/links", test_links);
  g_test_add_func ("/lab/history/remove-node", test_remove_node_and_undo);
  g_test_add_func ("/lab/history/properties", test_history_properties);
  g_test_add_func ("/lab/history/moves", test_history_moves);
  g_test_add_func ("/lab/history/group-and-dirty", test_history_group_and_dirty);
  g_test_add_func ("/lab/history/big-gesture", test_history_big_gesture);
  g_test_add_func ("/lab/history/merge-repeated", test_history_merge_repeated);
  g_test_add_func ("/lab/history/moves-and-save", test_history_moves_and_save);
  g_test_add_func ("/lab/history/frees-lab", test_history_frees_lab);
  g_test_add_func ("/lab/history/outlives-lab", test_history_outlives_lab);

  return g_test_run ();
}
