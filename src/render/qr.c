/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* QR codes: libqrencode for the symbol, cairo for the drawing (vector in the
 * PDFs, a PNG for the TOTP enrolment page). Level M, 8-bit mode, case
 * sensitive, so URLs and otpauth:// URIs come out byte for byte. No I/O here:
 * the PNG goes into the caller's buffer. */
#include <qrencode.h>

#include "render/qr.h"

#define QR_QUIET 4          /* modules of quiet zone on each side (ISO/IEC 18004 §6.3.8) */
#define QR_MODULE_PX_MAX 64 /* a 177-module code at 64 px is ~12k px a side: enough */

static QRcode *encode(const char *text)
{
    if (text == NULL || text[0] == '\0')
        return NULL;
    return QRcode_encodeString(text, 0, QR_ECLEVEL_M, QR_MODE_8, 1);
}

/* Dark modules as one rectangle per horizontal run: fewer path segments in
 * the PDF, and no hairline seams between neighbours in viewers that
 * anti-alias each rectangle on its own. */
static void draw_modules(cairo_t *cr, const QRcode *q, double x, double y, double module)
{
    int w = q->width;

    for (int r = 0; r < w; r++) {
        int c = 0;
        while (c < w) {
            if (!(q->data[r * w + c] & 1)) {
                c++;
                continue;
            }
            int start = c;
            while (c < w && (q->data[r * w + c] & 1))
                c++;
            cairo_rectangle(cr, x + (start + QR_QUIET) * module, y + (r + QR_QUIET) * module,
                            (c - start) * module, module);
        }
    }
    cairo_fill(cr);
}

enum vc_status qr_draw(cairo_t *cr, const char *text, double x, double y, double size)
{
    if (size <= 0)
        return VC_ERR_INVALID;
    QRcode *q = encode(text);
    if (q == NULL)
        return VC_ERR_INVALID;
    cairo_save(cr);
    cairo_set_source_rgb(cr, 0, 0, 0);
    draw_modules(cr, q, x, y, size / (q->width + 2 * QR_QUIET));
    cairo_restore(cr);
    QRcode_free(q);
    return cairo_status(cr) == CAIRO_STATUS_SUCCESS ? VC_OK : VC_ERR_INTERNAL;
}

static cairo_status_t png_to_buf(void *closure, const unsigned char *data, unsigned int len)
{
    buf_append(closure, data, len);
    return CAIRO_STATUS_SUCCESS;
}

enum vc_status qr_png(const char *text, int module_px, struct buf *out)
{
    enum vc_status st = VC_ERR_INTERNAL;
    cairo_surface_t *s = NULL;
    cairo_t *cr = NULL;
    QRcode *q = NULL;

    if (module_px <= 0 || module_px > QR_MODULE_PX_MAX)
        return VC_ERR_INVALID;
    q = encode(text);
    if (q == NULL)
        return VC_ERR_INVALID;
    int side = (q->width + 2 * QR_QUIET) * module_px;
    s = cairo_image_surface_create(CAIRO_FORMAT_RGB24, side, side);
    if (cairo_surface_status(s) != CAIRO_STATUS_SUCCESS)
        goto out;
    cr = cairo_create(s);
    /* Whole pixels per module and no anti-aliasing: crisp edges for scanners. */
    cairo_set_antialias(cr, CAIRO_ANTIALIAS_NONE);
    cairo_set_source_rgb(cr, 1, 1, 1);
    cairo_paint(cr);
    cairo_set_source_rgb(cr, 0, 0, 0);
    draw_modules(cr, q, 0, 0, module_px);
    if (cairo_status(cr) != CAIRO_STATUS_SUCCESS)
        goto out;
    cairo_surface_flush(s);
    if (cairo_surface_write_to_png_stream(s, png_to_buf, out) != CAIRO_STATUS_SUCCESS)
        goto out;
    st = VC_OK;
out:
    if (cr != NULL)
        cairo_destroy(cr);
    cairo_surface_destroy(s);
    QRcode_free(q);
    return st;
}
