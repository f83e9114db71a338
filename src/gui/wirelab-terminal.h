/* wirelab-terminal.h: a VteTerminal on a telnet console port
 *
 * Copyright 2026 The Wirelab authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * No PTY and no external program: a GSocketClient connection on the main
 * loop, the telnet codec of libwirelab in between (wirelab-telnet.h), what
 * the user types (VteTerminal::commit) encoded and sent, NAWS sent again
 * whenever the widget's size in cells changes.
 *
 * While a target is set (wirelab_terminal_connect()), the terminal stays
 * connected to it: a refused connection (the console is not listening yet)
 * or a closed one (the router reloaded) is retried with a growing delay,
 * until wirelab_terminal_disconnect().
 *
 * Actions: term.copy, term.paste (Ctrl+Shift+C/V, so Ctrl+C reaches the
 * router), term.select-all.
 */

#pragma once

#include <vte/vte.h>

G_BEGIN_DECLS

typedef enum
{
  WIRELAB_TERMINAL_DISCONNECTED,   /* no target */
  WIRELAB_TERMINAL_CONNECTING,     /* connecting, or waiting to retry */
  WIRELAB_TERMINAL_CONNECTED,
} WirelabTerminalState;

#define WIRELAB_TYPE_TERMINAL (wirelab_terminal_get_type ())

G_DECLARE_FINAL_TYPE (WirelabTerminal, wirelab_terminal, WIRELAB, TERMINAL, VteTerminal)

WirelabTerminal      *wirelab_terminal_new            (void);

/* Sets the target and connects (a new target drops the old connection). */
void                  wirelab_terminal_connect        (WirelabTerminal *self,
                                                       const char      *host,
                                                       guint16          port);
void                  wirelab_terminal_disconnect     (WirelabTerminal *self);

WirelabTerminalState  wirelab_terminal_get_state      (WirelabTerminal *self);
const char           *wirelab_terminal_get_host       (WirelabTerminal *self);
guint16               wirelab_terminal_get_port       (WirelabTerminal *self);
/* The last connection problem ("" when none). */
const char           *wirelab_terminal_get_error      (WirelabTerminal *self);

/* Shows a dim line of Wirelab's own ("[Connection closed]") on a line of
 * its own. */
void                  wirelab_terminal_show_notice    (WirelabTerminal *self,
                                                       const char      *text);

/* Sends bytes as if typed (used by "paste" and tests; VTE's own
 * vte_terminal_feed_child() does the same through ::commit). */
void                  wirelab_terminal_send           (WirelabTerminal *self,
                                                       const char      *data,
                                                       gssize           length);

G_END_DECLS
