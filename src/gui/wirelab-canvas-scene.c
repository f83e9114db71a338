/* wirelab-canvas-scene.c: the canvas's mirror of the lab
 *
 * Copyright 2026 The Wirelab authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * The lab's node and link list models are mirrored item by item (their
 * items-changed say where, not what, so the mirror keeps the same order).
 * Each item listens to its object's notify and drops only its own cached
 * drawing: a status change redraws that node's links, a move re-files the
 * node and its links in the hit grid.
 */

#define G_LOG_DOMAIN "wirelab-canvas"

#include "config.h"

#include <math.h>

#include "wirelab-canvas-private.h"

static void
drop_node_cache (WirelabCanvas *self,
                 WlCanvasNode  *item)
{
  g_clear_pointer (&item->symbol, gsk_render_node_unref);
  g_clear_pointer (&item->details, gsk_render_node_unref);
  _wirelab_canvas_queue_draw (self);
}

static void
drop_link_cache (WirelabCanvas *self,
                 WlCanvasLink  *item)
{
  g_clear_pointer (&item->line, gsk_render_node_unref);
  g_clear_pointer (&item->details, gsk_render_node_unref);
  _wirelab_canvas_queue_draw (self);
}

/* ---- links ---- */

static void
link_file (WirelabCanvas *self,
           WlCanvasLink  *item)
{
  if (item->ends[0] != NULL && item->ends[1] != NULL)
    {
      double ax = item->ends[0]->x, ay = item->ends[0]->y;
      double bx = item->ends[1]->x, by = item->ends[1]->y;
      double pad = WL_CANVAS_LABEL_DISTANCE;

      item->bounds = GRAPHENE_RECT_INIT (MIN (ax, bx) - pad, MIN (ay, by) - pad,
                                         fabs (bx - ax) + 2 * pad, fabs (by - ay) + 2 * pad);
      wl_hit_grid_set (self->link_grid, item, &item->bounds);
      item->indexed = TRUE;
    }
  else if (item->indexed)
    {
      wl_hit_grid_remove (self->link_grid, item);
      item->indexed = FALSE;
    }
  drop_link_cache (self, item);
}

static void
link_set_end (WlCanvasLink *item,
              guint         end,
              WlCanvasNode *node)
{
  if (item->ends[end] == node)
    return;
  if (item->ends[end] != NULL)
    g_ptr_array_remove (item->ends[end]->links, item);
  item->ends[end] = node;
  if (node != NULL)
    g_ptr_array_add (node->links, item);
}

static gboolean
link_resolve (WirelabCanvas *self,
              WlCanvasLink  *item)
{
  for (guint e = 0; e < 2; e++)
    if (item->ends[e] == NULL)
      link_set_end (item, e, g_hash_table_lookup (self->node_ids,
                                                  wirelab_link_get_node_id (item->link, e)));
  return item->ends[0] != NULL && item->ends[1] != NULL;
}

static void
on_link_notify (WirelabLink   *link,
                GParamSpec    *pspec,
                WirelabCanvas *self)
{
  WlCanvasLink *item = g_hash_table_lookup (self->link_items, link);

  if (item != NULL)
    drop_link_cache (self, item);
}

static WlCanvasLink *
link_item_new (WirelabCanvas *self,
               WirelabLink   *link)
{
  WlCanvasLink *item = g_new0 (WlCanvasLink, 1);

  item->link = g_object_ref (link);
  item->serial = ++self->next_serial;
  g_hash_table_insert (self->link_items, link, item);
  if (!link_resolve (self, item))
    self->n_dangling++;
  link_file (self, item);
  g_signal_connect (link, "notify", G_CALLBACK (on_link_notify), self);
  return item;
}

