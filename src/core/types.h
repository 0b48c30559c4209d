/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* The value types of the product: rows as plain structs with fixed buffers,
 * so they can be copied, kept on the stack and compared without ownership
 * rules. Shared by core, store, render and the handlers. No behaviour here
 * beyond enum <-> name conversions (types.c). */
#ifndef VARCO_CORE_TYPES_H
#define VARCO_CORE_TYPES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define CF_LEN 16
#define MATRICOLA_MAX 16
#define EMAIL_MAX 254
#define NAME_MAX_LEN 64
#define HASH_HEX 65 /* 64 hex + NUL */
#define STEP_NAME_MAX 24

/* Registrant categories (seed 000) plus the firms of the delegation service
 * (seed 001). Stored by name (member_category_name). */
enum member_category {
    MEMBER_AGENT_INDIVIDUAL,  /* "agent_individual": agente in forma individuale */
    MEMBER_AGENT_PARTNER,     /* "agent_partner": socio di Sas/Snc */
    MEMBER_AGENT_COMPANY,     /* "agent_company": società di capitali SpA/Srl */
    MEMBER_RETIRED,           /* "retired": agente in pensione */
    MEMBER_SURVIVOR,          /* "survivor": pensionato di reversibilità */
    MEMBER_PRINCIPAL_FIRM,    /* "principal_firm": azienda mandante */
    MEMBER_PROFESSIONAL_FIRM, /* "professional_firm": studio professionale */
};
#define MEMBER_CATEGORY_COUNT 7

struct member {
    int64_t id;
    char matricola[MATRICOLA_MAX + 1];
    char codice_fiscale[CF_LEN + 1]; /* upper case, as in the registry */
    enum member_category category;
    char given_name[NAME_MAX_LEN + 1];
    char family_name[NAME_MAX_LEN + 1];
    char birth_date[11]; /* YYYY-MM-DD */
    char birth_place[NAME_MAX_LEN + 1];
    char address[129]; /* street and number of the residence */
    char postcode[6];  /* CAP */
    char city[NAME_MAX_LEN + 1];
    char province[3]; /* sigla, e.g. "RM" */
    char mobile[21];
    char company_name[129]; /* for SpA/Srl and firms, else "" */
    char partita_iva[12];   /* "" when none */
    int64_t updated_at;
};

/* A recognition office of a partner network, where people are identified in
 * person (issue 12; validated by core/offices.h, imported by `varco offices
 * import`). The code is the stable key across imports. */
#define OFFICE_CODE_MAX 24
#define OFFICE_NETWORK_MAX 32
#define OFFICE_NAME_MAX 128
#define OFFICE_HOURS_MAX 256
struct office {
    char code[OFFICE_CODE_MAX + 1];       /* "CNA-RM-001": A-Z, 0-9 and inner '-' */
    char network[OFFICE_NETWORK_MAX + 1]; /* "CNA", "CAF", "UNAPPA", "Scuole" */
    char name[OFFICE_NAME_MAX + 1];
    char address[129]; /* street and number */
    char postcode[6];  /* CAP */
    char city[NAME_MAX_LEN + 1];
    char province[3];                 /* sigla, upper case: "RM" */
    bool has_position;                /* false: listed, but not on the map */
    double latitude;                  /* degrees north, -90..90 (WGS 84); 0 when !has_position */
    double longitude;                 /* degrees east, -180..180; 0 when !has_position */
    char phone[21];                   /* digits, spaces, a leading '+'; "" when none */
    char email[EMAIL_MAX + 1];        /* lower case; the office is notified here */
    char hours[OFFICE_HOURS_MAX + 1]; /* opening hours as free text; "" */
    int64_t updated_at;
};

/* What repo_offices_list selects. Every comparison ignores the case of ASCII
 * letters (so "roma" finds "Roma", but "FORLÌ" does not find "Forlì"). */
#define OFFICE_FILTER_NETWORKS_MAX 12 /* the chooser's on/off switches */
struct office_filter {
    size_t n_networks; /* 0: every network */
    char networks[OFFICE_FILTER_NETWORKS_MAX][OFFICE_NETWORK_MAX + 1];
    char province[3];            /* "" for any */
    char city[NAME_MAX_LEN + 1]; /* "" for any */
};

