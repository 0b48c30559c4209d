/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* Unit tests for src/util/config.c: defaults, every section, errors with
 * line numbers, validation, environment overrides. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util/pec_defaults.h"
#include "util/config.h"

static struct config cfg; /* large; kept off the stack */
static char err[256];

static enum vc_status parse(const char *text)
{
    err[0] = '\0';
    return config_parse_text(text, strlen(text), &cfg, err, sizeof(err));
}

Test(config, defaults)
{
    cr_assert_eq(parse(""), VC_OK, "%s", err);
    cr_assert_str_eq(cfg.listen_host, "127.0.0.1");
    cr_assert_eq(cfg.listen_port, 8080);
    cr_assert_str_eq(cfg.data_dir, "var");
    cr_assert_str_eq(cfg.assets_dir, ".");
    cr_assert_str_eq(cfg.base_url, "http://127.0.0.1:8080");
    cr_assert_str_eq(cfg.profile, "enasarco");
    cr_assert_not(cfg.dev, "production unless asked");
    cr_assert_not(cfg.secure_cookies);
    cr_assert_eq(cfg.n_trusted_proxies, 0);
    cr_assert_eq(cfg.password_min_length, 0, "the profile's own rule");
    cr_assert_eq(cfg.threads, 0);
    cr_assert_eq(cfg.upload_max_bytes, 10u * 1024 * 1024);
    /* demo values, plainly not real (issue 9 item 13) */
    cr_assert_str_eq(cfg.mail_from, "varco demo <noreply@demo.invalid>");
    cr_assert_str_eq(cfg.institution, "Ente di prova (demo)");
    cr_assert_str_eq(cfg.form_email, "identificazione@demo.invalid");
    cr_assert_str_eq(cfg.form_fax, "00 0000 0000");
    struct config_demo demo[CONFIG_DEMO_MAX];
    cr_assert_eq(config_demo_values(&cfg, demo), 7);
    cr_assert_eq(cfg.session_idle_seconds, 1800);
    cr_assert_eq(cfg.session_absolute_seconds, 43200);
    cr_assert_eq(cfg.email_token_seconds, 86400);
    cr_assert_eq(cfg.activation_code_seconds, 30 * 86400);
    cr_assert_eq(cfg.activation_code_attempts, 5);
    cr_assert_eq(cfg.case_due_seconds, 172800);
    cr_assert_eq(cfg.n_local_holidays, 0, "national holidays only");
    cr_assert_eq(cfg.outbox_max_attempts, 12);
    cr_assert_eq(cfg.n_pec_domains, PEC_DEFAULT_DOMAINS_N);
    cr_assert_str_eq(cfg.pec_domains[0], PEC_DEFAULT_DOMAINS[0]);

    struct config d;
    config_defaults(&d);
    cr_assert_str_eq(d.base_url, "", "derived only after loading");
}

