/* test-router-capture.c: a capture filter on a link records the ICMP echo
 * request and reply of a ping through the router; the pcap is read back
 * with libpcap (and tshark when it is installed)
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#define G_LOG_DOMAIN "wirelab-e2e"

#include "config.h"

#include <pcap/pcap.h>
#include <string.h>

#include <glib/gstdio.h>

#include "router-e2e.h"

typedef struct
{
  guint requests, replies;
} Seen;

static void
on_packet (u_char                   *user,
           const struct pcap_pkthdr *h,
           const u_char             *p)
{
  Seen *seen = (Seen *) user;
  guint off = 14;

  if (h->caplen < 14 + 20 + 8 || p[12] != 0x08 || p[13] != 0x00 || p[off + 9] != 1)
    return;
  off += (p[off] & 15u) * 4;
  /* between PC1 (10.0.1.2) and PC2 (10.0.2.2) */
  if (p[14 + 12] == 10 && p[14 + 15] == 2 && p[off] == 8)
    seen->requests++;
  if (p[14 + 16] == 10 && p[14 + 19] == 2 && p[off] == 0)
    seen->replies++;
}

static void
test_capture (void)
{
  E2eHv *hv;
  E2eRouter *r1;
  E2eVpcs *pc1, *pc2;
  guint16 b;
  g_autofree char *out = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *pcap_path = NULL;
  char err[PCAP_ERRBUF_SIZE];
  pcap_t *pc;
  Seen seen = { 0 };

  if (!e2e_have_vpcs ())
    {
      g_test_skip ("vpcs is not installed (Debian package vpcs)");
      return;
    }
  dir = g_dir_make_tmp ("wl-capture-XXXXXX", NULL);
  pcap_path = g_build_filename (dir, "r1-f1-0.pcap", NULL);
  b = e2e_udp_ports (20);
  hv = e2e_hv_start ();
  r1 = e2e_router_new (hv, "R1", 1, 1);
  e2e_router_link (r1, 0, b + 1, b + 0);
  e2e_router_link (r1, 1, b + 2, b + 10);
  /* capture both directions of R1's FastEthernet1/0 link */
  g_free (e2e_hv (hv, "nio bind_filter R1-s1 2 capture"));
  g_free (e2e_hv (hv, "nio setup_filter R1-s1 2 EN10MB \"%s\"", pcap_path));
  e2e_router_start (r1);
  pc1 = e2e_vpcs_start (b + 0, b + 1, 1);
  pc2 = e2e_vpcs_start (b + 10, b + 2, 2);
  e2e_con_config (r1->con, (const char *const[]) {
    "configure terminal",
    "interface FastEthernet0/0", "ip address 10.0.1.1 255.255.255.0", "no shutdown",
    "interface FastEthernet1/0", "ip address 10.0.2.1 255.255.255.0", "no shutdown",
    "end", NULL });
  g_free (e2e_vpcs_cmd (pc1, "ip 10.0.1.2/24 10.0.1.1", 20000));
  g_free (e2e_vpcs_cmd (pc2, "ip 10.0.2.2/24 10.0.2.1", 20000));
  out = e2e_vpcs_cmd (pc1, "ping 10.0.2.2 -c 2", 60000);
  e2e_assert_in (out, "10.0.2.2 icmp_seq=");
  g_free (e2e_hv (hv, "nio unbind_filter R1-s1 2"));

  pc = pcap_open_offline (pcap_path, err);
  if (pc == NULL)
    g_error ("%s: %s", pcap_path, err);
  g_assert_cmpint (pcap_datalink (pc), ==, DLT_EN10MB);
  g_assert_cmpint (pcap_dispatch (pc, -1, on_packet, (u_char *) &seen), >, 0);
  pcap_close (pc);
  g_test_message ("captured %u echo requests, %u replies", seen.requests, seen.replies);
  g_assert_cmpuint (seen.requests, >=, 1);
  g_assert_cmpuint (seen.replies, >=, 1);

  /* tshark agrees */
  {
    g_autofree char *tshark = g_find_program_in_path ("tshark");

    if (tshark)
      {
        const char *argv[] = { tshark, "-n", "-r", pcap_path, "-Y", "icmp", "-T", "fields",
                               "-e", "icmp.type", NULL };
        g_autofree char *fields = NULL;
        int status = 0;

        g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_STDERR_TO_DEV_NULL, NULL,
                                     NULL, &fields, NULL, &status, NULL));
        g_assert_true (g_spawn_check_wait_status (status, NULL));
        g_test_message ("tshark icmp types:\n%s", fields);
        g_assert_true (g_regex_match_simple ("^8$", fields, G_REGEX_MULTILINE, 0));
        g_assert_true (g_regex_match_simple ("^0$", fields, G_REGEX_MULTILINE, 0));
      }
  }

  e2e_vpcs_stop (pc1);
  e2e_vpcs_stop (pc2);
  e2e_router_free (r1);
  e2e_hv_stop (hv);
  g_unlink (pcap_path);
  g_rmdir (dir);
}

int
main (int   argc,
      char *argv[])
{
  e2e_init (&argc, &argv);
  g_test_add_func ("/e2e/router/capture", test_capture);
  return g_test_run ();
}
