/* wirelab-link.c: a cable between two interfaces
 *
 * Copyright 2026 The Wirelab authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#define G_LOG_DOMAIN "wirelab-lab"

#include "config.h"

#include "wl-lab-private.h"

struct _WirelabLink
{
  GObject parent_instance;

  char     *id;
  char     *node[2];
  char     *interface[2];
  gboolean  suspended;
  int       freq_drop;
  guint     packet_loss;
  guint     delay;
  guint     jitter;
  guint     corrupt;

  gboolean  capturing;
  char     *capture_path;
  gboolean  deployed;
};

G_DEFINE_FINAL_TYPE (WirelabLink, wirelab_link, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_NODE_A,
  PROP_INTERFACE_A,
  PROP_NODE_B,
  PROP_INTERFACE_B,
  PROP_SUSPENDED,
  PROP_FREQ_DROP,
  PROP_PACKET_LOSS,
  PROP_DELAY,
  PROP_JITTER,
  PROP_CORRUPT,
  PROP_CAPTURING,
  PROP_CAPTURE_PATH,
  PROP_DEPLOYED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
wirelab_link_finalize (GObject *object)
{
  WirelabLink *self = WIRELAB_LINK (object);

  g_free (self->id);
  for (guint i = 0; i < 2; i++)
    {
      g_free (self->node[i]);
      g_free (self->interface[i]);
    }
  g_free (self->capture_path);

  G_OBJECT_CLASS (wirelab_link_parent_class)->finalize (object);
}

static void
wirelab_link_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  WirelabLink *self = WIRELAB_LINK (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_string (value, self->id);
      break;
    case PROP_NODE_A:
      g_value_set_string (value, self->node[0]);
      break;
    case PROP_INTERFACE_A:
      g_value_set_string (value, self->interface[0]);
      break;
    case PROP_NODE_B:
      g_value_set_string (value, self->node[1]);
      break;
    case PROP_INTERFACE_B:
      g_value_set_string (value, self->interface[1]);
      break;
    case PROP_SUSPENDED:
      g_value_set_boolean (value, self->suspended);
      break;
    case PROP_FREQ_DROP:
      g_value_set_int (value, self->freq_drop);
      break;
    case PROP_PACKET_LOSS:
      g_value_set_uint (value, self->packet_loss);
      break;
    case PROP_DELAY:
      g_value_set_uint (value, self->delay);
      break;
    case PROP_JITTER:
      g_value_set_uint (value, self->jitter);
      break;
    case PROP_CORRUPT:
      g_value_set_uint (value, self->corrupt);
      break;
    case PROP_CAPTURING:
      g_value_set_boolean (value, self->capturing);
      break;
    case PROP_CAPTURE_PATH:
      g_value_set_string (value, self->capture_path);
      break;
    case PROP_DEPLOYED:
      g_value_set_boolean (value, self->deployed);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
wirelab_link_set_property (GObject      *object,
                           guint         prop_id,
                           const GValue *value,
                           GParamSpec   *pspec)
{
  WirelabLink *self = WIRELAB_LINK (object);

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
    case PROP_NODE_A:
      self->node[0] = g_value_dup_string (value);
      break;
    case PROP_INTERFACE_A:
      self->interface[0] = g_value_dup_string (value);
      break;
    case PROP_NODE_B:
      self->node[1] = g_value_dup_string (value);
      break;
    case PROP_INTERFACE_B:
      self->interface[1] = g_value_dup_string (value);
      break;
    case PROP_SUSPENDED:
      wirelab_link_set_suspended (self, g_value_get_boolean (value));
      break;
    case PROP_FREQ_DROP:
      wirelab_link_set_freq_drop (self, g_value_get_int (value));
      break;
    case PROP_PACKET_LOSS:
      wirelab_link_set_packet_loss (self, g_value_get_uint (value));
      break;
    case PROP_DELAY:
      wirelab_link_set_delay (self, g_value_get_uint (value));
      break;
    case PROP_JITTER:
      wirelab_link_set_jitter (self, g_value_get_uint (value));
      break;
    case PROP_CORRUPT:
      wirelab_link_set_corrupt (self, g_value_get_uint (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
wirelab_link_class_init (WirelabLinkClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags construct = G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS;
  const GParamFlags saved = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY |
                            G_PARAM_STATIC_STRINGS | WL_PARAM_SAVED;
  const GParamFlags runtime = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY |
                              G_PARAM_STATIC_STRINGS;

  object_class->finalize = wirelab_link_finalize;
  object_class->get_property = wirelab_link_get_property;
  object_class->set_property = wirelab_link_set_property;

  properties[PROP_ID] = g_param_spec_string ("id", NULL, NULL, NULL, construct);
  properties[PROP_NODE_A] = g_param_spec_string ("node-a", NULL, NULL, "", construct);
  properties[PROP_INTERFACE_A] = g_param_spec_string ("interface-a", NULL, NULL, "", construct);
  properties[PROP_NODE_B] = g_param_spec_string ("node-b", NULL, NULL, "", construct);
  properties[PROP_INTERFACE_B] = g_param_spec_string ("interface-b", NULL, NULL, "", construct);
  properties[PROP_SUSPENDED] =
    g_param_spec_boolean ("suspended", "Suspended", NULL, FALSE, saved);
  properties[PROP_FREQ_DROP] =
    g_param_spec_int ("freq-drop", "Frequency drop", NULL, -1, G_MAXINT, 0, saved);
  properties[PROP_PACKET_LOSS] =
    g_param_spec_uint ("packet-loss", "Packet loss", NULL, 0, 100, 0, saved);
  properties[PROP_DELAY] =
    g_param_spec_uint ("delay", "Delay", NULL, 0, 60000, 0, saved);
  properties[PROP_JITTER] =
    g_param_spec_uint ("jitter", "Jitter", NULL, 0, 60000, 0, saved);
  properties[PROP_CORRUPT] =
    g_param_spec_uint ("corrupt", "Corruption", NULL, 0, 100, 0, saved);
  properties[PROP_CAPTURING] =
    g_param_spec_boolean ("capturing", NULL, NULL, FALSE, runtime);
  properties[PROP_CAPTURE_PATH] =
    g_param_spec_string ("capture-path", NULL, NULL, NULL, runtime);
  properties[PROP_DEPLOYED] =
    g_param_spec_boolean ("deployed", NULL, NULL, FALSE, runtime);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
wirelab_link_init (WirelabLink *self)
{
}

WirelabLink *
wirelab_link_new (const char *id,
                  const char *node_a,
                  const char *interface_a,
                  const char *node_b,
                  const char *interface_b)
{
  g_return_val_if_fail (node_a != NULL && interface_a != NULL, NULL);
  g_return_val_if_fail (node_b != NULL && interface_b != NULL, NULL);

  return g_object_new (WIRELAB_TYPE_LINK,
                       "id", id,
                       "node-a", node_a,
                       "interface-a", interface_a,
                       "node-b", node_b,
                       "interface-b", interface_b,
                       NULL);
}

const char *
wirelab_link_get_id (WirelabLink *self)
{
  g_return_val_if_fail (WIRELAB_IS_LINK (self), NULL);
  return self->id;
}

const char *
wirelab_link_get_node_id (WirelabLink *self,
                          guint        end)
{
  g_return_val_if_fail (WIRELAB_IS_LINK (self), NULL);
  g_return_val_if_fail (end < 2, NULL);
  return self->node[end];
}

const char *
wirelab_link_get_interface (WirelabLink *self,
                            guint        end)
{
  g_return_val_if_fail (WIRELAB_IS_LINK (self), NULL);
  g_return_val_if_fail (end < 2, NULL);
  return self->interface[end];
}

int
wirelab_link_find_end (WirelabLink *self,
                       const char  *node_id,
                       const char  *interface)
{
  g_return_val_if_fail (WIRELAB_IS_LINK (self), -1);

  for (guint i = 0; i < 2; i++)
    if (g_strcmp0 (self->node[i], node_id) == 0 &&
        (interface == NULL || g_strcmp0 (self->interface[i], interface) == 0))
      return i;
  return -1;
}

static void
set_uint (WirelabLink *self,
          guint       *field,
          guint        value,
          guint        prop)
{
  if (*field == value)
    return;
  *field = value;
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop]);
}

gboolean
wirelab_link_get_suspended (WirelabLink *self)
{
  g_return_val_if_fail (WIRELAB_IS_LINK (self), FALSE);
  return self->suspended;
}

void
wirelab_link_set_suspended (WirelabLink *self,
                            gboolean     suspended)
{
  g_return_if_fail (WIRELAB_IS_LINK (self));

  suspended = !!suspended;
  if (self->suspended == suspended)
    return;
  self->suspended = suspended;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SUSPENDED]);
}

int
wirelab_link_get_freq_drop (WirelabLink *self)
{
  g_return_val_if_fail (WIRELAB_IS_LINK (self), 0);
  return self->freq_drop;
}

void
wirelab_link_set_freq_drop (WirelabLink *self,
                            int          n)
{
  g_return_if_fail (WIRELAB_IS_LINK (self));
  g_return_if_fail (n >= -1);

  if (self->freq_drop == n)
    return;
  self->freq_drop = n;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FREQ_DROP]);
}

guint
wirelab_link_get_packet_loss (WirelabLink *self)
{
  g_return_val_if_fail (WIRELAB_IS_LINK (self), 0);
  return self->packet_loss;
}

void
wirelab_link_set_packet_loss (WirelabLink *self,
                              guint        percent)
{
  g_return_if_fail (WIRELAB_IS_LINK (self));
  g_return_if_fail (percent <= 100);
  set_uint (self, &self->packet_loss, percent, PROP_PACKET_LOSS);
}

guint
wirelab_link_get_delay (WirelabLink *self)
{
  g_return_val_if_fail (WIRELAB_IS_LINK (self), 0);
  return self->delay;
}

void
wirelab_link_set_delay (WirelabLink *self,
                        guint        delay_ms)
{
  g_return_if_fail (WIRELAB_IS_LINK (self));
  g_return_if_fail (delay_ms <= 60000);
  set_uint (self, &self->delay, delay_ms, PROP_DELAY);
}

guint
wirelab_link_get_jitter (WirelabLink *self)
{
  g_return_val_if_fail (WIRELAB_IS_LINK (self), 0);
  return self->jitter;
}

void
wirelab_link_set_jitter (WirelabLink *self,
                         guint        jitter_ms)
{
  g_return_if_fail (WIRELAB_IS_LINK (self));
  g_return_if_fail (jitter_ms <= 60000);
  set_uint (self, &self->jitter, jitter_ms, PROP_JITTER);
}

guint
wirelab_link_get_corrupt (WirelabLink *self)
{
  g_return_val_if_fail (WIRELAB_IS_LINK (self), 0);
  return self->corrupt;
}

void
wirelab_link_set_corrupt (WirelabLink *self,
                          guint        percent)
{
  g_return_if_fail (WIRELAB_IS_LINK (self));
  g_return_if_fail (percent <= 100);
  set_uint (self, &self->corrupt, percent, PROP_CORRUPT);
}

gboolean
wirelab_link_has_filters (WirelabLink *self)
{
  g_return_val_if_fail (WIRELAB_IS_LINK (self), FALSE);
  return self->freq_drop != 0 || self->packet_loss != 0 || self->delay != 0 ||
         self->jitter != 0 || self->corrupt != 0;
}

gboolean
wirelab_link_get_capturing (WirelabLink *self)
{
  g_return_val_if_fail (WIRELAB_IS_LINK (self), FALSE);
  return self->capturing;
}

const char *
wirelab_link_get_capture_path (WirelabLink *self)
{
  g_return_val_if_fail (WIRELAB_IS_LINK (self), NULL);
  return self->capture_path;
}

void
_wirelab_link_set_capture (WirelabLink *self,
                           gboolean     capturing,
                           const char  *path)
{
  g_object_freeze_notify (G_OBJECT (self));
  if (self->capturing != !!capturing)
    {
      self->capturing = !!capturing;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CAPTURING]);
    }
  if (g_strcmp0 (self->capture_path, path) != 0)
    {
      g_free (self->capture_path);
      self->capture_path = g_strdup (path);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CAPTURE_PATH]);
    }
  g_object_thaw_notify (G_OBJECT (self));
}

gboolean
wirelab_link_get_deployed (WirelabLink *self)
{
  g_return_val_if_fail (WIRELAB_IS_LINK (self), FALSE);
  return self->deployed;
}

void
_wirelab_link_set_deployed (WirelabLink *self,
                            gboolean     deployed)
{
  if (self->deployed == !!deployed)
    return;
  self->deployed = !!deployed;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DEPLOYED]);
}
