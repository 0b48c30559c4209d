/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* Level 2 (core/second_factor.h) and the TOTP shared with operators
 * (core/totp_factor.h): enrolment, verification, replay, the throttle,
 * recovery codes (single use, stored hashed), replacing and removing the
 * app, and the session's level. Real SQLite store, fake clock. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/operator.h"
#include "core/repo.h"
#include "core/second_factor.h"
#include "core/session.h"
#include "core/totp_factor.h"
#include "crypto/token.h"
#include "crypto/totp.h"
#include "tests/support/fake_env.h"
#include "util/str.h"

static struct fake_world w;
static void setup(void)
{
    fake_world_open(&w);
    cr_assert_eq(totp_init(), VC_OK);
}
static void teardown(void)
{
    totp_done();
    fake_world_close(&w);
}
TestSuite(second_factor, .init = setup, .fini = teardown);

/* Maria, at full access (her journey over). */
static int64_t full_member(void)
{
    int64_t id = fake_world_register(&w);
    struct account a;
    cr_assert_eq(repo_account_by_id(w.store, id, &a), VC_OK);
    a.level = LEVEL_FULL;
    a.state = ACCOUNT_ACTIVE;
    a.step[0] = '\0';
    cr_assert_eq(repo_account_update(w.store, &a), VC_OK);
    return id;
}

static enum account_level level_of(int64_t id)
{
    struct account a;
    cr_assert_eq(repo_account_by_id(w.store, id, &a), VC_OK);
    return a.level;
}

/* The code the person's app shows now for the key stored (sealed) in s. */
static void app_code(const char *stored, int64_t at, char out[7])
{
    uint8_t key[TOTP_SECRET_BYTES];
    cr_assert(totp_factor_open(&w.env, stored, key));
    cr_assert_eq(totp_generate(key, at, out), VC_OK);
}

static void pending_code(int64_t id, char out[7])
{
    struct second_factor f;
    cr_assert_eq(repo_second_factor_get(w.store, id, &f), VC_OK);
    cr_assert_neq(f.pending[0], '\0');
    app_code(f.pending, w.now, out);
}

static void enrolled_code(int64_t id, int64_t at, char out[7])
{
    struct second_factor f;
    cr_assert_eq(repo_second_factor_get(w.store, id, &f), VC_OK);
    app_code(f.secret, at, out);
}

/* How many messages of that template the outbox holds. */
static int mails(const char *tmpl)
{
    static struct outbox_msg m[64];
    size_t n = 0;
    cr_assert_eq(repo_outbox_list(w.store, -1, m, 64, &n), VC_OK);
    int k = 0;
    for (size_t i = 0; i < n; i++)
        k += strcmp(m[i].template_name, tmpl) == 0;
    return k;
}

static void enrol(int64_t id, struct second_factor_codes *codes)
{
    char uri[512], code[7];
    cr_assert_eq(second_factor_begin(&w.env, id, uri, sizeof uri), VC_OK);
    pending_code(id, code);
    cr_assert_eq(second_factor_confirm(&w.env, id, code, NULL, codes), VC_OK);
}

Test(second_factor, only_full_access_enrols)
{
    int64_t id = fake_world_register(&w); /* level 1 not reached: limited */
    char uri[512];
    cr_assert_eq(second_factor_begin(&w.env, id, uri, sizeof uri), VC_ERR_DENIED);
    struct second_factor_codes codes;
    cr_assert_eq(second_factor_confirm(&w.env, id, "123456", NULL, &codes), VC_ERR_NOT_FOUND);
}

