/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* Delivery channels: where a rendered message goes. The dev/embedded
 * channel writes files under <data_dir>/outbox/<kind>/<idempotency key>.<ext>
 * (written to a temp name and renamed, so a file is whole or absent; an
 * existing file means "already delivered"). SMTP and SMS gateways come in a
 * later issue behind the same function. */
#ifndef VARCO_NOTIFY_CHANNEL_H
#define VARCO_NOTIFY_CHANNEL_H
#include <stddef.h>

#include "util/status.h"

/* kind: "mail", "sms", "letters"; ext: "eml", "txt", "pdf". err gets why on failure. */
enum vc_status channel_file_deliver(const char *data_dir, const char *kind, const char *key,
                                    const char *ext, const void *data, size_t len, char *err,
                                    size_t err_len);
#endif
