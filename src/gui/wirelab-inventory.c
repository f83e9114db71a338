/* wirelab-inventory.c: the user's hypervisors and router images
 *
 * Copyright 2026 The Wirelab authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#define G_LOG_DOMAIN "wirelab-inventory"

#include "config.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>

#include "wirelab-inventory.h"

struct _WirelabInventory
{
  GObject     parent_instance;

  GSettings  *settings;
  WirelabLab *lab;

  /* Ids seen in each list, to tell removals from additions. */
  GHashTable *hypervisor_ids;
  GHashTable *image_ids;

  /* Edited since the last flush (ids, ordered sets). */
  GPtrArray  *changed_hypervisors;
  GPtrArray  *removed_hypervisors;
  GPtrArray  *changed_images;
  GPtrArray  *removed_images;
  guint       flush_source;
};

G_DEFINE_FINAL_TYPE (WirelabInventory, wirelab_inventory, G_TYPE_OBJECT)

enum {
  HYPERVISOR_CHANGED,
  HYPERVISOR_REMOVED,
  IMAGE_CHANGED,
  IMAGE_REMOVED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* The saved properties (wirelab-hypervisor-config.h, wirelab-image.h), in
 * an order that sets what others depend on first. */
static const char *const hypervisor_props[] = {
  "name", "host", "port", "working-dir", "base-udp", "base-console", "base-aux",
  "memory-limit-mb", NULL
};
static const char *const image_props[] = {
  "platform", "model", "npe", "name", "path", "ram", "nvram", "slots", "wics", "idle-pc",
  "hypervisors", "use-manager", NULL
};

static void schedule_flush (WirelabInventory *self);

static void
add_id (GPtrArray  *set,
        const char *id)
{
  for (guint i = 0; i < set->len; i++)
    if (g_str_equal (g_ptr_array_index (set, i), id))
      return;
  g_ptr_array_add (set, g_strdup (id));
}

static void
drop_id (GPtrArray  *set,
         const char *id)
{
  for (guint i = 0; i < set->len; i++)
    if (g_str_equal (g_ptr_array_index (set, i), id))
      {
        g_ptr_array_remove_index (set, i);
        return;
      }
}

static const char *
object_id (GObject *object)
{
  if (WIRELAB_IS_HYPERVISOR_CONFIG (object))
    return wirelab_hypervisor_config_get_id (WIRELAB_HYPERVISOR_CONFIG (object));
  return wirelab_image_get_id (WIRELAB_IMAGE (object));
}

static void
on_object_notify (GObject          *object,
                  GParamSpec       *pspec,
                  WirelabInventory *self)
{
  if (WIRELAB_IS_HYPERVISOR_CONFIG (object))
    {
      if (!g_strv_contains (hypervisor_props, pspec->name))
        return;
      add_id (self->changed_hypervisors, object_id (object));
    }
  else
    {
      if (!g_strv_contains (image_props, pspec->name))
        return;
      add_id (self->changed_images, object_id (object));
    }
  schedule_flush (self);
}

/* Brings the id set up to date with the list; new objects count as
 * changed, vanished ones as removed. */
static void
sync_list (WirelabInventory *self,
           GListModel       *list,
           GHashTable       *known,
           GPtrArray        *changed,
           GPtrArray        *removed,
           gboolean          initial)
{
  g_autoptr(GHashTable) now = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  GHashTableIter iter;
  gpointer key;

  for (guint i = 0; i < g_list_model_get_n_items (list); i++)
    {
      g_autoptr(GObject) object = g_list_model_get_item (list, i);
      const char *id = object_id (object);

      g_hash_table_add (now, g_strdup (id));
      if (!g_hash_table_contains (known, id))
        {
          g_hash_table_add (known, g_strdup (id));
          g_signal_connect_object (object, "notify", G_CALLBACK (on_object_notify), self, 0);
          if (!initial)
            {
              add_id (changed, id);
              drop_id (removed, id);
            }
        }
    }

  g_hash_table_iter_init (&iter, known);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    if (!g_hash_table_contains (now, key))
      {
        add_id (removed, key);
        drop_id (changed, key);
        g_hash_table_iter_remove (&iter);
      }
}

static void
on_hypervisors_changed (GListModel       *list,
                        guint             position,
                        guint             removed,
                        guint             added,
                        WirelabInventory *self)
{
  sync_list (self, list, self->hypervisor_ids, self->changed_hypervisors,
             self->removed_hypervisors, FALSE);
  schedule_flush (self);
}

static void
on_images_changed (GListModel       *list,
                   guint             position,
                   guint             removed,
                   guint             added,
                   WirelabInventory *self)
{
  sync_list (self, list, self->image_ids, self->changed_images, self->removed_images, FALSE);
  schedule_flush (self);
}

/* The lab's JSON with the settings' arrays in place of its own. */
static WirelabLab *
load_lab (GSettings *settings)
{
  g_autoptr(WirelabLab) defaults = wirelab_lab_new ();
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *data = wirelab_lab_to_data (defaults, NULL);
  g_autofree char *json = NULL;
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  const char *keys[] = { "hypervisors", "images" };
  JsonObject *root;
  WirelabLab *lab;

  if (!json_parser_load_from_data (parser, data, -1, &error))
    g_error ("The lab wrote JSON it cannot read: %s", error->message);
  root = json_node_get_object (json_parser_get_root (parser));

  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    {
      g_autofree char *value = g_settings_get_string (settings, keys[i]);
      g_autoptr(JsonParser) array_parser = json_parser_new ();
      JsonNode *node;

      if (value[0] == '\0')
        continue;
      if (!json_parser_load_from_data (array_parser, value, -1, &error) ||
          !JSON_NODE_HOLDS_ARRAY (node = json_parser_get_root (array_parser)))
        {
          g_warning ("Ignoring the setting “%s”: %s", keys[i],
                     error != NULL ? error->message : "not a JSON array");
          g_clear_error (&error);
          continue;
        }
      json_object_set_member (root, keys[i], json_node_copy (node));
    }

  json_generator_set_root (generator, json_parser_get_root (parser));
  json = json_generator_to_data (generator, NULL);
  lab = wirelab_lab_load_from_data (json, -1, &error);
  if (lab == NULL)
    {
      g_warning ("Ignoring the saved hypervisors and images: %s", error->message);
      return g_steal_pointer (&defaults);
    }
  return lab;
}

static void
store_key (WirelabInventory *self,
           JsonObject       *root,
           const char       *key)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autofree char *old = g_settings_get_string (self->settings, key);
  g_autofree char *value = NULL;

