/* bench-lab.c: wirelab-bench lab N — the lab model with N nodes
 *
 * Copyright 2026 The Wirelab authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * Builds an N-node lab through the API as the canvas does (routers, switches
 * and hubs on a grid, each linked to its right and lower neighbours on the
 * first free interface), then times what a big lab goes through: moving
 * every node in one gesture (N moves, then 10 N moves), saving to JSON,
 * loading that JSON, validating, deleting a tenth of the nodes, undoing and
 * redoing every step, and freeing the lab; then the loaded lab again with
 * a session watching it, as the GUI holds a lab, while a tenth of its
 * nodes are deleted and brought back.  Each phase prints wall and CPU
 * time (the machine may be busy with other work).  No display needed.
 */

#define G_LOG_DOMAIN "wirelab-bench"

#include "config.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "wirelab/wirelab.h"

#include "bench.h"

#define SPACING 150.0

typedef struct
{
  gint64 wall;
  gint64 cpu;
} Mark;

static gint64
cpu_now (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_PROCESS_CPUTIME_ID, &ts);
  return (gint64) ts.tv_sec * G_USEC_PER_SEC + ts.tv_nsec / 1000;
}

static Mark
mark (void)
{
  Mark m = { g_get_monotonic_time (), cpu_now () };

  return m;
}

static void
report (const char *what,
        Mark        start)
{
  Mark end = mark ();

  printf ("  %-44s %9.1f ms wall %9.1f ms cpu\n", what,
          (end.wall - start.wall) / 1000.0, (end.cpu - start.cpu) / 1000.0);
  fflush (stdout);
}

static WirelabNodeKind
kind_at (guint i)
{
  return i % 10 == 0 ? WIRELAB_NODE_KIND_ETHSW
       : i % 10 == 5 ? WIRELAB_NODE_KIND_HUB
       : WIRELAB_NODE_KIND_ROUTER;
}

static void
move_all (WirelabLab *lab,
          guint       rounds,
          double      offset)
{
  GListModel *nodes = wirelab_lab_get_nodes (lab);
  guint n = g_list_model_get_n_items (nodes);

  for (guint r = 0; r < rounds; r++)
    for (guint i = 0; i < n; i++)
      {
        g_autoptr(WirelabNode) node = g_list_model_get_item (nodes, i);

        wirelab_node_set_position (node, wirelab_node_get_x (node) + offset,
                                   wirelab_node_get_y (node) + offset / 2);
      }
  wirelab_history_seal (wirelab_lab_get_history (lab));
}

