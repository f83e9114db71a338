/* wirelab-canvas-input.c: pointer, touchpad and keys on the canvas
 *
 * Copyright 2026 The Wirelab authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * A move floats the selected nodes: each frame draws their own cached
 * render nodes translated by the drag offset, and they land in the model at
 * the end as one undo step.  Links with one end on a moving node are the
 * only things drawn afresh per frame.
 */

#define G_LOG_DOMAIN "wirelab-canvas"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "wirelab-canvas-private.h"

#define ZOOM_STEP        1.2
#define WHEEL_PIXELS     48.0
#define DRAG_THRESHOLD   4.0

/* ---- moving ---- */

static void
float_selection (WirelabCanvas *self)
{
  g_autoptr(GHashTable) edges = g_hash_table_new (NULL, NULL);

  self->drag_nodes = g_ptr_array_new ();
  self->drag_edges = g_ptr_array_new ();
  for (guint i = 0; i < self->nodes->len; i++)
    {
      WlCanvasNode *item = g_ptr_array_index (self->nodes, i);

      if (!item->selected)
        continue;
      item->floating = TRUE;
      g_ptr_array_add (self->drag_nodes, item);
    }
  for (guint i = 0; i < self->drag_nodes->len; i++)
    {
      WlCanvasNode *item = g_ptr_array_index (self->drag_nodes, i);

      for (guint j = 0; j < item->links->len; j++)
        {
          WlCanvasLink *link = g_ptr_array_index (item->links, j);

          if (!g_hash_table_add (edges, link))
            continue;
          link->floating = TRUE;
          if (link->ends[0] == NULL || link->ends[1] == NULL ||
              !link->ends[0]->floating || !link->ends[1]->floating)
            g_ptr_array_add (self->drag_edges, link);
        }
    }
  self->drag_dx = self->drag_dy = 0;
  _wirelab_canvas_queue_draw (self);
}

static void
move_nodes (WirelabHistory *history,
            GPtrArray      *items,
            double          dx,
            double          dy)
{
  g_autofree char *label = NULL;

  if (items->len > 1)
    label = g_strdup_printf (ngettext ("Move %u node", "Move %u nodes", items->len),
                             items->len);
  wirelab_history_begin_group (history, label);
  for (guint i = 0; i < items->len; i++)
    {
      WlCanvasNode *item = g_ptr_array_index (items, i);

      wirelab_node_set_position (item->node, item->x + dx, item->y + dy);
    }
  wirelab_history_end_group (history);
}

static void
land_selection (WirelabCanvas *self,
                gboolean       commit)
{
  WirelabHistory *history = self->lab != NULL ? wirelab_lab_get_history (self->lab) : NULL;
  g_autoptr(GPtrArray) nodes = NULL;
  g_autoptr(GPtrArray) links = NULL;
  double dx = self->drag_dx, dy = self->drag_dy;

  if (self->drag_nodes == NULL)
    return;

  nodes = g_steal_pointer (&self->drag_nodes);
  links = g_ptr_array_new ();
  g_clear_pointer (&self->drag_edges, g_ptr_array_unref);
  self->drag_dx = self->drag_dy = 0;
  _wirelab_canvas_queue_draw (self);

  for (guint i = 0; i < nodes->len; i++)
    {
      WlCanvasNode *item = g_ptr_array_index (nodes, i);

      item->floating = FALSE;
      for (guint j = 0; j < item->links->len; j++)
        ((WlCanvasLink *) g_ptr_array_index (item->links, j))->floating = FALSE;
    }

  if (!commit || history == NULL || (dx == 0 && dy == 0))
    return;

  /* One undo step for the whole drag, apart from the moves before and
   * after.  The group also spares the history from matching each move
   * against the step's earlier ones (quadratic for a big selection). */
  wirelab_history_seal (history);
  move_nodes (history, nodes, dx, dy);
  wirelab_history_seal (history);
}

void
_wirelab_canvas_cancel_drag (WirelabCanvas *self)
{
  if (self->drag_mode == WL_DRAG_MOVE)
    land_selection (self, FALSE);
  if (self->drag_mode == WL_DRAG_RUBBER)
    _wirelab_canvas_queue_draw (self);
  g_clear_pointer (&self->rubber_base, g_hash_table_unref);
  self->drag_mode = WL_DRAG_NONE;
  self->press_node = NULL;
  self->press_link = NULL;
  if (self->drag_gesture != NULL && !self->in_dispose)
    gtk_event_controller_reset (GTK_EVENT_CONTROLLER (self->drag_gesture));
}

