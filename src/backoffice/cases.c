/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* Identification cases: the queue by due time, a case beside its member
 * record and documents, accept / reject with reasons, receipts by email or
 * fax; and the outbox as operators see it. */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "backoffice/backoffice.h"
#include "core/account.h"
#include "core/cases.h"
#include "core/journey.h"
#include "core/messages.h"
#include "core/phone.h"
#include "core/steps/id_form.h"
#include "crypto/token.h"
#include "util/sniff.h"
#include "util/str.h"
#include "app/app.h"
#include "app/shared.h"
#include "app/page.h"

#define CASE_DOCS_MAX 20
#define OUTBOX_PAGE_MAX 200

/* A positive id from the start of s; *end after it. */
static bool parse_id(const char *s, int64_t *out, const char **end)
{
    if (s[0] < '1' || s[0] > '9')
        return false;
    errno = 0;
    char *e;
    long long v = strtoll(s, &e, 10);
    if (errno != 0 || v <= 0)
        return false;
    *out = v;
    *end = e;
    return true;
}

static json_t *case_json(struct http_req *req, const struct id_case *c, int64_t now)
{
    json_t *o = json_object();
    char due[32] = "", received[32] = "";
    if (c->due_at)
        page_format_time(c->due_at, due);
    if (c->received_at)
        page_format_time(c->received_at, received);
    json_object_set_new(o, "id", json_integer(c->id));
    json_object_set_new(o, "href", json_string(""));
    json_object_set_new(o, "number", json_string(c->number));
    json_object_set_new(o, "status",
                        json_string(page_label(req, "case.status", case_status_name(c->status))));
    json_object_set_new(
        o, "channel", json_string(page_label(req, "case.channel", case_channel_name(c->channel))));
    json_object_set_new(o, "due", json_string(due));
    json_object_set_new(o, "received", json_string(received));
    json_object_set_new(o, "overdue", json_boolean(case_is_overdue(c, now)));
    json_object_set_new(o, "kind", json_string(page_label(req, "case.kind", c->step)));
    json_object_set_new(o, "reasons", json_string(c->reasons));
    json_object_set_new(o, "received_status", json_boolean(c->status == CASE_RECEIVED));
    const struct step_kind *k = step_kind_find(c->step);
    json_object_set_new(o, "receipts", json_boolean(k != NULL && k->case_receipts));
    json_object_set_new(o, "accept", json_string(page_label(req, "bo.case.accept", c->step)));
    return o;
}

void bo_queue(struct http_req *req, struct http_resp *resp)
{
    struct app *app = req->app;
    const char *kind = http_query(req, "tipo");
    const struct step_kind *sk = kind != NULL ? step_kind_find(kind) : NULL;
    if (sk == NULL || sk->case_decided == NULL) /* the kinds of case: steps that open them */
        kind = "";
    struct vc_env env;
    if (app_begin_read(app, req, &env) != VC_OK) {
        page_error(req, resp, 500, 0);
        return;
    }
    /* 128 KB: from the request, not per thread for the process's life */
    struct id_case *q = arena_alloc(req->arena, CASE_QUEUE_MAX * sizeof *q);
    size_t n = 0;
    enum vc_status st = cases_queue(&env, kind, q, CASE_QUEUE_MAX, &n);
    /* whose each case is: the operator looks for a person, not a number */
    const char **who = arena_alloc(req->arena, (n ? n : 1) * sizeof *who);
    for (size_t i = 0; st == VC_OK && i < n; i++) {
        struct person p;
        st = case_person(&env, &q[i], &p);
        who[i] = p.company_name[0] != '\0'
                     ? arena_printf(req->arena, "%s %s (%s)", p.given_name, p.family_name,
                                    p.company_name)
                     : arena_printf(req->arena, "%s %s", p.given_name, p.family_name);
    }
    st = app_end(app, &env, st);
    if (st != VC_OK) {
        page_error(req, resp, 500, 0);
        return;
    }
    json_t *c = page_context(req);
    json_t *list = json_array();
    int64_t now = app_clock_now(NULL), overdue = 0;
    for (size_t i = 0; i < n; i++) {
        json_t *o = case_json(req, &q[i], now);
        json_object_set_new(
            o, "href", json_string(arena_printf(req->arena, "/backoffice/casi/%" PRId64, q[i].id)));
        json_object_set_new(o, "who", json_string(who[i]));
        overdue += case_is_overdue(&q[i], now);
        json_array_append_new(list, o);
    }
    json_t *kinds = json_array();
    json_t *all = json_object();
    json_object_set_new(all, "label", json_string(page_t(req, "case.kind.all")));
    json_object_set_new(all, "href", json_string("/backoffice"));
    json_object_set_new(all, "current", json_boolean(kind[0] == '\0'));
    json_array_append_new(kinds, all);
    for (size_t i = 0; (sk = step_kind_at(i)) != NULL; i++) {
        if (sk->case_decided == NULL)
            continue;
        json_t *k = json_object();
        json_object_set_new(k, "label", json_string(page_label(req, "case.kind", sk->name)));
        json_object_set_new(k, "href",
                            json_string(arena_printf(req->arena, "/backoffice?tipo=%s", sk->name)));
        json_object_set_new(k, "current", json_boolean(strcmp(kind, sk->name) == 0));
        json_array_append_new(kinds, k);
    }
    json_object_set_new(c, "kinds", kinds);
    json_object_set_new(c, "cases", list);
    json_object_set_new(c, "n_overdue", json_integer(overdue));
    page_render(req, resp, 200, "backoffice/queue.html", c);
}

