/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* The in-person step in core (core/steps/in_person.h): an office chosen and
 * told, the appointment set, moved and cancelled with its invitations, a
 * desk that sees only its office, the record with its refusals (an expired
 * document, a bad health card, the signed form missing), the case due in
 * 48 working hours, a negative outcome and a second try, the positive one
 * that moves the journey. Real SQLite store, fake clock, the istanze
 * journey (the person is put at its in-person step directly). */
#include <criterion/criterion.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/account.h"
#include "core/calendar.h"
#include "core/cases.h"
#include "core/journey.h"
#include "core/operator.h"
#include "core/places.h"
#include "core/registration.h"
#include "core/repo.h"
#include "core/steps/in_person.h"
#include "store/store.h"
#include "tests/support/fake_env.h"
#include "util/file.h"
#include "util/str.h"

static struct fake_world w;
static struct places *places;
static int64_t desk_rm, desk_mi, backoffice, person;

static void office(const char *code, const char *name, const char *email)
{
    struct office o;
    memset(&o, 0, sizeof o);
    str_copy(o.code, code, sizeof o.code);
    str_copy(o.network, "CAF", sizeof o.network);
    str_copy(o.name, name, sizeof o.name);
    str_copy(o.address, "Via Nazionale 10", sizeof o.address);
    str_copy(o.postcode, "00184", sizeof o.postcode);
    str_copy(o.city, "Roma", sizeof o.city);
    str_copy(o.province, "RM", sizeof o.province);
    str_copy(o.email, email, sizeof o.email);
    cr_assert_eq(repo_office_upsert(w.store, &o), VC_OK);
}

static int64_t operator(const char *user, enum operator_role role, const char *office_code)
{
    static const char HASH[] = "$argon2id$v=19$m=8,t=1,p=1$c2FsdHNhbHQ$aGFzaGhhc2hoYXNoaGFzaA";
    struct form_errors fe;
    int64_t id = 0;
    cr_assert_eq(operator_create(&w.env, user, user, HASH, role, office_code, &fe, &id), VC_OK);
    return id;
}

/* Giulia registers (inps-pin: personal data, no step of istanze's needed),
 * then her account is put at the istanze journey's in-person step. */
static int64_t giulia_at_in_person(void)
{
    static struct register_form f;
    fake_world_giulia(&f);
    strcpy(f.value[REG_MOBILE], "333 123 4567");
    struct form_errors fe;
    int64_t id = 0;
    cr_assert_eq(account_register(&w.env, &f, &fe, &id), VC_OK, "%s %s", fe.n ? fe.e[0].field : "",
                 fe.n ? fe.e[0].msg : "");
    fake_world_profile(&w, "istanze");
    w.core.places = places;
    struct account a;
    cr_assert_eq(repo_account_by_id(w.store, id, &a), VC_OK);
    str_copy(a.profile, "istanze", sizeof a.profile);
    str_copy(a.step, "in_person", sizeof a.step);
    a.credential = CREDENTIAL_PASSWORD;
    cr_assert_eq(repo_account_update(w.store, &a), VC_OK);
    /* the journey is fixed at registration: the store has no call to move
     * an account to another one, so the test does it in SQL */
    cr_assert_eq(store_commit(w.store), VC_OK);
    sqlite3 *db = NULL;
    cr_assert_eq(sqlite3_open(w.path, &db), SQLITE_OK);
    cr_assert_eq(sqlite3_exec(db,
                              "UPDATE accounts SET journey = 'staff', profile = 'istanze';"
                              "INSERT OR REPLACE INTO journey_steps (account_id, step, status, "
                              "seq, started_at, done_at)"
                              " SELECT id, 'in_person', 'active', 2, 0, 0 FROM accounts;"
                              "INSERT OR REPLACE INTO journey_steps (account_id, step, status, "
                              "seq, started_at, done_at)"
                              " SELECT id, 'temp_code_replaced', 'pending', 3, 0, 0 FROM accounts;",
                              NULL, NULL, NULL),
                 SQLITE_OK, "%s", sqlite3_errmsg(db));
    sqlite3_close(db);
    cr_assert_eq(store_begin(w.store), VC_OK);
    return id;
}

