/* wirelab-lab.c: the lab model, its containers and edit recording
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

#define DEFAULT_SAVE_RESERVE (1024 * 1024)

struct _WirelabLab
{
  GObject parent_instance;

  char           *name;
  GFile          *file;
  char           *project_id;
  guint           grid_size;
  gboolean        snap_to_grid;
  gboolean        show_grid;
  gboolean        show_interface_labels;
  double          zoom;
  guint           scene_width;
  guint           scene_height;
  guint           start_delay;

  GListStore     *containers[WL_N_CONTAINERS];
  WlLabIndex     *index;
  WirelabHistory *history;
  /* object -> Snapshot of its saved properties, to know the old value
   * when "notify" arrives */
  GHashTable     *snapshots;
  /* GType -> SavedProps: listing a class's properties for every object
   * tracked was a tenth of loading a big lab */
  GHashTable     *saved_props;
  guint           untracked;
  gboolean        unrecorded_dirty;
  gboolean        dirty;
  guint64         save_reserve;
  guint           converted_from;
};

G_DEFINE_FINAL_TYPE (WirelabLab, wirelab_lab, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_NAME,
  PROP_FILE,
  PROP_PROJECT_ID,
  PROP_DIRTY,
  PROP_GRID_SIZE,
  PROP_SNAP_TO_GRID,
  PROP_SHOW_GRID,
  PROP_SHOW_INTERFACE_LABELS,
  PROP_ZOOM,
  PROP_SCENE_WIDTH,
  PROP_SCENE_HEIGHT,
  PROP_START_DELAY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const GType *
container_types (void)
{
  static GType types[WL_N_CONTAINERS];

  if (types[0] == 0)
    {
      types[WL_CONTAINER_HYPERVISORS] = WIRELAB_TYPE_HYPERVISOR_CONFIG;
      types[WL_CONTAINER_IMAGES] = WIRELAB_TYPE_IMAGE;
      types[WL_CONTAINER_NODES] = WIRELAB_TYPE_NODE;
      types[WL_CONTAINER_LINKS] = WIRELAB_TYPE_LINK;
    }
  return types;
}

static void on_object_notify (GObject    *object,
                              GParamSpec *pspec,
                              WirelabLab *self);

/* The saved properties of a class. */
typedef struct
{
  guint        n;
  GParamSpec **pspecs;
} SavedProps;

typedef struct
{
  SavedProps *props;
  GValue      values[];   /* props->n, in the order of props->pspecs */
} Snapshot;

static void
saved_props_free (gpointer data)
{
  SavedProps *props = data;

  g_free (props->pspecs);
  g_free (props);
}

static SavedProps *
saved_props_of (WirelabLab *self,
                GObject    *object)
{
  GType type = G_OBJECT_TYPE (object);
  SavedProps *props = g_hash_table_lookup (self->saved_props, GSIZE_TO_POINTER (type));
  g_autofree GParamSpec **all = NULL;
  guint n;

  if (props != NULL)
    return props;
  props = g_new0 (SavedProps, 1);
  all = g_object_class_list_properties (G_OBJECT_GET_CLASS (object), &n);
  props->pspecs = g_new0 (GParamSpec *, n);
  for (guint i = 0; i < n; i++)
    if (all[i]->flags & WL_PARAM_SAVED)
      props->pspecs[props->n++] = all[i];
  g_hash_table_insert (self->saved_props, GSIZE_TO_POINTER (type), props);
  return props;
}

static void
snapshot_free (gpointer data)
{
  Snapshot *snap = data;

  for (guint i = 0; i < snap->props->n; i++)
    g_value_unset (&snap->values[i]);
  g_free (snap);
}

/* The old value of a saved property, NULL for others. */
static GValue *
snapshot_lookup (Snapshot   *snap,
                 GParamSpec *pspec)
{
  for (guint i = 0; i < snap->props->n; i++)
    if (snap->props->pspecs[i] == pspec)
      return &snap->values[i];
  return NULL;
}

/* Starts tracking the saved properties of an object. */
static void
track (WirelabLab *self,
       GObject    *object)
{
  SavedProps *props = saved_props_of (self, object);
  Snapshot *snap = g_malloc0 (sizeof (Snapshot) + props->n * sizeof (GValue));

  snap->props = props;
  for (guint i = 0; i < props->n; i++)
    {
      g_value_init (&snap->values[i], props->pspecs[i]->value_type);
      g_object_get_property (object, props->pspecs[i]->name, &snap->values[i]);
    }
  g_hash_table_insert (self->snapshots, object, snap);
  g_signal_connect_object (object, "notify", G_CALLBACK (on_object_notify), self, 0);
}

static void
untrack (WirelabLab *self,
         GObject    *object)
{
  g_signal_handlers_disconnect_by_func (object, on_object_notify, self);
  g_hash_table_remove (self->snapshots, object);
}

static void
wirelab_lab_dispose (GObject *object)
{
  WirelabLab *self = WIRELAB_LAB (object);

  for (guint c = 0; c < WL_N_CONTAINERS; c++)
    {
      if (self->containers[c] == NULL)
        continue;
      for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (self->containers[c])); i++)
        {
          g_autoptr(GObject) item = g_list_model_get_item (G_LIST_MODEL (self->containers[c]), i);

          untrack (self, item);
          if (WIRELAB_IS_NODE (item))
            _wirelab_node_set_lab (WIRELAB_NODE (item), NULL);
        }
    }
  /* The history holds objects; drop it before the containers, and its
   * steps even if someone else still holds it. */
  if (self->history != NULL)
    _wirelab_history_detach (self->history);
  g_clear_object (&self->history);
  for (guint c = 0; c < WL_N_CONTAINERS; c++)
    g_clear_object (&self->containers[c]);

  G_OBJECT_CLASS (wirelab_lab_parent_class)->dispose (object);
}

