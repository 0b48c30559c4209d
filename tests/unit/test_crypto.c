/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* Unit tests for src/crypto: password, token, seal, totp (RFC 6238 vector). */
#include <criterion/criterion.h>
#include <sodium.h>
#include <string.h>

#include "crypto/password.h"
#include "crypto/rng.h"
#include "crypto/seal.h"
#include "crypto/token.h"
#include "crypto/totp.h"
#include "util/buf.h"
#include "util/str.h"

static void crypto_setup(void)
{
    cr_assert_eq(password_init(PASSWORD_COST_TEST), VC_OK);
    cr_assert_eq(totp_init(), VC_OK);
}

static void crypto_teardown(void)
{
    totp_done();
}

TestSuite(crypto, .init = crypto_setup, .fini = crypto_teardown);

/* ---- password ---- */

Test(crypto, password_hash_verify)
{
    char h[PASSWORD_HASH_MAX], h2[PASSWORD_HASH_MAX];
    cr_assert_eq(password_hash("correct horse", 13, h), VC_OK);
    cr_assert(strncmp(h, "$argon2id$", 10) == 0, "%s", h);
    cr_assert(password_verify(h, "correct horse", 13));
    cr_assert_not(password_verify(h, "correct horsE", 13));
    cr_assert_not(password_verify(h, "correct hors", 12));
    cr_assert_not(password_verify("garbage", "x", 1));
    cr_assert_eq(password_hash("correct horse", 13, h2), VC_OK);
    cr_assert_str_neq(h, h2, "salted");
    cr_assert_not(password_needs_rehash(h));
    password_verify_dummy("anything", 8);
}

Test(crypto, password_rehash_on_cost_change)
{
    char h[PASSWORD_HASH_MAX];
    cr_assert_eq(password_hash("pw", 2, h), VC_OK);
    cr_assert_eq(password_init(PASSWORD_COST_INTERACTIVE), VC_OK);
    cr_assert(password_needs_rehash(h));
    cr_assert(password_verify(h, "pw", 2), "old hashes still verify");
    cr_assert(password_needs_rehash("not a hash"));
}

/* ---- token ---- */

