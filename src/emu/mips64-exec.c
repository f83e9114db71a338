/* mips64-exec.c: the interpreter loop over decoded blocks
 *
 * Copyright 2026 The Wirelab authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * One function, direct-threaded with computed goto: every op ends by
 * jumping straight to the next op's handler.  Blocks chain to their
 * successors without coming back to the dispatcher; exit flags and the
 * instruction budget are checked only when passing from block to block.
 * Loads and stores go through the software TLB inline and fall back to
 * mips64-mem.c on a miss.
 */

#define G_LOG_DOMAIN "wl-mips64"

#include "config.h"

#include "emu/mips64-internal.h"

#define likely(x)   __builtin_expect (!!(x), 1)
#define unlikely(x) __builtin_expect (!!(x), 0)

#define SX32(x) ((uint64_t) (int64_t) (int32_t) (uint32_t) (x))

static inline __attribute__ ((always_inline)) bool
load_mem (mips64_cpu_t *cpu,
          uint64_t      va,
          unsigned      size,
          uint64_t     *val,
          uint64_t      pc,
          bool          ds)
{
  const mips64_stlb_entry_t *e = &cpu->stlb[(va >> 12) & (MIPS64_STLB_SIZE - 1)];

  if (likely (e->tag_r == (va & (MIPS64_PAGE_MASK | (size - 1)))))
    {
      const void *p = (const void *) (e->addend + (uintptr_t) va);

      switch (size)
        {
        case 1: *val = *(const uint8_t *) p; break;
        case 2: *val = __builtin_bswap16 (*(const uint16_t *) p); break;
        case 4: *val = __builtin_bswap32 (*(const uint32_t *) p); break;
        default: *val = __builtin_bswap64 (*(const uint64_t *) p); break;
        }
      return true;
    }
  return mips64_load_slow (cpu, va, size, val, pc, ds);
}

static inline __attribute__ ((always_inline)) bool
store_mem (mips64_cpu_t *cpu,
           uint64_t      va,
           unsigned      size,
           uint64_t      val,
           uint64_t      pc,
           bool          ds)
{
  const mips64_stlb_entry_t *e = &cpu->stlb[(va >> 12) & (MIPS64_STLB_SIZE - 1)];

  if (likely (e->tag_w == (va & (MIPS64_PAGE_MASK | (size - 1)))))
    {
      void *p = (void *) (e->addend + (uintptr_t) va);

      switch (size)
        {
        case 1: *(uint8_t *) p = (uint8_t) val; break;
        case 2: *(uint16_t *) p = __builtin_bswap16 ((uint16_t) val); break;
        case 4: *(uint32_t *) p = __builtin_bswap32 ((uint32_t) val); break;
        default: *(uint64_t *) p = __builtin_bswap64 (val); break;
        }
      return true;
    }
  return mips64_store_slow (cpu, va, size, val, pc, ds);
}

static bool
cop_unusable (mips64_cpu_t *cpu,
              unsigned      n,
              uint64_t      pc,
              bool          ds)
{
  cpu->cause = (cpu->cause & ~CAUSE_CE) | (n << 28);
  mips64_exception (cpu, EXC_CPU, pc, ds);
  return false;
}

/* CP0 instructions need kernel mode or Status.CU0. */
static inline bool
cp0_ok (const mips64_cpu_t *cpu)
{
  return mips64_kernel_mode (cpu) || (cpu->status & ST_CU0);
}

static bool
rdhwr (mips64_cpu_t *cpu,
       unsigned      hwr,
       uint64_t     *val)
{
  if (!mips64_kernel_mode (cpu) && !cpu->config.user_flat && !(cpu->hwrena & (1u << hwr)))
    return false;
  switch (hwr)
    {
    case 0: *val = 0; return true;                              /* CPUNum */
    case 1: *val = 32; return true;                             /* SYNCI_Step */
    case 2: *val = SX32 (mips64_count_read (cpu)); return true; /* CC */
    case 3: *val = 1; return true;                              /* CCRes */
    case 29: *val = cpu->userlocal; return true;                /* UserLocal */
    default: return false;
    }
}

const void *const *mips64_exec_handlers;

void
mips64_exec (mips64_cpu_t   *cpu,
             mips64_block_t *b)
{
#define MIPS64_OP_LABEL(n) [MIPS64_OP_##n] = &&op_##n,
  static const void *const labels[MIPS64_OP__COUNT] = {
    MIPS64_OPS (MIPS64_OP_LABEL)
  };
#undef MIPS64_OP_LABEL
  uint64_t *r;
  const mips64_op_t *op;
  unsigned btaken = 0;
  uint64_t btarget = 0;
  mips64_block_t *nb;

#define DISPATCH() goto *op->h
#define NEXT() do { op++; DISPATCH (); } while (0)
#define PC() (b->vpc + 4u * (op->idx & MIPS64_IDX_MASK))
#define DS() ((op->idx & MIPS64_IDX_DS) != 0)
#define RAISE(code) do { mips64_exception (cpu, (code), PC (), DS ()); goto exc_exit; } while (0)
#define LOAD(size, dst) do { \
      if (unlikely (!load_mem (cpu, r[op->rs] + (uint64_t) op->imm, (size), &(dst), PC (), DS ()))) \
        goto exc_exit; \
    } while (0)
