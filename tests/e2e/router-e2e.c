/* router-e2e.c: end-to-end labs of Wirelab routers
 *
 * Copyright 2026 The Wirelab authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#define G_LOG_DOMAIN "wirelab-e2e"

#include "config.h"

#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <pty.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "port-block.h"
#include "router-e2e.h"

static char *image_path;

void
e2e_init (int    *argc,
          char ***argv)
{
  g_test_init (argc, argv, NULL);
  if (*argc < 2)
    g_error ("usage: %s ROUTER-IMAGE", (*argv)[0]);
  image_path = g_canonicalize_filename ((*argv)[1], NULL);
  signal (SIGPIPE, SIG_IGN);
}

const char *
e2e_image (void)
{
  return image_path;
}

void
e2e_assert_in (const char *hay,
               const char *needle)
{
  if (strstr (hay, needle) == NULL)
    g_error ("expected \"%s\" in:\n%s", needle, hay);
}

/* --- hypervisor ----------------------------------------------------- */

E2eHv *
e2e_hv_start (void)
{
  E2eHv *hv = g_new0 (E2eHv, 1);

  hv->proc = hv_proc_start (NULL);
  hv->fd = hv_connect (hv->proc->port);
  return hv;
}

void
e2e_hv_stop (E2eHv *hv)
{
  g_autofree char *r = hv_cmd (hv->fd, "hypervisor stop");

  g_assert_cmpstr (r, ==, "100-OK\r\n");
  g_assert_true (hv_proc_wait (hv->proc, 30000));
  close (hv->fd);
  hv_proc_free (hv->proc);
  g_free (hv);
}

static char *
vcmd (E2eHv      *hv,
      const char *format,
      va_list     ap)
{
  g_autofree char *line = g_strdup_vprintf (format, ap);

  return hv_cmd (hv->fd, line);
}

char *
e2e_hv_raw (E2eHv      *hv,
            const char *format,
            ...)
{
  va_list ap;
  char *r;

  va_start (ap, format);
  r = vcmd (hv, format, ap);
  va_end (ap);
  return r;
}

char *
e2e_hv (E2eHv      *hv,
        const char *format,
        ...)
{
  va_list ap;
  g_autofree char *r = NULL;
  const char *last;
  char *text;

  va_start (ap, format);
  r = vcmd (hv, format, ap);
  va_end (ap);
  last = g_strrstr (r, "\r\n");
  /* the final line: the one before the last CR LF */
  {
    const char *p = r, *start = r;

    while (p < last)
      {
        const char *nl = strstr (p, "\r\n");

        if (nl == NULL || nl >= last)
          break;
        start = nl + 2;
        p = start;
      }
    if (!g_str_has_prefix (start, "100-"))
      g_error ("hypervisor: '%s' answered %s", format, r);
    text = g_strndup (start + 4, (gsize) (last - start - 4));
  }
  return text;
}

/* --- console -------------------------------------------------------- */

static int
tcp_connect (guint16 port)
{
  struct sockaddr_in sa = { .sin_family = AF_INET, .sin_port = htons (port),
                            .sin_addr.s_addr = htonl (INADDR_LOOPBACK) };
  gint64 deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;

  for (;;)
    {
      int fd = socket (AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);

      g_assert_cmpint (fd, >=, 0);
      if (connect (fd, (struct sockaddr *) &sa, sizeof sa) == 0)
        return fd;
      close (fd);
      if (g_get_monotonic_time () > deadline)
        g_error ("cannot connect to the console on port %u: %s", port, g_strerror (errno));
      g_usleep (20000);
    }
}

E2eCon *
e2e_con_open (guint16 port)
{
  E2eCon *con = g_new0 (E2eCon, 1);

  con->fd = tcp_connect (port);
  con->text = g_string_new (NULL);
  con->prompt = g_strdup ("");
  return con;
}

void
e2e_con_close (E2eCon *con)
{
  if (con == NULL)
    return;
  close (con->fd);
  g_string_free (con->text, TRUE);
  g_free (con->prompt);
  g_free (con);
}

