/* fw-config.c: the running-config (rendered in IOS order and layout), the
 * startup-config in NVRAM, and applying a configuration text
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

FwConfig fw_config;

void
fw_config_init (void)
{
  memset (&fw_config, 0, sizeof fw_config);
  fw_strlcpy (fw_config.hostname, "Router", sizeof fw_config.hostname);
  fw_config.domain_lookup = true;
  fw_config.lines[2].login = true;
}

void
fw_config_touch (void)
{
  if (cli.loading)
    return;
  cli.config_changed = true;
  fw_config.last_change_ms = fw_now () ? fw_now () : 1;
}

/* --- a growing text buffer ------------------------------------------ */

typedef struct
{
  char  *s;
  size_t len, cap;
} Buf;

static void buf_printf (Buf *b, const char *fmt, ...) FW_PRINTF (2, 3);

static void
buf_add (Buf        *b,
         const char *s,
         size_t      n)
{
  if (b->len + n + 1 > b->cap)
    {
      size_t cap = b->cap ? b->cap : 2048;
      char *ns;

      while (cap < b->len + n + 1)
        cap *= 2;
      ns = fw_realloc (b->s, cap);
      if (ns == NULL)
        return;
      b->s = ns;
      b->cap = cap;
    }
  memcpy (b->s + b->len, s, n);
  b->len += n;
  b->s[b->len] = '\0';
}

static void
buf_puts (Buf        *b,
          const char *s)
{
  buf_add (b, s, strlen (s));
}

static void
buf_printf (Buf        *b,
            const char *fmt,
            ...)
{
  char tmp[512];
  va_list ap;
  int n;

  va_start (ap, fmt);
  n = fw_vsnprintf (tmp, sizeof tmp, fmt, ap);
  va_end (ap);
  buf_add (b, tmp, FW_MIN ((size_t) n, sizeof tmp - 1));
}

static void
render_if (Buf *b,
           int  i)
{
  const FwIf *f = &fw_ifs[i];
  char a[16], m[16];

  buf_printf (b, "interface %s\n", f->name);
  if (f->description)
    buf_printf (b, " description %s\n", f->description);
  if (f->kind == FW_IF_SUB && f->vlan)
    buf_printf (b, " encapsulation dot1Q %u%s\n", f->vlan, f->native ? " native" : "");
  if (f->addr)
    buf_printf (b, " ip address %s %s\n", fw_ip_ntoa (f->addr, a), fw_ip_ntoa (f->mask, m));
  else
    buf_puts (b, " no ip address\n");
  if (f->shutdown)
    buf_puts (b, " shutdown\n");
  if (f->kind == FW_IF_PHYS)
    {
      const char *type = fw_if_types[f->type].name;

      if (strcmp (type, "FastEthernet") == 0)
        {
          buf_printf (b, " duplex %s\n", f->duplex == 1 ? "full" : f->duplex == 2 ? "half" : "auto");
          if (f->speed_cfg)
            buf_printf (b, " speed %u\n", f->speed_cfg);
          else
            buf_puts (b, " speed auto\n");
        }
      else if (strcmp (type, "GigabitEthernet") == 0)
        buf_puts (b, " negotiation auto\n");
      else if (f->duplex)
        buf_printf (b, " %s-duplex\n", f->duplex == 1 ? "full" : "half");
    }
}

static void
render_line (Buf        *b,
             const char *head,
             int         k)
{
  const FwLineConfig *l = &fw_config.lines[k];

  buf_printf (b, "%s\n", head);
  if (l->exec_timeout_set)
    buf_printf (b, " exec-timeout %u %u\n", l->exec_min, l->exec_sec);
  if (l->password)
    buf_printf (b, " password %s\n", l->password);
  if (l->logging_sync)
    buf_puts (b, " logging synchronous\n");
  if (k == 2)
    {
      if (l->login)
        buf_puts (b, " login\n");
    }
  else
    {
      if (l->login)
        buf_puts (b, " login\n");
      buf_puts (b, " stopbits 1\n");
    }
}

/* IOS delimits with ^C, but a banner set with another delimiter may hold
 * "^C": then one of its characters that the text lacks is used, so the
 * banner reloads whole.  The text always lacks the one it was set with. */
static void
render_banner (Buf        *b,
               const char *text)
{
  const char *caret = text;

  while ((caret = strchr (caret, '^')) != NULL && caret[1] != 'C')
    caret++;
  if (caret == NULL)
    {
      buf_printf (b, "banner motd ^C%s^C\n", text);
      return;
    }
  for (int c = 1; c < 256; c++)
    {
      int d = (c + '#' - 2) % 255 + 1;   /* '#' first, then onwards */

      if (d == '\n' || d == '\r' || d == '\t' || d == ' ' || d == '^' || d == '|' ||
          strchr (text, d) != NULL)
        continue;
      buf_printf (b, "banner motd %c%s%c\n", d, text, d);
      return;
    }
}

