/* start.S: entry point and exception vectors of the router firmware
 *
 * Copyright 2026 The Wirelab authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * The board jumps here with $a0 = the board-information block (KSEG1) and
 * $a1 = the RAM size.  We set the stack, clear .bss, copy a small stub to the
 * exception vectors (KSEG0 0x000, 0x080, 0x100, 0x180), leave BEV and run C.
 * The firmware never enables interrupts (Status.IE stays 0): it polls, and
 * WAIT wakes on any line unmasked in Status.IM, so the vectors only see
 * faults, which hal_exception reports before halting.
 */

    .set noreorder
    .set noat

    .section .text.start, "ax"
    .globl _start
    .ent _start
_start:
    move    $s0, $a0
    move    $s1, $a1
    dla     $sp, _stack_top
    dla     $t0, _bss_start
    dla     $t1, _bss_end
1:  beq     $t0, $t1, 2f
    nop
    sd      $zero, 0($t0)
    b       1b
    daddiu  $t0, $t0, 8
2:
    /* exception vectors: copy the stub to each entry */
    dla     $t0, vector_stub
    dla     $t1, vector_stub_end
    lui     $t2, 0x8000             /* 0xffffffff80000000: KSEG0 */
    li      $t3, 4
3:  move    $v0, $t0
    move    $v1, $t2
4:  lw      $t8, 0($v0)
    sw      $t8, 0($v1)
    daddiu  $v0, $v0, 4
    bne     $v0, $t1, 4b
    daddiu  $v1, $v1, 4
    daddiu  $t3, $t3, -1
    bnez    $t3, 3b
    daddiu  $t2, $t2, 0x80

    /* Status: BEV, ERL, EXL, IE clear; IM2 (NICs), IM5 (DUART), IM7 (timer) */
    li      $t0, 0x0000a400
    mtc0    $t0, $12
    nop
    mtc0    $zero, $13              /* Cause: clear software interrupts */
    nop

    move    $a0, $s0
    move    $a1, $s1
    jal     hal_mips_main
    nop
5:  wait
    b       5b
    nop
    .end _start

/* Copied to each vector: jump to exc_entry (KSEG0, a 32-bit address). */
    .globl vector_stub
vector_stub:
    lui     $k0, %hi(exc_entry)
    addiu   $k0, $k0, %lo(exc_entry)
    jr      $k0
    nop
vector_stub_end:

/* Save every register into exc_frame and report. */
    .globl exc_entry
    .ent exc_entry
exc_entry:
    lui     $k0, %hi(exc_frame)
    addiu   $k0, $k0, %lo(exc_frame)
    sd      $1, 8($k0)
    sd      $2, 16($k0)
    sd      $3, 24($k0)
    sd      $4, 32($k0)
    sd      $5, 40($k0)
    sd      $6, 48($k0)
    sd      $7, 56($k0)
    sd      $8, 64($k0)
    sd      $9, 72($k0)
    sd      $10, 80($k0)
    sd      $11, 88($k0)
    sd      $12, 96($k0)
    sd      $13, 104($k0)
    sd      $14, 112($k0)
    sd      $15, 120($k0)
    sd      $16, 128($k0)
    sd      $17, 136($k0)
    sd      $18, 144($k0)
    sd      $19, 152($k0)
    sd      $20, 160($k0)
    sd      $21, 168($k0)
    sd      $22, 176($k0)
    sd      $23, 184($k0)
    sd      $24, 192($k0)
    sd      $25, 200($k0)
    sd      $28, 224($k0)
    sd      $29, 232($k0)
    sd      $30, 240($k0)
    sd      $31, 248($k0)
    move    $a0, $k0
    lui     $sp, %hi(exc_stack_top)
    addiu   $sp, $sp, %lo(exc_stack_top)
    jal     hal_exception
    nop
6:  wait
    b       6b
    nop
    .end exc_entry

    .bss
    .align 4
    .globl exc_frame
exc_frame:
    .space 256
exc_stack:
    .space 8192
exc_stack_top:
