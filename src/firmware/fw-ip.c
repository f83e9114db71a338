/* fw-ip.c: IPv4 input, forwarding and output; ICMP; UDP
 *
 * Copyright 2026 The Wirelab authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * Forwarding works on the received buffer in place: the TTL is decremented
 * with an incremental checksum update (RFC 1141), the Ethernet header is
 * rewritten and the same buffer goes to the egress NIC.
 */

#define G_LOG_DOMAIN "wirelab-fw"

#include "config.h"

#include "fw.h"
#include "fw-if.h"
#include "fw-net.h"
#include "fw-rip.h"
#include "fw-route.h"

static uint16_t ip_id;
static FwPkt *loop_head, *loop_tail;   /* packets we send to ourselves */

#define WATCHERS 4
static struct
{
  FwIcmpWatcher fn;
  void         *data;
} watchers[WATCHERS];

static void ip_local (int ifindex, FwPkt *p);

bool
fw_ip_is_local (uint32_t addr)
{
  return fw_if_for_local (addr) >= 0;
}

static bool
is_bcast_or_mcast (uint32_t a)
{
  return a == 0xffffffffu || (a & 0xf0000000u) == 0xe0000000u;
}

/* Delivers the loopback queue (called from the loop, never re-entered). */
bool
fw_ip_loopback_run (void)
{
  bool any = loop_head != NULL;

  while (loop_head)
    {
      FwPkt *p = loop_head;

      loop_head = p->next;
      if (loop_head == NULL)
        loop_tail = NULL;
      p->next = NULL;
      ip_local (-1, p);
    }
  return any;
}

static void
forward (int    ifindex,
         FwPkt *p,
         uint32_t dst)
{
  uint8_t *ip = p->data;
  const FwRoute *r;
  uint32_t sum;

  if (ip[8] <= 1)
    {
      fw_net_stats.ip_ttl_expired++;
      fw_icmp_error (p, ifindex, ICMP_TIME_EXCEEDED, 0);
      fw_pkt_free (p);
      return;
    }
  r = fw_route_lookup (dst);
  if (FW_UNLIKELY (r == NULL || r->out_if < 0))
    {
      fw_net_stats.ip_no_route++;
      fw_icmp_error (p, ifindex, ICMP_UNREACH, ICMP_UNREACH_NET);
      fw_pkt_free (p);
      return;
    }
  if (FW_UNLIKELY (fw_ifs[r->out_if].kind == FW_IF_LOOP))
    {
      fw_icmp_error (p, ifindex, ICMP_UNREACH, ICMP_UNREACH_HOST);
      fw_pkt_free (p);
      return;
    }
  ip[8]--;
  sum = (uint32_t) fw_rd16 (ip + 10) + 0x100;
  fw_wr16 (ip + 10, (uint16_t) (sum + (sum >> 16)));
  fw_net_stats.ip_forwarded++;
  fw_arp_send_ip (r->out_if, r->nexthop ? r->nexthop : dst, p);
}

void
fw_ip_input (int    ifindex,
             FwPkt *p)
{
  uint8_t *ip = p->data;
  unsigned hl, total;
  uint32_t dst;
  const FwIf *f = &fw_ifs[ifindex];
  const FwRoute *r;

  fw_net_stats.ip_in++;
  if (FW_UNLIKELY (f->addr == 0))
    {
      /* IP is not enabled on an interface without an address */
      fw_pkt_free (p);
      return;
    }
  if (FW_UNLIKELY (p->len < IP_HLEN || (ip[0] >> 4) != 4))
    goto bad;
  hl = (ip[0] & 15u) * 4;
  total = fw_rd16 (ip + 2);
  if (FW_UNLIKELY (hl < IP_HLEN || total < hl || total > p->len))
    goto bad;
  if (FW_UNLIKELY (fw_inet_cksum (ip, hl) != 0))
    {
      fw_net_stats.ip_bad_cksum++;
      fw_pkt_free (p);
      return;
    }
  p->len = (uint16_t) total;
  dst = fw_rd32 (ip + 16);

  if (FW_UNLIKELY (is_bcast_or_mcast (dst)))
    {
      ip_local (ifindex, p);
      return;
    }
  r = fw_route_lookup (dst);
  if (r && (r->code == 'L' || (r->out_if >= 0 && fw_ifs[r->out_if].kind == FW_IF_LOOP
                               && fw_ifs[r->out_if].addr == dst)))
    {
      ip_local (ifindex, p);
      return;
    }
  if (f->addr && f->mask != 0xffffffffu && dst == (f->addr | ~f->mask))
    {
      ip_local (ifindex, p);
      return;
    }
  forward (ifindex, p, dst);
  return;

bad:
  fw_net_stats.ip_bad_hdr++;
  fw_pkt_free (p);
}

