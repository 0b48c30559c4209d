/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* The credential life-cycle in core: old accounts imported and moved over,
 * changing the password and the email. Real SQLite store, fake clock. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>

#include "core/account.h"
#include "core/email_change.h"
#include "core/legacy.h"
#include "core/password_change.h"
#include "core/recovery.h"
#include "core/repo.h"
#include "core/session.h"
#include "core/steps/confirm_email.h"
#include "crypto/password.h"
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
TestSuite(credentials, .init = setup, .fini = teardown);

/* md5-crypt of "juventus" and sha512-crypt of "Antica-Quercia7", made with
 * `openssl passwd -1 -salt abcdefgh juventus` and
 * `mkpasswd -m sha512crypt -S saltsaltsalt Antica-Quercia7`. */
#define MD5_JUVENTUS "$1$abcdefgh$CeLO3ZBXNqVqDg75vS.JB/"
#define SHA512_QUERCIA                                                                             \
    "$6$saltsaltsalt$EMoF8GXtNZdCY4uePUleD/4DpAfXHK42KItJ0zwvgX5/"                                 \
    "dtWGGhUngY4sgzkL7pCwpRKwaA7PTou/64GwJVNUK."

static enum vc_status login(const char *user, const char *pw, struct account *a, int64_t *legacy)
{
    struct login_attempt la;
    enum vc_status st = account_login_lookup(&w.env, user, &la);
    if (st != VC_OK)
        return st;
    bool ok = account_login_verify(&la, pw, strlen(pw));
    *legacy = 0;
    return account_login_finish(&w.env, &la, ok, pw, strlen(pw), a, legacy);
}

static int64_t import(const char *user, const char *matricola, const char *hash)
{
    struct legacy_row r = {user, "", matricola, hash, "maria.rossi@pec.it"};
    struct form_errors fe;
    cr_assert_eq(legacy_import(&w.env, &r, &fe), VC_OK, "%s", fe.n ? fe.e[0].msg : "");
    struct legacy_account l;
    char lower[64];
    snprintf(lower, sizeof lower, "%s", user);
    for (char *p = lower; *p; p++)
        *p = (char)(*p >= 'A' && *p <= 'Z' ? *p + 32 : *p);
    cr_assert_eq(repo_legacy_by_username(w.store, lower, &l), VC_OK);
    return l.id;
}

Test(credentials, the_hashes_in_this_file_are_what_the_tools_made)
{
    char out[256];
    FILE *p = popen("openssl passwd -1 -salt abcdefgh juventus", "r");
    cr_assert_not_null(fgets(out, sizeof out, p));
    pclose(p);
    out[strcspn(out, "\n")] = '\0';
    cr_assert_str_eq(out, MD5_JUVENTUS);
    p = popen("mkpasswd -m sha512crypt -S saltsaltsalt Antica-Quercia7", "r");
    cr_assert_not_null(fgets(out, sizeof out, p));
    pclose(p);
    out[strcspn(out, "\n")] = '\0';
    cr_assert_str_eq(out, SHA512_QUERCIA);
}

Test(credentials, import_refuses_bad_rows_with_reasons)
{
    struct form_errors fe;
    struct legacy_row r = {"", "", "999999", "plaintext", ""};
    cr_assert_eq(legacy_import(&w.env, &r, &fe), VC_ERR_INVALID);
    cr_assert_not_null(form_errors_get(&fe, "username"));
    cr_assert_not_null(form_errors_get(&fe, "password_hash"));
    cr_assert_not_null(form_errors_get(&fe, "matricola"));
    struct legacy_row mismatch = {"x", "CNTGLI64R59C351N", "100001", MD5_JUVENTUS, ""};
    cr_assert_eq(legacy_import(&w.env, &mismatch, &fe), VC_ERR_INVALID);
    cr_assert_not_null(form_errors_get(&fe, "codice_fiscale"));
    struct legacy_row r2 = {"x", "XYZ", "", MD5_JUVENTUS, ""};
    cr_assert_eq(legacy_import(&w.env, &r2, &fe), VC_ERR_INVALID);
    cr_assert_not_null(form_errors_get(&fe, "codice_fiscale"));
}

