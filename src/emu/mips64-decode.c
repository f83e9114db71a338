/* mips64-decode.c: MIPS64 instruction words to mips64-ir.h ops
 *
 * Copyright 2026 The Wirelab authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * Decoding happens once per block; everything the interpreter would
 * otherwise recompute per execution (sign extension, masks, link values,
 * branch targets, $zero destinations) is settled here.
 */

#define G_LOG_DOMAIN "wl-mips64"

#include "config.h"

#include <string.h>

#include "emu/mips64-decode.h"
#include "emu/mips64-internal.h"

/* Destination register: writes to $zero go to the sink. */
#define D(x) ((uint8_t) ((x) != 0 ? (x) : MIPS64_GPR_SINK))

static void
set (mips64_op_t *op,
     unsigned     opc,
     unsigned     rd,
     unsigned     rs,
     unsigned     rt,
     unsigned     sa,
     int64_t      imm)
{
  op->opc = (uint16_t) opc;
  op->rd = (uint8_t) rd;
  op->rs = (uint8_t) rs;
  op->rt = (uint8_t) rt;
  op->sa = (uint8_t) sa;
  op->imm = imm;
}

static int
decode_special (uint32_t      insn,
                mips64_op_t  *op)
{
  unsigned rs = (insn >> 21) & 31, rt = (insn >> 16) & 31;
  unsigned rd = (insn >> 11) & 31, sa = (insn >> 6) & 31;

  switch (insn & 63)
    {
    case 0:
      if (rd == 0)
        {
          set (op, MIPS64_OP_NOP, 0, 0, 0, 0, 0);
          return MIPS64_DEC_NOP;
        }
      set (op, MIPS64_OP_SLL, D (rd), 0, rt, sa, 0);
      return MIPS64_DEC_NORMAL;
    case 1:
      set (op, MIPS64_OP_MOVCI, D (rd), rs, rt, 0, 0);
      return MIPS64_DEC_NORMAL;
    case 2:
      set (op, (rs & 1) ? MIPS64_OP_ROTR : MIPS64_OP_SRL, D (rd), 0, rt, sa, 0);
      return MIPS64_DEC_NORMAL;
    case 3: set (op, MIPS64_OP_SRA, D (rd), 0, rt, sa, 0); return MIPS64_DEC_NORMAL;
    case 4: set (op, MIPS64_OP_SLLV, D (rd), rs, rt, 0, 0); return MIPS64_DEC_NORMAL;
    case 6:
      set (op, (sa & 1) ? MIPS64_OP_ROTRV : MIPS64_OP_SRLV, D (rd), rs, rt, 0, 0);
      return MIPS64_DEC_NORMAL;
    case 7: set (op, MIPS64_OP_SRAV, D (rd), rs, rt, 0, 0); return MIPS64_DEC_NORMAL;
    case 8:
      set (op, MIPS64_OP_JR, 0, rs, 0, 0, 0);
      return MIPS64_DEC_INDIRECT;
    case 9:
      set (op, MIPS64_OP_JALR, D (rd), rs, 0, 0, 0);
      return MIPS64_DEC_INDIRECT;
    case 10: set (op, MIPS64_OP_MOVZ, D (rd), rs, rt, 0, 0); return MIPS64_DEC_NORMAL;
    case 11: set (op, MIPS64_OP_MOVN, D (rd), rs, rt, 0, 0); return MIPS64_DEC_NORMAL;
    case 12: set (op, MIPS64_OP_SYSCALL, 0, 0, 0, 0, 0); return MIPS64_DEC_EXIT;
    case 13: set (op, MIPS64_OP_BREAK, 0, 0, 0, 0, 0); return MIPS64_DEC_EXIT;
    case 15: set (op, MIPS64_OP_NOP, 0, 0, 0, 0, 0); return MIPS64_DEC_NOP;   /* SYNC */
    case 16: set (op, MIPS64_OP_MFHI, D (rd), 0, 0, 0, 0); return MIPS64_DEC_NORMAL;
    case 17: set (op, MIPS64_OP_MTHI, 0, rs, 0, 0, 0); return MIPS64_DEC_NORMAL;
    case 18: set (op, MIPS64_OP_MFLO, D (rd), 0, 0, 0, 0); return MIPS64_DEC_NORMAL;
    case 19: set (op, MIPS64_OP_MTLO, 0, rs, 0, 0, 0); return MIPS64_DEC_NORMAL;
    case 20: set (op, MIPS64_OP_DSLLV, D (rd), rs, rt, 0, 0); return MIPS64_DEC_NORMAL;
    case 22:
      set (op, (sa & 1) ? MIPS64_OP_DROTRV : MIPS64_OP_DSRLV, D (rd), rs, rt, 0, 0);
      return MIPS64_DEC_NORMAL;
    case 23: set (op, MIPS64_OP_DSRAV, D (rd), rs, rt, 0, 0); return MIPS64_DEC_NORMAL;
    case 24: set (op, MIPS64_OP_MULT, 0, rs, rt, 0, 0); return MIPS64_DEC_NORMAL;
    case 25: set (op, MIPS64_OP_MULTU, 0, rs, rt, 0, 0); return MIPS64_DEC_NORMAL;
    case 26: set (op, MIPS64_OP_DIV, 0, rs, rt, 0, 0); return MIPS64_DEC_NORMAL;
    case 27: set (op, MIPS64_OP_DIVU, 0, rs, rt, 0, 0); return MIPS64_DEC_NORMAL;
    case 28: set (op, MIPS64_OP_DMULT, 0, rs, rt, 0, 0); return MIPS64_DEC_NORMAL;
    case 29: set (op, MIPS64_OP_DMULTU, 0, rs, rt, 0, 0); return MIPS64_DEC_NORMAL;
    case 30: set (op, MIPS64_OP_DDIV, 0, rs, rt, 0, 0); return MIPS64_DEC_NORMAL;
    case 31: set (op, MIPS64_OP_DDIVU, 0, rs, rt, 0, 0); return MIPS64_DEC_NORMAL;
    case 32: set (op, MIPS64_OP_ADD, D (rd), rs, rt, 0, 0); return MIPS64_DEC_NORMAL;
    case 33: set (op, MIPS64_OP_ADDU, D (rd), rs, rt, 0, 0); return MIPS64_DEC_NORMAL;
    case 34: set (op, MIPS64_OP_SUB, D (rd), rs, rt, 0, 0); return MIPS64_DEC_NORMAL;
    case 35: set (op, MIPS64_OP_SUBU, D (rd), rs, rt, 0, 0); return MIPS64_DEC_NORMAL;
    case 36: set (op, MIPS64_OP_AND, D (rd), rs, rt, 0, 0); return MIPS64_DEC_NORMAL;
    case 37:
      if (rt == 0)
        set (op, MIPS64_OP_MOVE, D (rd), rs, 0, 0, 0);
      else if (rs == 0)
        set (op, MIPS64_OP_MOVE, D (rd), rt, 0, 0, 0);
      else
        set (op, MIPS64_OP_OR, D (rd), rs, rt, 0, 0);
      return MIPS64_DEC_NORMAL;
    case 38: set (op, MIPS64_OP_XOR, D (rd), rs, rt, 0, 0); return MIPS64_DEC_NORMAL;
    case 39: set (op, MIPS64_OP_NOR, D (rd), rs, rt, 0, 0); return MIPS64_DEC_NORMAL;
    case 42: set (op, MIPS64_OP_SLT, D (rd), rs, rt, 0, 0); return MIPS64_DEC_NORMAL;
    case 43: set (op, MIPS64_OP_SLTU, D (rd), rs, rt, 0, 0); return MIPS64_DEC_NORMAL;
    case 44: set (op, MIPS64_OP_DADD, D (rd), rs, rt, 0, 0); return MIPS64_DEC_NORMAL;
    case 45:
      if (rt == 0)
        set (op, MIPS64_OP_MOVE, D (rd), rs, 0, 0, 0);
      else
        set (op, MIPS64_OP_DADDU, D (rd), rs, rt, 0, 0);
      return MIPS64_DEC_NORMAL;
    case 46: set (op, MIPS64_OP_DSUB, D (rd), rs, rt, 0, 0); return MIPS64_DEC_NORMAL;
    case 47: set (op, MIPS64_OP_DSUBU, D (rd), rs, rt, 0, 0); return MIPS64_DEC_NORMAL;
    case 48: set (op, MIPS64_OP_TGE, 0, rs, rt, 0, 0); return MIPS64_DEC_NORMAL;
    case 49: set (op, MIPS64_OP_TGEU, 0, rs, rt, 0, 0); return MIPS64_DEC_NORMAL;
    case 50: set (op, MIPS64_OP_TLT, 0, rs, rt, 0, 0); return MIPS64_DEC_NORMAL;
    case 51: set (op, MIPS64_OP_TLTU, 0, rs, rt, 0, 0); return MIPS64_DEC_NORMAL;
    case 52: set (op, MIPS64_OP_TEQ, 0, rs, rt, 0, 0); return MIPS64_DEC_NORMAL;
    case 54: set (op, MIPS64_OP_TNE, 0, rs, rt, 0, 0); return MIPS64_DEC_NORMAL;
    case 56: set (op, MIPS64_OP_DSLL, D (rd), 0, rt, sa, 0); return MIPS64_DEC_NORMAL;
    case 58:
      set (op, (rs & 1) ? MIPS64_OP_DROTR : MIPS64_OP_DSRL, D (rd), 0, rt, sa, 0);
      return MIPS64_DEC_NORMAL;
    case 59: set (op, MIPS64_OP_DSRA, D (rd), 0, rt, sa, 0); return MIPS64_DEC_NORMAL;
    case 60: set (op, MIPS64_OP_DSLL, D (rd), 0, rt, sa + 32, 0); return MIPS64_DEC_NORMAL;
    case 62:
      set (op, (rs & 1) ? MIPS64_OP_DROTR : MIPS64_OP_DSRL, D (rd), 0, rt, sa + 32, 0);
      return MIPS64_DEC_NORMAL;
    case 63: set (op, MIPS64_OP_DSRA, D (rd), 0, rt, sa + 32, 0); return MIPS64_DEC_NORMAL;
    default:
      break;
    }
  set (op, MIPS64_OP_RI, 0, 0, 0, 0, 0);
  return MIPS64_DEC_EXIT;
}

