/* wl-board.c: the running hardware of a VM (docs/board.md)
 *
 * Copyright 2026 The Wirelab authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#define G_LOG_DOMAIN "wirelab-emu"

#include "config.h"

#include <errno.h>
#include <gio/gio.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>

#include "emu/physmem.h"
#include "emu/wl-board.h"
#include "emu/wl-board-info.h"
#include "emu/wl-console.h"
#include "emu/wl-duart.h"
#include "emu/wl-elf.h"
#include "emu/wl-nic.h"
#include "emu/wl-nvram.h"
#include "emu/wl-sched.h"

#define PHYS_NVRAM      0x1e000000ull
#define PHYS_IOFPGA     0x1e840000ull
#define PHYS_SYSCTL     0x1f000000ull
#define PHYS_BOARD_INFO 0x1f001000ull
#define PHYS_NIC        0x1f100000ull
#define MAX_NVRAM_KB    8192u          /* NVRAM must end below the I/O FPGA */
#define MAX_NICS        WL_BOARD_INFO_MAX_IFS
/* A guest asleep in a detected idle loop is looked at again this often, in
 * case the loop waits for something no interrupt or DMA signals. */
#define IDLE_RECHECK_NS (100 * 1000000ull)
/* Typed bytes kept per console while the DUART FIFO is full; past this the
 * telnet reader stops and TCP holds the rest back in the client. */
#define CONSOLE_BACKLOG (64 * 1024)

#define POWER_HALT   1
#define POWER_RELOAD 2

struct wl_board
{
  WlVm             *vm;              /* control thread only */
  char             *vm_name;
  char             *log_path;
  uint64_t          ram_size;
  uint8_t          *ram;
  wl_nvram_map_t   *nvram;
  wl_physmem_t     *mem;
  mips64_cpu_t     *cpu;
  wl_duart_t       *duart;
  wl_console_t     *console[2];
  wl_nic_t         *nics[MAX_NICS];
  WlVmPort         *nic_port[MAX_NICS];
  guint             n_nics;
  uint8_t           info[WL_BOARD_INFO_SIZE];
  wl_elf_image_t   *image;
  wl_sched_entry_t *entry;

  GMutex            irq_lock;
  uint64_t          nic_pending;
  GMutex            deadline_lock;
  uint64_t          cpu_deadline;
  GMutex            input_lock;
  GByteArray       *backlog[2];      /* in order after the FIFO's bytes */
  gboolean          reader_paused[2];

  gint              power_req;
  gint              status;
  gint              idle_asleep;     /* the last slice ended in an idle loop */
  gint              dma_gen;         /* bumped by every DMA into RAM */
  uint64_t          start_ns;
  uint64_t          last_idle_pc;
  void            (*console_output) (void *, const uint8_t *, size_t);
  void             *console_opaque;
};

/* ---- log ---- */

static void
board_log (wl_board_t *b,
           const char *format,
           ...) G_GNUC_PRINTF (2, 3);

static void
board_log (wl_board_t *b,
           const char *format,
           ...)
{
  static GMutex lock;
  g_autofree char *msg = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *stamp = g_date_time_format (now, "%b %d %H:%M:%S");
  va_list ap;
  FILE *f;

  va_start (ap, format);
  msg = g_strdup_vprintf (format, ap);
  va_end (ap);
  g_mutex_lock (&lock);
  f = b->log_path != NULL ? fopen (b->log_path, "a") : NULL;
  if (f != NULL)
    {
      fprintf (f, "%s VM %s: %s\n", stamp, b->vm_name, msg);
      fclose (f);
    }
  g_mutex_unlock (&lock);
}

/* ---- interrupts ---- */

static void
duart_irq (void *opaque,
           bool  level)
{
  wl_board_t *b = opaque;

  if (b->cpu == NULL)
    return;
  mips64_cpu_set_irq (b->cpu, 3, level);        /* IP5 */
  if (level && b->entry != NULL)
    wl_sched_wake (b->entry);
}

static void
duart_tx (void    *opaque,
          unsigned channel,
          uint8_t  byte)
{
  wl_board_t *b = opaque;

  if (b->console[channel & 1] != NULL)
    wl_console_output (b->console[channel & 1], &byte, 1);
  else if (channel == 0 && b->console_output != NULL)
    b->console_output (b->console_opaque, &byte, 1);
}

