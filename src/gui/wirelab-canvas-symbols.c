/* wirelab-canvas-symbols.c: the device symbols
 *
 * Copyright 2026 The Wirelab authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * One small SVG per kind in the GResource (ui/icons/), rasterised once per
 * level of detail: the canvas draws each symbol as a texture node from the
 * level closest above its size on screen, so neither renderer scales a big
 * image down for every node of a zoomed-out lab.
 */

#define G_LOG_DOMAIN "wirelab-canvas"

#include "config.h"

#include "wirelab-canvas-private.h"

#define N_KINDS (WIRELAB_NODE_KIND_VPCS + 1)
#define N_LODS  4

static const char *const symbol_files[N_KINDS] = {
  [WIRELAB_NODE_KIND_ROUTER] = "router",
  [WIRELAB_NODE_KIND_ETHSW] = "ethsw",
  [WIRELAB_NODE_KIND_HUB] = "hub",
  [WIRELAB_NODE_KIND_FRSW] = "frsw",
  [WIRELAB_NODE_KIND_VPCS] = "vpcs",
};

static GdkTexture *textures[N_KINDS][N_LODS];

/* The fill of each symbol (as in its SVG), for shapes too small to show it. */
static const char *const kind_colors[N_KINDS] = {
  [WIRELAB_NODE_KIND_ROUTER] = "#3584e4",
  [WIRELAB_NODE_KIND_ETHSW] = "#2190a4",
  [WIRELAB_NODE_KIND_HUB] = "#9141ac",
  [WIRELAB_NODE_KIND_FRSW] = "#e66100",
  [WIRELAB_NODE_KIND_VPCS] = "#5e5c64",
};

GdkRGBA
_wirelab_canvas_kind_color (WirelabNodeKind kind)
{
  GdkRGBA color;

  gdk_rgba_parse (&color, kind_colors[(guint) kind < N_KINDS ? kind : 0]);
  return color;
}

static int
lod_pixels (int lod)
{
  return 24 << lod;   /* 24, 48, 96, 192 */
}

/* In cairo's own pixel format (premultiplied, native endian): the cairo
 * renderer copies a texture into a surface each time it draws it, and a
 * texture in another format is converted pixel by pixel on every frame. */
static GdkTexture *
texture_from_pixbuf (GdkPixbuf *pixbuf)
{
  int width = gdk_pixbuf_get_width (pixbuf), height = gdk_pixbuf_get_height (pixbuf);
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, width, height);
  g_autoptr(GBytes) bytes = NULL;
  cairo_t *cr = cairo_create (surface);

  gdk_cairo_set_source_pixbuf (cr, pixbuf, 0, 0);
  cairo_paint (cr);
  cairo_destroy (cr);
  cairo_surface_flush (surface);
  bytes = g_bytes_new_with_free_func (cairo_image_surface_get_data (surface),
                                      (gsize) cairo_image_surface_get_stride (surface) * height,
                                      (GDestroyNotify) cairo_surface_destroy, surface);
  return gdk_memory_texture_new (width, height, GDK_MEMORY_DEFAULT, bytes,
                                 cairo_image_surface_get_stride (surface));
}

int
_wirelab_canvas_lod_for_zoom (double zoom)
{
  double px = WL_CANVAS_SYMBOL * zoom;

  if (px < 16)
    return WL_LOD_TINY;
  for (int lod = 0; lod < N_LODS - 1; lod++)
    if (px <= lod_pixels (lod))
      return lod;
  return N_LODS - 1;
}

GdkTexture *
_wirelab_canvas_symbol_texture (WirelabNodeKind kind,
                                int             lod)
{
  g_autoptr(GdkPixbuf) pixbuf = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  int px;

  if ((guint) kind >= N_KINDS)
    kind = WIRELAB_NODE_KIND_ROUTER;
  lod = CLAMP (lod, 0, N_LODS - 1);
  if (textures[kind][lod] != NULL)
    return textures[kind][lod];

  px = lod_pixels (lod);
  path = g_strdup_printf ("%s/icons/wirelab-canvas-%s.svg", RESOURCE_PATH, symbol_files[kind]);
  pixbuf = gdk_pixbuf_new_from_resource_at_scale (path, px, px, TRUE, &error);
  if (pixbuf == NULL)
    {
      /* A broken install: draw something rather than nothing. */
      g_warning ("Cannot load %s: %s", path, error->message);
      pixbuf = gdk_pixbuf_new (GDK_COLORSPACE_RGB, TRUE, 8, px, px);
      gdk_pixbuf_fill (pixbuf, 0x808080ff);
    }
  textures[kind][lod] = texture_from_pixbuf (pixbuf);
  return textures[kind][lod];
}

GdkPaintable *
_wirelab_canvas_symbol_paintable (WirelabNodeKind kind)
{
  return GDK_PAINTABLE (_wirelab_canvas_symbol_texture (kind, 2));
}
