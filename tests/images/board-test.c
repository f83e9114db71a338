/* board-test.c: a test image that drives the whole Wirelab board.
 *
 * Reads the board-information block and prints it, counts its boots in
 * NVRAM (private-config "boots N"), waits for three CP0 timer interrupts,
 * then serves every NIC: frames from NIC 0 go out of NIC 1 and back (with
 * one NIC, frames are echoed on it).  Console input: 'q' powers off, 'r'
 * reloads, 'w' reloads and idles in WAIT right after the power write (a
 * firmware's natural way to wait for the board), 'p' masks every interrupt
 * and serves NIC 0 by polling its RX descriptors in RAM (no device access:
 * an idle loop only DMA can end), other bytes are echoed.  Everything per
 * docs/board.md.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include <stdint.h>

#define KSEG1(pa) ((uintptr_t) (intptr_t) (int32_t) (0xa0000000u | (pa)))
#define KSEG0(pa) ((uintptr_t) (intptr_t) (int32_t) (0x80000000u | (pa)))
#define REG32(a) (*(volatile uint32_t *) (a))

#define DUART(off)  REG32 (KSEG1 (0x1e840000u) + (off))
#define SYSCTL(off) REG32 (KSEG1 (0x1f000000u) + (off))
#define INFO(off)   (KSEG1 (0x1f001000u) + (off))
#define NIC(n, off) REG32 (KSEG1 (0x1f100000u) + (n) * 0x100 + (off))
#define NVRAM       ((volatile uint8_t *) KSEG1 (0x1e000000u))

/* ---- console ---- */

static void
putc_ (char c)
{
  while (!(DUART (0x40c) & 0x04))
    ;
  DUART (0x41c) = (uint8_t) c;
}

static void
puts_ (const char *s)
{
  for (; *s; s++)
    {
      if (*s == '\n')
        putc_ ('\r');
      putc_ (*s);
    }
}

static void
putu (uint32_t v)
{
  char buf[12];
  int i = 0;

  do
    buf[i++] = (char) ('0' + v % 10);
  while ((v /= 10) != 0);
  while (i)
    putc_ (buf[--i]);
}

static void
puthex2 (uint8_t v)
{
  putc_ ("0123456789abcdef"[v >> 4]);
  putc_ ("0123456789abcdef"[v & 15]);
}

static uint32_t
info32 (unsigned off)
{
  return REG32 (INFO (off));
}

/* A string of the info block, read word by word (it is MMIO). */
static void
put_info_str (unsigned off, unsigned len)
{
  for (unsigned i = 0; i < len; i += 4)
    {
      uint32_t w = info32 (off + i);

      for (int b = 3; b >= 0; b--)
        {
          char c = (char) (w >> (b * 8));

          if (c == 0)
            return;
          putc_ (c);
        }
    }
}

/* ---- CP0 ---- */

static uint32_t
cp0_count (void)
{
  uint32_t v;

  __asm__ volatile ("mfc0 %0, $9" : "=r" (v));
  return v;
}

static void
cp0_set_compare (uint32_t v)
{
  __asm__ volatile ("mtc0 %0, $11" :: "r" (v));
}

static void
status_set_im (uint32_t im)
{
  uint32_t s;

  __asm__ volatile ("mfc0 %0, $12" : "=r" (s));
  s = (s & ~0xff01u) | im;          /* IE stays clear: WAIT just returns */
  __asm__ volatile ("mtc0 %0, $12" :: "r" (s));
}

static uint32_t
cause (void)
{
  uint32_t v;

  __asm__ volatile ("mfc0 %0, $13" : "=r" (v));
  return v;
}

/* ---- NVRAM ---- */

static uint32_t
crc32 (uint32_t crc, volatile const uint8_t *p, uint32_t len)
{
  crc = ~crc;
  while (len--)
    {
      crc ^= *p++;
      for (int k = 0; k < 8; k++)
        crc = (crc & 1) ? 0xedb88320u ^ (crc >> 1) : crc >> 1;
    }
  return ~crc;
}

static uint32_t
nv32 (unsigned off)
{
  return (uint32_t) NVRAM[off] << 24 | (uint32_t) NVRAM[off + 1] << 16 |
         (uint32_t) NVRAM[off + 2] << 8 | NVRAM[off + 3];
}

static void
nv_put32 (unsigned off, uint32_t v)
{
  NVRAM[off] = v >> 24;
  NVRAM[off + 1] = v >> 16;
  NVRAM[off + 2] = v >> 8;
  NVRAM[off + 3] = v;
}

static uint8_t priv_buf[64];