Test(second_factor, enrolment_shows_a_sealed_key_and_asks_a_code)
{
    int64_t id = full_member();
    char uri[512], again[512];
    cr_assert_eq(second_factor_begin(&w.env, id, uri, sizeof uri), VC_OK);
    cr_assert(strncmp(uri, "otpauth://totp/", 15) == 0, "%s", uri);
    cr_assert_not_null(strstr(uri, "maria.rossi%40example.org"), "%s", uri);
    /* a reload shows the same key (the person may have scanned it) */
    cr_assert_eq(second_factor_begin(&w.env, id, again, sizeof again), VC_OK);
    cr_assert_str_eq(uri, again);
    /* sealed at rest: neither the base32 nor the hex of the key is stored */
    struct second_factor f;
    cr_assert_eq(repo_second_factor_get(w.store, id, &f), VC_OK);
    cr_assert(totp_factor_is_sealed(f.pending));
    uint8_t key[TOTP_SECRET_BYTES];
    char b32[TOTP_SECRET_B32], hex[2 * TOTP_SECRET_BYTES + 1];
    cr_assert(totp_factor_open(&w.env, f.pending, key));
    totp_secret_base32(key, b32);
    str_hex(key, sizeof key, hex);
    cr_assert_not_null(strstr(uri, b32));
    cr_assert_null(strstr(f.pending, b32));
    cr_assert_null(strstr(f.pending, hex));
    /* nothing is enrolled until a right code */
    struct second_factor_view v;
    cr_assert_eq(second_factor_view(&w.env, id, &v), VC_OK);
    cr_assert_not(v.enrolled);
    struct second_factor_codes codes;
    char code[7];
    pending_code(id, code);
    char wrong[12];
    snprintf(wrong, sizeof wrong, "%06u", (unsigned)(atoi(code) + 1) % 1000000u);
    cr_assert_eq(second_factor_confirm(&w.env, id, wrong, NULL, &codes), VC_ERR_DENIED);
    cr_assert_eq(level_of(id), LEVEL_FULL);
    cr_assert_eq(second_factor_confirm(&w.env, id, code, NULL, &codes), VC_OK);
    cr_assert_not(codes.replaced);
    cr_assert_eq(level_of(id), LEVEL_FULL_2FA);
    cr_assert_eq(second_factor_view(&w.env, id, &v), VC_OK);
    cr_assert(v.enrolled);
    cr_assert_eq(v.codes_left, SECOND_FACTOR_CODES);
    cr_assert_eq(mails("second_factor_enrolled"), 1);
    bool required = false;
    cr_assert_eq(second_factor_required(&w.env, id, &required), VC_OK);
    cr_assert(required);
}

Test(second_factor, ten_recovery_codes_stored_only_as_keyed_hashes)
{
    int64_t id = full_member();
    struct second_factor_codes codes;
    enrol(id, &codes);
    for (size_t i = 0; i < SECOND_FACTOR_CODES; i++) {
        cr_assert_eq(strlen(codes.code[i]), 11, "%s", codes.code[i]);
        cr_assert_eq(codes.code[i][5], '-');
        for (size_t j = 0; j < i; j++)
            cr_assert_str_neq(codes.code[i], codes.code[j]);
        char plain[SECOND_FACTOR_CODE_LEN + 1], h[HASH_HEX];
        cr_assert(second_factor_code_normalise(codes.code[i], plain));
        token_hash(w.core.pepper, plain, strlen(plain), h);
        struct recovery_code rc;
        cr_assert_eq(repo_recovery_code_by_hash(w.store, id, h, &rc), VC_OK);
        cr_assert_str_eq(rc.hash, h);
        cr_assert_null(strstr(rc.hash, plain));
    }
}

Test(second_factor, a_recovery_code_logs_in_once)
{
    int64_t id = full_member();
    struct second_factor_codes codes;
    enrol(id, &codes);
    /* typed in lower case, with a space instead of the dash */
    char typed[32];
    snprintf(typed, sizeof typed, "%.5s %.5s", codes.code[3], codes.code[3] + 6);
    for (char *p = typed; *p; p++)
        *p = (char)(*p >= 'A' && *p <= 'Z' ? *p + 32 : *p);
    struct second_factor_login out;
    cr_assert_eq(second_factor_login(&w.env, id, typed, &out), VC_OK);
    cr_assert(out.by_recovery);
    cr_assert_str_eq(out.amr, SESSION_AMR_PASSWORD_RECOVERY);
    cr_assert_eq(out.codes_left, SECOND_FACTOR_CODES - 1);
    cr_assert_eq(mails("second_factor_recovery_used"), 1);
    w.now += 120;
    cr_assert_eq(second_factor_login(&w.env, id, codes.code[3], &out), VC_ERR_DENIED, "spent");
    cr_assert_eq(second_factor_login(&w.env, id, "ACDEF-GHJKL", &out), VC_ERR_DENIED);
    cr_assert_eq(second_factor_login(&w.env, id, codes.code[4], &out), VC_OK);
    cr_assert_eq(out.codes_left, SECOND_FACTOR_CODES - 2);
}

