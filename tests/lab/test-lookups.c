/* test-lookups.c: the lab's lookups (by id, by name, links at an
 * interface, free interfaces, default names, instance ids) against a scan
 * of its lists, through every kind of edit, undo, redo, rename, removal
 * and reload
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include "config.h"

#include <glib.h>

#include "wirelab/wirelab.h"
#include "lab/wl-lab-private.h"

static const char *const prefixes[] = { "R", "SW", "HUB", "FR", "PC" };

/* ---- the answers a scan of the lists gives ---- */

static WirelabNode *
scan_node (WirelabLab *lab,
           const char *id,
           const char *name)
{
  GListModel *nodes = wirelab_lab_get_nodes (lab);

  for (guint i = 0; i < g_list_model_get_n_items (nodes); i++)
    {
      g_autoptr(WirelabNode) node = g_list_model_get_item (nodes, i);

      if ((id != NULL && g_str_equal (wirelab_node_get_id (node), id)) ||
          (name != NULL && g_str_equal (wirelab_node_get_name (node), name)))
        return node;
    }
  return NULL;
}

static WirelabLink *
scan_link_at (WirelabLab  *lab,
              WirelabNode *node,
              const char  *iface)
{
  GListModel *links = wirelab_lab_get_links (lab);

  for (guint i = 0; i < g_list_model_get_n_items (links); i++)
    {
      g_autoptr(WirelabLink) link = g_list_model_get_item (links, i);

      if (wirelab_link_find_end (link, wirelab_node_get_id (node), iface) >= 0)
        return link;
    }
  return NULL;
}

static char *
scan_default_name (WirelabLab *lab,
                   guint       kind)
{
  for (guint n = 1;; n++)
    {
      g_autofree char *name = g_strdup_printf ("%s%u", prefixes[kind], n);

      if (scan_node (lab, NULL, name) == NULL)
        return g_steal_pointer (&name);
    }
}

/* How many nodes but except have this instance id. */
static guint
scan_instance_users (WirelabLab  *lab,
                     guint        id,
                     WirelabNode *except)
{
  GListModel *nodes = wirelab_lab_get_nodes (lab);
  guint count = 0;

  for (guint i = 0; i < g_list_model_get_n_items (nodes); i++)
    {
      g_autoptr(WirelabNode) node = g_list_model_get_item (nodes, i);

      count += node != except && wirelab_node_get_instance_id (node) == id;
    }
  return count;
}

static guint
scan_next_instance_id (WirelabLab  *lab,
                       WirelabNode *except)
{
  GListModel *nodes = wirelab_lab_get_nodes (lab);
  g_autoptr(GHashTable) used = g_hash_table_new (NULL, NULL);
  guint id = 1;

  for (guint i = 0; i < g_list_model_get_n_items (nodes); i++)
    {
      g_autoptr(WirelabNode) node = g_list_model_get_item (nodes, i);

      if (node != except)
        g_hash_table_add (used, GUINT_TO_POINTER (wirelab_node_get_instance_id (node)));
    }
  while (g_hash_table_contains (used, GUINT_TO_POINTER (id)))
    id++;
  return id;
}

/* Every lookup of the lab agrees with a scan; names and ids of objects
 * that left the lab (kept in `gone`) are not found. */
