/* wirelab-application.c
 *
 * Copyright 2026 The Wirelab authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#define G_LOG_DOMAIN "wirelab-application"

#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "wirelab/wirelab.h"

#include "wirelab-application.h"
#include "wirelab-preferences-window.h"
#include "wirelab-screenshot.h"
#include "wirelab-window.h"

struct _WirelabApplication
{
  AdwApplication    parent_instance;

  GSettings        *settings;
  WirelabInventory *inventory;
  gboolean          demo;
  gboolean          screenshot_armed;
};

G_DEFINE_FINAL_TYPE (WirelabApplication, wirelab_application, ADW_TYPE_APPLICATION)

/* Every accelerator of the application, in one place.  While a console (or
 * a text entry) has the focus, only the Ctrl+Shift ones and function keys
 * act: the lab window hands the others to the focused widget (see
 * wirelab_application_accel_is_console_safe()). */
typedef struct
{
  const char *action;
  const char *accels[4];
} Accel;

static const Accel accels[] = {
  /* File */
  { "win.new", { "<Primary>n", NULL } },
  { "win.open", { "<Primary>o", NULL } },
  { "win.save", { "<Primary>s", NULL } },
  { "win.save-as", { "<Primary><Shift>s", NULL } },
  { "win.close", { "<Primary>w", NULL } },
  { "app.quit", { "<Primary>q", NULL } },
  /* Edit */
  { "win.undo", { "<Primary>z", NULL } },
  { "win.redo", { "<Primary><Shift>z", "<Primary>y", NULL } },
  { "win.select-all", { "<Primary>a", NULL } },
  { "win.delete", { "Delete", NULL } },
  { "win.rename", { "F2", NULL } },
  { "app.preferences", { "<Primary>comma", NULL } },
  /* View */
  { "win.zoom-in", { "<Primary>plus", "<Primary>equal", "<Primary>KP_Add", NULL } },
  { "win.zoom-out", { "<Primary>minus", "<Primary>KP_Subtract", NULL } },
  { "win.zoom-reset", { "<Primary>0", NULL } },
  { "win.zoom-fit", { "<Primary><Shift>f", NULL } },
  { "view.show-grid", { "<Primary>g", NULL } },
  { "view.snap-to-grid", { "<Primary><Shift>g", NULL } },
  { "view.show-interface-labels", { "<Primary>i", NULL } },
  { "win.show-consoles", { "F9", NULL } },
  /* Node */
  { "win.start", { "F6", NULL } },
  { "win.stop", { "<Shift>F6", NULL } },
  { "win.suspend", { "F7", NULL } },
  { "win.reload", { "<Primary>r", NULL } },
  { "win.start-all", { "F5", NULL } },
  { "win.stop-all", { "<Shift>F5", NULL } },
  { "win.suspend-all", { "<Shift>F7", NULL } },
  { "win.console", { "<Primary>t", NULL } },
  { "win.console-all", { "<Primary><Shift>t", NULL } },
  { "view.link-mode", { "<Primary>l", NULL } },
  { "win.capture", { "<Primary>p", NULL } },
  /* Consoles */
  { "term.copy", { "<Primary><Shift>c", NULL } },
  { "term.paste", { "<Primary><Shift>v", NULL } },
  { "dock.close-tab", { "<Primary><Shift>w", NULL } },
  { "dock.detach-tab", { "<Primary><Shift>d", NULL } },
  /* Help */
  { "win.show-help-overlay", { "<Primary>question", NULL } },
};

/* Ctrl+Shift+… and function keys mean nothing to a router's CLI. */
gboolean
wirelab_application_accel_is_console_safe (guint           keyval,
                                           GdkModifierType mods)
{
  if (keyval >= GDK_KEY_F1 && keyval <= GDK_KEY_F35)
    return TRUE;
  return (mods & GDK_CONTROL_MASK) && (mods & GDK_SHIFT_MASK);
}

static void
apply_accels (WirelabApplication *self)
{
  for (guint i = 0; i < G_N_ELEMENTS (accels); i++)
    gtk_application_set_accels_for_action (GTK_APPLICATION (self), accels[i].action,
                                           accels[i].accels);
}

WirelabInventory *
wirelab_application_get_inventory (WirelabApplication *self)
{
  g_return_val_if_fail (WIRELAB_IS_APPLICATION (self), NULL);

  return self->inventory;
}

/* The window to load into: the active one while it holds nothing. */
static WirelabWindow *
window_for_lab (WirelabApplication *self)
{
  GtkWindow *active = gtk_application_get_active_window (GTK_APPLICATION (self));

  if (WIRELAB_IS_WINDOW (active) && wirelab_window_is_pristine (WIRELAB_WINDOW (active)))
    return WIRELAB_WINDOW (active);
  return wirelab_window_new (self);
}

