/* wirelab-session.c: a running lab: hypervisor connections, liveness and
 * the queue of operations
 *
 * Copyright 2026 The Wirelab authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#define G_LOG_DOMAIN "wirelab-session"

#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <glib/gstdio.h>

#include "wirelab/wirelab-paths.h"
#include "wl-session-private.h"

/* Liveness: a hypervisor that does not answer `hypervisor version` on its
 * own connection within BEAT_TIMEOUT of a probe sent every BEAT_INTERVAL is
 * lost, so a hung one is noticed within 2 s; a closed one at once. */
#define BEAT_INTERVAL_MS 500
#define BEAT_TIMEOUT_MS  1500
#define RETRY_MS         2000

G_DEFINE_FINAL_TYPE (WirelabSession, wirelab_session, G_TYPE_OBJECT)

G_DEFINE_ENUM_TYPE (WirelabNodeAction, wirelab_node_action,
  G_DEFINE_ENUM_VALUE (WIRELAB_NODE_ACTION_START, "start"),
  G_DEFINE_ENUM_VALUE (WIRELAB_NODE_ACTION_STOP, "stop"),
  G_DEFINE_ENUM_VALUE (WIRELAB_NODE_ACTION_SUSPEND, "suspend"),
  G_DEFINE_ENUM_VALUE (WIRELAB_NODE_ACTION_RELOAD, "reload"))

enum {
  PROP_0,
  PROP_LAB,
  N_PROPS
};

enum {
  SIGNAL_PROGRESS,
  SIGNAL_WARNING,
  SIGNAL_HYPERVISOR_LOST,
  SIGNAL_HYPERVISOR_CONNECTED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

typedef struct
{
  GTask   *task;
  WlOpRun  run;
} Op;


/* ---- state records ---- */

void
_wl_session_drop_client (WirelabClient **slot,
                         gulong         *handler)
{
  g_autoptr(WirelabClient) client = g_steal_pointer (slot);

  if (client == NULL)
    return;
  g_clear_signal_handler (handler, client);
  wirelab_client_close (client);
}

static void
hv_state_free (gpointer data)
{
  HvState *hv = data;

  g_clear_handle_id (&hv->beat_source, g_source_remove);
  g_clear_handle_id (&hv->retry_source, g_source_remove);
  if (hv->cancellable != NULL)
    g_cancellable_cancel (hv->cancellable);
  g_clear_object (&hv->cancellable);
  /* The session may go away inside a reply callback of these clients. */
  _wl_session_drop_client (&hv->client, &hv->closed_id);
  _wl_session_drop_client (&hv->beat, &hv->beat_closed_id);
  if (hv->embedded != NULL)
    {
      wirelab_hypervisor_shutdown (hv->embedded);
      g_clear_object (&hv->embedded);
    }
  g_clear_pointer (&hv->host, wl_host_info_free);
  g_clear_object (&hv->config);
  g_free (hv);
}

void
_wl_node_state_free (gpointer data)
{
  NodeState *ns = data;

  if (ns->vpcs != NULL)
    wl_vpcs_stop (ns->vpcs, NULL, NULL);
  g_clear_pointer (&ns->vcs, g_hash_table_unref);
  g_free (ns->obj);
  g_free (ns->mac_read);
  g_clear_object (&ns->node);
  g_free (ns);
}

void
_wl_link_state_free (gpointer data)
{
  LinkState *ls = data;

  for (guint e = 0; e < 2; e++)
    {
      g_free (ls->end[e].nio);
      g_free (ls->end[e].host_key);
    }
  g_clear_object (&ls->link);
  g_free (ls);
}

/* ---- GObject ---- */

static void
wirelab_session_dispose (GObject *object)
{
  WirelabSession *self = WIRELAB_SESSION (object);

  g_cancellable_cancel (self->cancellable);
  if (self->lab != NULL)
    {
      g_signal_handlers_disconnect_by_data (wirelab_lab_get_hypervisors (self->lab), self);
      g_signal_handlers_disconnect_by_data (wirelab_lab_get_links (self->lab), self);
      g_signal_handlers_disconnect_by_data (wirelab_lab_get_nodes (self->lab), self);
    }
  if (self->links != NULL)
    {
      GHashTableIter iter;
      gpointer key;

      g_hash_table_iter_init (&iter, self->links);
      while (g_hash_table_iter_next (&iter, &key, NULL))
        g_signal_handlers_disconnect_by_data (key, self);
    }
  if (self->nodes != NULL)
    {
      GHashTableIter iter;
      gpointer key;

      g_hash_table_iter_init (&iter, self->nodes);
      while (g_hash_table_iter_next (&iter, &key, NULL))
        g_signal_handlers_disconnect_by_data (key, self);
    }
  g_clear_pointer (&self->links, g_hash_table_unref);
  g_clear_pointer (&self->nodes, g_hash_table_unref);
  g_clear_pointer (&self->hvs, g_ptr_array_unref);
  g_clear_object (&self->lab);

  G_OBJECT_CLASS (wirelab_session_parent_class)->dispose (object);
}

static void
remove_tree (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);

