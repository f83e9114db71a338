/* wl-dynagen.c: Dynagen `.net` topologies to labs
 *
 * Copyright 2026 The Wirelab authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * The format is ConfigObj's INI dialect as Dynagen used it (gns3-features.md,
 * "Dynagen"): `[host:port]` sections hold `[[ROUTER R1]]`, `[[ETHSW S1]]`,
 * `[[FRSW F1]]` and per-model defaults such as `[[7200]]`.  Keys of a router
 * that look like interfaces are its connections.
 */

#define G_LOG_DOMAIN "wirelab-lab"

#include "config.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "wirelab/wirelab-dynagen.h"
#include "wl-lab-private.h"

typedef struct
{
  char *key;     /* as written */
  char *value;
  guint line;
} Entry;

typedef struct _Section Section;
struct _Section
{
  guint      depth;     /* 1: [host], 2: [[device]] */
  char      *name;
  guint      line;
  GPtrArray *entries;   /* Entry* */
  Section   *parent;    /* the host section of a device */
  char      *hv_id;     /* host sections: the lab's hypervisor id */
};

typedef struct
{
  WirelabLab *lab;
  GPtrArray  *sections;   /* Section* in file order */
  GPtrArray  *top;        /* Entry* before any section */
  GPtrArray  *warnings;   /* char* */
  GHashTable *links;      /* "a|ia|b|ib" sorted ends, to drop duplicates */
  guint       n_images;
  guint       n_placed;
} Import;

static void
entry_free (gpointer data)
{
  Entry *e = data;

  g_free (e->key);
  g_free (e->value);
  g_free (e);
}

static void
section_free (gpointer data)
{
  Section *s = data;

  g_free (s->name);
  g_free (s->hv_id);
  g_ptr_array_unref (s->entries);
  g_free (s);
}

static void
warn (Import     *im,
      const char *format,
      ...) G_GNUC_PRINTF (2, 3);

static void
warn (Import     *im,
      const char *format,
      ...)
{
  va_list args;

  va_start (args, format);
  g_ptr_array_add (im->warnings, g_strdup_vprintf (format, args));
  va_end (args);
}

/* ---- parsing ---- */

/* A value without its inline comment and quotes. */
static char *
clean_value (const char *raw)
{
  g_autofree char *v = g_strstrip (g_strdup (raw));
  gsize len = strlen (v);

  if (len >= 2 && (v[0] == '"' || v[0] == '\'') && v[len - 1] == v[0])
    return g_strndup (v + 1, len - 2);
  for (char *p = v; *p != '\0'; p++)
    if (*p == '#' && (p == v || g_ascii_isspace (p[-1])))
      {
        *p = '\0';
        break;
      }
  return g_strstrip (g_strdup (v));
}

static gboolean
parse (Import      *im,
       const char  *data,
       gsize        length,
       GError     **error)
{
  g_auto(GStrv) lines = NULL;
  g_autofree char *text = g_strndup (data, length);
  Section *host = NULL, *current = NULL;

  if (!g_utf8_validate (text, -1, NULL))
    {
      g_set_error_literal (error, WIRELAB_LAB_ERROR, WIRELAB_LAB_ERROR_INVALID,
                           "The file is not UTF-8 text");
      return FALSE;
    }
  lines = g_strsplit (text, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      char *line = g_strstrip (lines[i]);
      char *eq;

      if (*line == '\0' || *line == '#' || *line == ';')
        continue;

      if (*line == '[')
        {
          guint depth = 0;
          char *end;
          Section *s;

          while (line[depth] == '[')
            depth++;
          end = strstr (line + depth, depth == 1 ? "]" : "]]");
          if (depth > 2 || end == NULL)
            {
              g_set_error (error, WIRELAB_LAB_ERROR, WIRELAB_LAB_ERROR_INVALID,
                           "line %u: “%s” is not a section header", i + 1, line);
              return FALSE;
            }
          s = g_new0 (Section, 1);
          s->depth = depth;
          s->line = i + 1;
          s->name = g_strstrip (g_strndup (line + depth, end - line - depth));
          s->entries = g_ptr_array_new_with_free_func (entry_free);
          if (depth == 1)
            host = s;
          else if (host == NULL)
            {
              section_free (s);
              g_set_error (error, WIRELAB_LAB_ERROR, WIRELAB_LAB_ERROR_INVALID,
                           "line %u: a device section before any [host] section", i + 1);
              return FALSE;
            }
          else
            s->parent = host;
          current = s;
          g_ptr_array_add (im->sections, s);
          continue;
        }

      eq = strchr (line, '=');
      if (eq == NULL)
        {
          warn (im, "line %u ignored: “%s”", i + 1, line);
          continue;
        }
      {
        Entry *e = g_new0 (Entry, 1);

        e->key = g_strstrip (g_strndup (line, eq - line));
        e->value = clean_value (eq + 1);
        e->line = i + 1;
        g_ptr_array_add (current != NULL ? current->entries : im->top, e);
      }
    }
  return TRUE;
}

