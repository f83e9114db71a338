/* wirelab-hypervisor.c: a Dynamips-compatible hypervisor (the server side)
 *
 * Copyright 2026 The Wirelab authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * One object space (modules, registry, working directory) served over TCP by
 * a control thread with its own GMainContext.  Every command handler runs on
 * that thread, so modules need no locking against each other.
 */

#define G_LOG_DOMAIN "wirelab-hv"

#include "config.h"

#include <errno.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "wirelab/wirelab-hypervisor.h"

#include "hv-private.h"
#include "net/hv-net.h"

typedef struct
{
  gpointer       object;
  GDestroyNotify destroy;
} HvObject;

typedef struct
{
  GSocket *socket;
  GSource *source;
} Listener;

struct _WirelabHypervisor
{
  GObject       parent_instance;

  GPtrArray    *modules;                      /* const WlHvModule *, in order */
  GHashTable   *objects[WL_HV_N_OBJ_KINDS];   /* name -> HvObject */
  const char   *working_dir;                  /* interned: stays valid */
  const char   *sandbox_root;                 /* interned; NULL unless sandboxed */
  const char   *console_addr;                 /* interned or NULL */

  GMainContext *owner_context;                /* where ::stopped is emitted */

  GMutex        lock;                         /* guards what follows */
  GMainContext *context;                      /* the control thread's */
  GMainLoop    *loop;
  GThread      *thread;
  GPtrArray    *listeners;                    /* Listener * */
  GPtrArray    *conns;                        /* WlHvConn *, control thread */
  gboolean      stopped;
  gboolean      stopped_scheduled;
};

G_DEFINE_FINAL_TYPE (WirelabHypervisor, wirelab_hypervisor, G_TYPE_OBJECT)