static void
link_item_free (WirelabCanvas *self,
                WlCanvasLink  *item)
{
  gboolean was_selected = item->selected;

  if (self->selected_link == item)
    self->selected_link = NULL;
  if (self->drag_edges != NULL)
    g_ptr_array_remove (self->drag_edges, item);
  if (self->press_link == item)
    self->press_link = NULL;
  if (item->ends[0] == NULL || item->ends[1] == NULL)
    self->n_dangling--;
  link_set_end (item, 0, NULL);
  link_set_end (item, 1, NULL);
  link_file (self, item);   /* with no ends: leaves the grid */
  g_signal_handlers_disconnect_by_func (item->link, on_link_notify, self);
  g_hash_table_remove (self->link_items, item->link);
  g_clear_object (&item->labels[0]);
  g_clear_object (&item->labels[1]);
  g_clear_pointer (&item->line, gsk_render_node_unref);
  g_clear_pointer (&item->details, gsk_render_node_unref);
  g_object_unref (item->link);
  g_free (item);
  if (was_selected)
    _wirelab_canvas_selection_changed (self);
}

void
_wirelab_canvas_invalidate_link (WirelabCanvas *self,
                                 WlCanvasLink  *item)
{
  drop_link_cache (self, item);
}

/* ---- nodes ---- */

/* Until its name is laid out (at its first drawing), a node's bounds are a
 * generous estimate so hit tests and culling never miss it. */
static void
node_estimate_bounds (WlCanvasNode *item)
{
  const char *name = wirelab_node_get_name (item->node);
  double half = WL_CANVAS_SYMBOL / 2 + 6;
  double label_w = MAX (WL_CANVAS_SYMBOL, 10.0 * g_utf8_strlen (name, -1) + 12);

  item->bounds = GRAPHENE_RECT_INIT (item->x - MAX (half, label_w / 2), item->y - half,
                                     MAX (2 * half, label_w),
                                     2 * half + WL_CANVAS_NAME_PX * 2);
}

void
_wirelab_canvas_node_update_bounds (WirelabCanvas *self,
                                    WlCanvasNode  *item)
{
  double half = WL_CANVAS_SYMBOL / 2 + 6;

  if (item->layout != NULL)
    {
      int w, h;
      graphene_rect_t symbol, label;

      pango_layout_get_pixel_size (item->layout, &w, &h);
      symbol = GRAPHENE_RECT_INIT (item->x - half, item->y - half, 2 * half, 2 * half);
      label = GRAPHENE_RECT_INIT (item->x - w / 2.0 - 6, item->y + WL_CANVAS_SYMBOL / 2 + 2,
                                  w + 12, h + 6);
      graphene_rect_union (&symbol, &label, &item->bounds);
    }
  else
    node_estimate_bounds (item);
  wl_hit_grid_set (self->node_grid, item, &item->bounds);
}

static void
node_file (WirelabCanvas *self,
           WlCanvasNode  *item)
{
  _wirelab_canvas_node_update_bounds (self, item);
  drop_node_cache (self, item);
  for (guint i = 0; i < item->links->len; i++)
    link_file (self, g_ptr_array_index (item->links, i));
}

static void
on_node_notify (WirelabNode   *node,
                GParamSpec    *pspec,
                WirelabCanvas *self)
{
  WlCanvasNode *item = g_hash_table_lookup (self->node_items, node);
  const char *name = pspec->name;

  if (item == NULL)
    return;

  if (g_str_equal (name, "x") || g_str_equal (name, "y"))
    {
      double x = wirelab_node_get_x (node), y = wirelab_node_get_y (node);

      if (x == item->x && y == item->y)
        return;
      item->x = x;
      item->y = y;
      node_file (self, item);
    }
  else if (g_str_equal (name, "name"))
    {
      g_clear_object (&item->layout);
      node_file (self, item);
    }
  else if (g_str_equal (name, "status"))
    {
      for (guint i = 0; i < item->links->len; i++)
        _wirelab_canvas_invalidate_link (self, g_ptr_array_index (item->links, i));
    }
}

static WlCanvasNode *
node_item_new (WirelabCanvas *self,
               WirelabNode   *node)
{
  WlCanvasNode *item = g_new0 (WlCanvasNode, 1);

  item->node = g_object_ref (node);
  item->kind = wirelab_node_get_kind (node);
  item->x = wirelab_node_get_x (node);
  item->y = wirelab_node_get_y (node);
  item->links = g_ptr_array_new ();
  item->serial = ++self->next_serial;
  g_hash_table_insert (self->node_items, node, item);
  g_hash_table_insert (self->node_ids, (gpointer) wirelab_node_get_id (node), item);
  node_file (self, item);
  g_signal_connect (node, "notify", G_CALLBACK (on_node_notify), self);
  return item;
}

