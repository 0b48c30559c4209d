/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* Compact JWS (RFC 7515) with ES256 and RS256 over OpenSSL 3's EVP
 * interfaces, and the keys behind them: PEM, JWK (RFC 7517/7518) and the
 * RFC 7638 thumbprint used as kid. No claim checks, no I/O, no globals: a key
 * is immutable after it is made and every call builds its own EVP_MD_CTX, so
 * threads may share keys. OpenSSL's error queue is cleared on every failure
 * so that one bad token leaves nothing behind for the next caller. */
#include "crypto/jws.h"
#include "util/json_mem.h"

#include <limits.h>
#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/ec.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/param_build.h>
#include <openssl/pem.h>
#include <openssl/rsa.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#define B64_VARIANT sodium_base64_VARIANT_URLSAFE_NO_PADDING
#define ES256_COORD 32              /* P-256 field element, bytes */
#define ES256_SIG (2 * ES256_COORD) /* R||S, RFC 7518 §3.4 */
#define RSA_MAX_BYTES (JWS_RSA_MAX_BITS / 8)
#define RSA_E_MAX_BYTES 8                         /* 65537 needs 3; more is not a real key */
#define PART_TEXT_MAX (RSA_MAX_BYTES / 3 * 4 + 4) /* base64url of a modulus + NUL */
#define PEM_MAX (64 * 1024)                       /* an 8192-bit private key is ~6.5 KB */

struct jws_key {
    EVP_PKEY *pkey;
    enum jws_alg alg;
    bool is_private;
    char kid[JWS_KID_MAX + 1];
};

/* A compact JWS cut at its dots; text points into the caller's string. */
struct part {
    const char *text;
    size_t len;
};

/* ---- algorithms and base64url ---- */

const char *jws_alg_name(enum jws_alg a)
{
    return a == JWS_RS256 ? "RS256" : "ES256";
}

bool jws_alg_parse(const char *name, enum jws_alg *out)
{
    if (name == NULL)
        return false;
    if (strcmp(name, "ES256") == 0) {
        *out = JWS_ES256;
        return true;
    }
    if (strcmp(name, "RS256") == 0) {
        *out = JWS_RS256;
        return true;
    }
    return false;
}

size_t jws_b64url_len(size_t bin_len)
{
    return bin_len / 3 * 4 + (bin_len % 3 ? bin_len % 3 + 1 : 0);
}

size_t jws_b64url_encode(const void *bin, size_t len, char *out, size_t out_size)
{
    size_t need = jws_b64url_len(len);
    if (out_size < need + 1) {
        if (out_size > 0)
            out[0] = '\0';
        return 0;
    }
    sodium_bin2base64(out, out_size, bin, len, B64_VARIANT);
    return need;
}

/* libsodium's decoder, with no characters to ignore and no end pointer, fails
 * on anything outside the URL-safe alphabet (so '=', '+', '/', spaces, NUL),
 * on a dangling 6-bit group and on non-zero unused bits: one text per byte
 * string, so a signature cannot be re-encoded into a second valid token. */
bool jws_b64url_decode(const char *text, size_t text_len, uint8_t *out, size_t out_size,
                       size_t *out_len)
{
    size_t n = 0;
    if (text_len == 0) {
        *out_len = 0;
        return true;
    }
    if (sodium_base642bin(out, out_size, text, text_len, NULL, &n, NULL, B64_VARIANT) != 0)
        return false;
    *out_len = n;
    return true;
}

/* ---- keys ---- */

/* The JWS alg a key may serve, or false: P-256 only for EC (no explicit
 * curve parameters), plain RSA (not RSA-PSS) of the accepted sizes. */
