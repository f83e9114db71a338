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
#include "nio.h"
#include "nio-save.h"

#define FR_MAX_DLCI 1023

typedef struct _Frsw Frsw;

typedef struct
{
  wl_nio_t *in;
  guint     dlci_in;
  wl_nio_t *out;
  guint     dlci_out;
} FrVc;

/* A NIO that is the input of at least one VC. */
typedef struct
{
  Frsw       *sw;
  wl_nio_t   *nio;
  GHashTable *vcs;       /* DLCI -> FrVc * */
  guint8      lmi_seq;   /* our last sent sequence number */
} FrPort;

struct _Frsw
{
  GMutex     lock;
  GPtrArray *ports;     /* FrPort * */
  GPtrArray *vcs;       /* FrVc *, in creation order */
};

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
  return (gint) GPOINTER_TO_UINT (a) - (gint) GPOINTER_TO_UINT (b);
}

/* LMI: a STATUS ENQUIRY gets a STATUS (full status lists the PVCs). */
static void
handle_lmi (FrPort       *port,
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
      g_autoptr(GList) dlcis = g_hash_table_get_keys (port->vcs);

      dlcis = g_list_sort (dlcis, compare_dlci);
      for (GList *l = dlcis; l != NULL && o + 5 <= sizeof resp; l = l->next)
        {
          guint dlci = GPOINTER_TO_UINT (l->data);

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
  FrPort *port = opaque;
  Frsw *sw = port->sw;
  FrVc *vc;
  guint dlci;

  if (len < 2)
    return;
  dlci = frame_dlci (frame);

  g_mutex_lock (&sw->lock);
  if (dlci == 0)
    handle_lmi (port, frame, len);
  else if ((vc = g_hash_table_lookup (port->vcs, GUINT_TO_POINTER (dlci))) != NULL)
    {
      /* The frame is ours to rewrite (nio.h). */
      set_dlci ((guint8 *) frame, vc->dlci_out);
      wl_nio_send (vc->out, frame, len);
    }
  g_mutex_unlock (&sw->lock);
}

static FrPort *
find_port (Frsw     *sw,
           wl_nio_t *nio)
{
  for (guint i = 0; i < sw->ports->len; i++)
    if (((FrPort *) g_ptr_array_index (sw->ports, i))->nio == nio)
      return g_ptr_array_index (sw->ports, i);
  return NULL;
}

static gboolean
frsw_create_vc (Frsw     *sw,
                wl_nio_t *in,
                guint     dlci_in,
                wl_nio_t *out,
                guint     dlci_out)
{
  FrPort *port = find_port (sw, in);
  FrVc *vc;

  if (port != NULL && g_hash_table_contains (port->vcs, GUINT_TO_POINTER (dlci_in)))
    return FALSE;
  if (port == NULL)
    {
      port = g_new0 (FrPort, 1);
      port->sw = sw;
      port->nio = wl_nio_ref (in);
      port->vcs = g_hash_table_new (NULL, NULL);
      if (!wl_nio_attach (in, frsw_rx, port))
        {
          wl_nio_unref (port->nio);
          g_hash_table_unref (port->vcs);
          g_free (port);
          return FALSE;
        }
      g_mutex_lock (&sw->lock);
      g_ptr_array_add (sw->ports, port);
      g_mutex_unlock (&sw->lock);
    }

  vc = g_new0 (FrVc, 1);
  vc->in = wl_nio_ref (in);
  vc->dlci_in = dlci_in;
  vc->out = wl_nio_ref (out);
  vc->dlci_out = dlci_out;
  g_mutex_lock (&sw->lock);
  g_hash_table_insert (port->vcs, GUINT_TO_POINTER (dlci_in), vc);
  g_ptr_array_add (sw->vcs, vc);
  g_mutex_unlock (&sw->lock);
  return TRUE;
}

static void
vc_free (FrVc *vc)
{
  wl_nio_unref (vc->in);
  wl_nio_unref (vc->out);
  g_free (vc);
}

static void
drop_vc (Frsw *sw,
         FrVc *vc)
{
  FrPort *port = find_port (sw, vc->in);
  gboolean last;

  g_return_if_fail (port != NULL);

  g_mutex_lock (&sw->lock);
  g_hash_table_remove (port->vcs, GUINT_TO_POINTER (vc->dlci_in));
  g_ptr_array_remove (sw->vcs, vc);
  last = g_hash_table_size (port->vcs) == 0;
  if (last)
    g_ptr_array_remove (sw->ports, port);
  g_mutex_unlock (&sw->lock);

  if (last)
    {
      /* Outside the switch lock: the callback may be waiting for it. */
      wl_nio_detach (port->nio);
      wl_nio_unref (port->nio);
      g_hash_table_unref (port->vcs);
      g_free (port);
    }
  vc_free (vc);
}

static gboolean
frsw_delete_vc (Frsw     *sw,
                wl_nio_t *in,
                guint     dlci_in,
                wl_nio_t *out,
                guint     dlci_out)
{
  for (guint i = 0; i < sw->vcs->len; i++)
    {
      FrVc *vc = g_ptr_array_index (sw->vcs, i);

      if (vc->in == in && vc->dlci_in == dlci_in && vc->out == out && vc->dlci_out == dlci_out)
        {
          drop_vc (sw, vc);
          return TRUE;
        }
    }
  return FALSE;
}

static Frsw *
frsw_new (void)
{
  Frsw *sw = g_new0 (Frsw, 1);

  g_mutex_init (&sw->lock);
  sw->ports = g_ptr_array_new ();
  sw->vcs = g_ptr_array_new ();
  return sw;
}

static void
frsw_free (gpointer data)
{
  Frsw *sw = data;

  while (sw->vcs->len > 0)
    drop_vc (sw, g_ptr_array_index (sw->vcs, sw->vcs->len - 1));
  g_ptr_array_unref (sw->ports);
  g_ptr_array_unref (sw->vcs);
  g_mutex_clear (&sw->lock);
  g_free (sw);
}

/* Commands */

static void
cmd_create (WirelabHypervisor *hv,
            WlHvReply         *reply,
            guint              argc,
            char             **argv)
{
  if (wl_hv_object_lookup (hv, WL_HV_OBJ_FRSW, argv[0]) != NULL)
    {
      wl_hv_reply_error (reply, WL_HV_ERR_CREATE, "unable to create frame-relay switch '%s'", argv[0]);
      return;
    }
  wl_hv_object_add (hv, WL_HV_OBJ_FRSW, argv[0], frsw_new (), frsw_free);
  wl_hv_reply_ok (reply, "FRSW '%s' created", argv[0]);
}

static void
cmd_rename (WirelabHypervisor *hv,
            WlHvReply         *reply,
            guint              argc,
            char             **argv)
{
  if (wl_hv_find_object (hv, reply, WL_HV_OBJ_FRSW, argv[0]) == NULL)
    return;
  if (!wl_hv_object_rename (hv, WL_HV_OBJ_FRSW, argv[0], argv[1]))
    {
      wl_hv_reply_error (reply, WL_HV_ERR_RENAME, "unable to rename FRSW '%s', '%s' already exists",
                         argv[0], argv[1]);
      return;
    }
  wl_hv_reply_ok (reply, "FRSW '%s' renamed to '%s'", argv[0], argv[1]);
}

static void
cmd_delete (WirelabHypervisor *hv,
            WlHvReply         *reply,
            guint              argc,
            char             **argv)
{
  if (!wl_hv_object_remove (hv, WL_HV_OBJ_FRSW, argv[0]))
    {
      wl_hv_reply_error (reply, WL_HV_ERR_DELETE, "unable to delete FRSW '%s'", argv[0]);
      return;
    }
  wl_hv_reply_ok (reply, "FRSW '%s' deleted", argv[0]);
}

static gboolean
parse_vc (WirelabHypervisor  *hv,
          char              **argv,
          wl_nio_t          **in,
          guint              *dlci_in,
          wl_nio_t          **out,
          guint              *dlci_out)
{
  guint64 a, b;

  *in = wl_hv_object_lookup (hv, WL_HV_OBJ_NIO, argv[1]);
  *out = wl_hv_object_lookup (hv, WL_HV_OBJ_NIO, argv[3]);
  if (*in == NULL || *out == NULL ||
      !g_ascii_string_to_unsigned (argv[2], 10, 1, FR_MAX_DLCI, &a, NULL) ||
      !g_ascii_string_to_unsigned (argv[4], 10, 1, FR_MAX_DLCI, &b, NULL))
    return FALSE;
  *dlci_in = a;
  *dlci_out = b;
  return TRUE;
}

static void
cmd_create_vc (WirelabHypervisor *hv,
               WlHvReply         *reply,
               guint              argc,
               char             **argv)
{
  Frsw *sw = wl_hv_find_object (hv, reply, WL_HV_OBJ_FRSW, argv[0]);
  wl_nio_t *in, *out;
  guint dlci_in, dlci_out;

  if (sw == NULL)
    return;
  if (!parse_vc (hv, argv, &in, &dlci_in, &out, &dlci_out) ||
      !frsw_create_vc (sw, in, dlci_in, out, dlci_out))
    {
      wl_hv_reply_error (reply, WL_HV_ERR_BINDING, "unable to create VC");
      return;
    }
  wl_hv_reply_ok (reply, "VC created");
}

static void
cmd_delete_vc (WirelabHypervisor *hv,
               WlHvReply         *reply,
               guint              argc,
               char             **argv)
{
  Frsw *sw = wl_hv_find_object (hv, reply, WL_HV_OBJ_FRSW, argv[0]);
  wl_nio_t *in, *out;
  guint dlci_in, dlci_out;

  if (sw == NULL)
    return;
  if (!parse_vc (hv, argv, &in, &dlci_in, &out, &dlci_out) ||
      !frsw_delete_vc (sw, in, dlci_in, out, dlci_out))
    {
      wl_hv_reply_error (reply, WL_HV_ERR_BINDING, "unable to delete VC");
      return;
    }
  wl_hv_reply_ok (reply, "VC deleted");
}

static void
cmd_list (WirelabHypervisor *hv,
          WlHvReply         *reply,
          guint              argc,
          char             **argv)
{
  g_auto(GStrv) names = wl_hv_object_names (hv, WL_HV_OBJ_FRSW);

  for (guint i = 0; names[i] != NULL; i++)
    wl_hv_reply_info (reply, "%s", names[i]);
  wl_hv_reply_ok (reply, "OK");
}

static void
frsw_reset (WirelabHypervisor *hv)
{
  g_auto(GStrv) names = wl_hv_object_names (hv, WL_HV_OBJ_FRSW);

  for (guint i = 0; names[i] != NULL; i++)
    wl_hv_object_remove (hv, WL_HV_OBJ_FRSW, names[i]);
}

static void
frsw_save (WirelabHypervisor *hv,
           GString           *out)
{
  g_auto(GStrv) names = wl_hv_object_names (hv, WL_HV_OBJ_FRSW);

  for (guint i = 0; names[i] != NULL; i++)
    {
      Frsw *sw = wl_hv_object_lookup (hv, WL_HV_OBJ_FRSW, names[i]);

      wl_save_command (out, "frsw", "create", names[i], NULL);
      for (guint j = 0; j < sw->vcs->len; j++)
        {
          FrVc *vc = g_ptr_array_index (sw->vcs, j);
          char a[8], b[8];

          g_snprintf (a, sizeof a, "%u", vc->dlci_in);
          g_snprintf (b, sizeof b, "%u", vc->dlci_out);
          wl_save_command (out, "frsw", "create_vc", names[i], wl_nio_get_name (vc->in), a,
                           wl_nio_get_name (vc->out), b, NULL);
        }
    }
}

static const WlHvCommand frsw_commands[] = {
  { "create", 1, 1, cmd_create },
  { "rename", 2, 2, cmd_rename },
  { "delete", 1, 1, cmd_delete },
  { "create_vc", 5, 5, cmd_create_vc },
  { "delete_vc", 5, 5, cmd_delete_vc },
  { "list", 0, 0, cmd_list },
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
