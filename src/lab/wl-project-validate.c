/* wl-project-validate.c: every consistency rule of a lab in one place
 *
 * Copyright 2026 The Wirelab authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#define G_LOG_DOMAIN "wirelab-lab"

#include "config.h"

#include "wl-lab-private.h"

static void
problem (GPtrArray  *problems,
         const char *format,
         ...) G_GNUC_PRINTF (2, 3);

static void
problem (GPtrArray  *problems,
         const char *format,
         ...)
{
  va_list args;

  va_start (args, format);
  g_ptr_array_add (problems, g_strdup_vprintf (format, args));
  va_end (args);
}

static void
check_hypervisors (WirelabLab *self,
                   GPtrArray  *problems)
{
  GListModel *list = wirelab_lab_get_hypervisors (self);

  if (wirelab_lab_find_hypervisor (self, WIRELAB_HYPERVISOR_LOCAL_ID) == NULL)
    problem (problems, "the local hypervisor is missing");

  for (guint i = 0; i < g_list_model_get_n_items (list); i++)
    {
      g_autoptr(WirelabHypervisorConfig) h = g_list_model_get_item (list, i);

      if (!wirelab_hypervisor_config_is_local (h) && wirelab_hypervisor_config_get_port (h) == 0)
        problem (problems, "hypervisor %s has no port",
                 wirelab_hypervisor_config_get_display_name (h));
      for (const char *p = wirelab_hypervisor_config_get_host (h); *p != '\0'; p++)
        if (g_ascii_isspace (*p) || *p == '"')
          {
            problem (problems, "hypervisor %s: the host “%s” is not a host name or address",
                     wirelab_hypervisor_config_get_display_name (h),
                     wirelab_hypervisor_config_get_host (h));
            break;
          }
    }
}

static void
check_images (WirelabLab *self,
              GPtrArray  *problems)
{
  GListModel *list = wirelab_lab_get_images (self);

  for (guint i = 0; i < g_list_model_get_n_items (list); i++)
    {
      g_autoptr(WirelabImage) image = g_list_model_get_item (list, i);
      const char *platform = wirelab_image_get_platform (image);
      const char *model = wirelab_image_get_model (image);
      const char *const *bound = wirelab_image_get_hypervisors (image);
      g_autoptr(GError) error = NULL;
      g_auto(GStrv) ifaces = NULL;

      if (*wirelab_image_get_path (image) == '\0')
        problem (problems, "image %s has no file", wirelab_image_get_name (image));
      if (!wirelab_platform_is_valid (platform))
        {
          problem (problems, "image %s: unknown platform “%s”", wirelab_image_get_name (image), platform);
          continue;
        }
      if (*model != '\0' && !g_strv_contains (wirelab_platform_list_models (platform), model))
        problem (problems, "image %s: a %s has no model “%s”", wirelab_image_get_name (image),
                 platform, model);
      ifaces = wirelab_platform_dup_interfaces (platform, model, wirelab_image_get_slots (image),
                                                wirelab_image_get_wics (image), &error);
      if (ifaces == NULL)
        problem (problems, "image %s: %s", wirelab_image_get_name (image), error->message);
      for (guint j = 0; bound[j] != NULL; j++)
        if (wirelab_lab_find_hypervisor (self, bound[j]) == NULL)
          problem (problems, "image %s is bound to an unknown hypervisor “%s”",
                   wirelab_image_get_name (image), bound[j]);
    }
}

static void
check_node (WirelabLab  *self,
            WirelabNode *node,
            GHashTable  *instance_ids,
            GHashTable  *consoles,
            GPtrArray   *problems)
{
  const char *name = wirelab_node_get_name (node);
  const char *hv = wirelab_node_get_hypervisor_id (node);
  g_autoptr(GError) error = NULL;
  guint instance = wirelab_node_get_instance_id (node);
  WirelabNodeKind kind = wirelab_node_get_kind (node);
  WirelabNode *other;

  if (!_wirelab_check_node_name (name, &error))
    problem (problems, "node %s: %s", wirelab_node_get_id (node), error->message);
  other = wirelab_lab_find_node_by_name (self, name);
  if (other != NULL && other != node)
    problem (problems, "two nodes are named %s", name);
  if (*hv != '\0' && wirelab_lab_find_hypervisor (self, hv) == NULL)
    problem (problems, "%s is placed on an unknown hypervisor “%s”", name, hv);

  if (kind == WIRELAB_NODE_KIND_ROUTER || kind == WIRELAB_NODE_KIND_VPCS)
    {
      WirelabNode *same;

      if (instance == 0)
        problem (problems, "%s has no instance id", name);
      else if ((same = g_hash_table_lookup (instance_ids, GUINT_TO_POINTER (instance))) != NULL)
        problem (problems, "%s and %s have the same instance id %u",
                 wirelab_node_get_name (same), name, instance);
      else
        g_hash_table_insert (instance_ids, GUINT_TO_POINTER (instance), node);

      /* Same hypervisor, same console: a sure clash (other hosts are
       * checked when the lab runs, as they need name resolution). */
      if (wirelab_node_get_console (node) != 0 && *hv != '\0')
        {
          g_autofree char *key = g_strdup_printf ("%s/%u", hv, wirelab_node_get_console (node));

          if ((same = g_hash_table_lookup (consoles, key)) != NULL)
            problem (problems, "%s and %s both use console port %u on hypervisor %s",
                     wirelab_node_get_name (same), name, wirelab_node_get_console (node), hv);
          else
            g_hash_table_insert (consoles, g_steal_pointer (&key), node);
        }
    }

  switch (kind)
    {
    case WIRELAB_NODE_KIND_ROUTER:
      {
        WirelabImage *image = wirelab_lab_find_image (self, wirelab_node_get_image_id (node));
        g_auto(GStrv) ifaces = NULL;

        if (image == NULL)
          {
            problem (problems, "%s uses an unknown image “%s”", name, wirelab_node_get_image_id (node));
            break;
          }
        g_clear_error (&error);
        ifaces = wirelab_platform_dup_interfaces (wirelab_image_get_platform (image),
                                                  wirelab_image_get_model (image),
                                                  _wirelab_node_get_effective_slots (node),
                                                  _wirelab_node_get_effective_wics (node),
                                                  &error);
        if (ifaces == NULL && wirelab_platform_is_valid (wirelab_image_get_platform (image)))
          problem (problems, "%s: %s", name, error->message);
      }
      break;

    case WIRELAB_NODE_KIND_FRSW:
      {
        GVariantIter iter;
        guint e[4];
        g_autoptr(GHashTable) used = g_hash_table_new (NULL, NULL);

        g_variant_iter_init (&iter, wirelab_node_get_vcs (node));
        while (g_variant_iter_next (&iter, "(uuuu)", &e[0], &e[1], &e[2], &e[3]))
          {
            for (guint side = 0; side < 4; side += 2)
              {
                gpointer key = GUINT_TO_POINTER (e[side] << 16 | e[side + 1]);

                if (e[side] > wirelab_node_get_port_count (node))
                  problem (problems, "%s: a virtual circuit uses port %u of %u", name, e[side],
                           wirelab_node_get_port_count (node));
                if (g_hash_table_contains (used, key))
                  problem (problems, "%s: port %u DLCI %u is mapped twice", name, e[side], e[side + 1]);
                g_hash_table_add (used, key);
              }
          }
      }
      break;

    case WIRELAB_NODE_KIND_ETHSW:
    case WIRELAB_NODE_KIND_HUB:
    case WIRELAB_NODE_KIND_VPCS:
    default:
      break;
    }
}

