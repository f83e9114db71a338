/* wirelab-client.c: asynchronous client of the Dynamips hypervisor protocol
 *
 * Copyright 2026 The Wirelab authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * Commands are written as soon as they are called (pipelining); replies come
 * back in order, so the queue head owns every line read until a final line
 * (3 digits and '-').  A per-command timeout runs while a command is the
 * head of the queue.  Replies carry no ids, so after a timeout the stream
 * cannot be trusted any more: the connection is closed.
 */

#define G_LOG_DOMAIN "wirelab-client"

#include "config.h"

#include <netinet/in.h>
#include <netinet/tcp.h>
#include <string.h>

#include "wirelab/wirelab-client.h"

#include "wirelab-reply-private.h"

#define READ_CHUNK (64 * 1024)

/* One TCP connection.  Async operations hold a reference to this, never to
 * the client, so dropping the client closes the connection.  `client` is
 * NULL once the link is dropped. */
typedef struct
{
  gint               ref;
  WirelabClient     *client;
  GSocketConnection *connection;
  GCancellable      *cancellable;
  guint8            *read_buf;
  GByteArray        *writing;       /* being written */
} Link;

typedef struct
{
  WirelabClient *client;      /* unowned */
  GTask         *task;        /* NULL once answered early (cancelled) */
  GPtrArray     *lines;
  GSource       *cancel_source;
} Call;

struct _WirelabClient
{
  GObject             parent_instance;

  char               *host;
  guint16             port;
  guint               timeout_ms;
  GMainContext       *context;

  Link               *link;             /* NULL when not connected */
  GCancellable       *connect_cancellable;
  GTask              *connect_task;
  GSource            *connect_timer;
  gboolean            connected;

  GQueue              calls;            /* Call *, oldest first */
  GSource            *timer;            /* the head call's timeout */

  GByteArray         *pending_out;      /* queued while a write runs */
  GByteArray         *in;
};

G_DEFINE_FINAL_TYPE (WirelabClient, wirelab_client, G_TYPE_OBJECT)

enum
{
  PROP_0,
  PROP_HOST,
  PROP_PORT,
  PROP_CONNECTED,
  N_PROPS
};

enum
{
  SIGNAL_CLOSED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static Link *
link_ref (Link *link)
{
  g_atomic_int_inc (&link->ref);
  return link;
}

static void
link_unref (Link *link)
{
  if (!g_atomic_int_dec_and_test (&link->ref))
    return;
  g_clear_object (&link->connection);
  g_clear_object (&link->cancellable);
  g_clear_pointer (&link->writing, g_byte_array_unref);
  g_free (link->read_buf);
  g_free (link);
}

/* The client a callback works for, or NULL when its link was dropped. */
static WirelabClient *
link_client (Link *link)
{
  return link->client != NULL && link->client->link == link ? link->client : NULL;
}

static void start_read (WirelabClient *self);
static void start_write (WirelabClient *self);
static void restart_timer (WirelabClient *self);
static void drop_connection (WirelabClient *self,
                             const GError  *head_error,
                             const GError  *others_error,
                             gboolean       emit_closed);

static void
call_free (Call *call)
{
  if (call->cancel_source != NULL)
    {
      g_source_destroy (call->cancel_source);
      g_source_unref (call->cancel_source);
    }
  g_clear_object (&call->task);
  g_ptr_array_unref (call->lines);
  g_free (call);
}

static void
call_fail (Call         *call,
           const GError *error)
{
  if (call->task != NULL)
    g_task_return_error (g_steal_pointer (&call->task), g_error_copy (error));
  call_free (call);
}

static void
set_connected (WirelabClient *self,
               gboolean       connected)
{
  if (self->connected == connected)
    return;
  self->connected = connected;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CONNECTED]);
}

static void
wirelab_client_dispose (GObject *object)
{
  WirelabClient *self = WIRELAB_CLIENT (object);

  wirelab_client_close (self);

  G_OBJECT_CLASS (wirelab_client_parent_class)->dispose (object);
}

static void
wirelab_client_finalize (GObject *object)
{
  WirelabClient *self = WIRELAB_CLIENT (object);

  g_free (self->host);
  g_clear_pointer (&self->pending_out, g_byte_array_unref);
  g_clear_pointer (&self->in, g_byte_array_unref);
  g_clear_object (&self->connect_cancellable);
  g_main_context_unref (self->context);

  G_OBJECT_CLASS (wirelab_client_parent_class)->finalize (object);
}

