/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* Delegation as people see it (core/delegation.h): a company's "Deleghe"
 * (delegate a firm, revoke), a firm's page (accept, refuse, renounce,
 * invite and remove colleagues) and "Opera per conto di" (start and end
 * acting for a company on this session). Thin handlers: the rules are
 * core's; a POST that ends something asks for a confirmation first. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/app.h"
#include "app/page.h"
#include "core/delegation.h"
#include "core/session.h"
#include "util/str.h"
#include "web/handlers.h"

#define ACTING_MAX 20 /* what "Opera per conto di" lists */

/* The posted id (a positive decimal), or 0. */
static int64_t form_id(struct http_req *req, const char *name)
{
    const char *v = http_form(req, name);
    if (v == NULL || v[0] == '\0' || strlen(v) > 18 || strspn(v, "0123456789") != strlen(v))
        return 0;
    return strtoll(v, NULL, 10);
}

static json_t *when(int64_t t)
{
    char s[32];
    if (t == 0)
        return json_string("");
    page_format_time(t, s);
    return json_string(s);
}

/* One delegation as both pages list it. */
static json_t *delegation_json(struct http_req *req, const struct delegation_view *v)
{
    const struct delegation *d = &v->d;
    json_t *o = json_object();
    json_object_set_new(o, "id", json_integer(d->id));
    json_object_set_new(o, "state", json_string(delegation_state_name(d->state)));
    json_object_set_new(
        o, "state_label",
        json_string(page_label(req, "delegation.state", delegation_state_name(d->state))));
    json_object_set_new(o, "pending", json_boolean(d->state == DELEGATION_PENDING));
    json_object_set_new(o, "active", json_boolean(d->state == DELEGATION_ACTIVE));
    json_object_set_new(
        o, "open", json_boolean(d->state == DELEGATION_PENDING || d->state == DELEGATION_ACTIVE));
    json_object_set_new(o, "company_name", json_string(d->principal_name));
    json_object_set_new(o, "company_tax_id", json_string(d->principal_tax_id));
    json_object_set_new(o, "firm_name", json_string(v->firm_name));
    json_object_set_new(o, "firm_tax_id", json_string(v->firm_tax_id));
    json_object_set_new(o, "email", json_string(d->email));
    json_object_set_new(o, "created", when(d->created_at));
    json_object_set_new(o, "decided", when(d->decided_at));
    json_object_set_new(o, "ended", when(d->ended_at));
    return o;
}

/* A confirmation box for a POST that ends something: the same form again
 * with "conferma", and the way back. */
static json_t *confirm_json(struct http_req *req, const char *action, const char *id_name,
                            int64_t id, const char *question, const char *button, const char *back)
{
    json_t *o = json_object();
    json_object_set_new(o, "action", json_string(action));
    json_object_set_new(o, "id_name", json_string(id_name));
    json_object_set_new(o, "id", json_integer(id));
    json_object_set_new(o, "question", json_string(page_t(req, question)));
    json_object_set_new(o, "button", json_string(page_t(req, button)));
    json_object_set_new(o, "back", json_string(back));
    const char *choice = http_form(req, "scelta");
    if (choice != NULL && (strcmp(choice, "accetta") == 0 || strcmp(choice, "rifiuta") == 0))
        json_object_set_new(o, "choice", json_string(choice));
    return o;
}

static bool confirmed(struct http_req *req)
{
    return http_form(req, "conferma") != NULL;
}

/* ---- the company: /area/deleghe ---- */

/* The company's page: the form (with fe and the typed values after a
 * refusal), its delegations, and a confirmation box when one is asked. */
