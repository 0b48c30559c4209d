/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* The desk of one office (issue 12, in-person recognition): where its
 * operator starts -- the office as people see it in the chooser, and the
 * people who chose it, with their appointments, as the in-person step
 * brings them. A desk operator sees no back-office page and no other
 * office (NEED_DESK; core/operator.h). */
#include "backoffice/backoffice.h"
#include "core/operator.h"
#include "app/app.h"
#include "app/page.h"

void bo_desk(struct http_req *req, struct http_resp *resp)
{
    struct app *app = req->app;
    struct vc_env env;
    if (app_begin_read(app, req, &env) != VC_OK) {
        page_error(req, resp, 500, 0);
        return;
    }
    struct office o;
    enum vc_status st = app_end(app, &env, operator_desk_office(&env, req->auth.id, &o));
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
    page_render(req, resp, 200, "backoffice/desk.html", c);
}
