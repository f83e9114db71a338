/* nio-filter.h: packet filters bound to a NIO direction
 *
 * Copyright 2026 The Wirelab authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * Dynamips' freq_drop and capture, plus the link impairments GNS3 users ask
 * for: delay, loss, corrupt.  Each direction slot (0 RX, 1 TX, 2 both) holds
 * one filter; binding replaces, setup configures (spec section 7).
 */

#pragma once

#include "wirelab/wirelab-hypervisor.h"

#include "nio-private.h"

G_BEGIN_DECLS

typedef struct
{
  const char      *name;
  gsize            size;               /* of the filter's struct */
  void           (*init)    (WlNioFilter        *filter);
  /* argv: what follows the direction in `setup_filter`.  FALSE: 215. */
  gboolean       (*setup)   (WlNioFilter        *filter,
                             WirelabHypervisor  *hv,
                             guint               argc,
                             char              **argv);
  /* Called with the filter's lock held; may rewrite the frame in place. */
  WlFilterVerdict (*process) (WlNioFilter       *filter,
                              WlNioDir           dir,
                              guint8            *frame,
                              gsize             *len);
  void           (*destroy) (WlNioFilter        *filter);
} WlNioFilterClass;

struct _WlNioFilter
{
  WlIoSource              source;     /* a timer, for filters that hold frames */
  const WlNioFilterClass *klass;
  wl_nio_t               *nio;
  WlNioDir                slot;
  GMutex                  lock;
  gboolean                dead;       /* unbound: its timer does nothing */
  int                     timer_fd;   /* -1: none */
  char                  **setup_args; /* for save_config */
};

/* `dir` 0, 1 or 2.  FALSE: unknown filter name. */
gboolean  wl_nio_bind_filter   (wl_nio_t          *nio,
                                WlNioDir           dir,
                                const char        *name);
/* FALSE: nothing bound there. */
gboolean  wl_nio_unbind_filter (wl_nio_t          *nio,
                                WlNioDir           dir);
/* FALSE: nothing bound there, or the filter refused the arguments. */
gboolean  wl_nio_setup_filter  (wl_nio_t          *nio,
                                WlNioDir           dir,
                                WirelabHypervisor *hv,
                                guint              argc,
                                char             **argv);
void      wl_nio_save_filters  (wl_nio_t          *nio,
                                GString           *out);

/* Deterministic generator for the impairments (seedable for tests). */
guint64   wl_filter_rng_next   (guint64           *state);
double    wl_filter_rng_double (guint64           *state);
/* "[seed]" argument or a random seed. */
gboolean  wl_filter_parse_seed (guint              argc,
                                char             **argv,
                                guint              index,
                                guint64           *state);
gboolean  wl_filter_parse_percent (const char     *text,
                                   double         *fraction);

/* The filter classes (nio-filter.c, filter-capture.c, filter-delay.c). */
extern const WlNioFilterClass wl_filter_freq_drop;
extern const WlNioFilterClass wl_filter_loss;
extern const WlNioFilterClass wl_filter_corrupt;
extern const WlNioFilterClass wl_filter_capture;
extern const WlNioFilterClass wl_filter_delay;

G_END_DECLS