static void delegations_page(struct http_req *req, struct http_resp *resp, int status,
                             const struct form_errors *fe, json_t *confirm)
{
    struct app *app = req->app;
    struct vc_env env;
    if (app_begin_read(app, req, &env) != VC_OK) {
        json_decref(confirm);
        page_error(req, resp, 500, 0);
        return;
    }
    struct member co;
    struct delegation_view *ds = arena_alloc(req->arena, DELEGATIONS_MAX * sizeof *ds);
    size_t n = 0;
    enum vc_status st = company_of(&env, req->auth.id, &co);
    if (st == VC_OK)
        st = delegations_of_company(&env, req->auth.id, ds, DELEGATIONS_MAX, &n);
    st = app_end(app, &env, st);
    if (st != VC_OK) { /* NOT_FOUND: the account represents no company */
        json_decref(confirm);
        page_error(req, resp, page_status_http(st), 0);
        return;
    }
    json_t *c = page_context(req);
    json_object_set_new(c, "company",
                        json_pack("{s:s,s:s}", "name", co.company_name, "tax_id", co.partita_iva));
    json_t *list = json_array();
    bool open = false;
    for (size_t i = 0; i < n; i++) {
        json_array_append_new(list, delegation_json(req, &ds[i]));
        open = open || ds[i].d.state == DELEGATION_PENDING || ds[i].d.state == DELEGATION_ACTIVE;
    }
    json_object_set_new(c, "delegations", list);
    json_object_set_new(c, "has_open", json_boolean(open));
    const char *done = http_query(req, "fatto");
    json_object_set_new(c, "created", json_boolean(done && strcmp(done, "creata") == 0));
    json_object_set_new(c, "revoked", json_boolean(done && strcmp(done, "revocata") == 0));
    if (confirm != NULL)
        json_object_set_new(c, "confirm", confirm);
    if (fe != NULL)
        page_add_errors(req, c, fe);
    page_render(req, resp, status, "web/delegations.html", c);
}

void web_delegations(struct http_req *req, struct http_resp *resp)
{
    delegations_page(req, resp, 200, NULL, NULL);
}

void web_delegation_create(struct http_req *req, struct http_resp *resp)
{
    struct app *app = req->app;
    const char *tax = http_form(req, "tax_id");
    const char *email = http_form(req, "email");
    struct form_errors fe;
    form_errors_init(&fe);
    if (tax == NULL || strlen(tax) > 64)
        form_errors_add(&fe, "tax_id",
                        tax == NULL ? "error.tax_id.missing" : "error.field.too_long");
    if (email == NULL || strlen(email) > 254)
        form_errors_add(&fe, "email",
                        email == NULL ? "error.email.missing" : "error.field.too_long");
    if (form_errors_any(&fe)) {
        delegations_page(req, resp, 422, &fe, NULL);
        return;
    }
    struct vc_env env;
    if (app_begin(app, req, &env) != VC_OK) {
        page_error(req, resp, 500, 0);
        return;
    }
    int64_t id = 0;
    enum vc_status st =
        app_end(app, &env, delegation_create(&env, req->auth.id, tax, email, &fe, &id));
    if (st == VC_ERR_INVALID || st == VC_ERR_CONFLICT) {
        delegations_page(req, resp, st == VC_ERR_CONFLICT ? 409 : 422, &fe, NULL);
        return;
    }
    if (st != VC_OK) { /* DENIED: no company */
        page_error(req, resp, st == VC_ERR_DENIED ? 404 : page_status_http(st), 0);
        return;
    }
    http_resp_redirect(resp, "/area/deleghe?fatto=creata");
}

void web_delegation_revoke(struct http_req *req, struct http_resp *resp)
{
    int64_t id = form_id(req, "delega");
    if (id == 0) {
        page_error(req, resp, 400, 0);
        return;
    }
    if (!confirmed(req)) {
        delegations_page(req, resp, 200, NULL,
                         confirm_json(req, "/area/deleghe/revoca", "delega", id,
                                      "delegation.revoke.question", "delegation.revoke.confirm",
                                      "/area/deleghe"));
        return;
    }
    struct app *app = req->app;
    struct vc_env env;
    if (app_begin(app, req, &env) != VC_OK) {
        page_error(req, resp, 500, 0);
        return;
    }
    enum vc_status st = delegation_revoke(&env, req->auth.id, id);
    if (st == VC_ERR_DENIED) /* already ended (another tab): the list says so */
        st = VC_OK;
    st = app_end(app, &env, st);
    if (st != VC_OK) {
        page_error(req, resp, page_status_http(st), 0);
        return;
    }
    http_resp_redirect(resp, "/area/deleghe?fatto=revocata");
}

