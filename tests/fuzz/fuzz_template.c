/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* libFuzzer driver: the template engine. The input is compiled as "f.html"
 * (and as "f.txt") next to a fixed partial "p.html", then rendered with a
 * small fixed context and no catalogue (i18n_get(NULL, ...) returns the key).
 * Escaping property: when the input has none of < > " ' the HTML output
 * has none either (the context's strings are full of them). */
#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "render/template.h"
#include "util/buf.h"

#define FUZZ_MAX (16 * 1024)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char PARTIAL[] = "[b]{{name}}[/b]{{#items}}({{.}}){{/items}}{{@p.key}}";

static json_t *context(void)
{
    return json_pack("{s:s, s:[i, s, {s:s}, b], s:b, s:s, s:i, s:{s:{s:s}}, s:[], s:n, s:f}",
                     "name", "<Mario & 'Rossi'>", "items", 1, "<two>", "name", "three\"", 1, "flag",
                     1, "empty", "", "zero", 0, "obj", "a", "b", "<deep>", "list", "none", "pi",
                     3.5);
}

static bool has_markup(const char *s, size_t len)
{
    for (size_t i = 0; i < len; i++) {
        if (s[i] == '<' || s[i] == '>' || s[i] == '"' || s[i] == '\'')
            return true;
    }
    return false;
}

static void render(const struct tmpl_set *ts, const char *name, const json_t *ctx, const char *lang,
                   bool must_be_clean)
{
    struct buf out;
    buf_init(&out);
    enum vc_status st = tmpl_render(ts, name, ctx, NULL, lang, &out);
    if (st == VC_OK && out.len > 0) {
        if (out.data == NULL || strlen(out.data) > out.len)
            abort();
        if (must_be_clean && has_markup(out.data, out.len))
            abort(); /* a context value reached the page unescaped */
    }
    buf_fini(&out);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > FUZZ_MAX)
        return 0;
    char err[256];
    struct tmpl_set *ts = tmpl_set_new();
    if (tmpl_set_add(ts, "p.html", PARTIAL, sizeof PARTIAL - 1, err, sizeof err) != VC_OK)
        abort();
    json_t *ctx = context();
    if (ctx == NULL)
        abort();
    if (tmpl_set_add(ts, "f.html", (const char *)data, size, err, sizeof err) == VC_OK) {
        bool clean = !has_markup((const char *)data, size);
        render(ts, "f.html", ctx, "it", clean);
        render(ts, "f.html", ctx, "en", clean);
    } else if (memchr(err, '\0', sizeof err) == NULL) {
        abort();
    }
    if (tmpl_set_add(ts, "f.txt", (const char *)data, size, err, sizeof err) == VC_OK)
        render(ts, "f.txt", ctx, "it", false);
    json_decref(ctx);
    tmpl_set_free(ts);
    return 0;
}
