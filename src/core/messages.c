/* SPDX-License-Identifier: AGPL-3.0-or-later */
#include <jansson.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#include "core/messages.h"
#include "core/person.h"
#include "core/repo.h"
#include "util/str.h"
#include "util/json_mem.h"

/* Every message varco sends; a new one is declared here first. */
static const struct message_def MESSAGES[] = {
    {"confirm_email", OUTBOX_MAIL, {"link"}},
    {"id_form_instructions", OUTBOX_MAIL, {NULL}},
    {"id_form_received", OUTBOX_MAIL, {NULL}},
    {"id_form_rejected", OUTBOX_MAIL, {NULL}},
    {"id_form_accepted", OUTBOX_MAIL, {NULL}},
    {"activation_letter", OUTBOX_LETTER, {"code"}},
    {"account_activated", OUTBOX_MAIL, {NULL}},
    {"password_reset", OUTBOX_MAIL, {"link"}},
    {"password_changed", OUTBOX_MAIL, {NULL}},
    {"login_failures", OUTBOX_MAIL, {NULL}},
    {"email_change_confirm", OUTBOX_MAIL, {"link"}},
    {"email_changed", OUTBOX_MAIL, {NULL}},
    {"email_change_taken", OUTBOX_MAIL, {NULL}},
    {"register_existing", OUTBOX_MAIL, {NULL}},
    {"legacy_moved", OUTBOX_MAIL, {NULL}},
    {"person_changed", OUTBOX_MAIL, {NULL}},
    {"letter_returned", OUTBOX_MAIL, {NULL}},
    {"pin_first_half", OUTBOX_MAIL, {"first_half"}},
    {"pin_first_half_sms", OUTBOX_SMS, {"first_half"}},
    {"pin_letter", OUTBOX_REGISTERED_LETTER, {"second_half"}},
    {"pin_changed", OUTBOX_MAIL, {NULL}},
    {"contract_otp", OUTBOX_SMS, {"code"}},
    {"second_factor_sms", OUTBOX_SMS, {"code"}},
    {"reset_sms", OUTBOX_SMS, {"code"}},
    {"contract_signed", OUTBOX_MAIL, {NULL}},
    {"in_person_office", OUTBOX_MAIL, {NULL}},
    {"in_person_office_cancelled", OUTBOX_MAIL, {NULL}},
    {"in_person_appointment", OUTBOX_MAIL, {NULL}},
    {"in_person_cancelled", OUTBOX_MAIL, {NULL}},
    {"in_person_recorded", OUTBOX_MAIL, {NULL}},
    {"in_person_rejected", OUTBOX_MAIL, {NULL}},
    {"temp_code_issued", OUTBOX_MAIL, {"code"}},
    {"temp_code_new", OUTBOX_MAIL, {"code"}},
    {"temp_code_enabled", OUTBOX_MAIL, {NULL}},
    {"personal_code_changed", OUTBOX_MAIL, {NULL}},
    {"second_factor_enrolled", OUTBOX_MAIL, {NULL}},
    {"second_factor_replaced", OUTBOX_MAIL, {NULL}},
    {"second_factor_removed", OUTBOX_MAIL, {NULL}},
    {"second_factor_recovery_used", OUTBOX_MAIL, {NULL}},
    {"second_factor_failures", OUTBOX_MAIL, {NULL}},
    {"backchannel_logout", OUTBOX_BACKCHANNEL, {NULL}},
    {"firm_invitation", OUTBOX_MAIL, {NULL}},
    {"delegation_invitation", OUTBOX_MAIL, {NULL}},
    {"delegation_received", OUTBOX_MAIL, {NULL}},
    {"delegation_accepted", OUTBOX_MAIL, {NULL}},
    {"delegation_refused", OUTBOX_MAIL, {NULL}},
    {"delegation_revoked", OUTBOX_MAIL, {NULL}},
    {"delegation_renounced", OUTBOX_MAIL, {NULL}},
    {"mandate_accepted", OUTBOX_MAIL, {NULL}},
    {"mandate_rejected", OUTBOX_MAIL, {NULL}},
    {"mandate_revoked", OUTBOX_MAIL, {NULL}},
    {"mandate_renounced", OUTBOX_MAIL, {NULL}},
};

const struct message_def *messages_def(const char *name)
{
    for (size_t i = 0; i < sizeof MESSAGES / sizeof MESSAGES[0]; i++) {
        if (strcmp(MESSAGES[i].name, name) == 0)
            return &MESSAGES[i];
    }
    return NULL;
}

enum vc_status messages_queue(const struct vc_env *env, enum outbox_channel channel,
                              const char *recipient, const char *template_name, const char *lang,
                              int64_t account_id, const struct msg_field *fields, size_t n)
{
    return messages_queue_id(env, channel, recipient, template_name, lang, account_id, fields, n,
                             NULL);
}

enum vc_status messages_queue_id(const struct vc_env *env, enum outbox_channel channel,
                                 const char *recipient, const char *template_name, const char *lang,
                                 int64_t account_id, const struct msg_field *fields, size_t n,
                                 int64_t *out_id)
{
    const struct message_def *def = messages_def(template_name);
    if (VC_NEVER(def == NULL || def->channel != channel))
        return VC_ERR_INTERNAL;
    json_t *o = json_object();
    if (o == NULL)
        return VC_ERR_NOMEM;
    for (size_t i = 0; i < n; i++) {
        json_t *js = json_string(fields[i].value ? fields[i].value : "");
        if (js == NULL) {
            json_decref(o);
            return VC_ERR_NOMEM;
        }
        json_object_set_new(o, fields[i].name, js);
    }
    char *text = json_text(o, JSON_COMPACT | JSON_SORT_KEYS);
    json_decref(o);
    if (text == NULL)
        return VC_ERR_NOMEM;
    struct outbox_msg m;
    memset(&m, 0, sizeof m);
    size_t len = str_copy(m.payload, text, sizeof m.payload);
    free(text);
    if (len >= sizeof m.payload)
        return VC_ERR_INTERNAL;
    m.channel = channel;
    str_copy(m.recipient, recipient, sizeof m.recipient);
    str_copy(m.template_name, template_name, sizeof m.template_name);
    str_copy(m.lang, lang[0] ? lang : "it", sizeof m.lang);
    m.status = OUTBOX_PENDING;
    m.created_at = m.next_attempt_at = env_now(env);
    m.account_id = account_id;
    uint8_t rnd[32];
    env_random(env, rnd, sizeof rnd);
    str_hex(rnd, sizeof rnd, m.idempotency_key);
    enum vc_status st = repo_outbox_insert(env->store, &m);
    sodium_memzero(m.payload, sizeof m.payload); /* it may hold a code */
    if (st == VC_OK && out_id != NULL)
        *out_id = m.id;
    return st;
}

void messages_person_address(const struct person *p, struct msg_field out[MSG_ADDRESS_FIELDS])
{
    out[0] = (struct msg_field){"given_name", p->given_name};
    out[1] = (struct msg_field){"family_name", p->family_name};
    out[2] = (struct msg_field){"company_name", p->company_name};
    out[3] = (struct msg_field){"address", p->address};
    out[4] = (struct msg_field){"postcode", p->postcode};
    out[5] = (struct msg_field){"city", p->city};
    out[6] = (struct msg_field){"province", p->province};
}

enum vc_status messages_list(const struct vc_env *env, int status, struct outbox_msg *out,
                             size_t max, size_t *out_n)
{
    return repo_outbox_list(env->store, status, out, max, out_n);
}
