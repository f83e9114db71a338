/* wl-txn.h: a sequence of hypervisor commands that is undone on failure
 *
 * Copyright 2026 The Wirelab authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#pragma once

#include "wirelab/wirelab-client.h"

G_BEGIN_DECLS

typedef struct _WlTxn WlTxn;

/* A successful reply; may add steps (they run next when added from here).
 * FALSE with error set fails the transaction. */
typedef gboolean (*WlTxnReplyFunc) (WlTxn         *txn,
                                    WirelabReply  *reply,
                                    gpointer       data,
                                    GError       **error);
/* A failed command; TRUE when handled (e.g. a retry was added), FALSE to
 * fail the transaction with that error. */
typedef gboolean (*WlTxnErrorFunc) (WlTxn         *txn,
                                    const GError  *error,
                                    gpointer       data);
/* A step or an undo action run locally. */
typedef gboolean (*WlTxnFunc)      (WlTxn         *txn,
                                    gpointer       data,
                                    GError       **error);

WlTxn    *wl_txn_new            (GCancellable      *cancellable);
/* Appends `module command args…`; `undo` (NULL-terminated words or NULL)
 * is sent if a later step fails.  Callbacks may be NULL. */
void      wl_txn_call           (WlTxn             *txn,
                                 WirelabClient     *client,
                                 const char *const *words,
                                 const char *const *undo,
                                 WlTxnReplyFunc     on_reply,
                                 WlTxnErrorFunc     on_error,
                                 gpointer           data);
/* A local step in sequence. */
void      wl_txn_step           (WlTxn             *txn,
                                 WlTxnFunc          func,
                                 gpointer           data);
/* Registers, at this point of the sequence, what undoes something done
 * outside a command (ports, processes).  Its GError is ignored. */
void      wl_txn_undo_func      (WlTxn             *txn,
                                 WlTxnFunc          func,
                                 gpointer           data);
/* Frees `data` when the transaction ends, whatever the outcome. */
void      wl_txn_add_cleanup    (WlTxn             *txn,
                                 GDestroyNotify     destroy,
                                 gpointer           data);
/* Runs after every step succeeded, in order. */
void      wl_txn_on_commit      (WlTxn             *txn,
                                 WlTxnFunc          func,
                                 gpointer           data);
/* Runs everything; the transaction is freed when done.  The callback's
 * source object is NULL. */
void      wl_txn_run_async      (WlTxn             *txn,
                                 GAsyncReadyCallback callback,
                                 gpointer           user_data);
gboolean  wl_txn_run_finish     (GAsyncResult      *result,
                                 GError           **error);

/* Convenience for a NULL-terminated word list built on the stack. */
#define WL_WORDS(...) ((const char *const []) { __VA_ARGS__, NULL })

G_END_DECLS