Test(crypto, token_encode)
{
    uint8_t r[TOKEN_BYTES];
    memset(r, 0xff, sizeof(r));
    char t[TOKEN_TEXT_LEN + 1];
    token_encode(r, t);
    cr_assert_eq(strlen(t), TOKEN_TEXT_LEN);
    cr_assert_eq(strspn(t, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"),
                 TOKEN_TEXT_LEN);
    cr_assert_eq(t[0], '_');
}

Test(crypto, token_code_alphabet_and_length)
{
    uint8_t rnd[64];
    for (int round = 0; round < 50; round++) {
        randombytes_buf(rnd, sizeof(rnd));
        char code[17];
        cr_assert(token_code(rnd, sizeof(rnd), 16, code));
        cr_assert_eq(strlen(code), 16);
        cr_assert_eq(strspn(code, CODE_ALPHABET), 16, "%s", code);
    }
    /* Bytes >= 234 are rejected, not folded onto the first letters. */
    uint8_t fixed[] = {0, 25, 26, 233, 234, 255, 1};
    char c[6];
    cr_assert(token_code(fixed, sizeof(fixed), 5, c));
    char want[6] = {CODE_ALPHABET[0],        CODE_ALPHABET[25], CODE_ALPHABET[0],
                    CODE_ALPHABET[233 % 26], CODE_ALPHABET[1],  0};
    cr_assert_str_eq(c, want);
    uint8_t bad[] = {250, 240, 1};
    cr_assert_not(token_code(bad, sizeof(bad), 2, c), "ran out of bytes");
}

Test(crypto, token_code_normalise)
{
    char out[16];
    cr_assert_eq(token_code_normalise("ab-cd ef", out, sizeof(out)), 6);
    cr_assert_str_eq(out, "ABCDEF");
    cr_assert_eq(token_code_normalise("  x9-y ", out, 3), 2, "bounded");
    cr_assert_str_eq(out, "X9");
}

Test(crypto, token_hash_keyed)
{
    uint8_t p1[32] = {1}, p2[32] = {2};
    char a[TOKEN_HASH_HEX], b[TOKEN_HASH_HEX], c[TOKEN_HASH_HEX];
    token_hash(p1, "secret", 6, a);
    token_hash(p1, "secret", 6, b);
    token_hash(p2, "secret", 6, c);
    cr_assert_eq(strlen(a), 64);
    cr_assert_str_eq(a, b);
    cr_assert_str_neq(a, c);
    token_hash(p1, "secreT", 6, c);
    cr_assert_str_neq(a, c);
    cr_assert(token_equal(a, b));
    cr_assert_not(token_equal(a, c));
    cr_assert_not(token_equal("abc", "abcd"));
}

Test(crypto, sha256_and_hmac_vectors)
{
    char out[65];
    token_sha256_hex("abc", 3, out);
    cr_assert_str_eq(out, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    /* RFC 4231 test case 2 uses a 4-byte key; ours are 32 bytes, so check
     * against a key padded with zeros, which HMAC treats identically. */
    uint8_t key[32] = {'J', 'e', 'f', 'e'};
    token_hmac_hex(key, "what do ya want for nothing?", 28, out);
    cr_assert_str_eq(out, "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
}

Test(crypto, hmac_is_libsodiums_hmac_sha256)
{
    /* differential: random keys and messages of every length around the
     * SHA-256 block boundaries, against crypto_auth_hmacsha256 */
    uint8_t key[32], msg[200], mac[crypto_auth_hmacsha256_BYTES];
    char want[65], got[65];
    for (size_t len = 0; len < sizeof msg; len++) {
        randombytes_buf(key, sizeof key);
        randombytes_buf(msg, len);
        crypto_auth_hmacsha256(mac, msg, len, key);
        str_hex(mac, sizeof mac, want);
        token_hmac_hex(key, msg, len, got);
        cr_assert_str_eq(got, want, "length %zu", len);
    }
}

Test(crypto, a_key_kept_macs_like_a_key_given_each_time)
{
    /* one token_mac under one key, used for many messages in turn: each
     * MAC is crypto_auth_hmacsha256's (its states are not worn by use) */
    uint8_t key[32], msg[200], mac[crypto_auth_hmacsha256_BYTES];
    char want[65], got[65];
    randombytes_buf(key, sizeof key);
    struct token_mac m;
    token_mac_init(&m, key);
    for (int round = 0; round < 2; round++) {
        for (size_t len = 0; len < sizeof msg; len += 7) {
            randombytes_buf(msg, len);
            crypto_auth_hmacsha256(mac, msg, len, key);
            str_hex(mac, sizeof mac, want);
            token_mac_hex(&m, msg, len, got);
            cr_assert_str_eq(got, want, "round %d, length %zu", round, len);
        }
    }
    token_mac_wipe(&m);
    uint8_t zero[sizeof m] = {0};
    cr_assert_eq(memcmp(&m, zero, sizeof m), 0, "wiped");
}

Test(crypto, rng_bytes_differ_and_cover_every_length)
{
    /* not a test of randomness: that every byte is written, that draws
     * differ, across many refills of the per-thread buffer */
    uint8_t a[97], b[97];
    for (int i = 0; i < 200; i++) {
        memset(a, 0, sizeof a);
        memset(b, 0, sizeof b);
        rng_bytes(a, sizeof a);
        rng_bytes(b, sizeof b);
        cr_assert_neq(memcmp(a, b, sizeof a), 0);
        size_t zeros = 0;
        for (size_t k = 0; k < sizeof a; k++)
            zeros += a[k] == 0;
        cr_assert_lt(zeros, 10, "unwritten bytes?");
    }
    uint8_t one;
    rng_bytes(&one, 1);
    rng_bytes(NULL, 0);
}

/* ---- seal ---- */

Test(crypto, seal_round_trip_and_tamper)
{
    uint8_t key[SEAL_KEY_BYTES], other[SEAL_KEY_BYTES];
    randombytes_buf(key, sizeof(key));
    randombytes_buf(other, sizeof(other));
    const char *msg = "carta d'identita";
    struct buf ct, pt;
    buf_init(&ct);
    buf_init(&pt);
    cr_assert_eq(seal_encrypt(key, msg, strlen(msg), &ct), VC_OK);
    cr_assert_eq(ct.len, 24 + 16 + strlen(msg));
    cr_assert_eq(seal_decrypt(key, ct.data, ct.len, &pt), VC_OK);
    cr_assert_eq(pt.len, strlen(msg));
    cr_assert_eq(memcmp(pt.data, msg, pt.len), 0);

    buf_reset(&pt);
    cr_assert_eq(seal_decrypt(other, ct.data, ct.len, &pt), VC_ERR_INVALID);
    ct.data[30] ^= 1;
    cr_assert_eq(seal_decrypt(key, ct.data, ct.len, &pt), VC_ERR_INVALID);
    ct.data[30] ^= 1;
    ct.data[0] ^= 1; /* nonce */
    cr_assert_eq(seal_decrypt(key, ct.data, ct.len, &pt), VC_ERR_INVALID);
    ct.data[0] ^= 1;
    cr_assert_eq(seal_decrypt(key, ct.data, ct.len - 1, &pt), VC_ERR_INVALID);
    cr_assert_eq(seal_decrypt(key, ct.data, 10, &pt), VC_ERR_INVALID);
    cr_assert_eq(pt.len, 0);

    struct buf ct2;
    buf_init(&ct2);
    cr_assert_eq(seal_encrypt(key, "", 0, &ct2), VC_OK);
    cr_assert_eq(seal_decrypt(key, ct2.data, ct2.len, &pt), VC_OK);
    cr_assert_eq(pt.len, 0);
    buf_fini(&ct);
    buf_fini(&ct2);
    buf_fini(&pt);
}

/* ---- totp ---- */

static const uint8_t RFC_SECRET[TOTP_SECRET_BYTES] = "12345678901234567890";

Test(crypto, totp_rfc6238_vectors)
{
    static const struct {
        int64_t t;
        const char *code;
    } v[] = {
        {59, "287082"},         {1111111109, "081804"}, {1111111111, "050471"},
        {1234567890, "005924"}, {2000000000, "279037"}, {20000000000, "353130"},
    };
    for (size_t i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
        char out[7];
        cr_assert_eq(totp_generate(RFC_SECRET, v[i].t, out), VC_OK);
        cr_assert_str_eq(out, v[i].code, "t=%lld", (long long)v[i].t);
        cr_assert(totp_verify(RFC_SECRET, v[i].code, v[i].t, NULL));
    }
}

Test(crypto, totp_window_and_replay)
{
    const int64_t now = 1700000000; /* step 56666666, 20 s into it */
    char code[7], prev[7], next[7], far[7];
    cr_assert_eq(totp_generate(RFC_SECRET, now, code), VC_OK);
    cr_assert_eq(totp_generate(RFC_SECRET, now - 30, prev), VC_OK);
    cr_assert_eq(totp_generate(RFC_SECRET, now + 30, next), VC_OK);
    cr_assert_eq(totp_generate(RFC_SECRET, now + 90, far), VC_OK);
    cr_assert(totp_verify(RFC_SECRET, prev, now, NULL));
    cr_assert(totp_verify(RFC_SECRET, next, now, NULL));
    cr_assert_not(totp_verify(RFC_SECRET, far, now, NULL));
    cr_assert_not(totp_verify(RFC_SECRET, "12345", now, NULL));
    cr_assert_not(totp_verify(RFC_SECRET, "12a456", now, NULL));

    int64_t last = 0;
    cr_assert(totp_verify(RFC_SECRET, code, now, &last));
    cr_assert_eq(last, now / 30);
    cr_assert_not(totp_verify(RFC_SECRET, code, now, &last), "replay");
    cr_assert_not(totp_verify(RFC_SECRET, prev, now, &last), "older step");
    cr_assert_eq(last, now / 30);
    cr_assert(totp_verify(RFC_SECRET, next, now, &last));
    cr_assert_eq(last, now / 30 + 1);
}

Test(crypto, totp_base32_and_uri)
{
    char b32[TOTP_SECRET_B32];
    totp_secret_base32(RFC_SECRET, b32);
    cr_assert_str_eq(b32, "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ");
    char uri[256];
    cr_assert_eq(totp_uri("Varco Enasarco", "mario.rossi@example.it", RFC_SECRET, uri, sizeof(uri)),
                 VC_OK);
    cr_assert_str_eq(uri, "otpauth://totp/Varco%20Enasarco:mario.rossi%40example.it"
                          "?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer=Varco%20Enasarco");
    char small[20];
    cr_assert_eq(totp_uri("Varco", "x", RFC_SECRET, small, sizeof(small)), VC_ERR_INVALID);
}
