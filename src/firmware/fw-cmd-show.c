/* fw-cmd-show.c: the show commands, in IOS layout
 *
 * Copyright 2026 The Wirelab authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#define G_LOG_DOMAIN "wirelab-fw"

#include "config.h"

#include "fw.h"
#include "fw-cli.h"
#include "fw-config.h"
#include "fw-if.h"
#include "fw-net.h"
#include "fw-nvram.h"
#include "fw-rip.h"
#include "fw-route.h"

int fw_rip_sources (uint32_t *addrs, uint64_t *last, int max);
int cli_history (const char ***list);

static void
cmd_show_version (CliCmd *c)
{
  char up[96];
  uint32_t counts[8] = { 0 };

  fw_format_uptime (up, sizeof up, fw_uptime_ms ());
  cli_printf ("Wirelab Router Software (%s), Version %s, RELEASE SOFTWARE\n", fw_board.platform,
              FW_VERSION_STRING);
  cli_puts ("Copyright (c) 2026 The Wirelab authors. Free software under the GNU GPL v2 or later.\n\n");
  cli_puts ("ROM: Wirelab board (no ROM monitor)\n\n");
  cli_printf ("%s uptime is %s\n", fw_config.hostname, up);
  cli_puts ("System returned to ROM by power-on\n");
  cli_puts ("System image file is \"wirelab-router.elf\"\n\n");
  cli_printf ("Wirelab %s (%s) processor with %uK bytes of memory.\n",
              fw_board.model[0] ? fw_board.model : fw_board.platform,
              fw_board.npe[0] ? fw_board.npe : "MIPS64", fw_board.ram_mb * 1024);
  cli_printf ("Processor board ID %u\n", fw_board.instance_id);
  cli_printf ("MIPS64 R7000-class CPU, timer at %uMHz\n", fw_board.count_hz / 1000000);
  for (uint32_t i = 0; i < fw_board.n_ifaces; i++)
    {
      int t;
      const char *num;

      if (fw_if_split_name (fw_board.ifaces[i].name, &t, &num) && t < 8)
        counts[t]++;
    }
  for (int t = 0; t < fw_if_n_types; t++)
    if (counts[t])
      cli_printf ("%u %s interface%s\n", counts[t], fw_if_types[t].name, counts[t] == 1 ? "" : "s");
  cli_printf ("%uK bytes of NVRAM.\n\n", fw_board.nvram_kb);
  cli_printf ("Configuration register is 0x%x\n\n", fw_board.confreg);
}

static void
cmd_show_running (CliCmd *c)
{
  const CliArg *ifa = cli_arg_type (c, CLI_IFNUM, 0);
  char *text;

  if (ifa && ifa->ifindex < 0)
    return;
  text = ifa ? fw_config_render_if (ifa->ifindex) : fw_config_render ();
  if (text == NULL)
    return;
  cli_printf ("Building configuration...\n\nCurrent configuration : %u bytes\n",
              (unsigned) strlen (text));
  cli_puts (text);
  cli_puts ("\n");
  fw_free (text);
}

static void
cmd_show_startup (CliCmd *c)
{
  size_t len;
  char *text = fw_config_read_startup (&len);

  if (text == NULL)
    {
      cli_puts ("startup-config is not present\n");
      return;
    }
  cli_printf ("Using %u out of %u bytes\n", (unsigned) len,
              (unsigned) (hal_nvram_size () - FW_NVRAM_HDR));
  cli_write (text, len);
  if (len && text[len - 1] != '\n')
    cli_puts ("\n");
  cli_puts ("\n");
  fw_free (text);
}

static void
cmd_show_ip_int_brief (CliCmd *c)
{
  int order[FW_IF_MAX], n = fw_if_sorted (order, false);

  cli_puts ("Interface                  IP-Address      OK? Method Status                Protocol\n");
  for (int k = 0; k < n; k++)
    {
      const FwIf *f = &fw_ifs[order[k]];
      char a[16];
      static const char *const methods[] = { "unset", "manual", "NVRAM" };

      cli_printf ("%-26s %-15s YES %-6s %-21s %s\n", f->name,
                  f->addr ? fw_ip_ntoa (f->addr, a) : "unassigned", methods[f->method % 3],
                  fw_if_status_text (order[k]), fw_if_proto_text (order[k]));
    }
}

static void
show_one_if (int i)
{
  const FwIf *f = &fw_ifs[i];
  char mac[16], a[16];
  uint32_t bw = f->speed * 1000, hw_tx_drops = 0;
  uint64_t now = fw_now ();

  cli_printf ("%s is %s, line protocol is %s \n", f->name, fw_if_status_text (i),
              fw_if_proto_text (i));
  if (f->kind == FW_IF_LOOP)
    cli_puts ("  Hardware is Loopback\n");
  else
    cli_printf ("  Hardware is %s, address is %s (bia %s)\n",
                f->adapter && f->adapter[0] ? f->adapter : "Wirelab NIC", fw_mac_ntoa (f->mac, mac),
                mac);
  if (f->description)
    cli_printf ("  Description: %s\n", f->description);
  if (f->addr)
    cli_printf ("  Internet address is %s/%d\n", fw_ip_ntoa (f->addr, a), fw_mask_to_len (f->mask));
  if (f->kind == FW_IF_LOOP)
    cli_puts ("  MTU 1514 bytes, BW 8000000 Kbit/sec, DLY 5000 usec, \n");
  else
    cli_printf ("  MTU 1500 bytes, BW %u Kbit/sec, DLY %u usec, \n", bw,
                f->speed >= 1000 ? 10 : f->speed >= 100 ? 100 : 1000);
  cli_puts ("     reliability 255/255, txload 1/255, rxload 1/255\n");
  if (f->kind == FW_IF_SUB)
    {
      if (f->vlan)
        cli_printf ("  Encapsulation 802.1Q Virtual LAN, Vlan ID  %u.\n", f->vlan);
      else
        cli_puts ("  Encapsulation 802.1Q Virtual LAN, Vlan ID  0.\n");
      cli_puts ("  ARP type: ARPA, ARP Timeout 04:00:00\n");
      cli_puts ("  Keepalive set (10 sec)\n");
      cli_puts ("  Last clearing of \"show interface\" counters never\n");
      return;
    }
  cli_printf ("  Encapsulation %s, loopback not set\n", f->kind == FW_IF_LOOP ? "LOOPBACK" : "ARPA");
  cli_puts ("  Keepalive set (10 sec)\n");
  if (f->kind == FW_IF_PHYS)
    {
      cli_printf ("  %s-duplex, %uMb/s, 100BaseTX/FX\n", f->duplex == 2 ? "Half" : "Full", f->speed);
      cli_puts ("  ARP type: ARPA, ARP Timeout 04:00:00\n");
    }
  {
    char in[16], outb[16];

    if (f->last_input)
      fw_format_age (in, sizeof in, now - f->last_input);
    else
      fw_strlcpy (in, "never", sizeof in);
    if (f->last_output)
      fw_format_age (outb, sizeof outb, now - f->last_output);
    else
      fw_strlcpy (outb, "never", sizeof outb);
    cli_printf ("  Last input %s, output %s, output hang never\n", in, outb);
  }
  cli_puts ("  Last clearing of \"show interface\" counters never\n");
  cli_printf ("  Input queue: 0/75/%u/0 (size/max/drops/flushes); Total output drops: %u\n",
              f->cnt.in_drops, f->cnt.out_drops);
  cli_puts ("  Queueing strategy: fifo\n");
  cli_puts ("  Output queue: 0/40 (size/max)\n");
  fw_if_rates_update (&fw_ifs[i], now);
  cli_printf ("  5 minute input rate %u bits/sec, %u packets/sec\n",
              (unsigned) (f->rates.in_bps >> 8), (unsigned) (f->rates.in_pps >> 8));
  cli_printf ("  5 minute output rate %u bits/sec, %u packets/sec\n",
              (unsigned) (f->rates.out_bps >> 8), (unsigned) (f->rates.out_pps >> 8));
  cli_printf ("     %u packets input, %u bytes\n", f->cnt.in_pkts, f->cnt.in_bytes);
  cli_printf ("     Received %u broadcasts (%u IP multicasts)\n", f->cnt.in_bcast, f->cnt.in_mcast);
  {
    /* the NIC's own counters: frames it had no buffer for are overruns,
     * frames it could not send (no link) are lost carrier */
    HalNicStats hw = { 0 };

    if (f->kind == FW_IF_PHYS)
      hal_nic_stats (f->nic, &hw);
    cli_puts ("     0 runts, 0 giants, 0 throttles\n");
    cli_printf ("     %u input errors, 0 CRC, 0 frame, %u overrun, 0 ignored\n", hw.rx_drops,
                hw.rx_drops);
    hw_tx_drops = hw.tx_drops;
  }
  cli_puts ("     0 watchdog\n");
  cli_puts ("     0 input packets with dribble condition detected\n");
  cli_printf ("     %u packets output, %u bytes, 0 underruns\n", f->cnt.out_pkts, f->cnt.out_bytes);
  cli_puts ("     0 output errors, 0 collisions, 0 interface resets\n");
  cli_printf ("     %u unknown protocol drops\n", f->cnt.in_unknown);
  cli_puts ("     0 babbles, 0 late collision, 0 deferred\n");
  cli_printf ("     %u lost carrier, 0 no carrier\n", hw_tx_drops);
  cli_puts ("     0 output buffer failures, 0 output buffers swapped out\n");
}

