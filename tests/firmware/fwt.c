/* fwt.c: helpers for the firmware unit tests
 *
 * Copyright 2026 The Wirelab authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#define G_LOG_DOMAIN "wirelab-fw-test"

#include "config.h"

#include <stdio.h>
#include <string.h>

#include "fwt.h"

typedef struct
{
  char  *path;
  void (*body) (void);
} Case;

static GHashTable *cases;
static char prompt[128] = "Router>";

typedef struct
{
  guint   nic;
  guint8  mac[6];
  guint32 ip;
} SimHost;

static GMutex sim_lock;
static GPtrArray *sim_hosts;
static GPtrArray *sent;
static FwHostTxHook extra_hook;
static void *extra_data;

static void
run_case (gconstpointer data)
{
  const Case *c = data;

  if (g_test_subprocess ())
    {
      c->body ();
      return;
    }
  g_test_trap_subprocess (NULL, 60 * G_USEC_PER_SEC,
                          G_TEST_SUBPROCESS_INHERIT_STDOUT | G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_test_trap_assert_passed ();
}

void
fwt_add (const char  *path,
         void       (*body) (void))
{
  Case *c = g_new0 (Case, 1);

  if (cases == NULL)
    cases = g_hash_table_new (g_str_hash, g_str_equal);
  c->path = g_strdup (path);
  c->body = body;
  g_hash_table_insert (cases, c->path, c);
  g_test_add_data_func (path, c, run_case);
}

/* --- console ------------------------------------------------------- */

static char *
strip_cr (const char *s)
{
  GString *g = g_string_new (NULL);

  for (; *s; s++)
    if (*s != '\r')
      g_string_append_c (g, *s);
  return g_string_free (g, FALSE);
}

const char *
fwt_prompt (void)
{
  return prompt;
}

void
fwt_set_prompt (const char *p)
{
  g_strlcpy (prompt, p, sizeof prompt);
}

/* The prompt is whatever the last line holds once the router is idle. */
static gboolean is_prompt_line (const char *l);

static void
learn_prompt (const char *out)
{
  const char *nl = strrchr (out, '\n');
  const char *last = nl ? nl + 1 : out;

  if (*last && (g_str_has_suffix (last, "#") || g_str_has_suffix (last, ">")))
    fwt_set_prompt (last);
}

void
fwt_boot (const FwHostBoard *board)
{
  g_autofree char *out = NULL;

  fwt_sent ();                  /* record frames from the start */
  fw_host_setup (board);
  fw_host_start ();
  g_assert_true (fw_host_run_until ("Press RETURN to get started!", 5000));
  fw_host_type ("\r");
  fw_host_run (50);
  out = fwt_keys ("", 10);
  learn_prompt (out);
  g_assert_cmpstr (prompt, ==, "Router>");
}

char *
fwt_keys (const char *bytes,
          guint64     ms)
{
  g_autofree char *raw = NULL;

  if (*bytes)
    fw_host_type (bytes);
  fw_host_run (ms);
  raw = fw_host_output_take ();
  return strip_cr (raw);
}

static gboolean
is_log_line (const char *l)
{
  return g_regex_match_simple ("^\\*[A-Z][a-z]{2} [ 0-9]\\d \\d\\d:\\d\\d:\\d\\d\\.\\d{3}: ", l, 0, 0);
}

static gboolean
is_prompt_line (const char *l)
{
  return g_regex_match_simple ("^[A-Za-z][A-Za-z0-9-]*(\\([a-z-]+\\))?[#>]$", l, 0, 0);
}

/* The command's output: the lines between the echo and the next prompt,
 * without system messages.  NULL while the prompt has not come back. */
static char *
cut_output (const char *clean)
{
  g_auto(GStrv) lines = g_strsplit (clean, "\n", -1);
  guint n = g_strv_length (lines);
  g_autoptr(GString) body = g_string_new (NULL);

  for (guint i = 1; i < n; i++)
    {
      gboolean rest_is_logs = TRUE;

      if (!is_prompt_line (lines[i]))
        continue;
      /* what follows the prompt must be system messages (whose later lines,
       * as in %SYS-5-RESTART, carry no timestamp) */
      for (guint k = i + 1; k < n; k++)
        if (*lines[k] && !is_log_line (lines[k]) && !(k > i + 1 && *lines[k - 1]))
          rest_is_logs = FALSE;
      if (!rest_is_logs)
        continue;
      fwt_set_prompt (lines[i]);
      for (guint k = 1; k < i; k++)
        {
          if (is_log_line (lines[k]) || (lines[k][0] == '\0' && k + 1 < i && is_log_line (lines[k + 1])))
            continue;
          if (k > 1 && is_log_line (lines[k - 1]) && strstr (lines[k - 1], ": %SYS-5-RESTART:"))
            continue;           /* the second line of the restart message */
          /* a message may also continue the echoed line */
          g_string_append (body, lines[k]);
          g_string_append_c (body, '\n');
        }
      return g_strdup (body->str);
    }
  return NULL;
}

