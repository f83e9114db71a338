/* test-app-console.c: a console tab on a booted router
 *
 * Copyright 2026 The Wirelab authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * The window's own session starts the router on the embedded hypervisor
 * (Wirelab's firmware on the MIPS64 emulator), Node → Console opens its
 * tab, and what is typed into the VteTerminal travels over telnet.
 */

#define G_LOG_DOMAIN "test-app-console"

#include "config.h"

#include <string.h>

#include "wirelab/wirelab.h"

#include "wirelab-console-dock.h"

#include "app-test-util.h"

#define BOOT_TIMEOUT_MS 120000

typedef struct
{
  WirelabWindow   *window;
  WirelabNode     *router;
  WirelabConsole  *console;
  WirelabTerminal *terminal;
} Fixture;

/* Everything the console holds, scrollback included (get_text alone is
 * the visible screen, and the boot messages scroll the banner away). */
static char *
screen_text (Fixture *f)
{
  VteTerminal *terminal = VTE_TERMINAL (f->terminal);
  GtkAdjustment *adjustment = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (terminal));
  glong first = (glong) gtk_adjustment_get_lower (adjustment);
  glong last = (glong) gtk_adjustment_get_upper (adjustment) - 1;
  char *text;

  text = vte_terminal_get_text_range (terminal, first, 0, MAX (first, last),
                                      vte_terminal_get_column_count (terminal) - 1,
                                      NULL, NULL, NULL);
  return text != NULL ? text : g_strdup ("");
}

static guint
count (const char *text,
       const char *needle)
{
  guint n = 0;

  for (const char *p = text; (p = strstr (p, needle)) != NULL; p += strlen (needle))
    n++;
  return n;
}

typedef struct
{
  Fixture    *f;
  const char *after;   /* look only after the last occurrence of this */
  const char *needle;
} Expect;

static gboolean
text_appears (gpointer data)
{
  Expect *e = data;
  g_autofree char *text = screen_text (e->f);
  const char *from = text;

  if (e->after != NULL)
    {
      from = g_strrstr (text, e->after);
      if (from == NULL)
        return FALSE;
    }
  return strstr (from, e->needle) != NULL;
}

static void
expect (Fixture    *f,
        const char *after,
        const char *needle,
        guint       timeout_ms)
{
  Expect e = { f, after, needle };

  if (!app_test_wait (text_appears, &e, timeout_ms))
    {
      g_autofree char *text = screen_text (f);

      g_test_message ("The console shows:\n%s", text);
      g_error ("“%s” did not appear%s%s", needle, after != NULL ? " after " : "", after != NULL ? after : "");
    }
}

/* The router's prompt, pressing Enter now and then while it boots. */
static gboolean
prompt_shown (gpointer data)
{
  Fixture *f = data;
  g_autofree char *text = screen_text (f);
  /* A router without a startup configuration is "Router". */
  const char *prompt = "Router>";
  static gint64 last_enter;
  gint64 now = g_get_monotonic_time ();
  const char *banner = g_strrstr (text, "Connected to Dynamips VM");

  if (banner != NULL && strstr (banner, prompt) != NULL)
    return TRUE;
  if (now - last_enter > 2 * G_USEC_PER_SEC)
    {
      vte_terminal_feed_child (VTE_TERMINAL (f->terminal), "\r", 1);
      last_enter = now;
    }
  return FALSE;
}

static void
wait_prompt (Fixture *f)
{
  if (!app_test_wait (prompt_shown, f, BOOT_TIMEOUT_MS))
    {
      g_autofree char *text = screen_text (f);

      g_test_message ("The console shows:\n%s", text);
      g_error ("no prompt on the console");
    }
}

static gboolean
status_is (gpointer data)
{
  Fixture *f = data;
  WirelabNodeStatus wanted = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (f->router), "test-wanted"));

  return wirelab_node_get_status (f->router) == wanted;
}

static void
wait_status (Fixture           *f,
             WirelabNodeStatus  status)
{
  g_object_set_data (G_OBJECT (f->router), "test-wanted", GINT_TO_POINTER (status));
  if (!app_test_wait (status_is, f, BOOT_TIMEOUT_MS))
    g_error ("%s is %s, not %s: %s", wirelab_node_get_name (f->router),
             wirelab_node_status_to_string (wirelab_node_get_status (f->router)),
             wirelab_node_status_to_string (status), wirelab_node_get_status_message (f->router));
}

static gboolean
console_connected (gpointer data)
{
  Fixture *f = data;

  return wirelab_console_get_state (f->console) == WIRELAB_CONSOLE_CONNECTED;
}

static void
on_clipboard_text (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  char **out = user_data;

  *out = gdk_clipboard_read_text_finish (GDK_CLIPBOARD (source), result, NULL);
  if (*out == NULL)
    *out = g_strdup ("");
}

