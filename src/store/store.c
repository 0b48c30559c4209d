/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* The front of the store: picks the backend by URL scheme and dispatches
 * every repo operation to its ops table. */
#include <stdbool.h>
#include <string.h>

#include "store/backend.h"
#include "store/store.h"
#include "util/log.h"

static const struct store_ops *const BACKENDS[] = {&sqlite_store_ops};

enum vc_status store_open(const char *url, struct store **out)
{
    for (size_t i = 0; i < sizeof BACKENDS / sizeof BACKENDS[0]; i++) {
        size_t n = strlen(BACKENDS[i]->scheme);
        if (strncmp(url, BACKENDS[i]->scheme, n) == 0)
            return BACKENDS[i]->open(url + n, out);
    }
    log_error("store: unknown URL scheme in '%s'", url);
    return VC_ERR_INVALID;
}

void store_close(struct store *s)
{
    if (s != NULL)
        s->ops->close(s);
}

enum vc_status store_migrate(struct store *s)
{
    return s->ops->migrate(s);
}

enum vc_status store_begin(struct store *s)
{
    return s->ops->begin(s, false);
}

enum vc_status store_begin_read(struct store *s)
{
    return s->ops->begin(s, true);
}

enum vc_status store_commit(struct store *s)
{
    return s->ops->commit(s);
}

void store_rollback(struct store *s)
{
    if (s != NULL)
        s->ops->rollback(s);
}

void store_defer_checkpoints(struct store *s)
{
    s->ops->defer_checkpoints(s);
}

enum vc_status store_checkpoint(struct store *s)
{
    return s->ops->checkpoint(s);
}

bool store_last_commit_wrote(struct store *s)
{
    return s->ops->last_commit_wrote(s);
}

#define X(name, params, args)                                                                      \
    enum vc_status repo_##name params                                                              \
    {                                                                                              \
        return s->ops->name args;                                                                  \
    }
REPO_OPS(X)
#undef X
