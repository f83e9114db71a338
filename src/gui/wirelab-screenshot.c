/* wirelab-screenshot.c: a PNG of a window, for WIRELAB_SCREENSHOT
 *
 * Copyright 2026 The Wirelab authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#define G_LOG_DOMAIN "wirelab-screenshot"

#include "config.h"

#include <string.h>

#include "wirelab-console-dock.h"
#include "wirelab-screenshot.h"
#include "wirelab-terminal.h"
#include "wirelab-window.h"

#define POLL_MS         200
#define DEADLINE_S      300

typedef enum
{
  STEP_DRAWN,       /* waiting for the first frame */
  STEP_RUNNING,     /* waiting for every node to run */
  STEP_CONNECTED,   /* waiting for the router console */
  STEP_PROMPT,      /* waiting for "R1>" */
  STEP_ENABLE,      /* waiting for "R1#" */
  STEP_OUTPUT,      /* waiting for the interface table */
  STEP_SAVE,
} Step;

typedef struct
{
  GtkWindow      *window;
  char           *path;
  gboolean        start_lab;
  Step            step;
  gint64          deadline;
  gint64          step_since;
  WirelabNode    *router;
  WirelabConsole *console;
  guint           source;
  guint           enters;
} Shot;

static int status;

int
wirelab_screenshot_get_status (void)
{
  return status;
}

gboolean
wirelab_screenshot_save_now (GtkWindow   *window,
                             const char  *path,
                             GError     **error)
{
  g_autoptr(GdkPaintable) paintable = NULL;
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  GtkSnapshot *snapshot;
  GskRenderer *renderer;
  int width, height;

  g_return_val_if_fail (GTK_IS_WINDOW (window), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  width = gtk_widget_get_width (GTK_WIDGET (window));
  height = gtk_widget_get_height (GTK_WIDGET (window));
  renderer = gtk_native_get_renderer (GTK_NATIVE (window));
  if (width <= 0 || height <= 0 || renderer == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "The window is not shown");
      return FALSE;
    }

  paintable = gtk_widget_paintable_new (GTK_WIDGET (window));
  snapshot = gtk_snapshot_new ();
  gdk_paintable_snapshot (paintable, snapshot, width, height);
  node = gtk_snapshot_free_to_node (snapshot);
  if (node == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "Nothing was drawn");
      return FALSE;
    }
  texture = gsk_renderer_render_texture (renderer, node, &GRAPHENE_RECT_INIT (0, 0, width, height));
  if (!gdk_texture_save_to_png (texture, path))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "Cannot write %s", path);
      return FALSE;
    }
  return TRUE;
}

static void
shot_free (Shot *shot)
{
  g_clear_handle_id (&shot->source, g_source_remove);
  g_clear_object (&shot->window);
  g_clear_object (&shot->router);
  g_clear_object (&shot->console);
  g_free (shot->path);
  g_free (shot);
}

static void
finish (Shot     *shot,
        gboolean  complete)
{
  g_autoptr(GError) error = NULL;
  GtkApplication *app = gtk_window_get_application (shot->window);

  if (!wirelab_screenshot_save_now (shot->window, shot->path, &error))
    {
      g_printerr ("WIRELAB_SCREENSHOT: %s\n", error->message);
      complete = FALSE;
    }
  else
    g_print ("WIRELAB_SCREENSHOT: saved %s\n", shot->path);
  status = complete ? 0 : 1;
  shot_free (shot);
  if (app != NULL)
    g_application_quit (G_APPLICATION (app));
}

static char *
console_text (Shot *shot)
{
  VteTerminal *terminal = VTE_TERMINAL (wirelab_console_get_terminal (shot->console));

  return vte_terminal_get_text (terminal, NULL, NULL, NULL);
}

static gboolean
all_running (WirelabLab *lab)
{
  GListModel *nodes = wirelab_lab_get_nodes (lab);

  for (guint i = 0; i < g_list_model_get_n_items (nodes); i++)
    {
      g_autoptr(WirelabNode) node = g_list_model_get_item (nodes, i);

      if (wirelab_node_get_status (node) != WIRELAB_NODE_STATUS_RUNNING)
        return FALSE;
    }
  return TRUE;
}

/* The router whose console goes in the picture: R1, else the first one. */
static WirelabNode *
pick_router (WirelabLab *lab)
{
  GListModel *nodes = wirelab_lab_get_nodes (lab);
  WirelabNode *found = wirelab_lab_find_node_by_name (lab, "R1");

  if (found != NULL)
    return g_object_ref (found);
  for (guint i = 0; i < g_list_model_get_n_items (nodes); i++)
    {
      g_autoptr(WirelabNode) node = g_list_model_get_item (nodes, i);

      if (wirelab_node_get_kind (node) == WIRELAB_NODE_KIND_ROUTER)
        return g_steal_pointer (&node);
    }
  return NULL;
}

static void
type (Shot       *shot,
      const char *text)
{
  wirelab_terminal_send (wirelab_console_get_terminal (shot->console), text, -1);
}

static void
next_step (Shot *shot,
           Step  step)
{
  shot->step = step;
  shot->step_since = g_get_monotonic_time ();
}