static int
decode_special2 (uint32_t     insn,
                 mips64_op_t *op)
{
  unsigned rs = (insn >> 21) & 31, rt = (insn >> 16) & 31, rd = (insn >> 11) & 31;

  switch (insn & 63)
    {
    case 0: set (op, MIPS64_OP_MADD, 0, rs, rt, 0, 0); return MIPS64_DEC_NORMAL;
    case 1: set (op, MIPS64_OP_MADDU, 0, rs, rt, 0, 0); return MIPS64_DEC_NORMAL;
    case 2: set (op, MIPS64_OP_MUL, D (rd), rs, rt, 0, 0); return MIPS64_DEC_NORMAL;
    case 4: set (op, MIPS64_OP_MSUB, 0, rs, rt, 0, 0); return MIPS64_DEC_NORMAL;
    case 5: set (op, MIPS64_OP_MSUBU, 0, rs, rt, 0, 0); return MIPS64_DEC_NORMAL;
    case 32: set (op, MIPS64_OP_CLZ, D (rd), rs, 0, 0, 0); return MIPS64_DEC_NORMAL;
    case 33: set (op, MIPS64_OP_CLO, D (rd), rs, 0, 0, 0); return MIPS64_DEC_NORMAL;
    case 36: set (op, MIPS64_OP_DCLZ, D (rd), rs, 0, 0, 0); return MIPS64_DEC_NORMAL;
    case 37: set (op, MIPS64_OP_DCLO, D (rd), rs, 0, 0, 0); return MIPS64_DEC_NORMAL;
    default:
      break;
    }
  set (op, MIPS64_OP_RI, 0, 0, 0, 0, 0);
  return MIPS64_DEC_EXIT;
}

