/* test-fw-rip.c: RIP: updates out (multicast, split horizon, triggered),
 * updates in (learning, metrics, poison, timeout and flush), passive
 * interfaces, versions, show ip rip database
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#define G_LOG_DOMAIN "wirelab-fw-test"

#include "config.h"

#include <string.h>

#include "fwt.h"

static const guint8 nb_mac[6] = { 0xca, 0x02, 0x00, 0x00, 0x00, 0x00 };
static const guint8 rip_mac[6] = { 0x01, 0x00, 0x5e, 0x00, 0x00, 0x09 };

typedef struct
{
  const char *prefix;
  const char *mask;
  guint32     metric;
} Entry;

static void
put32 (guint8 *p, guint32 v)
{
  p[0] = (guint8) (v >> 24);
  p[1] = (guint8) (v >> 16);
  p[2] = (guint8) (v >> 8);
  p[3] = (guint8) v;
}

/* A RIP response from the neighbour 10.0.12.2 on FastEthernet0/0. */
static void
neighbour_says (guint8       version,
                const Entry *e,
                guint        n,
                const char  *from)
{
  guint8 buf[4 + 25 * 20];

  memset (buf, 0, sizeof buf);
  buf[0] = 2;
  buf[1] = version;
  for (guint i = 0; i < n; i++)
    {
      guint8 *p = buf + 4 + i * 20;

      p[1] = 2;
      put32 (p + 4, fwt_ip (e[i].prefix));
      if (version == 2)
        put32 (p + 8, fwt_ip (e[i].mask));
      put32 (p + 16, e[i].metric);
    }
  fwt_inject (0, fwt_udp (version == 2 ? rip_mac : (const guint8 *) "\xff\xff\xff\xff\xff\xff",
                          nb_mac, fwt_ip (from ? from : "10.0.12.2"),
                          version == 2 ? 0xe0000009u : 0xffffffffu, 520, 520, buf, 4 + n * 20,
                          version == 2 ? 2 : 1));
}

static void
setup_router (const char *extra)
{
  fwt_boot (NULL);
  fwt_config ((const char *const[]) {
    "enable", "configure terminal",
    "interface FastEthernet0/0", "ip address 10.0.12.1 255.255.255.0", "no shutdown",
    "interface FastEthernet0/1", "ip address 10.0.1.1 255.255.255.0", "no shutdown",
    "router rip", "version 2", "network 10.0.0.0", "no auto-summary",
    "timers basic 5 15 15 20", extra ? extra : "exit",
    "end", "terminal length 0", NULL });
}

typedef struct
{
  guint32 prefix, mask, metric;
} Adv;

/* RIP responses sent on a NIC, flattened into their entries. */
static GArray *
advertised (guint nic)
{
  g_autoptr(GPtrArray) udp = fwt_sent_filter (nic, 0x0800, 17);
  GArray *out = g_array_new (FALSE, FALSE, sizeof (Adv));

  for (guint i = 0; i < udp->len; i++)
    {
      gsize len;
      const guint8 *f = g_bytes_get_data (((FwtSent *) udp->pdata[i])->frame, &len);
      const guint8 *u = f + 34, *r = f + 42;

      if (fwt_get16 (u + 2) != 520 || r[0] != 2)
        continue;
      for (const guint8 *e = r + 4; e + 20 <= f + len && e + 20 <= u + fwt_get16 (u + 4); e += 20)
        {
          Adv a = { fwt_get32 (e + 4), fwt_get32 (e + 8), fwt_get32 (e + 16) };

          g_array_append_val (out, a);
        }
    }
  return out;
}

/* The metric of the last advertisement of a prefix, 0 if never sent. */
static guint32
metric_of (GArray     *adv,
           const char *prefix)
{
  for (guint i = adv->len; i-- > 0;)
    if (g_array_index (adv, Adv, i).prefix == fwt_ip (prefix))
      return g_array_index (adv, Adv, i).metric;
  return 0;
}

