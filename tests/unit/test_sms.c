/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* The SMS gateway (issue 13 §1): the body template and its escaping
 * (notify/sms_body.c), the [sms] configuration (util/config.c), and what a
 * failed request records (notify/sms_http.c: no text, no secret). The
 * exchange with a gateway is tests/e2e/sms_gateway.test.js. */
#include <arpa/inet.h>
#include <criterion/criterion.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "notify/sms_body.h"
#include "notify/sms_http.h"
#include "util/config.h"

static char *render(const char *tmpl, const char *ct, const char *to, const char *text,
                    const char *key)
{
    struct buf b;
    buf_init(&b);
    sms_body_render(tmpl, sms_body_escape_for(ct), to, text, key, &b);
    buf_putc(&b, '\0');
    return buf_steal(&b);
}

Test(sms_body, escape_follows_the_content_type)
{
    cr_assert_eq(sms_body_escape_for("application/json"), SMS_BODY_JSON);
    cr_assert_eq(sms_body_escape_for("Application/JSON; charset=utf-8"), SMS_BODY_JSON);
    cr_assert_eq(sms_body_escape_for("application/vnd.gateway+json"), SMS_BODY_JSON);
    cr_assert_eq(sms_body_escape_for("application/x-www-form-urlencoded"), SMS_BODY_FORM);
    cr_assert_eq(sms_body_escape_for("application/xml"), SMS_BODY_XML);
    cr_assert_eq(sms_body_escape_for("text/xml; charset=utf-8"), SMS_BODY_XML);
    cr_assert_eq(sms_body_escape_for("text/plain"), SMS_BODY_RAW);
    cr_assert_eq(sms_body_escape_for("application/jsonish"), SMS_BODY_RAW);
}

Test(sms_body, the_default_is_a_json_object)
{
    char *s = render(CONFIG_SMS_BODY_DEFAULT, "application/json", "+393331234567",
                     "Ente: la prima parte del PIN è ABCD EFGH", "k-1");
    cr_assert_str_eq(s, "{\"to\": \"+393331234567\", \"text\": \"Ente: la prima parte del PIN è "
                        "ABCD EFGH\", \"key\": \"k-1\"}");
    free(s);
}

Test(sms_body, json_values_cannot_break_out_of_their_string)
{
    char *s = render("{\"text\":\"{text}\"}", "application/json", "", "a\"b\\c\nd\re\tf\x01g", "");
    cr_assert_str_eq(s, "{\"text\":\"a\\\"b\\\\c\\nd\\re\\tf\\u0001g\"}");
    free(s);
    /* a value that looks like a placeholder is not expanded again */
    s = render("{\"text\":\"{text}\",\"to\":\"{to}\"}", "application/json", "+39", "{to}", "");
    cr_assert_str_eq(s, "{\"text\":\"{to}\",\"to\":\"+39\"}");
    free(s);
}

Test(sms_body, form_values_are_percent_encoded)
{
    char *s = render("to={to}&text={text}&id={key}", "application/x-www-form-urlencoded",
                     "+393331234567", "PIN: AB&C=D è", "k 1");
    cr_assert_str_eq(s, "to=%2B393331234567&text=PIN%3A+AB%26C%3DD+%C3%A8&id=k+1");
    free(s);
}

Test(sms_body, xml_and_raw)
{
    char *s = render("<sms to=\"{to}\">{text}</sms>", "application/xml", "+39", "<a & 'b'>", "");
    cr_assert_str_eq(s, "<sms to=\"+39\">&lt;a &amp; &apos;b&apos;&gt;</sms>");
    free(s);
    s = render("{to}|{text}|{key}|{other}", "text/plain", "+39", "x\"y", "k");
    cr_assert_str_eq(s, "+39|x\"y|k|{other}", "unknown braces are left as they are");
    free(s);
}

static struct config cfg;
static char err[256];

static enum vc_status parse(const char *text)
{
    err[0] = '\0';
    return config_parse_text(text, strlen(text), &cfg, err, sizeof err);
}

Test(sms_config, file_by_default_and_in_dev_mode)
{
    cr_assert_eq(parse(""), VC_OK, "%s", err);
    cr_assert_str_eq(cfg.sms_gateway, "file");
    cr_assert_not(cfg.sms_http);
    cr_assert_eq(cfg.sms_timeout_seconds, 10);
    cr_assert_str_eq(cfg.sms_content_type, "application/json");
    struct sms_http_config h;
    cr_assert_null(sms_http_config_of(&cfg, &h));
    cr_assert_eq(
        parse("[server]\ndev = true\n[sms]\ngateway = http\nurl = https://sms.example.org/\n"),
        VC_OK, "%s", err);
    cr_assert_not(cfg.sms_http, "dev mode forces files: its codes are for /dev/outbox");
    cr_assert_eq(parse("[sms]\ngateway = http\nurl = https://sms.example.org/send\ntoken = t0k\n"
                       "timeout_seconds = 3\n"),
                 VC_OK, "%s", err);
    cr_assert(cfg.sms_http);
    cr_assert_not_null(sms_http_config_of(&cfg, &h));
    cr_assert_str_eq(h.url, "https://sms.example.org/send");
    cr_assert_str_eq(h.token, "t0k");
    cr_assert_eq(h.timeout_seconds, 3);
}

