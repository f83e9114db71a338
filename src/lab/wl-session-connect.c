/* wl-session-connect.c: connecting hypervisors, watching them, and
 * reconnecting the ones that were lost
 *
 * Copyright 2026 The Wirelab authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#define G_LOG_DOMAIN "wirelab-session"

#include "config.h"

#include <string.h>

#include "wl-session-private.h"

/* Liveness: a hypervisor that does not answer `hypervisor version` on its
 * own connection within BEAT_TIMEOUT of a probe sent every BEAT_INTERVAL is
 * lost, so a hung one is noticed within 2 s; a closed one at once. */
#define BEAT_INTERVAL_MS 500
#define BEAT_TIMEOUT_MS  1500
#define RETRY_MS         2000

/* ---- hypervisors: connect, liveness, reconnect ---- */

typedef struct
{
  WirelabSession *self;
  HvState        *hv;
  GTask          *task;      /* connect_async's, or NULL for a retry */
  guint           step;
} Connecting;

static void
connecting_free (Connecting *c)
{
  g_clear_object (&c->task);
  g_object_unref (c->self);
  g_free (c);
}

static guint
host_available_mb (void)
{
  g_autofree char *text = NULL;
  const char *line;

  if (!g_file_get_contents ("/proc/meminfo", &text, NULL, NULL))
    return 1024;
  line = strstr (text, "MemAvailable:");
  if (line == NULL)
    return 1024;
  return (guint) (g_ascii_strtoull (line + strlen ("MemAvailable:"), NULL, 10) / 1024);
}

static char *
working_dir_for (WirelabSession *self,
                 HvState        *hv)
{
  const char *dir = wirelab_hypervisor_config_get_working_dir (hv->config);

  if (*dir != '\0')
    return g_strdup (dir);
  if (hv->host != NULL && g_str_equal (hv->host->key, WL_HOST_LOCAL))
    return _wl_session_project_subdir (self, "working");
  return NULL;
}

static void on_beat_reply (GObject *source, GAsyncResult *result, gpointer user_data);

static gboolean
on_beat (gpointer user_data)
{
  HvState *hv = user_data;

  if (!hv->connected || hv->beat == NULL)
    {
      hv->beat_source = 0;
      return G_SOURCE_REMOVE;
    }
  if (hv->beat_in_flight)
    return G_SOURCE_CONTINUE;   /* its timeout will tell */
  hv->beat_in_flight = TRUE;
  hv->beat_sent = g_get_monotonic_time ();
  wirelab_client_callv_async (hv->beat, hv->cancellable, on_beat_reply, g_object_ref (hv->session),
                              "hypervisor", "version", NULL);
  return G_SOURCE_CONTINUE;
}

static void
on_beat_reply (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(WirelabSession) self = user_data;
  g_autoptr(WirelabReply) reply = NULL;
  g_autoptr(GError) error = NULL;
  HvState *hv = NULL;

  reply = wirelab_client_call_finish (WIRELAB_CLIENT (source), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || self->hvs == NULL)
    return;
  for (guint i = 0; i < self->hvs->len; i++)
    if (((HvState *) g_ptr_array_index (self->hvs, i))->beat == WIRELAB_CLIENT (source))
      hv = g_ptr_array_index (self->hvs, i);
  if (hv == NULL)
    return;
  hv->beat_in_flight = FALSE;
  if (reply == NULL)
    {
      g_autofree char *why = g_strdup_printf ("no answer: %s", error->message);

      _wl_session_hv_lost (hv, why);
    }
}

static void
on_client_closed (WirelabClient *client,
                  GError        *error,
                  gpointer       user_data)
{
  HvState *hv = user_data;

  _wl_session_hv_lost (hv, error != NULL ? error->message : "connection closed");
}

static gboolean on_retry (gpointer user_data);

static void
schedule_retry (HvState *hv)
{
  if (hv->retry_source == 0 && !hv->session->shut_down)
    hv->retry_source = g_timeout_add (RETRY_MS, on_retry, hv);
}

/* A hypervisor removed from the lab while work for it was in flight. */
static gboolean
hv_alive (WirelabSession *self,
          HvState        *hv)
{
  return self->hvs != NULL && g_ptr_array_find (self->hvs, hv, NULL);
}

static gboolean
connecting_orphaned (Connecting *c)
{
  if (hv_alive (c->self, c->hv))
    return FALSE;
  if (c->task != NULL)
    g_task_return_new_error (c->task, WIRELAB_LAB_ERROR, WIRELAB_LAB_ERROR_NOT_CONNECTED,
                             "The hypervisor was removed from the lab");
  connecting_free (c);
  return TRUE;
}

