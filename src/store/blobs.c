/* SPDX-License-Identifier: AGPL-3.0-or-later */
#include <errno.h>
#include <fcntl.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "crypto/seal.h"
#include "store/blobs.h"
#include "util/str.h"

#define BLOB_MAX (64u << 20)

static bool id_ok(const char *id)
{
    size_t n = strlen(id);
    if (n != 32)
        return false;
    for (size_t i = 0; i < n; i++) {
        if (!((id[i] >= '0' && id[i] <= '9') || (id[i] >= 'a' && id[i] <= 'f')))
            return false;
    }
    return true;
}

enum vc_status blobs_put(const char *data_dir, const uint8_t key[32], const void *data, size_t len,
                         char out_id[HASH_HEX])
{
    uint8_t rnd[16];
    randombytes_buf(rnd, sizeof rnd);
    char id[33], dir[600], path[700], tmp[700];
    str_hex(rnd, sizeof rnd, id);
    snprintf(dir, sizeof dir, "%s/documents", data_dir);
    mkdir(dir, 0700);
    snprintf(path, sizeof path, "%s/%s", dir, id);
    snprintf(tmp, sizeof tmp, "%s/.%s.tmp", dir, id);
    struct buf b;
    buf_init(&b);
    enum vc_status st = seal_encrypt(key, data, len, &b);
    if (st != VC_OK) {
        buf_fini(&b);
        return st;
    }
    int fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    bool ok = fd >= 0 && write(fd, b.data, b.len) == (ssize_t)b.len && fsync(fd) == 0;
    if (fd >= 0)
        ok = close(fd) == 0 && ok;
    buf_fini(&b);
    if (!ok || rename(tmp, path) != 0) {
        unlink(tmp);
        return VC_ERR_IO;
    }
    str_copy(out_id, id, HASH_HEX);
    return VC_OK;
}

enum vc_status blobs_get(const char *data_dir, const uint8_t key[32], const char *id,
                         struct buf *out)
{
    if (!id_ok(id))
        return VC_ERR_NOT_FOUND;
    char path[700];
    snprintf(path, sizeof path, "%s/documents/%s", data_dir, id);
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return errno == ENOENT ? VC_ERR_NOT_FOUND : VC_ERR_IO;
    struct stat sb;
    if (fstat(fd, &sb) != 0 || sb.st_size > BLOB_MAX) {
        close(fd);
        return VC_ERR_IO;
    }
    struct buf enc;
    buf_init(&enc);
    char chunk[65536];
    ssize_t n;
    while ((n = read(fd, chunk, sizeof chunk)) > 0)
        buf_append(&enc, chunk, (size_t)n);
    close(fd);
    enum vc_status st = n < 0 ? VC_ERR_IO : seal_decrypt(key, enc.data, enc.len, out);
    buf_fini(&enc);
    return st;
}

void blobs_remove(const char *data_dir, const char *id)
{
    if (!id_ok(id))
        return;
    char path[700];
    snprintf(path, sizeof path, "%s/documents/%s", data_dir, id);
    unlink(path);
}
