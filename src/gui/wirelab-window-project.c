/* wirelab-window-project.c: File actions, autosave, recent files, closing
 *
 * Copyright 2026 The Wirelab authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#define G_LOG_DOMAIN "wirelab-window-project"

#include "config.h"

#include <errno.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <string.h>

#include "wirelab-window-private.h"

#define MIME_TYPE   "application/x-wirelab-project"
#define RECENT_MAX  10

typedef void (*Then) (WirelabWindow *self,
                      gpointer       data);

typedef struct
{
  WirelabWindow  *self;
  Then            then;
  gpointer        data;
  GDestroyNotify  destroy;
} Pending;

static void
pending_free (Pending *pending)
{
  if (pending->destroy != NULL)
    pending->destroy (pending->data);
  g_object_unref (pending->self);
  g_free (pending);
}

static Pending *
pending_new (WirelabWindow  *self,
             Then            then,
             gpointer        data,
             GDestroyNotify  destroy)
{
  Pending *pending = g_new0 (Pending, 1);

  pending->self = g_object_ref (self);
  pending->then = then;
  pending->data = data;
  pending->destroy = destroy;
  return pending;
}

static void
pending_run (Pending *pending)
{
  if (pending->then != NULL)
    pending->then (pending->self, pending->data);
  pending_free (pending);
}

static char *
recovery_path (WirelabWindow *self)
{
  g_autofree char *name = g_strconcat (wirelab_lab_get_project_id (self->lab),
                                       WIRELAB_PROJECT_EXTENSION, NULL);

  return g_build_filename (g_get_user_data_dir (), "wirelab", "recovery", name, NULL);
}

static void
drop_recovery (WirelabWindow *self)
{
  g_autofree char *path = NULL;

  if (self->lab == NULL)
    return;
  path = recovery_path (self);
  g_unlink (path);
}

void
_wirelab_window_remember_file (WirelabWindow *self,
                               GFile         *file)
{
  g_autofree char *uri = g_file_get_uri (file);
  g_autofree char *name = g_file_get_basename (file);
  GtkRecentData data = {
    .display_name = name,
    .mime_type = (char *) MIME_TYPE,
    .app_name = (char *) "Wirelab",
    .app_exec = (char *) "wirelab %u",
  };

  gtk_recent_manager_add_full (gtk_recent_manager_get_default (), uri, &data);
}

static void
error_dialog (WirelabWindow *self,
              const char    *heading,
              const char    *body)
{
  GtkWidget *dialog = adw_message_dialog_new (GTK_WINDOW (self), heading, body);

  gtk_window_set_application (GTK_WINDOW (dialog), gtk_window_get_application (GTK_WINDOW (self)));

  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  gtk_window_present (GTK_WINDOW (dialog));
}

static gboolean
save_to (WirelabWindow *self,
         GFile         *file)
{
  g_autoptr(GError) error = NULL;
  gboolean ok;

  if (file == NULL)
    ok = wirelab_lab_save (self->lab, &error);
  else
    {
      /* A new lab is named after its file. */
      const char *name = wirelab_lab_get_name (self->lab);

      if (wirelab_lab_get_file (self->lab) == NULL &&
          (name == NULL || *name == '\0' || g_str_equal (name, _("Untitled")) ||
           g_str_equal (name, "Untitled")))
        {
          g_autofree char *base = g_file_get_basename (file);

          if (g_str_has_suffix (base, WIRELAB_PROJECT_EXTENSION))
            base[strlen (base) - strlen (WIRELAB_PROJECT_EXTENSION)] = '\0';
          if (*base != '\0')
            wirelab_lab_set_name (self->lab, base);
        }
      ok = wirelab_lab_save_as (self->lab, file, &error);
    }

  if (!ok)
    {
      g_autofree char *heading = g_strdup_printf (_("Cannot Save “%s”"), wirelab_lab_get_name (self->lab));

      error_dialog (self, heading, error->message);
      return FALSE;
    }

  drop_recovery (self);
  _wirelab_window_remember_file (self, wirelab_lab_get_file (self->lab));
  _wirelab_window_update_title (self);
  return TRUE;
}

static GFile *
with_extension (GFile *file)
{
  g_autofree char *base = g_file_get_basename (file);
  g_autoptr(GFile) parent = NULL;
  g_autofree char *name = NULL;

  if (g_str_has_suffix (base, WIRELAB_PROJECT_EXTENSION))
    return g_object_ref (file);
  parent = g_file_get_parent (file);
  name = g_strconcat (base, WIRELAB_PROJECT_EXTENSION, NULL);
  return g_file_get_child (parent, name);
}

