/* wirelab-canvas.c: the topology canvas
 *
 * Copyright 2026 The Wirelab authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * The widget: properties, signals, actions, the view transform and the
 * selection.  Drawing is in -render.c, the lab mirror in -scene.c, pointer
 * and keys in -input.c, the link tool, drops and renaming in their files.
 */

#define G_LOG_DOMAIN "wirelab-canvas"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "wirelab-canvas-private.h"

G_DEFINE_FINAL_TYPE (WirelabCanvas, wirelab_canvas, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_LAB,
  PROP_ZOOM,
  PROP_LINK_MODE,
  PROP_SHOW_GRID,
  PROP_SNAP_TO_GRID,
  PROP_SHOW_INTERFACE_LABELS,
  PROP_NODE_MENU,
  PROP_LINK_MENU,
  PROP_BACKGROUND_MENU,
  N_PROPS
};

enum {
  SELECTION_CHANGED,
  NODE_ACTIVATED,
  CONTEXT_MENU,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

#define ZOOM_STEP 1.2

GtkWidget *
wirelab_canvas_new (void)
{
  return g_object_new (WIRELAB_TYPE_CANVAS, NULL);
}

void
_wirelab_canvas_queue_draw (WirelabCanvas *self)
{
  if (!self->in_dispose)
    gtk_widget_queue_draw (GTK_WIDGET (self));
}

/* ---- view ---- */

void
wirelab_canvas_model_to_widget (WirelabCanvas *self,
                                double         mx,
                                double         my,
                                double        *wx,
                                double        *wy)
{
  g_return_if_fail (WIRELAB_IS_CANVAS (self));

  if (wx != NULL)
    *wx = mx * self->zoom + self->offset_x;
  if (wy != NULL)
    *wy = my * self->zoom + self->offset_y;
}

void
wirelab_canvas_widget_to_model (WirelabCanvas *self,
                                double         wx,
                                double         wy,
                                double        *mx,
                                double        *my)
{
  g_return_if_fail (WIRELAB_IS_CANVAS (self));

  if (mx != NULL)
    *mx = (wx - self->offset_x) / self->zoom;
  if (my != NULL)
    *my = (wy - self->offset_y) / self->zoom;
}

void
_wirelab_canvas_visible_model_rect (WirelabCanvas   *self,
                                    graphene_rect_t *rect)
{
  double x0, y0, x1, y1;

  wirelab_canvas_widget_to_model (self, 0, 0, &x0, &y0);
  wirelab_canvas_widget_to_model (self, gtk_widget_get_width (GTK_WIDGET (self)),
                                  gtk_widget_get_height (GTK_WIDGET (self)), &x1, &y1);
  *rect = GRAPHENE_RECT_INIT (x0, y0, x1 - x0, y1 - y0);
}

double
_wirelab_canvas_snap (WirelabCanvas *self,
                      double         v)
{
  if (!self->snap_to_grid || self->grid_size == 0)
    return v;
  return round (v / self->grid_size) * self->grid_size;
}

static void
apply_zoom (WirelabCanvas *self,
            double         zoom,
            double         x,
            double         y)
{
  double mx, my;

  zoom = CLAMP (zoom, WIRELAB_CANVAS_MIN_ZOOM, WIRELAB_CANVAS_MAX_ZOOM);
  if (zoom == self->zoom)
    return;
  wirelab_canvas_widget_to_model (self, x, y, &mx, &my);
  self->zoom = zoom;
  self->offset_x = x - mx * zoom;
  self->offset_y = y - my * zoom;
  if (self->lab != NULL && wirelab_lab_get_zoom (self->lab) != zoom)
    wirelab_lab_set_zoom (self->lab, zoom);
  if (self->renaming != NULL)
    gtk_widget_queue_allocate (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ZOOM]);
  _wirelab_canvas_update_actions (self);
  _wirelab_canvas_queue_draw (self);
}

double
wirelab_canvas_get_zoom (WirelabCanvas *self)
{
  g_return_val_if_fail (WIRELAB_IS_CANVAS (self), 1.0);
  return self->zoom;
}

void
wirelab_canvas_set_zoom (WirelabCanvas *self,
                         double         zoom)
{
  g_return_if_fail (WIRELAB_IS_CANVAS (self));
  apply_zoom (self, zoom, gtk_widget_get_width (GTK_WIDGET (self)) / 2.0,
              gtk_widget_get_height (GTK_WIDGET (self)) / 2.0);
}

void
wirelab_canvas_zoom_at (WirelabCanvas *self,
                        double         factor,
                        double         x,
                        double         y)
{
  g_return_if_fail (WIRELAB_IS_CANVAS (self));
  g_return_if_fail (factor > 0);
  apply_zoom (self, self->zoom * factor, x, y);
}