Test(config, every_section)
{
    const char *text = "; comment\n"
                       "[server]\n"
                       "listen = 0.0.0.0:9090\n"
                       "data_dir = /srv/varco\n"
                       "assets_dir = /usr/share/varco\n"
                       "base_url = https://id.example.it/\n"
                       "profile = demo\n"
                       "dev = off\n"
                       "secure_cookies = yes\n"
                       "trusted_proxies = 10.0.0.0/8, ::1\n"
                       "threads = 8\n"
                       "upload_max_bytes = 2048\n"
                       "[mail]\n"
                       "from = Varco <no-reply@example.it>\n"
                       "institution = Ente\n"
                       "institution_address = Via Roma 1\n"
                       "form_email = forms@example.it\n"
                       "form_fax = 06 1234\n"
                       "[security]\n"
                       "session_idle_seconds = 600\n"
                       "session_absolute_seconds = 7200\n"
                       "password_min_length = 10\n"
                       "password_max_length = 64\n"
                       "[codes]\n"
                       "email_token_seconds = 3600\n"
                       "activation_code_seconds = 86400\n"
                       "activation_code_attempts = 3\n"
                       "[cases]\n"
                       "case_due_seconds = 3600\n"
                       "[pec]\n"
                       "domains = PEC.it, example-pec.it ,, *.pec.*\n"
                       "[outbox]\n"
                       "max_attempts = 4\n";
    cr_assert_eq(parse(text), VC_OK, "%s", err);
    cr_assert_str_eq(cfg.listen_host, "0.0.0.0");
    cr_assert_eq(cfg.listen_port, 9090);
    cr_assert_str_eq(cfg.data_dir, "/srv/varco");
    cr_assert_str_eq(cfg.assets_dir, "/usr/share/varco");
    cr_assert_str_eq(cfg.base_url, "https://id.example.it");
    cr_assert_str_eq(cfg.profile, "demo");
    cr_assert_not(cfg.dev);
    cr_assert(cfg.secure_cookies);
    cr_assert_eq(cfg.n_trusted_proxies, 2);
    cr_assert_eq(cfg.trusted_proxies[0].prefix, 8);
    cr_assert_eq(cfg.trusted_proxies[1].prefix, 128);
    cr_assert_eq(cfg.password_min_length, 10);
    cr_assert_eq(cfg.password_max_length, 64);
    cr_assert_eq(cfg.threads, 8);
    cr_assert_eq(cfg.upload_max_bytes, 2048);
    cr_assert_str_eq(cfg.mail_from, "Varco <no-reply@example.it>");
    cr_assert_str_eq(cfg.institution, "Ente");
    cr_assert_str_eq(cfg.institution_address, "Via Roma 1");
    cr_assert_str_eq(cfg.form_email, "forms@example.it");
    cr_assert_str_eq(cfg.form_fax, "06 1234");
    cr_assert_eq(cfg.session_idle_seconds, 600);
    cr_assert_eq(cfg.session_absolute_seconds, 7200);
    cr_assert_eq(cfg.email_token_seconds, 3600);
    cr_assert_eq(cfg.activation_code_seconds, 86400);
    cr_assert_eq(cfg.activation_code_attempts, 3);
    cr_assert_eq(cfg.case_due_seconds, 3600);
    cr_assert_eq(cfg.n_pec_domains, 3);
    cr_assert_str_eq(cfg.pec_domains[0], "pec.it");
    cr_assert_str_eq(cfg.pec_domains[1], "example-pec.it");
    cr_assert_str_eq(cfg.pec_domains[2], "*.pec.*");
    cr_assert_eq(cfg.outbox_max_attempts, 4);
}

Test(config, unknown_key_names_line)
{
    cr_assert_eq(parse("[server]\n\n# c\nfoo = 1\n"), VC_ERR_INVALID);
    cr_assert_str_eq(err, "config:4: unknown key 'foo' in [server]");
    cr_assert_eq(parse("[nope]\nlisten = 1.2.3.4:1\n"), VC_ERR_INVALID);
    cr_assert_str_eq(err, "config:2: unknown key 'listen' in [nope]");
}

Test(config, out_untouched_on_error)
{
    memset(&cfg, 0x5a, sizeof(cfg));
    cr_assert_eq(parse("[server]\nthreads = x\n"), VC_ERR_INVALID);
    cr_assert_eq(cfg.listen_port, 0x5a5a);
    cr_assert_not_null(strstr(err, "config:2:"), "%s", err);
}