      if (g_file_test (path, G_FILE_TEST_IS_DIR) && !g_file_test (path, G_FILE_TEST_IS_SYMLINK))
        remove_tree (path);
      else
        g_unlink (path);
    }
  g_rmdir (dir);
}

static void
wirelab_session_finalize (GObject *object)
{
  WirelabSession *self = WIRELAB_SESSION (object);

  g_warn_if_fail (g_queue_is_empty (&self->ops));
  wl_ports_free (self->ports);
  g_hash_table_unref (self->nios);
  g_free (self->vpcs_program);
  if (self->tmp_workdir != NULL)
    remove_tree (self->tmp_workdir);
  g_free (self->tmp_workdir);
  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (wirelab_session_parent_class)->finalize (object);
}

static void
wirelab_session_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  WirelabSession *self = WIRELAB_SESSION (object);

  switch (prop_id)
    {
    case PROP_LAB:
      g_value_set_object (value, self->lab);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
wirelab_session_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  WirelabSession *self = WIRELAB_SESSION (object);

  switch (prop_id)
    {
    case PROP_LAB:
      self->lab = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
wirelab_session_constructed (GObject *object)
{
  WirelabSession *self = WIRELAB_SESSION (object);

  G_OBJECT_CLASS (wirelab_session_parent_class)->constructed (object);

  g_return_if_fail (WIRELAB_IS_LAB (self->lab));

  _wl_session_watch_lab (self);
}

static void
wirelab_session_class_init (WirelabSessionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = wirelab_session_dispose;
  object_class->finalize = wirelab_session_finalize;
  object_class->get_property = wirelab_session_get_property;
  object_class->set_property = wirelab_session_set_property;
  object_class->constructed = wirelab_session_constructed;

  properties[PROP_LAB] =
    g_param_spec_object ("lab", NULL, NULL, WIRELAB_TYPE_LAB,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* (node or NULL, message): what is happening, for a status panel. */
  signals[SIGNAL_PROGRESS] =
    g_signal_new ("progress", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2, WIRELAB_TYPE_NODE, G_TYPE_STRING);
  /* (message): something works but deserves attention (a localhost
   * hypervisor linked to a remote one, a filter a hypervisor lacks …). */
  signals[SIGNAL_WARNING] =
    g_signal_new ("warning", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_STRING);
  signals[SIGNAL_HYPERVISOR_LOST] =
    g_signal_new ("hypervisor-lost", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 1, WIRELAB_TYPE_HYPERVISOR_CONFIG);
  signals[SIGNAL_HYPERVISOR_CONNECTED] =
    g_signal_new ("hypervisor-connected", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL,
                  NULL, NULL, G_TYPE_NONE, 1, WIRELAB_TYPE_HYPERVISOR_CONFIG);
}

static void
wirelab_session_init (WirelabSession *self)
{
  self->hvs = g_ptr_array_new_with_free_func (hv_state_free);
  self->nodes = g_hash_table_new_full (NULL, NULL, NULL, _wl_node_state_free);
  self->links = g_hash_table_new_full (NULL, NULL, NULL, _wl_link_state_free);
  self->ports = wl_ports_new ();
  /* Kept by id, not with the connection: what was made on a hypervisor
   * that went away is deleted when it comes back. */
  self->nios = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                      (GDestroyNotify) g_hash_table_unref);
  self->local_percent = 80;
  self->cancellable = g_cancellable_new ();
  g_queue_init (&self->ops);
}

WirelabSession *
wirelab_session_new (WirelabLab *lab)
{
  g_return_val_if_fail (WIRELAB_IS_LAB (lab), NULL);
  return g_object_new (WIRELAB_TYPE_SESSION, "lab", lab, NULL);
}

WirelabLab *
wirelab_session_get_lab (WirelabSession *self)
{
  g_return_val_if_fail (WIRELAB_IS_SESSION (self), NULL);
  return self->lab;
}

void
wirelab_session_set_local_memory_percent (WirelabSession *self,
                                          guint           percent)
{
  g_return_if_fail (WIRELAB_IS_SESSION (self));
  g_return_if_fail (percent > 0 && percent <= 100);
  self->local_percent = percent;
}

void
wirelab_session_set_vpcs_program (WirelabSession *self,
                                  const char     *path)
{
  g_return_if_fail (WIRELAB_IS_SESSION (self));
  g_free (self->vpcs_program);
  self->vpcs_program = g_strdup (path);
}

guint16
wirelab_session_get_local_port (WirelabSession *self)
{
  HvState *hv;

  g_return_val_if_fail (WIRELAB_IS_SESSION (self), 0);
  hv = _wl_session_find_hv (self, WIRELAB_HYPERVISOR_LOCAL_ID);
  return hv != NULL && hv->embedded != NULL ? hv->port : 0;
}

/* ---- internal accessors ---- */

WirelabLab *
_wl_session_lab (WirelabSession *self)
{
  return self->lab;
}

WlPorts *
_wl_session_ports (WirelabSession *self)
{
  return self->ports;
}

GPtrArray *
_wl_session_hvs (WirelabSession *self)
{
  return self->hvs;
}

const char *
_wl_session_vpcs_program (WirelabSession *self)
{
  return self->vpcs_program;
}

HvState *
_wl_session_find_hv (WirelabSession *self,
                     const char     *id)
{
  for (guint i = 0; self->hvs != NULL && i < self->hvs->len; i++)
    {
      HvState *hv = g_ptr_array_index (self->hvs, i);

      if (g_strcmp0 (wirelab_hypervisor_config_get_id (hv->config), id) == 0)
        return hv;
    }
  return NULL;
}

NodeState *
_wl_session_node_state (WirelabSession *self,
                        WirelabNode    *node)
{
  return self->nodes != NULL ? g_hash_table_lookup (self->nodes, node) : NULL;
}

LinkState *
_wl_session_link_state (WirelabSession *self,
                        WirelabLink    *link)
{
  return self->links != NULL ? g_hash_table_lookup (self->links, link) : NULL;
}

void
_wl_session_progress (WirelabSession *self,
                      WirelabNode    *node,
                      const char     *format,
                      ...)
{
  g_autofree char *msg = NULL;
  va_list args;

  va_start (args, format);
  msg = g_strdup_vprintf (format, args);
  va_end (args);
  g_debug ("%s%s%s", node != NULL ? wirelab_node_get_name (node) : "", node != NULL ? ": " : "", msg);
  g_signal_emit (self, signals[SIGNAL_PROGRESS], 0, node, msg);
}

void
_wl_session_warning (WirelabSession *self,
                     const char     *format,
                     ...)
{
  g_autofree char *msg = NULL;
  va_list args;

  va_start (args, format);
  msg = g_strdup_vprintf (format, args);
  va_end (args);
  g_debug ("warning: %s", msg);
  g_signal_emit (self, signals[SIGNAL_WARNING], 0, msg);
}

void
_wl_session_emit_hypervisor (WirelabSession          *self,
                             WirelabHypervisorConfig *config,
                             gboolean                 connected)
{
  g_signal_emit (self, signals[connected ? SIGNAL_HYPERVISOR_CONNECTED : SIGNAL_HYPERVISOR_LOST], 0, config);
}

char *
_wl_session_project_subdir (WirelabSession *self,
                            const char     *name)
{
  g_autofree char *dir = wirelab_lab_dup_project_dir (self->lab);
  char *sub;

  if (dir == NULL)
    {
      /* An unsaved lab works in a directory of its own, removed with the
       * session. */
      if (self->tmp_workdir == NULL)
        self->tmp_workdir = g_dir_make_tmp ("wirelab-unsaved-XXXXXX", NULL);
      if (self->tmp_workdir == NULL)
        return NULL;
      dir = g_strdup (self->tmp_workdir);
    }
  /* Never bring back a project directory that was removed. */
  if (!g_file_test (dir, G_FILE_TEST_IS_DIR))
    return NULL;
  sub = g_build_filename (dir, name, NULL);
  if (g_mkdir_with_parents (sub, 0755) != 0)
    {
      g_warning ("Cannot create %s: %s", sub, g_strerror (errno));
      g_free (sub);
      return NULL;
    }
  return sub;
}

char *
_wl_session_image_path (WirelabSession *self,
                        WirelabImage   *image,
                        HvState        *hv)
{
  const char *path = wirelab_image_get_path (image);
  char *found;

  /* This machine, under any of its names or loopback aliases, shares our
   * image directories; another host has its own. */
  if (g_path_is_absolute (path) || hv->host == NULL ||
      !(g_str_equal (hv->host->key, WL_HOST_LOCAL) || hv->host->loopback))
    return g_strdup (path);
  found = wirelab_find_image (path);
  return found != NULL ? found : g_strdup (path);
}

/* Runtime figures of every hypervisor config, for the status panel. */
void
_wl_session_update_loads (WirelabSession *self)
{
  for (guint i = 0; i < self->hvs->len; i++)
    {
      HvState *hv = g_ptr_array_index (self->hvs, i);
      GHashTableIter iter;
      gpointer value;
      guint ram = 0, count = 0;

      g_hash_table_iter_init (&iter, self->nodes);
      while (g_hash_table_iter_next (&iter, NULL, &value))
        {
          NodeState *ns = value;

          if (ns->deployed && ns->hv == hv)
            {
              ram += wirelab_node_get_effective_ram (ns->node);
              count++;
            }
        }
      _wirelab_hypervisor_config_set_runtime (hv->config, hv->connected, ram, count,
                                              hv->limit_mb == G_MAXUINT ? 0 : hv->limit_mb);
    }
}

/* ---- the operation queue ---- */

static void
run_next_op (WirelabSession *self)
{
  Op *op;

  if (self->op_running)
    return;
  op = g_queue_pop_head (&self->ops);
  if (op == NULL)
    return;
  self->op_running = TRUE;
  op->run (self, op->task);
  g_object_unref (op->task);
  g_free (op);
}

void
_wl_session_queue_op (WirelabSession *self,
                      GTask          *task,
                      WlOpRun         run)
{
  Op *op = g_new0 (Op, 1);

  op->task = g_object_ref (task);
  op->run = run;
  g_queue_push_tail (&self->ops, op);
  run_next_op (self);
}

void
_wl_session_op_done (WirelabSession *self)
{
  self->op_running = FALSE;
  run_next_op (self);
}
/* ---- shutdown ---- */

typedef struct
{
  guint vpcs_left;
  gboolean txn_done;
} Shutdown;

static void
shutdown_maybe_done (GTask *task)
{
  WirelabSession *self = g_task_get_source_object (task);
  Shutdown *sd = g_task_get_task_data (task);

  if (!sd->txn_done || sd->vpcs_left > 0)
    return;

  self->shut_down = TRUE;
  for (guint i = 0; i < self->hvs->len; i++)
    {
      HvState *hv = g_ptr_array_index (self->hvs, i);

      g_clear_handle_id (&hv->beat_source, g_source_remove);
      g_clear_handle_id (&hv->retry_source, g_source_remove);
      if (hv->cancellable != NULL)
        g_cancellable_cancel (hv->cancellable);
      _wl_session_drop_client (&hv->client, &hv->closed_id);
      _wl_session_drop_client (&hv->beat, &hv->beat_closed_id);
      if (hv->embedded != NULL)
        {
          wirelab_hypervisor_shutdown (hv->embedded);
          g_clear_object (&hv->embedded);
        }
      hv->connected = FALSE;
      hv->connecting = FALSE;
      _wirelab_hypervisor_config_set_status_message (hv->config, "Disconnected");
    }
  _wl_session_update_loads (self);
  g_task_return_boolean (task, TRUE);
  _wl_session_op_done (self);
  g_object_unref (task);
}

static void
on_shutdown_vpcs_gone (gpointer data)
{
  GTask *task = data;
  Shutdown *sd = g_task_get_task_data (task);

  sd->vpcs_left--;
  shutdown_maybe_done (task);
}

static void
on_shutdown_txn_done (GObject      *source,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  GTask *task = user_data;
  Shutdown *sd = g_task_get_task_data (task);

  wl_txn_run_finish (result, NULL);
  sd->txn_done = TRUE;
  shutdown_maybe_done (task);
}

static void
run_shutdown (WirelabSession *self,
              GTask          *task)
{
  Shutdown *sd = g_new0 (Shutdown, 1);
  GListModel *nodes = wirelab_lab_get_nodes (self->lab);
  GListModel *links = wirelab_lab_get_links (self->lab);
  WlTxn *txn = wl_txn_new (NULL);

  g_task_set_task_data (task, sd, g_free);
  g_object_ref (task);

  /* Stop (keeping router configurations), then delete links, then nodes. */
  for (guint i = 0; i < g_list_model_get_n_items (nodes); i++)
    {
      g_autoptr(WirelabNode) node = g_list_model_get_item (nodes, i);
      NodeState *ns = _wl_session_node_state (self, node);
      WirelabNodeStatus status = wirelab_node_get_status (node);

      if (ns == NULL)
        continue;
      if (ns->vpcs != NULL)
        {
          sd->vpcs_left++;
          wl_vpcs_stop (g_steal_pointer (&ns->vpcs), on_shutdown_vpcs_gone, task);
        }
      if (ns->deployed && ns->hv != NULL && ns->hv->connected &&
          wirelab_node_get_kind (node) == WIRELAB_NODE_KIND_ROUTER &&
          (status == WIRELAB_NODE_STATUS_RUNNING || status == WIRELAB_NODE_STATUS_SUSPENDED ||
           status == WIRELAB_NODE_STATUS_STARTING))
        _wl_session_add_router_stop (self, ns, txn);
    }
  for (guint i = 0; i < g_list_model_get_n_items (links); i++)
    {
      g_autoptr(WirelabLink) link = g_list_model_get_item (links, i);
      LinkState *ls = _wl_session_link_state (self, link);

      if (ls != NULL && ls->deployed)
        _wl_session_undeploy_link (self, ls, txn);
    }
  for (guint i = 0; i < g_list_model_get_n_items (nodes); i++)
    {
      g_autoptr(WirelabNode) node = g_list_model_get_item (nodes, i);
      NodeState *ns = _wl_session_node_state (self, node);

      if (ns != NULL && ns->deployed)
        _wl_session_undeploy_node (self, ns, txn);
      _wirelab_node_set_status (node, WIRELAB_NODE_STATUS_STOPPED);
    }
  wl_txn_run_async (txn, on_shutdown_txn_done, task);
}

void
wirelab_session_shutdown_async (WirelabSession      *self,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (WIRELAB_IS_SESSION (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, wirelab_session_shutdown_async);
  _wl_session_queue_op (self, task, run_shutdown);
}

gboolean
wirelab_session_shutdown_finish (WirelabSession  *self,
                                 GAsyncResult    *result,
                                 GError         **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}
