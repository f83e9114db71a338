/* wirelab-canvas.h: the topology canvas
 *
 * Copyright 2026 The Wirelab authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * Owner: the canvas (issue 7).  A view and editor of a WirelabLab: nodes,
 * links, their status.  Every edit goes through the lab, so every edit is
 * one undo step of the lab's WirelabHistory (win.undo/win.redo drive it).
 *
 * Drawing: a symbol per kind (router, Ethernet switch, hub, Frame Relay
 * switch, VPCS PC) with its name under it; links as straight lines with, at
 * each end, a status dot for that end's node (red stopped, green running,
 * yellow suspended, orange starting/stopping; both yellow when the link is
 * suspended) and, with show-interface-labels, the interface name (f0/0,
 * e1/2 …); a capture puts a magnifier badge on the middle of the link.
 *
 * Coordinates: "model" coordinates are the lab's (node x/y is the centre of
 * its symbol); "widget" coordinates are the canvas widget's pixels.
 * widget = model * zoom + offset.  The zoom is the lab's "zoom" property;
 * the offset (pan) belongs to the view and is not saved.
 *
 * Actions installed on the widget class (reachable from the canvas, its
 * popovers and any widget inside it; window menus can call them through
 * gtk_widget_activate_action() on the canvas or by placing the menu under
 * it):
 *   canvas.zoom-in, canvas.zoom-out, canvas.zoom-reset, canvas.fit
 *   canvas.select-all, canvas.select-none, canvas.delete-selection
 *   canvas.rename (the one selected node), canvas.cancel (Escape: stops a
 *   rename, a drag, a half-made link or link mode, else unselects)
 *   canvas.link-mode             stateful (property "link-mode")
 *   canvas.toggle-grid           stateful (property "show-grid")
 *   canvas.toggle-snap           stateful (property "snap-to-grid")
 *   canvas.toggle-interface-labels stateful (property "show-interface-labels")
 *   canvas.add-node (s kind nick, s image id or ""): adds at the view centre
 * Keys while the canvas has the focus (widget bindings, so they never steal
 * keys from a console): Delete/BackSpace, Ctrl+A, Ctrl+Shift+A, Escape, F2,
 * arrows (move the selection by a grid step, Shift+arrow: by 1; a series is
 * one undo step), + / = / - zoom, Ctrl+0 1:1, 1 fits, Space+drag pans,
 * Menu/Shift+F10 opens the context menu.  Hovering a node or link shows a
 * tooltip (kind, image, state, console; a link's two ends).
 *
 * Pointer: click selects (Shift/Ctrl-click extends/toggles), drag moves the
 * selection (one undo step, snapped when snap-to-grid is on), drag on the
 * background draws a rubber band (Shift/Ctrl: adds to the selection),
 * Alt/Space+drag or a middle-button drag pans, wheel/touchpad pans,
 * Ctrl+wheel and pinch zoom around the pointer, double-click on a node emits
 * ::node-activated, double-click on its name renames it in place.
 *
 * Context menus: on a right-click (or the Menu key) the canvas selects what
 * is under the pointer and emits ::context-menu (item: a WirelabNode, a
 * WirelabLink or NULL for the background).  A handler that shows its own
 * menu returns TRUE.  Otherwise the canvas shows the matching menu model
 * ("node-menu", "link-menu", "background-menu") in a popover at the
 * pointer; its actions run with the clicked item selected, so win.* or
 * app.* actions that act on wirelab_canvas_get_selected_nodes() /
 * get_selected_link() work from there.
 */

#pragma once

#include <gtk/gtk.h>

#include "wirelab/wirelab-lab.h"

G_BEGIN_DECLS

#define WIRELAB_TYPE_CANVAS (wirelab_canvas_get_type ())

G_DECLARE_FINAL_TYPE (WirelabCanvas, wirelab_canvas, WIRELAB, CANVAS, GtkWidget)

#define WIRELAB_CANVAS_MIN_ZOOM 0.05
#define WIRELAB_CANVAS_MAX_ZOOM 8.0

GtkWidget   *wirelab_canvas_new                 (void);

/* Property "lab" (transfer none); NULL shows an empty canvas. */
WirelabLab  *wirelab_canvas_get_lab             (WirelabCanvas   *self);
void         wirelab_canvas_set_lab             (WirelabCanvas   *self,
                                                 WirelabLab      *lab);

