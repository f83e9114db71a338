/* wirelab-canvas-render.c: how the canvas draws
 *
 * Copyright 2026 The Wirelab authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * Everything is drawn with GtkSnapshot primitives (GTK 4.8 has no GskPath):
 * symbols are textures, links are rotated thin color nodes, dots and label
 * backgrounds are rounded clips.  Each item renders once into render nodes
 * in model coordinates and keeps them until it changes, as Sysprof's flame
 * graph keeps its rendered node; a frame asks the hit grid what is in view
 * and appends those items' nodes, in layers (lines, symbols, link details,
 * names), under the view transform.
 *
 * Levels of detail, from the symbol's size on screen: textures rasterised
 * near that size; under 16 px plain shapes with the cairo renderer (which
 * copies and filters a texture on every draw, about ten times the cost of a
 * color node; GL draws textures for nearly nothing); names under zoom 0.45
 * and status dots and interface labels under 0.55 are not drawn at all.
 */

#define G_LOG_DOMAIN "wirelab-canvas"

#include "config.h"

#include <math.h>

#include "wirelab-canvas-private.h"

/* ---- style ---- */

static void
lookup_color (GtkStyleContext *context,
              const char      *name,
              const char      *fallback,
              GdkRGBA         *out)
{
  if (!gtk_style_context_lookup_color (context, name, out))
    gdk_rgba_parse (out, fallback);
}

static GdkRGBA
with_alpha (const GdkRGBA *color,
            float          alpha)
{
  GdkRGBA c = *color;

  c.alpha *= alpha;
  return c;
}

void
_wirelab_canvas_load_style (WirelabCanvas *self)
{
  GtkStyleContext *context = gtk_widget_get_style_context (GTK_WIDGET (self));
  PangoContext *pango = gtk_widget_get_pango_context (GTK_WIDGET (self));
  const PangoFontDescription *base = pango_context_get_font_description (pango);
  WlCanvasColors *c = &self->colors;
  gboolean dark;

  lookup_color (context, "view_bg_color", "#ffffff", &c->background);
  lookup_color (context, "view_fg_color", "rgba(0,0,0,0.8)", &c->foreground);
  lookup_color (context, "accent_color", "#1c71d8", &c->accent);
  lookup_color (context, "accent_bg_color", "#3584e4", &c->accent_bg);
  lookup_color (context, "accent_fg_color", "#ffffff", &c->accent_fg);
  c->accent_fill = c->accent_bg;
  c->foreground.alpha = 1.0;
  dark = (c->background.red + c->background.green + c->background.blue) < 1.5;

  c->grid = with_alpha (&c->foreground, dark ? 0.09 : 0.07);
  c->link = with_alpha (&c->foreground, dark ? 0.55 : 0.45);
  c->label_bg = with_alpha (&c->background, 0.88);
  c->label_fg = with_alpha (&c->foreground, 0.9);
  c->accent_fill.alpha = 0.16;
  /* libadwaita's palette: red 3, green 4, yellow 4, orange 3, purple 3. */
  gdk_rgba_parse (&c->stopped, "#e01b24");
  gdk_rgba_parse (&c->running, "#2ec27e");
  gdk_rgba_parse (&c->suspended, "#f5c211");
  gdk_rgba_parse (&c->transition, "#ff7800");
  gdk_rgba_parse (&c->capture, "#9141ac");

  g_clear_pointer (&self->name_font, pango_font_description_free);
  g_clear_pointer (&self->iface_font, pango_font_description_free);
  if (self->dot_textures != NULL)
    g_hash_table_remove_all (self->dot_textures);
  self->name_font = base != NULL ? pango_font_description_copy (base)
                                 : pango_font_description_from_string ("Sans");
  pango_font_description_set_absolute_size (self->name_font, WL_CANVAS_NAME_PX * PANGO_SCALE);
  pango_font_description_set_weight (self->name_font, PANGO_WEIGHT_MEDIUM);
  self->iface_font = pango_font_description_copy (self->name_font);
  pango_font_description_set_absolute_size (self->iface_font, WL_CANVAS_IFACE_PX * PANGO_SCALE);
  pango_font_description_set_weight (self->iface_font, PANGO_WEIGHT_NORMAL);
}

