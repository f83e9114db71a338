/* wl-lab-index.h: the lab's lookups in O(1), kept with its containers
 *
 * Copyright 2026 The Wirelab authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * The containers are lists; a 2,000-node lab cannot afford a scan of them
 * for every name check, link lookup or free interface.  The index mirrors
 * each container's order (for positions in O(log n)) and maps ids, node
 * names, instance ids and node ids to the links that end there.  The lab
 * calls insert/remove around every container change and the node setters
 * report renames and new instance ids, so the index is right at every
 * moment, during signal emissions included.
 *
 * Lookups that could match several objects (an invalid lab may hold two
 * nodes of one name) return the first in container order, as a scan of
 * the list would.
 */

#pragma once

#include "wl-lab-private.h"

G_BEGIN_DECLS

typedef struct _WlLabIndex WlLabIndex;

WlLabIndex  *wl_lab_index_new                (void);
void         wl_lab_index_free               (WlLabIndex      *self);

/* Before the object enters the container's store at position (clamped to
 * its length, as g_list_store_insert() would). */
void         wl_lab_index_insert             (WlLabIndex      *self,
                                              WlContainer      container,
                                              GObject         *object,
                                              guint            position);
/* Before the object leaves the store: its position, G_MAXUINT when it is
 * not in the container. */
guint        wl_lab_index_remove             (WlLabIndex      *self,
                                              WlContainer      container,
                                              GObject         *object);
gboolean     wl_lab_index_contains           (WlLabIndex      *self,
                                              WlContainer      container,
                                              gpointer         object);

/* By id (transfer none). */
gpointer     wl_lab_index_find               (WlLabIndex      *self,
                                              WlContainer      container,
                                              const char      *id);
WirelabNode *wl_lab_index_find_node_by_name  (WlLabIndex      *self,
                                              const char      *name);
WirelabLink *wl_lab_index_find_link_at       (WlLabIndex      *self,
                                              const char      *node_id,
                                              const char      *interface);
/* The links with an end on node_id, in container order; transfer
 * container. */
GPtrArray   *wl_lab_index_links_of           (WlLabIndex      *self,
                                              const char      *node_id);

/* From the node setters, after the value changed and before "notify". */
void         wl_lab_index_node_renamed       (WlLabIndex      *self,
                                              WirelabNode     *node,
                                              const char      *old_name);
void         wl_lab_index_node_instance_changed (WlLabIndex   *self,
                                                 WirelabNode  *node,
                                                 guint         old_id);

/* Any node but except (which may be outside the lab) has this id. */
gboolean     wl_lab_index_instance_id_taken  (WlLabIndex      *self,
                                              guint            id,
                                              WirelabNode     *except);
/* The lowest id no node but except has. */
guint        wl_lab_index_next_instance_id   (WlLabIndex      *self,
                                              WirelabNode     *except);
/* prefix + the lowest number no node is named with (R1, SW3 …). */
char        *wl_lab_index_dup_default_name   (WlLabIndex      *self,
                                              WirelabNodeKind  kind);

G_END_DECLS
