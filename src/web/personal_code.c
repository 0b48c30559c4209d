/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* The personal code of Istanze online (core/steps/temp_code.h): the page
 * where the temporary code is typed (the journey's first temp_code
 * occurrence), where it is replaced by one of the person's choosing (forced:
 * the session opens nothing else), and where a new one is asked for
 * ("Recupero codice personale"); and the adhesion form to print. The page
 * reads what to ask from the step's state, never from step names. */
#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "core/account.h"
#include "core/person.h"
#include "core/steps/temp_code.h"
#include "render/pdf.h"
#include "app/app.h"
#include "web/handlers.h"
#include "app/page.h"

#define PAGE "/area/codice-personale"

/* Renders the page from the code's state; error (a catalogue key) goes
 * beside field, or above the form when field is NULL. */
static void show(struct http_req *req, struct http_resp *resp, int status,
                 const struct form_errors *fe, const char *notice)
{
    struct app *app = req->app;
    struct vc_env env;
    if (app_begin_read(app, req, &env) != VC_OK) {
        page_error(req, resp, 500, 0);
        return;
    }
    struct temp_code_state s;
    enum vc_status st = app_end(app, &env, temp_code_state(&env, req->auth.id, &s));
    if (st != VC_OK) {
        page_error(req, resp, 500, 0);
        return;
    }
    if (s.task == TEMP_CODE_NONE && !s.journey_over) {
        http_resp_redirect(resp, "/area");
        return;
    }
    json_t *c = page_context(req);
    json_object_set_new(c, "enter", json_boolean(s.task == TEMP_CODE_ENTER));
    json_object_set_new(c, "replace", json_boolean(s.task == TEMP_CODE_REPLACE));
    json_object_set_new(c, "recover", json_boolean(s.task == TEMP_CODE_NONE));
    json_object_set_new(c, "usable", json_boolean(s.usable));
    json_object_set_new(c, "attempts_left", json_integer(s.attempts_left));
    json_object_set_new(c, "form_url", json_string(page_path("adhesion_form")));
    if (fe != NULL)
        page_add_errors(req, c, fe);
    if (notice != NULL)
        json_object_set_new(c, "notice", json_string(page_t(req, notice)));
    page_render(req, resp, status, "web/personal_code.html", c);
}

void web_personal_code_form(struct http_req *req, struct http_resp *resp)
{
    show(req, resp, 200, NULL,
         http_query(req, "inviato") != NULL ? "personal_code.new_sent" : NULL);
}

static const char *field(struct http_req *req, const char *name)
{
    const char *v = http_form(req, name);
    return v != NULL && strlen(v) <= 1024 ? v : "";
}

/* The answer to a wrong, void or missing temporary code (or a throttle). */
static void refused(struct http_req *req, struct http_resp *resp, enum vc_status st,
                    struct form_errors *fe, const char *field_name)
{
    if (st == VC_ERR_LIMIT && req->retry_after > 0) { /* throttled: nothing was spent */
        page_limited(req, resp, req->retry_after);
        return;
    }
    if (!form_errors_any(fe))
        form_errors_add(fe, field_name,
                        st == VC_ERR_DENIED  ? "error.personal_code.wrong"
                        : st == VC_ERR_LIMIT ? "error.personal_code.void"
                                             : "error.personal_code.none");
    show(req, resp, 422, fe, NULL);
}

/* The first occurrence: the temporary code typed, in one transaction. */
static void enter_code(struct http_req *req, struct http_resp *resp)
{
    struct app *app = req->app;
    const char *typed = field(req, "temp_code");
    struct form_errors fe;
    form_errors_init(&fe);
    if (typed[0] == '\0') {
        form_errors_add(&fe, "temp_code", "error.personal_code.missing");
        show(req, resp, 422, &fe, NULL);
        return;
    }
    struct vc_env env;
    if (app_begin(app, req, &env) != VC_OK) {
        page_error(req, resp, 500, 0);
        return;
    }
    int left = 0;
    struct journey_outcome out = {0};
    enum vc_status st = temp_code_enter(&env, req->auth.id, typed, &left, &out);
    if (st == VC_OK)
        st = app_after_step(req, resp, &env, req->auth.id, &out);
    st = app_end(app, &env, st);
    if (st == VC_OK) {
        http_resp_redirect(resp, page_path(out.page));
        return;
    }
    if (st == VC_ERR_CONFLICT) { /* nothing to type now (another tab) */
        http_resp_redirect(resp, PAGE);
        return;
    }
    if (st == VC_ERR_DENIED || st == VC_ERR_LIMIT || st == VC_ERR_NOT_FOUND) {
        refused(req, resp, st, &fe, "temp_code");
        return;
    }
    page_error(req, resp, 500, 0);
}

/* The replacement, in three phases: checks and the temporary code, then
 * argon2id on the hashing workers, then the writes. */
struct replace_job {
    const char *code;
    struct temp_code_replace r;
    enum vc_status hashed;
};

static void replace_hash(void *ctx)
{
    struct replace_job *j = ctx;
    j->hashed = temp_code_replace_hash(&j->r, j->code);
}

