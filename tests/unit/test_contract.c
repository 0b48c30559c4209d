/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* The contract step in core (core/steps/contract_otp.h), on the spid
 * journey: every clause and a mobile number before a code; the code bound
 * to the stored document, sent by SMS as an outbox secret; a wrong code
 * spends an attempt, five spend the code; codes wait longer and longer; the
 * right code signs with its evidence and moves the journey to the office;
 * a password reset wants the mailed link and an SMS code.
 * Real SQLite store, fake clock, the real places list. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/account.h"
#include "core/codes.h"
#include "core/journey.h"
#include "core/places.h"
#include "core/recovery.h"
#include "core/registration.h"
#include "core/repo.h"
#include "core/steps/contract_otp.h"
#include "tests/support/fake_env.h"
#include "util/file.h"
#include "util/str.h"

static struct fake_world w;
static struct places *places;
static int64_t person;

static void setup(void)
{
    fake_world_open(&w);
    fake_world_profile(&w, "spid");
    char *buf = NULL, err[256] = "";
    size_t len = 0;
    cr_assert_eq(file_read_all("data/places.tsv", PLACES_FILE_MAX, &buf, &len), VC_OK,
                 "data/places.tsv is missing: run scripts/deps");
    cr_assert_eq(places_parse(buf, len, &places, err, sizeof err), VC_OK, "%s", err);
    free(buf);
    w.core.places = places;
    static struct register_form f;
    memset(&f, 0, sizeof f);
    strcpy(f.value[REG_CODICE_FISCALE], "DNGMRC85C02H501H");
    strcpy(f.value[REG_GIVEN_NAME], "Marco");
    strcpy(f.value[REG_FAMILY_NAME], "D'Angelo");
    strcpy(f.value[REG_SEX], "M");
    strcpy(f.value[REG_BIRTH_DATE], "1985-03-02");
    strcpy(f.value[REG_BIRTH_PLACE], "Roma");
    strcpy(f.value[REG_BIRTH_PROVINCE], "RM");
    strcpy(f.value[REG_ADDRESS], "Via Appia Nuova 120");
    strcpy(f.value[REG_POSTCODE], "00183");
    strcpy(f.value[REG_CITY], "Roma");
    strcpy(f.value[REG_PROVINCE], "RM");
    strcpy(f.value[REG_EMAIL], "marco.dangelo@example.org");
    strcpy(f.value[REG_PASSWORD], "Cavallo-Batteria-Graffetta-9");
    strcpy(f.password_confirm, "Cavallo-Batteria-Graffetta-9");
    strcpy(f.value[REG_PRIVACY], "on");
    strcpy(f.lang, "it");
    struct form_errors fe;
    cr_assert_eq(account_register(&w.env, &f, &fe, &person), VC_OK, "%s %s",
                 fe.n ? fe.e[0].field : "", fe.n ? fe.e[0].msg : "");
    fake_world_confirm_email(&w, person);
}
static void teardown(void)
{
    fake_world_close(&w);
    places_free(places);
}
TestSuite(contract, .init = setup, .fini = teardown);

static struct account acc(void)
{
    struct account a;
    cr_assert_eq(repo_account_by_id(w.store, person, &a), VC_OK);
    return a;
}

/* The code in the newest SMS of the contract (its payload, before the
 * outbox wipes it). */
static void sms_code(char out[16], char to[32])
{
    static struct outbox_msg m[64];
    size_t n = 0;
    cr_assert_eq(repo_outbox_list(w.store, -1, m, 64, &n), VC_OK);
    for (size_t i = 0; i < n; i++) {
        if (strcmp(m[i].template_name, "contract_otp") != 0)
            continue;
        const char *p = strstr(m[i].payload, "\"code\":\"");
        cr_assert_not_null(p);
        snprintf(out, 16, "%.6s", p + 8);
        str_copy(to, m[i].recipient, 32);
        cr_assert_eq(m[i].channel, OUTBOX_SMS);
        return;
    }
    cr_assert_fail("no contract SMS");
}

static enum vc_status send(const char *blob, const char *sha, struct form_errors *fe)
{
    struct contract_request r = {.accepted = {true, true, true, true},
                                 .mobile = "333 765 4321",
                                 .pdf_blob = blob,
                                 .pdf_sha256 = sha};
    int64_t next = 0;
    char old[HASH_HEX];
    struct account a = acc();
    return contract_send_code(&w.env, &a, &r, fe, &next, old);
}

