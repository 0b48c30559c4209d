/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* The application context shared by every handler (web/, backoffice/): the
 * loaded config, core config, templates, catalogues, keys, and a store
 * connection per HTTP thread. Built by cli/serve.c before the server starts;
 * read-only afterwards except the connection registry (one mutex). */
#ifndef VARCO_WEB_APP_H
#define VARCO_WEB_APP_H

#include <pthread.h>
#include <stdint.h>

#include "core/env.h"
#include "http/http.h"
#include "render/i18n.h"
#include "render/template.h"
#include "util/config.h"

struct outbox_worker;
struct site;
struct oidc_keys;

/* Secrets kept in <data_dir>/secrets.bin (created by `varco init`, mode 0600). */
struct app_secrets {
    uint8_t pepper[32]; /* token_hash key */
    uint8_t csrf_key[32];
    uint8_t file_key[32]; /* documents at rest */
};

struct seal_identity;
struct app {
    const struct config *cfg;
    struct core_config core;
    struct app_secrets secrets;
    char store_url[512]; /* "sqlite:<data_dir>/varco.db" */
    struct tmpl_set *templates;
    struct i18n *i18n;
    json_t *page_base[2];         /* what every page's context holds in it, en (web/page.c) */
    struct site *site;            /* logo and legal pages (web/site.h) */
    struct places *places;        /* birth places, when a journey asks them (core/places.h) */
    struct outbox_worker *outbox; /* NULL when not running (tests, CLI) */
    pthread_mutex_t seal_lock;    /* guards seal: loaded at the first seal (app_seal_pdf) */
    struct seal_identity *seal;
    struct oidc_keys
        *oidc_keys; /* the OpenID Connect signing keys (oidc/keys.h); NULL in the CLI */
    /* the checkpoints of the server's connections (app_checkpointer_start) */
    pthread_t checkpointer;
    pthread_mutex_t checkpoint_lock; /* guards checkpoint_stop, with checkpoint_wake */
    pthread_cond_t checkpoint_wake;
    bool checkpointer_running, checkpoint_stop;
    pthread_mutex_t conns_lock; /* guards conns */
    struct store *conns[256];   /* every per-thread connection, closed at app_fini */
    size_t n_conns;
};

/* Loads secrets, templates and catalogues; derives core config. err gets a
 * line for the person on failure. */
enum vc_status app_init(struct app *app, const struct config *cfg, char *err, size_t err_len);
void app_fini(struct app *app);

/* Reads or creates <data_dir>/secrets.bin. create=false: VC_ERR_NOT_FOUND if missing. */
enum vc_status app_secrets_load(const char *data_dir, bool create, struct app_secrets *out);

/* True when this thread's store connection answers (healthz). */
bool app_store_ok(struct app *app);

/* This thread's store connection (opened on first use). NULL on failure (logged). */
struct store *app_store(struct app *app);

/* An env for a core call from this request: real clock and libsodium
 * randomness, this thread's store, the request's ip and id. */
void app_env(struct app *app, struct http_req *req, struct vc_env *out);

/* Real clock and randomness for env (also used by the CLI). */
int64_t app_clock_now(void *ctx);
void app_random_bytes(void *ctx, void *buf, size_t len);

/* The transaction pattern of every handler that calls core:
 *     struct vc_env env;
 *     if (app_begin(app, req, &env) != VC_OK) -> page_error 500
 *     st = core_call(&env, ...);
 *     st = app_end(app, &env, st);
 * app_begin opens a write transaction on this thread's connection and fills
 * env (app_env). app_end commits unless st is VC_ERR_STORE, VC_ERR_INTERNAL,
 * VC_ERR_NOMEM or VC_ERR_IO (then rolls back): core leaves a consistent state
 * for every other status, and some of them must persist (a wrong code's
 * spent attempt, a failed login's audit event). It returns st, or
 * VC_ERR_STORE if the commit failed; after a commit that changed rows it
 * kicks the outbox. */
enum vc_status app_begin(struct app *app, struct http_req *req, struct vc_env *out);
enum vc_status app_end(struct app *app, struct vc_env *env, enum vc_status st);
/* The same for handlers that only read: a read transaction (a snapshot;
 * readers never queue behind each other or behind writers). The store
 * refuses any write in it (VC_ERR_INTERNAL), so a handler whose core call may
 * write, even only to audit a refusal, uses app_begin. End it with app_end.
 * If the request's read transaction is open (app_request_begin), the handler
 * takes it over instead of opening a second one. */
enum vc_status app_begin_read(struct app *app, struct http_req *req, struct vc_env *out);

/* The request's read transaction: the session check (web/hooks.c) opens it
 * and leaves it open, so that the handler's first app_begin_read continues
 * in the same snapshot instead of paying for a second transaction.
 * app_begin ends it before its write transaction; app_request_end ends it
 * if nobody took it over (the finish hook, after every handler). Per thread;
 * the caller must not hold another transaction on this thread. */
enum vc_status app_request_begin(struct app *app, struct http_req *req, struct vc_env *out);
void app_request_end(struct app *app);

/* Starts the thread that checkpoints the store every
 * APP_CHECKPOINT_MS for the request threads' connections, which then never
 * checkpoint as they commit (store_defer_checkpoints): a commit never waits
 * for the log's copy and its fsync. Stop it before app_fini. */
#define APP_CHECKPOINT_MS 200
enum vc_status app_checkpointer_start(struct app *app);
void app_checkpointer_stop(struct app *app);

/* Wakes the outbox worker after a commit that queued messages. */
void app_kick_outbox(struct app *app);

#endif
