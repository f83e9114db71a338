/* test-app-project.c: File → Save As / Save / Open give the same lab
 *
 * Copyright 2026 The Wirelab authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#define G_LOG_DOMAIN "test-app-project"

#include "config.h"

#include <string.h>

#include "wirelab/wirelab.h"

#include "app-test-util.h"

static WirelabWindow *
window_with_file (GFile *file)
{
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (app_test_get_app ())); l != NULL; l = l->next)
    if (WIRELAB_IS_WINDOW (l->data))
      {
        GFile *lab_file = wirelab_lab_get_file (wirelab_window_get_lab (l->data));

        if (lab_file != NULL && g_file_equal (lab_file, file))
          return l->data;
      }
  return NULL;
}

/* Opening, dialogs and recovery finish from the main loop: each check
 * waits for its condition (a loaded machine takes its time). */
static gboolean
two_windows_with (gpointer data)
{
  guint n = 0;

  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (app_test_get_app ())); l != NULL; l = l->next)
    if (WIRELAB_IS_WINDOW (l->data) && wirelab_lab_get_file (wirelab_window_get_lab (l->data)) != NULL &&
        g_file_equal (wirelab_lab_get_file (wirelab_window_get_lab (l->data)), data))
      n++;
  return n >= 2;
}

static gboolean
has_file (gpointer data)
{
  return window_with_file (data) != NULL;
}

static gboolean
message_dialog_shown (gpointer data)
{
  return app_test_find_window (ADW_TYPE_MESSAGE_DIALOG) != NULL;
}

static gboolean
lab_has_hub (gpointer data)
{
  GtkWindow *active = gtk_application_get_active_window (GTK_APPLICATION (app_test_get_app ()));

  return WIRELAB_IS_WINDOW (active) &&
         wirelab_lab_find_node_by_name (wirelab_window_get_lab (WIRELAB_WINDOW (active)), "HUB1") != NULL;
}

static void
build_lab (WirelabLab *lab)
{
  g_autoptr(GError) error = NULL;
  WirelabNode *r1, *r2, *sw1, *pc1;

  r1 = wirelab_lab_create_node (lab, WIRELAB_NODE_KIND_ROUTER, NULL, 0, 0, &error);
  r2 = wirelab_lab_create_node (lab, WIRELAB_NODE_KIND_ROUTER, NULL, 300, 0, &error);
  sw1 = wirelab_lab_create_node (lab, WIRELAB_NODE_KIND_ETHSW, NULL, -200, 100, &error);
  pc1 = wirelab_lab_create_node (lab, WIRELAB_NODE_KIND_VPCS, NULL, -400, 100, &error);
  g_assert_no_error (error);
  wirelab_node_set_startup_script (pc1, "ip 10.0.1.10/24 10.0.1.1");
  wirelab_node_set_switch_port (sw1, 2, WIRELAB_PORT_MODE_DOT1Q, 1, 0);
  g_assert_nonnull (wirelab_lab_connect (lab, pc1, "e0", sw1, "1", &error));
  g_assert_nonnull (wirelab_lab_connect (lab, sw1, "2", r1, "FastEthernet0/0", &error));
  g_assert_nonnull (wirelab_lab_connect (lab, r1, "Ethernet1/0", r2, "Ethernet1/1", &error));
  g_assert_no_error (error);
  g_assert_true (wirelab_lab_rename_node (lab, r2, "Core", &error));
  wirelab_lab_set_start_delay (lab, 250);
  wirelab_lab_set_show_grid (lab, TRUE);
}

