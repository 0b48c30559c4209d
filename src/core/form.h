/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* User mistakes as data (STYLE.md §3): a list of (field, message id). The
 * message id is a catalogue key ("error.cf.check_letter"), translated by the
 * page; never an English sentence built at runtime. */
#ifndef VARCO_CORE_FORM_H
#define VARCO_CORE_FORM_H

#include <stdbool.h>
#include <stddef.h>

#define FORM_ERRORS_MAX 16

struct form_error {
    const char *field; /* static string: the form field's name, or "" for the whole form */
    const char *msg;   /* static string: catalogue key */
};

struct form_errors {
    size_t n;
    struct form_error e[FORM_ERRORS_MAX];
};

void form_errors_init(struct form_errors *fe);
/* Adds one error; the first error of a field wins, extra ones past MAX are dropped. */
void form_errors_add(struct form_errors *fe, const char *field, const char *msg);
/* The message id for field, or NULL. */
const char *form_errors_get(const struct form_errors *fe, const char *field);
bool form_errors_any(const struct form_errors *fe);

#endif