static void setup(void)
{
    fake_world_open(&w);
    fake_world_profile(&w, "inps-pin");
    char *buf = NULL, err[256] = "";
    size_t len = 0;
    cr_assert_eq(file_read_all("data/places.tsv", PLACES_FILE_MAX, &buf, &len), VC_OK,
                 "data/places.tsv is missing: run scripts/deps");
    cr_assert_eq(places_parse(buf, len, &places, err, sizeof err), VC_OK, "%s", err);
    free(buf);
    w.core.places = places;
    office("CAF-RM-001", "CAF Roma Centro", "roma@caf.invalid");
    office("CAF-MI-001", "CAF Milano Duomo", "milano@caf.invalid");
    desk_rm = operator("sportello.roma", OPERATOR_DESK, "CAF-RM-001");
    desk_mi = operator("sportello.milano", OPERATOR_DESK, "CAF-MI-001");
    backoffice = operator("bo.rossi", OPERATOR_BACKOFFICE, "");
    person = giulia_at_in_person();
}
static void teardown(void)
{
    fake_world_close(&w);
    places_free(places);
}
TestSuite(in_person, .init = setup, .fini = teardown);

/* The newest message of a template: its recipient, and a payload field. */
static bool newest(const char *template_name, const char *field, char *value, size_t size, char *to,
                   size_t to_size)
{
    static struct outbox_msg m[128];
    size_t n = 0;
    cr_assert_eq(repo_outbox_list(w.store, -1, m, 128, &n), VC_OK);
    for (size_t i = 0; i < n; i++) {
        if (strcmp(m[i].template_name, template_name) != 0)
            continue;
        char key[64];
        snprintf(key, sizeof key, "\"%s\":\"", field);
        const char *p = strstr(m[i].payload, key);
        value[0] = '\0';
        if (p != NULL) {
            p += strlen(key);
            snprintf(value, size, "%.*s", (int)strcspn(p, "\""), p);
        }
        if (to != NULL)
            str_copy(to, m[i].recipient, to_size);
        return true;
    }
    return false;
}

static int count(const char *template_name)
{
    static struct outbox_msg m[128];
    size_t n = 0;
    int k = 0;
    cr_assert_eq(repo_outbox_list(w.store, -1, m, 128, &n), VC_OK);
    for (size_t i = 0; i < n; i++)
        k += strcmp(m[i].template_name, template_name) == 0;
    return k;
}

static struct account acc(void)
{
    struct account a;
    cr_assert_eq(repo_account_by_id(w.store, person, &a), VC_OK);
    return a;
}

static void choose(const char *code)
{
    struct account a = acc();
    enum vc_status st = in_person_choose(&w.env, &a, code);
    cr_assert_eq(st, VC_OK, "choose: %d step %s journey %s", (int)st, a.step, a.journey);
}

static void schedule(const char *date, const char *time)
{
    struct form_errors fe;
    cr_assert_eq(in_person_schedule(&w.env, desk_rm, person, date, time, &fe), VC_OK, "%s",
                 fe.n ? fe.e[0].msg : "");
}

static const struct in_person_record GOOD = {
    .doc_type = "carta_identita",
    .doc_number = " ca12345ab ",
    .doc_issuer = "Comune di Napoli",
    .doc_expiry = "2031-07-15",
    .health_card = "80380 00000 12345 67890",
};

static const struct id_form_doc SCAN = {
    .channel = CHANNEL_DESK,
    .blob = "b10b",
    .sha256 = "5a",
    .mime = "application/pdf",
    .size = 1234,
};

