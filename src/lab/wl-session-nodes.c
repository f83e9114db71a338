/* wl-session-nodes.c: starting, stopping and capturing; the session's
 * public operations
 *
 * Copyright 2026 The Wirelab authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#define G_LOG_DOMAIN "wirelab-session"

#include "config.h"

#include <string.h>

#include <glib/gstdio.h>

#include "wl-session-private.h"

static const char *
node_name (NodeState *ns)
{
  return wirelab_node_get_name (ns->node);
}

static gboolean
ignore_error (WlTxn        *txn,
              const GError *error,
              gpointer      data)
{
  return TRUE;
}

/* ---- router configurations ---- */

typedef struct
{
  WirelabSession    *self;
  NodeState         *ns;
  WirelabNodeStatus  next;    /* the status once the commands succeeded */
} NodeRef;

static NodeRef *
node_ref_new (WirelabSession *self,
              NodeState      *ns,
              WlTxn          *txn)
{
  NodeRef *r = g_new0 (NodeRef, 1);

  r->self = self;
  r->ns = ns;
  wl_txn_add_cleanup (txn, g_free, r);
  return r;
}

static gboolean
save_config_file (WirelabSession  *self,
                  NodeState       *ns,
                  const char      *which,
                  const char      *b64,
                  GError         **error)
{
  g_autofree char *dir = _wl_session_project_subdir (self, "configs");
  g_autofree char *name = NULL;
  g_autofree char *path = NULL;
  g_autofree guchar *data = NULL;
  gsize len = 0;

  if (dir == NULL || *b64 == '\0')
    return TRUE;
  data = g_base64_decode (b64, &len);
  if (len == 0)
    return TRUE;
  name = g_strdup_printf ("i%u_%s-config.cfg", wirelab_node_get_instance_id (ns->node), which);
  path = g_build_filename (dir, name, NULL);
  return wl_atomic_write (path, (const char *) data, len, 64 * 1024, FALSE, error);
}

/* `conf 'R1' '<b64 startup>' '<b64 private>'` */
static gboolean
on_config_extracted (WlTxn         *txn,
                     WirelabReply  *reply,
                     gpointer       data,
                     GError       **error)
{
  NodeRef *r = data;
  g_auto(GStrv) parts = g_strsplit (wirelab_reply_get_text (reply), "'", -1);
  g_autoptr(GError) local_error = NULL;

  /* conf ', R1, ' ', startup, ' ', private, '' */
  if (g_strv_length (parts) < 6)
    {
      g_warning ("%s: unexpected extract_config reply", node_name (r->ns));
      return TRUE;
    }
  if (!save_config_file (r->self, r->ns, "startup", parts[3], &local_error) ||
      !save_config_file (r->self, r->ns, "private", parts[5], &local_error))
    {
      _wl_session_warning (r->self, "%s: configuration not saved: %s", node_name (r->ns),
                           local_error->message);
      return TRUE;
    }
  _wl_session_progress (r->self, r->ns->node, "configuration saved");
  return TRUE;
}

static gboolean
on_no_config (WlTxn        *txn,
              const GError *error,
              gpointer      data)
{
  NodeRef *r = data;

  /* 206: the router never saved a configuration; nothing to keep. */
  g_debug ("%s: no configuration: %s", node_name (r->ns), error->message);
  return TRUE;
}

/* vm stop, then keep what the router saved in its NVRAM. */
void
_wl_session_add_router_stop (WirelabSession *self,
                             NodeState      *ns,
                             WlTxn          *txn)
{
  NodeRef *r = node_ref_new (self, ns, txn);

  wl_txn_call (txn, ns->hv->client, WL_WORDS ("vm", "stop", ns->obj), NULL, NULL, NULL, NULL);
  wl_txn_call (txn, ns->hv->client, WL_WORDS ("vm", "extract_config", ns->obj), NULL,
               on_config_extracted, on_no_config, r);
}

/* ---- ports held while nothing listens on them ---- */

/* A node's console and AUX ports on this machine stay held (wl-ports.h)
 * while the node is deployed but not running: let go just before it binds
 * them, held again once it stopped. */
static void
hold_consoles (WirelabSession *self,
               NodeState      *ns,
               gboolean        hold)
{
  WlPorts *ports = _wl_session_ports (self);
  guint16 both[] = { ns->console, ns->aux };

  if (!ns->deployed || ns->hv == NULL || ns->hv->host == NULL ||
      !g_str_equal (ns->hv->host->key, WL_HOST_LOCAL))
    return;
  for (guint i = 0; i < G_N_ELEMENTS (both); i++)
    {
      if (both[i] == 0)
        continue;
      if (hold)
        wl_ports_hold_tcp (ports, both[i]);
      else
        wl_ports_unhold_tcp (ports, both[i]);
    }
}

