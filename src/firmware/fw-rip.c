/* fw-rip.c: RIP version 1 and 2 as IOS runs it
 *
 * Copyright 2026 The Wirelab authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * Like IOS, a learned route keeps the metric it was advertised with ("in 1
 * hops") and one hop is added when it is advertised on.  A route not
 * refreshed for the invalid time, or advertised as unreachable by its source,
 * is "possibly down": it stops forwarding, is advertised with metric 16, is
 * held down (better offers from other sources are ignored) and is flushed
 * once the flush time has passed since its last good update.  Updates go out
 * every update interval (a little jitter), and changes trigger a partial
 * update within a second.  Split horizon without poisoned reverse.
 */

#define G_LOG_DOMAIN "wirelab-fw"

#include "config.h"

#include "fw.h"
#include "fw-if.h"
#include "fw-net.h"
#include "fw-rip.h"
#include "fw-route.h"

FwRipConfig fw_rip;
FwRipRoute fw_rip_routes[FW_RIP_MAX_ROUTES];

static FwTimer update_timer, triggered_timer, age_timer;
static bool if_was_enabled[FW_IF_MAX];

/* Routing information sources (show ip protocols). */
#define MAX_SOURCES 32
static struct
{
  uint32_t addr;
  uint64_t last;
} sources[MAX_SOURCES];

static void send_updates (bool triggered, int only_if, uint32_t to, uint16_t to_port);
static void update_tick (void *data);
static void triggered_tick (void *data);
static void age_tick (void *data);

static uint64_t
sec_ms (uint32_t s)
{
  return (uint64_t) s * 1000u;
}

void
fw_rip_init (void)
{
  fw_timer_init (&update_timer, update_tick, NULL);
  fw_timer_init (&triggered_timer, triggered_tick, NULL);
  fw_timer_init (&age_timer, age_tick, NULL);
  fw_rip_reset ();
}

void
fw_rip_reset (void)
{
  fw_timer_cancel (&update_timer);
  fw_timer_cancel (&triggered_timer);
  fw_timer_cancel (&age_timer);
  memset (&fw_rip, 0, sizeof fw_rip);
  memset (fw_rip_routes, 0, sizeof fw_rip_routes);
  memset (sources, 0, sizeof sources);
  memset (if_was_enabled, 0, sizeof if_was_enabled);
  fw_rip.update_s = 30;
  fw_rip.invalid_s = 180;
  fw_rip.holddown_s = 180;
  fw_rip.flush_s = 240;
  fw_route_changed ();
}

bool
fw_rip_if_enabled (int i)
{
  const FwIf *f = &fw_ifs[i];
  uint32_t major;

  if (!fw_rip.enabled || !f->used || !f->addr)
    return false;
  major = f->addr & fw_classful_mask (f->addr);
  for (int n = 0; n < fw_rip.n_networks; n++)
    if (fw_rip.networks[n] == major)
      return true;
  return false;
}

bool
fw_rip_if_passive (int i)
{
  for (int n = 0; n < fw_rip.n_passive; n++)
    if (fw_strcasecmp (fw_rip.passive[n], fw_ifs[i].name) == 0)
      return true;
  return false;
}

static int
find_route (uint32_t prefix,
            uint32_t mask)
{
  for (int i = 0; i < FW_RIP_MAX_ROUTES; i++)
    if (fw_rip_routes[i].used && fw_rip_routes[i].prefix == prefix && fw_rip_routes[i].mask == mask)
      return i;
  return -1;
}

static int
new_route (void)
{
  for (int i = 0; i < FW_RIP_MAX_ROUTES; i++)
    if (!fw_rip_routes[i].used)
      {
        memset (&fw_rip_routes[i], 0, sizeof fw_rip_routes[i]);
        fw_rip_routes[i].used = true;
        return i;
      }
  return -1;
}

static void
trigger (void)
{
  if (!fw_rip.enabled)
    return;
  if (!triggered_timer.armed)
    fw_timer_arm (&triggered_timer, fw_now () + 200 + hal_random () % 500);
}

