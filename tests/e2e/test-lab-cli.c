/* test-lab-cli.c: wirelab-cli as a user runs it: a Dynagen topology
 * imported, checked, run until SIGTERM with routers that ping each other
 * and keep their configurations
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include "config.h"

#include <signal.h>
#include <stdlib.h>
#include <string.h>

#include <glib/gstdio.h>

#include "lab-test-util.h"
#include "port-block.h"

static char *
cli_path (void)
{
  const char *root = g_getenv ("WIRELAB_BUILD_ROOT");

  return g_build_filename (root != NULL ? root : WIRELAB_BUILD_ROOT, "src", "tools", "wirelab-cli", NULL);
}

/* Runs wirelab-cli to the end: exit status, stdout, stderr. */
static int
cli (char       **out,
     char       **err,
     const char  *first,
     ...)
{
  g_autofree char *path = cli_path ();
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocess) proc = NULL;
  g_autoptr(GError) error = NULL;
  va_list args;

  g_ptr_array_add (argv, path);
  va_start (args, first);
  for (const char *a = first; a != NULL; a = va_arg (args, const char *))
    g_ptr_array_add (argv, (gpointer) a);
  va_end (args);
  g_ptr_array_add (argv, NULL);

  proc = g_subprocess_newv ((const char *const *) argv->pdata,
                            G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_communicate_utf8 (proc, NULL, NULL, out, err, &error));
  g_assert_no_error (error);
  return g_subprocess_get_exit_status (proc);
}

static char *
sample_net (void)
{
  return g_test_build_filename (G_TEST_DIST, "lab", "data", "sample.net", NULL);
}

static gboolean
linked (WirelabLab *lab,
        const char *a,
        const char *ia,
        const char *b,
        const char *ib)
{
  WirelabNode *na = wirelab_lab_find_node_by_name (lab, a);
  WirelabNode *nb = wirelab_lab_find_node_by_name (lab, b);
  WirelabLink *link = na != NULL ? wirelab_lab_find_link_at (lab, na, ia) : NULL;

  return nb != NULL && link != NULL && wirelab_link_find_end (link, wirelab_node_get_id (nb), ib) >= 0;
}

static void
test_import_and_check (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("wirelab-cli-XXXXXX", &error);
  g_autofree char *out_path = g_build_filename (dir, "imported.wirelab", NULL);
  g_autofree char *bad_path = g_build_filename (dir, "bad.wirelab", NULL);
  g_autofree char *net = sample_net ();
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(WirelabLab) lab = NULL;

  g_assert_cmpint (cli (&out, &err, "import-dynagen", net, "-o", out_path, NULL), ==, 0);
  g_assert_nonnull (strstr (out, "6 nodes, 8 links, 2 hypervisors"));
  g_assert_nonnull (strstr (err, "warning: line 56: [[ATMSW A1]]"));

  file = g_file_new_for_path (out_path);
  lab = wirelab_lab_load (file, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (wirelab_lab_get_nodes (lab)), ==, 6);
  g_assert_cmpuint (g_list_model_get_n_items (wirelab_lab_get_links (lab)), ==, 8);
  g_assert_true (linked (lab, "R1", "FastEthernet0/0", "R2", "FastEthernet0/0"));
  g_assert_true (linked (lab, "R1", "Serial2/0", "F1", "1"));
  g_assert_true (linked (lab, "R2", "Ethernet2/0", "LAN1", "1"));
  g_assert_true (linked (lab, "S1", "2", "R3", "FastEthernet0/0"));
  g_assert_true (linked (lab, "R3", "Serial0/0", "R1", "Serial2/1"));

  /* An existing project is not replaced without --force. */
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (cli (&out, &err, "import-dynagen", net, "-o", out_path, NULL), !=, 0);
  g_assert_nonnull (strstr (err, "use --force"));

  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (cli (&out, &err, "check", out_path, NULL), ==, 0);
  g_assert_nonnull (strstr (out, "valid (6 nodes, 8 links"));

  g_assert_true (g_file_set_contents (bad_path, "{\"type\": \"wirelab-project\", \"revision\": 1}", -1, NULL));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (cli (&out, &err, "check", bad_path, NULL), ==, 1);
  g_assert_nonnull (strstr (err, "“hypervisors” is missing"));

  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (cli (&out, &err, "frobnicate", bad_path, NULL), ==, 1);
  g_assert_nonnull (strstr (err, "unknown command"));

  test_rm_rf (dir);
}