static bool key_alg_of(const EVP_PKEY *pkey, enum jws_alg *out)
{
    if (EVP_PKEY_is_a(pkey, "EC")) {
        char group[64];
        size_t glen = 0;
        if (!EVP_PKEY_get_group_name(pkey, group, sizeof group, &glen))
            return false;
        if (strcmp(group, "prime256v1") != 0 && strcmp(group, "P-256") != 0)
            return false;
        *out = JWS_ES256;
        return true;
    }
    if (EVP_PKEY_is_a(pkey, "RSA")) {
        int bits = EVP_PKEY_get_bits(pkey);
        if (bits < JWS_RSA_MIN_BITS || bits > JWS_RSA_MAX_BITS)
            return false;
        *out = JWS_RS256;
        return true;
    }
    return false;
}

/* The public members as base64url: x and y (32 bytes each, RFC 7518
 * §6.2.1.2) or n and e (shortest big-endian, §6.3.1). */
static enum vc_status key_public_parts(const struct jws_key *k, char a[PART_TEXT_MAX],
                                       char b[PART_TEXT_MAX])
{
    enum vc_status st = VC_ERR_INTERNAL;
    BIGNUM *x = NULL, *y = NULL;
    uint8_t bin[RSA_MAX_BYTES];
    bool ec = k->alg == JWS_ES256;

    if (!EVP_PKEY_get_bn_param(k->pkey, ec ? OSSL_PKEY_PARAM_EC_PUB_X : OSSL_PKEY_PARAM_RSA_N,
                               &x) ||
        !EVP_PKEY_get_bn_param(k->pkey, ec ? OSSL_PKEY_PARAM_EC_PUB_Y : OSSL_PKEY_PARAM_RSA_E, &y))
        goto out;
    BIGNUM *v[2] = {x, y};
    char *dst[2] = {a, b};
    for (int i = 0; i < 2; i++) {
        int n;
        if (ec)
            n = BN_bn2binpad(v[i], bin, ES256_COORD);
        else if (BN_num_bytes(v[i]) <= (int)sizeof bin)
            n = BN_bn2bin(v[i], bin);
        else
            n = -1;
        if (n <= 0)
            goto out;
        jws_b64url_encode(bin, (size_t)n, dst[i], PART_TEXT_MAX);
    }
    st = VC_OK;
out:
    BN_free(x);
    BN_free(y);
    if (st != VC_OK)
        ERR_clear_error();
    return st;
}

/* RFC 7638 §3: SHA-256 of the required members only, in lexicographic order,
 * without whitespace; base64url into kid. */
static enum vc_status key_thumbprint(const struct jws_key *k, char kid[JWS_KID_MAX + 1])
{
    char a[PART_TEXT_MAX], b[PART_TEXT_MAX];
    char json[2 * PART_TEXT_MAX + 64];
    uint8_t h[crypto_hash_sha256_BYTES];
    enum vc_status st = key_public_parts(k, a, b);
    if (st != VC_OK)
        return st;
    int n;
    if (k->alg == JWS_ES256)
        n = snprintf(json, sizeof json,
                     "{\"crv\":\"P-256\",\"kty\":\"EC\",\"x\":\"%s\",\"y\":\"%s\"}", a, b);
    else
        n = snprintf(json, sizeof json, "{\"e\":\"%s\",\"kty\":\"RSA\",\"n\":\"%s\"}", b, a);
    if (n <= 0 || (size_t)n >= sizeof json)
        return VC_ERR_INTERNAL;
    crypto_hash_sha256(h, (const unsigned char *)json, (unsigned long long)n);
    jws_b64url_encode(h, sizeof h, kid, JWS_KID_MAX + 1);
    return VC_OK;
}

/* Wraps pkey (always taken over, freed on failure) into a key; kid NULL
 * means the thumbprint. */
static enum vc_status key_new(EVP_PKEY *pkey, bool is_private, const char *kid,
                              struct jws_key **out)
{
    enum vc_status st = VC_ERR_INVALID;
    struct jws_key *k = NULL;
    enum jws_alg alg;

