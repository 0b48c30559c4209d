/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* The two documents varco prints, drawn with cairo + pango on A4. Text is
 * laid out from plain strings (never markup), so names from the registry
 * cannot change the layout. Catalogue keys used: letter.* and form.* in
 * po/<lang>/documents.po. */
#include <pango/pangocairo.h>
#include <cairo-pdf.h>
#include <stdio.h>
#include <string.h>

#include "render/pdf.h"
#include "render/qr.h"
#include "util/buf.h"

#define MM (72.0 / 25.4)
#define PAGE_W 595.28
#define PAGE_H 841.89
#define FONT "DejaVu Sans"

struct kv {
    const char *k, *v;
};

/* Catalogue text with {name} replaced from kv. */
static char *text_of(const struct i18n *t, const char *lang, const char *key, const struct kv *kv,
                     size_t n)
{
    const char *s = i18n_get(t, lang, key);
    struct buf b;
    buf_init(&b);
    buf_puts(&b, "");
    while (*s) {
        const char *o = strchr(s, '{'), *c = o ? strchr(o, '}') : NULL;
        if (o == NULL || c == NULL) {
            buf_puts(&b, s);
            break;
        }
        buf_append(&b, s, (size_t)(o - s));
        bool found = false;
        for (size_t i = 0; i < n; i++) {
            if (strlen(kv[i].k) == (size_t)(c - o - 1) && strncmp(kv[i].k, o + 1, (size_t)(c - o - 1)) == 0) {
                buf_puts(&b, kv[i].v);
                found = true;
            }
        }
        if (!found)
            buf_append(&b, o, (size_t)(c - o + 1));
        s = c + 1;
    }
    return buf_steal(&b);
}

/* Draws text at (x, y) within width (points); returns the height used. */
static double draw(cairo_t *cr, double x, double y, double width, const char *font,
                   const char *text)
{
    PangoLayout *l = pango_cairo_create_layout(cr);
    PangoFontDescription *fd = pango_font_description_from_string(font);
    pango_layout_set_font_description(l, fd);
    pango_layout_set_width(l, (int)(width * PANGO_SCALE));
    pango_layout_set_wrap(l, PANGO_WRAP_WORD_CHAR);
    pango_layout_set_text(l, text, -1);
    cairo_move_to(cr, x, y);
    pango_cairo_show_layout(cr, l);
    int w, h;
    pango_layout_get_size(l, &w, &h);
    pango_font_description_free(fd);
    g_object_unref(l);
    return (double)h / PANGO_SCALE;
}

static double draw_t(cairo_t *cr, double x, double y, double width, const char *font,
                     const struct i18n *t, const char *lang, const char *key, const struct kv *kv,
                     size_t n)
{
    char *s = text_of(t, lang, key, kv, n);
    double h = draw(cr, x, y, width, font, s);
    free(s);
    return h;
}

static cairo_status_t to_buf(void *closure, const unsigned char *data, unsigned int len)
{
    buf_append(closure, data, len);
    return CAIRO_STATUS_SUCCESS;
}

static enum vc_status finish(cairo_t *cr, cairo_surface_t *s)
{
    cairo_show_page(cr);
    cairo_status_t st = cairo_status(cr);
    cairo_destroy(cr);
    cairo_surface_finish(s);
    if (st == CAIRO_STATUS_SUCCESS)
        st = cairo_surface_status(s);
    cairo_surface_destroy(s);
    return st == CAIRO_STATUS_SUCCESS ? VC_OK : VC_ERR_INTERNAL;
}

/* "ACDEFGHJKLMN" -> "ACDE FGHJ KLMN". */
static void group4(const char *code, char *out, size_t size)
{
    size_t o = 0, n = strlen(code);
    for (size_t i = 0; i < n && o + 2 < size; i++) {
        if (i > 0 && i % 4 == 0)
            out[o++] = ' ';
        out[o++] = code[i];
    }
    out[o] = '\0';
}

