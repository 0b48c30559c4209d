/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* What people read (issue 9): the legal pages' text format (render/legal.c),
 * dates (render/dates.c), and catalogues that give every internal name a
 * label in both languages. Runs from the repository's root (po/, templates/). */
#include <criterion/criterion.h>
#include <dirent.h>
#include <stdio.h>
#include <string.h>

#include "core/journey.h"
#include "core/profile.h"
#include "core/steps/in_person.h"
#include "core/types.h"
#include "render/dates.h"
#include "render/i18n.h"
#include "render/legal.h"
#include "util/buf.h"

static bool fill(void *ctx, const char *name, struct buf *out)
{
    (void)ctx;
    if (strcmp(name, "dpo_email") != 0)
        return false;
    buf_puts(out, "dpo@ente.example");
    return true;
}

static const char *seg_text(json_t *segs, size_t i)
{
    return json_string_value(json_object_get(json_array_get(segs, i), "t"));
}

static const char *seg_href(json_t *segs, size_t i)
{
    return json_string_value(json_object_get(json_array_get(segs, i), "href"));
}

Test(legal, blocks_links_and_placeholders)
{
    const char *text = "# Informativa\n\nPrima riga\ncontinua.\n\n## Diritti\n"
                       "- scrivi a {dpo_email}.\n- vedi https://www.garanteprivacy.it, grazie\n"
                       "\n{sconosciuto} resta com'e'\n";
    json_t *doc = legal_parse(text, strlen(text), fill, NULL);
    cr_assert_not_null(doc);
    cr_assert_str_eq(json_string_value(json_object_get(doc, "title")), "Informativa");
    json_t *b = json_object_get(doc, "blocks");
    cr_assert_eq(json_array_size(b), 4);
    json_t *p = json_object_get(json_object_get(json_array_get(b, 0), "p"), "segs");
    cr_assert_str_eq(seg_text(p, 0), "Prima riga continua.");
    cr_assert_str_eq(json_string_value(json_object_get(json_array_get(b, 1), "h2")), "Diritti");
    json_t *items = json_object_get(json_object_get(json_array_get(b, 2), "ul"), "items");
    cr_assert_eq(json_array_size(items), 2);
    json_t *i0 = json_object_get(json_array_get(items, 0), "segs");
    cr_assert_str_eq(seg_text(i0, 0), "scrivi a ");
    cr_assert_str_eq(seg_text(i0, 1), "dpo@ente.example");
    cr_assert_str_eq(seg_href(i0, 1), "mailto:dpo@ente.example");
    cr_assert_str_eq(seg_text(i0, 2), ".", "the full stop is not part of the address");
    json_t *i1 = json_object_get(json_array_get(items, 1), "segs");
    cr_assert_str_eq(seg_href(i1, 1), "https://www.garanteprivacy.it");
    cr_assert_str_eq(seg_text(i1, 2), ", grazie");
    json_t *last = json_object_get(json_object_get(json_array_get(b, 3), "p"), "segs");
    cr_assert_str_eq(seg_text(last, 0), "{sconosciuto} resta com'e'");
    json_decref(doc);
}

Test(legal, refuses_what_is_not_text)
{
    cr_assert_null(legal_parse("a\0b", 3, NULL, NULL));
    cr_assert_null(legal_parse("\xff\xfe", 2, NULL, NULL));
    cr_assert_null(legal_parse("a\x01", 2, NULL, NULL));
    /* no javascript: or other schemes become links */
    const char *t = "javascript:alert(1) e ftp://x.example";
    json_t *doc = legal_parse(t, strlen(t), NULL, NULL);
    json_t *segs = json_object_get(
        json_object_get(json_array_get(json_object_get(doc, "blocks"), 0), "p"), "segs");
    cr_assert_eq(json_array_size(segs), 1);
    cr_assert_null(seg_href(segs, 0));
    json_decref(doc);
}

Test(dates, iso_to_what_people_write)
{
    char out[DATES_TEXT_MAX];
    dates_format_iso("it", "1980-01-31", out, sizeof out);
    cr_assert_str_eq(out, "31/01/1980");
    dates_format_iso("en", "1980-01-31", out, sizeof out);
    cr_assert_str_eq(out, "31/01/1980", "English pages: the British dd/mm/yyyy");
    dates_format_iso("it", "31/01/1980", out, sizeof out);
    cr_assert_str_eq(out, "31/01/1980", "not ISO: shown as it is");
    dates_format_iso("it", "1980-1-31", out, sizeof out);
    cr_assert_str_eq(out, "1980-1-31");
    dates_format_iso("it", NULL, out, sizeof out);
    cr_assert_str_eq(out, "");
}

/* The msgids of one .po file, one per line in out. */
static void msgids(const char *path, struct buf *out)
{
    FILE *f = fopen(path, "r");
    cr_assert_not_null(f, "%s", path);
    char line[4096];
    while (fgets(line, sizeof line, f) != NULL) {
        if (strncmp(line, "msgid \"", 7) == 0)
            buf_puts(out, line + 7);
    }
    fclose(f);
}