static void
test_sends_updates (void)
{
  g_autoptr(GPtrArray) udp = NULL;
  g_autoptr(GArray) adv0 = NULL, adv1 = NULL;
  const guint8 *f;
  gsize len;

  setup_router (NULL);
  fw_host_run (12000);
  udp = fwt_sent_filter (0, 0x0800, 17);
  g_assert_cmpuint (udp->len, >=, 2);
  /* a request at start, then periodic responses, all to 224.0.0.9 */
  f = g_bytes_get_data (((FwtSent *) udp->pdata[0])->frame, &len);
  g_assert_cmpmem (f, 6, rip_mac, 6);
  g_assert_cmphex (fwt_get32 (f + 30), ==, 0xe0000009u);
  g_assert_cmpuint (f[22], ==, 2);                          /* TTL */
  g_assert_cmpuint (fwt_get16 (f + 34), ==, 520);
  g_assert_cmpuint (f[42], ==, 1);                          /* request */
  g_assert_cmpuint (f[43], ==, 2);                          /* version 2 */
  adv0 = advertised (0);
  adv1 = advertised (1);
  /* split horizon: an interface's own network is not sent back on it */
  g_assert_cmpuint (metric_of (adv0, "10.0.1.0"), ==, 1);
  g_assert_cmpuint (metric_of (adv0, "10.0.12.0"), ==, 0);
  g_assert_cmpuint (metric_of (adv1, "10.0.12.0"), ==, 1);
  g_assert_cmphex (g_array_index (adv0, Adv, 0).mask, ==, 0xffffff00u);
  /* about every 5 s (timers basic 5): two or three in 12 s on each side */
  g_assert_cmpuint (adv1->len, >=, 2);
  g_assert_cmpuint (adv1->len, <=, 4);
}

static void
test_learns_routes (void)
{
  const Entry e[] = { { "10.0.2.0", "255.255.255.0", 1 }, { "172.16.0.0", "255.255.0.0", 3 } };
  g_autofree char *out = NULL;
  g_autoptr(GArray) adv0 = NULL, adv1 = NULL;

  setup_router (NULL);
  fw_host_run (1500);
  fwt_sent_clear ();
  neighbour_says (2, e, 2, NULL);
  fw_host_run (1000);
  out = fwt_cmd ("show ip route");
  fwt_assert_in (out, "R        10.0.2.0/24 [120/1] via 10.0.12.2, 00:00:01, FastEthernet0/0\n");
  fwt_assert_in (out, "R     172.16.0.0/16 [120/3] via 10.0.12.2, 00:00:01, FastEthernet0/0\n");
  g_free (out);
  out = fwt_cmd ("show ip rip database");
  fwt_assert_in (out, "10.0.1.0/24    directly connected, FastEthernet0/1\n");
  fwt_assert_in (out, "10.0.2.0/24\n    [1] via 10.0.12.2, 00:00:01, FastEthernet0/0\n");
  /* the change went out at once (triggered), one hop more, not back */
  adv1 = advertised (1);
  adv0 = advertised (0);
  g_assert_cmpuint (metric_of (adv1, "10.0.2.0"), ==, 2);
  g_assert_cmpuint (metric_of (adv1, "172.16.0.0"), ==, 4);
  g_assert_cmpuint (metric_of (adv0, "10.0.2.0"), ==, 0);
  /* a worse offer from another neighbour changes nothing; a better one wins */
  {
    const Entry worse[] = { { "10.0.2.0", "255.255.255.0", 5 } };
    const Entry better[] = { { "172.16.0.0", "255.255.0.0", 1 } };

    neighbour_says (2, worse, 1, "10.0.12.3");
    neighbour_says (2, better, 1, "10.0.12.3");
  }
  fw_host_run (500);
  g_free (out);
  out = fwt_cmd ("show ip route rip");
  /* one subnet of 10.0.0.0 in this view: the IOS "is subnetted" form */
  fwt_assert_in (out, "      10.0.0.0/24 is subnetted, 1 subnets\n"
                      "R        10.0.2.0 [120/1] via 10.0.12.2, ");
  fwt_assert_in (out, "R     172.16.0.0/16 [120/1] via 10.0.12.3, ");
  g_free (out);
  out = fwt_cmd ("show ip protocols");
  fwt_assert_in (out, "Routing Protocol is \"rip\"\n");
  fwt_assert_in (out, "  Sending updates every 5 seconds\n");
  fwt_assert_in (out, "  Invalid after 15 seconds, hold down 15, flushed after 20\n");
  fwt_assert_in (out, "    10.0.12.2            120      00:00:");
}

