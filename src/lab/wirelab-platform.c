/* wirelab-platform.c: router platforms, cards and IOS interface names
 *
 * Copyright 2026 The Wirelab authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#define G_LOG_DOMAIN "wirelab-lab"

#include "config.h"

#include <string.h>

#include "wirelab/wirelab-platform.h"
#include "wl-lab-private.h"

/* A card: its ports, one letter each (F FastEthernet, E Ethernet, G
 * GigabitEthernet, S Serial, A ATM, P POS), in port order. */
typedef struct
{
  const char *name;
  const char *ports;
} Card;

static const Card cards[] = {
  { "C7200-IO-FE", "F" },
  { "C7200-IO-2FE", "FF" },
  { "C7200-IO-GE-E", "G" },
  { "PA-FE-TX", "F" },
  { "PA-2FE-TX", "FF" },
  { "PA-GE", "G" },
  { "PA-4E", "EEEE" },
  { "PA-8E", "EEEEEEEE" },
  { "PA-4T+", "SSSS" },
  { "PA-8T", "SSSSSSSS" },
  { "PA-A1", "A" },
  { "PA-POS-OC3", "P" },
  { "NM-1E", "E" },
  { "NM-4E", "EEEE" },
  { "NM-1FE-TX", "F" },
  { "NM-4T", "SSSS" },
  { "NM-16ESW", "FFFFFFFFFFFFFFFF" },
  { "NM-NAM", "" },
  { "NM-CIDS", "" },
  { "Leopard-2FE", "FF" },
  { "GT96100-FE", "FF" },
  { "CISCO2600-MB-1E", "E" },
  { "CISCO2600-MB-2E", "EE" },
  { "CISCO2600-MB-1FE", "F" },
  { "CISCO2600-MB-2FE", "FF" },
  { "C1700-MB-1ETH", "F" },
  { "C1710-MB-1FE-1E", "FE" },
  { "WIC-1T", "S" },
  { "WIC-2T", "SS" },
  { "WIC-1ENET", "E" },
};

typedef struct
{
  const char *model;
  guint       slots;
  const char *fixed;   /* card built into slot 0, or NULL */
} Model;

typedef struct
{
  const char        *name;
  guint              ram;
  guint              nvram;
  guint8             mac_prefix;
  gboolean           slotless;   /* c1700: FastEthernet0, Serial0 */
  guint              wics;
  const Model       *models;     /* ends with { NULL } */
  const char *const *slot0;      /* cards for slot 0 when not fixed */
  const char *const *cards;      /* cards for the other slots */
  const char *const *wic_cards;
  const char        *default_slot0;
} Platform;

static const Model c7200_models[] = { { "7206VXR", 7, NULL }, { NULL } };
static const Model c3600_models[] = {
  { "3640", 4, NULL }, { "3620", 2, NULL }, { "3660", 7, "Leopard-2FE" }, { NULL }
};
static const Model c2691_models[] = { { "2691", 2, "GT96100-FE" }, { NULL } };
static const Model c3725_models[] = { { "3725", 3, "GT96100-FE" }, { NULL } };
static const Model c3745_models[] = { { "3745", 5, "GT96100-FE" }, { NULL } };
static const Model c2600_models[] = {
  { "2610", 2, "CISCO2600-MB-1E" }, { "2611", 2, "CISCO2600-MB-2E" },
  { "2620", 2, "CISCO2600-MB-1FE" }, { "2621", 2, "CISCO2600-MB-2FE" },
  { "2610XM", 2, "CISCO2600-MB-1FE" }, { "2611XM", 2, "CISCO2600-MB-2FE" },
  { "2620XM", 2, "CISCO2600-MB-1FE" }, { "2621XM", 2, "CISCO2600-MB-2FE" },
  { "2650XM", 2, "CISCO2600-MB-1FE" }, { "2651XM", 2, "CISCO2600-MB-2FE" },
  { NULL }
};
static const Model c1700_models[] = {
  { "1720", 1, "C1700-MB-1ETH" }, { "1710", 1, "C1710-MB-1FE-1E" },
  { "1721", 1, "C1700-MB-1ETH" }, { "1750", 1, "C1700-MB-1ETH" },
  { "1751", 1, "C1700-MB-1ETH" }, { "1760", 1, "C1700-MB-1ETH" },
  { NULL }
};

