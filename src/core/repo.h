/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* The persistence operations core needs, declared here and implemented by
 * store/ (store.c dispatches to the backend's ops table). Core includes this
 * header, never store/ headers or a database library.
 *
 * Rules for every function:
 * - s is one thread's connection; the caller opened the transaction (core's
 *   caller commits). Nothing here commits.
 * - Out-parameters are written only on VC_OK.
 * - Returns VC_OK, VC_ERR_NOT_FOUND (no row), VC_ERR_CONFLICT (a unique key
 *   is taken) or VC_ERR_STORE (the database failed; already logged).
 * - List functions fill at most max rows into out and set *out_n. */
#ifndef VARCO_CORE_REPO_H
#define VARCO_CORE_REPO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/types.h"
#include "util/status.h"

struct store;

/* members: the institution's registry */
enum vc_status repo_member_upsert(struct store *s, struct member *m); /* by matricola; sets m->id */
enum vc_status repo_member_by_id(struct store *s, int64_t id, struct member *out);
enum vc_status repo_member_by_matricola(struct store *s, const char *matricola, struct member *out);
enum vc_status repo_member_count(struct store *s, int64_t *out);
/* The first member with this codice fiscale (as in the registry, upper case). */
enum vc_status repo_member_by_cf(struct store *s, const char *cf, struct member *out);

/* offices: the recognition offices of the partner networks (core/offices.h) */
/* Inserts the office, or replaces every field of the one with its code. */
enum vc_status repo_office_upsert(struct store *s, const struct office *o);
/* By code as stored (upper case: core/offices.h normalises it). */
enum vc_status repo_office_by_code(struct store *s, const char *code, struct office *out);
/* The offices f selects (core/types.h: struct office_filter), ordered by
 * province, city, name and code; VC_ERR_INVALID if f names more than
 * OFFICE_FILTER_NETWORKS_MAX networks. */
enum vc_status repo_offices_list(struct store *s, const struct office_filter *f, struct office *out,
                                 size_t max, size_t *out_n);
/* The networks that have offices, each once (whatever its case in the
 * file), in alphabetical order: the chooser's on/off switches. */
enum vc_status repo_office_networks(struct store *s, char (*out)[OFFICE_NETWORK_MAX + 1],
                                    size_t max, size_t *out_n);

/* contracts signed with an SMS code (core/steps/contract_otp.h): one per account */
enum vc_status repo_contract_upsert(struct store *s, const struct contract *c);
enum vc_status repo_contract_by_account(struct store *s, int64_t account_id, struct contract *out);

/* in-person recognition (core/steps/in_person.h): one row per account */
enum vc_status repo_in_person_upsert(struct store *s, const struct in_person *ip);
enum vc_status repo_in_person_by_account(struct store *s, int64_t account_id,
                                         struct in_person *out);
/* The people who chose that office and are not yet through, appointments
 * first (soonest first), then the others by when they chose. */
enum vc_status repo_in_person_of_office(struct store *s, const char *office_code,
                                        struct in_person *out, size_t max, size_t *out_n);

/* accounts; username and cf_norm are unique (CONFLICT) */
enum vc_status repo_account_insert(struct store *s, struct account *a); /* sets a->id */
enum vc_status repo_account_update(struct store *s, const struct account *a);
enum vc_status repo_account_by_id(struct store *s, int64_t id, struct account *out);
enum vc_status repo_account_by_username(struct store *s, const char *username, struct account *out);
enum vc_status repo_account_by_cf_norm(struct store *s, const char *cf_norm, struct account *out);

/* persons: one per account (core/person.h) */
enum vc_status repo_person_insert(struct store *s, struct person *p); /* sets p->id */
enum vc_status repo_person_update(struct store *s, const struct person *p);
enum vc_status repo_person_by_account(struct store *s, int64_t account_id, struct person *out);

/* letters (core/letters.h); outbox_id unique */
enum vc_status repo_letter_insert(struct store *s, struct letter *l);       /* sets l->id */
enum vc_status repo_letter_update(struct store *s, const struct letter *l); /* status only */
enum vc_status repo_letter_by_id(struct store *s, int64_t id, struct letter *out);
enum vc_status repo_letter_by_tracking(struct store *s, const char *tracking, struct letter *out);
/* Newest first. */
enum vc_status repo_letters_of(struct store *s, int64_t account_id, struct letter *out, size_t max,
                               size_t *out_n);
