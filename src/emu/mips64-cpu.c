/* mips64-cpu.c: the CPU object, its dispatcher and the decoded-code cache
 *
 * Copyright 2026 The Wirelab authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * mips64_cpu_run() loops: handle pending work (interrupts, queued code
 * invalidations, idle probes), find the block at the PC (jump cache, then
 * the physical hash, then the decoder), and let mips64_exec() run it and
 * its chained successors.
 *
 * Invalidated blocks are unlinked at once but freed only here, between
 * blocks, so the block being executed (or pointed to by a stale chain) is
 * never freed under the interpreter, and chains into them are cleared at
 * once.  Chains link blocks by virtual PC, so TLB writes clear them too,
 * but only once code has run from a TLB-mapped address.
 */

#define G_LOG_DOMAIN "wl-mips64"

#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "emu/mips64-decode.h"
#include "emu/mips64-internal.h"

#define KEY_DS           0x80000000u
#define MAX_BLOCKS       65536
#define IDLE_CHUNK       1000000    /* instructions between idle probes */
#define IDLE_BACKOFF_MAX 64         /* chunks */
#define IDLE_CONFIRM     64         /* identical iterations that make a loop idle */
#define IDLE_ARM_TRIES   64         /* blocks to look at for a backward branch */

/* ---- code cache ---- */

static unsigned
hash_index (uint64_t paddr)
{
  return (unsigned) ((paddr >> 2) ^ (paddr >> 15)) & (MIPS64_HASH_SIZE - 1);
}

/* Drops chains into invalidated blocks (all chains with `all`). */
static void
clear_chains (mips64_cpu_t *cpu,
              bool          all)
{
  for (unsigned i = 0; i < MIPS64_HASH_SIZE; i++)
    for (mips64_block_t *b = cpu->hash[i]; b != NULL; b = b->hash_next)
      for (unsigned t = 0; t < 2; t++)
        if (b->succ[t] != NULL && (all || !(b->succ[t]->flags & MIPS64_BLOCK_VALID)))
          b->succ[t] = NULL;
}

void
mips64_flush_jc (mips64_cpu_t *cpu)
{
  memset (cpu->jc, 0, sizeof cpu->jc);
  clear_chains (cpu, true);
}

/* Can the mapping of this PC change with the TLB? */
static bool
pc_is_mapped (const mips64_cpu_t *cpu,
              uint64_t            pc)
{
  if (pc >= 0xffffffff80000000ull)
    return pc >= 0xffffffffc0000000ull;
  if (pc >= 0x8000000000000000ull && pc < 0xc000000000000000ull)
    return false;                                   /* xkphys */
  if (pc <= MIPS64_SEGBITS_MASK && cpu->config.user_flat)
    return false;
  if (pc <= 0x7fffffffull && (cpu->status & ST_ERL))
    return false;
  return true;
}

static void
unlink_block (mips64_cpu_t   *cpu,
              mips64_block_t *b)
{
  mips64_block_t **pp = &cpu->hash[hash_index (b->paddr)];

  while (*pp != NULL && *pp != b)
    pp = &(*pp)->hash_next;
  if (*pp == b)
    *pp = b->hash_next;
  if (cpu->jc[(b->vpc >> 2) & (MIPS64_JC_SIZE - 1)] == b)
    cpu->jc[(b->vpc >> 2) & (MIPS64_JC_SIZE - 1)] = NULL;
  b->flags &= ~MIPS64_BLOCK_VALID;
  b->succ[0] = b->succ[1] = NULL;
  g_ptr_array_add (cpu->zombies, b);
  cpu->n_blocks--;
}

static void
drop_code_page (mips64_cpu_t       *cpu,
                mips64_code_page_t *cp)
{
  wl_physmem_code_mark (cpu->config.mem, cp->ppage, false);
  g_hash_table_remove (cpu->code_pages, &cp->ppage);
}

