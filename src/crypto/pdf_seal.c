/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* The incremental update of pdf_seal.h. Layout of what is appended:
 *
 *   S 0 obj  the signature dictionary: /ByteRange [0 a b c] (a placeholder
 *            of fixed width, filled in last) and /Contents <00...> with
 *            room for seal_identity_cms_max bytes of CMS
 *   W 0 obj  the signature field merged with its widget: /FT /Sig,
 *            /Rect [0 0 0 0], /F 132 (print + locked: invisible), /P page
 *   page 1   rewritten with W appended to its /Annots (or, when /Annots is
 *            an indirect array, that array rewritten instead)
 *   catalog  rewritten with /AcroForm << /Fields [W] /SigFlags 3 >>
 *   xref     one subsection per run of object numbers; trailer with /Prev
 *
 * where S and W are the first free numbers (the old /Size). Every length is
 * fixed before the bytes are signed, so filling /ByteRange and /Contents
 * changes no offset. The signed bytes are [0, a) and [b, b + c): everything
 * but the hex string of /Contents, its < and > included in neither. */
#include "crypto/pdf_seal.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "crypto/pdf_reader.h"

#define BYTERANGE_PLACEHOLDER "[0 0000000000 0000000000 0000000000]"
#define UPDATE_OBJECTS 4                /* signature, widget, page or its /Annots, catalog */
#define TIME_MAX_SECONDS 253402300799LL /* 9999-12-31T23:59:59Z: /M has four digits of year */

struct entry {
    int64_t num;
    uint32_t gen;
    size_t off;
};

struct update {
    const struct pdf_doc *d;
    struct buf w; /* the whole sealed document, being written */
    struct entry e[UPDATE_OBJECTS];
    size_t n;
};

static void copy_span(struct update *u, const struct pdf_value *v)
{
    buf_append(&u->w, u->d->data + v->at, v->end - v->at);
}

static void begin_object(struct update *u, int64_t num, uint32_t gen)
{
    u->e[u->n++] = (struct entry){.num = num, .gen = gen, .off = u->w.len};
    buf_printf(&u->w, "%lld %u obj\n", (long long)num, gen);
}

/* Every pair of dict but /skip, one per line. */
static enum vc_status copy_dict_body(struct update *u, const struct pdf_value *dict,
                                     const char *skip)
{
    struct pdf_iter it;
    struct pdf_value k, v;
    enum vc_status st;
    pdf_iter_init(dict, &it);
    while ((st = pdf_iter_next(u->d, &it, &k, &v)) == VC_OK) {
        if (pdf_is_name(u->d, &k, skip))
            continue;
        buf_puts(&u->w, "   ");
        copy_span(u, &k);
        buf_putc(&u->w, ' ');
        copy_span(u, &v);
        buf_putc(&u->w, '\n');
    }
    return st == VC_ERR_NOT_FOUND ? VC_OK : st;
}

/* The elements of arr, each followed by a space. */
static enum vc_status copy_array_body(struct update *u, const struct pdf_value *arr)
{
    struct pdf_iter it;
    struct pdf_value v;
    enum vc_status st;
    pdf_iter_init(arr, &it);
    while ((st = pdf_iter_next(u->d, &it, NULL, &v)) == VC_OK) {
        copy_span(u, &v);
        buf_putc(&u->w, ' ');
    }
    return st == VC_ERR_NOT_FOUND ? VC_OK : st;
}

/* One code point from UTF-8 at s[*i, len); false for malformed, overlong or
 * surrogate sequences. */
static bool utf8_next(const uint8_t *s, size_t len, size_t *i, uint32_t *cp)
{
    uint8_t c = s[*i];
    size_t n;
    uint32_t v, min;
    if (c < 0x80) {
        *cp = c;
        (*i)++;
        return true;
    } else if ((c & 0xe0) == 0xc0) {
        n = 1, v = c & 0x1f, min = 0x80;
    } else if ((c & 0xf0) == 0xe0) {
        n = 2, v = c & 0x0f, min = 0x800;
    } else if ((c & 0xf8) == 0xf0) {
        n = 3, v = c & 0x07, min = 0x10000;
    } else {
        return false;
    }
    if (len - *i <= n)
        return false;
    for (size_t k = 1; k <= n; k++) {
        if ((s[*i + k] & 0xc0) != 0x80)
            return false;
        v = (v << 6) | (s[*i + k] & 0x3f);
    }
    if (v < min || v > 0x10ffff || (v >= 0xd800 && v <= 0xdfff))
        return false;
    *i += n + 1;
    *cp = v;
    return true;
}

