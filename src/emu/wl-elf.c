/* wl-elf.c: loading router images (ELF32/ELF64 big-endian MIPS) with libelf
 *
 * Copyright 2026 The Wirelab authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#define G_LOG_DOMAIN "wirelab-emu"

#include "config.h"

#include <gelf.h>
#include <libelf.h>
#include <string.h>

#include "emu/wl-elf.h"

typedef struct
{
  uint64_t paddr;
  uint64_t offset;
  uint64_t filesz;
  uint64_t memsz;
} wl_elf_segment_t;

struct wl_elf_image
{
  GMappedFile      *file;
  const uint8_t    *bytes;
  gsize             size;
  uint64_t          entry;
  gboolean          elf64;
  GArray           *segments;   /* wl_elf_segment_t */
};

G_DEFINE_QUARK (wl-elf-error-quark, wl_elf_error)

int64_t
wl_ram_offset (uint64_t ram_size,
               uint64_t paddr,
               uint64_t len)
{
  uint64_t low = MIN (ram_size, WL_RAM_LOW_LIMIT);

  if (paddr + len < paddr)
    return -1;
  if (paddr + len <= low)
    return (int64_t) paddr;
  if (ram_size > WL_RAM_LOW_LIMIT && paddr >= WL_RAM_HIGH_BASE &&
      paddr + len <= WL_RAM_HIGH_BASE + (ram_size - WL_RAM_LOW_LIMIT))
    return (int64_t) (paddr - WL_RAM_HIGH_BASE + WL_RAM_LOW_LIMIT);
  return -1;
}

/* Physical address of a KSEG0/KSEG1/XKPHYS virtual address. */
static gboolean
virt_to_phys (uint64_t  vaddr,
              uint64_t *paddr)
{
  if (vaddr >= 0xffffffff80000000ull && vaddr <= 0xffffffffbfffffffull)
    {
      *paddr = vaddr & 0x1fffffffull;
      return TRUE;
    }
  if ((vaddr >> 62) == 2)     /* XKPHYS: 0x8000… to 0xbfff… */
    {
      *paddr = vaddr & 0xfffffffffull;
      return TRUE;
    }
  return FALSE;
}

static gboolean
fail (GError    **error,
      const char *path,
      const char *what)
{
  g_set_error (error, WL_ELF_ERROR, 0, "%s: %s", path, what);
  return FALSE;
}

static int
compare_paddr (gconstpointer a,
               gconstpointer b)
{
  uint64_t pa = ((const wl_elf_segment_t *) a)->paddr;
  uint64_t pb = ((const wl_elf_segment_t *) b)->paddr;

  return pa < pb ? -1 : pa > pb;
}

