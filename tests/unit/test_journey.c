/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* Core against a real SQLite store with a fake clock: codes (expiry,
 * attempts, single use), the audit chain, the journey's transitions. */
#include <criterion/criterion.h>
#include <sqlite3.h>
#include <stdio.h>
#include <string.h>

#include "core/account.h"
#include "core/audit.h"
#include "core/cases.h"
#include "core/codes.h"
#include "core/journey.h"
#include "core/recovery.h"
#include "core/registration.h"
#include "core/repo.h"
#include "core/steps/confirm_email.h"
#include "core/steps/id_form.h"
#include "core/steps/postal_code.h"
#include "store/store.h"
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

TestSuite(codes, .init = setup, .fini = teardown);
TestSuite(audit, .init = setup, .fini = teardown);
TestSuite(journey, .init = setup, .fini = teardown);

Test(codes, token_single_use)
{
    int64_t id = fake_world_register(&w);
    char tok[TOKEN_TEXT_LEN + 1];
    cr_assert_eq(codes_issue_token(&w.env, id, CODE_EMAIL_CONFIRM, 3600, tok), VC_OK);
    int64_t got = 0;
    cr_assert_eq(codes_redeem_token(&w.env, CODE_EMAIL_CONFIRM, tok, strlen(tok), &got), VC_OK);
    cr_assert_eq(got, id);
    cr_assert_eq(codes_redeem_token(&w.env, CODE_EMAIL_CONFIRM, tok, strlen(tok), &got),
                 VC_ERR_NOT_FOUND);
}

Test(codes, token_expires)
{
    int64_t id = fake_world_register(&w);
    char tok[TOKEN_TEXT_LEN + 1];
    cr_assert_eq(codes_issue_token(&w.env, id, CODE_EMAIL_CONFIRM, 3600, tok), VC_OK);
    w.now += 3600;
    int64_t got = 0;
    cr_assert_eq(codes_redeem_token(&w.env, CODE_EMAIL_CONFIRM, tok, strlen(tok), &got),
                 VC_ERR_EXPIRED);
}

Test(codes, a_new_token_voids_the_old)
{
    int64_t id = fake_world_register(&w);
    char a[TOKEN_TEXT_LEN + 1], b[TOKEN_TEXT_LEN + 1];
    cr_assert_eq(codes_issue_token(&w.env, id, CODE_EMAIL_CONFIRM, 3600, a), VC_OK);
    cr_assert_eq(codes_issue_token(&w.env, id, CODE_EMAIL_CONFIRM, 3600, b), VC_OK);
    int64_t got = 0;
    cr_assert_eq(codes_redeem_token(&w.env, CODE_EMAIL_CONFIRM, a, strlen(a), &got),
                 VC_ERR_NOT_FOUND);
    cr_assert_eq(codes_redeem_token(&w.env, CODE_EMAIL_CONFIRM, b, strlen(b), &got), VC_OK);
}

Test(codes, short_code_attempts_then_void)
{
    int64_t id = fake_world_register(&w);
    char code[ACTIVATION_CODE_LEN + 1];
    cr_assert_eq(codes_issue_short(&w.env, id, CODE_ACTIVATION, 86400, 5, code), VC_OK);
    cr_assert_eq(strlen(code), ACTIVATION_CODE_LEN);
    int left = -1;
    for (int i = 4; i >= 1; i--) {
        cr_assert_eq(codes_check_short(&w.env, id, CODE_ACTIVATION, "WXYZWXYZWXYZ", 12, &left),
                     VC_ERR_DENIED);
        cr_assert_eq(left, i);
    }
    cr_assert_eq(codes_check_short(&w.env, id, CODE_ACTIVATION, "WXYZWXYZWXYZ", 12, &left),
                 VC_ERR_LIMIT);
    /* void: even the right code is refused now */
    cr_assert_eq(codes_check_short(&w.env, id, CODE_ACTIVATION, code, strlen(code), &left),
                 VC_ERR_NOT_FOUND);
}

