/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* Step `temp_code` (core/steps/temp_code.h has the life cycle). */
#include <sodium.h>
#include <string.h>

#include "core/audit.h"
#include "core/messages.h"
#include "core/password_policy.h"
#include "core/person.h"
#include "core/repo.h"
#include "core/steps/temp_code.h"
#include "crypto/password.h"
#include "util/str.h"

/* A new temporary code and its mail: template says which one (the first
 * with the adhesion form, or a new one). */
static enum vc_status issue_and_mail(const struct vc_env *env, const struct account *acc,
                                     const char *template_name)
{
    char code[PERSONAL_CODE_TEMP_LEN + 1], shown[PERSONAL_CODE_TEMP_LEN + 3];
    enum vc_status st = personal_code_issue(env, acc->id, code);
    if (st != VC_OK)
        return st;
    personal_code_spaced(code, shown);
    sodium_memzero(code, sizeof code);
    struct person p;
    if ((st = person_of_account(env, acc, &p)) == VC_OK) {
        struct msg_field f[] = {{"given_name", p.given_name},
                                {"code", shown},
                                MSG_LINK("code_url", "personal_code"),
                                MSG_LINK("form_url", "adhesion_form"),
                                MSG_LINK("login_url", "login")};
        st = messages_queue(env, OUTBOX_MAIL, acc->username, template_name, acc->lang, acc->id, f,
                            sizeof f / sizeof f[0]);
    }
    sodium_memzero(shown, sizeof shown);
    char who[64];
    audit_name("account", acc->id, who);
    if (st == VC_OK)
        st = audit_record(env, "system", NULL, "personal_code.issued", who, acc->id, template_name);
    return st;
}

/* The 1st occurrence issues the code; a later one says the person is
 * enabled and must now replace it (the desk has recognised them). */
static enum vc_status enter(const struct vc_env *env, struct account *acc,
                            const struct step_ref *at)
{
    const struct journey_def *j = journey_of(env, acc);
    if (journey_occurrence(j, at) == 0)
        return issue_and_mail(env, acc, "temp_code_issued");
    struct person p;
    enum vc_status st = person_of_account(env, acc, &p);
    if (st != VC_OK)
        return st;
    struct msg_field f[] = {{"given_name", p.given_name}, MSG_LINK("login_url", "login")};
    return messages_queue(env, OUTBOX_MAIL, acc->username, "temp_code_enabled", acc->lang, acc->id,
                          f, sizeof f / sizeof f[0]);
}

/* A temporary code must be replaced before anything else: at a later
 * occurrence, or after the journey when one was issued again. */
static bool forced(const struct vc_env *env, const struct account *acc,
                   const struct step_ref *active)
{
    if (active != NULL && (strcmp(active->kind, "temp_code") != 0 ||
                           journey_occurrence(journey_of(env, acc), active) == 0))
        return false;
    struct personal_code c;
    return repo_personal_code_current(env->store, acc->id, true, &c) == VC_OK ||
           (active != NULL &&
            repo_personal_code_current(env->store, acc->id, false, &c) == VC_ERR_NOT_FOUND);
}

const struct step_kind step_temp_code = {.name = "temp_code", .enter = enter, .forced = forced};

static enum temp_code_task task_of(const struct vc_env *env, const struct account *acc)
{
    if (!personal_code_applies(env, acc))
        return TEMP_CODE_NONE;
    const struct step_ref *at = journey_active(env, acc);
    if (at != NULL && strcmp(at->kind, "temp_code") == 0 &&
        journey_occurrence(journey_of(env, acc), at) == 0)
        return TEMP_CODE_ENTER;
    return forced(env, acc, at) ? TEMP_CODE_REPLACE : TEMP_CODE_NONE;
}

enum vc_status temp_code_state(const struct vc_env *env, int64_t account_id,
                               struct temp_code_state *out)
{
    struct account a;
    enum vc_status st = repo_account_by_id(env->store, account_id, &a);
    if (st != VC_OK)
        return st;
    memset(out, 0, sizeof *out);
    out->task = task_of(env, &a);
    out->journey_over = a.step[0] == '\0' && personal_code_applies(env, &a);
    struct personal_code c;
    st = repo_personal_code_current(env->store, account_id, true, &c);
    if (st == VC_OK) {
        out->usable = true;
        out->attempts_left = c.attempts_left;
    }
    return st == VC_ERR_NOT_FOUND ? VC_OK : st;
}

