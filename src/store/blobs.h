/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* Blob store for uploaded documents: files under <data_dir>/documents/, each
 * encrypted at rest (crypto/seal.h) and named by a random hex id. Writes go
 * to a temp name and are renamed into place (never half a file). The blob id
 * is recorded in the database by the caller in the same request; a blob
 * without a row is garbage, never a lost document. Thread-safe. */
#ifndef VARCO_STORE_BLOBS_H
#define VARCO_STORE_BLOBS_H

#include <stddef.h>
#include <stdint.h>

#include "core/types.h"
#include "util/buf.h"
#include "util/status.h"

/* Encrypts data with key and stores it; id is random hex chosen here
 * (libsodium). out_id gets HASH_HEX bytes. */
enum vc_status blobs_put(const char *data_dir, const uint8_t key[32], const void *data, size_t len,
                         char out_id[HASH_HEX]);
/* Appends the decrypted bytes to out. NOT_FOUND, IO, INVALID (tampered). */
enum vc_status blobs_get(const char *data_dir, const uint8_t key[32], const char *id,
                         struct buf *out);
/* Removes a blob (used when the transaction that would record it fails). */
void blobs_remove(const char *data_dir, const char *id);

#endif