static void
cmd_show_interfaces (CliCmd *c)
{
  const CliArg *ifa = cli_arg_type (c, CLI_IFNUM, 0);
  int order[FW_IF_MAX], n;

  if (ifa)
    {
      if (ifa->ifindex >= 0)
        show_one_if (ifa->ifindex);
      return;
    }
  n = fw_if_sorted (order, false);
  for (int k = 0; k < n && !cli_aborted (); k++)
    show_one_if (order[k]);
}

static void
show_ip_if (int i)
{
  const FwIf *f = &fw_ifs[i];
  char a[16];

  cli_printf ("%s is %s, line protocol is %s\n", f->name, fw_if_status_text (i), fw_if_proto_text (i));
  if (!f->addr)
    {
      cli_puts ("  Internet protocol processing disabled\n");
      return;
    }
  cli_printf ("  Internet address is %s/%d\n", fw_ip_ntoa (f->addr, a), fw_mask_to_len (f->mask));
  cli_puts ("  Broadcast address is 255.255.255.255\n");
  cli_printf ("  Address determined by %s\n",
              f->method == FW_ADDR_NVRAM ? "non-volatile memory" : "setup command");
  cli_printf ("  MTU is %u bytes\n", f->kind == FW_IF_LOOP ? 1514u : 1500u);
  cli_puts ("  Helper address is not set\n");
  cli_puts ("  Directed broadcast forwarding is disabled\n");
  if (fw_rip.enabled && fw_rip_if_enabled (i))
    cli_puts ("  Multicast reserved groups joined: 224.0.0.9\n");
  cli_puts ("  Outgoing access list is not set\n");
  cli_puts ("  Inbound  access list is not set\n");
  cli_puts ("  Proxy ARP is disabled\n");
  cli_puts ("  Split horizon is enabled\n");
  cli_puts ("  ICMP redirects are never sent\n");
  cli_puts ("  ICMP unreachables are always sent\n");
  cli_puts ("  ICMP mask replies are never sent\n");
}

