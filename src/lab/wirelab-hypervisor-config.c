/* wirelab-hypervisor-config.c: one hypervisor of a lab
 *
 * Copyright 2026 The Wirelab authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#define G_LOG_DOMAIN "wirelab-lab"

#include "config.h"

#include "wl-lab-private.h"

struct _WirelabHypervisorConfig
{
  GObject parent_instance;

  char    *id;
  char    *name;
  char    *host;
  char    *working_dir;
  guint16  port;
  guint16  base_udp;
  guint16  base_console;
  guint16  base_aux;
  guint    memory_limit_mb;

  /* runtime */
  gboolean connected;
  guint    placed_ram_mb;
  guint    node_count;
  guint    effective_limit_mb;
  char    *status_message;
  char    *default_name;
};

G_DEFINE_FINAL_TYPE (WirelabHypervisorConfig, wirelab_hypervisor_config, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_NAME,
  PROP_DISPLAY_NAME,
  PROP_HOST,
  PROP_PORT,
  PROP_WORKING_DIR,
  PROP_BASE_UDP,
  PROP_BASE_CONSOLE,
  PROP_BASE_AUX,
  PROP_MEMORY_LIMIT_MB,
  PROP_LOCAL,
  PROP_CONNECTED,
  PROP_PLACED_RAM_MB,
  PROP_NODE_COUNT,
  PROP_EFFECTIVE_MEMORY_LIMIT_MB,
  PROP_STATUS_MESSAGE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
wirelab_hypervisor_config_finalize (GObject *object)
{
  WirelabHypervisorConfig *self = WIRELAB_HYPERVISOR_CONFIG (object);

  g_free (self->id);
  g_free (self->name);
  g_free (self->host);
  g_free (self->working_dir);
  g_free (self->status_message);
  g_free (self->default_name);

  G_OBJECT_CLASS (wirelab_hypervisor_config_parent_class)->finalize (object);
}

static void
wirelab_hypervisor_config_get_property (GObject    *object,
                                        guint       prop_id,
                                        GValue     *value,
                                        GParamSpec *pspec)
{
  WirelabHypervisorConfig *self = WIRELAB_HYPERVISOR_CONFIG (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_string (value, self->id);
      break;
    case PROP_NAME:
      g_value_set_string (value, wirelab_hypervisor_config_get_name (self));
      break;
    case PROP_DISPLAY_NAME:
      g_value_set_string (value, wirelab_hypervisor_config_get_display_name (self));
      break;
    case PROP_HOST:
      g_value_set_string (value, self->host);
      break;
    case PROP_PORT:
      g_value_set_uint (value, self->port);
      break;
    case PROP_WORKING_DIR:
      g_value_set_string (value, self->working_dir);
      break;
    case PROP_BASE_UDP:
      g_value_set_uint (value, self->base_udp);
      break;
    case PROP_BASE_CONSOLE:
      g_value_set_uint (value, self->base_console);
      break;
    case PROP_BASE_AUX:
      g_value_set_uint (value, self->base_aux);
      break;
    case PROP_MEMORY_LIMIT_MB:
      g_value_set_uint (value, self->memory_limit_mb);
      break;
    case PROP_LOCAL:
      g_value_set_boolean (value, wirelab_hypervisor_config_is_local (self));
      break;
    case PROP_CONNECTED:
      g_value_set_boolean (value, self->connected);
      break;
    case PROP_PLACED_RAM_MB:
      g_value_set_uint (value, self->placed_ram_mb);
      break;
    case PROP_NODE_COUNT:
      g_value_set_uint (value, self->node_count);
      break;
    case PROP_EFFECTIVE_MEMORY_LIMIT_MB:
      g_value_set_uint (value, wirelab_hypervisor_config_get_effective_memory_limit_mb (self));
      break;
    case PROP_STATUS_MESSAGE:
      g_value_set_string (value, wirelab_hypervisor_config_get_status_message (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
wirelab_hypervisor_config_set_property (GObject      *object,
                                        guint         prop_id,
                                        const GValue *value,
                                        GParamSpec   *pspec)
{
  WirelabHypervisorConfig *self = WIRELAB_HYPERVISOR_CONFIG (object);

  switch (prop_id)
    {
    case PROP_ID:
      self->id = g_value_dup_string (value);
      if (self->id == NULL || *self->id == '\0')
        {
          g_free (self->id);
          self->id = g_uuid_string_random ();
        }
      break;
    case PROP_NAME:
      wirelab_hypervisor_config_set_name (self, g_value_get_string (value));
      break;
    case PROP_HOST:
      wirelab_hypervisor_config_set_host (self, g_value_get_string (value));
      break;
    case PROP_PORT:
      wirelab_hypervisor_config_set_port (self, g_value_get_uint (value));
      break;
    case PROP_WORKING_DIR:
      wirelab_hypervisor_config_set_working_dir (self, g_value_get_string (value));
      break;
    case PROP_BASE_UDP:
      wirelab_hypervisor_config_set_base_udp (self, g_value_get_uint (value));
      break;
    case PROP_BASE_CONSOLE:
      wirelab_hypervisor_config_set_base_console (self, g_value_get_uint (value));
      break;
    case PROP_BASE_AUX:
      wirelab_hypervisor_config_set_base_aux (self, g_value_get_uint (value));
      break;
    case PROP_MEMORY_LIMIT_MB:
      wirelab_hypervisor_config_set_memory_limit_mb (self, g_value_get_uint (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
wirelab_hypervisor_config_class_init (WirelabHypervisorConfigClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags saved = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY |
                            G_PARAM_STATIC_STRINGS | WL_PARAM_SAVED;
  const GParamFlags runtime = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY |
                              G_PARAM_STATIC_STRINGS;

  object_class->finalize = wirelab_hypervisor_config_finalize;
  object_class->get_property = wirelab_hypervisor_config_get_property;
  object_class->set_property = wirelab_hypervisor_config_set_property;

  properties[PROP_ID] =
    g_param_spec_string ("id", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_NAME] =
    g_param_spec_string ("name", "Name", NULL, "", saved);
  properties[PROP_DISPLAY_NAME] =
    g_param_spec_string ("display-name", NULL, NULL, NULL, runtime);
  properties[PROP_HOST] =
    g_param_spec_string ("host", "Host", NULL, "127.0.0.1", saved);
  properties[PROP_PORT] =
    g_param_spec_uint ("port", "Port", NULL, 0, 65535, 7200, saved);
  properties[PROP_WORKING_DIR] =
    g_param_spec_string ("working-dir", "Working directory", NULL, "", saved);
  properties[PROP_BASE_UDP] =
    g_param_spec_uint ("base-udp", "Base UDP port", NULL, 1, 65535, 10000, saved);
  properties[PROP_BASE_CONSOLE] =
    g_param_spec_uint ("base-console", "Base console port", NULL, 1, 65535, 2100, saved);
  properties[PROP_BASE_AUX] =
    g_param_spec_uint ("base-aux", "Base AUX port", NULL, 0, 65535, 0, saved);
  properties[PROP_MEMORY_LIMIT_MB] =
    g_param_spec_uint ("memory-limit-mb", "Memory limit", NULL, 0, G_MAXUINT, 0, saved);
  properties[PROP_LOCAL] =
    g_param_spec_boolean ("local", NULL, NULL, FALSE, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_CONNECTED] =
    g_param_spec_boolean ("connected", NULL, NULL, FALSE, runtime);
  properties[PROP_PLACED_RAM_MB] =
    g_param_spec_uint ("placed-ram-mb", NULL, NULL, 0, G_MAXUINT, 0, runtime);
  properties[PROP_NODE_COUNT] =
    g_param_spec_uint ("node-count", NULL, NULL, 0, G_MAXUINT, 0, runtime);
  properties[PROP_EFFECTIVE_MEMORY_LIMIT_MB] =
    g_param_spec_uint ("effective-memory-limit-mb", NULL, NULL, 0, G_MAXUINT, G_MAXUINT, runtime);
  properties[PROP_STATUS_MESSAGE] =
    g_param_spec_string ("status-message", NULL, NULL, "", runtime);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
wirelab_hypervisor_config_init (WirelabHypervisorConfig *self)
{
  self->host = g_strdup ("127.0.0.1");
  self->working_dir = g_strdup ("");
  self->port = 7200;
  self->base_udp = 10000;
  self->base_console = 2100;
}

WirelabHypervisorConfig *
wirelab_hypervisor_config_new (const char *id,
                               const char *host,
                               guint16     port)
{
  WirelabHypervisorConfig *self = g_object_new (WIRELAB_TYPE_HYPERVISOR_CONFIG, "id", id, NULL);

  if (host != NULL && *host != '\0')
    wirelab_hypervisor_config_set_host (self, host);
  wirelab_hypervisor_config_set_port (self, port);
  return self;
}

const char *
wirelab_hypervisor_config_get_id (WirelabHypervisorConfig *self)
{
  g_return_val_if_fail (WIRELAB_IS_HYPERVISOR_CONFIG (self), NULL);
  return self->id;
}

gboolean
wirelab_hypervisor_config_is_local (WirelabHypervisorConfig *self)
{
  g_return_val_if_fail (WIRELAB_IS_HYPERVISOR_CONFIG (self), FALSE);
  return g_strcmp0 (self->id, WIRELAB_HYPERVISOR_LOCAL_ID) == 0;
}

/* Setters of a string or number property that notify only on change. */
static void
set_string (WirelabHypervisorConfig  *self,
            char                    **field,
            const char               *value,
            guint                     prop)
{
  if (value == NULL)
    value = "";
  if (g_strcmp0 (*field, value) == 0)
    return;
  g_free (*field);
  *field = g_strdup (value);
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop]);
}

const char *
wirelab_hypervisor_config_get_name (WirelabHypervisorConfig *self)
{
  g_return_val_if_fail (WIRELAB_IS_HYPERVISOR_CONFIG (self), NULL);
  return self->name != NULL ? self->name : "";
}

const char *
wirelab_hypervisor_config_get_display_name (WirelabHypervisorConfig *self)
{
  g_return_val_if_fail (WIRELAB_IS_HYPERVISOR_CONFIG (self), NULL);

  if (self->name != NULL && *self->name != '\0')
    return self->name;
  if (wirelab_hypervisor_config_is_local (self))
    return "Local";

  /* Follows host and port until a name is given.  Built once per host/port
   * so a caller may hold the string across calls (warnings pass it twice). */
  if (self->default_name == NULL)
    self->default_name = g_strdup_printf ("%s:%u", self->host, self->port);
  return self->default_name;
}

void
wirelab_hypervisor_config_set_name (WirelabHypervisorConfig *self,
                                    const char              *name)
{
  g_return_if_fail (WIRELAB_IS_HYPERVISOR_CONFIG (self));

  if (name == NULL)
    name = "";
  if (g_strcmp0 (self->name != NULL ? self->name : "", name) == 0)
    return;
  g_free (self->name);
  self->name = g_strdup (name);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NAME]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DISPLAY_NAME]);
}

const char *
wirelab_hypervisor_config_get_host (WirelabHypervisorConfig *self)
{
  g_return_val_if_fail (WIRELAB_IS_HYPERVISOR_CONFIG (self), NULL);
  return self->host;
}

void
wirelab_hypervisor_config_set_host (WirelabHypervisorConfig *self,
                                    const char              *host)
{
  g_return_if_fail (WIRELAB_IS_HYPERVISOR_CONFIG (self));

  if (host == NULL || *host == '\0')
    host = "127.0.0.1";
  if (g_strcmp0 (self->host, host) == 0)
    return;
  set_string (self, &self->host, host, PROP_HOST);
  g_clear_pointer (&self->default_name, g_free);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DISPLAY_NAME]);
}

guint16
wirelab_hypervisor_config_get_port (WirelabHypervisorConfig *self)
{
  g_return_val_if_fail (WIRELAB_IS_HYPERVISOR_CONFIG (self), 0);
  return self->port;
}

#define DEFINE_U16_SETTER(field, prop)                                   \
void                                                                     \
wirelab_hypervisor_config_set_##field (WirelabHypervisorConfig *self,    \
                                       guint16                  value)   \
{                                                                        \
  g_return_if_fail (WIRELAB_IS_HYPERVISOR_CONFIG (self));                \
  if (self->field == value)                                              \
    return;                                                              \
  self->field = value;                                                   \
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop]);          \
}

