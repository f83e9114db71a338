/* wirelab-hypervisor.c: a Dynamips-compatible hypervisor daemon
 *
 * Copyright 2026 The Wirelab authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#define G_LOG_DOMAIN "wirelab-hypervisor"

#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <glib-unix.h>
#include <errno.h>
#include <locale.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "wirelab/wirelab.h"

static FILE *log_stream;
static GMutex log_lock;

/* -l FILE: every message goes to the file, with a timestamp. */
static GLogWriterOutput
write_log (GLogLevelFlags   log_level,
           const GLogField *fields,
           gsize            n_fields,
           gpointer         user_data)
{
  g_autofree char *line = g_log_writer_format_fields (log_level, fields, n_fields, FALSE);
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *stamp = g_date_time_format (now, "%b %d %H:%M:%S.%f");

  if (!(log_level & (G_LOG_LEVEL_ERROR | G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING |
                     G_LOG_LEVEL_MESSAGE | G_LOG_LEVEL_INFO)) &&
      g_log_writer_default_would_drop (log_level, NULL))
    return G_LOG_WRITER_HANDLED;
  g_mutex_lock (&log_lock);
  if (log_stream == NULL)
    {
      /* Closed at exit: back to stderr (the writer cannot be unset). */
      g_mutex_unlock (&log_lock);
      return g_log_writer_default (log_level, fields, n_fields, user_data);
    }
  fprintf (log_stream, "%.19s %s\n", stamp, line);
  fflush (log_stream);
  g_mutex_unlock (&log_lock);
  return G_LOG_WRITER_HANDLED;
}

/* "[IP:]PORT", "[::1]:PORT" */
static gboolean
parse_host (const char  *text,
            char       **address,
            guint16     *port,
            GError     **error)
{
  const char *colon = strrchr (text, ':');
  const char *port_text = colon != NULL ? colon + 1 : text;
  guint64 value;

  if (!g_ascii_string_to_unsigned (port_text, 10, 0, 65535, &value, NULL))
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   _("Bad -H value '%s': expected [IP:]PORT"), text);
      return FALSE;
    }
  *port = value;
  if (colon == NULL || colon == text)
    *address = g_strdup ("127.0.0.1");
  else if (text[0] == '[' && colon[-1] == ']')
    *address = g_strndup (text + 1, colon - text - 2);
  else
    *address = g_strndup (text, colon - text);
  return TRUE;
}

static gboolean
on_signal (gpointer user_data)
{
  wirelab_hypervisor_shutdown (user_data);
  return G_SOURCE_CONTINUE;
}

static void
on_stopped (WirelabHypervisor *hv,
            GMainLoop         *loop)
{
  g_main_loop_quit (loop);
}

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

  {
    g_autoptr(WirelabHypervisor) hv = NULL;
    g_autoptr(GMainLoop) loop = NULL;
    g_autofree char *address = NULL;
    guint16 port = 7200;
    guint16 bound = 0;
    guint sigint, sigterm;

    if (listen != NULL && !parse_host (listen, &address, &port, &error))
      {
        g_printerr ("wirelab-hypervisor: %s\n", error->message);
        return EXIT_FAILURE;
      }
    if (address == NULL)
      address = g_strdup ("127.0.0.1");

    if (log_file != NULL)
      {
        log_stream = g_fopen (log_file, "a");
        if (log_stream == NULL)
          {
            int err = errno;

            /* TRANSLATORS: a file name, then the system's reason */
            g_printerr (_("wirelab-hypervisor: cannot open log file %s: %s\n"),
                        log_file, g_strerror (err));
            return EXIT_FAILURE;
          }
        g_log_set_writer_func (write_log, NULL, NULL);
      }

    if (working_dir != NULL && !g_file_test (working_dir, G_FILE_TEST_IS_DIR))
      {
        /* TRANSLATORS: a directory name (--working-dir) */
        g_printerr (_("wirelab-hypervisor: no such directory: %s\n"), working_dir);
        return EXIT_FAILURE;
      }

    /* Replies to vanished clients must not kill the process. */
    signal (SIGPIPE, SIG_IGN);

    loop = g_main_loop_new (NULL, FALSE);
    hv = wirelab_hypervisor_new ();
    if (working_dir != NULL)
      wirelab_hypervisor_set_working_dir (hv, working_dir);
    if (console_addr != NULL)
      wirelab_hypervisor_set_console_binding_addr (hv, console_addr);
    g_signal_connect (hv, "stopped", G_CALLBACK (on_stopped), loop);
    /* Before the port is announced: a client may signal right after. */
    sigint = g_unix_signal_add (SIGINT, on_signal, hv);
    sigterm = g_unix_signal_add (SIGTERM, on_signal, hv);

    if (!wirelab_hypervisor_listen (hv, address, port, &bound, &error))
      {
        /* TRANSLATORS: an IP address, a TCP port, then the reason */
        g_printerr (_("wirelab-hypervisor: cannot listen on %s:%u: %s\n"),
                    address, port, error->message);
        g_source_remove (sigint);
        g_source_remove (sigterm);
        wirelab_hypervisor_shutdown (hv);
        return EXIT_FAILURE;
      }
    g_info ("Wirelab hypervisor %s listening on %s:%u",
               wirelab_get_hypervisor_version_string (), address, bound);
    /* Dynamips prints this line; scripts wait for it to learn the port. */
    printf ("Hypervisor TCP control server started (port %u).\n", bound);
    fflush (stdout);

    g_main_loop_run (loop);
    g_source_remove (sigint);
    g_source_remove (sigterm);
  }

  g_mutex_lock (&log_lock);
  if (log_stream != NULL)
    fclose (g_steal_pointer (&log_stream));
  g_mutex_unlock (&log_lock);
  return EXIT_SUCCESS;
}