static void
wirelab_lab_finalize (GObject *object)
{
  WirelabLab *self = WIRELAB_LAB (object);

  g_free (self->name);
  g_clear_object (&self->file);
  g_free (self->project_id);
  g_hash_table_unref (self->snapshots);
  g_hash_table_unref (self->saved_props);
  wl_lab_index_free (self->index);

  G_OBJECT_CLASS (wirelab_lab_parent_class)->finalize (object);
}

static void
wirelab_lab_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  WirelabLab *self = WIRELAB_LAB (object);

  switch (prop_id)
    {
    case PROP_NAME:
      g_value_set_string (value, self->name);
      break;
    case PROP_FILE:
      g_value_set_object (value, self->file);
      break;
    case PROP_PROJECT_ID:
      g_value_set_string (value, self->project_id);
      break;
    case PROP_DIRTY:
      g_value_set_boolean (value, self->dirty);
      break;
    case PROP_GRID_SIZE:
      g_value_set_uint (value, self->grid_size);
      break;
    case PROP_SNAP_TO_GRID:
      g_value_set_boolean (value, self->snap_to_grid);
      break;
    case PROP_SHOW_GRID:
      g_value_set_boolean (value, self->show_grid);
      break;
    case PROP_SHOW_INTERFACE_LABELS:
      g_value_set_boolean (value, self->show_interface_labels);
      break;
    case PROP_ZOOM:
      g_value_set_double (value, self->zoom);
      break;
    case PROP_SCENE_WIDTH:
      g_value_set_uint (value, self->scene_width);
      break;
    case PROP_SCENE_HEIGHT:
      g_value_set_uint (value, self->scene_height);
      break;
    case PROP_START_DELAY:
      g_value_set_uint (value, self->start_delay);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
set_bool_prop (WirelabLab *self,
               gboolean   *field,
               gboolean    value,
               guint       prop)
{
  value = !!value;
  if (*field == value)
    return;
  *field = value;
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop]);
}

static void
set_uint_prop (WirelabLab *self,
               guint      *field,
               guint       value,
               guint       prop)
{
  if (*field == value)
    return;
  *field = value;
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop]);
}

