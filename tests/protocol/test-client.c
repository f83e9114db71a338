/* test-client.c: WirelabClient against a real hypervisor server over TCP
 *
 * Copyright 2026 The Wirelab authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include "config.h"

#include <string.h>

#include "wirelab/wirelab.h"

typedef struct
{
  WirelabHypervisor *hv;
  WirelabClient     *client;
  guint16            port;
} Fixture;

typedef struct
{
  gboolean      done;
  WirelabReply *reply;
  GError       *error;
} Result;

static void
result_clear (Result *r)
{
  g_clear_pointer (&r->reply, wirelab_reply_unref);
  g_clear_error (&r->error);
  r->done = FALSE;
}

static void
wait_for (gboolean *flag)
{
  gint64 deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;

  while (!*flag)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, TRUE);
    }
}

static void
on_connect (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  Result *r = user_data;

  wirelab_client_connect_finish (WIRELAB_CLIENT (source), result, &r->error);
  r->done = TRUE;
}

static void
on_call (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  Result *r = user_data;

  r->reply = wirelab_client_call_finish (WIRELAB_CLIENT (source), result, &r->error);
  r->done = TRUE;
}

static void
connect_client (WirelabClient *client)
{
  Result r = { 0 };

  wirelab_client_connect_async (client, NULL, on_connect, &r);
  wait_for (&r.done);
  g_assert_no_error (r.error);
  g_assert_true (wirelab_client_is_connected (client));
}

static void
fixture_setup (Fixture       *fx,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fx->hv = wirelab_hypervisor_new ();
  g_assert_true (wirelab_hypervisor_listen (fx->hv, "127.0.0.1", 0, &fx->port, &error));
  g_assert_no_error (error);
  fx->client = wirelab_client_new ("127.0.0.1", fx->port);
  connect_client (fx->client);
}

static void
on_stopped (WirelabHypervisor *hv,
            gboolean          *flag)
{
  *flag = TRUE;
}

static void
fixture_teardown (Fixture       *fx,
                  gconstpointer  data)
{
  gboolean stopped = FALSE;

  g_clear_object (&fx->client);
  g_signal_connect (fx->hv, "stopped", G_CALLBACK (on_stopped), &stopped);
  wirelab_hypervisor_shutdown (fx->hv);
  wait_for (&stopped);
  g_clear_object (&fx->hv);
}

static WirelabReply *
call_sync (WirelabClient      *client,
           const char *const  *words,
           GError            **error)
{
  Result r = { 0 };

  wirelab_client_call_async (client, words, NULL, on_call, &r);
  wait_for (&r.done);
  if (r.error != NULL)
    g_propagate_error (error, r.error);
  return r.reply;
}

static void
test_version (Fixture       *fx,
              gconstpointer  data)
{
  const char *words[] = { "hypervisor", "version", NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(WirelabReply) reply = call_sync (fx->client, words, &error);

  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (wirelab_reply_get_text (reply), "0.2.24-"));
  g_assert_null (wirelab_reply_get_lines (reply)[0]);
  g_assert_cmpstr (wirelab_client_get_host (fx->client), ==, "127.0.0.1");
  g_assert_cmpuint (wirelab_client_get_port (fx->client), ==, fx->port);
}

static void
test_info_lines (Fixture       *fx,
                 gconstpointer  data)
{
  const char *words[] = { "hypervisor", "parser_test", "a b", "c#d", "e!f", "tab\tx", "''", "C:\\x y", NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(WirelabReply) reply = call_sync (fx->client, words, &error);
  const char *const *lines;

  g_assert_no_error (error);
  g_assert_cmpstr (wirelab_reply_get_text (reply), ==, "OK");
  lines = wirelab_reply_get_lines (reply);
  g_assert_cmpuint (g_strv_length ((char **) lines), ==, 6);
  g_assert_cmpstr (lines[0], ==, "arg 0 (len 3): \"a b\"");
  g_assert_cmpstr (lines[1], ==, "arg 1 (len 3): \"c#d\"");
  g_assert_cmpstr (lines[2], ==, "arg 2 (len 3): \"e!f\"");
  g_assert_cmpstr (lines[3], ==, "arg 3 (len 5): \"tab\tx\"");
  g_assert_cmpstr (lines[4], ==, "arg 4 (len 2): \"''\"");
  g_assert_cmpstr (lines[5], ==, "arg 5 (len 6): \"C:\\x y\"");
}

static void
test_errors (Fixture       *fx,
             gconstpointer  data)
{
  const char *unknown[] = { "foo", "bar", NULL };
  const char *missing[] = { "object_store", "read", "nope", NULL };
  const char *quote[] = { "hypervisor", "parser_test", "a\"b", NULL };
  const char *newline[] = { "hypervisor", "parser_test", "a\nb", NULL };
  const char *empty[] = { "hypervisor", "parser_test", "", NULL };
  const char *lonely[] = { "hypervisor", NULL };
  g_autoptr(GError) error = NULL;
  WirelabReply *reply;

  reply = call_sync (fx->client, unknown, &error);
  g_assert_null (reply);
  g_assert_error (error, WIRELAB_HV_ERROR, 201);
  g_assert_cmpstr (error->message, ==, "Unknown module 'foo'");
  g_clear_error (&error);

  reply = call_sync (fx->client, missing, &error);
  g_assert_error (error, WIRELAB_HV_ERROR, 208);
  g_assert_cmpstr (error->message, ==, "unable to find object 'nope'");
  g_clear_error (&error);

  /* Words the protocol cannot carry never reach the wire. */
  reply = call_sync (fx->client, quote, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  reply = call_sync (fx->client, newline, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  reply = call_sync (fx->client, empty, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  reply = call_sync (fx->client, lonely, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);

  /* The connection is still in step. */
  {
    const char *words[] = { "hypervisor", "parser_test", "ok", NULL };
    g_autoptr(WirelabReply) good = call_sync (fx->client, words, &error);

    g_assert_no_error (error);
    g_assert_cmpstr (wirelab_reply_get_lines (good)[0], ==, "arg 0 (len 2): \"ok\"");
  }
}

static void
test_build_command (void)
{
  const char *words[] = { "vm", "set_config", "R 1", "cfg#1", "plain", NULL };
  g_autofree char *line = wirelab_client_build_command (words, NULL);

  g_assert_cmpstr (line, ==, "vm set_config \"R 1\" \"cfg#1\" plain\n");
}

typedef struct
{
  guint   expected;
  guint   done;
  gboolean ok;
} Pipeline;

static void
on_pipelined (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  Pipeline *p = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(WirelabReply) reply = wirelab_client_call_finish (WIRELAB_CLIENT (source), result, &error);
  g_autofree char *expected = NULL;

  /* Completions come in the order the commands were sent. */
  if (p->done % 3 == 2)
    {
      p->ok = p->ok && g_error_matches (error, WIRELAB_HV_ERROR, 202);
    }
  else
    {
      expected = g_strdup_printf ("arg 0 (len %u): \"n%u\"",
                                  p->done < 10 ? 2 : p->done < 100 ? 3 : 4, p->done);
      p->ok = p->ok && reply != NULL && g_strcmp0 (wirelab_reply_get_lines (reply)[0], expected) == 0;
    }
  p->done++;
}

static void
test_pipelining (Fixture       *fx,
                 gconstpointer  data)
{
  Pipeline p = { .expected = 300, .ok = TRUE };
  gboolean all = FALSE;

  for (guint i = 0; i < p.expected; i++)
    {
      g_autofree char *word = g_strdup_printf ("n%u", i);

      if (i % 3 == 2)
        wirelab_client_callv_async (fx->client, NULL, on_pipelined, &p, "hypervisor", "nope", NULL);
      else
        wirelab_client_callv_async (fx->client, NULL, on_pipelined, &p,
                                    "hypervisor", "parser_test", word, NULL);
    }
  while (!all)
    {
      g_main_context_iteration (NULL, TRUE);
      all = p.done == p.expected;
    }
  g_assert_true (p.ok);
}

static void
test_cancel (Fixture       *fx,
             gconstpointer  data)
{
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  Result first = { 0 }, second = { 0 };
  const char *words1[] = { "hypervisor", "parser_test", "one", NULL };
  const char *words2[] = { "hypervisor", "parser_test", "two", NULL };

  wirelab_client_call_async (fx->client, words1, cancellable, on_call, &first);
  wirelab_client_call_async (fx->client, words2, NULL, on_call, &second);
  g_cancellable_cancel (cancellable);
  wait_for (&first.done);
  g_assert_error (first.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  /* Its reply is swallowed; the next command gets its own. */
  wait_for (&second.done);
  g_assert_no_error (second.error);
  g_assert_cmpstr (wirelab_reply_get_lines (second.reply)[0], ==, "arg 0 (len 3): \"two\"");
  result_clear (&first);
  result_clear (&second);
}

static void
on_closed (WirelabClient *client,
           GError        *error,
           GError       **out)
{
  g_assert_null (*out);
  *out = g_error_copy (error);
}

static void
test_closed_on_eof (Fixture       *fx,
                    gconstpointer  data)
{
  const char *close_words[] = { "hypervisor", "close", NULL };
  g_autoptr(GError) closed = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(WirelabReply) reply = NULL;
  Result late = { 0 };

  g_signal_connect (fx->client, "closed", G_CALLBACK (on_closed), &closed);
  reply = call_sync (fx->client, close_words, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (wirelab_reply_get_text (reply), ==, "OK");

  while (closed == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_error (closed, G_IO_ERROR, G_IO_ERROR_CONNECTION_CLOSED);
  g_assert_false (wirelab_client_is_connected (fx->client));

  wirelab_client_callv_async (fx->client, NULL, on_call, &late, "hypervisor", "version", NULL);
  wait_for (&late.done);
  g_assert_error (late.error, G_IO_ERROR, G_IO_ERROR_NOT_CONNECTED);
  result_clear (&late);

  /* A closed client can connect again. */
  connect_client (fx->client);
  {
    const char *words[] = { "hypervisor", "version", NULL };
    g_autoptr(WirelabReply) again = call_sync (fx->client, words, &error);

    g_assert_no_error (error);
    g_assert_nonnull (again);
  }
}

static void
test_close_fails_in_flight (Fixture       *fx,
                            gconstpointer  data)
{
  Result r = { 0 };
  g_autoptr(GError) closed = NULL;

  g_signal_connect (fx->client, "closed", G_CALLBACK (on_closed), &closed);
  wirelab_client_callv_async (fx->client, NULL, on_call, &r, "hypervisor", "version", NULL);
  wirelab_client_close (fx->client);
  wait_for (&r.done);
  g_assert_error (r.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_null (closed);
  result_clear (&r);
}

typedef struct
{
  guint done;
  guint cancelled;
} CloseInCallback;

static void
on_call_then_close (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  CloseInCallback *c = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(WirelabReply) reply = NULL;

  reply = wirelab_client_call_finish (WIRELAB_CLIENT (source), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    c->cancelled++;
  else if (c->done == 0)
    wirelab_client_close (WIRELAB_CLIENT (source));
  c->done++;
}

/* Closing a client from a reply's callback while more replies sit in the
 * same read buffer: the rest fail cleanly, nothing reads past the buffer. */
static void
test_close_in_callback (Fixture       *fx,
                        gconstpointer  data)
{
  CloseInCallback c = { 0 };
  const guint n = 64;

  for (guint i = 0; i < n; i++)
    wirelab_client_callv_async (fx->client, NULL, on_call_then_close, &c,
                                "hypervisor", "parser_test", "a", "b", "c", NULL);
  while (c.done < n)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpuint (c.cancelled, ==, n - 1);
  g_assert_false (wirelab_client_is_connected (fx->client));
}

/* A server that accepts and never answers: the raw socket below. */
static void
test_timeout (void)
{
  g_autoptr(GSocket) listener = NULL;
  g_autoptr(GSocketAddress) addr = NULL;
  g_autoptr(GSocketAddress) bound = NULL;
  g_autoptr(GInetAddress) lo = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(WirelabClient) client = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) closed = NULL;
  Result first = { 0 }, second = { 0 };

  listener = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, &error);
  addr = g_inet_socket_address_new (lo, 0);
  g_assert_true (g_socket_bind (listener, addr, TRUE, &error));
  g_assert_true (g_socket_listen (listener, &error));
  bound = g_socket_get_local_address (listener, &error);

  client = wirelab_client_new ("127.0.0.1", g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound)));
  wirelab_client_set_timeout (client, 300);
  connect_client (client);     /* the kernel completes it from the backlog */
  g_signal_connect (client, "closed", G_CALLBACK (on_closed), &closed);

  wirelab_client_callv_async (client, NULL, on_call, &first, "hypervisor", "version", NULL);
  wirelab_client_callv_async (client, NULL, on_call, &second, "hypervisor", "version", NULL);
  wait_for (&first.done);
  wait_for (&second.done);
  g_assert_error (first.error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT);
  g_assert_error (second.error, G_IO_ERROR, G_IO_ERROR_CONNECTION_CLOSED);
  g_assert_error (closed, G_IO_ERROR, G_IO_ERROR_TIMED_OUT);
  g_assert_false (wirelab_client_is_connected (client));
  result_clear (&first);
  result_clear (&second);
}

static void
test_refused (void)
{
  g_autoptr(GSocket) sock = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, NULL);
  g_autoptr(GInetAddress) lo = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) addr = g_inet_socket_address_new (lo, 0);
  g_autoptr(GSocketAddress) bound = NULL;
  g_autoptr(WirelabClient) client = NULL;
  Result r = { 0 };
  guint16 port;

  /* A port nobody listens on: bound but not listening. */
  g_assert_true (g_socket_bind (sock, addr, TRUE, NULL));
  bound = g_socket_get_local_address (sock, NULL);
  port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));

  client = wirelab_client_new ("127.0.0.1", port);
  wirelab_client_connect_async (client, NULL, on_connect, &r);
  wait_for (&r.done);
  g_assert_error (r.error, G_IO_ERROR, G_IO_ERROR_CONNECTION_REFUSED);
  g_assert_false (wirelab_client_is_connected (client));
  result_clear (&r);
}

