/* fw-config.h: global settings, the running-config and the startup-config
 *
 * Copyright 2026 The Wirelab authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#pragma once

#include "fw-libc.h"

typedef struct
{
  bool  logging_sync;
  bool  login;
  bool  exec_timeout_set;
  uint32_t exec_min, exec_sec;
  char *password;
} FwLineConfig;

typedef struct
{
  char         hostname[64];
  bool         domain_lookup;
  char        *domain_name;
  char        *enable_secret;
  char        *enable_password;
  char        *banner_motd;
  bool         password_encryption;
  FwLineConfig lines[3];        /* con 0, aux 0, vty 0 4 */
  uint64_t     last_change_ms;  /* 0: never changed since boot */
} FwConfig;

extern FwConfig fw_config;
#define fw_cli_domain_lookup (fw_config.domain_lookup)

void   fw_config_init        (void);
/* The running-config as IOS shows it, from "!" to "end".  Allocated. */
char  *fw_config_render      (void);
/* One interface's block (show running-config interface X). */
char  *fw_config_render_if   (int ifindex);
/* Runs a configuration text line by line in configuration mode. Returns the
 * number of lines that failed. */
int    fw_config_apply       (const char *text, size_t len);
/* NVRAM: the startup-config text (allocated, NULL if none). */
char  *fw_config_read_startup (size_t *len);
bool   fw_config_write_startup (const char *text, size_t len);
bool   fw_config_erase_startup (void);
/* Marks the running-config modified (for reload's question). */
void   fw_config_touch       (void);
