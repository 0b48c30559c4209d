/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* libFuzzer driver: http_parse_multipart. Each input is parsed twice:
 *   1. whole, as a body for "multipart/form-data; boundary=XyZ";
 *   2. its first line (up to 200 bytes) chooses the content type's boundary
 *      parameter (quotes and other parameters allowed) and the rest is the body.
 * Bodies stay at the end of the fuzzer's buffer so over-reads are caught. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "http/parse.h"
#include "util/arena.h"

#define FUZZ_MAX (64 * 1024)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Parses body as a whole body and as the kept start of a too-large one. */
static void check_one(const char *ct, const char *body, size_t len, bool truncated)
{
    struct arena *a = arena_new();
    struct http_param form[HTTP_FIELDS_MAX];
    struct http_file files[HTTP_PARTS_MAX];
    size_t n_form = 0, n_files = 0;
    enum vc_status st = http_parse_multipart(a, ct, body, len, truncated, form, HTTP_FIELDS_MAX,
                                             &n_form, files, HTTP_PARTS_MAX, &n_files);
    if (n_form > HTTP_FIELDS_MAX || n_files > HTTP_PARTS_MAX)
        abort();
    if (st == VC_OK) {
        for (size_t i = 0; i < n_form; i++) {
            if (form[i].name == NULL || form[i].value == NULL)
                abort();
            if (strlen(form[i].value) != form[i].len || form[i].len > HTTP_FIELD_VALUE_MAX)
                abort();
            if (form[i].invalid && form[i].len != 0)
                abort();
        }
        for (size_t i = 0; i < n_files; i++) {
            const struct http_file *f = &files[i];
            if (f->field == NULL || f->filename == NULL)
                abort();
            (void)strlen(f->field);
            (void)strlen(f->filename);
            if (f->content_type != NULL)
                (void)strlen(f->content_type);
            if (f->len > len || (f->len > 0 && f->data == NULL))
                abort();
            if (f->too_big && (!truncated || f->len != 0 || f->data != NULL))
                abort();
            /* the part must be readable: lets ASan check the bounds */
            volatile uint8_t sum = 0;
            for (size_t j = 0; j < f->len; j++)
                sum ^= f->data[j];
            (void)sum;
        }
    }
    arena_free(a);
}

static void check(const char *ct, const char *body, size_t len)
{
    check_one(ct, body, len, false);
    check_one(ct, body, len, true);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > FUZZ_MAX)
        return 0;
    check("multipart/form-data; boundary=XyZ", (const char *)data, size);

    const uint8_t *nl = memchr(data, '\n', size < 201 ? size : 201);
    if (nl == NULL)
        return 0;
    size_t blen = (size_t)(nl - data);
    if (blen > 0 && data[blen - 1] == '\r')
        blen--;
    if (memchr(data, '\0', blen) != NULL)
        return 0;
    char ct[256];
    snprintf(ct, sizeof ct, "multipart/form-data; boundary=%.*s", (int)blen, (const char *)data);
    size_t off = (size_t)(nl - data) + 1;
    check(ct, (const char *)data + off, size - off);
    return 0;
}
