/* wl-sched.c: the thread pool that runs every VM in time slices
 *
 * Copyright 2026 The Wirelab authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#define G_LOG_DOMAIN "wirelab-emu"

#include "config.h"

#include <stdbool.h>
#include <stdlib.h>
#include <time.h>

#include "emu/wl-sched.h"

typedef enum
{
  ST_PAUSED,
  ST_QUEUED,
  ST_RUNNING,
  ST_SLEEPING,
  ST_HALTED,
} entry_state_t;

struct wl_sched_entry
{
  wl_sched_t    *sched;
  wl_sched_ops_t ops;
  void          *opaque;
  entry_state_t  state;
  bool           kicked;       /* an event came while running */
  bool           pause_req;
  bool           timer_busy;   /* the timer thread is calling ops.timer */
  GList          link;         /* in the run queue while ST_QUEUED */
  uint64_t       cpu_ns;
  uint64_t       deadline;     /* 0: no timer */
  int            heap_index;   /* -1: not in the heap */
};

struct wl_sched
{
  GMutex      lock;
  GCond       work_cond;
  GCond       done_cond;
  GCond       timer_cond;
  GQueue      runq;
  GPtrArray  *heap;
  GThread   **workers;
  guint       n_workers;
  GThread    *timer_thread;
  bool        quit;
};

uint64_t
wl_sched_now_ns (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_MONOTONIC, &ts);
  return (uint64_t) ts.tv_sec * 1000000000u + (uint64_t) ts.tv_nsec;
}

static uint64_t
thread_cpu_ns (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &ts);
  return (uint64_t) ts.tv_sec * 1000000000u + (uint64_t) ts.tv_nsec;
}

/* ---- deadline heap (lock held) ---- */

static wl_sched_entry_t *
heap_at (wl_sched_t *s,
         guint       i)
{
  return g_ptr_array_index (s->heap, i);
}

static void
heap_swap (wl_sched_t *s,
           guint       a,
           guint       b)
{
  wl_sched_entry_t *ea = heap_at (s, a);
  wl_sched_entry_t *eb = heap_at (s, b);

  s->heap->pdata[a] = eb;
  s->heap->pdata[b] = ea;
  eb->heap_index = a;
  ea->heap_index = b;
}

static void
heap_sift_up (wl_sched_t *s,
              guint       i)
{
  while (i > 0)
    {
      guint parent = (i - 1) / 2;

      if (heap_at (s, parent)->deadline <= heap_at (s, i)->deadline)
        break;
      heap_swap (s, i, parent);
      i = parent;
    }
}

static void
heap_sift_down (wl_sched_t *s,
                guint       i)
{
  for (;;)
    {
      guint l = 2 * i + 1, r = l + 1, m = i;

      if (l < s->heap->len && heap_at (s, l)->deadline < heap_at (s, m)->deadline)
        m = l;
      if (r < s->heap->len && heap_at (s, r)->deadline < heap_at (s, m)->deadline)
        m = r;
      if (m == i)
        return;
      heap_swap (s, i, m);
      i = m;
    }
}

static void
heap_remove (wl_sched_t       *s,
             wl_sched_entry_t *e)
{
  guint i = e->heap_index;
  guint last = s->heap->len - 1;

  if (e->heap_index < 0)
    return;
  if (i != last)
    heap_swap (s, i, last);
  g_ptr_array_remove_index (s->heap, last);
  e->heap_index = -1;
  if (i < s->heap->len)
    {
      heap_sift_up (s, i);
      heap_sift_down (s, i);
    }
}

/* ---- queue (lock held) ---- */

static void
enqueue_locked (wl_sched_t       *s,
                wl_sched_entry_t *e)
{
  e->state = ST_QUEUED;
  g_queue_push_tail_link (&s->runq, &e->link);
  g_cond_signal (&s->work_cond);
}

static void
wake_locked (wl_sched_t       *s,
             wl_sched_entry_t *e)
{
  e->kicked = true;
  if (e->state == ST_SLEEPING)
    enqueue_locked (s, e);
}

