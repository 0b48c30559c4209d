/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* The contact centre of the inps-pin journey (seed 003): an operator who has
 * checked the caller's identity by phone issues a new PIN; the first half
 * is shown once on this screen, to be read out, and the second goes by
 * registered letter (core/steps/split_pin.h). */
#include <sodium.h>
#include <string.h>

#include "backoffice/backoffice.h"
#include "core/steps/split_pin.h"
#include "web/app.h"
#include "web/handlers.h"
#include "web/page.h"

static void pin_desk(struct http_req *req, struct http_resp *resp, int status, const char *cf,
                     const char *first_half, const char *tracking, const char *error)
{
    json_t *c = page_context(req);
    json_object_set_new(c, "v", json_pack("{s:s}", "codice_fiscale", cf != NULL ? cf : ""));
    if (first_half != NULL) {
        json_object_set_new(c, "first_half", json_string(first_half));
        json_object_set_new(c, "tracking", json_string(tracking));
    }
    if (error != NULL) {
        json_t *errors = json_object();
        json_object_set_new(errors, "codice_fiscale", json_string(page_t(req, error)));
        json_object_set_new(c, "errors", errors);
    }
    page_render(req, resp, status, "backoffice/pin.html", c);
}

void bo_pin_form(struct http_req *req, struct http_resp *resp)
{
    pin_desk(req, resp, 200, NULL, NULL, NULL, NULL);
}

void bo_pin_post(struct http_req *req, struct http_resp *resp)
{
    struct app *app = req->app;
    const char *cf = http_form(req, "codice_fiscale");
    cf = cf != NULL && strlen(cf) <= 40 ? cf : "";
    char half[SPLIT_PIN_HALF + 1] = "", tracking[24] = "";
    struct vc_env env;
    enum vc_status st = app_begin(app, req, &env);
    if (st == VC_OK)
        st = app_end(app, &env, split_pin_by_operator(&env, req->auth.id, cf, half, tracking));
    if (st == VC_ERR_INVALID || st == VC_ERR_NOT_FOUND) {
        pin_desk(req, resp, 422, cf, NULL, NULL,
                 st == VC_ERR_INVALID ? "error.cf.format" : "error.pin.no_account");
        return;
    }
    if (st != VC_OK) {
        page_error(req, resp, 500, 0);
        return;
    }
    char shown[SPLIT_PIN_HALF + 2];
    memcpy(shown, half, 4);
    shown[4] = ' ';
    memcpy(shown + 5, half + 4, 5);
    pin_desk(req, resp, 200, "", shown, tracking, NULL);
    sodium_memzero(half, sizeof half);
    sodium_memzero(shown, sizeof shown);
}
