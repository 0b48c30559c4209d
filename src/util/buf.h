/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* Growable byte buffer, always NUL-terminated after data[len] so text can be
 * used as a C string. Aborts on out of memory (xalloc), as request data is
 * bounded before it reaches a buffer. Not thread-safe; one owner. */
#ifndef VARCO_UTIL_BUF_H
#define VARCO_UTIL_BUF_H

#include <stdarg.h>
#include <stddef.h>
#include <string.h>

struct buf {
    char *data; /* NULL until the first append; NUL-terminated after that */
    size_t len;
    size_t cap;
};

void buf_init(struct buf *b);
void buf_fini(struct buf *b);  /* frees data; b may be reused after buf_init */
void buf_reset(struct buf *b); /* len = 0, keeps the allocation */
/* Makes room for extra more bytes at once (one allocation instead of a few
 * doublings when the size to come is known roughly). */
void buf_reserve(struct buf *b, size_t extra);
void buf_append_slow(struct buf *b, const void *data, size_t len);
/* Inline while the bytes fit: a page is built from a few hundred short
 * appends, and a call to grow for each was a tenth of a render. */
static inline void buf_append(struct buf *b, const void *data, size_t len)
{
    if (b->data != NULL && len < b->cap - b->len) {
        memcpy(b->data + b->len, data, len);
        b->len += len;
        b->data[b->len] = '\0';
        return;
    }
    buf_append_slow(b, data, len);
}
void buf_puts(struct buf *b, const char *s);
void buf_putc(struct buf *b, char c);
void buf_printf(struct buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void buf_vprintf(struct buf *b, const char *fmt, va_list ap);
/* Hands the data over to the caller (free() it); b is left empty. Never NULL. */
char *buf_steal(struct buf *b);

#endif
