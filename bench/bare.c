/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* The HTTP limit of this machine for `make bench`: a bare libmicrohttpd
 * responder with varco's daemon flags and limits (src/http/daemon.h) and
 * the same thread count, answering every request with a persistent buffer
 * of a given size (the size of varco's /accedi page). No routing, no
 * headers but Content-Type, no allocation per request.
 *
 * With HEADERS "varco" it also sends the headers varco's /accedi sends a
 * first visit: the security headers of src/http/daemon.h, no-store and a
 * CSRF cookie of the same length (a constant: nothing is drawn or signed).
 * That is what the headers alone cost libmicrohttpd, which copies each one
 * into the response (three allocations) and frees it after.
 *
 * Like varco it queues its response on the second call of the handler:
 * a response queued on the first call (headers only) makes libmicrohttpd
 * close the connection after each request, which would measure connection
 * setup instead of requests.
 *
 *   bench-bare PORT BODY_BYTES [THREADS [HEADERS]]
 *   (THREADS 0 or absent: one per core; HEADERS "varco" or absent) */
#include <arpa/inet.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "http/daemon.h"

static char *body;
static size_t body_len;
static int marker; /* *con_cls after the first call */
static int varco_headers;

/* As long as varco's: 32 random bytes in base64url (crypto/token.h). */
#define COOKIE                                                                                     \
    "varco_csrf=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA; Path=/; SameSite=Lax; HttpOnly"

static enum MHD_Result on_request(void *cls, struct MHD_Connection *mc, const char *url,
                                  const char *method, const char *version, const char *upload,
                                  size_t *upload_size, void **con_cls)
{
    (void)cls, (void)url, (void)method, (void)version, (void)upload;
    if (*con_cls == NULL) {
        *con_cls = &marker;
        return MHD_YES;
    }
    if (*upload_size > 0) {
        *upload_size = 0;
        return MHD_YES;
    }
    struct MHD_Response *r =
        MHD_create_response_from_buffer(body_len, body, MHD_RESPMEM_PERSISTENT);
    if (r == NULL)
        return MHD_NO;
    MHD_add_response_header(r, "Content-Type", "text/html; charset=utf-8");
    if (varco_headers) {
        MHD_add_response_header(r, "Set-Cookie", COOKIE);
        MHD_add_response_header(r, "Content-Security-Policy", HTTP_CSP);
        MHD_add_response_header(r, "X-Frame-Options", "DENY");
#define ADD_FIXED(name, value) MHD_add_response_header(r, name, value);
        HTTP_FIXED_HEADERS(ADD_FIXED)
#undef ADD_FIXED
        MHD_add_response_header(r, "Cache-Control", "no-store");
    }
    enum MHD_Result ret = MHD_queue_response(mc, MHD_HTTP_OK, r);
    MHD_destroy_response(r);
    return ret;
}

int main(int argc, char **argv)
{
    if (argc < 3) {
        fprintf(stderr, "usage: bench-bare PORT BODY_BYTES [THREADS [varco]]\n");
        return 2;
    }
    long port = atol(argv[1]), size = atol(argv[2]);
    long threads = argc > 3 ? atol(argv[3]) : 0;
    varco_headers = argc > 4 && strcmp(argv[4], "varco") == 0;
    if (argc > 4 && !varco_headers)
        return 2;
    if (threads <= 0)
        threads = sysconf(_SC_NPROCESSORS_ONLN);
    if (port <= 0 || port > 65535 || size < 0 || size > (1 << 24) || threads <= 0 || threads > 64)
        return 2;
    body_len = (size_t)size;
    body = malloc(body_len + 1);
    if (body == NULL)
        return 1;
    memset(body, 'x', body_len);
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGINT);
    sigaddset(&set, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &set, NULL);
    signal(SIGPIPE, SIG_IGN);
    struct sockaddr_in sa = {.sin_family = AF_INET, .sin_port = htons((uint16_t)port)};
    inet_pton(AF_INET, "127.0.0.1", &sa.sin_addr);
    struct MHD_Daemon *d =
        MHD_start_daemon(HTTP_DAEMON_FLAGS, 0, NULL, NULL, on_request, NULL, MHD_OPTION_SOCK_ADDR,
                         (struct sockaddr *)&sa, MHD_OPTION_THREAD_POOL_SIZE, (unsigned)threads,
                         MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)HTTP_CONNECTION_TIMEOUT_SECONDS,
                         MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)HTTP_CONNECTION_MEMORY,
                         MHD_OPTION_CONNECTION_LIMIT, (unsigned)HTTP_CONNECTION_LIMIT,
                         MHD_OPTION_LISTENING_ADDRESS_REUSE, (unsigned)1, MHD_OPTION_END);
    if (d == NULL) {
        fprintf(stderr, "bench-bare: cannot listen on 127.0.0.1:%ld\n", port);
        return 1;
    }
    printf("bench-bare: listening on 127.0.0.1:%ld, %zu bytes, %ld threads%s\n", port, body_len,
           threads, varco_headers ? ", varco's headers" : "");
    fflush(stdout);
    int sig = 0;
    sigwait(&set, &sig);
    MHD_stop_daemon(d);
    free(body);
    return 0;
}
