/* fw-cli-term.c: the console session: line editor, history, prompt,
 * --More-- paging, output filters, questions
 *
 * Copyright 2026 The Wirelab authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * The editor keeps the terminal in step with the line using only CR-less
 * output, backspaces and spaces, as IOS does, so it works on any terminal:
 * Ctrl-A/E/B/F/D/K/U/W/X, arrows (ESC [ A..D and ESC O A..D), Ctrl-P/N and
 * history, Tab, '?', Ctrl-Z/Ctrl-C.
 */

#define G_LOG_DOMAIN "wirelab-fw"

#include "config.h"

#include "fw.h"
#include "fw-cli.h"
#include "fw-cli-private.h"
#include "fw-config.h"

#define LINE_MAX_LEN 510
#define HISTORY      20

CliState cli;

static char line[LINE_MAX_LEN + 2];
static int len, cur;
static char *history[HISTORY];
static int hist_n, hist_pos;
static char *hist_saved;
static bool waiting_return = true;
static int esc_state;
static bool last_cr;
static char prompt_buf[96];

/* output state of the running command */
static bool in_command, quiet, aborted, more_pending;
static uint32_t lines_out;

typedef enum
{
  FILTER_NONE,
  FILTER_INCLUDE,
  FILTER_EXCLUDE,
  FILTER_BEGIN,
  FILTER_SECTION,
} FilterKind;

static FilterKind filter;
static char filter_pat[128];
static char fline[512];
static size_t flen;
static bool began, in_section;

const char *
cli_hostname (void)
{
  return fw_config.hostname;
}

const char *
cli_prompt (void)
{
  static const char *const suffix[CLI_MODE_COUNT] = {
    ">", "#", "(config)#", "(config-if)#", "(config-subif)#", "(config-router)#",
    "(config-line)#",
  };

  fw_snprintf (prompt_buf, sizeof prompt_buf, "%s%s", fw_config.hostname, suffix[cli.mode]);
  return prompt_buf;
}

void
cli_set_mode (CliMode mode)
{
  bool was_config = cli.mode >= CLI_MODE_CONFIG;

  cli.mode = mode;
  if (was_config && mode < CLI_MODE_CONFIG && !cli.loading)
    fw_log ("%%SYS-5-CONFIG_I: Configured from console by console");
}

/* --- output ------------------------------------------------------- */

static void
more_prompt (void)
{
  int c;

  more_pending = false;
  fw_con_puts (" --More-- ");
  fw_con_flush ();
  c = fw_con_getc_wait ((uint64_t) -1);
  fw_con_puts ("\b\b\b\b\b\b\b\b\b\b          \b\b\b\b\b\b\b\b\b\b");
  if (c == ' ')
    lines_out = 0;
  else if (c == '\r' || c == '\n')
    {
      last_cr = c == '\r';
      lines_out = cli.term_length > 1 ? cli.term_length - 2 : 0;
    }
  else
    aborted = true;
}

static void
emit (const char *s,
      size_t      n)
{
  for (size_t i = 0; i < n && !aborted; i++)
    {
      if (more_pending)
        {
          more_prompt ();
          if (aborted)
            return;
        }
      fw_con_write (&s[i], 1);
      if (s[i] == '\n' && in_command && cli.term_length > 0
          && ++lines_out >= cli.term_length - 1)
        more_pending = true;
    }
}

static bool
pattern_in (const char *text,
            size_t      tlen)
{
  size_t plen = strlen (filter_pat);
  bool anchor_start = filter_pat[0] == '^';
  const char *pat = anchor_start ? filter_pat + 1 : filter_pat;

  if (anchor_start)
    plen--;
  if (plen == 0)
    return true;
  for (size_t i = 0; i + plen <= tlen; i++)
    {
      if (memcmp (text + i, pat, plen) == 0)
        return true;
      if (anchor_start)
        break;
    }
  return false;
}

static void
filter_line (void)
{
  bool show = false;
  size_t n = flen;

  if (n && fline[n - 1] == '\n')
    n--;
  switch (filter)
    {
    case FILTER_INCLUDE:
      show = pattern_in (fline, n);
      break;
    case FILTER_EXCLUDE:
      show = !pattern_in (fline, n);
      break;
    case FILTER_BEGIN:
      if (!began && pattern_in (fline, n))
        began = true;
      show = began;
      break;
    case FILTER_SECTION:
      if (n && fline[0] == ' ')
        show = in_section;
      else
        show = in_section = pattern_in (fline, n);
      break;
    default:
      show = true;
    }
  if (show)
    emit (fline, flen);
  flen = 0;
}

