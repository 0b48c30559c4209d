/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* Unit tests for src/crypto/jws.c: base64url vectors (RFC 4648 §10), the
 * RFC 7638 §3.1 thumbprint, the RFC 7515 A.3 ES256 example, tokens made by
 * node's crypto module (fixed vectors below), round trips for both algs, and
 * the refusals: alg none/HS256/swapped, unknown kid, tampering, bad lengths,
 * bad base64url, extra parts, oversize, crit, non-object payloads. Tokens the
 * module must refuse are signed here by a second, independent signer over
 * OpenSSL's EVP calls (forge), so each refusal is about the one flaw it names
 * and not about a broken signature; each forge has a positive control. */
#include <criterion/criterion.h>
#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/ec.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rsa.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#include "crypto/jws.h"

TestSuite(jws);

/* ---- helpers ---- */

static char *b64(const void *data, size_t len)
{
    size_t n = jws_b64url_len(len) + 1;
    char *out = malloc(n);
    cr_assert_not_null(out);
    cr_assert_eq(jws_b64url_encode(data, len, out, n), n - 1);
    return out;
}

static char *cat3(const char *a, const char *sep, const char *b)
{
    size_t n = strlen(a) + strlen(sep) + strlen(b) + 1;
    char *out = malloc(n);
    cr_assert_not_null(out);
    snprintf(out, n, "%s%s%s", a, sep, b);
    return out;
}

/* A new key of alg; *pem_out (if not NULL) gets its PEM. */
static struct jws_key *key_gen(enum jws_alg alg, char **pem_out)
{
    char *pem = NULL;
    struct jws_key *k = NULL;
    cr_assert_eq(jws_key_generate(alg, &pem), VC_OK);
    cr_assert_eq(jws_key_from_pem(pem, strlen(pem), &k), VC_OK);
    if (pem_out != NULL)
        *pem_out = pem;
    else
        free(pem);
    return k;
}

static EVP_PKEY *pkey_of(const char *pem)
{
    BIO *bio = BIO_new_mem_buf(pem, -1);
    EVP_PKEY *pk = PEM_read_bio_PrivateKey(bio, NULL, NULL, NULL);
    BIO_free(bio);
    cr_assert_not_null(pk);
    return pk;
}

static char *pem_of(EVP_PKEY *pk, bool pub)
{
    BIO *bio = BIO_new(BIO_s_mem());
    char *data;
    cr_assert(pub ? PEM_write_bio_PUBKEY(bio, pk)
                  : PEM_write_bio_PrivateKey(bio, pk, NULL, NULL, 0, NULL, NULL));
    long n = BIO_get_mem_data(bio, &data);
    char *out = strndup(data, (size_t)n);
    BIO_free(bio);
    return out;
}

/* The independent signer: signs "h64.p64" (texts as given, so they may be
 * malformed on purpose) with pk, ES256 as R||S made here from the DER. */
static char *forge_parts(EVP_PKEY *pk, const char *h64, const char *p64)
{
    char *input = cat3(h64, ".", p64);
    EVP_MD_CTX *ctx = EVP_MD_CTX_new();
    EVP_PKEY_CTX *pctx = NULL;
    uint8_t sig[1024], raw[1024];
    size_t n = sizeof sig, raw_len;
    cr_assert_eq(EVP_DigestSignInit(ctx, &pctx, EVP_sha256(), NULL, pk), 1);
    bool ec = EVP_PKEY_is_a(pk, "EC");
    if (!ec)
        cr_assert_eq(EVP_PKEY_CTX_set_rsa_padding(pctx, RSA_PKCS1_PADDING), 1);
    cr_assert_eq(EVP_DigestSign(ctx, sig, &n, (const uint8_t *)input, strlen(input)), 1);
    EVP_MD_CTX_free(ctx);
    if (ec) {
        const uint8_t *p = sig;
        ECDSA_SIG *es = d2i_ECDSA_SIG(NULL, &p, (long)n);
        const BIGNUM *r, *s;
        ECDSA_SIG_get0(es, &r, &s);
        cr_assert_eq(BN_bn2binpad(r, raw, 32), 32);
        cr_assert_eq(BN_bn2binpad(s, raw + 32, 32), 32);
        ECDSA_SIG_free(es);
        raw_len = 64;
    } else {
        memcpy(raw, sig, n);
        raw_len = n;
    }
    char *s64 = b64(raw, raw_len);
    char *out = cat3(input, ".", s64);
    free(s64);
    free(input);
    return out;
}

/* forge_parts over JSON texts. */
static char *forge(EVP_PKEY *pk, const char *header, const char *payload)
{
    char *h = b64(header, strlen(header)), *p = b64(payload, strlen(payload));
    char *out = forge_parts(pk, h, p);
    free(h);
    free(p);
    return out;
}

static enum vc_status verify1(const char *compact, struct jws_key *k)
{
    json_t *claims = NULL;
    enum vc_status st = jws_verify(compact, &k, 1, &claims, NULL);
    cr_assert((st == VC_OK) == (claims != NULL));
    json_decref(claims);
    return st;
}

static char *header_for(const struct jws_key *k, const char *alg)
{
    char *h = malloc(256);
    snprintf(h, 256, "{\"alg\":\"%s\",\"typ\":\"JWT\",\"kid\":\"%s\"}", alg, jws_key_kid(k));
    return h;
}

/* About the size of an ID token's claims (~600 bytes once serialised). */
static json_t *id_claims(void)
{
    json_t *c = json_pack(
        "{s:s, s:s, s:s, s:I, s:I, s:I, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:b, s:s, s:s, "
        "s:s}",
        "iss", "https://varco.example.org", "sub", "a3f1c2d4-5e6f-4a7b-8c9d-0e1f2a3b4c5d", "aud",
        "portale-iscritti", "iat", (json_int_t)1798761600, "exp", (json_int_t)1798761900,
        "auth_time", (json_int_t)1798761590, "nonce", "n-0S6_WzA2Mj-4b7d9e1f3a5c7e9b1d3f5a7c9",
        "acr", "https://www.spid.gov.it/SpidL2", "sid", "6c1e2b9f-3a4d-4e5f-8a7b-9c0d1e2f3a4b",
        "at_hash", "77QmUPtjPfzWtF2AnpK9RQ", "fiscal_number", "TINIT-RSSMRA85M01H501Q", "name",
        "Mario", "family_name", "Rossi", "email", "mario.rossi@example.org", "email_verified", 1,
        "preferred_username", "RSSMRA85M01H501Q", "locale", "it-IT", "level",
        "full+2fa-with-a-longer-label-for-the-relying-party-to-show-in-its-own-pages");
    cr_assert_not_null(c);
    return c;
}

/* ---- base64url ---- */

Test(jws, b64url_rfc4648_vectors)
{
    static const struct {
        const char *bin, *text;
    } v[] = {{"", ""},           {"f", "Zg"},          {"fo", "Zm8"},         {"foo", "Zm9v"},
             {"foob", "Zm9vYg"}, {"fooba", "Zm9vYmE"}, {"foobar", "Zm9vYmFy"}};
    for (size_t i = 0; i < sizeof v / sizeof v[0]; i++) {
        char out[16];
        uint8_t bin[16];
        size_t n = 99;
        size_t len = strlen(v[i].bin);
        cr_assert_eq(jws_b64url_len(len), strlen(v[i].text));
        cr_assert_eq(jws_b64url_encode(v[i].bin, len, out, sizeof out), strlen(v[i].text));
        cr_assert_str_eq(out, v[i].text);
        cr_assert(jws_b64url_decode(v[i].text, strlen(v[i].text), bin, sizeof bin, &n), "%s",
                  v[i].text);
        cr_assert_eq(n, len);
        cr_assert_eq(memcmp(bin, v[i].bin, len), 0);
    }
    /* The two characters that differ from base64: 0xfb 0xff -> "-_8". */
    uint8_t u[2] = {0xfb, 0xff}, back[4];
    char t[8];
    size_t n;
    cr_assert_eq(jws_b64url_encode(u, 2, t, sizeof t), 3);
    cr_assert_str_eq(t, "-_8");
    cr_assert(jws_b64url_decode("-_8", 3, back, sizeof back, &n));
    cr_assert(n == 2 && back[0] == 0xfb && back[1] == 0xff);
}

