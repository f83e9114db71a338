/* wirelab-console-window.c: consoles detached from the lab window
 *
 * Copyright 2026 The Wirelab authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#define G_LOG_DOMAIN "wirelab-console-window"

#include "config.h"

#include <glib/gi18n.h>

#include "wirelab-console-window.h"

struct _WirelabConsoleWindow
{
  AdwWindow           parent_instance;

  AdwWindowTitle     *window_title;
  AdwTabView         *tab_view;

  WirelabConsoleDock *dock;     /* weak */
};

G_DEFINE_FINAL_TYPE (WirelabConsoleWindow, wirelab_console_window, ADW_TYPE_WINDOW)

static void
update_title (WirelabConsoleWindow *self)
{
  AdwTabPage *page = adw_tab_view_get_selected_page (self->tab_view);
  int n = adw_tab_view_get_n_pages (self->tab_view);
  g_autofree char *subtitle = NULL;

  if (page != NULL)
    adw_window_title_set_title (self->window_title, adw_tab_page_get_title (page));
  if (n > 1)
    subtitle = g_strdup_printf (ngettext ("%d console", "%d consoles", n), n);
  adw_window_title_set_subtitle (self->window_title, subtitle != NULL ? subtitle : "");
  gtk_window_set_title (GTK_WINDOW (self),
                        page != NULL ? adw_tab_page_get_title (page) : _("Consoles"));
}

static gboolean
destroy_if_empty (gpointer user_data)
{
  WirelabConsoleWindow *self = user_data;

  if (!gtk_widget_in_destruction (GTK_WIDGET (self)) && self->tab_view != NULL &&
      adw_tab_view_get_n_pages (self->tab_view) == 0)
    gtk_window_destroy (GTK_WINDOW (self));
  return G_SOURCE_REMOVE;
}

static void
on_pages_changed (WirelabConsoleWindow *self)
{
  if (gtk_widget_in_destruction (GTK_WIDGET (self)))
    return;
  /* Not now: the view is in the middle of moving a page out. */
  if (adw_tab_view_get_n_pages (self->tab_view) == 0)
    {
      g_idle_add_full (G_PRIORITY_HIGH_IDLE, destroy_if_empty, g_object_ref (self), g_object_unref);
      return;
    }
  update_title (self);
}

static void
on_page_attached (AdwTabView           *view,
                  AdwTabPage           *page,
                  int                   position,
                  WirelabConsoleWindow *self)
{
  g_signal_connect_object (page, "notify::title", G_CALLBACK (update_title), self,
                           G_CONNECT_SWAPPED);
}

static void
attach_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  WirelabConsoleWindow *self = WIRELAB_CONSOLE_WINDOW (widget);
  g_autoptr(GPtrArray) consoles = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(WirelabConsoleDock) dock = NULL;

  if (self->dock == NULL)
    return;
  dock = g_object_ref (self->dock);
  for (int i = 0; i < adw_tab_view_get_n_pages (self->tab_view); i++)
    g_ptr_array_add (consoles,
                     g_object_ref (adw_tab_page_get_child (adw_tab_view_get_nth_page (self->tab_view, i))));
  /* Back in order; this window goes with its last tab, so touch nothing of
   * it from here on. */
  for (guint i = 0; i < consoles->len; i++)
    wirelab_console_dock_attach (dock, g_ptr_array_index (consoles, i));
}

WirelabConsoleWindow *
wirelab_console_window_new (WirelabConsoleDock *dock)
{
  WirelabConsoleWindow *self;
  GtkApplication *app = NULL;
  GtkRoot *root;

  g_return_val_if_fail (WIRELAB_IS_CONSOLE_DOCK (dock), NULL);

  root = gtk_widget_get_root (GTK_WIDGET (dock));
  if (GTK_IS_WINDOW (root))
    app = gtk_window_get_application (GTK_WINDOW (root));
  self = g_object_new (WIRELAB_TYPE_CONSOLE_WINDOW, "application", app, NULL);
  g_set_weak_pointer (&self->dock, dock);
  wirelab_console_dock_adopt_view (dock, self->tab_view);
  return self;
}

AdwTabView *
wirelab_console_window_get_tab_view (WirelabConsoleWindow *self)
{
  g_return_val_if_fail (WIRELAB_IS_CONSOLE_WINDOW (self), NULL);

  return self->tab_view;
}

static void
wirelab_console_window_dispose (GObject *object)
{
  WirelabConsoleWindow *self = WIRELAB_CONSOLE_WINDOW (object);

  g_clear_weak_pointer (&self->dock);
  if (self->tab_view != NULL)
    g_signal_handlers_disconnect_by_data (self->tab_view, self);
  gtk_widget_dispose_template (GTK_WIDGET (self), WIRELAB_TYPE_CONSOLE_WINDOW);

  G_OBJECT_CLASS (wirelab_console_window_parent_class)->dispose (object);
}

static void
wirelab_console_window_class_init (WirelabConsoleWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = wirelab_console_window_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PATH "/ui/wirelab-console-window.ui");
  gtk_widget_class_bind_template_child (widget_class, WirelabConsoleWindow, window_title);
  gtk_widget_class_bind_template_child (widget_class, WirelabConsoleWindow, tab_view);

  gtk_widget_class_install_action (widget_class, "console-window.attach", NULL, attach_action);
}

static void
wirelab_console_window_init (WirelabConsoleWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  g_signal_connect_object (self->tab_view, "notify::n-pages", G_CALLBACK (on_pages_changed),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->tab_view, "notify::selected-page", G_CALLBACK (update_title),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->tab_view, "page-attached", G_CALLBACK (on_page_attached),
                           self, 0);
}
