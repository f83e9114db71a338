/* test-canvas.c: canvas edits through the real widget
 *
 * Copyright 2026 The Wirelab authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * A real window, canvas and lab.  Drops go through the canvas's
 * GtkDropTarget ("drop" with a GValue of WirelabPaletteItem), drags and
 * clicks through its GtkGestureDrag signals, commands through its canvas.*
 * actions; every edit is checked in the lab and through its undo history.
 */

#define G_LOG_DOMAIN "test-canvas"

#include "config.h"

#include <math.h>

#include "test-canvas-util.h"

static guint
n_nodes (CanvasFixture *f)
{
  return g_list_model_get_n_items (wirelab_lab_get_nodes (f->lab));
}

static guint
n_links (CanvasFixture *f)
{
  return g_list_model_get_n_items (wirelab_lab_get_links (f->lab));
}

static WirelabNode *
nth_node (CanvasFixture *f,
          guint          i)
{
  g_autoptr(WirelabNode) node = g_list_model_get_item (wirelab_lab_get_nodes (f->lab), i);

  return node;   /* the lab holds it */
}

static guint
depth (CanvasFixture *f)
{
  return wirelab_history_get_undo_depth (wirelab_lab_get_history (f->lab));
}

static gboolean
node_selected (CanvasFixture *f,
               WirelabNode   *node)
{
  g_autoptr(GPtrArray) selected = wirelab_canvas_get_selected_nodes (f->canvas);

  return g_ptr_array_find (selected, node, NULL);
}

/* Adds nodes through the canvas (as a drop does), without selecting them. */
static GPtrArray *
add_row (CanvasFixture   *f,
         WirelabNodeKind  kind,
         guint            count,
         double           x,
         double           y)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *nodes = wirelab_canvas_add_nodes (f->canvas, kind, NULL, count, x, y, &error);

  g_assert_no_error (error);
  g_assert_nonnull (nodes);
  wirelab_canvas_unselect_all (f->canvas);
  return nodes;
}

/* ---- drops ---- */

static void
test_drop_adds_node (CanvasFixture *f,
                     gconstpointer  data)
{
  g_autoptr(WirelabPaletteItem) router = wirelab_palette_item_new (WIRELAB_NODE_KIND_ROUTER, NULL,
                                                                   "Wirelab router");
  g_autoptr(WirelabPaletteItem) sw = wirelab_palette_item_new (WIRELAB_NODE_KIND_ETHSW, NULL,
                                                               "Ethernet switch");
  WirelabHistory *history = wirelab_lab_get_history (f->lab);
  guint depth0 = depth (f);
  WirelabNode *node;
  double mx, my;

  wirelab_canvas_widget_to_model (f->canvas, 300, 200, &mx, &my);
  g_assert_true (canvas_emit_drop (f->canvas, router, 300, 200));
  g_assert_cmpuint (n_nodes (f), ==, 1);
  node = nth_node (f, 0);
  g_assert_cmpint (wirelab_node_get_kind (node), ==, WIRELAB_NODE_KIND_ROUTER);
  g_assert_cmpstr (wirelab_node_get_name (node), ==, "R1");
  g_assert_cmpstr (wirelab_node_get_image_id (node), ==, WIRELAB_DEFAULT_IMAGE_ID);
  g_assert_cmpfloat_with_epsilon (wirelab_node_get_x (node), mx, 1e-9);
  g_assert_cmpfloat_with_epsilon (wirelab_node_get_y (node), my, 1e-9);
  g_assert_true (node_selected (f, node));
  g_assert_true (wirelab_canvas_get_node_at (f->canvas, 300, 200) == node);
  g_assert_cmpuint (depth (f), ==, depth0 + 1);

  /* Undo takes it off the canvas too; redo brings it back under the drop. */
  g_object_ref (node);
  g_assert_true (wirelab_history_undo (history));
  g_assert_cmpuint (n_nodes (f), ==, 0);
  g_assert_cmpuint (wirelab_canvas_get_n_selected_nodes (f->canvas), ==, 0);
  g_assert_null (wirelab_canvas_get_node_at (f->canvas, 300, 200));
  g_assert_true (wirelab_history_redo (history));
  g_assert_cmpuint (n_nodes (f), ==, 1);
  g_assert_true (wirelab_canvas_get_node_at (f->canvas, 300, 200) == node);
  g_object_unref (node);

  /* With snap on, a drop lands on the grid. */
  wirelab_lab_set_snap_to_grid (f->lab, TRUE);
  g_assert_true (canvas_emit_drop (f->canvas, sw, 420, 260));
  g_assert_cmpuint (n_nodes (f), ==, 2);
  node = nth_node (f, 1);
  g_assert_cmpstr (wirelab_node_get_name (node), ==, "SW1");
  g_assert_cmpfloat (fmod (fabs (wirelab_node_get_x (node)), 75), ==, 0);
  g_assert_cmpfloat (fmod (fabs (wirelab_node_get_y (node)), 75), ==, 0);
  canvas_wait_frame (f->canvas);
}

