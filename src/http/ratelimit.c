/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* Per-address token buckets (DESIGN.md §5), in a fixed table: a slot per
 * (bucket, address), chosen by hash; a colliding newcomer takes the slot
 * over with a full bucket. Bounded memory whatever the traffic; the
 * per-account limits of core (issue 4) do not depend on this table. */
#include <string.h>
#include <time.h>

#include "http/internal.h"
#include "util/str.h"

static int64_t now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

bool http_ratelimit_take(struct http_server *srv, const char *bucket, const char *ip,
                         int *retry_after)
{
    const struct http_ratelimit_rule *rule = NULL;
    for (size_t i = 0; i < srv->cfg.n_rules; i++) {
        if (strcmp(srv->cfg.rules[i].bucket, bucket) == 0)
            rule = &srv->cfg.rules[i];
    }
    if (rule == NULL)
        return true;
    char key[80];
    str_copy(key, bucket, 24);
    strncat(key, "|", sizeof key - strlen(key) - 1);
    strncat(key, ip, sizeof key - strlen(key) - 1);
    double rate = rule->per_minute / 60000.0; /* tokens per ms */
    int64_t t = now_ms();
    bool ok;
    pthread_mutex_lock(&srv->rl_lock);
    struct rl_slot *s = &srv->rl[str_hash(key, strlen(key)) % RL_SLOTS];
    if (strcmp(s->key, key) != 0) {
        str_copy(s->key, key, sizeof s->key);
        s->tokens = rule->burst;
        s->at_ms = t;
    }
    s->tokens += (double)(t - s->at_ms) * rate;
    if (s->tokens > rule->burst)
        s->tokens = rule->burst;
    s->at_ms = t;
    ok = s->tokens >= 1.0;
    if (ok)
        s->tokens -= 1.0;
    else
        *retry_after = (int)((1.0 - s->tokens) / rate / 1000.0) + 1;
    pthread_mutex_unlock(&srv->rl_lock);
    return ok;
}