void
wirelab_canvas_scroll_by (WirelabCanvas *self,
                          double         dx,
                          double         dy)
{
  g_return_if_fail (WIRELAB_IS_CANVAS (self));

  if (dx == 0 && dy == 0)
    return;
  self->offset_x -= dx;
  self->offset_y -= dy;
  if (self->renaming != NULL)
    gtk_widget_queue_allocate (GTK_WIDGET (self));
  _wirelab_canvas_queue_draw (self);
}

void
wirelab_canvas_center_on (WirelabCanvas *self,
                          double         x,
                          double         y)
{
  g_return_if_fail (WIRELAB_IS_CANVAS (self));

  self->offset_x = gtk_widget_get_width (GTK_WIDGET (self)) / 2.0 - x * self->zoom;
  self->offset_y = gtk_widget_get_height (GTK_WIDGET (self)) / 2.0 - y * self->zoom;
  self->view_placed = TRUE;
  if (self->renaming != NULL)
    gtk_widget_queue_allocate (GTK_WIDGET (self));
  _wirelab_canvas_queue_draw (self);
}

void
wirelab_canvas_fit (WirelabCanvas *self)
{
  int width, height;
  double margin = 32, zoom;
  graphene_rect_t bounds;

  g_return_if_fail (WIRELAB_IS_CANVAS (self));

  width = gtk_widget_get_width (GTK_WIDGET (self));
  height = gtk_widget_get_height (GTK_WIDGET (self));
  if (!_wirelab_canvas_items_bounds (self, &bounds))
    {
      apply_zoom (self, 1.0, width / 2.0, height / 2.0);
      wirelab_canvas_center_on (self, 0, 0);
      return;
    }
  if (width <= 2 * margin || height <= 2 * margin)
    {
      /* Not allocated yet: fit once there is room. */
      self->view_placed = FALSE;
      return;
    }
  zoom = MIN ((width - 2 * margin) / MAX (bounds.size.width, 1),
              (height - 2 * margin) / MAX (bounds.size.height, 1));
  apply_zoom (self, MIN (zoom, 2.0), width / 2.0, height / 2.0);
  wirelab_canvas_center_on (self, bounds.origin.x + bounds.size.width / 2,
                            bounds.origin.y + bounds.size.height / 2);
}

/* ---- selection ---- */

void
_wirelab_canvas_selection_changed (WirelabCanvas *self)
{
  if (self->in_dispose)
    return;
  _wirelab_canvas_update_actions (self);
  g_signal_emit (self, signals[SELECTION_CHANGED], 0);
}

void
_wirelab_canvas_set_node_selected (WirelabCanvas *self,
                                   WlCanvasNode  *item,
                                   gboolean       selected)
{
  if (item->selected == !!selected)
    return;
  item->selected = !!selected;
  self->n_selected += selected ? 1 : -1;
  _wirelab_canvas_invalidate_node (self, item);
}

void
_wirelab_canvas_set_link_selected (WirelabCanvas *self,
                                   WlCanvasLink  *item)
{
  if (self->selected_link == item)
    return;
  if (self->selected_link != NULL)
    {
      self->selected_link->selected = FALSE;
      _wirelab_canvas_invalidate_link (self, self->selected_link);
    }
  self->selected_link = item;
  if (item != NULL)
    {
      item->selected = TRUE;
      _wirelab_canvas_invalidate_link (self, item);
    }
}

GPtrArray *
wirelab_canvas_get_selected_nodes (WirelabCanvas *self)
{
  GPtrArray *result;

  g_return_val_if_fail (WIRELAB_IS_CANVAS (self), NULL);

  result = g_ptr_array_new ();
  for (guint i = 0; i < self->nodes->len && result->len < self->n_selected; i++)
    {
      WlCanvasNode *item = g_ptr_array_index (self->nodes, i);

      if (item->selected)
        g_ptr_array_add (result, item->node);
    }
  return result;
}

guint
wirelab_canvas_get_n_selected_nodes (WirelabCanvas *self)
{
  g_return_val_if_fail (WIRELAB_IS_CANVAS (self), 0);
  return self->n_selected;
}

WirelabLink *
wirelab_canvas_get_selected_link (WirelabCanvas *self)
{
  g_return_val_if_fail (WIRELAB_IS_CANVAS (self), NULL);
  return self->selected_link != NULL ? self->selected_link->link : NULL;
}

static gboolean
clear_selection (WirelabCanvas *self)
{
  gboolean changed = self->n_selected > 0 || self->selected_link != NULL;

  for (guint i = 0; i < self->nodes->len && self->n_selected > 0; i++)
    _wirelab_canvas_set_node_selected (self, g_ptr_array_index (self->nodes, i), FALSE);
  _wirelab_canvas_set_link_selected (self, NULL);
  return changed;
}

