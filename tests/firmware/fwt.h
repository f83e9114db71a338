/* fwt.h: helpers for the firmware unit tests: a booted router on the host
 * HAL, a CLI session, frames, simulated hosts
 *
 * Copyright 2026 The Wirelab authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#pragma once

#include <glib.h>

#include "hal-host.h"

/* Every case runs in its own subprocess: the firmware is one router per
 * process, as on the board. */
void     fwt_add          (const char *path, void (*body) (void));

/* Boots (board may be NULL), presses RETURN and waits for "Router>". */
void     fwt_boot         (const FwHostBoard *board);
/* Types a line and RETURN; returns what the router printed up to the next
 * prompt (the echo of the line and the prompt excluded, CR removed). */
char    *fwt_cmd          (const char *line);
/* Types raw bytes and returns all output (CR removed) after running ms. */
char    *fwt_keys         (const char *bytes, guint64 ms);
/* Runs a list of commands, asserting each prints nothing (config lines). */
void     fwt_config       (const char *const *lines);
/* The prompt the router shows now, e.g. "R1(config-if)#". */
const char *fwt_prompt    (void);
void     fwt_set_prompt   (const char *prompt);

/* Frames. */
typedef struct
{
  guint8 mac[6];
  guint32 ip;           /* host order */
} FwtHost;

GByteArray *fwt_eth        (const guint8 *dst, const guint8 *src, guint16 type);
GByteArray *fwt_ip_packet  (const guint8 *dst_mac, const guint8 *src_mac, guint32 src, guint32 dst,
                            guint8 proto, guint8 ttl, const void *payload, gsize len);
GByteArray *fwt_icmp_echo  (const guint8 *dst_mac, const guint8 *src_mac, guint32 src, guint32 dst,
                            guint8 type, guint16 id, guint16 seq, gsize data_len, guint8 ttl);
GByteArray *fwt_arp        (const guint8 *dst_mac, const guint8 *src_mac, guint16 op,
                            const guint8 *sha, guint32 spa, const guint8 *tha, guint32 tpa);
GByteArray *fwt_udp        (const guint8 *dst_mac, const guint8 *src_mac, guint32 src, guint32 dst,
                            guint16 sport, guint16 dport, const void *payload, gsize len, guint8 ttl);
guint16     fwt_cksum      (const guint8 *p, gsize len);
guint32     fwt_ip         (const char *dotted);
void        fwt_inject     (guint nic, GByteArray *frame);   /* frees the frame */

/* The router's MAC on a NIC (ca01.0000.000N on the host board). */
void        fwt_router_mac (guint nic, guint8 mac[6]);

/* Frames the router sent, recorded per NIC (up to a limit); simulated hosts
 * on a NIC answer ARP for their address and ICMP echo requests. */
typedef struct
{
  guint  nic;
  GBytes *frame;
} FwtSent;

void        fwt_sim_host    (guint nic, const char *mac, const char *ip);
GPtrArray  *fwt_sent        (void);          /* FwtSent*, owned by fwt */
void        fwt_sent_clear  (void);
/* Sent frames of one NIC with this ethertype (and IP protocol if non-zero). */
GPtrArray  *fwt_sent_filter (guint nic, guint16 type, guint8 proto);
void        fwt_mac_parse   (const char *s, guint8 mac[6]);
/* An extra responder, called (on the router's thread) for every sent frame. */
void        fwt_add_responder (FwHostTxHook fn, void *data);
/* Field access on a recorded frame: the IP header offset (14, or 18 when
 * tagged). */
guint       fwt_l3_offset   (const guint8 *frame);
guint16     fwt_get16       (const guint8 *p);
guint32     fwt_get32       (const guint8 *p);
/* Asserts the output contains / lacks a string, printing it otherwise. */
void        fwt_assert_in   (const char *hay, const char *needle);
void        fwt_assert_not_in (const char *hay, const char *needle);
