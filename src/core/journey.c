/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* The journey engine (core/journey.h has the states and invariants). */
#include <string.h>

#include "core/audit.h"
#include "core/journey.h"
#include "core/messages.h"
#include "core/person.h"
#include "core/repo.h"
#include "core/steps/confirm_email.h"
#include "core/steps/contract_otp.h"
#include "core/steps/id_form.h"
#include "core/steps/in_person.h"
#include "core/steps/mandate.h"
#include "core/steps/postal_code.h"
#include "core/steps/split_pin.h"
#include "core/steps/temp_code.h"
#include "util/str.h"

/* `register` has no enter(): the account's creation is the step. */
static const struct step_kind step_register = {.name = "register", .enter = NULL};

/* `mandate` is a kind of case only (a procurator's mandate): in no journey. */
static const struct step_kind *const STEPS[] = {
    &step_register,  &step_confirm_email, &step_id_form,      &step_postal_code, &step_split_pin,
    &step_in_person, &step_temp_code,     &step_contract_otp, &step_mandate,
};

const struct step_kind *step_kind_at(size_t i)
{
    return i < sizeof STEPS / sizeof STEPS[0] ? STEPS[i] : NULL;
}

const struct step_kind *step_kind_find(const char *kind)
{
    for (size_t i = 0; i < sizeof STEPS / sizeof STEPS[0]; i++) {
        if (strcmp(STEPS[i]->name, kind) == 0)
            return STEPS[i];
    }
    return NULL;
}

const struct journey_def *journey_of(const struct vc_env *env, const struct account *acc)
{
    return profile_journey(env->cfg->profile, acc->journey);
}

const struct step_ref *journey_active(const struct vc_env *env, const struct account *acc)
{
    const struct journey_def *j = journey_of(env, acc);
    return j != NULL && acc->step[0] != '\0' ? journey_step(j, acc->step) : NULL;
}

size_t journey_occurrence(const struct journey_def *j, const struct step_ref *at)
{
    size_t n = 0;
    for (size_t i = 0; j != NULL && i < j->n_steps && strcmp(j->steps[i].id, at->id) != 0; i++) {
        if (strcmp(j->steps[i].kind, at->kind) == 0)
            n++;
    }
    return n;
}

bool journey_profile_forces(const struct profile *p)
{
    /* the kinds that force a page (few) sought among the steps: not every
     * step's kind sought among all kinds (the session hook asks it at every
     * request) */
    for (size_t k = 0; p != NULL && k < sizeof STEPS / sizeof STEPS[0]; k++) {
        for (size_t ji = 0; STEPS[k]->forced != NULL && ji < p->n_journeys; ji++) {
            const struct journey_def *j = &p->journeys[ji];
            for (size_t i = 0; i < j->n_steps; i++)
                if (strcmp(j->steps[i].kind, STEPS[k]->name) == 0)
                    return true;
        }
    }
    return false;
}

const char *journey_forced_page(const struct vc_env *env, const struct account *acc)
{
    const struct journey_def *j = journey_of(env, acc);
    const struct step_ref *active = journey_active(env, acc);
    /* each kind once, by its last occurrence: the one whose page it forces
     * after the journey too */
    for (size_t i = j != NULL ? j->n_steps : 0; i-- > 0;) {
        bool later = false;
        for (size_t k = i + 1; k < j->n_steps && !later; k++)
            later = strcmp(j->steps[k].kind, j->steps[i].kind) == 0;
        const struct step_kind *sk = later ? NULL : step_kind_find(j->steps[i].kind);
        if (sk != NULL && sk->forced != NULL && j->steps[i].page[0] != '\0' &&
            sk->forced(env, acc, active))
            return j->steps[i].page;
    }
    return NULL;
}

bool journey_at(const struct vc_env *env, const struct account *acc, const char *kind)
{
    const struct step_ref *s = journey_active(env, acc);
    return s != NULL && strcmp(s->kind, kind) == 0;
}

static enum vc_status set_step(const struct vc_env *env, int64_t account_id, const char *id,
                               enum step_status status)
{
    struct journey_step js = {.account_id = account_id, .status = status};
    str_copy(js.step, id, sizeof js.step);
    if (status != STEP_PENDING)
        js.started_at = env_now(env);
    if (status == STEP_DONE)
        js.done_at = env_now(env);
    return repo_step_upsert(env->store, &js);
}

/* The journey is over: the account is active at the level its steps
 * granted, and the person is told (the journey's final message). */