static const char *
lookup (GPtrArray  *entries,
        const char *key)
{
  for (guint i = 0; entries != NULL && i < entries->len; i++)
    {
      Entry *e = g_ptr_array_index (entries, i);

      if (g_ascii_strcasecmp (e->key, key) == 0)
        return e->value;
    }
  return NULL;
}

/* "ROUTER R1" -> ("router", "R1"); "7200" -> ("7200", NULL) */
static char *
section_kind (Section     *s,
              const char **out_name)
{
  const char *space = strpbrk (s->name, " \t");

  if (space == NULL)
    {
      *out_name = NULL;
      return g_ascii_strdown (s->name, -1);
    }
  *out_name = space;
  while (g_ascii_isspace (**out_name))
    (*out_name)++;
  return g_ascii_strdown (s->name, space - s->name);
}

/* ---- models ---- */

typedef struct
{
  const char *platform;
  const char *chassis;
} Model;

static gboolean
model_lookup (const char *model,
              Model      *out)
{
  g_autofree char *m = g_ascii_strdown (model, -1);

  out->chassis = NULL;
  if (g_str_equal (m, "7200") || g_str_equal (m, "c7200"))
    out->platform = "c7200";
  else if (g_str_equal (m, "2691") || g_str_equal (m, "c2691"))
    out->platform = "c2691";
  else if (g_str_equal (m, "3725") || g_str_equal (m, "c3725"))
    out->platform = "c3725";
  else if (g_str_equal (m, "3745") || g_str_equal (m, "c3745"))
    out->platform = "c3745";
  else
    {
      const char *platforms[] = { "c3600", "c2600", "c1700" };

      for (guint p = 0; p < G_N_ELEMENTS (platforms); p++)
        {
          const char *const *models = wirelab_platform_list_models (platforms[p]);

          for (guint i = 0; models[i] != NULL; i++)
            if (g_ascii_strcasecmp (models[i], model) == 0)
              {
                out->platform = platforms[p];
                out->chassis = models[i];
                return TRUE;
              }
        }
      return FALSE;
    }
  return TRUE;
}

static gboolean
is_model_name (const char *name)
{
  Model m;

  return model_lookup (name, &m);
}

/* ---- hypervisors ---- */

static gboolean
is_local_host (const char *host)
{
  return g_ascii_strcasecmp (host, "localhost") == 0 || g_str_equal (host, "127.0.0.1") ||
         g_str_equal (host, "::1");
}

static guint
uint_value (Import     *im,
            GPtrArray  *entries,
            const char *key,
            guint       fallback,
            guint       max)
{
  const char *v = lookup (entries, key);
  guint64 n;

  if (v == NULL)
    return fallback;
  if (!g_ascii_string_to_unsigned (v, 10, 0, max, &n, NULL))
    {
      warn (im, "“%s = %s” is not a number up to %u: ignored", key, v, max);
      return fallback;
    }
  return (guint) n;
}

static void
make_hypervisors (Import *im)
{
  for (guint i = 0; i < im->sections->len; i++)
    {
      Section *s = g_ptr_array_index (im->sections, i);
      g_auto(GStrv) parts = NULL;
      g_autofree char *host = NULL;
      guint port;
      g_autofree char *id = NULL;
      g_autoptr(WirelabHypervisorConfig) config = NULL;
      const char *dir;

      if (s->depth != 1)
        continue;
      if (g_ascii_strncasecmp (s->name, "qemu", 4) == 0 || g_ascii_strncasecmp (s->name, "vbox", 4) == 0 ||
          g_ascii_strcasecmp (s->name, "GNS3-DATA") == 0)
        {
          if (g_ascii_strcasecmp (s->name, "GNS3-DATA") != 0)
            warn (im, "[%s]: Qemu and VirtualBox hosts are not supported; left out", s->name);
          continue;
        }

      /* "[]" splits into no part at all. */
      parts = g_strsplit (s->name, ":", 2);
      host = g_strstrip (g_strdup (parts[0] != NULL ? parts[0] : ""));
      port = parts[0] != NULL && parts[1] != NULL ? (guint) atoi (g_strstrip (parts[1])) : 0;
      if (port == 0)
        port = uint_value (im, s->entries, "port", 7200, 65535);
      if (*host == '\0')
        {
          warn (im, "line %u: a host section without a host; left out", s->line);
          continue;
        }

      if (is_local_host (host))
        {
          WirelabHypervisorConfig *local = wirelab_lab_find_hypervisor (im->lab, WIRELAB_HYPERVISOR_LOCAL_ID);

          /* The embedded hypervisor takes the section's base ports. */
          s->hv_id = g_strdup (WIRELAB_HYPERVISOR_LOCAL_ID);
          if (lookup (s->entries, "udp") != NULL)
            wirelab_hypervisor_config_set_base_udp (local, MAX (1u, uint_value (im, s->entries, "udp", 10000, 65535)));
          if (lookup (s->entries, "console") != NULL)
            wirelab_hypervisor_config_set_base_console (local,
                                                        MAX (1u, uint_value (im, s->entries, "console", 2100, 65535)));
          if (lookup (s->entries, "aux") != NULL)
            wirelab_hypervisor_config_set_base_aux (local, uint_value (im, s->entries, "aux", 0, 65535));
          continue;
        }

      id = g_strdup_printf ("%s-%u", host, port);
      g_strcanon (id, G_CSET_A_2_Z G_CSET_a_2_z G_CSET_DIGITS "-.", '-');
      s->hv_id = g_strdup (id);
      if (wirelab_lab_find_hypervisor (im->lab, id) != NULL)
        continue;
      config = wirelab_hypervisor_config_new (id, host, port);
      wirelab_hypervisor_config_set_base_udp (config, MAX (1u, uint_value (im, s->entries, "udp", 10000, 65535)));
      wirelab_hypervisor_config_set_base_console (config,
                                                  MAX (1u, uint_value (im, s->entries, "console", 2100, 65535)));
      wirelab_hypervisor_config_set_base_aux (config, uint_value (im, s->entries, "aux", 0, 65535));
      dir = lookup (s->entries, "workingdir");
      if (dir != NULL)
        wirelab_hypervisor_config_set_working_dir (config, dir);
      wirelab_lab_add_hypervisor (im->lab, config, NULL);
    }
}

