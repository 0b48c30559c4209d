/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* Dev mode only: what the file channels delivered (mail, letters, SMS), so
 * that a newcomer can walk the journey without a mail server or a postman. */
#include <dirent.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util/str.h"
#include "app/app.h"
#include "web/handlers.h"
#include "app/page.h"

static const char *const KINDS[] = {"mail", "letters", "sms"};

struct entry {
    char name[128];
    time_t mtime;
};

static int newest_first(const void *a, const void *b)
{
    const struct entry *x = a, *y = b;
    return x->mtime < y->mtime ? 1 : x->mtime > y->mtime ? -1 : strcmp(x->name, y->name);
}

void web_dev_outbox(struct http_req *req, struct http_resp *resp)
{
    struct app *app = req->app;
    if (!app->cfg->dev) {
        page_error(req, resp, 404, 0);
        return;
    }
    json_t *c = page_context(req);
    for (size_t k = 0; k < 3; k++) {
        char dir[600];
        snprintf(dir, sizeof dir, "%s/outbox/%s", app->cfg->data_dir, KINDS[k]);
        struct entry *e = calloc(500, sizeof *e);
        size_t n = 0;
        DIR *d = opendir(dir);
        struct dirent *de;
        while (d != NULL && n < 500 && (de = readdir(d)) != NULL) {
            if (de->d_name[0] == '.' || strlen(de->d_name) >= sizeof e[n].name)
                continue;
            char path[1024];
            struct stat sb;
            snprintf(path, sizeof path, "%s/%s", dir, de->d_name);
            if (stat(path, &sb) != 0)
                continue;
            str_copy(e[n].name, de->d_name, sizeof e[n].name);
            e[n].mtime = sb.st_mtime;
            n++;
        }
        if (d != NULL)
            closedir(d);
        qsort(e, n, sizeof *e, newest_first);
        json_t *list = json_array();
        for (size_t i = 0; i < n; i++) {
            json_t *o = json_object();
            char when[32];
            page_format_time(e[i].mtime, when);
            json_object_set_new(
                o, "href",
                json_string(arena_printf(req->arena, "/dev/outbox/%s/%s", KINDS[k], e[i].name)));
            json_object_set_new(o, "name", json_string(e[i].name));
            json_object_set_new(o, "when", json_string(when));
            json_array_append_new(list, o);
        }
        free(e);
        json_object_set_new(c, KINDS[k], list);
    }
    page_render(req, resp, 200, "web/dev_outbox.html", c);
}

void web_dev_outbox_file(struct http_req *req, struct http_resp *resp)
{
    struct app *app = req->app;
    const char *rest = req->path_rest;
    const char *slash = strchr(rest, '/');
    size_t kind = 3;
    for (size_t k = 0; slash != NULL && k < 3; k++) {
        if ((size_t)(slash - rest) == strlen(KINDS[k]) &&
            strncmp(rest, KINDS[k], strlen(KINDS[k])) == 0)
            kind = k;
    }
    const char *name = slash ? slash + 1 : "";
    bool ok = app->cfg->dev && kind < 3 && name[0] != '\0' && name[0] != '.' &&
              strchr(name, '/') == NULL && strlen(name) < 128;
    const char *type = NULL;
    if (str_ends_with(name, ".pdf"))
        type = "application/pdf";
    else if (str_ends_with(name, ".eml") || str_ends_with(name, ".txt"))
        type = "text/plain; charset=utf-8";
    if (!ok || type == NULL) {
        page_error(req, resp, 404, 0);
        return;
    }
    char *path = arena_printf(req->arena, "%s/outbox/%s/%s", app->cfg->data_dir, KINDS[kind], name);
    int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
    struct stat sb;
    if (fd < 0 || fstat(fd, &sb) != 0 || !S_ISREG(sb.st_mode)) {
        if (fd >= 0)
            close(fd);
        page_error(req, resp, 404, 0);
        return;
    }
    resp->status = 200;
    resp->content_type = type;
    resp->fd = fd;
    resp->fd_size = (uint64_t)sb.st_size;
    http_resp_header(resp, req, "Content-Security-Policy",
                     "default-src 'none'; frame-ancestors 'self'");
    http_resp_header(resp, req, "X-Frame-Options", "SAMEORIGIN");
}
