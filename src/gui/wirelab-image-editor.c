/* wirelab-image-editor.c: add or edit one router image
 *
 * Copyright 2026 The Wirelab authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#define G_LOG_DOMAIN "wirelab-image-editor"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "wirelab/wirelab-platform.h"

#include "wirelab-image-editor.h"

struct _WirelabImageEditor
{
  AdwWindow             parent_instance;

  AdwWindowTitle       *window_title;
  AdwToastOverlay      *toast_overlay;
  AdwEntryRow          *name_row;
  AdwActionRow         *file_row;
  AdwComboRow          *platform_row;
  AdwComboRow          *model_row;
  AdwEntryRow          *idle_pc_row;
  GtkSpinButton        *ram_spin;
  GtkSpinButton        *nvram_spin;
  AdwPreferencesGroup  *adapters_group;
  AdwPreferencesGroup  *hypervisors_group;
  GtkCheckButton       *manager_check;

  WirelabInventory     *inventory;
  WirelabImage         *image;         /* NULL while adding */
  char                 *path;
  GPtrArray            *slot_rows;     /* one per slot (AdwComboRow, or AdwActionRow if fixed) */
  GPtrArray            *wic_rows;      /* AdwComboRow */
  GPtrArray            *hypervisor_rows;
  GHashTable           *checks;        /* hypervisor id → GtkCheckButton */
  char                **initial_slots; /* cards to preselect */
  char                **initial_wics;
  gboolean              filling;       /* setting fields, not the user */
  GtkFileChooserNative *chooser;
};

G_DEFINE_FINAL_TYPE (WirelabImageEditor, wirelab_image_editor, ADW_TYPE_WINDOW)

static const char *
selected_string (AdwComboRow *row)
{
  GtkStringObject *item = adw_combo_row_get_selected_item (row);

  return item != NULL ? gtk_string_object_get_string (item) : "";
}

static void
select_string (AdwComboRow *row,
               const char  *value)
{
  GListModel *model = adw_combo_row_get_model (row);

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(GtkStringObject) item = g_list_model_get_item (model, i);

      if (g_strcmp0 (gtk_string_object_get_string (item), value) == 0)
        {
          adw_combo_row_set_selected (row, i);
          return;
        }
    }
  adw_combo_row_set_selected (row, 0);
}

static void
set_path (WirelabImageEditor *self,
          const char         *path)
{
  g_autofree char *escaped = g_markup_escape_text (path, -1);

  g_free (self->path);
  self->path = g_strdup (path);
  adw_action_row_set_subtitle (self->file_row, escaped);
}

static void
clear_rows (AdwPreferencesGroup *group,
            GPtrArray           *rows)
{
  for (guint i = 0; i < rows->len; i++)
    adw_preferences_group_remove (group, g_ptr_array_index (rows, i));
  g_ptr_array_set_size (rows, 0);
}

/* "(empty)" first, then the cards. */
static GtkStringList *
card_list (char **cards)
{
  GtkStringList *list = gtk_string_list_new (NULL);

  gtk_string_list_append (list, "");
  for (guint i = 0; cards != NULL && cards[i] != NULL; i++)
    gtk_string_list_append (list, cards[i]);
  return list;
}

static GtkWidget *
card_row (const char *title,
          char      **cards,
          const char *selected)
{
  g_autoptr(GtkStringList) list = card_list (cards);
  g_autoptr(GtkExpression) expression = NULL;
  GtkWidget *row = adw_combo_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_combo_row_set_model (ADW_COMBO_ROW (row), G_LIST_MODEL (list));
  expression = gtk_property_expression_new (GTK_TYPE_STRING_OBJECT, NULL, "string");
  adw_combo_row_set_expression (ADW_COMBO_ROW (row), expression);
  select_string (ADW_COMBO_ROW (row), selected != NULL ? selected : "");
  return row;
}

static const char *
nth (char **strv,
     guint  i)
{
  return strv != NULL && i < g_strv_length (strv) ? strv[i] : "";
}