enum vc_status repo_letters_recent(struct store *s, struct letter *out, size_t max, size_t *out_n);
/* The outbox handed the letter of outbox_id to the print spool: queued -> printed. */
enum vc_status repo_letter_printed(struct store *s, int64_t outbox_id, int64_t at);

/* journey steps: one row per (account, step) */
enum vc_status repo_step_upsert(struct store *s, const struct journey_step *st);
enum vc_status repo_steps_list(struct store *s, int64_t account_id, struct journey_step *out,
                               size_t max, size_t *out_n); /* in insertion order */

/* codes */
enum vc_status repo_code_insert(struct store *s, struct code *c); /* sets c->id */
enum vc_status repo_code_update(struct store *s, const struct code *c);
/* The code with that hash and purpose, used or not. */
enum vc_status repo_code_by_hash(struct store *s, enum code_purpose p, const char *hash,
                                 struct code *out);
/* The newest code of that purpose for the account that is neither used nor voided. */
enum vc_status repo_code_active(struct store *s, int64_t account_id, enum code_purpose p,
                                struct code *out);
/* Marks every unused code of that purpose for the account voided. */
enum vc_status repo_code_void_all(struct store *s, int64_t account_id, enum code_purpose p);
/* How many codes of that purpose were created for the account since t (resend limits). */
enum vc_status repo_code_count_since(struct store *s, int64_t account_id, enum code_purpose p,
                                     int64_t since, int64_t *out);
/* When the first code of that purpose since t was created; 0 if none. */
enum vc_status repo_code_first_since(struct store *s, int64_t account_id, enum code_purpose p,
                                     int64_t since, int64_t *out);

/* personal codes (core/personal_code.h): rows by account, newest first */
enum vc_status repo_personal_code_insert(struct store *s, struct personal_code *c); /* sets id */
/* attempts_left, voided, confirmed_at */
enum vc_status repo_personal_code_update(struct store *s, const struct personal_code *c);
/* The newest row of the account that is not voided, temporary or chosen as
 * asked. */
enum vc_status repo_personal_code_current(struct store *s, int64_t account_id, bool temporary,
                                          struct personal_code *out);
/* Every row of the account but keep_id (0: every row) becomes voided. */
enum vc_status repo_personal_code_void_others(struct store *s, int64_t account_id, int64_t keep_id);
/* How many temporary codes were issued to the account since t. */
enum vc_status repo_personal_code_count_since(struct store *s, int64_t account_id, int64_t since,
                                              int64_t *out);

/* identification cases */
enum vc_status repo_case_insert(struct store *s,
                                struct id_case *c); /* sets id; number must be set */
enum vc_status repo_case_update(struct store *s, const struct id_case *c);
enum vc_status repo_case_by_id(struct store *s, int64_t id, struct id_case *out);
enum vc_status repo_case_by_account(struct store *s, int64_t account_id, const char *step,
                                    struct id_case *out);
/* By the number printed on the form ("ID-2026-000042"): operators record
 * receipts by email or fax under it. */
enum vc_status repo_case_by_number(struct store *s, const char *number, struct id_case *out);
/* Cases in status RECEIVED of that step ("" every step), ordered by due_at
 * then id (oldest deadline first). */
enum vc_status repo_case_queue(struct store *s, const char *step, struct id_case *out, size_t max,
                               size_t *out_n);
/* A sequence for case numbers: returns 1, 2, 3 ... across the whole store. */
enum vc_status repo_case_next_number(struct store *s, int64_t *out);
enum vc_status repo_case_document_insert(struct store *s, struct case_document *d); /* sets id */
/* Documents of a case, newest first. */
enum vc_status repo_case_documents(struct store *s, int64_t case_id, struct case_document *out,
                                   size_t max, size_t *out_n);
enum vc_status repo_case_document_by_id(struct store *s, int64_t id, struct case_document *out);

/* audit: append-only; seq is unique */
/* The chain's last event, NOT_FOUND if empty; in the caller's write
 * transaction it holds the chain until commit, so that two writers never
 * append the same seq (SQLite: BEGIN IMMEDIATE serialises writers; a
 * PostgreSQL backend locks the chain's head row, SELECT ... FOR UPDATE). */
