/* wl-lab-index.c: the lab's lookups in O(1), kept with its containers
 *
 * Copyright 2026 The Wirelab authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#define G_LOG_DOMAIN "wirelab-lab"

#include "config.h"

#include <string.h>

#include "wl-lab-index.h"

#define N_KINDS (WIRELAB_NODE_KIND_VPCS + 1)

/* Default names: kind -> prefix (R1, SW1, HUB1, FR1, PC1). */
static const char *const prefixes[N_KINDS] = {
  [WIRELAB_NODE_KIND_ROUTER] = "R",
  [WIRELAB_NODE_KIND_ETHSW] = "SW",
  [WIRELAB_NODE_KIND_HUB] = "HUB",
  [WIRELAB_NODE_KIND_FRSW] = "FR",
  [WIRELAB_NODE_KIND_VPCS] = "PC",
};

struct _WlLabIndex
{
  /* Each container's objects in the store's order, and object -> its
   * GSequenceIter there: positions in O(log n). */
  GSequence  *order[WL_N_CONTAINERS];
  GHashTable *iters[WL_N_CONTAINERS];
  /* key -> GPtrArray of objects (several only in an invalid lab) */
  GHashTable *by_id[WL_N_CONTAINERS];
  GHashTable *by_name;
  GHashTable *links_by_node;         /* node id -> links ending there */
  GHashTable *instance_ids;          /* instance id -> number of nodes */
  /* Every number below these is taken, so the search for the lowest free
   * one starts there: amortized O(1) when nodes are added one by one. */
  guint       instance_floor;
  guint       name_floor[N_KINDS];
};

static GHashTable *
multimap_new (void)
{
  return g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                (GDestroyNotify) g_ptr_array_unref);
}

static void
multimap_add (GHashTable *map,
              const char *key,
              gpointer    object)
{
  GPtrArray *objects = g_hash_table_lookup (map, key);

  if (objects == NULL)
    {
      objects = g_ptr_array_new ();
      g_hash_table_insert (map, g_strdup (key), objects);
    }
  g_ptr_array_add (objects, object);
}

/* TRUE when no object is left under key. */
static gboolean
multimap_remove (GHashTable *map,
                 const char *key,
                 gpointer    object)
{
  GPtrArray *objects = g_hash_table_lookup (map, key);

  if (objects == NULL)
    return TRUE;
  g_ptr_array_remove_fast (objects, object);
  if (objects->len > 0)
    return FALSE;
  g_hash_table_remove (map, key);
  return TRUE;
}

WlLabIndex *
wl_lab_index_new (void)
{
  WlLabIndex *self = g_new0 (WlLabIndex, 1);

  for (guint c = 0; c < WL_N_CONTAINERS; c++)
    {
      self->order[c] = g_sequence_new (NULL);
      self->iters[c] = g_hash_table_new (NULL, NULL);
      self->by_id[c] = multimap_new ();
    }
  self->by_name = multimap_new ();
  self->links_by_node = multimap_new ();
  self->instance_ids = g_hash_table_new (NULL, NULL);
  self->instance_floor = 1;
  for (guint k = 0; k < N_KINDS; k++)
    self->name_floor[k] = 1;
  return self;
}

void
wl_lab_index_free (WlLabIndex *self)
{
  for (guint c = 0; c < WL_N_CONTAINERS; c++)
    {
      g_sequence_free (self->order[c]);
      g_hash_table_unref (self->iters[c]);
      g_hash_table_unref (self->by_id[c]);
    }
  g_hash_table_unref (self->by_name);
  g_hash_table_unref (self->links_by_node);
  g_hash_table_unref (self->instance_ids);
  g_free (self);
}

static const char *
object_id (WlContainer  container,
           gpointer     object)
{
  switch (container)
    {
    case WL_CONTAINER_HYPERVISORS:
      return wirelab_hypervisor_config_get_id (object);
    case WL_CONTAINER_IMAGES:
      return wirelab_image_get_id (object);
    case WL_CONTAINER_NODES:
      return wirelab_node_get_id (object);
    case WL_CONTAINER_LINKS:
    case WL_N_CONTAINERS:
    default:
      return wirelab_link_get_id (object);
    }
}

static guint
position_of (WlLabIndex  *self,
             WlContainer  container,
             gpointer     object)
{
  GSequenceIter *iter = g_hash_table_lookup (self->iters[container], object);

  return iter != NULL ? (guint) g_sequence_iter_get_position (iter) : G_MAXUINT;
}

static gint
compare_positions (gconstpointer a,
                   gconstpointer b,
                   gpointer      data)
{
  GHashTable *iters = data;

  return g_sequence_iter_compare (g_hash_table_lookup (iters, *(gpointer *) a),
                                  g_hash_table_lookup (iters, *(gpointer *) b));
}

