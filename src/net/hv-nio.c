/* hv-nio.c: the `nio` hypervisor module (spec sections 5.4, 6, 7)
 *
 * Copyright 2026 The Wirelab authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * Reply texts are Dynamips'.  Unlike Dynamips, a failed or duplicate create
 * changes nothing, and a UDP port already used by a NIO of this hypervisor
 * is refused (206) instead of silently shared.
 */

#define G_LOG_DOMAIN "wirelab-nio"

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "protocol/hv-module.h"
#include "protocol/hv-private.h"

#include "hv-net.h"
#include "hv-object.h"
#include "nio-filter.h"
#include "nio-types.h"

static gboolean
parse_port (const char *text,
            guint16    *port)
{
  guint64 value;

  if (!g_ascii_string_to_unsigned (text, 10, 0, 65535, &value, NULL))
    return FALSE;
  *port = value;
  return TRUE;
}

static void
nio_registry_destroy (gpointer data)
{
  wl_nio_t *nio = data;

  /* `nio delete` releases the port or device now, whoever still holds a
   * reference. */
  wl_nio_close (nio);
  wl_nio_unref (nio);
}

/* Makes a NIO from a create command's arguments: NULL when they are refused
 * (with the reason in `error` when there is one). */
typedef wl_nio_t *(*NioBuildFunc) (WirelabHypervisor  *hv,
                                   char              **argv,
                                   GError            **error);

/* Registers the NIO `build` makes under argv[0], or answers 206 with
 * Dynamips' `error_text` (the reason goes to the log).  The name is checked
 * first, so a duplicate touches nothing. */
static wl_nio_t *
register_nio (WirelabHypervisor  *hv,
              WlHvReply          *reply,
              char              **argv,
              const char         *error_text,
              NioBuildFunc        build)
{
  g_autoptr(GError) error = NULL;
  wl_nio_t *nio;

  if (wl_hv_object_lookup (hv, WL_HV_OBJ_NIO, argv[0]) != NULL)
    {
      g_info ("NIO '%s' already exists", argv[0]);
      wl_hv_reply_error (reply, WL_HV_ERR_CREATE, "%s", error_text);
      return NULL;
    }
  nio = build (hv, argv, &error);
  if (nio != NULL && wl_hv_object_add (hv, WL_HV_OBJ_NIO, argv[0], nio, nio_registry_destroy))
    return nio;
  if (nio != NULL)
    nio_registry_destroy (nio);
  g_message ("cannot create NIO '%s': %s", argv[0],
             error != NULL ? error->message : "bad argument or refused");
  wl_hv_reply_error (reply, WL_HV_ERR_CREATE, "%s", error_text);
  return NULL;
}

static void
create_nio (WirelabHypervisor  *hv,
            WlHvReply          *reply,
            char              **argv,
            const char         *error_text,
            NioBuildFunc        build)
{
  if (register_nio (hv, reply, argv, error_text, build) != NULL)
    wl_hv_reply_ok (reply, "NIO '%s' created", argv[0]);
}

/* The local ports of this hypervisor's UDP NIOs. */
static GHashTable *
udp_ports_in_use (WirelabHypervisor *hv)
{
  GHashTable *ports = g_hash_table_new (NULL, NULL);
  g_auto(GStrv) names = wl_hv_object_names (hv, WL_HV_OBJ_NIO);

  for (guint i = 0; names[i] != NULL; i++)
    {
      wl_nio_t *nio = wl_hv_object_lookup (hv, WL_HV_OBJ_NIO, names[i]);

      if (wl_nio_is_udp (nio))
        g_hash_table_add (ports, GUINT_TO_POINTER (wl_nio_udp_get_local_port (nio)));
    }
  return ports;
}

/* Port 0 asks the kernel for a free one: never taken. */
static gboolean
udp_port_taken (guint16  port,
                gpointer ports_in_use)
{
  return port != 0 && g_hash_table_contains (ports_in_use, GUINT_TO_POINTER (port));
}