Test(credentials, an_old_account_moves_over_and_its_twins_stop_working)
{
    int64_t first = import("MRossi", "100001", SHA512_QUERCIA);
    import("maria.r", "100001", MD5_JUVENTUS);
    struct account a;
    int64_t legacy = 0;
    cr_assert_eq(login("mrossi", "sbagliata", &a, &legacy), VC_ERR_DENIED);
    cr_assert_eq(login("mrossi", "Antica-Quercia7", &a, &legacy), VC_OK);
    cr_assert_eq(legacy, first);
    /* re-hashed to argon2id at the first success; the old password still works */
    struct legacy_account l;
    cr_assert_eq(repo_legacy_by_id(w.store, first, &l), VC_OK);
    cr_assert(strncmp(l.password_hash, "$argon2id$", 10) == 0);
    cr_assert_not(l.weak_password);
    cr_assert_eq(login("mrossi", "Antica-Quercia7", &a, &legacy), VC_OK);

    struct legacy_welcome wel;
    cr_assert_eq(legacy_welcome(&w.env, first, &wel), VC_OK);
    cr_assert_str_eq(wel.proposed, "", "a PEC is not proposed");
    cr_assert_str_eq(wel.member.given_name, "Maria");
    struct form_errors fe;
    int64_t id = 0;
    cr_assert_eq(legacy_migrate(&w.env, first, "maria.rossi@pec.it", "it", &fe, &id),
                 VC_ERR_INVALID);
    cr_assert_str_eq(form_errors_get(&fe, "email"), "error.email.pec");
    cr_assert_eq(legacy_migrate(&w.env, first, "maria.rossi@example.org", "it", &fe, &id), VC_OK);
    cr_assert_eq(repo_account_by_id(w.store, id, &a), VC_OK);
    cr_assert_eq(a.state, ACCOUNT_PENDING);
    cr_assert_eq(a.level, LEVEL_FULL);
    /* the old usernames no longer log in, the twin is disabled */
    cr_assert_eq(login("mrossi", "Antica-Quercia7", &a, &legacy), VC_ERR_DENIED);
    cr_assert_eq(login("maria.r", "juventus", &a, &legacy), VC_ERR_DENIED);
    struct legacy_account twin;
    cr_assert_eq(repo_legacy_by_username(w.store, "maria.r", &twin), VC_OK);
    cr_assert_eq(twin.state, LEGACY_DISABLED);
    /* the new account opens only once its address is proven */
    cr_assert_eq(login("maria.rossi@example.org", "Antica-Quercia7", &a, &legacy), VC_ERR_CONFLICT);
    fake_world_confirm_email(&w, id);
    cr_assert_eq(login("maria.rossi@example.org", "Antica-Quercia7", &a, &legacy), VC_OK);
    cr_assert_eq(legacy, 0);
    cr_assert_eq(a.id, id);
    cr_assert_eq(a.state, ACCOUNT_ACTIVE);
}

Test(credentials, recovery_never_mails_an_unproven_address)
{
    int64_t id = fake_world_register(&w);
    struct form_errors fe;
    cr_assert_eq(recovery_request_by_email(&w.env, "maria.rossi@example.org", &fe), VC_OK);
    struct outbox_msg m[32];
    size_t n = 0;
    cr_assert_eq(repo_outbox_list(w.store, -1, m, 32, &n), VC_OK);
    for (size_t i = 0; i < n; i++)
        cr_assert_str_neq(m[i].template_name, "password_reset");
    fake_world_confirm_email(&w, id);
    cr_assert_eq(recovery_request_by_email(&w.env, "maria.rossi@example.org", &fe), VC_OK);
    cr_assert_eq(repo_outbox_list(w.store, -1, m, 32, &n), VC_OK);
    bool sent = false;
    for (size_t i = 0; i < n; i++)
        sent = sent || strcmp(m[i].template_name, "password_reset") == 0;
    cr_assert(sent);
}

