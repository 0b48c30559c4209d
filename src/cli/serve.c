/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* `varco serve [--check]`: validates the configuration, migrates the store,
 * builds the application context, starts the outbox worker and the HTTP
 * server, and waits for SIGINT/SIGTERM to stop them in order. --check only
 * validates (configuration, templates, catalogues) and exits (OpenBSD's -n). */
#include <signal.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "crypto/password.h"
#include "crypto/totp.h"
#include "notify/backchannel.h"
#include "notify/outbox.h"
#include "notify/sms_http.h"
#include "store/store.h"
#include "util/log.h"
#include "util/xalloc.h"
#include "app/app.h"
#include "backoffice/backoffice.h"
#include "web/handlers.h"
#include "oidc/keys.h"
#include "oidc/oidc.h"
#include "app/site.h"

static bool migrate(const char *url)
{
    struct store *s = NULL;
    enum vc_status st = store_open(url, &s);
    if (st == VC_OK)
        st = store_migrate(s);
    store_close(s);
    if (st != VC_OK)
        fprintf(stderr, "varco: cannot open or migrate %s (%s)\n", url, vc_status_name(st));
    return st == VC_OK;
}

/* One table for the server: the member side, the back office, the OpenID
 * Connect provider. */
static struct http_route *all_routes(size_t *out_n)
{
    size_t n = web_routes_n + backoffice_routes_n + oidc_routes_n;
    struct http_route *r = xcalloc(n, sizeof *r);
    memcpy(r, web_routes, web_routes_n * sizeof *r);
    memcpy(r + web_routes_n, backoffice_routes, backoffice_routes_n * sizeof *r);
    memcpy(r + web_routes_n + backoffice_routes_n, oidc_routes, oidc_routes_n * sizeof *r);
    *out_n = n;
    return r;
}

/* A data folder made before the provider existed has no signing keys. */
static bool ensure_signing_keys(struct app *app)
{
    struct store *s = app_store(app);
    bool present = false;
    enum vc_status st = s ? store_begin(s) : VC_ERR_STORE;
    if (st == VC_OK)
        st = oidc_keys_present(s, &present);
    if (st == VC_OK && !present)
        st = oidc_keys_rotate(s, app->secrets.file_key, app_clock_now(NULL), NULL);
    if (st == VC_OK)
        st = store_commit(s);
    if (st != VC_OK && s != NULL)
        store_rollback(s);
    return st == VC_OK;
}

static int serve(struct app *app, const struct config *cfg)
{
    int rc = 1;
    struct http_server *srv = NULL;
    size_t n_routes = 0;
    struct http_route *routes = all_routes(&n_routes);
    struct sms_http_config sms;
    struct notify_config nc = {
        .data_dir = cfg->data_dir,
        .mail_from = cfg->mail_from,
        .base_url = app->core.base_url,
        .institution = cfg->institution,
        .institution_address = cfg->institution_address,
        .templates = app->templates,
        .i18n = app->i18n,
        .max_attempts = cfg->outbox_max_attempts,
        .backoff_base_seconds = cfg->outbox_backoff_base_seconds,
        .backoff_max_seconds = cfg->outbox_backoff_max_seconds,
        .now = app_clock_now,
        .sms_http = sms_http_config_of(cfg, &sms),
        .logout_token = oidc_logout_token,
        .logout_token_ctx = app,
    };
    if (nc.sms_http != NULL && sms_http_global_init() != VC_OK) {
        fprintf(stderr, "varco: cannot set up libcurl for the SMS gateway\n");
        goto out;
    }
    if (oidc_keys_new(app->secrets.file_key, &app->oidc_keys) != VC_OK ||
        !ensure_signing_keys(app)) {
        fprintf(stderr, "varco: cannot read or make the OpenID Connect signing keys\n");
        goto out;
    }
    if (app_checkpointer_start(app) != VC_OK) {
        fprintf(stderr, "varco: cannot start the checkpointer thread\n");
        goto out;
    }
    if (outbox_worker_start(&nc, app->store_url, &app->outbox) != VC_OK) {
        fprintf(stderr, "varco: cannot start the outbox worker\n");
        goto out;
    }
    struct http_server_config hc = {
        .host = cfg->listen_host,
        .port = cfg->listen_port,
        .threads = cfg->threads,
        .upload_max_bytes = cfg->upload_max_bytes,
        .secure_cookies = cfg->secure_cookies,
        .report_work = cfg->dev,
        .trusted_proxies = cfg->trusted_proxies,
        .n_trusted_proxies = cfg->n_trusted_proxies,
        .public_origin = app->core.base_url,
        .csrf_key = app->secrets.csrf_key,
        .static_dir = NULL,
        .routes = routes,
        .n_routes = n_routes,
        .rules = web_ratelimit_rules,
        .n_rules = cfg->ratelimit ? web_ratelimit_rules_n : 0,
        .hooks = {.authenticate = app_authenticate,
                  .finish = app_finish,
                  .deny = app_deny,
                  .error = app_error},
        .app = app,
    };
    char static_dir[600];
    snprintf(static_dir, sizeof static_dir, "%s/static", cfg->assets_dir);
    hc.static_dir = static_dir;
    if (http_server_start(&hc, &srv) != VC_OK) {
        fprintf(stderr, "varco: cannot listen on %s:%u\n", cfg->listen_host, cfg->listen_port);
        goto out;
    }
    /* Tests read this line to learn the port when listen asks for port 0. */
    printf("varco: listening on http://%s:%u (profile %s%s)\n", cfg->listen_host,
           http_server_port(srv), cfg->profile, cfg->dev ? ", dev mode: /dev/outbox" : "");
    fflush(stdout);
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGINT);
    sigaddset(&set, SIGTERM);
    int sig = 0;
    sigwait(&set, &sig);
    log_info("signal %d: stopping", sig);
    rc = 0;
out:
    http_server_stop(srv);
    app_checkpointer_stop(app);
    outbox_worker_stop(app->outbox);
    app->outbox = NULL;
    if (nc.sms_http != NULL)
        sms_http_global_cleanup();
    backchannel_global_cleanup(); /* if a back-channel logout set libcurl up */
    oidc_keys_free(app->oidc_keys);
    app->oidc_keys = NULL;
    free(routes);
    return rc;
}

