/* wl-txn.c: hypervisor command sequences with rollback
 *
 * Copyright 2026 The Wirelab authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * Creating a router or a link takes a dozen commands on one or two
 * hypervisors; when one fails, the ones that succeeded are undone in reverse
 * so no hypervisor keeps half a node.  Steps run one at a time: each command
 * waits for the previous reply, which is what lets a failure stop the rest.
 */

#define G_LOG_DOMAIN "wirelab-lab"

#include "config.h"

#include "wl-txn.h"

typedef enum
{
  STEP_CALL,
  STEP_FUNC,
  STEP_UNDO_FUNC,   /* only registers an undo action */
} StepKind;

typedef struct
{
  StepKind        kind;
  WirelabClient  *client;
  GStrv           words;
  GStrv           undo;
  WlTxnReplyFunc  on_reply;
  WlTxnErrorFunc  on_error;
  WlTxnFunc       func;
  gpointer        data;
} Step;

typedef struct
{
  WirelabClient *client;   /* NULL: a local action */
  GStrv          words;
  WlTxnFunc      func;
  gpointer       data;
} Undo;

struct _WlTxn
{
  GQueue        steps;
  GList        *insert_after;   /* where steps added by callbacks go */
  GPtrArray    *undo;           /* Undo*, in the order done */
  GPtrArray    *commit;         /* Undo* reused: func + data */
  GPtrArray    *cleanups;       /* freed with the transaction */
  GCancellable *cancellable;
  GTask        *task;
  GError       *error;          /* the failure being rolled back */
};

typedef struct
{
  GDestroyNotify destroy;
  gpointer       data;
} Cleanup;

static void
cleanup_run (gpointer p)
{
  Cleanup *c = p;

  c->destroy (c->data);
  g_free (c);
}

static void
step_free (gpointer data)
{
  Step *s = data;

  g_clear_object (&s->client);
  g_strfreev (s->words);
  g_strfreev (s->undo);
  g_free (s);
}

static void
undo_free (gpointer data)
{
  Undo *u = data;

  g_clear_object (&u->client);
  g_strfreev (u->words);
  g_free (u);
}

static void
txn_free (WlTxn *txn)
{
  g_queue_clear_full (&txn->steps, step_free);
  g_ptr_array_unref (txn->undo);
  g_ptr_array_unref (txn->commit);
  g_ptr_array_unref (txn->cleanups);
  g_clear_object (&txn->cancellable);
  g_clear_error (&txn->error);
  g_free (txn);
}

WlTxn *
wl_txn_new (GCancellable *cancellable)
{
  WlTxn *txn = g_new0 (WlTxn, 1);

  g_queue_init (&txn->steps);
  txn->undo = g_ptr_array_new_with_free_func (undo_free);
  txn->commit = g_ptr_array_new_with_free_func (undo_free);
  txn->cleanups = g_ptr_array_new_with_free_func (cleanup_run);
  if (cancellable != NULL)
    txn->cancellable = g_object_ref (cancellable);
  return txn;
}

static void
add_step (WlTxn *txn,
          Step  *step)
{
  if (txn->insert_after != NULL)
    {
      g_queue_insert_after (&txn->steps, txn->insert_after, step);
      txn->insert_after = txn->insert_after->next;
    }
  else if (txn->task != NULL)
    {
      /* Added from a callback while nothing precedes: runs next. */
      g_queue_push_head (&txn->steps, step);
      txn->insert_after = txn->steps.head;
    }
  else
    g_queue_push_tail (&txn->steps, step);
}

void
wl_txn_call (WlTxn             *txn,
             WirelabClient     *client,
             const char *const *words,
             const char *const *undo,
             WlTxnReplyFunc     on_reply,
             WlTxnErrorFunc     on_error,
             gpointer           data)
{
  Step *s = g_new0 (Step, 1);

  g_return_if_fail (WIRELAB_IS_CLIENT (client));
  g_return_if_fail (words != NULL);

  s->kind = STEP_CALL;
  s->client = g_object_ref (client);
  s->words = g_strdupv ((char **) words);
  s->undo = undo != NULL ? g_strdupv ((char **) undo) : NULL;
  s->on_reply = on_reply;
  s->on_error = on_error;
  s->data = data;
  add_step (txn, s);
}

void
wl_txn_step (WlTxn     *txn,
             WlTxnFunc  func,
             gpointer   data)
{
  Step *s = g_new0 (Step, 1);

  s->kind = STEP_FUNC;
  s->func = func;
  s->data = data;
  add_step (txn, s);
}

void
wl_txn_undo_func (WlTxn     *txn,
                  WlTxnFunc  func,
                  gpointer   data)
{
  Step *s = g_new0 (Step, 1);

  s->kind = STEP_UNDO_FUNC;
  s->func = func;
  s->data = data;
  add_step (txn, s);
}

void
wl_txn_add_cleanup (WlTxn          *txn,
                    GDestroyNotify  destroy,
                    gpointer        data)
{
  Cleanup *c = g_new0 (Cleanup, 1);

  c->destroy = destroy;
  c->data = data;
  g_ptr_array_add (txn->cleanups, c);
}

