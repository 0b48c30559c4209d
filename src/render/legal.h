/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* The legal pages' text (the informativa on personal data, the
 * accessibility statement): a small plain-text format that an institution
 * writes without knowing HTML, parsed into blocks that a template renders
 * (escaped, like everything else: the text cannot inject markup).
 *
 * Format, one block per paragraph:
 *   # Title                 the page title (h1)
 *   ## Heading              a section heading (h2)
 *   - item                  a list item (consecutive items make one list)
 *   other lines             a paragraph; lines up to a blank line are joined
 * In every text, http:// and https:// addresses and email addresses become
 * links; "{name}" placeholders are filled by the caller's value function
 * (i18n_format's rule; unknown names stay visible). No files here. */
#ifndef VARCO_RENDER_LEGAL_H
#define VARCO_RENDER_LEGAL_H

#include <jansson.h>
#include <stddef.h>

#include "render/i18n.h"

#define LEGAL_TEXT_MAX (256 * 1024) /* a legal page is a few KB; refuse a wrong file */

/* Parses text (len bytes, UTF-8, no NUL) into a new object:
 *   {"title": "...", "blocks": [ {"h2": "..."}
 *                              | {"p": {"segs": [seg, ...]}}
 *                              | {"ul": {"items": [{"segs": [seg, ...]}, ...]}} ]}
 * where seg is {"t": "text"} or {"t": "text", "href": "https://... | mailto:..."}.
 * NULL if text is not valid UTF-8, holds a NUL or is over LEGAL_TEXT_MAX.
 * value/ctx fill the placeholders (value may be NULL). Caller decrefs. */
json_t *legal_parse(const char *text, size_t len, i18n_value_fn value, void *ctx);

#endif