static int64_t
field_mask (unsigned size)
{
  return size >= 64 ? -1 : (int64_t) ((1ull << size) - 1);
}

static int
decode_special3 (uint32_t     insn,
                 mips64_op_t *op)
{
  unsigned rs = (insn >> 21) & 31, rt = (insn >> 16) & 31;
  unsigned rd = (insn >> 11) & 31, sa = (insn >> 6) & 31;
  unsigned pos, size;

  switch (insn & 63)
    {
    case 0:     /* EXT */
      pos = sa, size = rd + 1;
      if (pos + size > 32)
        break;
      set (op, MIPS64_OP_EXT, D (rt), rs, 0, pos, field_mask (size));
      return MIPS64_DEC_NORMAL;
    case 1:     /* DEXTM */
      pos = sa, size = rd + 33;
      if (pos + size > 64)
        break;
      set (op, MIPS64_OP_DEXT, D (rt), rs, 0, pos, field_mask (size));
      return MIPS64_DEC_NORMAL;
    case 2:     /* DEXTU */
      pos = sa + 32, size = rd + 1;
      if (pos + size > 64)
        break;
      set (op, MIPS64_OP_DEXT, D (rt), rs, 0, pos, field_mask (size));
      return MIPS64_DEC_NORMAL;
    case 3:     /* DEXT */
      pos = sa, size = rd + 1;
      set (op, MIPS64_OP_DEXT, D (rt), rs, 0, pos, field_mask (size));
      return MIPS64_DEC_NORMAL;
    case 4:     /* INS: msb in rd */
      if (rd < sa)
        break;
      pos = sa, size = rd - sa + 1;
      set (op, MIPS64_OP_INS, D (rt), rs, rt, pos, (int64_t) ((uint64_t) field_mask (size) << pos));
      return MIPS64_DEC_NORMAL;
    case 5:     /* DINSM */
      pos = sa, size = rd + 32 - sa + 1;
      set (op, MIPS64_OP_DINS, D (rt), rs, rt, pos, (int64_t) ((uint64_t) field_mask (size) << pos));
      return MIPS64_DEC_NORMAL;
    case 6:     /* DINSU */
      if (rd < sa)
        break;
      pos = sa + 32, size = rd - sa + 1;
      set (op, MIPS64_OP_DINS, D (rt), rs, rt, pos, (int64_t) ((uint64_t) field_mask (size) << pos));
      return MIPS64_DEC_NORMAL;
    case 7:     /* DINS */
      if (rd < sa)
        break;
      pos = sa, size = rd - sa + 1;
      set (op, MIPS64_OP_DINS, D (rt), rs, rt, pos, (int64_t) ((uint64_t) field_mask (size) << pos));
      return MIPS64_DEC_NORMAL;
    case 32:    /* BSHFL */
      switch (sa)
        {
        case 2: set (op, MIPS64_OP_WSBH, D (rd), 0, rt, 0, 0); return MIPS64_DEC_NORMAL;
        case 16: set (op, MIPS64_OP_SEB, D (rd), 0, rt, 0, 0); return MIPS64_DEC_NORMAL;
        case 24: set (op, MIPS64_OP_SEH, D (rd), 0, rt, 0, 0); return MIPS64_DEC_NORMAL;
        default: break;
        }
      break;
    case 36:    /* DBSHFL */
      switch (sa)
        {
        case 2: set (op, MIPS64_OP_DSBH, D (rd), 0, rt, 0, 0); return MIPS64_DEC_NORMAL;
        case 5: set (op, MIPS64_OP_DSHD, D (rd), 0, rt, 0, 0); return MIPS64_DEC_NORMAL;
        default: break;
        }
      break;
    case 59:    /* RDHWR */
      set (op, MIPS64_OP_RDHWR, rd, 0, D (rt), 0, 0);
      return MIPS64_DEC_NORMAL;
    default:
      break;
    }
  set (op, MIPS64_OP_RI, 0, 0, 0, 0, 0);
  return MIPS64_DEC_EXIT;
}

