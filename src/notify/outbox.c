/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* The outbox worker (notify/outbox.h): claims the due messages for a lease,
 * renders each through its channel, records delivered / retried / stuck,
 * wipes a delivered message's secrets; the thread that runs it in serve. */
#include <jansson.h>
#include <pthread.h>
#include <sodium.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "core/messages.h"
#include "core/phone.h"
#include "core/repo.h"
#include "notify/backchannel.h"
#include "notify/channel.h"
#include "notify/outbox.h"
#include "notify/sms_http.h"
#include "render/dates.h"
#include "render/ics.h"
#include "render/links.h"
#include "render/mail.h"
#include "render/pdf.h"
#include "store/store.h"
#include "util/buf.h"
#include "util/log.h"
#include "util/str.h"
#include "util/xalloc.h"
#include "util/json_mem.h"

#define OUTBOX_BATCH 32
#define OUTBOX_LEASE_SECONDS 300 /* far longer than a batch takes; short enough to heal */

int64_t outbox_backoff_seconds(int attempts, int64_t base, int64_t max)
{
    int64_t s = base;
    for (int i = 1; i < attempts && s < max; i++)
        s *= 2;
    return s < max ? s : max;
}

static const char *field(json_t *p, const char *name)
{
    const char *v = json_string_value(json_object_get(p, name));
    return v != NULL ? v : "";
}

static bool payload_value(void *ctx, const char *name, struct buf *out)
{
    const char *v = json_string_value(json_object_get(ctx, name));
    if (v == NULL)
        return false;
    buf_puts(out, v);
    return true;
}

/* The subject: catalogue text with {field} from the payload. */
static void subject_of(const struct notify_config *cfg, const struct outbox_msg *m, json_t *p,
                       struct buf *out)
{
    char key[80];
    snprintf(key, sizeof key, "mail.%s.subject", m->template_name);
    i18n_format(i18n_get(cfg->i18n, m->lang, key), payload_value, p, out);
}

/* "YYYY-MM-DDTHH:MM" into a civil time; false for anything else. */
static bool parse_start(const char *s, struct ics_time *t)
{
    char tail;
    memset(t, 0, sizeof *t);
    return strlen(s) == 16 && s[10] == 'T' &&
           sscanf(s, "%4d-%2d-%2dT%2d:%2d%c", &t->year, &t->month, &t->day, &t->hour, &t->minute,
                  &tail) == 5;
}

/* The host of the base URL: the right-hand side of invitation UIDs. */
static void base_host(const char *base_url, char *out, size_t size)
{
    const char *h = strstr(base_url, "://");
    h = h != NULL ? h + 3 : base_url;
    size_t n = strcspn(h, ":/");
    snprintf(out, size, "%.*s", (int)(n < size ? n : size - 1), h);
}

/* A message about an appointment (core/steps/in_person.c: appt_* fields)
 * carries its invitation (render/ics.h); the payload also gets the date as
 * people read it. Others: nothing to do. */
static enum vc_status invitation(const struct notify_config *cfg, const struct outbox_msg *m,
                                 json_t *p, struct buf *ics)
{
    const char *method = field(p, "appt_method");
    char day[DATES_TEXT_MAX];
    dates_format_iso(m->lang, field(p, "appt_date"), day, sizeof day);
    json_object_set_new(p, "appt_day", json_string(day));
    if (method[0] == '\0')
        return VC_OK;
    struct ics_event e = {.sequence = atoi(field(p, "appt_seq")),
                          .cancelled = strcmp(method, "CANCEL") == 0,
                          .stamp_utc = cfg->now(cfg->now_ctx),
                          .location = field(p, "office_address"),
                          .organizer_name = field(p, "office_name"),
                          .organizer_email = field(p, "office_email"),
                          .attendee_email = m->recipient};
    char uid[160], key[80], summary[256];
    base_host(cfg->base_url, key, sizeof key);
    snprintf(uid, sizeof uid, "%s@%s", field(p, "appt_uid"), key);
    e.uid = uid;
    snprintf(summary, sizeof summary, "%s: %s", i18n_get(cfg->i18n, m->lang, "ics.appointment"),
             field(p, "office_name"));
    e.summary = summary;
    e.description = i18n_get(cfg->i18n, m->lang, "ics.appointment.description");
    if (!parse_start(field(p, "appt_start"), &e.start) ||
        !parse_start(field(p, "appt_end"), &e.end))
        return VC_ERR_INVALID;
    return ics_render(&e, ics);
}

