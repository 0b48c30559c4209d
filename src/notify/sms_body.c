/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* The SMS gateway's request body (notify/sms_body.h): placeholders filled
 * with escaped values. No I/O. */
#include "notify/sms_body.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

/* "application/json; charset=utf-8" -> does the media type (before ';')
 * equal name or end with suffix ("+json")? */
static bool media_is(const char *ct, const char *name, const char *suffix)
{
    size_t len = strcspn(ct, ";");
    while (len > 0 && (ct[len - 1] == ' ' || ct[len - 1] == '\t'))
        len--;
    size_t n = strlen(name), s = suffix != NULL ? strlen(suffix) : 0;
    return (len == n && strncasecmp(ct, name, n) == 0) ||
           (s > 0 && len > s && strncasecmp(ct + len - s, suffix, s) == 0);
}

enum sms_body_escape sms_body_escape_for(const char *content_type)
{
    while (*content_type == ' ')
        content_type++;
    if (media_is(content_type, "application/json", "+json"))
        return SMS_BODY_JSON;
    if (media_is(content_type, "application/x-www-form-urlencoded", NULL))
        return SMS_BODY_FORM;
    if (media_is(content_type, "application/xml", "+xml") ||
        media_is(content_type, "text/xml", NULL))
        return SMS_BODY_XML;
    return SMS_BODY_RAW;
}

/* RFC 8259 §7: '"', '\' and the control characters must be escaped; the
 * rest (UTF-8 included) may stand as it is. */
static void put_json(struct buf *out, const char *v)
{
    for (const unsigned char *p = (const unsigned char *)v; *p; p++) {
        switch (*p) {
        case '"':
            buf_puts(out, "\\\"");
            break;
        case '\\':
            buf_puts(out, "\\\\");
            break;
        case '\n':
            buf_puts(out, "\\n");
            break;
        case '\r':
            buf_puts(out, "\\r");
            break;
        case '\t':
            buf_puts(out, "\\t");
            break;
        default:
            if (*p < 0x20 || *p == 0x7f)
                buf_printf(out, "\\u%04x", *p);
            else
                buf_putc(out, (char)*p);
        }
    }
}

/* application/x-www-form-urlencoded (WHATWG URL §5.2): unreserved bytes as
 * they are, space as '+', every other byte as %XX. */
static void put_form(struct buf *out, const char *v)
{
    for (const unsigned char *p = (const unsigned char *)v; *p; p++) {
        if ((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') ||
            *p == '-' || *p == '.' || *p == '_' || *p == '*')
            buf_putc(out, (char)*p);
        else if (*p == ' ')
            buf_putc(out, '+');
        else
            buf_printf(out, "%%%02X", *p);
    }
}

static void put_xml(struct buf *out, const char *v)
{
    for (const char *p = v; *p; p++) {
        switch (*p) {
        case '&':
            buf_puts(out, "&amp;");
            break;
        case '<':
            buf_puts(out, "&lt;");
            break;
        case '>':
            buf_puts(out, "&gt;");
            break;
        case '"':
            buf_puts(out, "&quot;");
            break;
        case '\'':
            buf_puts(out, "&apos;");
            break;
        default:
            buf_putc(out, *p);
        }
    }
}

static void put(struct buf *out, enum sms_body_escape esc, const char *v)
{
    switch (esc) {
    case SMS_BODY_JSON:
        put_json(out, v);
        break;
    case SMS_BODY_FORM:
        put_form(out, v);
        break;
    case SMS_BODY_XML:
        put_xml(out, v);
        break;
    case SMS_BODY_RAW:
        buf_puts(out, v);
        break;
    }
}

void sms_body_render(const char *tmpl, enum sms_body_escape esc, const char *to, const char *text,
                     const char *key, struct buf *out)
{
    const struct {
        const char *name, *value;
    } vars[] = {{"{to}", to}, {"{text}", text}, {"{key}", key}};
    for (const char *p = tmpl; *p;) {
        bool done = false;
        for (size_t i = 0; *p == '{' && i < sizeof vars / sizeof vars[0]; i++) {
            size_t n = strlen(vars[i].name);
            if (strncmp(p, vars[i].name, n) == 0) {
                put(out, esc, vars[i].value);
                p += n;
                done = true;
                break;
            }
        }
        if (!done)
            buf_putc(out, *p++);
    }
}
