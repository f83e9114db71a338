/* test-canvas-palette.c: the device palette and its drags
 *
 * Copyright 2026 The Wirelab authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#define G_LOG_DOMAIN "test-canvas"

#include "config.h"

#include "test-canvas-util.h"
#include "wirelab-palette.h"

typedef struct
{
  CanvasFixture   base;
  WirelabPalette *palette;
} PaletteFixture;

static void
setup (PaletteFixture *f,
       gconstpointer   data)
{
  GtkWidget *paned;

  canvas_fixture_setup (&f->base, data);
  /* Palette and canvas side by side, as in the window. */
  g_object_ref (f->base.canvas);
  gtk_window_set_child (f->base.window, NULL);
  paned = gtk_paned_new (GTK_ORIENTATION_HORIZONTAL);
  f->palette = WIRELAB_PALETTE (wirelab_palette_new ());
  wirelab_palette_set_lab (f->palette, f->base.lab);
  wirelab_palette_set_canvas (f->palette, f->base.canvas);
  gtk_paned_set_start_child (GTK_PANED (paned), GTK_WIDGET (f->palette));
  gtk_paned_set_end_child (GTK_PANED (paned), GTK_WIDGET (f->base.canvas));
  g_object_unref (f->base.canvas);
  gtk_window_set_child (f->base.window, paned);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (f->palette));
}

static void
teardown (PaletteFixture *f,
          gconstpointer   data)
{
  canvas_fixture_teardown (&f->base, data);
}

static GtkListBox *
palette_list (WirelabPalette *palette)
{
  GtkWidget *scroller = gtk_widget_get_first_child (GTK_WIDGET (palette));
  GtkWidget *child = gtk_scrolled_window_get_child (GTK_SCROLLED_WINDOW (scroller));

  if (GTK_IS_VIEWPORT (child))
    child = gtk_viewport_get_child (GTK_VIEWPORT (child));
  g_assert_true (GTK_IS_LIST_BOX (child));
  return GTK_LIST_BOX (child);
}

static WirelabPaletteItem *
item_at (WirelabPalette *palette,
         guint           i)
{
  g_autoptr(WirelabPaletteItem) item = g_list_model_get_item (wirelab_palette_get_items (palette), i);

  return item;
}

static void
test_entries (PaletteFixture *f,
              gconstpointer   data)
{
  GListModel *items = wirelab_palette_get_items (f->palette);
  static const WirelabNodeKind others[] = {
    WIRELAB_NODE_KIND_ETHSW, WIRELAB_NODE_KIND_HUB, WIRELAB_NODE_KIND_FRSW, WIRELAB_NODE_KIND_VPCS,
  };
  g_autoptr(WirelabImage) image = NULL;
  g_autoptr(GError) error = NULL;
  GtkListBoxRow *row;
  GtkWidget *header;

  /* A new lab has the default image: one router entry, then the rest. */
  g_assert_cmpuint (g_list_model_get_n_items (items), ==, 5);
  g_assert_cmpint (wirelab_palette_item_get_kind (item_at (f->palette, 0)), ==, WIRELAB_NODE_KIND_ROUTER);
  g_assert_cmpstr (wirelab_palette_item_get_image_id (item_at (f->palette, 0)), ==, WIRELAB_DEFAULT_IMAGE_ID);
  for (guint i = 0; i < G_N_ELEMENTS (others); i++)
    g_assert_cmpint (wirelab_palette_item_get_kind (item_at (f->palette, i + 1)), ==, others[i]);

  /* One entry per image, grouped (and sorted) by platform, live. */
  image = wirelab_image_new ("c3640-img", "/images/c3640.image", "c3600");
  wirelab_image_set_name (image, "IOS 12.4 c3640");
  g_assert_true (wirelab_lab_add_image (f->base.lab, image, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (items), ==, 6);
  g_assert_cmpstr (wirelab_palette_item_get_image_id (item_at (f->palette, 0)), ==, "c3640-img");
  g_assert_cmpstr (wirelab_palette_item_get_label (item_at (f->palette, 0)), ==, "IOS 12.4 c3640");
  g_assert_cmpstr (wirelab_palette_item_get_image_id (item_at (f->palette, 1)), ==, WIRELAB_DEFAULT_IMAGE_ID);

  row = gtk_list_box_get_row_at_index (palette_list (f->palette), 0);
  header = gtk_list_box_row_get_header (row);
  g_assert_true (GTK_IS_LABEL (header));
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (header)), "c3600"));
  row = gtk_list_box_get_row_at_index (palette_list (f->palette), 1);
  header = gtk_list_box_row_get_header (row);
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (header)), "c7200"));

  /* Renaming the image renames its entry. */
  wirelab_image_set_name (image, "c3640 lab image");
  g_assert_cmpstr (wirelab_palette_item_get_label (item_at (f->palette, 0)), ==, "c3640 lab image");
  canvas_wait_frame (f->base.canvas);
}

