/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* Message catalogues: gettext .po files under <assets>/po/<lang>/ (every .po file)
 * (msgid = a key such as "register.title", msgstr = the text), loaded once at
 * start-up; read-only afterwards (thread-safe). Italian first, English second.
 * Lookups fall back to Italian, then to the key itself, so a missing string
 * shows up visibly instead of crashing. */
#ifndef VARCO_RENDER_I18N_H
#define VARCO_RENDER_I18N_H

#include <stdbool.h>
#include <stddef.h>

#include "util/buf.h"
#include "util/status.h"

struct i18n;

/* Loads every po/<lang>/ (every .po file) for lang in {"it","en"}. VC_ERR_INVALID with
 * "file:line: why" in err for a malformed file. */
enum vc_status i18n_load(const char *po_dir, struct i18n **out, char *err, size_t err_len);
void i18n_free(struct i18n *t);

/* The text for key in lang; never NULL. */
const char *i18n_get(const struct i18n *t, const char *lang, const char *key);

/* Appends text to out with every "{name}" (a name of at most
 * I18N_NAME_MAX bytes) replaced: value(ctx, name, out) appends the value and
 * returns true, or returns false to keep "{name}" visible as it is. The one
 * placeholder rule of templates, mail subjects and PDFs. */
#define I18N_NAME_MAX 64
typedef bool (*i18n_value_fn)(void *ctx, const char *name, struct buf *out);
void i18n_format(const char *text, i18n_value_fn value, void *ctx, struct buf *out);
#endif
