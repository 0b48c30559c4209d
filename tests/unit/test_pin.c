/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* The inps-pin journey in core: registration from personal data that the
 * codice fiscale must agree with, the PIN in two halves (keyed hash only,
 * mail + SMS + registered letter), login by codice fiscale with the whole
 * PIN, the personal PIN that completes the journey, lost PIN, the contact
 * centre; tracked letters; the engine with a step occurring twice; the
 * outbox's claims. Real SQLite store, fake clock, the real places list. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/account.h"
#include "core/journey.h"
#include "core/letters.h"
#include "core/places.h"
#include "core/registration.h"
#include "core/repo.h"
#include "core/steps/split_pin.h"
#include "notify/outbox.h"
#include "store/store.h"
#include "crypto/token.h"
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
TestSuite(pin, .init = setup, .fini = teardown);

static struct register_form *giulia(void)
{
    static struct register_form f;
    fake_world_giulia(&f);
    strcpy(f.value[REG_MOBILE], "333 123 4567");
    return &f;
}

/* The payload field of the newest message of a template ("" if none). */
static const char *newest(const char *template_name, const char *field, char *out, size_t size)
{
    static struct outbox_msg m[64];
    size_t n = 0;
    cr_assert_eq(repo_outbox_list(w.store, -1, m, 64, &n), VC_OK);
    out[0] = '\0';
    for (size_t i = 0; i < n; i++) {
        if (strcmp(m[i].template_name, template_name) != 0)
            continue;
        char key[64];
        snprintf(key, sizeof key, "\"%s\":\"", field);
        const char *p = strstr(m[i].payload, key);
        if (p != NULL) {
            p += strlen(key);
            size_t k = strcspn(p, "\"");
            snprintf(out, size, "%.*s", (int)k, p);
        }
        break;
    }
    return out;
}

static enum vc_status login(const char *id, const char *secret, struct account *a)
{
    struct login_attempt la;
    enum vc_status st = account_login_lookup(&w.env, id, &la);
    if (st != VC_OK)
        return st;
    bool ok = account_login_verify(&la, secret, strlen(secret));
    int64_t legacy = 0;
    return account_login_finish(&w.env, &la, ok, secret, strlen(secret), a, &legacy);
}

static int64_t registered(void)
{
    struct form_errors fe;
    int64_t id = 0;
    cr_assert_eq(account_register(&w.env, giulia(), &fe, &id), VC_OK, "%s %s",
                 fe.n ? fe.e[0].field : "", fe.n ? fe.e[0].msg : "");
    cr_assert_gt(id, 0);
    return id;
}

Test(pin, the_codice_fiscale_must_agree_with_the_data)
{
    struct register_form *f = giulia();
    strcpy(f->value[REG_FAMILY_NAME], "Rossi");
    strcpy(f->value[REG_BIRTH_DATE], "1990-07-16");
    struct form_errors fe;
    int64_t id = 0;
    cr_assert_eq(account_register(&w.env, f, &fe, &id), VC_ERR_INVALID);
    cr_assert_str_eq(form_errors_get(&fe, "family_name"), "error.person.cf_family_name");
    cr_assert_str_eq(form_errors_get(&fe, "birth_date"), "error.person.cf_birth_date");
    f = giulia();
    strcpy(f->value[REG_BIRTH_PLACE], "Nessunluogo");
    cr_assert_eq(account_register(&w.env, f, &fe, &id), VC_ERR_INVALID);
    cr_assert_str_eq(form_errors_get(&fe, "birth_place"), "error.person.birth_place_unknown");
}

