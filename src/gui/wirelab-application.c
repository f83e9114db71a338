/* wirelab-application.c
 *
 * Copyright 2026 The Wirelab authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#define G_LOG_DOMAIN "wirelab-application"

#include "config.h"

#include <glib/gi18n.h>

#include "wirelab/wirelab.h"

#include "wirelab-application.h"
#include "wirelab-window.h"

struct _WirelabApplication
{
  AdwApplication parent_instance;
};

G_DEFINE_FINAL_TYPE (WirelabApplication, wirelab_application, ADW_TYPE_APPLICATION)

WirelabApplication *
wirelab_application_new (void)
{
  return g_object_new (WIRELAB_TYPE_APPLICATION,
                       "application-id", APP_ID,
                       "resource-base-path", RESOURCE_PATH,
                       "flags", G_APPLICATION_HANDLES_OPEN | G_APPLICATION_NON_UNIQUE,
                       NULL);
}

static void
wirelab_application_activate (GApplication *app)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (app));

  if (window == NULL)
    window = GTK_WINDOW (wirelab_window_new (WIRELAB_APPLICATION (app)));

  gtk_window_present (window);
}

static void
wirelab_application_about (GSimpleAction *action,
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
wirelab_application_quit (GSimpleAction *action,
                          GVariant      *param,
                          gpointer       user_data)
{
  g_application_quit (G_APPLICATION (user_data));
}

static const GActionEntry app_actions[] = {
  { "about", wirelab_application_about },
  { "quit", wirelab_application_quit },
};

static void
wirelab_application_startup (GApplication *app)
{
  G_APPLICATION_CLASS (wirelab_application_parent_class)->startup (app);

  g_action_map_add_action_entries (G_ACTION_MAP (app), app_actions,
                                   G_N_ELEMENTS (app_actions), app);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "app.quit",
                                         (const char *[]) { "<Primary>q", NULL });
}

static void
wirelab_application_class_init (WirelabApplicationClass *klass)
{
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  app_class->activate = wirelab_application_activate;
  app_class->startup = wirelab_application_startup;
}

static void
wirelab_application_init (WirelabApplication *self)
{
  const GOptionEntry entries[] = {
    { "version", 'V', 0, G_OPTION_ARG_NONE, NULL, N_("Print the version and exit"), NULL },
    { NULL }
  };

  g_application_add_main_option_entries (G_APPLICATION (self), entries);
}