static const char *const c7200_io[] = { "C7200-IO-FE", "C7200-IO-2FE", "C7200-IO-GE-E", NULL };
static const char *const c7200_pa[] = {
  "PA-FE-TX", "PA-2FE-TX", "PA-GE", "PA-4E", "PA-8E", "PA-4T+", "PA-8T", "PA-A1", "PA-POS-OC3", NULL
};
static const char *const c3600_nm[] = { "NM-1FE-TX", "NM-1E", "NM-4E", "NM-4T", "NM-16ESW", NULL };
static const char *const c37xx_nm[] = { "NM-1FE-TX", "NM-4T", "NM-16ESW", "NM-NAM", "NM-CIDS", NULL };
static const char *const c2600_nm[] = { "NM-1FE-TX", "NM-1E", "NM-4E", "NM-16ESW", "NM-NAM", "NM-CIDS", NULL };
static const char *const no_cards[] = { NULL };
static const char *const wics_serial[] = { "WIC-1T", "WIC-2T", NULL };
static const char *const wics_all[] = { "WIC-1T", "WIC-2T", "WIC-1ENET", NULL };

static const Platform platforms[] = {
  { "c7200", 256, 128, 0xca, FALSE, 0, c7200_models, c7200_io, c7200_pa, no_cards, "C7200-IO-FE" },
  { "c3600", 128, 128, 0xcc, FALSE, 0, c3600_models, c3600_nm, c3600_nm, no_cards, "NM-1FE-TX" },
  { "c2691", 128, 128, 0xc0, FALSE, 3, c2691_models, no_cards, c37xx_nm, wics_serial, NULL },
  { "c3725", 128, 128, 0xc2, FALSE, 3, c3725_models, no_cards, c37xx_nm, wics_serial, NULL },
  { "c3745", 128, 128, 0xc4, FALSE, 3, c3745_models, no_cards, c37xx_nm, wics_serial, NULL },
  { "c2600", 64, 128, 0xc8, FALSE, 3, c2600_models, no_cards, c2600_nm, wics_all, NULL },
  { "c1700", 64, 128, 0xd0, TRUE, 2, c1700_models, no_cards, no_cards, wics_all, NULL },
};

static const char *const platform_names[] = {
  "c7200", "c3600", "c2691", "c3725", "c3745", "c2600", "c1700", NULL
};

static const Platform *
find_platform (const char *name)
{
  if (name == NULL)
    return NULL;
  for (guint i = 0; i < G_N_ELEMENTS (platforms); i++)
    if (g_str_equal (platforms[i].name, name))
      return &platforms[i];
  return NULL;
}

static const Model *
find_model (const Platform *p,
            const char     *model)
{
  if (model == NULL || *model == '\0')
    return &p->models[0];
  for (const Model *m = p->models; m->model != NULL; m++)
    if (g_str_equal (m->model, model))
      return m;
  return NULL;
}

static const Card *
find_card (const char *name)
{
  for (guint i = 0; i < G_N_ELEMENTS (cards); i++)
    if (g_str_equal (cards[i].name, name))
      return &cards[i];
  return NULL;
}

static gboolean
strv_has (const char *const *v,
          const char         *s)
{
  return v != NULL && g_strv_contains (v, s);
}

const char *const *
wirelab_platform_list (void)
{
  return platform_names;
}

gboolean
wirelab_platform_is_valid (const char *platform)
{
  return find_platform (platform) != NULL;
}

guint
wirelab_platform_get_default_ram (const char *platform)
{
  const Platform *p = find_platform (platform);

  return p != NULL ? p->ram : 128;
}

guint
wirelab_platform_get_default_nvram (const char *platform)
{
  const Platform *p = find_platform (platform);

  return p != NULL ? p->nvram : 128;
}

