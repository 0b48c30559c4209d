/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* The template engine of template.h, its first half: templates are compiled
 * once into a tree of nodes (template_impl.h), loaded from a folder and
 * bound; template_render.c walks the tree. Once loaded, a partial node
 * points at its template by index, and after tmpl_set_bind each catalogue
 * node without placeholders holds its text in both languages, already
 * escaped, and each run of kids that read the same at every render (text,
 * such catalogue texts) is joined onto its first. After tmpl_set_bind_bases
 * the names of the shared base contexts are found by number. A path's first
 * segment is numbered too (node.head_id): a render binds its page's keys to
 * those numbers once, and then finds what the page holds without a hash
 * lookup. */
#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "render/template.h"
#include "render/template_impl.h"
#include "util/str.h"
#include "util/xalloc.h"

const char *const TMPL_BOUND_LANGS[2] = {"it", "en"};

static void run_free(struct node *n)
{
    if (n->run != NULL) {
        free(n->run->text[0]);
        free(n->run->text[1]);
        free(n->run);
        n->run = NULL;
    }
}

static void node_free(struct node *n)
{
    for (size_t i = 0; i < n->n_kids; i++)
        node_free(&n->kids[i]);
    free(n->kids);
    free(n->text);
    free(n->bound[0]);
    free(n->bound[1]);
    run_free(n);
}

static struct node *add_kid(struct node *parent, enum node_kind k, const char *s, size_t len)
{
    parent->kids = xrealloc(parent->kids, (parent->n_kids + 1) * sizeof *parent->kids);
    struct node *n = &parent->kids[parent->n_kids++];
    memset(n, 0, sizeof *n);
    n->kind = k;
    n->text = xstrndup(s, len);
    n->len = (uint32_t)len;
    return n;
}

static int line_of(const char *text, const char *p)
{
    int l = 1;
    for (const char *q = text; q < p; q++)
        l += *q == '\n';
    return l;
}

/* Parses text[*pos..] into parent until the closing tag of `closing` (or the end). */
static bool parse(const char *name, const char *text, size_t len, size_t *pos, struct node *parent,
                  const char *closing, int depth, char *err, size_t err_len)
{
    if (depth > TMPL_STACK_MAX) {
        snprintf(err, err_len, "%s: sections nested too deep", name);
        return false;
    }
    while (*pos < len) {
        const char *start = text + *pos;
        const char *open = memmem(start, len - *pos, "{{", 2);
        if (open == NULL) {
            add_kid(parent, N_TEXT, start, len - *pos);
            *pos = len;
            break;
        }
        if (open > start)
            add_kid(parent, N_TEXT, start, (size_t)(open - start));
        const char *close = memmem(open + 2, len - (size_t)(open + 2 - text), "}}", 2);
        if (close == NULL) {
            snprintf(err, err_len, "%s:%d: '{{' without '}}'", name, line_of(text, open));
            return false;
        }
        const char *t = open + 2, *e = close;
        char sigil = *t;
        if (strchr("#^/!>@", sigil) != NULL && sigil != '\0')
            t++;
        while (t < e && (*t == ' ' || *t == '\t'))
            t++;
        while (e > t && (e[-1] == ' ' || e[-1] == '\t'))
            e--;
        size_t tl = (size_t)(e - t);
        *pos = (size_t)(close + 2 - text);
        if (sigil == '!')
            continue;
        if (tl == 0) {
            snprintf(err, err_len, "%s:%d: empty tag", name, line_of(text, open));
            return false;
        }
        if (sigil == '/') {
            if (closing == NULL || strlen(closing) != tl || memcmp(closing, t, tl) != 0) {
                snprintf(err, err_len, "%s:%d: unexpected {{/%.*s}}", name, line_of(text, open),
                         (int)tl, t);
                return false;
            }
            return true;
        }
        if (sigil == '#' || sigil == '^') {
            struct node *n = add_kid(parent, sigil == '#' ? N_SECTION : N_INVERTED, t, tl);
            char *want = xstrndup(t, tl);
            size_t idx = parent->n_kids - 1;
            (void)n;
            struct node tmp = {0};
            bool ok = parse(name, text, len, pos, &tmp, want, depth + 1, err, err_len);
            free(want);
            parent->kids[idx].kids = tmp.kids;
            parent->kids[idx].n_kids = tmp.n_kids;
            if (!ok)
                return false;
            continue;
        }
        add_kid(parent, sigil == '>' ? N_PARTIAL : sigil == '@' ? N_I18N : N_VAR, t, tl);
    }
    if (closing != NULL) {
        snprintf(err, err_len, "%s: section '%s' is not closed", name, closing);
        return false;
    }
    return true;
}

