/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* Unit tests for src/util: buf, arena, str, csv, sniff, xalloc. */
#include <criterion/criterion.h>
#include <criterion/redirect.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "util/arena.h"
#include "util/buf.h"
#include "util/csv.h"
#include "util/json_mem.h"
#include "util/log.h"
#include "util/sniff.h"
#include "util/str.h"
#include "util/xalloc.h"

/* ---- buf ---- */

Test(buf, append_printf_steal)
{
    struct buf b;
    buf_init(&b);
    cr_assert_null(b.data);
    buf_puts(&b, "hello");
    buf_putc(&b, ' ');
    buf_printf(&b, "%s %d", "world", 42);
    cr_assert_eq(b.len, strlen("hello world 42"));
    cr_assert_str_eq(b.data, "hello world 42");
    char *s = buf_steal(&b);
    cr_assert_str_eq(s, "hello world 42");
    cr_assert_null(b.data);
    cr_assert_eq(b.len, 0);
    free(s);
}

Test(buf, grows_and_resets)
{
    struct buf b;
    buf_init(&b);
    for (int i = 0; i < 10000; i++)
        buf_putc(&b, (char)('a' + i % 26));
    cr_assert_eq(b.len, 10000);
    cr_assert_eq(b.data[10000], '\0');
    cr_assert_eq(b.data[27], 'b');
    buf_reset(&b);
    cr_assert_eq(b.len, 0);
    cr_assert_str_eq(b.data, "");
    buf_append(&b, "x\0y", 3);
    cr_assert_eq(b.len, 3);
    cr_assert_eq(memcmp(b.data, "x\0y", 4), 0);
    buf_fini(&b);
    cr_assert_null(b.data);
}

Test(buf, steal_empty_is_not_null)
{
    struct buf b;
    buf_init(&b);
    char *s = buf_steal(&b);
    cr_assert_not_null(s);
    cr_assert_str_eq(s, "");
    free(s);
}

/* ---- arena and xalloc ---- */

Test(arena, aligned_zeroed_large)
{
    struct arena *a = arena_new();
    for (size_t n = 1; n < 300; n += 7) {
        unsigned char *p = arena_alloc(a, n);
        cr_assert_eq((uintptr_t)p % 16, 0);
        for (size_t i = 0; i < n; i++)
            cr_assert_eq(p[i], 0);
        memset(p, 0xab, n);
    }
    unsigned char *big = arena_alloc(a, 100000);
    cr_assert_eq((uintptr_t)big % 16, 0);
    cr_assert_eq(big[0], 0);
    cr_assert_eq(big[99999], 0);
    memset(big, 1, 100000);
    char *s = arena_strdup(a, "abc");
    cr_assert_str_eq(s, "abc");
    cr_assert_str_eq(arena_strndup(a, "abcdef", 3), "abc");
    cr_assert_str_eq(arena_printf(a, "%d-%s", 7, "x"), "7-x");
    arena_free(a);
    arena_free(NULL);
}

Test(arena, a_reset_keeps_one_chunk_as_large_as_the_request_needed)
{
    struct arena *a = arena_new();
    unsigned char *p[24];
    for (int round = 0; round < 2; round++) {
        for (int i = 0; i < 24; i++)
            p[i] = arena_alloc_raw(a, 1024); /* 24 KB: three 8 KB chunks the first time */
        bool contiguous = true;
        for (int i = 1; i < 24; i++)
            contiguous = contiguous && p[i] == p[i - 1] + 1024;
        if (round == 0)
            cr_assert_not(contiguous, "a first request spans chunks");
#if !defined(__SANITIZE_ADDRESS__) /* there a reset gives every chunk back (util/arena.c) */
        else
            cr_assert(contiguous, "after a reset the same request fits one chunk");
#endif
        for (int i = 0; i < 24; i++)
            cr_assert(arena_owns(a, p[i]));
        arena_reset(a);
    }
    arena_free(a);
}