  json_generator_set_root (generator, json_object_get_member (root, key));
  value = json_generator_to_data (generator, NULL);
  if (g_strcmp0 (old, value) != 0)
    g_settings_set_string (self->settings, key, value);
}

static void
emit_ids (WirelabInventory *self,
          GPtrArray        *ids,
          guint             signal_id)
{
  g_autoptr(GPtrArray) copy = g_ptr_array_new_with_free_func (g_free);

  /* Handlers may edit labs and so the inventory's sets: work on a copy. */
  for (guint i = 0; i < ids->len; i++)
    g_ptr_array_add (copy, g_strdup (g_ptr_array_index (ids, i)));
  g_ptr_array_set_size (ids, 0);
  for (guint i = 0; i < copy->len; i++)
    g_signal_emit (self, signals[signal_id], 0, g_ptr_array_index (copy, i));
}

void
wirelab_inventory_flush (WirelabInventory *self)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *data = NULL;
  JsonObject *root;

  g_return_if_fail (WIRELAB_IS_INVENTORY (self));

  g_clear_handle_id (&self->flush_source, g_source_remove);
  if (self->changed_hypervisors->len == 0 && self->removed_hypervisors->len == 0 &&
      self->changed_images->len == 0 && self->removed_images->len == 0)
    return;

  data = wirelab_lab_to_data (self->lab, NULL);
  if (!json_parser_load_from_data (parser, data, -1, &error))
    g_error ("The lab wrote JSON it cannot read: %s", error->message);
  root = json_node_get_object (json_parser_get_root (parser));

  store_key (self, root, "hypervisors");
  store_key (self, root, "images");

  /* Hypervisors first: an image may be bound to a new one. */
  emit_ids (self, self->removed_images, IMAGE_REMOVED);
  emit_ids (self, self->changed_hypervisors, HYPERVISOR_CHANGED);
  emit_ids (self, self->changed_images, IMAGE_CHANGED);
  emit_ids (self, self->removed_hypervisors, HYPERVISOR_REMOVED);
}