static void
test_save_and_reopen (void)
{
  WirelabWindow *window = app_test_new_window ();
  WirelabLab *lab = wirelab_window_get_lab (window);
  g_autofree char *dir = g_build_filename (app_test_tmpdir (), "branch", NULL);
  g_autofree char *path = g_build_filename (dir, "branch", NULL);
  g_autofree char *saved_path = g_strconcat (path, WIRELAB_PROJECT_EXTENSION, NULL);
  g_autoptr(GFile) target = g_file_new_for_path (path);
  g_autoptr(GFile) saved = g_file_new_for_path (saved_path);
  g_autofree char *data = NULL;
  g_autofree char *reopened_data = NULL;
  g_autofree char *on_disk = NULL;
  g_autofree char *uri = NULL;
  WirelabWindow *reopened;
  WirelabLab *other;

  g_assert_cmpint (g_mkdir_with_parents (dir, 0755), ==, 0);
  build_lab (lab);
  g_assert_true (g_str_has_prefix (gtk_window_get_title (GTK_WINDOW (window)), "• Untitled"));

  /* File → Save As with the file given instead of a file chooser; the
   * extension is added and the untitled lab takes the file's name. */
  wirelab_window_set_next_file (window, target);
  g_action_group_activate_action (G_ACTION_GROUP (window), "save-as", NULL);
  g_assert_true (g_file_query_exists (saved, NULL));
  g_assert_true (g_file_equal (wirelab_lab_get_file (lab), saved));
  g_assert_false (wirelab_lab_get_dirty (lab));
  g_assert_cmpstr (wirelab_lab_get_name (lab), ==, "branch");
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (window)), ==, "branch — Wirelab");

  /* An edit shows in the title; File → Save writes it. */
  wirelab_node_set_position (wirelab_lab_find_node_by_name (lab, "R1"), 50, 25);
  g_assert_true (g_str_has_prefix (gtk_window_get_title (GTK_WINDOW (window)), "• branch"));
  g_action_group_activate_action (G_ACTION_GROUP (window), "save", NULL);
  g_assert_false (wirelab_lab_get_dirty (lab));
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (window)), ==, "branch — Wirelab");
  g_assert_true (g_file_get_contents (saved_path, &on_disk, NULL, NULL));
  data = wirelab_lab_to_data (lab, NULL);
  g_assert_cmpstr (on_disk, ==, data);

  /* It is a recent lab now. */
  uri = g_file_get_uri (saved);
  g_assert_true (gtk_recent_manager_has_item (gtk_recent_manager_get_default (), uri));

  /* File → Open of the same file: this window holds a lab, so it opens in
   * a new one, and that lab is the same, down to the bytes it would save. */
  wirelab_window_set_next_file (window, saved);
  g_action_group_activate_action (G_ACTION_GROUP (window), "open", NULL);
  app_test_wait (two_windows_with, saved, 10000);
  reopened = NULL;
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (app_test_get_app ())); l != NULL; l = l->next)
    if (WIRELAB_IS_WINDOW (l->data) && l->data != window &&
        wirelab_lab_get_file (wirelab_window_get_lab (l->data)) != NULL)
      reopened = l->data;
  g_assert_nonnull (reopened);
  g_assert_true (window_with_file (saved) != NULL);
  other = wirelab_window_get_lab (reopened);
  g_assert_true (other != lab);
  reopened_data = wirelab_lab_to_data (other, NULL);
  g_assert_cmpstr (reopened_data, ==, data);
  g_assert_cmpuint (g_list_model_get_n_items (wirelab_lab_get_nodes (other)), ==, 4);
  g_assert_cmpuint (g_list_model_get_n_items (wirelab_lab_get_links (other)), ==, 3);
  g_assert_nonnull (wirelab_lab_find_link_at (other, wirelab_lab_find_node_by_name (other, "Core"), "Ethernet1/1"));
  g_assert_cmpuint (wirelab_lab_get_start_delay (other), ==, 250);
  g_assert_false (wirelab_lab_get_dirty (other));
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (reopened)), ==, "branch — Wirelab");

  app_test_close_window (reopened);
  app_test_close_window (window);
}

/* A pristine window opens the lab itself; a broken file changes nothing. */
static void
test_open_in_place_and_errors (void)
{
  WirelabWindow *window = app_test_new_window ();
  WirelabLab *before = wirelab_window_get_lab (window);
  g_autofree char *bad_path = g_build_filename (app_test_tmpdir (), "broken.wirelab", NULL);
  g_autofree char *good_path = g_build_filename (app_test_tmpdir (), "good.wirelab", NULL);
  g_autoptr(GFile) bad = g_file_new_for_path (bad_path);
  g_autoptr(GFile) good = g_file_new_for_path (good_path);
  g_autoptr(WirelabLab) lab = wirelab_lab_new ();
  g_autoptr(GError) error = NULL;
  guint windows;

  g_assert_true (g_file_set_contents (bad_path, "{ \"type\": \"wirelab-project\", ", -1, NULL));
  build_lab (lab);
  g_assert_true (wirelab_lab_save_as (lab, good, &error));
  g_assert_no_error (error);

  g_assert_true (wirelab_window_is_pristine (window));
  windows = g_list_length (gtk_application_get_windows (GTK_APPLICATION (app_test_get_app ())));
  wirelab_window_set_next_file (window, bad);
  g_action_group_activate_action (G_ACTION_GROUP (window), "open", NULL);
  app_test_wait (message_dialog_shown, NULL, 10000);
  /* The error dialog, and the window keeps its lab. */
  g_assert_true (wirelab_window_get_lab (window) == before);
  g_assert_nonnull (app_test_find_window (ADW_TYPE_MESSAGE_DIALOG));
  gtk_window_destroy (app_test_find_window (ADW_TYPE_MESSAGE_DIALOG));
  app_test_spin (20);
  g_assert_cmpuint (g_list_length (gtk_application_get_windows (GTK_APPLICATION (app_test_get_app ()))), ==, windows);

  wirelab_window_set_next_file (window, good);
  g_action_group_activate_action (G_ACTION_GROUP (window), "open", NULL);
  app_test_wait (has_file, good, 10000);
  g_assert_true (window_with_file (good) == window);
  g_assert_cmpuint (g_list_model_get_n_items (wirelab_lab_get_nodes (wirelab_window_get_lab (window))), ==, 4);

  app_test_close_window (window);
}

