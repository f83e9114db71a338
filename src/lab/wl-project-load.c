/* wl-project-load.c: reading `.wirelab` files (docs/project-format.md)
 *
 * Copyright 2026 The Wirelab authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * Reading is strict: an unknown key, a wrong type or a value out of range is
 * an error naming where it is ("nodes[2].ram"), and nothing is half-loaded.
 */

#define G_LOG_DOMAIN "wirelab-lab"

#include "config.h"

#include <json-glib/json-glib.h>
#include <stdlib.h>

#include "wl-lab-private.h"

static gboolean
fail (GError    **error,
      const char *where,
      const char *format,
      ...) G_GNUC_PRINTF (3, 4);

static gboolean
fail (GError    **error,
      const char *where,
      const char *format,
      ...)
{
  g_autofree char *msg = NULL;
  va_list args;

  va_start (args, format);
  msg = g_strdup_vprintf (format, args);
  va_end (args);
  g_set_error (error, WIRELAB_LAB_ERROR, WIRELAB_LAB_ERROR_INVALID, "%s: %s", where, msg);
  return FALSE;
}

static gboolean
only_keys (JsonObject         *o,
           const char *const  *allowed,
           const char         *where,
           GError            **error)
{
  g_autoptr(GList) members = json_object_get_members (o);

  for (GList *l = members; l != NULL; l = l->next)
    if (!g_strv_contains (allowed, l->data))
      return fail (error, where, "unknown key “%s”", (const char *) l->data);
  return TRUE;
}

/* A member of a given JSON value type; NULL (no error) when absent and not
 * required. */
static JsonNode *
member (JsonObject  *o,
        const char  *key,
        gboolean     required,
        const char  *where,
        GError     **error)
{
  JsonNode *n = json_object_get_member (o, key);

  if (n == NULL && required)
    fail (error, where, "“%s” is missing", key);
  return n;
}

static gboolean
read_string (JsonObject   *o,
             const char   *key,
             const char   *fallback,
             const char  **out,
             const char   *where,
             GError      **error)
{
  JsonNode *n = member (o, key, fallback == NULL, where, error);

  if (n == NULL)
    {
      *out = fallback;
      return fallback != NULL;
    }
  if (!JSON_NODE_HOLDS_VALUE (n) || json_node_get_value_type (n) != G_TYPE_STRING)
    return fail (error, where, "“%s” must be a string", key);
  *out = json_node_get_string (n);
  if (!g_utf8_validate (*out, -1, NULL))
    return fail (error, where, "“%s” is not valid UTF-8", key);
  return TRUE;
}

static gboolean
read_int (JsonObject  *o,
          const char  *key,
          gboolean     required,
          gint64       fallback,
          gint64       min,
          gint64       max,
          gint64      *out,
          const char  *where,
          GError     **error)
{
  JsonNode *n = member (o, key, required, where, error);
  gint64 v;

  if (n == NULL)
    {
      *out = fallback;
      return !required;
    }
  if (!JSON_NODE_HOLDS_VALUE (n) || json_node_get_value_type (n) != G_TYPE_INT64)
    return fail (error, where, "“%s” must be a whole number", key);
  v = json_node_get_int (n);
  if (v < min || v > max)
    return fail (error, where, "“%s” is %" G_GINT64_FORMAT ", not in %" G_GINT64_FORMAT "…%"
                 G_GINT64_FORMAT, key, v, min, max);
  *out = v;
  return TRUE;
}

static gboolean
read_uint (JsonObject  *o,
           const char  *key,
           gboolean     required,
           guint        fallback,
           guint        min,
           guint        max,
           guint       *out,
           const char  *where,
           GError     **error)
{
  gint64 v;

  if (!read_int (o, key, required, fallback, min, max, &v, where, error))
    return FALSE;
  *out = (guint) v;
  return TRUE;
}

