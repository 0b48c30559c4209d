/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* The cache of static files (src/http/static.c): what it serves is what is
 * on disk, once the recheck interval has passed; a replaced, changed or
 * removed file is noticed; a reference held by a request in flight stays
 * valid when the file is replaced. The clock is the test's. */
#include <criterion/criterion.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "http/internal.h"

static char dir[64];
static struct static_cache cache;
#define CSS "text/css; charset=utf-8"

static void write_file(const char *name, const char *text)
{
    char path[128];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "w");
    cr_assert_not_null(f);
    fputs(text, f);
    fclose(f);
}

/* Sets the file's modification time (seconds), as a deployment would. */
static void touch_at(const char *name, time_t when)
{
    char path[128];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    struct timespec t[2] = {{when, 0}, {when, 0}};
    cr_assert_eq(utimensat(AT_FDCWD, path, t, 0), 0);
}

/* The body served for name at now_ms, as a string ("" when not found). */
static char *body(const char *name, int64_t now_ms, enum vc_status *st)
{
    struct static_file *f = NULL;
    *st = static_cache_get(&cache, name, CSS, now_ms, &f);
    if (*st != VC_OK)
        return strdup("");
    char *s = strndup(f->data, f->len);
    static_file_release(f);
    return s;
}

static void setup(void)
{
    snprintf(dir, sizeof dir, "/tmp/varco-static-XXXXXX");
    cr_assert_not_null(mkdtemp(dir));
    static_cache_init(&cache, dir, false);
}

static void teardown(void)
{
    static_cache_fini(&cache);
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    cr_assert_eq(system(cmd), 0);
}

TestSuite(static_cache, .init = setup, .fini = teardown);

Test(static_cache, a_changed_file_is_served_once_the_recheck_interval_is_over)
{
    enum vc_status st;
    write_file("a.css", "one");
    touch_at("a.css", 1000);
    char *b = body("a.css", 0, &st);
    cr_assert_eq(st, VC_OK);
    cr_assert_str_eq(b, "one");
    free(b);
    /* replaced by a deployment: another size, another time */
    write_file("a.css", "second");
    touch_at("a.css", 2000);
    b = body("a.css", STATIC_RECHECK_MS - 1, &st);
    cr_assert_str_eq(b, "one", "within the interval the cached copy is served");
    free(b);
    b = body("a.css", STATIC_RECHECK_MS, &st);
    cr_assert_str_eq(b, "second");
    free(b);
    /* same size, new content, new time: noticed too */
    write_file("a.css", "SECOND");
    touch_at("a.css", 3000);
    b = body("a.css", 3 * STATIC_RECHECK_MS, &st);
    cr_assert_str_eq(b, "SECOND");
    free(b);
    /* unchanged: the same copy, nothing read again */
    struct static_file *f1 = NULL, *f2 = NULL;
    cr_assert_eq(static_cache_get(&cache, "a.css", CSS, 5 * STATIC_RECHECK_MS, &f1), VC_OK);
    cr_assert_eq(static_cache_get(&cache, "a.css", CSS, 7 * STATIC_RECHECK_MS, &f2), VC_OK);
    cr_assert_eq(f1, f2);
    static_file_release(f1);
    static_file_release(f2);
}

Test(static_cache, a_removed_file_is_not_found_and_a_symlink_is_refused)
{
    enum vc_status st;
    write_file("b.js", "x");
    char *b = body("b.js", 0, &st);
    cr_assert_eq(st, VC_OK);
    free(b);
    char path[128], target[128];
    snprintf(path, sizeof path, "%s/b.js", dir);
    cr_assert_eq(unlink(path), 0);
    b = body("b.js", STATIC_RECHECK_MS, &st);
    cr_assert_eq(st, VC_ERR_NOT_FOUND);
    free(b);
    write_file("secret.txt", "secret");
    snprintf(target, sizeof target, "%s/secret.txt", dir);
    cr_assert_eq(symlink(target, path), 0);
    b = body("b.js", 2 * STATIC_RECHECK_MS, &st);
    cr_assert_eq(st, VC_ERR_NOT_FOUND, "never through a link");
    free(b);
    b = body("missing.css", 0, &st);
    cr_assert_eq(st, VC_ERR_NOT_FOUND);
    free(b);
}

Test(static_cache, a_request_in_flight_keeps_its_copy_when_the_file_is_replaced)
{
    write_file("c.css", "old");
    touch_at("c.css", 1000);
    struct static_file *held = NULL, *now = NULL;
    cr_assert_eq(static_cache_get(&cache, "c.css", CSS, 0, &held), VC_OK);
    write_file("c.css", "newer");
    touch_at("c.css", 2000);
    cr_assert_eq(static_cache_get(&cache, "c.css", CSS, STATIC_RECHECK_MS, &now), VC_OK);
    cr_assert_neq(held, now);
    cr_assert_eq(held->len, 3);
    cr_assert_eq(memcmp(held->data, "old", 3), 0, "still readable after the replacement");
    static_file_release(held);
    cr_assert_eq(memcmp(now->data, "newer", 5), 0);
    static_file_release(now);
}

Test(static_cache, a_file_too_large_is_left_on_disk)
{
    char path[128];
    snprintf(path, sizeof path, "%s/big.css", dir);
    int fd = open(path, O_WRONLY | O_CREAT, 0644);
    cr_assert_geq(fd, 0);
    cr_assert_eq(ftruncate(fd, STATIC_FILE_MAX + 1), 0);
    close(fd);
    struct static_file *f = NULL;
    cr_assert_eq(static_cache_get(&cache, "big.css", CSS, 0, &f), VC_ERR_LIMIT);
    cr_assert_eq(cache.bytes, 0);
}
