/* hv-platform.c: the platform modules c7200 … c1700 (spec section 5.2)
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
#include "emu/wl-board.h"

/* Dynamips' hypervisor_find_vm: 208 for an unknown name, 212 for a VM of
 * another platform. */
static WlVm *
find_vm (WirelabHypervisor *hv,
         WlHvReply         *reply,
         const char        *platform,
         const char        *name)
{
  WlVm *vm = wl_hv_object_lookup (hv, WL_HV_OBJ_VM, name);

  if (vm == NULL)
    {
      wl_hv_reply_error (reply, WL_HV_ERR_UNK_OBJ, "unable to find VM '%s'", name);
      return NULL;
    }
  if (strcmp (vm->platform->name, platform) != 0)
    {
      wl_hv_reply_error (reply, WL_HV_ERR_BAD_OBJ, "VM '%s' is not a VM type %s", name, platform);
      return NULL;
    }
  return vm;
}

#define FIND(vm) \
  WlVm *vm = find_vm (hv, reply, plat, argv[0]); \
  if (vm == NULL) \
    return

static void
p_set_npe (const char *plat, WirelabHypervisor *hv, WlHvReply *reply, guint argc, char **argv)
{
  FIND (vm);

  if (!wl_platform_npe_valid (argv[1]) || vm->board != NULL)
    {
      wl_hv_reply_error (reply, WL_HV_ERR_CREATE, "unable to set NPE type for router '%s'", argv[0]);
      return;
    }
  g_free (vm->npe);
  vm->npe = g_strdup (argv[1]);
  wl_hv_reply_ok (reply, "OK");
}

static void
p_set_midplane (const char *plat, WirelabHypervisor *hv, WlHvReply *reply, guint argc, char **argv)
{
  FIND (vm);

  if ((strcmp (argv[1], "std") != 0 && strcmp (argv[1], "vxr") != 0) || vm->board != NULL)
    {
      wl_hv_reply_error (reply, WL_HV_ERR_CREATE, "unable to set Midplane type for router '%s'",
                         argv[0]);
      return;
    }
  g_free (vm->midplane);
  vm->midplane = g_strdup (argv[1]);
  wl_hv_reply_ok (reply, "OK");
}

static void
p_set_chassis (const char *plat, WirelabHypervisor *hv, WlHvReply *reply, guint argc, char **argv)
{
  FIND (vm);

  if (vm->board != NULL || !wl_vm_set_chassis (vm, argv[1]))
    {
      wl_hv_reply_error (reply, WL_HV_ERR_CREATE, "unable to set Chassis type for router '%s'",
                         argv[0]);
      return;
    }
  wl_hv_reply_ok (reply, "OK");
}

static void
p_set_iomem (const char *plat, WirelabHypervisor *hv, WlHvReply *reply, guint argc, char **argv)
{
  FIND (vm);

  vm->iomem = (guint) atoi (argv[1]);
  wl_hv_reply_ok (reply, "OK");
}

static void
p_get_mac_addr (const char *plat, WirelabHypervisor *hv, WlHvReply *reply, guint argc, char **argv)
{
  FIND (vm);
  g_autofree char *mac = wl_mac_format_cisco (vm->mac);

  wl_hv_reply_ok (reply, "%s", mac);
}

static void
p_set_mac_addr (const char *plat, WirelabHypervisor *hv, WlHvReply *reply, guint argc, char **argv)
{
  FIND (vm);
  uint8_t mac[6];

  if (!wl_mac_parse (argv[1], mac))
    {
      wl_hv_reply_error (reply, WL_HV_ERR_CREATE, "unable to set MAC address for router '%s'",
                         argv[0]);
      return;
    }
  memcpy (vm->mac, mac, 6);
  wl_hv_reply_ok (reply, "OK");
}

static void
p_set_system_id (const char *plat, WirelabHypervisor *hv, WlHvReply *reply, guint argc, char **argv)
{
  FIND (vm);

  g_free (vm->system_id);
  vm->system_id = g_strdup (argv[1]);
  wl_hv_reply_ok (reply, "OK");
}

static void
p_set_temp_sensor (const char *plat, WirelabHypervisor *hv, WlHvReply *reply, guint argc, char **argv)
{
  FIND (vm);
  int idx = atoi (argv[1]);

  if (idx >= 0 && idx < 4)
    vm->temp[idx] = atoi (argv[2]);
  wl_hv_reply_ok (reply, "OK");
}

static void
p_set_power_supply (const char *plat, WirelabHypervisor *hv, WlHvReply *reply, guint argc, char **argv)
{
  FIND (vm);
  int idx = atoi (argv[1]);

  if (idx >= 0 && idx < 2)
    {
      if (atoi (argv[2]))
        vm->power_supplies |= 1 << idx;
      else
        vm->power_supplies &= ~(1 << idx);
    }
  wl_hv_reply_ok (reply, "OK");
}

