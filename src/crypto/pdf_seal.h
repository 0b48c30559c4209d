/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* Seals a PDF with varco's identity (issue 13 §2): appends to the document
 * an incremental update (ISO 32000-1 §7.5.6) holding an invisible signature
 * field on page 1, the catalog with an /AcroForm, and a signature dictionary
 * (/ETSI.CAdES.detached, PAdES baseline B) whose /Contents is a CMS
 * SignedData over every byte of the file but the /Contents value itself.
 * The original bytes are kept as they are, so a reader that verifies the
 * signature (poppler's pdfsig, Acrobat) also shows the document unchanged.
 * Reads PDFs with classic cross-reference tables, such as cairo 1.16's
 * (render/pdf.c); refuses the rest with a reason. Thread-safe, no state. */
#ifndef VARCO_CRYPTO_PDF_SEAL_H
#define VARCO_CRYPTO_PDF_SEAL_H

#include <stddef.h>
#include <stdint.h>

#include "crypto/seal_identity.h"
#include "util/buf.h"
#include "util/status.h"

#define PDF_SEAL_INPUT_MAX (64u * 1024 * 1024) /* a contract is tens of KB */
#define PDF_SEAL_REASON_MAX 256                /* bytes of UTF-8 */
#define PDF_SEAL_FIELD_NAME "varco-seal"

/* Appends to out the whole sealed document: pdf[0, len) unchanged (plus an
 * end of line if it had none), then the update.
 *   id: the identity that signs (crypto/seal_identity.h)
 *   signing_time: seconds since the epoch, UTC; written as /M and as the
 *       CMS signingTime (the two agree)
 *   reason: UTF-8 text for /Reason ("Contratto firmato con codice SMS"),
 *       NULL or "" for none; at most PDF_SEAL_REASON_MAX bytes
 *   why: a short English reason when the PDF is refused (may be NULL)
 * Returns VC_OK; VC_ERR_INVALID for a file this module cannot or will not
 * update (not a PDF, malformed, encrypted, compressed cross-references, an
 * interactive form already there, bad UTF-8 in reason); VC_ERR_LIMIT above
 * PDF_SEAL_INPUT_MAX; VC_ERR_INTERNAL if signing fails. out is unchanged
 * on failure. */
enum vc_status pdf_seal(const uint8_t *pdf, size_t len, const struct seal_identity *id,
                        int64_t signing_time, const char *reason, struct buf *out, char *why,
                        size_t why_len);

#endif
