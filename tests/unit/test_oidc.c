/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* The OpenID Connect provider's rules (core/oidc.h): client registration,
 * authorization checks and decisions, codes (single use, 60 s, PKCE S256,
 * exact redirect URI, one client), refresh rotation and reuse detection,
 * revocation, logout with back-channel messages. Real SQLite store, fake
 * clock. */
#include <criterion/criterion.h>
#include <string.h>

#include "core/account.h"
#include "core/oidc.h"
#include "core/repo.h"
#include "core/session.h"
#include "crypto/token.h"
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
TestSuite(oidc, .init = setup, .fini = teardown);

#define REDIRECT "https://app.example.org/cb"
#define VERIFIER "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk" /* RFC 7636 appendix B */
#define CHALLENGE "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"

static struct oidc_client client(const char *name, bool first_party, const char *backchannel)
{
    struct oidc_client_spec spec = {.name = name,
                                    .redirect_uris = {REDIRECT},
                                    .n_redirect = 1,
                                    .backchannel_uri = backchannel,
                                    .first_party = first_party};
    struct oidc_client c;
    char secret[TOKEN_TEXT_LEN + 1], err[256];
    cr_assert_eq(oidc_client_add(&w.env, &spec, &c, secret, err, sizeof err), VC_OK, "%s", err);
    cr_assert_eq(strlen(secret), TOKEN_TEXT_LEN);
    cr_assert_eq(oidc_client_check_secret(&w.env, &c, secret), VC_OK);
    return c;
}

/* Maria at full access, logged in: her session cookie in tok. */
static int64_t logged_in(char tok[TOKEN_TEXT_LEN + 1], const char *amr)
{
    int64_t id = fake_world_register(&w);
    struct account a;
    cr_assert_eq(repo_account_by_id(w.store, id, &a), VC_OK);
    a.level = LEVEL_FULL;
    a.state = ACCOUNT_ACTIVE;
    a.step[0] = '\0';
    a.email_confirmed = true;
    cr_assert_eq(repo_account_update(w.store, &a), VC_OK);
    cr_assert_eq(
        session_create_amr(&w.env, SESSION_MEMBER, id, LEVEL_FULL, false, amr, "test", tok), VC_OK);
    return id;
}

static struct oidc_auth_request request(const char *client_id)
{
    return (struct oidc_auth_request){.response_type = "code",
                                      .client_id = client_id,
                                      .redirect_uri = REDIRECT,
                                      .scope = "openid profile email",
                                      .state = "st",
                                      .nonce = "n-0S6_WzA2Mj",
                                      .code_challenge = CHALLENGE,
                                      .code_challenge_method = "S256"};
}

/* A checked, decided, issued code for r. */
static void code_for(const struct oidc_auth_request *r, const char *tok,
                     char code[TOKEN_TEXT_LEN + 1])
{
    struct oidc_auth_check chk;
    cr_assert_eq(oidc_authorize_check(&w.env, r, &chk), VC_OK);
    cr_assert_eq(chk.error, OIDC_E_NONE, "%s", chk.error_description);
    struct session se;
    enum oidc_next next;
    enum oidc_error err;
    cr_assert_eq(oidc_authorize_decide(&w.env, &chk, tok, 0, &se, &next, &err), VC_OK);
    cr_assert_eq(next, OIDC_NEXT_ISSUE);
    cr_assert_eq(oidc_code_issue(&w.env, &chk, r, &se, code), VC_OK);
}

Test(oidc, pkce_s256_matches_rfc7636_example)
{
    char s[TOKEN_TEXT_LEN + 1];
    token_s256(VERIFIER, strlen(VERIFIER), s);
    cr_assert_str_eq(s, CHALLENGE);
}