static int
decode_regimm (uint32_t     insn,
               uint64_t     pc,
               mips64_op_t *op,
               uint64_t    *target)
{
  unsigned rs = (insn >> 21) & 31, rt = (insn >> 16) & 31;
  int64_t simm = (int16_t) insn;
  static const uint16_t branch_ops[20] = {
    [0] = MIPS64_OP_BLTZ, [1] = MIPS64_OP_BGEZ, [2] = MIPS64_OP_BLTZL,
    [3] = MIPS64_OP_BGEZL, [16] = MIPS64_OP_BLTZAL, [17] = MIPS64_OP_BGEZAL,
    [18] = MIPS64_OP_BLTZALL, [19] = MIPS64_OP_BGEZALL,
  };

  *target = pc + 4 + (uint64_t) (simm * 4);
  switch (rt)
    {
    case 0: case 1: case 16: case 17:
      set (op, branch_ops[rt], 0, rs, 0, 0, (int64_t) (pc + 8));
      return MIPS64_DEC_BRANCH;
    case 2: case 3: case 18: case 19:
      set (op, branch_ops[rt], 0, rs, 0, 0, (int64_t) (pc + 8));
      return MIPS64_DEC_LIKELY;
    case 8: set (op, MIPS64_OP_TGEI, 0, rs, 0, 0, simm); return MIPS64_DEC_NORMAL;
    case 9: set (op, MIPS64_OP_TGEIU, 0, rs, 0, 0, simm); return MIPS64_DEC_NORMAL;
    case 10: set (op, MIPS64_OP_TLTI, 0, rs, 0, 0, simm); return MIPS64_DEC_NORMAL;
    case 11: set (op, MIPS64_OP_TLTIU, 0, rs, 0, 0, simm); return MIPS64_DEC_NORMAL;
    case 12: set (op, MIPS64_OP_TEQI, 0, rs, 0, 0, simm); return MIPS64_DEC_NORMAL;
    case 14: set (op, MIPS64_OP_TNEI, 0, rs, 0, 0, simm); return MIPS64_DEC_NORMAL;
    case 31:    /* SYNCI: nothing to do, stores invalidate decoded code */
      set (op, MIPS64_OP_NOP, 0, 0, 0, 0, 0);
      return MIPS64_DEC_NOP;
    default:
      break;
    }
  set (op, MIPS64_OP_RI, 0, 0, 0, 0, 0);
  return MIPS64_DEC_EXIT;
}

static int
decode_cop0 (uint32_t     insn,
             mips64_op_t *op)
{
  unsigned rs = (insn >> 21) & 31, rt = (insn >> 16) & 31, rd = (insn >> 11) & 31;
  unsigned sel = insn & 7;

  switch (rs)
    {
    case 0: set (op, MIPS64_OP_MFC0, rd, 0, D (rt), sel, 0); return MIPS64_DEC_NORMAL;
    case 1: set (op, MIPS64_OP_DMFC0, rd, 0, D (rt), sel, 0); return MIPS64_DEC_NORMAL;
    case 4: set (op, MIPS64_OP_MTC0, rd, 0, rt, sel, 0); return MIPS64_DEC_EXIT;
    case 5: set (op, MIPS64_OP_DMTC0, rd, 0, rt, sel, 0); return MIPS64_DEC_EXIT;
    case 11:
      if ((insn & 0xffff) == 0x6020)
        {
          set (op, MIPS64_OP_EI, 0, 0, D (rt), 0, 0);
          return MIPS64_DEC_EXIT;
        }
      if ((insn & 0xffff) == 0x6000)
        {
          set (op, MIPS64_OP_DI, 0, 0, D (rt), 0, 0);
          return MIPS64_DEC_EXIT;
        }
      break;
    default:
      if (rs < 16)
        break;
      switch (insn & 63)
        {
        case 1: set (op, MIPS64_OP_TLBR, 0, 0, 0, 0, 0); return MIPS64_DEC_EXIT;
        case 2: set (op, MIPS64_OP_TLBWI, 0, 0, 0, 0, 0); return MIPS64_DEC_EXIT;
        case 6: set (op, MIPS64_OP_TLBWR, 0, 0, 0, 0, 0); return MIPS64_DEC_EXIT;
        case 8: set (op, MIPS64_OP_TLBP, 0, 0, 0, 0, 0); return MIPS64_DEC_EXIT;
        case 24: set (op, MIPS64_OP_ERET, 0, 0, 0, 0, 0); return MIPS64_DEC_EXIT;
        case 32: set (op, MIPS64_OP_WAIT, 0, 0, 0, 0, 0); return MIPS64_DEC_EXIT;
        default: break;
        }
      break;
    }
  set (op, MIPS64_OP_RI, 0, 0, 0, 0, 0);
  return MIPS64_DEC_EXIT;
}

