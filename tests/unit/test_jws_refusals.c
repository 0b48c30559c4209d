/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* Unit tests for src/crypto/jws.c, what it must refuse: alg none, HS256 and
 * swapped algs, unknown or ambiguous kids, tampering, bad lengths, bad
 * base64url, extra parts, oversize input, crit and bad headers, non-object
 * payloads, and keys (PEM, JWK) it must not take. Tokens are signed by the
 * tests' own signer (jt_forge), each with a positive control. */
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

TestSuite(jws_refusals);

/* ---- refusals ---- */

struct pair {
    char *pem;
    EVP_PKEY *pk;
    struct jws_key *k;
};

static void pair_make(struct pair *p, enum jws_alg alg)
{
    p->k = jt_key_gen(alg, &p->pem);
    p->pk = jt_pkey_of(p->pem);
}

static void pair_free(struct pair *p)
{
    jws_key_free(p->k);
    EVP_PKEY_free(p->pk);
    free(p->pem);
}

Test(jws_refusals, refuses_alg_none_and_hs256)
{
    struct pair ec;
    pair_make(&ec, JWS_ES256);
    char *h = jt_header_for(ec.k, "ES256");
    char *ok = jt_forge(ec.pk, h, "{\"sub\":\"x\"}");
    cr_assert_eq(jt_verify1(ok, ec.k), VC_OK, "positive control");

    /* "none": the unsigned form and the same with a signature left on. */
    char *hn = jt_header_for(ec.k, "none");
    char *hn64 = jt_b64(hn, strlen(hn));
    char *p64 = jt_b64("{\"sub\":\"x\"}", 11);
    char *unsigned_tok = jt_cat3(hn64, ".", p64);
    char *with_dot = jt_cat3(unsigned_tok, ".", "");
    char *with_sig = jt_cat3(unsigned_tok, ".", strrchr(ok, '.') + 1);
    cr_assert_eq(jt_verify1(unsigned_tok, ec.k), VC_ERR_INVALID);
    cr_assert_eq(jt_verify1(with_dot, ec.k), VC_ERR_INVALID);
    cr_assert_eq(jt_verify1(with_sig, ec.k), VC_ERR_INVALID);

    /* HS256 keyed with the public key's PEM, the classic confusion. */
    char *hh = jt_header_for(ec.k, "HS256");
    char *hh64 = jt_b64(hh, strlen(hh));
    char *input = jt_cat3(hh64, ".", p64);
    char *pub = jt_pem_of(ec.pk, true);
    uint8_t mac[crypto_auth_hmacsha256_BYTES];
    crypto_auth_hmacsha256_state st;
    crypto_auth_hmacsha256_init(&st, (const uint8_t *)pub, strlen(pub));
    crypto_auth_hmacsha256_update(&st, (const uint8_t *)input, strlen(input));
    crypto_auth_hmacsha256_final(&st, mac);
    char *mac64 = jt_b64(mac, sizeof mac);
    char *hs = jt_cat3(input, ".", mac64);
    cr_assert_eq(jt_verify1(hs, ec.k), VC_ERR_INVALID);

    char *strs[] = {h,        ok, hn,   hn64,  p64, unsigned_tok, with_dot,
                    with_sig, hh, hh64, input, pub, mac64,        hs};
    for (size_t i = 0; i < sizeof strs / sizeof strs[0]; i++)
        free(strs[i]);
    pair_free(&ec);
}