Test(oidc, client_names_slug_and_refuses_bad_uris)
{
    struct oidc_client c = client("Portale Pratiche!", true, NULL);
    cr_assert_str_eq(c.client_id, "portale-pratiche");
    struct oidc_client_spec bad = {
        .name = "x", .redirect_uris = {"http://evil.example.org/cb"}, .n_redirect = 1};
    char secret[TOKEN_TEXT_LEN + 1], err[256];
    struct oidc_client out;
    cr_assert_eq(oidc_client_add(&w.env, &bad, &out, secret, err, sizeof err), VC_ERR_INVALID);
    bad.redirect_uris[0] = "https://app.example.org/cb#frag";
    cr_assert_eq(oidc_client_add(&w.env, &bad, &out, secret, err, sizeof err), VC_ERR_INVALID);
    struct oidc_client_spec same = {
        .name = "portale pratiche", .redirect_uris = {REDIRECT}, .n_redirect = 1};
    cr_assert_eq(oidc_client_add(&w.env, &same, &out, secret, err, sizeof err), VC_ERR_CONFLICT);
    cr_assert_eq(oidc_client_check_secret(&w.env, &c, "not-the-secret"), VC_ERR_DENIED);
    /* removed, the name is free again: a new secret, the old one void */
    cr_assert_eq(oidc_client_remove(&w.env, c.client_id), VC_OK);
    struct oidc_client found;
    cr_assert_eq(oidc_client_find(&w.env, c.client_id, &found), VC_ERR_NOT_FOUND);
    cr_assert_eq(oidc_client_add(&w.env, &same, &out, secret, err, sizeof err), VC_OK, "%s", err);
    cr_assert_eq(out.id, c.id);
    cr_assert_eq(oidc_client_find(&w.env, c.client_id, &found), VC_OK);
    cr_assert_eq(oidc_client_check_secret(&w.env, &found, secret), VC_OK);
}

Test(oidc, refusals_the_client_must_not_receive)
{
    struct oidc_client c = client("App", true, NULL);
    struct oidc_auth_request r = request("unknown");
    struct oidc_auth_check chk;
    cr_assert_eq(oidc_authorize_check(&w.env, &r, &chk), VC_OK);
    cr_assert_eq(chk.error, OIDC_E_INVALID_CLIENT);
    cr_assert(!chk.client_ok);
    r = request(c.client_id);
    r.redirect_uri = "https://app.example.org/cb/"; /* one byte more: not the registered one */
    cr_assert_eq(oidc_authorize_check(&w.env, &r, &chk), VC_OK);
    cr_assert_eq(chk.error, OIDC_E_INVALID_REQUEST);
    cr_assert(!chk.client_ok);
}

Test(oidc, refusals_sent_back_to_the_client)
{
    struct oidc_client c = client("App", true, NULL);
    struct oidc_auth_check chk;
    struct oidc_auth_request r = request(c.client_id);
    r.code_challenge = NULL;
    cr_assert_eq(oidc_authorize_check(&w.env, &r, &chk), VC_OK);
    cr_assert(chk.client_ok);
    cr_assert_eq(chk.error, OIDC_E_INVALID_REQUEST);
    r = request(c.client_id);
    r.code_challenge_method = "plain";
    oidc_authorize_check(&w.env, &r, &chk);
    cr_assert_eq(chk.error, OIDC_E_INVALID_REQUEST);
    r = request(c.client_id);
    r.code_challenge_method = NULL; /* absent means plain (RFC 7636 4.3) */
    oidc_authorize_check(&w.env, &r, &chk);
    cr_assert_eq(chk.error, OIDC_E_INVALID_REQUEST);
    r = request(c.client_id);
    r.response_type = "token";
    oidc_authorize_check(&w.env, &r, &chk);
    cr_assert_eq(chk.error, OIDC_E_UNSUPPORTED_RESPONSE_TYPE);
    r = request(c.client_id);
    r.scope = "profile";
    oidc_authorize_check(&w.env, &r, &chk);
    cr_assert_eq(chk.error, OIDC_E_INVALID_SCOPE);
    r = request(c.client_id);
    r.prompt = "none login";
    oidc_authorize_check(&w.env, &r, &chk);
    cr_assert_eq(chk.error, OIDC_E_INVALID_REQUEST);
    r = request(c.client_id);
    r.acr_values = "https://www.spid.gov.it/SpidL3";
    oidc_authorize_check(&w.env, &r, &chk);
    cr_assert_eq(chk.error, OIDC_E_UNMET_AUTHENTICATION);
}