Test(pin, both_halves_then_the_personal_pin_completes_the_journey)
{
    int64_t id = registered();
    struct account a;
    cr_assert_eq(repo_account_by_id(w.store, id, &a), VC_OK);
    cr_assert_eq(a.credential, CREDENTIAL_PIN);
    cr_assert_str_eq(a.step, "split_pin");
    cr_assert_str_eq(a.password_hash, "", "no personal PIN yet");
    char first[32], sms[32], second[32], tracking[32];
    newest("pin_first_half", "first_half", first, sizeof first);
    newest("pin_first_half_sms", "first_half", sms, sizeof sms);
    newest("pin_letter", "second_half", second, sizeof second);
    newest("pin_letter", "tracking", tracking, sizeof tracking);
    cr_assert_eq(strlen(first), 9, "'%s'", first);
    cr_assert_str_eq(first, sms);
    cr_assert_eq(strlen(second), 9);
    cr_assert_eq(strlen(tracking), 13);
    cr_assert_eq(tracking[10] - '0', letters_s10_check(tracking + 2), "the S10 check digit");
    /* only a keyed hash is kept */
    struct code c;
    cr_assert_eq(repo_code_active(w.store, id, CODE_PIN, &c), VC_OK);
    char whole[64];
    snprintf(whole, sizeof whole, "%s%s", first, second);
    cr_assert(split_pin_matches(w.core.pepper, c.hash, whole, strlen(whole)));
    cr_assert_null(strstr(c.hash, first));
    /* login by codice fiscale (an omocode, in lower case) with the halves */
    cr_assert_eq(login("SPSGLI90L55F839S", "AAAA AAAA BBBB BBBB", &a), VC_ERR_DENIED);
    char lower[64];
    snprintf(lower, sizeof lower, "%s %s", first, second);
    for (char *p = lower; *p; p++)
        *p = (char)(*p >= 'A' && *p <= 'Z' ? *p + 32 : *p);
    cr_assert_eq(login("spsgli90l55f839s", lower, &a), VC_OK);
    cr_assert(a.must_change_password);
    cr_assert_str_eq(account_renew_page(&a), "pin");
    /* the issued PIN is spent */
    cr_assert_eq(login("SPSGLI90L55F839S", whole, &a), VC_ERR_DENIED);
    /* the personal PIN: rules, then the journey is over */
    struct form_errors fe;
    struct pin_change pc;
    cr_assert_eq(pin_change_check(&w.env, id, "corto", "corto", &fe, &pc), VC_ERR_INVALID);
    cr_assert_eq(
        pin_change_check(&w.env, id, "Tramonto sul Vesuvio", "Tramonto sul Vesuvio", &fe, &pc),
        VC_OK);
    cr_assert_eq(pin_change_hash(&pc, "Tramonto sul Vesuvio"), VC_OK);
    struct journey_outcome out;
    cr_assert_eq(pin_change_finish(&w.env, &pc, &out), VC_OK);
    cr_assert(out.finished);
    cr_assert(out.level_changed);
    cr_assert_eq(out.level, LEVEL_FULL);
    cr_assert_eq(login("SPSGLI90L55F839S", "Tramonto sul Vesuvio", &a), VC_OK);
    cr_assert_eq(a.state, ACCOUNT_ACTIVE);
    cr_assert_not(a.must_change_password);
    char name[32];
    cr_assert_str_eq(newest("account_activated", "given_name", name, sizeof name), "Giulia");
}

Test(pin, lost_pin_same_answer_and_the_old_one_works_until_the_new_is_used)
{
    int64_t id = registered();
    struct form_errors fe;
    cr_assert_eq(split_pin_recover(&w.env, "DNGMRC85C02H501H", &fe), VC_OK, "nobody: same answer");
    cr_assert_eq(split_pin_recover(&w.env, "XYZ", &fe), VC_ERR_INVALID);
    char before[32], after[32];
    newest("pin_first_half", "first_half", before, sizeof before);
    w.now += 60;
    cr_assert_eq(split_pin_recover(&w.env, "SPSGLI90L55F839S", &fe), VC_OK);
    newest("pin_first_half", "first_half", after, sizeof after);
    cr_assert_str_neq(before, after, "a new PIN");
    size_t n = 0;
    struct letter l[4];
    cr_assert_eq(letters_of(&w.env, id, l, 4, &n), VC_OK);
    cr_assert_eq(n, 2);
    cr_assert(l[0].registered);
    cr_assert_str_eq(l[0].address, "Via Toledo 10, 80134 Napoli NA");
}

Test(pin, the_contact_centre_gets_the_first_half_on_screen)
{
    int64_t id = registered();
    size_t mails_before = 0, n = 0;
    static struct outbox_msg m[64];
    cr_assert_eq(repo_outbox_list(w.store, -1, m, 64, &mails_before), VC_OK);
    char half[SPLIT_PIN_HALF + 1], tracking[24];
    cr_assert_eq(split_pin_by_operator(&w.env, 7, "SPSGLI90L55F839S", half, tracking), VC_OK);
    cr_assert_eq(strlen(half), SPLIT_PIN_HALF);
    cr_assert_eq(strlen(tracking), 13);
    cr_assert_eq(repo_outbox_list(w.store, -1, m, 64, &n), VC_OK);
    cr_assert_eq(n, mails_before + 1, "only the letter: the first half went to the screen");
    struct audit_event ev;
    cr_assert_eq(repo_audit_last(w.store, &ev), VC_OK);
    cr_assert_str_eq(ev.action, "pin.issued");
    cr_assert_str_eq(ev.actor, "operator:7");
    cr_assert_eq(ev.account_id, id);
    cr_assert_eq(split_pin_by_operator(&w.env, 7, "DNGMRC85C02H501H", half, tracking),
                 VC_ERR_NOT_FOUND);
}