/* The registry record as the operator reads it: the category's label, the
 * birth date in the page's language. */
static json_t *member_labels(struct http_req *req, const struct member *m)
{
    json_t *o = page_member_json(m);
    json_object_set_new(
        o, "category",
        json_string(page_label(req, "member.category", member_category_name(m->category))));
    json_object_set_new(o, "birth_date", json_string(page_date(req, m->birth_date)));
    return o;
}

static void document(struct http_req *req, struct http_resp *resp, int64_t case_id, int64_t doc_id)
{
    struct app *app = req->app;
    struct vc_env env;
    if (app_begin(app, req, &env) != VC_OK) { /* the view is audited */
        page_error(req, resp, 500, 0);
        return;
    }
    struct case_document d;
    enum vc_status st = case_document(&env, req->auth.id, case_id, doc_id, &d);
    st = app_end(app, &env, st);
    if (st != VC_OK) {
        page_error(req, resp, page_status_http(st), 0);
        return;
    }
    buf_reset(&resp->body);
    if (app_document_read(app, d.blob, &resp->body) != VC_OK) {
        page_error(req, resp, 500, 0);
        return;
    }
    resp->status = 200;
    resp->content_type = arena_strdup(req->arena, d.mime);
    http_resp_header(resp, req, "Content-Security-Policy",
                     "default-src 'none'; frame-ancestors 'self'");
    http_resp_header(resp, req, "X-Frame-Options", "SAMEORIGIN");
    http_resp_header(resp, req, "Content-Disposition",
                     arena_printf(req->arena, "inline; filename=\"documento-%" PRId64 ".%s\"",
                                  doc_id,
                                  sniff_extension(d.mime) ? sniff_extension(d.mime) : "bin"));
}

/* The catalogue text of "<prefix>.<kind>", or of prefix where the kind has none. */
static const char *kind_text(struct http_req *req, const char *prefix, const char *kind)
{
    const char *key = arena_printf(req->arena, "%s.%s", prefix, kind);
    const char *text = page_t(req, key);
    return strcmp(text, key) != 0 ? text : page_t(req, prefix);
}