static void
mark_down (FwRipRoute *r)
{
  if (r->metric >= FW_RIP_INFINITY && r->down_since)
    return;
  r->metric = FW_RIP_INFINITY;
  r->down_since = fw_now ();
  if (r->down_since == 0)
    r->down_since = 1;
  r->changed = true;
  fw_route_changed ();
  trigger ();
}

static void
arm_age (void)
{
  if (!age_timer.armed)
    fw_timer_arm (&age_timer, fw_now () + 1000);
}

static void
age_tick (void *data)
{
  uint64_t now = fw_now ();
  bool any = false;

  for (int i = 0; i < FW_RIP_MAX_ROUTES; i++)
    {
      FwRipRoute *r = &fw_rip_routes[i];

      if (!r->used || r->connected)
        continue;
      any = true;
      if (now - r->updated >= sec_ms (fw_rip.flush_s))
        {
          bool was_valid = r->metric < FW_RIP_INFINITY;

          memset (r, 0, sizeof *r);
          if (was_valid)
            fw_route_changed ();
          continue;
        }
      if (r->metric < FW_RIP_INFINITY && now - r->updated >= sec_ms (fw_rip.invalid_s))
        mark_down (r);
    }
  if (any)
    arm_age ();
}

/* Connected networks of the RIP interfaces belong to the database; a network
 * that goes away is advertised unreachable until flushed. */
static void
sync_connected (void)
{
  bool changed = false;

  for (int i = 0; i < FW_RIP_MAX_ROUTES; i++)
    {
      FwRipRoute *r = &fw_rip_routes[i];
      int ifi = r->ifindex;

      if (!r->used)
        continue;
      if (r->connected)
        {
          const FwIf *f = &fw_ifs[ifi];

          if (f->used && f->up && fw_rip_if_enabled (ifi) && (f->addr & f->mask) == r->prefix
              && f->mask == r->mask)
            continue;
          r->connected = false;
          r->gateway = 0;
          r->updated = fw_now ();
          r->down_since = 0;
          r->metric = 0;
          mark_down (r);
          /* flush after the flush time, counted from now */
          arm_age ();
          changed = true;
        }
      else if (r->metric < FW_RIP_INFINITY && (ifi < 0 || !fw_ifs[ifi].used || !fw_ifs[ifi].up))
        {
          mark_down (r);
          changed = true;
        }
    }
  for (int i = 0; i < FW_IF_MAX; i++)
    {
      const FwIf *f = &fw_ifs[i];
      int r;

      if (!f->used || !f->up || !fw_rip_if_enabled (i))
        continue;
      r = find_route (f->addr & f->mask, f->mask);
      if (r >= 0 && fw_rip_routes[r].connected)
        continue;
      if (r < 0 && (r = new_route ()) < 0)
        continue;
      fw_rip_routes[r].prefix = f->addr & f->mask;
      fw_rip_routes[r].mask = f->mask;
      fw_rip_routes[r].metric = 0;
      fw_rip_routes[r].gateway = 0;
      fw_rip_routes[r].ifindex = (int16_t) i;
      fw_rip_routes[r].connected = true;
      fw_rip_routes[r].down_since = 0;
      fw_rip_routes[r].updated = fw_now ();
      fw_rip_routes[r].changed = true;
      changed = true;
    }
  if (changed)
    {
      fw_route_changed ();
      trigger ();
    }
}

static void
send_request (int i)
{
  uint8_t buf[24];

  memset (buf, 0, sizeof buf);
  buf[0] = 1;
  buf[1] = fw_rip.version == 2 ? 2 : 1;
  if (fw_debug & FW_DEBUG_RIP)
    fw_log ("RIP: sending request on %s to %s", fw_ifs[i].name,
            fw_rip.version == 2 ? "224.0.0.9" : "255.255.255.255");
  fw_wr32 (buf + 20, FW_RIP_INFINITY);
  fw_udp_send (fw_ifs[i].addr, fw_rip.version == 2 ? FW_RIP_GROUP : 0xffffffffu, FW_RIP_PORT,
               FW_RIP_PORT, buf, sizeof buf, fw_rip.version == 2 ? 2 : 1, i);
}