void
_wirelab_canvas_move_selection (WirelabCanvas *self,
                                double         dx,
                                double         dy)
{
  g_autoptr(GPtrArray) items = NULL;

  if (self->lab == NULL || self->n_selected == 0)
    return;
  items = g_ptr_array_new ();
  for (guint i = 0; i < self->nodes->len; i++)
    if (((WlCanvasNode *) g_ptr_array_index (self->nodes, i))->selected)
      g_ptr_array_add (items, g_ptr_array_index (self->nodes, i));
  /* Consecutive moves merge into one step until the arrow key is let go. */
  move_nodes (wirelab_lab_get_history (self->lab), items, dx, dy);
}

/* ---- rubber band ---- */

static void
rubber_update (WirelabCanvas *self,
               double         x0,
               double         y0,
               double         x1,
               double         y1)
{
  g_autoptr(GPtrArray) hits = NULL;
  g_autoptr(GHashTable) inside = g_hash_table_new (NULL, NULL);
  graphene_rect_t model;
  double mx0, my0, mx1, my1;
  gboolean changed = FALSE;

  self->rubber = GRAPHENE_RECT_INIT (MIN (x0, x1), MIN (y0, y1), fabs (x1 - x0), fabs (y1 - y0));
  wirelab_canvas_widget_to_model (self, self->rubber.origin.x, self->rubber.origin.y, &mx0, &my0);
  wirelab_canvas_widget_to_model (self, self->rubber.origin.x + self->rubber.size.width,
                                  self->rubber.origin.y + self->rubber.size.height, &mx1, &my1);
  model = GRAPHENE_RECT_INIT (mx0, my0, mx1 - mx0, my1 - my0);

  /* A node is in the band when its symbol's centre is. */
  hits = wl_hit_grid_query (self->node_grid, &model);
  for (guint i = 0; i < hits->len; i++)
    {
      WlCanvasNode *item = g_ptr_array_index (hits, i);

      if (graphene_rect_contains_point (&model, &GRAPHENE_POINT_INIT (item->x, item->y)))
        g_hash_table_add (inside, item);
    }
  for (guint i = 0; i < self->nodes->len; i++)
    {
      WlCanvasNode *item = g_ptr_array_index (self->nodes, i);
      gboolean want = g_hash_table_contains (inside, item) ||
                      (self->rubber_base != NULL && g_hash_table_contains (self->rubber_base, item));

      if (want != item->selected)
        {
          _wirelab_canvas_set_node_selected (self, item, want);
          changed = TRUE;
        }
    }
  if (changed)
    _wirelab_canvas_selection_changed (self);
  _wirelab_canvas_queue_draw (self);
}

/* ---- the drag, as entry points ---- */

void
_wirelab_canvas_drag_begin (WirelabCanvas   *self,
                            double           x,
                            double           y,
                            GdkModifierType  state)
{
  WirelabNode *node;
  WirelabLink *link;
  gboolean extend = (state & (GDK_SHIFT_MASK | GDK_CONTROL_MASK)) != 0;

  _wirelab_canvas_cancel_drag (self);
  self->press_x = x;
  self->press_y = y;
  self->press_state = state;

  if (self->space_down || (state & GDK_ALT_MASK))
    {
      self->drag_mode = WL_DRAG_PAN;
      self->pan_start_x = 0;
      self->pan_start_y = 0;
      gtk_widget_set_cursor_from_name (GTK_WIDGET (self), "grabbing");
      return;
    }

  self->drag_mode = WL_DRAG_PENDING;
  if (self->link_mode || self->lab == NULL)
    return;

  node = wirelab_canvas_get_node_at (self, x, y);
  link = node == NULL ? wirelab_canvas_get_link_at (self, x, y) : NULL;
  self->press_node = _wirelab_canvas_lookup_node (self, node);
  self->press_link = _wirelab_canvas_lookup_link (self, link);

  if (self->press_node != NULL)
    {
      if (state & GDK_CONTROL_MASK)
        {
          _wirelab_canvas_set_link_selected (self, NULL);
          _wirelab_canvas_set_node_selected (self, self->press_node, !self->press_node->selected);
          _wirelab_canvas_selection_changed (self);
        }
      else if (!self->press_node->selected)
        wirelab_canvas_select_node (self, node, extend);
    }
  else if (self->press_link != NULL)
    {
      if (!extend)
        wirelab_canvas_select_link (self, link);
    }
  else if (!extend)
    wirelab_canvas_unselect_all (self);
}

