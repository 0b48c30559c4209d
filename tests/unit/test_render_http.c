/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* Templates escape by default; the request parsers keep to their bounds. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "http/parse.h"
#include "render/i18n.h"
#include "render/template.h"
#include "util/arena.h"

static char *render(const char *name, const char *text, json_t *ctx)
{
    struct tmpl_set *ts = tmpl_set_new();
    char err[256] = "";
    cr_assert_eq(tmpl_set_add(ts, name, text, strlen(text), err, sizeof err), VC_OK, "%s", err);
    struct buf b;
    buf_init(&b);
    cr_assert_eq(tmpl_render(ts, name, ctx, NULL, "it", &b), VC_OK);
    tmpl_set_free(ts);
    json_decref(ctx);
    return buf_steal(&b);
}

Test(template, html_escapes_by_default)
{
    char *s =
        render("t.html", "<p>{{x}}</p>", json_pack("{s:s}", "x", "<script>alert('x')</script>&\""));
    cr_assert_str_eq(s, "<p>&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&amp;&quot;</p>");
    free(s);
}

Test(template, txt_is_verbatim)
{
    char *s = render("t.txt", "{{x}}", json_pack("{s:s}", "x", "a<b"));
    cr_assert_str_eq(s, "a<b");
    free(s);
}

Test(template, sections_loops_and_inverted)
{
    char *s = render("t.html", "{{#xs}}[{{.}}]{{/xs}}{{^none}}empty{{/none}}{{#o}}{{a}}{{/o}}",
                     json_pack("{s:[s,s],s:{s:s}}", "xs", "1", "<2>", "o", "a", "A"));
    cr_assert_str_eq(s, "[1][&lt;2&gt;]emptyA");
    free(s);
}

/* The error summary asks {{#error_list.0}}: a numeric segment indexes an
 * array (it never did, and the summary never showed). */
Test(template, numeric_segments_index_arrays)
{
    char *s =
        render("t.html",
               "{{#xs.0}}first={{xs.0.n}}{{/xs.0}};{{xs.1.n}};[{{xs.2.n}}]{{^ys.0}}none{{/ys.0}}"
               "{{o.0}}",
               json_pack("{s:[{s:s},{s:s}],s:[],s:{s:s}}", "xs", "n", "a<", "n", "b", "ys", "o",
                         "0", "zero"));
    cr_assert_str_eq(s, "first=a&lt;;b;[]nonezero");
    free(s);
    /* not an index: signs, spaces and huge numbers find nothing */
    s = render("t.html", "[{{xs.-1}}{{xs. 0}}{{xs.99999999999}}{{xs.0x0}}]",
               json_pack("{s:[s]}", "xs", "a"));
    cr_assert_str_eq(s, "[]");
    free(s);
}

/* Paths are split when a template is compiled: three segments deep, a
 * segment that names nothing, an outer name seen from inside a section,
 * and a placeholder of a catalogue text that is a path. */
Test(template, dotted_paths_walk_down_and_out)
{
    char *s = render("t.html", "{{a.b.c}}|{{a.b.x}}|{{a.x.c}}|{{#a.b}}{{c}}{{top}}{{/a.b}}|{{a.b}}",
                     json_pack("{s:{s:{s:s}},s:s}", "a", "b", "c", "<C>", "top", "T"));
    cr_assert_str_eq(s, "&lt;C&gt;|||&lt;C&gt;T|");
    free(s);
}

/* A name asked again outside every section answers what it did (the
 * render remembers it); inside a section an item's own value still wins,
 * and an item without one sees the outer value. Seventy names share the
 * render's 64 memory slots and each keeps its own value. */
