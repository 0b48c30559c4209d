/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* Registration (core/registration.h): the form shows the fields the
 * journey declares, each with the widget of its kind; the check, the hash
 * on the worker pool, the writes; one answer whether or not the person
 * existed. */
#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "core/registration.h"
#include "core/session.h"
#include "util/str.h"
#include "app/app.h"
#include "web/handlers.h"
#include "app/page.h"

/* How each kind of field looks: its widget, label, help and the browser's
 * hints. A new kind adds a row here and its texts to the catalogues. */
struct widget {
    enum reg_kind kind;
    const char *type; /* "text", "email", "date", "tel", "sex", "password", "privacy" */
    const char *label;
    const char *help; /* catalogue key or NULL */
    const char *autocomplete;
    const char *inputmode; /* NULL: the type's */
    int maxlength;
    bool upper;
};

static const struct widget WIDGETS[] = {
    {REG_MATRICOLA, "text", "register.matricola", "register.matricola.help", "off", "numeric", 16,
     false},
    {REG_CODICE_FISCALE, "text", "register.cf", NULL, "off", NULL, 40, true},
    {REG_GIVEN_NAME, "text", "register.given_name", NULL, "given-name", NULL, 64, false},
    {REG_FAMILY_NAME, "text", "register.family_name", NULL, "family-name", NULL, 64, false},
    {REG_SEX, "sex", "register.sex", NULL, "sex", NULL, 1, false},
    {REG_BIRTH_DATE, "date", "register.birth_date", NULL, "bday", NULL, 10, false},
    {REG_BIRTH_PLACE, "text", "register.birth_place", "register.birth_place.help", "off", NULL, 64,
     false},
    {REG_BIRTH_PROVINCE, "text", "register.birth_province", "register.birth_province.help", "off",
     NULL, 2, true},
    {REG_ADDRESS, "text", "register.address", NULL, "street-address", NULL, 128, false},
    {REG_POSTCODE, "text", "register.postcode", NULL, "postal-code", "numeric", 5, false},
    {REG_CITY, "text", "register.city", NULL, "address-level2", NULL, 64, false},
    {REG_PROVINCE, "text", "register.province", "register.province.help", "address-level1", NULL, 2,
     true},
    {REG_EMAIL, "email", "register.email", "register.email.help", "email", NULL, 254, false},
    {REG_MOBILE, "tel", "register.mobile", "register.mobile.help", "tel", NULL, 20, false},
    {REG_PASSWORD, "password", "register.password", NULL, "new-password", NULL, 0, false},
    {REG_FIRM_TAX_ID, "text", "register.firm_tax_id", "register.firm_tax_id.help", "off", NULL, 40,
     true},
    {REG_FIRM_NAME, "text", "register.firm_name", "register.firm_name.help", "organization", NULL,
     128, false},
    {REG_PRIVACY, "privacy", "register.privacy", NULL, NULL, NULL, 0, false},
};

static const struct widget *widget_of(enum reg_kind k)
{
    for (size_t i = 0; i < sizeof WIDGETS / sizeof WIDGETS[0]; i++) {
        if (WIDGETS[i].kind == k)
            return &WIDGETS[i];
    }
    return NULL;
}

/* The journey is the route's: /registrazione is the profile's first
 * journey, /registrazione/studio the firm operator's (where the profile
 * has one; else the first again). */
static const struct journey_def *journey(struct http_req *req)
{
    const struct app *app = req->app;
    const struct journey_def *j = NULL;
    if (strcmp(req->path, "/registrazione/studio") == 0)
        j = profile_journey(app->core.profile, "firm_operator");
    return j != NULL ? j : profile_journey(app->core.profile, "");
}

json_t *web_register_fields(struct http_req *req, const struct journey_def *j,
                            const struct register_form *f, const struct form_errors *fe)
{
    json_t *fields = json_array();
    for (size_t i = 0; i < j->n_fields; i++) {
        const struct reg_field *rf = &j->fields[i];
        const struct widget *w = widget_of(rf->kind);
        if (VC_NEVER(w == NULL))
            continue;
        json_t *o = json_object();
        json_object_set_new(o, "name", json_string(rf->name));
        json_object_set_new(o, w->type, json_true());
        json_object_set_new(o, "type", json_string(w->type));
        json_object_set_new(o, "label", json_string(page_t(req, w->label)));
        if (w->help != NULL)
            json_object_set_new(o, "help", json_string(page_t(req, w->help)));
        if (w->autocomplete != NULL)
            json_object_set_new(o, "autocomplete", json_string(w->autocomplete));
        if (w->inputmode != NULL)
            json_object_set_new(o, "inputmode", json_string(w->inputmode));
        if (w->maxlength > 0)
            json_object_set_new(o, "maxlength", json_integer(w->maxlength));
        json_object_set_new(o, "upper", json_boolean(w->upper));
        json_object_set_new(o, "required", json_boolean(rf->required));
        const char *v = "";
        if (f != NULL && rf->kind != REG_PASSWORD) /* never a password back */
            v = register_value(f, rf->kind);
        else if (f == NULL)
            v = http_query(req, rf->name) ? http_query(req, rf->name) : "";
        json_object_set_new(o, "value", json_string(v));
        json_object_set_new(o, "checked", json_boolean(strcmp(v, "on") == 0));
        json_object_set_new(o, "male", json_boolean(strcmp(v, "M") == 0));
        json_object_set_new(o, "female", json_boolean(strcmp(v, "F") == 0));
        const char *err = page_field_error(req, fe, rf->name);
        if (err != NULL)
            json_object_set_new(o, "error", json_string(err));
        json_array_append_new(fields, o);
    }
    return fields;
}

