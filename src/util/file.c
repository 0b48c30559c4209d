/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* file_read_all: one bounded read loop, so a file that grows while it is
 * read is still cut at max + 1 bytes and refused. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>

#include "util/file.h"
#include "util/xalloc.h"

enum vc_status file_read_all(const char *path, size_t max, char **out, size_t *out_len)
{
    enum vc_status st = VC_OK;
    char *buf = NULL;
    FILE *f = fopen(path, "rb");
    if (f == NULL)
        return errno == ENOENT ? VC_ERR_NOT_FOUND : VC_ERR_IO;
    size_t cap = 64 * 1024, len = 0;
    buf = xmalloc(cap + 1);
    for (;;) {
        if (len == cap) {
            if (cap > max) {
                st = VC_ERR_LIMIT;
                goto out;
            }
            cap *= 2;
            buf = xrealloc(buf, cap + 1);
        }
        size_t n = fread(buf + len, 1, cap - len, f);
        len += n;
        if (n == 0) {
            if (ferror(f))
                st = VC_ERR_IO;
            break;
        }
        if (len > max) {
            st = VC_ERR_LIMIT;
            goto out;
        }
    }
    if (st != VC_OK)
        goto out;
    buf[len] = '\0';
    *out = buf;
    *out_len = len;
    buf = NULL;
out:
    free(buf);
    fclose(f);
    return st;
}