static void
rebuild_adapters (WirelabImageEditor *self)
{
  const char *platform = selected_string (self->platform_row);
  const char *model = selected_string (self->model_row);
  guint slots = wirelab_platform_get_slot_count (platform, model);
  guint wic_count = wirelab_platform_get_wic_count (platform);
  const char *fixed = wirelab_platform_get_fixed_adapter (platform, model);
  g_auto(GStrv) wics = wirelab_platform_dup_wics (platform);

  clear_rows (self->adapters_group, self->slot_rows);
  clear_rows (self->adapters_group, self->wic_rows);

  for (guint i = 0; i < slots; i++)
    {
      g_autofree char *title = g_strdup_printf (_("Slot %u"), i);
      GtkWidget *row;

      if (i == 0 && fixed != NULL)
        {
          row = adw_action_row_new ();
          adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
          /* Translators: a card built into the chassis, e.g. "GT96100-FE (built in)". */
          adw_action_row_set_subtitle (ADW_ACTION_ROW (row), fixed);
          g_object_set_data_full (G_OBJECT (row), "wirelab-card", g_strdup (fixed), g_free);
        }
      else
        {
          g_auto(GStrv) cards = wirelab_platform_dup_adapters (platform, model, i);

          row = card_row (title, cards, nth (self->initial_slots, i));
        }
      adw_preferences_group_add (self->adapters_group, row);
      g_ptr_array_add (self->slot_rows, row);
    }

  for (guint i = 0; i < wic_count; i++)
    {
      g_autofree char *title = g_strdup_printf (_("WIC Slot %u"), i);
      GtkWidget *row = card_row (title, wics, nth (self->initial_wics, i));

      adw_preferences_group_add (self->adapters_group, row);
      g_ptr_array_add (self->wic_rows, row);
    }
}

static void
on_model_changed (WirelabImageEditor *self)
{
  if (!self->filling)
    {
      /* The defaults of the new chassis. */
      g_strfreev (self->initial_slots);
      self->initial_slots = wirelab_platform_dup_default_slots (selected_string (self->platform_row),
                                                                selected_string (self->model_row));
    }
  rebuild_adapters (self);
}

static void
fill_models (WirelabImageEditor *self,
             const char         *selected)
{
  const char *platform = selected_string (self->platform_row);
  const char *const *models = wirelab_platform_list_models (platform);
  g_autoptr(GtkStringList) list = gtk_string_list_new (models);
  gboolean filling = self->filling;

  self->filling = TRUE;
  adw_combo_row_set_model (self->model_row, G_LIST_MODEL (list));
  select_string (self->model_row, selected != NULL && *selected != '\0'
                                  ? selected : wirelab_platform_get_default_model (platform));
  self->filling = filling;
  gtk_widget_set_sensitive (GTK_WIDGET (self->model_row), g_strv_length ((char **) models) > 1);
}

static void
on_platform_changed (WirelabImageEditor *self)
{
  const char *platform = selected_string (self->platform_row);

  if (self->filling)
    return;
  gtk_spin_button_set_value (self->ram_spin, wirelab_platform_get_default_ram (platform));
  gtk_spin_button_set_value (self->nvram_spin, wirelab_platform_get_default_nvram (platform));
  fill_models (self, NULL);
  on_model_changed (self);
}

static void
fill_hypervisors (WirelabImageEditor *self,
                  const char *const  *bound)
{
  GListModel *hypervisors = wirelab_lab_get_hypervisors (wirelab_inventory_get_lab (self->inventory));

  clear_rows (self->hypervisors_group, self->hypervisor_rows);
  g_hash_table_remove_all (self->checks);

  for (guint i = 0; i < g_list_model_get_n_items (hypervisors); i++)
    {
      g_autoptr(WirelabHypervisorConfig) config = g_list_model_get_item (hypervisors, i);
      const char *id = wirelab_hypervisor_config_get_id (config);
      g_autofree char *title = g_markup_escape_text (wirelab_hypervisor_config_get_display_name (config), -1);
      g_autofree char *subtitle = NULL;
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *check = gtk_check_button_new ();

      if (wirelab_hypervisor_config_is_local (config) && wirelab_hypervisor_config_get_port (config) == 0)
        subtitle = g_strdup (_("Inside Wirelab"));
      else
        subtitle = g_strdup_printf ("%s:%u", wirelab_hypervisor_config_get_host (config),
                                    wirelab_hypervisor_config_get_port (config));
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      gtk_widget_set_valign (check, GTK_ALIGN_CENTER);
      gtk_widget_set_name (check, id);
      gtk_check_button_set_active (GTK_CHECK_BUTTON (check),
                                   bound != NULL && g_strv_contains (bound, id));
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), check);
      adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), check);
      adw_preferences_group_add (self->hypervisors_group, row);
      g_ptr_array_add (self->hypervisor_rows, row);
      g_hash_table_insert (self->checks, g_strdup (id), check);
    }
}

static void
toast (WirelabImageEditor *self,
       const char         *message)
{
  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (message));
}

