/* wl-project-save.c: writing `.wirelab` files (docs/project-format.md)
 *
 * Copyright 2026 The Wirelab authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#define G_LOG_DOMAIN "wirelab-lab"

#include "config.h"

#include <json-glib/json-glib.h>

#include "wirelab/wirelab-version.h"
#include "wl-lab-private.h"

static void
add_string (JsonBuilder *b,
            const char  *key,
            const char  *value)
{
  json_builder_set_member_name (b, key);
  json_builder_add_string_value (b, value != NULL ? value : "");
}

static void
add_int (JsonBuilder *b,
         const char  *key,
         gint64       value)
{
  json_builder_set_member_name (b, key);
  json_builder_add_int_value (b, value);
}

static void
add_bool (JsonBuilder *b,
          const char  *key,
          gboolean     value)
{
  json_builder_set_member_name (b, key);
  json_builder_add_boolean_value (b, value);
}

static void
add_double (JsonBuilder *b,
            const char  *key,
            double       value)
{
  json_builder_set_member_name (b, key);
  json_builder_add_double_value (b, value);
}

static void
add_strv (JsonBuilder       *b,
          const char        *key,
          const char *const *strv)
{
  json_builder_set_member_name (b, key);
  json_builder_begin_array (b);
  for (guint i = 0; strv != NULL && strv[i] != NULL; i++)
    json_builder_add_string_value (b, strv[i]);
  json_builder_end_array (b);
}

static void
write_hypervisor (JsonBuilder             *b,
                  WirelabHypervisorConfig *h)
{
  json_builder_begin_object (b);
  add_string (b, "id", wirelab_hypervisor_config_get_id (h));
  add_string (b, "name", wirelab_hypervisor_config_get_name (h));
  add_string (b, "host", wirelab_hypervisor_config_get_host (h));
  add_int (b, "port", wirelab_hypervisor_config_get_port (h));
  add_string (b, "working_dir", wirelab_hypervisor_config_get_working_dir (h));
  add_int (b, "base_udp", wirelab_hypervisor_config_get_base_udp (h));
  add_int (b, "base_console", wirelab_hypervisor_config_get_base_console (h));
  add_int (b, "base_aux", wirelab_hypervisor_config_get_base_aux (h));
  add_int (b, "memory_limit_mb", wirelab_hypervisor_config_get_memory_limit_mb (h));
  json_builder_end_object (b);
}

static void
write_image (JsonBuilder  *b,
             WirelabImage *image)
{
  json_builder_begin_object (b);
  add_string (b, "id", wirelab_image_get_id (image));
  add_string (b, "name", wirelab_image_get_name (image));
  add_string (b, "path", wirelab_image_get_path (image));
  add_string (b, "platform", wirelab_image_get_platform (image));
  add_string (b, "model", wirelab_image_get_model (image));
  add_string (b, "npe", wirelab_image_get_npe (image));
  add_int (b, "ram", wirelab_image_get_ram (image));
  add_int (b, "nvram", wirelab_image_get_nvram (image));
  add_strv (b, "slots", wirelab_image_get_slots (image));
  add_strv (b, "wics", wirelab_image_get_wics (image));
  add_string (b, "idle_pc", wirelab_image_get_idle_pc (image));
  add_strv (b, "hypervisors", wirelab_image_get_hypervisors (image));
  add_bool (b, "use_manager", wirelab_image_get_use_manager (image));
  json_builder_end_object (b);
}

static void
write_node (JsonBuilder *b,
            WirelabNode *node)
{
  WirelabNodeKind kind = wirelab_node_get_kind (node);
  GVariantIter iter;
  guint e[4];

  json_builder_begin_object (b);
  add_string (b, "id", wirelab_node_get_id (node));
  add_string (b, "kind", wirelab_node_kind_to_string (kind));
  add_string (b, "name", wirelab_node_get_name (node));
  add_double (b, "x", wirelab_node_get_x (node));
  add_double (b, "y", wirelab_node_get_y (node));
  add_string (b, "hypervisor", wirelab_node_get_hypervisor_id (node));

  switch (kind)
    {
    case WIRELAB_NODE_KIND_ROUTER:
      add_string (b, "image", wirelab_node_get_image_id (node));
      add_int (b, "instance_id", wirelab_node_get_instance_id (node));
      add_int (b, "console", wirelab_node_get_console (node));
      add_int (b, "aux", wirelab_node_get_aux (node));
      add_int (b, "ram", wirelab_node_get_ram (node));
      add_int (b, "nvram", wirelab_node_get_nvram (node));
      if (wirelab_node_get_slots (node) != NULL)
        add_strv (b, "slots", wirelab_node_get_slots (node));
      if (wirelab_node_get_wics (node) != NULL)
        add_strv (b, "wics", wirelab_node_get_wics (node));
      add_string (b, "mac", wirelab_node_get_mac (node));
      break;

    case WIRELAB_NODE_KIND_ETHSW:
      json_builder_set_member_name (b, "ports");
      json_builder_begin_array (b);
      g_variant_iter_init (&iter, wirelab_node_get_switch_ports (node));
      while (g_variant_iter_next (&iter, "(uuuu)", &e[0], &e[1], &e[2], &e[3]))
        {
          json_builder_begin_object (b);
          add_int (b, "port", e[0]);
          add_string (b, "mode", wirelab_port_mode_to_string (e[1]));
          add_int (b, "vlan", e[2]);
          if (e[1] == WIRELAB_PORT_MODE_QINQ)
            {
              g_autofree char *hex = g_strdup_printf ("0x%04x", e[3]);

              add_string (b, "ethertype", hex);
            }
          json_builder_end_object (b);
        }
      json_builder_end_array (b);
      break;

    case WIRELAB_NODE_KIND_FRSW:
      add_int (b, "port_count", wirelab_node_get_port_count (node));
      json_builder_set_member_name (b, "vcs");
      json_builder_begin_array (b);
      g_variant_iter_init (&iter, wirelab_node_get_vcs (node));
      while (g_variant_iter_next (&iter, "(uuuu)", &e[0], &e[1], &e[2], &e[3]))
        {
          json_builder_begin_object (b);
          add_int (b, "port", e[0]);
          add_int (b, "dlci", e[1]);
          add_int (b, "to_port", e[2]);
          add_int (b, "to_dlci", e[3]);
          json_builder_end_object (b);
        }
      json_builder_end_array (b);
      break;

    case WIRELAB_NODE_KIND_HUB:
      add_int (b, "port_count", wirelab_node_get_port_count (node));
      break;

    case WIRELAB_NODE_KIND_VPCS:
    default:
      add_int (b, "instance_id", wirelab_node_get_instance_id (node));
      add_int (b, "console", wirelab_node_get_console (node));
      add_string (b, "startup_script", wirelab_node_get_startup_script (node));
      break;
    }
  json_builder_end_object (b);
}

static void
write_link (JsonBuilder *b,
            WirelabLink *link)
{
  json_builder_begin_object (b);
  add_string (b, "id", wirelab_link_get_id (link));
  json_builder_set_member_name (b, "ends");
  json_builder_begin_array (b);
  for (guint e = 0; e < 2; e++)
    {
      json_builder_begin_object (b);
      add_string (b, "node", wirelab_link_get_node_id (link, e));
      add_string (b, "interface", wirelab_link_get_interface (link, e));
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  add_bool (b, "suspended", wirelab_link_get_suspended (link));
  json_builder_set_member_name (b, "filters");
  json_builder_begin_object (b);
  add_int (b, "freq_drop", wirelab_link_get_freq_drop (link));
  add_int (b, "packet_loss", wirelab_link_get_packet_loss (link));
  add_int (b, "delay", wirelab_link_get_delay (link));
  add_int (b, "jitter", wirelab_link_get_jitter (link));
  add_int (b, "corrupt", wirelab_link_get_corrupt (link));
  json_builder_end_object (b);
  json_builder_end_object (b);
}

static void
write_list (JsonBuilder *b,
            const char  *key,
            GListModel  *model,
            void       (*write) (JsonBuilder *, gpointer))
{
  json_builder_set_member_name (b, key);
  json_builder_begin_array (b);
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(GObject) item = g_list_model_get_item (model, i);

      write (b, item);
    }
  json_builder_end_array (b);
}

char *
_wirelab_lab_to_json (WirelabLab *self,
                      gsize      *length)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonGenerator) gen = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *generator = g_strdup_printf ("Wirelab %s", wirelab_get_version ());
  char *text;

  json_builder_begin_object (b);
  add_string (b, "type", "wirelab-project");
  add_int (b, "revision", WIRELAB_PROJECT_REVISION);
  add_string (b, "generator", generator);
  add_string (b, "project_id", wirelab_lab_get_project_id (self));
  add_string (b, "name", wirelab_lab_get_name (self));

  json_builder_set_member_name (b, "canvas");
  json_builder_begin_object (b);
  add_int (b, "grid_size", wirelab_lab_get_grid_size (self));
  add_bool (b, "snap_to_grid", wirelab_lab_get_snap_to_grid (self));
  add_bool (b, "show_grid", wirelab_lab_get_show_grid (self));
  add_bool (b, "show_interface_labels", wirelab_lab_get_show_interface_labels (self));
  add_double (b, "zoom", wirelab_lab_get_zoom (self));
  {
    guint w, h;

    g_object_get (self, "scene-width", &w, "scene-height", &h, NULL);
    add_int (b, "scene_width", w);
    add_int (b, "scene_height", h);
  }
  json_builder_end_object (b);
  add_int (b, "start_delay", wirelab_lab_get_start_delay (self));

  write_list (b, "hypervisors", wirelab_lab_get_hypervisors (self),
              (void (*) (JsonBuilder *, gpointer)) write_hypervisor);
  write_list (b, "images", wirelab_lab_get_images (self),
              (void (*) (JsonBuilder *, gpointer)) write_image);
  write_list (b, "nodes", wirelab_lab_get_nodes (self),
              (void (*) (JsonBuilder *, gpointer)) write_node);
  write_list (b, "links", wirelab_lab_get_links (self),
              (void (*) (JsonBuilder *, gpointer)) write_link);
  json_builder_end_object (b);

  root = json_builder_get_root (b);
  json_generator_set_root (gen, root);
  json_generator_set_pretty (gen, TRUE);
  json_generator_set_indent (gen, 2);
  text = json_generator_to_data (gen, length);

  /* End with a newline like any text file. */
  {
    char *with_nl = g_strconcat (text, "\n", NULL);

    g_free (text);
    if (length != NULL)
      (*length)++;
    return with_nl;
  }
}