static void
check_lookups (WirelabLab *lab,
               GPtrArray  *gone)
{
  GListModel *nodes = wirelab_lab_get_nodes (lab);
  GListModel *links = wirelab_lab_get_links (lab);
  GListModel *hvs = wirelab_lab_get_hypervisors (lab);
  GListModel *images = wirelab_lab_get_images (lab);

  for (guint i = 0; i < g_list_model_get_n_items (hvs); i++)
    {
      g_autoptr(WirelabHypervisorConfig) h = g_list_model_get_item (hvs, i);

      g_assert_true (wirelab_lab_find_hypervisor (lab, wirelab_hypervisor_config_get_id (h)) == h);
    }
  for (guint i = 0; i < g_list_model_get_n_items (images); i++)
    {
      g_autoptr(WirelabImage) image = g_list_model_get_item (images, i);

      g_assert_true (wirelab_lab_find_image (lab, wirelab_image_get_id (image)) == image);
    }

  for (guint i = 0; i < g_list_model_get_n_items (nodes); i++)
    {
      g_autoptr(WirelabNode) node = g_list_model_get_item (nodes, i);
      g_auto(GStrv) ifaces = wirelab_node_dup_interfaces (node);
      g_autoptr(GPtrArray) of = wirelab_lab_list_links_of (lab, node);
      g_autofree char *free_if = wirelab_lab_dup_free_interface (lab, node);
      const char *scan_free = NULL;
      guint n_of = 0;

      guint instance = wirelab_node_get_instance_id (node);

      g_assert_true (wirelab_lab_find_node (lab, wirelab_node_get_id (node)) == node);
      g_assert_true (wirelab_lab_find_node_by_name (lab, wirelab_node_get_name (node)) ==
                     scan_node (lab, NULL, wirelab_node_get_name (node)));
      /* Instance ids (0 is none), seen by the node itself and by others. */
      if (instance != 0)
        g_assert_cmpint (_wirelab_lab_instance_id_taken (lab, instance, node), ==,
                         scan_instance_users (lab, instance, node) > 0);
      g_assert_cmpint (_wirelab_lab_instance_id_taken (lab, instance + 1, NULL), ==,
                       scan_instance_users (lab, instance + 1, NULL) > 0);
      g_assert_cmpuint (_wirelab_lab_next_instance_id (lab, node), ==, scan_next_instance_id (lab, node));
      for (guint j = 0; ifaces[j] != NULL; j++)
        {
          WirelabLink *at = scan_link_at (lab, node, ifaces[j]);

          g_assert_true (wirelab_lab_find_link_at (lab, node, ifaces[j]) == at);
          g_assert_cmpint (wirelab_lab_interface_is_free (lab, node, ifaces[j]), ==, at == NULL);
          if (at == NULL && scan_free == NULL)
            scan_free = ifaces[j];
        }
      g_assert_null (wirelab_lab_find_link_at (lab, node, "Nowhere9/9"));
      g_assert_cmpstr (free_if, ==, scan_free);

      /* The node's links, in the list's order. */
      for (guint j = 0; j < g_list_model_get_n_items (links); j++)
        {
          g_autoptr(WirelabLink) link = g_list_model_get_item (links, j);

          if (wirelab_link_find_end (link, wirelab_node_get_id (node), NULL) < 0)
            continue;
          g_assert_cmpuint (n_of, <, of->len);
          g_assert_true (g_ptr_array_index (of, n_of) == link);
          n_of++;
        }
      g_assert_cmpuint (n_of, ==, of->len);
    }

  for (guint i = 0; i < g_list_model_get_n_items (links); i++)
    {
      g_autoptr(WirelabLink) link = g_list_model_get_item (links, i);

      g_assert_true (wirelab_lab_find_link (lab, wirelab_link_get_id (link)) == link);
    }

  for (guint i = 0; gone != NULL && i < gone->len; i++)
    {
      GObject *object = g_ptr_array_index (gone, i);

      if (WIRELAB_IS_NODE (object))
        {
          WirelabNode *node = WIRELAB_NODE (object);

          g_assert_true (wirelab_lab_find_node (lab, wirelab_node_get_id (node)) ==
                         scan_node (lab, wirelab_node_get_id (node), NULL));
          g_assert_true (wirelab_lab_find_node_by_name (lab, wirelab_node_get_name (node)) ==
                         scan_node (lab, NULL, wirelab_node_get_name (node)));
        }
      else if (WIRELAB_IS_LINK (object))
        {
          WirelabLink *link = WIRELAB_LINK (object);
          WirelabLink *found = wirelab_lab_find_link (lab, wirelab_link_get_id (link));

          g_assert_true (found == NULL || found == link);
          g_assert_cmpint (found != NULL, ==,
                           g_list_store_find (G_LIST_STORE (links), link, NULL));
        }
    }

  g_assert_cmpuint (_wirelab_lab_next_instance_id (lab, NULL), ==, scan_next_instance_id (lab, NULL));
  for (guint k = 0; k < G_N_ELEMENTS (prefixes); k++)
    {
      g_autofree char *name = wirelab_lab_dup_default_name (lab, k);
      g_autofree char *expect = scan_default_name (lab, k);

      g_assert_cmpstr (name, ==, expect);
    }
}

