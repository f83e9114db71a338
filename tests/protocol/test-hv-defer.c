/* test-hv-defer.c: replies finished later, from another thread
 *
 * Copyright 2026 The Wirelab authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * What `vm stop` and `get_idle_pc_prop` rely on: a handler defers its reply
 * and a worker finishes it.  An in-process WirelabHypervisor serves a test
 * module over real TCP; the worker waits for the test's go, so the order of
 * events is fixed, not timed.
 */

#include "config.h"

#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "protocol/hv-module.h"

#include "hv-test-util.h"

typedef struct
{
  GMutex   lock;
  GCond    cond;
  gboolean go;
  guint    started;
  guint    finished;
} Gate;

static Gate gate;

typedef struct
{
  WlHvReply *reply;
  char      *text;
  gboolean   fail;
} Job;

static void
gate_reset (void)
{
  g_mutex_lock (&gate.lock);
  gate.go = FALSE;
  gate.started = 0;
  gate.finished = 0;
  g_mutex_unlock (&gate.lock);
}

static void
gate_open (void)
{
  g_mutex_lock (&gate.lock);
  gate.go = TRUE;
  g_cond_broadcast (&gate.cond);
  g_mutex_unlock (&gate.lock);
}

static void
wait_started (guint n)
{
  gint64 deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;

  g_mutex_lock (&gate.lock);
  while (gate.started < n)
    g_assert_true (g_cond_wait_until (&gate.cond, &gate.lock, deadline));
  g_mutex_unlock (&gate.lock);
}

static gpointer
worker (gpointer data)
{
  Job *job = data;

  g_mutex_lock (&gate.lock);
  gate.started++;
  g_cond_broadcast (&gate.cond);
  while (!gate.go)
    g_cond_wait (&gate.cond, &gate.lock);
  g_mutex_unlock (&gate.lock);

  wl_hv_reply_info (job->reply, "worked on %s", job->text);
  if (job->fail)
    wl_hv_reply_error (job->reply, WL_HV_ERR_STOP, "unable to finish '%s'", job->text);
  else
    wl_hv_reply_ok (job->reply, "done %s", job->text);
  g_free (job->text);
  g_free (job);

  g_mutex_lock (&gate.lock);
  gate.finished++;
  g_cond_broadcast (&gate.cond);
  g_mutex_unlock (&gate.lock);
  return NULL;
}

static void
defer_job (WlHvReply  *reply,
           const char *text,
           gboolean    fail)
{
  Job *job = g_new0 (Job, 1);

  job->reply = wl_hv_reply_defer (reply);
  job->text = g_strdup (text);
  job->fail = fail;
  g_thread_unref (g_thread_new ("test-worker", worker, job));
}

static void
cmd_later (WirelabHypervisor *hv,
           WlHvReply         *reply,
           guint              argc,
           char             **argv)
{
  defer_job (reply, argv[0], FALSE);
}

static void
cmd_fail_later (WirelabHypervisor *hv,
                WlHvReply         *reply,
                guint              argc,
                char             **argv)
{
  defer_job (reply, argv[0], TRUE);
}

static const WlHvCommand slow_commands[] = {
  { "later", 1, 1, cmd_later },
  { "fail_later", 1, 1, cmd_fail_later },
  { NULL }
};

static const WlHvModule slow_module = {
  .name = "slow",
  .commands = slow_commands,
};

typedef struct
{
  WirelabHypervisor *hv;
  guint16            port;
} Fixture;

static void
fixture_setup (Fixture       *fx,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  gate_reset ();
  fx->hv = wirelab_hypervisor_new ();
  wl_hv_register_module (fx->hv, &slow_module);
  g_assert_true (wirelab_hypervisor_listen (fx->hv, "127.0.0.1", 0, &fx->port, &error));
  g_assert_no_error (error);
}

static void
fixture_teardown (Fixture       *fx,
                  gconstpointer  data)
{
  gate_open ();
  g_clear_object (&fx->hv);
  /* Workers end before the next test (and before the leak check). */
  g_mutex_lock (&gate.lock);
  while (gate.finished < gate.started)
    g_cond_wait (&gate.cond, &gate.lock);
  g_mutex_unlock (&gate.lock);
}

static void
test_order (Fixture       *fx,
            gconstpointer  data)
{
  int a = hv_connect (fx->port);
  int b = hv_connect (fx->port);
  g_autofree char *r1 = NULL;
  g_autofree char *r2 = NULL;
  g_autofree char *r3 = NULL;

  /* A deferred command holds back what the same client pipelined behind it. */
  {
    const char *batch = "slow later job1\nhypervisor parser_test next\nslow fail_later job2\n";

    hv_send (a, batch, strlen (batch));
  }
  wait_started (1);

  /* Other clients are served meanwhile. */
  hv_assert_cmd (b, "hypervisor parser_test other", "101 arg 0 (len 5): \"other\"\r\n100-OK\r\n");
  {
    char c;

    /* and `a` got nothing yet */
    g_assert_cmpint (recv (a, &c, 1, MSG_PEEK | MSG_DONTWAIT), ==, -1);
  }

  gate_open ();
  r1 = hv_read_reply (a);
  r2 = hv_read_reply (a);
  r3 = hv_read_reply (a);
  g_assert_cmpstr (r1, ==, "101 worked on job1\r\n100-done job1\r\n");
  g_assert_cmpstr (r2, ==, "101 arg 0 (len 4): \"next\"\r\n100-OK\r\n");
  g_assert_cmpstr (r3, ==, "101 worked on job2\r\n210-unable to finish 'job2'\r\n");
  close (a);
  close (b);
}

static void
test_client_gone (Fixture       *fx,
                  gconstpointer  data)
{
  int a = hv_connect (fx->port);
  int b;

  /* The client leaves while its command is in progress: the late reply goes
   * nowhere, and nothing else is disturbed. */
  hv_send (a, "slow later gone\n", strlen ("slow later gone\n"));
  wait_started (1);
  close (a);
  g_usleep (50000);
  gate_open ();

  b = hv_connect (fx->port);
  hv_assert_cmd (b, "slow later back", "101 worked on back\r\n100-done back\r\n");
  close (b);
}

static void
on_stopped (WirelabHypervisor *hv,
            gboolean          *flag)
{
  *flag = TRUE;
}

static void
test_stop_while_pending (Fixture       *fx,
                         gconstpointer  data)
{
  int a = hv_connect (fx->port);
  int b = hv_connect (fx->port);
  gboolean stopped = FALSE;
  gint64 deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;

  g_signal_connect (fx->hv, "stopped", G_CALLBACK (on_stopped), &stopped);
  hv_send (a, "slow later pending\n", strlen ("slow later pending\n"));
  wait_started (1);
  hv_assert_cmd (b, "hypervisor stop", "100-OK\r\n");
  g_assert_true (hv_wait_eof (a, 10000));
  while (!stopped)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
  /* The job finishes after the stop: its reply is just dropped. */
  gate_open ();
  close (a);
  close (b);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_mutex_init (&gate.lock);
  g_cond_init (&gate.cond);

#define ADD(path, func) \
  g_test_add ("/protocol/defer/" path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("order", test_order);
  ADD ("client-gone", test_client_gone);
  ADD ("stop-while-pending", test_stop_while_pending);
#undef ADD

  return g_test_run ();
}
