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

  app = wirelab_application_new ();
  status = g_application_run (G_APPLICATION (app), argc, argv);
  /* A WIRELAB_SCREENSHOT run that could not finish says so. */
  return status != 0 ? status : wirelab_screenshot_get_status ();
}
