/* SPDX-License-Identifier: AGPL-3.0-or-later */
#include <qrencode.h>

#include "render/qr.h"

#define QUIET 4 /* modules of quiet zone around the code (ISO/IEC 18004) */

static QRcode *encode(const char *text)
{
    return QRcode_encodeString(text, 0, QR_ECLEVEL_M, QR_MODE_8, 1);
}

static void draw(cairo_t *cr, const QRcode *q, double x, double y, double module)
{
    for (int r = 0; r < q->width; r++) {
        for (int c = 0; c < q->width; c++) {
            if (q->data[r * q->width + c] & 1)
                cairo_rectangle(cr, x + (c + QUIET) * module, y + (r + QUIET) * module, module,
                                module);
        }
    }
    cairo_fill(cr);
}

enum vc_status qr_draw(cairo_t *cr, const char *text, double x, double y, double size)
{
    QRcode *q = encode(text);
    if (q == NULL)
        return VC_ERR_INVALID;
    cairo_save(cr);
    cairo_set_source_rgb(cr, 0, 0, 0);
    draw(cr, q, x, y, size / (q->width + 2 * QUIET));
    cairo_restore(cr);
    QRcode_free(q);
    return VC_OK;
}

static cairo_status_t to_buf(void *closure, const unsigned char *data, unsigned int len)
{
    buf_append(closure, data, len);
    return CAIRO_STATUS_SUCCESS;
}

enum vc_status qr_png(const char *text, int module_px, struct buf *out)
{
    QRcode *q = encode(text);
    if (q == NULL)
        return VC_ERR_INVALID;
    int side = (q->width + 2 * QUIET) * module_px;
    cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_RGB24, side, side);
    cairo_t *cr = cairo_create(s);
    cairo_set_source_rgb(cr, 1, 1, 1);
    cairo_paint(cr);
    cairo_set_source_rgb(cr, 0, 0, 0);
    draw(cr, q, 0, 0, module_px);
    cairo_destroy(cr);
    cairo_status_t st = cairo_surface_write_to_png_stream(s, to_buf, out);
    cairo_surface_destroy(s);
    QRcode_free(q);
    return st == CAIRO_STATUS_SUCCESS ? VC_OK : VC_ERR_INTERNAL;
}
