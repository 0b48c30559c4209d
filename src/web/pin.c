/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* The PIN of the inps-pin journey (core/steps/split_pin.h): the personal
 * PIN the person chooses after logging in with the issued one (/area/pin),
 * and a new PIN when it is lost (/recupero/pin, the same answer whether or
 * not an account exists). */
#include <sodium.h>
#include <string.h>

#include "core/steps/split_pin.h"
#include "web/app.h"
#include "web/handlers.h"
#include "web/page.h"

static void pin_page(struct http_req *req, struct http_resp *resp, int status,
                     const struct form_errors *fe)
{
    json_t *c = page_context(req);
    if (fe != NULL)
        page_add_errors(req, c, fe);
    page_render(req, resp, status, "web/pin.html", c);
}

void web_pin_form(struct http_req *req, struct http_resp *resp)
{
    pin_page(req, resp, 200, NULL);
}

struct pin_job {
    const char *pin;
    struct pin_change pc;
    enum vc_status hashed;
};

static void pin_hash(void *ctx)
{
    struct pin_job *j = ctx;
    j->hashed = pin_change_hash(&j->pc, j->pin);
}

static void pin_finish(struct http_req *req, struct http_resp *resp, void *ctx)
{
    struct app *app = req->app;
    struct pin_job *j = ctx;
    struct vc_env env;
    struct journey_outcome out = {0};
    enum vc_status st = j->hashed;
    if (st == VC_OK && (st = app_begin(app, req, &env)) == VC_OK) {
        st = pin_change_finish(&env, &j->pc, &out);
        if (st == VC_OK)
            st = web_after_step(req, resp, &env, req->auth.id, &out);
        st = app_end(app, &env, st);
    }
    sodium_memzero(&j->pc, sizeof j->pc);
    if (st == VC_ERR_DENIED) { /* chosen already (another tab) */
        http_resp_redirect(resp, "/area");
        return;
    }
    if (st != VC_OK) {
        page_error(req, resp, 500, 0);
        return;
    }
    http_resp_redirect(resp, web_page_path(out.page));
}

void web_pin_post(struct http_req *req, struct http_resp *resp)
{
    struct app *app = req->app;
    struct pin_job *j = arena_alloc(req->arena, sizeof *j);
    const char *p = http_form(req, "pin"), *c = http_form(req, "pin_confirm");
    j->pin = p != NULL && strlen(p) <= 1024 ? p : "";
    struct vc_env env;
    struct form_errors fe;
    form_errors_init(&fe);
    enum vc_status st = app_begin(app, req, &env);
    if (st == VC_OK)
        st = app_end(app, &env,
                     pin_change_check(&env, req->auth.id, j->pin,
                                      c != NULL && strlen(c) <= 1024 ? c : "", &fe, &j->pc));
    if (st == VC_ERR_INVALID) {
        pin_page(req, resp, 422, &fe);
        return;
    }
    if (st == VC_ERR_DENIED) { /* nothing to choose now */
        http_resp_redirect(resp, "/area");
        return;
    }
    if (st != VC_OK) {
        page_error(req, resp, 500, 0);
        return;
    }
    http_defer(req, pin_hash, pin_finish, j);
}

static void recover_page(struct http_req *req, struct http_resp *resp, int status, bool sent,
                         const struct form_errors *fe, const char *cf)
{
    json_t *c = page_context(req);
    json_object_set_new(c, "sent", json_boolean(sent));
    json_object_set_new(c, "v", json_pack("{s:s}", "codice_fiscale", cf != NULL ? cf : ""));
    if (fe != NULL)
        page_add_errors(req, c, fe);
    page_render(req, resp, status, "web/recover_pin.html", c);
}

void web_recover_pin_form(struct http_req *req, struct http_resp *resp)
{
    recover_page(req, resp, 200, false, NULL, http_query(req, "codice_fiscale"));
}

void web_recover_pin(struct http_req *req, struct http_resp *resp)
{
    struct app *app = req->app;
    const char *cf = http_form(req, "codice_fiscale");
    cf = cf != NULL && strlen(cf) <= 40 ? cf : "";
    struct vc_env env;
    struct form_errors fe;
    form_errors_init(&fe);
    enum vc_status st = app_begin(app, req, &env);
    if (st == VC_OK)
        st = app_end(app, &env, split_pin_recover(&env, cf, &fe));
    if (page_if_limited(req, resp, st))
        return;
    if (st == VC_ERR_INVALID) {
        recover_page(req, resp, 422, false, &fe, cf);
        return;
    }
    if (st != VC_OK) {
        page_error(req, resp, 500, 0);
        return;
    }
    recover_page(req, resp, 200, true, NULL, NULL);
}
