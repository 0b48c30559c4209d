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
 * *n counts what is there). VC_ERR_INVALID for bad escapes, NULs, bad UTF-8,
 * too many fields or a value over HTTP_FIELD_VALUE_MAX. */
enum vc_status http_parse_urlencoded(struct arena *a, const char *data, size_t len,
                                     struct http_param *params, size_t max, size_t *n);

/* multipart/form-data with the boundary of content_type. Text parts go to
 * form (bounded as above), file parts (with a filename) to files. */
enum vc_status http_parse_multipart(struct arena *a, const char *content_type, const char *data,
                                    size_t len, struct http_param *form, size_t form_max,
                                    size_t *n_form, struct http_file *files, size_t files_max,
                                    size_t *n_files);

/* "a=1; b=2": at most max cookies; malformed pairs are skipped. */
size_t http_parse_cookies(struct arena *a, const char *header, struct http_param *out, size_t max);

/* "it" or "en" from an Accept-Language header (q-values honoured); "it"
 * when nothing matches or header is NULL. */
const char *http_negotiate_lang(const char *header);
#endif