/* The person behind an account (core/person.h). */
struct person {
    int64_t id;
    int64_t account_id;
    char given_name[NAME_MAX_LEN + 1];
    char family_name[NAME_MAX_LEN + 1];
    char sex[2];         /* "M", "F"; "" when unknown */
    char birth_date[11]; /* YYYY-MM-DD; "" when unknown */
    char birth_place[NAME_MAX_LEN + 1];
    char birth_place_code[5]; /* cadastral (Belfiore) code: "F205", "Z404"; "" */
    char codice_fiscale[CF_LEN + 1];
    char address[129]; /* residence: street and number */
    char postcode[6];
    char city[NAME_MAX_LEN + 1];
    char province[3];
    char mobile[21];        /* E.164 ("+393331234567") or "" */
    char company_name[129]; /* from the registry, for letters; "" */
    char source[12];        /* "registry", "form", "legacy" */
    int64_t updated_at;
};

enum account_state { ACCOUNT_PENDING, ACCOUNT_ACTIVE, ACCOUNT_SUSPENDED, ACCOUNT_DISABLED };

/* What an account logs in with (DESIGN.md "Credentials have kinds"); stored
 * by name (credential_kind_name). */
enum credential_kind {
    CREDENTIAL_PASSWORD, /* "password": chosen by the person */
    CREDENTIAL_PIN,      /* "pin": issued in two halves, then replaced by a personal one */
};
enum account_level { LEVEL_LIMITED, LEVEL_FULL, LEVEL_FULL_2FA };

struct account {
    int64_t id;
    char username[EMAIL_MAX + 1]; /* the personal email, lower case */
    char password_hash[128];      /* argon2id string */
    enum account_state state;
    enum account_level level;
    char profile[32];                /* profile name at registration */
    char journey[24];                /* the profile's journey it follows: "member" */
    enum credential_kind credential; /* what it logs in with */
    int64_t member_id;               /* 0 when the profile has no registry */
    char cf_norm[CF_LEN + 1];        /* omocodia-normalised: one account per person */
    char step[STEP_NAME_MAX + 1];    /* current journey step; "" when finished */
    bool email_confirmed;
    bool must_change_password; /* a legacy password that fails today's policy */
    char lang[3];              /* "it" or "en": language of mail and letters */
    int64_t created_at;
    int64_t updated_at;
};

enum step_status { STEP_PENDING, STEP_ACTIVE, STEP_DONE };

struct journey_step {
    int64_t account_id;
    char step[STEP_NAME_MAX + 1];
    enum step_status status;
    int64_t started_at; /* 0 while pending */
    int64_t done_at;    /* 0 until done */
};

/* What a secret is for. Every secret a person types is stored only as a
 * keyed hash (crypto/token.h) with expiry and attempts. */
enum code_purpose {
    CODE_EMAIL_CONFIRM,  /* "email_confirm": link in the confirmation mail */
    CODE_ACTIVATION,     /* "activation": the postal activation code */
    CODE_PASSWORD_RESET, /* "password_reset": link in the recovery mail (30 minutes) */
    CODE_EMAIL_CHANGE,   /* "email_change": link to a new address (24 h); data: the address */
    CODE_PIN,            /* "pin": an issued PIN (two halves), until the person sets their own */
    CODE_CONTRACT_OTP,   /* "contract_otp": the SMS code that signs a contract; data: its hash */
    CODE_ENROL_OTP,      /* "enrol_otp": the SMS code that confirms an app's enrolment */
    CODE_RESET_OTP,      /* "reset_otp": the SMS code beside a reset link; data: the link's hash */
};

struct code {
    int64_t id;
    int64_t account_id;
    enum code_purpose purpose;
    char hash[HASH_HEX];
    int64_t created_at;
    int64_t expires_at;
    int64_t used_at; /* 0 while unused */
    bool voided;     /* attempts exhausted or superseded */
    int attempts_left;
    char data[EMAIL_MAX + 1]; /* what the link carries (a new address), "" */
};

/* A personal code (seed 004, Istanze online): a second secret beside the
 * password, that confirms operations. Issued temporary (random, mailed,
 * stored as a keyed hash: crypto/token.h), then replaced by one the person
 * chooses (argon2id: crypto/password.h). Rows are never deleted: a row is
 * superseded by a newer one (voided) or spent by its attempts. */
