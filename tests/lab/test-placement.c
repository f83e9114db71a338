/* test-placement.c: the memory rule, limits, pinned nodes, switches and PCs
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include "config.h"

#include <glib.h>
#include <string.h>

#include "wirelab/wirelab.h"
#include "lab/wl-placement.h"

typedef struct
{
  WirelabLab *lab;
  GPtrArray  *hvs;   /* WlPlaceHv* */
} Fixture;

static WlPlaceHv *
add_hv (Fixture    *f,
        const char *id,
        guint       limit_mb)
{
  WlPlaceHv *p = g_new0 (WlPlaceHv, 1);

  if (g_strcmp0 (id, "local") != 0)
    {
      g_autoptr(WirelabHypervisorConfig) c = wirelab_hypervisor_config_new (id, "192.0.2.1", 7200);

      g_assert_true (wirelab_lab_add_hypervisor (f->lab, c, NULL));
    }
  p->config = wirelab_lab_find_hypervisor (f->lab, id);
  p->available = TRUE;
  p->this_machine = g_str_equal (id, "local");
  p->limit_mb = limit_mb;
  g_ptr_array_add (f->hvs, p);
  return p;
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  f->lab = wirelab_lab_new ();
  f->hvs = g_ptr_array_new_with_free_func (g_free);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_ptr_array_unref (f->hvs);
  g_object_unref (f->lab);
}

static GPtrArray *
all_nodes (Fixture *f)
{
  GListModel *nodes = wirelab_lab_get_nodes (f->lab);
  GPtrArray *out = g_ptr_array_new ();

  for (guint i = 0; i < g_list_model_get_n_items (nodes); i++)
    {
      g_autoptr(WirelabNode) n = g_list_model_get_item (nodes, i);

      g_ptr_array_add (out, n);
    }
  return out;
}

static const char *
placed_on (GHashTable  *out,
           WirelabNode *node)
{
  WlPlaceHv *p = g_hash_table_lookup (out, node);

  return p != NULL ? wirelab_hypervisor_config_get_id (p->config) : NULL;
}

static WirelabImage *
bound_image (Fixture  *f,
             gboolean  manager)
{
  WirelabImage *image = wirelab_lab_find_image (f->lab, WIRELAB_DEFAULT_IMAGE_ID);
  const char *bound[] = { "a", "b", "c", NULL };

  wirelab_image_set_hypervisors (image, bound);
  wirelab_image_set_use_manager (image, manager);
  wirelab_image_set_ram (image, 128);
  return image;
}

/* Bound hypervisors: the least RAM placed that has room, ties in lab order. */
static void
test_least_ram (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GPtrArray) nodes = NULL;
  g_autoptr(GHashTable) out = g_hash_table_new (NULL, NULL);
  const char *expect[] = { "a", "b", "c", "a", "b", "c" };
  WlPlaceHv *a;

  add_hv (f, "local", 10000);
  a = add_hv (f, "a", G_MAXUINT);
  add_hv (f, "b", G_MAXUINT);
  add_hv (f, "c", G_MAXUINT);
  bound_image (f, FALSE);
  for (guint i = 0; i < 6; i++)
    wirelab_lab_create_node (f->lab, WIRELAB_NODE_KIND_ROUTER, NULL, 0, 0, NULL);
  nodes = all_nodes (f);

  g_assert_true (wl_place_nodes (f->lab, f->hvs, nodes, out, NULL));
  for (guint i = 0; i < 6; i++)
    g_assert_cmpstr (placed_on (out, g_ptr_array_index (nodes, i)), ==, expect[i]);
  g_assert_cmpuint (a->placed_mb, ==, 256);
  g_assert_cmpuint (a->node_count, ==, 2);

  /* A bigger router on "a" shifts the balance. */
  g_hash_table_remove_all (out);
  a->placed_mb = 1000;
  ((WlPlaceHv *) g_ptr_array_index (f->hvs, 2))->placed_mb = 0;
  ((WlPlaceHv *) g_ptr_array_index (f->hvs, 3))->placed_mb = 100;
  g_ptr_array_set_size (nodes, 1);
  g_assert_true (wl_place_nodes (f->lab, f->hvs, nodes, out, NULL));
  g_assert_cmpstr (placed_on (out, g_ptr_array_index (nodes, 0)), ==, "b");
}

