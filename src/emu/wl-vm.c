/* wl-vm.c: a router VM: its settings, cards and NIO bindings
 *
 * Copyright 2026 The Wirelab authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#define G_LOG_DOMAIN "wirelab-emu"

#include "config.h"

#include <gio/gio.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "emu/wl-board.h"
#include "emu/wl-nic.h"
#include "emu/wl-nvram.h"
#include "emu/wl-vm.h"

#define MAX_RAM_MB 4096

static WlVmPort *
port_new (void)
{
  WlVmPort *port = g_new0 (WlVmPort, 1);

  g_mutex_init (&port->lock);
  port->enabled = TRUE;
  return port;
}

/* NIO I/O thread: hand the frame to the NIC while the VM runs. */
static void
port_rx (wl_nio_t      *nio,
         const uint8_t *frame,
         size_t         len,
         void          *opaque)
{
  WlVmPort *port = opaque;

  g_mutex_lock (&port->lock);
  if (port->nic != NULL)
    wl_nic_receive (port->nic, frame, len);
  g_mutex_unlock (&port->lock);
}

static void
port_unbind (WlVmPort *port)
{
  wl_nio_t *nio = port->nio;

  if (nio == NULL)
    return;
  /* Detach outside the port lock: it waits for a running callback. */
  wl_nio_detach (nio);
  g_mutex_lock (&port->lock);
  if (port->nic != NULL)
    wl_nic_set_nio (port->nic, NULL, false);
  port->nio = NULL;
  g_mutex_unlock (&port->lock);
  g_clear_pointer (&port->nio_name, g_free);
  wl_nio_unref (nio);
}

static void
port_free (WlVmPort *port)
{
  if (port == NULL)
    return;
  port_unbind (port);
  g_mutex_clear (&port->lock);
  g_free (port);
}

char *
wl_vm_file_path (WlVm       *vm,
                 const char *suffix)
{
  g_autofree char *name = g_strdup_printf ("%s_%s_%s", vm->platform->name, vm->name, suffix);

  return wl_hv_resolve_path (vm->hv, name);
}

void
wl_vm_log (WlVm       *vm,
           const char *format,
           ...)
{
  g_autofree char *path = wl_vm_file_path (vm, "log.txt");
  g_autofree char *msg = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *stamp = g_date_time_format (now, "%b %d %H:%M:%S");
  va_list ap;
  FILE *f;

  if (path == NULL)
    return;
  va_start (ap, format);
  msg = g_strdup_vprintf (format, ap);
  va_end (ap);
  f = fopen (path, "a");
  if (f != NULL)
    {
      fprintf (f, "%s VM %s: %s\n", stamp, vm->name, msg);
      fclose (f);
    }
}

static void
slot_set_card (WlVm             *vm,
               guint             slot,
               const WlCardInfo *card,
               gboolean          automatic)
{
  WlVmSlot *s = &vm->slots[slot];

  s->card = card;
  s->automatic = automatic;
  if (card != NULL)
    for (guint p = 0; p < card->n_ports; p++)
      if (s->ports[p] == NULL)
        s->ports[p] = port_new ();
}

WlVm *
wl_vm_new (WirelabHypervisor    *hv,
           const char           *name,
           guint                 instance_id,
           const WlPlatformInfo *platform)
{
  WlVm *vm;
  g_autofree char *log_path = NULL;
  const char *mb;
  guint pid = (guint) getpid ();

  g_return_val_if_fail (name != NULL && platform != NULL, NULL);

  vm = g_new0 (WlVm, 1);
  vm->hv = hv;
  vm->name = g_strdup (name);
  vm->instance_id = instance_id;
  vm->platform = platform;
  vm->ram_mb = platform->default_ram_mb;
  vm->nvram_kb = 128;
  vm->conf_reg = 0x2102;
  vm->con_port = -1;
  vm->aux_port = -1;
  vm->ram_mmap = 1;
  vm->clock_divisor = 4;
  vm->blk_direct_jump = 1;
  vm->exec_area = 64;
  vm->idle_max = 500;
  vm->idle_sleep_time = 30000;
  vm->power_supplies = 0x3;
  if (platform->chassis != NULL)
    vm->chassis = g_strdup (platform->default_chassis);
  if (strcmp (platform->name, "c7200") == 0)
    {
      vm->npe = g_strdup ("npe-400");
      vm->midplane = g_strdup ("vxr");
      vm->disk0 = 64;
    }
  vm->mac[0] = platform->mac_prefix;
  vm->mac[1] = instance_id & 0xff;
  vm->mac[2] = (pid >> 8) & 0xff;
  vm->mac[3] = pid & 0xff;

  mb = wl_platform_mainboard (platform, vm->chassis);
  if (mb != NULL)
    slot_set_card (vm, 0, wl_card_lookup (platform, mb), TRUE);

  /* The per-VM log starts afresh with the VM. */
  log_path = wl_vm_file_path (vm, "log.txt");
  if (log_path != NULL)
    g_file_set_contents (log_path, "", 0, NULL);
  wl_vm_log (vm, "created (instance %u, platform %s)", instance_id, platform->name);
  return vm;
}

