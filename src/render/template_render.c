/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* Rendering a compiled template (template.h, template_impl.h): the tree is
 * walked with a stack of contexts; names outside the sections are
 * remembered for the render, the page's own keys bound to their first
 * segment's number once, bound catalogue texts and runs copied as they are. */
#include <stdio.h>
#include <string.h>

#include "render/template.h"
#include "render/template_impl.h"

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
        uint32_t id = tmpl_number_of(&r->ts->heads, key, len);
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
    const json_t *v = lookup_path(ctx, name, len, tmpl_path_head(name, len), 0, 0);
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
                n->partial != 0 ? &r->ts->t[n->partial - 1] : tmpl_find(r->ts, n->text);
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
    const struct tmpl *tp = tmpl_find(ts, name);
    if (tp == NULL)
        return VC_ERR_NOT_FOUND;
    struct render r = {.ts = ts, .t = t, .lang = lang, .out = out, .lang_bound = -1};
    for (int i = 0; t != NULL && t == ts->bound && lang != NULL && i < 2; i++) {
        if (strcmp(lang, TMPL_BOUND_LANGS[i]) == 0)
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