Test(in_person, the_office_chosen_is_told_the_contacts)
{
    char v[256], to[256];
    struct in_person ip;
    cr_assert_eq(in_person_of(&w.env, person, &ip, NULL), VC_ERR_NOT_FOUND);
    struct account a = acc();
    enum vc_status st0 = in_person_choose(&w.env, &a, "CAF-XX-404");
    cr_assert_eq(st0, VC_ERR_NOT_FOUND, "%d %s %s", (int)st0, a.step, a.journey);
    choose("CAF-RM-001");
    cr_assert(newest("in_person_office", "email", v, sizeof v, to, sizeof to));
    cr_assert_str_eq(to, "roma@caf.invalid");
    cr_assert_str_eq(v, "giulia.esposito@example.org");
    cr_assert(newest("in_person_office", "codice_fiscale", v, sizeof v, NULL, 0));
    cr_assert_str_eq(v, "SPSGLI90L55F839S");
    cr_assert(newest("in_person_office", "mobile", v, sizeof v, NULL, 0));
    cr_assert_neq(v[0], '\0');
    cr_assert_eq(in_person_of(&w.env, person, &ip, NULL), VC_OK);
    cr_assert_eq(ip.status, IN_PERSON_CHOSEN);
}

Test(in_person, a_desk_sees_only_its_office)
{
    choose("CAF-RM-001");
    struct in_person_row rows[4];
    size_t n = 9;
    cr_assert_eq(in_person_desk_list(&w.env, desk_rm, rows, 4, &n), VC_OK);
    cr_assert_eq(n, 1);
    cr_assert_str_eq(rows[0].person.family_name, "Esposito");
    cr_assert_eq(in_person_desk_list(&w.env, desk_mi, rows, 4, &n), VC_OK);
    cr_assert_eq(n, 0);
    struct in_person_row r;
    bool needs_form = false;
    cr_assert_eq(in_person_desk_person(&w.env, desk_mi, person, &r, &needs_form), VC_ERR_NOT_FOUND);
    struct form_errors fe;
    cr_assert_eq(in_person_schedule(&w.env, desk_mi, person, "2026-12-03", "10:30", &fe),
                 VC_ERR_NOT_FOUND);
    cr_assert_eq(in_person_record(&w.env, desk_mi, person, &GOOD, &fe), VC_ERR_NOT_FOUND);
    cr_assert_eq(in_person_desk_list(&w.env, backoffice, rows, 4, &n), VC_ERR_DENIED);
    cr_assert_eq(in_person_desk_person(&w.env, desk_rm, person, &r, &needs_form), VC_OK);
    cr_assert(needs_form, "istanze: the adhesion form is signed at the desk");
}