/* ---- run ---- */

typedef struct
{
  GSubprocess  *proc;
  GInputStream *stdout_pipe;
  GString      *out;
  guint8        buf[4096];
  gboolean      eof;
} Running;

static void
on_out (GObject      *source,
        GAsyncResult *result,
        gpointer      user_data)
{
  Running *r = user_data;
  gssize n = g_input_stream_read_finish (G_INPUT_STREAM (source), result, NULL);

  if (n <= 0)
    {
      r->eof = TRUE;
      return;
    }
  g_string_append_len (r->out, (const char *) r->buf, n);
  g_input_stream_read_async (r->stdout_pipe, r->buf, sizeof r->buf, G_PRIORITY_DEFAULT, NULL, on_out, r);
}

typedef struct
{
  Running    *r;
  const char *needle;
} Wait;

static gboolean
output_has (gpointer data)
{
  Wait *w = data;

  return strstr (w->r->out->str, w->needle) != NULL || w->r->eof;
}

static gboolean
wait_output (Running    *r,
             const char *needle,
             guint       timeout_ms)
{
  Wait w = { r, needle };

  test_wait_for (output_has, &w, timeout_ms);
  return strstr (r->out->str, needle) != NULL;
}

/* The console column of the table line of `node`. */
static guint16
console_port_of (const char *table,
                 const char *node)
{
  g_auto(GStrv) lines = g_strsplit (table, "\n", -1);

  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_auto(GStrv) cols = g_strsplit_set (lines[i], " ", -1);
      g_autoptr(GPtrArray) words = g_ptr_array_new ();

      for (guint j = 0; cols[j] != NULL; j++)
        if (*cols[j] != '\0')
          g_ptr_array_add (words, cols[j]);
      if (words->len == 5 && g_str_equal (g_ptr_array_index (words, 0), node))
        {
          const char *console = g_ptr_array_index (words, 3);

          g_assert_true (g_str_has_prefix (console, "127.0.0.1:"));
          g_assert_cmpstr (g_ptr_array_index (words, 4), ==, "running");
          return (guint16) atoi (console + strlen ("127.0.0.1:"));
        }
    }
  g_error ("no %s in:\n%s", node, table);
}

