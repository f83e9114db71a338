/* wirelab-image.c: a router image and its defaults
 *
 * Copyright 2026 The Wirelab authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#define G_LOG_DOMAIN "wirelab-lab"

#include "config.h"

#include "wl-lab-private.h"

struct _WirelabImage
{
  GObject parent_instance;

  char     *id;
  char     *name;
  char     *path;
  char     *platform;
  char     *model;
  char     *npe;
  guint     ram;
  guint     nvram;
  char    **slots;
  char    **wics;
  char     *idle_pc;
  char    **hypervisors;
  gboolean  use_manager;
  guint     serial;       /* bumped by every change of a string or list */
};

G_DEFINE_FINAL_TYPE (WirelabImage, wirelab_image, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_NAME,
  PROP_PATH,
  PROP_PLATFORM,
  PROP_MODEL,
  PROP_NPE,
  PROP_RAM,
  PROP_NVRAM,
  PROP_SLOTS,
  PROP_WICS,
  PROP_IDLE_PC,
  PROP_HYPERVISORS,
  PROP_USE_MANAGER,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const char *const empty_strv[] = { NULL };

static void
wirelab_image_finalize (GObject *object)
{
  WirelabImage *self = WIRELAB_IMAGE (object);

  g_free (self->id);
  g_free (self->name);
  g_free (self->path);
  g_free (self->platform);
  g_free (self->model);
  g_free (self->npe);
  g_strfreev (self->slots);
  g_strfreev (self->wics);
  g_free (self->idle_pc);
  g_strfreev (self->hypervisors);

  G_OBJECT_CLASS (wirelab_image_parent_class)->finalize (object);
}

static void
wirelab_image_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  WirelabImage *self = WIRELAB_IMAGE (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_string (value, self->id);
      break;
    case PROP_NAME:
      g_value_set_string (value, self->name);
      break;
    case PROP_PATH:
      g_value_set_string (value, self->path);
      break;
    case PROP_PLATFORM:
      g_value_set_string (value, self->platform);
      break;
    case PROP_MODEL:
      g_value_set_string (value, self->model);
      break;
    case PROP_NPE:
      g_value_set_string (value, self->npe);
      break;
    case PROP_RAM:
      g_value_set_uint (value, self->ram);
      break;
    case PROP_NVRAM:
      g_value_set_uint (value, self->nvram);
      break;
    case PROP_SLOTS:
      g_value_set_boxed (value, self->slots);
      break;
    case PROP_WICS:
      g_value_set_boxed (value, self->wics);
      break;
    case PROP_IDLE_PC:
      g_value_set_string (value, self->idle_pc);
      break;
    case PROP_HYPERVISORS:
      g_value_set_boxed (value, self->hypervisors);
      break;
    case PROP_USE_MANAGER:
      g_value_set_boolean (value, self->use_manager);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
wirelab_image_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  WirelabImage *self = WIRELAB_IMAGE (object);

  switch (prop_id)
    {
    case PROP_ID:
      self->id = g_value_dup_string (value);
      if (self->id == NULL || *self->id == '\0')
        {
          g_free (self->id);
          self->id = g_uuid_string_random ();
        }
      break;
    case PROP_NAME:
      wirelab_image_set_name (self, g_value_get_string (value));
      break;
    case PROP_PATH:
      wirelab_image_set_path (self, g_value_get_string (value));
      break;
    case PROP_PLATFORM:
      wirelab_image_set_platform (self, g_value_get_string (value));
      break;
    case PROP_MODEL:
      wirelab_image_set_model (self, g_value_get_string (value));
      break;
    case PROP_NPE:
      wirelab_image_set_npe (self, g_value_get_string (value));
      break;
    case PROP_RAM:
      wirelab_image_set_ram (self, g_value_get_uint (value));
      break;
    case PROP_NVRAM:
      wirelab_image_set_nvram (self, g_value_get_uint (value));
      break;
    case PROP_SLOTS:
      wirelab_image_set_slots (self, g_value_get_boxed (value));
      break;
    case PROP_WICS:
      wirelab_image_set_wics (self, g_value_get_boxed (value));
      break;
    case PROP_IDLE_PC:
      wirelab_image_set_idle_pc (self, g_value_get_string (value));
      break;
    case PROP_HYPERVISORS:
      wirelab_image_set_hypervisors (self, g_value_get_boxed (value));
      break;
    case PROP_USE_MANAGER:
      wirelab_image_set_use_manager (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
wirelab_image_class_init (WirelabImageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags saved = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY |
                            G_PARAM_STATIC_STRINGS | WL_PARAM_SAVED;

  object_class->finalize = wirelab_image_finalize;
  object_class->get_property = wirelab_image_get_property;
  object_class->set_property = wirelab_image_set_property;

  properties[PROP_ID] =
    g_param_spec_string ("id", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_NAME] = g_param_spec_string ("name", "Name", NULL, "", saved);
  properties[PROP_PATH] = g_param_spec_string ("path", "Image file", NULL, "", saved);
  properties[PROP_PLATFORM] = g_param_spec_string ("platform", "Platform", NULL, "c7200", saved);
  properties[PROP_MODEL] = g_param_spec_string ("model", "Model", NULL, "", saved);
  properties[PROP_NPE] = g_param_spec_string ("npe", "NPE", NULL, "", saved);
  properties[PROP_RAM] = g_param_spec_uint ("ram", "RAM", NULL, 1, WIRELAB_MEMORY_MAX_MB, 256, saved);
  properties[PROP_NVRAM] = g_param_spec_uint ("nvram", "NVRAM", NULL, 1, WIRELAB_MEMORY_MAX_MB, 128, saved);
  properties[PROP_SLOTS] = g_param_spec_boxed ("slots", "Slots", NULL, G_TYPE_STRV, saved);
  properties[PROP_WICS] = g_param_spec_boxed ("wics", "WICs", NULL, G_TYPE_STRV, saved);
  properties[PROP_IDLE_PC] = g_param_spec_string ("idle-pc", "Idle-PC", NULL, "", saved);
  properties[PROP_HYPERVISORS] =
    g_param_spec_boxed ("hypervisors", "Hypervisors", NULL, G_TYPE_STRV, saved);
  properties[PROP_USE_MANAGER] =
    g_param_spec_boolean ("use-manager", "Let Wirelab place it", NULL, TRUE, saved);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
wirelab_image_init (WirelabImage *self)
{
  self->name = g_strdup ("");
  self->path = g_strdup ("");
  self->platform = g_strdup ("c7200");
  self->model = g_strdup ("");
  self->npe = g_strdup ("");
  self->ram = 256;
  self->nvram = 128;
  self->slots = g_strdupv ((char **) empty_strv);
  self->wics = g_strdupv ((char **) empty_strv);
  self->idle_pc = g_strdup ("");
  self->hypervisors = g_strdupv ((char **) empty_strv);
  self->use_manager = TRUE;
}

WirelabImage *
wirelab_image_new (const char *id,
                   const char *path,
                   const char *platform)
{
  WirelabImage *self;
  g_auto(GStrv) slots = NULL;

  g_return_val_if_fail (platform == NULL || wirelab_platform_is_valid (platform), NULL);

  self = g_object_new (WIRELAB_TYPE_IMAGE, "id", id, NULL);
  if (platform != NULL)
    {
      g_free (self->platform);
      self->platform = g_strdup (platform);
    }
  self->ram = wirelab_platform_get_default_ram (self->platform);
  self->nvram = wirelab_platform_get_default_nvram (self->platform);
  slots = wirelab_platform_dup_default_slots (self->platform, NULL);
  g_strfreev (self->slots);
  self->slots = g_steal_pointer (&slots);
  if (path != NULL)
    {
      g_free (self->path);
      self->path = g_strdup (path);
      g_free (self->name);
      self->name = g_path_get_basename (path);
    }
  return self;
}

guint
_wirelab_image_get_serial (WirelabImage *self)
{
  return self->serial;
}

const char *
wirelab_image_get_id (WirelabImage *self)
{
  g_return_val_if_fail (WIRELAB_IS_IMAGE (self), NULL);
  return self->id;
}

static void
set_string (WirelabImage  *self,
            char         **field,
            const char    *value,
            guint          prop)
{
  if (value == NULL)
    value = "";
  if (g_strcmp0 (*field, value) == 0)
    return;
  g_free (*field);
  *field = g_strdup (value);
  self->serial++;
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop]);
}

static void
set_strv (WirelabImage        *self,
          char              ***field,
          const char *const   *value,
          guint                prop)
{
  if (value == NULL)
    value = empty_strv;
  if (g_strv_equal ((const char *const *) *field, value))
    return;
  g_strfreev (*field);
  *field = g_strdupv ((char **) value);
  self->serial++;
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop]);
}

#define STRING_ACCESSORS(field, PROP)                                    \
const char *                                                             \
wirelab_image_get_##field (WirelabImage *self)                           \
{                                                                        \
  g_return_val_if_fail (WIRELAB_IS_IMAGE (self), NULL);                  \
  return self->field;                                                    \
}                                                                        \
                                                                         \
void                                                                     \
wirelab_image_set_##field (WirelabImage *self,                           \
                           const char   *value)                          \
{                                                                        \
  g_return_if_fail (WIRELAB_IS_IMAGE (self));                            \
  set_string (self, &self->field, value, PROP);                          \
}

