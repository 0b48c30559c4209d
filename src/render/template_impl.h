/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* The compiled form of templates, shared by the two halves of the engine:
 * template.c compiles, loads and binds a set; template_render.c renders
 * from it. Not for use outside render/template*.c. */
#ifndef VARCO_RENDER_TEMPLATE_IMPL_H
#define VARCO_RENDER_TEMPLATE_IMPL_H

#include <stdint.h>

#include "render/template.h"

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
extern const char *const TMPL_BOUND_LANGS[2];

/* The template of that name, or NULL. */
const struct tmpl *tmpl_find(const struct tmpl_set *ts, const char *name);

/* A path's first segment: the bytes of path (len bytes) before its first dot. */
size_t tmpl_path_head(const char *path, size_t len);

/* The number of a string (len bytes) in nb, 0 if it has none. */
uint32_t tmpl_number_of(const struct numbering *nb, const char *s, size_t len);

#endif
