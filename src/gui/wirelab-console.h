/* wirelab-console.h: one node's console (the content of a console tab)
 *
 * Copyright 2026 The Wirelab authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * A WirelabTerminal with its scrollbar, following a node: it connects to the
 * node's console (console-host:console) while the node is starting or
 * running, and again after it restarts; while the node is stopped it says so
 * and waits.  Font and scrollback follow the settings.
 */

#pragma once

#include <gtk/gtk.h>

#include "wirelab/wirelab-node.h"

#include "wirelab-terminal.h"

G_BEGIN_DECLS

typedef enum
{
  WIRELAB_CONSOLE_STOPPED,      /* the node is not running: waiting for it */
  WIRELAB_CONSOLE_CONNECTING,
  WIRELAB_CONSOLE_CONNECTED,
} WirelabConsoleState;

#define WIRELAB_TYPE_CONSOLE (wirelab_console_get_type ())

G_DECLARE_FINAL_TYPE (WirelabConsole, wirelab_console, WIRELAB, CONSOLE, GtkWidget)

WirelabConsole      *wirelab_console_new          (WirelabNode    *node);
WirelabNode         *wirelab_console_get_node     (WirelabConsole *self);
WirelabTerminal     *wirelab_console_get_terminal (WirelabConsole *self);
WirelabConsoleState  wirelab_console_get_state    (WirelabConsole *self);
/* "R1 — 127.0.0.1:2101", for tooltips. */
char                *wirelab_console_dup_description (WirelabConsole *self);

G_END_DECLS
