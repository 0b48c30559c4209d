/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* Delegation (DESIGN.md "Around the journeys"; seed 001 "Servizio delega",
 * seed 003's procurators): who may act for whom, and the record of it.
 *
 * - A company is a registry row of a principal firm or a capital-company
 *   agent with a partita IVA; its registry row names its legal
 *   representative by codice fiscale, and the account registered with it
 *   (the member's journey) acts for the company by right: it delegates,
 *   revokes, and reads in its history what the firm's operators did.
 * - A firm (studio professionale) is created by its first operator (the
 *   profile's firm operator's journey: the firm's tax id at registration)
 *   or by the first delegation to it; its first operator administers it
 *   and invites colleagues by email. An operator acts once their own
 *   journey is over (full level).
 * - One pending or active delegation per company at a time. States and
 *   moves are in core/types.h (struct delegation); every move is audited
 *   and both sides are told by mail.
 * - A procurator (INPS) holds a mandate for a person: a pending delegation
 *   of kind mandate with a case the back office checks (core/steps/
 *   mandate.c); checked, it lets the procurator request a PIN for the
 *   person (the halves go to the person, never to the procurator) and act
 *   for them.
 * - Acting: a member session acts under at most one delegation at a time
 *   (sessions.acting_for). acting_check is read at every request, so an
 *   ended delegation, a removed operator or a suspended account stops the
 *   acting at the next request on every node. What is done while acting is
 *   audited with the agent as actor and the principal as on_behalf_of and
 *   as the account concerned (the principal's history), the agent's and the
 *   firm's names in the detail; the agent's own history lists it too (the
 *   audit is read by actor as well). */
#ifndef VARCO_CORE_DELEGATION_H
#define VARCO_CORE_DELEGATION_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/env.h"
#include "core/form.h"
#include "core/registration.h"
#include "core/types.h"
#include "util/status.h"

#define PERSON_NAME_MAX (2 * NAME_MAX_LEN + 1) /* "Given Family" */
#define DELEGATIONS_MAX 50                     /* what a page lists */
#define FIRM_MEMBERS_MAX 50

/* ---- companies ---- */

/* The company the account represents: VC_OK with its registry row when the
 * account is active and through its journey and its registry row is a
 * principal firm or a capital-company agent with a partita IVA; else
 * VC_ERR_NOT_FOUND. */
enum vc_status company_of(const struct vc_env *env, int64_t account_id, struct member *out);

/* ---- firms ---- */

/* The firm the account is an operator of (NOT_FOUND: none); me may be NULL. */
enum vc_status firm_of(const struct vc_env *env, int64_t account_id, struct firm *out,
                       struct firm_member *me);

/* Registration through the firm operator's journey, before the account
 * exists: VC_ERR_INVALID with errs on field when the tax id is not valid,
 * or when the firm is registered and has no open invitation for email
 * ("error.firm.not_invited": its administrator invites colleagues); on
 * name_field when the firm is new (or still unnamed) and firm_name is
 * empty, too long or not text. */
enum vc_status firm_join_check(const struct vc_env *env, const char *typed_tax_id,
                               const char *firm_name, const char *email, const char *field,
                               const char *name_field, struct form_errors *errs);

/* Once the account a exists: creates the firm with its name (the account
 * its administrator), or turns the open invitation of a's username into
 * membership (an invitation that came with a delegation makes its
 * administrator). Audited. */
enum vc_status firm_join(const struct vc_env *env, const struct account *a,
                         const char *typed_tax_id, const char *firm_name);

/* An administrator of the firm invites a colleague by email (mail
 * "firm_invitation": the firm's name and tax id and the registration
 * link). VC_ERR_INVALID (errs on "email") for an address that is not one, a
 * PEC, or one already invited or operating; VC_ERR_DENIED when the account
 * does not administer a firm. Audited. */
enum vc_status firm_invite(const struct vc_env *env, int64_t admin_account_id, const char *email,
                           struct form_errors *errs);

/* An administrator removes an operator or an invitation of their firm (not
 * themselves: VC_ERR_DENIED; another firm's: VC_ERR_NOT_FOUND). The
 * operator's acting stops at their next request. Audited. */
enum vc_status firm_remove(const struct vc_env *env, int64_t admin_account_id, int64_t member_id);

/* The firm's operators and invitations as its page shows them. */
struct firm_member_view {
    struct firm_member m;
    char name[PERSON_NAME_MAX + 1]; /* the operator's names; "" for an invitation */
    bool ready;                     /* the operator's journey is over: they may act */
};
enum vc_status firm_members(const struct vc_env *env, int64_t firm_id, struct firm_member_view *out,
                            size_t max, size_t *out_n);

/* ---- delegations: a company delegates a firm ---- */

/* The company's representative delegates the firm of that tax id, told at
 * email. A registered firm gets mail "delegation_received" (to email and
 * its administrators); an unregistered one is created and gets
 * "delegation_invitation" (register as its first operator with that
 * email). VC_ERR_INVALID with errs on "tax_id" or "email" (bad values, the
 * company's own tax id); VC_ERR_CONFLICT with errs on "" when a delegation
 * is pending or active ("error.delegation.one_at_a_time"); VC_ERR_DENIED
 * when the account represents no company. Audited. */
enum vc_status delegation_create(const struct vc_env *env, int64_t company_account_id,
                                 const char *typed_tax_id, const char *typed_email,
                                 struct form_errors *errs, int64_t *out_id);

/* The firm's administrator accepts or refuses a pending delegation to
 * their firm; the company is told. VC_ERR_NOT_FOUND when it is not their
 * firm's; VC_ERR_DENIED when not pending or they do not administer it. */
enum vc_status delegation_accept(const struct vc_env *env, int64_t firm_account_id, int64_t id);
enum vc_status delegation_refuse(const struct vc_env *env, int64_t firm_account_id, int64_t id);

/* The company revokes a pending or active delegation; the firm renounces
 * an active one (an administrator). The other side is told; live
 * application logins made under it end; acting under it stops at the next
 * request. */
enum vc_status delegation_revoke(const struct vc_env *env, int64_t company_account_id, int64_t id);
enum vc_status delegation_renounce(const struct vc_env *env, int64_t firm_account_id, int64_t id);

/* A delegation as a page lists it, with the other side's names. */
struct delegation_view {
    struct delegation d;
    char firm_name[FIRM_NAME_MAX + 1]; /* "" while the firm has not registered */
    char firm_tax_id[TAX_ID_MAX + 1];
    char agent_name[PERSON_NAME_MAX + 1]; /* mandate: the procurator */
};
/* The company's (its representative's account), newest first. */
enum vc_status delegations_of_company(const struct vc_env *env, int64_t company_account_id,
                                      struct delegation_view *out, size_t max, size_t *out_n);
/* The delegations to the account's firm, newest first. */
enum vc_status delegations_of_firm(const struct vc_env *env, int64_t firm_account_id,
                                   struct delegation_view *out, size_t max, size_t *out_n);

/* ---- mandates: a procurator for a person (INPS) ---- */

/* The procurator's mandate for the person of that codice fiscale and
 * names, with its document (the caller stored the bytes: doc's blob,
 * sha256, mime, size): a pending delegation and a case of kind "mandate"
 * in the back office's queue. VC_ERR_INVALID with errs on "codice_fiscale",
 * "given_name", "family_name" (their own codice fiscale included);
 * VC_ERR_CONFLICT (errs on "codice_fiscale") when a mandate for that person
 * is pending or active. Audited. */
enum vc_status mandate_submit(const struct vc_env *env, int64_t procurator_account_id,
                              const char *typed_cf, const char *given_name, const char *family_name,
                              const struct case_document *doc, struct form_errors *errs,
                              int64_t *out_id);

/* The back office decided the mandate's case (core/steps/mandate.c):
 * accepted, the mandate is active; rejected, refused with the case's
 * reasons. The procurator is told. */
enum vc_status mandate_decided(const struct vc_env *env, const struct id_case *c);

/* The person named by a mandate revokes it, or the procurator renounces
 * it (pending or active); the other side is told ("mandate_revoked",
 * "mandate_renounced"), application logins made under it end, and acting
 * under it stops at the next request. VC_ERR_NOT_FOUND when the mandate is
 * not theirs; VC_ERR_DENIED when it is over already. Audited. */
enum vc_status mandate_revoke(const struct vc_env *env, int64_t person_account_id, int64_t id);
enum vc_status mandate_renounce(const struct vc_env *env, int64_t procurator_account_id,
                                int64_t id);

/* The mandates naming the account's person, newest first. */
enum vc_status mandates_on(const struct vc_env *env, int64_t person_account_id,
                           struct delegation_view *out, size_t max, size_t *out_n);

/* The procurator's mandates, newest first. */
enum vc_status mandates_of(const struct vc_env *env, int64_t procurator_account_id,
                           struct delegation_view *out, size_t max, size_t *out_n);

/* The procurator's checked (active) mandate for that codice fiscale:
 * VC_OK, or VC_ERR_DENIED when there is none -- a family member, a mandate
 * under check, rejected or revoked. */
enum vc_status mandate_for(const struct vc_env *env, int64_t procurator_account_id, const char *cf,
                           struct delegation *out);

/* The procurator requests a PIN for the person of an active mandate: the
 * person's account is registered with the data of f (the journey's form;
 * its codice fiscale must be the mandate's) and the journey sends the
 * halves to the person's own email and address. VC_ERR_DENIED without a
 * checked mandate; else as account_register. Audited with the procurator
 * on behalf of the person. */
enum vc_status mandate_request_pin(const struct vc_env *env, int64_t procurator_account_id,
                                   const struct register_form *f, struct form_errors *errs,
                                   int64_t *out_account_id);

/* ---- acting for someone ---- */

struct acting {
    struct delegation d;
    int64_t principal_account_id;
    char principal_name[FIRM_NAME_MAX + 1]; /* the company, or the person */
    char principal_tax_id[TAX_ID_MAX + 1];  /* partita IVA, or codice fiscale */
    char firm_name[FIRM_NAME_MAX + 1];      /* the agent's firm; "" for a mandate */
    int64_t agent_account_id;               /* the operator or procurator */
    char agent_name[PERSON_NAME_MAX + 1];
};

/* Whom the account may act for now (active delegations to its firm, its
 * checked mandates whose person has an account), at most max. */
enum vc_status acting_options(const struct vc_env *env, int64_t account_id, struct acting *out,
                              size_t max, size_t *out_n);

/* Whether the account may act under that delegation now (reads only):
 * VC_OK fills out; VC_ERR_DENIED when the delegation ended, the account is
 * no longer an operator of the firm or not through its journey, or the
 * principal's account is suspended or gone. */
enum vc_status acting_check(const struct vc_env *env, int64_t account_id, int64_t delegation_id,
                            struct acting *out);

/* acting_check, then audited on both sides ("acting.start" / "acting.end");
 * the caller sets the session's acting_for (core/session.h). */
enum vc_status acting_start(const struct vc_env *env, int64_t account_id, int64_t delegation_id,
                            struct acting *out);
enum vc_status acting_end(const struct vc_env *env, int64_t account_id, const struct acting *a);

/* Records what the agent did while acting: actor the agent, on behalf of
 * and concerning the principal; detail says who ("Mario Rossi, Studio
 * Bianchi") and what (detail, may be NULL). */
enum vc_status acting_audit(const struct vc_env *env, const struct acting *a, const char *action,
                            const char *object, const char *detail);

#endif
