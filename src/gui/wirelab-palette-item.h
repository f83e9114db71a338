/* wirelab-palette-item.h: one device of the palette, and what a drag carries
 *
 * Copyright 2026 The Wirelab authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * Owner: the canvas (issue 7).  The palette's drag sources offer a GValue of
 * this type (gdk_content_provider_new_typed); the canvas's GtkDropTarget
 * accepts it.  Immutable.
 */

#pragma once

#include <glib-object.h>

#include "wirelab/wirelab-lab-types.h"

G_BEGIN_DECLS

#define WIRELAB_TYPE_PALETTE_ITEM (wirelab_palette_item_get_type ())

G_DECLARE_FINAL_TYPE (WirelabPaletteItem, wirelab_palette_item, WIRELAB, PALETTE_ITEM, GObject)

/* image_id: routers only (NULL = the lab's default image).  label: what the
 * palette shows ("c7200 — Wirelab router", "Ethernet switch" …). */
WirelabPaletteItem *wirelab_palette_item_new          (WirelabNodeKind     kind,
                                                       const char         *image_id,
                                                       const char         *label);
WirelabNodeKind     wirelab_palette_item_get_kind     (WirelabPaletteItem *self);
const char         *wirelab_palette_item_get_image_id (WirelabPaletteItem *self);
const char         *wirelab_palette_item_get_label    (WirelabPaletteItem *self);

G_END_DECLS