#define STORE(va, size, val) do { \
      if (unlikely (!store_mem (cpu, (va), (size), (val), PC (), DS ()))) \
        goto exc_exit; \
    } while (0)
#define NEED_CP0() do { \
      if (unlikely (!cp0_ok (cpu))) { cop_unusable (cpu, 0, PC (), DS ()); goto exc_exit; } \
    } while (0)
#define NEED_CP1() do { \
      if (unlikely (!(cpu->status & ST_CU1))) { cop_unusable (cpu, 1, PC (), DS ()); goto exc_exit; } \
    } while (0)

  if (cpu == NULL)
    {
      mips64_exec_handlers = (const void *const *) labels;
      return;
    }
  r = cpu->gpr;
  /* The first block always runs: the dispatcher has checked the flags. */
  goto run_block;

enter_block:
  /* A chained block runs only if nothing is pending and it fits in the
   * budget; otherwise the dispatcher takes over at its start. */
  if (unlikely (__atomic_load_n (&cpu->exit_flags, __ATOMIC_RELAXED) != 0))
    goto leave_at_block;
  if (unlikely ((cpu->icount_left -= b->n_insns) < 0))
    {
      cpu->icount_left += b->n_insns;
      goto leave_at_block;
    }
  op = b->ops;
  DISPATCH ();
run_block:
  cpu->icount_left -= b->n_insns;
  op = b->ops;
  DISPATCH ();
leave_at_block:
  cpu->pc = b->vpc;
  return;

op_NOP:
  NEXT ();
op_RI:
  RAISE (EXC_RI);
op_CPU_UNUSABLE:
  cop_unusable (cpu, op->sa, PC (), DS ());
  goto exc_exit;

  /* ---- integer, register forms ---- */
op_ADDU:
  r[op->rd] = SX32 ((uint32_t) r[op->rs] + (uint32_t) r[op->rt]);
  NEXT ();
op_ADD:
  {
    int32_t res;

    if (__builtin_add_overflow ((int32_t) r[op->rs], (int32_t) r[op->rt], &res))
      RAISE (EXC_OV);
    r[op->rd] = (uint64_t) (int64_t) res;
    NEXT ();
  }
op_SUBU:
  r[op->rd] = SX32 ((uint32_t) r[op->rs] - (uint32_t) r[op->rt]);
  NEXT ();
op_SUB:
  {
    int32_t res;

    if (__builtin_sub_overflow ((int32_t) r[op->rs], (int32_t) r[op->rt], &res))
      RAISE (EXC_OV);
    r[op->rd] = (uint64_t) (int64_t) res;
    NEXT ();
  }
op_DADDU:
  r[op->rd] = r[op->rs] + r[op->rt];
  NEXT ();
op_DADD:
  {
    int64_t res;

    if (__builtin_add_overflow ((int64_t) r[op->rs], (int64_t) r[op->rt], &res))
      RAISE (EXC_OV);
    r[op->rd] = (uint64_t) res;
    NEXT ();
  }
op_DSUBU:
  r[op->rd] = r[op->rs] - r[op->rt];
  NEXT ();
op_DSUB:
  {
    int64_t res;

    if (__builtin_sub_overflow ((int64_t) r[op->rs], (int64_t) r[op->rt], &res))
      RAISE (EXC_OV);
    r[op->rd] = (uint64_t) res;
    NEXT ();
  }
op_AND:
  r[op->rd] = r[op->rs] & r[op->rt];
  NEXT ();
op_OR:
  r[op->rd] = r[op->rs] | r[op->rt];
  NEXT ();
op_XOR:
  r[op->rd] = r[op->rs] ^ r[op->rt];
  NEXT ();
op_NOR:
  r[op->rd] = ~(r[op->rs] | r[op->rt]);
  NEXT ();
op_SLT:
  r[op->rd] = (int64_t) r[op->rs] < (int64_t) r[op->rt];
  NEXT ();
op_SLTU:
  r[op->rd] = r[op->rs] < r[op->rt];
  NEXT ();
op_MOVZ:
  if (r[op->rt] == 0)
    r[op->rd] = r[op->rs];
  NEXT ();
op_MOVN:
  if (r[op->rt] != 0)
    r[op->rd] = r[op->rs];
  NEXT ();
op_MOVE:
  r[op->rd] = r[op->rs];
  NEXT ();
