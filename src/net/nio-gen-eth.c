/* nio-gen-eth.c: generic Ethernet NIOs through libpcap (root)
 *
 * Copyright 2026 The Wirelab authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * As Dynamips: live capture in promiscuous mode, snaplen 65535, inbound
 * direction only, and pcap_inject to send.  The capture is non-blocking and
 * its selectable descriptor joins the I/O thread's epoll.
 */

#define G_LOG_DOMAIN "wirelab-nio"

#include "config.h"

#include <pcap/pcap.h>
#include <string.h>

#include "nio-save.h"
#include "nio-types.h"

typedef struct
{
  wl_nio_t  parent;
  pcap_t   *pcap;
  char     *ifname;
} WlNioGenEth;

typedef struct
{
  WlRxBatch *batch;
  guint      n;
} Collect;

static void
collect (u_char                   *user,
         const struct pcap_pkthdr *hdr,
         const u_char             *bytes)
{
  Collect *c = (Collect *) user;

  if (hdr->caplen != hdr->len || hdr->caplen > WL_NIO_MAX_FRAME)
    return;   /* cut by the snap length: not a whole frame */
  memcpy (c->batch->buf[c->n], bytes, hdr->caplen);
  c->batch->len[c->n++] = hdr->caplen;
}

static guint
gen_eth_recv (wl_nio_t  *nio,
              WlRxBatch *batch,
              guint      max)
{
  WlNioGenEth *ge = (WlNioGenEth *) nio;
  Collect c = { batch, 0 };

  pcap_dispatch (ge->pcap, max, collect, (u_char *) &c);
  return c.n;
}

static guint
gen_eth_send (wl_nio_t           *nio,
              const struct iovec *frames,
              guint               n)
{
  WlNioGenEth *ge = (WlNioGenEth *) nio;
  guint sent = 0;

  for (guint i = 0; i < n; i++)
    if (pcap_inject (ge->pcap, frames[i].iov_base, frames[i].iov_len) == (int) frames[i].iov_len)
      sent++;
  return sent;
}

/* The capture stays open until finalize: the I/O thread may still hold
 * its descriptor from an event of the current batch. */
static void
gen_eth_finalize (wl_nio_t *nio)
{
  WlNioGenEth *ge = (WlNioGenEth *) nio;

  g_clear_pointer (&ge->pcap, pcap_close);
  g_free (ge->ifname);
}

static void
gen_eth_save (wl_nio_t *nio,
              GString  *out)
{
  wl_save_command (out, "nio", "create_gen_eth", nio->name, ((WlNioGenEth *) nio)->ifname, NULL);
}

static const WlNioClass gen_eth_class = {
  .type = "gen_eth",
  .recv = gen_eth_recv,
  .send = gen_eth_send,
  .finalize = gen_eth_finalize,
  .save = gen_eth_save,
};

wl_nio_t *
wl_nio_gen_eth_new (const char  *name,
                    const char  *ifname,
                    GError     **error)
{
  char errbuf[PCAP_ERRBUF_SIZE] = "";
  WlNioGenEth *ge;
  pcap_t *p;
  int fd;

  p = pcap_create (ifname, errbuf);
  if (p == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "pcap_create %s: %s", ifname, errbuf);
      return NULL;
    }
  pcap_set_snaplen (p, 65535);
  pcap_set_promisc (p, 1);
  pcap_set_immediate_mode (p, 1);
  pcap_set_timeout (p, 1);
  if (pcap_activate (p) < 0 ||
      pcap_setdirection (p, PCAP_D_IN) != 0 ||
      pcap_setnonblock (p, 1, errbuf) != 0 ||
      (fd = pcap_get_selectable_fd (p)) < 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "pcap on %s: %s",
                   ifname, *errbuf ? errbuf : pcap_geterr (p));
      pcap_close (p);
      return NULL;
    }

  ge = g_new0 (WlNioGenEth, 1);
  wl_nio_init (&ge->parent, &gen_eth_class, name, fd);
  ge->pcap = p;
  ge->ifname = g_strdup (ifname);
  return wl_nio_start (&ge->parent, error);
}