void
_wirelab_canvas_drag_update (WirelabCanvas *self,
                             double         dx,
                             double         dy)
{
  switch (self->drag_mode)
    {
    case WL_DRAG_PENDING:
      if (hypot (dx, dy) < DRAG_THRESHOLD || self->link_mode || self->lab == NULL)
        return;
      if (self->press_node != NULL)
        {
          if (!self->press_node->selected)
            return;   /* Ctrl-click just took it out of the selection */
          self->drag_mode = WL_DRAG_MOVE;
          float_selection (self);
        }
      else if (self->press_link != NULL)
        return;
      else
        {
          self->drag_mode = WL_DRAG_RUBBER;
          if (self->press_state & (GDK_SHIFT_MASK | GDK_CONTROL_MASK))
            {
              self->rubber_base = g_hash_table_new (NULL, NULL);
              for (guint i = 0; i < self->nodes->len; i++)
                if (((WlCanvasNode *) g_ptr_array_index (self->nodes, i))->selected)
                  g_hash_table_add (self->rubber_base, g_ptr_array_index (self->nodes, i));
            }
        }
      _wirelab_canvas_drag_update (self, dx, dy);
      return;

    case WL_DRAG_MOVE:
      {
        WlCanvasNode *anchor = self->press_node;
        double mdx = dx / self->zoom, mdy = dy / self->zoom;

        /* Snap the grabbed node; the others keep their places around it. */
        self->drag_dx = _wirelab_canvas_snap (self, anchor->x + mdx) - anchor->x;
        self->drag_dy = _wirelab_canvas_snap (self, anchor->y + mdy) - anchor->y;
        _wirelab_canvas_queue_draw (self);
      }
      return;

    case WL_DRAG_RUBBER:
      rubber_update (self, self->press_x, self->press_y, self->press_x + dx, self->press_y + dy);
      return;

    case WL_DRAG_PAN:
      wirelab_canvas_scroll_by (self, -(dx - self->pan_start_x), -(dy - self->pan_start_y));
      self->pan_start_x = dx;
      self->pan_start_y = dy;
      return;

    case WL_DRAG_NONE:
    default:
      return;
    }
}

void
_wirelab_canvas_drag_end (WirelabCanvas *self,
                          double         dx,
                          double         dy)
{
  WlDragMode mode = self->drag_mode;

  _wirelab_canvas_drag_update (self, dx, dy);
  switch (self->drag_mode)
    {
    case WL_DRAG_MOVE:
      land_selection (self, TRUE);
      break;

    case WL_DRAG_PENDING:
      if (self->link_mode)
        _wirelab_canvas_link_tool_click (self, self->press_x + dx, self->press_y + dy);
      else if (self->press_node != NULL && self->press_node->selected &&
               !(self->press_state & (GDK_SHIFT_MASK | GDK_CONTROL_MASK)) &&
               self->n_selected > 1)
        /* A plain click on a node of a group selects only that node. */
        wirelab_canvas_select_node (self, self->press_node->node, FALSE);
      break;

    case WL_DRAG_PAN:
      gtk_widget_set_cursor_from_name (GTK_WIDGET (self), self->link_mode ? "crosshair" : NULL);
      break;

    case WL_DRAG_RUBBER:
    case WL_DRAG_NONE:
    default:
      break;
    }
  g_clear_pointer (&self->rubber_base, g_hash_table_unref);
  self->drag_mode = WL_DRAG_NONE;
  self->press_node = NULL;
  self->press_link = NULL;
  if (mode == WL_DRAG_RUBBER)
    _wirelab_canvas_queue_draw (self);
}

/* ---- gestures ---- */

static void
on_drag_begin (GtkGestureDrag *gesture,
               double          x,
               double          y,
               WirelabCanvas  *self)
{
  GdkModifierType state = gtk_event_controller_get_current_event_state (GTK_EVENT_CONTROLLER (gesture));

  if (self->renaming != NULL)
    _wirelab_canvas_rename_commit (self);
  gtk_widget_grab_focus (GTK_WIDGET (self));
  _wirelab_canvas_drag_begin (self, x, y, state);
}

