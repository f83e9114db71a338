/* wirelab-lab-types.c: enum types and the lab error domain
 *
 * Copyright 2026 The Wirelab authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#define G_LOG_DOMAIN "wirelab-lab"

#include "config.h"

#include "wirelab/wirelab-lab-types.h"

G_DEFINE_QUARK (wirelab-lab-error-quark, wirelab_lab_error)

G_DEFINE_ENUM_TYPE (WirelabNodeKind, wirelab_node_kind,
  G_DEFINE_ENUM_VALUE (WIRELAB_NODE_KIND_ROUTER, "router"),
  G_DEFINE_ENUM_VALUE (WIRELAB_NODE_KIND_ETHSW, "ethsw"),
  G_DEFINE_ENUM_VALUE (WIRELAB_NODE_KIND_HUB, "hub"),
  G_DEFINE_ENUM_VALUE (WIRELAB_NODE_KIND_FRSW, "frsw"),
  G_DEFINE_ENUM_VALUE (WIRELAB_NODE_KIND_VPCS, "vpcs"))

G_DEFINE_ENUM_TYPE (WirelabNodeStatus, wirelab_node_status,
  G_DEFINE_ENUM_VALUE (WIRELAB_NODE_STATUS_STOPPED, "stopped"),
  G_DEFINE_ENUM_VALUE (WIRELAB_NODE_STATUS_STARTING, "starting"),
  G_DEFINE_ENUM_VALUE (WIRELAB_NODE_STATUS_RUNNING, "running"),
  G_DEFINE_ENUM_VALUE (WIRELAB_NODE_STATUS_SUSPENDED, "suspended"),
  G_DEFINE_ENUM_VALUE (WIRELAB_NODE_STATUS_STOPPING, "stopping"))

G_DEFINE_ENUM_TYPE (WirelabPortMode, wirelab_port_mode,
  G_DEFINE_ENUM_VALUE (WIRELAB_PORT_MODE_ACCESS, "access"),
  G_DEFINE_ENUM_VALUE (WIRELAB_PORT_MODE_DOT1Q, "dot1q"),
  G_DEFINE_ENUM_VALUE (WIRELAB_PORT_MODE_QINQ, "qinq"))

G_DEFINE_ENUM_TYPE (WirelabInterfaceType, wirelab_interface_type,
  G_DEFINE_ENUM_VALUE (WIRELAB_INTERFACE_ETHERNET, "ethernet"),
  G_DEFINE_ENUM_VALUE (WIRELAB_INTERFACE_SERIAL, "serial"),
  G_DEFINE_ENUM_VALUE (WIRELAB_INTERFACE_ATM, "atm"),
  G_DEFINE_ENUM_VALUE (WIRELAB_INTERFACE_POS, "pos"))

static const char *
enum_nick (GType type,
           int   value)
{
  GEnumClass *klass = g_type_class_ref (type);
  GEnumValue *ev = g_enum_get_value (klass, value);
  const char *nick = ev != NULL ? ev->value_nick : NULL;

  /* The class stays alive for the process: the nick stays valid. */
  g_type_class_unref (klass);
  return nick;
}

static gboolean
enum_from_nick (GType       type,
                const char *nick,
                int        *out)
{
  GEnumClass *klass;
  GEnumValue *ev;

  if (nick == NULL)
    return FALSE;

  klass = g_type_class_ref (type);
  ev = g_enum_get_value_by_nick (klass, nick);
  if (ev != NULL && out != NULL)
    *out = ev->value;
  g_type_class_unref (klass);

  return ev != NULL;
}

const char *
wirelab_node_kind_to_string (WirelabNodeKind kind)
{
  return enum_nick (WIRELAB_TYPE_NODE_KIND, kind);
}

gboolean
wirelab_node_kind_from_string (const char      *nick,
                               WirelabNodeKind *out_kind)
{
  int v;

  if (!enum_from_nick (WIRELAB_TYPE_NODE_KIND, nick, &v))
    return FALSE;
  if (out_kind != NULL)
    *out_kind = v;
  return TRUE;
}

const char *
wirelab_node_status_to_string (WirelabNodeStatus status)
{
  return enum_nick (WIRELAB_TYPE_NODE_STATUS, status);
}

const char *
wirelab_port_mode_to_string (WirelabPortMode mode)
{
  return enum_nick (WIRELAB_TYPE_PORT_MODE, mode);
}

gboolean
wirelab_port_mode_from_string (const char      *nick,
                               WirelabPortMode *out_mode)
{
  int v;

  if (!enum_from_nick (WIRELAB_TYPE_PORT_MODE, nick, &v))
    return FALSE;
  if (out_mode != NULL)
    *out_mode = v;
  return TRUE;
}
