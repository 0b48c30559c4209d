/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* Named pages and the URLs of links (render/links.h). */
#include "render/links.h"

#include <string.h>

#define PREFIX "link:" /* MSG_LINK_PREFIX of core/messages.h */

const struct link_page LINK_PAGES[] = {
    {"home", "/"},
    {"register", "/registrazione"},
    {"login", "/accedi"},
    {"recovery", "/recupero"},
    {"recover_reset", "/recupero/nuova-password"},
    {"confirm_email", "/conferma-email"},
    {"email_change", "/email/conferma"},
    {"area", "/area"},
    {"person", "/area/dati"},
    {"id_form", "/area/modulo"},
    {"activation", "/area/attivazione"},
    {"history", "/area/accessi"},
    {"pin", "/area/pin"},
    {"password_change", "/area/password"},
    {"recover_pin", "/recupero/pin"},
    {"contract", "/area/contratto"},
    {"in_person", "/area/riconoscimento"},
    {"desk", "/backoffice/sportello"},
    {"personal_code", "/area/codice-personale"},
    {"adhesion_form", "/area/modulo-adesione.pdf"},
    {"second_factor", "/area/secondo-fattore"},
    {"second_factor_login", "/accedi/secondo-fattore"},
    {"mandates", "/area/procure"},
    {"register_firm", "/registrazione/studio"},
    {"delegations", "/area/deleghe"},
    {"firm", "/area/studio"},
    {"acting", "/area/per-conto"},
};
const unsigned LINK_PAGES_N = sizeof LINK_PAGES / sizeof LINK_PAGES[0];

static const char *path_of(const char *name, size_t len)
{
    for (unsigned i = 0; i < LINK_PAGES_N; i++) {
        /* the first byte before a call: most names differ there */
        const char *n = LINK_PAGES[i].name;
        if (len > 0 && n[0] == name[0] && strncmp(n, name, len) == 0 && n[len] == '\0')
            return LINK_PAGES[i].path;
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
