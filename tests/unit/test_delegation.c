/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* Delegation's rules (core/delegation.h, core/tax_id.h): partite IVA, a
 * company delegating a firm (one at a time, accept, revoke, renounce), a
 * firm's operators and invitations, acting for the company (audited on both
 * sides, stopped when the delegation or the membership ends), and what an
 * application login made while acting says (core/oidc.h oidc_party_of).
 * Real SQLite store, fake clock. */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "core/audit.h"
#include "core/delegation.h"
#include "core/member.h"
#include "core/oidc.h"
#include "core/registration.h"
#include "core/repo.h"
#include "core/session.h"
#include "core/tax_id.h"
#include "core/places.h"
#include "tests/support/fake_env.h"
#include "tests/support/places_file.h"

static struct fake_world w;
static struct places *places; /* firm operators give their birth place */
static void setup(void)
{
    fake_world_open(&w);
    places = test_places_load();
    w.core.places = places;
}
static void teardown(void)
{
    fake_world_close(&w);
    places_free(places);
}
TestSuite(delegation, .init = setup, .fini = teardown);

#define COMPANY_PIVA "01234567897"
#define FIRM_PIVA "12345678903"
#define NEW_FIRM_PIVA "09876543217"

Test(delegation, partita_iva_check_digit)
{
    cr_assert(partita_iva_valid(COMPANY_PIVA, 11));
    cr_assert(partita_iva_valid(FIRM_PIVA, 11));
    cr_assert_not(partita_iva_valid("01234567898", 11), "a wrong check digit");
    cr_assert_not(partita_iva_valid("00000000000", 11), "all zeros");
    cr_assert_not(partita_iva_valid("0123456789", 10));
    cr_assert_not(partita_iva_valid("0123456789A", 11));
    char out[TAX_ID_MAX + 1];
    const char *msg;
    cr_assert_eq(tax_id_normalise(" IT 012 345 678 97 ", 19, out, &msg), TAX_ID_COMPANY);
    cr_assert_str_eq(out, COMPANY_PIVA);
    cr_assert_eq(tax_id_normalise("ccCFBAURDLPLNMVU", 16, out, &msg), TAX_ID_PERSON);
    cr_assert_str_eq(out, "CCCFBA85D03L219P", "an omocode is stored as its person");
    cr_assert_eq(tax_id_normalise("01234567898", 11, out, &msg), TAX_ID_INVALID);
    cr_assert_str_eq(msg, "error.tax_id.check_digit");
    cr_assert_eq(tax_id_normalise("", 0, out, &msg), TAX_ID_INVALID);
    cr_assert_str_eq(msg, "error.tax_id.missing");
    cr_assert_eq(tax_id_normalise("12345", 5, out, &msg), TAX_ID_INVALID);
    cr_assert_str_eq(msg, "error.tax_id.format");
}

static void full(int64_t id)
{
    struct account a;
    cr_assert_eq(repo_account_by_id(w.store, id, &a), VC_OK);
    a.level = LEVEL_FULL;
    a.state = ACCOUNT_ACTIVE;
    a.step[0] = '\0';
    a.email_confirmed = true;
    cr_assert_eq(repo_account_update(w.store, &a), VC_OK);
}

/* The company's legal representative (registry row 200001, a principal
 * firm), through the member's journey. */
