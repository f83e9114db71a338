/* mips64-ir.h: the decoded form of MIPS64 code (interpreter and future JIT)
 *
 * Copyright 2026 The Wirelab authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * Guest code is decoded once into blocks.  A block covers a straight run of
 * guest instructions inside one 4 KB physical page, starting at `vpc`, and
 * ends after the first control transfer (with its delay slot), after an
 * instruction that changes CPU state the decoder relies on (mtc0, eret, ...),
 * at the page end, or after MIPS64_BLOCK_MAX instructions.
 *
 * A block is an array of ops; the last op is always one of the END_* ops,
 * which produce the next PC.  Each op is one guest instruction, except that
 * NOPs are dropped, so n_ops <= n_insns + 1.
 *
 * Op fields:
 *   rd, rs, rt   GPR numbers (0..31).  A destination of $zero is rewritten to
 *                MIPS64_GPR_SINK (32), a scratch register nobody reads, so
 *                ops never test for $zero.  Sources of $zero read gpr[0] = 0.
 *                FPU ops put fd/fs/ft in rd/rs/rt.
 *   sa           shift amount (0..63, the *32 shift forms already add 32),
 *                bit position for EXT/INS, access size for FLOAD/FSTORE;
 *                for branches the number of delay-slot ops (0 or 1), which
 *                branch-likely skips when not taken (BC1x keep cc in rt).
 *   idx          index of the instruction in the block (pc = vpc + 4 * idx);
 *                bit 15 (MIPS64_IDX_DS) marks an op in a branch delay slot.
 *   imm          sign-extended immediate; for ANDI/ORI/XORI zero-extended;
 *                for EXT/DEXT the field mask; for INS/DINS the mask in place;
 *                for JAL/BxxAL the link value (JALR computes it from vpc and
 *                idx; branch targets are in the block's succ_pc[1]); for the
 *                FPU the raw COP1/COP1X instruction word.
 *   Special uses: LWL/LWR/LDL/LDR read the old value from rd (the original
 *   rt, as rt may be the sink); SC/SCD write the success flag to rd; MFC0/
 *   MTC0 and friends: CP0 register in rd, select in sa, GPR in rt; RDHWR:
 *   hardware register in rd, destination in rt; MOVCI: cc << 2 | tf in rt.
 *
 * Control flow: a branch op only evaluates its condition (or for JR/JALR its
 * target) and writes the link register; the delay-slot op follows; then the
 * END op transfers control:
 *   END_FALL      next = succ_pc[0] (block ran into its size limit or page end)
 *   END_BRANCH    next = taken ? succ_pc[1] : succ_pc[0]
 *   END_BACKEDGE  the same for a short backward branch (a loop): also
 *                 drives the idle-loop detector
 *   END_INDIRECT  next = the register value read by JR/JALR
 *   END_EXIT      next = succ_pc[0], and the CPU re-checks interrupts, mode
 *                 and pending work before going on (after mtc0, ei, ...)
 *   END_DSPAGE    the branch is the last word of its page: the delay slot is
 *                 decoded as its own one-instruction "delay-slot block"
 *                 (flag MIPS64_BLOCK_DS) that ends in END_DS.
 * Branch-likely ops skip `sa` ops (their delay slot) when not taken.
 * Ops that can fault compute their PC from vpc and idx.
 */

#pragma once

#include <stdint.h>

#define MIPS64_BLOCK_MAX   128
#define MIPS64_GPR_SINK    32
#define MIPS64_IDX_DS      0x8000u
#define MIPS64_IDX_MASK    0x7fffu

