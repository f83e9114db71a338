/* hv-vm.c: the `vm` hypervisor module (spec section 5.1)
 *
 * Copyright 2026 The Wirelab authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * Reply texts and argument counts are Dynamips 0.2.24's.  Where Dynamips
 * misbehaves (spec section 12) the VM is left intact instead.
 */

#define G_LOG_DOMAIN "wirelab-emu"

#include "config.h"

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <stdlib.h>
#include <string.h>

#include "emu/hv-emu.h"
#include "emu/wl-board.h"
#include "emu/wl-vm.h"

#define FIND_VM(vm)                                                         \
  WlVm *vm = wl_hv_find_object (hv, reply, WL_HV_OBJ_VM, argv[0]);          \
  if (vm == NULL)                                                           \
    return

/* Files a VM may own, "<platform>_<name>_<suffix>" (rename, clean_delete). */
static const char *const vm_file_suffixes[] = {
  "nvram", "log.txt", "lock", "ram", "rom", "bootflash", "disk0", "disk1", "slot0",
  "slot1", "flash0", "flash1", "ssa", "rommon_vars", "ios_cfg.txt", NULL
};

/* Same as Dynamips: atoi and friends on the raw argument. */
static int
arg_int (const char *s)
{
  return atoi (s);
}

static gboolean
valid_vm_name (const char *name)
{
  return name[0] != '\0' && strchr (name, '/') == NULL && strcmp (name, ".") != 0 &&
         strcmp (name, "..") != 0;
}

static void
cmd_create (WirelabHypervisor *hv,
            WlHvReply         *reply,
            guint              argc,
            char             **argv)
{
  const WlPlatformInfo *platform = wl_platform_lookup (argv[2]);
  WlVm *vm;

  /* Checked before any file is touched: a duplicate damages nothing. */
  if (platform == NULL || !valid_vm_name (argv[0]) ||
      wl_hv_object_lookup (hv, WL_HV_OBJ_VM, argv[0]) != NULL)
    {
      wl_hv_reply_error (reply, WL_HV_ERR_CREATE, "unable to create VM instance '%s'", argv[0]);
      return;
    }
  vm = wl_vm_new (hv, argv[0], (guint) arg_int (argv[1]), platform);
  if (!wl_hv_object_add (hv, WL_HV_OBJ_VM, argv[0], vm, (GDestroyNotify) wl_vm_free))
    {
      wl_vm_free (vm);
      wl_hv_reply_error (reply, WL_HV_ERR_CREATE, "unable to create VM instance '%s'", argv[0]);
      return;
    }
  wl_hv_reply_ok (reply, "VM '%s' created", argv[0]);
}

static void
rename_files (WlVm       *vm,
              const char *old_name,
              const char *new_name)
{
  for (guint i = 0; vm_file_suffixes[i] != NULL; i++)
    {
      g_autofree char *from_name = g_strdup_printf ("%s_%s_%s", vm->platform->name, old_name,
                                                    vm_file_suffixes[i]);
      g_autofree char *to_name = g_strdup_printf ("%s_%s_%s", vm->platform->name, new_name,
                                                  vm_file_suffixes[i]);
      g_autofree char *from = wl_hv_resolve_path (vm->hv, from_name);
      g_autofree char *to = wl_hv_resolve_path (vm->hv, to_name);

      if (from != NULL && to != NULL && g_file_test (from, G_FILE_TEST_EXISTS) &&
          !g_file_test (to, G_FILE_TEST_EXISTS))
        g_rename (from, to);
    }
}

static void
cmd_rename (WirelabHypervisor *hv,
            WlHvReply         *reply,
            guint              argc,
            char             **argv)
{
  FIND_VM (vm);
  g_autofree char *old_name = g_strdup (argv[0]);

  if (wl_hv_object_lookup (hv, WL_HV_OBJ_VM, argv[1]) != NULL)
    {
      wl_hv_reply_error (reply, WL_HV_ERR_RENAME,
                         "unable to rename VM instance '%s', '%s' already exists", argv[0], argv[1]);
      return;
    }
  /* A started VM has its files open under the old name. */
  if (!valid_vm_name (argv[1]) || vm->board != NULL ||
      !wl_hv_object_rename (hv, WL_HV_OBJ_VM, argv[0], argv[1]))
    {
      wl_hv_reply_error (reply, WL_HV_ERR_RENAME, "unable to rename VM instance '%s'", argv[0]);
      return;
    }
  rename_files (vm, old_name, argv[1]);
  g_free (vm->name);
  vm->name = g_strdup (argv[1]);
  wl_vm_log (vm, "renamed from '%s'", old_name);
  wl_hv_reply_ok (reply, "VM '%s' renamed to '%s'", old_name, argv[1]);
}

static void
cmd_delete (WirelabHypervisor *hv,
            WlHvReply         *reply,
            guint              argc,
            char             **argv)
{
  if (!wl_hv_object_remove (hv, WL_HV_OBJ_VM, argv[0]))
    {
      wl_hv_reply_error (reply, WL_HV_ERR_DELETE, "unable to delete VM '%s'", argv[0]);
      return;
    }
  wl_hv_reply_ok (reply, "VM '%s' deleted", argv[0]);
}

static void
cmd_clean_delete (WirelabHypervisor *hv,
                  WlHvReply         *reply,
                  guint              argc,
                  char             **argv)
{
  FIND_VM (vm);
  g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; vm_file_suffixes[i] != NULL; i++)
    {
      char *path = wl_vm_file_path (vm, vm_file_suffixes[i]);

      if (path != NULL)
        g_ptr_array_add (files, path);
    }
  if (!wl_hv_object_remove (hv, WL_HV_OBJ_VM, argv[0]))
    {
      wl_hv_reply_error (reply, WL_HV_ERR_DELETE, "unable to delete VM '%s'", argv[0]);
      return;
    }
  for (guint i = 0; i < files->len; i++)
    g_unlink (g_ptr_array_index (files, i));
  wl_hv_reply_ok (reply, "VM '%s' and related files deleted", argv[0]);
}

static void
cmd_start (WirelabHypervisor *hv,
           WlHvReply         *reply,
           guint              argc,
           char             **argv)
{
  FIND_VM (vm);
  g_autoptr(GError) error = NULL;

  if (vm->con_port < 0)
    wl_hv_reply_info (reply, "Warning: no console port defined for VM '%s'", argv[0]);
  if (!wl_vm_start (vm, &error))
    {
      g_printerr ("wirelab-hypervisor: VM '%s': unable to start: %s\n", argv[0], error->message);
      wl_hv_reply_info (reply, "VM '%s': %s", argv[0], error->message);
      wl_hv_reply_error (reply, WL_HV_ERR_START, "unable to start VM instance '%s'", argv[0]);
      return;
    }
  wl_hv_reply_ok (reply, "VM '%s' started", argv[0]);
}

static void
cmd_stop (WirelabHypervisor *hv,
          WlHvReply         *reply,
          guint              argc,
          char             **argv)
{
  FIND_VM (vm);

  wl_vm_stop (vm);
  wl_hv_reply_ok (reply, "VM '%s' stopped", argv[0]);
}

static void
cmd_get_status (WirelabHypervisor *hv,
                WlHvReply         *reply,
                guint              argc,
                char             **argv)
{
  FIND_VM (vm);

  wl_hv_reply_ok (reply, "%d", wl_vm_get_status (vm));
}

static void
reply_ok (WlHvReply *reply)
{
  wl_hv_reply_ok (reply, "OK");
}

#define SET_INT(cmd, field)                                                 \
  static void                                                               \
  cmd (WirelabHypervisor *hv, WlHvReply *reply, guint argc, char **argv)    \
  {                                                                         \
    FIND_VM (vm);                                                           \
    vm->field = arg_int (argv[1]);                                          \
    reply_ok (reply);                                                       \
  }

SET_INT (cmd_set_debug_level, debug_level)
SET_INT (cmd_set_ram_mmap, ram_mmap)
SET_INT (cmd_set_sparse_mem, sparse_mem)
SET_INT (cmd_set_blk_direct_jump, blk_direct_jump)
SET_INT (cmd_set_exec_area, exec_area)
SET_INT (cmd_set_disk0, disk0)
SET_INT (cmd_set_disk1, disk1)
SET_INT (cmd_set_ghost_status, ghost_status)

static void
cmd_set_ios (WirelabHypervisor *hv,
             WlHvReply         *reply,
             guint              argc,
             char             **argv)
{
  FIND_VM (vm);

  g_free (vm->ios);
  vm->ios = g_strdup (argv[1]);
  wl_hv_reply_ok (reply, "IOS image set for '%s'", argv[0]);
}

static void
cmd_set_config (WirelabHypervisor *hv,
                WlHvReply         *reply,
                guint              argc,
                char             **argv)
{
  FIND_VM (vm);

  /* An empty value keeps what is there (spec section 2). */
  if (argv[1][0] != '\0')
    {
      g_free (vm->startup_config);
      vm->startup_config = g_strdup (argv[1]);
    }
  if (argc > 2 && argv[2][0] != '\0')
    {
      g_free (vm->private_config);
      vm->private_config = g_strdup (argv[2]);
    }
  wl_hv_reply_ok (reply, "IOS config file set for '%s'", argv[0]);
}

static void
cmd_set_ram (WirelabHypervisor *hv,
             WlHvReply         *reply,
             guint              argc,
             char             **argv)
{
  FIND_VM (vm);
  int mb = arg_int (argv[1]);

  vm->ram_mb = mb > 0 ? (guint) mb : 0;
  reply_ok (reply);
}

static void
cmd_set_nvram (WirelabHypervisor *hv,
               WlHvReply         *reply,
               guint              argc,
               char             **argv)
{
  FIND_VM (vm);
  int kb = arg_int (argv[1]);

  if (kb > 0)
    vm->nvram_kb = (guint) kb;
  reply_ok (reply);
}

static void
cmd_set_clock_divisor (WirelabHypervisor *hv,
                       WlHvReply         *reply,
                       guint              argc,
                       char             **argv)
{
  FIND_VM (vm);
  int div = arg_int (argv[1]);

  if (div != 0)
    vm->clock_divisor = div;
  reply_ok (reply);
}

static void
cmd_set_conf_reg (WirelabHypervisor *hv,
                  WlHvReply         *reply,
                  guint              argc,
                  char             **argv)
{
  FIND_VM (vm);

  vm->conf_reg = (guint) strtol (argv[1], NULL, 0);
  reply_ok (reply);
}

static void
cmd_set_idle_pc (WirelabHypervisor *hv,
                 WlHvReply         *reply,
                 guint              argc,
                 char             **argv)
{
  FIND_VM (vm);

  vm->idle_pc = strtoull (argv[1], NULL, 0);
  reply_ok (reply);
}

/* Dynamips' find_cpu: the VM must run and the CPU id be 0. */
static mips64_cpu_t *
find_cpu (WlVm       *vm,
          WlHvReply  *reply,
          const char *id)
{
  if (vm->board == NULL || arg_int (id) != 0)
    {
      wl_hv_reply_error (reply, WL_HV_ERR_BAD_OBJ, "Bad CPU specified");
      return NULL;
    }
  return wl_board_get_cpu (vm->board);
}

static void
cmd_set_idle_pc_online (WirelabHypervisor *hv,
                        WlHvReply         *reply,
                        guint              argc,
                        char             **argv)
{
  FIND_VM (vm);
  mips64_cpu_t *cpu = find_cpu (vm, reply, argv[1]);

  if (cpu == NULL)
    return;
  vm->idle_pc = strtoull (argv[2], NULL, 0);
  wl_board_lock_cpu (vm->board);
  mips64_cpu_set_idle_pc (cpu, vm->idle_pc);
  wl_board_unlock_cpu (vm->board);
  reply_ok (reply);
}

/* Wirelab detects idle loops by itself; the proposal is where the CPU last
 * went to sleep, which is the loop Dynamips' sampling would find. */
static void
cmd_get_idle_pc_prop (WirelabHypervisor *hv,
                      WlHvReply         *reply,
                      guint              argc,
                      char             **argv)
{
  FIND_VM (vm);
  uint64_t pc;

  if (find_cpu (vm, reply, argv[1]) == NULL)
    return;
  pc = wl_board_last_idle_pc (vm->board);
  if (pc != 0)
    wl_hv_reply_info (reply, "0x%" G_GINT64_MODIFIER "x [%d]", pc, 50);
  reply_ok (reply);
}

