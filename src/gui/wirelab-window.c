/* wirelab-window.c
 *
 * Copyright 2026 The Wirelab authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#define G_LOG_DOMAIN "wirelab-window"

#include "config.h"

#include <glib/gi18n.h>

#include "wirelab-window.h"

struct _WirelabWindow
{
  AdwApplicationWindow parent_instance;
};

G_DEFINE_FINAL_TYPE (WirelabWindow, wirelab_window, ADW_TYPE_APPLICATION_WINDOW)

WirelabWindow *
wirelab_window_new (WirelabApplication *application)
{
  return g_object_new (WIRELAB_TYPE_WINDOW, "application", application, NULL);
}

static void
wirelab_window_class_init (WirelabWindowClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PATH "/ui/wirelab-window.ui");
}

static void
wirelab_window_init (WirelabWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
