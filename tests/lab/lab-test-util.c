/* lab-test-util.c: real hypervisor processes, main-loop waits and consoles
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include "config.h"

#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>

#include <glib/gstdio.h>

#include "lab-test-util.h"

static char *
hypervisor_path (void)
{
  const char *root = g_getenv ("WIRELAB_BUILD_ROOT");

  return g_build_filename (root != NULL ? root : WIRELAB_BUILD_ROOT, "src", "tools",
                           "wirelab-hypervisor", NULL);
}

static void
die_with_parent (gpointer data)
{
  /* A test that aborts must not leave hypervisors behind. */
  prctl (PR_SET_PDEATHSIG, SIGKILL);
}

static void
spawn (TestHv  *hv,
       guint16  port)
{
  g_autofree char *path = hypervisor_path ();
  g_autofree char *listen = g_strdup_printf ("%s:%u", hv->address, port);
  g_autoptr(GError) error = NULL;
  g_autoptr(GDataInputStream) in = NULL;
  g_autoptr(GOutputStream) sink = NULL;
  g_autofree char *line = NULL;
  const char *at;

  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE);

  /* Debug output of the test must not go into the child's stdout. */
  g_subprocess_launcher_unsetenv (launcher, "G_MESSAGES_DEBUG");
  g_subprocess_launcher_set_child_setup (launcher, die_with_parent, NULL, NULL);
  hv->proc = g_subprocess_launcher_spawn (launcher, &error, path, "-H", listen,
                                          "--working-dir", hv->dir, NULL);
  g_assert_no_error (error);

  /* "Hypervisor TCP control server started (port N)." */
  in = g_data_input_stream_new (g_subprocess_get_stdout_pipe (hv->proc));
  do
    {
      g_free (line);
      line = g_data_input_stream_read_line (in, NULL, NULL, &error);
      g_assert_no_error (error);
      g_assert_nonnull (line);
      at = strstr (line, "(port ");
    }
  while (at == NULL);
  hv->port = (guint16) atoi (at + strlen ("(port "));
  g_assert_cmpuint (hv->port, >, 0);

  /* Keep draining its stdout so it never blocks on a full pipe. */
  sink = g_memory_output_stream_new_resizable ();
  g_output_stream_splice_async (sink, G_INPUT_STREAM (in),
                                G_OUTPUT_STREAM_SPLICE_CLOSE_SOURCE | G_OUTPUT_STREAM_SPLICE_CLOSE_TARGET,
                                G_PRIORITY_DEFAULT, NULL, NULL, NULL);
}

TestHv *
test_hv_start (const char *address)
{
  TestHv *hv = g_new0 (TestHv, 1);
  g_autoptr(GError) error = NULL;

  hv->address = g_strdup (address);
  hv->dir = g_dir_make_tmp ("wirelab-hv-XXXXXX", &error);
  g_assert_no_error (error);
  spawn (hv, 0);
  return hv;
}

void
test_hv_restart (TestHv *hv)
{
  g_clear_object (&hv->proc);
  spawn (hv, hv->port);
}

void
test_hv_signal (TestHv *hv,
                int     signum)
{
  g_subprocess_send_signal (hv->proc, signum);
  if (signum == SIGKILL)
    g_subprocess_wait (hv->proc, NULL, NULL);
}

void
test_hv_free (TestHv *hv)
{
  if (hv == NULL)
    return;
  if (hv->proc != NULL)
    {
      g_subprocess_send_signal (hv->proc, SIGCONT);
      g_subprocess_force_exit (hv->proc);
      g_subprocess_wait (hv->proc, NULL, NULL);
      g_clear_object (&hv->proc);
    }
  test_rm_rf (hv->dir);
  g_free (hv->dir);
  g_free (hv->address);
  g_free (hv);
}

char **
test_hv_command (const char  *address,
                 guint16      port,
                 const char  *command,
                 GError     **error)
{
  g_autoptr(GSocketClient) client = g_socket_client_new ();
  g_autoptr(GSocketConnection) conn = NULL;
  g_autoptr(GDataInputStream) in = NULL;
  g_autofree char *line_out = g_strconcat (command, "\n", NULL);
  g_autoptr(GPtrArray) lines = g_ptr_array_new_with_free_func (g_free);

  g_socket_client_set_timeout (client, 10);
  conn = g_socket_client_connect_to_host (client, address, port, NULL, error);
  if (conn == NULL)
    return NULL;
  if (!g_output_stream_write_all (g_io_stream_get_output_stream (G_IO_STREAM (conn)), line_out,
                                  strlen (line_out), NULL, NULL, error))
    return NULL;
  in = g_data_input_stream_new (g_io_stream_get_input_stream (G_IO_STREAM (conn)));
  for (;;)
    {
      g_autofree char *line = g_data_input_stream_read_line (in, NULL, NULL, error);
      gsize len;

      if (line == NULL)
        return NULL;
      g_strchomp (line);
      len = strlen (line);
      if (len >= 4 && line[3] == '-')
        {
          if (line[0] != '1')
            {
              g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "%s", line);
              return NULL;
            }
          g_ptr_array_add (lines, NULL);
          return (char **) g_ptr_array_free (g_steal_pointer (&lines), FALSE);
        }
      if (len >= 4)
        g_ptr_array_add (lines, g_strdup (line + 4));
    }
}

