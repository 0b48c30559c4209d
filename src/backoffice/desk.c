/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* The desk of one office (issue 12, in-person recognition): where its
 * operator starts -- the office as people see it in the chooser, and the
 * people who chose it, with their appointments, as the in-person step
 * brings them. A desk operator sees no back-office page and no other
 * office (NEED_DESK; core/operator.h). */
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "backoffice/backoffice.h"
#include "core/calendar.h"
#include "core/operator.h"
#include "core/second_factor.h"
#include "core/steps/in_person.h"
#include "app/app.h"
#include "app/page.h"
#include "app/shared.h"

static json_t *row_json(struct http_req *req, const struct in_person_row *r)
{
    json_t *o = page_person_json(&r->person);
    json_object_set_new(o, "id", json_integer(r->ip.account_id));
    json_object_set_new(
        o, "href",
        json_string(arena_printf(req->arena, "/backoffice/sportello/persona?id=%" PRId64,
                                 r->ip.account_id)));
    json_object_set_new(o, "email", json_string(r->email));
    json_object_set_new(o, "birth_date", json_string(page_date(req, r->person.birth_date)));
    json_object_set_new(
        o, "status",
        json_string(page_label(req, "in_person.status", in_person_status_name(r->ip.status))));
    json_object_set_new(o, in_person_status_name(r->ip.status), json_true());
    if (r->ip.appt_at != 0) {
        char when[32];
        page_format_time(r->ip.appt_at, when);
        json_object_set_new(o, "when", json_string(when));
    }
    json_object_set_new(o, "reasons", json_string(r->ip.reasons));
    return o;
}

void bo_desk(struct http_req *req, struct http_resp *resp)
{
    struct app *app = req->app;
    struct vc_env env;
    if (app_begin_read(app, req, &env) != VC_OK) {
        page_error(req, resp, 500, 0);
        return;
    }
    struct office o;
    struct in_person_row *rows = arena_alloc(req->arena, IN_PERSON_DESK_MAX * sizeof *rows);
    size_t n = 0;
    enum vc_status st = operator_desk_office(&env, req->auth.id, &o);
    if (st == VC_OK)
        st = in_person_desk_list(&env, req->auth.id, rows, IN_PERSON_DESK_MAX, &n);
    st = app_end(app, &env, st);
    if (st != VC_OK) {
        page_error(req, resp, st == VC_ERR_DENIED ? 403 : 500, 0);
        return;
    }
    json_t *c = page_context(req);
    json_t *office = json_object();
    json_object_set_new(office, "code", json_string(o.code));
    json_object_set_new(office, "network", json_string(o.network));
    json_object_set_new(office, "name", json_string(o.name));
    json_object_set_new(office, "address", json_string(o.address));
    json_object_set_new(office, "postcode", json_string(o.postcode));
    json_object_set_new(office, "city", json_string(o.city));
    json_object_set_new(office, "province", json_string(o.province));
    json_object_set_new(office, "phone", json_string(o.phone));
    json_object_set_new(office, "email", json_string(o.email));
    json_object_set_new(office, "hours", json_string(o.hours));
    json_object_set_new(c, "office", office);
    json_t *people = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(people, row_json(req, &rows[i]));
    json_object_set_new(c, "people", people);
    json_object_set_new(c, "has_people", json_boolean(n > 0));
    json_object_set_new(c, "registrato", json_boolean(http_query(req, "registrato") != NULL));
    page_render(req, resp, 200, "backoffice/desk.html", c);
}

/* The document types for the select, the one typed selected. */
static json_t *doc_types_json(struct http_req *req)
{
    json_t *types = json_array();
    const char *typed = http_form(req, "tipo_documento");
    for (size_t i = 0; IN_PERSON_DOC_TYPES[i] != NULL; i++) {
        json_t *t = json_object();
        json_object_set_new(t, "value", json_string(IN_PERSON_DOC_TYPES[i]));
        json_object_set_new(t, "label",
                            json_string(page_label(req, "doc.type", IN_PERSON_DOC_TYPES[i])));
        json_object_set_new(
            t, "selected",
            json_boolean(typed != NULL && strcmp(typed, IN_PERSON_DOC_TYPES[i]) == 0));
        json_array_append_new(types, t);
    }
    return types;
}

