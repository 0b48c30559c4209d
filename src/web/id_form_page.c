/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* The identification form step: download the form, upload it signed, see
 * where the case stands (and why it was refused). */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "core/account.h"
#include "core/steps/id_form.h"
#include "crypto/token.h"
#include "render/pdf.h"
#include "util/sniff.h"
#include "app/app.h"
#include "web/handlers.h"
#include "app/page.h"

static void page(struct http_req *req, struct http_resp *resp, int status, const char *upload_error,
                 bool just_sent)
{
    struct app *app = req->app;
    struct vc_env env;
    if (app_begin_read(app, req, &env) != VC_OK) {
        page_error(req, resp, 500, 0);
        return;
    }
    struct id_case c;
    enum vc_status st = id_form_case(&env, req->auth.id, &c);
    st = app_end(app, &env, st);
    if (st == VC_ERR_DENIED) {
        http_resp_redirect(resp, "/area");
        return;
    }
    if (st != VC_OK) {
        page_error(req, resp, 500, 0);
        return;
    }
    json_t *ctx = page_context(req);
    json_object_set_new(ctx, "case_number", json_string(c.number));
    json_object_set_new(ctx, case_status_name(c.status), json_true());
    json_object_set_new(ctx, "can_upload",
                        json_boolean(c.status == CASE_AWAITING || c.status == CASE_REJECTED));
    json_object_set_new(ctx, "reasons", json_string(c.reasons));
    json_object_set_new(ctx, "form_email", json_string(app->cfg->form_email));
    json_object_set_new(ctx, "form_fax", json_string(app->cfg->form_fax));
    json_object_set_new(ctx, "just_sent", json_boolean(just_sent));
    if (c.due_at != 0) {
        char due[32];
        page_format_time(c.due_at, due);
        json_object_set_new(ctx, "due", json_string(due));
    }
    if (upload_error != NULL) {
        json_t *errors = json_object();
        json_object_set_new(errors, "documento", json_string(page_message(req, upload_error)));
        json_object_set_new(ctx, "errors", errors);
    }
    page_render(req, resp, status, "web/id_form.html", ctx);
}

void web_id_form_page(struct http_req *req, struct http_resp *resp)
{
    page(req, resp, 200, NULL, http_query(req, "inviato") != NULL);
}

void web_id_form_pdf(struct http_req *req, struct http_resp *resp)
{
    struct app *app = req->app;
    struct vc_env env;
    if (app_begin_read(app, req, &env) != VC_OK) {
        page_error(req, resp, 500, 0);
        return;
    }
    struct id_case c;
    struct account a;
    struct member m;
    enum vc_status st = id_form_case(&env, req->auth.id, &c);
    if (st == VC_OK)
        st = account_load(&env, req->auth.id, &a, &m);
    st = app_end(app, &env, st);
    if (st == VC_ERR_DENIED) {
        http_resp_redirect(resp, "/area");
        return;
    }
    if (st != VC_OK) {
        page_error(req, resp, 500, 0);
        return;
    }
    char date[16], url[320];
    time_t now = time(NULL);
    struct tm tm;
    localtime_r(&now, &tm);
    strftime(date, sizeof date, "%d/%m/%Y", &tm);
    snprintf(url, sizeof url, "%s/area/modulo", app->core.base_url);
    struct pdf_id_form f = {
        .lang = req->lang,
        .institution = app->cfg->institution,
        .member = &m,
        .username = a.username,
        .case_number = c.number,
        .case_url = url,
        .form_email = app->cfg->form_email,
        .form_fax = app->cfg->form_fax,
        .date = date,
    };
    buf_reset(&resp->body);
    if (pdf_render_id_form(&f, app->i18n, &resp->body) != VC_OK) {
        page_error(req, resp, 500, 0);
        return;
    }
    resp->status = 200;
    resp->content_type = "application/pdf";
    http_resp_header(resp, req, "Content-Disposition",
                     arena_printf(req->arena, "attachment; filename=\"modulo-%s.pdf\"", c.number));
}

void web_id_form_upload(struct http_req *req, struct http_resp *resp)
{
    struct app *app = req->app;
    const struct http_file *f = http_file(req, "documento");
    const char *bad = app_document_check(f);
    if (bad != NULL) {
        page(req, resp, f != NULL && f->too_big ? 413 : 422, bad, false);
        return;
    }
    struct id_form_doc doc;
    if (app_document_store(app, f, CHANNEL_UPLOAD, &doc) != VC_OK) {
        page_error(req, resp, 500, 0);
        return;
    }
    struct vc_env env;
    if (app_begin(app, req, &env) != VC_OK) {
        app_document_remove(app, &doc);
        page_error(req, resp, 500, 0);
        return;
    }
    enum vc_status st = id_form_submit(&env, req->auth.id, &doc);
    st = app_end(app, &env, st);
    if (st != VC_OK)
        app_document_remove(app, &doc);
    if (st == VC_ERR_DENIED) {
        page(req, resp, 409, "error.upload.not_now", false);
        return;
    }
    if (st != VC_OK) {
        page_error(req, resp, 500, 0);
        return;
    }
    http_resp_redirect(resp, "/area/modulo?inviato=1");
}