Test(credentials, a_weak_old_password_must_be_changed_and_a_person_with_an_account_is_told)
{
    int64_t id = import("mrossi", "100001", MD5_JUVENTUS);
    struct account a;
    int64_t legacy = 0;
    cr_assert_eq(login("mrossi", "juventus", &a, &legacy), VC_OK);
    struct form_errors fe;
    int64_t acc = 0;
    cr_assert_eq(legacy_migrate(&w.env, id, "maria.rossi@example.org", "it", &fe, &acc), VC_OK);
    cr_assert_eq(repo_account_by_id(w.store, acc, &a), VC_OK);
    cr_assert(a.must_change_password);

    struct password_change pc;
    cr_assert_eq(password_change_check(&w.env, acc, "Segreta2024", "Melograno-47", "Melograno-47",
                                       NULL, &fe, &pc),
                 VC_OK);
    cr_assert_eq(password_change_hash(&pc, "juventus", "Melograno-47", NULL), VC_OK);
    cr_assert_eq(password_change_finish(&w.env, &pc, true, &fe), VC_OK);
    cr_assert_eq(repo_account_by_id(w.store, acc, &a), VC_OK);
    cr_assert_not(a.must_change_password);

    /* an old registration imported later, of someone who has an account now:
     * the welcome page says so, and nothing is created */
    int64_t other = import("mariarossi2", "100001", SHA512_QUERCIA);
    struct legacy_welcome wel;
    cr_assert_eq(legacy_welcome(&w.env, other, &wel), VC_OK);
    cr_assert(wel.has_account);
    cr_assert_eq(legacy_migrate(&w.env, other, "altra@example.org", "it", &fe, &acc),
                 VC_ERR_CONFLICT);
}

Test(credentials, change_password_refuses_a_wrong_old_one_and_a_weak_new_one)
{
    int64_t id = fake_world_register(&w);
    struct form_errors fe;
    struct password_change pc;
    cr_assert_eq(
        password_change_check(&w.env, id, "Segreta2024", "password", "password", NULL, &fe, &pc),
        VC_ERR_INVALID);
    cr_assert_str_eq(form_errors_get(&fe, "password"), "error.password.common");
    cr_assert_eq(password_change_check(&w.env, id, "Segreta2024", "Rossi2024!", "Rossi2024!", NULL,
                                       &fe, &pc),
                 VC_ERR_INVALID);
    cr_assert_str_eq(form_errors_get(&fe, "password"), "error.password.personal");
    cr_assert_eq(password_change_check(&w.env, id, "Segreta2024", "Melograno-47", "Melograno-47",
                                       NULL, &fe, &pc),
                 VC_OK);
    cr_assert_eq(password_change_hash(&pc, "sbagliata", "Melograno-47", NULL), VC_OK);
    cr_assert_eq(password_change_finish(&w.env, &pc, false, &fe), VC_ERR_DENIED);
    cr_assert_str_eq(form_errors_get(&fe, "old_password"), "error.password.old_wrong");
    cr_assert_eq(password_change_check(&w.env, id, "Segreta2024", "Melograno-47", "Melograno-47",
                                       NULL, &fe, &pc),
                 VC_OK);
    cr_assert_eq(password_change_hash(&pc, "Segreta2024", "Melograno-47", NULL), VC_OK);
    cr_assert_eq(password_change_finish(&w.env, &pc, false, &fe), VC_OK);
    struct account a;
    cr_assert_eq(repo_account_by_id(w.store, id, &a), VC_OK);
    cr_assert(password_verify(a.password_hash, "Melograno-47", 12));
}

