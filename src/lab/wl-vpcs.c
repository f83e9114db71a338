/* wl-vpcs.c: VPCS PCs under a pseudo-terminal, served as telnet consoles
 *
 * Copyright 2026 The Wirelab authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * VPCS's daemon mode (-p) forks, leaving a process we did not start and can
 * only find again by its listening port; its foreground mode refuses to run
 * without a terminal (mips-notes 3).  So each PC gets a pty of its own: the
 * child is ours to signal and reap, and the pty's master side is relayed to
 * telnet clients on the PC's console port, like a router's console.
 */

#define G_LOG_DOMAIN "wirelab-lab"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <termios.h>
#include <unistd.h>

#include <glib-unix.h>

#include "wl-vpcs.h"

#define REPLAY_SIZE 4096
#define KILL_GRACE_MS 2000
#define READY_POLL_MS 50
/* VPCS 0.5b2 refuses longer names ("Hostname is too long"). */
#define PC_NAME_MAX 6

enum { TN_DATA, TN_CR, TN_IAC, TN_OPT, TN_SB, TN_SB_IAC };

typedef struct
{
  int                ref_count;
  WlVpcs            *vpcs;       /* NULL once closed */
  GSocketConnection *conn;
  GByteArray        *pending;    /* output queued behind the write in flight */
  GBytes            *inflight;
  int                tn_state;
  guint8             buf[1024];
  GCancellable      *cancellable;
} Client;

struct _WlVpcs
{
  char           *name;
  GSubprocess    *proc;
  int             master;
  guint           master_watch;
  GSocketService *service;
  GPtrArray      *clients;
  GByteArray     *replay;
  WlVpcsExitFunc  on_exit;
  gpointer        user_data;
  GCancellable   *cancellable;
  gboolean        stopping;
  guint           kill_timeout;
  GDestroyNotify  on_gone;
  gpointer        gone_data;
  guint16         local_port;
  GTask          *ready;          /* a wait_ready in progress */
  guint           ready_poll;
  gint64          ready_deadline;
};

static void client_close (Client *c);

static Client *
client_ref (Client *c)
{
  c->ref_count++;
  return c;
}

static void
client_unref (Client *c)
{
  if (--c->ref_count > 0)
    return;
  g_clear_object (&c->cancellable);
  g_clear_object (&c->conn);
  g_byte_array_unref (c->pending);
  g_clear_pointer (&c->inflight, g_bytes_unref);
  g_free (c);
}

static void client_flush (Client *c);

static void
on_client_written (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  Client *c = user_data;
  g_autoptr(GError) error = NULL;

  g_clear_pointer (&c->inflight, g_bytes_unref);
  if (!g_output_stream_write_all_finish (G_OUTPUT_STREAM (source), result, NULL, &error))
    client_close (c);
  else
    client_flush (c);
  client_unref (c);
}

static void
client_flush (Client *c)
{
  GOutputStream *out;

  if (c->inflight != NULL || c->pending->len == 0 || c->vpcs == NULL)
    return;
  out = g_io_stream_get_output_stream (G_IO_STREAM (c->conn));
  c->inflight = g_byte_array_free_to_bytes (c->pending);
  c->pending = g_byte_array_new ();
  g_output_stream_write_all_async (out, g_bytes_get_data (c->inflight, NULL),
                                   g_bytes_get_size (c->inflight), G_PRIORITY_DEFAULT,
                                   c->cancellable, on_client_written, client_ref (c));
}

static void
client_send (Client       *c,
             const guint8 *data,
             gsize         len,
             gboolean      escape_iac)
{
  for (gsize i = 0; i < len; i++)
    {
      g_byte_array_append (c->pending, &data[i], 1);
      if (escape_iac && data[i] == 0xff)
        g_byte_array_append (c->pending, &data[i], 1);
    }
  client_flush (c);
}

/* Telnet input to terminal input: options and subnegotiations dropped,
 * IAC IAC is 0xff, CR LF and CR NUL are CR (what Enter sends). */
