/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* `varco clients add|list|remove` and `varco keys rotate|list`: the
 * administrator's side of the OpenID Connect provider (core/oidc.h,
 * oidc/keys.h). A client secret is shown once, here, and stored hashed. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli/cli.h"
#include "core/oidc.h"
#include "core/repo.h"
#include "oidc/keys.h"
#include "store/store.h"
#include "util/file.h"

#define USAGE                                                                                      \
    "usage: varco clients add NAME --redirect URI [--redirect URI ...] [--post-logout URI]\n"      \
    "                         [--backchannel URI] [--home URL] [--first-party] [--pairwise]\n"     \
    "                         [--alg ES256|RS256] [--jwks FILE]\n"                                 \
    "       varco clients list\n"                                                                  \
    "       varco clients remove CLIENT_ID\n"

static int finish(struct cli_ctx *c, enum vc_status st)
{
    if (st == VC_OK && store_commit(c->store) != VC_OK)
        st = VC_ERR_STORE;
    if (st != VC_OK)
        store_rollback(c->store);
    cli_ctx_close(c);
    return st == VC_OK ? 0 : 1;
}

static int add(int argc, char **argv)
{
    struct oidc_client_spec spec = {.name = argv[2]};
    char *jwks = NULL;
    for (int i = 3; i < argc; i++) {
        const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (strcmp(a, "--first-party") == 0) {
            spec.first_party = true;
            continue;
        }
        if (strcmp(a, "--pairwise") == 0) {
            spec.pairwise = true;
            continue;
        }
        if (v == NULL) {
            fprintf(stderr, USAGE);
            free(jwks);
            return 2;
        }
        i++;
        if (strcmp(a, "--redirect") == 0 && spec.n_redirect < 8)
            spec.redirect_uris[spec.n_redirect++] = v;
        else if (strcmp(a, "--post-logout") == 0 && spec.n_post_logout < 8)
            spec.post_logout_uris[spec.n_post_logout++] = v;
        else if (strcmp(a, "--backchannel") == 0)
            spec.backchannel_uri = v;
        else if (strcmp(a, "--home") == 0)
            spec.home_url = v;
        else if (strcmp(a, "--alg") == 0)
            spec.id_token_alg = v;
        else if (strcmp(a, "--jwks") == 0) {
            size_t len = 0;
            free(jwks);
            jwks = NULL;
            if (file_read_all(v, OIDC_JWKS_MAX, &jwks, &len) != VC_OK) {
                fprintf(stderr, "varco: cannot read %s (at most %d bytes)\n", v, OIDC_JWKS_MAX);
                return 1;
            }
            spec.jwks = jwks;
        } else {
            fprintf(stderr, USAGE);
            free(jwks);
            return 2;
        }
    }
    struct cli_ctx c;
    if (!cli_ctx_open(&c, false)) {
        free(jwks);
        return 1;
    }
    struct vc_env env;
    cli_env(&c, &env);
    struct oidc_client out;
    char secret[TOKEN_TEXT_LEN + 1], err[256] = "";
    enum vc_status st = store_begin(c.store);
    if (st == VC_OK)
        st = oidc_client_add(&env, &spec, &out, secret, err, sizeof err);
    free(jwks);
    int rc = finish(&c, st);
    if (rc != 0) {
        fprintf(stderr, "varco: %s\n", err[0] ? err : vc_status_name(st));
        return rc;
    }
    printf("client_id: %s\n", out.client_id);
    if (secret[0] != '\0')
        printf("client_secret: %s\n"
               "(the secret is shown only now: keep it in the application's configuration)\n",
               secret);
    else
        printf("authentication: private_key_jwt\n");
    return 0;
}