static GtkDragSource *
row_drag_source (GtkListBoxRow *row)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (GTK_WIDGET (row));

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GObject) controller = g_list_model_get_item (controllers, i);

      if (GTK_IS_DRAG_SOURCE (controller))
        return GTK_DRAG_SOURCE (controller);
    }
  return NULL;
}

static void
test_drag_to_canvas (PaletteFixture *f,
                     gconstpointer   data)
{
  g_autoptr(WirelabImage) image = wirelab_image_new ("c2691-img", "/images/c2691.image", "c2691");
  g_autoptr(GError) error = NULL;
  g_auto(GValue) value = G_VALUE_INIT;
  g_autoptr(GdkContentProvider) provider = NULL;
  GtkDragSource *source;
  GtkListBoxRow *row;
  WirelabPaletteItem *item;
  WirelabNode *node;

  g_assert_true (wirelab_lab_add_image (f->base.lab, image, &error));
  row = gtk_list_box_get_row_at_index (palette_list (f->palette), 0);
  source = row_drag_source (row);
  g_assert_nonnull (source);

  /* What the row's drag offers: a WirelabPaletteItem for that image. */
  g_signal_emit_by_name (source, "prepare", 10.0, 10.0, &provider);
  g_assert_true (GDK_IS_CONTENT_PROVIDER (provider));
  g_value_init (&value, WIRELAB_TYPE_PALETTE_ITEM);
  g_assert_true (gdk_content_provider_get_value (provider, &value, &error));
  g_assert_no_error (error);
  item = g_value_get_object (&value);
  g_assert_cmpint (wirelab_palette_item_get_kind (item), ==, WIRELAB_NODE_KIND_ROUTER);
  g_assert_cmpstr (wirelab_palette_item_get_image_id (item), ==, "c2691-img");

  /* Dropped on the canvas: a router of that image. */
  g_assert_true (canvas_emit_drop (f->base.canvas, item, 200, 150));
  node = wirelab_lab_find_node_by_name (f->base.lab, "R1");
  g_assert_nonnull (node);
  g_assert_cmpstr (wirelab_node_get_image_id (node), ==, "c2691-img");
  g_assert_true (wirelab_canvas_get_node_at (f->base.canvas, 200, 150) == node);
}

static void
test_activate_adds_at_centre (PaletteFixture *f,
                              gconstpointer   data)
{
  GtkListBox *list = palette_list (f->palette);
  GtkListBoxRow *row;
  WirelabNode *pc;
  double cx, cy, mx, my;

  /* The last entry is the VPCS PC; Enter/double-click adds it mid-view. */
  row = gtk_list_box_get_row_at_index (list, 4);
  g_assert_cmpint (wirelab_palette_item_get_kind (item_at (f->palette, 4)), ==, WIRELAB_NODE_KIND_VPCS);
  g_signal_emit_by_name (list, "row-activated", row);
  pc = wirelab_lab_find_node_by_name (f->base.lab, "PC1");
  g_assert_nonnull (pc);
  cx = gtk_widget_get_width (GTK_WIDGET (f->base.canvas)) / 2.0;
  cy = gtk_widget_get_height (GTK_WIDGET (f->base.canvas)) / 2.0;
  wirelab_canvas_widget_to_model (f->base.canvas, cx, cy, &mx, &my);
  g_assert_cmpfloat_with_epsilon (wirelab_node_get_x (pc), mx, 1e-9);
  g_assert_cmpfloat_with_epsilon (wirelab_node_get_y (pc), my, 1e-9);
  g_assert_cmpuint (wirelab_canvas_get_n_selected_nodes (f->base.canvas), ==, 1);

  /* Without a lab the palette lists only the built-in devices. */
  wirelab_palette_set_lab (f->palette, NULL);
  g_assert_cmpuint (g_list_model_get_n_items (wirelab_palette_get_items (f->palette)), ==, 4);
}

int
main (int   argc,
      char *argv[])
{
  if (canvas_test_init (&argc, &argv))
    return 0;

#define ADD(path, func) g_test_add (path, PaletteFixture, NULL, setup, func, teardown)
  ADD ("/canvas/palette/entries", test_entries);
  ADD ("/canvas/palette/drag-to-canvas", test_drag_to_canvas);
  ADD ("/canvas/palette/activate", test_activate_adds_at_centre);
#undef ADD
  return g_test_run ();
}
