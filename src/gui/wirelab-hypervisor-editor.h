/* wirelab-hypervisor-editor.h: add or edit one hypervisor
 *
 * Copyright 2026 The Wirelab authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * A modal window: name, host (DNS name or IP address), port, base console,
 * UDP and AUX ports, memory limit, working directory, and a Test button that
 * connects with WirelabClient and shows the `hypervisor version` reply or
 * the error.  editor.save adds the hypervisor to the inventory (or changes
 * the edited one) and closes; window.close cancels.
 */

#pragma once

#include <adwaita.h>

#include "wirelab-inventory.h"

G_BEGIN_DECLS

#define WIRELAB_TYPE_HYPERVISOR_EDITOR (wirelab_hypervisor_editor_get_type ())

G_DECLARE_FINAL_TYPE (WirelabHypervisorEditor, wirelab_hypervisor_editor,
                      WIRELAB, HYPERVISOR_EDITOR, AdwWindow)

/* config NULL: a new hypervisor. */
WirelabHypervisorEditor *wirelab_hypervisor_editor_new            (WirelabInventory        *inventory,
                                                                   WirelabHypervisorConfig *config);
/* The edited hypervisor (a new one once saved), or NULL. */
WirelabHypervisorConfig *wirelab_hypervisor_editor_get_hypervisor (WirelabHypervisorEditor *self);
/* The Test row's text: "" before a test, then the version or the error. */
const char              *wirelab_hypervisor_editor_get_test_result (WirelabHypervisorEditor *self);

G_END_DECLS
