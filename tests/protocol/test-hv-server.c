/* test-hv-server.c: a real wirelab-hypervisor process over TCP, byte for byte
 *
 * Copyright 2026 The Wirelab authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * The transcripts of spec section 14 and the protocol rules of sections 1–4,
 * checked against the process a user runs.
 */

#include "config.h"

#include <errno.h>
#include <signal.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "hv-test-util.h"

typedef struct
{
  HvProc *proc;
  int     fd;
} Fixture;

static void
fixture_setup (Fixture       *fx,
               gconstpointer  data)
{
  fx->proc = hv_proc_start (NULL);
  fx->fd = hv_connect (fx->proc->port);
}

static void
fixture_teardown (Fixture       *fx,
                  gconstpointer  data)
{
  if (fx->fd >= 0)
    close (fx->fd);
  hv_proc_stop (fx->proc);
  hv_proc_free (fx->proc);
}

static gboolean
has_module (int         fd,
            const char *name)
{
  g_autofree char *list = hv_cmd (fd, "hypervisor module_list");
  g_autofree char *needle = g_strdup_printf ("101 %s\r\n", name);

  return strstr (list, needle) != NULL;
}

static void
test_version (Fixture       *fx,
              gconstpointer  data)
{
  g_autofree char *reply = hv_cmd (fx->fd, "hypervisor version");

  /* GNS3 keeps what precedes the first '-' after "100-". */
  g_assert_true (g_str_has_prefix (reply, "100-0.2.24-"));
  g_assert_true (g_str_has_suffix (reply, "\r\n"));
  g_assert_nonnull (strstr (reply, "wirelab"));
}

static void
test_module_list (Fixture       *fx,
                  gconstpointer  data)
{
  static const char *const dynamips[] = {
    "object_store", "vm_debug", "vm", "ethsw", "atm_bridge", "atmsw", "frsw",
    "nio_bridge", "nio", "hypervisor", "c1700", "c2600", "c2691", "c3745",
    "c3725", "c3600", "c7200", NULL
  };
  static const char *const ours[] = {
    "object_store", "ethsw", "atm_bridge", "atmsw", "frsw", "nio_bridge", "nio",
    "hypervisor", NULL
  };
  g_autofree char *reply = hv_cmd (fx->fd, "hypervisor module_list");
  g_autoptr(GString) expected = g_string_new (NULL);

  for (guint i = 0; ours[i] != NULL; i++)
    {
      g_autofree char *line = g_strdup_printf ("101 %s\r\n", ours[i]);

      g_assert_nonnull (strstr (reply, line));
    }
  /* Whatever the emulator registers, the order is Dynamips'; with the
   * emulator in, the list is exactly the transcript's. */
  for (guint i = 0; dynamips[i] != NULL; i++)
    {
      g_autofree char *line = g_strdup_printf ("101 %s\r\n", dynamips[i]);

      if (strstr (reply, line) != NULL)
        g_string_append (expected, line);
    }
  g_string_append (expected, "100-OK\r\n");
  g_assert_cmpstr (reply, ==, expected->str);
}

static void
test_cmd_list (Fixture       *fx,
               gconstpointer  data)
{
  hv_assert_cmd (fx->fd, "hypervisor cmd_list hypervisor",
                 "101 stop (min/max args: 0/0)\r\n"
                 "101 close (min/max args: 0/0)\r\n"
                 "101 reset (min/max args: 0/0)\r\n"
                 "101 save_config (min/max args: 1/1)\r\n"
                 "101 working_dir (min/max args: 1/1)\r\n"
                 "101 cmd_list (min/max args: 1/1)\r\n"
                 "101 module_list (min/max args: 0/0)\r\n"
                 "101 parser_test (min/max args: 0/10)\r\n"
                 "101 version (min/max args: 0/0)\r\n"
                 "100-OK\r\n");
  hv_assert_cmd (fx->fd, "hypervisor cmd_list object_store",
                 "101 list (min/max args: 0/0)\r\n"
                 "101 delete_all (min/max args: 0/0)\r\n"
                 "101 delete (min/max args: 1/1)\r\n"
                 "101 rename (min/max args: 2/2)\r\n"
                 "101 read (min/max args: 1/1)\r\n"
                 "101 write (min/max args: 2/2)\r\n"
                 "100-OK\r\n");
  hv_assert_cmd (fx->fd, "hypervisor cmd_list bogus", "201-unknown module 'bogus'\r\n");
  hv_assert_cmd (fx->fd, "hypervisor cmd_list", "203-Bad number of parameters (0 with min/max=1/1)\r\n");
}