/* ---- images and routers ---- */

/* Per-model defaults: [[3640]] in the router's host section. */
static Section *
model_defaults (Import     *im,
                Section    *host,
                const char *model)
{
  for (guint i = 0; i < im->sections->len; i++)
    {
      Section *s = g_ptr_array_index (im->sections, i);

      if (s->depth == 2 && s->parent == host && g_ascii_strcasecmp (s->name, model) == 0)
        return s;
    }
  return NULL;
}

/* slotN keys into a strv (index = slot). */
static GStrv
read_slots (GPtrArray *entries,
            gboolean  *any)
{
  g_autoptr(GPtrArray) slots = g_ptr_array_new_with_free_func (g_free);

  *any = FALSE;
  for (guint i = 0; entries != NULL && i < entries->len; i++)
    {
      Entry *e = g_ptr_array_index (entries, i);
      guint64 n;

      if (g_ascii_strncasecmp (e->key, "slot", 4) != 0 ||
          !g_ascii_string_to_unsigned (e->key + 4, 10, 0, 15, &n, NULL))
        continue;
      while (slots->len <= n)
        g_ptr_array_add (slots, g_strdup (""));
      g_free (g_ptr_array_index (slots, n));
      /* GNS3 0.8 wrote PA-C7200-IO-FE for the I/O card. */
      g_ptr_array_index (slots, n) = g_strdup (g_str_has_prefix (e->value, "PA-C7200-")
                                               ? e->value + 3 : e->value);
      *any = TRUE;
    }
  g_ptr_array_add (slots, NULL);
  return (GStrv) g_ptr_array_free (g_steal_pointer (&slots), FALSE);
}

/* wicS/N = WIC-1T (slot 0 only). */
static GStrv
read_wics (GPtrArray *entries,
           gboolean  *any)
{
  g_autoptr(GPtrArray) wics = g_ptr_array_new_with_free_func (g_free);

  *any = FALSE;
  for (guint i = 0; entries != NULL && i < entries->len; i++)
    {
      Entry *e = g_ptr_array_index (entries, i);
      guint slot, n;

      if (sscanf (e->key, "wic%u/%u", &slot, &n) != 2 && sscanf (e->key, "WIC%u/%u", &slot, &n) != 2)
        continue;
      if (slot != 0 || n > 2)
        continue;
      while (wics->len <= n)
        g_ptr_array_add (wics, g_strdup (""));
      g_free (g_ptr_array_index (wics, n));
      g_ptr_array_index (wics, n) = g_strdup (e->value);
      *any = TRUE;
    }
  g_ptr_array_add (wics, NULL);
  return (GStrv) g_ptr_array_free (g_steal_pointer (&wics), FALSE);
}

static WirelabImage *
find_or_make_image (Import     *im,
                    const char *path,
                    const char *platform,
                    const char *chassis,
                    Section    *defaults)
{
  GListModel *images = wirelab_lab_get_images (im->lab);
  g_autoptr(WirelabImage) image = NULL;
  g_autofree char *id = NULL;
  g_autofree char *base = NULL;
  const char *v;
  guint n;

  for (guint i = 0; i < g_list_model_get_n_items (images); i++)
    {
      g_autoptr(WirelabImage) it = g_list_model_get_item (images, i);

      if (g_str_equal (wirelab_image_get_path (it), path) &&
          g_str_equal (wirelab_image_get_platform (it), platform) &&
          g_str_equal (wirelab_image_get_model (it), chassis != NULL ? chassis : ""))
        return it;   /* held by the lab */
    }

  base = g_path_get_basename (path);
  id = g_strdup_printf ("%s-%u", platform, ++im->n_images);
  image = wirelab_image_new (id, path, platform);
  wirelab_image_set_name (image, base);
  if (chassis != NULL)
    wirelab_image_set_model (image, chassis);
  if (defaults != NULL)
    {
      gboolean any;
      g_auto(GStrv) slots = read_slots (defaults->entries, &any);
      g_auto(GStrv) wics = NULL;

      if (any)
        wirelab_image_set_slots (image, (const char *const *) slots);
      wics = read_wics (defaults->entries, &any);
      if (any)
        wirelab_image_set_wics (image, (const char *const *) wics);
      /* Sizes in MiB, bounded as project files bound them. */
      if ((n = uint_value (im, defaults->entries, "ram", 0, WIRELAB_MEMORY_MAX_MB)) > 0)
        wirelab_image_set_ram (image, n);
      if ((n = uint_value (im, defaults->entries, "nvram", 0, WIRELAB_MEMORY_MAX_MB)) > 0)
        wirelab_image_set_nvram (image, n);
      if ((v = lookup (defaults->entries, "npe")) != NULL)
        wirelab_image_set_npe (image, v);
      if ((v = lookup (defaults->entries, "idlepc")) != NULL)
        wirelab_image_set_idle_pc (image, v);
    }
  wirelab_lab_add_image (im->lab, image, NULL);
  return image;
}