struct personal_code {
    int64_t id;
    int64_t account_id;
    char hash[128];    /* temporary: keyed hash, hex; chosen: argon2id string */
    bool is_temporary; /* issued by varco, to be replaced */
    int attempts_left; /* wrong codes it may still take; 0 with voided */
    bool voided;       /* superseded, replaced or out of attempts */
    int64_t created_at;
    int64_t confirmed_at; /* temporary: first typed right (it proved the mailbox); 0 */
};

enum case_status {
    CASE_AWAITING, /* "awaiting": form generated, nothing received yet */
    CASE_RECEIVED, /* "received": a document is waiting for an operator */
    CASE_ACCEPTED, /* "accepted" */
    CASE_REJECTED, /* "rejected": reasons given, the person may send again */
};
enum case_channel { CHANNEL_NONE, CHANNEL_UPLOAD, CHANNEL_EMAIL, CHANNEL_FAX, CHANNEL_DESK };

/* Where a person stands in the in-person recognition (core/steps/in_person.h). */
enum in_person_status {
    IN_PERSON_CHOSEN,    /* "chosen": an office chosen; it will call for an appointment */
    IN_PERSON_SCHEDULED, /* "scheduled": an appointment is set */
    IN_PERSON_RECORDED,  /* "recorded": the desk recorded the documents; the back office checks */
    IN_PERSON_ACCEPTED,  /* "accepted" */
    IN_PERSON_REJECTED,  /* "rejected": reasons given; the person may ask again */
};

#define IN_PERSON_DOC_NUMBER_MAX 20
#define IN_PERSON_ISSUER_MAX 80
#define HEALTH_CARD_LEN 20 /* the tessera sanitaria's identification number */

/* One person's recognition at an office: the office, the appointment and
 * what the desk recorded. One per account; the case it opens is an id_case
 * of step "in_person". */
struct in_person {
    int64_t account_id;
    char office_code[OFFICE_CODE_MAX + 1];
    enum in_person_status status;
    int64_t chosen_at;
    int64_t appt_at;   /* the appointment's start, UTC; 0 none */
    int appt_minutes;  /* its length */
    int appt_no;       /* 1, 2 ...: a new appointment, a new invitation UID */
    int appt_seq;      /* the invitation's SEQUENCE: 0, +1 at every move or cancel */
    char doc_type[24]; /* "carta_identita", "passaporto", "patente" */
    char doc_number[IN_PERSON_DOC_NUMBER_MAX + 1];
    char doc_issuer[IN_PERSON_ISSUER_MAX + 1];
    char doc_expiry[11]; /* YYYY-MM-DD */
    char health_card[HEALTH_CARD_LEN + 1];
    int64_t recorded_at;
    int64_t recorded_by; /* the desk operator */
    int64_t case_id;     /* 0 until recorded */
    char reasons[513];   /* the back office's, when rejected */
    int64_t updated_at;
};

/* The identification case of one account (one per account and step). */
struct id_case {
    int64_t id;
    char number[24]; /* printed on the form: "ID-2026-000042" */
    int64_t account_id;
    char step[STEP_NAME_MAX + 1]; /* "id_form" */
    enum case_status status;
    enum case_channel channel; /* of the latest document */
    int64_t created_at;
    int64_t received_at; /* latest document; 0 if none */
    int64_t due_at;      /* received_at + 48 h; 0 if none */
    int64_t decided_at;
    int64_t operator_id;   /* who decided; 0 */
    char reasons[513];     /* rejection reasons as typed by the operator */
    int64_t delegation_id; /* a mandate's check: the delegation it decides; else 0 */
};

/* A fact a case's page shows beyond its documents (what a desk recorded):
 * a catalogue key for its label, and its value as text. */
struct case_fact {
    const char *key; /* "case.fact.doc_number" */
    char value[160];
    bool is_label; /* value is a catalogue key too ("doc.type.passaporto") */
    bool is_date;  /* value is an ISO date (YYYY-MM-DD), shown as people read dates */
};

/* A contract signed with an SMS code (core/steps/contract_otp.h). */
enum contract_status {
    CONTRACT_PENDING, /* "pending": a code was sent for this document */
    CONTRACT_SIGNED,  /* "signed": the code was right; the sealed PDF is kept */
};
struct contract {
    int64_t account_id;
    enum contract_status status;
    char clauses[128]; /* the clauses accepted, comma-separated ids */
    char pdf_blob[HASH_HEX];
    char pdf_sha256[HASH_HEX];
    char mobile[21]; /* E.164 */
    int codes_sent;
    int64_t last_code_at;
    char sealed_blob[HASH_HEX];
    char sealed_sha256[HASH_HEX];
    int64_t sealed_size;
    int64_t signed_at;
    char signed_ip[64];
    int64_t updated_at;
};