/* Drops the blocks overlapping [paddr, paddr + len). */
void
mips64_invalidate_phys (mips64_cpu_t *cpu,
                        uint64_t      paddr,
                        uint64_t      len)
{
  uint64_t end = paddr + len;
  bool any = false;

  if (len == 0)
    return;
  for (uint64_t page = paddr & MIPS64_PAGE_MASK; page < end; page += 4096)
    {
      mips64_code_page_t *cp = g_hash_table_lookup (cpu->code_pages, &page);
      mips64_block_t **pp;

      if (cp == NULL)
        continue;
      if (end <= page + cp->lo || paddr >= page + cp->hi)
        continue;
      pp = &cp->blocks;
      while (*pp != NULL)
        {
          mips64_block_t *b = *pp;
          uint64_t bend = b->paddr + 4u * b->n_insns;

          if (b->paddr < end && paddr < bend)
            {
              *pp = b->page_next;
              unlink_block (cpu, b);
              any = true;
            }
          else
            pp = &b->page_next;
        }
      if (cp->blocks == NULL)
        drop_code_page (cpu, cp);
      if (page + 4096 < page)
        break;
    }
  if (any)
    clear_chains (cpu, false);
}

static void
flush_all (mips64_cpu_t *cpu)
{
  for (unsigned i = 0; i < MIPS64_HASH_SIZE; i++)
    {
      mips64_block_t *b = cpu->hash[i];

      while (b != NULL)
        {
          mips64_block_t *next = b->hash_next;

          b->flags &= ~MIPS64_BLOCK_VALID;
          b->succ[0] = b->succ[1] = NULL;
          g_ptr_array_add (cpu->zombies, b);
          b = next;
        }
      cpu->hash[i] = NULL;
    }
  {
    GHashTableIter it;
    gpointer value;

    g_hash_table_iter_init (&it, cpu->code_pages);
    while (g_hash_table_iter_next (&it, NULL, &value))
      wl_physmem_code_mark (cpu->config.mem, ((mips64_code_page_t *) value)->ppage, false);
    g_hash_table_remove_all (cpu->code_pages);
  }
  cpu->n_blocks = 0;
  mips64_flush_jc (cpu);
}

/* Safe point: nothing executes a block now. */
static void
free_zombies (mips64_cpu_t *cpu)
{
  if (cpu->zombies->len == 0)
    return;
  for (guint i = 0; i < cpu->zombies->len; i++)
    g_free (g_ptr_array_index (cpu->zombies, i));
  g_ptr_array_set_size (cpu->zombies, 0);
}

static void
process_inval_queue (mips64_cpu_t *cpu)
{
  g_autoptr (GArray) q = NULL;

  g_mutex_lock (&cpu->inval_lock);
  if (cpu->inval_queue->len > 0)
    {
      q = cpu->inval_queue;
      cpu->inval_queue = g_array_new (FALSE, FALSE, sizeof (uint64_t));
    }
  g_mutex_unlock (&cpu->inval_lock);
  if (q == NULL)
    return;
  for (guint i = 0; i + 1 < q->len; i += 2)
    {
      uint64_t paddr = g_array_index (q, uint64_t, i);
      uint64_t len = g_array_index (q, uint64_t, i + 1);

      if (len == UINT64_MAX)
        flush_all (cpu);
      else
        mips64_invalidate_phys (cpu, paddr, len);
    }
}

static void
queue_invalidation (mips64_cpu_t *cpu,
                    uint64_t      paddr,
                    uint64_t      len)
{
  g_mutex_lock (&cpu->inval_lock);
  g_array_append_val (cpu->inval_queue, paddr);
  g_array_append_val (cpu->inval_queue, len);
  g_mutex_unlock (&cpu->inval_lock);
  mips64_set_flag (cpu, XF_INVALIDATE);
}

static void
code_hook (void     *opaque,
           uint64_t  paddr,
           uint64_t  len)
{
  queue_invalidation (opaque, paddr, len);
}

static void
insert_block (mips64_cpu_t   *cpu,
              mips64_block_t *b)
{
  uint64_t ppage = b->paddr & MIPS64_PAGE_MASK;
  mips64_code_page_t *cp = g_hash_table_lookup (cpu->code_pages, &ppage);
  uint32_t lo = (uint32_t) (b->paddr & 0xfff), hi = lo + 4u * b->n_insns;
  unsigned h = hash_index (b->paddr);

  if (cp == NULL)
    {
      cp = g_new0 (mips64_code_page_t, 1);
      cp->ppage = ppage;
      cp->lo = lo;
      cp->hi = hi;
      g_hash_table_insert (cpu->code_pages, &cp->ppage, cp);
      wl_physmem_code_mark (cpu->config.mem, ppage, true);
      mips64_stlb_protect_page (cpu, ppage);
    }
  cp->lo = MIN (cp->lo, lo);
  cp->hi = MAX (cp->hi, hi);
  b->page_next = cp->blocks;
  cp->blocks = b;
  b->hash_next = cpu->hash[h];
  cpu->hash[h] = b;
  cpu->n_blocks++;
}

