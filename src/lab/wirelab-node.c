/* wirelab-node.c: a node of a lab
 *
 * Copyright 2026 The Wirelab authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#define G_LOG_DOMAIN "wirelab-lab"

#include "config.h"

#include <stdlib.h>

#include "wl-lab-index.h"
#include "wl-lab-private.h"

#define PORT_TABLE_TYPE G_VARIANT_TYPE ("a(uuuu)")
#define DEFAULT_PORTS 8

struct _WirelabNode
{
  GObject parent_instance;

  WirelabLab       *lab;            /* weak: the lab owns the node */
  char             *id;
  WirelabNodeKind   kind;
  char             *name;
  double            x;
  double            y;
  char             *image_id;
  guint             ram;
  guint             nvram;
  char            **slots;          /* NULL = the image's */
  char            **wics;
  char             *mac;
  char             *hypervisor_id;
  guint             instance_id;
  guint             console;
  guint             aux;
  GVariant         *switch_ports;
  guint             port_count;
  GVariant         *vcs;
  char             *startup_script;

  /* Routers: the interface table for the cards and image they have,
   * built once instead of at every lookup; NULL when stale. */
  GArray           *ifaces;
  WirelabImage     *ifaces_image;   /* compared only, never used */
  guint             ifaces_serial;

  WirelabNodeStatus status;
  char             *status_message;
  char             *console_host;
  gboolean          deployed;
};