void
cli_write (const char *s,
           size_t      n)
{
  if (quiet || aborted)
    return;
  if (filter == FILTER_NONE)
    {
      emit (s, n);
      return;
    }
  for (size_t i = 0; i < n; i++)
    {
      if (flen < sizeof fline)
        fline[flen++] = s[i];
      if (s[i] == '\n' || flen == sizeof fline)
        filter_line ();
    }
}

void
cli_puts (const char *s)
{
  cli_write (s, strlen (s));
}

void
cli_printf (const char *fmt,
            ...)
{
  char buf[512];
  va_list ap;
  int n;

  va_start (ap, fmt);
  n = fw_vsnprintf (buf, sizeof buf, fmt, ap);
  va_end (ap);
  cli_write (buf, FW_MIN ((size_t) n, sizeof buf - 1));
}

bool
cli_aborted (void)
{
  return aborted;
}

/* --- questions ---------------------------------------------------- */

static int
next_key (void)
{
  int c;

  do
    c = fw_con_getc_wait ((uint64_t) -1);
  while (last_cr && (c == '\n' || c == 0) && !(last_cr = false));
  last_cr = c == '\r';
  return c;
}

bool
cli_confirm (const char *question)
{
  int c;

  if (quiet)
    return true;
  fw_con_puts (question);
  fw_con_flush ();
  c = next_key ();
  fw_con_puts ("\n");
  return c == '\r' || c == '\n' || c == 'y' || c == 'Y';
}

static int
ask (const char *prompt,
     char       *buf,
     size_t      size,
     bool        echo)
{
  size_t n = 0;

  fw_con_puts (prompt);
  fw_con_flush ();
  for (;;)
    {
      int c = next_key ();

      if (c == '\r' || c == '\n')
        break;
      if (c == 3 || c == 0x1a)
        {
          fw_con_puts ("\n");
          return -1;
        }
      if ((c == 8 || c == 0x7f) && n > 0)
        {
          n--;
          if (echo)
            fw_con_puts ("\b \b");
          continue;
        }
      if (fw_isprint (c) && n + 1 < size)
        {
          buf[n++] = (char) c;
          if (echo)
            {
              char ch = (char) c;

              fw_con_write (&ch, 1);
            }
        }
      fw_con_flush ();
    }
  buf[n] = '\0';
  fw_con_puts ("\n");
  return (int) n;
}

int
cli_ask (const char *prompt,
         char       *buf,
         size_t      size)
{
  if (quiet)
    {
      buf[0] = '\0';
      return 0;
    }
  return ask (prompt, buf, size, true);
}

int cli_ask_secret (const char *prompt, char *buf, size_t size);

int
cli_ask_secret (const char *prompt,
                char       *buf,
                size_t      size)
{
  return ask (prompt, buf, size, false);
}

/* --- running a line ----------------------------------------------- */

static bool
parse_filter (char *cmdline)
{
  static const char *const names[] = { "include", "exclude", "begin", "section" };
  char *bar = strchr (cmdline, '|');
  char *w, *end;
  size_t wl;
  int found = -1, count = 0;

  filter = FILTER_NONE;
  if (bar == NULL)
    return true;
  *bar = '\0';
  w = bar + 1;
  while (*w == ' ')
    w++;
  end = w;
  while (*end && *end != ' ')
    end++;
  wl = (size_t) (end - w);
  for (int i = 0; i < 4; i++)
    if (wl && wl <= strlen (names[i]) && fw_strncasecmp (names[i], w, wl) == 0)
      {
        found = i;
        count++;
      }
  while (*end == ' ')
    end++;
  if (count != 1 || !*end)
    {
      if (count == 1)
        cli_puts ("% Incomplete command.\n\n");
      else
        {
          cli_printf ("%*s^\n", (int) strlen (cli_prompt ()) + (int) (w - cmdline), "");
          cli_puts ("% Invalid input detected at '^' marker.\n\n");
        }
      return false;
    }
  fw_strlcpy (filter_pat, end, sizeof filter_pat);
  wl = strlen (filter_pat);
  while (wl && filter_pat[wl - 1] == ' ')
    filter_pat[--wl] = '\0';
  filter = (FilterKind) (found + 1);
  began = in_section = false;
  flen = 0;
  return true;
}

int
cli_execute (const char *text,
             bool        q)
{
  char cmdline[LINE_MAX_LEN + 2];
  const char *s = text;
  int ret;
  bool old_quiet = quiet;

  while (*s == ' ' || *s == '\t')
    s++;
  if (*s == '\0' || *s == '!')
    return 0;
  fw_strlcpy (cmdline, s, sizeof cmdline);
  quiet = q;
  if (!parse_filter (cmdline))
    {
      quiet = old_quiet;
      return -1;
    }
  ret = cli_parse_execute (cmdline);
  if (filter != FILTER_NONE && flen)
    filter_line ();
  filter = FILTER_NONE;
  quiet = old_quiet;
  return ret;
}

