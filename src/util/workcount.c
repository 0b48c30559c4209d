/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* workcount.h: the per-thread counter. */
#include "util/workcount.h"

static _Thread_local uint64_t hashes;

void workcount_add_hash(void)
{
    hashes++;
}

uint64_t workcount_hashes(void)
{
    return hashes;
}