static gboolean
idle_pc_is_valid (const char *text)
{
  gsize n;

  if (*text == '\0')
    return TRUE;
  if (!g_str_has_prefix (text, "0x") && !g_str_has_prefix (text, "0X"))
    return FALSE;
  n = strlen (text + 2);
  if (n == 0 || n > 16)
    return FALSE;
  for (const char *p = text + 2; *p != '\0'; p++)
    if (!g_ascii_isxdigit (*p))
      return FALSE;
  return TRUE;
}

static GStrv
collect_cards (GPtrArray *rows)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  for (guint i = 0; i < rows->len; i++)
    {
      GtkWidget *row = g_ptr_array_index (rows, i);

      if (ADW_IS_COMBO_ROW (row))
        g_strv_builder_add (builder, selected_string (ADW_COMBO_ROW (row)));
      else
        g_strv_builder_add (builder, g_object_get_data (G_OBJECT (row), "wirelab-card"));
    }
  return g_strv_builder_end (builder);
}

static void
save_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  WirelabImageEditor *self = WIRELAB_IMAGE_EDITOR (widget);
  WirelabLab *lab = wirelab_inventory_get_lab (self->inventory);
  g_autofree char *name = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->name_row))));
  g_autofree char *idle_pc = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->idle_pc_row))));
  const char *platform = selected_string (self->platform_row);
  const char *model = selected_string (self->model_row);
  g_auto(GStrv) slots = collect_cards (self->slot_rows);
  g_auto(GStrv) wics = collect_cards (self->wic_rows);
  g_autoptr(GStrvBuilder) bound_builder = g_strv_builder_new ();
  g_auto(GStrv) bound = NULL;
  g_auto(GStrv) interfaces = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(WirelabImage) created = NULL;
  GListModel *hypervisors = wirelab_lab_get_hypervisors (lab);
  WirelabImage *image;

  if (self->path == NULL || *self->path == '\0')
    {
      toast (self, _("Choose the image file"));
      return;
    }
  if (!idle_pc_is_valid (idle_pc))
    {
      gtk_widget_add_css_class (GTK_WIDGET (self->idle_pc_row), "error");
      toast (self, _("Idle-PC is a hexadecimal address such as 0x60606060"));
      return;
    }
  interfaces = wirelab_platform_dup_interfaces (platform, model, (const char *const *) slots,
                                                (const char *const *) wics, &error);
  if (interfaces == NULL)
    {
      toast (self, error->message);
      return;
    }

  /* In the order of the hypervisor list. */
  for (guint i = 0; i < g_list_model_get_n_items (hypervisors); i++)
    {
      g_autoptr(WirelabHypervisorConfig) config = g_list_model_get_item (hypervisors, i);
      GtkCheckButton *check = g_hash_table_lookup (self->checks, wirelab_hypervisor_config_get_id (config));

      if (check != NULL && gtk_check_button_get_active (check))
        g_strv_builder_add (bound_builder, wirelab_hypervisor_config_get_id (config));
    }
  bound = g_strv_builder_end (bound_builder);

  image = self->image;
  if (image == NULL)
    image = created = wirelab_image_new (NULL, self->path, platform);

  wirelab_image_set_platform (image, platform);
  wirelab_image_set_model (image, model);
  wirelab_image_set_path (image, self->path);
  if (*name != '\0')
    wirelab_image_set_name (image, name);
  wirelab_image_set_ram (image, gtk_spin_button_get_value_as_int (self->ram_spin));
  wirelab_image_set_nvram (image, gtk_spin_button_get_value_as_int (self->nvram_spin));
  wirelab_image_set_slots (image, (const char *const *) slots);
  wirelab_image_set_wics (image, (const char *const *) wics);
  wirelab_image_set_idle_pc (image, idle_pc);
  wirelab_image_set_hypervisors (image, (const char *const *) bound);
  wirelab_image_set_use_manager (image, gtk_check_button_get_active (self->manager_check));

  if (created != NULL)
    {
      if (!wirelab_lab_add_image (lab, created, &error))
        {
          toast (self, error->message);
          return;
        }
      self->image = g_object_ref (created);
    }

  wirelab_inventory_flush (self->inventory);
  gtk_window_close (GTK_WINDOW (self));
}

static void
on_file_chosen (GtkNativeDialog    *chooser,
                int                 response,
                WirelabImageEditor *self)
{
  g_autoptr(GFile) file = NULL;
  g_autofree char *path = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  g_clear_object (&self->chooser);
  if (file != NULL && (path = g_file_get_path (file)) != NULL)
    set_path (self, path);
}

