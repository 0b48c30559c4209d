/* SPDX-License-Identifier: AGPL-3.0-or-later */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "core/messages.h"
#include "core/repo.h"
#include "util/str.h"

enum vc_status messages_queue(const struct vc_env *env, enum outbox_channel channel,
                              const char *recipient, const char *template_name, const char *lang,
                              int64_t account_id, const struct msg_field *fields, size_t n)
{
    json_t *o = json_object();
    if (o == NULL)
        return VC_ERR_NOMEM;
    for (size_t i = 0; i < n; i++)
        json_object_set_new(o, fields[i].name, json_string(fields[i].value ? fields[i].value : ""));
    char *text = json_dumps(o, JSON_COMPACT | JSON_SORT_KEYS);
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
    return repo_outbox_insert(env->store, &m);
}

void messages_member_address(const struct member *m,
                             struct msg_field out[MSG_MEMBER_ADDRESS_FIELDS])
{
    out[0] = (struct msg_field){"given_name", m->given_name};
    out[1] = (struct msg_field){"family_name", m->family_name};
    out[2] = (struct msg_field){"company_name", m->company_name};
    out[3] = (struct msg_field){"address", m->address};
    out[4] = (struct msg_field){"postcode", m->postcode};
    out[5] = (struct msg_field){"city", m->city};
    out[6] = (struct msg_field){"province", m->province};
}

enum vc_status messages_list(const struct vc_env *env, int status, struct outbox_msg *out,
                             size_t max, size_t *out_n)
{
    return repo_outbox_list(env->store, status, out, max, out_n);
}
