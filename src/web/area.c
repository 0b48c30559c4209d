/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* The reserved area: the limited menu (where the journey stands and the one
 * thing to do next) or, after activation, the full menu; and "I miei accessi". */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "core/account.h"
#include "core/audit.h"
#include "core/journey.h"
#include "core/person.h"
#include "store/store.h"
#include "web/app.h"
#include "web/handlers.h"
#include "web/page.h"

#define HISTORY_MAX 200

json_t *web_person_json(const struct person *p)
{
    json_t *o = json_object();
    json_object_set_new(o, "given_name", json_string(p->given_name));
    json_object_set_new(o, "family_name", json_string(p->family_name));
    json_object_set_new(o, "codice_fiscale", json_string(p->codice_fiscale));
    json_object_set_new(o, "birth_place", json_string(p->birth_place));
    json_object_set_new(o, "address", json_string(p->address));
    json_object_set_new(o, "postcode", json_string(p->postcode));
    json_object_set_new(o, "city", json_string(p->city));
    json_object_set_new(o, "province", json_string(p->province));
    json_object_set_new(o, "mobile", json_string(p->mobile));
    json_object_set_new(o, "company_name", json_string(p->company_name));
    return o;
}

json_t *web_member_json(const struct member *m)
{
    json_t *o = json_object();
    json_object_set_new(o, "matricola", json_string(m->matricola));
    json_object_set_new(o, "codice_fiscale", json_string(m->codice_fiscale));
    json_object_set_new(o, "category", json_string(member_category_name(m->category)));
    json_object_set_new(o, "given_name", json_string(m->given_name));
    json_object_set_new(o, "family_name", json_string(m->family_name));
    json_object_set_new(o, "birth_date", json_string(m->birth_date));
    json_object_set_new(o, "birth_place", json_string(m->birth_place));
    json_object_set_new(o, "address", json_string(m->address));
    json_object_set_new(o, "postcode", json_string(m->postcode));
    json_object_set_new(o, "city", json_string(m->city));
    json_object_set_new(o, "province", json_string(m->province));
    json_object_set_new(o, "company_name", json_string(m->company_name));
    return o;
}

/* "dd/mm/yyyy HH:MM" in Italian time (the people served are in Italy). */
void web_format_time(int64_t t, char out[32])
{
    time_t tt = (time_t)t;
    struct tm tm;
    localtime_r(&tt, &tm);
    strftime(out, 32, "%d/%m/%Y %H:%M", &tm);
}

/* What the limited area says about the step to do now: the step's text,
 * the way to its page (unless the area is its page), and a flag of the
 * step's kind for what only that step shows (the confirmation resend). */
static json_t *next_json(struct http_req *req, const struct step_ref *at)
{
    json_t *o = json_object();
    char key[80];
    snprintf(key, sizeof key, "area.next.%s", at->kind);
    json_object_set_new(o, "text", json_string(page_t(req, key)));
    json_object_set_new(o, at->kind, json_true());
    const char *path = at->page[0] != '\0' ? web_page_path(at->page) : NULL;
    if (path != NULL && strcmp(at->page, "area") != 0) {
        snprintf(key, sizeof key, "area.go.%s", at->kind);
        json_object_set_new(o, "href", json_string(path));
        json_object_set_new(o, "go", json_string(page_t(req, key)));
    }
    return o;
}

void web_area(struct http_req *req, struct http_resp *resp)
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
    struct journey_step steps[JOURNEY_STEPS_MAX];
    size_t n = 0;
    const struct step_ref *at = NULL;
    enum vc_status st = account_load(&env, req->auth.id, &a, &m);
    if (st == VC_OK)
        st = person_of_account(&env, &a, &p);
    if (st == VC_OK)
        st = journey_view(&env, &a, steps, JOURNEY_STEPS_MAX, &n);
    if (st == VC_OK)
        at = journey_active(&env, &a);
    st = app_end(app, &env, st);
    if (st != VC_OK) {
        page_error(req, resp, page_status_http(st), 0);
        return;
    }
    if (a.must_change_password) { /* a weak old password, an issued PIN */
        http_resp_redirect(resp, web_page_path(account_renew_page(&a)));
        return;
    }
    json_t *c = page_context(req);
    json_object_set_new(c, "full", json_boolean(a.level >= LEVEL_FULL && at == NULL));
    json_object_set_new(c, "m", web_person_json(&p));
    json_object_set_new(c, "matricola", json_string(m.matricola));
    json_object_set_new(c, "username", json_string(a.username));
    json_t *list = json_array();
    for (size_t i = 0; i < n; i++) {
        json_t *s = json_object();
        char key[64];
        snprintf(key, sizeof key, "step.%s", steps[i].step);
        json_object_set_new(s, "title_key", json_string(key));
        json_object_set_new(s, "title", json_string(page_t(req, key)));
        json_object_set_new(s, step_status_name(steps[i].status), json_true());
        json_array_append_new(list, s);
    }
    json_object_set_new(c, "steps", list);
    if (at != NULL)
        json_object_set_new(c, "next", next_json(req, at));
    json_object_set_new(c, "resent", json_boolean(http_query(req, "inviata") != NULL));
    json_object_set_new(c, "password_changed", json_boolean(http_query(req, "password") != NULL));
    json_object_set_new(c, "resend_limit", json_boolean(http_query(req, "limite") != NULL));
    page_render(req, resp, 200, "web/area.html", c);
}

void web_history(struct http_req *req, struct http_resp *resp)
{
    struct app *app = req->app;
    struct vc_env env;
    if (app_begin_read(app, req, &env) != VC_OK) {
        page_error(req, resp, 500, 0);
        return;
    }
    /* 147 KB: from the request, not per thread for the process's life */
    struct audit_event *ev = arena_alloc(req->arena, HISTORY_MAX * sizeof *ev);
    size_t n = 0;
    enum vc_status st = audit_history(&env, req->auth.id, ev, HISTORY_MAX, &n);
    st = app_end(app, &env, st);
    if (st != VC_OK) {
        page_error(req, resp, 500, 0);
        return;
    }
    json_t *c = page_context(req);
    json_t *list = json_array();
    for (size_t i = 0; i < n; i++) {
        json_t *e = json_object();
        char when[32], key[80];
        web_format_time(ev[i].at, when);
        snprintf(key, sizeof key, "audit.%s", ev[i].action);
        json_object_set_new(e, "when", json_string(when));
        json_object_set_new(e, "what", json_string(page_t(req, key)));
        /* what an operator did is shown, never where the operator sat */
        bool by_operator = strncmp(ev[i].actor, "operator:", 9) == 0;
        json_object_set_new(e, "ip", json_string(by_operator ? "" : ev[i].ip));
        json_object_set_new(e, "by_operator", json_boolean(by_operator));
        json_array_append_new(list, e);
    }
    json_object_set_new(c, "events", list);
    page_render(req, resp, 200, "web/history.html", c);
}
