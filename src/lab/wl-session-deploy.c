/* wl-session-deploy.c: turning nodes and links into hypervisor objects
 *
 * Copyright 2026 The Wirelab authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * One deploy is one transaction: placement and port checks first (nothing
 * is sent when they fail), then routers and switches, then each link's two
 * UDP NIOs and their bindings, then Frame Relay VCs and link filters.  Any
 * failure undoes what the transaction created, in reverse.
 */

#define G_LOG_DOMAIN "wirelab-session"

#include "config.h"

#include <string.h>

#include "wl-placement.h"
#include "wl-session-private.h"

/* How many ports a link end tries when hypervisors refuse them (206). */
#define MAX_PORT_RETRIES 32

typedef struct
{
  WirelabSession *self;
  GPtrArray      *nodes;       /* NodeState* being deployed */
  GPtrArray      *links;       /* LinkState* being deployed */
  GPtrArray      *frsws;       /* NodeState* whose VCs may need creating */
  GHashTable     *hv_of;       /* NodeState* -> HvState* planned */
  guint           retries;
} Deploy;

static void
deploy_free (gpointer data)
{
  Deploy *d = data;

  g_ptr_array_unref (d->nodes);
  g_ptr_array_unref (d->links);
  g_ptr_array_unref (d->frsws);
  g_hash_table_unref (d->hv_of);
  g_free (d);
}

static const char *
host_key (HvState *hv)
{
  return hv->host != NULL ? hv->host->key : "?";
}

static gboolean
is_local_host (HvState *hv)
{
  return hv->host != NULL && g_str_equal (hv->host->key, WL_HOST_LOCAL);
}

/* Physically this machine: its own names, or a loopback alias. */
static gboolean
on_this_machine (HvState *hv)
{
  return hv->host != NULL && (g_str_equal (hv->host->key, WL_HOST_LOCAL) || hv->host->loopback);
}

static const char *
node_name (NodeState *ns)
{
  return wirelab_node_get_name (ns->node);
}

static WirelabNodeKind
node_kind (NodeState *ns)
{
  return wirelab_node_get_kind (ns->node);
}

static gboolean
ignore_error (WlTxn        *txn,
              const GError *error,
              gpointer      data)
{
  g_debug ("ignored: %s", error->message);
  return TRUE;
}

/* ---- planning: placement, consoles, ports ---- */

static HvState *
planned_hv (Deploy    *d,
            NodeState *ns)
{
  if (ns->deployed)
    return ns->hv;
  return g_hash_table_lookup (d->hv_of, ns);
}

static gboolean
place (Deploy  *d,
       GError **error)
{
  WirelabSession *self = d->self;
  GPtrArray *hvs = _wl_session_hvs (self);
  g_autoptr(GPtrArray) place_hvs = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) nodes = g_ptr_array_new ();
  g_autoptr(GHashTable) out = g_hash_table_new (NULL, NULL);

  for (guint i = 0; i < hvs->len; i++)
    {
      HvState *hv = g_ptr_array_index (hvs, i);
      WlPlaceHv *p = g_new0 (WlPlaceHv, 1);

      p->config = hv->config;
      p->available = hv->connected && hv->host != NULL;
      p->this_machine = is_local_host (hv);
      p->limit_mb = hv->limit_mb;
      p->placed_mb = wirelab_hypervisor_config_get_placed_ram_mb (hv->config);
      p->node_count = wirelab_hypervisor_config_get_node_count (hv->config);
      g_ptr_array_add (place_hvs, p);
    }
  for (guint i = 0; i < d->nodes->len; i++)
    g_ptr_array_add (nodes, ((NodeState *) g_ptr_array_index (d->nodes, i))->node);

  if (!wl_place_nodes (_wl_session_lab (self), place_hvs, nodes, out, error))
    return FALSE;

  for (guint i = 0; i < d->nodes->len; i++)
    {
      NodeState *ns = g_ptr_array_index (d->nodes, i);
      WlPlaceHv *p = g_hash_table_lookup (out, ns->node);
      guint idx;

      g_assert (p != NULL);
      g_ptr_array_find (place_hvs, p, &idx);
      g_hash_table_insert (d->hv_of, ns, g_ptr_array_index (hvs, idx));
    }
  return TRUE;
}

static gboolean
release_plan (WlTxn    *txn,
              gpointer  data,
              GError  **error)
{
  Deploy *d = data;
  WlPorts *ports = _wl_session_ports (d->self);

  for (guint i = 0; i < d->nodes->len; i++)
    {
      NodeState *ns = g_ptr_array_index (d->nodes, i);
      HvState *hv = g_hash_table_lookup (d->hv_of, ns);

      if (hv != NULL && ns->console != 0)
        wl_ports_release_console (ports, host_key (hv), ns->console);
      if (hv != NULL && ns->aux != 0)
        wl_ports_release_console (ports, host_key (hv), ns->aux);
      if (ns->vpcs_port != 0)
        wl_ports_release_udp (ports, WL_HOST_LOCAL, ns->vpcs_port, 9);
      ns->console = ns->aux = ns->vpcs_port = 0;
      g_clear_pointer (&ns->mac_read, g_free);
      /* Nothing of it exists on a hypervisor: nothing to clean up later. */
      g_clear_pointer (&ns->obj, g_free);
    }
  for (guint i = 0; i < d->links->len; i++)
    {
      LinkState *ls = g_ptr_array_index (d->links, i);

      for (guint e = 0; e < 2; e++)
        {
          LinkEnd *end = &ls->end[e];

          if (end->hv != NULL && end->port != 0)
            wl_ports_release_udp (ports, end->host_key, end->port, 0);
          g_clear_pointer (&end->nio, g_free);
          g_clear_pointer (&end->host_key, g_free);
          end->port = 0;
          end->hv = NULL;
          end->node = NULL;
          end->created = FALSE;
        }
    }
  return TRUE;
}

/* A console or AUX port for `ns` on `hv`: base + instance id unless the
 * node has one; it must be free on the whole host. */