static void replace_finish(struct http_req *req, struct http_resp *resp, void *ctx)
{
    struct app *app = req->app;
    struct replace_job *j = ctx;
    struct vc_env env;
    struct journey_outcome out = {0};
    enum vc_status st = j->hashed;
    if (st == VC_OK && (st = app_begin(app, req, &env)) == VC_OK) {
        st = temp_code_replace_finish(&env, &j->r, &out);
        if (st == VC_OK) /* a fresh session: the level may have changed, the code has */
            st = app_session_start(req, resp, &env, "varco_session", SESSION_MEMBER, req->auth.id,
                                   out.level, false);
        st = app_end(app, &env, st);
    }
    sodium_memzero(&j->r, sizeof j->r);
    if (st == VC_ERR_CONFLICT) { /* replaced meanwhile, or a new code issued */
        http_resp_redirect(resp, PAGE);
        return;
    }
    if (st != VC_OK) {
        page_error(req, resp, 500, 0);
        return;
    }
    http_resp_redirect(resp, arena_printf(req->arena, "%s?codice=1", page_path(out.page)));
}

static void replace_code(struct http_req *req, struct http_resp *resp)
{
    struct app *app = req->app;
    struct replace_job *j = arena_alloc(req->arena, sizeof *j);
    memset(j, 0, sizeof *j);
    j->code = field(req, "code");
    struct vc_env env;
    struct form_errors fe;
    form_errors_init(&fe);
    int left = 0;
    enum vc_status st = app_begin(app, req, &env);
    if (st == VC_OK)
        st = app_end(app, &env,
                     temp_code_replace_check(&env, req->auth.id, field(req, "temp_code"), j->code,
                                             field(req, "code_confirm"), &fe, &left, &j->r));
    if (st == VC_ERR_INVALID) {
        show(req, resp, 422, &fe, NULL);
        return;
    }
    if (st == VC_ERR_CONFLICT) {
        http_resp_redirect(resp, PAGE);
        return;
    }
    if (st == VC_ERR_DENIED || st == VC_ERR_LIMIT || st == VC_ERR_NOT_FOUND) {
        refused(req, resp, st, &fe, "temp_code");
        return;
    }
    if (st != VC_OK) {
        page_error(req, resp, 500, 0);
        return;
    }
    http_defer(req, replace_hash, replace_finish, j);
}

void web_personal_code_post(struct http_req *req, struct http_resp *resp)
{
    /* the replacement's form carries the new code; the first one does not */
    if (http_form(req, "code") != NULL)
        replace_code(req, resp);
    else
        enter_code(req, resp);
}

void web_personal_code_new(struct http_req *req, struct http_resp *resp)
{
    struct app *app = req->app;
    struct vc_env env;
    if (app_begin(app, req, &env) != VC_OK) {
        page_error(req, resp, 500, 0);
        return;
    }
    enum vc_status st = app_end(app, &env, temp_code_reissue(&env, req->auth.id));
    if (st == VC_OK) {
        http_resp_redirect(resp, PAGE "?inviato=1");
        return;
    }
    if (st == VC_ERR_LIMIT) {
        struct form_errors fe;
        form_errors_init(&fe);
        form_errors_add(&fe, "new_code", "error.personal_code.too_many");
        show(req, resp, 429, &fe, NULL);
        return;
    }
    if (st == VC_ERR_DENIED) {
        http_resp_redirect(resp, "/area");
        return;
    }
    page_error(req, resp, 500, 0);
}

void web_adhesion_form_pdf(struct http_req *req, struct http_resp *resp)
{
    struct app *app = req->app;
    struct vc_env env;
    if (app_begin_read(app, req, &env) != VC_OK) {
        page_error(req, resp, 500, 0);
        return;
    }
    struct account a;
    struct member m;
    struct person p;
    enum vc_status st = account_load(&env, req->auth.id, &a, &m);
    if (st == VC_OK)
        st = person_of_account(&env, &a, &p);
    bool applies = st == VC_OK && personal_code_applies(&env, &a);
    st = app_end(app, &env, st);
    if (st != VC_OK) {
        page_error(req, resp, 500, 0);
        return;
    }
    if (!applies) { /* this journey has no adhesion form */
        page_error(req, resp, 404, 0);
        return;
    }
    char date[16];
    time_t now = time(NULL);
    struct tm tm;
    localtime_r(&now, &tm);
    strftime(date, sizeof date, "%d/%m/%Y", &tm);
    struct pdf_adhesion_form f = {
        .lang = req->lang,
        .institution = app->cfg->institution,
        .person = &p,
        .username = a.username,
        .url = arena_printf(req->arena, "%s/area", app->core.base_url),
        .date = date,
    };
    buf_reset(&resp->body);
    if (pdf_render_adhesion_form(&f, app->i18n, &resp->body) != VC_OK) {
        page_error(req, resp, 500, 0);
        return;
    }
    resp->status = 200;
    resp->content_type = "application/pdf";
    http_resp_header(resp, req, "Content-Disposition",
                     "attachment; filename=\"modulo-adesione.pdf\"");
}
