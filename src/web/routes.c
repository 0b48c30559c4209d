/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* The member side's routes (docs/pages.md) and rate-limit buckets. */
#include "web/handlers.h"
#include "web/site.h"

const struct http_route web_routes[] = {
    {"GET", "/", web_home, NEED_NONE, 0, NULL},
    {"GET", "/healthz", web_healthz, NEED_NONE, 0, NULL},
    {"GET", "/lingua", web_lang, NEED_NONE, 0, NULL},
    {"GET", "/logo", web_logo, NEED_NONE, 0, NULL},
    {"GET", "/informativa", web_privacy, NEED_NONE, 0, NULL},
    {"GET", "/accessibilita", web_accessibility, NEED_NONE, 0, NULL},
    {"GET", "/registrazione", web_register_form, NEED_NONE, 0, NULL},
    {"POST", "/registrazione", web_register_post, NEED_NONE, 0, "register"},
    {"GET", "/registrazione/inviata", web_register_sent, NEED_NONE, 0, NULL},
    {"GET", "/conferma-email", web_confirm_form, NEED_NONE, 0, NULL},
    {"POST", "/conferma-email", web_confirm_post, NEED_NONE, 0, "code"},
    {"POST", "/conferma-email/reinvia", web_confirm_resend, NEED_MEMBER, 0, "code"},
    {"POST", "/conferma-email/reinvia-indirizzo", web_confirm_resend_address, NEED_NONE, 0, "code"},
    {"POST", "/password/valuta", web_password_meter, NEED_NONE, 0, "meter"},
    {"GET", "/benvenuto", web_welcome, NEED_NONE, 0, NULL},
    {"POST", "/benvenuto", web_welcome_post, NEED_NONE, 0, "register"},
    {"GET", "/accedi", web_login_form, NEED_NONE, 0, NULL},
    {"POST", "/accedi", web_login_post, NEED_NONE, 0, "login"},
    {"POST", "/esci", web_logout, NEED_MEMBER, 0, NULL},
    {"GET", "/recupero", web_recover_hub, NEED_NONE, 0, NULL},
    {"GET", "/recupero/password", web_recover_form, NEED_NONE, 0, NULL},
    {"POST", "/recupero/password", web_recover_request, NEED_NONE, 0, "recover"},
    {"GET", "/recupero/entrambi", web_recover_form, NEED_NONE, 0, NULL},
    {"POST", "/recupero/entrambi", web_recover_request, NEED_NONE, 0, "recover"},
    {"GET", "/recupero/nome-utente", web_recover_form, NEED_NONE, 0, NULL},
    {"POST", "/recupero/nome-utente", web_recover_username, NEED_NONE, 0, "login"},
    {"GET", "/recupero/nuova-password", web_recover_reset_form, NEED_NONE, 0, NULL},
    {"POST", "/recupero/nuova-password", web_recover_reset, NEED_NONE, 0, "code"},
    {"GET", "/area", web_area, NEED_MEMBER, 0, NULL},
    {"GET", "/area/modulo", web_id_form_page, NEED_MEMBER, 0, NULL},
    {"GET", "/area/modulo.pdf", web_id_form_pdf, NEED_MEMBER, 0, NULL},
    {"POST", "/area/modulo", web_id_form_upload, NEED_MEMBER, ROUTE_MULTIPART, "upload"},
    {"GET", "/area/attivazione", web_activation_form, NEED_MEMBER, 0, NULL},
    {"POST", "/area/attivazione", web_activation_post, NEED_MEMBER, 0, "code"},
    {"POST", "/area/attivazione/nuova-lettera", web_activation_new_letter, NEED_MEMBER, 0, "code"},
    {"GET", "/area/accessi", web_history, NEED_MEMBER, 0, NULL},
    {"GET", "/area/password", web_password_form, NEED_MEMBER, 0, NULL},
    {"GET", "/area/email", web_email_form, NEED_MEMBER, 0, NULL},
    {"GET", "/area/sessioni", web_sessions, NEED_MEMBER, 0, NULL},
    {"POST", "/area/sessioni/termina", web_sessions_end, NEED_MEMBER, 0, NULL},
    {"POST", "/area/sessioni/termina-altre", web_sessions_end, NEED_MEMBER, 0, NULL},
    {"POST", "/area/email", web_email_post, NEED_MEMBER, 0, "login"},
    {"GET", "/email/conferma", web_email_confirm_form, NEED_NONE, 0, NULL},
    {"POST", "/email/conferma", web_email_confirm_post, NEED_NONE, 0, "code"},
    {"POST", "/area/password", web_password_post, NEED_MEMBER, 0, "login"},
    {"GET", "/dev/outbox", web_dev_outbox, NEED_NONE, 0, NULL},
    {"GET", "/dev/outbox/", web_dev_outbox_file, NEED_NONE, ROUTE_PREFIX, NULL},
};
const size_t web_routes_n = sizeof web_routes / sizeof web_routes[0];

/* Per address: burst, then a steady rate. Generous enough for a family
 * behind one router; the per-account limits (issue 4) do the rest. */
const struct http_ratelimit_rule web_ratelimit_rules[] = {
    {"login", 30, 20},  {"register", 30, 10}, {"code", 40, 20},
    {"upload", 20, 10}, {"recover", 10, 5},   {"meter", 120, 120},
};
const size_t web_ratelimit_rules_n = sizeof web_ratelimit_rules / sizeof web_ratelimit_rules[0];
