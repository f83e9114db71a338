/* fw-arp.c: ARP (RFC 826): cache with ageing, requests, replies, gratuitous
 *
 * Copyright 2026 The Wirelab authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * Packets for a next hop being resolved wait on its entry (a few of them),
 * so the first ping through a fresh path is not lost.  An address that does
 * not answer three requests, a second apart, fails: its packets are dropped
 * and their senders get a host unreachable.
 */

#define G_LOG_DOMAIN "wirelab-fw"

#include "config.h"

#include "fw.h"
#include "fw-if.h"
#include "fw-net.h"

#define BUCKETS      256
#define QUEUE_MAX    8
#define RETRY_MS     1000
#define MAX_TRIES    3
#define AGE_CHECK_MS 60000

FwArpEntry fw_arp_table[FW_ARP_MAX];
static int16_t bucket[BUCKETS];
static int16_t chain[FW_ARP_MAX];
static FwTimer retry_timer, age_timer;

static unsigned
hash_ip (uint32_t ip)
{
  return (ip ^ (ip >> 8) ^ (ip >> 16)) & (BUCKETS - 1);
}

static int
find (uint32_t ip)
{
  for (int i = bucket[hash_ip (ip)]; i >= 0; i = chain[i])
    if (fw_arp_table[i].ip == ip)
      return i;
  return -1;
}

static void
unlink_entry (int e)
{
  int16_t *pp = &bucket[hash_ip (fw_arp_table[e].ip)];

  while (*pp >= 0)
    {
      if (*pp == e)
        {
          *pp = chain[e];
          break;
        }
      pp = &chain[*pp];
    }
}

static void
drop_queue (FwArpEntry *e,
            bool        unreachable)
{
  while (e->queue)
    {
      FwPkt *p = e->queue;

      e->queue = p->next;
      p->next = NULL;
      if (unreachable && p->ifindex >= 0)
        fw_icmp_error (p, p->ifindex, ICMP_UNREACH, ICMP_UNREACH_HOST);
      fw_net_stats.ip_arp_fail++;
      fw_pkt_free (p);
    }
  e->queued = 0;
}

static void
free_entry (int i)
{
  drop_queue (&fw_arp_table[i], false);
  unlink_entry (i);
  memset (&fw_arp_table[i], 0, sizeof fw_arp_table[i]);
}

static int
new_entry (uint32_t ip)
{
  int victim = -1;
  uint64_t oldest = (uint64_t) -1;
  unsigned h;

  for (int i = 0; i < FW_ARP_MAX; i++)
    {
      if (fw_arp_table[i].state == FW_ARP_FREE)
        {
          victim = i;
          break;
        }
      if (fw_arp_table[i].state != FW_ARP_STATIC && fw_arp_table[i].updated < oldest)
        {
          oldest = fw_arp_table[i].updated;
          victim = i;
        }
    }
  if (victim < 0)
    return -1;
  if (fw_arp_table[victim].state != FW_ARP_FREE)
    free_entry (victim);
  fw_arp_table[victim].ip = ip;
  fw_arp_table[victim].updated = fw_now ();
  h = hash_ip (ip);
  chain[victim] = bucket[h];
  bucket[h] = (int16_t) victim;
  return victim;
}

static void
send_arp (int            ifindex,
          uint16_t       op,
          const uint8_t  dst_mac[ETH_ALEN],
          const uint8_t  tha[ETH_ALEN],
          uint32_t       spa,
          uint32_t       tpa)
{
  FwPkt *p = fw_pkt_alloc ();
  uint8_t *d;

  if (p == NULL)
    return;
  d = p->data;
  fw_wr16 (d, 1);
  fw_wr16 (d + 2, ETH_P_IP);
  d[4] = 6;
  d[5] = 4;
  fw_wr16 (d + 6, op);
  memcpy (d + 8, fw_ifs[ifindex].mac, ETH_ALEN);
  fw_wr32 (d + 14, spa);
  memcpy (d + 18, tha, ETH_ALEN);
  fw_wr32 (d + 24, tpa);
  p->len = 28;
  if (op == 1)
    fw_net_stats.arp_req_out++;
  else
    fw_net_stats.arp_rep_out++;
  fw_eth_output (ifindex, p, dst_mac, ETH_P_ARP);
}