/* Selection ("selection-changed" when it changes).  Nodes in lab order,
 * transfer container: free the array, not the nodes. */
GPtrArray   *wirelab_canvas_get_selected_nodes  (WirelabCanvas   *self);
guint        wirelab_canvas_get_n_selected_nodes (WirelabCanvas  *self);
/* The selected link (only one link is selected at a time), or NULL. */
WirelabLink *wirelab_canvas_get_selected_link   (WirelabCanvas   *self);
/* extend FALSE replaces the selection. */
void         wirelab_canvas_select_node         (WirelabCanvas   *self,
                                                 WirelabNode     *node,
                                                 gboolean         extend);
void         wirelab_canvas_select_link         (WirelabCanvas   *self,
                                                 WirelabLink     *link);
void         wirelab_canvas_select_all          (WirelabCanvas   *self);
void         wirelab_canvas_unselect_all        (WirelabCanvas   *self);
/* Deletes the selected nodes (with their links) and the selected link as
 * one undo step. */
void         wirelab_canvas_delete_selection    (WirelabCanvas   *self);

/* View.  Property "zoom" mirrors the lab's zoom. */
double       wirelab_canvas_get_zoom            (WirelabCanvas   *self);
/* Zooms around the centre of the view. */
void         wirelab_canvas_set_zoom            (WirelabCanvas   *self,
                                                 double           zoom);
/* Multiplies the zoom, keeping the model point under widget x,y in place. */
void         wirelab_canvas_zoom_at             (WirelabCanvas   *self,
                                                 double           factor,
                                                 double           x,
                                                 double           y);
/* Zooms and pans so every node is visible (zooming in up to 2x). */
void         wirelab_canvas_fit                 (WirelabCanvas   *self);
/* Pans the view by dx,dy widget pixels (content moves left/up for
 * positive values, like scrolling). */
void         wirelab_canvas_scroll_by           (WirelabCanvas   *self,
                                                 double           dx,
                                                 double           dy);
/* Centres the view on model point x,y. */
void         wirelab_canvas_center_on           (WirelabCanvas   *self,
                                                 double           x,
                                                 double           y);
void         wirelab_canvas_model_to_widget     (WirelabCanvas   *self,
                                                 double           mx,
                                                 double           my,
                                                 double          *wx,
                                                 double          *wy);
void         wirelab_canvas_widget_to_model     (WirelabCanvas   *self,
                                                 double           wx,
                                                 double           wy,
                                                 double          *mx,
                                                 double          *my);

/* Hit tests at widget x,y (transfer none, NULL when nothing is there). */
WirelabNode *wirelab_canvas_get_node_at         (WirelabCanvas   *self,
                                                 double           x,
                                                 double           y);
WirelabLink *wirelab_canvas_get_link_at         (WirelabCanvas   *self,
                                                 double           x,
                                                 double           y);

/* Adds count nodes of a kind (image_id: routers, NULL = default image)
 * with their top-left one at model x,y (snapped when snap-to-grid is on),
 * 10 per row, as one undo step, and selects them.  Returns the new nodes
 * (transfer container) or NULL with error set (nothing added). */
GPtrArray   *wirelab_canvas_add_nodes           (WirelabCanvas   *self,
                                                 WirelabNodeKind  kind,
                                                 const char      *image_id,
                                                 guint            count,
                                                 double           x,
                                                 double           y,
                                                 GError         **error);

/* Shows the in-place rename entry over the node's name. */
void         wirelab_canvas_start_rename        (WirelabCanvas   *self,
                                                 WirelabNode     *node);

/* Property "link-mode": clicks pick the two ends of a new link. */
gboolean     wirelab_canvas_get_link_mode       (WirelabCanvas   *self);
void         wirelab_canvas_set_link_mode       (WirelabCanvas   *self,
                                                 gboolean         link_mode);

/* Menu models for the context menus (properties "node-menu", "link-menu",
 * "background-menu"; NULL = none). */
void         wirelab_canvas_set_node_menu       (WirelabCanvas   *self,
                                                 GMenuModel      *menu);
void         wirelab_canvas_set_link_menu       (WirelabCanvas   *self,
                                                 GMenuModel      *menu);
void         wirelab_canvas_set_background_menu (WirelabCanvas   *self,
                                                 GMenuModel      *menu);

G_END_DECLS
