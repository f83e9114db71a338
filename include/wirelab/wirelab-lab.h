/* wirelab-lab.h: a lab (project): hypervisors, images, nodes, links, canvas
 *
 * Copyright 2026 The Wirelab authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * Owner: src/lab/.  The model the canvas, the preference pages, the session
 * (WirelabSession) and wirelab-cli share.  GLib only.
 *
 * The four containers are GListModels (hypervisors, images, nodes, links) in
 * insertion order; change them only through the functions below, which keep
 * references consistent and record undo steps (wirelab_lab_get_history()).
 * Objects in the lab may be edited directly (setters, g_object_set(),
 * property bindings): the lab records those edits too and sets "dirty".
 *
 * Properties: name, file (GFile, NULL until saved or loaded), project-id,
 * dirty (read-only), and the canvas settings grid-size (75), snap-to-grid,
 * show-grid, show-interface-labels (all FALSE), zoom (1.0), scene-width
 * (2000), scene-height (1000), and start-delay (ms between node starts in
 * "start all", 1000).  zoom changes are saved but not undoable.
 *
 * Files: docs/project-format.md.  Saving is atomic (temporary file in the
 * same directory, fsync, rename, fsync of the directory) and keeps the
 * previous file as FILE.bak; a failed save leaves the old file as it was,
 * and a save that would leave less than 1 MiB free is refused
 * (WIRELAB_LAB_ERROR_NO_SPACE).  The project directory is the directory of
 * the file: configs/, captures/, working/ and vpcs/ live there.
 */

#pragma once

#include <gio/gio.h>

#include "wirelab-history.h"
#include "wirelab-hypervisor-config.h"
#include "wirelab-image.h"
#include "wirelab-lab-types.h"
#include "wirelab-link.h"
#include "wirelab-node.h"

G_BEGIN_DECLS

/* The `revision` this Wirelab writes.  Older files are converted on load (the
 * original is kept as FILE.rev<N> at the first save), newer ones refused. */
#define WIRELAB_PROJECT_REVISION 1
#define WIRELAB_PROJECT_EXTENSION ".wirelab"

#define WIRELAB_TYPE_LAB (wirelab_lab_get_type ())

G_DECLARE_FINAL_TYPE (WirelabLab, wirelab_lab, WIRELAB, LAB, GObject)

/* A new, unsaved lab with the local hypervisor and the default image
 * (WIRELAB_DEFAULT_IMAGE_ID, Wirelab's router on a c7200 board). */
WirelabLab              *wirelab_lab_new                  (void);
/* Reads and validates a `.wirelab` file: nothing half-loaded on error. */
WirelabLab              *wirelab_lab_load                 (GFile         *file,
                                                           GError       **error);
/* The same from memory (no file: "file" stays NULL). */
WirelabLab              *wirelab_lab_load_from_data       (const char    *json,
                                                           gssize         length,
                                                           GError       **error);
/* Saves to "file" (which must be set).  Clears "dirty" on success. */
gboolean                 wirelab_lab_save                 (WirelabLab    *self,
                                                           GError       **error);
/* Saves to another file and makes it the lab's file. */
gboolean                 wirelab_lab_save_as              (WirelabLab    *self,
                                                           GFile         *file,
                                                           GError       **error);
/* The file contents, pretty-printed JSON. */
char                    *wirelab_lab_to_data              (WirelabLab    *self,
                                                           gsize         *length);
/* Every problem (one per line in the message) or TRUE. */
gboolean                 wirelab_lab_validate             (WirelabLab    *self,
                                                           GError       **error);

const char              *wirelab_lab_get_name             (WirelabLab    *self);
void                     wirelab_lab_set_name             (WirelabLab    *self,
                                                           const char    *name);
GFile                   *wirelab_lab_get_file             (WirelabLab    *self);
/* The file's directory, NULL while the lab has no file. */
char                    *wirelab_lab_dup_project_dir      (WirelabLab    *self);
const char              *wirelab_lab_get_project_id       (WirelabLab    *self);
gboolean                 wirelab_lab_get_dirty            (WirelabLab    *self);

guint                    wirelab_lab_get_grid_size        (WirelabLab    *self);
void                     wirelab_lab_set_grid_size        (WirelabLab    *self,
                                                           guint          size);
gboolean                 wirelab_lab_get_snap_to_grid     (WirelabLab    *self);
void                     wirelab_lab_set_snap_to_grid     (WirelabLab    *self,
                                                           gboolean       snap);
gboolean                 wirelab_lab_get_show_grid        (WirelabLab    *self);
void                     wirelab_lab_set_show_grid        (WirelabLab    *self,
                                                           gboolean       show);
gboolean                 wirelab_lab_get_show_interface_labels (WirelabLab *self);
void                     wirelab_lab_set_show_interface_labels (WirelabLab *self,
                                                                gboolean    show);
double                   wirelab_lab_get_zoom             (WirelabLab    *self);
void                     wirelab_lab_set_zoom             (WirelabLab    *self,
                                                           double         zoom);
