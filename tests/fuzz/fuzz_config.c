/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* libFuzzer driver: config_parse_text (the INI file, no environment). The
 * text is passed without a NUL after it; the error line must be a C string. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "util/config.h"

#define FUZZ_MAX (64 * 1024)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > FUZZ_MAX)
        return 0;
    struct config *cfg = malloc(sizeof *cfg);
    if (cfg == NULL)
        return 0;
    char err[256];
    memset(err, 'x', sizeof err);
    err[sizeof err - 1] = '\0';
    enum vc_status st = config_parse_text((const char *)data, size, cfg, err, sizeof err);
    if (memchr(err, '\0', sizeof err) == NULL)
        abort();
    if (st == VC_OK) {
        if (cfg->n_pec_domains > CONFIG_PEC_DOMAINS_MAX)
            abort();
        for (size_t i = 0; i < cfg->n_pec_domains; i++) {
            if (memchr(cfg->pec_domains[i], '\0', sizeof cfg->pec_domains[i]) == NULL)
                abort();
        }
        if (memchr(cfg->base_url, '\0', sizeof cfg->base_url) == NULL ||
            memchr(cfg->listen_host, '\0', sizeof cfg->listen_host) == NULL)
            abort();
    }
    free(cfg);
    return 0;
}
