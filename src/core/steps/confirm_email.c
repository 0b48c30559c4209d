/* SPDX-License-Identifier: AGPL-3.0-or-later */
#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "core/account.h"
#include "core/audit.h"
#include "core/codes.h"
#include "core/messages.h"
#include "core/pec.h"
#include "core/person.h"
#include "core/repo.h"
#include "core/steps/confirm_email.h"

#define DAY_SECONDS 86400

/* Issues a link and queues the mail with it. */
enum vc_status confirm_email_send(const struct vc_env *env, const struct account *acc)
{
    struct person p;
    enum vc_status st = person_of_account(env, acc, &p);
    if (st != VC_OK)
        return st;
    char token[TOKEN_TEXT_LEN + 1], link[512];
    st = codes_issue_token(env, acc->id, CODE_EMAIL_CONFIRM, env->cfg->email_token_seconds, token);
    if (st != VC_OK)
        return st;
    snprintf(link, sizeof link, MSG_LINK_PREFIX "confirm_email?t=%s", token);
    sodium_memzero(token, sizeof token);
    struct msg_field f[] = {{"given_name", p.given_name}, {"link", link}};
    st = messages_queue(env, OUTBOX_MAIL, acc->username, "confirm_email", acc->lang, acc->id, f, 2);
    sodium_memzero(link, sizeof link);
    return st;
}

static enum vc_status enter(const struct vc_env *env, struct account *acc,
                            const struct step_ref *at)
{
    (void)at;
    return confirm_email_send(env, acc);
}

const struct step_kind step_confirm_email = {.name = "confirm_email", .enter = enter};

enum vc_status confirm_email_open(const struct vc_env *env, const char *token, size_t len,
                                  int64_t *out_account_id, struct journey_outcome *out)
{
    int64_t id = 0;
    enum vc_status st = codes_redeem_token(env, CODE_EMAIL_CONFIRM, token, len, &id);
    if (st != VC_OK)
        return st;
    struct account acc;
    if ((st = repo_account_by_id(env->store, id, &acc)) != VC_OK)
        return st;
    acc.email_confirmed = true;
    char who[64];
    audit_name("account", acc.id, who);
    st = audit_record(env, who, NULL, "email.confirmed", who, acc.id, NULL);
    if (st == VC_OK && journey_at(env, &acc, "confirm_email")) {
        st = journey_complete(env, &acc, "confirm_email", out);
    } else if (st == VC_OK) {
        /* an account moved from the old system (core/legacy.h) waits for
         * this link only: it is active under the address from now on */
        if (acc.step[0] == '\0' && acc.state == ACCOUNT_PENDING)
            acc.state = ACCOUNT_ACTIVE;
        acc.updated_at = env_now(env);
        st = repo_account_update(env->store, &acc);
    }
    if (st == VC_OK)
        *out_account_id = acc.id;
    return st;
}

static enum vc_status resend(const struct vc_env *env, const struct account *acc)
{
    if (!journey_at(env, acc, "confirm_email") && !account_awaits_address(acc))
        return VC_ERR_DENIED;
    int64_t n = 0;
    enum vc_status st = repo_code_count_since(env->store, acc->id, CODE_EMAIL_CONFIRM,
                                              env_now(env) - DAY_SECONDS, &n);
    if (st != VC_OK)
        return st;
    if (n > CONFIRM_EMAIL_RESENDS_PER_DAY)
        return VC_ERR_LIMIT;
    char who[64];
    audit_name("account", acc->id, who);
    st = audit_record(env, who, NULL, "email.resend", who, acc->id, NULL);
    return st == VC_OK ? confirm_email_send(env, acc) : st;
}

enum vc_status confirm_email_resend(const struct vc_env *env, int64_t account_id)
{
    struct account acc;
    enum vc_status st = repo_account_by_id(env->store, account_id, &acc);
    return st == VC_OK ? resend(env, &acc) : st;
}

enum vc_status confirm_email_resend_by_email(const struct vc_env *env, const char *email)
{
    char norm[EMAIL_MAX + 1];
    if (email_normalise(email, strlen(email), norm) != NULL)
        return VC_ERR_INVALID;
    struct account acc;
    enum vc_status st = repo_account_by_username(env->store, norm, &acc);
    if (st == VC_ERR_NOT_FOUND)
        return VC_OK;
    if (st != VC_OK)
        return st;
    st = resend(env, &acc);
    return st == VC_ERR_DENIED || st == VC_ERR_LIMIT ? VC_OK : st;
}
