/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* Step `contract_otp` (core/steps/contract_otp.h): the code sent for the
 * document as it is, the wait between codes, the signature with its
 * evidence. */
#include <stdio.h>
#include <string.h>

#include "core/audit.h"
#include "core/codes.h"
#include "core/messages.h"
#include "core/person.h"
#include "core/phone.h"
#include "core/repo.h"
#include "core/steps/contract_otp.h"
#include "util/str.h"

const char *const CONTRACT_CLAUSES[CONTRACT_CLAUSES_N] = {"truthful", "terms", "privacy",
                                                          "onerous"};
/* the form's field of each: "clausola_" + id */
static const char *const CLAUSE_FIELDS[CONTRACT_CLAUSES_N] = {
    "clausola_truthful", "clausola_terms", "clausola_privacy", "clausola_onerous"};

static bool at_step(const struct vc_env *env, const struct account *acc)
{
    const struct step_ref *at = journey_active(env, acc);
    return at != NULL && strcmp(at->kind, step_contract_otp.name) == 0;
}

enum vc_status contract_of(const struct vc_env *env, int64_t account_id, struct contract *out)
{
    return repo_contract_by_account(env->store, account_id, out);
}

/* How long after the last code the next may be sent: the first two at
 * once, then CONTRACT_WAIT_BASE doubling up to CONTRACT_WAIT_MAX. */
static int64_t wait_after(int codes_sent)
{
    if (codes_sent < 2)
        return 0;
    int64_t w = CONTRACT_WAIT_BASE;
    for (int i = 2; i < codes_sent && w < CONTRACT_WAIT_MAX; i++)
        w *= 2;
    return w < CONTRACT_WAIT_MAX ? w : CONTRACT_WAIT_MAX;
}

enum vc_status contract_send_code(const struct vc_env *env, const struct account *acc,
                                  const struct contract_request *r, struct form_errors *errs,
                                  int64_t *out_next_at, char out_old_blob[HASH_HEX])
{
    form_errors_init(errs);
    out_old_blob[0] = '\0';
    if (!at_step(env, acc))
        return VC_ERR_DENIED;
    char clauses[128] = "";
    for (size_t i = 0; i < CONTRACT_CLAUSES_N; i++) {
        if (!r->accepted[i])
            form_errors_add(errs, CLAUSE_FIELDS[i], "error.contract.clause");
        else
            snprintf(clauses + strlen(clauses), sizeof clauses - strlen(clauses), "%s%s",
                     clauses[0] ? "," : "", CONTRACT_CLAUSES[i]);
    }
    char mobile[PHONE_E164_SIZE];
    if (r->mobile == NULL || !phone_normalise(r->mobile, mobile))
        form_errors_add(errs, "mobile", "error.person.mobile");
    if (form_errors_any(errs))
        return VC_ERR_INVALID;

    int64_t now = env_now(env);
    struct contract c;
    enum vc_status st = repo_contract_by_account(env->store, acc->id, &c);
    if (st == VC_ERR_NOT_FOUND) {
        memset(&c, 0, sizeof c);
        c.account_id = acc->id;
    } else if (st != VC_OK) {
        return st;
    } else if (c.status == CONTRACT_SIGNED) {
        return VC_ERR_DENIED;
    } else if (now < c.last_code_at + wait_after(c.codes_sent)) {
        *out_next_at = c.last_code_at + wait_after(c.codes_sent);
        return VC_ERR_LIMIT;
    } else if (strcmp(c.pdf_blob, r->pdf_blob) != 0) {
        str_copy(out_old_blob, c.pdf_blob, HASH_HEX);
    }
    char code[OTP_DIGITS + 1];
    if ((st = codes_issue_otp(env, acc->id, CODE_CONTRACT_OTP, CONTRACT_OTP_SECONDS,
                              CONTRACT_OTP_ATTEMPTS, r->pdf_sha256, code)) != VC_OK)
        return st;
    c.status = CONTRACT_PENDING;
    str_copy(c.clauses, clauses, sizeof c.clauses);
    str_copy(c.pdf_blob, r->pdf_blob, sizeof c.pdf_blob);
    str_copy(c.pdf_sha256, r->pdf_sha256, sizeof c.pdf_sha256);
    str_copy(c.mobile, mobile, sizeof c.mobile);
    c.codes_sent++;
    c.last_code_at = c.updated_at = now;
    struct msg_field f[] = {{"code", code}};
    st = repo_contract_upsert(env->store, &c);
    if (st == VC_OK)
        st = messages_queue(env, OUTBOX_SMS, mobile, "contract_otp", acc->lang, acc->id, f, 1);
    memset(code, 0, sizeof code);
    /* the number the person gave is the number of record from now on */
    struct person p;
    if (st == VC_OK && (st = person_of_account(env, acc, &p)) == VC_OK &&
        strcmp(p.mobile, mobile) != 0 && p.account_id != 0) {
        str_copy(p.mobile, mobile, sizeof p.mobile);
        p.updated_at = now;
        st = repo_person_update(env->store, &p);
    }
    char who[64], phone[PHONE_MASKED_SIZE];
    audit_name("account", acc->id, who);
    phone_mask(mobile, phone); /* enough to recognise it, in the person's history */
    return st == VC_OK ? audit_record(env, who, NULL, "contract.code_sent", who, acc->id, phone)
                       : st;
}

