/* wirelab-canvas-hit-grid.c: a grid hash of rectangles for hit tests
 *
 * Copyright 2026 The Wirelab authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#define G_LOG_DOMAIN "wirelab-canvas"

#include "config.h"

#include <math.h>

#include "wirelab-canvas-hit-grid.h"

typedef struct
{
  graphene_rect_t rect;
  int             x0, y0, x1, y1;   /* cells, inclusive */
  gboolean        big;
} Entry;

struct _WlHitGrid
{
  double      cell;
  GHashTable *cells;     /* gint64* -> GPtrArray* of items */
  GHashTable *entries;   /* item -> Entry* */
  GPtrArray  *big;       /* items in too many cells */
};

static inline gint64
cell_key (int x,
          int y)
{
  return ((gint64) x << 32) | (guint32) y;
}

static inline int
cell_of (WlHitGrid *self,
         double     v)
{
  double c = floor (v / self->cell);

  return (int) CLAMP (c, -1e9, 1e9);
}

static void
cell_range (WlHitGrid             *self,
            const graphene_rect_t *rect,
            int                   *x0,
            int                   *y0,
            int                   *x1,
            int                   *y1)
{
  *x0 = cell_of (self, rect->origin.x);
  *y0 = cell_of (self, rect->origin.y);
  *x1 = cell_of (self, rect->origin.x + rect->size.width);
  *y1 = cell_of (self, rect->origin.y + rect->size.height);
}

WlHitGrid *
wl_hit_grid_new (double cell_size)
{
  WlHitGrid *self = g_new0 (WlHitGrid, 1);

  g_return_val_if_fail (cell_size > 0, NULL);

  self->cell = cell_size;
  self->cells = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free,
                                       (GDestroyNotify) g_ptr_array_unref);
  self->entries = g_hash_table_new_full (NULL, NULL, NULL, g_free);
  self->big = g_ptr_array_new ();
  return self;
}

void
wl_hit_grid_free (WlHitGrid *self)
{
  if (self == NULL)
    return;
  g_hash_table_unref (self->cells);
  g_hash_table_unref (self->entries);
  g_ptr_array_unref (self->big);
  g_free (self);
}

static void
unfile (WlHitGrid *self,
        gpointer   item,
        Entry     *entry)
{
  if (entry->big)
    {
      g_ptr_array_remove_fast (self->big, item);
      return;
    }
  for (int x = entry->x0; x <= entry->x1; x++)
    for (int y = entry->y0; y <= entry->y1; y++)
      {
        gint64 key = cell_key (x, y);
        GPtrArray *cell = g_hash_table_lookup (self->cells, &key);

        if (cell == NULL)
          continue;
        g_ptr_array_remove_fast (cell, item);
        if (cell->len == 0)
          g_hash_table_remove (self->cells, &key);
      }
}

void
wl_hit_grid_set (WlHitGrid             *self,
                 gpointer               item,
                 const graphene_rect_t *rect)
{
  Entry *entry;
  int x0, y0, x1, y1;

  g_return_if_fail (self != NULL);
  g_return_if_fail (rect != NULL);

  cell_range (self, rect, &x0, &y0, &x1, &y1);
  entry = g_hash_table_lookup (self->entries, item);
  if (entry != NULL)
    {
      if (!entry->big && entry->x0 == x0 && entry->y0 == y0 &&
          entry->x1 == x1 && entry->y1 == y1)
        {
          entry->rect = *rect;
          return;
        }
      unfile (self, item, entry);
    }
  else
    {
      entry = g_new0 (Entry, 1);
      g_hash_table_insert (self->entries, item, entry);
    }

  entry->rect = *rect;
  entry->x0 = x0;
  entry->y0 = y0;
  entry->x1 = x1;
  entry->y1 = y1;
  entry->big = ((gint64) (x1 - x0 + 1) * (y1 - y0 + 1)) > WL_HIT_GRID_MAX_CELLS;
  if (entry->big)
    {
      g_ptr_array_add (self->big, item);
      return;
    }
  for (int x = x0; x <= x1; x++)
    for (int y = y0; y <= y1; y++)
      {
        gint64 key = cell_key (x, y);
        GPtrArray *cell = g_hash_table_lookup (self->cells, &key);

        if (cell == NULL)
          {
            cell = g_ptr_array_new ();
            g_hash_table_insert (self->cells, g_memdup2 (&key, sizeof key), cell);
          }
        g_ptr_array_add (cell, item);
      }
}

