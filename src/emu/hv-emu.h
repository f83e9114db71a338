/* hv-emu.h: the emulator's hypervisor modules (vm, vm_debug, platforms)
 *
 * Copyright 2026 The Wirelab authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#pragma once

#include "emu/wl-vm.h"
#include "protocol/hv-module.h"

G_BEGIN_DECLS

extern const WlHvModule wl_hv_vm_module;
extern const WlHvModule wl_hv_vm_debug_module;
/* c7200 c3600 c2691 c3725 c3745 c2600 c1700, then NULL */
extern const WlHvModule *const wl_hv_platform_modules[];

/* CPU registers of a running VM as 101 lines. */
void wl_hv_emu_dump_cpu (WlVm      *vm,
                         WlHvReply *reply);

G_END_DECLS
