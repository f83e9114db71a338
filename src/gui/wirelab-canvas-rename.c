/* wirelab-canvas-rename.c: renaming a node in place
 *
 * Copyright 2026 The Wirelab authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * An entry over the node's name (double-click on the name, F2 or
 * canvas.rename).  Enter renames through wirelab_lab_rename_node(); a name
 * the lab refuses keeps the entry open with the reason under it.  Escape
 * gives up; leaving the entry for another part of the window renames when
 * the name is valid (another window taking the keyboard leaves it open).
 */

#define G_LOG_DOMAIN "wirelab-canvas"

#include "config.h"

#include <glib/gi18n.h>

#include "wirelab-canvas-private.h"

/* The entry sits on the drawing: give it a solid, raised background. */
static const char rename_css[] =
  "wirelab-canvas > .wirelab-rename {"
  "  background-color: @view_bg_color;"
  "  border-radius: 9px;"
  "  padding: 3px;"
  "  box-shadow: 0 1px 4px 1px alpha(black, 0.18), 0 0 0 1px alpha(black, 0.06);"
  "}";

static void
ensure_css (GtkWidget *widget)
{
  static GQuark quark;
  GdkDisplay *display = gtk_widget_get_display (widget);
  g_autoptr(GtkCssProvider) provider = NULL;

  if (quark == 0)
    quark = g_quark_from_static_string ("wirelab-canvas-rename-css");
  if (display == NULL || g_object_get_qdata (G_OBJECT (display), quark) != NULL)
    return;
  provider = gtk_css_provider_new ();
  gtk_css_provider_load_from_data (provider, rename_css, -1);
  gtk_style_context_add_provider_for_display (display, GTK_STYLE_PROVIDER (provider),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
  g_object_set_qdata_full (G_OBJECT (display), quark, g_steal_pointer (&provider), g_object_unref);
}

static void
show_error (WirelabCanvas *self,
            const char    *message)
{
  if (message != NULL)
    {
      gtk_label_set_text (GTK_LABEL (self->rename_error), message);
      gtk_widget_set_visible (self->rename_error, TRUE);
      gtk_widget_add_css_class (self->rename_entry, "error");
    }
  else
    {
      gtk_widget_set_visible (self->rename_error, FALSE);
      gtk_widget_remove_css_class (self->rename_entry, "error");
    }
  gtk_widget_queue_allocate (GTK_WIDGET (self));
}

static void
close_entry (WirelabCanvas *self)
{
  self->renaming = NULL;
  _wirelab_canvas_queue_draw (self);
  if (self->rename_box == NULL)
    return;
  gtk_widget_set_visible (self->rename_box, FALSE);
  show_error (self, NULL);
  if (!self->in_dispose)
    gtk_widget_grab_focus (GTK_WIDGET (self));
}

gboolean
_wirelab_canvas_rename_commit (WirelabCanvas *self)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *name = NULL;
  WlCanvasNode *item = self->renaming;

  if (item == NULL || self->lab == NULL)
    return TRUE;
  name = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->rename_entry))));
  if (g_strcmp0 (name, wirelab_node_get_name (item->node)) != 0 &&
      !wirelab_lab_rename_node (self->lab, item->node, name, &error))
    {
      show_error (self, error->message);
      return FALSE;
    }
  close_entry (self);
  return TRUE;
}

void
_wirelab_canvas_rename_cancel (WirelabCanvas *self)
{
  if (self->renaming != NULL)
    close_entry (self);
}

void
wirelab_canvas_start_rename (WirelabCanvas *self,
                             WirelabNode   *node)
{
  WlCanvasNode *item;

  g_return_if_fail (WIRELAB_IS_CANVAS (self));
  g_return_if_fail (WIRELAB_IS_NODE (node));

  item = _wirelab_canvas_lookup_node (self, node);
  g_return_if_fail (item != NULL);

  if (self->renaming != NULL && self->renaming != item)
    _wirelab_canvas_rename_cancel (self);
  ensure_css (GTK_WIDGET (self));
  self->renaming = item;
  show_error (self, NULL);
  gtk_editable_set_text (GTK_EDITABLE (self->rename_entry), wirelab_node_get_name (node));
  gtk_widget_set_visible (self->rename_box, TRUE);
  gtk_widget_grab_focus (self->rename_entry);
  gtk_editable_select_region (GTK_EDITABLE (self->rename_entry), 0, -1);
  gtk_widget_queue_allocate (GTK_WIDGET (self));
  _wirelab_canvas_queue_draw (self);
}