mips64_block_t *
mips64_lookup_block (mips64_cpu_t *cpu,
                     uint64_t      pc)
{
  uint32_t key = cpu->key | (cpu->in_ds ? KEY_DS : 0);
  unsigned j = (pc >> 2) & (MIPS64_JC_SIZE - 1);
  mips64_block_t *b = cpu->jc[j];
  const wl_physmem_region_t *r;
  uint64_t pa;
  int res;

  if (b != NULL && b->vpc == pc && b->key == key)
    return b;
  if (pc & 3)
    {
      mips64_tlb_fault (cpu, 1 /* TR_ADDR */, pc, ACC_FETCH, pc, cpu->in_ds);
      return NULL;
    }
  res = mips64_translate (cpu, pc, ACC_FETCH, &pa, NULL);
  if (res != 0)
    {
      mips64_tlb_fault (cpu, res, pc, ACC_FETCH, pc, cpu->in_ds);
      return NULL;
    }
  for (b = cpu->hash[hash_index (pa)]; b != NULL; b = b->hash_next)
    if (b->paddr == pa && b->vpc == pc && b->key == key)
      break;
  if (b == NULL)
    {
      r = wl_physmem_lookup (cpu->config.mem, pa);
      if (r == NULL || r->host == NULL || (pa & MIPS64_PAGE_MASK) + 4096 > r->base + r->size)
        {
          if (cpu->last_exc >= 0 && (pc & ~0x3ffull) == (cpu->ebase & ~0x3ffull))
            mips64_set_fault (cpu, "exception %d at pc 0x%016" G_GINT64_MODIFIER "x "
                              "(BadVAddr 0x%016" G_GINT64_MODIFIER "x) with no handler: "
                              "no memory at vector 0x%016" G_GINT64_MODIFIER "x",
                              cpu->last_exc, cpu->last_exc_pc, cpu->badvaddr, pc);
          else if (cpu->last_exc >= 0 && (pc & ~0xfffull) == 0xffffffffbfc00000ull)
            mips64_set_fault (cpu, "exception %d at pc 0x%016" G_GINT64_MODIFIER "x "
                              "(BadVAddr 0x%016" G_GINT64_MODIFIER "x) with Status.BEV "
                              "set: no boot ROM at 0x%016" G_GINT64_MODIFIER "x",
                              cpu->last_exc, cpu->last_exc_pc, cpu->badvaddr, pc);
          else
            mips64_set_fault (cpu, "instruction fetch at 0x%016" G_GINT64_MODIFIER "x: "
                              "no RAM at physical 0x%" G_GINT64_MODIFIER "x", pc, pa);
          return NULL;
        }
      if (cpu->n_blocks >= MAX_BLOCKS)
        flush_all (cpu);
      b = mips64_decode_block (cpu, pc, pa, r->host + ((pa & MIPS64_PAGE_MASK) - r->base),
                               key, cpu->in_ds);
      if (pc_is_mapped (cpu, pc))
        cpu->mapped_code = true;
      insert_block (cpu, b);
    }
  cpu->jc[j] = b;
  return b;
}

/* ---- faults and syscalls ---- */

void
mips64_set_fault (mips64_cpu_t *cpu,
                  const char   *fmt,
                  ...)
{
  va_list ap;

  g_free (cpu->fault);
  va_start (ap, fmt);
  cpu->fault = g_strdup_vprintf (fmt, ap);
  va_end (ap);
  cpu->stop_reason = MIPS64_EXIT_FAULT;
  mips64_set_flag (cpu, XF_STOP);
}

bool
mips64_syscall (mips64_cpu_t *cpu,
                uint64_t      pc,
                bool          ds)
{
  if (cpu->config.syscall != NULL)
    {
      cpu->pc = pc;
      if (cpu->config.syscall (cpu->config.opaque, cpu))
        return true;
    }
  mips64_exception (cpu, EXC_SYS, pc, ds);
  return false;
}

/* ---- idle detection ---- */

static bool
loop_is_pure (mips64_cpu_t *cpu,
              uint64_t      head,
              uint64_t      end)
{
  for (uint64_t pc = head; pc < end; pc += 4)
    {
      uint64_t pa;
      const uint8_t *p;
      uint32_t w;

      if (mips64_translate (cpu, pc, ACC_FETCH, &pa, NULL) != 0)
        return false;
      p = wl_physmem_ram_ptr (cpu->config.mem, pa, 4);
      if (p == NULL)
        return false;
      memcpy (&w, p, 4);
      if (!mips64_insn_is_pure (GUINT32_FROM_BE (w)))
        return false;
    }
  return true;
}

