/* fuzz-elf-load.c: libFuzzer target for the router image loader
 *
 * Copyright 2026 The Wirelab authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * An input is the bytes of an image file, as a user or a remote client
 * hands it to `vm start`.  It is written to a private temporary directory
 * and opened with wl_elf_image_open for a 16 MB router and a 464 MB one
 * (RAM split at 448 MB, docs/board.md).  Checked:
 *  - a failed open returns NULL with a WL_ELF_ERROR (or file error) that has
 *    a message;
 *  - an image that opens has a segment and an entry point in RAM, and every
 *    range it writes while loading is inside RAM (wl_ram_offset) and is
 *    reported through the callback, once per segment, and no two segments
 *    overlap;
 *  - an image that fits 16 MB of RAM also opens with 464 MB, with the same
 *    entry point and segment count.
 * Loading goes into RAM that is mapped once and not backed until written;
 * pages written are dropped after each run.
 */

#define G_LOG_DOMAIN "wirelab-fuzz"

#include "config.h"

#include <stdint.h>
#include <string.h>
#include <sys/mman.h>

#include <glib/gstdio.h>

#include "emu/wl-elf.h"

int LLVMFuzzerTestOneInput (const uint8_t *data,
                            size_t         size);

#define SMALL_RAM (16ull << 20)
#define BIG_RAM   (WL_RAM_LOW_LIMIT + (16ull << 20))

typedef struct
{
  uint64_t ram_size;
  guint    calls;
  uint64_t start[64], end[64];
} Touched;

static char *workdir;
static char *image_path;
/* BIG_RAM then a page nobody may touch; the small RAM ends at it too. */
static uint8_t *ram;
static uint8_t *small_ram;

static void
cleanup (void)
{
  if (image_path != NULL)
    g_unlink (image_path);
  if (workdir != NULL)
    g_rmdir (workdir);
}

static void
touched (void    *opaque,
         uint64_t paddr,
         uint64_t len)
{
  Touched *t = opaque;

  g_assert (len > 0);
  g_assert (wl_ram_offset (t->ram_size, paddr, len) >= 0);
  /* Segments must not overlap: one would silently clobber another. */
  for (guint i = 0; i < MIN (t->calls, G_N_ELEMENTS (t->start)); i++)
    g_assert (paddr + len <= t->start[i] || paddr >= t->end[i]);
  if (t->calls < G_N_ELEMENTS (t->start))
    {
      t->start[t->calls] = paddr;
      t->end[t->calls] = paddr + len;
    }
  t->calls++;
}

static wl_elf_image_t *
open_checked (uint64_t ram_size)
{
  g_autoptr(GError) error = NULL;
  wl_elf_image_t *image = wl_elf_image_open (image_path, ram_size, &error);
  uint64_t entry, phys;

  if (image == NULL)
    {
      g_assert (error != NULL);
      g_assert (error->domain == WL_ELF_ERROR || error->domain == G_FILE_ERROR);
      g_assert (error->message != NULL && error->message[0] != '\0');
      return NULL;
    }
  g_assert (error == NULL);
  g_assert (wl_elf_image_n_segments (image) >= 1);
  entry = wl_elf_image_entry (image);
  if (entry >= 0xffffffff80000000ull)
    phys = entry & 0x1fffffffull;
  else
    {
      g_assert ((entry >> 62) == 2);
      phys = entry & 0xfffffffffull;
    }
  g_assert (wl_ram_offset (ram_size, phys, 4) >= 0);
  return image;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(wl_elf_image_t) small = NULL;
  g_autoptr(wl_elf_image_t) big = NULL;

  if (workdir == NULL)
    {
      workdir = g_dir_make_tmp ("wl-fuzz-elf-XXXXXX", NULL);
      g_assert (workdir != NULL);
      image_path = g_build_filename (workdir, "image.elf", NULL);
      ram = mmap (NULL, BIG_RAM + 4096, PROT_READ | PROT_WRITE,
                  MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
      g_assert (ram != MAP_FAILED);
      g_assert (mprotect (ram + BIG_RAM, 4096, PROT_NONE) == 0);
      small_ram = ram + BIG_RAM - SMALL_RAM;
      atexit (cleanup);
    }
  g_assert (g_file_set_contents (image_path, (const char *) data, size, NULL));

  small = open_checked (SMALL_RAM);
  big = open_checked (BIG_RAM);
  if (small != NULL)
    {
      Touched t = { .ram_size = SMALL_RAM };

      g_assert (big != NULL);
      g_assert_cmphex (wl_elf_image_entry (small), ==, wl_elf_image_entry (big));
      g_assert_cmpuint (wl_elf_image_n_segments (small), ==, wl_elf_image_n_segments (big));
      g_assert_cmpint (wl_elf_image_is_elf64 (small), ==, wl_elf_image_is_elf64 (big));
      wl_elf_image_load (small, small_ram, SMALL_RAM, touched, &t);
      g_assert_cmpuint (t.calls, ==, wl_elf_image_n_segments (small));
      madvise (small_ram, SMALL_RAM, MADV_DONTNEED);
    }
  if (big != NULL)
    {
      Touched t = { .ram_size = BIG_RAM };

      wl_elf_image_load (big, ram, BIG_RAM, touched, &t);
      g_assert_cmpuint (t.calls, ==, wl_elf_image_n_segments (big));
      madvise (ram, BIG_RAM, MADV_DONTNEED);
    }
  return 0;
}
