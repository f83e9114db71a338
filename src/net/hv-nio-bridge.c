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

static Hub *
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
cmd_create (WirelabHypervisor *hv,
            WlHvReply         *reply,
            guint              argc,
            char             **argv)
{
  if (wl_hv_object_lookup (hv, WL_HV_OBJ_NIO_BRIDGE, argv[0]) != NULL)
    {
      wl_hv_reply_error (reply, WL_HV_ERR_CREATE, "unable to create NIO bridge '%s'", argv[0]);
      return;
    }
  wl_hv_object_add (hv, WL_HV_OBJ_NIO_BRIDGE, argv[0], hub_new (), hub_free);
  wl_hv_reply_ok (reply, "NIO bridge '%s' created", argv[0]);
}

static void
cmd_rename (WirelabHypervisor *hv,
            WlHvReply         *reply,
            guint              argc,
            char             **argv)
{
  if (wl_hv_find_object (hv, reply, WL_HV_OBJ_NIO_BRIDGE, argv[0]) == NULL)
    return;
  if (!wl_hv_object_rename (hv, WL_HV_OBJ_NIO_BRIDGE, argv[0], argv[1]))
    {
      wl_hv_reply_error (reply, WL_HV_ERR_RENAME,
                         "unable to rename NIO bridge '%s', '%s' already exists", argv[0], argv[1]);
      return;
    }
  wl_hv_reply_ok (reply, "NIO bridge '%s' renamed to '%s'", argv[0], argv[1]);
}

static void
cmd_delete (WirelabHypervisor *hv,
            WlHvReply         *reply,
            guint              argc,
            char             **argv)
{
  if (!wl_hv_object_remove (hv, WL_HV_OBJ_NIO_BRIDGE, argv[0]))
    {
      wl_hv_reply_error (reply, WL_HV_ERR_DELETE, "unable to delete NIO bridge '%s'", argv[0]);
      return;
    }
  wl_hv_reply_ok (reply, "NIO bridge '%s' deleted", argv[0]);
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
cmd_list (WirelabHypervisor *hv,
          WlHvReply         *reply,
          guint              argc,
          char             **argv)
{
  g_auto(GStrv) names = wl_hv_object_names (hv, WL_HV_OBJ_NIO_BRIDGE);

  for (guint i = 0; names[i] != NULL; i++)
    wl_hv_reply_info (reply, "%s", names[i]);
  wl_hv_reply_ok (reply, "OK");
}

static void
bridge_reset (WirelabHypervisor *hv)
{
  g_auto(GStrv) names = wl_hv_object_names (hv, WL_HV_OBJ_NIO_BRIDGE);

  for (guint i = 0; names[i] != NULL; i++)
    wl_hv_object_remove (hv, WL_HV_OBJ_NIO_BRIDGE, names[i]);
}

static void
bridge_save (WirelabHypervisor *hv,
             GString           *out)
{
  g_auto(GStrv) names = wl_hv_object_names (hv, WL_HV_OBJ_NIO_BRIDGE);

  for (guint i = 0; names[i] != NULL; i++)
    {
      Hub *hub = wl_hv_object_lookup (hv, WL_HV_OBJ_NIO_BRIDGE, names[i]);

      wl_save_command (out, "nio_bridge", "create", names[i], NULL);
      for (guint j = 0; j < hub->ports->len; j++)
        wl_save_command (out, "nio_bridge", "add_nio", names[i],
                         wl_nio_get_name (((HubPort *) g_ptr_array_index (hub->ports, j))->nio),
                         NULL);
    }
}

static const WlHvCommand bridge_commands[] = {
  { "create", 1, 1, cmd_create },
  { "rename", 2, 2, cmd_rename },
  { "delete", 1, 1, cmd_delete },
  { "add_nio", 2, 2, cmd_add_nio },
  { "remove_nio", 2, 2, cmd_remove_nio },
  { "list", 0, 0, cmd_list },
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
