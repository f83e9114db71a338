/* test-canvas-rename.c: renaming nodes in place, and activating them
 *
 * Copyright 2026 The Wirelab authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#define G_LOG_DOMAIN "test-canvas"

#include "config.h"

#include "test-canvas-util.h"

static WirelabNode *
add (CanvasFixture   *f,
     WirelabNodeKind  kind,
     double           x,
     double           y)
{
  g_autoptr(GError) error = NULL;
  WirelabNode *node = wirelab_lab_create_node (f->lab, kind, NULL, x, y, &error);

  g_assert_no_error (error);
  return node;
}

static void
type_and_enter (CanvasFixture *f,
                const char    *text)
{
  GtkWidget *entry = _wirelab_canvas_get_rename_entry (f->canvas);

  gtk_editable_set_text (GTK_EDITABLE (entry), text);
  g_signal_emit_by_name (entry, "activate");
}

static void
test_rename_in_place (CanvasFixture *f,
                      gconstpointer  data)
{
  WirelabHistory *history = wirelab_lab_get_history (f->lab);
  WirelabNode *r1 = add (f, WIRELAB_NODE_KIND_ROUTER, 0, 0);
  GtkWidget *entry = _wirelab_canvas_get_rename_entry (f->canvas);
  graphene_rect_t bounds;
  double x, y;
  guint depth0;

  canvas_wait_frame (f->canvas);
  depth0 = wirelab_history_get_undo_depth (history);

  /* F2 (canvas.rename) on the one selected node. */
  wirelab_canvas_select_node (f->canvas, r1, FALSE);
  gtk_widget_activate_action (GTK_WIDGET (f->canvas), "canvas.rename", NULL);
  g_assert_true (gtk_widget_is_visible (entry));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (entry)), ==, "R1");
  /* The entry sits over the name, under the symbol. */
  canvas_wait_frame (f->canvas);
  canvas_node_point (f->canvas, r1, &x, &y);
  g_assert_true (gtk_widget_compute_bounds (entry, GTK_WIDGET (f->canvas), &bounds));
  g_assert_cmpfloat (bounds.origin.x, <, x);
  g_assert_cmpfloat (bounds.origin.x + bounds.size.width, >, x);
  g_assert_cmpfloat (bounds.origin.y, >, y);

  type_and_enter (f, "Core-1");
  g_assert_cmpstr (wirelab_node_get_name (r1), ==, "Core-1");
  g_assert_false (gtk_widget_is_visible (entry));
  g_assert_cmpuint (wirelab_history_get_undo_depth (history), ==, depth0 + 1);
  canvas_wait_frame (f->canvas);

  g_assert_true (wirelab_history_undo (history));
  g_assert_cmpstr (wirelab_node_get_name (r1), ==, "R1");
  g_assert_true (wirelab_history_redo (history));
  g_assert_cmpstr (wirelab_node_get_name (r1), ==, "Core-1");

  /* Unchanged text is no edit. */
  wirelab_canvas_start_rename (f->canvas, r1);
  type_and_enter (f, "Core-1");
  g_assert_cmpuint (wirelab_history_get_undo_depth (history), ==, depth0 + 1);
}

static void
test_rename_refused (CanvasFixture *f,
                     gconstpointer  data)
{
  WirelabHistory *history = wirelab_lab_get_history (f->lab);
  WirelabNode *r2;
  GtkWidget *entry = _wirelab_canvas_get_rename_entry (f->canvas);
  GtkWidget *error = _wirelab_canvas_get_rename_error (f->canvas);
  guint depth0;

  add (f, WIRELAB_NODE_KIND_ROUTER, -100, 0);
  r2 = add (f, WIRELAB_NODE_KIND_ROUTER, 100, 0);
  depth0 = wirelab_history_get_undo_depth (history);

  /* A name in use: the lab says why, the entry stays. */
  wirelab_canvas_start_rename (f->canvas, r2);
  type_and_enter (f, "R1");
  g_assert_cmpstr (wirelab_node_get_name (r2), ==, "R2");
  g_assert_true (gtk_widget_is_visible (entry));
  g_assert_true (gtk_widget_is_visible (error));
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (error)), !=, "");
  g_assert_true (gtk_widget_has_css_class (entry, "error"));
  canvas_wait_frame (f->canvas);

  /* Typing again clears the error; a quote is refused too. */
  type_and_enter (f, "bad\"name");
  g_assert_true (gtk_widget_is_visible (error));
  g_assert_cmpstr (wirelab_node_get_name (r2), ==, "R2");

  /* Escape gives up. */
  gtk_widget_activate_action (GTK_WIDGET (f->canvas), "canvas.cancel", NULL);
  g_assert_false (gtk_widget_is_visible (entry));
  g_assert_cmpstr (wirelab_node_get_name (r2), ==, "R2");
  g_assert_cmpuint (wirelab_history_get_undo_depth (history), ==, depth0);
}