static void case_page(struct http_req *req, struct http_resp *resp, int64_t id, int status,
                      const struct form_errors *fe, const char *reasons)
{
    struct app *app = req->app;
    struct vc_env env;
    if (app_begin(app, req, &env) != VC_OK) { /* the view is audited */
        page_error(req, resp, 500, 0);
        return;
    }
    struct case_view *v = arena_alloc(req->arena, sizeof *v);
    struct case_document docs[CASE_DOCS_MAX];
    v->docs = docs;
    v->max_docs = CASE_DOCS_MAX;
    enum vc_status st = case_view(&env, req->auth.id, id, v);
    st = app_end(app, &env, st);
    if (st != VC_OK) {
        page_error(req, resp, page_status_http(st), 0);
        return;
    }
    size_t n = v->n_docs;
    json_t *ctx = page_context(req);
    json_object_set_new(ctx, "case", case_json(req, &v->c, app_clock_now(NULL)));
    json_object_set_new(ctx, "m", member_labels(req, &v->member));
    json_object_set_new(ctx, "registry", json_boolean(v->acc.member_id != 0));
    json_t *pj = page_person_json(&v->person);
    json_object_set_new(pj, "birth_date", json_string(page_date(req, v->person.birth_date)));
    json_object_set_new(ctx, "p", pj);
    json_object_set_new(ctx, "username", json_string(v->acc.username));
    json_object_set_new(ctx, "base",
                        json_string(arena_printf(req->arena, "/backoffice/casi/%" PRId64, id)));
    json_t *facts = json_array();
    for (size_t i = 0; i < v->n_facts; i++) {
        json_t *f = json_object();
        json_object_set_new(f, "label", json_string(page_t(req, v->facts[i].key)));
        json_object_set_new(
            f, "value",
            json_string(v->facts[i].is_label ? page_t(req, v->facts[i].value) : v->facts[i].value));
        json_array_append_new(facts, f);
    }
    json_object_set_new(ctx, "facts", facts);
    /* a kind of case may title its sections itself ("bo.case.facts.mandate":
     * whom the mandate is for; "bo.case.member.mandate": the procurator) */
    json_object_set_new(ctx, "facts_title",
                        json_string(kind_text(req, "bo.case.facts", v->c.step)));
    json_object_set_new(ctx, "member_title",
                        json_string(kind_text(req, "bo.case.member", v->c.step)));
    json_object_set_new(ctx, "has_facts", json_boolean(v->n_facts > 0));
    json_t *list = json_array();
    for (size_t i = 0; i < n; i++) {
        json_t *o = json_object();
        char when[32];
        page_format_time(docs[i].received_at, when);
        json_object_set_new(
            o, "href",
            json_string(arena_printf(req->arena, "/backoffice/casi/%" PRId64 "/documenti/%" PRId64,
                                     id, docs[i].id)));
        json_object_set_new(o, "when", json_string(when));
        json_object_set_new(o, "mime", json_string(page_label(req, "mime", docs[i].mime)));
        json_object_set_new(o, "image", json_boolean(strncmp(docs[i].mime, "image/", 6) == 0));
        json_object_set_new(
            o, "channel",
            json_string(page_label(req, "case.channel", case_channel_name(docs[i].channel))));
        json_object_set_new(o, "size_kb", json_integer((docs[i].size + 1023) / 1024));
        json_object_set_new(o, "first", json_boolean(i == 0));
        json_array_append_new(list, o);
    }
    json_object_set_new(ctx, "documents", list);
    /* separation of duties: who recorded the receipt does not decide it */
    json_object_set_new(ctx, "own_receipt",
                        json_boolean(n > 0 && docs[0].recorded_by == req->auth.id));
    json_object_set_new(ctx, "motivi", json_string(reasons ? reasons : ""));
    /* the account itself: suspend it (a stolen identity reported) or lift it */
    json_object_set_new(ctx, "suspended", json_boolean(v->acc.state == ACCOUNT_SUSPENDED));
    const char *why = http_form(req, "motivo");
    json_object_set_new(ctx, "motivo", json_string(why && status != 303 ? why : ""));
    json_object_set_new(ctx, "account_done",
                        json_string(http_query(req, "account") ? http_query(req, "account") : ""));
    if (fe != NULL)
        page_add_errors(req, ctx, fe);
    page_render(req, resp, status, "backoffice/case.html", ctx);
}

void bo_case(struct http_req *req, struct http_resp *resp)
{
    int64_t id = 0, doc = 0;
    const char *rest;
    if (!parse_id(req->path_rest, &id, &rest)) {
        page_error(req, resp, 404, 0);
        return;
    }
    if (*rest == '\0') {
        case_page(req, resp, id, 200, NULL, NULL);
        return;
    }
    const char *tail;
    if (strncmp(rest, "/documenti/", 11) == 0 && parse_id(rest + 11, &doc, &tail) &&
        *tail == '\0') {
        document(req, resp, id, doc);
        return;
    }
    page_error(req, resp, 404, 0);
}

void bo_case_form(struct http_req *req, struct http_resp *resp)
{
    int64_t id = 0;
    const char *rest;
    if (!parse_id(req->path_rest, &id, &rest)) {
        page_error(req, resp, 404, 0);
        return;
    }
    case_page(req, resp, id, 200, NULL, NULL);
}