void
wl_vm_free (WlVm *vm)
{
  if (vm == NULL)
    return;
  wl_vm_stop (vm);
  for (guint s = 0; s < G_N_ELEMENTS (vm->slots); s++)
    for (guint p = 0; p < WL_VM_MAX_PORTS; p++)
      port_free (vm->slots[s].ports[p]);
  g_free (vm->name);
  g_free (vm->ios);
  g_free (vm->startup_config);
  g_free (vm->private_config);
  g_free (vm->chassis);
  g_free (vm->npe);
  g_free (vm->midplane);
  g_free (vm->system_id);
  g_free (vm->ghost_file);
  g_free (vm);
}

int
wl_vm_get_status (WlVm *vm)
{
  g_return_val_if_fail (vm != NULL, WL_VM_STATUS_HALTED);
  return vm->board != NULL ? wl_board_get_status (vm->board) : WL_VM_STATUS_HALTED;
}

static GBytes *
read_config (WlVm       *vm,
             const char *file,
             GError    **error)
{
  g_autofree char *path = NULL;
  g_autofree char *contents = NULL;
  gsize len = 0;

  if (file == NULL)
    return NULL;
  path = wl_hv_resolve_path (vm->hv, file);
  if (path == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED,
                   "configuration file %s is outside the working directory", file);
      return NULL;
    }
  if (!g_file_get_contents (path, &contents, &len, error))
    return NULL;
  return g_bytes_new_take (g_steal_pointer (&contents), len);
}

gboolean
wl_vm_start (WlVm    *vm,
             GError **error)
{
  g_autofree char *image = NULL;
  g_autofree char *nvram = NULL;
  g_autoptr(GBytes) startup = NULL;
  g_autoptr(GBytes) priv = NULL;
  WlBoardSetup setup = { 0 };
  GError *local = NULL;

  g_return_val_if_fail (vm != NULL, FALSE);

  if (vm->board != NULL && wl_board_get_status (vm->board) != WL_VM_STATUS_HALTED)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_BUSY, "VM '%s' is already running", vm->name);
      return FALSE;
    }
  /* The guest halted itself: release that run first. */
  wl_vm_stop (vm);

  if (vm->ios == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, "no image set (vm set_ios)");
      return FALSE;
    }
  if (vm->ram_mb == 0 || vm->ram_mb > MAX_RAM_MB)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   "RAM size %u MB is out of range (1-%u)", vm->ram_mb, MAX_RAM_MB);
      return FALSE;
    }
  image = wl_hv_resolve_path (vm->hv, vm->ios);
  nvram = wl_vm_file_path (vm, "nvram");
  if (image == NULL || nvram == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED,
                   "image or NVRAM path outside the working directory");
      return FALSE;
    }
  startup = read_config (vm, vm->startup_config, &local);
  if (local == NULL)
    priv = read_config (vm, vm->private_config, &local);
  if (local != NULL)
    {
      g_propagate_error (error, local);
      return FALSE;
    }

  setup.image_path = image;
  setup.nvram_path = nvram;
  setup.console_addr = wl_hv_get_console_binding_addr (vm->hv);
  setup.startup_config = startup;
  setup.private_config = priv;

  /* Dynamips enables every bound NIO at start. */
  for (guint s = 0; s < G_N_ELEMENTS (vm->slots); s++)
    for (guint p = 0; p < WL_VM_MAX_PORTS; p++)
      if (vm->slots[s].ports[p] != NULL)
        vm->slots[s].ports[p]->enabled = TRUE;

  vm->board = wl_board_new (vm, &setup, error);
  if (vm->board == NULL)
    {
      wl_vm_log (vm, "start failed: %s", error && *error ? (*error)->message : "?");
      return FALSE;
    }
  return TRUE;
}

