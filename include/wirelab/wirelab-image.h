/* wirelab-image.h: a router image and its defaults (a router template)
 *
 * Copyright 2026 The Wirelab authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * Owner: src/lab/.
 *
 * Saved properties (undoable when in a lab): name, path, platform, model,
 * npe, ram, nvram, slots, wics, idle-pc, hypervisors, use-manager.
 *
 * Placement (docs/project-format.md): a router of this image goes to one of
 * the hypervisors listed in "hypervisors".  With "use-manager" ("let Wirelab
 * place it") the local hypervisor is tried first, and when its memory limit
 * is reached the bound hypervisors take the next routers.  Without it, the
 * bound hypervisor with the least RAM already placed that still has room is
 * taken.  An image bound to nothing runs on the local hypervisor.
 */

#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/* The image a new lab offers: Wirelab's own router firmware. */
#define WIRELAB_DEFAULT_IMAGE_ID   "wirelab-router"
#define WIRELAB_DEFAULT_IMAGE_FILE "wirelab-router.elf"

/* The most RAM or NVRAM, in MiB, an image or a node may ask for. */
#define WIRELAB_MEMORY_MAX_MB 65536

#define WIRELAB_TYPE_IMAGE (wirelab_image_get_type ())

G_DECLARE_FINAL_TYPE (WirelabImage, wirelab_image, WIRELAB, IMAGE, GObject)

/* id NULL makes a UUID.  Model, RAM, NVRAM and slots start at the platform's
 * defaults; use-manager starts TRUE. */
WirelabImage      *wirelab_image_new             (const char         *id,
                                                  const char         *path,
                                                  const char         *platform);
const char        *wirelab_image_get_id          (WirelabImage       *self);

/* Display name, default: the file's basename. */
const char        *wirelab_image_get_name        (WirelabImage       *self);
void               wirelab_image_set_name        (WirelabImage       *self,
                                                  const char         *name);
/* An absolute path is sent to the hypervisor as is.  A bare file name
 * (wirelab-router.elf) is looked up with wirelab_find_image() for
 * hypervisors on this host and sent unchanged to remote ones. */
const char        *wirelab_image_get_path        (WirelabImage       *self);
void               wirelab_image_set_path        (WirelabImage       *self,
                                                  const char         *path);
const char        *wirelab_image_get_platform    (WirelabImage       *self);
void               wirelab_image_set_platform    (WirelabImage       *self,
                                                  const char         *platform);
/* Chassis (3640, 2621XM, 1720 …); "" = the platform default. */
const char        *wirelab_image_get_model       (WirelabImage       *self);
void               wirelab_image_set_model       (WirelabImage       *self,
                                                  const char         *model);
/* c7200 only: npe-400 … ("" = default). */
const char        *wirelab_image_get_npe         (WirelabImage       *self);
void               wirelab_image_set_npe         (WirelabImage       *self,
                                                  const char         *npe);
guint              wirelab_image_get_ram         (WirelabImage       *self);
void               wirelab_image_set_ram         (WirelabImage       *self,
                                                  guint               ram_mb);
guint              wirelab_image_get_nvram       (WirelabImage       *self);
void               wirelab_image_set_nvram       (WirelabImage       *self,
                                                  guint               nvram_kb);
/* Default card per slot (index = slot, "" = empty). */
const char *const *wirelab_image_get_slots       (WirelabImage       *self);
void               wirelab_image_set_slots       (WirelabImage       *self,
                                                  const char *const  *slots);
const char *const *wirelab_image_get_wics        (WirelabImage       *self);
void               wirelab_image_set_wics        (WirelabImage       *self,
                                                  const char *const  *wics);
/* "0x60606060" or "" */
const char        *wirelab_image_get_idle_pc     (WirelabImage       *self);
void               wirelab_image_set_idle_pc     (WirelabImage       *self,
                                                  const char         *idle_pc);
/* Ids of the bound hypervisors (never NULL). */
const char *const *wirelab_image_get_hypervisors (WirelabImage       *self);
void               wirelab_image_set_hypervisors (WirelabImage       *self,
                                                  const char *const  *ids);
gboolean           wirelab_image_get_use_manager (WirelabImage       *self);
void               wirelab_image_set_use_manager (WirelabImage       *self,
                                                  gboolean            use_manager);

G_END_DECLS
