/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* Step `in_person` (core/steps/in_person.h): the office chosen, the
 * appointment and its invitations, the desk's record, the case it opens and
 * what the back office's decision does. */
#include <ctype.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/audit.h"
#include "core/calendar.h"
#include "core/cases.h"
#include "core/messages.h"
#include "core/operator.h"
#include "core/person.h"
#include "core/repo.h"
#include "core/steps/in_person.h"
#include "util/str.h"
#include "util/xalloc.h"

const char *const IN_PERSON_DOC_TYPES[] = {"carta_identita", "passaporto", "patente", NULL};

/* ---- small helpers ---- */

static enum vc_status audit_act(const struct vc_env *env, int64_t operator_id, int64_t account_id,
                                const char *action, const char *detail)
{
    char who[64], obj[64];
    if (operator_id != 0)
        audit_name("operator", operator_id, who);
    else
        audit_name("account", account_id, who);
    audit_name("account", account_id, obj);
    return audit_record(env, who, NULL, action, obj, account_id, detail);
}

/* "YYYY-MM-DDTHH:MM" of an instant in Europe/Rome, and its parts. */
struct local_text {
    char start[24], date[16], time[8];
};
static void local_text(int64_t utc, struct local_text *out)
{
    struct calendar_local l;
    calendar_to_local(utc, &l);
    snprintf(out->date, sizeof out->date, "%04d-%02d-%02d", l.year % 10000, l.month % 13,
             l.day % 32);
    snprintf(out->time, sizeof out->time, "%02d:%02d", l.hour % 24, l.minute % 60);
    snprintf(out->start, sizeof out->start, "%sT%s", out->date, out->time);
}

/* Strict "YYYY-MM-DD" (and "HH:MM" when time is not NULL) to the instant
 * in Europe/Rome; false for anything else or a date no calendar has. */
static bool parse_local(const char *date, const char *time, int64_t *out)
{
    struct calendar_local l = {0};
    char tail;
    if (date == NULL || strlen(date) != 10 ||
        sscanf(date, "%4d-%2d-%2d%c", &l.year, &l.month, &l.day, &tail) != 3 || date[4] != '-' ||
        date[7] != '-' || !isdigit((unsigned char)date[0]))
        return false;
    if (time != NULL && (strlen(time) != 5 || time[2] != ':' || !isdigit((unsigned char)time[0]) ||
                         !isdigit((unsigned char)time[3]) ||
                         sscanf(time, "%2d:%2d%c", &l.hour, &l.minute, &tail) != 2))
        return false;
    if (l.year < 1900 || l.year > 9998)
        return false;
    return calendar_from_local(&l, out) == VC_OK;
}

static void office_address(const struct office *o, char *out, size_t size)
{
    snprintf(out, size, "%s, %s %s (%s)", o->address, o->postcode, o->city, o->province);
}

/* The invitation to the person (REQUEST) or its withdrawal (CANCEL). */
static enum vc_status mail_invitation(const struct vc_env *env, const struct account *acc,
                                      const struct in_person *ip, const struct office *o,
                                      bool cancel)
{
    struct person p;
    enum vc_status st = person_of_account(env, acc, &p);
    if (st != VC_OK)
        return st;
    struct local_text start, end;
    local_text(ip->appt_at, &start);
    local_text(ip->appt_at + (int64_t)ip->appt_minutes * 60, &end);
    char uid[64], seq[16], where[256];
    snprintf(uid, sizeof uid, "in-person-%" PRId64 "-%d", acc->id, ip->appt_no);
    snprintf(seq, sizeof seq, "%d", ip->appt_seq);
    office_address(o, where, sizeof where);
    struct msg_field f[] = {
        {"given_name", p.given_name},
        {"appt_uid", uid},
        {"appt_seq", seq},
        {"appt_method", cancel ? "CANCEL" : "REQUEST"},
        {"appt_start", start.start},
        {"appt_end", end.start},
        {"appt_date", start.date},
        {"appt_time", start.time},
        {"office_name", o->name},
        {"office_address", where},
        {"office_phone", o->phone},
        {"office_email", o->email},
        {"office_hours", o->hours},
        MSG_LINK("area_url", "in_person"),
    };
    return messages_queue(env, OUTBOX_MAIL, acc->username,
                          cancel ? "in_person_cancelled" : "in_person_appointment", acc->lang,
                          acc->id, f, sizeof f / sizeof f[0]);
}

