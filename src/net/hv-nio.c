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

/* Registers a new NIO, or answers 206 and frees it when the name is taken. */
static void
add_nio (WirelabHypervisor *hv,
         WlHvReply         *reply,
         wl_nio_t          *nio,
         const char        *error_text)
{
  if (!wl_hv_object_add (hv, WL_HV_OBJ_NIO, wl_nio_get_name (nio), nio, nio_registry_destroy))
    {
      nio_registry_destroy (nio);
      wl_hv_reply_error (reply, WL_HV_ERR_CREATE, "%s", error_text);
      return;
    }
  wl_hv_reply_ok (reply, "NIO '%s' created", wl_nio_get_name (nio));
}

/* Checked before anything is created, so a duplicate touches nothing. */
static gboolean
name_taken (WirelabHypervisor *hv,
            WlHvReply         *reply,
            const char        *name,
            const char        *error_text)
{
  if (wl_hv_object_lookup (hv, WL_HV_OBJ_NIO, name) == NULL)
    return FALSE;
  g_info ("NIO '%s' already exists", name);
  wl_hv_reply_error (reply, WL_HV_ERR_CREATE, "%s", error_text);
  return TRUE;
}

static void
create_failed (WlHvReply  *reply,
               const char *name,
               GError     *error,
               const char *error_text)
{
  /* The reply text is Dynamips'; the reason goes to the log. */
  g_message ("cannot create NIO '%s': %s", name, error != NULL ? error->message : "bad argument or refused");
  wl_hv_reply_error (reply, WL_HV_ERR_CREATE, "%s", error_text);
}

static gboolean
udp_port_taken (guint16  port,
                gpointer user_data)
{
  WirelabHypervisor *hv = user_data;
  g_auto(GStrv) names = NULL;

  if (port == 0)
    return FALSE;
  names = wl_hv_object_names (hv, WL_HV_OBJ_NIO);
  for (guint i = 0; names[i] != NULL; i++)
    {
      wl_nio_t *nio = wl_hv_object_lookup (hv, WL_HV_OBJ_NIO, names[i]);

      if (wl_nio_is_udp (nio) && wl_nio_udp_get_local_port (nio) == port)
        return TRUE;
    }
  return FALSE;
}

static void
cmd_create_udp (WirelabHypervisor *hv,
                WlHvReply         *reply,
                guint              argc,
                char             **argv)
{
  static const char *text = "unable to create UDP NIO";
  g_autoptr(GError) error = NULL;
  guint16 lport, rport;
  wl_nio_t *nio;

  if (name_taken (hv, reply, argv[0], text))
    return;
  if (!parse_port (argv[1], &lport) || !parse_port (argv[3], &rport))
    {
      create_failed (reply, argv[0], NULL, text);
      return;
    }
  if (udp_port_taken (lport, hv))
    {
      g_message ("cannot create NIO '%s': UDP port %u is used by another NIO", argv[0], lport);
      wl_hv_reply_error (reply, WL_HV_ERR_CREATE, "%s", text);
      return;
    }
  nio = wl_nio_udp_new (argv[0], lport, argv[2], rport, wl_hv_is_sandboxed (hv), &error);
  if (nio == NULL)
    {
      create_failed (reply, argv[0], error, text);
      return;
    }
  add_nio (hv, reply, nio, text);
}

