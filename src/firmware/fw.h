/* fw.h: the firmware's system services: main loop, time, timers, console, log
 *
 * Copyright 2026 The Wirelab authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * The router is one thread of control.  fw_run() polls the console, the NICs
 * and the timers and sleeps in hal_idle() when nothing is left to do.  A CLI
 * command that waits (ping, --More--, a [confirm]) runs a nested loop with
 * fw_wait(): frames keep flowing and timers keep firing, console input is
 * kept for later.
 */

#pragma once

#include "fw-libc.h"
#include "hal.h"

#define FW_VERSION_STRING PACKAGE_VERSION

extern HalBoard fw_board;

/* Boot: devices, memory, stack, CLI, startup-config, banner.  Then fw_run. */
void     fw_boot            (void);
void     fw_run             (void) __attribute__ ((noreturn));

/* Milliseconds since boot, refreshed every loop iteration. */
uint64_t fw_now             (void);
uint64_t fw_uptime_ms       (void);

/* Timers: one-shot, re-arm from the callback for periodic work. */
typedef struct FwTimer FwTimer;
struct FwTimer
{
  FwTimer  *next;
  uint64_t  when;
  void    (*fn) (void *data);
  void     *data;
  bool      armed;
};

void     fw_timer_init      (FwTimer *t, void (*fn) (void *), void *data);
void     fw_timer_arm       (FwTimer *t, uint64_t when);
void     fw_timer_cancel    (FwTimer *t);

/* One turn of the loop; top is false in nested waits.  Returns true when
 * something was done. */
bool     fw_poll            (bool top);
/* Runs the system until done (data) is true or the deadline passes; returns
 * done's last answer.  done may be NULL (just wait). */
bool     fw_wait            (bool (*done) (void *data), void *data, uint64_t deadline);
/* Next console byte (typed ahead or waited for up to the deadline); -1 when
 * none came. */
int      fw_con_getc_wait   (uint64_t deadline);

/* Console input typed ahead of the CLI, and the abort key (Ctrl-^). */
int      fw_con_getc        (void);
bool     fw_con_pending     (void);
bool     fw_con_take_abort  (void);
bool     fw_con_abort_peek  (void);

/* Console output: LF becomes CR LF; buffered until fw_con_flush. */
void     fw_con_write       (const char *s, size_t len);
void     fw_con_puts        (const char *s);
void     fw_con_printf      (const char *fmt, ...) FW_PRINTF (1, 2);
void     fw_con_flush       (void);
bool     fw_con_at_bol      (void);

/* System messages: "%LINK-3-UPDOWN: ..." with an IOS timestamp, shown when
 * the CLI is at a prompt. */
void     fw_log             (const char *fmt, ...) FW_PRINTF (1, 2);
void     fw_log_flush       (void);
bool     fw_log_pending     (void);

/* debug ip rip / debug ip icmp: messages through fw_log. */
enum
{
  FW_DEBUG_RIP  = 1 << 0,
  FW_DEBUG_ICMP = 1 << 1,
};
extern unsigned fw_debug;

/* Calendar: "*21:40:12.345 UTC Sun Nov 23 2025" parts. */
typedef struct
{
  int year, month, day, wday, hour, min, sec, msec;
} FwDate;

void     fw_date_now        (FwDate *d);
/* The date at a point of the uptime. */
void     fw_date_at         (uint64_t uptime_ms, FwDate *d);
void     fw_date_from_unix  (uint64_t secs, uint32_t msec, FwDate *d);
extern const char *const fw_month_names[12];
extern const char *const fw_day_names[7];
/* "1 minute", "2 hours, 3 minutes" as IOS uptime. */
void     fw_format_uptime   (char *buf, size_t size, uint64_t ms);
/* "00:00:12" for ages below a day, "1d02h" above, as IOS route ages. */
void     fw_format_age      (char *buf, size_t size, uint64_t ms);

/* Halt or reload the VM. */
void     fw_power           (int what);