G_DEFINE_FINAL_TYPE (WirelabNode, wirelab_node, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_KIND,
  PROP_NAME,
  PROP_X,
  PROP_Y,
  PROP_IMAGE_ID,
  PROP_RAM,
  PROP_NVRAM,
  PROP_SLOTS,
  PROP_WICS,
  PROP_MAC,
  PROP_HYPERVISOR_ID,
  PROP_INSTANCE_ID,
  PROP_CONSOLE,
  PROP_AUX,
  PROP_SWITCH_PORTS,
  PROP_PORT_COUNT,
  PROP_VCS,
  PROP_STARTUP_SCRIPT,
  PROP_INTERFACES,
  PROP_STATUS,
  PROP_STATUS_MESSAGE,
  PROP_CONSOLE_HOST,
  PROP_DEPLOYED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
wirelab_node_finalize (GObject *object)
{
  WirelabNode *self = WIRELAB_NODE (object);

  g_free (self->id);
  g_free (self->name);
  g_free (self->image_id);
  g_strfreev (self->slots);
  g_strfreev (self->wics);
  g_free (self->mac);
  g_free (self->hypervisor_id);
  g_clear_pointer (&self->switch_ports, g_variant_unref);
  g_clear_pointer (&self->vcs, g_variant_unref);
  g_free (self->startup_script);
  g_free (self->status_message);
  g_free (self->console_host);
  g_clear_pointer (&self->ifaces, g_array_unref);

  G_OBJECT_CLASS (wirelab_node_parent_class)->finalize (object);
}

static void
wirelab_node_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  WirelabNode *self = WIRELAB_NODE (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_string (value, self->id);
      break;
    case PROP_KIND:
      g_value_set_enum (value, self->kind);
      break;
    case PROP_NAME:
      g_value_set_string (value, self->name);
      break;
    case PROP_X:
      g_value_set_double (value, self->x);
      break;
    case PROP_Y:
      g_value_set_double (value, self->y);
      break;
    case PROP_IMAGE_ID:
      g_value_set_string (value, self->image_id);
      break;
    case PROP_RAM:
      g_value_set_uint (value, self->ram);
      break;
    case PROP_NVRAM:
      g_value_set_uint (value, self->nvram);
      break;
    case PROP_SLOTS:
      g_value_set_boxed (value, self->slots);
      break;
    case PROP_WICS:
      g_value_set_boxed (value, self->wics);
      break;
    case PROP_MAC:
      g_value_set_string (value, self->mac);
      break;
    case PROP_HYPERVISOR_ID:
      g_value_set_string (value, self->hypervisor_id);
      break;
    case PROP_INSTANCE_ID:
      g_value_set_uint (value, self->instance_id);
      break;
    case PROP_CONSOLE:
      g_value_set_uint (value, self->console);
      break;
    case PROP_AUX:
      g_value_set_uint (value, self->aux);
      break;
    case PROP_SWITCH_PORTS:
      g_value_set_variant (value, self->switch_ports);
      break;
    case PROP_PORT_COUNT:
      g_value_set_uint (value, self->port_count);
      break;
    case PROP_VCS:
      g_value_set_variant (value, self->vcs);
      break;
    case PROP_STARTUP_SCRIPT:
      g_value_set_string (value, self->startup_script);
      break;
    case PROP_INTERFACES:
      g_value_take_boxed (value, wirelab_node_dup_interfaces (self));
      break;
    case PROP_STATUS:
      g_value_set_enum (value, self->status);
      break;
    case PROP_STATUS_MESSAGE:
      g_value_set_string (value, wirelab_node_get_status_message (self));
      break;
    case PROP_CONSOLE_HOST:
      g_value_set_string (value, self->console_host);
      break;
    case PROP_DEPLOYED:
      g_value_set_boolean (value, self->deployed);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
wirelab_node_set_property (GObject      *object,
                           guint         prop_id,
                           const GValue *value,
                           GParamSpec   *pspec)
{
  WirelabNode *self = WIRELAB_NODE (object);

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
    case PROP_KIND:
      self->kind = g_value_get_enum (value);
      break;
    case PROP_NAME:
      wirelab_node_set_name (self, g_value_get_string (value));
      break;
    case PROP_X:
      wirelab_node_set_position (self, g_value_get_double (value), self->y);
      break;
    case PROP_Y:
      wirelab_node_set_position (self, self->x, g_value_get_double (value));
      break;
    case PROP_IMAGE_ID:
      wirelab_node_set_image_id (self, g_value_get_string (value));
      break;
    case PROP_RAM:
      wirelab_node_set_ram (self, g_value_get_uint (value));
      break;
    case PROP_NVRAM:
      wirelab_node_set_nvram (self, g_value_get_uint (value));
      break;
    case PROP_SLOTS:
      wirelab_node_set_slots (self, g_value_get_boxed (value));
      break;
    case PROP_WICS:
      wirelab_node_set_wics (self, g_value_get_boxed (value));
      break;
    case PROP_MAC:
      wirelab_node_set_mac (self, g_value_get_string (value));
      break;
    case PROP_HYPERVISOR_ID:
      wirelab_node_set_hypervisor_id (self, g_value_get_string (value));
      break;
    case PROP_INSTANCE_ID:
      wirelab_node_set_instance_id (self, g_value_get_uint (value));
      break;
    case PROP_CONSOLE:
      wirelab_node_set_console (self, g_value_get_uint (value));
      break;
    case PROP_AUX:
      wirelab_node_set_aux (self, g_value_get_uint (value));
      break;
    case PROP_SWITCH_PORTS:
      {
        GVariant *v = g_value_get_variant (value);

        if (v == NULL)
          v = g_variant_new_array (G_VARIANT_TYPE ("(uuuu)"), NULL, 0);
        g_variant_ref_sink (v);
        if (self->switch_ports == NULL || !g_variant_equal (self->switch_ports, v))
          {
            g_clear_pointer (&self->switch_ports, g_variant_unref);
            self->switch_ports = g_variant_ref (v);
            g_object_notify_by_pspec (object, pspec);
            _wirelab_node_notify_interfaces (self);
          }
        g_variant_unref (v);
      }
      break;
    case PROP_PORT_COUNT:
      wirelab_node_set_port_count (self, g_value_get_uint (value));
      break;
    case PROP_VCS:
      {
        GVariant *v = g_value_get_variant (value);

        if (v == NULL)
          v = g_variant_new_array (G_VARIANT_TYPE ("(uuuu)"), NULL, 0);
        g_variant_ref_sink (v);
        if (self->vcs == NULL || !g_variant_equal (self->vcs, v))
          {
            g_clear_pointer (&self->vcs, g_variant_unref);
            self->vcs = g_variant_ref (v);
            g_object_notify_by_pspec (object, pspec);
          }
        g_variant_unref (v);
      }
      break;
    case PROP_STARTUP_SCRIPT:
      wirelab_node_set_startup_script (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
wirelab_node_constructed (GObject *object)
{
  WirelabNode *self = WIRELAB_NODE (object);

  G_OBJECT_CLASS (wirelab_node_parent_class)->constructed (object);

  switch (self->kind)
    {
    case WIRELAB_NODE_KIND_ETHSW:
      {
        g_autoptr(GVariantBuilder) b = g_variant_builder_new (PORT_TABLE_TYPE);

        for (guint p = 1; p <= DEFAULT_PORTS; p++)
          g_variant_builder_add (b, "(uuuu)", p, (guint) WIRELAB_PORT_MODE_ACCESS, 1u, 0u);
        g_clear_pointer (&self->switch_ports, g_variant_unref);
        self->switch_ports = g_variant_ref_sink (g_variant_builder_end (b));
      }
      break;
    case WIRELAB_NODE_KIND_HUB:
    case WIRELAB_NODE_KIND_FRSW:
      self->port_count = DEFAULT_PORTS;
      break;
    case WIRELAB_NODE_KIND_ROUTER:
    case WIRELAB_NODE_KIND_VPCS:
    default:
      break;
    }
}

static void
wirelab_node_class_init (WirelabNodeClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags saved = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY |
                            G_PARAM_STATIC_STRINGS | WL_PARAM_SAVED;
  const GParamFlags runtime = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY |
                              G_PARAM_STATIC_STRINGS;

  object_class->finalize = wirelab_node_finalize;
  object_class->constructed = wirelab_node_constructed;
  object_class->get_property = wirelab_node_get_property;
  object_class->set_property = wirelab_node_set_property;

  properties[PROP_ID] =
    g_param_spec_string ("id", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_KIND] =
    g_param_spec_enum ("kind", NULL, NULL, WIRELAB_TYPE_NODE_KIND, WIRELAB_NODE_KIND_ROUTER,
                       G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_NAME] = g_param_spec_string ("name", "Name", NULL, "", saved);
  properties[PROP_X] = g_param_spec_double ("x", "X", NULL, -G_MAXDOUBLE, G_MAXDOUBLE, 0, saved);
  properties[PROP_Y] = g_param_spec_double ("y", "Y", NULL, -G_MAXDOUBLE, G_MAXDOUBLE, 0, saved);
  properties[PROP_IMAGE_ID] = g_param_spec_string ("image-id", "Image", NULL, "", saved);
  properties[PROP_RAM] = g_param_spec_uint ("ram", "RAM", NULL, 0, WIRELAB_MEMORY_MAX_MB, 0, saved);
  properties[PROP_NVRAM] = g_param_spec_uint ("nvram", "NVRAM", NULL, 0, WIRELAB_MEMORY_MAX_MB, 0, saved);
  properties[PROP_SLOTS] = g_param_spec_boxed ("slots", "Slots", NULL, G_TYPE_STRV, saved);
  properties[PROP_WICS] = g_param_spec_boxed ("wics", "WICs", NULL, G_TYPE_STRV, saved);
  properties[PROP_MAC] = g_param_spec_string ("mac", "MAC address", NULL, "", saved);
  properties[PROP_HYPERVISOR_ID] =
    g_param_spec_string ("hypervisor-id", "Hypervisor", NULL, "", saved);
  properties[PROP_INSTANCE_ID] =
    g_param_spec_uint ("instance-id", "Instance id", NULL, 0, 65535, 0, saved);
  properties[PROP_CONSOLE] =
    g_param_spec_uint ("console", "Console port", NULL, 0, 65535, 0, saved);
  properties[PROP_AUX] = g_param_spec_uint ("aux", "AUX port", NULL, 0, 65535, 0, saved);
  properties[PROP_SWITCH_PORTS] =
    g_param_spec_variant ("switch-ports", "Ports", NULL, PORT_TABLE_TYPE, NULL, saved);
  properties[PROP_PORT_COUNT] =
    g_param_spec_uint ("port-count", "Ports", NULL, 0, 64, 0, saved);
  properties[PROP_VCS] =
    g_param_spec_variant ("vcs", "Virtual circuits", NULL, PORT_TABLE_TYPE, NULL, saved);
  properties[PROP_STARTUP_SCRIPT] =
    g_param_spec_string ("startup-script", "Startup script", NULL, "", saved);
  properties[PROP_INTERFACES] =
    g_param_spec_boxed ("interfaces", NULL, NULL, G_TYPE_STRV, runtime);
  properties[PROP_STATUS] =
    g_param_spec_enum ("status", NULL, NULL, WIRELAB_TYPE_NODE_STATUS,
                       WIRELAB_NODE_STATUS_STOPPED, runtime);
  properties[PROP_STATUS_MESSAGE] =
    g_param_spec_string ("status-message", NULL, NULL, "", runtime);
  properties[PROP_CONSOLE_HOST] =
    g_param_spec_string ("console-host", NULL, NULL, NULL, runtime);
  properties[PROP_DEPLOYED] =
    g_param_spec_boolean ("deployed", NULL, NULL, FALSE, runtime);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
wirelab_node_init (WirelabNode *self)
{
  self->name = g_strdup ("");
  self->image_id = g_strdup ("");
  self->mac = g_strdup ("");
  self->hypervisor_id = g_strdup ("");
  self->startup_script = g_strdup ("");
  self->switch_ports = g_variant_ref_sink (g_variant_new_array (G_VARIANT_TYPE ("(uuuu)"), NULL, 0));
  self->vcs = g_variant_ref_sink (g_variant_new_array (G_VARIANT_TYPE ("(uuuu)"), NULL, 0));
}

WirelabNode *
wirelab_node_new (WirelabNodeKind  kind,
                  const char      *id)
{
  return g_object_new (WIRELAB_TYPE_NODE, "kind", kind, "id", id, NULL);
}

const char *
wirelab_node_get_id (WirelabNode *self)
{
  g_return_val_if_fail (WIRELAB_IS_NODE (self), NULL);
  return self->id;
}

WirelabNodeKind
wirelab_node_get_kind (WirelabNode *self)
{
  g_return_val_if_fail (WIRELAB_IS_NODE (self), WIRELAB_NODE_KIND_ROUTER);
  return self->kind;
}

static gboolean
set_string (WirelabNode  *self,
            char        **field,
            const char   *value,
            guint         prop)
{
  if (value == NULL)
    value = "";
  if (g_strcmp0 (*field, value) == 0)
    return FALSE;
  g_free (*field);
  *field = g_strdup (value);
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop]);
  return TRUE;
}

static gboolean
set_uint (WirelabNode *self,
          guint       *field,
          guint        value,
          guint        prop)
{
  if (*field == value)
    return FALSE;
  *field = value;
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop]);
  return TRUE;
}

const char *
wirelab_node_get_name (WirelabNode *self)
{
  g_return_val_if_fail (WIRELAB_IS_NODE (self), NULL);
  return self->name;
}

void
wirelab_node_set_name (WirelabNode *self,
                       const char  *name)
{
  g_autofree char *old = NULL;

  g_return_if_fail (WIRELAB_IS_NODE (self));

  if (name == NULL)
    name = "";
  if (g_strcmp0 (self->name, name) == 0)
    return;
  old = g_steal_pointer (&self->name);
  self->name = g_strdup (name);
  /* The lab's name index is right before anyone hears of it. */
  if (self->lab != NULL)
    wl_lab_index_node_renamed (_wirelab_lab_get_index (self->lab), self, old);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NAME]);
}