    if (!key_alg_of(pkey, &alg))
        goto out;
    k = calloc(1, sizeof *k);
    if (k == NULL) {
        st = VC_ERR_NOMEM;
        goto out;
    }
    k->pkey = pkey;
    pkey = NULL;
    k->alg = alg;
    k->is_private = is_private;
    if (kid != NULL) {
        size_t n = strlen(kid);
        if (n == 0 || n > JWS_KID_MAX)
            goto out;
        memcpy(k->kid, kid, n + 1);
    } else {
        st = key_thumbprint(k, k->kid);
        if (st != VC_OK)
            goto out;
    }
    *out = k;
    k = NULL;
    st = VC_OK;
out:
    EVP_PKEY_free(pkey);
    jws_key_free(k);
    if (st != VC_OK)
        ERR_clear_error();
    return st;
}

enum vc_status jws_key_generate(enum jws_alg alg, char **pem)
{
    enum vc_status st = VC_ERR_INTERNAL;
    EVP_PKEY *pkey = NULL;
    BIO *bio = NULL;
    char *data = NULL;

    if (alg == JWS_ES256)
        pkey = EVP_PKEY_Q_keygen(NULL, NULL, "EC", "P-256");
    else
        pkey = EVP_PKEY_Q_keygen(NULL, NULL, "RSA", (size_t)JWS_RSA_MIN_BITS);
    bio = BIO_new(BIO_s_mem());
    /* PEM_write_bio_PrivateKey writes PKCS#8 ("BEGIN PRIVATE KEY"). */
    if (pkey == NULL || bio == NULL ||
        !PEM_write_bio_PrivateKey(bio, pkey, NULL, NULL, 0, NULL, NULL))
        goto out;
    long n = BIO_get_mem_data(bio, &data);
    if (n <= 0)
        goto out;
    char *copy = malloc((size_t)n + 1);
    if (copy == NULL) {
        st = VC_ERR_NOMEM;
        goto out;
    }
    memcpy(copy, data, (size_t)n);
    copy[n] = '\0';
    *pem = copy;
    st = VC_OK;
out:
    BIO_free(bio); /* a memory BIO's buffer is cleared when freed */
    EVP_PKEY_free(pkey);
    if (st != VC_OK)
        ERR_clear_error();
    return st;
}

/* An encrypted PEM is refused rather than prompting on the terminal, which
 * is what OpenSSL's default callback would do. */
static int pem_no_password(char *buf, int size, int rwflag, void *u)
{
    (void)buf, (void)size, (void)rwflag, (void)u;
    return -1;
}

enum vc_status jws_key_from_pem(const char *pem, size_t len, struct jws_key **out)
{
    EVP_PKEY *pkey = NULL;
    BIO *bio = NULL;
    bool is_private = true;

    if (pem == NULL || len == 0 || len > PEM_MAX)
        return VC_ERR_INVALID;
    bio = BIO_new_mem_buf(pem, (int)len);
    if (bio == NULL)
        return VC_ERR_NOMEM;
    pkey = PEM_read_bio_PrivateKey(bio, NULL, pem_no_password, NULL);
    BIO_free(bio);
    if (pkey == NULL) {
        ERR_clear_error();
        is_private = false;
        bio = BIO_new_mem_buf(pem, (int)len);
        if (bio == NULL)
            return VC_ERR_NOMEM;
        pkey = PEM_read_bio_PUBKEY(bio, NULL, pem_no_password, NULL);
        BIO_free(bio);
    }
    if (pkey == NULL) {
        ERR_clear_error();
        return VC_ERR_INVALID;
    }
    return key_new(pkey, is_private, NULL, out);
}

/* A base64url JWK member decoded into out[size]; exact: length must be
 * exactly size; else at most size bytes and no leading zero (RFC 7518
 * §6.3.1: "the minimum number of octets"). */