void
wl_vm_stop (WlVm *vm)
{
  g_return_if_fail (vm != NULL);
  g_clear_pointer (&vm->board, wl_board_free);
}

gboolean
wl_vm_suspend (WlVm *vm)
{
  if (wl_vm_get_status (vm) != WL_VM_STATUS_RUNNING)
    return FALSE;
  wl_board_suspend (vm->board);
  return TRUE;
}

gboolean
wl_vm_resume (WlVm *vm)
{
  if (wl_vm_get_status (vm) != WL_VM_STATUS_SUSPENDED)
    return FALSE;
  wl_board_resume (vm->board);
  return TRUE;
}

gboolean
wl_vm_set_chassis (WlVm       *vm,
                   const char *chassis)
{
  const char *old_mb, *new_mb;

  if (!wl_platform_chassis_valid (vm->platform, chassis))
    return FALSE;
  old_mb = wl_platform_mainboard (vm->platform, vm->chassis);
  new_mb = wl_platform_mainboard (vm->platform, chassis);
  if (g_strcmp0 (old_mb, new_mb) != 0 && vm->board == NULL &&
      (vm->slots[0].card == NULL || vm->slots[0].automatic))
    {
      /* The mainboard follows the chassis. */
      for (guint p = 0; p < WL_VM_MAX_PORTS; p++)
        if (p < 16)
          g_clear_pointer (&vm->slots[0].ports[p], port_free);
      slot_set_card (vm, 0, new_mb ? wl_card_lookup (vm->platform, new_mb) : NULL, TRUE);
    }
  g_free (vm->chassis);
  vm->chassis = g_strdup (chassis);
  return TRUE;
}

gboolean
wl_vm_slot_add_card (WlVm       *vm,
                     guint       slot,
                     guint       port,
                     const char *card)
{
  const WlCardInfo *info;
  WlVmSlot *s;

  if (vm->board != NULL || slot >= vm->platform->n_slots)
    return FALSE;
  info = wl_card_lookup (vm->platform, card);
  if (info == NULL)
    return FALSE;
  s = &vm->slots[slot];

  if (info->wic)
    {
      guint w = port / 16;

      if (port % 16 != 0 || w < 1 || w > 3 || s->wics[w - 1] != NULL)
        return FALSE;
      s->wics[w - 1] = info;
      for (guint p = 0; p < info->n_ports; p++)
        if (s->ports[port + p] == NULL)
          s->ports[port + p] = port_new ();
      return TRUE;
    }

  if (port != 0 || s->card != NULL)
    return FALSE;
  if (info->slot0_only != (slot == 0) &&
      (info->slot0_only || strcmp (vm->platform->name, "c7200") == 0))
    return FALSE;
  slot_set_card (vm, slot, info, FALSE);
  return TRUE;
}

gboolean
wl_vm_slot_remove_card (WlVm *vm,
                        guint slot,
                        guint port)
{
  WlVmSlot *s;

  if (vm->board != NULL || slot >= vm->platform->n_slots)
    return FALSE;
  s = &vm->slots[slot];
  if (port >= 16)
    {
      guint w = port / 16;

      if (port % 16 != 0 || w > 3 || s->wics[w - 1] == NULL)
        return FALSE;
      s->wics[w - 1] = NULL;
      for (guint p = port; p < port + 16 && p < WL_VM_MAX_PORTS; p++)
        g_clear_pointer (&s->ports[p], port_free);
      return TRUE;
    }
  if (port != 0 || s->card == NULL)
    return FALSE;
  s->card = NULL;
  s->automatic = FALSE;
  for (guint p = 0; p < 16; p++)
    g_clear_pointer (&s->ports[p], port_free);
  return TRUE;
}

