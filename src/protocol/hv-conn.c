/* hv-conn.c: one client connection of the hypervisor (control thread)
 *
 * Copyright 2026 The Wirelab authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * Reads LF-terminated lines with no length limit short of WL_HV_MAX_LINE,
 * runs them one at a time in order (pipelining), queues the replies and
 * writes them without ever blocking the control thread.  A deferred reply
 * holds the connection's later lines back until it is finished.
 */

#define G_LOG_DOMAIN "wirelab-hv"

#include "config.h"

#include <netinet/in.h>
#include <netinet/tcp.h>
#include <string.h>

#include "hv-private.h"

#define READ_CHUNK (64 * 1024)
/* While this much output waits, no more commands run (the client is not
 * reading its replies).  */
#define OUT_HIGH   (256 * 1024)
/* While commands are held back, stop reading past this much input. */
#define IN_HIGH    (1024 * 1024)

struct _WlHvConn
{
  gint               ref;
  WirelabHypervisor *hv;          /* NULL once closed */
  GMainContext      *context;
  GSocket           *socket;
  GSource           *in_source;
  GSource           *out_source;

  GByteArray        *in;
  gsize              in_start;    /* first unprocessed byte */
  gsize              scan;        /* LF search resumes here (relative) */
  gboolean           discarding;  /* dropping an over-long line up to its LF */

  GByteArray        *out;
  gsize              out_start;   /* first unsent byte */

  WlHvReply         *pending;     /* a deferred reply not finished yet */
  gboolean           eof;
  gboolean           closing;     /* close once the output is sent */
  gint               closed;      /* atomic: read by other threads */
};

static void update_sources (WlHvConn *conn);
static void process_input (WlHvConn *conn);

WlHvConn *
wl_hv_conn_ref (WlHvConn *conn)
{
  g_atomic_int_inc (&conn->ref);
  return conn;
}

void
wl_hv_conn_unref (WlHvConn *conn)
{
  if (!g_atomic_int_dec_and_test (&conn->ref))
    return;

  g_assert (conn->in_source == NULL && conn->out_source == NULL);
  g_clear_object (&conn->socket);
  g_byte_array_unref (conn->in);
  g_byte_array_unref (conn->out);
  g_main_context_unref (conn->context);
  g_free (conn);
}

gboolean
wl_hv_conn_is_closed (WlHvConn *conn)
{
  return g_atomic_int_get (&conn->closed);
}

static gsize
out_pending (WlHvConn *conn)
{
  return conn->out->len - conn->out_start;
}

static void
clear_source (GSource **source)
{
  if (*source != NULL)
    {
      g_source_destroy (*source);
      g_clear_pointer (source, g_source_unref);
    }
}

void
wl_hv_conn_close (WlHvConn *conn,
                  guint     flush_timeout_ms)
{
  WirelabHypervisor *hv;
  gint64 deadline;

  if (g_atomic_int_get (&conn->closed))
    return;

  /* Last words (a `stop`'s 100-OK): wait a little for the socket. */
  deadline = g_get_monotonic_time () + (gint64) flush_timeout_ms * 1000;
  while (out_pending (conn) > 0 && flush_timeout_ms > 0)
    {
      gint64 left = deadline - g_get_monotonic_time ();
      gssize n;

      if (left <= 0 ||
          !g_socket_condition_timed_wait (conn->socket, G_IO_OUT, left, NULL, NULL))
        break;
      n = g_socket_send (conn->socket, (const char *) conn->out->data + conn->out_start,
                         out_pending (conn), NULL, NULL);
      if (n <= 0)
        break;
      conn->out_start += n;
    }

  g_atomic_int_set (&conn->closed, TRUE);
  clear_source (&conn->in_source);
  clear_source (&conn->out_source);
  g_socket_shutdown (conn->socket, TRUE, TRUE, NULL);
  g_socket_close (conn->socket, NULL);

  hv = g_steal_pointer (&conn->hv);
  if (hv != NULL)
    wl_hv_forget_conn (hv, conn);
}

/* Sends what it can now; the rest waits for G_IO_OUT. */
static void
try_send (WlHvConn *conn)
{
  while (out_pending (conn) > 0)
    {
      g_autoptr(GError) error = NULL;
      gssize n = g_socket_send (conn->socket, (const char *) conn->out->data + conn->out_start,
                                out_pending (conn), NULL, &error);

      if (n < 0)
        {
          if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_WOULD_BLOCK))
            break;
          /* The client went away: nothing more can reach it. */
          g_debug ("send: %s", error->message);
          wl_hv_conn_close (conn, 0);
          return;
        }
      conn->out_start += n;
    }

  if (out_pending (conn) == 0)
    {
      g_byte_array_set_size (conn->out, 0);
      conn->out_start = 0;
      if (conn->closing)
        wl_hv_conn_close (conn, 0);
    }
}

