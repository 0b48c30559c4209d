/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* core/throttle.h through the doors that use it: the growing delays, the
 * hourly lock, the notice mail, and the same treatment for usernames that
 * match no account. Real SQLite store, fake clock (tests/support). */
#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>

#include "core/account.h"
#include "core/recovery.h"
#include "core/registration.h"
#include "core/repo.h"
#include "core/throttle.h"
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
TestSuite(throttle, .init = setup, .fini = teardown);

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

/* One login as the handler does it; *retry set on VC_ERR_LIMIT. */
static enum vc_status try_login(const char *user, const char *pw, int64_t *retry)
{
    struct login_attempt la;
    struct account a;
    w.env.retry_after = retry;
    enum vc_status st = account_login_lookup(&w.env, user, &la);
    if (st == VC_ERR_LIMIT)
        return st;
    cr_assert_eq(st, VC_OK);
    bool ok = account_login_verify(&la, pw, strlen(pw));
    int64_t legacy_id = 0;
    return account_login_finish(&w.env, &la, ok, pw, strlen(pw), &a, &legacy_id);
}

Test(throttle, delays_grow_then_cap)
{
    cr_assert_eq(throttle_delay(5, 5, 60), 0);
    cr_assert_eq(throttle_delay(6, 5, 60), 1);
    cr_assert_eq(throttle_delay(7, 5, 60), 2);
    cr_assert_eq(throttle_delay(10, 5, 60), 16);
    cr_assert_eq(throttle_delay(12, 5, 60), 60);
    cr_assert_eq(throttle_delay(1000, 5, 60), 60);
}

Test(throttle, five_free_failures_then_a_wait_then_the_right_password_works)
{
    fake_world_register(&w);
    int64_t retry = 0;
    for (int i = 0; i < THROTTLE_SUBJECT_FREE; i++)
        cr_assert_eq(try_login("maria.rossi@example.org", "sbagliata", &retry), VC_ERR_DENIED);
    cr_assert_eq(try_login("maria.rossi@example.org", "sbagliata", &retry), VC_ERR_DENIED);
    /* the 6th failure asks for one second: even the right password waits.
     * The clock counts whole seconds, so the wait ends at the start of the
     * second after next: never less than one full second (Retry-After 2). */
    cr_assert_eq(try_login("maria.rossi@example.org", "Segreta2024", &retry), VC_ERR_LIMIT);
    cr_assert_eq(retry, 2);
    w.now += 1;
    cr_assert_eq(try_login("maria.rossi@example.org", "Segreta2024", &retry), VC_ERR_LIMIT,
                 "a failure late in a second, an attempt early in the next: still waiting");
    cr_assert_eq(retry, 1);
    w.now += 1;
    cr_assert_eq(try_login("maria.rossi@example.org", "Segreta2024", &retry), VC_OK);
    /* a success forgets the failures */
    cr_assert_eq(try_login("maria.rossi@example.org", "sbagliata", &retry), VC_ERR_DENIED);
    cr_assert_eq(try_login("maria.rossi@example.org", "sbagliata", &retry), VC_ERR_DENIED);
}

Test(throttle, unknown_usernames_are_throttled_the_same)
{
    int64_t retry = 0;
    for (int i = 0; i < THROTTLE_SUBJECT_FREE + 1; i++)
        cr_assert_eq(try_login("nessuno@example.org", "sbagliata", &retry), VC_ERR_DENIED);
    cr_assert_eq(try_login("nessuno@example.org", "sbagliata", &retry), VC_ERR_LIMIT);
    cr_assert_eq(retry, 2);
    /* another username from another address is not affected */
    w.env.ip = "198.51.100.7";
    cr_assert_eq(try_login("altro@example.org", "sbagliata", &retry), VC_ERR_DENIED);
}

