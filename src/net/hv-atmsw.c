/* hv-atmsw.c: the `atmsw` module, an ATM cell switch (spec section 5.7)
 *
 * Copyright 2026 The Wirelab authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * One-way connections: a VPC rewrites the VPI of every cell of a path, a VCC
 * the VPI/VCI of one channel; the HEC is recomputed.  As in Dynamips, a VPC
 * on a port and VPI takes precedence and excludes VCCs under it.
 */

#define G_LOG_DOMAIN "wirelab-atm"

#include "config.h"

#include <string.h>

#include "protocol/hv-module.h"

#include "atm.h"
#include "hv-net.h"
#include "nio.h"
#include "nio-save.h"

typedef struct _Atmsw Atmsw;

typedef struct
{
  gboolean  is_vcc;
  wl_nio_t *in;
  guint     vpi_in;
  guint     vci_in;
  wl_nio_t *out;
  guint     vpi_out;
  guint     vci_out;
} AtmConn;

typedef struct
{
  Atmsw      *sw;
  wl_nio_t   *nio;
  GHashTable *vp;        /* VPI -> AtmConn * */
  GHashTable *vc;        /* VPI << 16 | VCI -> AtmConn * */
} AtmPort;

struct _Atmsw
{
  GMutex     lock;
  GPtrArray *ports;      /* AtmPort * */
  GPtrArray *conns;      /* AtmConn *, in creation order */
};

#define VC_KEY(vpi, vci) GUINT_TO_POINTER (((vpi) << 16) | (vci))

static void
atmsw_rx (wl_nio_t      *nio,
          const uint8_t *frame,
          size_t         len,
          void          *opaque)
{
  AtmPort *port = opaque;
  guint8 *cell = (guint8 *) frame;   /* ours to rewrite (nio.h) */
  AtmConn *conn;
  guint vpi, vci;

  if (len != WL_ATM_CELL_SIZE)
    return;
  vpi = wl_atm_cell_vpi (cell);
  vci = wl_atm_cell_vci (cell);

  g_mutex_lock (&port->sw->lock);
  if ((conn = g_hash_table_lookup (port->vp, GUINT_TO_POINTER (vpi))) != NULL)
    {
      wl_atm_cell_set_vc (cell, conn->vpi_out, vci);
      wl_nio_send (conn->out, cell, len);
    }
  else if ((conn = g_hash_table_lookup (port->vc, VC_KEY (vpi, vci))) != NULL)
    {
      wl_atm_cell_set_vc (cell, conn->vpi_out, conn->vci_out);
      wl_nio_send (conn->out, cell, len);
    }
  g_mutex_unlock (&port->sw->lock);
}

static AtmPort *
find_port (Atmsw    *sw,
           wl_nio_t *nio)
{
  for (guint i = 0; i < sw->ports->len; i++)
    if (((AtmPort *) g_ptr_array_index (sw->ports, i))->nio == nio)
      return g_ptr_array_index (sw->ports, i);
  return NULL;
}

static AtmPort *
get_port (Atmsw    *sw,
          wl_nio_t *nio)
{
  AtmPort *port = find_port (sw, nio);

  if (port != NULL)
    return port;
  port = g_new0 (AtmPort, 1);
  port->sw = sw;
  port->nio = wl_nio_ref (nio);
  port->vp = g_hash_table_new (NULL, NULL);
  port->vc = g_hash_table_new (NULL, NULL);
  if (!wl_nio_attach (nio, atmsw_rx, port))
    {
      wl_nio_unref (port->nio);
      g_hash_table_unref (port->vp);
      g_hash_table_unref (port->vc);
      g_free (port);
      return NULL;
    }
  g_mutex_lock (&sw->lock);
  g_ptr_array_add (sw->ports, port);
  g_mutex_unlock (&sw->lock);
  return port;
}

static void
release_port_if_unused (Atmsw   *sw,
                        AtmPort *port)
{
  if (g_hash_table_size (port->vp) > 0 || g_hash_table_size (port->vc) > 0)
    return;
  g_mutex_lock (&sw->lock);
  g_ptr_array_remove (sw->ports, port);
  g_mutex_unlock (&sw->lock);
  /* Outside the switch lock: the callback may be waiting for it. */
  wl_nio_detach (port->nio);
  wl_nio_unref (port->nio);
  g_hash_table_unref (port->vp);
  g_hash_table_unref (port->vc);
  g_free (port);
}

static gboolean
add_conn (Atmsw   *sw,
          AtmConn *proto)
{
  AtmPort *port = find_port (sw, proto->in);
  AtmConn *conn;

  if (port != NULL &&
      (g_hash_table_contains (port->vp, GUINT_TO_POINTER (proto->vpi_in)) ||
       (proto->is_vcc && g_hash_table_contains (port->vc, VC_KEY (proto->vpi_in, proto->vci_in)))))
    return FALSE;
  port = get_port (sw, proto->in);
  if (port == NULL)
    return FALSE;

  conn = g_memdup2 (proto, sizeof *proto);
  wl_nio_ref (conn->in);
  wl_nio_ref (conn->out);
  g_mutex_lock (&sw->lock);
  if (conn->is_vcc)
    g_hash_table_insert (port->vc, VC_KEY (conn->vpi_in, conn->vci_in), conn);
  else
    g_hash_table_insert (port->vp, GUINT_TO_POINTER (conn->vpi_in), conn);
  g_ptr_array_add (sw->conns, conn);
  g_mutex_unlock (&sw->lock);
  return TRUE;
}