guint8
wirelab_platform_get_mac_prefix (const char *platform)
{
  const Platform *p = find_platform (platform);

  return p != NULL ? p->mac_prefix : 0xca;
}

const char *const *
wirelab_platform_list_models (const char *platform)
{
  static const char *const *lists[G_N_ELEMENTS (platforms)];
  static gsize once = 0;
  const Platform *p = find_platform (platform);

  if (p == NULL)
    return no_cards;

  if (g_once_init_enter (&once))
    {
      for (guint i = 0; i < G_N_ELEMENTS (platforms); i++)
        {
          GPtrArray *names = g_ptr_array_new ();

          for (const Model *m = platforms[i].models; m->model != NULL; m++)
            g_ptr_array_add (names, (gpointer) m->model);
          g_ptr_array_add (names, NULL);
          /* Static tables for the life of the process. */
          lists[i] = (const char *const *) g_ptr_array_free (names, FALSE);
        }
      g_once_init_leave (&once, 1);
    }

  return lists[p - platforms];
}

const char *
wirelab_platform_get_default_model (const char *platform)
{
  const Platform *p = find_platform (platform);

  return p != NULL ? p->models[0].model : NULL;
}

guint
wirelab_platform_get_slot_count (const char *platform,
                                 const char *model)
{
  const Platform *p = find_platform (platform);
  const Model *m = p != NULL ? find_model (p, model) : NULL;

  return m != NULL ? m->slots : 0;
}

guint
wirelab_platform_get_wic_count (const char *platform)
{
  const Platform *p = find_platform (platform);

  return p != NULL ? p->wics : 0;
}

const char *
wirelab_platform_get_fixed_adapter (const char *platform,
                                    const char *model)
{
  const Platform *p = find_platform (platform);
  const Model *m = p != NULL ? find_model (p, model) : NULL;

  return m != NULL ? m->fixed : NULL;
}

char **
wirelab_platform_dup_adapters (const char *platform,
                               const char *model,
                               guint       slot)
{
  const Platform *p = find_platform (platform);
  const Model *m = p != NULL ? find_model (p, model) : NULL;

  if (m == NULL || slot >= m->slots)
    return g_new0 (char *, 1);
  if (slot == 0 && m->fixed != NULL)
    {
      char **one = g_new0 (char *, 2);

      one[0] = g_strdup (m->fixed);
      return one;
    }
  return g_strdupv ((char **) (slot == 0 ? p->slot0 : p->cards));
}

char **
wirelab_platform_dup_wics (const char *platform)
{
  const Platform *p = find_platform (platform);

  return g_strdupv ((char **) (p != NULL ? p->wic_cards : no_cards));
}

char **
wirelab_platform_dup_default_slots (const char *platform,
                                    const char *model)
{
  const Platform *p = find_platform (platform);
  const Model *m = p != NULL ? find_model (p, model) : NULL;
  char **slots = g_new0 (char *, 2);

  if (m == NULL)
    slots[0] = g_strdup ("");
  else if (m->fixed != NULL)
    slots[0] = g_strdup (m->fixed);
  else
    slots[0] = g_strdup (p->default_slot0 != NULL ? p->default_slot0 : "");

  return slots;
}

static WirelabInterfaceType
letter_type (char c)
{
  switch (c)
    {
    case 'S':
      return WIRELAB_INTERFACE_SERIAL;
    case 'A':
      return WIRELAB_INTERFACE_ATM;
    case 'P':
      return WIRELAB_INTERFACE_POS;
    default:
      return WIRELAB_INTERFACE_ETHERNET;
    }
}

static const char *
letter_prefix (char c)
{
  switch (c)
    {
    case 'F':
      return "FastEthernet";
    case 'E':
      return "Ethernet";
    case 'G':
      return "GigabitEthernet";
    case 'S':
      return "Serial";
    case 'A':
      return "ATM";
    case 'P':
      return "POS";
    default:
      g_assert_not_reached ();
    }
}

typedef WlInterface Iface;

