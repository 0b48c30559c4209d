/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* What core needs from outside (STYLE.md §2): the clock, randomness, this
 * thread's store connection (inside a transaction its caller opened and will
 * commit), the core configuration, and who is asking (for the audit log).
 * Production fills it from the real clock and libsodium (web/app.c); tests
 * from tests/support/ (fake clock, seeded generator). Built per request on
 * the caller's stack; core never keeps a pointer to it. */
#ifndef VARCO_CORE_ENV_H
#define VARCO_CORE_ENV_H

#include <stddef.h>
#include <stdint.h>

#include "core/calendar.h"
#include "core/password_policy.h"
#include "core/profile.h"
#include "util/status.h"

struct store;
struct places;

/* Core settings derived from struct config at start-up; immutable after. */
struct core_config {
    const struct profile *profile;
    struct password_rules password; /* members' password length: config, else the profile's */
    uint8_t pepper[32];             /* key of token_hash for every stored secret */
    uint8_t totp_key[32];           /* seals operators' TOTP keys at rest (from the data key) */
    char base_url[256];             /* "http://127.0.0.1:8080", no trailing slash */
    char institution[256];          /* "Fondazione Enasarco" */
    char institution_address[256];
    char form_email[256]; /* printed on the identification form */
    char form_fax[64];
    int64_t email_token_seconds;     /* 86400 */
    int64_t activation_code_seconds; /* 30 days */
    int activation_code_attempts;    /* 5 */
    int64_t case_due_seconds;        /* 48 h */
    struct calendar calendar;        /* working days: national + [cases] local_holidays */
    int64_t session_idle_seconds;
    int64_t session_absolute_seconds;
    bool recovery_asks_cf;         /* password lost asks username + codice fiscale */
    const char (*pec_domains)[64]; /* borrowed from struct config */
    size_t n_pec_domains;
    /* Comuni and foreign states with their cadastral codes (core/places.h),
     * loaded by the caller when a journey asks for birth places; else NULL. */
    const struct places *places;
};

/* Derives the core settings from the loaded configuration (copies what core
 * needs; borrows cfg->pec_domains, so cfg must outlive out) and the data
 * folder's keys. VC_ERR_INVALID if cfg->profile names no built-in profile
 * or a local holiday is not a day of the year (config_load already refuses
 * such a day). */
struct config;
enum vc_status core_config_init(struct core_config *out, const struct config *cfg,
                                const uint8_t pepper[32], const uint8_t data_key[32]);

struct vc_env {
    int64_t (*now)(void *ctx);                              /* seconds since epoch, UTC */
    void (*random_bytes)(void *ctx, void *buf, size_t len); /* cryptographic quality */
    void *ctx;
    struct store *store; /* this thread's connection, in a transaction */
    const struct core_config *cfg;
    const char *ip;         /* requester's address for audit, "" for CLI */
    const char *request_id; /* "" for CLI */
    /* Where core writes how long a caller refused by the throttle
     * (VC_ERR_LIMIT from core/throttle.h) must wait, in seconds; NULL when
     * nobody asks (CLI). The handler turns it into Retry-After. */
    int64_t *retry_after;
};

static inline int64_t env_now(const struct vc_env *env)
{
    return env->now(env->ctx);
}

static inline void env_random(const struct vc_env *env, void *buf, size_t len)
{
    env->random_bytes(env->ctx, buf, len);
}

#endif