static int64_t company(void)
{
    const char *f[MEMBER_CSV_FIELDS] = {
        "200001",    "CCCFBA85D03L219P", "principal_firm", "Fabio",  "Cecco", "1985-04-03",
        "Torino",    "Corso Francia 1",  "10138",          "Torino", "TO",    "",
        "Cecco Spa", COMPANY_PIVA};
    size_t l[MEMBER_CSV_FIELDS];
    for (int i = 0; i < MEMBER_CSV_FIELDS; i++)
        l[i] = strlen(f[i]);
    struct member m;
    struct form_errors fe;
    cr_assert_eq(member_from_fields(f, l, &m, &fe), VC_OK);
    cr_assert_eq(repo_member_upsert(w.store, &m), VC_OK);
    static struct register_form rf;
    memset(&rf, 0, sizeof rf);
    strcpy(rf.value[REG_PRIVACY], "on");
    strcpy(rf.value[REG_MATRICOLA], "200001");
    strcpy(rf.value[REG_CODICE_FISCALE], "CCCFBA85D03L219P");
    strcpy(rf.value[REG_EMAIL], "fabio.cecco@example.org");
    strcpy(rf.value[REG_PASSWORD], "Segreta2024");
    strcpy(rf.password_confirm, "Segreta2024");
    strcpy(rf.lang, "it");
    int64_t id = 0;
    cr_assert_eq(account_register(&w.env, &rf, &fe, &id), VC_OK, "%s", fe.n ? fe.e[0].msg : "");
    cr_assert_neq(id, 0);
    full(id);
    return id;
}

/* Giulia, an operator of the firm of that tax id, through the firm
 * operator's journey (with the email given). */
static enum vc_status firm_operator(const char *tax_id, const char *firm_name, const char *email,
                                    struct form_errors *fe, int64_t *id)
{
    static struct register_form rf;
    fake_world_giulia(&rf);
    rf.journey = profile_journey(w.core.profile, "firm_operator");
    cr_assert_not_null(rf.journey);
    strcpy(rf.value[REG_FIRM_TAX_ID], tax_id);
    strcpy(rf.value[REG_FIRM_NAME], firm_name);
    strcpy(rf.value[REG_EMAIL], email);
    strcpy(rf.value[REG_PASSWORD], "Segreta2024");
    strcpy(rf.password_confirm, "Segreta2024");
    *id = 0;
    return account_register(&w.env, &rf, fe, id);
}

static int64_t registered_firm(void)
{
    struct form_errors fe;
    int64_t id;
    cr_assert_eq(
        firm_operator(FIRM_PIVA, "Studio Esposito", "giulia.esposito@example.org", &fe, &id), VC_OK,
        "%s", fe.n ? fe.e[0].msg : "");
    cr_assert_neq(id, 0);
    full(id);
    return id;
}

/* The newest queued message, its template and recipient. */
static void last_mail(char tmpl[48], char to[EMAIL_MAX + 1])
{
    struct outbox_msg m[1];
    size_t n = 0;
    cr_assert_eq(repo_outbox_list(w.store, -1, m, 1, &n), VC_OK);
    cr_assert_eq(n, 1);
    strcpy(tmpl, m[0].template_name);
    strcpy(to, m[0].recipient);
}

Test(delegation, a_company_delegates_a_registered_firm_which_accepts)
{
    int64_t rep = company(), op = registered_firm();
    struct firm f;
    struct firm_member me;
    cr_assert_eq(firm_of(&w.env, op, &f, &me), VC_OK);
    cr_assert_str_eq(f.name, "Studio Esposito");
    cr_assert_eq(me.role, FIRM_ADMIN, "the firm's first operator administers it");

    struct form_errors fe;
    int64_t d = 0;
    cr_assert_eq(delegation_create(&w.env, rep, FIRM_PIVA, "studio@example.org", &fe, &d), VC_OK);
    char tmpl[48], to[EMAIL_MAX + 1];
    last_mail(tmpl, to);
    cr_assert_str_eq(tmpl, "delegation_received");

    int64_t d2 = 0;
    cr_assert_eq(delegation_create(&w.env, rep, NEW_FIRM_PIVA, "altro@example.org", &fe, &d2),
                 VC_ERR_CONFLICT, "one pending or active delegation per company");
    cr_assert_str_eq(form_errors_get(&fe, ""), "error.delegation.one_at_a_time");
    cr_assert_eq(delegation_create(&w.env, op, NEW_FIRM_PIVA, "altro@example.org", &fe, &d2),
                 VC_ERR_DENIED, "a firm's operator is not a company");
    cr_assert_eq(delegation_create(&w.env, rep, COMPANY_PIVA, "x@example.org", &fe, &d2),
                 VC_ERR_INVALID);

    struct acting opts[4];
    size_t n = 9;
    cr_assert_eq(acting_options(&w.env, op, opts, 4, &n), VC_OK);
    cr_assert_eq(n, 0, "a pending delegation lets nobody act");
    cr_assert_eq(delegation_accept(&w.env, rep, d), VC_ERR_NOT_FOUND, "the company cannot accept");
    cr_assert_eq(delegation_accept(&w.env, op, d), VC_OK);
    last_mail(tmpl, to);
    cr_assert_str_eq(tmpl, "delegation_accepted");
    cr_assert_str_eq(to, "fabio.cecco@example.org");
    cr_assert_eq(acting_options(&w.env, op, opts, 4, &n), VC_OK);
    cr_assert_eq(n, 1);
    cr_assert_str_eq(opts[0].principal_name, "Cecco Spa");
    cr_assert_str_eq(opts[0].principal_tax_id, COMPANY_PIVA);
    cr_assert_str_eq(opts[0].firm_name, "Studio Esposito");
}

