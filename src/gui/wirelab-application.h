/* wirelab-application.h
 *
 * Copyright 2026 The Wirelab authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * The application: every accelerator (one table), the user's hypervisors
 * and images (WirelabInventory), Preferences, the demo lab, files from the
 * command line.
 *
 * Command line: wirelab [--demo] [LAB.wirelab …].  Environment:
 * WIRELAB_SCREENSHOT=FILE.png saves a picture of the first window once it
 * is drawn and quits; with WIRELAB_SCREENSHOT_START=1 it first starts the
 * lab and waits for a router's console to show its prompt.
 *
 * Actions: app.preferences (opens on the Hypervisors page),
 * app.preferences-page(s page), app.demo, app.about, app.quit.
 */

#pragma once

#include <adwaita.h>

#include "wirelab-inventory.h"

G_BEGIN_DECLS

#define WIRELAB_TYPE_APPLICATION (wirelab_application_get_type ())

G_DECLARE_FINAL_TYPE (WirelabApplication, wirelab_application, WIRELAB, APPLICATION, AdwApplication)

WirelabApplication *wirelab_application_new               (void);
WirelabInventory   *wirelab_application_get_inventory     (WirelabApplication *self);

/* Whether an accelerator still acts while a console has the keyboard
 * focus: Ctrl+Shift ones and function keys do; Ctrl+Z, Ctrl+W, Delete …
 * go to the router (or the text entry) instead. */
gboolean            wirelab_application_accel_is_console_safe (guint           keyval,
                                                               GdkModifierType mods);

/* A fresh copy of the bundled demo lab (data/demo/) in the user's data
 * directory, opened in a window (the active one when it holds nothing). */
GtkWindow          *wirelab_application_open_demo         (WirelabApplication *self,
                                                           GError            **error);

G_END_DECLS
