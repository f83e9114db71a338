/* wirelab-palette.c: the device palette
 *
 * Copyright 2026 The Wirelab authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * Rebuilt from the lab's images whenever they change (a handful of rows).
 * Rows are drag sources; their content is a WirelabPaletteItem.
 */

#define G_LOG_DOMAIN "wirelab-palette"

#include "config.h"

#include <glib/gi18n.h>

#include "wirelab-canvas-private.h"
#include "wirelab-palette.h"

struct _WirelabPalette
{
  GtkWidget      parent_instance;

  GtkWidget     *scroller;
  GtkListBox    *list;

  WirelabLab    *lab;
  WirelabCanvas *canvas;
  GListStore    *items;
  GPtrArray     *watched;       /* images whose notify we follow */
  gulong         images_changed_id;
};

G_DEFINE_FINAL_TYPE (WirelabPalette, wirelab_palette, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_LAB,
  PROP_CANVAS,
  N_PROPS
};

enum {
  ITEM_ACTIVATED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

#define ITEM_KEY  "wirelab-palette-item"
#define GROUP_KEY "wirelab-palette-group"

GtkWidget *
wirelab_palette_new (void)
{
  return g_object_new (WIRELAB_TYPE_PALETTE, NULL);
}

/* ---- rows ---- */

static GdkContentProvider *
on_drag_prepare (GtkDragSource *source,
                 double         x,
                 double         y,
                 GtkWidget     *row)
{
  WirelabPaletteItem *item = g_object_get_data (G_OBJECT (row), ITEM_KEY);

  return gdk_content_provider_new_typed (WIRELAB_TYPE_PALETTE_ITEM, item);
}

static void
on_drag_begin (GtkDragSource *source,
               GdkDrag       *drag,
               GtkWidget     *row)
{
  WirelabPaletteItem *item = g_object_get_data (G_OBJECT (row), ITEM_KEY);
  GdkTexture *texture = _wirelab_canvas_symbol_texture (wirelab_palette_item_get_kind (item), 1);

  gtk_drag_source_set_icon (source, GDK_PAINTABLE (texture),
                            gdk_texture_get_width (texture) / 2,
                            gdk_texture_get_height (texture) / 2);
}

static const char *
kind_description (WirelabNodeKind kind)
{
  switch (kind)
    {
    case WIRELAB_NODE_KIND_ETHSW:
      return _("8 ports, VLANs");
    case WIRELAB_NODE_KIND_HUB:
      return _("8 ports");
    case WIRELAB_NODE_KIND_FRSW:
      return _("DLCI switching");
    case WIRELAB_NODE_KIND_VPCS:
      return _("Simple PC (VPCS)");
    case WIRELAB_NODE_KIND_ROUTER:
    default:
      return NULL;
    }
}

static GtkWidget *
make_row (WirelabPalette     *self,
          WirelabPaletteItem *item,
          const char         *group,
          const char         *subtitle)
{
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 10);
  GtkWidget *texts = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *image = gtk_image_new_from_paintable (
    _wirelab_canvas_symbol_paintable (wirelab_palette_item_get_kind (item)));
  GtkWidget *title = gtk_label_new (wirelab_palette_item_get_label (item));
  GtkDragSource *source;

  gtk_image_set_pixel_size (GTK_IMAGE (image), 32);
  gtk_box_append (GTK_BOX (box), image);
  gtk_label_set_xalign (GTK_LABEL (title), 0);
  gtk_label_set_ellipsize (GTK_LABEL (title), PANGO_ELLIPSIZE_END);
  gtk_box_append (GTK_BOX (texts), title);
  if (subtitle != NULL)
    {
      GtkWidget *detail = gtk_label_new (subtitle);

      gtk_label_set_xalign (GTK_LABEL (detail), 0);
      gtk_label_set_ellipsize (GTK_LABEL (detail), PANGO_ELLIPSIZE_END);
      gtk_widget_add_css_class (detail, "caption");
      gtk_widget_add_css_class (detail, "dim-label");
      gtk_box_append (GTK_BOX (texts), detail);
    }
  gtk_widget_set_valign (texts, GTK_ALIGN_CENTER);
  gtk_box_append (GTK_BOX (box), texts);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  gtk_widget_set_tooltip_text (row, _("Drag onto the canvas, hold Shift to add several; "
                                      "double-click or Enter adds one"));

