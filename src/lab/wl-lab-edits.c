/* wl-lab-edits.c: the edits of a lab's containers, each one undo step
 *
 * Copyright 2026 The Wirelab authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#define G_LOG_DOMAIN "wirelab-lab"

#include "config.h"

#include <string.h>

#include "wl-lab-index.h"
#include "wl-lab-private.h"


gboolean
wirelab_lab_add_hypervisor (WirelabLab               *self,
                            WirelabHypervisorConfig  *config,
                            GError                  **error)
{
  g_autofree char *label = NULL;

  g_return_val_if_fail (WIRELAB_IS_LAB (self), FALSE);
  g_return_val_if_fail (WIRELAB_IS_HYPERVISOR_CONFIG (config), FALSE);

  if (wirelab_lab_find_hypervisor (self, wirelab_hypervisor_config_get_id (config)) != NULL)
    {
      g_set_error (error, WIRELAB_LAB_ERROR, WIRELAB_LAB_ERROR_INVALID,
                   "A hypervisor with id “%s” already exists",
                   wirelab_hypervisor_config_get_id (config));
      return FALSE;
    }

  label = g_strdup_printf ("Add hypervisor %s", wirelab_hypervisor_config_get_display_name (config));
  _wirelab_lab_insert_recorded (self, G_OBJECT (config), label);
  return TRUE;
}

gboolean
wirelab_lab_remove_hypervisor (WirelabLab               *self,
                               WirelabHypervisorConfig  *config,
                               GError                  **error)
{
  g_autofree char *label = NULL;
  const char *id;
  GListModel *images, *nodes;

  g_return_val_if_fail (WIRELAB_IS_LAB (self), FALSE);
  g_return_val_if_fail (WIRELAB_IS_HYPERVISOR_CONFIG (config), FALSE);

  if (wirelab_hypervisor_config_is_local (config))
    {
      g_set_error_literal (error, WIRELAB_LAB_ERROR, WIRELAB_LAB_ERROR_IN_USE,
                           "The local hypervisor cannot be removed");
      return FALSE;
    }
  if (!_wirelab_lab_contains (self, config))
    {
      g_set_error_literal (error, WIRELAB_LAB_ERROR, WIRELAB_LAB_ERROR_INVALID,
                           "This hypervisor is not in the lab");
      return FALSE;
    }

  id = wirelab_hypervisor_config_get_id (config);
  label = g_strdup_printf ("Remove hypervisor %s", wirelab_hypervisor_config_get_display_name (config));
  wirelab_history_begin_group (wirelab_lab_get_history (self), label);

  images = wirelab_lab_get_images (self);
  for (guint i = 0; i < g_list_model_get_n_items (images); i++)
    {
      g_autoptr(WirelabImage) image = g_list_model_get_item (images, i);
      const char *const *bound = wirelab_image_get_hypervisors (image);

      if (g_strv_contains (bound, id))
        {
          g_autoptr(GStrvBuilder) b = g_strv_builder_new ();
          g_auto(GStrv) rest = NULL;

          for (guint j = 0; bound[j] != NULL; j++)
            if (!g_str_equal (bound[j], id))
              g_strv_builder_add (b, bound[j]);
          rest = g_strv_builder_end (b);
          wirelab_image_set_hypervisors (image, (const char *const *) rest);
        }
    }

  nodes = wirelab_lab_get_nodes (self);
  for (guint i = 0; i < g_list_model_get_n_items (nodes); i++)
    {
      g_autoptr(WirelabNode) node = g_list_model_get_item (nodes, i);

      if (g_strcmp0 (wirelab_node_get_hypervisor_id (node), id) == 0)
        wirelab_node_set_hypervisor_id (node, "");
    }

  _wirelab_lab_remove_recorded (self, G_OBJECT (config), label);
  wirelab_history_end_group (wirelab_lab_get_history (self));
  return TRUE;
}

gboolean
wirelab_lab_add_image (WirelabLab    *self,
                       WirelabImage  *image,
                       GError       **error)
{
  g_autofree char *label = NULL;

  g_return_val_if_fail (WIRELAB_IS_LAB (self), FALSE);
  g_return_val_if_fail (WIRELAB_IS_IMAGE (image), FALSE);

  if (wirelab_lab_find_image (self, wirelab_image_get_id (image)) != NULL)
    {
      g_set_error (error, WIRELAB_LAB_ERROR, WIRELAB_LAB_ERROR_INVALID,
                   "An image with id “%s” already exists", wirelab_image_get_id (image));
      return FALSE;
    }

  label = g_strdup_printf ("Add image %s", wirelab_image_get_name (image));
  _wirelab_lab_insert_recorded (self, G_OBJECT (image), label);
  return TRUE;
}

gboolean
wirelab_lab_remove_image (WirelabLab    *self,
                          WirelabImage  *image,
                          GError       **error)
{
  g_autofree char *label = NULL;
  GListModel *nodes;

  g_return_val_if_fail (WIRELAB_IS_LAB (self), FALSE);
  g_return_val_if_fail (WIRELAB_IS_IMAGE (image), FALSE);

  nodes = wirelab_lab_get_nodes (self);
  for (guint i = 0; i < g_list_model_get_n_items (nodes); i++)
    {
      g_autoptr(WirelabNode) node = g_list_model_get_item (nodes, i);

      if (wirelab_node_get_kind (node) == WIRELAB_NODE_KIND_ROUTER &&
          g_strcmp0 (wirelab_node_get_image_id (node), wirelab_image_get_id (image)) == 0)
        {
          g_set_error (error, WIRELAB_LAB_ERROR, WIRELAB_LAB_ERROR_IN_USE,
                       "Image %s is used by %s", wirelab_image_get_name (image),
                       wirelab_node_get_name (node));
          return FALSE;
        }
    }

  label = g_strdup_printf ("Remove image %s", wirelab_image_get_name (image));
  _wirelab_lab_remove_recorded (self, G_OBJECT (image), label);
  return TRUE;
}

char *
wirelab_lab_dup_default_name (WirelabLab      *self,
                              WirelabNodeKind  kind)
{
  g_return_val_if_fail (WIRELAB_IS_LAB (self), NULL);
  g_return_val_if_fail (kind <= WIRELAB_NODE_KIND_VPCS, NULL);

  return wl_lab_index_dup_default_name (_wirelab_lab_get_index (self), kind);
}

static gboolean
needs_instance_id (WirelabNode *node)
{
  WirelabNodeKind kind = wirelab_node_get_kind (node);

  return kind == WIRELAB_NODE_KIND_ROUTER || kind == WIRELAB_NODE_KIND_VPCS;
}

/* Names go to hypervisors as object names: printable, no quote, no blank
 * at either end (spec section 2: '"', CR and LF cannot be sent). */
