/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* QR codes with libqrencode: drawn into a cairo context (PDFs) or as a PNG
 * (the TOTP enrolment page). Thread-safe. */
#ifndef VARCO_RENDER_QR_H
#define VARCO_RENDER_QR_H

#include <cairo.h>

#include "util/buf.h"
#include "util/status.h"

/* Draws the QR code of text as a size x size square at (x, y), with a quiet zone. */
enum vc_status qr_draw(cairo_t *cr, const char *text, double x, double y, double size);
/* A PNG of the QR code of text, module_px pixels per module, appended to out. */
enum vc_status qr_png(const char *text, int module_px, struct buf *out);

#endif
