/* test-fw-ip.c: IPv4 forwarding decisions, the routing table (longest
 * prefix, administrative distance, IOS layout), ICMP, UDP, 802.1Q
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#define G_LOG_DOMAIN "wirelab-fw-test"

#include "config.h"

#include <stdio.h>
#include <string.h>

#include "fwt.h"

static const guint8 a_mac[6] = { 0x00, 0x50, 0x79, 0x66, 0x68, 0x00 };

static void
setup_router (void)
{
  fwt_boot (NULL);
  fwt_config ((const char *const[]) {
    "enable", "configure terminal",
    "interface FastEthernet0/0", "ip address 10.0.0.1 255.255.255.0", "no shutdown",
    "interface FastEthernet0/1", "ip address 10.0.1.1 255.255.255.0", "no shutdown",
    "end", "terminal length 0", NULL });
  fwt_sim_host (0, "00:50:79:66:68:00", "10.0.0.2");
  fwt_sim_host (1, "00:50:79:66:68:01", "10.0.1.2");
  fwt_sim_host (1, "00:50:79:66:68:03", "10.0.1.3");
  fw_host_run (100);
  fwt_sent_clear ();
}

static const guint8 *
only_frame (GPtrArray *frames,
            gsize     *len)
{
  g_assert_cmpuint (frames->len, ==, 1);
  return g_bytes_get_data (((FwtSent *) frames->pdata[0])->frame, len);
}

static void
send_from_a (guint32 dst,
             guint8  ttl)
{
  guint8 rmac[6];

  fwt_router_mac (0, rmac);
  fwt_inject (0, fwt_icmp_echo (rmac, a_mac, fwt_ip ("10.0.0.2"), dst, 8, 0x77, 1, 56, ttl));
  fw_host_run (100);
}

static void
test_forward (void)
{
  g_autoptr(GPtrArray) out = NULL;
  g_autoptr(GPtrArray) back = NULL;
  const guint8 *f;
  gsize len;
  guint8 rmac1[6];

  setup_router ();
  send_from_a (fwt_ip ("10.0.1.2"), 64);
  out = fwt_sent_filter (1, 0x0800, 1);
  f = only_frame (out, &len);
  fwt_router_mac (1, rmac1);
  g_assert_cmpmem (f, 6, "\x00\x50\x79\x66\x68\x01", 6);   /* the next hop's MAC */
  g_assert_cmpmem (f + 6, 6, rmac1, 6);                     /* ours on the way out */
  g_assert_cmpuint (f[14 + 8], ==, 63);                     /* TTL - 1 */
  g_assert_cmpuint (fwt_cksum (f + 14, 20), ==, 0);         /* header checksum still right */
  g_assert_cmpuint (len, ==, 14 + 20 + 8 + 56);
  /* the answer came back through the router to A */
  back = fwt_sent_filter (0, 0x0800, 1);
  f = only_frame (back, &len);
  g_assert_cmpuint (f[14 + 20], ==, 0);                     /* echo reply */
  g_assert_cmpmem (f, 6, a_mac, 6);
  g_assert_cmpuint (f[14 + 8], ==, 63);
}

static void
test_ttl_expired (void)
{
  g_autoptr(GPtrArray) out = NULL;
  g_autoptr(GPtrArray) back = NULL;
  const guint8 *f;
  gsize len;

  setup_router ();
  send_from_a (fwt_ip ("10.0.1.2"), 1);
  out = fwt_sent_filter (1, 0x0800, 0);
  g_assert_cmpuint (out->len, ==, 0);
  back = fwt_sent_filter (0, 0x0800, 1);
  f = only_frame (back, &len);
  g_assert_cmpuint (f[14 + 20], ==, 11);                    /* time exceeded */
  g_assert_cmpuint (f[14 + 21], ==, 0);
  g_assert_cmphex (fwt_get32 (f + 14 + 12), ==, fwt_ip ("10.0.0.1"));  /* from the ingress */
  g_assert_cmpuint (fwt_cksum (f + 34, len - 34), ==, 0);
  /* it quotes the original header and 8 bytes */
  g_assert_cmpuint (len, ==, 14 + 20 + 8 + 20 + 8);
  g_assert_cmphex (fwt_get32 (f + 42 + 16), ==, fwt_ip ("10.0.1.2"));
  g_assert_cmpuint (fwt_get16 (f + 42 + 20 + 4), ==, 0x77);
}

