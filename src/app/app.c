/* SPDX-License-Identifier: AGPL-3.0-or-later */
#include <errno.h>
#include <fcntl.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "core/places.h"
#include "notify/outbox.h"
#include "store/store.h"
#include "util/file.h"
#include "util/log.h"
#include "app/app.h"
#include "crypto/seal_identity.h"
#include "app/page.h"
#include "app/site.h"

/* One connection per HTTP thread, found through thread-local storage and
 * registered in app->conns so that app_fini closes them all. */
static _Thread_local struct store *tls_store;
/* True while this thread's connection holds the request's read transaction
 * (app_request_begin) that no handler has taken over yet. A request runs on
 * one thread from its session check to the end of its handler, and
 * app_request_end closes the transaction before the thread serves anything
 * else, so a thread-local flag is enough. */
static _Thread_local bool tls_request_tx;

enum vc_status app_secrets_load(const char *data_dir, bool create, struct app_secrets *out)
{
    char path[600];
    snprintf(path, sizeof path, "%s/secrets.bin", data_dir);
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd >= 0) {
        ssize_t n = read(fd, out, sizeof *out);
        close(fd);
        return n == (ssize_t)sizeof *out ? VC_OK : VC_ERR_INVALID;
    }
    if (errno != ENOENT)
        return VC_ERR_IO;
    if (!create)
        return VC_ERR_NOT_FOUND;
    randombytes_buf(out, sizeof *out);
    char tmp[620];
    snprintf(tmp, sizeof tmp, "%s.tmp", path);
    fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd < 0)
        return VC_ERR_IO;
    bool ok = write(fd, out, sizeof *out) == (ssize_t)sizeof *out && fsync(fd) == 0;
    ok = close(fd) == 0 && ok;
    if (!ok || link(tmp, path) != 0) {
        unlink(tmp);
        /* another process made them first: use theirs */
        return ok && errno == EEXIST ? app_secrets_load(data_dir, false, out) : VC_ERR_IO;
    }
    unlink(tmp);
    return VC_OK;
}

/* The list of comuni and foreign states (docs/places.md), read once when a
 * journey of the profile asks for a birth place; ~1 MB, so only then. */
static enum vc_status places_load(struct app *app, char *err, size_t err_len)
{
    const struct profile *p = app->core.profile;
    bool needed = false;
    for (size_t i = 0; i < p->n_journeys; i++)
        needed = needed || journey_field(&p->journeys[i], REG_BIRTH_PLACE) != NULL;
    if (!needed)
        return VC_OK;
    char path[600], *buf = NULL;
    size_t len = 0;
    snprintf(path, sizeof path, "%s/data/places.tsv", app->cfg->assets_dir);
    enum vc_status st = file_read_all(path, PLACES_FILE_MAX, &buf, &len);
    if (st != VC_OK) {
        snprintf(err, err_len, "cannot read %s (%s): run scripts/deps", path, vc_status_name(st));
        return st;
    }
    char why[256] = "";
    st = places_parse(buf, len, &app->places, why, sizeof why);
    free(buf);
    if (st != VC_OK) {
        snprintf(err, err_len, "%s: %s", path, why);
        return st;
    }
    app->core.places = app->places;
    return VC_OK;
}

enum vc_status app_init(struct app *app, const struct config *cfg, char *err, size_t err_len)
{
    memset(app, 0, sizeof *app);
    app->cfg = cfg;
    pthread_mutex_init(&app->conns_lock, NULL);
    pthread_mutex_init(&app->seal_lock, NULL);
    enum vc_status st = app_secrets_load(cfg->data_dir, false, &app->secrets);
    if (st != VC_OK) {
        snprintf(err, err_len, "no secrets in %s (%s): run 'varco init' first", cfg->data_dir,
                 vc_status_name(st));
        return st;
    }
    if (core_config_init(&app->core, cfg, app->secrets.pepper, app->secrets.file_key) != VC_OK) {
        snprintf(err, err_len, "unknown profile '%s'", cfg->profile);
        return VC_ERR_INVALID;
    }
    snprintf(app->store_url, sizeof app->store_url, "sqlite:%s/varco.db", cfg->data_dir);
    char dir[600];
    snprintf(dir, sizeof dir, "%s/templates", cfg->assets_dir);
    if ((st = tmpl_set_load(dir, &app->templates, err, err_len)) != VC_OK)
        return st;
    snprintf(dir, sizeof dir, "%s/po", cfg->assets_dir);
    if ((st = i18n_load(dir, &app->i18n, err, err_len)) != VC_OK ||
        (st = site_load(cfg, app->core.base_url, &app->site, err, err_len)) != VC_OK) {
        tmpl_set_free(app->templates);
        app->templates = NULL;
        i18n_free(app->i18n);
        app->i18n = NULL;
        return st;
    }
    if ((st = places_load(app, err, err_len)) != VC_OK) {
        app_fini(app);
        return st;
    }
    tmpl_set_bind(app->templates, app->i18n);
    page_base_init(app);
    return VC_OK;
}

void app_fini(struct app *app)
{
    for (size_t i = 0; i < app->n_conns; i++)
        store_close(app->conns[i]);
    app->n_conns = 0;
    tmpl_set_free(app->templates);
    i18n_free(app->i18n);
    for (int i = 0; i < 2; i++)
        json_decref(app->page_base[i]);
    site_free(app->site);
    places_free(app->places);
    app->places = NULL;
    pthread_mutex_destroy(&app->conns_lock);
    seal_identity_free(app->seal);
    app->seal = NULL;
    pthread_mutex_destroy(&app->seal_lock);
    sodium_memzero(&app->secrets, sizeof app->secrets);
}

