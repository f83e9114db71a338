/* wl-nic.c: the paravirtual NIC (docs/board.md, "Paravirtual NIC")
 *
 * Copyright 2026 The Wirelab authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#define G_LOG_DOMAIN "wirelab-emu"

#include "config.h"

#include <string.h>

#include "emu/wl-nic.h"

#define NIC_ID      0x574e4943u   /* WNIC */
#define CTRL_RX_EN  0x1u
#define CTRL_TX_EN  0x2u
#define CTRL_RESET  0x80000000u
#define DESC_SIZE   16
#define DESC_DONE   0x0001
#define TX_BATCH    64
#define TX_SCRATCH  (256 * 1024)   /* room for at least 4 largest frames */

struct wl_nic
{
  GMutex          lock;
  wl_physmem_t   *mem;
  unsigned        index;
  uint8_t         mac[6];
  wl_nic_irq_func irq;
  wl_nic_dma_func dma;
  void           *opaque;
  bool            level;

  wl_nio_t       *nio;
  bool            link;

  uint32_t ctrl, irq_status, irq_mask;
  uint64_t tx_ring, rx_ring;
  uint32_t tx_size, tx_prod, tx_cons;
  uint32_t rx_size, rx_prod, rx_cons;
  uint32_t rx_frames, rx_bytes, tx_frames, tx_bytes, rx_dropped, tx_dropped;

  /* Transmit scratch, used on the CPU thread only. */
  uint8_t *tx_buf;
};

static uint64_t
get64 (const uint8_t *p)
{
  uint64_t v = 0;

  for (int i = 0; i < 8; i++)
    v = (v << 8) | p[i];
  return v;
}

static void
update_irq_locked (wl_nic_t *nic)
{
  bool level = (nic->irq_status & nic->irq_mask) != 0;

  if (level != nic->level)
    {
      nic->level = level;
      if (nic->irq != NULL)
        nic->irq (nic->opaque, nic->index, level);
    }
}

static void
raise_locked (wl_nic_t *nic,
              uint32_t  bits)
{
  nic->irq_status |= bits;
  update_irq_locked (nic);
}

wl_nic_t *
wl_nic_new (wl_physmem_t    *mem,
            unsigned         index,
            const uint8_t    mac[6],
            wl_nic_irq_func  irq,
            wl_nic_dma_func  dma,
            void            *opaque)
{
  wl_nic_t *nic = g_new0 (wl_nic_t, 1);

  g_mutex_init (&nic->lock);
  nic->mem = mem;
  nic->index = index;
  memcpy (nic->mac, mac, 6);
  nic->irq = irq;
  nic->dma = dma;
  nic->opaque = opaque;
  return nic;
}

void
wl_nic_free (wl_nic_t *nic)
{
  if (nic == NULL)
    return;
  if (nic->nio != NULL)
    wl_nio_unref (nic->nio);
  g_free (nic->tx_buf);
  g_mutex_clear (&nic->lock);
  g_free (nic);
}

static void
reset_locked (wl_nic_t *nic)
{
  nic->ctrl = nic->irq_status = nic->irq_mask = 0;
  nic->tx_ring = nic->rx_ring = 0;
  nic->tx_size = nic->rx_size = 0;
  nic->tx_prod = nic->tx_cons = nic->rx_prod = nic->rx_cons = 0;
  update_irq_locked (nic);
}

void
wl_nic_reset (wl_nic_t *nic)
{
  g_return_if_fail (nic != NULL);

  g_mutex_lock (&nic->lock);
  reset_locked (nic);
  g_mutex_unlock (&nic->lock);
}

void
wl_nic_set_nio (wl_nic_t *nic,
                wl_nio_t *nio,
                bool      link)
{
  wl_nio_t *old;

  g_return_if_fail (nic != NULL);

  g_mutex_lock (&nic->lock);
  old = nic->nio;
  nic->nio = nio != NULL ? wl_nio_ref (nio) : NULL;
  link = link && nio != NULL;
  if (link != nic->link)
    {
      nic->link = link;
      raise_locked (nic, WL_NIC_IRQ_LINK);
    }
  g_mutex_unlock (&nic->lock);
  if (old != NULL)
    wl_nio_unref (old);
}

void
wl_nic_get_counts (wl_nic_t *nic,
                   uint64_t *rx_frames,
                   uint64_t *tx_frames)
{
  g_return_if_fail (nic != NULL);

  g_mutex_lock (&nic->lock);
  *rx_frames = nic->rx_frames;
  *tx_frames = nic->tx_frames;
  g_mutex_unlock (&nic->lock);
}

