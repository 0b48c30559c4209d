/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* The configuration: defaults, then one INI file (libinih), then VARCO_*
 * environment variables, then validation, into a struct that callers keep
 * read-only. Every key is described once in the table below (section, name,
 * environment name, type, bounds); parsing, overrides and errors all go
 * through it. Values are never silently truncated: too long is an error.
 * Errors name the file and line ("varco.ini:12: unknown key 'foo' in
 * [server]") or the variable ("VARCO_LISTEN: ..."). No global state. */
#include "util/config.h"

#include <errno.h>
#include <ini.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/pec_defaults.h"
#include "util/str.h"

#define CONFIG_LINE_MAX 4096 /* longer lines are an error, not split */

enum key_type {
    KEY_STR,  /* char array of .size bytes */
    KEY_NAME, /* like KEY_STR, non-empty, [A-Za-z0-9_-] (profile: used in file names) */
    KEY_BOOL,
    KEY_I64,    /* int64_t in [min, max] */
    KEY_INT,    /* int in [min, max] */
    KEY_UINT,   /* unsigned in [min, max] */
    KEY_SIZE,   /* size_t in [min, max] */
    KEY_LISTEN, /* host:port into listen_host + listen_port */
    KEY_PEC,    /* comma-separated list into pec_domains */
    KEY_CIDRS,  /* comma-separated addresses/networks into trusted_proxies */
    KEY_DAYS,   /* comma-separated "MM-DD" list into local_holidays */
};

struct key_def {
    const char *section;
    const char *name;
    const char *env;
    enum key_type type;
    size_t offset;
    size_t size;      /* KEY_STR, KEY_NAME: array size including NUL */
    bool non_empty;   /* KEY_STR */
    int64_t min, max; /* numbers */
};

#define OFF(f) offsetof(struct config, f)
#define STR(sec, key, env, f, ne)                                                                  \
    {                                                                                              \
        sec, key, env, KEY_STR, OFF(f), sizeof(((struct config *)0)->f), ne, 0, 0                  \
    }
#define NUM(sec, key, env, t, f, lo, hi)                                                           \
    {                                                                                              \
        sec, key, env, t, OFF(f), 0, false, lo, hi                                                 \
    }

static const struct key_def KEYS[] = {
    {"server", "listen", "VARCO_LISTEN", KEY_LISTEN, 0, 0, false, 0, 0},
    STR("server", "data_dir", "VARCO_DATA_DIR", data_dir, true),
    STR("server", "assets_dir", "VARCO_ASSETS_DIR", assets_dir, true),
    STR("server", "base_url", "VARCO_BASE_URL", base_url, false),
    {"server", "profile", "VARCO_PROFILE", KEY_NAME, OFF(profile),
     sizeof(((struct config *)0)->profile), true, 0, 0},
    NUM("server", "dev", "VARCO_DEV", KEY_BOOL, dev, 0, 0),
    NUM("server", "secure_cookies", "VARCO_SECURE_COOKIES", KEY_BOOL, secure_cookies, 0, 0),
    {"server", "trusted_proxies", "VARCO_TRUSTED_PROXIES", KEY_CIDRS, 0, 0, false, 0, 0},
    NUM("server", "threads", "VARCO_THREADS", KEY_UINT, threads, 0, 1024),
    NUM("server", "ratelimit", "VARCO_RATELIMIT", KEY_BOOL, ratelimit, 0, 0),
    /* Up to 1 GiB: an identity document scan is a few MiB. */
    NUM("server", "upload_max_bytes", "VARCO_UPLOAD_MAX_BYTES", KEY_SIZE, upload_max_bytes, 1,
        (int64_t)1 << 30),
    STR("mail", "from", "VARCO_MAIL_FROM", mail_from, true),
    STR("mail", "institution", "VARCO_MAIL_INSTITUTION", institution, false),
    STR("mail", "institution_address", "VARCO_MAIL_INSTITUTION_ADDRESS", institution_address,
        false),
    STR("mail", "form_email", "VARCO_MAIL_FORM_EMAIL", form_email, false),
    STR("mail", "form_fax", "VARCO_MAIL_FORM_FAX", form_fax, false),
    NUM("security", "session_idle_seconds", "VARCO_SECURITY_SESSION_IDLE_SECONDS", KEY_I64,
        session_idle_seconds, 1, INT32_MAX),
    NUM("security", "session_absolute_seconds", "VARCO_SECURITY_SESSION_ABSOLUTE_SECONDS", KEY_I64,
        session_absolute_seconds, 1, INT32_MAX),
    NUM("security", "recovery_asks_cf", "VARCO_SECURITY_RECOVERY_ASKS_CF", KEY_BOOL,
        recovery_asks_cf, 0, 0),
    NUM("security", "password_min_length", "VARCO_SECURITY_PASSWORD_MIN_LENGTH", KEY_UINT,
        password_min_length, 0, 1024),
    NUM("security", "password_max_length", "VARCO_SECURITY_PASSWORD_MAX_LENGTH", KEY_UINT,
        password_max_length, 0, 1024),
    NUM("codes", "email_token_seconds", "VARCO_CODES_EMAIL_TOKEN_SECONDS", KEY_I64,
        email_token_seconds, 1, INT32_MAX),
    NUM("codes", "activation_code_seconds", "VARCO_CODES_ACTIVATION_CODE_SECONDS", KEY_I64,
        activation_code_seconds, 1, INT32_MAX),
    NUM("codes", "activation_code_attempts", "VARCO_CODES_ACTIVATION_CODE_ATTEMPTS", KEY_INT,
        activation_code_attempts, 1, 100),
    NUM("cases", "case_due_seconds", "VARCO_CASES_CASE_DUE_SECONDS", KEY_I64, case_due_seconds, 1,
        INT32_MAX),
    {"cases", "local_holidays", "VARCO_CASES_LOCAL_HOLIDAYS", KEY_DAYS, 0, 0, false, 0, 0},
    {"pec", "domains", "VARCO_PEC_DOMAINS", KEY_PEC, 0, 0, false, 0, 0},
    NUM("outbox", "max_attempts", "VARCO_OUTBOX_MAX_ATTEMPTS", KEY_INT, outbox_max_attempts, 1,
        1000),
    NUM("outbox", "backoff_base_seconds", "VARCO_OUTBOX_BACKOFF_BASE_SECONDS", KEY_I64,
        outbox_backoff_base_seconds, 1, 86400),
    NUM("outbox", "backoff_max_seconds", "VARCO_OUTBOX_BACKOFF_MAX_SECONDS", KEY_I64,
        outbox_backoff_max_seconds, 1, 86400),
    /* [site] (issue 9): the institution's logo, legal pages and contacts */
    STR("site", "logo", "VARCO_SITE_LOGO", site_logo, false),
    STR("site", "privacy_file", "VARCO_SITE_PRIVACY_FILE", site_privacy_file, false),
    STR("site", "accessibility_file", "VARCO_SITE_ACCESSIBILITY_FILE", site_accessibility_file,
        false),
    STR("site", "dpo_email", "VARCO_SITE_DPO_EMAIL", site_dpo_email, true),
    STR("site", "accessibility_email", "VARCO_SITE_ACCESSIBILITY_EMAIL", site_accessibility_email,
        true),
    STR("site", "map_tiles", "VARCO_SITE_MAP_TILES", site_map_tiles, false),
    STR("site", "map_attribution", "VARCO_SITE_MAP_ATTRIBUTION", site_map_attribution, false),
    /* [seal] (issue 13 §2): the identity that seals PDFs; "" = the data folder's */
    STR("seal", "key_file", "VARCO_SEAL_KEY_FILE", seal_key_file, false),
    STR("seal", "cert_file", "VARCO_SEAL_CERT_FILE", seal_cert_file, false),
    STR("seal", "chain_file", "VARCO_SEAL_CHAIN_FILE", seal_chain_file, false),
    /* [sms] (issue 13): the SMS gateway; the secrets are best given as
     * VARCO_SMS_PASSWORD / VARCO_SMS_TOKEN rather than in the file */
    STR("sms", "gateway", "VARCO_SMS_GATEWAY", sms_gateway, true),
    STR("sms", "url", "VARCO_SMS_URL", sms_url, false),
    STR("sms", "username", "VARCO_SMS_USERNAME", sms_username, false),
    STR("sms", "password", "VARCO_SMS_PASSWORD", sms_password, false),
    STR("sms", "token", "VARCO_SMS_TOKEN", sms_token, false),
    STR("sms", "body", "VARCO_SMS_BODY", sms_body, true),
    STR("sms", "content_type", "VARCO_SMS_CONTENT_TYPE", sms_content_type, true),
    NUM("sms", "timeout_seconds", "VARCO_SMS_TIMEOUT_SECONDS", KEY_INT, sms_timeout_seconds, 1,
        300),
};
#define N_KEYS (sizeof(KEYS) / sizeof(KEYS[0]))

/* State shared with the libinih callbacks. */
struct parse_ctx {
    struct config *cfg;
    const char *file; /* name used in messages */
    const char *text; /* in-memory source (config_parse_text) or NULL */
    size_t text_len;
    size_t text_pos;
    FILE *fp;          /* file source or NULL */
    int line;          /* line most recently handed to inih */
    bool seen[N_KEYS]; /* duplicates (and continuation lines) are errors */
    bool failed;
    char *err;
    size_t err_len;
};

static void set_err(char *err, size_t err_len, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void set_err(char *err, size_t err_len, const char *fmt, ...)
{
    if (err == NULL || err_len == 0)
        return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err, err_len, fmt, ap);
    va_end(ap);
}

/* Demo values (issue 9, item 13): the institution and its contacts, plainly
 * not real (reserved .invalid domain, zero numbers), so that a demo page can
 * never be mistaken for the institution's, and a deployment sees at start-up
 * which ones it still has to set (config_demo_values). */
#define DEMO_KEY(name, f, v)                                                                       \
    {                                                                                              \
        name, OFF(f), sizeof(((struct config *)0)->f), v                                           \
    }
static const struct {
    const char *key;
    size_t offset, size;
    const char *value;
} DEMO[] = {
    DEMO_KEY("[mail] from", mail_from, "varco demo <noreply@demo.invalid>"),
    DEMO_KEY("[mail] institution", institution, "Ente di prova (demo)"),
    DEMO_KEY("[mail] institution_address", institution_address,
             "Via dell'Esempio 1, 00000 Città di prova"),
    DEMO_KEY("[mail] form_email", form_email, "identificazione@demo.invalid"),
    DEMO_KEY("[mail] form_fax", form_fax, "00 0000 0000"),
    DEMO_KEY("[site] dpo_email", site_dpo_email, "dpo@demo.invalid"),
    DEMO_KEY("[site] accessibility_email", site_accessibility_email, "accessibilita@demo.invalid"),
};
_Static_assert(sizeof DEMO / sizeof DEMO[0] <= CONFIG_DEMO_MAX, "CONFIG_DEMO_MAX too small");

static void demo_defaults(struct config *cfg)
{
    for (size_t i = 0; i < sizeof DEMO / sizeof DEMO[0]; i++) {
        str_copy((char *)cfg + DEMO[i].offset, DEMO[i].value, DEMO[i].size);
    }
}

size_t config_demo_values(const struct config *cfg, struct config_demo out[CONFIG_DEMO_MAX])
{
    size_t n = 0;
    for (size_t i = 0; i < sizeof DEMO / sizeof DEMO[0]; i++) {
        const char *field = (const char *)cfg + DEMO[i].offset;
        if (strcmp(field, DEMO[i].value) == 0)
            out[n++] = (struct config_demo){DEMO[i].key, field};
    }
    return n;
}

void config_defaults(struct config *cfg)
{
    memset(cfg, 0, sizeof(*cfg));
    str_copy(cfg->listen_host, "127.0.0.1", sizeof(cfg->listen_host));
    cfg->listen_port = 8080;
    str_copy(cfg->data_dir, "var", sizeof(cfg->data_dir));
    str_copy(cfg->assets_dir, ".", sizeof(cfg->assets_dir));
    cfg->base_url[0] = '\0'; /* derived from listen in finish() */
    str_copy(cfg->profile, "enasarco", sizeof(cfg->profile));
    cfg->dev = false; /* production unless asked: dev mode publishes links and codes */
    cfg->secure_cookies = false;
    cfg->threads = 0;
    cfg->upload_max_bytes = (size_t)10 * 1024 * 1024;
    demo_defaults(cfg);
    cfg->session_idle_seconds = 1800;
    cfg->session_absolute_seconds = 43200;
    cfg->email_token_seconds = 86400;          /* NIST 800-63A */
    cfg->activation_code_seconds = 30 * 86400; /* NIST 800-63A 4.4.1.6 */
    cfg->activation_code_attempts = 5;
    cfg->case_due_seconds = 48 * 3600; /* seed 001: 48 h from receipt */
    for (size_t i = 0; i < PEC_DEFAULT_DOMAINS_N && i < CONFIG_PEC_DOMAINS_MAX; i++)
        str_copy(cfg->pec_domains[i], PEC_DEFAULT_DOMAINS[i], sizeof(cfg->pec_domains[i]));
    cfg->n_pec_domains = PEC_DEFAULT_DOMAINS_N < CONFIG_PEC_DOMAINS_MAX ? PEC_DEFAULT_DOMAINS_N
                                                                        : CONFIG_PEC_DOMAINS_MAX;
    cfg->outbox_max_attempts = 12;
    cfg->ratelimit = true;
    cfg->outbox_backoff_base_seconds = 30;
    cfg->outbox_backoff_max_seconds = 3600;
    str_copy(cfg->sms_gateway, "file", sizeof cfg->sms_gateway);
    str_copy(cfg->sms_body, CONFIG_SMS_BODY_DEFAULT, sizeof cfg->sms_body);
    str_copy(cfg->sms_content_type, "application/json", sizeof cfg->sms_content_type);
    cfg->sms_timeout_seconds = 10;
}

static bool parse_bool(const char *v, bool *out)
{
    static const char *const yes[] = {"1", "true", "yes", "on"};
    static const char *const no[] = {"0", "false", "no", "off"};
    for (size_t i = 0; i < 4; i++) {
        if (str_eq_ci(v, yes[i])) {
            *out = true;
            return true;
        }
        if (str_eq_ci(v, no[i])) {
            *out = false;
            return true;
        }
    }
    return false;
}

static bool parse_i64(const char *v, int64_t min, int64_t max, int64_t *out)
{
    if (*v == '\0' || *v == ' ' || *v == '\t' || *v == '+')
        return false;
    errno = 0;
    char *end = NULL;
    long long n = strtoll(v, &end, 10);
    if (errno != 0 || end == v || *end != '\0' || n < min || n > max)
        return false;
    *out = (int64_t)n;
    return true;
}

/* "host:port" or "[v6]:port". Host is kept without brackets. */
static const char *parse_listen(const char *v, struct config *cfg)
{
    const char *colon;
    const char *host = v;
    size_t host_len;
    if (v[0] == '[') {
        const char *close = strchr(v, ']');
        if (close == NULL || close[1] != ':')
            return "expected [address]:port";
        host = v + 1;
        host_len = (size_t)(close - host);
        colon = close + 1;
    } else {
        colon = strrchr(v, ':');
        if (colon == NULL)
            return "expected host:port";
        host_len = (size_t)(colon - v);
        if (memchr(v, ':', host_len) != NULL)
            return "write an IPv6 address as [address]:port";
    }
    if (host_len == 0)
        return "the host is empty";
    if (host_len >= sizeof(cfg->listen_host))
        return "the host is too long";
    int64_t port;
    if (!parse_i64(colon + 1, 1, 65535, &port))
        return "the port must be a number from 1 to 65535";
    memcpy(cfg->listen_host, host, host_len);
    cfg->listen_host[host_len] = '\0';
    cfg->listen_port = (uint16_t)port;
    return NULL;
}

static const char *parse_cidrs(const char *v, struct config *cfg)
{
    struct netaddr_cidr list[CONFIG_PROXIES_MAX];
    size_t n = 0;
    for (const char *p = v;;) {
        const char *comma = strchr(p, ',');
        size_t len = comma != NULL ? (size_t)(comma - p) : strlen(p);
        while (len > 0 && (*p == ' ' || *p == '\t'))
            p++, len--;
        while (len > 0 && (p[len - 1] == ' ' || p[len - 1] == '\t'))
            len--;
        if (len > 0) {
            char one[64];
            if (n == CONFIG_PROXIES_MAX)
                return "too many addresses (at most 16)";
            if (len >= sizeof one)
                return "an address is too long";
            memcpy(one, p, len);
            one[len] = '\0';
            if (!netaddr_cidr_parse(one, &list[n]))
                return "expected IP addresses or networks such as 10.0.0.5 or 10.0.0.0/8";
            n++;
        }
        if (comma == NULL)
            break;
        p = comma + 1;
    }
    memcpy(cfg->trusted_proxies, list, n * sizeof list[0]);
    cfg->n_trusted_proxies = n;
    return NULL;
}

static const char *parse_pec(const char *v, struct config *cfg)
{
    char list[CONFIG_PEC_DOMAINS_MAX][64];
    size_t n = 0;
    const char *p = v;
    for (;;) {
        const char *comma = strchr(p, ',');
        size_t len = comma != NULL ? (size_t)(comma - p) : strlen(p);
        while (len > 0 && (*p == ' ' || *p == '\t'))
            p++, len--;
        while (len > 0 && (p[len - 1] == ' ' || p[len - 1] == '\t'))
            len--;
        if (len > 0) {
            if (n == CONFIG_PEC_DOMAINS_MAX)
                return "too many domains (at most 64)";
            if (len >= sizeof(list[0]))
                return "a domain is too long (at most 63 bytes)";
            for (size_t i = 0; i < len; i++) {
                char c = p[i];
                if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                      c == '.' || c == '-' || c == '*'))
                    return "a domain has a character other than letters, digits, '.', '-', '*'";
            }
            memcpy(list[n], p, len);
            list[n][len] = '\0';
            str_ascii_lower(list[n]);
            n++;
        }
        if (comma == NULL)
            break;
        p = comma + 1;
    }
    memcpy(cfg->pec_domains, list, sizeof(list));
    cfg->n_pec_domains = n;
    return NULL;
}