enum vc_status contract_sign(const struct vc_env *env, struct account *acc, const char *typed,
                             const struct contract_sealed *sealed, struct form_errors *errs,
                             int *out_attempts_left, struct journey_outcome *out)
{
    form_errors_init(errs);
    struct contract c;
    enum vc_status st = repo_contract_by_account(env->store, acc->id, &c);
    if (st == VC_ERR_NOT_FOUND || (st == VC_OK && c.status != CONTRACT_PENDING) ||
        !at_step(env, acc))
        return VC_ERR_DENIED;
    if (st != VC_OK)
        return st;
    char who[64];
    audit_name("account", acc->id, who);
    int left = 0;
    size_t n = typed != NULL ? strlen(typed) : 0;
    st = codes_check_otp(env, acc->id, CODE_CONTRACT_OTP, typed != NULL ? typed : "", n,
                         c.pdf_sha256, &left);
    *out_attempts_left = left;
    if (st == VC_ERR_DENIED || st == VC_ERR_LIMIT) {
        form_errors_add(errs, "codice",
                        st == VC_ERR_DENIED ? "error.contract.code_wrong"
                                            : "error.contract.code_spent");
        enum vc_status a = audit_record(env, who, NULL, "contract.code_wrong", who, acc->id, NULL);
        return a == VC_OK ? st : a;
    }
    if (st == VC_ERR_EXPIRED || st == VC_ERR_NOT_FOUND || st == VC_ERR_CONFLICT) {
        form_errors_add(errs, "codice",
                        st == VC_ERR_EXPIRED ? "error.contract.code_expired"
                                             : "error.contract.code_none");
        return st;
    }
    if (st != VC_OK)
        return st;
    c.status = CONTRACT_SIGNED;
    str_copy(c.sealed_blob, sealed->blob, sizeof c.sealed_blob);
    str_copy(c.sealed_sha256, sealed->sha256, sizeof c.sealed_sha256);
    c.sealed_size = sealed->size;
    c.signed_at = c.updated_at = env_now(env);
    str_copy(c.signed_ip, env->ip != NULL ? env->ip : "", sizeof c.signed_ip);
    if ((st = repo_contract_upsert(env->store, &c)) != VC_OK)
        return st;
    char detail[160];
    snprintf(detail, sizeof detail, "pdf:%s sealed:%s", c.pdf_sha256, c.sealed_sha256);
    if ((st = audit_record(env, who, NULL, "contract.signed", who, acc->id, detail)) != VC_OK)
        return st;
    struct person p;
    if ((st = person_of_account(env, acc, &p)) != VC_OK)
        return st;
    struct msg_field f[] = {{"given_name", p.given_name}, MSG_LINK("contract_url", "contract")};
    if ((st = messages_queue(env, OUTBOX_MAIL, acc->username, "contract_signed", acc->lang, acc->id,
                             f, sizeof f / sizeof f[0])) != VC_OK)
        return st;
    return journey_complete(env, acc, step_contract_otp.name, out);
}

const struct step_kind step_contract_otp = {.name = "contract_otp"};
