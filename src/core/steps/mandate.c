/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* Case kind `mandate` (core/steps/mandate.h): what the back office's
 * decision on a mandate does, and what its case page shows of the person.
 * No journey moves here: the procurator's own journey is over. */
#include <string.h>

#include "core/delegation.h"
#include "core/repo.h"
#include "core/steps/mandate.h"
#include "util/str.h"

static enum vc_status case_decided(const struct vc_env *env, struct account *acc,
                                   const struct id_case *c)
{
    (void)acc; /* the procurator's: mandate_decided finds them in the delegation */
    return mandate_decided(env, c);
}

static void fact(struct case_fact *out, size_t max, size_t *n, const char *key, const char *value)
{
    if (*n >= max)
        return;
    out[*n] = (struct case_fact){.key = key};
    str_copy(out[*n].value, value, sizeof out[*n].value);
    (*n)++;
}

/* Whom the mandate is for, as the procurator typed it: the operator checks
 * it against the document beside it. */
static size_t case_facts(const struct vc_env *env, const struct id_case *c, struct case_fact *out,
                         size_t max)
{
    struct delegation d;
    if (c->delegation_id == 0 || repo_delegation_by_id(env->store, c->delegation_id, &d) != VC_OK)
        return 0;
    size_t n = 0;
    fact(out, max, &n, "case.fact.mandate_person", d.principal_name);
    fact(out, max, &n, "case.fact.mandate_cf", d.principal_tax_id);
    return n;
}

enum vc_status mandate_case(const struct vc_env *env, int64_t procurator_account_id,
                            const struct delegation *d, struct id_case *out)
{
    struct id_case c;
    if (d->case_id == 0)
        return VC_ERR_NOT_FOUND;
    enum vc_status st = repo_case_by_id(env->store, d->case_id, &c);
    if (st != VC_OK)
        return st;
    if (c.account_id != procurator_account_id || c.delegation_id != d->id)
        return VC_ERR_NOT_FOUND;
    *out = c;
    return VC_OK;
}

const struct step_kind step_mandate = {
    .name = "mandate",
    .case_decided = case_decided,
    .case_facts = case_facts,
};
