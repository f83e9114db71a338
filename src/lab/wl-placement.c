/* wl-placement.c: memory-based placement of nodes on hypervisors
 *
 * Copyright 2026 The Wirelab authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * GNS3 0.8 sent a router to the bound external hypervisor with the least RAM
 * it had placed there, with no upper limit, and filled local hypervisors up
 * to 512 MB each (spec 1.10).  Wirelab keeps the least-RAM rule, adds a
 * limit to every hypervisor, and fills the local one first for images that
 * let Wirelab place them.
 */

#define G_LOG_DOMAIN "wirelab-lab"

#include "config.h"

#include "wl-lab-private.h"
#include "wl-placement.h"

typedef struct
{
  guint placed_mb;
  guint node_count;
} Load;

static WlPlaceHv *
find_hv (GPtrArray  *hvs,
         const char *id)
{
  for (guint i = 0; i < hvs->len; i++)
    {
      WlPlaceHv *h = g_ptr_array_index (hvs, i);

      if (g_strcmp0 (wirelab_hypervisor_config_get_id (h->config), id) == 0)
        return h;
    }
  return NULL;
}

static const char *
hv_name (WlPlaceHv *h)
{
  return wirelab_hypervisor_config_get_display_name (h->config);
}

static gboolean
has_room (WlPlaceHv *h,
          Load      *load,
          guint      ram)
{
  return h->limit_mb == G_MAXUINT || (guint64) load->placed_mb + ram <= h->limit_mb;
}

static char *
describe_loads (GPtrArray *candidates,
                Load      *loads,
                GPtrArray *hvs)
{
  GString *s = g_string_new (NULL);

  for (guint i = 0; i < candidates->len; i++)
    {
      WlPlaceHv *h = g_ptr_array_index (candidates, i);
      guint idx;

      g_ptr_array_find (hvs, h, &idx);
      if (s->len > 0)
        g_string_append (s, ", ");
      if (h->limit_mb == G_MAXUINT)
        g_string_append_printf (s, "%s %u MB placed", hv_name (h), loads[idx].placed_mb);
      else
        g_string_append_printf (s, "%s %u of %u MB placed", hv_name (h), loads[idx].placed_mb,
                                h->limit_mb);
    }
  return g_string_free (s, FALSE);
}

/* The connected candidate with the least RAM placed that has room. */
static WlPlaceHv *
least_loaded (GPtrArray *candidates,
              GPtrArray *hvs,
              Load      *loads,
              guint      ram)
{
  WlPlaceHv *best = NULL;
  guint best_load = G_MAXUINT;

  /* Lab order breaks ties: walk hvs, not candidates. */
  for (guint i = 0; i < hvs->len; i++)
    {
      WlPlaceHv *h = g_ptr_array_index (hvs, i);

      if (!g_ptr_array_find (candidates, h, NULL) || !has_room (h, &loads[i], ram))
        continue;
      if (best == NULL || loads[i].placed_mb < best_load)
        {
          best = h;
          best_load = loads[i].placed_mb;
        }
    }
  return best;
}