/* ---- explicit cases ---- */

static void
test_names (void)
{
  g_autoptr(WirelabLab) lab = wirelab_lab_new ();
  WirelabHistory *history = wirelab_lab_get_history (lab);
  WirelabNode *r1, *r2, *sw1;
  g_autofree char *name = NULL;

  r1 = wirelab_lab_create_node (lab, WIRELAB_NODE_KIND_ROUTER, NULL, 0, 0, NULL);
  r2 = wirelab_lab_create_node (lab, WIRELAB_NODE_KIND_ROUTER, NULL, 0, 0, NULL);
  sw1 = wirelab_lab_create_node (lab, WIRELAB_NODE_KIND_ETHSW, NULL, 0, 0, NULL);

  /* A renamed default name is free again; a default name taken by a
   * node of another kind is not. */
  g_assert_true (wirelab_lab_rename_node (lab, r1, "Core", NULL));
  g_assert_null (wirelab_lab_find_node_by_name (lab, "R1"));
  g_assert_true (wirelab_lab_find_node_by_name (lab, "Core") == r1);
  name = wirelab_lab_dup_default_name (lab, WIRELAB_NODE_KIND_ROUTER);
  g_assert_cmpstr (name, ==, "R1");
  g_assert_true (wirelab_lab_rename_node (lab, sw1, "R1", NULL));
  g_clear_pointer (&name, g_free);
  name = wirelab_lab_dup_default_name (lab, WIRELAB_NODE_KIND_ROUTER);
  g_assert_cmpstr (name, ==, "R3");
  g_clear_pointer (&name, g_free);
  name = wirelab_lab_dup_default_name (lab, WIRELAB_NODE_KIND_ETHSW);
  g_assert_cmpstr (name, ==, "SW1");
  check_lookups (lab, NULL);

  /* Undo brings the names back, in the index too. */
  g_assert_true (wirelab_history_undo (history));
  g_assert_true (wirelab_lab_find_node_by_name (lab, "SW1") == sw1);
  g_assert_null (wirelab_lab_find_node_by_name (lab, "R1"));
  g_assert_true (wirelab_history_undo (history));
  g_assert_true (wirelab_lab_find_node_by_name (lab, "R1") == r1);
  g_assert_null (wirelab_lab_find_node_by_name (lab, "Core"));
  check_lookups (lab, NULL);
  g_assert_true (wirelab_history_redo (history));
  g_assert_true (wirelab_lab_find_node_by_name (lab, "Core") == r1);
  check_lookups (lab, NULL);

  /* Names set directly may clash (validation reports it): the first node
   * in the list answers, and the other one once the first has gone. */
  wirelab_node_set_name (r2, "Core");
  g_assert_true (wirelab_lab_find_node_by_name (lab, "Core") == r1);
  g_assert_false (wirelab_lab_validate (lab, NULL));
  check_lookups (lab, NULL);
  wirelab_lab_remove_node (lab, r1);
  g_assert_true (wirelab_lab_find_node_by_name (lab, "Core") == r2);
  g_assert_true (wirelab_history_undo (history));
  g_assert_true (wirelab_lab_find_node_by_name (lab, "Core") == r1);
  check_lookups (lab, NULL);

  /* Odd names that look almost like default ones. */
  wirelab_node_set_name (r2, "R01");
  g_clear_pointer (&name, g_free);
  name = wirelab_lab_dup_default_name (lab, WIRELAB_NODE_KIND_ROUTER);
  g_assert_cmpstr (name, ==, "R1");
  wirelab_node_set_name (r2, "R4294967295");
  wirelab_node_set_name (r2, "R99999999999999999999");
  wirelab_node_set_name (r2, "R2");
  check_lookups (lab, NULL);
}