static void
nic_irq (void    *opaque,
         unsigned index,
         bool     level)
{
  wl_board_t *b = opaque;
  bool line;

  g_mutex_lock (&b->irq_lock);
  if (level)
    b->nic_pending |= 1ull << index;
  else
    b->nic_pending &= ~(1ull << index);
  line = b->nic_pending != 0;
  if (b->cpu != NULL)
    mips64_cpu_set_irq (b->cpu, 0, line);       /* IP2 */
  g_mutex_unlock (&b->irq_lock);
  if (line && b->entry != NULL)
    wl_sched_wake (b->entry);
}

/* An idle loop only reads RAM, so a frame written into RAM may be what it
 * waits for, even with the NIC's interrupt masked: run it again.  The
 * generation is bumped before the flag is read, while sched_run sets the
 * flag before it reads the generation: one of the two sees the other. */
static void
nic_dma (void    *opaque,
         unsigned index)
{
  wl_board_t *b = opaque;

  g_atomic_int_inc (&b->dma_gen);
  if (g_atomic_int_get (&b->idle_asleep) && b->entry != NULL)
    wl_sched_wake (b->entry);
}

/* ---- consoles ---- */

/* Typed bytes go to the FIFO, or after the bytes already waiting for it
 * (input_lock held); returns how many were taken, at most `max`. */
static size_t
queue_input_locked (wl_board_t    *b,
                    unsigned       channel,
                    const uint8_t *data,
                    size_t         len,
                    size_t         max)
{
  GByteArray *backlog = b->backlog[channel];
  size_t n = 0, rest;

  if (backlog->len == 0)
    n = wl_duart_input (b->duart, channel, data, len);
  rest = MIN (len - n, max > backlog->len ? max - backlog->len : 0);
  g_byte_array_append (backlog, data + n, rest);
  return n + rest;
}

/* The guest made room in a FIFO (or a reset emptied it): feed it from the
 * backlog, and let the telnet reader go on once the backlog is low. */
static void
feed_backlog (wl_board_t *b,
              unsigned    channel)
{
  GByteArray *backlog = b->backlog[channel];
  gboolean resume = FALSE;

  g_mutex_lock (&b->input_lock);
  if (backlog->len > 0)
    g_byte_array_remove_range (backlog, 0,
                               wl_duart_input (b->duart, channel, backlog->data, backlog->len));
  if (b->reader_paused[channel] && backlog->len <= CONSOLE_BACKLOG / 2)
    {
      b->reader_paused[channel] = FALSE;
      resume = TRUE;
    }
  g_mutex_unlock (&b->input_lock);
  if (resume && b->console[channel] != NULL)
    wl_console_resume_input (b->console[channel]);
}

static void
duart_rx_room (void    *opaque,
               unsigned channel)
{
  feed_backlog (opaque, channel & 1);
}

/* Console thread.  Everything typed is kept (the backlog may pass its bound
 * by one socket read); FALSE stops the reader until feed_backlog resumes it. */
static gboolean
console_input (void          *opaque,
               const uint8_t *data,
               size_t         len,
               unsigned       channel)
{
  wl_board_t *b = opaque;
  gboolean more;

  g_mutex_lock (&b->input_lock);
  queue_input_locked (b, channel, data, len, G_MAXSIZE);
  more = b->backlog[channel]->len < CONSOLE_BACKLOG;
  if (!more)
    b->reader_paused[channel] = TRUE;
  g_mutex_unlock (&b->input_lock);
  if (b->entry != NULL)
    wl_sched_wake (b->entry);
  return more;
}

static gboolean
con_input (void          *opaque,
           const uint8_t *data,
           size_t         len)
{
  return console_input (opaque, data, len, 0);
}

static gboolean
aux_input (void          *opaque,
           const uint8_t *data,
           size_t         len)
{
  return console_input (opaque, data, len, 1);
}

static int
console_status (void *opaque)
{
  return wl_board_get_status (opaque);
}

/* ---- system controller and board information ---- */