double
wirelab_node_get_x (WirelabNode *self)
{
  g_return_val_if_fail (WIRELAB_IS_NODE (self), 0);
  return self->x;
}

double
wirelab_node_get_y (WirelabNode *self)
{
  g_return_val_if_fail (WIRELAB_IS_NODE (self), 0);
  return self->y;
}

void
wirelab_node_set_position (WirelabNode *self,
                           double       x,
                           double       y)
{
  g_return_if_fail (WIRELAB_IS_NODE (self));

  g_object_freeze_notify (G_OBJECT (self));
  if (self->x != x)
    {
      self->x = x;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_X]);
    }
  if (self->y != y)
    {
      self->y = y;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_Y]);
    }
  g_object_thaw_notify (G_OBJECT (self));
}

const char *
wirelab_node_get_image_id (WirelabNode *self)
{
  g_return_val_if_fail (WIRELAB_IS_NODE (self), NULL);
  return self->image_id;
}

void
wirelab_node_set_image_id (WirelabNode *self,
                           const char  *image_id)
{
  g_return_if_fail (WIRELAB_IS_NODE (self));
  if (set_string (self, &self->image_id, image_id, PROP_IMAGE_ID))
    _wirelab_node_notify_interfaces (self);
}

guint
wirelab_node_get_ram (WirelabNode *self)
{
  g_return_val_if_fail (WIRELAB_IS_NODE (self), 0);
  return self->ram;
}

