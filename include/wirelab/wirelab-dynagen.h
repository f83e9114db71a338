/* wirelab-dynagen.h: importing Dynagen `.net` topologies
 *
 * Copyright 2026 The Wirelab authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * Owner: src/lab/.  Reads the INI-style files of Dynagen (and GNS3 0.x):
 * `[host:port]` hypervisor sections (localhost / 127.0.0.1 become the local
 * hypervisor, other hosts remote ones with their udp/console/aux/workingdir),
 * per-model defaults (`[[7200]]`, `[[3640]]` …: image, ram, nvram, npe,
 * idlepc, slots), `[[ROUTER R1]]` (model, image, ram, nvram, console, mac,
 * idlepc, slotN, wicS/N, x, y, and connections such as `f0/0 = R2 f0/0`,
 * `s1/0 = F1 1`, `e0/0 = LAN 1`), `[[ETHSW S1]]` port lines
 * (`1 = access 1 R1 f0/1`, `2 = dot1q 1`, `3 = qinq 100`), `[[FRSW F1]]`
 * VCs (`1:102 = 2:201`).  Interface abbreviations are expanded (f0/0 is
 * FastEthernet0/0), adapters Dynagen would insert for a connection are
 * inserted, a `LAN n` becomes a hub LANn, routers stay on the hypervisor
 * whose section holds them.  What has no Wirelab equivalent (ATM switches,
 * raw NIO_ connections, Qemu/VirtualBox hosts) is left out with a warning.
 */

#pragma once

#include <gio/gio.h>

#include "wirelab-lab.h"

G_BEGIN_DECLS

/* A new lab (no file yet).  out_warnings (may be NULL): what was left out
 * or guessed, one message per entry, NULL-terminated. */
WirelabLab *wirelab_dynagen_import      (const char   *data,
                                         gssize        length,
                                         char       ***out_warnings,
                                         GError      **error);
WirelabLab *wirelab_dynagen_import_file (GFile        *file,
                                         char       ***out_warnings,
                                         GError      **error);

G_END_DECLS