op_MOVCI:
  NEED_CP1 ();
  if (mips64_fpu_cc (cpu, op->rt >> 2) == (op->rt & 1))
    r[op->rd] = r[op->rs];
  NEXT ();

  /* ---- integer, immediate forms ---- */
op_ADDIU:
  r[op->rt] = SX32 ((uint32_t) r[op->rs] + (uint32_t) op->imm);
  NEXT ();
op_ADDI:
  {
    int32_t res;

    if (__builtin_add_overflow ((int32_t) r[op->rs], (int32_t) op->imm, &res))
      RAISE (EXC_OV);
    r[op->rt] = (uint64_t) (int64_t) res;
    NEXT ();
  }
op_DADDIU:
  r[op->rt] = r[op->rs] + (uint64_t) op->imm;
  NEXT ();
op_DADDI:
  {
    int64_t res;

    if (__builtin_add_overflow ((int64_t) r[op->rs], op->imm, &res))
      RAISE (EXC_OV);
    r[op->rt] = (uint64_t) res;
    NEXT ();
  }
op_SLTI:
  r[op->rt] = (int64_t) r[op->rs] < op->imm;
  NEXT ();
op_SLTIU:
  r[op->rt] = r[op->rs] < (uint64_t) op->imm;
  NEXT ();
op_ANDI:
  r[op->rt] = r[op->rs] & (uint64_t) op->imm;
  NEXT ();
op_ORI:
  r[op->rt] = r[op->rs] | (uint64_t) op->imm;
  NEXT ();
op_XORI:
  r[op->rt] = r[op->rs] ^ (uint64_t) op->imm;
  NEXT ();
op_LI:
  r[op->rt] = (uint64_t) op->imm;
  NEXT ();

  /* ---- shifts ---- */
op_SLL:
  r[op->rd] = SX32 ((uint32_t) r[op->rt] << op->sa);
  NEXT ();
op_SRL:
  r[op->rd] = SX32 ((uint32_t) r[op->rt] >> op->sa);
  NEXT ();
op_SRA:
  /* As QEMU: an arithmetic shift of the whole register; the same as the
   * architected result for the sign-extended inputs a 32-bit op requires. */
  r[op->rd] = (uint64_t) ((int64_t) r[op->rt] >> op->sa);
  NEXT ();
op_ROTR:
  {
    uint32_t x = (uint32_t) r[op->rt];

    r[op->rd] = SX32 ((x >> op->sa) | (x << ((32 - op->sa) & 31)));
    NEXT ();
  }
op_DSLL:
  r[op->rd] = r[op->rt] << op->sa;
  NEXT ();
op_DSRL:
  r[op->rd] = r[op->rt] >> op->sa;
  NEXT ();
op_DSRA:
  r[op->rd] = (uint64_t) ((int64_t) r[op->rt] >> op->sa);
  NEXT ();
op_DROTR:
  {
    uint64_t x = r[op->rt];

    r[op->rd] = (x >> op->sa) | (x << ((64 - op->sa) & 63));
    NEXT ();
  }
op_SLLV:
  r[op->rd] = SX32 ((uint32_t) r[op->rt] << (r[op->rs] & 31));
  NEXT ();
op_SRLV:
  r[op->rd] = SX32 ((uint32_t) r[op->rt] >> (r[op->rs] & 31));
  NEXT ();
op_SRAV:
  r[op->rd] = (uint64_t) ((int64_t) r[op->rt] >> (r[op->rs] & 31));
  NEXT ();
op_ROTRV:
  {
    uint32_t x = (uint32_t) r[op->rt];
    unsigned s = r[op->rs] & 31;

    r[op->rd] = SX32 ((x >> s) | (x << ((32 - s) & 31)));
    NEXT ();
  }
op_DSLLV:
  r[op->rd] = r[op->rt] << (r[op->rs] & 63);
  NEXT ();
op_DSRLV:
  r[op->rd] = r[op->rt] >> (r[op->rs] & 63);
  NEXT ();
op_DSRAV:
  r[op->rd] = (uint64_t) ((int64_t) r[op->rt] >> (r[op->rs] & 63));
  NEXT ();
op_DROTRV:
  {
    uint64_t x = r[op->rt];
    unsigned s = r[op->rs] & 63;

    r[op->rd] = (x >> s) | (x << ((64 - s) & 63));
    NEXT ();
  }

  /* ---- multiply and divide (divide by zero as QEMU: quotient = dividend) ---- */
op_MULT:
  {
    int64_t p = (int64_t) (int32_t) r[op->rs] * (int64_t) (int32_t) r[op->rt];

    cpu->lo = SX32 (p);
    cpu->hi = SX32 ((uint64_t) p >> 32);
    NEXT ();
  }
