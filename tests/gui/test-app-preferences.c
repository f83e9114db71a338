/* test-app-preferences.c: Preferences → Hypervisors and Router images
 *
 * Copyright 2026 The Wirelab authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#define G_LOG_DOMAIN "test-app-preferences"

#include "config.h"

#include <string.h>

#include "wirelab/wirelab.h"

#include "wirelab-hypervisor-editor.h"
#include "wirelab-image-editor.h"
#include "wirelab-preferences-window.h"

#include "app-test-util.h"

static gpointer
child (gpointer    widget,
       GType       type,
       const char *name)
{
  GObject *found = gtk_widget_get_template_child (GTK_WIDGET (widget), type, name);

  g_assert_nonnull (found);
  return found;
}

static gboolean
window_of_type (gpointer data)
{
  return app_test_find_window ((GType) GPOINTER_TO_SIZE (data)) != NULL;
}

static gpointer
wait_window (GType type)
{
  g_assert_true (app_test_wait (window_of_type, GSIZE_TO_POINTER (type), 5000));
  return app_test_find_window (type);
}

static gboolean
gone (gpointer data)
{
  return *(gpointer *) data == NULL;
}

/* Watch a window before the step that should close it. */
static gpointer *
watch (gpointer widget)
{
  gpointer *weak = g_new (gpointer, 1);

  *weak = widget;
  g_object_add_weak_pointer (G_OBJECT (widget), weak);
  return weak;
}

static void
wait_gone (gpointer *weak)
{
  g_assert_true (app_test_wait (gone, weak, 5000));
  g_free (weak);
}

static WirelabPreferencesWindow *
open_preferences (void)
{
  g_action_group_activate_action (G_ACTION_GROUP (app_test_get_app ()), "preferences", NULL);
  return wait_window (WIRELAB_TYPE_PREFERENCES_WINDOW);
}

static guint
count_rows (GtkListBox *list)
{
  guint n = 0;

  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (list)); row != NULL;
       row = gtk_widget_get_next_sibling (row))
    if (GTK_IS_LIST_BOX_ROW (row))
      n++;
  return n;
}

static GtkWidget *
row_named (GtkListBox *list,
           const char *id)
{
  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (list)); row != NULL;
       row = gtk_widget_get_next_sibling (row))
    if (g_strcmp0 (gtk_widget_get_name (row), id) == 0)
      return row;
  return NULL;
}

static void
set_spin (gpointer    editor,
          GType       type,
          const char *name,
          double      value)
{
  gtk_spin_button_set_value (child (editor, type, name), value);
}

static const char *
find_hypervisor_id (WirelabLab *lab,
                    const char *host)
{
  GListModel *list = wirelab_lab_get_hypervisors (lab);

  for (guint i = 0; i < g_list_model_get_n_items (list); i++)
    {
      g_autoptr(WirelabHypervisorConfig) config = g_list_model_get_item (list, i);

      if (g_strcmp0 (wirelab_hypervisor_config_get_host (config), host) == 0)
        return wirelab_hypervisor_config_get_id (config);
    }
  return NULL;
}

typedef struct
{
  GtkListBox *list;
  guint       rows;
} Rows;

static gboolean
has_rows (gpointer data)
{
  Rows *r = data;

  return count_rows (r->list) == r->rows;
}

typedef struct
{
  WirelabLab *lab;
  const char *id;
} LabHv;

static gboolean
hypervisor_gone (gpointer data)
{
  LabHv *h = data;

  return wirelab_lab_find_hypervisor (h->lab, h->id) == NULL;
}

/* Add a hypervisor, bind the default image to it, close, reopen: all kept,
 * in GSettings, and in the open lab.  (Edits reach open labs from an idle:
 * each check waits for its condition, however loaded the machine.) */
