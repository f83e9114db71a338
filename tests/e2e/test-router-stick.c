/* test-router-stick.c: router-on-a-stick: two VLANs on a Wirelab ethsw
 * dot1q trunk to one router with 802.1Q subinterfaces; PCs in different
 * VLANs ping each other
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#define G_LOG_DOMAIN "wirelab-e2e"

#include "config.h"

#include <string.h>

#include "router-e2e.h"

static void
test_router_on_a_stick (void)
{
  E2eHv *hv;
  E2eRouter *r1;
  E2eVpcs *pc1, *pc2;
  guint16 b;
  g_autofree char *out = NULL;

  if (!e2e_have_vpcs ())
    {
      g_test_skip ("vpcs is not installed (Debian package vpcs)");
      return;
    }
  b = e2e_udp_ports (30);
  hv = e2e_hv_start ();
  /* SW1: a trunk to R1, an access port in VLAN 10 and one in VLAN 20 */
  g_free (e2e_hv (hv, "ethsw create SW1"));
  g_free (e2e_hv (hv, "nio create_udp sw-trunk %u 127.0.0.1 %u", b + 1, b + 2));
  g_free (e2e_hv (hv, "nio create_udp sw-pc1 %u 127.0.0.1 %u", b + 3, b + 10));
  g_free (e2e_hv (hv, "nio create_udp sw-pc2 %u 127.0.0.1 %u", b + 4, b + 20));
  g_free (e2e_hv (hv, "ethsw add_nio SW1 sw-trunk"));
  g_free (e2e_hv (hv, "ethsw add_nio SW1 sw-pc1"));
  g_free (e2e_hv (hv, "ethsw add_nio SW1 sw-pc2"));
  g_free (e2e_hv (hv, "ethsw set_dot1q_port SW1 sw-trunk 1"));
  g_free (e2e_hv (hv, "ethsw set_access_port SW1 sw-pc1 10"));
  g_free (e2e_hv (hv, "ethsw set_access_port SW1 sw-pc2 20"));

  r1 = e2e_router_new (hv, "R1", 1, 0);
  e2e_router_link (r1, 0, b + 2, b + 1);
  e2e_router_start (r1);
  pc1 = e2e_vpcs_start (b + 10, b + 3, 1);
  pc2 = e2e_vpcs_start (b + 20, b + 4, 2);

  e2e_con_config (r1->con, (const char *const[]) {
    "configure terminal",
    "interface FastEthernet0/0", "no shutdown",
    "interface FastEthernet0/0.10", "encapsulation dot1Q 10", "ip address 192.168.10.1 255.255.255.0",
    "interface FastEthernet0/0.20", "encapsulation dot1Q 20", "ip address 192.168.20.1 255.255.255.0",
    "end", NULL });
  g_free (e2e_vpcs_cmd (pc1, "ip 192.168.10.2/24 192.168.10.1", 20000));
  g_free (e2e_vpcs_cmd (pc2, "ip 192.168.20.2/24 192.168.20.1", 20000));

  out = e2e_con_cmd (r1->con, "show ip interface brief", 10000);
  e2e_assert_in (out, "FastEthernet0/0.10         192.168.10.1    YES manual up                    up");
  e2e_assert_in (out, "FastEthernet0/0.20         192.168.20.1    YES manual up                    up");

  /* VLAN 10 to VLAN 20 through the router, in and out of the same trunk */
  g_free (out);
  out = e2e_vpcs_cmd (pc1, "ping 192.168.20.2 -c 3", 60000);
  g_test_message ("PC1 ping:\n%s", out);
  e2e_assert_in (out, "192.168.20.2 icmp_seq=");
  e2e_assert_in (out, "ttl=63");
  g_free (out);
  out = e2e_vpcs_cmd (pc2, "ping 192.168.10.2 -c 2", 60000);
  e2e_assert_in (out, "192.168.10.2 icmp_seq=");
  /* the switch learned the router's MAC on the trunk in both VLANs */
  g_free (out);
  out = e2e_hv_raw (hv, "ethsw show_mac_addr_table SW1");
  g_test_message ("SW1:\n%s", out);
  g_assert_true (g_regex_match_simple ("ca01\\.[0-9a-f]{4}\\.0000  10  sw-trunk", out, 0, 0));
  g_assert_true (g_regex_match_simple ("ca01\\.[0-9a-f]{4}\\.0000  20  sw-trunk", out, 0, 0));
  g_free (out);
  out = e2e_con_cmd (r1->con, "show arp", 10000);
  e2e_assert_in (out, "Internet  192.168.10.2            0   0050.7966.6801  ARPA   FastEthernet0/0.10\n");
  e2e_assert_in (out, "Internet  192.168.20.2            0   0050.7966.6802  ARPA   FastEthernet0/0.20\n");

  e2e_vpcs_stop (pc1);
  e2e_vpcs_stop (pc2);
  e2e_router_free (r1);
  e2e_hv_stop (hv);
}

int
main (int   argc,
      char *argv[])
{
  e2e_init (&argc, &argv);
  g_test_add_func ("/e2e/router/router-on-a-stick", test_router_on_a_stick);
  return g_test_run ();
}
