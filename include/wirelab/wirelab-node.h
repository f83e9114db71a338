/* wirelab-node.h: a node on the canvas (router, switch, hub, FR switch, PC)
 *
 * Copyright 2026 The Wirelab authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * Owner: src/lab/.
 *
 * Saved properties (undoable while the node is in a lab): name, x, y,
 * image-id, ram, nvram, slots, wics, mac, hypervisor-id, instance-id,
 * console, aux, switch-ports, port-count, vcs, startup-script.
 * Construct-only: id, kind.
 * Read-only, derived: interfaces (notified whenever it may have changed).
 * Runtime (read-only, never saved, set by a WirelabSession): status,
 * status-message, console-host, deployed.
 *
 * Interface names: routers as docs/board.md (FastEthernet0/0, Ethernet1/0 …,
 * from the platform and the cards in the slots), Ethernet switch ports "1",
 * "2" … (the keys of the port table), hub and Frame Relay switch ports "1" …
 * port-count, a VPCS PC has one interface "e0".
 */

#pragma once

#include <glib-object.h>

#include "wirelab-lab-types.h"

G_BEGIN_DECLS

/* Canvas coordinates a project holds lie within ±this. */
#define WIRELAB_POSITION_MAX 1e9

#define WIRELAB_TYPE_NODE (wirelab_node_get_type ())

G_DECLARE_FINAL_TYPE (WirelabNode, wirelab_node, WIRELAB, NODE, GObject)

/* A new node with the kind's defaults: an Ethernet switch gets ports 1-8 in
 * access VLAN 1, hubs and FR switches 8 ports.  id NULL makes a UUID.  Name
 * and instance id are given by wirelab_lab_add_node() when empty/0. */
WirelabNode       *wirelab_node_new                 (WirelabNodeKind       kind,
                                                     const char           *id);

const char        *wirelab_node_get_id              (WirelabNode          *self);
WirelabNodeKind    wirelab_node_get_kind            (WirelabNode          *self);

const char        *wirelab_node_get_name            (WirelabNode          *self);
void               wirelab_node_set_name            (WirelabNode          *self,
                                                     const char           *name);
double             wirelab_node_get_x               (WirelabNode          *self);
double             wirelab_node_get_y               (WirelabNode          *self);
/* Sets x and y with one notification batch: consecutive moves merge into one
 * undo step (see WirelabHistory). */
void               wirelab_node_set_position        (WirelabNode          *self,
                                                     double                x,
                                                     double                y);

/* Routers. */
const char        *wirelab_node_get_image_id        (WirelabNode          *self);
void               wirelab_node_set_image_id        (WirelabNode          *self,
                                                     const char           *image_id);
/* 0 = the image's value. */
guint              wirelab_node_get_ram             (WirelabNode          *self);
void               wirelab_node_set_ram             (WirelabNode          *self,
                                                     guint                 ram_mb);
guint              wirelab_node_get_nvram           (WirelabNode          *self);
void               wirelab_node_set_nvram           (WirelabNode          *self,
                                                     guint                 nvram_kb);
/* NULL = the image's cards. */
const char *const *wirelab_node_get_slots           (WirelabNode          *self);
void               wirelab_node_set_slots           (WirelabNode          *self,
                                                     const char *const    *slots);
const char *const *wirelab_node_get_wics            (WirelabNode          *self);
void               wirelab_node_set_wics            (WirelabNode          *self,
                                                     const char *const    *wics);
/* "" = the hypervisor's default (read back after create and saved). */
const char        *wirelab_node_get_mac             (WirelabNode          *self);
void               wirelab_node_set_mac             (WirelabNode          *self,
                                                     const char           *mac);
/* The RAM this router counts for placement: its own, else its image's, else
 * the platform default.  Needs the node to be in a lab. */
guint              wirelab_node_get_effective_ram   (WirelabNode          *self);

/* Placement: the hypervisor id the node runs on ("" = not placed yet; the
 * session places it and saves it here). */
