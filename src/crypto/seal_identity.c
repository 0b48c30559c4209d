/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* The sealing identity of seal_identity.h with OpenSSL 3: generating the
 * self-signed P-256 certificate, loading an institution's key, certificate
 * and chain from PEM with the checks a signer needs (the key is the
 * certificate's, the certificate is valid today and allows signatures), and
 * the detached CAdES-style CMS signature. OpenSSL's error queue is cleared
 * after every failure so that nothing stale reaches another caller. */
#include "crypto/seal_identity.h"

#include <limits.h>
#include <openssl/bn.h>
#include <openssl/cms.h>
#include <openssl/err.h>
#include <openssl/ess.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rand.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "util/file.h"

struct seal_identity {
    EVP_PKEY *key;
    X509 *cert;
    STACK_OF(X509) * chain; /* may be empty, never NULL */
};

#define SUBJECT_MAX 64    /* ub-common-name (RFC 5280) */
#define CMS_OVERHEAD 4096 /* SignedData, SignerInfo and attributes beyond the certificates */

static enum vc_status fail(enum vc_status st, char *err, size_t err_len, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
static enum vc_status fail(enum vc_status st, char *err, size_t err_len, const char *fmt, ...)
{
    if (err != NULL && err_len > 0) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(err, err_len, fmt, ap);
        va_end(ap);
    }
    ERR_clear_error();
    return st;
}

/* Encrypted keys are refused rather than prompted for on a terminal. */
static int no_passphrase(char *buf, int size, int rwflag, void *u)
{
    (void)buf, (void)size, (void)rwflag, (void)u;
    return -1;
}

static bool add_ext(X509 *x, int nid, const char *value)
{
    X509V3_CTX ctx;
    X509V3_set_ctx_nodb(&ctx);
    X509V3_set_ctx(&ctx, x, x, NULL, NULL, 0);
    X509_EXTENSION *ext = X509V3_EXT_nconf_nid(NULL, &ctx, nid, value);
    bool ok = ext != NULL && X509_add_ext(x, ext, -1) == 1;
    X509_EXTENSION_free(ext);
    return ok;
}

static bool put_pem(BIO *bio, struct buf *out)
{
    char *p = NULL;
    long n = BIO_get_mem_data(bio, &p);
    if (n <= 0)
        return false;
    buf_append(out, p, (size_t)n);
    return true;
}

enum vc_status seal_identity_generate(const char *subject, int64_t now, struct buf *key_pem,
                                      struct buf *cert_pem, char *err, size_t err_len)
{
    if (subject == NULL || subject[0] == '\0' || strlen(subject) > SUBJECT_MAX)
        return fail(VC_ERR_INVALID, err, err_len, "the certificate's name must be 1 to %d bytes",
                    SUBJECT_MAX);
    enum vc_status st = VC_ERR_INTERNAL;
    const char *step = "key";
    EVP_PKEY *key = NULL;
    X509 *x = NULL;
    X509_NAME *name = NULL;
    BIGNUM *bn = NULL;
    BIO *kb = NULL, *cb = NULL;
    unsigned char serial[16];
    time_t t = (time_t)now;

    if ((key = EVP_EC_gen("P-256")) == NULL)
        goto out;
    step = "certificate";
    if ((x = X509_new()) == NULL || X509_set_version(x, X509_VERSION_3) != 1 ||
        RAND_bytes(serial, sizeof serial) != 1)
        goto out;
    serial[0] &= 0x7f; /* a positive INTEGER (RFC 5280 §4.1.2.2) */
    serial[0] |= 0x40; /* of full length */
    if ((bn = BN_bin2bn(serial, sizeof serial, NULL)) == NULL ||
        BN_to_ASN1_INTEGER(bn, X509_get_serialNumber(x)) == NULL ||
        ASN1_TIME_set(X509_getm_notBefore(x), t) == NULL ||
        ASN1_TIME_adj(X509_getm_notAfter(x), t, 365 * SEAL_IDENTITY_YEARS + SEAL_IDENTITY_YEARS / 4,
                      0) == NULL)
        goto out;
    step = "name";
    if ((name = X509_NAME_new()) == NULL ||
        X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_UTF8, (const unsigned char *)subject, -1,
                                   -1, 0) != 1 ||
        X509_NAME_add_entry_by_txt(name, "O", MBSTRING_UTF8, (const unsigned char *)subject, -1, -1,
                                   0) != 1) {
        st = VC_ERR_INVALID; /* not UTF-8 */
        goto out;
    }
    step = "extensions";
    if (X509_set_subject_name(x, name) != 1 || X509_set_issuer_name(x, name) != 1 ||
        X509_set_pubkey(x, key) != 1 || !add_ext(x, NID_basic_constraints, "critical,CA:FALSE") ||
        !add_ext(x, NID_key_usage, "critical,digitalSignature,nonRepudiation") ||
        !add_ext(x, NID_subject_key_identifier, "hash"))
        goto out;
    step = "signature";
    if (X509_sign(x, key, EVP_sha256()) <= 0)
        goto out;
    step = "PEM";
    if ((kb = BIO_new(BIO_s_mem())) == NULL || (cb = BIO_new(BIO_s_mem())) == NULL ||
        PEM_write_bio_PrivateKey(kb, key, NULL, NULL, 0, NULL, NULL) != 1 ||
        PEM_write_bio_X509(cb, x) != 1)
        goto out;
    struct buf k, c;
    buf_init(&k);
    buf_init(&c);
    if (put_pem(kb, &k) && put_pem(cb, &c)) {
        buf_append(key_pem, k.data, k.len);
        buf_append(cert_pem, c.data, c.len);
        st = VC_OK;
    }
    if (k.data != NULL)
        OPENSSL_cleanse(k.data, k.len);
    buf_fini(&k);
    buf_fini(&c);
out:
    if (st != VC_OK)
        fail(st, err, err_len,
             st == VC_ERR_INVALID ? "the certificate's name is not UTF-8 text"
                                  : "OpenSSL failed making the %s",
             step);
    if (kb != NULL) { /* the key's PEM, wiped before its memory is freed */
        char *p = NULL;
        long n = BIO_get_mem_data(kb, &p);
        if (n > 0 && p != NULL)
            OPENSSL_cleanse(p, (size_t)n);
    }
    BIO_free(kb);
    BIO_free(cb);
    BN_free(bn);
    X509_NAME_free(name);
    X509_free(x);
    EVP_PKEY_free(key);
    return st;
}