Test(sms_config, the_url_is_https_or_loopback_http)
{
    const char *good[] = {"https://sms.example.org/send", "http://127.0.0.1:9/send",
                          "http://localhost:8080/", "http://[::1]:9/x", "http://127.0.0.2/"};
    for (size_t i = 0; i < sizeof good / sizeof good[0]; i++) {
        char text[300];
        snprintf(text, sizeof text, "[sms]\ngateway = http\nurl = %s\n", good[i]);
        cr_assert_eq(parse(text), VC_OK, "%s: %s", good[i], err);
    }
    const char *bad[] = {
        "",                                  /* none */
        "http://sms.example.org/send",       /* plain http across a network */
        "http://127.0.0.1.example.org/send", /* a name that starts like loopback */
        "http://localhost.example.org/",
        "https://user:secret@sms.example.org/", /* credentials have keys of their own */
        "ftp://sms.example.org/",
        "https://sms.example.org/a b",
        "https://",
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        char text[300];
        snprintf(text, sizeof text, "[sms]\ngateway = http\nurl = %s\n", bad[i]);
        cr_assert_eq(parse(text), VC_ERR_INVALID, "accepted: '%s'", bad[i]);
        cr_assert_not_null(strstr(err, "[sms] url"), "%s", err);
        cr_assert_null(strstr(err, "secret"), "the error repeats no credential: %s", err);
    }
    /* the same reading of hosts now guards the map's tiles */
    cr_assert_eq(parse("[site]\nmap_tiles = http://127.0.0.1.example.org/{z}/{x}/{y}.png\n"),
                 VC_ERR_INVALID);
}

Test(sms_config, one_way_to_authenticate_and_a_body_with_its_places)
{
    const char *base = "[sms]\ngateway = http\nurl = https://sms.example.org/\n";
    const struct {
        const char *extra, *why;
    } bad[] = {
        {"gateway2 = x\n", "unknown key"},
        {"token = t\nusername = u\npassword = p\n", "bearer and basic"},
        {"password = p\n", "a password without a user"},
        {"body = {\"text\": \"{text}\"}\n", "no {to}"},
        {"body = {\"to\": \"{to}\"}\n", "no {text}"},
        {"timeout_seconds = 0\n", "no time at all"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        char text[400];
        snprintf(text, sizeof text, "%s%s", base, bad[i].extra);
        cr_assert_eq(parse(text), VC_ERR_INVALID, "accepted: %s", bad[i].why);
    }
    cr_assert_eq(parse("[sms]\ngateway = sms\n"), VC_ERR_INVALID);
    cr_assert_eq(parse("[sms]\nusername = u\npassword = p\ngateway = http\n"
                       "url = https://sms.example.org/\ncontent_type = text/plain\n"
                       "body = {to} {text}\n"),
                 VC_OK, "%s", err);
}

Test(sms_config, secrets_from_the_environment)
{
    setenv("VARCO_SMS_GATEWAY", "http", 1);
    setenv("VARCO_SMS_URL", "https://sms.example.org/send", 1);
    setenv("VARCO_SMS_USERNAME", "ente", 1);
    setenv("VARCO_SMS_PASSWORD", "s3cret", 1);
    cr_assert_eq(config_load(NULL, false, &cfg, err, sizeof err), VC_OK, "%s", err);
    cr_assert(cfg.sms_http);
    cr_assert_str_eq(cfg.sms_password, "s3cret");
    setenv("VARCO_SMS_TOKEN", "tok\r\nX-Evil: 1", 1);
    cr_assert_eq(config_load(NULL, false, &cfg, err, sizeof err), VC_ERR_INVALID,
                 "a header of one's own through the token");
    unsetenv("VARCO_SMS_TOKEN");
    unsetenv("VARCO_SMS_GATEWAY");
    unsetenv("VARCO_SMS_URL");
    unsetenv("VARCO_SMS_USERNAME");
    unsetenv("VARCO_SMS_PASSWORD");
}

/* A port nobody listens on: bound, then closed. */
static int closed_port(void)
{
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    socklen_t len = sizeof a;
    cr_assert_eq(bind(fd, (struct sockaddr *)&a, sizeof a), 0);
    cr_assert_eq(getsockname(fd, (struct sockaddr *)&a, &len), 0);
    close(fd);
    return ntohs(a.sin_port);
}

Test(sms_http, a_network_error_is_recorded_without_text_or_secret)
{
    char url[64], e[256] = "";
    snprintf(url, sizeof url, "http://127.0.0.1:%d/send", closed_port());
    struct sms_http_config c = {.url = url,
                                .username = "ente",
                                .password = "s3cret",
                                .token = "",
                                .body = CONFIG_SMS_BODY_DEFAULT,
                                .content_type = "application/json",
                                .timeout_seconds = 2};
    cr_assert_eq(sms_http_global_init(), VC_OK);
    cr_assert_eq(sms_http_deliver(&c, "key-1", "+393331234567", "PIN ABCD EFGH", e, sizeof e),
                 VC_ERR_IO);
    cr_assert(strncmp(e, "sms gateway: ", 13) == 0, "%s", e);
    cr_assert_null(strstr(e, "ABCD"), "%s", e);
    cr_assert_null(strstr(e, "3331234567"), "%s", e);
    cr_assert_null(strstr(e, "s3cret"), "%s", e);
    sms_http_global_cleanup();
}