static WlPlaceHv *
place_router (WirelabLab   *lab,
              WirelabNode  *node,
              GPtrArray    *hvs,
              Load         *loads,
              GError      **error)
{
  WirelabImage *image = wirelab_lab_find_image (lab, wirelab_node_get_image_id (node));
  guint ram = wirelab_node_get_effective_ram (node);
  const char *const *bound = image != NULL ? wirelab_image_get_hypervisors (image) : NULL;
  gboolean manager = image == NULL || wirelab_image_get_use_manager (image);
  g_autoptr(GPtrArray) candidates = g_ptr_array_new ();
  g_autoptr(GPtrArray) offline = g_ptr_array_new ();
  WlPlaceHv *local = find_hv (hvs, WIRELAB_HYPERVISOR_LOCAL_ID);
  WlPlaceHv *chosen = NULL;
  guint local_idx = 0;

  for (guint i = 0; bound != NULL && bound[i] != NULL; i++)
    {
      WlPlaceHv *h = find_hv (hvs, bound[i]);

      if (h == NULL)
        continue;
      g_ptr_array_add (h->available ? candidates : offline, h);
    }
  if (local != NULL)
    g_ptr_array_find (hvs, local, &local_idx);

  if (manager && local != NULL && local->available && has_room (local, &loads[local_idx], ram))
    return local;

  if (candidates->len == 0 && offline->len == 0 && local != NULL)
    {
      /* Bound to nothing: the local hypervisor. */
      if (!local->available)
        {
          g_set_error (error, WIRELAB_LAB_ERROR, WIRELAB_LAB_ERROR_NOT_CONNECTED,
                       "%s cannot be placed: the local hypervisor is not connected",
                       wirelab_node_get_name (node));
          return NULL;
        }
      g_ptr_array_add (candidates, local);
    }

  if (manager)
    g_ptr_array_remove (candidates, local);
  chosen = least_loaded (candidates, hvs, loads, ram);
  if (chosen != NULL)
    return chosen;

  if (candidates->len == 0 && !(manager && local != NULL && local->available))
    {
      g_autofree char *names = NULL;
      GString *s = g_string_new (NULL);

      for (guint i = 0; i < offline->len; i++)
        g_string_append_printf (s, "%s%s", i > 0 ? ", " : "", hv_name (g_ptr_array_index (offline, i)));
      names = g_string_free (s, FALSE);
      g_set_error (error, WIRELAB_LAB_ERROR, WIRELAB_LAB_ERROR_NOT_CONNECTED,
                   "%s cannot be placed: its image is bound to hypervisors that are not "
                   "connected (%s)", wirelab_node_get_name (node), names);
      return NULL;
    }

  if (manager && local != NULL && local->available)
    g_ptr_array_insert (candidates, 0, local);
  {
    g_autofree char *loads_text = describe_loads (candidates, loads, hvs);

    g_set_error (error, WIRELAB_LAB_ERROR, WIRELAB_LAB_ERROR_NO_ROOM,
                 "No hypervisor has room for %s (%u MB): %s", wirelab_node_get_name (node), ram,
                 loads_text);
  }
  return NULL;
}

/* Switches go where most of their routers are, ties to the local one. */
static WlPlaceHv *
place_switch (WirelabLab  *lab,
              WirelabNode *node,
              GPtrArray   *hvs,
              GHashTable  *chosen)
{
  g_autoptr(GPtrArray) links = wirelab_lab_list_links_of (lab, node);
  g_autofree guint *votes = g_new0 (guint, hvs->len);
  WlPlaceHv *best = find_hv (hvs, WIRELAB_HYPERVISOR_LOCAL_ID);
  guint best_votes = 0;

  for (guint i = 0; i < links->len; i++)
    {
      WirelabLink *link = g_ptr_array_index (links, i);
      int end = wirelab_link_find_end (link, wirelab_node_get_id (node), NULL);
      WirelabNode *peer = wirelab_lab_find_node (lab, wirelab_link_get_node_id (link, 1 - end));
      WlPlaceHv *h;
      guint idx;

      if (peer == NULL || wirelab_node_get_kind (peer) != WIRELAB_NODE_KIND_ROUTER)
        continue;
      h = g_hash_table_lookup (chosen, peer);
      if (h == NULL)
        h = find_hv (hvs, wirelab_node_get_hypervisor_id (peer));
      if (h != NULL && h->available && g_ptr_array_find (hvs, h, &idx))
        votes[idx]++;
    }
  for (guint i = 0; i < hvs->len; i++)
    {
      WlPlaceHv *h = g_ptr_array_index (hvs, i);

      if (h->available && votes[i] > best_votes)
        {
          best = h;
          best_votes = votes[i];
        }
    }
  return best;
}

