/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* Unit tests for src/crypto/pdf_seal.c, pdf_reader.c and seal_identity.c:
 * a PDF drawn by render/pdf.c sealed and its CMS verified with OpenSSL over
 * the /ByteRange (and refused once a signed byte changes); the update read
 * back by the reader; hand-made PDFs that exercise /Annots in its forms and
 * malformed ones that must be refused; the identity's generation and the
 * checks of its loading. pdfsig's own verdict: tests/e2e/seal.test.js. */
#include <criterion/criterion.h>
#include <openssl/bio.h>
#include <openssl/cms.h>
#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <stdlib.h>
#include <string.h>

#include "crypto/pdf_reader.h"
#include "crypto/pdf_seal.h"
#include "crypto/seal_identity.h"
#include "render/i18n.h"
#include "render/pdf.h"
#include "util/buf.h"

#define NOW 1798761600 /* 2027-01-01T00:00:00Z */

struct ident {
    struct buf key, cert;
    struct seal_identity *id;
};

static void ident_make(struct ident *t, const char *name)
{
    char err[256];
    buf_init(&t->key);
    buf_init(&t->cert);
    cr_assert_eq(seal_identity_generate(name, NOW, &t->key, &t->cert, err, sizeof err), VC_OK, "%s",
                 err);
    cr_assert_eq(seal_identity_parse(t->key.data, t->key.len, t->cert.data, t->cert.len, NULL, 0,
                                     NOW, &t->id, err, sizeof err),
                 VC_OK, "%s", err);
}

static void ident_free(struct ident *t)
{
    seal_identity_free(t->id);
    buf_fini(&t->key);
    buf_fini(&t->cert);
}

/* The identification form as render/pdf.c draws it (cairo 1.16). */
static void render_form(struct buf *out)
{
    struct i18n *t = NULL;
    char err[256];
    cr_assert_eq(i18n_load("po", &t, err, sizeof err), VC_OK, "%s", err);
    struct member m = {0};
    strcpy(m.matricola, "100001");
    strcpy(m.codice_fiscale, "RSSMRA80A41F205B");
    strcpy(m.given_name, "Maria");
    strcpy(m.family_name, "Rossi");
    strcpy(m.address, "Via Roma 1");
    strcpy(m.postcode, "00100");
    strcpy(m.city, "Roma");
    strcpy(m.province, "RM");
    struct pdf_id_form f = {.lang = "it",
                            .institution = "Ente di prova",
                            .member = &m,
                            .username = "maria@example.org",
                            .case_number = "ID-2027-000001",
                            .case_url = "http://127.0.0.1/c/1",
                            .form_email = "moduli@example.org",
                            .form_fax = "06 000000",
                            .date = "01/01/2027"};
    cr_assert_eq(pdf_render_id_form(&f, t, out), VC_OK);
    i18n_free(t);
}

/* /ByteRange [0 a b c] of a sealed file, checked to cover all but /Contents. */
static void byte_range(const struct buf *pdf, size_t *a, size_t *b, size_t *c)
{
    const char *br = memmem(pdf->data, pdf->len, "/ByteRange [0 ", 14);
    cr_assert_not_null(br);
    size_t zero;
    cr_assert_eq(sscanf(br, "/ByteRange [%zu %zu %zu %zu", &zero, a, b, c), 4);
    cr_assert_eq(zero, 0);
    cr_assert_eq(*b + *c, pdf->len, "the second range ends the file");
    cr_assert(*a < *b);
    cr_assert_eq(pdf->data[*a], '<');
    cr_assert_eq(pdf->data[*b - 1], '>');
    for (size_t i = *a + 1; i < *b - 1; i++)
        cr_assert(strchr("0123456789ABCDEF", pdf->data[i]) != NULL, "hex only in /Contents");
}