static void
test_shift_drop_asks_count (CanvasFixture *f,
                            gconstpointer  data)
{
  g_autoptr(WirelabPaletteItem) sw = wirelab_palette_item_new (WIRELAB_NODE_KIND_ETHSW, NULL,
                                                               "Ethernet switch");
  WirelabHistory *history = wirelab_lab_get_history (f->lab);
  GtkWidget *dialog, *spin;
  guint depth0 = depth (f);
  double mx, my;

  wirelab_canvas_widget_to_model (f->canvas, 100, 120, &mx, &my);

  /* Cancelled: nothing added. */
  g_assert_true (_wirelab_canvas_handle_drop (f->canvas, sw, 100, 120, GDK_SHIFT_MASK));
  dialog = _wirelab_canvas_get_count_dialog (f->canvas);
  g_assert_true (ADW_IS_MESSAGE_DIALOG (dialog));
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_assert_cmpuint (n_nodes (f), ==, 0);

  g_assert_true (_wirelab_canvas_handle_drop (f->canvas, sw, 100, 120, GDK_SHIFT_MASK));
  dialog = _wirelab_canvas_get_count_dialog (f->canvas);
  g_assert_nonnull (dialog);
  spin = adw_message_dialog_get_extra_child (ADW_MESSAGE_DIALOG (dialog));
  g_assert_true (GTK_IS_SPIN_BUTTON (spin));
  /* GNS3's bounds and default. */
  g_assert_cmpint (gtk_spin_button_get_value_as_int (GTK_SPIN_BUTTON (spin)), ==, 2);
  {
    double lo, hi;

    gtk_spin_button_get_range (GTK_SPIN_BUTTON (spin), &lo, &hi);
    g_assert_cmpfloat (lo, ==, 1);
    g_assert_cmpfloat (hi, ==, 100);
  }
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (spin), 12);
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "add");

  g_assert_cmpuint (n_nodes (f), ==, 12);
  for (guint i = 0; i < 12; i++)
    {
      WirelabNode *node = nth_node (f, i);
      g_autofree char *name = g_strdup_printf ("SW%u", i + 1);

      g_assert_cmpstr (wirelab_node_get_name (node), ==, name);
      /* 10 per row from the drop point. */
      g_assert_cmpfloat_with_epsilon (wirelab_node_get_x (node), mx + (i % 10) * WL_CANVAS_ADD_SPACING, 1e-9);
      g_assert_cmpfloat_with_epsilon (wirelab_node_get_y (node), my + (i / 10) * WL_CANVAS_ADD_SPACING, 1e-9);
      g_assert_true (node_selected (f, node));
    }

  /* All twelve are one undo step. */
  g_assert_cmpuint (depth (f), ==, depth0 + 1);
  g_assert_true (wirelab_history_undo (history));
  g_assert_cmpuint (n_nodes (f), ==, 0);
  g_assert_true (wirelab_history_redo (history));
  g_assert_cmpuint (n_nodes (f), ==, 12);
  canvas_wait_frame (f->canvas);
}

/* ---- moving ---- */

