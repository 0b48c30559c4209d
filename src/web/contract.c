/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* The contract signed with an SMS code (/area/contratto;
 * core/steps/contract_otp.h): the contract to read (PDF), the clauses to
 * accept one by one and the mobile number; then the code, which signs the
 * very document stored when it was sent; the sealed contract to download.
 * Documents are made and stored here (render/, app/), never in core. */
#include <string.h>
#include <time.h>

#include "core/account.h"
#include "core/journey.h"
#include "core/person.h"
#include "core/phone.h"
#include "core/steps/contract_otp.h"
#include "app/app.h"
#include "app/page.h"
#include "app/shared.h"
#include "render/pdf.h"
#include "web/handlers.h"

/* The person's data, the contract (if any) and whether the journey is at
 * the contract now. */
struct view {
    struct account acc;
    struct member member;
    struct person person;
    struct contract contract;
    bool has_contract, at_step;
};

static enum vc_status load(const struct vc_env *env, int64_t id, struct view *v)
{
    enum vc_status st = account_load(env, id, &v->acc, &v->member);
    if (st == VC_OK)
        st = person_of_account(env, &v->acc, &v->person);
    if (st == VC_OK) {
        st = contract_of(env, id, &v->contract);
        v->has_contract = st == VC_OK;
        if (st == VC_ERR_NOT_FOUND)
            st = VC_OK;
    }
    const struct step_ref *at = st == VC_OK ? journey_active(env, &v->acc) : NULL;
    v->at_step = at != NULL && strcmp(at->page, "contract") == 0;
    return st;
}

/* The view of the person asking, read in its own transaction; NULL when
 * the store failed (the 500 is sent). */
static struct view *read_view(struct http_req *req, struct http_resp *resp)
{
    struct app *app = req->app;
    struct vc_env env;
    struct view *v = arena_alloc(req->arena, sizeof *v);
    enum vc_status st = app_begin_read(app, req, &env);
    if (st == VC_OK)
        st = app_end(app, &env, load(&env, req->auth.id, v));
    if (st != VC_OK) {
        page_error(req, resp, 500, 0);
        return NULL;
    }
    return v;
}

static void page(struct http_req *req, struct http_resp *resp, int status,
                 const struct form_errors *fe, const char *notice)
{
    struct view *v = read_view(req, resp);
    if (v == NULL)
        return;
    bool signed_ = v->has_contract && v->contract.status == CONTRACT_SIGNED;
    if (!v->at_step && !signed_) { /* nothing to sign, nothing signed */
        http_resp_redirect(resp, "/area");
        return;
    }
    json_t *c = page_context(req);
    bool pending = v->has_contract && v->contract.status == CONTRACT_PENDING;
    json_object_set_new(c, "signed", json_boolean(signed_));
    json_object_set_new(c, "pending", json_boolean(pending));
    char phone[PHONE_MASKED_SIZE] = "";
    if (v->has_contract)
        phone_mask(v->contract.mobile, phone);
    json_object_set_new(c, "phone", json_string(phone));
    if (signed_) {
        char when[32];
        page_format_time(v->contract.signed_at, when);
        json_object_set_new(c, "signed_at", json_string(when));
        json_object_set_new(c, "sha256", json_string(v->contract.sealed_sha256));
    }
    json_t *clauses = json_array();
    for (size_t i = 0; i < CONTRACT_CLAUSES_N; i++) {
        json_t *o = json_object();
        char key[64], field[48];
        snprintf(key, sizeof key, "contract.clause.%s", CONTRACT_CLAUSES[i]);
        snprintf(field, sizeof field, "clausola_%s", CONTRACT_CLAUSES[i]);
        json_object_set_new(o, "name", json_string(field));
        json_object_set_new(o, "text", json_string(page_t(req, key)));
        /* ticked as the person left it; all ticked once a code was sent */
        bool ticked = fe != NULL ? http_form(req, field) != NULL : pending;
        json_object_set_new(o, "checked", json_boolean(ticked));
        const char *err = fe != NULL ? form_errors_get(fe, field) : NULL;
        if (err != NULL)
            json_object_set_new(o, "error", json_string(page_t(req, err)));
        json_array_append_new(clauses, o);
    }
    json_object_set_new(c, "clauses", clauses);
    const char *mobile = http_form(req, "mobile");
    json_object_set_new(c, "mobile",
                        json_string(mobile != NULL && strlen(mobile) < 40 ? mobile
                                    : v->has_contract                     ? v->contract.mobile
                                                                          : v->person.mobile));
    if (notice != NULL)
        json_object_set_new(c, "notice", json_string(page_t(req, notice)));
    if (fe != NULL)
        page_add_errors(req, c, fe);
    page_render(req, resp, status, "web/contract.html", c);
}

