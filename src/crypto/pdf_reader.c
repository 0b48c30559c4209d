/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* The bounded PDF structure reader of pdf_reader.h: a lexer over
 * [pos, end) that never reads past end, a value parser whose recursion is
 * capped at PDF_DEPTH_MAX, and the classic cross-reference table (ISO
 * 32000-1 §7.5.4) with its /Prev chain capped at PDF_XREF_SECTIONS_MAX.
 * Every number read from the file is range-checked before it is used as an
 * offset or an index. */
#include "crypto/pdf_reader.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define UNSET (UINT64_MAX - 1) /* an entry no section has given yet */
#define STARTXREF_WINDOW 1024  /* "startxref" is looked for in the file's last bytes */
#define NUM_DIGITS_MAX 18      /* fits int64_t with room: no overflow checks per digit */

static bool is_ws(uint8_t c)
{
    return c == 0 || c == '\t' || c == '\n' || c == '\f' || c == '\r' || c == ' ';
}

static bool is_delim(uint8_t c)
{
    return c == '(' || c == ')' || c == '<' || c == '>' || c == '[' || c == ']' || c == '{' ||
           c == '}' || c == '/' || c == '%';
}

static bool is_regular(uint8_t c)
{
    return !is_ws(c) && !is_delim(c);
}

static bool is_digit(uint8_t c)
{
    return c >= '0' && c <= '9';
}

