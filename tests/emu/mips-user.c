/* mips-user.c: run a static Linux MIPS64 (n64) program on Wirelab's CPU
 *
 * Copyright 2026 The Wirelab authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * The user-mode harness of the differential tests and the CPU benchmark:
 * it loads a big-endian ELF64 (or ELF32 o32) executable into flat user
 * memory, builds the initial stack and answers the raw system calls such
 * programs make, so its output can be compared with qemu-mips64's.
 *
 *   mips-user [--stats] [--max-insns N] PROGRAM [ARG...]
 */

#define G_LOG_DOMAIN "mips-user"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <gelf.h>
#include <libelf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

#include <gio/gio.h>
#include <glib.h>

#include "emu/mips64-cpu.h"
#include "emu/physmem.h"

/* n64 layout; o32 programs get everything below 2 GB. */
#define STACK_TOP     0x7fff000000ull
#define STACK_TOP32   0x7ffff000ull
#define STACK_SIZE    (8ull << 20)
#define HEAP_SIZE     (256ull << 20)
#define MMAP_BASE     0x2000000000ull
#define MMAP_BASE32   0x60000000ull
#define MMAP_SIZE     (256ull << 20)

typedef struct
{
  wl_physmem_t *mem;
  mips64_cpu_t *cpu;
  bool          o32;
  bool          exited;
  int           status;
  uint64_t      brk_start, brk_cur, brk_end;
  uint64_t      mmap_next, mmap_base, stack_top;
  GPtrArray    *maps;        /* host mappings to unmap at the end */
  GArray       *map_sizes;
} user_t;

static uint8_t *
map_region (user_t   *u,
            uint64_t  base,
            uint64_t  size)
{
  uint8_t *host = mmap (NULL, size, PROT_READ | PROT_WRITE,
                        MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);

  if (host == MAP_FAILED)
    return NULL;
  wl_physmem_map_ram (u->mem, base, size, host);
  g_ptr_array_add (u->maps, host);
  g_array_append_val (u->map_sizes, size);
  return host;
}

static uint8_t *
guest_ptr (user_t   *u,
           uint64_t  addr,
           uint64_t  len)
{
  if (u->o32)
    addr = (uint32_t) addr;
  return wl_physmem_ram_ptr (u->mem, addr, len == 0 ? 1 : len);
}

static bool
load_elf (user_t     *u,
          const char *path,
          uint64_t   *entry,
          GError    **error)
{
  int fd = open (path, O_RDONLY);
  Elf *elf;
  GElf_Ehdr eh;
  size_t phnum;
  uint64_t lo = UINT64_MAX, hi = 0;
  uint8_t *host;
  bool ok = false;

  if (fd < 0)
    {
      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (errno),
                   "%s: %s", path, g_strerror (errno));
      return false;
    }
  elf_version (EV_CURRENT);
  elf = elf_begin (fd, ELF_C_READ, NULL);
  if (elf == NULL || elf_kind (elf) != ELF_K_ELF || gelf_getehdr (elf, &eh) == NULL
      || eh.e_ident[EI_DATA] != ELFDATA2MSB || eh.e_machine != EM_MIPS
      || elf_getphdrnum (elf, &phnum) != 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   "%s: not a big-endian MIPS ELF executable", path);
      goto out;
    }
  u->o32 = gelf_getclass (elf) == ELFCLASS32;
  for (size_t i = 0; i < phnum; i++)
    {
      GElf_Phdr ph;

      if (gelf_getphdr (elf, (int) i, &ph) == NULL || ph.p_type != PT_LOAD)
        continue;
      lo = MIN (lo, ph.p_vaddr & ~0xfffull);
      hi = MAX (hi, (ph.p_vaddr + ph.p_memsz + 0xfff) & ~0xfffull);
    }
  if (lo >= hi || hi > (u->o32 ? MMAP_BASE32 : MMAP_BASE))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   "%s: no loadable segment in user memory", path);
      goto out;
    }
  /* The image and its heap in one region. */
  host = map_region (u, lo, hi - lo + HEAP_SIZE);
  if (host == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NO_SPACE, "out of memory");
      goto out;
    }
  for (size_t i = 0; i < phnum; i++)
    {
      GElf_Phdr ph;

      if (gelf_getphdr (elf, (int) i, &ph) == NULL || ph.p_type != PT_LOAD || ph.p_filesz == 0)
        continue;
      if (ph.p_filesz > ph.p_memsz
          || pread (fd, host + (ph.p_vaddr - lo), ph.p_filesz, (off_t) ph.p_offset)
             != (ssize_t) ph.p_filesz)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "%s: truncated segment", path);
          goto out;
        }
    }
  u->brk_start = u->brk_cur = hi;
  u->brk_end = hi + HEAP_SIZE;
  *entry = u->o32 ? (uint64_t) (int64_t) (int32_t) eh.e_entry : eh.e_entry;
  ok = true;