static void
test_instance_ids (void)
{
  g_autoptr(WirelabLab) lab = wirelab_lab_new ();
  WirelabHistory *history = wirelab_lab_get_history (lab);
  WirelabNode *r[4];
  g_autoptr(WirelabNode) extra = wirelab_node_new (WIRELAB_NODE_KIND_VPCS, NULL);
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (r); i++)
    r[i] = wirelab_lab_create_node (lab, WIRELAB_NODE_KIND_ROUTER, NULL, 0, 0, NULL);
  g_assert_cmpuint (wirelab_node_get_instance_id (r[3]), ==, 4);

  /* A freed id is given again, lowest first. */
  wirelab_lab_remove_node (lab, r[2]);
  wirelab_lab_remove_node (lab, r[1]);
  {
    WirelabNode *pc = wirelab_lab_create_node (lab, WIRELAB_NODE_KIND_VPCS, NULL, 0, 0, NULL);

    g_assert_cmpuint (wirelab_node_get_instance_id (pc), ==, 2);
  }

  /* Set directly to a used one: taken, and a node added later skips it. */
  wirelab_node_set_instance_id (r[3], 1);
  wirelab_node_set_instance_id (extra, 1);
  g_assert_false (wirelab_lab_add_node (lab, extra, &error));
  g_assert_error (error, WIRELAB_LAB_ERROR, WIRELAB_LAB_ERROR_INVALID);
  wirelab_node_set_instance_id (extra, 0);
  g_assert_true (wirelab_lab_add_node (lab, extra, NULL));
  g_assert_cmpuint (wirelab_node_get_instance_id (extra), ==, 3);

  /* An id freed and taken again comes back with an undo. */
  wirelab_node_set_instance_id (r[3], 4);
  wirelab_lab_remove_node (lab, r[3]);
  {
    WirelabNode *pc = wirelab_lab_create_node (lab, WIRELAB_NODE_KIND_VPCS, NULL, 0, 0, NULL);

    g_assert_cmpuint (wirelab_node_get_instance_id (pc), ==, 4);
    g_assert_true (wirelab_history_undo (history));
    g_assert_true (wirelab_history_undo (history));
  }
  g_assert_cmpuint (wirelab_node_get_instance_id (r[3]), ==, 4);
  g_assert_cmpuint (scan_next_instance_id (lab, NULL), ==, 5);
  {
    WirelabNode *pc = wirelab_lab_create_node (lab, WIRELAB_NODE_KIND_VPCS, NULL, 0, 0, NULL);

    g_assert_cmpuint (wirelab_node_get_instance_id (pc), ==, 5);
  }
  g_assert_true (wirelab_lab_validate (lab, NULL));
  check_lookups (lab, NULL);
}

static void
on_name_notify (WirelabNode *node,
                GParamSpec  *pspec,
                WirelabLab  *lab)
{
  g_assert_true (wirelab_lab_find_node_by_name (lab, wirelab_node_get_name (node)) == node);
}

static void
on_nodes_changed (GListModel *nodes,
                  guint       position,
                  guint       removed,
                  guint       added,
                  WirelabLab *lab)
{
  for (guint i = position; i < position + added; i++)
    {
      g_autoptr(WirelabNode) node = g_list_model_get_item (nodes, i);

      g_assert_true (wirelab_lab_find_node (lab, wirelab_node_get_id (node)) == node);
      g_assert_true (wirelab_lab_find_node_by_name (lab, wirelab_node_get_name (node)) == node);
    }
  if (removed > 0)
    g_assert_cmpuint (g_list_model_get_n_items (nodes), ==, 0);
}