op_MULTU:
  {
    uint64_t p = (uint64_t) (uint32_t) r[op->rs] * (uint32_t) r[op->rt];

    cpu->lo = SX32 (p);
    cpu->hi = SX32 (p >> 32);
    NEXT ();
  }
op_DIV:
  {
    int64_t a = (int32_t) r[op->rs], d = (int32_t) r[op->rt];

    if (d == 0 || (a == INT32_MIN && d == -1))
      d = 1;
    cpu->lo = SX32 (a / d);
    cpu->hi = SX32 (a % d);
    NEXT ();
  }
op_DIVU:
  {
    uint64_t a = (uint32_t) r[op->rs], d = (uint32_t) r[op->rt];

    if (d == 0)
      d = 1;
    cpu->lo = SX32 (a / d);
    cpu->hi = SX32 (a % d);
    NEXT ();
  }
op_DMULT:
  {
    __int128 p = (__int128) (int64_t) r[op->rs] * (int64_t) r[op->rt];

    cpu->lo = (uint64_t) p;
    cpu->hi = (uint64_t) ((unsigned __int128) p >> 64);
    NEXT ();
  }
op_DMULTU:
  {
    unsigned __int128 p = (unsigned __int128) r[op->rs] * r[op->rt];

    cpu->lo = (uint64_t) p;
    cpu->hi = (uint64_t) (p >> 64);
    NEXT ();
  }
op_DDIV:
  {
    int64_t a = (int64_t) r[op->rs], d = (int64_t) r[op->rt];

    if (d == 0 || (a == INT64_MIN && d == -1))
      d = 1;
    cpu->lo = (uint64_t) (a / d);
    cpu->hi = (uint64_t) (a % d);
    NEXT ();
  }
op_DDIVU:
  {
    uint64_t a = r[op->rs], d = r[op->rt];

    if (d == 0)
      d = 1;
    cpu->lo = a / d;
    cpu->hi = a % d;
    NEXT ();
  }
op_MFHI:
  r[op->rd] = cpu->hi;
  NEXT ();
op_MFLO:
  r[op->rd] = cpu->lo;
  NEXT ();
op_MTHI:
  cpu->hi = r[op->rs];
  NEXT ();
op_MTLO:
  cpu->lo = r[op->rs];
  NEXT ();
op_MUL:
  r[op->rd] = SX32 ((uint32_t) r[op->rs] * (uint32_t) r[op->rt]);
  NEXT ();
op_MADD:
op_MSUB:
  {
    /* QEMU multiplies the whole registers (unpredictable unless they are
     * sign-extended words); do the same so both agree. */
    int64_t acc = (int64_t) ((cpu->hi << 32) | (uint32_t) cpu->lo);
    int64_t p = (int64_t) (r[op->rs] * r[op->rt]);

    acc = (int64_t) (op->opc == MIPS64_OP_MADD ? (uint64_t) acc + (uint64_t) p
                                                : (uint64_t) acc - (uint64_t) p);
    cpu->lo = SX32 (acc);
    cpu->hi = SX32 ((uint64_t) acc >> 32);
    NEXT ();
  }
op_MADDU:
op_MSUBU:
  {
    uint64_t acc = (cpu->hi << 32) | (uint32_t) cpu->lo;
    uint64_t p = (uint64_t) (uint32_t) r[op->rs] * (uint32_t) r[op->rt];

    acc = op->opc == MIPS64_OP_MADDU ? acc + p : acc - p;
    cpu->lo = SX32 (acc);
    cpu->hi = SX32 (acc >> 32);
    NEXT ();
  }
op_CLZ:
  {
    uint32_t x = (uint32_t) r[op->rs];

    r[op->rd] = x != 0 ? (uint64_t) __builtin_clz (x) : 32;
    NEXT ();
  }
op_CLO:
  {
    uint32_t x = ~(uint32_t) r[op->rs];

    r[op->rd] = x != 0 ? (uint64_t) __builtin_clz (x) : 32;
    NEXT ();
  }
op_DCLZ:
  {
    uint64_t x = r[op->rs];

    r[op->rd] = x != 0 ? (uint64_t) __builtin_clzll (x) : 64;
    NEXT ();
  }
op_DCLO:
  {
    uint64_t x = ~r[op->rs];

    r[op->rd] = x != 0 ? (uint64_t) __builtin_clzll (x) : 64;
    NEXT ();
  }

  /* ---- release 2 ---- */
op_EXT:
  r[op->rd] = SX32 ((r[op->rs] >> op->sa) & (uint64_t) op->imm);
  NEXT ();
op_DEXT:
  r[op->rd] = (r[op->rs] >> op->sa) & (uint64_t) op->imm;
  NEXT ();
op_INS:
  {
    uint64_t m = (uint64_t) op->imm;

    r[op->rd] = SX32 ((r[op->rt] & ~m) | ((r[op->rs] << op->sa) & m));
    NEXT ();
  }
