/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* The person behind an account (core/person.c): from the registry, the
 * contacts the person changes alone (audited with before and after, told by
 * mail), mobile numbers, and a letter on its way sent again after a move.
 * Real SQLite store, fake clock. */
#include <criterion/criterion.h>
#include <string.h>

#include "core/account.h"
#include "core/codes.h"
#include "core/journey.h"
#include "core/person.h"
#include "core/repo.h"
#include "core/steps/id_form.h"
#include "tests/support/fake_env.h"

static struct fake_world w;
static void setup(void)
{
    fake_world_open(&w);
}
static void teardown(void)
{
    fake_world_close(&w);
}
TestSuite(person, .init = setup, .fini = teardown);

static int count_outbox(const char *template_name)
{
    struct outbox_msg m[32];
    size_t n = 0;
    cr_assert_eq(repo_outbox_list(w.store, -1, m, 32, &n), VC_OK);
    int k = 0;
    for (size_t i = 0; i < n; i++)
        k += strcmp(m[i].template_name, template_name) == 0;
    return k;
}

Test(person, filled_from_the_registry_at_registration)
{
    int64_t id = fake_world_register(&w);
    struct person p;
    cr_assert_eq(repo_person_by_account(w.store, id, &p), VC_OK);
    cr_assert_str_eq(p.given_name, "Maria");
    cr_assert_str_eq(p.family_name, "Rossi");
    cr_assert_str_eq(p.sex, "F", "day 41 in the codice fiscale");
    cr_assert_str_eq(p.address, "Via Torino 12");
    cr_assert_str_eq(p.source, "registry");
}

Test(person, contacts_changed_are_audited_and_told)
{
    int64_t id = fake_world_register(&w);
    struct person_contacts pc = {"Via Roma 1", "00100", "Roma", "rm", "333 999 8888"};
    struct form_errors fe;
    bool changed = false, moved = false;
    cr_assert_eq(person_update_contacts(&w.env, id, &pc, &fe, &changed, &moved), VC_OK);
    cr_assert(changed);
    cr_assert(moved);
    struct person p;
    cr_assert_eq(repo_person_by_account(w.store, id, &p), VC_OK);
    cr_assert_str_eq(p.province, "RM");
    cr_assert_str_eq(p.mobile, "+393339998888");
    struct audit_event ev;
    cr_assert_eq(repo_audit_last(w.store, &ev), VC_OK);
    cr_assert_str_eq(ev.action, "person.change");
    cr_assert_not_null(strstr(ev.detail, "address: Via Torino 12 -> Via Roma 1"), "%s", ev.detail);
    cr_assert_eq(count_outbox("person_changed"), 1);
    /* the same again: nothing changes, nobody is told */
    cr_assert_eq(person_update_contacts(&w.env, id, &pc, &fe, &changed, &moved), VC_OK);
    cr_assert_not(changed);
    cr_assert_eq(count_outbox("person_changed"), 1);
    /* bad input is told field by field, nothing stored */
    struct person_contacts bad = {"", "001", "R", "R1", "12"};
    cr_assert_eq(person_update_contacts(&w.env, id, &bad, &fe, &changed, &moved), VC_ERR_INVALID);
    cr_assert_str_eq(form_errors_get(&fe, "address"), "error.person.address");
    cr_assert_str_eq(form_errors_get(&fe, "postcode"), "error.person.postcode");
    cr_assert_str_eq(form_errors_get(&fe, "province"), "error.person.province");
    cr_assert_str_eq(form_errors_get(&fe, "mobile"), "error.person.mobile");
}

Test(person, a_letter_on_its_way_goes_again_to_the_new_residence)
{
    int64_t id = fake_world_register(&w);
    fake_world_confirm_email(&w, id);
    struct id_case c;
    cr_assert_eq(id_form_case(&w.env, id, &c), VC_OK);
    struct id_form_doc doc = {.channel = CHANNEL_UPLOAD, .size = 10};
    strcpy(doc.blob, "00000000000000000000000000000000");
    strcpy(doc.mime, "application/pdf");
    cr_assert_eq(id_form_submit(&w.env, id, &doc), VC_OK);
    cr_assert_eq(id_form_accept(&w.env, 1, c.id), VC_OK);
    struct account a;
    cr_assert_eq(repo_account_by_id(w.store, id, &a), VC_OK);
    cr_assert(journey_letter_pending(&w.env, &a));
    struct person_contacts pc = {"Via Roma 1", "00100", "Roma", "RM", ""};
    struct form_errors fe;
    bool changed = false, moved = false;
    cr_assert_eq(person_update_contacts(&w.env, id, &pc, &fe, &changed, &moved), VC_OK);
    int64_t next = 0;
    cr_assert_eq(journey_resend_letter(&w.env, &a, &next), VC_OK);
    cr_assert_eq(count_outbox("activation_letter"), 2);
    struct outbox_msg m[32];
    size_t n = 0;
    cr_assert_eq(repo_outbox_list(w.store, -1, m, 32, &n), VC_OK);
    cr_assert_not_null(strstr(m[0].payload, "Via Roma 1"), "newest letter: %s", m[0].payload);
}