static void
cmd_set_idle_max (WirelabHypervisor *hv,
                  WlHvReply         *reply,
                  guint              argc,
                  char             **argv)
{
  FIND_VM (vm);

  if (find_cpu (vm, reply, argv[1]) == NULL)
    return;
  vm->idle_max = arg_int (argv[2]);
  reply_ok (reply);
}

static void
cmd_set_idle_sleep_time (WirelabHypervisor *hv,
                         WlHvReply         *reply,
                         guint              argc,
                         char             **argv)
{
  FIND_VM (vm);

  if (find_cpu (vm, reply, argv[1]) == NULL)
    return;
  vm->idle_sleep_time = arg_int (argv[2]);
  reply_ok (reply);
}

static void
cmd_show_timer_drift (WirelabHypervisor *hv,
                      WlHvReply         *reply,
                      guint              argc,
                      char             **argv)
{
  FIND_VM (vm);

  if (find_cpu (vm, reply, argv[1]) == NULL)
    return;
  /* Count follows host time here: there is no drift to report. */
  wl_hv_reply_info (reply, "Timer Drift: %u", 0u);
  wl_hv_reply_info (reply, "Pending Timer IRQ: %u", 0u);
  reply_ok (reply);
}

static void
cmd_set_ghost_file (WirelabHypervisor *hv,
                    WlHvReply         *reply,
                    guint              argc,
                    char             **argv)
{
  FIND_VM (vm);

  g_free (vm->ghost_file);
  vm->ghost_file = g_strdup (argv[1]);
  reply_ok (reply);
}

static void
cmd_set_con_tcp_port (WirelabHypervisor *hv,
                      WlHvReply         *reply,
                      guint              argc,
                      char             **argv)
{
  FIND_VM (vm);

  vm->con_port = CLAMP (arg_int (argv[1]), 0, 65535);
  reply_ok (reply);
}

static void
cmd_set_aux_tcp_port (WirelabHypervisor *hv,
                      WlHvReply         *reply,
                      guint              argc,
                      char             **argv)
{
  FIND_VM (vm);

  vm->aux_port = CLAMP (arg_int (argv[1]), 0, 65535);
  reply_ok (reply);
}

static char *
b64 (GBytes *bytes)
{
  gsize len = 0;
  const guchar *data;

  if (bytes == NULL)
    return g_strdup ("");
  data = g_bytes_get_data (bytes, &len);
  return g_base64_encode (data, len);
}

static void
cmd_extract_config (WirelabHypervisor *hv,
                    WlHvReply         *reply,
                    guint              argc,
                    char             **argv)
{
  FIND_VM (vm);
  g_autoptr(GBytes) startup = NULL;
  g_autoptr(GBytes) priv = NULL;
  g_autofree char *s64 = NULL;
  g_autofree char *p64 = NULL;

  if (!wl_vm_extract_config (vm, &startup, &priv, NULL))
    {
      wl_hv_reply_error (reply, WL_HV_ERR_CREATE, "unable to extract config of VM '%s'", argv[0]);
      return;
    }
  s64 = b64 (startup);
  p64 = b64 (priv);
  wl_hv_reply_ok (reply, "conf '%s' '%s' '%s'", argv[0], s64, p64);
}

/* Strict base64: the wire is not trusted. */
static GBytes *
decode_b64 (const char *text,
            gboolean   *ok)
{
  gsize len = strlen (text), out_len = 0;
  guchar *data;

  *ok = FALSE;
  if (len % 4 != 0)
    return NULL;
  for (gsize i = 0; i < len; i++)
    {
      char c = text[i];

      if (!(g_ascii_isalnum (c) || c == '+' || c == '/' || (c == '=' && i >= len - 2)))
        return NULL;
      if (c != '=' && i > 0 && text[i - 1] == '=')
        return NULL;
    }
  data = g_base64_decode (text, &out_len);
  *ok = TRUE;
  return g_bytes_new_take (data, out_len);
}