  g_object_set_data_full (G_OBJECT (row), ITEM_KEY, g_object_ref (item), g_object_unref);
  g_object_set_data_full (G_OBJECT (row), GROUP_KEY, g_strdup (group), g_free);

  source = gtk_drag_source_new ();
  gtk_drag_source_set_actions (source, GDK_ACTION_COPY);
  g_signal_connect (source, "prepare", G_CALLBACK (on_drag_prepare), row);
  g_signal_connect (source, "drag-begin", G_CALLBACK (on_drag_begin), row);
  gtk_widget_add_controller (row, GTK_EVENT_CONTROLLER (source));
  return row;
}

static void
update_header (GtkListBoxRow *row,
               GtkListBoxRow *before,
               gpointer       user_data)
{
  const char *group = g_object_get_data (G_OBJECT (row), GROUP_KEY);
  const char *previous = before != NULL ? g_object_get_data (G_OBJECT (before), GROUP_KEY) : NULL;
  GtkWidget *header;

  if (g_strcmp0 (group, previous) == 0)
    {
      gtk_list_box_row_set_header (row, NULL);
      return;
    }
  header = gtk_label_new (group);
  gtk_label_set_xalign (GTK_LABEL (header), 0);
  gtk_widget_add_css_class (header, "heading");
  gtk_widget_add_css_class (header, "dim-label");
  gtk_widget_set_margin_start (header, 12);
  gtk_widget_set_margin_top (header, before != NULL ? 12 : 6);
  gtk_widget_set_margin_bottom (header, 3);
  gtk_list_box_row_set_header (row, header);
}

/* ---- the list ---- */

static int
compare_images (gconstpointer a,
                gconstpointer b)
{
  WirelabImage *ia = *(WirelabImage **) a, *ib = *(WirelabImage **) b;
  int c = g_strcmp0 (wirelab_image_get_platform (ia), wirelab_image_get_platform (ib));

  return c != 0 ? c : g_utf8_collate (wirelab_image_get_name (ia), wirelab_image_get_name (ib));
}

static void on_image_notify (WirelabImage *image, GParamSpec *pspec, WirelabPalette *self);

static void
unwatch_images (WirelabPalette *self)
{
  for (guint i = 0; i < self->watched->len; i++)
    g_signal_handlers_disconnect_by_func (g_ptr_array_index (self->watched, i),
                                          on_image_notify, self);
  g_ptr_array_set_size (self->watched, 0);
}

static void
add_entry (WirelabPalette     *self,
           WirelabPaletteItem *item,
           const char         *group,
           const char         *subtitle)
{
  g_list_store_append (self->items, item);
  gtk_list_box_append (self->list, make_row (self, item, group, subtitle));
}