static void
test_round_trip (void)
{
  WirelabApplication *app = app_test_get_app ();
  WirelabWindow *window = app_test_new_window ();
  WirelabInventory *inventory = wirelab_application_get_inventory (app);
  WirelabPreferencesWindow *prefs;
  WirelabHypervisorEditor *hv_editor;
  WirelabImageEditor *image_editor;
  GtkListBox *list;
  g_autofree char *id = NULL;
  g_autoptr(GSettings) settings = NULL;
  g_autoptr(WirelabInventory) reread = NULL;
  g_autofree char *saved = NULL;
  g_autoptr(WirelabLab) fresh = NULL;
  WirelabHypervisorConfig *config;
  WirelabImage *image;
  const char *const *bound;
  gpointer *weak;

  prefs = open_preferences ();
  list = child (prefs, WIRELAB_TYPE_PREFERENCES_WINDOW, "hypervisor_list");
  g_assert_cmpuint (count_rows (list), ==, 1);

  /* Add: the editor's fields, then Save. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (prefs), "prefs.add-hypervisor", NULL));
  hv_editor = wait_window (WIRELAB_TYPE_HYPERVISOR_EDITOR);
  gtk_editable_set_text (child (hv_editor, WIRELAB_TYPE_HYPERVISOR_EDITOR, "name_row"), "Rack 2");
  gtk_editable_set_text (child (hv_editor, WIRELAB_TYPE_HYPERVISOR_EDITOR, "host_row"), "10.1.2.3");
  set_spin (hv_editor, WIRELAB_TYPE_HYPERVISOR_EDITOR, "port_spin", 7201);
  set_spin (hv_editor, WIRELAB_TYPE_HYPERVISOR_EDITOR, "base_console_spin", 3000);
  set_spin (hv_editor, WIRELAB_TYPE_HYPERVISOR_EDITOR, "base_udp_spin", 20000);
  set_spin (hv_editor, WIRELAB_TYPE_HYPERVISOR_EDITOR, "memory_spin", 4096);
  gtk_editable_set_text (child (hv_editor, WIRELAB_TYPE_HYPERVISOR_EDITOR, "working_dir_row"), "/srv/wirelab");
  weak = watch (hv_editor);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (hv_editor), "editor.save", NULL));
  wait_gone (weak);

  id = g_strdup (find_hypervisor_id (wirelab_inventory_get_lab (inventory), "10.1.2.3"));
  g_assert_nonnull (id);
  {
    Rows two = { list, 2 };

    app_test_wait (has_rows, &two, 10000);
  }
  g_assert_cmpuint (count_rows (list), ==, 2);
  g_assert_nonnull (row_named (list, id));

  /* Bind the default image to it, with Wirelab not placing it. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (prefs), "prefs.edit-image", "s",
                                             WIRELAB_DEFAULT_IMAGE_ID));
  image_editor = wait_window (WIRELAB_TYPE_IMAGE_EDITOR);
  g_assert_nonnull (wirelab_image_editor_get_hypervisor_check (image_editor, "local"));
  gtk_check_button_set_active (wirelab_image_editor_get_hypervisor_check (image_editor, id), TRUE);
  gtk_check_button_set_active (child (image_editor, WIRELAB_TYPE_IMAGE_EDITOR, "manager_check"), FALSE);
  set_spin (image_editor, WIRELAB_TYPE_IMAGE_EDITOR, "ram_spin", 256);
  gtk_editable_set_text (child (image_editor, WIRELAB_TYPE_IMAGE_EDITOR, "idle_pc_row"), "0x60606060");
  weak = watch (image_editor);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (image_editor), "editor.save", NULL));
  wait_gone (weak);

  weak = watch (prefs);
  gtk_window_destroy (GTK_WINDOW (prefs));
  wait_gone (weak);

  /* Reopened: the same rows and values. */
  prefs = open_preferences ();
  g_assert_cmpstr (adw_preferences_window_get_visible_page_name (ADW_PREFERENCES_WINDOW (prefs)), ==,
                   "hypervisors");
  list = child (prefs, WIRELAB_TYPE_PREFERENCES_WINDOW, "hypervisor_list");
  g_assert_cmpuint (count_rows (list), ==, 2);
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row_named (list, id))), ==, "Rack 2");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (prefs), "prefs.edit-hypervisor", "s", id));
  hv_editor = wait_window (WIRELAB_TYPE_HYPERVISOR_EDITOR);
  g_assert_cmpstr (gtk_editable_get_text (child (hv_editor, WIRELAB_TYPE_HYPERVISOR_EDITOR, "host_row")), ==,
                   "10.1.2.3");
  g_assert_cmpint (gtk_spin_button_get_value_as_int (child (hv_editor, WIRELAB_TYPE_HYPERVISOR_EDITOR, "port_spin")), ==, 7201);
  g_assert_cmpint (gtk_spin_button_get_value_as_int (child (hv_editor, WIRELAB_TYPE_HYPERVISOR_EDITOR, "memory_spin")), ==, 4096);
  gtk_window_destroy (GTK_WINDOW (hv_editor));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (prefs), "prefs.edit-image", "s",
                                             WIRELAB_DEFAULT_IMAGE_ID));
  image_editor = wait_window (WIRELAB_TYPE_IMAGE_EDITOR);
  g_assert_true (gtk_check_button_get_active (wirelab_image_editor_get_hypervisor_check (image_editor, id)));
  g_assert_false (gtk_check_button_get_active (wirelab_image_editor_get_hypervisor_check (image_editor, "local")));
  g_assert_false (gtk_check_button_get_active (child (image_editor, WIRELAB_TYPE_IMAGE_EDITOR, "manager_check")));
  g_assert_cmpint (gtk_spin_button_get_value_as_int (child (image_editor, WIRELAB_TYPE_IMAGE_EDITOR, "ram_spin")), ==, 256);
  gtk_window_destroy (GTK_WINDOW (image_editor));
  gtk_window_destroy (GTK_WINDOW (prefs));

  /* GSettings has them: a fresh reader of the same keys sees it all. */
  settings = g_settings_new (APP_ID);
  saved = g_settings_get_string (settings, "hypervisors");
  g_assert_nonnull (strstr (saved, "\"10.1.2.3\""));
  reread = wirelab_inventory_new (settings);
  config = wirelab_lab_find_hypervisor (wirelab_inventory_get_lab (reread), id);
  g_assert_nonnull (config);
  g_assert_cmpstr (wirelab_hypervisor_config_get_name (config), ==, "Rack 2");
  g_assert_cmpuint (wirelab_hypervisor_config_get_port (config), ==, 7201);
  g_assert_cmpuint (wirelab_hypervisor_config_get_base_console (config), ==, 3000);
  g_assert_cmpuint (wirelab_hypervisor_config_get_base_udp (config), ==, 20000);
  g_assert_cmpuint (wirelab_hypervisor_config_get_memory_limit_mb (config), ==, 4096);
  g_assert_cmpstr (wirelab_hypervisor_config_get_working_dir (config), ==, "/srv/wirelab");
  image = wirelab_lab_find_image (wirelab_inventory_get_lab (reread), WIRELAB_DEFAULT_IMAGE_ID);
  bound = wirelab_image_get_hypervisors (image);
  g_assert_true (g_strv_contains (bound, id));
  g_assert_false (wirelab_image_get_use_manager (image));
  g_assert_cmpuint (wirelab_image_get_ram (image), ==, 256);
  g_assert_cmpstr (wirelab_image_get_idle_pc (image), ==, "0x60606060");

  /* The open lab took the edits; a new lab starts with them. */
  config = wirelab_lab_find_hypervisor (wirelab_window_get_lab (window), id);
  g_assert_nonnull (config);
  g_assert_cmpstr (wirelab_hypervisor_config_get_host (config), ==, "10.1.2.3");
  image = wirelab_lab_find_image (wirelab_window_get_lab (window), WIRELAB_DEFAULT_IMAGE_ID);
  g_assert_true (g_strv_contains (wirelab_image_get_hypervisors (image), id));
  fresh = wirelab_inventory_new_lab (inventory);
  g_assert_nonnull (wirelab_lab_find_hypervisor (fresh, id));
  g_assert_false (wirelab_lab_get_dirty (fresh));

  /* Removing it there unbinds the image, everywhere. */
  prefs = open_preferences ();
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (prefs), "prefs.remove-hypervisor", "s", id));
  list = child (prefs, WIRELAB_TYPE_PREFERENCES_WINDOW, "hypervisor_list");
  {
    Rows one = { list, 1 };
    LabHv in_window = { wirelab_window_get_lab (window), id };

    app_test_wait (has_rows, &one, 10000);
    app_test_wait (hypervisor_gone, &in_window, 10000);
  }
  g_assert_cmpuint (count_rows (list), ==, 1);
  g_assert_null (wirelab_lab_find_hypervisor (wirelab_window_get_lab (window), id));
  image = wirelab_lab_find_image (wirelab_window_get_lab (window), WIRELAB_DEFAULT_IMAGE_ID);
  g_assert_false (g_strv_contains (wirelab_image_get_hypervisors (image), id));
  g_free (saved);
  saved = g_settings_get_string (settings, "hypervisors");
  g_assert_null (strstr (saved, "10.1.2.3"));
  gtk_window_destroy (GTK_WINDOW (prefs));

  app_test_close_window (window);
}