DEFINE_U16_SETTER (base_aux, PROP_BASE_AUX)

void
wirelab_hypervisor_config_set_port (WirelabHypervisorConfig *self,
                                    guint16                  port)
{
  g_return_if_fail (WIRELAB_IS_HYPERVISOR_CONFIG (self));

  if (self->port == port)
    return;
  self->port = port;
  g_clear_pointer (&self->default_name, g_free);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PORT]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DISPLAY_NAME]);
}

void
wirelab_hypervisor_config_set_base_udp (WirelabHypervisorConfig *self,
                                        guint16                  port)
{
  g_return_if_fail (WIRELAB_IS_HYPERVISOR_CONFIG (self));
  g_return_if_fail (port > 0);

  if (self->base_udp == port)
    return;
  self->base_udp = port;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BASE_UDP]);
}

void
wirelab_hypervisor_config_set_base_console (WirelabHypervisorConfig *self,
                                            guint16                  port)
{
  g_return_if_fail (WIRELAB_IS_HYPERVISOR_CONFIG (self));
  g_return_if_fail (port > 0);

  if (self->base_console == port)
    return;
  self->base_console = port;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BASE_CONSOLE]);
}

const char *
wirelab_hypervisor_config_get_working_dir (WirelabHypervisorConfig *self)
{
  g_return_val_if_fail (WIRELAB_IS_HYPERVISOR_CONFIG (self), NULL);
  return self->working_dir;
}