/* --- the editor --------------------------------------------------- */

static void
out (const char *s,
     size_t      n)
{
  fw_con_write (s, n);
}

static void
backspaces (int n)
{
  while (n-- > 0)
    fw_con_write ("\b", 1);
}

static void
spaces (int n)
{
  while (n-- > 0)
    fw_con_write (" ", 1);
}

static void
show_prompt (void)
{
  fw_con_puts (cli_prompt ());
}

void
cli_redraw (void)
{
  if (waiting_return || in_command)
    return;
  show_prompt ();
  out (line, (size_t) len);
  backspaces (len - cur);
}

/* Replaces the line on screen and in the buffer, redrawing only from the
 * first character that changes. */
static void
set_line (const char *s)
{
  int old = len, common = 0;
  size_t n = strlen (s);

  if (n > LINE_MAX_LEN)
    n = LINE_MAX_LEN;
  while (common < cur && common < (int) n && line[common] == s[common])
    common++;
  backspaces (cur - common);
  memcpy (line, s, n);
  len = (int) n;
  line[len] = '\0';
  out (line + common, (size_t) (len - common));
  if (old > len)
    {
      spaces (old - len);
      backspaces (old - len);
    }
  cur = len;
}

static void
delete_range (int from,
              int to)
{
  int n = to - from;

  if (n <= 0)
    return;
  backspaces (cur - from);
  memmove (line + from, line + to, (size_t) (len - to));
  len -= n;
  line[len] = '\0';
  out (line + from, (size_t) (len - from));
  spaces (n);
  backspaces (len - from + n);
  cur = from;
}

static void
insert (char c)
{
  if (len >= LINE_MAX_LEN)
    return;
  memmove (line + cur + 1, line + cur, (size_t) (len - cur));
  line[cur] = c;
  len++;
  line[len] = '\0';
  out (line + cur, (size_t) (len - cur));
  cur++;
  backspaces (len - cur);
}

static void
history_add (const char *s)
{
  if (!*s)
    return;
  if (hist_n > 0 && strcmp (history[hist_n - 1], s) == 0)
    return;
  if (hist_n == HISTORY)
    {
      fw_free (history[0]);
      memmove (history, history + 1, sizeof (char *) * (HISTORY - 1));
      hist_n--;
    }
  history[hist_n++] = fw_strdup (s);
}

static void
history_move (int dir)
{
  int pos = hist_pos + dir;

  if (pos < 0 || pos > hist_n)
    return;
  if (hist_pos == hist_n)
    {
      fw_free (hist_saved);
      hist_saved = fw_strdup (line);
    }
  hist_pos = pos;
  set_line (pos == hist_n ? (hist_saved ? hist_saved : "") : history[pos]);
}

int cli_history (const char ***list);

int
cli_history (const char ***list)
{
  *list = (const char **) history;
  return hist_n;
}

static void
end_session (void)
{
  cli_set_mode (CLI_MODE_USER);
  fw_con_printf ("\n\n\n%s con0 is now available\n\n\n\n\n\nPress RETURN to get started.\n\n\n",
                 fw_config.hostname);
  waiting_return = true;
}

void cli_logout (void);

void
cli_logout (void)
{
  waiting_return = true;
}

static void
run_line (void)
{
  char cmd[LINE_MAX_LEN + 2];

  fw_con_puts ("\n");
  memcpy (cmd, line, (size_t) len + 1);
  history_add (cmd);
  hist_pos = hist_n;
  len = cur = 0;
  line[0] = '\0';

  in_command = true;
  aborted = more_pending = false;
  lines_out = 0;
  cli_execute (cmd, false);
  in_command = false;
  aborted = more_pending = false;
  if (waiting_return)
    {
      end_session ();
      return;
    }
  show_prompt ();
}

static void
help (void)
{
  char upto[LINE_MAX_LEN + 2];

  memcpy (upto, line, (size_t) cur);
  upto[cur] = '\0';
  fw_con_puts ("?\n");
  in_command = true;
  aborted = more_pending = false;
  lines_out = 0;
  cli_help (upto);
  in_command = false;
  aborted = more_pending = false;
  show_prompt ();
  out (line, (size_t) len);
  backspaces (len - cur);
}

static void
complete (void)
{
  char upto[LINE_MAX_LEN + 2];
  char *done;

  if (cur != len)
    return;
  memcpy (upto, line, (size_t) cur);
  upto[cur] = '\0';
  done = cli_complete (upto);
  if (done == NULL)
    return;
  set_line (done);
  fw_free (done);
}

static bool
word_char (char c)
{
  return c != ' ';
}

