/* test-canvas-link.c: the link tool and what links show
 *
 * Copyright 2026 The Wirelab authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * Links made with the real link tool (clicks through the drag gesture,
 * choices in its interface popover), and the status dots read back from
 * rendered pixels.
 */

#define G_LOG_DOMAIN "test-canvas"

#include "config.h"

#include <math.h>

#include "test-canvas-util.h"

static void
click_node (CanvasFixture *f,
            WirelabNode   *node)
{
  double x, y;

  canvas_node_point (f->canvas, node, &x, &y);
  canvas_emit_drag (f->canvas, x, y, 0, 0);
}

static gboolean
popover_shown (gpointer data)
{
  GtkWidget *popover = _wirelab_canvas_get_iface_popover (data);

  return popover != NULL && gtk_widget_get_mapped (popover);
}

static guint
n_links (CanvasFixture *f)
{
  return g_list_model_get_n_items (wirelab_lab_get_links (f->lab));
}

static void
test_link_tool (CanvasFixture *f,
                gconstpointer  data)
{
  WirelabHistory *history = wirelab_lab_get_history (f->lab);
  g_autoptr(GError) error = NULL;
  WirelabNode *r1, *sw;
  WirelabLink *link;
  guint depth0;

  r1 = wirelab_lab_create_node (f->lab, WIRELAB_NODE_KIND_ROUTER, NULL, -150, 0, &error);
  g_assert_no_error (error);
  sw = wirelab_lab_create_node (f->lab, WIRELAB_NODE_KIND_ETHSW, NULL, 150, 0, &error);
  g_assert_no_error (error);
  canvas_wait_frame (f->canvas);
  depth0 = wirelab_history_get_undo_depth (history);

  gtk_widget_activate_action (GTK_WIDGET (f->canvas), "canvas.link-mode", NULL);
  g_assert_true (wirelab_canvas_get_link_mode (f->canvas));

  /* A click on R1 lists its interfaces; no choice yet, no link. */
  click_node (f, r1);
  g_assert_true (canvas_wait_until (popover_shown, f->canvas, 10000));
  g_assert_false (_wirelab_canvas_link_tool_pick (f->canvas, "Serial9/9"));
  g_assert_true (_wirelab_canvas_link_tool_pick (f->canvas, "FastEthernet0/0"));
  g_assert_cmpuint (n_links (f), ==, 0);
  canvas_wait_frame (f->canvas);   /* the rubber line to the pointer */

  /* The second end on SW1, port 1: the link exists, one undo step. */
  click_node (f, sw);
  g_assert_true (canvas_wait_until (popover_shown, f->canvas, 10000));
  g_assert_true (_wirelab_canvas_link_tool_pick (f->canvas, "1"));
  g_assert_cmpuint (n_links (f), ==, 1);
  link = wirelab_lab_find_link_at (f->lab, r1, "FastEthernet0/0");
  g_assert_nonnull (link);
  g_assert_cmpint (wirelab_link_find_end (link, wirelab_node_get_id (sw), "1"), >=, 0);
  g_assert_cmpuint (wirelab_history_get_undo_depth (history), ==, depth0 + 1);
  g_assert_true (wirelab_canvas_get_link_mode (f->canvas));

  /* A busy interface cannot be picked again (listed insensitive with what
   * it connects to); Escape drops a half-made link. */
  click_node (f, r1);
  g_assert_true (canvas_wait_until (popover_shown, f->canvas, 10000));
  g_assert_false (_wirelab_canvas_link_tool_pick (f->canvas, "FastEthernet0/0"));
  g_assert_true (_wirelab_canvas_link_tool_pick (f->canvas, "Ethernet1/0"));
  gtk_widget_activate_action (GTK_WIDGET (f->canvas), "canvas.cancel", NULL);
  click_node (f, sw);
  g_assert_true (canvas_wait_until (popover_shown, f->canvas, 10000));
  g_assert_false (_wirelab_canvas_link_tool_pick (f->canvas, "1"));
  /* After Escape this pick starts a new link instead of ending R1's. */
  g_assert_true (_wirelab_canvas_link_tool_pick (f->canvas, "2"));
  g_assert_cmpuint (n_links (f), ==, 1);
  gtk_widget_activate_action (GTK_WIDGET (f->canvas), "canvas.cancel", NULL);

  /* A second Escape leaves link mode. */
  gtk_widget_activate_action (GTK_WIDGET (f->canvas), "canvas.cancel", NULL);
  g_assert_false (wirelab_canvas_get_link_mode (f->canvas));

  g_assert_true (wirelab_history_undo (history));
  g_assert_cmpuint (n_links (f), ==, 0);
  g_assert_true (wirelab_history_redo (history));
  g_assert_cmpuint (n_links (f), ==, 1);
  canvas_wait_frame (f->canvas);
}

static void
test_link_tool_refuses_self (CanvasFixture *f,
                             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  WirelabNode *r1;

  r1 = wirelab_lab_create_node (f->lab, WIRELAB_NODE_KIND_ROUTER, NULL, 0, 0, &error);
  g_assert_no_error (error);
  wirelab_canvas_set_link_mode (f->canvas, TRUE);
  click_node (f, r1);
  g_assert_true (canvas_wait_until (popover_shown, f->canvas, 10000));
  g_assert_true (_wirelab_canvas_link_tool_pick (f->canvas, "FastEthernet0/0"));
  /* The first end is listed but cannot be the second. */
  click_node (f, r1);
  g_assert_true (canvas_wait_until (popover_shown, f->canvas, 10000));
  g_assert_false (_wirelab_canvas_link_tool_pick (f->canvas, "FastEthernet0/0"));
  /* Whatever the lab says about a node linked to itself, nothing is half
   * made: either a link or a shown error, and the tool is ready again. */
  if (_wirelab_canvas_link_tool_pick (f->canvas, "Ethernet1/0"))
    g_assert_null (f->canvas->link_from);
  wirelab_canvas_set_link_mode (f->canvas, FALSE);
  g_assert_null (f->canvas->link_from);
}