/* "Let Wirelab place it": local first, then the bound ones when full. */
static void
test_local_first_then_spill (Fixture       *f,
                             gconstpointer  data)
{
  g_autoptr(GPtrArray) nodes = NULL;
  g_autoptr(GHashTable) out = g_hash_table_new (NULL, NULL);
  const char *expect[] = { "local", "local", "a", "b", "c", "a" };
  WlPlaceHv *local;

  local = add_hv (f, "local", 300);
  add_hv (f, "a", G_MAXUINT);
  add_hv (f, "b", G_MAXUINT);
  add_hv (f, "c", G_MAXUINT);
  bound_image (f, TRUE);
  for (guint i = 0; i < 6; i++)
    wirelab_lab_create_node (f->lab, WIRELAB_NODE_KIND_ROUTER, NULL, 0, 0, NULL);
  nodes = all_nodes (f);

  g_assert_true (wl_place_nodes (f->lab, f->hvs, nodes, out, NULL));
  for (guint i = 0; i < 6; i++)
    g_assert_cmpstr (placed_on (out, g_ptr_array_index (nodes, i)), ==, expect[i]);
  g_assert_cmpuint (local->placed_mb, ==, 256);
}

/* No room anywhere: a clear error and nothing placed. */
static void
test_no_room (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(GPtrArray) nodes = NULL;
  g_autoptr(GHashTable) out = g_hash_table_new (NULL, NULL);
  g_autoptr(GError) error = NULL;
  WlPlaceHv *local, *a;

  local = add_hv (f, "local", 200);
  a = add_hv (f, "a", 300);
  add_hv (f, "b", 100);
  add_hv (f, "c", 0);
  bound_image (f, TRUE);
  for (guint i = 0; i < 4; i++)
    wirelab_lab_create_node (f->lab, WIRELAB_NODE_KIND_ROUTER, NULL, 0, 0, NULL);
  nodes = all_nodes (f);

  /* local takes 1, a takes 2, the 4th fits nowhere. */
  g_assert_false (wl_place_nodes (f->lab, f->hvs, nodes, out, &error));
  g_assert_error (error, WIRELAB_LAB_ERROR, WIRELAB_LAB_ERROR_NO_ROOM);
  g_assert_nonnull (strstr (error->message, "No hypervisor has room for R4 (128 MB)"));
  g_assert_nonnull (strstr (error->message, "Local 128 of 200 MB placed"));
  g_assert_cmpuint (g_hash_table_size (out), ==, 0);
  g_assert_cmpuint (local->placed_mb, ==, 0);
  g_assert_cmpuint (a->placed_mb, ==, 0);

  /* Three fit. */
  g_ptr_array_set_size (nodes, 3);
  g_assert_true (wl_place_nodes (f->lab, f->hvs, nodes, out, NULL));
  g_assert_cmpuint (local->placed_mb, ==, 128);
  g_assert_cmpuint (a->placed_mb, ==, 256);
}

/* Saved placements stay; offline hypervisors are errors, not surprises. */
static void
test_pinned_and_offline (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(GPtrArray) nodes = NULL;
  g_autoptr(GHashTable) out = g_hash_table_new (NULL, NULL);
  g_autoptr(GError) error = NULL;
  WlPlaceHv *b;
  WirelabNode *r1, *r2;

  add_hv (f, "local", 10000);
  add_hv (f, "a", G_MAXUINT);
  b = add_hv (f, "b", G_MAXUINT);
  add_hv (f, "c", G_MAXUINT);
  bound_image (f, FALSE);
  r1 = wirelab_lab_create_node (f->lab, WIRELAB_NODE_KIND_ROUTER, NULL, 0, 0, NULL);
  r2 = wirelab_lab_create_node (f->lab, WIRELAB_NODE_KIND_ROUTER, NULL, 0, 0, NULL);
  wirelab_node_set_hypervisor_id (r2, "c");
  nodes = all_nodes (f);

  /* r2 counts on c first, so r1 goes to a (tie a/b in lab order). */
  g_assert_true (wl_place_nodes (f->lab, f->hvs, nodes, out, NULL));
  g_assert_cmpstr (placed_on (out, r1), ==, "a");
  g_assert_cmpstr (placed_on (out, r2), ==, "c");

  g_hash_table_remove_all (out);
  wirelab_node_set_hypervisor_id (r2, "b");
  b->available = FALSE;
  g_assert_false (wl_place_nodes (f->lab, f->hvs, nodes, out, &error));
  g_assert_error (error, WIRELAB_LAB_ERROR, WIRELAB_LAB_ERROR_NOT_CONNECTED);
  g_assert_nonnull (strstr (error->message, "R2 is placed on hypervisor"));

  /* Every bound hypervisor offline. */
  g_clear_error (&error);
  wirelab_node_set_hypervisor_id (r2, "");
  for (guint i = 1; i < 4; i++)
    ((WlPlaceHv *) g_ptr_array_index (f->hvs, i))->available = FALSE;
  g_assert_false (wl_place_nodes (f->lab, f->hvs, nodes, out, &error));
  g_assert_error (error, WIRELAB_LAB_ERROR, WIRELAB_LAB_ERROR_NOT_CONNECTED);
  g_assert_nonnull (strstr (error->message, "not connected"));
}

