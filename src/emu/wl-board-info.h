/* wl-board-info.h: the board-information block (docs/board.md)
 *
 * Copyright 2026 The Wirelab authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#pragma once

#include <glib.h>
#include <stdint.h>

G_BEGIN_DECLS

#define WL_BOARD_INFO_SIZE     4096
#define WL_BOARD_INFO_MAX_IFS  60
#define WL_BOARD_COUNT_HZ      100000000u

typedef struct
{
  char     name[32];       /* "FastEthernet0/0" */
  uint8_t  mac[6];
  uint8_t  slot;
  uint8_t  port;
  uint32_t nic_index;
  uint32_t speed;
  char     adapter[16];
} WlBoardInterface;

typedef struct
{
  uint32_t           ram_mb;
  uint32_t           nvram_kb;
  uint32_t           instance_id;
  uint32_t           conf_reg;
  const char        *platform;
  const char        *model;
  const char        *vm_name;
  const char        *npe;          /* "NPE-400" or "" */
  uint8_t            base_mac[6];
  const WlBoardInterface *ifs;
  guint              n_ifs;
} WlBoardInfoDesc;

void wl_board_info_build (uint8_t                out[WL_BOARD_INFO_SIZE],
                          const WlBoardInfoDesc *desc);

G_END_DECLS
