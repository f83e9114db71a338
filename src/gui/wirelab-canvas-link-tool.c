/* wirelab-canvas-link-tool.c: "add a link" by clicking two nodes
 *
 * Copyright 2026 The Wirelab authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * As in GNS3: in link mode a click on a node pops up its interfaces (those
 * already linked are listed insensitive with what they connect to); the
 * chosen one is the first end, a line follows the pointer, and the same on
 * the second node creates the link through wirelab_lab_connect() (one undo
 * step).  Escape or a right click drops a half-made link.
 */

#define G_LOG_DOMAIN "wirelab-canvas"

#include "config.h"

#include <glib/gi18n.h>

#include "wirelab-canvas-private.h"

#define IFACE_KEY "wirelab-interface"

static void
popover_closed (GtkPopover    *popover,
                WirelabCanvas *self)
{
  self->iface_popover_node = NULL;
}

static void
finish_pick (WirelabCanvas *self,
             WlCanvasNode  *node,
             const char    *iface)
{
  g_autoptr(GError) error = NULL;
  double x, y;

  if (self->link_from == NULL)
    {
      self->link_from = node;
      g_free (self->link_from_iface);
      self->link_from_iface = g_strdup (iface);
      _wirelab_canvas_queue_draw (self);
      return;
    }

  wirelab_canvas_model_to_widget (self, node->x, node->y, &x, &y);
  if (wirelab_lab_connect (self->lab, self->link_from->node, self->link_from_iface,
                           node->node, iface, &error) == NULL)
    _wirelab_canvas_report_error (self, error, x, y);
  self->link_from = NULL;
  g_clear_pointer (&self->link_from_iface, g_free);
  _wirelab_canvas_queue_draw (self);
}

static void
on_row_activated (GtkListBox    *list,
                  GtkListBoxRow *row,
                  WirelabCanvas *self)
{
  g_autofree char *iface = g_strdup (g_object_get_data (G_OBJECT (row), IFACE_KEY));
  WlCanvasNode *node = self->iface_popover_node;

  if (node == NULL || iface == NULL || !gtk_widget_get_sensitive (GTK_WIDGET (row)))
    return;
  gtk_popover_popdown (GTK_POPOVER (self->iface_popover));
  self->iface_popover_node = NULL;
  finish_pick (self, node, iface);
}

/* What each interface of `item` connects to ("R2 f0/0"), NULL when free. */
static char *
describe_peer (WlCanvasNode *item,
               const char   *iface)
{
  for (guint i = 0; i < item->links->len; i++)
    {
      WlCanvasLink *link = g_ptr_array_index (item->links, i);

      for (guint e = 0; e < 2; e++)
        {
          WlCanvasNode *peer = link->ends[1 - e];

          if (link->ends[e] != item || g_strcmp0 (wirelab_link_get_interface (link->link, e), iface) != 0)
            continue;
          /* Busy; say with what. */
          return g_strdup_printf ("%s %s",
                                  peer != NULL ? wirelab_node_get_name (peer->node) : "?",
                                  wirelab_link_get_interface (link->link, 1 - e));
        }
    }
  return NULL;
}

static GtkWidget *
make_row (WlCanvasNode *item,
          const char   *iface,
          gboolean      is_first_end)
{
  g_autofree char *peer = describe_peer (item, iface);
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *name = gtk_label_new (iface);

  gtk_widget_set_margin_start (box, 6);
  gtk_widget_set_margin_end (box, 6);
  gtk_widget_set_margin_top (box, 6);
  gtk_widget_set_margin_bottom (box, 6);
  gtk_label_set_xalign (GTK_LABEL (name), 0);
  gtk_widget_set_hexpand (name, TRUE);
  gtk_box_append (GTK_BOX (box), name);
  if (peer != NULL || is_first_end)
    {
      g_autofree char *text = peer != NULL
                              ? g_strdup_printf (_("to %s"), peer)
                              : g_strdup (_("first end"));
      GtkWidget *detail = gtk_label_new (text);

      gtk_widget_add_css_class (detail, "dim-label");
      gtk_widget_add_css_class (detail, "caption");
      gtk_box_append (GTK_BOX (box), detail);
    }
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  gtk_widget_set_sensitive (row, peer == NULL && !is_first_end);
  g_object_set_data_full (G_OBJECT (row), IFACE_KEY, g_strdup (iface), g_free);
  return row;
}

static void
ensure_popover (WirelabCanvas *self)
{
  if (self->iface_popover != NULL)
    return;
  self->iface_popover = gtk_popover_new ();
  gtk_widget_set_parent (self->iface_popover, GTK_WIDGET (self));
  gtk_widget_add_css_class (self->iface_popover, "wirelab-interfaces");
  g_signal_connect (self->iface_popover, "closed", G_CALLBACK (popover_closed), self);
}

