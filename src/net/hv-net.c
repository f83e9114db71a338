/* hv-net.c: registration of the net area's hypervisor modules
 *
 * Copyright 2026 The Wirelab authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#define G_LOG_DOMAIN "wirelab-net"

#include "config.h"

#include "hv-net.h"

void
wl_net_register_modules (WirelabHypervisor *hv)
{
}