static void
test_move_one_undo_step (CanvasFixture *f,
                         gconstpointer  data)
{
  g_autoptr(GPtrArray) nodes = add_row (f, WIRELAB_NODE_KIND_ROUTER, 2, 0, 0);
  WirelabNode *a = g_ptr_array_index (nodes, 0), *b = g_ptr_array_index (nodes, 1);
  WirelabHistory *history = wirelab_lab_get_history (f->lab);
  double ax = wirelab_node_get_x (a), ay = wirelab_node_get_y (a);
  double bx = wirelab_node_get_x (b), by = wirelab_node_get_y (b);
  guint depth0;
  double x, y;

  /* At zoom 2 a drag of 120 x 46 pixels is 60 x 23 in the model. */
  wirelab_canvas_set_zoom (f->canvas, 2.0);
  wirelab_canvas_center_on (f->canvas, 50, 0);
  canvas_wait_frame (f->canvas);
  depth0 = depth (f);
  canvas_node_point (f->canvas, a, &x, &y);
  canvas_emit_drag (f->canvas, x, y, 120, 46);

  g_assert_cmpfloat_with_epsilon (wirelab_node_get_x (a), ax + 60, 1e-9);
  g_assert_cmpfloat_with_epsilon (wirelab_node_get_y (a), ay + 23, 1e-9);
  g_assert_cmpfloat (wirelab_node_get_x (b), ==, bx);
  g_assert_cmpfloat (wirelab_node_get_y (b), ==, by);
  g_assert_true (node_selected (f, a));
  g_assert_false (node_selected (f, b));
  g_assert_cmpuint (depth (f), ==, depth0 + 1);
  /* The hit grid follows: the node is under the pointer where it landed. */
  g_assert_true (wirelab_canvas_get_node_at (f->canvas, x + 120, y + 46) == a);

  g_assert_true (wirelab_history_undo (history));
  g_assert_cmpfloat (wirelab_node_get_x (a), ==, ax);
  g_assert_cmpfloat (wirelab_node_get_y (a), ==, ay);
  g_assert_true (wirelab_canvas_get_node_at (f->canvas, x, y) == a);
  g_assert_true (wirelab_history_redo (history));
  g_assert_cmpfloat_with_epsilon (wirelab_node_get_x (a), ax + 60, 1e-9);

  /* A second drag is a second step, not merged into the first. */
  canvas_node_point (f->canvas, a, &x, &y);
  canvas_emit_drag (f->canvas, x, y, -40, 0);
  g_assert_cmpuint (depth (f), ==, depth0 + 2);
  canvas_wait_frame (f->canvas);
}

static void
test_move_snaps (CanvasFixture *f,
                 gconstpointer  data)
{
  g_autoptr(GPtrArray) nodes = add_row (f, WIRELAB_NODE_KIND_ETHSW, 1, 0, 0);
  WirelabNode *node = g_ptr_array_index (nodes, 0);
  double x, y;

  wirelab_lab_set_snap_to_grid (f->lab, TRUE);
  g_assert_true (wirelab_lab_get_grid_size (f->lab) == 75);
  canvas_node_point (f->canvas, node, &x, &y);
  canvas_emit_drag (f->canvas, x, y, 100, 30);
  g_assert_cmpfloat (wirelab_node_get_x (node), ==, 75);
  g_assert_cmpfloat (wirelab_node_get_y (node), ==, 0);

  canvas_node_point (f->canvas, node, &x, &y);
  canvas_emit_drag (f->canvas, x, y, 20, 130);
  g_assert_cmpfloat (wirelab_node_get_x (node), ==, 75);
  g_assert_cmpfloat (wirelab_node_get_y (node), ==, 150);

  /* canvas.toggle-snap is the lab's setting. */
  gtk_widget_activate_action (GTK_WIDGET (f->canvas), "canvas.toggle-snap", NULL);
  g_assert_false (wirelab_lab_get_snap_to_grid (f->lab));
  canvas_node_point (f->canvas, node, &x, &y);
  canvas_emit_drag (f->canvas, x, y, 7, 3);
  g_assert_cmpfloat (wirelab_node_get_x (node), ==, 82);
  g_assert_cmpfloat (wirelab_node_get_y (node), ==, 153);
}

