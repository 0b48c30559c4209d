/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* Response bodies, reused. A page is rendered into a buffer that
 * libmicrohttpd frees once the page is sent; a thread keeps a few of those
 * buffers (all of one size, larger than a page of varco) for its next
 * responses, instead of a large malloc and free per response, which glibc
 * serves from its bins with a consolidation now and then. A body that grew
 * past that size is an ordinary allocation, freed as before. The buffers a
 * thread keeps are freed when it ends. */
#include <pthread.h>
#include <stdlib.h>

#include "http/internal.h"
#include "util/xalloc.h"

#define BODY_SPARES 4 /* kept per thread; more in flight are freed when sent */

struct spares {
    char *b[BODY_SPARES];
    int n;
};

static pthread_key_t spares_key;
static pthread_once_t spares_once = PTHREAD_ONCE_INIT;

static void spares_free(void *p)
{
    struct spares *s = p;
    for (int i = 0; i < s->n; i++)
        free(s->b[i]);
    free(s);
}

static void spares_init(void)
{
    if (pthread_key_create(&spares_key, spares_free) != 0)
        abort();
}

static struct spares *spares(void)
{
    pthread_once(&spares_once, spares_init);
    struct spares *s = pthread_getspecific(spares_key);
    if (s == NULL) {
        s = xcalloc(1, sizeof *s);
        pthread_setspecific(spares_key, s);
    }
    return s;
}

/* Called by libmicrohttpd, on the thread that destroys the response. */
static void body_recycle(void *data)
{
    struct spares *s = spares();
    if (s->n < BODY_SPARES)
        s->b[s->n++] = data;
    else
        free(data);
}

void http_body_start(struct buf *b)
{
    struct spares *s = spares();
    b->data = s->n > 0 ? s->b[--s->n] : xmalloc(HTTP_BODY_CAP);
    b->cap = HTTP_BODY_CAP;
    b->len = 0;
    b->data[0] = '\0';
}

struct MHD_Response *http_body_response(struct buf *b)
{
    size_t len = b->len, cap = b->cap;
    char *data = buf_steal(b);
    struct MHD_Response *r =
        cap == HTTP_BODY_CAP
            ? MHD_create_response_from_buffer_with_free_callback(len, data, body_recycle)
            : MHD_create_response_from_buffer(len, data, MHD_RESPMEM_MUST_FREE);
    if (r == NULL)
        free(data);
    return r;
}

void http_body_end(struct buf *b)
{
    if (b->data != NULL && b->cap == HTTP_BODY_CAP)
        body_recycle(b->data);
    else
        free(b->data);
    buf_init(b);
}