static void
on_drag_update (GtkGestureDrag *gesture,
                double          dx,
                double          dy,
                WirelabCanvas  *self)
{
  if (self->drag_mode == WL_DRAG_PENDING && hypot (dx, dy) >= DRAG_THRESHOLD)
    gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_CLAIMED);
  _wirelab_canvas_drag_update (self, dx, dy);
}

static void
on_drag_end (GtkGestureDrag *gesture,
             double          dx,
             double          dy,
             WirelabCanvas  *self)
{
  if (self->drag_mode != WL_DRAG_NONE)
    _wirelab_canvas_drag_end (self, dx, dy);
}

static void
on_pan_begin (GtkGestureDrag *gesture,
              double          x,
              double          y,
              WirelabCanvas  *self)
{
  gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_CLAIMED);
  self->pan_start_x = 0;
  self->pan_start_y = 0;
  gtk_widget_set_cursor_from_name (GTK_WIDGET (self), "grabbing");
}

static void
on_pan_update (GtkGestureDrag *gesture,
               double          dx,
               double          dy,
               WirelabCanvas  *self)
{
  wirelab_canvas_scroll_by (self, -(dx - self->pan_start_x), -(dy - self->pan_start_y));
  self->pan_start_x = dx;
  self->pan_start_y = dy;
}

static void
on_pan_end (GtkGestureDrag *gesture,
            double          dx,
            double          dy,
            WirelabCanvas  *self)
{
  gtk_widget_set_cursor_from_name (GTK_WIDGET (self), self->link_mode ? "crosshair" : NULL);
}

static gboolean
on_name_area (WirelabCanvas *self,
              WlCanvasNode  *item,
              double         x,
              double         y)
{
  double mx, my;

  wirelab_canvas_widget_to_model (self, x, y, &mx, &my);
  return my > item->y + WL_CANVAS_SYMBOL / 2 + 2;
}

static void
on_click_pressed (GtkGestureClick *gesture,
                  int              n_press,
                  double           x,
                  double           y,
                  WirelabCanvas   *self)
{
  WlCanvasNode *item;

  if (n_press != 2 || self->link_mode)
    return;
  item = _wirelab_canvas_lookup_node (self, wirelab_canvas_get_node_at (self, x, y));
  if (item == NULL)
    return;
  _wirelab_canvas_cancel_drag (self);
  if (on_name_area (self, item, x, y))
    wirelab_canvas_start_rename (self, item->node);
  else
    g_signal_emit_by_name (self, "node-activated", item->node);
}

static void
on_menu_pressed (GtkGestureClick *gesture,
                 int              n_press,
                 double           x,
                 double           y,
                 WirelabCanvas   *self)
{
  gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_CLAIMED);
  gtk_widget_grab_focus (GTK_WIDGET (self));
  _wirelab_canvas_context_menu (self, x, y);
}

void
_wirelab_canvas_context_menu (WirelabCanvas *self,
                              double         x,
                              double         y)
{
  WirelabNode *node = wirelab_canvas_get_node_at (self, x, y);
  WirelabLink *link = node == NULL ? wirelab_canvas_get_link_at (self, x, y) : NULL;
  GMenuModel *menu;
  GObject *item = NULL;
  gboolean handled = FALSE;

  if (self->link_mode)
    {
      _wirelab_canvas_link_tool_cancel (self);
      return;
    }
  _wirelab_canvas_cancel_drag (self);
  if (node != NULL)
    {
      WlCanvasNode *n = _wirelab_canvas_lookup_node (self, node);

      if (!n->selected)
        wirelab_canvas_select_node (self, node, FALSE);
      item = G_OBJECT (node);
      menu = self->node_menu;
    }
  else if (link != NULL)
    {
      wirelab_canvas_select_link (self, link);
      item = G_OBJECT (link);
      menu = self->link_menu;
    }
  else
    menu = self->background_menu;

  g_signal_emit_by_name (self, "context-menu", item, x, y, &handled);
  if (handled || menu == NULL)
    return;

  if (self->menu_popover == NULL)
    {
      self->menu_popover = gtk_popover_menu_new_from_model (menu);
      gtk_widget_set_parent (self->menu_popover, GTK_WIDGET (self));
      gtk_popover_set_has_arrow (GTK_POPOVER (self->menu_popover), FALSE);
      gtk_widget_set_halign (self->menu_popover, GTK_ALIGN_START);
    }
  else
    gtk_popover_menu_set_menu_model (GTK_POPOVER_MENU (self->menu_popover), menu);
  _wirelab_canvas_show_popover_at (self, self->menu_popover, x, y);
}