void web_contract(struct http_req *req, struct http_resp *resp)
{
    page(req, resp, 200, NULL, http_query(req, "inviato") != NULL ? "contract.code.sent" : NULL);
}

/* The contract as it would be signed now: the person's data, the number
 * given, every clause. */
static enum vc_status render(struct http_req *req, const struct view *v, const char *mobile,
                             struct buf *out)
{
    struct app *app = req->app;
    const char *keys[CONTRACT_CLAUSES_N];
    for (size_t i = 0; i < CONTRACT_CLAUSES_N; i++)
        keys[i] = arena_printf(req->arena, "contract.clause.%s", CONTRACT_CLAUSES[i]);
    char date[16];
    struct tm tm;
    time_t now = (time_t)app_clock_now(NULL);
    gmtime_r(&now, &tm);
    strftime(date, sizeof date, "%d/%m/%Y", &tm);
    struct pdf_contract pc = {
        .lang = req->lang,
        .institution = app->cfg->institution,
        .person = &v->person,
        .username = v->acc.username,
        .mobile = mobile,
        .clause_keys = keys,
        .n_clauses = CONTRACT_CLAUSES_N,
        .date = date,
    };
    return pdf_render_contract(&pc, app->i18n, out);
}

static void send_pdf(struct http_req *req, struct http_resp *resp, const char *filename)
{
    resp->status = 200;
    resp->content_type = "application/pdf";
    http_resp_header(resp, req, "Content-Disposition",
                     arena_printf(req->arena, "attachment; filename=\"%s\"", filename));
}

/* GET /area/contratto.pdf: the document a code was sent for, else the
 * contract as it reads now. */
void web_contract_pdf(struct http_req *req, struct http_resp *resp)
{
    struct app *app = req->app;
    struct view *v = read_view(req, resp);
    if (v == NULL)
        return;
    if (!v->at_step) {
        page_error(req, resp, 404, 0);
        return;
    }
    buf_reset(&resp->body);
    enum vc_status st = v->has_contract ? app_document_read(app, v->contract.pdf_blob, &resp->body)
                                        : render(req, v, v->person.mobile, &resp->body);
    if (st != VC_OK) {
        page_error(req, resp, 500, 0);
        return;
    }
    send_pdf(req, resp, "contratto.pdf");
}

/* GET /area/contratto/firmato.pdf: the sealed contract. */
void web_contract_signed_pdf(struct http_req *req, struct http_resp *resp)
{
    struct app *app = req->app;
    struct view *v = read_view(req, resp);
    if (v == NULL)
        return;
    if (!v->has_contract || v->contract.status != CONTRACT_SIGNED) {
        page_error(req, resp, 404, 0);
        return;
    }
    buf_reset(&resp->body);
    if (app_document_read(app, v->contract.sealed_blob, &resp->body) != VC_OK) {
        page_error(req, resp, 500, 0);
        return;
    }
    send_pdf(req, resp, "contratto-firmato.pdf");
}

/* POST /area/contratto/codice: the clauses, the number, then a code for the
 * document as it is now. */
