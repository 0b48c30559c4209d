/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* util/file.c: whole small files, bounded. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util/file.h"

Test(file, read_all_bounded)
{
    char path[] = "/tmp/varco-file-XXXXXX";
    int fd = mkstemp(path);
    cr_assert_geq(fd, 0);
    char data[100 * 1024];
    for (size_t i = 0; i < sizeof data; i++)
        data[i] = (char)('a' + i % 26);
    data[5] = '\0'; /* a NUL inside is kept: the caller's parser decides */
    cr_assert_eq(write(fd, data, sizeof data), (ssize_t)sizeof data);
    close(fd);

    char *buf = NULL;
    size_t len = 0;
    cr_assert_eq(file_read_all(path, sizeof data, &buf, &len), VC_OK);
    cr_assert_eq(len, sizeof data);
    cr_assert_eq(memcmp(buf, data, len), 0);
    cr_assert_eq(buf[len], '\0');
    free(buf);

    buf = NULL;
    cr_assert_eq(file_read_all(path, sizeof data - 1, &buf, &len), VC_ERR_LIMIT);
    cr_assert_null(buf);
    cr_assert_eq(file_read_all(path, 10, &buf, &len), VC_ERR_LIMIT);
    unlink(path);
    cr_assert_eq(file_read_all(path, 10, &buf, &len), VC_ERR_NOT_FOUND);
    cr_assert_eq(file_read_all("/", 10, &buf, &len), VC_ERR_IO);
}
