/* hv-frsw.c: the `frsw` module, a Frame Relay switch (spec section 5.7)
 *
 * Copyright 2026 The Wirelab authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * One-way VCs: a frame arriving on (NIO, DLCI) leaves on the VC's output NIO
 * with the DLCI rewritten in its 2-byte Q.922 address (DLCI high six bits,
 * C/R, EA=0; DLCI low four bits, FECN, BECN, DE, EA=1).  Status enquiries
 * on DLCI 0 (ANSI T1.617 Annex D and ITU Q.933 Annex A LMI) are answered,
 * listing the DLCIs of the port's VCs as active PVCs.
 */

#define G_LOG_DOMAIN "wirelab-frsw"

#include "config.h"

#include <string.h>

#include "protocol/hv-module.h"

#include "hv-net.h"
#include "hv-object.h"
#include "nio-save.h"
#include "vc-switch.h"

#define FR_MAX_DLCI 1023

static guint
frame_dlci (const guint8 *frame)
{
  return ((frame[0] >> 2) << 4) | (frame[1] >> 4);
}

static void
set_dlci (guint8 *frame,
          guint   dlci)
{
  frame[0] = (frame[0] & 0x03) | ((dlci >> 4) << 2);
  frame[1] = (frame[1] & 0x0f) | ((dlci & 0x0f) << 4);
}

static gint
compare_dlci (gconstpointer a,
              gconstpointer b)
{
  return (gint) ((const WlVc *) a)->in_id[0] - (gint) ((const WlVc *) b)->in_id[0];
}

/* LMI: a STATUS ENQUIRY gets a STATUS (full status lists the PVCs). */
static void
handle_lmi (WlVcPort     *port,
            const guint8 *frame,
            gsize         len)
{
  /* DLCI 0 address, UI, protocol discriminator 8, call reference 0, type
   * STATUS ENQUIRY; ANSI adds the locking shift 0x95. */
  static const guint8 hdr[] = { 0x00, 0x01, 0x03, 0x08, 0x00, 0x75 };
  guint8 resp[8 + 3 + 4 + 5 * 1024];
  gboolean ansi;
  guint8 ie_report, ie_integrity, ie_pvc;
  gsize p, o;
  gint report = -1;
  gboolean seq_ok = FALSE;

  if (len < sizeof hdr || memcmp (frame, hdr, sizeof hdr) != 0)
    return;
  ansi = len > sizeof hdr && frame[6] == 0x95;
  ie_report = ansi ? 0x01 : 0x51;
  ie_integrity = ansi ? 0x03 : 0x53;
  ie_pvc = ansi ? 0x07 : 0x57;

  memcpy (resp, hdr, sizeof hdr);
  resp[5] = 0x7d;                      /* STATUS */
  o = sizeof hdr;
  p = sizeof hdr;
  if (ansi)
    resp[o++] = frame[p++];

  while (p + 2 <= len)
    {
      guint8 id = frame[p], size = frame[p + 1];

      if (p + 2 + size > len)
        return;   /* truncated element */
      /* Each element is answered once: repeats must not grow the reply
       * past its buffer. */
      if (id == ie_report && size == 1 && report < 0)
        {
          report = frame[p + 2];
          resp[o++] = id;
          resp[o++] = 1;
          resp[o++] = report;
        }
      else if (id == ie_integrity && size == 2 && !seq_ok)
        {
          /* Theirs is their send sequence; ours counts up, skipping 0. */
          port->lmi_seq++;
          if (port->lmi_seq == 0)
            port->lmi_seq = 1;
          resp[o++] = id;
          resp[o++] = 2;
          resp[o++] = port->lmi_seq;
          resp[o++] = frame[p + 2];
          seq_ok = TRUE;
        }
      p += 2 + size;
    }
  if (report < 0 || report > 1 || !seq_ok)
    return;

  if (report == 0)
    {
      g_autoptr(GList) vcs = g_list_sort (g_hash_table_get_values (port->vcs), compare_dlci);

      for (GList *l = vcs; l != NULL && o + 5 <= sizeof resp; l = l->next)
        {
          guint dlci = ((WlVc *) l->data)->in_id[0];

          resp[o++] = ie_pvc;
          resp[o++] = 3;
          resp[o++] = (dlci >> 4) & 0x3f;
          resp[o++] = 0x80 | ((dlci & 0x0f) << 3);
          resp[o++] = 0x82;                /* active */
        }
    }
  wl_nio_send (port->nio, resp, o);
}

