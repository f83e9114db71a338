/* wirelab-status-panel.h: the bar at the bottom of the lab window
 *
 * Copyright 2026 The Wirelab authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * The lab's hypervisors (WirelabHypervisorIndicator each: connected or not,
 * memory placed against the limit, node count), how many nodes run, and
 * the progress of a longer operation such as "Start All".
 */

#pragma once

#include <gtk/gtk.h>

#include "wirelab/wirelab-lab.h"

G_BEGIN_DECLS

#define WIRELAB_TYPE_STATUS_PANEL (wirelab_status_panel_get_type ())

G_DECLARE_FINAL_TYPE (WirelabStatusPanel, wirelab_status_panel, WIRELAB, STATUS_PANEL, GtkWidget)

GtkWidget  *wirelab_status_panel_new          (void);
void        wirelab_status_panel_set_lab      (WirelabStatusPanel *self,
                                               WirelabLab         *lab);
/* text NULL hides the progress; fraction < 0 pulses. */
void        wirelab_status_panel_set_progress (WirelabStatusPanel *self,
                                               const char         *text,
                                               double              fraction);
/* "5 nodes, 2 running" as shown. */
const char *wirelab_status_panel_get_summary  (WirelabStatusPanel *self);

G_END_DECLS
