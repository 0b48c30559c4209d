/* SPDX-License-Identifier: AGPL-3.0-or-later */
#include <ctype.h>
#include <string.h>

#include "core/pec.h"
#include "util/str.h"

const char *email_normalise(const char *in, size_t len, char out[EMAIL_MAX + 1])
{
    while (len > 0 && isspace((unsigned char)*in))
        in++, len--;
    while (len > 0 && isspace((unsigned char)in[len - 1]))
        len--;
    if (len == 0)
        return "error.email.missing";
    if (len > EMAIL_MAX)
        return "error.email.invalid";
    size_t at = len, n_at = 0;
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)in[i];
        if (c <= ' ' || c == 0x7f || c == '<' || c == '>' || c == '(' || c == ')' || c == ',' ||
            c == ';' || c == ':' || c == '\\' || c == '"' || c == '[' || c == ']')
            return "error.email.invalid";
        if (c == '@') {
            at = i;
            n_at++;
        }
    }
    if (n_at != 1 || at == 0 || at + 1 >= len)
        return "error.email.invalid";
    const char *dom = in + at + 1;
    size_t dlen = len - at - 1;
    if (memchr(dom, '.', dlen) == NULL || dom[0] == '.' || dom[dlen - 1] == '.' ||
        memmem(dom, dlen, "..", 2) != NULL || in[0] == '.' || in[at - 1] == '.')
        return "error.email.invalid";
    memcpy(out, in, len);
    out[len] = '\0';
    str_ascii_lower(out);
    return NULL;
}

/* "*.pec.*": some label of the domain (not the first or last) is "pec".
 * "pec.*": the domain's first label is "pec". "pec.it": the domain or a
 * subdomain of it. */
static bool domain_matches(const char *dom, const char *pat)
{
    if (strcmp(pat, "*.pec.*") == 0) {
        const char *p = strstr(dom, ".pec.");
        return p != NULL;
    }
    if (str_ends_with(pat, ".*")) {
        size_t n = strlen(pat) - 1; /* keeps the dot */
        return strncmp(dom, pat, n) == 0;
    }
    size_t dl = strlen(dom), pl = strlen(pat);
    if (dl == pl)
        return strcmp(dom, pat) == 0;
    return dl > pl && dom[dl - pl - 1] == '.' && strcmp(dom + dl - pl, pat) == 0;
}

bool pec_is_pec(const char *email, const char (*domains)[64], size_t n_domains)
{
    const char *at = strrchr(email, '@');
    if (at == NULL)
        return false;
    for (size_t i = 0; i < n_domains; i++) {
        if (domains[i][0] != '\0' && domain_matches(at + 1, domains[i]))
            return true;
    }
    return false;
}
