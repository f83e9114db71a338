/* hv-reply.c: building hypervisor replies (101 lines, one final line)
 *
 * Copyright 2026 The Wirelab authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#define G_LOG_DOMAIN "wirelab-hv"

#include "config.h"

#include <stdarg.h>

#include "hv-private.h"

WlHvReply *
wl_hv_reply_new (WirelabHypervisor *hv,
                 WlHvConn          *conn)
{
  WlHvReply *reply = g_new0 (WlHvReply, 1);

  reply->hv = hv;
  reply->conn = conn != NULL ? wl_hv_conn_ref (conn) : NULL;
  reply->out = g_string_new (NULL);
  return reply;
}

void
wl_hv_reply_free (WlHvReply *reply)
{
  if (reply == NULL)
    return;
  g_clear_pointer (&reply->conn, wl_hv_conn_unref);
  g_string_free (reply->out, TRUE);
  g_free (reply);
}

/* One line: code, marker ('-' final, ' ' info), text, CRLF.  A CR or LF in
 * the text would break the framing, so it becomes a blank. */
static void append_line (WlHvReply  *reply,
                         guint       code,
                         gboolean    final,
                         const char *format,
                         va_list     args) G_GNUC_PRINTF (4, 0);

static void
append_line (WlHvReply  *reply,
             guint       code,
             gboolean    final,
             const char *format,
             va_list     args)
{
  gsize start;

  g_string_append_printf (reply->out, "%03u%c", code, final ? '-' : ' ');
  start = reply->out->len;
  g_string_append_vprintf (reply->out, format, args);
  for (gsize i = start; i < reply->out->len; i++)
    if (reply->out->str[i] == '\r' || reply->out->str[i] == '\n')
      reply->out->str[i] = ' ';
  g_string_append (reply->out, "\r\n");
}

void
wl_hv_reply_info (WlHvReply  *reply,
                  const char *format,
                  ...)
{
  va_list args;

  g_return_if_fail (reply != NULL);
  g_return_if_fail (!reply->done);

  va_start (args, format);
  append_line (reply, WL_HV_INFO, FALSE, format, args);
  va_end (args);
}

static void
finish (WlHvReply *reply)
{
  reply->done = TRUE;
  if (reply->deferred)
    wl_hv_reply_finished (reply);
}

void
wl_hv_reply_ok (WlHvReply  *reply,
                const char *format,
                ...)
{
  va_list args;

  g_return_if_fail (reply != NULL);
  g_return_if_fail (!reply->done);

  va_start (args, format);
  append_line (reply, WL_HV_OK, TRUE, format, args);
  va_end (args);
  reply->code = WL_HV_OK;
  finish (reply);
}

void
wl_hv_reply_error (WlHvReply  *reply,
                   guint       code,
                   const char *format,
                   ...)
{
  va_list args;

  g_return_if_fail (reply != NULL);
  g_return_if_fail (!reply->done);
  g_return_if_fail (code >= 200 && code <= 299);

  va_start (args, format);
  append_line (reply, code, TRUE, format, args);
  va_end (args);
  reply->code = code;
  finish (reply);
}

WlHvReply *
wl_hv_reply_defer (WlHvReply *reply)
{
  g_return_val_if_fail (reply != NULL, NULL);
  g_return_val_if_fail (!reply->done, reply);

  reply->deferred = TRUE;
  return reply;
}