void
wirelab_node_set_ram (WirelabNode *self,
                      guint        ram_mb)
{
  g_return_if_fail (WIRELAB_IS_NODE (self));
  set_uint (self, &self->ram, ram_mb, PROP_RAM);
}

guint
wirelab_node_get_nvram (WirelabNode *self)
{
  g_return_val_if_fail (WIRELAB_IS_NODE (self), 0);
  return self->nvram;
}

void
wirelab_node_set_nvram (WirelabNode *self,
                        guint        nvram_kb)
{
  g_return_if_fail (WIRELAB_IS_NODE (self));
  set_uint (self, &self->nvram, nvram_kb, PROP_NVRAM);
}

static gboolean
strv_equal0 (const char *const *a,
             const char *const *b)
{
  if (a == NULL || b == NULL)
    return a == b;
  return g_strv_equal (a, b);
}

const char *const *
wirelab_node_get_slots (WirelabNode *self)
{
  g_return_val_if_fail (WIRELAB_IS_NODE (self), NULL);
  return (const char *const *) self->slots;
}

void
wirelab_node_set_slots (WirelabNode       *self,
                        const char *const *slots)
{
  g_return_if_fail (WIRELAB_IS_NODE (self));

  if (strv_equal0 ((const char *const *) self->slots, slots))
    return;
  g_strfreev (self->slots);
  self->slots = g_strdupv ((char **) slots);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SLOTS]);
  _wirelab_node_notify_interfaces (self);
}

const char *const *
wirelab_node_get_wics (WirelabNode *self)
{
  g_return_val_if_fail (WIRELAB_IS_NODE (self), NULL);
  return (const char *const *) self->wics;
}

void
wirelab_node_set_wics (WirelabNode       *self,
                       const char *const *wics)
{
  g_return_if_fail (WIRELAB_IS_NODE (self));

  if (strv_equal0 ((const char *const *) self->wics, wics))
    return;
  g_strfreev (self->wics);
  self->wics = g_strdupv ((char **) wics);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_WICS]);
  _wirelab_node_notify_interfaces (self);
}