GdkRGBA
_wirelab_canvas_status_color (WirelabCanvas *self,
                              WirelabNode   *node)
{
  switch (wirelab_node_get_status (node))
    {
    case WIRELAB_NODE_STATUS_RUNNING:
      return self->colors.running;
    case WIRELAB_NODE_STATUS_SUSPENDED:
      return self->colors.suspended;
    case WIRELAB_NODE_STATUS_STARTING:
    case WIRELAB_NODE_STATUS_STOPPING:
      return self->colors.transition;
    case WIRELAB_NODE_STATUS_STOPPED:
    default:
      return self->colors.stopped;
    }
}

/* ---- primitives ---- */

static void
append_disc (GtkSnapshot   *snapshot,
             double         cx,
             double         cy,
             double         r,
             const GdkRGBA *color)
{
  graphene_rect_t rect = GRAPHENE_RECT_INIT (cx - r, cy - r, 2 * r, 2 * r);
  GskRoundedRect rounded;

  gsk_rounded_rect_init_from_rect (&rounded, &rect, r);
  gtk_snapshot_push_rounded_clip (snapshot, &rounded);
  gtk_snapshot_append_color (snapshot, color, &rect);
  gtk_snapshot_pop (snapshot);
}

/* A status dot.  GL draws a texture for a fraction of a rounded clip's
 * cost (it batches them); cairo is the other way round. */
static GdkTexture *
dot_texture (WirelabCanvas *self,
             const GdkRGBA *color)
{
  guint key = ((guint) (color->red * 255) << 24) | ((guint) (color->green * 255) << 16) |
              ((guint) (color->blue * 255) << 8) | (guint) (color->alpha * 255);
  GdkTexture *texture;
  int px = 40;   /* the dot is 9 units wide: sharp up to 4x zoom */
  cairo_surface_t *surface;
  g_autoptr(GBytes) bytes = NULL;
  cairo_t *cr;

  if (self->dot_textures == NULL)
    self->dot_textures = g_hash_table_new_full (NULL, NULL, NULL, g_object_unref);
  texture = g_hash_table_lookup (self->dot_textures, GUINT_TO_POINTER (key));
  if (texture != NULL)
    return texture;

  surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, px, px);
  cr = cairo_create (surface);
  gdk_cairo_set_source_rgba (cr, color);
  cairo_arc (cr, px / 2.0, px / 2.0, px / 2.0 - 0.5, 0, 2 * G_PI);
  cairo_fill (cr);
  cairo_destroy (cr);
  cairo_surface_flush (surface);
  bytes = g_bytes_new_with_free_func (cairo_image_surface_get_data (surface),
                                      (gsize) cairo_image_surface_get_stride (surface) * px,
                                      (GDestroyNotify) cairo_surface_destroy, surface);
  texture = gdk_memory_texture_new (px, px, GDK_MEMORY_DEFAULT, bytes,
                                    cairo_image_surface_get_stride (surface));
  g_hash_table_insert (self->dot_textures, GUINT_TO_POINTER (key), texture);
  return texture;
}

static void
append_dot (WirelabCanvas *self,
            GtkSnapshot   *snapshot,
            double         cx,
            double         cy,
            const GdkRGBA *color)
{
  double r = WL_CANVAS_DOT_RADIUS;

  if (self->cairo_renderer)
    append_disc (snapshot, cx, cy, r, color);
  else
    gtk_snapshot_append_texture (snapshot, dot_texture (self, color),
                                 &GRAPHENE_RECT_INIT (cx - r, cy - r, 2 * r, 2 * r));
}

static void
append_ring (GtkSnapshot           *snapshot,
             const graphene_rect_t *rect,
             double                 radius,
             double                 width,
             const GdkRGBA         *color)
{
  GskRoundedRect rounded;
  const float widths[4] = { width, width, width, width };
  const GdkRGBA colors[4] = { *color, *color, *color, *color };

  gsk_rounded_rect_init_from_rect (&rounded, rect, radius);
  gtk_snapshot_append_border (snapshot, &rounded, widths, colors);
}

static void
append_pill (GtkSnapshot           *snapshot,
             const graphene_rect_t *rect,
             const GdkRGBA         *color)
{
  GskRoundedRect rounded;

  gsk_rounded_rect_init_from_rect (&rounded, rect, MIN (rect->size.height / 2, 6));
  gtk_snapshot_push_rounded_clip (snapshot, &rounded);
  gtk_snapshot_append_color (snapshot, color, rect);
  gtk_snapshot_pop (snapshot);
}