static gboolean
claim_console (Deploy      *d,
               NodeState   *ns,
               HvState     *hv,
               guint        wanted,
               guint        base,
               const char  *what,
               guint16     *out,
               GError     **error)
{
  WlPorts *ports = _wl_session_ports (d->self);
  guint port = wanted != 0 ? wanted : base + wirelab_node_get_instance_id (ns->node);
  const char *owner;

  if (port == 0 || port > 65535)
    {
      g_set_error (error, WIRELAB_LAB_ERROR, WIRELAB_LAB_ERROR_PORT_CONFLICT,
                   "%s: %s port %u is out of range (base %u + instance id %u)", node_name (ns),
                   what, port, base, wirelab_node_get_instance_id (ns->node));
      return FALSE;
    }
  owner = wl_ports_console_owner (ports, host_key (hv), port);
  if (owner != NULL && !g_str_equal (owner, wirelab_node_get_id (ns->node)))
    {
      WirelabNode *other = wirelab_lab_find_node (_wl_session_lab (d->self), owner);

      g_set_error (error, WIRELAB_LAB_ERROR, WIRELAB_LAB_ERROR_PORT_CONFLICT,
                   "%s port %u of %s is already used by %s on host %s", what, port, node_name (ns),
                   other != NULL ? wirelab_node_get_name (other) : owner,
                   wirelab_hypervisor_config_get_host (hv->config));
      return FALSE;
    }
  if (is_local_host (hv) && !wl_ports_holds_tcp (ports, port))
    {
      if (!wl_port_tcp_is_free (port))
        {
          g_set_error (error, WIRELAB_LAB_ERROR, WIRELAB_LAB_ERROR_PORT_CONFLICT,
                       "%s port %u of %s is in use by another program on this machine", what,
                       port, node_name (ns));
          return FALSE;
        }
      /* Ours until the node starts (not when the port is in TIME_WAIT). */
      wl_ports_hold_tcp (ports, port);
    }
  wl_ports_claim_console (ports, host_key (hv), port, wirelab_node_get_id (ns->node));
  *out = port;
  return TRUE;
}

/* The node says why it did not start (the GUI shows it with the node). */
static gboolean
node_failed (NodeState  *ns,
             GError    **error)
{
  if (error != NULL && *error != NULL)
    _wirelab_node_set_status_message (ns->node, (*error)->message);
  return FALSE;
}

/* A PC's UDP port p: VPCS binds p and p + 9, long after the plan (when the
 * PC starts), so both are held until then. */
static guint16
take_pc_port (WlPorts *ports,
              guint16  base)
{
  for (guint attempt = 0; attempt < 64; attempt++)
    {
      guint16 p = wl_ports_take_udp (ports, WL_HOST_LOCAL, base, 9, TRUE);

      if (p == 0)
        return 0;
      if (wl_ports_hold_udp (ports, p) && wl_ports_hold_udp (ports, p + 9))
        return p;
      /* Taken between the test and the hold: never offered again. */
      wl_ports_release_udp (ports, WL_HOST_LOCAL, p, 9);
      wl_ports_forget_udp (ports, WL_HOST_LOCAL, p);
      wl_ports_forget_udp (ports, WL_HOST_LOCAL, p + 9);
    }
  return 0;
}

static gboolean
plan_nodes (Deploy  *d,
            GError **error)
{
  WlPorts *ports = _wl_session_ports (d->self);

  for (guint i = 0; i < d->nodes->len; i++)
    {
      NodeState *ns = g_ptr_array_index (d->nodes, i);
      HvState *hv = g_hash_table_lookup (d->hv_of, ns);
      WirelabNodeKind kind = node_kind (ns);
      guint base_aux = wirelab_hypervisor_config_get_base_aux (hv->config);

      if (kind != WIRELAB_NODE_KIND_ROUTER && kind != WIRELAB_NODE_KIND_VPCS)
        continue;
      if (!claim_console (d, ns, hv, wirelab_node_get_console (ns->node),
                          wirelab_hypervisor_config_get_base_console (hv->config), "Console",
                          &ns->console, error))
        return node_failed (ns, error);
      if (kind == WIRELAB_NODE_KIND_ROUTER &&
          (base_aux != 0 || wirelab_node_get_aux (ns->node) != 0) &&
          !claim_console (d, ns, hv, wirelab_node_get_aux (ns->node), base_aux, "AUX", &ns->aux, error))
        return node_failed (ns, error);
      if (kind == WIRELAB_NODE_KIND_VPCS)
        {
          ns->vpcs_port = take_pc_port (ports, wirelab_hypervisor_config_get_base_udp (hv->config));
          if (ns->vpcs_port == 0)
            {
              g_set_error (error, WIRELAB_LAB_ERROR, WIRELAB_LAB_ERROR_PORT_CONFLICT,
                           "No free UDP port for %s on this machine", node_name (ns));
              return node_failed (ns, error);
            }
        }
    }
  return TRUE;
}

/* The address a NIO on `self_hv` sends to for a peer on `peer_hv`: the
 * peer's host as configured, except on one machine, where every datagram
 * of a wildcard-bound socket leaves from 127.0.0.1 (as Dynagen: same host,
 * both ends 127.0.0.1). */
const char *
_wl_session_remote_address (HvState *self_hv,
                            HvState *peer_hv)
{
  if (self_hv->host != NULL && peer_hv->host != NULL &&
      (g_str_equal (self_hv->host->key, peer_hv->host->key) ||
       (self_hv->host->loopback && peer_hv->host->loopback)))
    return "127.0.0.1";
  return wirelab_hypervisor_config_get_host (peer_hv->config);
}

static gboolean
plan_links (Deploy  *d,
            GError **error)
{
  WirelabSession *self = d->self;
  WlPorts *ports = _wl_session_ports (self);
  static guint counter;
  static guint32 prefix;

  /* NIO names unique across sessions sharing a hypervisor. */
  if (prefix == 0)
    prefix = g_random_int () | 1;

  for (guint i = 0; i < d->links->len; i++)
    {
      LinkState *ls = g_ptr_array_index (d->links, i);
      HvState *hvs[2];

      for (guint e = 0; e < 2; e++)
        {
          WirelabNode *node = wirelab_lab_find_node (_wl_session_lab (self),
                                                     wirelab_link_get_node_id (ls->link, e));
          NodeState *ns = _wl_session_node_state (self, node);
          LinkEnd *end = &ls->end[e];
          HvState *hv = planned_hv (d, ns);

          end->node = ns;
          hvs[e] = hv;
          if (node_kind (ns) == WIRELAB_NODE_KIND_VPCS)
            {
              end->hv = NULL;
              end->port = ns->vpcs_port;
              end->host_key = g_strdup (WL_HOST_LOCAL);
              continue;
            }
          end->hv = hv;
          end->host_key = g_strdup (host_key (hv));
          end->port = wl_ports_take_udp (ports, end->host_key,
                                         wirelab_hypervisor_config_get_base_udp (hv->config), 0,
                                         on_this_machine (hv));
          if (end->port == 0)
            {
              g_set_error (error, WIRELAB_LAB_ERROR, WIRELAB_LAB_ERROR_PORT_CONFLICT,
                           "No free UDP port for %s on host %s", node_name (ns),
                           wirelab_hypervisor_config_get_host (hv->config));
              return node_failed (ns, error);
            }
          end->nio = g_strdup_printf ("wl-%08x-%u%c", prefix, ++counter, 'a' + e);
          if (node_kind (ns) == WIRELAB_NODE_KIND_ROUTER &&
              !_wirelab_node_lookup_interface (ns->node, wirelab_link_get_interface (ls->link, e),
                                               &end->slot, &end->slot_port, NULL))
            {
              g_set_error (error, WIRELAB_LAB_ERROR, WIRELAB_LAB_ERROR_INVALID,
                           "%s has no interface %s", node_name (ns),
                           wirelab_link_get_interface (ls->link, e));
              return FALSE;
            }
        }

      /* A hypervisor known as localhost cannot be reached from elsewhere. */
      for (guint e = 0; e < 2; e++)
        {
          HvState *a = hvs[e], *b = hvs[1 - e];

          if (a != NULL && b != NULL && a->host != NULL && b->host != NULL &&
              a->host->loopback && !b->host->loopback &&
              !g_str_equal (a->host->key, b->host->key))
            _wl_session_warning (self,
                                 "Hypervisor %s is configured as %s but %s on %s links to it: "
                                 "that host will send to its own loopback. Give %s an address "
                                 "%s can reach.",
                                 wirelab_hypervisor_config_get_display_name (a->config),
                                 wirelab_hypervisor_config_get_host (a->config),
                                 node_name (ls->end[1 - e].node),
                                 wirelab_hypervisor_config_get_display_name (b->config),
                                 wirelab_hypervisor_config_get_display_name (a->config),
                                 wirelab_hypervisor_config_get_host (b->config));
        }
    }
  return TRUE;
}

