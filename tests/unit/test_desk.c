/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* Operators' roles (issue 12): a desk belongs to an office that exists and
 * sees only that office; no other role has one; the role is what the store
 * keeps. Real SQLite store, fake clock. */
#include <criterion/criterion.h>
#include <string.h>

#include "core/form.h"
#include "core/operator.h"
#include "core/repo.h"
#include "tests/support/fake_env.h"
#include "util/str.h"

static struct fake_world w;

static void setup(void)
{
    fake_world_open(&w);
    struct office o;
    memset(&o, 0, sizeof o);
    str_copy(o.code, "CAF-RM-001", sizeof o.code);
    str_copy(o.network, "CAF", sizeof o.network);
    str_copy(o.name, "CAF Roma Centro", sizeof o.name);
    str_copy(o.address, "Via Nazionale 10", sizeof o.address);
    str_copy(o.postcode, "00184", sizeof o.postcode);
    str_copy(o.city, "Roma", sizeof o.city);
    str_copy(o.province, "RM", sizeof o.province);
    str_copy(o.email, "roma@caf.invalid", sizeof o.email);
    cr_assert_eq(repo_office_upsert(w.store, &o), VC_OK);
}

static void teardown(void)
{
    fake_world_close(&w);
}

TestSuite(desk, .init = setup, .fini = teardown);

static const char HASH[] = "$argon2id$v=19$m=8,t=1,p=1$c2FsdHNhbHQ$aGFzaGhhc2hoYXNoaGFzaA";

static enum vc_status add(const char *user, enum operator_role role, const char *office,
                          struct form_errors *fe, int64_t *id)
{
    return operator_create(&w.env, user, user, HASH, role, office, fe, id);
}

Test(desk, a_desk_belongs_to_an_office_that_exists)
{
    struct form_errors fe;
    int64_t id = 0;
    cr_assert_eq(add("desk.none", OPERATOR_DESK, "", &fe, &id), VC_ERR_INVALID);
    cr_assert_str_eq(form_errors_get(&fe, "office"), "error.operator.office");
    cr_assert_eq(add("desk.ghost", OPERATOR_DESK, "CAF-MI-404", &fe, &id), VC_ERR_INVALID);
    cr_assert_str_eq(form_errors_get(&fe, "office"), "error.operator.office");
    cr_assert_eq(add("desk.roma", OPERATOR_DESK, "CAF-RM-001", &fe, &id), VC_OK);
    struct operator_account o;
    cr_assert_eq(operator_get(&w.env, id, &o), VC_OK);
    cr_assert_eq(o.role, OPERATOR_DESK);
    cr_assert_str_eq(o.office_code, "CAF-RM-001");
    struct office office;
    cr_assert_eq(operator_desk_office(&w.env, id, &office), VC_OK);
    cr_assert_str_eq(office.name, "CAF Roma Centro");
}

Test(desk, no_other_role_has_an_office)
{
    struct form_errors fe;
    int64_t id = 0;
    cr_assert_eq(add("bo.roma", OPERATOR_BACKOFFICE, "CAF-RM-001", &fe, &id), VC_ERR_INVALID);
    cr_assert_str_eq(form_errors_get(&fe, "office"), "error.operator.office_not_desk");
    cr_assert_eq(add("bo.rossi", OPERATOR_BACKOFFICE, "", &fe, &id), VC_OK);
    struct office office;
    cr_assert_eq(operator_desk_office(&w.env, id, &office), VC_ERR_DENIED);
    int64_t admin = 0;
    cr_assert_eq(add("capo", OPERATOR_ADMIN, "", &fe, &admin), VC_OK);
    struct operator_account o;
    cr_assert_eq(operator_get(&w.env, admin, &o), VC_OK);
    cr_assert_eq(o.role, OPERATOR_ADMIN, "the role is what the store keeps");
    cr_assert_eq(operator_desk_office(&w.env, admin, &office), VC_ERR_DENIED);
}

Test(desk, a_disabled_desk_sees_no_office)
{
    struct form_errors fe;
    int64_t id = 0;
    cr_assert_eq(add("desk.roma", OPERATOR_DESK, "CAF-RM-001", &fe, &id), VC_OK);
    cr_assert_eq(operator_set_disabled(&w.env, "desk.roma", true), VC_OK);
    struct office office;
    cr_assert_eq(operator_desk_office(&w.env, id, &office), VC_ERR_DENIED);
}

Test(desk, role_names_are_stable)
{
    enum operator_role r;
    cr_assert_str_eq(operator_role_name(OPERATOR_BACKOFFICE), "backoffice");
    cr_assert_str_eq(operator_role_name(OPERATOR_DESK), "desk");
    cr_assert_str_eq(operator_role_name(OPERATOR_ADMIN), "admin");
    cr_assert(operator_role_parse("desk", &r) && r == OPERATOR_DESK);
    cr_assert_not(operator_role_parse("root", &r));
}