out:
  if (elf != NULL)
    elf_end (elf);
  close (fd);
  return ok;
}

/* argc, argv, envp, auxv as the Linux kernel lays them out. */
static uint64_t
build_stack (user_t  *u,
             int      argc,
             char   **argv)
{
  uint64_t top = u->stack_top, base = top - STACK_SIZE;
  uint8_t *host = map_region (u, base, STACK_SIZE);
  unsigned psz = u->o32 ? 4 : 8;
  uint64_t sp = top;
  g_autofree uint64_t *ptrs = g_new0 (uint64_t, argc + 1);
  uint64_t words[64];
  unsigned n = 0;

  if (host == NULL)
    return 0;
  for (int i = argc - 1; i >= 0; i--)
    {
      size_t len = strlen (argv[i]) + 1;

      sp -= len;
      memcpy (host + (sp - base), argv[i], len);
      ptrs[i] = sp;
    }
  sp &= ~15ull;
  words[n++] = (uint64_t) argc;
  for (int i = 0; i < argc && n < 40; i++)
    words[n++] = ptrs[i];
  words[n++] = 0;            /* argv end */
  words[n++] = 0;            /* envp end */
  words[n++] = 6;            /* AT_PAGESZ */
  words[n++] = 4096;
  words[n++] = 0;            /* AT_NULL */
  words[n++] = 0;
  sp -= n * psz;
  sp &= ~15ull;
  for (unsigned i = 0; i < n; i++)
    {
      uint8_t *p = host + (sp + i * psz - base);

      if (psz == 8)
        {
          guint64 v = GUINT64_TO_BE (words[i]);
          memcpy (p, &v, 8);
        }
      else
        {
          guint32 v = GUINT32_TO_BE ((guint32) words[i]);
          memcpy (p, &v, 4);
        }
    }
  return sp;
}

static void
sys_ret (mips64_cpu_t *cpu,
         int64_t       ret)
{
  if (ret < 0 && ret > -4096)
    {
      mips64_cpu_set_gpr (cpu, 2, (uint64_t) -ret);
      mips64_cpu_set_gpr (cpu, 7, 1);
    }
  else
    {
      mips64_cpu_set_gpr (cpu, 2, (uint64_t) ret);
      mips64_cpu_set_gpr (cpu, 7, 0);
    }
}

static int64_t
do_write (user_t   *u,
          uint64_t  fd,
          uint64_t  buf,
          uint64_t  len)
{
  uint8_t *p;

  if (fd != 1 && fd != 2)
    return -EBADF;
  if (len == 0)
    return 0;
  p = guest_ptr (u, buf, len);
  if (p == NULL)
    return -EFAULT;
  fflush (stdout);
  return write ((int) fd, p, len);
}

/* Normalised syscall numbers (n64 and o32 map to these). */
enum { S_READ, S_WRITE, S_EXIT, S_EXIT_GROUP, S_BRK, S_MMAP, S_MUNMAP, S_CLOCK,
       S_GETPID, S_IGNORE, S_OTHER };