Test(codes, short_code_normalised_single_use_and_expiry)
{
    int64_t id = fake_world_register(&w);
    char code[ACTIVATION_CODE_LEN + 1], typed[32];
    cr_assert_eq(codes_issue_short(&w.env, id, CODE_ACTIVATION, 86400, 5, code), VC_OK);
    snprintf(typed, sizeof typed, "%.4s-%.4s %.4s", code, code + 4, code + 8);
    for (char *p = typed; *p; p++)
        *p = (char)(*p >= 'A' && *p <= 'Z' ? *p + 32 : *p);
    int left = 0;
    cr_assert_eq(codes_check_short(&w.env, id, CODE_ACTIVATION, typed, strlen(typed), &left),
                 VC_OK);
    cr_assert_eq(codes_check_short(&w.env, id, CODE_ACTIVATION, code, strlen(code), &left),
                 VC_ERR_NOT_FOUND);
    cr_assert_eq(codes_issue_short(&w.env, id, CODE_ACTIVATION, 86400, 5, code), VC_OK);
    w.now += 86400;
    cr_assert_eq(codes_check_short(&w.env, id, CODE_ACTIVATION, code, strlen(code), &left),
                 VC_ERR_EXPIRED);
}

Test(codes, stored_only_as_hash)
{
    int64_t id = fake_world_register(&w);
    char code[ACTIVATION_CODE_LEN + 1];
    cr_assert_eq(codes_issue_short(&w.env, id, CODE_ACTIVATION, 86400, 5, code), VC_OK);
    struct code c;
    cr_assert_eq(repo_code_active(w.store, id, CODE_ACTIVATION, &c), VC_OK);
    cr_assert_null(strstr(c.hash, code));
    cr_assert_eq(strlen(c.hash), 64);
}

Test(audit, chain_intact_then_tamper_detected)
{
    fake_world_register(&w);
    for (int i = 0; i < 5; i++)
        cr_assert_eq(audit_record(&w.env, "system", NULL, "test.event", NULL, 0, "x"), VC_OK);
    cr_assert_eq(store_commit(w.store), VC_OK);
    int64_t n = 0, bad = 0;
    cr_assert_eq(audit_verify(w.store, &n, &bad), VC_OK);
    cr_assert_geq(n, 6);
    /* edit one event behind varco's back */
    sqlite3 *db;
    cr_assert_eq(sqlite3_open(w.path, &db), SQLITE_OK);
    cr_assert_eq(sqlite3_exec(db, "UPDATE audit_events SET detail = 'forged' WHERE seq = 3", NULL,
                              NULL, NULL),
                 SQLITE_OK);
    sqlite3_close(db);
    cr_assert_eq(audit_verify(w.store, &n, &bad), VC_ERR_INVALID);
    cr_assert_eq(bad, 3);
    cr_assert_eq(store_begin(w.store), VC_OK);
}

Test(audit, deleted_event_breaks_the_chain)
{
    for (int i = 0; i < 4; i++)
        cr_assert_eq(audit_record(&w.env, "system", NULL, "test.event", NULL, 0, NULL), VC_OK);
    cr_assert_eq(store_commit(w.store), VC_OK);
    sqlite3 *db;
    cr_assert_eq(sqlite3_open(w.path, &db), SQLITE_OK);
    sqlite3_exec(db, "DELETE FROM audit_events WHERE seq = 2", NULL, NULL, NULL);
    sqlite3_close(db);
    int64_t n = 0, bad = 0;
    cr_assert_eq(audit_verify(w.store, &n, &bad), VC_ERR_INVALID);
    cr_assert_eq(bad, 2);
    cr_assert_eq(store_begin(w.store), VC_OK);
}

static struct account load(int64_t id)
{
    struct account a;
    cr_assert_eq(repo_account_by_id(w.store, id, &a), VC_OK);
    return a;
}

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