enum
{
  SIGNAL_STOPPED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void stop_now (WirelabHypervisor *self);

static void
hv_object_free (gpointer data)
{
  HvObject *entry = data;

  if (entry->destroy != NULL)
    entry->destroy (entry->object);
  g_free (entry);
}

static void
listener_free (gpointer data)
{
  Listener *listener = data;

  if (listener->source != NULL)
    {
      g_source_destroy (listener->source);
      g_source_unref (listener->source);
    }
  g_socket_close (listener->socket, NULL);
  g_object_unref (listener->socket);
  g_free (listener);
}

static void
wirelab_hypervisor_dispose (GObject *object)
{
  WirelabHypervisor *self = WIRELAB_HYPERVISOR (object);
  GThread *thread;

  /* No ::stopped from here: the object is going away. */
  g_mutex_lock (&self->lock);
  self->stopped_scheduled = TRUE;
  g_mutex_unlock (&self->lock);
  wirelab_hypervisor_shutdown (self);

  g_mutex_lock (&self->lock);
  thread = g_steal_pointer (&self->thread);
  g_mutex_unlock (&self->lock);
  if (thread != NULL && thread != g_thread_self ())
    g_thread_join (thread);
  else if (thread != NULL)
    g_thread_unref (thread);

  G_OBJECT_CLASS (wirelab_hypervisor_parent_class)->dispose (object);
}

static void
wirelab_hypervisor_finalize (GObject *object)
{
  WirelabHypervisor *self = WIRELAB_HYPERVISOR (object);

  /* Modules' reset already ran; what is left (the object store, objects of
   * kinds no module resets) goes now. */
  for (guint i = 0; i < WL_HV_N_OBJ_KINDS; i++)
    g_clear_pointer (&self->objects[i], g_hash_table_unref);
  g_clear_pointer (&self->modules, g_ptr_array_unref);
  g_clear_pointer (&self->listeners, g_ptr_array_unref);
  g_clear_pointer (&self->conns, g_ptr_array_unref);
  g_clear_pointer (&self->loop, g_main_loop_unref);
  g_clear_pointer (&self->context, g_main_context_unref);
  g_clear_pointer (&self->owner_context, g_main_context_unref);
  g_mutex_clear (&self->lock);

  G_OBJECT_CLASS (wirelab_hypervisor_parent_class)->finalize (object);
}

static void
wirelab_hypervisor_class_init (WirelabHypervisorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = wirelab_hypervisor_dispose;
  object_class->finalize = wirelab_hypervisor_finalize;

  /**
   * WirelabHypervisor::stopped:
   *
   * The hypervisor stopped (wirelab_hypervisor_shutdown() or a client's
   * `hypervisor stop`): nothing listens any more and every object is gone.
   */
  signals[SIGNAL_STOPPED] =
    g_signal_new ("stopped", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
wirelab_hypervisor_init (WirelabHypervisor *self)
{
  g_autofree char *cwd = g_get_current_dir ();

  g_mutex_init (&self->lock);
  self->modules = g_ptr_array_new ();
  for (guint i = 0; i < WL_HV_N_OBJ_KINDS; i++)
    self->objects[i] = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, hv_object_free);
  self->working_dir = g_intern_string (cwd);
  self->listeners = g_ptr_array_new_with_free_func (listener_free);
  self->conns = g_ptr_array_new ();
  self->owner_context = g_main_context_ref_thread_default ();
}

WirelabHypervisor *
wl_hv_new_without_emulator (void)
{
  WirelabHypervisor *self = g_object_new (WIRELAB_TYPE_HYPERVISOR, NULL);

  wl_hv_register_hypervisor_module (self);
  wl_net_register_modules (self);
  wl_hv_register_store_module (self);
  return self;
}

WirelabHypervisor *
wirelab_hypervisor_new (void)
{
  WirelabHypervisor *self = wl_hv_new_without_emulator ();

  wl_emu_register_modules (self);
  return self;
}

/* Module registry */

void
wl_hv_register_module (WirelabHypervisor *hv,
                       const WlHvModule  *module)
{
  g_return_if_fail (WIRELAB_IS_HYPERVISOR (hv));
  g_return_if_fail (module != NULL && module->name != NULL && module->commands != NULL);

  if (wl_hv_find_module (hv, module->name) != NULL)
    {
      g_critical ("hypervisor module '%s' registered twice", module->name);
      return;
    }
  g_ptr_array_add (hv->modules, (gpointer) module);
}

GPtrArray *
wl_hv_get_modules (WirelabHypervisor *hv)
{
  return hv->modules;
}

static gint
compare_reset_order (gconstpointer a,
                     gconstpointer b)
{
  const WlHvModule *ma = *(const WlHvModule **) a;
  const WlHvModule *mb = *(const WlHvModule **) b;

  return (ma->reset_order > mb->reset_order) - (ma->reset_order < mb->reset_order);
}

static GPtrArray *
modules_by_reset_order (WirelabHypervisor *hv)
{
  GPtrArray *sorted = g_ptr_array_copy (hv->modules, NULL, NULL);

  g_ptr_array_sort (sorted, compare_reset_order);   /* stable */
  return sorted;
}

void
wl_hv_reset_objects (WirelabHypervisor *hv)
{
  g_autoptr(GPtrArray) sorted = modules_by_reset_order (hv);

  for (guint i = 0; i < sorted->len; i++)
    {
      const WlHvModule *module = g_ptr_array_index (sorted, i);

      if (module->reset != NULL)
        module->reset (hv);
    }
}

char *
wl_hv_save_config_text (WirelabHypervisor *hv)
{
  g_autoptr(GPtrArray) sorted = modules_by_reset_order (hv);
  GString *out = g_string_new ("# Saved by wirelab-hypervisor: replay with any hypervisor client\n");

  for (guint i = sorted->len; i > 0; i--)
    {
      const WlHvModule *module = g_ptr_array_index (sorted, i - 1);

      if (module->save != NULL)
        module->save (hv, out);
    }
  return g_string_free (out, FALSE);
}

/* Object registry */

gboolean
wl_hv_object_add (WirelabHypervisor *hv,
                  WlHvObjectKind     kind,
                  const char        *name,
                  gpointer           object,
                  GDestroyNotify     destroy)
{
  HvObject *entry;

  g_return_val_if_fail (WIRELAB_IS_HYPERVISOR (hv), FALSE);
  g_return_val_if_fail (kind < WL_HV_N_OBJ_KINDS, FALSE);
  g_return_val_if_fail (name != NULL, FALSE);

  if (g_hash_table_contains (hv->objects[kind], name))
    return FALSE;

  entry = g_new (HvObject, 1);
  entry->object = object;
  entry->destroy = destroy;
  g_hash_table_insert (hv->objects[kind], g_strdup (name), entry);
  return TRUE;
}

gpointer
wl_hv_object_lookup (WirelabHypervisor *hv,
                     WlHvObjectKind     kind,
                     const char        *name)
{
  HvObject *entry;

  g_return_val_if_fail (WIRELAB_IS_HYPERVISOR (hv), NULL);
  g_return_val_if_fail (kind < WL_HV_N_OBJ_KINDS, NULL);
  g_return_val_if_fail (name != NULL, NULL);

  entry = g_hash_table_lookup (hv->objects[kind], name);
  return entry != NULL ? entry->object : NULL;
}

gpointer
wl_hv_find_object (WirelabHypervisor *hv,
                   WlHvReply         *reply,
                   WlHvObjectKind     kind,
                   const char        *name)
{
  gpointer object = wl_hv_object_lookup (hv, kind, name);

  if (object == NULL)
    wl_hv_reply_error (reply, WL_HV_ERR_UNK_OBJ, "unable to find object '%s'", name);
  return object;
}

gboolean
wl_hv_object_rename (WirelabHypervisor *hv,
                     WlHvObjectKind     kind,
                     const char        *name,
                     const char        *new_name)
{
  char *old_key;
  HvObject *entry;

  g_return_val_if_fail (WIRELAB_IS_HYPERVISOR (hv), FALSE);
  g_return_val_if_fail (kind < WL_HV_N_OBJ_KINDS, FALSE);
  g_return_val_if_fail (name != NULL && new_name != NULL, FALSE);

  if (g_hash_table_contains (hv->objects[kind], new_name))
    return FALSE;
  if (!g_hash_table_steal_extended (hv->objects[kind], name,
                                    (gpointer *) &old_key, (gpointer *) &entry))
    return FALSE;
  g_free (old_key);
  g_hash_table_insert (hv->objects[kind], g_strdup (new_name), entry);
  return TRUE;
}

gboolean
wl_hv_object_remove (WirelabHypervisor *hv,
                     WlHvObjectKind     kind,
                     const char        *name)
{
  char *key;
  HvObject *entry;

  g_return_val_if_fail (WIRELAB_IS_HYPERVISOR (hv), FALSE);
  g_return_val_if_fail (kind < WL_HV_N_OBJ_KINDS, FALSE);
  g_return_val_if_fail (name != NULL, FALSE);

  /* Steal first: a destroy function may look at the registry. */
  if (!g_hash_table_steal_extended (hv->objects[kind], name,
                                    (gpointer *) &key, (gpointer *) &entry))
    return FALSE;
  g_free (key);
  hv_object_free (entry);
  return TRUE;
}

static gint
compare_names (gconstpointer a,
               gconstpointer b,
               gpointer      user_data)
{
  return strcmp (*(char *const *) a, *(char *const *) b);
}

char **
wl_hv_object_names (WirelabHypervisor *hv,
                    WlHvObjectKind     kind)
{
  guint n = 0;
  char **names;

  g_return_val_if_fail (WIRELAB_IS_HYPERVISOR (hv), NULL);
  g_return_val_if_fail (kind < WL_HV_N_OBJ_KINDS, NULL);

  names = (char **) g_hash_table_get_keys_as_array (hv->objects[kind], &n);
  for (guint i = 0; i < n; i++)
    names[i] = g_strdup (names[i]);
  g_qsort_with_data (names, n, sizeof (char *), compare_names, NULL);
  return names;
}

/* Paths */

void
wl_hv_set_sandboxed (WirelabHypervisor *hv,
                     gboolean           sandboxed)
{
  hv->sandbox_root = sandboxed ? hv->working_dir : NULL;
}

gboolean
wl_hv_is_sandboxed (WirelabHypervisor *hv)
{
  return hv->sandbox_root != NULL;
}

static gboolean
is_inside (const char *path,
           const char *root)
{
  gsize n = strlen (root);

  return strncmp (path, root, n) == 0 &&
         (path[n] == '\0' || path[n] == G_DIR_SEPARATOR || g_str_equal (root, "/"));
}

char *
wl_hv_resolve_path (WirelabHypervisor *hv,
                    const char        *path)
{
  char *resolved;

  g_return_val_if_fail (WIRELAB_IS_HYPERVISOR (hv), NULL);
  g_return_val_if_fail (path != NULL, NULL);

  resolved = g_canonicalize_filename (path, hv->working_dir);
  if (hv->sandbox_root != NULL && !is_inside (resolved, hv->sandbox_root))
    g_clear_pointer (&resolved, g_free);
  return resolved;
}

gboolean
wl_hv_change_working_dir (WirelabHypervisor *hv,
                          const char        *dir)
{
  g_autofree char *resolved = g_canonicalize_filename (dir, hv->working_dir);
  struct stat st;

  if (hv->sandbox_root != NULL && !is_inside (resolved, hv->sandbox_root))
    {
      errno = EACCES;
      return FALSE;
    }
  if (stat (resolved, &st) != 0)
    return FALSE;
  if (!S_ISDIR (st.st_mode))
    {
      errno = ENOTDIR;
      return FALSE;
    }
  if (access (resolved, X_OK) != 0)
    return FALSE;

  hv->working_dir = g_intern_string (resolved);
  g_debug ("working_dir=%s", hv->working_dir);
  return TRUE;
}

void
wirelab_hypervisor_set_working_dir (WirelabHypervisor *self,
                                    const char        *dir)
{
  g_autofree char *resolved = NULL;

  g_return_if_fail (WIRELAB_IS_HYPERVISOR (self));
  g_return_if_fail (dir != NULL);

  resolved = g_canonicalize_filename (dir, NULL);
  self->working_dir = g_intern_string (resolved);
}

const char *
wirelab_hypervisor_get_working_dir (WirelabHypervisor *self)
{
  g_return_val_if_fail (WIRELAB_IS_HYPERVISOR (self), NULL);

  return self->working_dir;
}

void
wirelab_hypervisor_set_console_binding_addr (WirelabHypervisor *self,
                                             const char        *addr)
{
  g_return_if_fail (WIRELAB_IS_HYPERVISOR (self));

  self->console_addr = addr != NULL ? g_intern_string (addr) : NULL;
}

const char *
wl_hv_get_console_binding_addr (WirelabHypervisor *hv)
{
  g_return_val_if_fail (WIRELAB_IS_HYPERVISOR (hv), "127.0.0.1");

  return hv->console_addr != NULL ? hv->console_addr : "127.0.0.1";
}

/* Serving */

static gpointer
control_thread (gpointer data)
{
  WirelabHypervisor *self = data;

  g_main_context_push_thread_default (self->context);
  g_main_loop_run (self->loop);
  g_main_context_pop_thread_default (self->context);
  return NULL;
}

static gboolean
on_incoming (GSocket      *socket,
             GIOCondition  condition,
             gpointer      user_data)
{
  WirelabHypervisor *self = user_data;

  /* Accept everything pending; each connection gets its own sources. */
  for (guint i = 0; i < 64; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GSocket) client = g_socket_accept (socket, NULL, &error);

      if (client == NULL)
        {
          if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_WOULD_BLOCK))
            g_debug ("accept: %s", error->message);
          break;
        }
      g_ptr_array_add (self->conns, wl_hv_conn_new (self, client));
    }
  return G_SOURCE_CONTINUE;
}