static gboolean
copy_tree (GFile   *from,
           GFile   *to,
           GError **error)
{
  g_autoptr(GFileEnumerator) children = NULL;
  GFileInfo *info;
  GFile *child;

  if (!g_file_make_directory_with_parents (to, NULL, error))
    {
      if (!g_error_matches (*error, G_IO_ERROR, G_IO_ERROR_EXISTS))
        return FALSE;
      g_clear_error (error);
    }

  children = g_file_enumerate_children (from, G_FILE_ATTRIBUTE_STANDARD_NAME ","
                                        G_FILE_ATTRIBUTE_STANDARD_TYPE,
                                        G_FILE_QUERY_INFO_NOFOLLOW_SYMLINKS, NULL, error);
  if (children == NULL)
    return FALSE;

  while (g_file_enumerator_iterate (children, &info, &child, NULL, error))
    {
      g_autoptr(GFile) target = NULL;

      if (info == NULL)
        return TRUE;
      target = g_file_get_child (to, g_file_info_get_name (info));
      if (g_file_info_get_file_type (info) == G_FILE_TYPE_DIRECTORY)
        {
          if (!copy_tree (child, target, error))
            return FALSE;
        }
      else if (g_file_info_get_file_type (info) == G_FILE_TYPE_REGULAR)
        {
          if (!g_file_copy (child, target, G_FILE_COPY_OVERWRITE, NULL, NULL, NULL, error))
            return FALSE;
        }
    }
  return FALSE;
}

GtkWindow *
wirelab_application_open_demo (WirelabApplication  *self,
                               GError             **error)
{
  g_autofree char *bundled = wirelab_find_data_file ("demo/demo.wirelab");
  g_autofree char *dest_dir = NULL;
  g_autoptr(GFile) from = NULL;
  g_autoptr(GFile) to = NULL;
  g_autoptr(GFile) lab_file = NULL;
  WirelabWindow *window;
  gboolean fresh;

  g_return_val_if_fail (WIRELAB_IS_APPLICATION (self), NULL);

  if (bundled == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                   _("The demo lab is not installed (demo/demo.wirelab in the data directory)"));
      return NULL;
    }

  /* The bundled copy stays untouched: running a lab writes configs/,
   * working/ and captures/ next to its file. */
  dest_dir = g_build_filename (g_get_user_data_dir (), "wirelab", "demo", NULL);
  from = g_file_new_for_path (bundled);
  {
    g_autoptr(GFile) from_dir = g_file_get_parent (from);

    to = g_file_new_for_path (dest_dir);
    if (!copy_tree (from_dir, to, error))
      return NULL;
  }
  lab_file = g_file_get_child (to, "demo.wirelab");

  window = window_for_lab (self);
  fresh = !gtk_widget_get_visible (GTK_WIDGET (window));
  if (!wirelab_window_load_file (window, lab_file, error))
    {
      if (fresh)
        gtk_window_destroy (GTK_WINDOW (window));
      return NULL;
    }
  gtk_window_present (GTK_WINDOW (window));
  return GTK_WINDOW (window);
}

/* The newest recovery file (an untitled lab autosaved before Wirelab
 * ended), or NULL. */
static char *
find_recovery (void)
{
  g_autofree char *dir_path = g_build_filename (g_get_user_data_dir (), "wirelab", "recovery", NULL);
  g_autoptr(GDir) dir = g_dir_open (dir_path, 0, NULL);
  g_autofree char *newest = NULL;
  gint64 newest_time = 0;
  const char *name;

  if (dir == NULL)
    return NULL;
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = NULL;
      GStatBuf st;

      if (!g_str_has_suffix (name, WIRELAB_PROJECT_EXTENSION))
        continue;
      path = g_build_filename (dir_path, name, NULL);
      if (g_stat (path, &st) == 0 && (newest == NULL || (gint64) st.st_mtime > newest_time))
        {
          g_free (newest);
          newest = g_steal_pointer (&path);
          newest_time = st.st_mtime;
        }
    }
  return g_steal_pointer (&newest);
}

static void
offer_recovery (WirelabApplication *self,
                GtkWindow          *window)
{
  g_autofree char *path = find_recovery ();
  AdwToast *toast;

  if (path == NULL || !WIRELAB_IS_WINDOW (window))
    return;
  toast = adw_toast_new (_("A lab that was never saved can be recovered"));
  adw_toast_set_timeout (toast, 0);
  adw_toast_set_button_label (toast, _("_Recover"));
  adw_toast_set_action_name (toast, "app.recover");
  adw_toast_set_action_target_value (toast, g_variant_new_string (path));
  wirelab_window_add_toast (WIRELAB_WINDOW (window), toast);
}