Test(template, names_asked_again_answer_the_same)
{
    char *s = render("t.html", "{{x}}{{#items}}[{{x}}]{{/items}}{{x}}{{^x}}no{{/x}}{{#x}}yes{{/x}}",
                     json_pack("{s:s,s:[{s:s},{}]}", "x", "top", "items", "x", "in"));
    cr_assert_str_eq(s, "top[in][top]topyes");
    free(s);
    struct buf text, want;
    buf_init(&text);
    buf_init(&want);
    json_t *ctx = json_object();
    for (int round = 0; round < 2; round++) {
        for (int i = 0; i < 70; i++) {
            int k = round == 0 ? i : 69 - i;
            buf_printf(&text, "{{n%d}}{{^n%d}}-{{/n%d}}", k, k, k);
            if (k % 3 == 0)
                buf_printf(&want, "-");
            else
                buf_printf(&want, "%d", k);
            if (round == 0 && i % 3 != 0) {
                char key[16], val[16];
                snprintf(key, sizeof key, "n%d", i);
                snprintf(val, sizeof val, "%d", i);
                json_object_set_new(ctx, key, json_string(val));
            }
        }
    }
    s = render("many.html", text.data, ctx);
    cr_assert_str_eq(s, want.data);
    free(s);
    buf_fini(&text);
    buf_fini(&want);
}

/* Inside sections a name is asked of the sections' values first, then of
 * what is outside them: an item's own value wins, a value
 * only outside is found from any depth, asked first inside or outside, and
 * a dotted path whose head an item has does not fall back outside (an
 * empty object is true). */
Test(template, names_in_sections_then_outside)
{
    char *s =
        render("t.html",
               "{{#items}}<{{title}}:{{name}}:{{who.first}}:{{#sub}}{{title}}{{name}}"
               "{{/sub}}{{^who}}!{{/who}}{{^none}}{{title}}{{/none}}>{{/items}}{{title}}|{{.}}",
               json_pack("{s:s,s:{s:s},s:[{s:s},{s:s,s:{},s:{s:s}},{s:{s:s}}]}", "title", "T",
                         "who", "first", "Outer", "items", "name", "a", "name", "b", "who", "sub",
                         "name", "c", "sub", "title", "d"));
    cr_assert_str_eq(s, "<T:a:Outer:T><T:b::TcT><T::Outer:dT>T|");
    free(s);
}

/* A loop's rows and an inverted section find the page's names as the page
 * does (the remembered answer, under a bound base): a row's own value wins,
 * a name the page has wins over the base's, and a scope an inverted section
 * pushes inside a row is the row's, not the page's. */
Test(template, sections_see_the_page_as_outside_them)
{
    const char *text = "{{#rows}}<{{x}}{{b}}{{c}}{{^none}}{{x}}{{/none}}>{{/rows}}"
                       "{{^none}}[{{x}}{{b}}{{c}}{{#rows}}{{b}}{{/rows}}]{{/none}}{{x}}";
    json_t *base = json_pack("{s:s,s:s,s:s}", "x", "bx", "b", "bb", "c", "bc");
    json_t *ctx = json_pack("{s:s,s:[{s:s},{s:s},{}]}", "x", "px", "rows", "x", "r1", "b", "r2");
    struct tmpl_set *ts = tmpl_set_new();
    char err[256] = "";
    cr_assert_eq(tmpl_set_add(ts, "t.html", text, strlen(text), err, sizeof err), VC_OK, "%s", err);
    const json_t *bases[] = {base};
    tmpl_set_bind_bases(ts, bases, 1);
    struct buf a;
    buf_init(&a);
    cr_assert_eq(tmpl_render_base(ts, "t.html", base, ctx, NULL, "it", &a), VC_OK);
    cr_assert_str_eq(a.data, "<r1bbbcr1><pxr2bcpx><pxbbbcpx>[pxbbbcbbr2bb]px");
    buf_fini(&a);
    tmpl_set_free(ts);
    json_decref(base);
    json_decref(ctx);
}

/* Templates are found by name among many, whatever the order they came
 * in; a name given again replaces its template. */
Test(template, found_by_name_among_many)
{
    struct tmpl_set *ts = tmpl_set_new();
    char err[256] = "", name[32], text[64];
    for (int i = 0; i < 200; i++) {
        int k = (i * 37) % 200; /* not in order */
        snprintf(name, sizeof name, "p/%03d.html", k);
        snprintf(text, sizeof text, "<%d>", k);
        cr_assert_eq(tmpl_set_add(ts, name, text, strlen(text), err, sizeof err), VC_OK, "%s", err);
    }
    const char *again = "again";
    cr_assert_eq(tmpl_set_add(ts, "p/150.html", again, strlen(again), err, sizeof err), VC_OK);
    struct buf b;
    buf_init(&b);
    json_t *ctx = json_object();
    for (int k = 0; k < 200; k++) {
        snprintf(name, sizeof name, "p/%03d.html", k);
        snprintf(text, sizeof text, "<%d>", k);
        buf_reset(&b);
        cr_assert_eq(tmpl_render(ts, name, ctx, NULL, "it", &b), VC_OK, "%s", name);
        cr_assert_str_eq(b.data, k == 150 ? "again" : text);
    }
    buf_reset(&b);
    cr_assert_eq(tmpl_render(ts, "p/200.html", ctx, NULL, "it", &b), VC_ERR_NOT_FOUND);
    cr_assert_eq(tmpl_render(ts, "p/.html", ctx, NULL, "it", &b), VC_ERR_NOT_FOUND);
    buf_fini(&b);
    json_decref(ctx);
    tmpl_set_free(ts);
}

