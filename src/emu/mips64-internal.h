/* mips64-internal.h: CPU state shared by the mips64-*.c files
 *
 * Copyright 2026 The Wirelab authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#pragma once

#include <stdbool.h>
#include <stdint.h>

#include <glib.h>

#include "emu/mips64-cpu.h"
#include "emu/mips64-ir.h"
#include "emu/physmem.h"

#define MIPS64_TLB_ENTRIES 48
#define MIPS64_STLB_BITS   10
#define MIPS64_STLB_SIZE   (1u << MIPS64_STLB_BITS)
#define MIPS64_JC_BITS     12
#define MIPS64_JC_SIZE     (1u << MIPS64_JC_BITS)
#define MIPS64_HASH_BITS   13
#define MIPS64_HASH_SIZE   (1u << MIPS64_HASH_BITS)
#define MIPS64_PAGE_MASK   (~(uint64_t) 0xfff)
#define MIPS64_PAMASK      0xfffffffffull   /* 36 physical address bits */
#define MIPS64_SEGBITS_MASK 0xffffffffffull /* 40 virtual address bits */

/* Exception codes (Cause.ExcCode). */
enum
{
  EXC_INT = 0, EXC_MOD = 1, EXC_TLBL = 2, EXC_TLBS = 3, EXC_ADEL = 4,
  EXC_ADES = 5, EXC_IBE = 6, EXC_DBE = 7, EXC_SYS = 8, EXC_BP = 9,
  EXC_RI = 10, EXC_CPU = 11, EXC_OV = 12, EXC_TR = 13, EXC_FPE = 15,
};

/* Status bits. */
#define ST_IE   0x00000001u
#define ST_EXL  0x00000002u
#define ST_ERL  0x00000004u
#define ST_KSU  0x00000018u
#define ST_UX   0x00000020u
#define ST_SX   0x00000040u
#define ST_KX   0x00000080u
#define ST_IM   0x0000ff00u
#define ST_BEV  0x00400000u
#define ST_FR   0x04000000u
#define ST_CU0  0x10000000u
#define ST_CU1  0x20000000u
#define ST_WRITABLE 0x3c40ffffu

#define CAUSE_BD    0x80000000u
#define CAUSE_TI    0x40000000u
#define CAUSE_CE    0x30000000u
#define CAUSE_IV    0x00800000u
#define CAUSE_IP    0x0000ff00u
#define CAUSE_IP_SW 0x00000300u
#define CAUSE_IP7   0x00008000u
#define CAUSE_WRITABLE 0x00800300u

/* Translation modes: index of the software TLB in use. */
enum { MMU_KERNEL = 0, MMU_SUPER = 1, MMU_USER = 2, MMU_MODES = 3 };

/* exit_flags bits: anything non-zero makes the interpreter return to the
 * dispatcher at the next block boundary. */
enum
{
  XF_IRQ        = 1 << 0,   /* interrupt lines or enables may have changed */
  XF_REQUEST    = 1 << 1,   /* mips64_cpu_request_exit */
  XF_INVALIDATE = 1 << 2,   /* code ranges queued by other threads */
  XF_STOP       = 1 << 3,   /* leave run() now (WAIT, fault, syscall hook) */
  XF_IDLE_ARM   = 1 << 4,   /* look for a loop at the next backward branch */
  XF_IDLE_WATCH = 1 << 5,   /* an idle candidate is being confirmed */
};

typedef struct
{
  uint64_t  tag_r;      /* virtual page for loads, ~0 when invalid */
  uint64_t  tag_w;      /* virtual page for stores, ~0 when invalid */
  uintptr_t addend;     /* host = addend + vaddr */
  uint64_t  ppage;      /* physical page, for code-page write protection */
} mips64_stlb_entry_t;

typedef struct
{
  uint64_t hi;          /* EntryHi: VPN2 and R, ASID in the low 8 bits */
  uint64_t mask;        /* PageMask */
  uint64_t lo[2];       /* EntryLo0/1 */
} mips64_tlb_entry_t;

typedef struct mips64_code_page mips64_code_page_t;