void
wirelab_canvas_select_node (WirelabCanvas *self,
                            WirelabNode   *node,
                            gboolean       extend)
{
  WlCanvasNode *item;

  g_return_if_fail (WIRELAB_IS_CANVAS (self));
  g_return_if_fail (WIRELAB_IS_NODE (node));

  item = _wirelab_canvas_lookup_node (self, node);
  g_return_if_fail (item != NULL);
  if (!extend)
    clear_selection (self);
  else
    _wirelab_canvas_set_link_selected (self, NULL);
  _wirelab_canvas_set_node_selected (self, item, TRUE);
  _wirelab_canvas_selection_changed (self);
}

void
wirelab_canvas_select_link (WirelabCanvas *self,
                            WirelabLink   *link)
{
  WlCanvasLink *item;

  g_return_if_fail (WIRELAB_IS_CANVAS (self));
  g_return_if_fail (WIRELAB_IS_LINK (link));

  item = _wirelab_canvas_lookup_link (self, link);
  g_return_if_fail (item != NULL);
  clear_selection (self);
  _wirelab_canvas_set_link_selected (self, item);
  _wirelab_canvas_selection_changed (self);
}

void
wirelab_canvas_select_all (WirelabCanvas *self)
{
  g_return_if_fail (WIRELAB_IS_CANVAS (self));

  _wirelab_canvas_set_link_selected (self, NULL);
  for (guint i = 0; i < self->nodes->len; i++)
    _wirelab_canvas_set_node_selected (self, g_ptr_array_index (self->nodes, i), TRUE);
  _wirelab_canvas_selection_changed (self);
}

void
wirelab_canvas_unselect_all (WirelabCanvas *self)
{
  g_return_if_fail (WIRELAB_IS_CANVAS (self));

  if (clear_selection (self))
    _wirelab_canvas_selection_changed (self);
}

void
wirelab_canvas_delete_selection (WirelabCanvas *self)
{
  g_autoptr(GPtrArray) nodes = NULL;
  g_autoptr(WirelabLink) link = NULL;
  WirelabHistory *history;
  g_autofree char *label = NULL;

  g_return_if_fail (WIRELAB_IS_CANVAS (self));

  if (self->lab == NULL)
    return;
  nodes = wirelab_canvas_get_selected_nodes (self);
  if (self->selected_link != NULL)
    link = g_object_ref (self->selected_link->link);
  if (nodes->len == 0 && link == NULL)
    return;

  _wirelab_canvas_cancel_drag (self);
  /* Hold the nodes: removing the first may free items of the others. */
  g_ptr_array_set_free_func (nodes, g_object_unref);
  for (guint i = 0; i < nodes->len; i++)
    g_object_ref (g_ptr_array_index (nodes, i));

  history = wirelab_lab_get_history (self->lab);
  if (nodes->len > 1)
    label = g_strdup_printf (ngettext ("Delete %u node", "Delete %u nodes", nodes->len),
                             nodes->len);
  wirelab_history_begin_group (history, label);
  if (link != NULL)
    wirelab_lab_remove_link (self->lab, link);
  for (guint i = 0; i < nodes->len; i++)
    wirelab_lab_remove_node (self->lab, g_ptr_array_index (nodes, i));
  wirelab_history_end_group (history);
}

/* ---- adding ---- */

GPtrArray *
wirelab_canvas_add_nodes (WirelabCanvas    *self,
                          WirelabNodeKind   kind,
                          const char       *image_id,
                          guint             count,
                          double            x,
                          double            y,
                          GError          **error)
{
  g_autoptr(GPtrArray) added = NULL;
  WirelabHistory *history;
  g_autofree char *label = NULL;

  g_return_val_if_fail (WIRELAB_IS_CANVAS (self), NULL);
  g_return_val_if_fail (count >= 1 && count <= 100, NULL);

  if (self->lab == NULL)
    {
      g_set_error_literal (error, WIRELAB_LAB_ERROR, WIRELAB_LAB_ERROR_INVALID,
                           _("There is no lab to add to"));
      return NULL;
    }

  history = wirelab_lab_get_history (self->lab);
  if (count > 1)
    label = g_strdup_printf (ngettext ("Add %u node", "Add %u nodes", count), count);
  added = g_ptr_array_new ();
  x = _wirelab_canvas_snap (self, x);
  y = _wirelab_canvas_snap (self, y);

  wirelab_history_begin_group (history, label);
  for (guint i = 0; i < count; i++)
    {
      double step = self->snap_to_grid && self->grid_size > 0
                    ? ceil (WL_CANVAS_ADD_SPACING / self->grid_size) * self->grid_size
                    : WL_CANVAS_ADD_SPACING;
      WirelabNode *node;

      node = wirelab_lab_create_node (self->lab, kind, image_id,
                                      x + (i % WL_CANVAS_ADD_PER_ROW) * step,
                                      y + (i / WL_CANVAS_ADD_PER_ROW) * step, error);
      if (node == NULL)
        break;
      g_ptr_array_add (added, node);
    }
  wirelab_history_end_group (history);

  if (added->len < count)
    {
      /* Nothing half-made: take back what this call added. */
      if (added->len > 0)
        wirelab_history_undo (history);
      return NULL;
    }

  clear_selection (self);
  for (guint i = 0; i < added->len; i++)
    _wirelab_canvas_set_node_selected (self, _wirelab_canvas_lookup_node (self, g_ptr_array_index (added, i)),
                                       TRUE);
  _wirelab_canvas_selection_changed (self);
  gtk_widget_grab_focus (GTK_WIDGET (self));
  return g_steal_pointer (&added);
}

