/* wirelab-cli.c: run and check labs without the GUI
 *
 * Copyright 2026 The Wirelab authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#define G_LOG_DOMAIN "wirelab-cli"

#include "config.h"

#include <glib/gi18n.h>
#include <glib-unix.h>
#include <locale.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "wirelab/wirelab.h"

static char **opt_hypervisors;
static char *opt_output;
static gboolean opt_force;
static gboolean opt_version;

static void
say (const char *format,
     ...) G_GNUC_PRINTF (1, 2);

/* Output goes to pipes in scripts and tests: one flush per message. */
static void
say (const char *format,
     ...)
{
  va_list args;

  va_start (args, format);
  vprintf (format, args);
  va_end (args);
  fflush (stdout);
}

static void
fail (const char *format,
      ...) G_GNUC_PRINTF (1, 2);

static void
fail (const char *format,
      ...)
{
  g_autofree char *msg = NULL;
  va_list args;

  va_start (args, format);
  msg = g_strdup_vprintf (format, args);
  va_end (args);
  g_printerr ("wirelab-cli: %s\n", msg);
}

static WirelabLab *
load_lab (const char *path)
{
  g_autoptr(GFile) file = g_file_new_for_commandline_arg (path);
  g_autoptr(GError) error = NULL;
  WirelabLab *lab = wirelab_lab_load (file, &error);

  if (lab == NULL)
    fail ("%s", error->message);
  return lab;
}

/* "1 image", "2 images" */
static char *
counted (GListModel *model,
         const char *one,
         const char *many)
{
  guint n = g_list_model_get_n_items (model);

  return g_strdup_printf ("%u %s", n, n == 1 ? one : many);
}

/* ---- check ---- */

static int
cmd_check (const char *path)
{
  g_autoptr(WirelabLab) lab = load_lab (path);
  g_autofree char *nodes = NULL, *links = NULL, *hypervisors = NULL, *n_images = NULL;
  GListModel *images;
  guint warnings = 0;

  if (lab == NULL)
    return EXIT_FAILURE;

  /* Images only matter on the hypervisor that runs them; on this machine we
   * can at least say which ones a local hypervisor will not find. */
  images = wirelab_lab_get_images (lab);
  for (guint i = 0; i < g_list_model_get_n_items (images); i++)
    {
      g_autoptr(WirelabImage) image = g_list_model_get_item (images, i);
      const char *file = wirelab_image_get_path (image);
      g_autofree char *found = g_path_is_absolute (file) ? NULL : wirelab_find_image (file);

      if ((g_path_is_absolute (file) && !g_file_test (file, G_FILE_TEST_IS_REGULAR)) ||
          (!g_path_is_absolute (file) && found == NULL))
        {
          g_printerr ("warning: image %s: %s is not on this machine\n",
                      wirelab_image_get_name (image), file);
          warnings++;
        }
    }

  nodes = counted (wirelab_lab_get_nodes (lab), "node", "nodes");
  links = counted (wirelab_lab_get_links (lab), "link", "links");
  hypervisors = counted (wirelab_lab_get_hypervisors (lab), "hypervisor", "hypervisors");
  n_images = counted (images, "image", "images");
  say ("%s: valid (%s, %s, %s, %s%s)\n", path, nodes, links, hypervisors, n_images,
       warnings > 0 ? ", see warnings" : "");
  return EXIT_SUCCESS;
}

/* ---- import-dynagen ---- */

static int
cmd_import (const char *path)
{
  g_autoptr(GFile) in = g_file_new_for_commandline_arg (path);
  g_autoptr(GFile) out = NULL;
  g_autoptr(WirelabLab) lab = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) warnings = NULL;
  g_autofree char *out_path = NULL;

  lab = wirelab_dynagen_import_file (in, &warnings, &error);
  if (lab == NULL)
    {
      fail ("%s: %s", path, error->message);
      return EXIT_FAILURE;
    }
  for (guint i = 0; warnings[i] != NULL; i++)
    g_printerr ("warning: %s\n", warnings[i]);

  if (opt_output != NULL)
    out_path = g_strdup (opt_output);
  else
    {
      g_autofree char *stem = g_str_has_suffix (path, ".net") ? g_strndup (path, strlen (path) - 4)
                                                               : g_strdup (path);

      out_path = g_strconcat (stem, WIRELAB_PROJECT_EXTENSION, NULL);
    }

  out = g_file_new_for_commandline_arg (out_path);
  if (!opt_force && g_file_query_exists (out, NULL))
    {
      fail ("%s exists; use --force to replace it", out_path);
      return EXIT_FAILURE;
    }
  if (!wirelab_lab_save_as (lab, out, &error))
    {
      fail ("%s", error->message);
      return EXIT_FAILURE;
    }
  say ("Wrote %s: %u nodes, %u links, %u hypervisors%s\n", out_path,
       g_list_model_get_n_items (wirelab_lab_get_nodes (lab)),
       g_list_model_get_n_items (wirelab_lab_get_links (lab)),
       g_list_model_get_n_items (wirelab_lab_get_hypervisors (lab)),
       warnings[0] != NULL ? " (some parts left out, see warnings)" : "");
  return EXIT_SUCCESS;
}

