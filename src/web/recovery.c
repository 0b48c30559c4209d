/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* Recovering access from the login page (core/recovery.h): every request
 * page answers the same whether or not an account exists. */
#include <sodium.h>
#include <string.h>

#include "core/recovery.h"
#include "app/app.h"
#include "web/handlers.h"
#include "app/page.h"

static const char *field(struct http_req *req, const char *name)
{
    const char *v = http_form(req, name);
    return v != NULL && strlen(v) <= 1024 ? v : "";
}

static void show(struct http_req *req, struct http_resp *resp, int status, const char *tmpl,
                 const char *flag, const struct form_errors *fe, json_t *extra)
{
    json_t *c = page_context(req);
    if (flag != NULL)
        json_object_set_new(c, flag, json_true());
    if (fe != NULL)
        page_add_errors(req, c, fe);
    if (extra != NULL) {
        json_object_update(c, extra);
        json_decref(extra);
    }
    page_render(req, resp, status, tmpl, c);
}

/* The Istanze variant asks the codice fiscale beside the username. */
static json_t *with_cf(struct http_req *req)
{
    const struct app *app = req->app;
    return json_pack("{s:b}", "asks_cf", app->core.recovery_asks_cf);
}

void web_recover_hub(struct http_req *req, struct http_resp *resp)
{
    show(req, resp, 200, "web/recover.html", NULL, NULL, NULL);
}

void web_recover_form(struct http_req *req, struct http_resp *resp)
{
    const char *which = strcmp(req->path, "/recupero/password") == 0   ? "password"
                        : strcmp(req->path, "/recupero/entrambi") == 0 ? "both"
                                                                       : "username";
    show(req, resp, 200, "web/recover_form.html", which, NULL, with_cf(req));
}

/* Password lost (email) or both lost (codice fiscale): the same answer. */
void web_recover_request(struct http_req *req, struct http_resp *resp)
{
    struct app *app = req->app;
    bool by_email = strcmp(req->path, "/recupero/password") == 0;
    const char *v = field(req, by_email ? "email" : "codice_fiscale");
    struct vc_env env;
    if (app_begin(app, req, &env) != VC_OK) {
        page_error(req, resp, 500, 0);
        return;
    }
    struct form_errors fe;
    const char *cf = field(req, "codice_fiscale");
    enum vc_status st;
    if (by_email && app->core.recovery_asks_cf)
        st = recovery_request_by_username_cf(&env, v, cf, &fe);
    else
        st = by_email ? recovery_request_by_email(&env, v, &fe)
                      : recovery_request_by_cf(&env, v, &fe);
    st = app_end(app, &env, st);
    if (page_if_limited(req, resp, st))
        return;
    if (st == VC_ERR_INVALID) {
        json_t *x =
            json_pack("{s:{s:s,s:s},s:b}", "v", "email", by_email ? v : "", "codice_fiscale",
                      by_email ? cf : v, "asks_cf", app->core.recovery_asks_cf);
        show(req, resp, 422, "web/recover_form.html", by_email ? "password" : "both", &fe, x);
        return;
    }
    if (st != VC_OK) {
        page_error(req, resp, 500, 0);
        return;
    }
    show(req, resp, 200, "web/recover_sent.html", NULL, NULL, NULL);
}

/* Username lost, a password door like the login: the attempt reserved in
 * a short transaction, the hash on the worker pool, then the outcome. */
struct username_job {
    const char *cf;
    const char *password;
    struct username_recovery ur;
};

static void username_verify(void *ctx)
{
    struct username_job *j = ctx;
    recovery_username_verify(&j->ur, j->password);
}

static void username_answer(struct http_req *req, struct http_resp *resp, enum vc_status st,
                            const char *cf, struct form_errors *fe, const char *username)
{
    if (page_if_limited(req, resp, st))
        return;
    if (st == VC_ERR_INVALID || st == VC_ERR_DENIED) {
        if (st == VC_ERR_DENIED)
            form_errors_add(fe, "codice_fiscale", "error.recovery.no_match");
        show(req, resp, st == VC_ERR_DENIED ? 401 : 422, "web/recover_form.html", "username", fe,
             json_pack("{s:{s:s}}", "v", "codice_fiscale", cf));
        return;
    }
    if (st != VC_OK) {
        page_error(req, resp, 500, 0);
        return;
    }
    show(req, resp, 200, "web/recover_done.html", "username_only", NULL,
         json_pack("{s:s}", "username", username));
}

static void username_finish(struct http_req *req, struct http_resp *resp, void *ctx)
{
    struct app *app = req->app;
    struct username_job *j = ctx;
    struct vc_env env;
    struct form_errors fe;
    form_errors_init(&fe);
    char username[EMAIL_MAX + 1] = "";
    enum vc_status st = app_begin(app, req, &env);
    if (st == VC_OK)
        st = app_end(app, &env, recovery_username_finish(&env, &j->ur, username));
    sodium_memzero(j->ur.hash, sizeof j->ur.hash);
    username_answer(req, resp, st, j->cf, &fe, username);
}

