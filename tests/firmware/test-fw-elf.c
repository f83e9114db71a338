/* test-fw-elf.c: wirelab-router.elf is the image the board loads: ELF64,
 * big-endian MIPS64, no PIC, entry and segments in sign-extended KSEG0
 * above the exception vectors, nothing past 448 MB
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#define G_LOG_DOMAIN "wirelab-fw-test"

#include "config.h"

#include <fcntl.h>
#include <gelf.h>
#include <libelf.h>
#include <unistd.h>

#include <glib.h>

static const char *image;

static void
test_image (void)
{
  int fd = open (image, O_RDONLY);
  Elf *elf;
  GElf_Ehdr ehdr;
  size_t phnum = 0, shstrndx;
  guint loadable = 0;
  gboolean has_start = FALSE, has_exc = FALSE;
  Elf_Scn *scn = NULL;

  g_assert_cmpint (fd, >=, 0);
  g_assert_cmpint (elf_version (EV_CURRENT), !=, EV_NONE);
  elf = elf_begin (fd, ELF_C_READ, NULL);
  g_assert_nonnull (elf);
  g_assert_nonnull (gelf_getehdr (elf, &ehdr));
  g_assert_cmpint (gelf_getclass (elf), ==, ELFCLASS64);
  g_assert_cmpint (ehdr.e_ident[EI_DATA], ==, ELFDATA2MSB);
  g_assert_cmpint (ehdr.e_machine, ==, EM_MIPS);
  g_assert_cmpint (ehdr.e_type, ==, ET_EXEC);
  g_assert_cmphex (ehdr.e_entry, ==, 0xffffffff80010000ull);
  g_assert_cmphex (ehdr.e_flags & (EF_MIPS_PIC | EF_MIPS_CPIC), ==, 0);

  g_assert_cmpint (elf_getphdrnum (elf, &phnum), ==, 0);
  for (size_t i = 0; i < phnum; i++)
    {
      GElf_Phdr ph;

      g_assert_nonnull (gelf_getphdr (elf, (int) i, &ph));
      if (ph.p_type != PT_LOAD || ph.p_memsz == 0)
        continue;
      loadable++;
      /* KSEG0, above the vectors the firmware writes at boot */
      g_assert_cmphex (ph.p_vaddr, >=, 0xffffffff80010000ull);
      g_assert_cmphex (ph.p_vaddr + ph.p_memsz, <, 0xffffffff80000000ull + (448ull << 20));
      g_assert_cmpuint (ph.p_filesz, <=, ph.p_memsz);
    }
  g_assert_cmpuint (loadable, >=, 2);

  /* the entry is _start, and the exception entry is there */
  g_assert_cmpint (elf_getshdrstrndx (elf, &shstrndx), ==, 0);
  while ((scn = elf_nextscn (elf, scn)) != NULL)
    {
      GElf_Shdr sh;
      Elf_Data *data;

      gelf_getshdr (scn, &sh);
      if (sh.sh_type != SHT_SYMTAB)
        continue;
      data = elf_getdata (scn, NULL);
      for (size_t k = 0; k < sh.sh_size / sh.sh_entsize; k++)
        {
          GElf_Sym sym;
          const char *name;

          gelf_getsym (data, (int) k, &sym);
          name = elf_strptr (elf, sh.sh_link, sym.st_name);
          if (name && g_str_equal (name, "_start"))
            {
              has_start = TRUE;
              g_assert_cmphex (sym.st_value, ==, ehdr.e_entry);
            }
          if (name && g_str_equal (name, "exc_entry"))
            has_exc = TRUE;
          /* nothing left for a loader to resolve */
          if (name && *name && sym.st_shndx == SHN_UNDEF && GELF_ST_BIND (sym.st_info) != STB_WEAK)
            g_error ("undefined symbol %s", name);
        }
    }
  g_assert_true (has_start);
  g_assert_true (has_exc);
  elf_end (elf);
  close (fd);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  if (argc < 2)
    g_error ("usage: %s wirelab-router.elf", argv[0]);
  image = argv[1];
  g_test_add_func ("/firmware/elf/image", test_image);
  return g_test_run ();
}
