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

struct _WirelabSession
{
  GObject parent_instance;

  WirelabLab   *lab;
  GPtrArray    *hvs;            /* HvState* in lab order */
  GHashTable   *nodes;          /* WirelabNode* -> NodeState* */
  GHashTable   *links;          /* WirelabLink* -> LinkState* */
  WlPorts      *ports;
  GQueue        ops;            /* pending Op* */
  gboolean      op_running;
  guint         local_percent;
  char         *vpcs_program;
  char         *tmp_workdir;    /* when the lab has no file */
  GHashTable   *nios;           /* hypervisor id -> NIO names made there */
  gboolean      shut_down;
  GCancellable *cancellable;    /* everything, cancelled at dispose */
};

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

static void connect_hv (WirelabSession *self,
                        HvState        *hv,
                        GTask          *task);
static void hv_lost    (HvState        *hv,
                        const char     *why);

/* ---- state records ---- */

/* Closing a client from inside one of its own callbacks (a reply, the
 * "closed" signal) pulls its buffers from under the read loop that called
 * us: close it from an idle instead. */
static gboolean
close_client_idle (gpointer data)
{
  WirelabClient *client = data;

  wirelab_client_close (client);
  g_object_unref (client);
  return G_SOURCE_REMOVE;
}

static void
drop_client (WirelabClient **slot,
             gulong         *handler)
{
  WirelabClient *client = g_steal_pointer (slot);

  if (client == NULL)
    return;
  g_clear_signal_handler (handler, client);
  g_idle_add (close_client_idle, client);
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
  drop_client (&hv->client, &hv->closed_id);
  drop_client (&hv->beat, &hv->beat_closed_id);
  if (hv->embedded != NULL)
    {
      wirelab_hypervisor_shutdown (hv->embedded);
      g_clear_object (&hv->embedded);
    }
  g_clear_pointer (&hv->host, wl_host_info_free);
  g_clear_object (&hv->config);
  g_free (hv);
}

static void
node_state_free (gpointer data)
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

