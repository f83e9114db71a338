/* nio-unix.c: UNIX datagram NIOs, one frame per datagram
 *
 * Copyright 2026 The Wirelab authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#define G_LOG_DOMAIN "wirelab-nio"

#include "config.h"

#include <errno.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include "nio-save.h"
#include "nio-types.h"

typedef struct
{
  wl_nio_t           parent;
  char              *local_path;
  char              *remote_path;
  struct sockaddr_un remote;
} WlNioUnix;

static guint
unix_recv (wl_nio_t  *nio,
           WlRxBatch *batch,
           guint      max)
{
  return wl_nio_recv_datagrams (nio->fd, batch, max);
}

static guint
unix_send (wl_nio_t           *nio,
           const struct iovec *frames,
           guint               n)
{
  WlNioUnix *nu = (WlNioUnix *) nio;

  return wl_nio_send_datagrams (nio->fd, frames, n, &nu->remote, sizeof nu->remote);
}

static void
unix_close (wl_nio_t *nio)
{
  WlNioUnix *nu = (WlNioUnix *) nio;

  if (nio->fd >= 0)
    {
      close (nio->fd);
      unlink (nu->local_path);
    }
  nio->fd = -1;
}

static void
unix_finalize (wl_nio_t *nio)
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
  .recv = unix_recv,
  .send = unix_send,
  .close = unix_close,
  .finalize = unix_finalize,
  .save = unix_save,
};

static gboolean
fill_sockaddr (struct sockaddr_un  *sun,
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

wl_nio_t *
wl_nio_unix_new (const char  *name,
                 const char  *local_path,
                 const char  *remote_path,
                 GError     **error)
{
  struct sockaddr_un local;
  struct stat st;
  WlNioUnix *nu;
  int fd;

  nu = g_new0 (WlNioUnix, 1);
  if (!fill_sockaddr (&local, local_path, error) ||
      !fill_sockaddr (&nu->remote, remote_path, error))
    {
      g_free (nu);
      return NULL;
    }

  /* A stale socket file from an earlier run would make bind fail; anything
   * else at that path is left alone. */
  if (lstat (local_path, &st) == 0 && S_ISSOCK (st.st_mode))
    unlink (local_path);

  fd = socket (AF_UNIX, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  if (fd < 0 || bind (fd, (struct sockaddr *) &local, sizeof local) != 0)
    {
      int saved = errno;

      if (fd >= 0)
        close (fd);
      g_free (nu);
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   "cannot bind %s: %s", local_path, g_strerror (saved));
      return NULL;
    }
  wl_nio_set_socket_buffers (fd);

  wl_nio_init (&nu->parent, &unix_class, name, fd);
  nu->local_path = g_strdup (local_path);
  nu->remote_path = g_strdup (remote_path);
  if (!wl_nio_start (&nu->parent, error))
    {
      wl_nio_unref (&nu->parent);
      return NULL;
    }
  return &nu->parent;
}
