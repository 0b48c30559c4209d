/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* The documents varco prints (letters, the identification form, the
 * adhesion form of seed 004), drawn with cairo + pango on one A4 page.
 * Text is laid out from plain strings (pango_layout_set_text, never markup),
 * so names from the registry cannot change the layout. All visible words come
 * from the catalogue; "{name}" placeholders are filled here. No files, no
 * clock: the PDF goes into the caller's buffer.
 *
 * Catalogue keys (po/<lang>/):
 *   letter.date letter.subject letter.greeting letter.body letter.code_label
 *   letter.expires letter.qr_hint letter.closing letter.reference
 *   form.title form.qr_hint form.case form.intro form.field.name form.field.cf
 *   form.field.matricola form.field.birth form.field.address form.field.company
 *   form.field.email form.declaration form.date_place form.signature
 *   form.instructions.title form.instructions
 *   adhesion.title adhesion.intro adhesion.field.mobile adhesion.declaration
 *   adhesion.signature adhesion.desk.title adhesion.desk.document
 *   adhesion.desk.office adhesion.desk.officer adhesion.instructions.title
 *   adhesion.instructions adhesion.footer (placeholders {institution} {url}
 *   {date})
 * Placeholders: letter.* may use {given_name} {family_name} {institution}
 * {date} {expires} {url} {reference}; form.* may use {institution}
 * {case_number} {url} {form_email} {form_fax} {date}.
 *
 * The letter's code is the only text on the page in the shape "XXXX XXXX
 * XXXX" (tests find it with a regex over pdftotext output): keep catalogue
 * strings free of three space-separated 4-character upper-case words. */
#include <cairo-pdf.h>
#include <pango/pangocairo.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "render/dates.h"
#include "render/pdf.h"
#include "render/qr.h"

#define MM (72.0 / 25.4)
#define PDF_PAGE_W 595.28 /* A4 in points */
#define PDF_PAGE_H 841.89
#define PDF_LEFT (20 * MM)
#define PDF_TEXT_W (170 * MM)
#define PDF_FONT "DejaVu Sans"
#define PDF_FONT_CODE "DejaVu Sans Bold 22"
#define PDF_CODE_BOX (16 * MM)

/* Italian DL window envelope, window on the right: the recipient block sits
 * at 110 mm from the left and 48 mm from the top of the sheet. */
#define PDF_WINDOW_X (110 * MM)
#define PDF_WINDOW_Y (48 * MM)
#define PDF_WINDOW_W (85 * MM)

struct kv {
    const char *k;
    const char *v;
};

/* What every drawing helper needs: the context, the catalogue and the
 * placeholder values of the document being drawn. */
struct doc {
    cairo_t *cr;
    const struct i18n *t;
    const char *lang;
    const struct kv *kv;
    size_t nkv;
};

static const char *nz(const char *s)
{
    return s != NULL ? s : "";
}

static bool kv_value(void *ctx, const char *name, struct buf *out)
{
    const struct doc *d = ctx;
    for (size_t i = 0; i < d->nkv; i++) {
        if (strcmp(d->kv[i].k, name) == 0) {
            buf_puts(out, nz(d->kv[i].v));
            return true;
        }
    }
    return false;
}

/* Catalogue text of key with {name} placeholders filled; unknown ones stay
 * visible as they are. Caller frees. */
static char *text_of(const struct doc *d, const char *key)
{
    struct buf b;
    buf_init(&b);
    buf_puts(&b, "");
    i18n_format(i18n_get(d->t, d->lang, key), kv_value, (void *)d, &b);
    return buf_steal(&b);
}

/* A layout of text in font, wrapped to width points (no wrapping when
 * width <= 0) and aligned within it. Caller unrefs. */
static PangoLayout *layout_new(cairo_t *cr, double width, const char *font, const char *text,
                               PangoAlignment align)
{
    PangoLayout *l = pango_cairo_create_layout(cr);
    PangoFontDescription *fd = pango_font_description_from_string(font);
    PangoAttrList *attrs = pango_attr_list_new();

    /* No ligatures: "fi" stays two glyphs, so text extraction and search
     * work in every viewer and one font subset per face suffices. */
    pango_attr_list_insert(attrs, pango_attr_font_features_new("liga=0, clig=0"));
    pango_layout_set_font_description(l, fd);
    pango_layout_set_attributes(l, attrs);
    if (width > 0) {
        pango_layout_set_width(l, (int)(width * PANGO_SCALE));
        pango_layout_set_wrap(l, PANGO_WRAP_WORD_CHAR);
        pango_layout_set_alignment(l, align);
    }
    pango_layout_set_text(l, nz(text), -1);
    pango_attr_list_unref(attrs);
    pango_font_description_free(fd);
    return l;
}