static uint64_t
sysctl_read (void    *opaque,
             uint64_t offset,
             unsigned size)
{
  wl_board_t *b = opaque;
  uint32_t v = 0;

  switch (offset & ~3ull)
    {
    case 0x000: v = 0x574c4142u; break;         /* WLAB */
    case 0x004: v = 1; break;
    case 0x010:
    case 0x014:
      g_mutex_lock (&b->irq_lock);
      v = (offset & ~3ull) == 0x010 ? (uint32_t) (b->nic_pending >> 32) : (uint32_t) b->nic_pending;
      g_mutex_unlock (&b->irq_lock);
      break;
    case 0x020: v = (uint32_t) (g_get_real_time () / G_USEC_PER_SEC); break;
    case 0x024: v = (uint32_t) ((wl_sched_now_ns () - b->start_ns) / 1000000u); break;
    case 0x030: v = g_random_int (); break;
    default: break;
    }
  if (size >= 4)
    return v;
  return (v >> ((4 - size - (offset & 3)) * 8)) & ((1u << (size * 8)) - 1);
}

static void
sysctl_write (void    *opaque,
              uint64_t offset,
              uint64_t value,
              unsigned size)
{
  wl_board_t *b = opaque;

  switch (offset & ~3ull)
    {
    case 0x008:
      if (value == POWER_HALT || value == POWER_RELOAD)
        {
          g_atomic_int_set (&b->power_req, (gint) value);
          mips64_cpu_request_exit (b->cpu);
        }
      break;
    case 0x040:
      if (b->nvram != NULL)
        wl_nvram_map_flush (b->nvram);
      break;
    default:
      break;
    }
}

static const wl_mmio_ops_t sysctl_ops = { sysctl_read, sysctl_write };

static uint64_t
info_read (void    *opaque,
           uint64_t offset,
           unsigned size)
{
  wl_board_t *b = opaque;
  uint64_t v = 0;

  if (offset + size > WL_BOARD_INFO_SIZE)
    return 0;
  for (unsigned i = 0; i < size; i++)
    v = (v << 8) | b->info[offset + i];
  return v;
}

static void
info_write (void    *opaque,
            uint64_t offset,
            uint64_t value,
            unsigned size)
{
}

static const wl_mmio_ops_t info_ops = { info_read, info_write };

/* ---- CPU and scheduler glue ---- */

static uint64_t
cpu_clock (void *opaque)
{
  return wl_sched_now_ns ();
}

static void
cpu_timer_deadline (void    *opaque,
                    uint64_t deadline_ns)
{
  wl_board_t *b = opaque;

  g_mutex_lock (&b->deadline_lock);
  b->cpu_deadline = deadline_ns;
  g_mutex_unlock (&b->deadline_lock);
  wl_sched_set_timer (b->entry, deadline_ns);
}

static void
cpu_irq_raised (void *opaque)
{
  wl_board_t *b = opaque;

  wl_sched_wake (b->entry);
}

static void
sched_timer (void *opaque)
{
  wl_board_t *b = opaque;
  uint64_t now = wl_sched_now_ns ();
  uint64_t rearm = 0;
  bool fire = false;

  g_mutex_lock (&b->deadline_lock);
  if (b->cpu_deadline != 0 && now >= b->cpu_deadline)
    {
      b->cpu_deadline = 0;
      fire = true;
    }
  else
    rearm = b->cpu_deadline;
  g_mutex_unlock (&b->deadline_lock);

  if (fire)
    mips64_cpu_timer_expired (b->cpu);
  else if (rearm != 0)
    wl_sched_set_timer (b->entry, rearm);
}

static void
sched_kick (void *opaque)
{
  wl_board_t *b = opaque;

  mips64_cpu_request_exit (b->cpu);
}

static void
invalidate_range (void    *opaque,
                  uint64_t paddr,
                  uint64_t len)
{
  wl_board_t *b = opaque;

  mips64_cpu_invalidate_code (b->cpu, paddr, len);
}

static void
cancel_timer (wl_board_t *b)
{
  g_mutex_lock (&b->deadline_lock);
  b->cpu_deadline = 0;
  g_mutex_unlock (&b->deadline_lock);
  if (b->entry != NULL)
    wl_sched_set_timer (b->entry, 0);
}

