/* hal-mips.c: the HAL on the Wirelab board (docs/board.md)
 *
 * Copyright 2026 The Wirelab authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * Devices are polled; interrupts are never taken (Status.IE stays 0) but
 * stay unmasked in Status.IM so that WAIT returns as soon as the console,
 * a NIC or the CP0 timer wants attention.  NIC rings live in RAM and are
 * read through their DONE flags, so a burst of frames costs a handful of
 * register accesses: one interrupt acknowledge and one doorbell per ring.
 */

#define G_LOG_DOMAIN "wirelab-fw"

#include "config.h"

#include "../fw.h"

#define KSEG1(pa) ((uintptr_t) (intptr_t) (int32_t) (0xa0000000u | (uint32_t) (pa)))
#define REG32(addr) (*(volatile uint32_t *) (addr))

#define DUART_BASE   KSEG1 (0x1e840000u)
#define DUART(off)   REG32 (DUART_BASE + (off))
#define SRA          0x40c
#define CRA          0x414
#define RHRA         0x41c
#define THRA         0x41c
#define IMR          0x42c
#define SR_RXRDY     0x01
#define SR_TXRDY     0x04

#define SYSCTL(off)  REG32 (KSEG1 (0x1f000000u) + (off))
#define SYS_ID           0x000
#define SYS_POWER        0x008
#define SYS_NIC_PEND_HI  0x010
#define SYS_NIC_PEND_LO  0x014
#define SYS_WALL         0x020
#define SYS_MS           0x024
#define SYS_RANDOM       0x030
#define SYS_NV_FLUSH     0x040

#define NVRAM_BASE   KSEG1 (0x1e000000u)

#define NIC_BASE(n)  KSEG1 (0x1f100000u + (uint32_t) (n) * 0x100u)
#define NIC_ID        0x00
#define NIC_STATUS    0x08
#define NIC_CTRL      0x0c
#define NIC_IRQ_STAT  0x10
#define NIC_IRQ_MASK  0x14
#define NIC_TX_LO     0x20
#define NIC_TX_HI     0x24
#define NIC_TX_SIZE   0x28
#define NIC_TX_PROD   0x2c
#define NIC_TX_CONS   0x30
#define NIC_RX_LO     0x40
#define NIC_RX_HI     0x44
#define NIC_RX_SIZE   0x48
#define NIC_RX_PROD   0x4c
#define NIC_RX_CONS   0x50
#define NIC_CNT       0x60

#define CTRL_RX      0x1u
#define CTRL_TX      0x2u
#define CTRL_RESET   0x80000000u
#define DESC_DONE    0x1u

/* Receive rings absorb the moments the VM is not scheduled: as large as an
 * eighth of RAM allows (in 2 KB buffers, shared by the NICs), 64..1024. */
#define RX_RING_MAX 1024u
#define TX_RING 512u

typedef struct
{
  uint64_t addr;
  uint16_t len;
  uint16_t flags;
  uint32_t reserved;
} Desc;

typedef struct
{
  uintptr_t        base;
  uint32_t         rx_size;
  volatile Desc   *rx, *tx;
  FwPkt          **rx_pkts, **tx_pkts;
  uint32_t         rx_next, rx_prod;
  uint32_t         tx_prod, tx_clean;
  bool             open;
} Nic;

extern char _end[];

static uintptr_t board_block;
static uint64_t ram_bytes;
static uint32_t count_per_ms;
static uint64_t ms_high;
static uint32_t ms_last;
static size_t nvram_bytes;
static uint32_t n_nics;
static Nic nics[64];
/* While frames flow, polling a little longer is cheaper than a sleep and
 * a wake-up per frame: CP0 Count of the last received burst. */
static uint32_t last_rx_count;
static bool rx_recent;

#define BUSY_POLL_US 200u

void hal_mips_main (uintptr_t board, uint64_t ram) __attribute__ ((noreturn));
void hal_exception (uint64_t *frame) __attribute__ ((noreturn));

static inline uint64_t
phys (const void *p)
{
  return (uint64_t) (uintptr_t) p & 0x1fffffffu;
}