static bool jwk_member(const json_t *jwk, const char *name, uint8_t *out, size_t size, bool exact,
                       size_t *out_len)
{
    const json_t *v = json_object_get(jwk, name);
    size_t n = 0;
    if (!json_is_string(v) ||
        !jws_b64url_decode(json_string_value(v), json_string_length(v), out, size, &n) || n == 0)
        return false;
    if (exact ? n != size : out[0] == 0)
        return false;
    *out_len = n;
    return true;
}

static EVP_PKEY *pkey_from_params(const char *type, OSSL_PARAM *params)
{
    EVP_PKEY *pkey = NULL;
    EVP_PKEY_CTX *ctx = EVP_PKEY_CTX_new_from_name(NULL, type, NULL);
    if (ctx == NULL || EVP_PKEY_fromdata_init(ctx) <= 0 ||
        EVP_PKEY_fromdata(ctx, &pkey, EVP_PKEY_PUBLIC_KEY, params) <= 0)
        pkey = NULL;
    EVP_PKEY_CTX_free(ctx);
    return pkey;
}

/* P-256 point from x and y; the point must lie on the curve (OpenSSL checks
 * on import; EVP_PKEY_public_check says so explicitly). */
static EVP_PKEY *jwk_ec(const json_t *jwk)
{
    uint8_t pub[1 + ES256_SIG];
    size_t n;
    char group[] = "prime256v1";
    const char *crv = json_string_value(json_object_get(jwk, "crv"));
    if (crv == NULL || strcmp(crv, "P-256") != 0 ||
        !jwk_member(jwk, "x", pub + 1, ES256_COORD, true, &n) ||
        !jwk_member(jwk, "y", pub + 1 + ES256_COORD, ES256_COORD, true, &n))
        return NULL;
    pub[0] = 0x04; /* uncompressed point, SEC 1 §2.3.3 */
    OSSL_PARAM params[] = {
        OSSL_PARAM_construct_utf8_string(OSSL_PKEY_PARAM_GROUP_NAME, group, 0),
        OSSL_PARAM_construct_octet_string(OSSL_PKEY_PARAM_PUB_KEY, pub, sizeof pub),
        OSSL_PARAM_construct_end(),
    };
    EVP_PKEY *pkey = pkey_from_params("EC", params);
    if (pkey == NULL)
        return NULL;
    EVP_PKEY_CTX *ctx = EVP_PKEY_CTX_new_from_pkey(NULL, pkey, NULL);
    if (ctx == NULL || EVP_PKEY_public_check(ctx) != 1) {
        EVP_PKEY_free(pkey);
        pkey = NULL;
    }
    EVP_PKEY_CTX_free(ctx);
    return pkey;
}

/* RSA public key from n and e. The size is checked by key_new; e must be odd
 * and above 1 (anything else cannot verify a real signature). OpenSSL's full
 * public check (SP 800-56B, with a primality test of n) is not run: it costs
 * milliseconds and protects nothing for a key used only to verify. */
static EVP_PKEY *jwk_rsa(const json_t *jwk)
{
    uint8_t nbin[RSA_MAX_BYTES], ebin[RSA_E_MAX_BYTES];
    size_t nlen, elen;
    BIGNUM *n = NULL, *e = NULL;
    OSSL_PARAM_BLD *bld = NULL;
    OSSL_PARAM *params = NULL;
    EVP_PKEY *pkey = NULL;

    if (!jwk_member(jwk, "n", nbin, sizeof nbin, false, &nlen) ||
        !jwk_member(jwk, "e", ebin, sizeof ebin, false, &elen) || (ebin[elen - 1] & 1) == 0 ||
        (elen == 1 && ebin[0] == 1))
        return NULL;
    n = BN_bin2bn(nbin, (int)nlen, NULL);
    e = BN_bin2bn(ebin, (int)elen, NULL);
    bld = OSSL_PARAM_BLD_new();
    if (n == NULL || e == NULL || bld == NULL ||
        !OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_RSA_N, n) ||
        !OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_RSA_E, e))
        goto out;
    params = OSSL_PARAM_BLD_to_param(bld);
    if (params != NULL)
        pkey = pkey_from_params("RSA", params);
