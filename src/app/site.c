/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* The institution's logo and legal pages (site.h): files read and checked
 * once at start-up, then served from memory. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "render/legal.h"
#include "util/buf.h"
#include "util/sniff.h"
#include "util/str.h"
#include "app/app.h"
#include "app/page.h"
#include "app/site.h"

static const char *const LANGS[2] = {"it", "en"};
static const char *const TEXT_NAMES[SITE_TEXTS] = {"privacy", "accessibility"};

/* Reads at most max bytes of path into out. */
static enum vc_status read_file(const char *path, size_t max, struct buf *out, char *err,
                                size_t err_len)
{
    FILE *f = fopen(path, "rb");
    if (f == NULL) {
        snprintf(err, err_len, "%s: cannot read it", path);
        return VC_ERR_IO;
    }
    struct stat sb;
    if (fstat(fileno(f), &sb) != 0 || !S_ISREG(sb.st_mode) || (size_t)sb.st_size > max) {
        fclose(f);
        snprintf(err, err_len, "%s: not a file of at most %zu bytes", path, max);
        return VC_ERR_INVALID;
    }
    char chunk[8192];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
        buf_append(out, chunk, n);
    fclose(f);
    return VC_OK;
}

/* An SVG by content: optional BOM, XML declaration or comments, then <svg. */
static bool is_svg(const uint8_t *d, size_t len)
{
    const char *s = (const char *)d;
    return len > 4 && memmem(s, len < 1024 ? len : 1024, "<svg", 4) != NULL &&
           (s[0] == '<' || (len > 3 && memcmp(s, "\xef\xbb\xbf<", 4) == 0));
}

static enum vc_status load_logo(struct site *s, const struct config *cfg, char *err, size_t err_len)
{
    char path[CONFIG_STR_MAX + 32];
    if (cfg->site_logo[0] != '\0')
        str_copy(path, cfg->site_logo, sizeof path);
    else
        snprintf(path, sizeof path, "%s/static/logo.svg", cfg->assets_dir);
    struct buf b;
    buf_init(&b);
    enum vc_status st = read_file(path, SITE_LOGO_MAX, &b, err, err_len);
    if (st == VC_OK) {
        const char *type = sniff_document((const uint8_t *)b.data, b.len);
        if (type != NULL && strcmp(type, "application/pdf") == 0)
            type = NULL;
        if (type == NULL && is_svg((const uint8_t *)b.data, b.len))
            type = "image/svg+xml";
        if (type == NULL) {
            snprintf(err, err_len, "%s: the logo must be a PNG, JPEG or SVG image", path);
            st = VC_ERR_INVALID;
        }
        s->logo_type = type;
    }
    if (st != VC_OK) {
        buf_fini(&b);
        return st;
    }
    s->logo_len = b.len;
    s->logo = (uint8_t *)buf_steal(&b);
    return VC_OK;
}

struct fill {
    const struct config *cfg;
    const char *base_url;
};

static bool fill_value(void *ctx, const char *name, struct buf *out)
{
    const struct fill *f = ctx;
    const struct {
        const char *name, *value;
    } v[] = {
        {"institution", f->cfg->institution},
        {"institution_address", f->cfg->institution_address},
        {"dpo_email", f->cfg->site_dpo_email},
        {"accessibility_email", f->cfg->site_accessibility_email},
        {"form_email", f->cfg->form_email},
        {"base_url", f->base_url},
    };
    for (size_t i = 0; i < sizeof v / sizeof v[0]; i++) {
        if (strcmp(name, v[i].name) == 0) {
            buf_puts(out, v[i].value);
            return true;
        }
    }
    return false;
}

/* "{lang}" in pattern replaced by lang. */
static void path_for(const char *pattern, const char *lang, char *out, size_t size)
{
    const char *p = strstr(pattern, "{lang}");
    if (p == NULL)
        snprintf(out, size, "%s", pattern);
    else
        snprintf(out, size, "%.*s%s%s", (int)(p - pattern), pattern, lang, p + 6);
}

