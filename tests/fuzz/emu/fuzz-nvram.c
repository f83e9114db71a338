/* fuzz-nvram.c: libFuzzer target for the NVRAM configuration layout
 *
 * Copyright 2026 The Wirelab authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * An input is an NVRAM block (docs/board.md, "NVRAM layout"), as a router
 * leaves it or as a user hands over a file.  Checked:
 *  - wl_nvram_layout_parse never reads outside the block; when it fails both
 *    parts are NULL;
 *  - when it succeeds, writing the two parts into a fresh block of the same
 *    size and parsing that gives the same parts back (generation 0);
 *  - rewriting the block in place with both parts kept (NULL, NULL) gives the
 *    same parts and bumps the generation by one;
 *  - a write that does not fit fails with an error and changes nothing.
 */

#define G_LOG_DOMAIN "wirelab-fuzz"

#include "config.h"

#include <stdint.h>
#include <string.h>

#include <gio/gio.h>

#include "emu/wl-nvram.h"

int LLVMFuzzerTestOneInput (const uint8_t *data,
                            size_t         size);

static uint32_t
get32 (const uint8_t *p)
{
  return ((uint32_t) p[0] << 24) | ((uint32_t) p[1] << 16) | ((uint32_t) p[2] << 8) | p[3];
}

static gboolean
same (GBytes *a,
      GBytes *b)
{
  if (a == NULL || b == NULL)
    return a == b;
  return g_bytes_equal (a, b);
}

/* Writes the parts into block (size bytes); checks the outcome either way.
 * Returns whether it was written. */
static gboolean
write_checked (uint8_t *block,
               size_t   size,
               GBytes  *startup,
               GBytes  *private_config,
               GBytes  *want_startup,
               GBytes  *want_private)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) s = NULL;
  g_autoptr(GBytes) p = NULL;
  g_autofree uint8_t *before = g_memdup2 (block, size);
  gsize need = (want_startup ? g_bytes_get_size (want_startup) : 0) +
               (want_private ? g_bytes_get_size (want_private) : 0);

  if (!wl_nvram_layout_write (block, size, startup, private_config, &error))
    {
      g_assert (error != NULL);
      g_assert (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NO_SPACE));
      g_assert (size < WL_NVRAM_DATA_START || need > size - WL_NVRAM_DATA_START);
      g_assert (memcmp (before, block, size) == 0);
      return FALSE;
    }
  g_assert (error == NULL);
  g_assert (size >= WL_NVRAM_DATA_START && need <= size - WL_NVRAM_DATA_START);
  g_assert (wl_nvram_layout_parse (block, size, &s, &p));
  g_assert (same (s, want_startup));
  g_assert (same (p, want_private));
  return TRUE;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GBytes) startup = NULL;
  g_autoptr(GBytes) private_config = NULL;
  g_autofree uint8_t *fresh = NULL;
  g_autofree uint8_t *copy = NULL;
  uint32_t gen;

  /* A copy the exact size of the input, so ASan sees every overread. */
  copy = g_memdup2 (data, size);
  if (!wl_nvram_layout_parse (size ? copy : NULL, size, &startup, &private_config))
    {
      g_assert (startup == NULL && private_config == NULL);
      return 0;
    }
  g_assert (startup != NULL || private_config != NULL);
  g_assert (size >= WL_NVRAM_DATA_START);
  gen = get32 (copy + 0x1c);

  fresh = g_malloc0 (size);
  if (write_checked (fresh, size, startup, private_config, startup, private_config))
    g_assert_cmpuint (get32 (fresh + 0x1c), ==, 0);

  if (write_checked (copy, size, NULL, NULL, startup, private_config))
    g_assert_cmpuint (get32 (copy + 0x1c), ==, gen + 1);
  return 0;
}
