/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* What the unit tests of crypto/jws.c share (tests/unit/test_jws*.c): small
 * encoders, keys made and read with OpenSSL, the RFC 7638 example's modulus,
 * and a second, independent signer over OpenSSL's EVP calls (jt_forge) that
 * signs what the module must refuse, so that each refusal is about the one
 * flaw it names and not about a broken signature. */
#ifndef VARCO_TESTS_JWS_FORGE_H
#define VARCO_TESTS_JWS_FORGE_H
#include <jansson.h>
#include <openssl/evp.h>
#include <stdbool.h>
#include <stddef.h>

#include "crypto/jws.h"

#define RFC7638_N                                                                                  \
    "0vx7agoebGcQSuuPiLJXZptN9nndrQmbXEps2aiAFbWhM78LhWx4cbbfAAtVT86zwu1RK7aPFFxuhDR1L6tSoc_BJECP" \
    "ebWKRXjBZCiFV4n3oknjhMstn64tZ_2W-5JsGY4Hc5n9yBXArwl93lqt7_RN5w6Cf0h4QyQ5v-65YGjQR0_FDW2QvzqY" \
    "368QQMicAtaSqzs8KJZgnYb9c7d0zgdAZHzu6qMQvRL5hajrn1n91CbOpbISD08qNLyrdkt-bFTWhAI4vMQFh6WeZu0f" \
    "M4lFd2NcRwr3XPksINHaQ-G_xBniIqbw0Ls1jF44-csFCur-kEgU8awapJzKnqDKgw"

char *jt_b64(const void *data, size_t len);
char *jt_cat3(const char *a, const char *sep, const char *b);
struct jws_key *jt_key_gen(enum jws_alg alg, char **pem_out);
EVP_PKEY *jt_pkey_of(const char *pem);
char *jt_pem_of(EVP_PKEY *pk, bool pub);
char *jt_forge_parts(EVP_PKEY *pk, const char *h64, const char *p64);
char *jt_forge(EVP_PKEY *pk, const char *header, const char *payload);
enum vc_status jt_verify1(const char *compact, struct jws_key *k);
char *jt_header_for(const struct jws_key *k, const char *alg);
json_t *jt_id_claims(void);

#endif