Test(journey, the_whole_enasarco_path)
{
    int64_t id = fake_world_register(&w);
    struct account a = load(id);
    cr_assert_str_eq(a.step, "confirm_email");
    cr_assert_eq(a.level, LEVEL_LIMITED);
    cr_assert_eq(count_outbox("confirm_email"), 1);

    /* the form does not exist before the email is confirmed */
    struct id_case c;
    cr_assert_eq(id_form_case(&w.env, id, &c), VC_ERR_DENIED);
    /* steps complete only in order */
    cr_assert_eq(journey_complete(&w.env, &a, "id_form", NULL), VC_ERR_DENIED);

    char tok[TOKEN_TEXT_LEN + 1];
    cr_assert_eq(codes_issue_token(&w.env, id, CODE_EMAIL_CONFIRM, 3600, tok), VC_OK);
    int64_t got = 0;
    cr_assert_eq(confirm_email_open(&w.env, tok, strlen(tok), &got, NULL), VC_OK);
    a = load(id);
    cr_assert_str_eq(a.step, "id_form");
    cr_assert(a.email_confirmed);
    cr_assert_eq(id_form_case(&w.env, id, &c), VC_OK);
    cr_assert_eq(c.status, CASE_AWAITING);
    cr_assert_eq(strncmp(c.number, "ID-2026-", 8), 0);

    struct id_form_doc doc = {.channel = CHANNEL_UPLOAD, .size = 10};
    strcpy(doc.blob, "00000000000000000000000000000000");
    strcpy(doc.mime, "application/pdf");
    cr_assert_eq(id_form_submit(&w.env, id, &doc), VC_OK);
    cr_assert_eq(id_form_submit(&w.env, id, &doc), VC_ERR_DENIED); /* waits for an operator */
    cr_assert_eq(repo_case_by_id(w.store, c.id, &c), VC_OK);
    cr_assert_eq(c.status, CASE_RECEIVED);
    cr_assert_eq(c.due_at, w.now + 48 * 3600);
    cr_assert_not(case_is_overdue(&c, w.now + 48 * 3600));
    cr_assert(case_is_overdue(&c, w.now + 48 * 3600 + 1));

    struct form_errors fe;
    cr_assert_eq(id_form_reject(&w.env, 1, c.id, "", &fe), VC_ERR_INVALID);
    cr_assert_eq(id_form_reject(&w.env, 1, c.id, "Manca il documento", &fe), VC_OK);
    cr_assert_eq(count_outbox("id_form_rejected"), 1);
    cr_assert_eq(id_form_accept(&w.env, 1, c.id), VC_ERR_DENIED); /* nothing to decide */
    cr_assert_eq(id_form_submit(&w.env, id, &doc), VC_OK);        /* sends again */
    cr_assert_eq(id_form_accept(&w.env, 1, c.id), VC_OK);
    a = load(id);
    cr_assert_str_eq(a.step, "postal_code");
    cr_assert_eq(count_outbox("activation_letter"), 1);

    int left = 0;
    cr_assert_eq(postal_code_state(&w.env, id, &left), VC_OK);
    cr_assert_eq(left, 5);
    cr_assert_eq(postal_code_enter(&w.env, id, "WXYZWXYZWXYZ", 12, &left, NULL), VC_ERR_DENIED);
    cr_assert_eq(left, 4);
    /* a new letter is refused while a fresh code is usable */
    int64_t next_at = 0;
    cr_assert_eq(postal_code_new_letter(&w.env, id, &next_at), VC_ERR_LIMIT);
    w.now += 8 * 86400;
    cr_assert_eq(postal_code_new_letter(&w.env, id, &next_at), VC_OK);
    cr_assert_eq(count_outbox("activation_letter"), 2);
    a = load(id);
    cr_assert_eq(a.level, LEVEL_LIMITED);
    cr_assert_str_eq(a.step, "postal_code");
}

/* A registered member, email confirmed, form accepted: waiting for the code. */
static int64_t to_postal_code(void)
{
    int64_t id = fake_world_register(&w);
    char tok[TOKEN_TEXT_LEN + 1];
    int64_t got = 0;
    cr_assert_eq(codes_issue_token(&w.env, id, CODE_EMAIL_CONFIRM, 3600, tok), VC_OK);
    cr_assert_eq(confirm_email_open(&w.env, tok, strlen(tok), &got, NULL), VC_OK);
    struct id_case c;
    cr_assert_eq(id_form_case(&w.env, id, &c), VC_OK);
    struct id_form_doc doc = {.channel = CHANNEL_UPLOAD, .size = 10};
    strcpy(doc.blob, "00000000000000000000000000000000");
    strcpy(doc.mime, "application/pdf");
    cr_assert_eq(id_form_submit(&w.env, id, &doc), VC_OK);
    cr_assert_eq(id_form_accept(&w.env, 1, c.id), VC_OK);
    cr_assert_str_eq(load(id).step, "postal_code");
    return id;
}