static bool is_digit(char c)
{
    return c >= '0' && c <= '9';
}

/* "06-29, 12-07": days of every year. A wrong entry is named in the message
 * (written to why), so that a long list says which one to fix. */
static const char *parse_days(const char *v, struct config *cfg, char *why, size_t why_len)
{
    static const uint8_t month_days[12] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    struct config_day list[CONFIG_LOCAL_HOLIDAYS_MAX];
    size_t n = 0;
    for (const char *p = v;;) {
        const char *comma = strchr(p, ',');
        size_t len = comma != NULL ? (size_t)(comma - p) : strlen(p);
        while (len > 0 && (*p == ' ' || *p == '\t'))
            p++, len--;
        while (len > 0 && (p[len - 1] == ' ' || p[len - 1] == '\t'))
            len--;
        if (len > 0) {
            if (n == CONFIG_LOCAL_HOLIDAYS_MAX)
                return "too many days (at most 16)";
            int month = 0, day = 0;
            if (len == 5 && is_digit(p[0]) && is_digit(p[1]) && p[2] == '-' && is_digit(p[3]) &&
                is_digit(p[4])) {
                month = (p[0] - '0') * 10 + (p[1] - '0');
                day = (p[3] - '0') * 10 + (p[4] - '0');
            }
            if (month < 1 || month > 12 || day < 1 || day > month_days[month - 1]) {
                snprintf(why, why_len, "'%.*s' is not a day of the year as MM-DD (e.g. 06-29)",
                         len > 40 ? 40 : (int)len, p);
                return why;
            }
            list[n++] = (struct config_day){(uint8_t)month, (uint8_t)day};
        }
        if (comma == NULL)
            break;
        p = comma + 1;
    }
    memcpy(cfg->local_holidays, list, n * sizeof list[0]);
    cfg->n_local_holidays = n;
    return NULL;
}