op_DINS:
  {
    uint64_t m = (uint64_t) op->imm;

    r[op->rd] = (r[op->rt] & ~m) | ((r[op->rs] << op->sa) & m);
    NEXT ();
  }
op_SEB:
  r[op->rd] = (uint64_t) (int64_t) (int8_t) r[op->rt];
  NEXT ();
op_SEH:
  r[op->rd] = (uint64_t) (int64_t) (int16_t) r[op->rt];
  NEXT ();
op_WSBH:
  {
    uint32_t x = (uint32_t) r[op->rt];

    r[op->rd] = SX32 (((x & 0x00ff00ffu) << 8) | ((x >> 8) & 0x00ff00ffu));
    NEXT ();
  }
op_DSBH:
  {
    uint64_t x = r[op->rt];

    r[op->rd] = ((x & 0x00ff00ff00ff00ffull) << 8) | ((x >> 8) & 0x00ff00ff00ff00ffull);
    NEXT ();
  }
op_DSHD:
  {
    uint64_t x = r[op->rt];

    x = ((x & 0x0000ffff0000ffffull) << 16) | ((x >> 16) & 0x0000ffff0000ffffull);
    r[op->rd] = (x << 32) | (x >> 32);
    NEXT ();
  }
op_RDHWR:
  {
    uint64_t v;

    if (!rdhwr (cpu, op->rd, &v))
      RAISE (EXC_RI);
    r[op->rt] = v;
    NEXT ();
  }

  /* ---- traps ---- */
op_TGE:
  if ((int64_t) r[op->rs] >= (int64_t) r[op->rt])
    RAISE (EXC_TR);
  NEXT ();
op_TGEU:
  if (r[op->rs] >= r[op->rt])
    RAISE (EXC_TR);
  NEXT ();
op_TLT:
  if ((int64_t) r[op->rs] < (int64_t) r[op->rt])
    RAISE (EXC_TR);
  NEXT ();
op_TLTU:
  if (r[op->rs] < r[op->rt])
    RAISE (EXC_TR);
  NEXT ();
op_TEQ:
  if (r[op->rs] == r[op->rt])
    RAISE (EXC_TR);
  NEXT ();
op_TNE:
  if (r[op->rs] != r[op->rt])
    RAISE (EXC_TR);
  NEXT ();
op_TGEI:
  if ((int64_t) r[op->rs] >= op->imm)
    RAISE (EXC_TR);
  NEXT ();
op_TGEIU:
  if (r[op->rs] >= (uint64_t) op->imm)
    RAISE (EXC_TR);
  NEXT ();
op_TLTI:
  if ((int64_t) r[op->rs] < op->imm)
    RAISE (EXC_TR);
  NEXT ();
op_TLTIU:
  if (r[op->rs] < (uint64_t) op->imm)
    RAISE (EXC_TR);
  NEXT ();
op_TEQI:
  if ((int64_t) r[op->rs] == op->imm)
    RAISE (EXC_TR);
  NEXT ();
op_TNEI:
  if ((int64_t) r[op->rs] != op->imm)
    RAISE (EXC_TR);
  NEXT ();

  /* ---- loads ---- */
op_LB:
  {
    uint64_t v;

    LOAD (1, v);
    r[op->rt] = (uint64_t) (int64_t) (int8_t) v;
    NEXT ();
  }
op_LBU:
  {
    uint64_t v;

    LOAD (1, v);
    r[op->rt] = v;
    NEXT ();
  }
op_LH:
  {
    uint64_t v;

    LOAD (2, v);
    r[op->rt] = (uint64_t) (int64_t) (int16_t) v;
    NEXT ();
  }
op_LHU:
  {
    uint64_t v;

    LOAD (2, v);
    r[op->rt] = v;
    NEXT ();
  }
op_LW:
  {
    uint64_t v;

    LOAD (4, v);
    r[op->rt] = SX32 (v);
    NEXT ();
  }
op_LWU:
  {
    uint64_t v;

    LOAD (4, v);
    r[op->rt] = v;
    NEXT ();
  }
op_LD:
  {
    uint64_t v;

    LOAD (8, v);
    r[op->rt] = v;
    NEXT ();
  }
op_LL:
  {
    uint64_t v, va = r[op->rs] + (uint64_t) op->imm;

    LOAD (4, v);
    r[op->rt] = SX32 (v);
    cpu->lladdr = va;
    cpu->llbit = true;
    NEXT ();
  }
op_LLD:
  {
    uint64_t v, va = r[op->rs] + (uint64_t) op->imm;

    LOAD (8, v);
    r[op->rt] = v;
    cpu->lladdr = va;
    cpu->llbit = true;
    NEXT ();
  }