/* ---- lab ---- */

static void
sync_from_lab (WirelabCanvas *self)
{
  gboolean grid = FALSE, snap = FALSE, labels = FALSE;
  guint size = 75;

  if (self->lab != NULL)
    {
      grid = wirelab_lab_get_show_grid (self->lab);
      snap = wirelab_lab_get_snap_to_grid (self->lab);
      labels = wirelab_lab_get_show_interface_labels (self->lab);
      size = wirelab_lab_get_grid_size (self->lab);
    }
  if (grid != self->show_grid)
    {
      self->show_grid = grid;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SHOW_GRID]);
      _wirelab_canvas_queue_draw (self);
    }
  if (snap != self->snap_to_grid)
    {
      self->snap_to_grid = snap;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SNAP_TO_GRID]);
    }
  if (labels != self->show_iface_labels)
    {
      self->show_iface_labels = labels;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SHOW_INTERFACE_LABELS]);
      _wirelab_canvas_invalidate_all (self);
    }
  if (size != self->grid_size)
    {
      self->grid_size = size;
      _wirelab_canvas_queue_draw (self);
    }
}

static void
on_lab_notify (WirelabLab    *lab,
               GParamSpec    *pspec,
               WirelabCanvas *self)
{
  if (g_str_equal (pspec->name, "zoom"))
    wirelab_canvas_set_zoom (self, wirelab_lab_get_zoom (lab));
  else
    sync_from_lab (self);
}

WirelabLab *
wirelab_canvas_get_lab (WirelabCanvas *self)
{
  g_return_val_if_fail (WIRELAB_IS_CANVAS (self), NULL);
  return self->lab;
}

void
wirelab_canvas_set_lab (WirelabCanvas *self,
                        WirelabLab    *lab)
{
  gboolean had_selection;

  g_return_if_fail (WIRELAB_IS_CANVAS (self));
  g_return_if_fail (lab == NULL || WIRELAB_IS_LAB (lab));

  if (self->lab == lab)
    return;

  had_selection = self->n_selected > 0 || self->selected_link != NULL;
  _wirelab_canvas_cancel_drag (self);
  _wirelab_canvas_link_tool_cancel (self);
  _wirelab_canvas_rename_cancel (self);
  if (self->lab != NULL)
    {
      g_clear_signal_handler (&self->lab_notify_id, self->lab);
      _wirelab_canvas_scene_detach (self);
      g_clear_object (&self->lab);
    }
  self->n_selected = 0;
  self->selected_link = NULL;

  if (lab != NULL)
    {
      self->lab = g_object_ref (lab);
      self->zoom = CLAMP (wirelab_lab_get_zoom (lab), WIRELAB_CANVAS_MIN_ZOOM,
                          WIRELAB_CANVAS_MAX_ZOOM);
      _wirelab_canvas_scene_attach (self);
      self->lab_notify_id = g_signal_connect (lab, "notify", G_CALLBACK (on_lab_notify), self);
    }
  sync_from_lab (self);
  self->view_placed = FALSE;
  gtk_widget_queue_allocate (GTK_WIDGET (self));
  _wirelab_canvas_queue_draw (self);
  _wirelab_canvas_update_actions (self);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LAB]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ZOOM]);
  if (had_selection)
    _wirelab_canvas_selection_changed (self);
}

/* ---- link mode, menus ---- */

gboolean
wirelab_canvas_get_link_mode (WirelabCanvas *self)
{
  g_return_val_if_fail (WIRELAB_IS_CANVAS (self), FALSE);
  return self->link_mode;
}

void
wirelab_canvas_set_link_mode (WirelabCanvas *self,
                              gboolean       link_mode)
{
  g_return_if_fail (WIRELAB_IS_CANVAS (self));

  link_mode = !!link_mode;
  if (self->link_mode == link_mode)
    return;
  self->link_mode = link_mode;
  if (!link_mode)
    _wirelab_canvas_link_tool_cancel (self);
  gtk_widget_set_cursor_from_name (GTK_WIDGET (self), link_mode ? "crosshair" : NULL);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LINK_MODE]);
}

static void
set_menu (WirelabCanvas  *self,
          GMenuModel    **slot,
          GMenuModel     *menu,
          int             prop)
{
  g_return_if_fail (WIRELAB_IS_CANVAS (self));
  g_return_if_fail (menu == NULL || G_IS_MENU_MODEL (menu));

  if (g_set_object (slot, menu))
    g_object_notify_by_pspec (G_OBJECT (self), properties[prop]);
}