Test(template, syntax_errors_are_reported_with_lines)
{
    struct tmpl_set *ts = tmpl_set_new();
    char err[256] = "";
    cr_assert_eq(tmpl_set_add(ts, "bad.html", "a\n{{#x}}b", 8, err, sizeof err), VC_ERR_INVALID);
    cr_assert_not_null(strstr(err, "not closed"));
    cr_assert_eq(tmpl_set_add(ts, "bad2.html", "a\n{{/y}}", 8, err, sizeof err), VC_ERR_INVALID);
    cr_assert_not_null(strstr(err, ":2:"));
    cr_assert_eq(tmpl_set_add(ts, "bad3.html", "{{x", 3, err, sizeof err), VC_ERR_INVALID);
    tmpl_set_free(ts);
}

Test(urlencoded, decodes_and_bounds)
{
    struct arena *a = arena_new();
    struct http_param p[4];
    size_t n = 0;
    const char *body = "a=1&b=x%20y+z&c=%C3%A8";
    cr_assert_eq(http_parse_urlencoded(a, body, strlen(body), p, 4, &n), VC_OK);
    cr_assert_eq(n, 3);
    cr_assert_str_eq(p[1].value, "x y z");
    cr_assert_str_eq(p[2].value, "è");
    /* a value that is not UTF-8 text is kept empty and marked, so that the
     * other values survive and the page says which field it was (issue 8.12) */
    n = 0;
    cr_assert_eq(http_parse_urlencoded(a, "a=%00&b=ok", 10, p, 4, &n), VC_OK);
    cr_assert_eq(n, 2);
    cr_assert(p[0].invalid);
    cr_assert_str_eq(p[0].value, "");
    cr_assert_not(p[1].invalid);
    cr_assert_str_eq(p[1].value, "ok");
    n = 0;
    cr_assert_eq(http_parse_urlencoded(a, "a=%ff%fe", 8, p, 4, &n), VC_OK);
    cr_assert(p[0].invalid);
    cr_assert_eq(p[0].len, 0);
    n = 0; /* a name must be text: no form has such a field */
    cr_assert_eq(http_parse_urlencoded(a, "%ff=1", 5, p, 4, &n), VC_ERR_INVALID);
    n = 0;
    cr_assert_eq(http_parse_urlencoded(a, "a=%4", 4, p, 4, &n), VC_ERR_INVALID);
    n = 0;
    cr_assert_eq(http_parse_urlencoded(a, "a&b&c&d&e", 9, p, 4, &n), VC_ERR_INVALID);
    arena_free(a);
}

static const char *CT = "multipart/form-data; boundary=XyZ";

Test(multipart, text_and_file_parts)
{
    struct arena *a = arena_new();
    const char *body = "--XyZ\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\nabc\r\n"
                       "--XyZ\r\nContent-Disposition: form-data; name=\"documento\"; "
                       "filename=\"m.pdf\"\r\nContent-Type: application/pdf\r\n\r\n%PDF-1.4\r\n"
                       "--XyZ--\r\n";
    struct http_param form[4];
    struct http_file files[2];
    size_t nf = 0, nfi = 0;
    cr_assert_eq(
        http_parse_multipart(a, CT, body, strlen(body), false, form, 4, &nf, files, 2, &nfi),
        VC_OK);
    cr_assert_eq(nf, 1);
    cr_assert_str_eq(form[0].value, "abc");
    cr_assert_eq(nfi, 1);
    cr_assert_eq(files[0].len, 8);
    cr_assert_eq(memcmp(files[0].data, "%PDF-1.4", 8), 0);
    arena_free(a);
}