static gboolean
check_name (const char  *name,
            GError     **error)
{
  if (name == NULL || *name == '\0')
    {
      g_set_error_literal (error, WIRELAB_LAB_ERROR, WIRELAB_LAB_ERROR_INVALID,
                           "A node needs a name");
      return FALSE;
    }
  if (!g_utf8_validate (name, -1, NULL) || g_utf8_strlen (name, -1) > 64)
    {
      g_set_error (error, WIRELAB_LAB_ERROR, WIRELAB_LAB_ERROR_INVALID,
                   "The name “%s” is not valid UTF-8 of at most 64 characters", name);
      return FALSE;
    }
  for (const char *p = name; *p != '\0'; p++)
    if ((guchar) *p < 0x20 || *p == '"' || *p == 0x7f)
      {
        g_set_error (error, WIRELAB_LAB_ERROR, WIRELAB_LAB_ERROR_INVALID,
                     "The name “%s” contains a quote or a control character", name);
        return FALSE;
      }
  if (g_ascii_isspace (name[0]) || g_ascii_isspace (name[strlen (name) - 1]))
    {
      g_set_error (error, WIRELAB_LAB_ERROR, WIRELAB_LAB_ERROR_INVALID,
                   "The name “%s” starts or ends with a blank", name);
      return FALSE;
    }
  return TRUE;
}