Test(jws, b64url_refusals)
{
    static const char *bad[] = {
        "Zg==",                    /* padding */
        "Zm9vYg=", "Zg=",   "+_8", /* standard alphabet */
        "-/8",     "Zm 9v",        /* whitespace */
        "Zm9v\n",  "Z",            /* 1 mod 4 */
        "Zm9vY",   "Zh",           /* non-zero unused bits: "Zg" is the one text of "f" */
        "Zm9=",    "Zm.v",
    };
    uint8_t out[16];
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        size_t n = 77;
        cr_assert_not(jws_b64url_decode(bad[i], strlen(bad[i]), out, sizeof out, &n), "%s", bad[i]);
        cr_assert_eq(n, 77, "out_len written on failure");
    }
    size_t n;
    cr_assert_not(jws_b64url_decode("Zm9v\0Zm9v", 9, out, sizeof out, &n), "embedded NUL");
    cr_assert_not(jws_b64url_decode("Zm9vYmFy", 8, out, 5, &n), "overflow");
    cr_assert(jws_b64url_decode("Zm9vYmFy", 8, out, 6, &n) && n == 6);
    char small[4];
    cr_assert_eq(jws_b64url_encode("foo", 3, small, sizeof small), 0, "no room for the NUL");
    cr_assert_str_eq(small, "");
}

Test(jws, alg_names)
{
    enum jws_alg a;
    cr_assert(jws_alg_parse("ES256", &a) && a == JWS_ES256);
    cr_assert(jws_alg_parse("RS256", &a) && a == JWS_RS256);
    cr_assert_str_eq(jws_alg_name(JWS_ES256), "ES256");
    cr_assert_str_eq(jws_alg_name(JWS_RS256), "RS256");
    static const char *bad[] = {"none", "None", "HS256", "es256", "ES256 ", "ES384", "PS256", ""};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        cr_assert_not(jws_alg_parse(bad[i], &a), "%s", bad[i]);
    cr_assert_not(jws_alg_parse(NULL, &a));
}

/* ---- standard vectors ---- */

/* RFC 7638 §3.1: the RSA key of RFC 7517 A.1 and its thumbprint. */
#define RFC7638_N                                                                                  \
    "0vx7agoebGcQSuuPiLJXZptN9nndrQmbXEps2aiAFbWhM78LhWx4cbbfAAtVT86zwu1RK7aPFFxuhDR1L6tSoc_BJECP" \
    "ebWKRXjBZCiFV4n3oknjhMstn64tZ_2W-5JsGY4Hc5n9yBXArwl93lqt7_RN5w6Cf0h4QyQ5v-65YGjQR0_FDW2QvzqY" \
    "368QQMicAtaSqzs8KJZgnYb9c7d0zgdAZHzu6qMQvRL5hajrn1n91CbOpbISD08qNLyrdkt-bFTWhAI4vMQFh6WeZu0f" \
    "M4lFd2NcRwr3XPksINHaQ-G_xBniIqbw0Ls1jF44-csFCur-kEgU8awapJzKnqDKgw"

Test(jws, rfc7638_thumbprint)
{
    struct jws_key *k = NULL, *k2 = NULL;
    json_t *jwk = json_pack("{s:s, s:s, s:s}", "kty", "RSA", "n", RFC7638_N, "e", "AQAB");
    cr_assert_eq(jws_key_from_jwk(jwk, &k), VC_OK);
    cr_assert_str_eq(jws_key_kid(k), "NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs");
    cr_assert_eq(jws_key_alg(k), JWS_RS256);
    cr_assert_not(jws_key_is_private(k));
    json_t *pub = jws_key_public_jwk(k);
    cr_assert_str_eq(json_string_value(json_object_get(pub, "n")), RFC7638_N);
    cr_assert_str_eq(json_string_value(json_object_get(pub, "e")), "AQAB");
    cr_assert_str_eq(json_string_value(json_object_get(pub, "kid")), jws_key_kid(k));
    cr_assert_str_eq(json_string_value(json_object_get(pub, "use")), "sig");
    cr_assert_str_eq(json_string_value(json_object_get(pub, "alg")), "RS256");
    /* The RFC's JWK also carries "alg" and "kid": the kid is then taken as is. */
    json_object_set_new(jwk, "alg", json_string("RS256"));
    json_object_set_new(jwk, "kid", json_string("2011-04-29"));
    cr_assert_eq(jws_key_from_jwk(jwk, &k2), VC_OK);
    cr_assert_str_eq(jws_key_kid(k2), "2011-04-29");
    json_decref(pub);
    json_decref(jwk);
    jws_key_free(k);
    jws_key_free(k2);
}

/* RFC 7515 Appendix A.3: the ES256 example (public part of its JWK). */
#define RFC7515_A3_JWS                                                                             \
    "eyJhbGciOiJFUzI1NiJ9.eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFtcGxlLmN" \
    "vbS9pc19yb290Ijp0cnVlfQ.DtEhU3ljbEg8L38VWAfUAqOyKAM6-Xx-"                                     \
    "F4GawxaepmXFCgfTjDxw5djxLa8ISlSApmWQxf"                                                       \
    "KTUJqPP3-Kg6NU1Q"

Test(jws, rfc7515_a3_es256)
{
    struct jws_key *k = NULL;
    json_t *claims = NULL;
    char typ[JWS_TYP_SIZE] = "x";
    json_t *jwk = json_pack("{s:s, s:s, s:s, s:s}", "kty", "EC", "crv", "P-256", "x",
                            "f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU", "y",
                            "x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0");
    cr_assert_eq(jws_key_from_jwk(jwk, &k), VC_OK);
    cr_assert_eq(jws_key_alg(k), JWS_ES256);
    cr_assert_eq(jws_verify(RFC7515_A3_JWS, &k, 1, &claims, typ), VC_OK);
    cr_assert_str_eq(typ, "");
    cr_assert_str_eq(json_string_value(json_object_get(claims, "iss")), "joe");
    cr_assert_eq(json_integer_value(json_object_get(claims, "exp")), 1300819380);
    cr_assert(json_is_true(json_object_get(claims, "http://example.com/is_root")));
    json_decref(claims);

    /* The same token with one signature byte changed (S's first character). */
    char bad[] = RFC7515_A3_JWS;
    char *s = strrchr(bad, '.') + 1 + 43;
    *s = *s == 'A' ? 'B' : 'A';
    cr_assert_eq(verify1(bad, k), VC_ERR_INVALID);
    json_decref(jwk);
    jws_key_free(k);
}

