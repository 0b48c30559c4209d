/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* The template engine of template.h: templates are compiled once into a
 * tree of nodes; rendering walks the tree with a stack of contexts.
 * Once loaded, a partial node points at its template by index, and after
 * tmpl_set_bind each catalogue node without placeholders holds its text in
 * both languages, already escaped, and each run of kids that read the same
 * at every render (text, such catalogue texts) is joined onto its first.
 * After tmpl_set_bind_bases the names of the shared base contexts are found
 * by number. A path's first segment is numbered too (node.head_id): a
 * render binds its page's keys to those numbers once, and then finds what
 * the page holds without a hash lookup. */
#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "render/template.h"
#include "util/str.h"
#include "util/xalloc.h"

#define TMPL_DEPTH_MAX 16 /* partials nesting */
#define TMPL_STACK_MAX 32 /* nested sections */
#define TMPL_FILE_MAX (1 << 20)

enum node_kind { N_TEXT, N_VAR, N_SECTION, N_INVERTED, N_I18N, N_PARTIAL };

/* Distinct strings numbered 1 .. n in the order they came, open-addressed by
 * str_hash (cap a power of two, at most half full). */
struct numbered {
    char *s; /* NULL: a free slot */
    size_t len;
    uint32_t id;
};

struct numbering {
    struct numbered *slots;
    size_t cap;
    uint32_t n;
};

/* After tmpl_set_bind, on the first of two or more kids in a row that read
 * the same at every render in a bound language (text, bound catalogue
 * texts): their bytes joined, and how many kids they are (0: no run in that
 * language). */
struct run {
    char *text[2];
    uint32_t len[2];
    uint32_t n[2];
};

struct node {
    enum node_kind kind;
    uint32_t len;
    char *text;       /* text, path, key or partial name */
    uint32_t head;    /* a path's first segment: the bytes before its first dot */
    uint32_t name;    /* a path's number in its set (the same path, the same number), 0: none */
    uint32_t head_id; /* its first segment's number in the set's heads, 0: none */
    uint32_t n_kids;
    struct node *kids; /* sections */
    uint32_t partial;  /* N_PARTIAL: index + 1 of its template in the set, 0: not resolved */
    uint32_t bound_len[2];
    char *bound[2];  /* N_I18N after tmpl_set_bind: the text in it, en, escaped for the
                        template's type; NULL when it has placeholders (rendered each time) */
    struct run *run; /* NULL: none */
};

struct tmpl {
    char *name;
    bool html;
    struct node root;
};

struct tmpl_set {
    struct tmpl *t;
    size_t *by_name; /* indexes of t, in the order of their names */
    size_t n, cap;
    struct numbering names;   /* the paths the templates name (node.name) */
    const struct i18n *bound; /* the catalogues of the nodes' bound texts, or NULL */
    /* tmpl_set_bind_bases: each base and, by name number, what the base
     * holds under the name's first segment (NULL: nothing) */
    const json_t *base[TMPL_BASES_MAX];
    const json_t **base_values[TMPL_BASES_MAX];
    size_t n_base_values;   /* names numbered when they were filled, + 1 */
    struct numbering heads; /* their first segments (node.head_id) */
};

/* The languages whose texts are bound, in the order of node.bound. */
static const char *const BOUND_LANGS[2] = {"it", "en"};

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

/* A path's first segment: the bytes of path (len bytes) before its first dot. */
static size_t path_head(const char *path, size_t len)
{
    const char *dot = memchr(path, '.', len);
    return dot != NULL ? (size_t)(dot - path) : len;
}

/* The number of a string (len bytes), 0 if it has none. */
static uint32_t number_of(const struct numbering *nb, const char *s, size_t len)
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
    uint32_t id = number_of(nb, s, len);
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
        n->head = (uint32_t)path_head(n->text, n->len);
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

static const struct tmpl *find(const struct tmpl_set *ts, const char *name)
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
        const struct tmpl *p = find(ts, n->text);
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

/* ---- rendering ---- */

