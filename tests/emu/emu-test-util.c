/* emu-test-util.c: helpers for the board/vm tests (real hypervisor, consoles)
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include "config.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdarg.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "emu-test-util.h"

static int
tcp_bind (guint16 port)
{
  struct sockaddr_in sa = { .sin_family = AF_INET, .sin_port = htons (port) };
  int fd = socket (AF_INET, SOCK_STREAM, 0);
  int one = 1;

  g_assert_cmpint (fd, >=, 0);
  setsockopt (fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  sa.sin_addr.s_addr = htonl (INADDR_LOOPBACK);
  if (bind (fd, (struct sockaddr *) &sa, sizeof sa) < 0 || listen (fd, 1) < 0)
    {
      close (fd);
      return -1;
    }
  return fd;
}

guint16
emu_tcp_free_port (void)
{
  struct sockaddr_in sa;
  socklen_t len = sizeof sa;
  int fd = tcp_bind (0);

  g_assert_cmpint (fd, >=, 0);
  g_assert_cmpint (getsockname (fd, (struct sockaddr *) &sa, &len), ==, 0);
  close (fd);
  return ntohs (sa.sin_port);
}

gboolean
emu_tcp_port_free (guint16 port)
{
  int fd = tcp_bind (port);

  if (fd < 0)
    return FALSE;
  close (fd);
  return TRUE;
}

int
emu_console_connect (guint16 port)
{
  struct sockaddr_in sa = { .sin_family = AF_INET, .sin_port = htons (port) };
  int fd = socket (AF_INET, SOCK_STREAM, 0);

  sa.sin_addr.s_addr = htonl (INADDR_LOOPBACK);
  g_assert_cmpint (connect (fd, (struct sockaddr *) &sa, sizeof sa), ==, 0);
  return fd;
}

void
emu_read_until (int         fd,
                GString    *buf,
                const char *needle)
{
  gint64 deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;

  while (memmem (buf->str, buf->len, needle, strlen (needle)) == NULL)
    {
      struct pollfd pfd = { .fd = fd, .events = POLLIN };
      char tmp[4096];
      gssize n;

      if (g_get_monotonic_time () > deadline)
        g_error ("console: no '%s' in '%s'", needle, buf->str);
      if (poll (&pfd, 1, 200) <= 0)
        continue;
      n = read (fd, tmp, sizeof tmp);
      if (n <= 0)
        g_error ("console closed before '%s' (got '%s')", needle, buf->str);
      g_string_append_len (buf, tmp, n);
    }
}

char *
emu_cmd_expect (int         fd,
                const char *prefix,
                const char *format,
                ...)
{
  g_autofree char *cmd = NULL;
  char *reply;
  va_list ap;

  va_start (ap, format);
  cmd = g_strdup_vprintf (format, ap);
  va_end (ap);
  reply = hv_cmd (fd, cmd);
  if (!g_str_has_prefix (reply, prefix))
    g_error ("'%s' answered '%s', expected '%s…'", cmd, reply, prefix);
  return reply;
}

void
emu_wait_status (int         fd,
                 const char *vm,
                 int         status)
{
  gint64 deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;
  g_autofree char *want = g_strdup_printf ("100-%d\r\n", status);

  for (;;)
    {
      g_autofree char *r = hv_cmdf (fd, "vm get_status %s", vm);

      if (g_strcmp0 (r, want) == 0)
        return;
      if (g_get_monotonic_time () > deadline)
        g_error ("VM %s: status '%s', expected %d", vm, r, status);
      g_usleep (10000);
    }
}

char *
emu_image (const char *name)
{
  const char *root = g_getenv ("WIRELAB_BUILD_ROOT");

  g_assert_nonnull (root);
  return g_build_filename (root, "tests", "images", name, NULL);
}