/* ---- tokens made by node ----
 * Made once with node 20's crypto module and no JOSE library:
 * crypto.generateKeyPairSync('ec', {namedCurve: 'P-256'}) and ('rsa', 2048),
 * crypto.sign('sha256', input, {key, dsaEncoding: 'ieee-p1363'}) for ES256 and
 * {key, padding: RSA_PKCS1_PADDING} for RS256, over header {alg, typ, kid}
 * and the claims below; the public keys exported as SPKI PEM and as JWK; the
 * thumbprints computed in node with createHash('sha256') over RFC 7638's
 * member order. */
static const char NODE_EC_PEM[] =
    "-----BEGIN PUBLIC KEY-----\n"
    "MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAELDQG9Jx7AuSfjv+TVLWBwaCdOYW6\n"
    "sSouQkebad2+j3SHWulRtz3JxDmV3povS4MSDuGIU3+8yht8WoOkSeTm6g==\n"
    "-----END PUBLIC KEY-----\n";
#define NODE_EC_X "LDQG9Jx7AuSfjv-TVLWBwaCdOYW6sSouQkebad2-j3Q"
#define NODE_EC_Y "h1rpUbc9ycQ5ld6aL0uDEg7hiFN_vMobfFqDpEnk5uo"
#define NODE_EC_THUMB "C-fwlUge4HoXj9rbx1FrLpOkg76rCtXQgkyCropikeU"
#define NODE_CLAIMS                                                                                \
    "eyJpc3MiOiJodHRwczovL25vZGUuZXhhbXBsZSIsInN1YiI6IlJTU01SQTg1TTAxSDUwMVEiLCJhdWQiOiJjbGllbnQt" \
    "MSIsImlhdCI6MTcwMDAwMDAwMCwiZXhwIjoxNzAwMDAwNjAwLCJub25jZSI6Im4tMFM2X1d6QTJNaiJ9"
#define NODE_EC_JWT                                                                                \
    "eyJhbGciOiJFUzI1NiIsInR5cCI6IkpXVCIsImtpZCI6Im5vZGUtZWMifQ." NODE_CLAIMS                      \
    ".WApILKLPgg-rVxoBbenv7Lz2dZ1u-2rl2wKXE7Uzu0P6LCswVsBcoxFwZX74Kp_yr6GVs-SzSi5SQ7QRmCA-rA"

static const char NODE_RSA_PEM[] =
    "-----BEGIN PUBLIC KEY-----\n"
    "MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAnYOGElRJvzr6GSu1ZTti\n"
    "C47zB0RIOHakGcuXxEK9D38Ypmrb8yKf2M81uOsc88Li9bLVwH8ewBmC0h7HPhGm\n"
    "QlLQwm1rYKJPAY3hsxQ3o/Gfz52DoWTbVDrFsn4GsfxQ+AvN1oUO9k331FTfiiT4\n"
    "1xKjZPD/C49/Gfmw3KfB1QYiu7+mR/arGEh1QooailHT0GbvzTXCddGrk1GKAM/R\n"
    "TCV9RGf2FxQpDYPRqxxunP43633CzkmafWKqQ/V4T+5ADyJSzwsix4VQP6+1tWmk\n"
    "UZvKi6d6166GB6wlo9vLA9ikT3SoZ6lwy2xvXwZl5a/y2GqUwLFvkf9agiIMh9/E\n"
    "8wIDAQAB\n"
    "-----END PUBLIC KEY-----\n";
#define NODE_RSA_N                                                                                 \
    "nYOGElRJvzr6GSu1ZTtiC47zB0RIOHakGcuXxEK9D38Ypmrb8yKf2M81uOsc88Li9bLVwH8ewBmC0h7HPhGmQlLQwm1r" \
    "YKJPAY3hsxQ3o_Gfz52DoWTbVDrFsn4GsfxQ-AvN1oUO9k331FTfiiT41xKjZPD_C49_Gfmw3KfB1QYiu7-mR_arGEh1" \
    "QooailHT0GbvzTXCddGrk1GKAM_RTCV9RGf2FxQpDYPRqxxunP43633CzkmafWKqQ_V4T-5ADyJSzwsix4VQP6-1tWmk" \
    "UZvKi6d6166GB6wlo9vLA9ikT3SoZ6lwy2xvXwZl5a_y2GqUwLFvkf9agiIMh9_E8w"
#define NODE_RSA_THUMB "cHKCed1qpIHVgECN2eFelxnKeoh1xRJ2LNCFi7Hetbc"
#define NODE_RSA_JWT                                                                               \
    "eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCIsImtpZCI6Im5vZGUtcnNhIn0." NODE_CLAIMS                     \
    ".QndgHJFXU5Vsuphndgb7FOCilGw0Zmss_bOyme0wYUYBcp2FooXFofFGVkBPCplSszs-73irYptg-"               \
    "ZoXf6sKTzc3FMGg"                                                                              \
    "9WeOs_L-rsmmXpLTdtbanI149_R9O0oiYSKAOIECtoZK1XWE-0p7FVZNXR7h_e9QcRlQ5of-"                     \
    "eFpSNJxK0RrX6v84ST2b0u"                                                                       \
    "3kk4chC7iPlVBlufJQLQfqBlAJzC2xZkIJEjMX0PRPorsPHXd0YnzqkWi3aIK82PSVcff_"                       \
    "ZVhfJKK1JqOtHlnBUseVeFbP"                                                                     \
    "Hr66KaA7TCkq_qt1w7OgoWKKt0FOS9hRx4Qb8Ay27XdwBeXT6K_tkKtPUUfYlQ"

Test(jws, node_public_pem)
{
    struct jws_key *ec = NULL, *rsa = NULL;
    cr_assert_eq(jws_key_from_pem(NODE_EC_PEM, strlen(NODE_EC_PEM), &ec), VC_OK);
    cr_assert_eq(jws_key_from_pem(NODE_RSA_PEM, strlen(NODE_RSA_PEM), &rsa), VC_OK);
    cr_assert_not(jws_key_is_private(ec));
    cr_assert_eq(jws_key_alg(ec), JWS_ES256);
    cr_assert_eq(jws_key_alg(rsa), JWS_RS256);
    cr_assert_str_eq(jws_key_kid(ec), NODE_EC_THUMB);
    cr_assert_str_eq(jws_key_kid(rsa), NODE_RSA_THUMB);
    json_t *j = jws_key_public_jwk(ec);
    cr_assert_str_eq(json_string_value(json_object_get(j, "kty")), "EC");
    cr_assert_str_eq(json_string_value(json_object_get(j, "crv")), "P-256");
    cr_assert_str_eq(json_string_value(json_object_get(j, "x")), NODE_EC_X);
    cr_assert_str_eq(json_string_value(json_object_get(j, "y")), NODE_EC_Y);
    cr_assert_str_eq(json_string_value(json_object_get(j, "alg")), "ES256");
    json_decref(j);
    j = jws_key_public_jwk(rsa);
    cr_assert_str_eq(json_string_value(json_object_get(j, "n")), NODE_RSA_N);
    json_decref(j);
    /* Their tokens name kids "node-ec"/"node-rsa", which these keys are not. */
    cr_assert_eq(verify1(NODE_EC_JWT, ec), VC_ERR_INVALID);
    cr_assert_eq(verify1(NODE_RSA_JWT, rsa), VC_ERR_INVALID);
    /* A public key cannot sign. */
    json_t *c = json_object();
    char *out = NULL;
    cr_assert_eq(jws_sign(ec, "JWT", c, &out), VC_ERR_INVALID);
    cr_assert_null(out);
    json_decref(c);
    jws_key_free(ec);
    jws_key_free(rsa);
}