/* A PC's UDP ports (VPCS binds p and p + 9) and console, likewise. */
static void
hold_pc_ports (WirelabSession *self,
               NodeState      *ns,
               gboolean        hold)
{
  WlPorts *ports = _wl_session_ports (self);

  if (!ns->deployed || ns->vpcs_port == 0 || (hold && ns->vpcs != NULL))
    return;
  if (hold)
    {
      wl_ports_hold_udp (ports, ns->vpcs_port);
      wl_ports_hold_udp (ports, ns->vpcs_port + 9);
    }
  else
    {
      wl_ports_unhold_udp (ports, ns->vpcs_port);
      wl_ports_unhold_udp (ports, ns->vpcs_port + 9);
    }
  hold_consoles (self, ns, hold);
}

/* ---- VPCS ---- */

/* How long a PC may take to bind its UDP port (it takes milliseconds). */
#define VPCS_READY_TIMEOUT_MS 30000

static void
on_vpcs_exit (WlVpcs   *vpcs,
              gpointer  user_data)
{
  NodeState *ns = user_data;
  WirelabSession *self = ns->hv != NULL ? ns->hv->session : NULL;

  ns->vpcs = NULL;
  _wirelab_node_set_status (ns->node, WIRELAB_NODE_STATUS_STOPPED);
  _wirelab_node_set_status_message (ns->node, "VPCS exited");
  if (self != NULL)
    hold_pc_ports (self, ns, TRUE);
}

void
_wl_session_stop_vpcs (WirelabSession *self,
                       NodeState      *ns)
{
  if (ns->vpcs == NULL)
    return;
  wl_vpcs_stop (g_steal_pointer (&ns->vpcs), NULL, NULL);
  _wirelab_node_set_status (ns->node, WIRELAB_NODE_STATUS_STOPPED);
}

/* Runs VPCS for the PC; FALSE when it could not be started at all. */
static gboolean
spawn_vpcs (WirelabSession  *self,
            NodeState       *ns,
            GError         **error)
{
  WirelabLink *link = wirelab_lab_find_link_at (_wl_session_lab (self), ns->node, "e0");
  LinkState *ls = link != NULL ? _wl_session_link_state (self, link) : NULL;
  g_autofree char *base = _wl_session_project_subdir (self, "vpcs");
  g_autofree char *dir = NULL;
  g_autofree char *saved_path = NULL;
  g_autofree char *start_path = NULL;
  g_autofree char *saved = NULL;
  g_autofree char *start = NULL;
  const char *script = wirelab_node_get_startup_script (ns->node);
  const char *rhost = "127.0.0.1";
  guint16 rport = 9;   /* discard: a PC without a cable talks to nobody */
  WlVpcsConfig config = { 0 };

  if (base == NULL)
    {
      g_set_error (error, WIRELAB_LAB_ERROR, WIRELAB_LAB_ERROR_FAILED,
                   "%s: no directory for the PC", node_name (ns));
      return FALSE;
    }
  dir = g_build_filename (base, wirelab_node_get_id (ns->node), NULL);
  if (g_mkdir_with_parents (dir, 0755) != 0)
    {
      g_set_error (error, WIRELAB_LAB_ERROR, WIRELAB_LAB_ERROR_IO, "%s: cannot create %s",
                   node_name (ns), dir);
      return FALSE;
    }
  /* The model's script wins; without one, what VPCS `save`d stays. */
  saved_path = g_build_filename (dir, "startup.vpc", NULL);
  if (*script != '\0')
    {
      g_autofree char *text = g_str_has_suffix (script, "\n") ? g_strdup (script)
                                                              : g_strconcat (script, "\n", NULL);

      if (!g_file_set_contents (saved_path, text, -1, error))
        return FALSE;
    }
  /* VPCS runs a script of ours instead: the PC's name first, so that its
   * prompt reads "PC1>" as in GNS3, then that startup.vpc.  (`save` still
   * writes startup.vpc.) */
  if (!g_file_get_contents (saved_path, &saved, NULL, NULL))
    saved = NULL;
  start = wl_vpcs_start_script (node_name (ns), saved);
  start_path = g_build_filename (dir, "wirelab-start.vpc", NULL);
  if (!g_file_set_contents (start_path, start, -1, error))
    return FALSE;

  if (ls != NULL && ls->deployed)
    {
      int e = wirelab_link_find_end (link, wirelab_node_get_id (ns->node), "e0");
      LinkEnd *peer = &ls->end[1 - e];
      HvState *peer_hv = peer->hv != NULL ? peer->hv : (peer->node != NULL ? peer->node->hv : NULL);

      rport = peer->port;
      if (peer_hv != NULL && ns->hv != NULL)
        {
          rhost = _wl_session_remote_address (ns->hv, peer_hv);
          /* VPCS takes an IPv4 literal only. */
          if (!g_str_equal (rhost, "127.0.0.1"))
            rhost = peer_hv->host != NULL ? peer_hv->host->ipv4 : NULL;
          if (rhost == NULL)
            {
              g_set_error (error, WIRELAB_LAB_ERROR, WIRELAB_LAB_ERROR_UNSUPPORTED,
                           "%s: hypervisor %s has no IPv4 address for VPCS", node_name (ns),
                           wirelab_hypervisor_config_get_display_name (peer_hv->config));
              return FALSE;
            }
        }
    }

  config.program = _wl_session_vpcs_program (self);
  config.directory = dir;
  config.name = node_name (ns);
  config.console_addr = "127.0.0.1";
  config.console_port = ns->console;
  config.local_port = ns->vpcs_port;
  config.remote_host = rhost;
  config.remote_port = rport;
  config.mac_offset = wirelab_node_get_instance_id (ns->node);
  config.script = "wirelab-start.vpc";
  /* Its ports are ours until VPCS binds them. */
  hold_pc_ports (self, ns, FALSE);
  ns->vpcs = wl_vpcs_start (&config, on_vpcs_exit, ns, error);
  if (ns->vpcs == NULL)
    {
      hold_pc_ports (self, ns, TRUE);
      return FALSE;
    }
  return TRUE;
}

