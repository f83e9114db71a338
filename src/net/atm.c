/* atm.c: ATM cells over NIOs (NNI header, HEC, AAL5)
 *
 * Copyright 2026 The Wirelab authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#define G_LOG_DOMAIN "wirelab-atm"

#include "config.h"

#include "atm.h"

guint8
wl_atm_hec (const guint8 *header)
{
  guint8 crc = 0;

  for (guint i = 0; i < 4; i++)
    {
      crc ^= header[i];
      for (guint b = 0; b < 8; b++)
        crc = (crc & 0x80) ? (guint8) ((crc << 1) ^ 0x07) : (guint8) (crc << 1);
    }
  return crc ^ 0x55;
}

guint32
wl_atm_aal5_crc (guint32       crc,
                 const guint8 *data,
                 gsize         len)
{
  static guint32 table[256];
  static gsize once = 0;

  if (g_once_init_enter (&once))
    {
      for (guint i = 0; i < 256; i++)
        {
          guint32 c = (guint32) i << 24;

          for (guint b = 0; b < 8; b++)
            c = (c & 0x80000000u) ? (c << 1) ^ 0x04c11db7u : c << 1;
          table[i] = c;
        }
      g_once_init_leave (&once, 1);
    }
  for (gsize i = 0; i < len; i++)
    crc = (crc << 8) ^ table[((crc >> 24) ^ data[i]) & 0xff];
  return crc;
}

void
wl_atm_cell_set_vc (guint8 *cell,
                    guint   vpi,
                    guint   vci)
{
  cell[0] = (vpi >> 4) & 0xff;
  cell[1] = ((vpi & 0x0f) << 4) | ((vci >> 12) & 0x0f);
  cell[2] = (vci >> 4) & 0xff;
  cell[3] = ((vci & 0x0f) << 4) | (cell[3] & 0x0f);
  cell[4] = wl_atm_hec (cell);
}