Test(second_factor, the_app_code_logs_in_and_is_not_replayed)
{
    int64_t id = full_member();
    struct second_factor_codes codes;
    enrol(id, &codes);
    struct second_factor_login out;
    char code[7];
    /* the enrolment's own code is spent: the same step is refused */
    enrolled_code(id, w.now, code);
    cr_assert_eq(second_factor_login(&w.env, id, code, &out), VC_ERR_DENIED);
    w.now += 30;
    enrolled_code(id, w.now, code);
    cr_assert_eq(second_factor_login(&w.env, id, code, &out), VC_OK);
    cr_assert_not(out.by_recovery);
    cr_assert_str_eq(out.amr, SESSION_AMR_PASSWORD_TOTP);
    cr_assert_eq(second_factor_login(&w.env, id, code, &out), VC_ERR_DENIED, "replay");
    /* a code of the previous step (clock skew) is refused once a later one passed */
    char earlier[7];
    enrolled_code(id, w.now - 30, earlier);
    cr_assert_eq(second_factor_login(&w.env, id, earlier, &out), VC_ERR_DENIED);
    w.now += 30;
    enrolled_code(id, w.now, code);
    cr_assert_eq(second_factor_login(&w.env, id, code, &out), VC_OK);
}

Test(second_factor, wrong_codes_are_throttled_never_locked)
{
    int64_t id = full_member();
    struct second_factor_codes codes;
    enrol(id, &codes);
    struct second_factor_login out;
    int64_t retry = 0;
    w.env.retry_after = &retry;
    for (int i = 0; i < THROTTLE_SUBJECT_FREE; i++)
        cr_assert_eq(second_factor_login(&w.env, id, "000000", &out), VC_ERR_DENIED);
    cr_assert_eq(second_factor_login(&w.env, id, "000000", &out), VC_ERR_DENIED);
    /* now a delay: even the right code waits */
    char code[7];
    enrolled_code(id, w.now + 30, code);
    cr_assert_eq(second_factor_login(&w.env, id, code, &out), VC_ERR_LIMIT);
    cr_assert_geq(retry, 1);
    /* a recovery code waits too: the same counter */
    cr_assert_eq(second_factor_login(&w.env, id, codes.code[0], &out), VC_ERR_LIMIT);
    /* many more guesses, each after its delay: never more than a minute (and a second) */
    for (int i = 0; i < 20; i++) {
        w.now += THROTTLE_SUBJECT_MAX_DELAY + 1;
        cr_assert_eq(second_factor_login(&w.env, id, "000000", &out), VC_ERR_DENIED);
    }
    cr_assert_eq(mails("second_factor_failures"), 1, "told once, at the 10th");
    w.now += THROTTLE_SUBJECT_MAX_DELAY + 1;
    enrolled_code(id, w.now, code);
    cr_assert_eq(second_factor_login(&w.env, id, code, &out), VC_OK);
    w.env.retry_after = NULL;
}

