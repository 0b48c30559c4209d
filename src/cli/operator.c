/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* `varco operator add|passwd|disable|enable|reset-2fa USERNAME`: the
 * administrator's side of operators' credentials (core/operator.h). A
 * password given here -- generated and printed once, or read from standard
 * input -- is temporary: the operator replaces it at the next login. Every
 * change but `add` ends the operator's live sessions. Passwords are hashed
 * before the transaction opens, so the store is never held during a hash. */
#include <sodium.h>
#include <string.h>

#include "cli/cli.h"
#include "core/form.h"
#include "core/operator.h"
#include "crypto/password.h"
#include "crypto/token.h"
#include "store/store.h"
#include "app/app.h"

static void usage(FILE *f)
{
    fprintf(f, "usage: varco operator add USERNAME [--name NAME] [--role ROLE [--office CODE]]\n"
               "                             [--admin] [--password-stdin]\n"
               "       varco operator passwd USERNAME [--password-stdin]\n"
               "       varco operator disable|enable|reset-2fa USERNAME\n\n"
               "add        creates an operator; --role backoffice (the default: identification\n"
               "           cases), desk --office CODE (the desk of one office: the people who\n"
               "           chose it; CODE from `varco offices import`), or admin (the back office\n"
               "           and the outbox of every message; --admin says the same)\n"
               "passwd     sets a new password (after a lost one)\n"
               "disable    no more logins; live sessions end now (enable undoes it)\n"
               "reset-2fa  the next login enrols a new authenticator app (a lost phone)\n\n"
               "USERNAME: 3-64 of a-z 0-9 . _ -. A password is at least 12 characters and not\n"
               "easy to guess; without --password-stdin one is generated and printed once. The\n"
               "operator must replace it at the next login.\n");
}

static bool read_password(char *pw, size_t size)
{
    if (fgets(pw, (int)size, stdin) == NULL)
        return false;
    pw[strcspn(pw, "\r\n")] = '\0';
    return true;
}

/* The password (from stdin or generated), checked and hashed; 0 or an exit code. */
static int new_password(const char *username, bool from_stdin, char pw[256], char hash[128])
{
    if (from_stdin) {
        if (!read_password(pw, 256)) {
            fprintf(stderr, "varco: no password on standard input\n");
            return 2;
        }
    } else {
        uint8_t rnd[64];
        app_random_bytes(NULL, rnd, sizeof rnd);
        token_code(rnd, sizeof rnd, 16, pw);
        sodium_memzero(rnd, sizeof rnd);
    }
    struct form_errors fe;
    form_errors_init(&fe);
    if (operator_password_rules(username, pw, &fe) != VC_OK) {
        fprintf(stderr,
                "varco: the password is not accepted (%s): at least 12 characters, not a "
                "common word, sequence or the username\n",
                fe.e[0].msg);
        return 1;
    }
    if (password_hash(pw, strlen(pw), hash) != VC_OK) {
        fprintf(stderr, "varco: cannot hash the password\n");
        return 1;
    }
    return 0;
}

static int report(enum vc_status st, const char *username, const struct form_errors *fe,
                  const struct cli_ctx *c)
{
    if (st == VC_OK)
        return 0;
    if (st == VC_ERR_CONFLICT)
        fprintf(stderr, "varco: operator '%s' exists already\n", username);
    else if (st == VC_ERR_NOT_FOUND)
        fprintf(stderr, "varco: no operator '%s'\n", username);
    else if (st == VC_ERR_INVALID && fe != NULL && fe->n > 0) {
        struct cli_report r; /* the refusals in words, in the administrator's language */
        cli_report_open(&r, &c->cfg, stderr);
        for (size_t i = 0; i < fe->n; i++)
            fprintf(stderr, "varco: %s: %s\n", fe->e[i].field, cli_report_say(&r, fe->e[i].msg));
        cli_report_close(&r);
    } else
        fprintf(stderr, "varco: cannot change operator '%s' (%s)\n", username, vc_status_name(st));
    return 1;
}

int cli_operator(int argc, char **argv)
{
    if (cli_wants_help(argc, argv)) {
        usage(stdout);
        return 0;
    }
    if (argc < 3) {
        usage(stderr);
        return 2;
    }
    const char *cmd = argv[1], *username = argv[2], *name = argv[2];
    bool add = strcmp(cmd, "add") == 0, passwd = strcmp(cmd, "passwd") == 0;
    bool from_stdin = false;
    enum operator_role role = OPERATOR_BACKOFFICE;
    const char *office = "";
    for (int i = 3; i < argc; i++) {
        if (add && strcmp(argv[i], "--name") == 0 && i + 1 < argc)
            name = argv[++i];
        else if (add && strcmp(argv[i], "--admin") == 0)
            role = OPERATOR_ADMIN;
        else if (add && strcmp(argv[i], "--role") == 0 && i + 1 < argc) {
            if (!operator_role_parse(argv[++i], &role)) {
                fprintf(stderr, "varco: unknown role '%s' (backoffice, desk or admin)\n", argv[i]);
                return 2;
            }
        } else if (add && strcmp(argv[i], "--office") == 0 && i + 1 < argc)
            office = argv[++i];
        else if ((add || passwd) && strcmp(argv[i], "--password-stdin") == 0)
            from_stdin = true;
        else {
            usage(stderr);
            return 2;
        }
    }
    if (!add && !passwd && strcmp(cmd, "disable") != 0 && strcmp(cmd, "enable") != 0 &&
        strcmp(cmd, "reset-2fa") != 0) {
        usage(stderr);
        return 2;
    }
    struct cli_ctx c;
    if (!cli_ctx_open(&c, false))
        return 1;
    char pw[256] = "", hash[128] = "";
    int rc = add || passwd ? new_password(username, from_stdin, pw, hash) : 0;
    if (rc != 0) {
        sodium_memzero(pw, sizeof pw);
        cli_ctx_close(&c);
        return rc;
    }
    struct vc_env env;
    cli_env(&c, &env);
    struct form_errors fe;
    form_errors_init(&fe);
    int64_t id = 0;
    enum vc_status st = store_begin(c.store);
    if (st == VC_OK) {
        if (add)
            st = operator_create(&env, username, name, hash, role, office, &fe, &id);
        else if (passwd)
            st = operator_set_password(&env, username, hash);
        else if (strcmp(cmd, "reset-2fa") == 0)
            st = operator_reset_2fa(&env, username);
        else
            st = operator_set_disabled(&env, username, strcmp(cmd, "disable") == 0);
        if (st == VC_OK)
            st = store_commit(c.store);
        else
            store_rollback(c.store);
    }
    rc = report(st, username, &fe, &c);
    if (rc == 0) {
        if (add)
            printf("operator '%s' created (id %lld)\n", username, (long long)id);
        else
            printf("operator '%s': %s done; live sessions ended\n", username, cmd);
        if ((add || passwd) && !from_stdin)
            printf("password: %s (to be replaced at the next login)\n", pw);
    }
    sodium_memzero(pw, sizeof pw);
    sodium_memzero(hash, sizeof hash);
    cli_ctx_close(&c);
    return rc;
}