op_LWL:
  {
    uint64_t va = r[op->rs] + (uint64_t) op->imm, w;
    unsigned sh = (va & 3) * 8;
    uint32_t m = 0xffffffffu << sh;

    if (!load_mem (cpu, va & ~(uint64_t) 3, 4, &w, PC (), DS ()))
      goto exc_exit;
    r[op->rt] = SX32 (((uint32_t) w << sh) | ((uint32_t) r[op->rd] & ~m));
    NEXT ();
  }
op_LWR:
  {
    uint64_t va = r[op->rs] + (uint64_t) op->imm, w;
    unsigned sh = (3 - (va & 3)) * 8;
    uint32_t m = 0xffffffffu >> sh;

    if (!load_mem (cpu, va & ~(uint64_t) 3, 4, &w, PC (), DS ()))
      goto exc_exit;
    r[op->rt] = SX32 (((uint32_t) w >> sh) | ((uint32_t) r[op->rd] & ~m));
    NEXT ();
  }
op_LDL:
  {
    uint64_t va = r[op->rs] + (uint64_t) op->imm, w;
    unsigned sh = (va & 7) * 8;
    uint64_t m = ~0ull << sh;

    if (!load_mem (cpu, va & ~(uint64_t) 7, 8, &w, PC (), DS ()))
      goto exc_exit;
    r[op->rt] = (w << sh) | (r[op->rd] & ~m);
    NEXT ();
  }
op_LDR:
  {
    uint64_t va = r[op->rs] + (uint64_t) op->imm, w;
    unsigned sh = (7 - (va & 7)) * 8;
    uint64_t m = ~0ull >> sh;

    if (!load_mem (cpu, va & ~(uint64_t) 7, 8, &w, PC (), DS ()))
      goto exc_exit;
    r[op->rt] = (w >> sh) | (r[op->rd] & ~m);
    NEXT ();
  }

  /* ---- stores ---- */
op_SB:
  STORE (r[op->rs] + (uint64_t) op->imm, 1, r[op->rt]);
  NEXT ();
op_SH:
  STORE (r[op->rs] + (uint64_t) op->imm, 2, r[op->rt]);
  NEXT ();
op_SW:
  STORE (r[op->rs] + (uint64_t) op->imm, 4, r[op->rt]);
  NEXT ();
op_SD:
  STORE (r[op->rs] + (uint64_t) op->imm, 8, r[op->rt]);
  NEXT ();
op_SWL:
  {
    /* Bytes from the most significant end of rt, up to the word's end. */
    uint64_t va = r[op->rs] + (uint64_t) op->imm;
    uint32_t v = (uint32_t) r[op->rt];
    unsigned n = 4 - (va & 3);

    for (unsigned i = 0; i < n; i++)
      STORE (va + i, 1, v >> (24 - 8 * i));
    NEXT ();
  }
op_SWR:
  {
    uint64_t va = r[op->rs] + (uint64_t) op->imm;
    uint32_t v = (uint32_t) r[op->rt];
    unsigned n = (va & 3) + 1;

    for (unsigned i = 0; i < n; i++)
      STORE (va - i, 1, v >> (8 * i));
    NEXT ();
  }
op_SDL:
  {
    uint64_t va = r[op->rs] + (uint64_t) op->imm;
    uint64_t v = r[op->rt];
    unsigned n = 8 - (va & 7);

    for (unsigned i = 0; i < n; i++)
      STORE (va + i, 1, v >> (56 - 8 * i));
    NEXT ();
  }
op_SDR:
  {
    uint64_t va = r[op->rs] + (uint64_t) op->imm;
    uint64_t v = r[op->rt];
    unsigned n = (va & 7) + 1;

    for (unsigned i = 0; i < n; i++)
      STORE (va - i, 1, v >> (8 * i));
    NEXT ();
  }
op_SC:
op_SCD:
  {
    uint64_t va = r[op->rs] + (uint64_t) op->imm;
    unsigned size = op->opc == MIPS64_OP_SC ? 4 : 8;

    if (va & (size - 1))
      {
        cpu->badvaddr = va;
        RAISE (EXC_ADES);
      }
    if (cpu->llbit && cpu->lladdr == va)
      {
        STORE (va, size, r[op->rt]);
        r[op->rd] = 1;
      }
    else
      r[op->rd] = 0;
    cpu->llbit = false;
    NEXT ();
  }

  /* ---- branches: condition now, transfer in the END op ---- */
op_BEQ:
  btaken = r[op->rs] == r[op->rt];
  NEXT ();
op_BNE:
  btaken = r[op->rs] != r[op->rt];
  NEXT ();
op_BLEZ:
  btaken = (int64_t) r[op->rs] <= 0;
  NEXT ();
op_BGTZ:
  btaken = (int64_t) r[op->rs] > 0;
  NEXT ();
op_BLTZ:
  btaken = (int64_t) r[op->rs] < 0;
  NEXT ();