static void
p_show_hardware (const char *plat, WirelabHypervisor *hv, WlHvReply *reply, guint argc, char **argv)
{
  FIND (vm);
  g_autofree char *mac = wl_mac_format_cisco (vm->mac);

  wl_hv_reply_info (reply, "%s instance '%s' (id %u):", plat, vm->name, vm->instance_id);
  wl_hv_reply_info (reply, "  VM Status  : %d", wl_vm_get_status (vm));
  wl_hv_reply_info (reply, "  RAM size   : %u Mb", vm->ram_mb);
  wl_hv_reply_info (reply, "  NVRAM size : %u Kb", vm->nvram_kb);
  if (vm->npe != NULL)
    wl_hv_reply_info (reply, "  NPE model  : %s", vm->npe);
  if (vm->midplane != NULL)
    wl_hv_reply_info (reply, "  Midplane   : %s", vm->midplane);
  if (vm->chassis != NULL)
    wl_hv_reply_info (reply, "  Chassis    : %s", vm->chassis);
  wl_hv_reply_info (reply, "  MAC address: %s", mac);
  wl_hv_reply_info (reply, "  IOS image  : %s", vm->ios != NULL ? vm->ios : "(none)");
  for (guint s = 0; s < vm->platform->n_slots; s++)
    {
      if (vm->slots[s].card != NULL)
        wl_hv_reply_info (reply, "  Slot %u     : %s", s, vm->slots[s].card->name);
      for (guint w = 0; w < 3; w++)
        if (vm->slots[s].wics[w] != NULL)
          wl_hv_reply_info (reply, "  Slot %u/%u  : %s", s, 16 * (w + 1), vm->slots[s].wics[w]->name);
    }
  wl_hv_reply_ok (reply, "OK");
}

static void
p_list (const char *plat, WirelabHypervisor *hv, WlHvReply *reply, guint argc, char **argv)
{
  g_auto(GStrv) names = wl_hv_object_names (hv, WL_HV_OBJ_VM);

  for (guint i = 0; names != NULL && names[i] != NULL; i++)
    {
      WlVm *vm = wl_hv_object_lookup (hv, WL_HV_OBJ_VM, names[i]);

      if (vm != NULL && strcmp (vm->platform->name, plat) == 0)
        wl_hv_reply_info (reply, "%s", names[i]);
    }
  wl_hv_reply_ok (reply, "OK");
}

/* Handlers get no module pointer: one thin wrapper per platform. */
#define WRAP(plat, cmd) \
  static void plat##_##cmd (WirelabHypervisor *hv, WlHvReply *reply, guint argc, char **argv) \
  { p_##cmd (#plat, hv, reply, argc, argv); }

#define COMMON(plat) \
  WRAP (plat, get_mac_addr) WRAP (plat, set_mac_addr) WRAP (plat, set_system_id) \
  WRAP (plat, show_hardware) WRAP (plat, list)

#define COMMON_CMDS(plat) \
  { "get_mac_addr", 1, 1, plat##_get_mac_addr }, \
  { "set_mac_addr", 2, 2, plat##_set_mac_addr }, \
  { "set_system_id", 2, 2, plat##_set_system_id }, \
  { "show_hardware", 1, 1, plat##_show_hardware }, \
  { "list", 0, 0, plat##_list }, \
  { NULL }

COMMON (c7200)
WRAP (c7200, set_npe)
WRAP (c7200, set_midplane)
WRAP (c7200, set_temp_sensor)
WRAP (c7200, set_power_supply)

static const WlHvCommand c7200_commands[] = {
  { "set_npe", 2, 2, c7200_set_npe },
  { "set_midplane", 2, 2, c7200_set_midplane },
  { "get_mac_addr", 1, 1, c7200_get_mac_addr },
  { "set_mac_addr", 2, 2, c7200_set_mac_addr },
  { "set_system_id", 2, 2, c7200_set_system_id },
  { "set_temp_sensor", 3, 3, c7200_set_temp_sensor },
  { "set_power_supply", 3, 3, c7200_set_power_supply },
  { "show_hardware", 1, 1, c7200_show_hardware },
  { "list", 0, 0, c7200_list },
  { NULL }
};

#define CHASSIS_PLATFORM(plat) \
  COMMON (plat) WRAP (plat, set_chassis) WRAP (plat, set_iomem) \
  static const WlHvCommand plat##_commands[] = { \
    { "set_chassis", 2, 2, plat##_set_chassis }, \
    { "set_iomem", 2, 2, plat##_set_iomem }, \
    COMMON_CMDS (plat) \
  };

#define IOMEM_PLATFORM(plat) \
  COMMON (plat) WRAP (plat, set_iomem) \
  static const WlHvCommand plat##_commands[] = { \
    { "set_iomem", 2, 2, plat##_set_iomem }, \
    COMMON_CMDS (plat) \
  };

CHASSIS_PLATFORM (c3600)
CHASSIS_PLATFORM (c2600)
CHASSIS_PLATFORM (c1700)
IOMEM_PLATFORM (c2691)
IOMEM_PLATFORM (c3725)
IOMEM_PLATFORM (c3745)

#define MODULE(plat) \
  static const WlHvModule plat##_module = { .name = #plat, .commands = plat##_commands };

MODULE (c7200)
MODULE (c3600)
MODULE (c2691)
MODULE (c3725)
MODULE (c3745)
MODULE (c2600)
MODULE (c1700)

const WlHvModule *const wl_hv_platform_modules[] = {
  &c7200_module, &c3600_module, &c3725_module, &c3745_module,
  &c2691_module, &c2600_module, &c1700_module, NULL
};
