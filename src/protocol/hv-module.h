/* hv-module.h: how modules plug into the hypervisor's dispatcher
 *
 * Copyright 2026 The Wirelab authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * CONTRACT (owner: src/protocol/).  Modules: hypervisor, nio, nio_bridge,
 * ethsw, frsw, object_store (src/protocol, src/net) and vm, vm_debug and the
 * platform modules c7200 … c1700 (src/emu).  The owner may add functions;
 * existing ones keep their meaning.
 *
 * Every command handler runs on the hypervisor's control thread, one command
 * at a time per hypervisor, so handlers need no locking against each other.
 * Handlers must never block for long: work that waits (vm stop joining a
 * CPU, get_idle_pc_prop sampling) defers its reply.  While a handler runs,
 * the hypervisor's GMainContext is the thread-default main context, so
 * sources a module attaches there run on the control thread too.
 */

#pragma once

#include <glib.h>

#include "wirelab/wirelab-hypervisor.h"

G_BEGIN_DECLS

/* Reply codes (docs of Dynamips 0.2.24, spec section 3). */
enum
{
  WL_HV_OK = 100,
  WL_HV_INFO = 101,
  WL_HV_ERR_PARSING = 200,
  WL_HV_ERR_UNK_MODULE = 201,
  WL_HV_ERR_UNK_CMD = 202,
  WL_HV_ERR_BAD_PARAM = 203,
  WL_HV_ERR_INV_PARAM = 204,
  WL_HV_ERR_BINDING = 205,
  WL_HV_ERR_CREATE = 206,
  WL_HV_ERR_DELETE = 207,
  WL_HV_ERR_UNK_OBJ = 208,
  WL_HV_ERR_START = 209,
  WL_HV_ERR_STOP = 210,
  WL_HV_ERR_FILE = 211,
  WL_HV_ERR_BAD_OBJ = 212,
  WL_HV_ERR_RENAME = 213,
  WL_HV_ERR_NOT_FOUND = 214,
  WL_HV_ERR_UNSPECIFIED = 215,
};

typedef struct _WlHvReply WlHvReply;

typedef void (*WlHvCommandFunc) (WirelabHypervisor *hv,
                                 WlHvReply         *reply,
                                 guint              argc,
                                 char             **argv);

/* `hypervisor cmd_list` shows a module's commands in reverse array order,
 * as Dynamips does, so list them in Dynamips' order (create first). */
typedef struct
{
  const char      *name;
  guint            min_args;
  guint            max_args;
  WlHvCommandFunc  func;
} WlHvCommand;

typedef struct
{
  const char        *name;
  const WlHvCommand *commands;                   /* ends with { NULL } */
  /* `hypervisor reset` and shutdown: delete every object of this module.
   * Modules are reset in ascending reset_order (vm 0, switches 10, nio 20). */
  void             (*reset) (WirelabHypervisor *hv);
  guint              reset_order;
  /* `hypervisor save_config`: append replayable commands recreating this
   * module's objects (NULL: nothing to save).  Called in reset_order
   * reversed, so NIOs come before what binds them. */
  void             (*save)  (WirelabHypervisor *hv,
                             GString           *out);
} WlHvModule;

/* `module` must outlive the hypervisor (a static const).  Registering a name
 * twice is a programming error.  `hypervisor module_list` lists the modules
 * Dynamips has in Dynamips' order (spec section 14) whatever the order of
 * registration, then any others. */
void       wl_hv_register_module (WirelabHypervisor *hv,
                                  const WlHvModule  *module);

/* Registers the emulator's modules (vm, vm_debug, c7200 … c1700).  Defined
 * by src/emu; wirelab_hypervisor_new() calls it.  src/protocol carries a weak
 * default that registers nothing, so the tree links without the emulator. */
void       wl_emu_register_modules (WirelabHypervisor *hv);

/* Replies: any number of info lines (101), then exactly one final line. */
void       wl_hv_reply_info      (WlHvReply  *reply,
                                  const char *format,
                                  ...) G_GNUC_PRINTF (2, 3);
void       wl_hv_reply_ok        (WlHvReply  *reply,
                                  const char *format,
                                  ...) G_GNUC_PRINTF (2, 3);
void       wl_hv_reply_error     (WlHvReply  *reply,
                                  guint       code,
                                  const char *format,
                                  ...) G_GNUC_PRINTF (3, 4);
/* Keep the reply open after the handler returns; finish it later (with
 * wl_hv_reply_ok/error) from any thread.  The connection answers nothing
 * else until then. */
WlHvReply *wl_hv_reply_defer     (WlHvReply  *reply);

/* The object registry: one namespace per kind, as Dynamips' registry. */
typedef enum
{
  WL_HV_OBJ_NIO,
  WL_HV_OBJ_NIO_BRIDGE,
  WL_HV_OBJ_ETHSW,
  WL_HV_OBJ_FRSW,
  WL_HV_OBJ_VM,
  WL_HV_OBJ_STORE,
  WL_HV_OBJ_ATMSW,
  WL_HV_OBJ_ATM_BRIDGE,
  WL_HV_N_OBJ_KINDS
} WlHvObjectKind;

/* WL_HV_OBJ_NIO objects are `wl_nio_t *` (src/net/nio.h); the registry holds
 * one reference.  A user that keeps a NIO (a VM's NIC) takes its own with
 * wl_nio_ref() and binds it with wl_nio_attach(). */

/* FALSE (and nothing changed) when the name is taken. */
gboolean   wl_hv_object_add      (WirelabHypervisor *hv,
                                  WlHvObjectKind     kind,
                                  const char        *name,
                                  gpointer           object,
                                  GDestroyNotify     destroy);
gpointer   wl_hv_object_lookup   (WirelabHypervisor *hv,
                                  WlHvObjectKind     kind,
                                  const char        *name);
gboolean   wl_hv_object_rename   (WirelabHypervisor *hv,
                                  WlHvObjectKind     kind,
                                  const char        *name,
                                  const char        *new_name);
/* Removes and destroys. */
gboolean   wl_hv_object_remove   (WirelabHypervisor *hv,
                                  WlHvObjectKind     kind,
                                  const char        *name);
/* Names of one kind, sorted; free with g_strfreev. */
char     **wl_hv_object_names    (WirelabHypervisor *hv,
                                  WlHvObjectKind     kind);
/* Lookup that answers Dynamips' `208-unable to find object '<name>'` and
 * returns NULL when the name is unknown. */
gpointer   wl_hv_find_object     (WirelabHypervisor *hv,
                                  WlHvReply         *reply,
                                  WlHvObjectKind     kind,
                                  const char        *name);

/* Absolute path of `path` resolved against the working directory (free it).
 * NULL when the hypervisor refuses the path (a sandboxed hypervisor, as the
 * fuzzer's, refuses paths outside its working directory): answer an error. */
char      *wl_hv_resolve_path    (WirelabHypervisor *hv,
                                  const char        *path);
const char *wl_hv_get_console_binding_addr (WirelabHypervisor *hv);

G_END_DECLS