static void
rebuild (WirelabPalette *self)
{
  static const struct { WirelabNodeKind kind; const char *label; } others[] = {
    { WIRELAB_NODE_KIND_ETHSW, N_("Ethernet switch") },
    { WIRELAB_NODE_KIND_HUB, N_("Ethernet hub") },
    { WIRELAB_NODE_KIND_FRSW, N_("Frame Relay switch") },
    { WIRELAB_NODE_KIND_VPCS, N_("VPCS PC") },
  };
  g_autoptr(GPtrArray) images = g_ptr_array_new_with_free_func (g_object_unref);
  GtkWidget *child;

  unwatch_images (self);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->list))) != NULL)
    gtk_list_box_remove (self->list, child);
  g_list_store_remove_all (self->items);

  if (self->lab != NULL)
    {
      GListModel *model = wirelab_lab_get_images (self->lab);

      for (guint i = 0; i < g_list_model_get_n_items (model); i++)
        g_ptr_array_add (images, g_list_model_get_item (model, i));
      g_ptr_array_sort (images, compare_images);
    }

  for (guint i = 0; i < images->len; i++)
    {
      WirelabImage *image = g_ptr_array_index (images, i);
      g_autoptr(WirelabPaletteItem) item = NULL;
      g_autofree char *group = NULL;
      g_autofree char *subtitle = NULL;

      group = g_strdup_printf (_("Routers · %s"), wirelab_image_get_platform (image));
      subtitle = g_strdup_printf (_("%s, %u MiB"),
                                  *wirelab_image_get_model (image) != '\0'
                                  ? wirelab_image_get_model (image)
                                  : wirelab_image_get_platform (image),
                                  wirelab_image_get_ram (image));
      item = wirelab_palette_item_new (WIRELAB_NODE_KIND_ROUTER, wirelab_image_get_id (image),
                                       wirelab_image_get_name (image));
      add_entry (self, item, group, subtitle);
      g_signal_connect (image, "notify", G_CALLBACK (on_image_notify), self);
      g_ptr_array_add (self->watched, image);
    }

  for (guint i = 0; i < G_N_ELEMENTS (others); i++)
    {
      g_autoptr(WirelabPaletteItem) item =
        wirelab_palette_item_new (others[i].kind, NULL, _(others[i].label));

      add_entry (self, item,
                 others[i].kind == WIRELAB_NODE_KIND_VPCS ? _("End Devices") : _("Switching"),
                 kind_description (others[i].kind));
    }
}

static void
on_image_notify (WirelabImage   *image,
                 GParamSpec     *pspec,
                 WirelabPalette *self)
{
  if (g_str_equal (pspec->name, "name") || g_str_equal (pspec->name, "platform") ||
      g_str_equal (pspec->name, "model") || g_str_equal (pspec->name, "ram"))
    rebuild (self);
}

static void
on_images_changed (GListModel     *model,
                   guint           position,
                   guint           removed,
                   guint           added,
                   WirelabPalette *self)
{
  rebuild (self);
}

static void
on_row_activated (GtkListBox     *list,
                  GtkListBoxRow  *row,
                  WirelabPalette *self)
{
  WirelabPaletteItem *item = g_object_get_data (G_OBJECT (row), ITEM_KEY);
  const char *image;

  if (item == NULL)
    return;
  g_signal_emit (self, signals[ITEM_ACTIVATED], 0, item);
  if (self->canvas == NULL)
    return;
  image = wirelab_palette_item_get_image_id (item);
  gtk_widget_activate_action (GTK_WIDGET (self->canvas), "canvas.add-node", "(ss)",
                              wirelab_node_kind_to_string (wirelab_palette_item_get_kind (item)),
                              image != NULL ? image : "");
}

/* ---- properties ---- */

WirelabLab *
wirelab_palette_get_lab (WirelabPalette *self)
{
  g_return_val_if_fail (WIRELAB_IS_PALETTE (self), NULL);
  return self->lab;
}

void
wirelab_palette_set_lab (WirelabPalette *self,
                         WirelabLab     *lab)
{
  g_return_if_fail (WIRELAB_IS_PALETTE (self));
  g_return_if_fail (lab == NULL || WIRELAB_IS_LAB (lab));

  if (self->lab == lab)
    return;
  if (self->lab != NULL)
    {
      g_clear_signal_handler (&self->images_changed_id, wirelab_lab_get_images (self->lab));
      g_clear_object (&self->lab);
    }
  if (lab != NULL)
    {
      self->lab = g_object_ref (lab);
      self->images_changed_id = g_signal_connect (wirelab_lab_get_images (lab), "items-changed",
                                                  G_CALLBACK (on_images_changed), self);
    }
  rebuild (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LAB]);
}

