/* nio-filter.c: binding filters to NIOs; freq_drop, loss and corrupt
 *
 * Copyright 2026 The Wirelab authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#define G_LOG_DOMAIN "wirelab-nio"

#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "nio-filter.h"
#include "nio-save.h"

static const WlNioFilterClass *const filter_classes[] = {
  &wl_filter_freq_drop,
  &wl_filter_capture,
  &wl_filter_delay,
  &wl_filter_loss,
  &wl_filter_corrupt,
};

/* Framework */

static WlNioFilter *
filter_new (const WlNioFilterClass *klass,
            wl_nio_t               *nio,
            WlNioDir                slot)
{
  WlNioFilter *filter = g_malloc0 (klass->size);

  filter->klass = klass;
  filter->nio = nio;
  filter->slot = slot;
  filter->timer_fd = -1;
  g_mutex_init (&filter->lock);
  if (klass->init != NULL)
    klass->init (filter);
  return filter;
}

static void
filter_destroy (gpointer data)
{
  WlNioFilter *filter = data;

  if (filter->klass->destroy != NULL)
    filter->klass->destroy (filter);
  if (filter->timer_fd >= 0)
    close (filter->timer_fd);
  g_strfreev (filter->setup_args);
  g_mutex_clear (&filter->lock);
  g_free (filter);
}

void
wl_nio_filter_free (WlNioFilter *filter)
{
  WlIoThread *io = wl_io_get ();

  g_mutex_lock (&filter->lock);
  filter->dead = TRUE;
  g_mutex_unlock (&filter->lock);

  if (filter->timer_fd < 0)
    {
      filter_destroy (filter);
      return;
    }
  /* Its timer may have fired in the batch the I/O thread is running. */
  wl_io_remove (io, filter->timer_fd);
  if (wl_io_is_current (io))
    filter_destroy (filter);
  else
    wl_io_defer (io, filter_destroy, filter);
}

gboolean
wl_nio_has_filters (wl_nio_t *nio,
                    WlNioDir  dir)
{
  return __atomic_load_n (&nio->filters[dir], __ATOMIC_RELAXED) != NULL ||
         __atomic_load_n (&nio->filters[WL_NIO_DIR_BOTH], __ATOMIC_RELAXED) != NULL;
}

WlFilterVerdict
wl_nio_filters_run (wl_nio_t *nio,
                    WlNioDir  dir,
                    guint     stage,
                    guint8   *frame,
                    gsize    *len)
{
  const WlNioDir slots[] = { dir, WL_NIO_DIR_BOTH };

  for (guint i = stage; i < G_N_ELEMENTS (slots); i++)
    {
      WlNioFilter *filter = nio->filters[slots[i]];
      WlFilterVerdict verdict;

      if (filter == NULL)
        continue;
      g_mutex_lock (&filter->lock);
      verdict = filter->klass->process (filter, dir, frame, len);
      g_mutex_unlock (&filter->lock);
      if (verdict != WL_FILTER_PASS)
        return verdict;
    }
  return WL_FILTER_PASS;
}

gboolean
wl_nio_bind_filter (wl_nio_t   *nio,
                    WlNioDir    dir,
                    const char *name)
{
  const WlNioFilterClass *klass = NULL;
  WlNioFilter *filter, *old;

  g_return_val_if_fail (dir < WL_NIO_N_DIRS, FALSE);

  for (guint i = 0; i < G_N_ELEMENTS (filter_classes) && klass == NULL; i++)
    if (g_ascii_strcasecmp (filter_classes[i]->name, name) == 0)
      klass = filter_classes[i];
  if (klass == NULL)
    return FALSE;

  filter = filter_new (klass, nio, dir);
  wl_nio_lock_all (nio);
  old = nio->filters[dir];
  __atomic_store_n (&nio->filters[dir], filter, __ATOMIC_RELEASE);
  wl_nio_unlock_all (nio);
  if (old != NULL)
    wl_nio_filter_free (old);
  return TRUE;
}

gboolean
wl_nio_unbind_filter (wl_nio_t *nio,
                      WlNioDir  dir)
{
  WlNioFilter *old;

  g_return_val_if_fail (dir < WL_NIO_N_DIRS, FALSE);

  wl_nio_lock_all (nio);
  old = nio->filters[dir];
  __atomic_store_n (&nio->filters[dir], NULL, __ATOMIC_RELEASE);
  wl_nio_unlock_all (nio);
  if (old == NULL)
    return FALSE;
  wl_nio_filter_free (old);
  return TRUE;
}

gboolean
wl_nio_setup_filter (wl_nio_t           *nio,
                     WlNioDir            dir,
                     WirelabHypervisor  *hv,
                     guint               argc,
                     char              **argv)
{
  WlNioFilter *filter;
  gboolean ok;

  g_return_val_if_fail (dir < WL_NIO_N_DIRS, FALSE);

  /* Only the control thread binds and unbinds, so the filter stays. */
  filter = nio->filters[dir];
  if (filter == NULL || filter->klass->setup == NULL)
    return FALSE;

  g_mutex_lock (&filter->lock);
  ok = filter->klass->setup (filter, hv, argc, argv);
  if (ok)
    {
      g_strfreev (filter->setup_args);
      filter->setup_args = g_new0 (char *, argc + 1);
      for (guint i = 0; i < argc; i++)
        filter->setup_args[i] = g_strdup (argv[i]);
    }
  g_mutex_unlock (&filter->lock);
  return ok;
}

