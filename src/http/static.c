/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* Static assets under /static/: bootstrap-italia's build and our own css/js.
 * Only plain names (no "..", no dot-files), only regular files, never
 * through a symbolic link.
 *
 * Files up to STATIC_FILE_MAX are kept in memory as ready responses, body
 * and headers together, which libmicrohttpd queues as they are (it counts
 * the connections using one) and sends in one system call. A cached file is
 * compared with the disk (device, inode, size, modification time) at most
 * once every STATIC_RECHECK_MS: a deployment that replaces a file is served
 * within that time, and a busy asset costs no open, fstat, close and
 * sendfile per request. Larger files, or more than STATIC_CACHE_MAX bytes in
 * all, are sent from the file each time. Files that do not exist are not
 * remembered, so that requests for random names cannot fill the cache. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "http/internal.h"
#include "util/log.h"
#include "util/str.h"
#include "util/xalloc.h"

static const struct {
    const char *ext;
    const char *type;
} TYPES[] = {
    {".css", "text/css; charset=utf-8"},
    {".js", "text/javascript; charset=utf-8"},
    {".svg", "image/svg+xml"},
    {".png", "image/png"},
    {".woff2", "font/woff2"},
    {".woff", "font/woff"},
    {".ttf", "font/ttf"},
    {".ico", "image/x-icon"},
    {".map", "application/json"},
    {".txt", "text/plain; charset=utf-8"},
};

static bool safe(const char *rest)
{
    if (rest[0] == '\0' || strlen(rest) > 512)
        return false;
    for (const char *p = rest; *p; p++) {
        unsigned char c = (unsigned char)*p;
        if (c < 0x21 || c > 0x7e || c == '\\')
            return false;
        if ((p == rest || p[-1] == '/') && c == '.')
            return false; /* "..", ".hidden" */
    }
    return true;
}

/* ---- the cache ---- */

void static_cache_init(struct static_cache *c, const char *dir, bool hsts)
{
    memset(c, 0, sizeof *c);
    pthread_mutex_init(&c->lock, NULL);
    c->dir = dir;
    c->hsts = hsts;
}

void static_file_release(struct static_file *f)
{
    if (f == NULL || atomic_fetch_sub(&f->refs, 1) != 1)
        return;
    /* the body goes with the response, when its last connection is done */
    MHD_destroy_response(f->resp);
    free(f);
}

void static_cache_fini(struct static_cache *c)
{
    for (size_t i = 0; i < STATIC_SLOTS; i++) {
        static_file_release(c->slots[i].file);
        free(c->slots[i].rest);
    }
    pthread_mutex_destroy(&c->lock);
}

/* The slot of rest, or the empty slot where it would go; NULL when full. */
static struct static_slot *slot_of(struct static_cache *c, const char *rest)
{
    size_t i = (size_t)str_hash(rest, strlen(rest)) % STATIC_SLOTS;
    for (size_t k = 0; k < STATIC_SLOTS; k++, i = (i + 1) % STATIC_SLOTS) {
        struct static_slot *s = &c->slots[i];
        if (s->rest == NULL || strcmp(s->rest, rest) == 0)
            return s;
    }
    return NULL;
}

static bool same_file(const struct static_file *f, const struct stat *sb)
{
    return f->dev == sb->st_dev && f->ino == sb->st_ino && f->size == sb->st_size &&
           f->mtime.tv_sec == sb->st_mtim.tv_sec && f->mtime.tv_nsec == sb->st_mtim.tv_nsec;
}

/* Reads path into a new static_file with its response; VC_ERR_LIMIT when it
 * is too large to keep, VC_ERR_NOT_FOUND when it is not a regular file. */
static enum vc_status load(const char *path, const char *type, bool hsts, struct static_file **out)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
    if (fd < 0)
        return errno == ENOENT || errno == ELOOP || errno == ENOTDIR ? VC_ERR_NOT_FOUND : VC_ERR_IO;
    struct stat sb;
    enum vc_status st = VC_OK;
    char *data = NULL;
    if (fstat(fd, &sb) != 0 || !S_ISREG(sb.st_mode))
        st = VC_ERR_NOT_FOUND;
    else if (sb.st_size > STATIC_FILE_MAX)
        st = VC_ERR_LIMIT;
    size_t len = st == VC_OK ? (size_t)sb.st_size : 0, got = 0;
    if (st == VC_OK) {
        data = xmalloc(len + 1);
        while (got < len) {
            ssize_t n = read(fd, data + got, len - got);
            if (n <= 0)
                break;
            got += (size_t)n;
        }
        if (got != len) /* changed under us: the next check reads it again */
            st = VC_ERR_IO;
    }
    close(fd);
    if (st != VC_OK) {
        free(data);
        return st;
    }
    struct MHD_Response *r = MHD_create_response_from_buffer_with_free_callback(len, data, free);
    if (r == NULL) {
        free(data);
        return VC_ERR_NOMEM;
    }
    struct http_resp headers = {.status = 200, .content_type = type, .cacheable = true};
    http_add_headers(r, &headers, hsts);
    struct static_file *f = xcalloc(1, sizeof *f);
    atomic_init(&f->refs, 1);
    f->resp = r;
    f->data = data;
    f->len = len;
    f->dev = sb.st_dev;
    f->ino = sb.st_ino;
    f->size = sb.st_size;
    f->mtime = sb.st_mtim;
    *out = f;
    return VC_OK;
}