static gboolean
test_done (gpointer data)
{
  WirelabHypervisorEditor *editor = data;

  return *wirelab_hypervisor_editor_get_test_result (editor) != '\0';
}

/* Test asks a real hypervisor for its version; a closed port says why. */
static void
test_test_button (void)
{
  g_autoptr(WirelabHypervisor) hypervisor = wirelab_hypervisor_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GSocketListener) listener = g_socket_listener_new ();
  WirelabPreferencesWindow *prefs;
  WirelabHypervisorEditor *editor;
  guint16 port = 0;
  guint16 closed_port;
  const char *result;

  g_assert_true (wirelab_hypervisor_listen (hypervisor, "127.0.0.1", 0, &port, &error));
  g_assert_no_error (error);
  /* A port nothing listens on: bind one, note it, close it. */
  closed_port = g_socket_listener_add_any_inet_port (listener, NULL, &error);
  g_assert_no_error (error);
  g_socket_listener_close (listener);

  prefs = open_preferences ();
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (prefs), "prefs.add-hypervisor", NULL));
  editor = wait_window (WIRELAB_TYPE_HYPERVISOR_EDITOR);
  gtk_editable_set_text (child (editor, WIRELAB_TYPE_HYPERVISOR_EDITOR, "host_row"), "127.0.0.1");
  set_spin (editor, WIRELAB_TYPE_HYPERVISOR_EDITOR, "port_spin", port);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (editor), "editor.test", NULL));
  g_assert_true (app_test_wait (test_done, editor, 10000));
  result = wirelab_hypervisor_editor_get_test_result (editor);
  g_test_message ("Test: %s", result);
  g_assert_true (g_str_has_prefix (result, "Connected: hypervisor version " WIRELAB_PROTOCOL_VERSION "-"));
  g_assert_nonnull (strstr (result, wirelab_get_hypervisor_version_string ()));

  set_spin (editor, WIRELAB_TYPE_HYPERVISOR_EDITOR, "port_spin", closed_port);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (editor), "editor.test", NULL));
  g_assert_true (app_test_wait (test_done, editor, 10000));
  result = wirelab_hypervisor_editor_get_test_result (editor);
  g_test_message ("Test: %s", result);
  g_assert_true (g_str_has_prefix (result, "Failed: "));

  /* A bad host is refused, nothing added. */
  gtk_editable_set_text (child (editor, WIRELAB_TYPE_HYPERVISOR_EDITOR, "host_row"), "bad host");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (editor), "editor.save", NULL));
  app_test_spin (50);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (editor)));
  g_assert_true (gtk_widget_has_css_class (child (editor, WIRELAB_TYPE_HYPERVISOR_EDITOR, "host_row"), "error"));
  g_assert_null (find_hypervisor_id (wirelab_inventory_get_lab (wirelab_application_get_inventory (app_test_get_app ())),
                                     "bad host"));

  gtk_window_destroy (GTK_WINDOW (editor));
  gtk_window_destroy (GTK_WINDOW (prefs));
  wirelab_hypervisor_shutdown (hypervisor);
  app_test_spin (50);
}