static const struct contract_sealed SEALED = {.blob = "5ea1ed", .sha256 = "ab", .size = 9};

Test(contract, every_clause_and_a_mobile_before_a_code)
{
    cr_assert_str_eq(acc().step, "contract_otp");
    struct contract_request r = {.accepted = {true, false, true, false},
                                 .mobile = "12",
                                 .pdf_blob = "b1",
                                 .pdf_sha256 = "h1"};
    struct form_errors fe;
    int64_t next = 0;
    char old[HASH_HEX];
    struct account a = acc();
    cr_assert_eq(contract_send_code(&w.env, &a, &r, &fe, &next, old), VC_ERR_INVALID);
    cr_assert_str_eq(form_errors_get(&fe, "clausola_terms"), "error.contract.clause");
    cr_assert_str_eq(form_errors_get(&fe, "clausola_onerous"), "error.contract.clause");
    cr_assert_null(form_errors_get(&fe, "clausola_truthful"));
    cr_assert_str_eq(form_errors_get(&fe, "mobile"), "error.person.mobile");
    struct contract c;
    cr_assert_eq(contract_of(&w.env, person, &c), VC_ERR_NOT_FOUND, "nothing stored");
}

Test(contract, the_right_code_signs_with_its_evidence_and_moves_on)
{
    struct form_errors fe;
    cr_assert_eq(send("b1", "h1", &fe), VC_OK);
    char code[16], to[32];
    sms_code(code, to);
    cr_assert_str_eq(to, "+393337654321", "E.164");
    struct contract c;
    cr_assert_eq(contract_of(&w.env, person, &c), VC_OK);
    cr_assert_eq(c.status, CONTRACT_PENDING);
    cr_assert_str_eq(c.clauses, "truthful,terms,privacy,onerous");
    w.env.ip = "192.0.2.7";
    struct account a = acc();
    int left = 0;
    struct journey_outcome out = {0};
    cr_assert_eq(contract_sign(&w.env, &a, code, &SEALED, &fe, &left, &out), VC_OK);
    cr_assert_eq(contract_of(&w.env, person, &c), VC_OK);
    cr_assert_eq(c.status, CONTRACT_SIGNED);
    cr_assert_str_eq(c.sealed_blob, "5ea1ed");
    cr_assert_str_eq(c.signed_ip, "192.0.2.7");
    cr_assert_eq(c.signed_at, w.now);
    cr_assert_str_eq(acc().step, "in_person");
    cr_assert_str_eq(out.page, "in_person");
    /* signed once: no second signature, no new code */
    a = acc();
    cr_assert_eq(contract_sign(&w.env, &a, code, &SEALED, &fe, &left, &out), VC_ERR_DENIED);
    cr_assert_eq(send("b2", "h2", &fe), VC_ERR_DENIED);
}

Test(contract, five_wrong_codes_spend_it_and_new_codes_wait_longer)
{
    struct form_errors fe;
    cr_assert_eq(send("b1", "h1", &fe), VC_OK);
    char code[16], to[32];
    sms_code(code, to);
    char wrong[8];
    snprintf(wrong, sizeof wrong, "%06d", (atoi(code) + 1) % 1000000);
    struct account a = acc();
    int left = 0;
    struct journey_outcome out = {0};
    for (int i = 4; i >= 1; i--) {
        cr_assert_eq(contract_sign(&w.env, &a, wrong, &SEALED, &fe, &left, &out), VC_ERR_DENIED);
        cr_assert_eq(left, i);
        cr_assert_str_eq(form_errors_get(&fe, "codice"), "error.contract.code_wrong");
    }
    cr_assert_eq(contract_sign(&w.env, &a, wrong, &SEALED, &fe, &left, &out), VC_ERR_LIMIT);
    cr_assert_eq(contract_sign(&w.env, &a, code, &SEALED, &fe, &left, &out), VC_ERR_NOT_FOUND,
                 "the right code is spent too");
    /* the second code at once, the third after 30 s, the fourth after 60 s */
    cr_assert_eq(send("b1", "h1", &fe), VC_OK);
    cr_assert_eq(send("b1", "h1", &fe), VC_ERR_LIMIT);
    w.now += 30;
    cr_assert_eq(send("b1", "h1", &fe), VC_OK);
    w.now += 59;
    cr_assert_eq(send("b1", "h1", &fe), VC_ERR_LIMIT);
    w.now += 1;
    cr_assert_eq(send("b1", "h1", &fe), VC_OK);
    /* an old code does not sign: only the newest is alive */
    char newest[16];
    sms_code(newest, to);
    cr_assert_eq(contract_sign(&w.env, &a, newest, &SEALED, &fe, &left, &out), VC_OK);
}