/* One received document of a case; the bytes live encrypted in the blob store
 * under blob (hex id), never in the database. */
struct case_document {
    int64_t id;
    int64_t case_id;
    enum case_channel channel;
    char blob[HASH_HEX];   /* blob id (random hex) */
    char sha256[HASH_HEX]; /* of the plaintext */
    char mime[32];         /* sniffed: application/pdf, image/jpeg, image/png */
    int64_t size;
    int64_t received_at;
    int64_t recorded_by; /* operator id for email/fax receipts, else 0 */
};

/* One audit event. hash = SHA-256 over prev_hash and the canonical fields
 * (core/audit.c says which, in which order). */
struct audit_event {
    int64_t seq; /* 1, 2, 3 ... assigned by core/audit.c */
    int64_t at;
    char actor[64];        /* "account:12", "operator:3", "admin", "system", "anonymous" */
    char on_behalf_of[64]; /* "" or "account:7" (delegation) */
    char action[48];       /* "account.register", "login.fail", "case.accept" ... */
    char object[64];       /* "account:12", "case:5", "" */
    int64_t account_id;    /* the person this event concerns (I miei accessi), 0 */
    char ip[46];
    char request_id[33];
    char detail[256];         /* short free text, never a secret */
    char prev_hash[HASH_HEX]; /* 64 zeros for the first event */
    char hash[HASH_HEX];
};

/* The channels (notify/channels.c renders and delivers each). */
/* OUTBOX_BACKCHANNEL: an OpenID Connect back-channel logout to a client (core/oidc.h). */
enum outbox_channel {
    OUTBOX_MAIL,
    OUTBOX_SMS,
    OUTBOX_LETTER,
    OUTBOX_REGISTERED_LETTER,
    OUTBOX_BACKCHANNEL
};
enum outbox_status { OUTBOX_PENDING, OUTBOX_DELIVERED, OUTBOX_STUCK };
#define OUTBOX_PAYLOAD_MAX 4096

/* A message to deliver. payload is a JSON object with what the template
 * needs; secrets in it (links, codes) are wiped to "[sent]" on delivery. */
struct outbox_msg {
    int64_t id;
    enum outbox_channel channel;
    char recipient[EMAIL_MAX + 1]; /* email address, phone, or "" for letters */
    char template_name[48];        /* "confirm_email", "activation_letter" ... */
    char lang[3];
    char payload[OUTBOX_PAYLOAD_MAX];
    enum outbox_status status;
    int attempts;
    int64_t created_at;
    int64_t next_attempt_at;
    int64_t delivered_at;
    char idempotency_key[HASH_HEX]; /* unique; also the delivered file's name */
    char last_error[256];
    int64_t account_id; /* whom it concerns, 0 */
};

/* A letter sent by post, tracked (DESIGN.md: letters are queued, printed,
 * delivered, or returned undeliverable -- an operator records the last
 * two). The address is a copy of the one it went to. */
enum letter_status { LETTER_QUEUED, LETTER_PRINTED, LETTER_DELIVERED, LETTER_RETURNED };
struct letter {
    int64_t id;
    int64_t account_id;
    int64_t outbox_id;
    char kind[24];     /* the message template: "activation_letter", "pin_letter" */
    bool registered;   /* raccomandata A/R: a tracking number and a return receipt */
    char tracking[24]; /* "RA123456789IT"-like number printed on it; "" */
    char address[260]; /* "Via Roma 1, 00100 Roma RM" as it went */
    enum letter_status status;
    int64_t queued_at;
    int64_t status_at;
    int64_t operator_id; /* who recorded delivery or return; 0 */
};

/* Delegation (core/delegation.h, seed 001 "Servizio delega", seed 003's
 * procurators). A firm is a professional firm (studio professionale): its
 * tax id is an 11-digit codice fiscale / partita IVA, or a professional's
 * own 16-character codice fiscale. */
