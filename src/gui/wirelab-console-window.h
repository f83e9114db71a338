/* wirelab-console-window.h: consoles detached from the lab window
 *
 * Copyright 2026 The Wirelab authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * Tabs of consoles in a window of their own (a second screen, side by side
 * with the canvas).  console-window.attach moves them all back into the
 * dock they came from; the window closes when its last tab goes.
 */

#pragma once

#include <adwaita.h>

#include "wirelab-console-dock.h"

G_BEGIN_DECLS

#define WIRELAB_TYPE_CONSOLE_WINDOW (wirelab_console_window_get_type ())

G_DECLARE_FINAL_TYPE (WirelabConsoleWindow, wirelab_console_window, WIRELAB, CONSOLE_WINDOW, AdwWindow)

WirelabConsoleWindow *wirelab_console_window_new          (WirelabConsoleDock   *dock);
AdwTabView           *wirelab_console_window_get_tab_view (WirelabConsoleWindow *self);

G_END_DECLS