/* Reads what is there within timeout_ms; strips telnet commands and CR. */
static gboolean
con_read (E2eCon *con,
          guint   timeout_ms)
{
  struct pollfd pfd = { .fd = con->fd, .events = POLLIN };
  guint8 buf[4096];
  ssize_t n;

  if (poll (&pfd, 1, (int) timeout_ms) <= 0)
    return FALSE;
  n = recv (con->fd, buf, sizeof buf, 0);
  if (n <= 0)
    return FALSE;
  for (ssize_t i = 0; i < n; i++)
    {
      if (buf[i] == 0xff && i + 1 < n)
        {
          guint8 c = buf[i + 1];

          if (c >= 0xfb && c <= 0xfe)
            i += 2;             /* WILL/WONT/DO/DONT option */
          else if (c == 0xfa)
            {
              while (i + 1 < n && !(buf[i] == 0xff && buf[i + 1] == 0xf0))
                i++;
              i++;
            }
          else if (c == 0xff)
            {
              g_string_append_c (con->text, (char) 0xff);
              i++;
            }
          else
            i++;
          continue;
        }
      if (buf[i] != '\r' && buf[i] != '\0')
        g_string_append_c (con->text, (char) buf[i]);
    }
  return TRUE;
}

gboolean
e2e_con_wait (E2eCon     *con,
              const char *needle,
              guint       timeout_ms)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) timeout_ms * 1000;

  for (;;)
    {
      const char *hit = strstr (con->text->str + con->mark, needle);

      if (hit)
        {
          con->mark = (gsize) (hit - con->text->str) + strlen (needle);
          return TRUE;
        }
      if (g_get_monotonic_time () > deadline)
        return FALSE;
      con_read (con, 100);
    }
}

void
e2e_con_send (E2eCon     *con,
              const char *bytes)
{
  gsize len = strlen (bytes);

  g_assert_cmpint (send (con->fd, bytes, len, MSG_NOSIGNAL), ==, (gssize) len);
}

static gboolean
is_log_line (const char *l)
{
  return g_regex_match_simple ("^\\*[A-Z][a-z]{2} [ 0-9]\\d \\d\\d:\\d\\d:\\d\\d\\.\\d{3}: ", l, 0, 0);
}

static gboolean
is_prompt_line (const char *l)
{
  return g_regex_match_simple ("^[A-Za-z][A-Za-z0-9-]*(\\([a-z-]+\\))?[#>]$", l, 0, 0);
}

/* The output of a command from the text after the mark: NULL until the
 * prompt is back. */
static char *
cut (E2eCon *con,
     gsize  *consumed)
{
  const char *from = con->text->str + con->mark;
  g_auto(GStrv) lines = g_strsplit (from, "\n", -1);
  guint n = g_strv_length (lines);
  g_autoptr(GString) body = g_string_new (NULL);

  for (guint i = 1; i < n; i++)
    {
      gboolean rest_is_logs = TRUE;

      if (!is_prompt_line (lines[i]))
        continue;
      /* what follows the prompt must be system messages (whose later lines,
       * as in %SYS-5-RESTART, carry no timestamp) */
      for (guint k = i + 1; k < n; k++)
        if (*lines[k] && !is_log_line (lines[k]) && !(k > i + 1 && *lines[k - 1]))
          rest_is_logs = FALSE;
      if (!rest_is_logs)
        continue;
      g_free (con->prompt);
      con->prompt = g_strdup (lines[i]);
      for (guint k = 1; k < i; k++)
        {
          if (is_log_line (lines[k]) || (lines[k][0] == '\0' && k + 1 < i && is_log_line (lines[k + 1])))
            continue;
          if (k > 1 && is_log_line (lines[k - 1]) && strstr (lines[k - 1], ": %SYS-5-RESTART:"))
            continue;           /* the second line of the restart message */
          g_string_append (body, lines[k]);
          g_string_append_c (body, '\n');
        }
      *consumed = con->text->len - con->mark;
      return g_strdup (body->str);
    }
  return NULL;
}

