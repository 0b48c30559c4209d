/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* A small reader of gettext .po files (msgid/msgstr with continuation
 * lines, C escapes, # comments): enough for catalogues we write ourselves,
 * without pulling the whole of gettext's runtime into a server. */
#include <dirent.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "render/i18n.h"
#include "util/buf.h"
#include "util/xalloc.h"

#define LANGS 2
static const char *const LANG_NAMES[LANGS] = {"it", "en"};

struct entry {
    char *key;
    char *text;
};

struct catalogue {
    struct entry *e;
    size_t n, cap;
};

struct i18n {
    struct catalogue c[LANGS];
};

static int cmp_entry(const void *a, const void *b)
{
    return strcmp(((const struct entry *)a)->key, ((const struct entry *)b)->key);
}

static void add(struct catalogue *c, char *key, char *text)
{
    if (c->n == c->cap) {
        c->cap = c->cap ? 2 * c->cap : 256;
        c->e = xrealloc(c->e, c->cap * sizeof *c->e);
    }
    c->e[c->n].key = key;
    c->e[c->n].text = text;
    c->n++;
}

/* Appends the quoted string at p (after optional spaces) to out. */
static bool quoted(const char *p, struct buf *out)
{
    while (*p == ' ' || *p == '\t')
        p++;
    if (*p++ != '"')
        return false;
    for (; *p && *p != '"'; p++) {
        if (*p != '\\') {
            buf_putc(out, *p);
            continue;
        }
        p++;
        switch (*p) {
        case 'n':
            buf_putc(out, '\n');
            break;
        case 't':
            buf_putc(out, '\t');
            break;
        case '"':
            buf_putc(out, '"');
            break;
        case '\\':
            buf_putc(out, '\\');
            break;
        default:
            return false;
        }
    }
    if (*p != '"')
        return false;
    for (p++; *p == ' ' || *p == '\t' || *p == '\r' || *p == '\n'; p++)
        ;
    return *p == '\0';
}

static enum vc_status load_file(const char *path, struct catalogue *c, char *err, size_t err_len)
{
    FILE *f = fopen(path, "r");
    if (f == NULL) {
        snprintf(err, err_len, "%s: cannot read", path);
        return VC_ERR_IO;
    }
    char line[4096];
    struct buf id, str;
    buf_init(&id);
    buf_init(&str);
    struct buf *cur = NULL;
    int lineno = 0;
    bool ok = true;
    for (;;) {
        bool eof = fgets(line, sizeof line, f) == NULL;
        if (!eof)
            lineno++;
        const char *p = line;
        while (!eof && (*p == ' ' || *p == '\t'))
            p++;
        bool starts_entry = eof || strncmp(p, "msgid ", 6) == 0;
        if (starts_entry && cur == &str) {
            if (id.len > 0)
                add(c, buf_steal(&id), buf_steal(&str));
            buf_reset(&id);
            buf_reset(&str);
            cur = NULL;
        }
        if (eof)
            break;
        if (*p == '#' || *p == '\n' || *p == '\r' || *p == '\0')
            continue;
        if (strncmp(p, "msgid ", 6) == 0) {
            cur = &id;
            buf_reset(&id);
            ok = quoted(p + 6, &id);
        } else if (strncmp(p, "msgstr ", 7) == 0 && cur == &id) {
            cur = &str;
            buf_puts(&str, "");
            ok = quoted(p + 7, &str);
        } else if (*p == '"' && cur != NULL) {
            ok = quoted(p, cur);
        } else {
            ok = false;
        }
        if (!ok)
            break;
    }
    fclose(f);
    buf_fini(&id);
    buf_fini(&str);
    if (!ok) {
        snprintf(err, err_len, "%s:%d: not a msgid/msgstr line", path, lineno);
        return VC_ERR_INVALID;
    }
    return VC_OK;
}

static int is_po(const struct dirent *d)
{
    size_t n = strlen(d->d_name);
    return n > 3 && strcmp(d->d_name + n - 3, ".po") == 0;
}

enum vc_status i18n_load(const char *po_dir, struct i18n **out, char *err, size_t err_len)
{
    struct i18n *t = xcalloc(1, sizeof *t);
    enum vc_status st = VC_OK;
    for (int l = 0; l < LANGS && st == VC_OK; l++) {
        char dir[1024];
        snprintf(dir, sizeof dir, "%s/%s", po_dir, LANG_NAMES[l]);
        struct dirent **names = NULL;
        int n = scandir(dir, &names, is_po, alphasort);
        if (n < 0) {
            snprintf(err, err_len, "%s: no catalogue folder", dir);
            st = VC_ERR_IO;
            break;
        }
        for (int i = 0; i < n; i++) {
            char path[1400];
            snprintf(path, sizeof path, "%s/%s", dir, names[i]->d_name);
            if (st == VC_OK)
                st = load_file(path, &t->c[l], err, err_len);
            free(names[i]);
        }
        free(names);
        qsort(t->c[l].e, t->c[l].n, sizeof *t->c[l].e, cmp_entry);
    }
    if (st != VC_OK) {
        i18n_free(t);
        return st;
    }
    *out = t;
    return VC_OK;
}

void i18n_free(struct i18n *t)
{
    if (t == NULL)
        return;
    for (int l = 0; l < LANGS; l++) {
        for (size_t i = 0; i < t->c[l].n; i++) {
            free(t->c[l].e[i].key);
            free(t->c[l].e[i].text);
        }
        free(t->c[l].e);
    }
    free(t);
}

static const char *find(const struct catalogue *c, const char *key)
{
    struct entry k = {.key = (char *)key};
    const struct entry *e = bsearch(&k, c->e, c->n, sizeof *c->e, cmp_entry);
    return e != NULL && e->text[0] != '\0' ? e->text : NULL;
}

const char *i18n_get(const struct i18n *t, const char *lang, const char *key)
{
    if (t == NULL)
        return key;
    const char *s = NULL;
    if (lang != NULL && strcmp(lang, "en") == 0)
        s = find(&t->c[1], key);
    if (s == NULL)
        s = find(&t->c[0], key);
    return s != NULL ? s : key;
}

void i18n_format(const char *text, i18n_value_fn value, void *ctx, struct buf *out)
{
    const char *s = text;
    while (*s != '\0') {
        const char *open = strchr(s, '{');
        const char *close = open != NULL ? strchr(open, '}') : NULL;
        if (close == NULL) {
            buf_puts(out, s);
            return;
        }
        buf_append(out, s, (size_t)(open - s));
        size_t n = (size_t)(close - open - 1);
        char name[I18N_NAME_MAX + 1];
        bool done = false;
        if (n <= I18N_NAME_MAX) {
            memcpy(name, open + 1, n);
            name[n] = '\0';
            done = value(ctx, name, out);
        }
        if (!done)
            buf_append(out, open, n + 2);
        s = close + 1;
    }
}