static const uint8_t zero_mac[ETH_ALEN];

static void
send_request (int      ifindex,
              uint32_t ip)
{
  send_arp (ifindex, 1, fw_eth_bcast, zero_mac, fw_ifs[ifindex].addr, ip);
}

static void
retry (void *data)
{
  uint64_t now = fw_now (), next = (uint64_t) -1;

  for (int i = 0; i < FW_ARP_MAX; i++)
    {
      FwArpEntry *e = &fw_arp_table[i];

      if (e->state != FW_ARP_INCOMPLETE)
        continue;
      if (e->next_try <= now)
        {
          if (e->tries >= MAX_TRIES || !fw_ifs[e->ifindex].up)
            {
              drop_queue (e, true);
              free_entry (i);
              continue;
            }
          e->tries++;
          e->next_try = now + RETRY_MS;
          send_request (e->ifindex, e->ip);
        }
      next = FW_MIN (next, e->next_try);
    }
  if (next != (uint64_t) -1)
    fw_timer_arm (&retry_timer, next);
}

static void
age (void *data)
{
  uint64_t now = fw_now ();
  bool any = false;

  for (int i = 0; i < FW_ARP_MAX; i++)
    if (fw_arp_table[i].state == FW_ARP_COMPLETE)
      {
        if (now - fw_arp_table[i].updated >= FW_ARP_TIMEOUT_MS)
          free_entry (i);
        else
          any = true;
      }
  if (any)
    fw_timer_arm (&age_timer, now + AGE_CHECK_MS);
}

static void
arp_init (void)
{
  static bool done;

  if (done)
    return;
  done = true;
  for (int i = 0; i < BUCKETS; i++)
    bucket[i] = -1;
  fw_timer_init (&retry_timer, retry, NULL);
  fw_timer_init (&age_timer, age, NULL);
}

static void
complete (int            i,
          int            ifindex,
          const uint8_t  mac[ETH_ALEN])
{
  FwArpEntry *e = &fw_arp_table[i];

  memcpy (e->mac, mac, ETH_ALEN);
  e->ifindex = (int16_t) ifindex;
  e->state = FW_ARP_COMPLETE;
  e->updated = fw_now ();
  if (!age_timer.armed)
    fw_timer_arm (&age_timer, fw_now () + AGE_CHECK_MS);
  while (e->queue)
    {
      FwPkt *p = e->queue;

      e->queue = p->next;
      p->next = NULL;
      fw_eth_output (ifindex, p, mac, ETH_P_IP);
    }
  e->queued = 0;
}

const FwArpEntry *
fw_arp_lookup (int      ifindex,
               uint32_t ip)
{
  int i;

  arp_init ();
  i = find (ip);
  if (i < 0)
    return NULL;
  if (fw_arp_table[i].state == FW_ARP_STATIC
      || (fw_arp_table[i].state == FW_ARP_COMPLETE && fw_arp_table[i].ifindex == ifindex))
    return &fw_arp_table[i];
  return NULL;
}

void
fw_arp_send_ip (int      ifindex,
                uint32_t nexthop,
                FwPkt   *p)
{
  FwArpEntry *e;
  int i;

  arp_init ();
  i = find (nexthop);
  if (FW_LIKELY (i >= 0))
    {
      e = &fw_arp_table[i];
      if (FW_LIKELY (e->state == FW_ARP_COMPLETE && e->ifindex == ifindex)
          || e->state == FW_ARP_STATIC)
        {
          fw_eth_output (ifindex, p, e->mac, ETH_P_IP);
          return;
        }
      if (e->state == FW_ARP_COMPLETE)
        {
          /* learned on another interface: start over here */
          free_entry (i);
          i = -1;
        }
    }
  if (i < 0)
    {
      if (!fw_ifs[ifindex].addr || (i = new_entry (nexthop)) < 0)
        {
          fw_pkt_free (p);
          return;
        }
      e = &fw_arp_table[i];
      e->state = FW_ARP_INCOMPLETE;
      e->ifindex = (int16_t) ifindex;
      e->tries = 1;
      e->next_try = fw_now () + RETRY_MS;
      send_request (ifindex, nexthop);
      if (!retry_timer.armed || retry_timer.when > e->next_try)
        fw_timer_arm (&retry_timer, e->next_try);
    }
  e = &fw_arp_table[i];
  if (e->queued >= QUEUE_MAX)
    {
      FwPkt *old = e->queue;

      e->queue = old->next;
      fw_pkt_free (old);
      e->queued--;
    }
  p->next = NULL;
  if (e->queue == NULL)
    e->queue = p;
  else
    {
      FwPkt *q = e->queue;

      while (q->next)
        q = q->next;
      q->next = p;
    }
  e->queued++;
}