static gboolean
is_interface_key (const char *key)
{
  g_autofree char *full = wirelab_platform_expand_interface (key);

  return full != NULL && g_ascii_strncasecmp (key, "slot", 4) != 0 &&
         g_ascii_strncasecmp (key, "wic", 3) != 0;
}

static void
position (Import      *im,
          WirelabNode *node,
          GPtrArray   *entries)
{
  const char *x = lookup (entries, "x");
  const char *y = lookup (entries, "y");
  double px = x != NULL ? g_ascii_strtod (x, NULL) : NAN;
  double py = y != NULL ? g_ascii_strtod (y, NULL) : NAN;

  /* Within what a project file holds (and JSON has no NaN). */
  if (isfinite (px) && isfinite (py))
    wirelab_node_set_position (node, CLAMP (px, -WIRELAB_POSITION_MAX, WIRELAB_POSITION_MAX),
                               CLAMP (py, -WIRELAB_POSITION_MAX, WIRELAB_POSITION_MAX));
  else
    {
      guint n = im->n_placed++;

      /* Rows of five, a grid step apart. */
      wirelab_node_set_position (node, 150.0 * (n % 5) + 100, 150.0 * (n / 5) + 100);
    }
}

static void
make_router (Import     *im,
             Section    *s,
             const char *name)
{
  const char *top_model = lookup (im->top, "model");
  const char *model = lookup (s->entries, "model");
  const char *path = lookup (s->entries, "image");
  const char *v;
  Section *defaults;
  Model m;
  WirelabImage *image;
  g_autoptr(WirelabNode) node = NULL;
  g_autoptr(GError) error = NULL;
  gboolean any;
  g_auto(GStrv) slots = NULL;
  g_auto(GStrv) wics = NULL;
  guint n;

  if (model == NULL)
    model = top_model != NULL ? top_model : "7200";
  if (!model_lookup (model, &m))
    {
      warn (im, "%s: unknown model “%s”; left out", name, model);
      return;
    }
  defaults = model_defaults (im, s->parent, model);
  if (path == NULL && defaults != NULL)
    path = lookup (defaults->entries, "image");
  if (path == NULL)
    {
      warn (im, "%s has no image: it runs Wirelab's router firmware", name);
      path = WIRELAB_DEFAULT_IMAGE_FILE;
    }
  image = find_or_make_image (im, path, m.platform, m.chassis, defaults);

  node = wirelab_node_new (WIRELAB_NODE_KIND_ROUTER, NULL);
  wirelab_node_set_name (node, name);
  wirelab_node_set_image_id (node, wirelab_image_get_id (image));
  wirelab_node_set_hypervisor_id (node, s->parent->hv_id);
  position (im, node, s->entries);
  if ((n = uint_value (im, s->entries, "ram", wirelab_image_get_ram (image), WIRELAB_MEMORY_MAX_MB)) !=
      wirelab_image_get_ram (image))
    wirelab_node_set_ram (node, n);
  if ((n = uint_value (im, s->entries, "nvram", wirelab_image_get_nvram (image), WIRELAB_MEMORY_MAX_MB)) !=
      wirelab_image_get_nvram (image))
    wirelab_node_set_nvram (node, n);
  if ((v = lookup (s->entries, "console")) != NULL)
    wirelab_node_set_console (node, uint_value (im, s->entries, "console", 0, 65535));
  if ((v = lookup (s->entries, "mac")) != NULL)
    wirelab_node_set_mac (node, v);
  if ((v = lookup (s->entries, "idlepc")) != NULL && *wirelab_image_get_idle_pc (image) == '\0')
    wirelab_image_set_idle_pc (image, v);

  slots = read_slots (s->entries, &any);
  if (any)
    {
      /* Cards the router names over the image's own. */
      const char *const *base = wirelab_image_get_slots (image);
      g_autoptr(GPtrArray) merged = g_ptr_array_new ();

      for (guint i = 0; i < MAX (g_strv_length (slots), g_strv_length ((char **) base)); i++)
        g_ptr_array_add (merged, (gpointer) (i < g_strv_length (slots) && *slots[i] != '\0'
                                               ? slots[i]
                                               : i < g_strv_length ((char **) base) ? base[i] : ""));
      g_ptr_array_add (merged, NULL);
      wirelab_node_set_slots (node, (const char *const *) merged->pdata);
    }
  wics = read_wics (s->entries, &any);
  if (any)
    wirelab_node_set_wics (node, (const char *const *) wics);

  if (!wirelab_lab_add_node (im->lab, node, &error))
    warn (im, "%s: %s; left out", name, error->message);
}

