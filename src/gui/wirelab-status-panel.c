/* wirelab-status-panel.c: the bar at the bottom of the lab window
 *
 * Copyright 2026 The Wirelab authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#define G_LOG_DOMAIN "wirelab-status-panel"

#include "config.h"

#include <glib/gi18n.h>

#include "wirelab-hypervisor-indicator.h"
#include "wirelab-status-panel.h"

struct _WirelabStatusPanel
{
  GtkWidget      parent_instance;

  GtkBox        *hypervisors_box;
  GtkLabel      *nodes_label;
  GtkRevealer   *progress_revealer;
  GtkLabel      *progress_label;
  GtkProgressBar *progress_bar;

  WirelabLab    *lab;
  GHashTable    *watched;   /* nodes whose status we follow */
  guint          count_source;
  guint          pulse_source;
};

G_DEFINE_FINAL_TYPE (WirelabStatusPanel, wirelab_status_panel, GTK_TYPE_WIDGET)

static gboolean
count_nodes (gpointer user_data)
{
  WirelabStatusPanel *self = user_data;
  GListModel *nodes;
  guint n, running = 0;
  g_autofree char *total = NULL;
  g_autofree char *text = NULL;

  self->count_source = 0;
  if (self->lab == NULL)
    {
      gtk_label_set_label (self->nodes_label, "");
      return G_SOURCE_REMOVE;
    }

  nodes = wirelab_lab_get_nodes (self->lab);
  n = g_list_model_get_n_items (nodes);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(WirelabNode) node = g_list_model_get_item (nodes, i);

      if (wirelab_node_get_status (node) == WIRELAB_NODE_STATUS_RUNNING)
        running++;
    }

  total = g_strdup_printf (ngettext ("%u node", "%u nodes", n), n);
  /* Translators: "5 nodes, 2 running". */
  text = g_strdup_printf (_("%s, %u running"), total, running);
  gtk_label_set_label (self->nodes_label, text);
  return G_SOURCE_REMOVE;
}

static void
schedule_count (WirelabStatusPanel *self)
{
  if (self->count_source == 0)
    self->count_source = g_idle_add (count_nodes, self);
}

static void
watch_nodes (WirelabStatusPanel *self)
{
  GListModel *nodes = wirelab_lab_get_nodes (self->lab);

  for (guint i = 0; i < g_list_model_get_n_items (nodes); i++)
    {
      g_autoptr(WirelabNode) node = g_list_model_get_item (nodes, i);

      if (!g_hash_table_contains (self->watched, node))
        {
          g_hash_table_add (self->watched, g_object_ref (node));
          g_signal_connect_object (node, "notify::status", G_CALLBACK (schedule_count), self,
                                   G_CONNECT_SWAPPED);
        }
    }
}

static void
on_nodes_changed (WirelabStatusPanel *self)
{
  watch_nodes (self);
  schedule_count (self);
}

static void
rebuild_hypervisors (WirelabStatusPanel *self)
{
  GtkWidget *child;
  GListModel *hypervisors;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->hypervisors_box))) != NULL)
    gtk_box_remove (self->hypervisors_box, child);
  if (self->lab == NULL)
    return;

  hypervisors = wirelab_lab_get_hypervisors (self->lab);
  for (guint i = 0; i < g_list_model_get_n_items (hypervisors); i++)
    {
      g_autoptr(WirelabHypervisorConfig) config = g_list_model_get_item (hypervisors, i);

      gtk_box_append (self->hypervisors_box, wirelab_hypervisor_indicator_new (config));
    }
}

