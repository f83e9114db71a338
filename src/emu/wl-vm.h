/* wl-vm.h: a router VM: its settings, cards and NIO bindings
 *
 * Copyright 2026 The Wirelab authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * A VM lives in the hypervisor's registry (WL_HV_OBJ_VM) and is used from
 * the hypervisor's control thread only; while it runs, its wl_board_t holds
 * the hardware and runs on the scheduler's threads.
 */

#pragma once

#include <glib.h>
#include <stdint.h>

#include "emu/wl-platform.h"
#include "net/nio.h"
#include "protocol/hv-module.h"

G_BEGIN_DECLS

typedef struct wl_board wl_board_t;
typedef struct wl_nic wl_nic_t;

enum
{
  WL_VM_STATUS_HALTED = 0,
  WL_VM_STATUS_SHUTDOWN = 1,
  WL_VM_STATUS_RUNNING = 2,
  WL_VM_STATUS_SUSPENDED = 3,
};

#define WL_VM_MAX_PORTS 64   /* per slot, covers WIC ports 16/32/48 */

/* One port of a card: the NIO bound to it.  The NIO's RX callback reaches
 * the port's NIC while the VM runs (under `lock`). */
typedef struct
{
  GMutex     lock;
  wl_nio_t  *nio;
  char      *nio_name;
  gboolean   enabled;
  wl_nic_t  *nic;        /* under lock; set by the board */
} WlVmPort;

typedef struct
{
  const WlCardInfo *card;
  gboolean          automatic;   /* mainboard put there by the platform */
  const WlCardInfo *wics[3];     /* slot_add_binding <vm> 0 16|32|48 WIC-… */
  WlVmPort         *ports[WL_VM_MAX_PORTS];
} WlVmSlot;

typedef struct
{
  WirelabHypervisor    *hv;
  char                 *name;
  guint                 instance_id;
  const WlPlatformInfo *platform;

  /* settings */
  char     *ios;
  char     *startup_config;     /* set_config files, written into NVRAM at start */
  char     *private_config;
  guint     ram_mb;
  guint     nvram_kb;
  guint     conf_reg;
  uint64_t  idle_pc;
  int       con_port;           /* -1: none */
  int       aux_port;
  char     *chassis;
  char     *npe;                /* c7200: "npe-400" */
  char     *midplane;
  char     *system_id;
  uint8_t   mac[6];
  guint     iomem;
  /* accepted for compatibility, no effect */
  int       ram_mmap, sparse_mem, clock_divisor, blk_direct_jump, exec_area;
  int       disk0, disk1, idle_max, idle_sleep_time, ghost_status, debug_level;
  char     *ghost_file;
  int       temp[4];
  int       power_supplies;

  WlVmSlot  slots[8];
  wl_board_t *board;            /* while started (also after the guest halted) */
} WlVm;

WlVm       *wl_vm_new               (WirelabHypervisor    *hv,
                                     const char           *name,
                                     guint                 instance_id,
                                     const WlPlatformInfo *platform);
/* Stops the VM and unbinds everything (registry destroy notify). */
void        wl_vm_free              (WlVm *vm);

/* "<platform>_<name>_<suffix>" resolved in the working directory. */
char       *wl_vm_file_path         (WlVm       *vm,
                                     const char *suffix);
void        wl_vm_log               (WlVm       *vm,
                                     const char *format,
                                     ...) G_GNUC_PRINTF (2, 3);

int         wl_vm_get_status        (WlVm *vm);
gboolean    wl_vm_start             (WlVm    *vm,
                                     GError **error);
/* Releases the hardware (consoles closed, RAM freed, NICs unbound). */
void        wl_vm_stop              (WlVm *vm);
gboolean    wl_vm_suspend           (WlVm *vm);
gboolean    wl_vm_resume            (WlVm *vm);

/* Cards and bindings; FALSE (and nothing changed) on error. */
gboolean    wl_vm_set_chassis       (WlVm       *vm,
                                     const char *chassis);
gboolean    wl_vm_slot_add_card     (WlVm       *vm,
                                     guint       slot,
                                     guint       port,
                                     const char *card);
gboolean    wl_vm_slot_remove_card  (WlVm *vm,
                                     guint slot,
                                     guint port);
gboolean    wl_vm_add_nio_binding   (WlVm       *vm,
                                     guint       slot,
                                     guint       port,
                                     const char *nio_name);
gboolean    wl_vm_remove_nio_binding (WlVm *vm,
                                      guint slot,
                                      guint port);
gboolean    wl_vm_set_nio_enabled   (WlVm    *vm,
                                     guint    slot,
                                     guint    port,
                                     gboolean enabled);
/* The card owning a port: the slot's card, or the WIC for ports >= 16. */
const WlCardInfo *wl_vm_port_card   (WlVm *vm,
                                     guint slot,
                                     guint port);

/* NVRAM configuration, running or not. */
gboolean    wl_vm_extract_config    (WlVm    *vm,
                                     GBytes **startup,
                                     GBytes **private_config,
                                     GError **error);
gboolean    wl_vm_push_config       (WlVm    *vm,
                                     GBytes  *startup,
                                     GBytes  *private_config,
                                     GError **error);

G_END_DECLS