void
wirelab_canvas_set_node_menu (WirelabCanvas *self,
                              GMenuModel    *menu)
{
  set_menu (self, &self->node_menu, menu, PROP_NODE_MENU);
}

void
wirelab_canvas_set_link_menu (WirelabCanvas *self,
                              GMenuModel    *menu)
{
  set_menu (self, &self->link_menu, menu, PROP_LINK_MENU);
}

void
wirelab_canvas_set_background_menu (WirelabCanvas *self,
                                    GMenuModel    *menu)
{
  set_menu (self, &self->background_menu, menu, PROP_BACKGROUND_MENU);
}

/* ---- hit tests ---- */

static gboolean
node_hit (WirelabCanvas *self,
          WlCanvasNode  *item,
          double         mx,
          double         my)
{
  double half = WL_CANVAS_SYMBOL / 2 + 2;

  if (fabs (mx - item->x) <= half && fabs (my - item->y) <= half)
    return TRUE;
  /* The name below counts too (it is where a rename starts). */
  _wirelab_canvas_node_layout (self, item);
  return graphene_rect_contains_point (&item->bounds, &GRAPHENE_POINT_INIT (mx, my)) &&
         my > item->y + half;
}

WirelabNode *
wirelab_canvas_get_node_at (WirelabCanvas *self,
                            double         x,
                            double         y)
{
  g_autoptr(GPtrArray) hits = NULL;
  WlCanvasNode *best = NULL;
  double mx, my;

  g_return_val_if_fail (WIRELAB_IS_CANVAS (self), NULL);

  wirelab_canvas_widget_to_model (self, x, y, &mx, &my);
  hits = wl_hit_grid_query (self->node_grid, &GRAPHENE_RECT_INIT (mx, my, 0, 0));
  for (guint i = 0; i < hits->len; i++)
    {
      WlCanvasNode *item = g_ptr_array_index (hits, i);

      /* The topmost: drawn last. */
      if (node_hit (self, item, mx, my) && (best == NULL || item->serial > best->serial))
        best = item;
    }
  return best != NULL ? best->node : NULL;
}

WirelabLink *
wirelab_canvas_get_link_at (WirelabCanvas *self,
                            double         x,
                            double         y)
{
  g_autoptr(GPtrArray) hits = NULL;
  WlCanvasLink *best = NULL;
  double best_d = 6.0 / MAX (self->zoom, 0.01) + WL_CANVAS_LINK_WIDTH;
  double mx, my;

  g_return_val_if_fail (WIRELAB_IS_CANVAS (self), NULL);

  wirelab_canvas_widget_to_model (self, x, y, &mx, &my);
  hits = wl_hit_grid_query (self->link_grid, &GRAPHENE_RECT_INIT (mx, my, 0, 0));
  for (guint i = 0; i < hits->len; i++)
    {
      WlCanvasLink *item = g_ptr_array_index (hits, i);
      double ax, ay, bx, by, dx, dy, t, d, len2;

      if (item->ends[0] == NULL || item->ends[1] == NULL)
        continue;
      ax = item->ends[0]->x;
      ay = item->ends[0]->y;
      bx = item->ends[1]->x;
      by = item->ends[1]->y;
      dx = bx - ax;
      dy = by - ay;
      len2 = dx * dx + dy * dy;
      t = len2 > 0 ? CLAMP (((mx - ax) * dx + (my - ay) * dy) / len2, 0, 1) : 0;
      d = hypot (mx - (ax + t * dx), my - (ay + t * dy));
      if (d <= best_d)
        {
          best = item;
          best_d = d;
        }
    }
  return best != NULL ? best->link : NULL;
}

/* ---- actions ---- */

void
_wirelab_canvas_update_actions (WirelabCanvas *self)
{
  GtkWidget *widget = GTK_WIDGET (self);
  gboolean has_lab = self->lab != NULL;
  gboolean has_nodes = has_lab && self->nodes->len > 0;

  if (self->in_dispose)
    return;
  gtk_widget_action_set_enabled (widget, "canvas.select-all", has_nodes);
  gtk_widget_action_set_enabled (widget, "canvas.select-none",
                                 self->n_selected > 0 || self->selected_link != NULL);
  gtk_widget_action_set_enabled (widget, "canvas.delete-selection",
                                 has_lab && (self->n_selected > 0 || self->selected_link != NULL));
  gtk_widget_action_set_enabled (widget, "canvas.rename", has_lab && self->n_selected == 1);
  gtk_widget_action_set_enabled (widget, "canvas.fit", has_nodes);
  gtk_widget_action_set_enabled (widget, "canvas.zoom-in", self->zoom < WIRELAB_CANVAS_MAX_ZOOM);
  gtk_widget_action_set_enabled (widget, "canvas.zoom-out", self->zoom > WIRELAB_CANVAS_MIN_ZOOM);
  gtk_widget_action_set_enabled (widget, "canvas.add-node", has_lab);
}

