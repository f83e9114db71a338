/* fuzz-net-frames.c: libFuzzer target for the switches' data planes
 *
 * Copyright 2026 The Wirelab authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * An input is a lab and the frames its links carry.  An in-process hypervisor
 * (net modules only) holds an ethsw on ports e0..e5, a nio_bridge on h0..h2,
 * a frsw on f0..f3, an atmsw on a0..a3 and an atm_bridge (be Ethernet, ba
 * ATM); every port is a capture NIO of this file, registered as a NIO, whose
 * sends are recorded.  Layout (missing bytes read as 0):
 *
 *   ethsw     6 x [mode][vlan:2]  mode & 3: access, dot1q, qinq, access;
 *                                 mode & 4: VLAN 12 bits, else vlan_lo % 4;
 *                                 (mode >> 3) & 3: QinQ ethertype
 *   frsw      [n] 8 x [in][dlci:2][out][dlci:2]   the first n % 9 VCs
 *   atmsw     [n] 4 x [in|0x80 vcc][vpi][vci:2][out][vpi][vci:2]  n % 5
 *   bridge    [vpi][vci:2]
 *   frames    [port][len:2][bytes] ...  port % 19 picks the receiving NIO
 *
 * Each frame is delivered as the I/O thread would (wl_nio_deliver under the
 * NIO's rx_lock) and what comes out is checked:
 *  - ethsw: never out of its input port; each output is the frame, the frame
 *    with one 802.1Q tag pushed after the MACs (VLAN = the frame's VLAN,
 *    never 0) or the frame with that tag popped; an access port only gets
 *    frames of its VLAN and never a pushed tag;
 *  - hub: the frame unchanged, once to each other member;
 *  - frsw: LMI answers (DLCI 0) only back to the asking port, listing only
 *    that port's configured DLCIs; data frames only through a configured VC,
 *    same length, only the DLCI bits changed, to the VC's output DLCI;
 *  - atmsw: 53-byte cells through a configured VPC/VCC, payload, PTI and CLP
 *    kept, the HEC right;
 *  - atm_bridge: cells of the configured VC with a right HEC, the last one
 *    marked end of PDU, as many as the AAL5 PDU needs; Ethernet frames out
 *    are 14 bytes at least and fit the PDU.
 * Plus no crash, leak or UB (ASan, UBSan, libFuzzer's leak check).
 */

#define G_LOG_DOMAIN "wirelab-fuzz"

#include "config.h"

#include <stdint.h>
#include <string.h>

#include "net/atm.h"
#include "net/nio-private.h"
#include "protocol/hv-private.h"

int LLVMFuzzerTestOneInput (const uint8_t *data,
                            size_t         size);

enum
{
  N_ETH = 6,
  N_HUB = 3,
  N_FR = 4,
  N_ATM = 4,
  FIRST_HUB = N_ETH,
  FIRST_FR = FIRST_HUB + N_HUB,
  FIRST_ATM = FIRST_FR + N_FR,
  BR_ETH = FIRST_ATM + N_ATM,
  BR_ATM,
  N_PORTS,
  FR_VCS = 8,
  ATM_VCS = 4,
};

#define TAG_LEN 4

static const guint16 qinq_types[] = { 0x8100, 0x88a8, 0x9100, 0x9200 };

/* A NIO that keeps what is sent through it. */
typedef struct
{
  wl_nio_t parent;
  guint    index;
} CaptureNio;

typedef struct
{
  guint   port;
  GBytes *frame;
} Sent;

static GArray *sent;   /* Sent, since the last frame delivered */

static guint
capture_recv (wl_nio_t  *nio,
              WlRxBatch *batch,
              guint      max)
{
  return 0;
}

static guint
capture_send (wl_nio_t           *nio,
              const struct iovec *frames,
              guint               n)
{
  for (guint i = 0; i < n; i++)
    {
      Sent s = { ((CaptureNio *) nio)->index, g_bytes_new (frames[i].iov_base, frames[i].iov_len) };

      g_array_append_val (sent, s);
    }
  return n;
}

static const WlNioClass capture_class = {
  .type = "capture",
  .recv = capture_recv,
  .send = capture_send,
};

static void
capture_destroy (gpointer data)
{
  wl_nio_close (data);
  wl_nio_unref (data);
}

