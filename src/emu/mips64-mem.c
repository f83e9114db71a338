/* mips64-mem.c: address translation, the TLB and the memory slow paths
 *
 * Copyright 2026 The Wirelab authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * The interpreter's loads and stores hit the software TLB (one per
 * translation mode, virtual 4 KB page -> host pointer) inline.  Everything
 * else comes here: segment checks, the 48-entry TLB, MMIO, and stores into
 * pages that hold decoded code.
 */

#define G_LOG_DOMAIN "wl-mips64"

#include "config.h"

#include <string.h>

#include "emu/mips64-internal.h"

enum
{
  TR_OK = 0,
  TR_ADDR,         /* address error */
  TR_REFILL,       /* no matching TLB entry */
  TR_INVALID,      /* matching entry, V clear */
  TR_MOD,          /* store to a clean page */
};

#define ENTRYHI_VPN2_MASK 0xc00000ffffffe000ull

static int
tlb_map (mips64_cpu_t *cpu,
         uint64_t      va,
         int           acc,
         uint64_t     *pa,
         bool         *writable)
{
  unsigned asid = cpu->entryhi & 0xff;

  for (unsigned i = 0; i < MIPS64_TLB_ENTRIES; i++)
    {
      const mips64_tlb_entry_t *e = &cpu->tlb[i];
      uint64_t mask = e->mask | 0x1fff;
      uint64_t lo;
      bool global = (e->lo[0] & e->lo[1] & 1) != 0;

      if (((va ^ e->hi) & ENTRYHI_VPN2_MASK & ~mask) != 0)
        continue;
      if (!global && (e->hi & 0xff) != asid)
        continue;
      lo = e->lo[(va & ((mask + 1) >> 1)) != 0];
      if (!(lo & 2))
        return TR_INVALID;
      if (acc == ACC_STORE && !(lo & 4))
        return TR_MOD;
      *writable = (lo & 4) != 0;
      *pa = ((((lo >> 6) & 0xffffff) << 12) & ~(mask >> 1)) | (va & (mask >> 1));
      return TR_OK;
    }
  return TR_REFILL;
}

int
mips64_translate (mips64_cpu_t *cpu,
                  uint64_t      va,
                  int           acc,
                  uint64_t     *pa,
                  bool         *writable)
{
  uint32_t st = cpu->status;
  int mode = mips64_mmu_mode (st);
  bool kern = mode == MMU_KERNEL, super = mode == MMU_SUPER;
  bool w_dummy;

  if (writable == NULL)
    writable = &w_dummy;
  *writable = true;

  if (cpu->config.user_flat && va <= MIPS64_SEGBITS_MASK)
    {
      *pa = va;
      return TR_OK;
    }

  if (va >= 0xffffffff80000000ull)
    {
      uint32_t a = (uint32_t) va;

      if (a < 0xa0000000u)
        {
          if (!kern)
            return TR_ADDR;
          *pa = a - 0x80000000u;
          return TR_OK;
        }
      if (a < 0xc0000000u)
        {
          if (!kern)
            return TR_ADDR;
          *pa = a - 0xa0000000u;
          return TR_OK;
        }
      if (a < 0xe0000000u)
        {
          if (!kern && !super)
            return TR_ADDR;
          return tlb_map (cpu, va, acc, pa, writable);
        }
      if (!kern)
        return TR_ADDR;
      return tlb_map (cpu, va, acc, pa, writable);
    }
  if (va <= 0x7fffffffull)
    {
      if (st & ST_ERL)
        {
          *pa = va;
          return TR_OK;
        }
      return tlb_map (cpu, va, acc, pa, writable);
    }
  if (va < 0x4000000000000000ull)
    {
      if ((st & ST_UX) && va <= MIPS64_SEGBITS_MASK)
        return tlb_map (cpu, va, acc, pa, writable);
      return TR_ADDR;
    }
  if (va < 0x8000000000000000ull)
    {
      if ((kern || super) && (st & ST_SX)
          && (va & 0x3fffffffffffffffull) <= MIPS64_SEGBITS_MASK)
        return tlb_map (cpu, va, acc, pa, writable);
      return TR_ADDR;
    }
  if (va < 0xc000000000000000ull)
    {
      if (kern && (st & ST_KX) && (va & 0x07ffffffffffffffull) <= MIPS64_PAMASK)
        {
          *pa = va & MIPS64_PAMASK;
          return TR_OK;
        }
      return TR_ADDR;
    }
  /* xkseg ends where the 32-bit compatibility segments begin */
  if (kern && (st & ST_KX) && (va & 0x3fffffffffffffffull) <= 0xff7fffffffull)
    return tlb_map (cpu, va, acc, pa, writable);
  return TR_ADDR;
}