/* ---- commands ---- */

static gboolean
on_mac_read (WlTxn         *txn,
             WirelabReply  *reply,
             gpointer       data,
             GError       **error)
{
  NodeState *ns = data;

  g_free (ns->mac_read);
  ns->mac_read = g_strdup (wirelab_reply_get_text (reply));
  return TRUE;
}

static gboolean
warn_config_push (WlTxn        *txn,
                  const GError *error,
                  gpointer      data)
{
  NodeState *ns = data;

  g_warning ("%s: the saved configuration was not pushed: %s", node_name (ns), error->message);
  return TRUE;
}

/* configs/i<ID>_startup-config.cfg, base64, or NULL. */
static char *
read_config_b64 (WirelabSession *self,
                 NodeState      *ns,
                 const char     *which)
{
  g_autofree char *dir = wirelab_lab_dup_project_dir (_wl_session_lab (self));
  g_autofree char *name = NULL;
  g_autofree char *path = NULL;
  g_autofree char *data = NULL;
  gsize len;

  if (dir == NULL)
    return NULL;
  name = g_strdup_printf ("i%u_%s-config.cfg", wirelab_node_get_instance_id (ns->node), which);
  path = g_build_filename (dir, "configs", name, NULL);
  if (!g_file_get_contents (path, &data, &len, NULL) || len == 0)
    return NULL;
  return g_base64_encode ((const guchar *) data, len);
}

static void
add_router (Deploy    *d,
            WlTxn     *txn,
            NodeState *ns)
{
  WirelabSession *self = d->self;
  HvState *hv = g_hash_table_lookup (d->hv_of, ns);
  WirelabClient *c = hv->client;
  WirelabNode *node = ns->node;
  WirelabImage *image = wirelab_lab_find_image (_wl_session_lab (self), wirelab_node_get_image_id (node));
  const char *platform = wirelab_image_get_platform (image);
  const char *model = wirelab_image_get_model (image);
  const char *name = ns->obj;
  const char *const *slots = _wirelab_node_get_effective_slots (node);
  const char *const *wics = _wirelab_node_get_effective_wics (node);
  const char *fixed = wirelab_platform_get_fixed_adapter (platform, model);
  g_autofree char *id = g_strdup_printf ("%u", wirelab_node_get_instance_id (node));
  g_autofree char *console = g_strdup_printf ("%u", ns->console);
  g_autofree char *aux = g_strdup_printf ("%u", ns->aux);
  g_autofree char *ram = g_strdup_printf ("%u", wirelab_node_get_effective_ram (node));
  g_autofree char *nvram = g_strdup_printf ("%u", _wirelab_node_get_effective_nvram (node));
  g_autofree char *path = _wl_session_image_path (self, image, hv);
  g_autofree char *startup = read_config_b64 (self, ns, "startup");
  g_autofree char *private = read_config_b64 (self, ns, "private");

  wl_txn_call (txn, c, WL_WORDS ("vm", "create", name, id, platform),
               WL_WORDS ("vm", "delete", name), NULL, NULL, NULL);
  wl_txn_call (txn, c, WL_WORDS ("vm", "set_con_tcp_port", name, console), NULL, NULL, NULL, NULL);
  if (ns->aux != 0)
    wl_txn_call (txn, c, WL_WORDS ("vm", "set_aux_tcp_port", name, aux), NULL, NULL, NULL, NULL);
  if (*model != '\0' && (g_str_equal (platform, "c3600") || g_str_equal (platform, "c2600") ||
                         g_str_equal (platform, "c1700")))
    wl_txn_call (txn, c, WL_WORDS (platform, "set_chassis", name, model), NULL, NULL, NULL, NULL);
  if (g_str_equal (platform, "c7200") && *wirelab_image_get_npe (image) != '\0')
    wl_txn_call (txn, c, WL_WORDS ("c7200", "set_npe", name, wirelab_image_get_npe (image)),
                 NULL, NULL, NULL, NULL);
  wl_txn_call (txn, c, WL_WORDS ("vm", "set_ios", name, path), NULL, NULL, NULL, NULL);
  wl_txn_call (txn, c, WL_WORDS ("vm", "set_ram", name, ram), NULL, NULL, NULL, NULL);
  wl_txn_call (txn, c, WL_WORDS ("vm", "set_nvram", name, nvram), NULL, NULL, NULL, NULL);
  if (*wirelab_image_get_idle_pc (image) != '\0')
    wl_txn_call (txn, c, WL_WORDS ("vm", "set_idle_pc", name, wirelab_image_get_idle_pc (image)),
                 NULL, NULL, NULL, NULL);
  if (*wirelab_node_get_mac (node) != '\0')
    wl_txn_call (txn, c, WL_WORDS (platform, "set_mac_addr", name, wirelab_node_get_mac (node)),
                 NULL, NULL, NULL, NULL);
  else
    wl_txn_call (txn, c, WL_WORDS (platform, "get_mac_addr", name), NULL, on_mac_read, NULL, ns);

  for (guint s = 0; slots != NULL && slots[s] != NULL; s++)
    {
      g_autofree char *slot = g_strdup_printf ("%u", s);

      if (*slots[s] == '\0' || (s == 0 && fixed != NULL))
        continue;
      wl_txn_call (txn, c, WL_WORDS ("vm", "slot_add_binding", name, slot, "0", slots[s]),
                   NULL, NULL, NULL, NULL);
    }
  for (guint w = 0; wics != NULL && wics[w] != NULL; w++)
    {
      g_autofree char *port = g_strdup_printf ("%u", 16 * (w + 1));

      if (*wics[w] == '\0')
        continue;
      wl_txn_call (txn, c, WL_WORDS ("vm", "slot_add_binding", name, "0", port, wics[w]),
                   NULL, NULL, NULL, NULL);
    }
  if (startup != NULL)
    {
      if (private != NULL)
        wl_txn_call (txn, c, WL_WORDS ("vm", "push_config", name, startup, private), NULL, NULL,
                     warn_config_push, ns);
      else
        wl_txn_call (txn, c, WL_WORDS ("vm", "push_config", name, startup), NULL, NULL,
                     warn_config_push, ns);
    }
}