static gboolean
read_double (JsonObject  *o,
             const char  *key,
             double       fallback,
             double       min,
             double       max,
             double      *out,
             const char  *where,
             GError     **error)
{
  JsonNode *n = member (o, key, FALSE, where, error);
  GType t;

  if (n == NULL)
    {
      *out = fallback;
      return TRUE;
    }
  t = JSON_NODE_HOLDS_VALUE (n) ? json_node_get_value_type (n) : G_TYPE_INVALID;
  if (t != G_TYPE_DOUBLE && t != G_TYPE_INT64)
    return fail (error, where, "“%s” must be a number", key);
  *out = json_node_get_double (n);
  if (!(*out >= min && *out <= max))
    return fail (error, where, "“%s” is out of range", key);
  return TRUE;
}

static gboolean
read_bool (JsonObject  *o,
           const char  *key,
           gboolean     fallback,
           gboolean    *out,
           const char  *where,
           GError     **error)
{
  JsonNode *n = member (o, key, FALSE, where, error);

  if (n == NULL)
    {
      *out = fallback;
      return TRUE;
    }
  if (!JSON_NODE_HOLDS_VALUE (n) || json_node_get_value_type (n) != G_TYPE_BOOLEAN)
    return fail (error, where, "“%s” must be true or false", key);
  *out = json_node_get_boolean (n);
  return TRUE;
}

/* An array of strings; *out NULL when absent. */
static gboolean
read_strv (JsonObject   *o,
           const char   *key,
           GStrv        *out,
           const char   *where,
           GError      **error)
{
  JsonNode *n = member (o, key, FALSE, where, error);
  JsonArray *a;
  g_autoptr(GStrvBuilder) b = NULL;

  *out = NULL;
  if (n == NULL)
    return TRUE;
  if (!JSON_NODE_HOLDS_ARRAY (n))
    return fail (error, where, "“%s” must be a list of strings", key);
  a = json_node_get_array (n);
  b = g_strv_builder_new ();
  for (guint i = 0; i < json_array_get_length (a); i++)
    {
      JsonNode *e = json_array_get_element (a, i);

      if (!JSON_NODE_HOLDS_VALUE (e) || json_node_get_value_type (e) != G_TYPE_STRING ||
          !g_utf8_validate (json_node_get_string (e), -1, NULL))
        return fail (error, where, "“%s” must be a list of strings", key);
      g_strv_builder_add (b, json_node_get_string (e));
    }
  *out = g_strv_builder_end (b);
  return TRUE;
}

static JsonArray *
read_array (JsonObject  *o,
            const char  *key,
            const char  *where,
            GError     **error)
{
  JsonNode *n = member (o, key, TRUE, where, error);

  if (n == NULL)
    return NULL;
  if (!JSON_NODE_HOLDS_ARRAY (n))
    {
      fail (error, where, "“%s” must be a list", key);
      return NULL;
    }
  return json_node_get_array (n);
}

static JsonObject *
element_object (JsonArray   *a,
                guint        i,
                const char  *where,
                GError     **error)
{
  JsonNode *n = json_array_get_element (a, i);

  if (!JSON_NODE_HOLDS_OBJECT (n))
    {
      fail (error, where, "must be an object");
      return NULL;
    }
  return json_node_get_object (n);
}

static gboolean
read_canvas (WirelabLab  *lab,
             JsonObject  *root,
             GError     **error)
{
  static const char *const keys[] = {
    "grid_size", "snap_to_grid", "show_grid", "show_interface_labels", "zoom",
    "scene_width", "scene_height", NULL
  };
  JsonNode *n = json_object_get_member (root, "canvas");
  JsonObject *o;
  guint grid, width, height;
  gboolean snap, show, labels;
  double zoom;

  if (n == NULL)
    return TRUE;
  if (!JSON_NODE_HOLDS_OBJECT (n))
    return fail (error, "canvas", "must be an object");
  o = json_node_get_object (n);

  if (!only_keys (o, keys, "canvas", error) ||
      !read_uint (o, "grid_size", FALSE, 75, 5, 1000, &grid, "canvas", error) ||
      !read_bool (o, "snap_to_grid", FALSE, &snap, "canvas", error) ||
      !read_bool (o, "show_grid", FALSE, &show, "canvas", error) ||
      !read_bool (o, "show_interface_labels", FALSE, &labels, "canvas", error) ||
      !read_double (o, "zoom", 1.0, 0.01, 100.0, &zoom, "canvas", error) ||
      !read_uint (o, "scene_width", FALSE, 2000, 100, 1000000, &width, "canvas", error) ||
      !read_uint (o, "scene_height", FALSE, 1000, 100, 1000000, &height, "canvas", error))
    return FALSE;

  g_object_set (lab,
                "grid-size", grid, "snap-to-grid", snap, "show-grid", show,
                "show-interface-labels", labels, "zoom", zoom,
                "scene-width", width, "scene-height", height,
                NULL);
  return TRUE;
}