static int
classify (bool     o32,
          uint64_t nr)
{
  if (!o32)
    switch (nr)
      {
      case 5000: return S_READ;
      case 5001: return S_WRITE;
      case 5058: return S_EXIT;
      case 5205: return S_EXIT_GROUP;
      case 5012: return S_BRK;
      case 5009: return S_MMAP;
      case 5011: return S_MUNMAP;
      case 5222: return S_CLOCK;
      case 5038: return S_GETPID;
      case 5014: case 5212: case 5242: return S_IGNORE;
      default: return S_OTHER;
      }
  switch (nr)
    {
    case 4003: return S_READ;
    case 4004: return S_WRITE;
    case 4001: return S_EXIT;
    case 4246: return S_EXIT_GROUP;
    case 4045: return S_BRK;
    case 4090: return S_MMAP;
    case 4091: return S_MUNMAP;
    case 4263: return S_CLOCK;
    case 4020: return S_GETPID;
    case 4195: case 4252: case 4283: return S_IGNORE;
    default: return S_OTHER;
    }
}

static bool
on_syscall (void         *opaque,
            mips64_cpu_t *cpu)
{
  user_t *u = opaque;
  uint64_t nr = mips64_cpu_get_gpr (cpu, 2);
  uint64_t a0 = mips64_cpu_get_gpr (cpu, 4), a1 = mips64_cpu_get_gpr (cpu, 5);
  uint64_t a2 = mips64_cpu_get_gpr (cpu, 6);

  switch (classify (u->o32, nr))
    {
    case S_WRITE:
      sys_ret (cpu, do_write (u, a0, a1, a2));
      break;
    case S_READ:
      sys_ret (cpu, a0 == 0 ? 0 : -EBADF);
      break;
    case S_EXIT:
    case S_EXIT_GROUP:
      u->exited = true;
      u->status = (int) (a0 & 0xff);
      mips64_cpu_request_exit (cpu);
      break;
    case S_BRK:
      if (a0 >= u->brk_start && a0 <= u->brk_end)
        u->brk_cur = a0;
      sys_ret (cpu, (int64_t) u->brk_cur);
      break;
    case S_MMAP:
      {
        uint64_t len = (a1 + 0xfff) & ~0xfffull;

        if (len == 0 || u->mmap_next + len > u->mmap_base + MMAP_SIZE)
          sys_ret (cpu, -ENOMEM);
        else
          {
            sys_ret (cpu, (int64_t) u->mmap_next);
            u->mmap_next += len;
          }
        break;
      }
    case S_MUNMAP:
    case S_IGNORE:
      sys_ret (cpu, 0);
      break;
    case S_GETPID:
      sys_ret (cpu, 1);
      break;
    case S_CLOCK:
      {
        struct timespec ts;
        uint8_t *p = guest_ptr (u, a1, u->o32 ? 8 : 16);

        if (p == NULL)
          {
            sys_ret (cpu, -EFAULT);
            break;
          }
        clock_gettime (a0 == 0 ? CLOCK_REALTIME : CLOCK_MONOTONIC, &ts);
        if (u->o32)
          {
            guint32 v[2] = { GUINT32_TO_BE ((guint32) ts.tv_sec), GUINT32_TO_BE ((guint32) ts.tv_nsec) };
            memcpy (p, v, 8);
          }
        else
          {
            guint64 v[2] = { GUINT64_TO_BE ((guint64) ts.tv_sec), GUINT64_TO_BE ((guint64) ts.tv_nsec) };
            memcpy (p, v, 16);
          }
        sys_ret (cpu, 0);
        break;
      }
    default:
      sys_ret (cpu, -ENOSYS);
      break;
    }
  return true;
}

