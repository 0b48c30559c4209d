/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* Changing the email, which is also the username: the person asks with the
 * current password; a single-use link (24 h) goes to the NEW address; when
 * it is opened the username changes and the OLD address gets a notice.
 * The request answers the same whether or not the new address belongs to
 * someone else (no enumeration): that owner gets a short note instead of
 * a link, and the address is checked again when the link is opened.
 * Phases like the login (the password check runs on the worker pool):
 *   check (read) -> verify (none) -> finish (write). */
#ifndef VARCO_CORE_EMAIL_CHANGE_H
#define VARCO_CORE_EMAIL_CHANGE_H
#include <stdbool.h>
#include <stddef.h>

#include "core/env.h"
#include "core/form.h"
#include "core/personal_code.h"
#include "core/types.h"
#include "util/status.h"

#define EMAIL_CHANGE_LINK_SECONDS 86400

struct email_change {
    int64_t account_id;
    char new_email[EMAIL_MAX + 1];
    char hash[128]; /* the password hash at check time */
    bool verified;
    struct personal_code_proof code; /* journeys with a personal code (core/personal_code.h) */
};

/* The new address: valid, not a PEC, not the current one, and a password
 * given; for journeys with a personal code, the code too (personal_code,
 * NULL or "" when none was typed: errs on "personal_code"). VC_ERR_INVALID (errs on "email",
 * "password"), VC_ERR_LIMIT (throttled). Only a complete form reserves an attempt against the
 * account's password throttle (it writes: a write transaction). */
enum vc_status email_change_check(const struct vc_env *env, int64_t account_id,
                                  const char *new_email, const char *password,
                                  const char *personal_code, struct form_errors *errs,
                                  struct email_change *out);
void email_change_verify(struct email_change *ec, const char *password, const char *personal_code);
/* VC_ERR_DENIED for a wrong password (errs on "password") or a wrong
 * personal code (errs on "personal_code", an attempt spent); VC_OK: a link
 * (or a note) is queued. */
enum vc_status email_change_finish(const struct vc_env *env, const struct email_change *ec,
                                   struct form_errors *errs);
/* Opens the link: VC_OK changes the username (out_email gets it);
 * VC_ERR_CONFLICT the address was taken meanwhile; VC_ERR_EXPIRED;
 * VC_ERR_NOT_FOUND (unknown or used). */
enum vc_status email_change_confirm(const struct vc_env *env, const char *token, size_t len,
                                    char out_email[EMAIL_MAX + 1]);
#endif
