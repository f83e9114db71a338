/* test-canvas-util.c: what the canvas tests share
 *
 * Copyright 2026 The Wirelab authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#define G_LOG_DOMAIN "test-canvas"

#include "config.h"

#include <stdio.h>

#include "test-canvas-util.h"
#include "gui-test-display.h"

gboolean
canvas_test_init (int    *argc,
                  char ***argv)
{
  gui_test_own_display ();
  if (g_getenv ("DISPLAY") == NULL && g_getenv ("WAYLAND_DISPLAY") == NULL)
    {
      printf ("1..0 # SKIP no display\n");
      return TRUE;
    }
  gtk_test_init (argc, argv, NULL);
  adw_init ();
  return FALSE;
}

void
canvas_fixture_setup (CanvasFixture *fixture,
                      gconstpointer  data)
{
  fixture->lab = wirelab_lab_new ();
  fixture->window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_default_size (fixture->window, 900, 640);
  fixture->canvas = WIRELAB_CANVAS (wirelab_canvas_new ());
  wirelab_canvas_set_lab (fixture->canvas, fixture->lab);
  gtk_window_set_child (fixture->window, GTK_WIDGET (fixture->canvas));
  gtk_window_present (fixture->window);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (fixture->canvas));
}

void
canvas_fixture_teardown (CanvasFixture *fixture,
                         gconstpointer  data)
{
  gpointer canvas = fixture->canvas;

  g_object_add_weak_pointer (canvas, &canvas);
  gtk_window_destroy (fixture->window);
  /* Let the window go before the lab. */
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_assert_null (canvas);
  /* Not g_assert_finalize_object: an undo step of a lab setting (show-grid
   * …) holds the lab itself, a cycle in src/lab/wirelab-history.c. */
  g_object_unref (fixture->lab);
}

gboolean
canvas_wait_until (gboolean (*cond) (gpointer data),
                   gpointer   data,
                   guint      timeout_ms)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) timeout_ms * 1000;

  while (!cond (data))
    {
      if (g_get_monotonic_time () > deadline)
        return cond (data);
      g_main_context_iteration (NULL, FALSE);
      if (!g_main_context_pending (NULL))
        g_usleep (1000);
    }
  return TRUE;
}

static void
on_after_paint (GdkFrameClock *clock,
                gboolean      *painted)
{
  *painted = TRUE;
}

static gboolean
is_true (gpointer data)
{
  return *(gboolean *) data;
}

void
canvas_wait_frame (WirelabCanvas *canvas)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (GTK_WIDGET (canvas));
  gboolean painted = FALSE;
  gulong id;

  g_assert_nonnull (clock);
  id = g_signal_connect (clock, "after-paint", G_CALLBACK (on_after_paint), &painted);
  gtk_widget_queue_draw (GTK_WIDGET (canvas));
  g_assert_true (canvas_wait_until (is_true, &painted, 20000));
  g_signal_handler_disconnect (clock, id);
}

GdkTexture *
canvas_render (WirelabCanvas *canvas)
{
  GtkWidget *widget = GTK_WIDGET (canvas);
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (widget);
  GtkSnapshot *snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;
  int width = gtk_widget_get_width (widget), height = gtk_widget_get_height (widget);
  GskRenderer *renderer = gtk_native_get_renderer (gtk_widget_get_native (widget));

  gdk_paintable_snapshot (paintable, snapshot, width, height);
  node = gtk_snapshot_free_to_node (snapshot);
  g_assert_nonnull (node);
  return gsk_renderer_render_texture (renderer, node, &GRAPHENE_RECT_INIT (0, 0, width, height));
}

void
canvas_texture_pixel (GdkTexture *texture,
                      int         x,
                      int         y,
                      guint8      rgba[4])
{
  int width = gdk_texture_get_width (texture), height = gdk_texture_get_height (texture);
  gsize stride = (gsize) width * 4;
  g_autofree guchar *data = NULL;
  guint32 pixel;
  guint a;

  g_assert_cmpint (x, >=, 0);
  g_assert_cmpint (y, >=, 0);
  g_assert_cmpint (x, <, width);
  g_assert_cmpint (y, <, height);
  data = g_malloc (stride * height);
  /* gdk_texture_download gives cairo's ARGB32: native-endian, premultiplied. */
  gdk_texture_download (texture, data, stride);
  pixel = *(guint32 *) (data + y * stride + x * 4);
  a = pixel >> 24;
  rgba[3] = a;
  rgba[0] = a ? ((pixel >> 16) & 0xff) * 255 / a : 0;
  rgba[1] = a ? ((pixel >> 8) & 0xff) * 255 / a : 0;
  rgba[2] = a ? (pixel & 0xff) * 255 / a : 0;
}