/* A PDF text string (§7.9.2.2): a literal string when the text is printable
 * ASCII, else UTF-16BE with its byte order mark, in hex. */
static bool put_text_string(struct buf *w, const char *text)
{
    const uint8_t *s = (const uint8_t *)text;
    size_t len = strlen(text);
    bool ascii = true;
    for (size_t i = 0; i < len; i++)
        ascii = ascii && s[i] >= 0x20 && s[i] < 0x7f;
    if (ascii) {
        buf_putc(w, '(');
        for (size_t i = 0; i < len; i++) {
            if (s[i] == '(' || s[i] == ')' || s[i] == '\\')
                buf_putc(w, '\\');
            buf_putc(w, (char)s[i]);
        }
        buf_putc(w, ')');
        return true;
    }
    buf_puts(w, "<FEFF");
    for (size_t i = 0; i < len;) {
        uint32_t cp;
        if (!utf8_next(s, len, &i, &cp) || cp < 0x20)
            return false;
        if (cp >= 0x10000) {
            cp -= 0x10000;
            buf_printf(w, "%04X%04X", 0xd800u + (cp >> 10), 0xdc00u + (cp & 0x3ff));
        } else {
            buf_printf(w, "%04X", cp);
        }
    }
    buf_putc(w, '>');
    return true;
}

/* The first page: down the page tree by the first kid, at most
 * PDF_DEPTH_MAX levels (a loop in the tree ends there). */
static enum vc_status first_page(const struct pdf_doc *d, const struct pdf_value *catalog,
                                 struct pdf_value *ref, struct pdf_value *page, char *why,
                                 size_t why_len)
{
    if (pdf_dict_get(d, catalog, "Pages", ref) != VC_OK || ref->kind != PDF_REF)
        goto bad;
    for (int depth = 0; depth < PDF_DEPTH_MAX; depth++) {
        struct pdf_value node, type, kids;
        if (pdf_doc_object(d, ref->num, &node) != VC_OK || node.kind != PDF_DICT ||
            ref->gen != d->gens[ref->num] || pdf_dict_get(d, &node, "Type", &type) != VC_OK)
            goto bad;
        if (pdf_is_name(d, &type, "Page")) {
            *page = node;
            return VC_OK;
        }
        if (!pdf_is_name(d, &type, "Pages") || pdf_dict_get(d, &node, "Kids", &kids) != VC_OK ||
            kids.kind != PDF_ARRAY)
            goto bad;
        struct pdf_iter it;
        pdf_iter_init(&kids, &it);
        if (pdf_iter_next(d, &it, NULL, ref) != VC_OK || ref->kind != PDF_REF)
            goto bad;
    }
bad:
    snprintf(why, why_len, "no first page in the page tree");
    return VC_ERR_INVALID;
}

/* Page 1 with the widget in its /Annots: the page rewritten, or its
 * indirect /Annots array. */
static enum vc_status write_annots(struct update *u, const struct pdf_value *page_ref,
                                   const struct pdf_value *page, size_t widget)
{
    const struct pdf_doc *d = u->d;
    struct pdf_value annots;
    enum vc_status st = pdf_dict_get(d, page, "Annots", &annots);
    if (st == VC_OK && annots.kind == PDF_REF) {
        struct pdf_value arr;
        if (pdf_doc_object(d, annots.num, &arr) != VC_OK || arr.kind != PDF_ARRAY ||
            annots.gen != d->gens[annots.num])
            return VC_ERR_INVALID;
        begin_object(u, annots.num, annots.gen);
        buf_putc(&u->w, '[');
        if ((st = copy_array_body(u, &arr)) != VC_OK)
            return st;
        buf_printf(&u->w, "%zu 0 R]\nendobj\n", widget);
        return VC_OK;
    }
    if (st != VC_ERR_NOT_FOUND && (st != VC_OK || annots.kind != PDF_ARRAY))
        return VC_ERR_INVALID;
    begin_object(u, page_ref->num, page_ref->gen);
    buf_puts(&u->w, "<<\n");
    if (copy_dict_body(u, page, "Annots") != VC_OK)
        return VC_ERR_INVALID;
    buf_puts(&u->w, "   /Annots [");
    if (st == VC_OK && copy_array_body(u, &annots) != VC_OK)
        return VC_ERR_INVALID;
    buf_printf(&u->w, "%zu 0 R]\n>>\nendobj\n", widget);
    return VC_OK;
}

static int entry_cmp(const void *a, const void *b)
{
    const struct entry *x = a, *y = b;
    return x->num < y->num ? -1 : x->num > y->num;
}

