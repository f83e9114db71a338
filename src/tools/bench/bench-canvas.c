/* bench-canvas.c: wirelab-bench canvas N — opening and panning a big lab
 *
 * Copyright 2026 The Wirelab authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * Writes an N-node project (routers, switches and hubs on a grid, each linked
 * to its right and lower neighbours), opens it (loads it and shows it in a
 * window with the canvas) and reports: the time to load the lab, the time
 * until the first frame with
 * the canvas has been painted, and the frame times while the view pans
 * (driven from a tick callback, one step per frame) at 1:1 zoom and zoomed
 * out to fit the whole lab, and while zooming.  A frame's time is its work
 * on the frame clock, from "update" to "after-paint" (snapshot, render and
 * buffer swap), as wall time and as CPU time of the process (the machine
 * may be busy with other work; Xvfb's own share is in neither).  Needs a display: run under
 *   xvfb-run -a -s '-screen 0 1920x1080x24' wirelab-bench canvas 2000
 * with GSK_RENDERER=cairo or the default (GL) renderer.
 */

#define G_LOG_DOMAIN "wirelab-bench"

#include "config.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "bench.h"

#ifndef WIRELAB_BENCH_GUI

int
bench_canvas (int argc, char **argv)
{
  fprintf (stderr, "wirelab-bench: 'canvas' needs the GUI (configure with -Dgui=true)\n");
  return 1;
}

#else

#include <adwaita.h>

#include <json-glib/json-glib.h>

#include "wirelab/wirelab.h"

#include "wirelab-canvas-private.h"

#define SPACING 150.0

typedef struct
{
  GtkWidget *window;
  GtkWidget *canvas;
  GMainLoop *loop;

  /* Frame accounting. */
  gint64     frame_start;
  gint64     frame_cpu_start;
  GArray    *cpu_samples;   /* double ms of process CPU time per frame */
  gboolean   canvas_drawn;
  gint64     first_frame_done;
  GArray    *samples;       /* double ms, of the current phase */
  gboolean   recording;

  /* The current phase. */
  int        phase_frames;
  int        frame;
  double     step;          /* pixels per frame */
  gboolean   zooming;
  gboolean   dragging;      /* move the selection instead of panning */
} Bench;

static double
now_ms (void)
{
  return g_get_monotonic_time () / 1000.0;
}

/* The interfaces of the kinds placed (default image: C7200-IO-FE + PA-4E). */
static const char *const router_ifaces[] = {
  "FastEthernet0/0", "Ethernet1/0", "Ethernet1/1", "Ethernet1/2", "Ethernet1/3", NULL
};
static const char *const port_ifaces[] = { "1", "2", "3", "4", "5", "6", "7", "8", NULL };

/* A saved project of one node per kind, as templates for the big one. */
static JsonObject *
template_project (JsonNode **out_root)
{
  g_autoptr(WirelabLab) lab = wirelab_lab_new ();
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *data = NULL;
  WirelabNode *r, *sw;

  r = wirelab_lab_create_node (lab, WIRELAB_NODE_KIND_ROUTER, NULL, 0, 0, &error);
  g_assert_no_error (error);
  sw = wirelab_lab_create_node (lab, WIRELAB_NODE_KIND_ETHSW, NULL, 0, 0, &error);
  g_assert_no_error (error);
  wirelab_lab_create_node (lab, WIRELAB_NODE_KIND_HUB, NULL, 0, 0, &error);
  g_assert_no_error (error);
  wirelab_lab_connect (lab, r, "FastEthernet0/0", sw, "1", &error);
  g_assert_no_error (error);
  data = wirelab_lab_to_data (lab, NULL);
  json_parser_load_from_data (parser, data, -1, &error);
  g_assert_no_error (error);
  *out_root = json_node_copy (json_parser_get_root (parser));
  return json_node_get_object (*out_root);
}

/* json_node_copy() shares objects: copy the members we change. */
static JsonObject *
copy_object (JsonObject *object)
{
  JsonObject *copy = json_object_new ();
  g_autoptr(GList) members = json_object_get_members (object);

  for (GList *l = members; l != NULL; l = l->next)
    json_object_set_member (copy, l->data,
                            json_node_copy (json_object_get_member (object, l->data)));
  return copy;
}

/* The project as a `.wirelab` file would hold it (docs/project-format.md):
 * opening a big lab is loading its project. */
