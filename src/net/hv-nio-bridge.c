/* hv-nio-bridge.c: the `nio_bridge` module, a hub (spec section 5.5)
 *
 * Copyright 2026 The Wirelab authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * A frame received on one member is copied to every other member.  Members
 * take the lowest free slot, as in Dynamips, and are saved in slot order.
 */

#define G_LOG_DOMAIN "wirelab-hub"

#include "config.h"

#include "protocol/hv-module.h"

#include "hv-net.h"
#include "hv-object.h"
#include "nio-save.h"
#include "port-set.h"

typedef struct _Hub Hub;

typedef struct
{
  WlPort    base;
  Hub      *hub;
} HubPort;

struct _Hub
{
  GMutex    lock;
  WlPortSet ports;
};

static void
hub_rx (wl_nio_t      *nio,
        const uint8_t *frame,
        size_t         len,
        void          *opaque)
{
  HubPort *in = opaque;
  Hub *hub = in->hub;

  g_mutex_lock (&hub->lock);
  for (guint i = 0; i < WL_PORT_SET_MAX; i++)
    {
      WlPort *out = hub->ports.slot[i];

      if (out != NULL && out != &in->base)
        wl_nio_send (out->nio, frame, len);
    }
  g_mutex_unlock (&hub->lock);
}

static gboolean
hub_add (gpointer  data,
         wl_nio_t *nio)
{
  Hub *hub = data;
  HubPort *port = g_new0 (HubPort, 1);

  port->hub = hub;
  if (!wl_port_set_add (&hub->ports, &hub->lock, &port->base, nio, hub_rx))
    {
      g_free (port);
      return FALSE;
    }
  return TRUE;
}

static void
hub_drop (Hub    *hub,
          WlPort *port)
{
  g_mutex_lock (&hub->lock);
  wl_port_set_take (&hub->ports, port);
  g_mutex_unlock (&hub->lock);
  wl_port_free (port);
}

static gboolean
hub_remove (gpointer  data,
            wl_nio_t *nio)
{
  Hub *hub = data;
  WlPort *port = wl_port_set_find (&hub->ports, nio);

  if (port == NULL)
    return FALSE;
  hub_drop (hub, port);
  return TRUE;
}

static gpointer
hub_new (void)
{
  Hub *hub = g_new0 (Hub, 1);

  g_mutex_init (&hub->lock);
  return hub;
}

static void
hub_free (gpointer data)
{
  Hub *hub = data;

  for (guint i = 0; i < WL_PORT_SET_MAX; i++)
    if (hub->ports.slot[i] != NULL)
      hub_drop (hub, hub->ports.slot[i]);
  g_mutex_clear (&hub->lock);
  g_free (hub);
}

static void
cmd_add_nio (WirelabHypervisor *hv,
             WlHvReply         *reply,
             guint              argc,
             char             **argv)
{
  wl_net_object_port (hv, reply, argv, WL_HV_OBJ_NIO_BRIDGE, "bridge", hub_add, "bound");
}

static void
cmd_remove_nio (WirelabHypervisor *hv,
                WlHvReply         *reply,
                guint              argc,
                char             **argv)
{
  wl_net_object_port (hv, reply, argv, WL_HV_OBJ_NIO_BRIDGE, "bridge", hub_remove, "unbound");
}

static void
hub_save_ports (gpointer    object,
                const char *name,
                GString    *out)
{
  Hub *hub = object;

  for (guint i = 0; i < WL_PORT_SET_MAX; i++)
    if (hub->ports.slot[i] != NULL)
      wl_save_command (out, "nio_bridge", "add_nio", name,
                       wl_nio_get_name (hub->ports.slot[i]->nio), NULL);
}

static const WlNetObjectType hub_type = {
  .kind = WL_HV_OBJ_NIO_BRIDGE,
  .module = "nio_bridge",
  .label = "NIO bridge",
  .noun = "NIO bridge",
  .new = hub_new,
  .free = hub_free,
  .save = hub_save_ports,
};

WL_NET_DEFINE_OBJECT_COMMANDS (bridge, hub_type)

static const WlHvCommand bridge_commands[] = {
  { "create", 1, 1, bridge_cmd_create },
  { "rename", 2, 2, bridge_cmd_rename },
  { "delete", 1, 1, bridge_cmd_delete },
  { "add_nio", 2, 2, cmd_add_nio },
  { "remove_nio", 2, 2, cmd_remove_nio },
  { "list", 0, 0, bridge_cmd_list },
  { NULL }
};

static const WlHvModule bridge_module = {
  .name = "nio_bridge",
  .commands = bridge_commands,
  .reset = bridge_reset,
  .reset_order = 10,
  .save = bridge_save,
};

void
wl_net_register_nio_bridge_module (WirelabHypervisor *hv)
{
  wl_hv_register_module (hv, &bridge_module);
}
