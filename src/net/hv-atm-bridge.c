/* hv-atm-bridge.c: the `atm_bridge` module, Ethernet over ATM (RFC 1483)
 *
 * Copyright 2026 The Wirelab authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * Frames from the Ethernet NIO go out on one VPI/VCI of the ATM NIO as
 * RFC 1483 bridged PDUs (LLC/SNAP, Ethernet without FCS) in AAL5; AAL5 PDUs
 * arriving on that VC are checked (length, CRC-32) and their frames sent to
 * the Ethernet side.
 */

#define G_LOG_DOMAIN "wirelab-atm"

#include "config.h"

#include <string.h>

#include "protocol/hv-module.h"

#include "atm.h"
#include "hv-net.h"
#include "hv-object.h"
#include "nio-private.h"
#include "nio-save.h"

#define RFC1483B_HLEN 10
#define AAL5_TRAILER  8
/* The biggest PDU reassembled: a maximal frame, its header and trailer. */
#define PDU_MAX       (WL_NIO_MAX_FRAME + RFC1483B_HLEN + AAL5_TRAILER + WL_ATM_PAYLOAD_SIZE)

static const guint8 rfc1483b_header[RFC1483B_HLEN] = {
  0xaa, 0xaa, 0x03, 0x00, 0x80, 0xc2, 0x00, 0x07, 0x00, 0x00,
};

typedef struct
{
  GMutex    lock;
  wl_nio_t *eth;         /* NULL: not configured */
  wl_nio_t *atm;
  guint     vpi;
  guint     vci;
  guint8   *pdu;         /* reassembly (ATM side) */
  gsize     pdu_len;
  gboolean  pdu_broken;  /* overflowed: skip to the end of this PDU */
  guint8   *seg;         /* segmentation (Ethernet side) */
} AtmBridge;

/* Ethernet -> ATM */
static void
eth_rx (wl_nio_t      *nio,
        const uint8_t *frame,
        size_t         len,
        void          *opaque)
{
  AtmBridge *br = opaque;
  guint8 *pdu = br->seg;
  gsize body = RFC1483B_HLEN + len;
  gsize total = (body + AAL5_TRAILER + WL_ATM_PAYLOAD_SIZE - 1) / WL_ATM_PAYLOAD_SIZE * WL_ATM_PAYLOAD_SIZE;
  guint32 crc;
  guint8 cell[WL_ATM_CELL_SIZE];

  if (body > G_MAXUINT16)
    return;   /* longer than AAL5's length field can say */

  g_mutex_lock (&br->lock);
  if (br->atm == NULL)
    goto out;
  memcpy (pdu, rfc1483b_header, RFC1483B_HLEN);
  memcpy (pdu + RFC1483B_HLEN, frame, len);
  memset (pdu + body, 0, total - body);
  /* Trailer: CPCS-UU 0, CPI 0, length, CRC-32 over everything before it. */
  pdu[total - 6] = body >> 8;
  pdu[total - 5] = body & 0xff;
  crc = ~wl_atm_aal5_crc (0xffffffffu, pdu, total - 4);
  pdu[total - 4] = crc >> 24;
  pdu[total - 3] = crc >> 16;
  pdu[total - 2] = crc >> 8;
  pdu[total - 1] = crc;

  for (gsize off = 0; off < total; off += WL_ATM_PAYLOAD_SIZE)
    {
      memset (cell, 0, WL_ATM_HDR_SIZE);
      if (off + WL_ATM_PAYLOAD_SIZE == total)
        cell[3] = 0x02;                 /* PTI: end of the AAL5 PDU */
      wl_atm_cell_set_vc (cell, br->vpi, br->vci);
      memcpy (cell + WL_ATM_HDR_SIZE, pdu + off, WL_ATM_PAYLOAD_SIZE);
      wl_nio_send (br->atm, cell, WL_ATM_CELL_SIZE);
    }
out:
  g_mutex_unlock (&br->lock);
}

/* ATM -> Ethernet */
static void
atm_rx (wl_nio_t      *nio,
        const uint8_t *cell,
        size_t         len,
        void          *opaque)
{
  AtmBridge *br = opaque;
  gsize body;
  guint32 crc;

  if (len != WL_ATM_CELL_SIZE)
    return;

  g_mutex_lock (&br->lock);
  if (br->eth == NULL || wl_atm_cell_vpi (cell) != br->vpi || wl_atm_cell_vci (cell) != br->vci)
    goto out;

  if (br->pdu_len + WL_ATM_PAYLOAD_SIZE > PDU_MAX)
    {
      br->pdu_broken = TRUE;
      br->pdu_len = 0;
    }
  memcpy (br->pdu + br->pdu_len, cell + WL_ATM_HDR_SIZE, WL_ATM_PAYLOAD_SIZE);
  br->pdu_len += WL_ATM_PAYLOAD_SIZE;
  if (!(cell[3] & 0x02))
    goto out;

  /* End of a PDU: check it whole, then start over. */
  if (!br->pdu_broken)
    {
      body = (br->pdu[br->pdu_len - 6] << 8) | br->pdu[br->pdu_len - 5];
      crc = ~wl_atm_aal5_crc (0xffffffffu, br->pdu, br->pdu_len - 4);
      if (body + AAL5_TRAILER <= br->pdu_len && body + AAL5_TRAILER > br->pdu_len - WL_ATM_PAYLOAD_SIZE &&
          br->pdu[br->pdu_len - 4] == (guint8) (crc >> 24) &&
          br->pdu[br->pdu_len - 3] == (guint8) (crc >> 16) &&
          br->pdu[br->pdu_len - 2] == (guint8) (crc >> 8) &&
          br->pdu[br->pdu_len - 1] == (guint8) crc &&
          body >= RFC1483B_HLEN + 14 &&
          memcmp (br->pdu, rfc1483b_header, RFC1483B_HLEN) == 0)
        wl_nio_send (br->eth, br->pdu + RFC1483B_HLEN, body - RFC1483B_HLEN);
    }
  br->pdu_len = 0;
  br->pdu_broken = FALSE;

out:
  g_mutex_unlock (&br->lock);
}