/* What a path is outside every section, for the rest of the render: the
 * layout asks the same few names several times (the back office or not, a
 * PIN or a password), a loop asks the page's flags at each row, and each ask
 * was a hash lookup in every scope. Nothing a render reads changes while it
 * runs. */
#define MEMO_SLOTS 64

struct memo {
    uint32_t name; /* node.name, 0: empty */
    const json_t *v;
};

/* The page's own keys by head number (tmpl_render_base): a page with more
 * keys than half the slots is looked up as before. */
#define KEY_SLOTS 64

struct key_slot {
    uint32_t head_id; /* 0: empty */
    const json_t *v;
};

struct render {
    const struct tmpl_set *ts;
    const struct i18n *t;
    const char *lang;
    int lang_bound;             /* index in node.bound for lang, -1 when not bound */
    const json_t **base_values; /* stack[0]'s by name number (tmpl_set_bind_bases), or NULL */
    size_t n_base_values;
    struct buf *out;
    const json_t *stack[TMPL_STACK_MAX + 2];
    int sp;
    int top; /* sp outside every section: where the memo holds */
    int depth;
    struct memo memo[MEMO_SLOTS];
    const json_t *keyed; /* the context whose keys are in keys, or NULL */
    struct key_slot keys[KEY_SLOTS];
};

/* Where a head's number is in keys, or would go. */
static size_t key_at(const struct render *r, uint32_t head_id)
{
    size_t i = head_id % KEY_SLOTS;
    while (r->keys[i].head_id != head_id && r->keys[i].head_id != 0)
        i = (i + 1) % KEY_SLOTS;
    return i;
}

/* What the bound context holds under a head's number. */
static const json_t *key_get(const struct render *r, uint32_t head_id)
{
    const struct key_slot *k = &r->keys[key_at(r, head_id)];
    return k->head_id != 0 ? k->v : NULL;
}

/* Binds ctx's keys that some path starts with to their head numbers. */
static void key_bind(struct render *r, const json_t *ctx)
{
    if (!json_is_object(ctx) || json_object_size(ctx) > KEY_SLOTS / 2)
        return;
    const char *key;
    size_t len;
    json_t *v;
    json_object_keylen_foreach((json_t *)ctx, key, len, v)
    {
        uint32_t id = number_of(&r->ts->heads, key, len);
        if (id != 0) /* else no template asks it */
            r->keys[key_at(r, id)] = (struct key_slot){.head_id = id, .v = v};
    }
    r->keyed = ctx;
}

/* The member of v named by one path segment (seg, len bytes, not
 * NUL-terminated): an object's key, or, for an array, a decimal index
 * ("error_list.0" is the first error). */
static const json_t *step_into(const json_t *v, const char *seg, size_t len)
{
    if (json_is_object(v))
        return json_object_getn(v, seg, len);
    if (!json_is_array(v) || len == 0 || len > 9)
        return NULL;
    size_t index = 0;
    for (size_t i = 0; i < len; i++) {
        if (seg[i] < '0' || seg[i] > '9')
            return NULL;
        index = index * 10 + (size_t)(seg[i] - '0');
    }
    return json_array_get(v, index);
}

/* A path (len bytes, its first segment head bytes; name its number and
 * head_id its first segment's, 0 if none) in the scope stack: the first
 * segment innermost first, then down its dots. A bound base answers by
 * name, the page's own context by head. */
static const json_t *lookup_path(const struct render *r, const char *path, size_t len, size_t head,
                                 uint32_t name, uint32_t head_id)
{
    if (len == 1 && path[0] == '.')
        return r->stack[r->sp - 1];
    const json_t *v = NULL;
    for (int i = r->sp - 1; i >= 0 && v == NULL; i--) {
        if (i == 0 && r->base_values != NULL && name != 0 && name < r->n_base_values)
            v = r->base_values[name];
        else if (head_id != 0 && r->stack[i] == r->keyed)
            v = key_get(r, head_id);
        else if (json_is_object(r->stack[i]))
            v = json_object_getn(r->stack[i], path, head);
    }
    for (size_t at = head; v != NULL && at < len;) { /* path[at] is a dot */
        const char *seg = path + at + 1;
        const char *dot = memchr(seg, '.', len - at - 1);
        size_t l = dot != NULL ? (size_t)(dot - seg) : len - at - 1;
        v = step_into(v, seg, l);
        at += 1 + l;
    }
    return v;
}