static void
wirelab_lab_set_property (GObject      *object,
                          guint         prop_id,
                          const GValue *value,
                          GParamSpec   *pspec)
{
  WirelabLab *self = WIRELAB_LAB (object);

  switch (prop_id)
    {
    case PROP_NAME:
      wirelab_lab_set_name (self, g_value_get_string (value));
      break;
    case PROP_GRID_SIZE:
      wirelab_lab_set_grid_size (self, g_value_get_uint (value));
      break;
    case PROP_SNAP_TO_GRID:
      wirelab_lab_set_snap_to_grid (self, g_value_get_boolean (value));
      break;
    case PROP_SHOW_GRID:
      wirelab_lab_set_show_grid (self, g_value_get_boolean (value));
      break;
    case PROP_SHOW_INTERFACE_LABELS:
      wirelab_lab_set_show_interface_labels (self, g_value_get_boolean (value));
      break;
    case PROP_ZOOM:
      wirelab_lab_set_zoom (self, g_value_get_double (value));
      break;
    case PROP_SCENE_WIDTH:
      set_uint_prop (self, &self->scene_width, g_value_get_uint (value), PROP_SCENE_WIDTH);
      break;
    case PROP_SCENE_HEIGHT:
      set_uint_prop (self, &self->scene_height, g_value_get_uint (value), PROP_SCENE_HEIGHT);
      break;
    case PROP_START_DELAY:
      wirelab_lab_set_start_delay (self, g_value_get_uint (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
wirelab_lab_class_init (WirelabLabClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags saved = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY |
                            G_PARAM_STATIC_STRINGS | WL_PARAM_SAVED;
  const GParamFlags ro = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->dispose = wirelab_lab_dispose;
  object_class->finalize = wirelab_lab_finalize;
  object_class->get_property = wirelab_lab_get_property;
  object_class->set_property = wirelab_lab_set_property;

  properties[PROP_NAME] = g_param_spec_string ("name", "Name", NULL, "", saved);
  properties[PROP_FILE] = g_param_spec_object ("file", NULL, NULL, G_TYPE_FILE, ro);
  properties[PROP_PROJECT_ID] = g_param_spec_string ("project-id", NULL, NULL, NULL, ro);
  properties[PROP_DIRTY] = g_param_spec_boolean ("dirty", NULL, NULL, FALSE, ro);
  properties[PROP_GRID_SIZE] =
    g_param_spec_uint ("grid-size", "Grid size", NULL, 5, 1000, 75, saved);
  properties[PROP_SNAP_TO_GRID] =
    g_param_spec_boolean ("snap-to-grid", "Snap to grid", NULL, FALSE, saved);
  properties[PROP_SHOW_GRID] =
    g_param_spec_boolean ("show-grid", "Show the grid", NULL, FALSE, saved);
  properties[PROP_SHOW_INTERFACE_LABELS] =
    g_param_spec_boolean ("show-interface-labels", "Show interface labels", NULL, FALSE, saved);
  properties[PROP_ZOOM] =
    g_param_spec_double ("zoom", "Zoom", NULL, 0.01, 100.0, 1.0, saved | WL_PARAM_NO_UNDO);
  properties[PROP_SCENE_WIDTH] =
    g_param_spec_uint ("scene-width", "Scene width", NULL, 100, 1000000, 2000, saved);
  properties[PROP_SCENE_HEIGHT] =
    g_param_spec_uint ("scene-height", "Scene height", NULL, 100, 1000000, 1000, saved);
  properties[PROP_START_DELAY] =
    g_param_spec_uint ("start-delay", "Delay between starts", NULL, 0, 600000, 1000, saved);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
wirelab_lab_init (WirelabLab *self)
{
  const GType *types = container_types ();

  self->name = g_strdup ("");
  self->project_id = g_uuid_string_random ();
  self->grid_size = 75;
  self->zoom = 1.0;
  self->scene_width = 2000;
  self->scene_height = 1000;
  self->start_delay = 1000;
  self->save_reserve = DEFAULT_SAVE_RESERVE;
  self->snapshots = g_hash_table_new_full (NULL, NULL, NULL, snapshot_free);
  self->saved_props = g_hash_table_new_full (NULL, NULL, NULL, saved_props_free);
  for (guint c = 0; c < WL_N_CONTAINERS; c++)
    self->containers[c] = g_list_store_new (types[c]);
  self->index = wl_lab_index_new ();
  self->history = _wirelab_history_new (self);
  track (self, G_OBJECT (self));
  _wirelab_history_mark_clean (self->history);
}

static WirelabLab *
lab_new_empty (void)
{
  WirelabLab *self = g_object_new (WIRELAB_TYPE_LAB, NULL);
  g_autoptr(WirelabHypervisorConfig) local = NULL;

  local = wirelab_hypervisor_config_new (WIRELAB_HYPERVISOR_LOCAL_ID, "127.0.0.1", 0);
  _wirelab_lab_container_insert (self, WL_CONTAINER_HYPERVISORS, G_OBJECT (local), 0);
  return self;
}

WirelabLab *
wirelab_lab_new (void)
{
  WirelabLab *self = lab_new_empty ();
  g_autoptr(WirelabImage) image = NULL;
  const char *slots[] = { "C7200-IO-FE", "PA-4E", NULL };

  image = wirelab_image_new (WIRELAB_DEFAULT_IMAGE_ID, WIRELAB_DEFAULT_IMAGE_FILE, "c7200");
  wirelab_image_set_name (image, "Wirelab router");
  wirelab_image_set_slots (image, slots);
  wirelab_image_set_ram (image, 128);
  _wirelab_lab_container_insert (self, WL_CONTAINER_IMAGES, G_OBJECT (image), 0);

  _wirelab_lab_begin_untracked (self);
  wirelab_lab_set_name (self, "Untitled");
  _wirelab_lab_end_untracked (self);

  _wirelab_lab_mark_clean (self);
  return self;
}

WirelabLab *
_wirelab_lab_new_empty (void)
{
  return lab_new_empty ();
}

/* ---- dirty state ---- */

static void
update_dirty (WirelabLab *self)
{
  gboolean dirty = self->unrecorded_dirty || !_wirelab_history_is_clean (self->history);

  if (dirty == self->dirty)
    return;
  self->dirty = dirty;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DIRTY]);
}

void
_wirelab_lab_history_changed (WirelabLab *self)
{
  update_dirty (self);
}

void
_wirelab_lab_mark_clean (WirelabLab *self)
{
  self->unrecorded_dirty = FALSE;
  _wirelab_history_mark_clean (self->history);
  update_dirty (self);
}

gboolean
wirelab_lab_get_dirty (WirelabLab *self)
{
  g_return_val_if_fail (WIRELAB_IS_LAB (self), FALSE);
  return self->dirty;
}

void
_wirelab_lab_begin_untracked (WirelabLab *self)
{
  self->untracked++;
}

void
_wirelab_lab_end_untracked (WirelabLab *self)
{
  g_return_if_fail (self->untracked > 0);
  self->untracked--;
}

/* ---- recording property edits ---- */

static gboolean
values_equal (GParamSpec   *pspec,
              const GValue *a,
              const GValue *b)
{
  if (pspec->value_type == G_TYPE_STRV)
    {
      const char *const *x = g_value_get_boxed (a);
      const char *const *y = g_value_get_boxed (b);

      if (x == NULL || y == NULL)
        return x == y;
      return g_strv_equal (x, y);
    }
  if (pspec->value_type == G_TYPE_VARIANT)
    {
      GVariant *x = g_value_get_variant (a);
      GVariant *y = g_value_get_variant (b);

      if (x == NULL || y == NULL)
        return x == y;
      return g_variant_equal (x, y);
    }
  return g_param_values_cmp (pspec, a, b) == 0;
}

const char *
_wirelab_lab_node_label (WirelabLab *self,
                         const char *node_id)
{
  WirelabNode *node = wirelab_lab_find_node (self, node_id);

  if (node != NULL && *wirelab_node_get_name (node) != '\0')
    return wirelab_node_get_name (node);
  return node_id;
}

static char *
describe_object (WirelabLab *self,
                 GObject    *object)
{
  if (WIRELAB_IS_NODE (object))
    return g_strdup (wirelab_node_get_name (WIRELAB_NODE (object)));
  if (WIRELAB_IS_IMAGE (object))
    return g_strdup_printf ("image %s", wirelab_image_get_name (WIRELAB_IMAGE (object)));
  if (WIRELAB_IS_HYPERVISOR_CONFIG (object))
    return g_strdup_printf ("hypervisor %s",
                            wirelab_hypervisor_config_get_display_name (WIRELAB_HYPERVISOR_CONFIG (object)));
  if (WIRELAB_IS_LINK (object))
    {
      WirelabLink *link = WIRELAB_LINK (object);

      return g_strdup_printf ("link %s–%s",
                              _wirelab_lab_node_label (self, wirelab_link_get_node_id (link, 0)),
                              _wirelab_lab_node_label (self, wirelab_link_get_node_id (link, 1)));
    }
  return g_strdup ("the lab");
}

static char *
describe_change (WirelabLab   *self,
                 GObject      *object,
                 GParamSpec   *pspec,
                 const GValue *old_value,
                 const GValue *new_value)
{
  g_autofree char *what = NULL;

  if (WIRELAB_IS_NODE (object) && g_str_equal (pspec->name, "name"))
    return g_strdup_printf ("Rename %s to %s", g_value_get_string (old_value),
                            g_value_get_string (new_value));
  if (WIRELAB_IS_NODE (object) && (g_str_equal (pspec->name, "x") || g_str_equal (pspec->name, "y")))
    return g_strdup_printf ("Move %s", wirelab_node_get_name (WIRELAB_NODE (object)));

  what = describe_object (self, object);
  return g_strdup_printf ("Change %s of %s", g_param_spec_get_nick (pspec), what);
}

/* Images shape the interfaces of the routers that use them. */
static void
notify_nodes_of_image (WirelabLab *self,
                       const char *image_id)
{
  GListModel *nodes = G_LIST_MODEL (self->containers[WL_CONTAINER_NODES]);

  for (guint i = 0; i < g_list_model_get_n_items (nodes); i++)
    {
      g_autoptr(WirelabNode) node = g_list_model_get_item (nodes, i);

      if (g_strcmp0 (wirelab_node_get_image_id (node), image_id) == 0)
        _wirelab_node_notify_interfaces (node);
    }
}

static void
on_object_notify (GObject    *object,
                  GParamSpec *pspec,
                  WirelabLab *self)
{
  Snapshot *snap;
  GValue *old;
  g_auto(GValue) now = G_VALUE_INIT;

  if (!(pspec->flags & WL_PARAM_SAVED))
    return;
  snap = g_hash_table_lookup (self->snapshots, object);
  if (snap == NULL)
    return;
  old = snapshot_lookup (snap, pspec);
  if (old == NULL)
    return;

  g_value_init (&now, pspec->value_type);
  g_object_get_property (object, pspec->name, &now);
  if (values_equal (pspec, old, &now))
    return;

  if (self->untracked > 0 || (pspec->flags & WL_PARAM_NO_UNDO))
    self->unrecorded_dirty = TRUE;
  else if (!_wirelab_history_is_replaying (self->history))
    {
      g_autofree char *label = describe_change (self, object, pspec, old, &now);
      gboolean is_move = WIRELAB_IS_NODE (object) &&
                         (g_str_equal (pspec->name, "x") || g_str_equal (pspec->name, "y"));

      _wirelab_history_record_property (self->history, object, pspec, old, &now, label, is_move);
    }
  g_value_copy (&now, old);
  update_dirty (self);

  if (WIRELAB_IS_IMAGE (object) &&
      (g_str_equal (pspec->name, "platform") || g_str_equal (pspec->name, "model") ||
       g_str_equal (pspec->name, "slots") || g_str_equal (pspec->name, "wics")))
    notify_nodes_of_image (self, wirelab_image_get_id (WIRELAB_IMAGE (object)));
}

/* ---- containers ---- */

static WlContainer
container_of (GObject *object)
{
  if (WIRELAB_IS_HYPERVISOR_CONFIG (object))
    return WL_CONTAINER_HYPERVISORS;
  if (WIRELAB_IS_IMAGE (object))
    return WL_CONTAINER_IMAGES;
  if (WIRELAB_IS_NODE (object))
    return WL_CONTAINER_NODES;
  return WL_CONTAINER_LINKS;
}

gboolean
_wirelab_lab_instance_id_taken (WirelabLab  *self,
                                guint        id,
                                WirelabNode *except)
{
  return wl_lab_index_instance_id_taken (self->index, id, except);
}

guint
_wirelab_lab_next_instance_id (WirelabLab  *self,
                               WirelabNode *except)
{
  return wl_lab_index_next_instance_id (self->index, except);
}

WlLabIndex *
_wirelab_lab_get_index (WirelabLab *self)
{
  return self->index;
}

void
_wirelab_lab_container_insert (WirelabLab  *self,
                               WlContainer  container,
                               GObject     *object,
                               guint        position)
{
  GListStore *store = self->containers[container];

  position = MIN (position, g_list_model_get_n_items (G_LIST_MODEL (store)));

  if (WIRELAB_IS_NODE (object))
    {
      WirelabNode *node = WIRELAB_NODE (object);
      guint id = wirelab_node_get_instance_id (node);

      /* An undone deletion may come back after another node took its id
       * (the loader instead leaves duplicates for validation to report). */
      if (id != 0 && _wirelab_history_is_replaying (self->history) &&
          _wirelab_lab_instance_id_taken (self, id, node))
        {
          _wirelab_lab_begin_untracked (self);
          wirelab_node_set_instance_id (node, _wirelab_lab_next_instance_id (self, node));
          wirelab_node_set_console (node, 0);
          _wirelab_lab_end_untracked (self);
        }
    }

  /* Indexed first, so that handlers of what follows find it. */
  wl_lab_index_insert (self->index, container, object, position);
  if (WIRELAB_IS_NODE (object))
    _wirelab_node_set_lab (WIRELAB_NODE (object), self);
  track (self, object);
  g_list_store_insert (store, position, object);

  if (WIRELAB_IS_IMAGE (object))
    notify_nodes_of_image (self, wirelab_image_get_id (WIRELAB_IMAGE (object)));
}

guint
_wirelab_lab_container_remove (WirelabLab  *self,
                               WlContainer  container,
                               GObject     *object)
{
  GListStore *store = self->containers[container];
  guint position;

  /* The store may hold the last reference. */
  g_object_ref (object);
  position = wl_lab_index_remove (self->index, container, object);
  if (position == G_MAXUINT)
    {
      g_object_unref (object);
      return G_MAXUINT;
    }
  untrack (self, object);
  g_list_store_remove (store, position);
  if (WIRELAB_IS_NODE (object))
    _wirelab_node_set_lab (WIRELAB_NODE (object), NULL);
  if (WIRELAB_IS_IMAGE (object))
    notify_nodes_of_image (self, wirelab_image_get_id (WIRELAB_IMAGE (object)));
  g_object_unref (object);

  return position;
}

void
_wirelab_lab_insert_recorded (WirelabLab *self,
                              GObject    *object,
                              const char *label)
{
  WlContainer c = container_of (object);
  guint position = g_list_model_get_n_items (G_LIST_MODEL (self->containers[c]));

  _wirelab_lab_container_insert (self, c, object, position);
  _wirelab_history_record_insert (self->history, c, object, position, label);
}

void
_wirelab_lab_remove_recorded (WirelabLab *self,
                              GObject    *object,
                              const char *label)
{
  WlContainer c = container_of (object);
  guint position;

  g_object_ref (object);
  position = _wirelab_lab_container_remove (self, c, object);
  if (position != G_MAXUINT)
    _wirelab_history_record_remove (self->history, c, object, position, label);
  g_object_unref (object);
}

GListModel *
wirelab_lab_get_hypervisors (WirelabLab *self)
{
  g_return_val_if_fail (WIRELAB_IS_LAB (self), NULL);
  return G_LIST_MODEL (self->containers[WL_CONTAINER_HYPERVISORS]);
}

GListModel *
wirelab_lab_get_images (WirelabLab *self)
{
  g_return_val_if_fail (WIRELAB_IS_LAB (self), NULL);
  return G_LIST_MODEL (self->containers[WL_CONTAINER_IMAGES]);
}

GListModel *
wirelab_lab_get_nodes (WirelabLab *self)
{
  g_return_val_if_fail (WIRELAB_IS_LAB (self), NULL);
  return G_LIST_MODEL (self->containers[WL_CONTAINER_NODES]);
}

GListModel *
wirelab_lab_get_links (WirelabLab *self)
{
  g_return_val_if_fail (WIRELAB_IS_LAB (self), NULL);
  return G_LIST_MODEL (self->containers[WL_CONTAINER_LINKS]);
}

WirelabHistory *
wirelab_lab_get_history (WirelabLab *self)
{
  g_return_val_if_fail (WIRELAB_IS_LAB (self), NULL);
  return self->history;
}

/* ---- lookups ---- */

WirelabHypervisorConfig *
wirelab_lab_find_hypervisor (WirelabLab *self,
                             const char *id)
{
  g_return_val_if_fail (WIRELAB_IS_LAB (self), NULL);
  return wl_lab_index_find (self->index, WL_CONTAINER_HYPERVISORS, id);
}

WirelabImage *
wirelab_lab_find_image (WirelabLab *self,
                        const char *id)
{
  g_return_val_if_fail (WIRELAB_IS_LAB (self), NULL);
  return wl_lab_index_find (self->index, WL_CONTAINER_IMAGES, id);
}

WirelabNode *
wirelab_lab_find_node (WirelabLab *self,
                       const char *id)
{
  g_return_val_if_fail (WIRELAB_IS_LAB (self), NULL);
  return wl_lab_index_find (self->index, WL_CONTAINER_NODES, id);
}

WirelabNode *
wirelab_lab_find_node_by_name (WirelabLab *self,
                               const char *name)
{
  g_return_val_if_fail (WIRELAB_IS_LAB (self), NULL);
  return wl_lab_index_find_node_by_name (self->index, name);
}

WirelabLink *
wirelab_lab_find_link (WirelabLab *self,
                       const char *id)
{
  g_return_val_if_fail (WIRELAB_IS_LAB (self), NULL);
  return wl_lab_index_find (self->index, WL_CONTAINER_LINKS, id);
}

WirelabLink *
wirelab_lab_find_link_at (WirelabLab  *self,
                          WirelabNode *node,
                          const char  *interface)
{
  g_return_val_if_fail (WIRELAB_IS_LAB (self), NULL);
  g_return_val_if_fail (WIRELAB_IS_NODE (node), NULL);
  g_return_val_if_fail (interface != NULL, NULL);

  return wl_lab_index_find_link_at (self->index, wirelab_node_get_id (node), interface);
}

GPtrArray *
wirelab_lab_list_links_of (WirelabLab  *self,
                           WirelabNode *node)
{
  g_return_val_if_fail (WIRELAB_IS_LAB (self), NULL);
  g_return_val_if_fail (WIRELAB_IS_NODE (node), NULL);

  return wl_lab_index_links_of (self->index, wirelab_node_get_id (node));
}

gboolean
_wirelab_lab_contains (WirelabLab *self,
                       gpointer    object)
{
  return wl_lab_index_contains (self->index, container_of (object), object);
}

/* ---- properties ---- */

const char *
wirelab_lab_get_name (WirelabLab *self)
{
  g_return_val_if_fail (WIRELAB_IS_LAB (self), NULL);
  return self->name;
}

void
wirelab_lab_set_name (WirelabLab *self,
                      const char *name)
{
  g_return_if_fail (WIRELAB_IS_LAB (self));

  if (name == NULL)
    name = "";
  if (g_strcmp0 (self->name, name) == 0)
    return;
  g_free (self->name);
  self->name = g_strdup (name);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NAME]);
}

GFile *
wirelab_lab_get_file (WirelabLab *self)
{
  g_return_val_if_fail (WIRELAB_IS_LAB (self), NULL);
  return self->file;
}

void
_wirelab_lab_set_file (WirelabLab *self,
                       GFile      *file)
{
  if (g_set_object (&self->file, file))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FILE]);
}