const WlCardInfo *
wl_vm_port_card (WlVm *vm,
                 guint slot,
                 guint port)
{
  if (slot >= vm->platform->n_slots || port >= WL_VM_MAX_PORTS)
    return NULL;
  if (port >= 16)
    return vm->slots[slot].wics[port / 16 - 1];
  return vm->slots[slot].card;
}

/* The port struct for a binding, created for cards without NICs (serial). */
static WlVmPort *
get_port (WlVm    *vm,
          guint    slot,
          guint    port,
          gboolean create)
{
  const WlCardInfo *card = wl_vm_port_card (vm, slot, port);
  guint local = port % 16;
  guint max;

  if (card == NULL)
    return NULL;
  max = card->n_ports ? card->n_ports : (card->wic ? 2 : 8);
  if (local >= max)
    return NULL;
  if (vm->slots[slot].ports[port] == NULL && create)
    vm->slots[slot].ports[port] = port_new ();
  return vm->slots[slot].ports[port];
}

gboolean
wl_vm_add_nio_binding (WlVm       *vm,
                       guint       slot,
                       guint       port,
                       const char *nio_name)
{
  WlVmPort *p = get_port (vm, slot, port, TRUE);
  wl_nio_t *nio;

  if (p == NULL || p->nio != NULL)
    return FALSE;
  nio = wl_hv_object_lookup (vm->hv, WL_HV_OBJ_NIO, nio_name);
  if (nio == NULL || !wl_nio_attach (nio, port_rx, p))
    return FALSE;
  g_mutex_lock (&p->lock);
  p->nio = wl_nio_ref (nio);
  p->nio_name = g_strdup (nio_name);
  /* On a running VM the link comes up with slot_enable_nio (as Dynamips). */
  p->enabled = vm->board == NULL;
  if (p->nic != NULL)
    wl_nic_set_nio (p->nic, p->nio, p->enabled);
  g_mutex_unlock (&p->lock);
  return TRUE;
}

gboolean
wl_vm_remove_nio_binding (WlVm *vm,
                          guint slot,
                          guint port)
{
  WlVmPort *p = get_port (vm, slot, port, FALSE);

  if (p == NULL || p->nio == NULL)
    return FALSE;
  port_unbind (p);
  return TRUE;
}

gboolean
wl_vm_set_nio_enabled (WlVm    *vm,
                       guint    slot,
                       guint    port,
                       gboolean enabled)
{
  WlVmPort *p = get_port (vm, slot, port, FALSE);

  if (p == NULL || p->nio == NULL)
    return FALSE;
  g_mutex_lock (&p->lock);
  p->enabled = enabled;
  if (p->nic != NULL)
    wl_nic_set_nio (p->nic, p->nio, enabled);
  g_mutex_unlock (&p->lock);
  return TRUE;
}

gboolean
wl_vm_extract_config (WlVm    *vm,
                      GBytes **startup,
                      GBytes **private_config,
                      GError **error)
{
  g_autofree char *path = NULL;

  if (vm->board != NULL)
    {
      size_t size;
      uint8_t *nv = wl_board_get_nvram (vm->board, &size);

      if (!wl_nvram_layout_parse (nv, size, startup, private_config))
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, "the NVRAM holds no configuration");
          return FALSE;
        }
      return TRUE;
    }
  path = wl_vm_file_path (vm, "nvram");
  if (path == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED, "no NVRAM path");
      return FALSE;
    }
  return wl_nvram_file_extract (path, startup, private_config, error);
}

gboolean
wl_vm_push_config (WlVm    *vm,
                   GBytes  *startup,
                   GBytes  *private_config,
                   GError **error)
{
  g_autofree char *path = NULL;

  if (vm->board != NULL)
    {
      size_t size;
      uint8_t *nv = wl_board_get_nvram (vm->board, &size);

      return wl_nvram_layout_write (nv, size, startup, private_config, error);
    }
  path = wl_vm_file_path (vm, "nvram");
  if (path == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED, "no NVRAM path");
      return FALSE;
    }
  return wl_nvram_file_update (path, (size_t) CLAMP (vm->nvram_kb, 8u, 8192u) * 1024,
                               startup, private_config, error);
}
