/* wirelab-console-dock.h: the tabs of open consoles in the lab window
 *
 * Copyright 2026 The Wirelab authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * One tab per open console (WirelabConsole), titled with the node's name;
 * a spinner while it connects, an icon while its node is stopped.  A tab
 * can be detached to a window of its own (tab menu, dock.detach-tab, or
 * dragged out of the bar) and attached back; the dock keeps track of the
 * consoles in its detached windows too, so a node never has two.
 *
 * Actions: dock.detach-tab, dock.close-tab (the tab whose menu is open,
 * else the selected one).
 */

#pragma once

#include <adwaita.h>

#include "wirelab/wirelab-node.h"

#include "wirelab-console.h"

G_BEGIN_DECLS

#define WIRELAB_TYPE_CONSOLE_DOCK (wirelab_console_dock_get_type ())

G_DECLARE_FINAL_TYPE (WirelabConsoleDock, wirelab_console_dock, WIRELAB, CONSOLE_DOCK, GtkWidget)

GtkWidget      *wirelab_console_dock_new            (void);

/* The node's console: selected and focused if open (in the dock or a
 * detached window), else a new tab.  select FALSE opens it in the
 * background.  Transfer none. */
WirelabConsole *wirelab_console_dock_open           (WirelabConsoleDock *self,
                                                     WirelabNode        *node,
                                                     gboolean            select);
/* Transfer none, NULL when the node has no open console. */
WirelabConsole *wirelab_console_dock_find           (WirelabConsoleDock *self,
                                                     WirelabNode        *node);
void            wirelab_console_dock_close          (WirelabConsoleDock *self,
                                                     WirelabNode        *node);
void            wirelab_console_dock_close_all      (WirelabConsoleDock *self);
/* Open consoles, detached ones included. */
guint           wirelab_console_dock_get_n_consoles (WirelabConsoleDock *self);
/* The selected console of the dock itself, or NULL. */
WirelabConsole *wirelab_console_dock_get_selected   (WirelabConsoleDock *self);
AdwTabView     *wirelab_console_dock_get_tab_view   (WirelabConsoleDock *self);

/* Moves a console to a new window of its own / back into the dock. */
GtkWindow      *wirelab_console_dock_detach         (WirelabConsoleDock *self,
                                                     WirelabConsole     *console);
void            wirelab_console_dock_attach         (WirelabConsoleDock *self,
                                                     WirelabConsole     *console);

/* For WirelabConsoleWindow: follow the tabs of a detached window's view. */
void            wirelab_console_dock_adopt_view     (WirelabConsoleDock *self,
                                                     AdwTabView         *view);

G_END_DECLS