static gboolean
poll_cb (gpointer user_data)
{
  Shot *shot = user_data;
  WirelabLab *lab = WIRELAB_IS_WINDOW (shot->window) ? wirelab_window_get_lab (WIRELAB_WINDOW (shot->window)) : NULL;
  g_autofree char *text = NULL;
  g_autofree char *user_prompt = NULL;
  g_autofree char *enable_prompt = NULL;
  gint64 now = g_get_monotonic_time ();

  if (now > shot->deadline)
    {
      g_printerr ("WIRELAB_SCREENSHOT: gave up waiting (step %d); saving what is there\n", shot->step);
      shot->source = 0;
      finish (shot, FALSE);
      return G_SOURCE_REMOVE;
    }

  switch (shot->step)
    {
    case STEP_DRAWN:
      break;

    case STEP_RUNNING:
      if (lab == NULL || !all_running (lab))
        break;
      shot->router = pick_router (lab);
      if (shot->router == NULL)
        {
          next_step (shot, STEP_SAVE);
          break;
        }
      {
        WirelabConsoleDock *dock = wirelab_window_get_console_dock (WIRELAB_WINDOW (shot->window));
        GListModel *nodes = wirelab_lab_get_nodes (lab);

        /* The router's tab first, the other consoles behind it. */
        shot->console = g_object_ref (wirelab_console_dock_open (dock, shot->router, TRUE));
        for (guint i = 0; i < g_list_model_get_n_items (nodes); i++)
          {
            g_autoptr(WirelabNode) node = g_list_model_get_item (nodes, i);
            WirelabNodeKind kind = wirelab_node_get_kind (node);

            if (node != shot->router &&
                (kind == WIRELAB_NODE_KIND_ROUTER || kind == WIRELAB_NODE_KIND_VPCS))
              wirelab_console_dock_open (dock, node, FALSE);
          }
      }
      next_step (shot, STEP_CONNECTED);
      break;

    case STEP_CONNECTED:
      if (wirelab_console_get_state (shot->console) != WIRELAB_CONSOLE_CONNECTED)
        break;
      type (shot, "\r");
      shot->enters = 1;
      next_step (shot, STEP_PROMPT);
      break;

    case STEP_PROMPT:
      text = console_text (shot);
      user_prompt = g_strdup_printf ("%s>", wirelab_node_get_name (shot->router));
      if (text != NULL && strstr (text, user_prompt) != NULL)
        {
          type (shot, "enable\r");
          next_step (shot, STEP_ENABLE);
        }
      else if (now - shot->step_since > shot->enters * 5 * G_USEC_PER_SEC)
        {
          /* Still booting: ask for the prompt again now and then. */
          type (shot, "\r");
          shot->enters++;
        }
      break;

    case STEP_ENABLE:
      text = console_text (shot);
      enable_prompt = g_strdup_printf ("%s#", wirelab_node_get_name (shot->router));
      if (text != NULL && strstr (text, enable_prompt) != NULL)
        {
          type (shot, "show ip interface brief\r");
          next_step (shot, STEP_OUTPUT);
        }
      break;

    case STEP_OUTPUT:
      text = console_text (shot);
      enable_prompt = g_strdup_printf ("%s#", wirelab_node_get_name (shot->router));
      /* The table, then the prompt again. */
      if (text != NULL && strstr (text, "Protocol") != NULL &&
          g_strrstr (text, enable_prompt) > strstr (text, "Protocol"))
        next_step (shot, STEP_SAVE);
      break;

    case STEP_SAVE:
      /* Two more polls so the last output is drawn. */
      if (now - shot->step_since < 2 * POLL_MS * 1000)
        break;
      shot->source = 0;
      finish (shot, TRUE);
      return G_SOURCE_REMOVE;

    default:
      g_assert_not_reached ();
    }

  gtk_widget_queue_draw (GTK_WIDGET (shot->window));
  return G_SOURCE_CONTINUE;
}

static void
on_after_paint (GdkFrameClock *clock,
                Shot          *shot)
{
  g_signal_handlers_disconnect_by_func (clock, on_after_paint, shot);

  if (shot->start_lab && WIRELAB_IS_WINDOW (shot->window))
    {
      gtk_widget_activate_action (GTK_WIDGET (shot->window), "win.start-all", NULL);
      next_step (shot, STEP_RUNNING);
    }
  else
    next_step (shot, STEP_SAVE);
  shot->source = g_timeout_add (POLL_MS, poll_cb, shot);
}

static void
on_map (GtkWidget *widget,
        Shot      *shot)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (widget);

  g_signal_handlers_disconnect_by_func (widget, on_map, shot);
  g_signal_connect (clock, "after-paint", G_CALLBACK (on_after_paint), shot);
  gtk_widget_queue_draw (widget);
}

void
wirelab_screenshot_take (GtkWindow  *window,
                         const char *path,
                         gboolean    start_lab)
{
  Shot *shot;

  g_return_if_fail (GTK_IS_WINDOW (window));
  g_return_if_fail (path != NULL);

  shot = g_new0 (Shot, 1);
  shot->window = g_object_ref (window);
  shot->path = g_strdup (path);
  shot->start_lab = start_lab;
  shot->deadline = g_get_monotonic_time () + DEADLINE_S * G_USEC_PER_SEC;
  next_step (shot, STEP_DRAWN);

  if (gtk_widget_get_mapped (GTK_WIDGET (window)))
    on_map (GTK_WIDGET (window), shot);
  else
    g_signal_connect (window, "map", G_CALLBACK (on_map), shot);
}