/* Puts in the card Dynagen would insert for a connection to `ifname`. */
static gboolean
ensure_interface (Import      *im,
                  WirelabNode *node,
                  const char  *ifname)
{
  WirelabImage *image = wirelab_lab_find_image (im->lab, wirelab_node_get_image_id (node));
  const char *platform = wirelab_image_get_platform (image);
  const char *model = wirelab_image_get_model (image);
  const char *const *cur_slots = wirelab_node_get_slots (node) != NULL
                                   ? wirelab_node_get_slots (node) : wirelab_image_get_slots (image);
  const char *const *cur_wics = wirelab_node_get_wics (node) != NULL
                                  ? wirelab_node_get_wics (node) : wirelab_image_get_wics (image);
  g_autoptr(GPtrArray) slots = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) wics = g_ptr_array_new_with_free_func (g_free);
  const char *digits = ifname;
  guint slot;

  if (wirelab_node_has_interface (node, ifname))
    return TRUE;

  while (*digits != '\0' && !g_ascii_isdigit (*digits))
    digits++;
  slot = (guint) MIN (g_ascii_strtoull (digits, NULL, 10), G_MAXUINT);
  if (strchr (digits, '/') == NULL)
    slot = 0;   /* c1700: FastEthernet0, Serial0 */
  /* A slot the chassis does not have: nothing to fill in (nor to grow). */
  if (slot >= wirelab_platform_get_slot_count (platform, model))
    {
      warn (im, "%s has no %s and no slot %u to hold it; that connection is left out",
            wirelab_node_get_name (node), ifname, slot);
      return FALSE;
    }

  for (guint i = 0; cur_slots != NULL && cur_slots[i] != NULL; i++)
    g_ptr_array_add (slots, g_strdup (cur_slots[i]));
  while (slots->len <= slot)
    g_ptr_array_add (slots, g_strdup (""));
  for (guint i = 0; cur_wics != NULL && cur_wics[i] != NULL; i++)
    g_ptr_array_add (wics, g_strdup (cur_wics[i]));

  /* An empty slot: the first card of the slot's list that has it. */
  if (*(char *) g_ptr_array_index (slots, slot) == '\0' &&
      !(slot == 0 && wirelab_platform_get_fixed_adapter (platform, model) != NULL))
    {
      g_auto(GStrv) cards = wirelab_platform_dup_adapters (platform, model, slot);

      for (guint c = 0; cards[c] != NULL; c++)
        {
          g_auto(GStrv) names = NULL;

          g_free (g_ptr_array_index (slots, slot));
          g_ptr_array_index (slots, slot) = g_strdup (cards[c]);
          g_ptr_array_add (slots, NULL);
          g_ptr_array_add (wics, NULL);
          names = wirelab_platform_dup_interfaces (platform, model, (const char *const *) slots->pdata,
                                                   (const char *const *) wics->pdata, NULL);
          g_ptr_array_remove_index (slots, slots->len - 1);
          g_ptr_array_remove_index (wics, wics->len - 1);
          if (names != NULL && g_strv_contains ((const char *const *) names, ifname))
            {
              g_ptr_array_add (slots, NULL);
              wirelab_node_set_slots (node, (const char *const *) slots->pdata);
              return TRUE;
            }
        }
      g_free (g_ptr_array_index (slots, slot));
      g_ptr_array_index (slots, slot) = g_strdup ("");
    }

  /* Slot 0 serial/ethernet ports of the smaller platforms live on WICs. */
  if (slot == 0)
    {
      g_auto(GStrv) wic_cards = wirelab_platform_dup_wics (platform);
      guint n_wics = wirelab_platform_get_wic_count (platform);

      for (guint w = 0; w < n_wics; w++)
        {
          while (wics->len <= w)
            g_ptr_array_add (wics, g_strdup (""));
          if (*(char *) g_ptr_array_index (wics, w) != '\0')
            continue;
          for (guint c = 0; wic_cards[c] != NULL; c++)
            {
              g_auto(GStrv) names = NULL;

              g_free (g_ptr_array_index (wics, w));
              g_ptr_array_index (wics, w) = g_strdup (wic_cards[c]);
              g_ptr_array_add (slots, NULL);
              g_ptr_array_add (wics, NULL);
              names = wirelab_platform_dup_interfaces (platform, model, (const char *const *) slots->pdata,
                                                       (const char *const *) wics->pdata, NULL);
              g_ptr_array_remove_index (slots, slots->len - 1);
              g_ptr_array_remove_index (wics, wics->len - 1);
              if (names != NULL && g_strv_contains ((const char *const *) names, ifname))
                {
                  g_ptr_array_add (wics, NULL);
                  wirelab_node_set_wics (node, (const char *const *) wics->pdata);
                  return TRUE;
                }
            }
          g_free (g_ptr_array_index (wics, w));
          g_ptr_array_index (wics, w) = g_strdup ("");
          break;
        }
    }

  warn (im, "%s has no %s and no card can add it; that connection is left out",
        wirelab_node_get_name (node), ifname);
  return FALSE;
}