static void
add_filters (GtkFileChooser *chooser)
{
  g_autoptr(GtkFileFilter) labs = gtk_file_filter_new ();
  g_autoptr(GtkFileFilter) all = gtk_file_filter_new ();

  gtk_file_filter_set_name (labs, _("Wirelab labs"));
  gtk_file_filter_add_mime_type (labs, MIME_TYPE);
  gtk_file_filter_add_pattern (labs, "*" WIRELAB_PROJECT_EXTENSION);
  gtk_file_filter_set_name (all, _("All files"));
  gtk_file_filter_add_pattern (all, "*");
  gtk_file_chooser_add_filter (chooser, labs);
  gtk_file_chooser_add_filter (chooser, all);
}

/* The file the next step works on: the injected one, else asked for. */
typedef void (*WithFile) (WirelabWindow *self,
                          GFile         *file,
                          Pending       *pending);

typedef struct
{
  WithFile  with_file;
  Pending  *pending;
} Asking;

/* Lives as long as the chooser: a chooser destroyed unanswered drops its
 * pending step too. */
static void
asking_free (Asking *asking)
{
  if (asking->pending != NULL)
    pending_free (asking->pending);
  g_free (asking);
}

static void
on_chooser_response (GtkNativeDialog *chooser,
                     int              response,
                     Asking          *asking)
{
  Pending *pending = g_steal_pointer (&asking->pending);
  g_autoptr(WirelabWindow) self = g_object_ref (pending->self);
  g_autoptr(GFile) file = NULL;
  WithFile with_file = asking->with_file;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  g_clear_object (&self->chooser);

  if (file != NULL)
    with_file (self, file, pending);
  else
    pending_free (pending);
}

static void
ask_file (WirelabWindow        *self,
          GtkFileChooserAction  mode,
          WithFile              with_file,
          Pending              *pending)
{
  Asking *asking;

  if (self->next_file != NULL)
    {
      g_autoptr(GFile) file = g_steal_pointer (&self->next_file);

      with_file (self, file, pending);
      return;
    }
  if (self->chooser != NULL)
    {
      pending_free (pending);
      return;
    }

  self->chooser = gtk_file_chooser_native_new (mode == GTK_FILE_CHOOSER_ACTION_SAVE
                                               ? _("Save the Lab") : _("Open a Lab"),
                                               GTK_WINDOW (self), mode,
                                               mode == GTK_FILE_CHOOSER_ACTION_SAVE ? _("_Save") : _("_Open"),
                                               NULL);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->chooser), TRUE);
  add_filters (GTK_FILE_CHOOSER (self->chooser));
  if (mode == GTK_FILE_CHOOSER_ACTION_SAVE)
    {
      g_autofree char *name = g_strconcat (wirelab_lab_get_name (self->lab), WIRELAB_PROJECT_EXTENSION, NULL);

      gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (self->chooser), name);
    }

  asking = g_new0 (Asking, 1);
  asking->with_file = with_file;
  asking->pending = pending;
  g_object_set_data_full (G_OBJECT (self->chooser), "wirelab-asking", asking,
                          (GDestroyNotify) asking_free);
  g_signal_connect (self->chooser, "response", G_CALLBACK (on_chooser_response), asking);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

static void
save_as_with_file (WirelabWindow *self,
                   GFile         *file,
                   Pending       *pending)
{
  g_autoptr(GFile) target = with_extension (file);

  if (save_to (self, target))
    pending_run (pending);
  else
    pending_free (pending);
}

/* Saves (asking for a file when there is none), then runs `pending`. */
static void
save_then (WirelabWindow *self,
           Pending       *pending)
{
  if (wirelab_lab_get_file (self->lab) == NULL)
    {
      ask_file (self, GTK_FILE_CHOOSER_ACTION_SAVE, save_as_with_file, pending);
      return;
    }
  if (save_to (self, NULL))
    pending_run (pending);
  else
    pending_free (pending);
}

static void
save_activated (GSimpleAction *action,
                GVariant      *param,
                gpointer       user_data)
{
  WirelabWindow *self = user_data;

  save_then (self, pending_new (self, NULL, NULL, NULL));
}

static void
save_as_activated (GSimpleAction *action,
                   GVariant      *param,
                   gpointer       user_data)
{
  WirelabWindow *self = user_data;

  ask_file (self, GTK_FILE_CHOOSER_ACTION_SAVE, save_as_with_file, pending_new (self, NULL, NULL, NULL));
}

/* Opens `file` here when this window holds nothing yet, else in a new
 * window (nothing is replaced, so nothing needs asking). */
