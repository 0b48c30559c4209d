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
#include "tests/support/jws_forge.h"

TestSuite(jws);

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
    cr_assert_eq(jt_verify1(bad, k), VC_ERR_INVALID);
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
    cr_assert_eq(jt_verify1(NODE_EC_JWT, ec), VC_ERR_INVALID);
    cr_assert_eq(jt_verify1(NODE_RSA_JWT, rsa), VC_ERR_INVALID);
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
        cr_assert_eq(jt_verify1(jwts[i], keys[1 - i]), VC_ERR_INVALID);
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
    struct jws_key *k = jt_key_gen(alg, &pem), *pub = NULL, *pub2 = NULL;
    json_t *claims = jt_id_claims(), *got = NULL;
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
    EVP_PKEY *pk = jt_pkey_of(pem);
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
    struct jws_key *k = jt_key_gen(JWS_ES256, NULL);
    json_t *c = json_pack("{s:i}", "i", 0);
    for (int i = 0; i < 400; i++) {
        char *tok = NULL;
        json_object_set_new(c, "i", json_integer(i));
        cr_assert_eq(jws_sign(k, "JWT", c, &tok), VC_OK);
        cr_assert_eq(strlen(strrchr(tok, '.') + 1), 86, "%s", tok);
        cr_assert_eq(jt_verify1(tok, k), VC_OK, "%s", tok);
        free(tok);
    }
    json_decref(c);
    jws_key_free(k);
}

Test(jws, typ_and_sign_arguments)
{
    struct jws_key *k = jt_key_gen(JWS_ES256, NULL);
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