Test(oidc, decisions_login_consent_step_up)
{
    struct oidc_client third = client("Third", false, NULL);
    struct oidc_auth_request r = request(third.client_id);
    struct oidc_auth_check chk;
    struct session se;
    enum oidc_next next;
    enum oidc_error err;
    cr_assert_eq(oidc_authorize_check(&w.env, &r, &chk), VC_OK);
    cr_assert_eq(oidc_authorize_decide(&w.env, &chk, NULL, 0, &se, &next, &err), VC_OK);
    cr_assert_eq(next, OIDC_NEXT_LOGIN);
    r.prompt = "none";
    oidc_authorize_check(&w.env, &r, &chk);
    oidc_authorize_decide(&w.env, &chk, NULL, 0, &se, &next, &err);
    cr_assert_eq(next, OIDC_NEXT_FAIL);
    cr_assert_eq(err, OIDC_E_LOGIN_REQUIRED);

    char tok[TOKEN_TEXT_LEN + 1];
    int64_t id = logged_in(tok, SESSION_AMR_PASSWORD);
    r.prompt = NULL;
    oidc_authorize_check(&w.env, &r, &chk);
    oidc_authorize_decide(&w.env, &chk, tok, 0, &se, &next, &err);
    cr_assert_eq(next, OIDC_NEXT_CONSENT); /* a third party: the person is asked */
    cr_assert_eq(oidc_consent_give(&w.env, id, &chk.client, chk.scope), VC_OK);
    oidc_authorize_decide(&w.env, &chk, tok, 0, &se, &next, &err);
    cr_assert_eq(next, OIDC_NEXT_ISSUE); /* remembered */
    r.scope = "openid profile email phone";
    oidc_authorize_check(&w.env, &r, &chk);
    oidc_authorize_decide(&w.env, &chk, tok, 0, &se, &next, &err);
    cr_assert_eq(next, OIDC_NEXT_CONSENT); /* more than agreed */

    r = request(third.client_id);
    r.prompt = "login";
    oidc_authorize_check(&w.env, &r, &chk);
    oidc_authorize_decide(&w.env, &chk, tok, 0, &se, &next, &err);
    cr_assert_eq(next, OIDC_NEXT_LOGIN);
    w.now += 5; /* a login after the request was sent to it answers */
    oidc_authorize_decide(&w.env, &chk, tok, w.now + 1, &se, &next, &err);
    cr_assert_eq(next, OIDC_NEXT_LOGIN, "a session older than the login asked");
    oidc_authorize_decide(&w.env, &chk, tok, w.now - 10, &se, &next, &err);
    cr_assert_eq(next, OIDC_NEXT_ISSUE);

    r = request(third.client_id);
    r.max_age = "60";
    oidc_authorize_check(&w.env, &r, &chk);
    w.now += 61;
    oidc_authorize_decide(&w.env, &chk, tok, 0, &se, &next, &err);
    cr_assert_eq(next, OIDC_NEXT_LOGIN);

    r = request(third.client_id);
    r.acr_values = OIDC_ACR_L2;
    oidc_authorize_check(&w.env, &r, &chk);
    cr_assert(chk.want_level2);
    oidc_authorize_decide(&w.env, &chk, tok, 0, &se, &next, &err);
    cr_assert_eq(next, OIDC_NEXT_FAIL); /* no second factor to ask */
    cr_assert_eq(err, OIDC_E_UNMET_AUTHENTICATION);
}

Test(oidc, journey_unfinished_is_sent_to_the_area)
{
    struct oidc_client c = client("App", true, NULL);
    char tok[TOKEN_TEXT_LEN + 1];
    int64_t id = logged_in(tok, SESSION_AMR_PASSWORD);
    struct account a;
    cr_assert_eq(repo_account_by_id(w.store, id, &a), VC_OK);
    a.level = LEVEL_LIMITED;
    cr_assert_eq(repo_account_update(w.store, &a), VC_OK);
    struct oidc_auth_request r = request(c.client_id);
    struct oidc_auth_check chk;
    struct session se;
    enum oidc_next next;
    enum oidc_error err;
    oidc_authorize_check(&w.env, &r, &chk);
    oidc_authorize_decide(&w.env, &chk, tok, 0, &se, &next, &err);
    cr_assert_eq(next, OIDC_NEXT_JOURNEY);
}

