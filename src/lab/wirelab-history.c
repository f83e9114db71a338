/* wirelab-history.c: undo/redo steps of a lab
 *
 * Copyright 2026 The Wirelab authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#define G_LOG_DOMAIN "wirelab-lab"

#include "config.h"

#include "wl-lab-private.h"

typedef enum
{
  CHANGE_PROPERTY,
  CHANGE_INSERT,
  CHANGE_REMOVE,
} ChangeKind;

typedef struct
{
  ChangeKind   kind;
  /* NULL for a setting of the lab itself: the lab owns the history, so a
   * reference to it would keep both alive forever. */
  GObject     *object;
  GParamSpec  *pspec;       /* CHANGE_PROPERTY */
  GValue       old_value;
  GValue       new_value;
  WlContainer  container;   /* CHANGE_INSERT / CHANGE_REMOVE */
  guint        position;
} Change;

typedef struct
{
  char       *label;
  GPtrArray  *changes;
  gboolean   is_move;
  gboolean   sealed;
  /* A move step that others merged into: its latest change of each
   * (node, x|y), and the nodes it moves, so that merging one more move
   * costs O(1) however many nodes the gesture covers. */
  GHashTable *latest;
  GHashTable *nodes;
  guint       labelled;    /* the node count in label, 0: not made here */
} Step;

struct _WirelabHistory
{
  GObject parent_instance;

  WirelabLab *lab;           /* weak pointer: the lab owns the history */
  GPtrArray  *steps;
  guint       index;         /* steps[0 .. index-1] are applied */
  int         clean_index;   /* -1: the saved state is unreachable */
  guint       group_depth;
  Step       *group;
  gboolean    replaying;
};