static void
recover_activated (GSimpleAction *action,
                   GVariant      *param,
                   gpointer       user_data)
{
  WirelabApplication *self = user_data;
  const char *path = g_variant_get_string (param, NULL);
  g_autofree char *data = NULL;
  g_autofree char *name = NULL;
  g_autoptr(WirelabLab) lab = NULL;
  g_autoptr(GError) error = NULL;
  WirelabWindow *window;
  gsize length;

  if (!g_file_get_contents (path, &data, &length, &error) ||
      (lab = wirelab_lab_load_from_data (data, length, &error)) == NULL)
    {
      g_warning ("Cannot recover %s: %s", path, error->message);
      return;
    }
  /* An edit, so that closing it asks before it is lost again. */
  name = g_strdup_printf (_("%s (recovered)"), wirelab_lab_get_name (lab));
  wirelab_lab_set_name (lab, name);
  window = window_for_lab (self);
  wirelab_window_set_lab (window, lab);
  gtk_window_present (GTK_WINDOW (window));
}

static void
arm_screenshot (WirelabApplication *self,
                GtkWindow          *window)
{
  const char *path = g_getenv ("WIRELAB_SCREENSHOT");

  if (self->screenshot_armed || path == NULL || *path == '\0')
    return;
  self->screenshot_armed = TRUE;
  wirelab_screenshot_take (window, path, g_strcmp0 (g_getenv ("WIRELAB_SCREENSHOT_START"), "1") == 0);
}

static void
wirelab_application_activate (GApplication *app)
{
  WirelabApplication *self = WIRELAB_APPLICATION (app);
  GtkWindow *window = NULL;

  if (self->demo)
    {
      g_autoptr(GError) error = NULL;

      self->demo = FALSE;
      window = wirelab_application_open_demo (self, &error);
      if (window == NULL)
        g_warning ("%s", error->message);
    }
  if (window == NULL)
    window = gtk_application_get_active_window (GTK_APPLICATION (app));
  if (window == NULL)
    window = GTK_WINDOW (wirelab_window_new (self));

  gtk_window_present (window);
  if (g_getenv ("WIRELAB_SCREENSHOT") == NULL)
    offer_recovery (self, window);
  arm_screenshot (self, window);
}

static void
wirelab_application_open (GApplication  *app,
                          GFile        **files,
                          int            n_files,
                          const char    *hint)
{
  WirelabApplication *self = WIRELAB_APPLICATION (app);
  GtkWindow *first = NULL;

  for (int i = 0; i < n_files; i++)
    {
      WirelabWindow *window = window_for_lab (self);
      g_autoptr(GError) error = NULL;

      if (!wirelab_window_load_file (window, files[i], &error))
        {
          g_autofree char *name = g_file_get_parse_name (files[i]);

          g_printerr ("%s: %s\n", name, error->message);
          if (!gtk_widget_get_visible (GTK_WIDGET (window)) && window != WIRELAB_WINDOW (first))
            gtk_window_destroy (GTK_WINDOW (window));
          continue;
        }
      gtk_window_present (GTK_WINDOW (window));
      if (first == NULL)
        first = GTK_WINDOW (window);
    }

  if (first == NULL)
    {
      wirelab_application_activate (app);
      return;
    }
  arm_screenshot (self, first);
}

static int
wirelab_application_handle_local_options (GApplication *app,
                                          GVariantDict *options)
{
  WirelabApplication *self = WIRELAB_APPLICATION (app);

  if (g_variant_dict_contains (options, "version"))
    {
      g_print ("wirelab %s\n", wirelab_get_version ());
      return 0;
    }
  self->demo = g_variant_dict_contains (options, "demo");
  return -1;
}

static void
preferences_page (WirelabApplication *self,
                  const char         *page)
{
  GtkWindow *parent = gtk_application_get_active_window (GTK_APPLICATION (self));
  WirelabPreferencesWindow *prefs = NULL;

  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (self)); l != NULL; l = l->next)
    if (WIRELAB_IS_PREFERENCES_WINDOW (l->data))
      prefs = l->data;

  if (prefs == NULL)
    {
      prefs = wirelab_preferences_window_new (self->inventory, page);
      gtk_window_set_application (GTK_WINDOW (prefs), GTK_APPLICATION (self));
      if (parent != NULL)
        gtk_window_set_transient_for (GTK_WINDOW (prefs), parent);
    }
  else
    adw_preferences_window_set_visible_page_name (ADW_PREFERENCES_WINDOW (prefs), page);
  gtk_window_present (GTK_WINDOW (prefs));
}

