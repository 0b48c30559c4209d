/* SPDX-License-Identifier: AGPL-3.0-or-later */
#include <sodium.h>
#include <string.h>

#include "core/audit.h"
#include "core/operator.h"
#include "core/repo.h"
#include "crypto/password.h"
#include "util/str.h"

static bool username_ok(const char *u)
{
    size_t n = strlen(u);
    if (n < 3 || n > 64)
        return false;
    for (size_t i = 0; i < n; i++) {
        char c = u[i];
        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-'))
            return false;
    }
    return true;
}

enum vc_status operator_create(const struct vc_env *env, const char *username,
                               const char *display_name, const char *password, bool is_admin,
                               struct form_errors *errs, int64_t *out_id)
{
    form_errors_init(errs);
    if (!username_ok(username))
        form_errors_add(errs, "username", "error.operator.username");
    if (strlen(password) < 12 || strlen(password) > 256)
        form_errors_add(errs, "password", "error.operator.password");
    if (form_errors_any(errs))
        return VC_ERR_INVALID;
    struct operator_account o;
    memset(&o, 0, sizeof o);
    str_copy(o.username, username, sizeof o.username);
    str_copy(o.display_name, display_name && *display_name ? display_name : username,
             sizeof o.display_name);
    o.is_admin = is_admin;
    o.created_at = env_now(env);
    enum vc_status st = password_hash(password, strlen(password), o.password_hash);
    if (st == VC_OK)
        st = repo_operator_insert(env->store, &o);
    if (st != VC_OK)
        return st;
    char name[64];
    audit_name("operator", o.id, name);
    st = audit_record(env, "admin", NULL, "operator.create", name, 0, o.username);
    if (st == VC_OK)
        *out_id = o.id;
    return st;
}

enum vc_status operator_login(const struct vc_env *env, const char *username, const char *password,
                              size_t password_len, struct operator_account *out)
{
    struct operator_account o;
    enum vc_status st = VC_ERR_NOT_FOUND;
    if (username_ok(username))
        st = repo_operator_by_username(env->store, username, &o);
    if (st != VC_OK && st != VC_ERR_NOT_FOUND)
        return st;
    bool ok;
    if (st == VC_OK)
        ok = password_verify(o.password_hash, password, password_len) && !o.disabled;
    else {
        password_verify_dummy(password, password_len);
        ok = false;
    }
    char name[64] = "";
    if (st == VC_OK)
        audit_name("operator", o.id, name);
    st = audit_record(env, ok ? name : "anonymous", NULL,
                      ok ? "operator.login.password" : "operator.login.fail", name, 0, NULL);
    if (st != VC_OK)
        return st;
    if (!ok)
        return VC_ERR_DENIED;
    *out = o;
    return VC_OK;
}

enum vc_status operator_totp_begin(const struct vc_env *env, int64_t operator_id, char *out_uri,
                                   size_t out_len)
{
    struct operator_account o;
    enum vc_status st = repo_operator_by_id(env->store, operator_id, &o);
    if (st != VC_OK)
        return st;
    if (o.totp_enrolled)
        return VC_ERR_DENIED;
    uint8_t secret[TOTP_SECRET_BYTES];
    if (o.totp_secret[0] == '\0' || !str_unhex(o.totp_secret, secret, sizeof secret)) {
        env_random(env, secret, sizeof secret);
        str_hex(secret, sizeof secret, o.totp_secret);
        if ((st = repo_operator_update(env->store, &o)) != VC_OK)
            return st;
    }
    st = totp_uri(env->cfg->institution, o.username, secret, out_uri, out_len);
    sodium_memzero(secret, sizeof secret);
    return st;
}

enum vc_status operator_totp_verify(const struct vc_env *env, int64_t operator_id, const char *code)
{
    struct operator_account o;
    enum vc_status st = repo_operator_by_id(env->store, operator_id, &o);
    if (st != VC_OK)
        return st;
    uint8_t secret[TOTP_SECRET_BYTES];
    if (!str_unhex(o.totp_secret, secret, sizeof secret))
        return VC_ERR_DENIED;
    bool ok = totp_verify(secret, code, env_now(env), &o.totp_last_step);
    sodium_memzero(secret, sizeof secret);
    char name[64];
    audit_name("operator", o.id, name);
    if (ok) {
        bool first = !o.totp_enrolled;
        o.totp_enrolled = true;
        st = repo_operator_update(env->store, &o);
        if (st == VC_OK)
            st =
                audit_record(env, name, NULL,
                             first ? "operator.totp.enrolled" : "operator.login.ok", name, 0, NULL);
        return st;
    }
    st = audit_record(env, name, NULL, "operator.totp.fail", name, 0, NULL);
    return st == VC_OK ? VC_ERR_DENIED : st;
}