void seal_identity_free(struct seal_identity *id)
{
    if (id == NULL)
        return;
    EVP_PKEY_free(id->key);
    X509_free(id->cert);
    sk_X509_pop_free(id->chain, X509_free);
    free(id);
}

static BIO *mem_bio(const char *data, size_t len)
{
    return len <= INT_MAX ? BIO_new_mem_buf(data, (int)len) : NULL;
}

enum vc_status seal_identity_parse(const char *key_pem, size_t key_len, const char *cert_pem,
                                   size_t cert_len, const char *chain_pem, size_t chain_len,
                                   int64_t now, struct seal_identity **out, char *err,
                                   size_t err_len)
{
    struct seal_identity *id = calloc(1, sizeof *id);
    BIO *bio = NULL;
    enum vc_status st = VC_ERR_INVALID;
    time_t t = (time_t)now;
    if (id == NULL || (id->chain = sk_X509_new_null()) == NULL) {
        st = fail(VC_ERR_NOMEM, err, err_len, "out of memory");
        goto out;
    }
    if ((bio = mem_bio(key_pem, key_len)) == NULL ||
        (id->key = PEM_read_bio_PrivateKey(bio, NULL, no_passphrase, NULL)) == NULL) {
        fail(st, err, err_len, "the key file holds no unencrypted private key in PEM");
        goto out;
    }
    BIO_free(bio);
    if ((bio = mem_bio(cert_pem, cert_len)) == NULL ||
        (id->cert = PEM_read_bio_X509(bio, NULL, no_passphrase, NULL)) == NULL) {
        fail(st, err, err_len, "the certificate file holds no certificate in PEM");
        goto out;
    }
    BIO_free(bio);
    bio = NULL;
    if (chain_pem != NULL && chain_len > 0) {
        if ((bio = mem_bio(chain_pem, chain_len)) == NULL)
            goto bad_chain;
        X509 *c;
        while ((c = PEM_read_bio_X509(bio, NULL, no_passphrase, NULL)) != NULL) {
            if (sk_X509_num(id->chain) >= SEAL_IDENTITY_CHAIN_MAX || !sk_X509_push(id->chain, c)) {
                X509_free(c);
                goto bad_chain;
            }
        }
        ERR_clear_error(); /* the end of the file reads as "no start line" */
        if (sk_X509_num(id->chain) == 0)
            goto bad_chain;
    }
    if (X509_check_private_key(id->cert, id->key) != 1) {
        fail(st, err, err_len, "the key is not the certificate's");
        goto out;
    }
    int before = ASN1_TIME_cmp_time_t(X509_get0_notBefore(id->cert), t);
    int after = ASN1_TIME_cmp_time_t(X509_get0_notAfter(id->cert), t);
    if (before == -2 || after == -2 || before > 0 || after < 0) {
        fail(st, err, err_len, "the certificate is not valid today (see its notBefore/notAfter)");
        goto out;
    }
    if ((X509_get_key_usage(id->cert) & (KU_DIGITAL_SIGNATURE | KU_NON_REPUDIATION)) == 0) {
        fail(st, err, err_len, "the certificate's keyUsage allows no signatures");
        goto out;
    }
    *out = id;
    id = NULL;
    st = VC_OK;
    goto done;
bad_chain:
    fail(st, err, err_len, "the chain file holds 1 to %d certificates in PEM",
         SEAL_IDENTITY_CHAIN_MAX);
out:
    ERR_clear_error();
done:
    BIO_free(bio);
    seal_identity_free(id);
    return st;
}

