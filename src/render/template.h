/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* Templates that escape by default. Loaded once from <assets>/templates/:
 * every *.html and *.txt, named by its relative path with the extension
 * ("web/register.html", "mail/confirm_email.txt").
 *
 * Syntax (a small Mustache):
 *   {{a.b}}            value at path, escaped for the template's type
 *                      (.html: HTML-escaped; .txt: as is); a decimal
 *                      segment indexes an array: {{#list.0}} is "list has
 *                      a first item", {{list.1.name}} the second's name
 *   {{#a}}..{{/a}}     section: loop over an array, or render once if a is
 *                      truthy (non-empty string, true, non-zero, object)
 *   {{^a}}..{{/a}}     inverted section: when a is missing/false/empty
 *   {{.}}              the current item
 *   {{@key}}           catalogue text for key in the render language, escaped;
 *                      "{name}" inside the text is replaced by the escaped
 *                      value of name in the current context
 *   {{>path}}          include another template (same escaping rules)
 *   {{! comment}}
 * There is no raw (unescaped) output: pages cannot inject markup.
 * Context lookups walk outwards through enclosing sections.
 * The context is a jansson object (the render input only; core never sees it).
 * Read-only after load: thread-safe. */
#ifndef VARCO_RENDER_TEMPLATE_H
#define VARCO_RENDER_TEMPLATE_H

#include <jansson.h>
#include <stddef.h>

#include "render/i18n.h"
#include "util/buf.h"
#include "util/status.h"

struct tmpl_set;

/* Loads and compiles every template under dir. VC_ERR_INVALID with
 * "file:line: why" in err on a syntax error (unclosed section, unknown
 * partial, ...). */
enum vc_status tmpl_set_load(const char *dir, struct tmpl_set **out, char *err, size_t err_len);
void tmpl_set_free(struct tmpl_set *ts);

/* Compiles one template from memory (tests, fuzzer); name decides escaping. */
enum vc_status tmpl_set_add(struct tmpl_set *ts, const char *name, const char *text, size_t len,
                            char *err, size_t err_len);
struct tmpl_set *tmpl_set_new(void);

/* Fills every catalogue text without placeholders in, for "it" and "en",
 * escaped, so that rendering with the catalogues t looks nothing up (other
 * catalogues or languages still work, looked up at each render). Call after
 * loading, before any render; t must outlive ts or the next bind. */
void tmpl_set_bind(struct tmpl_set *ts, const struct i18n *t);

/* Remembers what each of the n shared base contexts (at most
 * TMPL_BASES_MAX) holds under every name the templates use, so that a
 * render with one of them as base finds those names without a lookup.
 * The bases must not change afterwards, and must outlive ts or the next
 * call. Names of templates added later are looked up as before. */
#define TMPL_BASES_MAX 2
void tmpl_set_bind_bases(struct tmpl_set *ts, const json_t *const *bases, size_t n);

/* Renders name with ctx into out (appends). VC_ERR_NOT_FOUND for an unknown
 * template. Partials nest at most 16 deep. */
enum vc_status tmpl_render(const struct tmpl_set *ts, const char *name, const json_t *ctx,
                           const struct i18n *t, const char *lang, struct buf *out);

/* The same with base beneath ctx: names not in ctx are looked up in base,
 * as if both were one object (ctx wins). base is shared, read only: the
 * part of a page's context that is the same for every request. */
enum vc_status tmpl_render_base(const struct tmpl_set *ts, const char *name, const json_t *base,
                                const json_t *ctx, const struct i18n *t, const char *lang,
                                struct buf *out);

/* HTML-escapes s (& < > " ' ) onto out. */
void tmpl_escape_html(struct buf *out, const char *s, size_t len);

#endif
