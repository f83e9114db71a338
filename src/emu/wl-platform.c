/* wl-platform.c: the router platforms and their cards
 *
 * Copyright 2026 The Wirelab authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#define G_LOG_DOMAIN "wirelab-emu"

#include "config.h"

#include <stdio.h>
#include <string.h>

#include "emu/wl-platform.h"

#define FE "FastEthernet"
#define E  "Ethernet"
#define GE "GigabitEthernet"

/* name, ports, speed, prefix, wic, slot0_only, flat_names */
static const WlCardInfo cards[] = {
  { "C7200-IO-FE",      1, 100,  FE,   FALSE, TRUE,  FALSE },
  { "C7200-IO-2FE",     2, 100,  FE,   FALSE, TRUE,  FALSE },
  { "C7200-IO-GE-E",    1, 1000, GE,   FALSE, TRUE,  FALSE },
  { "NPE-G2",           3, 1000, GE,   FALSE, TRUE,  FALSE },
  { "C7200-JC-PA",      0, 0,    NULL, FALSE, TRUE,  FALSE },
  { "PA-FE-TX",         1, 100,  FE,   FALSE, FALSE, FALSE },
  { "PA-2FE-TX",        2, 100,  FE,   FALSE, FALSE, FALSE },
  { "PA-GE",            1, 1000, GE,   FALSE, FALSE, FALSE },
  { "PA-4E",            4, 10,   E,    FALSE, FALSE, FALSE },
  { "PA-8E",            8, 10,   E,    FALSE, FALSE, FALSE },
  { "PA-4T+",           0, 0,    NULL, FALSE, FALSE, FALSE },
  { "PA-8T",            0, 0,    NULL, FALSE, FALSE, FALSE },
  { "PA-A1",            0, 0,    NULL, FALSE, FALSE, FALSE },
  { "PA-POS-OC3",       0, 0,    NULL, FALSE, FALSE, FALSE },
  { "PA-4B",            0, 0,    NULL, FALSE, FALSE, FALSE },
  { "PA-MC-8TE1",       0, 0,    NULL, FALSE, FALSE, FALSE },
  { "NM-1E",            1, 10,   E,    FALSE, FALSE, FALSE },
  { "NM-4E",            4, 10,   E,    FALSE, FALSE, FALSE },
  { "NM-1FE-TX",        1, 100,  FE,   FALSE, FALSE, FALSE },
  { "NM-16ESW",         16, 100, FE,   FALSE, FALSE, FALSE },
  { "NM-4T",            0, 0,    NULL, FALSE, FALSE, FALSE },
  { "NM-NAM",           0, 0,    NULL, FALSE, FALSE, FALSE },
  { "NM-CIDS",          0, 0,    NULL, FALSE, FALSE, FALSE },
  { "Leopard-2FE",      2, 100,  FE,   FALSE, TRUE,  FALSE },
  { "GT96100-FE",       2, 100,  FE,   FALSE, TRUE,  FALSE },
  { "CISCO2600-MB-1E",  1, 10,   E,    FALSE, TRUE,  FALSE },
  { "CISCO2600-MB-2E",  2, 10,   E,    FALSE, TRUE,  FALSE },
  { "CISCO2600-MB-1FE", 1, 100,  FE,   FALSE, TRUE,  FALSE },
  { "CISCO2600-MB-2FE", 2, 100,  FE,   FALSE, TRUE,  FALSE },
  { "C1700-MB-1ETH",    1, 100,  FE,   FALSE, TRUE,  TRUE },
  { "C1710-MB-1FE-1E",  2, 100,  FE,   FALSE, TRUE,  TRUE },
  { "WIC-1T",           0, 0,    NULL, TRUE,  FALSE, FALSE },
  { "WIC-2T",           0, 0,    NULL, TRUE,  FALSE, FALSE },
  { "WIC-1ENET",        1, 10,   E,    TRUE,  FALSE, FALSE },
};

