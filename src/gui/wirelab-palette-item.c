/* wirelab-palette-item.c: one device of the palette
 *
 * Copyright 2026 The Wirelab authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#define G_LOG_DOMAIN "wirelab-palette"

#include "config.h"

#include "wirelab/wirelab-lab-types.h"

#include "wirelab-palette-item.h"

struct _WirelabPaletteItem
{
  GObject          parent_instance;
  WirelabNodeKind  kind;
  char            *image_id;
  char            *label;
};

G_DEFINE_FINAL_TYPE (WirelabPaletteItem, wirelab_palette_item, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_KIND,
  PROP_IMAGE_ID,
  PROP_LABEL,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

WirelabPaletteItem *
wirelab_palette_item_new (WirelabNodeKind  kind,
                          const char      *image_id,
                          const char      *label)
{
  return g_object_new (WIRELAB_TYPE_PALETTE_ITEM,
                       "kind", kind,
                       "image-id", image_id,
                       "label", label,
                       NULL);
}

WirelabNodeKind
wirelab_palette_item_get_kind (WirelabPaletteItem *self)
{
  g_return_val_if_fail (WIRELAB_IS_PALETTE_ITEM (self), WIRELAB_NODE_KIND_ROUTER);
  return self->kind;
}

const char *
wirelab_palette_item_get_image_id (WirelabPaletteItem *self)
{
  g_return_val_if_fail (WIRELAB_IS_PALETTE_ITEM (self), NULL);
  return self->image_id;
}

const char *
wirelab_palette_item_get_label (WirelabPaletteItem *self)
{
  g_return_val_if_fail (WIRELAB_IS_PALETTE_ITEM (self), NULL);
  return self->label != NULL ? self->label : "";
}

static void
wirelab_palette_item_finalize (GObject *object)
{
  WirelabPaletteItem *self = WIRELAB_PALETTE_ITEM (object);

  g_free (self->image_id);
  g_free (self->label);
  G_OBJECT_CLASS (wirelab_palette_item_parent_class)->finalize (object);
}

static void
wirelab_palette_item_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  WirelabPaletteItem *self = WIRELAB_PALETTE_ITEM (object);

  switch (prop_id)
    {
    case PROP_KIND:
      g_value_set_enum (value, self->kind);
      break;
    case PROP_IMAGE_ID:
      g_value_set_string (value, self->image_id);
      break;
    case PROP_LABEL:
      g_value_set_string (value, self->label);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
wirelab_palette_item_set_property (GObject      *object,
                                   guint         prop_id,
                                   const GValue *value,
                                   GParamSpec   *pspec)
{
  WirelabPaletteItem *self = WIRELAB_PALETTE_ITEM (object);

  switch (prop_id)
    {
    case PROP_KIND:
      self->kind = g_value_get_enum (value);
      break;
    case PROP_IMAGE_ID:
      self->image_id = g_value_dup_string (value);
      break;
    case PROP_LABEL:
      self->label = g_value_dup_string (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
wirelab_palette_item_class_init (WirelabPaletteItemClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS;

  object_class->finalize = wirelab_palette_item_finalize;
  object_class->get_property = wirelab_palette_item_get_property;
  object_class->set_property = wirelab_palette_item_set_property;

  properties[PROP_KIND] =
    g_param_spec_enum ("kind", NULL, NULL, WIRELAB_TYPE_NODE_KIND, WIRELAB_NODE_KIND_ROUTER, flags);
  properties[PROP_IMAGE_ID] =
    g_param_spec_string ("image-id", NULL, NULL, NULL, flags);
  properties[PROP_LABEL] =
    g_param_spec_string ("label", NULL, NULL, NULL, flags);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
wirelab_palette_item_init (WirelabPaletteItem *self)
{
}