/* The office is told who chose it (with contacts, to call for an
 * appointment) or who cancelled. */
static enum vc_status mail_office(const struct vc_env *env, const struct account *acc,
                                  const struct office *o, const char *template_name,
                                  const struct in_person *ip)
{
    struct person p;
    enum vc_status st = person_of_account(env, acc, &p);
    if (st != VC_OK)
        return st;
    struct local_text when = {{0}, {0}, {0}};
    if (ip != NULL && ip->appt_at != 0)
        local_text(ip->appt_at, &when);
    struct msg_field f[] = {
        {"office_name", o->name},       {"given_name", p.given_name},
        {"family_name", p.family_name}, {"codice_fiscale", p.codice_fiscale},
        {"email", acc->username},       {"mobile", p.mobile},
        {"appt_date", when.date},       {"appt_time", when.time},
        MSG_LINK("desk_url", "desk"),
    };
    return messages_queue(env, OUTBOX_MAIL, o->email, template_name, "it", acc->id, f,
                          sizeof f / sizeof f[0]);
}

/* ---- the step ---- */

static const struct step_ref *occurrence(const struct vc_env *env, const struct account *acc)
{
    const struct step_ref *at = journey_active(env, acc);
    return at != NULL && strcmp(at->kind, step_in_person.name) == 0 ? at : NULL;
}

enum vc_status in_person_of(const struct vc_env *env, int64_t account_id, struct in_person *out,
                            struct office *out_office)
{
    enum vc_status st = repo_in_person_by_account(env->store, account_id, out);
    if (st == VC_OK && out_office != NULL)
        st = repo_office_by_code(env->store, out->office_code, out_office);
    return st;
}

/* Withdraws a set appointment: CANCEL to the person; the office told when
 * the person withdrew it. ip comes back CHOSEN. */
static enum vc_status withdraw(const struct vc_env *env, const struct account *acc,
                               struct in_person *ip, const struct office *o, bool by_person)
{
    ip->appt_seq++;
    enum vc_status st = mail_invitation(env, acc, ip, o, true);
    if (st == VC_OK && by_person)
        st = mail_office(env, acc, o, "in_person_office_cancelled", ip);
    ip->status = IN_PERSON_CHOSEN;
    ip->appt_at = 0;
    ip->updated_at = env_now(env);
    return st;
}

enum vc_status in_person_choose(const struct vc_env *env, const struct account *acc,
                                const char *office_code)
{
    if (occurrence(env, acc) == NULL)
        return VC_ERR_DENIED;
    struct office o;
    enum vc_status st = repo_office_by_code(env->store, office_code, &o);
    if (st != VC_OK)
        return st;
    struct in_person ip;
    struct office old;
    st = in_person_of(env, acc->id, &ip, &old);
    if (st == VC_ERR_NOT_FOUND) {
        memset(&ip, 0, sizeof ip);
        ip.account_id = acc->id;
    } else if (st != VC_OK) {
        return st;
    } else if (ip.status == IN_PERSON_RECORDED || ip.status == IN_PERSON_ACCEPTED) {
        return VC_ERR_DENIED;
    } else if (ip.status == IN_PERSON_SCHEDULED &&
               (st = withdraw(env, acc, &ip, &old, true)) != VC_OK) {
        return st;
    }
    str_copy(ip.office_code, o.code, sizeof ip.office_code);
    ip.status = IN_PERSON_CHOSEN;
    ip.chosen_at = ip.updated_at = env_now(env);
    ip.appt_at = 0;
    ip.appt_seq = 0;
    ip.reasons[0] = '\0';
    if ((st = repo_in_person_upsert(env->store, &ip)) != VC_OK ||
        (st = mail_office(env, acc, &o, "in_person_office", NULL)) != VC_OK)
        return st;
    return audit_act(env, 0, acc->id, "in_person.choose", o.code);
}

