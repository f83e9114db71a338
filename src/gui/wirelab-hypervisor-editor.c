/* wirelab-hypervisor-editor.c: add or edit one hypervisor
 *
 * Copyright 2026 The Wirelab authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#define G_LOG_DOMAIN "wirelab-hypervisor-editor"

#include "config.h"

#include <glib/gi18n.h>

#include "wirelab/wirelab-client.h"
#include "wirelab/wirelab-version.h"

#include "wirelab-hypervisor-editor.h"

#define TEST_TIMEOUT_MS 5000

struct _WirelabHypervisorEditor
{
  AdwWindow                parent_instance;

  AdwWindowTitle          *window_title;
  AdwToastOverlay         *toast_overlay;
  AdwEntryRow             *name_row;
  AdwEntryRow             *host_row;
  AdwActionRow            *port_row;
  GtkSpinButton           *port_spin;
  AdwActionRow            *test_row;
  GtkSpinner              *test_spinner;
  GtkSpinButton           *base_console_spin;
  GtkSpinButton           *base_udp_spin;
  GtkSpinButton           *base_aux_spin;
  AdwActionRow            *memory_row;
  GtkSpinButton           *memory_spin;
  AdwEntryRow             *working_dir_row;

  WirelabInventory        *inventory;
  WirelabHypervisorConfig *config;
  gboolean                 local;
  GCancellable            *test_cancellable;
  WirelabClient           *test_client;
  char                    *test_result;
};

G_DEFINE_FINAL_TYPE (WirelabHypervisorEditor, wirelab_hypervisor_editor, ADW_TYPE_WINDOW)

static void
set_test_result (WirelabHypervisorEditor *self,
                 const char              *text)
{
  g_autofree char *escaped = g_markup_escape_text (text, -1);

  g_free (self->test_result);
  self->test_result = g_strdup (text);
  adw_action_row_set_subtitle (self->test_row, escaped);
  gtk_spinner_stop (self->test_spinner);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "editor.test", TRUE);
}

static void
test_failed (WirelabHypervisorEditor *self,
             GError                  *error)
{
  g_autofree char *text = g_strdup_printf (_("Failed: %s"), error->message);

  set_test_result (self, text);
  g_clear_object (&self->test_client);
}

static void
on_version (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(WirelabHypervisorEditor) self = user_data;
  g_autoptr(WirelabReply) reply = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;

  reply = wirelab_client_call_finish (WIRELAB_CLIENT (source), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (reply == NULL)
    {
      test_failed (self, error);
      return;
    }
  /* Translators: %s is what `hypervisor version` answered. */
  text = g_strdup_printf (_("Connected: hypervisor version %s"), wirelab_reply_get_text (reply));
  set_test_result (self, text);
  wirelab_client_close (self->test_client);
  g_clear_object (&self->test_client);
}

static void
on_test_connected (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(WirelabHypervisorEditor) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!wirelab_client_connect_finish (WIRELAB_CLIENT (source), result, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        test_failed (self, error);
      return;
    }
  wirelab_client_callv_async (self->test_client, self->test_cancellable, on_version,
                              g_object_ref (self), "hypervisor", "version", NULL);
}

static void
test_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  WirelabHypervisorEditor *self = WIRELAB_HYPERVISOR_EDITOR (widget);
  g_autofree char *host = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->host_row))));
  guint16 port = gtk_spin_button_get_value_as_int (self->port_spin);

  if (self->local && (self->config == NULL || wirelab_hypervisor_config_get_port (self->config) == 0))
    {
      g_autofree char *text = NULL;

      /* Translators: %s is a version string. */
      text = g_strdup_printf (_("Built into Wirelab: hypervisor version %s"),
                              wirelab_get_hypervisor_version_string ());
      set_test_result (self, text);
      return;
    }
  if (*host == '\0')
    {
      set_test_result (self, _("Failed: enter a host name or IP address"));
      return;
    }

  g_cancellable_cancel (self->test_cancellable);
  g_clear_object (&self->test_cancellable);
  if (self->test_client != NULL)
    wirelab_client_close (self->test_client);
  g_clear_object (&self->test_client);
  g_free (self->test_result);
  self->test_result = g_strdup ("");

  self->test_cancellable = g_cancellable_new ();
  self->test_client = wirelab_client_new (host, port);
  wirelab_client_set_timeout (self->test_client, TEST_TIMEOUT_MS);
  adw_action_row_set_subtitle (self->test_row, _("Connecting…"));
  gtk_spinner_start (self->test_spinner);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "editor.test", FALSE);
  wirelab_client_connect_async (self->test_client, self->test_cancellable, on_test_connected,
                                g_object_ref (self));
}

