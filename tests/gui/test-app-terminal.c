/* test-app-terminal.c: the console terminal's telnet over a real socket
 *
 * Copyright 2026 The Wirelab authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * Wirelab's router consoles never ask for the window size, so a small
 * telnet server in the test does: it asks DO NAWS and records what the
 * WirelabTerminal answers when it is shown and when it is resized.  The
 * same server comes up late and goes away, for the terminal's retries.
 */

#define G_LOG_DOMAIN "test-app-terminal"

#include "config.h"

#include <string.h>

#include "wirelab/wirelab-telnet.h"

#include "wirelab-terminal.h"

#include "app-test-util.h"

typedef struct
{
  GSocketService    *service;
  guint16            port;
  GByteArray        *received;
  GSocketConnection *connection;
  guint              accepted;
  guint8             buffer[1024];
} Server;

static void read_more (Server *server);

static void
on_read (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  Server *server = user_data;
  gssize n = g_input_stream_read_finish (G_INPUT_STREAM (source), result, NULL);

  if (n <= 0)
    return;
  g_byte_array_append (server->received, server->buffer, n);
  read_more (server);
}

static void
read_more (Server *server)
{
  if (server->connection == NULL)
    return;
  g_input_stream_read_async (g_io_stream_get_input_stream (G_IO_STREAM (server->connection)),
                             server->buffer, sizeof server->buffer, G_PRIORITY_DEFAULT, NULL,
                             on_read, server);
}

static gboolean
on_incoming (GSocketService    *service,
             GSocketConnection *connection,
             GObject           *source,
             Server            *server)
{
  const guint8 hello[] = {
    WIRELAB_TELNET_IAC, WIRELAB_TELNET_WILL, WIRELAB_TELNET_OPT_ECHO,
    WIRELAB_TELNET_IAC, WIRELAB_TELNET_DO, WIRELAB_TELNET_OPT_NAWS,
    'h', 'e', 'l', 'l', 'o', '\r', '\n',
  };

  g_clear_object (&server->connection);
  server->connection = g_object_ref (connection);
  server->accepted++;
  g_output_stream_write_all (g_io_stream_get_output_stream (G_IO_STREAM (connection)),
                             hello, sizeof hello, NULL, NULL, NULL);
  read_more (server);
  return TRUE;
}

static void
server_listen (Server *server)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, server->port);
  g_autoptr(GSocketAddress) effective = NULL;

  server->service = g_socket_service_new ();
  g_assert_true (g_socket_listener_add_address (G_SOCKET_LISTENER (server->service), address,
                                                G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, NULL,
                                                &effective, &error));
  g_assert_no_error (error);
  server->port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (effective));
  g_signal_connect (server->service, "incoming", G_CALLBACK (on_incoming), server);
  g_socket_service_start (server->service);
}

static void
server_stop (Server *server)
{
  if (server->connection != NULL)
    g_io_stream_close (G_IO_STREAM (server->connection), NULL, NULL);
  g_clear_object (&server->connection);
  if (server->service != NULL)
    {
      g_socket_service_stop (server->service);
      g_socket_listener_close (G_SOCKET_LISTENER (server->service));
    }
  g_clear_object (&server->service);
}

/* The last NAWS subnegotiation received: columns and rows, FALSE if none. */
static gboolean
last_naws (Server  *server,
           guint   *columns,
           guint   *rows)
{
  const guint8 start[] = { WIRELAB_TELNET_IAC, WIRELAB_TELNET_SB, WIRELAB_TELNET_OPT_NAWS };
  const guint8 *data = server->received->data;
  gboolean found = FALSE;

  for (guint i = 0; i + 9 <= server->received->len; i++)
    if (memcmp (data + i, start, sizeof start) == 0 &&
        data[i + 7] == WIRELAB_TELNET_IAC && data[i + 8] == WIRELAB_TELNET_SE)
      {
        *columns = data[i + 3] << 8 | data[i + 4];
        *rows = data[i + 5] << 8 | data[i + 6];
        found = TRUE;
      }
  return found;
}

typedef struct
{
  Server          *server;
  WirelabTerminal *terminal;
} Pair;

static gboolean
naws_matches (gpointer data)
{
  Pair *p = data;
  guint columns, rows;

  return last_naws (p->server, &columns, &rows) &&
         columns == vte_terminal_get_column_count (VTE_TERMINAL (p->terminal)) &&
         rows == vte_terminal_get_row_count (VTE_TERMINAL (p->terminal));
}

