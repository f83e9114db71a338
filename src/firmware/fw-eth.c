/* fw-eth.c: NIC polling, Ethernet II and 802.1Q in and out
 *
 * Copyright 2026 The Wirelab authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * The NICs are polled in bursts: an interrupt (or a burst that filled up)
 * marks a NIC busy, a turn of the loop takes up to BURST frames from each
 * busy NIC, and every transmit queue touched in that turn gets one doorbell.
 */

#define G_LOG_DOMAIN "wirelab-fw"

#include "config.h"

#include "fw.h"
#include "fw-if.h"
#include "fw-net.h"

#define BURST 64

FwNetStats fw_net_stats;

static uint64_t busy_nics;     /* a burst filled up: poll again */
static uint64_t tx_dirty;      /* frames queued since the last doorbell */

void
fw_net_init (void)
{
  memset (&fw_net_stats, 0, sizeof fw_net_stats);
  busy_nics = tx_dirty = 0;
  for (int i = 0; i < FW_IF_MAX; i++)
    if (fw_ifs[i].used && fw_ifs[i].kind == FW_IF_PHYS)
      {
        if (hal_nic_open (fw_ifs[i].nic))
          fw_ifs[i].carrier = hal_nic_link (fw_ifs[i].nic);
      }
}

static void
tx_flush (void)
{
  while (tx_dirty)
    {
      int nic = __builtin_ctzll (tx_dirty);

      tx_dirty &= tx_dirty - 1;
      hal_nic_tx_flush ((uint32_t) nic);
    }
}

bool
fw_net_poll (void)
{
  uint64_t pending = hal_nic_pending ();
  uint64_t todo = pending | busy_nics;
  FwPkt *pkts[BURST];
  bool worked = todo != 0;

  worked |= fw_ip_loopback_run ();
  busy_nics = 0;
  while (todo)
    {
      uint32_t nic = (uint32_t) __builtin_ctzll (todo);
      int n;

      todo &= todo - 1;
      if (pending & (1ull << nic))
        {
          uint32_t ev = hal_nic_ack (nic);

          if ((ev & HAL_NIC_EV_LINK) && fw_if_by_nic[nic] >= 0)
            fw_if_set_carrier (fw_if_by_nic[nic], hal_nic_link (nic));
        }
      n = hal_nic_rx_burst (nic, pkts, BURST);
      for (int i = 0; i < n; i++)
        fw_eth_input (nic, pkts[i]);
      if (n == BURST)
        busy_nics |= 1ull << nic;
    }
  tx_flush ();
  return worked;
}

void
fw_net_flush (void)
{
  tx_flush ();
}

void
fw_eth_input (uint32_t  nic,
              FwPkt    *p)
{
  uint8_t *d = p->data;
  uint16_t type;
  int ifindex, hlen = ETH_HLEN;
  FwIf *f;

  if (FW_UNLIKELY (p->len < ETH_HLEN) || nic >= 64)
    {
      fw_pkt_free (p);
      return;
    }
  type = fw_rd16 (d + 12);
  ifindex = fw_if_by_nic[nic];
  if (type == ETH_P_8021Q)
    {
      if (p->len < ETH_HLEN + 4)
        {
          fw_pkt_free (p);
          return;
        }
      ifindex = fw_if_find_vlan (nic, fw_rd16 (d + 14) & 0xfff);
      type = fw_rd16 (d + 16);
      hlen += 4;
    }
  else if (FW_UNLIKELY (fw_if_native_by_nic[nic] >= 0))
    ifindex = fw_if_native_by_nic[nic];   /* untagged: the native-VLAN subinterface */
  if (ifindex < 0 || !fw_ifs[ifindex].up)
    {
      if (ifindex >= 0)
        fw_ifs[ifindex].cnt.in_drops++;
      fw_pkt_free (p);
      return;
    }
  f = &fw_ifs[ifindex];
  f->cnt.in_pkts++;
  f->cnt.in_bytes += p->len;
  f->last_input = fw_now ();
  /* The NIC does not filter: take our address, broadcast and multicast. */
  if (d[0] & 1)
    {
      if (memcmp (d, fw_eth_bcast, ETH_ALEN) == 0)
        f->cnt.in_bcast++;
      else
        f->cnt.in_mcast++;
    }
  else if (d[5] != f->mac[5] || d[4] != f->mac[4] || d[3] != f->mac[3] || d[2] != f->mac[2]
           || d[1] != f->mac[1] || d[0] != f->mac[0])
    {
      fw_pkt_free (p);
      return;
    }
  p->data += hlen;
  p->len -= (uint16_t) hlen;
  p->ifindex = (int16_t) ifindex;
  if (type == ETH_P_IP)
    fw_ip_input (ifindex, p);
  else if (type == ETH_P_ARP)
    fw_arp_input (ifindex, p);
  else
    {
      f->cnt.in_unknown++;
      fw_pkt_free (p);
    }
}

bool
fw_eth_output (int            ifindex,
               FwPkt         *p,
               const uint8_t  dst[ETH_ALEN],
               uint16_t       type)
{
  FwIf *f = &fw_ifs[ifindex];
  bool tagged = f->kind == FW_IF_SUB && !f->native;
  int hlen = tagged ? ETH_HLEN + 4 : ETH_HLEN;
  uint8_t *d;

  if (FW_UNLIKELY (!f->up || f->kind == FW_IF_LOOP || p->data - p->buf < hlen))
    {
      f->cnt.out_drops++;
      fw_pkt_free (p);
      return false;
    }
  p->data -= hlen;
  p->len += (uint16_t) hlen;
  d = p->data;
  for (int i = 0; i < ETH_ALEN; i++)
    {
      d[i] = dst[i];
      d[6 + i] = f->mac[i];
    }
  if (tagged)
    {
      fw_wr16 (d + 12, ETH_P_8021Q);
      fw_wr16 (d + 14, f->vlan);
      fw_wr16 (d + 16, type);
    }
  else
    fw_wr16 (d + 12, type);
  if (p->len < 60)
    {
      memset (d + p->len, 0, 60u - p->len);
      p->len = 60;
    }
  f->cnt.out_pkts++;
  f->cnt.out_bytes += p->len;
  f->last_output = fw_now ();
  if (!hal_nic_tx (f->nic, p))
    {
      f->cnt.out_drops++;
      return false;
    }
  tx_dirty |= 1ull << f->nic;
  return true;
}
