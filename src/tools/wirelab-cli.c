/* wirelab-cli.c: run and check labs without the GUI
 *
 * Copyright 2026 The Wirelab authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#define G_LOG_DOMAIN "wirelab-cli"

#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>

#include "wirelab/wirelab.h"

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  gboolean version = FALSE;
  const GOptionEntry entries[] = {
    { "version", 'V', 0, G_OPTION_ARG_NONE, &version, N_("Print the version and exit"), NULL },
    { NULL }
  };

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  context = g_option_context_new (_("COMMAND [ARGS...]"));
  g_option_context_set_summary (context, _("Runs Wirelab labs without the GUI."));
  g_option_context_set_description (context,
                                    _("Commands:\n"
                                      "  run LAB.wirelab [--hypervisor HOST:PORT ...]\n"
                                      "  check LAB.wirelab\n"
                                      "  import-dynagen FILE.net\n"));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("wirelab-cli: %s\n", error->message);
      return EXIT_FAILURE;
    }

  if (version)
    {
      printf ("wirelab-cli %s\n", wirelab_get_version ());
      return EXIT_SUCCESS;
    }

  g_printerr ("wirelab-cli: no commands are built yet\n");
  return EXIT_FAILURE;
}
