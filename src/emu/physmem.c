/* physmem.c: a board's physical address space (RAM and MMIO regions)
 *
 * Copyright 2026 The Wirelab authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * Regions live in a fixed array that only grows, and a region is complete
 * before the count that publishes it is raised, so lookups from the CPU and
 * DMA threads take no lock.  The CPU keeps its own software TLB in front of
 * this; lookups here are the slow path.
 */

#define G_LOG_DOMAIN "wl-physmem"

#include "config.h"

#include <string.h>

#include <glib.h>

#include "emu/physmem.h"

struct wl_physmem
{
  wl_physmem_region_t    regions[WL_PHYSMEM_MAX_REGIONS];
  guint                  n_regions;     /* published with release order */
  guint                  last_hit;      /* a hint, racy by design */
  wl_physmem_code_hook_t code_hook;
  void                  *code_hook_opaque;
};

wl_physmem_t *
wl_physmem_new (void)
{
  return g_new0 (wl_physmem_t, 1);
}

void
wl_physmem_free (wl_physmem_t *mem)
{
  if (mem == NULL)
    return;
  for (guint i = 0; i < mem->n_regions; i++)
    g_free (mem->regions[i].code_pages);
  g_free (mem);
}

static bool
overlaps_existing (wl_physmem_t *mem,
                   uint64_t      base,
                   uint64_t      size)
{
  for (guint i = 0; i < mem->n_regions; i++)
    {
      const wl_physmem_region_t *r = &mem->regions[i];

      if (base < r->base + r->size && r->base < base + size)
        return true;
    }
  return false;
}

static wl_physmem_region_t *
add_region (wl_physmem_t *mem,
            uint64_t      base,
            uint64_t      size)
{
  guint n = __atomic_load_n (&mem->n_regions, __ATOMIC_ACQUIRE);

  if (size == 0 || base + size < base)
    {
      g_critical ("physmem: empty or wrapping region at 0x%" G_GINT64_MODIFIER "x", base);
      return NULL;
    }
  if (n >= WL_PHYSMEM_MAX_REGIONS)
    {
      g_critical ("physmem: too many regions");
      return NULL;
    }
  if (overlaps_existing (mem, base, size))
    {
      g_critical ("physmem: region 0x%" G_GINT64_MODIFIER "x+0x%" G_GINT64_MODIFIER
                  "x overlaps another", base, size);
      return NULL;
    }
  return &mem->regions[n];
}

static void
publish_region (wl_physmem_t *mem)
{
  __atomic_store_n (&mem->n_regions, mem->n_regions + 1, __ATOMIC_RELEASE);
}

void
wl_physmem_map_ram (wl_physmem_t *mem,
                    uint64_t      base,
                    uint64_t      size,
                    uint8_t      *host)
{
  wl_physmem_region_t *r;

  g_return_if_fail (mem != NULL);
  g_return_if_fail (host != NULL);

  r = add_region (mem, base, size);
  if (r == NULL)
    return;
  r->base = base;
  r->size = size;
  r->host = host;
  r->ops = NULL;
  r->opaque = NULL;
  r->code_pages = g_malloc0 ((size + WL_PHYSMEM_PAGE_SIZE - 1) >> WL_PHYSMEM_PAGE_BITS);
  publish_region (mem);
}

void
wl_physmem_map_mmio (wl_physmem_t        *mem,
                     uint64_t             base,
                     uint64_t             size,
                     const wl_mmio_ops_t *ops,
                     void                *opaque)
{
  wl_physmem_region_t *r;

  g_return_if_fail (mem != NULL);
  g_return_if_fail (ops != NULL);

  r = add_region (mem, base, size);
  if (r == NULL)
    return;
  r->base = base;
  r->size = size;
  r->host = NULL;
  r->ops = ops;
  r->opaque = opaque;
  r->code_pages = NULL;
  publish_region (mem);
}

const wl_physmem_region_t *
wl_physmem_lookup (wl_physmem_t *mem,
                   uint64_t      paddr)
{
  guint n = __atomic_load_n (&mem->n_regions, __ATOMIC_ACQUIRE);
  guint hint = __atomic_load_n (&mem->last_hit, __ATOMIC_RELAXED);
  const wl_physmem_region_t *r;

  if (hint < n)
    {
      r = &mem->regions[hint];
      if (paddr - r->base < r->size)
        return r;
    }
  for (guint i = 0; i < n; i++)
    {
      r = &mem->regions[i];
      if (paddr - r->base < r->size)
        {
          __atomic_store_n (&mem->last_hit, i, __ATOMIC_RELAXED);
          return r;
        }
    }
  return NULL;
}

uint8_t *
wl_physmem_ram_ptr (wl_physmem_t *mem,
                    uint64_t      paddr,
                    uint64_t      len)
{
  const wl_physmem_region_t *r;

  g_return_val_if_fail (mem != NULL, NULL);

  r = wl_physmem_lookup (mem, paddr);
  if (r == NULL || r->host == NULL)
    return NULL;
  if (len > r->size - (paddr - r->base))
    return NULL;
  return r->host + (paddr - r->base);
}

