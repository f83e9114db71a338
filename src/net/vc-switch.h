/* vc-switch.h: one-way virtual circuits between NIOs (frsw, atmsw)
 *
 * Copyright 2026 The Wirelab authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * A VC takes what arrives on (in, in_id) out of `out`; the switch's receive
 * callback rewrites the ids (DLCI, or VPI/VCI).  A NIO that is the input of
 * a VC is a port: bound to the switch while it has VCs, which it finds by
 * input id.  Every VC holds both its NIOs, so neither can be deleted.
 */

#pragma once

#include "protocol/hv-module.h"

#include "nio.h"

G_BEGIN_DECLS

typedef struct
{
  wl_nio_t *in;
  wl_nio_t *out;
  gboolean  sub;         /* an ATM VCC: one channel of the path in_id[0] */
  guint     in_id[2];    /* DLCI, 0; or VPI, VCI (0 for a VPC) */
  guint     out_id[2];
} WlVc;

typedef struct _WlVcSwitch WlVcSwitch;

typedef struct
{
  WlVcSwitch *sw;
  wl_nio_t   *nio;
  GHashTable *vcs;       /* wl_vc_key () -> WlVc * */
  guint8      lmi_seq;   /* frsw: our last LMI sequence number */
} WlVcPort;

struct _WlVcSwitch
{
  GMutex          lock;  /* the receive callback looks up and sends under it */
  wl_nio_rx_func  rx;    /* bound to every port, with the WlVcPort */
  GPtrArray      *ports; /* WlVcPort * */
  GPtrArray      *vcs;   /* WlVc *, in creation order */
};

static inline gpointer
wl_vc_key (gboolean sub,
           guint    id0,
           guint    id1)
{
  return GUINT_TO_POINTER ((sub ? 1u << 31 : 0) | (id0 << 16) | id1);
}

/* The port's VC for these input ids, or NULL (the switch's lock held). */
static inline WlVc *
wl_vc_port_lookup (WlVcPort *port,
                   gboolean  sub,
                   guint     id0,
                   guint     id1)
{
  return g_hash_table_lookup (port->vcs, wl_vc_key (sub, id0, id1));
}

WlVcSwitch *wl_vc_switch_new     (wl_nio_rx_func     rx);
void        wl_vc_switch_free    (gpointer           sw);

/* `create_vc` and its kin on the switch of `kind` named `name` (208 when
 * there is none): adds `vc`, or removes the VC equal to it.  NULL `vc` (bad
 * arguments), an input id already taken on that NIO (or for a sub VC, its
 * path), a NIO with another consumer, or no such VC to delete answer
 * `205-unable to create|delete <what>`, success `100-<what> created|deleted`. */
void        wl_vc_switch_command (WirelabHypervisor *hv,
                                  WlHvReply         *reply,
                                  WlHvObjectKind     kind,
                                  const char        *name,
                                  const WlVc        *vc,
                                  gboolean           create,
                                  const char        *what);

G_END_DECLS