static void
drop_conn (Atmsw   *sw,
           AtmConn *conn)
{
  AtmPort *port = find_port (sw, conn->in);

  g_return_if_fail (port != NULL);
  g_mutex_lock (&sw->lock);
  if (conn->is_vcc)
    g_hash_table_remove (port->vc, VC_KEY (conn->vpi_in, conn->vci_in));
  else
    g_hash_table_remove (port->vp, GUINT_TO_POINTER (conn->vpi_in));
  g_ptr_array_remove (sw->conns, conn);
  g_mutex_unlock (&sw->lock);
  release_port_if_unused (sw, port);
  wl_nio_unref (conn->in);
  wl_nio_unref (conn->out);
  g_free (conn);
}

static gboolean
remove_conn (Atmsw   *sw,
             AtmConn *match)
{
  for (guint i = 0; i < sw->conns->len; i++)
    {
      AtmConn *c = g_ptr_array_index (sw->conns, i);

      if (c->is_vcc == match->is_vcc && c->in == match->in && c->out == match->out &&
          c->vpi_in == match->vpi_in && c->vpi_out == match->vpi_out &&
          (!c->is_vcc || (c->vci_in == match->vci_in && c->vci_out == match->vci_out)))
        {
          drop_conn (sw, c);
          return TRUE;
        }
    }
  return FALSE;
}

static Atmsw *
atmsw_new (void)
{
  Atmsw *sw = g_new0 (Atmsw, 1);

  g_mutex_init (&sw->lock);
  sw->ports = g_ptr_array_new ();
  sw->conns = g_ptr_array_new ();
  return sw;
}

static void
atmsw_free (gpointer data)
{
  Atmsw *sw = data;

  while (sw->conns->len > 0)
    drop_conn (sw, g_ptr_array_index (sw->conns, sw->conns->len - 1));
  g_ptr_array_unref (sw->ports);
  g_ptr_array_unref (sw->conns);
  g_mutex_clear (&sw->lock);
  g_free (sw);
}

/* Commands */

static void
cmd_create (WirelabHypervisor *hv,
            WlHvReply         *reply,
            guint              argc,
            char             **argv)
{
  if (wl_hv_object_lookup (hv, WL_HV_OBJ_ATMSW, argv[0]) != NULL)
    {
      wl_hv_reply_error (reply, WL_HV_ERR_CREATE, "unable to create ATM switch '%s'", argv[0]);
      return;
    }
  wl_hv_object_add (hv, WL_HV_OBJ_ATMSW, argv[0], atmsw_new (), atmsw_free);
  wl_hv_reply_ok (reply, "ATMSW '%s' created", argv[0]);
}

static void
cmd_rename (WirelabHypervisor *hv,
            WlHvReply         *reply,
            guint              argc,
            char             **argv)
{
  if (wl_hv_find_object (hv, reply, WL_HV_OBJ_ATMSW, argv[0]) == NULL)
    return;
  if (!wl_hv_object_rename (hv, WL_HV_OBJ_ATMSW, argv[0], argv[1]))
    {
      wl_hv_reply_error (reply, WL_HV_ERR_RENAME, "unable to rename ATMSW '%s', '%s' already exists",
                         argv[0], argv[1]);
      return;
    }
  wl_hv_reply_ok (reply, "ATMSW '%s' renamed to '%s'", argv[0], argv[1]);
}

static void
cmd_delete (WirelabHypervisor *hv,
            WlHvReply         *reply,
            guint              argc,
            char             **argv)
{
  if (!wl_hv_object_remove (hv, WL_HV_OBJ_ATMSW, argv[0]))
    {
      wl_hv_reply_error (reply, WL_HV_ERR_DELETE, "unable to delete ATMSW '%s'", argv[0]);
      return;
    }
  wl_hv_reply_ok (reply, "ATMSW '%s' deleted", argv[0]);
}

static gboolean
parse_number (const char *text,
              guint64     max,
              guint      *out)
{
  guint64 value;

  if (!g_ascii_string_to_unsigned (text, 10, 0, max, &value, NULL))
    return FALSE;
  *out = value;
  return TRUE;
}

/* argv: sw in vpi [vci] out vpi [vci] */
static gboolean
parse_conn (WirelabHypervisor  *hv,
            char              **argv,
            gboolean            is_vcc,
            AtmConn            *conn)
{
  guint i = is_vcc ? 4 : 3;

  memset (conn, 0, sizeof *conn);
  conn->is_vcc = is_vcc;
  conn->in = wl_hv_object_lookup (hv, WL_HV_OBJ_NIO, argv[1]);
  conn->out = wl_hv_object_lookup (hv, WL_HV_OBJ_NIO, argv[i]);
  return conn->in != NULL && conn->out != NULL &&
         parse_number (argv[2], 4095, &conn->vpi_in) &&
         parse_number (argv[i + 1], 4095, &conn->vpi_out) &&
         (!is_vcc || (parse_number (argv[3], 65535, &conn->vci_in) &&
                      parse_number (argv[i + 2], 65535, &conn->vci_out)));
}

