/* hv-vm-debug.c: the `vm_debug` hypervisor module (spec section 5.3)
 *
 * Copyright 2026 The Wirelab authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#define G_LOG_DOMAIN "wirelab-emu"

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "emu/hv-emu.h"
#include "emu/physmem.h"
#include "emu/wl-board.h"
#include "emu/wl-elf.h"

#define FIND_VM(vm)                                                         \
  WlVm *vm = wl_hv_find_object (hv, reply, WL_HV_OBJ_VM, argv[0]);          \
  if (vm == NULL)                                                           \
    return

static mips64_cpu_t *
find_cpu (WlVm       *vm,
          WlHvReply  *reply,
          const char *id,
          const char *text)
{
  if (vm->board == NULL || atoi (id) != 0)
    {
      wl_hv_reply_error (reply, WL_HV_ERR_BAD_OBJ, "%s", text);
      return NULL;
    }
  return wl_board_get_cpu (vm->board);
}

/* Physical memory needs a started VM (RAM exists only then). */
static wl_physmem_t *
find_mem (WlVm      *vm,
          WlHvReply *reply)
{
  if (vm->board == NULL)
    {
      wl_hv_reply_error (reply, WL_HV_ERR_BAD_OBJ, "VM '%s' is not running", vm->name);
      return NULL;
    }
  return wl_board_get_physmem (vm->board);
}

static void
cmd_show_cpu_regs (WirelabHypervisor *hv,
                   WlHvReply         *reply,
                   guint              argc,
                   char             **argv)
{
  FIND_VM (vm);

  if (atoi (argv[1]) == 0)
    wl_hv_emu_dump_cpu (vm, reply);
  wl_hv_reply_ok (reply, "OK");
}

static void
cmd_show_cpu_mmu (WirelabHypervisor *hv,
                  WlHvReply         *reply,
                  guint              argc,
                  char             **argv)
{
  FIND_VM (vm);

  wl_hv_reply_ok (reply, "OK");
}

static void
cmd_set_cpu_reg (WirelabHypervisor *hv,
                 WlHvReply         *reply,
                 guint              argc,
                 char             **argv)
{
  FIND_VM (vm);
  int reg = atoi (argv[2]);
  mips64_cpu_t *cpu;

  if (reg < 1 || reg > 31)
    {
      wl_hv_reply_error (reply, WL_HV_ERR_BAD_OBJ, "Bad CPU or register");
      return;
    }
  cpu = find_cpu (vm, reply, argv[1], "Bad CPU or register");
  if (cpu == NULL)
    return;
  wl_board_lock_cpu (vm->board);
  mips64_cpu_set_gpr (cpu, reg, strtoull (argv[3], NULL, 0));
  wl_board_unlock_cpu (vm->board);
  wl_hv_reply_ok (reply, "OK");
}

static void
breakpoint (WirelabHypervisor *hv,
            WlHvReply         *reply,
            char             **argv,
            gboolean           add)
{
  FIND_VM (vm);
  mips64_cpu_t *cpu = find_cpu (vm, reply, argv[1], "Bad CPU");
  uint64_t addr = strtoull (argv[2], NULL, 0);

  if (cpu == NULL)
    return;
  wl_board_lock_cpu (vm->board);
  if (add)
    mips64_cpu_add_breakpoint (cpu, addr);
  else
    mips64_cpu_remove_breakpoint (cpu, addr);
  wl_board_unlock_cpu (vm->board);
  wl_hv_reply_ok (reply, "OK");
}

static void
cmd_add_cpu_breakpoint (WirelabHypervisor *hv,
                        WlHvReply         *reply,
                        guint              argc,
                        char             **argv)
{
  breakpoint (hv, reply, argv, TRUE);
}

static void
cmd_remove_cpu_breakpoint (WirelabHypervisor *hv,
                           WlHvReply         *reply,
                           guint              argc,
                           char             **argv)
{
  breakpoint (hv, reply, argv, FALSE);
}

static uint64_t
pmem_get (wl_physmem_t *mem,
          uint64_t      addr,
          unsigned      size)
{
  uint8_t buf[4] = { 0 };
  uint64_t v = 0;

  if (wl_physmem_read (mem, addr, buf, size))
    {
      for (unsigned i = 0; i < size; i++)
        v = (v << 8) | buf[i];
      return v;
    }
  if ((addr & (size - 1)) == 0 && wl_physmem_load (mem, addr, size, &v))
    return v;
  return 0;
}

static void
pmem_put (wl_physmem_t *mem,
          uint64_t      addr,
          unsigned      size,
          uint64_t      value)
{
  uint8_t buf[4];

  for (unsigned i = 0; i < size; i++)
    buf[i] = value >> (8 * (size - 1 - i));
  if (!wl_physmem_write (mem, addr, buf, size) && (addr & (size - 1)) == 0)
    wl_physmem_store (mem, addr, size, value);
}

