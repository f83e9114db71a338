/* test-app-window.c: the lab window's menus, accelerators, undo and title
 *
 * Copyright 2026 The Wirelab authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#define G_LOG_DOMAIN "test-app-window"

#include "config.h"

#include <string.h>

#include "wirelab-console-dock.h"
#include "wirelab-preferences-window.h"
#include "wirelab-status-panel.h"

#include "app-test-util.h"

/* The item of a menu model whose attribute `name` is `value`: its model and
 * index.  Looks into sections and submenus. */
static gboolean
find_item (GMenuModel  *model,
           const char  *name,
           const char  *value,
           GMenuModel **out_model,
           int         *out_index)
{
  for (int i = 0; i < g_menu_model_get_n_items (model); i++)
    {
      g_autofree char *text = NULL;
      const char *links[] = { G_MENU_LINK_SECTION, G_MENU_LINK_SUBMENU };

      if (g_menu_model_get_item_attribute (model, i, name, "s", &text) && g_str_equal (text, value))
        {
          *out_model = model;
          *out_index = i;
          return TRUE;
        }
      for (guint l = 0; l < G_N_ELEMENTS (links); l++)
        {
          g_autoptr(GMenuModel) inner = g_menu_model_get_item_link (model, i, links[l]);

          if (inner != NULL && find_item (inner, name, value, out_model, out_index))
            return TRUE;
        }
    }
  return FALSE;
}

static GMenuModel *
submenu (GMenuModel *bar,
         const char *label)
{
  for (int i = 0; i < g_menu_model_get_n_items (bar); i++)
    {
      g_autofree char *text = NULL;

      if (g_menu_model_get_item_attribute (bar, i, G_MENU_ATTRIBUTE_LABEL, "s", &text) &&
          g_str_equal (text, label))
        return g_menu_model_get_item_link (bar, i, G_MENU_LINK_SUBMENU);
    }
  return NULL;
}

static GMenuModel *
menu_bar_model (WirelabWindow *window)
{
  GtkPopoverMenuBar *bar = GTK_POPOVER_MENU_BAR (gtk_widget_get_template_child (GTK_WIDGET (window),
                                                                                WIRELAB_TYPE_WINDOW,
                                                                                "menu_bar"));

  g_assert_nonnull (bar);
  return gtk_popover_menu_bar_get_menu_model (bar);
}

static gboolean
preferences_shown (gpointer data)
{
  return app_test_find_window (WIRELAB_TYPE_PREFERENCES_WINDOW) != NULL;
}

/* The seed's path: Edit → Preferences opens the Hypervisors page. */
static void
test_edit_preferences (void)
{
  WirelabWindow *window = app_test_new_window ();
  GMenuModel *bar = menu_bar_model (window);
  g_autoptr(GMenuModel) edit = submenu (bar, "_Edit");
  GMenuModel *model = NULL;
  int index = -1;
  g_autofree char *label = NULL;
  g_autofree char *action = NULL;
  AdwPreferencesWindow *prefs;

  g_assert_nonnull (edit);
  g_assert_true (find_item (edit, G_MENU_ATTRIBUTE_ACTION, "app.preferences", &model, &index));
  g_assert_true (g_menu_model_get_item_attribute (model, index, G_MENU_ATTRIBUTE_LABEL, "s", &label));
  g_assert_cmpstr (label, ==, "_Preferences");

  /* Activate what the menu item activates, from the window. */
  g_assert_true (g_menu_model_get_item_attribute (model, index, G_MENU_ATTRIBUTE_ACTION, "s", &action));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), action, NULL));
  g_assert_true (app_test_wait (preferences_shown, NULL, 5000));

  prefs = app_test_find_window (WIRELAB_TYPE_PREFERENCES_WINDOW);
  g_assert_cmpstr (adw_preferences_window_get_visible_page_name (prefs), ==, "hypervisors");
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (prefs)));

  /* Shown on another page, Edit → Preferences brings Hypervisors back. */
  adw_preferences_window_set_visible_page_name (prefs, "general");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "app.preferences", NULL));
  app_test_spin (50);
  g_assert_true (app_test_find_window (WIRELAB_TYPE_PREFERENCES_WINDOW) == prefs);
  g_assert_cmpstr (adw_preferences_window_get_visible_page_name (prefs), ==, "hypervisors");

  gtk_window_destroy (GTK_WINDOW (prefs));
  app_test_close_window (window);
}