Test(config, bad_values)
{
    cr_assert_eq(parse("[server]\nlisten = 127.0.0.1:0\n"), VC_ERR_INVALID);
    cr_assert_not_null(strstr(err, "config:2:"), "%s", err);
    cr_assert_not_null(strstr(err, "port"), "%s", err);
    cr_assert_eq(parse("[server]\nlisten = 127.0.0.1:65536\n"), VC_ERR_INVALID);
    cr_assert_eq(parse("[server]\nlisten = 127.0.0.1\n"), VC_ERR_INVALID);
    cr_assert_eq(parse("[server]\nlisten = :80\n"), VC_ERR_INVALID);
    cr_assert_eq(parse("[server]\nlisten = h:8x\n"), VC_ERR_INVALID);
    cr_assert_eq(parse("[server]\nlisten = localhost:65535\n"), VC_OK, "%s", err);
    cr_assert_eq(parse("[server]\nlisten = [::1]:8443\n"), VC_OK, "%s", err);
    cr_assert_str_eq(cfg.listen_host, "::1");
    cr_assert_str_eq(cfg.base_url, "http://[::1]:8443");
    cr_assert_eq(parse("[server]\ndev = maybe\n"), VC_ERR_INVALID);
    cr_assert_eq(parse("[server]\nprofile =\n"), VC_ERR_INVALID);
    cr_assert_eq(parse("[server]\nprofile = ../etc\n"), VC_ERR_INVALID);
    cr_assert_eq(parse("[server]\nupload_max_bytes = 0\n"), VC_ERR_INVALID);
    cr_assert_eq(parse("[server]\nbase_url = ftp://x\n"), VC_ERR_INVALID);
    cr_assert_eq(parse("[codes]\nactivation_code_attempts = 0\n"), VC_ERR_INVALID);
    cr_assert_eq(parse("[codes]\nactivation_code_attempts = 101\n"), VC_ERR_INVALID);
    cr_assert_eq(parse("[codes]\nactivation_code_attempts = 100\n"), VC_OK, "%s", err);
    cr_assert_eq(parse("[security]\nsession_idle_seconds = -5\n"), VC_ERR_INVALID);
    cr_assert_eq(parse("[server]\nthreads = 2\nthreads = 3\n"), VC_ERR_INVALID);
    cr_assert_eq(parse("[server]\nthis line has no equals\n"), VC_ERR_INVALID);
    cr_assert_not_null(strstr(err, "config:2:"), "%s", err);
    cr_assert_eq(parse("[server]\ntrusted_proxies = 10.0.0.0/33\n"), VC_ERR_INVALID);
    cr_assert_eq(parse("[server]\ntrusted_proxies = proxy.example\n"), VC_ERR_INVALID);
    cr_assert_eq(parse("[security]\npassword_min_length = 30\npassword_max_length = 20\n"),
                 VC_ERR_INVALID);
}

Test(config, too_long_is_an_error)
{
    char text[300];
    snprintf(text, sizeof(text), "[server]\nprofile = %040d\n", 0); /* profile[32] */
    cr_assert_eq(parse(text), VC_ERR_INVALID);
    cr_assert_not_null(strstr(err, "too long"), "%s", err);

    char line[600];
    memset(line, 'a', sizeof(line));
    memcpy(line, "[mail]\nfrom = ", 14);
    memcpy(line + sizeof(line) - 2, "\n", 2);
    line[sizeof(line) - 1] = '\0';
    cr_assert_eq(parse(line), VC_ERR_INVALID);
    cr_assert_not_null(strstr(err, "config:2: line too long"), "%s", err);
}

Test(config, env_overrides)
{
    setenv("VARCO_LISTEN", "10.0.0.1:1234", 1);
    setenv("VARCO_DEV", "false", 1);
    setenv("VARCO_CODES_ACTIVATION_CODE_ATTEMPTS", "9", 1);
    setenv("VARCO_MAIL_FROM", "x <x@example.it>", 1);
    err[0] = '\0';
    cr_assert_eq(config_load(NULL, false, &cfg, err, sizeof(err)), VC_OK, "%s", err);
    cr_assert_str_eq(cfg.listen_host, "10.0.0.1");
    cr_assert_eq(cfg.listen_port, 1234);
    cr_assert_str_eq(cfg.base_url, "http://10.0.0.1:1234");
    cr_assert_not(cfg.dev);
    cr_assert_eq(cfg.activation_code_attempts, 9);
    cr_assert_str_eq(cfg.mail_from, "x <x@example.it>");

    setenv("VARCO_LISTEN", "10.0.0.1:99999", 1);
    cr_assert_eq(config_load(NULL, false, &cfg, err, sizeof(err)), VC_ERR_INVALID);
    cr_assert_not_null(strstr(err, "VARCO_LISTEN"), "%s", err);
}