/* Five wrong codes void the code. */
static void void_the_code(int64_t id)
{
    int left = 0;
    for (int i = 0; i < 5; i++) {
        w.now += 120; /* past the throttle's waits */
        postal_code_enter(&w.env, id, "WXYZWXYZWXYZ", 12, &left, NULL);
    }
    cr_assert_neq(postal_code_state(&w.env, id, &left), VC_OK);
}

Test(journey, new_letters_are_capped_at_three_in_30_days)
{
    int64_t id = to_postal_code();
    int64_t next_at = 0;
    for (int i = 0; i < POSTAL_CODE_LETTERS_PER_30_DAYS - 1; i++) {
        void_the_code(id);
        cr_assert_eq(postal_code_new_letter(&w.env, id, &next_at), VC_OK, "letter %d", i + 2);
    }
    void_the_code(id);
    cr_assert_eq(postal_code_new_letter(&w.env, id, &next_at), VC_ERR_CONFLICT);
    cr_assert_gt(next_at, w.now);
    cr_assert_eq(count_outbox("activation_letter"), POSTAL_CODE_LETTERS_PER_30_DAYS);
    struct audit_event ev;
    cr_assert_eq(repo_audit_last(w.store, &ev), VC_OK);
    cr_assert_str_eq(ev.action, "letter.cap");
    /* a month after the first letter, one more may go */
    w.now = next_at;
    cr_assert_eq(postal_code_new_letter(&w.env, id, &next_at), VC_OK);
}

/* The code of the newest activation letter in the outbox. */
static void newest_letter_code(char out[32])
{
    static struct outbox_msg m[32];
    size_t n = 0;
    cr_assert_eq(repo_outbox_list(w.store, -1, m, 32, &n), VC_OK);
    out[0] = '\0';
    for (size_t i = 0; i < n && out[0] == '\0'; i++) {
        const char *p = strstr(m[i].payload, "\"code\":\"");
        if (strcmp(m[i].template_name, "activation_letter") == 0 && p != NULL)
            snprintf(out, 32, "%.*s", (int)strcspn(p + 8, "\""), p + 8);
    }
    cr_assert_neq(out[0], '\0', "no activation letter");
}

/* A journey where one step occurs twice: a first letter that grants
 * nothing, a second that completes the journey. Each occurrence has its own
 * id and row; the engine enters the second on completing the first. */
Test(journey, a_step_occurring_twice)
{
    static struct profile twice;
    twice = *w.core.profile;
    struct journey_def *j = &twice.journeys[0];
    j->steps[1] =
        (struct step_ref){.id = "first_letter", .kind = "postal_code", .page = "activation"};
    j->steps[2] = (struct step_ref){
        .id = "second_letter", .kind = "postal_code", .page = "activation", .grants = LEVEL_FULL};
    j->n_steps = 3;
    w.core.profile = &twice;

    int64_t id = fake_world_register(&w);
    struct account a = load(id);
    cr_assert_str_eq(a.step, "first_letter");
    cr_assert_eq(count_outbox("activation_letter"), 1);

    char code[32];
    int left = 0;
    newest_letter_code(code);
    cr_assert_eq(postal_code_enter(&w.env, id, code, strlen(code), &left, NULL), VC_OK);
    a = load(id);
    cr_assert_str_eq(a.step, "second_letter", "the same step, its second occurrence");
    cr_assert_eq(a.level, LEVEL_LIMITED);
    cr_assert_eq(count_outbox("activation_letter"), 2, "entering it posted a new letter");
    cr_assert_eq(count_outbox("account_activated"), 0);
    /* the first code is spent: it does not complete the second occurrence */
    cr_assert_neq(postal_code_enter(&w.env, id, code, strlen(code), &left, NULL), VC_OK);

    w.now += 120;
    newest_letter_code(code);
    cr_assert_eq(postal_code_enter(&w.env, id, code, strlen(code), &left, NULL), VC_OK);
    a = load(id);
    cr_assert_str_eq(a.step, "");
    cr_assert_eq(a.level, LEVEL_FULL);
    cr_assert_eq(count_outbox("account_activated"), 1);

    struct journey_step v[JOURNEY_STEPS_MAX];
    size_t n = 0;
    cr_assert_eq(journey_view(&w.env, &a, v, JOURNEY_STEPS_MAX, &n), VC_OK);
    cr_assert_eq(n, 3);
    cr_assert_str_eq(v[1].step, "first_letter");
    cr_assert_str_eq(v[2].step, "second_letter");
    cr_assert_eq(v[1].status, STEP_DONE);
    cr_assert_eq(v[2].status, STEP_DONE);
}

