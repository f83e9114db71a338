/* wirelab-window-run.c: the session, Node actions, captures, progress
 *
 * Copyright 2026 The Wirelab authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#define G_LOG_DOMAIN "wirelab-window-run"

#include "config.h"

#include <gio/gdesktopappinfo.h>
#include <glib/gi18n.h>
#include <string.h>

#include "wirelab-window-private.h"

#define PCAP_MIME_TYPE "application/vnd.tcpdump.pcap"

/* What waits for the session to be connected. */
typedef void (*Connected) (WirelabWindow *self,
                           gpointer       data);

typedef struct
{
  Connected      run;
  gpointer       data;
  GDestroyNotify destroy;
} Waiter;

static GQuark
waiters_quark (void)
{
  return g_quark_from_static_string ("wirelab-window-waiters");
}

static void
waiter_free (gpointer data)
{
  Waiter *waiter = data;

  if (waiter->destroy != NULL)
    waiter->destroy (waiter->data);
  g_free (waiter);
}

static GPtrArray *
waiters (WirelabWindow *self,
         gboolean       create)
{
  GPtrArray *array = g_object_get_qdata (G_OBJECT (self), waiters_quark ());

  if (array == NULL && create)
    {
      array = g_ptr_array_new_with_free_func (waiter_free);
      g_object_set_qdata_full (G_OBJECT (self), waiters_quark (), array,
                               (GDestroyNotify) g_ptr_array_unref);
    }
  return array;
}

static gboolean
session_connected (WirelabWindow *self)
{
  return self->session != NULL &&
         GPOINTER_TO_INT (g_object_get_data (G_OBJECT (self->session), "wirelab-connected"));
}

static void
when_connected (WirelabWindow  *self,
                Connected       run,
                gpointer        data,
                GDestroyNotify  destroy)
{
  Waiter *waiter;

  if (session_connected (self))
    {
      run (self, data);
      if (destroy != NULL)
        destroy (data);
      return;
    }
  waiter = g_new0 (Waiter, 1);
  waiter->run = run;
  waiter->data = data;
  waiter->destroy = destroy;
  g_ptr_array_add (waiters (self, TRUE), waiter);
}

static void
update_progress (WirelabWindow *self,
                 const char    *message)
{
  g_autofree char *text = NULL;

  if (self->operations == 0)
    {
      wirelab_status_panel_set_progress (self->status_panel, NULL, 0);
      return;
    }
  if (self->progress_total > 0)
    {
      /* Translators: "Starting the lab: 2 of 5 nodes — R3: starting". */
      text = g_strdup_printf (_("%u of %u nodes — %s"), self->progress_done, self->progress_total,
                              message != NULL ? message : "");
      wirelab_status_panel_set_progress (self->status_panel, text,
                                         (double) self->progress_done / self->progress_total);
    }
  else
    wirelab_status_panel_set_progress (self->status_panel, message != NULL ? message : "", -1);
}

static void
on_session_progress (WirelabSession *session,
                     WirelabNode    *node,
                     const char     *message,
                     WirelabWindow  *self)
{
  g_autofree char *text = NULL;

  if (node != NULL)
    text = g_strdup_printf ("%s: %s", wirelab_node_get_name (node), message);
  else
    text = g_strdup (message);
  update_progress (self, text);
}

static void
on_session_warning (WirelabSession *session,
                    const char     *message,
                    WirelabWindow  *self)
{
  wirelab_window_toast (self, message);
}

static void
on_hypervisor_lost (WirelabSession          *session,
                    WirelabHypervisorConfig *config,
                    WirelabWindow           *self)
{
  g_autofree char *text = NULL;

  /* Translators: %s is a hypervisor's name. */
  text = g_strdup_printf (_("Lost the connection to %s; its nodes are stopped. Reconnecting…"),
                          wirelab_hypervisor_config_get_display_name (config));
  wirelab_window_toast (self, text);
}