enum vc_status pdf_render_letter(const struct pdf_letter *l, const struct i18n *t, struct buf *out)
{
    cairo_surface_t *s = cairo_pdf_surface_create_for_stream(to_buf, out, PAGE_W, PAGE_H);
    cairo_t *cr = cairo_create(s);
    const struct member *m = l->to;
    const char *lang = l->lang;
    char name[160], city[128], code[32];
    snprintf(name, sizeof name, "%s %s", m->given_name, m->family_name);
    snprintf(city, sizeof city, "%s %s %s", m->postcode, m->city, m->province);
    group4(l->code, code, sizeof code);
    struct kv kv[] = {{"given_name", m->given_name}, {"expires", l->expires},
                      {"url", l->activation_url}, {"date", l->date},
                      {"institution", l->institution}, {"reference", l->reference}};
    size_t nkv = sizeof kv / sizeof kv[0];
    cairo_set_source_rgb(cr, 0, 0, 0);

    /* sender, top left */
    double y = 15 * MM;
    y += draw(cr, 20 * MM, y, 80 * MM, FONT " Bold 11", l->institution);
    draw(cr, 20 * MM, y, 80 * MM, FONT " 8", l->institution_address);

    /* recipient, in the window of a DL envelope (window on the right) */
    y = 48 * MM;
    y += draw(cr, 110 * MM, y, 85 * MM, FONT " 11", name);
    if (m->company_name[0] != '\0')
        y += draw(cr, 110 * MM, y, 85 * MM, FONT " 11", m->company_name);
    y += draw(cr, 110 * MM, y, 85 * MM, FONT " 11", m->address);
    draw(cr, 110 * MM, y, 85 * MM, FONT " 11", city);

    /* date, subject, body */
    y = 100 * MM;
    y += draw_t(cr, 20 * MM, y, 170 * MM, FONT " 10", t, lang, "letter.date", kv, nkv) + 6 * MM;
    y += draw_t(cr, 20 * MM, y, 170 * MM, FONT " Bold 11", t, lang, "letter.subject", kv, nkv)
         + 5 * MM;
    y += draw_t(cr, 20 * MM, y, 170 * MM, FONT " 10", t, lang, "letter.greeting", kv, nkv) + 3 * MM;
    y += draw_t(cr, 20 * MM, y, 170 * MM, FONT " 10", t, lang, "letter.body", kv, nkv) + 6 * MM;

    /* the code */
    y += draw_t(cr, 20 * MM, y, 170 * MM, FONT " 10", t, lang, "letter.code_label", kv, nkv)
         + 2 * MM;
    cairo_rectangle(cr, 20 * MM, y, 110 * MM, 16 * MM);
    cairo_set_line_width(cr, 0.8);
    cairo_stroke(cr);
    draw(cr, 25 * MM, y + 3.5 * MM, 100 * MM, "DejaVu Sans Mono Bold 20", code);
    double qr_y = y - 6 * MM;
    y += 22 * MM;
    y += draw_t(cr, 20 * MM, y, 110 * MM, FONT " 10", t, lang, "letter.expires", kv, nkv) + 4 * MM;
    y += draw_t(cr, 20 * MM, y, 110 * MM, FONT " 10", t, lang, "letter.how", kv, nkv) + 6 * MM;
    y += draw_t(cr, 20 * MM, y, 170 * MM, FONT " 10", t, lang, "letter.closing", kv, nkv);

    /* QR code to the activation page, with the address under it */
    if (qr_draw(cr, l->activation_url, 145 * MM, qr_y, 40 * MM) != VC_OK) {
        cairo_destroy(cr);
        cairo_surface_destroy(s);
        return VC_ERR_INTERNAL;
    }
    draw_t(cr, 140 * MM, qr_y + 41 * MM, 50 * MM, FONT " 7", t, lang, "letter.qr_hint", kv, nkv);
    draw_t(cr, 20 * MM, PAGE_H - 18 * MM, 170 * MM, FONT " 7", t, lang, "letter.reference", kv,
           nkv);
    (void)y;
    return finish(cr, s);
}

