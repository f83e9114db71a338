/* hv-object.c: the commands every net module's objects share
 *
 * Copyright 2026 The Wirelab authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#define G_LOG_DOMAIN "wirelab-net"

#include "config.h"

#include "hv-object.h"
#include "nio-save.h"

void
wl_net_object_create (WirelabHypervisor     *hv,
                      WlHvReply             *reply,
                      char                 **argv,
                      const WlNetObjectType *type)
{
  /* Checked first: a duplicate leaves the existing object untouched. */
  if (wl_hv_object_lookup (hv, type->kind, argv[0]) != NULL)
    {
      wl_hv_reply_error (reply, WL_HV_ERR_CREATE, "unable to create %s '%s'", type->noun, argv[0]);
      return;
    }
  wl_hv_object_add (hv, type->kind, argv[0], type->new (), type->free);
  wl_hv_reply_ok (reply, "%s '%s' created", type->label, argv[0]);
}

gboolean
wl_net_object_rename (WirelabHypervisor     *hv,
                      WlHvReply             *reply,
                      char                 **argv,
                      const WlNetObjectType *type)
{
  if (wl_hv_find_object (hv, reply, type->kind, argv[0]) == NULL)
    return FALSE;
  if (!wl_hv_object_rename (hv, type->kind, argv[0], argv[1]))
    {
      wl_hv_reply_error (reply, WL_HV_ERR_RENAME, "unable to rename %s '%s', '%s' already exists",
                         type->label, argv[0], argv[1]);
      return FALSE;
    }
  wl_hv_reply_ok (reply, "%s '%s' renamed to '%s'", type->label, argv[0], argv[1]);
  return TRUE;
}

void
wl_net_object_delete (WirelabHypervisor     *hv,
                      WlHvReply             *reply,
                      char                 **argv,
                      const WlNetObjectType *type)
{
  if (!wl_hv_object_remove (hv, type->kind, argv[0]))
    {
      wl_hv_reply_error (reply, WL_HV_ERR_DELETE, "unable to delete %s '%s'", type->label, argv[0]);
      return;
    }
  wl_hv_reply_ok (reply, "%s '%s' deleted", type->label, argv[0]);
}

void
wl_net_object_list (WirelabHypervisor *hv,
                    WlHvReply         *reply,
                    WlHvObjectKind     kind)
{
  g_auto(GStrv) names = wl_hv_object_names (hv, kind);

  for (guint i = 0; names[i] != NULL; i++)
    wl_hv_reply_info (reply, "%s", names[i]);
  wl_hv_reply_ok (reply, "OK");
}

gboolean
wl_net_object_reset (WirelabHypervisor *hv,
                     WlHvObjectKind     kind)
{
  g_auto(GStrv) names = wl_hv_object_names (hv, kind);

  for (guint i = 0; names[i] != NULL; i++)
    wl_hv_object_remove (hv, kind, names[i]);
  return names[0] != NULL;
}

void
wl_net_object_save (WirelabHypervisor     *hv,
                    GString               *out,
                    const WlNetObjectType *type)
{
  g_auto(GStrv) names = wl_hv_object_names (hv, type->kind);

  for (guint i = 0; names[i] != NULL; i++)
    {
      wl_save_command (out, type->module, "create", names[i], NULL);
      if (type->save != NULL)
        type->save (wl_hv_object_lookup (hv, type->kind, names[i]), names[i], out);
    }
}

void
wl_net_object_port (WirelabHypervisor  *hv,
                    WlHvReply          *reply,
                    char              **argv,
                    WlHvObjectKind      kind,
                    const char         *noun,
                    gboolean          (*func) (gpointer  object,
                                               wl_nio_t *nio),
                    const char         *done)
{
  gpointer object = wl_hv_find_object (hv, reply, kind, argv[0]);
  wl_nio_t *nio;

  if (object == NULL)
    return;
  nio = wl_hv_object_lookup (hv, WL_HV_OBJ_NIO, argv[1]);
  if (nio == NULL || !func (object, nio))
    {
      wl_hv_reply_error (reply, WL_HV_ERR_BINDING, "unable to bind NIO '%s' to %s '%s'",
                         argv[1], noun, argv[0]);
      return;
    }
  wl_hv_reply_ok (reply, "NIO '%s' %s.", argv[1], done);
}
