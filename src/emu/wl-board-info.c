/* wl-board-info.c: the board-information block (docs/board.md)
 *
 * Copyright 2026 The Wirelab authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#define G_LOG_DOMAIN "wirelab-emu"

#include "config.h"

#include <string.h>

#include "emu/wl-board-info.h"

static void
put32 (uint8_t *p,
       uint32_t v)
{
  p[0] = v >> 24;
  p[1] = v >> 16;
  p[2] = v >> 8;
  p[3] = v;
}

/* NUL-padded, always NUL-terminated within n bytes. */
static void
put_str (uint8_t    *p,
         const char *s,
         size_t      n)
{
  if (s != NULL)
    memcpy (p, s, strnlen (s, n - 1));
}

void
wl_board_info_build (uint8_t                out[WL_BOARD_INFO_SIZE],
                     const WlBoardInfoDesc *desc)
{
  guint n;

  g_return_if_fail (out != NULL && desc != NULL);

  memset (out, 0, WL_BOARD_INFO_SIZE);
  n = MIN (desc->n_ifs, WL_BOARD_INFO_MAX_IFS);
  put32 (out + 0x000, 0x574c4249u);     /* WLBI */
  put32 (out + 0x004, 1);
  put32 (out + 0x008, desc->ram_mb);
  put32 (out + 0x00c, desc->nvram_kb);
  put32 (out + 0x010, WL_BOARD_COUNT_HZ);
  put32 (out + 0x014, n);
  put32 (out + 0x018, desc->instance_id);
  put32 (out + 0x01c, desc->conf_reg);
  put_str (out + 0x020, desc->platform, 16);
  put_str (out + 0x030, desc->model, 16);
  put_str (out + 0x040, desc->vm_name, 32);
  put_str (out + 0x060, desc->npe, 16);
  memcpy (out + 0x070, desc->base_mac, 6);

  for (guint i = 0; i < n; i++)
    {
      const WlBoardInterface *itf = &desc->ifs[i];
      uint8_t *e = out + 0x100 + i * 64;

      put_str (e + 0x00, itf->name, 32);
      memcpy (e + 0x20, itf->mac, 6);
      e[0x26] = itf->slot;
      e[0x27] = itf->port;
      put32 (e + 0x28, itf->nic_index);
      put32 (e + 0x2c, itf->speed);
      put_str (e + 0x30, itf->adapter, 16);
    }
}
