/* hv-emu-hook.c: weak default for the emulator's module registration
 *
 * Copyright 2026 The Wirelab authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#define G_LOG_DOMAIN "wirelab-hv"

#include "config.h"

#include "protocol/hv-module.h"

/* src/emu overrides this with a strong definition; until then (and in builds
 * that leave the emulator out) the hypervisor simply has no vm modules. */
__attribute__((weak)) void
wl_emu_register_modules (WirelabHypervisor *hv)
{
}