static gpointer
worker_main (gpointer data)
{
  wl_sched_t *s = data;

  g_mutex_lock (&s->lock);
  while (!s->quit)
    {
      GList *l = g_queue_pop_head_link (&s->runq);
      wl_sched_entry_t *e;
      wl_slice_result_t r;
      uint64_t t0;

      if (l == NULL)
        {
          g_cond_wait (&s->work_cond, &s->lock);
          continue;
        }
      e = l->data;
      e->state = ST_RUNNING;
      e->kicked = false;
      g_mutex_unlock (&s->lock);

      t0 = thread_cpu_ns ();
      r = e->ops.run (e->opaque);
      if (r == WL_SLICE_HALT && e->ops.halted != NULL)
        e->ops.halted (e->opaque);      /* still ST_RUNNING: remove waits for it */

      g_mutex_lock (&s->lock);
      e->cpu_ns += thread_cpu_ns () - t0;
      if (r == WL_SLICE_HALT)
        e->state = ST_HALTED;
      else if (e->pause_req)
        e->state = ST_PAUSED;
      else if (r == WL_SLICE_AGAIN || e->kicked)
        enqueue_locked (s, e);
      else
        e->state = ST_SLEEPING;
      g_cond_broadcast (&s->done_cond);
    }
  g_mutex_unlock (&s->lock);
  return NULL;
}

static gpointer
timer_main (gpointer data)
{
  wl_sched_t *s = data;

  g_mutex_lock (&s->lock);
  while (!s->quit)
    {
      wl_sched_entry_t *e;
      uint64_t now;

      if (s->heap->len == 0)
        {
          g_cond_wait (&s->timer_cond, &s->lock);
          continue;
        }
      e = heap_at (s, 0);
      now = wl_sched_now_ns ();
      if (e->deadline > now)
        {
          g_cond_wait_until (&s->timer_cond, &s->lock,
                             (gint64) (e->deadline / 1000) + 1);
          continue;
        }
      heap_remove (s, e);
      e->deadline = 0;
      e->timer_busy = true;
      g_mutex_unlock (&s->lock);

      if (e->ops.timer != NULL)
        e->ops.timer (e->opaque);

      g_mutex_lock (&s->lock);
      e->timer_busy = false;
      wake_locked (s, e);
      g_cond_broadcast (&s->done_cond);
    }
  g_mutex_unlock (&s->lock);
  return NULL;
}

wl_sched_t *
wl_sched_new (guint n_workers)
{
  wl_sched_t *s = g_new0 (wl_sched_t, 1);

  if (n_workers == 0)
    n_workers = MAX (1, g_get_num_processors ());
  g_mutex_init (&s->lock);
  g_cond_init (&s->work_cond);
  g_cond_init (&s->done_cond);
  g_cond_init (&s->timer_cond);
  g_queue_init (&s->runq);
  s->heap = g_ptr_array_new ();
  s->n_workers = n_workers;
  s->workers = g_new0 (GThread *, n_workers);
  for (guint i = 0; i < n_workers; i++)
    s->workers[i] = g_thread_new ("wl-vcpu", worker_main, s);
  s->timer_thread = g_thread_new ("wl-timer", timer_main, s);
  return s;
}

void
wl_sched_free (wl_sched_t *sched)
{
  if (sched == NULL)
    return;

  g_mutex_lock (&sched->lock);
  g_warn_if_fail (sched->runq.length == 0);
  sched->quit = true;
  g_cond_broadcast (&sched->work_cond);
  g_cond_broadcast (&sched->timer_cond);
  g_mutex_unlock (&sched->lock);
  for (guint i = 0; i < sched->n_workers; i++)
    g_thread_join (sched->workers[i]);
  g_thread_join (sched->timer_thread);
  g_free (sched->workers);
  g_ptr_array_unref (sched->heap);
  g_cond_clear (&sched->work_cond);
  g_cond_clear (&sched->done_cond);
  g_cond_clear (&sched->timer_cond);
  g_mutex_clear (&sched->lock);
  g_free (sched);
}

wl_sched_t *
wl_sched_get_default (void)
{
  static gsize once = 0;
  static wl_sched_t *sched;

  if (g_once_init_enter (&once))
    {
      const char *env = g_getenv ("WIRELAB_EMU_THREADS");
      guint n = env != NULL ? (guint) atoi (env) : 0;

      sched = wl_sched_new (n);
      g_once_init_leave (&once, 1);
    }
  return sched;
}