Test(second_factor, a_new_app_replaces_the_old_only_when_confirmed)
{
    int64_t id = full_member();
    struct second_factor_codes first, second;
    enrol(id, &first);
    char uri[512], old_code[7], code[7];
    cr_assert_eq(second_factor_begin(&w.env, id, uri, sizeof uri), VC_OK);
    /* until the new one is confirmed, the old app logs in */
    w.now += 30;
    enrolled_code(id, w.now, old_code);
    struct second_factor_login out;
    cr_assert_eq(second_factor_login(&w.env, id, old_code, &out), VC_OK);
    w.now += 30;
    pending_code(id, code);
    cr_assert_eq(second_factor_confirm(&w.env, id, code, NULL, &second), VC_OK);
    cr_assert(second.replaced);
    cr_assert_eq(mails("second_factor_replaced"), 1);
    cr_assert_eq(level_of(id), LEVEL_FULL_2FA);
    /* the old key and the old codes are gone; the new ones work */
    w.now += 30;
    struct second_factor f;
    cr_assert_eq(repo_second_factor_get(w.store, id, &f), VC_OK);
    cr_assert_eq(f.pending[0], '\0');
    cr_assert_eq(second_factor_login(&w.env, id, first.code[0], &out), VC_ERR_DENIED);
    cr_assert_eq(second_factor_login(&w.env, id, second.code[0], &out), VC_OK);
    cr_assert_eq(out.codes_left, SECOND_FACTOR_CODES - 1);
}

Test(second_factor, removing_goes_back_to_level_1_and_ends_sessions)
{
    int64_t id = full_member();
    struct second_factor_codes codes;
    enrol(id, &codes);
    char tok[TOKEN_TEXT_LEN + 1];
    cr_assert_eq(session_create_amr(&w.env, SESSION_MEMBER, id, LEVEL_FULL_2FA, false,
                                    SESSION_AMR_PASSWORD_TOTP, "ua", tok),
                 VC_OK);
    cr_assert_eq(second_factor_remove(&w.env, id), VC_OK);
    cr_assert_eq(level_of(id), LEVEL_FULL);
    struct session se;
    cr_assert_eq(session_check(&w.env, tok, strlen(tok), &se, NULL), VC_ERR_NOT_FOUND);
    bool required = true;
    cr_assert_eq(second_factor_required(&w.env, id, &required), VC_OK);
    cr_assert_not(required);
    struct second_factor_login out;
    cr_assert_eq(second_factor_login(&w.env, id, codes.code[0], &out), VC_ERR_NOT_FOUND);
    cr_assert_eq(mails("second_factor_removed"), 1);
    cr_assert_eq(second_factor_remove(&w.env, id), VC_ERR_NOT_FOUND);
}

Test(second_factor, enrolling_ends_the_sessions_opened_with_the_password_alone)
{
    int64_t id = full_member();
    char tok[TOKEN_TEXT_LEN + 1];
    cr_assert_eq(session_create(&w.env, SESSION_MEMBER, id, LEVEL_FULL, false, "ua", tok), VC_OK);
    struct second_factor_codes codes;
    enrol(id, &codes);
    struct session se;
    cr_assert_eq(session_check(&w.env, tok, strlen(tok), &se, NULL), VC_ERR_NOT_FOUND);
}

Test(second_factor, the_session_is_at_level_2_only_with_a_second_factor)
{
    char tok[TOKEN_TEXT_LEN + 1];
    struct session se;
    cr_assert_eq(session_create(&w.env, SESSION_MEMBER, 7, LEVEL_FULL_2FA, false, "ua", tok),
                 VC_OK);
    cr_assert_eq(session_check(&w.env, tok, strlen(tok), &se, NULL), VC_OK);
    cr_assert_eq(se.level, LEVEL_FULL, "a password alone is level 1");
    cr_assert_str_eq(se.amr, "pwd");
    cr_assert_eq(session_create_amr(&w.env, SESSION_MEMBER, 7, LEVEL_FULL_2FA, false,
                                    SESSION_AMR_PASSWORD_TOTP, "ua", tok),
                 VC_OK);
    cr_assert_eq(session_check(&w.env, tok, strlen(tok), &se, NULL), VC_OK);
    cr_assert_eq(se.level, LEVEL_FULL_2FA);
    cr_assert_str_eq(se.amr, "pwd otp");
    cr_assert_eq(session_create_amr(&w.env, SESSION_MEMBER, 7, LEVEL_FULL_2FA, false,
                                    SESSION_AMR_PASSWORD_RECOVERY, "ua", tok),
                 VC_OK);
    cr_assert_eq(session_check(&w.env, tok, strlen(tok), &se, NULL), VC_OK);
    cr_assert_eq(se.level, LEVEL_FULL_2FA);
    cr_assert(session_amr_second_factor("pwd otp"));
    cr_assert(session_amr_second_factor("rc"));
    cr_assert_not(session_amr_second_factor("pwd"));
    cr_assert_not(session_amr_second_factor("pwdotp"));
    cr_assert_not(session_amr_second_factor(""));
}