/* ---- run ---- */

typedef enum
{
  RUN_CONNECTING,
  RUN_DEPLOYING,
  RUN_STARTING,
  RUN_RUNNING,
  RUN_STOPPING,
  RUN_DONE,
} RunState;

typedef struct
{
  WirelabLab     *lab;
  WirelabSession *session;
  GMainLoop      *loop;
  RunState        state;
  int             status;
  gboolean        stop_asked;
} Run;

/* --hypervisor [ID=]HOST:PORT: with ID, where that hypervisor of the lab
 * is; without, one more hypervisor every image may spill over to. */
static gboolean
apply_hypervisor_option (WirelabLab  *lab,
                         const char  *spec,
                         GError     **error)
{
  g_autofree char *id = NULL;
  g_autofree char *host = NULL;
  const char *hostport = spec;
  const char *eq = strchr (spec, '=');
  const char *colon;
  guint64 port;
  WirelabHypervisorConfig *config;

  if (eq != NULL)
    {
      id = g_strndup (spec, eq - spec);
      hostport = eq + 1;
    }
  colon = strrchr (hostport, ':');
  if (colon == NULL || colon == hostport ||
      !g_ascii_string_to_unsigned (colon + 1, 10, 1, 65535, &port, NULL))
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   "--hypervisor %s: expected [ID=]HOST:PORT", spec);
      return FALSE;
    }
  host = g_strndup (hostport, colon - hostport);
  if (host[0] == '[' && host[strlen (host) - 1] == ']')
    {
      char *inner = g_strndup (host + 1, strlen (host) - 2);

      g_free (host);
      host = inner;
    }

  if (id != NULL)
    {
      config = wirelab_lab_find_hypervisor (lab, id);
      if (config == NULL)
        {
          g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                       "--hypervisor %s: the lab has no hypervisor “%s”", spec, id);
          return FALSE;
        }
      wirelab_hypervisor_config_set_host (config, host);
      wirelab_hypervisor_config_set_port (config, port);
      return TRUE;
    }

  /* Already in the lab under another id? */
  for (guint i = 0; i < g_list_model_get_n_items (wirelab_lab_get_hypervisors (lab)); i++)
    {
      g_autoptr(WirelabHypervisorConfig) h = g_list_model_get_item (wirelab_lab_get_hypervisors (lab), i);

      if (g_str_equal (wirelab_hypervisor_config_get_host (h), host) &&
          wirelab_hypervisor_config_get_port (h) == port)
        return TRUE;
    }

  {
    g_autofree char *new_id = g_strdup_printf ("cli-%s-%u", host, (guint) port);
    g_autoptr(WirelabHypervisorConfig) added = wirelab_hypervisor_config_new (new_id, host, port);
    GListModel *images = wirelab_lab_get_images (lab);

    if (!wirelab_lab_add_hypervisor (lab, added, error))
      return FALSE;
    for (guint i = 0; i < g_list_model_get_n_items (images); i++)
      {
        g_autoptr(WirelabImage) image = g_list_model_get_item (images, i);
        g_autoptr(GStrvBuilder) b = g_strv_builder_new ();
        g_auto(GStrv) ids = NULL;

        g_strv_builder_addv (b, (const char **) wirelab_image_get_hypervisors (image));
        g_strv_builder_add (b, new_id);
        ids = g_strv_builder_end (b);
        wirelab_image_set_hypervisors (image, (const char *const *) ids);
      }
  }
  return TRUE;
}

static const char *
node_hypervisor_label (WirelabLab  *lab,
                       WirelabNode *node)
{
  WirelabHypervisorConfig *h = wirelab_lab_find_hypervisor (lab, wirelab_node_get_hypervisor_id (node));

  return h != NULL ? wirelab_hypervisor_config_get_display_name (h) : "-";
}