static void
cmd_create_udp_auto (WirelabHypervisor *hv,
                     WlHvReply         *reply,
                     guint              argc,
                     char             **argv)
{
  static const char *text = "unable to create UDP Auto NIO";
  g_autoptr(GError) error = NULL;
  guint16 start, end;
  wl_nio_t *nio;

  if (name_taken (hv, reply, argv[0], text))
    return;
  if (!parse_port (argv[2], &start) || !parse_port (argv[3], &end))
    {
      create_failed (reply, argv[0], NULL, text);
      return;
    }
  nio = wl_nio_udp_auto_new (argv[0], argv[1], start, end, wl_hv_is_sandboxed (hv),
                             udp_port_taken, hv, &error);
  if (nio == NULL)
    {
      create_failed (reply, argv[0], error, text);
      return;
    }
  wl_hv_object_add (hv, WL_HV_OBJ_NIO, argv[0], nio, nio_registry_destroy);
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

static void
cmd_create_unix (WirelabHypervisor *hv,
                 WlHvReply         *reply,
                 guint              argc,
                 char             **argv)
{
  static const char *text = "unable to create UNIX NIO";
  g_autoptr(GError) error = NULL;
  g_autofree char *local = NULL;
  g_autofree char *remote = NULL;
  wl_nio_t *nio;

  if (name_taken (hv, reply, argv[0], text))
    return;
  local = wl_hv_resolve_path (hv, argv[1]);
  remote = wl_hv_resolve_path (hv, argv[2]);
  if (local == NULL || remote == NULL)
    {
      create_failed (reply, argv[0], NULL, text);
      return;
    }
  nio = wl_nio_unix_new (argv[0], local, remote, &error);
  if (nio == NULL)
    {
      create_failed (reply, argv[0], error, text);
      return;
    }
  add_nio (hv, reply, nio, text);
}

typedef wl_nio_t *(*IfaceNew) (const char *name, const char *ifname, GError **error);

/* TAP, gen_eth and linux_eth: host interfaces, never in a sandbox. */
static void
create_on_interface (WirelabHypervisor  *hv,
                     WlHvReply          *reply,
                     char              **argv,
                     IfaceNew            create,
                     const char         *text)
{
  g_autoptr(GError) error = NULL;
  wl_nio_t *nio;

  if (name_taken (hv, reply, argv[0], text))
    return;
  if (wl_hv_is_sandboxed (hv))
    {
      create_failed (reply, argv[0], NULL, text);
      return;
    }
  nio = create (argv[0], argv[1], &error);
  if (nio == NULL)
    {
      create_failed (reply, argv[0], error, text);
      return;
    }
  add_nio (hv, reply, nio, text);
}

static void
cmd_create_tap (WirelabHypervisor *hv,
                WlHvReply         *reply,
                guint              argc,
                char             **argv)
{
  create_on_interface (hv, reply, argv, wl_nio_tap_new, "unable to create TAP NIO");
}

static void
cmd_create_gen_eth (WirelabHypervisor *hv,
                    WlHvReply         *reply,
                    guint              argc,
                    char             **argv)
{
  create_on_interface (hv, reply, argv, wl_nio_gen_eth_new, "unable to create generic ethernet NIO");
}

static void
cmd_create_linux_eth (WirelabHypervisor *hv,
                      WlHvReply         *reply,
                      guint              argc,
                      char             **argv)
{
  create_on_interface (hv, reply, argv, wl_nio_linux_eth_new,
                       "unable to create Linux raw ethernet NIO");
}

static void
cmd_create_vde (WirelabHypervisor *hv,
                WlHvReply         *reply,
                guint              argc,
                char             **argv)
{
  static const char *text = "unable to create VDE NIO";
  g_autoptr(GError) error = NULL;
  g_autofree char *control = NULL;
  g_autofree char *local = NULL;
  wl_nio_t *nio;

  if (name_taken (hv, reply, argv[0], text))
    return;
  control = wl_hv_resolve_path (hv, argv[1]);
  local = wl_hv_resolve_path (hv, argv[2]);
  if (control == NULL || local == NULL)
    {
      create_failed (reply, argv[0], NULL, text);
      return;
    }
  nio = wl_nio_vde_new (argv[0], control, local, &error);
  if (nio == NULL)
    {
      create_failed (reply, argv[0], error, text);
      return;
    }
  add_nio (hv, reply, nio, text);
}

static void
cmd_create_null (WirelabHypervisor *hv,
                 WlHvReply         *reply,
                 guint              argc,
                 char             **argv)
{
  static const char *text = "unable to create Null NIO";

  if (name_taken (hv, reply, argv[0], text))
    return;
  add_nio (hv, reply, wl_nio_null_new (argv[0]), text);
}

static void
cmd_create_fifo (WirelabHypervisor *hv,
                 WlHvReply         *reply,
                 guint              argc,
                 char             **argv)
{
  static const char *text = "unable to create FIFO NIO";
  g_autoptr(GError) error = NULL;
  wl_nio_t *nio;

  if (name_taken (hv, reply, argv[0], text))
    return;
  nio = wl_nio_fifo_new (argv[0], &error);
  if (nio == NULL)
    {
      create_failed (reply, argv[0], error, text);
      return;
    }
  add_nio (hv, reply, nio, text);
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

static void
cmd_rename (WirelabHypervisor *hv,
            WlHvReply         *reply,
            guint              argc,
            char             **argv)
{
  wl_nio_t *nio = wl_hv_find_object (hv, reply, WL_HV_OBJ_NIO, argv[0]);

  if (nio == NULL)
    return;
  if (!wl_hv_object_rename (hv, WL_HV_OBJ_NIO, argv[0], argv[1]))
    {
      wl_hv_reply_error (reply, WL_HV_ERR_RENAME, "unable to rename NIO '%s', '%s' already exists",
                         argv[0], argv[1]);
      return;
    }
  wl_nio_set_name (nio, argv[1]);
  wl_hv_reply_ok (reply, "NIO '%s' renamed to '%s'", argv[0], argv[1]);
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
  g_auto(GStrv) names = wl_hv_object_names (hv, WL_HV_OBJ_NIO);

  for (guint i = 0; names[i] != NULL; i++)
    wl_hv_reply_info (reply, "%s", names[i]);
  wl_hv_reply_ok (reply, "OK");
}

static void
nio_reset (WirelabHypervisor *hv)
{
  g_auto(GStrv) names = wl_hv_object_names (hv, WL_HV_OBJ_NIO);

  for (guint i = 0; names[i] != NULL; i++)
    wl_hv_object_remove (hv, WL_HV_OBJ_NIO, names[i]);
  /* Frees happen on the I/O thread: wait for them, so a stopping process
   * leaves nothing behind. */
  if (names[0] != NULL)
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
