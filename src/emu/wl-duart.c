/* wl-duart.c: SCN2681 DUART (console and AUX), docs/board.md
 *
 * Copyright 2026 The Wirelab authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#define G_LOG_DOMAIN "wirelab-emu"

#include "config.h"

#include "emu/wl-duart.h"

#define SR_RXRDY 0x01
#define SR_FFULL 0x02
#define SR_TXRDY 0x04
#define SR_TXEMT 0x08

#define ISR_TXRDYA 0x01
#define ISR_RXRDYA 0x02
#define ISR_TXRDYB 0x10
#define ISR_RXRDYB 0x20

typedef struct
{
  uint8_t  fifo[WL_DUART_RX_FIFO];
  unsigned head;
  unsigned count;
  uint8_t  mr;
  uint8_t  cr;
  bool     want_room;   /* input was refused: call rx_room at half */
} channel_t;

struct wl_duart
{
  GMutex               lock;
  wl_duart_callbacks_t cb;
  void                *opaque;
  channel_t            ch[2];
  uint8_t              imr;
  uint8_t              acr;
  bool                 level;
};

static uint8_t
isr_locked (wl_duart_t *d)
{
  uint8_t isr = ISR_TXRDYA | ISR_TXRDYB;   /* transmit is always ready */

  if (d->ch[0].count)
    isr |= ISR_RXRDYA;
  if (d->ch[1].count)
    isr |= ISR_RXRDYB;
  return isr;
}

static void
update_irq_locked (wl_duart_t *d)
{
  bool level = (isr_locked (d) & d->imr) != 0;

  if (level != d->level)
    {
      d->level = level;
      if (d->cb.irq != NULL)
        d->cb.irq (d->opaque, level);
    }
}

wl_duart_t *
wl_duart_new (const wl_duart_callbacks_t *callbacks,
              void                       *opaque)
{
  wl_duart_t *d = g_new0 (wl_duart_t, 1);

  g_mutex_init (&d->lock);
  if (callbacks != NULL)
    d->cb = *callbacks;
  d->opaque = opaque;
  return d;
}

void
wl_duart_free (wl_duart_t *duart)
{
  if (duart == NULL)
    return;
  g_mutex_clear (&duart->lock);
  g_free (duart);
}

void
wl_duart_reset (wl_duart_t *duart)
{
  g_return_if_fail (duart != NULL);

  g_mutex_lock (&duart->lock);
  for (int i = 0; i < 2; i++)
    {
      duart->ch[i].head = duart->ch[i].count = 0;
      duart->ch[i].mr = duart->ch[i].cr = 0;
      duart->ch[i].want_room = false;
    }
  duart->imr = 0;
  duart->acr = 0;
  update_irq_locked (duart);
  g_mutex_unlock (&duart->lock);
}

size_t
wl_duart_input (wl_duart_t    *duart,
                unsigned       channel,
                const uint8_t *data,
                size_t         len)
{
  channel_t *ch;
  size_t n = 0;

  g_return_val_if_fail (duart != NULL && channel < 2, 0);

  g_mutex_lock (&duart->lock);
  ch = &duart->ch[channel];
  while (n < len && ch->count < WL_DUART_RX_FIFO)
    {
      ch->fifo[(ch->head + ch->count) % WL_DUART_RX_FIFO] = data[n++];
      ch->count++;
    }
  if (n < len)
    ch->want_room = true;
  update_irq_locked (duart);
  g_mutex_unlock (&duart->lock);
  return n;
}

/* Register number of an offset in the window, or -1. */
static int
reg_of (uint64_t offset)
{
  if (offset < 0x404 || offset >= 0x404 + 16 * 8)
    return -1;
  return (int) ((offset - 0x404) / 8);
}

static uint64_t
duart_read (void    *opaque,
            uint64_t offset,
            unsigned size)
{
  wl_duart_t *d = opaque;
  int reg = reg_of (offset);
  uint64_t v = 0;
  int room = -1;

  if (reg < 0)
    return 0;

  g_mutex_lock (&d->lock);
  switch (reg)
    {
    case 0: v = d->ch[0].mr; break;
    case 8: v = d->ch[1].mr; break;
    case 1:
    case 9:
      {
        channel_t *ch = &d->ch[reg == 9];

        v = SR_TXRDY | SR_TXEMT;
        if (ch->count)
          v |= SR_RXRDY;
        if (ch->count == WL_DUART_RX_FIFO)
          v |= SR_FFULL;
      }
      break;
    case 3:
    case 11:
      {
        channel_t *ch = &d->ch[reg == 11];

        if (ch->count)
          {
            v = ch->fifo[ch->head];
            ch->head = (ch->head + 1) % WL_DUART_RX_FIFO;
            ch->count--;
            update_irq_locked (d);
            if (ch->want_room && ch->count <= WL_DUART_RX_FIFO / 2)
              {
                ch->want_room = false;
                room = reg == 11;
              }
          }
      }
      break;
    case 5: v = isr_locked (d); break;
    default: break;
    }
  g_mutex_unlock (&d->lock);
  /* Outside the lock: the owner feeds the FIFO from there. */
  if (room >= 0 && d->cb.rx_room != NULL)
    d->cb.rx_room (d->opaque, (unsigned) room);
  return v;
}

static void
duart_write (void    *opaque,
             uint64_t offset,
             uint64_t value,
             unsigned size)
{
  wl_duart_t *d = opaque;
  int reg = reg_of (offset);
  uint8_t byte = value & 0xff;

  if (reg < 0)
    return;

  switch (reg)
    {
    case 3:
    case 11:
      /* Outside the lock: the console may take its own locks. */
      if (d->cb.tx != NULL)
        d->cb.tx (d->opaque, reg == 11, byte);
      return;
    default:
      break;
    }

  g_mutex_lock (&d->lock);
  switch (reg)
    {
    case 0: d->ch[0].mr = byte; break;
    case 8: d->ch[1].mr = byte; break;
    case 2: d->ch[0].cr = byte; break;
    case 10: d->ch[1].cr = byte; break;
    case 4: d->acr = byte; break;
    case 5:
      d->imr = byte;
      update_irq_locked (d);
      break;
    default: break;
    }
  g_mutex_unlock (&d->lock);
}

const wl_mmio_ops_t wl_duart_mmio_ops = {
  .read = duart_read,
  .write = duart_write,
};