/* The new cross-reference section and trailer. */
static enum vc_status write_xref(struct update *u, const struct pdf_value *root)
{
    const struct pdf_doc *d = u->d;
    qsort(u->e, u->n, sizeof u->e[0], entry_cmp);
    for (size_t i = 1; i < u->n; i++) {
        if (u->e[i].num == u->e[i - 1].num)
            return VC_ERR_INVALID; /* one object rewritten twice: a crafted file */
    }
    size_t xref_at = u->w.len;
    buf_puts(&u->w, "xref\n");
    for (size_t i = 0; i < u->n;) {
        size_t j = i + 1;
        while (j < u->n && u->e[j].num == u->e[j - 1].num + 1)
            j++;
        buf_printf(&u->w, "%lld %zu\n", (long long)u->e[i].num, j - i);
        for (; i < j; i++)
            buf_printf(&u->w, "%010zu %05u n\r\n", u->e[i].off, u->e[i].gen);
    }
    buf_printf(&u->w, "trailer\n<< /Size %zu\n   /Root %lld %u R\n", d->size + 2,
               (long long)root->num, root->gen);
    if (d->info.kind == PDF_REF) {
        buf_puts(&u->w, "   /Info ");
        copy_span(u, &d->info);
        buf_putc(&u->w, '\n');
    }
    if (d->id.kind == PDF_ARRAY) {
        buf_puts(&u->w, "   /ID ");
        copy_span(u, &d->id);
        buf_putc(&u->w, '\n');
    }
    buf_printf(&u->w, "   /Prev %zu\n>>\nstartxref\n%zu\n%%%%EOF\n", d->startxref, xref_at);
    return VC_OK;
}

/* The signature dictionary S with its two placeholders. */
static void write_signature(struct update *u, size_t sig, int64_t signing_time, const char *reason,
                            size_t cms_max, size_t *byterange_at, size_t *contents_at,
                            size_t *contents_end)
{
    time_t t = (time_t)signing_time;
    struct tm tm;
    gmtime_r(&t, &tm);
    begin_object(u, (int64_t)sig, 0);
    buf_puts(&u->w, "<< /Type /Sig\n   /Filter /Adobe.PPKLite\n   /SubFilter /ETSI.CAdES.detached\n"
                    "   /ByteRange ");
    *byterange_at = u->w.len;
    buf_puts(&u->w, BYTERANGE_PLACEHOLDER "\n   /Contents ");
    *contents_at = u->w.len;
    buf_putc(&u->w, '<');
    buf_reserve(&u->w, 2 * cms_max + 512);
    for (size_t i = 0; i < 2 * cms_max; i++)
        buf_putc(&u->w, '0');
    buf_putc(&u->w, '>');
    *contents_end = u->w.len;
    buf_printf(&u->w, "\n   /M (D:%04d%02d%02d%02d%02d%02dZ)\n", tm.tm_year + 1900, tm.tm_mon + 1,
               tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec);
    if (reason != NULL && reason[0] != '\0') {
        buf_puts(&u->w, "   /Reason ");
        put_text_string(&u->w, reason); /* checked by the caller */
        buf_putc(&u->w, '\n');
    }
    buf_puts(&u->w, ">>\nendobj\n");
}

/* Fills /ByteRange, signs, writes the CMS in hex into /Contents. */
static enum vc_status sign(struct update *u, const struct seal_identity *id, int64_t signing_time,
                           size_t byterange_at, size_t a, size_t b)
{
    char *w = u->w.data;
    size_t c = u->w.len - b, width = sizeof BYTERANGE_PLACEHOLDER - 1;
    char range[sizeof BYTERANGE_PLACEHOLDER];
    int n = snprintf(range, sizeof range, "[0 %zu %zu %zu", a, b, c);
    if (n < 0 || (size_t)n >= width)
        return VC_ERR_LIMIT;
    memset(range + n, ' ', width - 1 - (size_t)n);
    range[width - 1] = ']';
    memcpy(w + byterange_at, range, width);

    struct buf der;
    buf_init(&der);
    enum vc_status st = seal_identity_sign(id, (const uint8_t *)w, a, (const uint8_t *)w + b, c,
                                           signing_time, &der);
    if (st == VC_OK && der.len * 2 > b - a - 2)
        st = VC_ERR_INTERNAL; /* seal_identity_cms_max was wrong */
    if (st == VC_OK) {
        static const char HEX[] = "0123456789ABCDEF";
        const uint8_t *s = (const uint8_t *)der.data;
        for (size_t i = 0; i < der.len; i++) {
            w[a + 1 + 2 * i] = HEX[s[i] >> 4];
            w[a + 2 + 2 * i] = HEX[s[i] & 15];
        }
    }
    buf_fini(&der);
    return st;
}

