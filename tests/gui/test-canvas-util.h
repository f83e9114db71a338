/* test-canvas-util.h: what the canvas tests share
 *
 * Copyright 2026 The Wirelab authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * A real window with a real WirelabCanvas on a real WirelabLab; helpers to
 * wait for frames (never fixed sleeps), drive the canvas's gestures and read
 * back rendered pixels.
 */

#pragma once

#include <adwaita.h>

#include "wirelab/wirelab.h"

#include "wirelab-canvas-private.h"

G_BEGIN_DECLS

typedef struct
{
  GtkWindow     *window;
  WirelabCanvas *canvas;
  WirelabLab    *lab;
} CanvasFixture;

/* Skips (TAP "1..0 # SKIP") and returns TRUE when there is no display;
 * otherwise initialises GTK/libadwaita and the test framework. */
gboolean    canvas_test_init         (int            *argc,
                                      char         ***argv);

void        canvas_fixture_setup     (CanvasFixture  *fixture,
                                      gconstpointer   data);
void        canvas_fixture_teardown  (CanvasFixture  *fixture,
                                      gconstpointer   data);

/* Iterates the main context until cond(data) or the deadline (generous:
 * the machine may be loaded).  Returns cond's last value. */
gboolean    canvas_wait_until        (gboolean      (*cond) (gpointer data),
                                      gpointer        data,
                                      guint           timeout_ms);
/* Waits until the canvas has drawn a new frame. */
void        canvas_wait_frame        (WirelabCanvas  *canvas);

/* Renders the canvas as it is now (the renderer of its window). */
GdkTexture *canvas_render            (WirelabCanvas  *canvas);
/* RGBA (not premultiplied, 0-255) of a pixel of a texture. */
void        canvas_texture_pixel     (GdkTexture     *texture,
                                      int             x,
                                      int             y,
                                      guint8          rgba[4]);

/* A drag as the primary-button GtkGestureDrag reports it. */
void        canvas_emit_drag         (WirelabCanvas  *canvas,
                                      double          x,
                                      double          y,
                                      double          dx,
                                      double          dy);
/* Widget coordinates of a node's centre. */
void        canvas_node_point        (WirelabCanvas  *canvas,
                                      WirelabNode    *node,
                                      double         *x,
                                      double         *y);
/* A GValue drop of a palette item on the canvas's GtkDropTarget. */
gboolean    canvas_emit_drop         (WirelabCanvas  *canvas,
                                      WirelabPaletteItem *item,
                                      double          x,
                                      double          y);

G_END_DECLS

G_BEGIN_DECLS

/* A small lab like the demo: R1, R2, SW1, PC1, PC2, HUB1, FR1 with links
 * R1 f0/0–SW1 1, R2 f0/0–SW1 2, PC1 e0–SW1 3, PC2 e0–HUB1 1, R1 e1/0–R2
 * e1/0, R2 e1/1–FR1 1. */
void        canvas_build_demo        (WirelabLab     *lab);
/* Sets a node's runtime status as a WirelabSession does. */
void        canvas_set_status        (WirelabNode    *node,
                                      WirelabNodeStatus status);
/* Marks a link as being captured, as a WirelabSession does. */
void        canvas_set_capture       (WirelabLink    *link,
                                      gboolean        capturing);

G_END_DECLS