static gsize
telnet_filter (Client *c,
               guint8 *buf,
               gsize   len)
{
  gsize out = 0;

  for (gsize i = 0; i < len; i++)
    {
      guint8 b = buf[i];

      switch (c->tn_state)
        {
        case TN_CR:
          c->tn_state = TN_DATA;
          if (b == '\n' || b == '\0')
            break;
          G_GNUC_FALLTHROUGH;
        case TN_DATA:
          if (b == 0xff)
            c->tn_state = TN_IAC;
          else
            {
              buf[out++] = b;
              if (b == '\r')
                c->tn_state = TN_CR;
            }
          break;
        case TN_IAC:
          if (b == 0xff)
            {
              buf[out++] = b;
              c->tn_state = TN_DATA;
            }
          else if (b == 250)
            c->tn_state = TN_SB;
          else if (b >= 251)
            c->tn_state = TN_OPT;
          else
            c->tn_state = TN_DATA;
          break;
        case TN_OPT:
          c->tn_state = TN_DATA;
          break;
        case TN_SB:
          if (b == 0xff)
            c->tn_state = TN_SB_IAC;
          break;
        case TN_SB_IAC:
          c->tn_state = b == 240 ? TN_DATA : TN_SB;
          break;
        default:
          g_assert_not_reached ();
        }
    }
  return out;
}

static void client_read (Client *c);

static void
on_client_read (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  Client *c = user_data;
  g_autoptr(GError) error = NULL;
  gssize n = g_input_stream_read_finish (G_INPUT_STREAM (source), result, &error);
  gsize len;

  if (c->vpcs == NULL)
    {
      client_unref (c);
      return;
    }
  if (n <= 0)
    {
      client_close (c);
      client_unref (c);
      return;
    }

  len = telnet_filter (c, c->buf, n);
  if (len > 0 && c->vpcs->master >= 0)
    {
      /* Typing is slow and the pty buffer large: a full buffer drops. */
      if (write (c->vpcs->master, c->buf, len) < 0 && errno != EAGAIN)
        g_debug ("%s: console input: %s", c->vpcs->name, g_strerror (errno));
    }
  client_read (c);
  client_unref (c);
}

static void
client_read (Client *c)
{
  GInputStream *in = g_io_stream_get_input_stream (G_IO_STREAM (c->conn));

  g_input_stream_read_async (in, c->buf, sizeof c->buf, G_PRIORITY_DEFAULT, c->cancellable,
                             on_client_read, client_ref (c));
}

/* Drops the client from its PC; the reads and writes in flight complete
 * with CANCELLED and drop their references. */
static void
client_close (Client *c)
{
  if (c->vpcs == NULL)
    return;
  g_ptr_array_remove (c->vpcs->clients, c);
  c->vpcs = NULL;
  g_cancellable_cancel (c->cancellable);
  g_io_stream_close (G_IO_STREAM (c->conn), NULL, NULL);
  client_unref (c);   /* the PC's reference */
}

static gboolean
on_incoming (GSocketService    *service,
             GSocketConnection *conn,
             GObject           *source,
             gpointer           user_data)
{
  WlVpcs *self = user_data;
  /* WILL ECHO, WILL SUPPRESS-GO-AHEAD, DONT LINEMODE: character mode, the
   * terminal echoes, as Dynamips consoles do. */
  static const guint8 hello[] = { 0xff, 0xfb, 0x01, 0xff, 0xfb, 0x03, 0xff, 0xfe, 0x22 };
  Client *c = g_new0 (Client, 1);

  c->ref_count = 1;   /* held by the PC's list */
  c->vpcs = self;
  c->conn = g_object_ref (conn);
  c->pending = g_byte_array_new ();
  c->cancellable = g_cancellable_new ();
  g_ptr_array_add (self->clients, c);

  client_send (c, hello, sizeof hello, FALSE);
  client_send (c, self->replay->data, self->replay->len, TRUE);
  client_read (c);
  return TRUE;
}

static void
broadcast (WlVpcs       *self,
           const guint8 *data,
           gsize         len)
{
  g_byte_array_append (self->replay, data, len);
  if (self->replay->len > REPLAY_SIZE)
    g_byte_array_remove_range (self->replay, 0, self->replay->len - REPLAY_SIZE);

  for (guint i = 0; i < self->clients->len; i++)
    {
      client_send (g_ptr_array_index (self->clients, i), data, len, TRUE);
    }
}

