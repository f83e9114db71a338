/* main.c
 *
 * Copyright 2026 The Wirelab authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#define G_LOG_DOMAIN "wirelab"

#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>
#include <stdio.h>
#include <string.h>

#include "wirelab/wirelab.h"

#include "wirelab-application.h"
#include "wirelab-screenshot.h"

/* Started from the build tree (./wirelab.sh run): use the schema compiled
 * there, as wirelab_find_data_file() uses the tree's data. */
static void
use_build_tree_schemas (void)
{
  g_autofree char *exe = g_file_read_link ("/proc/self/exe", NULL);
  const char *dirs = g_getenv ("GSETTINGS_SCHEMA_DIR");
  g_autofree char *value = NULL;

  if (exe == NULL || !g_str_has_prefix (exe, WIRELAB_BUILD_ROOT "/"))
    return;
  if (dirs != NULL && *dirs != '\0')
    value = g_strconcat (WIRELAB_BUILD_ROOT "/data", G_SEARCHPATH_SEPARATOR_S, dirs, NULL);
  else
    value = g_strdup (WIRELAB_BUILD_ROOT "/data");
  g_setenv ("GSETTINGS_SCHEMA_DIR", value, TRUE);
}

static gboolean
schema_installed (void)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = NULL;

  if (source != NULL)
    schema = g_settings_schema_source_lookup (source, APP_ID, TRUE);
  return schema != NULL;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(WirelabApplication) app = NULL;
  int status;

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  /* --version must work without a display. */
  for (int i = 1; i < argc; i++)
    if (strcmp (argv[i], "--version") == 0 || strcmp (argv[i], "-V") == 0)
      {
        printf ("wirelab %s\n", wirelab_get_version ());
        return 0;
      }

  use_build_tree_schemas ();
  if (!schema_installed ())
    {
      /* GSettings would abort with less to say. */
      g_printerr ("wirelab: the settings schema %s is not installed; "
                  "run glib-compile-schemas on its directory (see README.md)\n", APP_ID);
      return 1;
    }

  app = wirelab_application_new ();
  status = g_application_run (G_APPLICATION (app), argc, argv);
  /* A WIRELAB_SCREENSHOT run that could not finish says so. */
  return status != 0 ? status : wirelab_screenshot_get_status ();
}