static gboolean
is_set (gpointer data)
{
  return *(char **) data != NULL;
}

static void
test_console_on_booted_router (void)
{
  g_autofree char *image = wirelab_find_image (WIRELAB_DEFAULT_IMAGE_FILE);
  g_autoptr(GError) error = NULL;
  g_autofree char *copied = NULL;
  g_autofree char *text = NULL;
  GdkClipboard *clipboard;
  GActionGroup *actions;
  WirelabLab *lab;
  guint banners;
  Fixture f = { 0 };

  if (image == NULL)
    {
      g_test_skip ("the router firmware wirelab-router.elf is not built");
      return;
    }

  f.window = app_test_new_window ();
  actions = G_ACTION_GROUP (f.window);
  lab = wirelab_window_get_lab (f.window);
  app_test_use_free_ports (lab);
  f.router = wirelab_lab_create_node (lab, WIRELAB_NODE_KIND_ROUTER, NULL, 0, 0, &error);
  g_assert_no_error (error);
  wirelab_canvas_select_node (wirelab_window_get_canvas (f.window), f.router, FALSE);

  /* Node → Console before the router runs: the tab waits for it. */
  g_action_group_activate_action (actions, "console", NULL);
  f.console = wirelab_console_dock_find (wirelab_window_get_console_dock (f.window), f.router);
  g_assert_nonnull (f.console);
  f.terminal = wirelab_console_get_terminal (f.console);
  g_assert_cmpint (wirelab_console_get_state (f.console), ==, WIRELAB_CONSOLE_STOPPED);

  /* Node → Start; the console connects by itself when the port listens. */
  g_action_group_activate_action (actions, "start", NULL);
  wait_status (&f, WIRELAB_NODE_STATUS_RUNNING);
  g_assert_cmpuint (wirelab_node_get_console (f.router), >, 0);
  g_assert_true (app_test_wait (console_connected, &f, 30000));
  expect (&f, NULL, "Connected to Dynamips VM \"R1\"", 30000);
  wait_prompt (&f);

  /* Typed into the terminal (VTE's commit → telnet → router). */
  vte_terminal_feed_child (VTE_TERMINAL (f.terminal), "show version\r", -1);
  /* (A log message may come between the prompt and the echo.) */
  expect (&f, "show version", "Wirelab Router Software", 30000);
  expect (&f, "show version", "Router uptime is", 30000);
  expect (&f, "uptime is", "Router>", 30000);

  /* term.copy (Ctrl+Shift+C) copies the selection (select-all takes the
   * screen: the end of show version). */
  vte_terminal_select_all (VTE_TERMINAL (f.terminal));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f.terminal), "term.copy", NULL));
  clipboard = gtk_widget_get_clipboard (GTK_WIDGET (f.terminal));
  gdk_clipboard_read_text_async (clipboard, NULL, on_clipboard_text, &copied);
  g_assert_true (app_test_wait (is_set, &copied, 5000));
  g_assert_nonnull (strstr (copied, "Configuration register is 0x2102"));
  vte_terminal_unselect_all (VTE_TERMINAL (f.terminal));

  /* term.paste (Ctrl+Shift+V) types the clipboard. */
  gdk_clipboard_set_text (clipboard, "show ip interface brief\n");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f.terminal), "term.paste", NULL));
  expect (&f, "show ip interface brief", "FastEthernet0/0", 30000);

  /* Node → Reload: the console drops and comes back on its own. */
  text = screen_text (&f);
  banners = count (text, "Connected to Dynamips VM");
  g_action_group_activate_action (actions, "reload", NULL);
  expect (&f, NULL, "[Connection closed]", 60000);
  wait_status (&f, WIRELAB_NODE_STATUS_RUNNING);
  {
    g_autofree char *banner = g_strdup_printf ("Connected to Dynamips VM");
    Expect e = { &f, "[Connection closed]", banner };

    if (!app_test_wait (text_appears, &e, 60000))
      g_error ("the console did not reconnect after the reload");
  }
  g_free (text);
  text = screen_text (&f);
  g_assert_cmpuint (count (text, "Connected to Dynamips VM"), >, banners);
  wait_prompt (&f);

  /* Node → Stop: the tab says so and waits. */
  g_action_group_activate_action (actions, "stop", NULL);
  wait_status (&f, WIRELAB_NODE_STATUS_STOPPED);
  expect (&f, NULL, "R1 stopped", 10000);
  g_assert_cmpint (wirelab_console_get_state (f.console), ==, WIRELAB_CONSOLE_STOPPED);

  app_test_close_window (f.window);
}

