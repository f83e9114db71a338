/* hv-ethsw.c: the `ethsw` hypervisor module (spec sections 5.6, 9)
 *
 * Copyright 2026 The Wirelab authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#define G_LOG_DOMAIN "wirelab-ethsw"

#include "config.h"

#include <string.h>

#include "protocol/hv-module.h"

#include "ethsw.h"
#include "hv-net.h"
#include "hv-object.h"
#include "nio-save.h"

static void
cmd_add_nio (WirelabHypervisor *hv,
             WlHvReply         *reply,
             guint              argc,
             char             **argv)
{
  wl_net_object_port (hv, reply, argv, WL_HV_OBJ_ETHSW, "switch",
                      (gboolean (*) (gpointer, wl_nio_t *)) wl_ethsw_add_port, "bound");
}

static void
cmd_remove_nio (WirelabHypervisor *hv,
                WlHvReply         *reply,
                guint              argc,
                char             **argv)
{
  wl_net_object_port (hv, reply, argv, WL_HV_OBJ_ETHSW, "switch",
                      (gboolean (*) (gpointer, wl_nio_t *)) wl_ethsw_remove_port, "unbound");
}

static gboolean
parse_vlan (const char *text,
            guint      *vlan)
{
  guint64 value;

  if (!g_ascii_string_to_unsigned (text, 10, 0, 4095, &value, NULL))
    return FALSE;
  *vlan = value;
  return TRUE;
}

static void
set_port (WirelabHypervisor  *hv,
          WlHvReply          *reply,
          guint               argc,
          char              **argv,
          WlEthswPortType     type)
{
  WlEthsw *sw = wl_hv_find_object (hv, reply, WL_HV_OBJ_ETHSW, argv[0]);
  wl_nio_t *nio;
  guint vlan;
  guint64 ethertype = 0x8100;

  if (sw == NULL)
    return;
  nio = wl_hv_object_lookup (hv, WL_HV_OBJ_NIO, argv[1]);
  if (argc == 4)
    {
      const char *hex = argv[3];

      if (g_ascii_strncasecmp (hex, "0x", 2) == 0)
        hex += 2;
      if (!g_ascii_string_to_unsigned (hex, 16, 0x0600, 0xffff, &ethertype, NULL))
        nio = NULL;
    }
  if (nio == NULL || !parse_vlan (argv[2], &vlan) ||
      !wl_ethsw_set_port (sw, nio, type, vlan, ethertype))
    {
      wl_hv_reply_error (reply, WL_HV_ERR_BINDING, "unable to apply port settings");
      return;
    }
  wl_hv_reply_ok (reply, "Port settings OK");
}

static void
cmd_set_access_port (WirelabHypervisor *hv,
                     WlHvReply         *reply,
                     guint              argc,
                     char             **argv)
{
  set_port (hv, reply, argc, argv, WL_ETHSW_PORT_ACCESS);
}

static void
cmd_set_dot1q_port (WirelabHypervisor *hv,
                    WlHvReply         *reply,
                    guint              argc,
                    char             **argv)
{
  set_port (hv, reply, argc, argv, WL_ETHSW_PORT_DOT1Q);
}

static void
cmd_set_qinq_port (WirelabHypervisor *hv,
                   WlHvReply         *reply,
                   guint              argc,
                   char             **argv)
{
  set_port (hv, reply, argc, argv, WL_ETHSW_PORT_QINQ);
}

static void
cmd_clear_mac_addr_table (WirelabHypervisor *hv,
                          WlHvReply         *reply,
                          guint              argc,
                          char             **argv)
{
  WlEthsw *sw = wl_hv_find_object (hv, reply, WL_HV_OBJ_ETHSW, argv[0]);

  if (sw == NULL)
    return;
  wl_ethsw_clear_mac_table (sw);
  wl_hv_reply_ok (reply, "OK");
}

static void
show_entry (const guint8 mac[6],
            guint        vlan,
            wl_nio_t    *nio,
            gpointer     user_data)
{
  wl_hv_reply_info (user_data, "%02x%02x.%02x%02x.%02x%02x  %u  %s",
                    mac[0], mac[1], mac[2], mac[3], mac[4], mac[5], vlan, wl_nio_get_name (nio));
}

static void
cmd_show_mac_addr_table (WirelabHypervisor *hv,
                         WlHvReply         *reply,
                         guint              argc,
                         char             **argv)
{
  WlEthsw *sw = wl_hv_find_object (hv, reply, WL_HV_OBJ_ETHSW, argv[0]);

  if (sw == NULL)
    return;
  wl_ethsw_foreach_mac (sw, show_entry, reply);
  wl_hv_reply_ok (reply, "OK");
}

typedef struct
{
  GString    *out;
  const char *name;
} SaveCtx;

static void
save_port (wl_nio_t        *nio,
           WlEthswPortType  type,
           guint            vlan,
           guint16          ethertype,
           gpointer         user_data)
{
  SaveCtx *ctx = user_data;
  const char *nio_name = wl_nio_get_name (nio);
  char vlan_text[8], type_text[8];

  g_snprintf (vlan_text, sizeof vlan_text, "%u", vlan);
  g_snprintf (type_text, sizeof type_text, "0x%04x", ethertype);
  wl_save_command (ctx->out, "ethsw", "add_nio", ctx->name, nio_name, NULL);
  switch (type)
    {
    case WL_ETHSW_PORT_ACCESS:
      wl_save_command (ctx->out, "ethsw", "set_access_port", ctx->name, nio_name, vlan_text, NULL);
      break;
    case WL_ETHSW_PORT_DOT1Q:
      wl_save_command (ctx->out, "ethsw", "set_dot1q_port", ctx->name, nio_name, vlan_text, NULL);
      break;
    case WL_ETHSW_PORT_QINQ:
      wl_save_command (ctx->out, "ethsw", "set_qinq_port", ctx->name, nio_name, vlan_text,
                       type_text, NULL);
      break;
    default:
      break;
    }
}

static void
ethsw_save_ports (gpointer    object,
                  const char *name,
                  GString    *out)
{
  SaveCtx ctx = { out, name };

  wl_ethsw_foreach_port (object, save_port, &ctx);
}

static const WlNetObjectType ethsw_type = {
  .kind = WL_HV_OBJ_ETHSW,
  .module = "ethsw",
  .label = "ETHSW",
  .noun = "Ethernet switch",
  .new = (gpointer (*) (void)) wl_ethsw_new,
  .free = (GDestroyNotify) wl_ethsw_free,
  .save = ethsw_save_ports,
};

WL_NET_DEFINE_OBJECT_COMMANDS (ethsw, ethsw_type)

static const WlHvCommand ethsw_commands[] = {
  { "create", 1, 1, ethsw_cmd_create },
  { "rename", 2, 2, ethsw_cmd_rename },
  { "delete", 1, 1, ethsw_cmd_delete },
  { "add_nio", 2, 2, cmd_add_nio },
  { "remove_nio", 2, 2, cmd_remove_nio },
  { "set_access_port", 3, 3, cmd_set_access_port },
  { "set_dot1q_port", 3, 3, cmd_set_dot1q_port },
  { "set_qinq_port", 3, 4, cmd_set_qinq_port },
  { "clear_mac_addr_table", 1, 1, cmd_clear_mac_addr_table },
  { "show_mac_addr_table", 1, 1, cmd_show_mac_addr_table },
  { "list", 0, 0, ethsw_cmd_list },
  { NULL }
};

static const WlHvModule ethsw_module = {
  .name = "ethsw",
  .commands = ethsw_commands,
  .reset = ethsw_reset,
  .reset_order = 10,
  .save = ethsw_save,
};

void
wl_net_register_ethsw_module (WirelabHypervisor *hv)
{
  wl_hv_register_module (hv, &ethsw_module);
}