guint                    wirelab_lab_get_start_delay      (WirelabLab    *self);
void                     wirelab_lab_set_start_delay      (WirelabLab    *self,
                                                           guint          delay_ms);

/* Containers (transfer none). */
GListModel              *wirelab_lab_get_hypervisors      (WirelabLab    *self);
GListModel              *wirelab_lab_get_images           (WirelabLab    *self);
GListModel              *wirelab_lab_get_nodes            (WirelabLab    *self);
GListModel              *wirelab_lab_get_links            (WirelabLab    *self);
WirelabHistory          *wirelab_lab_get_history          (WirelabLab    *self);

/* Lookups (transfer none, NULL when absent).  They are hash lookups kept
 * up to date by every edit, undo and redo, so a big lab can call them in
 * loops; where an invalid lab holds duplicates, the first in list order
 * answers. */
WirelabHypervisorConfig *wirelab_lab_find_hypervisor      (WirelabLab    *self,
                                                           const char    *id);
WirelabImage            *wirelab_lab_find_image           (WirelabLab    *self,
                                                           const char    *id);
WirelabNode             *wirelab_lab_find_node            (WirelabLab    *self,
                                                           const char    *id);
WirelabNode             *wirelab_lab_find_node_by_name    (WirelabLab    *self,
                                                           const char    *name);
WirelabLink             *wirelab_lab_find_link            (WirelabLab    *self,
                                                           const char    *id);
/* The link plugged into that interface. */
WirelabLink             *wirelab_lab_find_link_at         (WirelabLab    *self,
                                                           WirelabNode   *node,
                                                           const char    *interface);
/* Links of a node, transfer container (free the array, not the links). */
GPtrArray               *wirelab_lab_list_links_of        (WirelabLab    *self,
                                                           WirelabNode   *node);

/* Edits (each one undo step). */
gboolean                 wirelab_lab_add_hypervisor       (WirelabLab              *self,
                                                           WirelabHypervisorConfig *config,
                                                           GError                 **error);
/* Not "local".  Images unbind it and nodes placed there become unplaced, in
 * the same undo step. */
gboolean                 wirelab_lab_remove_hypervisor    (WirelabLab              *self,
                                                           WirelabHypervisorConfig *config,
                                                           GError                 **error);
gboolean                 wirelab_lab_add_image            (WirelabLab    *self,
                                                           WirelabImage  *image,
                                                           GError       **error);
/* WIRELAB_LAB_ERROR_IN_USE while a node uses it. */
gboolean                 wirelab_lab_remove_image         (WirelabLab    *self,
                                                           WirelabImage  *image,
                                                           GError       **error);
/* A new node at x,y with a unique default name (R1, SW1, HUB1, FR1, PC1 …)
 * and a free instance id.  image_id: routers only (NULL = the default
 * image).  Transfer none. */
WirelabNode             *wirelab_lab_create_node          (WirelabLab      *self,
                                                           WirelabNodeKind  kind,
                                                           const char      *image_id,
                                                           double           x,
                                                           double           y,
                                                           GError         **error);
/* Adds a node built by the caller; an empty name or instance id 0 is given
 * a default.  Fails on a duplicate id/name or an unknown image. */
gboolean                 wirelab_lab_add_node             (WirelabLab    *self,
                                                           WirelabNode   *node,
                                                           GError       **error);
/* Renames after checking the name: unique, printable, no '"', at most 64
 * characters (node names are the hypervisors' object names). */
gboolean                 wirelab_lab_rename_node          (WirelabLab    *self,
                                                           WirelabNode   *node,
                                                           const char    *name,
                                                           GError       **error);
/* Removes the node and its links (one step). */
void                     wirelab_lab_remove_node          (WirelabLab    *self,
                                                           WirelabNode   *node);
/* Links two free interfaces.  Transfer none. */
WirelabLink             *wirelab_lab_connect              (WirelabLab    *self,
                                                           WirelabNode   *node_a,
                                                           const char    *interface_a,
                                                           WirelabNode   *node_b,
                                                           const char    *interface_b,
                                                           GError       **error);
/* Adds a link built by the caller (same checks). */
gboolean                 wirelab_lab_insert_link          (WirelabLab    *self,
                                                           WirelabLink   *link,
                                                           GError       **error);
void                     wirelab_lab_remove_link          (WirelabLab    *self,
                                                           WirelabLink   *link);

/* Interface helpers for "add a link" menus. */
gboolean                 wirelab_lab_interface_is_free    (WirelabLab    *self,
                                                           WirelabNode   *node,
                                                           const char    *interface);
/* The first free interface, NULL when all are used. */
char                    *wirelab_lab_dup_free_interface   (WirelabLab    *self,
                                                           WirelabNode   *node);
/* The name wirelab_lab_create_node() would give (R3, SW2 …). */
char                    *wirelab_lab_dup_default_name     (WirelabLab      *self,
                                                           WirelabNodeKind  kind);

G_END_DECLS
