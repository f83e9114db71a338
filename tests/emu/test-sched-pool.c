/* test-sched-pool.c: the VM scheduler's thread pool and timer heap
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include "config.h"

#include <glib.h>
#include <time.h>

#include "emu/wl-sched.h"

typedef struct
{
  gint     runs;
  gint     timers;
  gint     busy_slices;    /* slices left that return AGAIN */
  gint     stop;           /* set by kick */
  gboolean halt_next;
  gint     halted;
} Vm;

static wl_slice_result_t
vm_run (void *opaque)
{
  Vm *vm = opaque;

  g_atomic_int_inc (&vm->runs);
  if (vm->halt_next)
    return WL_SLICE_HALT;
  if (g_atomic_int_get (&vm->busy_slices) > 0)
    {
      /* burn a little CPU, as a slice of guest code would */
      volatile guint64 x G_GNUC_UNUSED = 0;

      for (guint i = 0; i < 200000 && !g_atomic_int_get (&vm->stop); i++)
        x += i;
      g_atomic_int_add (&vm->busy_slices, -1);
      return WL_SLICE_AGAIN;
    }
  return WL_SLICE_SLEEP;
}

static void
vm_kick (void *opaque)
{
  Vm *vm = opaque;

  g_atomic_int_set (&vm->stop, 1);
}

static void
vm_timer (void *opaque)
{
  Vm *vm = opaque;

  g_atomic_int_inc (&vm->timers);
}

static void
vm_halted (void *opaque)
{
  Vm *vm = opaque;

  g_atomic_int_inc (&vm->halted);
}

static const wl_sched_ops_t ops = { vm_run, vm_kick, vm_timer, vm_halted };

/* Polls a condition with a generous deadline (the machine may be loaded). */
#define WAIT_FOR(cond)                                                  \
  G_STMT_START {                                                        \
    gint64 end = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;         \
    while (!(cond) && g_get_monotonic_time () < end)                    \
      g_usleep (1000);                                                  \
    g_assert_true (cond);                                               \
  } G_STMT_END

static void
test_run_sleep_wake (void)
{
  wl_sched_t *s = wl_sched_new (2);
  Vm vm = { 0 };
  wl_sched_entry_t *e = wl_sched_add (s, &ops, &vm);

  /* Paused: nothing runs. */
  g_usleep (20000);
  g_assert_cmpint (g_atomic_int_get (&vm.runs), ==, 0);

  vm.busy_slices = 5;
  wl_sched_resume (e);
  WAIT_FOR (wl_sched_is_sleeping (e));
  g_assert_cmpint (g_atomic_int_get (&vm.runs), ==, 6);
  g_assert_cmpuint (wl_sched_cpu_ns (e), >, 0);

  /* Asleep it stays asleep, until an event. */
  g_usleep (50000);
  g_assert_cmpint (g_atomic_int_get (&vm.runs), ==, 6);
  wl_sched_wake (e);
  WAIT_FOR (g_atomic_int_get (&vm.runs) == 7 && wl_sched_is_sleeping (e));

  /* Timer: fires once, then the VM runs. */
  wl_sched_set_timer (e, wl_sched_now_ns () + 20 * 1000000ull);
  WAIT_FOR (g_atomic_int_get (&vm.timers) == 1 && g_atomic_int_get (&vm.runs) == 8);
  g_usleep (50000);
  g_assert_cmpint (g_atomic_int_get (&vm.timers), ==, 1);

  /* A cancelled timer never fires. */
  wl_sched_set_timer (e, wl_sched_now_ns () + 30 * 1000000ull);
  wl_sched_set_timer (e, 0);
  g_usleep (80000);
  g_assert_cmpint (g_atomic_int_get (&vm.timers), ==, 1);

  wl_sched_remove (e);
  wl_sched_free (s);
}

static void
test_pause_busy (void)
{
  wl_sched_t *s = wl_sched_new (1);
  Vm vm = { 0 };
  wl_sched_entry_t *e = wl_sched_add (s, &ops, &vm);
  gint runs;

  vm.busy_slices = G_MAXINT / 2;
  wl_sched_resume (e);
  WAIT_FOR (g_atomic_int_get (&vm.runs) > 3);
  wl_sched_pause (e);
  runs = g_atomic_int_get (&vm.runs);
  g_usleep (30000);
  g_assert_cmpint (g_atomic_int_get (&vm.runs), ==, runs);
  g_atomic_int_set (&vm.stop, 0);
  wl_sched_resume (e);
  WAIT_FOR (g_atomic_int_get (&vm.runs) > runs);
  /* Removing a running entry waits for its slice. */
  wl_sched_remove (e);
  runs = g_atomic_int_get (&vm.runs);
  g_usleep (20000);
  g_assert_cmpint (g_atomic_int_get (&vm.runs), ==, runs);
  wl_sched_free (s);
}

static void
test_halt (void)
{
  wl_sched_t *s = wl_sched_new (1);
  Vm vm = { .halt_next = TRUE };
  wl_sched_entry_t *e = wl_sched_add (s, &ops, &vm);

  wl_sched_resume (e);
  WAIT_FOR (g_atomic_int_get (&vm.halted) == 1);
  wl_sched_wake (e);
  g_usleep (20000);
  g_assert_cmpint (g_atomic_int_get (&vm.runs), ==, 1);
  wl_sched_remove (e);
  wl_sched_free (s);
}

static double
process_cpu_s (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_PROCESS_CPUTIME_ID, &ts);
  return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* Many sleeping VMs with timers far away cost (almost) nothing. */
static void
test_idle_cost (void)
{
  wl_sched_t *s = wl_sched_new (2);
  Vm vms[200] = { 0 };
  wl_sched_entry_t *e[200];
  double t0;

  for (guint i = 0; i < G_N_ELEMENTS (vms); i++)
    {
      e[i] = wl_sched_add (s, &ops, &vms[i]);
      wl_sched_set_timer (e[i], wl_sched_now_ns () + (guint64) (i + 1) * 3600 * G_GUINT64_CONSTANT (1000000000));
      wl_sched_resume (e[i]);
    }
  for (guint i = 0; i < G_N_ELEMENTS (vms); i++)
    WAIT_FOR (wl_sched_is_sleeping (e[i]));
  t0 = process_cpu_s ();
  g_usleep (500000);
  /* Loose bound: a polling design would burn the whole half second. */
  g_assert_cmpfloat (process_cpu_s () - t0, <, 0.1);
  for (guint i = 0; i < G_N_ELEMENTS (vms); i++)
    wl_sched_remove (e[i]);
  wl_sched_free (s);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/sched/run-sleep-wake", test_run_sleep_wake);
  g_test_add_func ("/sched/pause-busy", test_pause_busy);
  g_test_add_func ("/sched/halt", test_halt);
  g_test_add_func ("/sched/idle-cost", test_idle_cost);
  return g_test_run ();
}
