/* lab-test-util.h: real hypervisor processes, main-loop waits and consoles
 * for the lab and e2e tests
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "wirelab/wirelab.h"

G_BEGIN_DECLS

/* A wirelab-hypervisor process listening on address:(any port). */
typedef struct
{
  GSubprocess *proc;
  char        *address;
  guint16      port;
  char        *dir;       /* its working directory */
} TestHv;

TestHv     *test_hv_start          (const char   *address);
/* Restarts a killed one on the same address and port. */
void        test_hv_restart        (TestHv       *hv);
void        test_hv_signal         (TestHv       *hv,
                                    int           signum);
void        test_hv_free           (TestHv       *hv);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (TestHv, test_hv_free)

/* One command on a fresh connection, blocking (the test's own view of a
 * hypervisor): the reply lines without their codes, or NULL on 2xx with
 * error set. */
char      **test_hv_command        (const char   *address,
                                    guint16       port,
                                    const char   *command,
                                    GError      **error);
/* Object names `module list` reports. */
char      **test_hv_list           (TestHv       *hv,
                                    const char   *module);
/* UDP ports of NIOs the hypervisor holds (from `hypervisor save_config`). */
GArray     *test_hv_udp_ports      (TestHv       *hv);

/* Runs the default main context until cond(data) or timeout_ms; returns
 * cond's last value. */
gboolean    test_wait_for          (gboolean    (*cond) (gpointer),
                                    gpointer      data,
                                    guint         timeout_ms);
/* Callback for async calls: stores the result in *(GAsyncResult **) data. */
void        test_store_result      (GObject      *source,
                                    GAsyncResult *result,
                                    gpointer      data);
/* Waits for a result stored by test_store_result (60 s at most). */
GAsyncResult *test_wait_result     (GAsyncResult **slot);

/* A lab with its file in a fresh temporary directory. */
WirelabLab *test_lab_new_in_tmpdir (char        **out_dir);
void        test_rm_rf             (const char   *dir);

/* The vpcs program, or NULL (tests then skip with a message). */
char       *test_find_vpcs         (void);

/* A telnet console: VPCS or a router. */
typedef struct _TestConsole TestConsole;

TestConsole *test_console_open     (const char   *host,
                                    guint16       port,
                                    GError      **error);
/* Sends `line` + CR and returns what came back until `prompt` appeared
 * again (or timeout_ms passed: then NULL). */
char        *test_console_run      (TestConsole  *console,
                                    const char   *line,
                                    const char   *prompt,
                                    guint         timeout_ms);
/* Sends `line` + CR (forgetting what came before). */
void         test_console_send     (TestConsole  *console,
                                    const char   *line);
/* Waits until one of the strings appears in what came since the send:
 * its index, or -1 after timeout_ms or EOF. */
int          test_console_expect   (TestConsole       *console,
                                    const char *const *any_of,
                                    guint              timeout_ms);
const char  *test_console_output   (TestConsole  *console);
void         test_console_close    (TestConsole  *console);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (TestConsole, test_console_close)

/* The router's console answers with a prompt (it booted). */
gboolean     test_router_ready     (WirelabNode  *router,
                                    guint         timeout_ms);
/* A router pings `ip` (5 echoes) until all come back or timeout_ms. */
gboolean     test_router_ping      (WirelabNode  *router,
                                    const char   *ip,
                                    guint         timeout_ms);
/* Writes configs/i<ID>_startup-config.cfg into the lab's project. */
void         test_router_config    (WirelabLab   *lab,
                                    WirelabNode  *router,
                                    const char   *config);
/* UDP NIOs a hypervisor holds: pairs (local port, remote port), from
 * `hypervisor save_config` into dir. */
GArray      *test_nio_ports        (const char   *address,
                                    guint16       port,
                                    const char   *dir);

/* PC `pc` (console host:port) pings `ip` until a reply or timeout_ms. */
gboolean     test_vpcs_ping        (WirelabNode  *pc,
                                    const char   *ip,
                                    guint         timeout_ms);

G_END_DECLS