G_DEFINE_FINAL_TYPE (WirelabHistory, wirelab_history, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_CAN_UNDO,
  PROP_CAN_REDO,
  PROP_UNDO_LABEL,
  PROP_REDO_LABEL,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
change_free (gpointer data)
{
  Change *c = data;

  if (c == NULL)   /* moved to another step by a merge */
    return;
  g_clear_object (&c->object);
  if (G_IS_VALUE (&c->old_value))
    g_value_unset (&c->old_value);
  if (G_IS_VALUE (&c->new_value))
    g_value_unset (&c->new_value);
  g_free (c);
}

static Step *
step_new (const char *label)
{
  Step *s = g_new0 (Step, 1);

  s->label = g_strdup (label);
  s->changes = g_ptr_array_new_with_free_func (change_free);
  return s;
}

static void
step_free (gpointer data)
{
  Step *s = data;

  g_free (s->label);
  g_clear_pointer (&s->latest, g_hash_table_unref);
  g_clear_pointer (&s->nodes, g_hash_table_unref);
  g_ptr_array_unref (s->changes);
  g_free (s);
}

static void
wirelab_history_finalize (GObject *object)
{
  WirelabHistory *self = WIRELAB_HISTORY (object);

  if (self->lab != NULL)
    g_object_remove_weak_pointer (G_OBJECT (self->lab), (gpointer *) &self->lab);
  g_ptr_array_unref (self->steps);
  g_clear_pointer (&self->group, step_free);

  G_OBJECT_CLASS (wirelab_history_parent_class)->finalize (object);
}

static void
wirelab_history_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  WirelabHistory *self = WIRELAB_HISTORY (object);

  switch (prop_id)
    {
    case PROP_CAN_UNDO:
      g_value_set_boolean (value, wirelab_history_can_undo (self));
      break;
    case PROP_CAN_REDO:
      g_value_set_boolean (value, wirelab_history_can_redo (self));
      break;
    case PROP_UNDO_LABEL:
      g_value_set_string (value, wirelab_history_get_undo_label (self));
      break;
    case PROP_REDO_LABEL:
      g_value_set_string (value, wirelab_history_get_redo_label (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
wirelab_history_class_init (WirelabHistoryClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags flags = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->finalize = wirelab_history_finalize;
  object_class->get_property = wirelab_history_get_property;

  properties[PROP_CAN_UNDO] = g_param_spec_boolean ("can-undo", NULL, NULL, FALSE, flags);
  properties[PROP_CAN_REDO] = g_param_spec_boolean ("can-redo", NULL, NULL, FALSE, flags);
  properties[PROP_UNDO_LABEL] = g_param_spec_string ("undo-label", NULL, NULL, NULL, flags);
  properties[PROP_REDO_LABEL] = g_param_spec_string ("redo-label", NULL, NULL, NULL, flags);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
wirelab_history_init (WirelabHistory *self)
{
  self->steps = g_ptr_array_new_with_free_func (step_free);
}

WirelabHistory *
_wirelab_history_new (WirelabLab *lab)
{
  WirelabHistory *self = g_object_new (WIRELAB_TYPE_HISTORY, NULL);

  self->lab = lab;
  g_object_add_weak_pointer (G_OBJECT (lab), (gpointer *) &self->lab);
  return self;
}

void
_wirelab_history_detach (WirelabHistory *self)
{
  if (self->lab != NULL)
    g_object_remove_weak_pointer (G_OBJECT (self->lab), (gpointer *) &self->lab);
  self->lab = NULL;
  /* The steps can never be applied again: let their objects go now, even
   * while someone still holds the history. */
  g_ptr_array_set_size (self->steps, 0);
  g_clear_pointer (&self->group, step_free);
  self->group_depth = 0;
  self->index = 0;
  self->clean_index = 0;
}

static void
notify_all (WirelabHistory *self)
{
  g_object_freeze_notify (G_OBJECT (self));
  for (guint i = 1; i < N_PROPS; i++)
    g_object_notify_by_pspec (G_OBJECT (self), properties[i]);
  g_object_thaw_notify (G_OBJECT (self));
  if (self->lab != NULL)
    _wirelab_lab_history_changed (self->lab);
}

gboolean
wirelab_history_can_undo (WirelabHistory *self)
{
  g_return_val_if_fail (WIRELAB_IS_HISTORY (self), FALSE);
  return self->index > 0;
}

gboolean
wirelab_history_can_redo (WirelabHistory *self)
{
  g_return_val_if_fail (WIRELAB_IS_HISTORY (self), FALSE);
  return self->index < self->steps->len;
}

const char *
wirelab_history_get_undo_label (WirelabHistory *self)
{
  g_return_val_if_fail (WIRELAB_IS_HISTORY (self), NULL);

  if (self->index == 0)
    return NULL;
  return ((Step *) g_ptr_array_index (self->steps, self->index - 1))->label;
}

const char *
wirelab_history_get_redo_label (WirelabHistory *self)
{
  g_return_val_if_fail (WIRELAB_IS_HISTORY (self), NULL);

  if (self->index >= self->steps->len)
    return NULL;
  return ((Step *) g_ptr_array_index (self->steps, self->index))->label;
}

guint
wirelab_history_get_undo_depth (WirelabHistory *self)
{
  g_return_val_if_fail (WIRELAB_IS_HISTORY (self), 0);
  return self->index;
}

static void
apply_change (WirelabHistory *self,
              Change         *c,
              gboolean        forward)
{
  ChangeKind kind = c->kind;

  if (kind == CHANGE_PROPERTY)
    {
      GObject *target = c->object != NULL ? c->object : G_OBJECT (self->lab);

      g_object_set_property (target, c->pspec->name, forward ? &c->new_value : &c->old_value);
      return;
    }

  if (!forward)
    kind = kind == CHANGE_INSERT ? CHANGE_REMOVE : CHANGE_INSERT;

  if (kind == CHANGE_INSERT)
    _wirelab_lab_container_insert (self->lab, c->container, c->object, c->position);
  else
    _wirelab_lab_container_remove (self->lab, c->container, c->object);
}

gboolean
wirelab_history_undo (WirelabHistory *self)
{
  Step *step;

  g_return_val_if_fail (WIRELAB_IS_HISTORY (self), FALSE);
  g_return_val_if_fail (self->group_depth == 0, FALSE);

  if (self->index == 0 || self->lab == NULL)
    return FALSE;

  step = g_ptr_array_index (self->steps, self->index - 1);
  step->sealed = TRUE;
  self->replaying = TRUE;
  for (guint i = step->changes->len; i > 0; i--)
    apply_change (self, g_ptr_array_index (step->changes, i - 1), FALSE);
  self->replaying = FALSE;
  self->index--;

  notify_all (self);
  return TRUE;
}

gboolean
wirelab_history_redo (WirelabHistory *self)
{
  Step *step;

  g_return_val_if_fail (WIRELAB_IS_HISTORY (self), FALSE);
  g_return_val_if_fail (self->group_depth == 0, FALSE);

  if (self->index >= self->steps->len || self->lab == NULL)
    return FALSE;

  step = g_ptr_array_index (self->steps, self->index);
  step->sealed = TRUE;
  self->replaying = TRUE;
  for (guint i = 0; i < step->changes->len; i++)
    apply_change (self, g_ptr_array_index (step->changes, i), TRUE);
  self->replaying = FALSE;
  self->index++;

  notify_all (self);
  return TRUE;
}

static guint
change_target_hash (gconstpointer data)
{
  const Change *c = data;

  return g_direct_hash (c->object) ^ (g_direct_hash (c->pspec) * 31);
}

static gboolean
change_target_equal (gconstpointer a,
                     gconstpointer b)
{
  const Change *x = a, *y = b;

  return x->object == y->object && x->pspec == y->pspec;
}

/* Adds c, already in step->changes, to the step's indexes.  The latest
 * change of a target wins: a merged move updates it, so undo (newest
 * first) and redo (oldest first) both end where they should. */
static void
step_index_change (Step   *step,
                   Change *c)
{
  g_hash_table_add (step->latest, c);
  g_hash_table_add (step->nodes, c->object);
}

static void
step_build_index (Step *step)
{
  if (step->latest != NULL)
    return;
  step->latest = g_hash_table_new (change_target_hash, change_target_equal);
  step->nodes = g_hash_table_new (NULL, NULL);
  for (guint i = 0; i < step->changes->len; i++)
    step_index_change (step, g_ptr_array_index (step->changes, i));
}

/* Folds a finished move step into the previous one when they belong to one
 * gesture; TRUE when merged (the new step is then freed). */
static gboolean
try_merge (WirelabHistory *self,
           Step           *step)
{
  Step *top;
  guint n_nodes;

  if (!step->is_move || self->index == 0 || self->index != self->steps->len)
    return FALSE;
  /* The saved state must stay reachable. */
  if (self->clean_index == (int) self->index)
    return FALSE;

  top = g_ptr_array_index (self->steps, self->index - 1);
  if (!top->is_move || top->sealed)
    return FALSE;

  step_build_index (top);
  for (guint i = 0; i < step->changes->len; i++)
    {
      Change *c = g_ptr_array_index (step->changes, i);
      Change *same = g_hash_table_lookup (top->latest, c);

      if (same != NULL)
        g_value_copy (&c->new_value, &same->new_value);
      else
        {
          /* Moved over to top. */
          g_ptr_array_index (step->changes, i) = NULL;
          g_ptr_array_add (top->changes, c);
          step_index_change (top, c);
        }
    }
  step_free (step);

  /* "Move R1" becomes "Move 2 nodes" once several nodes moved. */
  n_nodes = g_hash_table_size (top->nodes);
  if (n_nodes > 1 && n_nodes != top->labelled)
    {
      g_free (top->label);
      top->label = g_strdup_printf ("Move %u nodes", n_nodes);
      top->labelled = n_nodes;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_UNDO_LABEL]);
    }
  return TRUE;
}

static void
push_step (WirelabHistory *self,
           Step           *step)
{
  if (step->changes->len == 0)
    {
      step_free (step);
      return;
    }

  /* A merge changes nothing but, maybe, the undo label (try_merge says
   * so): no redo, no new step, the clean state is elsewhere. */
  if (try_merge (self, step))
    return;

  /* A new edit forgets what could be redone. */
  if (self->index < self->steps->len)
    {
      if (self->clean_index > (int) self->index)
        self->clean_index = -1;
      g_ptr_array_remove_range (self->steps, self->index, self->steps->len - self->index);
    }

  /* Any other edit ends a move gesture. */
  if (!step->is_move && self->index > 0)
    ((Step *) g_ptr_array_index (self->steps, self->index - 1))->sealed = TRUE;

  g_ptr_array_add (self->steps, step);
  self->index++;
  notify_all (self);
}

static void
record (WirelabHistory *self,
        Change         *change,
        const char     *label,
        gboolean        is_move)
{
  Step *step;

  if (self->group != NULL)
    {
      if (self->group->label == NULL)
        self->group->label = g_strdup (label);
      if (self->group->changes->len == 0)
        self->group->is_move = is_move;
      else
        self->group->is_move = self->group->is_move && is_move;
      g_ptr_array_add (self->group->changes, change);
      return;
    }

  step = step_new (label);
  step->is_move = is_move;
  g_ptr_array_add (step->changes, change);
  push_step (self, step);
}

void
_wirelab_history_record_property (WirelabHistory *self,
                                  GObject        *object,
                                  GParamSpec     *pspec,
                                  const GValue   *old_value,
                                  const GValue   *new_value,
                                  const char     *label,
                                  gboolean        is_move)
{
  Change *c = g_new0 (Change, 1);

  c->kind = CHANGE_PROPERTY;
  c->object = object != G_OBJECT (self->lab) ? g_object_ref (object) : NULL;
  c->pspec = pspec;
  g_value_init (&c->old_value, G_VALUE_TYPE (old_value));
  g_value_copy (old_value, &c->old_value);
  g_value_init (&c->new_value, G_VALUE_TYPE (new_value));
  g_value_copy (new_value, &c->new_value);
  record (self, c, label, is_move);
}

static void
record_container (WirelabHistory *self,
                  ChangeKind      kind,
                  WlContainer     container,
                  GObject        *object,
                  guint           position,
                  const char     *label)
{
  Change *c = g_new0 (Change, 1);

  c->kind = kind;
  c->object = g_object_ref (object);
  c->container = container;
  c->position = position;
  record (self, c, label, FALSE);
}

void
_wirelab_history_record_insert (WirelabHistory *self,
                                WlContainer     container,
                                GObject        *object,
                                guint           position,
                                const char     *label)
{
  record_container (self, CHANGE_INSERT, container, object, position, label);
}

void
_wirelab_history_record_remove (WirelabHistory *self,
                                WlContainer     container,
                                GObject        *object,
                                guint           position,
                                const char     *label)
{
  record_container (self, CHANGE_REMOVE, container, object, position, label);
}

gboolean
_wirelab_history_is_replaying (WirelabHistory *self)
{
  return self->replaying;
}

void
wirelab_history_begin_group (WirelabHistory *self,
                             const char     *label)
{
  g_return_if_fail (WIRELAB_IS_HISTORY (self));

  if (self->group_depth++ == 0)
    self->group = step_new (label);
}

void
wirelab_history_end_group (WirelabHistory *self)
{
  g_return_if_fail (WIRELAB_IS_HISTORY (self));
  g_return_if_fail (self->group_depth > 0);

  if (--self->group_depth == 0)
    {
      Step *step = g_steal_pointer (&self->group);

      if (step->label == NULL)
        step->label = g_strdup ("Edit");
      push_step (self, step);
    }
}

void
wirelab_history_seal (WirelabHistory *self)
{
  g_return_if_fail (WIRELAB_IS_HISTORY (self));

  if (self->index > 0)
    ((Step *) g_ptr_array_index (self->steps, self->index - 1))->sealed = TRUE;
}

void
wirelab_history_clear (WirelabHistory *self)
{
  g_return_if_fail (WIRELAB_IS_HISTORY (self));
  g_return_if_fail (self->group_depth == 0);

  g_ptr_array_set_size (self->steps, 0);
  self->clean_index = _wirelab_history_is_clean (self) ? 0 : -1;
  self->index = 0;
  notify_all (self);
}

void
_wirelab_history_mark_clean (WirelabHistory *self)
{
  self->clean_index = self->index;
}

gboolean
_wirelab_history_is_clean (WirelabHistory *self)
{
  return self->clean_index == (int) self->index;
}
