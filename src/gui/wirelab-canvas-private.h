/* wirelab-canvas-private.h: what the canvas's files share
 *
 * Copyright 2026 The Wirelab authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * The canvas keeps a view-side mirror of the lab: one WlCanvasNode per
 * WirelabNode and one WlCanvasLink per WirelabLink, in lab order.  Each item
 * caches its drawing as render nodes in model coordinates (a node: symbol
 * and name; a link: line and end details), rebuilt only when that item
 * changes or the level of detail does.  A grid hash (WlHitGrid) of item
 * bounds answers hit tests, rubber-band queries and the per-frame question
 * "what is in view": a frame appends the cached nodes of the visible items
 * under one translate+scale, so panning re-renders nothing and draws
 * nothing outside the view.
 */

#pragma once

#include <adwaita.h>

#include "wirelab-canvas.h"
#include "wirelab-canvas-hit-grid.h"
#include "wirelab-palette-item.h"

G_BEGIN_DECLS

/* Model units. */
#define WL_CANVAS_SYMBOL        48.0   /* symbol square */
#define WL_CANVAS_HIT_CELL      128.0  /* hit-grid cell side */
#define WL_CANVAS_NAME_PX       13.0   /* node name font size */
#define WL_CANVAS_IFACE_PX      10.0   /* interface label font size */
#define WL_CANVAS_LINK_WIDTH    2.0
#define WL_CANVAS_DOT_RADIUS    4.5
#define WL_CANVAS_DOT_DISTANCE  34.0   /* status dot from the node centre */
#define WL_CANVAS_LABEL_DISTANCE 62.0  /* interface label from the node centre */
#define WL_CANVAS_ADD_SPACING   100.0  /* Shift-drop layout step */
#define WL_CANVAS_ADD_PER_ROW   10

/* Below these zooms, names and (link) interface labels and status dots are
 * not drawn: they would be a few pixels high and only cost time. */
#define WL_CANVAS_NAME_MIN_ZOOM  0.45
#define WL_CANVAS_LINK_DETAIL_MIN_ZOOM 0.55

typedef struct _WlCanvasNode  WlCanvasNode;
typedef struct _WlCanvasLink  WlCanvasLink;

struct _WlCanvasNode
{
  WirelabNode     *node;        /* owned ref */
  WirelabNodeKind  kind;
  double           x, y;        /* centre, model */
  guint            serial;      /* drawing order: later is on top */
  GPtrArray       *links;       /* WlCanvasLink*, not owned */
  PangoLayout     *layout;      /* name, lazily made */
  graphene_rect_t  bounds;      /* symbol and name, model */
  GskRenderNode   *symbol;      /* cached drawing, NULL = to draw */
  GskRenderNode   *details;     /* the name */
  int              lod;         /* level of detail of the cache */
  guint            selected : 1;
  guint            floating : 1; /* being dragged: drawn by the drag layer */
};

struct _WlCanvasLink
{
  WirelabLink    *link;         /* owned ref */
  WlCanvasNode   *ends[2];      /* NULL while an end's node is missing */
  guint           serial;
  PangoLayout    *labels[2];    /* interface names, lazily made */
  graphene_rect_t bounds;       /* model, with dots and labels */
  GskRenderNode  *line;         /* cached drawing, NULL = to draw */
  GskRenderNode  *details;      /* status dots and interface labels */
  int             lod;
  guint           selected : 1;
  guint           floating : 1;
  guint           indexed : 1;  /* in the hit grid */
};


/* Levels of detail, from the symbol's size on screen. */
#define WL_LOD_TINY (-1)   /* under 16 px: plain shapes */

typedef enum
{
  WL_DRAG_NONE,
  WL_DRAG_PENDING,  /* pressed, below the drag threshold */
  WL_DRAG_MOVE,
  WL_DRAG_RUBBER,
  WL_DRAG_PAN,
} WlDragMode;

typedef struct
{
  GdkRGBA background;
  GdkRGBA foreground;
  GdkRGBA grid;
  GdkRGBA link;
  GdkRGBA accent;       /* rings, rubber band edge */
  GdkRGBA accent_bg;    /* filled selected names, with accent_fg text */
  GdkRGBA accent_fg;
  GdkRGBA accent_fill;  /* translucent selection fill */
  GdkRGBA label_bg;
  GdkRGBA label_fg;
  GdkRGBA stopped;
  GdkRGBA running;
  GdkRGBA suspended;
  GdkRGBA transition;
  GdkRGBA capture;
} WlCanvasColors;

struct _WirelabCanvas
{
  GtkWidget        parent_instance;

  WirelabLab      *lab;
  gulong           lab_notify_id;
  gulong           nodes_changed_id;
  gulong           links_changed_id;