void
wirelab_status_panel_set_lab (WirelabStatusPanel *self,
                              WirelabLab         *lab)
{
  g_return_if_fail (WIRELAB_IS_STATUS_PANEL (self));
  g_return_if_fail (lab == NULL || WIRELAB_IS_LAB (lab));

  if (self->lab == lab)
    return;

  if (self->lab != NULL)
    {
      GHashTableIter iter;
      gpointer node;

      g_signal_handlers_disconnect_by_data (wirelab_lab_get_hypervisors (self->lab), self);
      g_signal_handlers_disconnect_by_data (wirelab_lab_get_nodes (self->lab), self);
      g_hash_table_iter_init (&iter, self->watched);
      while (g_hash_table_iter_next (&iter, &node, NULL))
        g_signal_handlers_disconnect_by_data (node, self);
      g_hash_table_remove_all (self->watched);
    }
  g_set_object (&self->lab, lab);

  if (lab != NULL)
    {
      g_signal_connect_object (wirelab_lab_get_hypervisors (lab), "items-changed",
                               G_CALLBACK (rebuild_hypervisors), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (wirelab_lab_get_nodes (lab), "items-changed",
                               G_CALLBACK (on_nodes_changed), self, G_CONNECT_SWAPPED);
      watch_nodes (self);
    }
  rebuild_hypervisors (self);
  g_clear_handle_id (&self->count_source, g_source_remove);
  count_nodes (self);
}

static gboolean
pulse (gpointer user_data)
{
  WirelabStatusPanel *self = user_data;

  gtk_progress_bar_pulse (self->progress_bar);
  return G_SOURCE_CONTINUE;
}

void
wirelab_status_panel_set_progress (WirelabStatusPanel *self,
                                   const char         *text,
                                   double              fraction)
{
  g_return_if_fail (WIRELAB_IS_STATUS_PANEL (self));

  if (text == NULL)
    {
      g_clear_handle_id (&self->pulse_source, g_source_remove);
      gtk_revealer_set_reveal_child (self->progress_revealer, FALSE);
      return;
    }

  gtk_label_set_label (self->progress_label, text);
  if (fraction < 0)
    {
      if (self->pulse_source == 0)
        self->pulse_source = g_timeout_add (150, pulse, self);
    }
  else
    {
      g_clear_handle_id (&self->pulse_source, g_source_remove);
      gtk_progress_bar_set_fraction (self->progress_bar, CLAMP (fraction, 0.0, 1.0));
    }
  gtk_revealer_set_reveal_child (self->progress_revealer, TRUE);
}

const char *
wirelab_status_panel_get_summary (WirelabStatusPanel *self)
{
  g_return_val_if_fail (WIRELAB_IS_STATUS_PANEL (self), NULL);

  if (self->count_source != 0)
    {
      g_clear_handle_id (&self->count_source, g_source_remove);
      count_nodes (self);
    }
  return gtk_label_get_label (self->nodes_label);
}

GtkWidget *
wirelab_status_panel_new (void)
{
  return g_object_new (WIRELAB_TYPE_STATUS_PANEL, NULL);
}

static void
wirelab_status_panel_dispose (GObject *object)
{
  WirelabStatusPanel *self = WIRELAB_STATUS_PANEL (object);
  GtkWidget *child;

  wirelab_status_panel_set_lab (self, NULL);
  g_clear_handle_id (&self->count_source, g_source_remove);
  g_clear_handle_id (&self->pulse_source, g_source_remove);
  gtk_widget_dispose_template (GTK_WIDGET (self), WIRELAB_TYPE_STATUS_PANEL);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (wirelab_status_panel_parent_class)->dispose (object);
}

static void
wirelab_status_panel_finalize (GObject *object)
{
  WirelabStatusPanel *self = WIRELAB_STATUS_PANEL (object);

  g_hash_table_unref (self->watched);

  G_OBJECT_CLASS (wirelab_status_panel_parent_class)->finalize (object);
}

static void
wirelab_status_panel_class_init (WirelabStatusPanelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = wirelab_status_panel_dispose;
  object_class->finalize = wirelab_status_panel_finalize;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PATH "/ui/wirelab-status-panel.ui");
  gtk_widget_class_bind_template_child (widget_class, WirelabStatusPanel, hypervisors_box);
  gtk_widget_class_bind_template_child (widget_class, WirelabStatusPanel, nodes_label);
  gtk_widget_class_bind_template_child (widget_class, WirelabStatusPanel, progress_revealer);
  gtk_widget_class_bind_template_child (widget_class, WirelabStatusPanel, progress_label);
  gtk_widget_class_bind_template_child (widget_class, WirelabStatusPanel, progress_bar);
  gtk_widget_class_set_css_name (widget_class, "wirelab-status-panel");
}

static void
wirelab_status_panel_init (WirelabStatusPanel *self)
{
  self->watched = g_hash_table_new_full (NULL, NULL, g_object_unref, NULL);
  gtk_widget_init_template (GTK_WIDGET (self));
}
