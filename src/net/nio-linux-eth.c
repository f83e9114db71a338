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
#include <linux/if_ether.h>
#include <linux/if_packet.h>
#include <net/if.h>
#include <sys/socket.h>
#include <unistd.h>

#include "nio-save.h"
#include "nio-types.h"

typedef struct
{
  wl_nio_t  parent;
  char     *ifname;
} WlNioLinuxEth;

/* Frames the host sends on the interface come back as PACKET_OUTGOING. */
static gboolean
is_incoming (const struct sockaddr_storage *from)
{
  return ((const struct sockaddr_ll *) from)->sll_pkttype != PACKET_OUTGOING;
}

static guint
linux_eth_recv (wl_nio_t  *nio,
                WlRxBatch *batch,
                guint      max)
{
  return wl_nio_recv_datagrams (nio->fd, batch, max, is_incoming);
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
  .send = wl_nio_fd_send,
  .close = wl_nio_fd_close,
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
      wl_nio_set_errno_error (error, "packet socket on %s", ifname);
      if (fd >= 0)
        close (fd);
      return NULL;
    }
  wl_nio_set_socket_buffers (fd);

  le = g_new0 (WlNioLinuxEth, 1);
  wl_nio_init (&le->parent, &linux_eth_class, name, fd);
  le->ifname = g_strdup (ifname);
  return wl_nio_start (&le->parent, error);
}
