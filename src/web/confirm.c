/* SPDX-License-Identifier: AGPL-3.0-or-later */
#include <string.h>

#include "core/steps/confirm_email.h"
#include "web/app.h"
#include "web/handlers.h"
#include "web/page.h"

/* The link opens a page with a button: mail scanners that prefetch links
 * do not spend the token. */
void web_confirm_form(struct http_req *req, struct http_resp *resp)
{
    json_t *c = page_context(req);
    const char *t = http_query(req, "t");
    json_object_set_new(c, "t", json_string(t && strlen(t) <= 64 ? t : ""));
    page_render(req, resp, 200, "web/confirm.html", c);
}

void web_confirm_post(struct http_req *req, struct http_resp *resp)
{
    struct app *app = req->app;
    const char *t = http_form(req, "t");
    struct vc_env env;
    if (app_begin(app, req, &env) != VC_OK) {
        page_error(req, resp, 500, 0);
        return;
    }
    int64_t id = 0;
    struct journey_outcome out = {0};
    enum vc_status st = confirm_email_open(&env, t ? t : "", t ? strlen(t) : 0, &id, &out);
    if (st == VC_OK)
        st = web_after_step(req, resp, &env, id, &out);
    st = app_end(app, &env, st);
    if (page_if_limited(req, resp, st))
        return;
    json_t *c = page_context(req);
    const char *outcome = "used";
    int status = 410;
    if (st == VC_OK) {
        outcome = "ok";
        status = 200;
    } else if (st == VC_ERR_EXPIRED) {
        outcome = "expired";
    } else if (st != VC_ERR_NOT_FOUND) {
        json_decref(c);
        page_error(req, resp, 500, 0);
        return;
    }
    json_object_set_new(c, outcome, json_true());
    page_render(req, resp, status, "web/confirm_done.html", c);
}

void web_confirm_resend(struct http_req *req, struct http_resp *resp)
{
    struct app *app = req->app;
    struct vc_env env;
    if (app_begin(app, req, &env) != VC_OK) {
        page_error(req, resp, 500, 0);
        return;
    }
    enum vc_status st = confirm_email_resend(&env, req->auth.id);
    st = app_end(app, &env, st);
    if (st != VC_OK && st != VC_ERR_LIMIT && st != VC_ERR_DENIED) {
        page_error(req, resp, 500, 0);
        return;
    }
    http_resp_redirect(resp, st == VC_OK ? "/area?inviata=1" : "/area?limite=1");
}

void web_confirm_resend_address(struct http_req *req, struct http_resp *resp)
{
    struct app *app = req->app;
    const char *email = http_form(req, "email");
    struct vc_env env;
    if (app_begin(app, req, &env) != VC_OK) {
        page_error(req, resp, 500, 0);
        return;
    }
    enum vc_status st = confirm_email_resend_by_email(&env, email ? email : "");
    st = app_end(app, &env, st);
    json_t *c = page_context(req);
    if (st == VC_ERR_INVALID) {
        json_object_set_new(c, "expired", json_true());
        json_object_set_new(c, "email", json_string(email ? email : ""));
        json_object_set_new(c, "email_error", json_string(page_t(req, "error.email.invalid")));
        page_render(req, resp, 422, "web/confirm_done.html", c);
        return;
    }
    if (st != VC_OK) {
        json_decref(c);
        page_error(req, resp, 500, 0);
        return;
    }
    json_object_set_new(c, "resent", json_true());
    page_render(req, resp, 200, "web/confirm_done.html", c);
}