Test(second_factor, the_pending_login_opens_only_briefly)
{
    int64_t id = full_member();
    char tok[TOKEN_TEXT_LEN + 1], member[TOKEN_TEXT_LEN + 1];
    cr_assert_eq(session_create_amr(&w.env, SESSION_SECOND_FACTOR, id, LEVEL_LIMITED, false,
                                    SESSION_AMR_PASSWORD, "ua", tok),
                 VC_OK);
    cr_assert_eq(session_create(&w.env, SESSION_MEMBER, id, LEVEL_FULL, false, "ua", member),
                 VC_OK);
    int64_t got = 0;
    cr_assert_eq(second_factor_pending(&w.env, tok, strlen(tok), &got), VC_OK);
    cr_assert_eq(got, id);
    cr_assert_eq(second_factor_pending(&w.env, member, strlen(member), &got), VC_ERR_NOT_FOUND,
                 "a member session is not a pending one");
    w.now += SECOND_FACTOR_LOGIN_SECONDS;
    cr_assert_eq(second_factor_pending(&w.env, tok, strlen(tok), &got), VC_ERR_NOT_FOUND);
}

/* Operators go through the same module: enrolment, replay, throttle. */
static const char HASH[] = "$argon2id$v=19$m=8,t=1,p=1$c2FsdHNhbHQ$aGFzaGhhc2hoYXNoaGFzaA";

Test(second_factor, operators_share_the_totp)
{
    struct form_errors fe;
    int64_t op = 0;
    cr_assert_eq(operator_create(&w.env, "anna", "Anna", HASH, OPERATOR_BACKOFFICE, NULL, &fe, &op),
                 VC_OK);
    char uri[512], code[7];
    cr_assert_eq(operator_totp_begin(&w.env, op, uri, sizeof uri), VC_OK);
    struct operator_account o;
    cr_assert_eq(repo_operator_by_id(w.store, op, &o), VC_OK);
    cr_assert(totp_factor_is_sealed(o.totp_secret));
    app_code(o.totp_secret, w.now, code);
    cr_assert_eq(operator_totp_verify(&w.env, op, "000000"), VC_ERR_DENIED);
    cr_assert_eq(operator_totp_verify(&w.env, op, code), VC_OK);
    cr_assert_eq(operator_totp_begin(&w.env, op, uri, sizeof uri), VC_ERR_DENIED, "enrolled");
    cr_assert_eq(operator_totp_verify(&w.env, op, code), VC_ERR_DENIED, "replay");
    w.now += 30;
    app_code(o.totp_secret, w.now, code);
    cr_assert_eq(operator_totp_verify(&w.env, op, code), VC_OK);
    /* a key kept in clear (before issue 8) still works, and is sealed at its use */
    uint8_t key[TOTP_SECRET_BYTES];
    cr_assert(totp_factor_open(&w.env, o.totp_secret, key));
    cr_assert_eq(repo_operator_by_id(w.store, op, &o), VC_OK);
    str_hex(key, sizeof key, o.totp_secret);
    cr_assert_eq(repo_operator_update(w.store, &o), VC_OK);
    w.now += 30;
    cr_assert_eq(totp_generate(key, w.now, code), VC_OK);
    cr_assert_eq(operator_totp_verify(&w.env, op, code), VC_OK);
    cr_assert_eq(repo_operator_by_id(w.store, op, &o), VC_OK);
    cr_assert(totp_factor_is_sealed(o.totp_secret));
}
