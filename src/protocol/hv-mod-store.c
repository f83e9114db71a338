/* hv-mod-store.c: the `object_store` module, a key/value store of blobs
 *
 * Copyright 2026 The Wirelab authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * Values travel in base64.  `hypervisor reset` leaves the store alone, as
 * Dynamips does (spec section 4).
 */

#define G_LOG_DOMAIN "wirelab-hv"

#include "config.h"

#include <string.h>

#include "hv-private.h"

typedef struct
{
  guchar *data;
  gsize   len;
} StoreObject;

static void
store_object_free (gpointer data)
{
  StoreObject *so = data;

  g_free (so->data);
  g_free (so);
}

/* g_base64_decode() accepts anything; the protocol must reject garbage. */
static gboolean
is_valid_base64 (const char *text)
{
  gsize len = strlen (text);
  gsize pad = 0;

  if (len % 4 != 0)
    return FALSE;
  for (gsize i = 0; i < len; i++)
    {
      char c = text[i];

      if (c == '=')
        {
          if (i < len - 2)
            return FALSE;
          pad++;
        }
      else if (pad > 0 || !(g_ascii_isalnum (c) || c == '+' || c == '/'))
        return FALSE;
    }
  return TRUE;
}

static void
cmd_write (WirelabHypervisor *hv,
           WlHvReply         *reply,
           guint              argc,
           char             **argv)
{
  StoreObject *so;

  if (!is_valid_base64 (argv[1]))
    {
      wl_hv_reply_error (reply, WL_HV_ERR_CREATE, "unable to decode base64");
      return;
    }

  /* Like Dynamips, an existing object is not overwritten (and not touched). */
  if (wl_hv_object_lookup (hv, WL_HV_OBJ_STORE, argv[0]) != NULL)
    {
      wl_hv_reply_error (reply, WL_HV_ERR_CREATE, "unable to store object");
      return;
    }

  so = g_new0 (StoreObject, 1);
  so->data = g_base64_decode (argv[1], &so->len);
  wl_hv_object_add (hv, WL_HV_OBJ_STORE, argv[0], so, store_object_free);
  wl_hv_reply_ok (reply, "OK");
}

static void
cmd_read (WirelabHypervisor *hv,
          WlHvReply         *reply,
          guint              argc,
          char             **argv)
{
  StoreObject *so = wl_hv_find_object (hv, reply, WL_HV_OBJ_STORE, argv[0]);
  g_autofree char *text = NULL;

  if (so == NULL)
    return;
  text = g_base64_encode (so->data, so->len);
  wl_hv_reply_ok (reply, "%s", text);
}

static void
cmd_rename (WirelabHypervisor *hv,
            WlHvReply         *reply,
            guint              argc,
            char             **argv)
{
  if (wl_hv_find_object (hv, reply, WL_HV_OBJ_STORE, argv[0]) == NULL)
    return;
  if (!wl_hv_object_rename (hv, WL_HV_OBJ_STORE, argv[0], argv[1]))
    {
      wl_hv_reply_error (reply, WL_HV_ERR_RENAME,
                         "unable to rename object '%s', '%s' already exists",
                         argv[0], argv[1]);
      return;
    }
  wl_hv_reply_ok (reply, "object '%s' renamed to '%s'", argv[0], argv[1]);
}

static void
cmd_delete (WirelabHypervisor *hv,
            WlHvReply         *reply,
            guint              argc,
            char             **argv)
{
  if (!wl_hv_object_remove (hv, WL_HV_OBJ_STORE, argv[0]))
    {
      wl_hv_reply_error (reply, WL_HV_ERR_DELETE, "unable to delete object %s", argv[0]);
      return;
    }
  wl_hv_reply_ok (reply, "object %s deleted", argv[0]);
}

static void
cmd_delete_all (WirelabHypervisor *hv,
                WlHvReply         *reply,
                guint              argc,
                char             **argv)
{
  g_auto(GStrv) names = wl_hv_object_names (hv, WL_HV_OBJ_STORE);

  for (guint i = 0; names[i] != NULL; i++)
    wl_hv_object_remove (hv, WL_HV_OBJ_STORE, names[i]);
  wl_hv_reply_ok (reply, "object store deleted");
}

static void
cmd_list (WirelabHypervisor *hv,
          WlHvReply         *reply,
          guint              argc,
          char             **argv)
{
  g_auto(GStrv) names = wl_hv_object_names (hv, WL_HV_OBJ_STORE);

  for (guint i = 0; names[i] != NULL; i++)
    {
      StoreObject *so = wl_hv_object_lookup (hv, WL_HV_OBJ_STORE, names[i]);

      wl_hv_reply_info (reply, "%s (len=%" G_GSIZE_FORMAT ")", names[i], so->len);
    }
  wl_hv_reply_ok (reply, "OK");
}

static const WlHvCommand store_commands[] = {
  { "write", 2, 2, cmd_write },
  { "read", 1, 1, cmd_read },
  { "rename", 2, 2, cmd_rename },
  { "delete", 1, 1, cmd_delete },
  { "delete_all", 0, 0, cmd_delete_all },
  { "list", 0, 0, cmd_list },
  { NULL }
};

static const WlHvModule store_module = {
  .name = "object_store",
  .commands = store_commands,
};

void
wl_hv_register_store_module (WirelabHypervisor *hv)
{
  wl_hv_register_module (hv, &store_module);
}