/* Draws text with its top-left corner at (x, y); returns the height used. */
static double show(cairo_t *cr, double x, double y, double width, const char *font,
                   const char *text, PangoAlignment align)
{
    PangoLayout *l = layout_new(cr, width, font, text, align);
    int w, h;

    cairo_move_to(cr, x, y);
    pango_cairo_show_layout(cr, l);
    pango_layout_get_size(l, &w, &h);
    g_object_unref(l);
    return (double)h / PANGO_SCALE;
}

/* Text on one line, never wrapped: the largest size from max_pt down to
 * min_pt (half points) at which it fits width; at min_pt it may overflow
 * rather than break (an address cut in the middle of its path cannot be
 * typed back). family is "DejaVu Sans" or "DejaVu Sans Bold". Returns the
 * height used. */
static double one_line(cairo_t *cr, double x, double y, double width, const char *family,
                       double max_pt, double min_pt, const char *text, PangoAlignment align)
{
    char font[64];
    PangoLayout *l = NULL;
    int w = 0, h = 0;
    for (double pt = max_pt; pt >= min_pt - 0.01; pt -= 0.5) {
        if (l != NULL)
            g_object_unref(l);
        snprintf(font, sizeof font, "%s %.1f", family, pt);
        l = layout_new(cr, 0, font, text, PANGO_ALIGN_LEFT);
        pango_layout_get_size(l, &w, &h);
        if ((double)w / PANGO_SCALE <= width)
            break;
    }
    double tw = (double)w / PANGO_SCALE;
    double dx = align == PANGO_ALIGN_RIGHT    ? width - tw
                : align == PANGO_ALIGN_CENTER ? (width - tw) / 2
                                              : 0;
    cairo_move_to(cr, x + dx, y);
    pango_cairo_show_layout(cr, l);
    g_object_unref(l);
    return (double)h / PANGO_SCALE;
}

static double text_at(cairo_t *cr, double x, double y, double width, const char *font,
                      const char *text)
{
    return show(cr, x, y, width, font, text, PANGO_ALIGN_LEFT);
}

static double key_at(const struct doc *d, double x, double y, double width, const char *font,
                     const char *key)
{
    char *s = text_of(d, key);
    double h = text_at(d->cr, x, y, width, font, s);

    free(s);
    return h;
}

static void hline(cairo_t *cr, double x0, double x1, double y)
{
    cairo_set_line_width(cr, 0.6);
    cairo_move_to(cr, x0, y);
    cairo_line_to(cr, x1, y);
    cairo_stroke(cr);
}

static cairo_status_t pdf_to_buf(void *closure, const unsigned char *data, unsigned int len)
{
    buf_append(closure, data, len);
    return CAIRO_STATUS_SUCCESS;
}

static cairo_surface_t *page_new(struct buf *out)
{
    cairo_surface_t *s =
        cairo_pdf_surface_create_for_stream(pdf_to_buf, out, PDF_PAGE_W, PDF_PAGE_H);
    if (cairo_surface_status(s) == CAIRO_STATUS_SUCCESS)
        cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_CREATOR, "varco");
    return s;
}

static void truncate_to(struct buf *out, size_t mark)
{
    out->len = mark;
    if (out->data != NULL)
        out->data[mark] = '\0';
}

/* Ends the page and flushes the PDF into the buffer. On failure the caller
 * truncates what was appended. */
static enum vc_status page_finish(cairo_t *cr, cairo_surface_t *s)
{
    cairo_show_page(cr);
    cairo_status_t st = cairo_status(cr);
    cairo_surface_finish(s);
    if (st == CAIRO_STATUS_SUCCESS)
        st = cairo_surface_status(s);
    return st == CAIRO_STATUS_SUCCESS ? VC_OK : VC_ERR_INTERNAL;
}

/* "ACDEFGHJKLMN" -> "ACDE FGHJ KLMN"; separators the caller may have put in
 * are dropped first, so the grouping is always ours. */