Test(config, file_then_env)
{
    char path[] = "/tmp/varco-config-XXXXXX";
    int fd = mkstemp(path);
    cr_assert_geq(fd, 0);
    const char *text = "[server]\nlisten = 127.0.0.1:7000\nprofile = demo\n[outbox]\nbogus = 1\n";
    cr_assert_eq(write(fd, text, strlen(text)), (ssize_t)strlen(text));
    close(fd);
    unsetenv("VARCO_LISTEN");
    cr_assert_eq(config_load(path, true, &cfg, err, sizeof(err)), VC_ERR_INVALID);
    char want[128];
    snprintf(want, sizeof(want), "%s:5: unknown key 'bogus' in [outbox]", path);
    cr_assert_str_eq(err, want);

    FILE *f = fopen(path, "w");
    fputs("[server]\nlisten = 127.0.0.1:7000\nprofile = demo\n", f);
    fclose(f);
    setenv("VARCO_PROFILE", "other", 1);
    cr_assert_eq(config_load(path, true, &cfg, err, sizeof(err)), VC_OK, "%s", err);
    cr_assert_eq(cfg.listen_port, 7000);
    cr_assert_str_eq(cfg.profile, "other");
    unlink(path);

    cr_assert_eq(config_load(path, true, &cfg, err, sizeof(err)), VC_ERR_IO);
    cr_assert_eq(config_load(path, false, &cfg, err, sizeof(err)), VC_OK, "%s", err);
}

Test(config, dev_mode_only_on_loopback_and_plain_http)
{
    cr_assert_eq(parse("[server]\ndev = on\n"), VC_OK, "%s", err);
    cr_assert_eq(parse("[server]\ndev = on\nlisten = [::1]:8080\n"), VC_OK, "%s", err);
    cr_assert_eq(parse("[server]\ndev = on\nlisten = 0.0.0.0:8080\n"), VC_ERR_INVALID);
    cr_assert_not_null(strstr(err, "loopback"), "%s", err);
    cr_assert_eq(parse("[server]\ndev = on\nlisten = localhost:8080\n"), VC_ERR_INVALID);
    cr_assert_eq(parse("[server]\ndev = on\nbase_url = https://id.example.it\n"), VC_ERR_INVALID);
    cr_assert_not_null(strstr(err, "https"), "%s", err);
}

Test(config, https_base_url_means_secure_cookies)
{
    cr_assert_eq(parse("[server]\nbase_url = https://id.example.it\n"), VC_OK, "%s", err);
    cr_assert(cfg.secure_cookies);
    cr_assert_eq(parse("[server]\nbase_url = https://id.example.it\nsecure_cookies = no\n"), VC_OK,
                 "%s", err);
    cr_assert(cfg.secure_cookies, "no separate switch can turn them off behind https");
    cr_assert_eq(parse("[server]\nbase_url = http://127.0.0.1:8080\n"), VC_OK, "%s", err);
    cr_assert_not(cfg.secure_cookies);
}

