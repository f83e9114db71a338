/* hv-atmsw.c: the `atmsw` module, an ATM cell switch (spec section 5.7)
 *
 * Copyright 2026 The Wirelab authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * One-way connections: a VPC rewrites the VPI of every cell of a path, a VCC
 * the VPI/VCI of one channel; the HEC is recomputed.  As in Dynamips, a VPC
 * on a port and VPI takes precedence and excludes VCCs under it.
 */

#define G_LOG_DOMAIN "wirelab-atm"

#include "config.h"

#include <string.h>

#include "protocol/hv-module.h"

#include "atm.h"
#include "hv-net.h"
#include "hv-object.h"
#include "nio-save.h"
#include "vc-switch.h"

static void
atmsw_rx (wl_nio_t      *nio,
          const uint8_t *frame,
          size_t         len,
          void          *opaque)
{
  WlVcPort *port = opaque;
  guint8 *cell = (guint8 *) frame;   /* ours to rewrite (nio.h) */
  WlVc *vc;
  guint vpi, vci;

  if (len != WL_ATM_CELL_SIZE)
    return;
  vpi = wl_atm_cell_vpi (cell);
  vci = wl_atm_cell_vci (cell);

  g_mutex_lock (&port->sw->lock);
  if ((vc = wl_vc_port_lookup (port, FALSE, vpi, 0)) != NULL)
    {
      wl_atm_cell_set_vc (cell, vc->out_id[0], vci);
      wl_nio_send (vc->out, cell, len);
    }
  else if ((vc = wl_vc_port_lookup (port, TRUE, vpi, vci)) != NULL)
    {
      wl_atm_cell_set_vc (cell, vc->out_id[0], vc->out_id[1]);
      wl_nio_send (vc->out, cell, len);
    }
  g_mutex_unlock (&port->sw->lock);
}

static gpointer
atmsw_new (void)
{
  return wl_vc_switch_new (atmsw_rx);
}

static void
atmsw_save_vcs (gpointer    object,
                const char *name,
                GString    *out)
{
  WlVcSwitch *sw = object;

  for (guint i = 0; i < sw->vcs->len; i++)
    {
      WlVc *vc = g_ptr_array_index (sw->vcs, i);
      char a[8], b[8], x[8], y[8];

      g_snprintf (a, sizeof a, "%u", vc->in_id[0]);
      g_snprintf (b, sizeof b, "%u", vc->in_id[1]);
      g_snprintf (x, sizeof x, "%u", vc->out_id[0]);
      g_snprintf (y, sizeof y, "%u", vc->out_id[1]);
      if (vc->sub)
        wl_save_command (out, "atmsw", "create_vcc", name, wl_nio_get_name (vc->in), a, b,
                         wl_nio_get_name (vc->out), x, y, NULL);
      else
        wl_save_command (out, "atmsw", "create_vpc", name, wl_nio_get_name (vc->in), a,
                         wl_nio_get_name (vc->out), x, NULL);
    }
}

static const WlNetObjectType atmsw_type = {
  .kind = WL_HV_OBJ_ATMSW,
  .module = "atmsw",
  .label = "ATMSW",
  .noun = "ATM switch",
  .new = atmsw_new,
  .free = wl_vc_switch_free,
  .save = atmsw_save_vcs,
};

/* Commands */

WL_NET_DEFINE_OBJECT_COMMANDS (atmsw, atmsw_type)

static gboolean
parse_number (const char *text,
              guint64     max,
              guint      *out)
{
  guint64 value;

  if (!g_ascii_string_to_unsigned (text, 10, 0, max, &value, NULL))
    return FALSE;
  *out = value;
  return TRUE;
}

/* argv: sw in vpi [vci] out vpi [vci] */
static gboolean
parse_vc (WirelabHypervisor  *hv,
          char              **argv,
          gboolean            is_vcc,
          WlVc               *vc)
{
  guint i = is_vcc ? 4 : 3;

  memset (vc, 0, sizeof *vc);
  vc->sub = is_vcc;
  vc->in = wl_hv_object_lookup (hv, WL_HV_OBJ_NIO, argv[1]);
  vc->out = wl_hv_object_lookup (hv, WL_HV_OBJ_NIO, argv[i]);
  return vc->in != NULL && vc->out != NULL &&
         parse_number (argv[2], 4095, &vc->in_id[0]) &&
         parse_number (argv[i + 1], 4095, &vc->out_id[0]) &&
         (!is_vcc || (parse_number (argv[3], 65535, &vc->in_id[1]) &&
                      parse_number (argv[i + 2], 65535, &vc->out_id[1])));
}

static void
change_vc (WirelabHypervisor  *hv,
             WlHvReply          *reply,
             char              **argv,
             gboolean            is_vcc,
             gboolean            create)
{
  WlVc vc;

  wl_vc_switch_command (hv, reply, WL_HV_OBJ_ATMSW, argv[0],
                        parse_vc (hv, argv, is_vcc, &vc) ? &vc : NULL, create,
                        is_vcc ? "VCC" : "VPC");
}

static void
cmd_create_vpc (WirelabHypervisor *hv,
                WlHvReply         *reply,
                guint              argc,
                char             **argv)
{
  change_vc (hv, reply, argv, FALSE, TRUE);
}

static void
cmd_delete_vpc (WirelabHypervisor *hv,
                WlHvReply         *reply,
                guint              argc,
                char             **argv)
{
  change_vc (hv, reply, argv, FALSE, FALSE);
}

static void
cmd_create_vcc (WirelabHypervisor *hv,
                WlHvReply         *reply,
                guint              argc,
                char             **argv)
{
  change_vc (hv, reply, argv, TRUE, TRUE);
}

static void
cmd_delete_vcc (WirelabHypervisor *hv,
                WlHvReply         *reply,
                guint              argc,
                char             **argv)
{
  change_vc (hv, reply, argv, TRUE, FALSE);
}

static const WlHvCommand atmsw_commands[] = {
  { "create", 1, 1, atmsw_cmd_create },
  { "rename", 2, 2, atmsw_cmd_rename },
  { "delete", 1, 1, atmsw_cmd_delete },
  { "create_vpc", 5, 5, cmd_create_vpc },
  { "delete_vpc", 5, 5, cmd_delete_vpc },
  { "create_vcc", 7, 7, cmd_create_vcc },
  { "delete_vcc", 7, 7, cmd_delete_vcc },
  { "list", 0, 0, atmsw_cmd_list },
  { NULL }
};

static const WlHvModule atmsw_module = {
  .name = "atmsw",
  .commands = atmsw_commands,
  .reset = atmsw_reset,
  .reset_order = 10,
  .save = atmsw_save,
};

void
wl_net_register_atmsw_module (WirelabHypervisor *hv)
{
  wl_hv_register_module (hv, &atmsw_module);
}