Test(oidc, code_exchange_once_with_pkce_redirect_and_client)
{
    struct oidc_client c = client("App", true, NULL);
    struct oidc_client other = client("Other", true, NULL);
    char tok[TOKEN_TEXT_LEN + 1], code[TOKEN_TEXT_LEN + 1];
    int64_t id = logged_in(tok, SESSION_AMR_PASSWORD);
    struct oidc_auth_request r = request(c.client_id);
    code_for(&r, tok, code);
    struct oidc_issued is;
    enum oidc_error err;
    cr_assert_eq(oidc_code_exchange(&w.env, &other, code, REDIRECT, VERIFIER, &is, &err),
                 VC_ERR_DENIED, "another client's code");
    cr_assert_eq(err, OIDC_E_INVALID_GRANT);
    cr_assert_eq(oidc_code_exchange(&w.env, &c, code, REDIRECT "x", VERIFIER, &is, &err),
                 VC_ERR_DENIED);
    cr_assert_eq(oidc_code_exchange(&w.env, &c, code, REDIRECT,
                                    "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXX", &is, &err),
                 VC_ERR_DENIED, "a wrong verifier");
    cr_assert_eq(oidc_code_exchange(&w.env, &c, code, REDIRECT, VERIFIER, &is, &err), VC_OK);
    cr_assert_eq(is.grant.account_id, id);
    cr_assert_str_eq(is.grant.nonce, "n-0S6_WzA2Mj");
    cr_assert_str_eq(is.grant.acr, OIDC_ACR_L1);
    cr_assert_eq(strlen(is.refresh), TOKEN_TEXT_LEN);
    struct oidc_grant g;
    struct oidc_client owner;
    cr_assert_eq(oidc_grant_live(&w.env, is.grant.sid, &g, &owner), VC_OK);

    /* the same code again: refused, and what it gave is revoked */
    struct oidc_issued again;
    cr_assert_eq(oidc_code_exchange(&w.env, &c, code, REDIRECT, VERIFIER, &again, &err),
                 VC_ERR_DENIED);
    cr_assert_eq(oidc_grant_live(&w.env, is.grant.sid, &g, &owner), VC_ERR_NOT_FOUND);
    cr_assert_eq(oidc_refresh_rotate(&w.env, &c, is.refresh, &again, &err), VC_ERR_DENIED);
}

Test(oidc, code_expires_after_60_seconds)
{
    struct oidc_client c = client("App", true, NULL);
    char tok[TOKEN_TEXT_LEN + 1], code[TOKEN_TEXT_LEN + 1];
    logged_in(tok, SESSION_AMR_PASSWORD);
    struct oidc_auth_request r = request(c.client_id);
    code_for(&r, tok, code);
    w.now += OIDC_CODE_SECONDS;
    struct oidc_issued is;
    enum oidc_error err;
    cr_assert_eq(oidc_code_exchange(&w.env, &c, code, REDIRECT, VERIFIER, &is, &err),
                 VC_ERR_DENIED);
    cr_assert_eq(err, OIDC_E_INVALID_GRANT);
}

Test(oidc, refresh_rotates_and_reuse_revokes_the_family)
{
    struct oidc_client c = client("App", true, NULL);
    char tok[TOKEN_TEXT_LEN + 1], code[TOKEN_TEXT_LEN + 1];
    logged_in(tok, SESSION_AMR_PASSWORD_TOTP);
    struct oidc_auth_request r = request(c.client_id);
    code_for(&r, tok, code);
    struct oidc_issued first, second, third;
    enum oidc_error err;
    cr_assert_eq(oidc_code_exchange(&w.env, &c, code, REDIRECT, VERIFIER, &first, &err), VC_OK);
    cr_assert_str_eq(first.grant.acr, OIDC_ACR_L2, "a second factor is level 2");
    cr_assert_eq(oidc_refresh_rotate(&w.env, &c, first.refresh, &second, &err), VC_OK);
    cr_assert_str_neq(second.refresh, first.refresh);
    cr_assert_str_eq(second.sub, first.sub);
    /* the old one again: a thief or a replay; the whole family ends */
    cr_assert_eq(oidc_refresh_rotate(&w.env, &c, first.refresh, &third, &err), VC_ERR_DENIED);
    cr_assert_eq(err, OIDC_E_INVALID_GRANT);
    cr_assert_eq(oidc_refresh_rotate(&w.env, &c, second.refresh, &third, &err), VC_ERR_DENIED);
}

Test(oidc, logout_revokes_and_queues_back_channel)
{
    struct oidc_client c = client("App", true, "https://app.example.org/logout");
    char tok[TOKEN_TEXT_LEN + 1], code[TOKEN_TEXT_LEN + 1];
    int64_t id = logged_in(tok, SESSION_AMR_PASSWORD);
    struct oidc_auth_request r = request(c.client_id);
    code_for(&r, tok, code);
    struct oidc_issued is;
    enum oidc_error err;
    cr_assert_eq(oidc_code_exchange(&w.env, &c, code, REDIRECT, VERIFIER, &is, &err), VC_OK);
    struct oidc_app_login logins[4];
    size_t n = 0;
    cr_assert_eq(oidc_logins_of(&w.env, id, logins, 4, &n), VC_OK);
    cr_assert_eq(n, 1);
    cr_assert_str_eq(logins[0].client_name, "App");
    cr_assert_eq(oidc_logout_account(&w.env, id, "test"), VC_OK);
    cr_assert_eq(oidc_logins_of(&w.env, id, logins, 4, &n), VC_OK);
    cr_assert_eq(n, 0);
    struct oidc_issued again;
    cr_assert_eq(oidc_refresh_rotate(&w.env, &c, is.refresh, &again, &err), VC_ERR_DENIED);
    struct outbox_msg m[4];
    cr_assert_eq(repo_outbox_due(w.store, w.now + 1, m, 4, &n), VC_OK);
    size_t bc = 0;
    for (size_t i = 0; i < n; i++)
        if (m[i].channel == OUTBOX_BACKCHANNEL) {
            bc++;
            cr_assert(strstr(m[i].payload, is.grant.sid) != NULL);
            cr_assert(strstr(m[i].payload, "https://app.example.org/logout") != NULL);
        }
    cr_assert_eq(bc, 1);
}

