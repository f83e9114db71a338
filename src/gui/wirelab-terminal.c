/* wirelab-terminal.c: a VteTerminal on a telnet console port
 *
 * Copyright 2026 The Wirelab authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#define G_LOG_DOMAIN "wirelab-terminal"

#include "config.h"

#include <glib/gi18n.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <string.h>

#include "wirelab/wirelab-telnet.h"

#include "wirelab-terminal.h"

#define RETRY_FIRST_MS 250
#define RETRY_MAX_MS   4000
#define READ_SIZE      4096

struct _WirelabTerminal
{
  VteTerminal           parent_instance;

  WirelabTelnet        *telnet;
  GSocketClient        *client;
  GSocketConnection    *connection;
  /* Cancels the current attempt or connection (replaced for each). */
  GCancellable         *cancellable;

  char                 *host;
  guint16               port;
  WirelabTerminalState  state;
  char                 *error;
  guint                 retry_source;
  guint                 retry_ms;

  GQueue                writes;       /* GBytes waiting to go out */
  GBytes               *writing;      /* the one being written */
};

G_DEFINE_FINAL_TYPE (WirelabTerminal, wirelab_terminal, VTE_TYPE_TERMINAL)

enum {
  PROP_0,
  PROP_STATE,
  PROP_HOST,
  PROP_PORT,
  PROP_ERROR,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void start_connect (WirelabTerminal *self);

static void
set_state (WirelabTerminal      *self,
           WirelabTerminalState  state)
{
  if (self->state == state)
    return;
  self->state = state;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
}

static void
set_error (WirelabTerminal *self,
           const char      *error)
{
  if (g_strcmp0 (self->error, error) == 0)
    return;
  g_free (self->error);
  self->error = g_strdup (error);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ERROR]);
}

/* Drops the connection or attempt, keeps the target. */
static void
drop_connection (WirelabTerminal *self)
{
  g_clear_handle_id (&self->retry_source, g_source_remove);
  if (self->cancellable != NULL)
    {
      g_cancellable_cancel (self->cancellable);
      g_clear_object (&self->cancellable);
    }
  if (self->connection != NULL)
    {
      g_io_stream_close (G_IO_STREAM (self->connection), NULL, NULL);
      g_clear_object (&self->connection);
    }
  g_queue_clear_full (&self->writes, (GDestroyNotify) g_bytes_unref);
  g_clear_pointer (&self->writing, g_bytes_unref);
}

static gboolean
retry_cb (gpointer user_data)
{
  WirelabTerminal *self = user_data;

  self->retry_source = 0;
  start_connect (self);
  return G_SOURCE_REMOVE;
}

static void
schedule_retry (WirelabTerminal *self)
{
  drop_connection (self);
  set_state (self, WIRELAB_TERMINAL_CONNECTING);
  self->retry_source = g_timeout_add (self->retry_ms, retry_cb, self);
  self->retry_ms = MIN (self->retry_ms * 2, RETRY_MAX_MS);
}

static void write_next (WirelabTerminal *self);

static void
on_written (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(WirelabTerminal) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!g_output_stream_write_all_finish (G_OUTPUT_STREAM (source), result, NULL, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_debug ("Write to %s:%u failed: %s", self->host, self->port, error->message);
          set_error (self, error->message);
          schedule_retry (self);
        }
      return;
    }

  g_clear_pointer (&self->writing, g_bytes_unref);
  write_next (self);
}

static void
write_next (WirelabTerminal *self)
{
  GOutputStream *out;
  gsize length;
  const guint8 *data;

  if (self->writing != NULL || self->connection == NULL)
    return;
  self->writing = g_queue_pop_head (&self->writes);
  if (self->writing == NULL)
    return;

  out = g_io_stream_get_output_stream (G_IO_STREAM (self->connection));
  data = g_bytes_get_data (self->writing, &length);
  g_output_stream_write_all_async (out, data, length, G_PRIORITY_DEFAULT, self->cancellable,
                                   on_written, g_object_ref (self));
}

static void
queue_write (WirelabTerminal *self,
             GByteArray      *bytes)
{
  if (bytes->len == 0 || self->connection == NULL)
    return;
  g_queue_push_tail (&self->writes, g_bytes_new (bytes->data, bytes->len));
  write_next (self);
}

static void read_next (WirelabTerminal *self);