enum vc_status in_person_cancel(const struct vc_env *env, const struct account *acc)
{
    struct in_person ip;
    struct office o;
    enum vc_status st = in_person_of(env, acc->id, &ip, &o);
    if (st == VC_ERR_NOT_FOUND || (st == VC_OK && ip.status != IN_PERSON_SCHEDULED))
        return VC_ERR_DENIED;
    if (st != VC_OK || (st = withdraw(env, acc, &ip, &o, true)) != VC_OK ||
        (st = repo_in_person_upsert(env->store, &ip)) != VC_OK)
        return st;
    return audit_act(env, 0, acc->id, "in_person.cancel", o.code);
}

/* ---- the desk ---- */

/* The person of account_id, when they chose operator_id's office. */
static enum vc_status desk_load(const struct vc_env *env, int64_t operator_id, int64_t account_id,
                                struct in_person *ip, struct office *o, struct account *acc)
{
    enum vc_status st = operator_desk_office(env, operator_id, o);
    if (st != VC_OK)
        return st;
    st = repo_in_person_by_account(env->store, account_id, ip);
    if (st != VC_OK)
        return st;
    if (strcmp(ip->office_code, o->code) != 0 || ip->status == IN_PERSON_ACCEPTED)
        return VC_ERR_NOT_FOUND; /* another office's person is nobody here */
    return repo_account_by_id(env->store, account_id, acc);
}

static enum vc_status row_of(const struct vc_env *env, const struct in_person *ip,
                             struct in_person_row *out)
{
    struct account acc;
    enum vc_status st = repo_account_by_id(env->store, ip->account_id, &acc);
    if (st == VC_OK)
        st = person_of_account(env, &acc, &out->person);
    out->ip = *ip;
    str_copy(out->email, acc.username, sizeof out->email);
    return st;
}

enum vc_status in_person_desk_list(const struct vc_env *env, int64_t operator_id,
                                   struct in_person_row *out, size_t max, size_t *out_n)
{
    struct office o;
    *out_n = 0;
    enum vc_status st = operator_desk_office(env, operator_id, &o);
    if (st != VC_OK)
        return st;
    max = max < IN_PERSON_DESK_MAX ? max : IN_PERSON_DESK_MAX;
    struct in_person *ip = xcalloc(max ? max : 1, sizeof *ip); /* 160 KB: not on a stack */
    size_t n = 0;
    st = repo_in_person_of_office(env->store, o.code, ip, max, &n);
    for (size_t i = 0; st == VC_OK && i < n; i++)
        st = row_of(env, &ip[i], &out[i]);
    free(ip);
    *out_n = st == VC_OK ? n : 0;
    return st;
}

enum vc_status in_person_desk_person(const struct vc_env *env, int64_t operator_id,
                                     int64_t account_id, struct in_person_row *out,
                                     bool *out_needs_form)
{
    struct in_person ip;
    struct office o;
    struct account acc;
    enum vc_status st = desk_load(env, operator_id, account_id, &ip, &o, &acc);
    if (st != VC_OK)
        return st;
    const struct step_ref *at = occurrence(env, &acc);
    *out_needs_form = at != NULL && at->signed_form;
    if ((st = row_of(env, &ip, out)) != VC_OK)
        return st;
    return audit_act(env, operator_id, account_id, "in_person.desk.view", o.code);
}

