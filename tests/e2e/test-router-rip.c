/* test-router-rip.c: PC1 - R1 - R2 - PC2 with RIPv2 only: the routes appear
 * as R, PCs ping each other, and a shut interface withdraws its route
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#define G_LOG_DOMAIN "wirelab-e2e"

#include "config.h"

#include <string.h>

#include "router-e2e.h"

static const char *const rip_lines[] = {
  "router rip", "version 2", "network 10.0.0.0", "no auto-summary",
  /* short timers: converge and withdraw in seconds */
  "timers basic 2 6 6 8", "end", NULL,
};

static void
test_rip (void)
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
  e2e_router_link (r1, 0, b + 1, b + 0);
  e2e_router_link (r1, 1, b + 2, b + 3);
  e2e_router_link (r2, 0, b + 3, b + 2);
  e2e_router_link (r2, 1, b + 4, b + 10);
  e2e_router_start (r1);
  e2e_router_start (r2);
  pc1 = e2e_vpcs_start (b + 0, b + 1, 1);
  pc2 = e2e_vpcs_start (b + 10, b + 4, 2);

  e2e_con_config (r1->con, (const char *const[]) {
    "configure terminal", "hostname R1",
    "interface FastEthernet0/0", "ip address 10.0.1.1 255.255.255.0", "no shutdown",
    "interface FastEthernet1/0", "ip address 10.0.12.1 255.255.255.0", "no shutdown", NULL });
  e2e_con_config (r1->con, rip_lines);
  e2e_con_config (r2->con, (const char *const[]) {
    "configure terminal", "hostname R2",
    "interface FastEthernet0/0", "ip address 10.0.12.2 255.255.255.0", "no shutdown",
    "interface FastEthernet1/0", "ip address 10.0.2.1 255.255.255.0", "no shutdown", NULL });
  e2e_con_config (r2->con, rip_lines);
  g_free (e2e_vpcs_cmd (pc1, "ip 10.0.1.2/24 10.0.1.1", 20000));
  g_free (e2e_vpcs_cmd (pc2, "ip 10.0.2.2/24 10.0.2.1", 20000));

  /* the far LANs appear as RIP routes, one hop away */
  g_assert_true (e2e_con_poll (r1->con, "show ip route", "R        10.0.2.0/24 [120/1] via 10.0.12.2, ",
                               30000));
  g_assert_true (e2e_con_poll (r2->con, "show ip route", "R        10.0.1.0/24 [120/1] via 10.0.12.1, ",
                               30000));
  out = e2e_con_cmd (r1->con, "show ip rip database", 10000);
  e2e_assert_in (out, "10.0.1.0/24    directly connected, FastEthernet0/0\n");
  e2e_assert_in (out, "10.0.2.0/24\n    [1] via 10.0.12.2, ");
  g_free (out);
  out = e2e_con_cmd (r1->con, "show ip protocols", 10000);
  e2e_assert_in (out, "Routing Protocol is \"rip\"\n");
  e2e_assert_in (out, "    10.0.12.2            120      ");

  /* and carry the traffic */
  g_free (out);
  out = e2e_vpcs_cmd (pc1, "ping 10.0.2.2 -c 3", 60000);
  g_test_message ("PC1 ping:\n%s", out);
  e2e_assert_in (out, "10.0.2.2 icmp_seq=");
  e2e_assert_in (out, "ttl=62");

  /* R2 shuts its LAN: the route is withdrawn: poisoned at once (possibly
   * down, no longer used), then flushed */
  e2e_con_config (r2->con, (const char *const[]) {
    "configure terminal", "interface FastEthernet1/0", "shutdown", "end", NULL });
  g_assert_true (e2e_con_poll_not (r1->con, "show ip route", "R        10.0.2.0/24 [120/", 30000));
  g_free (out);
  out = e2e_con_cmd (r1->con, "ping 10.0.2.2 repeat 2 timeout 1", 30000);
  e2e_assert_in (out, "Success rate is 0 percent (0/2)");
  g_assert_true (e2e_con_poll_not (r1->con, "show ip route", "10.0.2.0", 30000));
  /* back up: the route returns */
  e2e_con_config (r2->con, (const char *const[]) {
    "configure terminal", "interface FastEthernet1/0", "no shutdown", "end", NULL });
  g_assert_true (e2e_con_poll (r1->con, "show ip route", "R        10.0.2.0/24 [120/1] via 10.0.12.2, ",
                               30000));

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
  g_test_add_func ("/e2e/router/rip", test_rip);
  return g_test_run ();
}