WirelabCanvas *
wirelab_palette_get_canvas (WirelabPalette *self)
{
  g_return_val_if_fail (WIRELAB_IS_PALETTE (self), NULL);
  return self->canvas;
}

void
wirelab_palette_set_canvas (WirelabPalette *self,
                            WirelabCanvas  *canvas)
{
  g_return_if_fail (WIRELAB_IS_PALETTE (self));
  g_return_if_fail (canvas == NULL || WIRELAB_IS_CANVAS (canvas));

  if (self->canvas == canvas)
    return;
  if (self->canvas != NULL)
    g_object_remove_weak_pointer (G_OBJECT (self->canvas), (gpointer *) &self->canvas);
  self->canvas = canvas;
  if (canvas != NULL)
    g_object_add_weak_pointer (G_OBJECT (canvas), (gpointer *) &self->canvas);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CANVAS]);
}

GListModel *
wirelab_palette_get_items (WirelabPalette *self)
{
  g_return_val_if_fail (WIRELAB_IS_PALETTE (self), NULL);
  return G_LIST_MODEL (self->items);
}

static void
wirelab_palette_dispose (GObject *object)
{
  WirelabPalette *self = WIRELAB_PALETTE (object);

  wirelab_palette_set_canvas (self, NULL);
  if (self->lab != NULL)
    {
      unwatch_images (self);
      g_clear_signal_handler (&self->images_changed_id, wirelab_lab_get_images (self->lab));
      g_clear_object (&self->lab);
    }
  gtk_widget_dispose_template (GTK_WIDGET (self), WIRELAB_TYPE_PALETTE);
  G_OBJECT_CLASS (wirelab_palette_parent_class)->dispose (object);
}

static void
wirelab_palette_finalize (GObject *object)
{
  WirelabPalette *self = WIRELAB_PALETTE (object);

  g_clear_object (&self->items);
  g_clear_pointer (&self->watched, g_ptr_array_unref);
  G_OBJECT_CLASS (wirelab_palette_parent_class)->finalize (object);
}

static void
wirelab_palette_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  WirelabPalette *self = WIRELAB_PALETTE (object);

  switch (prop_id)
    {
    case PROP_LAB:
      g_value_set_object (value, self->lab);
      break;
    case PROP_CANVAS:
      g_value_set_object (value, self->canvas);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
wirelab_palette_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  WirelabPalette *self = WIRELAB_PALETTE (object);

  switch (prop_id)
    {
    case PROP_LAB:
      wirelab_palette_set_lab (self, g_value_get_object (value));
      break;
    case PROP_CANVAS:
      wirelab_palette_set_canvas (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
wirelab_palette_class_init (WirelabPaletteClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GParamFlags rw = G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY;

  object_class->dispose = wirelab_palette_dispose;
  object_class->finalize = wirelab_palette_finalize;
  object_class->get_property = wirelab_palette_get_property;
  object_class->set_property = wirelab_palette_set_property;

  properties[PROP_LAB] = g_param_spec_object ("lab", NULL, NULL, WIRELAB_TYPE_LAB, rw);
  properties[PROP_CANVAS] = g_param_spec_object ("canvas", NULL, NULL, WIRELAB_TYPE_CANVAS, rw);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* An entry was activated (double-click, Enter). */
  signals[ITEM_ACTIVATED] =
    g_signal_new ("item-activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, WIRELAB_TYPE_PALETTE_ITEM);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PATH "/ui/wirelab-palette.ui");
  gtk_widget_class_bind_template_child (widget_class, WirelabPalette, scroller);
  gtk_widget_class_bind_template_child (widget_class, WirelabPalette, list);
  gtk_widget_class_bind_template_callback (widget_class, on_row_activated);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "wirelab-palette");
}

static void
wirelab_palette_init (WirelabPalette *self)
{
  self->items = g_list_store_new (WIRELAB_TYPE_PALETTE_ITEM);
  self->watched = g_ptr_array_new ();
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_list_box_set_header_func (self->list, update_header, NULL, NULL);
  rebuild (self);
}
