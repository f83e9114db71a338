/* hv-object.h: the commands every net module's objects share
 *
 * Copyright 2026 The Wirelab authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * create, rename, delete, list, reset and save_config of switches, hubs and
 * bridges, with Dynamips' reply texts:
 *   100-<Label> '<name>' created        206-unable to create <noun> '<name>'
 *   100-<Label> '<a>' renamed to '<b>'  213-unable to rename <Label> '<a>', '<b>' already exists
 *   100-<Label> '<name>' deleted        207-unable to delete <Label> '<name>'
 * A duplicate create leaves the existing object untouched.
 */

#pragma once

#include "protocol/hv-module.h"

#include "nio.h"

G_BEGIN_DECLS

typedef struct
{
  WlHvObjectKind  kind;
  const char     *module;          /* "ethsw" */
  const char     *label;           /* "ETHSW" */
  const char     *noun;            /* "Ethernet switch" */
  gpointer      (*new)  (void);
  GDestroyNotify  free;
  /* save_config: what recreates the object's contents after its create. */
  void          (*save) (gpointer    object,
                         const char *name,
                         GString    *out);
} WlNetObjectType;

void     wl_net_object_create (WirelabHypervisor     *hv,
                               WlHvReply             *reply,
                               char                 **argv,
                               const WlNetObjectType *type);
/* TRUE when renamed. */
gboolean wl_net_object_rename (WirelabHypervisor     *hv,
                               WlHvReply             *reply,
                               char                 **argv,
                               const WlNetObjectType *type);
void     wl_net_object_delete (WirelabHypervisor     *hv,
                               WlHvReply             *reply,
                               char                 **argv,
                               const WlNetObjectType *type);
/* `101 <name>` per object, sorted, then `100-OK`. */
void     wl_net_object_list   (WirelabHypervisor     *hv,
                               WlHvReply             *reply,
                               WlHvObjectKind         kind);
/* Deletes every object of the kind (`hypervisor reset`); FALSE if none. */
gboolean wl_net_object_reset  (WirelabHypervisor     *hv,
                               WlHvObjectKind         kind);
/* `<module> create <name>` and then type->save, per object. */
void     wl_net_object_save   (WirelabHypervisor     *hv,
                               GString               *out,
                               const WlNetObjectType *type);

/* add_nio/remove_nio of a switch or hub: `func` adds or removes the NIO
 * argv[1] on the object argv[0] (208 when none).  `100-NIO '<nio>' <done>.`,
 * or `205-unable to bind NIO '<nio>' to <noun> '<object>'` (Dynamips says
 * "bind" when removing too). */
void     wl_net_object_port   (WirelabHypervisor     *hv,
                               WlHvReply             *reply,
                               char                 **argv,
                               WlHvObjectKind         kind,
                               const char            *noun,
                               gboolean             (*func) (gpointer  object,
                                                             wl_nio_t *nio),
                               const char            *done);

/* Defines prefix_cmd_create, _cmd_rename, _cmd_delete, _cmd_list (command
 * handlers), prefix_reset and prefix_save (the module's) for one
 * WlNetObjectType. */
#define WL_NET_DEFINE_OBJECT_COMMANDS(prefix, type) \
  static void \
  prefix##_cmd_create (WirelabHypervisor *hv, WlHvReply *reply, guint argc, char **argv) \
  { \
    wl_net_object_create (hv, reply, argv, &(type)); \
  } \
  static void \
  prefix##_cmd_rename (WirelabHypervisor *hv, WlHvReply *reply, guint argc, char **argv) \
  { \
    wl_net_object_rename (hv, reply, argv, &(type)); \
  } \
  static void \
  prefix##_cmd_delete (WirelabHypervisor *hv, WlHvReply *reply, guint argc, char **argv) \
  { \
    wl_net_object_delete (hv, reply, argv, &(type)); \
  } \
  static void \
  prefix##_cmd_list (WirelabHypervisor *hv, WlHvReply *reply, guint argc, char **argv) \
  { \
    wl_net_object_list (hv, reply, (type).kind); \
  } \
  static void \
  prefix##_reset (WirelabHypervisor *hv) \
  { \
    wl_net_object_reset (hv, (type).kind); \
  } \
  static void \
  prefix##_save (WirelabHypervisor *hv, GString *out) \
  { \
    wl_net_object_save (hv, out, &(type)); \
  }

G_END_DECLS