static void
center_point (WirelabCanvas *self,
              double        *x,
              double        *y)
{
  *x = gtk_widget_get_width (GTK_WIDGET (self)) / 2.0;
  *y = gtk_widget_get_height (GTK_WIDGET (self)) / 2.0;
}

static void
action_zoom (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  WirelabCanvas *self = WIRELAB_CANVAS (widget);
  double x, y;

  center_point (self, &x, &y);
  if (g_str_equal (action_name, "canvas.zoom-in"))
    wirelab_canvas_zoom_at (self, ZOOM_STEP, x, y);
  else if (g_str_equal (action_name, "canvas.zoom-out"))
    wirelab_canvas_zoom_at (self, 1 / ZOOM_STEP, x, y);
  else
    wirelab_canvas_set_zoom (self, 1.0);
}

static void
action_fit (GtkWidget  *widget,
            const char *action_name,
            GVariant   *param)
{
  wirelab_canvas_fit (WIRELAB_CANVAS (widget));
}

static void
action_select (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  if (g_str_equal (action_name, "canvas.select-all"))
    wirelab_canvas_select_all (WIRELAB_CANVAS (widget));
  else
    wirelab_canvas_unselect_all (WIRELAB_CANVAS (widget));
}

static void
action_delete (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  wirelab_canvas_delete_selection (WIRELAB_CANVAS (widget));
}

static void
action_cancel (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  _wirelab_canvas_cancel (WIRELAB_CANVAS (widget));
}

static void
action_rename (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  WirelabCanvas *self = WIRELAB_CANVAS (widget);
  g_autoptr(GPtrArray) nodes = wirelab_canvas_get_selected_nodes (self);

  if (nodes->len == 1)
    wirelab_canvas_start_rename (self, g_ptr_array_index (nodes, 0));
}

static void
action_add_node (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *param)
{
  WirelabCanvas *self = WIRELAB_CANVAS (widget);
  g_autoptr(GPtrArray) added = NULL;
  g_autoptr(GError) error = NULL;
  const char *nick, *image;
  WirelabNodeKind kind;
  double x, y, mx, my;

  g_variant_get (param, "(&s&s)", &nick, &image);
  if (!wirelab_node_kind_from_string (nick, &kind))
    {
      g_warning ("canvas.add-node: unknown kind “%s”", nick);
      return;
    }
  center_point (self, &x, &y);
  wirelab_canvas_widget_to_model (self, x, y, &mx, &my);
  added = wirelab_canvas_add_nodes (self, kind, *image != '\0' ? image : NULL, 1, mx, my, &error);
  if (added == NULL)
    _wirelab_canvas_report_error (self, error, x, y);
}

/* ---- popovers ---- */

void
_wirelab_canvas_show_popover_at (WirelabCanvas *self,
                                 GtkWidget     *popover,
                                 double         x,
                                 double         y)
{
  GdkRectangle rect = { (int) x, (int) y, 1, 1 };

  if (gtk_widget_get_parent (popover) == NULL)
    gtk_widget_set_parent (popover, GTK_WIDGET (self));
  gtk_popover_set_pointing_to (GTK_POPOVER (popover), &rect);
  gtk_popover_popup (GTK_POPOVER (popover));
}

/* ---- GtkWidget ---- */

static void
wirelab_canvas_measure (GtkWidget      *widget,
                        GtkOrientation  orientation,
                        int             for_size,
                        int            *minimum,
                        int            *natural,
                        int            *minimum_baseline,
                        int            *natural_baseline)
{
  *minimum = 120;
  *natural = orientation == GTK_ORIENTATION_HORIZONTAL ? 800 : 600;
}

static void
wirelab_canvas_size_allocate (GtkWidget *widget,
                              int        width,
                              int        height,
                              int        baseline)
{
  WirelabCanvas *self = WIRELAB_CANVAS (widget);

  if (!self->view_placed && width > 0 && height > 0)
    {
      graphene_rect_t bounds;

      self->view_placed = TRUE;
      if (_wirelab_canvas_items_bounds (self, &bounds))
        wirelab_canvas_center_on (self, bounds.origin.x + bounds.size.width / 2,
                                  bounds.origin.y + bounds.size.height / 2);
      else
        wirelab_canvas_center_on (self, 0, 0);
    }

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (GTK_IS_POPOVER (child))
      gtk_popover_present (GTK_POPOVER (child));
  _wirelab_canvas_rename_allocate (self);
}

static void
wirelab_canvas_snapshot (GtkWidget   *widget,
                         GtkSnapshot *snapshot)
{
  WirelabCanvas *self = WIRELAB_CANVAS (widget);

  _wirelab_canvas_render_scene (self, snapshot);
  if (self->rename_box != NULL && gtk_widget_get_visible (self->rename_box))
    gtk_widget_snapshot_child (widget, self->rename_box, snapshot);
}