static void
cmd_push_config (WirelabHypervisor *hv,
                 WlHvReply         *reply,
                 guint              argc,
                 char             **argv)
{
  FIND_VM (vm);
  g_autoptr(GBytes) startup = NULL;
  g_autoptr(GBytes) priv = NULL;
  gboolean ok = TRUE;

  if (strcmp (argv[1], "(keep)") != 0)
    startup = decode_b64 (argv[1], &ok);
  if (ok && argc > 2 && strcmp (argv[2], "(keep)") != 0)
    priv = decode_b64 (argv[2], &ok);
  if (!ok || !wl_vm_push_config (vm, startup, priv, NULL))
    {
      wl_hv_reply_error (reply, WL_HV_ERR_CREATE, "unable to push IOS config for VM '%s'", argv[0]);
      return;
    }
  wl_hv_reply_ok (reply, "IOS config file pushed tm VM '%s'", argv[0]);
}

static void
reply_lines (WlHvReply  *reply,
             const char *text)
{
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);

  for (guint i = 0; lines[i] != NULL; i++)
    if (lines[i][0] != '\0')
      wl_hv_reply_info (reply, "%s", lines[i]);
}

void
wl_hv_emu_dump_cpu (WlVm      *vm,
                    WlHvReply *reply)
{
  g_autoptr(GString) out = g_string_new (NULL);

  if (vm->board == NULL)
    return;
  wl_board_lock_cpu (vm->board);
  mips64_cpu_dump_regs (wl_board_get_cpu (vm->board), out);
  wl_board_unlock_cpu (vm->board);
  reply_lines (reply, out->str);
}

static void
cmd_cpu_info (WirelabHypervisor *hv,
              WlHvReply         *reply,
              guint              argc,
              char             **argv)
{
  FIND_VM (vm);

  if (arg_int (argv[1]) == 0)
    wl_hv_emu_dump_cpu (vm, reply);
  reply_ok (reply);
}

static void
cmd_cpu_usage (WirelabHypervisor *hv,
               WlHvReply         *reply,
               guint              argc,
               char             **argv)
{
  FIND_VM (vm);
  uint64_t ns = vm->board != NULL ? wl_board_cpu_ns (vm->board) : 0;

  /* The VM's own CPU time in whole seconds (Dynamips prints an integer). */
  wl_hv_reply_info (reply, "%u", (guint) (ns / 1000000000u));
  reply_ok (reply);
}

static void
cmd_suspend (WirelabHypervisor *hv,
             WlHvReply         *reply,
             guint              argc,
             char             **argv)
{
  FIND_VM (vm);

  if (!wl_vm_suspend (vm))
    {
      wl_hv_reply_error (reply, WL_HV_ERR_STOP, "unable to suspend VM '%s': it is not running",
                         argv[0]);
      return;
    }
  wl_hv_reply_ok (reply, "VM '%s' suspended", argv[0]);
}

static void
cmd_resume (WirelabHypervisor *hv,
            WlHvReply         *reply,
            guint              argc,
            char             **argv)
{
  FIND_VM (vm);

  if (!wl_vm_resume (vm))
    {
      wl_hv_reply_error (reply, WL_HV_ERR_START, "unable to resume VM '%s': it is not suspended",
                         argv[0]);
      return;
    }
  wl_hv_reply_ok (reply, "VM '%s' resumed", argv[0]);
}

static void
send_msg (WirelabHypervisor *hv,
          WlHvReply         *reply,
          guint              argc,
          char             **argv,
          unsigned           channel)
{
  FIND_VM (vm);
  const char *format = argc > 2 ? argv[2] : "plain";
  g_autoptr(GBytes) data = NULL;
  gboolean ok = TRUE;
  gsize len;
  const guint8 *bytes;

  if (strcmp (format, "plain") == 0)
    data = g_bytes_new (argv[1], strlen (argv[1]));
  else if (strcmp (format, "base64") == 0)
    data = decode_b64 (argv[1], &ok);
  else
    ok = FALSE;
  /* No console while the VM is stopped: Dynamips answers the same. */
  if (!ok || data == NULL || vm->board == NULL)
    {
      wl_hv_reply_error (reply, WL_HV_ERR_INV_PARAM, "Invalid parameter");
      return;
    }
  bytes = g_bytes_get_data (data, &len);
  wl_hv_reply_ok (reply, "%d byte(s) written",
                  (int) wl_board_console_input (vm->board, channel, bytes, len));
}

static void
cmd_send_con_msg (WirelabHypervisor *hv,
                  WlHvReply         *reply,
                  guint              argc,
                  char             **argv)
{
  send_msg (hv, reply, argc, argv, 0);
}

