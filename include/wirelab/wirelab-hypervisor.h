/* wirelab-hypervisor.h: a Dynamips-compatible hypervisor (the server side)
 *
 * Copyright 2026 The Wirelab authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * CONTRACT (owner: src/protocol/).  The GUI embeds one of these in its own
 * process and talks to it over TCP like to any other hypervisor;
 * wirelab-hypervisor is a thin main() around it.
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define WIRELAB_TYPE_HYPERVISOR (wirelab_hypervisor_get_type ())

G_DECLARE_FINAL_TYPE (WirelabHypervisor, wirelab_hypervisor, WIRELAB, HYPERVISOR, GObject)

/* One object space (NIOs, switches, VMs, object store) with every module
 * registered.  Nothing listens yet. */
WirelabHypervisor *wirelab_hypervisor_new                      (void);

/* Relative paths in commands resolve against this directory; it is never the
 * process's cwd (two hypervisors in one process must not fight over it). */
void               wirelab_hypervisor_set_working_dir          (WirelabHypervisor *self,
                                                                const char        *dir);
const char        *wirelab_hypervisor_get_working_dir          (WirelabHypervisor *self);
void               wirelab_hypervisor_set_console_binding_addr (WirelabHypervisor *self,
                                                                const char        *addr);

/* Listens on address:port (port 0: any free port, returned in out_port).  The
 * server runs on its own thread and main context, so a busy caller (the GUI)
 * never delays it. */
gboolean           wirelab_hypervisor_listen                   (WirelabHypervisor *self,
                                                                const char        *address,
                                                                guint16            port,
                                                                guint16           *out_port,
                                                                GError           **error);

/* Closes every connection and listener and deletes every object, as
 * `hypervisor stop`.  Emits ::stopped on the caller's thread default context
 * (also when a client sent `hypervisor stop`). */
void               wirelab_hypervisor_shutdown                 (WirelabHypervisor *self);

G_END_DECLS