Test(throttle, at_most_100_failures_an_hour_and_one_notice_mail)
{
    fake_world_register(&w);
    int64_t retry = 0;
    int failures = 0;
    int64_t start = w.now;
    /* an attacker who always waits as told, from ever new addresses */
    char ip[32];
    while (w.now - start < THROTTLE_WINDOW_SECONDS) {
        snprintf(ip, sizeof ip, "203.0.113.%d", failures % 250);
        w.env.ip = ip;
        enum vc_status st = try_login("maria.rossi@example.org", "sbagliata", &retry);
        if (st == VC_ERR_LIMIT) {
            w.now += retry;
            continue;
        }
        cr_assert_eq(st, VC_ERR_DENIED);
        failures++;
    }
    cr_assert_leq(failures, 100, "%d failures in an hour (ASVS 2.2.1: at most 100)", failures);
    cr_assert_geq(failures, THROTTLE_SUBJECT_FREE + 50, "the delays are too harsh: %d", failures);
    cr_assert_eq(count_outbox("login_failures"), 1);
    /* never locked: the owner waits at most a minute, attack or not */
    enum vc_status st = try_login("maria.rossi@example.org", "Segreta2024", &retry);
    if (st == VC_ERR_LIMIT) {
        cr_assert_leq(retry, THROTTLE_SUBJECT_MAX_DELAY);
        w.now += retry;
        st = try_login("maria.rossi@example.org", "Segreta2024", &retry);
    }
    cr_assert_eq(st, VC_OK);
}

Test(throttle, an_attempt_is_counted_before_the_hash)
{
    fake_world_register(&w);
    int64_t retry = 0;
    w.env.retry_after = &retry;
    /* many attempts looked up at once, none finished yet: only the free
     * ones and the one that sets the first delay get through */
    struct login_attempt la[20];
    int passed = 0;
    char ip[32];
    for (int i = 0; i < 20; i++) {
        snprintf(ip, sizeof ip, "198.51.100.%d", i + 1);
        w.env.ip = ip;
        enum vc_status st = account_login_lookup(&w.env, "maria.rossi@example.org", &la[i]);
        cr_assert(st == VC_OK || st == VC_ERR_LIMIT);
        passed += st == VC_OK;
    }
    cr_assert_eq(passed, THROTTLE_SUBJECT_FREE + 1);
}

Test(throttle, every_password_door_counts_against_the_same_account)
{
    int64_t id = fake_world_register(&w);
    int64_t retry = 0;
    for (int i = 0; i < THROTTLE_SUBJECT_FREE + 1; i++)
        cr_assert_eq(try_login("maria.rossi@example.org", "sbagliata", &retry), VC_ERR_DENIED);
    /* the username-recovery door (codice fiscale + password) waits too */
    struct username_recovery ur;
    struct form_errors fe;
    cr_assert_eq(recovery_username_check(&w.env, "RSSMRA80A41F205B", "Segreta2024", &fe, &ur),
                 VC_ERR_LIMIT);
    cr_assert_eq(retry, 2);
    /* a reset through the mail link lifts the wait at once */
    cr_assert_eq(throttle_forget_account(&w.env, id), VC_OK);
    cr_assert_eq(try_login("maria.rossi@example.org", "Segreta2024", &retry), VC_OK);
}

Test(throttle, an_address_spraying_many_usernames_slows_down)
{
    int64_t retry = 0;
    char user[64];
    int i = 0;
    enum vc_status st = VC_ERR_DENIED;
    for (; i < 200 && st != VC_ERR_LIMIT; i++) {
        snprintf(user, sizeof user, "utente%d@example.org", i);
        st = try_login(user, "sbagliata", &retry);
    }
    cr_assert_eq(st, VC_ERR_LIMIT);
    cr_assert_eq(i, THROTTLE_ADDRESS_FREE + 2);
    /* and the refusal is audited */
    struct audit_event ev;
    cr_assert_eq(repo_audit_last(w.store, &ev), VC_OK);
    cr_assert_str_eq(ev.action, "login.limited");
}

Test(throttle, registry_mismatches_count_for_registration)
{
    static struct register_form f;
    memset(&f, 0, sizeof f);
    strcpy(f.value[REG_PRIVACY], "on");
    strcpy(f.value[REG_MATRICOLA], "999999");
    strcpy(f.value[REG_CODICE_FISCALE], "RSSMRA80A41F205B");
    strcpy(f.value[REG_EMAIL], "g@example.org");
    strcpy(f.value[REG_PASSWORD], "Girasole!74");
    strcpy(f.password_confirm, "Girasole!74");
    struct form_errors fe;
    int64_t retry = 0;
    w.env.retry_after = &retry;
    for (int i = 0; i < THROTTLE_SUBJECT_FREE + 1; i++)
        cr_assert_eq(account_register_check(&w.env, &f, &fe), VC_ERR_INVALID);
    cr_assert_eq(account_register_check(&w.env, &f, &fe), VC_ERR_LIMIT);
    cr_assert_eq(retry, 2);
}