static void
print_table (Run *run)
{
  GListModel *nodes = wirelab_lab_get_nodes (run->lab);
  guint n = g_list_model_get_n_items (nodes);
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  guint width[5] = { 0 };
  const char *head[] = { "NODE", "KIND", "HYPERVISOR", "CONSOLE", "STATE", NULL };

  g_ptr_array_add (rows, g_strdupv ((char **) head));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(WirelabNode) node = g_list_model_get_item (nodes, i);
      char **row = g_new0 (char *, 6);

      row[0] = g_strdup (wirelab_node_get_name (node));
      row[1] = g_strdup (wirelab_node_kind_to_string (wirelab_node_get_kind (node)));
      row[2] = g_strdup (node_hypervisor_label (run->lab, node));
      if (wirelab_node_get_console (node) != 0 && wirelab_node_get_console_host (node) != NULL)
        row[3] = g_strdup_printf ("%s:%u", wirelab_node_get_console_host (node),
                                  wirelab_node_get_console (node));
      else
        row[3] = g_strdup ("-");
      row[4] = g_strdup (wirelab_node_status_to_string (wirelab_node_get_status (node)));
      g_ptr_array_add (rows, row);
    }
  for (guint r = 0; r < rows->len; r++)
    for (guint c = 0; c < 5; c++)
      width[c] = MAX (width[c], g_utf8_strlen (((char **) g_ptr_array_index (rows, r))[c], -1));
  for (guint r = 0; r < rows->len; r++)
    {
      char **row = g_ptr_array_index (rows, r);

      say ("%-*s  %-*s  %-*s  %-*s  %s\n", width[0], row[0], width[1], row[1], width[2], row[2],
           width[3], row[3], row[4]);
    }
}

static void
save_lab (Run *run)
{
  g_autoptr(GError) error = NULL;

  if (wirelab_lab_get_dirty (run->lab) && !wirelab_lab_save (run->lab, &error))
    fail ("%s", error->message);
}

static void
finish (Run *run,
        int  status)
{
  run->status = status;
  run->state = RUN_DONE;
  g_main_loop_quit (run->loop);
}

static void
on_shutdown (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  Run *run = user_data;
  g_autoptr(GError) error = NULL;

  if (!wirelab_session_shutdown_finish (run->session, result, &error))
    fail ("%s", error->message);
  save_lab (run);
  say ("Stopped; configurations saved.\n");
  finish (run, run->status);
}

static void
stop_lab (Run *run,
          int  status)
{
  if (run->state == RUN_STOPPING || run->state == RUN_DONE)
    return;
  run->status = status;
  run->state = RUN_STOPPING;
  say ("Stopping every node…\n");
  wirelab_session_shutdown_async (run->session, NULL, on_shutdown, run);
}

static gboolean
on_signal (gpointer user_data)
{
  Run *run = user_data;

  if (run->state == RUN_STOPPING)
    {
      /* A second Ctrl+C: the user does not want to wait. */
      fail ("interrupted while stopping");
      finish (run, 130);
      return G_SOURCE_CONTINUE;
    }
  run->stop_asked = TRUE;
  if (run->state == RUN_CONNECTING)
    finish (run, EXIT_FAILURE);
  else
    stop_lab (run, EXIT_SUCCESS);
  return G_SOURCE_CONTINUE;
}

static void
on_started (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  Run *run = user_data;
  g_autoptr(GError) error = NULL;

  if (!wirelab_session_all_action_finish (run->session, result, &error))
    {
      fail ("%s", error->message);
      stop_lab (run, EXIT_FAILURE);
      return;
    }
  if (run->stop_asked)
    return;
  run->state = RUN_RUNNING;
  save_lab (run);
  print_table (run);
  say ("Running; Ctrl+C (SIGINT) or SIGTERM stops every node and saves configurations.\n");
}

static void
on_connected (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  Run *run = user_data;
  g_autoptr(GError) error = NULL;

  if (!wirelab_session_connect_finish (run->session, result, &error))
    {
      fail ("%s", error->message);
      finish (run, EXIT_FAILURE);
      return;
    }
  if (run->state != RUN_CONNECTING)
    return;
  run->state = RUN_STARTING;
  /* Deploys everything first (nothing is created when placement fails),
   * then starts node after node. */
  wirelab_session_all_action_async (run->session, WIRELAB_NODE_ACTION_START, NULL, on_started, run);
}

static void
on_warning (WirelabSession *session,
            const char     *message,
            Run            *run)
{
  g_printerr ("warning: %s\n", message);
}

static void
on_status (WirelabNode *node,
           GParamSpec  *pspec,
           Run         *run)
{
  const char *message = wirelab_node_get_status_message (node);

  if (run->state != RUN_RUNNING)
    return;
  say ("%s: %s%s%s%s\n", wirelab_node_get_name (node),
       wirelab_node_status_to_string (wirelab_node_get_status (node)),
       *message != '\0' ? " (" : "", message, *message != '\0' ? ")" : "");
}

static void
on_hypervisor (WirelabSession          *session,
               WirelabHypervisorConfig *config,
               Run                     *run)
{
  if (run->state == RUN_RUNNING)
    say ("hypervisor %s: %s\n", wirelab_hypervisor_config_get_display_name (config),
         wirelab_hypervisor_config_get_connected (config) ? "connected" : "lost");
}