enum vc_status seal_identity_load(const char *key_file, const char *cert_file,
                                  const char *chain_file, int64_t now, struct seal_identity **out,
                                  char *err, size_t err_len)
{
    const char *files[3] = {key_file, cert_file, chain_file};
    char *data[3] = {NULL, NULL, NULL};
    size_t len[3] = {0, 0, 0};
    enum vc_status st = VC_OK;
    for (int i = 0; i < 3 && st == VC_OK; i++) {
        if (files[i] == NULL || files[i][0] == '\0')
            continue;
        st = file_read_all(files[i], SEAL_IDENTITY_FILE_MAX, &data[i], &len[i]);
        if (st != VC_OK)
            fail(st, err, err_len, "%s: %s", files[i],
                 st == VC_ERR_NOT_FOUND ? "no such file"
                 : st == VC_ERR_LIMIT   ? "too large for a key or certificate file"
                                        : "cannot be read");
    }
    if (st == VC_OK && (data[0] == NULL || data[1] == NULL))
        st = fail(VC_ERR_INVALID, err, err_len, "no key or certificate file given");
    if (st == VC_OK) {
        char why[200] = "";
        st = seal_identity_parse(data[0], len[0], data[1], len[1], data[2], len[2], now, out, why,
                                 sizeof why);
        if (st != VC_OK)
            fail(st, err, err_len, "%s, %s: %s", key_file, cert_file, why);
    }
    if (data[0] != NULL)
        OPENSSL_cleanse(data[0], len[0]);
    for (int i = 0; i < 3; i++)
        free(data[i]);
    return st;
}