Test(credentials, change_email_by_link_and_taken_addresses)
{
    int64_t id = fake_world_register(&w);
    struct form_errors fe;
    struct email_change ec;
    cr_assert_eq(
        email_change_check(&w.env, id, "maria.rossi@example.org", "Segreta2024", NULL, &fe, &ec),
        VC_ERR_INVALID);
    cr_assert_str_eq(form_errors_get(&fe, "email"), "error.email.same");
    cr_assert_eq(email_change_check(&w.env, id, "maria@pec.it", "Segreta2024", NULL, &fe, &ec),
                 VC_ERR_INVALID);
    cr_assert_eq(
        email_change_check(&w.env, id, "Maria.Nuova@Example.org", "Segreta2024", NULL, &fe, &ec),
        VC_OK);
    email_change_verify(&ec, "sbagliata", NULL);
    cr_assert_eq(email_change_finish(&w.env, &ec, &fe), VC_ERR_DENIED);
    cr_assert_eq(
        email_change_check(&w.env, id, "Maria.Nuova@Example.org", "Segreta2024", NULL, &fe, &ec),
        VC_OK);
    email_change_verify(&ec, "Segreta2024", NULL);
    cr_assert_eq(email_change_finish(&w.env, &ec, &fe), VC_OK);
    /* the link went to the new address: find it in the outbox */
    struct outbox_msg m[32];
    size_t n = 0;
    cr_assert_eq(repo_outbox_list(w.store, -1, m, 32, &n), VC_OK);
    const char *t = NULL;
    for (size_t i = 0; i < n; i++) {
        if (strcmp(m[i].template_name, "email_change_confirm") == 0) {
            cr_assert_str_eq(m[i].recipient, "maria.nuova@example.org");
            t = strstr(m[i].payload, "?t=");
        }
    }
    cr_assert_not_null(t);
    char tok[TOKEN_TEXT_LEN + 1];
    memcpy(tok, t + 3, TOKEN_TEXT_LEN);
    tok[TOKEN_TEXT_LEN] = '\0';
    char now_email[EMAIL_MAX + 1];
    cr_assert_eq(email_change_confirm(&w.env, tok, TOKEN_TEXT_LEN, now_email), VC_OK);
    cr_assert_str_eq(now_email, "maria.nuova@example.org");
    cr_assert_eq(email_change_confirm(&w.env, tok, TOKEN_TEXT_LEN, now_email), VC_ERR_NOT_FOUND);
    struct account a;
    cr_assert_eq(repo_account_by_id(w.store, id, &a), VC_OK);
    cr_assert_str_eq(a.username, "maria.nuova@example.org");
}