Test(multipart, refuses_too_many_parts_and_truncation)
{
    struct arena *a = arena_new();
    struct buf b;
    buf_init(&b);
    for (int i = 0; i < HTTP_PARTS_MAX + 1; i++)
        buf_printf(&b, "--XyZ\r\nContent-Disposition: form-data; name=\"f%d\"\r\n\r\nv\r\n", i);
    buf_puts(&b, "--XyZ--\r\n");
    struct http_param form[64];
    struct http_file files[2];
    size_t nf = 0, nfi = 0;
    cr_assert_eq(http_parse_multipart(a, CT, b.data, b.len, false, form, 64, &nf, files, 2, &nfi),
                 VC_ERR_INVALID);
    const char *cut = "--XyZ\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nno end";
    nf = nfi = 0;
    cr_assert_eq(
        http_parse_multipart(a, CT, cut, strlen(cut), false, form, 64, &nf, files, 2, &nfi),
        VC_ERR_INVALID);
    nf = nfi = 0;
    cr_assert_eq(http_parse_multipart(a, "multipart/form-data", cut, strlen(cut), false, form, 64,
                                      &nf, files, 2, &nfi),
                 VC_ERR_INVALID);
    buf_fini(&b);
    arena_free(a);
}

/* The start of a body too large to keep: the parts before the cut are
 * read, the file cut by the end is named and marked too big (issue 8.11);
 * a text part cut by the end is still an error. */
Test(multipart, truncated_body_names_the_large_file)
{
    struct arena *a = arena_new();
    const char *body = "--XyZ\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\nabc\r\n"
                       "--XyZ\r\nContent-Disposition: form-data; name=\"bad\"\r\n\r\n\xff\xfe\r\n"
                       "--XyZ\r\nContent-Disposition: form-data; name=\"documento\"; "
                       "filename=\"m.pdf\"\r\nContent-Type: application/pdf\r\n\r\n%PDF-1.4 and";
    struct http_param form[4];
    struct http_file files[2];
    size_t nf = 0, nfi = 0;
    cr_assert_eq(
        http_parse_multipart(a, CT, body, strlen(body), false, form, 4, &nf, files, 2, &nfi),
        VC_ERR_INVALID);
    nf = nfi = 0;
    cr_assert_eq(
        http_parse_multipart(a, CT, body, strlen(body), true, form, 4, &nf, files, 2, &nfi), VC_OK);
    cr_assert_eq(nf, 2);
    cr_assert_str_eq(form[0].value, "abc");
    cr_assert(form[1].invalid, "bad UTF-8 in a text part is marked, not fatal");
    cr_assert_eq(nfi, 1);
    cr_assert_str_eq(files[0].field, "documento");
    cr_assert(files[0].too_big);
    cr_assert_null(files[0].data);
    cr_assert_eq(files[0].len, 0);
    const char *text_cut = "--XyZ\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nno end";
    nf = nfi = 0;
    cr_assert_eq(
        http_parse_multipart(a, CT, text_cut, strlen(text_cut), true, form, 4, &nf, files, 2, &nfi),
        VC_ERR_INVALID);
    arena_free(a);
}

Test(multipart, field_value_bound)
{
    struct arena *a = arena_new();
    struct buf b;
    buf_init(&b);
    buf_puts(&b, "--XyZ\r\nContent-Disposition: form-data; name=\"motivi\"\r\n\r\n");
    for (int i = 0; i < HTTP_FIELD_VALUE_MAX + 1; i++)
        buf_putc(&b, 'a');
    buf_puts(&b, "\r\n--XyZ--\r\n");
    struct http_param form[4];
    struct http_file files[2];
    size_t nf = 0, nfi = 0;
    cr_assert_eq(http_parse_multipart(a, CT, b.data, b.len, false, form, 4, &nf, files, 2, &nfi),
                 VC_ERR_INVALID);
    buf_fini(&b);
    arena_free(a);
}