static void group4(const char *code, char *out, size_t size)
{
    size_t o = 0, n = 0;

    for (const char *p = nz(code); *p != '\0' && o + 2 < size; p++) {
        if (*p == ' ' || *p == '-')
            continue;
        if (n > 0 && n % 4 == 0)
            out[o++] = ' ';
        out[o++] = *p;
        n++;
    }
    out[o] = '\0';
}

/* Text on one line, never wrapped (the code must read "XXXX XXXX XXXX" to
 * people and to pdftotext), in a box box_h high sized to the text. */
static void boxed(cairo_t *cr, double x, double y, double box_h, const char *font, const char *text)
{
    PangoLayout *l = layout_new(cr, 0, font, text, PANGO_ALIGN_LEFT);
    int w, h;

    pango_layout_get_size(l, &w, &h);
    double tw = (double)w / PANGO_SCALE, th = (double)h / PANGO_SCALE;
    cairo_set_line_width(cr, 1.0);
    cairo_rectangle(cr, x, y, tw + 10 * MM, box_h);
    cairo_stroke(cr);
    cairo_move_to(cr, x + 5 * MM, y + (box_h - th) / 2);
    pango_cairo_show_layout(cr, l);
    g_object_unref(l);
}

/* Sender top left, recipient in the envelope window. */
static void addresses(const struct doc *d, const char *institution, const char *institution_address,
                      const struct member *m)
{
    char line[200];
    double y = 15 * MM;

    y += text_at(d->cr, PDF_LEFT, y, 120 * MM, PDF_FONT " Bold 11", institution);
    text_at(d->cr, PDF_LEFT, y, 120 * MM, PDF_FONT " 8", institution_address);

    y = PDF_WINDOW_Y;
    snprintf(line, sizeof line, "%s %s", m->given_name, m->family_name);
    y += text_at(d->cr, PDF_WINDOW_X, y, PDF_WINDOW_W, PDF_FONT " 11", line);
    if (m->company_name[0] != '\0')
        y += text_at(d->cr, PDF_WINDOW_X, y, PDF_WINDOW_W, PDF_FONT " 11", m->company_name);
    y += text_at(d->cr, PDF_WINDOW_X, y, PDF_WINDOW_W, PDF_FONT " 11", m->address);
    snprintf(line, sizeof line, "%s %s %s", m->postcode, m->city, m->province);
    text_at(d->cr, PDF_WINDOW_X, y, PDF_WINDOW_W, PDF_FONT " 11", line);
}

/* The boxed code with its expiry on the left; on the right the QR code of
 * the activation page, its address and a hint under it, right-aligned so a
 * usual URL fits on one line. Moves *y below the block. */
static enum vc_status letter_code(const struct doc *d, const struct pdf_letter *l, double *y)
{
    const double top = *y, qr = 38 * MM, right = PDF_LEFT + PDF_TEXT_W, col = 95 * MM;
    char code[64];

    group4(l->code, code, sizeof code);
    double h = key_at(d, PDF_LEFT, top, col, PDF_FONT " 10", "letter.code_label") + 2 * MM;
    boxed(d->cr, PDF_LEFT, top + h, PDF_CODE_BOX, PDF_FONT_CODE, code);
    h += PDF_CODE_BOX + 3 * MM;
    h += key_at(d, PDF_LEFT, top + h, col, PDF_FONT " 10", "letter.expires");

    if (qr_draw(d->cr, l->activation_url, right - qr, top - 3 * MM, qr) != VC_OK)
        return VC_ERR_INTERNAL;
    /* the address under the code on one line, never broken in its path:
     * smaller type for a long one, and room to the left of the code */
    double q = top - 3 * MM + qr, w = 60 * MM, url_w = 95 * MM;
    q += one_line(d->cr, right - url_w, q, url_w, PDF_FONT, 7, 5, l->activation_url,
                  PANGO_ALIGN_RIGHT);
    char *hint = text_of(d, "letter.qr_hint");
    q += show(d->cr, right - w, q + 1 * MM, w, PDF_FONT " 7", hint, PANGO_ALIGN_RIGHT) + 1 * MM;
    free(hint);
    *y = (q > top + h ? q : top + h) + 8 * MM;
    return VC_OK;
}

static enum vc_status draw_letter(const struct doc *d, const struct pdf_letter *l)
{
    double y = 88 * MM;

