/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* The member side's pure helpers: which `next` targets stay on this site. */
#include <criterion/criterion.h>

#include <string.h>

#include "web/handlers.h"

Test(web_local_path, keeps_paths_of_this_site)
{
    const char *ok[] = {
        "/", "/area", "/area/modulo", "/area?x=1", "/a%2Fb", "/recupero/password",
        /* an application's request, sent to log in and back */
        "/oidc/authorize?scope=openid%20profile&redirect_uri=https%3A%2F%2Fapp%2Fcb"};
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
        "/x?a= b",
        "/x?a=%zz",
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        cr_expect(!web_local_path(bad[i]), "%s accepted", bad[i] ? bad[i] : "(null)");
}

#include "backoffice/backoffice.h"
#include "render/links.h"

Test(links, every_named_page_is_a_get_route)
{
    for (unsigned i = 0; i < LINK_PAGES_N; i++) {
        bool found = false;
        for (size_t r = 0; r < web_routes_n && !found; r++)
            found = strcmp(web_routes[r].method, "GET") == 0 &&
                    strcmp(web_routes[r].path, LINK_PAGES[i].path) == 0;
        for (size_t r = 0; r < backoffice_routes_n && !found; r++) /* the desk's page */
            found = strcmp(backoffice_routes[r].method, "GET") == 0 &&
                    strcmp(backoffice_routes[r].path, LINK_PAGES[i].path) == 0;
        cr_expect(found, "page %s at %s is not a GET route", LINK_PAGES[i].name,
                  LINK_PAGES[i].path);
    }
}

/* A name finds its own page only: not a prefix of it, not it and more. */
Test(links, a_name_finds_exactly_its_page)
{
    for (unsigned i = 0; i < LINK_PAGES_N; i++) {
        const char *name = LINK_PAGES[i].name;
        cr_expect_str_eq(links_path(name), LINK_PAGES[i].path, "%s", name);
        char more[64], less[64];
        snprintf(more, sizeof more, "%sx", name);
        cr_expect_null(links_path(more), "%s found a page", more);
        snprintf(less, sizeof less, "%.*s", (int)strlen(name) - 1, name);
        const char *p = links_path(less); /* "second_factor" is a page of its own */
        bool is_a_name = false;
        for (unsigned k = 0; k < LINK_PAGES_N; k++)
            is_a_name = is_a_name || strcmp(LINK_PAGES[k].name, less) == 0;
        cr_expect(p == NULL || is_a_name, "%s found %s", less, p);
    }
    cr_expect_null(links_path(""));
}

Test(links, named_links_become_urls)
{
    struct buf b;
    buf_init(&b);
    cr_assert(links_resolve("https://id.example.it", "link:confirm_email?t=abc", &b));
    cr_assert_eq(b.len, strlen("https://id.example.it/conferma-email?t=abc"));
    cr_assert_eq(memcmp(b.data, "https://id.example.it/conferma-email?t=abc", b.len), 0);
    buf_reset(&b);
    cr_assert_not(links_resolve("https://id.example.it", "plain text", &b));
    cr_assert_not(links_resolve("https://id.example.it", "link:nowhere", &b));
    cr_assert_eq(b.len, 0);
    buf_fini(&b);
}