Test(cookies_and_lang, parse)
{
    struct arena *a = arena_new();
    struct http_param c[4];
    size_t n = http_parse_cookies(a, "a=1; varco_session=xyz;b=\"q\"; junk", c, 4);
    cr_assert_eq(n, 3);
    cr_assert_str_eq(c[1].value, "xyz");
    cr_assert_str_eq(c[2].value, "q");
    cr_assert_str_eq(http_negotiate_lang("en-GB,en;q=0.9,it;q=0.8"), "en");
    cr_assert_str_eq(http_negotiate_lang("de-DE,it;q=0.5,en;q=0.4"), "it");
    cr_assert_str_eq(http_negotiate_lang(NULL), "it");
    cr_assert_str_eq(http_negotiate_lang("fr"), "it");
    arena_free(a);
}

static bool one_value(void *ctx, const char *name, struct buf *out)
{
    if (strcmp(name, "n") != 0)
        return false;
    buf_puts(out, ctx);
    return true;
}

Test(i18n, placeholders_filled_unknown_kept)
{
    struct buf b;
    buf_init(&b);
    i18n_format("a {n} b {x} {n", one_value, "<v>", &b);
    cr_assert_str_eq(b.data, "a <v> b {x} {n");
    buf_fini(&b);
}

/* Renders name from ts in lang with ctx {n: "<N>"}. */
static char *render_in(struct tmpl_set *ts, const struct i18n *t, const char *name,
                       const char *lang)
{
    json_t *ctx = json_pack("{s:s,s:[{s:s},{s:s}]}", "n", "<N>", "items", "name", "x", "name", "y");
    struct buf b;
    buf_init(&b);
    cr_assert_eq(tmpl_render(ts, name, ctx, t, lang, &b), VC_OK);
    json_decref(ctx);
    return b.data != NULL ? buf_steal(&b) : strdup("");
}

static void write_po(const char *dir, const char *lang, const char *body)
{
    char path[256];
    snprintf(path, sizeof path, "%s/%s", dir, lang);
    cr_assert_eq(mkdir(path, 0700), 0);
    snprintf(path, sizeof path, "%s/%s/t.po", dir, lang);
    FILE *f = fopen(path, "w");
    cr_assert_not_null(f);
    fputs(body, f);
    fclose(f);
}

Test(template, bound_catalogue_texts_render_as_looked_up_ones)
{
    char dir[] = "/tmp/varco-po-XXXXXX", err[256] = "";
    cr_assert_not_null(mkdtemp(dir));
    write_po(dir, "it",
             "msgid \"plain\"\nmsgstr \"Dati <personali> & \\\"altro\\\"\"\n"
             "msgid \"ph\"\nmsgstr \"Ciao {n}, l'area\"\n");
    write_po(dir, "en", "msgid \"plain\"\nmsgstr \"Personal <data>\"\n");
    struct i18n *t = NULL;
    cr_assert_eq(i18n_load(dir, &t, err, sizeof err), VC_OK, "%s", err);
    /* s.html: texts joined around and inside sections, a placeholder and
     * a partial among them; e.html: nothing but a section */
    const char *names[] = {"t.html", "p.html", "t.txt", "s.html", "e.html"};
    const char *texts[] = {"{{@plain}}|{{@ph}}|{{@missing}}|{{>p.html}}", "<{{@plain}}>",
                           "{{@plain}}|{{@ph}}",
                           "a{{@plain}}b{{#items}}[{{@plain}}{{name}}{{@ph}}{{@plain}}]"
                           "{{#none}}?{{/none}}{{/items}}{{^none}}{{@plain}}!{{>p.html}}"
                           "{{/none}}c{{@plain}}",
                           "{{#items}}{{/items}}"};
    struct tmpl_set *plain = tmpl_set_new(), *bound = tmpl_set_new();
    for (int i = 0; i < 5; i++) {
        cr_assert_eq(tmpl_set_add(plain, names[i], texts[i], strlen(texts[i]), err, sizeof err),
                     VC_OK);
        cr_assert_eq(tmpl_set_add(bound, names[i], texts[i], strlen(texts[i]), err, sizeof err),
                     VC_OK);
    }
    tmpl_set_bind(bound, t);
    const char *langs[] = {"it", "en", "fr"};
    for (int i = 0; i < 5; i++) {
        for (int l = 0; l < 3; l++) {
            char *a = render_in(plain, t, names[i], langs[l]),
                 *b = render_in(bound, t, names[i], langs[l]);
            cr_assert_str_eq(b, a, "%s in %s", names[i], langs[l]);
            free(a);
            free(b);
        }
    }
    char *s = render_in(bound, t, "t.html", "it");
    cr_assert_str_eq(s, "Dati &lt;personali&gt; &amp; &quot;altro&quot;|Ciao &lt;N&gt;, l&#39;area|"
                        "missing|<Dati &lt;personali&gt; &amp; &quot;altro&quot;>");
    free(s);
    /* s.html in English, then bound again (a reload): the same */
    const char *s_en = "aPersonal &lt;data&gt;b[Personal &lt;data&gt;xCiao &lt;N&gt;, l&#39;area"
                       "Personal &lt;data&gt;][Personal &lt;data&gt;yCiao &lt;N&gt;, l&#39;area"
                       "Personal &lt;data&gt;]Personal &lt;data&gt;!<Personal &lt;data&gt;>c"
                       "Personal &lt;data&gt;";
    for (int bind = 0; bind < 2; bind++) {
        if (bind == 1)
            tmpl_set_bind(bound, t);
        s = render_in(bound, t, "s.html", "en");
        cr_assert_str_eq(s, s_en, "bound %d time(s)", bind + 1);
        free(s);
    }
    s = render_in(bound, t, "t.txt", "en");
    cr_assert_str_eq(s, "Personal <data>|Ciao <N>, l'area", "en falls back to it");
    free(s);
    tmpl_set_free(plain);
    tmpl_set_free(bound);
    i18n_free(t);
    char cmd[64];
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    cr_assert_eq(system(cmd), 0);
}

