/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* Named pages and the URLs of links (render/links.h). */
#include "render/links.h"

#include <string.h>

#define PREFIX "link:" /* MSG_LINK_PREFIX of core/messages.h */

/* the name's length beside it: a lookup compares one number first */
#define PAGE(name, path)                                                                           \
    {                                                                                              \
        name, path, sizeof name - 1                                                                \
    }

const struct link_page LINK_PAGES[] = {
    PAGE("home", "/"),
    PAGE("register", "/registrazione"),
    PAGE("login", "/accedi"),
    PAGE("recovery", "/recupero"),
    PAGE("recover_reset", "/recupero/nuova-password"),
    PAGE("confirm_email", "/conferma-email"),
    PAGE("email_change", "/email/conferma"),
    PAGE("area", "/area"),
    PAGE("person", "/area/dati"),
    PAGE("id_form", "/area/modulo"),
    PAGE("activation", "/area/attivazione"),
    PAGE("history", "/area/accessi"),
    PAGE("pin", "/area/pin"),
    PAGE("password_change", "/area/password"),
    PAGE("recover_pin", "/recupero/pin"),
    PAGE("contract", "/area/contratto"),
    PAGE("in_person", "/area/riconoscimento"),
    PAGE("desk", "/backoffice/sportello"),
    PAGE("personal_code", "/area/codice-personale"),
    PAGE("adhesion_form", "/area/modulo-adesione.pdf"),
    PAGE("second_factor", "/area/secondo-fattore"),
    PAGE("second_factor_login", "/accedi/secondo-fattore"),
    PAGE("mandates", "/area/procure"),
    PAGE("register_firm", "/registrazione/studio"),
    PAGE("delegations", "/area/deleghe"),
    PAGE("firm", "/area/studio"),
    PAGE("acting", "/area/per-conto"),
};
const unsigned LINK_PAGES_N = sizeof LINK_PAGES / sizeof LINK_PAGES[0];

static const char *path_of(const char *name, size_t len)
{
    for (unsigned i = 0; i < LINK_PAGES_N; i++) {
        const struct link_page *p = &LINK_PAGES[i];
        if (p->name_len == len && memcmp(p->name, name, len) == 0)
            return p->path;
    }
    return NULL;
}

const char *links_path(const char *name)
{
    return path_of(name, strlen(name));
}

enum vc_status links_url(const char *base_url, const char *link, struct buf *out)
{
    size_t len = strcspn(link, "?");
    const char *path = path_of(link, len);
    if (path == NULL)
        return VC_ERR_NOT_FOUND;
    buf_append(out, base_url, strlen(base_url));
    buf_append(out, path, strlen(path));
    buf_append(out, link + len, strlen(link + len));
    return VC_OK;
}

bool links_resolve(const char *base_url, const char *value, struct buf *out)
{
    if (strncmp(value, PREFIX, sizeof PREFIX - 1) != 0)
        return false;
    return links_url(base_url, value + sizeof PREFIX - 1, out) == VC_OK;
}