void
wl_hit_grid_remove (WlHitGrid *self,
                    gpointer   item)
{
  Entry *entry;

  g_return_if_fail (self != NULL);

  entry = g_hash_table_lookup (self->entries, item);
  if (entry == NULL)
    return;
  unfile (self, item, entry);
  g_hash_table_remove (self->entries, item);
}

void
wl_hit_grid_clear (WlHitGrid *self)
{
  g_return_if_fail (self != NULL);

  g_hash_table_remove_all (self->cells);
  g_hash_table_remove_all (self->entries);
  g_ptr_array_set_size (self->big, 0);
}

guint
wl_hit_grid_get_size (WlHitGrid *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return g_hash_table_size (self->entries);
}

gboolean
wl_hit_grid_lookup (WlHitGrid       *self,
                    gpointer         item,
                    graphene_rect_t *out_rect)
{
  Entry *entry;

  g_return_val_if_fail (self != NULL, FALSE);

  entry = g_hash_table_lookup (self->entries, item);
  if (entry == NULL)
    return FALSE;
  if (out_rect != NULL)
    *out_rect = entry->rect;
  return TRUE;
}

static gboolean
rects_meet (const graphene_rect_t *a,
            const graphene_rect_t *b)
{
  /* Closed rectangles: a zero-size query (a point) on an edge still hits. */
  return a->origin.x <= b->origin.x + b->size.width &&
         b->origin.x <= a->origin.x + a->size.width &&
         a->origin.y <= b->origin.y + b->size.height &&
         b->origin.y <= a->origin.y + a->size.height;
}

GPtrArray *
wl_hit_grid_query (WlHitGrid             *self,
                   const graphene_rect_t *rect)
{
  g_autoptr(GHashTable) seen = NULL;
  GPtrArray *result;
  int x0, y0, x1, y1;
  gint64 n_cells;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (rect != NULL, NULL);

  result = g_ptr_array_new ();
  cell_range (self, rect, &x0, &y0, &x1, &y1);
  n_cells = (gint64) (x1 - x0 + 1) * (y1 - y0 + 1);

  if (n_cells > (gint64) g_hash_table_size (self->cells))
    {
      /* A query wider than the populated area: scan the items. */
      GHashTableIter iter;
      gpointer item, value;

      g_hash_table_iter_init (&iter, self->entries);
      while (g_hash_table_iter_next (&iter, &item, &value))
        if (rects_meet (&((Entry *) value)->rect, rect))
          g_ptr_array_add (result, item);
      return result;
    }

  if (n_cells > 1)
    seen = g_hash_table_new (NULL, NULL);
  for (int x = x0; x <= x1; x++)
    for (int y = y0; y <= y1; y++)
      {
        gint64 key = cell_key (x, y);
        GPtrArray *cell = g_hash_table_lookup (self->cells, &key);

        if (cell == NULL)
          continue;
        for (guint i = 0; i < cell->len; i++)
          {
            gpointer item = g_ptr_array_index (cell, i);
            Entry *entry = g_hash_table_lookup (self->entries, item);

            if (!rects_meet (&entry->rect, rect))
              continue;
            if (seen != NULL && !g_hash_table_add (seen, item))
              continue;
            g_ptr_array_add (result, item);
          }
      }
  for (guint i = 0; i < self->big->len; i++)
    {
      gpointer item = g_ptr_array_index (self->big, i);
      Entry *entry = g_hash_table_lookup (self->entries, item);

      if (rects_meet (&entry->rect, rect))
        g_ptr_array_add (result, item);
    }
  return result;
}