static int
decode_cop1 (uint32_t     insn,
             uint64_t     pc,
             mips64_op_t *op,
             uint64_t    *target)
{
  unsigned rs = (insn >> 21) & 31, rt = (insn >> 16) & 31, rd = (insn >> 11) & 31;
  static const uint16_t bc_ops[4] = {
    MIPS64_OP_BC1F, MIPS64_OP_BC1T, MIPS64_OP_BC1FL, MIPS64_OP_BC1TL,
  };

  switch (rs)
    {
    case 0: set (op, MIPS64_OP_MFC1, rd, 0, D (rt), 0, 0); return MIPS64_DEC_NORMAL;
    case 1: set (op, MIPS64_OP_DMFC1, rd, 0, D (rt), 0, 0); return MIPS64_DEC_NORMAL;
    case 2: set (op, MIPS64_OP_CFC1, rd, 0, D (rt), 0, 0); return MIPS64_DEC_NORMAL;
    case 3: set (op, MIPS64_OP_MFHC1, rd, 0, D (rt), 0, 0); return MIPS64_DEC_NORMAL;
    case 4: set (op, MIPS64_OP_MTC1, rd, 0, rt, 0, 0); return MIPS64_DEC_NORMAL;
    case 5: set (op, MIPS64_OP_DMTC1, rd, 0, rt, 0, 0); return MIPS64_DEC_NORMAL;
    case 6: set (op, MIPS64_OP_CTC1, rd, 0, rt, 0, 0); return MIPS64_DEC_EXIT;
    case 7: set (op, MIPS64_OP_MTHC1, rd, 0, rt, 0, 0); return MIPS64_DEC_NORMAL;
    case 8:
      *target = pc + 4 + (uint64_t) ((int64_t) (int16_t) insn * 4);
      set (op, bc_ops[rt & 3], 0, 0, (rt >> 2) & 7, 0, 0);   /* cc in rt: sa is the skip */
      return (rt & 2) ? MIPS64_DEC_LIKELY : MIPS64_DEC_BRANCH;
    case 16: case 17: case 20: case 21:
      set (op, MIPS64_OP_FPU, 0, 0, 0, 0, insn);
      return MIPS64_DEC_NORMAL;
    default:
      break;
    }
  /* Unknown COP1 formats: the FPU helper raises RI (or CpU when disabled). */
  set (op, MIPS64_OP_FPU, 0, 0, 0, 0, insn);
  return MIPS64_DEC_NORMAL;
}

static int
decode_cop1x (uint32_t     insn,
              mips64_op_t *op)
{
  unsigned base = (insn >> 21) & 31, index = (insn >> 16) & 31;
  unsigned fs = (insn >> 11) & 31, fd = (insn >> 6) & 31;

  switch (insn & 63)
    {
    case 0: set (op, MIPS64_OP_FLOADX, fd, base, index, 4, 0); return MIPS64_DEC_NORMAL;
    case 1: set (op, MIPS64_OP_FLOADX, fd, base, index, 8, 0); return MIPS64_DEC_NORMAL;
    case 5: set (op, MIPS64_OP_FLOADX, fd, base, index, 8, ~(int64_t) 7); return MIPS64_DEC_NORMAL;
    case 8: set (op, MIPS64_OP_FSTOREX, fs, base, index, 4, 0); return MIPS64_DEC_NORMAL;
    case 9: set (op, MIPS64_OP_FSTOREX, fs, base, index, 8, 0); return MIPS64_DEC_NORMAL;
    case 13: set (op, MIPS64_OP_FSTOREX, fs, base, index, 8, ~(int64_t) 7); return MIPS64_DEC_NORMAL;
    case 15:    /* PREFX */
      set (op, MIPS64_OP_NOP, 0, 0, 0, 0, 0);
      return MIPS64_DEC_NOP;
    default:
      set (op, MIPS64_OP_FPU, 0, 0, 0, 0, insn);
      return MIPS64_DEC_NORMAL;
    }
}