static void
on_failed_vpcs_gone (gpointer data)
{
  GTask *task = data;
  WirelabSession *self = g_task_get_source_object (task);
  NodeState *ns = _wl_session_node_state (self, g_task_get_task_data (task));
  GError *error = g_object_steal_data (G_OBJECT (task), "wl-error");

  if (ns != NULL)
    hold_pc_ports (self, ns, TRUE);
  g_task_return_error (task, error);
  g_object_unref (task);
}

static void
on_vpcs_ready (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  GTask *task = user_data;
  WirelabSession *self = g_task_get_source_object (task);
  NodeState *ns = _wl_session_node_state (self, g_task_get_task_data (task));
  GError *error = NULL;

  if (wl_vpcs_wait_ready_finish (result, &error))
    {
      g_task_return_boolean (task, TRUE);
      g_object_unref (task);
      return;
    }
  /* Deaf (its UDP port taken) or silent: not left running as if fine. */
  if (ns != NULL && ns->vpcs != NULL && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_warning ("%s", error->message);
      g_object_set_data (G_OBJECT (task), "wl-error", error);
      wl_vpcs_stop (g_steal_pointer (&ns->vpcs), on_failed_vpcs_gone, task);
      return;
    }
  g_task_return_error (task, error);
  g_object_unref (task);
}

/* Starts the PC's VPCS and completes once VPCS holds its UDP port. */
static void
start_vpcs (WirelabSession      *self,
            NodeState           *ns,
            GAsyncReadyCallback  callback,
            gpointer             user_data)
{
  GTask *task = g_task_new (self, NULL, callback, user_data);
  GError *error = NULL;

  g_task_set_task_data (task, g_object_ref (ns->node), g_object_unref);
  if (!spawn_vpcs (self, ns, &error))
    {
      g_task_return_error (task, error);
      g_object_unref (task);
      return;
    }
  wl_vpcs_wait_ready_async (ns->vpcs, VPCS_READY_TIMEOUT_MS, on_vpcs_ready, task);
}

static gboolean
start_vpcs_finish (GAsyncResult  *result,
                   GError       **error)
{
  return g_task_propagate_boolean (G_TASK (result), error);
}

/* A running PC whose cable was (re)made must learn its peer's new port:
 * restart it once the old process is gone. */
typedef struct
{
  WirelabSession *self;
  WirelabNode    *node;
} Restart;

static void
restart_free (Restart *r)
{
  g_object_unref (r->node);
  g_object_unref (r->self);
  g_free (r);
}

static void
on_restarted (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  Restart *r = user_data;
  g_autoptr(GError) error = NULL;

  if (start_vpcs_finish (result, &error))
    _wirelab_node_set_status (r->node, WIRELAB_NODE_STATUS_RUNNING);
  else if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      _wirelab_node_set_status (r->node, WIRELAB_NODE_STATUS_STOPPED);
      _wirelab_node_set_status_message (r->node, error->message);
      _wl_session_warning (r->self, "%s", error->message);
    }
  restart_free (r);
}

static void
on_gone_restart (gpointer data)
{
  Restart *r = data;
  NodeState *ns = _wl_session_node_state (r->self, r->node);

  if (ns != NULL && ns->deployed && ns->vpcs == NULL)
    {
      start_vpcs (r->self, ns, on_restarted, r);
      return;
    }
  restart_free (r);
}

void
_wl_session_restart_vpcs (WirelabSession *self,
                          NodeState      *ns)
{
  Restart *r;

  if (ns->vpcs == NULL)
    return;
  r = g_new0 (Restart, 1);
  r->self = g_object_ref (self);
  r->node = g_object_ref (ns->node);
  _wl_session_progress (self, ns->node, "restarting for its new link");
  wl_vpcs_stop (g_steal_pointer (&ns->vpcs), on_gone_restart, r);
}

/* ---- one node ---- */

typedef struct
{
  WirelabNode       *node;
  WirelabNodeAction  action;
  WirelabNodeStatus  before;
} Action;

static void
action_free (gpointer data)
{
  Action *a = data;

  g_object_unref (a->node);
  g_free (a);
}

