/* test-elf-loader.c: router images through libelf, good and bad
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include "config.h"

#include <glib.h>
#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

#include "emu/wl-elf.h"

static const char *image64;
static const char *image32;

static char *
tmp_copy (const char *src,
          gsize       keep,
          void      (*patch) (guint8 *data, gsize len))
{
  g_autofree char *data = NULL;
  gsize len = 0;
  g_autoptr(GError) error = NULL;
  char *path = NULL;
  int fd = g_file_open_tmp ("wl-elf-XXXXXX", &path, &error);

  g_assert_no_error (error);
  close (fd);
  g_assert_true (g_file_get_contents (src, &data, &len, NULL));
  if (keep > 0 && keep < len)
    len = keep;
  if (patch != NULL)
    patch ((guint8 *) data, len);
  g_assert_true (g_file_set_contents (path, data, len, NULL));
  return path;
}

static void
load_and_check (const char *path,
                gboolean    elf64)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(wl_elf_image_t) image = wl_elf_image_open (path, 16 << 20, &error);
  g_autofree guint8 *ram = NULL;
  gboolean found = FALSE;

  g_assert_no_error (error);
  g_assert_nonnull (image);
  g_assert_cmpint (wl_elf_image_is_elf64 (image), ==, elf64);
  /* Entry is sign-extended KSEG0 in both classes. */
  g_assert_cmphex (wl_elf_image_entry (image), ==, 0xffffffff80010000ull);
  g_assert_cmpuint (wl_elf_image_n_segments (image), >=, 1);

  ram = g_malloc0 (16 << 20);
  memset (ram + 0x10000 + 0x8000, 0xaa, 0x8000);   /* dirty: bss must be zeroed */
  wl_elf_image_load (image, ram, 16 << 20, NULL, NULL);
  /* The banner string is in .rodata of the image, copied to RAM. */
  for (gsize i = 0x10000; i < 0x20000 && !found; i++)
    found = memcmp (ram + i, "Wirelab console test image", 26) == 0;
  g_assert_true (found);
}

static void
test_good (void)
{
  load_and_check (image64, TRUE);
  load_and_check (image32, FALSE);
}

static void
expect_failure (const char *path,
                guint64     ram,
                const char *fragment)
{
  g_autoptr(GError) error = NULL;
  wl_elf_image_t *image = wl_elf_image_open (path, ram, &error);

  g_assert_null (image);
  g_assert_nonnull (error);
  if (fragment != NULL && strstr (error->message, fragment) == NULL)
    g_error ("'%s' does not say '%s'", error->message, fragment);
}

static void
patch_machine (guint8 *d, gsize len)
{
  d[18] = 0;      /* e_machine, big-endian: EM_X86_64 */
  d[19] = 62;
}

static void
patch_endian (guint8 *d, gsize len)
{
  d[5] = 1;       /* ELFDATA2LSB */
}

static void
patch_magic (guint8 *d, gsize len)
{
  memcpy (d, "#!/bin/sh\n", 10);
}

static void
test_bad (void)
{
  g_autofree char *wrong_machine = tmp_copy (image64, 0, patch_machine);
  g_autofree char *little = tmp_copy (image64, 0, patch_endian);
  g_autofree char *not_elf = tmp_copy (image64, 0, patch_magic);
  g_autofree char *truncated = tmp_copy (image64, 300, NULL);
  g_autofree char *tiny = tmp_copy (image64, 40, NULL);
  g_autofree char *empty = tmp_copy (image64, 0, NULL);

  expect_failure ("/nonexistent/image.elf", 64 << 20, "image.elf");
  expect_failure (wrong_machine, 64 << 20, "not a MIPS image");
  expect_failure (little, 64 << 20, "big-endian");
  expect_failure (not_elf, 64 << 20, "not an ELF");
  expect_failure (truncated, 64 << 20, NULL);
  expect_failure (tiny, 64 << 20, NULL);
  /* 64 KB of RAM: the image is linked at physical 0x10000. */
  expect_failure (empty, 64 << 10, "RAM");
  g_assert_true (g_file_set_contents (empty, "", 0, NULL));
  expect_failure (empty, 64 << 20, "not an ELF");

  g_unlink (wrong_machine);
  g_unlink (little);
  g_unlink (not_elf);
  g_unlink (truncated);
  g_unlink (tiny);
  g_unlink (empty);
}

static void
test_ram_offset (void)
{
  guint64 mb = 1 << 20;

  g_assert_cmpint (wl_ram_offset (256 * mb, 0, 4), ==, 0);
  g_assert_cmpint (wl_ram_offset (256 * mb, 256 * mb - 4, 4), ==, (gint64) (256 * mb - 4));
  g_assert_cmpint (wl_ram_offset (256 * mb, 256 * mb - 2, 4), ==, -1);
  /* 512 MB: the top 64 MB live at 0x20000000. */
  g_assert_cmpint (wl_ram_offset (512 * mb, 0x1c000000, 4), ==, -1);
  g_assert_cmpint (wl_ram_offset (512 * mb, 0x20000000, 4), ==, 0x1c000000);
  g_assert_cmpint (wl_ram_offset (512 * mb, 0x20000000 + 64 * mb - 4, 4), ==, (gint64) (512 * mb - 4));
  g_assert_cmpint (wl_ram_offset (512 * mb, 0x20000000 + 64 * mb, 4), ==, -1);
  g_assert_cmpint (wl_ram_offset (256 * mb, G_MAXUINT64 - 1, 4), ==, -1);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  if (argc < 3)
    g_error ("usage: %s IMAGE64 IMAGE32", argv[0]);
  image64 = argv[1];
  image32 = argv[2];

  g_test_add_func ("/elf/load", test_good);
  g_test_add_func ("/elf/bad", test_bad);
  g_test_add_func ("/elf/ram-offset", test_ram_offset);
  return g_test_run ();
}
