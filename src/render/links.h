/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* Named pages (DESIGN.md "core/ names links, never formats URLs"): core and
 * the messages it queues refer to a page by name ("activation",
 * "confirm_email?t=TOKEN"); this table turns a name into the path web/
 * serves it at, and a link into a URL of this deployment for mail, SMS and
 * letters. Each path here is a GET route of web/routes.c (a unit test
 * checks it). No state. */
#ifndef VARCO_RENDER_LINKS_H
#define VARCO_RENDER_LINKS_H

#include <stdbool.h>

#include "util/buf.h"
#include "util/status.h"

struct link_page {
    const char *name;  /* "activation" */
    const char *path;  /* "/area/attivazione" */
    unsigned name_len; /* strlen(name) */
};
extern const struct link_page LINK_PAGES[];
extern const unsigned LINK_PAGES_N;

/* The path of the page of that name (exactly name, no query), or NULL. */
const char *links_path(const char *name);

/* base_url + the path of link's page + link's query ("?t=..."), appended
 * to out. link is "name" or "name?query" (without MSG_LINK_PREFIX).
 * VC_ERR_NOT_FOUND for an unknown name (nothing appended). */
enum vc_status links_url(const char *base_url, const char *link, struct buf *out);

/* If value is a named link ("link:name?query"), its URL into out and true;
 * false (out untouched) for any other value. Unknown names are an error of
 * ours: false as well, so the raw value shows and the test catches it. */
bool links_resolve(const char *base_url, const char *value, struct buf *out);

#endif