static void
iface_clear (gpointer data)
{
  Iface *i = data;

  g_free (i->name);
}

static guint
letter_index (char c)
{
  const char *letters = "FEGSAP";
  const char *at = strchr (letters, c);

  g_assert (at != NULL && c != '\0');
  return at - letters;
}

static void
add_iface (GArray               *out,
           char                 *name,
           guint                 slot,
           guint                 port,
           WirelabInterfaceType  type)
{
  Iface i = { name, slot, port, type };

  g_array_append_val (out, i);
}

/* Every interface of the router, or NULL with error set. */
static GArray *
build_interfaces (const char         *platform,
                  const char         *model,
                  const char *const  *slots,
                  const char *const  *wics,
                  GError            **error)
{
  const Platform *p = find_platform (platform);
  const Model *m;
  g_autoptr(GArray) out = NULL;
  guint per_type[6] = { 0 };     /* slotless numbering */
  guint slot0_type[6] = { 0 };   /* ports of each type in slot 0 */
  guint n_slots = slots != NULL ? g_strv_length ((char **) slots) : 0;
  guint n_wics = wics != NULL ? g_strv_length ((char **) wics) : 0;

  if (p == NULL)
    {
      g_set_error (error, WIRELAB_LAB_ERROR, WIRELAB_LAB_ERROR_INVALID,
                   "unknown platform “%s”", platform != NULL ? platform : "");
      return NULL;
    }
  m = find_model (p, model);
  if (m == NULL)
    {
      g_set_error (error, WIRELAB_LAB_ERROR, WIRELAB_LAB_ERROR_INVALID,
                   "unknown %s model “%s”", p->name, model);
      return NULL;
    }

  out = g_array_new (FALSE, FALSE, sizeof (Iface));
  g_array_set_clear_func (out, iface_clear);

  for (guint s = 0; s < MAX (m->slots, n_slots); s++)
    {
      const char *name = s < n_slots ? slots[s] : "";
      const Card *card;

      if (s == 0 && m->fixed != NULL)
        {
          if (*name != '\0' && !g_str_equal (name, m->fixed))
            {
              g_set_error (error, WIRELAB_LAB_ERROR, WIRELAB_LAB_ERROR_INVALID,
                           "slot 0 of a %s %s holds %s, not %s",
                           p->name, m->model, m->fixed, name);
              return NULL;
            }
          name = m->fixed;
        }
      if (*name == '\0')
        continue;
      if (s >= m->slots)
        {
          g_set_error (error, WIRELAB_LAB_ERROR, WIRELAB_LAB_ERROR_INVALID,
                       "a %s %s has no slot %u (for %s)", p->name, m->model, s, name);
          return NULL;
        }
      card = find_card (name);
      if (card == NULL ||
          !(g_strcmp0 (name, m->fixed) == 0 || strv_has (s == 0 ? p->slot0 : p->cards, name)))
        {
          g_set_error (error, WIRELAB_LAB_ERROR, WIRELAB_LAB_ERROR_INVALID,
                       "%s does not fit slot %u of a %s", name, s, p->name);
          return NULL;
        }

      for (guint port = 0; card->ports[port] != '\0'; port++)
        {
          char c = card->ports[port];
          guint t = letter_index (c);
          char *ifname;

          if (p->slotless)
            ifname = g_strdup_printf ("%s%u", letter_prefix (c), per_type[t]++);
          else
            ifname = g_strdup_printf ("%s%u/%u", letter_prefix (c), s, port);
          if (s == 0)
            slot0_type[t]++;
          add_iface (out, ifname, s, port, letter_type (c));
        }
    }

  for (guint w = 0; w < n_wics; w++)
    {
      const char *name = wics[w];
      const Card *card;

      if (*name == '\0')
        continue;
      card = find_card (name);
      if (w >= p->wics || card == NULL || !strv_has (p->wic_cards, name))
        {
          g_set_error (error, WIRELAB_LAB_ERROR, WIRELAB_LAB_ERROR_INVALID,
                       "%s does not fit WIC slot %u of a %s", name, w, p->name);
          return NULL;
        }
      for (guint port = 0; card->ports[port] != '\0'; port++)
        {
          char c = card->ports[port];
          guint t = letter_index (c);
          char *ifname;

          if (p->slotless)
            ifname = g_strdup_printf ("%s%u", letter_prefix (c), per_type[t]++);
          else
            ifname = g_strdup_printf ("%s0/%u", letter_prefix (c), slot0_type[t]++);
          add_iface (out, ifname, 0, 16 * (w + 1) + port, letter_type (c));
        }
    }

  return g_steal_pointer (&out);
}

