/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* The configuration: one INI file (libinih) plus VARCO_* environment
 * overrides, parsed and validated into an immutable struct before anything
 * listens. Set once at start-up, read-only afterwards (thread-safe to read).
 *
 * Every key, its section, default and environment name is listed in
 * README.md "Configuration". Environment names: VARCO_<KEY> for [server]
 * keys (VARCO_LISTEN, VARCO_DATA_DIR, VARCO_DEV, VARCO_PROFILE, ...), and
 * VARCO_<SECTION>_<KEY> for the others (VARCO_CODES_ACTIVATION_ATTEMPTS). */
#ifndef VARCO_UTIL_CONFIG_H
#define VARCO_UTIL_CONFIG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/netaddr.h"
#include "util/status.h"

#define CONFIG_PEC_DOMAINS_MAX 64
#define CONFIG_STR_MAX 256
#define CONFIG_PROXIES_MAX 16
#define CONFIG_LOCAL_HOLIDAYS_MAX 16 /* a patron saint or two, with room to spare */
/* [sms] body: a JSON object, the common shape of SMS gateways' APIs */
#define CONFIG_SMS_BODY_DEFAULT "{\"to\": \"{to}\", \"text\": \"{text}\", \"key\": \"{key}\"}"

/* A day of every year, from "MM-DD" (02-29 allowed: it counts in leap years). */
struct config_day {
    uint8_t month; /* 1-12 */
    uint8_t day;   /* 1-31, valid for the month */
};

struct config {
    /* [server] */
    char listen_host[64]; /* from listen = "127.0.0.1:8080" */
    uint16_t listen_port;
    char data_dir[CONFIG_STR_MAX];   /* "var" */
    char assets_dir[CONFIG_STR_MAX]; /* holds templates/, po/, static/; "." */
    char base_url[CONFIG_STR_MAX];   /* links in mail and letters; default http://<listen> */
    char profile[32];                /* "enasarco" */
    bool dev; /* /dev/outbox shows mail and letters to anyone: false; only on loopback, never https
               */
    bool secure_cookies; /* __Host- prefix + Secure + HSTS; on by itself with an https base_url */
    /* [server] trusted_proxies: peers whose X-Forwarded-For / Forwarded name the client */
    struct netaddr_cidr trusted_proxies[CONFIG_PROXIES_MAX];
    size_t n_trusted_proxies;
    unsigned threads;        /* HTTP worker threads; 0 = number of cores */
    bool ratelimit;          /* per-address limits; false only for benchmarks */
    size_t upload_max_bytes; /* 10 MiB */
    /* [mail] */
    char mail_from[CONFIG_STR_MAX];           /* demo: "varco demo <noreply@demo.invalid>" */
    char institution[CONFIG_STR_MAX];         /* name printed on letters and pages (demo value) */
    char institution_address[CONFIG_STR_MAX]; /* sender address on letters */
    char form_email[CONFIG_STR_MAX];          /* where the signed form may be mailed */
    char form_fax[64];                        /* where the signed form may be faxed */
    /* [security] */
    int64_t session_idle_seconds;     /* 1800 */
    int64_t session_absolute_seconds; /* 43200 */
    bool recovery_asks_cf; /* password lost: username + codice fiscale (seed 004); false */
    /* Password length in code points; 0: the profile's own rule (enasarco
     * 8-20 as its seed says, every other profile 12-128, ASVS 2.1.1-2.1.2). */
    unsigned password_min_length;
    unsigned password_max_length;
    /* [codes] */
    int64_t email_token_seconds;     /* 86400 (NIST 800-63A) */
    int64_t activation_code_seconds; /* 30 days (NIST 800-63A 4.4.1.6) */
    int activation_code_attempts;    /* 5 */
    /* [cases] */
    int64_t case_due_seconds; /* 48 h from receipt (seed 001) */
    /* Days that do not count toward working-hour deadlines besides weekends
     * and national holidays (issue 12): the patron saint of the office's
     * town ("06-29" Rome, "12-07" Milan). core/calendar.h reads them. */
    struct config_day local_holidays[CONFIG_LOCAL_HOLIDAYS_MAX];
    size_t n_local_holidays;
    /* [pec] */
    char pec_domains[CONFIG_PEC_DOMAINS_MAX][64]; /* lower-case; "*.pec.*" style patterns allowed */
    size_t n_pec_domains;
    /* [outbox] */
    int outbox_max_attempts;             /* 12, then the message is "stuck" for operators */
    int64_t outbox_backoff_base_seconds; /* 30: first wait after a failure, doubling */
    int64_t outbox_backoff_max_seconds; /* 3600: the longest wait (stuck ones retry at this pace) */

