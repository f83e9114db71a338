/* test-fw-arp.c: ARP: replies, learning, resolution with queued packets,
 * gratuitous ARP, ageing, failures, static entries
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#define G_LOG_DOMAIN "wirelab-fw-test"

#include "config.h"

#include <string.h>

#include "fwt.h"

static const guint8 host_mac[6] = { 0x00, 0x50, 0x79, 0x66, 0x68, 0x00 };
static const guint8 zero_mac[6];
static const guint8 bcast[6] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };

static void
setup_router (void)
{
  fwt_boot (NULL);
  fwt_config ((const char *const[]) {
    "enable", "configure terminal",
    "interface FastEthernet0/0", "ip address 10.0.0.1 255.255.255.0", "no shutdown",
    "interface FastEthernet0/1", "ip address 10.0.1.1 255.255.255.0", "no shutdown",
    "end", "terminal length 0", NULL });
  fw_host_run (100);
}

/* ARP frames sent on a NIC with this operation and target address. */
static guint
count_arp (guint   nic,
           guint16 op,
           guint32 spa,
           guint32 tpa)
{
  g_autoptr(GPtrArray) arps = fwt_sent_filter (nic, 0x0806, 0);
  guint n = 0;

  for (guint i = 0; i < arps->len; i++)
    {
      FwtSent *s = arps->pdata[i];
      const guint8 *f = g_bytes_get_data (s->frame, NULL);

      if (fwt_get16 (f + 20) == op && fwt_get32 (f + 28) == spa && fwt_get32 (f + 38) == tpa)
        n++;
    }
  return n;
}

static void
test_reply_and_learn (void)
{
  guint8 rmac[6];
  g_autoptr(GPtrArray) arps = NULL;
  g_autofree char *out = NULL;
  const guint8 *f;

  setup_router ();
  fwt_sent_clear ();
  fwt_router_mac (0, rmac);
  /* a request for the router's address is answered to the asker */
  fwt_inject (0, fwt_arp (bcast, host_mac, 1, host_mac, fwt_ip ("10.0.0.2"), zero_mac,
                          fwt_ip ("10.0.0.1")));
  /* requests for other addresses are not */
  fwt_inject (0, fwt_arp (bcast, host_mac, 1, host_mac, fwt_ip ("10.0.0.2"), zero_mac,
                          fwt_ip ("10.0.0.77")));
  fw_host_run (100);
  arps = fwt_sent_filter (0, 0x0806, 0);
  g_assert_cmpuint (arps->len, ==, 1);
  f = g_bytes_get_data (((FwtSent *) arps->pdata[0])->frame, NULL);
  g_assert_cmpmem (f, 6, host_mac, 6);                  /* to the asker */
  g_assert_cmpmem (f + 6, 6, rmac, 6);
  g_assert_cmpuint (fwt_get16 (f + 20), ==, 2);          /* reply */
  g_assert_cmpmem (f + 22, 6, rmac, 6);                  /* sha */
  g_assert_cmphex (fwt_get32 (f + 28), ==, fwt_ip ("10.0.0.1"));
  g_assert_cmpmem (f + 32, 6, host_mac, 6);              /* tha */
  g_assert_cmphex (fwt_get32 (f + 38), ==, fwt_ip ("10.0.0.2"));
  g_assert_cmpuint (g_bytes_get_size (((FwtSent *) arps->pdata[0])->frame), ==, 60);  /* padded */
  /* the asker was learned */
  out = fwt_cmd ("show arp");
  g_assert_cmpstr (out, ==,
                   "Protocol  Address          Age (min)  Hardware Addr   Type   Interface\n"
                   "Internet  10.0.0.1                -   ca01.0000.0000  ARPA   FastEthernet0/0\n"
                   "Internet  10.0.0.2                0   0050.7966.6800  ARPA   FastEthernet0/0\n"
                   "Internet  10.0.1.1                -   ca01.0000.0001  ARPA   FastEthernet0/1\n");
  /* ... and ages: minutes in the table, gone after four hours */
  fw_host_run (3 * 60 * 1000 + 500);
  g_free (out);
  out = fwt_cmd ("show ip arp");
  fwt_assert_in (out, "Internet  10.0.0.2                3   0050.7966.6800  ARPA   FastEthernet0/0\n");
  fw_host_run (4 * 3600 * 1000);
  g_free (out);
  out = fwt_cmd ("show arp");
  fwt_assert_not_in (out, "10.0.0.2 ");
}

static void
test_gratuitous (void)
{
  setup_router ();
  /* no shutdown and address changes announce the address */
  g_assert_cmpuint (count_arp (0, 1, fwt_ip ("10.0.0.1"), fwt_ip ("10.0.0.1")), >=, 1);
  fwt_sent_clear ();
  fwt_config ((const char *const[]) { "configure terminal", "interface FastEthernet0/0",
                                       "ip address 10.0.0.9 255.255.255.0", "end", NULL });
  fw_host_run (100);
  g_assert_cmpuint (count_arp (0, 1, fwt_ip ("10.0.0.9"), fwt_ip ("10.0.0.9")), ==, 1);
  g_assert_cmpuint (count_arp (1, 1, fwt_ip ("10.0.0.9"), fwt_ip ("10.0.0.9")), ==, 0);
}

