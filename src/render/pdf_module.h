/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* The drawing half of render/ (pdf.c, qr.c: cairo, pango, fontconfig,
 * libqrencode) is built as a module, varco-pdf.so beside the varco binary,
 * loaded the first time something draws (render/pdf_loader.c): a server that
 * has not rendered a PDF or a QR code yet does not carry those libraries'
 * pages (4.5 MB of its idle memory, issue 10). This is the table the module
 * exports; the unit tests link pdf.c and qr.c directly instead. */
#ifndef VARCO_RENDER_PDF_MODULE_H
#define VARCO_RENDER_PDF_MODULE_H

#include <stddef.h>

#include "render/pdf.h"

#define PDF_MODULE_FILE "varco-pdf.so"
#define PDF_MODULE_SYMBOL "varco_pdf_module"

struct pdf_module {
    /* the layouts the module was built with: a module from another build is
     * refused rather than handed structs it reads differently */
    size_t letter_size, id_form_size, member_size, buf_size, registered_size, adhesion_size,
        person_size, contract_size;
    enum vc_status (*render_letter)(const struct pdf_letter *l, const struct i18n *t,
                                    struct buf *out);
    enum vc_status (*render_registered)(const struct pdf_registered *r, const struct i18n *t,
                                        struct buf *out);
    enum vc_status (*render_id_form)(const struct pdf_id_form *f, const struct i18n *t,
                                     struct buf *out);
    enum vc_status (*render_adhesion_form)(const struct pdf_adhesion_form *f, const struct i18n *t,
                                           struct buf *out);
    enum vc_status (*render_contract)(const struct pdf_contract *c, const struct i18n *t,
                                      struct buf *out);
    enum vc_status (*qr_png)(const char *text, int module_px, struct buf *out);
};

#endif
