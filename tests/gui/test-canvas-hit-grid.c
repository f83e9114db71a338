/* test-canvas-hit-grid.c: the canvas's grid hash of rectangles
 *
 * Copyright 2026 The Wirelab authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * GTK-free: runs without a display.  Every query is checked against a
 * linear scan of the same rectangles.
 */

#define G_LOG_DOMAIN "test-canvas"

#include "config.h"

#include "wirelab-canvas-hit-grid.h"

#define N_ITEMS 600

static gboolean
meets (const graphene_rect_t *a,
       const graphene_rect_t *b)
{
  return a->origin.x <= b->origin.x + b->size.width && b->origin.x <= a->origin.x + a->size.width &&
         a->origin.y <= b->origin.y + b->size.height && b->origin.y <= a->origin.y + a->size.height;
}

static void
check_query (WlHitGrid             *grid,
             const graphene_rect_t *rects,
             const gboolean        *present,
             const graphene_rect_t *query)
{
  g_autoptr(GPtrArray) hits = wl_hit_grid_query (grid, query);
  g_autoptr(GHashTable) seen = g_hash_table_new (NULL, NULL);
  guint expected = 0;

  for (guint i = 0; i < hits->len; i++)
    {
      guint index = GPOINTER_TO_UINT (g_ptr_array_index (hits, i)) - 1;

      g_assert_true (g_hash_table_add (seen, hits->pdata[i]));   /* each once */
      g_assert_true (present[index]);
      g_assert_true (meets (&rects[index], query));
    }
  for (guint i = 0; i < N_ITEMS; i++)
    expected += present[i] && meets (&rects[i], query);
  g_assert_cmpuint (hits->len, ==, expected);
}

static graphene_rect_t
random_rect (GRand *rand)
{
  double x = g_rand_double_range (rand, -3000, 3000);
  double y = g_rand_double_range (rand, -2000, 2000);

  /* Mostly node-sized, a few long links that span many cells. */
  if (g_rand_int_range (rand, 0, 20) == 0)
    return GRAPHENE_RECT_INIT (x, y, g_rand_double_range (rand, 500, 4000),
                               g_rand_double_range (rand, 0, 3000));
  return GRAPHENE_RECT_INIT (x, y, g_rand_double_range (rand, 0, 120), g_rand_double_range (rand, 0, 90));
}

static void
test_against_scan (void)
{
  g_autoptr(WlHitGrid) grid = wl_hit_grid_new (128);
  g_autoptr(GRand) rand = g_rand_new_with_seed (7);
  graphene_rect_t rects[N_ITEMS];
  gboolean present[N_ITEMS] = { FALSE };

  for (guint i = 0; i < N_ITEMS; i++)
    {
      rects[i] = random_rect (rand);
      wl_hit_grid_set (grid, GUINT_TO_POINTER (i + 1), &rects[i]);
      present[i] = TRUE;
    }
  g_assert_cmpuint (wl_hit_grid_get_size (grid), ==, N_ITEMS);

  for (guint round = 0; round < 300; round++)
    {
      guint i = g_rand_int_range (rand, 0, N_ITEMS);
      graphene_rect_t query = random_rect (rand);
      graphene_point_t p = GRAPHENE_POINT_INIT (g_rand_double_range (rand, -3000, 3000),
                                                g_rand_double_range (rand, -2000, 2000));

      /* Move, remove or re-add an item, then ask. */
      switch (round % 3)
        {
        case 0:
          rects[i] = random_rect (rand);
          wl_hit_grid_set (grid, GUINT_TO_POINTER (i + 1), &rects[i]);
          present[i] = TRUE;
          break;
        case 1:
          wl_hit_grid_remove (grid, GUINT_TO_POINTER (i + 1));
          present[i] = FALSE;
          break;
        default:
          break;
        }
      check_query (grid, rects, present, &query);
      check_query (grid, rects, present, &GRAPHENE_RECT_INIT (p.x, p.y, 0, 0));
    }

  /* A query wider than everything (a fitted view) sees every item. */
  check_query (grid, rects, present, &GRAPHENE_RECT_INIT (-1e6, -1e6, 2e6, 2e6));
}

static void
test_edges_and_lookup (void)
{
  g_autoptr(WlHitGrid) grid = wl_hit_grid_new (100);
  graphene_rect_t r;
  g_autoptr(GPtrArray) hits = NULL;

  /* A rectangle touching a cell edge is found from both sides. */
  wl_hit_grid_set (grid, GUINT_TO_POINTER (1), &GRAPHENE_RECT_INIT (50, 50, 50, 50));
  hits = wl_hit_grid_query (grid, &GRAPHENE_RECT_INIT (100, 100, 0, 0));
  g_assert_cmpuint (hits->len, ==, 1);
  g_clear_pointer (&hits, g_ptr_array_unref);
  hits = wl_hit_grid_query (grid, &GRAPHENE_RECT_INIT (100.5, 100, 0, 0));
  g_assert_cmpuint (hits->len, ==, 0);
  g_clear_pointer (&hits, g_ptr_array_unref);

  /* Negative coordinates, and moving within the same cells. */
  wl_hit_grid_set (grid, GUINT_TO_POINTER (2), &GRAPHENE_RECT_INIT (-250, -250, 10, 10));
  wl_hit_grid_set (grid, GUINT_TO_POINTER (2), &GRAPHENE_RECT_INIT (-245, -245, 10, 10));
  g_assert_true (wl_hit_grid_lookup (grid, GUINT_TO_POINTER (2), &r));
  g_assert_cmpfloat (r.origin.x, ==, -245);
  hits = wl_hit_grid_query (grid, &GRAPHENE_RECT_INIT (-240, -240, 0, 0));
  g_assert_cmpuint (hits->len, ==, 1);
  g_assert_true (hits->pdata[0] == GUINT_TO_POINTER (2));

  wl_hit_grid_remove (grid, GUINT_TO_POINTER (2));
  g_assert_false (wl_hit_grid_lookup (grid, GUINT_TO_POINTER (2), NULL));
  wl_hit_grid_remove (grid, GUINT_TO_POINTER (2));   /* twice is harmless */
  wl_hit_grid_clear (grid);
  g_assert_cmpuint (wl_hit_grid_get_size (grid), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/canvas/hit-grid/against-scan", test_against_scan);
  g_test_add_func ("/canvas/hit-grid/edges-and-lookup", test_edges_and_lookup);
  return g_test_run ();
}