wl_sched_entry_t *
wl_sched_add (wl_sched_t           *sched,
              const wl_sched_ops_t *ops,
              void                 *opaque)
{
  wl_sched_entry_t *e;

  g_return_val_if_fail (sched != NULL && ops != NULL && ops->run != NULL, NULL);

  e = g_new0 (wl_sched_entry_t, 1);
  e->sched = sched;
  e->ops = *ops;
  e->opaque = opaque;
  e->state = ST_PAUSED;
  e->link.data = e;
  e->heap_index = -1;
  return e;
}

static void
pause_locked (wl_sched_t       *s,
              wl_sched_entry_t *e)
{
  e->pause_req = true;
  if (e->state == ST_QUEUED)
    {
      g_queue_unlink (&s->runq, &e->link);
      e->state = ST_PAUSED;
    }
  else if (e->state == ST_SLEEPING)
    e->state = ST_PAUSED;
  while (e->state == ST_RUNNING)
    {
      if (e->ops.kick != NULL)
        e->ops.kick (e->opaque);
      g_cond_wait (&s->done_cond, &s->lock);
    }
  e->pause_req = false;
}

void
wl_sched_pause (wl_sched_entry_t *entry)
{
  wl_sched_t *s;

  g_return_if_fail (entry != NULL);

  s = entry->sched;
  g_mutex_lock (&s->lock);
  pause_locked (s, entry);
  g_mutex_unlock (&s->lock);
}

void
wl_sched_resume (wl_sched_entry_t *entry)
{
  wl_sched_t *s;

  g_return_if_fail (entry != NULL);

  s = entry->sched;
  g_mutex_lock (&s->lock);
  if (entry->state == ST_PAUSED)
    enqueue_locked (s, entry);
  g_mutex_unlock (&s->lock);
}

void
wl_sched_remove (wl_sched_entry_t *entry)
{
  wl_sched_t *s;

  if (entry == NULL)
    return;

  s = entry->sched;
  g_mutex_lock (&s->lock);
  pause_locked (s, entry);
  entry->state = ST_HALTED;
  heap_remove (s, entry);
  while (entry->timer_busy)
    g_cond_wait (&s->done_cond, &s->lock);
  g_mutex_unlock (&s->lock);
  g_free (entry);
}

void
wl_sched_wake (wl_sched_entry_t *entry)
{
  wl_sched_t *s;

  g_return_if_fail (entry != NULL);

  s = entry->sched;
  g_mutex_lock (&s->lock);
  wake_locked (s, entry);
  g_mutex_unlock (&s->lock);
}

void
wl_sched_set_timer (wl_sched_entry_t *entry,
                    uint64_t          deadline_ns)
{
  wl_sched_t *s;

  g_return_if_fail (entry != NULL);

  s = entry->sched;
  g_mutex_lock (&s->lock);
  if (entry->state != ST_HALTED || deadline_ns == 0)
    {
      heap_remove (s, entry);
      entry->deadline = deadline_ns;
      if (deadline_ns != 0)
        {
          entry->heap_index = s->heap->len;
          g_ptr_array_add (s->heap, entry);
          heap_sift_up (s, entry->heap_index);
          if (entry->heap_index == 0)
            g_cond_signal (&s->timer_cond);
        }
    }
  g_mutex_unlock (&s->lock);
}

uint64_t
wl_sched_cpu_ns (wl_sched_entry_t *entry)
{
  uint64_t v;

  g_return_val_if_fail (entry != NULL, 0);

  g_mutex_lock (&entry->sched->lock);
  v = entry->cpu_ns;
  g_mutex_unlock (&entry->sched->lock);
  return v;
}

gboolean
wl_sched_is_sleeping (wl_sched_entry_t *entry)
{
  gboolean v;

  g_return_val_if_fail (entry != NULL, FALSE);

  g_mutex_lock (&entry->sched->lock);
  v = entry->state == ST_SLEEPING;
  g_mutex_unlock (&entry->sched->lock);
  return v;
}