static gboolean
flush_idle (gpointer user_data)
{
  WirelabInventory *self = user_data;

  self->flush_source = 0;
  wirelab_inventory_flush (self);
  return G_SOURCE_REMOVE;
}

static void
schedule_flush (WirelabInventory *self)
{
  if (self->flush_source == 0)
    self->flush_source = g_idle_add (flush_idle, self);
}

WirelabLab *
wirelab_inventory_new_lab (WirelabInventory *self)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *data = NULL;
  g_autofree char *json = NULL;
  JsonObject *root;
  WirelabLab *lab;

  g_return_val_if_fail (WIRELAB_IS_INVENTORY (self), NULL);

  data = wirelab_lab_to_data (self->lab, NULL);
  if (!json_parser_load_from_data (parser, data, -1, &error))
    g_error ("The lab wrote JSON it cannot read: %s", error->message);
  root = json_node_get_object (json_parser_get_root (parser));
  /* A project of its own: new id, default name. */
  json_object_remove_member (root, "project_id");
  json_object_set_string_member (root, "name", _("Untitled"));
  json_object_set_int_member (root, "start_delay",
                              g_settings_get_uint (self->settings, "start-delay"));

  json_generator_set_root (generator, json_parser_get_root (parser));
  json = json_generator_to_data (generator, NULL);
  lab = wirelab_lab_load_from_data (json, -1, &error);
  if (lab == NULL)
    {
      g_warning ("Starting from the defaults: %s", error->message);
      lab = wirelab_lab_new ();
    }
  wirelab_history_clear (wirelab_lab_get_history (lab));
  return lab;
}

static gboolean
values_equal (GParamSpec   *pspec,
              const GValue *a,
              const GValue *b)
{
  if (G_PARAM_SPEC_VALUE_TYPE (pspec) == G_TYPE_STRV)
    {
      const char *const *sa = g_value_get_boxed (a);
      const char *const *sb = g_value_get_boxed (b);
      const char *const empty[] = { NULL };

      return g_strv_equal (sa ? sa : empty, sb ? sb : empty);
    }
  return g_param_values_cmp (pspec, a, b) == 0;
}

static void
copy_props (GObject           *from,
            GObject           *to,
            const char *const *names)
{
  for (guint i = 0; names[i] != NULL; i++)
    {
      GParamSpec *pspec = g_object_class_find_property (G_OBJECT_GET_CLASS (from), names[i]);
      g_auto(GValue) a = G_VALUE_INIT;
      g_auto(GValue) b = G_VALUE_INIT;

      g_assert (pspec != NULL);
      g_value_init (&a, pspec->value_type);
      g_value_init (&b, pspec->value_type);
      g_object_get_property (from, names[i], &a);
      g_object_get_property (to, names[i], &b);
      if (!values_equal (pspec, &a, &b))
        g_object_set_property (to, names[i], &a);
    }
}