bool app_store_ok(struct app *app)
{
    struct store *s = app_store(app);
    bool ok = s != NULL && store_begin_read(s) == VC_OK;
    if (ok)
        store_rollback(s);
    return ok;
}

struct store *app_store(struct app *app)
{
    if (tls_store != NULL)
        return tls_store;
    struct store *s = NULL;
    if (store_open(app->store_url, &s) != VC_OK)
        return NULL;
    pthread_mutex_lock(&app->conns_lock);
    if (app->n_conns == sizeof app->conns / sizeof app->conns[0]) {
        pthread_mutex_unlock(&app->conns_lock);
        store_close(s);
        log_error("app: too many store connections");
        return NULL;
    }
    app->conns[app->n_conns++] = s;
    bool defer = app->checkpointer_running;
    pthread_mutex_unlock(&app->conns_lock);
    if (defer)
        store_defer_checkpoints(s);
    tls_store = s;
    return s;
}

static void *checkpointer(void *arg)
{
    struct app *app = arg;
    struct store *s = NULL;
    if (store_open(app->store_url, &s) != VC_OK) {
        log_error("app: the checkpointer cannot open the store; commits checkpoint themselves");
        return NULL;
    }
    pthread_mutex_lock(&app->checkpoint_lock);
    while (!app->checkpoint_stop) {
        struct timespec until;
        clock_gettime(CLOCK_REALTIME, &until);
        until.tv_nsec += APP_CHECKPOINT_MS * 1000000L;
        until.tv_sec += until.tv_nsec / 1000000000L;
        until.tv_nsec %= 1000000000L;
        pthread_cond_timedwait(&app->checkpoint_wake, &app->checkpoint_lock, &until);
        if (app->checkpoint_stop)
            break;
        pthread_mutex_unlock(&app->checkpoint_lock);
        if (store_checkpoint(s) != VC_OK)
            log_error("app: checkpoint failed");
        pthread_mutex_lock(&app->checkpoint_lock);
    }
    pthread_mutex_unlock(&app->checkpoint_lock);
    store_checkpoint(s); /* what the last requests wrote */
    store_close(s);
    return NULL;
}

enum vc_status app_checkpointer_start(struct app *app)
{
    pthread_mutex_init(&app->checkpoint_lock, NULL);
    pthread_cond_init(&app->checkpoint_wake, NULL);
    app->checkpoint_stop = false;
    if (pthread_create(&app->checkpointer, NULL, checkpointer, app) != 0)
        return VC_ERR_INTERNAL;
    pthread_mutex_lock(&app->conns_lock);
    app->checkpointer_running = true;
    for (size_t i = 0; i < app->n_conns; i++) /* opened before: the main thread's */
        store_defer_checkpoints(app->conns[i]);
    pthread_mutex_unlock(&app->conns_lock);
    return VC_OK;
}

void app_checkpointer_stop(struct app *app)
{
    if (!app->checkpointer_running)
        return;
    pthread_mutex_lock(&app->checkpoint_lock);
    app->checkpoint_stop = true;
    pthread_cond_signal(&app->checkpoint_wake);
    pthread_mutex_unlock(&app->checkpoint_lock);
    pthread_join(app->checkpointer, NULL);
    app->checkpointer_running = false;
    pthread_cond_destroy(&app->checkpoint_wake);
    pthread_mutex_destroy(&app->checkpoint_lock);
}

int64_t app_clock_now(void *ctx)
{
    (void)ctx;
    return (int64_t)time(NULL);
}

void app_random_bytes(void *ctx, void *buf, size_t len)
{
    (void)ctx;
    randombytes_buf(buf, len);
}

void app_env(struct app *app, struct http_req *req, struct vc_env *out)
{
    memset(out, 0, sizeof *out);
    out->now = app_clock_now;
    out->random_bytes = app_random_bytes;
    out->store = app_store(app);
    out->cfg = &app->core;
    out->ip = req != NULL ? req->ip : "";
    out->request_id = req != NULL ? req->request_id : "";
    out->retry_after = req != NULL ? &req->retry_after : NULL;
}

enum vc_status app_begin(struct app *app, struct http_req *req, struct vc_env *out)
{
    app_env(app, req, out);
    if (out->store == NULL)
        return VC_ERR_STORE;
    /* A write transaction never continues the request's reads: it begins
     * afresh (BEGIN IMMEDIATE), so it cannot meet SQLITE_BUSY_SNAPSHOT. */
    app_request_end(app);
    return store_begin(out->store);
}

enum vc_status app_begin_read(struct app *app, struct http_req *req, struct vc_env *out)
{
    app_env(app, req, out);
    if (out->store == NULL)
        return VC_ERR_STORE;
    if (tls_request_tx) { /* the session check's snapshot: the handler takes it over */
        tls_request_tx = false;
        return VC_OK;
    }
    return store_begin_read(out->store);
}

enum vc_status app_request_begin(struct app *app, struct http_req *req, struct vc_env *out)
{
    app_request_end(app);
    enum vc_status st = app_begin_read(app, req, out);
    if (st == VC_OK)
        tls_request_tx = true;
    return st;
}

void app_request_end(struct app *app)
{
    (void)app;
    if (!tls_request_tx)
        return;
    tls_request_tx = false;
    store_rollback(tls_store); /* it only read */
}

enum vc_status app_end(struct app *app, struct vc_env *env, enum vc_status st)
{
    if (st == VC_ERR_STORE || st == VC_ERR_INTERNAL || st == VC_ERR_NOMEM || st == VC_ERR_IO) {
        store_rollback(env->store);
        return st;
    }
    if (store_commit(env->store) != VC_OK)
        return VC_ERR_STORE;
    if (store_last_commit_wrote(env->store))
        app_kick_outbox(app);
    return st;
}

void app_kick_outbox(struct app *app)
{
    outbox_worker_kick(app->outbox);
}
