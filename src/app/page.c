/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* Rendering a page for a handler of web/ or backoffice/ (app/page.h): the
 * context every layout needs, errors, labels and dates in the person's
 * language, named pages as paths. Keys written here are literals, set with
 * json_object_set_new_nocheck: no UTF-8 scan of a literal at every request;
 * values from the request itself are still checked, texts and stored data
 * go in through page_str. */
#include <assert.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "render/dates.h"
#include "util/json_mem.h"
#include "util/log.h"
#include "app/app.h"
#include "app/page.h"
#include "core/calendar.h"
#include "core/phone.h"
#include "render/links.h"

/* The placeholders a catalogue text may use outside a template: the
 * password rule of this deployment. */
static bool app_value(void *ctx, const char *name, struct buf *out)
{
    const struct app *app = ctx;
    if (strcmp(name, "password_min") == 0)
        buf_printf(out, "%zu", app->core.password.min);
    else if (strcmp(name, "password_max") == 0)
        buf_printf(out, "%zu", app->core.password.max);
    else
        return false;
    return true;
}

const char *page_t(struct http_req *req, const char *key)
{
    struct app *app = req->app;
    const char *text = i18n_get(app->i18n, req->lang, key);
    if (strchr(text, '{') == NULL)
        return text;
    struct buf b;
    buf_init(&b);
    i18n_format(text, app_value, app, &b);
    const char *out = arena_strdup(req->arena, b.data != NULL ? b.data : "");
    buf_fini(&b);
    return out;
}

/* The largest upload as pages and messages say it: "10 MB", "64 KB". */
static void upload_max_text(const struct app *app, char out[32])
{
    size_t n = app->cfg->upload_max_bytes;
    if (n >= (1 << 20))
        snprintf(out, 32, "%zu MB", n >> 20);
    else
        snprintf(out, 32, "%zu KB", (n + 1023) >> 10);
}

static const char *upload_max(struct http_req *req)
{
    char text[32];
    upload_max_text(req->app, text);
    return arena_strdup(req->arena, text);
}

static bool server_value(void *ctx, const char *name, struct buf *out)
{
    struct http_req *req = ctx;
    if (strcmp(name, "upload_max") != 0)
        return false;
    buf_puts(out, upload_max(req));
    return true;
}

const char *page_message(struct http_req *req, const char *key)
{
    struct buf b;
    buf_init(&b);
    buf_puts(&b, "");
    i18n_format(page_t(req, key), server_value, req, &b);
    const char *out = arena_strdup(req->arena, b.data);
    buf_fini(&b);
    return out;
}

/* "<prefix>.<name>" in key (cut to its size): joined by hand, as pages
 * ask it in loops and printf's parsing cost more than the rest. */
static void join_key(char key[128], const char *prefix, const char *name)
{
    size_t p = strlen(prefix), n = strlen(name);
    if (p > 126)
        p = 126;
    if (n > 126 - p)
        n = 126 - p;
    memcpy(key, prefix, p);
    key[p] = '.';
    memcpy(key + p + 1, name, n);
    key[p + 1 + n] = '\0';
}

const char *page_t_of(struct http_req *req, const char *prefix, const char *name)
{
    char key[128];
    join_key(key, prefix, name);
    return page_t(req, key);
}

const char *page_label(struct http_req *req, const char *prefix, const char *name)
{
    char key[128];
    join_key(key, prefix, name);
    const char *text = page_t(req, key);
    if (strcmp(text, key) == 0) { /* i18n's fallback: the key itself */
        log_msg(LOG_WARN, req->request_id, "no label for %s", key);
        return "\u2014";
    }
    return text;
}

const char *page_date(struct http_req *req, const char *iso)
{
    char out[DATES_TEXT_MAX];
    dates_format_iso(req->lang, iso, out, sizeof out);
    return arena_strdup(req->arena, out);
}