enum vc_status in_person_schedule(const struct vc_env *env, int64_t operator_id, int64_t account_id,
                                  const char *date, const char *time, struct form_errors *errs)
{
    form_errors_init(errs);
    struct in_person ip;
    struct office o;
    struct account acc;
    enum vc_status st = desk_load(env, operator_id, account_id, &ip, &o, &acc);
    if (st != VC_OK)
        return st;
    if (ip.status != IN_PERSON_CHOSEN && ip.status != IN_PERSON_SCHEDULED)
        return VC_ERR_DENIED;
    int64_t day = 0, at = 0, now = env_now(env);
    if (!parse_local(date, NULL, &day))
        form_errors_add(errs, "data", "error.appt.date");
    else if (!parse_local(date, time, &at))
        form_errors_add(errs, "ora", "error.appt.time");
    else if (at <= now)
        form_errors_add(errs, "data", "error.appt.past");
    else if (at > now + (int64_t)IN_PERSON_AHEAD_DAYS * 86400)
        form_errors_add(errs, "data", "error.appt.far");
    if (form_errors_any(errs))
        return VC_ERR_INVALID;
    bool moved = ip.status == IN_PERSON_SCHEDULED;
    if (moved) {
        ip.appt_seq++;
    } else {
        ip.appt_no++;
        ip.appt_seq = 0;
    }
    ip.status = IN_PERSON_SCHEDULED;
    ip.appt_at = at;
    ip.appt_minutes = IN_PERSON_APPT_MINUTES;
    ip.updated_at = now;
    struct local_text lt;
    local_text(at, &lt);
    if ((st = repo_in_person_upsert(env->store, &ip)) != VC_OK ||
        (st = mail_invitation(env, &acc, &ip, &o, false)) != VC_OK)
        return st;
    return audit_act(env, operator_id, account_id,
                     moved ? "in_person.reschedule" : "in_person.schedule", lt.start);
}

enum vc_status in_person_desk_cancel(const struct vc_env *env, int64_t operator_id,
                                     int64_t account_id)
{
    struct in_person ip;
    struct office o;
    struct account acc;
    enum vc_status st = desk_load(env, operator_id, account_id, &ip, &o, &acc);
    if (st != VC_OK)
        return st;
    if (ip.status != IN_PERSON_SCHEDULED)
        return VC_ERR_DENIED;
    if ((st = withdraw(env, &acc, &ip, &o, false)) != VC_OK ||
        (st = repo_in_person_upsert(env->store, &ip)) != VC_OK)
        return st;
    return audit_act(env, operator_id, account_id, "in_person.desk.cancel", o.code);
}

static bool is_doc_type(const char *t)
{
    for (size_t i = 0; t != NULL && IN_PERSON_DOC_TYPES[i] != NULL; i++) {
        if (strcmp(t, IN_PERSON_DOC_TYPES[i]) == 0)
            return true;
    }
    return false;
}

/* Copies s into out without the white space around it; false when longer
 * than size - 1 or not one line of clean UTF-8. */
static bool trimmed(const char *s, char *out, size_t size)
{
    if (s == NULL)
        s = "";
    while (*s == ' ' || *s == '\t')
        s++;
    size_t n = strlen(s);
    while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t'))
        n--;
    if (n >= size || !str_is_clean_utf8(s, n) || memchr(s, '\n', n) != NULL)
        return false;
    memcpy(out, s, n);
    out[n] = '\0';
    return true;
}