static void
ip_local (int    ifindex,
          FwPkt *p)
{
  uint8_t *ip = p->data;
  uint32_t src = fw_rd32 (ip + 12), dst = fw_rd32 (ip + 16);

  fw_net_stats.ip_local++;
  if (fw_rd16 (ip + 6) & 0x3fff)
    {
      fw_pkt_free (p);          /* fragments: no reassembly */
      return;
    }
  switch (ip[9])
    {
    case IP_PROTO_ICMP:
      fw_icmp_input (ifindex, p, src, dst);
      return;
    case IP_PROTO_UDP:
      fw_udp_input (ifindex, p, src, dst);
      return;
    default:
      if (!is_bcast_or_mcast (dst))
        fw_icmp_error (p, ifindex, ICMP_UNREACH, ICMP_UNREACH_PROTO);
      fw_pkt_free (p);
      return;
    }
}

bool
fw_ip_send (FwPkt    *p,
            uint32_t  src,
            uint32_t  dst,
            uint8_t   proto,
            uint8_t   ttl,
            int       out_if)
{
  uint32_t nexthop = dst;
  uint8_t *ip;
  uint16_t total;
  bool local = false;

  if (out_if < 0 && !is_bcast_or_mcast (dst))
    {
      const FwRoute *r = fw_route_lookup (dst);

      if (r == NULL || r->out_if < 0)
        {
          fw_net_stats.ip_no_route++;
          fw_pkt_free (p);
          return false;
        }
      out_if = r->out_if;
      if (r->code == 'L' || (fw_ifs[out_if].kind == FW_IF_LOOP && fw_ifs[out_if].addr == dst))
        local = true;
      else if (fw_ifs[out_if].kind == FW_IF_LOOP)
        {
          fw_pkt_free (p);
          return false;
        }
      if (r->nexthop)
        nexthop = r->nexthop;
    }
  if (out_if < 0 || p->data - p->buf < IP_HLEN + ETH_HLEN + 4)
    {
      fw_pkt_free (p);
      return false;
    }
  if (src == 0)
    src = fw_ifs[out_if].addr;

  total = (uint16_t) (p->len + IP_HLEN);
  p->data -= IP_HLEN;
  p->len = total;
  ip = p->data;
  ip[0] = 0x45;
  ip[1] = 0;
  fw_wr16 (ip + 2, total);
  fw_wr16 (ip + 4, ip_id++);
  fw_wr16 (ip + 6, 0);
  ip[8] = ttl;
  ip[9] = proto;
  fw_wr16 (ip + 10, 0);
  fw_wr32 (ip + 12, src);
  fw_wr32 (ip + 16, dst);
  fw_wr16 (ip + 10, fw_inet_cksum (ip, IP_HLEN));
  fw_net_stats.ip_out++;

  if (local)
    {
      p->ifindex = -1;
      p->next = NULL;
      if (loop_tail)
        loop_tail->next = p;
      else
        loop_head = p;
      loop_tail = p;
      return true;
    }
  if (dst == 0xffffffffu
      || (fw_ifs[out_if].mask != 0xffffffffu && dst == (fw_ifs[out_if].addr | ~fw_ifs[out_if].mask)))
    return fw_eth_output (out_if, p, fw_eth_bcast, ETH_P_IP);
  if ((dst & 0xf0000000u) == 0xe0000000u)
    {
      uint8_t mac[ETH_ALEN] = { 0x01, 0x00, 0x5e, (uint8_t) ((dst >> 16) & 0x7f),
                                (uint8_t) (dst >> 8), (uint8_t) dst };

      return fw_eth_output (out_if, p, mac, ETH_P_IP);
    }
  fw_arp_send_ip (out_if, nexthop, p);
  return true;
}

/* --- ICMP ------------------------------------------------------------- */

void
fw_icmp_watch (FwIcmpWatcher fn,
               void         *data)
{
  for (int i = 0; i < WATCHERS; i++)
    if (fn ? watchers[i].fn == NULL : watchers[i].data == data)
      {
        watchers[i].fn = fn;
        watchers[i].data = data;
        return;
      }
}

static void
notify (const FwIcmpEvent *ev)
{
  for (int i = 0; i < WATCHERS; i++)
    if (watchers[i].fn)
      watchers[i].fn (ev, watchers[i].data);
}

