/* port-set.c: the NIOs bound to an Ethernet switch or a hub
 *
 * Copyright 2026 The Wirelab authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#define G_LOG_DOMAIN "wirelab-net"

#include "config.h"

#include "port-set.h"

WlPort *
wl_port_set_find (const WlPortSet *set,
                  wl_nio_t        *nio)
{
  for (guint i = 0; i < WL_PORT_SET_MAX; i++)
    if (set->slot[i] != NULL && set->slot[i]->nio == nio)
      return set->slot[i];
  return NULL;
}

gboolean
wl_port_set_add (WlPortSet      *set,
                 GMutex         *lock,
                 WlPort         *port,
                 wl_nio_t       *nio,
                 wl_nio_rx_func  rx)
{
  guint i;

  g_mutex_lock (lock);
  for (i = 0; i < WL_PORT_SET_MAX && set->slot[i] != NULL; i++)
    ;
  if (i == WL_PORT_SET_MAX || wl_port_set_find (set, nio) != NULL)
    {
      g_mutex_unlock (lock);
      return FALSE;
    }
  port->nio = wl_nio_ref (nio);
  port->index = i;
  set->slot[i] = port;
  g_mutex_unlock (lock);

  if (!wl_nio_attach (nio, rx, port))
    {
      g_mutex_lock (lock);
      set->slot[i] = NULL;
      g_mutex_unlock (lock);
      g_clear_pointer (&port->nio, wl_nio_unref);
      return FALSE;
    }
  return TRUE;
}

void
wl_port_free (WlPort *port)
{
  wl_nio_detach (port->nio);
  wl_nio_unref (port->nio);
  g_free (port);
}