void
wirelab_hypervisor_config_set_working_dir (WirelabHypervisorConfig *self,
                                           const char              *dir)
{
  g_return_if_fail (WIRELAB_IS_HYPERVISOR_CONFIG (self));
  set_string (self, &self->working_dir, dir, PROP_WORKING_DIR);
}

guint16
wirelab_hypervisor_config_get_base_udp (WirelabHypervisorConfig *self)
{
  g_return_val_if_fail (WIRELAB_IS_HYPERVISOR_CONFIG (self), 0);
  return self->base_udp;
}

guint16
wirelab_hypervisor_config_get_base_console (WirelabHypervisorConfig *self)
{
  g_return_val_if_fail (WIRELAB_IS_HYPERVISOR_CONFIG (self), 0);
  return self->base_console;
}

guint16
wirelab_hypervisor_config_get_base_aux (WirelabHypervisorConfig *self)
{
  g_return_val_if_fail (WIRELAB_IS_HYPERVISOR_CONFIG (self), 0);
  return self->base_aux;
}

guint
wirelab_hypervisor_config_get_memory_limit_mb (WirelabHypervisorConfig *self)
{
  g_return_val_if_fail (WIRELAB_IS_HYPERVISOR_CONFIG (self), 0);
  return self->memory_limit_mb;
}

