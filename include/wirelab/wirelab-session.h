/* wirelab-session.h: a running lab, driven through its hypervisors
 *
 * Copyright 2026 The Wirelab authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * Owner: src/lab/.  The GUI and wirelab-cli run labs with this object.
 * Everything is asynchronous on the thread-default main context of the
 * caller of wirelab_session_new(); nothing blocks it.  Operations on nodes
 * run one after another in the order they were asked for (a "stop R1"
 * asked during "start all" runs between two starts).
 *
 * What it does, in terms of the model (docs/project-format.md):
 * - connect: starts the embedded hypervisor (the "local" config with port
 *   0) in this process on 127.0.0.1, connects to every hypervisor of the lab,
 *   and keeps watching them: a hypervisor that closes its connection or does
 *   not answer within 1.5 s is "lost": its nodes read stopped, its links
 *   undeployed, the rest of the lab keeps running, and it is reconnected
 *   every 2 s (after which its nodes can be started again).
 * - deploy: places nodes (saved in the lab: hypervisor-id), gives consoles
 *   their stable port (saved: console), allocates UDP ports per host, and
 *   creates NIOs, switches, hubs, FR switches, routers and bindings.  Any
 *   failure undoes everything that operation created.
 * - start/stop/suspend/resume/reload per node or all (start-all waits the
 *   lab's start-delay between nodes); stopping a router saves its
 *   configuration into the project's configs/ directory.
 * - link captures (`nio bind_filter … capture`) into captures/, and link
 *   filters and suspension applied as the model changes.
 * - VPCS PCs run as child processes on this machine with telnet consoles.
 *
 * - edits while running: links drawn between deployed nodes are made at
 *   once, removed links and nodes are deleted from their hypervisors, a
 *   renamed node is renamed there, switch port modes and link filters are
 *   applied.  Changing a deployed router's hardware (RAM, cards, image) takes
 *   effect the next time it is created (after a shutdown).
 *
 * The node, link and hypervisor-config runtime properties (status,
 * status-message, console-host, deployed, capturing, connected,
 * placed-ram-mb, node-count, effective-memory-limit-mb …) are what the GUI
 * binds its status panel to.  Signals:
 *   ::progress (WirelabNode *node or NULL, const char *message)
 *   ::warning (const char *message)   e.g. a localhost hypervisor linked
 *                                      to a remote one, a missing filter
 *   ::hypervisor-lost (WirelabHypervisorConfig *config)
 *   ::hypervisor-connected (WirelabHypervisorConfig *config)
 *
 * After wirelab_session_shutdown_async() the session may connect again.
 */

#pragma once

#include <gio/gio.h>

#include "wirelab-lab.h"

G_BEGIN_DECLS

#define WIRELAB_TYPE_SESSION (wirelab_session_get_type ())

G_DECLARE_FINAL_TYPE (WirelabSession, wirelab_session, WIRELAB, SESSION, GObject)

WirelabSession *wirelab_session_new                 (WirelabLab          *lab);
WirelabLab     *wirelab_session_get_lab             (WirelabSession      *self);

/* The local hypervisor's memory limit when its memory-limit-mb is 0, in
 * percent of MemAvailable at connect time (default 80). */
void            wirelab_session_set_local_memory_percent (WirelabSession *self,
                                                          guint           percent);
/* Node name on the hypervisors' consoles etc. is the node's name; the vpcs
 * program (default: $WIRELAB_VPCS, else vpcs in PATH). */
void            wirelab_session_set_vpcs_program    (WirelabSession      *self,
                                                     const char          *path);

/* Connects every hypervisor.  Succeeds when the local one is connected;
 * the others report problems in their status-message (and ::warning) and
 * are retried every 2 s. */
void            wirelab_session_connect_async       (WirelabSession      *self,
                                                     GCancellable        *cancellable,
                                                     GAsyncReadyCallback  callback,
                                                     gpointer             user_data);
gboolean        wirelab_session_connect_finish      (WirelabSession      *self,
                                                     GAsyncResult        *result,
                                                     GError             **error);

/* Creates every node and link not deployed yet (nothing is started). */
void            wirelab_session_deploy_async        (WirelabSession      *self,
                                                     GCancellable        *cancellable,
                                                     GAsyncReadyCallback  callback,
                                                     gpointer             user_data);
gboolean        wirelab_session_deploy_finish       (WirelabSession      *self,
                                                     GAsyncResult        *result,
                                                     GError             **error);

typedef enum
{
  WIRELAB_NODE_ACTION_START,    /* deploys first when needed; resumes a suspended node */
  WIRELAB_NODE_ACTION_STOP,     /* routers: saves the configuration */
  WIRELAB_NODE_ACTION_SUSPEND,
  WIRELAB_NODE_ACTION_RELOAD,   /* stop and start */
} WirelabNodeAction;

GType           wirelab_node_action_get_type        (void) G_GNUC_CONST;
#define WIRELAB_TYPE_NODE_ACTION (wirelab_node_action_get_type ())

void            wirelab_session_node_action_async   (WirelabSession      *self,
                                                     WirelabNode         *node,
                                                     WirelabNodeAction    action,
                                                     GCancellable        *cancellable,
                                                     GAsyncReadyCallback  callback,
                                                     gpointer             user_data);
gboolean        wirelab_session_node_action_finish  (WirelabSession      *self,
                                                     GAsyncResult        *result,
                                                     GError             **error);
/* The action on every node (start: in lab order, start-delay apart).  It
 * goes on after a node fails; the error then names every node that failed. */
void            wirelab_session_all_action_async    (WirelabSession      *self,
                                                     WirelabNodeAction    action,
                                                     GCancellable        *cancellable,
                                                     GAsyncReadyCallback  callback,
                                                     gpointer             user_data);
gboolean        wirelab_session_all_action_finish   (WirelabSession      *self,
                                                     GAsyncResult        *result,
                                                     GError             **error);

/* Captures a deployed link into a pcap file (returned by capture-path):
 * `<project>/captures/<A>_<ifA>_to_<B>_<ifB>-<time>.pcap` when one end is on
 * this machine, else relative to the remote hypervisor's working dir. */
void            wirelab_session_capture_async       (WirelabSession      *self,
                                                     WirelabLink         *link,
                                                     gboolean             start,
                                                     GCancellable        *cancellable,
                                                     GAsyncReadyCallback  callback,
                                                     gpointer             user_data);
gboolean        wirelab_session_capture_finish      (WirelabSession      *self,
                                                     GAsyncResult        *result,
                                                     GError             **error);

/* Stops every node (saving router configs), deletes every object the
 * session created on its hypervisors, closes the connections and stops the
 * embedded hypervisor. */
void            wirelab_session_shutdown_async      (WirelabSession      *self,
                                                     GCancellable        *cancellable,
                                                     GAsyncReadyCallback  callback,
                                                     gpointer             user_data);
gboolean        wirelab_session_shutdown_finish     (WirelabSession      *self,
                                                     GAsyncResult        *result,
                                                     GError             **error);

/* Where the embedded hypervisor listens (0 before connect or when "local"
 * is an external one). */
guint16         wirelab_session_get_local_port      (WirelabSession      *self);

G_END_DECLS