void
fw_rip_interfaces_changed (void)
{
  if (!fw_rip.enabled)
    return;
  sync_connected ();
  for (int i = 0; i < FW_IF_MAX; i++)
    {
      bool en = fw_ifs[i].used && fw_ifs[i].up && fw_rip_if_enabled (i);

      if (en && !if_was_enabled[i] && !fw_rip_if_passive (i))
        send_request (i);
      if_was_enabled[i] = en;
    }
}

static void
update_tick (void *data)
{
  uint32_t jitter;

  if (!fw_rip.enabled)
    return;
  send_updates (false, -1, 0, 0);
  jitter = (uint32_t) (sec_ms (fw_rip.update_s) / 10);
  fw_timer_arm (&update_timer,
                fw_now () + sec_ms (fw_rip.update_s) - (jitter ? hal_random () % jitter : 0));
}

static void
triggered_tick (void *data)
{
  send_updates (true, -1, 0, 0);
}

void
fw_rip_config_changed (void)
{
  if (!fw_rip.enabled)
    return;
  if (!update_timer.armed)
    fw_timer_arm (&update_timer, fw_now () + 1000);
  else if (update_timer.when > fw_now () + sec_ms (fw_rip.update_s))
    fw_timer_arm (&update_timer, fw_now () + sec_ms (fw_rip.update_s));
  fw_rip_interfaces_changed ();
  fw_route_changed ();
  trigger ();
}

bool
fw_rip_network_add (uint32_t net)
{
  for (int n = 0; n < fw_rip.n_networks; n++)
    if (fw_rip.networks[n] == net)
      return true;
  if (fw_rip.n_networks == FW_RIP_MAX_NETS)
    return false;
  /* kept sorted: IOS lists them in order */
  {
    int n = fw_rip.n_networks++;

    while (n > 0 && fw_rip.networks[n - 1] > net)
      {
        fw_rip.networks[n] = fw_rip.networks[n - 1];
        n--;
      }
    fw_rip.networks[n] = net;
  }
  fw_rip_config_changed ();
  return true;
}

bool
fw_rip_network_del (uint32_t net)
{
  for (int n = 0; n < fw_rip.n_networks; n++)
    if (fw_rip.networks[n] == net)
      {
        memmove (&fw_rip.networks[n], &fw_rip.networks[n + 1],
                 sizeof (uint32_t) * (size_t) (fw_rip.n_networks - n - 1));
        fw_rip.n_networks--;
        fw_rip_config_changed ();
        return true;
      }
  return false;
}

bool
fw_rip_passive_set (const char *ifname,
                    bool        on)
{
  for (int n = 0; n < fw_rip.n_passive; n++)
    if (fw_strcasecmp (fw_rip.passive[n], ifname) == 0)
      {
        if (!on)
          {
            memmove (&fw_rip.passive[n], &fw_rip.passive[n + 1],
                     sizeof fw_rip.passive[0] * (size_t) (fw_rip.n_passive - n - 1));
            fw_rip.n_passive--;
          }
        return true;
      }
  if (!on)
    return false;
  if (fw_rip.n_passive == (int) FW_N_ELEMENTS (fw_rip.passive))
    return false;
  fw_strlcpy (fw_rip.passive[fw_rip.n_passive++], ifname, sizeof fw_rip.passive[0]);
  return true;
}

void
fw_rip_clear (void)
{
  for (int i = 0; i < FW_RIP_MAX_ROUTES; i++)
    if (fw_rip_routes[i].used && !fw_rip_routes[i].connected)
      memset (&fw_rip_routes[i], 0, sizeof fw_rip_routes[i]);
  fw_route_changed ();
  for (int i = 0; i < FW_IF_MAX; i++)
    if (fw_ifs[i].used && fw_ifs[i].up && fw_rip_if_enabled (i) && !fw_rip_if_passive (i))
      send_request (i);
}