/* The first of several candidates in container order. */
static gpointer
first_in_order (WlLabIndex  *self,
                WlContainer  container,
                GPtrArray   *objects)
{
  gpointer best = NULL;
  guint best_pos = G_MAXUINT;

  if (objects == NULL || objects->len == 0)
    return NULL;
  if (objects->len == 1)
    return g_ptr_array_index (objects, 0);
  for (guint i = 0; i < objects->len; i++)
    {
      guint pos = position_of (self, container, g_ptr_array_index (objects, i));

      if (pos < best_pos)
        {
          best_pos = pos;
          best = g_ptr_array_index (objects, i);
        }
    }
  return best;
}

/* "R12" -> (router, 12): a name a default name could take. */
static gboolean
parse_default_name (const char      *name,
                    WirelabNodeKind *out_kind,
                    guint           *out_n)
{
  for (guint k = 0; k < N_KINDS; k++)
    {
      gsize len = strlen (prefixes[k]);
      const char *digits = name + len;
      guint64 n = 0;

      if (strncmp (name, prefixes[k], len) != 0 || *digits < '1' || *digits > '9')
        continue;
      for (const char *p = digits; *p != '\0'; p++)
        {
          if (!g_ascii_isdigit (*p) || n > G_MAXUINT / 10)
            return FALSE;
          n = n * 10 + (guint) (*p - '0');
        }
      if (n > G_MAXUINT)
        return FALSE;
      *out_kind = k;
      *out_n = (guint) n;
      return TRUE;
    }
  return FALSE;
}

static void
name_add (WlLabIndex  *self,
          WirelabNode *node,
          const char  *name)
{
  multimap_add (self->by_name, name, node);
}

static void
name_remove (WlLabIndex  *self,
             WirelabNode *node,
             const char  *name)
{
  WirelabNodeKind kind;
  guint n;

  if (multimap_remove (self->by_name, name, node) &&
      parse_default_name (name, &kind, &n) && n < self->name_floor[kind])
    self->name_floor[kind] = n;
}

static guint
instance_count (WlLabIndex *self,
                guint       id)
{
  return GPOINTER_TO_UINT (g_hash_table_lookup (self->instance_ids, GUINT_TO_POINTER (id)));
}

static void
instance_add (WlLabIndex *self,
              guint       id)
{
  if (id == 0)
    return;
  g_hash_table_insert (self->instance_ids, GUINT_TO_POINTER (id),
                       GUINT_TO_POINTER (instance_count (self, id) + 1));
}

static void
instance_remove (WlLabIndex *self,
                 guint       id)
{
  guint count = instance_count (self, id);

  if (id == 0 || count == 0)
    return;
  if (count > 1)
    {
      g_hash_table_insert (self->instance_ids, GUINT_TO_POINTER (id), GUINT_TO_POINTER (count - 1));
      return;
    }
  g_hash_table_remove (self->instance_ids, GUINT_TO_POINTER (id));
  if (id < self->instance_floor)
    self->instance_floor = id;
}

static void
link_ends_add (WlLabIndex  *self,
               WirelabLink *link)
{
  const char *a = wirelab_link_get_node_id (link, 0);
  const char *b = wirelab_link_get_node_id (link, 1);

  multimap_add (self->links_by_node, a, link);
  if (g_strcmp0 (a, b) != 0)
    multimap_add (self->links_by_node, b, link);
}

static void
link_ends_remove (WlLabIndex  *self,
                  WirelabLink *link)
{
  const char *a = wirelab_link_get_node_id (link, 0);
  const char *b = wirelab_link_get_node_id (link, 1);

  multimap_remove (self->links_by_node, a, link);
  if (g_strcmp0 (a, b) != 0)
    multimap_remove (self->links_by_node, b, link);
}

void
wl_lab_index_insert (WlLabIndex  *self,
                     WlContainer  container,
                     GObject     *object,
                     guint        position)
{
  GSequence *order = self->order[container];
  GSequenceIter *iter;

  g_return_if_fail (!g_hash_table_contains (self->iters[container], object));

  position = MIN (position, (guint) g_sequence_get_length (order));
  iter = g_sequence_insert_before (g_sequence_get_iter_at_pos (order, (gint) position), object);
  g_hash_table_insert (self->iters[container], object, iter);
  multimap_add (self->by_id[container], object_id (container, object), object);

  if (container == WL_CONTAINER_NODES)
    {
      name_add (self, WIRELAB_NODE (object), wirelab_node_get_name (WIRELAB_NODE (object)));
      instance_add (self, wirelab_node_get_instance_id (WIRELAB_NODE (object)));
    }
  else if (container == WL_CONTAINER_LINKS)
    link_ends_add (self, WIRELAB_LINK (object));
}

