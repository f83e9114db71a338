/* start.S: entry of the freestanding test images.  Sets the stack, clears
 * .bss, calls main, then parks the CPU in a WAIT loop. */
#if __mips64
# define PTR_LA dla
# define PTR_ADDIU daddiu
#else
# define PTR_LA la
# define PTR_ADDIU addiu
#endif
    .section .text.start, "ax"
    .globl _start
    .ent _start
    .set noreorder
_start:
    PTR_LA  $sp, _stack_top
    PTR_LA  $t0, _bss_start
    PTR_LA  $t1, _bss_end
1:  beq     $t0, $t1, 2f
    nop
    sb      $zero, 0($t0)
    b       1b
    PTR_ADDIU $t0, $t0, 1
2:  jal     main
    nop
3:  wait
    b       3b
    nop
    .set reorder
    .end _start
