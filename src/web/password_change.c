/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* /area/password: change the password (core/password_change.h), in three
 * phases like the login; also where an old password below today's policy
 * is sent to be replaced. */
#include <sodium.h>
#include <string.h>

#include "core/account.h"
#include "core/password_change.h"
#include "app/app.h"
#include "web/handlers.h"
#include "app/page.h"

static bool forced_asks(struct http_req *req, bool *asks_code);

static void form(struct http_req *req, struct http_resp *resp, int status, bool is_forced,
                 const struct form_errors *fe)
{
    bool asks = false;
    forced_asks(req, &asks);
    json_t *c = page_context(req);
    json_object_set_new(c, "forced", json_boolean(is_forced));
    json_object_set_new(c, "asks_code", json_boolean(asks));
    if (fe != NULL)
        page_add_errors(req, c, fe);
    page_render(req, resp, status, "web/password_change.html", c);
}

/* Whether the change is forced (a weak old password) and whether the
 * journey asks the personal code too. */
static bool forced_asks(struct http_req *req, bool *asks_code)
{
    struct app *app = req->app;
    struct vc_env env;
    struct account a;
    struct member m;
    *asks_code = false;
    if (app_begin_read(app, req, &env) != VC_OK)
        return false;
    enum vc_status st = account_load(&env, req->auth.id, &a, &m);
    if (st == VC_OK)
        *asks_code = personal_code_applies(&env, &a);
    return app_end(app, &env, st) == VC_OK && a.must_change_password;
}

static bool forced(struct http_req *req)
{
    bool asks;
    return forced_asks(req, &asks);
}

void web_password_form(struct http_req *req, struct http_resp *resp)
{
    form(req, resp, 200, forced(req), NULL);
}

struct change_job {
    struct password_change pc;
    const char *old_pw, *new_pw, *code;
    enum vc_status hashed;
};

static void change_hash(void *ctx)
{
    struct change_job *j = ctx;
    j->hashed = password_change_hash(&j->pc, j->old_pw, j->new_pw, j->code);
}

static void change_finish(struct http_req *req, struct http_resp *resp, void *ctx)
{
    struct app *app = req->app;
    struct change_job *j = ctx;
    struct vc_env env;
    struct form_errors fe;
    form_errors_init(&fe);
    enum vc_status st = j->hashed;
    if (st == VC_OK && (st = app_begin(app, req, &env)) == VC_OK) {
        bool end_others = http_form(req, "end_sessions") != NULL;
        st = password_change_finish(&env, &j->pc, end_others, &fe);
        if (st == VC_OK) /* a fresh session id; the others ended if asked */
            st = app_session_start(req, resp, &env, "varco_session", SESSION_MEMBER, req->auth.id,
                                   (enum account_level)req->auth.level, false);
        st = app_end(app, &env, st);
    }
    sodium_memzero(&j->pc, sizeof j->pc);
    if (st == VC_ERR_DENIED) {
        form(req, resp, 422, forced(req), &fe);
        return;
    }
    if (st != VC_OK) {
        page_error(req, resp, 500, 0);
        return;
    }
    http_resp_redirect(resp, "/area?password=1");
}

void web_password_post(struct http_req *req, struct http_resp *resp)
{
    struct app *app = req->app;
    struct change_job *j = arena_alloc(req->arena, sizeof *j);
    memset(j, 0, sizeof *j);
    const char *o = http_form(req, "old_password"), *n = http_form(req, "password"),
               *c = http_form(req, "password_confirm");
    j->old_pw = o != NULL && strlen(o) <= 1024 ? o : "";
    j->new_pw = n != NULL && strlen(n) <= 1024 ? n : "";
    const char *pc = http_form(req, "personal_code");
    j->code = pc != NULL && strlen(pc) <= 1024 ? pc : "";
    struct vc_env env;
    struct form_errors fe;
    form_errors_init(&fe);
    enum vc_status st = app_begin(app, req, &env); /* the attempt is reserved: it writes */
    if (st == VC_OK)
        st = app_end(app, &env,
                     password_change_check(&env, req->auth.id, j->old_pw, j->new_pw,
                                           c != NULL && strlen(c) <= 1024 ? c : "", j->code, &fe,
                                           &j->pc));
    if (page_if_limited(req, resp, st))
        return;
    if (st == VC_ERR_INVALID) {
        form(req, resp, 422, forced(req), &fe);
        return;
    }
    if (st != VC_OK) {
        page_error(req, resp, 500, 0);
        return;
    }
    http_defer(req, change_hash, change_finish, j);
}