/* --- output --------------------------------------------------------- */

typedef struct
{
  uint8_t  buf[4 + 25 * 20];
  int      n;
  int      ifindex;
  uint32_t to;
  uint16_t port;
  uint8_t  version;
} Update;

static void
update_flush (Update *u)
{
  if (u->n == 0)
    return;
  if (fw_debug & FW_DEBUG_RIP)
    {
      char to[16], from[16], a[16];

      fw_log ("RIP: sending v%u update to %s via %s (%s)", u->version, fw_ip_ntoa (u->to, to),
              fw_ifs[u->ifindex].name, fw_ip_ntoa (fw_ifs[u->ifindex].addr, from));
      fw_log ("RIP: build update entries");
      for (int k = 0; k < u->n; k++)
        {
          const uint8_t *e = u->buf + 4 + k * 20;

          fw_log ("\t%s/%d via 0.0.0.0, metric %u, tag 0", fw_ip_ntoa (fw_rd32 (e + 4), a),
                  u->version == 2 ? fw_mask_to_len (fw_rd32 (e + 8))
                                  : fw_mask_to_len (fw_classful_mask (fw_rd32 (e + 4))),
                  fw_rd32 (e + 16));
        }
    }
  fw_udp_send (fw_ifs[u->ifindex].addr, u->to, FW_RIP_PORT, u->port, u->buf,
               4 + (size_t) u->n * 20, u->to == FW_RIP_GROUP ? 2 : 64, u->ifindex);
  u->n = 0;
}

static void
update_add (Update   *u,
            uint32_t  prefix,
            uint32_t  mask,
            uint32_t  metric)
{
  uint8_t *e;

  /* no duplicates (summaries) */
  for (int k = 0; k < u->n; k++)
    {
      e = u->buf + 4 + k * 20;
      if (fw_rd32 (e + 4) == prefix && (u->version == 1 || fw_rd32 (e + 8) == mask))
        {
          if (metric < fw_rd32 (e + 16))
            fw_wr32 (e + 16, metric);
          return;
        }
    }
  if (u->n == 25)
    update_flush (u);
  e = u->buf + 4 + u->n * 20;
  memset (e, 0, 20);
  fw_wr16 (e, 2);
  fw_wr32 (e + 4, prefix);
  if (u->version == 2)
    fw_wr32 (e + 8, mask);
  fw_wr32 (e + 16, metric);
  u->n++;
}

/* What goes out on interface i for a route: the route itself, a classful
 * summary, or nothing (v1 cannot carry this mask). */
static bool
shape (int        i,
       uint8_t    version,
       uint32_t  *prefix,
       uint32_t  *mask)
{
  const FwIf *f = &fw_ifs[i];
  uint32_t cmask = fw_classful_mask (*prefix);
  bool same_major = cmask && (f->addr & cmask) == (*prefix & cmask);

  if (*mask == 0)
    return true;                /* default route */
  if (!same_major && (fw_rip.auto_summary || version == 1) && cmask && *mask > cmask)
    {
      *prefix &= cmask;
      *mask = cmask;
      return true;
    }
  if (version == 1 && same_major && *mask != f->mask && *mask != cmask)
    return false;
  return true;
}