static void
idle_snapshot (mips64_cpu_t *cpu)
{
  memcpy (cpu->idle_regs, cpu->gpr, 32 * sizeof (uint64_t));
  cpu->idle_regs[32] = cpu->hi;
  cpu->idle_regs[33] = cpu->lo;
  cpu->idle_regs[34] = cpu->status;
  cpu->idle_mmio = cpu->mmio_count;
  cpu->idle_exc = cpu->exc_count;
}

static bool
idle_same (const mips64_cpu_t *cpu)
{
  return memcmp (cpu->idle_regs, cpu->gpr, 32 * sizeof (uint64_t)) == 0
         && cpu->idle_regs[32] == cpu->hi && cpu->idle_regs[33] == cpu->lo
         && cpu->idle_regs[34] == cpu->status
         && cpu->idle_mmio == cpu->mmio_count && cpu->idle_exc == cpu->exc_count;
}

static unsigned
idle_slot (uint64_t head)
{
  return (unsigned) ((head >> 2) ^ (head >> 9)) & 15;
}

static void
idle_give_up (mips64_cpu_t *cpu)
{
  unsigned slot = idle_slot (cpu->idle_head);
  int32_t backoff = cpu->idle_backoff_head[slot] == cpu->idle_head ? cpu->idle_backoff[slot] : 0;

  /* A busy loop: look again later, and later each time it stays busy. */
  backoff = MIN (MAX (backoff * 2, 1), IDLE_BACKOFF_MAX);
  cpu->idle_backoff_head[slot] = cpu->idle_head;
  cpu->idle_backoff[slot] = backoff;
  cpu->idle_skip_chunks = backoff;
  if (cpu->idle_head == cpu->idle_known_head)
    cpu->idle_known_head = cpu->idle_known_end = 0;
  __atomic_fetch_and (&cpu->exit_flags, ~(uint32_t) XF_IDLE_WATCH, __ATOMIC_RELAXED);
}

/* Armed: the block just run ends in a short backward branch that was taken:
 * is the loop a candidate?  Then watch it, block by block. */
static void
idle_probe (mips64_cpu_t   *cpu,
            mips64_block_t *b)
{
  cpu->idle_head = cpu->pc;
  cpu->idle_end = b->vpc + 4u * b->n_insns;
  if (!loop_is_pure (cpu, cpu->idle_head, cpu->idle_end))
    {
      idle_give_up (cpu);
      return;
    }
  idle_snapshot (cpu);
  cpu->idle_iter = 0;
  mips64_set_flag (cpu, XF_IDLE_WATCH);
}

static void
idle_after_block (mips64_cpu_t   *cpu,
                  mips64_block_t *b)
{
  if ((b->flags & MIPS64_BLOCK_BACKEDGE) && !cpu->in_ds && cpu->pc == b->succ_pc[1]
      && cpu->fault == NULL)
    {
      __atomic_fetch_and (&cpu->exit_flags, ~(uint32_t) XF_IDLE_ARM, __ATOMIC_RELAXED);
      idle_probe (cpu, b);
    }
  else if (++cpu->idle_arm_tries >= IDLE_ARM_TRIES)
    __atomic_fetch_and (&cpu->exit_flags, ~(uint32_t) XF_IDLE_ARM, __ATOMIC_RELAXED);
}

/* Called at every block boundary while watching: true when idle. */
static bool
idle_watch (mips64_cpu_t *cpu)
{
  if (cpu->pc < cpu->idle_head || cpu->pc >= cpu->idle_end || cpu->in_ds)
    {
      idle_give_up (cpu);
      return false;
    }
  if (cpu->idle_iter < 0)
    {
      /* Re-entered a known idle loop: start comparing at its head. */
      if (cpu->pc == cpu->idle_head)
        {
          idle_snapshot (cpu);
          cpu->idle_iter = 0;
        }
      return false;
    }
  if (cpu->idle_mmio != cpu->mmio_count || cpu->idle_exc != cpu->exc_count)
    {
      idle_give_up (cpu);
      return false;
    }
  if (cpu->pc != cpu->idle_head)
    return false;
  if (!idle_same (cpu))
    {
      idle_give_up (cpu);
      return false;
    }
  if (++cpu->idle_iter < IDLE_CONFIRM)
    return false;
  __atomic_fetch_and (&cpu->exit_flags, ~(uint32_t) XF_IDLE_WATCH, __ATOMIC_RELAXED);
  cpu->idle_backoff[idle_slot (cpu->idle_head)] = 0;
  cpu->idle_known_head = cpu->idle_head;
  cpu->idle_known_end = cpu->idle_end;
  return true;
}