static void
test_move_selection_with_links (CanvasFixture *f,
                                gconstpointer  data)
{
  WirelabHistory *history = wirelab_lab_get_history (f->lab);
  g_autoptr(GPtrArray) before = g_ptr_array_new_with_free_func (g_free);
  WirelabNode *r1, *r2, *sw;
  guint depth0;
  double x, y;

  canvas_build_demo (f->lab);
  r1 = wirelab_lab_find_node_by_name (f->lab, "R1");
  r2 = wirelab_lab_find_node_by_name (f->lab, "R2");
  sw = wirelab_lab_find_node_by_name (f->lab, "SW1");
  wirelab_canvas_fit (f->canvas);
  canvas_wait_frame (f->canvas);
  for (guint i = 0; i < n_nodes (f); i++)
    {
      double *p = g_new (double, 2);

      p[0] = wirelab_node_get_x (nth_node (f, i));
      p[1] = wirelab_node_get_y (nth_node (f, i));
      g_ptr_array_add (before, p);
    }

  wirelab_canvas_select_node (f->canvas, r1, FALSE);
  wirelab_canvas_select_node (f->canvas, r2, TRUE);
  g_assert_cmpuint (wirelab_canvas_get_n_selected_nodes (f->canvas), ==, 2);
  depth0 = depth (f);

  /* Drag R2 (selected): R1 moves with it, SW1 stays. */
  canvas_node_point (f->canvas, r2, &x, &y);
  g_signal_emit_by_name (f->canvas->drag_gesture, "drag-begin", x, y);
  g_signal_emit_by_name (f->canvas->drag_gesture, "drag-update", 30.0, 40.0);
  /* Mid-drag, the model is untouched and a frame draws the floating nodes. */
  g_assert_cmpfloat (wirelab_node_get_x (r2), ==, ((double *) before->pdata[1])[0]);
  canvas_wait_frame (f->canvas);
  g_signal_emit_by_name (f->canvas->drag_gesture, "drag-end", 30.0, 40.0);

  for (guint i = 0; i < n_nodes (f); i++)
    {
      WirelabNode *node = nth_node (f, i);
      double *p = before->pdata[i];
      double dx = (node == r1 || node == r2) ? 30 / wirelab_canvas_get_zoom (f->canvas) : 0;
      double dy = (node == r1 || node == r2) ? 40 / wirelab_canvas_get_zoom (f->canvas) : 0;

      g_assert_cmpfloat_with_epsilon (wirelab_node_get_x (node), p[0] + dx, 1e-6);
      g_assert_cmpfloat_with_epsilon (wirelab_node_get_y (node), p[1] + dy, 1e-6);
    }
  g_assert_cmpuint (depth (f), ==, depth0 + 1);
  g_assert_cmpuint (wirelab_canvas_get_n_selected_nodes (f->canvas), ==, 2);

  /* The links followed: R1–SW1 is found on its new midpoint. */
  {
    WirelabLink *link = wirelab_lab_find_link_at (f->lab, r1, "FastEthernet0/0");
    double mx = (wirelab_node_get_x (r1) + wirelab_node_get_x (sw)) / 2;
    double my = (wirelab_node_get_y (r1) + wirelab_node_get_y (sw)) / 2;

    wirelab_canvas_model_to_widget (f->canvas, mx, my, &x, &y);
    g_assert_true (wirelab_canvas_get_link_at (f->canvas, x, y) == link);
  }

  g_assert_true (wirelab_history_undo (history));
  for (guint i = 0; i < n_nodes (f); i++)
    {
      double *p = before->pdata[i];

      g_assert_cmpfloat (wirelab_node_get_x (nth_node (f, i)), ==, p[0]);
      g_assert_cmpfloat (wirelab_node_get_y (nth_node (f, i)), ==, p[1]);
    }
}

/* ---- selecting ---- */

static void
click (CanvasFixture   *f,
       double           x,
       double           y,
       GdkModifierType  state)
{
  _wirelab_canvas_drag_begin (f->canvas, x, y, state);
  _wirelab_canvas_drag_end (f->canvas, 0, 0);
}