static void
send_on (int      i,
         bool     triggered,
         uint32_t to,
         uint16_t port)
{
  Update u;

  u.n = 0;
  u.ifindex = i;
  u.version = fw_rip.version == 2 ? 2 : 1;
  u.to = to ? to : (u.version == 2 ? FW_RIP_GROUP : 0xffffffffu);
  u.port = port ? port : FW_RIP_PORT;
  u.buf[0] = 2;
  u.buf[1] = u.version;
  u.buf[2] = u.buf[3] = 0;

  if (fw_rip.default_originate && !triggered)
    update_add (&u, 0, 0, 1);
  for (int k = 0; k < FW_RIP_MAX_ROUTES; k++)
    {
      const FwRipRoute *r = &fw_rip_routes[k];
      uint32_t prefix = r->prefix, mask = r->mask, metric;

      if (!r->used || (triggered && !r->changed))
        continue;
      if (r->ifindex == i)
        continue;               /* split horizon */
      metric = r->metric >= FW_RIP_INFINITY ? FW_RIP_INFINITY : r->metric + 1;
      if (metric > FW_RIP_INFINITY)
        metric = FW_RIP_INFINITY;
      if (shape (i, u.version, &prefix, &mask))
        update_add (&u, prefix, mask, metric);
    }
  if ((fw_rip.redist_static || fw_rip.redist_connected) && !triggered)
    for (int k = 0; k < fw_n_routes; k++)
      {
        const FwRoute *r = &fw_routes[k];
        uint32_t prefix = r->prefix, mask = r->mask;

        if (!((r->code == 'S' && fw_rip.redist_static)
              || (r->code == 'C' && fw_rip.redist_connected)) || r->out_if == i)
          continue;
        if (r->code == 'C' && find_route (r->prefix, r->mask) >= 0)
          continue;
        if (shape (i, u.version, &prefix, &mask))
          update_add (&u, prefix, mask, 1);
      }
  update_flush (&u);
}

static void
send_updates (bool     triggered,
              int      only_if,
              uint32_t to,
              uint16_t to_port)
{
  for (int i = 0; i < FW_IF_MAX; i++)
    {
      if (only_if >= 0 && i != only_if)
        continue;
      if (!fw_ifs[i].used || !fw_ifs[i].up || fw_ifs[i].kind == FW_IF_LOOP
          || !fw_rip_if_enabled (i))
        continue;
      if (to == 0 && fw_rip_if_passive (i))
        continue;
      send_on (i, triggered, to, to_port);
    }
  if (only_if < 0)
    for (int k = 0; k < FW_RIP_MAX_ROUTES; k++)
      fw_rip_routes[k].changed = false;
}

/* --- input ---------------------------------------------------------- */

static void
note_source (uint32_t addr)
{
  int slot = -1;
  uint64_t oldest = (uint64_t) -1;

  for (int i = 0; i < MAX_SOURCES; i++)
    {
      if (sources[i].addr == addr)
        {
          sources[i].last = fw_now ();
          return;
        }
      if (sources[i].last < oldest)
        {
          oldest = sources[i].last;
          slot = i;
        }
    }
  sources[slot].addr = addr;
  sources[slot].last = fw_now ();
}

int fw_rip_sources (uint32_t *addrs, uint64_t *last, int max);

int
fw_rip_sources (uint32_t *addrs,
                uint64_t *last,
                int       max)
{
  int n = 0;

  for (int i = 0; i < MAX_SOURCES && n < max; i++)
    if (sources[i].addr)
      {
        addrs[n] = sources[i].addr;
        last[n++] = sources[i].last;
      }
  return n;
}