static void
on_connected (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(WirelabWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  GPtrArray *queue;

  if (!wirelab_session_connect_finish (WIRELAB_SESSION (source), result, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      if (WIRELAB_SESSION (source) == self->session)
        {
          g_autofree char *text = g_strdup_printf (_("Cannot start the hypervisor: %s"), error->message);

          wirelab_window_toast (self, text);
        }
      return;
    }
  if (WIRELAB_SESSION (source) != self->session)
    return;

  g_object_set_data (source, "wirelab-connected", GINT_TO_POINTER (TRUE));
  queue = waiters (self, FALSE);
  if (queue != NULL)
    {
      g_autoptr(GPtrArray) now = g_ptr_array_new_with_free_func (waiter_free);

      /* Waiters may queue more: run a snapshot. */
      for (guint i = 0; i < queue->len; i++)
        g_ptr_array_add (now, g_ptr_array_index (queue, i));
      g_ptr_array_set_free_func (queue, NULL);
      g_ptr_array_set_size (queue, 0);
      g_ptr_array_set_free_func (queue, waiter_free);
      for (guint i = 0; i < now->len; i++)
        {
          Waiter *waiter = g_ptr_array_index (now, i);

          waiter->run (self, waiter->data);
        }
    }
  _wirelab_window_update_run_actions (self);
}

static void
on_node_status (WirelabNode   *node,
                GParamSpec    *pspec,
                WirelabWindow *self)
{
  WirelabNodeStatus status = wirelab_node_get_status (node);

  if (status == WIRELAB_NODE_STATUS_RUNNING && self->progress_total > 0)
    {
      self->progress_done = MIN (self->progress_done + 1, self->progress_total);
      update_progress (self, NULL);
    }
  if (status == WIRELAB_NODE_STATUS_RUNNING &&
      wirelab_node_get_kind (node) == WIRELAB_NODE_KIND_ROUTER &&
      g_settings_get_boolean (self->settings, "console-on-start"))
    wirelab_console_dock_open (self->console_dock, node, FALSE);
  _wirelab_window_update_run_actions (self);
}

static void
watch_nodes (WirelabWindow *self)
{
  GListModel *nodes = wirelab_lab_get_nodes (self->lab);

  for (guint i = 0; i < g_list_model_get_n_items (nodes); i++)
    {
      g_autoptr(WirelabNode) node = g_list_model_get_item (nodes, i);

      if (g_object_get_data (G_OBJECT (node), "wirelab-window-watch") == self)
        continue;
      g_object_set_data (G_OBJECT (node), "wirelab-window-watch", self);
      g_signal_connect_object (node, "notify::status", G_CALLBACK (on_node_status), self, 0);
    }
}

static void
on_nodes_changed (GListModel    *nodes,
                  guint          position,
                  guint          removed,
                  guint          added,
                  WirelabWindow *self)
{
  watch_nodes (self);
  /* A deleted node's console goes with it. */
  if (removed > 0)
    {
      AdwTabView *view = wirelab_console_dock_get_tab_view (self->console_dock);

      for (int i = adw_tab_view_get_n_pages (view); i-- > 0;)
        {
          AdwTabPage *page = adw_tab_view_get_nth_page (view, i);
          WirelabConsole *console = WIRELAB_CONSOLE (adw_tab_page_get_child (page));
          WirelabNode *node = wirelab_console_get_node (console);

          if (wirelab_lab_find_node (self->lab, wirelab_node_get_id (node)) != node)
            adw_tab_view_close_page (view, page);
        }
    }
  _wirelab_window_update_run_actions (self);
}

static void
on_link_notify (WirelabWindow *self)
{
  _wirelab_window_update_run_actions (self);
}

static void
on_links_changed (GListModel    *links,
                  guint          position,
                  guint          removed,
                  guint          added,
                  WirelabWindow *self)
{
  for (guint i = position; i < position + added; i++)
    {
      g_autoptr(WirelabLink) link = g_list_model_get_item (links, i);

      g_signal_connect_object (link, "notify::capturing", G_CALLBACK (on_link_notify), self,
                               G_CONNECT_SWAPPED);
    }
}

void
_wirelab_window_start_session (WirelabWindow *self)
{
  GListModel *links = wirelab_lab_get_links (self->lab);

  g_assert (self->session == NULL);

  self->session = wirelab_session_new (self->lab);
  g_signal_connect_object (self->session, "progress", G_CALLBACK (on_session_progress), self, 0);
  g_signal_connect_object (self->session, "warning", G_CALLBACK (on_session_warning), self, 0);
  g_signal_connect_object (self->session, "hypervisor-lost", G_CALLBACK (on_hypervisor_lost), self, 0);

  g_signal_connect_object (wirelab_lab_get_nodes (self->lab), "items-changed",
                           G_CALLBACK (on_nodes_changed), self, 0);
  g_signal_connect_object (links, "items-changed", G_CALLBACK (on_links_changed), self, 0);
  on_links_changed (links, 0, 0, g_list_model_get_n_items (links), self);
  watch_nodes (self);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  self->operations = 0;
  self->progress_total = self->progress_done = 0;
  update_progress (self, NULL);

  wirelab_session_connect_async (self->session, self->cancellable, on_connected, g_object_ref (self));
  _wirelab_window_update_run_actions (self);
}

typedef struct
{
  GCallback done;
  gpointer  user_data;
} Shutdown;

static void
on_shutdown (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  Shutdown *shutdown = user_data;
  g_autoptr(GError) error = NULL;

  if (!wirelab_session_shutdown_finish (WIRELAB_SESSION (source), result, &error))
    g_warning ("Stopping the lab: %s", error->message);
  /* The session was kept alive by this callback's reference. */
  g_object_unref (source);
  ((void (*) (gpointer)) shutdown->done) (shutdown->user_data);
  g_free (shutdown);
}

void
_wirelab_window_shutdown_session (WirelabWindow *self,
                                  GCallback      done,
                                  gpointer       user_data)
{
  Shutdown *shutdown;
  WirelabSession *session = g_steal_pointer (&self->session);
  GPtrArray *queue = waiters (self, FALSE);

  if (queue != NULL)
    g_ptr_array_set_size (queue, 0);
  self->operations = 0;
  self->progress_total = self->progress_done = 0;
  if (self->status_panel != NULL)
    update_progress (self, NULL);

  if (session == NULL)
    {
      ((void (*) (gpointer)) done) (user_data);
      return;
    }

  g_signal_handlers_disconnect_by_data (session, self);
  shutdown = g_new0 (Shutdown, 1);
  shutdown->done = done;
  shutdown->user_data = user_data;
  /* Not the window's cancellable: the nodes must stop even when the
   * window goes. */
  wirelab_session_shutdown_async (session, NULL, on_shutdown, shutdown);
}

/* Node actions ------------------------------------------------------- */

/* Running a lab writes placement and console ports into it (so ports stay
 * the same next time).  A lab that was saved and clean before stays so:
 * those are written to its file at once, unless the user edited meanwhile. */
static void
operation_begins (WirelabWindow *self)
{
  if (self->operations == 0)
    self->clean_depth = wirelab_lab_get_file (self->lab) != NULL && !wirelab_lab_get_dirty (self->lab)
                        ? wirelab_history_get_undo_depth (wirelab_lab_get_history (self->lab)) + 1
                        : 0;
  self->operations++;
}

static void
operation_ends (WirelabWindow *self)
{
  if (self->operations > 0)
    self->operations--;
  if (self->operations > 0)
    return;

  self->progress_total = self->progress_done = 0;
  if (self->clean_depth > 0 && wirelab_lab_get_dirty (self->lab) &&
      wirelab_history_get_undo_depth (wirelab_lab_get_history (self->lab)) + 1 == self->clean_depth)
    {
      g_autoptr(GError) error = NULL;

      if (!wirelab_lab_save (self->lab, &error))
        g_warning ("Saving the placement of the nodes: %s", error->message);
    }
  self->clean_depth = 0;
}

typedef struct
{
  WirelabWindow *self;
  WirelabNode   *node;
} NodeOp;

static void
on_node_action_done (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  NodeOp *op = user_data;
  g_autoptr(WirelabWindow) self = op->self;
  g_autoptr(WirelabNode) node = op->node;
  g_autoptr(GError) error = NULL;

  g_free (op);
  if (!wirelab_session_node_action_finish (WIRELAB_SESSION (source), result, &error) &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    wirelab_window_toast (self, error->message);

  if (self->session == WIRELAB_SESSION (source))
    operation_ends (self);
  update_progress (self, NULL);
  _wirelab_window_update_run_actions (self);
}

typedef struct
{
  GPtrArray         *nodes;
  WirelabNodeAction  action;
} NodeBatch;

static void
node_batch_free (gpointer data)
{
  NodeBatch *batch = data;

  g_ptr_array_unref (batch->nodes);
  g_free (batch);
}

static void
run_node_action (WirelabWindow *self,
                 gpointer       data)
{
  NodeBatch *batch = data;

  for (guint i = 0; i < batch->nodes->len; i++)
    {
      NodeOp *op = g_new0 (NodeOp, 1);

      op->self = g_object_ref (self);
      op->node = g_object_ref (g_ptr_array_index (batch->nodes, i));
      operation_begins (self);
      wirelab_session_node_action_async (self->session, op->node, batch->action, self->cancellable,
                                         on_node_action_done, op);
    }
  update_progress (self, NULL);
}

static void
node_action (WirelabWindow     *self,
             WirelabNodeAction  action)
{
  g_autoptr(GPtrArray) selected = wirelab_canvas_get_selected_nodes (self->canvas);
  NodeBatch *batch;

  if (selected == NULL || selected->len == 0 || self->session == NULL)
    return;

  batch = g_new0 (NodeBatch, 1);
  batch->action = action;
  batch->nodes = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < selected->len; i++)
    g_ptr_array_add (batch->nodes, g_object_ref (g_ptr_array_index (selected, i)));
  if (action == WIRELAB_NODE_ACTION_START && batch->nodes->len > 1)
    {
      self->progress_total = batch->nodes->len;
      self->progress_done = 0;
    }
  when_connected (self, run_node_action, batch, node_batch_free);
}

static void
start_activated (GSimpleAction *action,
                 GVariant      *param,
                 gpointer       user_data)
{
  node_action (user_data, WIRELAB_NODE_ACTION_START);
}

static void
stop_activated (GSimpleAction *action,
                GVariant      *param,
                gpointer       user_data)
{
  node_action (user_data, WIRELAB_NODE_ACTION_STOP);
}

static void
suspend_activated (GSimpleAction *action,
                   GVariant      *param,
                   gpointer       user_data)
{
  node_action (user_data, WIRELAB_NODE_ACTION_SUSPEND);
}

static void
reload_activated (GSimpleAction *action,
                  GVariant      *param,
                  gpointer       user_data)
{
  node_action (user_data, WIRELAB_NODE_ACTION_RELOAD);
}

static void
on_all_done (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(WirelabWindow) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!wirelab_session_all_action_finish (WIRELAB_SESSION (source), result, &error) &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    wirelab_window_toast (self, error->message);

  if (self->session == WIRELAB_SESSION (source))
    operation_ends (self);
  update_progress (self, NULL);
  _wirelab_window_update_run_actions (self);
}

static void
run_all_action (WirelabWindow *self,
                gpointer       data)
{
  WirelabNodeAction action = GPOINTER_TO_INT (data);

  operation_begins (self);
  wirelab_session_all_action_async (self->session, action, self->cancellable, on_all_done,
                                    g_object_ref (self));
  update_progress (self, action == WIRELAB_NODE_ACTION_START ? _("Starting the lab…")
                                                             : _("Stopping the lab…"));
  _wirelab_window_update_run_actions (self);
}

static void
all_action (WirelabWindow     *self,
            WirelabNodeAction  action)
{
  GListModel *nodes = wirelab_lab_get_nodes (self->lab);

  if (self->session == NULL || g_list_model_get_n_items (nodes) == 0)
    return;

  if (action == WIRELAB_NODE_ACTION_START)
    {
      self->progress_total = 0;
      self->progress_done = 0;
      for (guint i = 0; i < g_list_model_get_n_items (nodes); i++)
        {
          g_autoptr(WirelabNode) node = g_list_model_get_item (nodes, i);

          self->progress_total++;
          if (wirelab_node_get_status (node) == WIRELAB_NODE_STATUS_RUNNING)
            self->progress_done++;
        }
    }
  when_connected (self, run_all_action, GINT_TO_POINTER (action), NULL);
}

static void
start_all_activated (GSimpleAction *action,
                     GVariant      *param,
                     gpointer       user_data)
{
  all_action (user_data, WIRELAB_NODE_ACTION_START);
}

static void
stop_all_activated (GSimpleAction *action,
                    GVariant      *param,
                    gpointer       user_data)
{
  all_action (user_data, WIRELAB_NODE_ACTION_STOP);
}

static void
suspend_all_activated (GSimpleAction *action,
                       GVariant      *param,
                       gpointer       user_data)
{
  all_action (user_data, WIRELAB_NODE_ACTION_SUSPEND);
}

static gboolean
has_console (WirelabNode *node)
{
  WirelabNodeKind kind = wirelab_node_get_kind (node);

  return kind == WIRELAB_NODE_KIND_ROUTER || kind == WIRELAB_NODE_KIND_VPCS;
}

static void
console_activated (GSimpleAction *action,
                   GVariant      *param,
                   gpointer       user_data)
{
  WirelabWindow *self = user_data;
  g_autoptr(GPtrArray) selected = wirelab_canvas_get_selected_nodes (self->canvas);
  gboolean first = TRUE;

  gtk_widget_set_visible (GTK_WIDGET (self->console_dock), TRUE);
  for (guint i = 0; selected != NULL && i < selected->len; i++)
    {
      WirelabNode *node = g_ptr_array_index (selected, i);

      if (!has_console (node))
        continue;
      wirelab_console_dock_open (self->console_dock, node, first);
      first = FALSE;
    }
}

static void
console_all_activated (GSimpleAction *action,
                       GVariant      *param,
                       gpointer       user_data)
{
  WirelabWindow *self = user_data;
  GListModel *nodes = wirelab_lab_get_nodes (self->lab);
  gboolean first = TRUE;

  gtk_widget_set_visible (GTK_WIDGET (self->console_dock), TRUE);
  for (guint i = 0; i < g_list_model_get_n_items (nodes); i++)
    {
      g_autoptr(WirelabNode) node = g_list_model_get_item (nodes, i);

      if (!has_console (node))
        continue;
      wirelab_console_dock_open (self->console_dock, node, first);
      first = FALSE;
    }
}

/* Captures ------------------------------------------------------------ */

static char *
captures_dir (WirelabWindow *self,
              WirelabLink   *link)
{
  g_autofree char *project = NULL;

  if (link != NULL && wirelab_link_get_capture_path (link) != NULL &&
      *wirelab_link_get_capture_path (link) != '\0')
    return g_path_get_dirname (wirelab_link_get_capture_path (link));
  project = wirelab_lab_dup_project_dir (self->lab);
  return project != NULL ? g_build_filename (project, "captures", NULL) : NULL;
}

static void
open_folder (WirelabWindow *self,
             const char    *dir)
{
  g_autoptr(GFile) file = g_file_new_for_path (dir);
  g_autofree char *uri = g_file_get_uri (file);

  gtk_show_uri (GTK_WINDOW (self), uri, GDK_CURRENT_TIME);
}

static void
open_captures_activated (GSimpleAction *action,
                         GVariant      *param,
                         gpointer       user_data)
{
  WirelabWindow *self = user_data;
  g_autofree char *dir = captures_dir (self, wirelab_canvas_get_selected_link (self->canvas));

  if (dir == NULL)
    {
      wirelab_window_toast (self, _("Save the lab first: captures go into its project folder"));
      return;
    }
  g_mkdir_with_parents (dir, 0755);
  open_folder (self, dir);
}

/* Wireshark, or whatever opens pcap files here; NULL when nothing does. */
static GAppInfo *
find_pcap_reader (void)
{
  GList *apps = g_app_info_get_all_for_type (PCAP_MIME_TYPE);
  GAppInfo *found = NULL;
  const char *ids[] = { "org.wireshark.Wireshark.desktop", "wireshark.desktop" };

  for (GList *l = apps; l != NULL && found == NULL; l = l->next)
    {
      const char *id = g_app_info_get_id (l->data);

      if (id != NULL && strstr (id, "ireshark") != NULL)
        found = g_object_ref (l->data);
    }
  if (found == NULL && apps != NULL)
    found = g_object_ref (apps->data);
  g_list_free_full (apps, g_object_unref);

  for (guint i = 0; found == NULL && i < G_N_ELEMENTS (ids); i++)
    found = G_APP_INFO (g_desktop_app_info_new (ids[i]));
  return found;
}

static void
show_capture (WirelabWindow *self,
              WirelabLink   *link)
{
  const char *path = wirelab_link_get_capture_path (link);
  g_autoptr(GAppInfo) reader = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  AdwToast *toast;

  if (path == NULL || *path == '\0')
    return;

  reader = find_pcap_reader ();
  if (reader != NULL)
    {
      g_autoptr(GFile) file = g_file_new_for_path (path);
      GList files = { file, NULL, NULL };
      g_autoptr(GdkAppLaunchContext) context =
        gdk_display_get_app_launch_context (gtk_widget_get_display (GTK_WIDGET (self)));

      if (g_app_info_launch (reader, &files, G_APP_LAUNCH_CONTEXT (context), &error))
        return;
      g_debug ("Cannot start %s: %s", g_app_info_get_name (reader), error->message);
    }

  /* Translators: %s is the path of a .pcap file. */
  text = g_strdup_printf (_("Capturing into %s"), path);
  toast = adw_toast_new (text);
  adw_toast_set_timeout (toast, 10);
  adw_toast_set_button_label (toast, _("Open Folder"));
  adw_toast_set_action_name (toast, "win.open-captures");
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

typedef struct
{
  WirelabWindow *self;
  WirelabLink   *link;
  gboolean       start;
} CaptureOp;

static void
on_capture_done (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  CaptureOp *op = user_data;
  g_autoptr(WirelabWindow) self = op->self;
  g_autoptr(WirelabLink) link = op->link;
  gboolean start = op->start;
  g_autoptr(GError) error = NULL;

  g_free (op);
  if (!wirelab_session_capture_finish (WIRELAB_SESSION (source), result, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        wirelab_window_toast (self, error->message);
    }
  else if (start)
    show_capture (self, link);
  _wirelab_window_update_run_actions (self);
}

static void
capture_changed (GSimpleAction *action,
                 GVariant      *state,
                 gpointer       user_data)
{
  WirelabWindow *self = user_data;
  WirelabLink *link = wirelab_canvas_get_selected_link (self->canvas);
  CaptureOp *op;

  if (link == NULL || self->session == NULL)
    return;

  op = g_new0 (CaptureOp, 1);
  op->self = g_object_ref (self);
  op->link = g_object_ref (link);
  op->start = g_variant_get_boolean (state);
  wirelab_session_capture_async (self->session, link, op->start, self->cancellable,
                                 on_capture_done, op);
}

void
_wirelab_window_update_run_actions (WirelabWindow *self)
{
  g_autoptr(GPtrArray) selected = NULL;
  gboolean any = FALSE, startable = FALSE, stoppable = FALSE, suspendable = FALSE;
  gboolean consoles = FALSE, all_consoles = FALSE, any_running = FALSE, any_stopped = FALSE;
  WirelabLink *link;
  GListModel *nodes;
  GAction *capture;
  gboolean have_session;

  if (self->lab == NULL || self->canvas == NULL)
    return;

  have_session = self->session != NULL;
  selected = wirelab_canvas_get_selected_nodes (self->canvas);
  for (guint i = 0; selected != NULL && i < selected->len; i++)
    {
      WirelabNode *node = g_ptr_array_index (selected, i);
      WirelabNodeStatus status = wirelab_node_get_status (node);

      any = TRUE;
      if (status == WIRELAB_NODE_STATUS_STOPPED || status == WIRELAB_NODE_STATUS_SUSPENDED)
        startable = TRUE;
      if (status != WIRELAB_NODE_STATUS_STOPPED)
        stoppable = TRUE;
      if (status == WIRELAB_NODE_STATUS_RUNNING)
        suspendable = TRUE;
      if (has_console (node))
        consoles = TRUE;
    }

  nodes = wirelab_lab_get_nodes (self->lab);
  for (guint i = 0; i < g_list_model_get_n_items (nodes); i++)
    {
      g_autoptr(WirelabNode) node = g_list_model_get_item (nodes, i);

      if (wirelab_node_get_status (node) == WIRELAB_NODE_STATUS_STOPPED)
        any_stopped = TRUE;
      else
        any_running = TRUE;
      if (has_console (node))
        all_consoles = TRUE;
    }

  _wirelab_window_set_enabled (self, "start", have_session && any && startable);
  _wirelab_window_set_enabled (self, "stop", have_session && any && stoppable);
  _wirelab_window_set_enabled (self, "suspend", have_session && any && suspendable);
  _wirelab_window_set_enabled (self, "reload", have_session && any && stoppable);
  _wirelab_window_set_enabled (self, "console", consoles);
  _wirelab_window_set_enabled (self, "console-all", all_consoles);
  /* Not twice at once: Start All already works through the list. */
  _wirelab_window_set_enabled (self, "start-all", have_session && any_stopped && self->operations == 0);
  _wirelab_window_set_enabled (self, "stop-all", have_session && any_running);
  _wirelab_window_set_enabled (self, "suspend-all", have_session && any_running);

  link = wirelab_canvas_get_selected_link (self->canvas);
  capture = g_action_map_lookup_action (G_ACTION_MAP (self), "capture");
  g_simple_action_set_enabled (G_SIMPLE_ACTION (capture),
                               have_session && link != NULL && wirelab_link_get_deployed (link));
  g_simple_action_set_state (G_SIMPLE_ACTION (capture),
                             g_variant_new_boolean (link != NULL && wirelab_link_get_capturing (link)));
}

static const GActionEntry run_entries[] = {
  { "start", start_activated },
  { "stop", stop_activated },
  { "suspend", suspend_activated },
  { "reload", reload_activated },
  { "console", console_activated },
  { "console-all", console_all_activated },
  { "start-all", start_all_activated },
  { "stop-all", stop_all_activated },
  { "suspend-all", suspend_all_activated },
  { "capture", NULL, NULL, "false", capture_changed },
  { "open-captures", open_captures_activated },
};

void
_wirelab_window_init_run (WirelabWindow *self)
{
  g_action_map_add_action_entries (G_ACTION_MAP (self), run_entries, G_N_ELEMENTS (run_entries), self);
}