void page_base_init(struct app *app)
{
    for (int i = 0; i < 2; i++) {
        bool en = i == 1;
        json_t *c = json_object();
        json_object_set_new_nocheck(c, "lang", json_string(en ? "en" : "it"));
        json_object_set_new_nocheck(c, "other_lang", json_string(en ? "it" : "en"));
        json_object_set_new_nocheck(c, "other_lang_name", json_string(en ? "Italiano" : "English"));
        json_object_set_new_nocheck(c, "dev", json_boolean(app->cfg->dev));
        json_object_set_new_nocheck(c, "institution", json_string(app->cfg->institution));
        json_object_set_new_nocheck(c, "password_min",
                                    json_integer((json_int_t)app->core.password.min));
        json_object_set_new_nocheck(c, "password_max",
                                    json_integer((json_int_t)app->core.password.max));
        char upload[32];
        upload_max_text(app, upload);
        json_object_set_new_nocheck(c, "upload_max", json_string(upload));
        bool pin_desk = false; /* the contact centre of journeys with a PIN (seed 003) */
        for (size_t k = 0; k < app->core.profile->n_journeys; k++)
            pin_desk = pin_desk || app->core.profile->journeys[k].credential == CREDENTIAL_PIN;
        json_object_set_new_nocheck(c, "pin_desk", json_boolean(pin_desk));
        app->page_base[i] = c;
    }
    tmpl_set_bind_bases(app->templates, (const json_t *const *)app->page_base, 2);
}

static void page_context_backoffice(struct http_req *req, json_t *c);

void page_flag(json_t *c, const char *key, bool on)
{
    if (on)
        json_object_set_new_nocheck(c, key, json_true());
}

json_t *page_str(const char *s)
{
    return s != NULL ? json_stringn_nocheck(s, strlen(s)) : NULL;
}

/* The request's part; page_render puts the language's base beneath it. */
json_t *page_context(struct http_req *req)
{
    json_t *c = json_object();
    json_object_set_new_nocheck(c, "csrf", page_str(req->csrf_token ? req->csrf_token : ""));
    json_object_set_new_nocheck(c, "path", json_string(req->path));
    page_flag(c, "member", req->auth.who == HTTP_MEMBER);
    page_flag(c, "operator", req->auth.who == HTTP_OPERATOR && req->auth.mfa_done);
    page_flag(c, "full", req->auth.who == HTTP_MEMBER && req->auth.level >= 1);
    /* the back office is titled as such, with its own menu */
    bool bo = strncmp(req->path, "/backoffice", 11) == 0;
    page_flag(c, "bo", bo);
    if (bo) /* its menu's flags: missing is false to the templates */
        page_context_backoffice(req, c);
    /* acting for a company (app/hooks.c): the banner of every page; the
     * notice on the request where the delegation was found ended */
    if (req->auth.who == HTTP_MEMBER && req->auth.acting_for != 0 && req->auth.acting_label)
        json_object_set_new_nocheck(c, "acting", page_str(req->auth.acting_label));
    page_flag(c, "acting_stopped", req->auth.who == HTTP_MEMBER && req->auth.acting_stopped);
    /* the reference a person can quote; the log lines of this request carry it */
    json_object_set_new_nocheck(c, "request_id", page_str(req->request_id));
    return c;
}

/* The back office's menu: which entry is the current page, and the roles. */
static void page_context_backoffice(struct http_req *req, json_t *c)
{
    json_object_set_new_nocheck(c, "nav_queue",
                                json_boolean(strcmp(req->path, "/backoffice") == 0 ||
                                             strncmp(req->path, "/backoffice/casi/", 17) == 0));
    json_object_set_new_nocheck(c, "nav_receipt",
                                json_boolean(strcmp(req->path, "/backoffice/ricevute") == 0));
    json_object_set_new_nocheck(c, "nav_outbox",
                                json_boolean(strcmp(req->path, "/backoffice/outbox") == 0));
    json_object_set_new_nocheck(c, "nav_letters",
                                json_boolean(strcmp(req->path, "/backoffice/lettere") == 0));
    json_object_set_new_nocheck(c, "nav_pin",
                                json_boolean(strcmp(req->path, "/backoffice/pin") == 0));
    json_object_set_new_nocheck(c, "nav_desk",
                                json_boolean(strcmp(req->path, "/backoffice/sportello") == 0));
    json_object_set_new_nocheck(c, "desk",
                                json_boolean(req->auth.who == HTTP_OPERATOR && req->auth.is_desk));
    json_object_set_new_nocheck(c, "admin",
                                json_boolean(req->auth.who == HTTP_OPERATOR && req->auth.is_admin));
}

/* A handler that set "errors" ({field: message}) without the list gets the
 * list too, so that every form's summary shows. */
static void ensure_error_list(json_t *ctx)
{
    json_t *errors = json_object_get(ctx, "errors");
    if (!json_is_object(errors) || json_object_get(ctx, "error_list") != NULL)
        return;
    json_t *list = json_array();
    const char *field;
    json_t *msg;
    json_object_foreach(errors, field, msg)
    {
        json_array_append_new(list, json_pack("{s:s,s:O}", "field", field, "message", msg));
    }
    json_object_set_new_nocheck(ctx, "error_list", list);
}