/* The checks of what the desk typed, into ip; errs names each bad field. */
static void check_record(const struct vc_env *env, const struct in_person_record *r,
                         bool needs_form, struct in_person *ip, struct form_errors *errs)
{
    if (!is_doc_type(r->doc_type))
        form_errors_add(errs, "tipo_documento", "error.doc.type");
    else
        str_copy(ip->doc_type, r->doc_type, sizeof ip->doc_type);

    char num[IN_PERSON_DOC_NUMBER_MAX + 1];
    size_t n = 0;
    bool ok = trimmed(r->doc_number, num, sizeof num);
    for (n = 0; ok && num[n] != '\0'; n++) {
        if (!isalnum((unsigned char)num[n]))
            ok = false;
        num[n] = (char)toupper((unsigned char)num[n]);
    }
    if (!ok || n < 5)
        form_errors_add(errs, "numero_documento", "error.doc.number");
    else
        str_copy(ip->doc_number, num, sizeof ip->doc_number);

    if (!trimmed(r->doc_issuer, ip->doc_issuer, sizeof ip->doc_issuer) ||
        strlen(ip->doc_issuer) < 2)
        form_errors_add(errs, "ente", "error.doc.issuer");

    int64_t expiry = 0;
    struct local_text today;
    local_text(env_now(env), &today);
    if (!parse_local(r->doc_expiry, NULL, &expiry))
        form_errors_add(errs, "scadenza", "error.doc.expiry");
    else if (strcmp(r->doc_expiry, today.date) < 0) /* ISO dates sort as text */
        form_errors_add(errs, "scadenza", "error.doc.expired");
    else
        str_copy(ip->doc_expiry, r->doc_expiry, sizeof ip->doc_expiry);

    /* The tessera sanitaria's identification number: 20 digits, the
     * first five 80380 (ISO/IEC 7812 issuer: health, Italy). */
    char card[HEALTH_CARD_LEN + 8];
    size_t d = 0;
    ok = r->health_card != NULL && strlen(r->health_card) < 40;
    for (const char *s = ok ? r->health_card : ""; ok && *s; s++) {
        if (*s == ' ')
            continue;
        if (!isdigit((unsigned char)*s) || d >= HEALTH_CARD_LEN) {
            ok = false;
            break;
        }
        card[d++] = *s;
    }
    card[d] = '\0';
    if (!ok || d != HEALTH_CARD_LEN || strncmp(card, "80380", 5) != 0)
        form_errors_add(errs, "tessera", "error.health_card");
    else
        str_copy(ip->health_card, card, sizeof ip->health_card);

    if (needs_form && r->signed_form == NULL)
        form_errors_add(errs, "modulo", "error.signed_form.missing");
}

enum vc_status in_person_document_check(const struct vc_env *env, const struct in_person_record *r,
                                        struct in_person *out, struct form_errors *errs)
{
    form_errors_init(errs);
    check_record(env, r, false, out, errs);
    return form_errors_any(errs) ? VC_ERR_INVALID : VC_OK;
}

enum vc_status in_person_record(const struct vc_env *env, int64_t operator_id, int64_t account_id,
                                const struct in_person_record *r, struct form_errors *errs)
{
    form_errors_init(errs);
    struct in_person ip;
    struct office o;
    struct account acc;
    enum vc_status st = desk_load(env, operator_id, account_id, &ip, &o, &acc);
    if (st != VC_OK)
        return st;
    const struct step_ref *at = occurrence(env, &acc);
    if (at == NULL || (ip.status != IN_PERSON_CHOSEN && ip.status != IN_PERSON_SCHEDULED))
        return VC_ERR_DENIED;
    check_record(env, r, at->signed_form, &ip, errs);
    if (form_errors_any(errs))
        return VC_ERR_INVALID;

    int64_t now = env_now(env);
    struct id_case c;
    st = repo_case_by_account(env->store, acc.id, step_in_person.name, &c);
    if (st == VC_ERR_NOT_FOUND) {
        memset(&c, 0, sizeof c);
        c.account_id = acc.id;
        str_copy(c.step, step_in_person.name, sizeof c.step);
        c.created_at = now;
        if ((st = case_new_number(env, "RP", c.number)) == VC_OK)
            st = repo_case_insert(env->store, &c);
    }
    if (st != VC_OK)
        return st;
    if (r->signed_form != NULL) {
        struct case_document d = {
            .case_id = c.id,
            .channel = CHANNEL_DESK,
            .size = r->signed_form->size,
            .received_at = now,
            .recorded_by = operator_id,
        };
        str_copy(d.blob, r->signed_form->blob, sizeof d.blob);
        str_copy(d.sha256, r->signed_form->sha256, sizeof d.sha256);
        str_copy(d.mime, r->signed_form->mime, sizeof d.mime);
        if ((st = repo_case_document_insert(env->store, &d)) != VC_OK)
            return st;
    }
    c.status = CASE_RECEIVED;
    c.channel = CHANNEL_DESK;
    c.received_at = now;
    c.due_at = calendar_add_working_hours(&env->cfg->calendar, now, IN_PERSON_CASE_HOURS);
    c.decided_at = 0;
    c.operator_id = 0;
    c.reasons[0] = '\0';
    if ((st = repo_case_update(env->store, &c)) != VC_OK)
        return st;
    ip.status = IN_PERSON_RECORDED;
    ip.recorded_at = ip.updated_at = now;
    ip.recorded_by = operator_id;
    ip.case_id = c.id;
    ip.reasons[0] = '\0';
    if ((st = repo_in_person_upsert(env->store, &ip)) != VC_OK)
        return st;
    struct person p;
    if ((st = person_of_account(env, &acc, &p)) != VC_OK)
        return st;
    struct msg_field f[] = {
        {"given_name", p.given_name}, {"office_name", o.name}, {"case_number", c.number}};
    if ((st = messages_queue(env, OUTBOX_MAIL, acc.username, "in_person_recorded", acc.lang, acc.id,
                             f, sizeof f / sizeof f[0])) != VC_OK)
        return st;
    char obj[64];
    audit_name("case", c.id, obj);
    return audit_act(env, operator_id, account_id, "in_person.record", obj);
}

