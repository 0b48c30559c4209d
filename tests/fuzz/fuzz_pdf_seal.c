/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* libFuzzer driver: pdf_seal (crypto/pdf_reader.c underneath) over any bytes
 * as the PDF to seal, with one identity made at the first run. A refusal
 * must come with a reason and write nothing; a sealed file must start with
 * the input unchanged and read back with the same reader, the new trailer's
 * /Size two objects larger. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "crypto/pdf_reader.h"
#include "crypto/pdf_seal.h"
#include "crypto/seal_identity.h"
#include "util/buf.h"

#define FUZZ_MAX (256 * 1024)
#define NOW 1798761600 /* fixed: the same input decides the same way */

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct seal_identity *identity(void)
{
    static struct seal_identity *id;
    if (id == NULL) {
        struct buf key, cert;
        buf_init(&key);
        buf_init(&cert);
        char err[256];
        if (seal_identity_generate("Fuzz", NOW, &key, &cert, err, sizeof err) != VC_OK ||
            seal_identity_parse(key.data, key.len, cert.data, cert.len, NULL, 0, NOW, &id, err,
                                sizeof err) != VC_OK)
            abort();
        buf_fini(&key);
        buf_fini(&cert);
    }
    return id;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > FUZZ_MAX)
        return 0;
    struct buf out;
    buf_init(&out);
    char why[128];
    memset(why, 'x', sizeof why);
    enum vc_status st = pdf_seal(data, size, identity(), NOW, "fuzz", &out, why, sizeof why);
    if (memchr(why, '\0', sizeof why) == NULL)
        abort();
    if (st != VC_OK) {
        if (out.len != 0 || why[0] == '\0' || (st != VC_ERR_INVALID && st != VC_ERR_NOMEM))
            abort();
    } else {
        if (out.len <= size || memcmp(out.data, data, size) != 0)
            abort();
        struct pdf_doc before, after;
        if (pdf_doc_open(data, size, &before, NULL, 0) != VC_OK ||
            pdf_doc_open((const uint8_t *)out.data, out.len, &after, NULL, 0) != VC_OK ||
            after.size != before.size + 2)
            abort();
        pdf_doc_close(&before);
        pdf_doc_close(&after);
    }
    buf_fini(&out);
    return 0;
}