Test(jws_refusals, refuses_swapped_alg)
{
    struct pair ec, rsa;
    pair_make(&ec, JWS_ES256);
    pair_make(&rsa, JWS_RS256);
    struct jws_key *both[2] = {ec.k, rsa.k};
    /* A good RS256 signature, but the header names the EC key. */
    char *h = jt_header_for(ec.k, "RS256");
    char *tok = jt_forge(rsa.pk, h, "{\"sub\":\"x\"}");
    json_t *c = NULL;
    cr_assert_eq(jt_verify1(tok, ec.k), VC_ERR_INVALID);
    cr_assert_eq(jws_verify(tok, both, 2, &c, NULL), VC_ERR_INVALID);
    /* The EC key's own valid ES256 signature, under a header claiming RS256. */
    char *tok_ec = jt_forge(ec.pk, h, "{\"sub\":\"x\"}");
    cr_assert_eq(jws_verify(tok_ec, both, 2, &c, NULL), VC_ERR_INVALID);
    char *h_ec = jt_header_for(ec.k, "ES256");
    char *tok_ec_ok = jt_forge(ec.pk, h_ec, "{\"sub\":\"x\"}");
    cr_assert_eq(jws_verify(tok_ec_ok, both, 2, &c, NULL), VC_OK, "control");
    json_decref(c);
    c = NULL;
    free(tok_ec);
    free(h_ec);
    free(tok_ec_ok);
    /* And the other way: ES256 header on the RSA key's kid, ES256 signature. */
    char *h2 = jt_header_for(rsa.k, "ES256");
    char *tok2 = jt_forge(ec.pk, h2, "{\"sub\":\"x\"}");
    cr_assert_eq(jws_verify(tok2, both, 2, &c, NULL), VC_ERR_INVALID);
    /* Control: the right kid for each signature verifies. */
    char *h3 = jt_header_for(rsa.k, "RS256");
    char *tok3 = jt_forge(rsa.pk, h3, "{\"sub\":\"x\"}");
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

Test(jws_refusals, key_choice_by_kid)
{
    struct pair a, b, r;
    pair_make(&a, JWS_ES256);
    pair_make(&b, JWS_ES256);
    pair_make(&r, JWS_RS256);
    json_t *c = NULL;
    const char *payload = "{\"sub\":\"x\"}";

    /* Unknown kid: refused, even though key a would verify it. */
    char *t1 = jt_forge(a.pk, "{\"alg\":\"ES256\",\"kid\":\"nope\"}", payload);
    cr_assert_eq(jt_verify1(t1, a.k), VC_ERR_INVALID);
    /* kid of b, signed by a: b is tried, not "all". */
    char *hb = jt_header_for(b.k, "ES256");
    char *t2 = jt_forge(a.pk, hb, payload);
    struct jws_key *ab[2] = {a.k, b.k};
    cr_assert_eq(jws_verify(t2, ab, 2, &c, NULL), VC_ERR_INVALID);
    /* kid not a string. */
    char *t3 = jt_forge(a.pk, "{\"alg\":\"ES256\",\"kid\":7}", payload);
    cr_assert_eq(jt_verify1(t3, a.k), VC_ERR_INVALID);
    /* No kid: the one key of that alg, else nothing. */
    char *t4 = jt_forge(a.pk, "{\"alg\":\"ES256\"}", payload);
    cr_assert_eq(jt_verify1(t4, a.k), VC_OK);
    struct jws_key *ra[2] = {r.k, a.k};
    cr_assert_eq(jws_verify(t4, ra, 2, &c, NULL), VC_OK);
    json_decref(c);
    cr_assert_eq(jws_verify(t4, ab, 2, &c, NULL), VC_ERR_INVALID, "two ES256 keys, no kid");
    cr_assert_eq(jt_verify1(t4, r.k), VC_ERR_INVALID, "no ES256 key");
    cr_assert_eq(jws_verify(t4, NULL, 0, &c, NULL), VC_ERR_INVALID, "no keys");
    char *strs[] = {t1, hb, t2, t3, t4};
    for (size_t i = 0; i < sizeof strs / sizeof strs[0]; i++)
        free(strs[i]);
    pair_free(&a);
    pair_free(&b);
    pair_free(&r);
}

Test(jws_refusals, refuses_tampering_and_bad_signatures)
{
    struct pair ec, rsa;
    pair_make(&ec, JWS_ES256);
    pair_make(&rsa, JWS_RS256);
    json_t *claims = json_pack("{s:s, s:i}", "sub", "mario", "exp", 1798761900);
    char *tok = NULL, *rtok = NULL;
    cr_assert_eq(jws_sign(ec.k, "JWT", claims, &tok), VC_OK);
    cr_assert_eq(jws_sign(rsa.k, "JWT", claims, &rtok), VC_OK);
    cr_assert_eq(jt_verify1(tok, ec.k), VC_OK);

    /* Payload swapped for other claims, signature kept. */
    const char *other = "{\"sub\":\"maria\",\"exp\":1798761900}";
    char *o64 = jt_b64(other, strlen(other));
    char *dot1 = strchr(tok, '.'), *dot2 = strrchr(tok, '.');
    char *head = strndup(tok, (size_t)(dot1 - tok + 1));
    char *mid = jt_cat3(head, "", o64);
    char *swapped = jt_cat3(mid, "", dot2);
    cr_assert_eq(jt_verify1(swapped, ec.k), VC_ERR_INVALID);

    /* Signature bytes changed: one in R, one in S; and for RS256. */
    uint8_t sig[512];
    size_t n;
    cr_assert(jws_b64url_decode(dot2 + 1, strlen(dot2 + 1), sig, sizeof sig, &n));
    cr_assert_eq(n, 64);
    const size_t flips[] = {5, 40};
    for (size_t i = 0; i < 2; i++) {
        sig[flips[i]] ^= 0x01;
        char *s64 = jt_b64(sig, 64);
        char *t = strndup(tok, (size_t)(dot2 - tok + 1));
        char *bad = jt_cat3(t, "", s64);
        cr_assert_eq(jt_verify1(bad, ec.k), VC_ERR_INVALID);
        sig[flips[i]] ^= 0x01;
        free(s64);
        free(t);
        free(bad);
    }
    char *rdot = strrchr(rtok, '.');
    cr_assert(jws_b64url_decode(rdot + 1, strlen(rdot + 1), sig, sizeof sig, &n));
    sig[100] ^= 0x80;
    char *rs64 = jt_b64(sig, n);
    char *rhead = strndup(rtok, (size_t)(rdot - rtok + 1));
    char *rbad = jt_cat3(rhead, "", rs64);
    cr_assert_eq(jt_verify1(rbad, rsa.k), VC_ERR_INVALID);
    /* RS256 signature one byte short. */
    char *rs64s = jt_b64(sig, n - 1);
    char *rshort = jt_cat3(rhead, "", rs64s);
    cr_assert_eq(jt_verify1(rshort, rsa.k), VC_ERR_INVALID);

    /* ES256 of the wrong length: 63, 65 bytes; and DER instead of R||S. */
    cr_assert(jws_b64url_decode(dot2 + 1, strlen(dot2 + 1), sig, sizeof sig, &n));
    char *t = strndup(tok, (size_t)(dot2 - tok + 1));
    sig[64] = 0;
    for (size_t len = 63; len <= 65; len += 2) {
        char *s64 = jt_b64(sig, len);
        char *bad = jt_cat3(t, "", s64);
        cr_assert_eq(jt_verify1(bad, ec.k), VC_ERR_INVALID, "%zu bytes", len);
        free(s64);
        free(bad);
    }
    ECDSA_SIG *es = ECDSA_SIG_new();
    ECDSA_SIG_set0(es, BN_bin2bn(sig, 32, NULL), BN_bin2bn(sig + 32, 32, NULL));
    uint8_t *der = NULL;
    int dl = i2d_ECDSA_SIG(es, &der);
    char *d64 = jt_b64(der, (size_t)dl);
    char *dbad = jt_cat3(t, "", d64);
    cr_assert_eq(jt_verify1(dbad, ec.k), VC_ERR_INVALID, "DER signature");
    /* Control: the same R||S re-encoded is accepted. */
    char *s64 = jt_b64(sig, 64);
    char *good = jt_cat3(t, "", s64);
    cr_assert_eq(jt_verify1(good, ec.k), VC_OK);
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

Test(jws_refusals, refuses_malformed_compact)
{
    struct pair ec;
    pair_make(&ec, JWS_ES256);
    char *h = jt_header_for(ec.k, "ES256");
    char *h64 = jt_b64(h, strlen(h));
    const char *payload = "{\"sub\":\"x\"}";
    char *p64 = jt_b64(payload, strlen(payload));
    char *ok = jt_forge_parts(ec.pk, h64, p64);
    cr_assert_eq(jt_verify1(ok, ec.k), VC_OK, "positive control");

    char *four = jt_cat3(ok, ".", "e30");
    char *four_empty = jt_cat3(ok, ".", "");
    char *noh = jt_cat3("", ".", strchr(ok, '.') + 1);
    char *two = strndup(ok, (size_t)(strrchr(ok, '.') - ok));
    char *empty_sig = jt_cat3(two, ".", "");
    cr_assert_eq(jt_verify1(four, ec.k), VC_ERR_INVALID);
    cr_assert_eq(jt_verify1(four_empty, ec.k), VC_ERR_INVALID);
    cr_assert_eq(jt_verify1(noh, ec.k), VC_ERR_INVALID);
    cr_assert_eq(jt_verify1(two, ec.k), VC_ERR_INVALID);
    cr_assert_eq(jt_verify1(empty_sig, ec.k), VC_ERR_INVALID);
    cr_assert_eq(jt_verify1("", ec.k), VC_ERR_INVALID);
    cr_assert_eq(jt_verify1("..", ec.k), VC_ERR_INVALID);

    /* Correctly signed over texts that are not canonical base64url. */
    char *hpad = jt_cat3(h64, "", "=");
    char *ppad = jt_cat3(p64, "", "=");
    const char *plus_payload = "{\"s\":\">>>?\"}"; /* encodes with '+' and '/' in base64 */
    char *pp64 = jt_b64(plus_payload, strlen(plus_payload));
    char *pp_std = strdup(pp64);
    for (char *c = pp_std; *c; c++)
        *c = *c == '-' ? '+' : *c == '_' ? '/' : *c;
    cr_assert_str_neq(pp_std, pp64, "the vector must contain - or _");
    char *forged[] = {
        jt_forge_parts(ec.pk, hpad, p64),
        jt_forge_parts(ec.pk, h64, ppad),
        jt_forge_parts(ec.pk, h64, pp_std),
    };
    for (size_t i = 0; i < 3; i++)
        cr_assert_eq(jt_verify1(forged[i], ec.k), VC_ERR_INVALID, "%s", forged[i]);
    char *pp_ok = jt_forge_parts(ec.pk, h64, pp64);
    cr_assert_eq(jt_verify1(pp_ok, ec.k), VC_OK, "control for the '+' '/' case");
    /* A padded signature. */
    char *sigpad = jt_cat3(ok, "", "==");
    cr_assert_eq(jt_verify1(sigpad, ec.k), VC_ERR_INVALID);

    char *strs[] = {h,    h64,  p64,  ok,     four,      four_empty, noh,       two,   empty_sig,
                    hpad, ppad, pp64, pp_std, forged[0], forged[1],  forged[2], pp_ok, sigpad};
    for (size_t i = 0; i < sizeof strs / sizeof strs[0]; i++)
        free(strs[i]);
    pair_free(&ec);
}

Test(jws_refusals, refuses_bad_headers_and_payloads)
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
        char *t = jt_forge(ec.pk, hdr[i], "{\"sub\":\"x\"}");
        cr_assert_eq(jt_verify1(t, ec.k), VC_ERR_INVALID, "%s", hdr[i]);
        free(t);
    }
    char good[256];
    snprintf(good, sizeof good, "{\"alg\":\"ES256\",\"kid\":\"%s\",\"exp\":1,\"typ\":\"%s\"}", kid,
             "0123456789012345678901234567890");
    static const char *payloads[] = {"[1,2]",    "\"sub\"", "42", "null", "{\"a\":1,\"a\":2}",
                                     "{\"a\":1", ""};
    for (size_t i = 0; i < sizeof payloads / sizeof payloads[0]; i++) {
        char *t = jt_forge(ec.pk, good, payloads[i]);
        cr_assert_eq(jt_verify1(t, ec.k), VC_ERR_INVALID, "%s", payloads[i]);
        free(t);
    }
    char *t = jt_forge(ec.pk, good, "{\"a\":1}");
    char typ[JWS_TYP_SIZE];
    json_t *c = NULL;
    cr_assert_eq(jws_verify(t, &ec.k, 1, &c, typ), VC_OK, "control: 31-byte typ, no crit");
    cr_assert_str_eq(typ, "0123456789012345678901234567890");
    json_decref(c);
    free(t);
    pair_free(&ec);
}

