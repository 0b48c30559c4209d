/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* `varco init [--demo]`: creates the data folder (0700) with its subfolders,
 * the secrets, the seal identity (app/seal.h) and the migrated database. --demo also imports the
 * fictional members of demo/members.csv and offices of demo/offices.csv, and creates a demo
 * operator whose login it prints. Safe to run again: nothing existing is overwritten. */
#include <errno.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cli/cli.h"
#include "crypto/password.h"
#include "core/form.h"
#include "core/operator.h"
#include "crypto/token.h"
#include "store/store.h"
#include "app/app.h"
#include "app/seal.h"
#include "oidc/keys.h"

#define DEMO_OPERATOR "operatore"
#define DEMO_DESK "sportello"
#define DEMO_DESK_OFFICE "CNA-RM-001" /* demo/offices.csv */

static bool make_dir(const char *base, const char *sub)
{
    char path[600];
    snprintf(path, sizeof path, "%s%s%s", base, sub[0] ? "/" : "", sub);
    if (mkdir(path, 0700) != 0 && errno != EEXIST) {
        fprintf(stderr, "varco: cannot create %s: %s\n", path, strerror(errno));
        return false;
    }
    return true;
}

/* The key and certificate that seal PDFs: made when the data folder has
 * none and [seal] names no files of the institution's; checked either way. */
static int seal_identity(const struct config *cfg)
{
    char err[1024], subject[256], until[32] = "?";
    bool created = false;
    struct seal_identity *id = NULL;
    time_t now = time(NULL);
    enum vc_status st = app_seal_ensure(cfg, now, &created, &id, err, sizeof err);
    if (st != VC_OK) {
        fprintf(stderr, "varco: seal identity: %s\n", err);
        return 1;
    }
    int64_t not_after;
    seal_identity_describe(id, subject, sizeof subject, &not_after);
    time_t t = (time_t)not_after;
    struct tm tm;
    if (gmtime_r(&t, &tm) != NULL)
        strftime(until, sizeof until, "%Y-%m-%d", &tm);
    struct app_seal_paths p;
    app_seal_paths(cfg, &p);
    printf("seal identity %s: %s, valid until %s (%s)\n", created ? "created" : "ready", subject,
           until, p.cert);
    seal_identity_free(id);
    return 0;
}

/* The OpenID Connect signing keys: made when there are none. */
static int signing_keys(struct cli_ctx *c)
{
    bool present = false;
    enum vc_status st = store_begin(c->store);
    if (st == VC_OK)
        st = oidc_keys_present(c->store, &present);
    char kid[64] = "";
    if (st == VC_OK && !present)
        st = oidc_keys_rotate(c->store, c->file_key, (int64_t)time(NULL), kid);
    if (st == VC_OK)
        st = store_commit(c->store);
    if (st != VC_OK) {
        store_rollback(c->store);
        fprintf(stderr, "varco: cannot make the signing keys (%s)\n", vc_status_name(st));
        return 1;
    }
    if (!present)
        printf("OpenID Connect signing keys created (ES256 kid %s, and RS256)\n", kid);
    return 0;
}

/* A demo operator with a fresh random password, printed once. */
static int demo_operator(struct cli_ctx *c, const char *username, const char *name,
                         enum operator_role role, const char *office)
{
    uint8_t rnd[64];
    char pw[17];
    app_random_bytes(NULL, rnd, sizeof rnd);
    token_code(rnd, sizeof rnd, 16, pw);
    char hash[128];
    if (password_hash(pw, strlen(pw), hash) != VC_OK)
        return 1;
    struct vc_env env;
    cli_env(c, &env);
    struct form_errors fe;
    form_errors_init(&fe);
    int64_t id = 0;
    if (store_begin(c->store) != VC_OK)
        return 1;
    enum vc_status st = operator_create(&env, username, name, hash, role, office, &fe, &id);
    if (st == VC_OK && store_commit(c->store) == VC_OK) {
        printf("demo operator (%s%s%s): username '%s', password '%s'\n"
               "  log in at %s/backoffice/accedi, enrol an authenticator app (TOTP) and choose\n"
               "  a password of your own\n",
               operator_role_name(role), office[0] ? ", office " : "", office, username, pw,
               c->core.base_url);
        return 0;
    }
    store_rollback(c->store);
    if (st == VC_ERR_CONFLICT) {
        printf("demo operator '%s' exists already (password unchanged)\n", username);
        return 0;
    }
    fprintf(stderr, "varco: cannot create the demo operator (%s)\n", vc_status_name(st));
    return 1;
}

int cli_init(int argc, char **argv)
{
    if (cli_wants_help(argc, argv)) {
        printf("usage: varco init [--demo]\n\n"
               "Creates the data folder (VARCO_DATA_DIR, default var/), its secrets, the\n"
               "key and self-signed certificate that seal PDFs (unless [seal] names the\n"
               "institution's) and the database. --demo imports demo/members.csv (fictional\n"
               "members of every category) and demo/offices.csv (fictional recognition offices\n"
               "of four networks), and creates a demo operator, printing its password.\n");
        return 0;
    }
    bool demo = argc > 1 && strcmp(argv[1], "--demo") == 0;
    if (argc > 1 && !demo) {
        fprintf(stderr, "usage: varco init [--demo]\n");
        return 2;
    }
    struct config cfg;
    if (!cli_load_config(&cfg))
        return 1;
    const char *subs[] = {"", "outbox", "outbox/mail", "outbox/letters", "outbox/sms", "documents"};
    for (size_t i = 0; i < sizeof subs / sizeof subs[0]; i++) {
        if (!make_dir(cfg.data_dir, subs[i]))
            return 1;
    }
    struct cli_ctx c;
    if (!cli_ctx_open(&c, true))
        return 1;
    printf("data folder %s ready (database %s/varco.db, profile %s)\n", cfg.data_dir, cfg.data_dir,
           cfg.profile);
    int rc = seal_identity(&c.cfg);
    if (rc == 0)
        rc = signing_keys(&c);
    if (rc == 0 && demo) {
        char path[600];
        snprintf(path, sizeof path, "%s/demo/members.csv", cfg.assets_dir);
        long imported = 0;
        long bad = cli_import_members(&c, path, stderr, &imported);
        if (bad == 0) {
            printf("demo members: %ld imported from %s\n", imported, path);
            snprintf(path, sizeof path, "%s/demo/offices.csv", cfg.assets_dir);
            bad = cli_import_offices(&c, path, stderr, &imported);
        }
        if (bad != 0) {
            rc = 1;
        } else {
            printf("demo offices: %ld imported from %s\n", imported, path);
            rc = demo_operator(&c, DEMO_OPERATOR, "Operatore demo", OPERATOR_ADMIN, "");
            if (rc == 0)
                rc = demo_operator(&c, DEMO_DESK, "Sportello demo (CNA Roma Centro)", OPERATOR_DESK,
                                   DEMO_DESK_OFFICE);
        }
    }
    cli_ctx_close(&c);
    return rc;
}