char *
fw_config_render (void)
{
  Buf b = { 0 };
  int order[FW_IF_MAX], n;
  char a[16], m[16], g[16];

  buf_puts (&b, "!\n");
  if (fw_config.last_change_ms)
    {
      FwDate d;

      fw_date_at (fw_config.last_change_ms, &d);
      buf_printf (&b, "! Last configuration change at %02d:%02d:%02d UTC %s %s %d %d\n!\n", d.hour,
                  d.min, d.sec, fw_day_names[d.wday], fw_month_names[d.month - 1], d.day, d.year);
    }
  buf_printf (&b, "version %s\n", FW_VERSION_STRING);
  buf_puts (&b, "service timestamps debug datetime msec\n");
  buf_puts (&b, "service timestamps log datetime msec\n");
  if (fw_config.password_encryption)
    buf_puts (&b, "service password-encryption\n");
  else
    buf_puts (&b, "no service password-encryption\n");
  buf_puts (&b, "!\n");
  buf_printf (&b, "hostname %s\n", fw_config.hostname);
  buf_puts (&b, "!\nboot-start-marker\nboot-end-marker\n!\n");
  /* A password "0" would read back as the type keyword without a word. */
  if (fw_config.enable_secret)
    buf_printf (&b, "enable secret %s%s\n", strcmp (fw_config.enable_secret, "0") == 0 ? "0 " : "",
                fw_config.enable_secret);
  if (fw_config.enable_password)
    buf_printf (&b, "enable password %s%s\n",
                strcmp (fw_config.enable_password, "0") == 0 ? "0 " : "", fw_config.enable_password);
  buf_puts (&b, "!\nno aaa new-model\n");
  if (!fw_config.domain_lookup)
    buf_puts (&b, "no ip domain lookup\n");
  if (fw_config.domain_name)
    buf_printf (&b, "ip domain name %s\n", fw_config.domain_name);
  buf_puts (&b, "ip cef\n!\n!\n");

  n = fw_if_sorted (order, true);
  for (int k = 0; k < n; k++)
    {
      render_if (&b, order[k]);
      buf_puts (&b, "!\n");
    }

  if (fw_rip.enabled)
    {
      buf_puts (&b, "router rip\n");
      if (fw_rip.version)
        buf_printf (&b, " version %u\n", fw_rip.version);
      if (fw_rip.timers_set)
        buf_printf (&b, " timers basic %u %u %u %u\n", fw_rip.update_s, fw_rip.invalid_s,
                    fw_rip.holddown_s, fw_rip.flush_s);
      if (fw_rip.redist_connected)
        buf_puts (&b, " redistribute connected\n");
      if (fw_rip.redist_static)
        buf_puts (&b, " redistribute static\n");
      for (int k = 0; k < fw_rip.n_passive; k++)
        buf_printf (&b, " passive-interface %s\n", fw_rip.passive[k]);
      for (int k = 0; k < fw_rip.n_networks; k++)
        buf_printf (&b, " network %s\n", fw_ip_ntoa (fw_rip.networks[k], a));
      if (fw_rip.default_originate)
        buf_puts (&b, " default-information originate\n");
      if (!fw_rip.auto_summary)
        buf_puts (&b, " no auto-summary\n");
      buf_puts (&b, "!\n");
    }

  buf_puts (&b, "ip forward-protocol nd\n!\n!\nno ip http server\nno ip http secure-server\n");
  for (int k = 0; k < fw_n_statics; k++)
    {
      const FwStatic *s = &fw_statics[k];

      buf_printf (&b, "ip route %s %s", fw_ip_ntoa (s->prefix, a), fw_ip_ntoa (s->mask, m));
      if (s->ifname[0])
        buf_printf (&b, " %s", s->ifname);
      if (s->gateway)
        buf_printf (&b, " %s", fw_ip_ntoa (s->gateway, g));
      if (s->distance != 1)
        buf_printf (&b, " %u", s->distance);
      if (s->permanent)
        buf_puts (&b, " permanent");
      buf_puts (&b, "\n");
    }
  buf_puts (&b, "!\n");
  {
    bool any = false;

    for (int k = 0; k < FW_ARP_MAX; k++)
      if (fw_arp_table[k].state == FW_ARP_STATIC)
        {
          char mac[16];

          buf_printf (&b, "arp %s %s ARPA\n", fw_ip_ntoa (fw_arp_table[k].ip, a),
                      fw_mac_ntoa (fw_arp_table[k].mac, mac));
          any = true;
        }
    if (any)
      buf_puts (&b, "!\n");
  }
  buf_puts (&b, "!\ncontrol-plane\n!\n");
  if (fw_config.banner_motd)
    render_banner (&b, fw_config.banner_motd);
  render_line (&b, "line con 0", 0);
  render_line (&b, "line aux 0", 1);
  render_line (&b, "line vty 0 4", 2);
  buf_puts (&b, "!\n!\nend\n");
  return b.s;
}

