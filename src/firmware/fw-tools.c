/* fw-tools.c: ping and traceroute, with IOS output
 *
 * Copyright 2026 The Wirelab authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * Both run inside the CLI command while the rest of the router keeps going
 * (fw_wait); Ctrl-^ stops them.
 */

#define G_LOG_DOMAIN "wirelab-fw"

#include "config.h"

#include "fw.h"
#include "fw-cli.h"
#include "fw-if.h"
#include "fw-net.h"
#include "fw-route.h"
#include "fw-tools.h"

typedef struct
{
  uint16_t    id, seq;
  uint16_t    sport, dport;
  bool        udp;
  bool        got;
  FwIcmpEvent ev;
} Probe;

static void
on_icmp (const FwIcmpEvent *ev,
         void              *data)
{
  Probe *pr = data;

  if (pr->got)
    return;
  if (pr->udp)
    {
      if ((ev->type == ICMP_TIME_EXCEEDED || ev->type == ICMP_UNREACH)
          && ev->sport == pr->sport && ev->dport == pr->dport)
        {
          pr->ev = *ev;
          pr->got = true;
        }
      return;
    }
  if (ev->id != pr->id || ev->seq != pr->seq)
    return;
  if (ev->type == ICMP_ECHO_REPLY || ev->type == ICMP_UNREACH || ev->type == ICMP_TIME_EXCEEDED)
    {
      pr->ev = *ev;
      pr->got = true;
    }
}

static bool
probe_done (void *data)
{
  Probe *pr = data;

  return pr->got || fw_con_abort_peek ();
}

static void
out_char (char    c,
          uint32_t *col)
{
  char s[2] = { c, 0 };

  cli_puts (s);
  if (++*col == 70)
    {
      cli_puts ("\n");
      *col = 0;
    }
  fw_con_flush ();
}

void
fw_ping (const FwPingOptions *o,
         FwPingResult        *res)
{
  Probe pr;
  char a[16];
  uint32_t col = 0;
  uint32_t payload = o->size > 28 ? o->size - 28 : 0;

  memset (res, 0, sizeof *res);
  res->min_ms = (uint32_t) -1;
  memset (&pr, 0, sizeof pr);
  pr.id = (uint16_t) hal_random ();
  fw_con_take_abort ();

  cli_puts ("Type escape sequence to abort.\n");
  cli_printf ("Sending %u, %u-byte ICMP Echos to %s, timeout is %u seconds:\n", o->count, o->size,
              fw_ip_ntoa (o->dst, a), o->timeout_s);
  if (o->src)
    cli_printf ("Packet sent with a source address of %s \n", fw_ip_ntoa (o->src, a));
  fw_con_flush ();
  fw_icmp_watch (on_icmp, &pr);

  for (uint32_t i = 0; i < o->count; i++)
    {
      FwPkt *p = fw_pkt_alloc ();
      uint64_t sent;
      uint8_t *icmp;

      if (fw_con_take_abort ())
        break;
      if (p == NULL)
        {
          out_char ('.', &col);
          continue;
        }
      p->data += 20 + 18;
      icmp = p->data;
      icmp[0] = ICMP_ECHO;
      icmp[1] = 0;
      fw_wr16 (icmp + 2, 0);
      fw_wr16 (icmp + 4, pr.id);
      fw_wr16 (icmp + 6, (uint16_t) i);
      for (uint32_t k = 0; k < payload; k++)
        icmp[8 + k] = (k & 1) ? 0xcd : 0xab;
      p->len = (uint16_t) (8 + payload);
      fw_wr16 (icmp + 2, fw_inet_cksum (icmp, p->len));
      pr.seq = (uint16_t) i;
      pr.got = false;
      res->sent++;
      sent = fw_now ();
      if (!fw_ip_send (p, o->src, o->dst, IP_PROTO_ICMP, IP_DEFAULT_TTL, -1))
        {
          /* no route: fail at once, as nothing can answer */
          out_char ('.', &col);
          continue;
        }
      fw_wait (probe_done, &pr, fw_now () + (uint64_t) o->timeout_s * 1000);
      if (!pr.got)
        {
          if (fw_con_take_abort ())
            break;
          out_char ('.', &col);
          continue;
        }
      if (pr.ev.type == ICMP_ECHO_REPLY)
        {
          uint32_t rtt = (uint32_t) (pr.ev.when - sent);

          res->received++;
          res->total_ms += rtt;
          res->min_ms = FW_MIN (res->min_ms, rtt);
          res->max_ms = FW_MAX (res->max_ms, rtt);
          out_char ('!', &col);
        }
      else if (pr.ev.type == ICMP_UNREACH)
        out_char ('U', &col);
      else
        out_char ('&', &col);
    }
  fw_icmp_watch (NULL, &pr);
  if (col)
    cli_puts ("\n");
  cli_printf ("Success rate is %u percent (%u/%u)", res->sent ? res->received * 100 / res->sent : 0,
              res->received, res->sent);
  if (res->received)
    cli_printf (", round-trip min/avg/max = %u/%u/%u ms", res->min_ms,
                res->total_ms / res->received, res->max_ms);
  cli_puts ("\n");
}

