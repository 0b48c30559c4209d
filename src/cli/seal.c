/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* `varco seal IN.pdf OUT.pdf [--reason TEXT]`: seals a PDF with varco's
 * identity (app/seal.h, crypto/pdf_seal.h), as the contract_otp step does
 * after the SMS code; for an administrator to seal a document by hand and
 * for the end-to-end check with pdfsig. OUT is written whole or not at all
 * (a temporary file renamed). */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "app/seal.h"
#include "cli/cli.h"
#include "crypto/pdf_seal.h"
#include "util/file.h"

#define USAGE "usage: varco seal IN.pdf OUT.pdf [--reason TEXT]\n"

static bool write_whole(const char *path, const char *data, size_t len)
{
    char tmp[4200];
    if (snprintf(tmp, sizeof tmp, "%s.tmp", path) >= (int)sizeof tmp)
        return false;
    int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (fd < 0)
        return false;
    bool ok = write(fd, data, len) == (ssize_t)len && fsync(fd) == 0;
    ok = close(fd) == 0 && ok;
    if (!ok || rename(tmp, path) != 0) {
        unlink(tmp);
        return false;
    }
    return true;
}

int cli_seal(int argc, char **argv)
{
    if (cli_wants_help(argc, argv)) {
        printf(USAGE "\n"
                     "Appends to IN an invisible signature (PAdES, /ETSI.CAdES.detached, SHA-256)\n"
                     "made with the seal identity ([seal] key_file and cert_file, by default\n"
                     "seal-key.pem and seal-cert.pem in the data folder, made by 'varco init')\n"
                     "and writes the result to OUT. The signing time is now; --reason is shown\n"
                     "by PDF readers beside the signature. pdfsig OUT.pdf verifies it.\n");
        return 0;
    }
    const char *reason = "Sigillo elettronico";
    if (argc == 5 && strcmp(argv[3], "--reason") == 0)
        reason = argv[4];
    else if (argc != 3) {
        fprintf(stderr, USAGE);
        return 2;
    }
    struct config cfg;
    if (!cli_load_config(&cfg))
        return 1;
    char err[1024];
    int64_t now = (int64_t)time(NULL);
    struct seal_identity *id = NULL;
    if (app_seal_load(&cfg, now, &id, err, sizeof err) != VC_OK) {
        fprintf(stderr, "varco: seal identity: %s\n", err);
        return 1;
    }
    int rc = 1;
    char *pdf = NULL;
    size_t len = 0;
    struct buf out;
    buf_init(&out);
    enum vc_status st = file_read_all(argv[1], PDF_SEAL_INPUT_MAX, &pdf, &len);
    if (st != VC_OK) {
        fprintf(stderr, "varco: %s: %s\n", argv[1],
                st == VC_ERR_NOT_FOUND ? "no such file"
                : st == VC_ERR_LIMIT   ? "too large"
                                       : "cannot be read");
        goto out;
    }
    st = pdf_seal((const uint8_t *)pdf, len, id, now, reason, &out, err, sizeof err);
    if (st != VC_OK) {
        fprintf(stderr, "varco: %s: cannot seal it: %s\n", argv[1], err);
        goto out;
    }
    if (!write_whole(argv[2], out.data, out.len)) {
        fprintf(stderr, "varco: cannot write %s\n", argv[2]);
        goto out;
    }
    char subject[256];
    int64_t not_after;
    seal_identity_describe(id, subject, sizeof subject, &not_after);
    printf("sealed %s -> %s (%s)\n", argv[1], argv[2], subject);
    rc = 0;
out:
    buf_fini(&out);
    free(pdf);
    seal_identity_free(id);
    return rc;
}
