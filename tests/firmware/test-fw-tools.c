/* test-fw-tools.c: ping and traceroute, with IOS output
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#define G_LOG_DOMAIN "wirelab-fw-test"

#include "config.h"

#include <string.h>

#include "fwt.h"

static void
setup_router (void)
{
  fwt_boot (NULL);
  fwt_config ((const char *const[]) {
    "enable", "configure terminal",
    "interface FastEthernet0/0", "ip address 10.0.0.1 255.255.255.0", "no shutdown",
    "interface FastEthernet0/1", "ip address 10.0.1.1 255.255.255.0", "no shutdown",
    "ip route 10.9.0.0 255.255.0.0 10.0.1.2",
    "end", "terminal length 0", NULL });
  fwt_sim_host (0, "00:50:79:66:68:00", "10.0.0.2");
  fwt_sim_host (1, "00:50:79:66:68:01", "10.0.1.2");
  fw_host_run (100);
}

static void
test_ping_success (void)
{
  g_autofree char *out = NULL;
  g_autoptr(GPtrArray) echos = NULL;

  setup_router ();
  out = fwt_cmd ("ping 10.0.0.2");
  /* no '.' for ARP: the first echo waits for the address */
  g_assert_cmpstr (out, ==,
                   "Type escape sequence to abort.\n"
                   "Sending 5, 100-byte ICMP Echos to 10.0.0.2, timeout is 2 seconds:\n"
                   "!!!!!\n"
                   "Success rate is 100 percent (5/5), round-trip min/avg/max = 0/0/0 ms\n");
  /* repeat and size, in any order */
  fwt_sent_clear ();
  g_free (out);
  out = fwt_cmd ("ping 10.0.1.2 size 1500 repeat 3");
  fwt_assert_in (out, "Sending 3, 1500-byte ICMP Echos to 10.0.1.2, timeout is 2 seconds:\n!!!\n"
                      "Success rate is 100 percent (3/3)");
  echos = fwt_sent_filter (1, 0x0800, 1);
  g_assert_cmpuint (echos->len, ==, 3);
  g_assert_cmpuint (g_bytes_get_size (((FwtSent *) echos->pdata[0])->frame), ==, 14 + 1500);
  /* the router's own address */
  g_free (out);
  out = fwt_cmd ("ping 10.0.1.1 repeat 2");
  fwt_assert_in (out, "!!\nSuccess rate is 100 percent (2/2)");
  /* from user EXEC too */
  g_free (fwt_cmd ("disable"));
  g_free (out);
  out = fwt_cmd ("ping 10.0.0.2 repeat 1");
  fwt_assert_in (out, "!\nSuccess rate is 100 percent (1/1)");
}

static void
test_ping_failure (void)
{
  g_autofree char *out = NULL;
  guint64 t0;

  setup_router ();
  t0 = fw_host_now ();
  out = fwt_cmd ("ping 10.0.0.99");
  g_assert_cmpstr (out, ==,
                   "Type escape sequence to abort.\n"
                   "Sending 5, 100-byte ICMP Echos to 10.0.0.99, timeout is 2 seconds:\n"
                   ".....\n"
                   "Success rate is 0 percent (0/5)\n");
  /* each echo waited its two (virtual) seconds */
  g_assert_cmpuint (fw_host_now () - t0, >=, 10000);
  /* no route: the echoes fail at once */
  g_free (out);
  out = fwt_cmd ("ping 192.0.2.1 repeat 2");
  fwt_assert_in (out, "..\nSuccess rate is 0 percent (0/2)\n");
  g_free (out);
  out = fwt_cmd ("ping router1");
  g_assert_cmpstr (out, ==, "% Unrecognized host or address, or protocol not running.\n\n");
  /* a long run wraps at 70 characters */
  g_free (out);
  out = fwt_cmd ("ping 10.0.0.2 repeat 100");
  fwt_assert_in (out, "\n" "!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!\n"
                      "!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!\n");
  fwt_assert_in (out, "Success rate is 100 percent (100/100)");
}

static void
test_ping_abort (void)
{
  g_autofree char *out = NULL;

  setup_router ();
  fw_host_output_clear ();
  /* Ctrl-^ stops a ping to nowhere after the first timeout */
  out = fwt_keys ("ping 10.0.0.99 repeat 100\r", 2500);
  g_free (out);
  out = fwt_keys ("\x1e", 3000);
  fwt_assert_in (out, "Success rate is 0 percent (0/");
  g_assert_true (g_str_has_suffix (out, "Router#"));
}

/* A simulated far side for traceroute: a router at 10.0.1.2 on
 * FastEthernet0/1 that sends time exceeded for TTL 1 and a host 10.9.9.9
 * behind it that sends port unreachable. */
static void
far_side (uint32_t       nic,
          const uint8_t *f,
          size_t         len,
          void          *data)
{
  const guint8 *ip = f + 14;
  guint8 icmp[36];
  GByteArray *r;

  if (nic != 1 || len < 14 + 28 || fwt_get16 (f + 12) != 0x0800 || ip[9] != 17)
    return;
  if (memcmp (f, "\x00\x50\x79\x66\x68\x01", 6) != 0)
    return;
  memset (icmp, 0, sizeof icmp);
  icmp[0] = ip[8] == 1 ? 11 : 3;
  icmp[1] = ip[8] == 1 ? 0 : 3;
  memcpy (icmp + 8, ip, 28);
  {
    guint16 c = fwt_cksum (icmp, sizeof icmp);

    icmp[2] = (guint8) (c >> 8);
    icmp[3] = (guint8) c;
  }
  r = fwt_ip_packet (f + 6, f, ip[8] == 1 ? fwt_ip ("10.0.1.2") : fwt_ip ("10.9.9.9"),
                     fwt_get32 (ip + 12), 1, 64, icmp, sizeof icmp);
  fw_host_inject (1, r->data, r->len);
  g_byte_array_unref (r);
}

static void
test_traceroute (void)
{
  g_autofree char *out = NULL;

  setup_router ();
  fwt_add_responder (far_side, NULL);
  out = fwt_cmd ("traceroute 10.9.9.9");
  g_assert_cmpstr (out, ==,
                   "Type escape sequence to abort.\n"
                   "Tracing the route to 10.9.9.9\n"
                   "VRF info: (vrf in name/id, vrf out name/id)\n"
                   "  1 10.0.1.2 0 msec 0 msec 0 msec \n"
                   "  2 10.9.9.9 0 msec 0 msec 0 msec \n");
  /* to one of the router's own addresses: one hop */
  g_free (out);
  out = fwt_cmd ("traceroute 10.0.0.1");
  fwt_assert_in (out, "  1 10.0.0.1 0 msec 0 msec 0 msec \n");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  fwt_add ("/firmware/tools/ping-success", test_ping_success);
  fwt_add ("/firmware/tools/ping-failure", test_ping_failure);
  fwt_add ("/firmware/tools/ping-abort", test_ping_abort);
  fwt_add ("/firmware/tools/traceroute", test_traceroute);
  return g_test_run ();
}