/* ---- switches ---- */

static void
make_ethsw (Import     *im,
            Section    *s,
            const char *name)
{
  g_autoptr(WirelabNode) node = wirelab_node_new (WIRELAB_NODE_KIND_ETHSW, NULL);
  g_autoptr(GError) error = NULL;

  wirelab_node_set_name (node, name);
  wirelab_node_set_hypervisor_id (node, s->parent->hv_id);
  position (im, node, s->entries);
  /* Only the ports listed; set one by one so the table stays sorted with
   * each port once, as project files need it. */
  g_object_set (node, "switch-ports", g_variant_new_array (G_VARIANT_TYPE ("(uuuu)"), NULL, 0), NULL);
  for (guint i = 0; i < s->entries->len; i++)
    {
      Entry *e = g_ptr_array_index (s->entries, i);
      g_auto(GStrv) words = NULL;
      g_autofree char *mode_name = NULL;
      guint64 port, vlan;
      WirelabPortMode mode;

      if (!g_ascii_string_to_unsigned (e->key, 10, 1, 64, &port, NULL))
        continue;
      words = g_strsplit_set (e->value, " \t", 3);
      mode_name = words[0] != NULL ? g_ascii_strdown (words[0], -1) : NULL;
      if (mode_name == NULL || !wirelab_port_mode_from_string (mode_name, &mode) ||
          words[1] == NULL || !g_ascii_string_to_unsigned (words[1], 10, 1, 4094, &vlan, NULL))
        {
          warn (im, "line %u: “%s = %s” is not “access|dot1q|qinq VLAN [device interface]”; left out",
                e->line, e->key, e->value);
          continue;
        }
      if (wirelab_node_get_switch_port (node, port, NULL, NULL, NULL))
        warn (im, "line %u: port %s is listed again; this line counts", e->line, e->key);
      wirelab_node_set_switch_port (node, port, mode, vlan, 0);
    }
  if (!wirelab_lab_add_node (im->lab, node, &error))
    warn (im, "%s: %s; left out", name, error->message);
}

static void
make_frsw (Import     *im,
           Section    *s,
           const char *name)
{
  g_autoptr(WirelabNode) node = wirelab_node_new (WIRELAB_NODE_KIND_FRSW, NULL);
  g_autoptr(GError) error = NULL;
  guint max_port = 1;

  wirelab_node_set_name (node, name);
  wirelab_node_set_hypervisor_id (node, s->parent->hv_id);
  position (im, node, s->entries);
  for (guint i = 0; i < s->entries->len; i++)
    {
      Entry *e = g_ptr_array_index (s->entries, i);
      guint p1, d1, p2, d2;
      char c;

      if (sscanf (e->key, "%u:%u%c", &p1, &d1, &c) != 2 || sscanf (e->value, "%u:%u%c", &p2, &d2, &c) != 2)
        {
          if (g_ascii_strcasecmp (e->key, "x") != 0 && g_ascii_strcasecmp (e->key, "y") != 0)
            warn (im, "line %u: “%s = %s” is not a VC “port:dlci = port:dlci”; left out", e->line,
                  e->key, e->value);
          continue;
        }
      if (p1 < 1 || p1 > 64 || p2 < 1 || p2 > 64 || d1 > 1023 || d2 > 1023)
        {
          warn (im, "line %u: VC %s = %s is out of range; left out", e->line, e->key, e->value);
          continue;
        }
      wirelab_node_add_vc (node, p1, d1, p2, d2);
      max_port = MAX (max_port, MAX (p1, p2));
    }
  wirelab_node_set_port_count (node, max_port);
  if (!wirelab_lab_add_node (im->lab, node, &error))
    warn (im, "%s: %s; left out", name, error->message);
}

/* ---- connections ---- */

/* The node and interface a connection target names ("R2 f0/0", "S1 3",
 * "F1 1", "LAN 1"); grows switches' port tables as needed. */