/* ---- the firm: /area/studio ---- */

static void firm_page(struct http_req *req, struct http_resp *resp, int status,
                      const struct form_errors *fe, json_t *confirm)
{
    struct app *app = req->app;
    struct vc_env env;
    if (app_begin_read(app, req, &env) != VC_OK) {
        json_decref(confirm);
        page_error(req, resp, 500, 0);
        return;
    }
    struct firm f;
    struct firm_member me;
    struct delegation_view *ds = arena_alloc(req->arena, DELEGATIONS_MAX * sizeof *ds);
    struct firm_member_view *ms = arena_alloc(req->arena, FIRM_MEMBERS_MAX * sizeof *ms);
    size_t n = 0, nm = 0;
    enum vc_status st = firm_of(&env, req->auth.id, &f, &me);
    if (st == VC_OK)
        st = delegations_of_firm(&env, req->auth.id, ds, DELEGATIONS_MAX, &n);
    if (st == VC_OK)
        st = firm_members(&env, f.id, ms, FIRM_MEMBERS_MAX, &nm);
    st = app_end(app, &env, st);
    if (st != VC_OK) { /* NOT_FOUND: not a firm's operator */
        json_decref(confirm);
        page_error(req, resp, page_status_http(st), 0);
        return;
    }
    bool admin = me.role == FIRM_ADMIN;
    json_t *c = page_context(req);
    json_object_set_new(c, "firm", json_pack("{s:s,s:s}", "name", f.name, "tax_id", f.tax_id));
    json_object_set_new(c, "admin", json_boolean(admin));
    json_t *pending = json_array(), *active = json_array(), *past = json_array();
    for (size_t i = 0; i < n; i++) {
        json_t *o = delegation_json(req, &ds[i]);
        if (ds[i].d.state == DELEGATION_PENDING)
            json_array_append_new(pending, o);
        else if (ds[i].d.state == DELEGATION_ACTIVE)
            json_array_append_new(active, o);
        else
            json_array_append_new(past, o);
    }
    json_object_set_new(c, "pending", pending);
    json_object_set_new(c, "active", active);
    json_object_set_new(c, "past", past);
    json_t *people = json_array();
    for (size_t i = 0; i < nm; i++) {
        const struct firm_member *m = &ms[i].m;
        if (m->state == FIRM_MEMBER_REMOVED)
            continue;
        json_t *o = json_object();
        json_object_set_new(o, "id", json_integer(m->id));
        json_object_set_new(o, "name", json_string(ms[i].name));
        json_object_set_new(o, "email", json_string(m->email));
        json_object_set_new(o, "invited", json_boolean(m->state == FIRM_MEMBER_INVITED));
        json_object_set_new(o, "is_admin", json_boolean(m->role == FIRM_ADMIN));
        json_object_set_new(o, "ready", json_boolean(ms[i].ready));
        json_object_set_new(o, "me", json_boolean(m->id == me.id));
        json_object_set_new(o, "removable", json_boolean(admin && m->id != me.id));
        json_array_append_new(people, o);
    }
    json_object_set_new(c, "people", people);
    const char *done = http_query(req, "fatto");
    static const char *const DONE[] = {"accettata", "rifiutata", "rinunciata", "invitato",
                                       "rimosso"};
    for (size_t i = 0; done != NULL && i < sizeof DONE / sizeof DONE[0]; i++) {
        if (strcmp(done, DONE[i]) == 0) {
            char key[48];
            snprintf(key, sizeof key, "firm.done.%s", DONE[i]);
            json_object_set_new(c, "done", json_string(page_t(req, key)));
        }
    }
    if (confirm != NULL)
        json_object_set_new(c, "confirm", confirm);
    if (fe != NULL)
        page_add_errors(req, c, fe);
    page_render(req, resp, status, "web/firm.html", c);
}

void web_firm(struct http_req *req, struct http_resp *resp)
{
    firm_page(req, resp, 200, NULL, NULL);
}

