/* wirelab-canvas-dnd.c: devices dropped from the palette
 *
 * Copyright 2026 The Wirelab authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * The drop target takes a WirelabPaletteItem.  A plain drop adds one node
 * where it lands; with Shift held it first asks how many (1-100, 2 by
 * default, as GNS3) and lays them out 10 per row from there.
 */

#define G_LOG_DOMAIN "wirelab-canvas"

#include "config.h"

#include <glib/gi18n.h>

#include "wirelab-canvas-private.h"

typedef struct
{
  WirelabCanvas      *canvas;
  WirelabPaletteItem *item;
  GtkWidget          *spin;
  double              x, y;   /* widget */
} PendingDrop;

static void
pending_drop_free (gpointer  data,
                   GClosure *closure)
{
  PendingDrop *drop = data;

  g_clear_object (&drop->item);
  g_free (drop);
}

static void
add_at (WirelabCanvas      *self,
        WirelabPaletteItem *item,
        guint               count,
        double              x,
        double              y)
{
  g_autoptr(GPtrArray) added = NULL;
  g_autoptr(GError) error = NULL;
  double mx, my;

  wirelab_canvas_widget_to_model (self, x, y, &mx, &my);
  added = wirelab_canvas_add_nodes (self, wirelab_palette_item_get_kind (item),
                                    wirelab_palette_item_get_image_id (item), count, mx, my, &error);
  if (added == NULL)
    _wirelab_canvas_report_error (self, error, x, y);
}

static void
on_count_response (AdwMessageDialog *dialog,
                   const char       *response,
                   PendingDrop      *drop)
{
  WirelabCanvas *self = drop->canvas;

  if (g_str_equal (response, "add") && self->lab != NULL)
    {
      int count = gtk_spin_button_get_value_as_int (GTK_SPIN_BUTTON (drop->spin));

      add_at (self, drop->item, CLAMP (count, 1, 100), drop->x, drop->y);
    }
}

static void
on_count_destroy (GtkWidget     *dialog,
                  WirelabCanvas *self)
{
  if (self->count_dialog == dialog)
    self->count_dialog = NULL;
}

static void
ask_count (WirelabCanvas      *self,
           WirelabPaletteItem *item,
           double              x,
           double              y)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  PendingDrop *drop;
  GtkWidget *dialog, *spin;
  g_autofree char *body = NULL;

  if (self->count_dialog != NULL)
    gtk_window_destroy (GTK_WINDOW (self->count_dialog));

  body = g_strdup_printf (_("How many “%s” to add? They are placed 10 per row."),
                          wirelab_palette_item_get_label (item));
  dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                   _("Add Several Devices"), body);
  spin = gtk_spin_button_new_with_range (1, 100, 1);
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (spin), 2);
  gtk_spin_button_set_numeric (GTK_SPIN_BUTTON (spin), TRUE);
  /* Enter in the field adds (GtkSpinButton has no ::activate in 4.8). */
  gtk_text_set_activates_default (GTK_TEXT (gtk_editable_get_delegate (GTK_EDITABLE (spin))), TRUE);
  gtk_widget_set_halign (spin, GTK_ALIGN_CENTER);
  gtk_accessible_update_property (GTK_ACCESSIBLE (spin), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Number of devices"), -1);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), spin);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "add", _("_Add"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "add",
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "add");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");

  drop = g_new0 (PendingDrop, 1);
  drop->canvas = self;
  drop->item = g_object_ref (item);
  drop->spin = spin;
  drop->x = x;
  drop->y = y;
  g_signal_connect_data (dialog, "response", G_CALLBACK (on_count_response), drop,
                         pending_drop_free, 0);
  g_signal_connect (dialog, "destroy", G_CALLBACK (on_count_destroy), self);
  self->count_dialog = dialog;
  gtk_window_present (GTK_WINDOW (dialog));
  gtk_widget_grab_focus (spin);
}

gboolean
_wirelab_canvas_handle_drop (WirelabCanvas      *self,
                             WirelabPaletteItem *item,
                             double              x,
                             double              y,
                             GdkModifierType     state)
{
  g_return_val_if_fail (WIRELAB_IS_PALETTE_ITEM (item), FALSE);

  if (self->lab == NULL)
    return FALSE;
  if (state & GDK_SHIFT_MASK)
    ask_count (self, item, x, y);
  else
    add_at (self, item, 1, x, y);
  return TRUE;
}

static GdkModifierType
current_modifiers (WirelabCanvas    *self,
                   GtkEventController *controller)
{
  GdkModifierType state = gtk_event_controller_get_current_event_state (controller);
  GdkDisplay *display = gtk_widget_get_display (GTK_WIDGET (self));
  GdkSeat *seat = display != NULL ? gdk_display_get_default_seat (display) : NULL;
  GdkDevice *keyboard = seat != NULL ? gdk_seat_get_keyboard (seat) : NULL;

  /* Drop events carry no modifiers on every backend: ask the keyboard. */
  if (keyboard != NULL)
    state |= gdk_device_get_modifier_state (keyboard);
  return state;
}

static gboolean
on_drop (GtkDropTarget *target,
         const GValue  *value,
         double         x,
         double         y,
         WirelabCanvas *self)
{
  WirelabPaletteItem *item;

  if (!G_VALUE_HOLDS (value, WIRELAB_TYPE_PALETTE_ITEM) ||
      (item = g_value_get_object (value)) == NULL)
    return FALSE;
  return _wirelab_canvas_handle_drop (self, item, x, y,
                                      current_modifiers (self, GTK_EVENT_CONTROLLER (target)));
}

void
_wirelab_canvas_dnd_init (WirelabCanvas *self)
{
  self->drop_target = gtk_drop_target_new (WIRELAB_TYPE_PALETTE_ITEM,
                                           GDK_ACTION_COPY | GDK_ACTION_MOVE);
  g_signal_connect (self->drop_target, "drop", G_CALLBACK (on_drop), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (self->drop_target));
}

GtkDropTarget *
_wirelab_canvas_get_drop_target (WirelabCanvas *self)
{
  return self->drop_target;
}

GtkWidget *
_wirelab_canvas_get_count_dialog (WirelabCanvas *self)
{
  return self->count_dialog;
}
