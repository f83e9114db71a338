/* console.c: console test image.
 *
 * Prints a banner, then echoes what it receives until it reads 'q'.  Built
 * for the c7200 console (SCN2681 DUART channel A in the I/O FPGA at physical
 * 0x1e840000, 32-bit registers, as Dynamips models it) and for QEMU's Malta
 * 16550, which proves the cross toolchain on a second emulator.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include <stdint.h>

/* KSEG1 (uncached) address of a physical address, valid for n64 and o32. */
#define KSEG1(pa) ((uintptr_t) (intptr_t) (int32_t) (0xa0000000u | (pa)))

#ifdef PLAT_MALTA
# define UART(reg) (*(volatile uint8_t *) (KSEG1 (0x180003f8u) + (reg)))

static void
con_putc (char c)
{
  while (!(UART (5) & 0x20))
    ;
  UART (0) = (uint8_t) c;
}

static int
con_getc (void)
{
  return -1;                                  /* Malta run is output only */
}

static void
board_exit (void)
{
  *(volatile uint32_t *) KSEG1 (0x1f000500u) = 0x42;   /* Malta SOFTRES */
}
#else
# define DUART(off) (*(volatile uint32_t *) (KSEG1 (0x1e840000u) + (off)))
# define SRA   0x40c
# define RHRA  0x41c
# define THRA  0x41c
# define IMR   0x42c
# define SR_RXRDY 0x01
# define SR_TXRDY 0x04

static void
con_putc (char c)
{
  while (!(DUART (SRA) & SR_TXRDY))
    ;
  DUART (THRA) = (uint8_t) c;
}

static int
con_getc (void)
{
  /* WAIT returns once the RxRDYA interrupt is pending, so an idle console
   * costs the host nothing. */
  while (!(DUART (SRA) & SR_RXRDY))
    __asm__ volatile ("wait");
  return DUART (RHRA) & 0xff;
}

static void
board_exit (void)
{
}
#endif

static void
con_puts (const char *s)
{
  for (; *s; s++)
    {
      if (*s == '\n')
        con_putc ('\r');
      con_putc (*s);
    }
}

static unsigned counter;   /* in .bss: proves the start code cleared it */

int main (void);

int
main (void)
{
  con_puts ("Wirelab console test image\n");
  for (counter = 0; counter < 3; counter++)
    {
      con_puts ("tick ");
      con_putc ((char) ('0' + counter));
      con_putc ('\n');
    }

#ifndef PLAT_MALTA
  DUART (IMR) = 0x02;           /* RxRDYA interrupt */
  __asm__ volatile ("mfc0 $8, $12\n\t"
                    "ori  $8, $8, 0x2000\n\t"   /* IM5: the DUART's line */
                    "mtc0 $8, $12" ::: "$8");
#endif

  con_puts ("echo> ");
  for (;;)
    {
      int c = con_getc ();

      if (c < 0 || c == 'q')
        break;
      if (c == '\r')
        con_puts ("\n");
      else
        con_putc ((char) c);
    }

  con_puts ("\nbye\n");
  board_exit ();
  return 0;
}