static void
clear_sent (void)
{
  for (guint i = 0; i < sent->len; i++)
    g_bytes_unref (g_array_index (sent, Sent, i).frame);
  g_array_set_size (sent, 0);
}

/* The input, read with zeros past its end. */
typedef struct
{
  const uint8_t *data;
  size_t         size;
  size_t         pos;
} Reader;

static guint
take8 (Reader *r)
{
  return r->pos < r->size ? r->data[r->pos++] : (r->pos++, 0);
}

static guint
take16 (Reader *r)
{
  guint hi = take8 (r);

  return (hi << 8) | take8 (r);
}

/* The lab as configured: what the checks compare against. */
typedef struct
{
  guint type[N_ETH];
  guint vlan[N_ETH];
  gboolean fr_vc[N_FR][1024];     /* [in port][in DLCI] configured */
  guint fr_out[N_FR][1024][2];    /* its output port, DLCI */
  struct
  {
    gboolean vcc;
    guint    in, in_vpi, in_vci, out, out_vpi, out_vci;
  } atm[ATM_VCS];
  guint n_atm;
  guint br_vpi, br_vci;
} Lab;

static char *
port_name (guint index)
{
  if (index < FIRST_HUB)
    return g_strdup_printf ("e%u", index);
  if (index < FIRST_FR)
    return g_strdup_printf ("h%u", index - FIRST_HUB);
  if (index < FIRST_ATM)
    return g_strdup_printf ("f%u", index - FIRST_FR);
  if (index < BR_ETH)
    return g_strdup_printf ("a%u", index - FIRST_ATM);
  return g_strdup (index == BR_ETH ? "be" : "ba");
}

static guint
run (WirelabHypervisor *hv,
     const char        *format,
     ...) G_GNUC_PRINTF (2, 3);

static guint
run (WirelabHypervisor *hv,
     const char        *format,
     ...)
{
  g_autoptr(GString) out = g_string_new (NULL);
  g_autofree char *line = NULL;
  va_list args;

  va_start (args, format);
  line = g_strdup_vprintf (format, args);
  va_end (args);
  return wl_hv_run_line (hv, line, strlen (line), out);
}

static void
configure (WirelabHypervisor *hv,
           Reader            *r,
           Lab               *lab)
{
  guint n;

  g_assert (run (hv, "ethsw create sw") == 100);
  for (guint i = 0; i < N_ETH; i++)
    {
      guint mode = take8 (r);
      guint v = take16 (r);
      static const char *const cmd[] = { "set_access_port", "set_dot1q_port", "set_qinq_port",
                                         "set_access_port" };

      lab->type[i] = (mode & 3) == 3 ? 0 : mode & 3;
      lab->vlan[i] = (mode & 4) ? v & 0xfff : (v & 0xff) % 4;
      g_assert (run (hv, "ethsw add_nio sw e%u", i) == 100);
      if (lab->type[i] == 2)
        g_assert (run (hv, "ethsw %s sw e%u %u 0x%04x", cmd[mode & 3], i, lab->vlan[i],
                       qinq_types[(mode >> 3) & 3]) == 100);
      else
        g_assert (run (hv, "ethsw %s sw e%u %u", cmd[mode & 3], i, lab->vlan[i]) == 100);
    }

  g_assert (run (hv, "nio_bridge create hub") == 100);
  for (guint i = 0; i < N_HUB; i++)
    g_assert (run (hv, "nio_bridge add_nio hub h%u", i) == 100);

  g_assert (run (hv, "frsw create fr") == 100);
  n = take8 (r) % (FR_VCS + 1);
  for (guint i = 0; i < FR_VCS; i++)
    {
      guint in = take8 (r) % N_FR, in_dlci = take16 (r) % 1024;
      guint out = take8 (r) % N_FR, out_dlci = take16 (r) % 1024;
      guint code;

      if (i >= n)
        continue;
      code = run (hv, "frsw create_vc fr f%u %u f%u %u", in, in_dlci, out, out_dlci);
      /* DLCI 0 is LMI's, refused; a DLCI taken on that port too. */
      g_assert (code == (in_dlci == 0 || out_dlci == 0 || lab->fr_vc[in][in_dlci] ? 205 : 100));
      if (code == 100)
        {
          lab->fr_vc[in][in_dlci] = TRUE;
          lab->fr_out[in][in_dlci][0] = out;
          lab->fr_out[in][in_dlci][1] = out_dlci;
        }
    }

  g_assert (run (hv, "atmsw create atm") == 100);
  n = take8 (r) % (ATM_VCS + 1);
  for (guint i = 0; i < ATM_VCS; i++)
    {
      guint a = take8 (r), in_vpi = take8 (r), in_vci = take16 (r);
      guint out = take8 (r) % N_ATM, out_vpi = take8 (r), out_vci = take16 (r);
      gboolean vcc = (a & 0x80) != 0;

      if (i >= n)
        continue;
      if (vcc)
        {
          if (run (hv, "atmsw create_vcc atm a%u %u %u a%u %u %u", a % N_ATM, in_vpi, in_vci,
                   out, out_vpi, out_vci) != 100)
            continue;
        }
      else if (run (hv, "atmsw create_vpc atm a%u %u a%u %u", a % N_ATM, in_vpi, out,
                    out_vpi) != 100)
        continue;
      lab->atm[lab->n_atm].vcc = vcc;
      lab->atm[lab->n_atm].in = a % N_ATM;
      lab->atm[lab->n_atm].in_vpi = in_vpi;
      lab->atm[lab->n_atm].in_vci = vcc ? in_vci : 0;
      lab->atm[lab->n_atm].out = out;
      lab->atm[lab->n_atm].out_vpi = out_vpi;
      lab->atm[lab->n_atm].out_vci = vcc ? out_vci : 0;
      lab->n_atm++;
    }

  lab->br_vpi = take8 (r);
  lab->br_vci = take16 (r);
  g_assert (run (hv, "atm_bridge create br") == 100);
  g_assert (run (hv, "atm_bridge configure br be ba %u %u", lab->br_vpi, lab->br_vci) == 100);
}