static void
node_item_free (WirelabCanvas *self,
                WlCanvasNode  *item)
{
  gboolean was_selected = item->selected;

  if (self->renaming == item)
    _wirelab_canvas_rename_cancel (self);
  if (self->link_from == item || self->iface_popover_node == item)
    _wirelab_canvas_link_tool_cancel (self);
  if (item->floating || self->press_node == item)
    _wirelab_canvas_cancel_drag (self);

  if (item->selected)
    self->n_selected--;
  /* Its links stay until the lab removes them; they just lose this end. */
  while (item->links->len > 0)
    {
      WlCanvasLink *link = g_ptr_array_index (item->links, item->links->len - 1);
      gboolean was_whole = link->ends[0] != NULL && link->ends[1] != NULL;

      link_set_end (link, link->ends[0] == item ? 0 : 1, NULL);
      if (was_whole)
        self->n_dangling++;
      link_file (self, link);
    }
  wl_hit_grid_remove (self->node_grid, item);
  g_signal_handlers_disconnect_by_func (item->node, on_node_notify, self);
  g_hash_table_remove (self->node_items, item->node);
  g_hash_table_remove (self->node_ids, wirelab_node_get_id (item->node));
  g_ptr_array_unref (item->links);
  g_clear_object (&item->layout);
  g_clear_pointer (&item->symbol, gsk_render_node_unref);
  g_clear_pointer (&item->details, gsk_render_node_unref);
  g_object_unref (item->node);
  g_free (item);
  if (was_selected)
    _wirelab_canvas_selection_changed (self);
}

void
_wirelab_canvas_invalidate_node (WirelabCanvas *self,
                                 WlCanvasNode  *item)
{
  drop_node_cache (self, item);
}

/* ---- list models ---- */

static void
on_nodes_changed (GListModel    *model,
                  guint          position,
                  guint          removed,
                  guint          added,
                  WirelabCanvas *self)
{
  for (guint i = 0; i < removed; i++)
    node_item_free (self, g_ptr_array_steal_index (self->nodes, position));
  for (guint i = 0; i < added; i++)
    {
      g_autoptr(WirelabNode) node = g_list_model_get_item (model, position + i);

      g_ptr_array_insert (self->nodes, position + i, node_item_new (self, node));
    }

  /* A node came back (an undone deletion): give its links their end. */
  if (added > 0 && self->n_dangling > 0)
    for (guint i = 0; i < self->links->len; i++)
      {
        WlCanvasLink *link = g_ptr_array_index (self->links, i);

        if ((link->ends[0] == NULL || link->ends[1] == NULL) && link_resolve (self, link))
          {
            self->n_dangling--;
            link_file (self, link);
          }
      }
  _wirelab_canvas_update_actions (self);
}

static void
on_links_changed (GListModel    *model,
                  guint          position,
                  guint          removed,
                  guint          added,
                  WirelabCanvas *self)
{
  for (guint i = 0; i < removed; i++)
    link_item_free (self, g_ptr_array_steal_index (self->links, position));
  for (guint i = 0; i < added; i++)
    {
      g_autoptr(WirelabLink) link = g_list_model_get_item (model, position + i);

      g_ptr_array_insert (self->links, position + i, link_item_new (self, link));
    }
  _wirelab_canvas_update_actions (self);
}

/* ---- public to the canvas ---- */

void
_wirelab_canvas_scene_init (WirelabCanvas *self)
{
  self->nodes = g_ptr_array_new ();
  self->links = g_ptr_array_new ();
  self->node_items = g_hash_table_new (NULL, NULL);
  self->link_items = g_hash_table_new (NULL, NULL);
  self->node_ids = g_hash_table_new (g_str_hash, g_str_equal);
  self->node_grid = wl_hit_grid_new (WL_CANVAS_HIT_CELL);
  self->link_grid = wl_hit_grid_new (WL_CANVAS_HIT_CELL);
}