static char *
build_project (guint  n,
               guint *out_links)
{
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  JsonObject *project = template_project (&root);
  JsonArray *tnodes = json_object_get_array_member (project, "nodes");
  JsonObject *templates[3] = { NULL };   /* router, ethsw, hub */
  JsonObject *tlink = json_array_get_object_element (json_object_get_array_member (project, "links"), 0);
  JsonArray *nodes = json_array_new ();
  JsonArray *links = json_array_new ();
  guint cols = (guint) ceil (sqrt (n * 16.0 / 9.0));
  g_autofree guint *used = g_new0 (guint, n);
  guint n_links = 0, instance = 0;

  for (guint i = 0; i < json_array_get_length (tnodes); i++)
    {
      JsonObject *node = json_array_get_object_element (tnodes, i);
      const char *kind = json_object_get_string_member (node, "kind");

      templates[g_str_equal (kind, "router") ? 0 : g_str_equal (kind, "ethsw") ? 1 : 2] = node;
    }

  for (guint i = 0; i < n; i++)
    {
      int k = i % 10 == 0 ? 1 : i % 10 == 5 ? 2 : 0;
      JsonObject *node = copy_object (templates[k]);
      g_autofree char *id = g_strdup_printf ("n%u", i);
      g_autofree char *name = g_strdup_printf ("%s%u", k == 1 ? "SW" : k == 2 ? "HUB" : "R", i + 1);

      json_object_set_string_member (node, "id", id);
      json_object_set_string_member (node, "name", name);
      json_object_set_double_member (node, "x", (i % cols) * SPACING);
      json_object_set_double_member (node, "y", (i / cols) * SPACING);
      if (k == 0)
        json_object_set_int_member (node, "instance_id", ++instance);
      json_array_add_object_element (nodes, node);
    }

  /* Each node to its right and lower neighbour, first free interface. */
  for (guint i = 0; i < n; i++)
    for (guint d = 0; d < 2; d++)
      {
        guint j = d == 0 ? (i % cols + 1 < cols ? i + 1 : n) : i + cols;
        const char *const *ia, *const *ib;
        g_autofree char *id = NULL, *na = NULL, *nb = NULL;
        JsonObject *link, *end0, *end1;
        JsonArray *ends;

        if (j >= n)
          continue;
        ia = i % 10 == 0 || i % 10 == 5 ? port_ifaces : router_ifaces;
        ib = j % 10 == 0 || j % 10 == 5 ? port_ifaces : router_ifaces;
        if (ia[used[i]] == NULL || ib[used[j]] == NULL)
          continue;
        id = g_strdup_printf ("l%u", n_links++);
        na = g_strdup_printf ("n%u", i);
        nb = g_strdup_printf ("n%u", j);
        link = copy_object (tlink);
        json_object_set_string_member (link, "id", id);
        ends = json_array_new ();
        end0 = json_object_new ();
        json_object_set_string_member (end0, "node", na);
        json_object_set_string_member (end0, "interface", ia[used[i]++]);
        end1 = json_object_new ();
        json_object_set_string_member (end1, "node", nb);
        json_object_set_string_member (end1, "interface", ib[used[j]++]);
        json_array_add_object_element (ends, end0);
        json_array_add_object_element (ends, end1);
        json_object_set_array_member (link, "ends", ends);
        json_array_add_object_element (links, link);
      }

  json_object_set_array_member (project, "nodes", nodes);
  json_object_set_array_member (project, "links", links);
  json_generator_set_root (generator, root);
  *out_links = n_links;
  return json_generator_to_data (generator, NULL);
}

static int
compare_double (gconstpointer a,
                gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

static void
report (const char *what,
        const char *kind,
        GArray     *samples)
{
  double sum = 0, max = 0;
  guint n = samples->len;

  if (n == 0)
    {
      printf ("  %-36s no frames\n", what);
      return;
    }
  g_array_sort (samples, compare_double);
  for (guint i = 0; i < n; i++)
    {
      double v = g_array_index (samples, double, i);

      sum += v;
      max = MAX (max, v);
    }
  printf ("  %-36s %-4s frames %4u  mean %6.2f ms  p95 %6.2f ms  max %6.2f ms\n",
          what, kind, n, sum / n, g_array_index (samples, double, (guint) floor ((n - 1) * 0.95)), max);
}

/* CPU time of the whole process (llvmpipe renders on its own threads). */
static gint64
cpu_now (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_PROCESS_CPUTIME_ID, &ts);
  return (gint64) ts.tv_sec * G_USEC_PER_SEC + ts.tv_nsec / 1000;
}

static void
on_update (GdkFrameClock *clock,
           Bench         *b)
{
  b->frame_start = g_get_monotonic_time ();
  b->frame_cpu_start = cpu_now ();
}

