/* wirelab-console-dock.c: the tabs of open consoles in the lab window
 *
 * Copyright 2026 The Wirelab authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#define G_LOG_DOMAIN "wirelab-console-dock"

#include "config.h"

#include <glib/gi18n.h>

#include "wirelab-console-dock.h"
#include "wirelab-console-window.h"

struct _WirelabConsoleDock
{
  GtkWidget   parent_instance;

  GtkStack   *stack;
  AdwTabBar  *tab_bar;
  AdwTabView *tab_view;

  AdwTabPage *menu_page;   /* the tab whose context menu is open */
  GPtrArray  *views;       /* tab views of detached windows (weak) */
};

G_DEFINE_FINAL_TYPE (WirelabConsoleDock, wirelab_console_dock, GTK_TYPE_WIDGET)

static void
update_indicator (AdwTabPage *page)
{
  WirelabConsole *console = WIRELAB_CONSOLE (adw_tab_page_get_child (page));
  WirelabConsoleState state = wirelab_console_get_state (console);
  g_autofree char *description = wirelab_console_dup_description (console);

  adw_tab_page_set_loading (page, state == WIRELAB_CONSOLE_CONNECTING);
  if (state == WIRELAB_CONSOLE_STOPPED)
    {
      g_autoptr(GIcon) icon = g_themed_icon_new ("media-playback-stop-symbolic");

      adw_tab_page_set_indicator_icon (page, icon);
      adw_tab_page_set_indicator_tooltip (page, _("The node is stopped"));
    }
  else
    adw_tab_page_set_indicator_icon (page, NULL);
  adw_tab_page_set_tooltip (page, description);
}

static void
on_console_state (WirelabConsole *console,
                  GParamSpec     *pspec,
                  AdwTabPage     *page)
{
  update_indicator (page);
}

static void
setup_page (AdwTabPage *page)
{
  WirelabConsole *console;

  if (g_object_get_data (G_OBJECT (page), "wirelab-console-page") != NULL)
    return;
  g_object_set_data (G_OBJECT (page), "wirelab-console-page", GINT_TO_POINTER (1));

  console = WIRELAB_CONSOLE (adw_tab_page_get_child (page));
  g_object_bind_property (wirelab_console_get_node (console), "name", page, "title",
                          G_BINDING_SYNC_CREATE);
  g_signal_connect_object (console, "notify::state", G_CALLBACK (on_console_state), page, 0);
  update_indicator (page);
}

static void
update_stack (WirelabConsoleDock *self)
{
  gboolean empty = adw_tab_view_get_n_pages (self->tab_view) == 0;

  gtk_stack_set_visible_child_name (self->stack, empty ? "empty" : "tabs");
}

static void
on_page_attached (AdwTabView         *view,
                  AdwTabPage         *page,
                  int                 position,
                  WirelabConsoleDock *self)
{
  setup_page (page);
  update_stack (self);
}

static void
on_page_detached (AdwTabView         *view,
                  AdwTabPage         *page,
                  int                 position,
                  WirelabConsoleDock *self)
{
  if (self->menu_page == page)
    self->menu_page = NULL;
  update_stack (self);
}

static AdwTabView *
on_create_window (AdwTabView         *view,
                  WirelabConsoleDock *self)
{
  WirelabConsoleWindow *window = wirelab_console_window_new (self);

  gtk_window_present (GTK_WINDOW (window));
  return wirelab_console_window_get_tab_view (window);
}

static void
on_setup_menu (AdwTabView         *view,
               AdwTabPage         *page,
               WirelabConsoleDock *self)
{
  self->menu_page = page;
}

static void
on_view_gone (gpointer  data,
              GObject  *where_the_object_was)
{
  WirelabConsoleDock *self = data;

  g_ptr_array_remove (self->views, where_the_object_was);
}

void
wirelab_console_dock_adopt_view (WirelabConsoleDock *self,
                                 AdwTabView         *view)
{
  g_return_if_fail (WIRELAB_IS_CONSOLE_DOCK (self));
  g_return_if_fail (ADW_IS_TAB_VIEW (view));

  g_ptr_array_add (self->views, view);
  g_object_weak_ref (G_OBJECT (view), on_view_gone, self);
  g_signal_connect_object (view, "page-attached", G_CALLBACK (on_page_attached), self, 0);
  g_signal_connect_object (view, "create-window", G_CALLBACK (on_create_window), self, 0);
}

/* The page of the node's console and its view. */
static AdwTabPage *
find_page (WirelabConsoleDock  *self,
           WirelabNode         *node,
           AdwTabView         **out_view)
{
  for (guint v = 0; v <= self->views->len; v++)
    {
      AdwTabView *view = v == 0 ? self->tab_view : g_ptr_array_index (self->views, v - 1);

      for (int i = 0; i < adw_tab_view_get_n_pages (view); i++)
        {
          AdwTabPage *page = adw_tab_view_get_nth_page (view, i);
          WirelabConsole *console = WIRELAB_CONSOLE (adw_tab_page_get_child (page));

          if (wirelab_console_get_node (console) == node)
            {
              if (out_view != NULL)
                *out_view = view;
              return page;
            }
        }
    }
  return NULL;
}