static void
test_menus (void)
{
  WirelabWindow *window = app_test_new_window ();
  GMenuModel *bar = menu_bar_model (window);
  const char *menus[] = { "_File", "_Edit", "_View", "_Node", "_Help" };
  /* Where each common action sits. */
  const struct { const char *menu, *action; } items[] = {
    { "_File", "win.new" }, { "_File", "win.open" }, { "_File", "win.save" },
    { "_File", "win.save-as" }, { "_File", "app.quit" }, { "_File", "app.demo" },
    { "_Edit", "win.undo" }, { "_Edit", "win.redo" }, { "_Edit", "win.delete" },
    { "_View", "win.zoom-in" }, { "_View", "win.zoom-fit" }, { "_View", "view.show-grid" },
    { "_View", "win.show-consoles" },
    { "_Node", "win.start" }, { "_Node", "win.stop" }, { "_Node", "win.suspend" },
    { "_Node", "win.reload" }, { "_Node", "win.start-all" }, { "_Node", "win.stop-all" },
    { "_Node", "win.console" }, { "_Node", "win.console-all" }, { "_Node", "win.capture" },
    { "_Node", "view.link-mode" },
    { "_Help", "win.show-help-overlay" }, { "_Help", "app.about" },
  };

  g_assert_cmpint (g_menu_model_get_n_items (bar), ==, G_N_ELEMENTS (menus));
  for (guint i = 0; i < G_N_ELEMENTS (menus); i++)
    {
      g_autoptr(GMenuModel) menu = submenu (bar, menus[i]);

      g_assert_nonnull (menu);
    }
  for (guint i = 0; i < G_N_ELEMENTS (items); i++)
    {
      g_autoptr(GMenuModel) menu = submenu (bar, items[i].menu);
      GMenuModel *model;
      int index;

      if (!find_item (menu, G_MENU_ATTRIBUTE_ACTION, items[i].action, &model, &index))
        g_error ("%s is not in %s", items[i].action, items[i].menu);
    }

  /* Every action the menus name exists (no dead items). */
  for (guint i = 0; i < G_N_ELEMENTS (items); i++)
    {
      const char *name = items[i].action;

      if (g_str_has_prefix (name, "win."))
        g_assert_true (g_action_group_has_action (G_ACTION_GROUP (window), name + 4));
      else if (g_str_has_prefix (name, "app."))
        g_assert_true (g_action_group_has_action (G_ACTION_GROUP (app_test_get_app ()), name + 4));
    }

  app_test_close_window (window);
}

static void
test_accels (void)
{
  GtkApplication *app = GTK_APPLICATION (app_test_get_app ());
  WirelabWindow *window = app_test_new_window ();
  const char *common[] = {
    "win.new", "win.open", "win.save", "win.save-as", "win.close", "app.quit", "win.undo",
    "win.redo", "win.select-all", "win.delete", "win.rename", "app.preferences", "win.zoom-in",
    "win.zoom-out", "win.zoom-reset", "win.zoom-fit", "view.show-grid", "view.link-mode",
    "win.start", "win.stop", "win.start-all", "win.stop-all", "win.console", "win.console-all",
    "win.capture", "term.copy", "term.paste", "win.show-help-overlay",
  };
  g_auto(GStrv) copy = NULL;
  g_auto(GStrv) undo = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (common); i++)
    {
      g_auto(GStrv) accels = gtk_application_get_accels_for_action (app, common[i]);

      if (accels == NULL || accels[0] == NULL)
        g_error ("%s has no accelerator", common[i]);
    }

  /* Copy and paste take Shift so that Ctrl+C reaches the router. */
  copy = gtk_application_get_accels_for_action (app, "term.copy");
  g_assert_cmpstr (copy[0], ==, "<Shift><Control>c");
  g_assert_true (wirelab_application_accel_is_console_safe (GDK_KEY_C, GDK_CONTROL_MASK | GDK_SHIFT_MASK));
  g_assert_true (wirelab_application_accel_is_console_safe (GDK_KEY_F5, 0));
  /* Ctrl+Z ends IOS configuration mode: inside a console it is not Undo. */
  undo = gtk_application_get_accels_for_action (app, "win.undo");
  g_assert_cmpstr (undo[0], ==, "<Control>z");
  g_assert_false (wirelab_application_accel_is_console_safe (GDK_KEY_z, GDK_CONTROL_MASK));

  /* The shortcuts window comes from gtk/help-overlay.ui. */
  g_assert_nonnull (gtk_application_window_get_help_overlay (GTK_APPLICATION_WINDOW (window)));

  app_test_close_window (window);
}

