/* wl-lab-private.h: what the lab model's files share with each other
 *
 * Copyright 2026 The Wirelab authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#pragma once

#include "wirelab/wirelab-lab.h"
#include "wirelab/wirelab-platform.h"

G_BEGIN_DECLS

/* Flags on GParamSpecs of model objects.  SAVED: written to the project and
 * recorded by the history; NO_UNDO: saved, marks the lab dirty, not
 * recorded (zoom). */
#define WL_PARAM_SAVED   (1u << G_PARAM_USER_SHIFT)
#define WL_PARAM_NO_UNDO (1u << (G_PARAM_USER_SHIFT + 1))

typedef enum
{
  WL_CONTAINER_HYPERVISORS,
  WL_CONTAINER_IMAGES,
  WL_CONTAINER_NODES,
  WL_CONTAINER_LINKS,
  WL_N_CONTAINERS,
} WlContainer;

/* One interface of a router (wirelab-platform.c). */
typedef struct
{
  char                 *name;
  guint                 slot;
  guint                 port;
  WirelabInterfaceType  type;
} WlInterface;

/* wirelab-platform.c: every interface, in order, as an array of
 * WlInterface (clears its names), or NULL with error set. */
GArray     *_wirelab_platform_build_interfaces (const char        *platform,
                                                const char        *model,
                                                const char *const *slots,
                                                const char *const *wics,
                                                GError           **error);

/* wirelab-image.c: changes whenever a saved property of the image does
 * (its routers' interfaces depend on some). */
guint       _wirelab_image_get_serial         (WirelabImage         *self);

/* wirelab-node.c */
void        _wirelab_node_set_lab             (WirelabNode          *self,
                                               WirelabLab           *lab);
WirelabLab *_wirelab_node_get_lab             (WirelabNode          *self);
void        _wirelab_node_notify_interfaces   (WirelabNode          *self);
void        _wirelab_node_set_status          (WirelabNode          *self,
                                               WirelabNodeStatus     status);
void        _wirelab_node_set_status_message  (WirelabNode          *self,
                                               const char           *message);
void        _wirelab_node_set_console_host    (WirelabNode          *self,
                                               const char           *host);
void        _wirelab_node_set_deployed        (WirelabNode          *self,
                                               gboolean              deployed);
/* Routers: what the node runs with, its own values over its image's. */
const char *_wirelab_node_get_platform        (WirelabNode          *self);
const char *_wirelab_node_get_model           (WirelabNode          *self);
const char *const *_wirelab_node_get_effective_slots (WirelabNode   *self);
const char *const *_wirelab_node_get_effective_wics  (WirelabNode   *self);
guint       _wirelab_node_get_effective_nvram (WirelabNode          *self);
/* Routers: slot/port for NIO binding; switches/hubs/FR: port number in
 * out_port; PCs: 0.  FALSE when the interface does not exist. */
gboolean    _wirelab_node_lookup_interface    (WirelabNode          *self,
                                               const char           *name,
                                               guint                *out_slot,
                                               guint                *out_port,
                                               WirelabInterfaceType *out_type);

/* wirelab-link.c */
void        _wirelab_link_set_capture         (WirelabLink          *self,
                                               gboolean              capturing,
                                               const char           *path);
void        _wirelab_link_set_deployed        (WirelabLink          *self,
                                               gboolean              deployed);

/* wirelab-hypervisor-config.c */
void        _wirelab_hypervisor_config_set_runtime (WirelabHypervisorConfig *self,
                                                    gboolean                 connected,
                                                    guint                    placed_ram_mb,
                                                    guint                    node_count,
                                                    guint                    effective_limit_mb);
void        _wirelab_hypervisor_config_set_status_message (WirelabHypervisorConfig *self,
                                                           const char              *message);

/* wirelab-lab.c */
/* A lab with the local hypervisor only (the loader fills it). */
WirelabLab *_wirelab_lab_new_empty            (void);
/* Container changes recorded as undo steps (wl-lab-edits.c uses them). */
void        _wirelab_lab_insert_recorded      (WirelabLab           *self,
                                               GObject              *object,
                                               const char           *label);