static AdwTabPage *
find_console_page (WirelabConsoleDock  *self,
                   WirelabConsole      *console,
                   AdwTabView         **out_view)
{
  return find_page (self, wirelab_console_get_node (console), out_view);
}

WirelabConsole *
wirelab_console_dock_find (WirelabConsoleDock *self,
                           WirelabNode        *node)
{
  AdwTabPage *page;

  g_return_val_if_fail (WIRELAB_IS_CONSOLE_DOCK (self), NULL);
  g_return_val_if_fail (WIRELAB_IS_NODE (node), NULL);

  page = find_page (self, node, NULL);
  return page != NULL ? WIRELAB_CONSOLE (adw_tab_page_get_child (page)) : NULL;
}

WirelabConsole *
wirelab_console_dock_open (WirelabConsoleDock *self,
                           WirelabNode        *node,
                           gboolean            select)
{
  AdwTabView *view = NULL;
  AdwTabPage *page;
  WirelabConsole *console;

  g_return_val_if_fail (WIRELAB_IS_CONSOLE_DOCK (self), NULL);
  g_return_val_if_fail (WIRELAB_IS_NODE (node), NULL);

  page = find_page (self, node, &view);
  if (page == NULL)
    {
      view = self->tab_view;
      console = wirelab_console_new (node);
      page = adw_tab_view_append (view, GTK_WIDGET (console));
    }
  console = WIRELAB_CONSOLE (adw_tab_page_get_child (page));

  if (select)
    {
      GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (view));

      adw_tab_view_set_selected_page (view, page);
      if (view != self->tab_view && GTK_IS_WINDOW (root))
        gtk_window_present (GTK_WINDOW (root));
      gtk_widget_grab_focus (GTK_WIDGET (console));
    }
  return console;
}

void
wirelab_console_dock_close (WirelabConsoleDock *self,
                            WirelabNode        *node)
{
  AdwTabView *view = NULL;
  AdwTabPage *page;

  g_return_if_fail (WIRELAB_IS_CONSOLE_DOCK (self));
  g_return_if_fail (WIRELAB_IS_NODE (node));

  page = find_page (self, node, &view);
  if (page != NULL)
    adw_tab_view_close_page (view, page);
}

void
wirelab_console_dock_close_all (WirelabConsoleDock *self)
{
  g_return_if_fail (WIRELAB_IS_CONSOLE_DOCK (self));

  /* Detached windows close themselves when their last tab goes. */
  for (guint v = self->views->len + 1; v-- > 0;)
    {
      AdwTabView *view = v == 0 ? self->tab_view : g_ptr_array_index (self->views, v - 1);

      for (int i = adw_tab_view_get_n_pages (view); i-- > 0;)
        adw_tab_view_close_page (view, adw_tab_view_get_nth_page (view, i));
    }
}

guint
wirelab_console_dock_get_n_consoles (WirelabConsoleDock *self)
{
  guint n;

  g_return_val_if_fail (WIRELAB_IS_CONSOLE_DOCK (self), 0);

  n = adw_tab_view_get_n_pages (self->tab_view);
  for (guint v = 0; v < self->views->len; v++)
    n += adw_tab_view_get_n_pages (g_ptr_array_index (self->views, v));
  return n;
}

WirelabConsole *
wirelab_console_dock_get_selected (WirelabConsoleDock *self)
{
  AdwTabPage *page;

  g_return_val_if_fail (WIRELAB_IS_CONSOLE_DOCK (self), NULL);

  page = adw_tab_view_get_selected_page (self->tab_view);
  return page != NULL ? WIRELAB_CONSOLE (adw_tab_page_get_child (page)) : NULL;
}

AdwTabView *
wirelab_console_dock_get_tab_view (WirelabConsoleDock *self)
{
  g_return_val_if_fail (WIRELAB_IS_CONSOLE_DOCK (self), NULL);

  return self->tab_view;
}

GtkWindow *
wirelab_console_dock_detach (WirelabConsoleDock *self,
                             WirelabConsole     *console)
{
  AdwTabView *view = NULL;
  AdwTabPage *page;
  WirelabConsoleWindow *window;
  AdwTabView *target;

  g_return_val_if_fail (WIRELAB_IS_CONSOLE_DOCK (self), NULL);
  g_return_val_if_fail (WIRELAB_IS_CONSOLE (console), NULL);

  page = find_console_page (self, console, &view);
  g_return_val_if_fail (page != NULL, NULL);

  window = wirelab_console_window_new (self);
  target = wirelab_console_window_get_tab_view (window);
  adw_tab_view_transfer_page (view, page, target, 0);
  adw_tab_view_set_selected_page (target, page);
  gtk_window_present (GTK_WINDOW (window));
  gtk_widget_grab_focus (GTK_WIDGET (console));
  return GTK_WINDOW (window);
}