static void
nvram_boot_count (void)
{
  uint32_t size = info32 (0x0c) * 1024;
  int valid = nv32 (0) == 0x574c4e56u && nv32 (4) == 1;
  uint32_t s_off = 0, s_len = 0, p_off = 0, p_len = 0, boots = 0, gen = 0;
  uint32_t crc, n;

  if (valid)
    {
      s_off = nv32 (8);
      s_len = nv32 (12);
      p_off = nv32 (16);
      p_len = nv32 (20);
      gen = nv32 (28);
      valid = (!s_len || (s_off >= 0x40 && s_off + s_len <= size)) &&
              (!p_len || (p_off >= 0x40 && p_off + p_len <= size)) &&
              crc32 (crc32 (0, NVRAM + s_off, s_len), NVRAM + p_off, p_len) == nv32 (24);
    }
  if (!valid)
    s_len = p_len = 0;

  puts_ ("nvram: startup ");
  putu (s_len);
  puts_ (" bytes");
  if (s_len)
    {
      puts_ (": ");
      for (uint32_t i = 0; i < s_len && NVRAM[s_off + i] != '\n'; i++)
        putc_ ((char) NVRAM[s_off + i]);
    }
  puts_ ("\n");

  /* private-config "boots N" */
  if (p_len > 6)
    for (uint32_t i = 6; i < p_len && NVRAM[p_off + i] >= '0' && NVRAM[p_off + i] <= '9'; i++)
      boots = boots * 10 + (NVRAM[p_off + i] - '0');
  boots++;

  /* Rewrite: startup kept in place (it starts at 0x40), private after it. */
  n = 0;
  {
    const char *t = "boots ";
    char digits[12];
    int d = 0;
    uint32_t v = boots;

    while (*t)
      priv_buf[n++] = (uint8_t) *t++;
    do
      digits[d++] = (char) ('0' + v % 10);
    while ((v /= 10) != 0);
    while (d)
      priv_buf[n++] = (uint8_t) digits[--d];
    priv_buf[n++] = '\n';
  }
  if (s_len && s_off != 0x40)
    {
      for (uint32_t i = 0; i < s_len; i++)
        NVRAM[0x40 + i] = NVRAM[s_off + i];
    }
  for (uint32_t i = 0; i < n; i++)
    NVRAM[0x40 + s_len + i] = priv_buf[i];
  crc = crc32 (crc32 (0, NVRAM + 0x40, s_len), NVRAM + 0x40 + s_len, n);
  nv_put32 (0, 0x574c4e56u);
  nv_put32 (4, 1);
  nv_put32 (8, 0x40);
  nv_put32 (12, s_len);
  nv_put32 (16, 0x40 + s_len);
  nv_put32 (20, n);
  nv_put32 (24, crc);
  nv_put32 (28, gen + 1);
  SYSCTL (0x40) = 1;                 /* write memory */
  puts_ ("nvram: boots ");
  putu (boots);
  puts_ ("\n");
}

/* ---- NICs ---- */

#define RING 16
#define BUF  2048

struct desc
{
  uint64_t addr;
  uint16_t len;
  uint16_t flags;
  uint32_t reserved;
};

static struct desc rx_ring[2][RING] __attribute__ ((aligned (16)));
static struct desc tx_ring[2][RING] __attribute__ ((aligned (16)));
static uint8_t rx_buf[2][RING][BUF];
static uint8_t tx_buf[2][RING][BUF];
static uint32_t rx_next[2], tx_prod[2];
static unsigned n_nics;

/* Physical address of a KSEG0 object. */
static uint32_t
phys (const void *p)
{
  return (uint32_t) (uintptr_t) p & 0x1fffffffu;
}

/* Rings are touched uncached through KSEG1, as a DMA driver would. */
static volatile struct desc *
ring_u (struct desc *d)
{
  return (volatile struct desc *) KSEG1 (phys (d));
}

static void
nic_setup (unsigned n)
{
  NIC (n, 0x0c) = 0x80000000u;       /* reset */
  NIC (n, 0x40) = phys (rx_ring[n]);
  NIC (n, 0x44) = 0;
  NIC (n, 0x48) = RING;
  NIC (n, 0x20) = phys (tx_ring[n]);
  NIC (n, 0x24) = 0;
  NIC (n, 0x28) = RING;
  for (unsigned i = 0; i < RING; i++)
    {
      volatile struct desc *d = ring_u (&rx_ring[n][i]);

      d->addr = phys (rx_buf[n][i]);
      d->len = BUF;
      d->flags = 0;
    }
  NIC (n, 0x4c) = RING;              /* all buffers to the device */
  NIC (n, 0x14) = 0x1;               /* RX interrupt */
  NIC (n, 0x0c) = 0x3;               /* RX and TX on */
}

static void
nic_send (unsigned n, volatile const uint8_t *frame, uint16_t len)
{
  unsigned slot = tx_prod[n] % RING;
  volatile uint8_t *buf = (volatile uint8_t *) KSEG1 (phys (tx_buf[n][slot]));
  volatile struct desc *d = ring_u (&tx_ring[n][slot]);

  for (uint16_t i = 0; i < len; i++)
    buf[i] = frame[i];
  d->addr = phys (tx_buf[n][slot]);
  d->len = len;
  d->flags = 0;
  tx_prod[n]++;
  NIC (n, 0x2c) = tx_prod[n];        /* doorbell */
}