static void
append_line (GtkSnapshot            *snapshot,
             const graphene_point_t *a,
             const graphene_point_t *b,
             double                  width,
             const GdkRGBA          *color)
{
  double dx = b->x - a->x, dy = b->y - a->y;
  double length = hypot (dx, dy);

  if (length < 0.5)
    return;
  /* Level and plumb lines (common in tidy topologies) need no rotation:
   * crisper, and a plain color node batches in GL and fills fast in cairo. */
  if (fabs (dy) < 1e-6)
    {
      gtk_snapshot_append_color (snapshot, color,
                                 &GRAPHENE_RECT_INIT (MIN (a->x, b->x), a->y - width / 2,
                                                      fabs (dx), width));
      return;
    }
  if (fabs (dx) < 1e-6)
    {
      gtk_snapshot_append_color (snapshot, color,
                                 &GRAPHENE_RECT_INIT (a->x - width / 2, MIN (a->y, b->y),
                                                      width, fabs (dy)));
      return;
    }
  gtk_snapshot_save (snapshot);
  gtk_snapshot_translate (snapshot, a);
  gtk_snapshot_rotate (snapshot, atan2 (dy, dx) * 180.0 / G_PI);
  gtk_snapshot_append_color (snapshot, color,
                             &GRAPHENE_RECT_INIT (0, -width / 2, length, width));
  gtk_snapshot_restore (snapshot);
}

/* Text centred on cx, its top at y, on a rounded background (bg NULL:
 * none). */
static void
append_label (GtkSnapshot   *snapshot,
              PangoLayout   *layout,
              double         cx,
              double         y,
              double         pad_x,
              double         pad_y,
              const GdkRGBA *bg,
              const GdkRGBA *fg)
{
  int w, h;

  pango_layout_get_pixel_size (layout, &w, &h);
  if (bg != NULL)
    append_pill (snapshot,
                 &GRAPHENE_RECT_INIT (cx - w / 2.0 - pad_x, y, w + 2 * pad_x, h + 2 * pad_y),
                 bg);
  gtk_snapshot_save (snapshot);
  gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (cx - w / 2.0, y + pad_y));
  gtk_snapshot_append_layout (snapshot, layout, fg);
  gtk_snapshot_restore (snapshot);
}

/* ---- items ---- */

PangoLayout *
_wirelab_canvas_node_layout (WirelabCanvas *self,
                             WlCanvasNode  *item)
{
  if (item->layout == NULL)
    {
      item->layout = gtk_widget_create_pango_layout (GTK_WIDGET (self),
                                                     wirelab_node_get_name (item->node));
      pango_layout_set_font_description (item->layout, self->name_font);
      _wirelab_canvas_node_update_bounds (self, item);
    }
  return item->layout;
}

static void
draw_node_symbol (WirelabCanvas *self,
                  GtkSnapshot   *snapshot,
                  WlCanvasNode  *item,
                  int            lod)
{
  double half = WL_CANVAS_SYMBOL / 2;
  graphene_rect_t rect = GRAPHENE_RECT_INIT (item->x - half, item->y - half,
                                             WL_CANVAS_SYMBOL, WL_CANVAS_SYMBOL);
  gboolean round = item->kind == WIRELAB_NODE_KIND_ROUTER;

  if (item->selected)
    {
      graphene_rect_t halo;
      double r = round ? half + 5 : 16;

      graphene_rect_inset_r (&rect, -5, -5, &halo);
      if (lod == WL_LOD_TINY)
        append_pill (snapshot, &halo, &self->colors.accent_bg);
      else
        {
          GskRoundedRect rounded;

          gsk_rounded_rect_init_from_rect (&rounded, &halo, r);
          gtk_snapshot_push_rounded_clip (snapshot, &rounded);
          gtk_snapshot_append_color (snapshot, &self->colors.accent_fill, &halo);
          gtk_snapshot_pop (snapshot);
          append_ring (snapshot, &halo, r, 2.5, &self->colors.accent);
        }
    }
  if (lod == WL_LOD_TINY && self->cairo_renderer)
    {
      GdkRGBA color = _wirelab_canvas_kind_color (item->kind);

      gtk_snapshot_append_color (snapshot, &color, &rect);
    }
  else
    gtk_snapshot_append_texture (snapshot,
                                 _wirelab_canvas_symbol_texture (item->kind, MAX (lod, 0)),
                                 &rect);
}

