/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* The log sink: "2026-11-23T01:02:03Z INFO [rid] msg" lines on stderr. The
 * line is formatted into a local buffer and written with one fprintf under a
 * mutex so that lines from pool threads never interleave. Never log secrets. */
#include "util/log.h"

#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <time.h>

#define LOG_LINE_MAX 2048

static enum log_level log_min = LOG_INFO;
static pthread_mutex_t log_lock = PTHREAD_MUTEX_INITIALIZER;

void log_set_level(enum log_level lvl)
{
    log_min = lvl;
}

static const char *level_name(enum log_level lvl)
{
    switch (lvl) {
    case LOG_DEBUG:
        return "DEBUG";
    case LOG_INFO:
        return "INFO";
    case LOG_WARN:
        return "WARN";
    case LOG_ERROR:
        return "ERROR";
    }
    return "?";
}

void log_msg(enum log_level lvl, const char *rid, const char *fmt, ...)
{
    if (lvl < log_min)
        return;
    char ts[32] = "1970-01-01T00:00:00Z";
    time_t now = time(NULL);
    struct tm tm;
    if (gmtime_r(&now, &tm) != NULL)
        strftime(ts, sizeof(ts), "%Y-%m-%dT%H:%M:%SZ", &tm);

    char msg[LOG_LINE_MAX];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(msg, sizeof(msg), fmt, ap);
    va_end(ap);
    if (n < 0)
        msg[0] = '\0';
    /* One line per event: a newline inside msg would let input forge lines,
     * and other control characters (ESC) drive the terminal that reads it. */
    for (char *p = msg; *p; p++)
        if ((unsigned char)*p < 0x20 || *p == 0x7f)
            *p = ' ';

    pthread_mutex_lock(&log_lock);
    fprintf(stderr, "%s %s [%s] %s\n", ts, level_name(lvl), rid ? rid : "-", msg);
    pthread_mutex_unlock(&log_lock);
}