/* Puts f (may be NULL: forget) in rest's slot; false when the cache is full. */
static bool store(struct static_cache *c, const char *rest, struct static_file *f)
{
    struct static_slot *s = slot_of(c, rest);
    size_t old = s != NULL && s->file != NULL ? s->file->len : 0;
    if (f != NULL && (s == NULL || (s->rest == NULL && c->n + 1 > STATIC_SLOTS / 2) ||
                      c->bytes - old + f->len > STATIC_CACHE_MAX))
        return false;
    if (s == NULL || (s->rest == NULL && f == NULL))
        return true;
    if (s->rest == NULL) {
        s->rest = xstrdup(rest);
        c->n++;
    }
    static_file_release(s->file);
    c->bytes = c->bytes - old + (f != NULL ? f->len : 0);
    s->file = f;
    return true;
}

enum vc_status static_cache_get(struct static_cache *c, const char *rest, const char *type,
                                int64_t now_ms, struct static_file **out)
{
    pthread_mutex_lock(&c->lock);
    struct static_slot *s = slot_of(c, rest);
    struct static_file *f = s != NULL ? s->file : NULL;
    if (f != NULL) {
        atomic_fetch_add(&f->refs, 1);
        if (now_ms - s->checked_ms < STATIC_RECHECK_MS) {
            pthread_mutex_unlock(&c->lock);
            *out = f;
            return VC_OK;
        }
        s->checked_ms = now_ms; /* the others keep sending f while this one checks */
    }
    pthread_mutex_unlock(&c->lock);

    char path[1100];
    snprintf(path, sizeof path, "%s/%s", c->dir, rest);
    struct stat sb;
    if (f != NULL && fstatat(AT_FDCWD, path, &sb, AT_SYMLINK_NOFOLLOW) == 0 &&
        S_ISREG(sb.st_mode) && same_file(f, &sb)) {
        *out = f;
        return VC_OK;
    }
    static_file_release(f);
    struct static_file *fresh = NULL;
    enum vc_status st = load(path, type, c->hsts, &fresh);
    pthread_mutex_lock(&c->lock);
    if (st == VC_OK) {
        atomic_fetch_add(&fresh->refs, 1); /* the cache's and the caller's */
        if (store(c, rest, fresh)) {
            slot_of(c, rest)->checked_ms = now_ms;
        } else { /* full: the caller's only, and no stale copy stays behind */
            atomic_fetch_sub(&fresh->refs, 1);
            store(c, rest, NULL);
        }
    } else {
        store(c, rest, NULL); /* gone, too large or unreadable: forget it */
    }
    pthread_mutex_unlock(&c->lock);
    if (st == VC_OK)
        *out = fresh;
    return st;
}

/* ---- serving ---- */

static int64_t now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* A file too large for the cache: from the disk, by sendfile. */
static bool from_disk(struct http_server *srv, struct http_req *req, struct http_resp *resp,
                      const char *type)
{
    char *path = arena_printf(req->arena, "%s/%s", srv->cfg.static_dir, req->path_rest);
    int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
    struct stat sb;
    if (fd < 0 || fstat(fd, &sb) != 0 || !S_ISREG(sb.st_mode)) {
        if (fd >= 0)
            close(fd);
        return false;
    }
    resp->status = 200;
    resp->content_type = type;
    resp->fd = fd;
    resp->fd_size = (uint64_t)sb.st_size;
    resp->cacheable = true;
    return true;
}

struct static_file *http_static(struct http_server *srv, struct http_req *req,
                                struct http_resp *resp)
{
    const char *type = NULL;
    for (size_t i = 0; i < sizeof TYPES / sizeof TYPES[0]; i++) {
        if (str_ends_with(req->path_rest, TYPES[i].ext))
            type = TYPES[i].type;
    }
    struct static_file *f = NULL;
    enum vc_status st = VC_ERR_NOT_FOUND;
    if (srv->cfg.static_dir != NULL && type != NULL && safe(req->path_rest))
        st = static_cache_get(&srv->statics, req->path_rest, type, now_ms(), &f);
    if (st == VC_OK)
        return f;
    if (st == VC_ERR_LIMIT && from_disk(srv, req, resp, type))
        return NULL;
    if (st != VC_ERR_NOT_FOUND && st != VC_ERR_LIMIT)
        log_warn("http: static file %s: %s", req->path_rest, vc_status_name(st));
    http_request_parse_head(req); /* the error page speaks the person's language */
    srv->cfg.hooks.error(req, resp, 404, 0);
    return NULL;
}
