/* fw-if.c: the router's interfaces
 *
 * Copyright 2026 The Wirelab authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#define G_LOG_DOMAIN "wirelab-fw"

#include "config.h"

#include "fw.h"
#include "fw-cli.h"
#include "fw-if.h"
#include "fw-net.h"
#include "fw-rip.h"
#include "fw-route.h"

FwIf fw_ifs[FW_IF_MAX];
FwIfType fw_if_types[8];
int fw_if_n_types;
int16_t fw_if_by_nic[64];
int16_t fw_if_native_by_nic[64];

/* (NIC, VLAN) to subinterface: open addressing, rebuilt on every change. */
#define VLAN_SLOTS 512
static struct
{
  int16_t  ifindex;
  uint16_t vlan;
  uint8_t  nic;
} vlan_map[VLAN_SLOTS];

static unsigned
vlan_hash (uint32_t nic,
           uint16_t vlan)
{
  return (nic * 97u + vlan * 31u) & (VLAN_SLOTS - 1);
}

static void
vlan_rebuild (void)
{
  for (int i = 0; i < VLAN_SLOTS; i++)
    vlan_map[i].ifindex = -1;
  for (int i = 0; i < 64; i++)
    fw_if_native_by_nic[i] = -1;
  for (int i = 0; i < FW_IF_MAX; i++)
    if (fw_ifs[i].used && fw_ifs[i].kind == FW_IF_SUB && fw_ifs[i].vlan)
      {
        unsigned h = vlan_hash (fw_ifs[i].nic, fw_ifs[i].vlan);

        while (vlan_map[h].ifindex >= 0)
          h = (h + 1) & (VLAN_SLOTS - 1);
        vlan_map[h].ifindex = (int16_t) i;
        vlan_map[h].vlan = fw_ifs[i].vlan;
        vlan_map[h].nic = (uint8_t) fw_ifs[i].nic;
        if (fw_ifs[i].native)
          fw_if_native_by_nic[fw_ifs[i].nic] = (int16_t) i;
      }
}

/* What each interface last announced: link and line protocol. */
static int8_t shown_link[FW_IF_MAX];    /* 0 down, 1 up, 2 administratively down */
static int8_t shown_proto[FW_IF_MAX];

static const struct
{
  const char *name, *help;
} type_help[] = {
  { "Ethernet", "IEEE 802.3" },
  { "FastEthernet", "FastEthernet IEEE 802.3" },
  { "GigabitEthernet", "GigabitEthernet IEEE 802.3z" },
  { "Loopback", "Loopback interface" },
};

static int
add_type (const char *name,
          size_t      len,
          bool        physical)
{
  for (int t = 0; t < fw_if_n_types; t++)
    if (strlen (fw_if_types[t].name) == len && memcmp (fw_if_types[t].name, name, len) == 0)
      return t;
  if (fw_if_n_types == (int) FW_N_ELEMENTS (fw_if_types))
    return -1;
  fw_if_types[fw_if_n_types].name = fw_strndup (name, len);
  fw_if_types[fw_if_n_types].help = "";
  for (size_t i = 0; i < FW_N_ELEMENTS (type_help); i++)
    if (strcmp (type_help[i].name, fw_if_types[fw_if_n_types].name) == 0)
      fw_if_types[fw_if_n_types].help = type_help[i].help;
  fw_if_types[fw_if_n_types].physical = physical;
  return fw_if_n_types++;
}

/* Normalises "00/01.010" to "0/1.10"; false if malformed. */
static bool
normalize_number (const char *in,
                  bool        physical,
                  char       *out,
                  size_t      size)
{
  size_t n = 0;
  bool dot = false;

  while (*in)
    {
      uint32_t v;
      size_t len = 0;

      while (fw_isdigit (in[len]))
        len++;
      if (len == 0 || !fw_parse_u32 (in, len, 10, &v))
        return false;
      n += (size_t) fw_snprintf (out + n, n < size ? size - n : 0, "%u", v);
      in += len;
      if (*in == '\0')
        break;
      if (!physical || dot || (*in != '/' && *in != '.'))
        return false;
      if (*in == '.')
        dot = true;
      if (n + 1 < size)
        out[n] = *in;
      n++;
      in++;
      if (*in == '\0')
        return false;
    }
  if (n >= size)
    return false;
  out[n] = '\0';
  return n > 0;
}

