/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* Registration (the `register` step) as the journey declares it
 * (core/profile.h: struct reg_field): which fields, and for each kind its
 * check -- the registry match of matricola and codice fiscale (enasarco),
 * the codice fiscale against the personal data typed beside it
 * (core/cf_person.h, inps-pin), the email (not a PEC), the password policy,
 * the consent. A new account gets its person from the registry row or from
 * the form (core/person.h), and its journey starts.
 *
 * In three phases, so that the slow hash runs on the worker pool with no
 * transaction held, and so that the answer is the same whether or not the
 * person already has an account (no enumeration):
 *   check  (write transaction, no hash): the fields, the throttle (the
 *          codice fiscale; a registry mismatch counts as a failure), the
 *          registry. VC_ERR_INVALID (errs) or VC_ERR_LIMIT (*env->retry_after).
 *   hash   (no transaction): argon2id of the password when the journey's
 *          credential is a password; nothing for issued credentials (a PIN
 *          is made by its step).
 *   finish (write transaction): a new person gets the account (state
 *          pending, level limited) and the journey starts; a person or an
 *          address that already has an account gets nothing new, the owner
 *          of record is mailed instead and *out_account_id is 0 -- VC_OK both
 *          ways.
 * account_register() is the three in one (tests, CLI). */
#ifndef VARCO_CORE_REGISTRATION_H
#define VARCO_CORE_REGISTRATION_H

#include <stdbool.h>
#include <stdint.h>

#include "core/env.h"
#include "core/form.h"
#include "core/profile.h"
#include "core/types.h"
#include "util/status.h"

#define REG_KINDS (REG_PRIVACY + 1)
#define REG_VALUE_MAX 512 /* bytes of one value; the longest is a password (128 code points) */

/* What the form carries, by field kind ("" for what the journey does not
 * ask), already bounded by the HTTP layer. The caller wipes it after use
 * (it holds the password). */
struct register_form {
    const struct journey_def *journey; /* NULL: the profile's first */
    char value[REG_KINDS][REG_VALUE_MAX];
    char password_confirm[REG_VALUE_MAX];
    char lang[3]; /* language of the person's mail: "it"/"en" */
};

/* The kind's value; "on" is how a checked consent arrives. */
static inline const char *register_value(const struct register_form *f, enum reg_kind k)
{
    return f->value[k];
}

enum vc_status account_register_check(const struct vc_env *env, const struct register_form *f,
                                      struct form_errors *errs);
enum vc_status account_register_hash(const struct register_form *f, char out[128]);
enum vc_status account_register_finish(const struct vc_env *env, const struct register_form *f,
                                       const char *password_hash, struct form_errors *errs,
                                       int64_t *out_account_id);
enum vc_status account_register(const struct vc_env *env, const struct register_form *f,
                                struct form_errors *errs, int64_t *out_account_id);

#endif
