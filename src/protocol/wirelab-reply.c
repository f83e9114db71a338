/* wirelab-reply.c: a successful hypervisor reply (boxed)
 *
 * Copyright 2026 The Wirelab authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#define G_LOG_DOMAIN "wirelab-client"

#include "config.h"

#include "wirelab/wirelab-client.h"

#include "wirelab-reply-private.h"

struct _WirelabReply
{
  gint   ref;
  char  *text;
  char **lines;
};

G_DEFINE_BOXED_TYPE (WirelabReply, wirelab_reply, wirelab_reply_ref, wirelab_reply_unref)

G_DEFINE_QUARK (wirelab-hv-error-quark, wirelab_hv_error)

WirelabReply *
wl_reply_new (const char *text,
              GPtrArray  *lines)
{
  WirelabReply *reply = g_new0 (WirelabReply, 1);

  reply->ref = 1;
  reply->text = g_strdup (text);
  if (lines != NULL)
    {
      reply->lines = g_new0 (char *, lines->len + 1);
      for (guint i = 0; i < lines->len; i++)
        reply->lines[i] = g_strdup (g_ptr_array_index (lines, i));
    }
  else
    reply->lines = g_new0 (char *, 1);
  return reply;
}

WirelabReply *
wirelab_reply_ref (WirelabReply *reply)
{
  g_return_val_if_fail (reply != NULL, NULL);

  g_atomic_int_inc (&reply->ref);
  return reply;
}

void
wirelab_reply_unref (WirelabReply *reply)
{
  g_return_if_fail (reply != NULL);

  if (g_atomic_int_dec_and_test (&reply->ref))
    {
      g_free (reply->text);
      g_strfreev (reply->lines);
      g_free (reply);
    }
}

const char *
wirelab_reply_get_text (WirelabReply *reply)
{
  g_return_val_if_fail (reply != NULL, NULL);

  return reply->text;
}

const char *const *
wirelab_reply_get_lines (WirelabReply *reply)
{
  g_return_val_if_fail (reply != NULL, NULL);

  return (const char *const *) reply->lines;
}