char *
wirelab_lab_to_data (WirelabLab *self,
                     gsize      *length)
{
  g_return_val_if_fail (WIRELAB_IS_LAB (self), NULL);
  return _wirelab_lab_to_json (self, length);
}

/* An older file is kept as FILE.rev<N> before the first save overwrites it
 * with the current revision. */
static void
keep_converted_original (WirelabLab *self,
                         const char *path)
{
  guint rev = _wirelab_lab_get_converted_from (self);
  g_autofree char *copy = NULL;
  g_autofree char *contents = NULL;
  gsize len;

  if (rev == 0)
    return;
  copy = g_strdup_printf ("%s.rev%u", path, rev);
  if (!g_file_test (copy, G_FILE_TEST_EXISTS) &&
      g_file_get_contents (path, &contents, &len, NULL))
    {
      g_autoptr(GError) error = NULL;

      if (!wl_atomic_write (copy, contents, len, 0, FALSE, &error))
        g_warning ("%s", error->message);
    }
  _wirelab_lab_set_converted_from (self, 0);
}

gboolean
wirelab_lab_save_as (WirelabLab  *self,
                     GFile       *file,
                     GError     **error)
{
  g_autofree char *path = NULL;
  g_autofree char *data = NULL;
  gsize length;

  g_return_val_if_fail (WIRELAB_IS_LAB (self), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);

  path = g_file_get_path (file);
  if (path == NULL)
    {
      g_set_error_literal (error, WIRELAB_LAB_ERROR, WIRELAB_LAB_ERROR_IO,
                           "Projects can only be saved to local files");
      return FALSE;
    }

  data = _wirelab_lab_to_json (self, &length);
  if (g_file_test (path, G_FILE_TEST_EXISTS))
    keep_converted_original (self, path);
  if (!wl_atomic_write (path, data, length, _wirelab_lab_get_save_reserve (self), TRUE, error))
    return FALSE;

  _wirelab_lab_set_file (self, file);
  _wirelab_lab_mark_clean (self);
  return TRUE;
}

gboolean
wirelab_lab_save (WirelabLab  *self,
                  GError     **error)
{
  g_return_val_if_fail (WIRELAB_IS_LAB (self), FALSE);

  if (wirelab_lab_get_file (self) == NULL)
    {
      g_set_error_literal (error, WIRELAB_LAB_ERROR, WIRELAB_LAB_ERROR_IO,
                           "The lab has no file yet: use Save As");
      return FALSE;
    }
  return wirelab_lab_save_as (self, wirelab_lab_get_file (self), error);
}