static void
on_after_paint (GdkFrameClock *clock,
                Bench         *b)
{
  double ms = (g_get_monotonic_time () - b->frame_start) / 1000.0;
  double cpu = (cpu_now () - b->frame_cpu_start) / 1000.0;

  if (b->canvas_drawn && b->first_frame_done == 0)
    {
      b->first_frame_done = g_get_monotonic_time ();
      g_main_loop_quit (b->loop);
    }
  if (b->recording && b->frame > 0)
    {
      g_array_append_val (b->samples, ms);
      g_array_append_val (b->cpu_samples, cpu);
    }
}

static gboolean
tick (GtkWidget     *widget,
      GdkFrameClock *clock,
      gpointer       data)
{
  Bench *b = data;
  WirelabCanvas *canvas = WIRELAB_CANVAS (widget);

  if (b->frame >= b->phase_frames)
    {
      b->recording = FALSE;
      g_main_loop_quit (b->loop);
      return G_SOURCE_REMOVE;
    }
  if (b->dragging)
    {
      /* The selection follows the pointer, as the drag gesture drives it. */
      _wirelab_canvas_drag_update (canvas, b->frame * 3.0, b->frame * 2.0);
    }
  else if (b->zooming)
    {
      /* In and out around the centre: crosses the symbols' detail levels. */
      double factor = (b->frame / 60) % 2 == 0 ? 1.03 : 1 / 1.03;

      wirelab_canvas_zoom_at (canvas, factor, gtk_widget_get_width (widget) / 2.0,
                              gtk_widget_get_height (widget) / 2.0);
    }
  else
    {
      /* A slow circle, so every frame shows new ground. */
      double angle = b->frame * 2 * G_PI / 120.0;

      wirelab_canvas_scroll_by (canvas, b->step * cos (angle), b->step * sin (angle));
    }
  b->frame++;
  return G_SOURCE_CONTINUE;
}

static void
run_phase (Bench      *b,
           const char *what,
           int         frames,
           double      step,
           gboolean    zooming)
{
  g_array_set_size (b->samples, 0);
  g_array_set_size (b->cpu_samples, 0);
  b->phase_frames = frames;
  b->frame = 0;
  b->step = step;
  b->zooming = zooming;
  b->dragging = FALSE;
  b->recording = TRUE;
  gtk_widget_add_tick_callback (b->canvas, tick, b, NULL);
  g_main_loop_run (b->loop);
  report (what, "wall", b->samples);
  report ("", "cpu", b->cpu_samples);
}

static void
on_canvas_snapshot (GtkWidget *widget,
                    Bench     *b)
{
  b->canvas_drawn = TRUE;
}

static guint
count_visible (WirelabCanvas *canvas,
               WirelabLab    *lab)
{
  GListModel *nodes = wirelab_lab_get_nodes (lab);
  int w = gtk_widget_get_width (GTK_WIDGET (canvas)), h = gtk_widget_get_height (GTK_WIDGET (canvas));
  guint visible = 0;

  for (guint i = 0; i < g_list_model_get_n_items (nodes); i++)
    {
      g_autoptr(WirelabNode) node = g_list_model_get_item (nodes, i);
      double x, y;

      wirelab_canvas_model_to_widget (canvas, wirelab_node_get_x (node), wirelab_node_get_y (node),
                                      &x, &y);
      visible += x >= 0 && y >= 0 && x < w && y < h;
    }
  return visible;
}