static void
open_with_file (WirelabWindow *self,
                GFile         *file,
                Pending       *pending)
{
  g_autoptr(GError) error = NULL;
  WirelabWindow *target = self;
  GtkApplication *app = gtk_window_get_application (GTK_WINDOW (self));

  if (!wirelab_window_is_pristine (self) && WIRELAB_IS_APPLICATION (app))
    target = wirelab_window_new (WIRELAB_APPLICATION (app));

  if (!wirelab_window_load_file (target, file, &error))
    {
      g_autofree char *base = g_file_get_basename (file);
      g_autofree char *heading = g_strdup_printf (_("Cannot Open “%s”"), base);

      if (target != self)
        gtk_window_destroy (GTK_WINDOW (target));
      error_dialog (self, heading, error->message);
      pending_free (pending);
      return;
    }
  gtk_window_present (GTK_WINDOW (target));
  pending_run (pending);
}

static void
open_activated (GSimpleAction *action,
                GVariant      *param,
                gpointer       user_data)
{
  WirelabWindow *self = user_data;

  ask_file (self, GTK_FILE_CHOOSER_ACTION_OPEN, open_with_file, pending_new (self, NULL, NULL, NULL));
}

static void
open_recent_activated (GSimpleAction *action,
                       GVariant      *param,
                       gpointer       user_data)
{
  WirelabWindow *self = user_data;
  g_autoptr(GFile) file = g_file_new_for_uri (g_variant_get_string (param, NULL));

  open_with_file (self, file, pending_new (self, NULL, NULL, NULL));
}

static void
new_activated (GSimpleAction *action,
               GVariant      *param,
               gpointer       user_data)
{
  WirelabWindow *self = user_data;
  GtkApplication *app = gtk_window_get_application (GTK_WINDOW (self));

  if (wirelab_window_is_pristine (self) || !WIRELAB_IS_APPLICATION (app))
    return;
  gtk_window_present (GTK_WINDOW (wirelab_window_new (WIRELAB_APPLICATION (app))));
}

static void
close_activated (GSimpleAction *action,
                 GVariant      *param,
                 gpointer       user_data)
{
  gtk_window_close (GTK_WINDOW (user_data));
}

/* Recent labs, newest first. */
static int
compare_recent (gconstpointer a,
                gconstpointer b)
{
  GDateTime *ta = gtk_recent_info_get_modified (*(GtkRecentInfo **) a);
  GDateTime *tb = gtk_recent_info_get_modified (*(GtkRecentInfo **) b);

  return g_date_time_compare (tb, ta);
}

static void
rebuild_recent (WirelabWindow *self)
{
  GList *items = gtk_recent_manager_get_items (gtk_recent_manager_get_default ());
  g_autoptr(GPtrArray) labs = g_ptr_array_new ();

  g_menu_remove_all (self->recent_menu);
  for (GList *l = items; l != NULL; l = l->next)
    {
      GtkRecentInfo *info = l->data;

      if (g_str_has_suffix (gtk_recent_info_get_uri (info), WIRELAB_PROJECT_EXTENSION) &&
          gtk_recent_info_exists (info))
        g_ptr_array_add (labs, info);
    }
  g_ptr_array_sort (labs, compare_recent);

  for (guint i = 0; i < labs->len && i < RECENT_MAX; i++)
    {
      GtkRecentInfo *info = g_ptr_array_index (labs, i);
      g_autoptr(GMenuItem) item = g_menu_item_new (gtk_recent_info_get_display_name (info), NULL);

      g_menu_item_set_action_and_target (item, "win.open-recent", "s", gtk_recent_info_get_uri (info));
      g_menu_append_item (self->recent_menu, item);
    }
  if (labs->len == 0)
    {
      g_autoptr(GMenuItem) item = g_menu_item_new (_("No Recent Labs"), "win.no-recent");

      g_menu_append_item (self->recent_menu, item);
    }
  g_list_free_full (items, (GDestroyNotify) gtk_recent_info_unref);
}

static gboolean
autosave (gpointer user_data)
{
  WirelabWindow *self = user_data;
  g_autoptr(GError) error = NULL;

  if (self->lab == NULL || !wirelab_lab_get_dirty (self->lab))
    return G_SOURCE_CONTINUE;

  if (wirelab_lab_get_file (self->lab) != NULL)
    {
      if (!wirelab_lab_save (self->lab, &error))
        {
          g_autofree char *text = g_strdup_printf (_("Autosave failed: %s"), error->message);

          wirelab_window_toast (self, text);
        }
      return G_SOURCE_CONTINUE;
    }

  /* No file yet: a recovery copy, offered at the next start. */
  {
    g_autofree char *path = recovery_path (self);
    g_autofree char *dir = g_path_get_dirname (path);
    g_autofree char *data = NULL;
    gsize length;

    data = wirelab_lab_to_data (self->lab, &length);
    if (g_mkdir_with_parents (dir, 0700) != 0 ||
        !g_file_set_contents_full (path, data, length, G_FILE_SET_CONTENTS_CONSISTENT, 0600, &error))
      g_warning ("Cannot write the recovery file %s: %s", path,
                 error != NULL ? error->message : g_strerror (errno));
  }
  return G_SOURCE_CONTINUE;
}