static void
frsw_rx (wl_nio_t      *nio,
         const uint8_t *frame,
         size_t         len,
         void          *opaque)
{
  WlVcPort *port = opaque;
  WlVc *vc;
  guint dlci;

  if (len < 2)
    return;
  dlci = frame_dlci (frame);

  g_mutex_lock (&port->sw->lock);
  if (dlci == 0)
    handle_lmi (port, frame, len);
  else if ((vc = wl_vc_port_lookup (port, FALSE, dlci, 0)) != NULL)
    {
      /* The frame is ours to rewrite (nio.h). */
      set_dlci ((guint8 *) frame, vc->out_id[0]);
      wl_nio_send (vc->out, frame, len);
    }
  g_mutex_unlock (&port->sw->lock);
}

static gpointer
frsw_new (void)
{
  return wl_vc_switch_new (frsw_rx);
}

static void
frsw_save_vcs (gpointer    object,
               const char *name,
               GString    *out)
{
  WlVcSwitch *sw = object;

  for (guint i = 0; i < sw->vcs->len; i++)
    {
      WlVc *vc = g_ptr_array_index (sw->vcs, i);
      char a[8], b[8];

      g_snprintf (a, sizeof a, "%u", vc->in_id[0]);
      g_snprintf (b, sizeof b, "%u", vc->out_id[0]);
      wl_save_command (out, "frsw", "create_vc", name, wl_nio_get_name (vc->in), a,
                       wl_nio_get_name (vc->out), b, NULL);
    }
}

static const WlNetObjectType frsw_type = {
  .kind = WL_HV_OBJ_FRSW,
  .module = "frsw",
  .label = "FRSW",
  .noun = "frame-relay switch",
  .new = frsw_new,
  .free = wl_vc_switch_free,
  .save = frsw_save_vcs,
};

/* Commands */

WL_NET_DEFINE_OBJECT_COMMANDS (frsw, frsw_type)

/* argv: sw in_nio in_dlci out_nio out_dlci */
static gboolean
parse_vc (WirelabHypervisor  *hv,
          char              **argv,
          WlVc               *vc)
{
  guint64 a, b;

  memset (vc, 0, sizeof *vc);
  vc->in = wl_hv_object_lookup (hv, WL_HV_OBJ_NIO, argv[1]);
  vc->out = wl_hv_object_lookup (hv, WL_HV_OBJ_NIO, argv[3]);
  if (vc->in == NULL || vc->out == NULL ||
      !g_ascii_string_to_unsigned (argv[2], 10, 1, FR_MAX_DLCI, &a, NULL) ||
      !g_ascii_string_to_unsigned (argv[4], 10, 1, FR_MAX_DLCI, &b, NULL))
    return FALSE;
  vc->in_id[0] = a;
  vc->out_id[0] = b;
  return TRUE;
}

static void
change_vc (WirelabHypervisor  *hv,
           WlHvReply          *reply,
           char              **argv,
           gboolean            create)
{
  WlVc vc;

  wl_vc_switch_command (hv, reply, WL_HV_OBJ_FRSW, argv[0], parse_vc (hv, argv, &vc) ? &vc : NULL,
                        create, "VC");
}

static void
cmd_create_vc (WirelabHypervisor *hv,
               WlHvReply         *reply,
               guint              argc,
               char             **argv)
{
  change_vc (hv, reply, argv, TRUE);
}

static void
cmd_delete_vc (WirelabHypervisor *hv,
               WlHvReply         *reply,
               guint              argc,
               char             **argv)
{
  change_vc (hv, reply, argv, FALSE);
}

static const WlHvCommand frsw_commands[] = {
  { "create", 1, 1, frsw_cmd_create },
  { "rename", 2, 2, frsw_cmd_rename },
  { "delete", 1, 1, frsw_cmd_delete },
  { "create_vc", 5, 5, cmd_create_vc },
  { "delete_vc", 5, 5, cmd_delete_vc },
  { "list", 0, 0, frsw_cmd_list },
  { NULL }
};

static const WlHvModule frsw_module = {
  .name = "frsw",
  .commands = frsw_commands,
  .reset = frsw_reset,
  .reset_order = 10,
  .save = frsw_save,
};

void
wl_net_register_frsw_module (WirelabHypervisor *hv)
{
  wl_hv_register_module (hv, &frsw_module);
}