static gboolean
set_status (WlTxn    *txn,
            gpointer  data,
            GError  **error)
{
  NodeRef *r = data;

  if (r->next == WIRELAB_NODE_STATUS_STOPPED)
    hold_consoles (r->self, r->ns, TRUE);
  _wirelab_node_set_status (r->ns->node, r->next);
  _wl_session_progress (r->self, r->ns->node, "%s", wirelab_node_status_to_string (r->next));
  return TRUE;
}

static gboolean
on_start_failed (WlTxn        *txn,
                 const GError *error,
                 gpointer      data)
{
  NodeRef *r = data;

  /* A failed start leaves half a machine behind: stop it (spec 12.4). */
  if (g_error_matches (error, WIRELAB_HV_ERROR, 209) && r->ns->hv != NULL && r->ns->hv->connected)
    wirelab_client_callv_async (r->ns->hv->client, NULL, NULL, NULL, "vm", "stop", r->ns->obj, NULL);
  else
    hold_consoles (r->self, r->ns, TRUE);
  return FALSE;
}

/* Just before `vm start`: the router's consoles are about to listen. */
static gboolean
unhold_consoles (WlTxn    *txn,
                 gpointer  data,
                 GError  **error)
{
  NodeRef *r = data;

  hold_consoles (r->self, r->ns, FALSE);
  return TRUE;
}