/* The person's id from the query (GET) or the form (POST). */
static int64_t person_id(struct http_req *req)
{
    const char *s = http_form(req, "id");
    if (s == NULL)
        s = http_query(req, "id");
    if (s == NULL || s[0] < '1' || s[0] > '9' || strlen(s) > 18)
        return 0;
    char *end;
    errno = 0;
    long long v = strtoll(s, &end, 10);
    return errno == 0 && *end == '\0' ? v : 0;
}

/* What the desk typed, given back on a refused form. */
static json_t *typed_json(struct http_req *req)
{
    static const char *const names[] = {"data", "ora",      "tipo_documento", "numero_documento",
                                        "ente", "scadenza", "tessera",        "codice_fiscale"};
    json_t *v = json_object();
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        const char *x = http_form(req, names[i]);
        json_object_set_new(v, names[i], json_string(x != NULL && strlen(x) < 128 ? x : ""));
    }
    return v;
}

static void person_page(struct http_req *req, struct http_resp *resp, int64_t id, int status,
                        const struct form_errors *fe)
{
    struct app *app = req->app;
    struct vc_env env;
    if (app_begin(app, req, &env) != VC_OK) { /* the view is audited */
        page_error(req, resp, 500, 0);
        return;
    }
    struct in_person_row r;
    bool needs_form = false;
    enum vc_status st =
        app_end(app, &env,
                id != 0 ? in_person_desk_person(&env, req->auth.id, id, &r, &needs_form)
                        : VC_ERR_NOT_FOUND);
    if (st != VC_OK) {
        page_error(req, resp, page_status_http(st), 0);
        return;
    }
    json_t *c = page_context(req);
    json_object_set_new(c, "p", row_json(req, &r));
    json_object_set_new(c, "needs_form", json_boolean(needs_form));
    json_object_set_new(
        c, "can_record",
        json_boolean(r.ip.status == IN_PERSON_CHOSEN || r.ip.status == IN_PERSON_SCHEDULED));
    json_object_set_new(c, "doc_types", doc_types_json(req));
    json_t *v = typed_json(req);
    if (http_form(req, "data") == NULL && r.ip.appt_at != 0) { /* to move it: as it is now */
        struct calendar_local l;
        calendar_to_local(r.ip.appt_at, &l);
        json_object_set_new(
            v, "data",
            json_string(arena_printf(req->arena, "%04d-%02d-%02d", l.year, l.month, l.day)));
        json_object_set_new(v, "ora",
                            json_string(arena_printf(req->arena, "%02d:%02d", l.hour, l.minute)));
    }
    json_object_set_new(c, "v", v);
    json_object_set_new(c, "done_appt", json_boolean(http_query(req, "fissato") != NULL));
    json_object_set_new(c, "done_cancel", json_boolean(http_query(req, "annullato") != NULL));
    if (fe != NULL)
        page_add_errors(req, c, fe);
    page_render(req, resp, status, "backoffice/desk_person.html", c);
}

void bo_desk_person(struct http_req *req, struct http_resp *resp)
{
    person_page(req, resp, person_id(req), 200, NULL);
}

static void after(struct http_req *req, struct http_resp *resp, int64_t id, enum vc_status st,
                  const struct form_errors *fe, const char *done)
{
    if (st == VC_ERR_INVALID) {
        person_page(req, resp, id, 422, fe);
        return;
    }
    if (st == VC_ERR_DENIED) { /* the state moved meanwhile: show it as it is */
        person_page(req, resp, id, 409, NULL);
        return;
    }
    if (st != VC_OK) {
        page_error(req, resp, page_status_http(st), 0);
        return;
    }
    http_resp_redirect(resp, arena_printf(req->arena, "%s?id=%" PRId64 "&%s",
                                          id != 0 && strcmp(done, "registrato") == 0
                                              ? "/backoffice/sportello"
                                              : "/backoffice/sportello/persona",
                                          id, done));
}

void bo_desk_schedule(struct http_req *req, struct http_resp *resp)
{
    struct app *app = req->app;
    int64_t id = person_id(req);
    struct vc_env env;
    struct form_errors fe;
    form_errors_init(&fe);
    if (app_begin(app, req, &env) != VC_OK) {
        page_error(req, resp, 500, 0);
        return;
    }
    const char *date = http_form(req, "data"), *time = http_form(req, "ora");
    enum vc_status st = app_end(
        app, &env,
        id != 0 ? in_person_schedule(&env, req->auth.id, id, date, time, &fe) : VC_ERR_NOT_FOUND);
    after(req, resp, id, st, &fe, "fissato=1");
}