static void
cmd_show_ip_interface (CliCmd *c)
{
  const CliArg *ifa = cli_arg_type (c, CLI_IFNUM, 0);
  int order[FW_IF_MAX], n;

  if (ifa)
    {
      if (ifa->ifindex >= 0)
        show_ip_if (ifa->ifindex);
      return;
    }
  n = fw_if_sorted (order, false);
  for (int k = 0; k < n && !cli_aborted (); k++)
    show_ip_if (order[k]);
}

static void
cmd_show_int_desc (CliCmd *c)
{
  int order[FW_IF_MAX], n = fw_if_sorted (order, false);

  cli_puts ("Interface                      Status         Protocol Description\n");
  for (int k = 0; k < n; k++)
    {
      const FwIf *f = &fw_ifs[order[k]];
      const char *st = fw_if_status_text (order[k]);

      cli_printf ("%-30s %-14s %-8s %s\n", f->name,
                  strcmp (st, "administratively down") == 0 ? "admin down" : st,
                  fw_if_proto_text (order[k]), f->description ? f->description : "");
    }
}

/* --- show ip route --------------------------------------------------- */

typedef struct
{
  const FwRoute    *r;       /* installed route */
  const FwRipRoute *down;    /* or a RIP route that is possibly down */
  uint32_t          prefix;
  uint8_t           plen;
} Shown;