Test(jws, node_tokens_verify)
{
    struct jws_key *keys[2] = {NULL, NULL};
    json_t *ec = json_pack("{s:s, s:s, s:s, s:s, s:s, s:s}", "kty", "EC", "crv", "P-256", "x",
                           NODE_EC_X, "y", NODE_EC_Y, "kid", "node-ec", "use", "sig");
    json_t *rsa = json_pack("{s:s, s:s, s:s, s:s, s:s}", "kty", "RSA", "n", NODE_RSA_N, "e", "AQAB",
                            "kid", "node-rsa", "alg", "RS256");
    cr_assert_eq(jws_key_from_jwk(ec, &keys[0]), VC_OK);
    cr_assert_eq(jws_key_from_jwk(rsa, &keys[1]), VC_OK);
    static const char *const jwts[] = {NODE_EC_JWT, NODE_RSA_JWT};
    for (int i = 0; i < 2; i++) {
        json_t *claims = NULL;
        char typ[JWS_TYP_SIZE];
        cr_assert_eq(jws_verify(jwts[i], keys, 2, &claims, typ), VC_OK, "%d", i);
        cr_assert_str_eq(typ, "JWT");
        cr_assert_str_eq(json_string_value(json_object_get(claims, "sub")), "RSSMRA85M01H501Q");
        cr_assert_eq(json_integer_value(json_object_get(claims, "exp")), 1700000600);
        json_decref(claims);
        /* Only the other key: the kid is unknown there. */
        cr_assert_eq(verify1(jwts[i], keys[1 - i]), VC_ERR_INVALID);
        /* Payload changed (sub of another person), signature kept. */
        char *bad = strdup(jwts[i]);
        char *p = strchr(bad, '.') + 1 + 40;
        *p = *p == 'a' ? 'b' : 'a';
        cr_assert_eq(jws_verify(bad, keys, 2, &claims, NULL), VC_ERR_INVALID);
        free(bad);
    }
    json_decref(ec);
    json_decref(rsa);
    jws_key_free(keys[0]);
    jws_key_free(keys[1]);
}

/* Also from node: a P-256 key whose x starts with a zero byte, so a JWK or a
 * thumbprint that drops leading zeros would differ (RFC 7518 §6.2.1.2 wants
 * the full 32 bytes), and an ES256 token made with it, header without kid. */
static const char NODE_EC0_PEM[] =
    "-----BEGIN PUBLIC KEY-----\n"
    "MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEAFLYTlhuj9uqT3c9XDmzJWRubhaA\n"
    "IRg8YENL3mlaRZ9LFvqXaxBi3nbtKqzIkOGmhwUmaqbnN14QVeVCC33zlQ==\n"
    "-----END PUBLIC KEY-----\n";
#define NODE_EC0_X "AFLYTlhuj9uqT3c9XDmzJWRubhaAIRg8YENL3mlaRZ8"
#define NODE_EC0_THUMB "ZLHn3wmR8qI17hC_H1_V-ryCEZ7c5X37yqAA0qe9sj4"
#define NODE_EC0_JWT                                                                               \
    "eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiJ6ZXJvIn0.AyrNSkFQ7Y-"                                         \
    "H5NnUP5znHngiIPDXa8pfCTQEnlltPsXkB5rmdVbLk"                                                   \
    "O0ftpxRBjEtH8rjpMleWveKIp8ZKkftUA"

Test(jws, node_leading_zero_coordinate)
{
    struct jws_key *k = NULL;
    json_t *claims = NULL;
    cr_assert_eq(jws_key_from_pem(NODE_EC0_PEM, strlen(NODE_EC0_PEM), &k), VC_OK);
    cr_assert_str_eq(jws_key_kid(k), NODE_EC0_THUMB);
    json_t *j = jws_key_public_jwk(k);
    cr_assert_str_eq(json_string_value(json_object_get(j, "x")), NODE_EC0_X);
    cr_assert_eq(jws_verify(NODE_EC0_JWT, &k, 1, &claims, NULL), VC_OK);
    cr_assert_str_eq(json_string_value(json_object_get(claims, "sub")), "zero");
    json_decref(claims);
    json_decref(j);
    jws_key_free(k);
}

/* ---- round trips ---- */

static void round_trip(enum jws_alg alg, size_t sig_len)
{
    char *pem = NULL, *tok = NULL;
    struct jws_key *k = key_gen(alg, &pem), *pub = NULL, *pub2 = NULL;
    json_t *claims = id_claims(), *got = NULL;
    char typ[JWS_TYP_SIZE];

    cr_assert(strncmp(pem, "-----BEGIN PRIVATE KEY-----\n", 28) == 0, "PKCS#8: %.40s", pem);
    cr_assert(jws_key_is_private(k));
    cr_assert_eq(jws_key_alg(k), alg);
    cr_assert_eq(strlen(jws_key_kid(k)), 43);
    cr_assert_eq(jws_sign(k, "JWT", claims, &tok), VC_OK);
    char *dump = json_dumps(claims, JSON_COMPACT);
    cr_assert_geq(strlen(dump), 590, "ID-token-sized claims: %zu", strlen(dump));
    free(dump);

    /* Header as promised, signature of the alg's size. */
    char *dot = strchr(tok, '.');
    uint8_t buf[1024];
    size_t n;
    cr_assert(jws_b64url_decode(tok, (size_t)(dot - tok), buf, sizeof buf, &n));
    char want[256];
    snprintf(want, sizeof want, "{\"alg\":\"%s\",\"typ\":\"JWT\",\"kid\":\"%s\"}",
             jws_alg_name(alg), jws_key_kid(k));
    cr_assert_eq(n, strlen(want));
    cr_assert_eq(memcmp(buf, want, n), 0, "%.*s", (int)n, buf);
    const char *s = strrchr(tok, '.') + 1;
    cr_assert(jws_b64url_decode(s, strlen(s), buf, sizeof buf, &n));
    cr_assert_eq(n, sig_len);

    /* With the private key, then with the public JWK read back (kid kept;
     * without its kid the thumbprint gives the same one). */
    cr_assert_eq(jws_verify(tok, &k, 1, &got, typ), VC_OK);
    cr_assert(json_equal(got, claims));
    cr_assert_str_eq(typ, "JWT");
    json_decref(got);
    json_t *jwk = jws_key_public_jwk(k);
    cr_assert_eq(jws_key_from_jwk(jwk, &pub), VC_OK);
    cr_assert_str_eq(jws_key_kid(pub), jws_key_kid(k));
    json_object_del(jwk, "kid");
    cr_assert_eq(jws_key_from_jwk(jwk, &pub2), VC_OK);
    cr_assert_str_eq(jws_key_kid(pub2), jws_key_kid(k));
    cr_assert_eq(jws_verify(tok, &pub, 1, &got, NULL), VC_OK);
    cr_assert(json_equal(got, claims));
    json_decref(got);

    /* The independent verifier agrees (R||S back to DER here). */
    EVP_PKEY *pk = pkey_of(pem);
    EVP_MD_CTX *ctx = EVP_MD_CTX_new();
    EVP_PKEY_CTX *pctx = NULL;
    cr_assert_eq(EVP_DigestVerifyInit(ctx, &pctx, EVP_sha256(), NULL, pk), 1);
    const uint8_t *sig = buf;
    uint8_t *der = NULL;
    if (alg == JWS_ES256) {
        ECDSA_SIG *es = ECDSA_SIG_new();
        ECDSA_SIG_set0(es, BN_bin2bn(buf, 32, NULL), BN_bin2bn(buf + 32, 32, NULL));
        int dl = i2d_ECDSA_SIG(es, &der);
        ECDSA_SIG_free(es);
        sig = der;
        n = (size_t)dl;
    } else {
        cr_assert_eq(EVP_PKEY_CTX_set_rsa_padding(pctx, RSA_PKCS1_PADDING), 1);
    }
    cr_assert_eq(EVP_DigestVerify(ctx, sig, n, (const uint8_t *)tok, (size_t)(s - 1 - tok)), 1);
    OPENSSL_free(der);
    EVP_MD_CTX_free(ctx);
    EVP_PKEY_free(pk);

    json_decref(jwk);
    json_decref(claims);
    free(tok);
    free(pem);
    jws_key_free(k);
    jws_key_free(pub);
    jws_key_free(pub2);
}