/* Applies one value; returns NULL or what is wrong with it. */
static const char *apply(const struct key_def *k, const char *v, struct config *cfg, char *why,
                         size_t why_len)
{
    char *field = (char *)cfg + k->offset;
    int64_t n;
    switch (k->type) {
    case KEY_NAME:
        for (const char *p = v; *p; p++)
            if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
                  (*p >= '0' && *p <= '9') || *p == '_' || *p == '-'))
                return "only letters, digits, '_' and '-' are allowed";
        /* fall through */
    case KEY_STR:
        if (k->non_empty && v[0] == '\0')
            return "must not be empty";
        if (strlen(v) >= k->size)
            return "too long";
        str_copy(field, v, k->size);
        return NULL;
    case KEY_BOOL: {
        bool b;
        if (!parse_bool(v, &b))
            return "expected true/false, yes/no, on/off or 1/0";
        memcpy(field, &b, sizeof(b));
        return NULL;
    }
    case KEY_I64:
    case KEY_INT:
    case KEY_UINT:
    case KEY_SIZE:
        if (!parse_i64(v, k->min, k->max, &n))
            return "not a whole number in the allowed range";
        if (k->type == KEY_I64) {
            memcpy(field, &n, sizeof(n));
        } else if (k->type == KEY_INT) {
            int x = (int)n;
            memcpy(field, &x, sizeof(x));
        } else if (k->type == KEY_UINT) {
            unsigned x = (unsigned)n;
            memcpy(field, &x, sizeof(x));
        } else {
            size_t x = (size_t)n;
            memcpy(field, &x, sizeof(x));
        }
        return NULL;
    case KEY_LISTEN:
        return parse_listen(v, cfg);
    case KEY_PEC:
        return parse_pec(v, cfg);
    case KEY_CIDRS:
        return parse_cidrs(v, cfg);
    case KEY_DAYS:
        return parse_days(v, cfg, why, why_len);
    }
    return "internal error";
}

