/* fuzz-util.h: what the libFuzzer targets share
 *
 * Copyright 2026 The Wirelab authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#pragma once

#include <stddef.h>
#include <stdint.h>

/* libFuzzer's entry points; fuzz-criticals.c defines the second. */
int  LLVMFuzzerTestOneInput (const uint8_t *data,
                             size_t         size);
int  LLVMFuzzerInitialize   (int           *argc,
                             char        ***argv);

/* Removes everything below path (not following links); path stays. */
void fuzz_empty_dir         (const char    *path);