static WirelabNode *
resolve_target (Import      *im,
                const char  *device,
                const char  *port,
                char       **out_iface,
                guint        line)
{
  WirelabNode *node;

  if (g_ascii_strcasecmp (device, "LAN") == 0)
    {
      g_autofree char *hub_name = g_strdup_printf ("LAN%s", port);
      g_autofree char *free_port = NULL;

      node = wirelab_lab_find_node_by_name (im->lab, hub_name);
      if (node == NULL)
        {
          g_autoptr(WirelabNode) hub = wirelab_node_new (WIRELAB_NODE_KIND_HUB, NULL);

          wirelab_node_set_name (hub, hub_name);
          wirelab_node_set_port_count (hub, 8);
          position (im, hub, NULL);
          if (!wirelab_lab_add_node (im->lab, hub, NULL))
            return NULL;
          node = hub;
        }
      free_port = wirelab_lab_dup_free_interface (im->lab, node);
      if (free_port == NULL && wirelab_node_get_port_count (node) < 64)
        {
          wirelab_node_set_port_count (node, wirelab_node_get_port_count (node) + 1);
          free_port = wirelab_lab_dup_free_interface (im->lab, node);
        }
      *out_iface = g_steal_pointer (&free_port);
      return *out_iface != NULL ? node : NULL;
    }

  node = wirelab_lab_find_node_by_name (im->lab, device);
  if (node == NULL)
    {
      warn (im, "line %u: no device “%s”; that connection is left out", line, device);
      return NULL;
    }

  switch (wirelab_node_get_kind (node))
    {
    case WIRELAB_NODE_KIND_ROUTER:
      *out_iface = wirelab_platform_expand_interface (port);
      if (*out_iface == NULL)
        warn (im, "line %u: “%s” is not an interface of %s", line, port, device);
      else if (!ensure_interface (im, node, *out_iface))
        g_clear_pointer (out_iface, g_free);
      break;

    case WIRELAB_NODE_KIND_ETHSW:
      {
        guint64 n;

        if (!g_ascii_string_to_unsigned (port, 10, 1, 64, &n, NULL))
          {
            warn (im, "line %u: “%s” is not a port of %s", line, port, device);
            return NULL;
          }
        if (!wirelab_node_get_switch_port (node, n, NULL, NULL, NULL))
          wirelab_node_set_switch_port (node, n, WIRELAB_PORT_MODE_ACCESS, 1, 0);
        *out_iface = g_strdup_printf ("%u", (guint) n);
      }
      break;

    case WIRELAB_NODE_KIND_FRSW:
    case WIRELAB_NODE_KIND_HUB:
      {
        guint64 n;

        if (!g_ascii_string_to_unsigned (port, 10, 1, 64, &n, NULL))
          {
            warn (im, "line %u: “%s” is not a port of %s", line, port, device);
            return NULL;
          }
        if (n > wirelab_node_get_port_count (node))
          wirelab_node_set_port_count (node, n);
        *out_iface = g_strdup_printf ("%u", (guint) n);
      }
      break;

    case WIRELAB_NODE_KIND_VPCS:
    default:
      *out_iface = g_strdup ("e0");
      break;
    }
  return *out_iface != NULL ? node : NULL;
}

static void
connect (Import      *im,
         WirelabNode *a,
         const char  *ia,
         const char  *value,
         guint        line)
{
  g_auto(GStrv) words = NULL;
  g_autofree char *ib = NULL;
  g_autofree char *key = NULL;
  g_autofree char *ka = NULL;
  g_autofree char *kb = NULL;
  g_autoptr(GError) error = NULL;
  WirelabNode *b;

  if (g_ascii_strncasecmp (value, "NIO_", 4) == 0)
    {
      warn (im, "line %u: %s %s = %s: raw NIO connections are not supported; left out", line,
            wirelab_node_get_name (a), ia, value);
      return;
    }
  words = g_strsplit_set (value, " \t", -1);
  {
    /* Collapse runs of blanks. */
    g_autoptr(GPtrArray) w = g_ptr_array_new ();

    for (guint i = 0; words[i] != NULL; i++)
      if (*words[i] != '\0')
        g_ptr_array_add (w, words[i]);
    if (w->len != 2)
      {
        warn (im, "line %u: “%s” is not “device interface”; left out", line, value);
        return;
      }
    b = resolve_target (im, g_ptr_array_index (w, 0), g_ptr_array_index (w, 1), &ib, line);
  }
  if (b == NULL)
    return;

  /* Both ends may list the same cable. */
  ka = g_strdup_printf ("%s|%s", wirelab_node_get_id (a), ia);
  kb = g_strdup_printf ("%s|%s", wirelab_node_get_id (b), ib);
  key = strcmp (ka, kb) < 0 ? g_strdup_printf ("%s|%s", ka, kb) : g_strdup_printf ("%s|%s", kb, ka);
  if (g_hash_table_contains (im->links, key))
    return;
  if (wirelab_lab_connect (im->lab, a, ia, b, ib, &error) == NULL)
    {
      warn (im, "line %u: %s %s to %s %s: %s; left out", line, wirelab_node_get_name (a), ia,
            wirelab_node_get_name (b), ib, error->message);
      return;
    }
  g_hash_table_add (im->links, g_steal_pointer (&key));
}