/* Handlers of the lab's signals see lookups that match the lists. */
static void
test_during_signals (void)
{
  g_autoptr(WirelabLab) lab = wirelab_lab_new ();
  WirelabHistory *history = wirelab_lab_get_history (lab);
  WirelabNode *r1;

  g_signal_connect (wirelab_lab_get_nodes (lab), "items-changed", G_CALLBACK (on_nodes_changed), lab);
  r1 = wirelab_lab_create_node (lab, WIRELAB_NODE_KIND_ROUTER, NULL, 0, 0, NULL);
  g_signal_connect (r1, "notify::name", G_CALLBACK (on_name_notify), lab);
  g_assert_true (wirelab_lab_rename_node (lab, r1, "Edge", NULL));
  g_object_set (r1, "name", "Edge 2", "ram", 256, NULL);
  g_assert_true (wirelab_history_undo (history));
  g_assert_true (wirelab_history_undo (history));
  g_assert_true (wirelab_lab_find_node_by_name (lab, "Edge") == r1);
  wirelab_lab_remove_node (lab, r1);
  g_assert_null (wirelab_lab_find_node_by_name (lab, "Edge"));
  g_assert_true (wirelab_history_undo (history));
  g_assert_true (wirelab_lab_find_node_by_name (lab, "Edge") == r1);
  check_lookups (lab, NULL);
}

/* ---- random edits ---- */

static WirelabNode *
random_node (WirelabLab *lab)
{
  GListModel *nodes = wirelab_lab_get_nodes (lab);
  guint n = g_list_model_get_n_items (nodes);
  g_autoptr(WirelabNode) node = NULL;

  if (n == 0)
    return NULL;
  node = g_list_model_get_item (nodes, g_test_rand_int_range (0, n));
  return node;   /* the lab keeps it */
}

static void
random_edit (WirelabLab *lab,
             GPtrArray  *gone)
{
  WirelabHistory *history = wirelab_lab_get_history (lab);
  GListModel *links = wirelab_lab_get_links (lab);
  WirelabNode *a = random_node (lab), *b = random_node (lab);

  switch (g_test_rand_int_range (0, 14))
    {
    case 0:
    case 1:
    case 2:
      g_assert_nonnull (wirelab_lab_create_node (lab, g_test_rand_int_range (0, 5), NULL,
                                                 g_test_rand_int_range (0, 1000), 0, NULL));
      break;
    case 3:
    case 4:
    case 12:
    case 13:
      if (a != NULL && b != NULL)
        {
          g_autofree char *ia = wirelab_lab_dup_free_interface (lab, a);
          g_autofree char *ib = wirelab_lab_dup_free_interface (lab, b);

          if (ia != NULL && ib != NULL)
            wirelab_lab_connect (lab, a, ia, b, ib, NULL);
        }
      break;
    case 5:
      if (a != NULL)
        {
          g_ptr_array_add (gone, g_object_ref (a));
          wirelab_lab_remove_node (lab, a);
        }
      break;
    case 6:
      if (g_list_model_get_n_items (links) > 0)
        {
          g_autoptr(WirelabLink) link =
            g_list_model_get_item (links, g_test_rand_int_range (0, g_list_model_get_n_items (links)));

          g_ptr_array_add (gone, g_object_ref (link));
          wirelab_lab_remove_link (lab, link);
        }
      break;
    case 7:
      if (a != NULL && b != NULL)
        {
          /* Half the time a clash (refused), else a default-looking name. */
          g_autofree char *name = g_test_rand_bit ()
                                  ? g_strdup (wirelab_node_get_name (b))
                                  : g_strdup_printf ("%s%d", prefixes[g_test_rand_int_range (0, 5)],
                                                     g_test_rand_int_range (1, 8));

          wirelab_lab_rename_node (lab, a, name, NULL);
        }
      break;
    case 8:
      wirelab_history_undo (history);
      break;
    case 9:
      wirelab_history_redo (history);
      break;
    case 10:
      if (a != NULL)
        {
          /* Grouped edits, and a move. */
          wirelab_history_begin_group (history, "Group");
          wirelab_node_set_position (a, 5, 5);
          g_assert_nonnull (wirelab_lab_create_node (lab, WIRELAB_NODE_KIND_VPCS, NULL, 0, 0, NULL));
          if (b != NULL && b != a)
            {
              g_ptr_array_add (gone, g_object_ref (b));
              wirelab_lab_remove_node (lab, b);
            }
          wirelab_history_end_group (history);
        }
      break;
    case 11:
    default:
      if (a != NULL && wirelab_node_get_kind (a) == WIRELAB_NODE_KIND_HUB)
        wirelab_node_set_port_count (a, g_test_rand_int_range (1, 9));
      else if (a != NULL && wirelab_node_get_kind (a) == WIRELAB_NODE_KIND_ROUTER)
        wirelab_node_set_instance_id (a, g_test_rand_int_range (1, 20));
      break;
    }
}