static enum vc_status render_mail(const struct notify_config *cfg, const struct outbox_msg *m,
                                  json_t *p, struct buf *out)
{
    struct buf ics;
    buf_init(&ics);
    enum vc_status inv = invitation(cfg, m, p, &ics);
    if (inv != VC_OK) {
        buf_fini(&ics);
        return inv;
    }
    struct buf text, html, subject;
    buf_init(&text);
    buf_init(&html);
    buf_init(&subject);
    char name[96];
    json_object_set_new(p, "institution", json_string(cfg->institution));
    json_object_set_new(p, "base_url", json_string(cfg->base_url));
    snprintf(name, sizeof name, "mail/%s.txt", m->template_name);
    enum vc_status st = tmpl_render(cfg->templates, name, p, cfg->i18n, m->lang, &text);
    snprintf(name, sizeof name, "mail/%s.html", m->template_name);
    if (st == VC_OK)
        st = tmpl_render(cfg->templates, name, p, cfg->i18n, m->lang, &html);
    subject_of(cfg, m, p, &subject);
    if (st == VC_OK) {
        struct mail_message mm = {
            .from = cfg->mail_from,
            .to = m->recipient,
            .subject = subject.data,
            .text = text.data,
            .html = html.data,
            .message_id = m->idempotency_key,
            .date = cfg->now(cfg->now_ctx),
            .calendar = ics.len > 0 ? ics.data : NULL,
            .calendar_method = field(p, "appt_method"),
        };
        st = mail_format(&mm, out);
    }
    buf_fini(&ics);
    buf_fini(&text);
    buf_fini(&html);
    buf_fini(&subject);
    return st;
}

/* The addressee of a letter from its payload (core/messages.h:
 * messages_person_address). */
static void addressee(json_t *p, struct member *to)
{
    memset(to, 0, sizeof *to);
    str_copy(to->given_name, field(p, "given_name"), sizeof to->given_name);
    str_copy(to->family_name, field(p, "family_name"), sizeof to->family_name);
    str_copy(to->company_name, field(p, "company_name"), sizeof to->company_name);
    str_copy(to->address, field(p, "address"), sizeof to->address);
    str_copy(to->postcode, field(p, "postcode"), sizeof to->postcode);
    str_copy(to->city, field(p, "city"), sizeof to->city);
    str_copy(to->province, field(p, "province"), sizeof to->province);
}

static void today(const struct notify_config *cfg, char date[16])
{
    time_t now = (time_t)cfg->now(cfg->now_ctx);
    struct tm tm;
    gmtime_r(&now, &tm);
    strftime(date, 16, "%d/%m/%Y", &tm);
}

static enum vc_status render_letter(const struct notify_config *cfg, const struct outbox_msg *m,
                                    json_t *p, struct buf *out)
{
    struct member to;
    char date[16];
    addressee(p, &to);
    today(cfg, date);
    struct pdf_letter l = {
        .lang = m->lang,
        .institution = cfg->institution,
        .institution_address = cfg->institution_address,
        .to = &to,
        .code = field(p, "code"),
        .activation_url = field(p, "activation_url"),
        .date = date,
        .expires = field(p, "expires_at"),
        .reference = field(p, "case_number")[0] ? field(p, "case_number") : m->idempotency_key,
    };
    return pdf_render_letter(&l, cfg->i18n, out);
}

static enum vc_status render_registered(const struct notify_config *cfg, const struct outbox_msg *m,
                                        json_t *p, struct buf *out)
{
    struct member to;
    char date[16];
    addressee(p, &to);
    today(cfg, date);
    struct pdf_registered r = {
        .lang = m->lang,
        .institution = cfg->institution,
        .institution_address = cfg->institution_address,
        .to = &to,
        .tracking = field(p, "tracking"),
        .secret = field(p, "second_half"),
        .login_url = field(p, "login_url"),
        .date = date,
        .reference = m->idempotency_key,
    };
    return pdf_render_registered(&r, cfg->i18n, out);
}

/* The text of an SMS: sms/<template>.txt (one line, the payload and
 * catalogue filled in). */
static enum vc_status sms_text(const struct notify_config *cfg, const struct outbox_msg *m,
                               json_t *p, struct buf *out)
{
    char name[96];
    json_object_set_new(p, "institution", json_string(cfg->institution));
    snprintf(name, sizeof name, "sms/%s.txt", m->template_name);
    return tmpl_render(cfg->templates, name, p, cfg->i18n, m->lang, out);
}

