/* wirelab-telnet.h: the client side of a telnet console, without I/O
 *
 * Copyright 2026 The Wirelab authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * Owner: the GUI area (src/common/wl-telnet.c).  GLib only: the console
 * terminal of the GUI feeds it the bytes of its socket and sends what it
 * returns; the unit tests feed it byte vectors.
 *
 * What it does (RFC 854/855/857/858/1073/1091/1143):
 * - strips every command from the received stream (IAC sequences and
 *   subnegotiations, also when split across reads); IAC IAC is a 0xFF byte;
 *   CR NUL becomes CR outside BINARY;
 * - answers option negotiation with the Q method (it only ever answers, and
 *   only when an option's state changes, so two peers never loop):
 *   WILL ECHO/SGA/BINARY -> DO, any other WILL -> DONT;
 *   DO BINARY/SGA/NAWS/TTYPE -> WILL, any other DO -> WONT;
 *   WONT/DONT of an enabled option -> DONT/WONT;
 * - NAWS: the window size is sent when NAWS gets enabled and again whenever
 *   it changes; TTYPE: SB TTYPE SEND is answered with the terminal type;
 * - outgoing bytes: 0xFF is doubled, CR becomes CR NUL (CR LF stays) unless
 *   we send in BINARY mode;
 * - local echo: while the peer does not echo (no WILL ECHO accepted), what
 *   the user types is returned for the terminal to show.
 */

#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define WIRELAB_TELNET_IAC   255
#define WIRELAB_TELNET_DONT  254
#define WIRELAB_TELNET_DO    253
#define WIRELAB_TELNET_WONT  252
#define WIRELAB_TELNET_WILL  251
#define WIRELAB_TELNET_SB    250
#define WIRELAB_TELNET_GA    249
#define WIRELAB_TELNET_NOP   241
#define WIRELAB_TELNET_SE    240

#define WIRELAB_TELNET_OPT_BINARY   0
#define WIRELAB_TELNET_OPT_ECHO     1
#define WIRELAB_TELNET_OPT_SGA      3
#define WIRELAB_TELNET_OPT_TTYPE   24
#define WIRELAB_TELNET_OPT_NAWS    31
#define WIRELAB_TELNET_OPT_LINEMODE 34

#define WIRELAB_TYPE_TELNET (wirelab_telnet_get_type ())

G_DECLARE_FINAL_TYPE (WirelabTelnet, wirelab_telnet, WIRELAB, TELNET, GObject)

WirelabTelnet *wirelab_telnet_new               (void);

/* Forget the connection's state (call it for every new connection); the
 * terminal type and window size are kept. */
void           wirelab_telnet_reset             (WirelabTelnet *self);

/* Answered to SB TTYPE SEND (default "XTERM-256COLOR"); printable ASCII,
 * at most 40 characters. */
void           wirelab_telnet_set_terminal_type (WirelabTelnet *self,
                                                 const char    *terminal_type);

/* Bytes received from the peer.  The data for the terminal is appended to
 * `text`, the answers to send back to the peer to `reply`. */
void           wirelab_telnet_receive           (WirelabTelnet *self,
                                                 const guint8  *data,
                                                 gsize          length,
                                                 GByteArray    *text,
                                                 GByteArray    *reply);

/* Bytes the user typed.  The bytes to send are appended to `wire`; when the
 * peer does not echo and `echo` is not NULL, what the terminal should show
 * is appended to `echo` (CR as CR LF, backspace as "\b \b"). */
void           wirelab_telnet_send              (WirelabTelnet *self,
                                                 const guint8  *data,
                                                 gsize          length,
                                                 GByteArray    *wire,
                                                 GByteArray    *echo);

/* The terminal's size in cells.  When NAWS is enabled and the size differs
 * from the one last sent, the subnegotiation is appended to `wire`. */
void           wirelab_telnet_set_window_size   (WirelabTelnet *self,
                                                 guint16        columns,
                                                 guint16        rows,
                                                 GByteArray    *wire);

/* TRUE while the peer echoes what we send (it said WILL ECHO). */
gboolean       wirelab_telnet_get_remote_echo   (WirelabTelnet *self);
/* Whether an option is enabled on our side (WILL accepted by the peer's DO)
 * or on the peer's side (its WILL accepted). */
gboolean       wirelab_telnet_get_local_option  (WirelabTelnet *self,
                                                 guint8         option);
gboolean       wirelab_telnet_get_remote_option (WirelabTelnet *self,
                                                 guint8         option);

G_END_DECLS