static wl_nio_t *
build_udp (WirelabHypervisor  *hv,
           char              **argv,
           GError            **error)
{
  g_autoptr(GHashTable) in_use = NULL;
  guint16 lport, rport;

  if (!parse_port (argv[1], &lport) || !parse_port (argv[3], &rport))
    return NULL;
  in_use = udp_ports_in_use (hv);
  if (udp_port_taken (lport, in_use))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_ADDRESS_IN_USE,
                   "UDP port %u is used by another NIO", lport);
      return NULL;
    }
  return wl_nio_udp_new (argv[0], lport, argv[2], rport, wl_hv_is_sandboxed (hv), error);
}

static void
cmd_create_udp (WirelabHypervisor *hv,
                WlHvReply         *reply,
                guint              argc,
                char             **argv)
{
  create_nio (hv, reply, argv, "unable to create UDP NIO", build_udp);
}

static wl_nio_t *
build_udp_auto (WirelabHypervisor  *hv,
                char              **argv,
                GError            **error)
{
  g_autoptr(GHashTable) in_use = NULL;
  guint16 start, end;

  if (!parse_port (argv[2], &start) || !parse_port (argv[3], &end))
    return NULL;
  in_use = udp_ports_in_use (hv);
  return wl_nio_udp_auto_new (argv[0], argv[1], start, end, wl_hv_is_sandboxed (hv),
                              udp_port_taken, in_use, error);
}

static void
cmd_create_udp_auto (WirelabHypervisor *hv,
                     WlHvReply         *reply,
                     guint              argc,
                     char             **argv)
{
  wl_nio_t *nio = register_nio (hv, reply, argv, "unable to create UDP Auto NIO", build_udp_auto);

  if (nio != NULL)
    wl_hv_reply_ok (reply, "%u", wl_nio_udp_get_local_port (nio));
}

static void
cmd_connect_udp_auto (WirelabHypervisor *hv,
                      WlHvReply         *reply,
                      guint              argc,
                      char             **argv)
{
  g_autoptr(GError) error = NULL;
  wl_nio_t *nio = wl_hv_find_object (hv, reply, WL_HV_OBJ_NIO, argv[0]);
  guint16 rport;

  if (nio == NULL)
    return;
  if (!parse_port (argv[2], &rport) ||
      !wl_nio_udp_auto_connect (nio, argv[1], rport, wl_hv_is_sandboxed (hv), &error))
    {
      g_message ("cannot connect NIO '%s': %s", argv[0], error != NULL ? error->message : "bad port");
      wl_hv_reply_error (reply, WL_HV_ERR_CREATE, "unable to connect NIO");
      return;
    }
  wl_hv_reply_ok (reply, "NIO '%s' connected", argv[0]);
}

/* UNIX and VDE: two socket paths, resolved in the working directory. */
static wl_nio_t *
build_unix (WirelabHypervisor  *hv,
            char              **argv,
            GError            **error)
{
  g_autofree char *local = wl_hv_resolve_path (hv, argv[1]);
  g_autofree char *remote = wl_hv_resolve_path (hv, argv[2]);

  return local != NULL && remote != NULL ? wl_nio_unix_new (argv[0], local, remote, error) : NULL;
}

static void
cmd_create_unix (WirelabHypervisor *hv,
                 WlHvReply         *reply,
                 guint              argc,
                 char             **argv)
{
  create_nio (hv, reply, argv, "unable to create UNIX NIO", build_unix);
}

static wl_nio_t *
build_vde (WirelabHypervisor  *hv,
           char              **argv,
           GError            **error)
{
  g_autofree char *control = wl_hv_resolve_path (hv, argv[1]);
  g_autofree char *local = wl_hv_resolve_path (hv, argv[2]);

  return control != NULL && local != NULL ? wl_nio_vde_new (argv[0], control, local, error) : NULL;
}

static void
cmd_create_vde (WirelabHypervisor *hv,
                WlHvReply         *reply,
                guint              argc,
                char             **argv)
{
  create_nio (hv, reply, argv, "unable to create VDE NIO", build_vde);
}

/* TAP, gen_eth and linux_eth: host interfaces, never in a sandbox. */
static wl_nio_t *
build_tap (WirelabHypervisor  *hv,
           char              **argv,
           GError            **error)
{
  return wl_hv_is_sandboxed (hv) ? NULL : wl_nio_tap_new (argv[0], argv[1], error);
}