static void
route_text (char         *buf,
            size_t        size,
            const Shown  *s,
            bool          with_len)
{
  char a[16], g[16], age[16];
  size_t n;

  fw_ip_ntoa (s->prefix, a);
  n = (size_t) fw_snprintf (buf, size, with_len ? "%s/%u" : "%s", a, s->plen);
  if (s->down)
    {
      fw_snprintf (buf + n, size - n, " is possibly down, routing via %s, %s",
                   fw_ip_ntoa (s->down->gateway, g),
                   s->down->ifindex >= 0 ? fw_ifs[s->down->ifindex].name : "");
      return;
    }
  switch (s->r->code)
    {
    case 'C':
    case 'L':
      fw_snprintf (buf + n, size - n, " is directly connected, %s", fw_ifs[s->r->ifindex].name);
      break;
    case 'S':
      if (s->r->gateway == 0)
        fw_snprintf (buf + n, size - n, " is directly connected, %s", fw_ifs[s->r->ifindex].name);
      else if (s->r->ifindex >= 0)
        fw_snprintf (buf + n, size - n, " [%u/%u] via %s, %s", s->r->distance, s->r->metric,
                     fw_ip_ntoa (s->r->gateway, g), fw_ifs[s->r->ifindex].name);
      else
        fw_snprintf (buf + n, size - n, " [%u/%u] via %s", s->r->distance, s->r->metric,
                     fw_ip_ntoa (s->r->gateway, g));
      break;
    default:
      fw_format_age (age, sizeof age, fw_now () - s->r->updated);
      fw_snprintf (buf + n, size - n, " [%u/%u] via %s, %s, %s", s->r->distance, s->r->metric,
                   fw_ip_ntoa (s->r->gateway, g), age,
                   s->r->out_if >= 0 ? fw_ifs[s->r->out_if].name : "");
      break;
    }
}

static void
route_code (char        *buf,
            const Shown *s)
{
  char code = s->down ? 'R' : s->r->code;

  buf[0] = code;
  buf[1] = (s->plen == 0 && !s->down && (code == 'S' || code == 'R')) ? '*' : '\0';
  buf[2] = '\0';
}

