/* SPDX-License-Identifier: AGPL-3.0-or-later */
#include <sodium.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "render/mail.h"

static bool has_crlf(const char *s)
{
    return s != NULL && strpbrk(s, "\r\n") != NULL;
}

static bool ascii(const char *s)
{
    for (; *s; s++) {
        if ((unsigned char)*s >= 0x80)
            return false;
    }
    return true;
}

static void base64(struct buf *out, const void *data, size_t len, size_t wrap)
{
    size_t n = sodium_base64_ENCODED_LEN(len, sodium_base64_VARIANT_ORIGINAL);
    char *tmp = malloc(n);
    if (tmp == NULL)
        abort();
    sodium_bin2base64(tmp, n, data, len, sodium_base64_VARIANT_ORIGINAL);
    size_t l = strlen(tmp);
    for (size_t i = 0; i < l; i += wrap) {
        buf_append(out, tmp + i, l - i < wrap ? l - i : wrap);
        buf_puts(out, "\r\n");
    }
    free(tmp);
}

/* RFC 2047 encoded words of at most 75 characters, cut on character boundaries. */
static void header_words(struct buf *out, const char *s)
{
    if (ascii(s)) {
        buf_puts(out, s);
        return;
    }
    size_t len = strlen(s), i = 0;
    bool first = true;
    while (i < len) {
        size_t take = 0;
        while (i + take < len && take < 45) {
            size_t cl = 1;
            unsigned char c = (unsigned char)s[i + take];
            if (c >= 0xf0)
                cl = 4;
            else if (c >= 0xe0)
                cl = 3;
            else if (c >= 0xc0)
                cl = 2;
            if (take + cl > 45)
                break;
            take += cl;
        }
        char enc[128];
        sodium_bin2base64(enc, sizeof enc, (const unsigned char *)s + i, take,
                          sodium_base64_VARIANT_ORIGINAL);
        buf_printf(out, "%s=?UTF-8?B?%s?=", first ? "" : "\r\n ", enc);
        first = false;
        i += take;
    }
}

static void part(struct buf *out, const char *type, const char *body)
{
    buf_printf(out, "Content-Type: %s; charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n\r\n",
               type);
    base64(out, body, strlen(body), 76);
}

enum vc_status mail_format(const struct mail_message *m, struct buf *out)
{
    if (has_crlf(m->from) || has_crlf(m->to) || has_crlf(m->subject) || has_crlf(m->message_id))
        return VC_ERR_INVALID;
    char date[64];
    time_t t = (time_t)m->date;
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(date, sizeof date, "%a, %d %b %Y %H:%M:%S +0000", &tm);
    buf_printf(out, "Date: %s\r\nFrom: %s\r\nTo: %s\r\nSubject: ", date, m->from, m->to);
    header_words(out, m->subject);
    buf_printf(out, "\r\nMessage-ID: <%s@varco>\r\nMIME-Version: 1.0\r\n", m->message_id);
    if (m->html == NULL) {
        part(out, "text/plain", m->text);
        return VC_OK;
    }
    buf_printf(out,
               "Content-Type: multipart/alternative; boundary=\"=_varco_%s\"\r\n\r\n"
               "--=_varco_%s\r\n",
               m->message_id, m->message_id);
    part(out, "text/plain", m->text);
    buf_printf(out, "--=_varco_%s\r\n", m->message_id);
    part(out, "text/html", m->html);
    buf_printf(out, "--=_varco_%s--\r\n", m->message_id);
    return VC_OK;
}