static const char *range_hint(const struct key_def *k, char *tmp, size_t tmp_len)
{
    if (k->type == KEY_I64 || k->type == KEY_INT || k->type == KEY_UINT || k->type == KEY_SIZE) {
        snprintf(tmp, tmp_len, " (%lld..%lld)", (long long)k->min, (long long)k->max);
        return tmp;
    }
    if (k->type == KEY_STR || k->type == KEY_NAME) {
        snprintf(tmp, tmp_len, " (at most %zu bytes)", k->size - 1);
        return tmp;
    }
    return "";
}

static int on_value(void *user, const char *section, const char *name, const char *value)
{
    struct parse_ctx *c = user;
    if (c->failed)
        return 1;
    for (size_t i = 0; i < N_KEYS; i++) {
        const struct key_def *k = &KEYS[i];
        if (strcmp(k->section, section) != 0 || strcmp(k->name, name) != 0)
            continue;
        if (c->seen[i]) {
            set_err(c->err, c->err_len, "%s:%d: '%s' in [%s] is set twice", c->file, c->line, name,
                    section);
            c->failed = true;
            return 0;
        }
        c->seen[i] = true;
        char detail[96];
        const char *why = apply(k, value, c->cfg, detail, sizeof detail);
        if (why != NULL) {
            char tmp[64];
            set_err(c->err, c->err_len, "%s:%d: bad value for '%s' in [%s]: %s%s", c->file, c->line,
                    name, section, why, range_hint(k, tmp, sizeof(tmp)));
            c->failed = true;
            return 0;
        }
        return 1;
    }
    set_err(c->err, c->err_len, "%s:%d: unknown key '%s' in [%s]", c->file, c->line, name, section);
    c->failed = true;
    return 0;
}