/* Cold reset: devices, RAM (back to untouched zero pages), the image. */
static void
board_reset (wl_board_t *b)
{
  uint64_t low = MIN (b->ram_size, WL_RAM_LOW_LIMIT);

  cancel_timer (b);
  wl_duart_reset (b->duart);
  for (guint i = 0; i < 2; i++)
    feed_backlog (b, i);       /* typing survives the reload */
  for (guint i = 0; i < b->n_nics; i++)
    wl_nic_reset (b->nics[i]);
  madvise (b->ram, b->ram_size, MADV_DONTNEED);
  mips64_cpu_invalidate_code (b->cpu, 0, low);
  if (b->ram_size > low)
    mips64_cpu_invalidate_code (b->cpu, WL_RAM_HIGH_BASE, b->ram_size - low);
  wl_elf_image_load (b->image, b->ram, b->ram_size, invalidate_range, b);
  mips64_cpu_reset (b->cpu, wl_elf_image_entry (b->image));
  mips64_cpu_set_gpr (b->cpu, 4, 0xffffffffa0000000ull | PHYS_BOARD_INFO);   /* $a0 */
  mips64_cpu_set_gpr (b->cpu, 5, b->ram_size);                               /* $a1 */
  b->start_ns = wl_sched_now_ns ();
}

/* Unlinks the NICs from their ports (frames stop arriving). */
static void
unlink_ports (wl_board_t *b)
{
  for (guint i = 0; i < b->n_nics; i++)
    {
      WlVmPort *port = b->nic_port[i];

      if (port != NULL)
        {
          g_mutex_lock (&port->lock);
          if (port->nic == b->nics[i])
            port->nic = NULL;
          g_mutex_unlock (&port->lock);
        }
    }
}

typedef enum
{
  POWER_NONE,
  POWER_DONE_HALT,
  POWER_DONE_RELOAD,
} power_result_t;

/* Acts on a power request of the guest.  Halting is `vm stop` seen from
 * inside: consoles close and links go down now, on the worker thread, while
 * the slice still runs (wl_board_free waits for it); the rest is released
 * by the next stop, start or delete. */
static power_result_t
handle_power (wl_board_t *b)
{
  int req = g_atomic_int_get (&b->power_req);

  if (req == 0)
    return POWER_NONE;
  g_atomic_int_set (&b->power_req, 0);
  if (req == POWER_HALT)
    {
      board_log (b, "halted by the guest (power register)");
      g_atomic_int_set (&b->status, WL_VM_STATUS_HALTED);
      unlink_ports (b);
      for (int i = 0; i < 2; i++)
        g_clear_pointer (&b->console[i], wl_console_free);
      return POWER_DONE_HALT;
    }
  board_log (b, "reload requested by the guest");
  board_reset (b);
  return POWER_DONE_RELOAD;
}

static wl_slice_result_t
sched_run (void *opaque)
{
  wl_board_t *b = opaque;
  mips64_exit_t r;
  gint dma_gen;

  g_atomic_int_set (&b->idle_asleep, 0);
  dma_gen = g_atomic_int_get (&b->dma_gen);
  if (handle_power (b) == POWER_DONE_HALT)
    return WL_SLICE_HALT;
  if (g_atomic_int_get (&b->status) != WL_VM_STATUS_RUNNING)
    return WL_SLICE_SLEEP;

  r = mips64_cpu_run (b->cpu, WL_BOARD_SLICE_INSNS);
  switch (handle_power (b))
    {
    case POWER_DONE_HALT:
      return WL_SLICE_HALT;
    case POWER_DONE_RELOAD:
      /* The fresh CPU must run whatever stopped the old one: a WAIT right
       * after the power write ends the slice with MIPS64_EXIT_WAIT (the
       * request exit is folded into it), and nothing would ever wake the
       * reset board, whose timer and interrupts are all off. */
      return WL_SLICE_AGAIN;
    case POWER_NONE:
    default:
      break;
    }

  switch (r)
    {
    case MIPS64_EXIT_BUDGET:
    case MIPS64_EXIT_REQUEST:
      return WL_SLICE_AGAIN;
    case MIPS64_EXIT_WAIT:
      b->last_idle_pc = mips64_cpu_get_pc (b->cpu);
      return mips64_cpu_wake_pending (b->cpu) ? WL_SLICE_AGAIN : WL_SLICE_SLEEP;
    case MIPS64_EXIT_IDLE:
      {
        uint64_t check = wl_sched_now_ns () + IDLE_RECHECK_NS;

        /* A detected idle loop sleeps until an interrupt or a DMA write
         * (nic_dma), and looks again now and then in case it waits for
         * something else. */
        b->last_idle_pc = mips64_cpu_get_pc (b->cpu);
        g_mutex_lock (&b->deadline_lock);
        if (b->cpu_deadline == 0 || b->cpu_deadline > check)
          wl_sched_set_timer (b->entry, check);
        g_mutex_unlock (&b->deadline_lock);
        if (mips64_cpu_wake_pending (b->cpu))
          return WL_SLICE_AGAIN;
        /* Flag first, then the generation (see nic_dma): a frame written
         * during the slice runs the loop again. */
        g_atomic_int_set (&b->idle_asleep, 1);
        if (g_atomic_int_get (&b->dma_gen) != dma_gen)
          {
            g_atomic_int_set (&b->idle_asleep, 0);
            return WL_SLICE_AGAIN;
          }
        return WL_SLICE_SLEEP;
      }
    case MIPS64_EXIT_BREAKPOINT:
      board_log (b, "breakpoint at 0x%016" G_GINT64_MODIFIER "x: suspended",
                 mips64_cpu_get_pc (b->cpu));
      g_atomic_int_set (&b->status, WL_VM_STATUS_SUSPENDED);
      return WL_SLICE_SLEEP;
    case MIPS64_EXIT_FAULT:
    default:
      board_log (b, "CPU stopped: %s", mips64_cpu_fault_message (b->cpu));
      g_atomic_int_set (&b->status, WL_VM_STATUS_HALTED);
      return WL_SLICE_HALT;
    }
}

