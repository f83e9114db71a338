/* wirelab-hypervisor-indicator.c: one hypervisor in the status panel
 *
 * Copyright 2026 The Wirelab authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#define G_LOG_DOMAIN "wirelab-hypervisor-indicator"

#include "config.h"

#include <glib/gi18n.h>

#include "wirelab-hypervisor-indicator.h"

struct _WirelabHypervisorIndicator
{
  GtkWidget                parent_instance;

  GtkImage                *dot;
  GtkLabel                *name_label;
  GtkLevelBar             *memory_bar;
  GtkLabel                *memory_label;
  GtkLabel                *nodes_label;

  WirelabHypervisorConfig *config;
};

G_DEFINE_FINAL_TYPE (WirelabHypervisorIndicator, wirelab_hypervisor_indicator, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_HYPERVISOR,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static char *
format_mb (guint mb)
{
  if (mb >= 10240)
    return g_strdup_printf (_("%.0f GB"), mb / 1024.0);
  if (mb >= 1024)
    return g_strdup_printf (_("%.1f GB"), mb / 1024.0);
  return g_strdup_printf (_("%u MB"), mb);
}

static void
update (WirelabHypervisorIndicator *self)
{
  WirelabHypervisorConfig *config = self->config;
  gboolean connected = wirelab_hypervisor_config_get_connected (config);
  guint placed = wirelab_hypervisor_config_get_placed_ram_mb (config);
  guint limit = wirelab_hypervisor_config_get_effective_memory_limit_mb (config);
  guint nodes = wirelab_hypervisor_config_get_node_count (config);
  const char *message = wirelab_hypervisor_config_get_status_message (config);
  g_autofree char *placed_text = format_mb (placed);
  g_autofree char *memory = NULL;
  g_autofree char *node_text = NULL;
  g_autofree char *tooltip = NULL;

  if (connected)
    {
      gtk_widget_add_css_class (GTK_WIDGET (self->dot), "connected");
      gtk_widget_remove_css_class (GTK_WIDGET (self->dot), "disconnected");
    }
  else
    {
      gtk_widget_add_css_class (GTK_WIDGET (self->dot), "disconnected");
      gtk_widget_remove_css_class (GTK_WIDGET (self->dot), "connected");
    }

  gtk_label_set_label (self->name_label, wirelab_hypervisor_config_get_display_name (config));

  if (limit > 0 && limit != G_MAXUINT)
    {
      g_autofree char *limit_text = format_mb (limit);

      /* Translators: memory placed on a hypervisor / its limit, "256 MB / 6.0 GB". */
      memory = g_strdup_printf (_("%s / %s"), placed_text, limit_text);
      gtk_level_bar_set_value (self->memory_bar, MIN (1.0, (double) placed / limit));
      gtk_widget_set_visible (GTK_WIDGET (self->memory_bar), TRUE);
    }
  else
    {
      memory = g_strdup (placed_text);
      gtk_widget_set_visible (GTK_WIDGET (self->memory_bar), FALSE);
    }
  gtk_label_set_label (self->memory_label, memory);

  /* Translators: nodes placed on one hypervisor, after its memory. */
  node_text = g_strdup_printf (ngettext ("· %u node", "· %u nodes", nodes), nodes);
  gtk_label_set_label (self->nodes_label, node_text);

  if (message != NULL && *message != '\0')
    tooltip = g_strdup_printf ("%s: %s", connected ? _("Connected") : _("Not connected"), message);
  else
    tooltip = g_strdup (connected ? _("Connected") : _("Not connected"));
  gtk_widget_set_tooltip_text (GTK_WIDGET (self), tooltip);
}

GtkWidget *
wirelab_hypervisor_indicator_new (WirelabHypervisorConfig *config)
{
  g_return_val_if_fail (WIRELAB_IS_HYPERVISOR_CONFIG (config), NULL);

  return g_object_new (WIRELAB_TYPE_HYPERVISOR_INDICATOR, "hypervisor", config, NULL);
}