void
fw_icmp_input (int       ifindex,
               FwPkt    *p,
               uint32_t  src,
               uint32_t  dst)
{
  uint8_t *ip = p->data;
  unsigned hl = (ip[0] & 15u) * 4;
  uint8_t *icmp = ip + hl;
  unsigned len = p->len - hl;
  FwIcmpEvent ev;

  fw_net_stats.icmp_in++;
  if (len < 8 || fw_inet_cksum (icmp, len) != 0)
    {
      fw_pkt_free (p);
      return;
    }
  memset (&ev, 0, sizeof ev);
  ev.type = icmp[0];
  ev.code = icmp[1];
  ev.from = src;
  ev.when = fw_now ();

  switch (icmp[0])
    {
    case ICMP_ECHO:
      {
        uint32_t reply_src = dst;

        if (is_bcast_or_mcast (dst) || !fw_ip_is_local (dst))
          reply_src = ifindex >= 0 ? fw_ifs[ifindex].addr : 0;
        if (fw_debug & FW_DEBUG_ICMP)
          {
            char a[16], b[16];

            fw_log ("ICMP: echo reply sent, src %s, dst %s, topology BASE, dscp 0 topoid 0",
                    fw_ip_ntoa (reply_src, a), fw_ip_ntoa (src, b));
          }
        icmp[0] = ICMP_ECHO_REPLY;
        fw_wr16 (icmp + 2, 0);
        fw_wr16 (icmp + 2, fw_inet_cksum (icmp, len));
        p->data = icmp;
        p->len = (uint16_t) len;
        fw_net_stats.icmp_out++;
        fw_ip_send (p, reply_src, src, IP_PROTO_ICMP, IP_DEFAULT_TTL, -1);
        return;
      }
    case ICMP_ECHO_REPLY:
      if (fw_debug & FW_DEBUG_ICMP)
        {
          char a[16], b[16];

          fw_log ("ICMP: echo reply rcvd, src %s, dst %s, topology BASE, dscp 0 topoid 0",
                  fw_ip_ntoa (src, a), fw_ip_ntoa (dst, b));
        }
      ev.id = fw_rd16 (icmp + 4);
      ev.seq = fw_rd16 (icmp + 6);
      notify (&ev);
      break;
    case ICMP_UNREACH:
    case ICMP_TIME_EXCEEDED:
      if (len >= 8 + IP_HLEN + 8)
        {
          const uint8_t *in = icmp + 8;
          unsigned ihl = (in[0] & 15u) * 4;

          if (len >= 8 + ihl + 8)
            {
              const uint8_t *l4 = in + ihl;

              if (in[9] == IP_PROTO_ICMP)
                {
                  ev.id = fw_rd16 (l4 + 4);
                  ev.seq = fw_rd16 (l4 + 6);
                }
              else if (in[9] == IP_PROTO_UDP)
                {
                  ev.sport = fw_rd16 (l4);
                  ev.dport = fw_rd16 (l4 + 2);
                }
              notify (&ev);
            }
        }
      break;
    default:
      break;
    }
  fw_pkt_free (p);
}

void
fw_icmp_error (const FwPkt *orig,
               int          in_if,
               uint8_t      type,
               uint8_t      code)
{
  const uint8_t *ip = orig->data;
  unsigned hl = (ip[0] & 15u) * 4, n;
  uint32_t src = fw_rd32 (ip + 12), dst = fw_rd32 (ip + 16), from = 0;
  FwPkt *p;
  uint8_t *icmp;

  if (src == 0 || is_bcast_or_mcast (src) || is_bcast_or_mcast (dst) || (fw_rd16 (ip + 6) & 0x1fff))
    return;
  if (ip[9] == IP_PROTO_ICMP && orig->len >= hl + 1)
    {
      uint8_t t = ip[hl];

      if (t != ICMP_ECHO && t != ICMP_ECHO_REPLY && t != 13 && t != 14)
        return;                 /* never an error about an error */
    }
  n = FW_MIN ((unsigned) orig->len, hl + 8);
  if ((p = fw_pkt_alloc ()) == NULL)
    return;
  p->data += IP_HLEN + 4;
  icmp = p->data;
  icmp[0] = type;
  icmp[1] = code;
  fw_wr16 (icmp + 2, 0);
  fw_wr32 (icmp + 4, 0);
  memcpy (icmp + 8, ip, n);
  p->len = (uint16_t) (8 + n);
  fw_wr16 (icmp + 2, fw_inet_cksum (icmp, p->len));
  /* about a packet for us, answer as the address it was sent to (traceroute
   * to a router ends on that address); else as the interface it came in on */
  if (fw_ip_is_local (dst))
    from = dst;
  else if (in_if >= 0 && fw_ifs[in_if].addr)
    from = fw_ifs[in_if].addr;
  fw_net_stats.icmp_out++;
  if (fw_debug & FW_DEBUG_ICMP)
    {
      char a[16], b[16];

      if (type == ICMP_TIME_EXCEEDED)
        fw_log ("ICMP: time exceeded (time to live) sent to %s (dest was %s)", fw_ip_ntoa (src, a),
                fw_ip_ntoa (dst, b));
      else
        fw_log ("ICMP: dst (%s) %s unreachable sent to %s", fw_ip_ntoa (dst, b),
                code == ICMP_UNREACH_NET ? "net" : code == ICMP_UNREACH_HOST ? "host"
                : code == ICMP_UNREACH_PROTO ? "protocol" : "port", fw_ip_ntoa (src, a));
    }
  fw_ip_send (p, from, src, IP_PROTO_ICMP, IP_DEFAULT_TTL, -1);
}

