/* wl-console.c: a VM's telnet console server (spec section 10)
 *
 * Copyright 2026 The Wirelab authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#define G_LOG_DOMAIN "wirelab-emu"

#include "config.h"

#include <netinet/in.h>
#include <netinet/tcp.h>
#include <string.h>

#include "emu/wl-console.h"

#define IAC   255
#define DONT  254
#define DO    253
#define WONT  252
#define WILL  251
#define SB    250
#define SE    240
#define TELOPT_ECHO     1
#define TELOPT_SGA      3
#define TELOPT_TTYPE    24
#define TELOPT_LINEMODE 34

#define MAX_BACKLOG (1024 * 1024)   /* per client; a stalled client loses output */

typedef enum
{
  T_DATA,
  T_IAC,
  T_OPT,
  T_SB,
  T_SB_IAC,
  T_ESC,
  T_CSI,
} telnet_state_t;

typedef struct
{
  wl_console_t  *console;
  GSocket       *socket;
  GSource       *in_source;
  GSource       *out_source;
  GByteArray    *out;
  telnet_state_t state;
  uint8_t        opt_cmd;
  uint8_t        sb[64];
  guint          sb_len;
} client_t;

struct wl_console
{
  gint                   ref;
  GMutex                 lock;
  char                  *vm_name;
  guint                  instance_id;
  char                  *platform;
  gboolean               aux;
  wl_console_input_func  input;
  wl_console_status_func status;
  void                  *opaque;

  /* console thread only */
  GSocket               *listener;
  GSource               *listen_source;
  GList                 *clients;
  gboolean               closed;
  gboolean               input_paused;   /* clients have no in_source */

  /* under lock */
  uint8_t                history[WL_CONSOLE_HISTORY];
  guint                  hist_start;
  guint                  hist_len;
  GByteArray            *pending;
  gboolean               flush_scheduled;
  gboolean               resume_scheduled;
  guint                  n_clients;
};

/* ---- the console thread ---- */

static GMainContext *console_context;
static GThread *console_thread;

static gpointer
console_thread_main (gpointer data)
{
  GMainLoop *loop = g_main_loop_new (console_context, FALSE);

  g_main_context_push_thread_default (console_context);
  g_main_loop_run (loop);   /* runs for the life of the process */
  g_main_context_pop_thread_default (console_context);
  g_main_loop_unref (loop);
  return NULL;
}

static GMainContext *
get_context (void)
{
  static gsize once = 0;

  if (g_once_init_enter (&once))
    {
      console_context = g_main_context_new ();
      console_thread = g_thread_new ("wl-console", console_thread_main, NULL);
      g_once_init_leave (&once, 1);
    }
  return console_context;
}

typedef struct
{
  GMutex     lock;
  GCond      cond;
  gboolean   done;
  void     (*func) (wl_console_t *);
  wl_console_t *console;
} sync_call_t;

static gboolean
sync_call_cb (gpointer data)
{
  sync_call_t *call = data;

  call->func (call->console);
  g_mutex_lock (&call->lock);
  call->done = TRUE;
  g_cond_signal (&call->cond);
  g_mutex_unlock (&call->lock);
  return G_SOURCE_REMOVE;
}

/* Runs func on the console thread and waits for it. */
static void
run_sync (wl_console_t *console,
          void        (*func) (wl_console_t *))
{
  sync_call_t call = { 0 };
  GSource *source;

  if (g_thread_self () == console_thread)
    {
      func (console);
      return;
    }
  g_mutex_init (&call.lock);
  g_cond_init (&call.cond);
  call.func = func;
  call.console = console;
  source = g_idle_source_new ();
  g_source_set_priority (source, G_PRIORITY_HIGH);
  g_source_set_callback (source, sync_call_cb, &call, NULL);
  g_source_attach (source, get_context ());
  g_source_unref (source);
  g_mutex_lock (&call.lock);
  while (!call.done)
    g_cond_wait (&call.cond, &call.lock);
  g_mutex_unlock (&call.lock);
  g_mutex_clear (&call.lock);
  g_cond_clear (&call.cond);
}

static wl_console_t *
console_ref (wl_console_t *c)
{
  g_atomic_int_inc (&c->ref);
  return c;
}

static void
console_unref (wl_console_t *c)
{
  if (!g_atomic_int_dec_and_test (&c->ref))
    return;
  g_byte_array_unref (c->pending);
  g_mutex_clear (&c->lock);
  g_free (c->vm_name);
  g_free (c->platform);
  g_free (c);
}