static void
test_timeout_and_flush (void)
{
  const Entry e[] = { { "10.0.2.0", "255.255.255.0", 1 } };
  g_autofree char *out = NULL;
  g_autoptr(GArray) adv = NULL;

  setup_router (NULL);
  neighbour_says (2, e, 1, NULL);
  fw_host_run (10000);
  out = fwt_cmd ("show ip route");
  fwt_assert_in (out, "R        10.0.2.0/24 [120/1] via 10.0.12.2, 00:00:10, FastEthernet0/0\n");
  /* silent for the invalid time: possibly down, advertised unreachable */
  fwt_sent_clear ();
  fw_host_run (6000);
  g_free (out);
  out = fwt_cmd ("show ip route");
  fwt_assert_in (out, "R        10.0.2.0/24 is possibly down, routing via 10.0.12.2, FastEthernet0/0\n");
  adv = advertised (1);
  g_assert_cmpuint (metric_of (adv, "10.0.2.0"), ==, 16);
  /* flushed after the flush time */
  fw_host_run (5000);
  g_free (out);
  out = fwt_cmd ("show ip route");
  fwt_assert_not_in (out, "10.0.2.0");
}

static void
test_poison (void)
{
  const Entry up[] = { { "10.0.2.0", "255.255.255.0", 2 } };
  const Entry down[] = { { "10.0.2.0", "255.255.255.0", 16 } };
  const Entry other[] = { { "10.0.2.0", "255.255.255.0", 3 } };
  g_autofree char *out = NULL;
  g_autoptr(GArray) adv = NULL;

  setup_router (NULL);
  neighbour_says (2, up, 1, NULL);
  fw_host_run (500);
  fwt_sent_clear ();
  neighbour_says (2, down, 1, NULL);
  fw_host_run (900);
  out = fwt_cmd ("show ip route");
  fwt_assert_in (out, "is possibly down, routing via 10.0.12.2");
  adv = advertised (1);
  g_assert_cmpuint (metric_of (adv, "10.0.2.0"), ==, 16);   /* triggered */
  /* held down: another source is not believed yet */
  neighbour_says (2, other, 1, "10.0.12.3");
  fw_host_run (500);
  g_free (out);
  out = fwt_cmd ("show ip route");
  fwt_assert_not_in (out, "via 10.0.12.3");
  /* the original source coming back restores it */
  neighbour_says (2, up, 1, NULL);
  fw_host_run (500);
  g_free (out);
  out = fwt_cmd ("show ip route");
  fwt_assert_in (out, "R        10.0.2.0/24 [120/2] via 10.0.12.2, ");
}

static void
test_connected_withdrawn (void)
{
  g_autoptr(GArray) adv = NULL;

  setup_router (NULL);
  fw_host_run (2000);
  fwt_sent_clear ();
  fwt_config ((const char *const[]) { "configure terminal", "interface FastEthernet0/1",
                                       "shutdown", "end", NULL });
  fw_host_run (1000);
  adv = advertised (0);
  g_assert_cmpuint (metric_of (adv, "10.0.1.0"), ==, 16);
}