/* An SMS as the file channel keeps it: the number, then the text. */
static enum vc_status render_sms(const struct notify_config *cfg, const struct outbox_msg *m,
                                 json_t *p, struct buf *out)
{
    buf_printf(out, "To: %s\n\n", m->recipient);
    return sms_text(cfg, m, p, out);
}

/* An SMS through the HTTP gateway ([sms] gateway = http): the text alone,
 * to an E.164 number (core/phone.h; anything else would be the gateway's
 * guess), with the message's idempotency key (notify/sms_http.h). */
static enum vc_status send_sms_http(const struct notify_config *cfg, const struct outbox_msg *m,
                                    json_t *p, struct buf *out, char *err, size_t err_len)
{
    if (!phone_is_e164(m->recipient)) {
        snprintf(err, err_len, "sms: the recipient is not an E.164 mobile number");
        return VC_ERR_INVALID;
    }
    enum vc_status st = sms_text(cfg, m, p, out);
    if (st != VC_OK)
        return st;
    return sms_http_deliver(cfg->sms_http, m->idempotency_key, m->recipient,
                            out->data != NULL ? out->data : "", err, err_len);
}

/* The channels as a table (DESIGN.md "Channels are a table"): how each
 * renders a message and where the file channel of dev mode puts it. Real
 * gateways (SMTP, the SMS gateway of notify/sms_http.h, the print vendor's
 * spool) replace the delivery, never the rendering. */
struct channel_def {
    enum outbox_channel channel;
    const char *folder; /* under <data_dir>/outbox/ */
    const char *ext;
    enum vc_status (*render)(const struct notify_config *cfg, const struct outbox_msg *m, json_t *p,
                             struct buf *out);
};

static const struct channel_def CHANNELS[] = {
    {OUTBOX_MAIL, "mail", "eml", render_mail},
    {OUTBOX_SMS, "sms", "txt", render_sms},
    {OUTBOX_LETTER, "letters", "pdf", render_letter},
    {OUTBOX_REGISTERED_LETTER, "letters", "pdf", render_registered},
    {OUTBOX_BACKCHANNEL, NULL, NULL, NULL}, /* an HTTP POST, never a file */
};

/* A back-channel logout: a token signed now, POSTed to the client. */
static enum vc_status send_backchannel(const struct notify_config *cfg, const struct outbox_msg *m,
                                       json_t *p, char *err, size_t err_len)
{
    const char *uri = json_string_value(json_object_get(p, "uri"));
    if (uri == NULL) {
        snprintf(err, err_len, "back-channel logout: no uri in the payload");
        return VC_ERR_INVALID;
    }
    if (cfg->logout_token == NULL) {
        snprintf(err, err_len, "back-channel logout: no signer here (the server delivers it)");
        return VC_ERR_IO;
    }
    char *jwt = NULL;
    enum vc_status st = cfg->logout_token(cfg->logout_token_ctx, m->payload, &jwt);
    if (st != VC_OK) {
        snprintf(err, err_len, "back-channel logout: cannot sign (%s)", vc_status_name(st));
        return st;
    }
    st = backchannel_deliver(uri, jwt, err, err_len);
    free(jwt);
    return st;
}

/* Named links ("link:activation") become URLs of this deployment. */
static void resolve_links(const struct notify_config *cfg, json_t *p)
{
    const char *key;
    json_t *v;
    json_object_foreach(p, key, v)
    {
        const char *s = json_string_value(v);
        struct buf url;
        buf_init(&url);
        if (s != NULL && links_resolve(cfg->base_url, s, &url))
            json_string_setn(v, url.data, url.len);
        buf_fini(&url);
    }
}