    cairo_set_source_rgb(d->cr, 0, 0, 0);
    addresses(d, l->institution, l->institution_address, l->to);
    y += key_at(d, PDF_LEFT, y, PDF_TEXT_W, PDF_FONT " 10", "letter.date") + 8 * MM;
    y += key_at(d, PDF_LEFT, y, PDF_TEXT_W, PDF_FONT " Bold 11", "letter.subject") + 6 * MM;
    y += key_at(d, PDF_LEFT, y, PDF_TEXT_W, PDF_FONT " 10", "letter.greeting") + 3 * MM;
    y += key_at(d, PDF_LEFT, y, PDF_TEXT_W, PDF_FONT " 10", "letter.body") + 8 * MM;
    if (letter_code(d, l, &y) != VC_OK)
        return VC_ERR_INTERNAL;
    key_at(d, PDF_LEFT, y, PDF_TEXT_W, PDF_FONT " 10", "letter.closing");
    key_at(d, PDF_LEFT, PDF_PAGE_H - 20 * MM, PDF_TEXT_W, PDF_FONT " 7", "letter.reference");
    return VC_OK;
}

enum vc_status pdf_render_letter(const struct pdf_letter *l, const struct i18n *t, struct buf *out)
{
    if (l->to == NULL || l->code == NULL || l->activation_url == NULL)
        return VC_ERR_INVALID;
    size_t mark = out->len;
    cairo_surface_t *s = page_new(out);
    cairo_t *cr = cairo_create(s);
    const struct member *m = l->to;
    const struct kv kv[] = {
        {"given_name", m->given_name},   {"family_name", m->family_name},
        {"institution", l->institution}, {"date", l->date},
        {"expires", l->expires},         {"url", l->activation_url},
        {"reference", l->reference},
    };
    const struct doc d = {cr, t, l->lang, kv, sizeof kv / sizeof kv[0]};

    enum vc_status st = VC_ERR_INTERNAL;
    if (cairo_status(cr) == CAIRO_STATUS_SUCCESS && draw_letter(&d, l) == VC_OK)
        st = page_finish(cr, s);
    cairo_destroy(cr);
    cairo_surface_destroy(s);
    if (st != VC_OK)
        truncate_to(out, mark); /* never hand back half a PDF */
    return st;
}

/* The raccomandata's own marks, top right above the window: what it is and
 * its tracking number, boxed, as post offices look for them. */
static void registered_marks(const struct doc *d, const struct pdf_registered *r)
{
    const double x = PDF_WINDOW_X, w = PDF_WINDOW_W;
    double y = 14 * MM;
    y += key_at(d, x, y, w, PDF_FONT " Bold 12", "registered.kind") + 1 * MM;
    y += key_at(d, x, y, w, PDF_FONT " 8", "registered.tracking_label") + 1 * MM;
    boxed(d->cr, x, y, 7 * MM, PDF_FONT " Bold 11", r->tracking);
}

static enum vc_status draw_registered(const struct doc *d, const struct pdf_registered *r)
{
    double y = 88 * MM;
    cairo_set_source_rgb(d->cr, 0, 0, 0);
    addresses(d, r->institution, r->institution_address, r->to);
    registered_marks(d, r);
    y += key_at(d, PDF_LEFT, y, PDF_TEXT_W, PDF_FONT " 10", "letter.date") + 8 * MM;
    y += key_at(d, PDF_LEFT, y, PDF_TEXT_W, PDF_FONT " Bold 11", "registered.subject") + 6 * MM;
    y += key_at(d, PDF_LEFT, y, PDF_TEXT_W, PDF_FONT " 10", "letter.greeting") + 3 * MM;
    y += key_at(d, PDF_LEFT, y, PDF_TEXT_W, PDF_FONT " 10", "registered.body") + 6 * MM;
    y += key_at(d, PDF_LEFT, y, PDF_TEXT_W, PDF_FONT " 10", "registered.secret_label") + 2 * MM;
    boxed(d->cr, PDF_LEFT, y, PDF_CODE_BOX, PDF_FONT_CODE, r->secret);
    y += PDF_CODE_BOX + 6 * MM;
    y += key_at(d, PDF_LEFT, y, PDF_TEXT_W, PDF_FONT " 10", "registered.how") + 3 * MM;
    y += one_line(d->cr, PDF_LEFT, y, PDF_TEXT_W, PDF_FONT " Bold", 10, 6, r->login_url,
                  PANGO_ALIGN_LEFT) +
         6 * MM;
    key_at(d, PDF_LEFT, y, PDF_TEXT_W, PDF_FONT " 10", "registered.closing");
    key_at(d, PDF_LEFT, PDF_PAGE_H - 20 * MM, PDF_TEXT_W, PDF_FONT " 7", "letter.reference");
    return VC_OK;
}