static void
change_conn (WirelabHypervisor  *hv,
             WlHvReply          *reply,
             char              **argv,
             gboolean            is_vcc,
             gboolean            create)
{
  Atmsw *sw = wl_hv_find_object (hv, reply, WL_HV_OBJ_ATMSW, argv[0]);
  const char *what = is_vcc ? "VCC" : "VPC";
  AtmConn conn;

  if (sw == NULL)
    return;
  if (!parse_conn (hv, argv, is_vcc, &conn) ||
      !(create ? add_conn (sw, &conn) : remove_conn (sw, &conn)))
    {
      wl_hv_reply_error (reply, WL_HV_ERR_BINDING, "unable to %s %s",
                         create ? "create" : "delete", what);
      return;
    }
  wl_hv_reply_ok (reply, "%s %s", what, create ? "created" : "deleted");
}

static void
cmd_create_vpc (WirelabHypervisor *hv,
                WlHvReply         *reply,
                guint              argc,
                char             **argv)
{
  change_conn (hv, reply, argv, FALSE, TRUE);
}

static void
cmd_delete_vpc (WirelabHypervisor *hv,
                WlHvReply         *reply,
                guint              argc,
                char             **argv)
{
  change_conn (hv, reply, argv, FALSE, FALSE);
}

static void
cmd_create_vcc (WirelabHypervisor *hv,
                WlHvReply         *reply,
                guint              argc,
                char             **argv)
{
  change_conn (hv, reply, argv, TRUE, TRUE);
}

static void
cmd_delete_vcc (WirelabHypervisor *hv,
                WlHvReply         *reply,
                guint              argc,
                char             **argv)
{
  change_conn (hv, reply, argv, TRUE, FALSE);
}

static void
cmd_list (WirelabHypervisor *hv,
          WlHvReply         *reply,
          guint              argc,
          char             **argv)
{
  g_auto(GStrv) names = wl_hv_object_names (hv, WL_HV_OBJ_ATMSW);

  for (guint i = 0; names[i] != NULL; i++)
    wl_hv_reply_info (reply, "%s", names[i]);
  wl_hv_reply_ok (reply, "OK");
}

static void
atmsw_reset (WirelabHypervisor *hv)
{
  g_auto(GStrv) names = wl_hv_object_names (hv, WL_HV_OBJ_ATMSW);

  for (guint i = 0; names[i] != NULL; i++)
    wl_hv_object_remove (hv, WL_HV_OBJ_ATMSW, names[i]);
}

static void
atmsw_save (WirelabHypervisor *hv,
            GString           *out)
{
  g_auto(GStrv) names = wl_hv_object_names (hv, WL_HV_OBJ_ATMSW);

  for (guint i = 0; names[i] != NULL; i++)
    {
      Atmsw *sw = wl_hv_object_lookup (hv, WL_HV_OBJ_ATMSW, names[i]);

      wl_save_command (out, "atmsw", "create", names[i], NULL);
      for (guint j = 0; j < sw->conns->len; j++)
        {
          AtmConn *c = g_ptr_array_index (sw->conns, j);
          char a[8], b[8], x[8], y[8];

          g_snprintf (a, sizeof a, "%u", c->vpi_in);
          g_snprintf (b, sizeof b, "%u", c->vci_in);
          g_snprintf (x, sizeof x, "%u", c->vpi_out);
          g_snprintf (y, sizeof y, "%u", c->vci_out);
          if (c->is_vcc)
            wl_save_command (out, "atmsw", "create_vcc", names[i], wl_nio_get_name (c->in), a, b,
                             wl_nio_get_name (c->out), x, y, NULL);
          else
            wl_save_command (out, "atmsw", "create_vpc", names[i], wl_nio_get_name (c->in), a,
                             wl_nio_get_name (c->out), x, NULL);
        }
    }
}

static const WlHvCommand atmsw_commands[] = {
  { "create", 1, 1, cmd_create },
  { "rename", 2, 2, cmd_rename },
  { "delete", 1, 1, cmd_delete },
  { "create_vpc", 5, 5, cmd_create_vpc },
  { "delete_vpc", 5, 5, cmd_delete_vpc },
  { "create_vcc", 7, 7, cmd_create_vcc },
  { "delete_vcc", 7, 7, cmd_delete_vcc },
  { "list", 0, 0, cmd_list },
  { NULL }
};

static const WlHvModule atmsw_module = {
  .name = "atmsw",
  .commands = atmsw_commands,
  .reset = atmsw_reset,
  .reset_order = 10,
  .save = atmsw_save,
};

void
wl_net_register_atmsw_module (WirelabHypervisor *hv)
{
  wl_hv_register_module (hv, &atmsw_module);
}
