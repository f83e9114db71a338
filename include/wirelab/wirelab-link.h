/* wirelab-link.h: a cable between two named interfaces
 *
 * Copyright 2026 The Wirelab authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * Owner: src/lab/.
 *
 * Construct-only: id, node-a, interface-a, node-b, interface-b (node ids and
 * interface names as WirelabNode lists them).
 * Saved properties (undoable while in a lab): suspended and the filters
 * freq-drop, packet-loss, delay, jitter, corrupt.  A running session applies
 * changes at once (`nio bind_filter` / `setup_filter`, on one end).
 * Runtime (read-only, never saved): capturing, capture-path, deployed.
 */

#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define WIRELAB_TYPE_LINK (wirelab_link_get_type ())

G_DECLARE_FINAL_TYPE (WirelabLink, wirelab_link, WIRELAB, LINK, GObject)

/* id NULL makes a UUID.  Checking that the ends exist and are free is
 * wirelab_lab_add_link()'s job. */
WirelabLink *wirelab_link_new                (const char  *id,
                                              const char  *node_a,
                                              const char  *interface_a,
                                              const char  *node_b,
                                              const char  *interface_b);

const char  *wirelab_link_get_id             (WirelabLink *self);
/* end 0 is a, 1 is b */
const char  *wirelab_link_get_node_id        (WirelabLink *self,
                                              guint        end);
const char  *wirelab_link_get_interface      (WirelabLink *self,
                                              guint        end);
/* The end (0/1) on that node and interface, or -1. */
int          wirelab_link_find_end           (WirelabLink *self,
                                              const char  *node_id,
                                              const char  *interface);

/* Suspended links pass no traffic (freq_drop -1 while suspended). */
gboolean     wirelab_link_get_suspended      (WirelabLink *self);
void         wirelab_link_set_suspended      (WirelabLink *self,
                                              gboolean     suspended);
/* Dynamips freq_drop: 0 off, -1 drop everything, n > 0 drop every n-th. */
int          wirelab_link_get_freq_drop      (WirelabLink *self);
void         wirelab_link_set_freq_drop      (WirelabLink *self,
                                              int          n);
/* Percent of frames lost / corrupted, delay and jitter in ms (0 = off).
 * Needs a hypervisor with those filters; Dynamips only has freq_drop. */
guint        wirelab_link_get_packet_loss    (WirelabLink *self);
void         wirelab_link_set_packet_loss    (WirelabLink *self,
                                              guint        percent);
guint        wirelab_link_get_delay          (WirelabLink *self);
void         wirelab_link_set_delay          (WirelabLink *self,
                                              guint        delay_ms);
guint        wirelab_link_get_jitter         (WirelabLink *self);
void         wirelab_link_set_jitter         (WirelabLink *self,
                                              guint        jitter_ms);
guint        wirelab_link_get_corrupt        (WirelabLink *self);
void         wirelab_link_set_corrupt        (WirelabLink *self,
                                              guint        percent);
/* TRUE when any filter is set. */
gboolean     wirelab_link_has_filters        (WirelabLink *self);

/* Runtime. */
gboolean     wirelab_link_get_capturing      (WirelabLink *self);
/* The pcap file being written (on the capturing hypervisor's host). */
const char  *wirelab_link_get_capture_path   (WirelabLink *self);
gboolean     wirelab_link_get_deployed       (WirelabLink *self);

G_END_DECLS