void
wl_hv_forget_conn (WirelabHypervisor *hv,
                   WlHvConn          *conn)
{
  if (g_ptr_array_remove_fast (hv->conns, conn))
    wl_hv_conn_unref (conn);
}

static GInetAddress *
resolve_listen_address (const char  *address,
                        GError     **error)
{
  g_autoptr(GResolver) resolver = NULL;
  GInetAddress *inet;
  GList *list;

  if (address == NULL || *address == '\0')
    address = "127.0.0.1";
  inet = g_inet_address_new_from_string (address);
  if (inet != NULL)
    return inet;

  resolver = g_resolver_get_default ();
  list = g_resolver_lookup_by_name (resolver, address, NULL, error);
  if (list == NULL)
    return NULL;
  inet = g_object_ref (list->data);
  g_resolver_free_addresses (list);
  return inet;
}

gboolean
wirelab_hypervisor_listen (WirelabHypervisor  *self,
                           const char         *address,
                           guint16             port,
                           guint16            *out_port,
                           GError            **error)
{
  g_autoptr(GInetAddress) inet = NULL;
  g_autoptr(GSocketAddress) sockaddr = NULL;
  g_autoptr(GSocketAddress) bound = NULL;
  g_autoptr(GSocket) socket = NULL;
  Listener *listener;

  g_return_val_if_fail (WIRELAB_IS_HYPERVISOR (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  inet = resolve_listen_address (address, error);
  if (inet == NULL)
    return FALSE;

  socket = g_socket_new (g_inet_address_get_family (inet), G_SOCKET_TYPE_STREAM,
                         G_SOCKET_PROTOCOL_TCP, error);
  if (socket == NULL)
    return FALSE;
  g_socket_set_blocking (socket, FALSE);
  sockaddr = g_inet_socket_address_new (inet, port);
  if (!g_socket_bind (socket, sockaddr, TRUE, error))
    return FALSE;
  g_socket_set_listen_backlog (socket, 256);
  if (!g_socket_listen (socket, error))
    return FALSE;
  bound = g_socket_get_local_address (socket, error);
  if (bound == NULL)
    return FALSE;
  if (out_port != NULL)
    *out_port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));

  /* Consoles follow the -H address unless told otherwise (spec section 10). */
  if (self->console_addr == NULL && address != NULL && *address != '\0')
    self->console_addr = g_intern_string (address);

  g_mutex_lock (&self->lock);
  if (self->stopped)
    {
      g_mutex_unlock (&self->lock);
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_CLOSED,
                           "The hypervisor has been stopped");
      return FALSE;
    }
  if (self->thread == NULL)
    {
      self->context = g_main_context_new ();
      self->loop = g_main_loop_new (self->context, FALSE);
      self->thread = g_thread_new ("wl-hypervisor", control_thread, self);
    }
  listener = g_new0 (Listener, 1);
  listener->socket = g_steal_pointer (&socket);
  listener->source = g_socket_create_source (listener->socket, G_IO_IN, NULL);
  g_source_set_callback (listener->source, G_SOURCE_FUNC (on_incoming), self, NULL);
  g_source_attach (listener->source, self->context);
  g_ptr_array_add (self->listeners, listener);
  g_mutex_unlock (&self->lock);

  return TRUE;
}