/* Back in the loop last found idle (after an interrupt handler, or a new
 * slice): confirm it again now rather than at the next chunk. */
static void
idle_reenter (mips64_cpu_t *cpu)
{
  if (cpu->pc < cpu->idle_known_head || cpu->pc >= cpu->idle_known_end || cpu->in_ds
      || (__atomic_load_n (&cpu->exit_flags, __ATOMIC_RELAXED) & XF_IDLE_WATCH))
    return;
  cpu->idle_head = cpu->idle_known_head;
  cpu->idle_end = cpu->idle_known_end;
  cpu->idle_iter = -1;
  mips64_set_flag (cpu, XF_IDLE_WATCH);
}

/* A new chunk of instructions: maybe arm the idle detector. */
static void
idle_new_chunk (mips64_cpu_t *cpu)
{
  if (cpu->exit_flags & XF_IDLE_WATCH)
    return;
  if (cpu->idle_skip_chunks > 0)
    {
      cpu->idle_skip_chunks--;
      return;
    }
  cpu->idle_arm_tries = 0;
  mips64_set_flag (cpu, XF_IDLE_ARM);
}

/* ---- public API ---- */

static gsize handlers_ready;

mips64_cpu_t *
mips64_cpu_new (const mips64_cpu_config_t *config)
{
  mips64_cpu_t *cpu;

  g_return_val_if_fail (config != NULL, NULL);
  g_return_val_if_fail (config->mem != NULL, NULL);

  if (g_once_init_enter (&handlers_ready))
    {
      mips64_exec (NULL, NULL);
      g_once_init_leave (&handlers_ready, 1);
    }
  cpu = g_malloc0 (sizeof *cpu);
  cpu->config = *config;
  cpu->prid = config->prid != 0 ? config->prid : 0x2721;
  cpu->count_hz = config->count_hz != 0 ? config->count_hz : 100000000;
  cpu->code_pages = g_hash_table_new_full (g_int64_hash, g_int64_equal, NULL, g_free);
  cpu->zombies = g_ptr_array_new ();
  g_mutex_init (&cpu->inval_lock);
  cpu->inval_queue = g_array_new (FALSE, FALSE, sizeof (uint64_t));
  wl_physmem_set_code_hook (config->mem, code_hook, cpu);
  mips64_cpu_reset (cpu, 0);
  return cpu;
}

void
mips64_cpu_free (mips64_cpu_t *cpu)
{
  if (cpu == NULL)
    return;
  wl_physmem_set_code_hook (cpu->config.mem, NULL, NULL);
  flush_all (cpu);
  for (guint i = 0; i < cpu->zombies->len; i++)
    g_free (g_ptr_array_index (cpu->zombies, i));
  g_ptr_array_unref (cpu->zombies);
  g_hash_table_unref (cpu->code_pages);
  g_array_unref (cpu->inval_queue);
  g_mutex_clear (&cpu->inval_lock);
  if (cpu->breakpoints != NULL)
    g_array_unref (cpu->breakpoints);
  g_free (cpu->fault);
  g_free (cpu);
}