Test(credentials, sessions_listed_ended_one_by_handle_and_all_others)
{
    int64_t id = fake_world_register(&w);
    char mine[TOKEN_TEXT_LEN + 1], other[TOKEN_TEXT_LEN + 1], stranger[TOKEN_TEXT_LEN + 1];
    cr_assert_eq(
        session_create(&w.env, SESSION_MEMBER, id, LEVEL_LIMITED, false, "Firefox/1", mine), VC_OK);
    w.now += 10;
    cr_assert_eq(
        session_create(&w.env, SESSION_MEMBER, id, LEVEL_LIMITED, false, "Chrome/1", other), VC_OK);
    cr_assert_eq(
        session_create(&w.env, SESSION_MEMBER, id + 1000, LEVEL_LIMITED, false, "x", stranger),
        VC_OK);
    struct session_view v[8], sv[8];
    size_t n = 0, sn = 0;
    cr_assert_eq(session_list(&w.env, SESSION_MEMBER, id, mine, v, 8, &n), VC_OK);
    cr_assert_eq(n, 2);
    cr_assert_str_eq(v[0].user_agent, "Chrome/1", "the most recent first");
    cr_assert_not(v[0].current);
    cr_assert(v[1].current);
    cr_assert_eq(strlen(v[0].handle), SESSION_HANDLE_LEN);
    /* another person's handle ends nothing */
    cr_assert_eq(session_list(&w.env, SESSION_MEMBER, id + 1000, stranger, sv, 8, &sn), VC_OK);
    bool was_current = true;
    cr_assert_eq(session_end_handle(&w.env, SESSION_MEMBER, id, mine, sv[0].handle, &was_current),
                 VC_ERR_NOT_FOUND);
    cr_assert_eq(session_end_handle(&w.env, SESSION_MEMBER, id, mine, v[0].handle, &was_current),
                 VC_OK);
    cr_assert_not(was_current);
    struct session se;
    cr_assert_eq(session_check(&w.env, other, TOKEN_TEXT_LEN, &se, NULL), VC_ERR_NOT_FOUND);
    cr_assert_eq(session_check(&w.env, mine, TOKEN_TEXT_LEN, &se, NULL), VC_OK);
    /* end the others: the stranger's session is not touched */
    cr_assert_eq(session_create(&w.env, SESSION_MEMBER, id, LEVEL_LIMITED, false, "y", other),
                 VC_OK);
    cr_assert_eq(session_end_others(&w.env, SESSION_MEMBER, id, mine), VC_OK);
    cr_assert_eq(session_list(&w.env, SESSION_MEMBER, id, mine, v, 8, &n), VC_OK);
    cr_assert_eq(n, 1);
    cr_assert_eq(session_check(&w.env, stranger, TOKEN_TEXT_LEN, &se, NULL), VC_OK);
    /* an idle session is not listed */
    w.now += w.core.session_idle_seconds + 1;
    cr_assert_eq(session_list(&w.env, SESSION_MEMBER, id, mine, v, 8, &n), VC_OK);
    cr_assert_eq(n, 0);
}

/* The email-change link mailed before a password change: its token. */
static void pending_email_link(int64_t id, char tok[TOKEN_TEXT_LEN + 1])
{
    struct form_errors fe;
    struct email_change ec;
    cr_assert_eq(email_change_check(&w.env, id, "nuova@example.org", "Segreta2024", NULL, &fe, &ec),
                 VC_OK);
    email_change_verify(&ec, "Segreta2024", NULL);
    cr_assert_eq(email_change_finish(&w.env, &ec, &fe), VC_OK);
    struct outbox_msg m[32];
    size_t n = 0;
    cr_assert_eq(repo_outbox_list(w.store, -1, m, 32, &n), VC_OK);
    const char *t = NULL;
    for (size_t i = 0; i < n && t == NULL; i++) {
        if (strcmp(m[i].template_name, "email_change_confirm") == 0)
            t = strstr(m[i].payload, "?t=");
    }
    cr_assert_not_null(t);
    memcpy(tok, t + 3, TOKEN_TEXT_LEN);
    tok[TOKEN_TEXT_LEN] = '\0';
}

Test(credentials, a_password_change_voids_pending_links)
{
    int64_t id = fake_world_register(&w);
    char tok[TOKEN_TEXT_LEN + 1];
    pending_email_link(id, tok);
    struct form_errors fe;
    struct password_change pc;
    cr_assert_eq(password_change_check(&w.env, id, "Segreta2024", "Melograno-47", "Melograno-47",
                                       NULL, &fe, &pc),
                 VC_OK);
    cr_assert_eq(password_change_hash(&pc, "Segreta2024", "Melograno-47", NULL), VC_OK);
    cr_assert_eq(password_change_finish(&w.env, &pc, false, &fe), VC_OK);
    char now_email[EMAIL_MAX + 1];
    cr_assert_neq(email_change_confirm(&w.env, tok, TOKEN_TEXT_LEN, now_email), VC_OK,
                  "a link from before the change still works");
    struct account a;
    cr_assert_eq(repo_account_by_id(w.store, id, &a), VC_OK);
    cr_assert_str_eq(a.username, "maria.rossi@example.org");
}