/* Stopping */

static gboolean
emit_stopped (gpointer data)
{
  WirelabHypervisor *self = data;
  GThread *thread;

  g_mutex_lock (&self->lock);
  thread = g_steal_pointer (&self->thread);
  g_mutex_unlock (&self->lock);
  if (thread != NULL)
    g_thread_join (thread);

  g_signal_emit (self, signals[SIGNAL_STOPPED], 0);
  return G_SOURCE_REMOVE;
}

static void
schedule_stopped (WirelabHypervisor *self)
{
  gboolean schedule;

  g_mutex_lock (&self->lock);
  schedule = !self->stopped_scheduled;
  self->stopped_scheduled = TRUE;
  g_mutex_unlock (&self->lock);

  if (schedule)
    {
      GSource *source = g_idle_source_new ();

      g_source_set_callback (source, emit_stopped, g_object_ref (self), g_object_unref);
      g_source_attach (source, self->owner_context);
      g_source_unref (source);
    }
}

/* On the control thread (or the caller's when nothing ever listened). */
static void
stop_now (WirelabHypervisor *self)
{
  g_autoptr(GPtrArray) listeners = NULL;
  g_autoptr(GPtrArray) conns = NULL;
  gint64 deadline;

  g_mutex_lock (&self->lock);
  if (self->stopped)
    {
      g_mutex_unlock (&self->lock);
      return;
    }
  self->stopped = TRUE;
  listeners = g_steal_pointer (&self->listeners);
  self->listeners = g_ptr_array_new_with_free_func (listener_free);
  g_mutex_unlock (&self->lock);

  g_ptr_array_set_size (listeners, 0);

  /* Replies already queued get a last chance, one second for them all. */
  deadline = g_get_monotonic_time () + G_USEC_PER_SEC;
  conns = g_ptr_array_copy (self->conns, (GCopyFunc) (void (*) (void)) wl_hv_conn_ref, NULL);
  for (guint i = 0; i < conns->len; i++)
    {
      gint64 left = MAX (deadline - g_get_monotonic_time (), 0);

      wl_hv_conn_close (g_ptr_array_index (conns, i), left / 1000);
      wl_hv_conn_unref (g_ptr_array_index (conns, i));
    }

  wl_hv_reset_objects (self);

  if (self->loop != NULL)
    g_main_loop_quit (self->loop);
}

