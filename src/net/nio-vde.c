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
  WlNioUnix  parent;         /* the data socket */
  int        ctl_fd;
  char      *control_path;
} WlNioVde;

static void
vde_close (wl_nio_t *nio)
{
  WlNioVde *vde = (WlNioVde *) nio;

  wl_nio_unix_close (nio);
  if (vde->ctl_fd >= 0)
    close (vde->ctl_fd);
  vde->ctl_fd = -1;
}

static void
vde_finalize (wl_nio_t *nio)
{
  g_free (((WlNioVde *) nio)->control_path);
  wl_nio_unix_finalize (nio);
}

static void
vde_save (wl_nio_t *nio,
          GString  *out)
{
  WlNioVde *vde = (WlNioVde *) nio;

  wl_save_command (out, "nio", "create_vde", nio->name, vde->control_path,
                   vde->parent.local_path, NULL);
}

static const WlNioClass vde_class = {
  .type = "vde",
  .recv = wl_nio_fd_recv,
  .send = wl_nio_unix_send,
  .close = vde_close,
  .finalize = vde_finalize,
  .save = vde_save,
};

wl_nio_t *
wl_nio_vde_new (const char  *name,
                const char  *control_path,
                const char  *local_path,
                GError     **error)
{
  struct vde_request_v3 req = { 0 };
  struct sockaddr_un ctl, local, remote;
  struct pollfd pfd;
  WlNioVde *vde;
  int ctl_fd = -1, data_fd;
  ssize_t n;
  const char *what = "socket";

  req.magic = VDE_SWITCH_MAGIC;
  req.version = 3;
  req.type = VDE_REQ_NEW_CONTROL;
  g_snprintf (req.description, sizeof req.description, "wirelab NIO %s", name);
  if (!wl_nio_unix_address (&ctl, control_path, error) ||
      !wl_nio_unix_address (&local, local_path, error))
    return NULL;
  memcpy (&req.sock, &local, sizeof local);

  data_fd = wl_nio_unix_bind (local_path, error);
  if (data_fd < 0)
    return NULL;
  ctl_fd = socket (AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (ctl_fd < 0)
    goto fail;
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

  vde = g_new0 (WlNioVde, 1);
  wl_nio_init (&vde->parent.parent, &vde_class, name, data_fd);
  vde->parent.local_path = g_strdup (local_path);
  vde->parent.remote = remote;
  vde->ctl_fd = ctl_fd;
  vde->control_path = g_strdup (control_path);
  return wl_nio_start (&vde->parent.parent, error);

fail:
  wl_nio_set_errno_error (error, "VDE %s: %s", control_path, what);
  close (data_fd);
  unlink (local_path);
  if (ctl_fd >= 0)
    close (ctl_fd);
  return NULL;
}