  /* The mirror, in lab order. */
  GPtrArray       *nodes;         /* WlCanvasNode*, owned */
  GPtrArray       *links;         /* WlCanvasLink*, owned */
  GHashTable      *node_items;    /* WirelabNode* -> WlCanvasNode* */
  GHashTable      *link_items;    /* WirelabLink* -> WlCanvasLink* */
  GHashTable      *node_ids;      /* node id -> WlCanvasNode* */
  guint            n_dangling;    /* links with a missing end */
  guint            next_serial;
  gboolean         cairo_renderer; /* textures are slow there: see -render.c */
  WlHitGrid       *node_grid;
  WlHitGrid       *link_grid;

  guint            n_selected;
  WlCanvasLink    *selected_link;

  /* View: widget = model * zoom + offset. */
  double           zoom;
  double           offset_x, offset_y;
  gboolean         view_placed;

  /* Style. */
  WlCanvasColors   colors;
  PangoFontDescription *name_font;
  PangoFontDescription *iface_font;
  GHashTable      *dot_textures;  /* packed RGBA -> GdkTexture (GL only) */
  gboolean         show_grid;
  gboolean         snap_to_grid;
  gboolean         show_iface_labels;
  guint            grid_size;

  /* Pointer. */
  GtkGesture      *drag_gesture;
  GtkGesture      *click_gesture;
  GtkGesture      *menu_gesture;
  GtkGesture      *pan_gesture;
  GtkGesture      *zoom_gesture;
  WlDragMode       drag_mode;
  double           press_x, press_y;    /* widget */
  double           drag_dx, drag_dy;    /* model delta of a move */
  double           pan_start_x, pan_start_y;
  WlCanvasNode    *press_node;
  WlCanvasLink    *press_link;
  GdkModifierType  press_state;
  GPtrArray       *drag_nodes;          /* WlCanvasNode* being moved */
  GPtrArray       *drag_edges;          /* links with one floating end */
  GHashTable      *rubber_base;         /* selection before the band */
  graphene_rect_t  rubber;              /* widget */
  double           pointer_x, pointer_y;
  gboolean         pointer_inside;
  gboolean         space_down;
  double           zoom_gesture_base;
  gboolean         arrow_moving;

  /* Link tool. */
  gboolean         link_mode;
  WlCanvasNode    *link_from;
  char            *link_from_iface;
  GtkWidget       *iface_popover;
  WlCanvasNode    *iface_popover_node;
  GtkWidget       *message_popover;

  /* In-place rename. */
  GtkWidget       *rename_box;
  GtkWidget       *rename_entry;
  GtkWidget       *rename_error;
  WlCanvasNode    *renaming;

  /* Menus. */
  GMenuModel      *node_menu;
  GMenuModel      *link_menu;
  GMenuModel      *background_menu;
  GtkWidget       *menu_popover;

  /* Palette drops. */
  GtkDropTarget   *drop_target;
  GtkWidget       *count_dialog;

  guint            zoom_sync_id;
  gboolean         in_dispose;
};

/* wirelab-canvas.c */
void            _wirelab_canvas_queue_draw          (WirelabCanvas *self);
void            _wirelab_canvas_selection_changed   (WirelabCanvas *self);
void            _wirelab_canvas_set_node_selected   (WirelabCanvas *self,
                                                     WlCanvasNode  *item,
                                                     gboolean       selected);
void            _wirelab_canvas_set_link_selected   (WirelabCanvas *self,
                                                     WlCanvasLink  *item);
void            _wirelab_canvas_update_actions      (WirelabCanvas *self);
void            _wirelab_canvas_visible_model_rect  (WirelabCanvas *self,
                                                     graphene_rect_t *rect);
double          _wirelab_canvas_snap                (WirelabCanvas *self,
                                                     double         v);
void            _wirelab_canvas_show_popover_at     (WirelabCanvas *self,
                                                     GtkWidget     *popover,
                                                     double         x,
                                                     double         y);

/* wirelab-canvas-scene.c: the mirror of the lab */
void            _wirelab_canvas_scene_init          (WirelabCanvas *self);
void            _wirelab_canvas_scene_clear         (WirelabCanvas *self);
void            _wirelab_canvas_scene_attach        (WirelabCanvas *self);
void            _wirelab_canvas_scene_detach        (WirelabCanvas *self);
WlCanvasNode   *_wirelab_canvas_lookup_node         (WirelabCanvas *self,
                                                     WirelabNode   *node);
WlCanvasLink   *_wirelab_canvas_lookup_link         (WirelabCanvas *self,
                                                     WirelabLink   *link);
void            _wirelab_canvas_invalidate_node     (WirelabCanvas *self,
                                                     WlCanvasNode  *item);
void            _wirelab_canvas_invalidate_link     (WirelabCanvas *self,
                                                     WlCanvasLink  *item);
void            _wirelab_canvas_invalidate_all      (WirelabCanvas *self);
void            _wirelab_canvas_invalidate_layouts  (WirelabCanvas *self);
void            _wirelab_canvas_node_update_bounds  (WirelabCanvas *self,
                                                     WlCanvasNode  *item);
gboolean        _wirelab_canvas_items_bounds        (WirelabCanvas *self,
                                                     graphene_rect_t *rect);