void
wl_nic_receive (wl_nic_t      *nic,
                const uint8_t *frame,
                size_t         len)
{
  uint8_t desc[DESC_SIZE];
  uint64_t daddr, buf;
  unsigned cap;

  g_return_if_fail (nic != NULL);

  g_mutex_lock (&nic->lock);
  if (!(nic->ctrl & CTRL_RX_EN) || !nic->link || nic->rx_size == 0)
    goto drop;
  if (nic->rx_cons == nic->rx_prod)
    goto drop;

  daddr = nic->rx_ring + (uint64_t) (nic->rx_cons & (nic->rx_size - 1)) * DESC_SIZE;
  if (!wl_physmem_read (nic->mem, daddr, desc, sizeof desc))
    goto drop;
  buf = get64 (desc);
  cap = ((unsigned) desc[8] << 8) | desc[9];
  if (len > cap || !wl_physmem_write (nic->mem, buf, frame, len))
    goto drop;
  desc[8] = len >> 8;
  desc[9] = len & 0xff;
  desc[10] = 0;
  desc[11] = DESC_DONE;
  wl_physmem_write (nic->mem, daddr + 8, desc + 8, 4);
  nic->rx_cons++;
  nic->rx_frames++;
  nic->rx_bytes += len;
  raise_locked (nic, WL_NIC_IRQ_RX);
  g_mutex_unlock (&nic->lock);
  if (nic->dma != NULL)
    nic->dma (nic->opaque, nic->index);
  return;

drop:
  nic->rx_dropped++;
  raise_locked (nic, WL_NIC_IRQ_RX_DROP);
  g_mutex_unlock (&nic->lock);
}

/* Sends every descriptor in [TX_CONS, TX_PROD), in batches. */
static void
process_tx (wl_nic_t *nic)
{
  for (;;)
    {
      const uint8_t *frames[TX_BATCH];
      size_t lens[TX_BATCH];
      unsigned n = 0;
      size_t used = 0;
      wl_nio_t *nio = NULL;
      bool any = false;

      g_mutex_lock (&nic->lock);
      if (!(nic->ctrl & CTRL_TX_EN) || nic->tx_size == 0)
        {
          g_mutex_unlock (&nic->lock);
          return;
        }
      /* A driver that overran its ring gets at most one ring per doorbell. */
      if (nic->tx_prod - nic->tx_cons > nic->tx_size)
        nic->tx_cons = nic->tx_prod - nic->tx_size;

      if (nic->tx_buf == NULL)
        nic->tx_buf = g_malloc (TX_SCRATCH);
      while (nic->tx_cons != nic->tx_prod && n < TX_BATCH)
        {
          uint8_t desc[DESC_SIZE];
          uint64_t daddr = nic->tx_ring + (uint64_t) (nic->tx_cons & (nic->tx_size - 1)) * DESC_SIZE;
          unsigned len;

          if (!wl_physmem_read (nic->mem, daddr, desc, sizeof desc))
            break;
          len = ((unsigned) desc[8] << 8) | desc[9];
          if (used + len > TX_SCRATCH)
            break;                      /* send this batch first */
          if (nic->link && len > 0 &&
              wl_physmem_read (nic->mem, get64 (desc), nic->tx_buf + used, len))
            {
              frames[n] = nic->tx_buf + used;
              lens[n] = len;
              used += len;
              n++;
              nic->tx_frames++;
              nic->tx_bytes += len;
            }
          else
            nic->tx_dropped++;
          desc[10] = 0;
          desc[11] = DESC_DONE;
          wl_physmem_write (nic->mem, daddr + 10, desc + 10, 2);
          nic->tx_cons++;
          any = true;
        }
      if (any)
        raise_locked (nic, WL_NIC_IRQ_TX);
      if (n > 0 && nic->nio != NULL)
        nio = wl_nio_ref (nic->nio);
      g_mutex_unlock (&nic->lock);

      if (nio != NULL)
        {
          /* Outside the lock: a looped-back link may deliver to this NIC. */
          wl_nio_send_batch (nio, frames, lens, n);
          wl_nio_unref (nio);
        }
      if (n == 0)
        return;
    }
}

