/* fw-heap.c: the firmware's allocator
 *
 * Copyright 2026 The Wirelab authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * First fit over an address-ordered free list, coalescing on free.  Fresh
 * memory is carved from the top of the used part only when no free block fits,
 * so the pages of a sparse guest RAM the router never needs stay untouched.
 * The hosted unit-test build uses the host's malloc instead (FW_HOSTED_MALLOC),
 * so ASan sees every object.
 */

#define G_LOG_DOMAIN "wirelab-fw"

#include "config.h"

#include "fw-libc.h"

#ifdef FW_HOSTED_MALLOC
#include <stdlib.h>

void
fw_heap_init (void  *base,
              size_t size)
{
}

void *
fw_malloc (size_t size)
{
  return malloc (size ? size : 1);
}

void *
fw_calloc (size_t n,
           size_t size)
{
  return calloc (n ? n : 1, size ? size : 1);
}

void *
fw_realloc (void  *p,
            size_t size)
{
  return realloc (p, size ? size : 1);
}

void
fw_free (void *p)
{
  free (p);
}

size_t
fw_heap_used (void)
{
  return 0;
}

size_t
fw_heap_free (void)
{
  return 0;
}

#else

#define ALIGN        16u
#define HDR          16u
#define MIN_BLOCK    32u
#define MAGIC_USED   0x55534544u
#define MAGIC_FREE   0x46524545u

typedef struct Block Block;
struct Block
{
  size_t   size;        /* whole block, header included */
  uint32_t magic;
  uint32_t pad;
  Block   *next;        /* free blocks only: lives in the payload */
};

static uint8_t *heap_base, *heap_top, *heap_end;
static Block *free_list;
static size_t used_bytes;

void
fw_heap_init (void  *base,
              size_t size)
{
  uintptr_t b = ((uintptr_t) base + ALIGN - 1) & ~(uintptr_t) (ALIGN - 1);

  heap_base = heap_top = (uint8_t *) b;
  heap_end = (uint8_t *) base + size;
  free_list = NULL;
  used_bytes = 0;
}

void *
fw_malloc (size_t size)
{
  size_t need;
  Block **pp, *b;

  if (size > (size_t) (heap_end - heap_base))
    return NULL;
  need = (size + HDR + ALIGN - 1) & ~(size_t) (ALIGN - 1);
  if (need < MIN_BLOCK)
    need = MIN_BLOCK;

  for (pp = &free_list; (b = *pp) != NULL; pp = &b->next)
    if (b->size >= need)
      {
        if (b->size - need >= MIN_BLOCK)
          {
            Block *rest = (Block *) ((uint8_t *) b + need);

            rest->size = b->size - need;
            rest->magic = MAGIC_FREE;
            rest->next = b->next;
            *pp = rest;
            b->size = need;
          }
        else
          *pp = b->next;
        b->magic = MAGIC_USED;
        used_bytes += b->size;
        return (uint8_t *) b + HDR;
      }

  if ((size_t) (heap_end - heap_top) < need)
    return NULL;
  b = (Block *) heap_top;
  heap_top += need;
  b->size = need;
  b->magic = MAGIC_USED;
  used_bytes += need;
  return (uint8_t *) b + HDR;
}

void
fw_free (void *p)
{
  Block *b, **pp, *prev = NULL;

  if (p == NULL)
    return;
  b = (Block *) ((uint8_t *) p - HDR);
  if (b->magic != MAGIC_USED)
    return;                       /* double free or junk: ignore, don't corrupt */
  b->magic = MAGIC_FREE;
  used_bytes -= b->size;

  for (pp = &free_list; *pp && *pp < b; pp = &(*pp)->next)
    prev = *pp;
  b->next = *pp;
  *pp = b;

  /* Merge with the following block, then with the preceding one. */
  if (b->next && (uint8_t *) b + b->size == (uint8_t *) b->next)
    {
      b->size += b->next->size;
      b->next = b->next->next;
    }
  if (prev && (uint8_t *) prev + prev->size == (uint8_t *) b)
    {
      prev->size += b->size;
      prev->next = b->next;
      b = prev;
    }
  /* A free block at the top goes back to the untouched part. */
  if ((uint8_t *) b + b->size == heap_top)
    {
      Block **q;

      for (q = &free_list; *q != b; q = &(*q)->next)
        ;
      *q = b->next;
      heap_top = (uint8_t *) b;
    }
}

void *
fw_calloc (size_t n,
           size_t size)
{
  void *p;

  if (size && n > (size_t) -1 / size)
    return NULL;
  p = fw_malloc (n * size);
  if (p)
    memset (p, 0, n * size);
  return p;
}

void *
fw_realloc (void  *p,
            size_t size)
{
  Block *b;
  void *q;
  size_t old;

  if (p == NULL)
    return fw_malloc (size);
  b = (Block *) ((uint8_t *) p - HDR);
  old = b->size - HDR;
  if (size <= old)
    return p;
  q = fw_malloc (size);
  if (q == NULL)
    return NULL;
  memcpy (q, p, old);
  fw_free (p);
  return q;
}

size_t
fw_heap_used (void)
{
  return used_bytes;
}

size_t
fw_heap_free (void)
{
  return (size_t) (heap_end - heap_base) - used_bytes;
}

#endif

char *
fw_strdup (const char *s)
{
  return fw_strndup (s, strlen (s));
}

char *
fw_strndup (const char *s,
            size_t      n)
{
  char *p = fw_malloc (n + 1);

  if (p)
    {
      memcpy (p, s, n);
      p[n] = '\0';
    }
  return p;
}
