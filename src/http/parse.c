/* SPDX-License-Identifier: AGPL-3.0-or-later */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "http/parse.h"
#include "util/str.h"

/* Decodes %XX and '+' of s[0..len) into the arena; NULL if malformed
 * (a bad escape), or if the result is not clean UTF-8 text and bad_text is
 * NULL; otherwise *bad_text tells whether it is. */
static char *decode(struct arena *a, const char *s, size_t len, size_t *out_len, bool *bad_text)
{
    char *out = arena_alloc(a, len + 1);
    size_t o = 0;
    for (size_t i = 0; i < len; i++) {
        if (s[i] == '+') {
            out[o++] = ' ';
        } else if (s[i] == '%') {
            int h, l;
            if (i + 2 >= len || (h = str_hex_value(s[i + 1])) < 0 ||
                (l = str_hex_value(s[i + 2])) < 0)
                return NULL;
            out[o++] = (char)(h * 16 + l);
            i += 2;
        } else {
            out[o++] = s[i];
        }
    }
    out[o] = '\0';
    bool bad = memchr(out, '\0', o) != NULL || !str_is_clean_utf8(out, o);
    if (bad && bad_text == NULL)
        return NULL;
    if (bad_text != NULL)
        *bad_text = bad;
    *out_len = o;
    return out;
}

enum vc_status http_parse_urlencoded(struct arena *a, const char *data, size_t len,
                                     struct http_param *params, size_t max, size_t *n)
{
    size_t i = 0;
    while (i < len) {
        const char *amp = memchr(data + i, '&', len - i);
        size_t end = amp ? (size_t)(amp - data) : len;
        if (end > i) {
            const char *eq = memchr(data + i, '=', end - i);
            size_t klen = eq ? (size_t)(eq - data) - i : end - i;
            size_t vstart = eq ? (size_t)(eq - data) + 1 : end;
            if (*n >= max || end - vstart > 3 * HTTP_FIELD_VALUE_MAX)
                return VC_ERR_INVALID;
            size_t kl = 0, vl = 0;
            bool bad = false;
            char *k = decode(a, data + i, klen, &kl, NULL);
            char *v = decode(a, data + vstart, end - vstart, &vl, &bad);
            if (k == NULL || v == NULL || vl > HTTP_FIELD_VALUE_MAX)
                return VC_ERR_INVALID;
            params[*n] = (struct http_param){
                .name = k, .value = bad ? "" : v, .len = bad ? 0 : vl, .invalid = bad};
            (*n)++;
        }
        i = end + 1;
    }
    return VC_OK;
}

/* The value of attribute attr (e.g. name="x") in a header value; arena copy. */
static char *header_attr(struct arena *a, const char *h, size_t hlen, const char *attr)
{
    size_t al = strlen(attr);
    for (size_t i = 0; i + al + 1 < hlen; i++) {
        if ((i == 0 || h[i - 1] == ' ' || h[i - 1] == ';') && strncasecmp(h + i, attr, al) == 0 &&
            h[i + al] == '=') {
            const char *v = h + i + al + 1;
            const char *end = h + hlen;
            if (v < end && *v == '"') {
                const char *q = memchr(v + 1, '"', (size_t)(end - v - 1));
                if (q == NULL)
                    return NULL;
                return arena_strndup(a, v + 1, (size_t)(q - v - 1));
            }
            const char *e = v;
            while (e < end && *e != ';' && *e != ' ')
                e++;
            return arena_strndup(a, v, (size_t)(e - v));
        }
    }
    return NULL;
}