gboolean
_wirelab_check_node_name (const char  *name,
                          GError     **error)
{
  return check_name (name, error);
}

gboolean
wirelab_lab_add_node (WirelabLab   *self,
                      WirelabNode  *node,
                      GError      **error)
{
  g_autofree char *label = NULL;
  WirelabNodeKind kind;

  g_return_val_if_fail (WIRELAB_IS_LAB (self), FALSE);
  g_return_val_if_fail (WIRELAB_IS_NODE (node), FALSE);

  kind = wirelab_node_get_kind (node);
  if (_wirelab_node_get_lab (node) != NULL || wirelab_lab_find_node (self, wirelab_node_get_id (node)))
    {
      g_set_error (error, WIRELAB_LAB_ERROR, WIRELAB_LAB_ERROR_INVALID,
                   "Node %s is already in a lab", wirelab_node_get_id (node));
      return FALSE;
    }
  if (*wirelab_node_get_name (node) != '\0')
    {
      if (!check_name (wirelab_node_get_name (node), error))
        return FALSE;
      if (wirelab_lab_find_node_by_name (self, wirelab_node_get_name (node)) != NULL)
        {
          g_set_error (error, WIRELAB_LAB_ERROR, WIRELAB_LAB_ERROR_INVALID,
                       "There is already a node named %s", wirelab_node_get_name (node));
          return FALSE;
        }
    }
  if (kind == WIRELAB_NODE_KIND_ROUTER)
    {
      if (*wirelab_node_get_image_id (node) == '\0')
        wirelab_node_set_image_id (node, WIRELAB_DEFAULT_IMAGE_ID);
      if (wirelab_lab_find_image (self, wirelab_node_get_image_id (node)) == NULL)
        {
          g_set_error (error, WIRELAB_LAB_ERROR, WIRELAB_LAB_ERROR_INVALID,
                       "There is no image “%s”", wirelab_node_get_image_id (node));
          return FALSE;
        }
    }
  if (needs_instance_id (node) && wirelab_node_get_instance_id (node) != 0 &&
      _wirelab_lab_instance_id_taken (self, wirelab_node_get_instance_id (node), node))
    {
      g_set_error (error, WIRELAB_LAB_ERROR, WIRELAB_LAB_ERROR_INVALID,
                   "Instance id %u is already used", wirelab_node_get_instance_id (node));
      return FALSE;
    }

  if (*wirelab_node_get_name (node) == '\0')
    {
      g_autofree char *name = wirelab_lab_dup_default_name (self, kind);

      wirelab_node_set_name (node, name);
    }
  if (needs_instance_id (node) && wirelab_node_get_instance_id (node) == 0)
    wirelab_node_set_instance_id (node, _wirelab_lab_next_instance_id (self, node));

  label = g_strdup_printf ("Add %s", wirelab_node_get_name (node));
  _wirelab_lab_insert_recorded (self, G_OBJECT (node), label);
  return TRUE;
}

WirelabNode *
wirelab_lab_create_node (WirelabLab       *self,
                         WirelabNodeKind   kind,
                         const char       *image_id,
                         double            x,
                         double            y,
                         GError          **error)
{
  g_autoptr(WirelabNode) node = NULL;

  g_return_val_if_fail (WIRELAB_IS_LAB (self), NULL);
  g_return_val_if_fail (kind <= WIRELAB_NODE_KIND_VPCS, NULL);

  node = wirelab_node_new (kind, NULL);
  wirelab_node_set_position (node, x, y);
  if (kind == WIRELAB_NODE_KIND_ROUTER)
    wirelab_node_set_image_id (node, image_id != NULL ? image_id : WIRELAB_DEFAULT_IMAGE_ID);

  if (!wirelab_lab_add_node (self, node, error))
    return NULL;
  return node;   /* the lab holds it */
}