enum vc_status pdf_render_registered(const struct pdf_registered *r, const struct i18n *t,
                                     struct buf *out)
{
    if (r->to == NULL || r->secret == NULL || r->tracking == NULL || r->login_url == NULL)
        return VC_ERR_INVALID;
    size_t mark = out->len;
    cairo_surface_t *s = page_new(out);
    cairo_t *cr = cairo_create(s);
    const struct member *m = r->to;
    const struct kv kv[] = {
        {"given_name", m->given_name},   {"family_name", m->family_name},
        {"institution", r->institution}, {"date", r->date},
        {"tracking", r->tracking},       {"url", r->login_url},
        {"reference", r->reference},
    };
    const struct doc d = {cr, t, r->lang, kv, sizeof kv / sizeof kv[0]};
    enum vc_status st = VC_ERR_INTERNAL;
    if (cairo_status(cr) == CAIRO_STATUS_SUCCESS && draw_registered(&d, r) == VC_OK)
        st = page_finish(cr, s);
    cairo_destroy(cr);
    cairo_surface_destroy(s);
    if (st != VC_OK)
        truncate_to(out, mark); /* never hand back half a PDF */
    return st;
}

/* One "label  value" row of the member's data, value in bold. */
static double form_row(const struct doc *d, double y, const char *key, const char *value)
{
    text_at(d->cr, PDF_LEFT, y + 1, 50 * MM, PDF_FONT " 9", i18n_get(d->t, d->lang, key));
    double h =
        text_at(d->cr, PDF_LEFT + 52 * MM, y, PDF_TEXT_W - 52 * MM, PDF_FONT " Bold 10", value);
    hline(d->cr, PDF_LEFT + 52 * MM, PDF_LEFT + PDF_TEXT_W, y + h + 0.5 * MM);
    return h + 3 * MM;
}

static double form_data(const struct doc *d, const struct pdf_id_form *f, double y)
{
    const struct member *m = f->member;
    char line[300];

    snprintf(line, sizeof line, "%s %s", m->given_name, m->family_name);
    y += form_row(d, y, "form.field.name", line);
    y += form_row(d, y, "form.field.cf", m->codice_fiscale);
    y += form_row(d, y, "form.field.matricola", m->matricola);
    char born[DATES_TEXT_MAX];
    dates_format_iso(d->lang, m->birth_date, born, sizeof born);
    snprintf(line, sizeof line, "%s, %s", born, m->birth_place);
    y += form_row(d, y, "form.field.birth", line);
    snprintf(line, sizeof line, "%s, %s %s %s", m->address, m->postcode, m->city, m->province);
    y += form_row(d, y, "form.field.address", line);
    if (m->company_name[0] != '\0')
        y += form_row(d, y, "form.field.company", m->company_name);
    y += form_row(d, y, "form.field.email", f->username);
    return y;
}

/* "Pratica {case_number}" from the catalogue; the number is appended when
 * the text lacks it, since without it the returned paper matches no case. */
static char *case_line(const struct doc *d, const char *number)
{
    char *c = text_of(d, "form.case");

    if (strstr(c, number) != NULL)
        return c;
    struct buf b;
    buf_init(&b);
    buf_printf(&b, "%s %s", c, number);
    free(c);
    return buf_steal(&b);
}

static enum vc_status draw_form(const struct doc *d, const struct pdf_id_form *f)
{
    const double qr = 38 * MM, right = PDF_LEFT + PDF_TEXT_W;
    double y = 15 * MM;