static gboolean
host_is_valid (const char *host)
{
  if (*host == '\0')
    return FALSE;
  for (const char *p = host; *p != '\0'; p++)
    if (g_ascii_isspace (*p) || *p == '"' || *p == '\'' || g_ascii_iscntrl (*p))
      return FALSE;
  return TRUE;
}

static void
toast (WirelabHypervisorEditor *self,
       const char              *message)
{
  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (message));
}

static void
apply_fields (WirelabHypervisorEditor *self,
              WirelabHypervisorConfig *config,
              const char              *host)
{
  g_autofree char *name = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->name_row))));
  g_autofree char *dir = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->working_dir_row))));

  wirelab_hypervisor_config_set_name (config, name);
  if (!self->local)
    {
      wirelab_hypervisor_config_set_host (config, host);
      wirelab_hypervisor_config_set_port (config, gtk_spin_button_get_value_as_int (self->port_spin));
    }
  wirelab_hypervisor_config_set_base_console (config, gtk_spin_button_get_value_as_int (self->base_console_spin));
  wirelab_hypervisor_config_set_base_udp (config, gtk_spin_button_get_value_as_int (self->base_udp_spin));
  wirelab_hypervisor_config_set_base_aux (config, gtk_spin_button_get_value_as_int (self->base_aux_spin));
  wirelab_hypervisor_config_set_memory_limit_mb (config, gtk_spin_button_get_value_as_int (self->memory_spin));
  wirelab_hypervisor_config_set_working_dir (config, dir);
}

static void
save_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  WirelabHypervisorEditor *self = WIRELAB_HYPERVISOR_EDITOR (widget);
  WirelabLab *lab = wirelab_inventory_get_lab (self->inventory);
  g_autofree char *host = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->host_row))));
  guint16 port = gtk_spin_button_get_value_as_int (self->port_spin);

  if (!self->local && !host_is_valid (host))
    {
      gtk_widget_add_css_class (GTK_WIDGET (self->host_row), "error");
      toast (self, _("Enter the hypervisor’s DNS name or IP address, without blanks or quotes"));
      return;
    }

  if (self->config == NULL)
    {
      g_autoptr(WirelabHypervisorConfig) config = wirelab_hypervisor_config_new (NULL, host, port);
      g_autoptr(GError) error = NULL;

      apply_fields (self, config, host);
      if (!wirelab_lab_add_hypervisor (lab, config, &error))
        {
          toast (self, error->message);
          return;
        }
      self->config = g_object_ref (config);
    }
  else
    apply_fields (self, self->config, host);

  wirelab_inventory_flush (self->inventory);
  gtk_window_close (GTK_WINDOW (self));
}

static void
on_host_changed (WirelabHypervisorEditor *self)
{
  gtk_widget_remove_css_class (GTK_WIDGET (self->host_row), "error");
}

WirelabHypervisorEditor *
wirelab_hypervisor_editor_new (WirelabInventory        *inventory,
                               WirelabHypervisorConfig *config)
{
  WirelabHypervisorEditor *self;
  g_autoptr(WirelabHypervisorConfig) defaults = NULL;
  WirelabHypervisorConfig *from;

  g_return_val_if_fail (WIRELAB_IS_INVENTORY (inventory), NULL);
  g_return_val_if_fail (config == NULL || WIRELAB_IS_HYPERVISOR_CONFIG (config), NULL);

  self = g_object_new (WIRELAB_TYPE_HYPERVISOR_EDITOR, NULL);
  self->inventory = g_object_ref (inventory);
  if (config != NULL)
    self->config = g_object_ref (config);

  from = config;
  if (from == NULL)
    from = defaults = wirelab_hypervisor_config_new (NULL, "", 7200);
  self->local = wirelab_hypervisor_config_is_local (from);

  adw_window_title_set_title (self->window_title,
                              config == NULL ? _("Add Hypervisor") : _("Edit Hypervisor"));
  if (config != NULL)
    adw_window_title_set_subtitle (self->window_title,
                                   wirelab_hypervisor_config_get_display_name (config));

  gtk_editable_set_text (GTK_EDITABLE (self->name_row), wirelab_hypervisor_config_get_name (from));
  gtk_editable_set_text (GTK_EDITABLE (self->host_row), wirelab_hypervisor_config_get_host (from));
  gtk_spin_button_set_value (self->port_spin, MAX (1, wirelab_hypervisor_config_get_port (from)));
  gtk_spin_button_set_value (self->base_console_spin, wirelab_hypervisor_config_get_base_console (from));
  gtk_spin_button_set_value (self->base_udp_spin, wirelab_hypervisor_config_get_base_udp (from));
  gtk_spin_button_set_value (self->base_aux_spin, wirelab_hypervisor_config_get_base_aux (from));
  gtk_spin_button_set_value (self->memory_spin, wirelab_hypervisor_config_get_memory_limit_mb (from));
  gtk_editable_set_text (GTK_EDITABLE (self->working_dir_row),
                         wirelab_hypervisor_config_get_working_dir (from) != NULL
                         ? wirelab_hypervisor_config_get_working_dir (from) : "");

  if (self->local)
    {
      gtk_widget_set_sensitive (GTK_WIDGET (self->host_row), FALSE);
      gtk_widget_set_sensitive (GTK_WIDGET (self->port_spin), FALSE);
      if (wirelab_hypervisor_config_get_port (from) == 0)
        adw_action_row_set_subtitle (self->port_row, _("Runs inside Wirelab on a free port of 127.0.0.1"));
      adw_action_row_set_subtitle (self->memory_row,
                                   _("Routers placed here may use this much RAM in total; 0 for most of this computer’s free memory"));
    }
  else
    adw_action_row_set_subtitle (self->memory_row,
                                 _("Routers placed here may use this much RAM in total; 0 for no limit"));

  return self;
}