static inline void
barrier (void)
{
  __asm__ volatile ("sync" ::: "memory");
}

static inline uint32_t
read_count (void)
{
  uint32_t v;

  __asm__ volatile ("mfc0 %0, $9" : "=r" (v));
  return v;
}

static inline void
write_compare (uint32_t v)
{
  __asm__ volatile ("mtc0 %0, $11" :: "r" (v));
}

static uint32_t
bi32 (uint32_t off)
{
  return REG32 (board_block + off);
}

/* Bytes of the block, read as aligned words (it is a 32-bit register file). */
static void
bi_bytes (uint32_t  off,
          void     *buf,
          size_t    len)
{
  uint8_t *d = buf;

  for (size_t i = 0; i < len; i++)
    {
      uint32_t a = off + (uint32_t) i;
      uint32_t w = bi32 (a & ~3u);

      d[i] = (uint8_t) (w >> (24 - 8 * (a & 3u)));
    }
}

static void
bi_string (uint32_t  off,
           char     *buf,
           size_t    field)
{
  bi_bytes (off, buf, field);
  buf[field] = '\0';
}

void
hal_init (HalBoard *b)
{
  memset (b, 0, sizeof *b);
  DUART (CRA) = 0x05;                 /* receiver and transmitter on */
  DUART (IMR) = 0x02;                 /* RxRDYA: wakes WAIT */
  if (bi32 (0) != 0x574c4249u)
    {
      hal_con_write ("\r\nWirelab router: no board-information block\r\n", 46);
      b->count_hz = 100000000;
      b->ram_mb = (uint32_t) (ram_bytes >> 20);
      b->nvram_kb = 128;
      fw_strlcpy (b->platform, "c7200", sizeof b->platform);
    }
  else
    {
      b->ram_mb = bi32 (0x08);
      b->nvram_kb = bi32 (0x0c);
      b->count_hz = bi32 (0x10);
      b->n_ifaces = FW_MIN (bi32 (0x14), (uint32_t) HAL_MAX_IFACES);
      b->instance_id = bi32 (0x18);
      b->confreg = bi32 (0x1c);
      bi_string (0x20, b->platform, 16);
      bi_string (0x30, b->model, 16);
      bi_string (0x40, b->vm_name, 32);
      bi_string (0x60, b->npe, 16);
      bi_bytes (0x70, b->mac, 6);
      for (uint32_t i = 0; i < b->n_ifaces; i++)
        {
          HalIface *f = &b->ifaces[i];
          uint32_t e = 0x100 + i * 64;
          uint8_t sp[2];

          bi_string (e, f->name, 32);
          bi_bytes (e + 0x20, f->mac, 6);
          bi_bytes (e + 0x26, sp, 2);
          f->slot = sp[0];
          f->port = sp[1];
          f->nic = bi32 (e + 0x28);
          f->speed = bi32 (e + 0x2c);
          bi_string (e + 0x30, f->adapter, 16);
        }
    }
  if (b->count_hz == 0)
    b->count_hz = 100000000;
  count_per_ms = b->count_hz / 1000;
  nvram_bytes = (size_t) b->nvram_kb * 1024;
  n_nics = b->n_ifaces;
}

void
hal_heap_region (void  **base,
                 size_t *size)
{
  uint64_t top = ram_bytes;
  uintptr_t start = ((uintptr_t) _end + 4095) & ~(uintptr_t) 4095;
  uint64_t used = phys ((void *) start);

  /* KSEG0 reaches 512 MB; RAM above 448 MB is elsewhere (docs/board.md). */
  if (top > (448ull << 20))
    top = 448ull << 20;
  if (top < used + (1u << 20))
    top = used + (1u << 20);
  *base = (void *) start;
  *size = (size_t) (top - used);
}

int
hal_con_getc (void)
{
  if (DUART (SRA) & SR_RXRDY)
    return (int) (DUART (RHRA) & 0xff);
  return -1;
}