static void
test_unreachable (void)
{
  g_autoptr(GPtrArray) back = NULL;
  const guint8 *f;
  gsize len;
  guint8 rmac[6];
  guint8 junk[4] = { 1, 2, 3, 4 };

  setup_router ();
  /* no route: network unreachable */
  send_from_a (fwt_ip ("192.0.2.1"), 64);
  back = fwt_sent_filter (0, 0x0800, 1);
  f = only_frame (back, &len);
  g_assert_cmpuint (f[34], ==, 3);
  g_assert_cmpuint (f[35], ==, 0);
  g_ptr_array_unref (back);
  fwt_sent_clear ();
  /* UDP to a closed port of ours: port unreachable */
  fwt_router_mac (0, rmac);
  fwt_inject (0, fwt_udp (rmac, a_mac, fwt_ip ("10.0.0.2"), fwt_ip ("10.0.1.1"), 40000, 33434,
                          junk, sizeof junk, 64));
  fw_host_run (100);
  back = fwt_sent_filter (0, 0x0800, 1);
  f = only_frame (back, &len);
  g_assert_cmpuint (f[34], ==, 3);
  g_assert_cmpuint (f[35], ==, 3);
  g_assert_cmphex (fwt_get32 (f + 26), ==, fwt_ip ("10.0.1.1"));
  g_ptr_array_unref (back);
  fwt_sent_clear ();
  /* other protocols to us: protocol unreachable */
  fwt_inject (0, fwt_ip_packet (rmac, a_mac, fwt_ip ("10.0.0.2"), fwt_ip ("10.0.0.1"), 89, 64,
                                junk, sizeof junk));
  fw_host_run (100);
  back = fwt_sent_filter (0, 0x0800, 1);
  f = only_frame (back, &len);
  g_assert_cmpuint (f[35], ==, 2);
  g_ptr_array_unref (back);
  fwt_sent_clear ();
  /* and never an error about an error */
  fwt_inject (0, fwt_icmp_echo (rmac, a_mac, fwt_ip ("10.0.0.2"), fwt_ip ("192.0.2.9"), 3, 0, 0,
                                28, 64));
  fw_host_run (100);
  back = fwt_sent_filter (0, 0x0800, 1);
  g_assert_cmpuint (back->len, ==, 0);
}

static void
test_local_echo (void)
{
  g_autoptr(GPtrArray) back = NULL;
  const guint8 *f;
  gsize len;
  guint8 rmac[6], bad[200];

  setup_router ();
  /* both of the router's addresses answer, from the address asked */
  send_from_a (fwt_ip ("10.0.1.1"), 64);
  back = fwt_sent_filter (0, 0x0800, 1);
  f = only_frame (back, &len);
  g_assert_cmpuint (f[34], ==, 0);
  g_assert_cmphex (fwt_get32 (f + 26), ==, fwt_ip ("10.0.1.1"));
  g_assert_cmpuint (f[22], ==, 255);
  g_ptr_array_unref (back);
  fwt_sent_clear ();
  /* a broken header checksum is dropped */
  {
    GByteArray *fr;

    fwt_router_mac (0, rmac);
    fr = fwt_icmp_echo (rmac, a_mac, fwt_ip ("10.0.0.2"), fwt_ip ("10.0.0.1"), 8, 1, 1, 8, 64);
    fr->data[24] ^= 0xff;
    fwt_inject (0, fr);
  }
  /* so is a truncated one */
  memset (bad, 0, sizeof bad);
  fwt_router_mac (0, bad);
  bad[12] = 8;
  bad[14] = 0x45;
  bad[16] = 0x05;               /* claims 1280 bytes */
  fw_host_inject (0, bad, sizeof bad);
  fw_host_run (100);
  back = fwt_sent_filter (0, 0x0800, 0);
  g_assert_cmpuint (back->len, ==, 0);
}

