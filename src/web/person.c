/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* "I miei dati" (/area/dati): the person's data as varco holds it, and the
 * contacts they keep up to date alone -- residence and mobile (seed 000,
 * "aggiornamento immediato dei dati personali"). A move while a letter of
 * the journey is on its way offers to send it again to the new address. */
#include <string.h>

#include "core/account.h"
#include "core/journey.h"
#include "core/person.h"
#include "util/str.h"
#include "web/app.h"
#include "web/handlers.h"
#include "web/page.h"

static void show(struct http_req *req, struct http_resp *resp, int status,
                 const struct person_contacts *typed, const struct form_errors *fe,
                 int64_t next_letter_at)
{
    struct app *app = req->app;
    struct vc_env env;
    struct account a;
    struct member m;
    struct person p;
    bool pending = false;
    enum vc_status st = app_begin_read(app, req, &env);
    if (st == VC_OK) {
        st = account_load(&env, req->auth.id, &a, &m);
        if (st == VC_OK)
            st = person_of_account(&env, &a, &p);
        if (st == VC_OK)
            pending = journey_letter_pending(&env, &a);
        st = app_end(app, &env, st);
    }
    if (st != VC_OK) {
        page_error(req, resp, 500, 0);
        return;
    }
    json_t *c = page_context(req);
    json_object_set_new(c, "p", web_person_json(&p));
    json_object_set_new(c, "username", json_string(a.username));
    json_object_set_new(c, "sex_f", json_boolean(strcmp(p.sex, "F") == 0));
    json_object_set_new(c, "sex_m", json_boolean(strcmp(p.sex, "M") == 0));
    char born[32] = "";
    if (p.birth_date[0] != '\0') /* dd/mm/yyyy: the way people write it */
        snprintf(born, sizeof born, "%.2s/%.2s/%.4s", p.birth_date + 8, p.birth_date + 5,
                 p.birth_date);
    json_object_set_new(c, "born", json_string(born));
    if (typed != NULL) { /* the values as typed, beside their errors */
        json_t *v = json_pack("{s:s,s:s,s:s,s:s,s:s}", "address", typed->address, "postcode",
                              typed->postcode, "city", typed->city, "province", typed->province,
                              "mobile", typed->mobile);
        json_object_set_new(c, "v", v);
    } else {
        json_object_set_new(c, "v", web_person_json(&p));
    }
    json_object_set_new(c, "saved", json_boolean(http_query(req, "salvato") != NULL));
    json_object_set_new(c, "resent", json_boolean(http_query(req, "lettera") != NULL));
    json_object_set_new(c, "offer_letter",
                        json_boolean(pending && http_query(req, "trasferito") != NULL));
    if (next_letter_at > 0) {
        char when[32];
        web_format_time(next_letter_at, when);
        when[10] = '\0';
        json_object_set_new(c, "next_letter", json_string(when));
    }
    if (fe != NULL)
        page_add_errors(req, c, fe);
    page_render(req, resp, status, "web/person.html", c);
}

void web_person(struct http_req *req, struct http_resp *resp)
{
    show(req, resp, 200, NULL, NULL, 0);
}

static void take(struct http_req *req, const char *name, char *dst, size_t size,
                 struct form_errors *fe)
{
    const char *v = http_form(req, name);
    if (str_copy_trim(dst, v ? v : "", size) >= size) {
        dst[0] = '\0';
        form_errors_add(fe, name, "error.field.too_long");
    }
}

void web_person_post(struct http_req *req, struct http_resp *resp)
{
    struct app *app = req->app;
    struct person_contacts pc;
    struct form_errors fe;
    memset(&pc, 0, sizeof pc);
    form_errors_init(&fe);
    take(req, "address", pc.address, sizeof pc.address, &fe);
    take(req, "postcode", pc.postcode, sizeof pc.postcode, &fe);
    take(req, "city", pc.city, sizeof pc.city, &fe);
    take(req, "province", pc.province, sizeof pc.province, &fe);
    take(req, "mobile", pc.mobile, sizeof pc.mobile, &fe);
    if (form_errors_any(&fe)) {
        show(req, resp, 422, &pc, &fe, 0);
        return;
    }
    struct vc_env env;
    bool changed = false, moved = false;
    enum vc_status st = app_begin(app, req, &env);
    if (st == VC_OK)
        st = app_end(app, &env,
                     person_update_contacts(&env, req->auth.id, &pc, &fe, &changed, &moved));
    if (st == VC_ERR_INVALID) {
        show(req, resp, 422, &pc, &fe, 0);
        return;
    }
    if (st != VC_OK) {
        page_error(req, resp, 500, 0);
        return;
    }
    http_resp_redirect(resp, moved ? "/area/dati?salvato=1&trasferito=1"
                                   : (changed ? "/area/dati?salvato=1" : "/area/dati"));
}

void web_person_letter(struct http_req *req, struct http_resp *resp)
{
    struct app *app = req->app;
    struct vc_env env;
    struct account a;
    struct member m;
    int64_t next_at = 0;
    enum vc_status st = app_begin(app, req, &env);
    if (st == VC_OK) {
        st = account_load(&env, req->auth.id, &a, &m);
        if (st == VC_OK)
            st = journey_resend_letter(&env, &a, &next_at);
        st = app_end(app, &env, st);
    }
    if (st == VC_ERR_CONFLICT) { /* the month's letters went out already */
        show(req, resp, 429, NULL, NULL, next_at);
        return;
    }
    if (st != VC_OK && st != VC_ERR_DENIED) {
        page_error(req, resp, 500, 0);
        return;
    }
    http_resp_redirect(resp, st == VC_OK ? "/area/dati?lettera=1" : "/area/dati");
}
