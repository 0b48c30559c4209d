/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* Parser and lookups of the places list (see places.h for the format). The
 * entries live in one array sorted by code and start date (lookups by code
 * binary-search it) and a second array of pointers sorted by folded name
 * (lookups by name); names and folded names share one allocation. The parser
 * reads untrusted bytes as a matter of principle (the file is generated, but
 * an operator may replace it): every line, field and count is bounded before
 * anything is kept, and an error names the line. */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/name_fold.h"
#include "core/places.h"
#include "util/str.h"
#include "util/xalloc.h"

#define PLACES_HEADER "code\tprovince\tvalid_from\tvalid_to\tname"
#define PLACES_FIELDS 5

struct entry {
    struct place pub;
    int from, to;    /* YYYYMMDD, inclusive */
    size_t line;     /* in the file, for error messages */
    size_t name_off; /* into blob while parsing */
    size_t key_off;  /* into blob while parsing */
    const char *key; /* folded name: upper-case ASCII letters and digits */
};

struct places {
    struct entry *e; /* n entries sorted by code, then from */
    size_t n;
    const struct entry **by_key; /* n pointers sorted by key, then code, then from */
    char *blob;                  /* names and keys, NUL-terminated */
    char source[PLACES_LINE_MAX];
};

/* Formats "line N: ..." into err; always returns VC_ERR_INVALID. */
__attribute__((format(printf, 4, 5))) static enum vc_status fail(char *err, size_t err_len,
                                                                 size_t line, const char *fmt, ...)
{
    if (err == NULL || err_len == 0)
        return VC_ERR_INVALID;
    int n = line > 0 ? snprintf(err, err_len, "line %zu: ", line) : 0;
    if (n < 0 || (size_t)n >= err_len)
        return VC_ERR_INVALID;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err + n, err_len - (size_t)n, fmt, ap);
    va_end(ap);
    return VC_ERR_INVALID;
}

/* A field quoted for an error message: at most 40 bytes, anything but
 * printable ASCII shown as '?', so a hostile file cannot put control
 * characters into a log line. */
static const char *shown(const char *s, size_t len, char out[48])
{
    size_t n = len < 40 ? len : 40;
    for (size_t i = 0; i < n; i++)
        out[i] = (s[i] >= 0x20 && s[i] < 0x7f) ? s[i] : '?';
    if (len > n) {
        memcpy(out + n, "...", 3);
        n += 3;
    }
    out[n] = '\0';
    return out;
}

