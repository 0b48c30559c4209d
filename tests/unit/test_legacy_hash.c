/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* Legacy hashes made by real tools, never by varco: mkpasswd (Debian's
 * whois package), openssl passwd and openssl kdf, run by the test itself. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>

#include "crypto/legacy_hash.h"

/* The first line a shell command prints, in out (trailing newline cut). */
static void run(const char *cmd, char *out, size_t size)
{
    FILE *p = popen(cmd, "r");
    cr_assert_not_null(p, "%s", cmd);
    cr_assert_not_null(fgets(out, (int)size, p), "no output from %s", cmd);
    out[strcspn(out, "\n")] = '\0';
    cr_assert_eq(pclose(p), 0, "%s failed", cmd);
}

static void check(const char *cmd, const char *format)
{
    char hash[LEGACY_HASH_MAX + 1];
    run(cmd, hash, sizeof hash);
    cr_assert_str_eq(legacy_hash_format(hash), format, "%s -> %s", cmd, hash);
    cr_assert(legacy_hash_verify(hash, "Vecchia-Pw!1", 12), "%s", hash);
    cr_assert_not(legacy_hash_verify(hash, "Vecchia-Pw!2", 12), "%s", hash);
    cr_assert_not(legacy_hash_verify(hash, "Vecchia-Pw!", 11), "%s", hash);
}

Test(legacy_hash, mkpasswd_formats)
{
    check("mkpasswd -m bcrypt -R 5 'Vecchia-Pw!1'", "bcrypt");
    check("mkpasswd -m sha512crypt 'Vecchia-Pw!1'", "sha512-crypt");
    check("mkpasswd -m sha512crypt -R 20000 'Vecchia-Pw!1'", "sha512-crypt");
    check("mkpasswd -m sha256crypt 'Vecchia-Pw!1'", "sha256-crypt");
    check("mkpasswd -m md5crypt 'Vecchia-Pw!1'", "md5-crypt");
}

Test(legacy_hash, openssl_passwd_formats)
{
    check("openssl passwd -6 'Vecchia-Pw!1'", "sha512-crypt");
    check("openssl passwd -5 'Vecchia-Pw!1'", "sha256-crypt");
    check("openssl passwd -1 'Vecchia-Pw!1'", "md5-crypt");
}

Test(legacy_hash, pbkdf2_sha256_from_openssl_kdf)
{
    /* openssl kdf prints the key as hex pairs "AB:CD:..."; the test turns
     * it into base64 with the shell's own tools (xxd, base64). */
    char hash[LEGACY_HASH_MAX + 1];
    run("printf 'pbkdf2_sha256$1000$SaleMarino$%s' \"$(openssl kdf -keylen 32 -kdfopt "
        "digest:SHA256 "
        "-kdfopt 'pass:Vecchia-Pw!1' -kdfopt salt:SaleMarino -kdfopt iter:1000 PBKDF2 | tr -d "
        "':\\n' "
        "| xxd -r -p | base64 -w0)\"",
        hash, sizeof hash);
    cr_assert_str_eq(legacy_hash_format(hash), "pbkdf2-sha256", "%s", hash);
    cr_assert(legacy_hash_verify(hash, "Vecchia-Pw!1", 12), "%s", hash);
    cr_assert_not(legacy_hash_verify(hash, "vecchia-Pw!1", 12));
}

Test(legacy_hash, malformed_hashes_are_refused)
{
    const char *bad[] = {
        "", "plaintext", "$6$", "$9$abc$def", "pbkdf2_sha256$0$salt$AAAA",
        "pbkdf2_sha256$99999999999$salt$AAAA", "pbkdf2_sha256$1000$$AAAA",
        "pbkdf2_sha256$1000$salt$", "pbkdf2_sha256$1000$salt$AAAA$extra",
        "pbkdf2_sha256$abc$salt$AAAA", "md5$xyz",
        /* costs beyond what one login may spend */
        "$2b$15$abcdefghijklmnopqrstuuabcdefghijklmnopqrstuvwxyz01234",
        "$6$rounds=2000000$salt$"
        "abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyz01234567",
        "pbkdf2_sha256$2000001$salt$AAAA"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        cr_assert_null(legacy_hash_format(bad[i]), "accepted: %s", bad[i]);
        cr_assert_not(legacy_hash_verify(bad[i], "x", 1));
    }
}