static CMS_ContentInfo *contents_cms(const struct buf *pdf, size_t a, size_t b)
{
    size_t n = (b - a - 2) / 2;
    unsigned char *der = malloc(n);
    for (size_t i = 0; i < n; i++) {
        unsigned v;
        cr_assert_eq(sscanf(pdf->data + a + 1 + 2 * i, "%2x", &v), 1);
        der[i] = (unsigned char)v;
    }
    const unsigned char *p = der;
    CMS_ContentInfo *cms = d2i_CMS_ContentInfo(NULL, &p, (long)n);
    free(der);
    cr_assert_not_null(cms, "a CMS ContentInfo in /Contents (zero padding after it)");
    return cms;
}

/* CMS_verify over the two ranges, the certificate as the trust anchor. */
static bool verify(const struct buf *pdf, const struct buf *cert_pem)
{
    size_t a, b, c;
    byte_range(pdf, &a, &b, &c);
    CMS_ContentInfo *cms = contents_cms(pdf, a, b);
    BIO *cb = BIO_new_mem_buf(cert_pem->data, (int)cert_pem->len);
    X509 *cert = PEM_read_bio_X509(cb, NULL, NULL, NULL);
    cr_assert_not_null(cert);
    X509_STORE *store = X509_STORE_new();
    X509_STORE_add_cert(store, cert);
    X509_VERIFY_PARAM_set_time(X509_STORE_get0_param(store), NOW + 60);
    BIO *data = BIO_new(BIO_s_mem());
    BIO_write(data, pdf->data, (int)a);
    BIO_write(data, pdf->data + b, (int)c);
    bool ok = CMS_verify(cms, NULL, store, data, NULL, CMS_BINARY) == 1;
    BIO_free(data);
    X509_STORE_free(store);
    X509_free(cert);
    BIO_free(cb);
    CMS_ContentInfo_free(cms);
    ERR_clear_error();
    return ok;
}

Test(pdf_seal, render_pdf_sealed_and_cms_verified)
{
    struct ident t;
    ident_make(&t, "Ente di prova");
    struct buf pdf, out;
    buf_init(&pdf);
    buf_init(&out);
    render_form(&pdf);
    char why[200] = "";
    cr_assert_eq(pdf_seal((const uint8_t *)pdf.data, pdf.len, t.id, NOW, "Contratto firmato", &out,
                          why, sizeof why),
                 VC_OK, "%s", why);
    /* an incremental update: the original bytes first, unchanged */
    cr_assert(out.len > pdf.len);
    cr_assert_eq(memcmp(out.data, pdf.data, pdf.len), 0);
    cr_assert_not_null(memmem(out.data + pdf.len, out.len - pdf.len, "/Prev ", 6));
    cr_assert_not_null(memmem(out.data, out.len, "/SubFilter /ETSI.CAdES.detached", 31));
    cr_assert_not_null(memmem(out.data, out.len, "/M (D:20270101000000Z)", 22));
    cr_assert(verify(&out, &t.cert), "the CMS verifies over the byte range");

    /* the signed attributes: SHA-256, signingTime = /M, ESS signing-certificate-v2 */
    size_t a, b, c;
    byte_range(&out, &a, &b, &c);
    CMS_ContentInfo *cms = contents_cms(&out, a, b);
    cr_assert(CMS_is_detached(cms));
    STACK_OF(CMS_SignerInfo) *sis = CMS_get0_SignerInfos(cms);
    cr_assert_eq(sk_CMS_SignerInfo_num(sis), 1);
    CMS_SignerInfo *si = sk_CMS_SignerInfo_value(sis, 0);
    X509_ALGOR *dig;
    CMS_SignerInfo_get0_algs(si, NULL, NULL, &dig, NULL);
    const ASN1_OBJECT *oid;
    X509_ALGOR_get0(&oid, NULL, NULL, dig);
    cr_assert_eq(OBJ_obj2nid(oid), NID_sha256);
    cr_assert(CMS_signed_get_attr_by_NID(si, NID_id_smime_aa_signingCertificateV2, -1) >= 0);
    ASN1_TIME *when =
        CMS_signed_get0_data_by_OBJ(si, OBJ_nid2obj(NID_pkcs9_signingTime), -3, V_ASN1_UTCTIME);
    cr_assert_not_null(when);
    cr_assert_eq(ASN1_TIME_cmp_time_t(when, NOW), 0);
    STACK_OF(X509) *certs = CMS_get1_certs(cms);
    cr_assert_eq(sk_X509_num(certs), 1, "the signer's certificate is included");
    sk_X509_pop_free(certs, X509_free);
    CMS_ContentInfo_free(cms);

    /* a byte changed in either signed range breaks it */
    struct buf bad;
    buf_init(&bad);
    buf_append(&bad, out.data, out.len);
    bad.data[pdf.len / 2] ^= 0x01;
    cr_assert_not(verify(&bad, &t.cert));
    buf_reset(&bad);
    buf_append(&bad, out.data, out.len);
    bad.data[out.len - 20] ^= 0x01;
    cr_assert_not(verify(&bad, &t.cert));
    buf_fini(&bad);
    buf_fini(&pdf);
    buf_fini(&out);
    ident_free(&t);
}