op_BGEZ:
  btaken = (int64_t) r[op->rs] >= 0;
  NEXT ();
op_BLTZAL:
  btaken = (int64_t) r[op->rs] < 0;
  r[31] = (uint64_t) op->imm;
  NEXT ();
op_BGEZAL:
  btaken = (int64_t) r[op->rs] >= 0;
  r[31] = (uint64_t) op->imm;
  NEXT ();
op_BEQL:
  btaken = r[op->rs] == r[op->rt];
  goto likely_tail;
op_BNEL:
  btaken = r[op->rs] != r[op->rt];
  goto likely_tail;
op_BLEZL:
  btaken = (int64_t) r[op->rs] <= 0;
  goto likely_tail;
op_BGTZL:
  btaken = (int64_t) r[op->rs] > 0;
  goto likely_tail;
op_BLTZL:
  btaken = (int64_t) r[op->rs] < 0;
  goto likely_tail;
op_BGEZL:
  btaken = (int64_t) r[op->rs] >= 0;
  goto likely_tail;
op_BLTZALL:
  btaken = (int64_t) r[op->rs] < 0;
  r[31] = (uint64_t) op->imm;
  goto likely_tail;
op_BGEZALL:
  btaken = (int64_t) r[op->rs] >= 0;
  r[31] = (uint64_t) op->imm;
  goto likely_tail;
op_BC1F:
  NEED_CP1 ();
  btaken = !mips64_fpu_cc (cpu, op->rt);
  NEXT ();
op_BC1T:
  NEED_CP1 ();
  btaken = mips64_fpu_cc (cpu, op->rt);
  NEXT ();
op_BC1FL:
  NEED_CP1 ();
  btaken = !mips64_fpu_cc (cpu, op->rt);
  goto likely_tail;
op_BC1TL:
  NEED_CP1 ();
  btaken = mips64_fpu_cc (cpu, op->rt);
  goto likely_tail;
likely_tail:
  if (!btaken)
    op += op->sa;
  NEXT ();
op_J:
  btaken = 1;
  NEXT ();
op_JAL:
  btaken = 1;
  r[31] = (uint64_t) op->imm;
  NEXT ();
op_JR:
  btarget = r[op->rs];
  NEXT ();
op_JALR:
  btarget = r[op->rs];
  r[op->rd] = b->vpc + 4u * ((op->idx & MIPS64_IDX_MASK) + 2);
  NEXT ();

  /* ---- block ends ---- */
op_END_FALL:
  btaken = 0;
  goto chain;
op_END_BACKEDGE:   /* the idle detector looks at these from the dispatcher */
op_END_BRANCH:
chain:
  {
    /* Chains stay valid until the dispatcher clears them (invalidation,
     * TLB changes); they only link blocks decoded in the same mode. */
    unsigned t = btaken;

    nb = b->succ[t];
    if (likely (nb != NULL))
      {
        b = nb;
        goto enter_block;
      }
    nb = cpu->jc[(b->succ_pc[t] >> 2) & (MIPS64_JC_SIZE - 1)];
    if (nb != NULL && nb->vpc == b->succ_pc[t] && nb->key == cpu->key)
      {
        if (nb->key == b->key)
          b->succ[t] = nb;
        b = nb;
        goto enter_block;
      }
    cpu->pc = b->succ_pc[t];
    return;
  }
op_END_INDIRECT:
  /* succ[1] caches the last target. */
  nb = b->succ[1];
  if (nb != NULL && nb->vpc == btarget)
    {
      b = nb;
      goto enter_block;
    }
  nb = cpu->jc[(btarget >> 2) & (MIPS64_JC_SIZE - 1)];
  if (nb != NULL && nb->vpc == btarget && nb->key == cpu->key)
    {
      if (nb->key == b->key)
        b->succ[1] = nb;
      b = nb;
      goto enter_block;
    }
  cpu->pc = btarget;
  return;
op_END_EXIT:
  cpu->pc = b->succ_pc[0];
  return;
op_END_DSPAGE:
  {
    bool likely_br = op->rt != 0, indirect = op->sa != 0;
    uint64_t bpc = b->vpc + 4u * (b->n_insns - 1u);

    if (likely_br && !btaken)
      {
        cpu->pc = bpc + 8;
        return;
      }
    cpu->ds_target = indirect ? btarget : (btaken ? b->succ_pc[1] : bpc + 8);
    cpu->in_ds = true;
    cpu->pc = bpc + 4;
    return;
  }
op_END_DS:
  cpu->in_ds = false;
  cpu->pc = cpu->ds_target;
  return;
op_IDLE_PC:
  if (cpu->idle_skip_pc == b->vpc)
    {
      cpu->idle_skip_pc = 1;
      NEXT ();
    }
  cpu->idle_skip_pc = b->vpc;
  cpu->stop_reason = MIPS64_EXIT_IDLE;
  goto stop_here;
