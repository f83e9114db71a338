/* nio-linux-eth.c: raw Ethernet NIOs over AF_PACKET (root)
 *
 * Copyright 2026 The Wirelab authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * Bound to one interface with ETH_P_ALL in promiscuous mode.  Frames the
 * host sends on the interface (our own included) are not received back.
 */

#define G_LOG_DOMAIN "wirelab-nio"

#include "config.h"

#include <arpa/inet.h>
#include <errno.h>
#include <linux/if_ether.h>
#include <linux/if_packet.h>
#include <net/if.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "nio-save.h"
#include "nio-types.h"

typedef struct
{
  wl_nio_t  parent;
  char     *ifname;
} WlNioLinuxEth;

static guint
linux_eth_recv (wl_nio_t  *nio,
                WlRxBatch *batch,
                guint      max)
{
  struct mmsghdr msgs[WL_NIO_BATCH];
  struct iovec iov[WL_NIO_BATCH];
  struct sockaddr_ll from[WL_NIO_BATCH];
  guint kept = 0;
  int n;

  for (guint i = 0; i < max; i++)
    {
      iov[i].iov_base = batch->buf[i];
      iov[i].iov_len = WL_NIO_MAX_FRAME;
      memset (&msgs[i].msg_hdr, 0, sizeof msgs[i].msg_hdr);
      msgs[i].msg_hdr.msg_iov = &iov[i];
      msgs[i].msg_hdr.msg_iovlen = 1;
      msgs[i].msg_hdr.msg_name = &from[i];
      msgs[i].msg_hdr.msg_namelen = sizeof from[i];
    }
  do
    n = recvmmsg (nio->fd, msgs, max, MSG_DONTWAIT, NULL);
  while (n < 0 && errno == EINTR);
  if (n <= 0)
    return 0;

  for (int i = 0; i < n; i++)
    {
      if (from[i].sll_pkttype == PACKET_OUTGOING || (msgs[i].msg_hdr.msg_flags & MSG_TRUNC))
        continue;
      if ((guint) i != kept)
        {
          guint8 *tmp = batch->buf[kept];

          batch->buf[kept] = batch->buf[i];
          batch->buf[i] = tmp;
        }
      batch->len[kept++] = msgs[i].msg_len;
    }
  return kept;
}

static guint
linux_eth_send (wl_nio_t           *nio,
                const struct iovec *frames,
                guint               n)
{
  return wl_nio_send_datagrams (nio->fd, frames, n, NULL, 0);
}

static void
linux_eth_close (wl_nio_t *nio)
{
  if (nio->fd >= 0)
    close (nio->fd);
  nio->fd = -1;
}

static void
linux_eth_finalize (wl_nio_t *nio)
{
  g_free (((WlNioLinuxEth *) nio)->ifname);
}

static void
linux_eth_save (wl_nio_t *nio,
                GString  *out)
{
  wl_save_command (out, "nio", "create_linux_eth", nio->name,
                   ((WlNioLinuxEth *) nio)->ifname, NULL);
}

static const WlNioClass linux_eth_class = {
  .type = "linux_eth",
  .recv = linux_eth_recv,
  .send = linux_eth_send,
  .close = linux_eth_close,
  .finalize = linux_eth_finalize,
  .save = linux_eth_save,
};

wl_nio_t *
wl_nio_linux_eth_new (const char  *name,
                      const char  *ifname,
                      GError     **error)
{
  struct sockaddr_ll sll = { .sll_family = AF_PACKET, .sll_protocol = htons (ETH_P_ALL) };
  struct packet_mreq mreq = { .mr_type = PACKET_MR_PROMISC };
  WlNioLinuxEth *le;
  unsigned int ifindex = if_nametoindex (ifname);
  int fd;

  if (ifindex == 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, "no interface '%s'", ifname);
      return NULL;
    }
  fd = socket (AF_PACKET, SOCK_RAW | SOCK_NONBLOCK | SOCK_CLOEXEC, htons (ETH_P_ALL));
  sll.sll_ifindex = ifindex;
  mreq.mr_ifindex = ifindex;
  if (fd < 0 ||
      bind (fd, (struct sockaddr *) &sll, sizeof sll) != 0 ||
      setsockopt (fd, SOL_PACKET, PACKET_ADD_MEMBERSHIP, &mreq, sizeof mreq) != 0)
    {
      int saved = errno;

      if (fd >= 0)
        close (fd);
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   "packet socket on %s: %s", ifname, g_strerror (saved));
      return NULL;
    }
  wl_nio_set_socket_buffers (fd);

  le = g_new0 (WlNioLinuxEth, 1);
  wl_nio_init (&le->parent, &linux_eth_class, name, fd);
  le->ifname = g_strdup (ifname);
  if (!wl_nio_start (&le->parent, error))
    {
      wl_nio_unref (&le->parent);
      return NULL;
    }
  return &le->parent;
}