void
mips64_cpu_reset (mips64_cpu_t *cpu,
                  uint64_t      pc)
{
  g_return_if_fail (cpu != NULL);

  memset (cpu->gpr, 0, sizeof cpu->gpr);
  cpu->hi = cpu->lo = 0;
  memset (cpu->fpr, 0, sizeof cpu->fpr);
  cpu->fcsr = 0;
  cpu->pc = pc;
  cpu->in_ds = false;
  cpu->waiting = false;
  cpu->llbit = false;
  cpu->cause = 0;
  cpu->epc = cpu->errorepc = cpu->badvaddr = 0;
  cpu->entryhi = cpu->entrylo0 = cpu->entrylo1 = cpu->pagemask = 0;
  cpu->index = 0;
  cpu->wired = 0;
  cpu->context = cpu->xcontext = 0;
  cpu->ebase = 0xffffffff80000000ull;
  cpu->hwrena = 0;
  cpu->userlocal = 0;
  cpu->compare = 0;
  cpu->count_base_ns = mips64_clock_ns (cpu);
  cpu->count_at_base = 0;
  __atomic_store_n (&cpu->timer_deadline_ns, 0, __ATOMIC_RELAXED);
  __atomic_store_n (&cpu->timer_ip, 0, __ATOMIC_RELAXED);
  memset (cpu->tlb, 0, sizeof cpu->tlb);
  for (unsigned i = 0; i < MIPS64_TLB_ENTRIES; i++)
    cpu->tlb[i].hi = 0xffffffff80000000ull + (uint64_t) i * 0x2000u;   /* kseg0: never matched */
  cpu->random_seed = 1;
  cpu->last_exc = -1;
  cpu->idle_skip_chunks = 0;
  cpu->idle_known_head = cpu->idle_known_end = 0;
  cpu->idle_skip_pc = cpu->bp_skip_pc = 1;
  if (cpu->config.user_flat)
    {
      cpu->status = ST_CU1 | ST_FR | ST_UX | ST_SX | ST_KX | (2u << 3);
      cpu->hwrena = 0x2000000fu;
    }
  else
    cpu->status = ST_BEV;
  g_clear_pointer (&cpu->fault, g_free);
  __atomic_fetch_and (&cpu->exit_flags, XF_INVALIDATE, __ATOMIC_RELAXED);
  cpu->key = ~0u;
  mips64_stlb_flush (cpu);
  mips64_update_mode (cpu);
  mips64_flush_jc (cpu);
  /* The image may have been reloaded behind our back: decode afresh. */
  if (cpu->code_pages != NULL)
    queue_invalidation (cpu, 0, UINT64_MAX);
}

mips64_exit_t
mips64_cpu_run (mips64_cpu_t *cpu,
                uint64_t      max_insns)
{
  mips64_exit_t ret = MIPS64_EXIT_BUDGET;
  int64_t budget;

  g_return_val_if_fail (cpu != NULL, MIPS64_EXIT_FAULT);

  if (cpu->fault != NULL)
    return MIPS64_EXIT_FAULT;
  budget = (int64_t) MIN (max_insns, (uint64_t) INT64_MAX / 2);
  /* The interpreter counts down a chunk at a time; between chunks the
   * dispatcher looks for idle loops. */
  cpu->icount_left = MIN (budget, IDLE_CHUNK);
  cpu->budget_rest = budget - cpu->icount_left;
  mips64_check_timer (cpu);
  if (cpu->waiting)
    {
      if (!mips64_cpu_wake_pending (cpu))
        return MIPS64_EXIT_WAIT;
      cpu->waiting = false;
    }
  mips64_set_flag (cpu, XF_IRQ);
  idle_new_chunk (cpu);

  for (;;)
    {
      uint32_t flags = __atomic_load_n (&cpu->exit_flags, __ATOMIC_RELAXED);
      mips64_block_t *b;

      if (flags != 0)
        {
          flags = __atomic_fetch_and (&cpu->exit_flags, XF_IDLE_WATCH | XF_IDLE_ARM,
                                      __ATOMIC_RELAXED);
          if (flags & XF_INVALIDATE)
            process_inval_queue (cpu);
          if (flags & XF_STOP)
            {
              ret = cpu->stop_reason;
              break;
            }
          if (flags & XF_REQUEST)
            {
              ret = MIPS64_EXIT_REQUEST;
              break;
            }
          if (flags & XF_IRQ)
            mips64_check_interrupt (cpu);
          if ((flags & XF_IDLE_WATCH) && idle_watch (cpu))
            {
              ret = MIPS64_EXIT_IDLE;
              break;
            }
        }
      free_zombies (cpu);
      if (cpu->idle_known_end != 0)
        idle_reenter (cpu);
      if (cpu->icount_left <= 0)
        {
          int64_t chunk = MIN (cpu->budget_rest, IDLE_CHUNK);

          if (chunk <= 0)
            break;
          cpu->budget_rest -= chunk;
          cpu->icount_left += chunk;
          idle_new_chunk (cpu);
          continue;
        }
      b = mips64_lookup_block (cpu, cpu->pc);
      if (b == NULL)
        {
          if (cpu->fault != NULL)
            {
              ret = MIPS64_EXIT_FAULT;
              break;
            }
          continue;
        }
      mips64_exec (cpu, b);
      if (__atomic_load_n (&cpu->exit_flags, __ATOMIC_RELAXED) & XF_IDLE_ARM)
        idle_after_block (cpu, b);
    }
  free_zombies (cpu);
  cpu->insn_count += (uint64_t) (budget - cpu->icount_left - cpu->budget_rest);
  cpu->icount_left = 0;
  cpu->budget_rest = 0;
  return ret;
}