int
bench_canvas (int argc, char **argv)
{
  Bench b = { 0 };
  g_autoptr(WirelabLab) lab = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *project = NULL;
  GdkFrameClock *clock;
  double t0, t_built, t_open;
  guint n, links = 0, frames = 240;

  if (argc < 2 || (n = (guint) strtoul (argv[1], NULL, 10)) == 0 || n > 100000)
    {
      fprintf (stderr, "Usage: wirelab-bench canvas N [FRAMES]\n");
      return 2;
    }
  if (argc > 2)
    frames = CLAMP ((guint) strtoul (argv[2], NULL, 10), 10, 100000);
  if (!gtk_init_check ())
    {
      fprintf (stderr, "wirelab-bench: 'canvas' needs a display (try xvfb-run -a -s '-screen 0 1920x1080x24')\n");
      return 1;
    }
  adw_init ();

  project = build_project (n, &links);
  t0 = now_ms ();
  lab = wirelab_lab_load_from_data (project, -1, &error);
  if (lab == NULL)
    {
      fprintf (stderr, "wirelab-bench: the generated project does not load: %s\n", error->message);
      return 1;
    }
  t_built = now_ms ();

  b.loop = g_main_loop_new (NULL, FALSE);
  b.samples = g_array_new (FALSE, FALSE, sizeof (double));
  b.cpu_samples = g_array_new (FALSE, FALSE, sizeof (double));
  b.window = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (b.window), 1600, 1000);
  gtk_window_set_title (GTK_WINDOW (b.window), "wirelab-bench canvas");
  b.canvas = wirelab_canvas_new ();
  g_signal_connect_after (b.canvas, "map", G_CALLBACK (on_canvas_snapshot), &b);
  wirelab_canvas_set_lab (WIRELAB_CANVAS (b.canvas), lab);
  gtk_window_set_child (GTK_WINDOW (b.window), b.canvas);
  gtk_window_present (GTK_WINDOW (b.window));
  gtk_widget_realize (b.window);

  clock = gtk_widget_get_frame_clock (b.window);
  g_signal_connect (clock, "update", G_CALLBACK (on_update), &b);
  g_signal_connect (clock, "after-paint", G_CALLBACK (on_after_paint), &b);
  g_main_loop_run (b.loop);
  t_open = b.first_frame_done / 1000.0;

  printf ("wirelab-bench canvas: %u nodes, %u links, %s, window %dx%d\n",
          n, links, G_OBJECT_TYPE_NAME (gtk_native_get_renderer (GTK_NATIVE (b.window))),
          gtk_widget_get_width (b.canvas), gtk_widget_get_height (b.canvas));
  printf ("  load the project                   %8.1f ms\n", t_built - t0);
  printf ("  window to first frame              %8.1f ms\n", t_open - t_built);
  printf ("  open (load + first frame)          %8.1f ms\n", t_open - t0);

  {
    g_autofree char *what = g_strdup_printf ("pan at 1:1 (%u nodes in view)",
                                             count_visible (WIRELAB_CANVAS (b.canvas), lab));

    run_phase (&b, what, frames, 12, FALSE);
  }
  wirelab_canvas_fit (WIRELAB_CANVAS (b.canvas));
  {
    g_autofree char *what = g_strdup_printf ("pan at fit, zoom %.2f (%u in view)",
                                             wirelab_canvas_get_zoom (WIRELAB_CANVAS (b.canvas)),
                                             count_visible (WIRELAB_CANVAS (b.canvas), lab));

    run_phase (&b, what, frames, 3, FALSE);
  }
  wirelab_canvas_set_zoom (WIRELAB_CANVAS (b.canvas), 0.5);
  {
    g_autofree char *what = g_strdup_printf ("pan at zoom 0.50 (%u in view)",
                                             count_visible (WIRELAB_CANVAS (b.canvas), lab));

    run_phase (&b, what, frames, 8, FALSE);
  }
  run_phase (&b, "zoom in and out", frames, 0, TRUE);

  /* GNS3 users see moves of a few dozen nodes time out: move them all. */
  {
    WirelabCanvas *canvas = WIRELAB_CANVAS (b.canvas);
    g_autoptr(WirelabNode) first = g_list_model_get_item (wirelab_lab_get_nodes (lab), n / 2);
    double x, y, t_drop;
    guint depth = wirelab_history_get_undo_depth (wirelab_lab_get_history (lab));

    wirelab_canvas_set_zoom (canvas, 0.5);
    wirelab_canvas_center_on (canvas, wirelab_node_get_x (first), wirelab_node_get_y (first));
    wirelab_canvas_select_all (canvas);
    wirelab_canvas_model_to_widget (canvas, wirelab_node_get_x (first), wirelab_node_get_y (first),
                                    &x, &y);
    _wirelab_canvas_drag_begin (canvas, x, y, 0);
    g_array_set_size (b.samples, 0);
    g_array_set_size (b.cpu_samples, 0);
    b.phase_frames = frames;
    b.frame = 0;
    b.zooming = FALSE;
    b.dragging = TRUE;
    b.recording = TRUE;
    gtk_widget_add_tick_callback (b.canvas, tick, &b, NULL);
    g_main_loop_run (b.loop);
    report ("drag all nodes (zoom 0.50)", "wall", b.samples);
    report ("", "cpu", b.cpu_samples);
    t_drop = now_ms ();
    _wirelab_canvas_drag_end (canvas, b.frame * 3.0, b.frame * 2.0);
    printf ("  drop %u nodes (one undo step: %s)   %8.1f ms\n", n,
            wirelab_history_get_undo_depth (wirelab_lab_get_history (lab)) == depth + 1 ? "yes" : "NO",
            now_ms () - t_drop);
  }

  gtk_window_destroy (GTK_WINDOW (b.window));
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_array_unref (b.samples);
  g_array_unref (b.cpu_samples);
  g_main_loop_unref (b.loop);
  return 0;
}

#endif