char *
fwt_cmd (const char *line)
{
  g_autofree char *typed = g_strconcat (line, "\r", NULL);
  g_autoptr(GString) all = g_string_new (NULL);
  guint64 waited = 0;

  fw_host_output_clear ();
  fw_host_type (typed);
  for (;;)
    {
      g_autofree char *chunk = NULL;
      g_autofree char *clean = NULL;
      char *out;
      guint64 step = waited < 1000 ? 10 : 500;

      fw_host_run (step);
      waited += step;
      chunk = fw_host_output_take ();
      g_string_append (all, chunk);
      clean = strip_cr (all->str);
      out = cut_output (clean);
      if (out)
        return out;
      if (waited > 600000)
        g_error ("no prompt after '%s': %s", line, all->str);
    }
}

void
fwt_config (const char *const *lines)
{
  for (guint i = 0; lines[i]; i++)
    {
      g_autofree char *out = fwt_cmd (lines[i]);

      /* link messages may arrive; errors start with '%' after a caret line */
      if (strstr (out, "% ") && !strstr (out, "%LINK") && !strstr (out, "%LINEPROTO")
          && !strstr (out, "%SYS"))
        g_error ("'%s' failed: %s", lines[i], out);
      if (strstr (out, "^\n"))
        g_error ("'%s' failed: %s", lines[i], out);
    }
}

/* --- frames -------------------------------------------------------- */

guint16
fwt_cksum (const guint8 *p,
           gsize         len)
{
  guint32 sum = 0;

  for (gsize i = 0; i + 1 < len; i += 2)
    sum += (guint32) (p[i] << 8 | p[i + 1]);
  if (len & 1)
    sum += (guint32) (p[len - 1] << 8);
  while (sum >> 16)
    sum = (sum & 0xffff) + (sum >> 16);
  return (guint16) ~sum;
}

guint32
fwt_ip (const char *dotted)
{
  guint a, b, c, d;

  g_assert_cmpint (sscanf (dotted, "%u.%u.%u.%u", &a, &b, &c, &d), ==, 4);
  return (a << 24) | (b << 16) | (c << 8) | d;
}

static void
put16 (guint8 *p, guint16 v)
{
  p[0] = (guint8) (v >> 8);
  p[1] = (guint8) v;
}

static void
put32 (guint8 *p, guint32 v)
{
  p[0] = (guint8) (v >> 24);
  p[1] = (guint8) (v >> 16);
  p[2] = (guint8) (v >> 8);
  p[3] = (guint8) v;
}

GByteArray *
fwt_eth (const guint8 *dst,
         const guint8 *src,
         guint16       type)
{
  GByteArray *f = g_byte_array_new ();
  guint8 t[2];

  g_byte_array_append (f, dst, 6);
  g_byte_array_append (f, src, 6);
  put16 (t, type);
  g_byte_array_append (f, t, 2);
  return f;
}

GByteArray *
fwt_ip_packet (const guint8 *dst_mac,
               const guint8 *src_mac,
               guint32       src,
               guint32       dst,
               guint8        proto,
               guint8        ttl,
               const void   *payload,
               gsize         len)
{
  GByteArray *f = fwt_eth (dst_mac, src_mac, 0x0800);
  guint8 h[20] = { 0x45, 0 };

  put16 (h + 2, (guint16) (20 + len));
  put16 (h + 4, 0x1234);
  h[8] = ttl;
  h[9] = proto;
  put32 (h + 12, src);
  put32 (h + 16, dst);
  put16 (h + 10, fwt_cksum (h, 20));
  g_byte_array_append (f, h, 20);
  g_byte_array_append (f, payload, (guint) len);
  return f;
}