static void
cmd_pmem_w32 (WirelabHypervisor *hv,
              WlHvReply         *reply,
              guint              argc,
              char             **argv)
{
  FIND_VM (vm);
  wl_physmem_t *mem = find_mem (vm, reply);

  if (mem == NULL)
    return;
  pmem_put (mem, strtoull (argv[2], NULL, 0), 4, (uint32_t) strtoul (argv[3], NULL, 0));
  wl_hv_reply_ok (reply, "OK");
}

static void
cmd_pmem_r32 (WirelabHypervisor *hv,
              WlHvReply         *reply,
              guint              argc,
              char             **argv)
{
  FIND_VM (vm);
  wl_physmem_t *mem = find_mem (vm, reply);

  if (mem == NULL)
    return;
  wl_hv_reply_ok (reply, "0x%8.8x", (guint) pmem_get (mem, strtoull (argv[2], NULL, 0), 4));
}

static void
cmd_pmem_w16 (WirelabHypervisor *hv,
              WlHvReply         *reply,
              guint              argc,
              char             **argv)
{
  FIND_VM (vm);
  wl_physmem_t *mem = find_mem (vm, reply);

  if (mem == NULL)
    return;
  pmem_put (mem, strtoull (argv[2], NULL, 0), 2, (uint16_t) strtoul (argv[3], NULL, 0));
  wl_hv_reply_ok (reply, "OK");
}

static void
cmd_pmem_r16 (WirelabHypervisor *hv,
              WlHvReply         *reply,
              guint              argc,
              char             **argv)
{
  FIND_VM (vm);
  wl_physmem_t *mem = find_mem (vm, reply);

  if (mem == NULL)
    return;
  wl_hv_reply_ok (reply, "0x%4.4x", (guint) pmem_get (mem, strtoull (argv[2], NULL, 0), 2));
}

/* pmem_cfind <vm> <cpu> <hexbytes> [first [last]]: first match in RAM. */
static void
cmd_pmem_cfind (WirelabHypervisor *hv,
                WlHvReply         *reply,
                guint              argc,
                char             **argv)
{
  FIND_VM (vm);
  wl_physmem_t *mem = find_mem (vm, reply);
  const char *hex = argv[2];
  gsize n = strlen (hex) / 2;
  g_autofree guint8 *pattern = NULL;
  uint64_t first, last, ram = (uint64_t) vm->ram_mb << 20;

  if (mem == NULL)
    return;
  if (strlen (hex) % 2 != 0 || n == 0)
    {
      wl_hv_reply_error (reply, WL_HV_ERR_INV_PARAM, "Invalid parameter");
      return;
    }
  pattern = g_malloc (n);
  for (gsize i = 0; i < n; i++)
    {
      int hi = g_ascii_xdigit_value (hex[2 * i]), lo = g_ascii_xdigit_value (hex[2 * i + 1]);

      if (hi < 0 || lo < 0)
        {
          wl_hv_reply_error (reply, WL_HV_ERR_INV_PARAM, "Invalid parameter");
          return;
        }
      pattern[i] = (guint8) (hi << 4 | lo);
    }
  first = argc > 3 ? strtoull (argv[3], NULL, 0) : 0;
  last = argc > 4 ? strtoull (argv[4], NULL, 0) : MIN (ram, WL_RAM_LOW_LIMIT) - 1;
  if (last >= first && last - first + 1 >= n)
    {
      uint8_t *p = wl_physmem_ram_ptr (mem, first, last - first + 1);

      if (p != NULL)
        {
          const uint8_t *hit = memmem (p, last - first + 1, pattern, n);

          if (hit != NULL)
            {
              wl_hv_reply_ok (reply, "0x%" G_GINT64_MODIFIER "x", first + (uint64_t) (hit - p));
              return;
            }
        }
    }
  wl_hv_reply_error (reply, WL_HV_ERR_NOT_FOUND, "not found");
}

static const WlHvCommand vm_debug_commands[] = {
  { "show_cpu_regs", 2, 2, cmd_show_cpu_regs },
  { "show_cpu_mmu", 2, 2, cmd_show_cpu_mmu },
  { "set_cpu_reg", 4, 4, cmd_set_cpu_reg },
  { "add_cpu_breakpoint", 3, 3, cmd_add_cpu_breakpoint },
  { "remove_cpu_breakpoint", 3, 3, cmd_remove_cpu_breakpoint },
  { "pmem_w32", 4, 4, cmd_pmem_w32 },
  { "pmem_r32", 3, 3, cmd_pmem_r32 },
  { "pmem_w16", 4, 4, cmd_pmem_w16 },
  { "pmem_r16", 3, 3, cmd_pmem_r16 },
  { "pmem_cfind", 3, 5, cmd_pmem_cfind },
  { NULL }
};

const WlHvModule wl_hv_vm_debug_module = {
  .name = "vm_debug",
  .commands = vm_debug_commands,
};