static gboolean
is_tag_type (guint16 type)
{
  return type == 0x8100 || type == 0x9100 || type == 0x9200 || type == 0x88a8;
}

static guint16
get16 (const guint8 *p)
{
  return (p[0] << 8) | p[1];
}

static void
check_ethsw (const Lab    *lab,
             guint         in,
             const guint8 *frame,
             gsize         len)
{
  gboolean tagged = lab->type[in] == 1 && len >= 18 && is_tag_type (get16 (frame + 12));
  guint vlan = tagged ? get16 (frame + 14) & 0xfff : lab->vlan[in];

  for (guint i = 0; i < sent->len; i++)
    {
      const Sent *s = &g_array_index (sent, Sent, i);
      gsize olen;
      const guint8 *out = g_bytes_get_data (s->frame, &olen);
      gboolean same, pushed, popped;

      g_assert (len >= 14 && vlan != 0);
      g_assert (s->port < N_ETH);
      g_assert (s->port != in);
      g_assert (olen <= len + TAG_LEN);
      same = olen == len && memcmp (out, frame, len) == 0;
      pushed = olen == len + TAG_LEN && memcmp (out, frame, 12) == 0 &&
               memcmp (out + 16, frame + 12, len - 12) == 0 &&
               is_tag_type (get16 (out + 12)) && (get16 (out + 14) & 0xfff) == vlan;
      popped = len >= 18 && olen == len - TAG_LEN && memcmp (out, frame, 12) == 0 &&
               memcmp (out + 12, frame + 16, len - 16) == 0 && is_tag_type (get16 (frame + 12));
      g_assert (same || pushed || popped);
      if (lab->type[s->port] == 0)
        {
          g_assert (!pushed || same || popped);   /* never a tag added */
          g_assert (olen <= len);
          g_assert (lab->vlan[s->port] == vlan);
          /* An untagged frame reaches an access port untagged. */
          if (!is_tag_type (get16 (frame + 12)))
            g_assert (!is_tag_type (get16 (out + 12)));
        }
    }
}

static void
check_hub (guint         in,
           const guint8 *frame,
           gsize         len)
{
  guint seen = 0;

  g_assert (sent->len == N_HUB - 1);
  for (guint i = 0; i < sent->len; i++)
    {
      const Sent *s = &g_array_index (sent, Sent, i);
      gsize olen;
      const guint8 *out = g_bytes_get_data (s->frame, &olen);

      g_assert (s->port >= FIRST_HUB && s->port < FIRST_FR && s->port != in);
      g_assert (!(seen & (1u << s->port)));
      seen |= 1u << s->port;
      g_assert (olen == len && (len == 0 || memcmp (out, frame, len) == 0));
    }
}

