/* wirelab-hypervisor-indicator.h: one hypervisor in the status panel
 *
 * Copyright 2026 The Wirelab authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * A dot (connected or not), the hypervisor's name, the memory its routers
 * take against its limit as a level bar, and its node count; the tooltip
 * tells the last connection problem or the version.  Follows the runtime
 * properties a WirelabSession sets on the config.
 */

#pragma once

#include <gtk/gtk.h>

#include "wirelab/wirelab-hypervisor-config.h"

G_BEGIN_DECLS

#define WIRELAB_TYPE_HYPERVISOR_INDICATOR (wirelab_hypervisor_indicator_get_type ())

G_DECLARE_FINAL_TYPE (WirelabHypervisorIndicator, wirelab_hypervisor_indicator,
                      WIRELAB, HYPERVISOR_INDICATOR, GtkWidget)

GtkWidget               *wirelab_hypervisor_indicator_new            (WirelabHypervisorConfig    *config);
WirelabHypervisorConfig *wirelab_hypervisor_indicator_get_hypervisor (WirelabHypervisorIndicator *self);

G_END_DECLS
