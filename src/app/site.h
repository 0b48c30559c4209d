/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* What the pages show of the institution, loaded once at start-up from the
 * configuration ([site], README "Configuration"): its logo, and the texts
 * of the informativa on personal data (GDPR art. 13) and of the
 * accessibility statement (AgID), in Italian and English. A wrong file is
 * an error at start-up (and for `varco serve --check`), never a broken page.
 * Read-only after site_load: thread-safe. */
#ifndef VARCO_WEB_SITE_H
#define VARCO_WEB_SITE_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "http/http.h"
#include "util/config.h"
#include "util/status.h"

#define SITE_LOGO_MAX (512 * 1024) /* a header logo is a few KB */

enum site_text { SITE_PRIVACY, SITE_ACCESSIBILITY, SITE_TEXTS };

struct site {
    uint8_t *logo; /* the image's bytes */
    size_t logo_len;
    const char *logo_type;       /* "image/png", "image/jpeg", "image/svg+xml" */
    json_t *text[SITE_TEXTS][2]; /* render/legal.h documents; [1] is English */
    bool is_default[SITE_TEXTS]; /* the text shipped with varco, not the institution's */
};

/* Loads the logo and the legal texts named by cfg (defaults from
 * <assets_dir>), filling the texts' placeholders ({institution},
 * {institution_address}, {dpo_email}, {accessibility_email}, {form_email},
 * {base_url}). On failure writes "file: why" to err and returns
 * VC_ERR_INVALID or VC_ERR_IO. */
enum vc_status site_load(const struct config *cfg, const char *base_url, struct site **out,
                         char *err, size_t err_len);
void site_free(struct site *s); /* NULL is a no-op */

/* GET /logo, /informativa, /accessibilita */
void web_logo(struct http_req *req, struct http_resp *resp);
void web_privacy(struct http_req *req, struct http_resp *resp);
void web_accessibility(struct http_req *req, struct http_resp *resp);

#endif