char *
fw_config_render_if (int ifindex)
{
  Buf b = { 0 };

  buf_puts (&b, "!\n");
  render_if (&b, ifindex);
  buf_puts (&b, "end\n");
  return b.s;
}

int
fw_config_apply (const char *text,
                 size_t      len)
{
  size_t i = 0;
  uint32_t before = cli.errors;
  CliMode old = cli.mode;

  cli.mode = CLI_MODE_CONFIG;
  while (i < len)
    {
      char ln[512];
      size_t n = 0;

      while (i < len && text[i] != '\n')
        {
          if (n + 1 < sizeof ln && text[i] != '\r')
            ln[n++] = text[i];
          i++;
        }
      i++;
      ln[n] = '\0';
      if (strcmp (ln, "end") == 0)
        break;
      cli_execute (ln, true);
    }
  cli.mode = old;
  for (int k = 0; k < FW_IF_MAX; k++)
    if (fw_ifs[k].used && fw_ifs[k].kind != FW_IF_SUB)
      fw_if_update (k);
  return (int) (cli.errors - before);
}

/* --- NVRAM -------------------------------------------------------- */

static bool
read_hdr (FwNvramHdr *h)
{
  uint8_t hdr[FW_NVRAM_HDR];

  hal_nvram_read (0, hdr, sizeof hdr);
  return fw_nvram_hdr_parse (hdr, hal_nvram_size (), h);
}

char *
fw_config_read_startup (size_t *len)
{
  FwNvramHdr h;
  uint8_t *s, *p;

  *len = 0;
  if (!read_hdr (&h) || h.startup_len == 0)
    return NULL;
  s = fw_malloc (h.startup_len + 1);
  p = fw_malloc (h.private_len + 1);
  if (s == NULL || p == NULL)
    {
      fw_free (s);
      fw_free (p);
      return NULL;
    }
  hal_nvram_read (h.startup_off, s, h.startup_len);
  hal_nvram_read (h.private_off, p, h.private_len);
  if (!fw_nvram_check (&h, s, p))
    {
      fw_free (s);
      fw_free (p);
      return NULL;
    }
  fw_free (p);
  s[h.startup_len] = '\0';
  *len = h.startup_len;
  return (char *) s;
}

bool
fw_config_write_startup (const char *text,
                         size_t      len)
{
  FwNvramHdr old, h;
  uint8_t *priv = NULL;
  uint32_t plen = 0, gen = 0, crc;
  uint8_t hdr[FW_NVRAM_HDR];

  /* the private-config (written by the hypervisor) is kept as it is */
  if (read_hdr (&old))
    {
      gen = old.generation;
      if (old.private_len && (priv = fw_malloc (old.private_len)) != NULL)
        {
          hal_nvram_read (old.private_off, priv, old.private_len);
          plen = old.private_len;
        }
    }
  if (!fw_nvram_layout (&h, hal_nvram_size (), len, plen, gen + 1))
    {
      fw_free (priv);
      return false;
    }
  crc = fw_crc32 (0, text, len);
  h.crc = fw_crc32 (crc, priv, plen);
  /* invalidate first, so a half-written block never looks valid */
  memset (hdr, 0, sizeof hdr);
  hal_nvram_write (0, hdr, 8);
  hal_nvram_write (h.startup_off, text, len);
  if (plen)
    hal_nvram_write (h.private_off, priv, plen);
  fw_nvram_hdr_build (hdr, &h);
  hal_nvram_write (0, hdr, sizeof hdr);
  hal_nvram_flush ();
  fw_free (priv);
  return true;
}

bool
fw_config_erase_startup (void)
{
  FwNvramHdr old, h;
  uint8_t hdr[FW_NVRAM_HDR];
  uint32_t gen = 0;

  if (read_hdr (&old))
    gen = old.generation;
  fw_nvram_layout (&h, hal_nvram_size (), 0, 0, gen + 1);
  h.crc = fw_crc32 (0, NULL, 0);
  fw_nvram_hdr_build (hdr, &h);
  hal_nvram_write (0, hdr, sizeof hdr);
  hal_nvram_flush ();
  return true;
}
