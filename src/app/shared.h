/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* What the member side (web/) and the back office (backoffice/) share
 * beyond the application context (app/app.h) and page rendering
 * (app/page.h): the HTTP layer's hooks, sessions started and ended from a
 * handler, and uploaded documents. Nothing here knows a route of either. */
#ifndef VARCO_APP_SHARED_H
#define VARCO_APP_SHARED_H

#include <stdbool.h>
#include <stdint.h>

#include "core/env.h"
#include "core/types.h"
#include "http/http.h"

/* app/hooks.c: the http_hooks of the application (who is behind the
 * session cookie, the request's transaction, where to send someone whose
 * need is not met, error pages). */
void app_authenticate(struct http_req *req);
void app_finish(struct http_req *req);
void app_deny(struct http_req *req, struct http_resp *resp, enum http_need need);
void app_error(struct http_req *req, struct http_resp *resp, int status, int retry_after);

/* app/session.c: a new session (old one ended), cookie set, CSRF rotated. */
enum vc_status app_session_start(struct http_req *req, struct http_resp *resp,
                                 const struct vc_env *env, const char *cookie,
                                 enum session_kind kind, int64_t id, enum account_level level,
                                 bool mfa_done);
/* A member's session rotated for the same person keeps the old one's amr
 * (core/session.h); app_session_start_amr says it (a second factor given). */
enum vc_status app_session_start_amr(struct http_req *req, struct http_resp *resp,
                                     const struct vc_env *env, const char *cookie,
                                     enum session_kind kind, int64_t id, enum account_level level,
                                     bool mfa_done, const char *amr);
void app_session_clear(struct http_req *req, struct http_resp *resp, const char *cookie);
/* After a core call that completed a step of account_id's journey: when the
 * engine changed the level and the person asking is that account, a new
 * session id at the new level (DESIGN.md §5); else nothing. */
struct journey_outcome;
enum vc_status app_after_step(struct http_req *req, struct http_resp *resp,
                              const struct vc_env *env, int64_t account_id,
                              const struct journey_outcome *out);

/* app/documents.c: an upload checked by content (NULL or a catalogue key),
 * then stored encrypted; the caller removes the blob (app_document_remove)
 * if its transaction fails. */
struct app;
struct id_form_doc;
const char *app_document_check(const struct http_file *f);
enum vc_status app_document_store(struct app *app, const struct http_file *f,
                                  enum case_channel channel, struct id_form_doc *out);
void app_document_remove(struct app *app, const struct id_form_doc *doc);
/* The plaintext of a stored document (decrypted) appended to out. */
struct buf;
enum vc_status app_document_read(struct app *app, const char *blob, struct buf *out);
/* Bytes varco made (a contract) stored encrypted like uploads: the blob id
 * and the SHA-256 (hex) of the plaintext; app_blob_remove undoes it. */
enum vc_status app_blob_store(struct app *app, const void *data, size_t len,
                              char out_blob[HASH_HEX], char out_sha256[HASH_HEX]);
void app_blob_remove(struct app *app, const char *blob);
/* The PDF sealed with the institution's key (crypto/pdf_seal.h): the
 * signature a reader's PDF viewer checks, made at `when`. */
enum vc_status app_seal_pdf(struct app *app, const struct buf *pdf, int64_t when, struct buf *out);

#endif