static void
cmd_show_ip_route (CliCmd *c)
{
  Shown *list;
  int n = 0;
  char filter = 0;
  const FwRoute *def = NULL;
  char a[16];

  if (cli_arg_find (c, "connected") >= 0)
    filter = 'C';
  else if (cli_arg_find (c, "static") >= 0)
    filter = 'S';
  else if (cli_arg_find (c, "rip") >= 0)
    filter = 'R';

  fw_route_commit ();
  list = fw_calloc ((size_t) fw_n_routes + FW_RIP_MAX_ROUTES + 1, sizeof (Shown));
  if (list == NULL)
    return;
  for (int i = 0; i < fw_n_routes; i++)
    {
      const FwRoute *r = &fw_routes[i];

      if (r->plen == 0 && (r->code == 'S' || r->code == 'R'))
        def = r;
      if (filter && !(r->code == filter || (filter == 'C' && r->code == 'L')))
        continue;
      list[n].r = r;
      list[n].prefix = r->prefix;
      list[n].plen = r->plen;
      n++;
    }
  if (fw_rip.enabled && (!filter || filter == 'R'))
    for (int i = 0; i < FW_RIP_MAX_ROUTES; i++)
      {
        const FwRipRoute *rr = &fw_rip_routes[i];

        if (!rr->used || rr->connected || rr->metric < FW_RIP_INFINITY || rr->gateway == 0
            || fw_route_find (rr->prefix, rr->mask))
          continue;
        list[n].down = rr;
        list[n].prefix = rr->prefix;
        list[n].plen = (uint8_t) fw_mask_to_len (rr->mask);
        n++;
      }
  /* sorted by prefix, then length */
  for (int i = 1; i < n; i++)
    {
      Shown x = list[i];
      int j = i - 1;

      while (j >= 0 && (list[j].prefix > x.prefix
                        || (list[j].prefix == x.prefix && list[j].plen > x.plen)))
        {
          list[j + 1] = list[j];
          j--;
        }
      list[j + 1] = x;
    }

  cli_puts ("Codes: L - local, C - connected, S - static, R - RIP, M - mobile, B - BGP\n"
            "       D - EIGRP, EX - EIGRP external, O - OSPF, IA - OSPF inter area \n"
            "       N1 - OSPF NSSA external type 1, N2 - OSPF NSSA external type 2\n"
            "       E1 - OSPF external type 1, E2 - OSPF external type 2\n"
            "       i - IS-IS, su - IS-IS summary, L1 - IS-IS level-1, L2 - IS-IS level-2\n"
            "       ia - IS-IS inter area, * - candidate default, U - per-user static route\n"
            "       o - ODR, P - periodic downloaded static route, H - NHRP, l - LISP\n"
            "       + - replicated route, % - next hop override\n\n");
  if (def)
    cli_printf ("Gateway of last resort is %s to network 0.0.0.0\n\n",
                fw_ip_ntoa (def->gateway, a));
  else
    cli_puts ("Gateway of last resort is not set\n\n");

  for (int i = 0; i < n && !cli_aborted ();)
    {
      uint32_t cmask = fw_classful_mask (list[i].prefix);
      int clen = fw_mask_to_len (cmask);
      uint32_t major = list[i].prefix & cmask;
      int j = i, masks = 0;
      uint8_t seen[33] = { 0 };
      char code[4], text[160];

      if (cmask == 0 || list[i].plen < clen)
        {
          route_code (code, &list[i]);
          route_text (text, sizeof text, &list[i], true);
          cli_printf ("%-6s%s\n", code, text);
          i++;
          continue;
        }
      while (j < n && (list[j].prefix & cmask) == major && list[j].plen >= clen)
        {
          if (!seen[list[j].plen])
            masks++;
          seen[list[j].plen] = 1;
          j++;
        }
      if (j - i == 1 && list[i].plen == clen)
        {
          route_code (code, &list[i]);
          route_text (text, sizeof text, &list[i], true);
          cli_printf ("%-6s%s\n", code, text);
          i = j;
          continue;
        }
      if (masks == 1)
        cli_printf ("      %s/%u is subnetted, %d subnets\n", fw_ip_ntoa (major, a), list[i].plen,
                    j - i);
      else
        cli_printf ("      %s/%d is variably subnetted, %d subnets, %d masks\n",
                    fw_ip_ntoa (major, a), clen, j - i, masks);
      for (; i < j; i++)
        {
          route_code (code, &list[i]);
          route_text (text, sizeof text, &list[i], masks > 1);
          cli_printf ("%-9s%s\n", code, text);
        }
    }
  fw_free (list);
}

/* --- show arp --------------------------------------------------------- */

typedef struct
{
  uint32_t    ip;
  bool        dash;        /* age "-": our own or static */
  char        agebuf[12];
  char        hw[16];
  int         ifindex;
} ArpRow;