char **
test_hv_list (TestHv     *hv,
              const char *module)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *cmd = g_strdup_printf ("%s list", module);
  char **lines = test_hv_command (hv->address, hv->port, cmd, &error);

  g_assert_no_error (error);
  /* `vm list` says "R1 (c7200)": keep the name. */
  for (guint i = 0; lines[i] != NULL; i++)
    {
      char *space = strchr (lines[i], ' ');

      if (space != NULL)
        *space = '\0';
    }
  return lines;
}

GArray *
test_hv_udp_ports (TestHv *hv)
{
  g_autofree char *path = g_build_filename (hv->dir, "saved.cfg", NULL);
  g_autofree char *cmd = g_strdup_printf ("hypervisor save_config \"%s\"", path);
  g_autofree char *text = NULL;
  g_auto(GStrv) reply = NULL;
  g_auto(GStrv) lines = NULL;
  g_autoptr(GError) error = NULL;
  GArray *ports = g_array_new (FALSE, FALSE, sizeof (guint));

  reply = test_hv_command (hv->address, hv->port, cmd, &error);
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
  lines = g_strsplit (text, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_auto(GStrv) words = NULL;
      guint port;

      if (!g_str_has_prefix (lines[i], "nio create_udp "))
        continue;
      words = g_strsplit (lines[i], " ", -1);
      g_assert_cmpuint (g_strv_length (words), >=, 6);
      port = (guint) atoi (words[3]);
      g_array_append_val (ports, port);
    }
  return ports;
}

static gboolean
on_deadline (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

gboolean
test_wait_for (gboolean (*cond) (gpointer),
               gpointer   data,
               guint      timeout_ms)
{
  gboolean expired = FALSE;
  guint id = g_timeout_add (timeout_ms, on_deadline, &expired);
  gboolean ok;

  while (!(ok = cond (data)) && !expired)
    g_main_context_iteration (NULL, TRUE);
  if (!expired)
    g_source_remove (id);
  return ok;
}

void
test_store_result (GObject      *source,
                   GAsyncResult *result,
                   gpointer      data)
{
  *(GAsyncResult **) data = g_object_ref (result);
}

static gboolean
slot_filled (gpointer data)
{
  return *(GAsyncResult **) data != NULL;
}

GAsyncResult *
test_wait_result (GAsyncResult **slot)
{
  *slot = NULL;
  if (!test_wait_for (slot_filled, slot, 60000))
    g_error ("no result within 60 s");
  return *slot;
}

WirelabLab *
test_lab_new_in_tmpdir (char **out_dir)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("wirelab-lab-XXXXXX", &error);
  g_autofree char *path = NULL;
  g_autoptr(GFile) file = NULL;
  WirelabLab *lab = wirelab_lab_new ();

  g_assert_no_error (error);
  path = g_build_filename (dir, "test.wirelab", NULL);
  file = g_file_new_for_path (path);
  g_assert_true (wirelab_lab_save_as (lab, file, &error));
  g_assert_no_error (error);
  *out_dir = g_steal_pointer (&dir);
  return lab;
}

void
test_rm_rf (const char *dir)
{
  g_autoptr(GDir) d = NULL;
  const char *name;

  if (dir == NULL)
    return;
  d = g_dir_open (dir, 0, NULL);
  if (d == NULL)
    return;
  while ((name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);

      if (g_file_test (path, G_FILE_TEST_IS_DIR) && !g_file_test (path, G_FILE_TEST_IS_SYMLINK))
        test_rm_rf (path);
      else
        g_unlink (path);
    }
  g_rmdir (dir);
}

char *
test_find_vpcs (void)
{
  return g_find_program_in_path ("vpcs");
}

struct _TestConsole
{
  GSocketConnection *conn;
  GSocket           *socket;
  GString           *pending;   /* received, not returned yet */
};

