/* wirelab-console.c: one node's console (the content of a console tab)
 *
 * Copyright 2026 The Wirelab authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#define G_LOG_DOMAIN "wirelab-console"

#include "config.h"

#include <glib/gi18n.h>

#include "wirelab-console.h"

struct _WirelabConsole
{
  GtkWidget            parent_instance;

  WirelabTerminal     *terminal;
  GtkScrollbar        *scrollbar;

  WirelabNode         *node;
  GSettings           *settings;
  WirelabConsoleState  state;
  gboolean             active;     /* following a running node */
  gboolean             announced;  /* said the node is not running */
};

G_DEFINE_FINAL_TYPE (WirelabConsole, wirelab_console, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_NODE,
  PROP_STATE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
update_state (WirelabConsole *self)
{
  WirelabConsoleState state;

  if (!self->active)
    state = WIRELAB_CONSOLE_STOPPED;
  else if (wirelab_terminal_get_state (self->terminal) == WIRELAB_TERMINAL_CONNECTED)
    state = WIRELAB_CONSOLE_CONNECTED;
  else
    state = WIRELAB_CONSOLE_CONNECTING;

  if (state == self->state)
    return;
  self->state = state;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
}

static void
follow_node (WirelabConsole *self)
{
  WirelabNodeStatus status = wirelab_node_get_status (self->node);
  const char *host = wirelab_node_get_console_host (self->node);
  guint port = wirelab_node_get_console (self->node);
  const char *name = wirelab_node_get_name (self->node);
  gboolean running;

  running = (status == WIRELAB_NODE_STATUS_STARTING ||
             status == WIRELAB_NODE_STATUS_RUNNING ||
             status == WIRELAB_NODE_STATUS_SUSPENDED) &&
            host != NULL && *host != '\0' && port > 0 && port <= G_MAXUINT16;

  if (running)
    {
      /* Connects, or keeps the connection to the same port; a port not
       * listening yet is retried. */
      self->active = TRUE;
      self->announced = FALSE;
      wirelab_terminal_connect (self->terminal, host, port);
    }
  else if (self->active)
    {
      g_autofree char *text = NULL;

      self->active = FALSE;
      wirelab_terminal_disconnect (self->terminal);
      /* Translators: %s is a node name. */
      text = g_strdup_printf (_("%s stopped; this console reconnects when it starts"), name);
      wirelab_terminal_show_notice (self->terminal, text);
      self->announced = TRUE;
    }
  else if (!self->announced)
    {
      g_autofree char *text = NULL;

      /* Translators: %s is a node name. */
      text = g_strdup_printf (_("%s is not running; this console connects when it starts"), name);
      wirelab_terminal_show_notice (self->terminal, text);
      self->announced = TRUE;
    }

  update_state (self);
}

static void
on_node_notify (WirelabConsole *self)
{
  follow_node (self);
}

static gboolean
font_from_setting (GValue   *value,
                   GVariant *variant,
                   gpointer  user_data)
{
  g_value_take_boxed (value, pango_font_description_from_string (g_variant_get_string (variant, NULL)));
  return TRUE;
}

WirelabConsole *
wirelab_console_new (WirelabNode *node)
{
  g_return_val_if_fail (WIRELAB_IS_NODE (node), NULL);

  return g_object_new (WIRELAB_TYPE_CONSOLE, "node", node, NULL);
}

WirelabNode *
wirelab_console_get_node (WirelabConsole *self)
{
  g_return_val_if_fail (WIRELAB_IS_CONSOLE (self), NULL);

  return self->node;
}

WirelabTerminal *
wirelab_console_get_terminal (WirelabConsole *self)
{
  g_return_val_if_fail (WIRELAB_IS_CONSOLE (self), NULL);

  return self->terminal;
}

WirelabConsoleState
wirelab_console_get_state (WirelabConsole *self)
{
  g_return_val_if_fail (WIRELAB_IS_CONSOLE (self), WIRELAB_CONSOLE_STOPPED);

  return self->state;
}

char *
wirelab_console_dup_description (WirelabConsole *self)
{
  const char *host;

  g_return_val_if_fail (WIRELAB_IS_CONSOLE (self), NULL);

  host = wirelab_terminal_get_host (self->terminal);
  if (host == NULL)
    return g_strdup (wirelab_node_get_name (self->node));
  return g_strdup_printf ("%s — %s:%u", wirelab_node_get_name (self->node), host,
                          wirelab_terminal_get_port (self->terminal));
}

static gboolean
wirelab_console_grab_focus (GtkWidget *widget)
{
  return gtk_widget_grab_focus (GTK_WIDGET (WIRELAB_CONSOLE (widget)->terminal));
}

static void
wirelab_console_constructed (GObject *object)
{
  WirelabConsole *self = WIRELAB_CONSOLE (object);

  G_OBJECT_CLASS (wirelab_console_parent_class)->constructed (object);

  g_assert (self->node != NULL);
  g_signal_connect_object (self->node, "notify::status", G_CALLBACK (on_node_notify), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->node, "notify::console", G_CALLBACK (on_node_notify), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->node, "notify::console-host", G_CALLBACK (on_node_notify),
                           self, G_CONNECT_SWAPPED);
  follow_node (self);
}

static void
wirelab_console_dispose (GObject *object)
{
  WirelabConsole *self = WIRELAB_CONSOLE (object);
  GtkWidget *child;

  if (self->terminal != NULL)
    wirelab_terminal_disconnect (self->terminal);
  gtk_widget_dispose_template (GTK_WIDGET (self), WIRELAB_TYPE_CONSOLE);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  self->terminal = NULL;
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (wirelab_console_parent_class)->dispose (object);
}

static void
wirelab_console_finalize (GObject *object)
{
  WirelabConsole *self = WIRELAB_CONSOLE (object);

  g_clear_object (&self->node);

  G_OBJECT_CLASS (wirelab_console_parent_class)->finalize (object);
}

static void
wirelab_console_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  WirelabConsole *self = WIRELAB_CONSOLE (object);

  switch (prop_id)
    {
    case PROP_NODE:
      g_value_set_object (value, self->node);
      break;

    case PROP_STATE:
      g_value_set_int (value, self->state);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
wirelab_console_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  WirelabConsole *self = WIRELAB_CONSOLE (object);

  switch (prop_id)
    {
    case PROP_NODE:
      self->node = g_value_dup_object (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
wirelab_console_class_init (WirelabConsoleClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = wirelab_console_constructed;
  object_class->dispose = wirelab_console_dispose;
  object_class->finalize = wirelab_console_finalize;
  object_class->get_property = wirelab_console_get_property;
  object_class->set_property = wirelab_console_set_property;

  widget_class->grab_focus = wirelab_console_grab_focus;

  properties[PROP_NODE] =
    g_param_spec_object ("node", NULL, NULL, WIRELAB_TYPE_NODE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  /* A WirelabConsoleState. */
  properties[PROP_STATE] =
    g_param_spec_int ("state", NULL, NULL, WIRELAB_CONSOLE_STOPPED, WIRELAB_CONSOLE_CONNECTED,
                      WIRELAB_CONSOLE_STOPPED,
                      G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (WIRELAB_TYPE_TERMINAL);
  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PATH "/ui/wirelab-console.ui");
  gtk_widget_class_bind_template_child (widget_class, WirelabConsole, terminal);
  gtk_widget_class_bind_template_child (widget_class, WirelabConsole, scrollbar);
  gtk_widget_class_set_css_name (widget_class, "wirelab-console");
}

static void
wirelab_console_init (WirelabConsole *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  gtk_scrollbar_set_adjustment (self->scrollbar,
                                gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (self->terminal)));
  g_signal_connect_object (self->terminal, "notify::state", G_CALLBACK (update_state), self,
                           G_CONNECT_SWAPPED);

  self->settings = g_settings_new (APP_ID);
  g_settings_bind_with_mapping (self->settings, "console-font", self->terminal, "font-desc",
                                G_SETTINGS_BIND_GET, font_from_setting, NULL, NULL, NULL);
  g_settings_bind (self->settings, "console-scrollback", self->terminal, "scrollback-lines",
                   G_SETTINGS_BIND_GET);
}