/* Values the page may show again: never a password, never the CSRF token. */
static bool keepable(const struct http_param *p)
{
    return !p->invalid && strcmp(p->name, "csrf") != 0 && strstr(p->name, "password") == NULL;
}

/* A form sent back to the person keeps what they typed: "v" gets every
 * value of the body the handler did not set itself (templates show v.<field>).
 * A field that was not UTF-8 text (http/ never runs the handler then, but
 * the route's form page) gets its error beside it and the answer is 422. */
static int keep_form(struct http_req *req, json_t *ctx, int status)
{
    if (req->n_form == 0)
        return status;
    json_t *v = json_object_get(ctx, "v");
    if (!json_is_object(v)) {
        v = json_object();
        json_object_set_new_nocheck(ctx, "v", v);
    }
    json_t *errors = NULL;
    for (size_t i = 0; i < req->n_form; i++) {
        const struct http_param *p = &req->form[i];
        if (keepable(p) && json_object_get(v, p->name) == NULL)
            json_object_set_new(v, p->name, json_string(p->value));
        if (!p->invalid)
            continue;
        if (errors == NULL) {
            errors = json_object_get(ctx, "errors");
            if (!json_is_object(errors)) {
                errors = json_object();
                json_object_set_new_nocheck(ctx, "errors", errors);
            }
            json_object_del(ctx, "error_list"); /* rebuilt with this field */
        }
        json_object_set_new(errors, p->name, json_string(page_message(req, "error.form.encoding")));
    }
    return errors != NULL ? 422 : status;
}

/* A context made in the request's arena (util/json_mem.h) goes with the
 * arena: walking it to free what frees nothing cost a few thousand
 * instructions a page. One made outside a scope is freed as before. A value
 * shared into a context from outside would keep the reference the context
 * took: debug builds check every page has none (site.c copies its texts). */
static void drop_context(json_t *ctx)
{
    if (!json_mem_scoped(ctx)) {
        json_decref(ctx);
        return;
    }
    assert(json_mem_scoped_all(ctx));
}

void page_render(struct http_req *req, struct http_resp *resp, int status, const char *name,
                 json_t *ctx)
{
    struct app *app = req->app;
    buf_reset(&resp->body);
    status = keep_form(req, ctx, status);
    ensure_error_list(ctx);
    const json_t *base = app->page_base[strcmp(req->lang, "en") == 0];
    enum vc_status st =
        tmpl_render_base(app->templates, name, base, ctx, app->i18n, req->lang, &resp->body);
    drop_context(ctx);
    if (st != VC_OK) {
        log_msg(LOG_ERROR, req->request_id, "template %s: %s", name, vc_status_name(st));
        buf_reset(&resp->body);
        buf_puts(&resp->body, "Internal error");
        resp->status = 500;
        resp->content_type = "text/plain; charset=utf-8";
        return;
    }
    resp->status = status;
    resp->content_type = "text/html; charset=utf-8";
}

const char *page_field_error(struct http_req *req, const struct form_errors *fe, const char *name)
{
    for (size_t i = 0; i < req->n_form; i++) {
        if (req->form[i].invalid && strcmp(req->form[i].name, name) == 0)
            return page_message(req, "error.form.encoding");
    }
    const char *key = fe != NULL ? form_errors_get(fe, name) : NULL;
    return key != NULL ? page_message(req, key) : NULL;
}

void page_add_errors(struct http_req *req, json_t *ctx, const struct form_errors *fe)
{
    json_t *errors = json_object(), *list = json_array();
    for (size_t i = 0; i < fe->n; i++) {
        const char *msg = page_message(req, fe->e[i].msg);
        json_object_set_new(errors, fe->e[i].field, json_string(msg));
        json_t *item = json_object();
        json_object_set_new_nocheck(item, "field", json_string(fe->e[i].field));
        json_object_set_new_nocheck(item, "message", json_string(msg));
        json_array_append_new(list, item);
    }
    json_object_set_new_nocheck(ctx, "errors", errors);
    json_object_set_new_nocheck(ctx, "error_list", list);
}