void        _wirelab_lab_remove_recorded      (WirelabLab           *self,
                                               GObject              *object,
                                               const char           *label);
gboolean    _wirelab_lab_contains             (WirelabLab           *self,
                                               gpointer              object);
gboolean    _wirelab_lab_instance_id_taken    (WirelabLab           *self,
                                               guint                 id,
                                               WirelabNode          *except);
guint       _wirelab_lab_next_instance_id     (WirelabLab           *self,
                                               WirelabNode          *except);
/* The lookups (wl-lab-index.h); the node setters report renames to it. */
struct _WlLabIndex *_wirelab_lab_get_index    (WirelabLab           *self);
/* Node names become hypervisor object names: see wirelab_lab_rename_node(). */
gboolean    _wirelab_check_node_name          (const char           *name,
                                               GError              **error);
/* Edits made between these are saved and make the lab dirty but are not
 * undo steps (placement, console ports, MACs written back by a session). */
void        _wirelab_lab_begin_untracked      (WirelabLab           *self);
void        _wirelab_lab_end_untracked        (WirelabLab           *self);
/* Container changes without history (history replay, loading). */
void        _wirelab_lab_container_insert     (WirelabLab           *self,
                                               WlContainer           container,
                                               GObject              *object,
                                               guint                 position);
guint       _wirelab_lab_container_remove     (WirelabLab           *self,
                                               WlContainer           container,
                                               GObject              *object);
void        _wirelab_lab_history_changed      (WirelabLab           *self);
void        _wirelab_lab_mark_clean           (WirelabLab           *self);
void        _wirelab_lab_set_file             (WirelabLab           *self,
                                               GFile                *file);
void        _wirelab_lab_set_project_id       (WirelabLab           *self,
                                               const char           *id);
/* Free bytes a save must leave on the disk (default 1 MiB; tests lower it
 * to reach a real ENOSPC). */
void        _wirelab_lab_set_save_reserve     (WirelabLab           *self,
                                               guint64               bytes);
guint64     _wirelab_lab_get_save_reserve     (WirelabLab           *self);
/* The revision the file had before conversion (0: not converted). */
void        _wirelab_lab_set_converted_from   (WirelabLab           *self,
                                               guint                 revision);
guint       _wirelab_lab_get_converted_from   (WirelabLab           *self);
/* A node's display name for messages ("R1", or its id). */
const char *_wirelab_lab_node_label           (WirelabLab           *self,
                                               const char           *node_id);

/* wirelab-history.c */
WirelabHistory *_wirelab_history_new          (WirelabLab           *lab);
/* The lab is going away: forget every step (and the objects they hold). */
void        _wirelab_history_detach           (WirelabHistory       *self);
gboolean    _wirelab_history_is_replaying     (WirelabHistory       *self);
void        _wirelab_history_record_property  (WirelabHistory       *self,
                                               GObject              *object,
                                               GParamSpec           *pspec,
                                               const GValue         *old_value,
                                               const GValue         *new_value,
                                               const char           *label,
                                               gboolean              is_move);
void        _wirelab_history_record_insert    (WirelabHistory       *self,
                                               WlContainer           container,
                                               GObject              *object,
                                               guint                 position,
                                               const char           *label);
void        _wirelab_history_record_remove    (WirelabHistory       *self,
                                               WlContainer           container,
                                               GObject              *object,
                                               guint                 position,
                                               const char           *label);
/* The current position is the saved state. */
void        _wirelab_history_mark_clean       (WirelabHistory       *self);
gboolean    _wirelab_history_is_clean         (WirelabHistory       *self);

/* wl-project-load.c / wl-project-save.c */
WirelabLab *_wirelab_lab_from_json            (const char           *data,
                                               gssize                length,
                                               GError              **error);
char       *_wirelab_lab_to_json              (WirelabLab           *self,
                                               gsize                *length);

/* wl-atomic-file.c: writes `path` atomically (see wirelab-lab.h).  With
 * keep_backup the previous file becomes path.bak. */
gboolean    wl_atomic_write                   (const char           *path,
                                               const char           *data,
                                               gsize                 length,
                                               guint64               reserve,
                                               gboolean              keep_backup,
                                               GError              **error);

G_END_DECLS
