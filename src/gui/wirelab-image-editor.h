/* wirelab-image-editor.h: add or edit one router image
 *
 * Copyright 2026 The Wirelab authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * A modal window: name, file (GtkFileChooserNative), platform and chassis,
 * idle-PC, RAM and NVRAM, the default card of each slot and WIC slot, and
 * the hypervisors its routers may run on (several can be checked) with
 * "Use the hypervisor manager" (let Wirelab place them, as in GNS3 0.8).
 * editor.save adds the image to the inventory (or changes the edited one)
 * and closes; window.close cancels.
 */

#pragma once

#include <adwaita.h>

#include "wirelab-inventory.h"

G_BEGIN_DECLS

#define WIRELAB_TYPE_IMAGE_EDITOR (wirelab_image_editor_get_type ())

G_DECLARE_FINAL_TYPE (WirelabImageEditor, wirelab_image_editor, WIRELAB, IMAGE_EDITOR, AdwWindow)

WirelabImageEditor *wirelab_image_editor_new          (WirelabInventory   *inventory,
                                                       WirelabImage       *image);
/* A new image of that file; platform, chassis and RAM guessed from its name. */
WirelabImageEditor *wirelab_image_editor_new_for_file (WirelabInventory   *inventory,
                                                       const char         *path);
/* The edited image (a new one once saved), or NULL. */
WirelabImage       *wirelab_image_editor_get_image    (WirelabImageEditor *self);
/* The check button binding the image to that hypervisor (NULL if none). */
GtkCheckButton     *wirelab_image_editor_get_hypervisor_check (WirelabImageEditor *self,
                                                               const char         *hypervisor_id);

G_END_DECLS