const char        *wirelab_node_get_hypervisor_id   (WirelabNode          *self);
void               wirelab_node_set_hypervisor_id   (WirelabNode          *self,
                                                     const char           *hypervisor_id);
/* Unique in the lab, given when the node is added (routers and PCs). */
guint              wirelab_node_get_instance_id     (WirelabNode          *self);
void               wirelab_node_set_instance_id     (WirelabNode          *self,
                                                     guint                 instance_id);
/* Console TCP port: 0 = not allocated yet; the session sets it to the
 * hypervisor's base console + instance id at the first start and it stays
 * (saved).  The user may pin another value. */
guint              wirelab_node_get_console         (WirelabNode          *self);
void               wirelab_node_set_console         (WirelabNode          *self,
                                                     guint                 port);
guint              wirelab_node_get_aux             (WirelabNode          *self);
void               wirelab_node_set_aux             (WirelabNode          *self,
                                                     guint                 port);

/* Ethernet switch port table, property "switch-ports": a GVariant of type
 * a(uuuu) = (port, WirelabPortMode, vlan, ethertype) sorted by port. */
GVariant          *wirelab_node_get_switch_ports    (WirelabNode          *self);
gboolean           wirelab_node_get_switch_port     (WirelabNode          *self,
                                                     guint                 port,
                                                     WirelabPortMode      *out_mode,
                                                     guint                *out_vlan,
                                                     guint                *out_ethertype);
/* Adds or changes a port (1-64; vlan 1-4094; ethertype for QinQ, 0 = 0x8100). */
void               wirelab_node_set_switch_port     (WirelabNode          *self,
                                                     guint                 port,
                                                     WirelabPortMode       mode,
                                                     guint                 vlan,
                                                     guint                 ethertype);
void               wirelab_node_remove_switch_port  (WirelabNode          *self,
                                                     guint                 port);

/* Hub and Frame Relay switch: ports 1..port-count. */
guint              wirelab_node_get_port_count      (WirelabNode          *self);
void               wirelab_node_set_port_count      (WirelabNode          *self,
                                                     guint                 count);
/* Frame Relay switch, property "vcs": a(uuuu) = (port, dlci, port, dlci),
 * each entry a two-way PVC (two one-way `frsw create_vc`). */
GVariant          *wirelab_node_get_vcs             (WirelabNode          *self);
void               wirelab_node_add_vc              (WirelabNode          *self,
                                                     guint                 in_port,
                                                     guint                 in_dlci,
                                                     guint                 out_port,
                                                     guint                 out_dlci);
void               wirelab_node_remove_vc           (WirelabNode          *self,
                                                     guint                 in_port,
                                                     guint                 in_dlci);

/* VPCS: commands run when the PC starts (startup.vpc), e.g.
 * "ip 10.0.0.1/24 10.0.0.254". */
const char        *wirelab_node_get_startup_script  (WirelabNode          *self);
void               wirelab_node_set_startup_script  (WirelabNode          *self,
                                                     const char           *script);

/* Interface names (see above), NULL-terminated, free with g_strfreev. */
char             **wirelab_node_dup_interfaces      (WirelabNode          *self);
gboolean           wirelab_node_has_interface       (WirelabNode          *self,
                                                     const char           *name);

/* Runtime. */
WirelabNodeStatus  wirelab_node_get_status          (WirelabNode          *self);
/* The last error or progress text of this node ("" when none). */
const char        *wirelab_node_get_status_message  (WirelabNode          *self);
/* Where the console listens (the hypervisor's host, "127.0.0.1" for a PC);
 * NULL while not deployed.  Telnet to console-host:console. */
const char        *wirelab_node_get_console_host    (WirelabNode          *self);
/* The node exists on its hypervisor (or, for a PC, has its ports). */
gboolean           wirelab_node_get_deployed        (WirelabNode          *self);

G_END_DECLS