struct mips64_cpu
{
  /* Hot state first. */
  uint64_t gpr[33];                 /* gpr[32] is the $zero sink */
  uint64_t hi, lo;
  uint64_t pc;
  int64_t  icount_left;
  uint32_t exit_flags;              /* atomic, XF_* */
  uint32_t key;                     /* fetch key: mode, ERL, ASID */
  bool     mapped_code;             /* a block was decoded from a TLB-mapped PC */
  int64_t  budget_rest;             /* run() budget beyond this chunk */
  mips64_stlb_entry_t *stlb;        /* software TLB of the current mode */
  mips64_block_t *jc[MIPS64_JC_SIZE];

  /* Delay slot in the next page (END_DSPAGE). */
  bool     in_ds;
  uint64_t ds_target;

  /* CP0 */
  uint32_t status;
  uint32_t cause;                   /* without the hardware and timer IP bits */
  uint64_t epc, errorepc, badvaddr;
  uint64_t entryhi, entrylo0, entrylo1, pagemask;
  uint32_t index, wired;
  uint64_t context, xcontext;
  uint64_t ebase;
  uint32_t compare;
  uint32_t hwrena;
  uint64_t userlocal;
  uint64_t lladdr;
  bool     llbit;
  uint32_t intctl;
  uint64_t taglo, taghi, errctl;
  uint64_t count_base_ns;           /* host time of Count == count_at_base */
  uint32_t count_at_base;
  uint64_t timer_deadline_ns;
  uint32_t irq_lines;               /* atomic: Cause.IP2..IP6 bits */
  uint32_t timer_ip;                /* atomic: Cause.IP7 */
  uint32_t random_seed;
  mips64_tlb_entry_t tlb[MIPS64_TLB_ENTRIES];

  /* FPU */
  uint64_t fpr[32];
  uint32_t fcsr;

  /* Configuration and environment. */
  mips64_cpu_config_t config;
  uint64_t count_hz;
  uint32_t prid;
  uint64_t insn_count;
  uint64_t mmio_count;              /* device accesses, for idle detection */
  uint64_t exc_count;
  char    *fault;
  int      last_exc;
  uint64_t last_exc_pc;

  /* Idle detection. */
  uint64_t idle_pc;                 /* explicit idle PC, 0 none */
  uint64_t idle_head, idle_end;     /* loop being confirmed */
  uint64_t idle_regs[35];
  uint64_t idle_mmio, idle_exc;
  int      idle_iter;
  int      idle_arm_tries;
  uint64_t idle_known_head, idle_known_end;   /* last loop found idle */
  int32_t  idle_skip_chunks;        /* chunks to run before arming again */
  int32_t  idle_backoff[16];        /* per loop head (hashed): chunks to skip */
  uint64_t idle_backoff_head[16];
  uint64_t idle_skip_pc, bp_skip_pc; /* resume past IDLE_PC / BKPT here once (1: none) */

  /* Why run() stops on XF_STOP. */
  mips64_exit_t stop_reason;
  bool     waiting;                 /* in WAIT until an interrupt is pending */

  /* Breakpoints. */
  GArray  *breakpoints;             /* uint64_t */

  /* Code cache. */
  mips64_block_t     *hash[MIPS64_HASH_SIZE];
  GHashTable         *code_pages;   /* physical page -> mips64_code_page_t */
  GPtrArray          *zombies;      /* invalidated blocks, freed at a safe point */
  guint               n_blocks;
  GMutex              inval_lock;   /* also guards breakpoints */
  GArray             *inval_queue;  /* pairs of uint64_t: paddr, len */

  mips64_stlb_entry_t stlb_all[MMU_MODES][MIPS64_STLB_SIZE];
};

struct mips64_code_page
{
  uint64_t        ppage;
  uint32_t        lo, hi;           /* byte range of the page holding code */
  mips64_block_t *blocks;
};

/* mips64-exec.c: mips64_exec (NULL, NULL) fills mips64_exec_handlers. */
void     mips64_exec (mips64_cpu_t *cpu, mips64_block_t *b);
extern const void *const *mips64_exec_handlers;

/* mips64-decode.c */
mips64_block_t *mips64_decode_block (mips64_cpu_t *cpu, uint64_t vpc, uint64_t paddr,
                                     const uint8_t *host, uint32_t key, bool ds);