/* Closing a window with unsaved changes asks first. */
static void
test_close_asks (void)
{
  WirelabWindow *window = app_test_new_window ();
  g_autoptr(GError) error = NULL;
  AdwMessageDialog *dialog;

  wirelab_lab_create_node (wirelab_window_get_lab (window), WIRELAB_NODE_KIND_ROUTER, NULL, 0, 0, &error);
  g_assert_no_error (error);
  gtk_window_close (GTK_WINDOW (window));
  app_test_wait (message_dialog_shown, NULL, 10000);
  dialog = app_test_find_window (ADW_TYPE_MESSAGE_DIALOG);
  g_assert_nonnull (dialog);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (window)));
  g_assert_nonnull (strstr (adw_message_dialog_get_heading (dialog), "Save Changes"));
  g_assert_true (adw_message_dialog_has_response (dialog, "discard"));
  g_assert_true (adw_message_dialog_has_response (dialog, "save"));

  /* Cancel keeps the window. */
  adw_message_dialog_response (dialog, "cancel");
  app_test_spin (50);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (window)));

  app_test_close_window (window);
}

static gboolean
clean (gpointer data)
{
  return !wirelab_lab_get_dirty (data);
}

static gboolean
exists (gpointer data)
{
  return g_file_test (data, G_FILE_TEST_IS_REGULAR);
}

/* Autosave: a lab with a file is saved to it, an untitled one goes to a
 * recovery file. */
static void
test_autosave (void)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  WirelabWindow *saved_window, *untitled_window;
  WirelabLab *lab, *untitled;
  g_autofree char *path = g_build_filename (app_test_tmpdir (), "autosaved.wirelab", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autofree char *recovery = NULL;
  g_autofree char *recovery_name = NULL;
  g_autofree char *on_disk = NULL;
  g_autofree char *expected = NULL;
  g_autoptr(WirelabLab) recovered = NULL;
  g_autoptr(GError) error = NULL;

  saved_window = app_test_new_window ();
  lab = wirelab_window_get_lab (saved_window);
  wirelab_window_set_next_file (saved_window, file);
  g_action_group_activate_action (G_ACTION_GROUP (saved_window), "save-as", NULL);
  g_assert_false (wirelab_lab_get_dirty (lab));

  untitled_window = app_test_new_window ();
  untitled = wirelab_window_get_lab (untitled_window);
  recovery_name = g_strconcat (wirelab_lab_get_project_id (untitled), WIRELAB_PROJECT_EXTENSION, NULL);
  recovery = g_build_filename (g_get_user_data_dir (), "wirelab", "recovery", recovery_name, NULL);

  g_settings_set_uint (settings, "autosave-interval", 1);
  wirelab_lab_create_node (lab, WIRELAB_NODE_KIND_ETHSW, NULL, 0, 0, &error);
  wirelab_lab_create_node (untitled, WIRELAB_NODE_KIND_HUB, NULL, 0, 0, &error);
  g_assert_no_error (error);
  g_assert_true (wirelab_lab_get_dirty (lab));

  g_assert_true (app_test_wait (clean, lab, 10000));
  g_assert_true (g_file_get_contents (path, &on_disk, NULL, NULL));
  g_assert_nonnull (strstr (on_disk, "\"SW1\""));

  g_assert_true (app_test_wait (exists, recovery, 10000));
  {
    g_autoptr(GFile) recovery_file = g_file_new_for_path (recovery);

    recovered = wirelab_lab_load (recovery_file, &error);
  }
  g_assert_no_error (error);
  g_assert_nonnull (wirelab_lab_find_node_by_name (recovered, "HUB1"));

  g_settings_set_uint (settings, "autosave-interval", 60);
  app_test_close_window (untitled_window);

  /* The toast's Recover brings it back, as an unsaved lab. */
  g_action_group_activate_action (G_ACTION_GROUP (app_test_get_app ()), "recover",
                                  g_variant_new_string (recovery));
  app_test_wait (lab_has_hub, NULL, 10000);
  {
    WirelabWindow *back = WIRELAB_WINDOW (gtk_application_get_active_window (GTK_APPLICATION (app_test_get_app ())));
    WirelabLab *lab_back = wirelab_window_get_lab (back);

    g_assert_nonnull (wirelab_lab_find_node_by_name (lab_back, "HUB1"));
    g_assert_true (g_str_has_suffix (wirelab_lab_get_name (lab_back), "(recovered)"));
    g_assert_true (wirelab_lab_get_dirty (lab_back));
    g_assert_null (wirelab_lab_get_file (lab_back));
    if (back != saved_window)
      app_test_close_window (back);
  }
  app_test_close_window (saved_window);
}

int
main (int   argc,
      char *argv[])
{
  if (app_test_init (&argc, &argv))
    return 0;

  g_test_add_func ("/app/project/save-and-reopen", test_save_and_reopen);
  g_test_add_func ("/app/project/open-in-place-and-errors", test_open_in_place_and_errors);
  g_test_add_func ("/app/project/close-asks", test_close_asks);
  g_test_add_func ("/app/project/autosave", test_autosave);

  return app_test_finish (g_test_run ());
}
