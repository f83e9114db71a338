/* hv-private.h: internals shared by the hypervisor's protocol files
 *
 * Copyright 2026 The Wirelab authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * Not a contract: only src/protocol (and the net modules' sandbox check, and
 * tests) use this.
 */

#pragma once

#include "hv-module.h"

G_BEGIN_DECLS

typedef struct _WlHvConn WlHvConn;

/* What the connection does once the final line is out. */
typedef enum
{
  WL_HV_AFTER_NOTHING,
  WL_HV_AFTER_CLOSE,    /* hypervisor close */
  WL_HV_AFTER_STOP,     /* hypervisor stop */
} WlHvAfter;

struct _WlHvReply
{
  WirelabHypervisor *hv;
  WlHvConn          *conn;       /* owned ref; NULL for in-process dispatch */
  GString           *out;        /* the reply's lines, CRLF-terminated */
  guint              code;       /* final code, 0 until done */
  gboolean           done;
  gboolean           deferred;
  WlHvAfter          after;
};

/* Replies (hv-reply.c). */
WlHvReply  *wl_hv_reply_new               (WirelabHypervisor *hv,
                                           WlHvConn          *conn);
void        wl_hv_reply_free              (WlHvReply         *reply);

/* Dispatcher (hv-dispatch.c).  Tokenizes one line (LF removed) and runs it;
 * the reply is finished or deferred on return. */
void        wl_hv_dispatch_line           (WirelabHypervisor *hv,
                                           WlHvReply         *reply,
                                           const char        *line,
                                           gsize              len);
/* Runs an already tokenized command (argv[0] module, argv[1] command). */
void        wl_hv_dispatch                (WirelabHypervisor *hv,
                                           WlHvReply         *reply,
                                           guint              argc,
                                           char             **argv);
/* Modules in Dynamips' module_list order (see wl_hv_register_module). */
GPtrArray  *wl_hv_get_modules_listed      (WirelabHypervisor *hv);
const WlHvModule *wl_hv_find_module       (WirelabHypervisor *hv,
                                           const char        *name);

/* The hypervisor module (hv-mod-hypervisor.c) and object store. */
void        wl_hv_register_hypervisor_module (WirelabHypervisor *hv);
void        wl_hv_register_store_module   (WirelabHypervisor *hv);

/* wirelab-hypervisor.c */
GPtrArray  *wl_hv_get_modules             (WirelabHypervisor *hv);
void        wl_hv_reset_objects           (WirelabHypervisor *hv);
char       *wl_hv_save_config_text        (WirelabHypervisor *hv);
/* `hypervisor working_dir`: FALSE with errno set when `dir` is unusable. */
gboolean    wl_hv_change_working_dir      (WirelabHypervisor *hv,
                                           const char        *dir);
/* Stop requested by a connection (after its 100-OK is queued). */
void        wl_hv_request_stop            (WirelabHypervisor *hv);
/* A deferred reply finished on some thread: hand it to its connection. */
void        wl_hv_reply_finished          (WlHvReply         *reply);

/* A hypervisor that refuses anything touching the host outside its working
 * directory (host files, interfaces, name lookups): the fuzzer's. */
void        wl_hv_set_sandboxed           (WirelabHypervisor *hv,
                                           gboolean           sandboxed);
gboolean    wl_hv_is_sandboxed            (WirelabHypervisor *hv);

/* A hypervisor with only Wirelab's own modules (no emulator): the fuzzer
 * and in-process tests. */
WirelabHypervisor *wl_hv_new_without_emulator (void);

/* A connection closed: the hypervisor drops its reference. */
void        wl_hv_forget_conn             (WirelabHypervisor *hv,
                                           WlHvConn          *conn);
/* In-process use (tests, fuzzer): runs one line (LF removed) and appends the
 * reply to `out`.  `hypervisor stop` resets the objects; `close` is a no-op.
 * Returns the final code. */
guint       wl_hv_run_line                (WirelabHypervisor *hv,
                                           const char        *line,
                                           gsize              len,
                                           GString           *out);

/* Connections (hv-conn.c), all on the control thread. */
WlHvConn   *wl_hv_conn_new                (WirelabHypervisor *hv,
                                           GSocket           *socket);
WlHvConn   *wl_hv_conn_ref                (WlHvConn          *conn);
void        wl_hv_conn_unref              (WlHvConn          *conn);
/* Sends what is queued (best effort, up to `timeout_ms`) and closes. */
void        wl_hv_conn_close              (WlHvConn          *conn,
                                           guint              flush_timeout_ms);
gboolean    wl_hv_conn_is_closed          (WlHvConn          *conn);
void        wl_hv_conn_reply_done         (WlHvConn          *conn,
                                           WlHvReply         *reply);

/* The longest command line accepted (longer ones get a 200). */
#define WL_HV_MAX_LINE (16 * 1024 * 1024)

G_END_DECLS