static void
on_action_txn_done (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Action *a = g_task_get_task_data (task);
  WirelabSession *self = g_task_get_source_object (task);
  NodeState *ns = _wl_session_node_state (self, a->node);
  g_autoptr(GError) error = NULL;

  if (!wl_txn_run_finish (result, &error))
    {
      if (ns != NULL)
        {
          _wirelab_node_set_status (ns->node, ns->deployed && a->before != WIRELAB_NODE_STATUS_STARTING
                                                ? a->before : WIRELAB_NODE_STATUS_STOPPED);
          _wirelab_node_set_status_message (ns->node, error->message);
        }
      g_prefix_error (&error, "%s: ", wirelab_node_get_name (a->node));
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  if (ns != NULL)
    _wirelab_node_set_status_message (ns->node, "");
  g_task_return_boolean (task, TRUE);
}

static void run_action_deployed (GTask *task);

static void
on_action_deployed (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;

  if (!_wl_session_deploy_finish (result, &error))
    {
      Action *a = g_task_get_task_data (task);

      g_prefix_error (&error, "%s: ", wirelab_node_get_name (a->node));
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  run_action_deployed (g_steal_pointer (&task));
}

/* VPCS actions wait until a stopped process is gone: a new one binds the
 * same UDP ports. */
static void
vpcs_action_finish (WirelabSession *self,
                    WirelabNode    *node,
                    GTask          *task,
                    GError         *error)
{
  if (error != NULL)
    {
      _wirelab_node_set_status_message (node, error->message);
      g_task_return_error (task, error);
    }
  else
    {
      _wirelab_node_set_status_message (node, "");
      _wl_session_progress (self, node, "%s",
                            wirelab_node_status_to_string (wirelab_node_get_status (node)));
      g_task_return_boolean (task, TRUE);
    }
  g_object_unref (task);
}

static void
on_vpcs_started_for_action (GObject      *source,
                            GAsyncResult *result,
                            gpointer      user_data)
{
  GTask *task = user_data;
  WirelabSession *self = g_task_get_source_object (task);
  Action *a = g_task_get_task_data (task);
  GError *error = NULL;

  _wirelab_node_set_status (a->node, start_vpcs_finish (result, &error)
                                       ? WIRELAB_NODE_STATUS_RUNNING : WIRELAB_NODE_STATUS_STOPPED);
  vpcs_action_finish (self, a->node, task, error);
}

static void
vpcs_start_now (WirelabSession *self,
                NodeState      *ns,
                GTask          *task)
{
  _wirelab_node_set_status (ns->node, WIRELAB_NODE_STATUS_STARTING);
  start_vpcs (self, ns, on_vpcs_started_for_action, task);
}

static void
on_vpcs_gone_for_action (gpointer data)
{
  GTask *task = data;
  WirelabSession *self = g_task_get_source_object (task);
  Action *a = g_task_get_task_data (task);
  NodeState *ns = _wl_session_node_state (self, a->node);

  if (ns == NULL)
    {
      g_task_return_boolean (task, TRUE);
      g_object_unref (task);
      return;
    }
  _wirelab_node_set_status (ns->node, WIRELAB_NODE_STATUS_STOPPED);
  hold_pc_ports (self, ns, TRUE);
  if (a->action == WIRELAB_NODE_ACTION_RELOAD && ns->deployed)
    vpcs_start_now (self, ns, task);
  else
    vpcs_action_finish (self, ns->node, task, NULL);
}

static void
run_vpcs_action (WirelabSession *self,
                 NodeState      *ns,
                 Action         *a,
                 GTask          *task)
{
  WirelabNodeStatus status = wirelab_node_get_status (ns->node);

  switch (a->action)
    {
    case WIRELAB_NODE_ACTION_START:
      if (ns->vpcs != NULL && status == WIRELAB_NODE_STATUS_SUSPENDED)
        {
          wl_vpcs_resume (ns->vpcs);
          _wirelab_node_set_status (ns->node, WIRELAB_NODE_STATUS_RUNNING);
        }
      else if (ns->vpcs == NULL)
        {
          vpcs_start_now (self, ns, task);
          return;
        }
      break;

    case WIRELAB_NODE_ACTION_SUSPEND:
      if (ns->vpcs != NULL)
        {
          wl_vpcs_suspend (ns->vpcs);
          _wirelab_node_set_status (ns->node, WIRELAB_NODE_STATUS_SUSPENDED);
        }
      break;

    case WIRELAB_NODE_ACTION_STOP:
    case WIRELAB_NODE_ACTION_RELOAD:
    default:
      if (ns->vpcs != NULL)
        {
          _wirelab_node_set_status (ns->node, WIRELAB_NODE_STATUS_STOPPING);
          wl_vpcs_stop (g_steal_pointer (&ns->vpcs), on_vpcs_gone_for_action, task);
          return;
        }
      if (a->action == WIRELAB_NODE_ACTION_RELOAD)
        {
          vpcs_start_now (self, ns, task);
          return;
        }
      break;
    }
  vpcs_action_finish (self, ns->node, task, NULL);
}

static void
run_action_deployed (GTask *task)
{
  Action *a = g_task_get_task_data (task);
  WirelabSession *self = g_task_get_source_object (task);
  NodeState *ns = _wl_session_node_state (self, a->node);
  WirelabNodeKind kind = wirelab_node_get_kind (a->node);
  WirelabNodeStatus status = wirelab_node_get_status (a->node);
  WlTxn *txn;
  NodeRef *r;

  if (ns == NULL || !ns->deployed || ns->hv == NULL || !ns->hv->connected)
    {
      g_task_return_new_error (task, WIRELAB_LAB_ERROR, WIRELAB_LAB_ERROR_NOT_CONNECTED,
                               "%s is not on a connected hypervisor", wirelab_node_get_name (a->node));
      g_object_unref (task);
      return;
    }
  a->before = status;

  if (kind == WIRELAB_NODE_KIND_VPCS)
    {
      run_vpcs_action (self, ns, a, task);
      return;
    }

  if (kind != WIRELAB_NODE_KIND_ROUTER)
    {
      /* Switches, hubs and FR switches run while they exist. */
      g_task_return_boolean (task, TRUE);
      g_object_unref (task);
      return;
    }

  txn = wl_txn_new (g_task_get_cancellable (task));
  r = node_ref_new (self, ns, txn);
  switch (a->action)
    {
    case WIRELAB_NODE_ACTION_START:
      if (status == WIRELAB_NODE_STATUS_RUNNING)
        break;
      if (status == WIRELAB_NODE_STATUS_SUSPENDED)
        {
          wl_txn_call (txn, ns->hv->client, WL_WORDS ("vm", "resume", ns->obj), NULL, NULL, NULL, NULL);
          r->next = WIRELAB_NODE_STATUS_RUNNING;
          wl_txn_step (txn, set_status, r);
          break;
        }
      _wirelab_node_set_status (ns->node, WIRELAB_NODE_STATUS_STARTING);
      wl_txn_step (txn, unhold_consoles, r);
      wl_txn_call (txn, ns->hv->client, WL_WORDS ("vm", "start", ns->obj), NULL, NULL,
                   on_start_failed, r);
      r->next = WIRELAB_NODE_STATUS_RUNNING;
      wl_txn_step (txn, set_status, r);
      break;

    case WIRELAB_NODE_ACTION_STOP:
      if (status == WIRELAB_NODE_STATUS_STOPPED)
        break;
      _wirelab_node_set_status (ns->node, WIRELAB_NODE_STATUS_STOPPING);
      _wl_session_add_router_stop (self, ns, txn);
      r->next = WIRELAB_NODE_STATUS_STOPPED;
      wl_txn_step (txn, set_status, r);
      break;

    case WIRELAB_NODE_ACTION_SUSPEND:
      if (status != WIRELAB_NODE_STATUS_RUNNING)
        break;
      wl_txn_call (txn, ns->hv->client, WL_WORDS ("vm", "suspend", ns->obj), NULL, NULL, NULL, NULL);
      r->next = WIRELAB_NODE_STATUS_SUSPENDED;
      wl_txn_step (txn, set_status, r);
      break;

    case WIRELAB_NODE_ACTION_RELOAD:
    default:
      _wirelab_node_set_status (ns->node, WIRELAB_NODE_STATUS_STARTING);
      if (status != WIRELAB_NODE_STATUS_STOPPED)
        wl_txn_call (txn, ns->hv->client, WL_WORDS ("vm", "stop", ns->obj), NULL, NULL, NULL, NULL);
      wl_txn_step (txn, unhold_consoles, r);
      wl_txn_call (txn, ns->hv->client, WL_WORDS ("vm", "start", ns->obj), NULL, NULL,
                   on_start_failed, r);
      r->next = WIRELAB_NODE_STATUS_RUNNING;
      wl_txn_step (txn, set_status, r);
      break;
    }
  wl_txn_run_async (txn, on_action_txn_done, task);
}

void
_wl_session_node_action (WirelabSession      *self,
                         WirelabNode         *node,
                         WirelabNodeAction    action,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);
  NodeState *ns = _wl_session_node_state (self, node);
  Action *a = g_new0 (Action, 1);

  a->node = g_object_ref (node);
  a->action = action;
  g_task_set_task_data (task, a, action_free);

  if (ns == NULL)
    {
      g_task_return_new_error (task, WIRELAB_LAB_ERROR, WIRELAB_LAB_ERROR_INVALID,
                               "%s is not in the lab", wirelab_node_get_name (node));
      g_object_unref (task);
      return;
    }
  if (!ns->deployed && action == WIRELAB_NODE_ACTION_START)
    {
      g_autoptr(GPtrArray) one = g_ptr_array_new ();

      g_ptr_array_add (one, node);
      _wl_session_deploy (self, one, cancellable, on_action_deployed, task);
      return;
    }
  if (!ns->deployed)
    {
      /* Nothing runs: stopping, suspending or reloading it is a no-op. */
      g_task_return_boolean (task, TRUE);
      g_object_unref (task);
      return;
    }
  run_action_deployed (task);
}

gboolean
_wl_session_node_action_finish (GAsyncResult  *result,
                                GError       **error)
{
  return g_task_propagate_boolean (G_TASK (result), error);
}

/* ---- captures ---- */

static char *
sanitize (const char *text)
{
  GString *s = g_string_new (NULL);

  for (const char *p = text; *p != '\0'; p++)
    g_string_append_c (s, g_ascii_isalnum (*p) || *p == '-' ? *p : '_');
  return g_string_free (s, FALSE);
}

static const char *
capture_dlt (WirelabSession *self,
             LinkState      *ls)
{
  for (guint e = 0; e < 2; e++)
    {
      NodeState *ns = ls->end[e].node;
      WirelabInterfaceType type = WIRELAB_INTERFACE_ETHERNET;

      if (ns == NULL)
        continue;
      if (wirelab_node_get_kind (ns->node) == WIRELAB_NODE_KIND_FRSW)
        return "FRELAY";
      _wirelab_node_lookup_interface (ns->node, wirelab_link_get_interface (ls->link, e), NULL,
                                      NULL, &type);
      switch (type)
        {
        case WIRELAB_INTERFACE_SERIAL:
          return "C_HDLC";
        case WIRELAB_INTERFACE_ATM:
          return "ATM_RFC1483";
        case WIRELAB_INTERFACE_POS:
          return "PPP_SERIAL";
        case WIRELAB_INTERFACE_ETHERNET:
        default:
          break;
        }
    }
  return "EN10MB";
}

typedef struct
{
  LinkState *ls;
  int        end;
  char      *path;
  gboolean   start;
} Capture;

static void
capture_free (gpointer data)
{
  Capture *c = data;

  g_free (c->path);
  g_free (c);
}

static gboolean
commit_capture (WlTxn    *txn,
                gpointer  data,
                GError  **error)
{
  Capture *c = data;

  if (c->start)
    {
      c->ls->capture_end = c->end;
      _wirelab_link_set_capture (c->ls->link, TRUE, c->path);
    }
  else
    {
      c->ls->capture_end = -1;
      _wirelab_link_set_capture (c->ls->link, FALSE, wirelab_link_get_capture_path (c->ls->link));
    }
  return TRUE;
}

static void
on_capture_done (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;

  if (!wl_txn_run_finish (result, &error))
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_boolean (task, TRUE);
}

void
_wl_session_capture (WirelabSession      *self,
                     LinkState           *ls,
                     gboolean             start,
                     GCancellable        *cancellable,
                     GAsyncReadyCallback  callback,
                     gpointer             user_data)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);
  WlTxn *txn;
  Capture *c;
  int end = -1;

  if (!ls->deployed)
    {
      g_task_return_new_error (task, WIRELAB_LAB_ERROR, WIRELAB_LAB_ERROR_NOT_CONNECTED,
                               "The link is not running");
      g_object_unref (task);
      return;
    }

  if (!start)
    {
      if (ls->capture_end < 0)
        {
          g_task_return_boolean (task, TRUE);
          g_object_unref (task);
          return;
        }
      end = ls->capture_end;
    }
  else
    {
      if (ls->capture_end >= 0)
        {
          g_task_return_boolean (task, TRUE);
          g_object_unref (task);
          return;
        }
      /* An end on this machine writes where the user can open the file;
       * not the end holding the filters. */
      for (guint e = 0; e < 2 && end < 0; e++)
        if (ls->end[e].hv != NULL && ls->end[e].hv->host != NULL &&
            g_str_equal (ls->end[e].hv->host->key, WL_HOST_LOCAL) && ls->filter_end != (int) e)
          end = e;
      for (guint e = 0; e < 2 && end < 0; e++)
        if (ls->end[e].hv != NULL && ls->filter_end != (int) e)
          end = e;
      if (end < 0)
        {
          g_task_return_new_error (task, WIRELAB_LAB_ERROR, WIRELAB_LAB_ERROR_UNSUPPORTED,
                                   ls->end[0].hv == NULL && ls->end[1].hv == NULL
                                     ? "A link between two PCs has no hypervisor end to capture on"
                                     : "The link's only hypervisor end holds its filter; remove "
                                       "the filter to capture");
          g_object_unref (task);
          return;
        }
    }

  c = g_new0 (Capture, 1);
  c->ls = ls;
  c->end = end;
  c->start = start;
  txn = wl_txn_new (cancellable);
  wl_txn_add_cleanup (txn, capture_free, c);
  if (start)
    {
      g_autoptr(GDateTime) now = g_date_time_new_now_local ();
      g_autofree char *stamp = g_date_time_format (now, "%Y%m%d-%H%M%S");
      g_autofree char *a = sanitize (node_name (ls->end[0].node));
      g_autofree char *ia = sanitize (wirelab_link_get_interface (ls->link, 0));
      g_autofree char *b = sanitize (node_name (ls->end[1].node));
      g_autofree char *ib = sanitize (wirelab_link_get_interface (ls->link, 1));
      g_autofree char *file = g_strdup_printf ("%s_%s_to_%s_%s-%s.pcap", a, ia, b, ib, stamp);

      if (g_str_equal (ls->end[end].hv->host->key, WL_HOST_LOCAL))
        {
          g_autofree char *dir = _wl_session_project_subdir (self, "captures");

          c->path = dir != NULL ? g_build_filename (dir, file, NULL) : g_strdup (file);
        }
      else
        c->path = g_strdup (file);
      wl_txn_call (txn, ls->end[end].hv->client,
                   WL_WORDS ("nio", "bind_filter", ls->end[end].nio, "2", "capture"),
                   NULL, NULL, NULL, NULL);
      wl_txn_call (txn, ls->end[end].hv->client,
                   WL_WORDS ("nio", "setup_filter", ls->end[end].nio, "2", capture_dlt (self, ls), c->path),
                   WL_WORDS ("nio", "unbind_filter", ls->end[end].nio, "2"), NULL, NULL, NULL);
    }
  else
    wl_txn_call (txn, ls->end[end].hv->client, WL_WORDS ("nio", "unbind_filter", ls->end[end].nio, "2"),
                 NULL, NULL, ignore_error, NULL);
  wl_txn_on_commit (txn, commit_capture, c);
  wl_txn_run_async (txn, on_capture_done, task);
}