static enum vc_status finish(const struct vc_env *env, const struct journey_def *j,
                             struct account *acc, enum account_level level, const char *who)
{
    acc->step[0] = '\0';
    acc->state = ACCOUNT_ACTIVE;
    if (level > acc->level)
        acc->level = level;
    acc->updated_at = env_now(env);
    enum vc_status st = repo_account_update(env->store, acc);
    if (st == VC_OK)
        st = audit_record(env, "system", NULL, "journey.finished", who, acc->id, acc->profile);
    if (st != VC_OK || j->final_message == NULL)
        return st;
    struct person p;
    if ((st = person_of_account(env, acc, &p)) != VC_OK)
        return st;
    struct msg_field f[] = {{"given_name", p.given_name}, MSG_LINK("area_url", "area")};
    return messages_queue(env, OUTBOX_MAIL, acc->username, j->final_message, acc->lang, acc->id, f,
                          sizeof f / sizeof f[0]);
}

/* Makes `at` the active occurrence and enters it. */
static enum vc_status enter(const struct vc_env *env, struct account *acc,
                            const struct step_ref *at, const char *who)
{
    const struct step_kind *k = step_kind_find(at->kind);
    if (VC_NEVER(k == NULL))
        return VC_ERR_INTERNAL;
    str_copy(acc->step, at->id, sizeof acc->step);
    enum vc_status st = set_step(env, acc->id, at->id, STEP_ACTIVE);
    if (st == VC_OK && k->enter != NULL)
        st = k->enter(env, acc, at);
    if (st == VC_OK) {
        acc->updated_at = env_now(env);
        st = repo_account_update(env->store, acc);
    }
    if (st == VC_OK)
        st = audit_record(env, "system", NULL, "journey.step", who, acc->id, at->id);
    return st;
}

enum vc_status journey_start(const struct vc_env *env, struct account *acc)
{
    const struct journey_def *j = journey_of(env, acc);
    if (VC_NEVER(j == NULL || j->n_steps < 2))
        return VC_ERR_INTERNAL;
    enum vc_status st = VC_OK;
    for (size_t i = 0; st == VC_OK && i < j->n_steps; i++)
        st = set_step(env, acc->id, j->steps[i].id, i == 0 ? STEP_DONE : STEP_PENDING);
    if (st != VC_OK)
        return st;
    char who[64];
    audit_name("account", acc->id, who);
    return enter(env, acc, journey_next(j, j->steps[0].id), who);
}

enum vc_status journey_complete(const struct vc_env *env, struct account *acc, const char *kind,
                                struct journey_outcome *out)
{
    const struct journey_def *j = journey_of(env, acc);
    const struct step_ref *at = journey_active(env, acc);
    if (VC_NEVER(j == NULL))
        return VC_ERR_INTERNAL;
    if (at == NULL || strcmp(at->kind, kind) != 0)
        return VC_ERR_DENIED;
    enum account_level before = acc->level;
    enum vc_status st = set_step(env, acc->id, at->id, STEP_DONE);
    if (st != VC_OK)
        return st;
    char who[64];
    audit_name("account", acc->id, who);
    const struct step_ref *next = journey_next(j, at->id);
    if (next == NULL) {
        st = finish(env, j, acc, at->grants, who);
    } else {
        if (at->grants > acc->level)
            acc->level = at->grants;
        st = enter(env, acc, next, who);
    }
    if (st == VC_OK && out != NULL) {
        out->finished = next == NULL;
        out->level = acc->level;
        out->level_changed = acc->level != before;
        out->page = next != NULL && next->page[0] != '\0' ? next->page : "area";
    }
    return st;
}

bool journey_letter_pending(const struct vc_env *env, const struct account *acc)
{
    const struct step_ref *at = journey_active(env, acc);
    const struct step_kind *k = at != NULL ? step_kind_find(at->kind) : NULL;
    return k != NULL && k->letter_pending != NULL && k->letter_pending(env, acc);
}

enum vc_status journey_resend_letter(const struct vc_env *env, struct account *acc,
                                     int64_t *out_next_at)
{
    const struct step_ref *at = journey_active(env, acc);
    const struct step_kind *k = at != NULL ? step_kind_find(at->kind) : NULL;
    if (k == NULL || k->resend_letter == NULL || !journey_letter_pending(env, acc))
        return VC_ERR_DENIED;
    return k->resend_letter(env, acc, out_next_at);
}

enum vc_status journey_view(const struct vc_env *env, const struct account *acc,
                            struct journey_step *out, size_t max, size_t *out_n)
{
    return repo_steps_list(env->store, acc->id, out, max, out_n);
}