static void
notify_code_write (wl_physmem_t              *mem,
                   const wl_physmem_region_t *r,
                   uint64_t                   paddr,
                   uint64_t                   len)
{
  uint64_t first = (paddr - r->base) >> WL_PHYSMEM_PAGE_BITS;
  uint64_t last = (paddr - r->base + len - 1) >> WL_PHYSMEM_PAGE_BITS;
  wl_physmem_code_hook_t hook = __atomic_load_n (&mem->code_hook, __ATOMIC_ACQUIRE);

  if (hook == NULL)
    return;
  for (uint64_t p = first; p <= last; p++)
    {
      if (__atomic_load_n (&r->code_pages[p], __ATOMIC_RELAXED))
        {
          hook (mem->code_hook_opaque, paddr, len);
          return;
        }
    }
}

bool
wl_physmem_read (wl_physmem_t *mem,
                 uint64_t      paddr,
                 void         *buf,
                 size_t        len)
{
  uint8_t *p;

  g_return_val_if_fail (mem != NULL, false);
  g_return_val_if_fail (buf != NULL || len == 0, false);

  if (len == 0)
    return true;
  p = wl_physmem_ram_ptr (mem, paddr, len);
  if (p == NULL)
    return false;
  memcpy (buf, p, len);
  return true;
}

bool
wl_physmem_write (wl_physmem_t *mem,
                  uint64_t      paddr,
                  const void   *buf,
                  size_t        len)
{
  const wl_physmem_region_t *r;

  g_return_val_if_fail (mem != NULL, false);
  g_return_val_if_fail (buf != NULL || len == 0, false);

  if (len == 0)
    return true;
  r = wl_physmem_lookup (mem, paddr);
  if (r == NULL || r->host == NULL || len > r->size - (paddr - r->base))
    return false;
  memcpy (r->host + (paddr - r->base), buf, len);
  notify_code_write (mem, r, paddr, len);
  return true;
}

static uint64_t
load_be (const uint8_t *p,
         unsigned       size)
{
  switch (size)
    {
    case 1: return p[0];
    case 2: return GUINT16_FROM_BE (*(const guint16 *) p);
    case 4: return GUINT32_FROM_BE (*(const guint32 *) p);
    default: return GUINT64_FROM_BE (*(const guint64 *) p);
    }
}

static void
store_be (uint8_t *p,
          unsigned size,
          uint64_t v)
{
  switch (size)
    {
    case 1: p[0] = (uint8_t) v; break;
    case 2: *(guint16 *) p = GUINT16_TO_BE ((guint16) v); break;
    case 4: *(guint32 *) p = GUINT32_TO_BE ((guint32) v); break;
    default: *(guint64 *) p = GUINT64_TO_BE (v); break;
    }
}

bool
wl_physmem_load (wl_physmem_t *mem,
                 uint64_t      paddr,
                 unsigned      size,
                 uint64_t     *value)
{
  const wl_physmem_region_t *r;
  uint64_t off;

  g_return_val_if_fail (mem != NULL && value != NULL, false);
  g_return_val_if_fail (size == 1 || size == 2 || size == 4 || size == 8, false);

  r = wl_physmem_lookup (mem, paddr);
  if (r == NULL)
    return false;
  off = paddr - r->base;
  if (size > r->size - off)
    return false;
  if (r->host != NULL)
    *value = load_be (r->host + off, size);
  else
    *value = r->ops->read != NULL ? r->ops->read (r->opaque, off, size) : 0;
  return true;
}

bool
wl_physmem_store (wl_physmem_t *mem,
                  uint64_t      paddr,
                  unsigned      size,
                  uint64_t      value)
{
  const wl_physmem_region_t *r;
  uint64_t off;

  g_return_val_if_fail (mem != NULL, false);
  g_return_val_if_fail (size == 1 || size == 2 || size == 4 || size == 8, false);

  r = wl_physmem_lookup (mem, paddr);
  if (r == NULL)
    return false;
  off = paddr - r->base;
  if (size > r->size - off)
    return false;
  if (r->host != NULL)
    {
      store_be (r->host + off, size, value);
      notify_code_write (mem, r, paddr, size);
    }
  else if (r->ops->write != NULL)
    r->ops->write (r->opaque, off, value, size);
  return true;
}

void
wl_physmem_set_code_hook (wl_physmem_t          *mem,
                          wl_physmem_code_hook_t hook,
                          void                  *opaque)
{
  g_return_if_fail (mem != NULL);

  mem->code_hook_opaque = opaque;
  __atomic_store_n (&mem->code_hook, hook, __ATOMIC_RELEASE);
}

void
wl_physmem_code_mark (wl_physmem_t *mem,
                      uint64_t      paddr,
                      bool          has_code)
{
  const wl_physmem_region_t *r;

  g_return_if_fail (mem != NULL);

  r = wl_physmem_lookup (mem, paddr);
  if (r == NULL || r->code_pages == NULL)
    return;
  __atomic_store_n (&r->code_pages[(paddr - r->base) >> WL_PHYSMEM_PAGE_BITS],
                    has_code ? 1 : 0, __ATOMIC_RELAXED);
}

bool
wl_physmem_code_test (wl_physmem_t *mem,
                      uint64_t      paddr)
{
  const wl_physmem_region_t *r;

  g_return_val_if_fail (mem != NULL, false);

  r = wl_physmem_lookup (mem, paddr);
  if (r == NULL || r->code_pages == NULL)
    return false;
  return __atomic_load_n (&r->code_pages[(paddr - r->base) >> WL_PHYSMEM_PAGE_BITS],
                          __ATOMIC_RELAXED) != 0;
}
