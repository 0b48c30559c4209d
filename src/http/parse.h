/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* The parsers of untrusted request bytes, separate from the server so that
 * unit tests and fuzzers drive them directly: urlencoded bodies and query
 * strings, multipart/form-data, the Cookie header, Accept-Language. Results
 * live in the arena. Every parser is bounded by the limits of http.h and
 * refuses NULs and invalid UTF-8 in names and values. */
#ifndef VARCO_HTTP_PARSE_H
#define VARCO_HTTP_PARSE_H
#include <stddef.h>

#include "http/http.h"

/* a=1&b=2 (also query strings): appends to params (at most max in all,
 * *n counts what is there). VC_ERR_INVALID for bad escapes, a name with a
 * NUL or bad UTF-8, too many fields or a value over HTTP_FIELD_VALUE_MAX.
 * A value that decodes to something other than UTF-8 text (bad UTF-8, a
 * NUL, control characters) is kept as "" with invalid set, so that the
 * person's other values survive and the page can say which field it was. */
enum vc_status http_parse_urlencoded(struct arena *a, const char *data, size_t len,
                                     struct http_param *params, size_t max, size_t *n);

/* multipart/form-data with the boundary of content_type. Text parts go to
 * form (bounded and marked invalid as above), file parts (with a filename)
 * to files. truncated: data is only the start of a body that was too large
 * to keep; a file part cut by the end is recorded with too_big set (its
 * field's name is known), and the parts before it are kept. */
enum vc_status http_parse_multipart(struct arena *a, const char *content_type, const char *data,
                                    size_t len, bool truncated, struct http_param *form,
                                    size_t form_max, size_t *n_form, struct http_file *files,
                                    size_t files_max, size_t *n_files);

/* "a=1; b=2": at most max cookies; malformed pairs are skipped. */
size_t http_parse_cookies(struct arena *a, const char *header, struct http_param *out, size_t max);

/* "it" or "en" from an Accept-Language header (q-values honoured); "it"
 * when nothing matches or header is NULL. */
const char *http_negotiate_lang(const char *header);
#endif