static const char *
switch_module (WirelabNodeKind kind)
{
  switch (kind)
    {
    case WIRELAB_NODE_KIND_ETHSW:
      return "ethsw";
    case WIRELAB_NODE_KIND_HUB:
      return "nio_bridge";
    case WIRELAB_NODE_KIND_FRSW:
      return "frsw";
    case WIRELAB_NODE_KIND_ROUTER:
    case WIRELAB_NODE_KIND_VPCS:
    default:
      return NULL;
    }
}

typedef struct
{
  Deploy    *d;
  LinkState *ls;
  guint      e;
} EndRef;

static void add_nio_create (WlTxn   *txn,
                            EndRef  *ref);

static gboolean
on_nio_created (WlTxn         *txn,
                WirelabReply  *reply,
                gpointer       data,
                GError       **error)
{
  EndRef *ref = data;

  ref->ls->end[ref->e].created = TRUE;
  return TRUE;
}

/* 206 on `nio create_udp`: another program holds the port.  Take the next
 * one; when the peer's NIO already sends to the old port, make it again. */
static gboolean
on_nio_failed (WlTxn        *txn,
               const GError *error,
               gpointer      data)
{
  EndRef *ref = data;
  LinkState *ls = ref->ls;
  LinkEnd *end = &ls->end[ref->e];
  LinkEnd *peer = &ls->end[1 - ref->e];
  WlPorts *ports = _wl_session_ports (ref->d->self);
  guint16 port;

  if (!g_error_matches (error, WIRELAB_HV_ERROR, 206) || ref->d->retries++ >= MAX_PORT_RETRIES)
    return FALSE;

  /* The refused port stays marked used (never offered again). */
  port = wl_ports_take_udp (ports, end->host_key,
                            wirelab_hypervisor_config_get_base_udp (end->hv->config), 0,
                            on_this_machine (end->hv));
  if (port == 0)
    return FALSE;
  _wl_session_progress (ref->d->self, end->node->node,
                        "UDP port %u is taken on %s, using %u", end->port,
                        wirelab_hypervisor_config_get_host (end->hv->config), port);
  wl_ports_forget_udp (ports, end->host_key, end->port);
  end->port = port;

  if (peer->hv != NULL && peer->created)
    {
      EndRef *again = g_new0 (EndRef, 1);

      *again = *ref;
      again->e = 1 - ref->e;
      wl_txn_add_cleanup (txn, g_free, again);
      wl_txn_call (txn, peer->hv->client, WL_WORDS ("nio", "delete", peer->nio), NULL, NULL,
                   ignore_error, NULL);
      peer->created = FALSE;
      add_nio_create (txn, ref);
      add_nio_create (txn, again);
    }
  else
    add_nio_create (txn, ref);
  return TRUE;
}

static void
add_nio_create (WlTxn  *txn,
                EndRef *ref)
{
  LinkState *ls = ref->ls;
  LinkEnd *end = &ls->end[ref->e];
  LinkEnd *peer = &ls->end[1 - ref->e];
  HvState *peer_hv = peer->hv != NULL ? peer->hv : planned_hv (ref->d, peer->node);
  g_autofree char *lport = g_strdup_printf ("%u", end->port);
  g_autofree char *rport = g_strdup_printf ("%u", peer->port);

  wl_txn_call (txn, end->hv->client,
               WL_WORDS ("nio", "create_udp", end->nio, lport, _wl_session_remote_address (end->hv, peer_hv), rport),
               WL_WORDS ("nio", "delete", end->nio), on_nio_created, on_nio_failed, ref);
}

static void
add_binding (Deploy    *d,
             WlTxn     *txn,
             LinkState *ls,
             guint      e)
{
  LinkEnd *end = &ls->end[e];
  NodeState *ns = end->node;
  WirelabClient *c = end->hv->client;
  const char *ifname = wirelab_link_get_interface (ls->link, e);

  switch (node_kind (ns))
    {
    case WIRELAB_NODE_KIND_ROUTER:
      {
        g_autofree char *slot = g_strdup_printf ("%u", end->slot);
        g_autofree char *port = g_strdup_printf ("%u", end->slot_port);

        wl_txn_call (txn, c, WL_WORDS ("vm", "slot_add_nio_binding", ns->obj, slot, port, end->nio),
                     WL_WORDS ("vm", "slot_remove_nio_binding", ns->obj, slot, port),
                     NULL, NULL, NULL);
        if (wirelab_node_get_status (ns->node) == WIRELAB_NODE_STATUS_RUNNING ||
            wirelab_node_get_status (ns->node) == WIRELAB_NODE_STATUS_SUSPENDED)
          wl_txn_call (txn, c, WL_WORDS ("vm", "slot_enable_nio", ns->obj, slot, port),
                       WL_WORDS ("vm", "slot_disable_nio", ns->obj, slot, port), NULL, NULL, NULL);
      }
      break;

    case WIRELAB_NODE_KIND_ETHSW:
      {
        guint number = (guint) g_ascii_strtoull (ifname, NULL, 10);
        WirelabPortMode mode = WIRELAB_PORT_MODE_ACCESS;
        guint vlan = 1, ethertype = 0;
        g_autofree char *vlan_text = NULL;
        g_autofree char *et_text = NULL;

        wirelab_node_get_switch_port (ns->node, number, &mode, &vlan, &ethertype);
        vlan_text = g_strdup_printf ("%u", vlan);
        et_text = g_strdup_printf ("0x%04x", ethertype != 0 ? ethertype : 0x8100);
        wl_txn_call (txn, c, WL_WORDS ("ethsw", "add_nio", ns->obj, end->nio),
                     WL_WORDS ("ethsw", "remove_nio", ns->obj, end->nio), NULL, NULL, NULL);
        if (mode == WIRELAB_PORT_MODE_DOT1Q)
          wl_txn_call (txn, c, WL_WORDS ("ethsw", "set_dot1q_port", ns->obj, end->nio, vlan_text),
                       NULL, NULL, NULL, NULL);
        else if (mode == WIRELAB_PORT_MODE_QINQ)
          wl_txn_call (txn, c, WL_WORDS ("ethsw", "set_qinq_port", ns->obj, end->nio, vlan_text, et_text),
                       NULL, NULL, NULL, NULL);
        else
          wl_txn_call (txn, c, WL_WORDS ("ethsw", "set_access_port", ns->obj, end->nio, vlan_text),
                       NULL, NULL, NULL, NULL);
      }
      break;

    case WIRELAB_NODE_KIND_HUB:
      wl_txn_call (txn, c, WL_WORDS ("nio_bridge", "add_nio", ns->obj, end->nio),
                   WL_WORDS ("nio_bridge", "remove_nio", ns->obj, end->nio), NULL, NULL, NULL);
      break;

    case WIRELAB_NODE_KIND_FRSW:
    case WIRELAB_NODE_KIND_VPCS:
    default:
      break;
    }
}