static void
test_random_edits (void)
{
  g_autoptr(WirelabLab) lab = wirelab_lab_new ();
  g_autoptr(GPtrArray) gone = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < 600; i++)
    {
      random_edit (lab, gone);
      check_lookups (lab, gone);
    }

  g_test_message ("%u nodes, %u links, %u undo steps, %u objects gone",
                  g_list_model_get_n_items (wirelab_lab_get_nodes (lab)),
                  g_list_model_get_n_items (wirelab_lab_get_links (lab)),
                  wirelab_history_get_undo_depth (wirelab_lab_get_history (lab)), gone->len);
  /* Back and forth through the whole history. */
  while (wirelab_history_undo (wirelab_lab_get_history (lab)))
    ;
  check_lookups (lab, gone);
  while (wirelab_history_redo (wirelab_lab_get_history (lab)))
    ;
  check_lookups (lab, gone);

  /* Saved and loaded again, once the lab is valid: instance ids set at
   * random may clash, hubs made smaller may leave links on ports they no
   * longer have. */
  {
    GListModel *nodes = wirelab_lab_get_nodes (lab);
    GListModel *links = wirelab_lab_get_links (lab);
    g_autoptr(GPtrArray) back_gone = g_ptr_array_new_with_free_func (g_object_unref);
    g_autofree char *data = NULL;
    g_autoptr(WirelabLab) back = NULL;
    g_autoptr(GError) error = NULL;

    for (guint i = 0; i < g_list_model_get_n_items (nodes); i++)
      {
        g_autoptr(WirelabNode) node = g_list_model_get_item (nodes, i);

        if (wirelab_node_get_instance_id (node) != 0)
          wirelab_node_set_instance_id (node, 1000 + i);
      }
    for (guint i = g_list_model_get_n_items (links); i > 0; i--)
      {
        g_autoptr(WirelabLink) link = g_list_model_get_item (links, i - 1);

        for (guint e = 0; e < 2; e++)
          if (!wirelab_node_has_interface (wirelab_lab_find_node (lab, wirelab_link_get_node_id (link, e)),
                                           wirelab_link_get_interface (link, e)))
            {
              wirelab_lab_remove_link (lab, link);
              break;
            }
      }
    check_lookups (lab, gone);
    g_assert_true (wirelab_lab_validate (lab, NULL));
    data = wirelab_lab_to_data (lab, NULL);
    back = wirelab_lab_load_from_data (data, -1, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (g_list_model_get_n_items (wirelab_lab_get_nodes (back)), ==,
                      g_list_model_get_n_items (nodes));
    check_lookups (back, NULL);
    for (guint j = 0; j < 200; j++)
      {
        random_edit (back, back_gone);
        check_lookups (back, back_gone);
      }
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/lab/lookups/names", test_names);
  g_test_add_func ("/lab/lookups/instance-ids", test_instance_ids);
  g_test_add_func ("/lab/lookups/during-signals", test_during_signals);
  g_test_add_func ("/lab/lookups/random-edits", test_random_edits);

  return g_test_run ();
}