/* Spec section 14, "Invalid commands and wrong argument counts". */
static void
test_errors (Fixture       *fx,
             gconstpointer  data)
{
  hv_assert_cmd (fx->fd, "foo bar", "201-Unknown module 'foo'\r\n");
  hv_assert_cmd (fx->fd, "hypervisor foo", "202-Unknown command 'foo'\r\n");
  hv_assert_cmd (fx->fd, "hypervisor parser_test 1 2 3 4 5 6 7 8 9 10 11",
                 "203-Bad number of parameters (11 with min/max=0/10)\r\n");
  hv_assert_cmd (fx->fd, "hypervisor", "200-At least a module and a command must be specified\r\n");
  hv_assert_cmd (fx->fd, "", "200-At least a module and a command must be specified\r\n");
  hv_assert_cmd (fx->fd, "   # just a comment", "200-At least a module and a command must be specified\r\n");
  hv_assert_cmd (fx->fd, "hypervisor parser_test a \"b c\" \"\" d\"e", "200-Parse error: unexpected quote\r\n");
  hv_assert_cmd (fx->fd, "hypervisor parser_test \"abc", "200-Parse error: unexpected end of line\r\n");
  hv_assert_cmd (fx->fd, "hypervisor working_dir /nonexistent/dir", "204-chdir: No such file or directory\r\n");
  hv_assert_cmd (fx->fd, "hypervisor version extra", "203-Bad number of parameters (1 with min/max=0/0)\r\n");

  /* The vm module is the emulator's; its dispatcher-level errors are ours. */
  if (has_module (fx->fd, "vm"))
    {
      hv_assert_cmd (fx->fd, "vm create", "203-Bad number of parameters (0 with min/max=3/3)\r\n");
      hv_assert_cmd (fx->fd, "vm bogus", "202-Unknown command 'bogus'\r\n");
    }
  else
    hv_assert_cmd (fx->fd, "vm create", "201-Unknown module 'vm'\r\n");
}

/* Spec section 14, "Quoting, checked with parser_test". */
static void
test_quoting (Fixture       *fx,
              gconstpointer  data)
{
  hv_assert_cmd (fx->fd, "hypervisor parser_test a \"b c\" \"\" 'x y'",
                 "101 arg 0 (len 1): \"a\"\r\n"
                 "101 arg 1 (len 3): \"b c\"\r\n"
                 "101 arg 2 (len 2): \"'x\"\r\n"
                 "101 arg 3 (len 2): \"y'\"\r\n"
                 "100-OK\r\n");
  hv_assert_cmd (fx->fd, "hypervisor parser_test \"C:\\Program Files\\x\" \"a#b!c\" tab\tsep",
                 "101 arg 0 (len 18): \"C:\\Program Files\\x\"\r\n"
                 "101 arg 1 (len 5): \"a#b!c\"\r\n"
                 "101 arg 2 (len 3): \"tab\"\r\n"
                 "101 arg 3 (len 3): \"sep\"\r\n"
                 "100-OK\r\n");
  /* UTF-8 goes through byte-exact. */
  hv_assert_cmd (fx->fd, "hypervisor parser_test \"\xe2\x82\xac caf\xc3\xa9\"",
                 "101 arg 0 (len 9): \"\xe2\x82\xac caf\xc3\xa9\"\r\n"
                 "100-OK\r\n");
  hv_assert_cmd (fx->fd, "hypervisor parser_test", "100-OK\r\n");
}