struct tmpl_set *tmpl_set_new(void)
{
    struct tmpl_set *ts = xcalloc(1, sizeof(struct tmpl_set));
    return ts;
}

size_t tmpl_path_head(const char *path, size_t len)
{
    const char *dot = memchr(path, '.', len);
    return dot != NULL ? (size_t)(dot - path) : len;
}

uint32_t tmpl_number_of(const struct numbering *nb, const char *s, size_t len)
{
    if (nb->cap == 0)
        return 0;
    size_t mask = nb->cap - 1;
    for (size_t i = (size_t)str_hash(s, len) & mask;; i = (i + 1) & mask) {
        const struct numbered *e = &nb->slots[i];
        if (e->s == NULL)
            return 0;
        if (e->len == len && memcmp(e->s, s, len) == 0)
            return e->id;
    }
}

static void numbered_put(struct numbered *slots, size_t cap, struct numbered e)
{
    size_t i = (size_t)str_hash(e.s, e.len) & (cap - 1);
    while (slots[i].s != NULL)
        i = (i + 1) & (cap - 1);
    slots[i] = e;
}

/* The number of a string, given the next one if it had none. */
static uint32_t number(struct numbering *nb, const char *s, size_t len)
{
    uint32_t id = tmpl_number_of(nb, s, len);
    if (id != 0)
        return id;
    if (2 * ((size_t)nb->n + 1) > nb->cap) {
        size_t cap = nb->cap ? 2 * nb->cap : 256;
        struct numbered *grown = xcalloc(cap, sizeof *grown);
        for (size_t i = 0; i < nb->cap; i++) {
            if (nb->slots[i].s != NULL)
                numbered_put(grown, cap, nb->slots[i]);
        }
        free(nb->slots);
        nb->slots = grown;
        nb->cap = cap;
    }
    numbered_put(nb->slots, nb->cap,
                 (struct numbered){.s = xstrndup(s, len), .len = len, .id = ++nb->n});
    return nb->n;
}

static void numbering_free(struct numbering *nb)
{
    for (size_t i = 0; i < nb->cap; i++)
        free(nb->slots[i].s);
    free(nb->slots);
}

/* Splits and numbers the paths under n: each distinct path of the set gets
 * one number, each distinct first segment another. */
static void number_names(struct tmpl_set *ts, struct node *n)
{
    if (n->kind == N_VAR || n->kind == N_SECTION || n->kind == N_INVERTED) {
        n->head = (uint32_t)tmpl_path_head(n->text, n->len);
        if (n->head > 0)
            n->head_id = number(&ts->heads, n->text, n->head);
        n->name = number(&ts->names, n->text, n->len);
    }
    for (size_t i = 0; i < n->n_kids; i++)
        number_names(ts, &n->kids[i]);
}

void tmpl_set_free(struct tmpl_set *ts)
{
    if (ts == NULL)
        return;
    for (size_t i = 0; i < ts->n; i++) {
        free(ts->t[i].name);
        node_free(&ts->t[i].root);
    }
    free(ts->t);
    free(ts->by_name);
    numbering_free(&ts->names);
    for (int i = 0; i < TMPL_BASES_MAX; i++)
        free(ts->base_values[i]);
    numbering_free(&ts->heads);
    free(ts);
}

