/* SPDX-License-Identifier: AGPL-3.0-or-later */
#include <errno.h>
#include <stdbool.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "notify/channel.h"

static bool write_all(int fd, const char *p, size_t len)
{
    while (len > 0) {
        ssize_t n = write(fd, p, len);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return false;
        p += n;
        len -= (size_t)n;
    }
    return true;
}

enum vc_status channel_file_deliver(const char *data_dir, const char *kind, const char *key,
                                    const char *ext, const void *data, size_t len, char *err,
                                    size_t err_len)
{
    char dir[1024], path[1200], tmp[1200];
    snprintf(dir, sizeof dir, "%s/outbox", data_dir);
    mkdir(dir, 0700);
    snprintf(dir, sizeof dir, "%s/outbox/%s", data_dir, kind);
    if (mkdir(dir, 0700) != 0 && errno == EEXIST)
        chmod(dir, 0700); /* made by an older version or by hand: links and codes inside */
    snprintf(path, sizeof path, "%s/%s.%s", dir, key, ext);
    if (access(path, F_OK) == 0)
        return VC_OK; /* delivered before a crash: never twice */
    snprintf(tmp, sizeof tmp, "%s/.%s.tmp", dir, key);
    int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (fd < 0) {
        snprintf(err, err_len, "cannot write %s: %s", dir, strerror(errno));
        return VC_ERR_IO;
    }
    bool ok = write_all(fd, data, len) && fsync(fd) == 0;
    ok = close(fd) == 0 && ok;
    if (!ok || rename(tmp, path) != 0) {
        snprintf(err, err_len, "cannot write %s: %s", path, strerror(errno));
        unlink(tmp);
        return VC_ERR_IO;
    }
    int dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dfd >= 0) {
        fsync(dfd);
        close(dfd);
    }
    return VC_OK;
}
