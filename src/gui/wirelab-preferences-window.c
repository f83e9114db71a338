/* wirelab-preferences-window.c: Edit → Preferences
 *
 * Copyright 2026 The Wirelab authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#define G_LOG_DOMAIN "wirelab-preferences-window"

#include "config.h"

#include <glib/gi18n.h>

#include "wirelab-hypervisor-editor.h"
#include "wirelab-image-editor.h"
#include "wirelab-preferences-window.h"

struct _WirelabPreferencesWindow
{
  AdwPreferencesWindow  parent_instance;

  GtkSpinButton        *start_delay_spin;
  GtkSwitch            *console_on_start_switch;
  GtkSpinButton        *autosave_spin;
  GtkFontButton        *font_button;
  GtkSpinButton        *scrollback_spin;
  GtkListBox           *hypervisor_list;
  GtkListBox           *image_list;

  WirelabInventory     *inventory;
  GtkFileChooserNative *chooser;
};

G_DEFINE_FINAL_TYPE (WirelabPreferencesWindow, wirelab_preferences_window, ADW_TYPE_PREFERENCES_WINDOW)

static void
set_subtitle (AdwActionRow *row,
              const char   *text)
{
  g_autofree char *escaped = g_markup_escape_text (text, -1);

  adw_action_row_set_subtitle (row, escaped);
}

static void
update_hypervisor_row (AdwActionRow            *row,
                       GParamSpec              *pspec,
                       WirelabHypervisorConfig *config)
{
  g_autoptr(GString) text = g_string_new (NULL);
  g_autofree char *title = g_markup_escape_text (wirelab_hypervisor_config_get_display_name (config), -1);
  guint limit = wirelab_hypervisor_config_get_memory_limit_mb (config);
  const char *dir = wirelab_hypervisor_config_get_working_dir (config);

  if (wirelab_hypervisor_config_is_local (config) && wirelab_hypervisor_config_get_port (config) == 0)
    g_string_append (text, _("Inside Wirelab"));
  else
    g_string_append_printf (text, "%s:%u", wirelab_hypervisor_config_get_host (config),
                            wirelab_hypervisor_config_get_port (config));
  g_string_append_printf (text, _(" · consoles from %u · UDP from %u"),
                          wirelab_hypervisor_config_get_base_console (config),
                          wirelab_hypervisor_config_get_base_udp (config));
  if (limit > 0)
    g_string_append_printf (text, _(" · memory limit %u MB"), limit);
  else if (wirelab_hypervisor_config_is_local (config))
    g_string_append (text, _(" · memory limit: most of the free memory"));
  else
    g_string_append (text, _(" · no memory limit"));
  if (dir != NULL && *dir != '\0')
    g_string_append_printf (text, " · %s", dir);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  set_subtitle (row, text->str);
}

static GtkWidget *
icon_button (const char *icon_name,
             const char *tooltip,
             const char *action,
             const char *id)
{
  GtkWidget *button = gtk_button_new_from_icon_name (icon_name);

  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (button, tooltip);
  gtk_widget_add_css_class (button, "flat");
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), action);
  gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "s", id);
  return button;
}

static void
on_row_activated (AdwActionRow *row,
                  const char   *action)
{
  const char *id = g_object_get_data (G_OBJECT (row), "wirelab-id");

  gtk_widget_activate_action (GTK_WIDGET (row), action, "s", id);
}

static GtkWidget *
create_hypervisor_row (gpointer item,
                       gpointer user_data)
{
  WirelabHypervisorConfig *config = item;
  const char *id = wirelab_hypervisor_config_get_id (config);
  GtkWidget *row = adw_action_row_new ();

  g_object_set_data_full (G_OBJECT (row), "wirelab-id", g_strdup (id), g_free);
  gtk_widget_set_name (row, id);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row),
                             gtk_image_new_from_icon_name (wirelab_hypervisor_config_is_local (config)
                                                           ? "computer-symbolic"
                                                           : "network-server-symbolic"));
  adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                             icon_button ("document-edit-symbolic", _("Edit"),
                                          "prefs.edit-hypervisor", id));
  if (!wirelab_hypervisor_config_is_local (config))
    adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                               icon_button ("user-trash-symbolic", _("Remove"),
                                            "prefs.remove-hypervisor", id));
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  g_signal_connect (row, "activated", G_CALLBACK (on_row_activated), (gpointer) "prefs.edit-hypervisor");

  g_signal_connect_object (config, "notify", G_CALLBACK (update_hypervisor_row), row,
                           G_CONNECT_SWAPPED);
  update_hypervisor_row (ADW_ACTION_ROW (row), NULL, config);
  return row;
}

static void
update_image_row (AdwActionRow             *row,
                  GParamSpec               *pspec,
                  WirelabImage             *image)
{
  WirelabInventory *inventory = g_object_get_data (G_OBJECT (row), "wirelab-inventory");
  WirelabLab *lab = wirelab_inventory_get_lab (inventory);
  const char *const *bound = wirelab_image_get_hypervisors (image);
  g_autofree char *base = g_path_get_basename (wirelab_image_get_path (image));
  g_autofree char *title = g_markup_escape_text (wirelab_image_get_name (image), -1);
  g_autoptr(GString) text = g_string_new (NULL);
  const char *model = wirelab_image_get_model (image);

  g_string_append (text, wirelab_image_get_platform (image));
  if (model != NULL && *model != '\0')
    g_string_append_printf (text, " (%s)", model);
  g_string_append_printf (text, _(" · %u MB · %s"), wirelab_image_get_ram (image), base);
  if (wirelab_image_get_use_manager (image))
    g_string_append (text, _(" · placed by Wirelab"));
  if (bound[0] != NULL)
    {
      g_string_append (text, wirelab_image_get_use_manager (image) ? _(", then on ")
                                                                   : _(" · runs on "));
      for (guint i = 0; bound[i] != NULL; i++)
        {
          WirelabHypervisorConfig *config = wirelab_lab_find_hypervisor (lab, bound[i]);

          if (i > 0)
            g_string_append (text, ", ");
          g_string_append (text, config != NULL ? wirelab_hypervisor_config_get_display_name (config)
                                                : bound[i]);
        }
    }

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  set_subtitle (row, text->str);
}

static GtkWidget *
create_image_row (gpointer item,
                  gpointer user_data)
{
  WirelabPreferencesWindow *self = user_data;
  WirelabImage *image = item;
  const char *id = wirelab_image_get_id (image);
  GtkWidget *row = adw_action_row_new ();

  g_object_set_data_full (G_OBJECT (row), "wirelab-id", g_strdup (id), g_free);
  g_object_set_data_full (G_OBJECT (row), "wirelab-inventory", g_object_ref (self->inventory),
                          g_object_unref);
  gtk_widget_set_name (row, id);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row),
                             gtk_image_new_from_icon_name ("media-flash-symbolic"));
  adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                             icon_button ("document-edit-symbolic", _("Edit"),
                                          "prefs.edit-image", id));
  adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                             icon_button ("user-trash-symbolic", _("Remove"),
                                          "prefs.remove-image", id));
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  g_signal_connect (row, "activated", G_CALLBACK (on_row_activated), (gpointer) "prefs.edit-image");

  g_signal_connect_object (image, "notify", G_CALLBACK (update_image_row), row,
                           G_CONNECT_SWAPPED);
  update_image_row (ADW_ACTION_ROW (row), NULL, image);
  return row;
}

static void
show_editor (WirelabPreferencesWindow *self,
             GtkWindow                *editor)
{
  gtk_window_set_transient_for (editor, GTK_WINDOW (self));
  gtk_window_set_application (editor, gtk_window_get_application (GTK_WINDOW (self)));
  gtk_window_present (editor);
}

static void
add_hypervisor_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *param)
{
  WirelabPreferencesWindow *self = WIRELAB_PREFERENCES_WINDOW (widget);

  show_editor (self, GTK_WINDOW (wirelab_hypervisor_editor_new (self->inventory, NULL)));
}

static void
edit_hypervisor_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *param)
{
  WirelabPreferencesWindow *self = WIRELAB_PREFERENCES_WINDOW (widget);
  WirelabLab *lab = wirelab_inventory_get_lab (self->inventory);
  WirelabHypervisorConfig *config;

  config = wirelab_lab_find_hypervisor (lab, g_variant_get_string (param, NULL));
  if (config != NULL)
    show_editor (self, GTK_WINDOW (wirelab_hypervisor_editor_new (self->inventory, config)));
}

static void
remove_hypervisor_action (GtkWidget  *widget,
                          const char *action_name,
                          GVariant   *param)
{
  WirelabPreferencesWindow *self = WIRELAB_PREFERENCES_WINDOW (widget);
  WirelabLab *lab = wirelab_inventory_get_lab (self->inventory);
  WirelabHypervisorConfig *config;
  g_autoptr(GError) error = NULL;

  config = wirelab_lab_find_hypervisor (lab, g_variant_get_string (param, NULL));
  if (config == NULL)
    return;
  if (!wirelab_lab_remove_hypervisor (lab, config, &error))
    adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (self), adw_toast_new (error->message));
}

static void
on_image_chosen (GtkNativeDialog          *chooser,
                 int                       response,
                 WirelabPreferencesWindow *self)
{
  g_autoptr(GFile) file = NULL;
  g_autofree char *path = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  g_clear_object (&self->chooser);
  if (file == NULL || (path = g_file_get_path (file)) == NULL)
    return;

  show_editor (self, GTK_WINDOW (wirelab_image_editor_new_for_file (self->inventory, path)));
}

static void
add_image_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *param)
{
  WirelabPreferencesWindow *self = WIRELAB_PREFERENCES_WINDOW (widget);
  g_autoptr(GtkFileFilter) images = gtk_file_filter_new ();
  g_autoptr(GtkFileFilter) all = gtk_file_filter_new ();

  if (self->chooser != NULL)
    return;

  gtk_file_filter_set_name (images, _("Router images"));
  gtk_file_filter_add_pattern (images, "*.image");
  gtk_file_filter_add_pattern (images, "*.bin");
  gtk_file_filter_add_pattern (images, "*.elf");
  gtk_file_filter_set_name (all, _("All files"));
  gtk_file_filter_add_pattern (all, "*");

  self->chooser = gtk_file_chooser_native_new (_("Add a Router Image"), GTK_WINDOW (self),
                                               GTK_FILE_CHOOSER_ACTION_OPEN, _("_Add"), NULL);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->chooser), images);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->chooser), all);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->chooser), TRUE);
  g_signal_connect (self->chooser, "response", G_CALLBACK (on_image_chosen), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

static void
edit_image_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *param)
{
  WirelabPreferencesWindow *self = WIRELAB_PREFERENCES_WINDOW (widget);
  WirelabLab *lab = wirelab_inventory_get_lab (self->inventory);
  WirelabImage *image;

  image = wirelab_lab_find_image (lab, g_variant_get_string (param, NULL));
  if (image != NULL)
    show_editor (self, GTK_WINDOW (wirelab_image_editor_new (self->inventory, image)));
}

static void
remove_image_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *param)
{
  WirelabPreferencesWindow *self = WIRELAB_PREFERENCES_WINDOW (widget);
  WirelabLab *lab = wirelab_inventory_get_lab (self->inventory);
  WirelabImage *image;
  g_autoptr(GError) error = NULL;

  image = wirelab_lab_find_image (lab, g_variant_get_string (param, NULL));
  if (image == NULL)
    return;
  if (!wirelab_lab_remove_image (lab, image, &error))
    adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (self), adw_toast_new (error->message));
}

WirelabPreferencesWindow *
wirelab_preferences_window_new (WirelabInventory *inventory,
                                const char       *page)
{
  WirelabPreferencesWindow *self;
  WirelabLab *lab;
  GSettings *settings;

  g_return_val_if_fail (WIRELAB_IS_INVENTORY (inventory), NULL);

  self = g_object_new (WIRELAB_TYPE_PREFERENCES_WINDOW, NULL);
  self->inventory = g_object_ref (inventory);
  lab = wirelab_inventory_get_lab (inventory);
  settings = wirelab_inventory_get_settings (inventory);

  gtk_list_box_bind_model (self->hypervisor_list, wirelab_lab_get_hypervisors (lab),
                           create_hypervisor_row, self, NULL);
  gtk_list_box_bind_model (self->image_list, wirelab_lab_get_images (lab),
                           create_image_row, self, NULL);

  g_settings_bind (settings, "start-delay",
                   gtk_spin_button_get_adjustment (self->start_delay_spin), "value",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (settings, "console-on-start", self->console_on_start_switch, "active",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (settings, "autosave-interval",
                   gtk_spin_button_get_adjustment (self->autosave_spin), "value",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (settings, "console-font", self->font_button, "font", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (settings, "console-scrollback",
                   gtk_spin_button_get_adjustment (self->scrollback_spin), "value",
                   G_SETTINGS_BIND_DEFAULT);

  if (page != NULL)
    adw_preferences_window_set_visible_page_name (ADW_PREFERENCES_WINDOW (self), page);
  return self;
}

WirelabInventory *
wirelab_preferences_window_get_inventory (WirelabPreferencesWindow *self)
{
  g_return_val_if_fail (WIRELAB_IS_PREFERENCES_WINDOW (self), NULL);

  return self->inventory;
}

static void
wirelab_preferences_window_dispose (GObject *object)
{
  WirelabPreferencesWindow *self = WIRELAB_PREFERENCES_WINDOW (object);

  if (self->chooser != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->chooser, self);
      gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
      g_clear_object (&self->chooser);
    }
  /* The lists' rows must not outlive the window. */
  if (self->hypervisor_list != NULL)
    gtk_list_box_bind_model (self->hypervisor_list, NULL, NULL, NULL, NULL);
  if (self->image_list != NULL)
    gtk_list_box_bind_model (self->image_list, NULL, NULL, NULL, NULL);
  if (self->inventory != NULL)
    wirelab_inventory_flush (self->inventory);
  g_clear_object (&self->inventory);

  G_OBJECT_CLASS (wirelab_preferences_window_parent_class)->dispose (object);
}