Test(arena, a_large_allocation_fits_the_kept_chunk_after_a_reset)
{
    /* a request that needs a large block (the services of /area: 17 KB)
     * and small ones: after a reset the same request takes all of it from
     * the one chunk kept, without a chunk of its own for the large block */
    struct arena *a = arena_new();
    for (int round = 0; round < 3; round++) {
        unsigned char *small1 = arena_alloc(a, 100);
        unsigned char *big = arena_alloc_raw(a, 17000);
        unsigned char *small2 = arena_alloc(a, 100);
        memset(big, 0xcd, 17000);
        cr_assert(arena_owns(a, big) && arena_owns(a, small1) && arena_owns(a, small2));
#if !defined(__SANITIZE_ADDRESS__) /* there a reset gives every chunk back (util/arena.c) */
        if (round > 0) {
            cr_assert_eq(big, small1 + 112, "round %d: the large block in the kept chunk", round);
            cr_assert_eq(small2, big + 17008, "round %d: and the rest after it", round);
        }
#endif
        cr_assert_eq(small2[0], 0, "zeroed");
        arena_reset(a);
    }
    arena_free(a);
}

/* util/json_mem.h: a request's JSON in its arena, the rest from malloc */
Test(json_mem, a_scope_takes_jansson_from_the_arena_and_hands_out_plain_text)
{
    json_mem_install();
    json_t *before = json_pack("{s:s}", "made", "outside"); /* malloc */
    struct arena *a = arena_new();
    json_mem_scope(a);
    json_t *o = json_object();
    json_object_set_new(o, "name", json_string("Maria"));
    json_object_set(o, "kept", before);
    cr_assert(arena_owns(a, o), "a value made in the scope is in the arena");
    cr_assert_not(arena_owns(a, before));
    /* what a page's context may be dropped without a walk for: nothing in
     * it, however deep, made outside (jansson's constants are no one's) */
    cr_assert(json_mem_scoped(o));
    cr_assert_not(json_mem_scoped(before));
    cr_assert_not(json_mem_scoped_all(o), "o holds a value made outside");
    json_t *own = json_pack("{s:s,s:b,s:n,s:[{s:i}]}", "a", "x", "t", 1, "z", "l", "i", 2);
    cr_assert(json_mem_scoped_all(own));
    json_array_append(json_object_get(own, "l"), before);
    cr_assert_not(json_mem_scoped_all(own), "an item two levels down made outside");
    json_decref(own);
    char *text = json_text(o, JSON_COMPACT | JSON_SORT_KEYS);
    cr_assert_str_eq(text, "{\"kept\":{\"made\":\"outside\"},\"name\":\"Maria\"}");
    cr_assert_not(arena_owns(a, text), "text is for free(), whatever the scope");
    free(text);
    json_decref(o);
    /* a value from outside dies inside the scope: free() (LeakSanitizer
     * would see it kept, and freeing arena memory would crash) */
    json_decref(before);
    json_mem_scope(NULL);
    arena_free(a);
    json_t *after = json_string("malloc again");
    cr_assert_not_null(after);
    cr_assert_not(json_mem_scoped(after), "outside a scope nothing is");
    json_decref(after);
    cr_assert_null(json_text(NULL, 0));
}

/* json_text in one pass when the text is short, in two when it is not:
 * around the first guess's size, every length comes out whole */
Test(json_mem, json_text_is_whole_at_every_length)
{
    char value[3000];
    for (size_t len = 990; len < 2100; len += 1 + len % 7) {
        memset(value, 'a', len);
        value[len] = '\0';
        value[len / 2] = '"'; /* escaped: the text is one byte longer than the value */
        json_t *o = json_pack("{s:s}", "v", value);
        char *text = json_text(o, JSON_COMPACT);
        cr_assert_not_null(text);
        cr_assert_eq(strlen(text), len + 9, "at %zu", len); /* {"v":"..."} and a backslash */
        json_t *back = json_loads(text, 0, NULL);
        cr_assert_str_eq(json_string_value(json_object_get(back, "v")), value, "at %zu", len);
        json_decref(back);
        json_decref(o);
        free(text);
    }
}

Test(xalloc, strdup)
{
    char *s = xstrdup("abc");
    cr_assert_str_eq(s, "abc");
    free(s);
    s = xstrndup("abcdef", 2);
    cr_assert_str_eq(s, "ab");
    free(s);
    s = xstrndup("ab", 10);
    cr_assert_str_eq(s, "ab");
    free(s);
}

/* ---- str ---- */