static const wl_sched_ops_t sched_ops = {
  .run = sched_run,
  .kick = sched_kick,
  .timer = sched_timer,
};

/* ---- building ---- */

static void
mac_add (uint8_t        out[6],
         const uint8_t  base[6],
         guint          n)
{
  uint64_t v = 0;

  for (int i = 0; i < 6; i++)
    v = (v << 8) | base[i];
  v += n;
  for (int i = 5; i >= 0; i--)
    {
      out[i] = v & 0xff;
      v >>= 8;
    }
}

static void
add_interface (wl_board_t       *b,
               GArray           *ifs,
               const WlCardInfo *card,
               guint             slot,
               guint             port_id,
               char             *name)
{
  WlBoardInterface itf = { 0 };
  WlVm *vm = b->vm;
  WlVmPort *port = vm->slots[slot].ports[port_id];

  if (b->n_nics >= MAX_NICS)
    {
      board_log (b, "no NIC for %s: at most %u interfaces", name, MAX_NICS);
      g_free (name);
      return;
    }
  memcpy (itf.name, name, MIN (strlen (name), sizeof itf.name - 1));
  mac_add (itf.mac, vm->mac, (slot << 8) | port_id);
  itf.slot = slot;
  itf.port = port_id;
  itf.nic_index = b->n_nics;
  itf.speed = card->speed;
  memcpy (itf.adapter, card->name, MIN (strlen (card->name), sizeof itf.adapter - 1));
  g_array_append_val (ifs, itf);

  b->nics[b->n_nics] = wl_nic_new (b->mem, b->n_nics, itf.mac, nic_irq, nic_dma, b);
  b->nic_port[b->n_nics] = port;
  wl_physmem_map_mmio (b->mem, PHYS_NIC + b->n_nics * WL_NIC_BLOCK, WL_NIC_BLOCK,
                       &wl_nic_mmio_ops, b->nics[b->n_nics]);
  b->n_nics++;
  g_free (name);
}

static void
build_interfaces (wl_board_t *b,
                  GArray     *ifs)
{
  WlVm *vm = b->vm;

  for (guint s = 0; s < vm->platform->n_slots; s++)
    {
      const WlCardInfo *card = vm->slots[s].card;

      if (card != NULL)
        for (guint p = 0; p < card->n_ports; p++)
          add_interface (b, ifs, card, s, p, wl_card_interface_name (card, s, p));
      for (guint w = 0; w < 3; w++)
        {
          const WlCardInfo *wic = vm->slots[s].wics[w];

          if (wic == NULL || wic->n_ports == 0)
            continue;
          add_interface (b, ifs, wic, s, 16 * (w + 1),
                         vm->slots[0].card != NULL && vm->slots[0].card->flat_names
                           ? g_strdup_printf ("%s%u", wic->if_prefix, w + 1)
                           : g_strdup_printf ("%s%u/%u", wic->if_prefix, s, w + 1));
        }
    }
}

