/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* A received document (the member's upload, an operator's scan): checked by
 * content, stored encrypted in the blob store, described for core. */
#include <pthread.h>

#include "app/seal.h"
#include "crypto/pdf_seal.h"
#include "crypto/token.h"
#include "util/log.h"
#include "store/blobs.h"
#include "util/sniff.h"
#include "util/str.h"
#include "app/app.h"
#include "app/shared.h"
#include "core/steps/id_form.h"

const char *app_document_check(const struct http_file *f)
{
    if (f != NULL && f->too_big) /* over upload_max_bytes (http/ dropped its bytes) */
        return "error.upload.too_big";
    if (f == NULL || f->len == 0)
        return "error.upload.empty";
    if (sniff_document(f->data, f->len) == NULL)
        return "error.upload.type";
    return NULL;
}

enum vc_status app_document_store(struct app *app, const struct http_file *f,
                                  enum case_channel channel, struct id_form_doc *out)
{
    *out = (struct id_form_doc){.channel = channel, .size = (int64_t)f->len};
    str_copy(out->mime, sniff_document(f->data, f->len), sizeof out->mime);
    token_sha256_hex(f->data, f->len, out->sha256);
    return blobs_put(app->cfg->data_dir, app->secrets.file_key, f->data, f->len, out->blob);
}

void app_document_remove(struct app *app, const struct id_form_doc *doc)
{
    blobs_remove(app->cfg->data_dir, doc->blob);
}

enum vc_status app_document_read(struct app *app, const char *blob, struct buf *out)
{
    return blobs_get(app->cfg->data_dir, app->secrets.file_key, blob, out);
}

enum vc_status app_blob_store(struct app *app, const void *data, size_t len,
                              char out_blob[HASH_HEX], char out_sha256[HASH_HEX])
{
    token_sha256_hex(data, len, out_sha256);
    return blobs_put(app->cfg->data_dir, app->secrets.file_key, data, len, out_blob);
}

void app_blob_remove(struct app *app, const char *blob)
{
    if (blob != NULL && blob[0] != '\0')
        blobs_remove(app->cfg->data_dir, blob);
}

enum vc_status app_seal_pdf(struct app *app, const struct buf *pdf, int64_t when, struct buf *out)
{
    /* the identity is loaded at the first seal: a deployment whose journeys
     * sign nothing never carries the key (nor OpenSSL's pages for it) */
    pthread_mutex_lock(&app->seal_lock);
    enum vc_status st = VC_OK;
    if (app->seal == NULL) {
        char err[300] = "";
        st = app_seal_load(app->cfg, when, &app->seal, err, sizeof err);
        if (st != VC_OK)
            log_error("seal: %s", err);
    }
    pthread_mutex_unlock(&app->seal_lock);
    if (st != VC_OK)
        return st;
    char why[200] = "";
    st = pdf_seal((const uint8_t *)pdf->data, pdf->len, app->seal, when, "contratto firmato", out,
                  why, sizeof why);
    if (st != VC_OK)
        log_error("seal: %s", why);
    return st;
}