uint64_t
mips64_cpu_insn_count (const mips64_cpu_t *cpu)
{
  g_return_val_if_fail (cpu != NULL, 0);
  return cpu->insn_count;
}

const char *
mips64_cpu_fault_message (const mips64_cpu_t *cpu)
{
  g_return_val_if_fail (cpu != NULL, NULL);
  return cpu->fault;
}

void
mips64_cpu_set_irq (mips64_cpu_t *cpu,
                    unsigned      hw_line,
                    bool          level)
{
  uint32_t bit;

  g_return_if_fail (cpu != NULL);
  g_return_if_fail (hw_line < 5);

  bit = 1u << (10 + hw_line);
  if (level)
    {
      uint32_t old = __atomic_fetch_or (&cpu->irq_lines, bit, __ATOMIC_SEQ_CST);

      mips64_set_flag (cpu, XF_IRQ);
      if (!(old & bit) && cpu->config.irq_raised != NULL)
        cpu->config.irq_raised (cpu->config.opaque);
    }
  else
    __atomic_fetch_and (&cpu->irq_lines, ~bit, __ATOMIC_SEQ_CST);
}

void
mips64_cpu_timer_expired (mips64_cpu_t *cpu)
{
  uint64_t deadline;

  g_return_if_fail (cpu != NULL);

  /* Ignore a timer armed for a Compare value that has since changed. */
  deadline = __atomic_load_n (&cpu->timer_deadline_ns, __ATOMIC_RELAXED);
  if (deadline == 0 || mips64_clock_ns (cpu) + 2000000u < deadline)
    return;
  __atomic_store_n (&cpu->timer_deadline_ns, 0, __ATOMIC_RELAXED);
  __atomic_store_n (&cpu->timer_ip, CAUSE_IP7, __ATOMIC_SEQ_CST);
  mips64_set_flag (cpu, XF_IRQ);
}

bool
mips64_cpu_wake_pending (const mips64_cpu_t *cpu)
{
  g_return_val_if_fail (cpu != NULL, false);
  return mips64_irq_pending (cpu);
}

void
mips64_cpu_request_exit (mips64_cpu_t *cpu)
{
  g_return_if_fail (cpu != NULL);
  mips64_set_flag (cpu, XF_REQUEST);
}

void
mips64_cpu_set_idle_pc (mips64_cpu_t *cpu,
                        uint64_t      pc)
{
  g_return_if_fail (cpu != NULL);

  __atomic_store_n (&cpu->idle_pc, pc, __ATOMIC_RELAXED);
  queue_invalidation (cpu, 0, UINT64_MAX);
}

uint64_t
mips64_cpu_get_gpr (const mips64_cpu_t *cpu,
                    unsigned            reg)
{
  g_return_val_if_fail (cpu != NULL && reg < 32, 0);
  return cpu->gpr[reg];
}

void
mips64_cpu_set_gpr (mips64_cpu_t *cpu,
                    unsigned      reg,
                    uint64_t      value)
{
  g_return_if_fail (cpu != NULL && reg < 32);
  if (reg != 0)
    cpu->gpr[reg] = value;
}

uint64_t
mips64_cpu_get_pc (const mips64_cpu_t *cpu)
{
  g_return_val_if_fail (cpu != NULL, 0);
  return cpu->pc;
}

void
mips64_cpu_set_pc (mips64_cpu_t *cpu,
                   uint64_t      pc)
{
  g_return_if_fail (cpu != NULL);
  cpu->pc = pc;
  cpu->in_ds = false;
  cpu->waiting = false;
}

uint64_t
mips64_cpu_get_cp0 (const mips64_cpu_t *cpu,
                    unsigned            reg,
                    unsigned            sel)
{
  g_return_val_if_fail (cpu != NULL && reg < 32 && sel < 8, 0);
  return mips64_cp0_read ((mips64_cpu_t *) cpu, reg, sel);
}