static gboolean
keep_image (WirelabImageEditor  *editor,
            WirelabImage       **out)
{
  if (wirelab_image_editor_get_image (editor) != NULL)
    *out = g_object_ref (wirelab_image_editor_get_image (editor));
  return FALSE;
}

/* A new image from a file: platform and RAM guessed from the name. */
static void
test_add_image (void)
{
  WirelabInventory *inventory = wirelab_application_get_inventory (app_test_get_app ());
  WirelabLab *lab = wirelab_inventory_get_lab (inventory);
  guint before = g_list_model_get_n_items (wirelab_lab_get_images (lab));
  WirelabImageEditor *editor;
  g_autoptr(WirelabImage) image = NULL;
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autofree char *saved = NULL;
  AdwComboRow *platform;
  gpointer *weak;

  editor = wirelab_image_editor_new_for_file (inventory, "/images/c3725-adventerprisek9-mz.124-15.T14.image");
  gtk_window_present (GTK_WINDOW (editor));
  platform = child (editor, WIRELAB_TYPE_IMAGE_EDITOR, "platform_row");
  g_assert_cmpstr (gtk_string_object_get_string (adw_combo_row_get_selected_item (platform)), ==, "c3725");
  g_assert_cmpint (gtk_spin_button_get_value_as_int (child (editor, WIRELAB_TYPE_IMAGE_EDITOR, "ram_spin")), ==,
                   wirelab_platform_get_default_ram ("c3725"));
  gtk_editable_set_text (child (editor, WIRELAB_TYPE_IMAGE_EDITOR, "name_row"), "c3725 lab");
  g_signal_connect (editor, "close-request", G_CALLBACK (keep_image), &image);
  weak = watch (editor);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (editor), "editor.save", NULL));
  wait_gone (weak);
  g_assert_nonnull (image);

  g_assert_cmpuint (g_list_model_get_n_items (wirelab_lab_get_images (lab)), ==, before + 1);
  g_assert_cmpstr (wirelab_image_get_platform (image), ==, "c3725");
  g_assert_cmpstr (wirelab_image_get_name (image), ==, "c3725 lab");
  g_assert_cmpstr (wirelab_image_get_slots (image)[0], ==, "GT96100-FE");
  saved = g_settings_get_string (settings, "images");
  g_assert_nonnull (strstr (saved, "c3725-adventerprisek9-mz.124-15.T14.image"));

  g_assert_true (wirelab_lab_remove_image (lab, image, NULL));
  app_test_spin (50);
}