void
mips64_tlb_fault (mips64_cpu_t *cpu,
                  int           res,
                  uint64_t      va,
                  int           acc,
                  uint64_t      pc,
                  bool          ds)
{
  bool store = acc == ACC_STORE;
  uint32_t offset = 0x180;

  cpu->badvaddr = va;
  if (res == TR_ADDR)
    {
      mips64_exception (cpu, store ? EXC_ADES : EXC_ADEL, pc, ds);
      return;
    }
  cpu->context = (cpu->context & ~0x7fffffull) | ((va >> 9) & 0x7ffff0ull);
  cpu->xcontext = (cpu->xcontext & (~0ull << 33)) | ((va >> 62) << 31)
                  | ((va >> 9) & 0x7ffffff0ull);
  cpu->entryhi = (va & ENTRYHI_VPN2_MASK) | (cpu->entryhi & 0xff);
  if (res == TR_MOD)
    {
      mips64_exception (cpu, EXC_MOD, pc, ds);
      return;
    }
  if (res == TR_REFILL && !(cpu->status & ST_EXL))
    {
      unsigned r = (unsigned) (va >> 62);

      offset = 0x000;
      if ((r == 0 && (cpu->status & ST_UX)) || (r == 1 && (cpu->status & ST_SX))
          || (r == 3 && (cpu->status & ST_KX)))
        offset = 0x080;
    }
  mips64_exception_vec (cpu, store ? EXC_TLBS : EXC_TLBL, pc, ds, offset);
}

void
mips64_stlb_flush (mips64_cpu_t *cpu)
{
  memset (cpu->stlb_all, 0xff, sizeof cpu->stlb_all);
}

void
mips64_stlb_protect_page (mips64_cpu_t *cpu,
                          uint64_t      ppage)
{
  for (unsigned m = 0; m < MMU_MODES; m++)
    for (unsigned i = 0; i < MIPS64_STLB_SIZE; i++)
      if (cpu->stlb_all[m][i].ppage == ppage)
        cpu->stlb_all[m][i].tag_w = ~0ull;
}

static void
stlb_fill (mips64_cpu_t              *cpu,
           uint64_t                   va,
           uint64_t                   pa,
           const wl_physmem_region_t *r,
           bool                       writable)
{
  mips64_stlb_entry_t *e = &cpu->stlb[(va >> 12) & (MIPS64_STLB_SIZE - 1)];
  uint64_t vpage = va & MIPS64_PAGE_MASK, ppage = pa & MIPS64_PAGE_MASK;

  /* Only whole 4 KB pages inside the region go into the fast path. */
  if (ppage < r->base || ppage + 4096 > r->base + r->size)
    return;
  e->tag_r = vpage;
  e->ppage = ppage;
  e->addend = (uintptr_t) (r->host + (ppage - r->base)) - (uintptr_t) vpage;
  if (writable && !r->code_pages[(ppage - r->base) >> 12])
    e->tag_w = vpage;
  else
    e->tag_w = ~0ull;
}

