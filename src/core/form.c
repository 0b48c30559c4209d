/* SPDX-License-Identifier: AGPL-3.0-or-later */
#include <string.h>

#include "core/form.h"

void form_errors_init(struct form_errors *fe)
{
    fe->n = 0;
}

void form_errors_add(struct form_errors *fe, const char *field, const char *msg)
{
    if (form_errors_get(fe, field) != NULL || fe->n >= FORM_ERRORS_MAX)
        return;
    fe->e[fe->n].field = field;
    fe->e[fe->n].msg = msg;
    fe->n++;
}

const char *form_errors_get(const struct form_errors *fe, const char *field)
{
    for (size_t i = 0; i < fe->n; i++) {
        if (strcmp(fe->e[i].field, field) == 0)
            return fe->e[i].msg;
    }
    return NULL;
}

bool form_errors_any(const struct form_errors *fe)
{
    return fe->n > 0;
}