/* --- UDP -------------------------------------------------------------- */

static uint16_t
udp_cksum (uint32_t       src,
           uint32_t       dst,
           const uint8_t *udp,
           size_t         len)
{
  uint8_t pseudo[12];
  uint32_t sum;

  fw_wr32 (pseudo, src);
  fw_wr32 (pseudo + 4, dst);
  pseudo[8] = 0;
  pseudo[9] = IP_PROTO_UDP;
  fw_wr16 (pseudo + 10, (uint16_t) len);
  sum = fw_cksum_add (0, pseudo, sizeof pseudo);
  sum = fw_cksum_add (sum, udp, len);
  return fw_cksum_fold (sum);
}

void
fw_udp_input (int       ifindex,
              FwPkt    *p,
              uint32_t  src,
              uint32_t  dst)
{
  uint8_t *ip = p->data;
  unsigned hl = (ip[0] & 15u) * 4;
  uint8_t *udp = ip + hl;
  unsigned len = p->len - hl, ulen;
  uint16_t sport, dport;

  fw_net_stats.udp_in++;
  if (len < 8 || (ulen = fw_rd16 (udp + 4)) < 8 || ulen > len)
    {
      fw_pkt_free (p);
      return;
    }
  if (fw_rd16 (udp + 6) != 0 && udp_cksum (src, dst, udp, ulen) != 0)
    {
      fw_pkt_free (p);
      return;
    }
  sport = fw_rd16 (udp);
  dport = fw_rd16 (udp + 2);
  if (dport == FW_RIP_PORT && ifindex >= 0 && fw_rip.enabled)
    {
      fw_rip_input (ifindex, src, sport, udp + 8, ulen - 8);
      fw_pkt_free (p);
      return;
    }
  fw_net_stats.udp_no_port++;
  if (!is_bcast_or_mcast (dst) && fw_ip_is_local (dst))
    fw_icmp_error (p, ifindex, ICMP_UNREACH, ICMP_UNREACH_PORT);
  fw_pkt_free (p);
}

bool
fw_udp_send (uint32_t    src,
             uint32_t    dst,
             uint16_t    sport,
             uint16_t    dport,
             const void *data,
             size_t      len,
             uint8_t     ttl,
             int         out_if)
{
  FwPkt *p;
  uint8_t *udp;

  if (len + 8 > FW_PKT_DATA_MAX - IP_HLEN - ETH_HLEN - 4 || (p = fw_pkt_alloc ()) == NULL)
    return false;
  p->data += IP_HLEN + ETH_HLEN + 4;
  udp = p->data;
  fw_wr16 (udp, sport);
  fw_wr16 (udp + 2, dport);
  fw_wr16 (udp + 4, (uint16_t) (len + 8));
  fw_wr16 (udp + 6, 0);
  memcpy (udp + 8, data, len);
  p->len = (uint16_t) (len + 8);
  if (src == 0)
    {
      if (out_if >= 0)
        src = fw_ifs[out_if].addr;
      else
        {
          const FwRoute *r = fw_route_lookup (dst);

          if (r && r->out_if >= 0)
            src = fw_ifs[r->out_if].addr;
        }
    }
  {
    uint16_t c = udp_cksum (src, dst, udp, p->len);

    fw_wr16 (udp + 6, c ? c : 0xffff);
  }
  return fw_ip_send (p, src, dst, IP_PROTO_UDP, ttl, out_if);
}