const char *
wirelab_node_get_mac (WirelabNode *self)
{
  g_return_val_if_fail (WIRELAB_IS_NODE (self), NULL);
  return self->mac;
}

void
wirelab_node_set_mac (WirelabNode *self,
                      const char  *mac)
{
  g_return_if_fail (WIRELAB_IS_NODE (self));
  set_string (self, &self->mac, mac, PROP_MAC);
}

static WirelabImage *
get_image (WirelabNode *self)
{
  if (self->lab == NULL || self->kind != WIRELAB_NODE_KIND_ROUTER)
    return NULL;
  return wirelab_lab_find_image (self->lab, self->image_id);
}

guint
wirelab_node_get_effective_ram (WirelabNode *self)
{
  WirelabImage *image;

  g_return_val_if_fail (WIRELAB_IS_NODE (self), 0);

  if (self->kind != WIRELAB_NODE_KIND_ROUTER)
    return 0;
  if (self->ram != 0)
    return self->ram;
  image = get_image (self);
  if (image != NULL)
    return wirelab_image_get_ram (image);
  return wirelab_platform_get_default_ram ("c7200");
}

guint
_wirelab_node_get_effective_nvram (WirelabNode *self)
{
  WirelabImage *image = get_image (self);

  if (self->nvram != 0)
    return self->nvram;
  if (image != NULL)
    return wirelab_image_get_nvram (image);
  return wirelab_platform_get_default_nvram ("c7200");
}

const char *
_wirelab_node_get_platform (WirelabNode *self)
{
  WirelabImage *image = get_image (self);

  return image != NULL ? wirelab_image_get_platform (image) : NULL;
}

const char *
_wirelab_node_get_model (WirelabNode *self)
{
  WirelabImage *image = get_image (self);

  return image != NULL ? wirelab_image_get_model (image) : NULL;
}

const char *const *
_wirelab_node_get_effective_slots (WirelabNode *self)
{
  WirelabImage *image;

  if (self->slots != NULL)
    return (const char *const *) self->slots;
  image = get_image (self);
  return image != NULL ? wirelab_image_get_slots (image) : NULL;
}

const char *const *
_wirelab_node_get_effective_wics (WirelabNode *self)
{
  WirelabImage *image;

  if (self->wics != NULL)
    return (const char *const *) self->wics;
  image = get_image (self);
  return image != NULL ? wirelab_image_get_wics (image) : NULL;
}

const char *
wirelab_node_get_hypervisor_id (WirelabNode *self)
{
  g_return_val_if_fail (WIRELAB_IS_NODE (self), NULL);
  return self->hypervisor_id;
}

void
wirelab_node_set_hypervisor_id (WirelabNode *self,
                                const char  *hypervisor_id)
{
  g_return_if_fail (WIRELAB_IS_NODE (self));
  set_string (self, &self->hypervisor_id, hypervisor_id, PROP_HYPERVISOR_ID);
}

guint
wirelab_node_get_instance_id (WirelabNode *self)
{
  g_return_val_if_fail (WIRELAB_IS_NODE (self), 0);
  return self->instance_id;
}

void
wirelab_node_set_instance_id (WirelabNode *self,
                              guint        instance_id)
{
  guint old;

  g_return_if_fail (WIRELAB_IS_NODE (self));

  if (self->instance_id == instance_id)
    return;
  old = self->instance_id;
  self->instance_id = instance_id;
  if (self->lab != NULL)
    wl_lab_index_node_instance_changed (_wirelab_lab_get_index (self->lab), self, old);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_INSTANCE_ID]);
}

guint
wirelab_node_get_console (WirelabNode *self)
{
  g_return_val_if_fail (WIRELAB_IS_NODE (self), 0);
  return self->console;
}

void
wirelab_node_set_console (WirelabNode *self,
                          guint        port)
{
  g_return_if_fail (WIRELAB_IS_NODE (self));
  g_return_if_fail (port <= 65535);
  set_uint (self, &self->console, port, PROP_CONSOLE);
}

guint
wirelab_node_get_aux (WirelabNode *self)
{
  g_return_val_if_fail (WIRELAB_IS_NODE (self), 0);
  return self->aux;
}

void
wirelab_node_set_aux (WirelabNode *self,
                      guint        port)
{
  g_return_if_fail (WIRELAB_IS_NODE (self));
  g_return_if_fail (port <= 65535);
  set_uint (self, &self->aux, port, PROP_AUX);
}

GVariant *
wirelab_node_get_switch_ports (WirelabNode *self)
{
  g_return_val_if_fail (WIRELAB_IS_NODE (self), NULL);
  return self->switch_ports;
}