static gboolean
on_master_ready (int          fd,
                 GIOCondition condition,
                 gpointer     user_data)
{
  WlVpcs *self = user_data;
  guint8 buf[4096];
  ssize_t n;

  for (;;)
    {
      n = read (fd, buf, sizeof buf);
      if (n > 0)
        {
          broadcast (self, buf, n);
          continue;
        }
      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0 && errno == EAGAIN)
        return G_SOURCE_CONTINUE;
      /* EIO: the last slave descriptor closed, the PC has exited. */
      self->master_watch = 0;
      return G_SOURCE_REMOVE;
    }
}

/* ---- is it ready? ---- */

typedef struct
{
  GTask  *task;
  GError *error;
} ReadyResult;

static gboolean
ready_deliver (gpointer data)
{
  ReadyResult *r = data;

  if (r->error != NULL)
    g_task_return_error (r->task, r->error);
  else
    g_task_return_boolean (r->task, TRUE);
  g_object_unref (r->task);
  g_free (r);
  return G_SOURCE_REMOVE;
}

/* Ends the wait (takes `error`, NULL: ready).  From an idle: never inside
 * the caller's own wl_vpcs_stop() or an exit callback. */
static void
ready_complete (WlVpcs *self,
                GError *error)
{
  ReadyResult *r;

  g_clear_handle_id (&self->ready_poll, g_source_remove);
  if (self->ready == NULL)
    {
      g_clear_error (&error);
      return;
    }
  r = g_new0 (ReadyResult, 1);
  r->task = g_steal_pointer (&self->ready);
  r->error = error;
  g_idle_add (ready_deliver, r);
}

/* "Open port 10000 error [Address already in use]": VPCS's only word on a
 * port it could not bind (it runs on, deaf). */
static char *
port_error (WlVpcs *self)
{
  g_autofree char *needle = g_strdup_printf ("Open port %u error [", self->local_port);
  const char *text = (const char *) self->replay->data;
  const char *at = g_strstr_len (text, self->replay->len, needle);
  const char *end;

  if (at == NULL)
    return NULL;
  at += strlen (needle);
  end = memchr (at, ']', self->replay->len - (at - text));
  return end != NULL ? g_strndup (at, end - at) : NULL;
}

static gboolean
on_ready_poll (gpointer user_data)
{
  WlVpcs *self = user_data;
  g_autofree char *why = port_error (self);

  if (why != NULL)
    {
      self->ready_poll = 0;
      ready_complete (self, g_error_new (G_IO_ERROR, G_IO_ERROR_ADDRESS_IN_USE,
                                         "%s: UDP port %u is taken by another program (VPCS: %s)",
                                         self->name, self->local_port, why));
      return G_SOURCE_REMOVE;
    }
  if (wl_vpcs_pid_holds_udp (wl_vpcs_get_pid (self), self->local_port))
    {
      self->ready_poll = 0;
      ready_complete (self, NULL);
      return G_SOURCE_REMOVE;
    }
  if (g_get_monotonic_time () > self->ready_deadline)
    {
      self->ready_poll = 0;
      ready_complete (self, g_error_new (G_IO_ERROR, G_IO_ERROR_TIMED_OUT,
                                         "%s: VPCS did not bind UDP port %u", self->name,
                                         self->local_port));
      return G_SOURCE_REMOVE;
    }
  return G_SOURCE_CONTINUE;
}

void
wl_vpcs_wait_ready_async (WlVpcs              *self,
                          guint                timeout_ms,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (self->ready == NULL);

  self->ready = g_task_new (NULL, NULL, callback, user_data);
  g_task_set_source_tag (self->ready, wl_vpcs_wait_ready_async);
  if (self->stopping)
    {
      ready_complete (self, g_error_new (G_IO_ERROR, G_IO_ERROR_CANCELLED, "%s: stopped", self->name));
      return;
    }
  self->ready_deadline = g_get_monotonic_time () + (gint64) timeout_ms * 1000;
  self->ready_poll = g_timeout_add (READY_POLL_MS, on_ready_poll, self);
}

