/* atm.h: ATM cells over NIOs (NNI header, HEC, AAL5)
 *
 * Copyright 2026 The Wirelab authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * As Dynamips: one 53-byte cell per frame; header VPI (12 bits), VCI (16),
 * PTI (3), CLP (1), then the HEC byte.
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define WL_ATM_CELL_SIZE    53
#define WL_ATM_HDR_SIZE     5
#define WL_ATM_PAYLOAD_SIZE 48

/* CRC-8 of the first four header bytes, x^8+x^2+x+1, XOR 0x55 (I.432). */
guint8  wl_atm_hec          (const guint8 *header);
/* The AAL5 CRC-32 (the Ethernet polynomial, MSB first). */
guint32 wl_atm_aal5_crc     (guint32       crc,
                             const guint8 *data,
                             gsize         len);

static inline guint
wl_atm_cell_vpi (const guint8 *cell)
{
  return (cell[0] << 4) | (cell[1] >> 4);
}

static inline guint
wl_atm_cell_vci (const guint8 *cell)
{
  return ((cell[1] & 0x0f) << 12) | (cell[2] << 4) | (cell[3] >> 4);
}

/* Rewrites VPI/VCI (keeping PTI and CLP) and the HEC. */
void    wl_atm_cell_set_vc  (guint8       *cell,
                             guint         vpi,
                             guint         vci);

G_END_DECLS