static const char *
board_model (WlVm *vm)
{
  if (strcmp (vm->platform->name, "c7200") == 0)
    return g_strcmp0 (vm->midplane, "std") == 0 ? "7206" : "7206VXR";
  return vm->chassis != NULL ? vm->chassis : vm->platform->default_chassis;
}

wl_board_t *
wl_board_new (WlVm               *vm,
              const WlBoardSetup *setup,
              GError            **error)
{
  wl_board_t *b;
  g_autoptr(GArray) ifs = g_array_new (FALSE, TRUE, sizeof (WlBoardInterface));
  g_autofree char *npe = NULL;
  wl_duart_callbacks_t duart_cb = { duart_tx, duart_irq, duart_rx_room };
  mips64_cpu_config_t cpu_cfg = { 0 };
  WlBoardInfoDesc desc = { 0 };
  uint64_t low;
  size_t nvram_size;

  g_return_val_if_fail (vm != NULL && setup != NULL, NULL);

  b = g_new0 (wl_board_t, 1);
  b->vm = vm;
  b->vm_name = g_strdup (vm->name);
  b->log_path = wl_vm_file_path (vm, "log.txt");
  b->status = WL_VM_STATUS_HALTED;
  g_mutex_init (&b->irq_lock);
  g_mutex_init (&b->deadline_lock);
  g_mutex_init (&b->input_lock);
  for (int i = 0; i < 2; i++)
    b->backlog[i] = g_byte_array_new ();
  b->ram_size = (uint64_t) MAX (vm->ram_mb, 1u) << 20;
  b->console_output = setup->console_output;
  b->console_opaque = setup->console_opaque;

  /* 1. The image, checked completely before anything is set up. */
  b->image = wl_elf_image_open (setup->image_path, b->ram_size, error);
  if (b->image == NULL)
    goto fail;

  /* 2. Sparse RAM: untouched pages cost no host memory. */
  b->ram = mmap (NULL, b->ram_size, PROT_READ | PROT_WRITE,
                 MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
  if (b->ram == MAP_FAILED)
    {
      int err = errno;

      b->ram = NULL;
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (err),
                   "cannot reserve %u MB of RAM: %s", vm->ram_mb, g_strerror (err));
      goto fail;
    }

  /* 3. Consoles: a port in use fails the start. */
  b->duart = wl_duart_new (&duart_cb, b);
  if (vm->con_port >= 0)
    {
      b->console[0] = wl_console_new (vm->name, vm->instance_id, vm->platform->name, FALSE,
                                      con_input, console_status, b);
      if (!wl_console_listen (b->console[0], setup->console_addr, vm->con_port, error))
        goto fail;
    }
  if (vm->aux_port >= 0)
    {
      b->console[1] = wl_console_new (vm->name, vm->instance_id, vm->platform->name, TRUE,
                                      aux_input, console_status, b);
      if (!wl_console_listen (b->console[1], setup->console_addr, vm->aux_port, error))
        goto fail;
    }

  /* 4. NVRAM, with the set_config files written into it. */
  nvram_size = (size_t) CLAMP (vm->nvram_kb, 8u, MAX_NVRAM_KB) * 1024;
  b->nvram = wl_nvram_map_open (setup->nvram_path, nvram_size, error);
  if (b->nvram == NULL)
    goto fail;
  if ((setup->startup_config != NULL || setup->private_config != NULL) &&
      !wl_nvram_layout_write (wl_nvram_map_data (b->nvram), nvram_size,
                              setup->startup_config, setup->private_config, error))
    goto fail;

  /* 5. The address space, the CPU and the devices.  Nothing fails below. */
  b->entry = wl_sched_add (wl_sched_get_default (), &sched_ops, b);
  b->mem = wl_physmem_new ();
  low = MIN (b->ram_size, WL_RAM_LOW_LIMIT);
  wl_physmem_map_ram (b->mem, 0, low, b->ram);
  if (b->ram_size > low)
    wl_physmem_map_ram (b->mem, WL_RAM_HIGH_BASE, b->ram_size - low, b->ram + low);
  wl_physmem_map_ram (b->mem, PHYS_NVRAM, nvram_size, wl_nvram_map_data (b->nvram));
  wl_physmem_map_mmio (b->mem, PHYS_IOFPGA, 0x1000, &wl_duart_mmio_ops, b->duart);
  wl_physmem_map_mmio (b->mem, PHYS_SYSCTL, 0x1000, &sysctl_ops, b);
  wl_physmem_map_mmio (b->mem, PHYS_BOARD_INFO, 0x1000, &info_ops, b);
  build_interfaces (b, ifs);

  if (strcmp (vm->platform->name, "c7200") == 0)
    npe = g_ascii_strup (vm->npe != NULL ? vm->npe : "npe-400", -1);
  desc.ram_mb = vm->ram_mb;
  desc.nvram_kb = nvram_size / 1024;
  desc.instance_id = vm->instance_id;
  desc.conf_reg = vm->conf_reg;
  desc.platform = vm->platform->name;
  desc.model = board_model (vm);
  desc.vm_name = vm->name;
  desc.npe = npe != NULL ? npe : "";
  memcpy (desc.base_mac, vm->mac, 6);
  desc.ifs = (const WlBoardInterface *) ifs->data;
  desc.n_ifs = ifs->len;
  wl_board_info_build (b->info, &desc);

  cpu_cfg.opaque = b;
  cpu_cfg.mem = b->mem;
  cpu_cfg.count_hz = WL_BOARD_COUNT_HZ;
  cpu_cfg.clock_ns = cpu_clock;
  cpu_cfg.timer_deadline = cpu_timer_deadline;
  cpu_cfg.irq_raised = cpu_irq_raised;
  b->cpu = mips64_cpu_new (&cpu_cfg);
  if (vm->idle_pc != 0)
    mips64_cpu_set_idle_pc (b->cpu, vm->idle_pc);
  board_reset (b);

  /* 6. Links: the NICs of bound ports go up. */
  for (guint i = 0; i < b->n_nics; i++)
    {
      WlVmPort *port = b->nic_port[i];

      if (port == NULL)
        continue;
      g_mutex_lock (&port->lock);
      port->nic = b->nics[i];
      wl_nic_set_nio (b->nics[i], port->nio, port->nio != NULL && port->enabled);
      g_mutex_unlock (&port->lock);
    }

  board_log (b, "started: %s, %u MB RAM, %u KB NVRAM, %u interfaces",
             setup->image_path, vm->ram_mb, (guint) (nvram_size / 1024), b->n_nics);
  g_atomic_int_set (&b->status, WL_VM_STATUS_RUNNING);
  if (!setup->start_paused)
    wl_sched_resume (b->entry);
  return b;

fail:
  wl_board_free (b);
  return NULL;
}