static void
count_signal (GObject *object,
              guint   *count)
{
  (*count)++;
}

static void
test_click_select (CanvasFixture *f,
                   gconstpointer  data)
{
  g_autoptr(GPtrArray) nodes = add_row (f, WIRELAB_NODE_KIND_VPCS, 3, -100, 0);
  WirelabNode *a = nodes->pdata[0], *b = nodes->pdata[1], *c = nodes->pdata[2];
  guint changes = 0;
  double ax, ay, bx, by, cx, cy;

  g_signal_connect (f->canvas, "selection-changed", G_CALLBACK (count_signal), &changes);
  canvas_node_point (f->canvas, a, &ax, &ay);
  canvas_node_point (f->canvas, b, &bx, &by);
  canvas_node_point (f->canvas, c, &cx, &cy);

  click (f, ax, ay, 0);
  g_assert_true (node_selected (f, a));
  g_assert_cmpuint (wirelab_canvas_get_n_selected_nodes (f->canvas), ==, 1);
  g_assert_cmpuint (changes, >, 0);

  click (f, bx, by, GDK_SHIFT_MASK);
  click (f, cx, cy, GDK_SHIFT_MASK);
  g_assert_cmpuint (wirelab_canvas_get_n_selected_nodes (f->canvas), ==, 3);

  /* Ctrl-click toggles. */
  click (f, bx, by, GDK_CONTROL_MASK);
  g_assert_false (node_selected (f, b));
  g_assert_cmpuint (wirelab_canvas_get_n_selected_nodes (f->canvas), ==, 2);

  /* A plain click on a selected node of a group keeps only that one. */
  click (f, cx, cy, 0);
  g_assert_cmpuint (wirelab_canvas_get_n_selected_nodes (f->canvas), ==, 1);
  g_assert_true (node_selected (f, c));

  /* The background clears; canvas.select-all and Escape (canvas.cancel). */
  click (f, ax, ay + 200, 0);
  g_assert_cmpuint (wirelab_canvas_get_n_selected_nodes (f->canvas), ==, 0);
  gtk_widget_activate_action (GTK_WIDGET (f->canvas), "canvas.select-all", NULL);
  g_assert_cmpuint (wirelab_canvas_get_n_selected_nodes (f->canvas), ==, 3);
  gtk_widget_activate_action (GTK_WIDGET (f->canvas), "canvas.cancel", NULL);
  g_assert_cmpuint (wirelab_canvas_get_n_selected_nodes (f->canvas), ==, 0);
}

static void
test_rubber_band (CanvasFixture *f,
                  gconstpointer  data)
{
  g_autoptr(GPtrArray) nodes = add_row (f, WIRELAB_NODE_KIND_ROUTER, 4, -150, 0);
  guint depth0 = depth (f);
  double x0, y0, x1, y1, x3, y3;

  canvas_node_point (f->canvas, nodes->pdata[0], &x0, &y0);
  canvas_node_point (f->canvas, nodes->pdata[1], &x1, &y1);
  canvas_node_point (f->canvas, nodes->pdata[3], &x3, &y3);
  g_assert_null (wirelab_canvas_get_node_at (f->canvas, x0 - 40, y0 - 60));

  /* From empty ground over the first two. */
  canvas_emit_drag (f->canvas, x0 - 40, y0 - 60, (x1 + 40) - (x0 - 40), 120);
  g_assert_cmpuint (wirelab_canvas_get_n_selected_nodes (f->canvas), ==, 2);
  g_assert_true (node_selected (f, nodes->pdata[0]));
  g_assert_true (node_selected (f, nodes->pdata[1]));

  /* Shift adds the fourth to them. */
  _wirelab_canvas_drag_begin (f->canvas, x3 - 30, y3 - 60, GDK_SHIFT_MASK);
  _wirelab_canvas_drag_update (f->canvas, 60, 120);
  g_assert_cmpint (f->canvas->drag_mode, ==, WL_DRAG_RUBBER);
  canvas_wait_frame (f->canvas);   /* the band is drawn */
  _wirelab_canvas_drag_end (f->canvas, 60, 120);
  g_assert_cmpuint (wirelab_canvas_get_n_selected_nodes (f->canvas), ==, 3);
  g_assert_false (node_selected (f, nodes->pdata[2]));

  /* Without Shift, a band replaces the selection. */
  canvas_emit_drag (f->canvas, x3 - 30, y3 - 60, 60, 120);
  g_assert_cmpuint (wirelab_canvas_get_n_selected_nodes (f->canvas), ==, 1);
  g_assert_true (node_selected (f, nodes->pdata[3]));

  /* Selecting is not an edit. */
  g_assert_cmpuint (depth (f), ==, depth0);
}