static void
on_read (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(WirelabTerminal) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GByteArray) text = NULL;
  g_autoptr(GByteArray) reply = NULL;
  const guint8 *data;
  gsize length;

  bytes = g_input_stream_read_bytes_finish (G_INPUT_STREAM (source), result, &error);
  if (bytes == NULL && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (bytes == NULL || g_bytes_get_size (bytes) == 0)
    {
      g_debug ("Console %s:%u closed: %s", self->host, self->port,
               error != NULL ? error->message : "end of stream");
      set_error (self, error != NULL ? error->message : _("Connection closed"));
      wirelab_terminal_show_notice (self, _("Connection closed"));
      self->retry_ms = RETRY_FIRST_MS;
      schedule_retry (self);
      return;
    }

  text = g_byte_array_new ();
  reply = g_byte_array_new ();
  data = g_bytes_get_data (bytes, &length);
  wirelab_telnet_receive (self->telnet, data, length, text, reply);
  if (text->len > 0)
    vte_terminal_feed (VTE_TERMINAL (self), (const char *) text->data, text->len);
  queue_write (self, reply);
  read_next (self);
}

static void
read_next (WirelabTerminal *self)
{
  GInputStream *in = g_io_stream_get_input_stream (G_IO_STREAM (self->connection));

  g_input_stream_read_bytes_async (in, READ_SIZE, G_PRIORITY_DEFAULT, self->cancellable,
                                   on_read, g_object_ref (self));
}

static void
on_connected (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(WirelabTerminal) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GSocketConnection) connection = NULL;
  GSocket *socket;

  connection = g_socket_client_connect_to_host_finish (G_SOCKET_CLIENT (source), result, &error);
  if (connection == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      g_debug ("Console %s:%u: %s", self->host, self->port, error->message);
      set_error (self, error->message);
      schedule_retry (self);
      return;
    }

  socket = g_socket_connection_get_socket (connection);
  g_socket_set_option (socket, IPPROTO_TCP, TCP_NODELAY, 1, NULL);

  self->connection = g_steal_pointer (&connection);
  self->retry_ms = RETRY_FIRST_MS;
  wirelab_telnet_reset (self->telnet);
  set_error (self, "");
  set_state (self, WIRELAB_TERMINAL_CONNECTED);
  read_next (self);
}

static void
start_connect (WirelabTerminal *self)
{
  g_assert (self->host != NULL);

  drop_connection (self);
  self->cancellable = g_cancellable_new ();
  set_state (self, WIRELAB_TERMINAL_CONNECTING);
  g_socket_client_connect_to_host_async (self->client, self->host, self->port,
                                         self->cancellable, on_connected, g_object_ref (self));
}

void
wirelab_terminal_connect (WirelabTerminal *self,
                          const char      *host,
                          guint16          port)
{
  g_return_if_fail (WIRELAB_IS_TERMINAL (self));
  g_return_if_fail (host != NULL && *host != '\0');
  g_return_if_fail (port != 0);

  if (self->state != WIRELAB_TERMINAL_DISCONNECTED &&
      g_strcmp0 (self->host, host) == 0 && self->port == port)
    return;

  if (g_strcmp0 (self->host, host) != 0)
    {
      g_free (self->host);
      self->host = g_strdup (host);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HOST]);
    }
  if (self->port != port)
    {
      self->port = port;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PORT]);
    }
  self->retry_ms = RETRY_FIRST_MS;
  start_connect (self);
}

void
wirelab_terminal_disconnect (WirelabTerminal *self)
{
  g_return_if_fail (WIRELAB_IS_TERMINAL (self));

  drop_connection (self);
  set_state (self, WIRELAB_TERMINAL_DISCONNECTED);
}

void
wirelab_terminal_send (WirelabTerminal *self,
                       const char      *data,
                       gssize           length)
{
  g_autoptr(GByteArray) wire = NULL;
  g_autoptr(GByteArray) echo = NULL;

  g_return_if_fail (WIRELAB_IS_TERMINAL (self));
  g_return_if_fail (data != NULL || length == 0);

  if (length < 0)
    length = strlen (data);
  if (self->connection == NULL)
    return;

  wire = g_byte_array_new ();
  echo = g_byte_array_new ();
  wirelab_telnet_send (self->telnet, (const guint8 *) data, length, wire, echo);
  if (echo->len > 0)
    vte_terminal_feed (VTE_TERMINAL (self), (const char *) echo->data, echo->len);
  queue_write (self, wire);
}