static void
draw_node_name (WirelabCanvas *self,
                GtkSnapshot   *snapshot,
                WlCanvasNode  *item,
                int            lod)
{
  PangoLayout *layout = _wirelab_canvas_node_layout (self, item);
  double top = item->y + WL_CANVAS_SYMBOL / 2 + 5;

  if (item->selected)
    append_label (snapshot, layout, item->x, top, 6, 1,
                  &self->colors.accent_bg, &self->colors.accent_fg);
  else
    /* Zoomed out (link labels hidden), names need no background. */
    append_label (snapshot, layout, item->x, top, 6, 1,
                  lod >= 1 ? &self->colors.label_bg : NULL, &self->colors.label_fg);
}

/* Interface names as GNS3 prints them on links: f0/0, e1/2, s0/0 … */
static char *
short_interface_name (const char *name)
{
  static const struct { const char *prefix; const char *abbrev; } table[] = {
    { "FastEthernet", "f" }, { "GigabitEthernet", "g" }, { "Ethernet", "e" },
    { "Serial", "s" }, { "ATM", "a" }, { "POS", "p" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (table); i++)
    if (g_str_has_prefix (name, table[i].prefix) &&
        g_ascii_isdigit (name[strlen (table[i].prefix)]))
      return g_strconcat (table[i].abbrev, name + strlen (table[i].prefix), NULL);
  return g_strdup (name);
}

static PangoLayout *
link_label (WirelabCanvas *self,
            WlCanvasLink  *item,
            guint          end)
{
  if (item->labels[end] == NULL)
    {
      g_autofree char *text = short_interface_name (wirelab_link_get_interface (item->link, end));

      item->labels[end] = gtk_widget_create_pango_layout (GTK_WIDGET (self), text);
      pango_layout_set_font_description (item->labels[end], self->iface_font);
    }
  return item->labels[end];
}

static void
append_capture_marker (WirelabCanvas          *self,
                       GtkSnapshot            *snapshot,
                       const graphene_point_t *at)
{
  GdkRGBA white = { 1, 1, 1, 1 };

  /* A magnifier on a round badge, as GNS3 marks a captured link. */
  append_disc (snapshot, at->x, at->y, 9, &self->colors.background);
  append_disc (snapshot, at->x, at->y, 8, &self->colors.capture);
  append_ring (snapshot, &GRAPHENE_RECT_INIT (at->x - 4.5, at->y - 4.5, 7, 7), 3.5, 1.6, &white);
  append_line (snapshot, &GRAPHENE_POINT_INIT (at->x + 1.6, at->y + 1.6),
               &GRAPHENE_POINT_INIT (at->x + 4.6, at->y + 4.6), 1.8, &white);
}

void
_wirelab_canvas_draw_link_line (WirelabCanvas          *self,
                                GtkSnapshot            *snapshot,
                                WlCanvasLink           *item,
                                const graphene_point_t *a,
                                const graphene_point_t *b)
{
  if (item->selected)
    {
      GdkRGBA halo = self->colors.accent;

      halo.alpha = 0.25;
      append_line (snapshot, a, b, 8, &halo);
      append_line (snapshot, a, b, 2.5, &self->colors.accent);
    }
  else
    append_line (snapshot, a, b, WL_CANVAS_LINK_WIDTH, &self->colors.link);
  if (wirelab_link_get_capturing (item->link))
    append_capture_marker (self, snapshot,
                           &GRAPHENE_POINT_INIT ((a->x + b->x) / 2, (a->y + b->y) / 2));
}

void
_wirelab_canvas_draw_link_details (WirelabCanvas          *self,
                                   GtkSnapshot            *snapshot,
                                   WlCanvasLink           *item,
                                   const graphene_point_t *a,
                                   const graphene_point_t *b,
                                   int                     lod)
{
  double dx = b->x - a->x, dy = b->y - a->y;
  double length = hypot (dx, dy);
  double ux, uy;

  if (length < 1 || item->ends[0] == NULL || item->ends[1] == NULL)
    return;
  ux = dx / length;
  uy = dy / length;

  for (guint e = 0; e < 2; e++)
    {
      const graphene_point_t *p = e == 0 ? a : b;
      double sx = e == 0 ? ux : -ux, sy = e == 0 ? uy : -uy;
      double dot = MIN (WL_CANVAS_DOT_DISTANCE, length * 0.3);
      GdkRGBA color;

      if (self->show_iface_labels)
        {
          double d = MIN (WL_CANVAS_LABEL_DISTANCE, length * 0.5 - 14);

          if (d > dot + 8)
            {
              PangoLayout *layout = link_label (self, item, e);
              int w, h;

              pango_layout_get_pixel_size (layout, &w, &h);
              append_label (snapshot, layout, p->x + sx * d, p->y + sy * d - h / 2.0 - 1, 4, 1,
                            &self->colors.label_bg, &self->colors.label_fg);
            }
        }

      if (wirelab_link_get_suspended (item->link))
        color = self->colors.suspended;
      else
        color = _wirelab_canvas_status_color (self, item->ends[e]->node);
      /* A ring of background keeps the dot apart from the line, when it is
       * big enough on screen to matter (zoomed in). */
      if (lod >= 2)
        append_disc (snapshot, p->x + sx * dot, p->y + sy * dot, WL_CANVAS_DOT_RADIUS + 1.5,
                     &self->colors.background);
      append_dot (self, snapshot, p->x + sx * dot, p->y + sy * dot, &color);
    }
}

/* ---- per-item caches ---- */

static void
link_points (WlCanvasLink     *item,
             graphene_point_t *a,
             graphene_point_t *b)
{
  *a = GRAPHENE_POINT_INIT (item->ends[0]->x, item->ends[0]->y);
  *b = GRAPHENE_POINT_INIT (item->ends[1]->x, item->ends[1]->y);
}

static GskRenderNode *
finish (GtkSnapshot *snapshot)
{
  GskRenderNode *node = gtk_snapshot_free_to_node (snapshot);

  return node != NULL ? node : gsk_container_node_new (NULL, 0);
}

static void
ensure_node (WirelabCanvas *self,
             WlCanvasNode  *item,
             int            lod)
{
  GtkSnapshot *snapshot;

  if (item->lod != lod)
    {
      g_clear_pointer (&item->symbol, gsk_render_node_unref);
      g_clear_pointer (&item->details, gsk_render_node_unref);
      item->lod = lod;
    }
  if (item->symbol == NULL)
    {
      snapshot = gtk_snapshot_new ();
      draw_node_symbol (self, snapshot, item, lod);
      item->symbol = finish (snapshot);
    }
}

static GskRenderNode *
node_details (WirelabCanvas *self,
              WlCanvasNode  *item)
{
  if (item->details == NULL)
    {
      GtkSnapshot *snapshot = gtk_snapshot_new ();

      draw_node_name (self, snapshot, item, item->lod);
      item->details = finish (snapshot);
    }
  return item->details;
}

static void
ensure_link (WirelabCanvas *self,
             WlCanvasLink  *item,
             int            lod)
{
  graphene_point_t a, b;

  if (item->lod != lod)
    {
      g_clear_pointer (&item->line, gsk_render_node_unref);
      g_clear_pointer (&item->details, gsk_render_node_unref);
      item->lod = lod;
    }
  if (item->line == NULL)
    {
      GtkSnapshot *snapshot = gtk_snapshot_new ();

      link_points (item, &a, &b);
      _wirelab_canvas_draw_link_line (self, snapshot, item, &a, &b);
      item->line = finish (snapshot);
    }
}

static GskRenderNode *
link_details (WirelabCanvas *self,
              WlCanvasLink  *item)
{
  if (item->details == NULL)
    {
      GtkSnapshot *snapshot = gtk_snapshot_new ();
      graphene_point_t a, b;

      link_points (item, &a, &b);
      _wirelab_canvas_draw_link_details (self, snapshot, item, &a, &b, item->lod);
      item->details = finish (snapshot);
    }
  return item->details;
}

static int
compare_node_serial (gconstpointer a,
                     gconstpointer b)
{
  const WlCanvasNode *x = *(WlCanvasNode **) a, *y = *(WlCanvasNode **) b;

  return (x->serial > y->serial) - (x->serial < y->serial);
}

static int
compare_link_serial (gconstpointer a,
                     gconstpointer b)
{
  const WlCanvasLink *x = *(WlCanvasLink **) a, *y = *(WlCanvasLink **) b;

  return (x->serial > y->serial) - (x->serial < y->serial);
}

static void
draw_drag_edges (WirelabCanvas *self,
                 GtkSnapshot   *snapshot,
                 gboolean       details,
                 int            lod)
{
  for (guint i = 0; i < self->drag_edges->len; i++)
    {
      WlCanvasLink *item = g_ptr_array_index (self->drag_edges, i);
      graphene_point_t p[2];

      if (item->ends[0] == NULL || item->ends[1] == NULL)
        continue;
      for (guint e = 0; e < 2; e++)
        {
          p[e] = GRAPHENE_POINT_INIT (item->ends[e]->x, item->ends[e]->y);
          if (item->ends[e]->floating)
            {
              p[e].x += self->drag_dx;
              p[e].y += self->drag_dy;
            }
        }
      if (details)
        _wirelab_canvas_draw_link_details (self, snapshot, item, &p[0], &p[1], lod);
      else
        _wirelab_canvas_draw_link_line (self, snapshot, item, &p[0], &p[1]);
    }
}

static void
draw_grid (WirelabCanvas *self,
           GtkSnapshot   *snapshot,
           int            width,
           int            height)
{
  double step = self->grid_size * self->zoom;
  double x0, y0;

  if (self->grid_size == 0 || step < 6)
    return;
  /* Lines in widget pixels: as many as fit the view, never per node. */
  x0 = fmod (self->offset_x, step);
  y0 = fmod (self->offset_y, step);
  if (x0 < 0)
    x0 += step;
  if (y0 < 0)
    y0 += step;
  for (double x = x0; x < width; x += step)
    gtk_snapshot_append_color (snapshot, &self->colors.grid,
                               &GRAPHENE_RECT_INIT (round (x), 0, 1, height));
  for (double y = y0; y < height; y += step)
    gtk_snapshot_append_color (snapshot, &self->colors.grid,
                               &GRAPHENE_RECT_INIT (0, round (y), width, 1));
}

static void
draw_link_tool (WirelabCanvas *self,
                GtkSnapshot   *snapshot)
{
  double mx, my;
  GdkRGBA color = self->colors.accent;

  if (self->link_from == NULL || !self->pointer_inside)
    return;
  wirelab_canvas_widget_to_model (self, self->pointer_x, self->pointer_y, &mx, &my);
  color.alpha = 0.8;
  append_line (snapshot, &GRAPHENE_POINT_INIT (self->link_from->x, self->link_from->y),
               &GRAPHENE_POINT_INIT (mx, my), 2.5, &color);
}

/* The items of the hit grids meeting `view` that are (or are not)
 * floating, in drawing order. */
static void
query_items (WirelabCanvas         *self,
             const graphene_rect_t *view,
             gboolean               floating,
             GPtrArray            **out_nodes,
             GPtrArray            **out_links)
{
  GPtrArray *nodes = wl_hit_grid_query (self->node_grid, view);
  GPtrArray *links = wl_hit_grid_query (self->link_grid, view);
  guint n = 0;

  for (guint i = 0; i < nodes->len; i++)
    if (!((WlCanvasNode *) g_ptr_array_index (nodes, i))->floating == !floating)
      nodes->pdata[n++] = nodes->pdata[i];
  g_ptr_array_set_size (nodes, n);
  n = 0;
  for (guint i = 0; i < links->len; i++)
    {
      WlCanvasLink *item = g_ptr_array_index (links, i);

      if (item->ends[0] == NULL || item->ends[1] == NULL)
        continue;
      /* Floating: both ends move (a link with one moving end is drawn
       * afresh every frame, see draw_drag_edges()). */
      if (floating ? (item->ends[0]->floating && item->ends[1]->floating) : !item->floating)
        links->pdata[n++] = item;
    }
  g_ptr_array_set_size (links, n);
  g_ptr_array_sort (nodes, compare_node_serial);
  g_ptr_array_sort (links, compare_link_serial);
  *out_nodes = nodes;
  *out_links = links;
}

/* Appends the cached drawing of these items in layers: lines, (moving
 * links), symbols, link details, names. */
static void
append_items (WirelabCanvas *self,
              GtkSnapshot   *snapshot,
              GPtrArray     *nodes,
              GPtrArray     *links,
              gboolean       with_edges,
              int            lod)
{
  for (guint i = 0; i < links->len; i++)
    {
      WlCanvasLink *item = g_ptr_array_index (links, i);

      ensure_link (self, item, lod);
      gtk_snapshot_append_node (snapshot, item->line);
    }
  if (with_edges)
    draw_drag_edges (self, snapshot, FALSE, lod);
  for (guint i = 0; i < nodes->len; i++)
    {
      WlCanvasNode *item = g_ptr_array_index (nodes, i);

      ensure_node (self, item, lod);
      gtk_snapshot_append_node (snapshot, item->symbol);
    }
  if (self->zoom >= WL_CANVAS_LINK_DETAIL_MIN_ZOOM)
    {
      for (guint i = 0; i < links->len; i++)
        gtk_snapshot_append_node (snapshot, link_details (self, g_ptr_array_index (links, i)));
      if (with_edges)
        draw_drag_edges (self, snapshot, TRUE, lod);
    }
  if (self->zoom >= WL_CANVAS_NAME_MIN_ZOOM)
    for (guint i = 0; i < nodes->len; i++)
      {
        WlCanvasNode *item = g_ptr_array_index (nodes, i);

        /* The rename entry stands in for that name. */
        if (item != self->renaming)
          gtk_snapshot_append_node (snapshot, node_details (self, item));
      }
}

void
_wirelab_canvas_render_scene (WirelabCanvas *self,
                              GtkSnapshot   *snapshot)
{
  GtkWidget *widget = GTK_WIDGET (self);
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  int scale = gtk_widget_get_scale_factor (widget);
  GtkNative *native = gtk_widget_get_native (widget);
  GskRenderer *renderer = native != NULL ? gtk_native_get_renderer (native) : NULL;
  int lod = _wirelab_canvas_lod_for_zoom (self->zoom * scale);
  gboolean moving = self->drag_mode == WL_DRAG_MOVE && self->drag_nodes != NULL;
  g_autoptr(GPtrArray) nodes = NULL;
  g_autoptr(GPtrArray) links = NULL;
  graphene_rect_t view;

  if (renderer != NULL && GSK_IS_CAIRO_RENDERER (renderer) != self->cairo_renderer)
    {
      self->cairo_renderer = GSK_IS_CAIRO_RENDERER (renderer);
      _wirelab_canvas_invalidate_all (self);
    }

  gtk_snapshot_append_color (snapshot, &self->colors.background,
                             &GRAPHENE_RECT_INIT (0, 0, width, height));
  if (self->show_grid)
    draw_grid (self, snapshot, width, height);

  gtk_snapshot_save (snapshot);
  /* Whole device pixels: symbols land on the pixel grid at 1:1. */
  gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (round (self->offset_x * scale) / scale,
                                                          round (self->offset_y * scale) / scale));
  gtk_snapshot_scale (snapshot, self->zoom, self->zoom);

  /* What is in view, from the hit grids: nothing else is drawn. */
  _wirelab_canvas_visible_model_rect (self, &view);
  query_items (self, &view, FALSE, &nodes, &links);
  append_items (self, snapshot, nodes, links, moving, lod);

  if (moving)
    {
      /* A move translates the moving items' own cached drawing; they are
       * still filed where they started, so look there. */
      g_autoptr(GPtrArray) fnodes = NULL;
      g_autoptr(GPtrArray) flinks = NULL;
      graphene_rect_t start = view;

      start.origin.x -= self->drag_dx;
      start.origin.y -= self->drag_dy;
      query_items (self, &start, TRUE, &fnodes, &flinks);
      gtk_snapshot_save (snapshot);
      gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (self->drag_dx, self->drag_dy));
      append_items (self, snapshot, fnodes, flinks, FALSE, lod);
      gtk_snapshot_restore (snapshot);
    }

  draw_link_tool (self, snapshot);
  gtk_snapshot_restore (snapshot);

  if (self->drag_mode == WL_DRAG_RUBBER)
    {
      graphene_rect_t r = self->rubber;

      append_pill (snapshot, &r, &self->colors.accent_fill);
      append_ring (snapshot, &r, 6, 1, &self->colors.accent);
    }
}