static void
connect_failed (Connecting *c,
                GError     *error)
{
  HvState *hv = c->hv;

  if (connecting_orphaned (c))
    return;

  g_autofree char *msg = g_strdup_printf ("Cannot connect to %s:%u: %s",
                                          wirelab_hypervisor_config_get_host (hv->config),
                                          hv->port, error->message);

  hv->connecting = FALSE;
  _wl_session_drop_client (&hv->client, &hv->closed_id);
  _wl_session_drop_client (&hv->beat, &hv->beat_closed_id);
  _wirelab_hypervisor_config_set_status_message (hv->config, msg);
  if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      if (c->task != NULL)
        _wl_session_warning (c->self, "%s", msg);
      schedule_retry (hv);
    }
  if (c->task != NULL)
    g_task_return_error (c->task, g_error_copy (error));
  connecting_free (c);
}

static void connect_step (Connecting *c);

static void
on_connect_reply (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  Connecting *c = user_data;
  g_autoptr(WirelabReply) reply = NULL;
  g_autoptr(GError) error = NULL;

  reply = wirelab_client_call_finish (WIRELAB_CLIENT (source), result, &error);
  if (reply == NULL)
    {
      connect_failed (c, error);
      return;
    }
  if (connecting_orphaned (c))
    return;
  if (c->step == 3)
    {
      g_autofree char *msg = g_strdup_printf ("Connected (%s)", wirelab_reply_get_text (reply));

      _wirelab_hypervisor_config_set_status_message (c->hv->config, msg);
    }
  c->step++;
  connect_step (c);
}

static void
on_client_connected (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  Connecting *c = user_data;
  g_autoptr(GError) error = NULL;

  if (!wirelab_client_connect_finish (WIRELAB_CLIENT (source), result, &error))
    {
      connect_failed (c, error);
      return;
    }
  c->step++;
  connect_step (c);
}

static void
on_host_resolved (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  Connecting *c = user_data;
  g_autoptr(GError) error = NULL;
  WlHostInfo *info = wl_host_resolve_finish (result, &error);

  if (info == NULL)
    {
      connect_failed (c, error);
      return;
    }
  if (connecting_orphaned (c))
    {
      wl_host_info_free (info);
      return;
    }
  g_clear_pointer (&c->hv->host, wl_host_info_free);
  c->hv->host = info;
  c->step++;
  connect_step (c);
}

static void     run_cleanup    (WirelabSession *self,
                                GTask          *task);
static gboolean has_leftovers  (WirelabSession *self,
                                HvState        *hv);

/* Steps: 0 resolve, 1 start the embedded one / make clients, 2 connect,
 * 3 version, 4 working dir, 5 heartbeat connection, 6 done. */
static void
connect_step (Connecting *c)
{
  HvState *hv;
  WirelabSession *self = c->self;
  const char *host;
  g_autoptr(GError) error = NULL;

  if (connecting_orphaned (c))
    return;
  hv = c->hv;
  host = wirelab_hypervisor_config_get_host (hv->config);

  if (g_cancellable_set_error_if_cancelled (hv->cancellable, &error))
    {
      connect_failed (c, error);
      return;
    }

  switch (c->step)
    {
    case 0:
      wl_host_resolve_async (host, hv->cancellable, on_host_resolved, c);
      return;

    case 1:
      hv->port = wirelab_hypervisor_config_get_port (hv->config);
      if (wirelab_hypervisor_config_is_local (hv->config) && hv->port == 0)
        {
          if (hv->embedded == NULL)
            {
              g_autofree char *dir = working_dir_for (self, hv);
              guint16 port = 0;

              hv->embedded = wirelab_hypervisor_new ();
              if (dir != NULL)
                wirelab_hypervisor_set_working_dir (hv->embedded, dir);
              if (!wirelab_hypervisor_listen (hv->embedded, "127.0.0.1", 0, &port, &error))
                {
                  g_clear_object (&hv->embedded);
                  connect_failed (c, error);
                  return;
                }
              hv->port = port;
            }
          host = "127.0.0.1";
        }
      hv->client = wirelab_client_new (host, hv->port);
      hv->beat = wirelab_client_new (host, hv->port);
      wirelab_client_set_timeout (hv->client, 30000);
      wirelab_client_set_timeout (hv->beat, BEAT_TIMEOUT_MS);
      wirelab_client_connect_async (hv->client, hv->cancellable, on_client_connected, c);
      return;

    case 2:
      wirelab_client_callv_async (hv->client, hv->cancellable, on_connect_reply, c,
                                  "hypervisor", "version", NULL);
      return;

    case 3:
      {
        g_autofree char *dir = working_dir_for (self, hv);

        if (dir == NULL || hv->embedded != NULL)
          {
            c->step++;
            connect_step (c);
            return;
          }
        wirelab_client_callv_async (hv->client, hv->cancellable, on_connect_reply, c,
                                    "hypervisor", "working_dir", dir, NULL);
      }
      return;

    case 4:
      wirelab_client_connect_async (hv->beat, hv->cancellable, on_client_connected, c);
      return;

    case 5:
    default:
      break;
    }

  /* Connected. */
  hv->connecting = FALSE;
  hv->connected = TRUE;
  hv->beat_in_flight = FALSE;
  if (wirelab_hypervisor_config_get_memory_limit_mb (hv->config) != 0)
    hv->limit_mb = wirelab_hypervisor_config_get_memory_limit_mb (hv->config);
  else if (wirelab_hypervisor_config_is_local (hv->config))
    hv->limit_mb = MAX (1u, (guint) ((guint64) host_available_mb () * self->local_percent / 100));
  else
    hv->limit_mb = G_MAXUINT;
  hv->closed_id = g_signal_connect (hv->client, "closed", G_CALLBACK (on_client_closed), hv);
  hv->beat_closed_id = g_signal_connect (hv->beat, "closed", G_CALLBACK (on_client_closed), hv);
  hv->beat_source = g_timeout_add (BEAT_INTERVAL_MS, on_beat, hv);
  _wl_session_update_loads (self);
  if (has_leftovers (self, hv))
    {
      g_autoptr(GTask) cleanup = g_task_new (self, NULL, NULL, NULL);

      g_task_set_task_data (cleanup, hv, NULL);
      _wl_session_queue_op (self, cleanup, run_cleanup);
    }
  _wl_session_emit_hypervisor (self, hv->config, TRUE);
  if (c->task != NULL)
    g_task_return_boolean (c->task, TRUE);
  connecting_free (c);
}

