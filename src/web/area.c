/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* The reserved area: the limited menu (where the journey stands and the one
 * thing to do next) or, after activation, the full menu; and "I miei accessi". */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "core/oidc.h"
#include "core/account.h"
#include "core/audit.h"
#include "core/delegation.h"
#include "core/journey.h"
#include "core/person.h"
#include "core/personal_code.h"
#include "core/second_factor.h"
#include "app/app.h"
#include "web/handlers.h"
#include "app/page.h"

#define HISTORY_MAX 200

/* What the limited area says about the step to do now: the step's text,
 * the way to its page (unless the area is its page), and a flag of the
 * step's kind for what only that step shows (the confirmation resend). */
static json_t *next_json(struct http_req *req, const struct step_ref *at)
{
    json_t *o = json_object();
    json_object_set_new_nocheck(o, "text", page_str(page_t_of(req, "area.next", at->kind)));
    json_object_set_new(o, at->kind, json_true());
    const char *path = at->page[0] != '\0' ? page_path(at->page) : NULL;
    if (path != NULL && strcmp(at->page, "area") != 0) {
        json_object_set_new_nocheck(o, "href", page_str(path));
        json_object_set_new_nocheck(o, "go", page_str(page_t_of(req, "area.go", at->kind)));
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
    bool personal_code = false;
    enum vc_status st = account_load(&env, req->auth.id, &a, &m);
    if (st == VC_OK)
        personal_code = personal_code_applies(&env, &a);
    if (st == VC_OK)
        st = person_of_account(&env, &a, &p);
    if (st == VC_OK)
        st = journey_view(&env, &a, steps, JOURNEY_STEPS_MAX, &n);
    if (st == VC_OK)
        at = journey_active(&env, &a);
    struct second_factor_view sf = {0};
    if (st == VC_OK)
        st = second_factor_view(&env, a.id, &sf);
    /* the institution's services (OpenID Connect clients with a home URL) */
    struct oidc_service *svc = arena_alloc_raw(req->arena, OIDC_SERVICES_MAX * sizeof *svc);
    size_t n_svc = 0;
    if (st == VC_OK && a.level >= LEVEL_FULL)
        st = oidc_services(&env, svc, OIDC_SERVICES_MAX, &n_svc);
    /* delegation (core/delegation.h): a company's representative, a firm's
     * operator, and whom they may act for now */
    bool company = false, firm = false;
    size_t n_acting = 0;
    if (st == VC_OK && a.level >= LEVEL_FULL) {
        struct member co;
        struct firm f;
        struct acting *opts = arena_alloc(req->arena, sizeof *opts);
        enum vc_status ds = company_of(&env, a.id, &co);
        company = ds == VC_OK;
        if (ds == VC_OK || ds == VC_ERR_NOT_FOUND)
            ds = firm_of(&env, a.id, &f, NULL);
        firm = ds == VC_OK;
        if (ds == VC_OK || ds == VC_ERR_NOT_FOUND)
            ds = acting_options(&env, a.id, opts, 1, &n_acting);
        st = ds;
    }
    st = app_end(app, &env, st);
    if (st != VC_OK) {
        page_error(req, resp, page_status_http(st), 0);
        return;
    }
    if (a.must_change_password) { /* a weak old password, an issued PIN */
        http_resp_redirect(resp, page_path(account_renew_page(&a)));
        return;
    }
    json_t *c = page_context(req);
    bool full = a.level >= LEVEL_FULL && at == NULL;
    json_object_set_new_nocheck(c, "full", json_boolean(full));
    json_object_set_new_nocheck(c, "m", page_person_json(&p));
    json_object_set_new_nocheck(c, "matricola", page_str(m.matricola));
    json_object_set_new_nocheck(c, "username", page_str(a.username));
    /* the journey's steps: the limited menu's list (the full one has none) */
    json_t *list = json_array();
    for (size_t i = 0; i < n && !full; i++) {
        json_t *s = json_object();
        json_object_set_new_nocheck(s, "title", page_str(page_t_of(req, "step", steps[i].step)));
        json_object_set_new_nocheck(s, step_status_name(steps[i].status), json_true());
        json_array_append_new(list, s);
    }
    json_object_set_new_nocheck(c, "steps", list);
    if (at != NULL)
        json_object_set_new_nocheck(c, "next", next_json(req, at));
    /* Istanze online: what the personal code is for, its recovery, and
     * the adhesion form while the journey runs */
    page_flag(c, "personal_code", personal_code);
    page_flag(c, "code_changed", http_query(req, "codice") != NULL);
    json_object_set_new_nocheck(c, "code_url", page_str(page_path("personal_code")));
    json_object_set_new_nocheck(c, "form_url", page_str(page_path("adhesion_form")));
    page_flag(c, "resent", http_query(req, "inviata") != NULL);
    page_flag(c, "password_changed", http_query(req, "password") != NULL);
    page_flag(c, "resend_limit", http_query(req, "limite") != NULL);
    /* level 2: what this session proved (the level relying applications
     * will see), the app, and what a recovery code used leaves */
    page_flag(c, "level2", req->auth.level >= LEVEL_FULL_2FA);
    page_flag(c, "sf_enrolled", sf.enrolled);
    json_object_set_new_nocheck(c, "sf_url", page_str(page_path("second_factor")));
    const char *left = http_query(req, "recupero");
    if (left != NULL && strlen(left) < 4 && strspn(left, "0123456789") == strlen(left))
        json_object_set_new_nocheck(c, "recovered", json_pack("{s:s}", "left", left));
    page_flag(c, "sf_removed", http_query(req, "secondo-fattore") != NULL);
    page_flag(c, "card_delegations", company);
    page_flag(c, "card_firm", firm);
    page_flag(c, "card_acting", n_acting > 0);
    json_t *services = json_array();
    for (size_t i = 0; i < n_svc; i++)
        json_array_append_new(services, json_pack("{s:s,s:s,s:s}", "id", svc[i].client_id, "name",
                                                  svc[i].name, "url", svc[i].home_url));
    json_object_set_new_nocheck(c, "services", services);
    /* seed 003: a procurator's mandates, where the institution has them */
    page_flag(c, "procurators", app->core.profile->procurators);
    json_object_set_new_nocheck(c, "mandates_url", page_str(page_path("mandates")));
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
    /* what the person did for a company: its name (the last one looked up
     * is kept: an operator's events for one company come in runs) */
    const char **principal = arena_alloc(req->arena, (n > 0 ? n : 1) * sizeof *principal);
    char me[32];
    snprintf(me, sizeof me, "account:%lld", (long long)req->auth.id);
    long long last_id = 0;
    const char *last_name = "";
    for (size_t i = 0; st == VC_OK && i < n; i++) {
        long long pid = 0;
        principal[i] = NULL;
        if (strcmp(ev[i].actor, me) != 0 || sscanf(ev[i].on_behalf_of, "account:%lld", &pid) != 1 ||
            pid == req->auth.id)
            continue;
        if (pid != last_id) {
            struct member co;
            last_id = pid;
            last_name = company_of(&env, pid, &co) == VC_OK
                            ? arena_printf(req->arena, "%s", co.company_name)
                            : "";
        }
        principal[i] = last_name;
    }
    st = app_end(app, &env, st);
    if (st != VC_OK) {
        page_error(req, resp, 500, 0);
        return;
    }
    json_t *c = page_context(req);
    json_t *list = json_array();
    for (size_t i = 0; i < n; i++) {
        json_t *e = json_object();
        char when[32];
        page_format_time(ev[i].at, when);
        json_object_set_new_nocheck(e, "when", page_str(when));
        json_object_set_new_nocheck(e, "what", page_str(page_t_of(req, "audit", ev[i].action)));
        /* what an operator did is shown, never where the operator sat */
        bool by_operator = strncmp(ev[i].actor, "operator:", 9) == 0;
        /* nor where a firm's operator sat, to the company they acted for */
        bool by_agent = ev[i].on_behalf_of[0] != '\0' && strcmp(ev[i].on_behalf_of, me) == 0;
        /* nor another person's (a firm's administrator deciding the
         * company's delegation) */
        bool by_other = strncmp(ev[i].actor, "account:", 8) == 0 && strcmp(ev[i].actor, me) != 0;
        json_object_set_new_nocheck(
            e, "ip", json_string(by_operator || by_agent || by_other ? "" : ev[i].ip));
        /* a delegation's moves name the other side (a firm's name or tax id),
         * a colleague's invitation or removal its address */
        if (strncmp(ev[i].action, "delegation.", 11) == 0 ||
            strcmp(ev[i].action, "firm.invite") == 0 || strcmp(ev[i].action, "firm.remove") == 0)
            json_object_set_new_nocheck(e, "detail", json_string(ev[i].detail));
        json_object_set_new_nocheck(e, "by_operator", json_boolean(by_operator));
        /* delegation: the company reads who acted for it (operator and
         * firm, the detail); the operator reads for whom they acted */
        if (by_agent)
            json_object_set_new_nocheck(e, "by_agent", json_string(ev[i].detail));
        else if (principal[i] != NULL)
            json_object_set_new_nocheck(e, "for_principal",
                                        json_string(principal[i][0] != '\0'
                                                        ? principal[i]
                                                        : page_t(req, "history.a_company")));
        json_array_append_new(list, e);
    }
    json_object_set_new_nocheck(c, "events", list);
    page_render(req, resp, 200, "web/history.html", c);
}