static void
link_state_free (gpointer data)
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
wirelab_session_finalize (GObject *object)
{
  WirelabSession *self = WIRELAB_SESSION (object);

  g_warn_if_fail (g_queue_is_empty (&self->ops));
  wl_ports_free (self->ports);
  g_hash_table_unref (self->nios);
  g_free (self->vpcs_program);
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

static void on_links_changed       (GListModel     *model,
                                    guint           position,
                                    guint           removed,
                                    guint           added,
                                    WirelabSession *self);
static void on_nodes_changed       (GListModel     *model,
                                    guint           position,
                                    guint           removed,
                                    guint           added,
                                    WirelabSession *self);
static void on_hypervisors_changed (GListModel     *model,
                                    guint           position,
                                    guint           removed,
                                    guint           added,
                                    WirelabSession *self);

static void
wirelab_session_constructed (GObject *object)
{
  WirelabSession *self = WIRELAB_SESSION (object);

  G_OBJECT_CLASS (wirelab_session_parent_class)->constructed (object);

  g_return_if_fail (WIRELAB_IS_LAB (self->lab));

  /* Keep the runtime state in step with edits made while the lab runs. */
  on_hypervisors_changed (wirelab_lab_get_hypervisors (self->lab), 0, 0,
                          g_list_model_get_n_items (wirelab_lab_get_hypervisors (self->lab)), self);
  on_nodes_changed (wirelab_lab_get_nodes (self->lab), 0, 0,
                    g_list_model_get_n_items (wirelab_lab_get_nodes (self->lab)), self);
  on_links_changed (wirelab_lab_get_links (self->lab), 0, 0,
                    g_list_model_get_n_items (wirelab_lab_get_links (self->lab)), self);
  g_signal_connect (wirelab_lab_get_hypervisors (self->lab), "items-changed",
                    G_CALLBACK (on_hypervisors_changed), self);
  g_signal_connect (wirelab_lab_get_nodes (self->lab), "items-changed",
                    G_CALLBACK (on_nodes_changed), self);
  g_signal_connect (wirelab_lab_get_links (self->lab), "items-changed",
                    G_CALLBACK (on_links_changed), self);
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
  self->nodes = g_hash_table_new_full (NULL, NULL, NULL, node_state_free);
  self->links = g_hash_table_new_full (NULL, NULL, NULL, link_state_free);
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

char *
_wl_session_project_subdir (WirelabSession *self,
                            const char     *name)
{
  g_autofree char *dir = wirelab_lab_dup_project_dir (self->lab);
  char *sub;

  if (dir == NULL)
    {
      if (self->tmp_workdir == NULL)
        self->tmp_workdir = g_dir_make_tmp ("wirelab-lab-XXXXXX", NULL);
      if (self->tmp_workdir == NULL)
        return NULL;
      dir = g_strdup (self->tmp_workdir);
    }
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

      hv_lost (hv, why);
    }
}

static void
on_client_closed (WirelabClient *client,
                  GError        *error,
                  gpointer       user_data)
{
  HvState *hv = user_data;

  hv_lost (hv, error != NULL ? error->message : "connection closed");
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
  drop_client (&hv->client, &hv->closed_id);
  drop_client (&hv->beat, &hv->beat_closed_id);
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
  g_signal_emit (self, signals[SIGNAL_HYPERVISOR_CONNECTED], 0, hv->config);
  if (c->task != NULL)
    g_task_return_boolean (c->task, TRUE);
  connecting_free (c);
}

static void
connect_hv (WirelabSession *self,
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
  connect_hv (hv->session, hv, task);
  return G_SOURCE_REMOVE;
}

static void
hv_lost (HvState    *hv,
         const char *why)
{
  WirelabSession *self = hv->session;
  g_autofree char *msg = NULL;

  if (!hv->connected)
    return;

  hv->connected = FALSE;
  g_clear_handle_id (&hv->beat_source, g_source_remove);
  g_cancellable_cancel (hv->cancellable);
  drop_client (&hv->client, &hv->closed_id);
  drop_client (&hv->beat, &hv->beat_closed_id);

  msg = g_strdup_printf ("Lost: %s", why);
  _wirelab_hypervisor_config_set_status_message (hv->config, msg);
  _wl_session_forget_hv (self, hv);
  _wl_session_update_loads (self);
  _wl_session_warning (self, "Hypervisor %s lost (%s); its nodes are stopped",
                       wirelab_hypervisor_config_get_display_name (hv->config), why);
  g_signal_emit (self, signals[SIGNAL_HYPERVISOR_LOST], 0, hv->config);
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
      connect_hv (self, hv, one);
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

/* ---- model changes while running ---- */

static HvState *
add_hv_state (WirelabSession          *self,
              WirelabHypervisorConfig *config,
              guint                    position)
{
  HvState *hv = g_new0 (HvState, 1);

  hv->session = self;
  hv->config = g_object_ref (config);
  hv->limit_mb = G_MAXUINT;
  hv->nios = g_hash_table_lookup (self->nios, wirelab_hypervisor_config_get_id (config));
  if (hv->nios == NULL)
    {
      hv->nios = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
      g_hash_table_insert (self->nios, g_strdup (wirelab_hypervisor_config_get_id (config)), hv->nios);
    }
  g_ptr_array_insert (self->hvs, MIN (position, self->hvs->len), hv);
  return hv;
}

static guint
find_index (GPtrArray *array,
            gpointer   item)
{
  guint idx = 0;

  g_ptr_array_find (array, item, &idx);
  return idx;
}

static void
on_hypervisors_changed (GListModel     *model,
                        guint           position,
                        guint           removed,
                        guint           added,
                        WirelabSession *self)
{
  g_autoptr(GPtrArray) keep = g_ptr_array_new ();
  g_autoptr(GPtrArray) fresh = g_ptr_array_new ();
  gboolean started = FALSE;

  for (guint i = 0; i < self->hvs->len; i++)
    if (((HvState *) g_ptr_array_index (self->hvs, i))->connected ||
        ((HvState *) g_ptr_array_index (self->hvs, i))->connecting)
      started = TRUE;

  /* Rebuild in lab order: keep existing states, add new ones, drop the
   * removed ones (they are lost for the session). */
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(WirelabHypervisorConfig) config = g_list_model_get_item (model, i);
      HvState *hv = _wl_session_find_hv (self, wirelab_hypervisor_config_get_id (config));

      if (hv != NULL && hv->config == config)
        {
          g_ptr_array_steal_index (self->hvs, find_index (self->hvs, hv));
          g_ptr_array_add (keep, hv);
        }
      else
        {
          HvState *made = add_hv_state (self, config, self->hvs->len);

          g_ptr_array_steal_index (self->hvs, self->hvs->len - 1);
          g_ptr_array_add (keep, made);
          g_ptr_array_add (fresh, made);
        }
    }
  /* What is left in self->hvs was removed from the lab. */
  while (self->hvs->len > 0)
    {
      HvState *gone = g_ptr_array_index (self->hvs, 0);

      hv_lost (gone, "removed from the lab");
      g_ptr_array_remove_index (self->hvs, 0);
    }
  for (guint i = 0; i < keep->len; i++)
    g_ptr_array_add (self->hvs, g_ptr_array_index (keep, i));

  /* New hypervisors of a running lab connect at once. */
  if (started && !self->shut_down)
    for (guint i = 0; i < fresh->len; i++)
      connect_hv (self, g_ptr_array_index (fresh, i), NULL);
}

static void
on_removal_done (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  WirelabSession *self = g_task_get_source_object (task);
  g_autoptr(GError) error = NULL;

  if (!wl_txn_run_finish (result, &error))
    g_debug ("removal: %s", error->message);
  _wl_session_update_loads (self);
  g_task_return_boolean (task, TRUE);
  _wl_session_op_done (self);
}

static void
run_remove_node (WirelabSession *self,
                 GTask          *task)
{
  NodeState *ns = g_task_get_task_data (task);
  WlTxn *txn = wl_txn_new (NULL);

  if (ns->vpcs != NULL)
    _wl_session_stop_vpcs (self, ns);
  if (ns->deployed && ns->hv != NULL && ns->hv->connected)
    _wl_session_undeploy_node (self, ns, txn);
  if (ns->console != 0 && ns->hv != NULL && ns->hv->host != NULL)
    wl_ports_release_console (self->ports, ns->hv->host->key, ns->console);
  if (ns->vpcs_port != 0)
    wl_ports_release_udp (self->ports, WL_HOST_LOCAL, ns->vpcs_port, 9);
  ns->deployed = FALSE;
  ns->hv = NULL;
  _wirelab_node_set_deployed (ns->node, FALSE);
  _wirelab_node_set_status (ns->node, WIRELAB_NODE_STATUS_STOPPED);
  wl_txn_run_async (txn, on_removal_done, g_object_ref (task));
}

static void
run_remove_link (WirelabSession *self,
                 GTask          *task)
{
  LinkState *ls = g_task_get_task_data (task);
  WlTxn *txn = wl_txn_new (NULL);

  if (ls->deployed)
    _wl_session_undeploy_link (self, ls, txn);
  wl_txn_run_async (txn, on_removal_done, g_object_ref (task));
}

static void
run_apply_filters (WirelabSession *self,
                   GTask          *task)
{
  WirelabLink *link = g_task_get_task_data (task);
  LinkState *ls = _wl_session_link_state (self, link);
  WlTxn *txn = wl_txn_new (NULL);

  if (ls != NULL && ls->deployed)
    _wl_session_apply_filters (self, ls, txn);
  wl_txn_run_async (txn, on_removal_done, g_object_ref (task));
}

static gboolean
any_connected (WirelabSession *self)
{
  for (guint i = 0; i < self->hvs->len; i++)
    if (((HvState *) g_ptr_array_index (self->hvs, i))->connected)
      return TRUE;
  return FALSE;
}

static void
on_links_deployed (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  WirelabSession *self = g_task_get_source_object (task);
  g_autoptr(GError) error = NULL;

  if (!_wl_session_deploy_finish (result, &error))
    _wl_session_warning (self, "A new link could not be made: %s", error->message);
  g_task_return_boolean (task, TRUE);
  _wl_session_op_done (self);
}

/* Links drawn between running nodes work at once. */
static void
run_deploy_links (WirelabSession *self,
                  GTask          *task)
{
  g_autoptr(GPtrArray) none = g_ptr_array_new ();

  _wl_session_deploy (self, none, NULL, on_links_deployed, g_object_ref (task));
}

static gboolean
commit_rename (WlTxn    *txn,
               gpointer  data,
               GError  **error)
{
  NodeState *ns = data;

  g_free (ns->obj);
  ns->obj = g_strdup (wirelab_node_get_name (ns->node));
  return TRUE;
}

/* Edits of a running node that its hypervisor can follow: a new name
 * (`rename`), and an Ethernet switch's port modes. */
static void
run_node_edit (WirelabSession *self,
               GTask          *task)
{
  WirelabNode *node = g_task_get_task_data (task);
  NodeState *ns = _wl_session_node_state (self, node);
  const char *what = g_object_get_data (G_OBJECT (task), "wl-what");
  WlTxn *txn = wl_txn_new (NULL);

  if (ns == NULL || !ns->deployed || ns->hv == NULL || !ns->hv->connected)
    {
      wl_txn_run_async (txn, on_removal_done, g_object_ref (task));
      return;
    }

  if (g_str_equal (what, "name") && g_strcmp0 (ns->obj, wirelab_node_get_name (node)) != 0)
    {
      const char *module = NULL;

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
        {
          wl_txn_call (txn, ns->hv->client, WL_WORDS (module, "rename", ns->obj, wirelab_node_get_name (node)),
                       NULL, NULL, NULL, NULL);
          wl_txn_on_commit (txn, commit_rename, ns);
        }
    }
  else if (g_str_equal (what, "switch-ports"))
    {
      g_autoptr(GPtrArray) links = wirelab_lab_list_links_of (self->lab, node);

      for (guint i = 0; i < links->len; i++)
        {
          LinkState *ls = _wl_session_link_state (self, g_ptr_array_index (links, i));
          int e = ls != NULL ? wirelab_link_find_end (ls->link, wirelab_node_get_id (node), NULL) : -1;
          guint port, vlan, ethertype;
          WirelabPortMode mode;
          g_autofree char *vlan_text = NULL;
          g_autofree char *et_text = NULL;

          if (e < 0 || !ls->deployed || ls->end[e].nio == NULL)
            continue;
          port = (guint) g_ascii_strtoull (wirelab_link_get_interface (ls->link, e), NULL, 10);
          if (!wirelab_node_get_switch_port (node, port, &mode, &vlan, &ethertype))
            continue;
          vlan_text = g_strdup_printf ("%u", vlan);
          et_text = g_strdup_printf ("0x%04x", ethertype != 0 ? ethertype : 0x8100);
          if (mode == WIRELAB_PORT_MODE_DOT1Q)
            wl_txn_call (txn, ns->hv->client,
                         WL_WORDS ("ethsw", "set_dot1q_port", ns->obj, ls->end[e].nio, vlan_text),
                         NULL, NULL, NULL, NULL);
          else if (mode == WIRELAB_PORT_MODE_QINQ)
            wl_txn_call (txn, ns->hv->client,
                         WL_WORDS ("ethsw", "set_qinq_port", ns->obj, ls->end[e].nio, vlan_text, et_text),
                         NULL, NULL, NULL, NULL);
          else
            wl_txn_call (txn, ns->hv->client,
                         WL_WORDS ("ethsw", "set_access_port", ns->obj, ls->end[e].nio, vlan_text),
                         NULL, NULL, NULL, NULL);
        }
    }
  wl_txn_run_async (txn, on_removal_done, g_object_ref (task));
}

static void
on_node_edited (WirelabNode    *node,
                GParamSpec     *pspec,
                WirelabSession *self)
{
  NodeState *ns = _wl_session_node_state (self, node);
  g_autoptr(GTask) task = NULL;

  if (ns == NULL || !ns->deployed)
    return;
  task = g_task_new (self, NULL, NULL, NULL);
  g_task_set_task_data (task, g_object_ref (node), g_object_unref);
  g_object_set_data (G_OBJECT (task), "wl-what", (gpointer) g_intern_string (pspec->name));
  _wl_session_queue_op (self, task, run_node_edit);
}

static void
on_nodes_changed (GListModel     *model,
                  guint           position,
                  guint           removed,
                  guint           added,
                  WirelabSession *self)
{
  GHashTableIter iter;
  gpointer key, value;

  for (guint i = position; i < position + added; i++)
    {
      g_autoptr(WirelabNode) node = g_list_model_get_item (model, i);

      if (!g_hash_table_contains (self->nodes, node))
        {
          NodeState *ns = g_new0 (NodeState, 1);

          ns->node = g_object_ref (node);
          g_hash_table_insert (self->nodes, node, ns);
          g_signal_connect (node, "notify::name", G_CALLBACK (on_node_edited), self);
          g_signal_connect (node, "notify::switch-ports", G_CALLBACK (on_node_edited), self);
        }
    }
  if (removed == 0)
    return;

  /* Nodes gone from the lab: stop what runs and delete what exists, in
   * turn with the other operations. */
  g_hash_table_iter_init (&iter, self->nodes);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      NodeState *ns = value;
      g_autoptr(GTask) task = NULL;

      if (g_list_store_find (G_LIST_STORE (model), key, NULL))
        continue;
      g_signal_handlers_disconnect_by_data (key, self);
      g_hash_table_iter_steal (&iter);
      task = g_task_new (self, NULL, NULL, NULL);
      g_task_set_task_data (task, ns, node_state_free);
      _wl_session_queue_op (self, task, run_remove_node);
    }
}