static uint64_t
host_load (const uint8_t *p,
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
host_store (uint8_t *p,
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

static uint64_t
size_mask (unsigned size)
{
  return size == 8 ? ~0ull : (1ull << (size * 8)) - 1;
}

bool
mips64_load_slow (mips64_cpu_t *cpu,
                  uint64_t      va,
                  unsigned      size,
                  uint64_t     *val,
                  uint64_t      pc,
                  bool          ds)
{
  const wl_physmem_region_t *r;
  uint64_t pa;
  bool writable;
  int res;

  if (va & (size - 1))
    {
      mips64_tlb_fault (cpu, TR_ADDR, va, ACC_LOAD, pc, ds);
      return false;
    }
  res = mips64_translate (cpu, va, ACC_LOAD, &pa, &writable);
  if (res != TR_OK)
    {
      mips64_tlb_fault (cpu, res, va, ACC_LOAD, pc, ds);
      return false;
    }
  r = wl_physmem_lookup (cpu->config.mem, pa);
  if (r == NULL || size > r->size - (pa - r->base))
    {
      cpu->badvaddr = va;
      mips64_exception (cpu, EXC_DBE, pc, ds);
      return false;
    }
  if (r->host != NULL)
    {
      stlb_fill (cpu, va, pa, r, writable);
      *val = host_load (r->host + (pa - r->base), size);
      return true;
    }
  cpu->mmio_count++;
  *val = r->ops->read != NULL ? r->ops->read (r->opaque, pa - r->base, size) & size_mask (size) : 0;
  return true;
}

bool
mips64_store_slow (mips64_cpu_t *cpu,
                   uint64_t      va,
                   unsigned      size,
                   uint64_t      val,
                   uint64_t      pc,
                   bool          ds)
{
  const wl_physmem_region_t *r;
  uint64_t pa, off;
  bool writable;
  int res;

  if (va & (size - 1))
    {
      mips64_tlb_fault (cpu, TR_ADDR, va, ACC_STORE, pc, ds);
      return false;
    }
  res = mips64_translate (cpu, va, ACC_STORE, &pa, &writable);
  if (res != TR_OK)
    {
      mips64_tlb_fault (cpu, res, va, ACC_STORE, pc, ds);
      return false;
    }
  r = wl_physmem_lookup (cpu->config.mem, pa);
  if (r == NULL || size > r->size - (pa - r->base))
    {
      cpu->badvaddr = va;
      mips64_exception (cpu, EXC_DBE, pc, ds);
      return false;
    }
  off = pa - r->base;
  if (r->host != NULL)
    {
      if (r->code_pages[off >> 12])
        mips64_invalidate_phys (cpu, pa, size);
      stlb_fill (cpu, va, pa, r, writable);
      host_store (r->host + off, size, val);
      return true;
    }
  cpu->mmio_count++;
  if (r->ops->write != NULL)
    r->ops->write (r->opaque, off, val & size_mask (size), size);
  return true;
}

void
mips64_tlb_op (mips64_cpu_t *cpu,
               int           opc)
{
  mips64_tlb_entry_t *e;
  unsigned idx;

  switch (opc)
    {
    case MIPS64_OP_TLBR:
      idx = cpu->index & 63;
      if (idx >= MIPS64_TLB_ENTRIES)
        return;
      e = &cpu->tlb[idx];
      {
        bool g = (e->lo[0] & e->lo[1] & 1) != 0;
        uint64_t old_asid = cpu->entryhi & 0xff;

        cpu->entryhi = e->hi;
        cpu->pagemask = e->mask;
        cpu->entrylo0 = (e->lo[0] & ~1ull) | g;
        cpu->entrylo1 = (e->lo[1] & ~1ull) | g;
        if ((cpu->entryhi & 0xff) != old_asid)
          mips64_update_mode (cpu);
      }
      return;
    case MIPS64_OP_TLBWI:
    case MIPS64_OP_TLBWR:
      if (opc == MIPS64_OP_TLBWI)
        idx = cpu->index & 63;
      else
        {
          unsigned span = MIPS64_TLB_ENTRIES - MIN (cpu->wired, MIPS64_TLB_ENTRIES - 1);

          cpu->random_seed = cpu->random_seed * 1103515245u + 12345u;
          idx = MIPS64_TLB_ENTRIES - 1 - (cpu->random_seed >> 16) % span;
        }
      if (idx >= MIPS64_TLB_ENTRIES)
        return;
      e = &cpu->tlb[idx];
      e->mask = cpu->pagemask & 0x1ffe000ull;
      e->hi = (cpu->entryhi & ENTRYHI_VPN2_MASK & ~e->mask) | (cpu->entryhi & 0xff);
      {
        uint64_t g = cpu->entrylo0 & cpu->entrylo1 & 1;

        e->lo[0] = (cpu->entrylo0 & ~1ull) | g;
        e->lo[1] = (cpu->entrylo1 & ~1ull) | g;
      }
      /* Mappings changed: drop cached translations, and the chains and jump
       * cache if code ever ran from mapped addresses. */
      mips64_stlb_flush (cpu);
      if (cpu->mapped_code)
        mips64_flush_jc (cpu);
      return;
    case MIPS64_OP_TLBP:
      {
        unsigned asid = cpu->entryhi & 0xff;

        cpu->index = 0x80000000u;
        for (unsigned i = 0; i < MIPS64_TLB_ENTRIES; i++)
          {
            uint64_t mask;
            bool global;

            e = &cpu->tlb[i];
            mask = e->mask | 0x1fff;
            global = (e->lo[0] & e->lo[1] & 1) != 0;
            if (((cpu->entryhi ^ e->hi) & ENTRYHI_VPN2_MASK & ~mask) == 0
                && (global || (e->hi & 0xff) == asid))
              {
                cpu->index = i;
                break;
              }
          }
      }
      return;
    default:
      return;
    }
}