static int list(void)
{
    struct cli_ctx c;
    if (!cli_ctx_open(&c, false))
        return 1;
    struct oidc_client *cs = calloc(OIDC_CLIENTS_MAX, sizeof *cs);
    size_t n = 0;
    enum vc_status st = cs ? store_begin(c.store) : VC_ERR_NOMEM;
    if (st == VC_OK)
        st = repo_oidc_clients_list(c.store, cs, OIDC_CLIENTS_MAX, &n);
    for (size_t i = 0; st == VC_OK && i < n; i++) {
        printf("%s\t%s\t%s%s\n", cs[i].client_id, cs[i].name,
               cs[i].first_party ? "first-party" : "third-party",
               cs[i].auth_method == OIDC_AUTH_PRIVATE_KEY_JWT ? "\tprivate_key_jwt" : "");
        for (const char *p = cs[i].redirect_uris; *p;) {
            size_t len = strcspn(p, "\n");
            printf("\tredirect %.*s\n", (int)len, p);
            p += len + (p[len] == '\n');
        }
    }
    free(cs);
    return finish(&c, st);
}

static int remove_client(const char *id)
{
    struct cli_ctx c;
    if (!cli_ctx_open(&c, false))
        return 1;
    struct vc_env env;
    cli_env(&c, &env);
    enum vc_status st = store_begin(c.store);
    if (st == VC_OK)
        st = oidc_client_remove(&env, id);
    if (st == VC_ERR_NOT_FOUND)
        fprintf(stderr, "varco: no client %s\n", id);
    int rc = finish(&c, st);
    if (rc == 0)
        printf("removed %s: its grants are revoked\n", id);
    return rc;
}

int cli_clients(int argc, char **argv)
{
    if (cli_wants_help(argc, argv)) {
        printf(USAGE "\n"
                     "Registers the institution's applications that log people in through\n"
                     "varco (OpenID Connect, code flow with PKCE). The client_id is NAME in\n"
                     "lower case. --first-party skips the consent page; --home shows the\n"
                     "application as a card in the reserved area; --backchannel receives a\n"
                     "logout token when the person logs out; --jwks FILE (a JWKS with the\n"
                     "application's public keys) makes it authenticate with private_key_jwt\n"
                     "instead of a secret. http:// addresses only on this machine.\n");
        return 0;
    }
    if (argc >= 4 && strcmp(argv[1], "add") == 0)
        return add(argc, argv);
    if (argc == 2 && strcmp(argv[1], "list") == 0)
        return list();
    if (argc == 3 && strcmp(argv[1], "remove") == 0)
        return remove_client(argv[2]);
    fprintf(stderr, USAGE);
    return 2;
}

#define KEYS_USAGE "usage: varco keys rotate|list\n"

int cli_keys(int argc, char **argv)
{
    if (cli_wants_help(argc, argv)) {
        printf(KEYS_USAGE "\n"
                          "rotate: makes a new ES256 and RS256 signing key for ID and access\n"
                          "tokens; the old keys sign nothing more and stay published in the JWKS\n"
                          "until the last token they signed has expired (%d s). Serving nodes\n"
                          "take the new keys within %d s.\n"
                          "list: the keys, newest first.\n",
               OIDC_KEY_GRACE_SECONDS, OIDC_KEYS_RELOAD_SECONDS);
        return 0;
    }
    bool rotate = argc == 2 && strcmp(argv[1], "rotate") == 0;
    if (!rotate && !(argc == 2 && strcmp(argv[1], "list") == 0)) {
        fprintf(stderr, KEYS_USAGE);
        return 2;
    }
    struct cli_ctx c;
    if (!cli_ctx_open(&c, false))
        return 1;
    int64_t now = (int64_t)time(NULL);
    char kid[64] = "";
    enum vc_status st = store_begin(c.store);
    if (st == VC_OK && rotate)
        st = oidc_keys_rotate(c.store, c.file_key, now, kid);
    struct signing_key *ks = calloc(16, sizeof *ks);
    size_t n = 0;
    if (st == VC_OK && !rotate)
        st = ks ? repo_signing_keys_list(c.store, ks, 16, &n) : VC_ERR_NOMEM;
    for (size_t i = 0; i < n; i++)
        printf("%s\t%s\t%s\n", ks[i].kid, ks[i].alg,
               ks[i].retired_at == 0                              ? "signing"
               : now - ks[i].retired_at <= OIDC_KEY_GRACE_SECONDS ? "retired, published"
                                                                  : "retired");
    free(ks);
    int rc = finish(&c, st);
    if (rc != 0)
        fprintf(stderr, "varco: %s\n", vc_status_name(st));
    else if (rotate)
        printf("new signing keys; ES256 kid %s\n", kid);
    return rc;
}
