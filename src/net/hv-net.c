/* hv-net.c: registration of the net area's hypervisor modules
 *
 * Copyright 2026 The Wirelab authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#define G_LOG_DOMAIN "wirelab-net"

#include "config.h"

#include "hv-net.h"

/* Dynamips' registration order (module_list shows it reversed). */
void
wl_net_register_modules (WirelabHypervisor *hv)
{
  wl_net_register_nio_module (hv);
  wl_net_register_nio_bridge_module (hv);
  wl_net_register_frsw_module (hv);
  wl_net_register_atmsw_module (hv);
  wl_net_register_atm_bridge_module (hv);
  wl_net_register_ethsw_module (hv);
}
