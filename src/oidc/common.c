/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* What the OpenID Connect handlers share (oidc/oidc.h): JSON answers and
 * errors, URLs with a query, leaving for another site, client
 * authentication at the back-channel endpoints, varco's own tokens. */
#include <ctype.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#include "crypto/jws.h"
#include "oidc/keys.h"
#include "oidc/oidc.h"
#include "app/page.h"
#include "util/str.h"
#include "util/json_mem.h"

const char *oidc_issuer(struct http_req *req)
{
    const struct app *app = req->app;
    return app->core.base_url;
}

void oidc_json(struct http_req *req, struct http_resp *resp, int status, json_t *o)
{
    char *text = o ? json_text(o, JSON_COMPACT) : NULL;
    json_decref(o);
    if (text == NULL) {
        http_resp_set(resp, 500, "application/json", "{\"error\":\"server_error\"}", 24);
        return;
    }
    http_resp_set(resp, status, "application/json", text, strlen(text));
    free(text);
    http_resp_header(resp, req, "Cache-Control", "no-store");
    http_resp_header(resp, req, "Pragma", "no-cache");
}

void oidc_json_error(struct http_req *req, struct http_resp *resp, int status, enum oidc_error e,
                     const char *description)
{
    json_t *o = json_pack("{s:s}", "error", oidc_error_name(e));
    if (description != NULL)
        json_object_set_new(o, "error_description", json_string(description));
    if (status == 401)
        http_resp_header(resp, req, "WWW-Authenticate", "Basic realm=\"varco\"");
    oidc_json(req, resp, status, o);
}

const char *oidc_url_encode(struct http_req *req, const char *s)
{
    size_t n = str_url_encode(NULL, 0, s);
    char *out = arena_alloc(req->arena, n + 1);
    str_url_encode(out, n + 1, s);
    return out;
}

const char *oidc_url_with(struct http_req *req, const char *uri, const char *const *names,
                          const char *const *values, size_t n)
{
    struct buf b = {0};
    buf_puts(&b, uri);
    bool first = strchr(uri, '?') == NULL;
    for (size_t i = 0; i < n; i++) {
        if (values[i] == NULL)
            continue;
        buf_printf(&b, "%c%s=%s", first ? '?' : '&', names[i], oidc_url_encode(req, values[i]));
        first = false;
    }
    const char *out = arena_strdup(req->arena, b.data ? b.data : uri);
    buf_fini(&b);
    return out;
}

void oidc_send_away(struct http_req *req, struct http_resp *resp, const char *url,
                    const char *client_name)
{
    const char *site = http_header(req, "Sec-Fetch-Site");
    if (site == NULL || strcmp(site, "same-origin") != 0) {
        http_resp_redirect(resp, url);
        return;
    }
    json_t *c = page_context(req);
    json_object_set_new(c, "refresh_to", json_string(url));
    json_object_set_new(c, "url", json_string(url));
    json_object_set_new(c, "client", json_string(client_name ? client_name : ""));
    page_render(req, resp, 200, "oidc/continue.html", c);
}

/* ---- client authentication ---- */

/* Percent-decodes s in place (application/x-www-form-urlencoded, RFC 6749
 * §2.3.1); false on a bad escape. */
static bool form_decode(char *s)
{
    char *w = s;
    for (char *r = s; *r != '\0'; r++) {
        if (*r == '+') {
            *w++ = ' ';
        } else if (*r == '%') {
            if (!isxdigit((unsigned char)r[1]) || !isxdigit((unsigned char)r[2]))
                return false;
            char h[3] = {r[1], r[2], '\0'};
            *w++ = (char)strtol(h, NULL, 16);
            r += 2;
        } else {
            *w++ = *r;
        }
    }
    *w = '\0';
    return true;
}

/* "Authorization: Basic base64(id:secret)" into id and secret (arena). */
static bool basic_credentials(struct http_req *req, const char **id, const char **secret)
{
    const char *h = http_header(req, "Authorization");
    if (h == NULL || strncasecmp(h, "Basic ", 6) != 0)
        return false;
    const char *b64 = h + 6;
    size_t n = strlen(b64), len = 0;
    if (n == 0 || n > 1024)
        return false;
    char *bin = arena_alloc(req->arena, n + 1);
    if (sodium_base642bin((unsigned char *)bin, n, b64, n, NULL, &len, NULL,
                          sodium_base64_VARIANT_ORIGINAL) != 0)
        return false;
    bin[len] = '\0';
    if (strlen(bin) != len)
        return false;
    char *colon = strchr(bin, ':');
    if (colon == NULL)
        return false;
    *colon = '\0';
    if (!form_decode(bin) || !form_decode(colon + 1))
        return false;
    *id = bin;
    *secret = colon + 1;
    return true;
}

#define ASSERTION_TYPE "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"

static enum vc_status check_assertion(struct http_req *req, const struct vc_env *env,
                                      const struct oidc_client *c, const char *assertion)
{
    json_t *jwks = json_loads(c->jwks, 0, NULL);
    json_t *list = json_object_get(jwks, "keys");
    struct jws_key *keys[8];
    size_t n = 0;
    for (size_t i = 0; json_is_array(list) && i < json_array_size(list) && n < 8; i++)
        if (jws_key_from_jwk(json_array_get(list, i), &keys[n]) == VC_OK)
            n++;
    json_decref(jwks);
    json_t *claims = NULL;
    enum vc_status st = jws_verify(assertion, keys, n, &claims, NULL);
    for (size_t i = 0; i < n; i++)
        jws_key_free(keys[i]);
    if (st != VC_OK)
        return VC_ERR_DENIED;
    const char *aud[8];
    size_t n_aud = 0;
    json_t *a = json_object_get(claims, "aud");
    if (json_is_string(a))
        aud[n_aud++] = json_string_value(a);
    for (size_t i = 0; json_is_array(a) && i < json_array_size(a) && n_aud < 8; i++)
        if (json_is_string(json_array_get(a, i)))
            aud[n_aud++] = json_string_value(json_array_get(a, i));
    json_t *exp = json_object_get(claims, "exp");
    struct oidc_assertion as = {
        .iss = json_string_value(json_object_get(claims, "iss")),
        .sub = json_string_value(json_object_get(claims, "sub")),
        .jti = json_string_value(json_object_get(claims, "jti")),
        .aud = aud,
        .n_aud = n_aud,
        .exp = json_is_integer(exp) ? json_integer_value(exp) : 0,
    };
    const char *endpoint = arena_printf(req->arena, "%s%s", oidc_issuer(req), OIDC_PATH_TOKEN);
    st = oidc_client_check_assertion(env, c, &as, endpoint, oidc_issuer(req));
    json_decref(claims);
    return st;
}

