/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* POST /password/valuta: the strength meter of the password fields asks
 * the server, so that the browser shows exactly the rule the server
 * applies (core/password_policy.h) and no dictionary is shipped to it.
 * The password is never logged, stored or audited; the answer is JSON:
 *   {"score": 0..4, "ok": true|false, "message": "..."} */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/password_policy.h"
#include "app/app.h"
#include "web/handlers.h"
#include "app/page.h"
#include "util/json_mem.h"

static const char *field(struct http_req *req, const char *name)
{
    const char *v = http_form(req, name);
    return v != NULL && strlen(v) <= 256 ? v : "";
}

void web_password_meter(struct http_req *req, struct http_resp *resp)
{
    struct app *app = req->app;
    const char *pw = http_form(req, "password");
    if (pw == NULL || strlen(pw) > 1024) {
        http_resp_set(resp, 422, "application/json", "{}", 2);
        return;
    }
    const char *mine[] = {field(req, "email"), field(req, "codice_fiscale"),
                          field(req, "matricola"), NULL};
    int score = 0;
    const char *bad = password_policy_check(&app->core.password, pw, strlen(pw), mine);
    password_strength(pw, mine, &score, NULL);
    if (bad != NULL && score > 1)
        score = 1; /* refused for its length or characters: never "good" */
    char key[32];
    snprintf(key, sizeof key, "password.meter.%d", score);
    json_t *o = json_pack("{s:i,s:b,s:s,s:s}", "score", score, "ok", bad == NULL, "label",
                          page_t(req, key), "message", bad != NULL ? page_t(req, bad) : "");
    char *s = o != NULL ? json_text(o, JSON_COMPACT) : NULL;
    json_decref(o);
    if (s == NULL) {
        http_resp_set(resp, 500, "application/json", "{}", 2);
        return;
    }
    http_resp_set(resp, 200, "application/json", s, strlen(s));
    free(s);
}