static const guint8 *
next_hop_of (guint32 dst)
{
  static guint8 mac[6];
  g_autoptr(GPtrArray) out = NULL;
  const guint8 *f;

  fwt_sent_clear ();
  send_from_a (dst, 64);
  out = fwt_sent_filter (1, 0x0800, 1);
  g_assert_cmpuint (out->len, >=, 1);
  f = g_bytes_get_data (((FwtSent *) out->pdata[0])->frame, NULL);
  memcpy (mac, f, 6);
  return mac;
}

static void
test_longest_match_and_distance (void)
{
  g_autofree char *out = NULL;

  setup_router ();
  fwt_config ((const char *const[]) {
    "configure terminal",
    "ip route 10.2.0.0 255.255.0.0 10.0.1.2",
    "ip route 10.2.3.0 255.255.255.0 10.0.1.3",
    "ip route 0.0.0.0 0.0.0.0 10.0.1.2",
    /* a floating static: only when the better one goes */
    "ip route 10.6.0.0 255.255.0.0 10.0.1.2",
    "ip route 10.6.0.0 255.255.0.0 10.0.1.3 5",
    "end", NULL });
  g_assert_cmpmem (next_hop_of (fwt_ip ("10.2.3.4")), 6, "\x00\x50\x79\x66\x68\x03", 6);
  g_assert_cmpmem (next_hop_of (fwt_ip ("10.2.4.4")), 6, "\x00\x50\x79\x66\x68\x01", 6);
  g_assert_cmpmem (next_hop_of (fwt_ip ("198.51.100.7")), 6, "\x00\x50\x79\x66\x68\x01", 6);
  g_assert_cmpmem (next_hop_of (fwt_ip ("10.6.0.1")), 6, "\x00\x50\x79\x66\x68\x01", 6);

  out = fwt_cmd ("show ip route");
  fwt_assert_in (out, "Gateway of last resort is 10.0.1.2 to network 0.0.0.0\n\n"
                      "S*    0.0.0.0/0 [1/0] via 10.0.1.2\n"
                      "      10.0.0.0/8 is variably subnetted, 7 subnets, 3 masks\n"
                      "C        10.0.0.0/24 is directly connected, FastEthernet0/0\n"
                      "L        10.0.0.1/32 is directly connected, FastEthernet0/0\n"
                      "C        10.0.1.0/24 is directly connected, FastEthernet0/1\n"
                      "L        10.0.1.1/32 is directly connected, FastEthernet0/1\n"
                      "S        10.2.0.0/16 [1/0] via 10.0.1.2\n"
                      "S        10.2.3.0/24 [1/0] via 10.0.1.3\n"
                      "S        10.6.0.0/16 [1/0] via 10.0.1.2\n");
  fwt_config ((const char *const[]) { "configure terminal",
                                       "no ip route 10.6.0.0 255.255.0.0 10.0.1.2", "end", NULL });
  g_assert_cmpmem (next_hop_of (fwt_ip ("10.6.0.1")), 6, "\x00\x50\x79\x66\x68\x03", 6);
  g_free (out);
  out = fwt_cmd ("show ip route static");
  fwt_assert_in (out, "S        10.6.0.0/16 [5/0] via 10.0.1.3\n");
  fwt_assert_not_in (out, "\nC ");
  /* a static whose next hop is unreachable is not installed (without a
   * default route to resolve it through) */
  fwt_config ((const char *const[]) { "configure terminal",
                                       "no ip route 0.0.0.0 0.0.0.0 10.0.1.2",
                                       "ip route 10.7.0.0 255.255.0.0 172.31.0.1", "end", NULL });
  g_free (out);
  out = fwt_cmd ("show ip route");
  fwt_assert_not_in (out, "10.7.0.0");
  fwt_assert_in (out, "Gateway of last resort is not set\n");
  /* the connected route goes with its interface, and statics through it */
  fwt_config ((const char *const[]) { "configure terminal", "interface FastEthernet0/1",
                                       "shutdown", "end", NULL });
  g_free (out);
  out = fwt_cmd ("show ip route");
  fwt_assert_in (out, "Gateway of last resort is not set\n");
  fwt_assert_not_in (out, "10.0.1.0/24");
  fwt_assert_not_in (out, "10.2.0.0");
}