void
wirelab_terminal_show_notice (WirelabTerminal *self,
                              const char      *text)
{
  g_autofree char *line = NULL;
  glong column = 0;

  g_return_if_fail (WIRELAB_IS_TERMINAL (self));
  g_return_if_fail (text != NULL);

  vte_terminal_get_cursor_position (VTE_TERMINAL (self), &column, NULL);
  /* Dim, in brackets, on a line of its own. */
  line = g_strdup_printf ("%s\033[2m[%s]\033[0m\r\n", column > 0 ? "\r\n" : "", text);
  vte_terminal_feed (VTE_TERMINAL (self), line, -1);
}

WirelabTerminalState
wirelab_terminal_get_state (WirelabTerminal *self)
{
  g_return_val_if_fail (WIRELAB_IS_TERMINAL (self), WIRELAB_TERMINAL_DISCONNECTED);

  return self->state;
}

const char *
wirelab_terminal_get_host (WirelabTerminal *self)
{
  g_return_val_if_fail (WIRELAB_IS_TERMINAL (self), NULL);

  return self->host;
}

guint16
wirelab_terminal_get_port (WirelabTerminal *self)
{
  g_return_val_if_fail (WIRELAB_IS_TERMINAL (self), 0);

  return self->port;
}

const char *
wirelab_terminal_get_error (WirelabTerminal *self)
{
  g_return_val_if_fail (WIRELAB_IS_TERMINAL (self), NULL);

  return self->error;
}

WirelabTerminal *
wirelab_terminal_new (void)
{
  return g_object_new (WIRELAB_TYPE_TERMINAL, NULL);
}

/* What the user types or pastes.  A signal handler, not the class's
 * commit slot: VTE 0.70 does not run that slot. */
static void
on_commit (VteTerminal *terminal,
           const char  *text,
           guint        size)
{
  wirelab_terminal_send (WIRELAB_TERMINAL (terminal), text, size);
}

/* VTE 0.70 has no notification for the size in cells: compare after each
 * allocation and tell the router (NAWS) when it changed. */
static void
wirelab_terminal_size_allocate (GtkWidget *widget,
                                int        width,
                                int        height,
                                int        baseline)
{
  WirelabTerminal *self = WIRELAB_TERMINAL (widget);
  g_autoptr(GByteArray) wire = g_byte_array_new ();
  glong columns;
  glong rows;

  GTK_WIDGET_CLASS (wirelab_terminal_parent_class)->size_allocate (widget, width, height, baseline);

  columns = vte_terminal_get_column_count (VTE_TERMINAL (self));
  rows = vte_terminal_get_row_count (VTE_TERMINAL (self));
  wirelab_telnet_set_window_size (self->telnet, CLAMP (columns, 1, G_MAXUINT16),
                                  CLAMP (rows, 1, G_MAXUINT16), wire);
  queue_write (self, wire);
}

static void
copy_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  /* Without a selection, nothing: never a ^C to the router by mistake. */
  if (vte_terminal_get_has_selection (VTE_TERMINAL (widget)))
    vte_terminal_copy_clipboard_format (VTE_TERMINAL (widget), VTE_FORMAT_TEXT);
}

static void
paste_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *param)
{
  vte_terminal_paste_clipboard (VTE_TERMINAL (widget));
}

static void
select_all_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *param)
{
  vte_terminal_select_all (VTE_TERMINAL (widget));
}

/* Console shortcuts (term.*, dock.*) come from the application's accel
 * table, but the window's accelerators cannot reach this widget's actions:
 * dispatch them here, before VTE turns the keys into bytes. */
static gboolean
on_key_pressed (GtkEventControllerKey *controller,
                guint                  keyval,
                guint                  keycode,
                GdkModifierType        state,
                WirelabTerminal       *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkApplication *app = GTK_IS_WINDOW (root) ? gtk_window_get_application (GTK_WINDOW (root)) : NULL;
  g_autofree char *accel = NULL;
  g_auto(GStrv) actions = NULL;

  if (app == NULL)
    return FALSE;
  accel = gtk_accelerator_name (gdk_keyval_to_lower (keyval), state & gtk_accelerator_get_default_mod_mask ());
  actions = gtk_application_get_actions_for_accel (app, accel);
  for (guint i = 0; actions != NULL && actions[i] != NULL; i++)
    {
      g_autofree char *name = NULL;
      g_autoptr(GVariant) target = NULL;

      if (!g_str_has_prefix (actions[i], "term.") && !g_str_has_prefix (actions[i], "dock."))
        continue;
      if (!g_action_parse_detailed_name (actions[i], &name, &target, NULL))
        continue;
      if (gtk_widget_activate_action_variant (GTK_WIDGET (self), name, target))
        return TRUE;
    }
  return FALSE;
}