void
wl_nio_save_filters (wl_nio_t *nio,
                     GString  *out)
{
  for (guint dir = 0; dir < WL_NIO_N_DIRS; dir++)
    {
      WlNioFilter *filter = nio->filters[dir];
      char dir_text[4];

      if (filter == NULL)
        continue;
      g_snprintf (dir_text, sizeof dir_text, "%u", dir);
      wl_save_command (out, "nio", "bind_filter", nio->name, dir_text, filter->klass->name, NULL);
      if (filter->setup_args != NULL)
        {
          g_autoptr(GStrvBuilder) words = g_strv_builder_new ();
          g_auto(GStrv) line = NULL;

          g_strv_builder_add_many (words, "nio", "setup_filter", nio->name, dir_text, NULL);
          g_strv_builder_addv (words, (const char **) filter->setup_args);
          line = g_strv_builder_end (words);
          wl_save_words (out, (const char *const *) line);
        }
    }
}

/* Random numbers: splitmix64, small and reproducible from a seed. */

guint64
wl_filter_rng_next (guint64 *state)
{
  guint64 z = (*state += 0x9e3779b97f4a7c15ULL);

  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

double
wl_filter_rng_double (guint64 *state)
{
  return (wl_filter_rng_next (state) >> 11) * 0x1.0p-53;
}

gboolean
wl_filter_parse_seed (guint    argc,
                      char   **argv,
                      guint    index,
                      guint64 *state)
{
  if (index >= argc)
    {
      *state = ((guint64) g_random_int () << 32) | g_random_int ();
      return TRUE;
    }
  return g_ascii_string_to_unsigned (argv[index], 10, 0, G_MAXUINT64, state, NULL);
}

gboolean
wl_filter_parse_percent (const char *text,
                         double     *fraction)
{
  char *end = NULL;
  double value = g_ascii_strtod (text, &end);

  if (end == text || *end != '\0' || !(value >= 0.0 && value <= 100.0))
    return FALSE;
  *fraction = value / 100.0;
  return TRUE;
}

/* freq_drop <n>: 0 passes all, -1 drops all, n > 0 drops every n-th. */

typedef struct
{
  WlNioFilter base;
  gint64      freq;
  gint64      count;
} FreqDrop;

static gboolean
freq_drop_setup (WlNioFilter        *filter,
                 WirelabHypervisor  *hv,
                 guint               argc,
                 char              **argv)
{
  FreqDrop *fd = (FreqDrop *) filter;
  gint64 value;

  if (argc != 1 || !g_ascii_string_to_signed (argv[0], 10, -1, G_MAXINT32, &value, NULL))
    return FALSE;
  fd->freq = value;
  fd->count = 0;
  return TRUE;
}

static WlFilterVerdict
freq_drop_process (WlNioFilter *filter,
                   WlNioDir     dir,
                   guint8      *frame,
                   gsize       *len)
{
  FreqDrop *fd = (FreqDrop *) filter;

  if (fd->freq == 0)
    return WL_FILTER_PASS;
  if (fd->freq < 0)
    return WL_FILTER_DROP;
  if (++fd->count >= fd->freq)
    {
      fd->count = 0;
      return WL_FILTER_DROP;
    }
  return WL_FILTER_PASS;
}

const WlNioFilterClass wl_filter_freq_drop = {
  .name = "freq_drop",
  .size = sizeof (FreqDrop),
  .setup = freq_drop_setup,
  .process = freq_drop_process,
};

/* loss <percent> [seed] and corrupt <percent> [seed] */

typedef struct
{
  WlNioFilter base;
  double      probability;
  guint64     rng;
} Chance;

static gboolean
chance_setup (WlNioFilter        *filter,
              WirelabHypervisor  *hv,
              guint               argc,
              char              **argv)
{
  Chance *c = (Chance *) filter;
  double p;
  guint64 rng;

  if (argc < 1 || argc > 2 || !wl_filter_parse_percent (argv[0], &p) ||
      !wl_filter_parse_seed (argc, argv, 1, &rng))
    return FALSE;
  c->probability = p;
  c->rng = rng;
  return TRUE;
}

static WlFilterVerdict
loss_process (WlNioFilter *filter,
              WlNioDir     dir,
              guint8      *frame,
              gsize       *len)
{
  Chance *c = (Chance *) filter;

  if (c->probability > 0.0 && wl_filter_rng_double (&c->rng) < c->probability)
    return WL_FILTER_DROP;
  return WL_FILTER_PASS;
}

const WlNioFilterClass wl_filter_loss = {
  .name = "loss",
  .size = sizeof (Chance),
  .setup = chance_setup,
  .process = loss_process,
};

/* Flips one random bit, as netem's corrupt does. */
static WlFilterVerdict
corrupt_process (WlNioFilter *filter,
                 WlNioDir     dir,
                 guint8      *frame,
                 gsize       *len)
{
  Chance *c = (Chance *) filter;

  if (*len > 0 && c->probability > 0.0 && wl_filter_rng_double (&c->rng) < c->probability)
    {
      guint64 r = wl_filter_rng_next (&c->rng);

      frame[(r >> 3) % *len] ^= 1u << (r & 7);
    }
  return WL_FILTER_PASS;
}

const WlNioFilterClass wl_filter_corrupt = {
  .name = "corrupt",
  .size = sizeof (Chance),
  .setup = chance_setup,
  .process = corrupt_process,
};
