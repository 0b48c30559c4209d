/* SPDX-License-Identifier: AGPL-3.0-or-later */
#include <criterion/criterion.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "core/account.h"
#include "core/registration.h"
#include "core/steps/confirm_email.h"
#include "core/codes.h"
#include "core/member.h"
#include "core/repo.h"
#include "crypto/password.h"
#include "store/store.h"
#include "tests/support/fake_env.h"

static int64_t fake_now(void *ctx)
{
    return ((struct fake_world *)ctx)->now;
}

static void fake_random(void *ctx, void *buf, size_t len)
{
    struct fake_world *w = ctx;
    uint8_t seed[randombytes_SEEDBYTES] = {0};
    memcpy(seed, &w->counter, sizeof w->counter);
    w->counter++;
    randombytes_buf_deterministic(buf, len, seed);
}

void fake_world_open(struct fake_world *w)
{
    memset(w, 0, sizeof *w);
    cr_assert_eq(password_init(PASSWORD_COST_TEST), VC_OK);
    w->now = 1795000000; /* 2026-11-19 */
    config_defaults(&w->cfg);
    uint8_t pepper[32] = {1, 2, 3};
    cr_assert_eq(core_config_init(&w->core, &w->cfg, pepper, pepper), VC_OK);
    snprintf(w->path, sizeof w->path, "/tmp/varco-unit-%d-%p.db", (int)getpid(), (void *)w);
    unlink(w->path);
    char url[300];
    snprintf(url, sizeof url, "sqlite:%s", w->path);
    cr_assert_eq(store_open(url, &w->store), VC_OK);
    cr_assert_eq(store_migrate(w->store), VC_OK);
    cr_assert_eq(store_begin(w->store), VC_OK);
    w->env = (struct vc_env){
        .now = fake_now,
        .random_bytes = fake_random,
        .ctx = w,
        .store = w->store,
        .cfg = &w->core,
        .ip = "192.0.2.1",
        .request_id = "test",
    };
    const char *f[MEMBER_CSV_FIELDS] = {"100001",
                                        "RSSMRA80A41F205B",
                                        "agent_individual",
                                        "Maria",
                                        "Rossi",
                                        "1980-01-01",
                                        "Milano",
                                        "Via Torino 12",
                                        "20123",
                                        "Milano",
                                        "MI",
                                        "",
                                        "",
                                        ""};
    size_t l[MEMBER_CSV_FIELDS];
    for (int i = 0; i < MEMBER_CSV_FIELDS; i++)
        l[i] = strlen(f[i]);
    struct member m;
    struct form_errors fe;
    cr_assert_eq(member_from_fields(f, l, &m, &fe), VC_OK);
    cr_assert_eq(repo_member_upsert(w->store, &m), VC_OK);
}

void fake_world_profile(struct fake_world *w, const char *name)
{
    cr_assert_lt(strlen(name), sizeof w->cfg.profile);
    strcpy(w->cfg.profile, name);
    const struct places *places = w->core.places;
    uint8_t pepper[32] = {1, 2, 3};
    cr_assert_eq(core_config_init(&w->core, &w->cfg, pepper, pepper), VC_OK);
    w->core.places = places;
}

void fake_world_close(struct fake_world *w)
{
    store_rollback(w->store);
    store_close(w->store);
    char p[300];
    unlink(w->path);
    snprintf(p, sizeof p, "%s-wal", w->path);
    unlink(p);
    snprintf(p, sizeof p, "%s-shm", w->path);
    unlink(p);
}

int64_t fake_world_register(struct fake_world *w)
{
    static struct register_form f; /* large; kept off the stack */
    memset(&f, 0, sizeof f);
    strcpy(f.value[REG_PRIVACY], "on");
    strcpy(f.value[REG_MATRICOLA], "100001");
    strcpy(f.value[REG_CODICE_FISCALE], "RSSMRA80A41F205B");
    strcpy(f.value[REG_EMAIL], "maria.rossi@example.org");
    strcpy(f.value[REG_PASSWORD], "Segreta2024");
    strcpy(f.password_confirm, "Segreta2024");
    strcpy(f.lang, "it");
    struct form_errors fe;
    int64_t id = 0;
    cr_assert_eq(account_register(&w->env, &f, &fe, &id), VC_OK, "register: %s %s",
                 fe.n ? fe.e[0].field : "", fe.n ? fe.e[0].msg : "");
    return id;
}

void fake_world_confirm_email(struct fake_world *w, int64_t account_id)
{
    char tok[TOKEN_TEXT_LEN + 1];
    int64_t got = 0;
    cr_assert_eq(codes_issue_token(&w->env, account_id, CODE_EMAIL_CONFIRM, 3600, tok), VC_OK);
    cr_assert_eq(confirm_email_open(&w->env, tok, strlen(tok), &got, NULL), VC_OK);
    cr_assert_eq(got, account_id);
}

void fake_world_giulia(struct register_form *f)
{
    memset(f, 0, sizeof *f);
    strcpy(f->value[REG_CODICE_FISCALE], "SPSGLI90L55F839S");
    strcpy(f->value[REG_GIVEN_NAME], "Giulia");
    strcpy(f->value[REG_FAMILY_NAME], "Esposito");
    strcpy(f->value[REG_SEX], "F");
    strcpy(f->value[REG_BIRTH_DATE], "1990-07-15");
    strcpy(f->value[REG_BIRTH_PLACE], "Napoli");
    strcpy(f->value[REG_BIRTH_PROVINCE], "NA");
    strcpy(f->value[REG_ADDRESS], "Via Toledo 10");
    strcpy(f->value[REG_POSTCODE], "80134");
    strcpy(f->value[REG_CITY], "Napoli");
    strcpy(f->value[REG_PROVINCE], "NA");
    strcpy(f->value[REG_EMAIL], "giulia.esposito@example.org");
    strcpy(f->value[REG_PRIVACY], "on");
    strcpy(f->lang, "it");
}