/* Suspends or reinstates the account of case id (core/account.h). */
static void account_action(struct http_req *req, struct http_resp *resp, int64_t id, bool suspend)
{
    struct app *app = req->app;
    struct vc_env env;
    if (app_begin(app, req, &env) != VC_OK) {
        page_error(req, resp, 500, 0);
        return;
    }
    struct form_errors fe;
    form_errors_init(&fe);
    int64_t account_id = 0;
    enum vc_status st = case_account(&env, id, &account_id);
    if (st == VC_OK)
        st = suspend
                 ? account_suspend(&env, req->auth.id, account_id, http_form(req, "motivo"), &fe)
                 : account_reinstate(&env, req->auth.id, account_id);
    st = app_end(app, &env, st == VC_ERR_CONFLICT ? VC_OK : st);
    if (st == VC_ERR_INVALID) {
        case_page(req, resp, id, 422, &fe, NULL);
        return;
    }
    if (st != VC_OK) {
        page_error(req, resp, page_status_http(st), 0);
        return;
    }
    http_resp_redirect(resp, arena_printf(req->arena, "/backoffice/casi/%" PRId64 "?account=%s", id,
                                          suspend ? "sospeso" : "riattivato"));
}

void bo_case_post(struct http_req *req, struct http_resp *resp)
{
    struct app *app = req->app;
    int64_t id = 0;
    const char *rest;
    bool accept = false, reject = false, suspend = false, reinstate = false;
    if (parse_id(req->path_rest, &id, &rest)) {
        accept = strcmp(rest, "/accetta") == 0;
        reject = strcmp(rest, "/rifiuta") == 0;
        suspend = strcmp(rest, "/sospendi") == 0;
        reinstate = strcmp(rest, "/riattiva") == 0;
    }
    if (suspend || reinstate) {
        account_action(req, resp, id, suspend);
        return;
    }
    if (!accept && !reject) {
        page_error(req, resp, 404, 0);
        return;
    }
    const char *reasons = http_form(req, "motivi");
    struct vc_env env;
    if (app_begin(app, req, &env) != VC_OK) {
        page_error(req, resp, 500, 0);
        return;
    }
    struct form_errors fe;
    form_errors_init(&fe);
    enum vc_status st = case_decide(&env, req->auth.id, id, accept, reasons, &fe);
    st = app_end(app, &env, st);
    if (st == VC_ERR_INVALID) {
        case_page(req, resp, id, 422, &fe, reasons);
        return;
    }
    if (st == VC_ERR_DENIED || st == VC_ERR_CONFLICT) {
        form_errors_add(
            &fe, "", st == VC_ERR_DENIED ? "error.case.already_decided" : "error.case.own_receipt");
        case_page(req, resp, id, 409, &fe, NULL);
        return;
    }
    if (st != VC_OK) {
        page_error(req, resp, page_status_http(st), 0);
        return;
    }
    http_resp_redirect(resp,
                       accept ? "/backoffice?esito=accettata" : "/backoffice?esito=rifiutata");
}

static void receipt_page(struct http_req *req, struct http_resp *resp, int status,
                         const struct form_errors *fe, bool done)
{
    json_t *c = page_context(req);
    const char *p = http_form(req, "pratica");
    json_object_set_new(c, "pratica", json_string(p && !done ? p : ""));
    const char *canale = http_form(req, "canale");
    json_object_set_new(c, "fax",
                        json_boolean(!done && canale != NULL && strcmp(canale, "fax") == 0));
    json_object_set_new(c, "done", json_boolean(done || http_query(req, "registrata") != NULL));
    if (fe != NULL)
        page_add_errors(req, c, fe);
    page_render(req, resp, status, "backoffice/receipt.html", c);
}

void bo_receipt_form(struct http_req *req, struct http_resp *resp)
{
    receipt_page(req, resp, 200, NULL, false);
}