/* wirelab-canvas-render.c: drawing */
void            _wirelab_canvas_load_style          (WirelabCanvas *self);
void            _wirelab_canvas_render_scene        (WirelabCanvas *self,
                                                     GtkSnapshot   *snapshot);
PangoLayout    *_wirelab_canvas_node_layout         (WirelabCanvas *self,
                                                     WlCanvasNode  *item);
void            _wirelab_canvas_draw_link_line      (WirelabCanvas *self,
                                                     GtkSnapshot   *snapshot,
                                                     WlCanvasLink  *item,
                                                     const graphene_point_t *a,
                                                     const graphene_point_t *b);
void            _wirelab_canvas_draw_link_details   (WirelabCanvas *self,
                                                     GtkSnapshot   *snapshot,
                                                     WlCanvasLink  *item,
                                                     const graphene_point_t *a,
                                                     const graphene_point_t *b,
                                                     int            lod);
GdkRGBA         _wirelab_canvas_status_color        (WirelabCanvas *self,
                                                     WirelabNode   *node);
int             _wirelab_canvas_lod_for_zoom        (double         zoom);

/* wirelab-canvas-symbols.c: the device symbols (also the palette's icons) */
GdkTexture     *_wirelab_canvas_symbol_texture      (WirelabNodeKind kind,
                                                     int             lod);
GdkPaintable   *_wirelab_canvas_symbol_paintable    (WirelabNodeKind kind);
GdkRGBA         _wirelab_canvas_kind_color          (WirelabNodeKind kind);

/* wirelab-canvas-input.c: gestures and keys */
void            _wirelab_canvas_input_init          (WirelabCanvas *self);
void            _wirelab_canvas_input_class_init    (GtkWidgetClass *widget_class);
void            _wirelab_canvas_cancel_drag         (WirelabCanvas *self);
/* canvas.cancel (Escape): stops a rename, a drag, a half-made link, the
 * link mode, or else clears the selection. */
void            _wirelab_canvas_cancel              (WirelabCanvas *self);
/* A whole move as the drag gesture makes it: start at widget x,y on a node,
 * offset by dx,dy widget pixels, finish.  For tests and the benchmark. */
void            _wirelab_canvas_drag_begin          (WirelabCanvas *self,
                                                     double         x,
                                                     double         y,
                                                     GdkModifierType state);
void            _wirelab_canvas_drag_update         (WirelabCanvas *self,
                                                     double         dx,
                                                     double         dy);
void            _wirelab_canvas_drag_end            (WirelabCanvas *self,
                                                     double         dx,
                                                     double         dy);
/* The context menu for what is at widget x,y. */
void            _wirelab_canvas_context_menu        (WirelabCanvas *self,
                                                     double         x,
                                                     double         y);
void            _wirelab_canvas_move_selection      (WirelabCanvas *self,
                                                     double         dx,
                                                     double         dy);

/* wirelab-canvas-link-tool.c */
void            _wirelab_canvas_link_tool_click     (WirelabCanvas *self,
                                                     double         x,
                                                     double         y);
/* Picks interface `name` in the open interface popover, as a click. */
gboolean        _wirelab_canvas_link_tool_pick      (WirelabCanvas *self,
                                                     const char    *name);
void            _wirelab_canvas_link_tool_cancel    (WirelabCanvas *self);
GtkWidget      *_wirelab_canvas_get_iface_popover   (WirelabCanvas *self);
void            _wirelab_canvas_link_tool_dispose   (WirelabCanvas *self);

/* wirelab-canvas-dnd.c */
void            _wirelab_canvas_dnd_init            (WirelabCanvas *self);
GtkDropTarget  *_wirelab_canvas_get_drop_target     (WirelabCanvas *self);
/* What a drop of `item` at widget x,y does; with GDK_SHIFT_MASK it asks for
 * a count first (the dialog is _wirelab_canvas_get_count_dialog()). */
gboolean        _wirelab_canvas_handle_drop         (WirelabCanvas      *self,
                                                     WirelabPaletteItem *item,
                                                     double              x,
                                                     double              y,
                                                     GdkModifierType     state);
GtkWidget      *_wirelab_canvas_get_count_dialog    (WirelabCanvas *self);
void            _wirelab_canvas_report_error        (WirelabCanvas *self,
                                                     const GError  *error,
                                                     double         x,
                                                     double         y);

/* wirelab-canvas-rename.c */
void            _wirelab_canvas_rename_init         (WirelabCanvas *self);
void            _wirelab_canvas_rename_dispose      (WirelabCanvas *self);
void            _wirelab_canvas_rename_allocate     (WirelabCanvas *self);
/* Commits the entry: FALSE (error shown, entry kept) when the lab refuses. */
gboolean        _wirelab_canvas_rename_commit       (WirelabCanvas *self);
void            _wirelab_canvas_rename_cancel       (WirelabCanvas *self);
GtkWidget      *_wirelab_canvas_get_rename_entry    (WirelabCanvas *self);
GtkWidget      *_wirelab_canvas_get_rename_error    (WirelabCanvas *self);

G_END_DECLS
