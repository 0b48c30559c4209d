/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* The istanze journey's personal code in core (seed 004): the temporary
 * code issued at registration (keyed hash only, mailed with the adhesion
 * form's link), typed with attempts and the codes' throttle, a new one
 * asked; the forced replacement at the second occurrence (argon2id) that
 * finishes the journey; "Recupero codice personale" after it; the code
 * asked before an email or password change; password recovery by username
 * and codice fiscale. Real SQLite store, fake clock and generator. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/account.h"
#include "core/email_change.h"
#include "core/journey.h"
#include "core/password_change.h"
#include "core/personal_code.h"
#include "core/places.h"
#include "core/recovery.h"
#include "core/registration.h"
#include "core/repo.h"
#include "core/steps/temp_code.h"
#include "core/throttle.h"
#include "crypto/token.h"
#include "tests/support/fake_env.h"
#include "util/file.h"

static struct fake_world w;
static struct places *places;
static int64_t retry_after;

static void setup(void)
{
    fake_world_open(&w);
    fake_world_profile(&w, "istanze");
    char *buf = NULL, err[256] = "";
    size_t len = 0;
    cr_assert_eq(file_read_all("data/places.tsv", PLACES_FILE_MAX, &buf, &len), VC_OK,
                 "data/places.tsv is missing: run scripts/deps");
    cr_assert_eq(places_parse(buf, len, &places, err, sizeof err), VC_OK, "%s", err);
    free(buf);
    w.core.places = places;
    retry_after = 0;
    w.env.retry_after = &retry_after;
}
static void teardown(void)
{
    fake_world_close(&w);
    places_free(places);
}
TestSuite(temp_code, .init = setup, .fini = teardown);

static struct register_form *giulia(void)
{
    static struct register_form f;
    fake_world_giulia(&f);
    strcpy(f.value[REG_PASSWORD], "Lungomare di Napoli");
    strcpy(f.password_confirm, "Lungomare di Napoli");
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

static int count(const char *template_name)
{
    static struct outbox_msg m[64];
    size_t n = 0;
    cr_assert_eq(repo_outbox_list(w.store, -1, m, 64, &n), VC_OK);
    int k = 0;
    for (size_t i = 0; i < n; i++)
        k += strcmp(m[i].template_name, template_name) == 0;
    return k;
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

/* The account at the replacement occurrence, as the engine leaves it once
 * in_person is done (set directly: the in_person step is not ours). */
static void at_replacement(int64_t id)
{
    struct account a;
    cr_assert_eq(repo_account_by_id(w.store, id, &a), VC_OK);
    strcpy(a.step, "temp_code_replaced");
    a.email_confirmed = true;
    cr_assert_eq(repo_account_update(w.store, &a), VC_OK);
}

/* The replacement in its three phases. */
static enum vc_status replace(int64_t id, const char *temp, const char *code, const char *confirm,
                              struct form_errors *fe, struct journey_outcome *out)
{
    struct temp_code_replace r;
    int left = 0;
    enum vc_status st = temp_code_replace_check(&w.env, id, temp, code, confirm, fe, &left, &r);
    if (st != VC_OK)
        return st;
    cr_assert_eq(temp_code_replace_hash(&r, code), VC_OK);
    return temp_code_replace_finish(&w.env, &r, out);
}

Test(temp_code, registration_issues_a_temporary_code_stored_only_as_a_keyed_hash)
{
    int64_t id = registered();
    struct account a;
    cr_assert_eq(repo_account_by_id(w.store, id, &a), VC_OK);
    cr_assert_str_eq(a.step, "temp_code");
    cr_assert_eq(a.credential, CREDENTIAL_PASSWORD);
    cr_assert(!a.email_confirmed);
    char code[32], form[64];
    newest("temp_code_issued", "code", code, sizeof code);
    cr_assert_eq(strlen(code), 14, "ABCD-EFGH-JKLM, got '%s'", code);
    for (size_t i = 0; i < strlen(code); i++)
        cr_assert(code[i] == '-' || strchr(CODE_ALPHABET, code[i]) != NULL, "%s", code);
    cr_assert_str_eq(newest("temp_code_issued", "form_url", form, sizeof form),
                     "link:adhesion_form");
    struct personal_code c;
    cr_assert_eq(repo_personal_code_current(w.store, id, true, &c), VC_OK);
    cr_assert(c.is_temporary);
    cr_assert_eq(c.attempts_left, PERSONAL_CODE_ATTEMPTS);
    cr_assert_eq(strlen(c.hash), 64);
    char plain[16], h[TOKEN_HASH_HEX];
    size_t n = token_code_normalise(code, plain, sizeof plain);
    cr_assert_null(strstr(c.hash, plain), "the plaintext must never reach the store");
    token_hash(w.core.pepper, plain, n, h);
    cr_assert_str_eq(c.hash, h);
    struct temp_code_state s;
    cr_assert_eq(temp_code_state(&w.env, id, &s), VC_OK);
    cr_assert_eq(s.task, TEMP_CODE_ENTER);
    cr_assert_null(journey_forced_page(&w.env, &a), "the first occurrence forces nothing");
}

Test(temp_code, wrong_codes_spend_attempts_then_the_code_is_void_and_a_new_one_works)
{
    int64_t id = registered();
    char code[32];
    newest("temp_code_issued", "code", code, sizeof code);
    int left = -1;
    struct journey_outcome out;
    for (int i = PERSONAL_CODE_ATTEMPTS - 1; i >= 1; i--) {
        w.now += 120; /* past the throttle's delay: attempts, not the clock, are tested */
        cr_assert_eq(temp_code_enter(&w.env, id, "AAAA-AAAA-AAAA", &left, &out), VC_ERR_DENIED);
        cr_assert_eq(left, i);
    }
    w.now += 120;
    cr_assert_eq(temp_code_enter(&w.env, id, "AAAA-AAAA-AAAA", &left, &out), VC_ERR_LIMIT);
    cr_assert_eq(retry_after, 0, "void, not throttled");
    w.now += 120;
    cr_assert_eq(temp_code_enter(&w.env, id, code, &left, &out), VC_ERR_NOT_FOUND,
                 "a void code never validates again, even the right one");
    /* a new code by mail; the old one stays void */
    cr_assert_eq(temp_code_reissue(&w.env, id), VC_OK);
    char fresh[32];
    newest("temp_code_new", "code", fresh, sizeof fresh);
    cr_assert_str_neq(fresh, code);
    cr_assert_eq(temp_code_reissue(&w.env, id), VC_OK);
    cr_assert_eq(temp_code_reissue(&w.env, id), VC_ERR_LIMIT, "three codes a day at most");
    newest("temp_code_new", "code", fresh, sizeof fresh);
    w.now += 3600;
    /* typed as people type it: lower case, spaces */
    char typed[32];
    snprintf(typed, sizeof typed, " %c%c%c%c %c%c%c%c %c%c%c%c ", fresh[0] | 32, fresh[1] | 32,
             fresh[2], fresh[3], fresh[5], fresh[6], fresh[7], fresh[8], fresh[10], fresh[11],
             fresh[12], fresh[13]);
    if (step_kind_find("in_person") == NULL) {
        /* until the in_person step lands the engine cannot enter it: the
         * credential's check alone */
        struct personal_code c;
        cr_assert_eq(personal_code_check_temporary(&w.env, id, typed, &left, &c), VC_OK);
        cr_assert_neq(c.confirmed_at, 0);
        return;
    }
    cr_assert_eq(temp_code_enter(&w.env, id, typed, &left, &out), VC_OK);
    struct account a;
    cr_assert_eq(repo_account_by_id(w.store, id, &a), VC_OK);
    cr_assert_str_eq(a.step, "in_person");
    cr_assert(a.email_confirmed, "the code came through the mailbox");
    cr_assert_str_eq(out.page, "in_person");
}

Test(temp_code, wrong_codes_are_throttled_before_they_are_spent)
{
    int64_t id = registered();
    int left = 0;
    struct journey_outcome out;
    for (int i = 0; i < 4; i++)
        cr_assert_eq(temp_code_enter(&w.env, id, "AAAA-AAAA-AAAA", &left, &out), VC_ERR_DENIED);
    /* reissue resets the attempts, not the throttle */
    cr_assert_eq(temp_code_reissue(&w.env, id), VC_OK);
    for (int i = 0; i < THROTTLE_SUBJECT_FREE + 1 - 4; i++)
        cr_assert_eq(temp_code_enter(&w.env, id, "AAAA-AAAA-AAAA", &left, &out), VC_ERR_DENIED);
    cr_assert_eq(temp_code_enter(&w.env, id, "AAAA-AAAA-AAAA", &left, &out), VC_ERR_LIMIT);
    cr_assert_gt(retry_after, 0, "throttled");
    struct personal_code c;
    cr_assert_eq(repo_personal_code_current(w.store, id, true, &c), VC_OK);
    cr_assert_eq(c.attempts_left, PERSONAL_CODE_ATTEMPTS - (THROTTLE_SUBJECT_FREE + 1 - 4),
                 "a throttled try spends nothing");
}

Test(temp_code, the_second_occurrence_is_forced_and_its_replacement_finishes_the_journey)
{
    int64_t id = registered();
    char code[32];
    newest("temp_code_issued", "code", code, sizeof code);
    at_replacement(id);
    struct account a;
    cr_assert_eq(repo_account_by_id(w.store, id, &a), VC_OK);
    const struct step_ref *at = journey_active(&w.env, &a);
    cr_assert_eq(journey_occurrence(journey_of(&w.env, &a), at), 1);
    cr_assert_str_eq(journey_forced_page(&w.env, &a), "personal_code");
    const char *page = NULL;
    cr_assert_eq(account_forced_page(&w.env, id, &page), VC_OK);
    cr_assert_str_eq(page, "personal_code");
    struct temp_code_state s;
    cr_assert_eq(temp_code_state(&w.env, id, &s), VC_OK);
    cr_assert_eq(s.task, TEMP_CODE_REPLACE);
    int left = 0;
    struct journey_outcome out;
    cr_assert_eq(temp_code_enter(&w.env, id, code, &left, &out), VC_ERR_CONFLICT,
                 "typing the code is the first occurrence's task, not this one's");

    struct form_errors fe;
    /* the policy, the confirmation, the temporary code: each beside its field */
    cr_assert_eq(replace(id, code, "corto", "corto", &fe, &out), VC_ERR_INVALID);
    cr_assert_not_null(form_errors_get(&fe, "code"));
    cr_assert_eq(replace(id, code, "Tramonto sul Vesuvio", "Tramonto sul Vesuvi", &fe, &out),
                 VC_ERR_INVALID);
    cr_assert_str_eq(form_errors_get(&fe, "code_confirm"), "error.personal_code.mismatch");
    cr_assert_eq(replace(id, "", "Tramonto sul Vesuvio", "Tramonto sul Vesuvio", &fe, &out),
                 VC_ERR_INVALID);
    cr_assert_str_eq(form_errors_get(&fe, "temp_code"), "error.personal_code.missing");
    cr_assert_eq(
        replace(id, "AAAA-AAAA-AAAA", "Tramonto sul Vesuvio", "Tramonto sul Vesuvio", &fe, &out),
        VC_ERR_DENIED);
    cr_assert_str_eq(form_errors_get(&fe, "temp_code"), "error.personal_code.wrong");

    cr_assert_eq(replace(id, code, "Tramonto sul Vesuvio", "Tramonto sul Vesuvio", &fe, &out),
                 VC_OK);
    cr_assert(out.finished);
    cr_assert(out.level_changed, "the caller rotates the session");
    cr_assert_eq(out.level, LEVEL_FULL);
    cr_assert_str_eq(out.page, "area");
    cr_assert_eq(repo_account_by_id(w.store, id, &a), VC_OK);
    cr_assert_str_eq(a.step, "");
    cr_assert_eq(a.state, ACCOUNT_ACTIVE);
    cr_assert_null(journey_forced_page(&w.env, &a));
    struct personal_code c;
    cr_assert_eq(repo_personal_code_current(w.store, id, true, &c), VC_ERR_NOT_FOUND,
                 "the temporary code is spent");
    cr_assert_eq(repo_personal_code_current(w.store, id, false, &c), VC_OK);
    cr_assert_eq(strncmp(c.hash, "$argon2id$", 10), 0);
    cr_assert_eq(count("personal_code_changed"), 1);
    cr_assert_eq(count("account_activated"), 1, "the engine's final message");
}

Test(temp_code, recovery_of_the_personal_code_issues_a_new_one_that_must_be_replaced)
{
    int64_t id = registered();
    char code[32];
    newest("temp_code_issued", "code", code, sizeof code);
    at_replacement(id);
    struct form_errors fe;
    struct journey_outcome out;
    cr_assert_eq(replace(id, code, "Tramonto sul Vesuvio", "Tramonto sul Vesuvio", &fe, &out),
                 VC_OK);
    struct account a;
    cr_assert_eq(repo_account_by_id(w.store, id, &a), VC_OK);
    struct temp_code_state s;
    cr_assert_eq(temp_code_state(&w.env, id, &s), VC_OK);
    cr_assert_eq(s.task, TEMP_CODE_NONE);
    cr_assert(s.journey_over, "the full area offers the recovery");

    cr_assert_eq(temp_code_reissue(&w.env, id), VC_OK);
    char fresh[32];
    newest("temp_code_new", "code", fresh, sizeof fresh);
    cr_assert_str_neq(fresh, code, "never the old one");
    cr_assert_str_eq(journey_forced_page(&w.env, &a), "personal_code", "forced, like the first");
    /* the chosen code still confirms operations until it is replaced */
    struct personal_code c;
    cr_assert_eq(repo_personal_code_current(w.store, id, false, &c), VC_OK);
    cr_assert_eq(
        replace(id, fresh, "Pizza margherita al forno", "Pizza margherita al forno", &fe, &out),
        VC_OK);
    cr_assert(!out.finished);
    cr_assert_str_eq(out.page, "area");
    cr_assert_null(journey_forced_page(&w.env, &a));
    cr_assert_eq(repo_personal_code_current(w.store, id, false, &c), VC_OK);
    struct personal_code_proof p;
    cr_assert_eq(personal_code_prepare(&w.env, &a, "Tramonto sul Vesuvio", &fe, &p), VC_OK);
    personal_code_verify(&p, "Tramonto sul Vesuvio");
    cr_assert(!p.verified, "the old chosen code stops once the new one is set");
    personal_code_verify(&p, "Pizza margherita al forno");
    cr_assert(p.verified);
}

Test(temp_code, the_personal_code_is_asked_before_a_password_or_email_change)
{
    int64_t id = registered();
    char code[32];
    newest("temp_code_issued", "code", code, sizeof code);
    at_replacement(id);
    struct form_errors fe;
    struct journey_outcome out;
    cr_assert_eq(replace(id, code, "Tramonto sul Vesuvio", "Tramonto sul Vesuvio", &fe, &out),
                 VC_OK);

    struct password_change pc;
    cr_assert_eq(password_change_check(&w.env, id, "Lungomare di Napoli", "Melograno-4747",
                                       "Melograno-4747", "", &fe, &pc),
                 VC_ERR_INVALID);
    cr_assert_str_eq(form_errors_get(&fe, "personal_code"), "error.personal_code.missing");
    /* the right password and a wrong code: nothing changes, an attempt is spent */
    cr_assert_eq(password_change_check(&w.env, id, "Lungomare di Napoli", "Melograno-4747",
                                       "Melograno-4747", "Sbagliato del tutto", &fe, &pc),
                 VC_OK);
    cr_assert_eq(
        password_change_hash(&pc, "Lungomare di Napoli", "Melograno-4747", "Sbagliato del tutto"),
        VC_OK);
    cr_assert_eq(password_change_finish(&w.env, &pc, false, &fe), VC_ERR_DENIED);
    cr_assert_str_eq(form_errors_get(&fe, "personal_code"), "error.personal_code.wrong");
    struct account a;
    cr_assert_eq(repo_account_by_id(w.store, id, &a), VC_OK);
    cr_assert_str_eq(a.password_hash, pc.old_hash, "the password did not change");
    struct personal_code c;
    cr_assert_eq(repo_personal_code_current(w.store, id, false, &c), VC_OK);
    cr_assert_eq(c.attempts_left, PERSONAL_CODE_ATTEMPTS - 1);
    /* both right: done */
    w.now += 120;
    cr_assert_eq(password_change_check(&w.env, id, "Lungomare di Napoli", "Melograno-4747",
                                       "Melograno-4747", "Tramonto sul Vesuvio", &fe, &pc),
                 VC_OK);
    cr_assert_eq(
        password_change_hash(&pc, "Lungomare di Napoli", "Melograno-4747", "Tramonto sul Vesuvio"),
        VC_OK);
    cr_assert_eq(password_change_finish(&w.env, &pc, false, &fe), VC_OK);

    struct email_change ec;
    w.now += 120;
    cr_assert_eq(email_change_check(&w.env, id, "giulia.nuova@example.org", "Melograno-4747", NULL,
                                    &fe, &ec),
                 VC_ERR_INVALID);
    cr_assert_str_eq(form_errors_get(&fe, "personal_code"), "error.personal_code.missing");
    cr_assert_eq(email_change_check(&w.env, id, "giulia.nuova@example.org", "Melograno-4747",
                                    "Sbagliato del tutto", &fe, &ec),
                 VC_OK);
    email_change_verify(&ec, "Melograno-4747", "Sbagliato del tutto");
    cr_assert_eq(email_change_finish(&w.env, &ec, &fe), VC_ERR_DENIED);
    cr_assert_str_eq(form_errors_get(&fe, "personal_code"), "error.personal_code.wrong");
    cr_assert_eq(count("email_change_confirm"), 0);
    w.now += 120;
    cr_assert_eq(email_change_check(&w.env, id, "giulia.nuova@example.org", "Melograno-4747",
                                    "Tramonto sul Vesuvio", &fe, &ec),
                 VC_OK);
    email_change_verify(&ec, "Melograno-4747", "Tramonto sul Vesuvio");
    cr_assert_eq(email_change_finish(&w.env, &ec, &fe), VC_OK);
    cr_assert_eq(count("email_change_confirm"), 1);
}

Test(temp_code, password_recovery_asks_username_and_codice_fiscale_and_answers_alike)
{
    int64_t id = registered();
    char code[32];
    newest("temp_code_issued", "code", code, sizeof code);
    at_replacement(id); /* the address is proven */
    struct form_errors fe;
    cr_assert_eq(recovery_request_by_username_cf(&w.env, "giulia.esposito@example.org",
                                                 "RSSMRA80A41F205B", &fe),
                 VC_OK, "a codice fiscale of someone else: the same answer");
    cr_assert_eq(count("password_reset"), 0);
    cr_assert_eq(
        recovery_request_by_username_cf(&w.env, "nessuno@example.org", "SPSGLI90L55F839S", &fe),
        VC_OK, "nobody: the same answer");
    cr_assert_eq(count("password_reset"), 0);
    cr_assert_eq(recovery_request_by_username_cf(&w.env, "Giulia.Esposito@example.org",
                                                 "spsgli90l55f839s", &fe),
                 VC_OK);
    cr_assert_eq(count("password_reset"), 1);
}