/* ---- clients (console thread) ---- */

static void client_close (client_t *client);

static gboolean
client_flush (client_t *client)
{
  while (client->out->len > 0)
    {
      GError *error = NULL;
      gssize n = g_socket_send (client->socket, (const char *) client->out->data,
                                client->out->len, NULL, &error);

      if (n < 0)
        {
          gboolean again = g_error_matches (error, G_IO_ERROR, G_IO_ERROR_WOULD_BLOCK);

          g_error_free (error);
          return again;
        }
      g_byte_array_remove_range (client->out, 0, n);
    }
  return TRUE;
}

static gboolean
client_out_cb (GSocket      *socket,
               GIOCondition  cond,
               gpointer      data)
{
  client_t *client = data;

  if (!client_flush (client))
    {
      client_close (client);
      return G_SOURCE_REMOVE;
    }
  if (client->out->len == 0)
    {
      g_source_unref (client->out_source);
      client->out_source = NULL;
      return G_SOURCE_REMOVE;
    }
  return G_SOURCE_CONTINUE;
}

/* Queues bytes for a client and starts sending. */
static void
client_send (client_t      *client,
             const uint8_t *data,
             size_t         len)
{
  if (client->out->len + len > MAX_BACKLOG)
    return;
  g_byte_array_append (client->out, data, len);
  if (client->out_source == NULL)
    {
      client->out_source = g_socket_create_source (client->socket, G_IO_OUT, NULL);
      g_source_set_callback (client->out_source, (GSourceFunc) (GCallback) client_out_cb, client, NULL);
      g_source_attach (client->out_source, get_context ());
    }
}

static void
client_free (client_t *client)
{
  if (client->in_source != NULL)
    {
      g_source_destroy (client->in_source);
      g_source_unref (client->in_source);
    }
  if (client->out_source != NULL)
    {
      g_source_destroy (client->out_source);
      g_source_unref (client->out_source);
    }
  g_socket_close (client->socket, NULL);
  g_object_unref (client->socket);
  g_byte_array_unref (client->out);
  g_free (client);
}

static void
client_close (client_t *client)
{
  wl_console_t *c = client->console;

  c->clients = g_list_remove (c->clients, client);
  g_mutex_lock (&c->lock);
  c->n_clients--;
  g_mutex_unlock (&c->lock);
  client_free (client);
}

static void
deliver (client_t *client,
         GString  *input,
         uint8_t   byte)
{
  g_string_append_c (input, (char) byte);
}

static void
telnet_sb_done (client_t *client)
{
  /* SB TTYPE IS <type>: an xterm-like terminal gets the VM name as title. */
  if (client->sb_len >= 3 && client->sb[0] == TELOPT_TTYPE && client->sb[1] == 0 &&
      (g_ascii_tolower (client->sb[2]) == 'x' || g_ascii_tolower (client->sb[2]) == 'v'))
    {
      g_autofree char *title = g_strdup_printf ("\033]0;%s\007", client->console->vm_name);

      client_send (client, (const uint8_t *) title, strlen (title));
    }
}