void
fw_arp_input (int    ifindex,
              FwPkt *p)
{
  const uint8_t *d = p->data;
  const FwIf *f = &fw_ifs[ifindex];
  uint32_t spa, tpa;
  uint16_t op;
  bool merged = false;
  int i;

  arp_init ();
  fw_net_stats.arp_in++;
  if (p->len < 28 || fw_rd16 (d) != 1 || fw_rd16 (d + 2) != ETH_P_IP || d[4] != 6 || d[5] != 4
      || f->addr == 0 || (d[8] & 1))
    {
      fw_pkt_free (p);
      return;
    }
  op = fw_rd16 (d + 6);
  spa = fw_rd32 (d + 14);
  tpa = fw_rd32 (d + 24);

  if (spa == f->addr)
    {
      char a[16], m[16];

      if (memcmp (d + 8, f->mac, ETH_ALEN) != 0)
        fw_log ("%%IP-4-DUPADDR: Duplicate address %s on %s, sourced by %s",
                fw_ip_ntoa (spa, a), f->name, fw_mac_ntoa (d + 8, m));
      fw_pkt_free (p);
      return;
    }

  i = find (spa);
  if (i >= 0 && fw_arp_table[i].state != FW_ARP_STATIC
      && (fw_arp_table[i].ifindex == ifindex || fw_arp_table[i].state == FW_ARP_INCOMPLETE))
    {
      complete (i, ifindex, d + 8);
      merged = true;
    }
  if (tpa == f->addr)
    {
      if (!merged && spa && ((spa ^ f->addr) & f->mask) == 0 && (i = new_entry (spa)) >= 0)
        complete (i, ifindex, d + 8);
      if (op == 1)
        send_arp (ifindex, 2, d + 8, d + 8, f->addr, spa);
    }
  fw_pkt_free (p);
}

void
fw_arp_gratuitous (int ifindex)
{
  const FwIf *f = &fw_ifs[ifindex];

  arp_init ();
  if (f->up && f->addr && f->kind != FW_IF_LOOP)
    send_arp (ifindex, 1, fw_eth_bcast, zero_mac, f->addr, f->addr);
}

void
fw_arp_flush_if (int ifindex)
{
  arp_init ();
  for (int i = 0; i < FW_ARP_MAX; i++)
    if (fw_arp_table[i].state != FW_ARP_FREE && fw_arp_table[i].state != FW_ARP_STATIC
        && fw_arp_table[i].ifindex == ifindex)
      free_entry (i);
}

void
fw_arp_clear (void)
{
  arp_init ();
  for (int i = 0; i < FW_ARP_MAX; i++)
    if (fw_arp_table[i].state != FW_ARP_FREE && fw_arp_table[i].state != FW_ARP_STATIC)
      free_entry (i);
}

bool
fw_arp_add_static (uint32_t       ip,
                   const uint8_t  mac[ETH_ALEN])
{
  int i;

  arp_init ();
  i = find (ip);
  if (i >= 0)
    free_entry (i);
  if ((i = new_entry (ip)) < 0)
    return false;
  memcpy (fw_arp_table[i].mac, mac, ETH_ALEN);
  fw_arp_table[i].state = FW_ARP_STATIC;
  fw_arp_table[i].ifindex = -1;
  return true;
}

bool
fw_arp_del_static (uint32_t ip)
{
  int i;

  arp_init ();
  i = find (ip);
  if (i < 0 || fw_arp_table[i].state != FW_ARP_STATIC)
    return false;
  free_entry (i);
  return true;
}