static void
on_activate (GtkEntry      *entry,
             WirelabCanvas *self)
{
  _wirelab_canvas_rename_commit (self);
}

static void
on_changed (GtkEditable   *editable,
            WirelabCanvas *self)
{
  if (gtk_widget_get_visible (self->rename_error))
    show_error (self, NULL);
}

static gboolean
on_key (GtkEventControllerKey *controller,
        guint                  keyval,
        guint                  keycode,
        GdkModifierType        state,
        WirelabCanvas         *self)
{
  if (keyval != GDK_KEY_Escape)
    return FALSE;
  _wirelab_canvas_rename_cancel (self);
  return TRUE;
}

static void
on_focus_leave (GtkEventControllerFocus *controller,
                WirelabCanvas           *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  /* Another window took the keyboard: the entry keeps the window's focus
   * and gets the keyboard back with it, so the rename (and a name still
   * refused) stays. */
  if (GTK_IS_WINDOW (root) && !gtk_window_is_active (GTK_WINDOW (root)))
    return;
  if (self->renaming != NULL && !_wirelab_canvas_rename_commit (self))
    _wirelab_canvas_rename_cancel (self);
}

void
_wirelab_canvas_rename_init (WirelabCanvas *self)
{
  GtkEventController *controller;

  self->rename_box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
  gtk_widget_add_css_class (self->rename_box, "wirelab-rename");
  self->rename_entry = gtk_entry_new ();
  gtk_entry_set_alignment (GTK_ENTRY (self->rename_entry), 0.5);
  gtk_editable_set_width_chars (GTK_EDITABLE (self->rename_entry), 10);
  gtk_entry_set_max_length (GTK_ENTRY (self->rename_entry), 64);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->rename_entry),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Node name"), -1);
  g_signal_connect (self->rename_entry, "activate", G_CALLBACK (on_activate), self);
  g_signal_connect (self->rename_entry, "changed", G_CALLBACK (on_changed), self);
  gtk_box_append (GTK_BOX (self->rename_box), self->rename_entry);

  self->rename_error = gtk_label_new (NULL);
  gtk_label_set_wrap (GTK_LABEL (self->rename_error), TRUE);
  gtk_label_set_max_width_chars (GTK_LABEL (self->rename_error), 32);
  gtk_widget_add_css_class (self->rename_error, "error");
  gtk_widget_add_css_class (self->rename_error, "caption");
  gtk_widget_add_css_class (self->rename_error, "osd");
  gtk_widget_set_visible (self->rename_error, FALSE);
  gtk_box_append (GTK_BOX (self->rename_box), self->rename_error);

  controller = gtk_event_controller_key_new ();
  g_signal_connect (controller, "key-pressed", G_CALLBACK (on_key), self);
  gtk_widget_add_controller (self->rename_entry, controller);
  controller = gtk_event_controller_focus_new ();
  g_signal_connect (controller, "leave", G_CALLBACK (on_focus_leave), self);
  gtk_widget_add_controller (self->rename_entry, controller);

  gtk_widget_set_visible (self->rename_box, FALSE);
  gtk_widget_set_parent (self->rename_box, GTK_WIDGET (self));
}

void
_wirelab_canvas_rename_dispose (WirelabCanvas *self)
{
  self->renaming = NULL;
  g_clear_pointer (&self->rename_box, gtk_widget_unparent);
  self->rename_entry = NULL;
  self->rename_error = NULL;
}

void
_wirelab_canvas_rename_allocate (WirelabCanvas *self)
{
  WlCanvasNode *item = self->renaming;
  int min_w, nat_w, min_h, nat_h, width;
  double x, y;

  if (item == NULL || self->rename_box == NULL || !gtk_widget_get_visible (self->rename_box))
    return;
  gtk_widget_measure (self->rename_box, GTK_ORIENTATION_HORIZONTAL, -1, &min_w, &nat_w, NULL, NULL);
  width = MAX (nat_w, 150);
  gtk_widget_measure (self->rename_box, GTK_ORIENTATION_VERTICAL, width, &min_h, &nat_h, NULL, NULL);
  wirelab_canvas_model_to_widget (self, item->x, item->y + WL_CANVAS_SYMBOL / 2 + 2, &x, &y);
  gtk_widget_size_allocate (self->rename_box,
                            &(GtkAllocation) { (int) (x - width / 2.0), (int) y, width, nat_h },
                            -1);
}

GtkWidget *
_wirelab_canvas_get_rename_entry (WirelabCanvas *self)
{
  return self->rename_entry;
}

GtkWidget *
_wirelab_canvas_get_rename_error (WirelabCanvas *self)
{
  return self->rename_error;
}