static void
cmd_create_tap (WirelabHypervisor *hv,
                WlHvReply         *reply,
                guint              argc,
                char             **argv)
{
  create_nio (hv, reply, argv, "unable to create TAP NIO", build_tap);
}

static wl_nio_t *
build_gen_eth (WirelabHypervisor  *hv,
               char              **argv,
               GError            **error)
{
  return wl_hv_is_sandboxed (hv) ? NULL : wl_nio_gen_eth_new (argv[0], argv[1], error);
}

static void
cmd_create_gen_eth (WirelabHypervisor *hv,
                    WlHvReply         *reply,
                    guint              argc,
                    char             **argv)
{
  create_nio (hv, reply, argv, "unable to create generic ethernet NIO", build_gen_eth);
}

static wl_nio_t *
build_linux_eth (WirelabHypervisor  *hv,
                 char              **argv,
                 GError            **error)
{
  return wl_hv_is_sandboxed (hv) ? NULL : wl_nio_linux_eth_new (argv[0], argv[1], error);
}

static void
cmd_create_linux_eth (WirelabHypervisor *hv,
                      WlHvReply         *reply,
                      guint              argc,
                      char             **argv)
{
  create_nio (hv, reply, argv, "unable to create Linux raw ethernet NIO", build_linux_eth);
}

static wl_nio_t *
build_null (WirelabHypervisor  *hv,
            char              **argv,
            GError            **error)
{
  return wl_nio_null_new (argv[0]);
}

static void
cmd_create_null (WirelabHypervisor *hv,
                 WlHvReply         *reply,
                 guint              argc,
                 char             **argv)
{
  create_nio (hv, reply, argv, "unable to create Null NIO", build_null);
}

static wl_nio_t *
build_fifo (WirelabHypervisor  *hv,
            char              **argv,
            GError            **error)
{
  return wl_nio_fifo_new (argv[0], error);
}

static void
cmd_create_fifo (WirelabHypervisor *hv,
                 WlHvReply         *reply,
                 guint              argc,
                 char             **argv)
{
  create_nio (hv, reply, argv, "unable to create FIFO NIO", build_fifo);
}

static void
cmd_crossconnect_fifo (WirelabHypervisor *hv,
                       WlHvReply         *reply,
                       guint              argc,
                       char             **argv)
{
  wl_nio_t *a = wl_hv_find_object (hv, reply, WL_HV_OBJ_NIO, argv[0]);
  wl_nio_t *b;

  if (a == NULL || (b = wl_hv_find_object (hv, reply, WL_HV_OBJ_NIO, argv[1])) == NULL)
    return;
  if (!wl_nio_fifo_crossconnect (a, b))
    {
      wl_hv_reply_error (reply, WL_HV_ERR_BINDING, "unable to crossconnect NIO '%s' and '%s'",
                         argv[0], argv[1]);
      return;
    }
  wl_hv_reply_ok (reply, "OK");
}

/* NIOs are made by the create_* commands, not wl_net_object_create. */
static const WlNetObjectType nio_type = {
  .kind = WL_HV_OBJ_NIO,
  .module = "nio",
  .label = "NIO",
};

static void
cmd_rename (WirelabHypervisor *hv,
            WlHvReply         *reply,
            guint              argc,
            char             **argv)
{
  if (wl_net_object_rename (hv, reply, argv, &nio_type))
    wl_nio_set_name (wl_hv_object_lookup (hv, WL_HV_OBJ_NIO, argv[1]), argv[1]);
}

/* Only the registry holds it.  The I/O thread may hold a NIO a moment while
 * frames staged for it leave; wait that out before saying "in use". */
static gboolean
only_registry_holds (wl_nio_t *nio)
{
  if (g_atomic_int_get (&nio->ref) == 1)
    return TRUE;
  wl_net_sync ();
  return g_atomic_int_get (&nio->ref) == 1;
}