static gboolean
on_scroll (GtkEventControllerScroll *controller,
           double                    dx,
           double                    dy,
           WirelabCanvas            *self)
{
  GdkModifierType state = gtk_event_controller_get_current_event_state (GTK_EVENT_CONTROLLER (controller));
  GdkEvent *event = gtk_event_controller_get_current_event (GTK_EVENT_CONTROLLER (controller));
  /* Touchpads scroll in pixels, wheels in clicks. */
  double unit = event == NULL || gtk_event_controller_scroll_get_unit (controller) == GDK_SCROLL_UNIT_WHEEL
                ? WHEEL_PIXELS : 1.0;

  if (state & GDK_CONTROL_MASK)
    {
      double x = self->pointer_inside ? self->pointer_x : gtk_widget_get_width (GTK_WIDGET (self)) / 2.0;
      double y = self->pointer_inside ? self->pointer_y : gtk_widget_get_height (GTK_WIDGET (self)) / 2.0;
      double steps = unit == 1.0 ? dy / 20.0 : dy;

      wirelab_canvas_zoom_at (self, pow (ZOOM_STEP, -steps), x, y);
      return TRUE;
    }
  if ((state & GDK_SHIFT_MASK) && dx == 0)
    {
      dx = dy;
      dy = 0;
    }
  wirelab_canvas_scroll_by (self, dx * unit, dy * unit);
  return TRUE;
}

static void
on_zoom_begin (GtkGesture       *gesture,
               GdkEventSequence *sequence,
               WirelabCanvas    *self)
{
  self->zoom_gesture_base = self->zoom;
  _wirelab_canvas_cancel_drag (self);
}

static void
on_zoom_scale_changed (GtkGestureZoom *gesture,
                       double          scale,
                       WirelabCanvas  *self)
{
  double x, y;

  if (!gtk_gesture_is_active (GTK_GESTURE (gesture)) ||
      !gtk_gesture_get_bounding_box_center (GTK_GESTURE (gesture), &x, &y))
    {
      x = gtk_widget_get_width (GTK_WIDGET (self)) / 2.0;
      y = gtk_widget_get_height (GTK_WIDGET (self)) / 2.0;
    }
  wirelab_canvas_zoom_at (self, self->zoom_gesture_base * scale / self->zoom, x, y);
}

static void
on_motion (GtkEventControllerMotion *controller,
           double                    x,
           double                    y,
           WirelabCanvas            *self)
{
  self->pointer_x = x;
  self->pointer_y = y;
  self->pointer_inside = TRUE;
  if (self->link_from != NULL)
    _wirelab_canvas_queue_draw (self);
}

static void
on_leave (GtkEventControllerMotion *controller,
          WirelabCanvas            *self)
{
  self->pointer_inside = FALSE;
  if (self->link_from != NULL)
    _wirelab_canvas_queue_draw (self);
}

static gboolean
on_key_pressed (GtkEventControllerKey *controller,
                guint                  keyval,
                guint                  keycode,
                GdkModifierType        state,
                WirelabCanvas         *self)
{
  if (keyval == GDK_KEY_space)
    {
      self->space_down = TRUE;
      return TRUE;
    }
  return FALSE;
}

static void
on_key_released (GtkEventControllerKey *controller,
                 guint                  keyval,
                 guint                  keycode,
                 GdkModifierType        state,
                 WirelabCanvas         *self)
{
  switch (keyval)
    {
    case GDK_KEY_space:
      self->space_down = FALSE;
      break;
    case GDK_KEY_Left: case GDK_KEY_Right: case GDK_KEY_Up: case GDK_KEY_Down:
    case GDK_KEY_KP_Left: case GDK_KEY_KP_Right: case GDK_KEY_KP_Up: case GDK_KEY_KP_Down:
      /* A series of nudges is one undo step. */
      if (self->arrow_moving && self->lab != NULL)
        wirelab_history_seal (wirelab_lab_get_history (self->lab));
      self->arrow_moving = FALSE;
      break;
    default:
      break;
    }
}

