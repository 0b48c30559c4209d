/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* A procurator's mandate (core/delegation.h, core/steps/mandate.c) in the
 * inps-pin profile: submitted with its document -> a case of kind mandate
 * in the back office's queue -> rejected with reasons (mailed) -> submitted
 * again -> accepted -> the PIN requested for the person, whose halves go to
 * the person only; and the refusals. Real SQLite store, fake clock, the
 * real places list. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/audit.h"
#include "core/cases.h"
#include "core/delegation.h"
#include "core/journey.h"
#include "core/places.h"
#include "core/registration.h"
#include "core/repo.h"
#include "tests/support/fake_env.h"
#include "tests/support/places_file.h"

static struct fake_world w;
static struct places *places;

static void setup(void)
{
    fake_world_open(&w);
    fake_world_profile(&w, "inps-pin");
    places = test_places_load();
    w.core.places = places;
}
static void teardown(void)
{
    fake_world_close(&w);
    places_free(places);
}
TestSuite(mandate, .init = setup, .fini = teardown);

#define PERSON_CF "BNCMRA50C12H501E" /* Mario Bianchi, born in Roma on 12/03/1950 */
#define PERSON_EMAIL "mario.bianchi@example.org"
#define OPERATOR 7

/* Giulia Esposito, the procurator: registered, through her journey. */
static int64_t procurator(void)
{
    struct register_form f;
    fake_world_giulia(&f);
    struct form_errors fe;
    int64_t id = 0;
    cr_assert_eq(account_register(&w.env, &f, &fe, &id), VC_OK, "%s %s", fe.n ? fe.e[0].field : "",
                 fe.n ? fe.e[0].msg : "");
    struct account a;
    cr_assert_eq(repo_account_by_id(w.store, id, &a), VC_OK);
    a.level = LEVEL_FULL;
    a.state = ACCOUNT_ACTIVE;
    a.step[0] = '\0';
    cr_assert_eq(repo_account_update(w.store, &a), VC_OK);
    return id;
}

/* Mario Bianchi's registration data, as the procurator types them. */
static struct register_form *mario(void)
{
    static struct register_form f;
    memset(&f, 0, sizeof f);
    f.journey = profile_journey(w.core.profile, "");
    strcpy(f.value[REG_CODICE_FISCALE], PERSON_CF);
    strcpy(f.value[REG_GIVEN_NAME], "Mario");
    strcpy(f.value[REG_FAMILY_NAME], "Bianchi");
    strcpy(f.value[REG_SEX], "M");
    strcpy(f.value[REG_BIRTH_DATE], "1950-03-12");
    strcpy(f.value[REG_BIRTH_PLACE], "Roma");
    strcpy(f.value[REG_BIRTH_PROVINCE], "RM");
    strcpy(f.value[REG_ADDRESS], "Via Appia 3");
    strcpy(f.value[REG_POSTCODE], "00179");
    strcpy(f.value[REG_CITY], "Roma");
    strcpy(f.value[REG_PROVINCE], "RM");
    strcpy(f.value[REG_EMAIL], PERSON_EMAIL);
    strcpy(f.value[REG_PRIVACY], "on");
    strcpy(f.lang, "it");
    return &f;
}

static const struct case_document DOC = {
    .channel = CHANNEL_UPLOAD,
    .blob = "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff",
    .sha256 = "ffeeddccbbaa99887766554433221100ffeeddccbbaa99887766554433221100",
    .mime = "application/pdf",
    .size = 1234,
};

static enum vc_status submit(int64_t who, const char *cf, struct form_errors *fe, int64_t *id)
{
    return mandate_submit(&w.env, who, cf, "Mario", "Bianchi", &DOC, fe, id);
}

/* The mandate's case, from the back office's queue of kind mandate. */
static struct id_case queued(int64_t delegation_id)
{
    static struct id_case q[32];
    size_t n = 0;
    cr_assert_eq(cases_queue(&w.env, "mandate", q, 32, &n), VC_OK);
    for (size_t i = 0; i < n; i++) {
        if (q[i].delegation_id == delegation_id) {
            cr_assert_str_eq(q[i].step, "mandate");
            cr_assert_eq(q[i].status, CASE_RECEIVED);
            cr_assert_gt(q[i].due_at, q[i].received_at, "the queue orders it by its deadline");
            return q[i];
        }
    }
    cr_assert_fail("the mandate's case is not in the queue");
    return q[0];
}