/* Switches follow their routers, PCs stay on this machine. */
static void
test_switches_and_pcs (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(GPtrArray) nodes = NULL;
  g_autoptr(GHashTable) out = g_hash_table_new (NULL, NULL);
  g_autoptr(GError) error = NULL;
  WirelabNode *r1, *r2, *r3, *sw, *lonely, *pc;

  add_hv (f, "local", 10000);
  add_hv (f, "a", G_MAXUINT);
  add_hv (f, "b", G_MAXUINT);
  r1 = wirelab_lab_create_node (f->lab, WIRELAB_NODE_KIND_ROUTER, NULL, 0, 0, NULL);
  r2 = wirelab_lab_create_node (f->lab, WIRELAB_NODE_KIND_ROUTER, NULL, 0, 0, NULL);
  r3 = wirelab_lab_create_node (f->lab, WIRELAB_NODE_KIND_ROUTER, NULL, 0, 0, NULL);
  sw = wirelab_lab_create_node (f->lab, WIRELAB_NODE_KIND_ETHSW, NULL, 0, 0, NULL);
  lonely = wirelab_lab_create_node (f->lab, WIRELAB_NODE_KIND_HUB, NULL, 0, 0, NULL);
  pc = wirelab_lab_create_node (f->lab, WIRELAB_NODE_KIND_VPCS, NULL, 0, 0, NULL);
  wirelab_node_set_hypervisor_id (r1, "a");
  wirelab_node_set_hypervisor_id (r2, "b");
  wirelab_node_set_hypervisor_id (r3, "b");
  g_assert_nonnull (wirelab_lab_connect (f->lab, r1, "FastEthernet0/0", sw, "1", NULL));
  g_assert_nonnull (wirelab_lab_connect (f->lab, r2, "FastEthernet0/0", sw, "2", NULL));
  g_assert_nonnull (wirelab_lab_connect (f->lab, r3, "FastEthernet0/0", sw, "3", NULL));
  g_assert_nonnull (wirelab_lab_connect (f->lab, pc, "e0", sw, "4", NULL));
  nodes = all_nodes (f);

  g_assert_true (wl_place_nodes (f->lab, f->hvs, nodes, out, NULL));
  g_assert_cmpstr (placed_on (out, sw), ==, "b");
  g_assert_cmpstr (placed_on (out, lonely), ==, "local");
  g_assert_cmpstr (placed_on (out, pc), ==, "local");

  /* A PC pinned to another host is refused. */
  g_hash_table_remove_all (out);
  wirelab_node_set_hypervisor_id (pc, "a");
  g_assert_false (wl_place_nodes (f->lab, f->hvs, nodes, out, &error));
  g_assert_error (error, WIRELAB_LAB_ERROR, WIRELAB_LAB_ERROR_UNSUPPORTED);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("/lab/placement/least-ram", test_least_ram);
  ADD ("/lab/placement/local-first-then-spill", test_local_first_then_spill);
  ADD ("/lab/placement/no-room", test_no_room);
  ADD ("/lab/placement/pinned-and-offline", test_pinned_and_offline);
  ADD ("/lab/placement/switches-and-pcs", test_switches_and_pcs);
#undef ADD

  return g_test_run ();
}