void
hal_con_write (const char *buf,
               size_t      len)
{
  for (size_t i = 0; i < len; i++)
    {
      while (!(DUART (SRA) & SR_TXRDY))
        ;
      DUART (THRA) = (uint8_t) buf[i];
    }
}

uint64_t
hal_now_ms (void)
{
  uint32_t ms = SYSCTL (SYS_MS);

  if (ms < ms_last)
    ms_high += 1ull << 32;
  ms_last = ms;
  return ms_high | ms;
}

uint32_t
hal_wall_seconds (void)
{
  return SYSCTL (SYS_WALL);
}

uint32_t
hal_random (void)
{
  return SYSCTL (SYS_RANDOM);
}

void
hal_idle (uint64_t deadline)
{
  uint64_t now = hal_now_ms ();
  uint64_t delta;

  if (deadline <= now)
    return;
  delta = deadline - now;
  if (delta > 30000)
    delta = 30000;
  /* Compare first (this also clears a pending timer interrupt), then look
   * for work that came in meanwhile: WAIT returns at once if any line is
   * already asserted, so nothing is lost between the check and the wait. */
  if (rx_recent)
    {
      uint32_t window = BUSY_POLL_US * (count_per_ms / 1000);

      while (read_count () - last_rx_count < window)
        {
          if (SYSCTL (SYS_NIC_PEND_LO) || SYSCTL (SYS_NIC_PEND_HI) || (DUART (SRA) & SR_RXRDY))
            return;
        }
      rx_recent = false;
    }
  write_compare (read_count () + (uint32_t) delta * count_per_ms);
  if ((DUART (SRA) & SR_RXRDY) || SYSCTL (SYS_NIC_PEND_LO) || SYSCTL (SYS_NIC_PEND_HI))
    return;
  __asm__ volatile ("wait" ::: "memory");
}

size_t
hal_nvram_size (void)
{
  return nvram_bytes;
}

void
hal_nvram_read (size_t  offset,
                void   *buf,
                size_t  len)
{
  volatile const uint8_t *nv = (volatile const uint8_t *) NVRAM_BASE;
  uint8_t *d = buf;

  if (offset > nvram_bytes || len > nvram_bytes - offset)
    {
      memset (buf, 0, len);
      return;
    }
  for (size_t i = 0; i < len; i++)
    d[i] = nv[offset + i];
}

void
hal_nvram_write (size_t      offset,
                 const void *buf,
                 size_t      len)
{
  volatile uint8_t *nv = (volatile uint8_t *) NVRAM_BASE;
  const uint8_t *s = buf;

  if (offset > nvram_bytes || len > nvram_bytes - offset)
    return;
  for (size_t i = 0; i < len; i++)
    nv[offset + i] = s[i];
}

void
hal_nvram_flush (void)
{
  barrier ();
  SYSCTL (SYS_NV_FLUSH) = 1;
}

void
hal_power (int what)
{
  barrier ();
  SYSCTL (SYS_POWER) = (uint32_t) what;
  for (;;)
    __asm__ volatile ("wait");
}

/* --- NICs ----------------------------------------------------------- */

#define NREG(n, off) REG32 (nics[n].base + (off))

static void *
ring_alloc (uint32_t entries)
{
  uintptr_t p = (uintptr_t) fw_calloc (1, entries * sizeof (Desc) + 16);

  return (void *) ((p + 15) & ~(uintptr_t) 15);
}

