/* hv-test-util.c: a real wirelab-hypervisor process and raw protocol I/O for tests
 *
 * Copyright 2026 The Wirelab authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include "config.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "hv-test-util.h"

#define IO_TIMEOUT_MS 20000

/* A crashed test must not leave its hypervisor behind (holding the test's
 * output pipes open). */
static void
die_with_parent (gpointer user_data)
{
  prctl (PR_SET_PDEATHSIG, SIGKILL);
}

static char *
hypervisor_path (void)
{
  const char *root = g_getenv ("WIRELAB_BUILD_ROOT");

  g_assert_nonnull (root);
  return g_build_filename (root, "src", "tools", "wirelab-hypervisor", NULL);
}

HvProc *
hv_proc_start (const char *const *extra)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  HvProc *proc = g_new0 (HvProc, 1);
  g_auto(GStrv) envp = NULL;
  int out_fd = -1;
  GString *line = g_string_new (NULL);
  gint64 deadline;

  proc->workdir = g_dir_make_tmp ("wl-hv-test-XXXXXX", &error);
  g_assert_no_error (error);

  g_ptr_array_add (argv, hypervisor_path ());
  g_ptr_array_add (argv, g_strdup ("-H"));
  g_ptr_array_add (argv, g_strdup ("127.0.0.1:0"));
  for (guint i = 0; extra != NULL && extra[i] != NULL; i++)
    g_ptr_array_add (argv, g_strdup (extra[i]));
  g_ptr_array_add (argv, NULL);

  /* A critical in the hypervisor is a bug: make it fail the test. */
  envp = g_environ_setenv (g_get_environ (), "G_DEBUG", "fatal-criticals,gc-friendly", TRUE);
  g_assert_true (g_spawn_async_with_pipes (proc->workdir, (char **) argv->pdata, envp,
                                           G_SPAWN_DO_NOT_REAP_CHILD, die_with_parent, NULL,
                                           &proc->pid, NULL, &out_fd, NULL, &error));
  g_assert_no_error (error);

  /* "Hypervisor TCP control server started (port N)." */
  deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;
  while (!strstr (line->str, ")."))
    {
      struct pollfd pfd = { .fd = out_fd, .events = POLLIN };
      char c;

      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      if (poll (&pfd, 1, 1000) <= 0)
        continue;
      if (read (out_fd, &c, 1) != 1)
        g_error ("wirelab-hypervisor exited before listening: %s", line->str);
      g_string_append_c (line, c);
    }
  {
    const char *p = strstr (line->str, "(port ");

    g_assert_nonnull (p);
    proc->port = atoi (p + 6);
  }
  g_assert_cmpuint (proc->port, >, 0);
  g_string_free (line, TRUE);
  close (out_fd);
  return proc;
}

gboolean
hv_proc_wait (HvProc *proc,
              guint   timeout_ms)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) timeout_ms * 1000;

  while (!proc->exited)
    {
      int status;
      pid_t r = waitpid (proc->pid, &status, WNOHANG);

      if (r == proc->pid)
        {
          proc->exited = TRUE;
          proc->status = status;
          break;
        }
      if (g_get_monotonic_time () > deadline)
        return FALSE;
      g_usleep (10000);
    }
  return TRUE;
}

void
hv_proc_stop (HvProc *proc)
{
  if (!proc->exited)
    {
      kill (proc->pid, SIGTERM);
      g_assert_true (hv_proc_wait (proc, 30000));
    }
  g_assert_true (WIFEXITED (proc->status));
  g_assert_cmpint (WEXITSTATUS (proc->status), ==, 0);
}

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  if (dir != NULL)
    while ((name = g_dir_read_name (dir)) != NULL)
      {
        g_autofree char *child = g_build_filename (path, name, NULL);

        if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
          remove_tree (child);
        else
          g_unlink (child);
      }
  g_rmdir (path);
}

void
hv_proc_free (HvProc *proc)
{
  if (!proc->exited)
    {
      kill (proc->pid, SIGKILL);
      hv_proc_wait (proc, 10000);
    }
  g_spawn_close_pid (proc->pid);
  remove_tree (proc->workdir);
  g_free (proc->workdir);
  g_free (proc);
}