/* The NIO on port `port` of a Frame Relay switch, NULL when that port has
 * no deployed (or being deployed) link. */
static const char *
frsw_port_nio (Deploy    *d,
               NodeState *fr,
               guint      port)
{
  g_autofree char *ifname = g_strdup_printf ("%u", port);
  WirelabLink *link = wirelab_lab_find_link_at (_wl_session_lab (d->self), fr->node, ifname);
  LinkState *ls = link != NULL ? _wl_session_link_state (d->self, link) : NULL;
  int e;

  if (ls == NULL || (!ls->deployed && !g_ptr_array_find (d->links, ls, NULL)))
    return NULL;
  e = wirelab_link_find_end (link, wirelab_node_get_id (fr->node), ifname);
  return e >= 0 ? ls->end[e].nio : NULL;
}

typedef struct
{
  NodeState *fr;
  char      *key;
} VcKey;

static gboolean
commit_vc (WlTxn    *txn,
           gpointer  data,
           GError  **error)
{
  VcKey *k = data;

  if (k->fr->vcs == NULL)
    k->fr->vcs = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_hash_table_add (k->fr->vcs, g_steal_pointer (&k->key));
  return TRUE;
}

static void
vc_key_free (gpointer data)
{
  VcKey *k = data;

  g_free (k->key);
  g_free (k);
}

static void
add_vcs (Deploy    *d,
         WlTxn     *txn,
         NodeState *fr)
{
  HvState *hv = planned_hv (d, fr);
  GVariantIter iter;
  guint e[4];

  g_variant_iter_init (&iter, wirelab_node_get_vcs (fr->node));
  while (g_variant_iter_next (&iter, "(uuuu)", &e[0], &e[1], &e[2], &e[3]))
    {
      const char *a = frsw_port_nio (d, fr, e[0]);
      const char *b = frsw_port_nio (d, fr, e[2]);
      g_autofree char *key = g_strdup_printf ("%u:%u>%u:%u", e[0], e[1], e[2], e[3]);
      g_autofree char *da = g_strdup_printf ("%u", e[1]);
      g_autofree char *db = g_strdup_printf ("%u", e[3]);
      VcKey *k;

      if (a == NULL || b == NULL || (fr->vcs != NULL && g_hash_table_contains (fr->vcs, key)))
        continue;
      /* VCs are one-way: a PVC is two. */
      wl_txn_call (txn, hv->client, WL_WORDS ("frsw", "create_vc", fr->obj, a, da, b, db),
                   WL_WORDS ("frsw", "delete_vc", fr->obj, a, da, b, db), NULL, NULL, NULL);
      wl_txn_call (txn, hv->client, WL_WORDS ("frsw", "create_vc", fr->obj, b, db, a, da),
                   WL_WORDS ("frsw", "delete_vc", fr->obj, b, db, a, da), NULL, NULL, NULL);
      k = g_new0 (VcKey, 1);
      k->fr = fr;
      k->key = g_steal_pointer (&key);
      wl_txn_on_commit (txn, commit_vc, k);
      wl_txn_add_cleanup (txn, vc_key_free, k);
    }
}

/* ---- filters ---- */

typedef struct
{
  WirelabSession *self;
  HvState        *hv;
  char           *filter;
} FilterWarn;

static gboolean
on_filter_missing (WlTxn        *txn,
                   const GError *error,
                   gpointer      data)
{
  FilterWarn *w = data;

  _wl_session_warning (w->self, "Hypervisor %s has no “%s” filter: %s",
                       wirelab_hypervisor_config_get_display_name (w->hv->config), w->filter,
                       error->message);
  return TRUE;
}

static void
free_filter_warn (gpointer data)
{
  FilterWarn *w = data;

  g_free (w->filter);
  g_free (w);
}

void
_wl_session_apply_filters (WirelabSession *self,
                           LinkState      *ls,
                           WlTxn          *txn)
{
  WirelabLink *link = ls->link;
  int fe = ls->end[1].hv != NULL ? 1 : (ls->end[0].hv != NULL ? 0 : -1);
  const char *name = NULL;
  g_autofree char *arg1 = NULL;
  g_autofree char *arg2 = NULL;
  guint set = 0;
  LinkEnd *end;
  FilterWarn *w;

  /* Filters go on one end (as GNS3), the capture on the other if it can. */
  if (fe >= 0 && ls->capture_end == fe && ls->end[1 - fe].hv != NULL)
    fe = 1 - fe;
  if (fe < 0)
    return;
  end = &ls->end[fe];
  if (!end->created || !end->hv->connected)
    return;

  if (wirelab_link_get_suspended (link))
    {
      name = "freq_drop";
      arg1 = g_strdup ("-1");
      set++;
    }
  if (wirelab_link_get_freq_drop (link) != 0 && set++ == 0)
    {
      name = "freq_drop";
      arg1 = g_strdup_printf ("%d", wirelab_link_get_freq_drop (link));
    }
  if (wirelab_link_get_packet_loss (link) != 0 && set++ == 0)
    {
      name = "loss";
      arg1 = g_strdup_printf ("%u", wirelab_link_get_packet_loss (link));
    }
  if ((wirelab_link_get_delay (link) != 0 || wirelab_link_get_jitter (link) != 0) && set++ == 0)
    {
      name = "delay";
      arg1 = g_strdup_printf ("%u", wirelab_link_get_delay (link));
      arg2 = g_strdup_printf ("%u", wirelab_link_get_jitter (link));
    }
  if (wirelab_link_get_corrupt (link) != 0 && set++ == 0)
    {
      name = "corrupt";
      arg1 = g_strdup_printf ("%u", wirelab_link_get_corrupt (link));
    }

  if (ls->capture_end == fe && name != NULL)
    {
      _wl_session_warning (self, "Link %s–%s is captured on its only hypervisor end: its filters "
                           "wait until the capture stops", node_name (ls->end[0].node),
                           node_name (ls->end[1].node));
      return;
    }
  if (set > 1)
    _wl_session_warning (self, "Link %s–%s has several filters; a NIO holds one, “%s” is used",
                         node_name (ls->end[0].node), node_name (ls->end[1].node), name);

  if (name == NULL)
    {
      if (ls->filters_set)
        wl_txn_call (txn, end->hv->client, WL_WORDS ("nio", "unbind_filter", end->nio, "2"),
                     NULL, NULL, ignore_error, NULL);
      ls->filters_set = FALSE;
      ls->filter_end = -1;
      return;
    }

  w = g_new0 (FilterWarn, 1);
  w->self = self;
  w->hv = end->hv;
  w->filter = g_strdup (name);
  wl_txn_call (txn, end->hv->client, WL_WORDS ("nio", "bind_filter", end->nio, "2", name),
               NULL, NULL, on_filter_missing, w);
  if (arg2 != NULL)
    wl_txn_call (txn, end->hv->client, WL_WORDS ("nio", "setup_filter", end->nio, "2", arg1, arg2),
                 NULL, NULL, ignore_error, NULL);
  else
    wl_txn_call (txn, end->hv->client, WL_WORDS ("nio", "setup_filter", end->nio, "2", arg1),
                 NULL, NULL, ignore_error, NULL);
  wl_txn_add_cleanup (txn, free_filter_warn, w);
  ls->filters_set = TRUE;
  ls->filter_end = fe;
}