/* Reads the sealed file back with the reader: every object of the update
 * is where the new table says, the catalog has the form, page 1 the widget. */
Test(pdf_seal, update_reads_back)
{
    struct ident t;
    ident_make(&t, "Ente di prova");
    struct buf pdf, out;
    buf_init(&pdf);
    buf_init(&out);
    render_form(&pdf);
    cr_assert_eq(pdf_seal((const uint8_t *)pdf.data, pdf.len, t.id, NOW, NULL, &out, NULL, 0),
                 VC_OK);
    struct pdf_doc d, old;
    char why[200] = "";
    cr_assert_eq(pdf_doc_open((const uint8_t *)out.data, out.len, &d, why, sizeof why), VC_OK, "%s",
                 why);
    cr_assert_eq(pdf_doc_open((const uint8_t *)pdf.data, pdf.len, &old, why, sizeof why), VC_OK);
    cr_assert_eq(d.size, old.size + 2);
    for (size_t i = 1; i < d.size; i++) { /* streams are not read: only their place */
        struct pdf_value v;
        const char *at = out.data + d.offsets[i];
        const char *end = memmem(at, out.len - d.offsets[i], "endobj", 6);
        bool stream = end != NULL && memmem(at, (size_t)(end - at), ">>\nstream\n", 10) != NULL;
        cr_assert(pdf_doc_object(&d, (int64_t)i, &v) == VC_OK || stream, "object %zu", i);
    }
    struct pdf_value cat, form, fields, sig, type;
    cr_assert_eq(pdf_doc_object(&d, d.root.num, &cat), VC_OK);
    cr_assert_eq(pdf_dict_get(&d, &cat, "AcroForm", &form), VC_OK);
    cr_assert_eq(pdf_dict_get(&d, &form, "Fields", &fields), VC_OK);
    cr_assert_eq(pdf_doc_object(&d, (int64_t)old.size, &sig), VC_OK);
    cr_assert_eq(pdf_dict_get(&d, &sig, "Type", &type), VC_OK);
    cr_assert(pdf_is_name(&d, &type, "Sig"));
    cr_assert_eq(pdf_doc_object(&d, (int64_t)old.size + 1, &sig), VC_OK);
    cr_assert_eq(pdf_dict_get(&d, &sig, "FT", &type), VC_OK);
    cr_assert(pdf_is_name(&d, &type, "Sig"));
    pdf_doc_close(&d);
    pdf_doc_close(&old);
    buf_fini(&pdf);
    buf_fini(&out);
    ident_free(&t);
}

/* A small PDF: objects 1..n as given, a classic table, the trailer with
 * /Size n+1 /Root 1 0 R and extra. */
static void mkpdf(struct buf *b, const char *const *objs, size_t n, const char *extra)
{
    size_t off[16];
    buf_puts(b, "%PDF-1.4\n");
    for (size_t i = 0; i < n; i++) {
        off[i] = b->len;
        buf_printf(b, "%zu 0 obj\n%s\nendobj\n", i + 1, objs[i]);
    }
    size_t xref = b->len;
    buf_printf(b, "xref\n0 %zu\n0000000000 65535 f\r\n", n + 1);
    for (size_t i = 0; i < n; i++)
        buf_printf(b, "%010zu 00000 n\r\n", off[i]);
    buf_printf(b, "trailer\n<< /Size %zu /Root 1 0 R %s >>\nstartxref\n%zu\n%%%%EOF\n", n + 1,
               extra, xref);
}

