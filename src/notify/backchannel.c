/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* The back-channel logout POST (notify/backchannel.h). */
#include "notify/backchannel.h"

#include <ctype.h>
#include <curl/curl.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define TIMEOUT_SECONDS 5L /* a client that does not answer soon is retried later */

static pthread_once_t curl_once = PTHREAD_ONCE_INIT;
static bool curl_ready;

/* libcurl >= 7.84 makes curl_global_init thread-safe and counts its calls
 * (the SMS gateway's set-up at start is another). */
static void init_curl(void)
{
    curl_ready = curl_global_init(CURL_GLOBAL_DEFAULT) == CURLE_OK;
}

void backchannel_global_cleanup(void)
{
    if (curl_ready)
        curl_global_cleanup();
    curl_ready = false;
}

static size_t discard(char *data, size_t size, size_t n, void *ctx)
{
    (void)data;
    (void)ctx;
    return size * n;
}

enum vc_status backchannel_deliver(const char *uri, const char *token, char *err, size_t err_len)
{
    /* a compact JWS is base64url and dots: nothing to escape in a form */
    for (const char *p = token; *p != '\0'; p++)
        if (!isalnum((unsigned char)*p) && *p != '-' && *p != '_' && *p != '.') {
            snprintf(err, err_len, "back-channel logout: the token is not a compact JWS");
            return VC_ERR_INVALID;
        }
    pthread_once(&curl_once, init_curl);
    if (!curl_ready) {
        snprintf(err, err_len, "back-channel logout: libcurl could not be set up");
        return VC_ERR_IO;
    }
    size_t n = strlen(token) + sizeof "logout_token=";
    char *body = malloc(n);
    CURL *h = body ? curl_easy_init() : NULL;
    if (h == NULL) {
        free(body);
        snprintf(err, err_len, "back-channel logout: out of memory");
        return VC_ERR_IO;
    }
    snprintf(body, n, "logout_token=%s", token);
    curl_easy_setopt(h, CURLOPT_URL, uri);
    curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, 0L);
    curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(h, CURLOPT_TIMEOUT, TIMEOUT_SECONDS);
    curl_easy_setopt(h, CURLOPT_USERAGENT, "varco");
    curl_easy_setopt(h, CURLOPT_POST, 1L);
    curl_easy_setopt(h, CURLOPT_POSTFIELDS, body);
    curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE, (long)strlen(body));
    curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, discard);
    CURLcode rc = curl_easy_perform(h);
    long status = 0;
    if (rc == CURLE_OK)
        curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &status);
    enum vc_status st = VC_OK;
    if (rc != CURLE_OK) {
        snprintf(err, err_len, "back-channel logout: %s", curl_easy_strerror(rc));
        st = VC_ERR_IO;
    } else if (status < 200 || status > 299) {
        snprintf(err, err_len, "back-channel logout: HTTP %ld", status);
        st = VC_ERR_IO;
    }
    curl_easy_cleanup(h);
    free(body);
    return st;
}
