/* wirelab-window-private.h: state shared by the wirelab-window*.c files
 *
 * Copyright 2026 The Wirelab authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * wirelab-window.c         layout, lab, title, focus
 * wirelab-window-actions.c Edit and View actions, undo/redo
 * wirelab-window-project.c File actions, autosave, recent files, closing
 * wirelab-window-run.c     the session, Node actions, capture, progress
 */

#pragma once

#include "wirelab-canvas.h"
#include "wirelab-console-dock.h"
#include "wirelab-inventory.h"
#include "wirelab-palette.h"
#include "wirelab-status-panel.h"
#include "wirelab-window.h"

G_BEGIN_DECLS

struct _WirelabWindow
{
  AdwApplicationWindow  parent_instance;

  /* Template. */
  AdwToastOverlay      *toast_overlay;
  AdwHeaderBar         *header_bar;
  AdwWindowTitle       *window_title;
  GtkPopoverMenuBar    *menu_bar;
  GtkPaned             *main_paned;
  GtkPaned             *dock_paned;
  GtkBox               *palette_box;
  GtkBox               *canvas_box;
  WirelabConsoleDock   *console_dock;
  WirelabStatusPanel   *status_panel;
  GMenu                *recent_menu;
  GMenu                *undo_section;
  GMenuModel           *node_menu;
  GMenuModel           *link_menu;
  GMenuModel           *background_menu;

  WirelabCanvas        *canvas;
  WirelabPalette       *palette;
  GSimpleActionGroup   *view_actions;
  GSettings            *settings;
  WirelabInventory     *inventory;

  WirelabLab           *lab;
  WirelabSession       *session;
  GCancellable         *cancellable;      /* this lab's operations */

  /* Project. */
  guint                 autosave_source;
  GFile                *next_file;
  GtkFileChooserNative *chooser;
  gboolean              close_confirmed;
  gboolean              shutting_down;

  /* Running. */
  guint                 operations;       /* in flight */
  guint                 progress_total;
  guint                 progress_done;
  guint                 clean_depth;      /* undo depth + 1 of a clean lab being run */
  gboolean              dock_placed;
};

/* wirelab-window.c */
void     _wirelab_window_update_title        (WirelabWindow  *self);

/* wirelab-window-actions.c */
void     _wirelab_window_set_enabled         (WirelabWindow  *self,
                                              const char     *action,
                                              gboolean        enabled);
void     _wirelab_window_init_actions        (WirelabWindow  *self);
void     _wirelab_window_lab_actions         (WirelabWindow  *self);
void     _wirelab_window_update_actions      (WirelabWindow  *self);

/* wirelab-window-project.c */
void     _wirelab_window_init_project        (WirelabWindow  *self);
void     _wirelab_window_dispose_project     (WirelabWindow  *self);
gboolean _wirelab_window_close_request       (GtkWindow      *window);
void     _wirelab_window_remember_file       (WirelabWindow  *self,
                                              GFile          *file);
void     _wirelab_window_restart_autosave    (WirelabWindow  *self);

/* wirelab-window-run.c */
void     _wirelab_window_init_run            (WirelabWindow  *self);
void     _wirelab_window_start_session       (WirelabWindow  *self);
/* Stops every node (saving router configs) and drops the session; calls
 * back when done (also when there was none). */
void     _wirelab_window_shutdown_session    (WirelabWindow  *self,
                                              GCallback       done,
                                              gpointer        user_data);
void     _wirelab_window_update_run_actions  (WirelabWindow  *self);

G_END_DECLS
