/* fuzz-client-replies.c: libFuzzer target for the protocol client's replies
 *
 * Copyright 2026 The Wirelab authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * An input is the byte stream a hypervisor sends back.  A WirelabClient
 * connects to a listener of this process on 127.0.0.1 (the only way in: the
 * client makes its own TCP connection) and has one command in flight per
 * final line of the input ("NNN-", spec section 3) plus one more; the
 * input is written to it in chunks whose sizes come from a generator
 * seeded by the input.  Checked, against the lines as read here:
 * - every command gets the answer of its own final line, in order: 1xx is a
 *   WirelabReply with the final line's text and the 101 lines before it,
 *   2xx a WIRELAB_HV_ERROR with that code and text, and any other code a
 *   G_IO_ERROR_INVALID_DATA (never an error code outside 200..299);
 * - the extra command fails with G_IO_ERROR_CANCELLED at close;
 * - ASan: the reader never reads past what it received.
 */

#define G_LOG_DOMAIN "fuzz-client-replies"

#include "config.h"

#include <stdint.h>
#include <string.h>

#include "wirelab/wirelab-client.h"

#include "fuzz-util.h"

typedef struct
{
  gboolean      done;
  WirelabReply *reply;
  GError       *error;
} Result;

typedef struct
{
  char      *text;       /* the final line after "NNN-" */
  guint      code;
  GPtrArray *lines;      /* the lines before it */
} Expected;

static GSocketListener *listener;
static guint16 port;
static guint n_done;

static void
expected_free (gpointer data)
{
  Expected *e = data;

  g_free (e->text);
  g_ptr_array_unref (e->lines);
  g_free (e);
}

/* The replies the input holds, read by spec section 3: lines end in LF
 * (a CR before it is dropped), a final line has 3 digits and '-'.  The
 * client hands over C strings, so a NUL ends a text. */
static GPtrArray *
expected_replies (const guint8 *data,
                  gsize         size)
{
  GPtrArray *replies = g_ptr_array_new_with_free_func (expected_free);
  g_autoptr(GPtrArray) lines = g_ptr_array_new_with_free_func (g_free);
  gsize start = 0;

  for (gsize i = 0; i < size; i++)
    {
      const char *line = (const char *) data + start;
      gsize len = i - start;

      if (data[i] != '\n')
        continue;
      start = i + 1;
      if (len > 0 && line[len - 1] == '\r')
        len--;
      if (len >= 4 && g_ascii_isdigit (line[0]) && g_ascii_isdigit (line[1]) &&
          g_ascii_isdigit (line[2]) && line[3] == '-')
        {
          Expected *e = g_new0 (Expected, 1);

          e->code = g_ascii_digit_value (line[0]) * 100 + g_ascii_digit_value (line[1]) * 10 +
                    g_ascii_digit_value (line[2]);
          e->text = g_strndup (line + 4, len - 4);
          e->lines = g_steal_pointer (&lines);
          lines = g_ptr_array_new_with_free_func (g_free);
          g_ptr_array_add (replies, e);
        }
      else if (len >= 4 && line[3] == ' ')
        g_ptr_array_add (lines, g_strndup (line + 4, len - 4));
      else
        g_ptr_array_add (lines, g_strndup (line, len));
    }
  return replies;
}

static void
on_call (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  Result *r = user_data;

  r->reply = wirelab_client_call_finish (WIRELAB_CLIENT (source), result, &r->error);
  g_assert_true ((r->reply == NULL) != (r->error == NULL));
  r->done = TRUE;
  n_done++;
}

static void
on_connected (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  gboolean *connected = user_data;
  g_autoptr(GError) error = NULL;

  g_assert_true (wirelab_client_connect_finish (WIRELAB_CLIENT (source), result, &error));
  g_assert_no_error (error);
  *connected = TRUE;
}

static void
on_accepted (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  GSocketConnection **server = user_data;
  g_autoptr(GError) error = NULL;

  *server = g_socket_listener_accept_finish (G_SOCKET_LISTENER (source), result, NULL, &error);
  g_assert_no_error (error);
}