static gboolean
read_hypervisor (WirelabLab  *lab,
                 JsonObject  *o,
                 const char  *where,
                 GError     **error)
{
  static const char *const keys[] = {
    "id", "name", "host", "port", "working_dir", "base_udp", "base_console", "base_aux",
    "memory_limit_mb", NULL
  };
  const char *id, *name, *host, *working_dir;
  guint port, base_udp, base_console, base_aux, limit;
  g_autoptr(WirelabHypervisorConfig) h = NULL;
  gboolean local;

  if (!only_keys (o, keys, where, error) ||
      !read_string (o, "id", NULL, &id, where, error))
    return FALSE;
  local = g_str_equal (id, WIRELAB_HYPERVISOR_LOCAL_ID);
  if (!read_string (o, "name", "", &name, where, error) ||
      !read_string (o, "host", local ? "127.0.0.1" : NULL, &host, where, error) ||
      !read_uint (o, "port", !local, 0, local ? 0 : 1, 65535, &port, where, error) ||
      !read_string (o, "working_dir", "", &working_dir, where, error) ||
      !read_uint (o, "base_udp", FALSE, 10000, 1, 65535, &base_udp, where, error) ||
      !read_uint (o, "base_console", FALSE, 2100, 1, 65535, &base_console, where, error) ||
      !read_uint (o, "base_aux", FALSE, 0, 0, 65535, &base_aux, where, error) ||
      !read_uint (o, "memory_limit_mb", FALSE, 0, 0, G_MAXINT, &limit, where, error))
    return FALSE;
  if (*id == '\0' || *host == '\0')
    return fail (error, where, "“id” and “host” must not be empty");

  if (local)
    {
      h = g_object_ref (wirelab_lab_find_hypervisor (lab, WIRELAB_HYPERVISOR_LOCAL_ID));
      if (g_object_get_data (G_OBJECT (h), "wl-loaded") != NULL)
        return fail (error, where, "the hypervisor “local” is listed twice");
      g_object_set_data (G_OBJECT (h), "wl-loaded", GINT_TO_POINTER (1));
    }
  else
    {
      if (wirelab_lab_find_hypervisor (lab, id) != NULL)
        return fail (error, where, "the hypervisor id “%s” is used twice", id);
      h = wirelab_hypervisor_config_new (id, host, port);
    }

  g_object_set (h,
                "name", name, "host", host, "port", port, "working-dir", working_dir,
                "base-udp", base_udp, "base-console", base_console, "base-aux", base_aux,
                "memory-limit-mb", limit,
                NULL);
  if (!local)
    _wirelab_lab_container_insert (lab, WL_CONTAINER_HYPERVISORS, G_OBJECT (h), G_MAXUINT);
  return TRUE;
}