gboolean
wl_vpcs_wait_ready_finish (GAsyncResult  *result,
                           GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

/* The inodes of UDP sockets bound to `port` (IPv4 and IPv6 tables). */
static GArray *
udp_inodes (guint16 port)
{
  const char *tables[] = { "/proc/net/udp", "/proc/net/udp6" };
  GArray *inodes = g_array_new (FALSE, FALSE, sizeof (gulong));

  for (guint t = 0; t < G_N_ELEMENTS (tables); t++)
    {
      g_autofree char *text = NULL;
      g_auto(GStrv) lines = NULL;

      if (!g_file_get_contents (tables[t], &text, NULL, NULL))
        continue;
      lines = g_strsplit (text, "\n", -1);
      /* "sl local rem st tx:rx tr:when retrnsmt uid timeout inode …";
       * the first line is the header. */
      for (guint i = 1; lines[i] != NULL; i++)
        {
          unsigned int lport;
          unsigned long inode;

          if (sscanf (lines[i], " %*u: %*x:%x %*x:%*x %*x %*x:%*x %*x:%*x %*x %*u %*u %lu",
                      &lport, &inode) == 2 && lport == port && inode != 0)
            g_array_append_val (inodes, inode);
        }
    }
  return inodes;
}

gboolean
wl_vpcs_pid_holds_udp (GPid    pid,
                       guint16 port)
{
  g_autoptr(GArray) inodes = NULL;
  g_autofree char *fd_dir = NULL;
  g_autoptr(GDir) dir = NULL;
  const char *entry;

  if (pid <= 0)
    return FALSE;
  inodes = udp_inodes (port);
  if (inodes->len == 0)
    return FALSE;
  fd_dir = g_strdup_printf ("/proc/%d/fd", (int) pid);
  dir = g_dir_open (fd_dir, 0, NULL);
  if (dir == NULL)
    return FALSE;
  while ((entry = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (fd_dir, entry, NULL);
      g_autofree char *target = g_file_read_link (path, NULL);
      unsigned long inode;

      if (target == NULL || sscanf (target, "socket:[%lu]", &inode) != 1)
        continue;
      for (guint i = 0; i < inodes->len; i++)
        if (g_array_index (inodes, gulong, i) == inode)
          return TRUE;
    }
  return FALSE;
}

char *
wl_vpcs_pc_name (const char *name)
{
  GString *out = g_string_new (NULL);

  g_return_val_if_fail (name != NULL, NULL);

  for (const char *p = name; *p != '\0' && out->len < PC_NAME_MAX; p++)
    if (g_ascii_isalnum (*p) || *p == '-' || *p == '_' || *p == '.')
      g_string_append_c (out, *p);
  if (out->len == 0)
    {
      g_string_free (out, TRUE);
      return NULL;
    }
  return g_string_free (out, FALSE);
}

char *
wl_vpcs_start_script (const char *name,
                      const char *script)
{
  g_autofree char *pc_name = wl_vpcs_pc_name (name);
  g_auto(GStrv) lines = g_strsplit (script != NULL ? script : "", "\n", -1);
  GString *out = g_string_new (NULL);

  if (pc_name != NULL)
    g_string_append_printf (out, "set pcname %s\n", pc_name);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_auto(GStrv) words = g_strsplit_set (g_strstrip (lines[i]), " \t", -1);

      if (*lines[i] == '\0')
        continue;
      if (g_strv_length (words) >= 2 && g_ascii_strcasecmp (words[0], "set") == 0 &&
          g_ascii_strcasecmp (words[1], "pcname") == 0)
        continue;
      g_string_append_printf (out, "%s\n", lines[i]);
    }
  return g_string_free (out, FALSE);
}

static void
child_setup (gpointer user_data)
{
  /* A session of its own with the pty as controlling terminal; dies with
   * its parent even if we are killed. */
  setsid ();
  ioctl (0, TIOCSCTTY, 0);
  prctl (PR_SET_PDEATHSIG, SIGTERM);
}

/* The console goes: its listener and its clients. */
static void
stop_console (WlVpcs *self)
{
  if (self->service != NULL)
    {
      g_socket_service_stop (self->service);
      g_socket_listener_close (G_SOCKET_LISTENER (self->service));
      g_clear_object (&self->service);
    }
  while (self->clients->len > 0)
    client_close (g_ptr_array_index (self->clients, 0));
}

static void
wl_vpcs_free (WlVpcs *self)
{
  GDestroyNotify on_gone = self->on_gone;
  gpointer gone_data = self->gone_data;

  ready_complete (self, g_error_new (G_IO_ERROR, G_IO_ERROR_CANCELLED, "%s: stopped", self->name));
  g_clear_handle_id (&self->kill_timeout, g_source_remove);
  g_clear_handle_id (&self->master_watch, g_source_remove);
  stop_console (self);
  g_ptr_array_unref (self->clients);
  if (self->master >= 0)
    close (self->master);
  g_byte_array_unref (self->replay);
  g_clear_object (&self->proc);
  g_clear_object (&self->cancellable);
  g_free (self->name);
  g_free (self);
  if (on_gone != NULL)
    on_gone (gone_data);
}

static void
on_exited (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  WlVpcs *self = user_data;
  g_autoptr(GError) error = NULL;

  if (!g_subprocess_wait_finish (G_SUBPROCESS (source), result, &error) &&
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  ready_complete (self, g_error_new (G_IO_ERROR, G_IO_ERROR_FAILED, "%s: VPCS exited", self->name));
  if (!self->stopping && self->on_exit != NULL)
    {
      g_message ("VPCS %s exited", self->name);
      self->stopping = TRUE;
      /* Its ports are free from here on (the owner may hold them again). */
      stop_console (self);
      self->on_exit (self, self->user_data);
    }
  wl_vpcs_free (self);
}

char *
wl_vpcs_find_program (void)
{
  const char *env = g_getenv ("WIRELAB_VPCS");

  if (env != NULL && *env != '\0')
    return g_file_test (env, G_FILE_TEST_IS_EXECUTABLE) ? g_strdup (env) : NULL;
  return g_find_program_in_path ("vpcs");
}

static gboolean
listen_console (WlVpcs              *self,
                const WlVpcsConfig  *config,
                GError             **error)
{
  g_autoptr(GInetAddress) addr = g_inet_address_new_from_string (config->console_addr);
  g_autoptr(GSocketAddress) sa = NULL;

  if (addr == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   "%s: “%s” is not an address to listen on", config->name, config->console_addr);
      return FALSE;
    }
  sa = g_inet_socket_address_new (addr, config->console_port);
  self->service = g_socket_service_new ();
  if (!g_socket_listener_add_address (G_SOCKET_LISTENER (self->service), sa, G_SOCKET_TYPE_STREAM,
                                      G_SOCKET_PROTOCOL_TCP, NULL, NULL, error))
    {
      g_prefix_error (error, "Console port %u of %s: ", config->console_port, config->name);
      return FALSE;
    }
  g_signal_connect (self->service, "incoming", G_CALLBACK (on_incoming), self);
  g_socket_service_start (self->service);
  return TRUE;
}

WlVpcs *
wl_vpcs_start (const WlVpcsConfig  *config,
               WlVpcsExitFunc       on_exit,
               gpointer             user_data,
               GError             **error)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autofree char *program = NULL;
  g_autofree char *lport = g_strdup_printf ("%u", config->local_port);
  g_autofree char *rport = g_strdup_printf ("%u", config->remote_port);
  g_autofree char *mac = g_strdup_printf ("%u", config->mac_offset & 0xff);
  const char *slave_name;
  WlVpcs *self;
  int slave;

  program = config->program != NULL ? g_strdup (config->program) : wl_vpcs_find_program ();
  if (program == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                           "VPCS is not installed (apt-get install vpcs)");
      return NULL;
    }

  self = g_new0 (WlVpcs, 1);
  self->name = g_strdup (config->name);
  self->local_port = config->local_port;
  self->master = -1;
  self->clients = g_ptr_array_new ();
  self->replay = g_byte_array_new ();
  self->cancellable = g_cancellable_new ();
  self->on_exit = on_exit;
  self->user_data = user_data;

  if (!listen_console (self, config, error))
    {
      wl_vpcs_free (self);
      return NULL;
    }

  self->master = posix_openpt (O_RDWR | O_NOCTTY | O_CLOEXEC);
  if (self->master < 0 || grantpt (self->master) != 0 || unlockpt (self->master) != 0 ||
      (slave_name = ptsname (self->master)) == NULL)
    {
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (errno),
                   "%s: no pseudo-terminal: %s", config->name, g_strerror (errno));
      wl_vpcs_free (self);
      return NULL;
    }
  slave = open (slave_name, O_RDWR | O_NOCTTY | O_CLOEXEC);
  if (slave < 0)
    {
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (errno),
                   "%s: %s: %s", config->name, slave_name, g_strerror (errno));
      wl_vpcs_free (self);
      return NULL;
    }
  g_unix_set_fd_nonblocking (self->master, TRUE, NULL);
  {
    /* Wide enough that VPCS never wraps a line. */
    struct winsize ws = { .ws_row = 40, .ws_col = 132 };

    ioctl (slave, TIOCSWINSZ, &ws);
  }

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_NONE);
  g_subprocess_launcher_set_cwd (launcher, config->directory);
  g_subprocess_launcher_setenv (launcher, "TERM", "vt100", TRUE);
  g_subprocess_launcher_take_stdin_fd (launcher, slave);
  g_subprocess_launcher_take_stdout_fd (launcher, dup (slave));
  g_subprocess_launcher_take_stderr_fd (launcher, dup (slave));
  g_subprocess_launcher_set_child_setup (launcher, child_setup, NULL, NULL);
  self->proc = g_subprocess_launcher_spawn (launcher, error, program,
                                            "-i", "1",
                                            "-s", lport,
                                            "-c", rport,
                                            "-t", config->remote_host,
                                            "-m", mac,
                                            config->script, /* may end the list */
                                            NULL);
  /* Drop our copies of the slave side: EIO on the master then means the
   * PC is gone. */
  g_clear_object (&launcher);
  if (self->proc == NULL)
    {
      g_prefix_error (error, "%s: ", config->name);
      wl_vpcs_free (self);
      return NULL;
    }

  self->master_watch = g_unix_fd_add (self->master, G_IO_IN | G_IO_HUP | G_IO_ERR,
                                      on_master_ready, self);
  g_subprocess_wait_async (self->proc, self->cancellable, on_exited, self);
  return self;
}