enum vc_status http_parse_multipart(struct arena *a, const char *content_type, const char *data,
                                    size_t len, bool truncated, struct http_param *form,
                                    size_t form_max, size_t *n_form, struct http_file *files,
                                    size_t files_max, size_t *n_files)
{
    char *boundary = header_attr(a, content_type, strlen(content_type), "boundary");
    if (boundary == NULL || boundary[0] == '\0' || strlen(boundary) > 70)
        return VC_ERR_INVALID;
    char *delim = arena_printf(a, "--%s", boundary);
    size_t dl = strlen(delim);
    const char *end = data + len;
    const char *p = memmem(data, len, delim, dl);
    if (p == NULL)
        return VC_ERR_INVALID;
    size_t parts = 0;
    for (;;) {
        p += dl;
        if (end - p >= 2 && p[0] == '-' && p[1] == '-')
            return VC_OK; /* closing delimiter */
        if (end - p < 2 || p[0] != '\r' || p[1] != '\n')
            return VC_ERR_INVALID;
        p += 2;
        if (++parts > HTTP_PARTS_MAX)
            return VC_ERR_INVALID;
        const char *hend = memmem(p, (size_t)(end - p), "\r\n\r\n", 4);
        if (hend == NULL || hend - p > 4096)
            return VC_ERR_INVALID;
        char *name = NULL, *filename = NULL, *ctype = NULL;
        for (const char *line = p; line < hend;) {
            const char *le = memmem(line, (size_t)(hend - line) + 2, "\r\n", 2);
            size_t ll = (size_t)(le - line);
            if (ll > 20 && strncasecmp(line, "Content-Disposition:", 20) == 0) {
                name = header_attr(a, line + 20, ll - 20, "name");
                filename = header_attr(a, line + 20, ll - 20, "filename");
            } else if (ll > 13 && strncasecmp(line, "Content-Type:", 13) == 0) {
                const char *v = line + 13;
                while (*v == ' ')
                    v++;
                ctype = arena_strndup(a, v, (size_t)(le - v));
            }
            line = le + 2;
        }
        const char *body = hend + 4;
        char *ndelim = arena_printf(a, "\r\n%s", delim);
        const char *bend = memmem(body, (size_t)(end - body), ndelim, dl + 2);
        if (name == NULL || !str_is_clean_utf8(name, strlen(name)))
            return VC_ERR_INVALID;
        if (bend == NULL && truncated && filename != NULL && *n_files < files_max) {
            /* the file that made the body too large: named, not kept */
            files[(*n_files)++] = (struct http_file){
                .field = name,
                .filename = str_is_clean_utf8(filename, strlen(filename)) ? filename : "",
                .content_type = ctype ? ctype : "",
                .too_big = true,
            };
            return VC_OK;
        }
        if (bend == NULL)
            return VC_ERR_INVALID;
        size_t bl = (size_t)(bend - body);
        if (filename != NULL) {
            if (*n_files >= files_max)
                return VC_ERR_INVALID;
            struct http_file *f = &files[(*n_files)++];
            f->field = name;
            f->filename = str_is_clean_utf8(filename, strlen(filename)) ? filename : "";
            f->content_type = ctype ? ctype : "";
            f->data = (const uint8_t *)body;
            f->len = bl;
            f->too_big = false;
        } else {
            if (*n_form >= form_max || bl > HTTP_FIELD_VALUE_MAX)
                return VC_ERR_INVALID;
            bool bad = memchr(body, '\0', bl) != NULL || !str_is_clean_utf8(body, bl);
            form[*n_form] = (struct http_param){.name = name,
                                                .value = bad ? "" : arena_strndup(a, body, bl),
                                                .len = bad ? 0 : bl,
                                                .invalid = bad};
            (*n_form)++;
        }
        p = bend + 2;
    }
}

size_t http_parse_cookies(struct arena *a, const char *h, struct http_param *out, size_t max)
{
    size_t n = 0;
    if (h == NULL || strlen(h) > HTTP_COOKIE_HEADER_MAX)
        return 0;
    while (*h && n < max) {
        while (*h == ' ' || *h == ';')
            h++;
        const char *end = strchr(h, ';');
        size_t l = end ? (size_t)(end - h) : strlen(h);
        const char *eq = memchr(h, '=', l);
        if (eq != NULL && eq > h) {
            size_t vl = l - (size_t)(eq - h) - 1;
            const char *v = eq + 1;
            while (vl > 0 && v[vl - 1] == ' ')
                vl--;
            if (vl >= 2 && v[0] == '"' && v[vl - 1] == '"')
                v++, vl -= 2;
            out[n].name = arena_strndup(a, h, (size_t)(eq - h));
            out[n].value = arena_strndup(a, v, vl);
            out[n].len = vl;
            n++;
        }
        if (end == NULL)
            break;
        h = end + 1;
    }
    return n;
}

const char *http_negotiate_lang(const char *h)
{
    const char *best = "it";
    double best_q = -1;
    if (h == NULL)
        return best;
    size_t guard = 0;
    while (*h && guard++ < 32) {
        while (*h == ' ' || *h == ',')
            h++;
        const char *end = strchr(h, ',');
        size_t l = end ? (size_t)(end - h) : strlen(h);
        double q = 1.0;
        const char *qp = memmem(h, l, ";q=", 3);
        if (qp != NULL)
            q = strtod(qp + 3, NULL);
        const char *lang = NULL;
        if (l >= 2 && strncasecmp(h, "it", 2) == 0 && (l == 2 || h[2] == '-' || h[2] == ';'))
            lang = "it";
        else if (l >= 2 && strncasecmp(h, "en", 2) == 0 && (l == 2 || h[2] == '-' || h[2] == ';'))
            lang = "en";
        if (lang != NULL && q > best_q) {
            best = lang;
            best_q = q;
        }
        if (end == NULL)
            break;
        h = end + 1;
    }
    return best;
}
