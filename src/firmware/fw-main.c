/* fw-main.c: boot, the main loop, timers, console and system messages
 *
 * Copyright 2026 The Wirelab authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#define G_LOG_DOMAIN "wirelab-fw"

#include "config.h"

#include "fw.h"
#include "fw-cli.h"
#include "fw-config.h"
#include "fw-if.h"
#include "fw-net.h"
#include "fw-rip.h"
#include "fw-route.h"

HalBoard fw_board;
unsigned fw_debug;

static uint64_t now_ms;
static uint64_t boot_wall_ms;    /* wall clock at boot, ms since 1970 */
static FwTimer *timers;

uint64_t
fw_now (void)
{
  return now_ms;
}

uint64_t
fw_uptime_ms (void)
{
  return now_ms;
}

/* --- timers ----------------------------------------------------------- */

void
fw_timer_init (FwTimer *t,
               void   (*fn) (void *),
               void    *data)
{
  memset (t, 0, sizeof *t);
  t->fn = fn;
  t->data = data;
}

void
fw_timer_cancel (FwTimer *t)
{
  FwTimer **pp;

  if (!t->armed)
    return;
  for (pp = &timers; *pp; pp = &(*pp)->next)
    if (*pp == t)
      {
        *pp = t->next;
        break;
      }
  t->armed = false;
  t->next = NULL;
}

void
fw_timer_arm (FwTimer  *t,
              uint64_t  when)
{
  FwTimer **pp;

  fw_timer_cancel (t);
  t->when = when;
  for (pp = &timers; *pp && (*pp)->when <= when; pp = &(*pp)->next)
    ;
  t->next = *pp;
  *pp = t;
  t->armed = true;
}

static bool
timers_run (void)
{
  bool ran = false;

  while (timers && timers->when <= now_ms)
    {
      FwTimer *t = timers;

      timers = t->next;
      t->armed = false;
      t->next = NULL;
      t->fn (t->data);
      ran = true;
    }
  return ran;
}

/* --- console ---------------------------------------------------------- */

#define TYPEAHEAD 4096

static char typeahead[TYPEAHEAD];
static unsigned ta_head, ta_tail;
static bool abort_key;
static char obuf[1024];
static size_t olen;
static bool at_bol = true;

static bool
con_pump (void)
{
  bool got = false;
  int c;

  while ((c = hal_con_getc ()) >= 0)
    {
      got = true;
      if (c == 0x1e)                      /* Ctrl-^: the escape sequence */
        {
          abort_key = true;
          continue;
        }
      if (ta_tail - ta_head < TYPEAHEAD)
        typeahead[ta_tail++ % TYPEAHEAD] = (char) c;
    }
  return got;
}

int
fw_con_getc (void)
{
  if (ta_head == ta_tail)
    return -1;
  return (unsigned char) typeahead[ta_head++ % TYPEAHEAD];
}

bool
fw_con_pending (void)
{
  return ta_head != ta_tail;
}

bool
fw_con_abort_peek (void)
{
  return abort_key;
}

bool
fw_con_take_abort (void)
{
  bool a = abort_key;

  abort_key = false;
  return a;
}

void
fw_con_flush (void)
{
  if (olen)
    hal_con_write (obuf, olen);
  olen = 0;
}

static void
con_putc (char c)
{
  if (olen == sizeof obuf)
    fw_con_flush ();
  obuf[olen++] = c;
}

void
fw_con_write (const char *s,
              size_t      len)
{
  for (size_t i = 0; i < len; i++)
    {
      if (s[i] == '\n')
        con_putc ('\r');
      con_putc (s[i]);
      if (s[i] == '\n' || s[i] == '\r')
        at_bol = true;
      else if (s[i] != '\b' || at_bol)
        at_bol = false;
    }
}

void
fw_con_puts (const char *s)
{
  fw_con_write (s, strlen (s));
}

void
fw_con_printf (const char *fmt,
               ...)
{
  char buf[512];
  va_list ap;
  int n;

  va_start (ap, fmt);
  n = fw_vsnprintf (buf, sizeof buf, fmt, ap);
  va_end (ap);
  fw_con_write (buf, FW_MIN ((size_t) n, sizeof buf - 1));
}

bool
fw_con_at_bol (void)
{
  return at_bol;
}

