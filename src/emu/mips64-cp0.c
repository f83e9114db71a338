/* mips64-cp0.c: coprocessor 0, exceptions, interrupts and the timer
 *
 * Copyright 2026 The Wirelab authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#define G_LOG_DOMAIN "wl-mips64"

#include "config.h"

#include "emu/mips64-internal.h"

/* Config0: M, BE, AT = MIPS64 with 64-bit segments, AR = release 2,
 * MT = standard TLB, K0 = cacheable.  Config1: M, 48 TLB entries, 32 KB
 * 4-way caches with 32-byte lines, FPU.  Config3: UserLocal. */
#define CONFIG0 0x8000c483u
#define CONFIG1 (0x80000000u | (47u << 25) | (2u << 22) | (4u << 19) | (3u << 16) \
                 | (2u << 13) | (4u << 10) | (3u << 7) | 1u)
#define CONFIG2 0x80000000u
#define CONFIG3 0x00002000u

uint64_t
mips64_clock_ns (mips64_cpu_t *cpu)
{
  if (cpu->config.clock_ns != NULL)
    return cpu->config.clock_ns (cpu->config.opaque);
  return (uint64_t) g_get_monotonic_time () * 1000u;
}

static uint64_t
ticks_to_ns (const mips64_cpu_t *cpu,
             uint64_t            ticks)
{
  return (uint64_t) (((unsigned __int128) ticks * 1000000000u + cpu->count_hz - 1) / cpu->count_hz);
}

uint32_t
mips64_count_read (mips64_cpu_t *cpu)
{
  uint64_t now = mips64_clock_ns (cpu);
  uint64_t dt = now > cpu->count_base_ns ? now - cpu->count_base_ns : 0;

  return cpu->count_at_base
         + (uint32_t) (((unsigned __int128) dt * cpu->count_hz) / 1000000000u);
}

static void
arm_timer (mips64_cpu_t *cpu)
{
  uint64_t now = mips64_clock_ns (cpu);
  uint32_t count = mips64_count_read (cpu);
  uint64_t delta = (uint32_t) (cpu->compare - count);

  if (delta == 0)
    delta = 1ull << 32;
  uint64_t deadline = now + ticks_to_ns (cpu, delta);

  /* Read by mips64_cpu_timer_expired on the board's timer thread. */
  __atomic_store_n (&cpu->timer_deadline_ns, deadline, __ATOMIC_RELAXED);
  if (cpu->config.timer_deadline != NULL)
    cpu->config.timer_deadline (cpu->config.opaque, deadline);
}

void
mips64_check_timer (mips64_cpu_t *cpu)
{
  uint64_t deadline = __atomic_load_n (&cpu->timer_deadline_ns, __ATOMIC_RELAXED);

  if (deadline != 0 && mips64_clock_ns (cpu) >= deadline)
    {
      __atomic_store_n (&cpu->timer_deadline_ns, 0, __ATOMIC_RELAXED);
      __atomic_store_n (&cpu->timer_ip, CAUSE_IP7, __ATOMIC_RELAXED);
      mips64_set_flag (cpu, XF_IRQ);
    }
}

uint32_t
mips64_cause_read (const mips64_cpu_t *cpu)
{
  uint32_t ip = __atomic_load_n (&cpu->irq_lines, __ATOMIC_RELAXED)
                | __atomic_load_n (&cpu->timer_ip, __ATOMIC_RELAXED);

  return (cpu->cause & ~(0xfc00u | CAUSE_TI)) | ip | ((ip & CAUSE_IP7) ? CAUSE_TI : 0);
}

bool
mips64_irq_pending (const mips64_cpu_t *cpu)
{
  return (mips64_cause_read (cpu) & cpu->status & ST_IM) != 0;
}

void
mips64_update_mode (mips64_cpu_t *cpu)
{
  uint32_t st = cpu->status;
  int mode = mips64_mmu_mode (st);
  uint32_t key = (uint32_t) mode | (st & (ST_ERL | ST_UX | ST_SX | ST_KX))
                 | ((uint32_t) (cpu->entryhi & 0xff) << 8);

  cpu->stlb = cpu->stlb_all[mode];
  if (key != cpu->key)
    {
      /* Translations depend on ERL, the segment bits and the ASID (the mode
       * has its own software TLB). */
      if ((key & ~3u) != (cpu->key & ~3u))
        mips64_stlb_flush (cpu);
      cpu->key = key;
    }
}

void
mips64_exception_vec (mips64_cpu_t *cpu,
                      int           exc,
                      uint64_t      pc,
                      bool          ds,
                      uint32_t      offset)
{
  uint64_t base;

  cpu->exc_count++;
  cpu->last_exc = exc;
  cpu->last_exc_pc = pc;
  if (!(cpu->status & ST_EXL))
    {
      if (ds)
        {
          cpu->epc = pc - 4;
          cpu->cause |= CAUSE_BD;
        }
      else
        {
          cpu->epc = pc;
          cpu->cause &= ~CAUSE_BD;
        }
    }
  else
    offset = 0x180;
  if (exc != EXC_CPU)
    cpu->cause &= ~CAUSE_CE;
  cpu->cause = (cpu->cause & ~0x7cu) | ((uint32_t) exc << 2);
  cpu->status |= ST_EXL;
  if (cpu->status & ST_BEV)
    base = 0xffffffffbfc00200ull;
  else
    base = cpu->ebase;
  cpu->pc = base + offset;
  cpu->in_ds = false;
  mips64_update_mode (cpu);
}

void
mips64_exception (mips64_cpu_t *cpu,
                  int           exc,
                  uint64_t      pc,
                  bool          ds)
{
  uint32_t offset = 0x180;

  if (exc == EXC_INT && (cpu->cause & CAUSE_IV))
    offset = 0x200;
  mips64_exception_vec (cpu, exc, pc, ds, offset);
}

