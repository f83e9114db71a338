/* test-app-demo.c: the demo lab end to end, as a user runs it
 *
 * Copyright 2026 The Wirelab authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * File → Open the Demo Lab, Start All, then PC1's console pings PC2 across
 * SW1, R1 and R2 (startup configs from data/demo/configs, VPCS start
 * scripts), and R1's console shows its interfaces.
 */

#define G_LOG_DOMAIN "test-app-demo"

#include "config.h"

#include <string.h>

#include "wirelab/wirelab.h"

#include "wirelab-console-dock.h"

#include "app-test-util.h"

#define TIMEOUT_MS 120000

typedef struct
{
  WirelabConsole *console;
  const char     *after;
  const char     *needle;
  const char     *enter;    /* typed now and then while waiting */
  gint64          last_enter;
} Expect;

static char *
console_text (WirelabConsole *console)
{
  VteTerminal *terminal = VTE_TERMINAL (wirelab_console_get_terminal (console));
  GtkAdjustment *adjustment = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (terminal));
  glong first = (glong) gtk_adjustment_get_lower (adjustment);
  glong last = (glong) gtk_adjustment_get_upper (adjustment) - 1;
  char *text = vte_terminal_get_text_range (terminal, first, 0, MAX (first, last),
                                            vte_terminal_get_column_count (terminal) - 1,
                                            NULL, NULL, NULL);

  return text != NULL ? text : g_strdup ("");
}

static gboolean
appears (gpointer data)
{
  Expect *e = data;
  g_autofree char *text = console_text (e->console);
  const char *from = e->after != NULL ? g_strrstr (text, e->after) : text;
  gint64 now = g_get_monotonic_time ();

  if (from != NULL && strstr (from, e->needle) != NULL)
    return TRUE;
  if (e->enter != NULL && now - e->last_enter > 2 * G_USEC_PER_SEC)
    {
      wirelab_terminal_send (wirelab_console_get_terminal (e->console), e->enter, -1);
      e->last_enter = now;
    }
  return FALSE;
}

static void
expect (WirelabConsole *console,
        const char     *after,
        const char     *needle,
        const char     *enter)
{
  Expect e = { console, after, needle, enter, 0 };

  if (!app_test_wait (appears, &e, TIMEOUT_MS))
    {
      g_autofree char *text = console_text (console);

      g_test_message ("%s shows:\n%s", wirelab_node_get_name (wirelab_console_get_node (console)), text);
      g_error ("“%s” did not appear", needle);
    }
}

/* Every node runs, or one says why it does not (a port taken, a PC that
 * could not bind): no point waiting then. */
static gboolean
all_running_or_failed (gpointer data)
{
  GListModel *nodes = wirelab_lab_get_nodes (data);
  gboolean all = TRUE;

  for (guint i = 0; i < g_list_model_get_n_items (nodes); i++)
    {
      g_autoptr(WirelabNode) node = g_list_model_get_item (nodes, i);

      if (wirelab_node_get_status (node) == WIRELAB_NODE_STATUS_STOPPED &&
          *wirelab_node_get_status_message (node) != '\0')
        return TRUE;
      all = all && wirelab_node_get_status (node) == WIRELAB_NODE_STATUS_RUNNING;
    }
  return all;
}

static void
assert_all_running (WirelabLab *lab)
{
  GListModel *nodes = wirelab_lab_get_nodes (lab);

  for (guint i = 0; i < g_list_model_get_n_items (nodes); i++)
    {
      g_autoptr(WirelabNode) node = g_list_model_get_item (nodes, i);

      if (wirelab_node_get_status (node) != WIRELAB_NODE_STATUS_RUNNING)
        g_error ("%s is %s: %s", wirelab_node_get_name (node),
                 wirelab_node_status_to_string (wirelab_node_get_status (node)),
                 wirelab_node_get_status_message (node));
    }
}

static gboolean
demo_window (gpointer data)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (app_test_get_app ()));

  return WIRELAB_IS_WINDOW (window) &&
         wirelab_lab_find_node_by_name (wirelab_window_get_lab (WIRELAB_WINDOW (window)), "PC2") != NULL;
}