static guint
fr_dlci (const guint8 *p)
{
  return ((p[0] >> 2) << 4) | (p[1] >> 4);
}

static void
check_lmi (const Lab    *lab,
           guint         port,
           const guint8 *out,
           gsize         olen)
{
  static const guint8 hdr[] = { 0x00, 0x01, 0x03, 0x08, 0x00, 0x7d };
  gsize p = sizeof hdr;

  g_assert (olen >= sizeof hdr && memcmp (out, hdr, sizeof hdr) == 0);
  g_assert (olen <= sizeof hdr + 1 + 3 + 4 + 5 * 1023);
  if (olen > p && out[p] == 0x95)
    p++;
  while (p < olen)
    {
      g_assert (p + 2 <= olen && p + 2 + out[p + 1] <= olen);
      if (out[p] == 0x07 || out[p] == 0x57)
        {
          guint dlci;

          g_assert (out[p + 1] == 3);
          dlci = ((out[p + 2] & 0x3f) << 4) | ((out[p + 3] >> 3) & 0x0f);
          g_assert (lab->fr_vc[port][dlci]);
        }
      p += 2 + out[p + 1];
    }
}

static void
check_frsw (const Lab    *lab,
            guint         in,
            const guint8 *frame,
            gsize         len)
{
  guint dlci = len >= 2 ? fr_dlci (frame) : 0;

  g_assert (sent->len <= 1);
  for (guint i = 0; i < sent->len; i++)
    {
      const Sent *s = &g_array_index (sent, Sent, i);
      gsize olen;
      const guint8 *out = g_bytes_get_data (s->frame, &olen);

      g_assert (len >= 2);
      g_assert (s->port >= FIRST_FR && s->port < FIRST_ATM);
      if (dlci == 0)
        {
          g_assert (s->port == in);
          check_lmi (lab, in - FIRST_FR, out, olen);
          continue;
        }
      g_assert (lab->fr_vc[in - FIRST_FR][dlci]);
      g_assert (s->port - FIRST_FR == lab->fr_out[in - FIRST_FR][dlci][0]);
      g_assert (olen == len);
      g_assert (fr_dlci (out) == lab->fr_out[in - FIRST_FR][dlci][1]);
      g_assert ((out[0] & 0x03) == (frame[0] & 0x03) && (out[1] & 0x0f) == (frame[1] & 0x0f));
      g_assert (memcmp (out + 2, frame + 2, len - 2) == 0);
    }
}

static void
check_atmsw (const Lab    *lab,
             guint         in,
             const guint8 *cell,
             gsize         len)
{
  g_assert (sent->len <= 1);
  for (guint i = 0; i < sent->len; i++)
    {
      const Sent *s = &g_array_index (sent, Sent, i);
      gsize olen;
      const guint8 *out = g_bytes_get_data (s->frame, &olen);
      guint vpi, vci;
      gboolean found = FALSE;

      g_assert (len == WL_ATM_CELL_SIZE && olen == WL_ATM_CELL_SIZE);
      g_assert (s->port >= FIRST_ATM && s->port < BR_ETH);
      g_assert (out[4] == wl_atm_hec (out));
      g_assert ((out[3] & 0x0f) == (cell[3] & 0x0f));
      g_assert (memcmp (out + WL_ATM_HDR_SIZE, cell + WL_ATM_HDR_SIZE, WL_ATM_PAYLOAD_SIZE) == 0);
      vpi = wl_atm_cell_vpi (cell);
      vci = wl_atm_cell_vci (cell);
      /* A path takes precedence over the channels under it. */
      for (guint pass = 0; pass < 2 && !found; pass++)
        for (guint v = 0; v < lab->n_atm && !found; v++)
          if (lab->atm[v].vcc == (pass == 1) && lab->atm[v].in == in - FIRST_ATM &&
              lab->atm[v].in_vpi == vpi && (!lab->atm[v].vcc || lab->atm[v].in_vci == vci))
            {
              found = TRUE;
              g_assert (s->port - FIRST_ATM == lab->atm[v].out);
              g_assert (wl_atm_cell_vpi (out) == lab->atm[v].out_vpi);
              g_assert (wl_atm_cell_vci (out) == (lab->atm[v].vcc ? lab->atm[v].out_vci : vci));
            }
      g_assert (found);
    }
}