int
hv_connect (guint16 port)
{
  struct sockaddr_in sin = { .sin_family = AF_INET, .sin_port = htons (port) };
  struct timeval tv = { .tv_sec = IO_TIMEOUT_MS / 1000 };
  int fd = socket (AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  int one = 1;

  g_assert_cmpint (fd, >=, 0);
  sin.sin_addr.s_addr = htonl (INADDR_LOOPBACK);
  g_assert_cmpint (connect (fd, (struct sockaddr *) &sin, sizeof sin), ==, 0);
  setsockopt (fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  setsockopt (fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
  setsockopt (fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  return fd;
}

void
hv_send (int         fd,
         const char *data,
         gsize       len)
{
  gsize done = 0;

  while (done < len)
    {
      ssize_t n = send (fd, data + done, len - done, MSG_NOSIGNAL);

      if (n < 0 && errno == EINTR)
        continue;
      g_assert_cmpint (n, >, 0);
      done += n;
    }
}

static gboolean
ends_with_final_line (GString *buf)
{
  const char *last;

  if (buf->len < 2 || buf->str[buf->len - 1] != '\n')
    return FALSE;
  /* Start of the last line. */
  last = buf->str + buf->len - 1;
  while (last > buf->str && last[-1] != '\n')
    last--;
  return strlen (last) >= 4 && g_ascii_isdigit (last[0]) && last[3] == '-';
}

char *
hv_read_reply (int fd)
{
  GString *buf = g_string_new (NULL);

  /* One byte at a time: never read into the next reply. */
  while (!ends_with_final_line (buf))
    {
      char c;
      ssize_t n = recv (fd, &c, 1, 0);

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        g_error ("connection ended (%s) in the middle of a reply: '%s'",
                 n == 0 ? "EOF" : g_strerror (errno), buf->str);
      g_string_append_c (buf, c);
    }
  return g_string_free (buf, FALSE);
}

char *
hv_cmd (int         fd,
        const char *cmd)
{
  g_autofree char *line = g_strconcat (cmd, "\n", NULL);

  hv_send (fd, line, strlen (line));
  return hv_read_reply (fd);
}

char *
hv_cmdf (int         fd,
         const char *format,
         ...)
{
  g_autofree char *cmd = NULL;
  va_list args;

  va_start (args, format);
  cmd = g_strdup_vprintf (format, args);
  va_end (args);
  return hv_cmd (fd, cmd);
}

gboolean
hv_wait_eof (int   fd,
             guint timeout_ms)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) timeout_ms * 1000;

  while (g_get_monotonic_time () < deadline)
    {
      struct pollfd pfd = { .fd = fd, .events = POLLIN };
      char buf[256];

      if (poll (&pfd, 1, 100) <= 0)
        continue;
      if (recv (fd, buf, sizeof buf, MSG_DONTWAIT) == 0)
        return TRUE;
    }
  return FALSE;
}

int
udp_socket (guint16 port,
            guint16 peer)
{
  struct sockaddr_in sin = { .sin_family = AF_INET, .sin_port = htons (port) };
  int fd = socket (AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
  int size = 4 * 1024 * 1024;

  g_assert_cmpint (fd, >=, 0);
  setsockopt (fd, SOL_SOCKET, SO_RCVBUF, &size, sizeof size);
  sin.sin_addr.s_addr = htonl (INADDR_LOOPBACK);
  g_assert_cmpint (bind (fd, (struct sockaddr *) &sin, sizeof sin), ==, 0);
  if (peer != 0)
    {
      sin.sin_port = htons (peer);
      g_assert_cmpint (connect (fd, (struct sockaddr *) &sin, sizeof sin), ==, 0);
    }
  return fd;
}

guint16
udp_local_port (int fd)
{
  struct sockaddr_in sin;
  socklen_t len = sizeof sin;

  g_assert_cmpint (getsockname (fd, (struct sockaddr *) &sin, &len), ==, 0);
  return ntohs (sin.sin_port);
}

guint16
udp_free_port (void)
{
  int fd = udp_socket (0, 0);
  guint16 port = udp_local_port (fd);

  close (fd);
  return port;
}

gssize
udp_recv (int      fd,
          uint8_t *buf,
          gsize    size,
          guint    timeout_ms)
{
  struct pollfd pfd = { .fd = fd, .events = POLLIN };

  if (poll (&pfd, 1, timeout_ms) <= 0)
    return -1;
  return recv (fd, buf, size, 0);
}