/* tmpl_set_bind_bases: a base's names answered by number render as looked
 * up ones; the request's context still wins over the base; a base not
 * bound, and a template added afterwards, are looked up as before. */
Test(template, bound_bases_answer_as_looked_up_ones)
{
    const char *text = "{{lang}}|{{inst.name}}|{{#dev}}D{{/dev}}{{^dev}}-{{/dev}}|{{mine}}|"
                       "{{#items}}{{lang}}{{v}}{{/items}}|{{missing}}{{^missing}}m{{/missing}}|"
                       "{{over}}";
    json_t *base = json_pack("{s:s,s:{s:s},s:b,s:s}", "lang", "it", "inst", "name", "Ente", "dev",
                             1, "over", "base");
    json_t *other = json_pack("{s:s,s:{s:s},s:b}", "lang", "en", "inst", "name", "Body", "dev", 0);
    json_t *ctx = json_pack("{s:s,s:[{s:i},{s:s,s:i}],s:s,s:{s:s}}", "mine", "M", "items", "v", 1,
                            "lang", "in", "v", 2, "over", "ctx", "late", "x", "L");
    struct tmpl_set *ts = tmpl_set_new();
    char err[256] = "";
    cr_assert_eq(tmpl_set_add(ts, "t.html", text, strlen(text), err, sizeof err), VC_OK, "%s", err);
    const json_t *bases[] = {base};
    tmpl_set_bind_bases(ts, bases, 1);
    const char *later = "{{lang}}{{fresh}}{{late.x}}";
    cr_assert_eq(tmpl_set_add(ts, "later.html", later, strlen(later), err, sizeof err), VC_OK);
    json_object_set_new(base, "fresh", json_string("F")); /* a name only the later template has */

    struct buf a, b;
    buf_init(&a);
    buf_init(&b);
    cr_assert_eq(tmpl_render_base(ts, "t.html", base, ctx, NULL, "it", &a), VC_OK);
    cr_assert_str_eq(a.data, "it|Ente|D|M|it1in2|m|ctx");
    cr_assert_eq(tmpl_render_base(ts, "t.html", other, ctx, NULL, "it", &b), VC_OK);
    cr_assert_str_eq(b.data, "en|Body|-|M|en1in2|m|ctx", "a base not bound is looked up");
    buf_reset(&a);
    cr_assert_eq(tmpl_render_base(ts, "later.html", base, ctx, NULL, "it", &a), VC_OK);
    cr_assert_str_eq(a.data, "itFL", "a name numbered after the binding is looked up");
    buf_fini(&a);
    buf_fini(&b);
    tmpl_set_free(ts);
    json_decref(base);
    json_decref(other);
    json_decref(ctx);
}
