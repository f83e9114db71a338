/* wirelab-lab-types.h: enums and errors shared by the lab model and runtime
 *
 * Copyright 2026 The Wirelab authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * Owner: src/lab/.  Every enum is a registered GType whose value nicks are
 * the strings used in `.wirelab` files (docs/project-format.md).
 */

#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

typedef enum
{
  WIRELAB_NODE_KIND_ROUTER,   /*< nick=router >*/
  WIRELAB_NODE_KIND_ETHSW,    /*< nick=ethsw >*/
  WIRELAB_NODE_KIND_HUB,      /*< nick=hub >*/
  WIRELAB_NODE_KIND_FRSW,     /*< nick=frsw >*/
  WIRELAB_NODE_KIND_VPCS,     /*< nick=vpcs >*/
} WirelabNodeKind;

/* Runtime only, never saved. */
typedef enum
{
  WIRELAB_NODE_STATUS_STOPPED,
  WIRELAB_NODE_STATUS_STARTING,
  WIRELAB_NODE_STATUS_RUNNING,
  WIRELAB_NODE_STATUS_SUSPENDED,
  WIRELAB_NODE_STATUS_STOPPING,
} WirelabNodeStatus;

/* Ethernet switch port modes, as `ethsw set_*_port`. */
typedef enum
{
  WIRELAB_PORT_MODE_ACCESS,
  WIRELAB_PORT_MODE_DOT1Q,
  WIRELAB_PORT_MODE_QINQ,
} WirelabPortMode;

/* What an interface carries; decides the capture link type. */
typedef enum
{
  WIRELAB_INTERFACE_ETHERNET,
  WIRELAB_INTERFACE_SERIAL,
  WIRELAB_INTERFACE_ATM,
  WIRELAB_INTERFACE_POS,
} WirelabInterfaceType;

#define WIRELAB_TYPE_NODE_KIND      (wirelab_node_kind_get_type ())
#define WIRELAB_TYPE_NODE_STATUS    (wirelab_node_status_get_type ())
#define WIRELAB_TYPE_PORT_MODE      (wirelab_port_mode_get_type ())
#define WIRELAB_TYPE_INTERFACE_TYPE (wirelab_interface_type_get_type ())

GType       wirelab_node_kind_get_type      (void) G_GNUC_CONST;
GType       wirelab_node_status_get_type    (void) G_GNUC_CONST;
GType       wirelab_port_mode_get_type      (void) G_GNUC_CONST;
GType       wirelab_interface_type_get_type (void) G_GNUC_CONST;

/* "router", "ethsw", … and back; FALSE for an unknown nick. */
const char *wirelab_node_kind_to_string     (WirelabNodeKind    kind);
gboolean    wirelab_node_kind_from_string   (const char        *nick,
                                             WirelabNodeKind   *out_kind);
/* "stopped", "starting", "running", "suspended", "stopping" */
const char *wirelab_node_status_to_string   (WirelabNodeStatus  status);
/* "access", "dot1q", "qinq" */
const char *wirelab_port_mode_to_string     (WirelabPortMode    mode);
gboolean    wirelab_port_mode_from_string   (const char        *nick,
                                             WirelabPortMode   *out_mode);

/* Errors of the lab layer (model, project files, placement, runtime).  Errors
 * a hypervisor answered keep WIRELAB_HV_ERROR; transport errors G_IO_ERROR. */
#define WIRELAB_LAB_ERROR (wirelab_lab_error_quark ())
GQuark wirelab_lab_error_quark (void);

typedef enum
{
  WIRELAB_LAB_ERROR_INVALID,          /* a bad project file or model edit */
  WIRELAB_LAB_ERROR_NEWER_REVISION,   /* written by a newer Wirelab */
  WIRELAB_LAB_ERROR_NO_SPACE,         /* the disk is (nearly) full: nothing written */
  WIRELAB_LAB_ERROR_IO,               /* any other file error */
  WIRELAB_LAB_ERROR_IN_USE,           /* removing something still referenced */
  WIRELAB_LAB_ERROR_NO_ROOM,          /* placement: no bound hypervisor has room */
  WIRELAB_LAB_ERROR_PORT_CONFLICT,    /* a console/UDP port is taken */
  WIRELAB_LAB_ERROR_NOT_CONNECTED,    /* the node's hypervisor is not connected */
  WIRELAB_LAB_ERROR_BUSY,             /* another operation is running on that node */
  WIRELAB_LAB_ERROR_UNSUPPORTED,      /* e.g. a remote VPCS, capture between two PCs */
  WIRELAB_LAB_ERROR_FAILED,
} WirelabLabError;

G_END_DECLS