Test(config, local_holidays)
{
    cr_assert_eq(parse("[cases]\nlocal_holidays = 06-29, 12-07 ,, 02-29\n"), VC_OK, "%s", err);
    cr_assert_eq(cfg.n_local_holidays, 3);
    cr_assert_eq(cfg.local_holidays[0].month, 6);
    cr_assert_eq(cfg.local_holidays[0].day, 29);
    cr_assert_eq(cfg.local_holidays[1].month, 12);
    cr_assert_eq(cfg.local_holidays[1].day, 7);
    cr_assert_eq(cfg.local_holidays[2].month, 2);
    cr_assert_eq(cfg.local_holidays[2].day, 29);

    cr_assert_eq(parse("[cases]\nlocal_holidays =\n"), VC_OK, "%s", err);
    cr_assert_eq(cfg.n_local_holidays, 0);
    cr_assert_eq(parse("[cases]\nlocal_holidays = , \n"), VC_OK, "%s", err);
    cr_assert_eq(cfg.n_local_holidays, 0);

    /* A bad entry is named, with the line. */
    cr_assert_eq(parse("[cases]\nlocal_holidays = 06-29, 06-31\n"), VC_ERR_INVALID);
    cr_assert_not_null(strstr(err, "config:2: bad value for 'local_holidays' in [cases]"), "%s",
                       err);
    cr_assert_not_null(strstr(err, "'06-31'"), "%s", err);
    static const char *const bad[] = {"6-29",  "06/29",      "13-01",      "00-10",      "02-30",
                                      "06-00", "06-29-2026", "2026-06-29", "San Pietro", "0a-01"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        char text[128], want[64];
        snprintf(text, sizeof text, "[cases]\nlocal_holidays = 01-01,%s\n", bad[i]);
        cr_assert_eq(parse(text), VC_ERR_INVALID, "%s accepted", bad[i]);
        snprintf(want, sizeof want, "'%s'", bad[i]);
        cr_assert_not_null(strstr(err, want), "%s: %s", bad[i], err);
    }
    char many[256] = "[cases]\nlocal_holidays = ";
    for (int d = 1; d <= CONFIG_LOCAL_HOLIDAYS_MAX + 1; d++) {
        char one[16];
        snprintf(one, sizeof one, "07-%02d,", d);
        strcat(many, one);
    }
    cr_assert_eq(parse(many), VC_ERR_INVALID);
    cr_assert_not_null(strstr(err, "too many"), "%s", err);

    setenv("VARCO_CASES_LOCAL_HOLIDAYS", "12-07", 1);
    cr_assert_eq(config_load(NULL, false, &cfg, err, sizeof(err)), VC_OK, "%s", err);
    cr_assert_eq(cfg.n_local_holidays, 1);
    cr_assert_eq(cfg.local_holidays[0].month, 12);
    setenv("VARCO_CASES_LOCAL_HOLIDAYS", "12-07,31-12", 1);
    cr_assert_eq(config_load(NULL, false, &cfg, err, sizeof(err)), VC_ERR_INVALID);
    cr_assert_not_null(strstr(err, "VARCO_CASES_LOCAL_HOLIDAYS"), "%s", err);
    cr_assert_not_null(strstr(err, "'31-12'"), "%s", err);
    unsetenv("VARCO_CASES_LOCAL_HOLIDAYS");
}

Test(config, map_tiles_are_an_https_template_and_give_their_origin)
{
    cr_assert_eq(parse("[site]\nmap_tiles = https://tile.example.org/osm/{z}/{x}/{y}.png\n"), VC_OK,
                 "%s", err);
    cr_assert_str_eq(cfg.site_map_tiles_origin, "https://tile.example.org");
    cr_assert_eq(parse("[site]\nmap_tiles = http://127.0.0.1:9/t/{z}/{x}/{y}.png\n"), VC_OK, "%s",
                 err);
    cr_assert_str_eq(cfg.site_map_tiles_origin, "http://127.0.0.1:9");
    cr_assert_eq(parse(""), VC_OK);
    cr_assert_str_eq(cfg.site_map_tiles_origin, "", "no tiles: no origin in the CSP");
    const char *bad[] = {
        "http://tile.example.org/{z}/{x}/{y}.png",     /* plain http beyond loopback */
        "https://tile.example.org/{z}/{x}.png",        /* no {y} */
        "https://tile.example.org/{z}/{x}/{y}.png; x", /* would extend the CSP */
        "https://tile.example.org'/{z}/{x}/{y}.png",   /* a quote */
        "https:///{z}/{x}/{y}.png",                    /* no host */
        "javascript:alert(1)//{z}/{x}/{y}",            /* not a URL of tiles */
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        char text[300];
        snprintf(text, sizeof text, "[site]\nmap_tiles = %s\n", bad[i]);
        cr_assert_eq(parse(text), VC_ERR_INVALID, "accepted: %s", bad[i]);
        cr_assert(strstr(err, "map_tiles") != NULL, "%s", err);
    }
}