void seal_identity_describe(const struct seal_identity *id, char *subject, size_t subject_len,
                            int64_t *out_not_after)
{
    BIO *bio = BIO_new(BIO_s_mem());
    subject[0] = '\0';
    if (bio != NULL && X509_NAME_print_ex(bio, X509_get_subject_name(id->cert), 0,
                                          XN_FLAG_RFC2253 & ~ASN1_STRFLGS_ESC_MSB) >= 0) {
        char *p = NULL;
        long n = BIO_get_mem_data(bio, &p);
        snprintf(subject, subject_len, "%.*s", (int)(n > 0 ? n : 0), p != NULL ? p : "");
    }
    BIO_free(bio);
    struct tm tm;
    *out_not_after = ASN1_TIME_to_tm(X509_get0_notAfter(id->cert), &tm) == 1 ? timegm(&tm) : 0;
    ERR_clear_error();
}

size_t seal_identity_cms_max(const struct seal_identity *id)
{
    size_t n = CMS_OVERHEAD + 2 * (size_t)i2d_X509_NAME(X509_get_issuer_name(id->cert), NULL) +
               (size_t)i2d_X509(id->cert, NULL) + (size_t)EVP_PKEY_get_size(id->key);
    for (int i = 0; i < sk_X509_num(id->chain); i++)
        n += (size_t)i2d_X509(sk_X509_value(id->chain, i), NULL);
    return n;
}

enum vc_status seal_identity_sign(const struct seal_identity *id, const uint8_t *a, size_t a_len,
                                  const uint8_t *b, size_t b_len, int64_t signing_time,
                                  struct buf *out)
{
    const unsigned flags = CMS_DETACHED | CMS_BINARY | CMS_PARTIAL | CMS_NOSMIMECAP;
    enum vc_status st = VC_ERR_INTERNAL;
    BIO *data = NULL;
    CMS_ContentInfo *cms = NULL;
    ASN1_TIME *when = NULL;
    ESS_SIGNING_CERT_V2 *ess = NULL;
    unsigned char *ess_der = NULL, *der = NULL;
    CMS_SignerInfo *si;
    int ess_len, der_len;

    if (a_len > INT_MAX || b_len > INT_MAX || (data = BIO_new(BIO_s_mem())) == NULL ||
        (a_len > 0 && BIO_write(data, a, (int)a_len) != (int)a_len) ||
        (b_len > 0 && BIO_write(data, b, (int)b_len) != (int)b_len))
        goto out;
    if ((cms = CMS_sign(NULL, NULL, NULL, NULL, flags)) == NULL ||
        (si = CMS_add1_signer(cms, id->cert, id->key, EVP_sha256(), flags)) == NULL)
        goto out;
    for (int i = 0; i < sk_X509_num(id->chain); i++) {
        if (CMS_add1_cert(cms, sk_X509_value(id->chain, i)) != 1)
            goto out;
    }
    /* signingTime as given, not OpenSSL's clock: it must agree with /M */
    if ((when = ASN1_TIME_set(NULL, (time_t)signing_time)) == NULL ||
        CMS_signed_add1_attr_by_NID(si, NID_pkcs9_signingTime, ASN1_STRING_type(when), when, -1) !=
            1)
        goto out;
    /* ESS signing-certificate-v2 (RFC 5035): binds the signature to the
     * certificate; CAdES (ETSI EN 319 122-1 §5.2.2) requires it */
    if ((ess = OSSL_ESS_signing_cert_v2_new_init(EVP_sha256(), id->cert, NULL, 1)) == NULL ||
        (ess_len = i2d_ESS_SIGNING_CERT_V2(ess, &ess_der)) <= 0 ||
        CMS_signed_add1_attr_by_NID(si, NID_id_smime_aa_signingCertificateV2, V_ASN1_SEQUENCE,
                                    ess_der, ess_len) != 1)
        goto out;
    if (CMS_final(cms, data, NULL, flags) != 1 || (der_len = i2d_CMS_ContentInfo(cms, &der)) <= 0)
        goto out;
    buf_append(out, der, (size_t)der_len);
    st = VC_OK;
out:
    ERR_clear_error();
    OPENSSL_free(der);
    OPENSSL_free(ess_der);
    ESS_SIGNING_CERT_V2_free(ess);
    ASN1_TIME_free(when);
    CMS_ContentInfo_free(cms);
    BIO_free(data);
    return st;
}