Test(jws, round_trip_es256)
{
    round_trip(JWS_ES256, 64);
}

Test(jws, round_trip_rs256)
{
    round_trip(JWS_RS256, 256);
}

/* R or S below 2^248 (about 1 signature in 64) must still be 32 bytes each. */
Test(jws, es256_many_signatures)
{
    struct jws_key *k = key_gen(JWS_ES256, NULL);
    json_t *c = json_pack("{s:i}", "i", 0);
    for (int i = 0; i < 400; i++) {
        char *tok = NULL;
        json_object_set_new(c, "i", json_integer(i));
        cr_assert_eq(jws_sign(k, "JWT", c, &tok), VC_OK);
        cr_assert_eq(strlen(strrchr(tok, '.') + 1), 86, "%s", tok);
        cr_assert_eq(verify1(tok, k), VC_OK, "%s", tok);
        free(tok);
    }
    json_decref(c);
    jws_key_free(k);
}

Test(jws, typ_and_sign_arguments)
{
    struct jws_key *k = key_gen(JWS_ES256, NULL);
    json_t *c = json_pack("{s:s}", "sub", "x"), *got = NULL;
    char *tok = NULL;
    char typ[JWS_TYP_SIZE];
    cr_assert_eq(jws_sign(k, "logout+jwt", c, &tok), VC_OK);
    cr_assert_eq(jws_verify(tok, &k, 1, &got, typ), VC_OK);
    cr_assert_str_eq(typ, "logout+jwt");
    json_decref(got);
    free(tok);
    cr_assert_eq(jws_sign(k, NULL, c, &tok), VC_OK);
    memset(typ, 'x', sizeof typ);
    cr_assert_eq(jws_verify(tok, &k, 1, &got, typ), VC_OK);
    cr_assert_str_eq(typ, "");
    json_decref(got);
    free(tok);
    tok = NULL;
    json_t *arr = json_array();
    cr_assert_eq(jws_sign(k, "JWT", arr, &tok), VC_ERR_INVALID, "claims must be an object");
    cr_assert_eq(jws_sign(k, "0123456789012345678901234567890123", c, &tok), VC_ERR_INVALID);
    cr_assert_null(tok);
    json_decref(arr);
    json_decref(c);
    jws_key_free(k);
}

