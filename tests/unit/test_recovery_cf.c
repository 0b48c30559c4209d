/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* The Istanze online variant of "password lost" (seed 004): username and
 * codice fiscale must name the same account; the answer never says. */
#include <criterion/criterion.h>
#include <string.h>

#include "core/recovery.h"
#include "core/repo.h"
#include "tests/support/fake_env.h"

static struct fake_world w;
static void setup(void)
{
    fake_world_open(&w);
}
static void teardown(void)
{
    fake_world_close(&w);
}
TestSuite(recovery_cf, .init = setup, .fini = teardown);

static int resets(void)
{
    struct outbox_msg m[32];
    size_t n = 0;
    cr_assert_eq(repo_outbox_list(w.store, -1, m, 32, &n), VC_OK);
    int k = 0;
    for (size_t i = 0; i < n; i++)
        k += strcmp(m[i].template_name, "password_reset") == 0;
    return k;
}

Test(recovery_cf, a_link_only_when_both_match)
{
    fake_world_confirm_email(&w, fake_world_register(&w)); /* links go to proven addresses */
    struct form_errors fe;
    /* wrong codice fiscale (valid, someone else's): same answer, no link */
    cr_assert_eq(
        recovery_request_by_username_cf(&w.env, "maria.rossi@example.org", "CNTGLI64R59C351N", &fe),
        VC_OK);
    cr_assert_eq(resets(), 0);
    /* unknown username: same answer, no link */
    cr_assert_eq(
        recovery_request_by_username_cf(&w.env, "nessuno@example.org", "RSSMRA80A41F205B", &fe),
        VC_OK);
    cr_assert_eq(resets(), 0);
    /* both right, the codice fiscale typed as an omocode and in lower case */
    cr_assert_eq(
        recovery_request_by_username_cf(&w.env, "Maria.Rossi@example.org", "rssmra80a41f2l5m", &fe),
        VC_OK);
    cr_assert_eq(resets(), 1);
}

Test(recovery_cf, malformed_input_is_told_beside_the_fields)
{
    struct form_errors fe;
    cr_assert_eq(recovery_request_by_username_cf(&w.env, "non-una-email", "XYZ", &fe),
                 VC_ERR_INVALID);
    cr_assert_not_null(form_errors_get(&fe, "email"));
    cr_assert_not_null(form_errors_get(&fe, "codice_fiscale"));
}