static void
check_links (WirelabLab *self,
             GPtrArray  *problems)
{
  GListModel *list = wirelab_lab_get_links (self);
  g_autoptr(GHashTable) used = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  for (guint i = 0; i < g_list_model_get_n_items (list); i++)
    {
      g_autoptr(WirelabLink) link = g_list_model_get_item (list, i);

      for (guint e = 0; e < 2; e++)
        {
          const char *node_id = wirelab_link_get_node_id (link, e);
          const char *iface = wirelab_link_get_interface (link, e);
          WirelabNode *node = wirelab_lab_find_node (self, node_id);
          char *key;

          if (node == NULL)
            {
              problem (problems, "a link ends on an unknown node “%s”", node_id);
              continue;
            }
          if (!wirelab_node_has_interface (node, iface))
            problem (problems, "a link ends on %s %s, which does not exist",
                     wirelab_node_get_name (node), iface);
          key = g_strdup_printf ("%s\n%s", node_id, iface);
          if (g_hash_table_contains (used, key))
            {
              problem (problems, "%s %s has more than one link", wirelab_node_get_name (node), iface);
              g_free (key);
            }
          else
            g_hash_table_add (used, key);
        }
    }
}

gboolean
wirelab_lab_validate (WirelabLab  *self,
                      GError     **error)
{
  g_autoptr(GPtrArray) problems = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GHashTable) instance_ids = g_hash_table_new (NULL, NULL);
  g_autoptr(GHashTable) consoles = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  GListModel *nodes;

  g_return_val_if_fail (WIRELAB_IS_LAB (self), FALSE);

  check_hypervisors (self, problems);
  check_images (self, problems);
  nodes = wirelab_lab_get_nodes (self);
  for (guint i = 0; i < g_list_model_get_n_items (nodes); i++)
    {
      g_autoptr(WirelabNode) node = g_list_model_get_item (nodes, i);

      check_node (self, node, instance_ids, consoles, problems);
    }
  check_links (self, problems);

  if (problems->len == 0)
    return TRUE;

  g_ptr_array_add (problems, NULL);
  {
    g_autofree char *all = g_strjoinv ("\n", (char **) problems->pdata);

    g_set_error (error, WIRELAB_LAB_ERROR, WIRELAB_LAB_ERROR_INVALID, "%s", all);
  }
  return FALSE;
}