static void
make_connections (Import *im)
{
  for (guint i = 0; i < im->sections->len; i++)
    {
      Section *s = g_ptr_array_index (im->sections, i);
      const char *name;
      g_autofree char *kind = NULL;
      WirelabNode *node;

      if (s->depth != 2 || s->parent->hv_id == NULL)
        continue;
      kind = section_kind (s, &name);
      if (name == NULL || (node = wirelab_lab_find_node_by_name (im->lab, name)) == NULL)
        continue;
      /* A device left out for a name used twice: the name is another one's. */
      if (g_str_equal (kind, "router") != (wirelab_node_get_kind (node) == WIRELAB_NODE_KIND_ROUTER) ||
          g_str_equal (kind, "ethsw") != (wirelab_node_get_kind (node) == WIRELAB_NODE_KIND_ETHSW))
        continue;

      for (guint j = 0; j < s->entries->len; j++)
        {
          Entry *e = g_ptr_array_index (s->entries, j);

          if (g_str_equal (kind, "router") && is_interface_key (e->key))
            {
              g_autofree char *iface = wirelab_platform_expand_interface (e->key);

              if (ensure_interface (im, node, iface))
                connect (im, node, iface, e->value, e->line);
            }
          else if (g_str_equal (kind, "ethsw"))
            {
              g_auto(GStrv) words = g_strsplit_set (e->value, " \t", 3);
              guint64 port;

              if (!g_ascii_string_to_unsigned (e->key, 10, 1, 64, &port, NULL) ||
                  words[0] == NULL || words[1] == NULL || words[2] == NULL)
                continue;
              {
                g_autofree char *iface = g_strdup_printf ("%u", (guint) port);

                connect (im, node, iface, g_strstrip (words[2]), e->line);
              }
            }
        }
    }
}

static void
make_devices (Import *im)
{
  for (guint i = 0; i < im->sections->len; i++)
    {
      Section *s = g_ptr_array_index (im->sections, i);
      const char *name;
      g_autofree char *kind = NULL;

      if (s->depth != 2 || s->parent->hv_id == NULL)
        continue;
      kind = section_kind (s, &name);
      if (name == NULL)
        {
          if (!is_model_name (kind))
            warn (im, "line %u: [[%s]] is not a device or a model; left out", s->line, s->name);
          continue;
        }
      if (wirelab_lab_find_node_by_name (im->lab, name) != NULL)
        {
          warn (im, "line %u: a second device named %s; left out", s->line, name);
          continue;
        }
      if (g_str_equal (kind, "router"))
        make_router (im, s, name);
      else if (g_str_equal (kind, "ethsw"))
        make_ethsw (im, s, name);
      else if (g_str_equal (kind, "frsw"))
        make_frsw (im, s, name);
      else
        warn (im, "line %u: [[%s]]: %s devices are not supported; left out", s->line, s->name, kind);
    }
}

WirelabLab *
wirelab_dynagen_import (const char   *data,
                        gssize        length,
                        char       ***out_warnings,
                        GError      **error)
{
  Import im = { 0 };
  g_autoptr(WirelabLab) lab = NULL;
  g_autoptr(GError) local_error = NULL;
  gboolean ok;

  g_return_val_if_fail (data != NULL, NULL);

  if (length < 0)
    length = strlen (data);
  lab = _wirelab_lab_new_empty ();
  im.lab = lab;
  im.sections = g_ptr_array_new_with_free_func (section_free);
  im.top = g_ptr_array_new_with_free_func (entry_free);
  im.warnings = g_ptr_array_new_with_free_func (g_free);
  im.links = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  ok = parse (&im, data, length, error);
  if (ok)
    {
      make_hypervisors (&im);
      make_devices (&im);
      make_connections (&im);
      ok = wirelab_lab_validate (lab, &local_error);
      if (!ok)
        g_set_error (error, WIRELAB_LAB_ERROR, WIRELAB_LAB_ERROR_INVALID,
                     "The imported lab is not consistent:\n%s", local_error->message);
    }

  g_ptr_array_unref (im.sections);
  g_ptr_array_unref (im.top);
  g_hash_table_unref (im.links);
  if (ok && out_warnings != NULL)
    {
      g_ptr_array_add (im.warnings, NULL);
      *out_warnings = (char **) g_ptr_array_free (im.warnings, FALSE);
    }
  else
    g_ptr_array_unref (im.warnings);
  if (!ok)
    return NULL;

  /* A fresh project: nothing to undo, nothing saved yet. */
  wirelab_history_clear (wirelab_lab_get_history (lab));
  wirelab_lab_set_name (lab, "Imported");
  wirelab_history_clear (wirelab_lab_get_history (lab));
  return g_steal_pointer (&lab);
}

WirelabLab *
wirelab_dynagen_import_file (GFile   *file,
                             char  ***out_warnings,
                             GError **error)
{
  g_autofree char *data = NULL;
  g_autofree char *base = NULL;
  gsize length;
  WirelabLab *lab;

  g_return_val_if_fail (G_IS_FILE (file), NULL);

  if (!g_file_load_contents (file, NULL, &data, &length, NULL, error))
    return NULL;
  lab = wirelab_dynagen_import (data, length, out_warnings, error);
  if (lab == NULL)
    return NULL;
  base = g_file_get_basename (file);
  if (g_str_has_suffix (base, ".net"))
    base[strlen (base) - 4] = '\0';
  wirelab_lab_set_name (lab, base);
  wirelab_history_clear (wirelab_lab_get_history (lab));
  return lab;
}