enum vc_status oidc_client_authenticate(struct http_req *req, const struct vc_env *env,
                                        struct oidc_client *c)
{
    const char *id = NULL, *secret = NULL;
    const char *type = http_form(req, "client_assertion_type");
    const char *assertion = http_form(req, "client_assertion");
    bool basic = basic_credentials(req, &id, &secret);
    if (!basic) {
        id = http_form(req, "client_id");
        secret = http_form(req, "client_secret");
    }
    if (assertion != NULL) { /* private_key_jwt: the client is the assertion's subject */
        if (basic || secret != NULL || type == NULL || strcmp(type, ASSERTION_TYPE) != 0)
            return VC_ERR_DENIED;
        json_t *peek = NULL;
        if (jws_peek_claims(assertion, &peek) != VC_OK)
            return VC_ERR_DENIED;
        const char *sub = json_string_value(json_object_get(peek, "sub"));
        const char *cid = sub ? arena_strdup(req->arena, sub) : NULL;
        json_decref(peek);
        if (cid == NULL || (id != NULL && strcmp(id, cid) != 0))
            return VC_ERR_DENIED;
        enum vc_status st = oidc_client_find(env, cid, c);
        if (st != VC_OK)
            return st == VC_ERR_NOT_FOUND ? VC_ERR_DENIED : st;
        return check_assertion(req, env, c, assertion);
    }
    if (id == NULL || secret == NULL)
        return VC_ERR_DENIED;
    enum vc_status st = oidc_client_find(env, id, c);
    if (st != VC_OK)
        return st == VC_ERR_NOT_FOUND ? VC_ERR_DENIED : st;
    return oidc_client_check_secret(env, c, secret);
}

/* ---- varco's tokens ---- */

enum vc_status oidc_sign(struct http_req *req, const char *alg, const char *typ,
                         const json_t *claims, char **out)
{
    struct app *app = req->app;
    return oidc_keys_sign(app->oidc_keys, app_store(app), app_clock_now(NULL), alg, typ, claims,
                          out);
}

enum vc_status oidc_token_verify(struct http_req *req, const char *compact, const char *typ,
                                 bool allow_expired, json_t **claims)
{
    struct app *app = req->app;
    char got[32] = "";
    int64_t now = app_clock_now(NULL);
    if (oidc_keys_verify(app->oidc_keys, app_store(app), now, compact, claims, got) != VC_OK)
        return VC_ERR_INVALID;
    const char *iss = json_string_value(json_object_get(*claims, "iss"));
    json_t *exp = json_object_get(*claims, "exp");
    if (strcmp(got, typ) != 0 || iss == NULL || strcmp(iss, oidc_issuer(req)) != 0 ||
        !json_is_integer(exp) || (!allow_expired && json_integer_value(exp) <= now)) {
        json_decref(*claims);
        *claims = NULL;
        return VC_ERR_INVALID;
    }
    return VC_OK;
}

void oidc_jti(char out[OIDC_JTI_LEN + 1])
{
    uint8_t rnd[OIDC_JTI_LEN / 2];
    app_random_bytes(NULL, rnd, sizeof rnd);
    sodium_bin2hex(out, OIDC_JTI_LEN + 1, rnd, sizeof rnd);
}

json_t *oidc_words(const char *s)
{
    json_t *a = json_array();
    for (const char *p = s; p != NULL && *p != '\0';) {
        p += strspn(p, " ");
        size_t n = strcspn(p, " ");
        if (n > 0)
            json_array_append_new(a, json_stringn(p, n));
        p += n;
    }
    return a;
}

void oidc_party_claims(struct http_req *req, json_t *o, const struct oidc_party *p)
{
    if (p->company_name[0] != '\0') {
        json_object_set_new(o, "https://attributes.eid.gov.it/company_name",
                            json_string(p->company_name));
        json_object_set_new(o, "https://attributes.eid.gov.it/vat_number",
                            json_string(arena_printf(req->arena, "VATIT-%s", p->vat_number)));
    }
    if (p->actor_account == 0)
        return;
    json_t *act =
        json_pack("{s:s,s:s,s:s,s:s}", "sub", p->actor_sub, "given_name", p->actor_given_name,
                  "family_name", p->actor_family_name, "name",
                  arena_printf(req->arena, "%s %s", p->actor_given_name, p->actor_family_name));
    if (act == NULL)
        return;
    if (p->actor_fiscal_number[0] != '\0')
        json_object_set_new(
            act, "https://attributes.eid.gov.it/fiscal_number",
            json_string(arena_printf(req->arena, "TINIT-%s", p->actor_fiscal_number)));
    if (p->actor_firm[0] != '\0')
        json_object_set_new(act, "https://attributes.eid.gov.it/company_name",
                            json_string(p->actor_firm));
    json_object_set_new(o, "act", act);
}
