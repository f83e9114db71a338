/* test-canvas.c: canvas edits through the real widget
 *
 * Copyright 2026 The Wirelab authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#define G_LOG_DOMAIN "test-canvas"

#include "config.h"

#include "test-canvas-util.h"

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

  g_test_add ("/canvas/look", CanvasFixture, NULL, canvas_fixture_setup, test_look,
              canvas_fixture_teardown);
  return g_test_run ();
}