char *
wirelab_lab_dup_project_dir (WirelabLab *self)
{
  g_autoptr(GFile) parent = NULL;

  g_return_val_if_fail (WIRELAB_IS_LAB (self), NULL);

  if (self->file == NULL)
    return NULL;
  parent = g_file_get_parent (self->file);
  return parent != NULL ? g_file_get_path (parent) : NULL;
}

const char *
wirelab_lab_get_project_id (WirelabLab *self)
{
  g_return_val_if_fail (WIRELAB_IS_LAB (self), NULL);
  return self->project_id;
}

void
_wirelab_lab_set_project_id (WirelabLab *self,
                             const char *id)
{
  if (g_strcmp0 (self->project_id, id) == 0)
    return;
  g_free (self->project_id);
  self->project_id = g_strdup (id);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROJECT_ID]);
}

guint
wirelab_lab_get_grid_size (WirelabLab *self)
{
  g_return_val_if_fail (WIRELAB_IS_LAB (self), 0);
  return self->grid_size;
}

void
wirelab_lab_set_grid_size (WirelabLab *self,
                           guint       size)
{
  g_return_if_fail (WIRELAB_IS_LAB (self));
  g_return_if_fail (size >= 5 && size <= 1000);
  set_uint_prop (self, &self->grid_size, size, PROP_GRID_SIZE);
}