static bool is_leap(int y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

bool places_date_parse(const char *s, size_t len, int *out)
{
    if (s == NULL || len != 10 || s[4] != '-' || s[7] != '-')
        return false;
    int v[3] = {0, 0, 0};
    static const int START[3] = {0, 5, 8}, WIDTH[3] = {4, 2, 2};
    for (int f = 0; f < 3; f++) {
        for (int i = 0; i < WIDTH[f]; i++) {
            char c = s[START[f] + i];
            if (c < '0' || c > '9')
                return false;
            v[f] = v[f] * 10 + (c - '0');
        }
    }
    static const int DAYS[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (v[0] < 1800 || v[1] < 1 || v[1] > 12 || v[2] < 1)
        return false;
    int dim = DAYS[v[1] - 1] + (v[1] == 2 && is_leap(v[0]) ? 1 : 0);
    if (v[2] > dim)
        return false;
    *out = v[0] * 10000 + v[1] * 100 + v[2];
    return true;
}

/* The lookup key of a name: its Latin letters folded to upper case and its
 * digits, separators and ASCII punctuation dropped. False if the name holds
 * a character that is neither (Greek, Cyrillic, invalid UTF-8), or nothing
 * is left, or the key does not fit out_size. */
static bool name_key(const char *s, size_t len, char *out, size_t out_size)
{
    size_t pos = 0, n = 0;
    while (pos < len) {
        unsigned char c = (unsigned char)s[pos];
        char letters[3];
        enum name_fold_kind k = name_fold_next(s, len, &pos, letters);
        const char *add = NULL;
        char digit[2] = {(char)c, '\0'};
        if (k == NAME_FOLD_LETTER)
            add = letters;
        else if (k == NAME_FOLD_OTHER && c >= '0' && c <= '9')
            add = digit;
        else if (k == NAME_FOLD_INVALID || (k == NAME_FOLD_OTHER && c >= 0x80))
            return false;
        for (; add != NULL && *add != '\0'; add++) {
            if (n + 1 >= out_size)
                return false;
            out[n++] = *add;
        }
    }
    if (n == 0)
        return false;
    out[n] = '\0';
    return true;
}

static int cmp_entry(const void *a, const void *b)
{
    const struct entry *x = a, *y = b;
    int c = strcmp(x->pub.code, y->pub.code);
    if (c != 0)
        return c;
    return (x->from > y->from) - (x->from < y->from);
}

static int cmp_key(const void *a, const void *b)
{
    const struct entry *x = *(const struct entry *const *)a;
    const struct entry *y = *(const struct entry *const *)b;
    int c = strcmp(x->key, y->key);
    return c != 0 ? c : cmp_entry(x, y);
}

void places_free(struct places *p)
{
    if (p == NULL)
        return;
    free(p->e);
    free(p->by_key);
    free(p->blob);
    free(p);
}

/* Appends a comment line (without "#" and leading blanks) to the source. */
static void add_source(struct places *p, const char *s, size_t len)
{
    while (len > 0 && (*s == '#' || *s == ' '))
        s++, len--;
    size_t have = strlen(p->source);
    if (have > 0 && have + 1 < sizeof p->source)
        p->source[have++] = ' ';
    size_t room = sizeof p->source - 1 - have;
    size_t n = len < room ? len : room;
    /* the file is trusted no more than any input: the source may go to a log
     * line or a page, so no control characters, and only clean UTF-8 */
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        p->source[have + i] = (c < 0x20 || c == 0x7f) ? '?' : (char)c;
    }
    p->source[have + n] = '\0';
    if (!str_is_clean_utf8(p->source, strlen(p->source))) {
        for (char *q = p->source; *q != '\0'; q++)
            if ((unsigned char)*q >= 0x80)
                *q = '?';
    }
}

/* Checks and keeps one data line of five fields. */
static enum vc_status parse_entry(struct places *p, size_t *cap, size_t *blob_used,
                                  const char *line, size_t len, size_t lineno, char *err,
                                  size_t err_len)
{
    const char *f[PLACES_FIELDS];
    size_t fl[PLACES_FIELDS];
    size_t nf = 0, start = 0;
    char q[48];
    for (size_t i = 0; i <= len; i++) {
        if (i == len || line[i] == '\t') {
            if (nf == PLACES_FIELDS)
                return fail(err, err_len, lineno, "more than %d fields", PLACES_FIELDS);
            f[nf] = line + start;
            fl[nf] = i - start;
            nf++;
            start = i + 1;
        }
    }
    if (nf != PLACES_FIELDS)
        return fail(err, err_len, lineno, "%zu fields, expected %d", nf, PLACES_FIELDS);
    if (p->n >= PLACES_MAX)
        return fail(err, err_len, lineno, "more than %d places", PLACES_MAX);

    const char *code = f[0], *prov = f[1];
    if (fl[0] != 4 || code[0] < 'A' || code[0] > 'Z' || code[1] < '0' || code[1] > '9' ||
        code[2] < '0' || code[2] > '9' || code[3] < '0' || code[3] > '9')
        return fail(err, err_len, lineno, "bad code \"%s\"", shown(code, fl[0], q));
    if (fl[1] != 2 || prov[0] < 'A' || prov[0] > 'Z' || prov[1] < 'A' || prov[1] > 'Z')
        return fail(err, err_len, lineno, "bad province \"%s\"", shown(prov, fl[1], q));
    bool foreign_code = code[0] == 'Z', foreign_prov = memcmp(prov, PLACES_FOREIGN, 2) == 0;
    if (foreign_code != foreign_prov)
        return fail(err, err_len, lineno,
                    "code %.4s with province %.2s: Z codes and only they are %s", code, prov,
                    PLACES_FOREIGN);
    int from, to;
    if (!places_date_parse(f[2], fl[2], &from))
        return fail(err, err_len, lineno, "bad valid_from \"%s\"", shown(f[2], fl[2], q));
    if (!places_date_parse(f[3], fl[3], &to))
        return fail(err, err_len, lineno, "bad valid_to \"%s\"", shown(f[3], fl[3], q));
    if (from > to)
        return fail(err, err_len, lineno, "valid_from after valid_to");
    if (fl[4] == 0 || fl[4] > PLACE_NAME_MAX)
        return fail(err, err_len, lineno, "name empty or longer than %d bytes", PLACE_NAME_MAX);
    if (!str_is_clean_utf8(f[4], fl[4]) || memchr(f[4], '\r', fl[4]) != NULL)
        return fail(err, err_len, lineno, "name is not clean UTF-8");
    char key[PLACE_NAME_MAX + 1];
    if (!name_key(f[4], fl[4], key, sizeof key))
        return fail(err, err_len, lineno, "name \"%s\" has no Latin letters or other characters",
                    shown(f[4], fl[4], q));

    if (p->n == *cap) {
        *cap = *cap == 0 ? 1024 : *cap * 2;
        p->e = xrealloc(p->e, *cap * sizeof *p->e);
    }
    struct entry *e = &p->e[p->n++];
    memset(e, 0, sizeof *e);
    memcpy(e->pub.code, code, 4);
    memcpy(e->pub.province, prov, 2);
    memcpy(e->pub.valid_from, f[2], 10);
    memcpy(e->pub.valid_to, f[3], 10);
    e->from = from;
    e->to = to;
    e->line = lineno;
    /* blob has room for every name and key: each is at most its line's length + 1 */
    e->name_off = *blob_used;
    memcpy(p->blob + *blob_used, f[4], fl[4]);
    p->blob[*blob_used + fl[4]] = '\0';
    *blob_used += fl[4] + 1;
    size_t kl = strlen(key);
    e->key_off = *blob_used;
    memcpy(p->blob + *blob_used, key, kl + 1);
    *blob_used += kl + 1;
    return VC_OK;
}

enum vc_status places_parse(const char *data, size_t len, struct places **out, char *err,
                            size_t err_len)
{
    enum vc_status st = VC_OK;
    struct places *p = NULL;
    if (err != NULL && err_len > 0)
        err[0] = '\0';
    if (len > PLACES_FILE_MAX)
        return fail(err, err_len, 0, "file larger than %u bytes", PLACES_FILE_MAX);
    p = xcalloc(1, sizeof *p);
    /* every kept byte of a name or key comes from a line of the file, so
     * 2 * len + 2 bounds them; shrunk to size at the end */
    p->blob = xmalloc(2 * len + 2);
    size_t cap = 0, blob_used = 0, lineno = 0, pos = 0;
    bool header = false;
    while (pos < len) {
        lineno++;
        const char *line = data + pos;
        const char *nl = memchr(line, '\n', len - pos);
        size_t ll = nl != NULL ? (size_t)(nl - line) : len - pos;
        pos += ll + (nl != NULL ? 1 : 0);
        if (ll > 0 && line[ll - 1] == '\r')
            ll--;
        if (ll > PLACES_LINE_MAX) {
            st = fail(err, err_len, lineno, "longer than %d bytes", PLACES_LINE_MAX);
            goto out;
        }
        if (memchr(line, '\0', ll) != NULL) {
            st = fail(err, err_len, lineno, "NUL byte");
            goto out;
        }
        if (ll == 0)
            continue;
        if (line[0] == '#') {
            if (!header)
                add_source(p, line, ll);
            continue;
        }
        if (!header) {
            if (ll != strlen(PLACES_HEADER) || memcmp(line, PLACES_HEADER, ll) != 0) {
                st = fail(err, err_len, lineno,
                          "expected the header line \"code<TAB>province<TAB>"
                          "valid_from<TAB>valid_to<TAB>name\"");
                goto out;
            }
            header = true;
            continue;
        }
        st = parse_entry(p, &cap, &blob_used, line, ll, lineno, err, err_len);
        if (st != VC_OK)
            goto out;
    }
    if (!header) {
        st = fail(err, err_len, 0, "no header line: not a places file");
        goto out;
    }
    if (p->n == 0) {
        st = fail(err, err_len, 0, "no places after the header line");
        goto out;
    }
    p->blob = xrealloc(p->blob, blob_used);
    p->e = xrealloc(p->e, p->n * sizeof *p->e);
    for (size_t i = 0; i < p->n; i++) {
        p->e[i].pub.name = p->blob + p->e[i].name_off;
        p->e[i].key = p->blob + p->e[i].key_off;
    }
    qsort(p->e, p->n, sizeof *p->e, cmp_entry);
    for (size_t i = 1; i < p->n; i++) {
        const struct entry *a = &p->e[i - 1], *b = &p->e[i];
        if (strcmp(a->pub.code, b->pub.code) == 0 && b->from <= a->to) {
            const struct entry *later = a->line > b->line ? a : b;
            const struct entry *earlier = a->line > b->line ? b : a;
            st = fail(err, err_len, later->line, "code %s valid at the same time as on line %zu",
                      b->pub.code, earlier->line);
            goto out;
        }
    }
    p->by_key = xmalloc(p->n * sizeof *p->by_key);
    for (size_t i = 0; i < p->n; i++)
        p->by_key[i] = &p->e[i];
    qsort(p->by_key, p->n, sizeof *p->by_key, cmp_key);
    *out = p;
    p = NULL;
out:
    places_free(p);
    return st;
}

size_t places_count(const struct places *p)
{
    return p->n;
}

const struct place *places_at(const struct places *p, size_t i)
{
    return i < p->n ? &p->e[i].pub : NULL;
}

const char *places_source(const struct places *p)
{
    return p->source;
}

bool place_is_foreign(const struct place *pl)
{
    return pl->code[0] == 'Z';
}

/* The first index whose code is >= code. */
static size_t lower_code(const struct places *p, const char *code)
{
    size_t lo = 0, hi = p->n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (strcmp(p->e[mid].pub.code, code) < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

const struct place *places_find_code(const struct places *p, const char *code, const char *date)
{
    if (p == NULL || code == NULL || strlen(code) != 4)
        return NULL;
    char c[5];
    for (int i = 0; i < 4; i++)
        c[i] = (code[i] >= 'a' && code[i] <= 'z') ? (char)(code[i] - 'a' + 'A') : code[i];
    c[4] = '\0';
    int d = 0;
    if (date != NULL && !places_date_parse(date, strlen(date), &d))
        return NULL;
    const struct entry *last = NULL;
    for (size_t i = lower_code(p, c); i < p->n && strcmp(p->e[i].pub.code, c) == 0; i++) {
        if (date == NULL)
            last = &p->e[i];
        else if (p->e[i].from <= d && d <= p->e[i].to)
            return &p->e[i].pub;
    }
    return last != NULL ? &last->pub : NULL;
}

size_t places_find_name(const struct places *p, const char *name, size_t name_len,
                        const char *province, const char *date, const struct place **out,
                        size_t max)
{
    char key[PLACE_NAME_MAX + 1];
    int d = 0;
    if (p == NULL || name == NULL || name_len > PLACE_NAME_MAX * 2 ||
        !name_key(name, name_len, key, sizeof key))
        return 0;
    if (date != NULL && !places_date_parse(date, strlen(date), &d))
        return 0;
    size_t lo = 0, hi = p->n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (strcmp(p->by_key[mid]->key, key) < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    size_t found = 0;
    for (size_t i = lo; i < p->n && strcmp(p->by_key[i]->key, key) == 0; i++) {
        const struct entry *e = p->by_key[i];
        if (province != NULL && strcmp(e->pub.province, province) != 0)
            continue;
        if (date != NULL && (d < e->from || d > e->to))
            continue;
        if (found < max)
            out[found] = &e->pub;
        found++;
    }
    return found;
}
