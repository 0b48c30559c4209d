/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* The entry of varco-pdf.so (render/pdf_module.h): the module's one exported
 * symbol, pointing at pdf.c and qr.c. Built into the module only. */
#include "render/pdf_module.h"
#include "render/qr.h"

extern const struct pdf_module varco_pdf_module;
__attribute__((visibility("default"))) const struct pdf_module varco_pdf_module = {
    .letter_size = sizeof(struct pdf_letter),
    .id_form_size = sizeof(struct pdf_id_form),
    .member_size = sizeof(struct member),
    .buf_size = sizeof(struct buf),
    .registered_size = sizeof(struct pdf_registered),
    .adhesion_size = sizeof(struct pdf_adhesion_form),
    .person_size = sizeof(struct person),
    .contract_size = sizeof(struct pdf_contract),
    .render_letter = pdf_render_letter,
    .render_registered = pdf_render_registered,
    .render_id_form = pdf_render_id_form,
    .render_adhesion_form = pdf_render_adhesion_form,
    .render_contract = pdf_render_contract,
    .qr_png = qr_png,
};