/* A node's path: split when the template was compiled; outside every
 * section, remembered. Inside sections, a name without dots is looked for in
 * the sections' own scopes, and then is what it is outside them: the
 * remembered answer (a loop's rows ask the page's flags at every row). The
 * lowest section's scope may be the page's own (an inverted section pushes
 * the scope it is in): that scope is the outside's first. */
static const json_t *lookup(struct render *r, const struct node *n)
{
    if (n->name == 0 || (r->sp != r->top && n->head != n->len))
        return lookup_path(r, n->text, n->len, n->head, n->name, n->head_id);
    for (int i = r->sp - 1; i >= r->top; i--) {
        const json_t *s = r->stack[i];
        if (i == r->top && s == r->stack[r->top - 1])
            break;
        const json_t *v = json_is_object(s) ? json_object_getn(s, n->text, n->len) : NULL;
        if (v != NULL)
            return v;
    }
    struct memo *m = &r->memo[n->name % MEMO_SLOTS];
    if (m->name != n->name) {
        int sp = r->sp;
        r->sp = r->top; /* what it is outside every section */
        m->name = n->name;
        m->v = lookup_path(r, n->text, n->len, n->head, n->name, n->head_id);
        r->sp = sp;
    }
    return m->v;
}

static bool truthy(const json_t *v)
{
    if (v == NULL || json_is_null(v) || json_is_false(v))
        return false;
    if (json_is_string(v))
        return json_string_length(v) > 0;
    if (json_is_array(v))
        return json_array_size(v) > 0;
    if (json_is_integer(v))
        return json_integer_value(v) != 0;
    return true;
}

static void emit(struct render *r, bool html, const char *s, size_t len)
{
    if (html)
        tmpl_escape_html(r->out, s, len);
    else
        buf_append(r->out, s, len);
}

/* A scalar as text (strings as they are). */
static void value_text(const json_t *v, struct buf *out)
{
    char num[64];
    if (json_is_string(v)) {
        buf_append(out, json_string_value(v), json_string_length(v));
    } else if (json_is_integer(v)) {
        snprintf(num, sizeof num, "%" JSON_INTEGER_FORMAT, json_integer_value(v));
        buf_puts(out, num);
    } else if (json_is_real(v)) {
        snprintf(num, sizeof num, "%g", json_real_value(v));
        buf_puts(out, num);
    } else if (json_is_true(v)) {
        buf_puts(out, "true");
    }
}

static void emit_value(struct render *r, bool html, const json_t *v)
{
    if (json_is_string(v))
        emit(r, html, json_string_value(v), json_string_length(v));
    else
        value_text(v, r->out);
}

static bool context_value(void *ctx, const char *name, struct buf *out)
{
    size_t len = strlen(name);
    const json_t *v = lookup_path(ctx, name, len, path_head(name, len), 0, 0);
    if (v == NULL)
        return false;
    value_text(v, out);
    return true;
}

/* Catalogue text with {name} placeholders filled from the context; the whole
 * result is escaped, values and text alike. */
static void emit_i18n(struct render *r, bool html, const char *key)
{
    struct buf b;
    buf_init(&b);
    i18n_format(i18n_get(r->t, r->lang, key), context_value, r, &b);
    emit(r, html, b.data != NULL ? b.data : "", b.len);
    buf_fini(&b);
}

static enum vc_status render_nodes(struct render *r, bool html, const struct node *n, size_t count);

static enum vc_status render_kids_with(struct render *r, bool html, const struct node *n,
                                       const json_t *ctx)
{
    if (r->sp >= TMPL_STACK_MAX)
        return VC_ERR_INVALID;
    r->stack[r->sp++] = ctx;
    enum vc_status st = render_nodes(r, html, n->kids, n->n_kids);
    r->sp--;
    return st;
}