    cairo_set_source_rgb(d->cr, 0, 0, 0);
    /* The QR code opens the form's page of the reserved area (f->case_url),
     * and says so under it. */
    if (qr_draw(d->cr, f->case_url, right - qr, 10 * MM, qr) != VC_OK)
        return VC_ERR_INTERNAL;
    char *hint = text_of(d, "form.qr_hint");
    double qr_bottom = 10 * MM + qr + 1 * MM;
    qr_bottom += show(d->cr, right - qr - 4 * MM, qr_bottom, qr + 4 * MM, PDF_FONT " 7", hint,
                      PANGO_ALIGN_RIGHT);
    free(hint);
    y += text_at(d->cr, PDF_LEFT, y, 120 * MM, PDF_FONT " Bold 11", f->institution) + 5 * MM;
    /* The title on one line, beside the QR code. */
    char *title = text_of(d, "form.title");
    y += one_line(d->cr, PDF_LEFT, y, PDF_TEXT_W - qr - 6 * MM, PDF_FONT " Bold", 14, 10, title,
                  PANGO_ALIGN_LEFT) +
         4 * MM;
    free(title);

    /* The case number is what links the returned paper to the account. */
    char *c = case_line(d, f->case_number);
    boxed(d->cr, PDF_LEFT, y, 13 * MM, PDF_FONT " Bold 16", c);
    y += 13 * MM + 12 * MM;
    if (y < qr_bottom + 6 * MM) /* below the QR code's caption */
        y = qr_bottom + 6 * MM;

    y += key_at(d, PDF_LEFT, y, PDF_TEXT_W, PDF_FONT " 10", "form.intro") + 6 * MM;
    y = form_data(d, f, y) + 4 * MM;
    y += key_at(d, PDF_LEFT, y, PDF_TEXT_W, PDF_FONT " 10", "form.declaration") + 16 * MM;

    hline(d->cr, PDF_LEFT, PDF_LEFT + 70 * MM, y);
    hline(d->cr, PDF_LEFT + 95 * MM, PDF_LEFT + PDF_TEXT_W, y);
    key_at(d, PDF_LEFT, y + 1 * MM, 70 * MM, PDF_FONT " 8", "form.date_place");
    key_at(d, PDF_LEFT + 95 * MM, y + 1 * MM, 75 * MM, PDF_FONT " 8", "form.signature");
    y += 16 * MM;

    y +=
        key_at(d, PDF_LEFT, y, PDF_TEXT_W, PDF_FONT " Bold 10", "form.instructions.title") + 2 * MM;
    key_at(d, PDF_LEFT, y, PDF_TEXT_W, PDF_FONT " 9", "form.instructions");
    /* Footer: the case number again, and the address the QR code leads to. */
    text_at(d->cr, PDF_LEFT, PDF_PAGE_H - 20 * MM, 60 * MM, PDF_FONT " 7", c);
    free(c);
    one_line(d->cr, right - 100 * MM, PDF_PAGE_H - 20 * MM, 100 * MM, PDF_FONT, 7, 5, f->case_url,
             PANGO_ALIGN_RIGHT);
    return VC_OK;
}

enum vc_status pdf_render_id_form(const struct pdf_id_form *f, const struct i18n *t,
                                  struct buf *out)
{
    if (f->member == NULL || f->case_number == NULL || f->case_url == NULL)
        return VC_ERR_INVALID;
    size_t mark = out->len;
    cairo_surface_t *s = page_new(out);
    cairo_t *cr = cairo_create(s);
    const struct kv kv[] = {
        {"institution", f->institution}, {"case_number", f->case_number}, {"url", f->case_url},
        {"form_email", f->form_email},   {"form_fax", f->form_fax},       {"date", f->date},
    };
    const struct doc d = {cr, t, f->lang, kv, sizeof kv / sizeof kv[0]};

    enum vc_status st = VC_ERR_INTERNAL;
    if (cairo_status(cr) == CAIRO_STATUS_SUCCESS && draw_form(&d, f) == VC_OK)
        st = page_finish(cr, s);
    cairo_destroy(cr);
    cairo_surface_destroy(s);
    if (st != VC_OK)
        truncate_to(out, mark);
    return st;
}

/* ---- the adhesion form (seed 004) ---- */

/* A registered person's data, one row each: name, codice fiscale, birth,
 * residence, the username (adhesion form, contract). */