static const char *const c7200_cards[] = {
  "C7200-IO-FE", "C7200-IO-2FE", "C7200-IO-GE-E", "NPE-G2", "PA-FE-TX", "PA-2FE-TX",
  "PA-GE", "PA-4E", "PA-8E", "PA-4T+", "PA-8T", "PA-A1", "PA-POS-OC3", "PA-4B",
  "PA-MC-8TE1", "C7200-JC-PA", NULL
};
static const char *const c3600_cards[] = {
  "NM-1E", "NM-4E", "NM-1FE-TX", "NM-4T", "Leopard-2FE", "NM-16ESW", NULL
};
static const char *const c37xx_cards[] = {
  "GT96100-FE", "NM-1FE-TX", "NM-16ESW", "NM-4T", "NM-NAM", "NM-CIDS", "WIC-1T", "WIC-2T", NULL
};
static const char *const c2600_cards[] = {
  "CISCO2600-MB-1E", "CISCO2600-MB-2E", "CISCO2600-MB-1FE", "CISCO2600-MB-2FE", "NM-1E",
  "NM-4E", "NM-1FE-TX", "NM-16ESW", "NM-NAM", "NM-CIDS", "WIC-1T", "WIC-2T", "WIC-1ENET", NULL
};
static const char *const c1700_cards[] = {
  "C1700-MB-1ETH", "C1710-MB-1FE-1E", "WIC-1T", "WIC-2T", "WIC-1ENET", NULL
};

static const char *const c3600_chassis[] = { "3620", "3640", "3660", NULL };
static const char *const c2600_chassis[] = {
  "2610", "2611", "2620", "2621", "2610XM", "2611XM", "2620XM", "2621XM", "2650XM", "2651XM", NULL
};
static const char *const c1700_chassis[] = { "1710", "1720", "1721", "1750", "1751", "1760", NULL };

static const WlPlatformInfo platforms[] = {
  { "c7200", 0xca, 256, 7, "7206VXR", NULL, c7200_cards },
  { "c3600", 0xcc, 128, 7, "3640", c3600_chassis, c3600_cards },
  { "c2691", 0xc0, 128, 2, "2691", NULL, c37xx_cards },
  { "c3725", 0xc2, 128, 3, "3725", NULL, c37xx_cards },
  { "c3745", 0xc4, 128, 5, "3745", NULL, c37xx_cards },
  { "c2600", 0xc8, 64, 2, "2610", c2600_chassis, c2600_cards },
  { "c1700", 0xd0, 64, 2, "1720", c1700_chassis, c1700_cards },
};

static const WlPlatformInfo *const platform_list[] = {
  &platforms[0], &platforms[1], &platforms[2], &platforms[3],
  &platforms[4], &platforms[5], &platforms[6], NULL
};

static const char *const npe_types[] = {
  "npe-100", "npe-150", "npe-175", "npe-200", "npe-225", "npe-300", "npe-400", "npe-g2", NULL
};

const WlPlatformInfo *
wl_platform_lookup (const char *name)
{
  g_return_val_if_fail (name != NULL, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (platforms); i++)
    if (strcmp (platforms[i].name, name) == 0)
      return &platforms[i];
  return NULL;
}

const WlPlatformInfo *const *
wl_platform_all (void)
{
  return platform_list;
}

const WlCardInfo *
wl_card_lookup (const WlPlatformInfo *platform,
                const char           *card)
{
  g_return_val_if_fail (platform != NULL, NULL);
  g_return_val_if_fail (card != NULL, NULL);

  if (!g_strv_contains (platform->cards, card))
    return NULL;
  for (guint i = 0; i < G_N_ELEMENTS (cards); i++)
    if (strcmp (cards[i].name, card) == 0)
      return &cards[i];
  return NULL;
}

