/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* RFC 4180 CSV reader over a memory buffer: one record per call, quoted
 * fields with "" escapes and embedded line breaks, CRLF or LF line ends.
 * Bounded: at most CSV_FIELDS_MAX fields and CSV_RECORD_MAX bytes of field
 * data (NULs included). A bad record is still scanned to its end so that the
 * next call starts on the next record; an unterminated quote would swallow
 * the rest of the file, so then the reader resumes on the next line. */
#include "util/csv.h"

#include <stdbool.h>
#include <string.h>

struct csv_state {
    struct csv_record *rec;
    size_t out;         /* bytes used in rec->storage */
    size_t field_start; /* storage offset of the current field */
    bool bad;           /* too many fields, too long, or text after a closing quote */
};

static void put(struct csv_state *st, char c)
{
    /* Keep one byte for the field's NUL. */
    if (st->bad || st->out + 1 >= CSV_RECORD_MAX) {
        st->bad = true;
        return;
    }
    st->rec->storage[st->out++] = c;
}

static void end_field(struct csv_state *st)
{
    struct csv_record *rec = st->rec;
    if (st->bad || rec->n >= CSV_FIELDS_MAX || st->out >= CSV_RECORD_MAX) {
        st->bad = true;
        return;
    }
    rec->field[rec->n] = rec->storage + st->field_start;
    rec->len[rec->n] = st->out - st->field_start;
    rec->n++;
    rec->storage[st->out++] = '\0';
    st->field_start = st->out;
}

enum vc_status csv_next(const char *data, size_t len, size_t *pos, struct csv_record *rec)
{
    size_t i = *pos;
    if (i >= len)
        return VC_ERR_NOT_FOUND;
    const size_t start = i;
    struct csv_state st = {.rec = rec};
    rec->n = 0;
    bool in_quotes = false, quoted = false, after_quote = false;
    size_t field_chars = 0;

    while (i < len) {
        char c = data[i];
        if (in_quotes) {
            if (c == '"') {
                if (i + 1 < len && data[i + 1] == '"') {
                    put(&st, '"');
                    i += 2;
                    continue;
                }
                in_quotes = false;
                after_quote = true;
                i++;
                continue;
            }
            put(&st, c);
            i++;
            continue;
        }
        if (c == ',') {
            end_field(&st);
            quoted = after_quote = false;
            field_chars = 0;
            i++;
            continue;
        }
        if (c == '\n') {
            i++;
            break;
        }
        if (c == '\r' && i + 1 < len && data[i + 1] == '\n') {
            i += 2;
            break;
        }
        if (c == '"' && field_chars == 0 && !quoted) {
            in_quotes = quoted = true;
            i++;
            continue;
        }
        if (after_quote)
            st.bad = true; /* "ab"c is not RFC 4180 */
        put(&st, c);
        field_chars++;
        i++;
    }

    if (in_quotes) {
        /* Unterminated quote: resume after the line the record started on. */
        const char *nl = memchr(data + start, '\n', len - start);
        *pos = nl != NULL ? (size_t)(nl - data) + 1 : len;
        return VC_ERR_INVALID;
    }
    end_field(&st);
    *pos = i;
    return st.bad ? VC_ERR_INVALID : VC_OK;
}