/* ---- deleting ---- */

static void
test_delete_selection (CanvasFixture *f,
                       gconstpointer  data)
{
  WirelabHistory *history = wirelab_lab_get_history (f->lab);
  WirelabNode *sw, *r1, *pc1;
  WirelabLink *link;
  guint depth0, links0;
  double x, y;

  canvas_build_demo (f->lab);
  wirelab_canvas_fit (f->canvas);
  canvas_wait_frame (f->canvas);
  sw = wirelab_lab_find_node_by_name (f->lab, "SW1");
  links0 = n_links (f);
  g_assert_cmpuint (links0, ==, 7);
  depth0 = depth (f);

  /* SW1 goes with its four links, as one step. */
  wirelab_canvas_select_node (f->canvas, sw, FALSE);
  g_object_ref (sw);
  gtk_widget_activate_action (GTK_WIDGET (f->canvas), "canvas.delete-selection", NULL);
  g_assert_null (wirelab_lab_find_node_by_name (f->lab, "SW1"));
  g_assert_cmpuint (n_links (f), ==, 3);
  g_assert_cmpuint (wirelab_canvas_get_n_selected_nodes (f->canvas), ==, 0);
  g_assert_cmpuint (depth (f), ==, depth0 + 1);
  canvas_wait_frame (f->canvas);

  g_assert_true (wirelab_history_undo (history));
  g_assert_true (wirelab_lab_find_node_by_name (f->lab, "SW1") == sw);
  g_assert_cmpuint (n_links (f), ==, 7);
  /* Back on the canvas with its links: R1–SW1 is hit at its midpoint. */
  r1 = wirelab_lab_find_node_by_name (f->lab, "R1");
  link = wirelab_lab_find_link_at (f->lab, r1, "FastEthernet0/0");
  g_assert_nonnull (link);
  wirelab_canvas_model_to_widget (f->canvas,
                                  (wirelab_node_get_x (r1) + wirelab_node_get_x (sw)) / 2,
                                  (wirelab_node_get_y (r1) + wirelab_node_get_y (sw)) / 2, &x, &y);
  g_assert_true (wirelab_canvas_get_link_at (f->canvas, x, y) == link);
  canvas_wait_frame (f->canvas);
  g_assert_true (wirelab_history_redo (history));
  g_assert_cmpuint (n_links (f), ==, 3);
  g_assert_true (wirelab_history_undo (history));
  g_object_unref (sw);

  /* A selected link alone. */
  wirelab_canvas_select_link (f->canvas, link);
  g_assert_true (wirelab_canvas_get_selected_link (f->canvas) == link);
  gtk_widget_activate_action (GTK_WIDGET (f->canvas), "canvas.delete-selection", NULL);
  g_assert_cmpuint (n_links (f), ==, 6);
  g_assert_cmpuint (n_nodes (f), ==, 7);
  g_assert_null (wirelab_canvas_get_selected_link (f->canvas));
  g_assert_true (wirelab_history_undo (history));

  /* Two nodes from different corners: one step. */
  pc1 = wirelab_lab_find_node_by_name (f->lab, "PC1");
  wirelab_canvas_select_node (f->canvas, r1, FALSE);
  wirelab_canvas_select_node (f->canvas, pc1, TRUE);
  depth0 = depth (f);
  wirelab_canvas_delete_selection (f->canvas);
  g_assert_cmpuint (n_nodes (f), ==, 5);
  g_assert_cmpuint (n_links (f), ==, 7 - 3);
  g_assert_cmpuint (depth (f), ==, depth0 + 1);
  g_assert_true (wirelab_history_undo (history));
  g_assert_cmpuint (n_nodes (f), ==, 7);
  g_assert_cmpuint (n_links (f), ==, 7);
  canvas_wait_frame (f->canvas);
}