static void
apply_hypervisor (WirelabInventory *self,
                  WirelabLab       *lab,
                  const char       *id)
{
  WirelabHypervisorConfig *from = wirelab_lab_find_hypervisor (self->lab, id);
  WirelabHypervisorConfig *to;

  if (from == NULL)
    return;

  to = wirelab_lab_find_hypervisor (lab, id);
  if (to != NULL)
    copy_props (G_OBJECT (from), G_OBJECT (to), hypervisor_props);
  else
    {
      g_autoptr(WirelabHypervisorConfig) config = NULL;
      g_autoptr(GError) error = NULL;

      config = wirelab_hypervisor_config_new (id, wirelab_hypervisor_config_get_host (from),
                                              wirelab_hypervisor_config_get_port (from));
      copy_props (G_OBJECT (from), G_OBJECT (config), hypervisor_props);
      if (!wirelab_lab_add_hypervisor (lab, config, &error))
        g_warning ("Cannot add hypervisor %s to the lab: %s",
                   wirelab_hypervisor_config_get_display_name (from), error->message);
    }
}

void
wirelab_inventory_apply_hypervisor (WirelabInventory *self,
                                    WirelabLab       *lab,
                                    const char       *id)
{
  WirelabHistory *history;

  g_return_if_fail (WIRELAB_IS_INVENTORY (self));
  g_return_if_fail (WIRELAB_IS_LAB (lab));
  g_return_if_fail (id != NULL);

  history = wirelab_lab_get_history (lab);
  wirelab_history_begin_group (history, _("Change Hypervisor"));
  apply_hypervisor (self, lab, id);
  wirelab_history_end_group (history);
}

void
wirelab_inventory_apply_image (WirelabInventory *self,
                               WirelabLab       *lab,
                               const char       *id)
{
  WirelabImage *from;
  WirelabImage *to;
  WirelabHistory *history;
  const char *const *bound;

  g_return_if_fail (WIRELAB_IS_INVENTORY (self));
  g_return_if_fail (WIRELAB_IS_LAB (lab));
  g_return_if_fail (id != NULL);

  from = wirelab_lab_find_image (self->lab, id);
  if (from == NULL)
    return;

  history = wirelab_lab_get_history (lab);
  wirelab_history_begin_group (history, _("Change Router Image"));

  bound = wirelab_image_get_hypervisors (from);
  for (guint i = 0; bound[i] != NULL; i++)
    if (wirelab_lab_find_hypervisor (lab, bound[i]) == NULL)
      apply_hypervisor (self, lab, bound[i]);

  to = wirelab_lab_find_image (lab, id);
  if (to != NULL)
    copy_props (G_OBJECT (from), G_OBJECT (to), image_props);
  else
    {
      g_autoptr(WirelabImage) image = NULL;
      g_autoptr(GError) error = NULL;

      image = wirelab_image_new (id, wirelab_image_get_path (from),
                                 wirelab_image_get_platform (from));
      copy_props (G_OBJECT (from), G_OBJECT (image), image_props);
      if (!wirelab_lab_add_image (lab, image, &error))
        g_warning ("Cannot add image %s to the lab: %s",
                   wirelab_image_get_name (from), error->message);
    }

  wirelab_history_end_group (history);
}

void
wirelab_inventory_remove_hypervisor_from (WirelabInventory *self,
                                          WirelabLab       *lab,
                                          const char       *id)
{
  WirelabHypervisorConfig *config;
  g_autoptr(GError) error = NULL;

  g_return_if_fail (WIRELAB_IS_INVENTORY (self));
  g_return_if_fail (WIRELAB_IS_LAB (lab));
  g_return_if_fail (id != NULL);

  config = wirelab_lab_find_hypervisor (lab, id);
  if (config == NULL || wirelab_hypervisor_config_is_local (config))
    return;
  if (!wirelab_lab_remove_hypervisor (lab, config, &error))
    g_debug ("Hypervisor %s stays in the lab: %s", id, error->message);
}