bool
fw_if_split_name (const char  *name,
                  int         *type,
                  const char **number)
{
  size_t alpha = 0;
  int found = -1;

  while (name[alpha] && !fw_isdigit (name[alpha]) && name[alpha] != ' ')
    alpha++;
  if (alpha == 0)
    return false;
  for (int t = 0; t < fw_if_n_types; t++)
    if (alpha <= strlen (fw_if_types[t].name)
        && fw_strncasecmp (fw_if_types[t].name, name, alpha) == 0)
      {
        if (strlen (fw_if_types[t].name) == alpha)
          {
            found = t;
            break;
          }
        if (found >= 0)
          return false;         /* ambiguous abbreviation */
        found = t;
      }
  if (found < 0)
    return false;
  while (name[alpha] == ' ')
    alpha++;
  *type = found;
  *number = name + alpha;
  return true;
}

void
fw_if_make_name (char       *buf,
                 size_t      size,
                 int         type,
                 const char *number)
{
  char num[32];

  if (!normalize_number (number, fw_if_types[type].physical, num, sizeof num))
    fw_strlcpy (num, number, sizeof num);
  fw_snprintf (buf, size, "%s%s", fw_if_types[type].name, num);
}

int
fw_if_find (const char *name)
{
  char canon[FW_IF_NAME_MAX];
  const char *num;
  int t;

  if (!fw_if_split_name (name, &t, &num))
    return -1;
  fw_if_make_name (canon, sizeof canon, t, num);
  for (int i = 0; i < FW_IF_MAX; i++)
    if (fw_ifs[i].used && fw_strcasecmp (fw_ifs[i].name, canon) == 0)
      return i;
  return -1;
}

static int
alloc_if (void)
{
  for (int i = 0; i < FW_IF_MAX; i++)
    if (!fw_ifs[i].used)
      {
        memset (&fw_ifs[i], 0, sizeof fw_ifs[i]);
        fw_ifs[i].used = true;
        fw_ifs[i].parent = -1;
        shown_link[i] = -1;
        shown_proto[i] = -1;
        return i;
      }
  return -1;
}

void
fw_if_init (void)
{
  memset (fw_ifs, 0, sizeof fw_ifs);
  fw_if_n_types = 0;
  for (int i = 0; i < 64; i++)
    fw_if_by_nic[i] = -1;

  for (uint32_t b = 0; b < fw_board.n_ifaces && b < HAL_MAX_IFACES; b++)
    {
      const HalIface *hi = &fw_board.ifaces[b];
      size_t alpha = 0;
      int t, i;

      while (hi->name[alpha] && !fw_isdigit (hi->name[alpha]))
        alpha++;
      if (alpha == 0 || hi->nic >= 64 || (t = add_type (hi->name, alpha, true)) < 0
          || (i = alloc_if ()) < 0)
        continue;
      fw_ifs[i].kind = FW_IF_PHYS;
      fw_ifs[i].type = (uint8_t) t;
      fw_strlcpy (fw_ifs[i].name, hi->name, sizeof fw_ifs[i].name);
      fw_strlcpy (fw_ifs[i].number, hi->name + alpha, sizeof fw_ifs[i].number);
      fw_ifs[i].nic = hi->nic;
      memcpy (fw_ifs[i].mac, hi->mac, 6);
      fw_ifs[i].speed = hi->speed ? hi->speed : 100;
      fw_ifs[i].adapter = hi->adapter;
      fw_ifs[i].shutdown = true;
      fw_if_by_nic[hi->nic] = (int16_t) i;
      shown_link[i] = 2;
      shown_proto[i] = 0;
    }
  add_type ("Loopback", 8, false);
  vlan_rebuild ();
}