static void
escape_key (int c)
{
  switch (c)
    {
    case 'A':
      history_move (-1);
      break;
    case 'B':
      history_move (1);
      break;
    case 'C':
      if (cur < len)
        out (&line[cur++], 1);
      break;
    case 'D':
      if (cur > 0)
        {
          backspaces (1);
          cur--;
        }
      break;
    default:
      break;
    }
}

void
cli_input (int c)
{
  if (waiting_return)
    {
      if (c == '\r' || c == '\n')
        {
          waiting_return = false;
          last_cr = c == '\r';
          len = cur = 0;
          line[0] = '\0';
          hist_pos = hist_n;
          cli_set_mode (CLI_MODE_USER);
          fw_con_puts ("\n");
          if (fw_config.banner_motd)
            fw_con_printf ("%s\n\n", fw_config.banner_motd);
          show_prompt ();
        }
      return;
    }
  if (last_cr && (c == '\n' || c == 0))
    {
      last_cr = false;
      return;
    }
  last_cr = false;

  if (esc_state == 1)
    {
      esc_state = (c == '[' || c == 'O') ? 2 : 0;
      if (c == 'b' || c == 'B')          /* ESC b: word left */
        {
          while (cur > 0 && line[cur - 1] == ' ')
            backspaces (1), cur--;
          while (cur > 0 && word_char (line[cur - 1]))
            backspaces (1), cur--;
        }
      else if (c == 'f' || c == 'F')     /* ESC f: word right */
        {
          while (cur < len && line[cur] == ' ')
            out (&line[cur++], 1);
          while (cur < len && word_char (line[cur]))
            out (&line[cur++], 1);
        }
      return;
    }
  if (esc_state == 2)
    {
      esc_state = (c >= '0' && c <= '9') ? 2 : 0;
      if (!esc_state)
        escape_key (c);
      return;
    }

  switch (c)
    {
    case '\r':
    case '\n':
      last_cr = c == '\r';
      run_line ();
      break;
    case 0x1b:
      esc_state = 1;
      break;
    case 0x01:                            /* Ctrl-A */
      backspaces (cur);
      cur = 0;
      break;
    case 0x05:                            /* Ctrl-E */
      out (line + cur, (size_t) (len - cur));
      cur = len;
      break;
    case 0x02:                            /* Ctrl-B */
      escape_key ('D');
      break;
    case 0x06:                            /* Ctrl-F */
      escape_key ('C');
      break;
    case 0x10:                            /* Ctrl-P */
      history_move (-1);
      break;
    case 0x0e:                            /* Ctrl-N */
      history_move (1);
      break;
    case 0x08:
    case 0x7f:
      if (cur > 0)
        delete_range (cur - 1, cur);
      break;
    case 0x04:                            /* Ctrl-D */
      if (cur < len)
        {
          int at = cur;

          out (&line[cur++], 1);
          delete_range (at, at + 1);
        }
      break;
    case 0x0b:                            /* Ctrl-K */
      spaces (len - cur);
      backspaces (len - cur);
      len = cur;
      line[len] = '\0';
      break;
    case 0x15:                            /* Ctrl-U */
    case 0x18:                            /* Ctrl-X */
      delete_range (0, cur);
      break;
    case 0x17:                            /* Ctrl-W */
      {
        int from = cur;

        while (from > 0 && line[from - 1] == ' ')
          from--;
        while (from > 0 && word_char (line[from - 1]))
          from--;
        delete_range (from, cur);
      }
      break;
    case 0x0c:                            /* Ctrl-L */
    case 0x12:                            /* Ctrl-R */
      fw_con_puts ("\n");
      cli_redraw ();
      break;
    case '\t':
      complete ();
      break;
    case '?':
      help ();
      break;
    case 0x1a:                            /* Ctrl-Z */
    case 0x03:                            /* Ctrl-C */
      if (cli.mode >= CLI_MODE_CONFIG)
        {
          fw_con_puts (c == 0x1a ? "^Z\n" : "^C\n");
          len = cur = 0;
          line[0] = '\0';
          cli_set_mode (CLI_MODE_PRIV);
          show_prompt ();
        }
      else if (c == 0x03)
        {
          fw_con_puts ("\n");
          len = cur = 0;
          line[0] = '\0';
          show_prompt ();
        }
      break;
    default:
      if (fw_isprint (c))
        insert ((char) c);
      break;
    }
}

void
cli_start (void)
{
  waiting_return = true;
}

bool
cli_waiting_return (void)
{
  return waiting_return;
}

void
cli_init (void)
{
  memset (&cli, 0, sizeof cli);
  cli.term_length = 24;
  cli.mode = CLI_MODE_USER;
  waiting_return = true;
  fw_cmd_exec_init ();
  fw_cmd_show_init ();
  fw_cmd_config_init ();
  fw_cmd_if_init ();
  fw_cmd_rip_init ();
  cli_parse_init_do ();
}