static void set_why(char *why, size_t why_len, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static void set_why(char *why, size_t why_len, const char *fmt, ...)
{
    if (why == NULL || why_len == 0)
        return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(why, why_len, fmt, ap);
    va_end(ap);
}

/* Skips white space and comments (cairo writes "<< /Type /Page % 1"). */
static size_t skip_ws(const uint8_t *p, size_t pos, size_t end)
{
    while (pos < end) {
        if (is_ws(p[pos])) {
            pos++;
        } else if (p[pos] == '%') {
            while (pos < end && p[pos] != '\n' && p[pos] != '\r')
                pos++;
        } else {
            break;
        }
    }
    return pos;
}

/* White space only: "%%EOF" looks like a comment to skip_ws. */
static size_t skip_blank(const uint8_t *p, size_t pos, size_t end)
{
    while (pos < end && is_ws(p[pos]))
        pos++;
    return pos;
}

/* True when p[pos, end) starts with the keyword kw followed by a non-regular byte. */
static bool at_keyword(const uint8_t *p, size_t pos, size_t end, const char *kw)
{
    size_t n = strlen(kw);
    return end - pos >= n && memcmp(p + pos, kw, n) == 0 &&
           (pos + n == end || !is_regular(p[pos + n]));
}

/* An unsigned decimal of at most NUM_DIGITS_MAX digits at pos; false if none. */
static bool read_uint(const uint8_t *p, size_t *pos, size_t end, uint64_t *out)
{
    size_t i = *pos;
    uint64_t v = 0;
    while (i < end && is_digit(p[i]) && i - *pos < NUM_DIGITS_MAX)
        v = v * 10 + (uint64_t)(p[i++] - '0');
    if (i == *pos || (i < end && is_regular(p[i])))
        return false;
    *pos = i;
    *out = v;
    return true;
}

static enum vc_status parse_value(const uint8_t *p, size_t *pos, size_t end, int depth,
                                  struct pdf_value *out);

static enum vc_status parse_container(const uint8_t *p, size_t *pos, size_t end, int depth,
                                      bool dict, struct pdf_value *out)
{
    if (depth >= PDF_DEPTH_MAX)
        return VC_ERR_INVALID;
    size_t at = *pos, i = *pos + (dict ? 2 : 1);
    for (;;) {
        i = skip_ws(p, i, end);
        if (i >= end)
            return VC_ERR_INVALID;
        if (dict && p[i] == '>') {
            if (i + 1 >= end || p[i + 1] != '>')
                return VC_ERR_INVALID;
            i += 2;
            break;
        }
        if (!dict && p[i] == ']') {
            i++;
            break;
        }
        struct pdf_value v;
        if (dict) {
            if (parse_value(p, &i, end, depth + 1, &v) != VC_OK || v.kind != PDF_NAME)
                return VC_ERR_INVALID;
        }
        if (parse_value(p, &i, end, depth + 1, &v) != VC_OK)
            return VC_ERR_INVALID;
    }
    *out = (struct pdf_value){.kind = dict ? PDF_DICT : PDF_ARRAY, .at = at, .end = i};
    *pos = i;
    return VC_OK;
}

/* A number at pos; an integer may be the start of "num gen R". */
static enum vc_status parse_number(const uint8_t *p, size_t *pos, size_t end, struct pdf_value *out)
{
    size_t at = *pos, i = at;
    bool neg = false, dot = false;
    if (p[i] == '+' || p[i] == '-')
        neg = p[i++] == '-';
    size_t digits = 0, frac = 0;
    int64_t v = 0;
    for (; i < end && (is_digit(p[i]) || p[i] == '.'); i++) {
        if (p[i] == '.') {
            if (dot)
                return VC_ERR_INVALID;
            dot = true;
        } else if (dot) {
            frac++;
        } else {
            if (++digits > NUM_DIGITS_MAX)
                return VC_ERR_INVALID;
            v = v * 10 + (p[i] - '0');
        }
    }
    if (digits + frac == 0 || (i < end && is_regular(p[i])))
        return VC_ERR_INVALID;
    if (dot) {
        *out = (struct pdf_value){.kind = PDF_REAL, .at = at, .end = i};
        *pos = i;
        return VC_OK;
    }
    *out = (struct pdf_value){.kind = PDF_INT, .at = at, .end = i, .num = neg ? -v : v};
    *pos = i;
    if (neg || p[at] == '+')
        return VC_OK;
    /* "num gen R"? */
    size_t j = skip_ws(p, i, end);
    uint64_t gen;
    if (j == i || j >= end || !is_digit(p[j]) || !read_uint(p, &j, end, &gen) || gen > 65535)
        return VC_OK;
    size_t k = skip_ws(p, j, end);
    if (k == j || !at_keyword(p, k, end, "R"))
        return VC_OK;
    *out =
        (struct pdf_value){.kind = PDF_REF, .at = at, .end = k + 1, .num = v, .gen = (uint32_t)gen};
    *pos = k + 1;
    return VC_OK;
}

static enum vc_status parse_value(const uint8_t *p, size_t *pos, size_t end, int depth,
                                  struct pdf_value *out)
{
    size_t i = skip_ws(p, *pos, end);
    if (i >= end)
        return VC_ERR_INVALID;
    size_t at = i;
    uint8_t c = p[i];
    if (c == '<' && i + 1 < end && p[i + 1] == '<') {
        *pos = i;
        return parse_container(p, pos, end, depth, true, out);
    }
    if (c == '[') {
        *pos = i;
        return parse_container(p, pos, end, depth, false, out);
    }
    if (c == '(') { /* literal string: balanced parentheses, backslash escapes */
        size_t level = 1;
        for (i++; i < end && level > 0; i++) {
            if (p[i] == '\\')
                i++;
            else if (p[i] == '(')
                level++;
            else if (p[i] == ')')
                level--;
        }
        if (level != 0 || i > end)
            return VC_ERR_INVALID;
        *out = (struct pdf_value){.kind = PDF_STRING, .at = at, .end = i};
    } else if (c == '<') { /* hexadecimal string */
        for (i++; i < end && p[i] != '>'; i++) {
            bool hex =
                is_digit(p[i]) || (p[i] >= 'a' && p[i] <= 'f') || (p[i] >= 'A' && p[i] <= 'F');
            if (!hex && !is_ws(p[i]))
                return VC_ERR_INVALID;
        }
        if (i >= end)
            return VC_ERR_INVALID;
        *out = (struct pdf_value){.kind = PDF_STRING, .at = at, .end = ++i};
    } else if (c == '/') {
        for (i++; i < end && is_regular(p[i]); i++)
            ;
        *out = (struct pdf_value){.kind = PDF_NAME, .at = at, .end = i};
    } else if (is_digit(c) || c == '+' || c == '-' || c == '.') {
        *pos = i;
        return parse_number(p, pos, end, out);
    } else if (is_regular(c)) {
        if (at_keyword(p, i, end, "true") || at_keyword(p, i, end, "false")) {
            i += p[i] == 't' ? 4 : 5;
            *out = (struct pdf_value){.kind = PDF_BOOL, .at = at, .end = i};
        } else if (at_keyword(p, i, end, "null")) {
            i += 4;
            *out = (struct pdf_value){.kind = PDF_NULL, .at = at, .end = i};
        } else {
            return VC_ERR_INVALID; /* obj, endobj, R, stream... out of place */
        }
    } else {
        return VC_ERR_INVALID; /* ) > ] { } */
    }
    *pos = i;
    return VC_OK;
}

void pdf_iter_init(const struct pdf_value *container, struct pdf_iter *it)
{
    bool dict = container->kind == PDF_DICT;
    if (container->kind != PDF_DICT && container->kind != PDF_ARRAY) {
        *it = (struct pdf_iter){.pos = 0, .end = 0, .dict = false};
        return;
    }
    *it = (struct pdf_iter){.pos = container->at + (dict ? 2 : 1),
                            .end = container->end - (dict ? 2 : 1),
                            .dict = dict};
}

enum vc_status pdf_iter_next(const struct pdf_doc *d, struct pdf_iter *it, struct pdf_value *key,
                             struct pdf_value *val)
{
    if (it->end > d->len || it->pos > it->end)
        return VC_ERR_INVALID;
    it->pos = skip_ws(d->data, it->pos, it->end);
    if (it->pos >= it->end)
        return VC_ERR_NOT_FOUND;
    if (it->dict) {
        struct pdf_value k;
        if (parse_value(d->data, &it->pos, it->end, 0, &k) != VC_OK || k.kind != PDF_NAME)
            return VC_ERR_INVALID;
        if (key != NULL)
            *key = k;
    }
    return parse_value(d->data, &it->pos, it->end, 0, val);
}

bool pdf_is_name(const struct pdf_doc *d, const struct pdf_value *v, const char *name)
{
    size_t n = strlen(name);
    return v->kind == PDF_NAME && v->end - v->at == n + 1 && v->end <= d->len &&
           memcmp(d->data + v->at + 1, name, n) == 0;
}

enum vc_status pdf_dict_get(const struct pdf_doc *d, const struct pdf_value *dict, const char *name,
                            struct pdf_value *out)
{
    if (dict->kind != PDF_DICT)
        return VC_ERR_INVALID;
    struct pdf_iter it;
    pdf_iter_init(dict, &it);
    struct pdf_value k, v;
    enum vc_status st;
    while ((st = pdf_iter_next(d, &it, &k, &v)) == VC_OK) {
        if (pdf_is_name(d, &k, name)) {
            *out = v;
            return VC_OK;
        }
    }
    return st;
}

/* The integer /name of the trailer, in [lo, hi]; VC_ERR_NOT_FOUND if absent. */
static enum vc_status dict_int(const struct pdf_doc *d, const struct pdf_value *dict,
                               const char *name, int64_t lo, int64_t hi, int64_t *out)
{
    struct pdf_value v;
    enum vc_status st = pdf_dict_get(d, dict, name, &v);
    if (st != VC_OK)
        return st;
    if (v.kind != PDF_INT || v.num < lo || v.num > hi)
        return VC_ERR_INVALID;
    *out = v.num;
    return VC_OK;
}

/* One cross-reference section at off and its trailer. With d->offsets set,
 * fills the entries no newer section gave. */
static enum vc_status read_section(struct pdf_doc *d, size_t off, struct pdf_value *trailer,
                                   char *why, size_t why_len)
{
    const uint8_t *p = d->data;
    size_t end = d->len, i = off;
    if (!at_keyword(p, i, end, "xref")) {
        i = skip_ws(p, i, end);
        if (i < end && is_digit(p[i]))
            set_why(why, why_len,
                    "cross-reference streams (PDF 1.5 compression) are not supported");
        else
            set_why(why, why_len, "no cross-reference table at offset %zu", off);
        return VC_ERR_INVALID;
    }
    i += 4;
    for (;;) {
        i = skip_ws(p, i, end);
        if (at_keyword(p, i, end, "trailer")) {
            i += 7;
            if (parse_value(p, &i, end, 0, trailer) != VC_OK || trailer->kind != PDF_DICT) {
                set_why(why, why_len, "malformed trailer");
                return VC_ERR_INVALID;
            }
            return VC_OK;
        }
        uint64_t first, count;
        bool got_first = read_uint(p, &i, end, &first);
        i = skip_ws(p, i, end);
        if (!got_first || !read_uint(p, &i, end, &count) || first > PDF_OBJECTS_MAX ||
            count > PDF_OBJECTS_MAX - first || (d->offsets != NULL && first + count > d->size)) {
            set_why(why, why_len, "malformed cross-reference subsection");
            return VC_ERR_INVALID;
        }
        i = skip_ws(p, i, end);
        if (count > (end - i) / 20) {
            set_why(why, why_len, "cross-reference table cut short");
            return VC_ERR_INVALID;
        }
        for (uint64_t k = 0; k < count; k++, i += 20) {
            /* "nnnnnnnnnn ggggg n" + two bytes of end of line: exactly 20 */
            const uint8_t *e = p + i;
            uint64_t o = 0, g = 0;
            bool ok = e[10] == ' ' && e[16] == ' ' && (e[17] == 'n' || e[17] == 'f') &&
                      is_ws(e[18]) && is_ws(e[19]);
            for (int j = 0; ok && j < 10; j++) {
                ok = is_digit(e[j]);
                o = o * 10 + (uint64_t)(e[j] - '0');
            }
            for (int j = 11; ok && j < 16; j++) {
                ok = is_digit(e[j]);
                g = g * 10 + (uint64_t)(e[j] - '0');
            }
            if (!ok || g > 65535 || (e[17] == 'n' && o >= d->len)) {
                set_why(why, why_len, "malformed cross-reference entry");
                return VC_ERR_INVALID;
            }
            if (d->offsets != NULL && d->offsets[first + k] == UNSET) {
                d->offsets[first + k] = e[17] == 'n' ? o : PDF_FREE;
                d->gens[first + k] = (uint16_t)g;
            }
        }
    }
}

/* The offset after the last "startxref" of the file's tail. */
static enum vc_status find_startxref(const struct pdf_doc *d, size_t *out)
{
    static const char KW[] = "startxref";
    size_t n = sizeof KW - 1;
    if (d->len < n)
        return VC_ERR_INVALID;
    size_t lo = d->len > STARTXREF_WINDOW ? d->len - STARTXREF_WINDOW : 0;
    for (size_t i = d->len - n + 1; i-- > lo;) {
        if (memcmp(d->data + i, KW, n) != 0)
            continue;
        size_t j = skip_blank(d->data, i + n, d->len);
        uint64_t off;
        if (!read_uint(d->data, &j, d->len, &off) || off >= d->len)
            return VC_ERR_INVALID;
        j = skip_blank(d->data, j, d->len);
        if (d->len - j < 5 || memcmp(d->data + j, "%%EOF", 5) != 0)
            return VC_ERR_INVALID;
        *out = (size_t)off;
        return VC_OK;
    }
    return VC_ERR_INVALID;
}

enum vc_status pdf_doc_open(const uint8_t *data, size_t len, struct pdf_doc *out, char *why,
                            size_t why_len)
{
    memset(out, 0, sizeof *out);
    out->data = data;
    out->len = len;
    if (len < 8 || memcmp(data, "%PDF-1.", 7) != 0) {
        set_why(why, why_len, "not a PDF file (no %%PDF-1.x header)");
        return VC_ERR_INVALID;
    }
    if (find_startxref(out, &out->startxref) != VC_OK) {
        set_why(why, why_len, "no startxref and %%%%EOF at the end of the file");
        return VC_ERR_INVALID;
    }
    struct pdf_value trailer, v;
    enum vc_status st = read_section(out, out->startxref, &trailer, why, why_len);
    if (st != VC_OK)
        return st;
    int64_t size;
    if (dict_int(out, &trailer, "Size", 1, PDF_OBJECTS_MAX, &size) != VC_OK ||
        pdf_dict_get(out, &trailer, "Root", &out->root) != VC_OK || out->root.kind != PDF_REF) {
        set_why(why, why_len, "the trailer has no valid /Size and /Root");
        return VC_ERR_INVALID;
    }
    out->info.kind = out->id.kind = PDF_NULL;
    if ((st = pdf_dict_get(out, &trailer, "Info", &v)) == VC_OK && v.kind == PDF_REF)
        out->info = v;
    else if (st != VC_ERR_NOT_FOUND)
        goto bad_trailer;
    if ((st = pdf_dict_get(out, &trailer, "ID", &v)) == VC_OK && v.kind == PDF_ARRAY)
        out->id = v;
    else if (st != VC_ERR_NOT_FOUND)
        goto bad_trailer;
    out->size = (size_t)size;
    out->offsets = malloc(out->size * sizeof *out->offsets);
    out->gens = calloc(out->size, sizeof *out->gens);
    if (out->offsets == NULL || out->gens == NULL)
        return VC_ERR_NOMEM;
    for (size_t k = 0; k < out->size; k++)
        out->offsets[k] = UNSET;

    size_t off = out->startxref;
    for (int n = 0;; n++) {
        if (n == PDF_XREF_SECTIONS_MAX) {
            set_why(why, why_len, "more than %d cross-reference sections", PDF_XREF_SECTIONS_MAX);
            return VC_ERR_INVALID;
        }
        if ((st = read_section(out, off, &trailer, why, why_len)) != VC_OK)
            return st;
        if (pdf_dict_get(out, &trailer, "Encrypt", &v) != VC_ERR_NOT_FOUND) {
            set_why(why, why_len, "encrypted PDF files are not supported");
            return VC_ERR_INVALID;
        }
        if (pdf_dict_get(out, &trailer, "XRefStm", &v) != VC_ERR_NOT_FOUND) {
            set_why(why, why_len,
                    "cross-reference streams (PDF 1.5 compression) are not supported");
            return VC_ERR_INVALID;
        }
        int64_t prev;
        st = dict_int(out, &trailer, "Prev", 0, (int64_t)len - 1, &prev);
        if (st == VC_ERR_NOT_FOUND)
            break;
        if (st != VC_OK)
            goto bad_trailer;
        off = (size_t)prev;
    }
    for (size_t k = 0; k < out->size; k++) {
        if (out->offsets[k] == UNSET)
            out->offsets[k] = PDF_FREE;
    }
    return VC_OK;
bad_trailer:
    set_why(why, why_len, "malformed trailer");
    return VC_ERR_INVALID;
}

void pdf_doc_close(struct pdf_doc *d)
{
    free(d->offsets);
    free(d->gens);
    d->offsets = NULL;
    d->gens = NULL;
}

enum vc_status pdf_doc_object(const struct pdf_doc *d, int64_t num, struct pdf_value *out)
{
    if (num < 0 || (uint64_t)num >= d->size || d->offsets == NULL || d->offsets[num] == PDF_FREE)
        return VC_ERR_NOT_FOUND;
    const uint8_t *p = d->data;
    size_t i = (size_t)d->offsets[num], end = d->len;
    uint64_t n, g;
    if (!read_uint(p, &i, end, &n) || n != (uint64_t)num)
        return VC_ERR_INVALID;
    i = skip_ws(p, i, end);
    if (!read_uint(p, &i, end, &g) || g != d->gens[num])
        return VC_ERR_INVALID;
    i = skip_ws(p, i, end);
    if (!at_keyword(p, i, end, "obj"))
        return VC_ERR_INVALID;
    i += 3;
    struct pdf_value v;
    if (parse_value(p, &i, end, 0, &v) != VC_OK)
        return VC_ERR_INVALID;
    /* a plain object, not a stream: what this reader hands out is rewritten whole */
    i = skip_ws(p, i, end);
    if (!at_keyword(p, i, end, "endobj"))
        return VC_ERR_INVALID;
    *out = v;
    return VC_OK;
}