static void
cmd_send_aux_msg (WirelabHypervisor *hv,
                  WlHvReply         *reply,
                  guint              argc,
                  char             **argv)
{
  send_msg (hv, reply, argc, argv, 1);
}

static void
cmd_slot_bindings (WirelabHypervisor *hv,
                   WlHvReply         *reply,
                   guint              argc,
                   char             **argv)
{
  FIND_VM (vm);

  for (guint s = 0; s < vm->platform->n_slots; s++)
    {
      if (vm->slots[s].card != NULL)
        wl_hv_reply_info (reply, "%u/%u: %s", s, 0u, vm->slots[s].card->name);
      for (guint w = 0; w < 3; w++)
        if (vm->slots[s].wics[w] != NULL)
          wl_hv_reply_info (reply, "%u/%u: %s", s, 16 * (w + 1), vm->slots[s].wics[w]->name);
    }
  reply_ok (reply);
}

static void
cmd_slot_nio_bindings (WirelabHypervisor *hv,
                       WlHvReply         *reply,
                       guint              argc,
                       char             **argv)
{
  FIND_VM (vm);
  int slot = arg_int (argv[1]);

  if (slot >= 0 && (guint) slot < vm->platform->n_slots)
    for (guint p = 0; p < WL_VM_MAX_PORTS; p++)
      {
        WlVmPort *port = vm->slots[slot].ports[p];

        if (port != NULL && port->nio != NULL)
          wl_hv_reply_info (reply, "%u: %s", p, port->nio_name);
      }
  reply_ok (reply);
}

#define SLOT_CMD(cmd, call, code, text)                                              \
  static void                                                                        \
  cmd (WirelabHypervisor *hv, WlHvReply *reply, guint argc, char **argv)             \
  {                                                                                  \
    FIND_VM (vm);                                                                    \
    guint slot = (guint) arg_int (argv[1]);                                          \
    guint port = (guint) arg_int (argv[2]);                                          \
    if (!(call))                                                                     \
      {                                                                              \
        wl_hv_reply_error (reply, code, "VM %s: " text " for slot %u/%u", argv[0],   \
                           slot, port);                                              \
        return;                                                                      \
      }                                                                              \
    reply_ok (reply);                                                                \
  }

SLOT_CMD (cmd_slot_add_binding, wl_vm_slot_add_card (vm, slot, port, argv[3]),
          WL_HV_ERR_BINDING, "unable to add binding")
SLOT_CMD (cmd_slot_remove_binding, wl_vm_slot_remove_card (vm, slot, port),
          WL_HV_ERR_BINDING, "unable to remove binding")
SLOT_CMD (cmd_slot_add_nio_binding, wl_vm_add_nio_binding (vm, slot, port, argv[3]),
          WL_HV_ERR_BINDING, "unable to add binding")
SLOT_CMD (cmd_slot_remove_nio_binding, wl_vm_remove_nio_binding (vm, slot, port),
          WL_HV_ERR_BINDING, "unable to remove NIO binding")
SLOT_CMD (cmd_slot_enable_nio, wl_vm_set_nio_enabled (vm, slot, port, TRUE),
          WL_HV_ERR_BINDING, "unable to enable NIO")
SLOT_CMD (cmd_slot_disable_nio, wl_vm_set_nio_enabled (vm, slot, port, FALSE),
          WL_HV_ERR_BINDING, "unable to disable NIO")
/* Hot-swap is not modelled: cards change while the VM is stopped. */
SLOT_CMD (cmd_slot_oir_start, FALSE, WL_HV_ERR_START, "unable to engage OIR")
SLOT_CMD (cmd_slot_oir_stop, FALSE, WL_HV_ERR_STOP, "unable to engage OIR")

static void
cmd_list (WirelabHypervisor *hv,
          WlHvReply         *reply,
          guint              argc,
          char             **argv)
{
  g_auto(GStrv) names = wl_hv_object_names (hv, WL_HV_OBJ_VM);

  for (guint i = 0; names != NULL && names[i] != NULL; i++)
    {
      WlVm *vm = wl_hv_object_lookup (hv, WL_HV_OBJ_VM, names[i]);

      if (vm != NULL)
        wl_hv_reply_info (reply, "%s (%s)", names[i], vm->platform->name);
    }
  reply_ok (reply);
}

