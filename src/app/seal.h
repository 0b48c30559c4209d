/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* Where varco's sealing identity lives (issue 13 §2): [seal] key_file,
 * cert_file and chain_file, or by default seal-key.pem and seal-cert.pem in
 * the data folder, which `varco init` makes (app_seal_ensure) when they are
 * missing. Loading goes through crypto/seal_identity.h; this file only
 * resolves paths and writes the generated files (owner-only, 0600). */
#ifndef VARCO_APP_SEAL_H
#define VARCO_APP_SEAL_H

#include <stdbool.h>
#include <stdint.h>

#include "crypto/seal_identity.h"
#include "util/config.h"
#include "util/status.h"

#define APP_SEAL_KEY_FILE "seal-key.pem"
#define APP_SEAL_CERT_FILE "seal-cert.pem"

struct app_seal_paths {
    char key[600];
    char cert[600];
    char chain[600]; /* "" when none */
    bool own;        /* [seal] names the institution's files: varco never writes them */
};

/* The files cfg points to. */
void app_seal_paths(const struct config *cfg, struct app_seal_paths *out);

/* Loads the identity (valid at now). err gets one line naming the file and
 * what is wrong ("run 'varco init'" when the data folder's files are
 * missing). */
enum vc_status app_seal_load(const struct config *cfg, int64_t now, struct seal_identity **out,
                             char *err, size_t err_len);

/* For `varco init`: with the default paths and neither file there, makes a
 * self-signed identity for [mail] institution (out_created = true); then
 * loads what is there to check it, so a broken or mismatched pair, or only
 * one of the two files, is reported now rather than at the first seal.
 * Never overwrites a file. out: the loaded identity (seal_identity_free). */
enum vc_status app_seal_ensure(const struct config *cfg, int64_t now, bool *out_created,
                               struct seal_identity **out, char *err, size_t err_len);

#endif