void bo_desk_cancel(struct http_req *req, struct http_resp *resp)
{
    struct app *app = req->app;
    int64_t id = person_id(req);
    struct vc_env env;
    if (app_begin(app, req, &env) != VC_OK) {
        page_error(req, resp, 500, 0);
        return;
    }
    enum vc_status st = app_end(
        app, &env, id != 0 ? in_person_desk_cancel(&env, req->auth.id, id) : VC_ERR_NOT_FOUND);
    after(req, resp, id, st, NULL, "annullato=1");
}

void bo_desk_record(struct http_req *req, struct http_resp *resp)
{
    struct app *app = req->app;
    int64_t id = person_id(req);
    struct form_errors fe;
    form_errors_init(&fe);
    const struct http_file *f = http_file(req, "modulo");
    bool has_file = f != NULL && (f->len > 0 || f->too_big);
    struct id_form_doc doc;
    if (has_file) {
        const char *bad = app_document_check(f);
        if (bad != NULL) {
            form_errors_add(&fe, "modulo", bad);
            person_page(req, resp, id, f->too_big ? 413 : 422, &fe);
            return;
        }
        if (app_document_store(app, f, CHANNEL_DESK, &doc) != VC_OK) {
            page_error(req, resp, 500, 0);
            return;
        }
    }
    struct in_person_record r = {
        .doc_type = http_form(req, "tipo_documento"),
        .doc_number = http_form(req, "numero_documento"),
        .doc_issuer = http_form(req, "ente"),
        .doc_expiry = http_form(req, "scadenza"),
        .health_card = http_form(req, "tessera"),
        .signed_form = has_file ? &doc : NULL,
    };
    struct vc_env env;
    enum vc_status st = app_begin(app, req, &env);
    if (st == VC_OK)
        st =
            app_end(app, &env,
                    id != 0 ? in_person_record(&env, req->auth.id, id, &r, &fe) : VC_ERR_NOT_FOUND);
    if (st != VC_OK && has_file)
        app_document_remove(app, &doc);
    after(req, resp, id, st, &fe, "registrato");
}

/* ---- a lost phone and lost codes: the app turned off at the desk ---- */

static void sf_page(struct http_req *req, struct http_resp *resp, int status,
                    const struct form_errors *fe, bool done)
{
    json_t *c = page_context(req);
    json_object_set_new(c, "doc_types", doc_types_json(req));
    json_object_set_new(c, "v", typed_json(req));
    json_object_set_new(c, "done", json_boolean(done));
    if (fe != NULL)
        page_add_errors(req, c, fe);
    page_render(req, resp, status, "backoffice/desk_second_factor.html", c);
}

void bo_desk_second_factor_form(struct http_req *req, struct http_resp *resp)
{
    sf_page(req, resp, 200, NULL, http_query(req, "fatto") != NULL);
}

void bo_desk_second_factor(struct http_req *req, struct http_resp *resp)
{
    struct app *app = req->app;
    struct in_person_record r = {
        .doc_type = http_form(req, "tipo_documento"),
        .doc_number = http_form(req, "numero_documento"),
        .doc_issuer = http_form(req, "ente"),
        .doc_expiry = http_form(req, "scadenza"),
        .health_card = http_form(req, "tessera"),
    };
    struct form_errors fe;
    form_errors_init(&fe);
    struct vc_env env;
    enum vc_status st = app_begin(app, req, &env);
    if (st == VC_OK)
        st = app_end(app, &env,
                     second_factor_reset_at_desk(&env, req->auth.id,
                                                 http_form(req, "codice_fiscale"), &r, &fe));
    if (st == VC_ERR_INVALID) {
        sf_page(req, resp, 422, &fe, false);
        return;
    }
    if (st == VC_ERR_NOT_FOUND) {
        form_errors_add(&fe, "codice_fiscale", "error.desk.sf.none");
        sf_page(req, resp, 422, &fe, false);
        return;
    }
    if (st != VC_OK) {
        page_error(req, resp, page_status_http(st), 0);
        return;
    }
    http_resp_redirect(resp, "/backoffice/sportello/secondo-fattore?fatto=1");
}
