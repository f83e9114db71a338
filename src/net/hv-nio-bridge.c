/* hv-nio-bridge.c: the `nio_bridge` module, a hub (spec section 5.5)
 *
 * Copyright 2026 The Wirelab authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * A frame received on one member is copied to every other member.
 */

#define G_LOG_DOMAIN "wirelab-hub"

#include "config.h"

#include "protocol/hv-module.h"

#include "hv-net.h"
#include "hv-object.h"
#include "nio.h"
#include "nio-save.h"

#define HUB_MAX_PORTS 64

typedef struct _Hub Hub;

typedef struct
{
  Hub      *hub;
  wl_nio_t *nio;
} HubPort;

struct _Hub
{
  GMutex     lock;
  GPtrArray *ports;     /* HubPort * */
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
  for (guint i = 0; i < hub->ports->len; i++)
    {
      HubPort *out = g_ptr_array_index (hub->ports, i);

      if (out != in)
        wl_nio_send (out->nio, frame, len);
    }
  g_mutex_unlock (&hub->lock);
}

static HubPort *
hub_find (Hub      *hub,
          wl_nio_t *nio)
{
  for (guint i = 0; i < hub->ports->len; i++)
    if (((HubPort *) g_ptr_array_index (hub->ports, i))->nio == nio)
      return g_ptr_array_index (hub->ports, i);
  return NULL;
}

static gboolean
hub_add (Hub      *hub,
         wl_nio_t *nio)
{
  HubPort *port;

  if (hub->ports->len >= HUB_MAX_PORTS || hub_find (hub, nio) != NULL)
    return FALSE;
  port = g_new0 (HubPort, 1);
  port->hub = hub;
  port->nio = wl_nio_ref (nio);
  g_mutex_lock (&hub->lock);
  g_ptr_array_add (hub->ports, port);
  g_mutex_unlock (&hub->lock);
  if (!wl_nio_attach (nio, hub_rx, port))
    {
      g_mutex_lock (&hub->lock);
      g_ptr_array_remove (hub->ports, port);
      g_mutex_unlock (&hub->lock);
      wl_nio_unref (port->nio);
      g_free (port);
      return FALSE;
    }
  return TRUE;
}

static void
hub_drop (Hub     *hub,
          HubPort *port)
{
  g_mutex_lock (&hub->lock);
  g_ptr_array_remove (hub->ports, port);
  g_mutex_unlock (&hub->lock);
  /* Outside the hub lock: the callback may be waiting for it. */
  wl_nio_detach (port->nio);
  wl_nio_unref (port->nio);
  g_free (port);
}

static gpointer
hub_new (void)
{
  Hub *hub = g_new0 (Hub, 1);

  g_mutex_init (&hub->lock);
  hub->ports = g_ptr_array_new ();
  return hub;
}

static void
hub_free (gpointer data)
{
  Hub *hub = data;

  while (hub->ports->len > 0)
    hub_drop (hub, g_ptr_array_index (hub->ports, hub->ports->len - 1));
  g_ptr_array_unref (hub->ports);
  g_mutex_clear (&hub->lock);
  g_free (hub);
}

static void
cmd_add_nio (WirelabHypervisor *hv,
             WlHvReply         *reply,
             guint              argc,
             char             **argv)
{
  Hub *hub = wl_hv_find_object (hv, reply, WL_HV_OBJ_NIO_BRIDGE, argv[0]);
  wl_nio_t *nio;

  if (hub == NULL)
    return;
  nio = wl_hv_object_lookup (hv, WL_HV_OBJ_NIO, argv[1]);
  if (nio == NULL || !hub_add (hub, nio))
    {
      wl_hv_reply_error (reply, WL_HV_ERR_BINDING, "unable to bind NIO '%s' to bridge '%s'",
                         argv[1], argv[0]);
      return;
    }
  wl_hv_reply_ok (reply, "NIO '%s' bound.", argv[1]);
}

static void
cmd_remove_nio (WirelabHypervisor *hv,
                WlHvReply         *reply,
                guint              argc,
                char             **argv)
{
  Hub *hub = wl_hv_find_object (hv, reply, WL_HV_OBJ_NIO_BRIDGE, argv[0]);
  wl_nio_t *nio;
  HubPort *port = NULL;

  if (hub == NULL)
    return;
  nio = wl_hv_object_lookup (hv, WL_HV_OBJ_NIO, argv[1]);
  if (nio != NULL)
    port = hub_find (hub, nio);
  if (port == NULL)
    {
      wl_hv_reply_error (reply, WL_HV_ERR_BINDING, "unable to bind NIO '%s' to bridge '%s'",
                         argv[1], argv[0]);
      return;
    }
  hub_drop (hub, port);
  wl_hv_reply_ok (reply, "NIO '%s' unbound.", argv[1]);
}

static void
hub_save (gpointer    object,
          const char *name,
          GString    *out)
{
  Hub *hub = object;

  for (guint i = 0; i < hub->ports->len; i++)
    wl_save_command (out, "nio_bridge", "add_nio", name,
                     wl_nio_get_name (((HubPort *) g_ptr_array_index (hub->ports, i))->nio), NULL);
}

static const WlNetObjectType hub_type = {
  .kind = WL_HV_OBJ_NIO_BRIDGE,
  .module = "nio_bridge",
  .label = "NIO bridge",
  .noun = "NIO bridge",
  .new = hub_new,
  .free = hub_free,
  .save = hub_save,
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