static void
cmd_delete (WirelabHypervisor *hv,
            WlHvReply         *reply,
            guint              argc,
            char             **argv)
{
  wl_nio_t *nio = wl_hv_object_lookup (hv, WL_HV_OBJ_NIO, argv[0]);

  /* Bound to a switch, bridge or NIC, or kept by a VM's slot binding or a
   * VC: still in use, as in Dynamips. */
  if (nio == NULL || wl_nio_is_attached (nio) || !only_registry_holds (nio))
    {
      wl_hv_reply_error (reply, WL_HV_ERR_DELETE, "unable to delete NIO '%s'", argv[0]);
      return;
    }
  wl_hv_object_remove (hv, WL_HV_OBJ_NIO, argv[0]);
  wl_hv_reply_ok (reply, "NIO '%s' deleted", argv[0]);
}

static void
cmd_set_debug (WirelabHypervisor *hv,
               WlHvReply         *reply,
               guint              argc,
               char             **argv)
{
  wl_nio_t *nio = wl_hv_find_object (hv, reply, WL_HV_OBJ_NIO, argv[0]);

  if (nio == NULL)
    return;
  wl_nio_set_debug (nio, atoi (argv[1]));
  wl_hv_reply_ok (reply, "OK");
}

static gboolean
parse_dir (WlHvReply  *reply,
           const char *text,
           WlNioDir   *dir)
{
  guint64 value;

  if (!g_ascii_string_to_unsigned (text, 10, 0, WL_NIO_N_DIRS - 1, &value, NULL))
    {
      wl_hv_reply_error (reply, WL_HV_ERR_INV_PARAM,
                         "Invalid direction '%s' (0 RX, 1 TX, 2 both)", text);
      return FALSE;
    }
  *dir = value;
  return TRUE;
}

static void
cmd_bind_filter (WirelabHypervisor *hv,
                 WlHvReply         *reply,
                 guint              argc,
                 char             **argv)
{
  wl_nio_t *nio = wl_hv_find_object (hv, reply, WL_HV_OBJ_NIO, argv[0]);
  WlNioDir dir;

  if (nio == NULL || !parse_dir (reply, argv[1], &dir))
    return;
  if (!wl_nio_bind_filter (nio, dir, argv[2]))
    {
      wl_hv_reply_error (reply, WL_HV_ERR_UNK_OBJ, "Unknown filter %s", argv[2]);
      return;
    }
  wl_hv_reply_ok (reply, "OK");
}

static void
cmd_unbind_filter (WirelabHypervisor *hv,
                   WlHvReply         *reply,
                   guint              argc,
                   char             **argv)
{
  wl_nio_t *nio = wl_hv_find_object (hv, reply, WL_HV_OBJ_NIO, argv[0]);
  WlNioDir dir;

  if (nio == NULL || !parse_dir (reply, argv[1], &dir))
    return;
  if (!wl_nio_unbind_filter (nio, dir))
    {
      wl_hv_reply_error (reply, WL_HV_ERR_UNK_OBJ, "No filter previously defined");
      return;
    }
  wl_hv_reply_ok (reply, "OK");
}

static void
cmd_setup_filter (WirelabHypervisor *hv,
                  WlHvReply         *reply,
                  guint              argc,
                  char             **argv)
{
  wl_nio_t *nio = wl_hv_find_object (hv, reply, WL_HV_OBJ_NIO, argv[0]);
  WlNioDir dir;

  if (nio == NULL || !parse_dir (reply, argv[1], &dir))
    return;
  if (!wl_nio_setup_filter (nio, dir, hv, argc - 2, argv + 2))
    {
      wl_hv_reply_error (reply, WL_HV_ERR_UNSPECIFIED, "Failed to setup filter");
      return;
    }
  wl_hv_reply_ok (reply, "OK");
}

static void
cmd_get_stats (WirelabHypervisor *hv,
               WlHvReply         *reply,
               guint              argc,
               char             **argv)
{
  wl_nio_t *nio = wl_hv_find_object (hv, reply, WL_HV_OBJ_NIO, argv[0]);
  WlNioStats stats;

  if (nio == NULL)
    return;
  wl_nio_get_stats (nio, &stats);
  wl_hv_reply_ok (reply, "%" G_GUINT64_FORMAT " %" G_GUINT64_FORMAT " %" G_GUINT64_FORMAT
                  " %" G_GUINT64_FORMAT, stats.pkts_in, stats.pkts_out, stats.bytes_in,
                  stats.bytes_out);
}