enum vc_status repo_audit_last(struct store *s, struct audit_event *out);
enum vc_status repo_audit_insert(struct store *s, const struct audit_event *ev);
/* Calls cb for every event in seq order until cb returns non-zero. */
enum vc_status repo_audit_each(struct store *s, int (*cb)(void *ctx, const struct audit_event *ev),
                               void *ctx);
/* Events concerning the account or done by it (actor "account:<id>": what
 * it did for others too), newest first. */
enum vc_status repo_audit_for_account(struct store *s, int64_t account_id, struct audit_event *out,
                                      size_t max, size_t *out_n);

/* outbox; idempotency_key is unique (insert of a known key is CONFLICT) */
enum vc_status repo_outbox_insert(struct store *s, struct outbox_msg *m); /* sets id */
enum vc_status repo_outbox_update(struct store *s, const struct outbox_msg *m);
/* PENDING or STUCK messages with next_attempt_at <= now, oldest first. */
enum vc_status repo_outbox_due(struct store *s, int64_t now, struct outbox_msg *out, size_t max,
                               size_t *out_n);
/* Claims up to max due messages (PENDING or STUCK, next_attempt_at <= now)
 * that no live claim holds, for worker until `until`, and returns them: in a
 * write transaction, so that workers of several nodes never take the same
 * message. repo_outbox_update releases the claim. */
enum vc_status repo_outbox_claim(struct store *s, int64_t now, int64_t until, const char *worker,
                                 struct outbox_msg *out, size_t max, size_t *out_n);
/* The workers that hold live claims (at most max names, OUTBOX_WORKER_MAX
 * bytes each), and the release of every claim one of them holds (a worker
 * that died: its messages are due again at once, not when the lease ends). */
#define OUTBOX_WORKER_MAX 80
enum vc_status repo_outbox_claimers(struct store *s, int64_t now, char (*out)[OUTBOX_WORKER_MAX],
                                    size_t max, size_t *out_n);
enum vc_status repo_outbox_release(struct store *s, const char *worker);
/* Newest first; status filter: -1 for all. */
enum vc_status repo_outbox_list(struct store *s, int status, struct outbox_msg *out, size_t max,
                                size_t *out_n);
enum vc_status repo_outbox_by_id(struct store *s, int64_t id, struct outbox_msg *out);

/* sessions, by keyed hash of the cookie value */
enum vc_status repo_session_insert(struct store *s, const struct session *se);
enum vc_status repo_session_get(struct store *s, const char *id_hash, struct session *out);
enum vc_status repo_session_touch(struct store *s, const char *id_hash, int64_t last_seen_at);
enum vc_status repo_session_delete(struct store *s, const char *id_hash);
/* The delegation the session acts under (0: for the person themselves). */
enum vc_status repo_session_set_acting(struct store *s, const char *id_hash, int64_t delegation_id);
/* Ends every session of a principal (after a password reset). */
enum vc_status repo_session_delete_all(struct store *s, enum session_kind kind,
                                       int64_t principal_id);

/* back-office operators; username unique */
enum vc_status repo_operator_insert(struct store *s, struct operator_account *o); /* sets id */
enum vc_status repo_operator_update(struct store *s, const struct operator_account *o);
enum vc_status repo_operator_by_id(struct store *s, int64_t id, struct operator_account *out);
enum vc_status repo_operator_by_username(struct store *s, const char *username,
                                         struct operator_account *out);

/* A principal's sessions, the most recently used first (expired ones too). */
enum vc_status repo_sessions_of(struct store *s, enum session_kind k, int64_t principal,
                                struct session *out, size_t max, size_t *out_n);
/* Deletes the principal's sessions but the one with id hash keep. */
enum vc_status repo_session_delete_others(struct store *s, enum session_kind k, int64_t principal,
                                          const char *keep);

