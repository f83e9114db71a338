/* test-board-nvram.c: the NVRAM layout and file (docs/board.md)
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include "config.h"

#include <glib.h>
#include <glib/gstdio.h>
#include <string.h>

#include "emu/wl-nvram.h"

static GBytes *
str_bytes (const char *s)
{
  return g_bytes_new (s, strlen (s));
}

static void
assert_bytes (GBytes     *b,
              const char *s)
{
  gsize len;
  const char *data;

  g_assert_nonnull (b);
  data = g_bytes_get_data (b, &len);
  g_assert_cmpmem (data, len, s, strlen (s));
}

static void
test_crc (void)
{
  /* zlib's crc32 ("123456789") */
  g_assert_cmphex (wl_crc32 (0, "123456789", 9), ==, 0xcbf43926u);
  g_assert_cmphex (wl_crc32 (wl_crc32 (0, "1234", 4), "56789", 5), ==, 0xcbf43926u);
}

static void
test_layout (void)
{
  guint8 nv[4096] = { 0 };
  g_autoptr(GBytes) s = str_bytes ("hostname R1\n");
  g_autoptr(GBytes) p = str_bytes ("private\n");
  g_autoptr(GBytes) s2 = str_bytes ("hostname R2\n");
  g_autoptr(GBytes) os = NULL;
  g_autoptr(GBytes) op = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree guint8 *big = g_malloc0 (8192);
  g_autoptr(GBytes) huge = g_bytes_new_take (big, 8192);

  g_steal_pointer (&big);
  g_assert_false (wl_nvram_layout_parse (nv, sizeof nv, &os, &op));

  g_assert_true (wl_nvram_layout_write (nv, sizeof nv, s, p, &error));
  g_assert_no_error (error);
  g_assert_cmphex (nv[0] << 24 | nv[1] << 16 | nv[2] << 8 | nv[3], ==, 0x574c4e56u);
  g_assert_true (wl_nvram_layout_parse (nv, sizeof nv, &os, &op));
  assert_bytes (os, "hostname R1\n");
  assert_bytes (op, "private\n");
  g_clear_pointer (&os, g_bytes_unref);
  g_clear_pointer (&op, g_bytes_unref);

  /* NULL keeps a part; the generation counts writes. */
  g_assert_true (wl_nvram_layout_write (nv, sizeof nv, s2, NULL, &error));
  g_assert_cmpuint (nv[0x1f], ==, 1);
  g_assert_true (wl_nvram_layout_parse (nv, sizeof nv, &os, &op));
  assert_bytes (os, "hostname R2\n");
  assert_bytes (op, "private\n");
  g_clear_pointer (&os, g_bytes_unref);
  g_clear_pointer (&op, g_bytes_unref);

  /* Too big: refused, nothing changed. */
  g_assert_false (wl_nvram_layout_write (nv, sizeof nv, huge, NULL, &error));
  g_assert_nonnull (error);
  g_clear_error (&error);
  g_assert_true (wl_nvram_layout_parse (nv, sizeof nv, &os, NULL));
  assert_bytes (os, "hostname R2\n");
  g_clear_pointer (&os, g_bytes_unref);

  /* A flipped data byte breaks the CRC: no configuration. */
  nv[0x41] ^= 1;
  g_assert_false (wl_nvram_layout_parse (nv, sizeof nv, &os, &op));
  nv[0x41] ^= 1;
  /* Bounds past the end: no configuration. */
  nv[0x0c] = 0x7f;
  g_assert_false (wl_nvram_layout_parse (nv, sizeof nv, &os, &op));
  g_assert_null (os);
}

static void
test_file (void)
{
  g_autofree char *dir = g_dir_make_tmp ("wl-nvram-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "c7200_R1_nvram", NULL);
  g_autoptr(GBytes) s = str_bytes ("interface FastEthernet0/0\n");
  g_autoptr(GBytes) os = NULL;
  g_autoptr(GBytes) op = NULL;
  g_autoptr(GError) error = NULL;
  wl_nvram_map_t *map;
  GStatBuf st;

  g_assert_false (wl_nvram_file_extract (path, &os, &op, &error));
  g_clear_error (&error);

  g_assert_true (wl_nvram_file_update (path, 128 * 1024, s, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpint (st.st_size, ==, 128 * 1024);
  g_assert_true (wl_nvram_file_extract (path, &os, &op, &error));
  assert_bytes (os, "interface FastEthernet0/0\n");
  g_assert_null (op);
  g_clear_pointer (&os, g_bytes_unref);

  /* The running VM's mapping sees the same bytes, and writes reach the file. */
  map = wl_nvram_map_open (path, 128 * 1024, &error);
  g_assert_no_error (error);
  g_assert_true (wl_nvram_layout_parse (wl_nvram_map_data (map), wl_nvram_map_size (map), &os, NULL));
  assert_bytes (os, "interface FastEthernet0/0\n");
  g_clear_pointer (&os, g_bytes_unref);
  g_assert_true (wl_nvram_layout_write (wl_nvram_map_data (map), wl_nvram_map_size (map),
                                        NULL, s, &error));
  wl_nvram_map_close (map);
  g_assert_true (wl_nvram_file_extract (path, &os, &op, &error));
  assert_bytes (op, "interface FastEthernet0/0\n");

  g_unlink (path);
  g_rmdir (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/nvram/crc", test_crc);
  g_test_add_func ("/nvram/layout", test_layout);
  g_test_add_func ("/nvram/file", test_file);
  return g_test_run ();
}
