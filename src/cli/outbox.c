/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* `varco outbox list [pending|delivered|stuck]` and `varco outbox run`:
 * what is waiting in the outbox, and one delivery pass from the command line
 * (the server's worker does the same every second). */
#include <string.h>
#include <time.h>

#include "cli/cli.h"
#include "core/repo.h"
#include "notify/outbox.h"
#include "notify/sms_http.h"
#include "store/store.h"
#include "app/app.h"

#define LIST_MAX 200

static void usage(FILE *f)
{
    fprintf(f, "usage: varco outbox list [pending|delivered|stuck]\n"
               "       varco outbox run\n");
}

static int list(struct cli_ctx *c, int status)
{
    static struct outbox_msg msgs[LIST_MAX];
    size_t n = 0;
    enum vc_status st = store_begin_read(c->store);
    if (st == VC_OK)
        st = repo_outbox_list(c->store, status, msgs, LIST_MAX, &n);
    store_rollback(c->store);
    if (st != VC_OK) {
        fprintf(stderr, "varco: cannot read the outbox (%s)\n", vc_status_name(st));
        return 1;
    }
    for (size_t i = 0; i < n; i++) {
        char when[32];
        time_t t = (time_t)msgs[i].created_at;
        struct tm tm;
        strftime(when, sizeof when, "%Y-%m-%d %H:%M:%S", gmtime_r(&t, &tm));
        printf("%-6lld %s  %-7s %-9s %-22s attempts=%d %s %s\n", (long long)msgs[i].id, when,
               outbox_channel_name(msgs[i].channel), outbox_status_name(msgs[i].status),
               msgs[i].template_name, msgs[i].attempts, msgs[i].recipient, msgs[i].last_error);
    }
    printf("%zu messages\n", n);
    return 0;
}

static int run(struct cli_ctx *c)
{
    char err[512] = "";
    char dir[600];
    struct tmpl_set *ts = NULL;
    struct i18n *t = NULL;
    int rc = 1;
    snprintf(dir, sizeof dir, "%s/templates", c->cfg.assets_dir);
    if (tmpl_set_load(dir, &ts, err, sizeof err) != VC_OK) {
        fprintf(stderr, "varco: templates: %s\n", err);
        goto out;
    }
    snprintf(dir, sizeof dir, "%s/po", c->cfg.assets_dir);
    if (i18n_load(dir, &t, err, sizeof err) != VC_OK) {
        fprintf(stderr, "varco: catalogues: %s\n", err);
        goto out;
    }
    struct sms_http_config sms;
    struct notify_config nc = {
        .data_dir = c->cfg.data_dir,
        .mail_from = c->cfg.mail_from,
        .base_url = c->core.base_url,
        .institution = c->cfg.institution,
        .institution_address = c->cfg.institution_address,
        .templates = ts,
        .i18n = t,
        .max_attempts = c->cfg.outbox_max_attempts,
        .backoff_base_seconds = c->cfg.outbox_backoff_base_seconds,
        .backoff_max_seconds = c->cfg.outbox_backoff_max_seconds,
        .now = app_clock_now,
        .sms_http = sms_http_config_of(&c->cfg, &sms),
    };
    size_t delivered = 0;
    if (nc.sms_http != NULL && sms_http_global_init() != VC_OK) {
        fprintf(stderr, "varco: cannot set up libcurl for the SMS gateway\n");
        goto out;
    }
    if (outbox_release_dead_claims(c->store, app_clock_now(NULL)) != VC_OK ||
        outbox_run_once(&nc, c->store, &delivered) != VC_OK) {
        fprintf(stderr, "varco: the delivery pass failed\n");
        goto out;
    }
    printf("%zu messages delivered\n", delivered);
    rc = 0;
out:
    i18n_free(t);
    tmpl_set_free(ts);
    return rc;
}

int cli_outbox(int argc, char **argv)
{
    if (cli_wants_help(argc, argv)) {
        usage(stdout);
        return 0;
    }
    if (argc < 2) {
        usage(stderr);
        return 2;
    }
    int status = -1;
    bool is_list = strcmp(argv[1], "list") == 0;
    if (is_list && argc > 2) {
        enum outbox_status s;
        if (!outbox_status_parse(argv[2], &s)) {
            usage(stderr);
            return 2;
        }
        status = (int)s;
    }
    if (!is_list && strcmp(argv[1], "run") != 0) {
        usage(stderr);
        return 2;
    }
    struct cli_ctx c;
    if (!cli_ctx_open(&c, false))
        return 1;
    int rc = is_list ? list(&c, status) : run(&c);
    cli_ctx_close(&c);
    return rc;
}
