/* fw-cli-private.h: between the CLI's parser and its terminal
 *
 * Copyright 2026 The Wirelab authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#pragma once

#include "fw-cli.h"
#include "fw-config.h"

void cli_parse_init_do  (void);
/* Matches and runs a line in cli.mode; errors go to the CLI output. */
int  cli_parse_execute  (const char *line);
