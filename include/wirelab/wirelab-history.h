/* wirelab-history.h: undo/redo of every edit of a lab
 *
 * Copyright 2026 The Wirelab authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * Owner: src/lab/.
 *
 * A WirelabLab records every edit on its own: adding or removing a
 * hypervisor, image, node or link through the lab's functions, and any change
 * of a saved property of an object in the lab (also through
 * g_object_set(), so property bindings are undoable too).  Runtime
 * properties and what a session writes back (placement, console port, MAC)
 * are not recorded; they only mark the lab dirty.
 *
 * Each step has a label ("Add R1", "Delete SW1", "Move R1", "Rename R2",
 * "Change RAM of R1" …).  Consecutive moves (of any nodes) merge into one
 * step until wirelab_history_seal() (call it when a drag or a series of
 * arrow-key nudges ends), another kind of edit, an undo/redo, or a save.  Edits between begin_group() and
 * end_group() form one step (nested groups join the outer one).
 *
 * Properties (read-only, notified): can-undo, can-redo, undo-label,
 * redo-label, so Undo/Redo actions and menu labels can bind to them.
 */

#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define WIRELAB_TYPE_HISTORY (wirelab_history_get_type ())

G_DECLARE_FINAL_TYPE (WirelabHistory, wirelab_history, WIRELAB, HISTORY, GObject)

gboolean    wirelab_history_can_undo       (WirelabHistory *self);
gboolean    wirelab_history_can_redo       (WirelabHistory *self);
/* Label of the step undo/redo would revert/replay, NULL when none. */
const char *wirelab_history_get_undo_label (WirelabHistory *self);
const char *wirelab_history_get_redo_label (WirelabHistory *self);
/* FALSE when there was nothing to undo/redo. */
gboolean    wirelab_history_undo           (WirelabHistory *self);
gboolean    wirelab_history_redo           (WirelabHistory *self);

/* One step out of several edits; label NULL = the first edit's label. */
void        wirelab_history_begin_group    (WirelabHistory *self,
                                            const char     *label);
void        wirelab_history_end_group      (WirelabHistory *self);
/* The next move starts a new step. */
void        wirelab_history_seal           (WirelabHistory *self);
/* Forgets every step (the lab stays as it is). */
void        wirelab_history_clear          (WirelabHistory *self);
/* Number of steps that undo can revert. */
guint       wirelab_history_get_undo_depth (WirelabHistory *self);

G_END_DECLS
