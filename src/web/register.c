/* SPDX-License-Identifier: AGPL-3.0-or-later */
#include <sodium.h>
#include <string.h>

#include "core/account.h"
#include "core/session.h"
#include "util/str.h"
#include "web/app.h"
#include "web/handlers.h"
#include "web/page.h"

static void form(struct http_req *req, struct http_resp *resp, int status,
                 const struct register_form *f, const struct form_errors *fe)
{
    json_t *c = page_context(req);
    json_t *v = json_object();
    if (f != NULL) {
        json_object_set_new(v, "matricola", json_string(f->matricola));
        json_object_set_new(v, "codice_fiscale", json_string(f->codice_fiscale));
        json_object_set_new(v, "email", json_string(f->email));
        json_object_set_new(v, "privacy", json_boolean(f->privacy_consent));
    }
    json_object_set_new(c, "v", v);
    if (fe != NULL)
        page_add_errors(req, c, fe);
    page_render(req, resp, status, "web/register.html", c);
}

void web_register_form(struct http_req *req, struct http_resp *resp)
{
    if (req->auth.who == HTTP_MEMBER) {
        http_resp_redirect(resp, "/area");
        return;
    }
    form(req, resp, 200, NULL, NULL);
}

/* Copies a field; an over-long value is an error on that field, never cut. */
static void take(struct http_req *req, const char *name, char *dst, size_t size,
                 struct form_errors *fe)
{
    const char *v = http_form(req, name);
    if (str_copy(dst, v ? v : "", size) >= size) {
        dst[0] = '\0';
        form_errors_add(fe, name, "error.field.too_long");
    }
}

/* A registration in flight (request arena): the form and the hash. */
struct register_job {
    struct register_form f;
    char hash[128];
    enum vc_status hashed;
};

static void wipe(struct register_job *j)
{
    sodium_memzero(j->f.password, sizeof j->f.password);
    sodium_memzero(j->f.password_confirm, sizeof j->f.password_confirm);
}

/* Phase 2, on the worker pool: argon2id, with no transaction held. */
static void register_hash(void *ctx)
{
    struct register_job *j = ctx;
    j->hashed = account_register_hash(&j->f, j->hash);
}

/* Phase 3: the writes, and one answer whether or not the person existed. */
static void register_finish(struct http_req *req, struct http_resp *resp, void *ctx)
{
    struct app *app = req->app;
    struct register_job *j = ctx;
    struct vc_env env;
    struct form_errors fe;
    form_errors_init(&fe);
    enum vc_status st = j->hashed;
    if (st == VC_OK && (st = app_begin(app, req, &env)) == VC_OK) {
        int64_t id = 0;
        st = app_end(app, &env, account_register_finish(&env, &j->f, j->hash, &fe, &id));
    }
    wipe(j);
    if (st == VC_ERR_INVALID) {
        form(req, resp, 422, &j->f, &fe);
        return;
    }
    if (st != VC_OK) {
        page_error(req, resp, 500, 0);
        return;
    }
    http_resp_redirect(resp, "/registrazione/inviata");
}

/* Phase 1: the fields, the throttle and the registry; then the hash. */
void web_register_post(struct http_req *req, struct http_resp *resp)
{
    struct app *app = req->app;
    struct register_job *j = arena_alloc(req->arena, sizeof *j);
    struct register_form *f = &j->f;
    struct form_errors pre;
    memset(j, 0, sizeof *j);
    form_errors_init(&pre);
    take(req, "matricola", f->matricola, sizeof f->matricola, &pre);
    take(req, "codice_fiscale", f->codice_fiscale, sizeof f->codice_fiscale, &pre);
    take(req, "email", f->email, sizeof f->email, &pre);
    take(req, "password", f->password, sizeof f->password, &pre);
    take(req, "password_confirm", f->password_confirm, sizeof f->password_confirm, &pre);
    f->privacy_consent = http_form(req, "privacy") != NULL;
    str_copy(f->lang, req->lang, sizeof f->lang);
    if (form_errors_any(&pre)) {
        wipe(j);
        form(req, resp, 422, f, &pre);
        return;
    }
    struct vc_env env;
    struct form_errors fe;
    enum vc_status st = app_begin(app, req, &env);
    if (st == VC_OK)
        st = app_end(app, &env, account_register_check(&env, f, &fe));
    if (st == VC_ERR_LIMIT) {
        wipe(j);
        page_limited(req, resp, req->retry_after);
        return;
    }
    if (st != VC_OK) {
        wipe(j);
        if (st == VC_ERR_INVALID)
            form(req, resp, 422, f, &fe);
        else
            page_error(req, resp, 500, 0);
        return;
    }
    http_defer(req, register_hash, register_finish, j);
}

/* The same page after every accepted registration, new person or not. */
void web_register_sent(struct http_req *req, struct http_resp *resp)
{
    page_render(req, resp, 200, "web/register_sent.html", page_context(req));
}