/* ---- the case ---- */

static enum vc_status case_decided(const struct vc_env *env, struct account *acc,
                                   const struct id_case *c)
{
    struct in_person ip;
    struct person p;
    enum vc_status st = repo_in_person_by_account(env->store, acc->id, &ip);
    if (st == VC_OK)
        st = person_of_account(env, acc, &p);
    if (st != VC_OK)
        return st;
    bool accepted = c->status == CASE_ACCEPTED;
    ip.status = accepted ? IN_PERSON_ACCEPTED : IN_PERSON_REJECTED;
    str_copy(ip.reasons, c->reasons, sizeof ip.reasons);
    ip.updated_at = env_now(env);
    if ((st = repo_in_person_upsert(env->store, &ip)) != VC_OK)
        return st;
    if (accepted) /* what the person is told is the next step's (or the journey's end) */
        return occurrence(env, acc) != NULL ? journey_complete(env, acc, step_in_person.name, NULL)
                                            : VC_OK;
    struct msg_field f[] = {{"given_name", p.given_name},
                            {"case_number", c->number},
                            {"reasons", c->reasons},
                            MSG_LINK("area_url", "in_person")};
    return messages_queue(env, OUTBOX_MAIL, acc->username, "in_person_rejected", acc->lang, acc->id,
                          f, sizeof f / sizeof f[0]);
}

static void fact(struct case_fact *out, size_t max, size_t *n, const char *key, const char *value,
                 bool is_label, bool is_date)
{
    if (*n >= max)
        return;
    out[*n].key = key;
    str_copy(out[*n].value, value, sizeof out[*n].value);
    out[*n].is_label = is_label;
    out[*n].is_date = is_date;
    (*n)++;
}

static size_t case_facts(const struct vc_env *env, const struct id_case *c, struct case_fact *out,
                         size_t max)
{
    struct in_person ip;
    struct office o;
    size_t n = 0;
    if (in_person_of(env, c->account_id, &ip, &o) != VC_OK)
        return 0;
    char type[48], when[24], by[32];
    struct local_text lt;
    local_text(ip.recorded_at, &lt);
    snprintf(when, sizeof when, "%s %s", lt.date, lt.time);
    snprintf(type, sizeof type, "doc.type.%s", ip.doc_type);
    snprintf(by, sizeof by, "%" PRId64, ip.recorded_by);
    fact(out, max, &n, "case.fact.office", o.name, false, false);
    fact(out, max, &n, "case.fact.recorded_at", when, false, false);
    fact(out, max, &n, "case.fact.doc_type", type, true, false);
    fact(out, max, &n, "case.fact.doc_number", ip.doc_number, false, false);
    fact(out, max, &n, "case.fact.doc_issuer", ip.doc_issuer, false, false);
    fact(out, max, &n, "case.fact.doc_expiry", ip.doc_expiry, false, true);
    fact(out, max, &n, "case.fact.health_card", ip.health_card, false, false);
    return n;
}

const struct step_kind step_in_person = {
    .name = "in_person",
    .case_decided = case_decided,
    .case_facts = case_facts,
};