static void
test_crlf (Fixture       *fx,
           gconstpointer  data)
{
  g_autofree char *reply = NULL;
  char c;

  /* CRLF works. */
  hv_send (fx->fd, "hypervisor parser_test x\r\n", 26);
  reply = hv_read_reply (fx->fd);
  g_assert_cmpstr (reply, ==, "101 arg 0 (len 1): \"x\"\r\n100-OK\r\n");
  g_clear_pointer (&reply, g_free);

  /* A bare CR is no end of line: nothing comes back until the LF. */
  hv_send (fx->fd, "hypervisor parser_test y\r", 25);
  g_assert_cmpint (recv (fx->fd, &c, 1, MSG_DONTWAIT), ==, -1);
  g_usleep (200000);
  g_assert_cmpint (recv (fx->fd, &c, 1, MSG_DONTWAIT), ==, -1);
  g_assert_cmpint (errno, ==, EAGAIN);
  hv_send (fx->fd, "\n", 1);
  reply = hv_read_reply (fx->fd);
  g_assert_cmpstr (reply, ==, "101 arg 0 (len 1): \"y\"\r\n100-OK\r\n");
  g_clear_pointer (&reply, g_free);

  /* A NUL ends the line like a CR. */
  hv_send (fx->fd, "hypervisor parser_test a\0b\n", 27);
  reply = hv_read_reply (fx->fd);
  g_assert_cmpstr (reply, ==, "101 arg 0 (len 1): \"a\"\r\n100-OK\r\n");
}

static void
test_pipelining (Fixture       *fx,
                 gconstpointer  data)
{
  g_autoptr(GString) batch = g_string_new (NULL);

  for (guint i = 0; i < 500; i++)
    g_string_append_printf (batch, "hypervisor parser_test w%u\n%s", i, i % 7 == 0 ? "bogus x\n" : "");
  hv_send (fx->fd, batch->str, batch->len);

  for (guint i = 0; i < 500; i++)
    {
      g_autofree char *reply = hv_read_reply (fx->fd);
      g_autofree char *expected = g_strdup_printf ("101 arg 0 (len %zu): \"w%u\"\r\n100-OK\r\n",
                                                   strlen ("w") + (i < 10 ? 1 : i < 100 ? 2 : 3), i);

      g_assert_cmpstr (reply, ==, expected);
      if (i % 7 == 0)
        {
          g_autofree char *err = hv_read_reply (fx->fd);

          g_assert_cmpstr (err, ==, "201-Unknown module 'bogus'\r\n");
        }
    }
}

static void
test_close (Fixture       *fx,
            gconstpointer  data)
{
  g_autofree char *reply = NULL;
  int other = hv_connect (fx->proc->port);

  /* Everything pipelined after close is dropped, then EOF. */
  hv_send (fx->fd, "hypervisor close\nhypervisor version\n", 36);
  reply = hv_read_reply (fx->fd);
  g_assert_cmpstr (reply, ==, "100-OK\r\n");
  g_assert_true (hv_wait_eof (fx->fd, 10000));

  /* Other connections and the process are unaffected. */
  hv_assert_cmd (other, "hypervisor parser_test still", "101 arg 0 (len 5): \"still\"\r\n100-OK\r\n");
  close (other);
}

static void
test_stop (void)
{
  HvProc *proc = hv_proc_start (NULL);
  int fd = hv_connect (proc->port);
  int other = hv_connect (proc->port);
  g_autofree char *reply = NULL;

  hv_assert_cmd (fd, "object_store write a aGVsbG8=", "100-OK\r\n");
  hv_send (fd, "hypervisor stop\nhypervisor version\n", 35);
  reply = hv_read_reply (fd);
  g_assert_cmpstr (reply, ==, "100-OK\r\n");
  g_assert_true (hv_wait_eof (fd, 10000));
  g_assert_true (hv_wait_eof (other, 10000));
  /* Generous: the figure that matters (about a second) is not a test. */
  g_assert_true (hv_proc_wait (proc, 20000));
  hv_proc_stop (proc);   /* asserts exit status 0 */
  close (fd);
  close (other);
  hv_proc_free (proc);
}