/* ---- commit ---- */

static gboolean
commit (WlTxn    *txn,
        gpointer  data,
        GError  **error)
{
  Deploy *d = data;
  WirelabSession *self = d->self;
  WirelabLab *lab = _wl_session_lab (self);

  _wirelab_lab_begin_untracked (lab);
  for (guint i = 0; i < d->nodes->len; i++)
    {
      NodeState *ns = g_ptr_array_index (d->nodes, i);
      HvState *hv = g_hash_table_lookup (d->hv_of, ns);
      WirelabNodeKind kind = node_kind (ns);

      ns->hv = hv;
      ns->deployed = TRUE;
      wirelab_node_set_hypervisor_id (ns->node, wirelab_hypervisor_config_get_id (hv->config));
      if (ns->console != 0)
        wirelab_node_set_console (ns->node, ns->console);
      if (ns->aux != 0)
        wirelab_node_set_aux (ns->node, ns->aux);
      if (ns->mac_read != NULL && *wirelab_node_get_mac (ns->node) == '\0')
        wirelab_node_set_mac (ns->node, ns->mac_read);
      if (kind == WIRELAB_NODE_KIND_VPCS)
        _wirelab_node_set_console_host (ns->node, "127.0.0.1");
      else if (kind == WIRELAB_NODE_KIND_ROUTER)
        _wirelab_node_set_console_host (ns->node, hv->embedded != NULL
                                                    ? "127.0.0.1"
                                                    : wirelab_hypervisor_config_get_host (hv->config));
      _wirelab_node_set_deployed (ns->node, TRUE);
      _wirelab_node_set_status_message (ns->node, "");
      /* Switches, hubs and FR switches forward as soon as they exist. */
      if (kind != WIRELAB_NODE_KIND_ROUTER && kind != WIRELAB_NODE_KIND_VPCS)
        _wirelab_node_set_status (ns->node, WIRELAB_NODE_STATUS_RUNNING);
      _wl_session_progress (self, ns->node, "created on %s",
                            wirelab_hypervisor_config_get_display_name (hv->config));
    }
  _wirelab_lab_end_untracked (lab);

  for (guint i = 0; i < d->links->len; i++)
    {
      LinkState *ls = g_ptr_array_index (d->links, i);

      ls->deployed = TRUE;
      for (guint e = 0; e < 2; e++)
        {
          if (ls->end[e].hv != NULL)
            g_hash_table_add (ls->end[e].hv->nios, g_strdup (ls->end[e].nio));
          else if (ls->end[e].node->vpcs != NULL)
            _wl_session_restart_vpcs (self, ls->end[e].node);
        }
      _wirelab_link_set_deployed (ls->link, TRUE);
    }
  _wl_session_update_loads (self);
  return TRUE;
}