static void
nic_poll (unsigned n)
{
  NIC (n, 0x10) = 0xf;               /* acknowledge */
  while (rx_next[n] != NIC (n, 0x50))
    {
      unsigned slot = rx_next[n] % RING;
      volatile struct desc *d = ring_u (&rx_ring[n][slot]);
      volatile uint8_t *frame = (volatile uint8_t *) KSEG1 (phys (rx_buf[n][slot]));

      nic_send (n_nics > 1 ? n ^ 1 : n, frame, d->len);
      d->len = BUF;
      d->flags = 0;
      rx_next[n]++;
      NIC (n, 0x4c) = rx_next[n] + RING;   /* give the buffer back */
    }
}

/* Polls NIC 0's next RX descriptor in RAM with every interrupt masked and
 * echoes each frame; never returns. */
static void __attribute__ ((noreturn))
nic_poll_forever (void)
{
  for (unsigned n = 0; n < n_nics; n++)
    NIC (n, 0x14) = 0;                 /* IRQ_MASK: nothing */
  status_set_im (0);
  puts_ ("polling\n");
  for (;;)
    {
      unsigned slot = rx_next[0] % RING;
      volatile struct desc *d = ring_u (&rx_ring[0][slot]);

      while (!(d->flags & 1))          /* DONE, written by the NIC's DMA */
        ;
      nic_send (n_nics > 1 ? 1 : 0, (volatile uint8_t *) KSEG1 (phys (rx_buf[0][slot])), d->len);
      d->len = BUF;
      d->flags = 0;
      rx_next[0]++;
      NIC (0, 0x4c) = rx_next[0] + RING;
    }
}

/* ---- power ---- */

/* The power write and a WAIT loop in one straight-line block, so the CPU
 * reaches the WAIT before the board acts on the write, with no interrupt
 * pending: the board must reload all the same. */
static void __attribute__ ((noreturn))
reload_from_wait (void)
{
  __asm__ volatile (".set push\n\t"
                    ".set noreorder\n\t"
                    "sw    %0, 0(%1)\n"
                    "1:\n\t"
                    "wait\n\t"
                    "b     1b\n\t"
                    "nop\n\t"
                    ".set pop"
                    :: "r" (2), "r" (&SYSCTL (0x08)) : "memory");
  __builtin_unreachable ();
}

/* ---- main ---- */

int main (void);

int
main (void)
{
  uint32_t n_ifs;

  puts_ ("board-test: ");
  put_info_str (0x20, 16);
  puts_ (" ");
  put_info_str (0x30, 16);
  puts_ (" ram=");
  putu (info32 (0x08));
  puts_ (" ifs=");
  n_ifs = info32 (0x14);
  putu (n_ifs);
  puts_ ("\n");
  for (uint32_t i = 0; i < n_ifs; i++)
    {
      unsigned e = 0x100 + i * 64;
      uint32_t mac_hi = info32 (e + 0x20), mac_lo = info32 (e + 0x24);

      puts_ ("if ");
      put_info_str (e, 32);
      puts_ (" ");
      puthex2 (mac_hi >> 24);
      puthex2 (mac_hi >> 16);
      puthex2 (mac_hi >> 8);
      puthex2 (mac_hi);
      puthex2 (mac_lo >> 24);
      puthex2 (mac_lo >> 16);
      puts_ (" nic=");
      putu (info32 (e + 0x28));
      puts_ ("\n");
    }
  if (SYSCTL (0) != 0x574c4142u)
    puts_ ("sysctl: bad id\n");

  nvram_boot_count ();

  /* Three timer interrupts, 10 ms apart, each ending a WAIT. */
  status_set_im (0x8000);
  for (int t = 1; t <= 3; t++)
    {
      cp0_set_compare (cp0_count () + 1000000u);
      while (!(cause () & 0x8000))
        __asm__ volatile ("wait");
      puts_ ("timer ");
      putu ((uint32_t) t);
      puts_ ("\n");
    }
  cp0_set_compare (cp0_count () - 1);  /* clears IP7; next match is far away */
  puts_ ("timer ok\n");

  n_nics = n_ifs > 2 ? 2 : n_ifs;
  for (unsigned n = 0; n < n_nics; n++)
    nic_setup (n);
  DUART (0x42c) = 0x02;                /* RxRDYA */
  status_set_im (0x2000 | 0x0400);     /* IP5 DUART, IP2 NICs */
  puts_ ("ready\n");

  for (;;)
    {
      while (!(cause () & 0x2400))
        __asm__ volatile ("wait");
      for (unsigned n = 0; n < n_nics; n++)
        nic_poll (n);
      while (DUART (0x40c) & 0x01)
        {
          char c = (char) DUART (0x41c);

          if (c == 'q')
            {
              puts_ ("power off\n");
              SYSCTL (0x08) = 1;
            }
          else if (c == 'r')
            {
              puts_ ("reload\n");
              SYSCTL (0x08) = 2;
            }
          else if (c == 'w')
            {
              puts_ ("reload from wait\n");
              reload_from_wait ();
            }
          else if (c == 'p' && n_nics > 0)
            nic_poll_forever ();
          else
            putc_ (c);
        }
    }
  return 0;
}