/* The dot of `node`'s end of `link`, in widget pixels. */
static void
dot_point (CanvasFixture *f,
           WirelabNode   *node,
           WirelabNode   *peer,
           int           *x,
           int           *y)
{
  double ax = wirelab_node_get_x (node), ay = wirelab_node_get_y (node);
  double bx = wirelab_node_get_x (peer), by = wirelab_node_get_y (peer);
  double len = hypot (bx - ax, by - ay);
  double d = MIN (WL_CANVAS_DOT_DISTANCE, len * 0.3);
  double wx, wy;

  wirelab_canvas_model_to_widget (f->canvas, ax + (bx - ax) / len * d, ay + (by - ay) / len * d,
                                  &wx, &wy);
  *x = (int) round (wx);
  *y = (int) round (wy);
}

typedef enum { RED, GREEN, YELLOW, PURPLE } Hue;

static Hue
classify (const guint8 rgba[4])
{
  int r = rgba[0], g = rgba[1], b = rgba[2];

  if (r > 180 && g > 150 && b < 100)
    return YELLOW;
  if (g > 150 && r < 120)
    return GREEN;
  if (r > 180 && g < 90 && b < 90)
    return RED;
  if (r > 110 && b > 140 && g < 100)
    return PURPLE;
  g_error ("unexpected colour %d,%d,%d", r, g, b);
}

static Hue
dot_hue (CanvasFixture *f,
         WirelabNode   *node,
         WirelabNode   *peer)
{
  g_autoptr(GdkTexture) texture = NULL;
  guint8 rgba[4];
  int x, y;

  canvas_wait_frame (f->canvas);
  texture = canvas_render (f->canvas);
  dot_point (f, node, peer, &x, &y);
  canvas_texture_pixel (texture, x, y, rgba);
  return classify (rgba);
}

static void
test_status_dots (CanvasFixture *f,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  WirelabNode *r1, *pc1;
  WirelabLink *link;
  guint8 rgba[4];
  double mx, my;

  r1 = wirelab_lab_create_node (f->lab, WIRELAB_NODE_KIND_ROUTER, NULL, -120, 0, &error);
  g_assert_no_error (error);
  pc1 = wirelab_lab_create_node (f->lab, WIRELAB_NODE_KIND_VPCS, NULL, 120, 40, &error);
  g_assert_no_error (error);
  link = wirelab_lab_connect (f->lab, r1, "FastEthernet0/0", pc1, "e0", &error);
  g_assert_no_error (error);
  wirelab_canvas_set_zoom (f->canvas, 1.5);
  wirelab_canvas_center_on (f->canvas, 0, 20);

  /* Stopped: red at both ends. */
  g_assert_cmpint (dot_hue (f, r1, pc1), ==, RED);
  g_assert_cmpint (dot_hue (f, pc1, r1), ==, RED);

  /* Each end follows its own node. */
  canvas_set_status (r1, WIRELAB_NODE_STATUS_RUNNING);
  g_assert_cmpint (dot_hue (f, r1, pc1), ==, GREEN);
  g_assert_cmpint (dot_hue (f, pc1, r1), ==, RED);
  canvas_set_status (pc1, WIRELAB_NODE_STATUS_SUSPENDED);
  g_assert_cmpint (dot_hue (f, pc1, r1), ==, YELLOW);
  g_assert_cmpint (dot_hue (f, r1, pc1), ==, GREEN);
  canvas_set_status (r1, WIRELAB_NODE_STATUS_STOPPED);
  g_assert_cmpint (dot_hue (f, r1, pc1), ==, RED);

  /* A suspended link shows yellow at both ends. */
  wirelab_link_set_suspended (link, TRUE);
  g_assert_cmpint (dot_hue (f, r1, pc1), ==, YELLOW);
  wirelab_link_set_suspended (link, FALSE);
  g_assert_cmpint (dot_hue (f, r1, pc1), ==, RED);

  /* A capture puts its marker on the middle of the link. */
  canvas_set_capture (link, TRUE);
  canvas_wait_frame (f->canvas);
  texture = canvas_render (f->canvas);
  wirelab_canvas_model_to_widget (f->canvas, 0, 20, &mx, &my);
  canvas_texture_pixel (texture, (int) round (mx) - 5, (int) round (my) + 5, rgba);
  g_assert_cmpint (classify (rgba), ==, PURPLE);
  canvas_set_capture (link, FALSE);

  /* Zoomed far out the dots are not drawn (a few pixels would be noise);
   * back in, they are. */
  wirelab_canvas_set_zoom (f->canvas, 0.2);
  canvas_wait_frame (f->canvas);
  wirelab_canvas_set_zoom (f->canvas, 1.5);
  wirelab_canvas_center_on (f->canvas, 0, 20);
  g_assert_cmpint (dot_hue (f, r1, pc1), ==, RED);
}

int
main (int   argc,
      char *argv[])
{
  if (canvas_test_init (&argc, &argv))
    return 0;

#define ADD(path, func) \
  g_test_add (path, CanvasFixture, NULL, canvas_fixture_setup, func, canvas_fixture_teardown)
  ADD ("/canvas/link/tool", test_link_tool);
  ADD ("/canvas/link/tool-self", test_link_tool_refuses_self);
  ADD ("/canvas/link/status-dots", test_status_dots);
#undef ADD
  return g_test_run ();
}