bool
mips64_check_interrupt (mips64_cpu_t *cpu)
{
  if ((cpu->status & (ST_IE | ST_EXL | ST_ERL)) != ST_IE || cpu->in_ds)
    return false;
  if (!mips64_irq_pending (cpu))
    return false;
  mips64_exception (cpu, EXC_INT, cpu->pc, false);
  return true;
}

void
mips64_eret (mips64_cpu_t *cpu)
{
  if (cpu->status & ST_ERL)
    {
      cpu->pc = cpu->errorepc;
      cpu->status &= ~ST_ERL;
    }
  else
    {
      cpu->pc = cpu->epc;
      cpu->status &= ~ST_EXL;
    }
  cpu->llbit = false;
  mips64_update_mode (cpu);
  mips64_set_flag (cpu, XF_IRQ);
}

uint64_t
mips64_cp0_read (mips64_cpu_t *cpu,
                 unsigned      reg,
                 unsigned      sel)
{
  switch (reg * 8 + sel)
    {
    case 0 * 8: return cpu->index;
    case 1 * 8:
      {
        /* Random: a value in [Wired, 47], moving with the instruction count. */
        unsigned wired = MIN (cpu->wired, MIPS64_TLB_ENTRIES - 1);

        cpu->random_seed = cpu->random_seed * 1103515245u + 12345u;
        return MIPS64_TLB_ENTRIES - 1 - (cpu->random_seed >> 16) % (MIPS64_TLB_ENTRIES - wired);
      }
    case 2 * 8: return cpu->entrylo0;
    case 3 * 8: return cpu->entrylo1;
    case 4 * 8: return cpu->context;
    case 4 * 8 + 2: return cpu->userlocal;
    case 5 * 8: return cpu->pagemask;
    case 6 * 8: return cpu->wired;
    case 7 * 8: return cpu->hwrena;
    case 8 * 8: return cpu->badvaddr;
    case 9 * 8: return mips64_count_read (cpu);
    case 10 * 8: return cpu->entryhi;
    case 11 * 8: return cpu->compare;
    case 12 * 8: return cpu->status;
    case 12 * 8 + 1: return cpu->intctl;
    case 13 * 8: return mips64_cause_read (cpu);
    case 14 * 8: return cpu->epc;
    case 15 * 8: return cpu->prid;
    case 15 * 8 + 1: return cpu->ebase;
    case 16 * 8: return CONFIG0;
    case 16 * 8 + 1: return CONFIG1;
    case 16 * 8 + 2: return CONFIG2;
    case 16 * 8 + 3: return CONFIG3;
    case 17 * 8: return cpu->lladdr >> 4;
    case 20 * 8: return cpu->xcontext;
    case 26 * 8: return cpu->errctl;
    case 28 * 8: return cpu->taglo;
    case 29 * 8: return cpu->taghi;
    case 30 * 8: return cpu->errorepc;
    default: return 0;
    }
}

void
mips64_cp0_write (mips64_cpu_t *cpu,
                  unsigned      reg,
                  unsigned      sel,
                  uint64_t      v)
{
  switch (reg * 8 + sel)
    {
    case 0 * 8:
      cpu->index = (cpu->index & 0x80000000u) | ((uint32_t) v & 63);
      break;
    case 2 * 8: cpu->entrylo0 = v & 0x3fffffffull; break;
    case 3 * 8: cpu->entrylo1 = v & 0x3fffffffull; break;
    case 4 * 8: cpu->context = (cpu->context & 0x7fffffull) | (v & ~0x7fffffull); break;
    case 4 * 8 + 2: cpu->userlocal = v; break;
    case 5 * 8: cpu->pagemask = v & 0x1ffe000ull; break;
    case 6 * 8: cpu->wired = (uint32_t) v & 63; break;
    case 7 * 8: cpu->hwrena = (uint32_t) v & 0x2000000fu; break;
    case 9 * 8:
      cpu->count_base_ns = mips64_clock_ns (cpu);
      cpu->count_at_base = (uint32_t) v;
      arm_timer (cpu);
      break;
    case 10 * 8:
      cpu->entryhi = v & (0xc00000ffffffe000ull | 0xff);
      mips64_update_mode (cpu);
      break;
    case 11 * 8:
      cpu->compare = (uint32_t) v;
      __atomic_store_n (&cpu->timer_ip, 0, __ATOMIC_RELAXED);
      arm_timer (cpu);
      break;
    case 12 * 8:
      cpu->status = (cpu->status & ~ST_WRITABLE) | ((uint32_t) v & ST_WRITABLE);
      mips64_update_mode (cpu);
      break;
    case 12 * 8 + 1: cpu->intctl = (uint32_t) v & 0x3e0; break;
    case 13 * 8:
      cpu->cause = (cpu->cause & ~CAUSE_WRITABLE) | ((uint32_t) v & CAUSE_WRITABLE);
      break;
    case 14 * 8: cpu->epc = v; break;
    case 15 * 8 + 1:
      cpu->ebase = 0xffffffff80000000ull | (v & 0x3ffff000ull);
      break;
    case 20 * 8: cpu->xcontext = (cpu->xcontext & ((1ull << 33) - 1)) | (v & ~((1ull << 33) - 1)); break;
    case 26 * 8: cpu->errctl = v; break;
    case 28 * 8: cpu->taglo = v; break;
    case 29 * 8: cpu->taghi = v; break;
    case 30 * 8: cpu->errorepc = v; break;
    default: break;
    }
  /* Interrupt enables or software interrupts may have changed. */
  mips64_set_flag (cpu, XF_IRQ);
}