int
fw_if_get_or_create (const char *name)
{
  char canon[FW_IF_NAME_MAX], num[32], *dot;
  const char *number;
  int t, i, base;
  uint32_t v;

  if ((i = fw_if_find (name)) >= 0)
    return i;
  if (!fw_if_split_name (name, &t, &number)
      || !normalize_number (number, fw_if_types[t].physical, num, sizeof num))
    return -1;
  fw_snprintf (canon, sizeof canon, "%s%s", fw_if_types[t].name, num);

  if (!fw_if_types[t].physical)
    {
      if (!fw_parse_u32 (num, strlen (num), 10, &v) || v > 2147483647u || (i = alloc_if ()) < 0)
        return -1;
      fw_ifs[i].kind = FW_IF_LOOP;
      fw_ifs[i].type = (uint8_t) t;
      fw_ifs[i].subnum = v;
      fw_strlcpy (fw_ifs[i].name, canon, sizeof fw_ifs[i].name);
      fw_strlcpy (fw_ifs[i].number, num, sizeof fw_ifs[i].number);
      fw_ifs[i].speed = 8000;
      fw_ifs[i].last_change = fw_now ();
      fw_if_update (i);
      return i;
    }

  dot = strchr (num, '.');
  if (dot == NULL)
    return -1;
  *dot = '\0';
  fw_snprintf (canon, sizeof canon, "%s%s", fw_if_types[t].name, num);
  base = fw_if_find (canon);
  if (base < 0 || fw_ifs[base].kind != FW_IF_PHYS
      || !fw_parse_u32 (dot + 1, strlen (dot + 1), 10, &v) || v == 0 || (i = alloc_if ()) < 0)
    return -1;
  *dot = '.';
  fw_ifs[i].kind = FW_IF_SUB;
  fw_ifs[i].type = (uint8_t) t;
  fw_ifs[i].parent = (int16_t) base;
  fw_ifs[i].nic = fw_ifs[base].nic;
  fw_ifs[i].subnum = v;
  memcpy (fw_ifs[i].mac, fw_ifs[base].mac, 6);
  fw_ifs[i].speed = fw_ifs[base].speed;
  fw_ifs[i].adapter = fw_ifs[base].adapter;
  fw_snprintf (fw_ifs[i].name, sizeof fw_ifs[i].name, "%s%s", fw_if_types[t].name, num);
  fw_strlcpy (fw_ifs[i].number, num, sizeof fw_ifs[i].number);
  fw_ifs[i].last_change = fw_now ();
  fw_if_update (i);
  return i;
}

void
fw_if_delete (int i)
{
  if (i < 0 || i >= FW_IF_MAX || !fw_ifs[i].used || fw_ifs[i].kind == FW_IF_PHYS)
    return;
  fw_arp_flush_if (i);
  fw_free (fw_ifs[i].description);
  if (fw_ifs[i].kind == FW_IF_LOOP && fw_ifs[i].up && !cli.loading)
    {
      fw_log ("%%LINK-5-CHANGED: Interface %s, changed state to administratively down",
              fw_ifs[i].name);
      fw_log ("%%LINEPROTO-5-UPDOWN: Line protocol on Interface %s, changed state to down",
              fw_ifs[i].name);
    }
  memset (&fw_ifs[i], 0, sizeof fw_ifs[i]);
  vlan_rebuild ();
  fw_route_changed ();
  fw_rip_interfaces_changed ();
}

static int
sub_cmp (int a,
         int b)
{
  if (fw_ifs[a].subnum != fw_ifs[b].subnum)
    return fw_ifs[a].subnum < fw_ifs[b].subnum ? -1 : 1;
  return 0;
}

