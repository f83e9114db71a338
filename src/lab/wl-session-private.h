/* wl-session-private.h: what the session's files share
 *
 * Copyright 2026 The Wirelab authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#pragma once

#include "wirelab/wirelab-client.h"
#include "wirelab/wirelab-hypervisor.h"
#include "wirelab/wirelab-session.h"
#include "wl-host.h"
#include "wl-lab-private.h"
#include "wl-ports.h"
#include "wl-txn.h"
#include "wl-vpcs.h"

G_BEGIN_DECLS

typedef struct _HvState   HvState;
typedef struct _NodeState NodeState;
typedef struct _LinkState LinkState;

struct _HvState
{
  WirelabSession          *session;      /* weak */
  WirelabHypervisorConfig *config;
  WirelabHypervisor       *embedded;     /* the in-process "local" one */
  WirelabClient           *client;       /* commands */
  WirelabClient           *beat;         /* liveness, its own connection */
  WlHostInfo              *host;         /* NULL until resolved */
  GCancellable            *cancellable;  /* this connection's work */
  gboolean                 connected;
  gboolean                 connecting;
  guint16                  port;         /* the TCP port in use */
  guint                    limit_mb;     /* for placement; G_MAXUINT unlimited */
  guint                    beat_source;
  guint                    retry_source;
  gboolean                 beat_in_flight;
  gint64                   beat_sent;
  gulong                   closed_id;
  gulong                   beat_closed_id;
  GHashTable              *nios;         /* NIO names made there (owned by the
                                          * session, by hypervisor id) */
};

struct _NodeState
{
  WirelabNode  *node;
  HvState      *hv;          /* while deployed */
  gboolean      deployed;
  char         *obj;         /* its object name on the hypervisor */
  guint16       console;     /* claimed console port (0: none) */
  guint16       aux;
  WlVpcs       *vpcs;        /* a running PC */
  guint16       vpcs_port;   /* the PC's UDP port (it binds +9 too) */
  char         *mac_read;    /* MAC read back at create, saved on commit */
  GHashTable   *vcs;         /* FR switch: "p:d>q:e" VCs created */
  guint         busy;
};

typedef struct
{
  NodeState *node;
  HvState   *hv;             /* NULL for a PC's end */
  char      *nio;            /* NIO name on hv */
  guint16    port;           /* this end's local UDP port */
  char      *host_key;       /* the pool the port came from */
  guint      slot;           /* routers: where the NIO is bound */
  guint      slot_port;
  gboolean   created;
} LinkEnd;

struct _LinkState
{
  WirelabLink *link;
  gboolean     deployed;
  LinkEnd      end[2];
  int          capture_end;  /* -1: none */
  int          filter_end;
  gboolean     filters_set;  /* a filter is bound on filter_end */
};

struct _WirelabSession
{
  GObject parent_instance;

  WirelabLab   *lab;
  GPtrArray    *hvs;            /* HvState* in lab order */
  GHashTable   *nodes;          /* WirelabNode* -> NodeState* */
  GHashTable   *links;          /* WirelabLink* -> LinkState* */
  WlPorts      *ports;
  GQueue        ops;            /* pending operations */
  gboolean      op_running;
  guint         local_percent;
  char         *vpcs_program;
  char         *tmp_workdir;    /* when the lab has no file */
  GHashTable   *nios;           /* hypervisor id -> NIO names made there */
  gboolean      shut_down;
  GCancellable *cancellable;    /* everything, cancelled at dispose */
};

/* wirelab-session.c */
void        _wl_node_state_free         (gpointer        data);
void        _wl_link_state_free         (gpointer        data);
/* Closes a client from an idle (never from inside its own callbacks). */
void        _wl_session_drop_client     (WirelabClient **slot,
                                         gulong         *handler);
void        _wl_session_emit_hypervisor (WirelabSession          *self,
                                         WirelabHypervisorConfig *config,
                                         gboolean                 connected);

/* wl-session-connect.c */
void        _wl_session_connect_hv      (WirelabSession *self,
                                         HvState        *hv,
                                         GTask          *task);
/* Marks a hypervisor lost: its nodes stopped, its links undeployed. */
void        _wl_session_hv_lost         (HvState        *hv,
                                         const char     *why);