out:
    OSSL_PARAM_free(params);
    OSSL_PARAM_BLD_free(bld);
    BN_free(n);
    BN_free(e);
    return pkey;
}

enum vc_status jws_key_from_jwk(const json_t *jwk, struct jws_key **out)
{
    /* Private members of EC, RSA and oct keys (RFC 7518 §6.2.2, §6.3.2, §6.4). */
    static const char *const private_members[] = {"d", "p", "q", "dp", "dq", "qi", "oth", "k"};
    EVP_PKEY *pkey = NULL;
    enum jws_alg alg;

    if (!json_is_object(jwk))
        return VC_ERR_INVALID;
    const char *kty = json_string_value(json_object_get(jwk, "kty"));
    const json_t *use = json_object_get(jwk, "use");
    const json_t *alg_v = json_object_get(jwk, "alg");
    const json_t *kid_v = json_object_get(jwk, "kid");
    if (kty == NULL)
        return VC_ERR_INVALID;
    if (strcmp(kty, "EC") == 0)
        alg = JWS_ES256;
    else if (strcmp(kty, "RSA") == 0)
        alg = JWS_RS256;
    else
        return VC_ERR_INVALID;
    if (use != NULL && (!json_is_string(use) || strcmp(json_string_value(use), "sig") != 0))
        return VC_ERR_INVALID;
    if (alg_v != NULL &&
        (!json_is_string(alg_v) || strcmp(json_string_value(alg_v), jws_alg_name(alg)) != 0))
        return VC_ERR_INVALID;
    if (kid_v != NULL &&
        (!json_is_string(kid_v) || json_string_length(kid_v) != strlen(json_string_value(kid_v))))
        return VC_ERR_INVALID; /* not a string, or one with a NUL inside */
    for (size_t i = 0; i < sizeof private_members / sizeof private_members[0]; i++)
        if (json_object_get(jwk, private_members[i]) != NULL)
            return VC_ERR_INVALID;

    pkey = alg == JWS_ES256 ? jwk_ec(jwk) : jwk_rsa(jwk);
    if (pkey == NULL) {
        ERR_clear_error();
        return VC_ERR_INVALID;
    }
    return key_new(pkey, false, kid_v != NULL ? json_string_value(kid_v) : NULL, out);
}

void jws_key_free(struct jws_key *k)
{
    if (k == NULL)
        return;
    EVP_PKEY_free(k->pkey);
    free(k);
}

const char *jws_key_kid(const struct jws_key *k)
{
    return k->kid;
}

enum jws_alg jws_key_alg(const struct jws_key *k)
{
    return k->alg;
}

bool jws_key_is_private(const struct jws_key *k)
{
    return k->is_private;
}

json_t *jws_key_public_jwk(const struct jws_key *k)
{
    char a[PART_TEXT_MAX], b[PART_TEXT_MAX];
    if (key_public_parts(k, a, b) != VC_OK)
        return NULL;
    if (k->alg == JWS_ES256)
        return json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:s}", "kty", "EC", "crv", "P-256", "x", a,
                         "y", b, "use", "sig", "alg", "ES256", "kid", k->kid);
    return json_pack("{s:s, s:s, s:s, s:s, s:s, s:s}", "kty", "RSA", "n", a, "e", b, "use", "sig",
                     "alg", "RS256", "kid", k->kid);
}

/* ---- signing and verifying ---- */

/* A digest context for SHA-256 with k, PKCS#1 v1.5 padding for RSA (RFC 7518
 * §3.3), stated rather than left to the default. */