int
mips64_decode_insn (uint32_t     insn,
                    uint64_t     pc,
                    mips64_op_t *op,
                    uint64_t    *target)
{
  unsigned rs = (insn >> 21) & 31, rt = (insn >> 16) & 31;
  int64_t simm = (int16_t) insn;
  int64_t uimm = insn & 0xffff;

  *target = 0;
  op->idx = 0;
  switch (insn >> 26)
    {
    case 0: return decode_special (insn, op);
    case 1: return decode_regimm (insn, pc, op, target);
    case 2:
      *target = ((pc + 4) & ~(uint64_t) 0x0fffffff) | ((insn & 0x03ffffff) << 2);
      set (op, MIPS64_OP_J, 0, 0, 0, 0, 0);
      return MIPS64_DEC_BRANCH;
    case 3:
      *target = ((pc + 4) & ~(uint64_t) 0x0fffffff) | ((insn & 0x03ffffff) << 2);
      set (op, MIPS64_OP_JAL, 0, 0, 0, 0, (int64_t) (pc + 8));
      return MIPS64_DEC_BRANCH;
    case 4: case 5: case 6: case 7:
    case 20: case 21: case 22: case 23:
      {
        static const uint16_t ops[8] = {
          MIPS64_OP_BEQ, MIPS64_OP_BNE, MIPS64_OP_BLEZ, MIPS64_OP_BGTZ,
          MIPS64_OP_BEQL, MIPS64_OP_BNEL, MIPS64_OP_BLEZL, MIPS64_OP_BGTZL,
        };
        unsigned k = ((insn >> 26) & 3) | ((insn >> 26) >= 20 ? 4 : 0);

        *target = pc + 4 + (uint64_t) (simm * 4);
        set (op, ops[k], 0, rs, rt, 0, 0);
        return k >= 4 ? MIPS64_DEC_LIKELY : MIPS64_DEC_BRANCH;
      }
    case 8: set (op, MIPS64_OP_ADDI, 0, rs, D (rt), 0, simm); return MIPS64_DEC_NORMAL;
    case 9:
      if (rt == 0)
        break;
      set (op, rs == 0 ? MIPS64_OP_LI : MIPS64_OP_ADDIU, 0, rs, D (rt), 0, simm);
      return MIPS64_DEC_NORMAL;
    case 10: set (op, MIPS64_OP_SLTI, 0, rs, D (rt), 0, simm); return MIPS64_DEC_NORMAL;
    case 11: set (op, MIPS64_OP_SLTIU, 0, rs, D (rt), 0, simm); return MIPS64_DEC_NORMAL;
    case 12: set (op, MIPS64_OP_ANDI, 0, rs, D (rt), 0, uimm); return MIPS64_DEC_NORMAL;
    case 13:
      set (op, rs == 0 ? MIPS64_OP_LI : MIPS64_OP_ORI, 0, rs, D (rt), 0, uimm);
      return MIPS64_DEC_NORMAL;
    case 14: set (op, MIPS64_OP_XORI, 0, rs, D (rt), 0, uimm); return MIPS64_DEC_NORMAL;
    case 15: set (op, MIPS64_OP_LI, 0, 0, D (rt), 0, simm * 65536); return MIPS64_DEC_NORMAL;
    case 16: return decode_cop0 (insn, op);
    case 17: return decode_cop1 (insn, pc, op, target);
    case 18: case 50: case 54: case 58: case 62:
      set (op, MIPS64_OP_CPU_UNUSABLE, 0, 0, 0, 2, 0);
      return MIPS64_DEC_EXIT;
    case 19: return decode_cop1x (insn, op);
    case 24: set (op, MIPS64_OP_DADDI, 0, rs, D (rt), 0, simm); return MIPS64_DEC_NORMAL;
    case 25:
      if (rt == 0)
        break;
      set (op, rs == 0 ? MIPS64_OP_LI : MIPS64_OP_DADDIU, 0, rs, D (rt), 0, simm);
      return MIPS64_DEC_NORMAL;
    case 26: set (op, MIPS64_OP_LDL, 0, rs, D (rt), 0, simm); op->rd = (uint8_t) rt; return MIPS64_DEC_NORMAL;
    case 27: set (op, MIPS64_OP_LDR, 0, rs, D (rt), 0, simm); op->rd = (uint8_t) rt; return MIPS64_DEC_NORMAL;
    case 28: return decode_special2 (insn, op);
    case 31: return decode_special3 (insn, op);
    case 32: set (op, MIPS64_OP_LB, 0, rs, D (rt), 0, simm); return MIPS64_DEC_NORMAL;
    case 33: set (op, MIPS64_OP_LH, 0, rs, D (rt), 0, simm); return MIPS64_DEC_NORMAL;
    case 34: set (op, MIPS64_OP_LWL, 0, rs, D (rt), 0, simm); op->rd = (uint8_t) rt; return MIPS64_DEC_NORMAL;
    case 35: set (op, MIPS64_OP_LW, 0, rs, D (rt), 0, simm); return MIPS64_DEC_NORMAL;
    case 36: set (op, MIPS64_OP_LBU, 0, rs, D (rt), 0, simm); return MIPS64_DEC_NORMAL;
    case 37: set (op, MIPS64_OP_LHU, 0, rs, D (rt), 0, simm); return MIPS64_DEC_NORMAL;
    case 38: set (op, MIPS64_OP_LWR, 0, rs, D (rt), 0, simm); op->rd = (uint8_t) rt; return MIPS64_DEC_NORMAL;
    case 39: set (op, MIPS64_OP_LWU, 0, rs, D (rt), 0, simm); return MIPS64_DEC_NORMAL;
    case 40: set (op, MIPS64_OP_SB, 0, rs, rt, 0, simm); return MIPS64_DEC_STORE;
    case 41: set (op, MIPS64_OP_SH, 0, rs, rt, 0, simm); return MIPS64_DEC_STORE;
    case 42: set (op, MIPS64_OP_SWL, 0, rs, rt, 0, simm); return MIPS64_DEC_STORE;
    case 43: set (op, MIPS64_OP_SW, 0, rs, rt, 0, simm); return MIPS64_DEC_STORE;
    case 44: set (op, MIPS64_OP_SDL, 0, rs, rt, 0, simm); return MIPS64_DEC_STORE;
    case 45: set (op, MIPS64_OP_SDR, 0, rs, rt, 0, simm); return MIPS64_DEC_STORE;
    case 46: set (op, MIPS64_OP_SWR, 0, rs, rt, 0, simm); return MIPS64_DEC_STORE;
    case 47: set (op, MIPS64_OP_CACHE, 0, rs, 0, 0, simm); return MIPS64_DEC_NORMAL;
    case 48: set (op, MIPS64_OP_LL, 0, rs, D (rt), 0, simm); return MIPS64_DEC_NORMAL;
    case 49: set (op, MIPS64_OP_FLOAD, 0, rs, rt, 4, simm); return MIPS64_DEC_NORMAL;
    case 51:    /* PREF */
      set (op, MIPS64_OP_NOP, 0, 0, 0, 0, 0);
      return MIPS64_DEC_NOP;
    case 52: set (op, MIPS64_OP_LLD, 0, rs, D (rt), 0, simm); return MIPS64_DEC_NORMAL;
    case 53: set (op, MIPS64_OP_FLOAD, 0, rs, rt, 8, simm); return MIPS64_DEC_NORMAL;
    case 55: set (op, MIPS64_OP_LD, 0, rs, D (rt), 0, simm); return MIPS64_DEC_NORMAL;
    case 56: set (op, MIPS64_OP_SC, 0, rs, rt, 0, simm); op->rd = D (rt); return MIPS64_DEC_STORE;
    case 57: set (op, MIPS64_OP_FSTORE, 0, rs, rt, 4, simm); return MIPS64_DEC_STORE;
    case 60: set (op, MIPS64_OP_SCD, 0, rs, rt, 0, simm); op->rd = D (rt); return MIPS64_DEC_STORE;
    case 61: set (op, MIPS64_OP_FSTORE, 0, rs, rt, 8, simm); return MIPS64_DEC_STORE;
    case 63: set (op, MIPS64_OP_SD, 0, rs, rt, 0, simm); return MIPS64_DEC_STORE;
    default:
      set (op, MIPS64_OP_RI, 0, 0, 0, 0, 0);
      return MIPS64_DEC_EXIT;
    }
  /* addiu/daddiu to $zero */
  set (op, MIPS64_OP_NOP, 0, 0, 0, 0, 0);
  return MIPS64_DEC_NOP;
}