static gboolean
read_image (WirelabLab  *lab,
            JsonObject  *o,
            const char  *where,
            GError     **error)
{
  static const char *const keys[] = {
    "id", "name", "path", "platform", "model", "npe", "ram", "nvram", "slots", "wics",
    "idle_pc", "hypervisors", "use_manager", NULL
  };
  const char *id, *name, *path, *platform, *model, *npe, *idle_pc;
  guint ram, nvram;
  g_auto(GStrv) slots = NULL;
  g_auto(GStrv) wics = NULL;
  g_auto(GStrv) hypervisors = NULL;
  gboolean use_manager;
  g_autoptr(WirelabImage) image = NULL;

  if (!only_keys (o, keys, where, error) ||
      !read_string (o, "id", NULL, &id, where, error) ||
      !read_string (o, "path", NULL, &path, where, error) ||
      !read_string (o, "platform", NULL, &platform, where, error) ||
      !read_string (o, "name", "", &name, where, error) ||
      !read_string (o, "model", "", &model, where, error) ||
      !read_string (o, "npe", "", &npe, where, error) ||
      !read_uint (o, "ram", TRUE, 0, 1, WIRELAB_MEMORY_MAX_MB, &ram, where, error) ||
      !read_uint (o, "nvram", FALSE, 128, 1, WIRELAB_MEMORY_MAX_MB, &nvram, where, error) ||
      !read_strv (o, "slots", &slots, where, error) ||
      !read_strv (o, "wics", &wics, where, error) ||
      !read_string (o, "idle_pc", "", &idle_pc, where, error) ||
      !read_strv (o, "hypervisors", &hypervisors, where, error) ||
      !read_bool (o, "use_manager", TRUE, &use_manager, where, error))
    return FALSE;
  if (*id == '\0')
    return fail (error, where, "“id” must not be empty");
  if (!wirelab_platform_is_valid (platform))
    return fail (error, where, "unknown platform “%s”", platform);
  if (wirelab_lab_find_image (lab, id) != NULL)
    return fail (error, where, "the image id “%s” is used twice", id);

  image = wirelab_image_new (id, path, platform);
  g_object_set (image,
                "name", name, "model", model, "npe", npe, "ram", ram, "nvram", nvram,
                "idle-pc", idle_pc, "use-manager", use_manager,
                NULL);
  if (slots != NULL)
    wirelab_image_set_slots (image, (const char *const *) slots);
  wirelab_image_set_wics (image, (const char *const *) wics);
  wirelab_image_set_hypervisors (image, (const char *const *) hypervisors);
  _wirelab_lab_container_insert (lab, WL_CONTAINER_IMAGES, G_OBJECT (image), G_MAXUINT);
  return TRUE;
}

static gboolean
read_switch_ports (WirelabNode  *node,
                   JsonObject   *o,
                   const char   *where,
                   GError      **error)
{
  static const char *const keys[] = { "port", "mode", "vlan", "ethertype", NULL };
  g_autoptr(GVariantBuilder) b = g_variant_builder_new (G_VARIANT_TYPE ("a(uuuu)"));
  JsonArray *ports = read_array (o, "ports", where, error);
  guint last = 0;

  if (ports == NULL)
    return FALSE;
  for (guint i = 0; i < json_array_get_length (ports); i++)
    {
      g_autofree char *at = g_strdup_printf ("%s.ports[%u]", where, i);
      JsonObject *p = element_object (ports, i, at, error);
      const char *mode_str, *ethertype_str = NULL;
      WirelabPortMode mode;
      guint port, vlan, ethertype = 0;
      JsonNode *et;

      if (p == NULL || !only_keys (p, keys, at, error) ||
          !read_uint (p, "port", TRUE, 0, 1, 64, &port, at, error) ||
          !read_string (p, "mode", "access", &mode_str, at, error) ||
          !read_uint (p, "vlan", FALSE, 1, 1, 4094, &vlan, at, error))
        return FALSE;
      if (!wirelab_port_mode_from_string (mode_str, &mode))
        return fail (error, at, "“mode” must be access, dot1q or qinq");
      if (port <= last)
        return fail (error, at, "ports must be listed once each, in increasing order");
      last = port;

      et = json_object_get_member (p, "ethertype");
      if (et != NULL)
        {
          char *end = NULL;
          guint64 v;

          if (!read_string (p, "ethertype", NULL, &ethertype_str, at, error))
            return FALSE;
          v = g_ascii_strtoull (ethertype_str, &end, 16);
          if (!g_str_has_prefix (ethertype_str, "0x") || *end != '\0' || v == 0 || v > 0xffff)
            return fail (error, at, "“ethertype” must look like \"0x8100\"");
          ethertype = (guint) v;
        }
      if (mode == WIRELAB_PORT_MODE_QINQ)
        ethertype = ethertype != 0 ? ethertype : 0x8100;
      else if (et != NULL)
        return fail (error, at, "only qinq ports have an ethertype");
      g_variant_builder_add (b, "(uuuu)", port, (guint) mode, vlan, ethertype);
    }
  g_object_set (node, "switch-ports", g_variant_builder_end (b), NULL);
  return TRUE;
}

