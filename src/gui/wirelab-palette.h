/* wirelab-palette.h: the device palette (drag a device onto the canvas)
 *
 * Copyright 2026 The Wirelab authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * Owner: the canvas (issue 7).  Lists the lab's router images grouped by
 * platform (one entry per image), then Ethernet switch, hub, Frame Relay
 * switch and VPCS PC.  Each entry is a GtkDragSource offering a
 * WirelabPaletteItem; hold Shift while dropping to add several.  Activating
 * an entry (double-click, Enter) emits ::item-activated and, when "canvas"
 * is set, adds the device at the centre of that canvas's view.
 */

#pragma once

#include <gtk/gtk.h>

#include "wirelab/wirelab-lab.h"

#include "wirelab-canvas.h"
#include "wirelab-palette-item.h"

G_BEGIN_DECLS

#define WIRELAB_TYPE_PALETTE (wirelab_palette_get_type ())

G_DECLARE_FINAL_TYPE (WirelabPalette, wirelab_palette, WIRELAB, PALETTE, GtkWidget)

GtkWidget     *wirelab_palette_new        (void);
/* Property "lab": whose images are listed (transfer none). */
WirelabLab    *wirelab_palette_get_lab    (WirelabPalette *self);
void           wirelab_palette_set_lab    (WirelabPalette *self,
                                           WirelabLab     *lab);
/* Property "canvas": where activated entries are added (transfer none). */
WirelabCanvas *wirelab_palette_get_canvas (WirelabPalette *self);
void           wirelab_palette_set_canvas (WirelabPalette *self,
                                           WirelabCanvas  *canvas);
/* The entries shown, in order (a GListModel of WirelabPaletteItem). */
GListModel    *wirelab_palette_get_items  (WirelabPalette *self);

G_END_DECLS