/* Whether the account's history holds an event of that action done by
 * actor on behalf of behalf. */
static bool history_has(int64_t account, const char *action, int64_t actor, int64_t behalf)
{
    struct audit_event ev[32];
    size_t n = 0;
    char a[64], b[64];
    audit_name("account", actor, a);
    audit_name("account", behalf, b);
    cr_assert_eq(repo_audit_for_account(w.store, account, ev, 32, &n), VC_OK);
    for (size_t i = 0; i < n; i++) {
        if (strcmp(ev[i].action, action) == 0 && strcmp(ev[i].actor, a) == 0 &&
            strcmp(ev[i].on_behalf_of, b) == 0)
            return true;
    }
    return false;
}

static int64_t active_delegation(int64_t rep, int64_t op)
{
    struct form_errors fe;
    int64_t d = 0;
    cr_assert_eq(delegation_create(&w.env, rep, FIRM_PIVA, "studio@example.org", &fe, &d), VC_OK);
    cr_assert_eq(delegation_accept(&w.env, op, d), VC_OK);
    return d;
}

Test(delegation, acting_is_audited_on_both_sides_and_stops_when_revoked)
{
    int64_t rep = company(), op = registered_firm();
    int64_t d = active_delegation(rep, op);
    struct acting a;
    cr_assert_eq(acting_start(&w.env, op, d, &a), VC_OK);
    cr_assert_str_eq(a.agent_name, "Giulia Esposito");
    cr_assert(history_has(rep, "acting.start", op, rep), "the company sees who acted");
    cr_assert(history_has(op, "acting.start", op, rep), "the operator sees what they did");
    cr_assert_eq(acting_audit(&w.env, &a, "example.view", NULL, "a page"), VC_OK);
    struct audit_event ev[1];
    size_t n = 0;
    cr_assert_eq(repo_audit_for_account(w.store, rep, ev, 1, &n), VC_OK);
    cr_assert_str_eq(ev[0].action, "example.view");
    cr_assert_str_eq(ev[0].detail, "Giulia Esposito, Studio Esposito: a page");

    /* a session acting for the company */
    char tok[TOKEN_TEXT_LEN + 1];
    cr_assert_eq(session_create(&w.env, SESSION_MEMBER, op, LEVEL_FULL, false, "test", tok), VC_OK);
    cr_assert_eq(session_set_acting(&w.env, tok, strlen(tok), d), VC_OK);
    struct session se;
    cr_assert_eq(session_check(&w.env, tok, strlen(tok), &se, NULL), VC_OK);
    cr_assert_eq(se.acting_for, d);

    cr_assert_eq(delegation_revoke(&w.env, op, d), VC_ERR_DENIED, "the firm does not revoke");
    cr_assert_eq(delegation_revoke(&w.env, rep, d), VC_OK);
    char tmpl[48], to[EMAIL_MAX + 1];
    last_mail(tmpl, to);
    cr_assert_str_eq(tmpl, "delegation_revoked");
    cr_assert_eq(acting_check(&w.env, op, se.acting_for, &a), VC_ERR_DENIED,
                 "the session acting for it stops at its next request");
    cr_assert_eq(delegation_revoke(&w.env, rep, d), VC_ERR_DENIED, "already ended");
    /* a new one may be given now */
    int64_t d2 = 0;
    struct form_errors fe;
    cr_assert_eq(delegation_create(&w.env, rep, FIRM_PIVA, "studio@example.org", &fe, &d2), VC_OK);
}