static void
choose_file_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *param)
{
  WirelabImageEditor *self = WIRELAB_IMAGE_EDITOR (widget);

  if (self->chooser != NULL)
    return;
  self->chooser = gtk_file_chooser_native_new (_("Router Image File"), GTK_WINDOW (self),
                                               GTK_FILE_CHOOSER_ACTION_OPEN, _("_Choose"), NULL);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->chooser), TRUE);
  g_signal_connect (self->chooser, "response", G_CALLBACK (on_file_chosen), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

/* c7200-adventerprisek9-mz.124-24.T5.image → c7200; c3640-… → c3600 3640. */
static void
guess_platform (const char  *path,
                const char **out_platform,
                const char **out_model)
{
  g_autofree char *base = g_path_get_basename (path);
  g_autofree char *lower = g_ascii_strdown (base, -1);
  static const struct { const char *prefix, *platform, *model; } known[] = {
    { "c7200", "c7200", NULL }, { "c3725", "c3725", NULL }, { "c3745", "c3745", NULL },
    { "c2691", "c2691", NULL }, { "c3620", "c3600", "3620" }, { "c3640", "c3600", "3640" },
    { "c3660", "c3600", "3660" }, { "c36", "c3600", NULL }, { "c26", "c2600", NULL },
    { "c17", "c1700", NULL },
  };

  *out_platform = "c7200";
  *out_model = NULL;
  for (guint i = 0; i < G_N_ELEMENTS (known); i++)
    if (g_str_has_prefix (lower, known[i].prefix))
      {
        *out_platform = known[i].platform;
        *out_model = known[i].model;
        return;
      }
}

static void
fill (WirelabImageEditor *self,
      WirelabImage       *image)
{
  self->filling = TRUE;

  gtk_editable_set_text (GTK_EDITABLE (self->name_row), wirelab_image_get_name (image));
  set_path (self, wirelab_image_get_path (image));
  select_string (self->platform_row, wirelab_image_get_platform (image));
  fill_models (self, wirelab_image_get_model (image));
  gtk_editable_set_text (GTK_EDITABLE (self->idle_pc_row), wirelab_image_get_idle_pc (image));
  gtk_spin_button_set_value (self->ram_spin, wirelab_image_get_ram (image));
  gtk_spin_button_set_value (self->nvram_spin, wirelab_image_get_nvram (image));
  self->initial_slots = g_strdupv ((char **) wirelab_image_get_slots (image));
  self->initial_wics = g_strdupv ((char **) wirelab_image_get_wics (image));
  rebuild_adapters (self);
  gtk_check_button_set_active (self->manager_check, wirelab_image_get_use_manager (image));
  fill_hypervisors (self, wirelab_image_get_hypervisors (image));

  self->filling = FALSE;
}

static WirelabImageEditor *
editor_new (WirelabInventory *inventory)
{
  WirelabImageEditor *self = g_object_new (WIRELAB_TYPE_IMAGE_EDITOR, NULL);

  self->inventory = g_object_ref (inventory);
  return self;
}

WirelabImageEditor *
wirelab_image_editor_new (WirelabInventory *inventory,
                          WirelabImage     *image)
{
  WirelabImageEditor *self;

  g_return_val_if_fail (WIRELAB_IS_INVENTORY (inventory), NULL);
  g_return_val_if_fail (WIRELAB_IS_IMAGE (image), NULL);

  self = editor_new (inventory);
  self->image = g_object_ref (image);
  adw_window_title_set_title (self->window_title, _("Edit Router Image"));
  adw_window_title_set_subtitle (self->window_title, wirelab_image_get_name (image));
  fill (self, image);
  return self;
}

WirelabImageEditor *
wirelab_image_editor_new_for_file (WirelabInventory *inventory,
                                   const char       *path)
{
  WirelabImageEditor *self;
  g_autoptr(WirelabImage) draft = NULL;
  const char *platform;
  const char *model;

  g_return_val_if_fail (WIRELAB_IS_INVENTORY (inventory), NULL);
  g_return_val_if_fail (path != NULL, NULL);

  guess_platform (path, &platform, &model);
  /* A detached image with the platform's defaults, only to fill the form. */
  draft = wirelab_image_new (NULL, path, platform);
  if (model != NULL)
    {
      g_auto(GStrv) slots = wirelab_platform_dup_default_slots (platform, model);

      wirelab_image_set_model (draft, model);
      wirelab_image_set_slots (draft, (const char *const *) slots);
    }

  self = editor_new (inventory);
  adw_window_title_set_title (self->window_title, _("Add Router Image"));
  fill (self, draft);
  return self;
}

WirelabImage *
wirelab_image_editor_get_image (WirelabImageEditor *self)
{
  g_return_val_if_fail (WIRELAB_IS_IMAGE_EDITOR (self), NULL);

  return self->image;
}

GtkCheckButton *
wirelab_image_editor_get_hypervisor_check (WirelabImageEditor *self,
                                           const char         *hypervisor_id)
{
  g_return_val_if_fail (WIRELAB_IS_IMAGE_EDITOR (self), NULL);
  g_return_val_if_fail (hypervisor_id != NULL, NULL);

  return g_hash_table_lookup (self->checks, hypervisor_id);
}

static void
wirelab_image_editor_dispose (GObject *object)
{
  WirelabImageEditor *self = WIRELAB_IMAGE_EDITOR (object);

  if (self->chooser != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->chooser, self);
      gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
      g_clear_object (&self->chooser);
    }
  g_clear_object (&self->image);
  g_clear_object (&self->inventory);

  G_OBJECT_CLASS (wirelab_image_editor_parent_class)->dispose (object);
}