gboolean
wirelab_node_get_switch_port (WirelabNode     *self,
                              guint            port,
                              WirelabPortMode *out_mode,
                              guint           *out_vlan,
                              guint           *out_ethertype)
{
  GVariantIter iter;
  guint p, mode, vlan, ethertype;

  g_return_val_if_fail (WIRELAB_IS_NODE (self), FALSE);

  g_variant_iter_init (&iter, self->switch_ports);
  while (g_variant_iter_next (&iter, "(uuuu)", &p, &mode, &vlan, &ethertype))
    if (p == port)
      {
        if (out_mode != NULL)
          *out_mode = mode;
        if (out_vlan != NULL)
          *out_vlan = vlan;
        if (out_ethertype != NULL)
          *out_ethertype = ethertype;
        return TRUE;
      }
  return FALSE;
}

/* Rebuilds a(uuuu) sorted by the first member, with `key` replaced by
 * `entry` (or dropped when entry is NULL). */
static GVariant *
table_replace (GVariant   *table,
               guint       key,
               const guint entry[4])
{
  g_autoptr(GVariantBuilder) b = g_variant_builder_new (PORT_TABLE_TYPE);
  GVariantIter iter;
  guint e[4];
  gboolean placed = entry == NULL;

  g_variant_iter_init (&iter, table);
  while (g_variant_iter_next (&iter, "(uuuu)", &e[0], &e[1], &e[2], &e[3]))
    {
      if (!placed && entry[0] < e[0])
        {
          g_variant_builder_add (b, "(uuuu)", entry[0], entry[1], entry[2], entry[3]);
          placed = TRUE;
        }
      if (e[0] == key)
        continue;
      g_variant_builder_add (b, "(uuuu)", e[0], e[1], e[2], e[3]);
    }
  if (!placed)
    g_variant_builder_add (b, "(uuuu)", entry[0], entry[1], entry[2], entry[3]);

  return g_variant_builder_end (b);
}

void
wirelab_node_set_switch_port (WirelabNode     *self,
                              guint            port,
                              WirelabPortMode  mode,
                              guint            vlan,
                              guint            ethertype)
{
  guint entry[4];

  g_return_if_fail (WIRELAB_IS_NODE (self));
  g_return_if_fail (port >= 1 && port <= 64);
  g_return_if_fail (mode <= WIRELAB_PORT_MODE_QINQ);
  g_return_if_fail (vlan >= 1 && vlan <= 4094);
  g_return_if_fail (ethertype <= 0xffff);

  if (mode != WIRELAB_PORT_MODE_QINQ)
    ethertype = 0;
  else if (ethertype == 0)
    ethertype = 0x8100;

  entry[0] = port;
  entry[1] = mode;
  entry[2] = vlan;
  entry[3] = ethertype;
  g_object_set (self, "switch-ports", table_replace (self->switch_ports, port, entry), NULL);
}

void
wirelab_node_remove_switch_port (WirelabNode *self,
                                 guint        port)
{
  g_return_if_fail (WIRELAB_IS_NODE (self));

  if (!wirelab_node_get_switch_port (self, port, NULL, NULL, NULL))
    return;
  g_object_set (self, "switch-ports", table_replace (self->switch_ports, port, NULL), NULL);
}

guint
wirelab_node_get_port_count (WirelabNode *self)
{
  g_return_val_if_fail (WIRELAB_IS_NODE (self), 0);
  return self->port_count;
}

void
wirelab_node_set_port_count (WirelabNode *self,
                             guint        count)
{
  g_return_if_fail (WIRELAB_IS_NODE (self));
  g_return_if_fail (count <= 64);

  if (set_uint (self, &self->port_count, count, PROP_PORT_COUNT))
    _wirelab_node_notify_interfaces (self);
}

GVariant *
wirelab_node_get_vcs (WirelabNode *self)
{
  g_return_val_if_fail (WIRELAB_IS_NODE (self), NULL);
  return self->vcs;
}

void
wirelab_node_add_vc (WirelabNode *self,
                     guint        in_port,
                     guint        in_dlci,
                     guint        out_port,
                     guint        out_dlci)
{
  g_autoptr(GVariantBuilder) b = NULL;
  GVariantIter iter;
  guint e[4];

  g_return_if_fail (WIRELAB_IS_NODE (self));
  g_return_if_fail (in_port >= 1 && out_port >= 1 && in_port <= 64 && out_port <= 64);
  g_return_if_fail (in_dlci <= 1023 && out_dlci <= 1023);

  b = g_variant_builder_new (PORT_TABLE_TYPE);
  g_variant_iter_init (&iter, self->vcs);
  while (g_variant_iter_next (&iter, "(uuuu)", &e[0], &e[1], &e[2], &e[3]))
    {
      /* One mapping per (port, DLCI) on either side. */
      if ((e[0] == in_port && e[1] == in_dlci) || (e[2] == in_port && e[3] == in_dlci) ||
          (e[0] == out_port && e[1] == out_dlci) || (e[2] == out_port && e[3] == out_dlci))
        continue;
      g_variant_builder_add (b, "(uuuu)", e[0], e[1], e[2], e[3]);
    }
  g_variant_builder_add (b, "(uuuu)", in_port, in_dlci, out_port, out_dlci);
  g_object_set (self, "vcs", g_variant_builder_end (b), NULL);
}

