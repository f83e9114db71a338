/* nio-vde.c: VDE NIOs, a port on a Virtual Distributed Ethernet switch
 *
 * Copyright 2026 The Wirelab authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * The libvdeplug handshake (VDE v3 request): connect to the switch's control
 * socket, announce our datagram socket, read back the switch's; frames then
 * go one per datagram.  Closing the control connection frees the port.
 */

#define G_LOG_DOMAIN "wirelab-nio"

#include "config.h"

#include <errno.h>
#include <poll.h>
#include <stdint.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include "nio-save.h"
#include "nio-types.h"

#define VDE_SWITCH_MAGIC   0xfeedface
#define VDE_REQ_NEW_CONTROL 0

struct vde_request_v3
{
  uint32_t           magic;
  uint32_t           version;
  uint32_t           type;
  struct sockaddr_un sock;
  char               description[128];
} __attribute__((packed));

typedef struct
{
  wl_nio_t           parent;
  int                ctl_fd;
  char              *control_path;
  char              *local_path;
  struct sockaddr_un remote;
} WlNioVde;

static guint
vde_recv (wl_nio_t  *nio,
          WlRxBatch *batch,
          guint      max)
{
  return wl_nio_recv_datagrams (nio->fd, batch, max);
}

static guint
vde_send (wl_nio_t           *nio,
          const struct iovec *frames,
          guint               n)
{
  WlNioVde *vde = (WlNioVde *) nio;

  return wl_nio_send_datagrams (nio->fd, frames, n, &vde->remote, sizeof vde->remote);
}

static void
vde_close (wl_nio_t *nio)
{
  WlNioVde *vde = (WlNioVde *) nio;

  if (nio->fd >= 0)
    {
      close (nio->fd);
      unlink (vde->local_path);
    }
  if (vde->ctl_fd >= 0)
    close (vde->ctl_fd);
  nio->fd = -1;
  vde->ctl_fd = -1;
}

static void
vde_finalize (wl_nio_t *nio)
{
  WlNioVde *vde = (WlNioVde *) nio;

  g_free (vde->control_path);
  g_free (vde->local_path);
}

static void
vde_save (wl_nio_t *nio,
          GString  *out)
{
  WlNioVde *vde = (WlNioVde *) nio;

  wl_save_command (out, "nio", "create_vde", nio->name, vde->control_path, vde->local_path, NULL);
}

static const WlNioClass vde_class = {
  .type = "vde",
  .recv = vde_recv,
  .send = vde_send,
  .close = vde_close,
  .finalize = vde_finalize,
  .save = vde_save,
};

static gboolean
set_path (struct sockaddr_un *sun,
          const char         *path)
{
  memset (sun, 0, sizeof *sun);
  sun->sun_family = AF_UNIX;
  if (strlen (path) >= sizeof sun->sun_path)
    return FALSE;
  strcpy (sun->sun_path, path);
  return TRUE;
}

wl_nio_t *
wl_nio_vde_new (const char  *name,
                const char  *control_path,
                const char  *local_path,
                GError     **error)
{
  struct vde_request_v3 req = { 0 };
  struct sockaddr_un ctl, remote, local;
  struct pollfd pfd;
  struct stat st;
  WlNioVde *vde;
  int ctl_fd = -1, data_fd = -1;
  gboolean bound = FALSE;
  ssize_t n;
  const char *what = "socket";

  req.magic = VDE_SWITCH_MAGIC;
  req.version = 3;
  req.type = VDE_REQ_NEW_CONTROL;
  g_snprintf (req.description, sizeof req.description, "wirelab NIO %s", name);
  if (!set_path (&ctl, control_path) || !set_path (&local, local_path))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FILENAME_TOO_LONG, "socket path too long");
      return NULL;
    }
  memcpy (&req.sock, &local, sizeof local);

  if (lstat (local_path, &st) == 0 && S_ISSOCK (st.st_mode))
    unlink (local_path);
  ctl_fd = socket (AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
  data_fd = socket (AF_UNIX, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  if (ctl_fd < 0 || data_fd < 0)
    goto fail;
  what = "bind";
  if (bind (data_fd, (struct sockaddr *) &local, sizeof local) != 0)
    goto fail;
  bound = TRUE;
  what = "connect";
  if (connect (ctl_fd, (struct sockaddr *) &ctl, sizeof ctl) != 0)
    goto fail;
  what = "send";
  if (send (ctl_fd, &req, sizeof req - sizeof req.description + strlen (req.description) + 1,
            MSG_NOSIGNAL) < 0)
    goto fail;

  /* The switch answers at once; never hang the control thread on it. */
  what = "no answer from the switch";
  pfd.fd = ctl_fd;
  pfd.events = POLLIN;
  if (poll (&pfd, 1, 2000) != 1)
    {
      errno = ETIMEDOUT;
      goto fail;
    }
  what = "read";
  memset (&remote, 0, sizeof remote);
  n = read (ctl_fd, &remote, sizeof remote);
  if (n < (ssize_t) sizeof (sa_family_t) || remote.sun_family != AF_UNIX)
    {
      if (n >= 0)
        errno = EPROTO;
      goto fail;
    }
  wl_nio_set_socket_buffers (data_fd);

  vde = g_new0 (WlNioVde, 1);
  wl_nio_init (&vde->parent, &vde_class, name, data_fd);
  vde->ctl_fd = ctl_fd;
  vde->remote = remote;
  vde->control_path = g_strdup (control_path);
  vde->local_path = g_strdup (local_path);
  if (!wl_nio_start (&vde->parent, error))
    {
      wl_nio_unref (&vde->parent);
      return NULL;
    }
  return &vde->parent;

fail:
  {
    int saved = errno;

    g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved), "VDE %s: %s: %s",
                 control_path, what, g_strerror (saved));
    if (data_fd >= 0)
      close (data_fd);
    if (bound)
      unlink (local_path);
    if (ctl_fd >= 0)
      close (ctl_fd);
    return NULL;
  }
}