Test(in_person, an_appointment_is_set_moved_and_cancelled_with_its_invitations)
{
    choose("CAF-RM-001");
    struct form_errors fe;
    /* now is 2026-11-19 */
    cr_assert_eq(in_person_schedule(&w.env, desk_rm, person, "2026-11-18", "10:30", &fe),
                 VC_ERR_INVALID);
    cr_assert_str_eq(form_errors_get(&fe, "data"), "error.appt.past");
    cr_assert_eq(in_person_schedule(&w.env, desk_rm, person, "2026-02-30", "10:30", &fe),
                 VC_ERR_INVALID);
    cr_assert_str_eq(form_errors_get(&fe, "data"), "error.appt.date");
    cr_assert_eq(in_person_schedule(&w.env, desk_rm, person, "2026-12-03", "25:00", &fe),
                 VC_ERR_INVALID);
    cr_assert_str_eq(form_errors_get(&fe, "ora"), "error.appt.time");
    cr_assert_eq(in_person_schedule(&w.env, desk_rm, person, "2028-12-03", "10:00", &fe),
                 VC_ERR_INVALID);
    cr_assert_str_eq(form_errors_get(&fe, "data"), "error.appt.far");

    schedule("2026-12-03", "10:30");
    char v[128], uid[128], to[256];
    cr_assert(newest("in_person_appointment", "appt_start", v, sizeof v, to, sizeof to));
    cr_assert_str_eq(v, "2026-12-03T10:30", "Europe/Rome civil time");
    cr_assert_str_eq(to, "giulia.esposito@example.org");
    cr_assert(newest("in_person_appointment", "appt_uid", uid, sizeof uid, NULL, 0));
    cr_assert(newest("in_person_appointment", "appt_seq", v, sizeof v, NULL, 0));
    cr_assert_str_eq(v, "0");
    struct in_person ip;
    cr_assert_eq(in_person_of(&w.env, person, &ip, NULL), VC_OK);
    cr_assert_eq(ip.status, IN_PERSON_SCHEDULED);
    cr_assert_eq(ip.appt_at, INT64_C(1796290200), "09:30 UTC in winter time");

    schedule("2026-12-04", "09:00"); /* moved: the same appointment, a new version */
    cr_assert_eq(count("in_person_appointment"), 2);
    cr_assert(newest("in_person_appointment", "appt_uid", v, sizeof v, NULL, 0));
    cr_assert_str_eq(v, uid);
    cr_assert(newest("in_person_appointment", "appt_seq", v, sizeof v, NULL, 0));
    cr_assert_str_eq(v, "1");

    cr_assert_eq(in_person_desk_cancel(&w.env, desk_rm, person), VC_OK);
    cr_assert(newest("in_person_cancelled", "appt_method", v, sizeof v, NULL, 0));
    cr_assert_str_eq(v, "CANCEL");
    cr_assert(newest("in_person_cancelled", "appt_seq", v, sizeof v, NULL, 0));
    cr_assert_str_eq(v, "2");
    cr_assert_eq(in_person_desk_cancel(&w.env, desk_rm, person), VC_ERR_DENIED);

    /* the person cancels a new one: the office is told */
    schedule("2026-12-07", "15:00");
    cr_assert(newest("in_person_appointment", "appt_uid", v, sizeof v, NULL, 0));
    cr_assert_str_neq(v, uid, "a new appointment is a new invitation");
    struct account a = acc();
    cr_assert_eq(in_person_cancel(&w.env, &a), VC_OK);
    cr_assert_eq(count("in_person_office_cancelled"), 1);
    cr_assert_eq(in_person_cancel(&w.env, &a), VC_ERR_DENIED);
}

Test(in_person, the_record_refuses_what_is_wrong_and_opens_a_case_due_in_working_hours)
{
    choose("CAF-RM-001");
    schedule("2026-12-04", "10:00");
    /* Friday 4 December 2026, 10:00 in Rome */
    w.now = 1796374800;
    struct form_errors fe;
    struct in_person_record r = GOOD;
    r.doc_expiry = "2026-12-03";
    r.health_card = "12345";
    r.doc_type = "tessera_del_club";
    r.doc_number = "A-1";
    cr_assert_eq(in_person_record(&w.env, desk_rm, person, &r, &fe), VC_ERR_INVALID);
    cr_assert_str_eq(form_errors_get(&fe, "scadenza"), "error.doc.expired");
    cr_assert_str_eq(form_errors_get(&fe, "tessera"), "error.health_card");
    cr_assert_str_eq(form_errors_get(&fe, "tipo_documento"), "error.doc.type");
    cr_assert_str_eq(form_errors_get(&fe, "numero_documento"), "error.doc.number");
    cr_assert_str_eq(form_errors_get(&fe, "modulo"), "error.signed_form.missing");
    r = GOOD;
    r.doc_expiry = "2026-12-04"; /* valid through today */
    r.signed_form = &SCAN;
    cr_assert_eq(in_person_record(&w.env, desk_rm, person, &r, &fe), VC_OK, "%s",
                 fe.n ? fe.e[0].msg : "");

    struct id_case q[4];
    size_t n = 0;
    cr_assert_eq(cases_queue(&w.env, "in_person", q, 4, &n), VC_OK);
    cr_assert_eq(n, 1);
    cr_assert_eq(q[0].channel, CHANNEL_DESK);
    /* 14 h on Friday, 24 h on Monday 7, not Tuesday 8 (Immacolata), 10 h on
     * Wednesday 9: 10:00 in Rome */
    struct calendar_local due;
    calendar_to_local(q[0].due_at, &due);
    cr_assert_eq(due.day, 9);
    cr_assert_eq(due.hour, 10);
    cr_assert_eq(cases_queue(&w.env, "id_form", q, 4, &n), VC_OK);
    cr_assert_eq(n, 0);

    struct case_document docs[2];
    struct case_view v = {.docs = docs, .max_docs = 2};
    cr_assert_eq(case_view(&w.env, backoffice, q[0].id, &v), VC_OK);
    cr_assert_eq(v.n_docs, 1);
    cr_assert_str_eq(v.person.codice_fiscale, "SPSGLI90L55F839S");
    bool number = false, card = false;
    for (size_t i = 0; i < v.n_facts; i++) {
        number |= strcmp(v.facts[i].value, "CA12345AB") == 0;
        card |= strcmp(v.facts[i].value, "80380000001234567890") == 0;
    }
    cr_assert(number && card, "the case shows what the desk recorded");
    /* recorded: the desk may not record twice, the person may not move */
    cr_assert_eq(in_person_record(&w.env, desk_rm, person, &r, &fe), VC_ERR_DENIED);
    struct account a = acc();
    cr_assert_eq(in_person_choose(&w.env, &a, "CAF-MI-001"), VC_ERR_DENIED);
}