static void
check_result (const Result   *r,
              const Expected *e)
{
  g_assert_true (r->done);
  if (e->code >= 100 && e->code <= 199)
    {
      const char *const *lines;

      g_assert_no_error (r->error);
      g_assert_cmpstr (wirelab_reply_get_text (r->reply), ==, e->text);
      lines = wirelab_reply_get_lines (r->reply);
      g_assert_cmpuint (g_strv_length ((char **) lines), ==, e->lines->len);
      for (guint i = 0; i < e->lines->len; i++)
        g_assert_cmpstr (lines[i], ==, g_ptr_array_index (e->lines, i));
    }
  else if (e->code >= 200 && e->code <= 299)
    {
      g_assert_error (r->error, WIRELAB_HV_ERROR, (int) e->code);
      g_assert_cmpstr (r->error->message, ==, e->text);
    }
  else
    g_assert_error (r->error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
}

static void
setup_listener (void)
{
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) effective = NULL;
  g_autoptr(GError) error = NULL;

  listener = g_socket_listener_new ();
  g_assert_true (g_socket_listener_add_address (listener, address, G_SOCKET_TYPE_STREAM,
                                                G_SOCKET_PROTOCOL_TCP, NULL, &effective, &error));
  g_assert_no_error (error);
  port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (effective));
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  static const char *const words[] = { "hypervisor", "version", NULL };
  g_autoptr(GPtrArray) expected = expected_replies (data, size);
  g_autoptr(WirelabClient) client = NULL;
  g_autoptr(GSocketConnection) server = NULL;
  g_autoptr(GRand) rand = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree Result *results = NULL;
  GOutputStream *out;
  gboolean connected = FALSE;
  guint32 seed = 2166136261u;
  guint n_calls = expected->len + 1;
  gsize at = 0;

  if (listener == NULL)
    setup_listener ();

  client = wirelab_client_new ("127.0.0.1", port);
  wirelab_client_set_timeout (client, 0);   /* a stall is libFuzzer's -timeout */
  wirelab_client_connect_async (client, NULL, on_connected, &connected);
  g_socket_listener_accept_async (listener, NULL, on_accepted, &server);
  while (!connected || server == NULL)
    g_main_context_iteration (NULL, TRUE);

  results = g_new0 (Result, n_calls);
  n_done = 0;
  for (guint i = 0; i < n_calls; i++)
    wirelab_client_call_async (client, words, NULL, on_call, &results[i]);

  for (gsize i = 0; i < size; i++)
    seed = (seed ^ data[i]) * 16777619u;
  rand = g_rand_new_with_seed (seed);
  out = g_io_stream_get_output_stream (G_IO_STREAM (server));
  while (at < size)
    {
      gsize n = g_rand_int_range (rand, 1, 64);

      n = MIN (n, size - at);

      g_assert_true (g_output_stream_write_all (out, data + at, n, NULL, NULL, &error));
      g_assert_no_error (error);
      at += n;
      /* Let the client read what is there, so its reads split anywhere. */
      while (g_main_context_iteration (NULL, FALSE))
        ;
    }

  while (n_done < expected->len)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpuint (n_done, ==, expected->len);
  for (guint i = 0; i < expected->len; i++)
    check_result (&results[i], g_ptr_array_index (expected, i));

  wirelab_client_close (client);
  while (n_done < n_calls)
    g_main_context_iteration (NULL, TRUE);
  g_assert_error (results[expected->len].error, G_IO_ERROR, G_IO_ERROR_CANCELLED);

  g_clear_object (&client);
  g_io_stream_close (G_IO_STREAM (server), NULL, NULL);
  g_clear_object (&server);
  while (g_main_context_iteration (NULL, FALSE))
    ;

  for (guint i = 0; i < n_calls; i++)
    {
      g_clear_pointer (&results[i].reply, wirelab_reply_unref);
      g_clear_error (&results[i].error);
    }
  return 0;
}