static gboolean
parse (wl_elf_image_t *image,
       const char     *path,
       uint64_t        ram_size,
       GError        **error)
{
  g_autofree char *msg = NULL;
  Elf *elf;
  GElf_Ehdr ehdr;
  size_t phnum = 0;
  gboolean ok = FALSE;

  if (image->size < EI_NIDENT || memcmp (image->bytes, ELFMAG, SELFMAG) != 0)
    return fail (error, path, "not an ELF file");
  if (image->bytes[EI_DATA] != ELFDATA2MSB)
    return fail (error, path, "not a big-endian ELF file");
  if (image->bytes[EI_CLASS] != ELFCLASS32 && image->bytes[EI_CLASS] != ELFCLASS64)
    return fail (error, path, "unknown ELF class");
  image->elf64 = image->bytes[EI_CLASS] == ELFCLASS64;

  elf = elf_memory ((char *) image->bytes, image->size);
  if (elf == NULL)
    return fail (error, path, elf_errmsg (-1));

  if (elf_kind (elf) != ELF_K_ELF || gelf_getehdr (elf, &ehdr) == NULL)
    {
      fail (error, path, "truncated or corrupt ELF header");
      goto out;
    }
  if (ehdr.e_machine != EM_MIPS)
    {
      msg = g_strdup_printf ("not a MIPS image (ELF machine %u)", ehdr.e_machine);
      fail (error, path, msg);
      goto out;
    }
  if (ehdr.e_type != ET_EXEC)
    {
      fail (error, path, "not an executable ELF image");
      goto out;
    }
  if (elf_getphdrnum (elf, &phnum) != 0 || phnum == 0)
    {
      fail (error, path, "no program headers");
      goto out;
    }

  image->entry = image->elf64 ? ehdr.e_entry : (uint64_t) (int64_t) (int32_t) ehdr.e_entry;
  {
    uint64_t entry_phys;

    if (!virt_to_phys (image->entry, &entry_phys) || wl_ram_offset (ram_size, entry_phys, 4) < 0)
      {
        msg = g_strdup_printf ("entry point 0x%" G_GINT64_MODIFIER "x is not in RAM "
                               "(KSEG0/KSEG1 below %" G_GUINT64_FORMAT " MB)",
                               image->entry, ram_size >> 20);
        fail (error, path, msg);
        goto out;
      }
  }

  for (size_t i = 0; i < phnum; i++)
    {
      GElf_Phdr ph;
      wl_elf_segment_t seg;
      uint64_t vaddr;

      if (gelf_getphdr (elf, i, &ph) == NULL)
        {
          fail (error, path, "truncated program header table");
          goto out;
        }
      if (ph.p_type != PT_LOAD || ph.p_memsz == 0)
        continue;
      if (ph.p_filesz > ph.p_memsz)
        {
          fail (error, path, "segment larger in the file than in memory");
          goto out;
        }
      if (ph.p_offset > image->size || ph.p_filesz > image->size - ph.p_offset)
        {
          fail (error, path, "truncated file: a segment extends past its end");
          goto out;
        }
      vaddr = image->elf64 ? ph.p_vaddr : (uint64_t) (int64_t) (int32_t) ph.p_vaddr;
      if (!virt_to_phys (vaddr, &seg.paddr))
        {
          msg = g_strdup_printf ("segment at 0x%" G_GINT64_MODIFIER "x is not in KSEG0, KSEG1 or XKPHYS",
                                 vaddr);
          fail (error, path, msg);
          goto out;
        }
      if (wl_ram_offset (ram_size, seg.paddr, ph.p_memsz) < 0)
        {
          msg = g_strdup_printf ("segment at physical 0x%" G_GINT64_MODIFIER "x (%" G_GUINT64_FORMAT
                                 " bytes) does not fit in %" G_GUINT64_FORMAT " MB of RAM",
                                 seg.paddr, (guint64) ph.p_memsz, ram_size >> 20);
          fail (error, path, msg);
          goto out;
        }
      seg.offset = ph.p_offset;
      seg.filesz = ph.p_filesz;
      seg.memsz = ph.p_memsz;
      g_array_append_val (image->segments, seg);
    }

  if (image->segments->len == 0)
    {
      fail (error, path, "no loadable segment");
      goto out;
    }
  /* Overlapping segments would clobber each other (a later one's zero fill
   * erasing an earlier one's code), depending on their order. */
  {
    g_autoptr(GArray) sorted = g_array_copy (image->segments);

    g_array_sort (sorted, compare_paddr);
    for (guint i = 1; i < sorted->len; i++)
      {
        const wl_elf_segment_t *a = &g_array_index (sorted, wl_elf_segment_t, i - 1);
        const wl_elf_segment_t *b = &g_array_index (sorted, wl_elf_segment_t, i);

        if (b->paddr - a->paddr < a->memsz)
          {
            msg = g_strdup_printf ("segments at physical 0x%" G_GINT64_MODIFIER "x and 0x%"
                                   G_GINT64_MODIFIER "x overlap", a->paddr, b->paddr);
            fail (error, path, msg);
            goto out;
          }
      }
  }
  ok = TRUE;

out:
  elf_end (elf);
  return ok;
}

wl_elf_image_t *
wl_elf_image_open (const char *path,
                   uint64_t    ram_size,
                   GError    **error)
{
  g_autoptr(wl_elf_image_t) image = NULL;
  GError *local = NULL;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (elf_version (EV_CURRENT) == EV_NONE)
    {
      g_set_error (error, WL_ELF_ERROR, 0, "libelf is too old");
      return NULL;
    }

  image = g_new0 (wl_elf_image_t, 1);
  image->segments = g_array_new (FALSE, FALSE, sizeof (wl_elf_segment_t));
  image->file = g_mapped_file_new (path, FALSE, &local);
  if (image->file == NULL)
    {
      g_propagate_error (error, local);
      return NULL;
    }
  image->bytes = (const uint8_t *) g_mapped_file_get_contents (image->file);
  image->size = g_mapped_file_get_length (image->file);
  if (image->bytes == NULL)
    image->size = 0;

  if (!parse (image, path, ram_size, error))
    return NULL;
  return g_steal_pointer (&image);
}

void
wl_elf_image_free (wl_elf_image_t *image)
{
  if (image == NULL)
    return;
  if (image->file != NULL)
    g_mapped_file_unref (image->file);
  g_array_unref (image->segments);
  g_free (image);
}

uint64_t
wl_elf_image_entry (const wl_elf_image_t *image)
{
  g_return_val_if_fail (image != NULL, 0);
  return image->entry;
}

gboolean
wl_elf_image_is_elf64 (const wl_elf_image_t *image)
{
  g_return_val_if_fail (image != NULL, FALSE);
  return image->elf64;
}

guint
wl_elf_image_n_segments (const wl_elf_image_t *image)
{
  g_return_val_if_fail (image != NULL, 0);
  return image->segments->len;
}

void
wl_elf_image_load (const wl_elf_image_t *image,
                   uint8_t              *ram,
                   uint64_t              ram_size,
                   void                (*touched) (void *, uint64_t, uint64_t),
                   void                 *opaque)
{
  g_return_if_fail (image != NULL && ram != NULL);

  for (guint i = 0; i < image->segments->len; i++)
    {
      const wl_elf_segment_t *seg = &g_array_index (image->segments, wl_elf_segment_t, i);
      int64_t off = wl_ram_offset (ram_size, seg->paddr, seg->memsz);

      g_return_if_fail (off >= 0);
      memcpy (ram + off, image->bytes + seg->offset, seg->filesz);
      memset (ram + off + seg->filesz, 0, seg->memsz - seg->filesz);
      if (touched != NULL)
        touched (opaque, seg->paddr, seg->memsz);
    }
}
