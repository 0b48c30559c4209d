/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* RFC 5322 message formatting: headers (RFC 2047 encoded words for UTF-8
 * subjects), MIME text/plain or multipart/alternative text + HTML, bodies in
 * base64 with 76-character lines (RFC 2045 §6.8), CRLF everywhere. No clock
 * and no randomness: the date and the boundary come from the message, so the
 * same outbox row always renders to the same bytes. */
#include <sodium.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "render/mail.h"

#define MAIL_B64_LINE 76    /* RFC 2045 §6.8 */
#define MAIL_WORD_BYTES 39  /* 39 bytes -> 52 base64 chars -> 64-char encoded word */
#define MAIL_BOUNDARY_ID 60 /* "=_varco_" + 60 <= 70 chars (RFC 2046 §5.1.1) */

/* CR or LF in a header value would let the caller's data start new headers
 * (header injection), so such messages are refused, not cleaned. */
static bool has_crlf(const char *s)
{
    return s != NULL && strpbrk(s, "\r\n") != NULL;
}

static bool is_ascii(const char *s)
{
    for (; *s != '\0'; s++) {
        if ((unsigned char)*s >= 0x80)
            return false;
    }
    return true;
}

/* Length of the UTF-8 sequence starting with byte c; 1 for stray bytes so
 * that malformed input still advances. */
static size_t utf8_len(unsigned char c)
{
    if (c >= 0xf0)
        return 4;
    if (c >= 0xe0)
        return 3;
    if (c >= 0xc0)
        return 2;
    return 1;
}

/* The longest prefix of s[0..len) of at most max bytes that does not cut a
 * character; at least one character, so a word always makes progress. */
static size_t word_cut(const char *s, size_t len, size_t max)
{
    size_t n = 0;

    while (n < len) {
        size_t cl = utf8_len((unsigned char)s[n]);
        if (cl > len - n)
            cl = len - n;
        if (n > 0 && n + cl > max)
            break;
        n += cl;
    }
    return n;
}

/* RFC 2047 "B" encoded words, each at most 75 characters and cut on
 * character boundaries (§5, rule 3), folded onto continuation lines. */
static void put_header_text(struct buf *out, const char *s)
{
    size_t len = strlen(s), i = 0;

    if (is_ascii(s)) {
        buf_puts(out, s);
        return;
    }
    while (i < len) {
        size_t n = word_cut(s + i, len - i, MAIL_WORD_BYTES);
        char enc[sodium_base64_ENCODED_LEN(MAIL_WORD_BYTES + 3, sodium_base64_VARIANT_ORIGINAL)];
        sodium_bin2base64(enc, sizeof enc, (const unsigned char *)s + i, n,
                          sodium_base64_VARIANT_ORIGINAL);
        buf_printf(out, "%s=?UTF-8?B?%s?=", i == 0 ? "" : "\r\n ", enc);
        i += n;
    }
}

/* Base64 of a text body in canonical form (RFC 2046 §4.1.1: CRLF line
 * breaks; templates use bare LF), in lines of MAIL_B64_LINE. */
static void put_base64(struct buf *out, const char *body)
{
    struct buf canon;
    char *enc = NULL;

    buf_init(&canon);
    buf_puts(&canon, "");
    for (const char *p = body; *p != '\0'; p++) {
        if (*p == '\n' && (p == body || p[-1] != '\r'))
            buf_putc(&canon, '\r');
        buf_putc(&canon, *p);
    }
    size_t n = sodium_base64_ENCODED_LEN(canon.len, sodium_base64_VARIANT_ORIGINAL);
    enc = malloc(n);
    if (enc == NULL)
        abort(); /* bodies are bounded templates; see util/xalloc.h */
    sodium_bin2base64(enc, n, (const unsigned char *)canon.data, canon.len,
                      sodium_base64_VARIANT_ORIGINAL);
    size_t elen = strlen(enc);
    for (size_t i = 0; i < elen; i += MAIL_B64_LINE) {
        buf_append(out, enc + i, elen - i < MAIL_B64_LINE ? elen - i : MAIL_B64_LINE);
        buf_puts(out, "\r\n");
    }
    free(enc);
    buf_fini(&canon);
}

static void put_part(struct buf *out, const char *type, const char *body)
{
    buf_printf(out,
               "Content-Type: %s; charset=utf-8\r\n"
               "Content-Transfer-Encoding: base64\r\n\r\n",
               type);
    put_base64(out, body != NULL ? body : "");
}