GByteArray *
fwt_icmp_echo (const guint8 *dst_mac,
               const guint8 *src_mac,
               guint32       src,
               guint32       dst,
               guint8        type,
               guint16       id,
               guint16       seq,
               gsize         data_len,
               guint8        ttl)
{
  g_autofree guint8 *icmp = g_malloc0 (8 + data_len);

  icmp[0] = type;
  put16 (icmp + 4, id);
  put16 (icmp + 6, seq);
  for (gsize i = 0; i < data_len; i++)
    icmp[8 + i] = (guint8) i;
  put16 (icmp + 2, fwt_cksum (icmp, 8 + data_len));
  return fwt_ip_packet (dst_mac, src_mac, src, dst, 1, ttl, icmp, 8 + data_len);
}

GByteArray *
fwt_arp (const guint8 *dst_mac,
         const guint8 *src_mac,
         guint16       op,
         const guint8 *sha,
         guint32       spa,
         const guint8 *tha,
         guint32       tpa)
{
  GByteArray *f = fwt_eth (dst_mac, src_mac, 0x0806);
  guint8 a[28] = { 0, 1, 8, 0, 6, 4 };

  put16 (a + 6, op);
  memcpy (a + 8, sha, 6);
  put32 (a + 14, spa);
  memcpy (a + 18, tha, 6);
  put32 (a + 24, tpa);
  g_byte_array_append (f, a, 28);
  return f;
}

GByteArray *
fwt_udp (const guint8 *dst_mac,
         const guint8 *src_mac,
         guint32       src,
         guint32       dst,
         guint16       sport,
         guint16       dport,
         const void   *payload,
         gsize         len,
         guint8        ttl)
{
  g_autofree guint8 *u = g_malloc0 (8 + len);

  put16 (u, sport);
  put16 (u + 2, dport);
  put16 (u + 4, (guint16) (8 + len));
  memcpy (u + 8, payload, len);
  return fwt_ip_packet (dst_mac, src_mac, src, dst, 17, ttl, u, 8 + len);
}

void
fwt_inject (guint       nic,
            GByteArray *frame)
{
  fw_host_inject (nic, frame->data, frame->len);
  g_byte_array_unref (frame);
}

void
fwt_router_mac (guint  nic,
                guint8 mac[6])
{
  static const guint8 base[6] = { 0xca, 0x01, 0, 0, 0, 0 };

  memcpy (mac, base, 6);
  mac[5] = (guint8) nic;
}

void
fwt_mac_parse (const char *s,
               guint8      mac[6])
{
  guint v[6];

  g_assert_cmpint (sscanf (s, "%x:%x:%x:%x:%x:%x", &v[0], &v[1], &v[2], &v[3], &v[4], &v[5]), ==, 6);
  for (int i = 0; i < 6; i++)
    mac[i] = (guint8) v[i];
}

/* --- simulated hosts and the record of sent frames ---------------------- */

static void
tx_hook (uint32_t       nic,
         const uint8_t *frame,
         size_t         len,
         void          *data)
{
  FwtSent *s = g_new0 (FwtSent, 1);

  s->nic = nic;
  s->frame = g_bytes_new (frame, len);
  g_mutex_lock (&sim_lock);
  if (sent->len < 100000)
    g_ptr_array_add (sent, s);
  else
    {
      g_bytes_unref (s->frame);
      g_free (s);
    }
  g_mutex_unlock (&sim_lock);

  if (extra_hook)
    extra_hook (nic, frame, len, extra_data);
  if (len < 14 || sim_hosts == NULL)
    return;
  for (guint i = 0; i < sim_hosts->len; i++)
    {
      SimHost *h = sim_hosts->pdata[i];
      guint16 type = (guint16) (frame[12] << 8 | frame[13]);

      if (h->nic != nic)
        continue;
      if (type == 0x0806 && len >= 42)
        {
          guint32 tpa = (guint32) frame[38] << 24 | (guint32) frame[39] << 16
                        | (guint32) frame[40] << 8 | frame[41];
          guint32 spa = (guint32) frame[28] << 24 | (guint32) frame[29] << 16
                        | (guint32) frame[30] << 8 | frame[31];

          if (frame[21] == 1 && tpa == h->ip && spa != tpa)
            {
              GByteArray *r = fwt_arp (frame + 6, h->mac, 2, h->mac, h->ip, frame + 22, spa);

              fw_host_inject (nic, r->data, r->len);
              g_byte_array_unref (r);
            }
        }
      else if (type == 0x0800 && len >= 34 + 8 && memcmp (frame, h->mac, 6) == 0)
        {
          const guint8 *ip = frame + 14;
          guint hl = (ip[0] & 15u) * 4;
          guint total = (guint) (ip[2] << 8 | ip[3]);
          guint32 src = (guint32) ip[12] << 24 | (guint32) ip[13] << 16 | (guint32) ip[14] << 8 | ip[15];
          guint32 dst = (guint32) ip[16] << 24 | (guint32) ip[17] << 16 | (guint32) ip[18] << 8 | ip[19];

          if (dst == h->ip && ip[9] == 1 && ip[hl] == 8 && total <= len - 14)
            {
              g_autofree guint8 *icmp = g_memdup2 (ip + hl, total - hl);
              GByteArray *r;

              icmp[0] = 0;
              icmp[2] = icmp[3] = 0;
              put16 (icmp + 2, fwt_cksum (icmp, total - hl));
              r = fwt_ip_packet (frame + 6, h->mac, h->ip, src, 1, 64, icmp, total - hl);
              fw_host_inject (nic, r->data, r->len);
              g_byte_array_unref (r);
            }
        }
    }
}

