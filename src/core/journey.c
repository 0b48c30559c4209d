/* SPDX-License-Identifier: AGPL-3.0-or-later */
#include <string.h>

#include "core/audit.h"
#include "core/journey.h"
#include "core/repo.h"
#include "core/steps/confirm_email.h"
#include "core/steps/id_form.h"
#include "core/steps/postal_code.h"
#include "util/str.h"

/* `register` has no enter(): the account's creation is the step. */
static const struct step step_register = {.name = "register", .enter = NULL};

static const struct step *const STEPS[] = {
    &step_register,
    &step_confirm_email,
    &step_id_form,
    &step_postal_code,
};

const struct step *step_find(const char *name)
{
    for (size_t i = 0; i < sizeof STEPS / sizeof STEPS[0]; i++) {
        if (strcmp(STEPS[i]->name, name) == 0)
            return STEPS[i];
    }
    return NULL;
}

static enum vc_status set_step(const struct vc_env *env, int64_t account_id, const char *name,
                               enum step_status status)
{
    struct journey_step js = {.account_id = account_id, .status = status};
    str_copy(js.step, name, sizeof js.step);
    if (status != STEP_PENDING)
        js.started_at = env_now(env);
    if (status == STEP_DONE)
        js.done_at = env_now(env);
    return repo_step_upsert(env->store, &js);
}

/* Makes `name` the active step (or finishes when name is NULL) and enters it. */
static enum vc_status enter(const struct vc_env *env, struct account *acc, const char *name)
{
    enum vc_status st;
    char who[64];
    audit_name("account", acc->id, who);
    if (name == NULL) {
        acc->step[0] = '\0';
        acc->state = ACCOUNT_ACTIVE;
        acc->level = LEVEL_FULL;
        acc->updated_at = env_now(env);
        st = repo_account_update(env->store, acc);
        if (st == VC_OK)
            st = audit_record(env, "system", NULL, "journey.finished", who, acc->id, acc->profile);
        return st;
    }
    const struct step *s = step_find(name);
    if (VC_NEVER(s == NULL))
        return VC_ERR_INTERNAL;
    str_copy(acc->step, name, sizeof acc->step);
    st = set_step(env, acc->id, name, STEP_ACTIVE);
    if (st == VC_OK && s->enter != NULL)
        st = s->enter(env, acc);
    if (st == VC_OK) {
        acc->updated_at = env_now(env);
        st = repo_account_update(env->store, acc);
    }
    if (st == VC_OK)
        st = audit_record(env, "system", NULL, "journey.step", who, acc->id, name);
    return st;
}

enum vc_status journey_start(const struct vc_env *env, struct account *acc)
{
    const struct profile *p = profile_find(acc->profile);
    if (VC_NEVER(p == NULL))
        return VC_ERR_INTERNAL;
    enum vc_status st = VC_OK;
    for (int i = 0; st == VC_OK && i < PROFILE_STEPS_MAX && p->steps[i] != NULL; i++)
        st = set_step(env, acc->id, p->steps[i], i == 0 ? STEP_DONE : STEP_PENDING);
    if (st != VC_OK)
        return st;
    return enter(env, acc, profile_next_step(p, p->steps[0]));
}

enum vc_status journey_advance(const struct vc_env *env, struct account *acc, const char *step)
{
    const struct profile *p = profile_find(acc->profile);
    if (VC_NEVER(p == NULL))
        return VC_ERR_INTERNAL;
    if (strcmp(acc->step, step) != 0)
        return VC_ERR_DENIED;
    enum vc_status st = set_step(env, acc->id, step, STEP_DONE);
    if (st != VC_OK)
        return st;
    return enter(env, acc, profile_next_step(p, step));
}

enum vc_status journey_view(const struct vc_env *env, const struct account *acc,
                            struct journey_step *out, size_t max, size_t *out_n)
{
    return repo_steps_list(env->store, acc->id, out, max, out_n);
}