static gboolean
read_vcs (WirelabNode  *node,
          JsonObject   *o,
          const char   *where,
          GError      **error)
{
  static const char *const keys[] = { "port", "dlci", "to_port", "to_dlci", NULL };
  g_autoptr(GVariantBuilder) b = g_variant_builder_new (G_VARIANT_TYPE ("a(uuuu)"));
  JsonArray *vcs;

  if (json_object_get_member (o, "vcs") == NULL)
    return TRUE;
  vcs = read_array (o, "vcs", where, error);
  if (vcs == NULL)
    return FALSE;
  for (guint i = 0; i < json_array_get_length (vcs); i++)
    {
      g_autofree char *at = g_strdup_printf ("%s.vcs[%u]", where, i);
      JsonObject *v = element_object (vcs, i, at, error);
      guint e[4];

      if (v == NULL || !only_keys (v, keys, at, error) ||
          !read_uint (v, "port", TRUE, 0, 1, 64, &e[0], at, error) ||
          !read_uint (v, "dlci", TRUE, 0, 0, 1023, &e[1], at, error) ||
          !read_uint (v, "to_port", TRUE, 0, 1, 64, &e[2], at, error) ||
          !read_uint (v, "to_dlci", TRUE, 0, 0, 1023, &e[3], at, error))
        return FALSE;
      g_variant_builder_add (b, "(uuuu)", e[0], e[1], e[2], e[3]);
    }
  g_object_set (node, "vcs", g_variant_builder_end (b), NULL);
  return TRUE;
}