Test(catalogues, every_file_has_the_same_keys_in_italian_and_english)
{
    DIR *d = opendir("po/it");
    cr_assert_not_null(d, "run from the repository's root");
    struct dirent *de;
    int files = 0;
    while ((de = readdir(d)) != NULL) {
        if (strstr(de->d_name, ".po") == NULL)
            continue;
        char it[512], en[512];
        snprintf(it, sizeof it, "po/it/%s", de->d_name);
        snprintf(en, sizeof en, "po/en/%s", de->d_name);
        struct buf a, b;
        buf_init(&a);
        buf_init(&b);
        msgids(it, &a);
        msgids(en, &b);
        cr_assert_str_eq(a.data ? a.data : "", b.data ? b.data : "", "%s and %s differ", it, en);
        buf_fini(&a);
        buf_fini(&b);
        files++;
    }
    closedir(d);
    cr_assert_gt(files, 5);
}

/* Every internal name a page shows has a label (web/page.c page_label). */
Test(catalogues, every_internal_name_a_page_shows_has_a_label)
{
    struct i18n *t = NULL;
    char err[256] = "";
    cr_assert_eq(i18n_load("po", &t, err, sizeof err), VC_OK, "%s", err);
    char key[256];
    for (int lang = 0; lang < 2; lang++) {
        const char *l = lang ? "en" : "it";
#define HAS_LABEL(prefix, name)                                                                    \
    do {                                                                                           \
        snprintf(key, sizeof key, "%s.%s", prefix, name);                                          \
        cr_assert_str_neq(i18n_get(t, l, key), key, "no %s label for %s", l, key);                 \
    } while (0)
        for (int i = 0; i < MEMBER_CATEGORY_COUNT; i++)
            HAS_LABEL("member.category", member_category_name((enum member_category)i));
        for (int i = DELEGATION_PENDING; i <= DELEGATION_RENOUNCED; i++) /* web/mandates.c */
            HAS_LABEL("mandate.state", delegation_state_name((enum delegation_state)i));
        for (int i = CASE_AWAITING; i <= CASE_REJECTED; i++)
            HAS_LABEL("case.status", case_status_name((enum case_status)i));
        for (int i = CHANNEL_NONE; i <= CHANNEL_DESK; i++)
            HAS_LABEL("case.channel", case_channel_name((enum case_channel)i));
        for (int i = OUTBOX_MAIL; i <= OUTBOX_REGISTERED_LETTER; i++)
            HAS_LABEL("outbox.channel", outbox_channel_name((enum outbox_channel)i));
        for (int i = OUTBOX_PENDING; i <= OUTBOX_STUCK; i++)
            HAS_LABEL("outbox.status", outbox_status_name((enum outbox_status)i));
        for (int i = LETTER_QUEUED; i <= LETTER_RETURNED; i++)
            HAS_LABEL("letter.status", letter_status_name((enum letter_status)i));
        for (int i = IN_PERSON_CHOSEN; i <= IN_PERSON_REJECTED; i++)
            HAS_LABEL("in_person.status", in_person_status_name((enum in_person_status)i));
        for (size_t i = 0; IN_PERSON_DOC_TYPES[i] != NULL; i++)
            HAS_LABEL("doc.type", IN_PERSON_DOC_TYPES[i]);
        const struct step_kind *sk;
        for (size_t i = 0; (sk = step_kind_at(i)) != NULL; i++) {
            if (sk->case_decided == NULL)
                continue;
            HAS_LABEL("case.kind", sk->name); /* the queue's kinds of case */
            HAS_LABEL("bo.case.accept", sk->name);
        }
        HAS_LABEL("outbox.template", "activation_letter");
        HAS_LABEL("outbox.template", "pin_letter");
        HAS_LABEL("outbox.template", "pin_first_half_sms");
        /* what the pages say of each journey's steps, in every profile */
        const struct profile *p;
        for (size_t pi = 0; (p = profile_at(pi)) != NULL; pi++) {
            for (size_t ji = 0; ji < p->n_journeys; ji++) {
                const struct journey_def *j = &p->journeys[ji];
                HAS_LABEL("register.lead", j->name);
                for (size_t si = 0; si < j->n_steps; si++) {
                    const struct step_ref *s = &j->steps[si];
                    HAS_LABEL("step", s->id);
                    if (si == 0)
                        continue; /* register: done before the area exists */
                    HAS_LABEL("area.next", s->kind);
                    if (s->page[0] != '\0' && strcmp(s->page, "area") != 0)
                        HAS_LABEL("area.go", s->kind);
                }
            }
        }
        DIR *d = opendir("templates/mail");
        cr_assert_not_null(d);
        struct dirent *de;
        while ((de = readdir(d)) != NULL) {
            char name[128];
            size_t n = strlen(de->d_name);
            if (n < 5 || strcmp(de->d_name + n - 4, ".txt") != 0 || n - 4 >= sizeof name)
                continue;
            memcpy(name, de->d_name, n - 4);
            name[n - 4] = '\0';
            HAS_LABEL("outbox.template", name);
        }
        closedir(d);
#undef HAS_LABEL
    }
    i18n_free(t);
}