static void
preferences_activated (GSimpleAction *action,
                       GVariant      *param,
                       gpointer       user_data)
{
  /* Edit → Preferences: the Hypervisors page, where a network lab starts. */
  preferences_page (user_data, "hypervisors");
}

static void
preferences_page_activated (GSimpleAction *action,
                            GVariant      *param,
                            gpointer       user_data)
{
  preferences_page (user_data, g_variant_get_string (param, NULL));
}

static void
demo_activated (GSimpleAction *action,
                GVariant      *param,
                gpointer       user_data)
{
  WirelabApplication *self = user_data;
  g_autoptr(GError) error = NULL;

  if (wirelab_application_open_demo (self, &error) == NULL)
    {
      GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));

      if (WIRELAB_IS_WINDOW (window))
        wirelab_window_toast (WIRELAB_WINDOW (window), error->message);
      else
        g_warning ("%s", error->message);
    }
}

static void
about_activated (GSimpleAction *action,
                 GVariant      *param,
                 gpointer       user_data)
{
  GtkApplication *app = user_data;
  const char *developers[] = { "The Wirelab authors", NULL };

  adw_show_about_window (gtk_application_get_active_window (app),
                         "application-name", _("Wirelab"),
                         "application-icon", APP_ID,
                         "version", wirelab_get_version (),
                         "developers", developers,
                         "license-type", GTK_LICENSE_GPL_2_0,
                         "comments", _("Design and run network labs of routers, switches and PCs"),
                         NULL);
}

static void
quit_activated (GSimpleAction *action,
                GVariant      *param,
                gpointer       user_data)
{
  GtkApplication *app = user_data;
  GList *windows = g_list_copy (gtk_application_get_windows (app));

  /* Each lab window asks about unsaved changes and a running lab; the
   * application ends with its last window. */
  for (GList *l = windows; l != NULL; l = l->next)
    gtk_window_close (l->data);
  g_list_free (windows);
}

static const GActionEntry app_entries[] = {
  { "preferences", preferences_activated },
  { "preferences-page", preferences_page_activated, "s" },
  { "demo", demo_activated },
  { "recover", recover_activated, "s" },
  { "about", about_activated },
  { "quit", quit_activated },
};

static void
wirelab_application_startup (GApplication *app)
{
  WirelabApplication *self = WIRELAB_APPLICATION (app);

  G_APPLICATION_CLASS (wirelab_application_parent_class)->startup (app);

  self->settings = g_settings_new (APP_ID);
  self->inventory = wirelab_inventory_new (self->settings);

  g_action_map_add_action_entries (G_ACTION_MAP (app), app_entries, G_N_ELEMENTS (app_entries), app);
  apply_accels (self);
}

static void
wirelab_application_shutdown (GApplication *app)
{
  WirelabApplication *self = WIRELAB_APPLICATION (app);

  if (self->inventory != NULL)
    wirelab_inventory_flush (self->inventory);

  G_APPLICATION_CLASS (wirelab_application_parent_class)->shutdown (app);
}

static void
wirelab_application_dispose (GObject *object)
{
  WirelabApplication *self = WIRELAB_APPLICATION (object);

  g_clear_object (&self->inventory);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (wirelab_application_parent_class)->dispose (object);
}

static void
wirelab_application_class_init (WirelabApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->dispose = wirelab_application_dispose;
  app_class->activate = wirelab_application_activate;
  app_class->open = wirelab_application_open;
  app_class->startup = wirelab_application_startup;
  app_class->shutdown = wirelab_application_shutdown;
  app_class->handle_local_options = wirelab_application_handle_local_options;
}

static void
wirelab_application_init (WirelabApplication *self)
{
  const GOptionEntry entries[] = {
    { "version", 'V', 0, G_OPTION_ARG_NONE, NULL, N_("Print the version and exit"), NULL },
    { "demo", 0, 0, G_OPTION_ARG_NONE, NULL, N_("Open the demo lab: two routers, a switch and two PCs"), NULL },
    { NULL }
  };

  g_application_add_main_option_entries (G_APPLICATION (self), entries);
  g_application_set_option_context_parameter_string (G_APPLICATION (self), _("[LAB.wirelab…]"));
}

WirelabApplication *
wirelab_application_new (void)
{
  return g_object_new (WIRELAB_TYPE_APPLICATION,
                       "application-id", APP_ID,
                       "resource-base-path", RESOURCE_PATH,
                       "flags", G_APPLICATION_HANDLES_OPEN | G_APPLICATION_NON_UNIQUE,
                       NULL);
}