static void
cmd_list_con_ports (WirelabHypervisor *hv,
                    WlHvReply         *reply,
                    guint              argc,
                    char             **argv)
{
  g_auto(GStrv) names = wl_hv_object_names (hv, WL_HV_OBJ_VM);

  for (guint i = 0; names != NULL && names[i] != NULL; i++)
    {
      WlVm *vm = wl_hv_object_lookup (hv, WL_HV_OBJ_VM, names[i]);

      if (vm != NULL && vm->con_port >= 0)
        wl_hv_reply_info (reply, "%s (%d)", names[i], vm->con_port);
    }
  reply_ok (reply);
}

/* Dynamips' registration order: `cmd_list vm` shows it reversed (spec 14). */
static const WlHvCommand vm_commands[] = {
  { "create", 3, 3, cmd_create },
  { "rename", 2, 2, cmd_rename },
  { "delete", 1, 1, cmd_delete },
  { "clean_delete", 1, 1, cmd_clean_delete },
  { "start", 1, 1, cmd_start },
  { "stop", 1, 1, cmd_stop },
  { "get_status", 1, 1, cmd_get_status },
  { "set_debug_level", 2, 2, cmd_set_debug_level },
  { "set_ios", 2, 2, cmd_set_ios },
  { "set_config", 2, 3, cmd_set_config },
  { "set_ram", 2, 2, cmd_set_ram },
  { "set_nvram", 2, 2, cmd_set_nvram },
  { "set_ram_mmap", 2, 2, cmd_set_ram_mmap },
  { "set_sparse_mem", 2, 2, cmd_set_sparse_mem },
  { "set_clock_divisor", 2, 2, cmd_set_clock_divisor },
  { "set_blk_direct_jump", 2, 2, cmd_set_blk_direct_jump },
  { "set_exec_area", 2, 2, cmd_set_exec_area },
  { "set_disk0", 2, 2, cmd_set_disk0 },
  { "set_disk1", 2, 2, cmd_set_disk1 },
  { "set_conf_reg", 2, 2, cmd_set_conf_reg },
  { "set_idle_pc", 2, 2, cmd_set_idle_pc },
  { "set_idle_pc_online", 3, 3, cmd_set_idle_pc_online },
  { "get_idle_pc_prop", 2, 2, cmd_get_idle_pc_prop },
  { "show_idle_pc_prop", 2, 2, cmd_get_idle_pc_prop },
  { "set_idle_max", 3, 3, cmd_set_idle_max },
  { "set_idle_sleep_time", 3, 3, cmd_set_idle_sleep_time },
  { "show_timer_drift", 2, 2, cmd_show_timer_drift },
  { "set_ghost_file", 2, 2, cmd_set_ghost_file },
  { "set_ghost_status", 2, 2, cmd_set_ghost_status },
  { "set_con_tcp_port", 2, 2, cmd_set_con_tcp_port },
  { "set_aux_tcp_port", 2, 2, cmd_set_aux_tcp_port },
  { "extract_config", 1, 1, cmd_extract_config },
  { "push_config", 2, 3, cmd_push_config },
  { "cpu_info", 2, 2, cmd_cpu_info },
  { "cpu_usage", 2, 2, cmd_cpu_usage },
  { "suspend", 1, 1, cmd_suspend },
  { "resume", 1, 1, cmd_resume },
  { "send_con_msg", 2, 3, cmd_send_con_msg },
  { "send_aux_msg", 2, 3, cmd_send_aux_msg },
  { "slot_bindings", 1, 1, cmd_slot_bindings },
  { "slot_nio_bindings", 2, 2, cmd_slot_nio_bindings },
  { "slot_add_binding", 4, 4, cmd_slot_add_binding },
  { "slot_remove_binding", 3, 3, cmd_slot_remove_binding },
  { "slot_add_nio_binding", 4, 4, cmd_slot_add_nio_binding },
  { "slot_remove_nio_binding", 3, 3, cmd_slot_remove_nio_binding },
  { "slot_enable_nio", 3, 3, cmd_slot_enable_nio },
  { "slot_disable_nio", 3, 3, cmd_slot_disable_nio },
  { "slot_oir_start", 3, 3, cmd_slot_oir_start },
  { "slot_oir_stop", 3, 3, cmd_slot_oir_stop },
  { "list", 0, 0, cmd_list },
  { "list_con_ports", 0, 0, cmd_list_con_ports },
  { NULL }
};

