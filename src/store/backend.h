/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* What a store backend provides: an ops table with connection handling and
 * every operation of core/repo.h. store.c dispatches to it; backends embed
 * struct store as the first member of their connection struct. The list of
 * repo operations is one X-macro so that the front, the table and each
 * backend cannot drift apart. */
#ifndef VARCO_STORE_BACKEND_H
#define VARCO_STORE_BACKEND_H
#include "core/repo.h"
#include "store/store.h"

#define REPO_OPS(X)                                                                                \
    X(member_upsert, (struct store * s, struct member * m), (s, m))                                \
    X(member_by_id, (struct store * s, int64_t id, struct member * out), (s, id, out))             \
    X(member_by_matricola, (struct store * s, const char *matricola, struct member *out),          \
      (s, matricola, out))                                                                         \
    X(member_count, (struct store * s, int64_t * out), (s, out))                                   \
    X(member_by_cf, (struct store * s, const char *cf, struct member *out), (s, cf, out))          \
    X(office_upsert, (struct store * s, const struct office *o), (s, o))                           \
    X(office_by_code, (struct store * s, const char *code, struct office *out), (s, code, out))    \
    X(offices_list,                                                                                \
      (struct store * s, const struct office_filter *f, struct office *out, size_t max,            \
       size_t *n),                                                                                 \
      (s, f, out, max, n))                                                                         \
    X(office_networks,                                                                             \
      (struct store * s, char(*out)[OFFICE_NETWORK_MAX + 1], size_t max, size_t *n),               \
      (s, out, max, n))                                                                            \
    X(contract_upsert, (struct store * s, const struct contract *c), (s, c))                       \
    X(contract_by_account, (struct store * s, int64_t a, struct contract * out), (s, a, out))      \
    X(in_person_upsert, (struct store * s, const struct in_person *ip), (s, ip))                   \
    X(in_person_by_account, (struct store * s, int64_t a, struct in_person * out), (s, a, out))    \
    X(in_person_of_office,                                                                         \
      (struct store * s, const char *office, struct in_person *out, size_t max, size_t *n),        \
      (s, office, out, max, n))                                                                    \
    X(account_insert, (struct store * s, struct account * a), (s, a))                              \
    X(account_update, (struct store * s, const struct account *a), (s, a))                         \
    X(account_by_id, (struct store * s, int64_t id, struct account * out), (s, id, out))           \
    X(account_by_username, (struct store * s, const char *u, struct account *out), (s, u, out))    \
    X(account_by_cf_norm, (struct store * s, const char *cf, struct account *out), (s, cf, out))   \
    X(person_insert, (struct store * s, struct person * p), (s, p))                                \
    X(person_update, (struct store * s, const struct person *p), (s, p))                           \
    X(person_by_account, (struct store * s, int64_t a, struct person * out), (s, a, out))          \
    X(letter_insert, (struct store * s, struct letter * l), (s, l))                                \
    X(letter_update, (struct store * s, const struct letter *l), (s, l))                           \
    X(letter_by_id, (struct store * s, int64_t id, struct letter * out), (s, id, out))             \
    X(letter_by_tracking, (struct store * s, const char *t, struct letter *out), (s, t, out))      \
    X(letters_of, (struct store * s, int64_t a, struct letter * out, size_t max, size_t * n),      \
      (s, a, out, max, n))                                                                         \
    X(letters_recent, (struct store * s, struct letter * out, size_t max, size_t * n),             \
      (s, out, max, n))                                                                            \
    X(letter_printed, (struct store * s, int64_t outbox_id, int64_t at), (s, outbox_id, at))       \
    X(step_upsert, (struct store * s, const struct journey_step *st), (s, st))                     \
    X(steps_list,                                                                                  \
      (struct store * s, int64_t a, struct journey_step * out, size_t max, size_t * n),            \
      (s, a, out, max, n))                                                                         \
    X(code_insert, (struct store * s, struct code * c), (s, c))                                    \
    X(code_update, (struct store * s, const struct code *c), (s, c))                               \
    X(code_by_hash, (struct store * s, enum code_purpose p, const char *h, struct code *out),      \
      (s, p, h, out))                                                                              \
    X(code_active, (struct store * s, int64_t a, enum code_purpose p, struct code * out),          \
      (s, a, p, out))                                                                              \
    X(code_void_all, (struct store * s, int64_t a, enum code_purpose p), (s, a, p))                \
    X(code_count_since,                                                                            \
      (struct store * s, int64_t a, enum code_purpose p, int64_t since, int64_t * out),            \
      (s, a, p, since, out))                                                                       \
    X(code_first_since,                                                                            \
      (struct store * s, int64_t a, enum code_purpose p, int64_t since, int64_t * out),            \
      (s, a, p, since, out))                                                                       \
    X(personal_code_insert, (struct store * s, struct personal_code * c), (s, c))                  \
    X(personal_code_update, (struct store * s, const struct personal_code *c), (s, c))             \
    X(personal_code_current,                                                                       \
      (struct store * s, int64_t a, bool temporary, struct personal_code *out),                    \
      (s, a, temporary, out))                                                                      \
    X(personal_code_void_others, (struct store * s, int64_t a, int64_t keep), (s, a, keep))        \
    X(personal_code_count_since, (struct store * s, int64_t a, int64_t since, int64_t * out),      \
      (s, a, since, out))                                                                          \
    X(case_insert, (struct store * s, struct id_case * c), (s, c))                                 \
    X(case_update, (struct store * s, const struct id_case *c), (s, c))                            \
    X(case_by_id, (struct store * s, int64_t id, struct id_case * out), (s, id, out))              \
    X(case_by_account, (struct store * s, int64_t a, const char *step, struct id_case *out),       \
      (s, a, step, out))                                                                           \
    X(case_by_number, (struct store * s, const char *number, struct id_case *out),                 \
      (s, number, out))                                                                            \
    X(case_queue,                                                                                  \
      (struct store * s, const char *step, struct id_case *out, size_t max, size_t *n),            \
      (s, step, out, max, n))                                                                      \
    X(case_next_number, (struct store * s, int64_t * out), (s, out))                               \
    X(case_document_insert, (struct store * s, struct case_document * d), (s, d))                  \
    X(case_documents,                                                                              \
      (struct store * s, int64_t c, struct case_document * out, size_t max, size_t * n),           \
      (s, c, out, max, n))                                                                         \
    X(case_document_by_id, (struct store * s, int64_t id, struct case_document * out),             \
      (s, id, out))                                                                                \
    X(audit_last, (struct store * s, struct audit_event * out), (s, out))                          \
    X(audit_insert, (struct store * s, const struct audit_event *ev), (s, ev))                     \
    X(audit_each,                                                                                  \
      (struct store * s, int (*cb)(void *ctx, const struct audit_event *ev), void *ctx),           \
      (s, cb, ctx))                                                                                \
    X(audit_for_account,                                                                           \
      (struct store * s, int64_t a, struct audit_event * out, size_t max, size_t * n),             \
      (s, a, out, max, n))                                                                         \
    X(outbox_insert, (struct store * s, struct outbox_msg * m), (s, m))                            \
    X(outbox_update, (struct store * s, const struct outbox_msg *m), (s, m))                       \
    X(outbox_due,                                                                                  \
      (struct store * s, int64_t now, struct outbox_msg * out, size_t max, size_t * n),            \
      (s, now, out, max, n))                                                                       \
    X(outbox_claim,                                                                                \
      (struct store * s, int64_t now, int64_t until, const char *worker, struct outbox_msg *out,   \
       size_t max, size_t *n),                                                                     \
      (s, now, until, worker, out, max, n))                                                        \
    X(outbox_claimers,                                                                             \
      (struct store * s, int64_t now, char(*out)[OUTBOX_WORKER_MAX], size_t max, size_t *n),       \
      (s, now, out, max, n))                                                                       \
    X(outbox_release, (struct store * s, const char *worker), (s, worker))                         \
    X(outbox_list, (struct store * s, int status, struct outbox_msg *out, size_t max, size_t *n),  \
      (s, status, out, max, n))                                                                    \
    X(outbox_by_id, (struct store * s, int64_t id, struct outbox_msg * out), (s, id, out))         \
    X(session_insert, (struct store * s, const struct session *se), (s, se))                       \
    X(session_get, (struct store * s, const char *h, struct session *out), (s, h, out))            \
    X(session_touch, (struct store * s, const char *h, int64_t t), (s, h, t))                      \
    X(session_delete, (struct store * s, const char *h), (s, h))                                   \
    X(session_set_acting, (struct store * s, const char *h, int64_t d), (s, h, d))                 \
    X(session_delete_all, (struct store * s, enum session_kind k, int64_t p), (s, k, p))           \
    X(operator_insert, (struct store * s, struct operator_account * o), (s, o))                    \
    X(operator_update, (struct store * s, const struct operator_account *o), (s, o))               \
    X(operator_by_id, (struct store * s, int64_t id, struct operator_account * out), (s, id, out)) \
    X(operator_by_username, (struct store * s, const char *u, struct operator_account *out),       \
      (s, u, out))                                                                                 \
    X(sessions_of,                                                                                 \
      (struct store * s, enum session_kind k, int64_t p, struct session * out, size_t max,         \
       size_t * n),                                                                                \
      (s, k, p, out, max, n))                                                                      \
    X(session_delete_others, (struct store * s, enum session_kind k, int64_t p, const char *keep), \
      (s, k, p, keep))                                                                             \
    X(legacy_upsert, (struct store * s, struct legacy_account * l), (s, l))                        \
    X(legacy_update, (struct store * s, const struct legacy_account *l), (s, l))                   \
    X(legacy_by_id, (struct store * s, int64_t id, struct legacy_account * out), (s, id, out))     \
    X(legacy_by_username, (struct store * s, const char *u, struct legacy_account *out),           \
      (s, u, out))                                                                                 \
    X(legacy_disable_person, (struct store * s, const char *cf, int64_t keep), (s, cf, keep))      \
    X(throttle_get, (struct store * s, const char *k, struct throttle_row *out), (s, k, out))      \
    X(throttle_put, (struct store * s, const struct throttle_row *r), (s, r))                      \
    X(throttle_delete, (struct store * s, const char *k), (s, k))                                  \
    X(throttle_prune, (struct store * s, int64_t before, int limit), (s, before, limit))           \
    X(second_factor_get, (struct store * s, int64_t a, struct second_factor * out), (s, a, out))   \
    X(second_factor_put, (struct store * s, const struct second_factor *f), (s, f))                \
    X(second_factor_delete, (struct store * s, int64_t a), (s, a))                                 \
    X(recovery_code_insert, (struct store * s, struct recovery_code * c), (s, c))                  \
    X(recovery_code_update, (struct store * s, const struct recovery_code *c), (s, c))             \
    X(recovery_code_by_hash,                                                                       \
      (struct store * s, int64_t a, const char *h, struct recovery_code *out), (s, a, h, out))     \
    X(recovery_codes_void, (struct store * s, int64_t a), (s, a))                                  \
    X(recovery_codes_left, (struct store * s, int64_t a, int64_t * out), (s, a, out))              \
    X(oidc_client_insert, (struct store * s, struct oidc_client * c), (s, c))                      \
    X(oidc_client_update, (struct store * s, const struct oidc_client *c), (s, c))                 \
    X(oidc_client_by_client_id, (struct store * s, const char *id, struct oidc_client *out),       \
      (s, id, out))                                                                                \
    X(oidc_client_by_id, (struct store * s, int64_t id, struct oidc_client * out), (s, id, out))   \
    X(oidc_clients_list, (struct store * s, struct oidc_client * out, size_t max, size_t * n),     \
      (s, out, max, n))                                                                            \
    X(oidc_services, (struct store * s, struct oidc_service * out, size_t max, size_t * n),        \
      (s, out, max, n))                                                                            \
    X(oidc_consents_of,                                                                            \
      (struct store * s, int64_t a, struct oidc_consent_view * out, size_t max, size_t * n),       \
      (s, a, out, max, n))                                                                         \
    X(oidc_grants_revoke_of, (struct store * s, int64_t a, int64_t c, int64_t at), (s, a, c, at))  \
    X(oidc_grant_insert, (struct store * s, struct oidc_grant * g), (s, g))                        \
    X(oidc_grant_update, (struct store * s, const struct oidc_grant *g), (s, g))                   \
    X(oidc_grant_by_code, (struct store * s, const char *h, struct oidc_grant *out), (s, h, out))  \
    X(oidc_grant_by_sid, (struct store * s, const char *sid, struct oidc_grant *out),              \
      (s, sid, out))                                                                               \
    X(oidc_grant_by_id, (struct store * s, int64_t id, struct oidc_grant * out), (s, id, out))     \
    X(oidc_grants_live,                                                                            \
      (struct store * s, int64_t a, struct oidc_grant * out, size_t max, size_t * n),              \
      (s, a, out, max, n))                                                                         \
    X(oidc_grants_revoke_client, (struct store * s, int64_t c, int64_t at), (s, c, at))            \
    X(oidc_refresh_insert, (struct store * s, const struct oidc_refresh *r), (s, r))               \
    X(oidc_refresh_by_hash, (struct store * s, const char *h, struct oidc_refresh *out),           \
      (s, h, out))                                                                                 \
    X(oidc_refresh_update, (struct store * s, const struct oidc_refresh *r), (s, r))               \
    X(oidc_consent_get, (struct store * s, int64_t a, int64_t c, struct oidc_consent * out),       \
      (s, a, c, out))                                                                              \
    X(oidc_consent_put, (struct store * s, const struct oidc_consent *c), (s, c))                  \
    X(oidc_consent_delete, (struct store * s, int64_t a, int64_t c), (s, a, c))                    \
    X(oidc_assertion_seen, (struct store * s, const char *h, int64_t exp, int64_t now),            \
      (s, h, exp, now))                                                                            \
    X(signing_key_insert, (struct store * s, const struct signing_key *k), (s, k))                 \
    X(signing_key_update, (struct store * s, const struct signing_key *k), (s, k))                 \
    X(signing_keys_list, (struct store * s, struct signing_key * out, size_t max, size_t * n),     \
      (s, out, max, n))                                                                            \
    X(oidc_grants_revoke_acting, (struct store * s, int64_t d, int64_t at), (s, d, at))            \
    X(firm_insert, (struct store * s, struct firm * f), (s, f))                                    \
    X(firm_update, (struct store * s, const struct firm *f), (s, f))                               \
    X(firm_by_id, (struct store * s, int64_t id, struct firm * out), (s, id, out))                 \
    X(firm_by_tax_id, (struct store * s, const char *t, struct firm *out), (s, t, out))            \
    X(firm_member_insert, (struct store * s, struct firm_member * m), (s, m))                      \
    X(firm_member_update, (struct store * s, const struct firm_member *m), (s, m))                 \
    X(firm_member_by_id, (struct store * s, int64_t id, struct firm_member * out), (s, id, out))   \
    X(firm_members_of,                                                                             \
      (struct store * s, int64_t f, struct firm_member * out, size_t max, size_t * n),             \
      (s, f, out, max, n))                                                                         \
    X(firm_member_of_account, (struct store * s, int64_t a, struct firm_member * out),             \
      (s, a, out))                                                                                 \
    X(firm_member_invited, (struct store * s, const char *e, struct firm_member *out),             \
      (s, e, out))                                                                                 \
    X(delegation_insert, (struct store * s, struct delegation * d), (s, d))                        \
    X(delegation_update, (struct store * s, const struct delegation *d), (s, d))                   \
    X(delegation_by_id, (struct store * s, int64_t id, struct delegation * out), (s, id, out))     \
    X(delegations_of_company,                                                                      \
      (struct store * s, int64_t m, struct delegation * out, size_t max, size_t * n),              \
      (s, m, out, max, n))                                                                         \
    X(delegations_of_firm,                                                                         \
      (struct store * s, int64_t f, struct delegation * out, size_t max, size_t * n),              \
      (s, f, out, max, n))                                                                         \
    X(delegations_of_agent,                                                                        \
      (struct store * s, int64_t a, struct delegation * out, size_t max, size_t * n),              \
      (s, a, out, max, n))                                                                         \
    X(delegations_of_principal,                                                                    \
      (struct store * s, int64_t a, struct delegation * out, size_t max, size_t * n),              \
      (s, a, out, max, n))                                                                         \
    X(delegations_link_principal, (struct store * s, const char *cf, int64_t a), (s, cf, a))

struct store_ops {
    const char *scheme; /* "sqlite:" */
    enum vc_status (*open)(const char *rest, struct store **out);
    void (*close)(struct store *s);
    enum vc_status (*migrate)(struct store *s);
    enum vc_status (*begin)(struct store *s, bool read_only);
    enum vc_status (*commit)(struct store *s);
    void (*rollback)(struct store *s);
    bool (*last_commit_wrote)(struct store *s);
    void (*defer_checkpoints)(struct store *s);
    enum vc_status (*checkpoint)(struct store *s);
#define X(name, params, args) enum vc_status(*name) params;
    REPO_OPS(X)
#undef X
};

struct store {
    const struct store_ops *ops;
};

extern const struct store_ops sqlite_store_ops;
#endif