/* ---- view ---- */

static void
test_zoom_fit_keep_model (CanvasFixture *f,
                          gconstpointer  data)
{
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  guint depth0;
  int width, height;

  canvas_build_demo (f->lab);
  /* The project text without the view's zoom is the model. */
  wirelab_lab_set_zoom (f->lab, 1.0);
  before = wirelab_lab_to_data (f->lab, NULL);
  depth0 = depth (f);

  gtk_widget_activate_action (GTK_WIDGET (f->canvas), "canvas.zoom-in", NULL);
  g_assert_cmpfloat_with_epsilon (wirelab_canvas_get_zoom (f->canvas), 1.2, 1e-9);
  /* The zoom is the lab's saved view setting. */
  g_assert_cmpfloat (wirelab_lab_get_zoom (f->lab), ==, wirelab_canvas_get_zoom (f->canvas));
  gtk_widget_activate_action (GTK_WIDGET (f->canvas), "canvas.zoom-out", NULL);
  gtk_widget_activate_action (GTK_WIDGET (f->canvas), "canvas.zoom-out", NULL);
  wirelab_canvas_zoom_at (f->canvas, 3.0, 10, 10);
  wirelab_canvas_scroll_by (f->canvas, 250, -120);
  canvas_wait_frame (f->canvas);
  /* Zoom keeps the point under the pointer. */
  {
    double mx0, my0, mx1, my1;

    wirelab_canvas_widget_to_model (f->canvas, 123, 77, &mx0, &my0);
    wirelab_canvas_zoom_at (f->canvas, 1.7, 123, 77);
    wirelab_canvas_widget_to_model (f->canvas, 123, 77, &mx1, &my1);
    g_assert_cmpfloat_with_epsilon (mx0, mx1, 1e-9);
    g_assert_cmpfloat_with_epsilon (my0, my1, 1e-9);
  }
  /* A pinch scales from where it began; the wheel (no Ctrl) pans. */
  wirelab_canvas_set_zoom (f->canvas, 1.0);
  {
    double zoom0 = wirelab_canvas_get_zoom (f->canvas), oy0;
    GtkEventController *scroll = NULL;
    g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (GTK_WIDGET (f->canvas));
    gboolean handled = FALSE;

    g_signal_emit_by_name (f->canvas->zoom_gesture, "begin", NULL);
    g_signal_emit_by_name (f->canvas->zoom_gesture, "scale-changed", 1.5);
    g_signal_emit_by_name (f->canvas->zoom_gesture, "scale-changed", 2.0);
    g_assert_cmpfloat_with_epsilon (wirelab_canvas_get_zoom (f->canvas), zoom0 * 2.0, 1e-9);

    for (guint i = 0; i < g_list_model_get_n_items (controllers) && scroll == NULL; i++)
      {
        g_autoptr(GObject) c = g_list_model_get_item (controllers, i);

        if (GTK_IS_EVENT_CONTROLLER_SCROLL (c))
          scroll = GTK_EVENT_CONTROLLER (c);
      }
    g_assert_nonnull (scroll);
    oy0 = f->canvas->offset_y;
    g_signal_emit_by_name (scroll, "scroll", 0.0, 2.0, &handled);
    g_assert_true (handled);
    g_assert_cmpfloat (f->canvas->offset_y, <, oy0);
    g_assert_cmpfloat_with_epsilon (wirelab_canvas_get_zoom (f->canvas), zoom0 * 2.0, 1e-9);
  }
  /* Bounded. */
  wirelab_canvas_set_zoom (f->canvas, 1000);
  g_assert_cmpfloat (wirelab_canvas_get_zoom (f->canvas), ==, WIRELAB_CANVAS_MAX_ZOOM);
  wirelab_canvas_set_zoom (f->canvas, 0.0001);
  g_assert_cmpfloat (wirelab_canvas_get_zoom (f->canvas), ==, WIRELAB_CANVAS_MIN_ZOOM);
  canvas_wait_frame (f->canvas);

  /* Fit shows every node. */
  gtk_widget_activate_action (GTK_WIDGET (f->canvas), "canvas.fit", NULL);
  canvas_wait_frame (f->canvas);
  width = gtk_widget_get_width (GTK_WIDGET (f->canvas));
  height = gtk_widget_get_height (GTK_WIDGET (f->canvas));
  for (guint i = 0; i < n_nodes (f); i++)
    {
      double x, y;

      canvas_node_point (f->canvas, nth_node (f, i), &x, &y);
      g_assert_cmpfloat (x, >, 0);
      g_assert_cmpfloat (x, <, width);
      g_assert_cmpfloat (y, >, 0);
      g_assert_cmpfloat (y, <, height);
      g_assert_true (wirelab_canvas_get_node_at (f->canvas, x, y) == nth_node (f, i));
    }

  gtk_widget_activate_action (GTK_WIDGET (f->canvas), "canvas.zoom-reset", NULL);
  g_assert_cmpfloat (wirelab_canvas_get_zoom (f->canvas), ==, 1.0);
  g_assert_cmpuint (depth (f), ==, depth0);
  after = wirelab_lab_to_data (f->lab, NULL);
  g_assert_cmpstr (before, ==, after);
}