static enum vc_status render_template(struct render *r, const struct tmpl *t)
{
    if (r->depth >= TMPL_DEPTH_MAX)
        return VC_ERR_INVALID;
    r->depth++;
    enum vc_status st = render_nodes(r, t->html, t->root.kids, t->root.n_kids);
    r->depth--;
    return st;
}

static enum vc_status render_nodes(struct render *r, bool html, const struct node *n, size_t count)
{
    enum vc_status st = VC_OK;
    for (size_t i = 0; i < count && st == VC_OK; i++, n++) {
        const json_t *v;
        if (n->run != NULL && r->lang_bound >= 0 && n->run->n[r->lang_bound] > 1) {
            size_t k = n->run->n[r->lang_bound]; /* kids joined at bind */
            buf_append(r->out, n->run->text[r->lang_bound], n->run->len[r->lang_bound]);
            i += k - 1;
            n += k - 1;
            continue;
        }
        switch (n->kind) {
        case N_TEXT:
            buf_append(r->out, n->text, n->len);
            break;
        case N_VAR:
            if ((v = lookup(r, n)) != NULL)
                emit_value(r, html, v);
            break;
        case N_I18N:
            if (r->lang_bound >= 0 && n->bound[r->lang_bound] != NULL)
                buf_append(r->out, n->bound[r->lang_bound], n->bound_len[r->lang_bound]);
            else
                emit_i18n(r, html, n->text);
            break;
        case N_INVERTED:
            if (!truthy(lookup(r, n)))
                st = render_kids_with(r, html, n, r->stack[r->sp - 1]);
            break;
        case N_SECTION:
            v = lookup(r, n);
            if (!truthy(v))
                break;
            if (json_is_array(v)) {
                size_t k;
                const json_t *item;
                json_array_foreach(v, k, item)
                {
                    if ((st = render_kids_with(r, html, n, item)) != VC_OK)
                        break;
                }
            } else {
                st = render_kids_with(r, html, n, v);
            }
            break;
        case N_PARTIAL: {
            const struct tmpl *p =
                n->partial != 0 ? &r->ts->t[n->partial - 1] : find(r->ts, n->text);
            st = p != NULL ? render_template(r, p) : VC_ERR_NOT_FOUND;
            break;
        }
        }
    }
    return st;
}

enum vc_status tmpl_render_base(const struct tmpl_set *ts, const char *name, const json_t *base,
                                const json_t *ctx, const struct i18n *t, const char *lang,
                                struct buf *out)
{
    const struct tmpl *tp = find(ts, name);
    if (tp == NULL)
        return VC_ERR_NOT_FOUND;
    struct render r = {.ts = ts, .t = t, .lang = lang, .out = out, .lang_bound = -1};
    for (int i = 0; t != NULL && t == ts->bound && lang != NULL && i < 2; i++) {
        if (strcmp(lang, BOUND_LANGS[i]) == 0)
            r.lang_bound = i;
    }
    for (int i = 0; base != NULL && i < TMPL_BASES_MAX; i++) {
        if (base == ts->base[i]) {
            r.base_values = ts->base_values[i];
            r.n_base_values = ts->n_base_values;
        }
    }
    if (base != NULL)
        r.stack[r.sp++] = base;
    r.stack[r.sp++] = ctx;
    r.top = r.sp;
    key_bind(&r, ctx);
    return render_template(&r, tp);
}

enum vc_status tmpl_render(const struct tmpl_set *ts, const char *name, const json_t *ctx,
                           const struct i18n *t, const char *lang, struct buf *out)
{
    return tmpl_render_base(ts, name, NULL, ctx, t, lang, out);
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
            const char *text = i18n_get(t, BOUND_LANGS[i], n->text);
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
                    json_object_getn(ts->base[i], e->s, path_head(e->s, e->len));
        }
    }
}