void
wirelab_inventory_remove_image_from (WirelabInventory *self,
                                     WirelabLab       *lab,
                                     const char       *id)
{
  WirelabImage *image;
  g_autoptr(GError) error = NULL;

  g_return_if_fail (WIRELAB_IS_INVENTORY (self));
  g_return_if_fail (WIRELAB_IS_LAB (lab));
  g_return_if_fail (id != NULL);

  image = wirelab_lab_find_image (lab, id);
  if (image == NULL)
    return;
  /* Its routers keep it: the project still needs it. */
  if (!wirelab_lab_remove_image (lab, image, &error))
    g_debug ("Image %s stays in the lab: %s", id, error->message);
}

GSettings *
wirelab_inventory_get_settings (WirelabInventory *self)
{
  g_return_val_if_fail (WIRELAB_IS_INVENTORY (self), NULL);

  return self->settings;
}

WirelabLab *
wirelab_inventory_get_lab (WirelabInventory *self)
{
  g_return_val_if_fail (WIRELAB_IS_INVENTORY (self), NULL);

  return self->lab;
}

WirelabInventory *
wirelab_inventory_new (GSettings *settings)
{
  WirelabInventory *self;

  g_return_val_if_fail (G_IS_SETTINGS (settings), NULL);

  self = g_object_new (WIRELAB_TYPE_INVENTORY, NULL);
  self->settings = g_object_ref (settings);
  self->lab = load_lab (settings);
  wirelab_history_clear (wirelab_lab_get_history (self->lab));

  sync_list (self, wirelab_lab_get_hypervisors (self->lab), self->hypervisor_ids,
             self->changed_hypervisors, self->removed_hypervisors, TRUE);
  sync_list (self, wirelab_lab_get_images (self->lab), self->image_ids,
             self->changed_images, self->removed_images, TRUE);
  g_signal_connect_object (wirelab_lab_get_hypervisors (self->lab), "items-changed",
                           G_CALLBACK (on_hypervisors_changed), self, 0);
  g_signal_connect_object (wirelab_lab_get_images (self->lab), "items-changed",
                           G_CALLBACK (on_images_changed), self, 0);
  return self;
}

static void
wirelab_inventory_dispose (GObject *object)
{
  WirelabInventory *self = WIRELAB_INVENTORY (object);

  if (self->flush_source != 0)
    wirelab_inventory_flush (self);

  G_OBJECT_CLASS (wirelab_inventory_parent_class)->dispose (object);
}

static void
wirelab_inventory_finalize (GObject *object)
{
  WirelabInventory *self = WIRELAB_INVENTORY (object);

  g_clear_object (&self->lab);
  g_clear_object (&self->settings);
  g_hash_table_unref (self->hypervisor_ids);
  g_hash_table_unref (self->image_ids);
  g_ptr_array_unref (self->changed_hypervisors);
  g_ptr_array_unref (self->removed_hypervisors);
  g_ptr_array_unref (self->changed_images);
  g_ptr_array_unref (self->removed_images);

  G_OBJECT_CLASS (wirelab_inventory_parent_class)->finalize (object);
}

static void
wirelab_inventory_class_init (WirelabInventoryClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = wirelab_inventory_dispose;
  object_class->finalize = wirelab_inventory_finalize;

  /* (id): added or edited; open labs take it. */
  signals[HYPERVISOR_CHANGED] =
    g_signal_new ("hypervisor-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
  signals[HYPERVISOR_REMOVED] =
    g_signal_new ("hypervisor-removed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
  signals[IMAGE_CHANGED] =
    g_signal_new ("image-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
  signals[IMAGE_REMOVED] =
    g_signal_new ("image-removed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
}

static void
wirelab_inventory_init (WirelabInventory *self)
{
  self->hypervisor_ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->image_ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->changed_hypervisors = g_ptr_array_new_with_free_func (g_free);
  self->removed_hypervisors = g_ptr_array_new_with_free_func (g_free);
  self->changed_images = g_ptr_array_new_with_free_func (g_free);
  self->removed_images = g_ptr_array_new_with_free_func (g_free);
}