int
fw_if_sorted (int  *out,
              bool  loopbacks_first)
{
  int n = 0, loops_start;

  for (int pass = 0; pass < 2; pass++)
    {
      bool want_loops = (pass == 0) == loopbacks_first;

      if (want_loops)
        {
          loops_start = n;
          for (int i = 0; i < FW_IF_MAX; i++)
            if (fw_ifs[i].used && fw_ifs[i].kind == FW_IF_LOOP)
              {
                int j = n++;

                while (j > loops_start && sub_cmp (out[j - 1], i) > 0)
                  {
                    out[j] = out[j - 1];
                    j--;
                  }
                out[j] = i;
              }
          continue;
        }
      for (int p = 0; p < FW_IF_MAX; p++)
        {
          int subs_start;

          if (!fw_ifs[p].used || fw_ifs[p].kind != FW_IF_PHYS)
            continue;
          out[n++] = p;
          subs_start = n;
          for (int i = 0; i < FW_IF_MAX; i++)
            if (fw_ifs[i].used && fw_ifs[i].kind == FW_IF_SUB && fw_ifs[i].parent == p)
              {
                int j = n++;

                while (j > subs_start && sub_cmp (out[j - 1], i) > 0)
                  {
                    out[j] = out[j - 1];
                    j--;
                  }
                out[j] = i;
              }
        }
    }
  return n;
}

int
fw_if_find_vlan (uint32_t nic,
                 uint16_t vlan)
{
  for (unsigned h = vlan_hash (nic, vlan); vlan_map[h].ifindex >= 0; h = (h + 1) & (VLAN_SLOTS - 1))
    if (vlan_map[h].nic == nic && vlan_map[h].vlan == vlan)
      return vlan_map[h].ifindex;
  return -1;
}

static void
announce (int i)
{
  FwIf *f = &fw_ifs[i];
  int link, proto;

  if (f->kind == FW_IF_SUB)
    return;
  link = f->shutdown ? 2 : (f->kind == FW_IF_LOOP || f->carrier) ? 1 : 0;
  proto = f->up ? 1 : 0;
  if (link != shown_link[i])
    {
      if (link == 2)
        fw_log ("%%LINK-5-CHANGED: Interface %s, changed state to administratively down", f->name);
      else if (shown_link[i] >= 0 || link == 1)
        fw_log ("%%LINK-3-UPDOWN: Interface %s, changed state to %s", f->name,
                link ? "up" : "down");
      shown_link[i] = (int8_t) link;
    }
  if (proto != shown_proto[i])
    {
      if (shown_proto[i] >= 0 || proto == 1)
        fw_log ("%%LINEPROTO-5-UPDOWN: Line protocol on Interface %s, changed state to %s",
                f->name, proto ? "up" : "down");
      shown_proto[i] = (int8_t) proto;
    }
}

void
fw_if_update (int i)
{
  FwIf *f = &fw_ifs[i];
  bool up;

  if (!f->used)
    return;
  switch (f->kind)
    {
    case FW_IF_PHYS:
      up = !f->shutdown && f->carrier;
      break;
    case FW_IF_SUB:
      up = !f->shutdown && fw_ifs[f->parent].up;
      break;
    default:
      up = !f->shutdown;
      break;
    }
  if (up != f->up)
    {
      f->up = up;
      f->last_change = fw_now ();
      if (!up)
        fw_arp_flush_if (i);
      fw_route_changed ();
      fw_rip_interfaces_changed ();
      if (up && f->addr)
        fw_arp_gratuitous (i);
    }
  announce (i);
  if (f->kind == FW_IF_PHYS)
    for (int s = 0; s < FW_IF_MAX; s++)
      if (fw_ifs[s].used && fw_ifs[s].kind == FW_IF_SUB && fw_ifs[s].parent == i)
        fw_if_update (s);
}

void
fw_if_set_shutdown (int  i,
                    bool shutdown)
{
  if (fw_ifs[i].shutdown == shutdown)
    return;
  fw_ifs[i].shutdown = shutdown;
  fw_if_update (i);
}

void
fw_if_set_address (int      i,
                   uint32_t addr,
                   uint32_t mask,
                   uint8_t  method)
{
  FwIf *f = &fw_ifs[i];

  f->method = method;
  if (f->addr == addr && f->mask == mask)
    return;
  fw_arp_flush_if (i);
  f->addr = addr;
  f->mask = mask;
  fw_route_changed ();
  fw_rip_interfaces_changed ();
  if (f->up && addr)
    fw_arp_gratuitous (i);
}