guint
wl_lab_index_remove (WlLabIndex  *self,
                     WlContainer  container,
                     GObject     *object)
{
  GSequenceIter *iter = g_hash_table_lookup (self->iters[container], object);
  guint position;

  if (iter == NULL)
    return G_MAXUINT;

  position = (guint) g_sequence_iter_get_position (iter);
  g_sequence_remove (iter);
  g_hash_table_remove (self->iters[container], object);
  multimap_remove (self->by_id[container], object_id (container, object), object);

  if (container == WL_CONTAINER_NODES)
    {
      name_remove (self, WIRELAB_NODE (object), wirelab_node_get_name (WIRELAB_NODE (object)));
      instance_remove (self, wirelab_node_get_instance_id (WIRELAB_NODE (object)));
    }
  else if (container == WL_CONTAINER_LINKS)
    link_ends_remove (self, WIRELAB_LINK (object));
  return position;
}

gboolean
wl_lab_index_contains (WlLabIndex  *self,
                       WlContainer  container,
                       gpointer     object)
{
  return g_hash_table_contains (self->iters[container], object);
}

gpointer
wl_lab_index_find (WlLabIndex  *self,
                   WlContainer  container,
                   const char  *id)
{
  if (id == NULL)
    return NULL;
  return first_in_order (self, container, g_hash_table_lookup (self->by_id[container], id));
}

WirelabNode *
wl_lab_index_find_node_by_name (WlLabIndex *self,
                                const char *name)
{
  if (name == NULL)
    return NULL;
  return first_in_order (self, WL_CONTAINER_NODES, g_hash_table_lookup (self->by_name, name));
}

WirelabLink *
wl_lab_index_find_link_at (WlLabIndex *self,
                           const char *node_id,
                           const char *interface)
{
  GPtrArray *links = g_hash_table_lookup (self->links_by_node, node_id);
  WirelabLink *best = NULL;
  guint best_pos = G_MAXUINT;

  if (links == NULL)
    return NULL;
  /* A node has a link per interface at most: a handful to scan. */
  for (guint i = 0; i < links->len; i++)
    {
      WirelabLink *link = g_ptr_array_index (links, i);
      guint pos;

      if (wirelab_link_find_end (link, node_id, interface) < 0)
        continue;
      if (best == NULL)
        {
          best = link;
          continue;
        }
      /* Two links on one interface (an invalid lab): the first listed. */
      if (best_pos == G_MAXUINT)
        best_pos = position_of (self, WL_CONTAINER_LINKS, best);
      pos = position_of (self, WL_CONTAINER_LINKS, link);
      if (pos < best_pos)
        {
          best = link;
          best_pos = pos;
        }
    }
  return best;
}

GPtrArray *
wl_lab_index_links_of (WlLabIndex *self,
                       const char *node_id)
{
  GPtrArray *links = g_hash_table_lookup (self->links_by_node, node_id);
  GPtrArray *out;

  if (links == NULL)
    return g_ptr_array_new ();
  out = g_ptr_array_copy (links, NULL, NULL);
  if (out->len > 1)
    g_ptr_array_sort_with_data (out, compare_positions, self->iters[WL_CONTAINER_LINKS]);
  return out;
}

void
wl_lab_index_node_renamed (WlLabIndex  *self,
                           WirelabNode *node,
                           const char  *old_name)
{
  if (!g_hash_table_contains (self->iters[WL_CONTAINER_NODES], node))
    return;
  name_remove (self, node, old_name);
  name_add (self, node, wirelab_node_get_name (node));
}

void
wl_lab_index_node_instance_changed (WlLabIndex  *self,
                                    WirelabNode *node,
                                    guint        old_id)
{
  if (!g_hash_table_contains (self->iters[WL_CONTAINER_NODES], node))
    return;
  instance_remove (self, old_id);
  instance_add (self, wirelab_node_get_instance_id (node));
}

/* Counts nodes with id, not counting except when it is in the lab. */
static guint
instance_users (WlLabIndex  *self,
                guint        id,
                WirelabNode *except)
{
  guint count = instance_count (self, id);

  if (count > 0 && except != NULL && wirelab_node_get_instance_id (except) == id &&
      g_hash_table_contains (self->iters[WL_CONTAINER_NODES], except))
    count--;
  return count;
}

gboolean
wl_lab_index_instance_id_taken (WlLabIndex  *self,
                                guint        id,
                                WirelabNode *except)
{
  return instance_users (self, id, except) > 0;
}

guint
wl_lab_index_next_instance_id (WlLabIndex  *self,
                               WirelabNode *except)
{
  guint own = except != NULL ? wirelab_node_get_instance_id (except) : 0;

  while (instance_count (self, self->instance_floor) > 0)
    self->instance_floor++;
  /* Below the floor every id is taken, except's own maybe only by it. */
  if (own != 0 && own < self->instance_floor && instance_users (self, own, except) == 0)
    return own;
  return self->instance_floor;
}

char *
wl_lab_index_dup_default_name (WlLabIndex      *self,
                               WirelabNodeKind  kind)
{
  g_return_val_if_fail (kind < N_KINDS, NULL);

  for (guint n = self->name_floor[kind];; n++)
    {
      char *name = g_strdup_printf ("%s%u", prefixes[kind], n);

      if (!g_hash_table_contains (self->by_name, name))
        {
          self->name_floor[kind] = n;
          return name;
        }
      g_free (name);
    }
}