void
_wl_session_connect_hv (WirelabSession *self,
                        HvState        *hv,
                        GTask          *task)
{
  Connecting *c;

  if (hv->connected || hv->connecting)
    {
      if (task != NULL)
        g_task_return_boolean (task, hv->connected);
      return;
    }
  g_clear_handle_id (&hv->retry_source, g_source_remove);
  if (hv->cancellable == NULL || g_cancellable_is_cancelled (hv->cancellable))
    {
      g_clear_object (&hv->cancellable);
      hv->cancellable = g_cancellable_new ();
    }
  hv->connecting = TRUE;
  c = g_new0 (Connecting, 1);
  c->self = g_object_ref (self);
  c->hv = hv;
  c->task = task != NULL ? g_object_ref (task) : NULL;
  connect_step (c);
}

/* After a reconnection: whatever this session had made there may still
 * exist (a network cut, not a crash); delete it so nodes can be created
 * again (a duplicate `vm create` damages the old VM, spec 12.5). */
typedef struct
{
  WirelabSession *self;
  HvState        *hv;
} Cleanup;

static gboolean
has_leftovers (WirelabSession *self,
               HvState        *hv)
{
  GHashTableIter iter;
  gpointer value;

  if (g_hash_table_size (hv->nios) > 0)
    return TRUE;
  g_hash_table_iter_init (&iter, self->nodes);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      NodeState *ns = value;

      if (!ns->deployed && ns->obj != NULL &&
          g_strcmp0 (wirelab_node_get_hypervisor_id (ns->node), wirelab_hypervisor_config_get_id (hv->config)) == 0)
        return TRUE;
    }
  return FALSE;
}

static void
on_cleanup_done (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  WirelabSession *self = user_data;
  g_autoptr(GError) error = NULL;

  wl_txn_run_finish (result, &error);
  _wl_session_op_done (self);
  g_object_unref (self);
}

static gboolean
ignore_error (WlTxn        *txn,
              const GError *error,
              gpointer      data)
{
  return TRUE;
}

static void
run_cleanup (WirelabSession *self,
             GTask          *task)
{
  HvState *hv = g_task_get_task_data (task);
  WlTxn *txn;
  GHashTableIter iter;
  gpointer key;
  GListModel *nodes = wirelab_lab_get_nodes (self->lab);

  g_task_return_boolean (task, TRUE);
  if (!hv_alive (self, hv) || !hv->connected)
    {
      _wl_session_op_done (self);
      return;
    }

  txn = wl_txn_new (NULL);
  for (guint i = 0; i < g_list_model_get_n_items (nodes); i++)
    {
      g_autoptr(WirelabNode) node = g_list_model_get_item (nodes, i);
      NodeState *ns = _wl_session_node_state (self, node);
      const char *module = NULL;

      if (ns == NULL || ns->deployed || ns->obj == NULL ||
          g_strcmp0 (wirelab_node_get_hypervisor_id (node), wirelab_hypervisor_config_get_id (hv->config)) != 0)
        continue;
      switch (wirelab_node_get_kind (node))
        {
        case WIRELAB_NODE_KIND_ROUTER:
          module = "vm";
          break;
        case WIRELAB_NODE_KIND_ETHSW:
          module = "ethsw";
          break;
        case WIRELAB_NODE_KIND_HUB:
          module = "nio_bridge";
          break;
        case WIRELAB_NODE_KIND_FRSW:
          module = "frsw";
          break;
        case WIRELAB_NODE_KIND_VPCS:
        default:
          break;
        }
      if (module != NULL)
        wl_txn_call (txn, hv->client, WL_WORDS (module, "delete", ns->obj), NULL, NULL,
                     ignore_error, NULL);
      g_clear_pointer (&ns->obj, g_free);
    }
  g_hash_table_iter_init (&iter, hv->nios);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    wl_txn_call (txn, hv->client, WL_WORDS ("nio", "delete", key), NULL, NULL, ignore_error, NULL);
  g_hash_table_remove_all (hv->nios);
  wl_txn_run_async (txn, on_cleanup_done, g_object_ref (self));
}