static uint32_t
read_reg_locked (wl_nic_t *nic,
                 unsigned  reg)
{
  switch (reg)
    {
    case 0x00: return NIC_ID;
    case 0x04: return 1;
    case 0x08: return nic->link ? 1 : 0;
    case 0x0c: return nic->ctrl;
    case 0x10: return nic->irq_status;
    case 0x14: return nic->irq_mask;
    case 0x18: return ((uint32_t) nic->mac[0] << 8) | nic->mac[1];
    case 0x1c: return ((uint32_t) nic->mac[2] << 24) | ((uint32_t) nic->mac[3] << 16) |
                      ((uint32_t) nic->mac[4] << 8) | nic->mac[5];
    case 0x20: return (uint32_t) nic->tx_ring;
    case 0x24: return (uint32_t) (nic->tx_ring >> 32);
    case 0x28: return nic->tx_size;
    case 0x2c: return nic->tx_prod;
    case 0x30: return nic->tx_cons;
    case 0x40: return (uint32_t) nic->rx_ring;
    case 0x44: return (uint32_t) (nic->rx_ring >> 32);
    case 0x48: return nic->rx_size;
    case 0x4c: return nic->rx_prod;
    case 0x50: return nic->rx_cons;
    case 0x60: return nic->rx_frames;
    case 0x64: return nic->rx_bytes;
    case 0x68: return nic->tx_frames;
    case 0x6c: return nic->tx_bytes;
    case 0x70: return nic->rx_dropped;
    case 0x74: return nic->tx_dropped;
    default: return 0;
    }
}

static uint64_t
nic_read (void    *opaque,
          uint64_t offset,
          unsigned size)
{
  wl_nic_t *nic = opaque;
  uint32_t v;

  g_mutex_lock (&nic->lock);
  v = read_reg_locked (nic, offset & ~3u);
  g_mutex_unlock (&nic->lock);

  if (size >= 4)
    return v;
  /* Narrow reads take the big-endian byte lanes of the register. */
  return (v >> ((4 - size - (offset & 3)) * 8)) & ((1u << (size * 8)) - 1);
}

static bool
valid_ring_size (uint32_t size)
{
  return size >= 2 && size <= 4096 && (size & (size - 1)) == 0;
}

static void
nic_write (void    *opaque,
           uint64_t offset,
           uint64_t value,
           unsigned size)
{
  wl_nic_t *nic = opaque;
  uint32_t v = (uint32_t) value;
  bool kick_tx = false;

  if (size != 4 || (offset & 3))
    return;

  g_mutex_lock (&nic->lock);
  switch (offset)
    {
    case 0x0c:
      if (v & CTRL_RESET)
        {
          reset_locked (nic);
          break;
        }
      kick_tx = (v & CTRL_TX_EN) && !(nic->ctrl & CTRL_TX_EN);
      nic->ctrl = v & (CTRL_RX_EN | CTRL_TX_EN);
      break;
    case 0x10:
      nic->irq_status &= ~v;
      update_irq_locked (nic);
      break;
    case 0x14:
      nic->irq_mask = v & 0xf;
      update_irq_locked (nic);
      break;
    case 0x20:
      if (!(nic->ctrl & CTRL_TX_EN))
        nic->tx_ring = (nic->tx_ring & ~0xffffffffull) | v;
      break;
    case 0x24:
      if (!(nic->ctrl & CTRL_TX_EN))
        nic->tx_ring = (nic->tx_ring & 0xffffffffull) | ((uint64_t) v << 32);
      break;
    case 0x28:
      if (!(nic->ctrl & CTRL_TX_EN) && valid_ring_size (v))
        nic->tx_size = v;
      break;
    case 0x2c:
      nic->tx_prod = v;
      kick_tx = true;
      break;
    case 0x40:
      if (!(nic->ctrl & CTRL_RX_EN))
        nic->rx_ring = (nic->rx_ring & ~0xffffffffull) | v;
      break;
    case 0x44:
      if (!(nic->ctrl & CTRL_RX_EN))
        nic->rx_ring = (nic->rx_ring & 0xffffffffull) | ((uint64_t) v << 32);
      break;
    case 0x48:
      if (!(nic->ctrl & CTRL_RX_EN) && valid_ring_size (v))
        nic->rx_size = v;
      break;
    case 0x4c:
      nic->rx_prod = v;
      break;
    default:
      break;
    }
  g_mutex_unlock (&nic->lock);

  if (kick_tx)
    process_tx (nic);
}

const wl_mmio_ops_t wl_nic_mmio_ops = {
  .read = nic_read,
  .write = nic_write,
};
