/* wirelab-hypervisor-config.h: one hypervisor a lab can place nodes on
 *
 * Copyright 2026 The Wirelab authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * Owner: src/lab/.
 *
 * Saved properties (undoable when the object is in a lab): name, host, port,
 * working-dir, base-udp, base-console, base-aux, memory-limit-mb.
 *
 * The hypervisor with id "local" (WIRELAB_HYPERVISOR_LOCAL_ID) is the one
 * embedded in the application: every lab has it and it cannot be removed.
 * With port 0 the session starts it in-process on 127.0.0.1 (any free port);
 * with a port set, the session connects to a hypervisor already listening
 * there instead (wirelab-cli --hypervisor local=HOST:PORT, tests).
 *
 * Read-only: id, local, display-name.
 * Runtime properties (read-only, never saved, set by a WirelabSession):
 * connected, placed-ram-mb, node-count, effective-memory-limit-mb,
 * status-message.
 */

#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define WIRELAB_HYPERVISOR_LOCAL_ID "local"

#define WIRELAB_TYPE_HYPERVISOR_CONFIG (wirelab_hypervisor_config_get_type ())

G_DECLARE_FINAL_TYPE (WirelabHypervisorConfig, wirelab_hypervisor_config,
                      WIRELAB, HYPERVISOR_CONFIG, GObject)

/* id: unique in the lab ("local" for the embedded one); NULL makes a UUID.
 * Defaults: port 7200, base-udp 10000, base-console 2100, base-aux 0 (no AUX
 * ports), memory-limit-mb 0.  For "local": host 127.0.0.1, port 0. */
WirelabHypervisorConfig *wirelab_hypervisor_config_new (const char *id,
                                                        const char *host,
                                                        guint16     port);

const char *wirelab_hypervisor_config_get_id              (WirelabHypervisorConfig *self);
/* TRUE for the "local" one. */
gboolean    wirelab_hypervisor_config_is_local            (WirelabHypervisorConfig *self);

/* The user's name for it ("" = none). */
const char *wirelab_hypervisor_config_get_name            (WirelabHypervisorConfig *self);
void        wirelab_hypervisor_config_set_name            (WirelabHypervisorConfig *self,
                                                           const char              *name);
/* "display-name" (read-only): the name, else "Local" or "HOST:PORT". */
const char *wirelab_hypervisor_config_get_display_name    (WirelabHypervisorConfig *self);
/* As the user typed it: it is also the remote address every peer NIO is
 * given, so a remote peer needs a name or address it can reach. */
const char *wirelab_hypervisor_config_get_host            (WirelabHypervisorConfig *self);
void        wirelab_hypervisor_config_set_host            (WirelabHypervisorConfig *self,
                                                           const char              *host);
guint16     wirelab_hypervisor_config_get_port            (WirelabHypervisorConfig *self);
void        wirelab_hypervisor_config_set_port            (WirelabHypervisorConfig *self,
                                                           guint16                  port);
/* Sent as `hypervisor working_dir`; NULL/"" leaves the hypervisor's own one
 * (for a hypervisor on this host: the project's working/ directory). */
const char *wirelab_hypervisor_config_get_working_dir     (WirelabHypervisorConfig *self);
void        wirelab_hypervisor_config_set_working_dir     (WirelabHypervisorConfig *self,
                                                           const char              *dir);
/* The first UDP port tried for NIOs on this hypervisor.  Ports are shared
 * per host: two hypervisors on one host never get the same port. */
guint16     wirelab_hypervisor_config_get_base_udp        (WirelabHypervisorConfig *self);
void        wirelab_hypervisor_config_set_base_udp        (WirelabHypervisorConfig *self,
                                                           guint16                  port);
/* Console TCP port of a node = base-console + its instance id. */
guint16     wirelab_hypervisor_config_get_base_console    (WirelabHypervisorConfig *self);
void        wirelab_hypervisor_config_set_base_console    (WirelabHypervisorConfig *self,
                                                           guint16                  port);
/* AUX port = base-aux + instance id; 0: no AUX ports. */
guint16     wirelab_hypervisor_config_get_base_aux        (WirelabHypervisorConfig *self);
void        wirelab_hypervisor_config_set_base_aux        (WirelabHypervisorConfig *self,
                                                           guint16                  port);
/* Sum of router RAM allowed here.  0: "local" derives it from the host's
 * available memory (see effective-memory-limit-mb); others are unlimited. */
guint       wirelab_hypervisor_config_get_memory_limit_mb (WirelabHypervisorConfig *self);
void        wirelab_hypervisor_config_set_memory_limit_mb (WirelabHypervisorConfig *self,
                                                           guint                    limit_mb);

/* Runtime state. */
gboolean    wirelab_hypervisor_config_get_connected                 (WirelabHypervisorConfig *self);
guint       wirelab_hypervisor_config_get_placed_ram_mb             (WirelabHypervisorConfig *self);
guint       wirelab_hypervisor_config_get_node_count                (WirelabHypervisorConfig *self);
/* The limit placement uses: memory-limit-mb, or for "local" with 0 the
 * host's MemAvailable at connection time; G_MAXUINT means unlimited. */
guint       wirelab_hypervisor_config_get_effective_memory_limit_mb (WirelabHypervisorConfig *self);
/* Last connection problem or version ("" when nothing to say). */
const char *wirelab_hypervisor_config_get_status_message            (WirelabHypervisorConfig *self);

G_END_DECLS
