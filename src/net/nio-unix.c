/* nio-unix.c: UNIX datagram NIOs, one frame per datagram
 *
 * Copyright 2026 The Wirelab authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * The datagram end here serves VDE NIOs too (nio-vde.c).
 */

#define G_LOG_DOMAIN "wirelab-nio"

#include "config.h"

#include <errno.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include "nio-save.h"
#include "nio-types.h"

gboolean
wl_nio_unix_address (struct sockaddr_un  *sun,
                     const char          *path,
                     GError             **error)
{
  memset (sun, 0, sizeof *sun);
  sun->sun_family = AF_UNIX;
  if (strlen (path) >= sizeof sun->sun_path)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FILENAME_TOO_LONG,
                   "socket path too long: %s", path);
      return FALSE;
    }
  strcpy (sun->sun_path, path);
  return TRUE;
}

/* A socket file whose socket is gone (an earlier run's) refuses connections. */
static gboolean
is_stale_socket (const struct sockaddr_un *sun)
{
  struct stat st;
  gboolean stale;
  int fd;

  if (lstat (sun->sun_path, &st) != 0 || !S_ISSOCK (st.st_mode))
    return FALSE;
  fd = socket (AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
  if (fd < 0)
    return FALSE;
  stale = connect (fd, (const struct sockaddr *) sun, sizeof *sun) != 0 && errno == ECONNREFUSED;
  close (fd);
  return stale;
}

int
wl_nio_unix_bind (const char  *path,
                  GError     **error)
{
  struct sockaddr_un local;
  int fd;

  if (!wl_nio_unix_address (&local, path, error))
    return -1;
  /* A stale file would make bind fail.  A live socket (another NIO's,
   * another program's) and anything that is not a socket stay, and bind
   * says EADDRINUSE. */
  if (is_stale_socket (&local))
    unlink (path);

  fd = socket (AF_UNIX, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  if (fd < 0 || bind (fd, (struct sockaddr *) &local, sizeof local) != 0)
    {
      wl_nio_set_errno_error (error, "cannot bind %s", path);
      if (fd >= 0)
        close (fd);
      return -1;
    }
  wl_nio_set_socket_buffers (fd);
  return fd;
}

guint
wl_nio_unix_send (wl_nio_t           *nio,
                  const struct iovec *frames,
                  guint               n)
{
  WlNioUnix *nu = (WlNioUnix *) nio;

  return wl_nio_send_datagrams (nio->fd, frames, n, &nu->remote, sizeof nu->remote);
}

void
wl_nio_unix_close (wl_nio_t *nio)
{
  WlNioUnix *nu = (WlNioUnix *) nio;

  if (nio->fd >= 0)
    unlink (nu->local_path);
  wl_nio_fd_close (nio);
}

void
wl_nio_unix_finalize (wl_nio_t *nio)
{
  WlNioUnix *nu = (WlNioUnix *) nio;

  g_free (nu->local_path);
  g_free (nu->remote_path);
}

static void
unix_save (wl_nio_t *nio,
           GString  *out)
{
  WlNioUnix *nu = (WlNioUnix *) nio;

  wl_save_command (out, "nio", "create_unix", nio->name, nu->local_path, nu->remote_path, NULL);
}

static const WlNioClass unix_class = {
  .type = "unix",
  .recv = wl_nio_fd_recv,
  .send = wl_nio_unix_send,
  .close = wl_nio_unix_close,
  .finalize = wl_nio_unix_finalize,
  .save = unix_save,
};

wl_nio_t *
wl_nio_unix_new (const char  *name,
                 const char  *local_path,
                 const char  *remote_path,
                 GError     **error)
{
  struct sockaddr_un remote;
  WlNioUnix *nu;
  int fd;

  if (!wl_nio_unix_address (&remote, remote_path, error))
    return NULL;
  fd = wl_nio_unix_bind (local_path, error);
  if (fd < 0)
    return NULL;

  nu = g_new0 (WlNioUnix, 1);
  wl_nio_init (&nu->parent, &unix_class, name, fd);
  nu->local_path = g_strdup (local_path);
  nu->remote_path = g_strdup (remote_path);
  nu->remote = remote;
  return wl_nio_start (&nu->parent, error);
}