GArray *
_wirelab_platform_build_interfaces (const char         *platform,
                                    const char         *model,
                                    const char *const  *slots,
                                    const char *const  *wics,
                                    GError            **error)
{
  return build_interfaces (platform, model, slots, wics, error);
}

char **
wirelab_platform_dup_interfaces (const char         *platform,
                                 const char         *model,
                                 const char *const  *slots,
                                 const char *const  *wics,
                                 GError            **error)
{
  g_autoptr(GArray) ifaces = build_interfaces (platform, model, slots, wics, error);
  char **names;

  if (ifaces == NULL)
    return NULL;

  names = g_new0 (char *, ifaces->len + 1);
  for (guint i = 0; i < ifaces->len; i++)
    names[i] = g_strdup (g_array_index (ifaces, Iface, i).name);
  return names;
}

gboolean
wirelab_platform_lookup_interface (const char           *platform,
                                   const char           *model,
                                   const char *const    *slots,
                                   const char *const    *wics,
                                   const char           *name,
                                   guint                *out_slot,
                                   guint                *out_port,
                                   WirelabInterfaceType *out_type)
{
  g_autoptr(GArray) ifaces = NULL;

  g_return_val_if_fail (name != NULL, FALSE);

  ifaces = build_interfaces (platform, model, slots, wics, NULL);
  if (ifaces == NULL)
    return FALSE;

  for (guint i = 0; i < ifaces->len; i++)
    {
      const Iface *it = &g_array_index (ifaces, Iface, i);

      if (g_str_equal (it->name, name))
        {
          if (out_slot != NULL)
            *out_slot = it->slot;
          if (out_port != NULL)
            *out_port = it->port;
          if (out_type != NULL)
            *out_type = it->type;
          return TRUE;
        }
    }
  return FALSE;
}

char *
wirelab_platform_expand_interface (const char *abbreviation)
{
  static const struct { const char *alias; const char *full; } aliases[] = {
    { "fe", "FastEthernet" }, { "ge", "GigabitEthernet" }, { "eth", "Ethernet" },
  };
  static const char *const fulls[] = {
    "FastEthernet", "Ethernet", "GigabitEthernet", "Serial", "ATM", "POS",
  };
  const char *p = abbreviation;
  g_autofree char *letters = NULL;
  const char *full = NULL;
  gboolean digit_seen = FALSE;

  g_return_val_if_fail (abbreviation != NULL, NULL);

  while (g_ascii_isalpha (*p))
    p++;
  if (p == abbreviation || *p == '\0')
    return NULL;
  for (const char *q = p; *q != '\0'; q++)
    {
      if (g_ascii_isdigit (*q))
        digit_seen = TRUE;
      else if (*q != '/' || q[1] == '\0' || q == p || q[-1] == '/')
        return NULL;
    }
  if (!digit_seen)
    return NULL;

  letters = g_ascii_strdown (abbreviation, p - abbreviation);
  for (guint i = 0; i < G_N_ELEMENTS (aliases) && full == NULL; i++)
    if (g_str_equal (letters, aliases[i].alias))
      full = aliases[i].full;
  for (guint i = 0; i < G_N_ELEMENTS (fulls) && full == NULL; i++)
    if (g_ascii_strncasecmp (fulls[i], letters, strlen (letters)) == 0)
      full = fulls[i];
  if (full == NULL)
    return NULL;

  return g_strconcat (full, p, NULL);
}