Test(oidc, subjects_public_and_pairwise)
{
    struct oidc_client a = client("A", true, NULL), b = client("B", true, NULL);
    char sa[OIDC_SUB_LEN + 1], sb[OIDC_SUB_LEN + 1];
    oidc_subject(&w.core, &a, 7, sa);
    oidc_subject(&w.core, &b, 7, sb);
    cr_assert_str_eq(sa, sb);
    a.pairwise = b.pairwise = true;
    oidc_subject(&w.core, &a, 7, sa);
    oidc_subject(&w.core, &b, 7, sb);
    cr_assert_str_neq(sa, sb);
}

Test(oidc, assertion_checked_once)
{
    struct oidc_client c = client("Keyed", true, NULL);
    c.auth_method = OIDC_AUTH_PRIVATE_KEY_JWT;
    const char *aud[] = {"https://varco.example.org/oidc/token"};
    struct oidc_assertion as = {.iss = c.client_id,
                                .sub = c.client_id,
                                .jti = "j1",
                                .aud = aud,
                                .n_aud = 1,
                                .exp = w.now + 60};
    cr_assert_eq(oidc_client_check_assertion(&w.env, &c, &as, aud[0], "x"), VC_OK);
    cr_assert_eq(oidc_client_check_assertion(&w.env, &c, &as, aud[0], "x"), VC_ERR_DENIED,
                 "a replay");
    as.jti = "j2";
    as.exp = w.now + 3600;
    cr_assert_eq(oidc_client_check_assertion(&w.env, &c, &as, aud[0], "x"), VC_ERR_DENIED,
                 "too long a life");
    as.exp = w.now + 60;
    cr_assert_eq(oidc_client_check_assertion(&w.env, &c, &as, "https://other/token", "x"),
                 VC_ERR_DENIED, "another audience");
}

Test(oidc, suspension_ends_sessions_and_every_application_login)
{
    struct oidc_client c = client("App", true, "https://app.example.org/logout");
    char tok[TOKEN_TEXT_LEN + 1], code[TOKEN_TEXT_LEN + 1];
    int64_t id = logged_in(tok, SESSION_AMR_PASSWORD);
    struct oidc_auth_request r = request(c.client_id);
    code_for(&r, tok, code);
    struct oidc_issued is;
    enum oidc_error err;
    cr_assert_eq(oidc_code_exchange(&w.env, &c, code, REDIRECT, VERIFIER, &is, &err), VC_OK);
    struct form_errors fe;
    form_errors_init(&fe);
    cr_assert_eq(account_suspend(&w.env, 1, id, "", &fe), VC_ERR_INVALID, "a reason is required");
    cr_assert_eq(account_suspend(&w.env, 1, id, "furto d'identità segnalato", &fe), VC_OK);
    cr_assert_eq(account_suspend(&w.env, 1, id, "again", &fe), VC_ERR_CONFLICT);
    struct session se;
    cr_assert_neq(session_check(&w.env, tok, strlen(tok), &se, NULL), VC_OK);
    struct oidc_grant g;
    struct oidc_client owner;
    cr_assert_eq(oidc_grant_live(&w.env, is.grant.sid, &g, &owner), VC_ERR_NOT_FOUND);
    struct account a;
    cr_assert_eq(account_login(&w.env, "maria.rossi@example.org", "Segreta2024", 11, &a),
                 VC_ERR_DENIED);
    cr_assert_eq(account_reinstate(&w.env, 1, id), VC_OK);
    cr_assert_eq(account_login(&w.env, "maria.rossi@example.org", "Segreta2024", 11, &a), VC_OK);
    cr_assert_eq(a.state, ACCOUNT_ACTIVE);
}
