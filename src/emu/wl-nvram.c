/* wl-nvram.c: the NVRAM file and its configuration layout
 *
 * Copyright 2026 The Wirelab authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#define G_LOG_DOMAIN "wirelab-emu"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <gio/gio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "emu/wl-nvram.h"

struct wl_nvram_map
{
  uint8_t *data;
  size_t   size;
};

uint32_t
wl_crc32 (uint32_t    crc,
          const void *buf,
          size_t      len)
{
  static uint32_t table[256];
  static gsize init = 0;
  const uint8_t *p = buf;

  if (g_once_init_enter (&init))
    {
      for (uint32_t i = 0; i < 256; i++)
        {
          uint32_t c = i;

          for (int k = 0; k < 8; k++)
            c = (c & 1) ? 0xedb88320u ^ (c >> 1) : c >> 1;
          table[i] = c;
        }
      g_once_init_leave (&init, 1);
    }

  crc = ~crc;
  while (len--)
    crc = table[(crc ^ *p++) & 0xff] ^ (crc >> 8);
  return ~crc;
}

static uint32_t
get32 (const uint8_t *p)
{
  return ((uint32_t) p[0] << 24) | ((uint32_t) p[1] << 16) | ((uint32_t) p[2] << 8) | p[3];
}

static void
put32 (uint8_t *p,
       uint32_t v)
{
  p[0] = v >> 24;
  p[1] = v >> 16;
  p[2] = v >> 8;
  p[3] = v;
}

gboolean
wl_nvram_layout_parse (const uint8_t *nvram,
                       size_t         size,
                       GBytes       **startup,
                       GBytes       **private_config)
{
  uint32_t s_off, s_len, p_off, p_len, crc;

  g_return_val_if_fail (nvram != NULL || size == 0, FALSE);

  if (startup != NULL)
    *startup = NULL;
  if (private_config != NULL)
    *private_config = NULL;

  if (size < WL_NVRAM_DATA_START || get32 (nvram) != WL_NVRAM_MAGIC ||
      get32 (nvram + 4) != WL_NVRAM_VERSION)
    return FALSE;
  s_off = get32 (nvram + 0x08);
  s_len = get32 (nvram + 0x0c);
  p_off = get32 (nvram + 0x10);
  p_len = get32 (nvram + 0x14);
  if (s_len == 0 && p_len == 0)
    return FALSE;
  if ((s_len && (s_off < WL_NVRAM_DATA_START || s_off > size || s_len > size - s_off)) ||
      (p_len && (p_off < WL_NVRAM_DATA_START || p_off > size || p_len > size - p_off)))
    return FALSE;
  crc = wl_crc32 (0, s_len ? nvram + s_off : NULL, s_len);
  crc = wl_crc32 (crc, p_len ? nvram + p_off : NULL, p_len);
  if (crc != get32 (nvram + 0x18))
    return FALSE;

  if (startup != NULL && s_len)
    *startup = g_bytes_new (nvram + s_off, s_len);
  if (private_config != NULL && p_len)
    *private_config = g_bytes_new (nvram + p_off, p_len);
  return TRUE;
}

gboolean
wl_nvram_layout_write (uint8_t *nvram,
                       size_t   size,
                       GBytes  *startup,
                       GBytes  *private_config,
                       GError **error)
{
  g_autoptr(GBytes) old_s = NULL;
  g_autoptr(GBytes) old_p = NULL;
  gboolean valid;
  uint32_t gen = 0;
  gsize s_len, p_len;
  const uint8_t *s, *p;
  uint32_t crc;

  g_return_val_if_fail (nvram != NULL, FALSE);

  valid = wl_nvram_layout_parse (nvram, size, &old_s, &old_p);
  if (valid)
    gen = get32 (nvram + 0x1c) + 1;
  if (startup == NULL)
    startup = old_s;
  if (private_config == NULL)
    private_config = old_p;

  s = startup ? g_bytes_get_data (startup, &s_len) : (s_len = 0, NULL);
  p = private_config ? g_bytes_get_data (private_config, &p_len) : (p_len = 0, NULL);

  if (size < WL_NVRAM_DATA_START || s_len + p_len > size - WL_NVRAM_DATA_START)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NO_SPACE,
                   "the configuration (%" G_GSIZE_FORMAT " bytes) does not fit in %" G_GSIZE_FORMAT
                   " KB of NVRAM", s_len + p_len, size / 1024);
      return FALSE;
    }

  /* The parts may point into the block itself: build the data first. */
  {
    g_autofree uint8_t *data = g_malloc (s_len + p_len + 1);

    if (s_len)
      memcpy (data, s, s_len);
    if (p_len)
      memcpy (data + s_len, p, p_len);
    crc = wl_crc32 (0, data, s_len + p_len);
    memset (nvram, 0, WL_NVRAM_DATA_START);
    memcpy (nvram + WL_NVRAM_DATA_START, data, s_len + p_len);
  }
  put32 (nvram + 0x00, WL_NVRAM_MAGIC);
  put32 (nvram + 0x04, WL_NVRAM_VERSION);
  put32 (nvram + 0x08, WL_NVRAM_DATA_START);
  put32 (nvram + 0x0c, s_len);
  put32 (nvram + 0x10, WL_NVRAM_DATA_START + s_len);
  put32 (nvram + 0x14, p_len);
  put32 (nvram + 0x18, crc);
  put32 (nvram + 0x1c, gen);
  return TRUE;
}

