/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* Letters by post, tracked (issue 11): every letter a step sends (the
 * activation code, the second half of a PIN by registered letter) goes out
 * through here, to the person's residence, and gets a row that follows it:
 *
 *   letters_send ──▶ QUEUED ──the outbox hands the PDF to the spool──▶ PRINTED
 *       PRINTED ──letters_record (an operator, the return receipt)──▶ DELIVERED
 *       PRINTED ──letters_record (back to sender)──▶ RETURNED: the person is
 *                 told to check their residence address
 *
 * Registered letters (raccomandata A/R) carry a tracking number in the UPU
 * S10 form ("RR" + 8 digits + check digit + "IT"). Pure: store, clock and
 * randomness from env. */
#ifndef VARCO_CORE_LETTERS_H
#define VARCO_CORE_LETTERS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/env.h"
#include "core/messages.h"
#include "core/types.h"
#include "util/status.h"

#define LETTERS_LIST_MAX 50

/* Queues the letter template (a letter or registered letter message) to
 * acc's person's residence with the step's fields (the address fields are
 * added here), and its tracking row. */
enum vc_status letters_send(const struct vc_env *env, const struct account *acc,
                            const char *template_name, bool registered,
                            const struct msg_field *fields, size_t n);

/* An operator records what became of a printed letter: DELIVERED (the
 * return receipt) or RETURNED (undeliverable: the person is mailed and asked
 * to check the residence). VC_ERR_DENIED for another status or a letter not
 * printed; audited. */
enum vc_status letters_record(const struct vc_env *env, int64_t operator_id, int64_t letter_id,
                              enum letter_status to);

/* The account's letters, newest first. */
enum vc_status letters_of(const struct vc_env *env, int64_t account_id, struct letter *out,
                          size_t max, size_t *out_n);

/* A letter by its tracking number (operators look the envelope up). */
enum vc_status letters_by_tracking(const struct vc_env *env, const char *tracking,
                                   struct letter *out);

/* The latest letters of everyone (the back office's list). */
enum vc_status letters_recent(const struct vc_env *env, struct letter *out, size_t max,
                              size_t *out_n);

/* The S10 check digit of 8 digits (UPU S10: weights 8 6 4 2 3 5 9 7). */
int letters_s10_check(const char digits[8]);

#endif
