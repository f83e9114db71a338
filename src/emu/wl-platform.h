/* wl-platform.h: the router platforms and their cards
 *
 * Copyright 2026 The Wirelab authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * Every platform runs on the one Wirelab board (docs/board.md); these tables
 * only give names, defaults, MAC prefixes and which cards a slot accepts.
 */

#pragma once

#include <glib.h>
#include <stdint.h>

G_BEGIN_DECLS

typedef struct
{
  const char *name;          /* "PA-FE-TX" */
  guint       n_ports;       /* Ethernet ports with an interface; 0: none */
  guint       speed;         /* Mbit/s of those ports */
  const char *if_prefix;     /* "FastEthernet", NULL without ports */
  gboolean    wic;           /* a WIC: port 16, 32 or 48 of slot 0 */
  gboolean    slot0_only;    /* I/O cards and mainboards */
  gboolean    flat_names;    /* c1700 mainboard: "FastEthernet0", no slot */
} WlCardInfo;

typedef struct
{
  const char        *name;            /* "c7200" */
  uint8_t            mac_prefix;      /* first MAC byte */
  guint              default_ram_mb;
  guint              n_slots;
  const char        *default_chassis; /* "7206VXR" for c7200 */
  const char *const *chassis;         /* valid set_chassis values, NULL: none */
  const char *const *cards;           /* card names accepted in slots */
} WlPlatformInfo;

const WlPlatformInfo *wl_platform_lookup       (const char *name);
const WlPlatformInfo *const *wl_platform_all   (void);
const WlCardInfo     *wl_card_lookup           (const WlPlatformInfo *platform,
                                                const char           *card);
/* The card present by itself in slot 0 for this chassis, or NULL. */
const char           *wl_platform_mainboard    (const WlPlatformInfo *platform,
                                                const char           *chassis);
gboolean              wl_platform_chassis_valid (const WlPlatformInfo *platform,
                                                 const char           *chassis);
/* c7200 NPE names accepted by set_npe ("npe-400"); display form "NPE-400". */
gboolean              wl_platform_npe_valid     (const char *npe);
/* Interface name of a card port: "FastEthernet1/0". */
char                 *wl_card_interface_name    (const WlCardInfo *card,
                                                 guint             slot,
                                                 guint             port_index);

/* MAC helpers: "ca01.1f2d.0000" or "ca:01:1f:2d:00:00". */
gboolean              wl_mac_parse              (const char *text,
                                                 uint8_t     mac[6]);
char                 *wl_mac_format_cisco       (const uint8_t mac[6]);

G_END_DECLS
