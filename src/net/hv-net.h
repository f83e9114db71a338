/* hv-net.h: the hypervisor modules of the net area
 *
 * Copyright 2026 The Wirelab authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#pragma once

#include "wirelab/wirelab-hypervisor.h"

G_BEGIN_DECLS

/* Registers nio, nio_bridge, frsw, atmsw, atm_bridge and ethsw. */
void wl_net_register_modules             (WirelabHypervisor *hv);

void wl_net_register_nio_module          (WirelabHypervisor *hv);
void wl_net_register_nio_bridge_module   (WirelabHypervisor *hv);
void wl_net_register_frsw_module         (WirelabHypervisor *hv);
void wl_net_register_atmsw_module        (WirelabHypervisor *hv);
void wl_net_register_atm_bridge_module   (WirelabHypervisor *hv);
void wl_net_register_ethsw_module        (WirelabHypervisor *hv);

G_END_DECLS