static void
telnet_input (client_t      *client,
              const uint8_t *buf,
              gsize          len,
              GString       *input)
{
  static const uint8_t ask_ttype[] = { IAC, SB, TELOPT_TTYPE, 1, IAC, SE };

  for (gsize i = 0; i < len; i++)
    {
      uint8_t b = buf[i];

      switch (client->state)
        {
        case T_DATA:
          if (b == IAC)
            client->state = T_IAC;
          else if (b == 0x1b)
            client->state = T_ESC;
          else if (b != 0 && b != '\n')
            deliver (client, input, b);
          break;
        case T_IAC:
          if (b == IAC)
            {
              deliver (client, input, b);
              client->state = T_DATA;
            }
          else if (b >= WILL && b <= DONT)
            {
              client->opt_cmd = b;
              client->state = T_OPT;
            }
          else if (b == SB)
            {
              client->sb_len = 0;
              client->state = T_SB;
            }
          else
            client->state = T_DATA;
          break;
        case T_OPT:
          if (client->opt_cmd == WILL && b == TELOPT_TTYPE)
            client_send (client, ask_ttype, sizeof ask_ttype);
          client->state = T_DATA;
          break;
        case T_SB:
          if (b == IAC)
            client->state = T_SB_IAC;
          else if (client->sb_len < sizeof client->sb)
            client->sb[client->sb_len++] = b;
          break;
        case T_SB_IAC:
          if (b == SE)
            {
              telnet_sb_done (client);
              client->state = T_DATA;
            }
          else
            {
              if (b == IAC && client->sb_len < sizeof client->sb)
                client->sb[client->sb_len++] = b;
              client->state = b == IAC ? T_SB : T_DATA;
            }
          break;
        case T_ESC:
          if (b == '[')
            client->state = T_CSI;
          else
            {
              deliver (client, input, 0x1b);
              if (b != 0 && b != '\n')
                deliver (client, input, b);
              client->state = T_DATA;
            }
          break;
        case T_CSI:
          switch (b)
            {
            case 'A': deliver (client, input, 0x10); break;   /* up: Ctrl-P */
            case 'B': deliver (client, input, 0x0e); break;   /* down: Ctrl-N */
            case 'C': deliver (client, input, 0x06); break;   /* right: Ctrl-F */
            case 'D': deliver (client, input, 0x02); break;   /* left: Ctrl-B */
            default:
              deliver (client, input, 0x1b);
              deliver (client, input, '[');
              deliver (client, input, b);
              break;
            }
          client->state = T_DATA;
          break;
        }
    }
}

static gboolean client_in_cb (GSocket      *socket,
                              GIOCondition  cond,
                              gpointer      data);

static void
client_watch_input (client_t *client)
{
  if (client->in_source != NULL)
    return;
  client->in_source = g_socket_create_source (client->socket, G_IO_IN | G_IO_HUP | G_IO_ERR, NULL);
  g_source_set_callback (client->in_source, (GSourceFunc) (GCallback) client_in_cb, client, NULL);
  g_source_attach (client->in_source, get_context ());
}

/* The VM takes no more input for now: leave it in the sockets. */
static void
pause_input (wl_console_t *c)
{
  c->input_paused = TRUE;
  for (GList *l = c->clients; l != NULL; l = l->next)
    {
      client_t *client = l->data;

      if (client->in_source != NULL)
        {
          g_source_destroy (client->in_source);
          g_clear_pointer (&client->in_source, g_source_unref);
        }
    }
}

static gboolean
resume_cb (gpointer data)
{
  wl_console_t *c = data;

  g_mutex_lock (&c->lock);
  c->resume_scheduled = FALSE;
  g_mutex_unlock (&c->lock);
  if (c->closed || !c->input_paused)
    return G_SOURCE_REMOVE;
  c->input_paused = FALSE;
  for (GList *l = c->clients; l != NULL; l = l->next)
    client_watch_input (l->data);
  return G_SOURCE_REMOVE;
}

static gboolean
client_in_cb (GSocket      *socket,
              GIOCondition  cond,
              gpointer      data)
{
  client_t *client = data;
  wl_console_t *c = client->console;
  uint8_t buf[4096];
  GError *error = NULL;
  gssize n;
  g_autoptr(GString) input = g_string_new (NULL);

  n = g_socket_receive (socket, (char *) buf, sizeof buf, NULL, &error);
  if (n < 0 && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_WOULD_BLOCK))
    {
      g_error_free (error);
      return G_SOURCE_CONTINUE;
    }
  g_clear_error (&error);
  if (n <= 0)
    {
      /* The source is destroyed with the client: drop our pointer first. */
      g_source_unref (client->in_source);
      client->in_source = NULL;
      client_close (client);
      return G_SOURCE_REMOVE;
    }

  telnet_input (client, buf, n, input);
  if (input->len > 0 && c->input != NULL &&
      !c->input (c->opaque, (const uint8_t *) input->str, input->len))
    pause_input (c);
  /* pause_input dropped this source too */
  return client->in_source != NULL ? G_SOURCE_CONTINUE : G_SOURCE_REMOVE;
}

static void
escape_iac (GByteArray    *out,
            const uint8_t *data,
            size_t         len)
{
  for (size_t i = 0; i < len; i++)
    {
      g_byte_array_append (out, &data[i], 1);
      if (data[i] == IAC)
        g_byte_array_append (out, &data[i], 1);
    }
}