WirelabHypervisorConfig *
wirelab_hypervisor_indicator_get_hypervisor (WirelabHypervisorIndicator *self)
{
  g_return_val_if_fail (WIRELAB_IS_HYPERVISOR_INDICATOR (self), NULL);

  return self->config;
}

static void
wirelab_hypervisor_indicator_constructed (GObject *object)
{
  WirelabHypervisorIndicator *self = WIRELAB_HYPERVISOR_INDICATOR (object);
  const char *props[] = {
    "notify::connected", "notify::placed-ram-mb", "notify::node-count",
    "notify::effective-memory-limit-mb", "notify::status-message", "notify::display-name",
  };

  G_OBJECT_CLASS (wirelab_hypervisor_indicator_parent_class)->constructed (object);

  for (guint i = 0; i < G_N_ELEMENTS (props); i++)
    g_signal_connect_object (self->config, props[i], G_CALLBACK (update), self,
                             G_CONNECT_SWAPPED);
  update (self);
}

static void
wirelab_hypervisor_indicator_dispose (GObject *object)
{
  GtkWidget *child;

  gtk_widget_dispose_template (GTK_WIDGET (object), WIRELAB_TYPE_HYPERVISOR_INDICATOR);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (object))) != NULL)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (wirelab_hypervisor_indicator_parent_class)->dispose (object);
}

static void
wirelab_hypervisor_indicator_finalize (GObject *object)
{
  WirelabHypervisorIndicator *self = WIRELAB_HYPERVISOR_INDICATOR (object);

  g_clear_object (&self->config);

  G_OBJECT_CLASS (wirelab_hypervisor_indicator_parent_class)->finalize (object);
}

static void
wirelab_hypervisor_indicator_get_property (GObject    *object,
                                           guint       prop_id,
                                           GValue     *value,
                                           GParamSpec *pspec)
{
  WirelabHypervisorIndicator *self = WIRELAB_HYPERVISOR_INDICATOR (object);

  switch (prop_id)
    {
    case PROP_HYPERVISOR:
      g_value_set_object (value, self->config);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
wirelab_hypervisor_indicator_set_property (GObject      *object,
                                           guint         prop_id,
                                           const GValue *value,
                                           GParamSpec   *pspec)
{
  WirelabHypervisorIndicator *self = WIRELAB_HYPERVISOR_INDICATOR (object);

  switch (prop_id)
    {
    case PROP_HYPERVISOR:
      self->config = g_value_dup_object (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
wirelab_hypervisor_indicator_class_init (WirelabHypervisorIndicatorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = wirelab_hypervisor_indicator_constructed;
  object_class->dispose = wirelab_hypervisor_indicator_dispose;
  object_class->finalize = wirelab_hypervisor_indicator_finalize;
  object_class->get_property = wirelab_hypervisor_indicator_get_property;
  object_class->set_property = wirelab_hypervisor_indicator_set_property;

  properties[PROP_HYPERVISOR] =
    g_param_spec_object ("hypervisor", NULL, NULL, WIRELAB_TYPE_HYPERVISOR_CONFIG,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PATH "/ui/wirelab-hypervisor-indicator.ui");
  gtk_widget_class_bind_template_child (widget_class, WirelabHypervisorIndicator, dot);
  gtk_widget_class_bind_template_child (widget_class, WirelabHypervisorIndicator, name_label);
  gtk_widget_class_bind_template_child (widget_class, WirelabHypervisorIndicator, memory_bar);
  gtk_widget_class_bind_template_child (widget_class, WirelabHypervisorIndicator, memory_label);
  gtk_widget_class_bind_template_child (widget_class, WirelabHypervisorIndicator, nodes_label);
  gtk_widget_class_set_css_name (widget_class, "wirelab-hypervisor-indicator");
}

static void
wirelab_hypervisor_indicator_init (WirelabHypervisorIndicator *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