Test(jws_refusals, refuses_oversize)
{
    struct pair ec;
    pair_make(&ec, JWS_ES256);
    char *h = jt_header_for(ec.k, "ES256");
    size_t big = 20000;
    char *payload = malloc(big + 16);
    memset(payload, 'a', big + 16);
    memcpy(payload, "{\"x\":\"", 6);
    /* ~11.5 KiB of token: under the bound. */
    strcpy(payload + 8600, "\"}");
    char *t = jt_forge(ec.pk, h, payload);
    cr_assert_lt(strlen(t), JWS_MAX_LEN);
    cr_assert_eq(jt_verify1(t, ec.k), VC_OK, "control: %zu bytes", strlen(t));
    free(t);
    memset(payload + 8600, 'a', 3);
    /* ~26 KiB: refused, and jws_sign will not make it either. */
    strcpy(payload + big, "\"}");
    t = jt_forge(ec.pk, h, payload);
    cr_assert_gt(strlen(t), JWS_MAX_LEN);
    cr_assert_eq(jt_verify1(t, ec.k), VC_ERR_INVALID);
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
    char *priv = jt_pem_of(pk, false), *pub = jt_pem_of(pk, true);
    cr_assert_eq(jws_key_from_pem(priv, strlen(priv), &k), VC_ERR_INVALID, "%s private", what);
    cr_assert_eq(jws_key_from_pem(pub, strlen(pub), &k), VC_ERR_INVALID, "%s public", what);
    cr_assert_null(k);
    free(priv);
    free(pub);
    EVP_PKEY_free(pk);
}

Test(jws_refusals, pem_refusals)
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
    char *plain = jt_pem_of(pk, false);
    cr_assert_eq(jws_key_from_pem(plain, strlen(plain) - 30, &k), VC_ERR_INVALID, "truncated");
    cr_assert_eq(jws_key_from_pem(plain, strlen(plain), &k), VC_OK);
    cr_assert(jws_key_is_private(k));
    cr_assert_eq(ERR_peek_error(), 0, "error queue left clean");
    jws_key_free(k);
    free(plain);
    BIO_free(bio);
    EVP_PKEY_free(pk);
}

Test(jws_refusals, jwk_refusals)
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
