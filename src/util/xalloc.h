/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* Allocation helpers that log and abort on out of memory (STYLE.md §3):
 * for start-up and small fixed structures; request data is bounded first. */
#ifndef VARCO_UTIL_XALLOC_H
#define VARCO_UTIL_XALLOC_H

#include <stddef.h>

void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);

#endif
