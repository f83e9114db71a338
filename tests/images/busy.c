/* busy.c: a test image that never idles.
 *
 * Computes forever and prints a '.' every few million iterations, so tests
 * can stop, suspend and resume a VM while its CPU is busy on another thread.
 * 'q' on the console powers the board off.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include <stdint.h>

#define KSEG1(pa) ((uintptr_t) (intptr_t) (int32_t) (0xa0000000u | (pa)))
#define DUART(off) (*(volatile uint32_t *) (KSEG1 (0x1e840000u) + (off)))
#define SYSCTL(off) (*(volatile uint32_t *) (KSEG1 (0x1f000000u) + (off)))

static void
putc_ (char c)
{
  while (!(DUART (0x40c) & 0x04))
    ;
  DUART (0x41c) = (uint8_t) c;
}

volatile uint32_t sink;

int main (void);

int
main (void)
{
  uint32_t x = 1;

  putc_ ('b');
  putc_ ('u');
  putc_ ('s');
  putc_ ('y');
  putc_ ('\n');
  for (uint32_t i = 1;; i++)
    {
      x = x * 1103515245u + 12345u;
      if ((i & 0x3fffff) == 0)
        {
          putc_ ('.');
          if ((DUART (0x40c) & 0x01) && (DUART (0x41c) & 0xff) == 'q')
            SYSCTL (0x08) = 1;
          sink = x;
        }
    }
  return 0;
}