static void
test_demo_ping (void)
{
  g_autofree char *image = wirelab_find_image (WIRELAB_DEFAULT_IMAGE_FILE);
  g_autofree char *vpcs = g_find_program_in_path ("vpcs");
  WirelabWindow *window;
  WirelabLab *lab;
  WirelabConsoleDock *dock;
  WirelabConsole *pc1, *r1;

  if (image == NULL || (vpcs == NULL && g_getenv ("WIRELAB_VPCS") == NULL))
    {
      g_test_skip (image == NULL ? "the router firmware wirelab-router.elf is not built"
                                 : "vpcs is not installed");
      return;
    }

  g_action_group_activate_action (G_ACTION_GROUP (app_test_get_app ()), "demo", NULL);
  g_assert_true (app_test_wait (demo_window, NULL, 10000));
  window = WIRELAB_WINDOW (gtk_application_get_active_window (GTK_APPLICATION (app_test_get_app ())));
  lab = wirelab_window_get_lab (window);
  dock = wirelab_window_get_console_dock (window);
  g_assert_cmpuint (g_list_model_get_n_items (wirelab_lab_get_nodes (lab)), ==, 5);
  g_assert_cmpuint (g_list_model_get_n_items (wirelab_lab_get_links (lab)), ==, 4);

  app_test_use_free_ports (lab);

  /* The header bar's Start All. */
  g_assert_true (g_action_group_get_action_enabled (G_ACTION_GROUP (window), "start-all"));
  g_action_group_activate_action (G_ACTION_GROUP (window), "start-all", NULL);
  app_test_wait (all_running_or_failed, lab, TIMEOUT_MS);
  assert_all_running (lab);

  r1 = wirelab_console_dock_open (dock, wirelab_lab_find_node_by_name (lab, "R1"), TRUE);
  expect (r1, NULL, "R1>", "\r");
  wirelab_terminal_send (wirelab_console_get_terminal (r1), "enable\r", -1);
  expect (r1, "enable", "R1#", NULL);
  wirelab_terminal_send (wirelab_console_get_terminal (r1), "show ip interface brief\r", -1);
  expect (r1, "show ip interface brief", "10.0.12.1", NULL);

  /* Across the switch and both routers. */
  pc1 = wirelab_console_dock_open (dock, wirelab_lab_find_node_by_name (lab, "PC1"), TRUE);
  /* Its prompt is its name, as in GNS3. */
  expect (pc1, NULL, "PC1>", "\r");
  /* (The first may go while the routers still resolve ARP.) */
  wirelab_terminal_send (wirelab_console_get_terminal (pc1), "ping 10.0.2.10 -c 5\r", -1);
  /* Two routers on the way: TTL 64 - 2. */
  expect (pc1, "ping 10.0.2.10", "ttl=62", NULL);

  g_action_group_activate_action (G_ACTION_GROUP (window), "stop-all", NULL);
  app_test_close_window (window);
}

/* Another program on R1's console port: Start All stops at once, and R1
 * says which port (the canvas shows it in R1's tooltip); nothing waits. */
static void
test_demo_console_taken (void)
{
  g_autofree char *image = wirelab_find_image (WIRELAB_DEFAULT_IMAGE_FILE);
  g_autoptr(GSocketListener) squatter = g_socket_listener_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *port_text = NULL;
  WirelabWindow *window;
  WirelabLab *lab;
  WirelabNode *r1;
  guint16 port;

  if (image == NULL)
    {
      g_test_skip ("the router firmware wirelab-router.elf is not built");
      return;
    }

  g_action_group_activate_action (G_ACTION_GROUP (app_test_get_app ()), "demo", NULL);
  g_assert_true (app_test_wait (demo_window, NULL, 10000));
  window = WIRELAB_WINDOW (gtk_application_get_active_window (GTK_APPLICATION (app_test_get_app ())));
  lab = wirelab_window_get_lab (window);
  app_test_use_free_ports (lab);
  r1 = wirelab_lab_find_node_by_name (lab, "R1");
  port = wirelab_hypervisor_config_get_base_console (wirelab_lab_find_hypervisor (lab, "local")) +
         wirelab_node_get_instance_id (r1);
  g_assert_true (g_socket_listener_add_inet_port (squatter, port, NULL, &error));
  g_assert_no_error (error);

  g_action_group_activate_action (G_ACTION_GROUP (window), "start-all", NULL);
  g_assert_true (app_test_wait (all_running_or_failed, lab, TIMEOUT_MS));
  g_test_message ("R1: %s", wirelab_node_get_status_message (r1));
  port_text = g_strdup_printf ("port %u of R1", port);
  g_assert_nonnull (strstr (wirelab_node_get_status_message (r1), port_text));
  g_assert_cmpint (wirelab_node_get_status (r1), ==, WIRELAB_NODE_STATUS_STOPPED);
  g_assert_false (wirelab_node_get_deployed (r1));

  g_socket_listener_close (squatter);
  app_test_close_window (window);
}

int
main (int   argc,
      char *argv[])
{
  if (app_test_init (&argc, &argv))
    return 0;

  g_test_add_func ("/app/demo/ping-across-routers", test_demo_ping);
  g_test_add_func ("/app/demo/console-port-taken", test_demo_console_taken);

  return app_test_finish (g_test_run ());
}