STRING_ACCESSORS (name, PROP_NAME)
STRING_ACCESSORS (path, PROP_PATH)
STRING_ACCESSORS (model, PROP_MODEL)
STRING_ACCESSORS (npe, PROP_NPE)
STRING_ACCESSORS (idle_pc, PROP_IDLE_PC)

#define STRV_ACCESSORS(field, PROP)                                      \
const char *const *                                                      \
wirelab_image_get_##field (WirelabImage *self)                           \
{                                                                        \
  g_return_val_if_fail (WIRELAB_IS_IMAGE (self), NULL);                  \
  return (const char *const *) self->field;                              \
}                                                                        \
                                                                         \
void                                                                     \
wirelab_image_set_##field (WirelabImage      *self,                      \
                           const char *const *value)                     \
{                                                                        \
  g_return_if_fail (WIRELAB_IS_IMAGE (self));                            \
  set_strv (self, &self->field, value, PROP);                            \
}

STRV_ACCESSORS (slots, PROP_SLOTS)
STRV_ACCESSORS (wics, PROP_WICS)
STRV_ACCESSORS (hypervisors, PROP_HYPERVISORS)

const char *
wirelab_image_get_platform (WirelabImage *self)
{
  g_return_val_if_fail (WIRELAB_IS_IMAGE (self), NULL);
  return self->platform;
}