/* Renders and hands one message to its channel. */
static enum vc_status deliver(const struct notify_config *cfg, const struct outbox_msg *m,
                              char *err, size_t err_len)
{
    json_error_t je;
    json_t *p = json_loads(m->payload, 0, &je);
    if (!json_is_object(p)) {
        json_decref(p);
        snprintf(err, err_len, "bad payload: %s", je.text);
        return VC_ERR_INVALID;
    }
    resolve_links(cfg, p);
    struct buf out;
    buf_init(&out);
    enum vc_status st = VC_ERR_INVALID;
    for (size_t i = 0; i < sizeof CHANNELS / sizeof CHANNELS[0]; i++) {
        const struct channel_def *c = &CHANNELS[i];
        if (c->channel != m->channel)
            continue;
        if (c->channel == OUTBOX_BACKCHANNEL) {
            st = send_backchannel(cfg, m, p, err, err_len);
            break;
        }
        if (c->channel == OUTBOX_SMS && cfg->sms_http != NULL) {
            st = send_sms_http(cfg, m, p, &out, err, err_len);
            break;
        }
        st = c->render(cfg, m, p, &out);
        if (st == VC_OK)
            st = channel_file_deliver(cfg->data_dir, c->folder, m->idempotency_key, c->ext,
                                      out.data, out.len, err, err_len);
        break;
    }
    if (st != VC_OK && err[0] == '\0')
        snprintf(err, err_len, "cannot render %s: %s", m->template_name, vc_status_name(st));
    if (out.data != NULL) /* codes and links, rendered: not left in freed memory */
        sodium_memzero(out.data, out.len);
    buf_fini(&out);
    json_decref(p);
    return st;
}

/* After delivery the secrets a payload carried are of no further use. */
static void wipe_secrets(struct outbox_msg *m)
{
    json_t *p = json_loads(m->payload, 0, NULL);
    if (p == NULL)
        return;
    /* the template's declaration says which fields are secret */
    const struct message_def *def = messages_def(m->template_name);
    for (size_t i = 0; def != NULL && i < MSG_SECRETS_MAX && def->secrets[i] != NULL; i++) {
        if (json_object_get(p, def->secrets[i]) != NULL)
            json_object_set_new(p, def->secrets[i], json_string("[sent]"));
    }
    char *s = json_text(p, JSON_COMPACT | JSON_SORT_KEYS);
    if (s != NULL)
        str_copy(m->payload, s, sizeof m->payload);
    free(s);
    json_decref(p);
}

/* Who claims: "<host>:<pid>", so that a worker can tell the claims of a
 * process of its own host that is gone from those of a live one. */
static void worker_name(char out[OUTBOX_WORKER_MAX])
{
    char host[64] = "";
    if (gethostname(host, sizeof host) != 0)
        host[0] = '\0';
    host[sizeof host - 1] = '\0';
    snprintf(out, OUTBOX_WORKER_MAX, "%s:%ld", host, (long)getpid());
}

/* True when name is a worker of this host whose process is gone (or is
 * this very process, which holds no claim before its first pass). */
static bool claimer_gone(const char *name, const char *self)
{
    const char *colon = strrchr(name, ':');
    const char *self_colon = strrchr(self, ':');
    if (colon == NULL || self_colon == NULL || colon - name != self_colon - self ||
        strncmp(name, self, (size_t)(colon - name)) != 0)
        return false; /* another host's: its lease decides */
    char *end = NULL;
    errno = 0;
    long pid = strtol(colon + 1, &end, 10);
    if (errno != 0 || end == colon + 1 || *end != '\0' || pid <= 0)
        return false;
    if (pid == (long)getpid())
        return true;
    return kill((pid_t)pid, 0) != 0 && errno == ESRCH;
}

enum vc_status outbox_release_dead_claims(struct store *s, int64_t now)
{
    char self[OUTBOX_WORKER_MAX];
    worker_name(self);
    char(*names)[OUTBOX_WORKER_MAX] = xcalloc(OUTBOX_BATCH, sizeof *names);
    size_t n = 0;
    enum vc_status st = store_begin(s);
    if (st == VC_OK)
        st = repo_outbox_claimers(s, now, names, OUTBOX_BATCH, &n);
    for (size_t i = 0; st == VC_OK && i < n; i++) {
        if (claimer_gone(names[i], self)) {
            st = repo_outbox_release(s, names[i]);
            log_info("outbox: the claims of %s (gone) are released", names[i]);
        }
    }
    st = st == VC_OK ? store_commit(s) : (store_rollback(s), st);
    free(names);
    return st;
}