static void form(struct http_req *req, struct http_resp *resp, int status,
                 const struct register_form *f, const struct form_errors *fe)
{
    const struct journey_def *j = journey(req);
    json_t *c = page_context(req);
    json_object_set_new(c, "fields", web_register_fields(req, j, f, fe));
    /* what comes after the form is the journey's: "register.lead.<journey>" */
    char key[80];
    snprintf(key, sizeof key, "register.lead.%s", j->name);
    json_object_set_new(c, "lead", json_string(page_t(req, key)));
    /* the member's form points firms' operators to theirs */
    json_object_set_new(c, "action", json_string(req->path));
    json_object_set_new(c, "firm_journey", json_boolean(strcmp(j->name, "firm_operator") == 0));
    const struct app *app = req->app;
    const struct journey_def *firm = profile_journey(app->core.profile, "firm_operator");
    if (firm != NULL && firm != j)
        json_object_set_new(c, "firm_url", json_string(page_path("register_firm")));
    if (fe != NULL)
        page_add_errors(req, c, fe);
    page_render(req, resp, status, "web/register.html", c);
}

void web_register_form(struct http_req *req, struct http_resp *resp)
{
    if (req->auth.who == HTTP_MEMBER) {
        http_resp_redirect(resp, "/area");
        return;
    }
    form(req, resp, 200, NULL, NULL);
}

/* Copies a field; an over-long value is an error on that field, never cut. */
static void take(struct http_req *req, const char *name, char *dst, size_t size,
                 struct form_errors *fe)
{
    const char *v = http_form(req, name);
    if (str_copy(dst, v ? v : "", size) >= size) {
        dst[0] = '\0';
        form_errors_add(fe, name, "error.field.too_long");
    }
}

void web_register_read(struct http_req *req, const struct journey_def *jd, struct register_form *f,
                       struct form_errors *fe)
{
    f->journey = jd;
    for (size_t i = 0; i < jd->n_fields; i++) {
        const struct reg_field *rf = &jd->fields[i];
        if (rf->kind == REG_PRIVACY) /* a checkbox: "on" when ticked, whatever it sends */
            str_copy(f->value[REG_PRIVACY], http_form(req, rf->name) != NULL ? "on" : "",
                     REG_VALUE_MAX);
        else
            take(req, rf->name, f->value[rf->kind], REG_VALUE_MAX, fe);
    }
    if (journey_field(jd, REG_PASSWORD) != NULL)
        take(req, "password_confirm", f->password_confirm, sizeof f->password_confirm, fe);
    str_copy(f->lang, req->lang, sizeof f->lang);
}

/* A registration in flight (request arena): the form and the hash. */
struct register_job {
    struct register_form f;
    char hash[128];
    enum vc_status hashed;
};

static void wipe(struct register_job *j)
{
    sodium_memzero(j->f.value[REG_PASSWORD], sizeof j->f.value[REG_PASSWORD]);
    sodium_memzero(j->f.password_confirm, sizeof j->f.password_confirm);
}

/* Phase 2, on the worker pool: argon2id, with no transaction held. */
static void register_hash(void *ctx)
{
    struct register_job *j = ctx;
    j->hashed = account_register_hash(&j->f, j->hash);
}

/* Phase 3: the writes, and one answer whether or not the person existed. */
static void register_finish(struct http_req *req, struct http_resp *resp, void *ctx)
{
    struct app *app = req->app;
    struct register_job *j = ctx;
    struct vc_env env;
    struct form_errors fe;
    form_errors_init(&fe);
    enum vc_status st = j->hashed;
    if (st == VC_OK && (st = app_begin(app, req, &env)) == VC_OK) {
        int64_t id = 0;
        st = app_end(app, &env, account_register_finish(&env, &j->f, j->hash, &fe, &id));
    }
    wipe(j);
    sodium_memzero(j->hash, sizeof j->hash);
    if (st == VC_ERR_INVALID) {
        form(req, resp, 422, &j->f, &fe);
        return;
    }
    if (st != VC_OK) {
        page_error(req, resp, 500, 0);
        return;
    }
    http_resp_redirect(resp, "/registrazione/inviata");
}

/* Phase 1: the fields, the throttle and the registry; then the hash. */
void web_register_post(struct http_req *req, struct http_resp *resp)
{
    struct app *app = req->app;
    const struct journey_def *jd = journey(req);
    struct register_job *j = arena_alloc(req->arena, sizeof *j);
    struct register_form *f = &j->f;
    struct form_errors pre;
    memset(j, 0, sizeof *j);
    form_errors_init(&pre);
    web_register_read(req, jd, f, &pre);
    if (form_errors_any(&pre)) {
        wipe(j);
        form(req, resp, 422, f, &pre);
        return;
    }
    struct vc_env env;
    struct form_errors fe;
    enum vc_status st = app_begin(app, req, &env);
    if (st == VC_OK)
        st = app_end(app, &env, account_register_check(&env, f, &fe));
    if (st == VC_ERR_LIMIT) {
        wipe(j);
        page_limited(req, resp, req->retry_after);
        return;
    }
    if (st != VC_OK) {
        wipe(j);
        if (st == VC_ERR_INVALID)
            form(req, resp, 422, f, &fe);
        else
            page_error(req, resp, 500, 0);
        return;
    }
    http_defer(req, register_hash, register_finish, j);
}

/* The same page after every accepted registration, new person or not. */
void web_register_sent(struct http_req *req, struct http_resp *resp)
{
    page_render(req, resp, 200, "web/register_sent.html", page_context(req));
}