static void
accept_client (wl_console_t *c,
               GSocket      *socket)
{
  static const uint8_t nego[] = {
    IAC, DO, TELOPT_TTYPE, IAC, WILL, TELOPT_ECHO, IAC, WILL, TELOPT_SGA, IAC, DONT, TELOPT_LINEMODE
  };
  client_t *client = g_new0 (client_t, 1);
  g_autofree char *banner = NULL;
  g_autoptr(GByteArray) replay = g_byte_array_new ();
  int status;

  client->console = c;
  client->socket = socket;
  client->out = g_byte_array_new ();
  g_socket_set_blocking (socket, FALSE);
  g_socket_set_keepalive (socket, TRUE);
  g_socket_set_option (socket, IPPROTO_TCP, TCP_NODELAY, 1, NULL);

  client_send (client, nego, sizeof nego);
  banner = g_strdup_printf ("Connected to Dynamips VM \"%s\" (ID %u, type %s) - %s\r\n"
                            "Press ENTER to get the prompt.\r\n",
                            c->vm_name, c->instance_id, c->platform,
                            c->aux ? "AUX port" : "Console port");
  client_send (client, (const uint8_t *) banner, strlen (banner));

  g_mutex_lock (&c->lock);
  for (guint i = 0; i < c->hist_len; i++)
    {
      uint8_t b = c->history[(c->hist_start + i) % WL_CONSOLE_HISTORY];

      escape_iac (replay, &b, 1);
    }
  c->n_clients++;
  g_mutex_unlock (&c->lock);
  client_send (client, replay->data, replay->len);

  status = c->status != NULL ? c->status (c->opaque) : 2;
  if (status != 2)
    {
      g_autofree char *warn = g_strdup_printf ("\r\n!!! WARNING - VM is not running, will be "
                                               "unresponsive (status=%d) !!!\r\n", status);

      client_send (client, (const uint8_t *) warn, strlen (warn));
    }

  /* While input is paused, a new client waits with the others. */
  if (!c->input_paused)
    client_watch_input (client);
  c->clients = g_list_prepend (c->clients, client);
}

static gboolean
listener_cb (GSocket      *socket,
             GIOCondition  cond,
             gpointer      data)
{
  wl_console_t *c = data;

  for (;;)
    {
      GSocket *client = g_socket_accept (socket, NULL, NULL);

      if (client == NULL)
        break;
      accept_client (c, client);
    }
  return G_SOURCE_CONTINUE;
}

static gboolean
flush_cb (gpointer data)
{
  wl_console_t *c = data;
  g_autoptr(GByteArray) out = g_byte_array_new ();

  g_mutex_lock (&c->lock);
  escape_iac (out, c->pending->data, c->pending->len);
  g_byte_array_set_size (c->pending, 0);
  c->flush_scheduled = FALSE;
  g_mutex_unlock (&c->lock);

  if (!c->closed)
    for (GList *l = c->clients; l != NULL; l = l->next)
      client_send (l->data, out->data, out->len);
  return G_SOURCE_REMOVE;
}

/* ---- public ---- */

wl_console_t *
wl_console_new (const char            *vm_name,
                guint                  instance_id,
                const char            *platform,
                gboolean               aux,
                wl_console_input_func  input,
                wl_console_status_func status,
                void                  *opaque)
{
  wl_console_t *c = g_new0 (wl_console_t, 1);

  g_return_val_if_fail (vm_name != NULL && platform != NULL, NULL);

  c->ref = 1;
  g_mutex_init (&c->lock);
  c->vm_name = g_strdup (vm_name);
  c->instance_id = instance_id;
  c->platform = g_strdup (platform);
  c->aux = aux;
  c->input = input;
  c->status = status;
  c->opaque = opaque;
  c->pending = g_byte_array_new ();
  get_context ();
  return c;
}