static enum vc_status seal_objs(const char *const *objs, size_t n, const char *extra,
                                struct buf *out, char *why, size_t why_len)
{
    struct ident t;
    ident_make(&t, "Ente");
    struct buf pdf;
    buf_init(&pdf);
    mkpdf(&pdf, objs, n, extra);
    enum vc_status st =
        pdf_seal((const uint8_t *)pdf.data, pdf.len, t.id, NOW, "r", out, why, why_len);
    if (st == VC_OK)
        cr_assert(verify(out, &t.cert));
    buf_fini(&pdf);
    ident_free(&t);
    return st;
}

#define CATALOG "<< /Type /Catalog /Pages 2 0 R >>"
#define PAGES "<< /Type /Pages /Kids [3 0 R] /Count 1 >>"

Test(pdf_seal, annots_inline_indirect_and_absent)
{
    struct buf out;
    buf_init(&out);
    char why[200] = "";
    const char *inline_annots[] = {CATALOG, PAGES,
                                   "<< /Type /Page /Parent 2 0 R /Annots [4 0 R] % comment\n"
                                   " /MediaBox [0 0 10 10] >>",
                                   "<< /Type /Annot /Subtype /Text /Rect [0 0 1 1] >>"};
    cr_assert_eq(seal_objs(inline_annots, 4, "", &out, why, sizeof why), VC_OK, "%s", why);
    cr_assert_not_null(memmem(out.data, out.len, "/Annots [4 0 R 6 0 R]", 21));
    buf_reset(&out);
    const char *indirect[] = {CATALOG, PAGES, "<< /Type /Page /Parent 2 0 R /Annots 4 0 R >>",
                              "[5 0 R]", "<< /Type /Annot /Subtype /Text /Rect [0 0 1 1] >>"};
    cr_assert_eq(seal_objs(indirect, 5, "/ID [<00> <00>]", &out, why, sizeof why), VC_OK, "%s",
                 why);
    cr_assert_not_null(memmem(out.data, out.len, "4 0 obj\n[5 0 R 7 0 R]", 21));
    cr_assert_not_null(memmem(out.data, out.len, "/ID [<00> <00>]\n   /Prev", 24),
                       "the trailer's /ID carried over");
    buf_reset(&out);
    /* a two-level page tree: the first leaf is page 1 */
    const char *tree[] = {CATALOG, "<< /Type /Pages /Kids [4 0 R 3 0 R] /Count 2 >>",
                          "<< /Type /Page /Parent 2 0 R >>",
                          "<< /Type /Pages /Parent 2 0 R /Kids [5 0 R] /Count 1 >>",
                          "<< /Type /Page /Parent 4 0 R >>"};
    cr_assert_eq(seal_objs(tree, 5, "", &out, why, sizeof why), VC_OK, "%s", why);
    cr_assert_not_null(memmem(out.data, out.len, "/P 5 0 R", 8));
    buf_fini(&out);
}

struct refusal {
    const char *name;
    const char *objs[4];
    size_t n;
    const char *extra;
};