void
wl_board_free (wl_board_t *board)
{
  gboolean started;

  if (board == NULL)
    return;
  started = board->cpu != NULL;

  /* Stop the CPU, then the sources of events (frames, typing), and only
   * then the scheduler entry they wake: none of them may see it freed. */
  if (board->entry != NULL)
    wl_sched_pause (board->entry);
  unlink_ports (board);
  for (int i = 0; i < 2; i++)
    g_clear_pointer (&board->console[i], wl_console_free);
  if (board->entry != NULL)
    wl_sched_remove (board->entry);    /* waits for a running timer callback */
  board->entry = NULL;
  if (board->cpu != NULL)
    mips64_cpu_free (board->cpu);
  board->cpu = NULL;
  for (guint i = 0; i < board->n_nics; i++)
    wl_nic_free (board->nics[i]);
  if (board->mem != NULL)
    wl_physmem_free (board->mem);
  wl_duart_free (board->duart);
  wl_nvram_map_close (board->nvram);
  if (board->ram != NULL)
    munmap (board->ram, board->ram_size);
  wl_elf_image_free (board->image);
  if (started)
    board_log (board, "stopped");
  g_mutex_clear (&board->irq_lock);
  g_mutex_clear (&board->deadline_lock);
  g_mutex_clear (&board->input_lock);
  for (int i = 0; i < 2; i++)
    g_byte_array_unref (board->backlog[i]);
  g_free (board->vm_name);
  g_free (board->log_path);
  g_free (board);
}

