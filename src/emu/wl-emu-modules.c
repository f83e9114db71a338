/* wl-emu-modules.c: registers the emulator's hypervisor modules
 *
 * Copyright 2026 The Wirelab authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#define G_LOG_DOMAIN "wirelab-emu"

#include "config.h"

#include "emu/hv-emu.h"

/* Overrides the weak default in src/protocol (hv-module.h). */
void
wl_emu_register_modules (WirelabHypervisor *hv)
{
  g_return_if_fail (hv != NULL);

  for (guint i = 0; wl_hv_platform_modules[i] != NULL; i++)
    wl_hv_register_module (hv, wl_hv_platform_modules[i]);
  wl_hv_register_module (hv, &wl_hv_vm_module);
  wl_hv_register_module (hv, &wl_hv_vm_debug_module);
}