gboolean
wirelab_lab_get_snap_to_grid (WirelabLab *self)
{
  g_return_val_if_fail (WIRELAB_IS_LAB (self), FALSE);
  return self->snap_to_grid;
}

void
wirelab_lab_set_snap_to_grid (WirelabLab *self,
                              gboolean    snap)
{
  g_return_if_fail (WIRELAB_IS_LAB (self));
  set_bool_prop (self, &self->snap_to_grid, snap, PROP_SNAP_TO_GRID);
}

gboolean
wirelab_lab_get_show_grid (WirelabLab *self)
{
  g_return_val_if_fail (WIRELAB_IS_LAB (self), FALSE);
  return self->show_grid;
}

void
wirelab_lab_set_show_grid (WirelabLab *self,
                           gboolean    show)
{
  g_return_if_fail (WIRELAB_IS_LAB (self));
  set_bool_prop (self, &self->show_grid, show, PROP_SHOW_GRID);
}

gboolean
wirelab_lab_get_show_interface_labels (WirelabLab *self)
{
  g_return_val_if_fail (WIRELAB_IS_LAB (self), FALSE);
  return self->show_interface_labels;
}

void
wirelab_lab_set_show_interface_labels (WirelabLab *self,
                                       gboolean    show)
{
  g_return_if_fail (WIRELAB_IS_LAB (self));
  set_bool_prop (self, &self->show_interface_labels, show, PROP_SHOW_INTERFACE_LABELS);
}