static char *
undo_label (WirelabWindow *window)
{
  GMenuModel *bar = menu_bar_model (window);
  g_autoptr(GMenuModel) edit = submenu (bar, "_Edit");
  GMenuModel *model;
  int index;
  char *label = NULL;

  g_assert_true (find_item (edit, G_MENU_ATTRIBUTE_ACTION, "win.undo", &model, &index));
  g_assert_true (g_menu_model_get_item_attribute (model, index, G_MENU_ATTRIBUTE_LABEL, "s", &label));
  return label;
}

static void
test_undo_redo_title (void)
{
  WirelabWindow *window = app_test_new_window ();
  WirelabLab *lab = wirelab_window_get_lab (window);
  GActionGroup *actions = G_ACTION_GROUP (window);
  GListModel *nodes = wirelab_lab_get_nodes (lab);
  WirelabStatusPanel *panel;
  g_autoptr(GError) error = NULL;
  g_autofree char *label = NULL;
  WirelabNode *node;

  /* A new lab: nothing to undo, no unsaved marker. */
  g_assert_false (g_action_group_get_action_enabled (actions, "undo"));
  g_assert_false (g_action_group_get_action_enabled (actions, "redo"));
  g_assert_false (g_str_has_prefix (gtk_window_get_title (GTK_WINDOW (window)), "•"));
  g_assert_true (g_str_has_suffix (gtk_window_get_title (GTK_WINDOW (window)), "— Wirelab"));

  node = wirelab_lab_create_node (lab, WIRELAB_NODE_KIND_ROUTER, NULL, 10, 20, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (wirelab_node_get_name (node), ==, "R1");
  app_test_spin (20);
  g_assert_true (g_action_group_get_action_enabled (actions, "undo"));
  g_assert_true (g_str_has_prefix (gtk_window_get_title (GTK_WINDOW (window)), "• "));
  label = undo_label (window);
  g_assert_cmpstr (label, ==, "_Undo Add R1");

  panel = WIRELAB_STATUS_PANEL (gtk_widget_get_template_child (GTK_WIDGET (window), WIRELAB_TYPE_WINDOW,
                                                               "status_panel"));
  g_assert_cmpstr (wirelab_status_panel_get_summary (panel), ==, "1 node, 0 running");

  g_action_group_activate_action (actions, "undo", NULL);
  g_assert_cmpuint (g_list_model_get_n_items (nodes), ==, 0);
  g_assert_true (g_action_group_get_action_enabled (actions, "redo"));
  g_assert_false (g_action_group_get_action_enabled (actions, "undo"));

  g_action_group_activate_action (actions, "redo", NULL);
  g_assert_cmpuint (g_list_model_get_n_items (nodes), ==, 1);
  g_assert_nonnull (wirelab_lab_find_node_by_name (lab, "R1"));

  /* Node actions follow the selection. */
  g_assert_false (g_action_group_get_action_enabled (actions, "console"));
  wirelab_canvas_select_node (wirelab_window_get_canvas (window),
                              wirelab_lab_find_node_by_name (lab, "R1"), FALSE);
  g_assert_true (g_action_group_get_action_enabled (actions, "console"));
  g_assert_true (g_action_group_get_action_enabled (actions, "start"));
  g_assert_false (g_action_group_get_action_enabled (actions, "stop"));

  app_test_close_window (window);
}

static gboolean
terminal_says_not_running (gpointer data)
{
  g_autofree char *text = vte_terminal_get_text (VTE_TERMINAL (wirelab_console_get_terminal (data)),
                                                 NULL, NULL, NULL);

  return text != NULL && strstr (text, "R1 is not running") != NULL;
}

static gboolean
is_null (gpointer data)
{
  return *(gpointer *) data == NULL;
}

static gboolean
one_console (gpointer data)
{
  return wirelab_console_dock_get_n_consoles (data) == 1;
}

/* A console tab can go to a window of its own and come back.  (The
 * terminal shows what it is fed, and windows go, from idles: each check
 * waits for its condition.) */
static void
test_console_detach (void)
{
  WirelabWindow *window = app_test_new_window ();
  WirelabLab *lab = wirelab_window_get_lab (window);
  WirelabConsoleDock *dock = wirelab_window_get_console_dock (window);
  g_autoptr(GError) error = NULL;
  WirelabNode *r1, *pc1;
  WirelabConsole *console;
  GtkWindow *detached;
  gpointer weak;
  g_autofree char *text = NULL;

  r1 = wirelab_lab_create_node (lab, WIRELAB_NODE_KIND_ROUTER, NULL, 0, 0, &error);
  pc1 = wirelab_lab_create_node (lab, WIRELAB_NODE_KIND_VPCS, NULL, 100, 0, &error);
  g_assert_no_error (error);

  /* Through the window's action, as the Node menu does. */
  wirelab_canvas_select_node (wirelab_window_get_canvas (window), r1, FALSE);
  wirelab_canvas_select_node (wirelab_window_get_canvas (window), pc1, TRUE);
  g_action_group_activate_action (G_ACTION_GROUP (window), "console", NULL);
  g_assert_cmpuint (wirelab_console_dock_get_n_consoles (dock), ==, 2);
  console = wirelab_console_dock_find (dock, r1);
  g_assert_nonnull (console);
  g_assert_cmpint (wirelab_console_get_state (console), ==, WIRELAB_CONSOLE_STOPPED);
  app_test_wait (terminal_says_not_running, console, 10000);
  text = vte_terminal_get_text (VTE_TERMINAL (wirelab_console_get_terminal (console)), NULL, NULL, NULL);
  g_assert_nonnull (strstr (text, "R1 is not running"));

  /* Opening again selects the same tab. */
  g_assert_true (wirelab_console_dock_open (dock, r1, TRUE) == console);
  g_assert_cmpuint (wirelab_console_dock_get_n_consoles (dock), ==, 2);

  detached = wirelab_console_dock_detach (dock, console);
  g_assert_nonnull (detached);
  g_assert_true (gtk_widget_get_root (GTK_WIDGET (console)) == GTK_ROOT (detached));
  g_assert_cmpint (adw_tab_view_get_n_pages (wirelab_console_dock_get_tab_view (dock)), ==, 1);
  /* Still the node's one console. */
  g_assert_true (wirelab_console_dock_find (dock, r1) == console);
  g_assert_true (wirelab_console_dock_open (dock, r1, TRUE) == console);
  g_assert_cmpuint (wirelab_console_dock_get_n_consoles (dock), ==, 2);

  weak = detached;
  g_object_add_weak_pointer (G_OBJECT (detached), &weak);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (detached), "console-window.attach", NULL));
  app_test_wait (is_null, &weak, 10000);
  g_assert_null (weak);
  g_assert_true (gtk_widget_get_root (GTK_WIDGET (console)) == GTK_ROOT (window));
  g_assert_cmpint (adw_tab_view_get_n_pages (wirelab_console_dock_get_tab_view (dock)), ==, 2);

  /* A deleted node's console goes with it. */
  wirelab_lab_remove_node (lab, pc1);
  app_test_wait (one_console, dock, 10000);
  g_assert_cmpuint (wirelab_console_dock_get_n_consoles (dock), ==, 1);

  app_test_close_window (window);
}

int
main (int   argc,
      char *argv[])
{
  if (app_test_init (&argc, &argv))
    return 0;

  g_test_add_func ("/app/window/edit-preferences-hypervisors", test_edit_preferences);
  g_test_add_func ("/app/window/menus", test_menus);
  g_test_add_func ("/app/window/accels", test_accels);
  g_test_add_func ("/app/window/undo-redo-title", test_undo_redo_title);
  g_test_add_func ("/app/window/console-detach", test_console_detach);

  return app_test_finish (g_test_run ());
}