static void
show_interfaces (WirelabCanvas *self,
                 WlCanvasNode  *item)
{
  g_auto(GStrv) names = wirelab_node_dup_interfaces (item->node);
  GtkWidget *box, *title, *scroller, *list;
  double x, y;

  ensure_popover (self);
  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  title = gtk_label_new (wirelab_node_get_name (item->node));
  gtk_widget_add_css_class (title, "heading");
  gtk_label_set_xalign (GTK_LABEL (title), 0);
  gtk_widget_set_margin_start (title, 6);
  gtk_widget_set_margin_top (title, 3);
  gtk_box_append (GTK_BOX (box), title);

  list = gtk_list_box_new ();
  gtk_list_box_set_selection_mode (GTK_LIST_BOX (list), GTK_SELECTION_NONE);
  gtk_list_box_set_activate_on_single_click (GTK_LIST_BOX (list), TRUE);
  gtk_widget_add_css_class (list, "boxed-list");
  g_signal_connect (list, "row-activated", G_CALLBACK (on_row_activated), self);
  for (guint i = 0; names != NULL && names[i] != NULL; i++)
    {
      gboolean is_first = self->link_from == item && g_strcmp0 (self->link_from_iface, names[i]) == 0;

      gtk_list_box_append (GTK_LIST_BOX (list), make_row (item, names[i], is_first));
    }
  if (names == NULL || names[0] == NULL)
    {
      GtkWidget *empty = gtk_label_new (_("No interfaces"));

      gtk_widget_add_css_class (empty, "dim-label");
      gtk_list_box_append (GTK_LIST_BOX (list), empty);
    }

  scroller = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scroller), GTK_POLICY_NEVER,
                                  GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_propagate_natural_height (GTK_SCROLLED_WINDOW (scroller), TRUE);
  gtk_scrolled_window_set_max_content_height (GTK_SCROLLED_WINDOW (scroller), 360);
  gtk_scrolled_window_set_min_content_width (GTK_SCROLLED_WINDOW (scroller), 220);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), list);
  gtk_box_append (GTK_BOX (box), scroller);
  gtk_popover_set_child (GTK_POPOVER (self->iface_popover), box);

  self->iface_popover_node = item;
  wirelab_canvas_model_to_widget (self, item->x, item->y, &x, &y);
  _wirelab_canvas_show_popover_at (self, self->iface_popover, x, y + WL_CANVAS_SYMBOL / 2 * self->zoom);
}

void
_wirelab_canvas_link_tool_click (WirelabCanvas *self,
                                 double         x,
                                 double         y)
{
  WlCanvasNode *item;

  if (self->lab == NULL)
    return;
  item = _wirelab_canvas_lookup_node (self, wirelab_canvas_get_node_at (self, x, y));
  if (item == NULL)
    return;
  show_interfaces (self, item);
}

static GtkListBox *
popover_list (WirelabCanvas *self)
{
  GtkWidget *box, *scroller, *viewport;

  if (self->iface_popover == NULL ||
      (box = gtk_popover_get_child (GTK_POPOVER (self->iface_popover))) == NULL)
    return NULL;
  scroller = gtk_widget_get_last_child (box);
  viewport = gtk_scrolled_window_get_child (GTK_SCROLLED_WINDOW (scroller));
  if (GTK_IS_VIEWPORT (viewport))
    return GTK_LIST_BOX (gtk_viewport_get_child (GTK_VIEWPORT (viewport)));
  return GTK_LIST_BOX (viewport);
}

gboolean
_wirelab_canvas_link_tool_pick (WirelabCanvas *self,
                                const char    *name)
{
  GtkListBox *list = popover_list (self);

  if (list == NULL || self->iface_popover_node == NULL)
    return FALSE;
  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (list));
       row != NULL;
       row = gtk_widget_get_next_sibling (row))
    {
      if (!GTK_IS_LIST_BOX_ROW (row) ||
          g_strcmp0 (g_object_get_data (G_OBJECT (row), IFACE_KEY), name) != 0)
        continue;
      if (!gtk_widget_get_sensitive (row))
        return FALSE;
      g_signal_emit_by_name (list, "row-activated", row);
      return TRUE;
    }
  return FALSE;
}

GtkWidget *
_wirelab_canvas_get_iface_popover (WirelabCanvas *self)
{
  return self->iface_popover;
}

void
_wirelab_canvas_link_tool_cancel (WirelabCanvas *self)
{
  if (self->iface_popover != NULL && !self->in_dispose)
    gtk_popover_popdown (GTK_POPOVER (self->iface_popover));
  self->iface_popover_node = NULL;
  if (self->link_from != NULL)
    {
      self->link_from = NULL;
      _wirelab_canvas_queue_draw (self);
    }
  g_clear_pointer (&self->link_from_iface, g_free);
}

void
_wirelab_canvas_link_tool_dispose (WirelabCanvas *self)
{
  _wirelab_canvas_link_tool_cancel (self);
  g_clear_pointer (&self->iface_popover, gtk_widget_unparent);
  g_clear_pointer (&self->message_popover, gtk_widget_unparent);
}

/* Errors of canvas edits (a refused link, a failed drop) in a small popover
 * where they happened. */
void
_wirelab_canvas_report_error (WirelabCanvas *self,
                              const GError  *error,
                              double         x,
                              double         y)
{
  GtkWidget *label;

  if (error == NULL || self->in_dispose)
    return;
  g_debug ("%s", error->message);
  if (self->message_popover == NULL)
    {
      self->message_popover = gtk_popover_new ();
      gtk_widget_add_css_class (self->message_popover, "wirelab-canvas-error");
      gtk_widget_set_parent (self->message_popover, GTK_WIDGET (self));
    }
  label = gtk_label_new (error->message);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_max_width_chars (GTK_LABEL (label), 40);
  gtk_widget_add_css_class (label, "error");
  gtk_widget_set_margin_start (label, 6);
  gtk_widget_set_margin_end (label, 6);
  gtk_widget_set_margin_top (label, 6);
  gtk_widget_set_margin_bottom (label, 6);
  gtk_popover_set_child (GTK_POPOVER (self->message_popover), label);
  _wirelab_canvas_show_popover_at (self, self->message_popover, x, y);
}