void
fw_traceroute (uint32_t dst,
               uint32_t max_ttl,
               uint32_t timeout_s)
{
  Probe pr;
  char a[16];
  uint16_t sport = (uint16_t) (49152 + hal_random () % 16000);
  uint16_t dport = 33434;
  bool done = false;

  fw_con_take_abort ();
  cli_puts ("Type escape sequence to abort.\n");
  cli_printf ("Tracing the route to %s\n", fw_ip_ntoa (dst, a));
  cli_puts ("VRF info: (vrf in name/id, vrf out name/id)\n");
  fw_con_flush ();
  memset (&pr, 0, sizeof pr);
  pr.udp = true;
  fw_icmp_watch (on_icmp, &pr);

  for (uint32_t ttl = 1; ttl <= max_ttl && !done; ttl++)
    {
      uint32_t shown = 0;
      bool any = false;

      cli_printf ("%3u ", ttl);
      fw_con_flush ();
      for (int k = 0; k < 3; k++)
        {
          uint64_t sent;
          uint8_t payload[12] = { 0 };

          if (fw_con_take_abort ())
            {
              done = true;
              break;
            }
          pr.sport = sport;
          pr.dport = dport++;
          pr.got = false;
          sent = fw_now ();
          if (!fw_udp_send (0, dst, pr.sport, pr.dport, payload, sizeof payload, (uint8_t) ttl,
                            -1))
            {
              cli_puts ("* ");
              fw_con_flush ();
              continue;
            }
          fw_wait (probe_done, &pr, fw_now () + (uint64_t) timeout_s * 1000);
          if (!pr.got)
            {
              cli_puts (any ? "* " : " * ");
              fw_con_flush ();
              continue;
            }
          if (!any || shown != pr.ev.from)
            {
              cli_printf ("%s ", fw_ip_ntoa (pr.ev.from, a));
              shown = pr.ev.from;
            }
          any = true;
          cli_printf ("%u msec ", (unsigned) (pr.ev.when - sent));
          if (pr.ev.type == ICMP_UNREACH)
            {
              switch (pr.ev.code)
                {
                case ICMP_UNREACH_PORT:
                  break;
                case ICMP_UNREACH_NET:
                  cli_puts ("!N ");
                  break;
                case ICMP_UNREACH_HOST:
                  cli_puts ("!H ");
                  break;
                case ICMP_UNREACH_PROTO:
                  cli_puts ("!P ");
                  break;
                default:
                  cli_puts ("!A ");
                  break;
                }
              done = true;
            }
          fw_con_flush ();
        }
      cli_puts ("\n");
    }
  fw_icmp_watch (NULL, &pr);
}