void
mips64_cpu_set_cp0 (mips64_cpu_t *cpu,
                    unsigned      reg,
                    unsigned      sel,
                    uint64_t      value)
{
  g_return_if_fail (cpu != NULL && reg < 32 && sel < 8);
  mips64_cp0_write (cpu, reg, sel, value);
}

void
mips64_cpu_dump_regs (const mips64_cpu_t *cpu,
                      GString            *out)
{
  static const char *const names[32] = {
    "zr", "at", "v0", "v1", "a0", "a1", "a2", "a3",
    "t0", "t1", "t2", "t3", "t4", "t5", "t6", "t7",
    "s0", "s1", "s2", "s3", "s4", "s5", "s6", "s7",
    "t8", "t9", "k0", "k1", "gp", "sp", "fp", "ra",
  };
  mips64_cpu_t *c = (mips64_cpu_t *) cpu;

  g_return_if_fail (cpu != NULL && out != NULL);

  for (unsigned i = 0; i < 32; i++)
    {
      g_string_append_printf (out, "%s ($%2u) = 0x%016" G_GINT64_MODIFIER "x", names[i], i,
                              cpu->gpr[i]);
      g_string_append (out, (i % 4) == 3 ? "\n" : "   ");
    }
  g_string_append_printf (out, "pc = 0x%016" G_GINT64_MODIFIER "x   hi = 0x%016"
                          G_GINT64_MODIFIER "x   lo = 0x%016" G_GINT64_MODIFIER "x\n",
                          cpu->pc, cpu->hi, cpu->lo);
  g_string_append_printf (out, "status = 0x%08x   cause = 0x%08x   epc = 0x%016"
                          G_GINT64_MODIFIER "x   badvaddr = 0x%016" G_GINT64_MODIFIER "x\n",
                          cpu->status, mips64_cause_read (cpu), cpu->epc, cpu->badvaddr);
  g_string_append_printf (out, "count = 0x%08x   compare = 0x%08x   instructions = %"
                          G_GUINT64_FORMAT "\n", mips64_count_read (c), cpu->compare,
                          cpu->insn_count);
}

/* Breakpoints may be set from the hypervisor thread while the CPU runs. */
bool
mips64_is_breakpoint (mips64_cpu_t *cpu,
                      uint64_t      pc)
{
  bool hit = false;

  if (__atomic_load_n (&cpu->breakpoints, __ATOMIC_ACQUIRE) == NULL)
    return false;
  g_mutex_lock (&cpu->inval_lock);
  for (guint i = 0; i < cpu->breakpoints->len && !hit; i++)
    hit = g_array_index (cpu->breakpoints, uint64_t, i) == pc;
  g_mutex_unlock (&cpu->inval_lock);
  return hit;
}

void
mips64_cpu_add_breakpoint (mips64_cpu_t *cpu,
                           uint64_t      vaddr)
{
  bool added = true;

  g_return_if_fail (cpu != NULL);

  g_mutex_lock (&cpu->inval_lock);
  if (cpu->breakpoints == NULL)
    __atomic_store_n (&cpu->breakpoints, g_array_new (FALSE, FALSE, sizeof (uint64_t)),
                      __ATOMIC_RELEASE);
  for (guint i = 0; i < cpu->breakpoints->len; i++)
    if (g_array_index (cpu->breakpoints, uint64_t, i) == vaddr)
      added = false;
  if (added)
    g_array_append_val (cpu->breakpoints, vaddr);
  g_mutex_unlock (&cpu->inval_lock);
  if (added)
    queue_invalidation (cpu, 0, UINT64_MAX);
}

void
mips64_cpu_remove_breakpoint (mips64_cpu_t *cpu,
                              uint64_t      vaddr)
{
  bool removed = false;

  g_return_if_fail (cpu != NULL);

  g_mutex_lock (&cpu->inval_lock);
  for (guint i = 0; cpu->breakpoints != NULL && i < cpu->breakpoints->len; i++)
    if (g_array_index (cpu->breakpoints, uint64_t, i) == vaddr)
      {
        g_array_remove_index_fast (cpu->breakpoints, i);
        removed = true;
        break;
      }
  g_mutex_unlock (&cpu->inval_lock);
  if (removed)
    queue_invalidation (cpu, 0, UINT64_MAX);
}

void
mips64_cpu_invalidate_code (mips64_cpu_t *cpu,
                            uint64_t      paddr,
                            uint64_t      len)
{
  g_return_if_fail (cpu != NULL);
  queue_invalidation (cpu, paddr, len);
}
