/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* /area/email: change the email, which is the username
 * (core/email_change.h); /email/conferma: the link in the mail to the new
 * address (a page with a button, so that mail scanners do not spend it). */
#include <string.h>

#include "core/account.h"
#include "core/email_change.h"
#include "app/app.h"
#include "web/handlers.h"
#include "app/page.h"

/* Whether the person's journey asks the personal code too. */
static bool asks_code(struct http_req *req)
{
    struct app *app = req->app;
    struct vc_env env;
    struct account a;
    struct member m;
    if (app_begin_read(app, req, &env) != VC_OK)
        return false;
    enum vc_status st = account_load(&env, req->auth.id, &a, &m);
    bool asks = st == VC_OK && personal_code_applies(&env, &a);
    return app_end(app, &env, st) == VC_OK && asks;
}

static void form(struct http_req *req, struct http_resp *resp, int status, const char *email,
                 const struct form_errors *fe, bool sent)
{
    json_t *c = page_context(req);
    json_object_set_new(c, "asks_code", json_boolean(!sent && asks_code(req)));
    json_object_set_new(c, "email", json_string(email));
    json_object_set_new(c, "sent", json_boolean(sent));
    if (fe != NULL)
        page_add_errors(req, c, fe);
    page_render(req, resp, status, "web/email_change.html", c);
}

void web_email_form(struct http_req *req, struct http_resp *resp)
{
    form(req, resp, 200, "", NULL, false);
}

struct email_job {
    struct email_change ec;
    const char *password;
    const char *code;
};

static void email_verify(void *ctx)
{
    struct email_job *j = ctx;
    email_change_verify(&j->ec, j->password, j->code);
}

static void email_finish(struct http_req *req, struct http_resp *resp, void *ctx)
{
    struct app *app = req->app;
    struct email_job *j = ctx;
    struct vc_env env;
    struct form_errors fe;
    form_errors_init(&fe);
    enum vc_status st = app_begin(app, req, &env);
    if (st == VC_OK)
        st = app_end(app, &env, email_change_finish(&env, &j->ec, &fe));
    if (st == VC_ERR_DENIED) {
        form(req, resp, 422, j->ec.new_email, &fe, false);
        return;
    }
    if (st != VC_OK) {
        page_error(req, resp, 500, 0);
        return;
    }
    /* the same page whether the address was free or someone else's */
    form(req, resp, 200, j->ec.new_email, NULL, true);
}

void web_email_post(struct http_req *req, struct http_resp *resp)
{
    struct app *app = req->app;
    struct email_job *j = arena_alloc(req->arena, sizeof *j);
    memset(j, 0, sizeof *j);
    const char *e = http_form(req, "email"), *p = http_form(req, "password");
    e = e != NULL && strlen(e) <= EMAIL_MAX ? e : "";
    j->password = p != NULL && strlen(p) <= 1024 ? p : "";
    const char *pc = http_form(req, "personal_code");
    j->code = pc != NULL && strlen(pc) <= 1024 ? pc : "";
    struct vc_env env;
    struct form_errors fe;
    enum vc_status st = app_begin(app, req, &env); /* the attempt is reserved: it writes */
    if (st == VC_OK)
        st = app_end(app, &env,
                     email_change_check(&env, req->auth.id, e, j->password, j->code, &fe, &j->ec));
    if (page_if_limited(req, resp, st))
        return;
    if (st == VC_ERR_INVALID) {
        form(req, resp, 422, e, &fe, false);
        return;
    }
    if (st != VC_OK) {
        page_error(req, resp, 500, 0);
        return;
    }
    http_defer(req, email_verify, email_finish, j);
}

void web_email_confirm_form(struct http_req *req, struct http_resp *resp)
{
    json_t *c = page_context(req);
    const char *t = http_query(req, "t");
    json_object_set_new(c, "t", json_string(t && strlen(t) <= 64 ? t : ""));
    json_object_set_new(c, "ask", json_true());
    page_render(req, resp, 200, "web/email_change_done.html", c);
}

void web_email_confirm_post(struct http_req *req, struct http_resp *resp)
{
    struct app *app = req->app;
    const char *t = http_form(req, "t");
    t = t != NULL && strlen(t) <= 64 ? t : "";
    struct vc_env env;
    char email[EMAIL_MAX + 1] = "";
    enum vc_status st = app_begin(app, req, &env);
    if (st == VC_OK)
        st = app_end(app, &env, email_change_confirm(&env, t, strlen(t), email));
    if (page_if_limited(req, resp, st))
        return;
    const char *outcome = st == VC_OK              ? "ok"
                          : st == VC_ERR_EXPIRED   ? "expired"
                          : st == VC_ERR_CONFLICT  ? "taken"
                          : st == VC_ERR_NOT_FOUND ? "used"
                                                   : NULL;
    if (outcome == NULL) {
        page_error(req, resp, 500, 0);
        return;
    }
    json_t *c = page_context(req);
    json_object_set_new(c, outcome, json_true());
    json_object_set_new(c, "email", json_string(email));
    page_render(req, resp, st == VC_OK ? 200 : 410, "web/email_change_done.html", c);
}