static void
wirelab_terminal_dispose (GObject *object)
{
  WirelabTerminal *self = WIRELAB_TERMINAL (object);

  drop_connection (self);

  G_OBJECT_CLASS (wirelab_terminal_parent_class)->dispose (object);
}

static void
wirelab_terminal_finalize (GObject *object)
{
  WirelabTerminal *self = WIRELAB_TERMINAL (object);

  g_clear_object (&self->telnet);
  g_clear_object (&self->client);
  g_free (self->host);
  g_free (self->error);

  G_OBJECT_CLASS (wirelab_terminal_parent_class)->finalize (object);
}

static void
wirelab_terminal_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  WirelabTerminal *self = WIRELAB_TERMINAL (object);

  switch (prop_id)
    {
    case PROP_STATE:
      g_value_set_int (value, self->state);
      break;

    case PROP_HOST:
      g_value_set_string (value, self->host);
      break;

    case PROP_PORT:
      g_value_set_uint (value, self->port);
      break;

    case PROP_ERROR:
      g_value_set_string (value, self->error);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
wirelab_terminal_class_init (WirelabTerminalClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = wirelab_terminal_dispose;
  object_class->finalize = wirelab_terminal_finalize;
  object_class->get_property = wirelab_terminal_get_property;

  widget_class->size_allocate = wirelab_terminal_size_allocate;

  /* A WirelabTerminalState. */
  properties[PROP_STATE] =
    g_param_spec_int ("state", NULL, NULL,
                      WIRELAB_TERMINAL_DISCONNECTED, WIRELAB_TERMINAL_CONNECTED,
                      WIRELAB_TERMINAL_DISCONNECTED,
                      G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_HOST] =
    g_param_spec_string ("host", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_PORT] =
    g_param_spec_uint ("port", NULL, NULL, 0, G_MAXUINT16, 0,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_ERROR] =
    g_param_spec_string ("error", NULL, NULL, "",
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_install_action (widget_class, "term.copy", NULL, copy_action);
  gtk_widget_class_install_action (widget_class, "term.paste", NULL, paste_action);
  gtk_widget_class_install_action (widget_class, "term.select-all", NULL, select_all_action);
}

static void
wirelab_terminal_init (WirelabTerminal *self)
{
  VteTerminal *terminal = VTE_TERMINAL (self);
  /* Tango, as most terminals a network engineer knows. */
  static const char *const palette_spec[16] = {
    "#2e3436", "#cc0000", "#4e9a06", "#c4a000", "#3465a4", "#75507b", "#06989a", "#d3d7cf",
    "#555753", "#ef2929", "#8ae234", "#fce94f", "#729fcf", "#ad7fa8", "#34e2e2", "#eeeeec",
  };
  GdkRGBA palette[16];
  GdkRGBA foreground;
  GdkRGBA background;
  GtkEventController *controller;

  self->telnet = wirelab_telnet_new ();
  self->client = g_socket_client_new ();
  self->retry_ms = RETRY_FIRST_MS;
  self->error = g_strdup ("");
  g_queue_init (&self->writes);

  for (guint i = 0; i < G_N_ELEMENTS (palette); i++)
    gdk_rgba_parse (&palette[i], palette_spec[i]);
  gdk_rgba_parse (&foreground, "#deddda");
  gdk_rgba_parse (&background, "#1e1e1e");
  vte_terminal_set_colors (terminal, &foreground, &background, palette, G_N_ELEMENTS (palette));

  /* Without a PTY VTE would send ^H; routers take DEL as PuTTY sends it. */
  vte_terminal_set_backspace_binding (terminal, VTE_ERASE_ASCII_DELETE);
  vte_terminal_set_delete_binding (terminal, VTE_ERASE_DELETE_SEQUENCE);
  vte_terminal_set_mouse_autohide (terminal, TRUE);
  vte_terminal_set_scroll_on_keystroke (terminal, TRUE);
  vte_terminal_set_scroll_on_output (terminal, FALSE);
  vte_terminal_set_size (terminal, 80, 24);

  g_signal_connect (self, "commit", G_CALLBACK (on_commit), NULL);

  controller = gtk_event_controller_key_new ();
  gtk_event_controller_set_propagation_phase (controller, GTK_PHASE_CAPTURE);
  g_signal_connect_object (controller, "key-pressed", G_CALLBACK (on_key_pressed), self, 0);
  gtk_widget_add_controller (GTK_WIDGET (self), controller);
}
