/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* The postal activation code: entry, attempts left, a new letter. */
#include <string.h>

#include "core/account.h"
#include "core/journey.h"
#include "core/steps/postal_code.h"
#include "app/app.h"
#include "web/handlers.h"
#include "app/page.h"

/* Renders the page from the code's state; error is a catalogue key or NULL
 * (its {next_letter} placeholder, when there is one, is next_letter_at). */
static void page_at(struct http_req *req, struct http_resp *resp, int status, const char *error,
                    const char *notice, int64_t next_letter_at)
{
    struct app *app = req->app;
    struct vc_env env;
    if (app_begin_read(app, req, &env) != VC_OK) {
        page_error(req, resp, 500, 0);
        return;
    }
    struct account a;
    struct member m;
    int left = 0;
    enum vc_status st = account_load(&env, req->auth.id, &a, &m);
    enum vc_status code_st = VC_ERR_NOT_FOUND;
    if (st == VC_OK && journey_at(&env, &a, step_postal_code.name))
        code_st = postal_code_state(&env, req->auth.id, &left);
    if (code_st == VC_ERR_STORE)
        st = code_st;
    st = app_end(app, &env, st);
    if (st != VC_OK) {
        page_error(req, resp, 500, 0);
        return;
    }
    if (!journey_at(&env, &a, step_postal_code.name)) {
        http_resp_redirect(resp, "/area");
        return;
    }
    json_t *c = page_context(req);
    json_object_set_new(c, "usable", json_boolean(code_st == VC_OK));
    json_object_set_new(c, "attempts_left", json_integer(left));
    json_object_set_new(c, "expired", json_boolean(code_st == VC_ERR_EXPIRED));
    json_object_set_new(c, "can_ask_letter", json_boolean(code_st != VC_OK));
    json_object_set_new(c, "m", page_member_json(&m));
    if (next_letter_at > 0) {
        char when[32];
        page_format_time(next_letter_at, when);
        when[10] = '\0'; /* the day is enough */
        json_object_set_new(c, "next_letter", json_string(when));
        json_object_set_new(c, "can_ask_letter", json_false());
        json_object_set_new(c, "letter_cap", json_true());
    }
    if (error != NULL && code_st == VC_OK) { /* beside the field */
        json_t *errors = json_object();
        json_object_set_new(errors, "codice", json_string(page_t(req, error)));
        json_object_set_new(c, "errors", errors);
    } else if (error != NULL) { /* no field any more: the code is void or expired */
        json_object_set_new(c, "problem", json_string(page_t(req, error)));
    }
    if (notice != NULL)
        json_object_set_new(c, "notice", json_string(page_t(req, notice)));
    page_render(req, resp, status, "web/activation.html", c);
}

static void page(struct http_req *req, struct http_resp *resp, int status, const char *error,
                 const char *notice)
{
    page_at(req, resp, status, error, notice, 0);
}

void web_activation_form(struct http_req *req, struct http_resp *resp)
{
    page(req, resp, 200, NULL,
         http_query(req, "lettera") != NULL ? "activation.letter_on_its_way" : NULL);
}

void web_activation_post(struct http_req *req, struct http_resp *resp)
{
    struct app *app = req->app;
    const char *typed = http_form(req, "codice");
    if (typed == NULL || typed[0] == '\0') {
        page(req, resp, 422, "error.code.missing", NULL);
        return;
    }
    struct vc_env env;
    if (app_begin(app, req, &env) != VC_OK) {
        page_error(req, resp, 500, 0);
        return;
    }
    int left = 0;
    struct journey_outcome out = {0};
    enum vc_status st = postal_code_enter(&env, req->auth.id, typed, strlen(typed), &left, &out);
    if (st == VC_OK)
        st = app_after_step(req, resp, &env, req->auth.id, &out);
    st = app_end(app, &env, st);
    switch (st) {
    case VC_OK:
        http_resp_redirect(resp, page_path(out.page));
        return;
    case VC_ERR_DENIED:
        page(req, resp, 422, "error.code.wrong", NULL);
        return;
    case VC_ERR_LIMIT:
        if (req->retry_after > 0) /* throttled: nothing was spent */
            page_limited(req, resp, req->retry_after);
        else
            page(req, resp, 422, "error.code.void", NULL);
        return;
    case VC_ERR_EXPIRED:
        page(req, resp, 422, "error.code.expired", NULL);
        return;
    case VC_ERR_NOT_FOUND:
        page(req, resp, 422, "error.code.none", NULL);
        return;
    default:
        page_error(req, resp, 500, 0);
        return;
    }
}

void web_activation_new_letter(struct http_req *req, struct http_resp *resp)
{
    struct app *app = req->app;
    struct vc_env env;
    if (app_begin(app, req, &env) != VC_OK) {
        page_error(req, resp, 500, 0);
        return;
    }
    int64_t next_at = 0;
    enum vc_status st = postal_code_new_letter(&env, req->auth.id, &next_at);
    st = app_end(app, &env, st);
    if (st == VC_OK) {
        http_resp_redirect(resp, "/area/attivazione?lettera=1");
        return;
    }
    if (st == VC_ERR_CONFLICT) { /* three new letters in 30 days already */
        page_at(req, resp, 429, NULL, NULL, next_at);
        return;
    }
    if (st == VC_ERR_LIMIT || st == VC_ERR_DENIED) {
        page(req, resp, 429, "error.letter.too_soon", NULL);
        return;
    }
    page_error(req, resp, 500, 0);
}
