/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* `varco operator add USERNAME [--name NAME] [--admin] [--password-stdin]`:
 * creates a back-office operator. Without --password-stdin a random password
 * is generated and printed once. The second factor (TOTP) is enrolled by the
 * operator at first login. */
#include <sodium.h>
#include <string.h>

#include "cli/cli.h"
#include "core/form.h"
#include "core/operator.h"
#include "crypto/token.h"
#include "store/store.h"
#include "web/app.h"

static void usage(FILE *f)
{
    fprintf(f, "usage: varco operator add USERNAME [--name NAME] [--admin] [--password-stdin]\n\n"
               "USERNAME: 3-64 of a-z 0-9 . _ -; password: at least 12 characters, read from\n"
               "standard input with --password-stdin, else generated and printed once.\n");
}

static bool read_password(char *pw, size_t size)
{
    if (fgets(pw, (int)size, stdin) == NULL)
        return false;
    pw[strcspn(pw, "\r\n")] = '\0';
    return true;
}

int cli_operator(int argc, char **argv)
{
    if (cli_wants_help(argc, argv)) {
        usage(stdout);
        return 0;
    }
    if (argc < 3 || strcmp(argv[1], "add") != 0) {
        usage(stderr);
        return 2;
    }
    const char *username = argv[2], *name = argv[2];
    bool admin = false, from_stdin = false;
    for (int i = 3; i < argc; i++) {
        if (strcmp(argv[i], "--name") == 0 && i + 1 < argc)
            name = argv[++i];
        else if (strcmp(argv[i], "--admin") == 0)
            admin = true;
        else if (strcmp(argv[i], "--password-stdin") == 0)
            from_stdin = true;
        else {
            usage(stderr);
            return 2;
        }
    }
    char pw[256];
    if (from_stdin) {
        if (!read_password(pw, sizeof pw)) {
            fprintf(stderr, "varco: no password on standard input\n");
            return 2;
        }
    } else {
        uint8_t rnd[64];
        app_random_bytes(NULL, rnd, sizeof rnd);
        token_code(rnd, sizeof rnd, 16, pw);
    }
    struct cli_ctx c;
    if (!cli_ctx_open(&c, false))
        return 1;
    struct vc_env env;
    cli_env(&c, &env);
    struct form_errors fe;
    form_errors_init(&fe);
    int64_t id = 0;
    int rc = 1;
    enum vc_status st = store_begin(c.store);
    if (st == VC_OK)
        st = operator_create(&env, username, name, pw, admin, &fe, &id);
    if (st == VC_OK && (st = store_commit(c.store)) == VC_OK) {
        printf("operator '%s' created (id %lld)\n", username, (long long)id);
        if (!from_stdin)
            printf("password: %s\n", pw);
        rc = 0;
    } else {
        store_rollback(c.store);
        if (st == VC_ERR_CONFLICT)
            fprintf(stderr, "varco: operator '%s' exists already\n", username);
        else if (st == VC_ERR_INVALID)
            for (size_t i = 0; i < fe.n; i++)
                fprintf(stderr, "varco: %s: %s\n", fe.e[i].field, fe.e[i].msg);
        else
            fprintf(stderr, "varco: cannot create the operator (%s)\n", vc_status_name(st));
    }
    sodium_memzero(pw, sizeof pw);
    cli_ctx_close(&c);
    return rc;
}