double
wirelab_lab_get_zoom (WirelabLab *self)
{
  g_return_val_if_fail (WIRELAB_IS_LAB (self), 1.0);
  return self->zoom;
}

void
wirelab_lab_set_zoom (WirelabLab *self,
                      double      zoom)
{
  g_return_if_fail (WIRELAB_IS_LAB (self));
  g_return_if_fail (zoom >= 0.01 && zoom <= 100.0);

  if (self->zoom == zoom)
    return;
  self->zoom = zoom;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ZOOM]);
}

guint
wirelab_lab_get_start_delay (WirelabLab *self)
{
  g_return_val_if_fail (WIRELAB_IS_LAB (self), 0);
  return self->start_delay;
}

void
wirelab_lab_set_start_delay (WirelabLab *self,
                             guint       delay_ms)
{
  g_return_if_fail (WIRELAB_IS_LAB (self));
  g_return_if_fail (delay_ms <= 600000);
  set_uint_prop (self, &self->start_delay, delay_ms, PROP_START_DELAY);
}

void
_wirelab_lab_set_save_reserve (WirelabLab *self,
                               guint64     bytes)
{
  self->save_reserve = bytes;
}

guint64
_wirelab_lab_get_save_reserve (WirelabLab *self)
{
  return self->save_reserve;
}

void
_wirelab_lab_set_converted_from (WirelabLab *self,
                                 guint       revision)
{
  self->converted_from = revision;
}

guint
_wirelab_lab_get_converted_from (WirelabLab *self)
{
  return self->converted_from;
}