gboolean
wl_place_nodes (WirelabLab  *lab,
                GPtrArray   *hvs,
                GPtrArray   *nodes,
                GHashTable  *out,
                GError     **error)
{
  g_autofree Load *loads = g_new0 (Load, hvs->len);
  g_autoptr(GHashTable) chosen = g_hash_table_new (NULL, NULL);

  for (guint i = 0; i < hvs->len; i++)
    {
      WlPlaceHv *h = g_ptr_array_index (hvs, i);

      loads[i].placed_mb = h->placed_mb;
      loads[i].node_count = h->node_count;
    }

  /* 1. Nodes that already have a hypervisor keep it (the user pinned it, or
   *    an earlier run placed it and saved it). */
  for (guint i = 0; i < nodes->len; i++)
    {
      WirelabNode *node = g_ptr_array_index (nodes, i);
      const char *id = wirelab_node_get_hypervisor_id (node);
      WlPlaceHv *h;
      guint idx;
      guint ram;

      if (*id == '\0')
        continue;
      h = find_hv (hvs, id);
      if (h == NULL)
        {
          g_set_error (error, WIRELAB_LAB_ERROR, WIRELAB_LAB_ERROR_NOT_CONNECTED,
                       "%s is placed on an unknown hypervisor “%s”", wirelab_node_get_name (node), id);
          return FALSE;
        }
      if (!h->available)
        {
          g_set_error (error, WIRELAB_LAB_ERROR, WIRELAB_LAB_ERROR_NOT_CONNECTED,
                       "%s is placed on hypervisor %s, which is not connected",
                       wirelab_node_get_name (node), hv_name (h));
          return FALSE;
        }
      if (wirelab_node_get_kind (node) == WIRELAB_NODE_KIND_VPCS && !h->this_machine)
        {
          g_set_error (error, WIRELAB_LAB_ERROR, WIRELAB_LAB_ERROR_UNSUPPORTED,
                       "%s is placed on hypervisor %s on another host: VPCS PCs run on this "
                       "machine only", wirelab_node_get_name (node), hv_name (h));
          return FALSE;
        }
      g_ptr_array_find (hvs, h, &idx);
      ram = wirelab_node_get_effective_ram (node);
      if (!has_room (h, &loads[idx], ram))
        {
          g_set_error (error, WIRELAB_LAB_ERROR, WIRELAB_LAB_ERROR_NO_ROOM,
                       "%s (%u MB) is placed on hypervisor %s, which has %u of %u MB placed",
                       wirelab_node_get_name (node), ram, hv_name (h), loads[idx].placed_mb,
                       h->limit_mb);
          return FALSE;
        }
      loads[idx].placed_mb += ram;
      loads[idx].node_count++;
      g_hash_table_insert (chosen, node, h);
    }

  /* 2. Routers by the memory rule, in lab order; 3. switches next to their
   *    routers; 4. PCs on this machine. */
  for (guint pass = 0; pass < 3; pass++)
    for (guint i = 0; i < nodes->len; i++)
      {
        WirelabNode *node = g_ptr_array_index (nodes, i);
        WirelabNodeKind kind = wirelab_node_get_kind (node);
        WlPlaceHv *h = NULL;
        guint idx;

        if (g_hash_table_contains (chosen, node))
          continue;
        if (pass == 0 && kind == WIRELAB_NODE_KIND_ROUTER)
          {
            h = place_router (lab, node, hvs, loads, error);
            if (h == NULL)
              return FALSE;
          }
        else if (pass == 1 && kind != WIRELAB_NODE_KIND_ROUTER && kind != WIRELAB_NODE_KIND_VPCS)
          h = place_switch (lab, node, hvs, chosen);
        else if (pass == 2 && kind == WIRELAB_NODE_KIND_VPCS)
          h = find_hv (hvs, WIRELAB_HYPERVISOR_LOCAL_ID);
        else
          continue;

        if (h == NULL || !h->available)
          {
            g_set_error (error, WIRELAB_LAB_ERROR, WIRELAB_LAB_ERROR_NOT_CONNECTED,
                         "%s cannot be placed: the local hypervisor is not connected",
                         wirelab_node_get_name (node));
            return FALSE;
          }
        g_ptr_array_find (hvs, h, &idx);
        loads[idx].placed_mb += wirelab_node_get_effective_ram (node);
        loads[idx].node_count++;
        g_hash_table_insert (chosen, node, h);
      }

  /* Success: publish. */
  for (guint i = 0; i < hvs->len; i++)
    {
      WlPlaceHv *h = g_ptr_array_index (hvs, i);

      h->placed_mb = loads[i].placed_mb;
      h->node_count = loads[i].node_count;
    }
  {
    GHashTableIter iter;
    gpointer key, value;

    g_hash_table_iter_init (&iter, chosen);
    while (g_hash_table_iter_next (&iter, &key, &value))
      g_hash_table_insert (out, key, value);
  }
  return TRUE;
}