Test(journey, one_account_per_person_through_omocodes)
{
    fake_world_register(&w);
    static struct register_form f;
    memset(&f, 0, sizeof f);
    strcpy(f.value[REG_PRIVACY], "on");
    strcpy(f.value[REG_MATRICOLA], "100001");
    strcpy(f.value[REG_CODICE_FISCALE], "RSSMRA80A41F205B");
    strcpy(f.value[REG_EMAIL], "altra@example.org");
    strcpy(f.value[REG_PASSWORD], "Segreta2024");
    strcpy(f.password_confirm, "Segreta2024");
    struct form_errors fe;
    int64_t id = 0;
    /* the same answer as for a new person; nothing is created, the owner is told */
    cr_assert_eq(account_register(&w.env, &f, &fe, &id), VC_OK);
    cr_assert_eq(id, 0);
    struct account a;
    cr_assert_eq(repo_account_by_username(w.store, "altra@example.org", &a), VC_ERR_NOT_FOUND);
    cr_assert_eq(count_outbox("register_existing"), 1);
    /* the same for someone else's address */
    strcpy(f.value[REG_CODICE_FISCALE], "RSSMRA80A41F205B");
    strcpy(f.value[REG_EMAIL], "maria.rossi@example.org");
    cr_assert_eq(account_register(&w.env, &f, &fe, &id), VC_OK);
    cr_assert_eq(count_outbox("register_existing"), 2);
}

Test(journey, registration_rules)
{
    static struct register_form f;
    memset(&f, 0, sizeof f);
    strcpy(f.value[REG_PRIVACY], "");
    strcpy(f.value[REG_MATRICOLA], "999999");
    strcpy(f.value[REG_CODICE_FISCALE], "RSSMRA80A41F205B");
    strcpy(f.value[REG_EMAIL], "g.bianchi@pec.it");
    strcpy(f.value[REG_PASSWORD], "corta");
    strcpy(f.password_confirm, "corta");
    struct form_errors fe;
    int64_t id = 0;
    cr_assert_eq(account_register(&w.env, &f, &fe, &id), VC_ERR_INVALID);
    cr_assert_str_eq(form_errors_get(&fe, "email"), "error.email.pec");
    cr_assert_str_eq(form_errors_get(&fe, "password"), "error.password.short");
    cr_assert_str_eq(form_errors_get(&fe, "privacy"), "error.privacy.missing");
    strcpy(f.value[REG_EMAIL], "g@example.org");
    strcpy(f.value[REG_PASSWORD], "Girasole!74");
    strcpy(f.password_confirm, "Girasole!74");
    strcpy(f.value[REG_PRIVACY], "on");
    cr_assert_eq(account_register(&w.env, &f, &fe, &id), VC_ERR_INVALID);
    cr_assert_str_eq(form_errors_get(&fe, "matricola"), "error.member.not_found");
}

Test(journey, login_same_answer_for_unknown_and_wrong)
{
    fake_world_register(&w);
    struct account a;
    cr_assert_eq(account_login(&w.env, "maria.rossi@example.org", "Segreta2024", 11, &a), VC_OK);
    cr_assert_eq(account_login(&w.env, "maria.rossi@example.org", "sbagliata", 9, &a),
                 VC_ERR_DENIED);
    cr_assert_eq(account_login(&w.env, "nessuno@example.org", "sbagliata", 9, &a), VC_ERR_DENIED);
}

TestSuite(recovery, .init = setup, .fini = teardown);