static int
cmd_run (const char *path)
{
  g_autoptr(WirelabLab) lab = load_lab (path);
  g_autoptr(WirelabSession) session = NULL;
  g_autoptr(GMainLoop) loop = NULL;
  GListModel *nodes;
  Run run = { 0 };
  guint sigint, sigterm;

  if (lab == NULL)
    return EXIT_FAILURE;
  for (guint i = 0; opt_hypervisors != NULL && opt_hypervisors[i] != NULL; i++)
    {
      g_autoptr(GError) error = NULL;

      if (!apply_hypervisor_option (lab, opt_hypervisors[i], &error))
        {
          fail ("%s", error->message);
          return EXIT_FAILURE;
        }
    }

  session = wirelab_session_new (lab);
  loop = g_main_loop_new (NULL, FALSE);
  run.lab = lab;
  run.session = session;
  run.loop = loop;
  run.state = RUN_CONNECTING;

  g_signal_connect (session, "warning", G_CALLBACK (on_warning), &run);
  g_signal_connect (session, "hypervisor-lost", G_CALLBACK (on_hypervisor), &run);
  g_signal_connect (session, "hypervisor-connected", G_CALLBACK (on_hypervisor), &run);
  nodes = wirelab_lab_get_nodes (lab);
  for (guint i = 0; i < g_list_model_get_n_items (nodes); i++)
    {
      g_autoptr(WirelabNode) node = g_list_model_get_item (nodes, i);

      g_signal_connect (node, "notify::status", G_CALLBACK (on_status), &run);
    }

  sigint = g_unix_signal_add (SIGINT, on_signal, &run);
  sigterm = g_unix_signal_add (SIGTERM, on_signal, &run);

  say ("Connecting to %u hypervisor(s)…\n",
       g_list_model_get_n_items (wirelab_lab_get_hypervisors (lab)));
  wirelab_session_connect_async (session, NULL, on_connected, &run);
  g_main_loop_run (loop);

  g_source_remove (sigint);
  g_source_remove (sigterm);
  for (guint i = 0; i < g_list_model_get_n_items (nodes); i++)
    {
      g_autoptr(WirelabNode) node = g_list_model_get_item (nodes, i);

      g_signal_handlers_disconnect_by_data (node, &run);
    }
  g_signal_handlers_disconnect_by_data (session, &run);
  return run.status;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  const GOptionEntry entries[] = {
    { "hypervisor", 0, 0, G_OPTION_ARG_STRING_ARRAY, &opt_hypervisors,
      N_("run: use a hypervisor at HOST:PORT (ID= places the lab's hypervisor ID there)"),
      N_("[ID=]HOST:PORT") },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &opt_output,
      N_("import-dynagen: the project to write (default: FILE with .wirelab)"), N_("OUT.wirelab") },
    { "force", 'f', 0, G_OPTION_ARG_NONE, &opt_force,
      N_("import-dynagen: replace an existing project"), NULL },
    { "version", 'V', 0, G_OPTION_ARG_NONE, &opt_version, N_("Print the version and exit"), NULL },
    { NULL }
  };
  int status;

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  context = g_option_context_new (_("COMMAND [ARGS...]"));
  g_option_context_set_summary (context, _("Runs Wirelab labs without the GUI."));
  g_option_context_set_description (context,
                                    _("Commands:\n"
                                      "  run LAB.wirelab [--hypervisor [ID=]HOST:PORT ...]\n"
                                      "      Connects the hypervisors (the local one runs in this process\n"
                                      "      unless --hypervisor local=HOST:PORT), places and starts every\n"
                                      "      node, prints node, hypervisor, console and state, and runs until\n"
                                      "      SIGINT or SIGTERM; then stops every node, saves router\n"
                                      "      configurations into the project's configs/ and the placement\n"
                                      "      into the project.\n"
                                      "  check LAB.wirelab\n"
                                      "      Validates the project; exit status 0 when it is valid.\n"
                                      "  import-dynagen FILE.net [-o OUT.wirelab] [--force]\n"
                                      "      Converts a Dynagen topology into a Wirelab project.\n"));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      fail ("%s", error->message);
      return EXIT_FAILURE;
    }

  if (opt_version)
    {
      printf ("wirelab-cli %s\n", wirelab_get_version ());
      return EXIT_SUCCESS;
    }

  if (argc != 3)
    {
      fail ("expected COMMAND FILE (see --help)");
      return EXIT_FAILURE;
    }

  if (g_str_equal (argv[1], "run"))
    status = cmd_run (argv[2]);
  else if (g_str_equal (argv[1], "check"))
    status = cmd_check (argv[2]);
  else if (g_str_equal (argv[1], "import-dynagen"))
    status = cmd_import (argv[2]);
  else
    {
      fail ("unknown command “%s” (run, check, import-dynagen)", argv[1]);
      status = EXIT_FAILURE;
    }

  g_strfreev (opt_hypervisors);
  g_free (opt_output);
  return status;
}
