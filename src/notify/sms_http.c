/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* The SMS channel over HTTP (notify/sms_http.h has the exactly-once
 * contract): one libcurl request per message. Never logs; never puts the
 * text, the number or a credential into an error. */
#include "notify/sms_http.h"

#include <curl/curl.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "notify/sms_body.h"
#include "util/buf.h"
#include "util/config.h"

#define SMS_HTTP_CONNECT_SECONDS 10 /* at most; the whole request's timeout bounds it too */

const struct sms_http_config *sms_http_config_of(const struct config *cfg,
                                                 struct sms_http_config *out)
{
    if (!cfg->sms_http)
        return NULL;
    *out = (struct sms_http_config){
        .url = cfg->sms_url,
        .username = cfg->sms_username,
        .password = cfg->sms_password,
        .token = cfg->sms_token,
        .body = cfg->sms_body,
        .content_type = cfg->sms_content_type,
        .timeout_seconds = cfg->sms_timeout_seconds,
    };
    return out;
}

enum vc_status sms_http_global_init(void)
{
    return curl_global_init(CURL_GLOBAL_DEFAULT) == CURLE_OK ? VC_OK : VC_ERR_INTERNAL;
}

void sms_http_global_cleanup(void)
{
    curl_global_cleanup();
}

/* The answer's body is of no use (a gateway's message id, at best) and could
 * echo the text: read and dropped. */
static size_t discard(char *data, size_t size, size_t n, void *ctx)
{
    (void)data;
    (void)ctx;
    return size * n;
}

enum vc_status sms_http_deliver(const struct sms_http_config *c, const char *key, const char *to,
                                const char *text, char *err, size_t err_len)
{
    enum vc_status st = VC_ERR_IO;
    struct curl_slist *headers = NULL;
    struct buf body, line;
    buf_init(&body);
    buf_init(&line);
    CURL *h = curl_easy_init();
    if (h == NULL) {
        snprintf(err, err_len, "sms gateway: cannot start a request");
        goto out;
    }
    sms_body_render(c->body, sms_body_escape_for(c->content_type), to, text, key, &body);
    buf_printf(&line, "Content-Type: %s", c->content_type);
    headers = curl_slist_append(headers, line.data);
    buf_reset(&line);
    buf_printf(&line, "Idempotency-Key: %s", key);
    headers = curl_slist_append(headers, line.data);
    headers = curl_slist_append(headers, "Expect:"); /* no 100-continue round trip */
    if (headers == NULL) {
        snprintf(err, err_len, "sms gateway: out of memory");
        goto out;
    }
    curl_easy_setopt(h, CURLOPT_URL, c->url);
    /* the URL was checked at start-up; redirects are not followed, and no
     * other scheme is ever spoken */
    curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, 0L);
    curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L); /* threads: no SIGALRM for timeouts */
    curl_easy_setopt(h, CURLOPT_TIMEOUT, c->timeout_seconds);
    curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT,
                     c->timeout_seconds < SMS_HTTP_CONNECT_SECONDS
                         ? c->timeout_seconds
                         : (long)SMS_HTTP_CONNECT_SECONDS);
    curl_easy_setopt(h, CURLOPT_USERAGENT, "varco");
    curl_easy_setopt(h, CURLOPT_HTTPHEADER, headers);
    curl_easy_setopt(h, CURLOPT_POST, 1L);
    curl_easy_setopt(h, CURLOPT_POSTFIELDS, body.data != NULL ? body.data : "");
    curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE, (long)body.len);
    curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, discard);
    if (c->token[0] != '\0') {
        curl_easy_setopt(h, CURLOPT_HTTPAUTH, CURLAUTH_BEARER);
        curl_easy_setopt(h, CURLOPT_XOAUTH2_BEARER, c->token);
    } else if (c->username[0] != '\0') {
        curl_easy_setopt(h, CURLOPT_HTTPAUTH, CURLAUTH_BASIC);
        curl_easy_setopt(h, CURLOPT_USERNAME, c->username);
        curl_easy_setopt(h, CURLOPT_PASSWORD, c->password);
    }
    CURLcode rc = curl_easy_perform(h);
    long status = 0;
    if (rc == CURLE_OK)
        curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &status);
    /* curl_easy_strerror names the kind of failure only, never the URL */
    if (rc != CURLE_OK)
        snprintf(err, err_len, "sms gateway: %s", curl_easy_strerror(rc));
    else if (status < 200 || status > 299)
        snprintf(err, err_len, "sms gateway: HTTP %ld", status);
    else
        st = VC_OK;
out:
    curl_slist_free_all(headers);
    curl_easy_cleanup(h);
    if (body.data != NULL) /* the text carries a code until now */
        sodium_memzero(body.data, body.len);
    buf_fini(&body);
    buf_fini(&line);
    return st;
}