static gboolean
read_node (WirelabLab  *lab,
           JsonObject  *o,
           const char  *where,
           GError     **error)
{
  static const char *const router_keys[] = {
    "id", "kind", "name", "x", "y", "hypervisor", "image", "instance_id", "console", "aux",
    "ram", "nvram", "slots", "wics", "mac", NULL
  };
  static const char *const ethsw_keys[] = { "id", "kind", "name", "x", "y", "hypervisor", "ports", NULL };
  static const char *const hub_keys[] = { "id", "kind", "name", "x", "y", "hypervisor", "port_count", NULL };
  static const char *const frsw_keys[] = {
    "id", "kind", "name", "x", "y", "hypervisor", "port_count", "vcs", NULL
  };
  static const char *const vpcs_keys[] = {
    "id", "kind", "name", "x", "y", "hypervisor", "instance_id", "console", "startup_script", NULL
  };
  const char *const *keys[] = { router_keys, ethsw_keys, hub_keys, frsw_keys, vpcs_keys };
  const char *id, *kind_str, *name, *hypervisor;
  WirelabNodeKind kind;
  double x, y;
  g_autoptr(WirelabNode) node = NULL;
  g_autoptr(GError) local_error = NULL;

  if (!read_string (o, "id", NULL, &id, where, error) ||
      !read_string (o, "kind", NULL, &kind_str, where, error))
    return FALSE;
  if (!wirelab_node_kind_from_string (kind_str, &kind))
    return fail (error, where, "unknown kind “%s” (router, ethsw, hub, frsw or vpcs)", kind_str);
  if (!only_keys (o, keys[kind], where, error) ||
      !read_string (o, "name", NULL, &name, where, error) ||
      !read_double (o, "x", 0, -WIRELAB_POSITION_MAX, WIRELAB_POSITION_MAX, &x, where, error) ||
      !read_double (o, "y", 0, -WIRELAB_POSITION_MAX, WIRELAB_POSITION_MAX, &y, where, error) ||
      !read_string (o, "hypervisor", "", &hypervisor, where, error))
    return FALSE;
  if (*id == '\0')
    return fail (error, where, "“id” must not be empty");
  if (wirelab_lab_find_node (lab, id) != NULL)
    return fail (error, where, "the node id “%s” is used twice", id);
  if (!_wirelab_check_node_name (name, &local_error))
    return fail (error, where, "%s", local_error->message);
  if (wirelab_lab_find_node_by_name (lab, name) != NULL)
    return fail (error, where, "the name “%s” is used twice", name);

  node = wirelab_node_new (kind, id);
  wirelab_node_set_name (node, name);
  wirelab_node_set_position (node, x, y);
  wirelab_node_set_hypervisor_id (node, hypervisor);

  if (kind == WIRELAB_NODE_KIND_ROUTER || kind == WIRELAB_NODE_KIND_VPCS)
    {
      guint instance, console;

      if (!read_uint (o, "instance_id", TRUE, 0, 1, 65535, &instance, where, error) ||
          !read_uint (o, "console", FALSE, 0, 0, 65535, &console, where, error))
        return FALSE;
      wirelab_node_set_instance_id (node, instance);
      wirelab_node_set_console (node, console);
    }

  switch (kind)
    {
    case WIRELAB_NODE_KIND_ROUTER:
      {
        const char *image, *mac;
        guint aux, ram, nvram;
        g_auto(GStrv) slots = NULL;
        g_auto(GStrv) wics = NULL;

        if (!read_string (o, "image", NULL, &image, where, error) ||
            !read_uint (o, "aux", FALSE, 0, 0, 65535, &aux, where, error) ||
            !read_uint (o, "ram", FALSE, 0, 0, WIRELAB_MEMORY_MAX_MB, &ram, where, error) ||
            !read_uint (o, "nvram", FALSE, 0, 0, WIRELAB_MEMORY_MAX_MB, &nvram, where, error) ||
            !read_strv (o, "slots", &slots, where, error) ||
            !read_strv (o, "wics", &wics, where, error) ||
            !read_string (o, "mac", "", &mac, where, error))
          return FALSE;
        g_object_set (node, "image-id", image, "aux", aux, "ram", ram, "nvram", nvram,
                      "mac", mac, NULL);
        wirelab_node_set_slots (node, (const char *const *) slots);
        wirelab_node_set_wics (node, (const char *const *) wics);
      }
      break;

    case WIRELAB_NODE_KIND_ETHSW:
      if (!read_switch_ports (node, o, where, error))
        return FALSE;
      break;

    case WIRELAB_NODE_KIND_FRSW:
    case WIRELAB_NODE_KIND_HUB:
      {
        guint count;

        if (!read_uint (o, "port_count", FALSE, 8, 1, 64, &count, where, error))
          return FALSE;
        wirelab_node_set_port_count (node, count);
        if (kind == WIRELAB_NODE_KIND_FRSW && !read_vcs (node, o, where, error))
          return FALSE;
      }
      break;

    case WIRELAB_NODE_KIND_VPCS:
    default:
      {
        const char *script;

        if (!read_string (o, "startup_script", "", &script, where, error))
          return FALSE;
        wirelab_node_set_startup_script (node, script);
      }
      break;
    }

  _wirelab_lab_container_insert (lab, WL_CONTAINER_NODES, G_OBJECT (node), G_MAXUINT);
  return TRUE;
}

