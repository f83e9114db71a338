/* fw-route.c: the routing table and longest-prefix-match lookup
 *
 * Copyright 2026 The Wirelab authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * The table is recomputed from its sources (interfaces, static routes, RIP)
 * whenever one changes: per prefix the lowest administrative distance wins,
 * then the lowest metric.  Next hops are resolved recursively once, here, so
 * the forwarding path reads a route's outgoing interface and next hop
 * directly.  Lookups go through a small direct-mapped cache that a new
 * table generation invalidates.
 */

#define G_LOG_DOMAIN "wirelab-fw"

#include "config.h"

#include "fw.h"
#include "fw-if.h"
#include "fw-net.h"
#include "fw-rip.h"
#include "fw-route.h"

FwStatic fw_statics[FW_STATIC_MAX];
int fw_n_statics;
FwRoute fw_routes[FW_ROUTE_MAX];
int fw_n_routes;
uint32_t fw_route_gen = 1;

static FwRoute cand[FW_ROUTE_MAX];
static int n_cand;
static int16_t fib[FW_ROUTE_MAX];       /* indices into fw_routes, longest first */
static int n_fib;
static bool dirty = true;

#define CACHE 256
static struct
{
  uint32_t dst, gen;
  int16_t  route;
} cache[CACHE];

static void
add_cand (char     code,
          uint32_t prefix,
          uint32_t mask,
          uint8_t  distance,
          uint32_t metric,
          uint32_t gateway,
          int      ifindex,
          uint64_t updated)
{
  FwRoute *r;

  if (n_cand == FW_ROUTE_MAX)
    return;
  r = &cand[n_cand++];
  memset (r, 0, sizeof *r);
  r->prefix = prefix & mask;
  r->mask = mask;
  r->plen = (uint8_t) fw_mask_to_len (mask);
  r->code = code;
  r->distance = distance;
  r->metric = metric;
  r->gateway = gateway;
  r->ifindex = (int16_t) ifindex;
  r->out_if = -1;
  r->updated = updated;
}

/* Longest match among the candidates so far (for static next hops). */
static const FwRoute *
cand_lookup (uint32_t dst,
             int      skip_prefix_of)
{
  const FwRoute *best = NULL;

  for (int i = 0; i < n_cand; i++)
    {
      const FwRoute *r = &cand[i];

      if (i == skip_prefix_of || ((dst ^ r->prefix) & r->mask) != 0)
        continue;
      if (skip_prefix_of >= 0 && r->prefix == cand[skip_prefix_of].prefix
          && r->mask == cand[skip_prefix_of].mask)
        continue;
      if (best == NULL || r->plen > best->plen
          || (r->plen == best->plen && r->distance < best->distance))
        best = r;
    }
  return best;
}

static const FwRoute *
table_lookup (uint32_t dst,
              int      skip)
{
  for (int k = 0; k < n_fib; k++)
    {
      const FwRoute *r = &fw_routes[fib[k]];

      if (fib[k] != skip && ((dst ^ r->prefix) & r->mask) == 0 && r->code != 'L')
        return r;
    }
  return NULL;
}

static bool
resolve (FwRoute *r,
         int      self)
{
  uint32_t gw = r->gateway;

  if (r->code == 'C' || r->code == 'L')
    {
      r->out_if = r->ifindex;
      r->nexthop = 0;
      return true;
    }
  if (r->ifindex >= 0)
    {
      r->out_if = r->ifindex;
      r->nexthop = gw;
      return true;
    }
  for (int depth = 0; depth < 8; depth++)
    {
      const FwRoute *via = table_lookup (gw, self);

      if (via == NULL)
        return false;
      if (via->code == 'C')
        {
          r->out_if = via->ifindex;
          r->nexthop = gw;
          return true;
        }
      if (via->ifindex >= 0)
        {
          r->out_if = via->ifindex;
          r->nexthop = via->gateway ? via->gateway : gw;
          return true;
        }
      gw = via->gateway;
    }
  return false;
}

static int
route_cmp (const FwRoute *a,
           const FwRoute *b)
{
  if (a->prefix != b->prefix)
    return a->prefix < b->prefix ? -1 : 1;
  return (int) a->plen - (int) b->plen;
}