/* libinih reader: one line per call, counted so that messages can name the
 * line our handler rejected (inih only returns the first error line, which
 * may be a syntax error). A line longer than num-1 bytes is an error rather
 * than being split in two by inih. Stops early once something failed. */
static char *read_line(char *str, int num, void *stream)
{
    struct parse_ctx *c = stream;
    if (c->failed || num < 2)
        return NULL;
    size_t max = (size_t)num - 1, n = 0;
    bool more = false, any = false;
    for (;;) {
        int ch;
        if (c->fp != NULL) {
            ch = getc(c->fp);
            if (ch == EOF)
                break;
        } else {
            if (c->text_pos >= c->text_len)
                break;
            ch = (unsigned char)c->text[c->text_pos++];
        }
        any = true;
        if (ch == '\0')
            ch = ' '; /* a NUL would end the line early inside inih */
        if (n < max)
            str[n++] = (char)ch;
        else
            more = true;
        if (ch == '\n')
            break;
    }
    if (!any)
        return NULL;
    c->line++;
    str[n] = '\0';
    if (more) {
        set_err(c->err, c->err_len, "%s:%d: line too long (at most %zu bytes)", c->file, c->line,
                max - 2);
        c->failed = true;
        return NULL;
    }
    return str;
}

/* Runs inih over the source in c; VC_OK or VC_ERR_INVALID with c->err set. */
static enum vc_status run_parse(struct parse_ctx *c)
{
    int rc = ini_parse_stream(read_line, c, on_value, c);
    if (c->failed)
        return VC_ERR_INVALID;
    if (rc == -2) {
        set_err(c->err, c->err_len, "%s: out of memory", c->file);
        return VC_ERR_NOMEM;
    }
    if (rc != 0) {
        set_err(c->err, c->err_len, "%s:%d: syntax error (expected [section] or key = value)",
                c->file, rc);
        return VC_ERR_INVALID;
    }
    return VC_OK;
}