WirelabHypervisorConfig *
wirelab_hypervisor_editor_get_hypervisor (WirelabHypervisorEditor *self)
{
  g_return_val_if_fail (WIRELAB_IS_HYPERVISOR_EDITOR (self), NULL);

  return self->config;
}

const char *
wirelab_hypervisor_editor_get_test_result (WirelabHypervisorEditor *self)
{
  g_return_val_if_fail (WIRELAB_IS_HYPERVISOR_EDITOR (self), NULL);

  return self->test_result != NULL ? self->test_result : "";
}

static void
wirelab_hypervisor_editor_dispose (GObject *object)
{
  WirelabHypervisorEditor *self = WIRELAB_HYPERVISOR_EDITOR (object);

  if (self->test_cancellable != NULL)
    g_cancellable_cancel (self->test_cancellable);
  g_clear_object (&self->test_cancellable);
  if (self->test_client != NULL)
    wirelab_client_close (self->test_client);
  g_clear_object (&self->test_client);
  g_clear_object (&self->config);
  g_clear_object (&self->inventory);

  G_OBJECT_CLASS (wirelab_hypervisor_editor_parent_class)->dispose (object);
}

static void
wirelab_hypervisor_editor_finalize (GObject *object)
{
  WirelabHypervisorEditor *self = WIRELAB_HYPERVISOR_EDITOR (object);

  g_free (self->test_result);

  G_OBJECT_CLASS (wirelab_hypervisor_editor_parent_class)->finalize (object);
}

static void
wirelab_hypervisor_editor_class_init (WirelabHypervisorEditorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = wirelab_hypervisor_editor_dispose;
  object_class->finalize = wirelab_hypervisor_editor_finalize;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PATH "/ui/wirelab-hypervisor-editor.ui");
  gtk_widget_class_bind_template_child (widget_class, WirelabHypervisorEditor, window_title);
  gtk_widget_class_bind_template_child (widget_class, WirelabHypervisorEditor, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, WirelabHypervisorEditor, name_row);
  gtk_widget_class_bind_template_child (widget_class, WirelabHypervisorEditor, host_row);
  gtk_widget_class_bind_template_child (widget_class, WirelabHypervisorEditor, port_row);
  gtk_widget_class_bind_template_child (widget_class, WirelabHypervisorEditor, port_spin);
  gtk_widget_class_bind_template_child (widget_class, WirelabHypervisorEditor, test_row);
  gtk_widget_class_bind_template_child (widget_class, WirelabHypervisorEditor, test_spinner);
  gtk_widget_class_bind_template_child (widget_class, WirelabHypervisorEditor, base_console_spin);
  gtk_widget_class_bind_template_child (widget_class, WirelabHypervisorEditor, base_udp_spin);
  gtk_widget_class_bind_template_child (widget_class, WirelabHypervisorEditor, base_aux_spin);
  gtk_widget_class_bind_template_child (widget_class, WirelabHypervisorEditor, memory_row);
  gtk_widget_class_bind_template_child (widget_class, WirelabHypervisorEditor, memory_spin);
  gtk_widget_class_bind_template_child (widget_class, WirelabHypervisorEditor, working_dir_row);

  gtk_widget_class_install_action (widget_class, "editor.save", NULL, save_action);
  gtk_widget_class_install_action (widget_class, "editor.test", NULL, test_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
wirelab_hypervisor_editor_init (WirelabHypervisorEditor *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  g_signal_connect_object (self->host_row, "changed", G_CALLBACK (on_host_changed), self,
                           G_CONNECT_SWAPPED);
}