Test(str, copy_and_trim)
{
    char d[6];
    cr_assert_eq(str_copy(d, "abc", sizeof(d)), 3);
    cr_assert_str_eq(d, "abc");
    cr_assert_eq(str_copy(d, "abcdefgh", sizeof(d)), 8);
    cr_assert_str_eq(d, "abcde");
    cr_assert_eq(str_copy_trim(d, "  ab c \t\n", sizeof(d)), 4);
    cr_assert_str_eq(d, "ab c");
    cr_assert_eq(str_copy_trim(d, "   ", sizeof(d)), 0);
    cr_assert_str_eq(d, "");
}

Test(str, case_and_affixes)
{
    char s[] = "MiXeD-1";
    str_ascii_lower(s);
    cr_assert_str_eq(s, "mixed-1");
    str_ascii_upper(s);
    cr_assert_str_eq(s, "MIXED-1");
    cr_assert(str_starts_with("varco.ini", "varco"));
    cr_assert_not(str_starts_with("va", "varco"));
    cr_assert(str_ends_with("varco.ini", ".ini"));
    cr_assert_not(str_ends_with("ini", "x.ini"));
    cr_assert(str_eq_ci("PEC.it", "pec.IT"));
    cr_assert_not(str_eq_ci("pec.it", "pec.i"));
}

Test(str, hex_round_trip)
{
    const uint8_t in[] = {0x00, 0x0f, 0xa5, 0xff};
    char hex[9];
    str_hex(in, sizeof(in), hex);
    cr_assert_str_eq(hex, "000fa5ff");
    uint8_t out[4];
    cr_assert(str_unhex("000FA5ff", out, sizeof(out)));
    cr_assert_eq(memcmp(in, out, 4), 0);
    cr_assert_not(str_unhex("000fa5f", out, sizeof(out)));
    cr_assert_not(str_unhex("000fa5fff", out, sizeof(out)));
    cr_assert_not(str_unhex("000fa5fg", out, sizeof(out)));
}

Test(str, clean_utf8)
{
    const char *ok = "Perché è già\tok\r\n";
    cr_assert(str_is_clean_utf8(ok, strlen(ok)));
    cr_assert(str_is_clean_utf8("", 0));
    cr_assert(str_is_clean_utf8("\xf0\x9f\x98\x80", 4)); /* U+1F600 */
    cr_assert_not(str_is_clean_utf8("a\x01", 2), "control char");
    cr_assert_not(str_is_clean_utf8("a\x7f", 2), "DEL");
    cr_assert_not(str_is_clean_utf8("a\0b", 3), "embedded NUL");
    cr_assert_not(str_is_clean_utf8("\xc2\x85", 2), "C1 control NEL");
    cr_assert_not(str_is_clean_utf8("\xc3", 1), "truncated");
    cr_assert_not(str_is_clean_utf8("\xc3\x28", 2), "bad continuation");
    cr_assert_not(str_is_clean_utf8("\x80", 1), "lone continuation");
    cr_assert_not(str_is_clean_utf8("\xc0\xaf", 2), "overlong /");
    cr_assert_not(str_is_clean_utf8("\xe0\x80\xaf", 3), "overlong 3-byte");
    cr_assert_not(str_is_clean_utf8("\xed\xa0\x80", 3), "surrogate");
    cr_assert_not(str_is_clean_utf8("\xf4\x90\x80\x80", 4), "beyond U+10FFFF");
    cr_assert_not(str_is_clean_utf8("\xff", 1));
}

/* str_hash: the same bytes, the same hash; one bit changed anywhere (a
 * whole word or the tail), or one byte more, moves it; keys that differ
 * in a counter spread over a table's slots. */
Test(str, hash_moves_with_every_byte_and_spreads)
{
    unsigned char key[100], other[101];
    for (size_t i = 0; i < sizeof key; i++)
        key[i] = (unsigned char)(i * 7 + 1);
    for (size_t len = 0; len <= sizeof key; len++) {
        uint64_t h = str_hash(key, len);
        cr_assert_eq(str_hash(key, len), h);
        memcpy(other, key, len);
        other[len] = 0;
        cr_assert_neq(str_hash(other, len + 1), h, "a zero byte more, length %zu", len);
        for (size_t i = 0; i < len; i++) {
            for (int bit = 0; bit < 8; bit++) {
                other[i] = (unsigned char)(key[i] ^ (1u << bit));
                cr_assert_neq(str_hash(other, len), h, "bit %d of byte %zu of %zu", bit, i, len);
                other[i] = key[i];
            }
        }
    }
    enum { SLOTS = 256, KEYS = SLOTS * 64 };
    int count[SLOTS] = {0};
    for (int i = 0; i < KEYS; i++) {
        char text[64];
        int n = snprintf(text, sizeof text, "SELECT * FROM sessions WHERE id_hash = ?|%08d", i);
        count[str_hash(text, (size_t)n) % SLOTS]++;
    }
    for (int i = 0; i < SLOTS; i++)
        cr_assert(count[i] > 32 && count[i] < 96, "slot %d holds %d of %d keys", i, count[i], KEYS);
}