static void
test_vlan_subinterfaces (void)
{
  g_autoptr(GPtrArray) out = NULL;
  const guint8 *f;
  gsize len;
  guint8 rmac[6];
  guint8 hdr_a[6] = { 0x00, 0x50, 0x79, 0x66, 0x68, 0x0a };
  g_autofree char *text = NULL;

  fwt_boot (NULL);
  fwt_config ((const char *const[]) {
    "enable", "configure terminal",
    "interface FastEthernet0/0", "no shutdown",
    "interface FastEthernet0/0.10", "encapsulation dot1Q 10", "ip address 10.10.0.1 255.255.255.0",
    "interface FastEthernet0/0.20", "encapsulation dot1Q 20", "ip address 10.20.0.1 255.255.255.0",
    "end", NULL });
  fwt_router_mac (0, rmac);
  fw_host_run (100);
  fwt_sent_clear ();
  /* a tagged ARP request in VLAN 10 gets a tagged reply */
  {
    GByteArray *fr = g_byte_array_new ();
    GByteArray *arp = fwt_arp ((const guint8 *) "\xff\xff\xff\xff\xff\xff", hdr_a, 1, hdr_a,
                               fwt_ip ("10.10.0.2"), (const guint8 *) "\0\0\0\0\0\0",
                               fwt_ip ("10.10.0.1"));

    g_byte_array_append (fr, arp->data, 12);
    g_byte_array_append (fr, (const guint8 *) "\x81\x00\x00\x0a", 4);
    g_byte_array_append (fr, arp->data + 12, arp->len - 12);
    g_byte_array_unref (arp);
    fwt_inject (0, fr);
  }
  fw_host_run (100);
  out = fwt_sent_filter (0, 0x0806, 0);
  f = only_frame (out, &len);
  g_assert_cmpmem (f + 12, 4, "\x81\x00\x00\x0a", 4);
  g_assert_cmpuint (fwt_get16 (f + 18 + 6), ==, 2);
  g_ptr_array_unref (g_steal_pointer (&out));

  /* routed from VLAN 10 to VLAN 20, on the same wire: the tag changes */
  fwt_config ((const char *const[]) { "configure terminal", "arp 10.20.0.2 0050.7966.6814 arpa",
                                       "end", NULL });
  fwt_sent_clear ();
  {
    GByteArray *ip = fwt_icmp_echo (rmac, hdr_a, fwt_ip ("10.10.0.2"), fwt_ip ("10.20.0.2"), 8, 5, 1,
                                    16, 64);
    GByteArray *fr = g_byte_array_new ();

    g_byte_array_append (fr, ip->data, 12);
    g_byte_array_append (fr, (const guint8 *) "\x81\x00\x00\x0a", 4);
    g_byte_array_append (fr, ip->data + 12, ip->len - 12);
    g_byte_array_unref (ip);
    fwt_inject (0, fr);
  }
  fw_host_run (100);
  out = fwt_sent_filter (0, 0x0800, 1);
  f = only_frame (out, &len);
  g_assert_cmpmem (f, 6, "\x00\x50\x79\x66\x68\x14", 6);
  g_assert_cmpmem (f + 12, 4, "\x81\x00\x00\x14", 4);     /* VLAN 20 */
  g_assert_cmpuint (f[18 + 8], ==, 63);
  /* an untagged frame is not for the subinterfaces */
  fwt_sent_clear ();
  fwt_inject (0, fwt_icmp_echo (rmac, hdr_a, fwt_ip ("10.10.0.2"), fwt_ip ("10.10.0.1"), 8, 5, 1,
                                16, 64));
  fw_host_run (100);
  g_ptr_array_unref (out);
  out = fwt_sent_filter (0, 0x0800, 1);
  g_assert_cmpuint (out->len, ==, 0);
  text = fwt_cmd ("show interfaces FastEthernet0/0.20");
  fwt_assert_in (text, "FastEthernet0/0.20 is up, line protocol is up \n");
  fwt_assert_in (text, "  Encapsulation 802.1Q Virtual LAN, Vlan ID  20.\n");
  fwt_assert_in (text, "  Internet address is 10.20.0.1/24\n");
}

