/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* The person behind an account (DESIGN.md "A person is not a registry row"):
 * names, sex, birth date and place, codice fiscale, residence, mobile --
 * filled from the institution's registry (enasarco) or from the
 * registration form (inps-pin), then kept up to date by the person from the
 * area ("aggiornamento immediato dei dati personali", seed 000). Letters go
 * to the person's residence. The email is the account's username. Pure:
 * the store comes from env. */
#ifndef VARCO_CORE_PERSON_H
#define VARCO_CORE_PERSON_H

#include <stdbool.h>
#include <stdint.h>

#include "core/env.h"
#include "core/form.h"
#include "core/types.h"
#include "util/status.h"

/* Fills p (account_id left 0) from a registry row. */
void person_from_member(const struct member *m, struct person *p);

/* The account's person: its row, or for an account from before persons
 * existed, what its registry row says. VC_OK always fills out (names may be
 * empty for an old account without a registry row). */
enum vc_status person_of_account(const struct vc_env *env, const struct account *acc,
                                 struct person *out);

/* Stores a new person for acc (p->account_id is set). */
enum vc_status person_create(const struct vc_env *env, const struct account *acc, struct person *p);

/* What the person may change alone from the area. */
struct person_contacts {
    char address[129];
    char postcode[6];
    char city[NAME_MAX_LEN + 1];
    char province[3];
    char mobile[21];
};

/* The checks of contacts typed on a form: with address, a residence
 * (street, CAP of 5 digits, city, province of 2 letters); a mobile number
 * when given (or when mobile_required). Adds to errs (field names address,
 * postcode, city, province, mobile); true when all is well. */
bool person_contacts_check(const struct person_contacts *in, bool address, bool mobile_required,
                           struct form_errors *errs);

/* Checks and stores new contacts: address, CAP of 5 digits, city, province
 * of 2 letters, a mobile number (optional; normalised to E.164 by
 * core/phone.h: "+39 333 1234567" is stored as "+393331234567"). VC_ERR_INVALID (errs on the form's
 * field names); VC_OK with *out_changed false when nothing changed. Each change is audited with the
 * fields before and after and told to the person by mail (person_changed); *out_address_changed
 * says whether the residence moved (the caller then offers to send a letter on its way again). */
enum vc_status person_update_contacts(const struct vc_env *env, int64_t account_id,
                                      const struct person_contacts *in, struct form_errors *errs,
                                      bool *out_changed, bool *out_address_changed);

#endif