static enum vc_status apply_env(struct config *cfg, char *err, size_t err_len)
{
    for (size_t i = 0; i < N_KEYS; i++) {
        const char *v = getenv(KEYS[i].env);
        if (v == NULL)
            continue;
        char detail[96];
        const char *why = apply(&KEYS[i], v, cfg, detail, sizeof detail);
        if (why != NULL) {
            char tmp[64];
            set_err(err, err_len, "%s: %s%s", KEYS[i].env, why,
                    range_hint(&KEYS[i], tmp, sizeof(tmp)));
            return VC_ERR_INVALID;
        }
    }
    return VC_OK;
}

/* Dev mode serves every link and code it mails at /dev/outbox, to anyone
 * who can reach the server: only where nobody else can, and never behind
 * the TLS that a real deployment has. */
static enum vc_status check_dev(const struct config *cfg, bool https, char *err, size_t err_len)
{
    if (!cfg->dev)
        return VC_OK;
    struct netaddr a;
    if (!netaddr_parse(cfg->listen_host, strlen(cfg->listen_host), &a) ||
        !netaddr_is_loopback(&a)) {
        set_err(err, err_len,
                "[server] dev = true publishes every mail, link and code at /dev/outbox: it "
                "listens on a loopback address only (127.0.0.1), not on '%s'",
                cfg->listen_host);
        return VC_ERR_INVALID;
    }
    if (https) {
        set_err(err, err_len,
                "[server] dev = true is for a developer's machine: it refuses an https "
                "base_url (%s)",
                cfg->base_url);
        return VC_ERR_INVALID;
    }
    return VC_OK;
}