static void
test_passive_and_versions (void)
{
  const Entry e[] = { { "10.0.2.0", "255.255.255.0", 1 } };
  g_autofree char *out = NULL;
  g_autoptr(GPtrArray) udp = NULL;

  setup_router ("passive-interface FastEthernet0/1");
  fwt_sent_clear ();
  fw_host_run (11000);
  udp = fwt_sent_filter (1, 0x0800, 17);
  g_assert_cmpuint (udp->len, ==, 0);
  /* version 2 ignores version 1 updates */
  neighbour_says (1, e, 1, NULL);
  fw_host_run (500);
  out = fwt_cmd ("show ip route");
  fwt_assert_not_in (out, "10.0.2.0");
  /* a source off the interface's subnet is ignored */
  neighbour_says (2, e, 1, "192.0.2.1");
  fw_host_run (500);
  g_free (out);
  out = fwt_cmd ("show ip route");
  fwt_assert_not_in (out, "10.0.2.0");
  /* without "version", version 1 is accepted (and sent, as broadcasts) */
  fwt_config ((const char *const[]) { "configure terminal", "router rip", "no version", "end", NULL });
  neighbour_says (1, e, 1, NULL);
  fw_host_run (500);
  g_free (out);
  out = fwt_cmd ("show ip route");
  fwt_assert_in (out, "R        10.0.2.0/24 [120/1] via 10.0.12.2, ");
  fwt_sent_clear ();
  fw_host_run (6000);
  g_ptr_array_unref (udp);
  udp = fwt_sent_filter (0, 0x0800, 17);
  g_assert_cmpuint (udp->len, >=, 1);
  {
    const guint8 *f = g_bytes_get_data (((FwtSent *) udp->pdata[0])->frame, NULL);

    g_assert_cmphex (fwt_get32 (f + 30), ==, 0xffffffffu);
    g_assert_cmpuint (f[43], ==, 1);
  }
  /* no router rip forgets everything */
  fwt_config ((const char *const[]) { "configure terminal", "no router rip", "end", NULL });
  g_free (out);
  out = fwt_cmd ("show ip route");
  fwt_assert_not_in (out, "10.0.2.0");
  g_free (out);
  out = fwt_cmd ("show running-config");
  fwt_assert_not_in (out, "router rip");
}

static void
test_debug (void)
{
  const Entry e[] = { { "10.0.2.0", "255.255.255.0", 1 } };
  g_autofree char *out = NULL;

  setup_router (NULL);
  out = fwt_cmd ("debug ip rip");
  g_assert_cmpstr (out, ==, "RIP protocol debugging is on\n");
  fw_host_output_clear ();
  neighbour_says (2, e, 1, NULL);
  g_free (out);
  out = fwt_keys ("", 6000);
  fwt_assert_in (out, ": RIP: received v2 update from 10.0.12.2 on FastEthernet0/0\n");
  fwt_assert_in (out, ":      10.0.2.0/24 via 0.0.0.0 in 1 hops\n");
  fwt_assert_in (out, ": RIP: sending v2 update to 224.0.0.9 via FastEthernet0/1 (10.0.1.1)\n");
  fwt_assert_in (out, ": \t10.0.2.0/24 via 0.0.0.0, metric 2, tag 0\n");
  g_free (out);
  out = fwt_cmd ("show debugging");
  g_assert_cmpstr (out, ==, "IP routing:\n  RIP protocol debugging is on\n\n");
  g_free (out);
  out = fwt_cmd ("undebug all");
  g_assert_cmpstr (out, ==, "All possible debugging has been turned off\n");
  fw_host_output_clear ();
  g_free (out);
  out = fwt_keys ("", 6000);
  fwt_assert_not_in (out, "RIP:");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  fwt_add ("/firmware/rip/sends-updates", test_sends_updates);
  fwt_add ("/firmware/rip/learns-routes", test_learns_routes);
  fwt_add ("/firmware/rip/timeout-and-flush", test_timeout_and_flush);
  fwt_add ("/firmware/rip/poison", test_poison);
  fwt_add ("/firmware/rip/connected-withdrawn", test_connected_withdrawn);
  fwt_add ("/firmware/rip/passive-and-versions", test_passive_and_versions);
  fwt_add ("/firmware/rip/debug", test_debug);
  return g_test_run ();
}
