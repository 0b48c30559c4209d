/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* The person behind an account (core/person.h). */
#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "core/audit.h"
#include "core/messages.h"
#include "core/person.h"
#include "core/phone.h"
#include "core/repo.h"
#include "util/str.h"

void person_from_member(const struct member *m, struct person *p)
{
    memset(p, 0, sizeof *p);
    str_copy(p->given_name, m->given_name, sizeof p->given_name);
    str_copy(p->family_name, m->family_name, sizeof p->family_name);
    str_copy(p->birth_date, m->birth_date, sizeof p->birth_date);
    str_copy(p->birth_place, m->birth_place, sizeof p->birth_place);
    str_copy(p->codice_fiscale, m->codice_fiscale, sizeof p->codice_fiscale);
    str_copy(p->address, m->address, sizeof p->address);
    str_copy(p->postcode, m->postcode, sizeof p->postcode);
    str_copy(p->city, m->city, sizeof p->city);
    str_copy(p->province, m->province, sizeof p->province);
    if (!phone_normalise(m->mobile, p->mobile))
        p->mobile[0] = '\0';
    str_copy(p->company_name, m->company_name, sizeof p->company_name);
    /* day of birth > 40 in the codice fiscale: a woman (DESIGN.md §5) */
    if (strlen(m->codice_fiscale) == CF_LEN) {
        int d1 = m->codice_fiscale[9], d2 = m->codice_fiscale[10];
        const char *omo = "LMNPQRSTUV";
        const char *a = strchr(omo, d1), *b = strchr(omo, d2);
        int hi = isdigit(d1) ? d1 - '0' : a != NULL && d1 ? (int)(a - omo) : -1;
        int lo = isdigit(d2) ? d2 - '0' : b != NULL && d2 ? (int)(b - omo) : -1;
        if (hi >= 0 && lo >= 0)
            str_copy(p->sex, hi * 10 + lo > 40 ? "F" : "M", sizeof p->sex);
    }
    str_copy(p->source, "registry", sizeof p->source);
}

enum vc_status person_of_account(const struct vc_env *env, const struct account *acc,
                                 struct person *out)
{
    enum vc_status st = repo_person_by_account(env->store, acc->id, out);
    if (st != VC_ERR_NOT_FOUND)
        return st;
    struct member m;
    memset(&m, 0, sizeof m);
    if (acc->member_id != 0 && (st = repo_member_by_id(env->store, acc->member_id, &m)) != VC_OK &&
        st != VC_ERR_NOT_FOUND)
        return st;
    person_from_member(&m, out);
    out->account_id = acc->id;
    return VC_OK;
}

enum vc_status person_create(const struct vc_env *env, const struct account *acc, struct person *p)
{
    p->account_id = acc->id;
    p->updated_at = env_now(env);
    return repo_person_insert(env->store, p);
}

static bool all_digits(const char *s, size_t n)
{
    if (strlen(s) != n)
        return false;
    for (size_t i = 0; i < n; i++)
        if (s[i] < '0' || s[i] > '9')
            return false;
    return true;
}

/* The changed fields as "what: before -> after; ..." within the audit's detail. */
static void describe(const struct person *a, const struct person *b, char *out, size_t len)
{
    const struct {
        const char *name, *before, *after;
    } f[] = {{"address", a->address, b->address},
             {"postcode", a->postcode, b->postcode},
             {"city", a->city, b->city},
             {"province", a->province, b->province},
             {"mobile", a->mobile, b->mobile}};
    size_t n = 0;
    out[0] = '\0';
    for (size_t i = 0; i < sizeof f / sizeof f[0]; i++) {
        if (strcmp(f[i].before, f[i].after) == 0)
            continue;
        int k = snprintf(out + n, len - n, "%s%s: %s -> %s", n ? "; " : "", f[i].name, f[i].before,
                         f[i].after);
        if (k < 0 || (size_t)k >= len - n) { /* cut at a character, never mid-way */
            out[len - 1] = '\0';
            return;
        }
        n += (size_t)k;
    }
}

bool person_contacts_check(const struct person_contacts *in, bool address, bool mobile_required,
                           struct form_errors *errs)
{
    size_t before = errs->n;
    if (address) {
        size_t alen = strlen(in->address);
        if (alen < 3 || !str_is_clean_utf8(in->address, alen))
            form_errors_add(errs, "address", "error.person.address");
        if (!all_digits(in->postcode, 5))
            form_errors_add(errs, "postcode", "error.person.postcode");
        size_t clen = strlen(in->city);
        if (clen < 2 || !str_is_clean_utf8(in->city, clen))
            form_errors_add(errs, "city", "error.person.city");
        if (strlen(in->province) != 2 || !isalpha((unsigned char)in->province[0]) ||
            !isalpha((unsigned char)in->province[1]))
            form_errors_add(errs, "province", "error.person.province");
    }
    char mobile[PHONE_E164_SIZE];
    if ((in->mobile[0] != '\0' || mobile_required) && !phone_normalise(in->mobile, mobile))
        form_errors_add(errs, "mobile", "error.person.mobile");
    return errs->n == before;
}

enum vc_status person_update_contacts(const struct vc_env *env, int64_t account_id,
                                      const struct person_contacts *in, struct form_errors *errs,
                                      bool *out_changed, bool *out_address_changed)
{
    form_errors_init(errs);
    struct account acc;
    enum vc_status st = repo_account_by_id(env->store, account_id, &acc);
    if (st != VC_OK)
        return st;
    struct person before, after;
    if ((st = person_of_account(env, &acc, &before)) != VC_OK)
        return st;
    after = before;
    if (!person_contacts_check(in, true, false, errs))
        return VC_ERR_INVALID;
    char mobile[PHONE_E164_SIZE] = "";
    if (in->mobile[0] != '\0' && !phone_normalise(in->mobile, mobile))
        return VC_ERR_INVALID;
    str_copy(after.address, in->address, sizeof after.address);
    str_copy(after.postcode, in->postcode, sizeof after.postcode);
    str_copy(after.city, in->city, sizeof after.city);
    str_copy(after.province, in->province, sizeof after.province);
    str_ascii_upper(after.province);
    str_copy(after.mobile, mobile, sizeof after.mobile);
    char detail[256];
    describe(&before, &after, detail, sizeof detail);
    *out_changed = detail[0] != '\0';
    *out_address_changed = strcmp(before.address, after.address) != 0 ||
                           strcmp(before.postcode, after.postcode) != 0 ||
                           strcmp(before.city, after.city) != 0 ||
                           strcmp(before.province, after.province) != 0;
    if (!*out_changed)
        return VC_OK;
    after.updated_at = env_now(env);
    after.account_id = acc.id;
    if (after.id == 0) { /* an account from before persons existed: its row now */
        st = repo_person_insert(env->store, &after);
    } else {
        st = repo_person_update(env->store, &after);
    }
    if (st != VC_OK)
        return st;
    char who[64];
    audit_name("account", acc.id, who);
    if ((st = audit_record(env, who, NULL, "person.change", who, acc.id, detail)) != VC_OK)
        return st;
    struct msg_field f[] = {{"given_name", after.given_name},    {"address", after.address},
                            {"postcode", after.postcode},        {"city", after.city},
                            {"province", after.province},        {"mobile", after.mobile},
                            MSG_LINK("recovery_url", "recovery")};
    return messages_queue(env, OUTBOX_MAIL, acc.username, "person_changed", acc.lang, acc.id, f,
                          sizeof f / sizeof f[0]);
}