enum vc_status pdf_seal(const uint8_t *pdf, size_t len, const struct seal_identity *id,
                        int64_t signing_time, const char *reason, struct buf *out, char *why,
                        size_t why_len)
{
    char why_tmp[1];
    if (why == NULL || why_len == 0)
        why = why_tmp, why_len = sizeof why_tmp;
    why[0] = '\0';
    if (len > PDF_SEAL_INPUT_MAX) {
        snprintf(why, why_len, "larger than %u bytes", PDF_SEAL_INPUT_MAX);
        return VC_ERR_LIMIT;
    }
    if (signing_time < 0 || signing_time > TIME_MAX_SECONDS) {
        snprintf(why, why_len, "signing time out of range");
        return VC_ERR_INVALID;
    }
    if (reason != NULL && reason[0] != '\0') {
        struct buf probe;
        buf_init(&probe);
        bool ok = strlen(reason) <= PDF_SEAL_REASON_MAX && put_text_string(&probe, reason);
        buf_fini(&probe);
        if (!ok) {
            snprintf(why, why_len, "the reason is not short UTF-8 text");
            return VC_ERR_INVALID;
        }
    }
    struct pdf_doc d;
    struct update u = {.d = &d, .n = 0};
    buf_init(&u.w);
    enum vc_status st = pdf_doc_open(pdf, len, &d, why, why_len);
    if (st != VC_OK)
        goto out;
    st = VC_ERR_INVALID;
    struct pdf_value catalog, type, form, page_ref, page;
    if (pdf_doc_object(&d, d.root.num, &catalog) != VC_OK || catalog.kind != PDF_DICT ||
        d.root.gen != d.gens[d.root.num] || pdf_dict_get(&d, &catalog, "Type", &type) != VC_OK ||
        !pdf_is_name(&d, &type, "Catalog")) {
        snprintf(why, why_len, "the trailer's /Root is not a document catalog");
        goto out;
    }
    enum vc_status has_form = pdf_dict_get(&d, &catalog, "AcroForm", &form);
    if (has_form != VC_ERR_NOT_FOUND) {
        snprintf(why, why_len,
                 has_form == VC_OK ? "the document has an interactive form already "
                                     "(sealed twice?): not supported"
                                   : "malformed document catalog");
        goto out;
    }
    if ((st = first_page(&d, &catalog, &page_ref, &page, why, why_len)) != VC_OK)
        goto out;
    if (d.size > PDF_OBJECTS_MAX - 2) {
        snprintf(why, why_len, "too many objects");
        st = VC_ERR_INVALID;
        goto out;
    }
    size_t sig = d.size, widget = d.size + 1, cms_max = seal_identity_cms_max(id);
    size_t byterange_at, contents_at, contents_end;

    buf_reserve(&u.w, len + 2 * cms_max + 4096);
    buf_append(&u.w, pdf, len);
    if (pdf[len - 1] != '\n' && pdf[len - 1] != '\r')
        buf_putc(&u.w, '\n');
    write_signature(&u, sig, signing_time, reason, cms_max, &byterange_at, &contents_at,
                    &contents_end);
    begin_object(&u, (int64_t)widget, 0);
    buf_printf(&u.w,
               "<< /Type /Annot\n   /Subtype /Widget\n   /FT /Sig\n   /T (" PDF_SEAL_FIELD_NAME
               ")\n   /V %zu 0 R\n   /F 132\n   /Rect [0 0 0 0]\n   /P %lld %u R\n>>\nendobj\n",
               sig, (long long)page_ref.num, page_ref.gen);
    if ((st = write_annots(&u, &page_ref, &page, widget)) != VC_OK) {
        snprintf(why, why_len, "malformed /Annots on the first page");
        goto out;
    }
    begin_object(&u, d.root.num, d.root.gen);
    buf_puts(&u.w, "<<\n");
    if ((st = copy_dict_body(&u, &catalog, "AcroForm")) != VC_OK) {
        snprintf(why, why_len, "malformed document catalog");
        goto out;
    }
    buf_printf(&u.w, "   /AcroForm << /Fields [%zu 0 R] /SigFlags 3 >>\n>>\nendobj\n", widget);
    if ((st = write_xref(&u, &d.root)) != VC_OK) {
        snprintf(why, why_len, "the page and the catalog are one object");
        goto out;
    }
    if ((st = sign(&u, id, signing_time, byterange_at, contents_at, contents_end)) != VC_OK) {
        snprintf(why, why_len, "signing failed");
        goto out;
    }
    buf_append(out, u.w.data, u.w.len);
out:
    buf_fini(&u.w);
    pdf_doc_close(&d);
    return st;
}