/* legacy accounts (core/legacy.h); username unique (CONFLICT) */
enum vc_status repo_legacy_upsert(struct store *s, struct legacy_account *l); /* by username */
enum vc_status repo_legacy_update(struct store *s, const struct legacy_account *l);
enum vc_status repo_legacy_by_id(struct store *s, int64_t id, struct legacy_account *out);
enum vc_status repo_legacy_by_username(struct store *s, const char *u, struct legacy_account *out);
/* Every active row of the person but keep_id becomes disabled. */
enum vc_status repo_legacy_disable_person(struct store *s, const char *cf_norm, int64_t keep_id);

/* throttle (core/throttle.h): one row per key */
enum vc_status repo_throttle_get(struct store *s, const char *key, struct throttle_row *out);
enum vc_status repo_throttle_put(struct store *s, const struct throttle_row *r); /* upsert */
enum vc_status repo_throttle_delete(struct store *s, const char *key);
/* Deletes at most limit rows whose window began before t and whose delay is over. */
enum vc_status repo_throttle_prune(struct store *s, int64_t before, int limit);

/* members' second factor (core/second_factor.h): one row per account */
enum vc_status repo_second_factor_get(struct store *s, int64_t account_id,
                                      struct second_factor *out);
enum vc_status repo_second_factor_put(struct store *s, const struct second_factor *f); /* upsert */
enum vc_status repo_second_factor_delete(struct store *s, int64_t account_id);
/* recovery codes: keyed hashes, spent once */
enum vc_status repo_recovery_code_insert(struct store *s, struct recovery_code *c); /* sets id */
enum vc_status repo_recovery_code_update(struct store *s, const struct recovery_code *c);
/* The account's code with that hash, spent, voided or not. */
enum vc_status repo_recovery_code_by_hash(struct store *s, int64_t account_id, const char *hash,
                                          struct recovery_code *out);
/* Every code of the account not yet voided becomes voided. */
enum vc_status repo_recovery_codes_void(struct store *s, int64_t account_id);
/* How many codes of the account are neither spent nor voided. */
enum vc_status repo_recovery_codes_left(struct store *s, int64_t account_id, int64_t *out);

/* the OpenID Connect provider (core/oidc.h); client_id, a grant's sid and
 * code_hash are unique (CONFLICT) */
enum vc_status repo_oidc_client_insert(struct store *s, struct oidc_client *c); /* sets id */
enum vc_status repo_oidc_client_update(struct store *s, const struct oidc_client *c);
enum vc_status repo_oidc_client_by_client_id(struct store *s, const char *client_id,
                                             struct oidc_client *out);
enum vc_status repo_oidc_client_by_id(struct store *s, int64_t id, struct oidc_client *out);
/* The registered clients (not removed), by name. */
enum vc_status repo_oidc_clients_list(struct store *s, struct oidc_client *out, size_t max,
                                      size_t *out_n);
/* The registered clients with a home URL (the area's cards), by name. */
enum vc_status repo_oidc_services(struct store *s, struct oidc_service *out, size_t max,
                                  size_t *out_n);
/* The account's consents to clients still registered, by client name. */
enum vc_status repo_oidc_consents_of(struct store *s, int64_t account_id,
                                     struct oidc_consent_view *out, size_t max, size_t *out_n);
/* Revokes at `at` every live grant the account gave the client. */
enum vc_status repo_oidc_grants_revoke_of(struct store *s, int64_t account_id, int64_t client,
                                          int64_t at);
enum vc_status repo_oidc_grant_insert(struct store *s, struct oidc_grant *g); /* sets id */
/* code_used_at and revoked_at only. */
enum vc_status repo_oidc_grant_update(struct store *s, const struct oidc_grant *g);
enum vc_status repo_oidc_grant_by_code(struct store *s, const char *code_hash,
                                       struct oidc_grant *out);
enum vc_status repo_oidc_grant_by_sid(struct store *s, const char *sid, struct oidc_grant *out);
enum vc_status repo_oidc_grant_by_id(struct store *s, int64_t id, struct oidc_grant *out);
/* The account's grants whose code was exchanged and that are not revoked,
 * newest first. */
enum vc_status repo_oidc_grants_live(struct store *s, int64_t account_id, struct oidc_grant *out,
                                     size_t max, size_t *out_n);