static gboolean
window_active (gpointer data)
{
  return gtk_window_is_active (data);
}

static gboolean
window_inactive (gpointer data)
{
  return !gtk_window_is_active (data);
}

/* Another window takes the keyboard (the user looks something up, or
 * another program's window opens): the rename stays open, a refused name
 * and its reason with it; back in the window, Enter renames. */
static void
test_rename_other_window (CanvasFixture *f,
                          gconstpointer  data)
{
  GtkWidget *entry = _wirelab_canvas_get_rename_entry (f->canvas);
  GtkWidget *error = _wirelab_canvas_get_rename_error (f->canvas);
  GtkWindow *other;
  WirelabNode *r2;

  add (f, WIRELAB_NODE_KIND_ROUTER, -100, 0);
  r2 = add (f, WIRELAB_NODE_KIND_ROUTER, 100, 0);
  gtk_window_present (f->window);
  if (!canvas_wait_until (window_active, f->window, 20000))
    {
      g_test_skip ("the display never gives the test window the keyboard");
      return;
    }
  wirelab_canvas_start_rename (f->canvas, r2);
  type_and_enter (f, "R1");
  g_assert_true (gtk_widget_is_visible (error));

  other = GTK_WINDOW (gtk_window_new ());
  gtk_window_present (other);
  if (!canvas_wait_until (window_inactive, f->window, 20000))
    {
      gtk_window_destroy (other);
      g_test_skip ("another window never took the keyboard");
      return;
    }
  g_assert_true (gtk_widget_is_visible (entry));
  g_assert_true (gtk_widget_is_visible (error));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (entry)), ==, "R1");
  g_assert_cmpstr (wirelab_node_get_name (r2), ==, "R2");

  gtk_window_destroy (other);
  gtk_window_present (f->window);
  type_and_enter (f, "Edge");
  g_assert_cmpstr (wirelab_node_get_name (r2), ==, "Edge");
  g_assert_false (gtk_widget_is_visible (entry));
}

static void
on_activated (WirelabCanvas  *canvas,
              WirelabNode    *node,
              WirelabNode   **out)
{
  *out = node;
}

static void
test_double_click (CanvasFixture *f,
                   gconstpointer  data)
{
  WirelabNode *pc = add (f, WIRELAB_NODE_KIND_VPCS, 0, 0);
  WirelabNode *activated = NULL;
  GtkWidget *entry = _wirelab_canvas_get_rename_entry (f->canvas);
  double x, y, zoom;

  g_signal_connect (f->canvas, "node-activated", G_CALLBACK (on_activated), &activated);
  canvas_wait_frame (f->canvas);
  canvas_node_point (f->canvas, pc, &x, &y);
  zoom = wirelab_canvas_get_zoom (f->canvas);

  /* On the symbol: activated (the window opens its console). */
  g_signal_emit_by_name (f->canvas->click_gesture, "pressed", 2, x, y);
  g_assert_true (activated == pc);
  g_assert_false (gtk_widget_is_visible (entry));

  /* On the name under it: renamed in place. */
  activated = NULL;
  g_signal_emit_by_name (f->canvas->click_gesture, "pressed", 2, x,
                         y + (WL_CANVAS_SYMBOL / 2 + 12) * zoom);
  g_assert_null (activated);
  g_assert_true (gtk_widget_is_visible (entry));
  type_and_enter (f, "Laptop");
  g_assert_cmpstr (wirelab_node_get_name (pc), ==, "Laptop");
}

int
main (int   argc,
      char *argv[])
{
  if (canvas_test_init (&argc, &argv))
    return 0;

#define ADD(path, func) \
  g_test_add (path, CanvasFixture, NULL, canvas_fixture_setup, func, canvas_fixture_teardown)
  ADD ("/canvas/rename/in-place", test_rename_in_place);
  ADD ("/canvas/rename/refused", test_rename_refused);
  ADD ("/canvas/rename/other-window", test_rename_other_window);
  ADD ("/canvas/rename/double-click", test_double_click);
#undef ADD
  return g_test_run ();
}