Test(pin, letters_are_followed_and_a_return_is_told)
{
    int64_t id = registered();
    struct letter l[2];
    size_t n = 0;
    cr_assert_eq(letters_of(&w.env, id, l, 2, &n), VC_OK);
    cr_assert_eq(n, 1);
    cr_assert_eq(l[0].status, LETTER_QUEUED);
    cr_assert_eq(letters_record(&w.env, 3, l[0].id, LETTER_RETURNED), VC_ERR_DENIED,
                 "not printed yet");
    cr_assert_eq(repo_letter_printed(w.store, l[0].outbox_id, w.now), VC_OK);
    cr_assert_eq(letters_record(&w.env, 3, l[0].id, LETTER_RETURNED), VC_OK);
    cr_assert_eq(letters_record(&w.env, 3, l[0].id, LETTER_DELIVERED), VC_ERR_DENIED);
    char addr[64];
    cr_assert_str_eq(newest("letter_returned", "address", addr, sizeof addr),
                     "Via Toledo 10, 80134 Napoli NA");
    struct letter found;
    cr_assert_eq(letters_by_tracking(&w.env, l[0].tracking, &found), VC_OK);
    cr_assert_eq(found.status, LETTER_RETURNED);
}

Test(pin, s10_check_digits)
{
    /* UPU S10 examples: RA 47312482 9 GB: weights 8 6 4 2 3 5 9 7 give 200, 11 - 200 mod 11 = 9 */
    cr_assert_eq(letters_s10_check("47312482"), 9);
    cr_assert_eq(letters_s10_check("00000000"), 5, "sum 0: 11 - 0 = 11 -> 5");
}

Test(pin, the_outbox_claims_what_it_delivers)
{
    registered();
    static struct outbox_msg m[64], again[64];
    size_t n = 0, k = 0;
    cr_assert_eq(repo_outbox_claim(w.store, w.now, w.now + 300, "node-a", m, 64, &n), VC_OK);
    cr_assert_geq(n, 3, "mail, SMS and letter");
    cr_assert_eq(repo_outbox_claim(w.store, w.now, w.now + 300, "node-b", again, 64, &k), VC_OK);
    cr_assert_eq(k, 0, "another worker takes nothing claimed");
    cr_assert_eq(repo_outbox_claim(w.store, w.now + 301, w.now + 601, "node-b", again, 64, &k),
                 VC_OK);
    cr_assert_eq(k, n, "a lease that ran out is taken again");
}

/* A worker killed mid-batch: on the same host, the next worker to start
 * takes its claims back at once; another host's claims wait for their lease. */
Test(pin, the_claims_of_a_dead_worker_are_released_at_start)
{
    registered();
    char host[64] = "", dead[OUTBOX_WORKER_MAX], live[OUTBOX_WORKER_MAX];
    cr_assert_eq(gethostname(host, sizeof host), 0);
    host[sizeof host - 1] = '\0';
    snprintf(dead, sizeof dead, "%s:%d", host, 2147483600); /* no such process */
    snprintf(live, sizeof live, "%s:%d", host, 1);          /* init: always there */
    static struct outbox_msg m[64], again[64];
    size_t n = 0, k = 0;
    cr_assert_eq(repo_outbox_claim(w.store, w.now, w.now + 300, dead, m, 1, &n), VC_OK);
    cr_assert_eq(repo_outbox_claim(w.store, w.now, w.now + 300, live, m, 1, &n), VC_OK);
    cr_assert_eq(repo_outbox_claim(w.store, w.now, w.now + 300, "elsewhere:7", m, 64, &n), VC_OK);
    cr_assert_eq(store_commit(w.store), VC_OK); /* the world's transaction */
    cr_assert_geq(n, 1);
    cr_assert_eq(outbox_release_dead_claims(w.store, w.now), VC_OK);
    cr_assert_eq(store_begin(w.store), VC_OK);
    cr_assert_eq(repo_outbox_claim(w.store, w.now, w.now + 300, "next", again, 64, &k), VC_OK);
    cr_assert_eq(k, 1, "only the dead worker's message is due again");
}
