/* wirelab-inventory.h: the user's hypervisors and router images
 *
 * Copyright 2026 The Wirelab authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * What Edit → Preferences → Hypervisors and Router images edit.  The
 * inventory holds them in a lab without nodes (so the lab layer validates
 * them and keeps image bindings consistent when a hypervisor goes) and
 * stores them in GSettings, keys "hypervisors" and "images": each a JSON
 * array of the objects of the same name in the project format
 * (docs/project-format.md), "" while never set (then: the embedded
 * hypervisor and the default image).
 *
 * A new lab starts with a copy of them; every later edit is signalled so
 * open labs take it too (their project files keep their own copies).
 */

#pragma once

#include <gio/gio.h>

#include "wirelab/wirelab-lab.h"

G_BEGIN_DECLS

#define WIRELAB_TYPE_INVENTORY (wirelab_inventory_get_type ())

G_DECLARE_FINAL_TYPE (WirelabInventory, wirelab_inventory, WIRELAB, INVENTORY, GObject)

/* Reads the keys of `settings` (a settings object of the app's schema). */
WirelabInventory *wirelab_inventory_new                (GSettings        *settings);
GSettings        *wirelab_inventory_get_settings       (WirelabInventory *self);

/* The lab holding them: add and remove through wirelab_lab_add_hypervisor()
 * and friends, edit the objects directly.  Transfer none. */
WirelabLab       *wirelab_inventory_get_lab            (WirelabInventory *self);

/* Writes pending edits to GSettings now (they are otherwise written from an
 * idle callback right after each edit). */
void              wirelab_inventory_flush              (WirelabInventory *self);

/* A new lab with a copy of the hypervisors and images and the configured
 * start delay, nothing to undo, not dirty. */
WirelabLab       *wirelab_inventory_new_lab            (WirelabInventory *self);

/* Makes `lab` take the current state of one hypervisor or image of the
 * inventory (added when missing; an image's bound hypervisors come along),
 * or drops it from `lab` (an image still used by a node stays). */
void              wirelab_inventory_apply_hypervisor   (WirelabInventory *self,
                                                        WirelabLab       *lab,
                                                        const char       *id);
void              wirelab_inventory_apply_image        (WirelabInventory *self,
                                                        WirelabLab       *lab,
                                                        const char       *id);
void              wirelab_inventory_remove_hypervisor_from (WirelabInventory *self,
                                                            WirelabLab       *lab,
                                                            const char       *id);
void              wirelab_inventory_remove_image_from  (WirelabInventory *self,
                                                        WirelabLab       *lab,
                                                        const char       *id);

G_END_DECLS