void page_error(struct http_req *req, struct http_resp *resp, int status, int retry_after)
{
    json_t *c = page_context(req);
    char key[32];
    snprintf(key, sizeof key, "error.http.%d", status);
    json_object_set_new_nocheck(c, "status", json_integer(status));
    json_object_set_new_nocheck(c, "title_key", json_string(key));
    json_object_set_new_nocheck(c, "message", json_string(page_t(req, key)));
    if (status == 429) {
        /* Above two minutes the wait reads better in minutes (rounded up). */
        if (retry_after >= 120)
            json_object_set_new_nocheck(c, "retry_minutes", json_integer((retry_after + 59) / 60));
        else if (retry_after > 0)
            json_object_set_new_nocheck(c, "retry_after", json_integer(retry_after));
        page_render(req, resp, status, "web/limited.html", c);
        return;
    }
    if (retry_after > 0)
        json_object_set_new_nocheck(c, "retry_after", json_integer(retry_after));
    page_render(req, resp, status, "web/error.html", c);
}

bool page_if_limited(struct http_req *req, struct http_resp *resp, enum vc_status st)
{
    if (st != VC_ERR_LIMIT || req->retry_after <= 0)
        return false;
    page_limited(req, resp, req->retry_after);
    return true;
}

void page_limited(struct http_req *req, struct http_resp *resp, int64_t retry_after)
{
    if (retry_after < 1)
        retry_after = 1;
    char v[24];
    snprintf(v, sizeof v, "%lld", (long long)retry_after);
    http_resp_header(resp, req, "Retry-After", v);
    page_error(req, resp, 429, (int)retry_after);
}

int page_status_http(enum vc_status st)
{
    switch (st) {
    case VC_OK:
        return 200;
    case VC_ERR_INVALID:
        return 422;
    case VC_ERR_NOT_FOUND:
        return 404;
    case VC_ERR_DENIED:
        return 403;
    case VC_ERR_LIMIT:
        return 429;
    case VC_ERR_CONFLICT:
        return 409;
    case VC_ERR_EXPIRED:
        return 410;
    default:
        return 500;
    }
}

const char *page_path(const char *name)
{
    const char *p = name != NULL ? links_path(name) : NULL;
    return p != NULL ? p : "/area";
}

json_t *page_person_json(const struct person *p)
{
    json_t *o = json_object();
    json_object_set_new_nocheck(o, "given_name", page_str(p->given_name));
    json_object_set_new_nocheck(o, "family_name", page_str(p->family_name));
    json_object_set_new_nocheck(o, "codice_fiscale", page_str(p->codice_fiscale));
    json_object_set_new_nocheck(o, "birth_place", page_str(p->birth_place));
    json_object_set_new_nocheck(o, "address", page_str(p->address));
    json_object_set_new_nocheck(o, "postcode", page_str(p->postcode));
    json_object_set_new_nocheck(o, "city", page_str(p->city));
    json_object_set_new_nocheck(o, "province", page_str(p->province));
    json_object_set_new_nocheck(o, "mobile", page_str(p->mobile));
    /* what a page that only shows the number of record shows of it */
    char masked[PHONE_MASKED_SIZE];
    phone_mask(p->mobile, masked);
    json_object_set_new_nocheck(o, "mobile_masked", page_str(masked));
    json_object_set_new_nocheck(o, "company_name", page_str(p->company_name));
    return o;
}

json_t *page_member_json(const struct member *m)
{
    json_t *o = json_object();
    json_object_set_new_nocheck(o, "matricola", page_str(m->matricola));
    json_object_set_new_nocheck(o, "codice_fiscale", page_str(m->codice_fiscale));
    json_object_set_new_nocheck(o, "category", page_str(member_category_name(m->category)));
    json_object_set_new_nocheck(o, "given_name", page_str(m->given_name));
    json_object_set_new_nocheck(o, "family_name", page_str(m->family_name));
    json_object_set_new_nocheck(o, "birth_date", page_str(m->birth_date));
    json_object_set_new_nocheck(o, "birth_place", page_str(m->birth_place));
    json_object_set_new_nocheck(o, "address", page_str(m->address));
    json_object_set_new_nocheck(o, "postcode", page_str(m->postcode));
    json_object_set_new_nocheck(o, "city", page_str(m->city));
    json_object_set_new_nocheck(o, "province", page_str(m->province));
    json_object_set_new_nocheck(o, "company_name", page_str(m->company_name));
    return o;
}

/* "dd/mm/yyyy HH:MM" in Italian time (the people served are in Italy). */
void page_format_time(int64_t t, char out[32])
{
    /* Europe/Rome whatever the server's TZ: the hour the person lives in,
     * the same the invitations carry (core/calendar.h) */
    struct calendar_local l;
    calendar_to_local(t, &l);
    snprintf(out, 32, "%02d/%02d/%04d %02d:%02d", l.day % 32, l.month % 13, l.year % 10000,
             l.hour % 24, l.minute % 60);
}