gboolean
wl_nvram_file_extract (const char *path,
                       GBytes    **startup,
                       GBytes    **private_config,
                       GError    **error)
{
  g_autofree char *contents = NULL;
  gsize len = 0;

  g_return_val_if_fail (path != NULL, FALSE);

  if (!g_file_get_contents (path, &contents, &len, error))
    return FALSE;
  if (!wl_nvram_layout_parse ((const uint8_t *) contents, len, startup, private_config))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, "%s holds no configuration", path);
      return FALSE;
    }
  return TRUE;
}

gboolean
wl_nvram_file_update (const char *path,
                      size_t      size,
                      GBytes     *startup,
                      GBytes     *private_config,
                      GError    **error)
{
  g_autofree char *contents = NULL;
  g_autofree uint8_t *buf = NULL;
  gsize len = 0;

  g_return_val_if_fail (path != NULL, FALSE);

  if (!g_file_get_contents (path, &contents, &len, NULL))
    len = 0;
  size = MAX (size, len);
  buf = g_malloc0 (size);
  if (len)
    memcpy (buf, contents, len);
  if (!wl_nvram_layout_write (buf, size, startup, private_config, error))
    return FALSE;
  return g_file_set_contents_full (path, (const char *) buf, size,
                                   G_FILE_SET_CONTENTS_CONSISTENT, 0644, error);
}

wl_nvram_map_t *
wl_nvram_map_open (const char *path,
                   size_t      size,
                   GError    **error)
{
  wl_nvram_map_t *map;
  struct stat st;
  int fd;
  void *data;

  g_return_val_if_fail (path != NULL && size > 0, NULL);

  fd = open (path, O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (fd < 0 || fstat (fd, &st) < 0)
    {
      int err = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (err),
                   "cannot open NVRAM file %s: %s", path, g_strerror (err));
      if (fd >= 0)
        close (fd);
      return NULL;
    }
  /* Grow a short file; never shrink one (its configuration stays intact). */
  if ((size_t) st.st_size < size && ftruncate (fd, size) < 0)
    {
      int err = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (err),
                   "cannot size NVRAM file %s: %s", path, g_strerror (err));
      close (fd);
      return NULL;
    }
  data = mmap (NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
  close (fd);
  if (data == MAP_FAILED)
    {
      int err = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (err),
                   "cannot map NVRAM file %s: %s", path, g_strerror (err));
      return NULL;
    }
  map = g_new0 (wl_nvram_map_t, 1);
  map->data = data;
  map->size = size;
  return map;
}

uint8_t *
wl_nvram_map_data (wl_nvram_map_t *map)
{
  g_return_val_if_fail (map != NULL, NULL);
  return map->data;
}

size_t
wl_nvram_map_size (wl_nvram_map_t *map)
{
  g_return_val_if_fail (map != NULL, 0);
  return map->size;
}

void
wl_nvram_map_flush (wl_nvram_map_t *map)
{
  g_return_if_fail (map != NULL);
  msync (map->data, map->size, MS_SYNC);
}

void
wl_nvram_map_close (wl_nvram_map_t *map)
{
  if (map == NULL)
    return;
  msync (map->data, map->size, MS_SYNC);
  munmap (map->data, map->size);
  g_free (map);
}
