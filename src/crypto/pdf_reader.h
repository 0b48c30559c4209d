/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* A bounded reader of the structure of a PDF file, just enough to append an
 * incremental update to it (crypto/pdf_seal.h): the classic cross-reference
 * tables and trailers (following /Prev), and the objects they point to,
 * parsed into spans of the original bytes. It never decodes streams and
 * refuses what it does not read (cross-reference streams, object streams,
 * encryption) with VC_ERR_INVALID and a reason. The input is untrusted:
 * every offset is checked, nesting and chains are bounded. No OpenSSL here;
 * no allocation except the offset table. Not thread-safe per document. */
#ifndef VARCO_CRYPTO_PDF_READER_H
#define VARCO_CRYPTO_PDF_READER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/status.h"

#define PDF_OBJECTS_MAX 1000000  /* /Size: a one-page letter has 20 objects */
#define PDF_DEPTH_MAX 32         /* nesting of arrays and dictionaries, and of the page tree */
#define PDF_XREF_SECTIONS_MAX 64 /* a /Prev chain longer than this is refused (loops) */

enum pdf_kind {
    PDF_NULL,
    PDF_BOOL,
    PDF_INT,
    PDF_REAL,
    PDF_NAME,
    PDF_STRING, /* literal or hexadecimal, as written */
    PDF_ARRAY,
    PDF_DICT,
    PDF_REF,
};

/* One value: its bytes are data[at, end) of the document (for a name, the
 * '/' included; for an array or dictionary, the brackets included). */
struct pdf_value {
    enum pdf_kind kind;
    size_t at, end;
    int64_t num;  /* PDF_INT: the value; PDF_REF: the object number */
    uint32_t gen; /* PDF_REF: the generation */
};

struct pdf_doc {
    const uint8_t *data; /* borrowed: the caller keeps the bytes alive */
    size_t len;
    size_t size;           /* the newest trailer's /Size */
    uint64_t *offsets;     /* [size]; PDF_FREE when free or absent */
    uint16_t *gens;        /* [size] */
    size_t startxref;      /* the offset of the newest cross-reference section */
    struct pdf_value root; /* PDF_REF */
    struct pdf_value info; /* PDF_REF, or PDF_NULL when the trailer has none */
    struct pdf_value id;   /* PDF_ARRAY, or PDF_NULL when the trailer has none */
};
#define PDF_FREE UINT64_MAX

/* Reads the header, the last startxref, every cross-reference section and
 * trailer. why gets a short English reason on VC_ERR_INVALID (the file is
 * not a PDF varco can update); VC_ERR_NOMEM if the table cannot be had.
 * Undo with pdf_doc_close (also after a failure). */
enum vc_status pdf_doc_open(const uint8_t *data, size_t len, struct pdf_doc *out, char *why,
                            size_t why_len);
void pdf_doc_close(struct pdf_doc *d);

/* The value of object num (its "num gen obj" checked against the table).
 * VC_ERR_NOT_FOUND for a free or absent object, VC_ERR_INVALID if what is
 * at its offset is not that object. */
enum vc_status pdf_doc_object(const struct pdf_doc *d, int64_t num, struct pdf_value *out);

/* Iterates the elements of an array or the key/value pairs of a dictionary:
 * start with pdf_iter_init, then pdf_iter_next until VC_ERR_NOT_FOUND (the
 * end). For a dictionary key is the name (PDF_NAME); for an array key is
 * left untouched. VC_ERR_INVALID on malformed input. */
struct pdf_iter {
    size_t pos, end;
    bool dict;
};
void pdf_iter_init(const struct pdf_value *container, struct pdf_iter *it);
enum vc_status pdf_iter_next(const struct pdf_doc *d, struct pdf_iter *it, struct pdf_value *key,
                             struct pdf_value *val);

/* The value of /name (without the slash) in the dictionary. VC_ERR_NOT_FOUND
 * if absent, VC_ERR_INVALID if malformed. */
enum vc_status pdf_dict_get(const struct pdf_doc *d, const struct pdf_value *dict, const char *name,
                            struct pdf_value *out);

/* True when v is the name /name (written plainly, without # escapes). */
bool pdf_is_name(const struct pdf_doc *d, const struct pdf_value *v, const char *name);

#endif