static void
unconfigure (AtmBridge *br)
{
  wl_nio_t *eth, *atm;

  g_mutex_lock (&br->lock);
  eth = g_steal_pointer (&br->eth);
  atm = g_steal_pointer (&br->atm);
  br->pdu_len = 0;
  g_mutex_unlock (&br->lock);
  /* Outside the lock: the callbacks may be waiting for it. */
  wl_nio_detach (eth);
  wl_nio_detach (atm);
  wl_nio_unref (eth);
  wl_nio_unref (atm);
}

static gboolean
configure (AtmBridge *br,
           wl_nio_t  *eth,
           wl_nio_t  *atm,
           guint      vpi,
           guint      vci)
{
  if (br->eth != NULL || eth == atm)
    return FALSE;
  if (!wl_nio_attach (eth, eth_rx, br))
    return FALSE;
  if (!wl_nio_attach (atm, atm_rx, br))
    {
      wl_nio_detach (eth);
      return FALSE;
    }
  g_mutex_lock (&br->lock);
  br->eth = wl_nio_ref (eth);
  br->atm = wl_nio_ref (atm);
  br->vpi = vpi;
  br->vci = vci;
  br->pdu_len = 0;
  br->pdu_broken = FALSE;
  g_mutex_unlock (&br->lock);
  return TRUE;
}

static gpointer
bridge_new (void)
{
  AtmBridge *br = g_new0 (AtmBridge, 1);

  g_mutex_init (&br->lock);
  br->pdu = g_malloc (PDU_MAX);
  br->seg = g_malloc (PDU_MAX);
  return br;
}

static void
bridge_free (gpointer data)
{
  AtmBridge *br = data;

  if (br->eth != NULL)
    unconfigure (br);
  g_free (br->pdu);
  g_free (br->seg);
  g_mutex_clear (&br->lock);
  g_free (br);
}

/* Commands */

static void
cmd_configure (WirelabHypervisor *hv,
               WlHvReply         *reply,
               guint              argc,
               char             **argv)
{
  AtmBridge *br = wl_hv_find_object (hv, reply, WL_HV_OBJ_ATM_BRIDGE, argv[0]);
  wl_nio_t *eth, *atm;
  guint64 vpi, vci;

  if (br == NULL)
    return;
  eth = wl_hv_object_lookup (hv, WL_HV_OBJ_NIO, argv[1]);
  atm = wl_hv_object_lookup (hv, WL_HV_OBJ_NIO, argv[2]);
  if (eth == NULL || atm == NULL ||
      !g_ascii_string_to_unsigned (argv[3], 10, 0, 4095, &vpi, NULL) ||
      !g_ascii_string_to_unsigned (argv[4], 10, 0, 65535, &vci, NULL) ||
      !configure (br, eth, atm, vpi, vci))
    {
      wl_hv_reply_error (reply, WL_HV_ERR_BINDING, "unable to configure bridge");
      return;
    }
  wl_hv_reply_ok (reply, "ATM bridge configured");
}

static void
cmd_unconfigure (WirelabHypervisor *hv,
                 WlHvReply         *reply,
                 guint              argc,
                 char             **argv)
{
  AtmBridge *br = wl_hv_find_object (hv, reply, WL_HV_OBJ_ATM_BRIDGE, argv[0]);

  if (br == NULL)
    return;
  if (br->eth == NULL)
    {
      wl_hv_reply_error (reply, WL_HV_ERR_BINDING, "unable to unconfigure bridge");
      return;
    }
  unconfigure (br);
  wl_hv_reply_ok (reply, "ATM bridge unconfigured");
}

static void
bridge_save_configure (gpointer    object,
                       const char *name,
                       GString    *out)
{
  AtmBridge *br = object;
  char vpi[8], vci[8];

  if (br->eth == NULL)
    return;
  g_snprintf (vpi, sizeof vpi, "%u", br->vpi);
  g_snprintf (vci, sizeof vci, "%u", br->vci);
  wl_save_command (out, "atm_bridge", "configure", name, wl_nio_get_name (br->eth),
                   wl_nio_get_name (br->atm), vpi, vci, NULL);
}

static const WlNetObjectType bridge_type = {
  .kind = WL_HV_OBJ_ATM_BRIDGE,
  .module = "atm_bridge",
  .label = "ATM bridge",
  .noun = "ATM bridge",
  .new = bridge_new,
  .free = bridge_free,
  .save = bridge_save_configure,
};

WL_NET_DEFINE_OBJECT_COMMANDS (bridge, bridge_type)

static const WlHvCommand bridge_commands[] = {
  { "create", 1, 1, bridge_cmd_create },
  { "rename", 2, 2, bridge_cmd_rename },
  { "delete", 1, 1, bridge_cmd_delete },
  { "configure", 5, 5, cmd_configure },
  { "unconfigure", 1, 1, cmd_unconfigure },
  { "list", 0, 0, bridge_cmd_list },
  { NULL }
};

static const WlHvModule bridge_module = {
  .name = "atm_bridge",
  .commands = bridge_commands,
  .reset = bridge_reset,
  .reset_order = 10,
  .save = bridge_save,
};

void
wl_net_register_atm_bridge_module (WirelabHypervisor *hv)
{
  wl_hv_register_module (hv, &bridge_module);
}