/* A URL that varco calls or has browsers call: https to any host, or plain
 * http to a loopback address only (tests, dev, a gateway on the same
 * machine), so that nothing secret crosses a network in clear. The host is
 * read as a URL parser would (up to '/', '?', '#'; port and brackets off),
 * so "http://127.0.0.1.example.org/" is not a loopback address. No
 * credentials in it ("user:pass@"): they have keys of their own, kept out
 * of logs. Returns where the host starts, or NULL. */
static const char *url_host_checked(const char *url)
{
    bool https = str_starts_with(url, "https://");
    if (!https && !str_starts_with(url, "http://"))
        return NULL;
    for (const char *p = url; *p; p++)
        if ((unsigned char)*p <= ' ' || *p == 0x7f)
            return NULL;
    const char *host = url + (https ? 8 : 7);
    size_t auth = strcspn(host, "/?#");
    if (auth == 0 || memchr(host, '@', auth) != NULL)
        return NULL;
    if (https)
        return host;
    char name[64];
    const char *start = host;
    size_t len;
    if (host[0] == '[') { /* [::1]:8080 */
        const char *end = memchr(host, ']', auth);
        if (end == NULL)
            return NULL;
        start = host + 1;
        len = (size_t)(end - start);
    } else {
        len = strcspn(host, ":/?#");
    }
    if (len == 0 || len >= sizeof name)
        return NULL;
    memcpy(name, start, len);
    name[len] = '\0';
    struct netaddr a;
    if (str_eq_ci(name, "localhost") || (netaddr_parse(name, len, &a) && netaddr_is_loopback(&a)))
        return host;
    return NULL;
}

/* The map's tile template: https (or http on a loopback address, for tests
 * and dev), {z} {x} {y} in it, no quote, space or semicolon (its origin goes
 * into a Content-Security-Policy header); fills its origin. */
static enum vc_status check_map_tiles(struct config *cfg, char *err, size_t err_len)
{
    const char *t = cfg->site_map_tiles;
    cfg->site_map_tiles_origin[0] = '\0';
    if (t[0] == '\0')
        return VC_OK;
    const char *host = url_host_checked(t);
    size_t origin = host != NULL ? (size_t)(host - t) + strcspn(host, "/") : 0;
    if (host == NULL || strstr(t, "{z}") == NULL || strstr(t, "{x}") == NULL ||
        strstr(t, "{y}") == NULL || strpbrk(t, " \t\"';,") != NULL || host[0] == '/' ||
        host[0] == '\0' || origin >= sizeof cfg->site_map_tiles_origin) {
        set_err(err, err_len,
                "[site] map_tiles must be an https URL template with {z}, {x} and {y}, e.g. "
                "https://tile.example.org/{z}/{x}/{y}.png");
        return VC_ERR_INVALID;
    }
    memcpy(cfg->site_map_tiles_origin, t, origin);
    cfg->site_map_tiles_origin[origin] = '\0';
    return VC_OK;
}

/* A value that goes into an HTTP header (curl sends it as given): no
 * control character, so no CR LF to smuggle a header of one's own. */
static bool header_safe(const char *v)
{
    for (const char *p = v; *p; p++)
        if ((unsigned char)*p < ' ' || *p == 0x7f)
            return false;
    return true;
}

/* [sms]: the gateway kind, then for http its URL (as map_tiles: https, or
 * http to a loopback address), one way to authenticate, a body that says
 * where {to} and {text} go. Dev mode keeps SMS in files whatever the
 * gateway: its codes are for /dev/outbox, never for a real phone. */