static void
test_hypervisor_stopped_by_client (void)
{
  g_autoptr(WirelabHypervisor) hv = wirelab_hypervisor_new ();
  g_autoptr(WirelabClient) client = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) closed = NULL;
  g_autoptr(WirelabReply) reply = NULL;
  const char *stop[] = { "hypervisor", "stop", NULL };
  gboolean stopped = FALSE;
  guint16 port;

  g_assert_true (wirelab_hypervisor_listen (hv, "127.0.0.1", 0, &port, &error));
  g_signal_connect (hv, "stopped", G_CALLBACK (on_stopped), &stopped);
  client = wirelab_client_new ("127.0.0.1", port);
  connect_client (client);
  g_signal_connect (client, "closed", G_CALLBACK (on_closed), &closed);

  reply = call_sync (client, stop, &error);
  g_assert_no_error (error);
  wait_for (&stopped);
  while (closed == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_error (closed, G_IO_ERROR, G_IO_ERROR_CONNECTION_CLOSED);

  /* Shutting down a stopped hypervisor again is harmless. */
  wirelab_hypervisor_shutdown (hv);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add ("/protocol/client/" path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("version", test_version);
  ADD ("info-lines", test_info_lines);
  ADD ("errors", test_errors);
  ADD ("pipelining", test_pipelining);
  ADD ("cancel", test_cancel);
  ADD ("closed-on-eof", test_closed_on_eof);
  ADD ("close-fails-in-flight", test_close_fails_in_flight);
  ADD ("close-in-callback", test_close_in_callback);
#undef ADD
  g_test_add_func ("/protocol/client/build-command", test_build_command);
  g_test_add_func ("/protocol/client/timeout", test_timeout);
  g_test_add_func ("/protocol/client/refused", test_refused);
  g_test_add_func ("/protocol/client/stopped-by-client", test_hypervisor_stopped_by_client);

  return g_test_run ();
}