bool
hal_nic_open (uint32_t n)
{
  Nic *nic;

  if (n >= 64)
    return false;
  nic = &nics[n];
  nic->base = NIC_BASE (n);
  if (NREG (n, NIC_ID) != 0x574e4943u)
    return false;
  NREG (n, NIC_CTRL) = CTRL_RESET;
  {
    uint64_t budget = (ram_bytes / 8) / FW_PKT_SIZE / (n_nics ? n_nics : 1);

    nic->rx_size = 64;
    while (nic->rx_size < RX_RING_MAX && nic->rx_size * 2 <= budget)
      nic->rx_size *= 2;
  }
  nic->rx = ring_alloc (nic->rx_size);
  nic->tx = ring_alloc (TX_RING);
  nic->rx_pkts = fw_calloc (nic->rx_size, sizeof (FwPkt *));
  nic->tx_pkts = fw_calloc (TX_RING, sizeof (FwPkt *));
  if (!nic->rx || !nic->tx || !nic->rx_pkts || !nic->tx_pkts)
    return false;
  for (uint32_t i = 0; i < nic->rx_size; i++)
    {
      FwPkt *p = fw_pkt_alloc ();

      if (p == NULL)
        break;
      nic->rx_pkts[i] = p;
      nic->rx[i].addr = phys (p->data);
      nic->rx[i].len = (uint16_t) FW_PKT_DATA_MAX;
      nic->rx[i].flags = 0;
      nic->rx_prod++;
    }
  nic->rx_next = 0;
  nic->tx_prod = nic->tx_clean = 0;
  barrier ();
  NREG (n, NIC_TX_LO) = (uint32_t) phys ((const void *) nic->tx);
  NREG (n, NIC_TX_HI) = 0;
  NREG (n, NIC_TX_SIZE) = TX_RING;
  NREG (n, NIC_RX_LO) = (uint32_t) phys ((const void *) nic->rx);
  NREG (n, NIC_RX_HI) = 0;
  NREG (n, NIC_RX_SIZE) = nic->rx_size;
  NREG (n, NIC_RX_PROD) = nic->rx_prod;
  NREG (n, NIC_IRQ_STAT) = 0xf;
  NREG (n, NIC_IRQ_MASK) = HAL_NIC_EV_RX | HAL_NIC_EV_LINK;
  NREG (n, NIC_CTRL) = CTRL_RX | CTRL_TX;
  nic->open = true;
  return true;
}

bool
hal_nic_link (uint32_t n)
{
  return nics[n].open && (NREG (n, NIC_STATUS) & 1);
}

uint64_t
hal_nic_pending (void)
{
  return ((uint64_t) SYSCTL (SYS_NIC_PEND_HI) << 32) | SYSCTL (SYS_NIC_PEND_LO);
}

uint32_t
hal_nic_ack (uint32_t n)
{
  uint32_t st;

  if (!nics[n].open)
    return 0;
  st = NREG (n, NIC_IRQ_STAT);
  if (st)
    NREG (n, NIC_IRQ_STAT) = st;
  return st;
}

int
hal_nic_rx_burst (uint32_t  n,
                  FwPkt   **pkts,
                  int       max)
{
  Nic *nic = &nics[n];
  int got = 0, taken = 0;

  if (!nic->open)
    return 0;
  while (taken < max)
    {
      uint32_t i = nic->rx_next & (nic->rx_size - 1);
      volatile Desc *d = &nic->rx[i];
      FwPkt *p, *fresh;

      if (!(d->flags & DESC_DONE))
        break;
      p = nic->rx_pkts[i];
      fresh = d->len <= FW_PKT_DATA_MAX ? fw_pkt_alloc () : NULL;
      if (FW_LIKELY (fresh != NULL))
        {
          p->len = d->len;
          pkts[got++] = p;
          nic->rx_pkts[i] = fresh;
          d->addr = phys (fresh->data);
        }
      /* else: out of buffers (or a length past the buffer): the frame is
       * dropped and its buffer posted again */
      d->len = (uint16_t) FW_PKT_DATA_MAX;
      d->flags = 0;
      nic->rx_next++;
      nic->rx_prod++;
      taken++;
    }
  if (taken)
    {
      barrier ();
      NREG (n, NIC_RX_PROD) = nic->rx_prod;
      last_rx_count = read_count ();
      rx_recent = true;
    }
  return got;
}

static void
tx_reclaim (Nic *nic)
{
  while (nic->tx_clean != nic->tx_prod)
    {
      uint32_t i = nic->tx_clean & (TX_RING - 1);

      if (!(nic->tx[i].flags & DESC_DONE))
        break;
      fw_pkt_free (nic->tx_pkts[i]);
      nic->tx_pkts[i] = NULL;
      nic->tx_clean++;
    }
}