gboolean
wirelab_lab_rename_node (WirelabLab   *self,
                         WirelabNode  *node,
                         const char   *name,
                         GError      **error)
{
  WirelabNode *other;

  g_return_val_if_fail (WIRELAB_IS_LAB (self), FALSE);
  g_return_val_if_fail (WIRELAB_IS_NODE (node), FALSE);

  if (!check_name (name, error))
    return FALSE;
  other = wirelab_lab_find_node_by_name (self, name);
  if (other != NULL && other != node)
    {
      g_set_error (error, WIRELAB_LAB_ERROR, WIRELAB_LAB_ERROR_INVALID,
                   "There is already a node named %s", name);
      return FALSE;
    }
  wirelab_node_set_name (node, name);
  return TRUE;
}

void
wirelab_lab_remove_node (WirelabLab  *self,
                         WirelabNode *node)
{
  g_autoptr(GPtrArray) links = NULL;
  g_autofree char *label = NULL;

  g_return_if_fail (WIRELAB_IS_LAB (self));
  g_return_if_fail (WIRELAB_IS_NODE (node));

  if (!_wirelab_lab_contains (self, node))
    return;

  label = g_strdup_printf ("Delete %s", wirelab_node_get_name (node));
  wirelab_history_begin_group (wirelab_lab_get_history (self), label);
  links = wirelab_lab_list_links_of (self, node);
  for (guint i = 0; i < links->len; i++)
    _wirelab_lab_remove_recorded (self, g_ptr_array_index (links, i), label);
  _wirelab_lab_remove_recorded (self, G_OBJECT (node), label);
  wirelab_history_end_group (wirelab_lab_get_history (self));
}

static gboolean
check_link (WirelabLab   *self,
            WirelabLink  *link,
            GError      **error)
{
  WirelabNode *ends[2];

  for (guint e = 0; e < 2; e++)
    {
      const char *ifname = wirelab_link_get_interface (link, e);

      ends[e] = wirelab_lab_find_node (self, wirelab_link_get_node_id (link, e));
      if (ends[e] == NULL)
        {
          g_set_error (error, WIRELAB_LAB_ERROR, WIRELAB_LAB_ERROR_INVALID,
                       "There is no node “%s”", wirelab_link_get_node_id (link, e));
          return FALSE;
        }
      if (!wirelab_node_has_interface (ends[e], ifname))
        {
          g_set_error (error, WIRELAB_LAB_ERROR, WIRELAB_LAB_ERROR_INVALID,
                       "%s has no interface %s", wirelab_node_get_name (ends[e]), ifname);
          return FALSE;
        }
      if (!wirelab_lab_interface_is_free (self, ends[e], ifname))
        {
          g_set_error (error, WIRELAB_LAB_ERROR, WIRELAB_LAB_ERROR_IN_USE,
                       "%s %s is already connected", wirelab_node_get_name (ends[e]), ifname);
          return FALSE;
        }
    }
  if (ends[0] == ends[1] &&
      g_str_equal (wirelab_link_get_interface (link, 0), wirelab_link_get_interface (link, 1)))
    {
      g_set_error (error, WIRELAB_LAB_ERROR, WIRELAB_LAB_ERROR_INVALID,
                   "A link cannot connect %s %s to itself", wirelab_node_get_name (ends[0]),
                   wirelab_link_get_interface (link, 0));
      return FALSE;
    }
  if (wirelab_lab_find_link (self, wirelab_link_get_id (link)) != NULL)
    {
      g_set_error (error, WIRELAB_LAB_ERROR, WIRELAB_LAB_ERROR_INVALID,
                   "A link with id “%s” already exists", wirelab_link_get_id (link));
      return FALSE;
    }
  return TRUE;
}