static double person_rows(const struct doc *d, const struct person *p, const char *username,
                          double y)
{
    char line[300];

    snprintf(line, sizeof line, "%s %s", p->given_name, p->family_name);
    y += form_row(d, y, "form.field.name", line);
    y += form_row(d, y, "form.field.cf", p->codice_fiscale);
    char born[DATES_TEXT_MAX];
    dates_format_iso(d->lang, p->birth_date, born, sizeof born);
    snprintf(line, sizeof line, "%s, %s", born, p->birth_place);
    y += form_row(d, y, "form.field.birth", line);
    snprintf(line, sizeof line, "%s, %s %s %s", p->address, p->postcode, p->city, p->province);
    y += form_row(d, y, "form.field.address", line);
    y += form_row(d, y, "form.field.email", username);
    return y;
}

static double adhesion_data(const struct doc *d, const struct pdf_adhesion_form *f, double y)
{
    y = person_rows(d, f->person, f->username, y);
    if (f->person->mobile[0] != '\0')
        y += form_row(d, y, "adhesion.field.mobile", f->person->mobile);
    return y;
}

/* Two signature lines side by side, each with its caption under it. */
static double sign_here(const struct doc *d, double y, const char *left, const char *right)
{
    hline(d->cr, PDF_LEFT, PDF_LEFT + 70 * MM, y);
    hline(d->cr, PDF_LEFT + 95 * MM, PDF_LEFT + PDF_TEXT_W, y);
    double a = key_at(d, PDF_LEFT, y + 1 * MM, 70 * MM, PDF_FONT " 8", left);
    double b = key_at(d, PDF_LEFT + 95 * MM, y + 1 * MM, 75 * MM, PDF_FONT " 8", right);
    return (a > b ? a : b) + 2 * MM;
}

static enum vc_status draw_adhesion(const struct doc *d, const struct pdf_adhesion_form *f)
{
    double y = 15 * MM;

    cairo_set_source_rgb(d->cr, 0, 0, 0);
    y += text_at(d->cr, PDF_LEFT, y, PDF_TEXT_W, PDF_FONT " Bold 11", f->institution) + 5 * MM;
    char *title = text_of(d, "adhesion.title");
    y += one_line(d->cr, PDF_LEFT, y, PDF_TEXT_W, PDF_FONT " Bold", 16, 10, title,
                  PANGO_ALIGN_LEFT) +
         6 * MM;
    free(title);
    y += key_at(d, PDF_LEFT, y, PDF_TEXT_W, PDF_FONT " 10", "adhesion.intro") + 6 * MM;
    y = adhesion_data(d, f, y) + 4 * MM;
    y += key_at(d, PDF_LEFT, y, PDF_TEXT_W, PDF_FONT " 10", "adhesion.declaration") + 16 * MM;
    y += sign_here(d, y, "form.date_place", "adhesion.signature") + 8 * MM;

    /* The desk's part: filled in by the officer, in front of the person. */
    double top = y;
    y += 3 * MM;
    y += key_at(d, PDF_LEFT + 3 * MM, y, PDF_TEXT_W - 6 * MM, PDF_FONT " Bold 10",
                "adhesion.desk.title") +
         3 * MM;
    y += key_at(d, PDF_LEFT + 3 * MM, y, PDF_TEXT_W - 6 * MM, PDF_FONT " 9",
                "adhesion.desk.document") +
         12 * MM;
    hline(d->cr, PDF_LEFT + 3 * MM, PDF_LEFT + PDF_TEXT_W - 3 * MM, y);
    y += 14 * MM;
    y += sign_here(d, y, "adhesion.desk.office", "adhesion.desk.officer") + 2 * MM;
    cairo_set_line_width(d->cr, 0.8);
    cairo_rectangle(d->cr, PDF_LEFT, top, PDF_TEXT_W, y - top);
    cairo_stroke(d->cr);
    y += 8 * MM;

    y += key_at(d, PDF_LEFT, y, PDF_TEXT_W, PDF_FONT " Bold 10", "adhesion.instructions.title") +
         2 * MM;
    key_at(d, PDF_LEFT, y, PDF_TEXT_W, PDF_FONT " 9", "adhesion.instructions");
    char *foot = text_of(d, "adhesion.footer");
    text_at(d->cr, PDF_LEFT, PDF_PAGE_H - 20 * MM, 80 * MM, PDF_FONT " 7", foot);
    free(foot);
    one_line(d->cr, PDF_LEFT + PDF_TEXT_W - 100 * MM, PDF_PAGE_H - 20 * MM, 100 * MM, PDF_FONT, 7,
             5, f->url, PANGO_ALIGN_RIGHT);
    return VC_OK;
}