Test(delegation, the_firm_renounces_and_refuses)
{
    int64_t rep = company(), op = registered_firm();
    int64_t d = active_delegation(rep, op);
    cr_assert_eq(delegation_refuse(&w.env, op, d), VC_ERR_DENIED, "only a pending one");
    cr_assert_eq(delegation_renounce(&w.env, op, d), VC_OK);
    char tmpl[48], to[EMAIL_MAX + 1];
    last_mail(tmpl, to);
    cr_assert_str_eq(tmpl, "delegation_renounced");
    struct acting a;
    cr_assert_eq(acting_check(&w.env, op, d, &a), VC_ERR_DENIED);
    struct form_errors fe;
    int64_t d2 = 0;
    cr_assert_eq(delegation_create(&w.env, rep, FIRM_PIVA, "studio@example.org", &fe, &d2), VC_OK);
    cr_assert_eq(delegation_refuse(&w.env, op, d2), VC_OK);
    last_mail(tmpl, to);
    cr_assert_str_eq(tmpl, "delegation_refused");
    struct delegation_view v[4];
    size_t n = 0;
    cr_assert_eq(delegations_of_company(&w.env, rep, v, 4, &n), VC_OK);
    cr_assert_eq(n, 2);
    cr_assert_eq(v[0].d.state, DELEGATION_REFUSED);
    cr_assert_eq(v[1].d.state, DELEGATION_RENOUNCED);
    cr_assert_str_eq(v[0].firm_name, "Studio Esposito");
}

Test(delegation, an_unregistered_firm_is_invited_and_its_invited_email_registers)
{
    int64_t rep = company();
    struct form_errors fe;
    int64_t d = 0;
    cr_assert_eq(
        delegation_create(&w.env, rep, NEW_FIRM_PIVA, "giulia.esposito@example.org", &fe, &d),
        VC_OK);
    char tmpl[48], to[EMAIL_MAX + 1];
    last_mail(tmpl, to);
    cr_assert_str_eq(tmpl, "delegation_invitation");
    cr_assert_str_eq(to, "giulia.esposito@example.org");

    /* another address may not take the firm over */
    int64_t id = 0;
    cr_assert_eq(firm_operator(NEW_FIRM_PIVA, "Studio Falso", "intruso@example.org", &fe, &id),
                 VC_ERR_INVALID);
    cr_assert_str_eq(form_errors_get(&fe, "firm_tax_id"), "error.firm.not_invited");
    /* the invited one must name the firm */
    cr_assert_eq(firm_operator(NEW_FIRM_PIVA, "", "giulia.esposito@example.org", &fe, &id),
                 VC_ERR_INVALID);
    cr_assert_str_eq(form_errors_get(&fe, "firm_name"), "error.firm.name");
    cr_assert_eq(
        firm_operator(NEW_FIRM_PIVA, "Studio Esposito", "giulia.esposito@example.org", &fe, &id),
        VC_OK);
    struct firm f;
    struct firm_member me;
    cr_assert_eq(firm_of(&w.env, id, &f, &me), VC_OK);
    cr_assert_str_eq(f.name, "Studio Esposito");
    cr_assert_eq(me.role, FIRM_ADMIN, "invited with a delegation: the firm's administrator");
    cr_assert_eq(delegation_accept(&w.env, id, d), VC_ERR_DENIED, "not before the journey's end");
    full(id);
    cr_assert_eq(delegation_accept(&w.env, id, d), VC_OK);
}