static void
wirelab_preferences_window_class_init (WirelabPreferencesWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = wirelab_preferences_window_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PATH "/ui/wirelab-preferences-window.ui");
  gtk_widget_class_bind_template_child (widget_class, WirelabPreferencesWindow, start_delay_spin);
  gtk_widget_class_bind_template_child (widget_class, WirelabPreferencesWindow, console_on_start_switch);
  gtk_widget_class_bind_template_child (widget_class, WirelabPreferencesWindow, autosave_spin);
  gtk_widget_class_bind_template_child (widget_class, WirelabPreferencesWindow, font_button);
  gtk_widget_class_bind_template_child (widget_class, WirelabPreferencesWindow, scrollback_spin);
  gtk_widget_class_bind_template_child (widget_class, WirelabPreferencesWindow, hypervisor_list);
  gtk_widget_class_bind_template_child (widget_class, WirelabPreferencesWindow, image_list);

  gtk_widget_class_install_action (widget_class, "prefs.add-hypervisor", NULL, add_hypervisor_action);
  gtk_widget_class_install_action (widget_class, "prefs.edit-hypervisor", "s", edit_hypervisor_action);
  gtk_widget_class_install_action (widget_class, "prefs.remove-hypervisor", "s", remove_hypervisor_action);
  gtk_widget_class_install_action (widget_class, "prefs.add-image", NULL, add_image_action);
  gtk_widget_class_install_action (widget_class, "prefs.edit-image", "s", edit_image_action);
  gtk_widget_class_install_action (widget_class, "prefs.remove-image", "s", remove_image_action);
}

static void
wirelab_preferences_window_init (WirelabPreferencesWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