void bo_receipt_post(struct http_req *req, struct http_resp *resp)
{
    struct app *app = req->app;
    struct form_errors fe;
    form_errors_init(&fe);
    const char *number = http_form(req, "pratica"), *canale = http_form(req, "canale");
    const struct http_file *f = http_file(req, "scansione");
    enum case_channel ch = CHANNEL_NONE;
    if (canale != NULL && strcmp(canale, "email") == 0)
        ch = CHANNEL_EMAIL;
    else if (canale != NULL && strcmp(canale, "fax") == 0)
        ch = CHANNEL_FAX;
    if (number == NULL || number[0] == '\0' || strlen(number) > 23)
        form_errors_add(&fe, "pratica", "error.case.number");
    if (ch == CHANNEL_NONE)
        form_errors_add(&fe, "canale", "error.case.channel");
    const char *bad = app_document_check(f);
    if (bad != NULL)
        form_errors_add(&fe, "scansione", bad);
    if (form_errors_any(&fe)) {
        receipt_page(req, resp, f != NULL && f->too_big ? 413 : 422, &fe, false);
        return;
    }
    struct id_form_doc doc;
    if (app_document_store(app, f, ch, &doc) != VC_OK) {
        page_error(req, resp, 500, 0);
        return;
    }
    struct vc_env env;
    if (app_begin(app, req, &env) != VC_OK) {
        app_document_remove(app, &doc);
        page_error(req, resp, 500, 0);
        return;
    }
    struct id_case c;
    enum vc_status st = id_form_case_by_number(&env, number, &c);
    if (st == VC_OK)
        st = id_form_record_receipt(&env, req->auth.id, c.id, &doc);
    st = app_end(app, &env, st);
    if (st != VC_OK)
        app_document_remove(app, &doc);
    if (st == VC_ERR_NOT_FOUND || st == VC_ERR_DENIED) {
        form_errors_add(&fe, "pratica",
                        st == VC_ERR_NOT_FOUND ? "error.case.unknown" : "error.case.not_awaiting");
        receipt_page(req, resp, 422, &fe, false);
        return;
    }
    if (st != VC_OK) {
        page_error(req, resp, 500, 0);
        return;
    }
    http_resp_redirect(resp, "/backoffice/ricevute?registrata=1");
}

void bo_outbox(struct http_req *req, struct http_resp *resp)
{
    struct app *app = req->app;
    struct vc_env env;
    if (app_begin(app, req, &env) != VC_OK) {
        page_error(req, resp, 500, 0);
        return;
    }
    /* 956 KB: from the request, not per thread for the process's life */
    struct outbox_msg *msgs = arena_alloc(req->arena, OUTBOX_PAGE_MAX * sizeof *msgs);
    size_t n = 0;
    enum vc_status st = messages_list(&env, -1, msgs, OUTBOX_PAGE_MAX, &n);
    st = app_end(app, &env, st);
    if (st != VC_OK) {
        page_error(req, resp, 500, 0);
        return;
    }
    json_t *c = page_context(req);
    json_t *list = json_array();
    for (size_t i = 0; i < n; i++) {
        if (msgs[i].status == OUTBOX_DELIVERED)
            continue;
        json_t *o = json_object();
        char when[32];
        page_format_time(msgs[i].next_attempt_at, when);
        json_object_set_new(
            o, "channel",
            json_string(page_label(req, "outbox.channel", outbox_channel_name(msgs[i].channel))));
        json_object_set_new(o, "template",
                            json_string(page_label(req, "outbox.template", msgs[i].template_name)));
        /* an administrator diagnoses a delivery: the last digits of a
         * mobile say enough, the whole number is the person's to give */
        char masked[PHONE_MASKED_SIZE];
        if (msgs[i].channel == OUTBOX_SMS)
            phone_mask(msgs[i].recipient, masked);
        json_object_set_new(
            o, "recipient",
            json_string(msgs[i].channel == OUTBOX_SMS ? masked : msgs[i].recipient));
        json_object_set_new(
            o, "status",
            json_string(page_label(req, "outbox.status", outbox_status_name(msgs[i].status))));
        json_object_set_new(o, "stuck", json_boolean(msgs[i].status == OUTBOX_STUCK));
        json_object_set_new(o, "attempts", json_integer(msgs[i].attempts));
        json_object_set_new(o, "next", json_string(when));
        json_object_set_new(o, "error", json_string(msgs[i].last_error));
        json_array_append_new(list, o);
    }
    json_object_set_new(c, "messages", list);
    page_render(req, resp, 200, "backoffice/outbox.html", c);
}
