/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* The helpers of the crypto/jws.c unit tests (tests/support/jws_forge.h). */
#include "tests/support/jws_forge.h"

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
char *jt_b64(const void *data, size_t len)
{
    size_t n = jws_b64url_len(len) + 1;
    char *out = malloc(n);
    cr_assert_not_null(out);
    cr_assert_eq(jws_b64url_encode(data, len, out, n), n - 1);
    return out;
}

char *jt_cat3(const char *a, const char *sep, const char *b)
{
    size_t n = strlen(a) + strlen(sep) + strlen(b) + 1;
    char *out = malloc(n);
    cr_assert_not_null(out);
    snprintf(out, n, "%s%s%s", a, sep, b);
    return out;
}

/* A new key of alg; *pem_out (if not NULL) gets its PEM. */
struct jws_key *jt_key_gen(enum jws_alg alg, char **pem_out)
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

EVP_PKEY *jt_pkey_of(const char *pem)
{
    BIO *bio = BIO_new_mem_buf(pem, -1);
    EVP_PKEY *pk = PEM_read_bio_PrivateKey(bio, NULL, NULL, NULL);
    BIO_free(bio);
    cr_assert_not_null(pk);
    return pk;
}

char *jt_pem_of(EVP_PKEY *pk, bool pub)
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
char *jt_forge_parts(EVP_PKEY *pk, const char *h64, const char *p64)
{
    char *input = jt_cat3(h64, ".", p64);
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
    char *s64 = jt_b64(raw, raw_len);
    char *out = jt_cat3(input, ".", s64);
    free(s64);
    free(input);
    return out;
}

/* forge_parts over JSON texts. */
char *jt_forge(EVP_PKEY *pk, const char *header, const char *payload)
{
    char *h = jt_b64(header, strlen(header)), *p = jt_b64(payload, strlen(payload));
    char *out = jt_forge_parts(pk, h, p);
    free(h);
    free(p);
    return out;
}

enum vc_status jt_verify1(const char *compact, struct jws_key *k)
{
    json_t *claims = NULL;
    enum vc_status st = jws_verify(compact, &k, 1, &claims, NULL);
    cr_assert((st == VC_OK) == (claims != NULL));
    json_decref(claims);
    return st;
}

char *jt_header_for(const struct jws_key *k, const char *alg)
{
    char *h = malloc(256);
    snprintf(h, 256, "{\"alg\":\"%s\",\"typ\":\"JWT\",\"kid\":\"%s\"}", alg, jws_key_kid(k));
    return h;
}

/* About the size of an ID token's claims (~600 bytes once serialised). */
json_t *jt_id_claims(void)
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