#define TAX_ID_MAX 16
#define FIRM_NAME_MAX 128
struct firm {
    int64_t id;
    char tax_id[TAX_ID_MAX + 1]; /* normalised: digits, or the codice fiscale upper case */
    char name[FIRM_NAME_MAX + 1];
    int64_t created_at;
};

/* An operator of a firm, or an invitation to become one. */
enum firm_role { FIRM_ADMIN, FIRM_OPERATOR };
enum firm_member_state {
    FIRM_MEMBER_INVITED, /* "invited": an email was invited; account_id 0 until it registers */
    FIRM_MEMBER_ACTIVE,  /* "active": an account of the firm (it acts once its journey is over) */
    FIRM_MEMBER_REMOVED, /* "removed": by an administrator of the firm */
};
struct firm_member {
    int64_t id;
    int64_t firm_id;
    int64_t account_id; /* 0 while invited */
    char email[EMAIL_MAX + 1];
    enum firm_role role;
    enum firm_member_state state;
    int64_t invited_by; /* the account that invited; 0 for the firm's first operator */
    int64_t created_at;
    int64_t updated_at;
};

/* A company's delegation to a firm (kind firm), or a procurator's mandate
 * for a person (kind mandate): who may act for whom.
 *
 *   firm:    PENDING ─accept─▶ ACTIVE ─revoke (company) / renounce (firm)─▶ ENDED
 *               └─refuse─▶ REFUSED   └─ (pending too may be revoked)
 *   mandate: PENDING (the back office checks it) ─accept─▶ ACTIVE ─revoke─▶ REVOKED
 *               └─reject─▶ REFUSED */
enum delegation_kind { DELEGATION_FIRM, DELEGATION_MANDATE };
enum delegation_state {
    DELEGATION_PENDING,
    DELEGATION_ACTIVE,
    DELEGATION_REFUSED,   /* by the firm; a mandate by the back office */
    DELEGATION_REVOKED,   /* by the company (or the person, for a mandate) */
    DELEGATION_RENOUNCED, /* by the firm (or the procurator) */
};
struct delegation {
    int64_t id;
    enum delegation_kind kind;
    enum delegation_state state;
    int64_t principal_account_id; /* firm: the company's representative's account; mandate: the
                                     person's account, 0 until there is one */
    int64_t company_member_id;    /* firm: the company's registry row; else 0 */
    char principal_tax_id[TAX_ID_MAX + 1];  /* the company's partita IVA; the person's codice
                                               fiscale, normalised (omocodia) */
    char principal_name[FIRM_NAME_MAX + 1]; /* the company's name; the person's names */
    int64_t firm_id;                        /* firm: the delegated firm; else 0 */
    int64_t agent_account_id;               /* mandate: the procurator; else 0 */
    char email[EMAIL_MAX + 1];              /* firm: where the company told the firm */
    int64_t case_id;                        /* mandate: the back office's check; else 0 */
    int64_t created_at;
    int64_t created_by; /* account */
    int64_t decided_at;
    int64_t decided_by; /* account (firm's administrator) or operator (mandate) */
    int64_t ended_at;
    int64_t ended_by; /* account */
};

/* SESSION_LEGACY: an old account that logged in and is on the welcome page
 * (principal: the legacy_accounts row). */
/* SESSION_SECOND_FACTOR: a member past the password whose second factor is
 * still to be given (core/second_factor.h); it opens no page but that one. */
enum session_kind { SESSION_MEMBER, SESSION_OPERATOR, SESSION_LEGACY, SESSION_SECOND_FACTOR };

struct session {
    char id_hash[HASH_HEX]; /* keyed hash of the cookie value */
    enum session_kind kind;
    int64_t principal_id;     /* account id or operator id */
    enum account_level level; /* member: level at creation */
    bool mfa_done;            /* operator: TOTP verified in this session */
    char amr[24];             /* member: how the person authenticated, RFC 8176-like words joined by
                                 spaces ("pwd", "pwd otp", "pwd rc": a recovery code); "" before 013 */
    int64_t created_at;
    int64_t last_seen_at;
    char ip[46];
    char user_agent[128];
    int64_t acting_for; /* member: the delegation the person acts under now; 0 for themselves */
};

