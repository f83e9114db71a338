/* wirelab-window.c: the lab window (layout, lab, title, focus)
 *
 * Copyright 2026 The Wirelab authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#define G_LOG_DOMAIN "wirelab-window"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "wirelab-application.h"
#include "wirelab-status-panel.h"
#include "wirelab-terminal.h"
#include "wirelab-window-private.h"

G_DEFINE_FINAL_TYPE (WirelabWindow, wirelab_window, ADW_TYPE_APPLICATION_WINDOW)

void
_wirelab_window_update_title (WirelabWindow *self)
{
  g_autofree char *title = NULL;
  g_autofree char *full = NULL;
  g_autofree char *subtitle = NULL;
  const char *name;
  GFile *file;

  if (self->lab == NULL)
    return;

  name = wirelab_lab_get_name (self->lab);
  if (name == NULL || *name == '\0')
    name = _("Untitled");
  /* "• name" while there are unsaved changes. */
  title = wirelab_lab_get_dirty (self->lab) ? g_strdup_printf ("• %s", name) : g_strdup (name);
  adw_window_title_set_title (self->window_title, title);

  file = wirelab_lab_get_file (self->lab);
  if (file != NULL)
    {
      g_autoptr(GFile) parent = g_file_get_parent (file);
      g_autofree char *path = parent != NULL ? g_file_get_path (parent) : NULL;
      const char *home = g_get_home_dir ();

      if (path != NULL && home != NULL && g_str_has_prefix (path, home) &&
          (path[strlen (home)] == '/' || path[strlen (home)] == '\0'))
        subtitle = g_strconcat ("~", path + strlen (home), NULL);
      else
        subtitle = g_strdup (path != NULL ? path : "");
    }
  else
    subtitle = g_strdup (_("Not saved yet"));
  adw_window_title_set_subtitle (self->window_title, subtitle);

  /* Translators: window title, "• Branch offices — Wirelab". */
  full = g_strdup_printf (_("%s — Wirelab"), title);
  gtk_window_set_title (GTK_WINDOW (self), full);
}

static void
on_lab_notify (WirelabWindow *self)
{
  _wirelab_window_update_title (self);
}

static void
on_hypervisor_changed (WirelabInventory *inventory,
                       const char       *id,
                       WirelabWindow    *self)
{
  wirelab_inventory_apply_hypervisor (inventory, self->lab, id);
}

static void
on_hypervisor_removed (WirelabInventory *inventory,
                       const char       *id,
                       WirelabWindow    *self)
{
  wirelab_inventory_remove_hypervisor_from (inventory, self->lab, id);
}

static void
on_image_changed (WirelabInventory *inventory,
                  const char       *id,
                  WirelabWindow    *self)
{
  wirelab_inventory_apply_image (inventory, self->lab, id);
}

static void
on_image_removed (WirelabInventory *inventory,
                  const char       *id,
                  WirelabWindow    *self)
{
  wirelab_inventory_remove_image_from (inventory, self->lab, id);
}

static void
on_start_delay_setting (WirelabWindow *self)
{
  guint delay = g_settings_get_uint (self->settings, "start-delay");

  if (self->lab != NULL && wirelab_lab_get_start_delay (self->lab) != delay)
    wirelab_lab_set_start_delay (self->lab, delay);
}

static void
on_old_session_down (gpointer user_data)
{
  /* The old session's own callback keeps it alive until it is down. */
}

/* A new lab is shown centred at its saved zoom once the canvas knows its
 * size (fitting would change the zoom, an edit that marks the lab unsaved). */
static gboolean
center_when_sized (GtkWidget     *widget,
                   GdkFrameClock *clock,
                   gpointer       user_data)
{
  WirelabCanvas *canvas = WIRELAB_CANVAS (widget);
  WirelabLab *lab = wirelab_canvas_get_lab (canvas);
  GListModel *nodes;
  double min_x = G_MAXDOUBLE, min_y = G_MAXDOUBLE, max_x = -G_MAXDOUBLE, max_y = -G_MAXDOUBLE;
  guint n;

  if (gtk_widget_get_width (widget) <= 0 || gtk_widget_get_height (widget) <= 0)
    return G_SOURCE_CONTINUE;
  if (lab == NULL)
    return G_SOURCE_REMOVE;

  nodes = wirelab_lab_get_nodes (lab);
  n = g_list_model_get_n_items (nodes);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(WirelabNode) node = g_list_model_get_item (nodes, i);

      min_x = MIN (min_x, wirelab_node_get_x (node));
      max_x = MAX (max_x, wirelab_node_get_x (node));
      min_y = MIN (min_y, wirelab_node_get_y (node));
      max_y = MAX (max_y, wirelab_node_get_y (node));
    }
  if (n > 0)
    wirelab_canvas_center_on (canvas, (min_x + max_x) / 2, (min_y + max_y) / 2);
  else
    wirelab_canvas_center_on (canvas, 0, 0);
  return G_SOURCE_REMOVE;
}

