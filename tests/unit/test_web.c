/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* The member side's pure helpers: which `next` targets stay on this site. */
#include <criterion/criterion.h>

#include "web/handlers.h"

Test(web_local_path, keeps_paths_of_this_site)
{
    const char *ok[] = {"/", "/area", "/area/modulo", "/area?x=1", "/a%2Fb", "/recupero/password"};
    for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++)
        cr_expect(web_local_path(ok[i]), "%s refused", ok[i]);
}

Test(web_local_path, refuses_what_a_browser_reads_as_another_site)
{
    /* What the browser receives after the query is decoded once. */
    const char *bad[] = {
        NULL,
        "",
        "area",
        "//evil.example",
        "/\\evil.example",
        "/\t/evil",
        "/\n/evil",
        "/ /evil",
        "/%09/evil",
        "/%2F/evil",
        "/%5Cevil",
        "/%252F/x",
        "/%2509/x",
        "https://evil",
        "/\x7f",
        "/caf\xc3\xa9",
        "/%",
        "/%zz",
        "/a\r\nSet-Cookie: x=1",
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        cr_expect(!web_local_path(bad[i]), "%s accepted", bad[i] ? bad[i] : "(null)");
}