/* An account of the old system (core/legacy.h). */
enum legacy_state { LEGACY_ACTIVE, LEGACY_MIGRATED, LEGACY_DISABLED };
struct legacy_account {
    int64_t id;
    char username[EMAIL_MAX + 1]; /* the old username, lower case */
    char cf_norm[CF_LEN + 1];
    int64_t member_id;
    char password_hash[257];   /* crypt(3) or pbkdf2_sha256; argon2id after the first login */
    char email[EMAIL_MAX + 1]; /* "" if unknown */
    enum legacy_state state;
    bool weak_password; /* the old password fails today's policy */
    int64_t account_id; /* the new account, once migrated */
    int64_t imported_at;
    int64_t migrated_at;
};

/* Failures counted against one throttle key (core/throttle.h). */
struct throttle_row {
    char key[HASH_HEX]; /* keyed hash of "kind|subject" or "address|ip" */
    int64_t window_start;
    int failures;
    int64_t next_at; /* no attempt before this time */
    bool notified;   /* the owner was mailed in this window */
};

/* What an operator does: the back office (identification cases), the desk of
 * one office (in-person recognition of the people who chose it), or the
 * administrator (the back office and the outbox). */
enum operator_role { OPERATOR_BACKOFFICE, OPERATOR_DESK, OPERATOR_ADMIN };

struct operator_account {
    int64_t id;
    char username[65];
    char display_name[129];
    char password_hash[128];
    char totp_secret[128]; /* sealed (core/operator.c: "s1:" + hex); "" until enrolment starts */
    bool totp_enrolled;
    int64_t totp_last_step; /* last accepted TOTP step (no replay) */
    enum operator_role role;
    char office_code[OFFICE_CODE_MAX + 1]; /* the desk's office; "" for other roles */
    bool disabled;
    bool must_change_password; /* set by an administrator: changed at the next login */
    int64_t created_at;
};

/* A member's authenticator app (core/second_factor.h): one row per account.
 * Keys are sealed at rest like operators' (core/totp_factor.h). */
#define TOTP_SEALED_MAX 128
struct second_factor {
    int64_t account_id;
    char secret[TOTP_SEALED_MAX];  /* the enrolled key, sealed; "" when none */
    int64_t last_step;             /* last accepted TOTP step of that key (no replay) */
    int64_t enrolled_at;           /* 0 when none is enrolled */
    char pending[TOTP_SEALED_MAX]; /* a key shown, not yet confirmed by a code; "" */
    int64_t pending_at;            /* when it was made; 0 */
    int64_t updated_at;
};

/* One single-use recovery code of a member's second factor: only its keyed
 * hash (crypto/token.h). Spent (used_at) or voided by a new set. */
struct recovery_code {
    int64_t id;
    int64_t account_id;
    char hash[HASH_HEX];
    int64_t created_at;
    int64_t used_at; /* 0 while unused */
    bool voided;     /* a newer set replaced it, or the factor was removed */
};

/* The OpenID Connect provider's rows (core/oidc.h, migration 015). */
#define OIDC_CLIENT_ID_MAX 64
#define OIDC_URI_MAX 512
#define OIDC_URIS_MAX 2048 /* a client's redirect URIs, one a line */
#define OIDC_SCOPE_MAX 256
#define OIDC_NONCE_MAX 256
#define OIDC_JWKS_MAX 4096
#define OIDC_SID_LEN 43 /* base64url of 32 random bytes */
enum oidc_auth_method { OIDC_AUTH_SECRET, OIDC_AUTH_PRIVATE_KEY_JWT };
/* An application of the institution that logs people in through varco. */
struct oidc_client {
    int64_t id;
    char client_id[OIDC_CLIENT_ID_MAX + 1];
    char name[129];
    char secret_hash[HASH_HEX]; /* keyed hash of the secret (OIDC_AUTH_SECRET); "" */
    enum oidc_auth_method auth_method;
    char jwks[OIDC_JWKS_MAX];             /* its public keys (OIDC_AUTH_PRIVATE_KEY_JWT); "" */
    char redirect_uris[OIDC_URIS_MAX];    /* exact URIs, one a line */
    char post_logout_uris[OIDC_URIS_MAX]; /* one a line; "" */
    char backchannel_uri[OIDC_URI_MAX + 1];
    char home_url[OIDC_URI_MAX + 1]; /* shown as a card in the area; "" */
    bool first_party;                /* no consent page */
    char id_token_alg[8];            /* "ES256" or "RS256" */
    bool pairwise;                   /* sub differs per client */
    int64_t created_at;
    int64_t removed_at; /* 0 while registered */
};
/* One authorization a person gave a client: the code while it lives, then
 * the family of refresh tokens made from it; revoking it ends them all. */
