/* wl-session-edits.c: a running lab follows the edits of its model
 *
 * Copyright 2026 The Wirelab authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#define G_LOG_DOMAIN "wirelab-session"

#include "config.h"

#include "wl-session-private.h"

/* ---- model changes while running ---- */

HvState *
_wl_session_add_hv_state (WirelabSession          *self,
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
          HvState *made = _wl_session_add_hv_state (self, config, self->hvs->len);

          g_ptr_array_steal_index (self->hvs, self->hvs->len - 1);
          g_ptr_array_add (keep, made);
          g_ptr_array_add (fresh, made);
        }
    }
  /* What is left in self->hvs was removed from the lab. */
  while (self->hvs->len > 0)
    {
      HvState *gone = g_ptr_array_index (self->hvs, 0);

      _wl_session_hv_lost (gone, "removed from the lab");
      g_ptr_array_remove_index (self->hvs, 0);
    }
  for (guint i = 0; i < keep->len; i++)
    g_ptr_array_add (self->hvs, g_ptr_array_index (keep, i));

  /* New hypervisors of a running lab connect at once. */
  if (started && !self->shut_down)
    for (guint i = 0; i < fresh->len; i++)
      _wl_session_connect_hv (self, g_ptr_array_index (fresh, i), NULL);
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

      /* The lab's index answers in O(1): a scan of the list per node made
       * deleting nodes of a big lab quadratic in its size. */
      if (_wirelab_lab_contains (self->lab, key))
        continue;
      g_signal_handlers_disconnect_by_data (key, self);
      g_hash_table_iter_steal (&iter);
      task = g_task_new (self, NULL, NULL, NULL);
      g_task_set_task_data (task, ns, _wl_node_state_free);
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

      if (_wirelab_lab_contains (self->lab, key))
        continue;
      g_signal_handlers_disconnect_by_data (key, self);
      g_hash_table_iter_steal (&iter);
      task = g_task_new (self, NULL, NULL, NULL);
      g_task_set_task_data (task, ls, _wl_link_state_free);
      _wl_session_queue_op (self, task, run_remove_link);
    }
}

void
_wl_session_watch_lab (WirelabSession *self)
{
  GListModel *hypervisors = wirelab_lab_get_hypervisors (self->lab);
  GListModel *nodes = wirelab_lab_get_nodes (self->lab);
  GListModel *links = wirelab_lab_get_links (self->lab);

  on_hypervisors_changed (hypervisors, 0, 0, g_list_model_get_n_items (hypervisors), self);
  on_nodes_changed (nodes, 0, 0, g_list_model_get_n_items (nodes), self);
  on_links_changed (links, 0, 0, g_list_model_get_n_items (links), self);
  g_signal_connect (hypervisors, "items-changed", G_CALLBACK (on_hypervisors_changed), self);
  g_signal_connect (nodes, "items-changed", G_CALLBACK (on_nodes_changed), self);
  g_signal_connect (links, "items-changed", G_CALLBACK (on_links_changed), self);
}
