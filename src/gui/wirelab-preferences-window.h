/* wirelab-preferences-window.h: Edit → Preferences
 *
 * Copyright 2026 The Wirelab authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * Pages "general" (start delay, autosave, console font …, bound to
 * GSettings), "hypervisors" and "images" (the WirelabInventory: add, edit,
 * remove; edits go through WirelabHypervisorEditor / WirelabImageEditor).
 *
 * Actions: prefs.add-hypervisor, prefs.edit-hypervisor(s id),
 * prefs.remove-hypervisor(s id), prefs.add-image, prefs.edit-image(s id),
 * prefs.remove-image(s id).
 */

#pragma once

#include <adwaita.h>

#include "wirelab-inventory.h"

G_BEGIN_DECLS

#define WIRELAB_TYPE_PREFERENCES_WINDOW (wirelab_preferences_window_get_type ())

G_DECLARE_FINAL_TYPE (WirelabPreferencesWindow, wirelab_preferences_window,
                      WIRELAB, PREFERENCES_WINDOW, AdwPreferencesWindow)

/* Opens on the page named `page` ("general", "hypervisors", "images"). */
WirelabPreferencesWindow *wirelab_preferences_window_new           (WirelabInventory         *inventory,
                                                                    const char               *page);
WirelabInventory         *wirelab_preferences_window_get_inventory (WirelabPreferencesWindow *self);

G_END_DECLS