void
wirelab_console_dock_attach (WirelabConsoleDock *self,
                             WirelabConsole     *console)
{
  AdwTabView *view = NULL;
  AdwTabPage *page;

  g_return_if_fail (WIRELAB_IS_CONSOLE_DOCK (self));
  g_return_if_fail (WIRELAB_IS_CONSOLE (console));

  page = find_console_page (self, console, &view);
  g_return_if_fail (page != NULL);
  if (view == self->tab_view)
    return;

  adw_tab_view_transfer_page (view, page, self->tab_view,
                              adw_tab_view_get_n_pages (self->tab_view));
  adw_tab_view_set_selected_page (self->tab_view, page);
}

static AdwTabPage *
action_page (WirelabConsoleDock *self)
{
  return self->menu_page != NULL ? self->menu_page
                                 : adw_tab_view_get_selected_page (self->tab_view);
}

static void
detach_tab_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *param)
{
  WirelabConsoleDock *self = WIRELAB_CONSOLE_DOCK (widget);
  AdwTabPage *page = action_page (self);

  if (page != NULL)
    wirelab_console_dock_detach (self, WIRELAB_CONSOLE (adw_tab_page_get_child (page)));
}

static void
close_tab_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *param)
{
  WirelabConsoleDock *self = WIRELAB_CONSOLE_DOCK (widget);
  AdwTabPage *page = action_page (self);

  if (page != NULL)
    adw_tab_view_close_page (self->tab_view, page);
}

GtkWidget *
wirelab_console_dock_new (void)
{
  return g_object_new (WIRELAB_TYPE_CONSOLE_DOCK, NULL);
}

static void
wirelab_console_dock_dispose (GObject *object)
{
  WirelabConsoleDock *self = WIRELAB_CONSOLE_DOCK (object);
  GtkWidget *child;

  if (self->tab_view != NULL)
    g_signal_handlers_disconnect_by_data (self->tab_view, self);
  self->menu_page = NULL;

  /* Detached windows outlive nothing of ours: close them. */
  while (self->views->len > 0)
    {
      AdwTabView *view = g_ptr_array_index (self->views, self->views->len - 1);
      GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (view));

      g_object_weak_unref (G_OBJECT (view), on_view_gone, self);
      g_ptr_array_remove_index (self->views, self->views->len - 1);
      if (GTK_IS_WINDOW (root))
        gtk_window_destroy (GTK_WINDOW (root));
    }
  gtk_widget_dispose_template (GTK_WIDGET (self), WIRELAB_TYPE_CONSOLE_DOCK);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (wirelab_console_dock_parent_class)->dispose (object);
}

static void
wirelab_console_dock_finalize (GObject *object)
{
  WirelabConsoleDock *self = WIRELAB_CONSOLE_DOCK (object);

  g_ptr_array_unref (self->views);

  G_OBJECT_CLASS (wirelab_console_dock_parent_class)->finalize (object);
}

static void
wirelab_console_dock_class_init (WirelabConsoleDockClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = wirelab_console_dock_dispose;
  object_class->finalize = wirelab_console_dock_finalize;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PATH "/ui/wirelab-console-dock.ui");
  gtk_widget_class_bind_template_child (widget_class, WirelabConsoleDock, stack);
  gtk_widget_class_bind_template_child (widget_class, WirelabConsoleDock, tab_bar);
  gtk_widget_class_bind_template_child (widget_class, WirelabConsoleDock, tab_view);
  gtk_widget_class_set_css_name (widget_class, "wirelab-console-dock");

  gtk_widget_class_install_action (widget_class, "dock.detach-tab", NULL, detach_tab_action);
  gtk_widget_class_install_action (widget_class, "dock.close-tab", NULL, close_tab_action);
}

static void
wirelab_console_dock_init (WirelabConsoleDock *self)
{
  self->views = g_ptr_array_new ();

  gtk_widget_init_template (GTK_WIDGET (self));

  g_signal_connect_object (self->tab_view, "page-attached", G_CALLBACK (on_page_attached), self, 0);
  g_signal_connect_object (self->tab_view, "page-detached", G_CALLBACK (on_page_detached), self, 0);
  g_signal_connect_object (self->tab_view, "create-window", G_CALLBACK (on_create_window), self, 0);
  g_signal_connect_object (self->tab_view, "setup-menu", G_CALLBACK (on_setup_menu), self, 0);
  update_stack (self);
}