Test(in_person, a_negative_outcome_lets_the_person_try_again_and_a_positive_one_moves_on)
{
    choose("CAF-RM-001");
    struct form_errors fe;
    struct in_person_record r = GOOD;
    r.signed_form = &SCAN;
    cr_assert_eq(in_person_record(&w.env, desk_rm, person, &r, &fe), VC_OK);
    struct in_person ip;
    cr_assert_eq(in_person_of(&w.env, person, &ip, NULL), VC_OK);
    cr_assert_eq(case_decide(&w.env, backoffice, ip.case_id, false, "", &fe), VC_ERR_INVALID);
    cr_assert_eq(case_decide(&w.env, backoffice, ip.case_id, false,
                             "La firma sul modulo non corrisponde a quella del documento.", &fe),
                 VC_OK);
    char v[256];
    cr_assert(newest("in_person_rejected", "reasons", v, sizeof v, NULL, 0));
    cr_assert(strstr(v, "firma") != NULL);
    cr_assert_eq(in_person_of(&w.env, person, &ip, NULL), VC_OK);
    cr_assert_eq(ip.status, IN_PERSON_REJECTED);
    cr_assert_str_eq(acc().step, "in_person", "still at the step");

    choose("CAF-MI-001"); /* tries again, elsewhere */
    cr_assert_eq(in_person_record(&w.env, desk_rm, person, &r, &fe), VC_ERR_NOT_FOUND);
    cr_assert_eq(in_person_record(&w.env, desk_mi, person, &r, &fe), VC_OK);
    struct in_person again;
    cr_assert_eq(in_person_of(&w.env, person, &again, NULL), VC_OK);
    cr_assert_eq(again.case_id, ip.case_id, "the same case, received again");
    cr_assert_eq(case_decide(&w.env, desk_mi, ip.case_id, true, NULL, &fe), VC_ERR_CONFLICT,
                 "who recorded it does not decide it");
    cr_assert_eq(case_decide(&w.env, backoffice, ip.case_id, true, NULL, &fe), VC_OK);
    cr_assert_eq(count("temp_code_enabled"), 1, "the next step says the person is enabled");
    struct account a = acc();
    cr_assert_str_eq(a.step, "temp_code_replaced", "the journey moved on");
    cr_assert_eq(case_decide(&w.env, backoffice, ip.case_id, true, NULL, &fe), VC_ERR_DENIED);
}