static void
on_focus_leave (GtkEventControllerFocus *controller,
                WirelabCanvas           *self)
{
  self->space_down = FALSE;
  if (self->arrow_moving && self->lab != NULL)
    wirelab_history_seal (wirelab_lab_get_history (self->lab));
  self->arrow_moving = FALSE;
}

/* ---- tooltips ---- */

static const char *
kind_name (WirelabNodeKind kind)
{
  switch (kind)
    {
    case WIRELAB_NODE_KIND_ROUTER: return _("Router");
    case WIRELAB_NODE_KIND_ETHSW: return _("Ethernet switch");
    case WIRELAB_NODE_KIND_HUB: return _("Ethernet hub");
    case WIRELAB_NODE_KIND_FRSW: return _("Frame Relay switch");
    case WIRELAB_NODE_KIND_VPCS: return _("VPCS PC");
    default: return "";
    }
}

static const char *
status_name (WirelabNodeStatus status)
{
  switch (status)
    {
    case WIRELAB_NODE_STATUS_RUNNING: return _("running");
    case WIRELAB_NODE_STATUS_SUSPENDED: return _("suspended");
    case WIRELAB_NODE_STATUS_STARTING: return _("starting");
    case WIRELAB_NODE_STATUS_STOPPING: return _("stopping");
    case WIRELAB_NODE_STATUS_STOPPED:
    default: return _("stopped");
    }
}

/* What GNS3 shows on hover: the node, its state and where its console is. */
static gboolean
on_query_tooltip (GtkWidget     *widget,
                  int            x,
                  int            y,
                  gboolean       keyboard,
                  GtkTooltip    *tooltip,
                  WirelabCanvas *self)
{
  WirelabNode *node;
  WirelabLink *link;
  g_autoptr(GString) text = g_string_new (NULL);

  if (keyboard || self->drag_mode != WL_DRAG_NONE || self->lab == NULL)
    return FALSE;
  node = wirelab_canvas_get_node_at (self, x, y);
  link = node == NULL ? wirelab_canvas_get_link_at (self, x, y) : NULL;
  if (node != NULL)
    {
      const char *message = wirelab_node_get_status_message (node);
      WirelabImage *image = NULL;

      g_string_append_printf (text, "%s\n%s", wirelab_node_get_name (node),
                              kind_name (wirelab_node_get_kind (node)));
      if (wirelab_node_get_kind (node) == WIRELAB_NODE_KIND_ROUTER &&
          (image = wirelab_lab_find_image (self->lab, wirelab_node_get_image_id (node))) != NULL)
        g_string_append_printf (text, " · %s", wirelab_image_get_name (image));
      g_string_append_printf (text, " · %s", status_name (wirelab_node_get_status (node)));
      if (wirelab_node_get_console (node) != 0 && wirelab_node_get_console_host (node) != NULL)
        g_string_append_printf (text, "\n%s %s:%u", _("Console"),
                                wirelab_node_get_console_host (node),
                                wirelab_node_get_console (node));
      if (*message != '\0')
        g_string_append_printf (text, "\n%s", message);
    }
  else if (link != NULL)
    {
      for (guint e = 0; e < 2; e++)
        {
          WirelabNode *end = wirelab_lab_find_node (self->lab, wirelab_link_get_node_id (link, e));

          g_string_append_printf (text, "%s%s %s", e == 0 ? "" : " — ",
                                  end != NULL ? wirelab_node_get_name (end) : "?",
                                  wirelab_link_get_interface (link, e));
        }
      if (wirelab_link_get_suspended (link))
        g_string_append_printf (text, "\n%s", _("Suspended"));
      if (wirelab_link_get_capturing (link))
        g_string_append_printf (text, "\n%s %s", _("Capturing to"),
                                wirelab_link_get_capture_path (link) != NULL
                                ? wirelab_link_get_capture_path (link) : "");
    }
  else
    return FALSE;

  {
    /* Names come from the user: escape all but the markup above. */
    g_autofree char *escaped = NULL;
    g_auto(GStrv) lines = g_strsplit (text->str, "\n", -1);
    g_autoptr(GString) markup = g_string_new (NULL);

    for (guint i = 0; lines[i] != NULL; i++)
      {
        if (i > 0)
          g_string_append_c (markup, '\n');
        if (i == 0 && node != NULL)
          {
            escaped = g_markup_escape_text (wirelab_node_get_name (node), -1);
            g_string_append_printf (markup, "<b>%s</b>", escaped);
            g_clear_pointer (&escaped, g_free);
          }
        else
          {
            escaped = g_markup_escape_text (lines[i], -1);
            g_string_append (markup, escaped);
            g_clear_pointer (&escaped, g_free);
          }
      }
    gtk_tooltip_set_markup (tooltip, markup->str);
  }
  return TRUE;
}