static void
test_signals (void)
{
  static const int sigs[] = { SIGTERM, SIGINT };

  for (guint i = 0; i < G_N_ELEMENTS (sigs); i++)
    {
      HvProc *proc = hv_proc_start (NULL);
      int fd = hv_connect (proc->port);

      hv_assert_cmd (fd, "object_store write a aGVsbG8=", "100-OK\r\n");
      kill (proc->pid, sigs[i]);
      g_assert_true (hv_wait_eof (fd, 20000));
      g_assert_true (hv_proc_wait (proc, 20000));
      g_assert_true (WIFEXITED (proc->status));
      g_assert_cmpint (WEXITSTATUS (proc->status), ==, 0);
      close (fd);
      hv_proc_free (proc);
    }
}

static void
test_many_clients (Fixture       *fx,
                   gconstpointer  data)
{
  enum { N = 200 };
  int fds[N];

  for (guint i = 0; i < N; i++)
    fds[i] = hv_connect (fx->proc->port);
  /* All at once, then each reads its own answer. */
  for (guint i = 0; i < N; i++)
    {
      g_autofree char *line = g_strdup_printf ("hypervisor parser_test client%u\n", i);

      hv_send (fds[i], line, strlen (line));
    }
  for (guint i = N; i > 0; i--)
    {
      g_autofree char *reply = hv_read_reply (fds[i - 1]);
      g_autofree char *word = g_strdup_printf ("client%u", i - 1);
      g_autofree char *expected = g_strdup_printf ("101 arg 0 (len %zu): \"%s\"\r\n100-OK\r\n",
                                                   strlen (word), word);

      g_assert_cmpstr (reply, ==, expected);
    }
  for (guint i = 0; i < N; i++)
    close (fds[i]);
  hv_assert_cmd (fx->fd, "hypervisor parser_test alive", "101 arg 0 (len 5): \"alive\"\r\n100-OK\r\n");
}

static void
test_disconnects (Fixture       *fx,
                  gconstpointer  data)
{
  gsize big = 1024 * 1024;
  g_autofree char *line = g_malloc (big + 64);
  int fd;
  struct linger lg = { .l_onoff = 1, .l_linger = 0 };

  /* Half a command, then gone. */
  fd = hv_connect (fx->proc->port);
  hv_send (fd, "hypervisor parser_te", 20);
  close (fd);

  /* A command with a big reply, closed before reading it. */
  fd = hv_connect (fx->proc->port);
  memcpy (line, "hypervisor parser_test ", 23);
  memset (line + 23, 'z', big);
  line[23 + big] = '\n';
  hv_send (fd, line, 24 + big);
  close (fd);

  /* Many pipelined commands and a reset (RST) instead of a close. */
  fd = hv_connect (fx->proc->port);
  for (guint i = 0; i < 100; i++)
    hv_send (fd, "hypervisor module_list\n", 23);
  setsockopt (fd, SOL_SOCKET, SO_LINGER, &lg, sizeof lg);
  close (fd);

  hv_assert_cmd (fx->fd, "hypervisor parser_test alive", "101 arg 0 (len 5): \"alive\"\r\n100-OK\r\n");
}

static void
test_big_argument (Fixture       *fx,
                   gconstpointer  data)
{
  gsize big = 1024 * 1024;
  g_autoptr(GString) payload = g_string_new (NULL);
  g_autofree char *cmd = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *reply = NULL;

  for (gsize i = 0; i < big; i++)
    g_string_append_c (payload, 'a' + i % 26);
  cmd = g_strdup_printf ("hypervisor parser_test \"%s\" short", payload->str);
  expected = g_strdup_printf ("101 arg 0 (len %zu): \"%s\"\r\n"
                              "101 arg 1 (len 5): \"short\"\r\n100-OK\r\n", big, payload->str);

  reply = hv_cmd (fx->fd, cmd);
  g_assert_cmpuint (strlen (reply), ==, strlen (expected));
  g_assert_true (strcmp (reply, expected) == 0);
}

static void
test_absurd_line (Fixture       *fx,
                  gconstpointer  data)
{
  gsize chunk = 1024 * 1024;
  g_autofree char *junk = g_malloc (chunk);
  g_autofree char *reply = NULL;

  /* 20 MB without LF: refused with a 200 once the LF comes, nothing kept. */
  memset (junk, 'q', chunk);
  hv_send (fx->fd, "hypervisor parser_test ", 23);
  for (guint i = 0; i < 20; i++)
    hv_send (fx->fd, junk, chunk);
  hv_send (fx->fd, "\nhypervisor parser_test after\n", 30);
  reply = hv_read_reply (fx->fd);
  g_assert_true (g_str_has_prefix (reply, "200-Parse error: line longer than "));
  g_clear_pointer (&reply, g_free);
  reply = hv_read_reply (fx->fd);
  g_assert_cmpstr (reply, ==, "101 arg 0 (len 5): \"after\"\r\n100-OK\r\n");
}