static EVP_MD_CTX *digest_ctx(const struct jws_key *k, bool sign)
{
    EVP_PKEY_CTX *pctx = NULL;
    EVP_MD_CTX *ctx = EVP_MD_CTX_new();
    if (ctx == NULL)
        return NULL;
    int ok = sign ? EVP_DigestSignInit_ex(ctx, &pctx, "SHA256", NULL, NULL, k->pkey, NULL)
                  : EVP_DigestVerifyInit_ex(ctx, &pctx, "SHA256", NULL, NULL, k->pkey, NULL);
    if (ok != 1 ||
        (k->alg == JWS_RS256 && EVP_PKEY_CTX_set_rsa_padding(pctx, RSA_PKCS1_PADDING) != 1)) {
        EVP_MD_CTX_free(ctx);
        return NULL;
    }
    return ctx;
}

/* Signs input[len] into raw[*raw_len] (raw holds EVP_PKEY_get_size bytes):
 * OpenSSL's DER ECDSA signature becomes R||S, each left-padded to 32 bytes. */
static enum vc_status sign_raw(const struct jws_key *k, const char *input, size_t len, uint8_t *raw,
                               size_t *raw_len)
{
    enum vc_status st = VC_ERR_INTERNAL;
    EVP_MD_CTX *ctx = digest_ctx(k, true);
    ECDSA_SIG *es = NULL;
    uint8_t der[128];
    size_t n = k->alg == JWS_ES256 ? sizeof der : *raw_len;

    if (ctx == NULL ||
        EVP_DigestSign(ctx, k->alg == JWS_ES256 ? der : raw, &n, (const uint8_t *)input, len) != 1)
        goto out;
    if (k->alg == JWS_ES256) {
        const uint8_t *p = der;
        const BIGNUM *r, *s;
        es = d2i_ECDSA_SIG(NULL, &p, (long)n);
        if (es == NULL)
            goto out;
        ECDSA_SIG_get0(es, &r, &s);
        if (BN_bn2binpad(r, raw, ES256_COORD) != ES256_COORD ||
            BN_bn2binpad(s, raw + ES256_COORD, ES256_COORD) != ES256_COORD)
            goto out;
        n = ES256_SIG;
    }
    *raw_len = n;
    st = VC_OK;
out:
    ECDSA_SIG_free(es);
    EVP_MD_CTX_free(ctx);
    if (st != VC_OK)
        ERR_clear_error();
    return st;
}

enum vc_status jws_sign(const struct jws_key *k, const char *typ, const json_t *claims, char **out)
{
    enum vc_status st = VC_ERR_NOMEM;
    json_t *header = NULL;
    char *hjson = NULL, *pjson = NULL, *buf = NULL;
    uint8_t *sig = NULL;

    if (k == NULL || !k->is_private || !json_is_object(claims) ||
        (typ != NULL && strlen(typ) >= JWS_TYP_SIZE))
        return VC_ERR_INVALID;
    header = json_object();
    if (header == NULL || json_object_set_new(header, "alg", json_string(jws_alg_name(k->alg))) ||
        (typ != NULL && json_object_set_new(header, "typ", json_string(typ))) ||
        json_object_set_new(header, "kid", json_string(k->kid)))
        goto out;
    hjson = json_text(header, JSON_COMPACT);
    pjson = json_text(claims, JSON_COMPACT);
    if (hjson == NULL || pjson == NULL)
        goto out;