Test(pdf_seal, malformed_structures_refused)
{
    static const struct refusal R[] = {
        {"no catalog type", {"<< /Pages 2 0 R >>", PAGES, "<< /Type /Page >>"}, 3, ""},
        {"root is a page", {"<< /Type /Page >>"}, 1, ""},
        {"no pages", {"<< /Type /Catalog >>"}, 1, ""},
        {"pages not a ref",
         {"<< /Type /Catalog /Pages [2 0 R] >>", PAGES, "<< /Type /Page >>"},
         3,
         ""},
        {"kids loop", {CATALOG, "<< /Type /Pages /Kids [2 0 R] /Count 1 >>"}, 2, ""},
        {"empty kids", {CATALOG, "<< /Type /Pages /Kids [] /Count 0 >>"}, 2, ""},
        {"kid out of range", {CATALOG, "<< /Type /Pages /Kids [99 0 R] >>"}, 2, ""},
        {"wrong generation",
         {CATALOG, "<< /Type /Pages /Kids [3 7 R] >>", "<< /Type /Page >>"},
         3,
         ""},
        {"page is a stream",
         {CATALOG, PAGES, "<< /Type /Page /Length 0 >>\nstream\n\nendstream"},
         3,
         ""},
        {"has a form already",
         {"<< /Type /Catalog /Pages 2 0 R /AcroForm << /Fields [] >> >>", PAGES,
          "<< /Type /Page >>"},
         3,
         ""},
        {"annots not an array", {CATALOG, PAGES, "<< /Type /Page /Annots 5 >>"}, 3, ""},
        {"indirect annots not an array",
         {CATALOG, PAGES, "<< /Type /Page /Annots 4 0 R >>", "<< >>"},
         4,
         ""},
        {"unbalanced dict", {CATALOG, PAGES, "<< /Type /Page /MediaBox [0 0 1 1 >>"}, 3, ""},
        {"unterminated string", {CATALOG, PAGES, "<< /Type /Page /X (abc >>"}, 3, ""},
        {"encrypted", {CATALOG, PAGES, "<< /Type /Page >>"}, 3, "/Encrypt 9 0 R"},
        {"hybrid xref stream", {CATALOG, PAGES, "<< /Type /Page >>"}, 3, "/XRefStm 10"},
        {"deep nesting",
         {CATALOG, PAGES,
          "<< /Type /Page /X [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]"
          "]]]]]]]]]]]]] >>"},
         3,
         ""},
    };
    for (size_t i = 0; i < sizeof R / sizeof R[0]; i++) {
        struct buf out;
        buf_init(&out);
        char why[200] = "";
        enum vc_status st = seal_objs(R[i].objs, R[i].n, R[i].extra, &out, why, sizeof why);
        cr_expect_eq(st, VC_ERR_INVALID, "%s: %s", R[i].name, vc_status_name(st));
        cr_expect_eq(out.len, 0, "%s: nothing written", R[i].name);
        cr_expect_neq(why[0], '\0', "%s: a reason", R[i].name);
        buf_fini(&out);
    }
}

static enum vc_status seal_bytes(const char *data, size_t len, char *why, size_t why_len)
{
    struct ident t;
    ident_make(&t, "Ente");
    struct buf out;
    buf_init(&out);
    enum vc_status st = pdf_seal((const uint8_t *)data, len, t.id, NOW, NULL, &out, why, why_len);
    cr_assert(st != VC_OK || out.len > len);
    buf_fini(&out);
    ident_free(&t);
    return st;
}