static void
test_working_dir (Fixture       *fx,
                  gconstpointer  data)
{
  g_autofree char *sub = g_build_filename (fx->proc->workdir, "node1", NULL);
  g_autofree char *file = g_build_filename (fx->proc->workdir, "plain", NULL);
  g_autofree char *saved = g_build_filename (sub, "saved.cfg", NULL);
  g_autofree char *contents = NULL;

  g_assert_cmpint (g_mkdir (sub, 0755), ==, 0);
  g_assert_true (g_file_set_contents (file, "x", 1, NULL));

  /* The process starts in its temporary directory: relative names resolve there. */
  hv_assert_cmd (fx->fd, "hypervisor working_dir node1", "100-OK\r\n");
  hv_assert_cmd (fx->fd, "hypervisor save_config saved.cfg", "100-OK\r\n");
  g_assert_true (g_file_get_contents (saved, &contents, NULL, NULL));
  g_assert_true (g_str_has_prefix (contents, "#"));

  /* Relative to the new directory now. */
  hv_assert_cmd (fx->fd, "hypervisor working_dir ..", "100-OK\r\n");
  hv_assert_cmd (fx->fd, "hypervisor working_dir plain", "204-chdir: Not a directory\r\n");
  hv_assert_cmd (fx->fd, "hypervisor working_dir node1", "100-OK\r\n");
  hv_assert_cmd (fx->fd, "hypervisor save_config missing/dir/x.cfg",
                 "211-fopen: No such file or directory\r\n");
  /* No half-written temporary file is left behind. */
  {
    g_autoptr(GDir) dir = g_dir_open (sub, 0, NULL);
    guint n = 0;

    while (g_dir_read_name (dir) != NULL)
      n++;
    g_assert_cmpuint (n, ==, 1);
  }
}

static void
test_object_store (Fixture       *fx,
                   gconstpointer  data)
{
  hv_assert_cmd (fx->fd, "object_store list", "100-OK\r\n");
  hv_assert_cmd (fx->fd, "object_store write obj1 aGVsbG8=", "100-OK\r\n");
  hv_assert_cmd (fx->fd, "object_store write obj1 d29ybGQ=", "206-unable to store object\r\n");
  hv_assert_cmd (fx->fd, "object_store read obj1", "100-aGVsbG8=\r\n");
  hv_assert_cmd (fx->fd, "object_store write bad n*t64!", "206-unable to decode base64\r\n");
  hv_assert_cmd (fx->fd, "object_store write bad abc", "206-unable to decode base64\r\n");
  hv_assert_cmd (fx->fd, "object_store read bad", "208-unable to find object 'bad'\r\n");
  hv_assert_cmd (fx->fd, "object_store write obj2 AAEC/w==", "100-OK\r\n");
  hv_assert_cmd (fx->fd, "object_store list", "101 obj1 (len=5)\r\n101 obj2 (len=4)\r\n100-OK\r\n");
  hv_assert_cmd (fx->fd, "object_store rename obj1 obj2",
                 "213-unable to rename object 'obj1', 'obj2' already exists\r\n");
  hv_assert_cmd (fx->fd, "object_store rename nope x", "208-unable to find object 'nope'\r\n");
  hv_assert_cmd (fx->fd, "object_store rename obj1 obj3", "100-object 'obj1' renamed to 'obj3'\r\n");
  hv_assert_cmd (fx->fd, "object_store read obj3", "100-aGVsbG8=\r\n");

  /* `hypervisor reset` leaves the store alone (tested on Dynamips). */
  hv_assert_cmd (fx->fd, "hypervisor reset", "100-OK\r\n");
  hv_assert_cmd (fx->fd, "object_store list", "101 obj2 (len=4)\r\n101 obj3 (len=5)\r\n100-OK\r\n");

  hv_assert_cmd (fx->fd, "object_store delete obj2", "100-object obj2 deleted\r\n");
  hv_assert_cmd (fx->fd, "object_store delete obj2", "207-unable to delete object obj2\r\n");
  hv_assert_cmd (fx->fd, "object_store delete_all", "100-object store deleted\r\n");
  hv_assert_cmd (fx->fd, "object_store list", "100-OK\r\n");
}