    size_t hlen = strlen(hjson), plen = strlen(pjson);
    size_t sig_max = (size_t)EVP_PKEY_get_size(k->pkey);
    size_t hb = jws_b64url_len(hlen), pb = jws_b64url_len(plen);
    size_t total = hb + 1 + pb + 1 + jws_b64url_len(sig_max);
    if (plen > JWS_MAX_LEN || total > JWS_MAX_LEN) {
        st = VC_ERR_LIMIT;
        goto out;
    }
    buf = malloc(total + 1);
    sig = malloc(sig_max);
    if (buf == NULL || sig == NULL)
        goto out;
    jws_b64url_encode(hjson, hlen, buf, total + 1);
    buf[hb] = '.';
    jws_b64url_encode(pjson, plen, buf + hb + 1, total + 1 - hb - 1);
    buf[hb + 1 + pb] = '.';
    size_t sig_len = sig_max;
    st = sign_raw(k, buf, hb + 1 + pb, sig, &sig_len);
    if (st != VC_OK)
        goto out;
    jws_b64url_encode(sig, sig_len, buf + hb + 1 + pb + 1, total + 1 - (hb + 1 + pb + 1));
    *out = buf;
    buf = NULL;
out:
    free(sig);
    free(buf);
    free(pjson);
    free(hjson);
    json_decref(header);
    return st;
}

/* Cuts compact[len] at its two dots: three non-empty parts, no fourth. */
static bool split(const char *compact, size_t len, struct part p[3])
{
    const char *d1 = memchr(compact, '.', len);
    if (d1 == NULL)
        return false;
    const char *rest = d1 + 1;
    const char *end = compact + len;
    const char *d2 = memchr(rest, '.', (size_t)(end - rest));
    if (d2 == NULL || memchr(d2 + 1, '.', (size_t)(end - d2 - 1)) != NULL)
        return false;
    p[0] = (struct part){compact, (size_t)(d1 - compact)};
    p[1] = (struct part){rest, (size_t)(d2 - rest)};
    p[2] = (struct part){d2 + 1, (size_t)(end - d2 - 1)};
    return p[0].len > 0 && p[1].len > 0 && p[2].len > 0;
}

/* A base64url part holding a JSON object (no duplicate members: two "alg"s
 * must not mean one thing to us and another to a relying party). */
static json_t *part_object(const struct part *p, uint8_t *scratch, size_t scratch_size)
{
    size_t n;
    if (!jws_b64url_decode(p->text, p->len, scratch, scratch_size, &n))
        return NULL;
    json_t *v = json_loadb((const char *)scratch, n, JSON_REJECT_DUPLICATES, NULL);
    if (v != NULL && !json_is_object(v)) {
        json_decref(v);
        v = NULL;
    }
    return v;
}

/* The key the header names. A kid selects exactly one key or nothing; with no
 * kid the alg must single out one key. The alg must then be the key's, so a
 * header cannot make an RSA public key serve as an HMAC secret or an EC key
 * be read as RSA. */
static const struct jws_key *choose_key(const json_t *header, struct jws_key *const *keys, size_t n)
{
    enum jws_alg alg;
    const struct jws_key *found = NULL;
    size_t matches = 0;
    const json_t *kid = json_object_get(header, "kid");

    if (!jws_alg_parse(json_string_value(json_object_get(header, "alg")), &alg))
        return NULL;
    if (kid != NULL && !json_is_string(kid))
        return NULL;
    for (size_t i = 0; i < n; i++) {
        bool hit =
            kid != NULL ? strcmp(keys[i]->kid, json_string_value(kid)) == 0 : keys[i]->alg == alg;
        if (hit) {
            found = keys[i];
            matches++;
        }
    }
    if (matches != 1 || found->alg != alg)
        return NULL;
    return found;
}