static gboolean
center_next_frame (GtkWidget     *widget,
                   GdkFrameClock *clock,
                   gpointer       user_data)
{
  int *ticks = user_data;

  if ((*ticks)++ < 1)
    return G_SOURCE_CONTINUE;
  return center_when_sized (widget, clock, NULL);
}

void
wirelab_window_set_lab (WirelabWindow *self,
                        WirelabLab    *lab)
{
  g_return_if_fail (WIRELAB_IS_WINDOW (self));
  g_return_if_fail (WIRELAB_IS_LAB (lab));

  if (self->lab == lab)
    return;

  if (self->lab != NULL)
    {
      wirelab_console_dock_close_all (self->console_dock);
      _wirelab_window_shutdown_session (self, G_CALLBACK (on_old_session_down), NULL);
      g_signal_handlers_disconnect_by_data (self->lab, self);
      g_signal_handlers_disconnect_by_data (wirelab_lab_get_history (self->lab), self);
      g_signal_handlers_disconnect_by_data (wirelab_lab_get_nodes (self->lab), self);
      g_signal_handlers_disconnect_by_data (wirelab_lab_get_links (self->lab), self);
      for (guint i = 0; i < g_list_model_get_n_items (wirelab_lab_get_nodes (self->lab)); i++)
        {
          g_autoptr(WirelabNode) node = g_list_model_get_item (wirelab_lab_get_nodes (self->lab), i);

          g_signal_handlers_disconnect_by_data (node, self);
          g_object_set_data (G_OBJECT (node), "wirelab-window-watch", NULL);
        }
      for (guint i = 0; i < g_list_model_get_n_items (wirelab_lab_get_links (self->lab)); i++)
        {
          g_autoptr(WirelabLink) link = g_list_model_get_item (wirelab_lab_get_links (self->lab), i);

          g_signal_handlers_disconnect_by_data (link, self);
        }
    }

  g_set_object (&self->lab, lab);

  wirelab_canvas_set_lab (self->canvas, lab);
  wirelab_palette_set_lab (self->palette, lab);
  wirelab_status_panel_set_lab (self->status_panel, lab);

  g_signal_connect_object (lab, "notify::dirty", G_CALLBACK (on_lab_notify), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (lab, "notify::name", G_CALLBACK (on_lab_notify), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (lab, "notify::file", G_CALLBACK (on_lab_notify), self, G_CONNECT_SWAPPED);

  _wirelab_window_lab_actions (self);
  _wirelab_window_update_title (self);
  _wirelab_window_restart_autosave (self);
  _wirelab_window_start_session (self);
  gtk_widget_add_tick_callback (GTK_WIDGET (self->canvas), center_when_sized, NULL, NULL);
}

WirelabLab *
wirelab_window_get_lab (WirelabWindow *self)
{
  g_return_val_if_fail (WIRELAB_IS_WINDOW (self), NULL);

  return self->lab;
}

gboolean
wirelab_window_load_file (WirelabWindow  *self,
                          GFile          *file,
                          GError        **error)
{
  g_autoptr(WirelabLab) lab = NULL;

  g_return_val_if_fail (WIRELAB_IS_WINDOW (self), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);

  lab = wirelab_lab_load (file, error);
  if (lab == NULL)
    return FALSE;
  wirelab_window_set_lab (self, lab);
  _wirelab_window_remember_file (self, file);
  return TRUE;
}

gboolean
wirelab_window_is_pristine (WirelabWindow *self)
{
  g_return_val_if_fail (WIRELAB_IS_WINDOW (self), FALSE);

  return self->lab != NULL &&
         wirelab_lab_get_file (self->lab) == NULL &&
         !wirelab_lab_get_dirty (self->lab) &&
         g_list_model_get_n_items (wirelab_lab_get_nodes (self->lab)) == 0;
}

gboolean
wirelab_window_is_running (WirelabWindow *self)
{
  GListModel *nodes;

  g_return_val_if_fail (WIRELAB_IS_WINDOW (self), FALSE);

  if (self->lab == NULL)
    return FALSE;
  nodes = wirelab_lab_get_nodes (self->lab);
  for (guint i = 0; i < g_list_model_get_n_items (nodes); i++)
    {
      g_autoptr(WirelabNode) node = g_list_model_get_item (nodes, i);

      if (wirelab_node_get_status (node) != WIRELAB_NODE_STATUS_STOPPED)
        return TRUE;
    }
  return FALSE;
}

WirelabSession *
wirelab_window_get_session (WirelabWindow *self)
{
  g_return_val_if_fail (WIRELAB_IS_WINDOW (self), NULL);

  return self->session;
}

WirelabCanvas *
wirelab_window_get_canvas (WirelabWindow *self)
{
  g_return_val_if_fail (WIRELAB_IS_WINDOW (self), NULL);

  return self->canvas;
}

WirelabConsoleDock *
wirelab_window_get_console_dock (WirelabWindow *self)
{
  g_return_val_if_fail (WIRELAB_IS_WINDOW (self), NULL);

  return self->console_dock;
}

void
wirelab_window_toast (WirelabWindow *self,
                      const char    *message)
{
  AdwToast *toast;

  g_return_if_fail (WIRELAB_IS_WINDOW (self));
  g_return_if_fail (message != NULL);

  toast = adw_toast_new (message);
  adw_toast_set_timeout (toast, 6);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

void
wirelab_window_add_toast (WirelabWindow *self,
                          AdwToast      *toast)
{
  g_return_if_fail (WIRELAB_IS_WINDOW (self));
  g_return_if_fail (ADW_IS_TOAST (toast));

  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

void
wirelab_window_set_next_file (WirelabWindow *self,
                              GFile         *file)
{
  g_return_if_fail (WIRELAB_IS_WINDOW (self));
  g_return_if_fail (file == NULL || G_IS_FILE (file));

  g_set_object (&self->next_file, file);
}

/* Plain Ctrl+letter keys belong to the router while a console has the
 * focus (Ctrl+Z ends configuration mode, Ctrl+W erases a word …), and to a
 * text entry while one has it.  This capture controller runs before the
 * application's accelerators and hands such keys to the focused widget. */
static gboolean
on_key_pressed (GtkEventControllerKey *controller,
                guint                  keyval,
                guint                  keycode,
                GdkModifierType        state,
                WirelabWindow         *self)
{
  GtkApplication *app = gtk_window_get_application (GTK_WINDOW (self));
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (self));
  GdkModifierType mods = state & gtk_accelerator_get_default_mod_mask ();
  g_autofree char *accel = NULL;
  g_auto(GStrv) actions = NULL;
  GtkWidget *target;

  if (app == NULL || focus == NULL)
    return FALSE;
  if (WIRELAB_IS_TERMINAL (focus))
    target = focus;
  else if ((target = gtk_widget_get_ancestor (focus, WIRELAB_TYPE_TERMINAL)) == NULL &&
           GTK_IS_EDITABLE (focus))
    target = focus;
  if (target == NULL || wirelab_application_accel_is_console_safe (keyval, mods))
    return FALSE;

  accel = gtk_accelerator_name (gdk_keyval_to_lower (keyval), mods);
  actions = gtk_application_get_actions_for_accel (app, accel);
  if (actions == NULL || actions[0] == NULL)
    return FALSE;
  return gtk_event_controller_key_forward (controller, target);
}

/* The dock keeps its size (console-dock-size) when the window resizes;
 * dragging the handle changes that size.  max-position already leaves the
 * dock's minimum out, so sizes count from the paned's full extent. */
static int
dock_extent (WirelabWindow *self)
{
  GtkOrientation orientation = gtk_orientable_get_orientation (GTK_ORIENTABLE (self->dock_paned));

  return orientation == GTK_ORIENTATION_VERTICAL ? gtk_widget_get_height (GTK_WIDGET (self->dock_paned))
                                                 : gtk_widget_get_width (GTK_WIDGET (self->dock_paned));
}

/* Below the canvas the dock's height counts, at its right its width (wide
 * enough for 80 columns by default). */
static const char *
dock_size_key (WirelabWindow *self)
{
  return gtk_orientable_get_orientation (GTK_ORIENTABLE (self->dock_paned)) == GTK_ORIENTATION_VERTICAL
         ? "console-dock-size" : "console-dock-width";
}

static void
place_dock (WirelabWindow *self)
{
  int size = g_settings_get_int (self->settings, dock_size_key (self));
  int extent = dock_extent (self);

  if (extent <= 0)
    return;
  size = CLAMP (size, 80, MAX (80, extent * 3 / 4));
  self->dock_placed = TRUE;
  gtk_paned_set_position (self->dock_paned, extent - size);
  self->dock_placed = FALSE;
}

static void
on_dock_max_position (WirelabWindow *self)
{
  place_dock (self);
}

static void
on_dock_moved (WirelabWindow *self)
{
  int extent;

  /* Only the user's drags: our own placing sets dock_placed. */
  if (self->dock_placed || !gtk_widget_get_mapped (GTK_WIDGET (self->dock_paned)))
    return;
  extent = dock_extent (self);
  if (extent <= 0)
    return;
  g_settings_set_int (self->settings, dock_size_key (self), extent - gtk_paned_get_position (self->dock_paned));
}

static void
on_dock_position_setting (WirelabWindow *self)
{
  gboolean right = g_settings_get_enum (self->settings, "console-dock-position") == 1;

  if (gtk_orientable_get_orientation (GTK_ORIENTABLE (self->dock_paned)) ==
      (right ? GTK_ORIENTATION_HORIZONTAL : GTK_ORIENTATION_VERTICAL))
    return;
  gtk_orientable_set_orientation (GTK_ORIENTABLE (self->dock_paned),
                                  right ? GTK_ORIENTATION_HORIZONTAL : GTK_ORIENTATION_VERTICAL);
  place_dock (self);
  /* The canvas changed shape: show the lab in the middle again, once the
   * new layout is done (the next frame's tick still sees the old one). */
  if (self->canvas != NULL && self->lab != NULL)
    gtk_widget_add_tick_callback (GTK_WIDGET (self->canvas), center_next_frame, g_new0 (int, 1), g_free);
}

static void
on_node_activated (WirelabCanvas *canvas,
                   WirelabNode   *node,
                   WirelabWindow *self)
{
  WirelabNodeKind kind = wirelab_node_get_kind (node);

  /* Switches and hubs have no console. */
  if (kind == WIRELAB_NODE_KIND_ROUTER || kind == WIRELAB_NODE_KIND_VPCS)
    {
      gtk_widget_set_visible (GTK_WIDGET (self->console_dock), TRUE);
      wirelab_console_dock_open (self->console_dock, node, TRUE);
    }
}

static void
on_canvas_selection (WirelabWindow *self)
{
  _wirelab_window_update_actions (self);
}

/* After construction: "application" is only set once constructed() ran. */
static void
setup (WirelabWindow      *self,
       WirelabApplication *application)
{
  g_autoptr(WirelabLab) lab = NULL;

  if (application != NULL)
    self->inventory = g_object_ref (wirelab_application_get_inventory (application));
  else
    self->inventory = wirelab_inventory_new (self->settings);

  g_signal_connect_object (self->inventory, "hypervisor-changed", G_CALLBACK (on_hypervisor_changed), self, 0);
  g_signal_connect_object (self->inventory, "hypervisor-removed", G_CALLBACK (on_hypervisor_removed), self, 0);
  g_signal_connect_object (self->inventory, "image-changed", G_CALLBACK (on_image_changed), self, 0);
  g_signal_connect_object (self->inventory, "image-removed", G_CALLBACK (on_image_removed), self, 0);

  lab = wirelab_inventory_new_lab (self->inventory);
  wirelab_window_set_lab (self, lab);
}

WirelabWindow *
wirelab_window_new (WirelabApplication *application)
{
  WirelabWindow *self;

  g_return_val_if_fail (application == NULL || WIRELAB_IS_APPLICATION (application), NULL);

  self = g_object_new (WIRELAB_TYPE_WINDOW, "application", application, NULL);
  setup (self, application);
  return self;
}

static void
wirelab_window_dispose (GObject *object)
{
  WirelabWindow *self = WIRELAB_WINDOW (object);

  _wirelab_window_dispose_project (self);
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->lab != NULL && self->session != NULL)
    _wirelab_window_shutdown_session (self, G_CALLBACK (on_old_session_down), NULL);
  g_clear_object (&self->session);
  if (self->canvas != NULL)
    wirelab_canvas_set_lab (self->canvas, NULL);
  if (self->palette != NULL)
    wirelab_palette_set_lab (self->palette, NULL);
  if (self->status_panel != NULL)
    wirelab_status_panel_set_lab (self->status_panel, NULL);
  g_clear_object (&self->lab);
  g_clear_object (&self->view_actions);
  g_clear_object (&self->inventory);
  g_clear_object (&self->settings);
  g_clear_object (&self->next_file);

  gtk_widget_dispose_template (GTK_WIDGET (self), WIRELAB_TYPE_WINDOW);

  G_OBJECT_CLASS (wirelab_window_parent_class)->dispose (object);
}

static void
wirelab_window_class_init (WirelabWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = wirelab_window_dispose;
  window_class->close_request = _wirelab_window_close_request;

  g_type_ensure (WIRELAB_TYPE_CONSOLE_DOCK);
  g_type_ensure (WIRELAB_TYPE_STATUS_PANEL);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PATH "/ui/wirelab-window.ui");
  gtk_widget_class_bind_template_child (widget_class, WirelabWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, WirelabWindow, header_bar);
  gtk_widget_class_bind_template_child (widget_class, WirelabWindow, window_title);
  gtk_widget_class_bind_template_child (widget_class, WirelabWindow, menu_bar);
  gtk_widget_class_bind_template_child (widget_class, WirelabWindow, main_paned);
  gtk_widget_class_bind_template_child (widget_class, WirelabWindow, dock_paned);
  gtk_widget_class_bind_template_child (widget_class, WirelabWindow, palette_box);
  gtk_widget_class_bind_template_child (widget_class, WirelabWindow, canvas_box);
  gtk_widget_class_bind_template_child (widget_class, WirelabWindow, console_dock);
  gtk_widget_class_bind_template_child (widget_class, WirelabWindow, status_panel);
  gtk_widget_class_bind_template_child (widget_class, WirelabWindow, recent_menu);
  gtk_widget_class_bind_template_child (widget_class, WirelabWindow, undo_section);
  gtk_widget_class_bind_template_child (widget_class, WirelabWindow, node_menu);
  gtk_widget_class_bind_template_child (widget_class, WirelabWindow, link_menu);
  gtk_widget_class_bind_template_child (widget_class, WirelabWindow, background_menu);
}

static void
wirelab_window_init (WirelabWindow *self)
{
  GtkEventController *keys;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->settings = g_settings_new (APP_ID);
  self->cancellable = g_cancellable_new ();

  self->canvas = WIRELAB_CANVAS (wirelab_canvas_new ());
  gtk_widget_set_hexpand (GTK_WIDGET (self->canvas), TRUE);
  gtk_widget_set_vexpand (GTK_WIDGET (self->canvas), TRUE);
  gtk_box_append (self->canvas_box, GTK_WIDGET (self->canvas));
  wirelab_canvas_set_node_menu (self->canvas, self->node_menu);
  wirelab_canvas_set_link_menu (self->canvas, self->link_menu);
  wirelab_canvas_set_background_menu (self->canvas, self->background_menu);
  g_signal_connect_object (self->canvas, "node-activated", G_CALLBACK (on_node_activated), self, 0);
  g_signal_connect_object (self->canvas, "selection-changed", G_CALLBACK (on_canvas_selection),
                           self, G_CONNECT_SWAPPED);

  self->palette = WIRELAB_PALETTE (wirelab_palette_new ());
  gtk_widget_set_vexpand (GTK_WIDGET (self->palette), TRUE);
  gtk_box_append (self->palette_box, GTK_WIDGET (self->palette));
  wirelab_palette_set_canvas (self->palette, self->canvas);

  _wirelab_window_init_actions (self);
  _wirelab_window_init_project (self);
  _wirelab_window_init_run (self);

  g_signal_connect_object (self->settings, "changed::start-delay",
                           G_CALLBACK (on_start_delay_setting), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->settings, "changed::console-dock-position",
                           G_CALLBACK (on_dock_position_setting), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->dock_paned, "notify::max-position",
                           G_CALLBACK (on_dock_max_position), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->dock_paned, "notify::position",
                           G_CALLBACK (on_dock_moved), self, G_CONNECT_SWAPPED);
  keys = gtk_event_controller_key_new ();
  gtk_event_controller_set_propagation_phase (keys, GTK_PHASE_CAPTURE);
  g_signal_connect_object (keys, "key-pressed", G_CALLBACK (on_key_pressed), self, 0);
  gtk_widget_add_controller (GTK_WIDGET (self), keys);
  on_dock_position_setting (self);
}