void web_recover_username(struct http_req *req, struct http_resp *resp)
{
    struct app *app = req->app;
    struct username_job *j = arena_alloc(req->arena, sizeof *j);
    j->cf = field(req, "codice_fiscale");
    j->password = field(req, "password");
    struct vc_env env;
    struct form_errors fe;
    form_errors_init(&fe);
    enum vc_status st = app_begin(app, req, &env);
    if (st == VC_OK)
        st = app_end(app, &env, recovery_username_check(&env, j->cf, j->password, &fe, &j->ur));
    if (st != VC_OK) {
        username_answer(req, resp, st, j->cf, &fe, NULL);
        return;
    }
    http_defer(req, username_verify, username_finish, j);
}

/* An expired, used or unknown link: the page says which, with a way on. */
static bool dead_link(struct http_req *req, struct http_resp *resp, enum vc_status st)
{
    if (st != VC_ERR_EXPIRED && st != VC_ERR_NOT_FOUND)
        return false;
    show(req, resp, 410, "web/recover_sent.html", st == VC_ERR_EXPIRED ? "expired" : "used", NULL,
         NULL);
    return true;
}

void web_recover_reset_form(struct http_req *req, struct http_resp *resp)
{
    struct app *app = req->app;
    const char *t = http_query(req, "t");
    t = t != NULL ? t : "";
    struct vc_env env;
    if (app_begin(app, req, &env) != VC_OK) { /* an unknown link counts against the address */
        page_error(req, resp, 500, 0);
        return;
    }
    enum vc_status st = app_end(app, &env, recovery_link_check(&env, t, strlen(t)));
    if (page_if_limited(req, resp, st))
        return;
    if (dead_link(req, resp, st))
        return;
    if (st != VC_OK) {
        page_error(req, resp, 500, 0);
        return;
    }
    show(req, resp, 200, "web/recover_reset.html", NULL, NULL,
         json_pack("{s:s,s:b,s:b}", "t", t, "sms", recovery_reset_wants_sms(&env), "sms_sent",
                   http_query(req, "sms") != NULL));
}

/* POST /recupero/nuova-password/sms: the SMS code beside the link (spid). */
void web_recover_reset_sms(struct http_req *req, struct http_resp *resp)
{
    struct app *app = req->app;
    const char *t = field(req, "t");
    struct vc_env env;
    if (app_begin(app, req, &env) != VC_OK) {
        page_error(req, resp, 500, 0);
        return;
    }
    enum vc_status st = app_end(app, &env, recovery_reset_sms(&env, t, strlen(t)));
    if (page_if_limited(req, resp, st))
        return;
    if (dead_link(req, resp, st))
        return;
    if (st == VC_ERR_DENIED) { /* no number of record: the contact centre's way */
        struct form_errors fe;
        form_errors_init(&fe);
        form_errors_add(&fe, "sms", "error.reset.no_mobile");
        show(req, resp, 409, "web/recover_reset.html", NULL, &fe,
             json_pack("{s:s,s:b}", "t", t, "sms", true));
        return;
    }
    if (st != VC_OK) {
        page_error(req, resp, 500, 0);
        return;
    }
    http_resp_redirect(resp, arena_printf(req->arena, "/recupero/nuova-password?t=%s&sms=1", t));
}

void web_recover_reset(struct http_req *req, struct http_resp *resp)
{
    struct app *app = req->app;
    const char *t = field(req, "t");
    struct vc_env env;
    if (app_begin(app, req, &env) != VC_OK) {
        page_error(req, resp, 500, 0);
        return;
    }
    struct form_errors fe;
    char username[EMAIL_MAX + 1];
    enum vc_status st = recovery_reset_password(
        &env, t, strlen(t), field(req, "password"), field(req, "password_confirm"),
        field(req, "sms"), http_form(req, "end_sessions") != NULL, &fe, username);
    st = app_end(app, &env, st);
    if (page_if_limited(req, resp, st))
        return;
    if (st == VC_ERR_INVALID) {
        show(req, resp, 422, "web/recover_reset.html", NULL, &fe,
             json_pack("{s:s,s:b,s:b}", "t", t, "sms", recovery_reset_wants_sms(&env), "sms_sent",
                       field(req, "sms")[0] != '\0')); /* a code typed: one was sent */
        return;
    }
    if (dead_link(req, resp, st))
        return;
    if (st != VC_OK) {
        page_error(req, resp, 500, 0);
        return;
    }
    show(req, resp, 200, "web/recover_done.html", NULL, NULL,
         json_pack("{s:s}", "username", username));
}