/* Reads what is there, telnet commands removed; FALSE on EOF. */
static gboolean
pump (TestConsole *c)
{
  guint8 buf[4096];
  gssize n;
  g_autoptr(GError) error = NULL;

  g_main_context_iteration (NULL, FALSE);
  if (!g_socket_condition_timed_wait (c->socket, G_IO_IN, 2000, NULL, NULL))
    return TRUE;
  n = g_socket_receive (c->socket, (char *) buf, sizeof buf, NULL, &error);
  if (n == 0)
    return FALSE;
  if (n < 0)
    return g_error_matches (error, G_IO_ERROR, G_IO_ERROR_WOULD_BLOCK);
  for (gssize i = 0; i < n; i++)
    {
      if (buf[i] == 0xff && i + 1 < n)
        {
          if (buf[i + 1] == 0xff)
            g_string_append_c (c->pending, (char) 0xff);
          else if (buf[i + 1] >= 251)
            i++;
          i++;
          continue;
        }
      if (buf[i] != '\0')
        g_string_append_c (c->pending, buf[i]);
    }
  return TRUE;
}

TestConsole *
test_console_open (const char  *host,
                   guint16      port,
                   GError     **error)
{
  g_autoptr(GSocketClient) client = g_socket_client_new ();
  TestConsole *c;
  GSocketConnection *conn = NULL;

  /* The console may be served by this very process (VPCS): connect
   * asynchronously while the main loop runs. */
  {
    GAsyncResult *result = NULL;

    g_socket_client_connect_to_host_async (client, host, port, NULL, test_store_result, &result);
    test_wait_result (&result);
    conn = g_socket_client_connect_to_host_finish (client, result, error);
    g_object_unref (result);
  }
  if (conn == NULL)
    return NULL;
  c = g_new0 (TestConsole, 1);
  c->conn = conn;
  c->socket = g_socket_connection_get_socket (conn);
  g_socket_set_blocking (c->socket, FALSE);
  c->pending = g_string_new (NULL);

  /* Consoles replay their recent output on connect: let it pass so old
   * replies are never taken for new ones. */
  {
    gint64 quiet_since = g_get_monotonic_time ();
    gsize seen = 0;

    while (g_get_monotonic_time () - quiet_since < 300000)
      {
        if (!pump (c))
          break;
        if (c->pending->len != seen)
          {
            seen = c->pending->len;
            quiet_since = g_get_monotonic_time ();
          }
      }
    g_string_truncate (c->pending, 0);
  }
  return c;
}

char *
test_console_run (TestConsole *c,
                  const char  *line,
                  const char  *prompt,
                  guint        timeout_ms)
{
  g_autofree char *out = g_strconcat (line, "\r", NULL);
  gint64 deadline = g_get_monotonic_time () + (gint64) timeout_ms * 1000;
  gsize sent = 0;
  const char *end;

  g_string_truncate (c->pending, 0);
  while (sent < strlen (out))
    {
      gssize n = g_socket_send (c->socket, out + sent, strlen (out) - sent, NULL, NULL);

      if (n > 0)
        sent += n;
      pump (c);
      if (g_get_monotonic_time () > deadline)
        return NULL;
    }
  /* The echo of the command comes first; wait for the prompt after it. */
  while (g_get_monotonic_time () < deadline)
    {
      const char *after = strstr (c->pending->str, line);

      after = after != NULL ? after + strlen (line) : c->pending->str;
      end = strstr (after, prompt);
      if (end != NULL)
        return g_strndup (c->pending->str, end - c->pending->str);
      if (!pump (c))
        return NULL;
    }
  return NULL;
}

void
test_console_close (TestConsole *c)
{
  if (c == NULL)
    return;
  g_io_stream_close (G_IO_STREAM (c->conn), NULL, NULL);
  g_object_unref (c->conn);
  g_string_free (c->pending, TRUE);
  g_free (c);
}

void
test_console_send (TestConsole *c,
                   const char  *line)
{
  g_autofree char *out = g_strconcat (line, "\r", NULL);
  gsize sent = 0;

  g_string_truncate (c->pending, 0);
  while (sent < strlen (out))
    {
      gssize n = g_socket_send (c->socket, out + sent, strlen (out) - sent, NULL, NULL);

      if (n > 0)
        sent += n;
      else
        pump (c);
    }
}

int
test_console_expect (TestConsole       *c,
                     const char *const *any_of,
                     guint              timeout_ms)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) timeout_ms * 1000;

  while (g_get_monotonic_time () < deadline)
    {
      for (guint i = 0; any_of[i] != NULL; i++)
        if (strstr (c->pending->str, any_of[i]) != NULL)
          return i;
      if (!pump (c))
        return -1;
    }
  return -1;
}

const char *
test_console_output (TestConsole *c)
{
  return c->pending->str;
}