op_BKPT:
  if (cpu->bp_skip_pc == b->vpc)
    {
      cpu->bp_skip_pc = 1;
      NEXT ();
    }
  cpu->bp_skip_pc = b->vpc;
  cpu->stop_reason = MIPS64_EXIT_BREAKPOINT;
  goto stop_here;

  /* ---- system ---- */
op_SYSCALL:
  if (!mips64_syscall (cpu, PC (), DS ()))
    goto exc_exit;
  NEXT ();
op_BREAK:
  RAISE (EXC_BP);
op_WAIT:
  NEED_CP0 ();
  if (!mips64_cpu_wake_pending (cpu))
    {
      mips64_check_timer (cpu);
      if (!mips64_cpu_wake_pending (cpu))
        {
          cpu->waiting = true;
          cpu->stop_reason = MIPS64_EXIT_WAIT;
          cpu->pc = PC () + 4;
          mips64_set_flag (cpu, XF_STOP);
          return;
        }
    }
  NEXT ();
op_ERET:
  NEED_CP0 ();
  mips64_eret (cpu);
  return;
op_MFC0:
  NEED_CP0 ();
  r[op->rt] = SX32 (mips64_cp0_read (cpu, op->rd, op->sa));
  NEXT ();
op_DMFC0:
  NEED_CP0 ();
  r[op->rt] = mips64_cp0_read (cpu, op->rd, op->sa);
  NEXT ();
op_MTC0:
  NEED_CP0 ();
  mips64_cp0_write (cpu, op->rd, op->sa, SX32 (r[op->rt]));
  NEXT ();
op_DMTC0:
  NEED_CP0 ();
  mips64_cp0_write (cpu, op->rd, op->sa, r[op->rt]);
  NEXT ();
op_TLBR:
op_TLBWI:
op_TLBWR:
op_TLBP:
  NEED_CP0 ();
  mips64_tlb_op (cpu, op->opc);
  NEXT ();
op_EI:
op_DI:
  NEED_CP0 ();
  r[op->rt] = SX32 (cpu->status);
  if (op->opc == MIPS64_OP_EI)
    cpu->status |= ST_IE;
  else
    cpu->status &= ~ST_IE;
  mips64_set_flag (cpu, XF_IRQ);
  NEXT ();
op_CACHE:
  NEED_CP0 ();
  NEXT ();

  /* ---- FPU ---- */
op_FPU:
  if (!mips64_fpu_op (cpu, (uint32_t) op->imm, PC (), DS ()))
    goto exc_exit;
  NEXT ();
op_MFC1:
op_MTC1:
op_DMFC1:
op_DMTC1:
op_MFHC1:
op_MTHC1:
op_CFC1:
op_CTC1:
  if (!mips64_fpu_move (cpu, op, PC (), DS ()))
    goto exc_exit;
  NEXT ();
op_FLOAD:
op_FLOADX:
  {
    uint64_t va, v;

    NEED_CP1 ();
    if (op->opc == MIPS64_OP_FLOAD)
      va = r[op->rs] + (uint64_t) op->imm;
    else
      va = (r[op->rs] + r[op->rt]) & (op->imm != 0 ? (uint64_t) op->imm : ~(uint64_t) 0);
    if (!load_mem (cpu, va, op->sa, &v, PC (), DS ()))
      goto exc_exit;
    if (op->sa == 4)
      mips64_fpr_set_s (cpu, op->opc == MIPS64_OP_FLOAD ? op->rt : op->rd, (uint32_t) v);
    else
      mips64_fpr_set_d (cpu, op->opc == MIPS64_OP_FLOAD ? op->rt : op->rd, v);
    NEXT ();
  }
op_FSTORE:
op_FSTOREX:
  {
    uint64_t va, v;
    unsigned reg = op->opc == MIPS64_OP_FSTORE ? op->rt : op->rd;

    NEED_CP1 ();
    if (op->opc == MIPS64_OP_FSTORE)
      va = r[op->rs] + (uint64_t) op->imm;
    else
      va = (r[op->rs] + r[op->rt]) & (op->imm != 0 ? (uint64_t) op->imm : ~(uint64_t) 0);
    v = op->sa == 4 ? mips64_fpr_get_s (cpu, reg) : mips64_fpr_get_d (cpu, reg);
    STORE (va, op->sa, v);
    NEXT ();
  }

stop_here:
  /* Leave before the current op; it runs when execution resumes. */
  cpu->pc = PC ();
  cpu->icount_left += b->n_insns - (op->idx & MIPS64_IDX_MASK);
  mips64_set_flag (cpu, XF_STOP);
  return;

exc_exit:
  /* The exception has set the PC; give back the instructions not run. */
  cpu->icount_left += b->n_insns - (op->idx & MIPS64_IDX_MASK);
  return;
}
