/* ethsw.h: the Ethernet switch (spec section 9)
 *
 * Copyright 2026 The Wirelab authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * Dynamips' wire results (access, 802.1Q trunk and QinQ tunnel ports, VLAN 0
 * dropped) with a real MAC table: hashed on MAC and VLAN, no collisions
 * evicting stations, entries aged out after five minutes.  Forwarding takes
 * the switch's mutex (never a trylock), so a command never costs a frame.
 */

#pragma once

#include <glib.h>

#include "nio.h"

G_BEGIN_DECLS

#define WL_ETHSW_MAX_PORTS 64

typedef enum
{
  WL_ETHSW_PORT_ACCESS,
  WL_ETHSW_PORT_DOT1Q,
  WL_ETHSW_PORT_QINQ,
} WlEthswPortType;

typedef struct _WlEthsw WlEthsw;

WlEthsw  *wl_ethsw_new              (void);
/* Unbinds every port (waiting for frames in flight) and frees. */
void      wl_ethsw_free             (WlEthsw         *sw);

/* FALSE: the NIO has another consumer, is already a port, or 64 ports. */
gboolean  wl_ethsw_add_port         (WlEthsw         *sw,
                                     wl_nio_t        *nio);
gboolean  wl_ethsw_remove_port      (WlEthsw         *sw,
                                     wl_nio_t        *nio);
/* `vlan`: access VLAN, native VLAN or outer VLAN; `ethertype` for QinQ. */
gboolean  wl_ethsw_set_port         (WlEthsw         *sw,
                                     wl_nio_t        *nio,
                                     WlEthswPortType  type,
                                     guint            vlan,
                                     guint16          ethertype);
void      wl_ethsw_clear_mac_table  (WlEthsw         *sw);

typedef void (*WlEthswMacFunc) (const guint8 mac[6],
                                guint        vlan,
                                wl_nio_t    *nio,
                                gpointer     user_data);
/* Live entries sorted by MAC then VLAN. */
void      wl_ethsw_foreach_mac      (WlEthsw         *sw,
                                     WlEthswMacFunc   func,
                                     gpointer         user_data);

typedef void (*WlEthswPortFunc) (wl_nio_t        *nio,
                                 WlEthswPortType  type,
                                 guint            vlan,
                                 guint16          ethertype,
                                 gpointer         user_data);
void      wl_ethsw_foreach_port     (WlEthsw         *sw,
                                     WlEthswPortFunc  func,
                                     gpointer         user_data);

G_END_DECLS