static const char *link_token(void)
{
    static char tok[TOKEN_TEXT_LEN + 1];
    struct outbox_msg m[32];
    size_t n = 0;
    cr_assert_eq(repo_outbox_list(w.store, -1, m, 32, &n), VC_OK);
    for (size_t i = 0; i < n; i++) {
        /* the link is named, not formatted: notify/ makes it a URL */
        const char *t = strstr(m[i].payload, "link:recover_reset?t=");
        if (strcmp(m[i].template_name, "password_reset") == 0 && t != NULL) {
            memcpy(tok, t + 21, TOKEN_TEXT_LEN);
            tok[TOKEN_TEXT_LEN] = '\0';
            return tok;
        }
    }
    cr_assert_fail("no reset mail");
    return NULL;
}

Test(recovery, reset_link_is_single_use_and_expires_in_30_minutes)
{
    fake_world_confirm_email(&w, fake_world_register(&w)); /* links go to proven addresses */
    struct form_errors fe;
    char user[EMAIL_MAX + 1];
    cr_assert_eq(recovery_request_by_email(&w.env, "nessuno@example.org", &fe), VC_OK);
    cr_assert_eq(count_outbox("password_reset"), 0);
    cr_assert_eq(recovery_request_by_email(&w.env, "Maria.Rossi@example.org", &fe), VC_OK);
    cr_assert_eq(count_outbox("password_reset"), 1);
    const char *t = link_token();
    w.now += RECOVERY_LINK_SECONDS;
    cr_assert_eq(recovery_reset_password(&w.env, t, strlen(t), "Nuova2024", "Nuova2024", NULL,
                                         false, &fe, user),
                 VC_ERR_EXPIRED);
    cr_assert_eq(recovery_request_by_cf(&w.env, "rssmra80a41f205b", &fe), VC_OK);
    t = link_token(); /* the newest mail is listed first */
    cr_assert_eq(
        recovery_reset_password(&w.env, t, strlen(t), "corta", "corta", NULL, false, &fe, user),
        VC_ERR_INVALID);
    cr_assert_eq(recovery_reset_password(&w.env, t, strlen(t), "Nuova2024", "Nuova2024", NULL, true,
                                         &fe, user),
                 VC_OK);
    cr_assert_str_eq(user, "maria.rossi@example.org");
    cr_assert_eq(recovery_reset_password(&w.env, t, strlen(t), "Nuova2024", "Nuova2024", NULL, true,
                                         &fe, user),
                 VC_ERR_NOT_FOUND);
    struct account a;
    cr_assert_eq(account_login(&w.env, "maria.rossi@example.org", "Nuova2024", 9, &a), VC_OK);
    cr_assert_eq(count_outbox("password_changed"), 1);
}

Test(recovery, username_needs_the_right_password)
{
    fake_world_register(&w);
    struct form_errors fe;
    char user[EMAIL_MAX + 1];
    cr_assert_eq(recovery_username(&w.env, "RSSMRA80A41F205B", "sbagliata", &fe, user),
                 VC_ERR_DENIED);
    cr_assert_eq(recovery_username(&w.env, "RSSMRA80A41F205B", "Segreta2024", &fe, user), VC_OK);
    cr_assert_str_eq(user, "maria.rossi@example.org");
    cr_assert_eq(recovery_username(&w.env, "XYZ", "Segreta2024", &fe, user), VC_ERR_INVALID);
}

/* A profile forces a page when one of its journeys has a step whose kind
 * forces one (Istanze's temporary code): the session hook reads the account
 * at every request only then. Checked against every step of every built-in
 * profile, and for the two whose journeys have and have not such a step. */
Test(journey, a_profile_forces_a_page_when_a_step_of_it_does)
{
    size_t forcing = 0, not_forcing = 0;
    for (size_t i = 0; profile_at(i) != NULL; i++) {
        const struct profile *p = profile_at(i);
        bool any = false;
        for (size_t ji = 0; ji < p->n_journeys; ji++)
            for (size_t s = 0; s < p->journeys[ji].n_steps; s++) {
                const struct step_kind *k = step_kind_find(p->journeys[ji].steps[s].kind);
                any = any || (k != NULL && k->forced != NULL);
            }
        cr_expect_eq(journey_profile_forces(p), any, "%s", p->name);
        forcing += any;
        not_forcing += !any;
    }
    cr_expect(forcing > 0 && not_forcing > 0, "both kinds of profile are covered");
    cr_expect(journey_profile_forces(profile_find("istanze")));
    cr_expect(!journey_profile_forces(profile_find("enasarco")));
    cr_expect(!journey_profile_forces(NULL));
}