bool
mips64_insn_is_64bit (uint32_t insn)
{
  unsigned op = insn >> 26, rs = (insn >> 21) & 31, fn = insn & 63;

  switch (op)
    {
    case 24: case 25: case 26: case 27: case 39: case 44: case 45:
    case 52: case 55: case 60: case 63:
      return true;
    case 0:
      return fn == 20 || fn == 22 || fn == 23 || (fn >= 28 && fn <= 31)
             || (fn >= 44 && fn <= 47) || fn == 56 || fn == 58 || fn == 59
             || fn == 60 || fn == 62 || fn == 63;
    case 28:
      return fn == 36 || fn == 37;
    case 31:
      return fn == 1 || fn == 2 || fn == 3 || fn == 5 || fn == 6 || fn == 7 || fn == 36;
    case 16: case 17:
      return rs == 1 || rs == 5;
    default:
      return false;
    }
}

bool
mips64_insn_is_pure (uint32_t insn)
{
  mips64_op_t op;
  uint64_t target;
  int cls = mips64_decode_insn (insn, 0, &op, &target);

  switch (cls)
    {
    case MIPS64_DEC_NOP:
      return true;
    case MIPS64_DEC_NORMAL:
      switch (op.opc)
        {
        case MIPS64_OP_FPU: case MIPS64_OP_MTC1: case MIPS64_OP_DMTC1:
        case MIPS64_OP_MTHC1: case MIPS64_OP_CACHE: case MIPS64_OP_RDHWR:
        case MIPS64_OP_LL: case MIPS64_OP_LLD:
          return false;
        default:
          return op.opc < MIPS64_OP_TGE || op.opc > MIPS64_OP_TNEI;
        }
    case MIPS64_DEC_BRANCH:
    case MIPS64_DEC_LIKELY:
      return op.opc != MIPS64_OP_JAL && op.opc != MIPS64_OP_BLTZAL
             && op.opc != MIPS64_OP_BGEZAL && op.opc != MIPS64_OP_BLTZALL
             && op.opc != MIPS64_OP_BGEZALL;
    case MIPS64_DEC_INDIRECT:
      return op.opc == MIPS64_OP_JR;
    default:
      return false;
    }
}

static uint32_t
fetch (const uint8_t *host,
       unsigned       off)
{
  uint32_t w;

  memcpy (&w, host + off, 4);
  return GUINT32_FROM_BE (w);
}

/* 64-bit operations are reserved in user and supervisor mode unless
 * Status.UX / Status.SX enable them (kernel mode always has them). */
static bool
ops64_enabled (uint32_t key)
{
  switch (key & 3)
    {
    case MMU_KERNEL: return true;
    case MMU_SUPER: return (key & ST_SX) != 0;
    default: return (key & ST_UX) != 0;
    }
}

static int
decode_in_mode (uint32_t     insn,
                uint64_t     pc,
                mips64_op_t *op,
                uint64_t    *target,
                bool         ops64)
{
  if (!ops64 && mips64_insn_is_64bit (insn))
    {
      *target = 0;
      set (op, MIPS64_OP_RI, 0, 0, 0, 0, 0);
      return MIPS64_DEC_EXIT;
    }
  return mips64_decode_insn (insn, pc, op, target);
}

