/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* The sealing identity's files (app/seal.h): paths from [seal] or the data
 * folder, and the first identity written by `varco init` the way secrets.bin
 * is (a temporary file, 0600, fsync, then a hard link that fails rather than
 * replace a file someone else made meanwhile). The key's PEM is wiped from
 * memory once written. */
#include "app/seal.h"

#include <errno.h>
#include <fcntl.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util/buf.h"

void app_seal_paths(const struct config *cfg, struct app_seal_paths *out)
{
    out->own = cfg->seal_key_file[0] != '\0' || cfg->seal_cert_file[0] != '\0';
    if (cfg->seal_key_file[0] != '\0')
        snprintf(out->key, sizeof out->key, "%s", cfg->seal_key_file);
    else
        snprintf(out->key, sizeof out->key, "%s/" APP_SEAL_KEY_FILE, cfg->data_dir);
    if (cfg->seal_cert_file[0] != '\0')
        snprintf(out->cert, sizeof out->cert, "%s", cfg->seal_cert_file);
    else
        snprintf(out->cert, sizeof out->cert, "%s/" APP_SEAL_CERT_FILE, cfg->data_dir);
    snprintf(out->chain, sizeof out->chain, "%s", cfg->seal_chain_file);
}

enum vc_status app_seal_load(const struct config *cfg, int64_t now, struct seal_identity **out,
                             char *err, size_t err_len)
{
    struct app_seal_paths p;
    app_seal_paths(cfg, &p);
    if (p.own && (cfg->seal_key_file[0] == '\0' || cfg->seal_cert_file[0] == '\0')) {
        snprintf(err, err_len, "[seal] key_file and cert_file go together: set both, or neither");
        return VC_ERR_INVALID;
    }
    char why[900];
    enum vc_status st = seal_identity_load(p.key, p.cert, p.chain, now, out, why, sizeof why);
    if (st == VC_ERR_NOT_FOUND && !p.own)
        snprintf(err, err_len, "%s: run 'varco init' first", why);
    else if (st != VC_OK)
        snprintf(err, err_len, "%s", why);
    return st;
}

/* A new file at path with data, mode 0600; VC_ERR_CONFLICT if one is there. */
static enum vc_status write_new(const char *path, const char *data, size_t len)
{
    char tmp[620];
    snprintf(tmp, sizeof tmp, "%s.tmp", path);
    unlink(tmp); /* a leftover of an init that crashed */
    int fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd < 0)
        return VC_ERR_IO;
    bool ok = write(fd, data, len) == (ssize_t)len && fsync(fd) == 0;
    ok = close(fd) == 0 && ok;
    enum vc_status st = VC_OK;
    if (!ok)
        st = VC_ERR_IO;
    else if (link(tmp, path) != 0)
        st = errno == EEXIST ? VC_ERR_CONFLICT : VC_ERR_IO;
    unlink(tmp);
    return st;
}

static bool exists(const char *path)
{
    struct stat sb;
    return stat(path, &sb) == 0;
}

enum vc_status app_seal_ensure(const struct config *cfg, int64_t now, bool *out_created,
                               struct seal_identity **out, char *err, size_t err_len)
{
    struct app_seal_paths p;
    app_seal_paths(cfg, &p);
    *out_created = false;
    bool has_key = exists(p.key), has_cert = exists(p.cert);
    if (!p.own && has_key != has_cert) {
        snprintf(err, err_len,
                 "%s is there without %s: put it back, or remove both to make a new "
                 "seal identity",
                 has_key ? p.key : p.cert, has_key ? p.cert : p.key);
        return VC_ERR_INVALID;
    }
    if (!p.own && !has_key) {
        struct buf key, cert;
        buf_init(&key);
        buf_init(&cert);
        char why[256];
        enum vc_status st =
            seal_identity_generate(cfg->institution, now, &key, &cert, why, sizeof why);
        if (st != VC_OK)
            snprintf(err, err_len, "cannot make the seal identity for [mail] institution: %s", why);
        if (st == VC_OK && (st = write_new(p.key, key.data, key.len)) != VC_OK)
            snprintf(err, err_len, "cannot write %s (%s)", p.key, vc_status_name(st));
        if (st == VC_OK && (st = write_new(p.cert, cert.data, cert.len)) != VC_OK)
            snprintf(err, err_len, "cannot write %s (%s)", p.cert, vc_status_name(st));
        if (key.data != NULL)
            sodium_memzero(key.data, key.len);
        buf_fini(&key);
        buf_fini(&cert);
        if (st != VC_OK)
            return st;
        *out_created = true;
    }
    return app_seal_load(cfg, now, out, err, err_len);
}