static void
wirelab_client_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  WirelabClient *self = WIRELAB_CLIENT (object);

  switch (prop_id)
    {
    case PROP_HOST:
      g_value_set_string (value, self->host);
      break;
    case PROP_PORT:
      g_value_set_uint (value, self->port);
      break;
    case PROP_CONNECTED:
      g_value_set_boolean (value, self->connected);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
wirelab_client_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  WirelabClient *self = WIRELAB_CLIENT (object);

  switch (prop_id)
    {
    case PROP_HOST:
      self->host = g_value_dup_string (value);
      break;
    case PROP_PORT:
      self->port = g_value_get_uint (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
wirelab_client_class_init (WirelabClientClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = wirelab_client_dispose;
  object_class->finalize = wirelab_client_finalize;
  object_class->get_property = wirelab_client_get_property;
  object_class->set_property = wirelab_client_set_property;

  properties[PROP_HOST] =
    g_param_spec_string ("host", NULL, NULL, "127.0.0.1",
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PORT] =
    g_param_spec_uint ("port", NULL, NULL, 0, G_MAXUINT16, 7200,
                       G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CONNECTED] =
    g_param_spec_boolean ("connected", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * WirelabClient::closed:
   * @error: why (G_IO_ERROR_CONNECTION_CLOSED on EOF, G_IO_ERROR_TIMED_OUT…)
   *
   * An established connection was lost.  Not emitted after
   * wirelab_client_close().
   */
  signals[SIGNAL_CLOSED] =
    g_signal_new ("closed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_ERROR);
}

static void
wirelab_client_init (WirelabClient *self)
{
  self->timeout_ms = 30000;
  self->context = g_main_context_ref_thread_default ();
  g_queue_init (&self->calls);
  self->pending_out = g_byte_array_new ();
  self->in = g_byte_array_new ();
}

WirelabClient *
wirelab_client_new (const char *host,
                    guint16     port)
{
  g_return_val_if_fail (host != NULL, NULL);

  return g_object_new (WIRELAB_TYPE_CLIENT, "host", host, "port", (guint) port, NULL);
}

const char *
wirelab_client_get_host (WirelabClient *self)
{
  g_return_val_if_fail (WIRELAB_IS_CLIENT (self), NULL);

  return self->host;
}

guint16
wirelab_client_get_port (WirelabClient *self)
{
  g_return_val_if_fail (WIRELAB_IS_CLIENT (self), 0);

  return self->port;
}

void
wirelab_client_set_timeout (WirelabClient *self,
                            guint          timeout_ms)
{
  g_return_if_fail (WIRELAB_IS_CLIENT (self));

  self->timeout_ms = timeout_ms;
  restart_timer (self);
}

gboolean
wirelab_client_is_connected (WirelabClient *self)
{
  g_return_val_if_fail (WIRELAB_IS_CLIENT (self), FALSE);

  return self->connected;
}

/* Connecting */

static void
clear_connect_timer (WirelabClient *self)
{
  if (self->connect_timer != NULL)
    {
      g_source_destroy (self->connect_timer);
      g_clear_pointer (&self->connect_timer, g_source_unref);
    }
}

static void
on_connected (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  GWeakRef *weak = user_data;
  g_autoptr(WirelabClient) self = g_weak_ref_get (weak);
  g_autoptr(GError) error = NULL;
  g_autoptr(GSocketConnection) connection = NULL;
  GTask *task;
  Link *link;

  g_weak_ref_clear (weak);
  g_free (weak);
  connection = g_socket_client_connect_to_host_finish (G_SOCKET_CLIENT (source), result, &error);
  if (self == NULL)
    return;
  clear_connect_timer (self);
  task = g_steal_pointer (&self->connect_task);
  if (task == NULL)
    return;   /* closed or timed out meanwhile: already answered */

  if (connection == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      g_object_unref (task);
      return;
    }

  g_socket_set_option (g_socket_connection_get_socket (connection),
                       IPPROTO_TCP, TCP_NODELAY, 1, NULL);
  link = g_new0 (Link, 1);
  link->ref = 1;
  link->client = self;
  link->connection = g_steal_pointer (&connection);
  link->cancellable = g_cancellable_new ();
  link->read_buf = g_malloc (READ_CHUNK);
  self->link = link;
  g_byte_array_set_size (self->in, 0);
  g_byte_array_set_size (self->pending_out, 0);
  set_connected (self, TRUE);
  start_read (self);
  g_task_return_boolean (task, TRUE);
  g_object_unref (task);
}

static gboolean
on_connect_timeout (gpointer user_data)
{
  WirelabClient *self = user_data;
  GTask *task = g_steal_pointer (&self->connect_task);

  g_clear_pointer (&self->connect_timer, g_source_unref);
  g_cancellable_cancel (self->connect_cancellable);
  if (task != NULL)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_TIMED_OUT,
                               "Timed out connecting to %s:%u", self->host, self->port);
      g_object_unref (task);
    }
  return G_SOURCE_REMOVE;
}

void
wirelab_client_connect_async (WirelabClient       *self,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_autoptr(GSocketClient) socket_client = NULL;
  g_autoptr(GTask) task = NULL;
  GWeakRef *weak;

  g_return_if_fail (WIRELAB_IS_CLIENT (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, wirelab_client_connect_async);

  if (self->link != NULL || self->connect_task != NULL)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_PENDING,
                               "Already connected or connecting");
      return;
    }

  if (g_cancellable_is_cancelled (cancellable))
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED, "Operation was cancelled");
      return;
    }

  g_clear_object (&self->connect_cancellable);
  self->connect_cancellable = g_cancellable_new ();
  if (cancellable != NULL)
    g_signal_connect_object (cancellable, "cancelled",
                             G_CALLBACK (g_cancellable_cancel), self->connect_cancellable,
                             G_CONNECT_SWAPPED);
  self->connect_task = g_steal_pointer (&task);

  if (self->timeout_ms > 0)
    {
      self->connect_timer = g_timeout_source_new (self->timeout_ms);
      g_source_set_callback (self->connect_timer, on_connect_timeout, self, NULL);
      g_source_attach (self->connect_timer, self->context);
    }

  socket_client = g_socket_client_new ();
  weak = g_new0 (GWeakRef, 1);
  g_weak_ref_init (weak, self);
  g_socket_client_connect_to_host_async (socket_client, self->host, self->port,
                                         self->connect_cancellable, on_connected, weak);
}