void
wirelab_node_remove_vc (WirelabNode *self,
                        guint        in_port,
                        guint        in_dlci)
{
  g_autoptr(GVariantBuilder) b = NULL;
  GVariantIter iter;
  guint e[4];

  g_return_if_fail (WIRELAB_IS_NODE (self));

  b = g_variant_builder_new (PORT_TABLE_TYPE);
  g_variant_iter_init (&iter, self->vcs);
  while (g_variant_iter_next (&iter, "(uuuu)", &e[0], &e[1], &e[2], &e[3]))
    {
      if ((e[0] == in_port && e[1] == in_dlci) || (e[2] == in_port && e[3] == in_dlci))
        continue;
      g_variant_builder_add (b, "(uuuu)", e[0], e[1], e[2], e[3]);
    }
  g_object_set (self, "vcs", g_variant_builder_end (b), NULL);
}

const char *
wirelab_node_get_startup_script (WirelabNode *self)
{
  g_return_val_if_fail (WIRELAB_IS_NODE (self), NULL);
  return self->startup_script;
}

void
wirelab_node_set_startup_script (WirelabNode *self,
                                 const char  *script)
{
  g_return_if_fail (WIRELAB_IS_NODE (self));
  set_string (self, &self->startup_script, script, PROP_STARTUP_SCRIPT);
}

/* A router's interfaces (empty without a known image or with cards that
 * do not fit); transfer none. */
static GArray *
router_interfaces (WirelabNode *self)
{
  WirelabImage *image = get_image (self);
  guint serial = image != NULL ? _wirelab_image_get_serial (image) : 0;

  if (self->ifaces != NULL && self->ifaces_image == image && self->ifaces_serial == serial)
    return self->ifaces;

  g_clear_pointer (&self->ifaces, g_array_unref);
  if (image != NULL)
    self->ifaces = _wirelab_platform_build_interfaces (wirelab_image_get_platform (image),
                                                      wirelab_image_get_model (image),
                                                      _wirelab_node_get_effective_slots (self),
                                                      _wirelab_node_get_effective_wics (self),
                                                      NULL);
  if (self->ifaces == NULL)
    self->ifaces = g_array_new (FALSE, FALSE, sizeof (WlInterface));
  self->ifaces_image = image;
  self->ifaces_serial = serial;
  return self->ifaces;
}

char **
wirelab_node_dup_interfaces (WirelabNode *self)
{
  GPtrArray *names;

  g_return_val_if_fail (WIRELAB_IS_NODE (self), NULL);

  switch (self->kind)
    {
    case WIRELAB_NODE_KIND_ROUTER:
      {
        GArray *ifaces = router_interfaces (self);
        char **list = g_new0 (char *, ifaces->len + 1);

        for (guint i = 0; i < ifaces->len; i++)
          list[i] = g_strdup (g_array_index (ifaces, WlInterface, i).name);
        return list;
      }

    case WIRELAB_NODE_KIND_ETHSW:
      {
        GVariantIter iter;
        guint e[4];

        names = g_ptr_array_new ();
        g_variant_iter_init (&iter, self->switch_ports);
        while (g_variant_iter_next (&iter, "(uuuu)", &e[0], &e[1], &e[2], &e[3]))
          g_ptr_array_add (names, g_strdup_printf ("%u", e[0]));
        g_ptr_array_add (names, NULL);
        return (char **) g_ptr_array_free (names, FALSE);
      }

    case WIRELAB_NODE_KIND_HUB:
    case WIRELAB_NODE_KIND_FRSW:
      names = g_ptr_array_new ();
      for (guint p = 1; p <= self->port_count; p++)
        g_ptr_array_add (names, g_strdup_printf ("%u", p));
      g_ptr_array_add (names, NULL);
      return (char **) g_ptr_array_free (names, FALSE);

    case WIRELAB_NODE_KIND_VPCS:
    default:
      {
        char **one = g_new0 (char *, 2);

        one[0] = g_strdup ("e0");
        return one;
      }
    }
}

gboolean
wirelab_node_has_interface (WirelabNode *self,
                            const char  *name)
{
  g_return_val_if_fail (WIRELAB_IS_NODE (self), FALSE);
  g_return_val_if_fail (name != NULL, FALSE);

  return _wirelab_node_lookup_interface (self, name, NULL, NULL, NULL);
}