static void
wirelab_canvas_css_changed (GtkWidget         *widget,
                            GtkCssStyleChange *change)
{
  WirelabCanvas *self = WIRELAB_CANVAS (widget);

  GTK_WIDGET_CLASS (wirelab_canvas_parent_class)->css_changed (widget, change);
  _wirelab_canvas_load_style (self);
  _wirelab_canvas_invalidate_layouts (self);
}

static void
on_scale_factor (WirelabCanvas *self)
{
  _wirelab_canvas_queue_draw (self);
}

/* ---- GObject ---- */

static void
wirelab_canvas_dispose (GObject *object)
{
  WirelabCanvas *self = WIRELAB_CANVAS (object);
  GtkWidget *child;

  self->in_dispose = TRUE;
  g_clear_handle_id (&self->zoom_sync_id, g_source_remove);
  _wirelab_canvas_cancel_drag (self);
  _wirelab_canvas_link_tool_dispose (self);
  _wirelab_canvas_rename_dispose (self);
  if (self->lab != NULL)
    {
      g_clear_signal_handler (&self->lab_notify_id, self->lab);
      _wirelab_canvas_scene_detach (self);
      g_clear_object (&self->lab);
    }
  if (self->count_dialog != NULL)
    gtk_window_destroy (GTK_WINDOW (self->count_dialog));
  g_clear_pointer (&self->menu_popover, gtk_widget_unparent);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  g_clear_object (&self->node_menu);
  g_clear_object (&self->link_menu);
  g_clear_object (&self->background_menu);

  G_OBJECT_CLASS (wirelab_canvas_parent_class)->dispose (object);
}

static void
wirelab_canvas_finalize (GObject *object)
{
  WirelabCanvas *self = WIRELAB_CANVAS (object);

  _wirelab_canvas_scene_clear (self);
  g_clear_pointer (&self->drag_nodes, g_ptr_array_unref);
  g_clear_pointer (&self->drag_edges, g_ptr_array_unref);
  g_clear_pointer (&self->rubber_base, g_hash_table_unref);
  g_clear_pointer (&self->name_font, pango_font_description_free);
  g_clear_pointer (&self->iface_font, pango_font_description_free);
  g_clear_pointer (&self->dot_textures, g_hash_table_unref);

  G_OBJECT_CLASS (wirelab_canvas_parent_class)->finalize (object);
}

