/* app-test-util.c: what the application tests share
 *
 * Copyright 2026 The Wirelab authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#define G_LOG_DOMAIN "test-app"

#include "config.h"

#include <glib/gstdio.h>
#include <stdio.h>

#include "app-test-util.h"
#include "gui-test-display.h"
#include "port-block.h"

static char *tmpdir;
static WirelabApplication *app;

void
app_test_rm_rf (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  if (dir != NULL)
    {
      while ((name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *child = g_build_filename (path, name, NULL);

          if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
            app_test_rm_rf (child);
          else
            g_unlink (child);
        }
    }
  g_rmdir (path);
}

gboolean
app_test_init (int    *argc,
               char ***argv)
{
  g_autofree char *data = NULL;
  g_autofree char *config = NULL;
  g_autofree char *cache = NULL;

  gui_test_own_display ();
  if (g_getenv ("DISPLAY") == NULL && g_getenv ("WAYLAND_DISPLAY") == NULL)
    {
      printf ("1..0 # SKIP no display\n");
      return TRUE;
    }

  /* Recent files, the demo copy and recovery files stay in the test's
   * own directory. */
  tmpdir = g_dir_make_tmp ("wirelab-gui-test-XXXXXX", NULL);
  g_assert_nonnull (tmpdir);
  data = g_build_filename (tmpdir, "data", NULL);
  config = g_build_filename (tmpdir, "config", NULL);
  cache = g_build_filename (tmpdir, "cache", NULL);
  g_setenv ("XDG_DATA_HOME", data, TRUE);
  g_setenv ("XDG_CONFIG_HOME", config, TRUE);
  g_setenv ("XDG_CACHE_HOME", cache, TRUE);
  g_setenv ("GSETTINGS_BACKEND", "memory", TRUE);

  gtk_test_init (argc, argv, NULL);
  adw_init ();
  return FALSE;
}

const char *
app_test_tmpdir (void)
{
  return tmpdir;
}

int
app_test_finish (int status)
{
  if (app != NULL)
    {
      GList *windows = g_list_copy (gtk_application_get_windows (GTK_APPLICATION (app)));

      for (GList *l = windows; l != NULL; l = l->next)
        gtk_window_destroy (l->data);
      g_list_free (windows);
      app_test_spin (200);
      g_clear_object (&app);
    }
  if (tmpdir != NULL)
    app_test_rm_rf (tmpdir);
  g_clear_pointer (&tmpdir, g_free);
  return status;
}

WirelabApplication *
app_test_get_app (void)
{
  if (app == NULL)
    {
      g_autoptr(GError) error = NULL;

      app = wirelab_application_new ();
      g_assert_true (g_application_register (G_APPLICATION (app), NULL, &error));
      g_assert_no_error (error);
      /* Windows come and go between tests; keep the application up. */
      g_application_hold (G_APPLICATION (app));
    }
  return app;
}

WirelabWindow *
app_test_new_window (void)
{
  WirelabWindow *window = wirelab_window_new (app_test_get_app ());

  gtk_window_present (GTK_WINDOW (window));
  gtk_test_widget_wait_for_draw (GTK_WIDGET (window));
  return window;
}

static gboolean
window_gone (gpointer data)
{
  return *(gpointer *) data == NULL;
}

void
app_test_close_window (WirelabWindow *window)
{
  gpointer weak = window;

  g_object_add_weak_pointer (G_OBJECT (window), &weak);
  /* Closing stops the lab's nodes first (no questions for tests). */
  gtk_window_destroy (GTK_WINDOW (window));
  g_assert_true (app_test_wait (window_gone, &weak, 30000));
  app_test_spin (100);
}

void
app_test_use_free_ports (WirelabLab *lab)
{
  WirelabHypervisorConfig *local = wirelab_lab_find_hypervisor (lab, WIRELAB_HYPERVISOR_LOCAL_ID);

  /* Blocks of this process's own (port-block.h): below the ephemeral range,
   * so no connection's port lands in them, and locked against other tests. */
  g_assert_nonnull (local);
  wirelab_hypervisor_config_set_base_udp (local, test_ports_take (40));
  wirelab_hypervisor_config_set_base_console (local, test_ports_take (20));
}

gpointer
app_test_find_window (GType type)
{
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (app_test_get_app ()));
       l != NULL; l = l->next)
    if (G_TYPE_CHECK_INSTANCE_TYPE (l->data, type))
      return l->data;
  return NULL;
}

gboolean
app_test_wait (gboolean (*cond) (gpointer data),
               gpointer   data,
               guint      timeout_ms)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) timeout_ms * 1000;

  while (!cond (data))
    {
      if (g_get_monotonic_time () > deadline)
        return cond (data);
      if (!g_main_context_iteration (NULL, FALSE))
        g_usleep (2000);
    }
  return TRUE;
}

void
app_test_spin (guint ms)
{
  gint64 until = g_get_monotonic_time () + (gint64) ms * 1000;

  while (g_get_monotonic_time () < until)
    if (!g_main_context_iteration (NULL, FALSE))
      g_usleep (2000);
}