static gboolean
read_link (WirelabLab  *lab,
           JsonObject  *o,
           const char  *where,
           GError     **error)
{
  static const char *const keys[] = { "id", "ends", "suspended", "filters", NULL };
  static const char *const end_keys[] = { "node", "interface", NULL };
  static const char *const filter_keys[] = {
    "freq_drop", "packet_loss", "delay", "jitter", "corrupt", NULL
  };
  const char *id;
  const char *node[2], *iface[2];
  JsonArray *ends;
  gboolean suspended;
  gint64 freq_drop = 0;
  guint loss = 0, delay = 0, jitter = 0, corrupt = 0;
  JsonNode *filters;
  g_autoptr(WirelabLink) link = NULL;

  if (!only_keys (o, keys, where, error) ||
      !read_string (o, "id", NULL, &id, where, error) ||
      !read_bool (o, "suspended", FALSE, &suspended, where, error))
    return FALSE;
  if (*id == '\0')
    return fail (error, where, "“id” must not be empty");
  if (wirelab_lab_find_link (lab, id) != NULL)
    return fail (error, where, "the link id “%s” is used twice", id);

  ends = read_array (o, "ends", where, error);
  if (ends == NULL)
    return FALSE;
  if (json_array_get_length (ends) != 2)
    return fail (error, where, "“ends” must hold exactly two ends");
  for (guint e = 0; e < 2; e++)
    {
      g_autofree char *at = g_strdup_printf ("%s.ends[%u]", where, e);
      JsonObject *end = element_object (ends, e, at, error);

      if (end == NULL || !only_keys (end, end_keys, at, error) ||
          !read_string (end, "node", NULL, &node[e], at, error) ||
          !read_string (end, "interface", NULL, &iface[e], at, error))
        return FALSE;
    }

  filters = json_object_get_member (o, "filters");
  if (filters != NULL)
    {
      g_autofree char *at = g_strdup_printf ("%s.filters", where);
      JsonObject *f;

      if (!JSON_NODE_HOLDS_OBJECT (filters))
        return fail (error, at, "must be an object");
      f = json_node_get_object (filters);
      if (!only_keys (f, filter_keys, at, error) ||
          !read_int (f, "freq_drop", FALSE, 0, -1, G_MAXINT, &freq_drop, at, error) ||
          !read_uint (f, "packet_loss", FALSE, 0, 0, 100, &loss, at, error) ||
          !read_uint (f, "delay", FALSE, 0, 0, 60000, &delay, at, error) ||
          !read_uint (f, "jitter", FALSE, 0, 0, 60000, &jitter, at, error) ||
          !read_uint (f, "corrupt", FALSE, 0, 0, 100, &corrupt, at, error))
        return FALSE;
    }

  link = wirelab_link_new (id, node[0], iface[0], node[1], iface[1]);
  g_object_set (link, "suspended", suspended, "freq-drop", (int) freq_drop,
                "packet-loss", loss, "delay", delay, "jitter", jitter, "corrupt", corrupt,
                NULL);
  _wirelab_lab_container_insert (lab, WL_CONTAINER_LINKS, G_OBJECT (link), G_MAXUINT);
  return TRUE;
}

static gboolean
read_list (WirelabLab  *lab,
           JsonObject  *root,
           const char  *key,
           gboolean   (*read) (WirelabLab *, JsonObject *, const char *, GError **),
           GError     **error)
{
  JsonArray *a = read_array (root, key, "project", error);

  if (a == NULL)
    return FALSE;
  for (guint i = 0; i < json_array_get_length (a); i++)
    {
      g_autofree char *where = g_strdup_printf ("%s[%u]", key, i);
      JsonObject *o = element_object (a, i, where, error);

      if (o == NULL || !read (lab, o, where, error))
        return FALSE;
    }
  return TRUE;
}

/* Converters from older revisions, each to the next one.  Revision 1 is the
 * first: there is nothing to convert yet. */
static gboolean
upgrade (JsonObject  *root,
         gint64       revision,
         GError     **error)
{
  for (gint64 r = revision; r < WIRELAB_PROJECT_REVISION; r++)
    {
      switch (r)
        {
        default:
          g_set_error (error, WIRELAB_LAB_ERROR, WIRELAB_LAB_ERROR_INVALID,
                       "Project file revision %" G_GINT64_FORMAT " cannot be converted", r);
          return FALSE;
        }
    }
  json_object_set_int_member (root, "revision", WIRELAB_PROJECT_REVISION);
  return TRUE;
}