/* How many messages of that template went to that recipient. */
static size_t sent(const char *template_name, const char *recipient, const char *containing)
{
    static struct outbox_msg m[128];
    size_t n = 0, k = 0;
    cr_assert_eq(repo_outbox_list(w.store, -1, m, 128, &n), VC_OK);
    for (size_t i = 0; i < n; i++) {
        if (strcmp(m[i].template_name, template_name) == 0 &&
            (recipient == NULL || strcmp(m[i].recipient, recipient) == 0) &&
            (containing == NULL || strstr(m[i].payload, containing) != NULL))
            k++;
    }
    return k;
}

Test(mandate, checked_by_the_back_office_then_the_pin_goes_to_the_person)
{
    int64_t me = procurator();
    struct form_errors fe;
    int64_t id = 0;
    cr_assert_eq(submit(me, "bncmra50c12h501e", &fe, &id), VC_OK);
    struct id_case c = queued(id);

    /* the case page shows whom the mandate is for */
    struct case_view v = {0};
    struct case_document docs[4];
    v.docs = docs;
    v.max_docs = 4;
    cr_assert_eq(case_view(&w.env, OPERATOR, c.id, &v), VC_OK);
    cr_assert_eq(v.n_docs, 1);
    cr_assert_str_eq(docs[0].mime, "application/pdf");
    cr_assert_eq(v.n_facts, 2);
    cr_assert_str_eq(v.facts[0].value, "Mario Bianchi");
    cr_assert_str_eq(v.facts[1].value, PERSON_CF);

    /* under check: no PIN yet */
    struct delegation d;
    cr_assert_eq(mandate_for(&w.env, me, PERSON_CF, &d), VC_ERR_DENIED);
    int64_t person = 0;
    cr_assert_eq(mandate_request_pin(&w.env, me, mario(), &fe, &person), VC_ERR_DENIED);

    /* rejected with reasons: the procurator is told why */
    cr_assert_eq(case_decide(&w.env, OPERATOR, c.id, false, "Manca la firma del mandante", &fe),
                 VC_OK);
    cr_assert_eq(sent("mandate_rejected", "giulia.esposito@example.org", "Manca la firma"), 1);
    cr_assert_eq(mandate_for(&w.env, me, PERSON_CF, &d), VC_ERR_DENIED);

    /* sent again, accepted */
    w.now += 3600;
    int64_t id2 = 0;
    cr_assert_eq(submit(me, PERSON_CF, &fe, &id2), VC_OK);
    cr_assert_neq(id2, id);
    struct id_case c2 = queued(id2);
    cr_assert_neq(c2.id, c.id, "a new case, not the rejected one");
    cr_assert_eq(case_decide(&w.env, OPERATOR, c2.id, true, NULL, &fe), VC_OK);
    cr_assert_eq(sent("mandate_accepted", "giulia.esposito@example.org", c2.number), 1);
    cr_assert_eq(mandate_for(&w.env, me, PERSON_CF, &d), VC_OK);
    cr_assert_eq(d.id, id2);
    cr_assert_eq(d.state, DELEGATION_ACTIVE);

    /* the procurator's list: newest first, the refused one with its case */
    struct delegation_view list[8];
    size_t n = 0;
    cr_assert_eq(mandates_of(&w.env, me, list, 8, &n), VC_OK);
    cr_assert_eq(n, 2);
    cr_assert_eq(list[0].d.state, DELEGATION_ACTIVE);
    cr_assert_eq(list[1].d.state, DELEGATION_REFUSED);

    /* the PIN: the person registered, the halves to the person's own
     * email and address, nothing to the procurator (beyond her own PIN of
     * her registration) */
    size_t mine = sent("pin_first_half", "giulia.esposito@example.org", NULL);
    size_t my_letters = sent("pin_letter", NULL, "Via Toledo");
    cr_assert_eq(mandate_request_pin(&w.env, me, mario(), &fe, &person), VC_OK, "%s %s",
                 fe.n ? fe.e[0].field : "", fe.n ? fe.e[0].msg : "");
    cr_assert_gt(person, 0);
    struct account pa;
    cr_assert_eq(repo_account_by_id(w.store, person, &pa), VC_OK);
    cr_assert_str_eq(pa.username, PERSON_EMAIL);
    cr_assert(journey_at(&w.env, &pa, "split_pin"));
    cr_assert_eq(sent("pin_first_half", PERSON_EMAIL, NULL), 1);
    cr_assert_eq(sent("pin_letter", NULL, "Via Appia 3"), 1);
    cr_assert_eq(sent("pin_first_half", "giulia.esposito@example.org", NULL), mine);
    cr_assert_eq(sent("pin_letter", NULL, "Via Toledo"), my_letters);
    /* the mandate now names the person's account: acting is possible */
    cr_assert_eq(mandate_for(&w.env, me, PERSON_CF, &d), VC_OK);
    cr_assert_eq(d.principal_account_id, person);

    /* audited: the procurator on behalf of the person */
    struct audit_event ev[16];
    cr_assert_eq(audit_history(&w.env, person, ev, 16, &n), VC_OK);
    bool found = false;
    char behalf[64], actor[64];
    snprintf(behalf, sizeof behalf, "account:%lld", (long long)person);
    snprintf(actor, sizeof actor, "account:%lld", (long long)me);
    for (size_t i = 0; i < n; i++) {
        if (strcmp(ev[i].action, "mandate.pin_request") == 0) {
            found = true;
            cr_assert_str_eq(ev[i].actor, actor);
            cr_assert_str_eq(ev[i].on_behalf_of, behalf);
        }
    }
    cr_assert(found, "no mandate.pin_request event in the person's history");
}