/* The text and the HTML, and the invitation for calendars that read it in
 * place (RFC 6047 §2.4: text/calendar with its method). */
static void put_alternative(struct buf *out, const struct mail_message *m, const char *b)
{
    buf_printf(out, "--%s\r\n", b);
    put_part(out, "text/plain", m->text);
    buf_printf(out, "\r\n--%s\r\n", b);
    put_part(out, "text/html", m->html);
    if (m->calendar != NULL) {
        char type[64];
        snprintf(type, sizeof type, "text/calendar; method=%s", m->calendar_method);
        buf_printf(out, "\r\n--%s\r\n", b);
        put_part(out, type, m->calendar);
    }
    buf_printf(out, "\r\n--%s--\r\n", b);
}

/* RFC 5322 §3.3 date in UTC; names spelt out here because strftime's %a and
 * %b follow the locale. */
static void put_date(struct buf *out, int64_t at)
{
    static const char days[7][4] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
    static const char months[12][4] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                       "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    time_t t = (time_t)at;
    struct tm tm;

    if (gmtime_r(&t, &tm) == NULL) {
        t = 0;
        gmtime_r(&t, &tm);
    }
    buf_printf(out, "Date: %s, %02d %s %04d %02d:%02d:%02d +0000\r\n", days[tm.tm_wday], tm.tm_mday,
               months[tm.tm_mon], tm.tm_year + 1900, tm.tm_hour, tm.tm_min, tm.tm_sec);
}

/* "=_varco_" + the message id, kept to characters that need no quoting
 * thought: "=_" cannot occur in base64 output, so the boundary never
 * collides with a body line. */
static void make_boundary(const char *id, char *out, size_t size)
{
    size_t o = strlen(strcpy(out, "=_varco_"));

    for (; *id != '\0' && o + 1 < size && o < 8 + MAIL_BOUNDARY_ID; id++) {
        char c = *id;
        if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
            c == '.' || c == '-' || c == '_')
            out[o++] = c;
    }
    out[o] = '\0';
}

enum vc_status mail_format(const struct mail_message *m, struct buf *out)
{
    if (m->from == NULL || m->to == NULL || m->subject == NULL || m->message_id == NULL)
        return VC_ERR_INVALID;
    if (has_crlf(m->from) || has_crlf(m->to) || has_crlf(m->subject) || has_crlf(m->message_id))
        return VC_ERR_INVALID;
    if (m->calendar != NULL &&
        (m->html == NULL || m->calendar_method == NULL ||
         (strcmp(m->calendar_method, "REQUEST") != 0 && strcmp(m->calendar_method, "CANCEL") != 0)))
        return VC_ERR_INVALID;

    put_date(out, m->date);
    buf_printf(out, "From: %s\r\nTo: %s\r\nSubject: ", m->from, m->to);
    put_header_text(out, m->subject);
    buf_printf(out, "\r\nMessage-ID: <%s@varco>\r\nMIME-Version: 1.0\r\n", m->message_id);
    if (m->html == NULL) {
        put_part(out, "text/plain", m->text);
        return VC_OK;
    }

    char b[8 + MAIL_BOUNDARY_ID + 1];
    make_boundary(m->message_id, b, sizeof b);
    if (m->calendar == NULL) {
        buf_printf(out, "Content-Type: multipart/alternative;\r\n boundary=\"%s\"\r\n\r\n", b);
        put_alternative(out, m, b);
        return VC_OK;
    }
    /* an invitation: mixed { alternative { text, html, calendar }, invito.ics } */
    char mixed[8 + MAIL_BOUNDARY_ID + 3];
    snprintf(mixed, sizeof mixed, "%s_m", b);
    buf_printf(out, "Content-Type: multipart/mixed;\r\n boundary=\"%s\"\r\n\r\n", mixed);
    buf_printf(out, "--%s\r\nContent-Type: multipart/alternative;\r\n boundary=\"%s\"\r\n\r\n",
               mixed, b);
    put_alternative(out, m, b);
    buf_printf(out,
               "\r\n--%s\r\n"
               "Content-Type: application/ics; name=\"invito.ics\"\r\n"
               "Content-Disposition: attachment; filename=\"invito.ics\"\r\n"
               "Content-Transfer-Encoding: base64\r\n\r\n",
               mixed);
    put_base64(out, m->calendar);
    buf_printf(out, "\r\n--%s--\r\n", mixed);
    return VC_OK;
}