static void
test_look (CanvasFixture *f,
           gconstpointer  data)
{
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree char *path = NULL;
  WirelabNode *r1, *sw;
  guint8 rgba[4];
  double x, y;

  canvas_build_demo (f->lab);
  wirelab_lab_set_show_interface_labels (f->lab, TRUE);
  wirelab_lab_set_show_grid (f->lab, TRUE);
  r1 = wirelab_lab_find_node_by_name (f->lab, "R1");
  sw = wirelab_lab_find_node_by_name (f->lab, "SW1");
  canvas_set_status (r1, WIRELAB_NODE_STATUS_RUNNING);
  canvas_set_status (sw, WIRELAB_NODE_STATUS_RUNNING);
  canvas_set_status (wirelab_lab_find_node_by_name (f->lab, "PC2"), WIRELAB_NODE_STATUS_SUSPENDED);
  wirelab_canvas_select_node (f->canvas, wirelab_lab_find_node_by_name (f->lab, "R2"), FALSE);
  wirelab_canvas_fit (f->canvas);
  canvas_wait_frame (f->canvas);

  texture = canvas_render (f->canvas);
  path = g_build_filename (g_getenv ("G_TEST_BUILDDIR") ? g_getenv ("G_TEST_BUILDDIR") : ".",
                           "canvas-look.png", NULL);
  gdk_texture_save_to_png (texture, path);
  g_test_message ("canvas rendered to %s", path);

  /* The router symbol is blue in the middle, as the SVG draws it. */
  canvas_node_point (f->canvas, r1, &x, &y);
  canvas_texture_pixel (texture, (int) x - 8, (int) y, rgba);
  g_assert_cmpuint (rgba[2], >, 180);
  g_assert_cmpuint (rgba[0], <, 120);
}

int
main (int   argc,
      char *argv[])
{
  if (canvas_test_init (&argc, &argv))
    return 0;

#define ADD(path, func) \
  g_test_add (path, CanvasFixture, NULL, canvas_fixture_setup, func, canvas_fixture_teardown)
  ADD ("/canvas/drop/add", test_drop_adds_node);
  ADD ("/canvas/drop/shift-count", test_shift_drop_asks_count);
  ADD ("/canvas/move/undo-step", test_move_one_undo_step);
  ADD ("/canvas/move/snap", test_move_snaps);
  ADD ("/canvas/move/selection-with-links", test_move_selection_with_links);
  ADD ("/canvas/select/click", test_click_select);
  ADD ("/canvas/select/rubber-band", test_rubber_band);
  ADD ("/canvas/delete/selection", test_delete_selection);
  ADD ("/canvas/view/zoom-fit-keep-model", test_zoom_fit_keep_model);
  ADD ("/canvas/look", test_look);
#undef ADD
  return g_test_run ();
}