static void
cmd_show_arp (CliCmd *c)
{
  ArpRow *rows = fw_calloc (FW_ARP_MAX + FW_IF_MAX, sizeof (ArpRow));
  int n = 0;
  char a[16];

  if (rows == NULL)
    return;
  for (int i = 0; i < FW_IF_MAX; i++)
    if (fw_ifs[i].used && fw_ifs[i].addr && fw_ifs[i].kind != FW_IF_LOOP && fw_ifs[i].up)
      {
        rows[n].ip = fw_ifs[i].addr;
        rows[n].dash = true;
        fw_mac_ntoa (fw_ifs[i].mac, rows[n].hw);
        rows[n].ifindex = i;
        n++;
      }
  for (int i = 0; i < FW_ARP_MAX; i++)
    {
      const FwArpEntry *e = &fw_arp_table[i];

      if (e->state == FW_ARP_FREE)
        continue;
      rows[n].ip = e->ip;
      rows[n].ifindex = e->ifindex;
      if (e->state == FW_ARP_STATIC)
        {
          rows[n].dash = true;
          rows[n].ifindex = -1;
          for (int k = 0; k < FW_IF_MAX; k++)
            if (fw_ifs[k].used && fw_ifs[k].addr && ((e->ip ^ fw_ifs[k].addr) & fw_ifs[k].mask) == 0)
              {
                rows[n].ifindex = k;
                break;
              }
        }
      else
        {
          fw_snprintf (rows[n].agebuf, sizeof rows[n].agebuf, "%u",
                       (unsigned) ((fw_now () - e->updated) / 60000));
        }
      if (e->state == FW_ARP_INCOMPLETE)
        fw_strlcpy (rows[n].hw, "Incomplete", sizeof rows[n].hw);
      else
        fw_mac_ntoa (e->mac, rows[n].hw);
      n++;
    }
  for (int i = 1; i < n; i++)
    {
      ArpRow x = rows[i];
      int j = i - 1;

      while (j >= 0 && rows[j].ip > x.ip)
        {
          rows[j + 1] = rows[j];
          j--;
        }
      rows[j + 1] = x;
    }
  cli_puts ("Protocol  Address          Age (min)  Hardware Addr   Type   Interface\n");
  for (int i = 0; i < n; i++)
    {
      const char *age = rows[i].dash ? "-" : rows[i].agebuf;

      cli_printf ("Internet  %-16s%9s   %-14s  ARPA   %s\n", fw_ip_ntoa (rows[i].ip, a), age,
                  rows[i].hw, rows[i].ifindex >= 0 ? fw_ifs[rows[i].ifindex].name : "");
    }
  fw_free (rows);
}

/* --- RIP --------------------------------------------------------------- */

static void
cmd_show_rip_db (CliCmd *c)
{
  int idx[FW_RIP_MAX_ROUTES], n = 0;
  char a[16], g[16], age[16];

  if (!fw_rip.enabled)
    return;
  for (int i = 0; i < FW_RIP_MAX_ROUTES; i++)
    if (fw_rip_routes[i].used)
      {
        int j = n++;

        while (j > 0 && (fw_rip_routes[idx[j - 1]].prefix > fw_rip_routes[i].prefix
                         || (fw_rip_routes[idx[j - 1]].prefix == fw_rip_routes[i].prefix
                             && fw_rip_routes[idx[j - 1]].mask > fw_rip_routes[i].mask)))
          {
            idx[j] = idx[j - 1];
            j--;
          }
        idx[j] = i;
      }
  if (fw_rip.auto_summary)
    {
      uint32_t last = 0;

      for (int k = 0; k < n; k++)
        {
          uint32_t cm = fw_classful_mask (fw_rip_routes[idx[k]].prefix);
          uint32_t major = fw_rip_routes[idx[k]].prefix & cm;

          if (cm && major != last)
            {
              cli_printf ("%s/%d    auto-summary\n", fw_ip_ntoa (major, a), fw_mask_to_len (cm));
              last = major;
            }
        }
    }
  for (int k = 0; k < n; k++)
    {
      const FwRipRoute *r = &fw_rip_routes[idx[k]];

      cli_printf ("%s/%d", fw_ip_ntoa (r->prefix, a), fw_mask_to_len (r->mask));
      if (r->connected)
        cli_printf ("    directly connected, %s\n", fw_ifs[r->ifindex].name);
      else if (r->metric >= FW_RIP_INFINITY)
        cli_puts ("    is possibly down\n");
      else
        {
          fw_format_age (age, sizeof age, fw_now () - r->updated);
          cli_printf ("\n    [%u] via %s, %s, %s\n", r->metric, fw_ip_ntoa (r->gateway, g), age,
                      r->ifindex >= 0 ? fw_ifs[r->ifindex].name : "");
        }
    }
}