static enum vc_status load_text(struct site *s, enum site_text which, const struct config *cfg,
                                const char *base_url, char *err, size_t err_len)
{
    const char *configured =
        which == SITE_PRIVACY ? cfg->site_privacy_file : cfg->site_accessibility_file;
    char pattern[CONFIG_STR_MAX + 64];
    s->is_default[which] = configured[0] == '\0';
    if (s->is_default[which])
        snprintf(pattern, sizeof pattern, "%s/templates/legal/%s.{lang}.md", cfg->assets_dir,
                 TEXT_NAMES[which]);
    else
        str_copy(pattern, configured, sizeof pattern);
    struct fill f = {cfg, base_url};
    for (size_t l = 0; l < 2; l++) {
        char path[sizeof pattern + 8];
        path_for(pattern, LANGS[l], path, sizeof path);
        struct stat sb;
        if (l == 1 && stat(path, &sb) != 0) { /* no English text: the Italian one */
            s->text[which][1] = json_incref(s->text[which][0]);
            break;
        }
        struct buf b;
        buf_init(&b);
        enum vc_status st = read_file(path, LEGAL_TEXT_MAX, &b, err, err_len);
        if (st == VC_OK) {
            s->text[which][l] = legal_parse(b.data != NULL ? b.data : "", b.len, fill_value, &f);
            if (s->text[which][l] == NULL) {
                snprintf(err, err_len, "%s: not UTF-8 text without control characters", path);
                st = VC_ERR_INVALID;
            }
        }
        buf_fini(&b);
        if (st != VC_OK)
            return st;
    }
    return VC_OK;
}

enum vc_status site_load(const struct config *cfg, const char *base_url, struct site **out,
                         char *err, size_t err_len)
{
    struct site *s = calloc(1, sizeof *s);
    if (s == NULL)
        return VC_ERR_NOMEM;
    enum vc_status st = load_logo(s, cfg, err, err_len);
    for (int i = 0; st == VC_OK && i < SITE_TEXTS; i++)
        st = load_text(s, (enum site_text)i, cfg, base_url, err, err_len);
    if (st != VC_OK) {
        site_free(s);
        return st;
    }
    *out = s;
    return VC_OK;
}

void site_free(struct site *s)
{
    if (s == NULL)
        return;
    free(s->logo);
    for (int i = 0; i < SITE_TEXTS; i++) {
        json_decref(s->text[i][0]);
        json_decref(s->text[i][1]);
    }
    free(s);
}

void web_logo(struct http_req *req, struct http_resp *resp)
{
    struct app *app = req->app;
    const struct site *s = app->site;
    http_resp_set(resp, 200, s->logo_type, s->logo, s->logo_len);
    resp->cacheable = true;
    /* an SVG opened on its own runs nothing and loads nothing */
    http_resp_header(resp, req, "Content-Security-Policy",
                     "default-src 'none'; style-src 'unsafe-inline'; img-src data:");
}

static void legal_page(struct http_req *req, struct http_resp *resp, enum site_text which)
{
    struct app *app = req->app;
    const struct site *s = app->site;
    json_t *c = page_context(req);
    /* a copy in the request's arena: a page's context holds nothing shared
     * (app/page.c drops it with the arena) */
    json_object_set_new(c, "doc", json_deep_copy(s->text[which][strcmp(req->lang, "en") == 0]));
    json_object_set_new(c, "is_default", json_boolean(s->is_default[which]));
    json_object_set_new(
        c, "config_key",
        json_string(which == SITE_PRIVACY ? "[site] privacy_file" : "[site] accessibility_file"));
    page_render(req, resp, 200, "web/legal.html", c);
}

void web_privacy(struct http_req *req, struct http_resp *resp)
{
    legal_page(req, resp, SITE_PRIVACY);
}

void web_accessibility(struct http_req *req, struct http_resp *resp)
{
    legal_page(req, resp, SITE_ACCESSIBILITY);
}