struct oidc_grant {
    int64_t id;
    int64_t client; /* oidc_clients.id */
    int64_t account_id;
    char session_hash[HASH_HEX]; /* the varco session it was given in (a record) */
    char sid[OIDC_SID_LEN + 1];  /* published to the client as "sid" */
    char scope[OIDC_SCOPE_MAX + 1];
    char nonce[OIDC_NONCE_MAX + 1];
    char acr[48];
    char amr[24];
    int64_t auth_time;
    char code_hash[HASH_HEX];
    char redirect_uri[OIDC_URI_MAX + 1];
    char code_challenge[44]; /* S256, base64url */
    int64_t code_expires_at;
    int64_t code_used_at; /* 0 until exchanged */
    int64_t created_at;
    int64_t revoked_at; /* 0 while live */
    int64_t acting_for; /* the delegation the person logged in under (core/delegation.h); 0 */
};
struct oidc_refresh {
    char hash[HASH_HEX];
    int64_t grant_id;
    int64_t created_at;
    int64_t expires_at;
    int64_t used_at; /* 0 until rotated */
};
struct oidc_consent {
    int64_t account_id;
    int64_t client;
    char scope[OIDC_SCOPE_MAX + 1];
    int64_t granted_at;
};
/* What the area shows of a client: a card to the service, a consent. */
struct oidc_service {
    char client_id[OIDC_CLIENT_ID_MAX + 1];
    char name[129];
    char home_url[OIDC_URI_MAX + 1];
};
struct oidc_consent_view {
    char client_id[OIDC_CLIENT_ID_MAX + 1];
    char client_name[129];
    char scope[OIDC_SCOPE_MAX + 1];
    int64_t granted_at;
};
/* One of varco's signing keys: the private half sealed (base64). */
#define SIGNING_KEY_SEALED_MAX 4096
struct signing_key {
    char kid[64];
    char alg[8];
    char private_sealed[SIGNING_KEY_SEALED_MAX];
    int64_t created_at;
    int64_t retired_at; /* 0 while it signs */
};

const char *operator_role_name(enum operator_role r);
bool operator_role_parse(const char *name, enum operator_role *out);
const char *member_category_name(enum member_category c);
bool member_category_parse(const char *name, enum member_category *out);
const char *account_state_name(enum account_state s);
bool account_state_parse(const char *name, enum account_state *out);
const char *account_level_name(enum account_level l);
const char *credential_kind_name(enum credential_kind k);
bool credential_kind_parse(const char *name, enum credential_kind *out);
bool account_level_parse(const char *name, enum account_level *out);
const char *step_status_name(enum step_status s);
bool step_status_parse(const char *name, enum step_status *out);
const char *code_purpose_name(enum code_purpose p);
bool code_purpose_parse(const char *name, enum code_purpose *out);
const char *case_status_name(enum case_status s);
const char *in_person_status_name(enum in_person_status s);
const char *contract_status_name(enum contract_status s);
bool contract_status_parse(const char *name, enum contract_status *out);
bool in_person_status_parse(const char *name, enum in_person_status *out);
bool case_status_parse(const char *name, enum case_status *out);
const char *case_channel_name(enum case_channel c);
bool case_channel_parse(const char *name, enum case_channel *out);
const char *outbox_channel_name(enum outbox_channel c);
bool outbox_channel_parse(const char *name, enum outbox_channel *out);
const char *outbox_status_name(enum outbox_status s);
const char *letter_status_name(enum letter_status s);
bool letter_status_parse(const char *name, enum letter_status *out);
bool outbox_status_parse(const char *name, enum outbox_status *out);
const char *firm_role_name(enum firm_role r);
bool firm_role_parse(const char *name, enum firm_role *out);
const char *firm_member_state_name(enum firm_member_state s);
bool firm_member_state_parse(const char *name, enum firm_member_state *out);
const char *delegation_kind_name(enum delegation_kind k);
bool delegation_kind_parse(const char *name, enum delegation_kind *out);
const char *delegation_state_name(enum delegation_state s);
bool delegation_state_parse(const char *name, enum delegation_state *out);

#endif
