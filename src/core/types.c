/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* enum <-> stable name, one table per enum: the names are what the store keeps. */
#include <string.h>

#include "core/types.h"

#define NAME_FNS(prefix, type, ...)                                                                \
    static const char *const prefix##_names[] = {__VA_ARGS__};                                     \
    const char *prefix##_name(type v)                                                              \
    {                                                                                              \
        size_t n = sizeof prefix##_names / sizeof prefix##_names[0];                               \
        return (size_t)v < n ? prefix##_names[v] : "unknown";                                      \
    }                                                                                              \
    bool prefix##_parse(const char *name, type *out)                                               \
    {                                                                                              \
        size_t n = sizeof prefix##_names / sizeof prefix##_names[0];                               \
        for (size_t i = 0; name != NULL && i < n; i++) {                                           \
            if (strcmp(name, prefix##_names[i]) == 0) {                                            \
                *out = (type)i;                                                                    \
                return true;                                                                       \
            }                                                                                      \
        }                                                                                          \
        return false;                                                                              \
    }

NAME_FNS(member_category, enum member_category, "agent_individual", "agent_partner",
         "agent_company", "retired", "survivor", "principal_firm", "professional_firm")
NAME_FNS(account_state, enum account_state, "pending", "active", "suspended", "disabled")
NAME_FNS(account_level, enum account_level, "limited", "full", "full_2fa")
NAME_FNS(credential_kind, enum credential_kind, "password", "pin")
NAME_FNS(operator_role, enum operator_role, "backoffice", "desk", "admin")
NAME_FNS(step_status, enum step_status, "pending", "active", "done")
NAME_FNS(code_purpose, enum code_purpose, "email_confirm", "activation", "password_reset",
         "email_change", "pin", "contract_otp", "enrol_otp", "reset_otp")
NAME_FNS(case_status, enum case_status, "awaiting", "received", "accepted", "rejected")
NAME_FNS(in_person_status, enum in_person_status, "chosen", "scheduled", "recorded", "accepted",
         "rejected")
NAME_FNS(contract_status, enum contract_status, "pending", "signed")
NAME_FNS(case_channel, enum case_channel, "none", "upload", "email", "fax", "desk")
NAME_FNS(outbox_channel, enum outbox_channel, "mail", "sms", "letter", "registered_letter",
         "backchannel")
NAME_FNS(letter_status, enum letter_status, "queued", "printed", "delivered", "returned")
NAME_FNS(outbox_status, enum outbox_status, "pending", "delivered", "stuck")
NAME_FNS(firm_role, enum firm_role, "admin", "operator")
NAME_FNS(firm_member_state, enum firm_member_state, "invited", "active", "removed")
NAME_FNS(delegation_kind, enum delegation_kind, "firm", "mandate")
NAME_FNS(delegation_state, enum delegation_state, "pending", "active", "refused", "revoked",
         "renounced")