Test(contract, a_code_expires_after_ten_minutes)
{
    struct form_errors fe;
    cr_assert_eq(send("b1", "h1", &fe), VC_OK);
    char code[16], to[32];
    sms_code(code, to);
    w.now += CONTRACT_OTP_SECONDS;
    struct account a = acc();
    int left = 0;
    struct journey_outcome out = {0};
    cr_assert_eq(contract_sign(&w.env, &a, code, &SEALED, &fe, &left, &out), VC_ERR_EXPIRED);
    cr_assert_str_eq(form_errors_get(&fe, "codice"), "error.contract.code_expired");
}

/* The payload field of the newest message of a template. */
static void newest_field(const char *template_name, const char *field, char *out, size_t size)
{
    static struct outbox_msg m[64];
    size_t n = 0;
    cr_assert_eq(repo_outbox_list(w.store, -1, m, 64, &n), VC_OK);
    for (size_t i = 0; i < n; i++) {
        if (strcmp(m[i].template_name, template_name) != 0)
            continue;
        char key[64];
        snprintf(key, sizeof key, "\"%s\":\"", field);
        const char *p = strstr(m[i].payload, key);
        cr_assert_not_null(p, "%s", m[i].payload);
        p += strlen(key);
        snprintf(out, size, "%.*s", (int)strcspn(p, "\""), p);
        return;
    }
    cr_assert_fail("no %s", template_name);
}

Test(contract, a_reset_wants_the_link_and_an_sms_code_to_the_number_of_record)
{
    struct form_errors fe;
    cr_assert_eq(send("b1", "h1", &fe), VC_OK); /* the number of record comes with the contract */
    cr_assert(recovery_reset_wants_sms(&w.env));
    cr_assert_eq(recovery_request_by_email(&w.env, "marco.dangelo@example.org", &fe), VC_OK);
    char link[256];
    newest_field("password_reset", "link", link, sizeof link);
    const char *t = strstr(link, "t=");
    cr_assert_not_null(t, "%s", link);
    t += 2;
    char user[EMAIL_MAX + 1];
    const char *pw = "Girasole-Lanterna-Ponte-47";
    /* the link alone: refused, nothing spent */
    cr_assert_eq(recovery_reset_password(&w.env, t, strlen(t), pw, pw, NULL, false, &fe, user),
                 VC_ERR_INVALID);
    cr_assert_str_eq(form_errors_get(&fe, "sms"), "error.reset.sms_again");
    cr_assert_eq(recovery_reset_sms(&w.env, t, strlen(t)), VC_OK);
    cr_assert_eq(recovery_reset_sms(&w.env, t, strlen(t)), VC_OK, "alive: not sent again");
    char code[16];
    static struct outbox_msg m[64];
    size_t n = 0, sms = 0;
    cr_assert_eq(repo_outbox_list(w.store, -1, m, 64, &n), VC_OK);
    for (size_t i = 0; i < n; i++)
        sms += strcmp(m[i].template_name, "reset_sms") == 0;
    cr_assert_eq(sms, 1);
    newest_field("reset_sms", "code", code, sizeof code);
    char wrong[8];
    snprintf(wrong, sizeof wrong, "%06d", (atoi(code) + 1) % 1000000);
    cr_assert_eq(recovery_reset_password(&w.env, t, strlen(t), pw, pw, wrong, false, &fe, user),
                 VC_ERR_INVALID);
    cr_assert_str_eq(form_errors_get(&fe, "sms"), "error.reset.sms_wrong");
    cr_assert_eq(recovery_reset_password(&w.env, t, strlen(t), pw, pw, code, false, &fe, user),
                 VC_OK);
    cr_assert_str_eq(user, "marco.dangelo@example.org");
}