WirelabLab *
_wirelab_lab_from_json (const char  *data,
                        gssize       length,
                        GError     **error)
{
  static const char *const keys[] = {
    "type", "revision", "generator", "project_id", "name", "canvas", "start_delay",
    "hypervisors", "images", "nodes", "links", NULL
  };
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) parse_error = NULL;
  g_autoptr(WirelabLab) lab = NULL;
  JsonNode *root_node;
  JsonObject *root;
  const char *type, *project_id, *name, *generator;
  gint64 revision;
  guint start_delay;

  if (!json_parser_load_from_data (parser, data, length, &parse_error))
    {
      g_set_error (error, WIRELAB_LAB_ERROR, WIRELAB_LAB_ERROR_INVALID,
                   "Not a valid project file: %s", parse_error->message);
      return NULL;
    }
  root_node = json_parser_get_root (parser);
  if (root_node == NULL || !JSON_NODE_HOLDS_OBJECT (root_node))
    {
      g_set_error_literal (error, WIRELAB_LAB_ERROR, WIRELAB_LAB_ERROR_INVALID,
                           "Not a Wirelab project (no JSON object)");
      return NULL;
    }
  root = json_node_get_object (root_node);

  if (!read_string (root, "type", "", &type, "project", error))
    return NULL;
  if (!g_str_equal (type, "wirelab-project"))
    {
      g_set_error_literal (error, WIRELAB_LAB_ERROR, WIRELAB_LAB_ERROR_INVALID,
                           "Not a Wirelab project (“type” is not \"wirelab-project\")");
      return NULL;
    }
  if (!read_int (root, "revision", TRUE, 0, 1, G_MAXINT, &revision, "project", error))
    return NULL;
  if (revision > WIRELAB_PROJECT_REVISION)
    {
      read_string (root, "generator", "a newer Wirelab", &generator, "project", NULL);
      g_set_error (error, WIRELAB_LAB_ERROR, WIRELAB_LAB_ERROR_NEWER_REVISION,
                   "This project was saved by %s in file revision %" G_GINT64_FORMAT
                   "; this Wirelab reads revisions up to %d. Open it with a newer Wirelab.",
                   generator, revision, WIRELAB_PROJECT_REVISION);
      return NULL;
    }
  if (revision < WIRELAB_PROJECT_REVISION && !upgrade (root, revision, error))
    return NULL;

  if (!only_keys (root, keys, "project", error) ||
      !read_string (root, "generator", "", &generator, "project", error) ||
      !read_string (root, "project_id", "", &project_id, "project", error) ||
      !read_string (root, "name", "", &name, "project", error) ||
      !read_uint (root, "start_delay", FALSE, 1000, 0, 600000, &start_delay, "project", error))
    return NULL;

  lab = _wirelab_lab_new_empty ();
  _wirelab_lab_begin_untracked (lab);
  if (*project_id != '\0')
    _wirelab_lab_set_project_id (lab, project_id);
  wirelab_lab_set_name (lab, name);
  wirelab_lab_set_start_delay (lab, start_delay);

  if (!read_canvas (lab, root, error) ||
      !read_list (lab, root, "hypervisors", read_hypervisor, error) ||
      !read_list (lab, root, "images", read_image, error) ||
      !read_list (lab, root, "nodes", read_node, error) ||
      !read_list (lab, root, "links", read_link, error))
    {
      _wirelab_lab_end_untracked (lab);
      return NULL;
    }
  _wirelab_lab_end_untracked (lab);
  g_object_set_data (G_OBJECT (wirelab_lab_find_hypervisor (lab, WIRELAB_HYPERVISOR_LOCAL_ID)),
                     "wl-loaded", NULL);

  if (!wirelab_lab_validate (lab, error))
    return NULL;

  if (revision < WIRELAB_PROJECT_REVISION)
    _wirelab_lab_set_converted_from (lab, (guint) revision);
  _wirelab_lab_mark_clean (lab);
  return g_steal_pointer (&lab);
}

WirelabLab *
wirelab_lab_load_from_data (const char  *json,
                            gssize       length,
                            GError     **error)
{
  g_return_val_if_fail (json != NULL, NULL);
  return _wirelab_lab_from_json (json, length, error);
}

WirelabLab *
wirelab_lab_load (GFile   *file,
                  GError **error)
{
  g_autofree char *data = NULL;
  g_autoptr(GError) local_error = NULL;
  gsize length;
  WirelabLab *lab;

  g_return_val_if_fail (G_IS_FILE (file), NULL);

  if (!g_file_load_contents (file, NULL, &data, &length, NULL, &local_error))
    {
      g_set_error (error, WIRELAB_LAB_ERROR, WIRELAB_LAB_ERROR_IO, "%s", local_error->message);
      return NULL;
    }

  lab = _wirelab_lab_from_json (data, length, &local_error);
  if (lab == NULL)
    {
      g_autofree char *name = g_file_get_parse_name (file);

      g_set_error (error, WIRELAB_LAB_ERROR, local_error->code, "%s: %s", name, local_error->message);
      return NULL;
    }
  _wirelab_lab_set_file (lab, file);
  return lab;
}
