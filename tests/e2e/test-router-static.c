/* test-router-static.c: PC1 - R1 - R2 - PC2 with static routes, on a real
 * wirelab-hypervisor with VPCS as the PCs: pings and traceroutes through
 * both routers
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#define G_LOG_DOMAIN "wirelab-e2e"

#include "config.h"

#include <string.h>

#include "router-e2e.h"

static guint
count (const char *hay,
       const char *needle)
{
  guint n = 0;

  for (const char *p = strstr (hay, needle); p; p = strstr (p + 1, needle))
    n++;
  return n;
}

static void
test_static_routes (void)
{
  E2eHv *hv;
  E2eRouter *r1, *r2;
  E2eVpcs *pc1, *pc2;
  guint16 b;
  g_autofree char *out = NULL;

  if (!e2e_have_vpcs ())
    {
      g_test_skip ("vpcs is not installed (Debian package vpcs)");
      return;
    }
  b = e2e_udp_ports (20);
  hv = e2e_hv_start ();
  r1 = e2e_router_new (hv, "R1", 1, 1);
  r2 = e2e_router_new (hv, "R2", 2, 1);
  e2e_router_link (r1, 0, b + 1, b + 0);         /* to PC1 */
  e2e_router_link (r1, 1, b + 2, b + 3);         /* to R2 */
  e2e_router_link (r2, 0, b + 3, b + 2);
  e2e_router_link (r2, 1, b + 4, b + 10);        /* to PC2 */
  e2e_router_start (r1);
  e2e_router_start (r2);
  pc1 = e2e_vpcs_start (b + 0, b + 1, 1);
  pc2 = e2e_vpcs_start (b + 10, b + 4, 2);

  e2e_con_config (r1->con, (const char *const[]) {
    "configure terminal", "hostname R1",
    "interface FastEthernet0/0", "ip address 10.0.1.1 255.255.255.0", "no shutdown",
    "interface FastEthernet1/0", "ip address 10.0.12.1 255.255.255.0", "no shutdown",
    "ip route 10.0.2.0 255.255.255.0 10.0.12.2", "end", NULL });
  e2e_con_config (r2->con, (const char *const[]) {
    "configure terminal", "hostname R2",
    "interface FastEthernet0/0", "ip address 10.0.12.2 255.255.255.0", "no shutdown",
    "interface FastEthernet1/0", "ip address 10.0.2.1 255.255.255.0", "no shutdown",
    "ip route 0.0.0.0 0.0.0.0 10.0.12.1", "end", NULL });
  g_free (e2e_vpcs_cmd (pc1, "ip 10.0.1.2/24 10.0.1.1", 20000));
  g_free (e2e_vpcs_cmd (pc2, "ip 10.0.2.2/24 10.0.2.1", 20000));

  out = e2e_con_cmd (r1->con, "show ip route", 10000);
  e2e_assert_in (out, "S        10.0.2.0/24 [1/0] via 10.0.12.2\n");
  e2e_assert_in (out, "C        10.0.12.0/24 is directly connected, FastEthernet1/0\n");
  g_free (out);
  out = e2e_con_cmd (r2->con, "show ip route", 10000);
  e2e_assert_in (out, "Gateway of last resort is 10.0.12.1 to network 0.0.0.0\n");

  /* PC1 pings PC2: two routers on the way, TTL 64 - 2 */
  g_free (out);
  out = e2e_vpcs_cmd (pc1, "ping 10.0.2.2 -c 3", 60000);
  g_test_message ("PC1 ping:\n%s", out);
  g_assert_cmpuint (count (out, "10.0.2.2 icmp_seq="), >=, 2);
  g_assert_cmpuint (count (out, "ttl=62"), >=, 2);

  /* and its traceroute shows both routers */
  g_free (out);
  out = e2e_vpcs_cmd (pc1, "trace 10.0.2.2", 60000);
  g_test_message ("PC1 trace:\n%s", out);
  g_assert_true (g_regex_match_simple ("\\n *1 +10\\.0\\.1\\.1 ", out, 0, 0));
  g_assert_true (g_regex_match_simple ("\\n *2 +10\\.0\\.12\\.2 ", out, 0, 0));
  g_assert_true (g_regex_match_simple ("\\n *3 +\\*?10\\.0\\.2\\.2 ", out, 0, 0));

  /* the routers' own tools, as IOS prints them */
  g_free (out);
  out = e2e_con_cmd (r1->con, "ping 10.0.2.2", 60000);
  e2e_assert_in (out, "Sending 5, 100-byte ICMP Echos to 10.0.2.2, timeout is 2 seconds:\n");
  g_assert_true (g_regex_match_simple ("Success rate is (80|100) percent \\([45]/5\\), "
                                       "round-trip min/avg/max = \\d+/\\d+/\\d+ ms", out, 0, 0));
  g_free (out);
  out = e2e_con_cmd (r1->con, "traceroute 10.0.2.2", 120000);
  g_test_message ("R1 traceroute:\n%s", out);
  g_assert_true (g_regex_match_simple ("\\n  1 10\\.0\\.12\\.2 \\d+ msec", out, 0, 0));
  g_assert_true (g_regex_match_simple ("\\n  2 10\\.0\\.2\\.2 \\d+ msec", out, 0, 0));
  g_free (out);
  out = e2e_con_cmd (r2->con, "ping 10.0.1.2 repeat 3 size 1500", 60000);
  e2e_assert_in (out, "Sending 3, 1500-byte ICMP Echos to 10.0.1.2");
  g_assert_true (g_regex_match_simple ("Success rate is (66|100) percent", out, 0, 0));
  /* the ARP table of R1 holds PC1 and R2 */
  g_free (out);
  out = e2e_con_cmd (r1->con, "show arp", 10000);
  e2e_assert_in (out, "Internet  10.0.1.2                0   0050.7966.6801  ARPA   FastEthernet0/0\n");
  e2e_assert_in (out, "Internet  10.0.12.2 ");

  e2e_vpcs_stop (pc1);
  e2e_vpcs_stop (pc2);
  e2e_router_free (r1);
  e2e_router_free (r2);
  e2e_hv_stop (hv);
}

int
main (int   argc,
      char *argv[])
{
  e2e_init (&argc, &argv);
  g_test_add_func ("/e2e/router/static-routes", test_static_routes);
  return g_test_run ();
}