/* Checks raw (R||S for ES256, the modulus-sized block for RS256) over input. */
static bool verify_raw(const struct jws_key *k, const char *input, size_t len, const uint8_t *raw,
                       size_t raw_len)
{
    bool ok = false;
    EVP_MD_CTX *ctx = NULL;
    ECDSA_SIG *es = NULL;
    BIGNUM *r = NULL, *s = NULL;
    unsigned char *der = NULL;
    const uint8_t *sig = raw;
    size_t sig_len = raw_len;

    if (k->alg == JWS_ES256) {
        /* Exactly 64 bytes: a DER signature or a short R||S is not ES256. */
        if (raw_len != ES256_SIG)
            goto out;
        es = ECDSA_SIG_new();
        r = BN_bin2bn(raw, ES256_COORD, NULL);
        s = BN_bin2bn(raw + ES256_COORD, ES256_COORD, NULL);
        if (es == NULL || r == NULL || s == NULL || !ECDSA_SIG_set0(es, r, s))
            goto out;
        r = s = NULL; /* owned by es now */
        int n = i2d_ECDSA_SIG(es, &der);
        if (n <= 0)
            goto out;
        sig = der;
        sig_len = (size_t)n;
    } else if (raw_len != (size_t)EVP_PKEY_get_size(k->pkey)) {
        goto out;
    }
    ctx = digest_ctx(k, false);
    ok = ctx != NULL && EVP_DigestVerify(ctx, sig, sig_len, (const uint8_t *)input, len) == 1;
out:
    EVP_MD_CTX_free(ctx);
    OPENSSL_free(der);
    BN_free(r);
    BN_free(s);
    ECDSA_SIG_free(es);
    if (!ok)
        ERR_clear_error();
    return ok;
}

enum vc_status jws_verify(const char *compact, struct jws_key *const *keys, size_t n,
                          json_t **claims, char typ_out[JWS_TYP_SIZE])
{
    enum vc_status st = VC_ERR_INVALID;
    struct part p[3];
    uint8_t *scratch = NULL;
    json_t *header = NULL, *payload = NULL;
    size_t len, sig_len;

    if (compact == NULL || (len = strnlen(compact, JWS_MAX_LEN + 1)) > JWS_MAX_LEN ||
        !split(compact, len, p))
        return VC_ERR_INVALID;
    scratch = malloc(len); /* any part decodes to fewer bytes than the whole text */
    if (scratch == NULL)
        return VC_ERR_NOMEM;

    header = part_object(&p[0], scratch, len);
    if (header == NULL || json_object_get(header, "crit") != NULL)
        goto out; /* RFC 7515 §4.1.11: we understand no extension */
    const json_t *typ = json_object_get(header, "typ");
    if (typ != NULL && (!json_is_string(typ) || json_string_length(typ) >= JWS_TYP_SIZE ||
                        strlen(json_string_value(typ)) != json_string_length(typ)))
        goto out;
    const struct jws_key *k = choose_key(header, keys, n);
    if (k == NULL || !jws_b64url_decode(p[2].text, p[2].len, scratch, len, &sig_len) ||
        !verify_raw(k, compact, p[0].len + 1 + p[1].len, scratch, sig_len))
        goto out;
    /* Only now, with the signature good, is the payload parsed. */
    payload = part_object(&p[1], scratch, len);
    if (payload == NULL)
        goto out;
    if (typ_out != NULL)
        snprintf(typ_out, JWS_TYP_SIZE, "%s", typ != NULL ? json_string_value(typ) : "");
    *claims = payload;
    payload = NULL;
    st = VC_OK;
out:
    json_decref(payload);
    json_decref(header);
    free(scratch);
    return st;
}

enum vc_status jws_peek_claims(const char *compact, json_t **claims)
{
    struct part p[3];
    uint8_t *scratch = NULL;
    json_t *payload = NULL;
    size_t len, n;

    if (compact == NULL || (len = strnlen(compact, JWS_MAX_LEN + 1)) > JWS_MAX_LEN ||
        !split(compact, len, p))
        return VC_ERR_INVALID;
    scratch = malloc(len);
    if (scratch == NULL)
        return VC_ERR_NOMEM;
    if (jws_b64url_decode(p[0].text, p[0].len, scratch, len, &n) &&
        jws_b64url_decode(p[2].text, p[2].len, scratch, len, &n))
        payload = part_object(&p[1], scratch, len);
    free(scratch);
    if (payload == NULL)
        return VC_ERR_INVALID;
    *claims = payload;
    return VC_OK;
}