static gboolean
on_kill_timeout (gpointer user_data)
{
  WlVpcs *self = user_data;

  self->kill_timeout = 0;
  g_subprocess_force_exit (self->proc);
  return G_SOURCE_REMOVE;
}

void
wl_vpcs_stop (WlVpcs         *self,
              GDestroyNotify  on_gone,
              gpointer        gone_data)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (!self->stopping);

  self->stopping = TRUE;
  self->on_gone = on_gone;
  self->gone_data = gone_data;

  /* Consoles go at once; the process gets SIGTERM (SIGCONT first, in case
   * it is suspended) and SIGKILL if it lingers.  on_exited frees. */
  ready_complete (self, g_error_new (G_IO_ERROR, G_IO_ERROR_CANCELLED, "%s: stopped", self->name));
  stop_console (self);
  g_subprocess_send_signal (self->proc, SIGCONT);
  g_subprocess_send_signal (self->proc, SIGTERM);
  self->kill_timeout = g_timeout_add (KILL_GRACE_MS, on_kill_timeout, self);
}

void
wl_vpcs_suspend (WlVpcs *self)
{
  g_return_if_fail (self != NULL);
  g_subprocess_send_signal (self->proc, SIGSTOP);
}

void
wl_vpcs_resume (WlVpcs *self)
{
  g_return_if_fail (self != NULL);
  g_subprocess_send_signal (self->proc, SIGCONT);
}

GPid
wl_vpcs_get_pid (WlVpcs *self)
{
  const char *id;

  g_return_val_if_fail (self != NULL, 0);
  id = g_subprocess_get_identifier (self->proc);
  return id != NULL ? (GPid) atoi (id) : 0;
}