/* Revokes at `at` every live grant of the client (it was removed). */
enum vc_status repo_oidc_grants_revoke_client(struct store *s, int64_t client, int64_t at);
enum vc_status repo_oidc_refresh_insert(struct store *s, const struct oidc_refresh *r);
enum vc_status repo_oidc_refresh_by_hash(struct store *s, const char *hash,
                                         struct oidc_refresh *out);
enum vc_status repo_oidc_refresh_update(struct store *s,
                                        const struct oidc_refresh *r); /* used_at */
enum vc_status repo_oidc_consent_get(struct store *s, int64_t account_id, int64_t client,
                                     struct oidc_consent *out);
enum vc_status repo_oidc_consent_put(struct store *s, const struct oidc_consent *c); /* upsert */
enum vc_status repo_oidc_consent_delete(struct store *s, int64_t account_id, int64_t client);
/* Records a client assertion's hash until it expires: CONFLICT if it was
 * already seen (a replay). Forgets those expired before now. */
enum vc_status repo_oidc_assertion_seen(struct store *s, const char *hash, int64_t expires_at,
                                        int64_t now);
/* Revokes at `at` every live grant given while acting under the delegation. */
enum vc_status repo_oidc_grants_revoke_acting(struct store *s, int64_t delegation_id, int64_t at);
/* varco's signing keys */
enum vc_status repo_signing_key_insert(struct store *s, const struct signing_key *k);
enum vc_status repo_signing_key_update(struct store *s,
                                       const struct signing_key *k); /* retired_at */
/* Every key, the newest first. */
enum vc_status repo_signing_keys_list(struct store *s, struct signing_key *out, size_t max,
                                      size_t *out_n);

/* delegation (core/delegation.h): firms (tax_id unique: CONFLICT), their
 * operators and invitations, delegations and mandates (one pending or
 * active firm delegation per company: CONFLICT) */
enum vc_status repo_firm_insert(struct store *s, struct firm *f);       /* sets id */
enum vc_status repo_firm_update(struct store *s, const struct firm *f); /* name */
enum vc_status repo_firm_by_id(struct store *s, int64_t id, struct firm *out);
enum vc_status repo_firm_by_tax_id(struct store *s, const char *tax_id, struct firm *out);
enum vc_status repo_firm_member_insert(struct store *s, struct firm_member *m); /* sets id */
/* account_id, role, state, updated_at */
enum vc_status repo_firm_member_update(struct store *s, const struct firm_member *m);
enum vc_status repo_firm_member_by_id(struct store *s, int64_t id, struct firm_member *out);
/* The firm's operators and open invitations (not removed): administrators
 * first, then by id. */
enum vc_status repo_firm_members_of(struct store *s, int64_t firm_id, struct firm_member *out,
                                    size_t max, size_t *out_n);
/* The account's active membership (an account belongs to one firm). */
enum vc_status repo_firm_member_of_account(struct store *s, int64_t account_id,
                                           struct firm_member *out);
/* The open invitation of that email (lower case) to any firm, the newest. */
enum vc_status repo_firm_member_invited(struct store *s, const char *email,
                                        struct firm_member *out);
enum vc_status repo_delegation_insert(struct store *s, struct delegation *d); /* sets id */
/* state, principal_account_id, case_id, decided_*, ended_* */
enum vc_status repo_delegation_update(struct store *s, const struct delegation *d);
enum vc_status repo_delegation_by_id(struct store *s, int64_t id, struct delegation *out);
/* Newest first: a company's delegations (by its registry row), a firm's, a
 * procurator's mandates, and those naming an account as the principal. */
enum vc_status repo_delegations_of_company(struct store *s, int64_t member_id,
                                           struct delegation *out, size_t max, size_t *out_n);
enum vc_status repo_delegations_of_firm(struct store *s, int64_t firm_id, struct delegation *out,
                                        size_t max, size_t *out_n);
enum vc_status repo_delegations_of_agent(struct store *s, int64_t account_id,
                                         struct delegation *out, size_t max, size_t *out_n);
enum vc_status repo_delegations_of_principal(struct store *s, int64_t account_id,
                                             struct delegation *out, size_t max, size_t *out_n);
/* Mandates naming that codice fiscale (normalised) whose principal has no
 * account yet: they get principal_account_id once the person registers. */
enum vc_status repo_delegations_link_principal(struct store *s, const char *cf_norm,
                                               int64_t account_id);

#endif
