/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* Tracked letters (core/letters.h). */
#include <stdio.h>
#include <string.h>

#include "core/audit.h"
#include "core/letters.h"
#include "core/person.h"
#include "core/repo.h"
#include "util/str.h"

#define FIELDS_MAX 16

int letters_s10_check(const char digits[8])
{
    static const int W[8] = {8, 6, 4, 2, 3, 5, 9, 7};
    int sum = 0;
    for (int i = 0; i < 8; i++)
        sum += (digits[i] - '0') * W[i];
    int c = 11 - sum % 11;
    return c == 10 ? 0 : c == 11 ? 5 : c;
}

static void tracking_number(const struct vc_env *env, char out[24])
{
    uint8_t rnd[8];
    env_random(env, rnd, sizeof rnd);
    char d[9];
    for (int i = 0; i < 8; i++)
        d[i] = (char)('0' + rnd[i] % 10);
    d[8] = '\0';
    snprintf(out, 24, "RR%s%dIT", d, letters_s10_check(d));
}

enum vc_status letters_send(const struct vc_env *env, const struct account *acc,
                            const char *template_name, bool registered,
                            const struct msg_field *fields, size_t n)
{
    struct person p;
    enum vc_status st = person_of_account(env, acc, &p);
    if (st != VC_OK)
        return st;
    if (VC_NEVER(n + MSG_ADDRESS_FIELDS + 1 > FIELDS_MAX))
        return VC_ERR_INTERNAL;
    struct letter l;
    memset(&l, 0, sizeof l);
    if (registered)
        tracking_number(env, l.tracking);
    struct msg_field f[FIELDS_MAX];
    messages_person_address(&p, f);
    size_t k = MSG_ADDRESS_FIELDS;
    f[k++] = (struct msg_field){"tracking", l.tracking};
    memcpy(f + k, fields, n * sizeof *fields);
    k += n;
    int64_t outbox_id = 0;
    st = messages_queue_id(env, registered ? OUTBOX_REGISTERED_LETTER : OUTBOX_LETTER, "",
                           template_name, acc->lang, acc->id, f, k, &outbox_id);
    if (st != VC_OK)
        return st;
    l.account_id = acc->id;
    l.outbox_id = outbox_id;
    str_copy(l.kind, template_name, sizeof l.kind);
    l.registered = registered;
    snprintf(l.address, sizeof l.address, "%s, %s %s %s", p.address, p.postcode, p.city,
             p.province);
    l.status = LETTER_QUEUED;
    l.queued_at = l.status_at = env_now(env);
    if ((st = repo_letter_insert(env->store, &l)) != VC_OK)
        return st;
    char who[64];
    audit_name("account", acc->id, who);
    return audit_record(env, "system", NULL, "letter.queued", who, acc->id,
                        registered ? l.tracking : template_name);
}

enum vc_status letters_record(const struct vc_env *env, int64_t operator_id, int64_t letter_id,
                              enum letter_status to)
{
    struct letter l;
    enum vc_status st = repo_letter_by_id(env->store, letter_id, &l);
    if (st != VC_OK)
        return st;
    if ((to != LETTER_DELIVERED && to != LETTER_RETURNED) || l.status != LETTER_PRINTED)
        return VC_ERR_DENIED;
    l.status = to;
    l.status_at = env_now(env);
    l.operator_id = operator_id;
    if ((st = repo_letter_update(env->store, &l)) != VC_OK)
        return st;
    char who[64], obj[64];
    audit_name("operator", operator_id, who);
    snprintf(obj, sizeof obj, "letter:%lld", (long long)l.id);
    if ((st = audit_record(env, who, NULL,
                           to == LETTER_DELIVERED ? "letter.delivered" : "letter.returned", obj,
                           l.account_id, l.tracking[0] ? l.tracking : l.kind)) != VC_OK)
        return st;
    if (to != LETTER_RETURNED)
        return VC_OK;
    struct account acc;
    struct person p;
    if ((st = repo_account_by_id(env->store, l.account_id, &acc)) != VC_OK ||
        (st = person_of_account(env, &acc, &p)) != VC_OK)
        return st;
    struct msg_field f[] = {
        {"given_name", p.given_name}, {"address", l.address}, MSG_LINK("person_url", "person")};
    return messages_queue(env, OUTBOX_MAIL, acc.username, "letter_returned", acc.lang, acc.id, f,
                          sizeof f / sizeof f[0]);
}

enum vc_status letters_of(const struct vc_env *env, int64_t account_id, struct letter *out,
                          size_t max, size_t *out_n)
{
    return repo_letters_of(env->store, account_id, out, max, out_n);
}

enum vc_status letters_by_tracking(const struct vc_env *env, const char *tracking,
                                   struct letter *out)
{
    return repo_letter_by_tracking(env->store, tracking, out);
}

enum vc_status letters_recent(const struct vc_env *env, struct letter *out, size_t max,
                              size_t *out_n)
{
    return repo_letters_recent(env->store, out, max, out_n);
}