char *
e2e_con_cmd (E2eCon     *con,
             const char *line,
             guint       timeout_ms)
{
  g_autofree char *typed = g_strconcat (line, "\r", NULL);
  gint64 deadline = g_get_monotonic_time () + (gint64) timeout_ms * 1000;

  con->mark = con->text->len;
  e2e_con_send (con, typed);
  for (;;)
    {
      gsize used = 0;
      char *out;

      con_read (con, 100);
      /* a prompt needs a quiet moment: more may follow right behind */
      out = cut (con, &used);
      if (out)
        {
          if (!con_read (con, 50))
            {
              con->mark += used;
              return out;
            }
          g_free (out);
        }
      if (g_get_monotonic_time () > deadline)
        g_error ("no prompt after '%s' within %u ms:\n%s", line, timeout_ms,
                 con->text->str + con->mark);
    }
}

void
e2e_con_config (E2eCon            *con,
                const char *const *lines)
{
  for (guint i = 0; lines[i]; i++)
    {
      g_autofree char *out = e2e_con_cmd (con, lines[i], 20000);

      if (strstr (out, "% ") || strstr (out, "^\n"))
        g_error ("'%s' failed:\n%s", lines[i], out);
    }
}

static gboolean
poll_for (E2eCon     *con,
          const char *line,
          const char *needle,
          gboolean    present,
          guint       timeout_ms)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) timeout_ms * 1000;

  for (;;)
    {
      g_autofree char *out = e2e_con_cmd (con, line, 20000);

      if ((strstr (out, needle) != NULL) == present)
        return TRUE;
      if (g_get_monotonic_time () > deadline)
        {
          g_test_message ("last '%s':\n%s", line, out);
          return FALSE;
        }
      g_usleep (300000);
    }
}

gboolean
e2e_con_poll (E2eCon     *con,
              const char *line,
              const char *needle,
              guint       timeout_ms)
{
  return poll_for (con, line, needle, TRUE, timeout_ms);
}

gboolean
e2e_con_poll_not (E2eCon     *con,
                  const char *line,
                  const char *needle,
                  guint       timeout_ms)
{
  return poll_for (con, line, needle, FALSE, timeout_ms);
}

/* --- routers -------------------------------------------------------- */

E2eRouter *
e2e_router_new (E2eHv      *hv,
                const char *name,
                guint       id,
                guint       n_pa)
{
  E2eRouter *r = g_new0 (E2eRouter, 1);

  r->hv = hv;
  r->name = g_strdup (name);
  r->con_port = e2e_tcp_port ();
  g_free (e2e_hv (hv, "vm create %s %u c7200", name, id));
  g_free (e2e_hv (hv, "vm set_ios %s \"%s\"", name, e2e_image ()));
  g_free (e2e_hv (hv, "vm set_ram %s 64", name));
  g_free (e2e_hv (hv, "vm set_con_tcp_port %s %u", name, r->con_port));
  g_free (e2e_hv (hv, "vm slot_add_binding %s 0 0 C7200-IO-FE", name));
  for (guint s = 1; s <= n_pa; s++)
    g_free (e2e_hv (hv, "vm slot_add_binding %s %u 0 PA-FE-TX", name, s));
  return r;
}

void
e2e_router_link (E2eRouter *r,
                 guint      slot,
                 guint16    local,
                 guint16    remote)
{
  g_free (e2e_hv (r->hv, "nio create_udp %s-s%u %u 127.0.0.1 %u", r->name, slot, local, remote));
  g_free (e2e_hv (r->hv, "vm slot_add_nio_binding %s %u 0 %s-s%u", r->name, slot, r->name, slot));
}

void
e2e_router_attach (E2eRouter *r)
{
  g_autofree char *out = NULL;

  e2e_con_close (r->con);
  r->con = e2e_con_open (r->con_port);
  if (!e2e_con_wait (r->con, "Press RETURN to get started!", 30000))
    g_error ("%s did not boot:\n%s", r->name, r->con->text->str);
  /* the first prompt */
  out = e2e_con_cmd (r->con, "", 20000);
}

void
e2e_router_start (E2eRouter *r)
{
  g_free (e2e_hv (r->hv, "vm start %s", r->name));
  e2e_router_attach (r);
  g_free (e2e_con_cmd (r->con, "enable", 10000));
  g_free (e2e_con_cmd (r->con, "terminal length 0", 10000));
}

void
e2e_router_free (E2eRouter *r)
{
  if (r == NULL)
    return;
  e2e_con_close (r->con);
  g_free (r->name);
  g_free (r);
}

