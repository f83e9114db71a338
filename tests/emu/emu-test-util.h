/* emu-test-util.h: helpers for the board/vm tests (real hypervisor, consoles)
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#pragma once

#include <glib.h>

#include "hv-test-util.h"

/* A TCP port on 127.0.0.1 that nothing listens on right now. */
guint16   emu_tcp_free_port    (void);
/* TRUE when a listener can bind 127.0.0.1:port (the port is free). */
gboolean  emu_tcp_port_free    (guint16 port);
/* Connects to a console; NULL-free (asserts). */
int       emu_console_connect  (guint16 port);
/* Reads until `needle` arrives (asserts within 20 s); appends to `buf`. */
void      emu_read_until       (int         fd,
                                GString    *buf,
                                const char *needle);
/* Sends the command and asserts the reply starts with `prefix`. */
char     *emu_cmd_expect       (int         fd,
                                const char *prefix,
                                const char *format,
                                ...) G_GNUC_PRINTF (3, 4);
/* Polls `vm get_status` until it answers `status` (asserts within 20 s). */
void      emu_wait_status      (int         fd,
                                const char *vm,
                                int         status);
/* Path of a built test image (tests/images/NAME). */
char     *emu_image            (const char *name);