/* X-macro of every op; keep the interpreter's label table in step. */
#define MIPS64_OPS(X) \
  X(NOP) X(RI) X(CPU_UNUSABLE) \
  /* integer, register forms: rd = rs op rt */ \
  X(ADDU) X(ADD) X(SUBU) X(SUB) X(DADDU) X(DADD) X(DSUBU) X(DSUB) \
  X(AND) X(OR) X(XOR) X(NOR) X(SLT) X(SLTU) X(MOVZ) X(MOVN) X(MOVE) \
  X(MOVCI) \
  /* integer, immediate forms: rt = rs op imm */ \
  X(ADDIU) X(ADDI) X(DADDIU) X(DADDI) X(SLTI) X(SLTIU) X(ANDI) X(ORI) \
  X(XORI) X(LI) \
  /* shifts: rd = rt op sa, or rd = rt op rs */ \
  X(SLL) X(SRL) X(SRA) X(ROTR) X(DSLL) X(DSRL) X(DSRA) X(DROTR) \
  X(SLLV) X(SRLV) X(SRAV) X(ROTRV) X(DSLLV) X(DSRLV) X(DSRAV) X(DROTRV) \
  /* multiply and divide */ \
  X(MULT) X(MULTU) X(DIV) X(DIVU) X(DMULT) X(DMULTU) X(DDIV) X(DDIVU) \
  X(MFHI) X(MFLO) X(MTHI) X(MTLO) X(MUL) X(MADD) X(MADDU) X(MSUB) \
  X(MSUBU) X(CLZ) X(CLO) X(DCLZ) X(DCLO) \
  /* release 2 bit-field and byte ops: rt = f(rs) or rd = f(rt) */ \
  X(EXT) X(DEXT) X(INS) X(DINS) X(SEB) X(SEH) X(WSBH) X(DSBH) X(DSHD) \
  X(RDHWR) \
  /* traps: register forms compare rs, rt; immediate forms rs, imm */ \
  X(TGE) X(TGEU) X(TLT) X(TLTU) X(TEQ) X(TNE) \
  X(TGEI) X(TGEIU) X(TLTI) X(TLTIU) X(TEQI) X(TNEI) \
  /* loads and stores: address rs + imm, data rt */ \
  X(LB) X(LBU) X(LH) X(LHU) X(LW) X(LWU) X(LD) X(LWL) X(LWR) X(LDL) \
  X(LDR) X(LL) X(LLD) \
  X(SB) X(SH) X(SW) X(SD) X(SWL) X(SWR) X(SDL) X(SDR) X(SC) X(SCD) \
  /* branches (condition only, see above) */ \
  X(BEQ) X(BNE) X(BLEZ) X(BGTZ) X(BLTZ) X(BGEZ) \
  X(BEQL) X(BNEL) X(BLEZL) X(BGTZL) X(BLTZL) X(BGEZL) \
  X(BLTZAL) X(BGEZAL) X(BLTZALL) X(BGEZALL) \
  X(BC1F) X(BC1T) X(BC1FL) X(BC1TL) \
  X(J) X(JAL) X(JR) X(JALR) \
  X(END_FALL) X(END_BRANCH) X(END_BACKEDGE) X(END_INDIRECT) X(END_EXIT) \
  X(END_DSPAGE) \
  X(END_DS) \
  /* debugging: leave run() at this block start (vm set_idle_pc, breakpoints) */ \
  X(IDLE_PC) X(BKPT) \
  /* system */ \
  X(SYSCALL) X(BREAK) X(WAIT) X(ERET) X(MFC0) X(MTC0) X(DMFC0) X(DMTC0) \
  X(TLBR) X(TLBWI) X(TLBWR) X(TLBP) X(EI) X(DI) X(CACHE) \
  /* FPU: imm = the raw COP1/COP1X word.  MFC1..CTC1: fs in rd, GPR in rt. \
   * FLOAD/FSTORE: ft in rt, address rs + imm, size in sa.  FLOADX/FSTOREX: \
   * fd/fs in rd, address rs + rt, ANDed with imm when non-zero (luxc1). */ \
  X(FPU) X(MFC1) X(MTC1) X(DMFC1) X(DMTC1) X(MFHC1) X(MTHC1) X(CFC1) \
  X(CTC1) X(FLOAD) X(FSTORE) X(FLOADX) X(FSTOREX)

typedef enum
{
#define MIPS64_OP_ENUM(n) MIPS64_OP_##n,
  MIPS64_OPS (MIPS64_OP_ENUM)
#undef MIPS64_OP_ENUM
  MIPS64_OP__COUNT
} mips64_opc_t;

typedef struct
{
  const void *h;        /* the interpreter's handler for opc (set by the
                         * decoder; other back ends ignore it) */
  uint16_t opc;
  uint8_t  rd;
  uint8_t  rs;
  uint8_t  rt;
  uint8_t  sa;
  uint16_t idx;
  int64_t  imm;
} mips64_op_t;

enum
{
  MIPS64_BLOCK_VALID    = 1 << 0,
  MIPS64_BLOCK_DS       = 1 << 1,   /* a delay-slot block (see END_DSPAGE) */
  MIPS64_BLOCK_BACKEDGE = 1 << 2,   /* ends in a short backward branch */
  MIPS64_BLOCK_STORES   = 1 << 3,   /* holds a store or a state change */
};

typedef struct mips64_block mips64_block_t;

struct mips64_block
{
  uint64_t        vpc;          /* virtual PC of the first instruction */
  uint64_t        paddr;        /* its physical address */
  uint32_t        key;          /* fetch mode the translation was made in */
  uint16_t        n_insns;      /* guest instructions covered */
  uint16_t        n_ops;
  uint32_t        flags;
  uint32_t        reserved;
  uint64_t        succ_pc[2];   /* fall-through and taken targets */
  mips64_block_t *succ[2];      /* chained successors (NULL: look up);
                                 * for END_INDIRECT succ[1] is the last target */
  mips64_block_t *hash_next;    /* physical-address hash chain */
  mips64_block_t *page_next;    /* blocks of the same physical page */
  mips64_op_t     ops[];
};