void
wl_hv_request_stop (WirelabHypervisor *hv)
{
  stop_now (hv);
  schedule_stopped (hv);
}

static gboolean
stop_in_control_thread (gpointer data)
{
  stop_now (data);
  return G_SOURCE_REMOVE;
}

void
wirelab_hypervisor_shutdown (WirelabHypervisor *self)
{
  GThread *thread;
  GMainContext *context;

  g_return_if_fail (WIRELAB_IS_HYPERVISOR (self));

  g_mutex_lock (&self->lock);
  thread = self->thread != NULL ? g_thread_ref (self->thread) : NULL;
  context = self->context != NULL ? g_main_context_ref (self->context) : NULL;
  g_mutex_unlock (&self->lock);

  if (thread == NULL || thread == g_thread_self ())
    stop_now (self);
  else
    {
      /* Run the stop on the control thread (it owns connections and
       * handlers), then wait for that thread to end. */
      g_main_context_invoke (context, stop_in_control_thread, self);
      g_mutex_lock (&self->lock);
      if (self->thread == thread)
        {
          self->thread = NULL;
          g_mutex_unlock (&self->lock);
          g_thread_join (thread);   /* drops self->thread's reference */
        }
      else
        g_mutex_unlock (&self->lock);
    }
  g_clear_pointer (&thread, g_thread_unref);
  g_clear_pointer (&context, g_main_context_unref);

  schedule_stopped (self);
}