/* mips64-mem.c */
enum { ACC_LOAD = 0, ACC_STORE = 1, ACC_FETCH = 2 };
int      mips64_translate (mips64_cpu_t *cpu, uint64_t va, int acc, uint64_t *pa,
                           bool *writable);
bool     mips64_load_slow (mips64_cpu_t *cpu, uint64_t va, unsigned size,
                           uint64_t *val, uint64_t pc, bool ds);
bool     mips64_store_slow (mips64_cpu_t *cpu, uint64_t va, unsigned size,
                            uint64_t val, uint64_t pc, bool ds);
void     mips64_stlb_flush (mips64_cpu_t *cpu);
void     mips64_stlb_protect_page (mips64_cpu_t *cpu, uint64_t ppage);
void     mips64_tlb_fault (mips64_cpu_t *cpu, int res, uint64_t va, int acc,
                           uint64_t pc, bool ds);
void     mips64_tlb_op (mips64_cpu_t *cpu, int opc);

/* mips64-cp0.c */
void     mips64_exception (mips64_cpu_t *cpu, int exc, uint64_t pc, bool ds);
void     mips64_exception_vec (mips64_cpu_t *cpu, int exc, uint64_t pc, bool ds,
                               uint32_t offset);
uint64_t mips64_cp0_read (mips64_cpu_t *cpu, unsigned reg, unsigned sel);
void     mips64_cp0_write (mips64_cpu_t *cpu, unsigned reg, unsigned sel, uint64_t v);
void     mips64_update_mode (mips64_cpu_t *cpu);
bool     mips64_irq_pending (const mips64_cpu_t *cpu);
bool     mips64_check_interrupt (mips64_cpu_t *cpu);
void     mips64_eret (mips64_cpu_t *cpu);
uint32_t mips64_cause_read (const mips64_cpu_t *cpu);
uint32_t mips64_count_read (mips64_cpu_t *cpu);
void     mips64_check_timer (mips64_cpu_t *cpu);
uint64_t mips64_clock_ns (mips64_cpu_t *cpu);

/* mips64-fpu.c */
bool     mips64_fpu_op (mips64_cpu_t *cpu, uint32_t insn, uint64_t pc, bool ds);
bool     mips64_fpu_move (mips64_cpu_t *cpu, const mips64_op_t *op, uint64_t pc, bool ds);
uint64_t mips64_fpr_get_d (const mips64_cpu_t *cpu, unsigned r);
void     mips64_fpr_set_d (mips64_cpu_t *cpu, unsigned r, uint64_t v);
uint32_t mips64_fpr_get_s (const mips64_cpu_t *cpu, unsigned r);
void     mips64_fpr_set_s (mips64_cpu_t *cpu, unsigned r, uint32_t v);
bool     mips64_fpu_cc (const mips64_cpu_t *cpu, unsigned cc);

/* mips64-cpu.c */
mips64_block_t *mips64_lookup_block (mips64_cpu_t *cpu, uint64_t pc);
void     mips64_invalidate_phys (mips64_cpu_t *cpu, uint64_t paddr, uint64_t len);
void     mips64_set_fault (mips64_cpu_t *cpu, const char *fmt, ...) G_GNUC_PRINTF (2, 3);
bool     mips64_syscall (mips64_cpu_t *cpu, uint64_t pc, bool ds);
void     mips64_flush_jc (mips64_cpu_t *cpu);
bool     mips64_is_breakpoint (mips64_cpu_t *cpu, uint64_t pc);

static inline void
mips64_set_flag (mips64_cpu_t *cpu, uint32_t f)
{
  __atomic_fetch_or (&cpu->exit_flags, f, __ATOMIC_RELAXED);
}

static inline bool
mips64_kernel_mode (const mips64_cpu_t *cpu)
{
  return (cpu->status & (ST_EXL | ST_ERL)) || (cpu->status & ST_KSU) == 0;
}

static inline int
mips64_mmu_mode (uint32_t status)
{
  if (status & (ST_EXL | ST_ERL))
    return MMU_KERNEL;
  return (status & ST_KSU) >> 3 >= 2 ? MMU_USER : (int) ((status & ST_KSU) >> 3);
}
