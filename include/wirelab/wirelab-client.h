/* wirelab-client.h: asynchronous client of the Dynamips hypervisor protocol
 *
 * Copyright 2026 The Wirelab authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * CONTRACT (owner: src/protocol/).  The lab layer, the GUI, wirelab-cli and
 * wirelab-bench talk to every hypervisor (Wirelab's or a real Dynamips)
 * only through this client.  The owner may add functions; existing ones keep
 * their meaning.
 *
 * Everything completes on the thread-default main context of the caller of
 * wirelab_client_new(); nothing blocks it.  Commands are pipelined: several
 * may be in flight, and they complete in the order they were sent.
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* Errors the hypervisor answered: the code is the protocol's 2xx code (200..215)
 * and the message its text.  Transport problems use G_IO_ERROR
 * (G_IO_ERROR_TIMED_OUT, G_IO_ERROR_CONNECTION_CLOSED, G_IO_ERROR_NOT_CONNECTED,
 * G_IO_ERROR_CONNECTION_REFUSED …); a final line whose code is neither 1xx
 * nor 2xx is G_IO_ERROR_INVALID_DATA, and still ends its command's reply. */
#define WIRELAB_HV_ERROR (wirelab_hv_error_quark ())
GQuark wirelab_hv_error_quark (void);

/* A successful reply: the 101 lines and the text of the final 100 line. */
#define WIRELAB_TYPE_REPLY (wirelab_reply_get_type ())
typedef struct _WirelabReply WirelabReply;

GType               wirelab_reply_get_type  (void) G_GNUC_CONST;
WirelabReply       *wirelab_reply_ref       (WirelabReply *reply);
void                wirelab_reply_unref     (WirelabReply *reply);
/* "VM 'R1' created", "0.2.24-amd64", "20100" … */
const char         *wirelab_reply_get_text  (WirelabReply *reply);
/* The info lines, without "101 ", NULL-terminated. */
const char *const  *wirelab_reply_get_lines (WirelabReply *reply);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (WirelabReply, wirelab_reply_unref)

#define WIRELAB_TYPE_CLIENT (wirelab_client_get_type ())

G_DECLARE_FINAL_TYPE (WirelabClient, wirelab_client, WIRELAB, CLIENT, GObject)

WirelabClient *wirelab_client_new            (const char           *host,
                                              guint16               port);
const char    *wirelab_client_get_host       (WirelabClient        *self);
guint16        wirelab_client_get_port       (WirelabClient        *self);
/* Per-command timeout in ms (default 30000, as GNS3); 0 disables it.  It
 * runs while the command is the oldest unanswered one (and bounds connect).
 * Replies carry no ids, so a timeout closes the connection: the late command
 * fails with G_IO_ERROR_TIMED_OUT, the ones behind it with
 * G_IO_ERROR_CONNECTION_CLOSED, and "closed" is emitted. */
void           wirelab_client_set_timeout    (WirelabClient        *self,
                                              guint                 timeout_ms);
/* The "connected" property; "closed" is emitted once when an established
 * connection is lost (EOF, error, timeout), with the GError as argument. */
gboolean       wirelab_client_is_connected   (WirelabClient        *self);

void           wirelab_client_connect_async  (WirelabClient        *self,
                                              GCancellable         *cancellable,
                                              GAsyncReadyCallback   callback,
                                              gpointer              user_data);
gboolean       wirelab_client_connect_finish (WirelabClient        *self,
                                              GAsyncResult         *result,
                                              GError              **error);

/* Sends `module command args…`; every word is quoted as needed (the
 * protocol has no escapes: a word holding '"', CR or LF fails at once with
 * G_IO_ERROR_INVALID_ARGUMENT, and an empty word is an error too). */
void           wirelab_client_call_async     (WirelabClient        *self,
                                              const char *const    *words,
                                              GCancellable         *cancellable,
                                              GAsyncReadyCallback   callback,
                                              gpointer              user_data);
WirelabReply  *wirelab_client_call_finish    (WirelabClient        *self,
                                              GAsyncResult         *result,
                                              GError              **error);
/* Convenience: the words as NULL-terminated varargs. */
void           wirelab_client_callv_async    (WirelabClient        *self,
                                              GCancellable         *cancellable,
                                              GAsyncReadyCallback   callback,
                                              gpointer              user_data,
                                              const char           *module,
                                              const char           *command,
                                              ...) G_GNUC_NULL_TERMINATED;

/* Closes the connection; commands in flight fail with G_IO_ERROR_CANCELLED.
 * "closed" is not emitted for it.  connect_async may be called again. */
void           wirelab_client_close          (WirelabClient        *self);

/* The line (ending in LF) that sends `words`, quoted as the protocol needs;
 * NULL with G_IO_ERROR_INVALID_ARGUMENT for a word that cannot be sent.  For
 * tools that write command files; call_async uses it. */
char          *wirelab_client_build_command  (const char *const    *words,
                                              GError              **error);

G_END_DECLS