    /* [site]: what the pages show of the institution (issue 9) */
    char site_logo[CONFIG_STR_MAX]; /* PNG, JPEG or SVG file; "" = static/logo.svg */
    /* the informativa (GDPR art. 13) and the accessibility statement (AgID):
     * text files in render/legal.h's format, "{lang}" replaced by it or en;
     * "" = the defaults in templates/legal/ */
    char site_privacy_file[CONFIG_STR_MAX];
    char site_accessibility_file[CONFIG_STR_MAX];
    char site_dpo_email[CONFIG_STR_MAX];           /* the data protection officer's contact */
    char site_accessibility_email[CONFIG_STR_MAX]; /* the statement's feedback channel */
    /* The offices' map tiles: a URL template with {z}, {x}, {y} ("" none:
     * markers on a plain ground); its origin joins the map page's CSP. */
    char site_map_tiles[CONFIG_STR_MAX];
    char site_map_tiles_origin[CONFIG_STR_MAX]; /* derived: "https://tile.example.org" */
    char site_map_attribution[CONFIG_STR_MAX];  /* shown on the map: the tiles' licence */

    /* [seal]: the key and certificate that seal PDFs (crypto/seal_identity.h);
     * "" = seal-key.pem / seal-cert.pem in data_dir, made by `varco init` */
    char seal_key_file[CONFIG_STR_MAX];
    char seal_cert_file[CONFIG_STR_MAX];
    char seal_chain_file[CONFIG_STR_MAX]; /* PEM intermediates up to the CA; "" none */
    /* [sms] (issue 13): where SMS go. "file": <data_dir>/outbox/sms/ (dev);
     * "http": a gateway (notify/sms_http.h). Dev mode always uses files. */
    char sms_gateway[8];               /* "file" | "http" as configured */
    bool sms_http;                     /* derived: gateway = http and not dev */
    char sms_url[CONFIG_STR_MAX];      /* https, or http to a loopback address only */
    char sms_username[128];            /* HTTP basic auth, with sms_password */
    char sms_password[CONFIG_STR_MAX]; /* secret: better VARCO_SMS_PASSWORD than the file */
    char sms_token[CONFIG_STR_MAX];    /* bearer token instead; secret: VARCO_SMS_TOKEN */
    char sms_body[1024];               /* request body with {to} {text} {key} (notify/sms_body.h) */
    char sms_content_type[128];        /* "application/json": {..} JSON-escaped */
    int sms_timeout_seconds;           /* the whole request; then it is retried with the same key */
};

/* Demo values a deployment must replace (README "Configuration"). */
#define CONFIG_DEMO_MAX 8
struct config_demo {
    const char *key; /* "[mail] form_email" */
    const char *value;
};

/* Fills cfg with the defaults above. */
void config_defaults(struct config *cfg);

/* Loads defaults, then the INI file at path (NULL or missing file with
 * must_exist=false: defaults only), then VARCO_* variables from the
 * environment, then validates. On error writes one line in the person's
 * terms ("varco.ini:12: unknown key 'foo' in [server]") to err and returns
 * VC_ERR_INVALID (or VC_ERR_IO when the file cannot be read). */
enum vc_status config_load(const char *path, bool must_exist, struct config *out, char *err,
                           size_t err_len);

/* The keys of cfg still at their demo defaults (institution, addresses,
 * contacts): at most CONFIG_DEMO_MAX into out; returns how many. Values
 * point into cfg. */
size_t config_demo_values(const struct config *cfg, struct config_demo out[CONFIG_DEMO_MAX]);

/* Parses an INI text already in memory (for the fuzzer and tests); same rules
 * as config_load but without the environment. */
enum vc_status config_parse_text(const char *text, size_t len, struct config *out, char *err,
                                 size_t err_len);

#endif