int
bench_lab (int argc, char **argv)
{
  g_autoptr(WirelabLab) lab = NULL;
  g_autoptr(WirelabLab) loaded = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) nodes = NULL;
  g_autofree char *data = NULL;
  WirelabHistory *history;
  GWeakRef weak;
  gsize length = 0;
  guint n, cols, links = 0, steps = 0;
  Mark t;

  if (argc < 2 || (n = (guint) strtoul (argv[1], NULL, 10)) == 0 || n > 60000)
    {
      fprintf (stderr, "Usage: wirelab-bench lab N (1-60000)\n");
      return 2;
    }
  cols = (guint) ceil (sqrt (n * 16.0 / 9.0));
  printf ("wirelab-bench lab: %u nodes on a %u-column grid\n", n, cols);

  lab = wirelab_lab_new ();
  history = wirelab_lab_get_history (lab);
  nodes = g_ptr_array_new ();
  /* A canvas setting, as the View menu makes: an undo step on the lab. */
  wirelab_lab_set_show_grid (lab, TRUE);

  t = mark ();
  for (guint i = 0; i < n; i++)
    {
      WirelabNode *node = wirelab_lab_create_node (lab, kind_at (i), NULL, (i % cols) * SPACING,
                                                   (i / cols) * SPACING, &error);

      if (node == NULL)
        {
          fprintf (stderr, "wirelab-bench: node %u: %s\n", i, error->message);
          return 1;
        }
      g_ptr_array_add (nodes, node);
    }
  report ("create_node × N", t);

  t = mark ();
  for (guint i = 0; i < n; i++)
    for (guint d = 0; d < 2; d++)
      {
        guint j = d == 0 ? (i % cols + 1 < cols ? i + 1 : n) : i + cols;
        g_autofree char *ia = NULL, *ib = NULL;

        if (j >= n)
          continue;
        ia = wirelab_lab_dup_free_interface (lab, nodes->pdata[i]);
        ib = wirelab_lab_dup_free_interface (lab, nodes->pdata[j]);
        if (ia == NULL || ib == NULL)
          continue;
        if (wirelab_lab_connect (lab, nodes->pdata[i], ia, nodes->pdata[j], ib, &error) == NULL)
          {
            fprintf (stderr, "wirelab-bench: link %u-%u: %s\n", i, j, error->message);
            return 1;
          }
        links++;
      }
  {
    g_autofree char *what = g_strdup_printf ("dup_free_interface + connect × %u links", links);

    report (what, t);
  }

  t = mark ();
  move_all (lab, 1, 10);
  {
    g_autofree char *what = g_strdup_printf ("%u moves, one gesture (%s)", n,
                                             wirelab_history_get_undo_label (history));

    report (what, t);
  }
  t = mark ();
  move_all (lab, 10, 1);
  {
    g_autofree char *what = g_strdup_printf ("%u moves, one gesture", 10 * n);

    report (what, t);
  }

  t = mark ();
  data = wirelab_lab_to_data (lab, &length);
  {
    g_autofree char *what = g_strdup_printf ("to_data (%.1f MB)", length / 1e6);

    report (what, t);
  }

  t = mark ();
  loaded = wirelab_lab_load_from_data (data, length, &error);
  if (loaded == NULL)
    {
      fprintf (stderr, "wirelab-bench: the saved lab does not load: %s\n", error->message);
      return 1;
    }
  report ("load_from_data", t);

  t = mark ();
  if (!wirelab_lab_validate (loaded, &error))
    {
      fprintf (stderr, "wirelab-bench: the loaded lab is not valid: %s\n", error->message);
      return 1;
    }
  report ("validate", t);

  /* The GUI's lab has a session (not connected here) following its lists. */
  {
    g_autoptr(WirelabSession) session G_GNUC_UNUSED = wirelab_session_new (loaded);
    GListModel *model = wirelab_lab_get_nodes (loaded);
    g_autoptr(GPtrArray) doomed = g_ptr_array_new_with_free_func (g_object_unref);

    for (guint i = 0; i < g_list_model_get_n_items (model); i += 10)
      g_ptr_array_add (doomed, g_list_model_get_item (model, i));
    t = mark ();
    wirelab_history_begin_group (wirelab_lab_get_history (loaded), "Delete");
    for (guint i = 0; i < doomed->len; i++)
      wirelab_lab_remove_node (loaded, doomed->pdata[i]);
    wirelab_history_end_group (wirelab_lab_get_history (loaded));
    {
      g_autofree char *what = g_strdup_printf ("with a session: delete %u nodes, one step", doomed->len);

      report (what, t);
    }
    t = mark ();
    wirelab_history_undo (wirelab_lab_get_history (loaded));
    report ("with a session: undo that", t);
    while (g_main_context_iteration (NULL, FALSE))
      ;
  }

  t = mark ();
  g_clear_object (&loaded);
  report ("free the loaded lab", t);

  t = mark ();
  for (guint i = 0; i < n; i += 10)
    wirelab_lab_remove_node (lab, nodes->pdata[i]);
  g_ptr_array_set_size (nodes, 0);
  {
    g_autofree char *what = g_strdup_printf ("remove_node × %u (with their links)", (n + 9) / 10);

    report (what, t);
  }

  t = mark ();
  while (wirelab_history_undo (history))
    steps++;
  {
    g_autofree char *what = g_strdup_printf ("undo all %u steps", steps);

    report (what, t);
  }
  t = mark ();
  while (wirelab_history_redo (history))
    ;
  report ("redo all", t);

  g_weak_ref_init (&weak, lab);
  t = mark ();
  g_clear_object (&lab);
  report ("free the lab (with its history)", t);
  {
    GObject *alive = g_weak_ref_get (&weak);

    printf ("  lab finalized: %s\n", alive == NULL ? "yes" : "NO (leaked)");
    g_clear_object (&alive);
  }
  g_weak_ref_clear (&weak);
  return 0;
}