/* Where name is, or would be, in ts->by_name (a binary search). */
static size_t name_rank(const struct tmpl_set *ts, const char *name, bool *found)
{
    size_t lo = 0, hi = ts->n;
    *found = false;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int c = strcmp(ts->t[ts->by_name[mid]].name, name);
        if (c == 0) {
            *found = true;
            return mid;
        }
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

const struct tmpl *tmpl_find(const struct tmpl_set *ts, const char *name)
{
    bool found;
    size_t rank = name_rank(ts, name, &found);
    return found ? &ts->t[ts->by_name[rank]] : NULL;
}

enum vc_status tmpl_set_add(struct tmpl_set *ts, const char *name, const char *text, size_t len,
                            char *err, size_t err_len)
{
    struct node root = {0};
    size_t pos = 0;
    /* nodes keep C strings with their length: a NUL would make them disagree */
    const char *nul = memchr(text, '\0', len);
    if (nul != NULL) {
        snprintf(err, err_len, "%s:%d: NUL byte in template", name, line_of(text, nul));
        return VC_ERR_INVALID;
    }
    if (!parse(name, text, len, &pos, &root, NULL, 0, err, err_len)) {
        node_free(&root);
        return VC_ERR_INVALID;
    }
    number_names(ts, &root);
    if (ts->n == ts->cap) {
        ts->cap = ts->cap ? 2 * ts->cap : 32;
        ts->t = xrealloc(ts->t, ts->cap * sizeof *ts->t);
        ts->by_name = xrealloc(ts->by_name, ts->cap * sizeof *ts->by_name);
    }
    bool found;
    size_t rank = name_rank(ts, name, &found);
    if (found) { /* the same name again: the new text replaces the old */
        struct tmpl *old = &ts->t[ts->by_name[rank]];
        node_free(&old->root);
        old->root = root;
        return VC_OK;
    }
    memmove(&ts->by_name[rank + 1], &ts->by_name[rank], (ts->n - rank) * sizeof *ts->by_name);
    ts->by_name[rank] = ts->n;
    struct tmpl *t = &ts->t[ts->n++];
    t->name = xstrdup(name);
    t->html = str_ends_with(name, ".html");
    t->root = root;
    return VC_OK;
}

/* Every partial named in n exists in ts; each partial node learns its
 * template's index (indexes, unlike addresses, survive the array growing). */
static bool partials_ok(const struct tmpl_set *ts, struct node *n, const char *name, char *err,
                        size_t err_len)
{
    if (n->kind == N_PARTIAL) {
        const struct tmpl *p = tmpl_find(ts, n->text);
        if (p == NULL) {
            snprintf(err, err_len, "%s: unknown partial '%s'", name, n->text);
            return false;
        }
        n->partial = (uint32_t)(p - ts->t) + 1;
    }
    for (size_t i = 0; i < n->n_kids; i++) {
        if (!partials_ok(ts, &n->kids[i], name, err, err_len))
            return false;
    }
    return true;
}

static enum vc_status load_dir(struct tmpl_set *ts, const char *root, const char *rel, int depth,
                               char *err, size_t err_len)
{
    char dir[1024];
    snprintf(dir, sizeof dir, "%s%s%s", root, rel[0] ? "/" : "", rel);
    DIR *d = opendir(dir);
    if (d == NULL) {
        snprintf(err, err_len, "%s: cannot open the templates folder", dir);
        return VC_ERR_IO;
    }
    enum vc_status st = VC_OK;
    struct dirent *de;
    while (st == VC_OK && (de = readdir(d)) != NULL) {
        if (de->d_name[0] == '.')
            continue;
        char r[1024], path[2100];
        snprintf(r, sizeof r, "%s%s%s", rel, rel[0] ? "/" : "", de->d_name);
        snprintf(path, sizeof path, "%s/%s", root, r);
        struct stat sb;
        if (stat(path, &sb) != 0)
            continue;
        if (S_ISDIR(sb.st_mode)) {
            if (depth < 4)
                st = load_dir(ts, root, r, depth + 1, err, err_len);
            continue;
        }
        if (!str_ends_with(r, ".html") && !str_ends_with(r, ".txt"))
            continue;
        if (sb.st_size > TMPL_FILE_MAX) {
            snprintf(err, err_len, "%s: too large", path);
            st = VC_ERR_INVALID;
            break;
        }
        FILE *f = fopen(path, "rb");
        if (f == NULL) {
            snprintf(err, err_len, "%s: cannot read", path);
            st = VC_ERR_IO;
            break;
        }
        char *text = xmalloc((size_t)sb.st_size + 1);
        size_t n = fread(text, 1, (size_t)sb.st_size, f);
        fclose(f);
        text[n] = '\0';
        st = tmpl_set_add(ts, r, text, n, err, err_len);
        free(text);
    }
    closedir(d);
    return st;
}

enum vc_status tmpl_set_load(const char *dir, struct tmpl_set **out, char *err, size_t err_len)
{
    struct tmpl_set *ts = tmpl_set_new();
    enum vc_status st = load_dir(ts, dir, "", 0, err, err_len);
    for (size_t i = 0; st == VC_OK && i < ts->n; i++) {
        if (!partials_ok(ts, &ts->t[i].root, ts->t[i].name, err, err_len))
            st = VC_ERR_INVALID;
    }
    if (st != VC_OK) {
        tmpl_set_free(ts);
        return st;
    }
    *out = ts;
    return VC_OK;
}

/* Bytes that need escaping; the rest is copied in runs. */
static const bool ESCAPED[256] = {
    ['&'] = true, ['<'] = true, ['>'] = true, ['"'] = true, ['\''] = true};

void tmpl_escape_html(struct buf *out, const char *s, size_t len)
{
    size_t run = 0;
    for (size_t i = 0; i < len; i++) {
        if (!ESCAPED[(unsigned char)s[i]])
            continue;
        const char *rep = NULL;
        switch (s[i]) {
        case '&':
            rep = "&amp;";
            break;
        case '<':
            rep = "&lt;";
            break;
        case '>':
            rep = "&gt;";
            break;
        case '"':
            rep = "&quot;";
            break;
        case '\'':
            rep = "&#39;";
            break;
        default:
            continue;
        }
        buf_append(out, s + run, i - run);
        buf_puts(out, rep);
        run = i + 1;
    }
    buf_append(out, s + run, len - run);
}

/* A kid whose bytes are the same at every render in bound language l. */
static bool reads_the_same(const struct node *n, int l)
{
    return n->kind == N_TEXT || (n->kind == N_I18N && n->bound[l] != NULL);
}

/* Joins each run of two or more such kids of n onto the run's first, per
 * language: a page's text between its values is then one copy, not one
 * dispatch and one copy per piece (after binding, the kids' texts). */
static void join_runs(struct node *n)
{
    for (size_t i = 0; i < n->n_kids; i++)
        run_free(&n->kids[i]);
    for (int l = 0; l < 2; l++) {
        for (size_t i = 0; i < n->n_kids; i++) {
            size_t j = i;
            while (j < n->n_kids && reads_the_same(&n->kids[j], l))
                j++;
            if (j - i < 2)
                continue;
            struct buf b;
            buf_init(&b);
            for (size_t k = i; k < j; k++) {
                struct node *p = &n->kids[k];
                if (p->kind == N_TEXT) {
                    buf_append(&b, p->text, p->len);
                } else { /* in the run only, from now on: the render never visits it in l */
                    buf_append(&b, p->bound[l], p->bound_len[l]);
                    free(p->bound[l]);
                    p->bound[l] = NULL;
                }
            }
            struct node *first = &n->kids[i];
            if (first->run == NULL)
                first->run = xcalloc(1, sizeof *first->run);
            first->run->len[l] = (uint32_t)b.len;
            first->run->text[l] = b.data != NULL ? buf_steal(&b) : xstrdup("");
            first->run->n[l] = (uint32_t)(j - i);
            i = j - 1;
        }
    }
}

/* Binds the catalogue nodes under n (of a template escaped or not). */
static void bind_nodes(struct node *n, bool html, const struct i18n *t)
{
    if (n->kind == N_I18N) {
        for (int i = 0; i < 2; i++) {
            free(n->bound[i]);
            n->bound[i] = NULL;
            const char *text = i18n_get(t, TMPL_BOUND_LANGS[i], n->text);
            if (strchr(text, '{') != NULL)
                continue; /* placeholders: filled from the context at each render */
            struct buf b;
            buf_init(&b);
            if (html)
                tmpl_escape_html(&b, text, strlen(text));
            else
                buf_puts(&b, text);
            n->bound_len[i] = (uint32_t)b.len;
            n->bound[i] = b.data != NULL ? buf_steal(&b) : xstrdup("");
        }
    }
    for (size_t i = 0; i < n->n_kids; i++)
        bind_nodes(&n->kids[i], html, t);
    join_runs(n);
}

void tmpl_set_bind(struct tmpl_set *ts, const struct i18n *t)
{
    char err[8];
    for (size_t i = 0; i < ts->n; i++) {
        partials_ok(ts, &ts->t[i].root, ts->t[i].name, err, sizeof err);
        bind_nodes(&ts->t[i].root, ts->t[i].html, t);
    }
    ts->bound = t;
}

void tmpl_set_bind_bases(struct tmpl_set *ts, const json_t *const *bases, size_t n)
{
    ts->n_base_values = (size_t)ts->names.n + 1;
    for (size_t i = 0; i < TMPL_BASES_MAX; i++) {
        free(ts->base_values[i]);
        ts->base_values[i] = NULL;
        ts->base[i] = i < n ? bases[i] : NULL;
        if (ts->base[i] == NULL)
            continue;
        ts->base_values[i] = xcalloc(ts->n_base_values, sizeof *ts->base_values[i]);
        for (size_t k = 0; k < ts->names.cap; k++) {
            const struct numbered *e = &ts->names.slots[k];
            if (e->s != NULL) /* numbered 1 .. n */
                ts->base_values[i][e->id] =
                    json_object_getn(ts->base[i], e->s, tmpl_path_head(e->s, e->len));
        }
    }
}
