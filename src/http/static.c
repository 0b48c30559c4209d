/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* Static assets under /static/: bootstrap-italia's build and our own css/js.
 * Only plain names (no "..", no dot-files), only regular files, served by fd. */
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "http/internal.h"
#include "util/str.h"

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

void http_static(struct http_server *srv, struct http_req *req, struct http_resp *resp)
{
    const char *type = NULL;
    for (size_t i = 0; i < sizeof TYPES / sizeof TYPES[0]; i++) {
        if (str_ends_with(req->path_rest, TYPES[i].ext))
            type = TYPES[i].type;
    }
    if (srv->cfg.static_dir == NULL || type == NULL || !safe(req->path_rest)) {
        srv->cfg.hooks.error(req, resp, 404, 0);
        return;
    }
    char *path = arena_printf(req->arena, "%s/%s", srv->cfg.static_dir, req->path_rest);
    int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
    struct stat sb;
    if (fd < 0 || fstat(fd, &sb) != 0 || !S_ISREG(sb.st_mode)) {
        if (fd >= 0)
            close(fd);
        srv->cfg.hooks.error(req, resp, 404, 0);
        return;
    }
    resp->status = 200;
    resp->content_type = type;
    resp->fd = fd;
    resp->fd_size = (uint64_t)sb.st_size;
    resp->cacheable = true;
}