enum vc_status outbox_run_once(const struct notify_config *cfg, struct store *s,
                               size_t *out_delivered)
{
    struct outbox_msg *due = xcalloc(OUTBOX_BATCH, sizeof *due);
    size_t n = 0, delivered = 0;
    int64_t now = cfg->now(cfg->now_ctx);
    /* claimed, not just read: another node's worker skips these for the
     * lease, and a worker that dies mid-batch leaves them to the next */
    char worker[OUTBOX_WORKER_MAX];
    worker_name(worker);
    enum vc_status st = store_begin(s);
    if (st == VC_OK) {
        st = repo_outbox_claim(s, now, now + OUTBOX_LEASE_SECONDS, worker, due, OUTBOX_BATCH, &n);
        st = st == VC_OK ? store_commit(s) : (store_rollback(s), st);
    }
    for (size_t i = 0; st == VC_OK && i < n; i++) {
        struct outbox_msg *m = &due[i];
        char err[256] = "";
        enum vc_status ds = deliver(cfg, m, err, sizeof err);
        now = cfg->now(cfg->now_ctx);
        if (ds == VC_OK) {
            m->status = OUTBOX_DELIVERED;
            m->delivered_at = now;
            m->last_error[0] = '\0';
            wipe_secrets(m);
            delivered++;
        } else {
            m->attempts++;
            str_copy(m->last_error, err, sizeof m->last_error);
            m->next_attempt_at =
                now + outbox_backoff_seconds(m->attempts, cfg->backoff_base_seconds,
                                             cfg->backoff_max_seconds);
            if (m->attempts >= cfg->max_attempts)
                m->status = OUTBOX_STUCK;
            log_warn("outbox: message %lld (%s) attempt %d: %s", (long long)m->id, m->template_name,
                     m->attempts, err);
        }
        if ((st = store_begin(s)) != VC_OK)
            break;
        st = repo_outbox_update(s, m);
        /* a letter handed to the print spool is printed: its tracking row says so */
        if (st == VC_OK && m->status == OUTBOX_DELIVERED &&
            (m->channel == OUTBOX_LETTER || m->channel == OUTBOX_REGISTERED_LETTER))
            st = repo_letter_printed(s, m->id, now);
        if (st != VC_OK) {
            store_rollback(s);
            break;
        }
        st = store_commit(s);
    }
    free(due);
    if (out_delivered != NULL)
        *out_delivered = delivered;
    return st;
}

struct outbox_worker {
    struct notify_config cfg;
    char store_url[600];
    pthread_t thread;
    pthread_mutex_t lock;
    pthread_cond_t cond;
    bool stop, kicked;
};

static void *worker_main(void *arg)
{
    struct outbox_worker *w = arg;
    struct store *s = NULL;
    if (store_open(w->store_url, &s) != VC_OK) {
        log_error("outbox: cannot open the store");
        return NULL;
    }
    if (outbox_release_dead_claims(s, w->cfg.now(w->cfg.now_ctx)) != VC_OK)
        log_warn("outbox: cannot release the claims of workers gone");
    pthread_mutex_lock(&w->lock);
    while (!w->stop) {
        w->kicked = false;
        pthread_mutex_unlock(&w->lock);
        size_t n = 0;
        if (outbox_run_once(&w->cfg, s, &n) != VC_OK)
            log_warn("outbox: pass failed");
        pthread_mutex_lock(&w->lock);
        if (w->stop || w->kicked || n == OUTBOX_BATCH)
            continue;
        struct timespec ts;
        clock_gettime(CLOCK_REALTIME, &ts);
        ts.tv_sec += 1;
        pthread_cond_timedwait(&w->cond, &w->lock, &ts);
    }
    pthread_mutex_unlock(&w->lock);
    store_close(s);
    return NULL;
}

enum vc_status outbox_worker_start(const struct notify_config *cfg, const char *store_url,
                                   struct outbox_worker **out)
{
    struct outbox_worker *w = xcalloc(1, sizeof *w);
    w->cfg = *cfg;
    str_copy(w->store_url, store_url, sizeof w->store_url);
    pthread_mutex_init(&w->lock, NULL);
    pthread_cond_init(&w->cond, NULL);
    if (pthread_create(&w->thread, NULL, worker_main, w) != 0) {
        free(w);
        return VC_ERR_INTERNAL;
    }
    *out = w;
    return VC_OK;
}

void outbox_worker_kick(struct outbox_worker *w)
{
    if (w == NULL)
        return;
    pthread_mutex_lock(&w->lock);
    w->kicked = true;
    pthread_cond_signal(&w->cond);
    pthread_mutex_unlock(&w->lock);
}

void outbox_worker_stop(struct outbox_worker *w)
{
    if (w == NULL)
        return;
    pthread_mutex_lock(&w->lock);
    w->stop = true;
    pthread_cond_signal(&w->cond);
    pthread_mutex_unlock(&w->lock);
    pthread_join(w->thread, NULL);
    pthread_mutex_destroy(&w->lock);
    pthread_cond_destroy(&w->cond);
    free(w);
}