static gboolean
more_columns (gpointer data)
{
  Pair *p = data;
  guint columns, rows;

  return last_naws (p->server, &columns, &rows) &&
         vte_terminal_get_column_count (VTE_TERMINAL (p->terminal)) > columns;
}

static gboolean
connected (gpointer data)
{
  return wirelab_terminal_get_state (data) == WIRELAB_TERMINAL_CONNECTED;
}

static gboolean
accepted_twice (gpointer data)
{
  return ((Server *) data)->accepted >= 2;
}

static gboolean
received_text (gpointer data)
{
  Server *server = data;

  /* Binary data (NAWS sizes hold NULs): memmem, not a string search. */
  return memmem (server->received->data, server->received->len, "show clock\r\0", 12) != NULL;
}

static void
test_naws_and_retries (void)
{
  Server server = { 0 };
  g_autoptr(GSocketListener) probe = g_socket_listener_new ();
  g_autoptr(GError) error = NULL;
  GtkWindow *window;
  WirelabTerminal *terminal;
  Pair pair;
  guint columns = 0, rows = 0, first_columns;

  server.received = g_byte_array_new ();
  /* A port with nothing behind it yet. */
  server.port = g_socket_listener_add_any_inet_port (probe, NULL, &error);
  g_assert_no_error (error);
  g_socket_listener_close (probe);

  window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_default_size (window, 640, 400);
  terminal = wirelab_terminal_new ();
  gtk_window_set_child (window, GTK_WIDGET (terminal));
  gtk_window_present (window);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (window));

  /* The console is not listening yet: the terminal keeps trying. */
  wirelab_terminal_connect (terminal, "127.0.0.1", server.port);
  app_test_spin (600);
  g_assert_cmpint (wirelab_terminal_get_state (terminal), ==, WIRELAB_TERMINAL_CONNECTING);
  g_assert_cmpstr (wirelab_terminal_get_error (terminal), !=, "");

  server_listen (&server);
  g_assert_true (app_test_wait (connected, terminal, 10000));

  /* DO NAWS is answered with WILL NAWS and the size in cells. */
  pair.server = &server;
  pair.terminal = terminal;
  g_assert_true (app_test_wait (naws_matches, &pair, 5000));
  g_assert_true (last_naws (&server, &columns, &rows));
  g_test_message ("NAWS %u×%u", columns, rows);
  g_assert_cmpuint (columns, >, 20);
  first_columns = columns;

  /* Smaller cells in the same widget: more columns, and the new size
   * goes out. */
  vte_terminal_set_font_scale (VTE_TERMINAL (terminal), 0.6);
  g_assert_true (app_test_wait (more_columns, &pair, 5000));
  g_assert_true (app_test_wait (naws_matches, &pair, 5000));
  g_assert_true (last_naws (&server, &columns, &rows));
  g_assert_cmpuint (columns, >, first_columns);

  /* Typing through VTE reaches the server (CR as CR NUL outside BINARY). */
  vte_terminal_feed_child (VTE_TERMINAL (terminal), "show clock\r", -1);
  g_assert_true (app_test_wait (received_text, &server, 5000));

  /* The server drops the connection: the terminal says so and reconnects. */
  g_io_stream_close (G_IO_STREAM (server.connection), NULL, NULL);
  g_assert_true (app_test_wait (accepted_twice, &server, 10000));
  g_assert_true (app_test_wait (connected, terminal, 10000));
  {
    g_autofree char *text = vte_terminal_get_text (VTE_TERMINAL (terminal), NULL, NULL, NULL);

    g_assert_nonnull (strstr (text, "[Connection closed]"));
  }

  wirelab_terminal_disconnect (terminal);
  g_assert_cmpint (wirelab_terminal_get_state (terminal), ==, WIRELAB_TERMINAL_DISCONNECTED);
  server_stop (&server);
  gtk_window_destroy (window);
  app_test_spin (50);
  g_byte_array_unref (server.received);
}

int
main (int   argc,
      char *argv[])
{
  if (app_test_init (&argc, &argv))
    return 0;

  g_test_add_func ("/app/terminal/naws-and-retries", test_naws_and_retries);

  return app_test_finish (g_test_run ());
}