/* --- calendar --------------------------------------------------------- */

const char *const fw_month_names[12] = {
  "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
};
const char *const fw_day_names[7] = { "Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat" };

void
fw_date_from_unix (uint64_t  secs,
                   uint32_t  msec,
                   FwDate   *d)
{
  /* days to civil (proleptic Gregorian), after H. Hinnant */
  int64_t z = (int64_t) (secs / 86400) + 719468;
  int64_t era = z / 146097;
  int64_t doe = z - era * 146097;
  int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  int64_t mp = (5 * doy + 2) / 153;
  uint64_t rem = secs % 86400;

  d->day = (int) (doy - (153 * mp + 2) / 5 + 1);
  d->month = (int) (mp < 10 ? mp + 3 : mp - 9);
  d->year = (int) (yoe + era * 400 + (d->month <= 2));
  d->wday = (int) ((secs / 86400 + 4) % 7);
  d->hour = (int) (rem / 3600);
  d->min = (int) (rem / 60 % 60);
  d->sec = (int) (rem % 60);
  d->msec = (int) msec;
}

void
fw_date_at (uint64_t  uptime_ms,
            FwDate   *d)
{
  uint64_t ms = boot_wall_ms + uptime_ms;

  fw_date_from_unix (ms / 1000, (uint32_t) (ms % 1000), d);
}

void
fw_date_now (FwDate *d)
{
  fw_date_at (now_ms, d);
}

void
fw_format_uptime (char     *buf,
                  size_t    size,
                  uint64_t  ms)
{
  uint64_t m = ms / 60000;
  uint64_t weeks = m / (7 * 1440), days = m / 1440 % 7, hours = m / 60 % 24, mins = m % 60;
  size_t n = 0;

  buf[0] = '\0';
#define PART(v, unit) \
  if ((v) || (unit[0] == 'm' && n == 0)) \
    n += (size_t) fw_snprintf (buf + n, n < size ? size - n : 0, "%s%u %s%s", n ? ", " : "", \
                               (unsigned) (v), unit, (v) == 1 ? "" : "s");
  PART (weeks, "week")
  PART (days, "day")
  PART (hours, "hour")
  PART (mins, "minute")
#undef PART
}

void
fw_format_age (char     *buf,
               size_t    size,
               uint64_t  ms)
{
  uint64_t s = ms / 1000;

  if (s < 86400)
    fw_snprintf (buf, size, "%02u:%02u:%02u", (unsigned) (s / 3600), (unsigned) (s / 60 % 60),
                 (unsigned) (s % 60));
  else if (s < 7 * 86400)
    fw_snprintf (buf, size, "%ud%02uh", (unsigned) (s / 86400), (unsigned) (s / 3600 % 24));
  else
    fw_snprintf (buf, size, "%uw%ud", (unsigned) (s / (7 * 86400)), (unsigned) (s / 86400 % 7));
}

/* --- system messages ------------------------------------------------ */

#define LOG_SLOTS 128
#define LOG_LEN   192

static char log_ring[LOG_SLOTS][LOG_LEN];
static unsigned log_head, log_tail;

void
fw_log (const char *fmt,
        ...)
{
  char *slot;
  FwDate d;
  va_list ap;
  int n;

  if (log_tail - log_head == LOG_SLOTS)
    log_head++;                             /* drop the oldest */
  slot = log_ring[log_tail++ % LOG_SLOTS];
  fw_date_now (&d);
  n = fw_snprintf (slot, LOG_LEN, "*%s %2d %02d:%02d:%02d.%03d: ", fw_month_names[d.month - 1],
                   d.day, d.hour, d.min, d.sec, d.msec);
  va_start (ap, fmt);
  fw_vsnprintf (slot + n, LOG_LEN - (size_t) n, fmt, ap);
  va_end (ap);
}

bool
fw_log_pending (void)
{
  return log_head != log_tail;
}

void
fw_log_flush (void)
{
  if (log_head == log_tail)
    return;
  if (!fw_con_at_bol ())
    fw_con_puts ("\n");
  while (log_head != log_tail)
    {
      fw_con_puts (log_ring[log_head++ % LOG_SLOTS]);
      fw_con_puts ("\n");
    }
  if (fw_config.lines[0].logging_sync)
    cli_redraw ();
}