gboolean
wirelab_client_connect_finish (WirelabClient  *self,
                               GAsyncResult   *result,
                               GError        **error)
{
  g_return_val_if_fail (WIRELAB_IS_CLIENT (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* Replies */

static gboolean
on_timeout (gpointer user_data)
{
  WirelabClient *self = user_data;
  g_autoptr(GError) head = NULL;
  g_autoptr(GError) others = NULL;

  g_clear_pointer (&self->timer, g_source_unref);
  head = g_error_new (G_IO_ERROR, G_IO_ERROR_TIMED_OUT,
                      "No reply from %s:%u within %u ms", self->host, self->port,
                      self->timeout_ms);
  others = g_error_new (G_IO_ERROR, G_IO_ERROR_CONNECTION_CLOSED,
                        "Connection to %s:%u closed after a timeout", self->host, self->port);
  drop_connection (self, head, others, TRUE);
  return G_SOURCE_REMOVE;
}

static void
restart_timer (WirelabClient *self)
{
  if (self->timer != NULL)
    {
      g_source_destroy (self->timer);
      g_clear_pointer (&self->timer, g_source_unref);
    }
  if (self->timeout_ms == 0 || g_queue_is_empty (&self->calls) || self->link == NULL)
    return;

  self->timer = g_timeout_source_new (self->timeout_ms);
  g_source_set_callback (self->timer, on_timeout, self, NULL);
  g_source_attach (self->timer, self->context);
}

/* "NNN-" ends a reply (spec section 3). */
static gboolean
is_final_line (const char *line,
               gsize       len)
{
  return len >= 4 && g_ascii_isdigit (line[0]) && g_ascii_isdigit (line[1]) &&
         g_ascii_isdigit (line[2]) && line[3] == '-';
}

static void
handle_line (WirelabClient *self,
             char          *line,
             gsize          len)
{
  Call *call = g_queue_peek_head (&self->calls);
  guint code;

  if (len > 0 && line[len - 1] == '\r')
    line[--len] = '\0';

  if (call == NULL)
    {
      g_debug ("%s:%u: unsolicited line '%s'", self->host, self->port, line);
      return;
    }

  if (!is_final_line (line, len))
    {
      /* "101 text"; anything else is kept whole rather than lost. */
      g_ptr_array_add (call->lines, g_strdup (len >= 4 && line[3] == ' ' ? line + 4 : line));
      return;
    }

  code = (line[0] - '0') * 100 + (line[1] - '0') * 10 + (line[2] - '0');
  g_queue_pop_head (&self->calls);
  if (call->task != NULL)
    {
      GTask *task = g_steal_pointer (&call->task);

      if (code >= 100 && code < 200)
        g_task_return_pointer (task, wl_reply_new (line + 4, call->lines),
                               (GDestroyNotify) wirelab_reply_unref);
      else if (code >= 200 && code < 300)
        g_task_return_new_error (task, WIRELAB_HV_ERROR, code, "%s", line + 4);
      else
        /* Not a status the protocol has: no WIRELAB_HV_ERROR code for it. */
        g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                                 "Malformed reply from %s:%u: “%s”", self->host, self->port, line);
      g_object_unref (task);
    }
  call_free (call);
  restart_timer (self);
}

static void
on_read (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  Link *link = user_data;
  g_autoptr(GError) error = NULL;
  WirelabClient *self;
  gssize n;
  gsize start = 0;

  n = g_input_stream_read_finish (G_INPUT_STREAM (source), result, &error);
  self = link_client (link);
  if (self == NULL)
    {
      link_unref (link);
      return;   /* closed meanwhile */
    }

  if (n <= 0)
    {
      g_autoptr(GError) closed = NULL;

      if (n == 0)
        closed = g_error_new (G_IO_ERROR, G_IO_ERROR_CONNECTION_CLOSED,
                              "Connection closed by %s:%u", self->host, self->port);
      else
        closed = g_steal_pointer (&error);
      link_unref (link);
      drop_connection (self, closed, closed, TRUE);
      return;
    }

  g_byte_array_append (self->in, link->read_buf, n);
  g_object_ref (self);
  /* A callback may close the client and empty the buffer under us: check
   * the link before every scan, never after. */
  while (self->link == link)
    {
      guint8 *lf = memchr (self->in->data + start, '\n', self->in->len - start);
      gsize len;

      if (lf == NULL)
        break;
      len = lf - (self->in->data + start);
      *lf = '\0';
      handle_line (self, (char *) self->in->data + start, len);
      start += len + 1;
    }
  if (self->link == link)
    {
      g_byte_array_remove_range (self->in, 0, start);
      start_read (self);
    }
  link_unref (link);
  g_object_unref (self);
}

static void
start_read (WirelabClient *self)
{
  Link *link = self->link;
  GInputStream *in = g_io_stream_get_input_stream (G_IO_STREAM (link->connection));

  g_input_stream_read_async (in, link->read_buf, READ_CHUNK, G_PRIORITY_DEFAULT,
                             link->cancellable, on_read, link_ref (link));
}

/* Writing */

static void
on_written (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  Link *link = user_data;
  g_autoptr(GError) error = NULL;
  WirelabClient *self;
  gboolean ok;

  ok = g_output_stream_write_all_finish (G_OUTPUT_STREAM (source), result, NULL, &error);
  g_clear_pointer (&link->writing, g_byte_array_unref);
  self = link_client (link);
  link_unref (link);
  if (self == NULL)
    return;
  if (!ok)
    drop_connection (self, error, error, TRUE);
  else
    start_write (self);
}

static void
start_write (WirelabClient *self)
{
  Link *link = self->link;
  GOutputStream *out;

  if (link == NULL || link->writing != NULL || self->pending_out->len == 0)
    return;

  link->writing = g_steal_pointer (&self->pending_out);
  self->pending_out = g_byte_array_new ();
  out = g_io_stream_get_output_stream (G_IO_STREAM (link->connection));
  g_output_stream_write_all_async (out, link->writing->data, link->writing->len,
                                   G_PRIORITY_DEFAULT, link->cancellable,
                                   on_written, link_ref (link));
}

/* Closing */

static void
drop_connection (WirelabClient *self,
                 const GError  *head_error,
                 const GError  *others_error,
                 gboolean       emit_closed)
{
  Link *link = g_steal_pointer (&self->link);
  GQueue calls = self->calls;
  gboolean first = TRUE;
  Call *call;

  if (link != NULL)
    {
      link->client = NULL;
      g_cancellable_cancel (link->cancellable);
      g_io_stream_close (G_IO_STREAM (link->connection), NULL, NULL);
    }
  if (self->timer != NULL)
    {
      g_source_destroy (self->timer);
      g_clear_pointer (&self->timer, g_source_unref);
    }
  g_byte_array_set_size (self->pending_out, 0);
  g_byte_array_set_size (self->in, 0);

  g_object_ref (self);
  g_queue_init (&self->calls);
  while ((call = g_queue_pop_head (&calls)) != NULL)
    {
      call_fail (call, first ? head_error : others_error);
      first = FALSE;
    }

  if (link != NULL)
    {
      set_connected (self, FALSE);
      if (emit_closed)
        g_signal_emit (self, signals[SIGNAL_CLOSED], 0, head_error);
      link_unref (link);
    }
  g_object_unref (self);
}

void
wirelab_client_close (WirelabClient *self)
{
  g_autoptr(GError) error = NULL;
  GTask *task;

  g_return_if_fail (WIRELAB_IS_CLIENT (self));

  error = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED, "Connection closed");
  clear_connect_timer (self);
  if (self->connect_cancellable != NULL)
    g_cancellable_cancel (self->connect_cancellable);
  g_clear_object (&self->connect_cancellable);
  task = g_steal_pointer (&self->connect_task);
  if (task != NULL)
    {
      g_task_return_error (task, g_error_copy (error));
      g_object_unref (task);
    }
  drop_connection (self, error, error, FALSE);
}

/* Commands */

static gboolean
word_needs_quotes (const char *word)
{
  return strpbrk (word, " \t#!") != NULL;
}

/**
 * wirelab_client_build_command:
 * @words: the command's words
 * @error: the reason a word cannot be sent
 *
 * The line (with its LF) that sends @words, quoted as the protocol needs.
 * The protocol has no escapes: a word holding '"', CR, LF or nothing at all
 * cannot be sent.
 */
char *
wirelab_client_build_command (const char *const  *words,
                              GError            **error)
{
  g_autoptr(GString) line = g_string_new (NULL);

  g_return_val_if_fail (words != NULL, NULL);

  if (words[0] == NULL || words[1] == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                           "A command needs at least a module and a command");
      return NULL;
    }
  for (guint i = 0; words[i] != NULL; i++)
    {
      const char *word = words[i];

      if (*word == '\0' || strpbrk (word, "\"\r\n") != NULL)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                       "Word %u cannot be sent over the hypervisor protocol "
                       "(empty, or holds '\"', CR or LF)", i);
          return NULL;
        }
      if (i > 0)
        g_string_append_c (line, ' ');
      if (word_needs_quotes (word))
        g_string_append_printf (line, "\"%s\"", word);
      else
        g_string_append (line, word);
    }
  g_string_append_c (line, '\n');
  return g_string_free (g_steal_pointer (&line), FALSE);
}

