/* test-cross-elf.c: the cross-built test images are the ELF files the
 * emulator loads: big-endian MIPS, ELF64 and ELF32, linked in KSEG0.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include "config.h"

#include <fcntl.h>
#include <gelf.h>
#include <libelf.h>
#include <unistd.h>

#include <glib.h>

static const char *elf64_path;
static const char *elf32_path;

static void
check_image (const char *path,
             int         klass,
             guint64     entry)
{
  int fd = open (path, O_RDONLY);
  Elf *elf;
  GElf_Ehdr ehdr;
  size_t phnum = 0;
  guint loadable = 0;

  g_assert_cmpint (fd, >=, 0);
  g_assert_cmpint (elf_version (EV_CURRENT), !=, EV_NONE);
  elf = elf_begin (fd, ELF_C_READ, NULL);
  g_assert_nonnull (elf);
  g_assert_cmpint (elf_kind (elf), ==, ELF_K_ELF);
  g_assert_nonnull (gelf_getehdr (elf, &ehdr));
  g_assert_cmpint (gelf_getclass (elf), ==, klass);
  g_assert_cmpint (ehdr.e_ident[EI_DATA], ==, ELFDATA2MSB);
  g_assert_cmpint (ehdr.e_machine, ==, EM_MIPS);
  g_assert_cmpint (ehdr.e_type, ==, ET_EXEC);
  g_assert_cmphex (ehdr.e_entry, ==, entry);
  /* No PIC: an image built with abicalls would need a GOT set up by a loader. */
  g_assert_cmphex (ehdr.e_flags & (EF_MIPS_PIC | EF_MIPS_CPIC), ==, 0);

  g_assert_cmpint (elf_getphdrnum (elf, &phnum), ==, 0);
  for (size_t i = 0; i < phnum; i++)
    {
      GElf_Phdr phdr;

      g_assert_nonnull (gelf_getphdr (elf, (int) i, &phdr));
      if (phdr.p_type == PT_LOAD && phdr.p_memsz > 0)
        {
          loadable++;
          g_assert_cmphex (phdr.p_vaddr & 0xffffffffu, >=, 0x80010000u);
        }
    }
  g_assert_cmpuint (loadable, >, 0);

  elf_end (elf);
  close (fd);
}

static void
test_elf64 (void)
{
  check_image (elf64_path, ELFCLASS64, 0xffffffff80010000ull);
}

static void
test_elf32 (void)
{
  check_image (elf32_path, ELFCLASS32, 0x80010000ull);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  if (argc < 3)
    g_error ("usage: %s IMAGE64 IMAGE32", argv[0]);
  elf64_path = argv[1];
  elf32_path = argv[2];
  g_test_add_func ("/cross/elf64-kseg0", test_elf64);
  g_test_add_func ("/cross/elf32-kseg0", test_elf32);
  return g_test_run ();
}
