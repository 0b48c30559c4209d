/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* What the subcommands share: where the configuration comes from, opening
 * the store with the secrets, and an env with the real clock and randomness. */
#include <fcntl.h>
#include <sys/mman.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli/cli.h"
#include "crypto/password.h"
#include "store/store.h"
#include "util/log.h"
#include "app/app.h"
#include "render/i18n.h"
#include "util/str.h"

static const char *config_path;

void cli_set_config_path(const char *path)
{
    config_path = path;
}

bool cli_wants_help(int argc, char **argv)
{
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0)
            return true;
    }
    return false;
}

bool cli_load_config(struct config *cfg)
{
    /* Everything varco writes (the database with its queued messages, the
     * dev channels' links and codes in clear, documents, secrets) is for
     * varco's own user only, whatever the caller's umask. */
    umask(077);
    const char *path = config_path;
    bool must_exist = path != NULL;
    if (path == NULL && (path = getenv("VARCO_CONFIG")) != NULL && *path)
        must_exist = true;
    if (path == NULL || *path == '\0')
        path = "varco.ini";
    char err[512] = "";
    if (config_load(path, must_exist, cfg, err, sizeof err) != VC_OK) {
        fprintf(stderr, "varco: configuration: %s\n", err);
        return false;
    }
    return true;
}

const char *cli_lang(void)
{
    const char *names[] = {"LC_ALL", "LC_MESSAGES", "LANG"};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        const char *v = getenv(names[i]);
        if (v != NULL && v[0] != '\0') /* the first one set decides, as in POSIX */
            return strncmp(v, "it", 2) == 0 ? "it" : "en";
    }
    return "en";
}

/* Password hashing cost: interactive in production; VARCO_PASSWORD_COST=test
 * makes end-to-end tests fast (still argon2id, minimum parameters). */
enum password_cost cli_password_cost(void)
{
    const char *c = getenv("VARCO_PASSWORD_COST");
    if (c != NULL && strcmp(c, "test") == 0)
        return PASSWORD_COST_TEST;
    if (c != NULL && strcmp(c, "moderate") == 0)
        return PASSWORD_COST_MODERATE;
    return PASSWORD_COST_INTERACTIVE;
}

bool cli_ctx_open(struct cli_ctx *c, bool create_secrets)
{
    memset(c, 0, sizeof *c);
    if (!cli_load_config(&c->cfg))
        return false;
    if (password_init(cli_password_cost()) != VC_OK) {
        fprintf(stderr, "varco: cannot initialise libsodium\n");
        return false;
    }
    if (create_secrets && mkdir(c->cfg.data_dir, 0700) != 0 && access(c->cfg.data_dir, W_OK) != 0) {
        fprintf(stderr, "varco: cannot create data folder %s\n", c->cfg.data_dir);
        return false;
    }
    struct app_secrets sec;
    enum vc_status st = app_secrets_load(c->cfg.data_dir, create_secrets, &sec);
    if (st != VC_OK) {
        fprintf(stderr, "varco: no secrets in %s (%s): run 'varco init' first\n", c->cfg.data_dir,
                vc_status_name(st));
        return false;
    }
    memcpy(c->file_key, sec.file_key, sizeof c->file_key);
    if (core_config_init(&c->core, &c->cfg, sec.pepper, sec.file_key) != VC_OK) {
        fprintf(stderr, "varco: unknown profile '%s'\n", c->cfg.profile);
        return false;
    }
    char url[600];
    snprintf(url, sizeof url, "sqlite:%s/varco.db", c->cfg.data_dir);
    if (store_open(url, &c->store) != VC_OK || store_migrate(c->store) != VC_OK) {
        fprintf(stderr, "varco: cannot open the database %s/varco.db\n", c->cfg.data_dir);
        store_close(c->store);
        c->store = NULL;
        return false;
    }
    return true;
}

void cli_ctx_close(struct cli_ctx *c)
{
    store_close(c->store);
    c->store = NULL;
}

void cli_env(struct cli_ctx *c, struct vc_env *out)
{
    memset(out, 0, sizeof *out);
    out->now = app_clock_now;
    out->random_bytes = app_random_bytes;
    out->store = c->store;
    out->cfg = &c->core;
    out->ip = "";
    out->request_id = "cli";
}

bool cli_map_file(const char *path, FILE *err, const char **out_data, size_t *out_len)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    struct stat sb;
    if (fd < 0 || fstat(fd, &sb) != 0 || !S_ISREG(sb.st_mode) || sb.st_size == 0) {
        fprintf(err, "varco: cannot read %s (missing, empty or not a file)\n", path);
        if (fd >= 0)
            close(fd);
        return false;
    }
    void *data = mmap(NULL, (size_t)sb.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
    close(fd);
    if (data == MAP_FAILED) {
        fprintf(err, "varco: cannot map %s\n", path);
        return false;
    }
    *out_data = data;
    *out_len = (size_t)sb.st_size;
    return true;
}

void cli_unmap_file(const char *data, size_t len)
{
    munmap((void *)data, len);
}

void cli_report_open(struct cli_report *r, const struct config *cfg, FILE *err)
{
    *r = (struct cli_report){.err = err, .lang = cli_lang()};
    char po[CONFIG_STR_MAX + 8], why[256];
    snprintf(po, sizeof po, "%s/po", cfg->assets_dir);
    if (i18n_load(po, &r->t, why, sizeof why) != VC_OK)
        r->t = NULL; /* the refusals are still listed, by key */
}

void cli_report_close(struct cli_report *r)
{
    i18n_free(r->t);
    r->t = NULL;
}

const char *cli_report_say(const struct cli_report *r, const char *key)
{
    return r->t != NULL ? i18n_get(r->t, r->lang, key) : key;
}

void cli_report_line(const struct cli_report *r, long line)
{
    fprintf(r->err, "%s %ld: ", cli_report_say(r, "import.line"), line);
}

void cli_report_value(const struct cli_report *r, const char *v, size_t len)
{
    enum { SHOWN_MAX = 40 };
    if (len == 0 || !str_is_clean_utf8(v, len))
        return;
    size_t n = len;
    if (n > SHOWN_MAX) {
        n = SHOWN_MAX;
        while (n > 0 && ((unsigned char)v[n] & 0xC0) == 0x80) /* inside a character */
            n--;
    }
    fprintf(r->err, " \"%.*s%s\"", (int)n, v, n < len ? "..." : "");
}

double cli_seconds_since(const struct timespec *t0)
{
    struct timespec t1;
    clock_gettime(CLOCK_MONOTONIC, &t1);
    return (double)(t1.tv_sec - t0->tv_sec) + (double)(t1.tv_nsec - t0->tv_nsec) / 1e9;
}

int cli_run_import(const char *path, const char *what, cli_import_fn import)
{
    struct cli_ctx c;
    if (!cli_ctx_open(&c, false))
        return 1;
    struct timespec t0;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    long imported = 0;
    long bad = import(&c, path, stderr, &imported);
    cli_ctx_close(&c);
    if (bad < 0)
        return 1;
    printf("%ld %s imported, %ld rows with errors (%.1f s)\n", imported, what, bad,
           cli_seconds_since(&t0));
    return bad > 0 ? 1 : 0;
}