/* One number out of "  5 minute input rate 1234 bits/sec, 56 packets/sec". */
static guint
rate_of (const char *text,
         const char *which,
         const char *unit)
{
  g_autofree char *key = g_strdup_printf ("5 minute %s rate ", which);
  const char *p = strstr (text, key);
  guint bits, packets;

  g_assert_nonnull (p);
  g_assert_cmpint (sscanf (p + strlen (key), "%u bits/sec, %u packets/sec", &bits, &packets), ==, 2);
  return g_str_equal (unit, "bits") ? bits : packets;
}

/* The "5 minute" rates decay as IOS's do: 100 pings a second for five
 * minutes read about 63 packets/s (1 - 1/e), fall once the pings stop, and
 * start from zero after clear counters. */
static void
test_interface_rates (void)
{
  g_autofree char *text = NULL;
  guint8 rmac[6];
  guint pps, bps;

  setup_router ();
  text = fwt_cmd ("show interfaces FastEthernet0/0");
  g_assert_cmpuint (rate_of (text, "input", "packets"), ==, 0);
  g_clear_pointer (&text, g_free);

  fwt_router_mac (0, rmac);
  for (guint s = 0; s < 300; s++)
    {
      for (guint i = 0; i < 100; i++)
        fwt_inject (0, fwt_icmp_echo (rmac, a_mac, fwt_ip ("10.0.0.2"), fwt_ip ("10.0.0.1"), 8,
                                      0x77, i, 56, 64));
      fw_host_run (1000);
      fwt_sent_clear ();
    }
  text = fwt_cmd ("show interfaces FastEthernet0/0");
  pps = rate_of (text, "input", "packets");
  g_test_message ("after 300 s of 100 echoes/s: %u packets/s in, %u out", pps,
                  rate_of (text, "output", "packets"));
  g_assert_cmpuint (pps, >=, 55);
  g_assert_cmpuint (pps, <=, 70);
  /* the replies go out at the same rate; each frame is 98 bytes */
  g_assert_cmpuint (rate_of (text, "output", "packets"), >=, 55);
  bps = rate_of (text, "input", "bits");
  g_assert_cmpuint (bps, >=, pps * 98 * 8 * 9 / 10);
  g_assert_cmpuint (bps, <=, pps * 98 * 8 * 11 / 10);
  g_clear_pointer (&text, g_free);

  /* quiet for fifteen minutes: e^-3 of what it was */
  fw_host_run (15 * 60 * 1000);
  text = fwt_cmd ("show interfaces FastEthernet0/0");
  g_assert_cmpuint (rate_of (text, "input", "packets"), <=, 4);
  g_clear_pointer (&text, g_free);

  g_free (fwt_keys ("clear counters FastEthernet0/0\r\r", 100));
  text = fwt_cmd ("show interfaces FastEthernet0/0");
  g_assert_cmpuint (rate_of (text, "input", "packets"), ==, 0);
  g_assert_cmpuint (rate_of (text, "input", "bits"), ==, 0);
  fwt_assert_in (text, "     0 packets input, 0 bytes\n");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  fwt_add ("/firmware/ip/forward", test_forward);
  fwt_add ("/firmware/ip/ttl-expired", test_ttl_expired);
  fwt_add ("/firmware/ip/unreachable", test_unreachable);
  fwt_add ("/firmware/ip/local-echo", test_local_echo);
  fwt_add ("/firmware/ip/longest-match-and-distance", test_longest_match_and_distance);
  fwt_add ("/firmware/ip/vlan-subinterfaces", test_vlan_subinterfaces);
  fwt_add ("/firmware/ip/interface-rates", test_interface_rates);
  return g_test_run ();
}