static void
on_link_notify (WirelabLink    *link,
                GParamSpec     *pspec,
                WirelabSession *self)
{
  LinkState *ls = _wl_session_link_state (self, link);
  g_autoptr(GTask) task = NULL;

  if (ls == NULL || !ls->deployed)
    return;
  if (!g_str_equal (pspec->name, "suspended") && !g_str_equal (pspec->name, "freq-drop") &&
      !g_str_equal (pspec->name, "packet-loss") && !g_str_equal (pspec->name, "delay") &&
      !g_str_equal (pspec->name, "jitter") && !g_str_equal (pspec->name, "corrupt"))
    return;
  task = g_task_new (self, NULL, NULL, NULL);
  g_task_set_task_data (task, g_object_ref (link), g_object_unref);
  _wl_session_queue_op (self, task, run_apply_filters);
}

static void
on_links_changed (GListModel     *model,
                  guint           position,
                  guint           removed,
                  guint           added,
                  WirelabSession *self)
{
  GHashTableIter iter;
  gpointer key, value;

  for (guint i = position; i < position + added; i++)
    {
      g_autoptr(WirelabLink) link = g_list_model_get_item (model, i);

      if (!g_hash_table_contains (self->links, link))
        {
          LinkState *ls = g_new0 (LinkState, 1);

          ls->link = g_object_ref (link);
          ls->capture_end = -1;
          ls->filter_end = -1;
          g_hash_table_insert (self->links, link, ls);
          g_signal_connect (link, "notify", G_CALLBACK (on_link_notify), self);
        }
    }
  if (added > 0 && !self->shut_down && any_connected (self))
    {
      g_autoptr(GTask) task = g_task_new (self, NULL, NULL, NULL);

      _wl_session_queue_op (self, task, run_deploy_links);
    }
  if (removed == 0)
    return;

  g_hash_table_iter_init (&iter, self->links);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      LinkState *ls = value;
      g_autoptr(GTask) task = NULL;

      if (g_list_store_find (G_LIST_STORE (model), key, NULL))
        continue;
      g_signal_handlers_disconnect_by_data (key, self);
      g_hash_table_iter_steal (&iter);
      task = g_task_new (self, NULL, NULL, NULL);
      g_task_set_task_data (task, ls, link_state_free);
      _wl_session_queue_op (self, task, run_remove_link);
    }
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
      drop_client (&hv->client, &hv->closed_id);
      drop_client (&hv->beat, &hv->beat_closed_id);
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