Test(str, utf8_len)
{
    cr_assert_eq(str_utf8_len(""), 0);
    cr_assert_eq(str_utf8_len("abc"), 3);
    cr_assert_eq(str_utf8_len("perché"), 6);
    cr_assert_eq(str_utf8_len("\xf0\x9f\x98\x80x"), 2);
}

/* ---- csv ---- */

static struct csv_record rec; /* large; kept off the stack */

Test(csv, simple_lf_and_crlf)
{
    const char *d = "a,b,c\r\n1,,3\nlast";
    size_t pos = 0, len = strlen(d);
    cr_assert_eq(csv_next(d, len, &pos, &rec), VC_OK);
    cr_assert_eq(rec.n, 3);
    cr_assert_str_eq(rec.field[0], "a");
    cr_assert_str_eq(rec.field[2], "c");
    cr_assert_eq(csv_next(d, len, &pos, &rec), VC_OK);
    cr_assert_eq(rec.n, 3);
    cr_assert_str_eq(rec.field[1], "");
    cr_assert_eq(rec.len[1], 0);
    cr_assert_str_eq(rec.field[2], "3");
    cr_assert_eq(csv_next(d, len, &pos, &rec), VC_OK);
    cr_assert_eq(rec.n, 1);
    cr_assert_str_eq(rec.field[0], "last");
    cr_assert_eq(csv_next(d, len, &pos, &rec), VC_ERR_NOT_FOUND);
}

Test(csv, quoted_fields_and_escapes)
{
    const char *d = "\"Rossi, Mario\",\"say \"\"hi\"\"\",\"two\r\nlines\",\"\"\nnext\n";
    size_t pos = 0, len = strlen(d);
    cr_assert_eq(csv_next(d, len, &pos, &rec), VC_OK);
    cr_assert_eq(rec.n, 4);
    cr_assert_str_eq(rec.field[0], "Rossi, Mario");
    cr_assert_str_eq(rec.field[1], "say \"hi\"");
    cr_assert_str_eq(rec.field[2], "two\r\nlines");
    cr_assert_eq(rec.len[2], 10);
    cr_assert_str_eq(rec.field[3], "");
    cr_assert_eq(csv_next(d, len, &pos, &rec), VC_OK);
    cr_assert_str_eq(rec.field[0], "next");
    cr_assert_eq(csv_next(d, len, &pos, &rec), VC_ERR_NOT_FOUND);
}

Test(csv, blank_line_is_one_empty_field)
{
    const char *d = "a\n\nb\n";
    size_t pos = 0, len = strlen(d);
    cr_assert_eq(csv_next(d, len, &pos, &rec), VC_OK);
    cr_assert_eq(csv_next(d, len, &pos, &rec), VC_OK);
    cr_assert_eq(rec.n, 1);
    cr_assert_eq(rec.len[0], 0);
    cr_assert_eq(csv_next(d, len, &pos, &rec), VC_OK);
    cr_assert_str_eq(rec.field[0], "b");
}

Test(csv, too_many_fields_then_next_record)
{
    char d[256] = "";
    for (int i = 0; i < CSV_FIELDS_MAX; i++)
        strcat(d, "x,");
    strcat(d, "x\nok,1\n");
    size_t pos = 0, len = strlen(d);
    cr_assert_eq(csv_next(d, len, &pos, &rec), VC_ERR_INVALID);
    cr_assert_eq(csv_next(d, len, &pos, &rec), VC_OK);
    cr_assert_eq(rec.n, 2);
    cr_assert_str_eq(rec.field[0], "ok");
}

