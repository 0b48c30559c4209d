/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* "Dove farsi riconoscere" (/sportelli): the directory of the offices where
 * staff recognise people in person (issue 12 §1), searched by network
 * (switches), province and city; a plain GET form, so it works without
 * JavaScript and with a keyboard, and a link can be shared. The in-person
 * step's chooser shows the same list with a choice on each office. */
#include <string.h>
#include <strings.h>

#include "core/offices.h"
#include "app/app.h"
#include "web/handlers.h"
#include "app/page.h"

#define OFFICES_SHOWN 100 /* more: the page asks to narrow the search */

json_t *web_office_json(const struct office *o)
{
    json_t *j = json_object();
    json_object_set_new(j, "code", json_string(o->code));
    json_object_set_new(j, "network", json_string(o->network));
    json_object_set_new(j, "name", json_string(o->name));
    json_object_set_new(j, "address", json_string(o->address));
    json_object_set_new(j, "postcode", json_string(o->postcode));
    json_object_set_new(j, "city", json_string(o->city));
    json_object_set_new(j, "province", json_string(o->province));
    json_object_set_new(j, "phone", json_string(o->phone));
    json_object_set_new(j, "email", json_string(o->email));
    json_object_set_new(j, "hours", json_string(o->hours));
    if (o->has_position) {
        json_object_set_new(j, "lat", json_real(o->latitude));
        json_object_set_new(j, "lon", json_real(o->longitude));
    }
    return j;
}

/* The search of the query string into c (switches, fields, offices,
 * counts), in the caller's read transaction. *invalid: the search was
 * refused (a bad province), the page says why with a 422. */
enum vc_status web_offices_search(struct http_req *req, const struct vc_env *env, json_t *c,
                                  bool *invalid)
{
    struct office_search q = {.province = http_query(req, "provincia"),
                              .city = http_query(req, "comune")};
    for (size_t i = 0; i < req->n_query; i++) {
        if (strcmp(req->query[i].name, "rete") != 0)
            continue;
        if (q.n_networks < OFFICE_FILTER_NETWORKS_MAX + 1)
            q.networks[q.n_networks] = req->query[i].value;
        q.n_networks++;
    }
    if (q.n_networks > OFFICE_FILTER_NETWORKS_MAX + 1)
        q.n_networks = OFFICE_FILTER_NETWORKS_MAX + 1; /* refused as too many */
    struct office *found = arena_alloc(req->arena, OFFICES_SHOWN * sizeof *found);
    char(*nets)[OFFICE_NETWORK_MAX + 1] =
        arena_alloc(req->arena, OFFICE_FILTER_NETWORKS_MAX * sizeof *nets);
    size_t n = 0, n_nets = 0;
    struct form_errors fe;
    form_errors_init(&fe);
    enum vc_status st = offices_networks(env, nets, OFFICE_FILTER_NETWORKS_MAX, &n_nets);
    enum vc_status search = VC_OK;
    if (st == VC_OK) {
        search = offices_search(env, &q, found, OFFICES_SHOWN, &n, &fe);
        if (search != VC_ERR_INVALID)
            st = search;
    }
    *invalid = search == VC_ERR_INVALID;
    if (st != VC_OK)
        return st;
    json_t *switches = json_array();
    for (size_t i = 0; i < n_nets; i++) {
        json_t *s = json_object();
        bool on = false;
        for (size_t k = 0; k < q.n_networks && k < OFFICE_FILTER_NETWORKS_MAX; k++)
            on = on || (q.networks[k] != NULL && strcasecmp(q.networks[k], nets[i]) == 0);
        json_object_set_new(s, "name", json_string(nets[i]));
        json_object_set_new(s, "id", json_string(arena_printf(req->arena, "f-rete-%zu", i)));
        json_object_set_new(s, "on", json_boolean(on));
        json_array_append_new(switches, s);
    }
    json_object_set_new(c, "networks", switches);
    json_object_set_new(c, "provincia", json_string(q.province ? q.province : ""));
    json_object_set_new(c, "comune", json_string(q.city ? q.city : ""));
    json_t *list = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(list, web_office_json(&found[i]));
    json_object_set_new(c, "offices", list);
    json_object_set_new(c, "count", json_integer((json_int_t)n));
    json_object_set_new(c, "searched", json_boolean(search == VC_OK));
    json_object_set_new(c, "map", json_boolean(search == VC_OK && n > 0));
    json_object_set_new(c, "none", json_boolean(n == 0 && search == VC_OK));
    json_object_set_new(c, "more", json_boolean(n == OFFICES_SHOWN));
    if (*invalid)
        page_add_errors(req, c, &fe);
    return VC_OK;
}

void web_offices_map(struct http_req *req, struct http_resp *resp, json_t *c)
{
    const struct config *cfg = ((struct app *)req->app)->cfg;
    json_object_set_new(c, "map_tiles", json_string(cfg->site_map_tiles));
    json_object_set_new(c, "map_attribution", json_string(cfg->site_map_attribution));
    if (cfg->site_map_tiles_origin[0] != '\0')
        http_resp_csp_images(resp, req, cfg->site_map_tiles_origin);
}

void web_offices(struct http_req *req, struct http_resp *resp)
{
    struct app *app = req->app;
    struct vc_env env;
    if (app_begin_read(app, req, &env) != VC_OK) {
        page_error(req, resp, 500, 0);
        return;
    }
    json_t *c = page_context(req);
    bool invalid = false;
    enum vc_status st = app_end(app, &env, web_offices_search(req, &env, c, &invalid));
    if (st != VC_OK) {
        json_decref(c);
        page_error(req, resp, 500, 0);
        return;
    }
    json_object_set_new(c, "action", json_string("/sportelli"));
    web_offices_map(req, resp, c);
    page_render(req, resp, invalid ? 422 : 200, "web/offices.html", c);
}