/* The end of a firm's POST: another tab's move (DENIED, NOT_FOUND) shows
 * the page as it now is; else where it went. */
static void firm_done(struct http_req *req, struct http_resp *resp, enum vc_status st,
                      const char *done)
{
    if (st == VC_ERR_DENIED || st == VC_ERR_NOT_FOUND) {
        firm_page(req, resp, 409, NULL, NULL);
        return;
    }
    if (st != VC_OK) {
        page_error(req, resp, page_status_http(st), 0);
        return;
    }
    http_resp_redirect(resp, arena_printf(req->arena, "/area/studio?fatto=%s", done));
}

/* What the firm does to one row (a delegation, an operator): asked first
 * when it ends something, then done in a write transaction; firm_done
 * tells how it went. */
struct firm_act {
    const char *action;   /* the form's path */
    const char *id_name;  /* the row's field: "delega", "operatore" */
    const char *question; /* catalogue keys of the confirmation; NULL: none asked */
    const char *button;
    const char *done; /* "?fatto=" */
    enum vc_status (*act)(const struct vc_env *env, int64_t account_id, int64_t id);
};

static void firm_act(struct http_req *req, struct http_resp *resp, const struct firm_act *a)
{
    int64_t id = form_id(req, a->id_name);
    if (id == 0) {
        page_error(req, resp, 400, 0);
        return;
    }
    if (a->question != NULL && !confirmed(req)) {
        firm_page(
            req, resp, 200, NULL,
            confirm_json(req, a->action, a->id_name, id, a->question, a->button, "/area/studio"));
        return;
    }
    struct app *app = req->app;
    struct vc_env env;
    if (app_begin(app, req, &env) != VC_OK) {
        page_error(req, resp, 500, 0);
        return;
    }
    firm_done(req, resp, app_end(app, &env, a->act(&env, req->auth.id, id)), a->done);
}

void web_firm_decide(struct http_req *req, struct http_resp *resp)
{
    static const struct firm_act accept = {"/area/studio/decidi", "delega",         NULL, NULL,
                                           "accettata",           delegation_accept};
    static const struct firm_act refuse = {
        "/area/studio/decidi", "delega",    "firm.refuse.question",
        "firm.refuse.confirm", "rifiutata", delegation_refuse};
    const char *choice = http_form(req, "scelta");
    if (choice != NULL && strcmp(choice, "accetta") == 0)
        firm_act(req, resp, &accept);
    else if (choice != NULL && strcmp(choice, "rifiuta") == 0)
        firm_act(req, resp, &refuse);
    else
        page_error(req, resp, 400, 0);
}

void web_firm_renounce(struct http_req *req, struct http_resp *resp)
{
    static const struct firm_act a = {
        "/area/studio/rinuncia", "delega",     "firm.renounce.question",
        "firm.renounce.confirm", "rinunciata", delegation_renounce};
    firm_act(req, resp, &a);
}

void web_firm_invite(struct http_req *req, struct http_resp *resp)
{
    const char *email = http_form(req, "email");
    struct form_errors fe;
    form_errors_init(&fe);
    if (email == NULL || strlen(email) > 254) {
        form_errors_add(&fe, "email",
                        email == NULL ? "error.email.missing" : "error.field.too_long");
        firm_page(req, resp, 422, &fe, NULL);
        return;
    }
    struct app *app = req->app;
    struct vc_env env;
    if (app_begin(app, req, &env) != VC_OK) {
        page_error(req, resp, 500, 0);
        return;
    }
    enum vc_status st = app_end(app, &env, firm_invite(&env, req->auth.id, email, &fe));
    if (st == VC_ERR_INVALID) {
        firm_page(req, resp, 422, &fe, NULL);
        return;
    }
    firm_done(req, resp, st, "invitato");
}

void web_firm_remove(struct http_req *req, struct http_resp *resp)
{
    static const struct firm_act a = {"/area/studio/rimuovi", "operatore", "firm.remove.question",
                                      "firm.remove.confirm",  "rimosso",   firm_remove};
    firm_act(req, resp, &a);
}