static void
cmd_show_ip_protocols (CliCmd *c)
{
  uint32_t src[32];
  uint64_t last[32];
  int n;
  char a[16], age[16];

  cli_puts ("*** IP Routing is NSF aware ***\n\n");
  if (!fw_rip.enabled)
    return;
  cli_puts ("Routing Protocol is \"rip\"\n");
  cli_puts ("  Outgoing update filter list for all interfaces is not set\n");
  cli_puts ("  Incoming update filter list for all interfaces is not set\n");
  cli_printf ("  Sending updates every %u seconds\n", fw_rip.update_s);
  cli_printf ("  Invalid after %u seconds, hold down %u, flushed after %u\n", fw_rip.invalid_s,
              fw_rip.holddown_s, fw_rip.flush_s);
  cli_printf ("  Redistributing: rip%s%s\n", fw_rip.redist_connected ? ", connected" : "",
              fw_rip.redist_static ? ", static" : "");
  if (fw_rip.version)
    cli_printf ("  Default version control: send version %u, receive version %u\n",
                fw_rip.version, fw_rip.version);
  else
    cli_puts ("  Default version control: send version 1, receive any version\n");
  cli_puts ("    Interface             Send  Recv  Triggered RIP  Key-chain\n");
  for (int i = 0; i < FW_IF_MAX; i++)
    if (fw_ifs[i].used && fw_ifs[i].up && fw_rip_if_enabled (i) && !fw_rip_if_passive (i))
      cli_printf ("    %-21s %-5s %-5s\n", fw_ifs[i].name, fw_rip.version == 2 ? "2" : "1",
                  fw_rip.version == 2 ? "2" : fw_rip.version == 1 ? "1" : "1 2");
  cli_printf ("  Automatic network summarization is %sin effect\n", fw_rip.auto_summary ? "" : "not ");
  cli_puts ("  Maximum path: 4\n");
  cli_puts ("  Routing for Networks:\n");
  for (int k = 0; k < fw_rip.n_networks; k++)
    cli_printf ("    %s\n", fw_ip_ntoa (fw_rip.networks[k], a));
  if (fw_rip.n_passive)
    {
      cli_puts ("  Passive Interface(s):\n");
      for (int k = 0; k < fw_rip.n_passive; k++)
        cli_printf ("    %s\n", fw_rip.passive[k]);
    }
  cli_puts ("  Routing Information Sources:\n");
  cli_puts ("    Gateway         Distance      Last Update\n");
  n = fw_rip_sources (src, last, 32);
  for (int k = 0; k < n; k++)
    {
      fw_format_age (age, sizeof age, fw_now () - last[k]);
      cli_printf ("    %-15s      120      %s\n", fw_ip_ntoa (src[k], a), age);
    }
  cli_puts ("  Distance: (default is 120)\n\n");
}

static void
cmd_show_history (CliCmd *c)
{
  const char **list;
  int n = cli_history (&list);

  for (int i = 0; i < n; i++)
    cli_printf ("  %s\n", list[i]);
}

