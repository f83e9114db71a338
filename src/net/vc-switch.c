/* vc-switch.c: one-way virtual circuits between NIOs (frsw, atmsw)
 *
 * Copyright 2026 The Wirelab authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * Only the control thread changes a switch; it takes the switch's lock for
 * what the receive callback reads.
 */

#define G_LOG_DOMAIN "wirelab-net"

#include "config.h"

#include "vc-switch.h"

WlVcSwitch *
wl_vc_switch_new (wl_nio_rx_func rx)
{
  WlVcSwitch *sw = g_new0 (WlVcSwitch, 1);

  g_mutex_init (&sw->lock);
  sw->rx = rx;
  sw->ports = g_ptr_array_new ();
  sw->vcs = g_ptr_array_new ();
  return sw;
}

static WlVcPort *
find_port (WlVcSwitch *sw,
           wl_nio_t   *nio)
{
  for (guint i = 0; i < sw->ports->len; i++)
    if (((WlVcPort *) g_ptr_array_index (sw->ports, i))->nio == nio)
      return g_ptr_array_index (sw->ports, i);
  return NULL;
}

static void
port_free (WlVcPort *port)
{
  wl_nio_unref (port->nio);
  g_hash_table_unref (port->vcs);
  g_free (port);
}

/* The port of `nio`, made and bound when it has none; NULL when the NIO has
 * another consumer. */
static WlVcPort *
get_port (WlVcSwitch *sw,
          wl_nio_t   *nio)
{
  WlVcPort *port = find_port (sw, nio);

  if (port != NULL)
    return port;
  port = g_new0 (WlVcPort, 1);
  port->sw = sw;
  port->nio = wl_nio_ref (nio);
  port->vcs = g_hash_table_new (NULL, NULL);
  if (!wl_nio_attach (nio, sw->rx, port))
    {
      port_free (port);
      return NULL;
    }
  g_mutex_lock (&sw->lock);
  g_ptr_array_add (sw->ports, port);
  g_mutex_unlock (&sw->lock);
  return port;
}

static gboolean
add_vc (WlVcSwitch *sw,
        const WlVc *proto)
{
  WlVcPort *port = find_port (sw, proto->in);
  WlVc *vc;

  /* A path (VPC) takes precedence over its channels, so a VCC under one
   * could never be reached. */
  if (port != NULL &&
      (wl_vc_port_lookup (port, proto->sub, proto->in_id[0], proto->in_id[1]) != NULL ||
       (proto->sub && wl_vc_port_lookup (port, FALSE, proto->in_id[0], 0) != NULL)))
    return FALSE;
  port = get_port (sw, proto->in);
  if (port == NULL)
    return FALSE;

  vc = g_memdup2 (proto, sizeof *proto);
  wl_nio_ref (vc->in);
  wl_nio_ref (vc->out);
  g_mutex_lock (&sw->lock);
  g_hash_table_insert (port->vcs, wl_vc_key (vc->sub, vc->in_id[0], vc->in_id[1]), vc);
  g_ptr_array_add (sw->vcs, vc);
  g_mutex_unlock (&sw->lock);
  return TRUE;
}

static void
drop_vc (WlVcSwitch *sw,
         WlVc       *vc)
{
  WlVcPort *port = find_port (sw, vc->in);
  gboolean last;

  g_return_if_fail (port != NULL);

  g_mutex_lock (&sw->lock);
  g_hash_table_remove (port->vcs, wl_vc_key (vc->sub, vc->in_id[0], vc->in_id[1]));
  g_ptr_array_remove (sw->vcs, vc);
  last = g_hash_table_size (port->vcs) == 0;
  if (last)
    g_ptr_array_remove (sw->ports, port);
  g_mutex_unlock (&sw->lock);

  if (last)
    {
      /* Outside the switch lock: the callback may be waiting for it. */
      wl_nio_detach (port->nio);
      port_free (port);
    }
  wl_nio_unref (vc->in);
  wl_nio_unref (vc->out);
  g_free (vc);
}

static gboolean
vc_equal (const WlVc *a,
          const WlVc *b)
{
  return a->in == b->in && a->out == b->out && a->sub == b->sub &&
         a->in_id[0] == b->in_id[0] && a->in_id[1] == b->in_id[1] &&
         a->out_id[0] == b->out_id[0] && a->out_id[1] == b->out_id[1];
}

static gboolean
remove_vc (WlVcSwitch *sw,
           const WlVc *match)
{
  for (guint i = 0; i < sw->vcs->len; i++)
    if (vc_equal (g_ptr_array_index (sw->vcs, i), match))
      {
        drop_vc (sw, g_ptr_array_index (sw->vcs, i));
        return TRUE;
      }
  return FALSE;
}

void
wl_vc_switch_free (gpointer data)
{
  WlVcSwitch *sw = data;

  while (sw->vcs->len > 0)
    drop_vc (sw, g_ptr_array_index (sw->vcs, sw->vcs->len - 1));
  g_ptr_array_unref (sw->ports);
  g_ptr_array_unref (sw->vcs);
  g_mutex_clear (&sw->lock);
  g_free (sw);
}

void
wl_vc_switch_command (WirelabHypervisor *hv,
                      WlHvReply         *reply,
                      WlHvObjectKind     kind,
                      const char        *name,
                      const WlVc        *vc,
                      gboolean           create,
                      const char        *what)
{
  WlVcSwitch *sw = wl_hv_find_object (hv, reply, kind, name);

  if (sw == NULL)
    return;
  if (vc == NULL || !(create ? add_vc (sw, vc) : remove_vc (sw, vc)))
    {
      wl_hv_reply_error (reply, WL_HV_ERR_BINDING, "unable to %s %s",
                         create ? "create" : "delete", what);
      return;
    }
  wl_hv_reply_ok (reply, "%s %s", what, create ? "created" : "deleted");
}