Test(pdf_seal, malformed_files_refused)
{
    char why[200];
    static const char *const FILES[] = {
        "",
        "hello",
        "%PDF-1.4\n",
        "%PDF-1.4\nstartxref\n999999\n%%EOF\n",
        "%PDF-1.4\nstartxref\n9\n%%EOF\n", /* points at itself, not "xref" */
        "%PDF-1.4\nstartxref\n-1\n%%EOF\n",
        "%PDF-1.4\nstartxref\n18446744073709551617\n%%EOF\n",
        "%PDF-1.5\n1 0 obj\n<< /Type /XRef /Size 1 >>\nstream\nendstream\nendobj\n"
        "startxref\n9\n%%EOF\n", /* a cross-reference stream */
        "%PDF-1.4\nxref\n0 1\n0000000000 65535 f\r\ntrailer\n<< /Size 1 /Root 1 0 R >>\n"
        "startxref\n9\n%%EOF\n", /* the root is free */
        "%PDF-1.4\nxref\n0 5\n0000000000 65535 f\r\ntrailer\n<< /Size 5 /Root 1 0 R >>\n"
        "startxref\n9\n%%EOF\n", /* table cut short */
        "%PDF-1.4\nxref\n0 1\n0000000000 65535 f\r\ntrailer\n<< /Size 99999999 /Root 1 0 R >>\n"
        "startxref\n9\n%%EOF\n", /* /Size out of range */
        "%PDF-1.4\nxref\n0 1\n0000000000 65535 f\r\ntrailer\n<< /Size 1 /Root 1 0 R /Prev 9 >>\n"
        "startxref\n9\n%%EOF\n", /* /Prev loop: bounded */
        "%PDF-1.4\nxref\n0 1\n0000000000 65535 f\r\ntrailer\n<< /Size 1 /Root 1 0 R >>\n"
        "startxref\n9\n", /* no %%EOF */
    };
    for (size_t i = 0; i < sizeof FILES / sizeof FILES[0]; i++) {
        why[0] = '\0';
        enum vc_status st = seal_bytes(FILES[i], strlen(FILES[i]), why, sizeof why);
        cr_expect_eq(st, VC_ERR_INVALID, "file %zu: %s", i, vc_status_name(st));
        cr_expect_neq(why[0], '\0', "file %zu: a reason", i);
    }
    /* a real one cut anywhere is refused, never read past its end */
    struct buf pdf;
    buf_init(&pdf);
    render_form(&pdf);
    for (size_t cut = 2; cut < 400; cut += 7) /* 1: only the last end of line */
        cr_expect_eq(seal_bytes(pdf.data, pdf.len - cut, why, sizeof why), VC_ERR_INVALID,
                     "cut %zu", cut);
    buf_fini(&pdf);
}

Test(pdf_seal, bad_reason_and_time_refused)
{
    struct ident t;
    ident_make(&t, "Ente");
    struct buf pdf, out;
    buf_init(&pdf);
    buf_init(&out);
    render_form(&pdf);
    char why[200];
    const uint8_t *p = (const uint8_t *)pdf.data;
    cr_assert_eq(pdf_seal(p, pdf.len, t.id, NOW, "bad \xff utf-8", &out, why, sizeof why),
                 VC_ERR_INVALID);
    cr_assert_eq(pdf_seal(p, pdf.len, t.id, -1, NULL, &out, why, sizeof why), VC_ERR_INVALID);
    char long_reason[PDF_SEAL_REASON_MAX + 2];
    memset(long_reason, 'x', sizeof long_reason - 1);
    long_reason[sizeof long_reason - 1] = '\0';
    cr_assert_eq(pdf_seal(p, pdf.len, t.id, NOW, long_reason, &out, why, sizeof why),
                 VC_ERR_INVALID);
    cr_assert_eq(out.len, 0);
    /* Italian text goes as UTF-16BE */
    cr_assert_eq(pdf_seal(p, pdf.len, t.id, NOW, "Però sì", &out, why, sizeof why), VC_OK);
    cr_assert_not_null(memmem(out.data, out.len, "/Reason <FEFF00500065007200F2", 29));
    buf_fini(&pdf);
    buf_fini(&out);
    ident_free(&t);
}

/* ---- the identity ---- */

Test(seal_identity, generated_certificate)
{
    struct ident t;
    ident_make(&t, "Ente di prova è");
    char subject[256];
    int64_t not_after;
    seal_identity_describe(t.id, subject, sizeof subject, &not_after);
    cr_assert_not_null(strstr(subject, "CN=Ente di prova è"), "%s", subject);
    cr_assert(not_after >= NOW + 10 * 365 * 86400LL && not_after < NOW + 11 * 365 * 86400LL);
    BIO *cb = BIO_new_mem_buf(t.cert.data, (int)t.cert.len);
    X509 *x = PEM_read_bio_X509(cb, NULL, NULL, NULL);
    cr_assert_not_null(x);
    cr_assert_eq(X509_get_key_usage(x), KU_DIGITAL_SIGNATURE | KU_NON_REPUDIATION);
    cr_assert_eq(X509_check_ca(x), 0);
    cr_assert_eq(EVP_PKEY_get_bits(X509_get0_pubkey(x)), 256);
    X509_free(x);
    BIO_free(cb);
    cr_assert_not_null(strstr(t.key.data, "-----BEGIN PRIVATE KEY-----"), "PKCS#8, unencrypted");
    ident_free(&t);
}

