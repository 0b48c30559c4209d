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

void web_register_post(struct http_req *req, struct http_resp *resp)
{
    struct app *app = req->app;
    struct register_form f;
    struct form_errors pre;
    memset(&f, 0, sizeof f);
    form_errors_init(&pre);
    take(req, "matricola", f.matricola, sizeof f.matricola, &pre);
    take(req, "codice_fiscale", f.codice_fiscale, sizeof f.codice_fiscale, &pre);
    take(req, "email", f.email, sizeof f.email, &pre);
    take(req, "password", f.password, sizeof f.password, &pre);
    take(req, "password_confirm", f.password_confirm, sizeof f.password_confirm, &pre);
    f.privacy_consent = http_form(req, "privacy") != NULL;
    str_copy(f.lang, req->lang, sizeof f.lang);
    if (form_errors_any(&pre)) {
        form(req, resp, 422, &f, &pre);
        sodium_memzero(&f, sizeof f);
        return;
    }
    struct vc_env env;
    if (app_begin(app, req, &env) != VC_OK) {
        page_error(req, resp, 500, 0);
        return;
    }
    struct form_errors fe;
    int64_t id = 0;
    enum vc_status st = account_register(&env, &f, &fe, &id);
    if (st == VC_OK)
        st = web_session_start(req, resp, &env, "varco_session", SESSION_MEMBER, id, LEVEL_LIMITED,
                               false);
    st = app_end(app, &env, st);
    sodium_memzero(f.password, sizeof f.password);
    sodium_memzero(f.password_confirm, sizeof f.password_confirm);
    if (st == VC_ERR_INVALID) {
        form(req, resp, 422, &f, &fe);
        return;
    }
    if (st != VC_OK) {
        page_error(req, resp, 500, 0);
        return;
    }
    http_resp_redirect(resp, "/area");
}