static void
on_deploy_done (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;

  if (!wl_txn_run_finish (result, &error))
    {
      Deploy *d = g_task_get_task_data (task);

      for (guint i = 0; i < d->nodes->len; i++)
        {
          NodeState *ns = g_ptr_array_index (d->nodes, i);

          _wirelab_node_set_status_message (ns->node, error->message);
        }
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  g_task_return_boolean (task, TRUE);
}

void
_wl_session_deploy (WirelabSession      *self,
                    GPtrArray           *nodes,
                    GCancellable        *cancellable,
                    GAsyncReadyCallback  callback,
                    gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  WirelabLab *lab = _wl_session_lab (self);
  GListModel *links = wirelab_lab_get_links (lab);
  g_autoptr(GError) error = NULL;
  Deploy *d;
  WlTxn *txn;

  d = g_new0 (Deploy, 1);
  d->self = self;
  d->nodes = g_ptr_array_new ();
  d->links = g_ptr_array_new ();
  d->frsws = g_ptr_array_new ();
  d->hv_of = g_hash_table_new (NULL, NULL);
  g_task_set_task_data (task, d, deploy_free);

  for (guint i = 0; i < nodes->len; i++)
    {
      NodeState *ns = _wl_session_node_state (self, g_ptr_array_index (nodes, i));

      if (ns != NULL && !ns->deployed && !g_ptr_array_find (d->nodes, ns, NULL))
        g_ptr_array_add (d->nodes, ns);
    }

  if (!place (d, &error) || !plan_nodes (d, &error))
    {
      release_plan (NULL, d, NULL);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  /* Links whose two ends will exist, on connected hypervisors. */
  for (guint i = 0; i < g_list_model_get_n_items (links); i++)
    {
      g_autoptr(WirelabLink) link = g_list_model_get_item (links, i);
      LinkState *ls = _wl_session_link_state (self, link);
      gboolean ready = ls != NULL && !ls->deployed;

      for (guint e = 0; e < 2 && ready; e++)
        {
          WirelabNode *node = wirelab_lab_find_node (lab, wirelab_link_get_node_id (link, e));
          NodeState *ns = node != NULL ? _wl_session_node_state (self, node) : NULL;
          HvState *hv = ns != NULL ? planned_hv (d, ns) : NULL;

          ready = hv != NULL && hv->connected && (ns->deployed || g_ptr_array_find (d->nodes, ns, NULL));
        }
      if (ready)
        g_ptr_array_add (d->links, ls);
    }

  if (!plan_links (d, &error))
    {
      release_plan (NULL, d, NULL);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  txn = wl_txn_new (cancellable);
  /* First in, last out: the plan's ports go back after every command was
   * undone. */
  wl_txn_undo_func (txn, release_plan, d);

  for (guint i = 0; i < d->nodes->len; i++)
    {
      NodeState *ns = g_ptr_array_index (d->nodes, i);
      const char *module = switch_module (node_kind (ns));
      HvState *hv = g_hash_table_lookup (d->hv_of, ns);

      g_free (ns->obj);
      ns->obj = g_strdup (node_name (ns));
      g_clear_pointer (&ns->vcs, g_hash_table_unref);
      if (node_kind (ns) == WIRELAB_NODE_KIND_ROUTER)
        add_router (d, txn, ns);
      else if (module != NULL)
        wl_txn_call (txn, hv->client, WL_WORDS (module, "create", ns->obj),
                     WL_WORDS (module, "delete", ns->obj), NULL, NULL, NULL);
      _wl_session_progress (self, ns->node, "creating on %s",
                            wirelab_hypervisor_config_get_display_name (hv->config));
    }

  for (guint i = 0; i < d->links->len; i++)
    {
      LinkState *ls = g_ptr_array_index (d->links, i);

      for (guint e = 0; e < 2; e++)
        {
          EndRef *ref;

          if (ls->end[e].hv == NULL)
            continue;
          ref = g_new0 (EndRef, 1);
          ref->d = d;
          ref->ls = ls;
          ref->e = e;
          wl_txn_add_cleanup (txn, g_free, ref);
          add_nio_create (txn, ref);
        }
      for (guint e = 0; e < 2; e++)
        {
          if (ls->end[e].hv != NULL)
            add_binding (d, txn, ls, e);
          if (node_kind (ls->end[e].node) == WIRELAB_NODE_KIND_FRSW &&
              !g_ptr_array_find (d->frsws, ls->end[e].node, NULL))
            g_ptr_array_add (d->frsws, ls->end[e].node);
        }
      ls->capture_end = -1;
      _wl_session_apply_filters (self, ls, txn);
    }
  for (guint i = 0; i < d->frsws->len; i++)
    add_vcs (d, txn, g_ptr_array_index (d->frsws, i));

  wl_txn_on_commit (txn, commit, d);
  wl_txn_run_async (txn, on_deploy_done, g_steal_pointer (&task));
}

gboolean
_wl_session_deploy_finish (GAsyncResult  *result,
                           GError       **error)
{
  return g_task_propagate_boolean (G_TASK (result), error);
}

/* ---- undeploy ---- */

static void
remove_vcs_of (WirelabSession *self,
               NodeState      *fr,
               const char     *nio,
               WlTxn          *txn)
{
  GVariantIter iter;
  guint e[4];

  if (fr->vcs == NULL || fr->hv == NULL || !fr->hv->connected)
    return;
  g_variant_iter_init (&iter, wirelab_node_get_vcs (fr->node));
  while (g_variant_iter_next (&iter, "(uuuu)", &e[0], &e[1], &e[2], &e[3]))
    {
      g_autofree char *key = g_strdup_printf ("%u:%u>%u:%u", e[0], e[1], e[2], e[3]);
      g_autofree char *pa = g_strdup_printf ("%u", e[0]);
      g_autofree char *pb = g_strdup_printf ("%u", e[2]);
      g_autofree char *da = g_strdup_printf ("%u", e[1]);
      g_autofree char *db = g_strdup_printf ("%u", e[3]);
      WirelabLink *la = wirelab_lab_find_link_at (_wl_session_lab (self), fr->node, pa);
      WirelabLink *lb = wirelab_lab_find_link_at (_wl_session_lab (self), fr->node, pb);
      LinkState *sa = la != NULL ? _wl_session_link_state (self, la) : NULL;
      LinkState *sb = lb != NULL ? _wl_session_link_state (self, lb) : NULL;
      const char *na, *nb;

      if (!g_hash_table_contains (fr->vcs, key) || sa == NULL || sb == NULL)
        continue;
      na = sa->end[wirelab_link_find_end (la, wirelab_node_get_id (fr->node), pa)].nio;
      nb = sb->end[wirelab_link_find_end (lb, wirelab_node_get_id (fr->node), pb)].nio;
      if (g_strcmp0 (na, nio) != 0 && g_strcmp0 (nb, nio) != 0)
        continue;
      wl_txn_call (txn, fr->hv->client, WL_WORDS ("frsw", "delete_vc", fr->obj, na, da, nb, db),
                   NULL, NULL, ignore_error, NULL);
      wl_txn_call (txn, fr->hv->client, WL_WORDS ("frsw", "delete_vc", fr->obj, nb, db, na, da),
                   NULL, NULL, ignore_error, NULL);
      g_hash_table_remove (fr->vcs, key);
    }
}

void
_wl_session_undeploy_link (WirelabSession *self,
                           LinkState      *ls,
                           WlTxn          *txn)
{
  WlPorts *ports = _wl_session_ports (self);

  for (guint e = 0; e < 2; e++)
    {
      LinkEnd *end = &ls->end[e];
      NodeState *ns = end->node;

      if (end->hv == NULL || ns == NULL)
        continue;
      if (end->created && end->hv->connected)
        {
          WirelabClient *c = end->hv->client;
          g_autofree char *slot = g_strdup_printf ("%u", end->slot);
          g_autofree char *port = g_strdup_printf ("%u", end->slot_port);

          switch (node_kind (ns))
            {
            case WIRELAB_NODE_KIND_ROUTER:
              if (ns->deployed)
                {
                  wl_txn_call (txn, c, WL_WORDS ("vm", "slot_disable_nio", ns->obj, slot, port),
                               NULL, NULL, ignore_error, NULL);
                  wl_txn_call (txn, c, WL_WORDS ("vm", "slot_remove_nio_binding", ns->obj, slot, port),
                               NULL, NULL, ignore_error, NULL);
                }
              break;
            case WIRELAB_NODE_KIND_ETHSW:
              if (ns->deployed)
                wl_txn_call (txn, c, WL_WORDS ("ethsw", "remove_nio", ns->obj, end->nio),
                             NULL, NULL, ignore_error, NULL);
              break;
            case WIRELAB_NODE_KIND_HUB:
              if (ns->deployed)
                wl_txn_call (txn, c, WL_WORDS ("nio_bridge", "remove_nio", ns->obj, end->nio),
                             NULL, NULL, ignore_error, NULL);
              break;
            case WIRELAB_NODE_KIND_FRSW:
              if (ns->deployed)
                remove_vcs_of (self, ns, end->nio, txn);
              break;
            case WIRELAB_NODE_KIND_VPCS:
            default:
              break;
            }
          if (ls->capture_end == (int) e || ls->filter_end == (int) e)
            wl_txn_call (txn, c, WL_WORDS ("nio", "unbind_filter", end->nio, "2"),
                         NULL, NULL, ignore_error, NULL);
          wl_txn_call (txn, c, WL_WORDS ("nio", "delete", end->nio), NULL, NULL, ignore_error, NULL);
          g_hash_table_remove (end->hv->nios, end->nio);
        }
      /* On an unreachable hypervisor the name stays listed: it is deleted
       * there if it comes back. */
      if (end->port != 0)
        wl_ports_release_udp (ports, end->host_key, end->port, 0);
      end->created = FALSE;
    }

  for (guint e = 0; e < 2; e++)
    {
      g_clear_pointer (&ls->end[e].nio, g_free);
      g_clear_pointer (&ls->end[e].host_key, g_free);
      ls->end[e].hv = NULL;
      ls->end[e].node = NULL;
      ls->end[e].port = 0;
    }
  ls->deployed = FALSE;
  ls->capture_end = -1;
  ls->filter_end = -1;
  ls->filters_set = FALSE;
  _wirelab_link_set_deployed (ls->link, FALSE);
  _wirelab_link_set_capture (ls->link, FALSE, NULL);
}

void
_wl_session_undeploy_node (WirelabSession *self,
                           NodeState      *ns,
                           WlTxn          *txn)
{
  WlPorts *ports = _wl_session_ports (self);
  g_autoptr(GPtrArray) links = wirelab_lab_list_links_of (_wl_session_lab (self), ns->node);
  const char *module = switch_module (node_kind (ns));

  for (guint i = 0; i < links->len; i++)
    {
      LinkState *ls = _wl_session_link_state (self, g_ptr_array_index (links, i));

      if (ls != NULL && ls->deployed)
        _wl_session_undeploy_link (self, ls, txn);
    }

  if (ns->vpcs != NULL)
    _wl_session_stop_vpcs (self, ns);
  if (ns->hv != NULL && ns->hv->connected && ns->deployed)
    {
      if (node_kind (ns) == WIRELAB_NODE_KIND_ROUTER)
        wl_txn_call (txn, ns->hv->client, WL_WORDS ("vm", "delete", ns->obj), NULL, NULL,
                     ignore_error, NULL);
      else if (module != NULL)
        wl_txn_call (txn, ns->hv->client, WL_WORDS (module, "delete", ns->obj), NULL, NULL,
                     ignore_error, NULL);
    }
  if (ns->hv != NULL && ns->hv->host != NULL)
    {
      if (ns->console != 0)
        wl_ports_release_console (ports, ns->hv->host->key, ns->console);
      if (ns->aux != 0)
        wl_ports_release_console (ports, ns->hv->host->key, ns->aux);
    }
  if (ns->vpcs_port != 0)
    wl_ports_release_udp (ports, WL_HOST_LOCAL, ns->vpcs_port, 9);
  ns->console = ns->aux = ns->vpcs_port = 0;
  ns->deployed = FALSE;
  ns->hv = NULL;
  g_clear_pointer (&ns->vcs, g_hash_table_unref);
  _wirelab_node_set_deployed (ns->node, FALSE);
  _wirelab_node_set_status (ns->node, WIRELAB_NODE_STATUS_STOPPED);
  _wirelab_node_set_console_host (ns->node, NULL);
}

/* ---- a lost hypervisor ---- */

static void
on_peer_cleanup_done (GObject      *source,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  WirelabSession *self = g_task_get_source_object (task);

  wl_txn_run_finish (result, NULL);
  g_task_return_boolean (task, TRUE);
  _wl_session_op_done (self);
}

static void
run_peer_cleanup (WirelabSession *self,
                  GTask          *task)
{
  WlTxn *txn = g_task_get_task_data (task);

  g_task_set_task_data (task, NULL, NULL);
  wl_txn_run_async (txn, on_peer_cleanup_done, g_object_ref (task));
}

void
_wl_session_forget_hv (WirelabSession *self,
                       HvState        *hv)
{
  WirelabLab *lab = _wl_session_lab (self);
  GListModel *links = wirelab_lab_get_links (lab);
  GListModel *nodes = wirelab_lab_get_nodes (lab);
  WlPorts *ports = _wl_session_ports (self);
  WlTxn *txn = wl_txn_new (NULL);
  g_autofree char *why = g_strdup_printf ("hypervisor %s lost",
                                          wirelab_hypervisor_config_get_display_name (hv->config));
  g_autoptr(GTask) task = NULL;

  /* Links touching it: the surviving ends are deleted (in turn with other
   * operations); the lost ends just vanish. */
  for (guint i = 0; i < g_list_model_get_n_items (links); i++)
    {
      g_autoptr(WirelabLink) link = g_list_model_get_item (links, i);
      LinkState *ls = _wl_session_link_state (self, link);

      if (ls == NULL || !ls->deployed)
        continue;
      if (ls->end[0].hv != hv && ls->end[1].hv != hv &&
          (ls->end[0].node == NULL || ls->end[0].node->hv != hv) &&
          (ls->end[1].node == NULL || ls->end[1].node->hv != hv))
        continue;
      for (guint e = 0; e < 2; e++)
        if (ls->end[e].hv == hv)
          ls->end[e].created = FALSE;
      _wl_session_undeploy_link (self, ls, txn);
    }

  for (guint i = 0; i < g_list_model_get_n_items (nodes); i++)
    {
      g_autoptr(WirelabNode) node = g_list_model_get_item (nodes, i);
      NodeState *ns = _wl_session_node_state (self, node);

      if (ns == NULL || ns->hv != hv)
        continue;
      if (ns->console != 0 && hv->host != NULL)
        wl_ports_release_console (ports, hv->host->key, ns->console);
      if (ns->aux != 0 && hv->host != NULL)
        wl_ports_release_console (ports, hv->host->key, ns->aux);
      if (ns->vpcs != NULL)
        _wl_session_stop_vpcs (self, ns);
      if (ns->vpcs_port != 0)
        wl_ports_release_udp (ports, WL_HOST_LOCAL, ns->vpcs_port, 9);
      ns->console = ns->aux = ns->vpcs_port = 0;
      ns->deployed = FALSE;
      ns->hv = NULL;
      g_clear_pointer (&ns->vcs, g_hash_table_unref);
      _wirelab_node_set_deployed (node, FALSE);
      _wirelab_node_set_status (node, WIRELAB_NODE_STATUS_STOPPED);
      _wirelab_node_set_status_message (node, why);
      _wirelab_node_set_console_host (node, NULL);
    }

  task = g_task_new (self, NULL, NULL, NULL);
  g_task_set_task_data (task, txn, NULL);
  _wl_session_queue_op (self, task, run_peer_cleanup);
}