void
fw_if_set_vlan (int      i,
                uint16_t vlan,
                bool     native)
{
  fw_ifs[i].vlan = vlan;
  fw_ifs[i].native = native;
  vlan_rebuild ();
  fw_arp_flush_if (i);
  fw_route_changed ();
}

void
fw_if_set_carrier (int  i,
                   bool carrier)
{
  if (fw_ifs[i].carrier == carrier)
    return;
  fw_ifs[i].carrier = carrier;
  fw_if_update (i);
}

const char *
fw_if_status_text (int i)
{
  const FwIf *f = &fw_ifs[i];

  if (f->shutdown)
    return "administratively down";
  if (f->kind == FW_IF_SUB)
    {
      if (fw_ifs[f->parent].shutdown)
        return "administratively down";
      return fw_ifs[f->parent].up ? "up" : "down";
    }
  if (f->kind == FW_IF_PHYS && !f->carrier)
    return "down";
  return "up";
}

const char *
fw_if_proto_text (int i)
{
  return fw_ifs[i].up ? "up" : "down";
}

int
fw_if_for_subnet (uint32_t addr)
{
  for (int i = 0; i < FW_IF_MAX; i++)
    if (fw_ifs[i].used && fw_ifs[i].up && fw_ifs[i].addr
        && ((addr ^ fw_ifs[i].addr) & fw_ifs[i].mask) == 0)
      return i;
  return -1;
}

int
fw_if_for_local (uint32_t addr)
{
  for (int i = 0; i < FW_IF_MAX; i++)
    if (fw_ifs[i].used && fw_ifs[i].up && fw_ifs[i].addr == addr)
      return i;
  return -1;
}

#define RATE_STEP_MS 5000

/* One 5 s step of the load-interval-300 average: the new sample weighs
 * 1 - exp(-5/300), about 2/121. */
static uint64_t
rate_step (uint64_t rate,
           uint64_t sample)
{
  int64_t diff = (int64_t) sample - (int64_t) rate;

  return (uint64_t) ((int64_t) rate + diff * 2 / 121);
}

/* Counted since the last step, per second over span ms, in 1/256 units. */
static uint64_t
per_second (uint32_t now,
            uint32_t then,
            uint64_t span)
{
  return (uint64_t) (uint32_t) (now - then) * 256000 / span;
}

void
fw_if_rates_update (FwIf     *f,
                    uint64_t  now)
{
  FwIfRates *r = &f->rates;
  uint64_t *rates[4] = { &r->in_bps, &r->in_pps, &r->out_bps, &r->out_pps };
  uint64_t samples[4], steps, span;

  if (now < r->at + RATE_STEP_MS)
    return;
  steps = (now - r->at) / RATE_STEP_MS;
  span = steps * RATE_STEP_MS;
  /* Frames counted since the last step are spread evenly over the steps
   * missed: the average is computed only when someone looks. */
  samples[0] = per_second (f->cnt.in_bytes, r->seen.in_bytes, span) * 8;
  samples[1] = per_second (f->cnt.in_pkts, r->seen.in_pkts, span);
  samples[2] = per_second (f->cnt.out_bytes, r->seen.out_bytes, span) * 8;
  samples[3] = per_second (f->cnt.out_pkts, r->seen.out_pkts, span);
  for (unsigned k = 0; k < 4; k++)
    {
      /* After hours, what came before has decayed to nothing. */
      if (steps > 2000)
        *rates[k] = samples[k];
      else
        for (uint64_t i = 0; i < steps; i++)
          *rates[k] = rate_step (*rates[k], samples[k]);
    }
  r->seen = f->cnt;
  r->at += span;
}

void
fw_if_clear_counters (FwIf *f)
{
  memset (&f->cnt, 0, sizeof f->cnt);
  memset (&f->rates, 0, sizeof f->rates);
  f->rates.at = fw_now ();
}