static void
cmd_reset_stats (WirelabHypervisor *hv,
                 WlHvReply         *reply,
                 guint              argc,
                 char             **argv)
{
  wl_nio_t *nio = wl_hv_find_object (hv, reply, WL_HV_OBJ_NIO, argv[0]);

  if (nio == NULL)
    return;
  wl_nio_reset_stats (nio);
  wl_hv_reply_ok (reply, "OK");
}

static void
cmd_set_bandwidth (WirelabHypervisor *hv,
                   WlHvReply         *reply,
                   guint              argc,
                   char             **argv)
{
  wl_nio_t *nio = wl_hv_find_object (hv, reply, WL_HV_OBJ_NIO, argv[0]);

  if (nio == NULL)
    return;
  wl_nio_set_bandwidth (nio, (guint) MAX (atoi (argv[1]), 0));
  wl_hv_reply_ok (reply, "OK");
}

static void
cmd_list (WirelabHypervisor *hv,
          WlHvReply         *reply,
          guint              argc,
          char             **argv)
{
  wl_net_object_list (hv, reply, WL_HV_OBJ_NIO);
}

static void
nio_reset (WirelabHypervisor *hv)
{
  /* Frees happen on the I/O thread: wait for them, so a stopping process
   * leaves nothing behind. */
  if (wl_net_object_reset (hv, WL_HV_OBJ_NIO))
    wl_net_sync ();
}

static void
nio_save (WirelabHypervisor *hv,
          GString           *out)
{
  g_auto(GStrv) names = wl_hv_object_names (hv, WL_HV_OBJ_NIO);

  for (guint i = 0; names[i] != NULL; i++)
    {
      wl_nio_t *nio = wl_hv_object_lookup (hv, WL_HV_OBJ_NIO, names[i]);
      guint bandwidth = wl_nio_get_bandwidth (nio);

      nio->klass->save (nio, out);
      if (bandwidth > 0)
        g_string_append_printf (out, "nio set_bandwidth %s %u\n", names[i], bandwidth);
      wl_nio_save_filters (nio, out);
    }
}

static const WlHvCommand nio_commands[] = {
  { "create_udp", 4, 4, cmd_create_udp },
  { "create_udp_auto", 4, 4, cmd_create_udp_auto },
  { "connect_udp_auto", 3, 3, cmd_connect_udp_auto },
  { "create_unix", 3, 3, cmd_create_unix },
  { "create_vde", 3, 3, cmd_create_vde },
  { "create_tap", 2, 2, cmd_create_tap },
  { "create_gen_eth", 2, 2, cmd_create_gen_eth },
  { "create_linux_eth", 2, 2, cmd_create_linux_eth },
  { "create_null", 1, 1, cmd_create_null },
  { "create_fifo", 1, 1, cmd_create_fifo },
  { "crossconnect_fifo", 2, 2, cmd_crossconnect_fifo },
  { "rename", 2, 2, cmd_rename },
  { "delete", 1, 1, cmd_delete },
  { "set_debug", 2, 2, cmd_set_debug },
  { "bind_filter", 3, 3, cmd_bind_filter },
  { "unbind_filter", 2, 2, cmd_unbind_filter },
  { "setup_filter", 2, 10, cmd_setup_filter },
  { "get_stats", 1, 1, cmd_get_stats },
  { "reset_stats", 1, 1, cmd_reset_stats },
  { "set_bandwidth", 2, 2, cmd_set_bandwidth },
  { "list", 0, 0, cmd_list },
  { NULL }
};

static const WlHvModule nio_module = {
  .name = "nio",
  .commands = nio_commands,
  .reset = nio_reset,
  .reset_order = 20,
  .save = nio_save,
};

void
wl_net_register_nio_module (WirelabHypervisor *hv)
{
  wl_hv_register_module (hv, &nio_module);
}