enum vc_status temp_code_enter(const struct vc_env *env, int64_t account_id, const char *typed,
                               int *out_attempts_left, struct journey_outcome *out)
{
    struct account a;
    enum vc_status st = repo_account_by_id(env->store, account_id, &a);
    if (st != VC_OK)
        return st;
    if (task_of(env, &a) != TEMP_CODE_ENTER)
        return VC_ERR_CONFLICT;
    if ((st = personal_code_check_temporary(env, account_id, typed, out_attempts_left, NULL)) !=
        VC_OK)
        return st;
    a.email_confirmed = true; /* the code came through the mailbox */
    return journey_complete(env, &a, "temp_code", out);
}

enum vc_status temp_code_reissue(const struct vc_env *env, int64_t account_id)
{
    struct account a;
    enum vc_status st = repo_account_by_id(env->store, account_id, &a);
    if (st != VC_OK)
        return st;
    if (!personal_code_applies(env, &a) ||
        (a.step[0] != '\0' && task_of(env, &a) == TEMP_CODE_NONE))
        return VC_ERR_DENIED;
    return issue_and_mail(env, &a, "temp_code_new");
}

enum vc_status temp_code_replace_check(const struct vc_env *env, int64_t account_id,
                                       const char *temp, const char *code, const char *confirm,
                                       struct form_errors *errs, int *out_attempts_left,
                                       struct temp_code_replace *out)
{
    form_errors_init(errs);
    memset(out, 0, sizeof *out);
    struct account a;
    enum vc_status st = repo_account_by_id(env->store, account_id, &a);
    if (st != VC_OK)
        return st;
    if (task_of(env, &a) != TEMP_CODE_REPLACE)
        return VC_ERR_CONFLICT;
    struct person p;
    if ((st = person_of_account(env, &a, &p)) != VC_OK)
        return st;
    const char *mine[] = {a.username, p.given_name, p.family_name, p.codice_fiscale, NULL};
    if (temp[0] == '\0')
        form_errors_add(errs, "temp_code", "error.personal_code.missing");
    const char *bad = password_policy_check(&env->cfg->password, code, strlen(code), mine);
    if (bad != NULL)
        form_errors_add(errs, "code", bad);
    else if (strcmp(code, confirm) != 0)
        form_errors_add(errs, "code_confirm", "error.personal_code.mismatch");
    if (form_errors_any(errs))
        return VC_ERR_INVALID;
    /* only a complete form tries the temporary code */
    struct personal_code c;
    st = personal_code_check_temporary(env, account_id, temp, out_attempts_left, &c);
    if (st == VC_ERR_DENIED ||
        (st == VC_ERR_LIMIT && (env->retry_after == NULL || *env->retry_after == 0)))
        form_errors_add(errs, "temp_code",
                        st == VC_ERR_DENIED ? "error.personal_code.wrong"
                                            : "error.personal_code.void");
    if (st == VC_ERR_NOT_FOUND)
        form_errors_add(errs, "temp_code", "error.personal_code.none");
    if (st != VC_OK)
        return st;
    out->account_id = account_id;
    out->temp_id = c.id;
    return VC_OK;
}

enum vc_status temp_code_replace_hash(struct temp_code_replace *r, const char *code)
{
    return password_hash(code, strlen(code), r->new_hash);
}

enum vc_status temp_code_replace_finish(const struct vc_env *env, const struct temp_code_replace *r,
                                        struct journey_outcome *out)
{
    struct account a;
    enum vc_status st = repo_account_by_id(env->store, r->account_id, &a);
    if (st != VC_OK)
        return st;
    struct personal_code c;
    st = repo_personal_code_current(env->store, a.id, true, &c);
    if (st == VC_ERR_NOT_FOUND || (st == VC_OK && c.id != r->temp_id))
        return VC_ERR_CONFLICT; /* replaced meanwhile (another tab), or a new one issued */
    if (st != VC_OK || (st = personal_code_choose(env, a.id, r->new_hash)) != VC_OK)
        return st;
    char who[64];
    audit_name("account", a.id, who);
    if ((st = audit_record(env, who, NULL, "personal_code.changed", who, a.id, NULL)) != VC_OK)
        return st;
    if (journey_at(env, &a, "temp_code")) {
        if ((st = journey_complete(env, &a, "temp_code", out)) != VC_OK)
            return st;
    } else if (out != NULL) {
        *out = (struct journey_outcome){.level = a.level, .page = "area"};
    }
    struct person p;
    if ((st = person_of_account(env, &a, &p)) != VC_OK)
        return st;
    struct msg_field f[] = {{"given_name", p.given_name}, MSG_LINK("login_url", "login")};
    return messages_queue(env, OUTBOX_MAIL, a.username, "personal_code_changed", a.lang, a.id, f,
                          sizeof f / sizeof f[0]);
}