Test(delegation, colleagues_are_invited_and_removed)
{
    int64_t rep = company(), op = registered_firm();
    int64_t d = active_delegation(rep, op);
    struct form_errors fe;
    cr_assert_eq(firm_invite(&w.env, rep, "collega@example.org", &fe), VC_ERR_DENIED);
    cr_assert_eq(firm_invite(&w.env, op, "not-an-address", &fe), VC_ERR_INVALID);
    cr_assert_eq(firm_invite(&w.env, op, "collega@pec.it", &fe), VC_ERR_INVALID);
    cr_assert_eq(firm_invite(&w.env, op, "Collega@Example.org", &fe), VC_OK);
    char tmpl[48], to[EMAIL_MAX + 1];
    last_mail(tmpl, to);
    cr_assert_str_eq(tmpl, "firm_invitation");
    cr_assert_str_eq(to, "collega@example.org");
    cr_assert_eq(firm_invite(&w.env, op, "collega@example.org", &fe), VC_ERR_INVALID,
                 "invited twice");
    cr_assert_str_eq(form_errors_get(&fe, "email"), "error.firm.already_member");

    /* the colleague registers with the invited address: an operator */
    static struct register_form rf;
    memset(&rf, 0, sizeof rf);
    strcpy(rf.value[REG_CODICE_FISCALE], "RSSMRA80A41F205B"); /* Maria, without her matricola */
    strcpy(rf.value[REG_GIVEN_NAME], "Maria");
    strcpy(rf.value[REG_FAMILY_NAME], "Rossi");
    strcpy(rf.value[REG_SEX], "F");
    strcpy(rf.value[REG_BIRTH_DATE], "1980-01-01");
    strcpy(rf.value[REG_BIRTH_PLACE], "Milano");
    strcpy(rf.value[REG_BIRTH_PROVINCE], "MI");
    strcpy(rf.value[REG_ADDRESS], "Via Torino 12");
    strcpy(rf.value[REG_POSTCODE], "20123");
    strcpy(rf.value[REG_CITY], "Milano");
    strcpy(rf.value[REG_PROVINCE], "MI");
    strcpy(rf.value[REG_EMAIL], "collega@example.org");
    strcpy(rf.value[REG_FIRM_TAX_ID], FIRM_PIVA);
    strcpy(rf.value[REG_PRIVACY], "on");
    strcpy(rf.value[REG_PASSWORD], "Segreta2024");
    strcpy(rf.password_confirm, "Segreta2024");
    strcpy(rf.lang, "it");
    rf.journey = profile_journey(w.core.profile, "firm_operator");
    int64_t col = 0;
    cr_assert_eq(account_register(&w.env, &rf, &fe, &col), VC_OK, "%s", fe.n ? fe.e[0].msg : "");
    struct firm f;
    struct firm_member me;
    cr_assert_eq(firm_of(&w.env, col, &f, &me), VC_OK);
    cr_assert_eq(me.role, FIRM_OPERATOR);
    struct acting a;
    cr_assert_eq(acting_check(&w.env, col, d, &a), VC_ERR_DENIED, "not before the journey's end");
    full(col);
    cr_assert_eq(acting_check(&w.env, col, d, &a), VC_OK);
    cr_assert_eq(delegation_renounce(&w.env, col, d), VC_ERR_DENIED, "an administrator's choice");

    struct firm_member_view ms[8];
    size_t n = 0;
    cr_assert_eq(firm_members(&w.env, f.id, ms, 8, &n), VC_OK);
    cr_assert_eq(n, 2);
    cr_assert_str_eq(ms[1].name, "Maria Rossi");
    cr_assert(ms[1].ready);
    cr_assert_eq(firm_remove(&w.env, col, ms[0].m.id), VC_ERR_DENIED);
    cr_assert_eq(firm_remove(&w.env, op, ms[0].m.id), VC_ERR_DENIED, "not oneself");
    cr_assert_eq(firm_remove(&w.env, op, ms[1].m.id), VC_OK);
    cr_assert_eq(acting_check(&w.env, col, d, &a), VC_ERR_DENIED,
                 "a removed operator acts no more");
}