static void
vm_reset (WirelabHypervisor *hv)
{
  g_auto(GStrv) names = wl_hv_object_names (hv, WL_HV_OBJ_VM);

  for (guint i = 0; names != NULL && names[i] != NULL; i++)
    wl_hv_object_remove (hv, WL_HV_OBJ_VM, names[i]);
}

static void
vm_save (WirelabHypervisor *hv,
         GString           *out)
{
  g_auto(GStrv) names = wl_hv_object_names (hv, WL_HV_OBJ_VM);

  for (guint i = 0; names != NULL && names[i] != NULL; i++)
    {
      WlVm *vm = wl_hv_object_lookup (hv, WL_HV_OBJ_VM, names[i]);
      const char *n = names[i];
      g_autofree char *mac = NULL;

      if (vm == NULL)
        continue;
      mac = wl_mac_format_cisco (vm->mac);
      g_string_append_printf (out, "vm create \"%s\" %u %s\n", n, vm->instance_id, vm->platform->name);
      if (vm->ios != NULL)
        g_string_append_printf (out, "vm set_ios \"%s\" \"%s\"\n", n, vm->ios);
      if (vm->startup_config != NULL)
        g_string_append_printf (out, "vm set_config \"%s\" \"%s\"%s%s%s\n", n, vm->startup_config,
                                vm->private_config ? " \"" : "",
                                vm->private_config ? vm->private_config : "",
                                vm->private_config ? "\"" : "");
      g_string_append_printf (out, "vm set_ram \"%s\" %u\n", n, vm->ram_mb);
      g_string_append_printf (out, "vm set_nvram \"%s\" %u\n", n, vm->nvram_kb);
      g_string_append_printf (out, "vm set_conf_reg \"%s\" 0x%04x\n", n, vm->conf_reg);
      if (vm->idle_pc != 0)
        g_string_append_printf (out, "vm set_idle_pc \"%s\" 0x%" G_GINT64_MODIFIER "x\n", n, vm->idle_pc);
      if (vm->con_port >= 0)
        g_string_append_printf (out, "vm set_con_tcp_port \"%s\" %d\n", n, vm->con_port);
      if (vm->aux_port >= 0)
        g_string_append_printf (out, "vm set_aux_tcp_port \"%s\" %d\n", n, vm->aux_port);
      if (vm->npe != NULL)
        g_string_append_printf (out, "%s set_npe \"%s\" %s\n", vm->platform->name, n, vm->npe);
      if (vm->midplane != NULL)
        g_string_append_printf (out, "%s set_midplane \"%s\" %s\n", vm->platform->name, n, vm->midplane);
      if (vm->chassis != NULL && vm->platform->chassis != NULL)
        g_string_append_printf (out, "%s set_chassis \"%s\" %s\n", vm->platform->name, n, vm->chassis);
      g_string_append_printf (out, "%s set_mac_addr \"%s\" %s\n", vm->platform->name, n, mac);
      for (guint s = 0; s < vm->platform->n_slots; s++)
        {
          if (vm->slots[s].card != NULL && !vm->slots[s].automatic)
            g_string_append_printf (out, "vm slot_add_binding \"%s\" %u 0 %s\n", n, s,
                                    vm->slots[s].card->name);
          for (guint w = 0; w < 3; w++)
            if (vm->slots[s].wics[w] != NULL)
              g_string_append_printf (out, "vm slot_add_binding \"%s\" %u %u %s\n", n, s,
                                      16 * (w + 1), vm->slots[s].wics[w]->name);
        }
      for (guint s = 0; s < vm->platform->n_slots; s++)
        for (guint p = 0; p < WL_VM_MAX_PORTS; p++)
          if (vm->slots[s].ports[p] != NULL && vm->slots[s].ports[p]->nio != NULL)
            g_string_append_printf (out, "vm slot_add_nio_binding \"%s\" %u %u \"%s\"\n", n, s, p,
                                    vm->slots[s].ports[p]->nio_name);
    }
}

const WlHvModule wl_hv_vm_module = {
  .name = "vm",
  .commands = vm_commands,
  .reset = vm_reset,
  .reset_order = 0,
  .save = vm_save,
};