gboolean
wl_console_listen (wl_console_t *console,
                   const char   *address,
                   guint16       port,
                   GError      **error)
{
  g_autoptr(GInetAddress) inet = NULL;
  g_autoptr(GSocketAddress) saddr = NULL;
  g_autoptr(GSocket) socket = NULL;
  GError *local = NULL;

  g_return_val_if_fail (console != NULL && console->listener == NULL, FALSE);

  if (address == NULL)
    address = "127.0.0.1";
  inet = g_inet_address_new_from_string (address);
  if (inet == NULL)
    {
      g_autoptr(GResolver) resolver = g_resolver_get_default ();
      GList *list = g_resolver_lookup_by_name (resolver, address, NULL, &local);

      if (list == NULL)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                       "console address %s: %s", address, local ? local->message : "not found");
          g_clear_error (&local);
          return FALSE;
        }
      inet = g_object_ref (list->data);
      g_resolver_free_addresses (list);
    }
  saddr = g_inet_socket_address_new (inet, port);
  socket = g_socket_new (g_inet_address_get_family (inet), G_SOCKET_TYPE_STREAM,
                         G_SOCKET_PROTOCOL_TCP, &local);
  if (socket == NULL ||
      !g_socket_bind (socket, saddr, TRUE, &local) ||
      (g_socket_set_listen_backlog (socket, 16), !g_socket_listen (socket, &local)))
    {
      g_set_error (error, G_IO_ERROR, local ? local->code : G_IO_ERROR_FAILED,
                   "%s port %s:%u: %s", console->aux ? "AUX" : "console", address, port,
                   local ? local->message : "cannot listen");
      g_clear_error (&local);
      return FALSE;
    }
  g_socket_set_blocking (socket, FALSE);

  console->listener = g_steal_pointer (&socket);
  console->listen_source = g_socket_create_source (console->listener, G_IO_IN, NULL);
  g_source_set_callback (console->listen_source, (GSourceFunc) (GCallback) listener_cb,
                         console, NULL);
  g_source_attach (console->listen_source, get_context ());
  return TRUE;
}

void
wl_console_output (wl_console_t  *console,
                   const uint8_t *data,
                   size_t         len)
{
  gboolean schedule = FALSE;

  g_return_if_fail (console != NULL);

  g_mutex_lock (&console->lock);
  for (size_t i = 0; i < len; i++)
    {
      if (console->hist_len < WL_CONSOLE_HISTORY)
        console->history[(console->hist_start + console->hist_len++) % WL_CONSOLE_HISTORY] = data[i];
      else
        {
          console->history[console->hist_start] = data[i];
          console->hist_start = (console->hist_start + 1) % WL_CONSOLE_HISTORY;
        }
    }
  if (console->n_clients > 0 && console->pending->len < MAX_BACKLOG)
    {
      g_byte_array_append (console->pending, data, len);
      if (!console->flush_scheduled)
        schedule = console->flush_scheduled = TRUE;
    }
  g_mutex_unlock (&console->lock);

  if (schedule)
    g_main_context_invoke_full (get_context (), G_PRIORITY_DEFAULT, flush_cb,
                                console_ref (console), (GDestroyNotify) console_unref);
}

guint
wl_console_n_clients (wl_console_t *console)
{
  guint n;

  g_return_val_if_fail (console != NULL, 0);

  g_mutex_lock (&console->lock);
  n = console->n_clients;
  g_mutex_unlock (&console->lock);
  return n;
}

void
wl_console_resume_input (wl_console_t *console)
{
  gboolean schedule;

  g_return_if_fail (console != NULL);

  g_mutex_lock (&console->lock);
  schedule = !console->resume_scheduled;
  console->resume_scheduled = TRUE;
  g_mutex_unlock (&console->lock);
  if (schedule)
    g_main_context_invoke_full (get_context (), G_PRIORITY_DEFAULT, resume_cb,
                                console_ref (console), (GDestroyNotify) console_unref);
}

guint16
wl_console_get_port (wl_console_t *console)
{
  g_autoptr(GSocketAddress) addr = NULL;

  g_return_val_if_fail (console != NULL, 0);

  if (console->listener == NULL)
    return 0;
  addr = g_socket_get_local_address (console->listener, NULL);
  return addr != NULL ? g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (addr)) : 0;
}

static void
close_all (wl_console_t *c)
{
  /* Last words first ("power off"), as far as the sockets take them. */
  flush_cb (c);
  for (GList *l = c->clients; l != NULL; l = l->next)
    client_flush (l->data);
  c->closed = TRUE;
  if (c->listen_source != NULL)
    {
      g_source_destroy (c->listen_source);
      g_clear_pointer (&c->listen_source, g_source_unref);
    }
  if (c->listener != NULL)
    {
      g_socket_close (c->listener, NULL);
      g_clear_object (&c->listener);
    }
  while (c->clients != NULL)
    client_close (c->clients->data);
}

void
wl_console_free (wl_console_t *console)
{
  if (console == NULL)
    return;
  run_sync (console, close_all);
  console_unref (console);
}