Test(csv, exactly_max_fields_ok)
{
    char d[256] = "";
    for (int i = 0; i < CSV_FIELDS_MAX - 1; i++)
        strcat(d, "x,");
    strcat(d, "x\n");
    size_t pos = 0;
    cr_assert_eq(csv_next(d, strlen(d), &pos, &rec), VC_OK);
    cr_assert_eq(rec.n, CSV_FIELDS_MAX);
}

Test(csv, record_too_long)
{
    size_t n = CSV_RECORD_MAX + 10;
    char *d = malloc(n + 8);
    memset(d, 'a', n);
    memcpy(d + n, "\nb\n", 4);
    size_t pos = 0, len = strlen(d);
    cr_assert_eq(csv_next(d, len, &pos, &rec), VC_ERR_INVALID);
    cr_assert_eq(csv_next(d, len, &pos, &rec), VC_OK);
    cr_assert_str_eq(rec.field[0], "b");
    free(d);
}

Test(csv, unterminated_quote_recovers_on_next_line)
{
    const char *d = "1,\"open\n2,ok\n";
    size_t pos = 0, len = strlen(d);
    cr_assert_eq(csv_next(d, len, &pos, &rec), VC_ERR_INVALID);
    cr_assert_eq(pos, 8);
    cr_assert_eq(csv_next(d, len, &pos, &rec), VC_OK);
    cr_assert_eq(rec.n, 2);
    cr_assert_str_eq(rec.field[0], "2");
    cr_assert_str_eq(rec.field[1], "ok");
    cr_assert_eq(csv_next(d, len, &pos, &rec), VC_ERR_NOT_FOUND);
}

Test(csv, text_after_closing_quote_is_invalid)
{
    const char *d = "\"ab\"c,d\nz\n";
    size_t pos = 0, len = strlen(d);
    cr_assert_eq(csv_next(d, len, &pos, &rec), VC_ERR_INVALID);
    cr_assert_eq(csv_next(d, len, &pos, &rec), VC_OK);
    cr_assert_str_eq(rec.field[0], "z");
}

Test(csv, bounded_by_len_not_nul)
{
    const char d[] = {'a', ',', 'b', 'X', 'Y'};
    size_t pos = 0;
    cr_assert_eq(csv_next(d, 3, &pos, &rec), VC_OK);
    cr_assert_eq(rec.n, 2);
    cr_assert_str_eq(rec.field[1], "b");
    cr_assert_eq(pos, 3);
}

/* ---- sniff ---- */

Test(sniff, types)
{
    const uint8_t pdf[] = "%PDF-1.7\n";
    const uint8_t jpg[] = {0xff, 0xd8, 0xff, 0xe0, 0, 0x10};
    const uint8_t png[] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0};
    const uint8_t txt[] = "hello, world";
    cr_assert_str_eq(sniff_document(pdf, sizeof(pdf) - 1), "application/pdf");
    cr_assert_str_eq(sniff_document(jpg, sizeof(jpg)), "image/jpeg");
    cr_assert_str_eq(sniff_document(png, sizeof(png)), "image/png");
    cr_assert_null(sniff_document(txt, sizeof(txt) - 1));
    cr_assert_null(sniff_document(pdf, 0));
    cr_assert_null(sniff_document(png, 7), "truncated signature");
    cr_assert_null(sniff_document(pdf, 4));
    cr_assert_str_eq(sniff_extension("application/pdf"), "pdf");
    cr_assert_str_eq(sniff_extension("image/jpeg"), "jpg");
    cr_assert_str_eq(sniff_extension("image/png"), "png");
    cr_assert_null(sniff_extension("text/plain"));
    cr_assert_null(sniff_extension(NULL));
}

/* ---- log ---- */

Test(log, line_format, .init = cr_redirect_stderr)
{
    log_set_level(LOG_INFO);
    log_msg(LOG_DEBUG, NULL, "hidden");
    log_msg(LOG_WARN, "r1", "x=%d\ny", 5);
    fflush(stderr);
    char line[256] = "";
    FILE *f = cr_get_redirected_stderr();
    cr_assert_not_null(fgets(line, sizeof(line), f));
    /* 2026-11-23T01:02:03Z WARN [r1] x=5 y */
    cr_assert_eq(strlen(line), 20 + strlen(" WARN [r1] x=5 y\n"), "line: %s", line);
    cr_assert_eq(line[10], 'T');
    cr_assert_eq(line[19], 'Z');
    cr_assert_str_eq(line + 20, " WARN [r1] x=5 y\n");
}
