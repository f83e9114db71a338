/* wl-placement.h: which hypervisor each node runs on
 *
 * Copyright 2026 The Wirelab authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#pragma once

#include "wirelab/wirelab-lab.h"

G_BEGIN_DECLS

typedef struct
{
  WirelabHypervisorConfig *config;
  gboolean                 available;     /* connected */
  gboolean                 this_machine;  /* its host is this machine (PCs) */
  guint                    limit_mb;      /* G_MAXUINT: unlimited */
  guint                    placed_mb;     /* RAM of routers already there */
  guint                    node_count;
} WlPlaceHv;

/* Places `nodes` (docs/project-format.md, "Placement"): those with a
 * hypervisor id are checked, the others get one.  `hvs` are the lab's
 * hypervisors in lab order; on success `out` maps each node to its WlPlaceHv
 * and the loads in `hvs` include the new nodes.  On failure (clear error:
 * WIRELAB_LAB_ERROR_NO_ROOM, _NOT_CONNECTED, _UNSUPPORTED) nothing in `hvs`
 * or `out` changes. */
gboolean wl_place_nodes (WirelabLab  *lab,
                         GPtrArray   *hvs,
                         GPtrArray   *nodes,
                         GHashTable  *out,
                         GError     **error);

G_END_DECLS