/* wl-session-edits.c */
/* Follows the lab's containers and the nodes' and links' edits. */
void        _wl_session_watch_lab       (WirelabSession *self);
HvState    *_wl_session_add_hv_state    (WirelabSession          *self,
                                         WirelabHypervisorConfig *config,
                                         guint                    position);
WirelabLab *_wl_session_lab             (WirelabSession *self);
WlPorts    *_wl_session_ports           (WirelabSession *self);
GPtrArray  *_wl_session_hvs             (WirelabSession *self);
HvState    *_wl_session_find_hv         (WirelabSession *self,
                                         const char     *id);
NodeState  *_wl_session_node_state      (WirelabSession *self,
                                         WirelabNode    *node);
LinkState  *_wl_session_link_state      (WirelabSession *self,
                                         WirelabLink    *link);
const char *_wl_session_vpcs_program    (WirelabSession *self);
void        _wl_session_progress        (WirelabSession *self,
                                         WirelabNode    *node,
                                         const char     *format,
                                         ...) G_GNUC_PRINTF (3, 4);
void        _wl_session_warning         (WirelabSession *self,
                                         const char     *format,
                                         ...) G_GNUC_PRINTF (2, 3);
void        _wl_session_update_loads    (WirelabSession *self);
/* A directory of the project ("configs", "captures" …), created; NULL
 * when the lab has no file. */
char       *_wl_session_project_subdir  (WirelabSession *self,
                                         const char     *name);
/* The image path to send to a hypervisor (see wirelab-image.h). */
char       *_wl_session_image_path      (WirelabSession *self,
                                         WirelabImage   *image,
                                         HvState        *hv);

/* Operations run one at a time: `run` starts the work and must end with
 * _wl_session_op_done(). */
typedef void (*WlOpRun) (WirelabSession *self,
                         GTask          *task);
void        _wl_session_queue_op        (WirelabSession *self,
                                         GTask          *task,
                                         WlOpRun         run);
void        _wl_session_op_done         (WirelabSession *self);

/* wl-session-deploy.c */
/* Deploys `nodes` (not yet deployed ones; may be empty) and every link
 * whose two ends are then deployed.  Returns through the task. */
void        _wl_session_deploy          (WirelabSession *self,
                                         GPtrArray      *nodes,
                                         GCancellable   *cancellable,
                                         GAsyncReadyCallback callback,
                                         gpointer        user_data);
gboolean    _wl_session_deploy_finish   (GAsyncResult   *result,
                                         GError        **error);
/* Deletes a link's NIOs (the ends still reachable) and frees its ports. */
void        _wl_session_undeploy_link   (WirelabSession *self,
                                         LinkState      *ls,
                                         WlTxn          *txn);
/* Deletes a node from its hypervisor (after its links). */
void        _wl_session_undeploy_node   (WirelabSession *self,
                                         NodeState      *ns,
                                         WlTxn          *txn);
/* Forgets everything deployed on a lost hypervisor. */
void        _wl_session_forget_hv       (WirelabSession *self,
                                         HvState        *hv);
/* The address a NIO on self_hv sends to for a peer on peer_hv. */
const char *_wl_session_remote_address  (HvState        *self_hv,
                                         HvState        *peer_hv);
/* Binds the link's filters (or none) on its filter end. */
void        _wl_session_apply_filters   (WirelabSession *self,
                                         LinkState      *ls,
                                         WlTxn          *txn);

/* wl-session-nodes.c */
void        _wl_session_node_action     (WirelabSession    *self,
                                         WirelabNode       *node,
                                         WirelabNodeAction  action,
                                         GCancellable      *cancellable,
                                         GAsyncReadyCallback callback,
                                         gpointer           user_data);
gboolean    _wl_session_node_action_finish (GAsyncResult  *result,
                                            GError       **error);
void        _wl_session_capture         (WirelabSession *self,
                                         LinkState      *ls,
                                         gboolean        start,
                                         GCancellable   *cancellable,
                                         GAsyncReadyCallback callback,
                                         gpointer        user_data);
gboolean    _wl_session_capture_finish  (GAsyncResult   *result,
                                         GError        **error);
void        _wl_session_stop_vpcs       (WirelabSession *self,
                                         NodeState      *ns);
void        _wl_session_add_router_stop (WirelabSession *self,
                                         NodeState      *ns,
                                         WlTxn          *txn);
void        _wl_session_restart_vpcs    (WirelabSession *self,
                                         NodeState      *ns);

G_END_DECLS