static void
wirelab_image_editor_finalize (GObject *object)
{
  WirelabImageEditor *self = WIRELAB_IMAGE_EDITOR (object);

  g_free (self->path);
  g_ptr_array_unref (self->slot_rows);
  g_ptr_array_unref (self->wic_rows);
  g_ptr_array_unref (self->hypervisor_rows);
  g_hash_table_unref (self->checks);
  g_strfreev (self->initial_slots);
  g_strfreev (self->initial_wics);

  G_OBJECT_CLASS (wirelab_image_editor_parent_class)->finalize (object);
}

static void
wirelab_image_editor_class_init (WirelabImageEditorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = wirelab_image_editor_dispose;
  object_class->finalize = wirelab_image_editor_finalize;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PATH "/ui/wirelab-image-editor.ui");
  gtk_widget_class_bind_template_child (widget_class, WirelabImageEditor, window_title);
  gtk_widget_class_bind_template_child (widget_class, WirelabImageEditor, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, WirelabImageEditor, name_row);
  gtk_widget_class_bind_template_child (widget_class, WirelabImageEditor, file_row);
  gtk_widget_class_bind_template_child (widget_class, WirelabImageEditor, platform_row);
  gtk_widget_class_bind_template_child (widget_class, WirelabImageEditor, model_row);
  gtk_widget_class_bind_template_child (widget_class, WirelabImageEditor, idle_pc_row);
  gtk_widget_class_bind_template_child (widget_class, WirelabImageEditor, ram_spin);
  gtk_widget_class_bind_template_child (widget_class, WirelabImageEditor, nvram_spin);
  gtk_widget_class_bind_template_child (widget_class, WirelabImageEditor, adapters_group);
  gtk_widget_class_bind_template_child (widget_class, WirelabImageEditor, hypervisors_group);
  gtk_widget_class_bind_template_child (widget_class, WirelabImageEditor, manager_check);

  gtk_widget_class_install_action (widget_class, "editor.save", NULL, save_action);
  gtk_widget_class_install_action (widget_class, "editor.choose-file", NULL, choose_file_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
wirelab_image_editor_init (WirelabImageEditor *self)
{
  g_autoptr(GtkStringList) platforms = gtk_string_list_new (wirelab_platform_list ());
  g_autoptr(GtkExpression) expression = NULL;

  self->slot_rows = g_ptr_array_new ();
  self->wic_rows = g_ptr_array_new ();
  self->hypervisor_rows = g_ptr_array_new ();
  self->checks = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  gtk_widget_init_template (GTK_WIDGET (self));

  self->filling = TRUE;
  expression = gtk_property_expression_new (GTK_TYPE_STRING_OBJECT, NULL, "string");
  adw_combo_row_set_expression (self->platform_row, expression);
  adw_combo_row_set_expression (self->model_row, expression);
  adw_combo_row_set_model (self->platform_row, G_LIST_MODEL (platforms));
  self->filling = FALSE;

  g_signal_connect_object (self->platform_row, "notify::selected", G_CALLBACK (on_platform_changed),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->model_row, "notify::selected", G_CALLBACK (on_model_changed),
                           self, G_CONNECT_SWAPPED);
}
