/* wirelab-platform.h: router platforms, their adapters and interface names
 *
 * Copyright 2026 The Wirelab authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * Owner: src/lab/.  The tables behind the router preference pages and the
 * interface names of docs/board.md: `FastEthernet0/0` for C7200-IO-FE,
 * `Ethernet1/0`…`1/3` for PA-4E in slot 1, `Serial0/0` for the first WIC
 * port, `FastEthernet0` and `Ethernet0` on a c1700 mainboard.
 */

#pragma once

#include <glib.h>

#include "wirelab-lab-types.h"

G_BEGIN_DECLS

/* c7200 c3600 c2691 c3725 c3745 c2600 c1700, NULL-terminated, static. */
const char *const *wirelab_platform_list              (void);
gboolean           wirelab_platform_is_valid          (const char *platform);
/* Dynamips' defaults: c7200 256, c3600/c2691/c3725/c3745 128, c2600/c1700 64. */
guint              wirelab_platform_get_default_ram   (const char *platform);
guint              wirelab_platform_get_default_nvram (const char *platform);
/* Chassis models (c3600: 3620 3640 3660 …); NULL-terminated, static.  The
 * first is the default.  c7200 lists "7206VXR" only (it has NPEs instead). */
const char *const *wirelab_platform_list_models       (const char *platform);
const char        *wirelab_platform_get_default_model (const char *platform);
/* Number of slots (slot 0 included) of that platform/model. */
guint              wirelab_platform_get_slot_count    (const char *platform,
                                                       const char *model);
guint              wirelab_platform_get_wic_count     (const char *platform);
/* The card built into slot 0 (GT96100-FE on c2691/c37xx, the c2600/c1700
 * mainboard of that chassis, Leopard-2FE on a 3660), else NULL.  It is
 * present without `slot_add_binding` and cannot be changed. */
const char        *wirelab_platform_get_fixed_adapter (const char *platform,
                                                       const char *model);
/* Cards that fit in `slot` (WICs excluded), NULL-terminated, free with
 * g_strfreev. */
char             **wirelab_platform_dup_adapters      (const char *platform,
                                                       const char *model,
                                                       guint       slot);
/* WIC-1T WIC-2T WIC-1ENET where the platform takes WICs. */
char             **wirelab_platform_dup_wics          (const char *platform);
/* Default cards per slot for a new image ("" = empty slot). */
char             **wirelab_platform_dup_default_slots (const char *platform,
                                                       const char *model);

/* Interface names of a router, in slot/port order.  `slots[i]` is the card
 * in slot i ("" or missing = empty; slot 0 of a platform with a fixed card
 * always holds it); `wics[w]` the card in WIC slot w.  NULL when a card does
 * not fit the platform (error set). */
char             **wirelab_platform_dup_interfaces    (const char         *platform,
                                                       const char         *model,
                                                       const char *const  *slots,
                                                       const char *const  *wics,
                                                       GError            **error);
/* Where an interface lives, for `vm slot_add_nio_binding NAME SLOT PORT`:
 * WIC ports are port 16 * (wic + 1) + n of slot 0, as Dynamips.  FALSE when
 * the router has no such interface. */
gboolean           wirelab_platform_lookup_interface  (const char           *platform,
                                                       const char           *model,
                                                       const char *const    *slots,
                                                       const char *const    *wics,
                                                       const char           *name,
                                                       guint                *out_slot,
                                                       guint                *out_port,
                                                       WirelabInterfaceType *out_type);

/* Full IOS name from a Dynagen/IOS abbreviation: "f0/0" FastEthernet0/0,
 * "e1/2" Ethernet1/2, "s1/0" Serial1/0, "g0/0" GigabitEthernet0/0, "a1/0"
 * ATM1/0, "p2/0" POS2/0 ("fa", "gi", "se", "eth" … and full names too).
 * NULL when it is not an interface name. */
char              *wirelab_platform_expand_interface  (const char *abbreviation);

/* The first byte of the default MAC: c7200 0xca, c3745 0xc4 … */
guint8             wirelab_platform_get_mac_prefix    (const char *platform);

G_END_DECLS