/* --- the loop --------------------------------------------------------- */

bool
fw_poll (bool top)
{
  bool busy = false;

  now_ms = hal_now_ms ();
  busy |= con_pump ();
  busy |= fw_net_poll ();
  busy |= timers_run ();
  fw_route_commit ();
  if (top)
    {
      int c;

      while ((c = fw_con_getc ()) >= 0)
        {
          cli_input (c);
          busy = true;
        }
      fw_log_flush ();
    }
  fw_route_commit ();
  fw_net_flush ();
  fw_con_flush ();
  return busy;
}

static void
idle (uint64_t limit)
{
  uint64_t deadline = limit;

  if (timers && timers->when < deadline)
    deadline = timers->when;
  fw_con_flush ();
  hal_idle (deadline);
}

bool
fw_wait (bool   (*done) (void *data),
         void    *data,
         uint64_t deadline)
{
  for (;;)
    {
      bool busy;

      if (done && done (data))
        return true;
      if (now_ms >= deadline)
        return false;
      busy = fw_poll (false);
      if (done && done (data))
        return true;
      if (!busy)
        idle (deadline);
    }
}

int
fw_con_getc_wait (uint64_t deadline)
{
  for (;;)
    {
      int c = fw_con_getc ();

      if (c >= 0)
        return c;
      if (now_ms >= deadline)
        return -1;
      if (!fw_poll (false))
        idle (deadline);
    }
}

void
fw_run (void)
{
  for (;;)
    if (!fw_poll (true))
      idle ((uint64_t) -1);
}

void
fw_power (int what)
{
  fw_con_flush ();
  hal_power (what);
}

static void
banner (void)
{
  uint32_t counts[8] = { 0 };

  fw_con_printf ("\nWirelab Router Software (%s), Version %s, RELEASE SOFTWARE\n",
                 fw_board.platform, FW_VERSION_STRING);
  fw_con_puts ("Copyright (c) 2026 The Wirelab authors. Free software under the GNU GPL v2 or later.\n\n");
  fw_con_printf ("Wirelab %s (%s) processor with %uK bytes of memory.\n",
                 fw_board.model[0] ? fw_board.model : fw_board.platform,
                 fw_board.npe[0] ? fw_board.npe : "MIPS64", fw_board.ram_mb * 1024);
  for (uint32_t i = 0; i < fw_board.n_ifaces; i++)
    {
      int t;
      const char *num;

      if (fw_if_split_name (fw_board.ifaces[i].name, &t, &num) && t < 8)
        counts[t]++;
    }
  for (int t = 0; t < fw_if_n_types; t++)
    if (counts[t])
      fw_con_printf ("%u %s interface%s\n", counts[t], fw_if_types[t].name,
                     counts[t] == 1 ? "" : "s");
  fw_con_printf ("%uK bytes of NVRAM.\n\n", fw_board.nvram_kb);
}

void
fw_boot (void)
{
  void *heap;
  size_t heap_size;
  char *startup;
  size_t len;

  hal_init (&fw_board);
  hal_heap_region (&heap, &heap_size);
  fw_heap_init (heap, heap_size);
  /* Frame buffers: a quarter of the heap at most. */
  fw_pkt_init ((uint32_t) FW_MIN (heap_size / 4 / sizeof (FwPkt), 16384u));
  now_ms = hal_now_ms ();
  boot_wall_ms = (uint64_t) hal_wall_seconds () * 1000 - now_ms;

  fw_config_init ();
  fw_if_init ();
  fw_net_init ();
  fw_rip_init ();
  cli_init ();
  banner ();

  startup = fw_config_read_startup (&len);
  if (startup)
    {
      cli.loading = true;
      fw_config_apply (startup, len);
      cli.loading = false;
      fw_free (startup);
    }
  cli_set_mode (CLI_MODE_USER);
  cli.config_changed = false;
  fw_config.last_change_ms = 0;
  fw_route_commit ();
  fw_con_puts ("\n\nPress RETURN to get started!\n\n\n");
  fw_log ("%%SYS-5-RESTART: System restarted --\n"
          "Wirelab Router Software (%s), Version %s, RELEASE SOFTWARE", fw_board.platform,
          FW_VERSION_STRING);
  fw_con_flush ();
}