/* Unknown platforms are accepted here (a bound property may pass through
 * them while typing) and reported by wirelab_lab_validate(). */
void
wirelab_image_set_platform (WirelabImage *self,
                            const char   *platform)
{
  g_return_if_fail (WIRELAB_IS_IMAGE (self));
  set_string (self, &self->platform, platform, PROP_PLATFORM);
}

guint
wirelab_image_get_ram (WirelabImage *self)
{
  g_return_val_if_fail (WIRELAB_IS_IMAGE (self), 0);
  return self->ram;
}

void
wirelab_image_set_ram (WirelabImage *self,
                       guint         ram_mb)
{
  g_return_if_fail (WIRELAB_IS_IMAGE (self));
  g_return_if_fail (ram_mb > 0);

  if (self->ram == ram_mb)
    return;
  self->ram = ram_mb;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RAM]);
}

guint
wirelab_image_get_nvram (WirelabImage *self)
{
  g_return_val_if_fail (WIRELAB_IS_IMAGE (self), 0);
  return self->nvram;
}

void
wirelab_image_set_nvram (WirelabImage *self,
                         guint         nvram_kb)
{
  g_return_if_fail (WIRELAB_IS_IMAGE (self));
  g_return_if_fail (nvram_kb > 0);

  if (self->nvram == nvram_kb)
    return;
  self->nvram = nvram_kb;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NVRAM]);
}

gboolean
wirelab_image_get_use_manager (WirelabImage *self)
{
  g_return_val_if_fail (WIRELAB_IS_IMAGE (self), FALSE);
  return self->use_manager;
}

void
wirelab_image_set_use_manager (WirelabImage *self,
                               gboolean      use_manager)
{
  g_return_if_fail (WIRELAB_IS_IMAGE (self));

  use_manager = !!use_manager;
  if (self->use_manager == use_manager)
    return;
  self->use_manager = use_manager;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_USE_MANAGER]);
}