void
_wirelab_window_restart_autosave (WirelabWindow *self)
{
  guint interval = g_settings_get_uint (self->settings, "autosave-interval");

  g_clear_handle_id (&self->autosave_source, g_source_remove);
  if (interval > 0)
    self->autosave_source = g_timeout_add_seconds (interval, autosave, self);
}

/* Closing ------------------------------------------------------------- */

static void
close_now (WirelabWindow *self,
           gpointer       data)
{
  self->close_confirmed = TRUE;
  gtk_window_close (GTK_WINDOW (self));
}

static void
on_close_response (AdwMessageDialog *dialog,
                   const char       *response,
                   Pending          *pending)
{
  WirelabWindow *self = pending->self;

  if (g_str_equal (response, "save"))
    save_then (self, pending);
  else if (g_str_equal (response, "discard"))
    {
      drop_recovery (self);
      pending_run (pending);
    }
  else
    pending_free (pending);
}

static void
ask_before_closing (WirelabWindow *self)
{
  gboolean dirty = wirelab_lab_get_dirty (self->lab);
  gboolean running = wirelab_window_is_running (self);
  const char *name = wirelab_lab_get_name (self->lab);
  g_autofree char *heading = NULL;
  const char *body;
  GtkWidget *dialog;

  if (dirty)
    heading = g_strdup_printf (_("Save Changes to “%s”?"), name);
  else
    heading = g_strdup (_("Stop the Running Lab?"));

  if (dirty && running)
    body = _("The lab is running: closing stops its nodes and saves the routers’ configurations into the project. Changes to the lab itself are lost unless you save them.");
  else if (dirty)
    body = _("Changes to the lab are lost unless you save them.");
  else
    body = _("Closing stops its nodes and saves the routers’ configurations into the project.");

  dialog = adw_message_dialog_new (GTK_WINDOW (self), heading, body);
  gtk_window_set_application (GTK_WINDOW (dialog), gtk_window_get_application (GTK_WINDOW (self)));
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "cancel", _("_Cancel"));
  if (dirty)
    {
      adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "discard", _("_Discard Changes"));
      adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "save", _("_Save"));
      adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "discard",
                                                  ADW_RESPONSE_DESTRUCTIVE);
      adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "save",
                                                  ADW_RESPONSE_SUGGESTED);
      adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "save");
    }
  else
    {
      adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "discard", _("_Stop and Close"));
      adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "discard",
                                                  ADW_RESPONSE_DESTRUCTIVE);
      adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
    }
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect (dialog, "response", G_CALLBACK (on_close_response),
                    pending_new (self, close_now, NULL, NULL));
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
on_shutdown_for_close (gpointer user_data)
{
  g_autoptr(WirelabWindow) self = user_data;

  gtk_window_destroy (GTK_WINDOW (self));
}

gboolean
_wirelab_window_close_request (GtkWindow *window)
{
  WirelabWindow *self = WIRELAB_WINDOW (window);

  if (self->shutting_down)
    return TRUE;

  if (!self->close_confirmed && self->lab != NULL &&
      (wirelab_lab_get_dirty (self->lab) || wirelab_window_is_running (self)))
    {
      ask_before_closing (self);
      return TRUE;
    }

  if (self->session != NULL)
    {
      /* Stop the nodes (saving router configurations) before going. */
      self->shutting_down = TRUE;
      gtk_widget_set_visible (GTK_WIDGET (self), FALSE);
      _wirelab_window_shutdown_session (self, G_CALLBACK (on_shutdown_for_close), g_object_ref (self));
      return TRUE;
    }

  drop_recovery (self);
  return FALSE;
}

static const GActionEntry project_entries[] = {
  { "new", new_activated },
  { "open", open_activated },
  { "open-recent", open_recent_activated, "s" },
  { "save", save_activated },
  { "save-as", save_as_activated },
  { "close", close_activated },
  { "no-recent", NULL },
};

void
_wirelab_window_init_project (WirelabWindow *self)
{
  g_action_map_add_action_entries (G_ACTION_MAP (self), project_entries,
                                   G_N_ELEMENTS (project_entries), self);
  _wirelab_window_set_enabled (self, "no-recent", FALSE);

  g_signal_connect_object (gtk_recent_manager_get_default (), "changed",
                           G_CALLBACK (rebuild_recent), self, G_CONNECT_SWAPPED);
  rebuild_recent (self);
  g_signal_connect_object (self->settings, "changed::autosave-interval",
                           G_CALLBACK (_wirelab_window_restart_autosave), self, G_CONNECT_SWAPPED);
}

void
_wirelab_window_dispose_project (WirelabWindow *self)
{
  g_clear_handle_id (&self->autosave_source, g_source_remove);
  if (self->chooser != NULL)
    {
      gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
      g_clear_object (&self->chooser);
    }
}