/* The demo values still in use, one line each: a deployment must set them. */
static void warn_demo_values(const struct config *cfg, FILE *out)
{
    struct config_demo demo[CONFIG_DEMO_MAX];
    size_t n = config_demo_values(cfg, demo);
    for (size_t i = 0; i < n; i++)
        fprintf(out, "varco: warning: %s is the demo value \"%s\": set it for a deployment\n",
                demo[i].key, demo[i].value);
}

static int check_assets(const struct config *cfg)
{
    char dir[600], err[512] = "";
    struct tmpl_set *ts = NULL;
    struct i18n *t = NULL;
    struct core_config core;
    uint8_t pepper[32] = {0};
    if (core_config_init(&core, cfg, pepper, pepper) != VC_OK) {
        fprintf(stderr, "varco: unknown profile '%s'\n", cfg->profile);
        return 1;
    }
    snprintf(dir, sizeof dir, "%s/templates", cfg->assets_dir);
    enum vc_status st = tmpl_set_load(dir, &ts, err, sizeof err);
    snprintf(dir, sizeof dir, "%s/po", cfg->assets_dir);
    if (st == VC_OK)
        st = i18n_load(dir, &t, err, sizeof err);
    struct site *site = NULL;
    if (st == VC_OK)
        st = site_load(cfg, core.base_url, &site, err, sizeof err);
    site_free(site);
    tmpl_set_free(ts);
    i18n_free(t);
    totp_done();
    if (st != VC_OK) {
        fprintf(stderr, "varco: %s\n", err);
        return 1;
    }
    printf("configuration ok (profile %s, listen %s:%u, data %s)\n", cfg->profile, cfg->listen_host,
           cfg->listen_port, cfg->data_dir);
    warn_demo_values(cfg, stdout);
    return 0;
}

int cli_serve(int argc, char **argv)
{
    if (cli_wants_help(argc, argv)) {
        printf("usage: varco serve [--check]\n\n"
               "Serves on VARCO_LISTEN (default 127.0.0.1:8080) from the data folder made by\n"
               "'varco init'. --check validates the configuration, templates and catalogues\n"
               "and exits.\n");
        return 0;
    }
    bool check = argc > 1 && strcmp(argv[1], "--check") == 0;
    struct config cfg;
    if (!cli_load_config(&cfg))
        return 1;
    /* Signals go to sigwait only: block them before any thread starts. */
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGINT);
    sigaddset(&set, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &set, NULL);
    signal(SIGPIPE, SIG_IGN);
    if (password_init(cli_password_cost()) != VC_OK || totp_init() != VC_OK) {
        fprintf(stderr, "varco: cannot initialise the crypto libraries\n");
        return 1;
    }
    char err[512] = "";
    if (check) /* the configuration, templates and catalogues; no data folder needed */
        return check_assets(&cfg);
    struct app app;
    if (app_init(&app, &cfg, err, sizeof err) != VC_OK) {
        fprintf(stderr, "varco: %s\n", err);
        totp_done();
        return 1;
    }
    warn_demo_values(&cfg, stderr);
    int rc = migrate(app.store_url) ? serve(&app, &cfg) : 1;
    app_fini(&app);
    totp_done();
    return rc;
}
