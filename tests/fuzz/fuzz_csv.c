/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* libFuzzer driver: the member import loop. csv_next over the whole input
 * (it must always make progress), and member_from_fields for every record
 * with the 14 fields of MEMBER_CSV_HEADER. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/form.h"
#include "core/member.h"
#include "util/csv.h"

/* Room for a record past CSV_RECORD_MAX and a few more; larger inputs only slow it down. */
#define FUZZ_MAX (16 * 1024)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > FUZZ_MAX)
        return 0;
    struct csv_record *rec = malloc(sizeof *rec);
    if (rec == NULL)
        return 0;
    size_t pos = 0;
    for (;;) {
        size_t before = pos;
        enum vc_status st = csv_next((const char *)data, size, &pos, rec);
        if (st == VC_ERR_NOT_FOUND)
            break;
        if (pos <= before || pos > size)
            abort(); /* no progress, or past the end: the import would loop */
        if (st != VC_OK)
            continue;
        if (rec->n > CSV_FIELDS_MAX)
            abort();
        for (size_t i = 0; i < rec->n; i++) {
            if (rec->field[i] == NULL || strlen(rec->field[i]) > rec->len[i])
                abort();
        }
        if (rec->n == MEMBER_CSV_FIELDS) {
            struct member m;
            struct form_errors errs;
            form_errors_init(&errs);
            enum vc_status ms = member_from_fields(rec->field, rec->len, &m, &errs);
            if (ms == VC_OK && form_errors_any(&errs))
                abort();
            if (ms == VC_OK && (strlen(m.matricola) == 0 || strlen(m.codice_fiscale) != 16))
                abort();
        }
    }
    free(rec);
    return 0;
}
