/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* PDF documents drawn with cairo + pango (subset fonts, real UTF-8 layout):
 * the identification form (seed 001) and the activation letter (seed 000)
 * laid out for an Italian window envelope (DL format, window on the right:
 * recipient block at about 110 mm from the left, 45-50 mm from the top).
 * Text comes from the catalogue in the given language. Thread-safe. */
#ifndef VARCO_RENDER_PDF_H
#define VARCO_RENDER_PDF_H

#include "core/types.h"
#include "render/i18n.h"
#include "util/buf.h"
#include "util/status.h"

struct pdf_letter {
    const char *lang;
    const char *institution;         /* sender name */
    const char *institution_address; /* sender address, one line */
    const struct member *to;         /* name + residence address from the registry */
    const char *code;                /* the activation code, printed in groups of 4 */
    const char *activation_url;      /* printed and encoded in the QR code */
    const char *date;                /* "22/11/2026" */
    const char *expires;             /* "22/12/2026" */
    const char *reference;           /* idempotency key or case number, small print */
};

struct pdf_id_form {
    const char *lang;
    const char *institution;
    const struct member *member;
    const char *username; /* the email */
    const char *case_number;
    const char *case_url;   /* encoded in the QR code */
    const char *form_email; /* where to mail it back */
    const char *form_fax;
    const char *date;
};

/* A registered letter (raccomandata A/R) with a secret in it -- the second
 * half of a PIN (seed 003): the same window layout as the letter, the
 * tracking number in a box where the post office looks for it, the secret
 * boxed, and how to use it. */
struct pdf_registered {
    const char *lang;
    const char *institution;
    const char *institution_address;
    const struct member *to; /* name + residence address */
    const char *tracking;    /* "RR12345678 9IT"-like, printed as is */
    const char *secret;      /* "ABCD EFGH" */
    const char *login_url;
    const char *date;
    const char *reference;
};

/* The adhesion form of Istanze online (seed 004): the person's data as they
 * registered them, a declaration, and the places to sign in the presence of
 * the desk's officer, who records the identity document. Printed by the
 * person, signed at the desk (the in_person step). */
struct pdf_adhesion_form {
    const char *lang;
    const char *institution;
    const struct person *person;
    const char *username; /* the email */
    const char *url;      /* the reserved area, printed in the footer */
    const char *date;     /* "22/11/2026": when it was printed */
};

/* The contract a person signs with an SMS code (the spid profile, seed 002):
 * the person's data, the conditions, the clauses accepted one by one, and
 * the statement that the signature is the code sent to the mobile number.
 * The code is bound to the bytes stored when it was sent, never to a second
 * rendering (cairo writes the creation time into every file). */
struct pdf_contract {
    const char *lang;
    const char *institution;
    const struct person *person;
    const char *username;           /* the email */
    const char *mobile;             /* E.164, the number the code goes to */
    const char *const *clause_keys; /* catalogue keys of the clauses' texts */
    size_t n_clauses;
    const char *date; /* "22/11/2026" */
};

enum vc_status pdf_render_letter(const struct pdf_letter *l, const struct i18n *t, struct buf *out);
enum vc_status pdf_render_registered(const struct pdf_registered *r, const struct i18n *t,
                                     struct buf *out);
enum vc_status pdf_render_id_form(const struct pdf_id_form *f, const struct i18n *t,
                                  struct buf *out);
enum vc_status pdf_render_adhesion_form(const struct pdf_adhesion_form *f, const struct i18n *t,
                                        struct buf *out);
enum vc_status pdf_render_contract(const struct pdf_contract *c, const struct i18n *t,
                                   struct buf *out);

#endif