void
canvas_emit_drag (WirelabCanvas *canvas,
                  double         x,
                  double         y,
                  double         dx,
                  double         dy)
{
  GtkGesture *gesture = canvas->drag_gesture;
  int steps = 4;

  g_signal_emit_by_name (gesture, "drag-begin", x, y);
  for (int i = 1; i <= steps; i++)
    g_signal_emit_by_name (gesture, "drag-update", dx * i / steps, dy * i / steps);
  g_signal_emit_by_name (gesture, "drag-end", dx, dy);
}

void
canvas_node_point (WirelabCanvas *canvas,
                   WirelabNode   *node,
                   double        *x,
                   double        *y)
{
  wirelab_canvas_model_to_widget (canvas, wirelab_node_get_x (node), wirelab_node_get_y (node),
                                  x, y);
}

gboolean
canvas_emit_drop (WirelabCanvas      *canvas,
                  WirelabPaletteItem *item,
                  double              x,
                  double              y)
{
  g_auto(GValue) value = G_VALUE_INIT;
  gboolean accepted = FALSE;

  g_value_init (&value, WIRELAB_TYPE_PALETTE_ITEM);
  g_value_set_object (&value, item);
  g_signal_emit_by_name (_wirelab_canvas_get_drop_target (canvas), "drop", &value, x, y, &accepted);
  return accepted;
}

/* The session's own setter (src/lab/): status is runtime state that only a
 * running session writes, and these tests need no hypervisor to show it. */
#include "lab/wl-lab-private.h"

void
canvas_set_status (WirelabNode       *node,
                   WirelabNodeStatus  status)
{
  _wirelab_node_set_status (node, status);
}

void
canvas_set_capture (WirelabLink *link,
                    gboolean     capturing)
{
  _wirelab_link_set_capture (link, capturing, capturing ? "/tmp/test-canvas.pcap" : NULL);
}

static WirelabNode *
add (WirelabLab      *lab,
     WirelabNodeKind  kind,
     double           x,
     double           y)
{
  g_autoptr(GError) error = NULL;
  WirelabNode *node = wirelab_lab_create_node (lab, kind, NULL, x, y, &error);

  g_assert_no_error (error);
  return node;
}

static void
connect_nodes (WirelabLab  *lab,
               WirelabNode *a,
               const char  *ia,
               WirelabNode *b,
               const char  *ib)
{
  g_autoptr(GError) error = NULL;

  wirelab_lab_connect (lab, a, ia, b, ib, &error);
  g_assert_no_error (error);
}

void
canvas_build_demo (WirelabLab *lab)
{
  WirelabNode *r1 = add (lab, WIRELAB_NODE_KIND_ROUTER, -150, -120);
  WirelabNode *r2 = add (lab, WIRELAB_NODE_KIND_ROUTER, 150, -120);
  WirelabNode *sw = add (lab, WIRELAB_NODE_KIND_ETHSW, 0, 60);
  WirelabNode *pc1 = add (lab, WIRELAB_NODE_KIND_VPCS, -150, 220);
  WirelabNode *hub = add (lab, WIRELAB_NODE_KIND_HUB, 150, 220);
  WirelabNode *pc2 = add (lab, WIRELAB_NODE_KIND_VPCS, 300, 300);
  WirelabNode *fr = add (lab, WIRELAB_NODE_KIND_FRSW, 380, -120);

  connect_nodes (lab, r1, "FastEthernet0/0", sw, "1");
  connect_nodes (lab, r2, "FastEthernet0/0", sw, "2");
  connect_nodes (lab, pc1, "e0", sw, "3");
  connect_nodes (lab, pc2, "e0", hub, "1");
  connect_nodes (lab, sw, "4", hub, "2");
  connect_nodes (lab, r1, "Ethernet1/0", r2, "Ethernet1/0");
  connect_nodes (lab, r2, "Ethernet1/1", fr, "1");
}
