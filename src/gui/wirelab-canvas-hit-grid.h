/* wirelab-canvas-hit-grid.h: a grid hash of rectangles for hit tests
 *
 * Copyright 2026 The Wirelab authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * Each item (any pointer) is filed with its bounding rectangle in every
 * square cell the rectangle touches, so a point or rectangle query looks at
 * a few cells instead of every item.  Items covering more than
 * WL_HIT_GRID_MAX_CELLS cells (very long links) go to one list that every
 * query scans.  Not thread-safe, no GTK.
 */

#pragma once

#include <graphene.h>
#include <glib.h>

G_BEGIN_DECLS

#define WL_HIT_GRID_MAX_CELLS 64

typedef struct _WlHitGrid WlHitGrid;

WlHitGrid *wl_hit_grid_new      (double                 cell_size);
void       wl_hit_grid_free     (WlHitGrid             *self);
/* Files item under rect, or moves it there. */
void       wl_hit_grid_set      (WlHitGrid             *self,
                                 gpointer               item,
                                 const graphene_rect_t *rect);
void       wl_hit_grid_remove   (WlHitGrid             *self,
                                 gpointer               item);
void       wl_hit_grid_clear    (WlHitGrid             *self);
guint      wl_hit_grid_get_size (WlHitGrid             *self);
/* Items whose rectangle meets rect, each once, in no particular order
 * (transfer container). */
GPtrArray *wl_hit_grid_query    (WlHitGrid             *self,
                                 const graphene_rect_t *rect);
gboolean   wl_hit_grid_lookup   (WlHitGrid             *self,
                                 gpointer               item,
                                 graphene_rect_t       *out_rect);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (WlHitGrid, wl_hit_grid_free)

G_END_DECLS