void web_contract_code(struct http_req *req, struct http_resp *resp)
{
    struct app *app = req->app;
    struct contract_request r = {.mobile = http_form(req, "mobile")};
    for (size_t i = 0; i < CONTRACT_CLAUSES_N; i++) {
        char field[48];
        snprintf(field, sizeof field, "clausola_%s", CONTRACT_CLAUSES[i]);
        r.accepted[i] = http_form(req, field) != NULL;
    }
    struct view *v = read_view(req, resp);
    if (v == NULL)
        return;
    if (!v->at_step) {
        http_resp_redirect(resp, "/area");
        return;
    }
    struct vc_env env;
    enum vc_status st;
    /* the number as it will be printed: normalised, or as typed (refused
     * below, with nothing stored) */
    char mobile[PHONE_E164_SIZE] = "";
    if (r.mobile != NULL && !phone_normalise(r.mobile, mobile))
        mobile[0] = '\0';
    struct buf pdf;
    buf_init(&pdf);
    char blob[HASH_HEX] = "", sha[HASH_HEX] = "", old[HASH_HEX] = "";
    struct form_errors fe;
    form_errors_init(&fe);
    int64_t next_at = 0;
    st = render(req, v, mobile, &pdf);
    if (st == VC_OK)
        st = app_blob_store(app, pdf.data, pdf.len, blob, sha);
    buf_fini(&pdf);
    r.pdf_blob = blob;
    r.pdf_sha256 = sha;
    if (st == VC_OK && (st = app_begin(app, req, &env)) == VC_OK)
        st = app_end(app, &env, contract_send_code(&env, &v->acc, &r, &fe, &next_at, old));
    if (st != VC_OK)
        app_blob_remove(app, blob);
    else
        app_blob_remove(app, old); /* the document of an earlier code */
    if (st == VC_ERR_INVALID) {
        page(req, resp, 422, &fe, NULL);
        return;
    }
    if (st == VC_ERR_LIMIT) {
        form_errors_add(&fe, "", "error.contract.wait");
        page(req, resp, 429, &fe, NULL);
        return;
    }
    if (st == VC_ERR_DENIED) {
        http_resp_redirect(resp, "/area/contratto");
        return;
    }
    if (st != VC_OK) {
        page_error(req, resp, 500, 0);
        return;
    }
    http_resp_redirect(resp, "/area/contratto?inviato=1");
}

/* POST /area/contratto/firma: the code signs the stored document, which is
 * sealed and kept. */
void web_contract_sign(struct http_req *req, struct http_resp *resp)
{
    struct app *app = req->app;
    const char *typed = http_form(req, "codice");
    if (typed == NULL || strlen(typed) > 32)
        typed = "";
    struct view *v = read_view(req, resp);
    if (v == NULL)
        return;
    if (!v->has_contract || v->contract.status != CONTRACT_PENDING) {
        http_resp_redirect(resp, "/area/contratto");
        return;
    }
    struct vc_env env;
    enum vc_status st;
    struct buf pdf, sealed;
    buf_init(&pdf);
    buf_init(&sealed);
    char blob[HASH_HEX] = "", sha[HASH_HEX] = "";
    st = app_document_read(app, v->contract.pdf_blob, &pdf);
    if (st == VC_OK)
        st = app_seal_pdf(app, &pdf, app_clock_now(NULL), &sealed);
    if (st == VC_OK)
        st = app_blob_store(app, sealed.data, sealed.len, blob, sha);
    struct contract_sealed cs = {.blob = blob, .sha256 = sha, .size = (int64_t)sealed.len};
    buf_fini(&pdf);
    buf_fini(&sealed);
    struct form_errors fe;
    form_errors_init(&fe);
    struct journey_outcome out = {0};
    int left = 0;
    if (st == VC_OK && (st = app_begin(app, req, &env)) == VC_OK) {
        st = contract_sign(&env, &v->acc, typed, &cs, &fe, &left, &out);
        if (st == VC_OK)
            st = app_after_step(req, resp, &env, req->auth.id, &out);
        st = app_end(app, &env, st); /* commits a wrong code's spent attempt too */
    }
    if (st != VC_OK)
        app_blob_remove(app, blob);
    if (st == VC_ERR_DENIED || st == VC_ERR_LIMIT || st == VC_ERR_EXPIRED ||
        st == VC_ERR_NOT_FOUND || st == VC_ERR_CONFLICT) {
        page(req, resp, 422, &fe, NULL);
        return;
    }
    if (st != VC_OK) {
        page_error(req, resp, 500, 0);
        return;
    }
    http_resp_redirect(resp, page_path(out.page));
}