mips64_block_t *
mips64_decode_block (mips64_cpu_t  *cpu,
                     uint64_t       vpc,
                     uint64_t       paddr,
                     const uint8_t *page,
                     uint32_t       key,
                     bool           ds)
{
  mips64_op_t ops[MIPS64_BLOCK_MAX * 2 + 4];
  unsigned n = 0, ninsn = 0;
  unsigned off = (unsigned) (paddr & 0xfff);
  uint64_t pc = vpc;
  uint64_t succ[2] = { 0, 0 };
  uint32_t flags = MIPS64_BLOCK_VALID;
  bool ops64 = ops64_enabled (key);
  mips64_block_t *b;

  if (ds)
    {
      /* One delay-slot instruction, then on to the saved branch target. */
      uint64_t target;
      mips64_op_t *op = &ops[n];
      int cls = decode_in_mode (fetch (page, off), pc, op, &target, ops64);

      flags |= MIPS64_BLOCK_DS;
      if (cls == MIPS64_DEC_BRANCH || cls == MIPS64_DEC_LIKELY || cls == MIPS64_DEC_INDIRECT
          || op->opc == MIPS64_OP_ERET)
        set (op, MIPS64_OP_RI, 0, 0, 0, 0, 0);
      if (cls == MIPS64_DEC_STORE || cls == MIPS64_DEC_EXIT)
        flags |= MIPS64_BLOCK_STORES;
      op->idx = MIPS64_IDX_DS;
      if (cls != MIPS64_DEC_NOP)
        n++;
      ninsn = 1;
      set (&ops[n], MIPS64_OP_END_DS, 0, 0, 0, 0, 0);
      ops[n].idx = 1;
      n++;
      goto done;
    }

  uint64_t idle_pc = __atomic_load_n (&cpu->idle_pc, __ATOMIC_RELAXED);

  if (vpc == idle_pc && idle_pc != 0)
    {
      set (&ops[n], MIPS64_OP_IDLE_PC, 0, 0, 0, 0, 0);
      ops[n++].idx = 0;
    }
  if (mips64_is_breakpoint (cpu, vpc))
    {
      set (&ops[n], MIPS64_OP_BKPT, 0, 0, 0, 0, 0);
      ops[n++].idx = 0;
    }
  for (;;)
    {
      uint64_t target;
      mips64_op_t *op;
      int cls;

      if (ninsn >= MIPS64_BLOCK_MAX || off >= 4096
          || (ninsn > 0 && idle_pc == pc && idle_pc != 0))
        {
          succ[0] = pc;
          set (&ops[n], MIPS64_OP_END_FALL, 0, 0, 0, 0, 0);
          ops[n].idx = (uint16_t) ninsn;
          n++;
          break;
        }
      if (ninsn > 0 && mips64_is_breakpoint (cpu, pc))
        {
          /* End here so the breakpoint starts a block of its own. */
          succ[0] = pc;
          set (&ops[n], MIPS64_OP_END_FALL, 0, 0, 0, 0, 0);
          ops[n].idx = (uint16_t) ninsn;
          n++;
          break;
        }

      op = &ops[n];
      cls = decode_in_mode (fetch (page, off), pc, op, &target, ops64);
      op->idx = (uint16_t) ninsn;
      ninsn++;
      off += 4;
      pc += 4;

      if (cls == MIPS64_DEC_NOP)
        continue;
      n++;
      if (cls == MIPS64_DEC_STORE)
        {
          flags |= MIPS64_BLOCK_STORES;
          continue;
        }
      if (cls == MIPS64_DEC_NORMAL)
        continue;
      if (cls == MIPS64_DEC_EXIT)
        {
          flags |= MIPS64_BLOCK_STORES;
          succ[0] = pc;
          set (&ops[n], MIPS64_OP_END_EXIT, 0, 0, 0, 0, 0);
          ops[n].idx = (uint16_t) ninsn;
          n++;
          break;
        }

      /* A branch: its delay slot, then the END op. */
      {
        mips64_op_t *br = op;
        bool likely = cls == MIPS64_DEC_LIKELY;
        bool indirect = cls == MIPS64_DEC_INDIRECT;
        uint64_t bpc = pc - 4;

        if (off >= 4096)
          {
            /* The delay slot is on the next page. */
            br->sa = 0;
            succ[0] = bpc + 8;
            succ[1] = target;
            set (&ops[n], MIPS64_OP_END_DSPAGE, 0, 0, likely ? 1 : 0, indirect ? 1 : 0, 0);
            ops[n].idx = (uint16_t) ninsn;
            n++;
            break;
          }
        {
          uint64_t t2;
          mips64_op_t *dso = &ops[n];
          int dcls = decode_in_mode (fetch (page, off), pc, dso, &t2, ops64);

          if (dcls == MIPS64_DEC_BRANCH || dcls == MIPS64_DEC_LIKELY
              || dcls == MIPS64_DEC_INDIRECT || dso->opc == MIPS64_OP_ERET)
            {
              set (dso, MIPS64_OP_RI, 0, 0, 0, 0, 0);
              dcls = MIPS64_DEC_EXIT;
            }
          if (dcls == MIPS64_DEC_STORE || dcls == MIPS64_DEC_EXIT)
            flags |= MIPS64_BLOCK_STORES;
          dso->idx = (uint16_t) (ninsn | MIPS64_IDX_DS);
          ninsn++;
          off += 4;
          pc += 4;
          br->sa = 0;
          if (dcls != MIPS64_DEC_NOP)
            {
              n++;
              br->sa = 1;
            }
        }
        succ[0] = pc;
        succ[1] = target;
        set (&ops[n], indirect ? MIPS64_OP_END_INDIRECT : MIPS64_OP_END_BRANCH, 0, 0, 0, 0, 0);
        ops[n].idx = (uint16_t) ninsn;
        n++;
        if (!indirect && target <= bpc && bpc - target < 256)
          {
            flags |= MIPS64_BLOCK_BACKEDGE;
            ops[n - 1].opc = MIPS64_OP_END_BACKEDGE;
          }
        break;
      }
    }

done:
  b = g_malloc (sizeof (mips64_block_t) + n * sizeof (mips64_op_t));
  memset (b, 0, sizeof (mips64_block_t));
  b->vpc = vpc;
  b->paddr = paddr;
  b->key = key;
  b->n_insns = (uint16_t) ninsn;
  b->n_ops = (uint16_t) n;
  b->flags = flags;
  b->succ_pc[0] = succ[0];
  b->succ_pc[1] = succ[1];
  for (unsigned i = 0; i < n; i++)
    ops[i].h = mips64_exec_handlers[ops[i].opc];
  memcpy (b->ops, ops, n * sizeof (mips64_op_t));
  return b;
}