static gboolean
console_cmds (guint16            port,
              const char *const *lines,
              const char        *expect,
              guint              timeout_ms)
{
  const char *const prompts[] = { "#", ">", NULL };
  const char *const wanted[] = { expect, NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(TestConsole) console = test_console_open ("127.0.0.1", port, &error);
  gint64 deadline = g_get_monotonic_time () + (gint64) timeout_ms * 1000;

  g_assert_no_error (error);
  while (g_get_monotonic_time () < deadline)
    {
      test_console_send (console, "");
      if (test_console_expect (console, prompts, 2000) >= 0)
        break;
    }
  for (guint i = 0; lines[i] != NULL; i++)
    {
      test_console_send (console, lines[i]);
      if (test_console_expect (console, prompts, 10000) < 0)
        return FALSE;
    }
  if (expect == NULL)
    return TRUE;
  return test_console_expect (console, wanted, 20000) >= 0 ||
         strstr (test_console_output (console), expect) != NULL;
}

static void
test_run_until_sigterm (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("wirelab-cli-run-XXXXXX", &error);
  g_autofree char *net = g_build_filename (dir, "pair.net", NULL);
  g_autofree char *project = g_build_filename (dir, "pair.wirelab", NULL);
  g_autofree char *config_dir = g_build_filename (dir, "configs", NULL);
  g_autofree char *r1_cfg = g_build_filename (config_dir, "i1_startup-config.cfg", NULL);
  g_autofree char *r2_cfg = g_build_filename (config_dir, "i2_startup-config.cfg", NULL);
  g_autofree char *cli_bin = cli_path ();
  g_autofree char *saved = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(WirelabLab) lab = NULL;
  /* Ports no parallel test uses. */
  guint16 udp = test_ports_take (40);
  guint16 consoles = test_ports_take (10);
  g_autofree char *text = g_strdup_printf (
    "# two routers of Wirelab's own image (no image given) and a switch\n"
    "[localhost:7200]\n"
    "    udp = %u\n"
    "    console = %u\n"
    "    [[ROUTER R1]]\n"
    "        f0/0 = R2 f0/0\n"
    "    [[ROUTER R2]]\n"
    "    [[ETHSW SW1]]\n"
    "        1 = access 1 R1 e1/0\n", udp, consoles);
  const char *const r1_lines[] = { "enable", "configure terminal", "hostname Gamma", "end",
                                   "write memory", NULL };
  const char *const r2_lines[] = { "enable", NULL };
  guint16 r1_port, r2_port;
  Running r = { 0 };

  g_assert_no_error (error);
  g_assert_true (g_file_set_contents (net, text, -1, NULL));
  g_assert_cmpint (cli (&out, &err, "import-dynagen", net, NULL), ==, 0);
  g_assert_true (g_file_test (project, G_FILE_TEST_EXISTS));

  /* Their addresses come with them, pushed into NVRAM at creation. */
  g_assert_cmpint (g_mkdir_with_parents (config_dir, 0755), ==, 0);
  g_assert_true (g_file_set_contents (r1_cfg, "hostname R1\ninterface FastEthernet0/0\n"
                                      " ip address 10.7.0.1 255.255.255.0\n no shutdown\nend\n", -1, NULL));
  g_assert_true (g_file_set_contents (r2_cfg, "hostname R2\ninterface FastEthernet0/0\n"
                                      " ip address 10.7.0.2 255.255.255.0\n no shutdown\nend\n", -1, NULL));

  r.out = g_string_new (NULL);
  r.proc = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error, cli_bin, "run", project, NULL);
  g_assert_no_error (error);
  r.stdout_pipe = g_subprocess_get_stdout_pipe (r.proc);
  g_input_stream_read_async (r.stdout_pipe, r.buf, sizeof r.buf, G_PRIORITY_DEFAULT, NULL, on_out, &r);

  g_assert_true (wait_output (&r, "Running;", 60000));
  g_test_message ("%s", r.out->str);
  g_assert_nonnull (strstr (r.out->str, "NODE"));
  g_assert_nonnull (strstr (r.out->str, "HYPERVISOR"));
  r1_port = console_port_of (r.out->str, "R1");
  r2_port = console_port_of (r.out->str, "R2");
  g_assert_cmpuint (r1_port, ==, consoles + 1);
  g_assert_cmpuint (r2_port, ==, consoles + 2);

  /* Router consoles work, and so does the link between them. */
  g_assert_true (console_cmds (r2_port, r2_lines, NULL, 60000));
  {
    gint64 deadline = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;
    const char *const ping[] = { "ping 10.7.0.1", NULL };
    gboolean ok = FALSE;

    while (!ok && g_get_monotonic_time () < deadline)
      ok = console_cmds (r2_port, ping, "Success rate is 100 percent", 30000);
    g_assert_true (ok);
  }
  g_assert_true (console_cmds (r1_port, r1_lines, NULL, 30000));

  /* SIGTERM: every node stops, R1's configuration is kept. */
  g_subprocess_send_signal (r.proc, SIGTERM);
  g_assert_true (wait_output (&r, "Stopped; configurations saved.", 60000));
  {
    GAsyncResult *result = NULL;

    g_subprocess_wait_async (r.proc, NULL, test_store_result, &result);
    test_wait_result (&result);
    g_assert_true (g_subprocess_wait_finish (r.proc, result, &error));
    g_object_unref (result);
  }
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (r.proc));
  g_assert_cmpint (g_subprocess_get_exit_status (r.proc), ==, 0);

  g_assert_true (g_file_get_contents (r1_cfg, &saved, NULL, NULL));
  g_assert_nonnull (strstr (saved, "hostname Gamma"));
  g_assert_nonnull (strstr (saved, "10.7.0.1"));

  /* Placement and consoles went into the project. */
  file = g_file_new_for_path (project);
  lab = wirelab_lab_load (file, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (wirelab_node_get_hypervisor_id (wirelab_lab_find_node_by_name (lab, "SW1")), ==, "local");
  g_assert_cmpuint (wirelab_node_get_console (wirelab_lab_find_node_by_name (lab, "R2")), ==, consoles + 2);
  g_assert_cmpstr (wirelab_node_get_mac (wirelab_lab_find_node_by_name (lab, "R1")), !=, "");

  g_clear_object (&r.proc);
  g_string_free (r.out, TRUE);
  test_rm_rf (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/e2e/lab/cli-import-and-check", test_import_and_check);
  g_test_add_func ("/e2e/lab/cli-run-until-sigterm", test_run_until_sigterm);

  return g_test_run ();
}
