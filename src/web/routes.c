/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* The member side's routes (docs/pages.md) and rate-limit buckets. */
#include "web/handlers.h"
#include "web/site.h"

const struct http_route web_routes[] = {
    {"GET", "/", web_home, NEED_NONE, 0, NULL, NULL},
    {"GET", "/healthz", web_healthz, NEED_NONE, 0, NULL, NULL},
    {"GET", "/lingua", web_lang, NEED_NONE, 0, NULL, NULL},
    {"GET", "/logo", web_logo, NEED_NONE, 0, NULL, NULL},
    {"GET", "/informativa", web_privacy, NEED_NONE, 0, NULL, NULL},
    {"GET", "/accessibilita", web_accessibility, NEED_NONE, 0, NULL, NULL},
    {"GET", "/registrazione", web_register_form, NEED_NONE, 0, NULL, NULL},
    {"POST", "/registrazione", web_register_post, NEED_NONE, 0, "register", web_register_form},
    {"GET", "/registrazione/inviata", web_register_sent, NEED_NONE, 0, NULL, NULL},
    {"GET", "/conferma-email", web_confirm_form, NEED_NONE, 0, NULL, NULL},
    {"POST", "/conferma-email", web_confirm_post, NEED_NONE, 0, "code", web_confirm_form},
    {"POST", "/conferma-email/reinvia", web_confirm_resend, NEED_MEMBER, 0, "code", NULL},
    {"POST", "/conferma-email/reinvia-indirizzo", web_confirm_resend_address, NEED_NONE, 0, "code",
     NULL},
    {"POST", "/password/valuta", web_password_meter, NEED_NONE, 0, "meter", NULL},
    {"GET", "/benvenuto", web_welcome, NEED_NONE, 0, NULL, NULL},
    {"POST", "/benvenuto", web_welcome_post, NEED_NONE, 0, "register", web_welcome},
    {"GET", "/accedi", web_login_form, NEED_NONE, 0, NULL, NULL},
    {"POST", "/accedi", web_login_post, NEED_NONE, 0, "login", web_login_form},
    {"POST", "/esci", web_logout, NEED_MEMBER, 0, NULL, NULL},
    {"GET", "/recupero", web_recover_hub, NEED_NONE, 0, NULL, NULL},
    {"GET", "/recupero/password", web_recover_form, NEED_NONE, 0, NULL, NULL},
    {"POST", "/recupero/password", web_recover_request, NEED_NONE, 0, "recover", web_recover_form},
    {"GET", "/recupero/entrambi", web_recover_form, NEED_NONE, 0, NULL, NULL},
    {"POST", "/recupero/entrambi", web_recover_request, NEED_NONE, 0, "recover", web_recover_form},
    {"GET", "/recupero/nome-utente", web_recover_form, NEED_NONE, 0, NULL, NULL},
    {"POST", "/recupero/nome-utente", web_recover_username, NEED_NONE, 0, "login",
     web_recover_form},
    {"GET", "/recupero/nuova-password", web_recover_reset_form, NEED_NONE, 0, NULL, NULL},
    {"POST", "/recupero/nuova-password", web_recover_reset, NEED_NONE, 0, "code",
     web_recover_reset_form},
    {"GET", "/area", web_area, NEED_MEMBER, 0, NULL, NULL},
    {"GET", "/area/modulo", web_id_form_page, NEED_MEMBER, 0, NULL, NULL},
    {"GET", "/area/modulo.pdf", web_id_form_pdf, NEED_MEMBER, 0, NULL, NULL},
    {"POST", "/area/modulo", web_id_form_upload, NEED_MEMBER, ROUTE_MULTIPART, "upload",
     web_id_form_page},
    {"GET", "/area/attivazione", web_activation_form, NEED_MEMBER, 0, NULL, NULL},
    {"POST", "/area/attivazione", web_activation_post, NEED_MEMBER, 0, "code", web_activation_form},
    {"POST", "/area/attivazione/nuova-lettera", web_activation_new_letter, NEED_MEMBER, 0, "code",
     NULL},
    {"GET", "/area/accessi", web_history, NEED_MEMBER, 0, NULL, NULL},
    {"GET", "/area/password", web_password_form, NEED_MEMBER, 0, NULL, NULL},
    {"GET", "/area/email", web_email_form, NEED_MEMBER, 0, NULL, NULL},
    {"GET", "/area/sessioni", web_sessions, NEED_MEMBER, 0, NULL, NULL},
    {"POST", "/area/sessioni/termina", web_sessions_end, NEED_MEMBER, 0, NULL, NULL},
    {"POST", "/area/sessioni/termina-altre", web_sessions_end, NEED_MEMBER, 0, NULL, NULL},
    {"POST", "/area/email", web_email_post, NEED_MEMBER, 0, "login", web_email_form},
    {"GET", "/email/conferma", web_email_confirm_form, NEED_NONE, 0, NULL, NULL},
    {"POST", "/email/conferma", web_email_confirm_post, NEED_NONE, 0, "code",
     web_email_confirm_form},
    {"POST", "/area/password", web_password_post, NEED_MEMBER, 0, "login", web_password_form},
    {"GET", "/dev/outbox", web_dev_outbox, NEED_NONE, 0, NULL, NULL},
    {"GET", "/dev/outbox/", web_dev_outbox_file, NEED_NONE, ROUTE_PREFIX, NULL, NULL},
};
const size_t web_routes_n = sizeof web_routes / sizeof web_routes[0];

/* Per address: burst, then a steady rate. Generous enough for a family
 * behind one router; the per-account limits (issue 4) do the rest. */
const struct http_ratelimit_rule web_ratelimit_rules[] = {
    {"login", 30, 20},  {"register", 30, 10}, {"code", 40, 20},
    {"upload", 20, 10}, {"recover", 10, 5},   {"meter", 120, 120},
};
const size_t web_ratelimit_rules_n = sizeof web_ratelimit_rules / sizeof web_ratelimit_rules[0];
