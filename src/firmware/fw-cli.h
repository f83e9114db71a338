/* fw-cli.h: the IOS-style command line
 *
 * Copyright 2026 The Wirelab authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * Commands are declared in a small grammar, one string each, and merged into
 * one parse tree per mode:
 *
 *   keyword     matched by any unique prefix, case-insensitive
 *   A.B.C.D     an IPv4 address or mask        H.H.H   a MAC address
 *   <lo-hi>     a decimal number in range       WORD    one word
 *   LINE        the rest of the line
 *   IFNAME      an existing interface (FastEthernet0/0, f0/0, Loopback1)
 *   IFCREATE    an interface that may be created (subinterface, loopback)
 *   [ ... ]     optional      { a | b }  one of      ( a | b )*  any of, repeated
 *
 * The help string has one line per keyword or argument, in order.
 */

#pragma once

#include "fw-libc.h"

typedef enum
{
  CLI_MODE_USER,
  CLI_MODE_PRIV,
  CLI_MODE_CONFIG,
  CLI_MODE_IF,
  CLI_MODE_SUBIF,
  CLI_MODE_ROUTER,
  CLI_MODE_LINE,
  CLI_MODE_COUNT,
} CliMode;

#define M_USER   (1u << CLI_MODE_USER)
#define M_PRIV   (1u << CLI_MODE_PRIV)
#define M_CONFIG (1u << CLI_MODE_CONFIG)
#define M_IF     (1u << CLI_MODE_IF)
#define M_SUBIF  (1u << CLI_MODE_SUBIF)
#define M_ROUTER (1u << CLI_MODE_ROUTER)
#define M_LINE   (1u << CLI_MODE_LINE)
#define M_EXEC   (M_USER | M_PRIV)
#define M_IFS    (M_IF | M_SUBIF)
#define M_SUBMODES (M_IF | M_SUBIF | M_ROUTER | M_LINE)
#define M_CONFIGS (M_CONFIG | M_SUBMODES)

typedef enum
{
  CLI_ROOT,
  CLI_KW,
  CLI_IP,
  CLI_NUM,
  CLI_WORD,
  CLI_LINE,
  CLI_IFNUM,
  CLI_MAC,
} CliNodeType;

typedef struct
{
  const char *text;      /* keyword as declared, the value as typed, or for
                          * an interface its canonical name */
  uint8_t     type;      /* CliNodeType */
  uint32_t    num;       /* CLI_NUM value, CLI_IP address */
  int         ifindex;   /* CLI_IFNUM: the interface if it exists, else -1 */
} CliArg;

#define CLI_MAX_ARGS 32

typedef struct
{
  int         argc;
  CliArg      argv[CLI_MAX_ARGS];
  bool        no;        /* the "no" form */
  const char *line;
} CliCmd;

typedef void (*CliFn) (CliCmd *cmd);

/* Hidden commands are accepted but not listed by '?' (configuration lines
 * IOS writes that mean nothing here). */
#define CLI_HIDDEN 0x100u

void        cli_install        (unsigned modes, const char *grammar, const char *help, CliFn fn);
void        cli_init           (void);
/* Installs the command set (fw-cmd-*.c). */
void        fw_cmd_exec_init   (void);
void        fw_cmd_show_init   (void);
void        fw_cmd_config_init (void);
void        fw_cmd_if_init     (void);
void        fw_cmd_rip_init    (void);

/* Session state. */
typedef struct
{
  CliMode  mode;
  int      ifindex;          /* CLI_MODE_IF / SUBIF */
  int      line_kind;        /* CLI_MODE_LINE: 0 con, 1 aux, 2 vty */
  uint32_t term_length;      /* 0: no paging */
  bool     loading;          /* parsing the startup-config */
  bool     config_changed;   /* since the last write memory */
  uint32_t errors;           /* errors while loading */
} CliState;

extern CliState cli;

/* Feeds one console byte to the line editor. */
void        cli_input          (int c);
/* Shows the session's first prompt once RETURN is pressed. */
void        cli_start          (void);
bool        cli_waiting_return (void);
/* Redraws prompt and line after asynchronous output (logging synchronous). */
void        cli_redraw         (void);
const char *cli_prompt         (void);

/* Runs one line in the current mode; quiet: no output at all.  Returns 0
 * when the command was accepted, -1 on a parse error. */
int         cli_execute        (const char *line, bool quiet);

/* Command output, through --More-- paging and "| include" filters. */
void        cli_write          (const char *s, size_t len);
void        cli_puts           (const char *s);
void        cli_printf         (const char *fmt, ...) FW_PRINTF (1, 2);
bool        cli_aborted        (void);

/* Questions: [confirm] (RETURN or y: true), and a line (-1 if aborted). */
bool        cli_confirm        (const char *question);
int         cli_ask            (const char *prompt, char *buf, size_t size);

/* Help and completion on a line as typed (exposed for the tests). */
void        cli_help           (const char *line);
/* Returns a newly allocated completed line, or NULL if nothing changes. */
char       *cli_complete       (const char *line);

/* Helpers for command handlers. */
const CliArg *cli_arg_type     (CliCmd *cmd, int type, int nth);
bool        cli_arg_is         (CliCmd *cmd, int i, const char *keyword);
int         cli_arg_find       (CliCmd *cmd, const char *keyword);
void        cli_set_mode       (CliMode mode);
const char *cli_hostname       (void);