static int
run_status (const char *const *args)
{
  g_autofree char *path = g_build_filename (g_getenv ("WIRELAB_BUILD_ROOT"), "src", "tools",
                                            "wirelab-hypervisor", NULL);
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  int status = 0;

  g_ptr_array_add (argv, path);
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, NULL);
  g_assert_true (g_spawn_sync (NULL, (char **) argv->pdata, NULL,
                               G_SPAWN_STDOUT_TO_DEV_NULL | G_SPAWN_STDERR_TO_DEV_NULL,
                               NULL, NULL, NULL, NULL, &status, &error));
  g_assert_no_error (error);
  return status;
}

static void
test_options (void)
{
  g_autofree char *wd = g_dir_make_tmp ("wl-hv-wd-XXXXXX", NULL);
  g_autofree char *saved = g_build_filename (wd, "here.cfg", NULL);
  g_autofree char *log_path = NULL;
  g_autofree char *log = NULL;
  const char *extra[] = { "-l", "hv.log", "--working-dir", wd, "--console-binding-addr", "127.0.0.1", NULL };
  const char *bad_host[] = { "-H", "127.0.0.1:notaport", NULL };
  const char *bad_dir[] = { "-H", "127.0.0.1:0", "--working-dir", "/nonexistent/dir", NULL };
  const char *bad_addr[] = { "-H", "192.0.2.1:0", NULL };
  HvProc *proc = hv_proc_start (extra);
  int fd = hv_connect (proc->port);

  /* --working-dir: relative names resolve there, not in the process's cwd. */
  hv_assert_cmd (fd, "hypervisor save_config here.cfg", "100-OK\r\n");
  g_assert_true (g_file_test (saved, G_FILE_TEST_IS_REGULAR));
  /* -l: the reasons behind Dynamips' terse replies are logged. */
  hv_assert_cmd (fd, "nio create_udp c 0 127.0.0.1 notaport", "206-unable to create UDP NIO\r\n");
  hv_assert_cmd (fd, "hypervisor stop", "100-OK\r\n");
  g_assert_true (hv_proc_wait (proc, 20000));
  hv_proc_stop (proc);
  log_path = g_build_filename (proc->workdir, "hv.log", NULL);
  g_assert_true (g_file_get_contents (log_path, &log, NULL, NULL));
  g_assert_nonnull (strstr (log, "cannot create NIO 'c'"));
  close (fd);
  hv_proc_free (proc);
  g_unlink (saved);
  g_rmdir (wd);

  /* Bad options fail at once, with a non-zero status. */
  g_assert_false (g_spawn_check_wait_status (run_status (bad_host), NULL));
  g_assert_false (g_spawn_check_wait_status (run_status (bad_dir), NULL));
  g_assert_false (g_spawn_check_wait_status (run_status (bad_addr), NULL));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add ("/protocol/server/" path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("version", test_version);
  ADD ("module-list", test_module_list);
  ADD ("cmd-list", test_cmd_list);
  ADD ("errors", test_errors);
  ADD ("quoting", test_quoting);
  ADD ("crlf", test_crlf);
  ADD ("pipelining", test_pipelining);
  ADD ("close", test_close);
  ADD ("many-clients", test_many_clients);
  ADD ("disconnects", test_disconnects);
  ADD ("big-argument", test_big_argument);
  ADD ("absurd-line", test_absurd_line);
  ADD ("working-dir", test_working_dir);
  ADD ("object-store", test_object_store);
#undef ADD
  g_test_add_func ("/protocol/server/stop", test_stop);
  g_test_add_func ("/protocol/server/signals", test_signals);
  g_test_add_func ("/protocol/server/options", test_options);

  return g_test_run ();
}