static void
wirelab_canvas_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  WirelabCanvas *self = WIRELAB_CANVAS (object);

  switch (prop_id)
    {
    case PROP_LAB:
      g_value_set_object (value, self->lab);
      break;
    case PROP_ZOOM:
      g_value_set_double (value, self->zoom);
      break;
    case PROP_LINK_MODE:
      g_value_set_boolean (value, self->link_mode);
      break;
    case PROP_SHOW_GRID:
      g_value_set_boolean (value, self->show_grid);
      break;
    case PROP_SNAP_TO_GRID:
      g_value_set_boolean (value, self->snap_to_grid);
      break;
    case PROP_SHOW_INTERFACE_LABELS:
      g_value_set_boolean (value, self->show_iface_labels);
      break;
    case PROP_NODE_MENU:
      g_value_set_object (value, self->node_menu);
      break;
    case PROP_LINK_MENU:
      g_value_set_object (value, self->link_menu);
      break;
    case PROP_BACKGROUND_MENU:
      g_value_set_object (value, self->background_menu);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
wirelab_canvas_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  WirelabCanvas *self = WIRELAB_CANVAS (object);

  switch (prop_id)
    {
    case PROP_LAB:
      wirelab_canvas_set_lab (self, g_value_get_object (value));
      break;
    case PROP_ZOOM:
      wirelab_canvas_set_zoom (self, g_value_get_double (value));
      break;
    case PROP_LINK_MODE:
      wirelab_canvas_set_link_mode (self, g_value_get_boolean (value));
      break;
    case PROP_SHOW_GRID:
      if (self->lab != NULL)
        wirelab_lab_set_show_grid (self->lab, g_value_get_boolean (value));
      break;
    case PROP_SNAP_TO_GRID:
      if (self->lab != NULL)
        wirelab_lab_set_snap_to_grid (self->lab, g_value_get_boolean (value));
      break;
    case PROP_SHOW_INTERFACE_LABELS:
      if (self->lab != NULL)
        wirelab_lab_set_show_interface_labels (self->lab, g_value_get_boolean (value));
      break;
    case PROP_NODE_MENU:
      wirelab_canvas_set_node_menu (self, g_value_get_object (value));
      break;
    case PROP_LINK_MENU:
      wirelab_canvas_set_link_menu (self, g_value_get_object (value));
      break;
    case PROP_BACKGROUND_MENU:
      wirelab_canvas_set_background_menu (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
wirelab_canvas_class_init (WirelabCanvasClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GParamFlags rw = G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY;

  object_class->dispose = wirelab_canvas_dispose;
  object_class->finalize = wirelab_canvas_finalize;
  object_class->get_property = wirelab_canvas_get_property;
  object_class->set_property = wirelab_canvas_set_property;

  widget_class->measure = wirelab_canvas_measure;
  widget_class->size_allocate = wirelab_canvas_size_allocate;
  widget_class->snapshot = wirelab_canvas_snapshot;
  widget_class->css_changed = wirelab_canvas_css_changed;

  properties[PROP_LAB] =
    g_param_spec_object ("lab", NULL, NULL, WIRELAB_TYPE_LAB, rw);
  properties[PROP_ZOOM] =
    g_param_spec_double ("zoom", NULL, NULL, WIRELAB_CANVAS_MIN_ZOOM, WIRELAB_CANVAS_MAX_ZOOM,
                         1.0, rw);
  properties[PROP_LINK_MODE] =
    g_param_spec_boolean ("link-mode", NULL, NULL, FALSE, rw);
  properties[PROP_SHOW_GRID] =
    g_param_spec_boolean ("show-grid", NULL, NULL, FALSE, rw);
  properties[PROP_SNAP_TO_GRID] =
    g_param_spec_boolean ("snap-to-grid", NULL, NULL, FALSE, rw);
  properties[PROP_SHOW_INTERFACE_LABELS] =
    g_param_spec_boolean ("show-interface-labels", NULL, NULL, FALSE, rw);
  properties[PROP_NODE_MENU] =
    g_param_spec_object ("node-menu", NULL, NULL, G_TYPE_MENU_MODEL, rw);
  properties[PROP_LINK_MENU] =
    g_param_spec_object ("link-menu", NULL, NULL, G_TYPE_MENU_MODEL, rw);
  properties[PROP_BACKGROUND_MENU] =
    g_param_spec_object ("background-menu", NULL, NULL, G_TYPE_MENU_MODEL, rw);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* The selection changed (nodes or the link). */
  signals[SELECTION_CHANGED] =
    g_signal_new ("selection-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  /* A node was double-clicked (open its console). */
  signals[NODE_ACTIVATED] =
    g_signal_new ("node-activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, WIRELAB_TYPE_NODE);
  /* (item: WirelabNode, WirelabLink or NULL, x, y widget) → handled. */
  signals[CONTEXT_MENU] =
    g_signal_new ("context-menu", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, g_signal_accumulator_true_handled, NULL, NULL,
                  G_TYPE_BOOLEAN, 3, G_TYPE_OBJECT, G_TYPE_DOUBLE, G_TYPE_DOUBLE);

  gtk_widget_class_install_action (widget_class, "canvas.zoom-in", NULL, action_zoom);
  gtk_widget_class_install_action (widget_class, "canvas.zoom-out", NULL, action_zoom);
  gtk_widget_class_install_action (widget_class, "canvas.zoom-reset", NULL, action_zoom);
  gtk_widget_class_install_action (widget_class, "canvas.fit", NULL, action_fit);
  gtk_widget_class_install_action (widget_class, "canvas.select-all", NULL, action_select);
  gtk_widget_class_install_action (widget_class, "canvas.select-none", NULL, action_select);
  gtk_widget_class_install_action (widget_class, "canvas.delete-selection", NULL, action_delete);
  gtk_widget_class_install_action (widget_class, "canvas.rename", NULL, action_rename);
  gtk_widget_class_install_action (widget_class, "canvas.cancel", NULL, action_cancel);
  gtk_widget_class_install_action (widget_class, "canvas.add-node", "(ss)", action_add_node);
  gtk_widget_class_install_property_action (widget_class, "canvas.link-mode", "link-mode");
  gtk_widget_class_install_property_action (widget_class, "canvas.toggle-grid", "show-grid");
  gtk_widget_class_install_property_action (widget_class, "canvas.toggle-snap", "snap-to-grid");
  gtk_widget_class_install_property_action (widget_class, "canvas.toggle-interface-labels",
                                            "show-interface-labels");

  _wirelab_canvas_input_class_init (widget_class);

  gtk_widget_class_set_css_name (widget_class, "wirelab-canvas");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
wirelab_canvas_init (WirelabCanvas *self)
{
  self->zoom = 1.0;
  self->grid_size = 75;
  _wirelab_canvas_scene_init (self);
  _wirelab_canvas_load_style (self);

  gtk_widget_set_focusable (GTK_WIDGET (self), TRUE);
  gtk_widget_set_overflow (GTK_WIDGET (self), GTK_OVERFLOW_HIDDEN);
  gtk_widget_set_hexpand (GTK_WIDGET (self), TRUE);
  gtk_widget_set_vexpand (GTK_WIDGET (self), TRUE);
  g_signal_connect (self, "notify::scale-factor", G_CALLBACK (on_scale_factor), NULL);

  _wirelab_canvas_input_init (self);
  _wirelab_canvas_dnd_init (self);
  _wirelab_canvas_rename_init (self);
  _wirelab_canvas_update_actions (self);
}
