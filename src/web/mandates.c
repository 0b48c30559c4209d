/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* A procurator's page (seed 003, profiles with procurators): their mandates
 * and where each stands, a new mandate with its document (the upload is
 * checked and stored as the identification form's), and the PIN requested
 * for the person of a checked mandate -- the halves go to the person, never
 * to the procurator; renouncing one. The same page shows a person the
 * mandates naming them, each revocable. Acting for the person is the acting
 * page's. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/delegation.h"
#include "core/registration.h"
#include "core/steps/mandate.h"
#include "render/links.h"
#include "util/str.h"
#include "app/app.h"
#include "web/handlers.h"
#include "app/page.h"

/* What the procurator typed in the mandate's form, shown again on error. */
struct mandate_typed {
    const char *cf;
    const char *given_name;
    const char *family_name;
};

static bool offered(struct http_req *req, struct http_resp *resp)
{
    const struct app *app = req->app;
    if (app->core.profile->procurators)
        return true;
    page_error(req, resp, 404, 0);
    return false;
}

static const char *date_of(struct http_req *req, int64_t t)
{
    char out[32];
    if (t == 0)
        return "";
    page_format_time(t, out);
    return arena_strdup(req->arena, out);
}

static json_t *mandate_json(struct http_req *req, const struct delegation_view *v,
                            const struct id_case *c)
{
    const struct delegation *d = &v->d;
    json_t *o = json_object();
    json_object_set_new(o, "id", json_integer(d->id));
    json_object_set_new(o, "person", json_string(d->principal_name));
    json_object_set_new(o, "cf", json_string(d->principal_tax_id));
    json_object_set_new(
        o, "state", json_string(page_label(req, "mandate.state", delegation_state_name(d->state))));
    json_object_set_new(o, delegation_state_name(d->state), json_true());
    json_object_set_new(o, "case_number", json_string(c != NULL ? c->number : ""));
    json_object_set_new(o, "reasons", json_string(c != NULL ? c->reasons : ""));
    json_object_set_new(o, "due", json_string(c != NULL ? date_of(req, c->due_at) : ""));
    json_object_set_new(o, "created", json_string(date_of(req, d->created_at)));
    json_object_set_new(o, "decided", json_string(date_of(req, d->decided_at)));
    bool active = d->state == DELEGATION_ACTIVE;
    /* a checked mandate: a PIN for a person without an account, acting for
     * one with an account */
    if (active && d->principal_account_id == 0)
        json_object_set_new(
            o, "pin_href",
            json_string(arena_printf(req->arena, "/area/procure/pin?codice_fiscale=%s",
                                     d->principal_tax_id)));
    const char *acting = links_path("acting");
    if (active && d->principal_account_id != 0 && acting != NULL)
        json_object_set_new(o, "acting_href", json_string(acting));
    json_object_set_new(o, "live", json_boolean(active || d->state == DELEGATION_PENDING));
    return o;
}

/* A mandate naming the person, as they see it. */
static json_t *on_me_json(struct http_req *req, const struct delegation_view *v)
{
    const struct delegation *d = &v->d;
    json_t *o = json_object();
    json_object_set_new(o, "id", json_integer(d->id));
    json_object_set_new(o, "procurator", json_string(v->agent_name));
    json_object_set_new(
        o, "state", json_string(page_label(req, "mandate.state", delegation_state_name(d->state))));
    json_object_set_new(o, delegation_state_name(d->state), json_true());
    json_object_set_new(o, "created", json_string(date_of(req, d->created_at)));
    json_object_set_new(
        o, "live", json_boolean(d->state == DELEGATION_ACTIVE || d->state == DELEGATION_PENDING));
    return o;
}

static void page(struct http_req *req, struct http_resp *resp, int status,
                 const struct mandate_typed *typed, const struct form_errors *fe,
                 const char *upload_error)
{
    struct app *app = req->app;
    struct vc_env env;
    if (app_begin_read(app, req, &env) != VC_OK) {
        page_error(req, resp, 500, 0);
        return;
    }
    struct delegation_view *v = arena_alloc(req->arena, DELEGATIONS_MAX * sizeof *v);
    struct id_case *cs = arena_alloc(req->arena, DELEGATIONS_MAX * sizeof *cs);
    bool *has_case = arena_alloc(req->arena, DELEGATIONS_MAX * sizeof *has_case);
    size_t n = 0, n_on = 0;
    struct delegation_view *on = arena_alloc(req->arena, DELEGATIONS_MAX * sizeof *on);
    enum vc_status st = mandates_of(&env, req->auth.id, v, DELEGATIONS_MAX, &n);
    if (st == VC_OK)
        st = mandates_on(&env, req->auth.id, on, DELEGATIONS_MAX, &n_on);
    for (size_t i = 0; st == VC_OK && i < n; i++) {
        enum vc_status cst = mandate_case(&env, req->auth.id, &v[i].d, &cs[i]);
        has_case[i] = cst == VC_OK;
        if (cst != VC_OK && cst != VC_ERR_NOT_FOUND)
            st = cst;
    }
    st = app_end(app, &env, st);
    if (st != VC_OK) {
        page_error(req, resp, page_status_http(st), 0);
        return;
    }
    json_t *c = page_context(req);
    json_t *list = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(list, mandate_json(req, &v[i], has_case[i] ? &cs[i] : NULL));
    json_object_set_new(c, "mandates", list);
    json_t *mine = json_array();
    for (size_t i = 0; i < n_on; i++)
        json_array_append_new(mine, on_me_json(req, &on[i]));
    json_object_set_new(c, "on_me", mine);
    const char *done = http_query(req, "fatto");
    if (done != NULL && (strcmp(done, "revocata") == 0 || strcmp(done, "rinunciata") == 0))
        json_object_set_new(c, done, json_true());
    json_object_set_new(c, "sent", json_boolean(http_query(req, "inviata") != NULL));
    json_object_set_new(c, "pin_sent", json_boolean(http_query(req, "pin") != NULL));
    const char *q_cf = http_query(req, "codice_fiscale"), *q_gn = http_query(req, "given_name"),
               *q_fn = http_query(req, "family_name");
    json_object_set_new(c, "codice_fiscale", json_string(typed ? typed->cf : q_cf ? q_cf : ""));
    json_object_set_new(c, "given_name", json_string(typed ? typed->given_name : q_gn ? q_gn : ""));
    json_object_set_new(c, "family_name",
                        json_string(typed  ? typed->family_name
                                    : q_fn ? q_fn
                                           : ""));
    if (fe != NULL)
        page_add_errors(req, c, fe);
    if (upload_error != NULL) {
        json_t *errors = json_object_get(c, "errors");
        if (errors == NULL) {
            errors = json_object();
            json_object_set_new(c, "errors", errors);
        }
        json_object_set_new(errors, "documento", json_string(page_message(req, upload_error)));
    }
    page_render(req, resp, status, "web/mandates.html", c);
}

void web_mandates(struct http_req *req, struct http_resp *resp)
{
    if (offered(req, resp))
        page(req, resp, 200, NULL, NULL, NULL);
}

/* Copies a typed value for the page (arena); "" when absent. */
static const char *typed_value(struct http_req *req, const char *name)
{
    const char *v = http_form(req, name);
    return arena_strdup(req->arena, v != NULL ? v : "");
}

void web_mandate_submit(struct http_req *req, struct http_resp *resp)
{
    if (!offered(req, resp))
        return;
    struct app *app = req->app;
    struct mandate_typed t = {typed_value(req, "codice_fiscale"), typed_value(req, "given_name"),
                              typed_value(req, "family_name")};
    /* the document first: a bad file is refused before anything is written,
     * and the fields typed stay on the page (never the file) */
    const struct http_file *f = http_file(req, "documento");
    const char *bad = app_document_check(f);
    if (bad != NULL) {
        page(req, resp, f != NULL && f->too_big ? 413 : 422, &t, NULL, bad);
        return;
    }
    struct id_form_doc stored;
    if (app_document_store(app, f, CHANNEL_UPLOAD, &stored) != VC_OK) {
        page_error(req, resp, 500, 0);
        return;
    }
    struct case_document doc = {.channel = stored.channel, .size = stored.size};
    str_copy(doc.blob, stored.blob, sizeof doc.blob);
    str_copy(doc.sha256, stored.sha256, sizeof doc.sha256);
    str_copy(doc.mime, stored.mime, sizeof doc.mime);
    struct vc_env env;
    if (app_begin(app, req, &env) != VC_OK) {
        app_document_remove(app, &stored);
        page_error(req, resp, 500, 0);
        return;
    }
    struct form_errors fe;
    int64_t id = 0;
    enum vc_status st =
        mandate_submit(&env, req->auth.id, t.cf, t.given_name, t.family_name, &doc, &fe, &id);
    st = app_end(app, &env, st);
    if (st != VC_OK)
        app_document_remove(app, &stored);
    if (st == VC_ERR_INVALID || st == VC_ERR_CONFLICT) {
        page(req, resp, st == VC_ERR_CONFLICT ? 409 : 422, &t, &fe, NULL);
        return;
    }
    if (st != VC_OK) {
        page_error(req, resp, page_status_http(st), 0);
        return;
    }
    http_resp_redirect(resp, "/area/procure?inviata=1");
}

/* ---- the PIN for the person of a checked mandate ---- */

static void pin_page(struct http_req *req, struct http_resp *resp, int status,
                     const struct register_form *f, const struct form_errors *fe, bool refused)
{
    struct app *app = req->app;
    const struct journey_def *j = profile_journey(app->core.profile, "");
    json_t *c = page_context(req);
    json_object_set_new(c, "refused", json_boolean(refused));
    /* refused on arrival: nothing to fill; refused after typing (another
     * codice fiscale): what was typed stays, to be corrected */
    json_object_set_new(c, "form", json_boolean(!refused || f != NULL));
    json_t *fields = web_register_fields(req, j, f, fe);
    /* the registration's texts speak to the person; here the procurator
     * types the person's data: the texts that would mislead say so */
    static const char *const ABOUT_THE_PERSON[][2] = {
        {"birth_place", "help"}, {"email", "help"}, {"privacy", "label"}};
    size_t i;
    json_t *o;
    json_array_foreach(fields, i, o)
    {
        const char *name = json_string_value(json_object_get(o, "name"));
        for (size_t k = 0; name != NULL && k < sizeof ABOUT_THE_PERSON / sizeof *ABOUT_THE_PERSON;
             k++) {
            if (strcmp(name, ABOUT_THE_PERSON[k][0]) != 0)
                continue;
            char key[64];
            snprintf(key, sizeof key, "mandate.pin.%s.%s", name, ABOUT_THE_PERSON[k][1]);
            json_object_set_new(o, ABOUT_THE_PERSON[k][1], json_string(page_t(req, key)));
        }
    }
    json_object_set_new(c, "fields", fields);
    if (fe != NULL)
        page_add_errors(req, c, fe);
    page_render(req, resp, status, "web/mandate_pin.html", c);
}

void web_mandate_pin_form(struct http_req *req, struct http_resp *resp)
{
    if (!offered(req, resp))
        return;
    struct app *app = req->app;
    const char *cf = http_query(req, "codice_fiscale");
    struct vc_env env;
    if (app_begin_read(app, req, &env) != VC_OK) {
        page_error(req, resp, 500, 0);
        return;
    }
    struct delegation d;
    enum vc_status st = mandate_for(&env, req->auth.id, cf != NULL ? cf : "", &d);
    st = app_end(app, &env, st);
    if (st != VC_OK && st != VC_ERR_DENIED) {
        page_error(req, resp, page_status_http(st), 0);
        return;
    }
    pin_page(req, resp, st == VC_ERR_DENIED ? 403 : 200, NULL, NULL, st == VC_ERR_DENIED);
}

void web_mandate_pin_post(struct http_req *req, struct http_resp *resp)
{
    if (!offered(req, resp))
        return;
    struct app *app = req->app;
    struct register_form *f = arena_alloc(req->arena, sizeof *f);
    memset(f, 0, sizeof *f);
    struct form_errors fe;
    form_errors_init(&fe);
    web_register_read(req, profile_journey(app->core.profile, ""), f, &fe);
    if (form_errors_any(&fe)) {
        pin_page(req, resp, 422, f, &fe, false);
        return;
    }
    struct vc_env env;
    if (app_begin(app, req, &env) != VC_OK) {
        page_error(req, resp, 500, 0);
        return;
    }
    int64_t id = 0;
    enum vc_status st = mandate_request_pin(&env, req->auth.id, f, &fe, &id);
    st = app_end(app, &env, st);
    if (page_if_limited(req, resp, st))
        return;
    if (st == VC_ERR_DENIED) { /* no checked mandate for that codice fiscale */
        pin_page(req, resp, 403, f, NULL, true);
        return;
    }
    if (st == VC_ERR_INVALID) {
        pin_page(req, resp, 422, f, &fe, false);
        return;
    }
    if (st != VC_OK) {
        page_error(req, resp, page_status_http(st), 0);
        return;
    }
    /* the same answer whether or not the person had an account already */
    http_resp_redirect(resp, "/area/procure?pin=1");
}

/* ---- ending a mandate: the person revokes it, the procurator renounces ---- */

static int64_t form_id(struct http_req *req, const char *name)
{
    const char *v = http_form(req, name);
    if (v == NULL || v[0] == '\0' || strlen(v) > 18 || strspn(v, "0123456789") != strlen(v))
        return 0;
    return strtoll(v, NULL, 10);
}

static void end_mandate(struct http_req *req, struct http_resp *resp, bool revoke)
{
    if (!offered(req, resp))
        return;
    struct app *app = req->app;
    int64_t id = form_id(req, "procura");
    struct vc_env env;
    if (id == 0 || app_begin(app, req, &env) != VC_OK) {
        page_error(req, resp, id == 0 ? 404 : 500, 0);
        return;
    }
    enum vc_status st =
        revoke ? mandate_revoke(&env, req->auth.id, id) : mandate_renounce(&env, req->auth.id, id);
    st = app_end(app, &env, st);
    if (st == VC_ERR_DENIED) /* over already: the page says how it stands */
        st = VC_OK;
    if (st != VC_OK) {
        page_error(req, resp, page_status_http(st), 0);
        return;
    }
    http_resp_redirect(resp,
                       revoke ? "/area/procure?fatto=revocata" : "/area/procure?fatto=rinunciata");
}

void web_mandate_revoke(struct http_req *req, struct http_resp *resp)
{
    end_mandate(req, resp, true);
}

void web_mandate_renounce(struct http_req *req, struct http_resp *resp)
{
    end_mandate(req, resp, false);
}