Test(seal_identity, refusals)
{
    struct ident a, b;
    ident_make(&a, "A");
    ident_make(&b, "B");
    struct seal_identity *id = NULL;
    char err[256];
    /* a key that is not the certificate's */
    cr_assert_eq(seal_identity_parse(a.key.data, a.key.len, b.cert.data, b.cert.len, NULL, 0, NOW,
                                     &id, err, sizeof err),
                 VC_ERR_INVALID);
    cr_assert_not_null(strstr(err, "not the certificate's"), "%s", err);
    /* not yet valid, then expired */
    cr_assert_eq(seal_identity_parse(a.key.data, a.key.len, a.cert.data, a.cert.len, NULL, 0,
                                     NOW - 86400, &id, err, sizeof err),
                 VC_ERR_INVALID);
    cr_assert_eq(seal_identity_parse(a.key.data, a.key.len, a.cert.data, a.cert.len, NULL, 0,
                                     NOW + 11 * 365 * 86400LL, &id, err, sizeof err),
                 VC_ERR_INVALID);
    cr_assert_not_null(strstr(err, "not valid today"), "%s", err);
    /* garbage in place of each file */
    cr_assert_eq(
        seal_identity_parse("junk", 4, a.cert.data, a.cert.len, NULL, 0, NOW, &id, err, sizeof err),
        VC_ERR_INVALID);
    cr_assert_eq(
        seal_identity_parse(a.key.data, a.key.len, "junk", 4, NULL, 0, NOW, &id, err, sizeof err),
        VC_ERR_INVALID);
    cr_assert_eq(seal_identity_parse(a.key.data, a.key.len, a.cert.data, a.cert.len, "junk", 4, NOW,
                                     &id, err, sizeof err),
                 VC_ERR_INVALID);
    /* an encrypted key is refused, never prompted for */
    const char *enc = "-----BEGIN ENCRYPTED PRIVATE KEY-----\nMIIBvTBXBgkqhkiG9w0BBQ0wSjAp\n"
                      "-----END ENCRYPTED PRIVATE KEY-----\n";
    cr_assert_eq(seal_identity_parse(enc, strlen(enc), a.cert.data, a.cert.len, NULL, 0, NOW, &id,
                                     err, sizeof err),
                 VC_ERR_INVALID);
    /* a chain is embedded in the signature */
    cr_assert_eq(seal_identity_parse(a.key.data, a.key.len, a.cert.data, a.cert.len, b.cert.data,
                                     b.cert.len, NOW, &id, err, sizeof err),
                 VC_OK, "%s", err);
    struct buf der;
    buf_init(&der);
    cr_assert_eq(
        seal_identity_sign(id, (const uint8_t *)"ab", 2, (const uint8_t *)"c", 1, NOW, &der),
        VC_OK);
    cr_assert(der.len <= seal_identity_cms_max(id));
    const unsigned char *p = (const unsigned char *)der.data;
    CMS_ContentInfo *cms = d2i_CMS_ContentInfo(NULL, &p, (long)der.len);
    STACK_OF(X509) *certs = CMS_get1_certs(cms);
    cr_assert_eq(sk_X509_num(certs), 2);
    sk_X509_pop_free(certs, X509_free);
    CMS_ContentInfo_free(cms);
    buf_fini(&der);
    seal_identity_free(id);
    /* files: a missing one is named */
    cr_assert_eq(seal_identity_load("/nonexistent/k.pem", "/nonexistent/c.pem", NULL, NOW, &id, err,
                                    sizeof err),
                 VC_ERR_NOT_FOUND);
    cr_assert_not_null(strstr(err, "/nonexistent/k.pem"), "%s", err);
    ident_free(&a);
    ident_free(&b);
}