static void
ensure_hook (void)
{
  if (sent == NULL)
    {
      sent = g_ptr_array_new ();
      fw_host_set_tx_hook (tx_hook, NULL);
    }
}

void
fwt_sim_host (guint       nic,
              const char *mac,
              const char *ip)
{
  SimHost *h = g_new0 (SimHost, 1);

  ensure_hook ();
  h->nic = nic;
  fwt_mac_parse (mac, h->mac);
  h->ip = fwt_ip (ip);
  if (sim_hosts == NULL)
    sim_hosts = g_ptr_array_new ();
  g_ptr_array_add (sim_hosts, h);
}

GPtrArray *
fwt_sent (void)
{
  ensure_hook ();
  return sent;
}

void
fwt_sent_clear (void)
{
  ensure_hook ();
  g_mutex_lock (&sim_lock);
  for (guint i = 0; i < sent->len; i++)
    {
      FwtSent *s = sent->pdata[i];

      g_bytes_unref (s->frame);
      g_free (s);
    }
  g_ptr_array_set_size (sent, 0);
  g_mutex_unlock (&sim_lock);
}

GPtrArray *
fwt_sent_filter (guint   nic,
                 guint16 type,
                 guint8  proto)
{
  GPtrArray *out = g_ptr_array_new ();

  ensure_hook ();
  g_mutex_lock (&sim_lock);
  for (guint i = 0; i < sent->len; i++)
    {
      FwtSent *s = sent->pdata[i];
      gsize len;
      const guint8 *f = g_bytes_get_data (s->frame, &len);
      guint16 t;
      guint off = 14;

      if (s->nic != nic || len < 14)
        continue;
      t = (guint16) (f[12] << 8 | f[13]);
      if (t == 0x8100 && len >= 18)
        {
          t = (guint16) (f[16] << 8 | f[17]);
          off = 18;
        }
      if (t != type)
        continue;
      if (proto && (len < off + 20 || f[off + 9] != proto))
        continue;
      g_ptr_array_add (out, s);
    }
  g_mutex_unlock (&sim_lock);
  return out;
}

void
fwt_add_responder (FwHostTxHook fn,
                   void        *data)
{
  ensure_hook ();
  extra_hook = fn;
  extra_data = data;
}

guint
fwt_l3_offset (const guint8 *f)
{
  return (f[12] == 0x81 && f[13] == 0x00) ? 18 : 14;
}

guint16
fwt_get16 (const guint8 *p)
{
  return (guint16) (p[0] << 8 | p[1]);
}

guint32
fwt_get32 (const guint8 *p)
{
  return (guint32) p[0] << 24 | (guint32) p[1] << 16 | (guint32) p[2] << 8 | p[3];
}

void
fwt_assert_in (const char *hay,
               const char *needle)
{
  if (strstr (hay, needle) == NULL)
    g_error ("expected \"%s\" in:\n%s", needle, hay);
}

void
fwt_assert_not_in (const char *hay,
                   const char *needle)
{
  if (strstr (hay, needle) != NULL)
    g_error ("did not expect \"%s\" in:\n%s", needle, hay);
}
