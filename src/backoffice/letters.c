/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* Letters as the back office follows them (core/letters.h): the latest ones
 * with their status, found by tracking number; an operator records a
 * return receipt (delivered) or a letter back to sender (returned). */
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "backoffice/backoffice.h"
#include "core/letters.h"
#include "web/app.h"
#include "web/handlers.h"
#include "web/page.h"

static json_t *letter_json(struct http_req *req, const struct letter *l)
{
    json_t *o = json_object();
    char when[32], key[64];
    web_format_time(l->status_at, when);
    snprintf(key, sizeof key, "letter.status.%s", letter_status_name(l->status));
    json_object_set_new(o, "id", json_integer(l->id));
    json_object_set_new(o, "tracking", json_string(l->tracking));
    json_object_set_new(o, "address", json_string(l->address));
    snprintf(key, sizeof key, "letter.status.%s", letter_status_name(l->status));
    json_object_set_new(o, "status", json_string(page_t(req, key)));
    snprintf(key, sizeof key, "outbox.template.%s", l->kind);
    json_object_set_new(o, "kind", json_string(page_t(req, key)));
    json_object_set_new(o, "when", json_string(when));
    json_object_set_new(o, "printed", json_boolean(l->status == LETTER_PRINTED));
    json_object_set_new(o, "returned", json_boolean(l->status == LETTER_RETURNED));
    return o;
}

static void letters_page(struct http_req *req, struct http_resp *resp, int status,
                         const char *error)
{
    struct app *app = req->app;
    struct vc_env env;
    struct letter *list = arena_alloc(req->arena, LETTERS_LIST_MAX * sizeof *list);
    size_t n = 0;
    const char *q = http_query(req, "numero");
    enum vc_status st = app_begin_read(app, req, &env);
    if (st == VC_OK) {
        if (q != NULL && q[0] != '\0') {
            st = letters_by_tracking(&env, q, &list[0]);
            n = st == VC_OK ? 1 : 0;
            if (st == VC_ERR_NOT_FOUND)
                st = VC_OK;
        } else {
            st = letters_recent(&env, list, LETTERS_LIST_MAX, &n);
        }
        st = app_end(app, &env, st);
    }
    if (st != VC_OK) {
        page_error(req, resp, 500, 0);
        return;
    }
    json_t *c = page_context(req);
    json_t *arr = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(arr, letter_json(req, &list[i]));
    json_object_set_new(c, "letters", arr);
    json_object_set_new(c, "numero", json_string(q != NULL ? q : ""));
    json_object_set_new(c, "searched", json_boolean(q != NULL && q[0] != '\0'));
    json_object_set_new(c, "done", json_boolean(http_query(req, "registrata") != NULL));
    if (error != NULL)
        json_object_set_new(c, "error", json_string(page_t(req, error)));
    page_render(req, resp, status, "backoffice/letters.html", c);
}

void bo_letters(struct http_req *req, struct http_resp *resp)
{
    letters_page(req, resp, 200, NULL);
}

void bo_letters_post(struct http_req *req, struct http_resp *resp)
{
    struct app *app = req->app;
    const char *id_s = http_form(req, "lettera"), *what = http_form(req, "esito");
    enum letter_status to = LETTER_QUEUED;
    if (what != NULL && strcmp(what, "consegnata") == 0)
        to = LETTER_DELIVERED;
    else if (what != NULL && strcmp(what, "restituita") == 0)
        to = LETTER_RETURNED;
    char *end = NULL;
    errno = 0;
    long long id = id_s != NULL ? strtoll(id_s, &end, 10) : 0;
    if (to == LETTER_QUEUED || id <= 0 || errno != 0 || *end != '\0') {
        letters_page(req, resp, 422, "error.letter.bad");
        return;
    }
    struct vc_env env;
    enum vc_status st = app_begin(app, req, &env);
    if (st == VC_OK)
        st = app_end(app, &env, letters_record(&env, req->auth.id, (int64_t)id, to));
    if (st == VC_ERR_DENIED || st == VC_ERR_NOT_FOUND) {
        letters_page(req, resp, 409, "error.letter.state");
        return;
    }
    if (st != VC_OK) {
        page_error(req, resp, 500, 0);
        return;
    }
    http_resp_redirect(resp, "/backoffice/lettere?registrata=1");
}