/* A finished reply: queue its bytes and act on `close`/`stop`. */
static void
complete (WlHvConn  *conn,
          WlHvReply *reply)
{
  WirelabHypervisor *hv = conn->hv;

  g_byte_array_append (conn->out, (const guint8 *) reply->out->str, reply->out->len);
  try_send (conn);

  switch (reply->after)
    {
    case WL_HV_AFTER_CLOSE:
      /* Whatever the client pipelined after `close` is dropped. */
      conn->closing = TRUE;
      if (!g_atomic_int_get (&conn->closed) && out_pending (conn) == 0)
        wl_hv_conn_close (conn, 0);
      break;

    case WL_HV_AFTER_STOP:
      conn->closing = TRUE;
      if (hv != NULL)
        {
          wl_hv_conn_close (conn, 1000);
          wl_hv_request_stop (hv);
        }
      break;

    case WL_HV_AFTER_NOTHING:
    default:
      break;
    }
}

static void
run_line (WlHvConn   *conn,
          const char *line,
          gsize       len)
{
  WlHvReply *reply = wl_hv_reply_new (conn->hv, conn);

  wl_hv_dispatch_line (conn->hv, reply, line, len);
  if (reply->deferred)
    {
      /* Finished (maybe already) on another thread; the idle that brings it
       * back here resumes this connection. */
      conn->pending = reply;
      return;
    }
  complete (conn, reply);
  wl_hv_reply_free (reply);
}

static gboolean
can_run_commands (WlHvConn *conn)
{
  return !g_atomic_int_get (&conn->closed) && !conn->closing &&
         conn->pending == NULL && conn->hv != NULL && out_pending (conn) < OUT_HIGH;
}

static void
process_input (WlHvConn *conn)
{
  wl_hv_conn_ref (conn);

  while (can_run_commands (conn))
    {
      char *data = (char *) conn->in->data + conn->in_start;
      gsize avail = conn->in->len - conn->in_start;
      char *lf = memchr (data + conn->scan, '\n', avail - conn->scan);
      gsize len;

      if (lf == NULL)
        {
          if (conn->discarding || avail > WL_HV_MAX_LINE)
            {
              /* Keep nothing of an absurd line; answer once its LF comes. */
              conn->discarding = TRUE;
              conn->in_start = conn->in->len;
              conn->scan = 0;
            }
          else
            conn->scan = avail;
          break;
        }

      len = lf - data;
      conn->in_start += len + 1;
      conn->scan = 0;
      if (conn->discarding || len > WL_HV_MAX_LINE)
        {
          WlHvReply *reply = wl_hv_reply_new (conn->hv, conn);

          conn->discarding = FALSE;
          wl_hv_reply_error (reply, WL_HV_ERR_PARSING,
                             "Parse error: line longer than %u bytes", WL_HV_MAX_LINE);
          complete (conn, reply);
          wl_hv_reply_free (reply);
        }
      else
        run_line (conn, data, len);
    }

  /* Drop what was consumed once it is worth the move. */
  if (conn->in_start > 0 && (conn->in_start == conn->in->len || conn->in_start >= READ_CHUNK))
    {
      g_byte_array_remove_range (conn->in, 0, conn->in_start);
      conn->in_start = 0;
    }

  /* At EOF a last line without LF is ignored, as in Dynamips. */
  if (conn->eof && conn->pending == NULL && !g_atomic_int_get (&conn->closed) &&
      (conn->closing || memchr (conn->in->data + conn->in_start, '\n',
                                conn->in->len - conn->in_start) == NULL))
    {
      conn->closing = TRUE;
      if (out_pending (conn) == 0)
        wl_hv_conn_close (conn, 0);
    }

  update_sources (conn);
  wl_hv_conn_unref (conn);
}

static gboolean
on_readable (GSocket      *socket,
             GIOCondition  condition,
             gpointer      user_data)
{
  WlHvConn *conn = user_data;

  for (;;)
    {
      g_autoptr(GError) error = NULL;
      gsize old = conn->in->len;
      gssize n;

      g_byte_array_set_size (conn->in, old + READ_CHUNK);
      n = g_socket_receive (socket, (char *) conn->in->data + old, READ_CHUNK, NULL, &error);
      g_byte_array_set_size (conn->in, old + MAX (n, 0));

      if (n > 0)
        {
          if (conn->discarding)
            {
              /* Keep only from the LF on, if it came. */
              char *lf = memchr (conn->in->data + old, '\n', n);

              if (lf == NULL)
                g_byte_array_set_size (conn->in, old);
              else
                {
                  gsize keep = conn->in->len - ((guint8 *) lf - conn->in->data);

                  memmove (conn->in->data + old, lf, keep);
                  g_byte_array_set_size (conn->in, old + keep);
                }
            }
          /* Run lines as they come, so the buffer holds one line at most. */
          if (conn->in->len - conn->in_start >= WL_HV_MAX_LINE / 4 || !can_run_commands (conn))
            break;
          continue;
        }
      if (n == 0)
        conn->eof = TRUE;
      else if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_WOULD_BLOCK))
        {
          g_debug ("receive: %s", error->message);
          wl_hv_conn_close (conn, 0);
          return G_SOURCE_REMOVE;
        }
      break;
    }

  process_input (conn);
  return G_SOURCE_CONTINUE;
}