/* --- VPCS ----------------------------------------------------------- */

gboolean
e2e_have_vpcs (void)
{
  g_autofree char *path = g_find_program_in_path ("vpcs");

  return path != NULL;
}

E2eVpcs *
e2e_vpcs_start (guint16 lport,
                guint16 rport,
                guint   mac_offset)
{
  E2eVpcs *v = g_new0 (E2eVpcs, 1);
  g_autofree char *l = g_strdup_printf ("%u", lport);
  g_autofree char *r = g_strdup_printf ("%u", rport);
  g_autofree char *m = g_strdup_printf ("%u", mac_offset);
  g_autofree char *out = NULL;
  pid_t pid;

  v->text = g_string_new (NULL);
  /* an empty directory: VPCS would run a startup.vpc it finds */
  v->dir = g_dir_make_tmp ("wl-vpcs-XXXXXX", NULL);
  g_assert_nonnull (v->dir);
  pid = forkpty (&v->fd, NULL, NULL, NULL);
  g_assert_cmpint (pid, >=, 0);
  if (pid == 0)
    {
      prctl (PR_SET_PDEATHSIG, SIGKILL);
      if (chdir (v->dir) != 0)
        _exit (127);
      execlp ("vpcs", "vpcs", "-i", "1", "-s", l, "-c", r, "-t", "127.0.0.1", "-m", m, NULL);
      _exit (127);
    }
  v->pid = pid;
  out = e2e_vpcs_cmd (v, NULL, 20000);
  return v;
}

static gboolean
vpcs_read (E2eVpcs *v,
           guint    timeout_ms)
{
  struct pollfd pfd = { .fd = v->fd, .events = POLLIN };
  char buf[4096];
  ssize_t n;

  if (poll (&pfd, 1, (int) timeout_ms) <= 0)
    return FALSE;
  n = read (v->fd, buf, sizeof buf);
  if (n <= 0)
    return FALSE;
  for (ssize_t i = 0; i < n; i++)
    if (buf[i] != '\r')
      g_string_append_c (v->text, buf[i]);
  return TRUE;
}

char *
e2e_vpcs_cmd (E2eVpcs    *v,
              const char *line,
              guint       timeout_ms)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) timeout_ms * 1000;
  gsize start;

  if (line)
    {
      g_autofree char *typed = g_strconcat (line, "\n", NULL);

      g_string_truncate (v->text, 0);
      g_assert_cmpint (write (v->fd, typed, strlen (typed)), ==, (gssize) strlen (typed));
    }
  start = 0;
  for (;;)
    {
      const char *p = g_strrstr (v->text->str + start, "VPCS> ");

      /* the prompt after the echo of the line */
      if (p && (!line || strchr (v->text->str, '\n')) && g_str_has_suffix (v->text->str, "VPCS> "))
        {
          char *out = g_strndup (v->text->str, (gsize) (p - v->text->str));

          g_string_truncate (v->text, 0);
          return out;
        }
      if (g_get_monotonic_time () > deadline)
        g_error ("VPCS: no prompt after '%s':\n%s", line ? line : "(start)", v->text->str);
      vpcs_read (v, 100);
    }
}

void
e2e_vpcs_stop (E2eVpcs *v)
{
  int status;

  kill (v->pid, SIGTERM);
  for (int i = 0; i < 100 && waitpid (v->pid, &status, WNOHANG) == 0; i++)
    g_usleep (20000);
  if (waitpid (v->pid, &status, WNOHANG) == 0)
    {
      kill (v->pid, SIGKILL);
      waitpid (v->pid, &status, 0);
    }
  close (v->fd);
  g_rmdir (v->dir);
  g_free (v->dir);
  g_string_free (v->text, TRUE);
  g_free (v);
}

/* --- ports ---------------------------------------------------------- */

/* From this process's own block (port-block.h): tests run in parallel,
 * and random or ephemeral ports checked free now are taken by another
 * test before the VPCS or NIO here binds them. */
guint16
e2e_udp_ports (guint n)
{
  return test_ports_take (n);
}

guint16
e2e_tcp_port (void)
{
  return test_ports_take (1);
}