void
wirelab_hypervisor_config_set_memory_limit_mb (WirelabHypervisorConfig *self,
                                               guint                    limit_mb)
{
  g_return_if_fail (WIRELAB_IS_HYPERVISOR_CONFIG (self));

  if (self->memory_limit_mb == limit_mb)
    return;
  self->memory_limit_mb = limit_mb;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MEMORY_LIMIT_MB]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_EFFECTIVE_MEMORY_LIMIT_MB]);
}

gboolean
wirelab_hypervisor_config_get_connected (WirelabHypervisorConfig *self)
{
  g_return_val_if_fail (WIRELAB_IS_HYPERVISOR_CONFIG (self), FALSE);
  return self->connected;
}

guint
wirelab_hypervisor_config_get_placed_ram_mb (WirelabHypervisorConfig *self)
{
  g_return_val_if_fail (WIRELAB_IS_HYPERVISOR_CONFIG (self), 0);
  return self->placed_ram_mb;
}

guint
wirelab_hypervisor_config_get_node_count (WirelabHypervisorConfig *self)
{
  g_return_val_if_fail (WIRELAB_IS_HYPERVISOR_CONFIG (self), 0);
  return self->node_count;
}

guint
wirelab_hypervisor_config_get_effective_memory_limit_mb (WirelabHypervisorConfig *self)
{
  g_return_val_if_fail (WIRELAB_IS_HYPERVISOR_CONFIG (self), 0);

  if (self->memory_limit_mb != 0)
    return self->memory_limit_mb;
  if (wirelab_hypervisor_config_is_local (self) && self->effective_limit_mb != 0)
    return self->effective_limit_mb;
  return G_MAXUINT;
}

const char *
wirelab_hypervisor_config_get_status_message (WirelabHypervisorConfig *self)
{
  g_return_val_if_fail (WIRELAB_IS_HYPERVISOR_CONFIG (self), NULL);
  return self->status_message != NULL ? self->status_message : "";
}

void
_wirelab_hypervisor_config_set_runtime (WirelabHypervisorConfig *self,
                                        gboolean                 connected,
                                        guint                    placed_ram_mb,
                                        guint                    node_count,
                                        guint                    effective_limit_mb)
{
  guint old_limit = wirelab_hypervisor_config_get_effective_memory_limit_mb (self);

  g_object_freeze_notify (G_OBJECT (self));
  if (self->connected != connected)
    {
      self->connected = connected;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CONNECTED]);
    }
  if (self->placed_ram_mb != placed_ram_mb)
    {
      self->placed_ram_mb = placed_ram_mb;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PLACED_RAM_MB]);
    }
  if (self->node_count != node_count)
    {
      self->node_count = node_count;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NODE_COUNT]);
    }
  self->effective_limit_mb = effective_limit_mb;
  if (old_limit != wirelab_hypervisor_config_get_effective_memory_limit_mb (self))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_EFFECTIVE_MEMORY_LIMIT_MB]);
  g_object_thaw_notify (G_OBJECT (self));
}

void
_wirelab_hypervisor_config_set_status_message (WirelabHypervisorConfig *self,
                                               const char              *message)
{
  set_string (self, &self->status_message, message, PROP_STATUS_MESSAGE);
}