static gboolean
on_writable (GSocket      *socket,
             GIOCondition  condition,
             gpointer      user_data)
{
  WlHvConn *conn = user_data;

  wl_hv_conn_ref (conn);
  try_send (conn);
  if (!g_atomic_int_get (&conn->closed))
    process_input (conn);
  wl_hv_conn_unref (conn);
  return G_SOURCE_CONTINUE;
}

static void
update_sources (WlHvConn *conn)
{
  gsize buffered = conn->in->len - conn->in_start;
  gboolean want_in, want_out;

  if (g_atomic_int_get (&conn->closed))
    return;

  want_in = !conn->eof && !conn->closing &&
            (can_run_commands (conn) ? buffered < WL_HV_MAX_LINE + READ_CHUNK
                                     : buffered < IN_HIGH);
  want_out = out_pending (conn) > 0;

  if (want_in && conn->in_source == NULL)
    {
      conn->in_source = g_socket_create_source (conn->socket, G_IO_IN | G_IO_HUP | G_IO_ERR, NULL);
      g_source_set_callback (conn->in_source, G_SOURCE_FUNC (on_readable), conn, NULL);
      g_source_attach (conn->in_source, conn->context);
    }
  else if (!want_in)
    clear_source (&conn->in_source);

  if (want_out && conn->out_source == NULL)
    {
      conn->out_source = g_socket_create_source (conn->socket, G_IO_OUT, NULL);
      g_source_set_callback (conn->out_source, G_SOURCE_FUNC (on_writable), conn, NULL);
      g_source_attach (conn->out_source, conn->context);
    }
  else if (!want_out)
    clear_source (&conn->out_source);
}

WlHvConn *
wl_hv_conn_new (WirelabHypervisor *hv,
                GSocket           *socket)
{
  WlHvConn *conn = g_new0 (WlHvConn, 1);

  conn->ref = 1;
  conn->hv = hv;
  conn->context = g_main_context_ref_thread_default ();
  conn->socket = g_object_ref (socket);
  conn->in = g_byte_array_new ();
  conn->out = g_byte_array_new ();

  g_socket_set_blocking (socket, FALSE);
  g_socket_set_option (socket, IPPROTO_TCP, TCP_NODELAY, 1, NULL);
  update_sources (conn);
  return conn;
}

/* Back on the control thread with a deferred reply. */
void
wl_hv_conn_reply_done (WlHvConn  *conn,
                       WlHvReply *reply)
{
  if (g_atomic_int_get (&conn->closed) || conn->pending != reply)
    return;

  conn->pending = NULL;
  wl_hv_conn_ref (conn);
  complete (conn, reply);
  if (!g_atomic_int_get (&conn->closed))
    process_input (conn);
  wl_hv_conn_unref (conn);
}

static gboolean
deliver_deferred (gpointer data)
{
  WlHvReply *reply = data;

  wl_hv_conn_reply_done (reply->conn, reply);
  return G_SOURCE_REMOVE;
}

void
wl_hv_reply_finished (WlHvReply *reply)
{
  GSource *source;
  WlHvConn *conn = reply->conn;

  if (conn == NULL)
    return;     /* in-process: the caller reads reply->done */

  /* Closing happens on the control thread, after the handler that deferred
   * this reply returned: nobody needs it any more. */
  if (g_atomic_int_get (&conn->closed))
    {
      wl_hv_reply_free (reply);
      return;
    }

  source = g_idle_source_new ();
  g_source_set_callback (source, deliver_deferred, reply, (GDestroyNotify) wl_hv_reply_free);
  g_source_attach (source, conn->context);
  g_source_unref (source);
}

guint
wl_hv_run_line (WirelabHypervisor *hv,
                const char        *line,
                gsize              len,
                GString           *out)
{
  WlHvReply *reply = wl_hv_reply_new (hv, NULL);
  guint code;

  wl_hv_dispatch_line (hv, reply, line, len);
  if (!reply->done)
    {
      /* In-process callers have no loop to wait in. */
      g_critical ("wl_hv_run_line: deferred reply not supported in-process");
      wl_hv_reply_free (reply);
      return 0;
    }
  g_string_append_len (out, reply->out->str, reply->out->len);
  if (reply->after == WL_HV_AFTER_STOP)
    wl_hv_reset_objects (hv);
  code = reply->code;
  wl_hv_reply_free (reply);
  return code;
}