static gboolean
start_delay_is_2500 (gpointer data)
{
  return wirelab_lab_get_start_delay (data) == 2500;
}

/* General page settings reach the open lab. */
static void
test_general (void)
{
  WirelabWindow *window = app_test_new_window ();
  WirelabPreferencesWindow *prefs = open_preferences ();
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);

  adw_preferences_window_set_visible_page_name (ADW_PREFERENCES_WINDOW (prefs), "general");
  set_spin (prefs, WIRELAB_TYPE_PREFERENCES_WINDOW, "start_delay_spin", 2500);
  app_test_wait (start_delay_is_2500, wirelab_window_get_lab (window), 10000);
  g_assert_cmpuint (g_settings_get_uint (settings, "start-delay"), ==, 2500);
  g_assert_cmpuint (wirelab_lab_get_start_delay (wirelab_window_get_lab (window)), ==, 2500);

  set_spin (prefs, WIRELAB_TYPE_PREFERENCES_WINDOW, "autosave_spin", 30);
  g_assert_cmpuint (g_settings_get_uint (settings, "autosave-interval"), ==, 30);

  gtk_window_destroy (GTK_WINDOW (prefs));
  app_test_close_window (window);
}

int
main (int   argc,
      char *argv[])
{
  if (app_test_init (&argc, &argv))
    return 0;

  g_test_add_func ("/app/preferences/round-trip", test_round_trip);
  g_test_add_func ("/app/preferences/test-button", test_test_button);
  g_test_add_func ("/app/preferences/add-image", test_add_image);
  g_test_add_func ("/app/preferences/general", test_general);

  return app_test_finish (g_test_run ());
}