gboolean
wirelab_lab_insert_link (WirelabLab   *self,
                         WirelabLink  *link,
                         GError      **error)
{
  g_autofree char *label = NULL;

  g_return_val_if_fail (WIRELAB_IS_LAB (self), FALSE);
  g_return_val_if_fail (WIRELAB_IS_LINK (link), FALSE);

  if (!check_link (self, link, error))
    return FALSE;

  label = g_strdup_printf ("Link %s %s to %s %s",
                           _wirelab_lab_node_label (self, wirelab_link_get_node_id (link, 0)),
                           wirelab_link_get_interface (link, 0),
                           _wirelab_lab_node_label (self, wirelab_link_get_node_id (link, 1)),
                           wirelab_link_get_interface (link, 1));
  _wirelab_lab_insert_recorded (self, G_OBJECT (link), label);
  return TRUE;
}

WirelabLink *
wirelab_lab_connect (WirelabLab   *self,
                     WirelabNode  *node_a,
                     const char   *interface_a,
                     WirelabNode  *node_b,
                     const char   *interface_b,
                     GError      **error)
{
  g_autoptr(WirelabLink) link = NULL;

  g_return_val_if_fail (WIRELAB_IS_LAB (self), NULL);
  g_return_val_if_fail (WIRELAB_IS_NODE (node_a) && WIRELAB_IS_NODE (node_b), NULL);
  g_return_val_if_fail (interface_a != NULL && interface_b != NULL, NULL);

  link = wirelab_link_new (NULL, wirelab_node_get_id (node_a), interface_a,
                           wirelab_node_get_id (node_b), interface_b);
  if (!wirelab_lab_insert_link (self, link, error))
    return NULL;
  return link;   /* the lab holds it */
}

void
wirelab_lab_remove_link (WirelabLab  *self,
                         WirelabLink *link)
{
  g_autofree char *label = NULL;

  g_return_if_fail (WIRELAB_IS_LAB (self));
  g_return_if_fail (WIRELAB_IS_LINK (link));

  label = g_strdup_printf ("Delete link %s–%s",
                           _wirelab_lab_node_label (self, wirelab_link_get_node_id (link, 0)),
                           _wirelab_lab_node_label (self, wirelab_link_get_node_id (link, 1)));
  _wirelab_lab_remove_recorded (self, G_OBJECT (link), label);
}

gboolean
wirelab_lab_interface_is_free (WirelabLab  *self,
                               WirelabNode *node,
                               const char  *interface)
{
  g_return_val_if_fail (WIRELAB_IS_LAB (self), FALSE);
  return wirelab_lab_find_link_at (self, node, interface) == NULL;
}

char *
wirelab_lab_dup_free_interface (WirelabLab  *self,
                                WirelabNode *node)
{
  g_auto(GStrv) names = NULL;
  g_autoptr(GPtrArray) links = NULL;
  g_autoptr(GHashTable) used = NULL;

  g_return_val_if_fail (WIRELAB_IS_LAB (self), NULL);
  g_return_val_if_fail (WIRELAB_IS_NODE (node), NULL);

  names = wirelab_node_dup_interfaces (node);
  links = wirelab_lab_list_links_of (self, node);
  /* The node's interfaces in use, from its few links. */
  used = g_hash_table_new (g_str_hash, g_str_equal);
  for (guint i = 0; i < links->len; i++)
    for (guint e = 0; e < 2; e++)
      if (g_str_equal (wirelab_link_get_node_id (links->pdata[i], e), wirelab_node_get_id (node)))
        g_hash_table_add (used, (gpointer) wirelab_link_get_interface (links->pdata[i], e));
  for (guint i = 0; names[i] != NULL; i++)
    if (!g_hash_table_contains (used, names[i]))
      return g_strdup (names[i]);
  return NULL;
}