int
main (int   argc,
      char *argv[])
{
  gboolean stats = FALSE;
  gint64 max_insns = 0;
  g_auto (GStrv) rest = NULL;
  GOptionEntry entries[] = {
    { "stats", 0, 0, G_OPTION_ARG_NONE, &stats, "Print instruction count and speed to stderr", NULL },
    { "max-insns", 0, 0, G_OPTION_ARG_INT64, &max_insns, "Stop after about N instructions", "N" },
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_STRING_ARRAY, &rest, NULL, "PROGRAM [ARG...]" },
    { NULL },
  };
  g_autoptr (GOptionContext) ctx = g_option_context_new ("PROGRAM [ARG...]");
  g_autoptr (GError) error = NULL;
  mips64_cpu_config_t cfg = { 0 };
  user_t u = { 0 };
  uint64_t entry = 0, sp;
  gint64 t0, t1;
  struct timespec c0, c1;
  int ret = 0;

  g_option_context_add_main_entries (ctx, entries, NULL);
  g_option_context_set_strict_posix (ctx, TRUE);
  if (!g_option_context_parse (ctx, &argc, &argv, &error) || rest == NULL || rest[0] == NULL)
    {
      fprintf (stderr, "usage: mips-user [--stats] [--max-insns N] PROGRAM [ARG...]\n%s\n",
               error != NULL ? error->message : "");
      return 2;
    }

  u.mem = wl_physmem_new ();
  u.maps = g_ptr_array_new ();
  u.map_sizes = g_array_new (FALSE, FALSE, sizeof (uint64_t));
  if (!load_elf (&u, rest[0], &entry, &error))
    {
      fprintf (stderr, "mips-user: %s\n", error->message);
      ret = 2;
      goto out;
    }
  u.stack_top = u.o32 ? STACK_TOP32 : STACK_TOP;
  u.mmap_base = u.mmap_next = u.o32 ? MMAP_BASE32 : MMAP_BASE;
  sp = build_stack (&u, (int) g_strv_length (rest), rest);
  if (sp == 0 || map_region (&u, u.mmap_base, MMAP_SIZE) == NULL)
    {
      fprintf (stderr, "mips-user: out of memory\n");
      ret = 2;
      goto out;
    }

  cfg.opaque = &u;
  cfg.mem = u.mem;
  cfg.syscall = on_syscall;
  cfg.user_flat = true;
  u.cpu = mips64_cpu_new (&cfg);
  mips64_cpu_reset (u.cpu, entry);
  /* o32 (FP32) programs see 32-bit FPU registers, as under Linux. */
  if (u.o32)
    mips64_cpu_set_cp0 (u.cpu, 12, 0, mips64_cpu_get_cp0 (u.cpu, 12, 0) & ~0x04000000ull);
  mips64_cpu_set_gpr (u.cpu, 29, u.o32 ? (uint64_t) (int64_t) (int32_t) sp : sp);

  t0 = g_get_monotonic_time ();
  clock_gettime (CLOCK_PROCESS_CPUTIME_ID, &c0);
  while (!u.exited)
    {
      uint64_t slice = 1000000000;
      mips64_exit_t why;

      if (max_insns > 0)
        {
          uint64_t done = mips64_cpu_insn_count (u.cpu);

          if (done >= (uint64_t) max_insns)
            {
              fprintf (stderr, "mips-user: instruction limit reached\n");
              ret = 124;
              break;
            }
          slice = MIN (slice, (uint64_t) max_insns - done);
        }
      why = mips64_cpu_run (u.cpu, slice);
      if (why == MIPS64_EXIT_FAULT)
        {
          fprintf (stderr, "mips-user: %s\n", mips64_cpu_fault_message (u.cpu));
          ret = 139;
          break;
        }
    }
  t1 = g_get_monotonic_time ();
  clock_gettime (CLOCK_PROCESS_CPUTIME_ID, &c1);
  fflush (stdout);
  if (u.exited)
    ret = u.status;
  if (stats)
    {
      double secs = (double) (t1 - t0) / 1e6;
      double cpu = (double) (c1.tv_sec - c0.tv_sec) + (double) (c1.tv_nsec - c0.tv_nsec) / 1e9;
      uint64_t n = mips64_cpu_insn_count (u.cpu);

      /* CPU time as well: on a loaded machine wall time says little. */
      fprintf (stderr, "instructions: %" G_GUINT64_FORMAT "\nseconds: %.3f\nG insn/s: %.3f\n"
               "cpu seconds: %.3f\nG insn/s (cpu time): %.3f\n",
               n, secs, secs > 0 ? (double) n / secs / 1e9 : 0.0,
               cpu, cpu > 0 ? (double) n / cpu / 1e9 : 0.0);
    }

out:
  mips64_cpu_free (u.cpu);
  wl_physmem_free (u.mem);
  for (guint i = 0; i < u.maps->len; i++)
    munmap (g_ptr_array_index (u.maps, i), g_array_index (u.map_sizes, uint64_t, i));
  g_ptr_array_unref (u.maps);
  g_array_unref (u.map_sizes);
  return ret;
}
