/* wl-console.h: a VM's telnet console server (spec section 10)
 *
 * Copyright 2026 The Wirelab authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * All consoles of the process share one thread with its own main context;
 * sockets are touched only there.  Output may come from any thread.
 */

#pragma once

#include <gio/gio.h>
#include <stdint.h>

G_BEGIN_DECLS

typedef struct wl_console wl_console_t;

#define WL_CONSOLE_HISTORY 4096

/* Bytes typed by the clients, after telnet processing (console thread).
 * Returns FALSE to stop reading the clients' sockets (TCP then holds their
 * input back) until wl_console_resume_input(). */
typedef gboolean (*wl_console_input_func) (void          *opaque,
                                           const uint8_t *data,
                                           size_t         len);
/* The VM status (spec 12.2) shown in the not-running warning. */
typedef int  (*wl_console_status_func) (void *opaque);

wl_console_t *wl_console_new     (const char            *vm_name,
                                  guint                  instance_id,
                                  const char            *platform,
                                  gboolean               aux,
                                  wl_console_input_func  input,
                                  wl_console_status_func status,
                                  void                  *opaque);
/* Binds and listens now; fails when the port is taken. */
gboolean      wl_console_listen  (wl_console_t *console,
                                  const char   *address,
                                  guint16       port,
                                  GError      **error);
/* Output of the VM to every client (and the replay history); any thread. */
void          wl_console_output  (wl_console_t  *console,
                                  const uint8_t *data,
                                  size_t         len);
guint         wl_console_n_clients (wl_console_t *console);
/* Reads the clients again after input returned FALSE; any thread. */
void          wl_console_resume_input (wl_console_t *console);
/* The port listened on (useful after listening on port 0). */
guint16       wl_console_get_port  (wl_console_t *console);
/* Closes the listener and every client; when it returns no callback runs.
 * Must not be called from an input callback. */
void          wl_console_free    (wl_console_t *console);

G_END_DECLS