/* ---- acting for a company: /area/per-conto ---- */

static void acting_page(struct http_req *req, struct http_resp *resp, int status, bool refused)
{
    struct app *app = req->app;
    struct vc_env env;
    if (app_begin_read(app, req, &env) != VC_OK) {
        page_error(req, resp, 500, 0);
        return;
    }
    struct acting *as = arena_alloc(req->arena, ACTING_MAX * sizeof *as);
    size_t n = 0;
    enum vc_status st = app_end(app, &env, acting_options(&env, req->auth.id, as, ACTING_MAX, &n));
    if (st != VC_OK) {
        page_error(req, resp, page_status_http(st), 0);
        return;
    }
    json_t *c = page_context(req);
    json_t *list = json_array();
    for (size_t i = 0; i < n; i++) {
        json_t *o = json_object();
        json_object_set_new(o, "id", json_integer(as[i].d.id));
        json_object_set_new(o, "name", json_string(as[i].principal_name));
        json_object_set_new(o, "tax_id", json_string(as[i].principal_tax_id));
        json_object_set_new(o, "firm_name", json_string(as[i].firm_name));
        json_object_set_new(o, "current", json_boolean(as[i].d.id == req->auth.acting_for));
        json_array_append_new(list, o);
    }
    json_object_set_new(c, "options", list);
    json_object_set_new(c, "refused", json_boolean(refused));
    json_object_set_new(c, "ended", json_boolean(http_query(req, "fatto") != NULL));
    page_render(req, resp, status, "web/acting.html", c);
}

void web_acting(struct http_req *req, struct http_resp *resp)
{
    acting_page(req, resp, 200, false);
}

/* Starts acting: audited by core and written on this session in one
 * transaction, so the banner and the record never disagree. */
void web_acting_start(struct http_req *req, struct http_resp *resp)
{
    int64_t id = form_id(req, "delega");
    if (id == 0 || req->auth.token == NULL) {
        page_error(req, resp, 400, 0);
        return;
    }
    struct app *app = req->app;
    struct vc_env env;
    if (app_begin(app, req, &env) != VC_OK) {
        page_error(req, resp, 500, 0);
        return;
    }
    struct acting a;
    enum vc_status st = VC_OK;
    if (req->auth.acting_for != 0 && req->auth.acting_for != id &&
        acting_check(&env, req->auth.id, req->auth.acting_for, &a) == VC_OK)
        st = acting_end(&env, req->auth.id, &a); /* from one company to another */
    if (st == VC_OK)
        st = acting_start(&env, req->auth.id, id, &a);
    if (st == VC_OK)
        st = session_set_acting(&env, req->auth.token, strlen(req->auth.token), id);
    if (st == VC_ERR_DENIED) {               /* ended meanwhile: nothing written */
        app_end(app, &env, VC_ERR_INTERNAL); /* this status rolls back (app/app.h) */
        acting_page(req, resp, 409, true);
        return;
    }
    st = app_end(app, &env, st);
    if (st != VC_OK) {
        page_error(req, resp, page_status_http(st), 0);
        return;
    }
    http_resp_redirect(resp, "/area");
}

void web_acting_end(struct http_req *req, struct http_resp *resp)
{
    if (req->auth.token == NULL) {
        page_error(req, resp, 400, 0);
        return;
    }
    struct app *app = req->app;
    struct vc_env env;
    if (app_begin(app, req, &env) != VC_OK) {
        page_error(req, resp, 500, 0);
        return;
    }
    struct acting a;
    enum vc_status st = VC_OK;
    if (req->auth.acting_for != 0 &&
        acting_check(&env, req->auth.id, req->auth.acting_for, &a) == VC_OK)
        st = acting_end(&env, req->auth.id, &a);
    if (st == VC_OK)
        st = session_set_acting(&env, req->auth.token, strlen(req->auth.token), 0);
    st = app_end(app, &env, st);
    if (st != VC_OK) {
        page_error(req, resp, page_status_http(st), 0);
        return;
    }
    http_resp_redirect(resp, "/area/per-conto?fatto=1");
}
