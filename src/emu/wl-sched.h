/* wl-sched.h: the thread pool that runs every VM in time slices
 *
 * Copyright 2026 The Wirelab authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * Workers (default: one per core) take runnable VMs from one queue and run a
 * slice each.  A VM that waits (WAIT, an idle loop) sleeps off the queue and
 * costs nothing until wl_sched_wake() or its timer.  One timer thread keeps a
 * deadline heap (clock: CLOCK_MONOTONIC in ns, as wl_sched_now_ns).
 */

#pragma once

#include <glib.h>
#include <stdint.h>

G_BEGIN_DECLS

typedef struct wl_sched wl_sched_t;
typedef struct wl_sched_entry wl_sched_entry_t;

typedef enum
{
  WL_SLICE_AGAIN,   /* still runnable: back into the queue */
  WL_SLICE_SLEEP,   /* waiting for an interrupt: sleep until woken */
  WL_SLICE_HALT,    /* stopped by itself (power off, fault): never again */
} wl_slice_result_t;

typedef struct
{
  /* Runs one slice on a worker thread. */
  wl_slice_result_t (*run)     (void *opaque);
  /* Make a running slice return soon (any thread). */
  void              (*kick)    (void *opaque);
  /* The timer armed with wl_sched_set_timer expired (timer thread). */
  void              (*timer)   (void *opaque);
  /* The VM halted by itself (worker thread, after the slice). */
  void              (*halted)  (void *opaque);
} wl_sched_ops_t;

uint64_t          wl_sched_now_ns        (void);

/* The process-wide pool, created on first use (WIRELAB_EMU_THREADS overrides
 * the worker count). */
wl_sched_t       *wl_sched_get_default   (void);
wl_sched_t       *wl_sched_new           (guint n_workers);
void              wl_sched_free          (wl_sched_t *sched);

/* A new entry starts paused. */
wl_sched_entry_t *wl_sched_add           (wl_sched_t           *sched,
                                          const wl_sched_ops_t *ops,
                                          void                 *opaque);
/* Stops the entry (waiting for a running slice to end) and frees it. */
void              wl_sched_remove        (wl_sched_entry_t *entry);
/* Pause waits until no slice of the entry runs; resume queues it. */
void              wl_sched_pause         (wl_sched_entry_t *entry);
void              wl_sched_resume        (wl_sched_entry_t *entry);
/* An event for the VM (interrupt, input, frame): any thread. */
void              wl_sched_wake          (wl_sched_entry_t *entry);
/* Arms (replaces) the entry's one timer; 0 cancels it.  Any thread. */
void              wl_sched_set_timer     (wl_sched_entry_t *entry,
                                          uint64_t          deadline_ns);
/* CPU time the entry's slices used (CLOCK_THREAD_CPUTIME_ID), in ns. */
uint64_t          wl_sched_cpu_ns        (wl_sched_entry_t *entry);
gboolean          wl_sched_is_sleeping   (wl_sched_entry_t *entry);

G_END_DECLS