static void
test_resolve_queue (void)
{
  g_autoptr(GPtrArray) echos = NULL;
  g_autofree char *out = NULL;
  guint8 rmac[6];

  setup_router ();
  fwt_sim_host (1, "00:50:79:66:68:01", "10.0.1.2");
  fwt_sent_clear ();
  fwt_router_mac (0, rmac);
  /* a packet to forward waits for the next hop's address, then goes */
  fwt_inject (0, fwt_icmp_echo (rmac, host_mac, fwt_ip ("10.0.0.2"), fwt_ip ("10.0.1.2"), 8,
                                1, 1, 32, 64));
  fwt_inject (0, fwt_icmp_echo (rmac, host_mac, fwt_ip ("10.0.0.2"), fwt_ip ("10.0.1.2"), 8,
                                1, 2, 32, 64));
  fw_host_run (100);
  g_assert_cmpuint (count_arp (1, 1, fwt_ip ("10.0.1.1"), fwt_ip ("10.0.1.2")), ==, 1);
  echos = fwt_sent_filter (1, 0x0800, 1);
  g_assert_cmpuint (echos->len, ==, 2);
  /* known now: no second request */
  fwt_inject (0, fwt_icmp_echo (rmac, host_mac, fwt_ip ("10.0.0.2"), fwt_ip ("10.0.1.2"), 8,
                                1, 3, 32, 64));
  fw_host_run (100);
  g_assert_cmpuint (count_arp (1, 1, fwt_ip ("10.0.1.1"), fwt_ip ("10.0.1.2")), ==, 1);
  out = fwt_cmd ("show arp");
  fwt_assert_in (out, "Internet  10.0.1.2                0   0050.7966.6801  ARPA   FastEthernet0/1\n");
}

static void
test_failure (void)
{
  g_autoptr(GPtrArray) back = NULL;
  g_autofree char *out = NULL;
  guint8 rmac[6];
  const guint8 *f;

  setup_router ();
  fwt_sim_host (0, "00:50:79:66:68:00", "10.0.0.2");
  fwt_sent_clear ();
  fwt_router_mac (0, rmac);
  fwt_inject (0, fwt_icmp_echo (rmac, host_mac, fwt_ip ("10.0.0.2"), fwt_ip ("10.0.1.99"), 8,
                                7, 1, 32, 64));
  fw_host_run (500);
  out = fwt_cmd ("show arp");
  fwt_assert_in (out, "Internet  10.0.1.99               0   Incomplete      ARPA   FastEthernet0/1\n");
  /* three requests, a second apart, then the sender hears host unreachable */
  fw_host_run (4000);
  g_assert_cmpuint (count_arp (1, 1, fwt_ip ("10.0.1.1"), fwt_ip ("10.0.1.99")), ==, 3);
  back = fwt_sent_filter (0, 0x0800, 1);
  g_assert_cmpuint (back->len, ==, 1);
  f = g_bytes_get_data (((FwtSent *) back->pdata[0])->frame, NULL);
  g_assert_cmpuint (f[14 + 20], ==, 3);                           /* unreachable */
  g_assert_cmpuint (f[14 + 21], ==, 1);                           /* host */
  g_assert_cmphex (fwt_get32 (f + 14 + 12), ==, fwt_ip ("10.0.0.1"));
  g_assert_cmphex (fwt_get32 (f + 14 + 28 + 16), ==, fwt_ip ("10.0.1.99"));   /* quoted dst */
  g_free (out);
  out = fwt_cmd ("show arp");
  fwt_assert_not_in (out, "10.0.1.99");
}

static void
test_static (void)
{
  g_autoptr(GPtrArray) sent = NULL;
  g_autofree char *out = NULL;
  guint8 rmac[6];
  const guint8 *f;

  setup_router ();
  fwt_config ((const char *const[]) { "configure terminal", "arp 10.0.1.5 0000.1111.2222 arpa",
                                       "end", NULL });
  fwt_sent_clear ();
  fwt_router_mac (0, rmac);
  fwt_inject (0, fwt_icmp_echo (rmac, host_mac, fwt_ip ("10.0.0.2"), fwt_ip ("10.0.1.5"), 8,
                                1, 1, 8, 64));
  fw_host_run (100);
  g_assert_cmpuint (count_arp (1, 1, fwt_ip ("10.0.1.1"), fwt_ip ("10.0.1.5")), ==, 0);
  sent = fwt_sent_filter (1, 0x0800, 1);
  g_assert_cmpuint (sent->len, ==, 1);
  f = g_bytes_get_data (((FwtSent *) sent->pdata[0])->frame, NULL);
  g_assert_cmpmem (f, 6, "\x00\x00\x11\x11\x22\x22", 6);
  out = fwt_cmd ("show arp");
  fwt_assert_in (out, "Internet  10.0.1.5                -   0000.1111.2222  ARPA   FastEthernet0/1\n");
  /* clear arp-cache keeps static entries */
  g_free (fwt_cmd ("clear arp-cache"));
  g_free (out);
  out = fwt_cmd ("show arp");
  fwt_assert_in (out, "10.0.1.5");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  fwt_add ("/firmware/arp/reply-and-learn", test_reply_and_learn);
  fwt_add ("/firmware/arp/gratuitous", test_gratuitous);
  fwt_add ("/firmware/arp/resolve-queue", test_resolve_queue);
  fwt_add ("/firmware/arp/failure", test_failure);
  fwt_add ("/firmware/arp/static", test_static);
  return g_test_run ();
}