/* ---- key bindings ---- */

/* Escape: the innermost thing in progress stops. */
void
_wirelab_canvas_cancel (WirelabCanvas *self)
{
  if (self->renaming != NULL)
    _wirelab_canvas_rename_cancel (self);
  else if (self->drag_mode != WL_DRAG_NONE)
    _wirelab_canvas_cancel_drag (self);
  else if (self->link_from != NULL || self->iface_popover_node != NULL)
    _wirelab_canvas_link_tool_cancel (self);
  else if (self->link_mode)
    wirelab_canvas_set_link_mode (self, FALSE);
  else
    wirelab_canvas_unselect_all (self);
}

static gboolean
binding_arrow (GtkWidget *widget,
               GVariant  *args,
               gpointer   user_data)
{
  WirelabCanvas *self = WIRELAB_CANVAS (widget);
  int dx, dy;
  gboolean fine;
  double step;

  g_variant_get (args, "(iib)", &dx, &dy, &fine);
  /* Up/Down that the rename entry leaves unused must not move the node. */
  if (self->n_selected == 0 || self->lab == NULL || self->drag_mode != WL_DRAG_NONE ||
      self->renaming != NULL)
    return FALSE;
  step = fine || self->grid_size == 0 ? 1 : self->grid_size;
  if (!self->arrow_moving)
    {
      wirelab_history_seal (wirelab_lab_get_history (self->lab));
      self->arrow_moving = TRUE;
    }
  _wirelab_canvas_move_selection (self, dx * step, dy * step);
  return TRUE;
}

static gboolean
binding_menu (GtkWidget *widget,
              GVariant  *args,
              gpointer   user_data)
{
  WirelabCanvas *self = WIRELAB_CANVAS (widget);
  double x = gtk_widget_get_width (widget) / 2.0, y = gtk_widget_get_height (widget) / 2.0;

  for (guint i = 0; i < self->nodes->len; i++)
    {
      WlCanvasNode *item = g_ptr_array_index (self->nodes, i);

      if (item->selected)
        {
          wirelab_canvas_model_to_widget (self, item->x, item->y, &x, &y);
          break;
        }
    }
  if (self->n_selected == 0 && self->selected_link != NULL &&
      self->selected_link->ends[0] != NULL && self->selected_link->ends[1] != NULL)
    wirelab_canvas_model_to_widget (self,
                                    (self->selected_link->ends[0]->x + self->selected_link->ends[1]->x) / 2,
                                    (self->selected_link->ends[0]->y + self->selected_link->ends[1]->y) / 2,
                                    &x, &y);
  _wirelab_canvas_context_menu (self, x, y);
  return TRUE;
}

static void
add_arrow (GtkWidgetClass *widget_class,
           guint           keyval,
           guint           kp_keyval,
           int             dx,
           int             dy)
{
  gtk_widget_class_add_binding (widget_class, keyval, 0, binding_arrow, "(iib)", dx, dy, FALSE);
  gtk_widget_class_add_binding (widget_class, kp_keyval, 0, binding_arrow, "(iib)", dx, dy, FALSE);
  gtk_widget_class_add_binding (widget_class, keyval, GDK_SHIFT_MASK, binding_arrow, "(iib)",
                                dx, dy, TRUE);
}

void
_wirelab_canvas_input_class_init (GtkWidgetClass *widget_class)
{
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Delete, 0,
                                       "canvas.delete-selection", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Delete, 0,
                                       "canvas.delete-selection", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_BackSpace, 0,
                                       "canvas.delete-selection", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_a, GDK_CONTROL_MASK,
                                       "canvas.select-all", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_a, GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                       "canvas.select-none", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F2, 0, "canvas.rename", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_plus, 0, "canvas.zoom-in", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_equal, 0, "canvas.zoom-in", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Add, 0, "canvas.zoom-in", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_minus, 0, "canvas.zoom-out", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Subtract, 0, "canvas.zoom-out", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_0, GDK_CONTROL_MASK,
                                       "canvas.zoom-reset", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_1, 0, "canvas.fit", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "canvas.cancel", NULL);
  gtk_widget_class_add_binding (widget_class, GDK_KEY_Menu, 0, binding_menu, NULL);
  gtk_widget_class_add_binding (widget_class, GDK_KEY_F10, GDK_SHIFT_MASK, binding_menu, NULL);
  add_arrow (widget_class, GDK_KEY_Left, GDK_KEY_KP_Left, -1, 0);
  add_arrow (widget_class, GDK_KEY_Right, GDK_KEY_KP_Right, 1, 0);
  add_arrow (widget_class, GDK_KEY_Up, GDK_KEY_KP_Up, 0, -1);
  add_arrow (widget_class, GDK_KEY_Down, GDK_KEY_KP_Down, 0, 1);
}

