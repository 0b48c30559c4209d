/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* The parser of legal.h: lines -> blocks -> segments with links. Works on
 * the text after its placeholders are filled, so that a configured address
 * ({dpo_email}) becomes a link like a typed one. */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "render/legal.h"
#include "util/buf.h"
#include "util/str.h"

/* Characters that end an address when they close it: "scrivi a x@y.it." */
static bool trailing_punct(char c)
{
    return c != '\0' && strchr(".,;:!?)]'\"", c) != NULL;
}

static bool addr_char(char c)
{
    return c > ' ' && c != '<' && c != '>' && c != '"' && c != '(' && c != ')' &&
           (unsigned char)c < 0x80;
}

static bool local_char(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           strchr("._%+-", c) != NULL;
}

static void add_text(json_t *segs, const char *s, size_t n)
{
    if (n > 0)
        json_array_append_new(segs, json_pack("{s:s%}", "t", s, n));
}

static void add_link(json_t *segs, const char *s, size_t n, bool mail)
{
    json_t *seg = json_pack("{s:s%}", "t", s, n);
    char *href = NULL;
    struct buf b;
    buf_init(&b);
    buf_printf(&b, "%s%.*s", mail ? "mailto:" : "", (int)n, s);
    href = buf_steal(&b);
    json_object_set_new(seg, "href", json_string(href));
    free(href);
    json_array_append_new(segs, seg);
}

/* Length of a web address at s ("http://" or "https://" and what follows),
 * or 0. */
static size_t web_addr(const char *s)
{
    size_t p = strncmp(s, "https://", 8) == 0 ? 8 : strncmp(s, "http://", 7) == 0 ? 7 : 0;
    if (p == 0)
        return 0;
    size_t n = p;
    while (addr_char(s[n]))
        n++;
    while (n > p && trailing_punct(s[n - 1]))
        n--;
    return n > p ? n : 0;
}

/* An email address around the '@' at s + at: its start and length, or false. */
static bool mail_addr(const char *s, size_t at, size_t *start, size_t *len)
{
    size_t b = at;
    while (b > 0 && local_char(s[b - 1]))
        b--;
    size_t e = at + 1;
    bool dot = false;
    while ((s[e] >= 'a' && s[e] <= 'z') || (s[e] >= 'A' && s[e] <= 'Z') ||
           (s[e] >= '0' && s[e] <= '9') || s[e] == '-' || s[e] == '.') {
        dot = dot || s[e] == '.';
        e++;
    }
    while (e > at + 1 && s[e - 1] == '.')
        e--;
    if (b == at || e == at + 1 || !dot || s[e - 1] == '.')
        return false;
    *start = b;
    *len = e - b;
    return true;
}

/* Splits s (NUL-terminated) into text and link segments. */
static json_t *segments(const char *s)
{
    json_t *segs = json_array();
    size_t run = 0, i = 0;
    while (s[i] != '\0') {
        size_t n = (i == 0 || !addr_char(s[i - 1])) ? web_addr(s + i) : 0;
        if (n > 0) {
            add_text(segs, s + run, i - run);
            add_link(segs, s + i, n, false);
            i += n;
            run = i;
            continue;
        }
        size_t start, len;
        if (s[i] == '@' && mail_addr(s, i, &start, &len) && start >= run) {
            add_text(segs, s + run, start - run);
            add_link(segs, s + start, len, true);
            i = start + len;
            run = i;
            continue;
        }
        i++;
    }
    add_text(segs, s + run, i - run);
    return segs;
}

struct parser {
    json_t *doc;
    json_t *blocks;
    struct buf para; /* the paragraph being joined */
    json_t *list;    /* the list being filled, or NULL */
};

static void end_paragraph(struct parser *p)
{
    if (p->para.len > 0)
        json_array_append_new(p->blocks,
                              json_pack("{s:{s:o}}", "p", "segs", segments(p->para.data)));
    buf_reset(&p->para);
}

static void end_list(struct parser *p)
{
    if (p->list != NULL)
        json_array_append_new(p->blocks, json_pack("{s:{s:o}}", "ul", "items", p->list));
    p->list = NULL;
}

static void line(struct parser *p, const char *l, size_t n)
{
    while (n > 0 && (l[n - 1] == ' ' || l[n - 1] == '\t' || l[n - 1] == '\r'))
        n--;
    while (n > 0 && (*l == ' ' || *l == '\t'))
        l++, n--;
    char *text = strndup(l, n);
    if (text == NULL)
        return;
    if (n == 0) {
        end_paragraph(p);
        end_list(p);
    } else if (strncmp(text, "## ", 3) == 0) {
        end_paragraph(p);
        end_list(p);
        json_array_append_new(p->blocks, json_pack("{s:s}", "h2", text + 3));
    } else if (strncmp(text, "# ", 2) == 0) {
        end_paragraph(p);
        end_list(p);
        json_object_set_new(p->doc, "title", json_string(text + 2));
    } else if (strncmp(text, "- ", 2) == 0) {
        end_paragraph(p);
        if (p->list == NULL)
            p->list = json_array();
        json_array_append_new(p->list, json_pack("{s:o}", "segs", segments(text + 2)));
    } else {
        end_list(p);
        if (p->para.len > 0)
            buf_putc(&p->para, ' ');
        buf_append(&p->para, text, strlen(text));
    }
    free(text);
}

json_t *legal_parse(const char *text, size_t len, i18n_value_fn value, void *ctx)
{
    if (len > LEGAL_TEXT_MAX || memchr(text, '\0', len) != NULL || !str_is_clean_utf8(text, len))
        return NULL;
    struct buf raw, filled;
    buf_init(&raw);
    buf_init(&filled);
    buf_append(&raw, text, len);
    buf_puts(&filled, "");
    if (value != NULL)
        i18n_format(raw.data != NULL ? raw.data : "", value, ctx, &filled);
    else
        buf_append(&filled, text, len);
    struct parser p = {.doc = json_object(), .blocks = json_array()};
    buf_init(&p.para);
    const char *s = filled.data, *end = filled.data + filled.len;
    while (s < end) {
        const char *nl = memchr(s, '\n', (size_t)(end - s));
        size_t n = nl != NULL ? (size_t)(nl - s) : (size_t)(end - s);
        line(&p, s, n);
        s += n + 1;
    }
    end_paragraph(&p);
    end_list(&p);
    if (json_object_get(p.doc, "title") == NULL)
        json_object_set_new(p.doc, "title", json_string(""));
    json_object_set_new(p.doc, "blocks", p.blocks);
    buf_fini(&p.para);
    buf_fini(&raw);
    buf_fini(&filled);
    return p.doc;
}
