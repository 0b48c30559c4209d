/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* core_config from the loaded configuration: the one place that maps
 * struct config (util/) onto what core reads. No I/O. */
#include <string.h>

#include "core/env.h"
#include "crypto/seal.h"
#include "util/config.h"
#include "util/str.h"

_Static_assert(CONFIG_LOCAL_HOLIDAYS_MAX <= CALENDAR_LOCAL_MAX,
               "every configured local holiday must fit the calendar");

enum vc_status core_config_init(struct core_config *out, const struct config *cfg,
                                const uint8_t pepper[32], const uint8_t data_key[32])
{
    const struct profile *p = profile_find(cfg->profile);
    if (p == NULL)
        return VC_ERR_INVALID;
    memset(out, 0, sizeof *out);
    out->profile = p;
    out->password.min = cfg->password_min_length ? cfg->password_min_length : p->password_min;
    out->password.max = cfg->password_max_length ? cfg->password_max_length : p->password_max;
    if (out->password.min > out->password.max)
        return VC_ERR_INVALID;
    memcpy(out->pepper, pepper, sizeof out->pepper);
    seal_subkey(data_key, "totp____", out->totp_key);
    str_copy(out->base_url, cfg->base_url, sizeof out->base_url);
    size_t n = strlen(out->base_url);
    while (n > 0 && out->base_url[n - 1] == '/')
        out->base_url[--n] = '\0';
    str_copy(out->institution, cfg->institution, sizeof out->institution);
    str_copy(out->institution_address, cfg->institution_address, sizeof out->institution_address);
    str_copy(out->form_email, cfg->form_email, sizeof out->form_email);
    str_copy(out->form_fax, cfg->form_fax, sizeof out->form_fax);
    out->email_token_seconds = cfg->email_token_seconds;
    out->activation_code_seconds = cfg->activation_code_seconds;
    out->activation_code_attempts = cfg->activation_code_attempts;
    out->case_due_seconds = cfg->case_due_seconds;
    calendar_init(&out->calendar);
    for (size_t i = 0; i < cfg->n_local_holidays; i++) {
        const struct config_day *d = &cfg->local_holidays[i];
        if (calendar_add_local(&out->calendar, d->month, d->day) != VC_OK)
            return VC_ERR_INVALID;
    }
    out->session_idle_seconds = cfg->session_idle_seconds;
    out->session_absolute_seconds = cfg->session_absolute_seconds;
    out->recovery_asks_cf = cfg->recovery_asks_cf || out->profile->recovery_asks_cf;
    out->pec_domains = cfg->pec_domains;
    out->n_pec_domains = cfg->n_pec_domains;
    return VC_OK;
}
