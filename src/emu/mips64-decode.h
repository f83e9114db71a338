/* mips64-decode.h: decoding one MIPS64 instruction word into an op
 *
 * Copyright 2026 The Wirelab authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#pragma once

#include <stdbool.h>
#include <stdint.h>

#include "emu/mips64-ir.h"

/* What an instruction means for block building. */
enum
{
  MIPS64_DEC_NORMAL,    /* straight-line op */
  MIPS64_DEC_NOP,       /* no effect: dropped from the block */
  MIPS64_DEC_STORE,     /* straight-line op that writes memory */
  MIPS64_DEC_EXIT,      /* ends the block after it (state change, trap, ...) */
  MIPS64_DEC_BRANCH,    /* branch with a delay slot, target known */
  MIPS64_DEC_LIKELY,    /* branch-likely: delay slot annulled if not taken */
  MIPS64_DEC_INDIRECT,  /* jr/jalr */
};

/* Decodes `insn` at `pc` into `op` (idx left 0); *target gets the branch
 * target of direct branches.  Returns a MIPS64_DEC_* class. */
int  mips64_decode_insn  (uint32_t     insn,
                          uint64_t     pc,
                          mips64_op_t *op,
                          uint64_t    *target);

/* True for the 64-bit operations (reserved in 32-bit user/supervisor mode). */
bool mips64_insn_is_64bit (uint32_t insn);

/* True when the instruction can neither write memory nor have effects
 * beyond its registers (loads allowed): idle-loop candidates. */
bool mips64_insn_is_pure (uint32_t insn);