enum vc_status pdf_render_adhesion_form(const struct pdf_adhesion_form *f, const struct i18n *t,
                                        struct buf *out)
{
    if (f->person == NULL || f->username == NULL || f->url == NULL)
        return VC_ERR_INVALID;
    size_t mark = out->len;
    cairo_surface_t *s = page_new(out);
    cairo_t *cr = cairo_create(s);
    const struct kv kv[] = {{"institution", f->institution}, {"url", f->url}, {"date", f->date}};
    const struct doc d = {cr, t, f->lang, kv, sizeof kv / sizeof kv[0]};

    enum vc_status st = VC_ERR_INTERNAL;
    if (cairo_status(cr) == CAIRO_STATUS_SUCCESS && draw_adhesion(&d, f) == VC_OK)
        st = page_finish(cr, s);
    cairo_destroy(cr);
    cairo_surface_destroy(s);
    if (st != VC_OK)
        truncate_to(out, mark);
    return st;
}

/* ---- the contract (seed 002) ---- */

static enum vc_status draw_contract(const struct doc *d, const struct pdf_contract *c)
{
    double y = 15 * MM;

    cairo_set_source_rgb(d->cr, 0, 0, 0);
    y += text_at(d->cr, PDF_LEFT, y, PDF_TEXT_W, PDF_FONT " Bold 11", c->institution) + 4 * MM;
    char *title = text_of(d, "contract.pdf.title");
    y += one_line(d->cr, PDF_LEFT, y, PDF_TEXT_W, PDF_FONT " Bold", 15, 10, title,
                  PANGO_ALIGN_LEFT) +
         5 * MM;
    free(title);
    y += key_at(d, PDF_LEFT, y, PDF_TEXT_W, PDF_FONT " 9.5", "contract.pdf.intro") + 4 * MM;
    y = person_rows(d, c->person, c->username, y);
    y += form_row(d, y, "contract.pdf.mobile", c->mobile) + 3 * MM;
    y += key_at(d, PDF_LEFT, y, PDF_TEXT_W, PDF_FONT " Bold 10", "contract.pdf.terms.title") +
         2 * MM;
    y += key_at(d, PDF_LEFT, y, PDF_TEXT_W, PDF_FONT " 8.5", "contract.pdf.terms") + 3 * MM;
    y += key_at(d, PDF_LEFT, y, PDF_TEXT_W, PDF_FONT " Bold 10", "contract.pdf.clauses.title") +
         2 * MM;
    for (size_t i = 0; i < c->n_clauses; i++) {
        char *t = text_of(d, c->clause_keys[i]);
        text_at(d->cr, PDF_LEFT, y, 6 * MM, PDF_FONT " Bold 8.5",
                "\xe2\x98\x91"); /* ballot box with check */
        y += text_at(d->cr, PDF_LEFT + 6 * MM, y, PDF_TEXT_W - 6 * MM, PDF_FONT " 8.5", t) +
             1.5 * MM;
        free(t);
    }
    y += 2 * MM;
    key_at(d, PDF_LEFT, y, PDF_TEXT_W, PDF_FONT " 8.5", "contract.pdf.signature");
    char *foot = text_of(d, "contract.pdf.footer");
    text_at(d->cr, PDF_LEFT, PDF_PAGE_H - 15 * MM, PDF_TEXT_W, PDF_FONT " 7", foot);
    free(foot);
    return VC_OK;
}

enum vc_status pdf_render_contract(const struct pdf_contract *c, const struct i18n *t,
                                   struct buf *out)
{
    if (c->person == NULL || c->username == NULL || c->mobile == NULL ||
        (c->n_clauses > 0 && c->clause_keys == NULL))
        return VC_ERR_INVALID;
    size_t mark = out->len;
    cairo_surface_t *s = page_new(out);
    cairo_t *cr = cairo_create(s);
    const struct kv kv[] = {{"institution", c->institution}, {"date", c->date}};
    const struct doc d = {cr, t, c->lang, kv, sizeof kv / sizeof kv[0]};

    enum vc_status st = VC_ERR_INTERNAL;
    if (cairo_status(cr) == CAIRO_STATUS_SUCCESS && draw_contract(&d, c) == VC_OK)
        st = page_finish(cr, s);
    cairo_destroy(cr);
    cairo_surface_destroy(s);
    if (st != VC_OK)
        truncate_to(out, mark);
    return st;
}