/* One "label: value" row of the member's data. */
static double row(cairo_t *cr, double y, const char *label, const char *value)
{
    draw(cr, 20 * MM, y, 55 * MM, FONT " 9", label);
    double h = draw(cr, 75 * MM, y, 115 * MM, FONT " Bold 10", value);
    return (h > 14 ? h : 14) + 2;
}

enum vc_status pdf_render_id_form(const struct pdf_id_form *f, const struct i18n *t,
                                  struct buf *out)
{
    cairo_surface_t *s = cairo_pdf_surface_create_for_stream(to_buf, out, PAGE_W, PAGE_H);
    cairo_t *cr = cairo_create(s);
    const struct member *m = f->member;
    const char *lang = f->lang;
    struct kv kv[] = {{"institution", f->institution}, {"form_email", f->form_email},
                      {"form_fax", f->form_fax}, {"case_number", f->case_number},
                      {"date", f->date}, {"url", f->case_url}};
    size_t nkv = sizeof kv / sizeof kv[0];
    char name[160], birth[160], address[256];
    snprintf(name, sizeof name, "%s %s", m->given_name, m->family_name);
    snprintf(birth, sizeof birth, "%s, %s", m->birth_date, m->birth_place);
    snprintf(address, sizeof address, "%s, %s %s %s", m->address, m->postcode, m->city,
             m->province);
    cairo_set_source_rgb(cr, 0, 0, 0);

    double y = 15 * MM;
    y += draw(cr, 20 * MM, y, 120 * MM, FONT " Bold 11", f->institution) + 4 * MM;
    y += draw_t(cr, 20 * MM, y, 120 * MM, FONT " Bold 15", t, lang, "form.title", kv, nkv) + 2 * MM;
    y += draw_t(cr, 20 * MM, y, 120 * MM, FONT " Bold 13", t, lang, "form.case", kv, nkv) + 6 * MM;
    if (qr_draw(cr, f->case_url, 155 * MM, 12 * MM, 35 * MM) != VC_OK) {
        cairo_destroy(cr);
        cairo_surface_destroy(s);
        return VC_ERR_INTERNAL;
    }
    y += draw_t(cr, 20 * MM, y, 170 * MM, FONT " 10", t, lang, "form.intro", kv, nkv) + 5 * MM;
    y += row(cr, y, i18n_get(t, lang, "form.field.name"), name);
    y += row(cr, y, i18n_get(t, lang, "form.field.cf"), m->codice_fiscale);
    y += row(cr, y, i18n_get(t, lang, "form.field.matricola"), m->matricola);
    y += row(cr, y, i18n_get(t, lang, "form.field.birth"), birth);
    y += row(cr, y, i18n_get(t, lang, "form.field.address"), address);
    if (m->company_name[0] != '\0')
        y += row(cr, y, i18n_get(t, lang, "form.field.company"), m->company_name);
    y += row(cr, y, i18n_get(t, lang, "form.field.email"), f->username) + 6 * MM;
    y += draw_t(cr, 20 * MM, y, 170 * MM, FONT " 10", t, lang, "form.declaration", kv, nkv)
         + 14 * MM;
    draw_t(cr, 20 * MM, y, 80 * MM, FONT " 9", t, lang, "form.date_place", kv, nkv);
    draw_t(cr, 110 * MM, y, 80 * MM, FONT " 9", t, lang, "form.signature", kv, nkv);
    y += 5 * MM;
    cairo_set_line_width(cr, 0.6);
    cairo_move_to(cr, 20 * MM, y + 8 * MM);
    cairo_line_to(cr, 90 * MM, y + 8 * MM);
    cairo_move_to(cr, 110 * MM, y + 8 * MM);
    cairo_line_to(cr, 190 * MM, y + 8 * MM);
    cairo_stroke(cr);
    y += 20 * MM;
    y += draw_t(cr, 20 * MM, y, 170 * MM, FONT " Bold 10", t, lang, "form.instructions.title", kv,
                nkv) + 2 * MM;
    draw_t(cr, 20 * MM, y, 170 * MM, FONT " 9", t, lang, "form.instructions", kv, nkv);
    return finish(cr, s);
}