static gboolean
link_capturing (gpointer data)
{
  WirelabLink *link = data;

  return wirelab_link_get_capturing (link) ==
         GPOINTER_TO_INT (g_object_get_data (G_OBJECT (link), "test-wanted"));
}

static gboolean
all_running (gpointer data)
{
  GListModel *nodes = wirelab_lab_get_nodes (data);

  for (guint i = 0; i < g_list_model_get_n_items (nodes); i++)
    {
      g_autoptr(WirelabNode) node = g_list_model_get_item (nodes, i);

      if (wirelab_node_get_status (node) != WIRELAB_NODE_STATUS_RUNNING)
        return FALSE;
    }
  return TRUE;
}

static gboolean
capture_enabled (gpointer data)
{
  return g_action_group_get_action_enabled (data, "capture");
}

/* Node → Capture on the Link writes a pcap into the project's captures/. */
static void
test_capture (void)
{
  g_autofree char *image = wirelab_find_image (WIRELAB_DEFAULT_IMAGE_FILE);
  g_autofree char *dir = g_build_filename (app_test_tmpdir (), "capture-lab", NULL);
  g_autofree char *path = g_build_filename (dir, "capture-lab.wirelab", NULL);
  g_autofree char *captures = g_build_filename (dir, "captures", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  g_autofree char *pcap = NULL;
  gsize length = 0;
  WirelabWindow *window;
  GActionGroup *actions;
  WirelabLab *lab;
  WirelabNode *r1, *r2;
  WirelabLink *link;
  const char *capture_path;

  if (image == NULL)
    {
      g_test_skip ("the router firmware wirelab-router.elf is not built");
      return;
    }

  window = app_test_new_window ();
  actions = G_ACTION_GROUP (window);
  lab = wirelab_window_get_lab (window);
  app_test_use_free_ports (lab);
  r1 = wirelab_lab_create_node (lab, WIRELAB_NODE_KIND_ROUTER, NULL, 0, 0, &error);
  r2 = wirelab_lab_create_node (lab, WIRELAB_NODE_KIND_ROUTER, NULL, 200, 0, &error);
  g_assert_no_error (error);
  link = wirelab_lab_connect (lab, r1, "Ethernet1/0", r2, "Ethernet1/0", &error);
  g_assert_no_error (error);
  g_assert_cmpint (g_mkdir_with_parents (dir, 0755), ==, 0);
  wirelab_window_set_next_file (window, file);
  g_action_group_activate_action (actions, "save-as", NULL);
  g_assert_false (wirelab_lab_get_dirty (lab));

  g_action_group_activate_action (actions, "start-all", NULL);
  g_assert_true (app_test_wait (all_running, lab, BOOT_TIMEOUT_MS));

  wirelab_canvas_select_link (wirelab_window_get_canvas (window), link);
  app_test_wait (capture_enabled, actions, 10000);
  g_assert_true (g_action_group_get_action_enabled (actions, "capture"));
  g_object_set_data (G_OBJECT (link), "test-wanted", GINT_TO_POINTER (TRUE));
  g_action_group_change_action_state (actions, "capture", g_variant_new_boolean (TRUE));
  g_assert_true (app_test_wait (link_capturing, link, 30000));
  capture_path = wirelab_link_get_capture_path (link);
  g_test_message ("capturing into %s", capture_path);
  g_assert_true (g_str_has_prefix (capture_path, captures));
  g_assert_true (g_str_has_suffix (capture_path, ".pcap"));
  {
    g_autoptr(GVariant) state = g_action_group_get_action_state (actions, "capture");

    g_assert_true (g_variant_get_boolean (state));
  }

  g_object_set_data (G_OBJECT (link), "test-wanted", GINT_TO_POINTER (FALSE));
  g_action_group_change_action_state (actions, "capture", g_variant_new_boolean (FALSE));
  g_assert_true (app_test_wait (link_capturing, link, 30000));

  /* A pcap file: the libpcap magic and Ethernet (DLT 1) in its header. */
  g_assert_true (g_file_get_contents (wirelab_link_get_capture_path (link), &pcap, &length, NULL));
  g_assert_cmpuint (length, >=, 24);
  g_assert_true (memcmp (pcap, "\xd4\xc3\xb2\xa1", 4) == 0 || memcmp (pcap, "\xa1\xb2\xc3\xd4", 4) == 0);
  g_assert_true (pcap[20] == 1 || pcap[23] == 1);

  g_action_group_activate_action (actions, "stop-all", NULL);
  app_test_close_window (window);
}

int
main (int   argc,
      char *argv[])
{
  if (app_test_init (&argc, &argv))
    return 0;

  g_test_add_func ("/app/console/booted-router", test_console_on_booted_router);
  g_test_add_func ("/app/console/capture", test_capture);

  return app_test_finish (g_test_run ());
}