void
_wirelab_canvas_input_init (WirelabCanvas *self)
{
  GtkWidget *widget = GTK_WIDGET (self);
  GtkEventController *controller;

  self->drag_gesture = gtk_gesture_drag_new ();
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (self->drag_gesture), GDK_BUTTON_PRIMARY);
  g_signal_connect (self->drag_gesture, "drag-begin", G_CALLBACK (on_drag_begin), self);
  g_signal_connect (self->drag_gesture, "drag-update", G_CALLBACK (on_drag_update), self);
  g_signal_connect (self->drag_gesture, "drag-end", G_CALLBACK (on_drag_end), self);
  gtk_widget_add_controller (widget, GTK_EVENT_CONTROLLER (self->drag_gesture));

  self->pan_gesture = gtk_gesture_drag_new ();
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (self->pan_gesture), GDK_BUTTON_MIDDLE);
  g_signal_connect (self->pan_gesture, "drag-begin", G_CALLBACK (on_pan_begin), self);
  g_signal_connect (self->pan_gesture, "drag-update", G_CALLBACK (on_pan_update), self);
  g_signal_connect (self->pan_gesture, "drag-end", G_CALLBACK (on_pan_end), self);
  gtk_widget_add_controller (widget, GTK_EVENT_CONTROLLER (self->pan_gesture));

  self->click_gesture = gtk_gesture_click_new ();
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (self->click_gesture), GDK_BUTTON_PRIMARY);
  g_signal_connect (self->click_gesture, "pressed", G_CALLBACK (on_click_pressed), self);
  gtk_widget_add_controller (widget, GTK_EVENT_CONTROLLER (self->click_gesture));

  self->menu_gesture = gtk_gesture_click_new ();
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (self->menu_gesture), GDK_BUTTON_SECONDARY);
  g_signal_connect (self->menu_gesture, "pressed", G_CALLBACK (on_menu_pressed), self);
  gtk_widget_add_controller (widget, GTK_EVENT_CONTROLLER (self->menu_gesture));

  self->zoom_gesture = gtk_gesture_zoom_new ();
  g_signal_connect (self->zoom_gesture, "begin", G_CALLBACK (on_zoom_begin), self);
  g_signal_connect (self->zoom_gesture, "scale-changed", G_CALLBACK (on_zoom_scale_changed), self);
  gtk_widget_add_controller (widget, GTK_EVENT_CONTROLLER (self->zoom_gesture));

  controller = gtk_event_controller_scroll_new (GTK_EVENT_CONTROLLER_SCROLL_BOTH_AXES);
  g_signal_connect (controller, "scroll", G_CALLBACK (on_scroll), self);
  gtk_widget_add_controller (widget, controller);

  controller = gtk_event_controller_motion_new ();
  g_signal_connect (controller, "enter", G_CALLBACK (on_motion), self);
  g_signal_connect (controller, "motion", G_CALLBACK (on_motion), self);
  g_signal_connect (controller, "leave", G_CALLBACK (on_leave), self);
  gtk_widget_add_controller (widget, controller);

  controller = gtk_event_controller_key_new ();
  g_signal_connect (controller, "key-pressed", G_CALLBACK (on_key_pressed), self);
  g_signal_connect (controller, "key-released", G_CALLBACK (on_key_released), self);
  gtk_widget_add_controller (widget, controller);

  controller = gtk_event_controller_focus_new ();
  g_signal_connect (controller, "leave", G_CALLBACK (on_focus_leave), self);
  gtk_widget_add_controller (widget, controller);

  gtk_widget_set_has_tooltip (widget, TRUE);
  g_signal_connect (widget, "query-tooltip", G_CALLBACK (on_query_tooltip), self);
}