static void
check_bridge (const Lab    *lab,
              guint         in,
              const guint8 *frame,
              gsize         len)
{
  if (in == BR_ETH)
    {
      /* RFC 1483 header, frame, AAL5 trailer, padded to whole cells; too
       * long for AAL5's length field: dropped. */
      gsize cells = len + 10 > G_MAXUINT16 ? 0 :
                    (len + 10 + 8 + WL_ATM_PAYLOAD_SIZE - 1) / WL_ATM_PAYLOAD_SIZE;

      g_assert (sent->len == cells);
      for (guint i = 0; i < sent->len; i++)
        {
          const Sent *s = &g_array_index (sent, Sent, i);
          gsize olen;
          const guint8 *out = g_bytes_get_data (s->frame, &olen);

          g_assert (s->port == BR_ATM && olen == WL_ATM_CELL_SIZE);
          g_assert (out[4] == wl_atm_hec (out));
          g_assert (wl_atm_cell_vpi (out) == lab->br_vpi && wl_atm_cell_vci (out) == lab->br_vci);
          g_assert (((out[3] & 0x02) != 0) == (i + 1 == sent->len));
        }
      return;
    }

  g_assert (sent->len <= 1);
  for (guint i = 0; i < sent->len; i++)
    {
      const Sent *s = &g_array_index (sent, Sent, i);

      g_assert (len == WL_ATM_CELL_SIZE && (frame[3] & 0x02));
      g_assert (wl_atm_cell_vpi (frame) == lab->br_vpi && wl_atm_cell_vci (frame) == lab->br_vci);
      g_assert (s->port == BR_ETH);
      g_assert (g_bytes_get_size (s->frame) >= 14);
      g_assert (g_bytes_get_size (s->frame) <= WL_NIO_MAX_FRAME);
    }
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(WirelabHypervisor) hv = NULL;
  g_autofree Lab *lab = g_new0 (Lab, 1);
  wl_nio_t *nios[N_PORTS];
  Reader r = { data, size, 0 };

  if (sent == NULL)
    sent = g_array_new (FALSE, FALSE, sizeof (Sent));

  hv = wl_hv_new_without_emulator ();
  wl_hv_set_sandboxed (hv, TRUE);
  for (guint i = 0; i < N_PORTS; i++)
    {
      CaptureNio *c = g_new0 (CaptureNio, 1);
      g_autofree char *name = port_name (i);

      wl_nio_init (&c->parent, &capture_class, name, -1);
      c->index = i;
      nios[i] = &c->parent;
      g_assert (wl_hv_object_add (hv, WL_HV_OBJ_NIO, name, nios[i], capture_destroy));
    }
  configure (hv, &r, lab);

  while (r.pos < size)
    {
      guint in = take8 (&r) % N_PORTS;
      gsize len = take16 (&r);
      g_autofree guint8 *frame = NULL;
      g_autofree guint8 *orig = NULL;

      if (r.pos > size)
        break;
      len = MIN (len, size - r.pos);
      /* The consumer may rewrite the frame in place (nio.h): keep the
       * original to compare with. */
      frame = g_malloc (len + 1);   /* never NULL, even empty */
      orig = g_malloc (len + 1);
      memcpy (frame, data + r.pos, len);
      memcpy (orig, data + r.pos, len);
      r.pos += len;

      g_mutex_lock (&nios[in]->rx_lock);
      wl_nio_deliver (nios[in], frame, len, WL_NIO_STAGE_ALL);
      g_mutex_unlock (&nios[in]->rx_lock);

      if (in < FIRST_HUB)
        check_ethsw (lab, in, orig, len);
      else if (in < FIRST_FR)
        check_hub (in, orig, len);
      else if (in < FIRST_ATM)
        check_frsw (lab, in, orig, len);
      else if (in < BR_ETH)
        check_atmsw (lab, in, orig, len);
      else
        check_bridge (lab, in, orig, len);
      clear_sent ();
    }

  /* Disposing deletes every object; the I/O thread frees what it holds. */
  g_clear_object (&hv);
  wl_net_sync ();
  return 0;
}
