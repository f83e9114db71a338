/* nio-tap.c: TAP NIOs, raw frames through /dev/net/tun (root)
 *
 * Copyright 2026 The Wirelab authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * IFF_TAP | IFF_NO_PI: each read or write is exactly one Ethernet frame.  A
 * device that did not exist is created and disappears with the NIO
 * (spec section 6); a persistent one stays.
 */

#define G_LOG_DOMAIN "wirelab-nio"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/if.h>
#include <linux/if_tun.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "nio-save.h"
#include "nio-types.h"

typedef struct
{
  wl_nio_t  parent;
  char     *ifname;
} WlNioTap;

static guint
tap_recv (wl_nio_t  *nio,
          WlRxBatch *batch,
          guint      max)
{
  guint n = 0;

  while (n < max)
    {
      ssize_t r = read (nio->fd, batch->buf[n], WL_NIO_MAX_FRAME);

      if (r < 0 && errno == EINTR)
        continue;
      if (r <= 0)
        break;
      batch->len[n++] = r;
    }
  return n;
}

static guint
tap_send (wl_nio_t           *nio,
          const struct iovec *frames,
          guint               n)
{
  guint sent = 0;

  for (guint i = 0; i < n; i++)
    {
      ssize_t r;

      do
        r = write (nio->fd, frames[i].iov_base, frames[i].iov_len);
      while (r < 0 && errno == EINTR);
      if (r == (ssize_t) frames[i].iov_len)
        sent++;
      else if (r < 0 && errno == EAGAIN)
        break;
    }
  return sent;
}

static void
tap_finalize (wl_nio_t *nio)
{
  g_free (((WlNioTap *) nio)->ifname);
}

static void
tap_save (wl_nio_t *nio,
          GString  *out)
{
  wl_save_command (out, "nio", "create_tap", nio->name, ((WlNioTap *) nio)->ifname, NULL);
}

static const WlNioClass tap_class = {
  .type = "tap",
  .recv = tap_recv,
  .send = tap_send,
  .close = wl_nio_fd_close,
  .finalize = tap_finalize,
  .save = tap_save,
};

wl_nio_t *
wl_nio_tap_new (const char  *name,
                const char  *ifname,
                GError     **error)
{
  struct ifreq ifr = { 0 };
  WlNioTap *tap;
  int fd;

  if (strlen (ifname) >= IFNAMSIZ || *ifname == '\0')
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   "bad interface name '%s'", ifname);
      return NULL;
    }
  fd = open ("/dev/net/tun", O_RDWR | O_NONBLOCK | O_CLOEXEC);
  if (fd < 0)
    {
      wl_nio_set_errno_error (error, "/dev/net/tun");
      return NULL;
    }
  ifr.ifr_flags = IFF_TAP | IFF_NO_PI;
  strncpy (ifr.ifr_name, ifname, IFNAMSIZ - 1);
  if (ioctl (fd, TUNSETIFF, &ifr) != 0)
    {
      wl_nio_set_errno_error (error, "TUNSETIFF %s", ifname);
      close (fd);
      return NULL;
    }

  tap = g_new0 (WlNioTap, 1);
  wl_nio_init (&tap->parent, &tap_class, name, fd);
  tap->ifname = g_strdup (ifr.ifr_name);
  return wl_nio_start (&tap->parent, error);
}