static enum vc_status check_sms(struct config *cfg, char *err, size_t err_len)
{
    bool http = strcmp(cfg->sms_gateway, "http") == 0;
    if (!http && strcmp(cfg->sms_gateway, "file") != 0) {
        set_err(err, err_len, "[sms] gateway must be file or http, not '%s'", cfg->sms_gateway);
        return VC_ERR_INVALID;
    }
    cfg->sms_http = http && !cfg->dev;
    if (!http)
        return VC_OK;
    if (url_host_checked(cfg->sms_url) == NULL) {
        set_err(err, err_len,
                "[sms] url must be an https URL (http only to a loopback address), without "
                "credentials in it, e.g. https://sms.example.org/send");
        return VC_ERR_INVALID;
    }
    if (cfg->sms_token[0] != '\0' &&
        (cfg->sms_username[0] != '\0' || cfg->sms_password[0] != '\0')) {
        set_err(err, err_len, "[sms] token (bearer) or username and password (basic), not both");
        return VC_ERR_INVALID;
    }
    if (cfg->sms_password[0] != '\0' && cfg->sms_username[0] == '\0') {
        set_err(err, err_len, "[sms] password without a username");
        return VC_ERR_INVALID;
    }
    if (!header_safe(cfg->sms_token) || !header_safe(cfg->sms_username) ||
        !header_safe(cfg->sms_password) || !header_safe(cfg->sms_content_type)) {
        set_err(err, err_len,
                "[sms] token, username, password and content_type must not hold control "
                "characters");
        return VC_ERR_INVALID;
    }
    if (strstr(cfg->sms_body, "{to}") == NULL || strstr(cfg->sms_body, "{text}") == NULL) {
        set_err(err, err_len, "[sms] body must say where {to} and {text} go (and may hold {key})");
        return VC_ERR_INVALID;
    }
    return VC_OK;
}

/* Checks across keys and derives base_url once every source is applied. */
static enum vc_status finish(struct config *cfg, char *err, size_t err_len)
{
    if (cfg->session_idle_seconds > cfg->session_absolute_seconds) {
        set_err(err, err_len,
                "[security] session_idle_seconds must not exceed session_absolute_seconds");
        return VC_ERR_INVALID;
    }
    if (cfg->base_url[0] == '\0') {
        bool v6 = strchr(cfg->listen_host, ':') != NULL;
        int n = snprintf(cfg->base_url, sizeof(cfg->base_url), "http://%s%s%s:%u", v6 ? "[" : "",
                         cfg->listen_host, v6 ? "]" : "", (unsigned)cfg->listen_port);
        if (n < 0 || (size_t)n >= sizeof(cfg->base_url)) {
            set_err(err, err_len, "[server] base_url: derived value too long");
            return VC_ERR_INVALID;
        }
    } else if (!str_starts_with(cfg->base_url, "http://") &&
               !str_starts_with(cfg->base_url, "https://")) {
        set_err(err, err_len, "[server] base_url must start with http:// or https://");
        return VC_ERR_INVALID;
    }
    size_t len = strlen(cfg->base_url);
    while (len > 0 && cfg->base_url[len - 1] == '/')
        cfg->base_url[--len] = '\0';
    bool https = str_starts_with(cfg->base_url, "https://");
    if (https) /* TLS in front: the cookies say so without a second switch */
        cfg->secure_cookies = true;
    if (cfg->password_min_length != 0 && cfg->password_max_length != 0 &&
        cfg->password_min_length > cfg->password_max_length) {
        set_err(err, err_len, "[security] password_min_length must not exceed password_max_length");
        return VC_ERR_INVALID;
    }
    if (check_map_tiles(cfg, err, err_len) != VC_OK)
        return VC_ERR_INVALID;
    if (check_sms(cfg, err, err_len) != VC_OK)
        return VC_ERR_INVALID;
    return check_dev(cfg, https, err, err_len);
}

enum vc_status config_parse_text(const char *text, size_t len, struct config *out, char *err,
                                 size_t err_len)
{
    struct config cfg;
    config_defaults(&cfg);
    struct parse_ctx c = {.cfg = &cfg,
                          .file = "config",
                          .text = text,
                          .text_len = len,
                          .err = err,
                          .err_len = err_len};
    enum vc_status st = run_parse(&c);
    if (st == VC_OK)
        st = finish(&cfg, err, err_len);
    if (st == VC_OK)
        *out = cfg;
    return st;
}

enum vc_status config_load(const char *path, bool must_exist, struct config *out, char *err,
                           size_t err_len)
{
    struct config cfg;
    config_defaults(&cfg);
    enum vc_status st = VC_OK;
    FILE *fp = NULL;
    if (path != NULL) {
        fp = fopen(path, "r");
        if (fp == NULL && (must_exist || errno != ENOENT)) {
            set_err(err, err_len, "%s: cannot read: %s", path, strerror(errno));
            return VC_ERR_IO;
        }
    }
    if (fp != NULL) {
        struct parse_ctx c = {.cfg = &cfg, .file = path, .fp = fp, .err = err, .err_len = err_len};
        st = run_parse(&c);
        if (st == VC_OK && ferror(fp)) {
            set_err(err, err_len, "%s: read error", path);
            st = VC_ERR_IO;
        }
        fclose(fp);
        if (st != VC_OK)
            return st;
    }
    st = apply_env(&cfg, err, err_len);
    if (st == VC_OK)
        st = finish(&cfg, err, err_len);
    if (st == VC_OK)
        *out = cfg;
    return st;
}