Test(jws, peek_claims)
{
    json_t *c = NULL;
    cr_assert_eq(jws_peek_claims(RFC7515_A3_JWS, &c), VC_OK);
    cr_assert_str_eq(json_string_value(json_object_get(c, "iss")), "joe");
    json_decref(c);
    c = NULL;
    static const char *bad[] = {
        "eyJhbGciOiJFUzI1NiJ9.WzFd.c2ln",     /* payload [1] */
        "eyJhbGciOiJFUzI1NiJ9.eyJ9.c2ln",     /* payload "{}"-less garbage */
        "eyJhbGciOiJFUzI1NiJ9.e30",           /* two parts */
        "eyJhbGciOiJFUzI1NiJ9.e30.c2ln.c2ln", /* four */
        "eyJhbGciOiJFUzI1NiJ9.e30=.c2ln",     /* padding */
        "eyJhbGciOiJFUzI1NiJ9.e30.c2l+",      /* '+' */
        "",
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        cr_assert_eq(jws_peek_claims(bad[i], &c), VC_ERR_INVALID, "%s", bad[i]);
    cr_assert_eq(jws_peek_claims("eyJhbGciOiJFUzI1NiJ9.e30.c2ln", &c), VC_OK);
    cr_assert_eq(json_object_size(c), 0);
    json_decref(c);
}

/* ---- refusals ---- */

struct pair {
    char *pem;
    EVP_PKEY *pk;
    struct jws_key *k;
};

static void pair_make(struct pair *p, enum jws_alg alg)
{
    p->k = key_gen(alg, &p->pem);
    p->pk = pkey_of(p->pem);
}

static void pair_free(struct pair *p)
{
    jws_key_free(p->k);
    EVP_PKEY_free(p->pk);
    free(p->pem);
}

Test(jws, refuses_alg_none_and_hs256)
{
    struct pair ec;
    pair_make(&ec, JWS_ES256);
    char *h = header_for(ec.k, "ES256");
    char *ok = forge(ec.pk, h, "{\"sub\":\"x\"}");
    cr_assert_eq(verify1(ok, ec.k), VC_OK, "positive control");

    /* "none": the unsigned form and the same with a signature left on. */
    char *hn = header_for(ec.k, "none");
    char *hn64 = b64(hn, strlen(hn));
    char *p64 = b64("{\"sub\":\"x\"}", 11);
    char *unsigned_tok = cat3(hn64, ".", p64);
    char *with_dot = cat3(unsigned_tok, ".", "");
    char *with_sig = cat3(unsigned_tok, ".", strrchr(ok, '.') + 1);
    cr_assert_eq(verify1(unsigned_tok, ec.k), VC_ERR_INVALID);
    cr_assert_eq(verify1(with_dot, ec.k), VC_ERR_INVALID);
    cr_assert_eq(verify1(with_sig, ec.k), VC_ERR_INVALID);

    /* HS256 keyed with the public key's PEM, the classic confusion. */
    char *hh = header_for(ec.k, "HS256");
    char *hh64 = b64(hh, strlen(hh));
    char *input = cat3(hh64, ".", p64);
    char *pub = pem_of(ec.pk, true);
    uint8_t mac[crypto_auth_hmacsha256_BYTES];
    crypto_auth_hmacsha256_state st;
    crypto_auth_hmacsha256_init(&st, (const uint8_t *)pub, strlen(pub));
    crypto_auth_hmacsha256_update(&st, (const uint8_t *)input, strlen(input));
    crypto_auth_hmacsha256_final(&st, mac);
    char *mac64 = b64(mac, sizeof mac);
    char *hs = cat3(input, ".", mac64);
    cr_assert_eq(verify1(hs, ec.k), VC_ERR_INVALID);

    char *strs[] = {h,        ok, hn,   hn64,  p64, unsigned_tok, with_dot,
                    with_sig, hh, hh64, input, pub, mac64,        hs};
    for (size_t i = 0; i < sizeof strs / sizeof strs[0]; i++)
        free(strs[i]);
    pair_free(&ec);
}

Test(jws, refuses_swapped_alg)
{
    struct pair ec, rsa;
    pair_make(&ec, JWS_ES256);
    pair_make(&rsa, JWS_RS256);
    struct jws_key *both[2] = {ec.k, rsa.k};
    /* A good RS256 signature, but the header names the EC key. */
    char *h = header_for(ec.k, "RS256");
    char *tok = forge(rsa.pk, h, "{\"sub\":\"x\"}");
    json_t *c = NULL;
    cr_assert_eq(verify1(tok, ec.k), VC_ERR_INVALID);
    cr_assert_eq(jws_verify(tok, both, 2, &c, NULL), VC_ERR_INVALID);
    /* The EC key's own valid ES256 signature, under a header claiming RS256. */
    char *tok_ec = forge(ec.pk, h, "{\"sub\":\"x\"}");
    cr_assert_eq(jws_verify(tok_ec, both, 2, &c, NULL), VC_ERR_INVALID);
    char *h_ec = header_for(ec.k, "ES256");
    char *tok_ec_ok = forge(ec.pk, h_ec, "{\"sub\":\"x\"}");
    cr_assert_eq(jws_verify(tok_ec_ok, both, 2, &c, NULL), VC_OK, "control");
    json_decref(c);
    c = NULL;
    free(tok_ec);
    free(h_ec);
    free(tok_ec_ok);
    /* And the other way: ES256 header on the RSA key's kid, ES256 signature. */
    char *h2 = header_for(rsa.k, "ES256");
    char *tok2 = forge(ec.pk, h2, "{\"sub\":\"x\"}");
    cr_assert_eq(jws_verify(tok2, both, 2, &c, NULL), VC_ERR_INVALID);
    /* Control: the right kid for each signature verifies. */
    char *h3 = header_for(rsa.k, "RS256");
    char *tok3 = forge(rsa.pk, h3, "{\"sub\":\"x\"}");
    cr_assert_eq(jws_verify(tok3, both, 2, &c, NULL), VC_OK);
    json_decref(c);
    free(h);
    free(tok);
    free(h2);
    free(tok2);
    free(h3);
    free(tok3);
    pair_free(&ec);
    pair_free(&rsa);
}

Test(jws, key_choice_by_kid)
{
    struct pair a, b, r;
    pair_make(&a, JWS_ES256);
    pair_make(&b, JWS_ES256);
    pair_make(&r, JWS_RS256);
    json_t *c = NULL;
    const char *payload = "{\"sub\":\"x\"}";

    /* Unknown kid: refused, even though key a would verify it. */
    char *t1 = forge(a.pk, "{\"alg\":\"ES256\",\"kid\":\"nope\"}", payload);
    cr_assert_eq(verify1(t1, a.k), VC_ERR_INVALID);
    /* kid of b, signed by a: b is tried, not "all". */
    char *hb = header_for(b.k, "ES256");
    char *t2 = forge(a.pk, hb, payload);
    struct jws_key *ab[2] = {a.k, b.k};
    cr_assert_eq(jws_verify(t2, ab, 2, &c, NULL), VC_ERR_INVALID);
    /* kid not a string. */
    char *t3 = forge(a.pk, "{\"alg\":\"ES256\",\"kid\":7}", payload);
    cr_assert_eq(verify1(t3, a.k), VC_ERR_INVALID);
    /* No kid: the one key of that alg, else nothing. */
    char *t4 = forge(a.pk, "{\"alg\":\"ES256\"}", payload);
    cr_assert_eq(verify1(t4, a.k), VC_OK);
    struct jws_key *ra[2] = {r.k, a.k};
    cr_assert_eq(jws_verify(t4, ra, 2, &c, NULL), VC_OK);
    json_decref(c);
    cr_assert_eq(jws_verify(t4, ab, 2, &c, NULL), VC_ERR_INVALID, "two ES256 keys, no kid");
    cr_assert_eq(verify1(t4, r.k), VC_ERR_INVALID, "no ES256 key");
    cr_assert_eq(jws_verify(t4, NULL, 0, &c, NULL), VC_ERR_INVALID, "no keys");
    char *strs[] = {t1, hb, t2, t3, t4};
    for (size_t i = 0; i < sizeof strs / sizeof strs[0]; i++)
        free(strs[i]);
    pair_free(&a);
    pair_free(&b);
    pair_free(&r);
}

Test(jws, refuses_tampering_and_bad_signatures)
{
    struct pair ec, rsa;
    pair_make(&ec, JWS_ES256);
    pair_make(&rsa, JWS_RS256);
    json_t *claims = json_pack("{s:s, s:i}", "sub", "mario", "exp", 1798761900);
    char *tok = NULL, *rtok = NULL;
    cr_assert_eq(jws_sign(ec.k, "JWT", claims, &tok), VC_OK);
    cr_assert_eq(jws_sign(rsa.k, "JWT", claims, &rtok), VC_OK);
    cr_assert_eq(verify1(tok, ec.k), VC_OK);

    /* Payload swapped for other claims, signature kept. */
    const char *other = "{\"sub\":\"maria\",\"exp\":1798761900}";
    char *o64 = b64(other, strlen(other));
    char *dot1 = strchr(tok, '.'), *dot2 = strrchr(tok, '.');
    char *head = strndup(tok, (size_t)(dot1 - tok + 1));
    char *mid = cat3(head, "", o64);
    char *swapped = cat3(mid, "", dot2);
    cr_assert_eq(verify1(swapped, ec.k), VC_ERR_INVALID);

    /* Signature bytes changed: one in R, one in S; and for RS256. */
    uint8_t sig[512];
    size_t n;
    cr_assert(jws_b64url_decode(dot2 + 1, strlen(dot2 + 1), sig, sizeof sig, &n));
    cr_assert_eq(n, 64);
    const size_t flips[] = {5, 40};
    for (size_t i = 0; i < 2; i++) {
        sig[flips[i]] ^= 0x01;
        char *s64 = b64(sig, 64);
        char *t = strndup(tok, (size_t)(dot2 - tok + 1));
        char *bad = cat3(t, "", s64);
        cr_assert_eq(verify1(bad, ec.k), VC_ERR_INVALID);
        sig[flips[i]] ^= 0x01;
        free(s64);
        free(t);
        free(bad);
    }
    char *rdot = strrchr(rtok, '.');
    cr_assert(jws_b64url_decode(rdot + 1, strlen(rdot + 1), sig, sizeof sig, &n));
    sig[100] ^= 0x80;
    char *rs64 = b64(sig, n);
    char *rhead = strndup(rtok, (size_t)(rdot - rtok + 1));
    char *rbad = cat3(rhead, "", rs64);
    cr_assert_eq(verify1(rbad, rsa.k), VC_ERR_INVALID);
    /* RS256 signature one byte short. */
    char *rs64s = b64(sig, n - 1);
    char *rshort = cat3(rhead, "", rs64s);
    cr_assert_eq(verify1(rshort, rsa.k), VC_ERR_INVALID);

    /* ES256 of the wrong length: 63, 65 bytes; and DER instead of R||S. */
    cr_assert(jws_b64url_decode(dot2 + 1, strlen(dot2 + 1), sig, sizeof sig, &n));
    char *t = strndup(tok, (size_t)(dot2 - tok + 1));
    sig[64] = 0;
    for (size_t len = 63; len <= 65; len += 2) {
        char *s64 = b64(sig, len);
        char *bad = cat3(t, "", s64);
        cr_assert_eq(verify1(bad, ec.k), VC_ERR_INVALID, "%zu bytes", len);
        free(s64);
        free(bad);
    }
    ECDSA_SIG *es = ECDSA_SIG_new();
    ECDSA_SIG_set0(es, BN_bin2bn(sig, 32, NULL), BN_bin2bn(sig + 32, 32, NULL));
    uint8_t *der = NULL;
    int dl = i2d_ECDSA_SIG(es, &der);
    char *d64 = b64(der, (size_t)dl);
    char *dbad = cat3(t, "", d64);
    cr_assert_eq(verify1(dbad, ec.k), VC_ERR_INVALID, "DER signature");
    /* Control: the same R||S re-encoded is accepted. */
    char *s64 = b64(sig, 64);
    char *good = cat3(t, "", s64);
    cr_assert_eq(verify1(good, ec.k), VC_OK);
    OPENSSL_free(der);
    ECDSA_SIG_free(es);

    char *strs[] = {tok,  rtok,  o64,    head, mid, swapped, rs64, rhead,
                    rbad, rs64s, rshort, t,    d64, dbad,    s64,  good};
    for (size_t i = 0; i < sizeof strs / sizeof strs[0]; i++)
        free(strs[i]);
    json_decref(claims);
    pair_free(&ec);
    pair_free(&rsa);
}

Test(jws, refuses_malformed_compact)
{
    struct pair ec;
    pair_make(&ec, JWS_ES256);
    char *h = header_for(ec.k, "ES256");
    char *h64 = b64(h, strlen(h));
    const char *payload = "{\"sub\":\"x\"}";
    char *p64 = b64(payload, strlen(payload));
    char *ok = forge_parts(ec.pk, h64, p64);
    cr_assert_eq(verify1(ok, ec.k), VC_OK, "positive control");

    char *four = cat3(ok, ".", "e30");
    char *four_empty = cat3(ok, ".", "");
    char *noh = cat3("", ".", strchr(ok, '.') + 1);
    char *two = strndup(ok, (size_t)(strrchr(ok, '.') - ok));
    char *empty_sig = cat3(two, ".", "");
    cr_assert_eq(verify1(four, ec.k), VC_ERR_INVALID);
    cr_assert_eq(verify1(four_empty, ec.k), VC_ERR_INVALID);
    cr_assert_eq(verify1(noh, ec.k), VC_ERR_INVALID);
    cr_assert_eq(verify1(two, ec.k), VC_ERR_INVALID);
    cr_assert_eq(verify1(empty_sig, ec.k), VC_ERR_INVALID);
    cr_assert_eq(verify1("", ec.k), VC_ERR_INVALID);
    cr_assert_eq(verify1("..", ec.k), VC_ERR_INVALID);

    /* Correctly signed over texts that are not canonical base64url. */
    char *hpad = cat3(h64, "", "=");
    char *ppad = cat3(p64, "", "=");
    const char *plus_payload = "{\"s\":\">>>?\"}"; /* encodes with '+' and '/' in base64 */
    char *pp64 = b64(plus_payload, strlen(plus_payload));
    char *pp_std = strdup(pp64);
    for (char *c = pp_std; *c; c++)
        *c = *c == '-' ? '+' : *c == '_' ? '/' : *c;
    cr_assert_str_neq(pp_std, pp64, "the vector must contain - or _");
    char *forged[] = {
        forge_parts(ec.pk, hpad, p64),
        forge_parts(ec.pk, h64, ppad),
        forge_parts(ec.pk, h64, pp_std),
    };
    for (size_t i = 0; i < 3; i++)
        cr_assert_eq(verify1(forged[i], ec.k), VC_ERR_INVALID, "%s", forged[i]);
    char *pp_ok = forge_parts(ec.pk, h64, pp64);
    cr_assert_eq(verify1(pp_ok, ec.k), VC_OK, "control for the '+' '/' case");
    /* A padded signature. */
    char *sigpad = cat3(ok, "", "==");
    cr_assert_eq(verify1(sigpad, ec.k), VC_ERR_INVALID);

    char *strs[] = {h,    h64,  p64,  ok,     four,      four_empty, noh,       two,   empty_sig,
                    hpad, ppad, pp64, pp_std, forged[0], forged[1],  forged[2], pp_ok, sigpad};
    for (size_t i = 0; i < sizeof strs / sizeof strs[0]; i++)
        free(strs[i]);
    pair_free(&ec);
}

Test(jws, refuses_bad_headers_and_payloads)
{
    struct pair ec;
    pair_make(&ec, JWS_ES256);
    const char *kid = jws_key_kid(ec.k);
    char hdr[8][256];
    snprintf(hdr[0], 256, "{\"alg\":\"ES256\",\"kid\":\"%s\",\"crit\":[\"exp\"],\"exp\":1}", kid);
    snprintf(hdr[1], 256, "{\"alg\":\"ES256\",\"kid\":\"%s\",\"alg\":\"ES256\"}", kid);
    snprintf(hdr[2], 256, "[\"ES256\",\"%s\"]", kid);
    snprintf(hdr[3], 256, "{\"kid\":\"%s\"}", kid);
    snprintf(hdr[4], 256, "{\"alg\":[\"ES256\"],\"kid\":\"%s\"}", kid);
    snprintf(hdr[5], 256, "{\"alg\":\"ES256\",\"kid\":\"%s\",\"typ\":7}", kid);
    snprintf(hdr[6], 256, "{\"alg\":\"ES256\",\"kid\":\"%s\",\"typ\":\"%s\"}", kid,
             "0123456789012345678901234567890123");
    snprintf(hdr[7], 256, "{\"alg\":\"ES256\",\"kid\":\"%s\"", kid);
    for (size_t i = 0; i < 8; i++) {
        char *t = forge(ec.pk, hdr[i], "{\"sub\":\"x\"}");
        cr_assert_eq(verify1(t, ec.k), VC_ERR_INVALID, "%s", hdr[i]);
        free(t);
    }
    char good[256];
    snprintf(good, sizeof good, "{\"alg\":\"ES256\",\"kid\":\"%s\",\"exp\":1,\"typ\":\"%s\"}", kid,
             "0123456789012345678901234567890");
    static const char *payloads[] = {"[1,2]",    "\"sub\"", "42", "null", "{\"a\":1,\"a\":2}",
                                     "{\"a\":1", ""};
    for (size_t i = 0; i < sizeof payloads / sizeof payloads[0]; i++) {
        char *t = forge(ec.pk, good, payloads[i]);
        cr_assert_eq(verify1(t, ec.k), VC_ERR_INVALID, "%s", payloads[i]);
        free(t);
    }
    char *t = forge(ec.pk, good, "{\"a\":1}");
    char typ[JWS_TYP_SIZE];
    json_t *c = NULL;
    cr_assert_eq(jws_verify(t, &ec.k, 1, &c, typ), VC_OK, "control: 31-byte typ, no crit");
    cr_assert_str_eq(typ, "0123456789012345678901234567890");
    json_decref(c);
    free(t);
    pair_free(&ec);
}

Test(jws, refuses_oversize)
{
    struct pair ec;
    pair_make(&ec, JWS_ES256);
    char *h = header_for(ec.k, "ES256");
    size_t big = 20000;
    char *payload = malloc(big + 16);
    memset(payload, 'a', big + 16);
    memcpy(payload, "{\"x\":\"", 6);
    /* ~11.5 KiB of token: under the bound. */
    strcpy(payload + 8600, "\"}");
    char *t = forge(ec.pk, h, payload);
    cr_assert_lt(strlen(t), JWS_MAX_LEN);
    cr_assert_eq(verify1(t, ec.k), VC_OK, "control: %zu bytes", strlen(t));
    free(t);
    memset(payload + 8600, 'a', 3);
    /* ~26 KiB: refused, and jws_sign will not make it either. */
    strcpy(payload + big, "\"}");
    t = forge(ec.pk, h, payload);
    cr_assert_gt(strlen(t), JWS_MAX_LEN);
    cr_assert_eq(verify1(t, ec.k), VC_ERR_INVALID);
    json_t *c = json_loads(payload, 0, NULL);
    char *out = NULL;
    cr_assert_eq(jws_sign(ec.k, "JWT", c, &out), VC_ERR_LIMIT);
    cr_assert_null(out);
    json_decref(c);
    free(t);
    free(payload);
    free(h);
    pair_free(&ec);
}

/* ---- keys refused ---- */

static void pem_refused(EVP_PKEY *pk, const char *what)
{
    struct jws_key *k = NULL;
    cr_assert_not_null(pk, "%s", what);
    char *priv = pem_of(pk, false), *pub = pem_of(pk, true);
    cr_assert_eq(jws_key_from_pem(priv, strlen(priv), &k), VC_ERR_INVALID, "%s private", what);
    cr_assert_eq(jws_key_from_pem(pub, strlen(pub), &k), VC_ERR_INVALID, "%s public", what);
    cr_assert_null(k);
    free(priv);
    free(pub);
    EVP_PKEY_free(pk);
}

Test(jws, pem_refusals)
{
    pem_refused(EVP_PKEY_Q_keygen(NULL, NULL, "RSA", (size_t)1024), "RSA 1024");
    pem_refused(EVP_PKEY_Q_keygen(NULL, NULL, "EC", "P-384"), "P-384");
    pem_refused(EVP_PKEY_Q_keygen(NULL, NULL, "ED25519"), "Ed25519");
    EVP_PKEY *pss = NULL;
    EVP_PKEY_CTX *ctx = EVP_PKEY_CTX_new_from_name(NULL, "RSA-PSS", NULL);
    cr_assert(ctx != NULL && EVP_PKEY_keygen_init(ctx) == 1 &&
              EVP_PKEY_CTX_set_rsa_keygen_bits(ctx, 2048) == 1 &&
              EVP_PKEY_generate(ctx, &pss) == 1);
    EVP_PKEY_CTX_free(ctx);
    pem_refused(pss, "RSA-PSS");

    struct jws_key *k = NULL;
    cr_assert_eq(jws_key_from_pem("not a key", 9, &k), VC_ERR_INVALID);
    cr_assert_eq(jws_key_from_pem("", 0, &k), VC_ERR_INVALID);
    /* An encrypted PKCS#8 key: refused, not a passphrase prompt. */
    EVP_PKEY *pk = EVP_PKEY_Q_keygen(NULL, NULL, "EC", "P-256");
    BIO *bio = BIO_new(BIO_s_mem());
    cr_assert(PEM_write_bio_PKCS8PrivateKey(bio, pk, EVP_aes_256_cbc(), NULL, 0, NULL,
                                            (void *)"segreta"));
    char *data;
    long n = BIO_get_mem_data(bio, &data);
    cr_assert_eq(jws_key_from_pem(data, (size_t)n, &k), VC_ERR_INVALID);
    /* Control: the same key unencrypted is fine, and len is honoured. */
    char *plain = pem_of(pk, false);
    cr_assert_eq(jws_key_from_pem(plain, strlen(plain) - 30, &k), VC_ERR_INVALID, "truncated");
    cr_assert_eq(jws_key_from_pem(plain, strlen(plain), &k), VC_OK);
    cr_assert(jws_key_is_private(k));
    cr_assert_eq(ERR_peek_error(), 0, "error queue left clean");
    jws_key_free(k);
    free(plain);
    BIO_free(bio);
    EVP_PKEY_free(pk);
}

Test(jws, jwk_refusals)
{
    static const char *const bad[] = {
        "[]",
        "{\"kty\":\"oct\",\"k\":\"c2VjcmV0\"}",
        "{\"crv\":\"P-256\",\"x\":\"f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU\","
        "\"y\":\"x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0\"}",
        /* use enc */
        "{\"kty\":\"EC\",\"crv\":\"P-256\",\"x\":\"f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU\","
        "\"y\":\"x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0\",\"use\":\"enc\"}",
        /* alg of the other family */
        "{\"kty\":\"EC\",\"crv\":\"P-256\",\"x\":\"f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU\","
        "\"y\":\"x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0\",\"alg\":\"RS256\"}",
        /* private member */
        "{\"kty\":\"EC\",\"crv\":\"P-256\",\"x\":\"f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU\","
        "\"y\":\"x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0\","
        "\"d\":\"jpsQnnGQmL-YBIffH1136cspYG6-0iY7X1fCE9-E9LI\"}",
        /* another curve name */
        "{\"kty\":\"EC\",\"crv\":\"P-384\",\"x\":\"f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU\","
        "\"y\":\"x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0\"}",
        /* x one byte short */
        "{\"kty\":\"EC\",\"crv\":\"P-256\",\"x\":\"f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVE\","
        "\"y\":\"x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0\"}",
        /* y changed: not on the curve */
        "{\"kty\":\"EC\",\"crv\":\"P-256\",\"x\":\"f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU\","
        "\"y\":\"x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a4\"}",
        /* kid not a string */
        "{\"kty\":\"EC\",\"crv\":\"P-256\",\"x\":\"f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU\","
        "\"y\":\"x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0\",\"kid\":1}",
        /* empty kid */
        "{\"kty\":\"EC\",\"crv\":\"P-256\",\"x\":\"f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU\","
        "\"y\":\"x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0\",\"kid\":\"\"}",
        /* RSA of 1024 bits (the RFC modulus' first half) */
        "{\"kty\":\"RSA\",\"e\":\"AQAB\",\"n\":\"0vx7agoebGcQSuuPiLJXZptN9nndrQmbXEps2aiAFbWhM78Lh"
        "Wx4cbbfAAtVT86zwu1RK7aPFFxuhDR1L6tSoc_BJECPebWKRXjBZCiFV4n3oknjhMstn64tZ_2W-5JsGY4Hc5n9yB"
        "XArwl93lqt7_RN5w6Cf0h4QyQ5v-65YGjQR0_FDW2Qvzo\"}",
        /* even e */
        "{\"kty\":\"RSA\",\"e\":\"AQAC\",\"n\":\"" RFC7638_N "\"}",
        /* leading zero byte in n */
        "{\"kty\":\"RSA\",\"e\":\"AQAB\",\"n\":\"AA" RFC7638_N "\"}",
        "{\"kty\":\"RSA\",\"e\":\"AQAB\"}",
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        json_error_t err;
        json_t *j = json_loads(bad[i], 0, &err);
        cr_assert_not_null(j, "%s: %s", bad[i], err.text);
        struct jws_key *k = NULL;
        cr_assert_eq(jws_key_from_jwk(j, &k), VC_ERR_INVALID, "%zu: %s", i, bad[i]);
        cr_assert_null(k);
        json_decref(j);
    }
    /* A kid longer than JWS_KID_MAX. */
    char kid[JWS_KID_MAX + 2];
    memset(kid, 'k', sizeof kid - 1);
    kid[sizeof kid - 1] = '\0';
    json_t *j =
        json_pack("{s:s, s:s, s:s, s:s}", "kty", "RSA", "n", RFC7638_N, "e", "AQAB", "kid", kid);
    struct jws_key *k = NULL;
    cr_assert_eq(jws_key_from_jwk(j, &k), VC_ERR_INVALID);
    kid[JWS_KID_MAX] = '\0';
    json_object_set_new(j, "kid", json_string(kid));
    cr_assert_eq(jws_key_from_jwk(j, &k), VC_OK, "control: JWS_KID_MAX bytes");
    jws_key_free(k);
    json_decref(j);
}