void
fw_route_rebuild (void)
{
  int n;

  n_cand = 0;
  for (int i = 0; i < FW_IF_MAX; i++)
    {
      const FwIf *f = &fw_ifs[i];

      if (!f->used || !f->up || !f->addr)
        continue;
      add_cand ('C', f->addr, f->mask, 0, 0, 0, i, 0);
      if (f->mask != 0xffffffffu)
        add_cand ('L', f->addr, 0xffffffffu, 0, 0, 0, i, 0);
    }
  for (int i = 0; i < FW_RIP_MAX_ROUTES; i++)
    {
      const FwRipRoute *rr = &fw_rip_routes[i];

      if (fw_rip.enabled && rr->used && !rr->connected && rr->metric < FW_RIP_INFINITY
          && rr->ifindex >= 0 && fw_ifs[rr->ifindex].up)
        add_cand ('R', rr->prefix, rr->mask, 120, rr->metric, rr->gateway, rr->ifindex,
                  rr->updated);
    }
  /* Statics: those through an interface, then those whose next hop resolves
   * (over a few passes, so statics may resolve through statics). */
  {
    bool added[FW_STATIC_MAX] = { false };

    for (int pass = 0; pass < 4; pass++)
      for (int s = 0; s < fw_n_statics; s++)
        {
          const FwStatic *st = &fw_statics[s];
          int ifi = -1;

          if (added[s])
            continue;
          if (st->ifname[0])
            {
              ifi = fw_if_find (st->ifname);
              if (ifi < 0 || (!fw_ifs[ifi].up && !st->permanent))
                continue;
            }
          else
            {
              add_cand ('S', st->prefix, st->mask, st->distance, 0, st->gateway, -1, 0);
              if (cand_lookup (st->gateway, n_cand - 1) == NULL && !st->permanent)
                {
                  n_cand--;
                  continue;
                }
              added[s] = true;
              continue;
            }
          add_cand ('S', st->prefix, st->mask, st->distance, 0, st->gateway, ifi, 0);
          added[s] = true;
        }
  }

  /* Best per prefix. */
  n = 0;
  for (int i = 0; i < n_cand; i++)
    {
      bool better_exists = false;

      for (int j = 0; j < n_cand; j++)
        {
          if (j == i || cand[j].prefix != cand[i].prefix || cand[j].mask != cand[i].mask)
            continue;
          if ((cand[i].code == 'L') != (cand[j].code == 'L'))
            continue;
          if (cand[j].distance < cand[i].distance
              || (cand[j].distance == cand[i].distance && cand[j].metric < cand[i].metric)
              || (cand[j].distance == cand[i].distance && cand[j].metric == cand[i].metric && j < i))
            {
              better_exists = true;
              break;
            }
        }
      if (!better_exists)
        fw_routes[n++] = cand[i];
    }
  /* Sorted for display and resolution. */
  for (int i = 1; i < n; i++)
    {
      FwRoute x = fw_routes[i];
      int j = i - 1;

      while (j >= 0 && route_cmp (&fw_routes[j], &x) > 0)
        {
          fw_routes[j + 1] = fw_routes[j];
          j--;
        }
      fw_routes[j + 1] = x;
    }
  fw_n_routes = n;
  /* The lookup order: longest prefix first. */
  n_fib = 0;
  for (int len = 32; len >= 0; len--)
    for (int i = 0; i < n; i++)
      if (fw_routes[i].plen == len)
        fib[n_fib++] = (int16_t) i;
  /* Resolve next hops, then drop what does not resolve. */
  for (int i = 0; i < n; i++)
    if (!resolve (&fw_routes[i], i))
      fw_routes[i].out_if = -1;
  {
    int k = 0;

    for (int i = 0; i < n; i++)
      if (fw_routes[i].out_if >= 0)
        fw_routes[k++] = fw_routes[i];
    fw_n_routes = k;
    n_fib = 0;
    for (int len = 32; len >= 0; len--)
      for (int i = 0; i < k; i++)
        if (fw_routes[i].plen == len)
          fib[n_fib++] = (int16_t) i;
  }
  fw_route_gen++;
  dirty = false;
}

void
fw_route_changed (void)
{
  dirty = true;
}

void
fw_route_commit (void)
{
  if (dirty)
    fw_route_rebuild ();
}

const FwRoute *
fw_route_lookup (uint32_t dst)
{
  unsigned h = (dst ^ (dst >> 12) ^ (dst >> 20)) & (CACHE - 1);
  const FwRoute *r;

  if (FW_UNLIKELY (dirty))
    fw_route_rebuild ();
  if (FW_LIKELY (cache[h].gen == fw_route_gen && cache[h].dst == dst))
    return cache[h].route >= 0 ? &fw_routes[cache[h].route] : NULL;
  r = NULL;
  for (int k = 0; k < n_fib; k++)
    if (((dst ^ fw_routes[fib[k]].prefix) & fw_routes[fib[k]].mask) == 0)
      {
        r = &fw_routes[fib[k]];
        break;
      }
  cache[h].dst = dst;
  cache[h].gen = fw_route_gen;
  cache[h].route = r ? (int16_t) (r - fw_routes) : -1;
  return r;
}

const FwRoute *
fw_route_find (uint32_t prefix,
               uint32_t mask)
{
  fw_route_commit ();
  for (int i = 0; i < fw_n_routes; i++)
    if (fw_routes[i].prefix == (prefix & mask) && fw_routes[i].mask == mask
        && fw_routes[i].code != 'L')
      return &fw_routes[i];
  return NULL;
}

static bool
same_static (const FwStatic *a,
             const FwStatic *b)
{
  return a->prefix == b->prefix && a->mask == b->mask && a->gateway == b->gateway
         && fw_strcasecmp (a->ifname, b->ifname) == 0;
}

bool
fw_static_add (const FwStatic *s)
{
  for (int i = 0; i < fw_n_statics; i++)
    if (same_static (&fw_statics[i], s))
      {
        fw_statics[i] = *s;
        fw_route_changed ();
        return true;
      }
  if (fw_n_statics == FW_STATIC_MAX)
    return false;
  fw_statics[fw_n_statics++] = *s;
  fw_route_changed ();
  return true;
}

bool
fw_static_del (const FwStatic *s,
               bool            match_all)
{
  bool found = false;

  for (int i = 0; i < fw_n_statics;)
    if (fw_statics[i].prefix == s->prefix && fw_statics[i].mask == s->mask
        && (match_all || same_static (&fw_statics[i], s)))
      {
        memmove (&fw_statics[i], &fw_statics[i + 1],
                 sizeof (FwStatic) * (size_t) (fw_n_statics - i - 1));
        fw_n_statics--;
        found = true;
      }
    else
      i++;
  if (found)
    fw_route_changed ();
  return found;
}