static void
learn (int       ifindex,
       uint32_t  src,
       uint32_t  prefix,
       uint32_t  mask,
       uint32_t  nexthop,
       uint32_t  metric)
{
  const FwIf *f = &fw_ifs[ifindex];
  uint32_t gw = src;
  int k;
  FwRipRoute *r;
  uint64_t now = fw_now ();

  if (metric < 1 || metric > FW_RIP_INFINITY)
    return;
  if (mask != 0 && fw_mask_to_len (mask) < 0)
    return;
  prefix &= mask;
  if ((prefix >> 24) == 127 || (prefix & 0xf0000000u) >= 0xe0000000u
      || (prefix == 0 && mask != 0))
    return;
  if (nexthop && ((nexthop ^ f->addr) & f->mask) == 0 && nexthop != f->addr)
    gw = nexthop;

  k = find_route (prefix, mask);
  if (k >= 0)
    {
      r = &fw_rip_routes[k];
      if (r->connected)
        return;
      if (r->gateway == gw && r->ifindex == ifindex)
        {
          if (metric >= FW_RIP_INFINITY)
            {
              if (r->metric < FW_RIP_INFINITY)
                mark_down (r);
              return;
            }
          if (r->metric != metric || r->down_since)
            {
              r->changed = true;
              fw_route_changed ();
              trigger ();
            }
          r->metric = metric;
          r->down_since = 0;
          r->updated = now;
          return;
        }
      if (metric >= FW_RIP_INFINITY)
        return;
      if (r->down_since && now - r->down_since < sec_ms (fw_rip.holddown_s)
          && r->metric >= FW_RIP_INFINITY)
        return;                 /* held down */
      if (r->metric < FW_RIP_INFINITY && metric >= r->metric)
        return;
    }
  else
    {
      if (metric >= FW_RIP_INFINITY)
        return;
      /* never over a network of our own */
      for (int i = 0; i < FW_IF_MAX; i++)
        if (fw_ifs[i].used && fw_ifs[i].up && fw_ifs[i].addr
            && (fw_ifs[i].addr & fw_ifs[i].mask) == prefix && fw_ifs[i].mask == mask)
          return;
      if ((k = new_route ()) < 0)
        return;
      r = &fw_rip_routes[k];
      r->prefix = prefix;
      r->mask = mask;
    }
  r->metric = metric;
  r->gateway = gw;
  r->ifindex = (int16_t) ifindex;
  r->updated = now;
  r->down_since = 0;
  r->changed = true;
  fw_route_changed ();
  trigger ();
  arm_age ();
}

void
fw_rip_input (int            ifindex,
              uint32_t       src,
              uint16_t       sport,
              const uint8_t *data,
              size_t         len)
{
  const FwIf *f = &fw_ifs[ifindex];
  uint8_t cmd, version;

  if (!fw_rip.enabled || len < 4 || !fw_rip_if_enabled (ifindex) || src == f->addr)
    return;
  cmd = data[0];
  version = data[1];
  if (version == 0 || (fw_rip.version && version != fw_rip.version))
    return;
  if (((src ^ f->addr) & f->mask) != 0)
    return;                     /* validate-update-source */

  if (fw_debug & FW_DEBUG_RIP)
    {
      char a[16];

      fw_log ("RIP: received v%u %s from %s on %s", version, cmd == 1 ? "request" : "update",
              fw_ip_ntoa (src, a), f->name);
    }
  if (cmd == 1)
    {
      /* a request for the whole table: answer the asker directly */
      if (!fw_rip_if_passive (ifindex) || sport != FW_RIP_PORT)
        send_on (ifindex, false, sport == FW_RIP_PORT ? 0 : src, sport);
      return;
    }
  if (cmd != 2 || sport != FW_RIP_PORT)
    return;
  note_source (src);
  for (size_t off = 4; off + 20 <= len; off += 20)
    {
      const uint8_t *e = data + off;
      uint32_t prefix = fw_rd32 (e + 4), mask, nexthop = 0;

      if (fw_rd16 (e) != 2)
        continue;               /* authentication or unknown family */
      if (version >= 2)
        {
          mask = fw_rd32 (e + 8);
          nexthop = fw_rd32 (e + 12);
        }
      else
        {
          /* v1: classful, or the interface's mask inside its major net */
          uint32_t cmask = fw_classful_mask (prefix);

          if (prefix == 0)
            mask = 0;
          else if (cmask && (prefix & cmask) == (f->addr & cmask))
            mask = (prefix & ~f->mask) ? 0xffffffffu : f->mask;
          else
            mask = cmask;
        }
      if (fw_debug & FW_DEBUG_RIP)
        {
          char a[16], n[16];

          fw_log ("     %s/%d via %s in %u hops", fw_ip_ntoa (prefix, a), fw_mask_to_len (mask),
                  fw_ip_ntoa (nexthop, n), fw_rd32 (e + 16));
        }
      learn (ifindex, src, prefix, mask, nexthop, fw_rd32 (e + 16));
    }
}
