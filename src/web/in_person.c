/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* The in-person step as the person sees it (/area/riconoscimento;
 * core/steps/in_person.h): choosing an office from the directory's list or
 * map, then where things stand -- the office chosen and its contacts, the
 * appointment (which the person may cancel), the documents recorded and
 * the check under way, or the reasons of a negative outcome with the
 * chooser to ask again. */
#include <string.h>

#include "core/account.h"
#include "core/journey.h"
#include "core/steps/in_person.h"
#include "app/app.h"
#include "app/page.h"
#include "web/handlers.h"

/* The account, when its journey is at an in-person step. */
static enum vc_status at_step(const struct vc_env *env, int64_t id, struct account *a)
{
    struct member m;
    enum vc_status st = account_load(env, id, a, &m);
    if (st != VC_OK)
        return st;
    const struct step_ref *at = journey_active(env, a);
    return at != NULL && strcmp(at->page, "in_person") == 0 ? VC_OK : VC_ERR_DENIED;
}

static json_t *appointment_json(struct http_req *req, const struct in_person *ip)
{
    json_t *o = json_object();
    char when[32];
    page_format_time(ip->appt_at, when);
    json_object_set_new(o, "when", json_string(when));
    return o;
}

void web_in_person(struct http_req *req, struct http_resp *resp)
{
    struct app *app = req->app;
    struct vc_env env;
    if (app_begin_read(app, req, &env) != VC_OK) {
        page_error(req, resp, 500, 0);
        return;
    }
    struct account a;
    struct in_person ip;
    struct office o;
    json_t *c = page_context(req);
    bool invalid = false, chosen = false;
    enum vc_status st = at_step(&env, req->auth.id, &a);
    if (st == VC_OK) {
        st = in_person_of(&env, a.id, &ip, &o);
        chosen = st == VC_OK;
        if (st == VC_ERR_NOT_FOUND)
            st = VC_OK;
    }
    /* the chooser: nothing chosen yet, a negative outcome, or asked for */
    bool choose =
        st == VC_OK && (!chosen || ip.status == IN_PERSON_REJECTED ||
                        (http_query(req, "cambia") != NULL &&
                         (ip.status == IN_PERSON_CHOSEN || ip.status == IN_PERSON_SCHEDULED)));
    if (choose)
        st = web_offices_search(req, &env, c, &invalid);
    st = app_end(app, &env, st);
    if (st == VC_ERR_DENIED) { /* not at this step: the area says what is */
        json_decref(c);
        http_resp_redirect(resp, "/area");
        return;
    }
    if (st != VC_OK) {
        json_decref(c);
        page_error(req, resp, 500, 0);
        return;
    }
    if (chosen) {
        json_object_set_new(c, "office", web_office_json(&o));
        json_object_set_new(c, in_person_status_name(ip.status), json_true());
        if (ip.status == IN_PERSON_SCHEDULED)
            json_object_set_new(c, "appointment", appointment_json(req, &ip));
        json_object_set_new(c, "reasons", json_string(ip.reasons));
    }
    json_object_set_new(c, "choose", json_boolean(choose));
    json_object_set_new(c, "action", json_string("/area/riconoscimento"));
    json_object_set_new(c, "done_choice", json_boolean(http_query(req, "scelto") != NULL));
    json_object_set_new(c, "done_cancel", json_boolean(http_query(req, "annullato") != NULL));
    if (choose)
        web_offices_map(req, resp, c);
    page_render(req, resp, invalid ? 422 : 200, "web/in_person.html", c);
}

void web_in_person_choose(struct http_req *req, struct http_resp *resp)
{
    struct app *app = req->app;
    const char *code = http_form(req, "ufficio");
    if (code == NULL || code[0] == '\0' || strlen(code) > OFFICE_CODE_MAX) {
        page_error(req, resp, 422, 0);
        return;
    }
    struct vc_env env;
    if (app_begin(app, req, &env) != VC_OK) {
        page_error(req, resp, 500, 0);
        return;
    }
    struct account a;
    enum vc_status st = at_step(&env, req->auth.id, &a);
    if (st == VC_OK)
        st = in_person_choose(&env, &a, code);
    st = app_end(app, &env, st);
    if (st == VC_ERR_NOT_FOUND) {
        page_error(req, resp, 422, 0);
        return;
    }
    if (st == VC_ERR_DENIED) {
        http_resp_redirect(resp, "/area/riconoscimento");
        return;
    }
    if (st != VC_OK) {
        page_error(req, resp, 500, 0);
        return;
    }
    http_resp_redirect(resp, "/area/riconoscimento?scelto=1");
}

void web_in_person_cancel(struct http_req *req, struct http_resp *resp)
{
    struct app *app = req->app;
    struct vc_env env;
    if (app_begin(app, req, &env) != VC_OK) {
        page_error(req, resp, 500, 0);
        return;
    }
    struct account a;
    enum vc_status st = at_step(&env, req->auth.id, &a);
    if (st == VC_OK)
        st = in_person_cancel(&env, &a);
    st = app_end(app, &env, st);
    if (st == VC_ERR_DENIED) {
        http_resp_redirect(resp, "/area/riconoscimento");
        return;
    }
    if (st != VC_OK) {
        page_error(req, resp, 500, 0);
        return;
    }
    http_resp_redirect(resp, "/area/riconoscimento?annullato=1");
}