void
_wirelab_canvas_scene_attach (WirelabCanvas *self)
{
  GListModel *nodes = wirelab_lab_get_nodes (self->lab);
  GListModel *links = wirelab_lab_get_links (self->lab);

  on_nodes_changed (nodes, 0, 0, g_list_model_get_n_items (nodes), self);
  on_links_changed (links, 0, 0, g_list_model_get_n_items (links), self);
  self->nodes_changed_id = g_signal_connect (nodes, "items-changed",
                                             G_CALLBACK (on_nodes_changed), self);
  self->links_changed_id = g_signal_connect (links, "items-changed",
                                             G_CALLBACK (on_links_changed), self);
}

void
_wirelab_canvas_scene_detach (WirelabCanvas *self)
{
  if (self->lab == NULL)
    return;
  g_clear_signal_handler (&self->nodes_changed_id, wirelab_lab_get_nodes (self->lab));
  g_clear_signal_handler (&self->links_changed_id, wirelab_lab_get_links (self->lab));
  while (self->links->len > 0)
    link_item_free (self, g_ptr_array_steal_index (self->links, self->links->len - 1));
  while (self->nodes->len > 0)
    node_item_free (self, g_ptr_array_steal_index (self->nodes, self->nodes->len - 1));
  self->n_dangling = 0;
}

void
_wirelab_canvas_scene_clear (WirelabCanvas *self)
{
  _wirelab_canvas_scene_detach (self);
  g_clear_pointer (&self->nodes, g_ptr_array_unref);
  g_clear_pointer (&self->links, g_ptr_array_unref);
  g_clear_pointer (&self->node_items, g_hash_table_unref);
  g_clear_pointer (&self->link_items, g_hash_table_unref);
  g_clear_pointer (&self->node_ids, g_hash_table_unref);
  g_clear_pointer (&self->node_grid, wl_hit_grid_free);
  g_clear_pointer (&self->link_grid, wl_hit_grid_free);
}

WlCanvasNode *
_wirelab_canvas_lookup_node (WirelabCanvas *self,
                             WirelabNode   *node)
{
  return node != NULL ? g_hash_table_lookup (self->node_items, node) : NULL;
}

WlCanvasLink *
_wirelab_canvas_lookup_link (WirelabCanvas *self,
                             WirelabLink   *link)
{
  return link != NULL ? g_hash_table_lookup (self->link_items, link) : NULL;
}

void
_wirelab_canvas_invalidate_all (WirelabCanvas *self)
{
  for (guint i = 0; i < self->nodes->len; i++)
    drop_node_cache (self, g_ptr_array_index (self->nodes, i));
  for (guint i = 0; i < self->links->len; i++)
    drop_link_cache (self, g_ptr_array_index (self->links, i));
  _wirelab_canvas_queue_draw (self);
}

/* The font or the labels' look changed: lay every text out again. */
void
_wirelab_canvas_invalidate_layouts (WirelabCanvas *self)
{
  for (guint i = 0; i < self->nodes->len; i++)
    {
      WlCanvasNode *item = g_ptr_array_index (self->nodes, i);

      g_clear_object (&item->layout);
      _wirelab_canvas_node_update_bounds (self, item);
    }
  for (guint i = 0; i < self->links->len; i++)
    {
      WlCanvasLink *item = g_ptr_array_index (self->links, i);

      g_clear_object (&item->labels[0]);
      g_clear_object (&item->labels[1]);
    }
  _wirelab_canvas_invalidate_all (self);
}

/* The union of every node's bounds; FALSE when the lab has no node. */
gboolean
_wirelab_canvas_items_bounds (WirelabCanvas   *self,
                              graphene_rect_t *rect)
{
  if (self->nodes == NULL || self->nodes->len == 0)
    return FALSE;
  *rect = ((WlCanvasNode *) g_ptr_array_index (self->nodes, 0))->bounds;
  for (guint i = 1; i < self->nodes->len; i++)
    graphene_rect_union (rect, &((WlCanvasNode *) g_ptr_array_index (self->nodes, i))->bounds,
                         rect);
  return TRUE;
}