bool
hal_nic_tx (uint32_t  n,
            FwPkt    *p)
{
  Nic *nic = &nics[n];
  uint32_t i;
  volatile Desc *d;

  if (!nic->open)
    {
      fw_pkt_free (p);
      return false;
    }
  if (nic->tx_prod - nic->tx_clean >= TX_RING)
    {
      tx_reclaim (nic);
      if (nic->tx_prod - nic->tx_clean >= TX_RING)
        {
          fw_pkt_free (p);
          return false;
        }
    }
  i = nic->tx_prod & (TX_RING - 1);
  d = &nic->tx[i];
  d->addr = phys (p->data);
  d->len = p->len;
  d->flags = 0;
  nic->tx_pkts[i] = p;
  nic->tx_prod++;
  return true;
}

void
hal_nic_tx_flush (uint32_t n)
{
  Nic *nic = &nics[n];

  if (!nic->open)
    return;
  barrier ();
  NREG (n, NIC_TX_PROD) = nic->tx_prod;
  tx_reclaim (nic);
}

void
hal_nic_stats (uint32_t     n,
               HalNicStats *s)
{
  memset (s, 0, sizeof *s);
  if (!nics[n].open)
    return;
  s->rx_frames = NREG (n, NIC_CNT + 0x00);
  s->rx_bytes = NREG (n, NIC_CNT + 0x04);
  s->tx_frames = NREG (n, NIC_CNT + 0x08);
  s->tx_bytes = NREG (n, NIC_CNT + 0x0c);
  s->rx_drops = NREG (n, NIC_CNT + 0x10);
  s->tx_drops = NREG (n, NIC_CNT + 0x14);
}

/* --- entry and faults ------------------------------------------------ */

void
hal_mips_main (uintptr_t board,
               uint64_t  ram)
{
  board_block = board ? board : KSEG1 (0x1f001000u);
  ram_bytes = ram ? ram : 64ull << 20;
  fw_boot ();
  fw_run ();
}

static void
raw_puts (const char *s)
{
  for (; *s; s++)
    {
      if (*s == '\n')
        hal_con_write ("\r", 1);
      hal_con_write (s, 1);
    }
}

void
hal_exception (uint64_t *frame)
{
  static const char *const names[] = {
    "zero", "at", "v0", "v1", "a0", "a1", "a2", "a3", "a4", "a5", "a6", "a7", "t0", "t1", "t2",
    "t3", "s0", "s1", "s2", "s3", "s4", "s5", "s6", "s7", "t8", "t9", "k0", "k1", "gp", "sp",
    "s8", "ra",
  };
  uint64_t epc, badvaddr;
  uint32_t cause, status;
  char line[96];

  __asm__ volatile ("dmfc0 %0, $14" : "=r" (epc));
  __asm__ volatile ("dmfc0 %0, $8" : "=r" (badvaddr));
  __asm__ volatile ("mfc0 %0, $13" : "=r" (cause));
  __asm__ volatile ("mfc0 %0, $12" : "=r" (status));
  raw_puts ("\n\n*** System received a fatal exception ***\n");
  fw_snprintf (line, sizeof line, "Cause 0x%08x (code %u), Status 0x%08x\n", cause,
               (cause >> 2) & 31, status);
  raw_puts (line);
  fw_snprintf (line, sizeof line, "EPC 0x%016llx  BadVAddr 0x%016llx\n",
               (unsigned long long) epc, (unsigned long long) badvaddr);
  raw_puts (line);
  for (int r = 1; r < 32; r++)
    {
      if (r == 26 || r == 27)
        continue;
      fw_snprintf (line, sizeof line, "%-4s 0x%016llx%s", names[r],
                   (unsigned long long) frame[r], (r % 3 == 0) ? "\n" : "  ");
      raw_puts (line);
    }
  /* Stay up (idle) so the console keeps the report; vm stop ends it. */
  raw_puts ("\n%SYS-2-FATAL: the router stopped; reload it with vm stop and vm start\n");
  for (;;)
    __asm__ volatile ("wait");
}
