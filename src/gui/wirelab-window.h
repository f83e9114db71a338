/* wirelab-window.h: the lab window
 *
 * Copyright 2026 The Wirelab authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * One lab per window: the device palette at the left, the canvas, the
 * console tabs below it (or at its right), the hypervisor status panel at
 * the bottom; the header bar holds the menu bar (File, Edit, View, Node,
 * Help) and the run tools.  The window runs its lab through a
 * WirelabSession (created with the lab, connected at once: the embedded
 * hypervisor starts in this process).
 *
 * Actions (win.*): new, open, open-recent(s uri), save, save-as, close,
 * undo, redo, select-all, delete, rename, zoom-in, zoom-out, zoom-reset,
 * zoom-fit, show-consoles, consoles-right, start, suspend, stop, reload,
 * console, console-all, start-all, suspend-all, stop-all, capture,
 * open-captures; group view.*: show-grid, snap-to-grid,
 * show-interface-labels, link-mode (the canvas's properties).  Accelerators
 * are set in WirelabApplication.
 */

#pragma once

#include <adwaita.h>

#include "wirelab/wirelab-lab.h"
#include "wirelab/wirelab-session.h"

#include "wirelab-application.h"
#include "wirelab-canvas.h"
#include "wirelab-console-dock.h"

G_BEGIN_DECLS

#define WIRELAB_TYPE_WINDOW (wirelab_window_get_type ())

G_DECLARE_FINAL_TYPE (WirelabWindow, wirelab_window, WIRELAB, WINDOW, AdwApplicationWindow)

/* A window with a new lab (the user's hypervisors and images). */
WirelabWindow      *wirelab_window_new              (WirelabApplication *application);

WirelabLab         *wirelab_window_get_lab          (WirelabWindow      *self);
/* Shows another lab (the old one's session shuts down, its consoles close).
 * Asks nothing: see wirelab_window_open_file() for the user's path. */
void                wirelab_window_set_lab          (WirelabWindow      *self,
                                                     WirelabLab         *lab);
/* Loads a .wirelab file into this window; FALSE with error (nothing
 * changed) when it cannot be read. */
gboolean            wirelab_window_load_file        (WirelabWindow      *self,
                                                     GFile              *file,
                                                     GError            **error);
/* TRUE for an untitled, unchanged lab without nodes (reusable for Open). */
gboolean            wirelab_window_is_pristine      (WirelabWindow      *self);
/* TRUE while any node of the lab is not stopped. */
gboolean            wirelab_window_is_running       (WirelabWindow      *self);

WirelabSession     *wirelab_window_get_session      (WirelabWindow      *self);
WirelabCanvas      *wirelab_window_get_canvas       (WirelabWindow      *self);
WirelabConsoleDock *wirelab_window_get_console_dock (WirelabWindow      *self);
/* A toast in the window. */
void                wirelab_window_toast            (WirelabWindow      *self,
                                                     const char         *message);

/* Takes the toast. */
void                wirelab_window_add_toast        (WirelabWindow      *self,
                                                     AdwToast           *toast);

/* For tests and scripted runs: the next win.open or win.save-as takes this
 * file instead of asking with a file chooser. */
void                wirelab_window_set_next_file    (WirelabWindow      *self,
                                                     GFile              *file);

G_END_DECLS