static void
cmd_show_clock (CliCmd *c)
{
  FwDate d;

  fw_date_now (&d);
  cli_printf ("*%02d:%02d:%02d.%03d UTC %s %s %d %d\n", d.hour, d.min, d.sec, d.msec,
              fw_day_names[d.wday], fw_month_names[d.month - 1], d.day, d.year);
}

static void
cmd_show_ip_traffic (CliCmd *c)
{
  const FwNetStats *s = &fw_net_stats;

  cli_puts ("IP statistics:\n");
  cli_printf ("  Rcvd:  %u total, %u local destination\n", s->ip_in, s->ip_local);
  cli_printf ("         %u format errors, %u checksum errors, %u bad hop count\n", s->ip_bad_hdr,
              s->ip_bad_cksum, s->ip_ttl_expired);
  cli_printf ("  Frags: 0 reassembled, 0 timeouts, 0 couldn't reassemble\n");
  cli_printf ("  Sent:  %u generated, %u forwarded\n", s->ip_out, s->ip_forwarded);
  cli_printf ("  Drop:  %u encapsulation failed, %u no route\n\n", s->ip_arp_fail, s->ip_no_route);
  cli_printf ("ICMP statistics:\n  Rcvd: %u total\n  Sent: %u total\n\n", s->icmp_in, s->icmp_out);
  cli_printf ("UDP statistics:\n  Rcvd: %u total, %u no port\n\n", s->udp_in, s->udp_no_port);
  cli_printf ("ARP statistics:\n  Rcvd: %u total\n  Sent: %u requests, %u replies\n", s->arp_in,
              s->arp_req_out, s->arp_rep_out);
}

void
fw_cmd_show_init (void)
{
  cli_install (M_EXEC, "show version", "Show running system information\nSystem hardware and software status",
               cmd_show_version);
  cli_install (M_PRIV, "show running-config [interface IFNAME]",
               "Show running system information\nCurrent operating configuration\n"
               "Show interface configuration\n", cmd_show_running);
  cli_install (M_PRIV, "show startup-config",
               "Show running system information\nContents of startup configuration",
               cmd_show_startup);
  cli_install (M_EXEC, "show ip interface brief",
               "Show running system information\nIP information\nIP interface status and configuration\n"
               "Brief summary of IP status and configuration", cmd_show_ip_int_brief);
  cli_install (M_EXEC, "show ip interface [IFNAME]",
               "Show running system information\nIP information\nIP interface status and configuration\n",
               cmd_show_ip_interface);
  cli_install (M_EXEC, "show interfaces [IFNAME]",
               "Show running system information\nInterface status and configuration\n",
               cmd_show_interfaces);
  cli_install (M_EXEC, "show interfaces description",
               "Show running system information\nInterface status and configuration\n"
               "Show interface description", cmd_show_int_desc);
  cli_install (M_EXEC, "show ip route [{connected | static | rip}]",
               "Show running system information\nIP information\nIP routing table\n"
               "Connected networks\nStatic routes\nRouting Information Protocol (RIP)",
               cmd_show_ip_route);
  cli_install (M_EXEC, "show arp", "Show running system information\nARP table", cmd_show_arp);
  cli_install (M_EXEC, "show ip arp",
               "Show running system information\nIP information\nIP ARP table", cmd_show_arp);
  cli_install (M_EXEC, "show ip rip database",
               "Show running system information\nIP information\nIP RIP show commands\n"
               "IP RIP database", cmd_show_rip_db);
  cli_install (M_EXEC, "show ip protocols",
               "Show running system information\nIP information\nIP routing protocol process parameters and statistics",
               cmd_show_ip_protocols);
  cli_install (M_EXEC, "show ip traffic",
               "Show running system information\nIP information\nIP protocol statistics",
               cmd_show_ip_traffic);
  cli_install (M_EXEC, "show history",
               "Show running system information\nDisplay the session command history",
               cmd_show_history);
  cli_install (M_EXEC, "show clock", "Show running system information\nDisplay the system clock",
               cmd_show_clock);
}