static gboolean
on_call_cancelled (GCancellable *cancellable,
                   gpointer      user_data)
{
  Call *call = user_data;

  /* The reply still comes and is swallowed; the caller hears now. */
  if (call->task != NULL)
    {
      g_task_return_new_error (call->task, G_IO_ERROR, G_IO_ERROR_CANCELLED,
                               "Operation was cancelled");
      g_clear_object (&call->task);
    }
  g_clear_pointer (&call->cancel_source, g_source_unref);
  return G_SOURCE_REMOVE;
}

void
wirelab_client_call_async (WirelabClient       *self,
                           const char *const   *words,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *line = NULL;
  Call *call;

  g_return_if_fail (WIRELAB_IS_CLIENT (self));
  g_return_if_fail (words != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, wirelab_client_call_async);

  line = wirelab_client_build_command (words, &error);
  if (line == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  if (self->link == NULL)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_CONNECTED,
                               "Not connected to %s:%u", self->host, self->port);
      return;
    }
  if (g_cancellable_is_cancelled (cancellable))
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED,
                               "Operation was cancelled");
      return;
    }

  call = g_new0 (Call, 1);
  call->client = self;
  call->task = g_steal_pointer (&task);
  call->lines = g_ptr_array_new_with_free_func (g_free);
  if (cancellable != NULL)
    {
      call->cancel_source = g_cancellable_source_new (cancellable);
      g_source_set_callback (call->cancel_source, G_SOURCE_FUNC (on_call_cancelled), call, NULL);
      g_source_attach (call->cancel_source, self->context);
    }
  g_queue_push_tail (&self->calls, call);
  if (self->calls.length == 1)
    restart_timer (self);

  g_byte_array_append (self->pending_out, (const guint8 *) line, strlen (line));
  start_write (self);
}

WirelabReply *
wirelab_client_call_finish (WirelabClient  *self,
                            GAsyncResult   *result,
                            GError        **error)
{
  g_return_val_if_fail (WIRELAB_IS_CLIENT (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

void
wirelab_client_callv_async (WirelabClient       *self,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data,
                            const char          *module,
                            const char          *command,
                            ...)
{
  g_autoptr(GPtrArray) words = g_ptr_array_new ();
  const char *word;
  va_list args;

  g_return_if_fail (WIRELAB_IS_CLIENT (self));
  g_return_if_fail (module != NULL && command != NULL);

  g_ptr_array_add (words, (gpointer) module);
  g_ptr_array_add (words, (gpointer) command);
  va_start (args, command);
  while ((word = va_arg (args, const char *)) != NULL)
    g_ptr_array_add (words, (gpointer) word);
  va_end (args);
  g_ptr_array_add (words, NULL);

  wirelab_client_call_async (self, (const char *const *) words->pdata, cancellable,
                             callback, user_data);
}