Test(delegation, a_login_while_acting_names_the_company_and_the_operator)
{
    int64_t rep = company(), op = registered_firm();
    int64_t d = active_delegation(rep, op);
    struct oidc_client c = {.id = 1, .pairwise = false};
    strcpy(c.client_id, "demo");
    struct oidc_grant g = {.account_id = op, .acting_for = d};
    struct oidc_party p;
    cr_assert_eq(oidc_party_of(&w.env, &c, &g, &p), VC_OK);
    char rep_sub[OIDC_SUB_LEN + 1], op_sub[OIDC_SUB_LEN + 1];
    oidc_subject(&w.core, &c, rep, rep_sub);
    oidc_subject(&w.core, &c, op, op_sub);
    cr_assert_str_eq(p.sub, rep_sub, "the company is the subject");
    cr_assert_str_eq(p.actor_sub, op_sub, "the operator acts");
    cr_assert_str_eq(p.company_name, "Cecco Spa");
    cr_assert_str_eq(p.vat_number, COMPANY_PIVA);
    cr_assert_str_eq(p.actor_given_name, "Giulia");
    cr_assert_str_eq(p.actor_firm, "Studio Esposito");

    g.acting_for = 0; /* the operator for themselves */
    cr_assert_eq(oidc_party_of(&w.env, &c, &g, &p), VC_OK);
    cr_assert_str_eq(p.sub, op_sub);
    cr_assert_eq(p.actor_account, 0);
    cr_assert_str_eq(p.company_name, "");

    g.account_id = rep; /* the representative: the company by right */
    cr_assert_eq(oidc_party_of(&w.env, &c, &g, &p), VC_OK);
    cr_assert_str_eq(p.sub, rep_sub);
    cr_assert_str_eq(p.company_name, "Cecco Spa");

    cr_assert_eq(delegation_revoke(&w.env, rep, d), VC_OK);
    g.account_id = op;
    g.acting_for = d;
    cr_assert_eq(oidc_party_of(&w.env, &c, &g, &p), VC_ERR_DENIED, "the delegation ended");
}

Test(delegation, a_mandate_ends_by_either_side_only)
{
    int64_t proc = fake_world_register(&w);
    full(proc);
    int64_t person = registered_firm(); /* Giulia, here only a person with an account */
    struct case_document doc = {.channel = CHANNEL_UPLOAD, .size = 10};
    strcpy(doc.mime, "application/pdf");
    struct form_errors fe;
    int64_t m = 0;
    cr_assert_eq(
        mandate_submit(&w.env, proc, "SPSGLI90L55F839S", "Giulia", "Esposito", &doc, &fe, &m),
        VC_OK, "%s", fe.n ? fe.e[0].msg : "");
    struct delegation_view v[2];
    size_t n = 0;
    cr_assert_eq(mandates_on(&w.env, person, v, 2, &n), VC_OK);
    cr_assert_eq(n, 1, "the person sees the mandate naming her");
    cr_assert_eq(mandate_revoke(&w.env, proc, m), VC_ERR_NOT_FOUND, "the procurator renounces");
    cr_assert_eq(mandate_renounce(&w.env, person, m), VC_ERR_NOT_FOUND);
    cr_assert_eq(mandate_revoke(&w.env, person, m), VC_OK);
    char tmpl[48], to[EMAIL_MAX + 1];
    last_mail(tmpl, to);
    cr_assert_str_eq(tmpl, "mandate_revoked");
    cr_assert_str_eq(to, "maria.rossi@example.org");
    cr_assert_eq(mandate_renounce(&w.env, proc, m), VC_ERR_DENIED, "over already");
}