int
wl_board_get_status (wl_board_t *board)
{
  g_return_val_if_fail (board != NULL, WL_VM_STATUS_HALTED);
  return g_atomic_int_get (&board->status);
}

void
wl_board_suspend (wl_board_t *board)
{
  g_return_if_fail (board != NULL);

  g_atomic_int_set (&board->status, WL_VM_STATUS_SUSPENDED);
  wl_sched_pause (board->entry);
}

void
wl_board_resume (wl_board_t *board)
{
  g_return_if_fail (board != NULL);

  g_atomic_int_set (&board->status, WL_VM_STATUS_RUNNING);
  wl_sched_resume (board->entry);
  wl_sched_wake (board->entry);
}

uint64_t
wl_board_cpu_ns (wl_board_t *board)
{
  g_return_val_if_fail (board != NULL, 0);
  return wl_sched_cpu_ns (board->entry);
}

mips64_cpu_t *
wl_board_get_cpu (wl_board_t *board)
{
  g_return_val_if_fail (board != NULL, NULL);
  return board->cpu;
}

wl_physmem_t *
wl_board_get_physmem (wl_board_t *board)
{
  g_return_val_if_fail (board != NULL, NULL);
  return board->mem;
}

uint8_t *
wl_board_get_nvram (wl_board_t *board,
                    size_t     *size)
{
  g_return_val_if_fail (board != NULL, NULL);
  *size = wl_nvram_map_size (board->nvram);
  return wl_nvram_map_data (board->nvram);
}

uint64_t
wl_board_last_idle_pc (wl_board_t *board)
{
  g_return_val_if_fail (board != NULL, 0);
  return board->last_idle_pc;
}

size_t
wl_board_console_input (wl_board_t    *board,
                        unsigned       channel,
                        const uint8_t *data,
                        size_t         len)
{
  size_t n;

  g_return_val_if_fail (board != NULL && channel < 2, 0);

  /* As typed, behind what clients typed before; only what fits is taken. */
  g_mutex_lock (&board->input_lock);
  n = queue_input_locked (board, channel, data, len, CONSOLE_BACKLOG);
  g_mutex_unlock (&board->input_lock);
  wl_sched_wake (board->entry);
  return n;
}

void
wl_board_lock_cpu (wl_board_t *board)
{
  g_return_if_fail (board != NULL);
  wl_sched_pause (board->entry);
}

void
wl_board_unlock_cpu (wl_board_t *board)
{
  g_return_if_fail (board != NULL);
  if (g_atomic_int_get (&board->status) == WL_VM_STATUS_RUNNING)
    {
      wl_sched_resume (board->entry);
      wl_sched_wake (board->entry);
    }
}

uint64_t
wl_board_run_to_halt (wl_board_t  *board,
                      const char **why)
{
  const char *reason = NULL;

  g_return_val_if_fail (board != NULL, 0);

  while (reason == NULL)
    {
      mips64_exit_t r = mips64_cpu_run (board->cpu, 1000000000ull);

      if (g_atomic_int_get (&board->power_req) == POWER_HALT)
        reason = "power-off register";
      else if (r == MIPS64_EXIT_FAULT)
        reason = mips64_cpu_fault_message (board->cpu);
      else if (r == MIPS64_EXIT_BREAKPOINT)
        reason = "breakpoint";
      else if (r == MIPS64_EXIT_WAIT && !mips64_cpu_wake_pending (board->cpu))
        {
          uint64_t status = mips64_cpu_get_cp0 (board->cpu, 12, 0);
          uint64_t deadline;

          g_mutex_lock (&board->deadline_lock);
          deadline = board->cpu_deadline;
          g_mutex_unlock (&board->deadline_lock);
          if (!(status & 1) || !(status & 0x8000) || deadline == 0)
            reason = "WAIT with interrupts disabled";
          else
            {
              /* Only the timer can wake it: sleep until then. */
              uint64_t now = wl_sched_now_ns ();

              if (deadline > now)
                g_usleep ((deadline - now) / 1000);
              sched_timer (board);
            }
        }
    }
  if (why != NULL)
    *why = reason;
  return mips64_cpu_insn_count (board->cpu);
}