void
wl_txn_on_commit (WlTxn     *txn,
                  WlTxnFunc  func,
                  gpointer   data)
{
  Undo *u = g_new0 (Undo, 1);

  u->func = func;
  u->data = data;
  g_ptr_array_add (txn->commit, u);
}

static void run_next (WlTxn *txn);
static void rollback_next (WlTxn *txn);

static void
finish (WlTxn *txn)
{
  GTask *task = g_steal_pointer (&txn->task);

  if (txn->error != NULL)
    g_task_return_error (task, g_steal_pointer (&txn->error));
  else
    {
      for (guint i = 0; i < txn->commit->len; i++)
        {
          Undo *u = g_ptr_array_index (txn->commit, i);

          u->func (txn, u->data, NULL);
        }
      g_task_return_boolean (task, TRUE);
    }
  txn_free (txn);
  g_object_unref (task);
}

static void
on_undo_reply (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  WlTxn *txn = user_data;
  g_autoptr(WirelabReply) reply = NULL;
  g_autoptr(GError) error = NULL;

  reply = wirelab_client_call_finish (WIRELAB_CLIENT (source), result, &error);
  if (reply == NULL)
    g_debug ("rollback: %s", error->message);
  rollback_next (txn);
}

static void
rollback_next (WlTxn *txn)
{
  g_autoptr(GError) error = NULL;
  Undo *u;

  if (txn->undo->len == 0)
    {
      finish (txn);
      return;
    }
  u = g_ptr_array_steal_index (txn->undo, txn->undo->len - 1);
  if (u->client != NULL)
    {
      /* Not cancellable: undoing must happen even when the caller gave up. */
      wirelab_client_call_async (u->client, (const char *const *) u->words, NULL,
                                 on_undo_reply, txn);
      undo_free (u);
      return;
    }
  if (!u->func (txn, u->data, &error))
    g_debug ("rollback: %s", error->message);
  undo_free (u);
  rollback_next (txn);
}

static void
fail (WlTxn  *txn,
      GError *error)
{
  g_clear_error (&txn->error);
  txn->error = error;
  rollback_next (txn);
}

static void
on_call_reply (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  WlTxn *txn = user_data;
  Step *s = g_queue_pop_head (&txn->steps);
  g_autoptr(WirelabReply) reply = NULL;
  g_autoptr(GError) error = NULL;

  reply = wirelab_client_call_finish (WIRELAB_CLIENT (source), result, &error);
  txn->insert_after = NULL;
  if (reply == NULL)
    {
      gboolean handled = s->on_error != NULL && s->on_error (txn, error, s->data);

      step_free (s);
      txn->insert_after = NULL;
      if (!handled)
        {
          fail (txn, g_steal_pointer (&error));
          return;
        }
      run_next (txn);
      return;
    }

  if (s->undo != NULL)
    {
      Undo *u = g_new0 (Undo, 1);

      u->client = g_object_ref (s->client);
      u->words = g_steal_pointer (&s->undo);
      g_ptr_array_add (txn->undo, u);
    }
  if (s->on_reply != NULL && !s->on_reply (txn, reply, s->data, &error))
    {
      step_free (s);
      txn->insert_after = NULL;
      fail (txn, g_steal_pointer (&error));
      return;
    }
  step_free (s);
  txn->insert_after = NULL;
  run_next (txn);
}

static void
run_next (WlTxn *txn)
{
  Step *s;

  while ((s = g_queue_peek_head (&txn->steps)) != NULL)
    {
      g_autoptr(GError) error = NULL;

      if (g_cancellable_set_error_if_cancelled (txn->cancellable, &error))
        {
          fail (txn, g_steal_pointer (&error));
          return;
        }

      if (s->kind == STEP_CALL)
        {
          wirelab_client_call_async (s->client, (const char *const *) s->words, txn->cancellable,
                                     on_call_reply, txn);
          return;
        }

      g_queue_pop_head (&txn->steps);
      if (s->kind == STEP_UNDO_FUNC)
        {
          Undo *u = g_new0 (Undo, 1);

          u->func = s->func;
          u->data = s->data;
          g_ptr_array_add (txn->undo, u);
          step_free (s);
          continue;
        }

      /* Steps a local step adds run right after it. */
      g_queue_push_head (&txn->steps, s);
      txn->insert_after = txn->steps.head;
      if (!s->func (txn, s->data, &error))
        {
          g_queue_remove (&txn->steps, s);
          step_free (s);
          txn->insert_after = NULL;
          fail (txn, g_steal_pointer (&error));
          return;
        }
      g_queue_remove (&txn->steps, s);
      step_free (s);
      txn->insert_after = NULL;
    }

  finish (txn);
}

void
wl_txn_run_async (WlTxn               *txn,
                  GAsyncReadyCallback  callback,
                  gpointer             user_data)
{
  txn->task = g_task_new (NULL, txn->cancellable, callback, user_data);
  g_task_set_source_tag (txn->task, wl_txn_run_async);
  run_next (txn);
}

gboolean
wl_txn_run_finish (GAsyncResult  *result,
                   GError       **error)
{
  return g_task_propagate_boolean (G_TASK (result), error);
}