const char *
wl_platform_mainboard (const WlPlatformInfo *platform,
                       const char           *chassis)
{
  g_return_val_if_fail (platform != NULL, NULL);

  if (strcmp (platform->name, "c2691") == 0 || strcmp (platform->name, "c3725") == 0 ||
      strcmp (platform->name, "c3745") == 0)
    return "GT96100-FE";
  if (strcmp (platform->name, "c3600") == 0)
    return g_strcmp0 (chassis, "3660") == 0 ? "Leopard-2FE" : NULL;
  if (strcmp (platform->name, "c2600") == 0)
    {
      if (chassis == NULL || strcmp (chassis, "2610") == 0)
        return "CISCO2600-MB-1E";
      if (strcmp (chassis, "2611") == 0)
        return "CISCO2600-MB-2E";
      if (strcmp (chassis, "2620") == 0)
        return "CISCO2600-MB-1FE";
      if (strcmp (chassis, "2621") == 0)
        return "CISCO2600-MB-2FE";
      /* XM models: one or two FastEthernets, odd model numbers have two */
      return chassis[3] == '1' ? "CISCO2600-MB-2FE" : "CISCO2600-MB-1FE";
    }
  if (strcmp (platform->name, "c1700") == 0)
    return g_strcmp0 (chassis, "1710") == 0 ? "C1710-MB-1FE-1E" : "C1700-MB-1ETH";
  return NULL;
}

gboolean
wl_platform_chassis_valid (const WlPlatformInfo *platform,
                           const char           *chassis)
{
  g_return_val_if_fail (platform != NULL, FALSE);

  return platform->chassis != NULL && chassis != NULL &&
         g_strv_contains (platform->chassis, chassis);
}

gboolean
wl_platform_npe_valid (const char *npe)
{
  return npe != NULL && g_strv_contains (npe_types, npe);
}

char *
wl_card_interface_name (const WlCardInfo *card,
                        guint             slot,
                        guint             port_index)
{
  g_return_val_if_fail (card != NULL && card->if_prefix != NULL, NULL);

  if (card->flat_names)
    {
      /* C1710-MB-1FE-1E: FastEthernet0 then Ethernet0 */
      if (port_index == 1)
        return g_strdup (E "0");
      return g_strdup_printf ("%s%u", card->if_prefix, port_index);
    }
  return g_strdup_printf ("%s%u/%u", card->if_prefix, slot, port_index);
}

gboolean
wl_mac_parse (const char *text,
              uint8_t     mac[6])
{
  unsigned int v[6];
  char tail;

  g_return_val_if_fail (text != NULL, FALSE);

  if (strlen (text) == 14 && text[4] == '.' && text[9] == '.')
    {
      unsigned int a, b, c;

      for (guint i = 0; i < 14; i++)
        if (i != 4 && i != 9 && !g_ascii_isxdigit (text[i]))
          return FALSE;
      if (sscanf (text, "%4x.%4x.%4x%c", &a, &b, &c, &tail) != 3)
        return FALSE;
      mac[0] = a >> 8; mac[1] = a & 0xff;
      mac[2] = b >> 8; mac[3] = b & 0xff;
      mac[4] = c >> 8; mac[5] = c & 0xff;
      return TRUE;
    }
  if (strlen (text) == 17)
    {
      for (guint i = 0; i < 17; i++)
        if ((i % 3 == 2) ? text[i] != ':' : !g_ascii_isxdigit (text[i]))
          return FALSE;
      if (sscanf (text, "%2x:%2x:%2x:%2x:%2x:%2x%c",
                  &v[0], &v[1], &v[2], &v[3], &v[4], &v[5], &tail) != 6)
        return FALSE;
      for (guint i = 0; i < 6; i++)
        mac[i] = v[i];
      return TRUE;
    }
  return FALSE;
}

char *
wl_mac_format_cisco (const uint8_t mac[6])
{
  return g_strdup_printf ("%02x%02x.%02x%02x.%02x%02x",
                          mac[0], mac[1], mac[2], mac[3], mac[4], mac[5]);
}
