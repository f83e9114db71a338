/* wirelab-window-actions.c: Edit and View actions of the lab window
 *
 * Copyright 2026 The Wirelab authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#define G_LOG_DOMAIN "wirelab-window-actions"

#include "config.h"

#include <glib/gi18n.h>

#include "wirelab-window-private.h"

void
_wirelab_window_set_enabled (WirelabWindow *self,
                             const char    *action,
                             gboolean       enabled)
{
  GAction *found = g_action_map_lookup_action (G_ACTION_MAP (self), action);

  g_return_if_fail (G_IS_SIMPLE_ACTION (found));
  g_simple_action_set_enabled (G_SIMPLE_ACTION (found), enabled);
}

/* "Undo Move R1" / "Redo Delete SW1" in the Edit menu. */
static void
update_undo (WirelabWindow *self)
{
  WirelabHistory *history = wirelab_lab_get_history (self->lab);
  const char *undo = wirelab_history_get_undo_label (history);
  const char *redo = wirelab_history_get_redo_label (history);
  g_autofree char *undo_text = NULL;
  g_autofree char *redo_text = NULL;

  _wirelab_window_set_enabled (self, "undo", wirelab_history_can_undo (history));
  _wirelab_window_set_enabled (self, "redo", wirelab_history_can_redo (history));

  /* Translators: Edit menu, "_Undo Move R1". */
  undo_text = undo != NULL ? g_strdup_printf (_("_Undo %s"), undo) : g_strdup (_("_Undo"));
  /* Translators: Edit menu, "_Redo Move R1". */
  redo_text = redo != NULL ? g_strdup_printf (_("_Redo %s"), redo) : g_strdup (_("_Redo"));
  g_menu_remove_all (self->undo_section);
  g_menu_append (self->undo_section, undo_text, "win.undo");
  g_menu_append (self->undo_section, redo_text, "win.redo");
}

void
_wirelab_window_lab_actions (WirelabWindow *self)
{
  WirelabHistory *history = wirelab_lab_get_history (self->lab);

  g_signal_connect_object (history, "notify::can-undo", G_CALLBACK (update_undo), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (history, "notify::can-redo", G_CALLBACK (update_undo), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (history, "notify::undo-label", G_CALLBACK (update_undo), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (history, "notify::redo-label", G_CALLBACK (update_undo), self, G_CONNECT_SWAPPED);
  update_undo (self);
  _wirelab_window_update_actions (self);
}

void
_wirelab_window_update_actions (WirelabWindow *self)
{
  guint selected = wirelab_canvas_get_n_selected_nodes (self->canvas);

  _wirelab_window_set_enabled (self, "rename", selected == 1);
  _wirelab_window_set_enabled (self, "delete",
                               selected > 0 || wirelab_canvas_get_selected_link (self->canvas) != NULL);
  _wirelab_window_update_run_actions (self);
}

static void
undo_activated (GSimpleAction *action,
                GVariant      *param,
                gpointer       user_data)
{
  WirelabWindow *self = user_data;

  wirelab_history_undo (wirelab_lab_get_history (self->lab));
}

static void
redo_activated (GSimpleAction *action,
                GVariant      *param,
                gpointer       user_data)
{
  WirelabWindow *self = user_data;

  wirelab_history_redo (wirelab_lab_get_history (self->lab));
}

static void
select_all_activated (GSimpleAction *action,
                      GVariant      *param,
                      gpointer       user_data)
{
  WirelabWindow *self = user_data;

  wirelab_canvas_select_all (self->canvas);
}

static void
delete_activated (GSimpleAction *action,
                  GVariant      *param,
                  gpointer       user_data)
{
  WirelabWindow *self = user_data;

  wirelab_canvas_delete_selection (self->canvas);
}

static void
rename_activated (GSimpleAction *action,
                  GVariant      *param,
                  gpointer       user_data)
{
  WirelabWindow *self = user_data;

  gtk_widget_activate_action (GTK_WIDGET (self->canvas), "canvas.rename", NULL);
}

/* zoom-in → canvas.zoom-in … */
static void
canvas_proxy_activated (GSimpleAction *action,
                        GVariant      *param,
                        gpointer       user_data)
{
  WirelabWindow *self = user_data;
  const char *name = g_action_get_name (G_ACTION (action));
  g_autofree char *target = NULL;

  if (g_str_equal (name, "zoom-fit"))
    target = g_strdup ("canvas.fit");
  else
    target = g_strconcat ("canvas.", name, NULL);
  gtk_widget_activate_action (GTK_WIDGET (self->canvas), target, NULL);
}

static void
show_consoles_changed (GSimpleAction *action,
                       GVariant      *state,
                       gpointer       user_data)
{
  WirelabWindow *self = user_data;

  g_simple_action_set_state (action, state);
  gtk_widget_set_visible (GTK_WIDGET (self->console_dock), g_variant_get_boolean (state));
}

static void
consoles_right_changed (GSimpleAction *action,
                        GVariant      *state,
                        gpointer       user_data)
{
  WirelabWindow *self = user_data;

  g_simple_action_set_state (action, state);
  g_settings_set_enum (self->settings, "console-dock-position", g_variant_get_boolean (state) ? 1 : 0);
}

static void
on_dock_visible (WirelabWindow *self)
{
  GAction *action = g_action_map_lookup_action (G_ACTION_MAP (self), "show-consoles");

  g_simple_action_set_state (G_SIMPLE_ACTION (action),
                             g_variant_new_boolean (gtk_widget_get_visible (GTK_WIDGET (self->console_dock))));
}

static const GActionEntry edit_view_entries[] = {
  { "undo", undo_activated },
  { "redo", redo_activated },
  { "select-all", select_all_activated },
  { "delete", delete_activated },
  { "rename", rename_activated },
  { "zoom-in", canvas_proxy_activated },
  { "zoom-out", canvas_proxy_activated },
  { "zoom-reset", canvas_proxy_activated },
  { "zoom-fit", canvas_proxy_activated },
  { "show-consoles", NULL, NULL, "true", show_consoles_changed },
  { "consoles-right", NULL, NULL, "false", consoles_right_changed },
};

void
_wirelab_window_init_actions (WirelabWindow *self)
{
  const char *canvas_props[] = { "show-grid", "snap-to-grid", "show-interface-labels", "link-mode" };
  GAction *right;

  g_action_map_add_action_entries (G_ACTION_MAP (self), edit_view_entries,
                                   G_N_ELEMENTS (edit_view_entries), self);

  /* The canvas's own toggles, reachable from the window's menus. */
  self->view_actions = g_simple_action_group_new ();
  for (guint i = 0; i < G_N_ELEMENTS (canvas_props); i++)
    {
      g_autoptr(GPropertyAction) action = g_property_action_new (canvas_props[i], self->canvas,
                                                                 canvas_props[i]);

      g_action_map_add_action (G_ACTION_MAP (self->view_actions), G_ACTION (action));
    }
  gtk_widget_insert_action_group (GTK_WIDGET (self), "view", G_ACTION_GROUP (self->view_actions));

  right = g_action_map_lookup_action (G_ACTION_MAP (self), "consoles-right");
  g_simple_action_set_state (G_SIMPLE_ACTION (right),
                             g_variant_new_boolean (g_settings_get_enum (self->settings,
                                                                         "console-dock-position") == 1));
  g_signal_connect_object (self->console_dock, "notify::visible", G_CALLBACK (on_dock_visible), self,
                           G_CONNECT_SWAPPED);
}