static void
on_reconnected (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  /* Leftovers were queued for deletion when the connection came up. */
  g_task_propagate_boolean (G_TASK (result), &error);
}

static gboolean
on_retry (gpointer user_data)
{
  HvState *hv = user_data;
  g_autoptr(GTask) task = NULL;

  hv->retry_source = 0;
  task = g_task_new (hv->session, hv->session->cancellable, on_reconnected, hv);
  _wl_session_connect_hv (hv->session, hv, task);
  return G_SOURCE_REMOVE;
}

void
_wl_session_hv_lost (HvState    *hv,
                     const char *why)
{
  WirelabSession *self = hv->session;
  g_autofree char *msg = NULL;

  if (!hv->connected)
    return;

  hv->connected = FALSE;
  g_clear_handle_id (&hv->beat_source, g_source_remove);
  g_cancellable_cancel (hv->cancellable);
  _wl_session_drop_client (&hv->client, &hv->closed_id);
  _wl_session_drop_client (&hv->beat, &hv->beat_closed_id);

  msg = g_strdup_printf ("Lost: %s", why);
  _wirelab_hypervisor_config_set_status_message (hv->config, msg);
  _wl_session_forget_hv (self, hv);
  _wl_session_update_loads (self);
  _wl_session_warning (self, "Hypervisor %s lost (%s); its nodes are stopped",
                       wirelab_hypervisor_config_get_display_name (hv->config), why);
  _wl_session_emit_hypervisor (self, hv->config, FALSE);
  schedule_retry (hv);
}

typedef struct
{
  guint    pending;
  gboolean local_ok;
  GError  *local_error;
} ConnectAll;

static void
on_one_connected (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  GTask *all = user_data;
  ConnectAll *state = g_task_get_task_data (all);
  HvState *hv = g_object_get_data (G_OBJECT (result), "wl-hv");
  g_autoptr(GError) error = NULL;
  gboolean ok = g_task_propagate_boolean (G_TASK (result), &error);

  if (hv != NULL && wirelab_hypervisor_config_is_local (hv->config))
    {
      state->local_ok = ok;
      if (!ok)
        state->local_error = g_steal_pointer (&error);
    }
  if (--state->pending > 0)
    {
      g_object_unref (all);
      return;
    }
  if (state->local_ok)
    g_task_return_boolean (all, TRUE);
  else if (state->local_error != NULL)
    g_task_return_error (all, g_steal_pointer (&state->local_error));
  else
    g_task_return_new_error (all, WIRELAB_LAB_ERROR, WIRELAB_LAB_ERROR_NOT_CONNECTED,
                             "The local hypervisor is not connected");
  g_object_unref (all);
}

static void
connect_all_free (gpointer data)
{
  ConnectAll *state = data;

  g_clear_error (&state->local_error);
  g_free (state);
}

void
wirelab_session_connect_async (WirelabSession      *self,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  GTask *all;
  ConnectAll *state;

  g_return_if_fail (WIRELAB_IS_SESSION (self));

  /* Connecting again after a shutdown runs the lab again. */
  self->shut_down = FALSE;
  all = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (all, wirelab_session_connect_async);
  state = g_new0 (ConnectAll, 1);
  g_task_set_task_data (all, state, connect_all_free);
  state->pending = self->hvs->len + 1;

  for (guint i = 0; i < self->hvs->len; i++)
    {
      HvState *hv = g_ptr_array_index (self->hvs, i);
      GTask *one = g_task_new (self, cancellable, on_one_connected, g_object_ref (all));

      g_object_set_data (G_OBJECT (one), "wl-hv", hv);
      _wl_session_connect_hv (self, hv, one);
      g_object_unref (one);
    }
  /* The extra count makes sure `all` completes after the loop. */
  {
    GTask *none = g_task_new (self, NULL, on_one_connected, all);

    g_task_return_boolean (none, FALSE);
    g_object_unref (none);
  }
}

gboolean
wirelab_session_connect_finish (WirelabSession  *self,
                                GAsyncResult    *result,
                                GError         **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}