Test(mandate, refusals)
{
    int64_t me = procurator();
    struct form_errors fe;
    int64_t id = 0;
    /* their own codice fiscale */
    cr_assert_eq(submit(me, "SPSGLI90L55F839S", &fe, &id), VC_ERR_INVALID);
    cr_assert_str_eq(form_errors_get(&fe, "codice_fiscale"), "error.mandate.self");
    /* a codice fiscale that is not one, names missing: every error at once */
    cr_assert_eq(mandate_submit(&w.env, me, "BNCMRA50C12H501A", "", "", &DOC, &fe, &id),
                 VC_ERR_INVALID);
    cr_assert_not_null(form_errors_get(&fe, "codice_fiscale"));
    cr_assert_str_eq(form_errors_get(&fe, "given_name"), "error.person.name");
    cr_assert_str_eq(form_errors_get(&fe, "family_name"), "error.person.name");
    /* a second live mandate for the same person */
    cr_assert_eq(submit(me, PERSON_CF, &fe, &id), VC_OK);
    int64_t again = 0;
    cr_assert_eq(submit(me, PERSON_CF, &fe, &again), VC_ERR_CONFLICT);
    cr_assert_str_eq(form_errors_get(&fe, "codice_fiscale"), "error.mandate.exists");
    /* the PIN without a checked mandate (a family member, a mandate under
     * check): refused, nobody registered, nothing sent */
    int64_t person = 0;
    cr_assert_eq(mandate_request_pin(&w.env, me, mario(), &fe, &person), VC_ERR_DENIED);
    struct account a;
    cr_assert_eq(repo_account_by_cf_norm(w.store, PERSON_CF, &a), VC_ERR_NOT_FOUND);
    cr_assert_eq(sent("pin_first_half", NULL, NULL), 1, "only the procurator's own PIN");
    /* checked, but with the procurator's own email: refused */
    struct id_case c = queued(id);
    cr_assert_eq(case_decide(&w.env, OPERATOR, c.id, true, NULL, &fe), VC_OK);
    struct register_form *f = mario();
    strcpy(f->value[REG_EMAIL], "Giulia.Esposito@example.org");
    cr_assert_eq(mandate_request_pin(&w.env, me, f, &fe, &person), VC_ERR_INVALID);
    cr_assert_str_eq(form_errors_get(&fe, "email"), "error.mandate.own_email");
    /* another codice fiscale than the mandate's: refused */
    f = mario();
    strcpy(f->value[REG_CODICE_FISCALE], "RSSMRA80A41F205B");
    cr_assert_eq(mandate_request_pin(&w.env, me, f, &fe, &person), VC_ERR_DENIED);
    /* someone who is not through their journey cannot submit at all */
    struct account pa;
    cr_assert_eq(repo_account_by_id(w.store, me, &pa), VC_OK);
    pa.level = LEVEL_LIMITED;
    cr_assert_eq(repo_account_update(w.store, &pa), VC_OK);
    cr_assert_eq(submit(me, "RSSMRA80A41F205B", &fe, &id), VC_ERR_DENIED);
}