gboolean
_wl_session_capture_finish (GAsyncResult  *result,
                            GError       **error)
{
  return g_task_propagate_boolean (G_TASK (result), error);
}

/* ---- the public operations ---- */

static void
on_op_finished (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  WirelabSession *self = g_task_get_source_object (task);
  g_autoptr(GError) error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_boolean (task, TRUE);
  _wl_session_op_done (self);
}

static void
run_deploy_all (WirelabSession *self,
                GTask          *task)
{
  GListModel *nodes = wirelab_lab_get_nodes (_wl_session_lab (self));
  g_autoptr(GPtrArray) all = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < g_list_model_get_n_items (nodes); i++)
    g_ptr_array_add (all, g_list_model_get_item (nodes, i));
  _wl_session_deploy (self, all, g_task_get_cancellable (task), on_op_finished, g_object_ref (task));
}

void
wirelab_session_deploy_async (WirelabSession      *self,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (WIRELAB_IS_SESSION (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, wirelab_session_deploy_async);
  _wl_session_queue_op (self, task, run_deploy_all);
}

gboolean
wirelab_session_deploy_finish (WirelabSession  *self,
                               GAsyncResult    *result,
                               GError         **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
run_node_action (WirelabSession *self,
                 GTask          *task)
{
  Action *a = g_task_get_task_data (task);

  _wl_session_node_action (self, a->node, a->action, g_task_get_cancellable (task),
                           on_op_finished, g_object_ref (task));
}

void
wirelab_session_node_action_async (WirelabSession      *self,
                                   WirelabNode         *node,
                                   WirelabNodeAction    action,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  Action *a;

  g_return_if_fail (WIRELAB_IS_SESSION (self));
  g_return_if_fail (WIRELAB_IS_NODE (node));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, wirelab_session_node_action_async);
  a = g_new0 (Action, 1);
  a->node = g_object_ref (node);
  a->action = action;
  g_task_set_task_data (task, a, action_free);
  _wl_session_queue_op (self, task, run_node_action);
}

gboolean
wirelab_session_node_action_finish (WirelabSession  *self,
                                    GAsyncResult    *result,
                                    GError         **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

/* All nodes: one queued operation per node so other requests interleave;
 * starts are spaced by the lab's start-delay. */
typedef struct
{
  WirelabNodeAction  action;
  GPtrArray         *nodes;
  guint              next;
  GString           *errors;
  guint              delay_source;
} AllAction;

static void
all_action_free (gpointer data)
{
  AllAction *all = data;

  g_clear_handle_id (&all->delay_source, g_source_remove);
  g_ptr_array_unref (all->nodes);
  g_string_free (all->errors, TRUE);
  g_free (all);
}

static void all_next (GTask *task);

static gboolean
on_all_delay (gpointer user_data)
{
  GTask *task = user_data;
  AllAction *all = g_task_get_task_data (task);

  all->delay_source = 0;
  all_next (task);
  return G_SOURCE_REMOVE;
}

static void
on_all_one_done (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  GTask *task = user_data;
  WirelabSession *self = g_task_get_source_object (task);
  AllAction *all = g_task_get_task_data (task);
  WirelabNode *node = g_ptr_array_index (all->nodes, all->next - 1);
  g_autoptr(GError) error = NULL;
  WirelabNodeKind kind = wirelab_node_get_kind (node);
  guint delay = wirelab_lab_get_start_delay (_wl_session_lab (self));

  if (!wirelab_session_node_action_finish (self, result, &error))
    g_string_append_printf (all->errors, "%s%s", all->errors->len > 0 ? "\n" : "", error->message);

  if ((all->action == WIRELAB_NODE_ACTION_START || all->action == WIRELAB_NODE_ACTION_RELOAD) &&
      error == NULL && delay > 0 && all->next < all->nodes->len &&
      (kind == WIRELAB_NODE_KIND_ROUTER || kind == WIRELAB_NODE_KIND_VPCS))
    {
      all->delay_source = g_timeout_add (delay, on_all_delay, task);
      return;
    }
  all_next (task);
}

static void
all_next (GTask *task)
{
  WirelabSession *self = g_task_get_source_object (task);
  AllAction *all = g_task_get_task_data (task);

  if (g_task_return_error_if_cancelled (task))
    {
      g_object_unref (task);
      return;
    }
  if (all->next >= all->nodes->len)
    {
      if (all->errors->len > 0)
        g_task_return_new_error (task, WIRELAB_LAB_ERROR, WIRELAB_LAB_ERROR_FAILED, "%s",
                                 all->errors->str);
      else
        g_task_return_boolean (task, TRUE);
      g_object_unref (task);
      return;
    }
  wirelab_session_node_action_async (self, g_ptr_array_index (all->nodes, all->next++), all->action,
                                     g_task_get_cancellable (task), on_all_one_done, task);
}

static void
on_all_deployed (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  GTask *task = user_data;
  AllAction *all = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;

  /* A lab that cannot be placed as a whole is not started at all: nothing
   * was created. */
  if (!wirelab_session_deploy_finish (WIRELAB_SESSION (source), result, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      g_object_unref (task);
      return;
    }
  (void) all;
  all_next (task);
}

void
wirelab_session_all_action_async (WirelabSession      *self,
                                  WirelabNodeAction    action,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  GTask *task;
  AllAction *all;
  GListModel *nodes;

  g_return_if_fail (WIRELAB_IS_SESSION (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, wirelab_session_all_action_async);
  all = g_new0 (AllAction, 1);
  all->action = action;
  all->nodes = g_ptr_array_new_with_free_func (g_object_unref);
  all->errors = g_string_new (NULL);
  g_task_set_task_data (task, all, all_action_free);

  nodes = wirelab_lab_get_nodes (_wl_session_lab (self));
  for (guint i = 0; i < g_list_model_get_n_items (nodes); i++)
    g_ptr_array_add (all->nodes, g_list_model_get_item (nodes, i));

  if (action == WIRELAB_NODE_ACTION_START)
    wirelab_session_deploy_async (self, cancellable, on_all_deployed, task);
  else
    all_next (task);
}

gboolean
wirelab_session_all_action_finish (WirelabSession  *self,
                                   GAsyncResult    *result,
                                   GError         **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
run_capture (WirelabSession *self,
             GTask          *task)
{
  WirelabLink *link = g_task_get_task_data (task);
  LinkState *ls = _wl_session_link_state (self, link);
  gboolean start = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (task), "wl-start"));

  if (ls == NULL)
    {
      g_task_return_new_error (task, WIRELAB_LAB_ERROR, WIRELAB_LAB_ERROR_INVALID,
                               "The link is not in the lab");
      _wl_session_op_done (self);
      return;
    }
  _wl_session_capture (self, ls, start, g_task_get_cancellable (task), on_op_finished,
                       g_object_ref (task));
}

void
wirelab_session_capture_async (WirelabSession      *self,
                               WirelabLink         *link,
                               gboolean             start,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (WIRELAB_IS_SESSION (self));
  g_return_if_fail (WIRELAB_IS_LINK (link));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, wirelab_session_capture_async);
  g_task_set_task_data (task, g_object_ref (link), g_object_unref);
  g_object_set_data (G_OBJECT (task), "wl-start", GINT_TO_POINTER (start));
  _wl_session_queue_op (self, task, run_capture);
}

gboolean
wirelab_session_capture_finish (WirelabSession  *self,
                                GAsyncResult    *result,
                                GError         **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}
