/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* The log sink: one line per event on stderr, "ts level [rid] msg". Set up
 * before threads start (log_set_level); thread-safe afterwards. Never log
 * secrets (passwords, codes, tokens, session ids). */
#ifndef VARCO_UTIL_LOG_H
#define VARCO_UTIL_LOG_H

enum log_level { LOG_DEBUG, LOG_INFO, LOG_WARN, LOG_ERROR };

void log_set_level(enum log_level lvl);
/* rid: request id or NULL. */
void log_msg(enum log_level lvl, const char *rid, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

#define log_info(...) log_msg(LOG_INFO, NULL, __VA_ARGS__)
#define log_warn(...) log_msg(LOG_WARN, NULL, __VA_ARGS__)
#define log_error(...) log_msg(LOG_ERROR, NULL, __VA_ARGS__)

#endif
