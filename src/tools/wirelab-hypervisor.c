/* wirelab-hypervisor.c: a Dynamips-compatible hypervisor daemon
 *
 * Copyright 2026 The Wirelab authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#define G_LOG_DOMAIN "wirelab-hypervisor"

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
  g_autofree char *listen = NULL;
  g_autofree char *working_dir = NULL;
  g_autofree char *log_file = NULL;
  g_autofree char *console_addr = NULL;
  gboolean version = FALSE;
  const GOptionEntry entries[] = {
    { "host", 'H', 0, G_OPTION_ARG_STRING, &listen,
      N_("Listen for hypervisor clients on [IP:]PORT (default 127.0.0.1:7200)"), N_("[IP:]PORT") },
    { "working-dir", 0, 0, G_OPTION_ARG_FILENAME, &working_dir,
      N_("Directory for router files (default: the current directory)"), N_("DIR") },
    { "log", 'l', 0, G_OPTION_ARG_FILENAME, &log_file,
      N_("Write the log to FILE"), N_("FILE") },
    { "console-binding-addr", 0, 0, G_OPTION_ARG_STRING, &console_addr,
      N_("Address router consoles listen on (default: the -H address, else 127.0.0.1)"), N_("IP") },
    { "version", 'V', 0, G_OPTION_ARG_NONE, &version, N_("Print the version and exit"), NULL },
    { NULL }
  };

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  context = g_option_context_new (NULL);
  g_option_context_set_summary (context,
                                _("Runs routers, switches and links for Wirelab or any client of the "
                                  "Dynamips hypervisor protocol."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("wirelab-hypervisor: %s\n", error->message);
      return EXIT_FAILURE;
    }

  if (version)
    {
      printf ("wirelab-hypervisor %s (Dynamips hypervisor protocol %s)\n",
              wirelab_get_version (), WIRELAB_PROTOCOL_VERSION);
      return EXIT_SUCCESS;
    }

  g_printerr ("wirelab-hypervisor: the protocol server is not built yet\n");
  return EXIT_FAILURE;
}