/* "1" … "64": a number with no sign, no leading zero. */
static gboolean
parse_port (const char *name,
            guint      *out)
{
  char *end = NULL;
  guint64 v;

  if (!g_ascii_isdigit (name[0]) || name[0] == '0')
    return FALSE;
  v = g_ascii_strtoull (name, &end, 10);
  if (*end != '\0' || v < 1 || v > 64)
    return FALSE;
  *out = (guint) v;
  return TRUE;
}

gboolean
_wirelab_node_lookup_interface (WirelabNode          *self,
                                const char           *name,
                                guint                *out_slot,
                                guint                *out_port,
                                WirelabInterfaceType *out_type)
{
  guint port = 0;

  if (out_slot != NULL)
    *out_slot = 0;
  if (out_type != NULL)
    *out_type = WIRELAB_INTERFACE_ETHERNET;

  switch (self->kind)
    {
    case WIRELAB_NODE_KIND_ROUTER:
      {
        GArray *ifaces = router_interfaces (self);

        for (guint i = 0; i < ifaces->len; i++)
          {
            const WlInterface *it = &g_array_index (ifaces, WlInterface, i);

            if (g_str_equal (it->name, name))
              {
                if (out_slot != NULL)
                  *out_slot = it->slot;
                if (out_port != NULL)
                  *out_port = it->port;
                if (out_type != NULL)
                  *out_type = it->type;
                return TRUE;
              }
          }
        return FALSE;
      }

    case WIRELAB_NODE_KIND_ETHSW:
      if (!parse_port (name, &port) || !wirelab_node_get_switch_port (self, port, NULL, NULL, NULL))
        return FALSE;
      break;

    case WIRELAB_NODE_KIND_HUB:
      if (!parse_port (name, &port) || port > self->port_count)
        return FALSE;
      break;

    case WIRELAB_NODE_KIND_FRSW:
      if (!parse_port (name, &port) || port > self->port_count)
        return FALSE;
      if (out_type != NULL)
        *out_type = WIRELAB_INTERFACE_SERIAL;
      break;

    case WIRELAB_NODE_KIND_VPCS:
    default:
      if (!g_str_equal (name, "e0"))
        return FALSE;
      break;
    }

  if (out_port != NULL)
    *out_port = port;
  return TRUE;
}

void
_wirelab_node_set_lab (WirelabNode *self,
                       WirelabLab  *lab)
{
  if (self->lab == lab)
    return;
  self->lab = lab;
  _wirelab_node_notify_interfaces (self);
}

WirelabLab *
_wirelab_node_get_lab (WirelabNode *self)
{
  return self->lab;
}

void
_wirelab_node_notify_interfaces (WirelabNode *self)
{
  /* Now, even if the notification waits for a thaw. */
  g_clear_pointer (&self->ifaces, g_array_unref);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_INTERFACES]);
}

WirelabNodeStatus
wirelab_node_get_status (WirelabNode *self)
{
  g_return_val_if_fail (WIRELAB_IS_NODE (self), WIRELAB_NODE_STATUS_STOPPED);
  return self->status;
}

void
_wirelab_node_set_status (WirelabNode       *self,
                          WirelabNodeStatus  status)
{
  if (self->status == status)
    return;
  self->status = status;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATUS]);
}

const char *
wirelab_node_get_status_message (WirelabNode *self)
{
  g_return_val_if_fail (WIRELAB_IS_NODE (self), NULL);
  return self->status_message != NULL ? self->status_message : "";
}

void
_wirelab_node_set_status_message (WirelabNode *self,
                                  const char  *message)
{
  if (message == NULL)
    message = "";
  if (g_strcmp0 (wirelab_node_get_status_message (self), message) == 0)
    return;
  g_free (self->status_message);
  self->status_message = g_strdup (message);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATUS_MESSAGE]);
}

const char *
wirelab_node_get_console_host (WirelabNode *self)
{
  g_return_val_if_fail (WIRELAB_IS_NODE (self), NULL);
  return self->console_host;
}

void
_wirelab_node_set_console_host (WirelabNode *self,
                                const char  *host)
{
  if (g_strcmp0 (self->console_host, host) == 0)
    return;
  g_free (self->console_host);
  self->console_host = g_strdup (host);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CONSOLE_HOST]);
}

gboolean
wirelab_node_get_deployed (WirelabNode *self)
{
  g_return_val_if_fail (WIRELAB_IS_NODE (self), FALSE);
  return self->deployed;
}

void
_wirelab_node_set_deployed (WirelabNode *self,
                            gboolean     deployed)
{
  deployed = !!deployed;
  if (self->deployed == deployed)
    return;
  self->deployed = deployed;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DEPLOYED]);
}
