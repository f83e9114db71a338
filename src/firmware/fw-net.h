/* fw-net.h: the IPv4 stack: Ethernet II and 802.1Q, ARP, IPv4, ICMP, UDP
 *
 * Copyright 2026 The Wirelab authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * Addresses are uint32_t in host byte order everywhere above the wire.
 */

#pragma once

#include "fw-libc.h"
#include "fw-pkt.h"

#define ETH_ALEN      6
#define ETH_HLEN      14
#define ETH_P_IP      0x0800
#define ETH_P_ARP     0x0806
#define ETH_P_8021Q   0x8100
#define IP_HLEN       20
#define IP_PROTO_ICMP 1
#define IP_PROTO_UDP  17
#define IP_DEFAULT_TTL 255

#define IP4(a, b, c, d) (((uint32_t) (a) << 24) | ((uint32_t) (b) << 16) | ((uint32_t) (c) << 8) | (uint32_t) (d))

extern const uint8_t fw_eth_bcast[ETH_ALEN];

/* Stack statistics (show ip traffic, tests). */
typedef struct
{
  uint32_t ip_in, ip_forwarded, ip_local, ip_bad_hdr, ip_bad_cksum, ip_no_route;
  uint32_t ip_ttl_expired, ip_out, ip_arp_fail;
  uint32_t icmp_in, icmp_out, udp_in, udp_no_port;
  uint32_t arp_in, arp_req_out, arp_rep_out;
} FwNetStats;

extern FwNetStats fw_net_stats;

void     fw_net_init         (void);
/* Polls the NICs (a burst each), delivers packets sent to ourselves,
 * flushes transmit queues; true if there was work. */
bool     fw_net_poll         (void);
/* Rings the doorbells of every NIC with queued frames. */
void     fw_net_flush        (void);
/* Delivers queued packets the router sent to one of its own addresses. */
bool     fw_ip_loopback_run  (void);

/* Ethernet: p->data holds the L3 packet; the header (and tag) is pushed. */
void     fw_eth_input        (uint32_t nic, FwPkt *p);
bool     fw_eth_output       (int ifindex, FwPkt *p, const uint8_t dst[ETH_ALEN], uint16_t type);

/* ARP */
typedef struct
{
  uint32_t ip;
  uint8_t  mac[ETH_ALEN];
  int16_t  ifindex;
  uint8_t  state;            /* FW_ARP_* */
  uint8_t  tries;
  uint64_t updated;
  uint64_t next_try;
  FwPkt   *queue;            /* packets waiting for the address */
  uint8_t  queued;
} FwArpEntry;

enum { FW_ARP_FREE, FW_ARP_INCOMPLETE, FW_ARP_COMPLETE, FW_ARP_STATIC, FW_ARP_FAILED };

#define FW_ARP_MAX 512
#define FW_ARP_TIMEOUT_MS (4u * 3600u * 1000u)

extern FwArpEntry fw_arp_table[FW_ARP_MAX];

void     fw_arp_input        (int ifindex, FwPkt *p);
/* Resolves the next hop and sends p (an IP packet) to it: now, or once the
 * reply arrives.  Takes p in all cases. */
void     fw_arp_send_ip      (int ifindex, uint32_t nexthop, FwPkt *p);
void     fw_arp_gratuitous   (int ifindex);
/* Forgets what was learned on an interface (down, address change). */
void     fw_arp_flush_if     (int ifindex);
void     fw_arp_clear        (void);
bool     fw_arp_add_static   (uint32_t ip, const uint8_t mac[ETH_ALEN]);
bool     fw_arp_del_static   (uint32_t ip);
/* Completed entry, or NULL. */
const FwArpEntry *fw_arp_lookup (int ifindex, uint32_t ip);

/* IPv4 */
uint32_t fw_cksum_add        (uint32_t sum, const uint8_t *p, size_t len);
uint16_t fw_cksum_fold       (uint32_t sum);
uint16_t fw_inet_cksum       (const uint8_t *p, size_t len);
void     fw_ip_input         (int ifindex, FwPkt *p);
/* Sends an IP payload (p->data at the payload): pushes the header, routes,
 * resolves.  src 0: the outgoing interface's address.  out_if >= 0 forces the
 * interface (multicast, broadcast).  Returns false when it could not go. */
bool     fw_ip_send          (FwPkt *p, uint32_t src, uint32_t dst, uint8_t proto,
                              uint8_t ttl, int out_if);
bool     fw_ip_is_local      (uint32_t addr);

/* ICMP */
enum
{
  ICMP_ECHO_REPLY = 0,
  ICMP_UNREACH = 3,
  ICMP_ECHO = 8,
  ICMP_TIME_EXCEEDED = 11,
};
enum
{
  ICMP_UNREACH_NET = 0,
  ICMP_UNREACH_HOST = 1,
  ICMP_UNREACH_PROTO = 2,
  ICMP_UNREACH_PORT = 3,
};

void     fw_icmp_input       (int ifindex, FwPkt *p, uint32_t src, uint32_t dst);
/* An error about the IP packet at orig->data (which stays the caller's). */
void     fw_icmp_error       (const FwPkt *orig, int in_if, uint8_t type, uint8_t code);

/* Replies and errors the CLI tools (ping, traceroute) wait for. */
typedef struct
{
  uint8_t  type, code;
  uint32_t from;
  uint16_t id, seq;          /* echo reply; for errors, of the quoted echo */
  uint16_t sport, dport;     /* errors quoting a UDP packet */
  uint64_t when;
} FwIcmpEvent;

typedef void (*FwIcmpWatcher) (const FwIcmpEvent *ev, void *data);
void     fw_icmp_watch       (FwIcmpWatcher fn, void *data);

/* UDP */
void     fw_udp_input        (int ifindex, FwPkt *p, uint32_t src, uint32_t dst);
bool     fw_udp_send         (uint32_t src, uint32_t dst, uint16_t sport, uint16_t dport,
                              const void *data, size_t len, uint8_t ttl, int out_if);

/* "10.0.0.1"; buf of 16 bytes */
char    *fw_ip_ntoa          (uint32_t a, char *buf);
bool     fw_ip_aton          (const char *s, size_t len, uint32_t *out);
/* Mask from a prefix length and back; -1 if the mask is not contiguous. */
uint32_t fw_mask_from_len    (int len);
int      fw_mask_to_len      (uint32_t mask);
/* Classful mask of an address (A/B/C), 0 for D/E. */
uint32_t fw_classful_mask    (uint32_t addr);
/* "ca01.0f3c.0000" */
char    *fw_mac_ntoa         (const uint8_t mac[ETH_ALEN], char *buf);
bool     fw_mac_aton         (const char *s, size_t len, uint8_t mac[ETH_ALEN]);