gboolean
test_vpcs_ping (WirelabNode *pc,
                const char  *ip,
                guint        timeout_ms)
{
  g_autofree char *cmd = g_strdup_printf ("ping %s -c 1", ip);
  /* VPCS answers "10.0.0.2 icmp_seq=1 ttl=64 time=0.069 ms", or
   * "… icmp_seq=1 timeout", or "host (…) not reachable"; its prompt comes
   * lazily, with the next input, so the reply itself ends the wait. */
  const char *const outcomes[] = { " ttl=", "timeout", "not reachable", NULL };
  gint64 deadline = g_get_monotonic_time () + (gint64) timeout_ms * 1000;

  while (g_get_monotonic_time () < deadline)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(TestConsole) console = NULL;

      /* A PC being restarted has no console for a moment. */
      if (wirelab_node_get_console_host (pc) != NULL)
        console = test_console_open (wirelab_node_get_console_host (pc),
                                     wirelab_node_get_console (pc), &error);
      if (console == NULL)
        {
          g_usleep (50000);
          g_main_context_iteration (NULL, FALSE);
          continue;
        }
      while (g_get_monotonic_time () < deadline)
        {
          gint64 left = (deadline - g_get_monotonic_time ()) / 1000;
          int got;

          test_console_send (console, cmd);
          got = test_console_expect (console, outcomes, (guint) CLAMP (left, 1, 10000));
          if (got == 0)
            return TRUE;
          g_test_message ("%s: %s", wirelab_node_get_name (pc), test_console_output (console));
          if (got < 0)
            break;
        }
    }
  return FALSE;
}

static TestConsole *
open_router_console (WirelabNode *router,
                     gint64       deadline)
{
  const char *const prompts[] = { ">", "#", NULL };

  while (g_get_monotonic_time () < deadline)
    {
      g_autoptr(GError) error = NULL;
      TestConsole *console = NULL;

      if (wirelab_node_get_console_host (router) != NULL)
        console = test_console_open (wirelab_node_get_console_host (router),
                                     wirelab_node_get_console (router), &error);
      if (console == NULL)
        {
          g_usleep (100000);
          g_main_context_iteration (NULL, FALSE);
          continue;
        }
      /* RETURN until a prompt: the router may still be booting. */
      while (g_get_monotonic_time () < deadline)
        {
          test_console_send (console, "");
          if (test_console_expect (console, prompts, 2000) >= 0)
            return console;
        }
      test_console_close (console);
    }
  return NULL;
}

gboolean
test_router_ready (WirelabNode *router,
                   guint        timeout_ms)
{
  g_autoptr(TestConsole) console = open_router_console (router, g_get_monotonic_time () +
                                                                (gint64) timeout_ms * 1000);

  return console != NULL;
}

gboolean
test_router_ping (WirelabNode *router,
                  const char  *ip,
                  guint        timeout_ms)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) timeout_ms * 1000;
  g_autoptr(TestConsole) console = open_router_console (router, deadline);
  g_autofree char *cmd = g_strdup_printf ("ping %s", ip);
  const char *const outcomes[] = { "Success rate is 100 percent", "Success rate is", "% ", NULL };

  if (console == NULL)
    return FALSE;
  while (g_get_monotonic_time () < deadline)
    {
      int got;

      test_console_send (console, cmd);
      got = test_console_expect (console, outcomes, 20000);
      if (got == 0)
        return TRUE;
      g_test_message ("%s: %s", wirelab_node_get_name (router), test_console_output (console));
      if (got < 0)
        return FALSE;
      g_usleep (200000);
    }
  return FALSE;
}

void
test_router_config (WirelabLab  *lab,
                    WirelabNode *router,
                    const char  *config)
{
  g_autofree char *dir = wirelab_lab_dup_project_dir (lab);
  g_autofree char *configs = g_build_filename (dir, "configs", NULL);
  g_autofree char *name = g_strdup_printf ("i%u_startup-config.cfg", wirelab_node_get_instance_id (router));
  g_autofree char *path = g_build_filename (configs, name, NULL);
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (g_mkdir_with_parents (configs, 0755), ==, 0);
  g_assert_true (g_file_set_contents (path, config, -1, &error));
  g_assert_no_error (error);
}

GArray *
test_nio_ports (const char *address,
                guint16     port,
                const char *dir)
{
  g_autofree char *path = g_build_filename (dir, "nio-ports.cfg", NULL);
  g_autofree char *cmd = g_strdup_printf ("hypervisor save_config \"%s\"", path);
  g_autofree char *text = NULL;
  g_auto(GStrv) reply = NULL;
  g_auto(GStrv) lines = NULL;
  g_autoptr(GError) error = NULL;
  GArray *pairs = g_array_new (FALSE, FALSE, sizeof (guint) * 2);

  reply = test_hv_command (address, port, cmd, &error);
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
  lines = g_strsplit (text, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_auto(GStrv) words = NULL;
      guint pair[2];

      if (!g_str_has_prefix (lines[i], "nio create_udp "))
        continue;
      words = g_strsplit (lines[i], " ", -1);
      g_assert_cmpuint (g_strv_length (words), >=, 6);
      pair[0] = (guint) atoi (words[3]);
      pair[1] = (guint) atoi (words[5]);
      g_array_append_val (pairs, pair);
    }
  g_unlink (path);
  return pairs;
}
