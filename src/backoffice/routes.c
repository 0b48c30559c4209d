/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* The back office's routes: operators' login, the queue of cases, the
 * desk of one office, letters, PIN, outbox. */
#include "backoffice/backoffice.h"

const struct http_route backoffice_routes[] = {
    {"GET", "/backoffice/accedi", bo_login_form, NEED_NONE, 0, NULL, NULL},
    {"POST", "/backoffice/accedi", bo_login_post, NEED_NONE, 0, "login", bo_login_form},
    {"GET", "/backoffice/2fa", bo_totp_form, NEED_OPERATOR_PASSWORD, 0, NULL, NULL},
    {"GET", "/backoffice/2fa/qr.png", bo_totp_qr, NEED_OPERATOR_PASSWORD, 0, NULL, NULL},
    {"POST", "/backoffice/2fa", bo_totp_post, NEED_OPERATOR_PASSWORD, 0, "code", bo_totp_form},
    {"POST", "/backoffice/esci", bo_logout, NEED_OPERATOR_PASSWORD, 0, NULL, NULL},
    {"GET", "/backoffice/password", bo_password_form, NEED_OPERATOR_MFA, 0, NULL, NULL},
    {"POST", "/backoffice/password", bo_password_post, NEED_OPERATOR_MFA, 0, "login",
     bo_password_form},
    {"GET", "/backoffice", bo_queue, NEED_OPERATOR, 0, NULL, NULL},
    {"GET", "/backoffice/casi/", bo_case, NEED_OPERATOR, ROUTE_PREFIX, NULL, NULL},
    {"POST", "/backoffice/casi/", bo_case_post, NEED_OPERATOR, ROUTE_PREFIX, NULL, bo_case_form},
    {"GET", "/backoffice/ricevute", bo_receipt_form, NEED_OPERATOR, 0, NULL, NULL},
    {"POST", "/backoffice/ricevute", bo_receipt_post, NEED_OPERATOR, ROUTE_MULTIPART, "upload",
     bo_receipt_form},
    {"GET", "/backoffice/lettere", bo_letters, NEED_OPERATOR, 0, NULL, NULL},
    {"POST", "/backoffice/lettere", bo_letters_post, NEED_OPERATOR, 0, NULL, bo_letters},
    {"GET", "/backoffice/pin", bo_pin_form, NEED_OPERATOR, 0, NULL, NULL},
    {"POST", "/backoffice/pin", bo_pin_post, NEED_OPERATOR, 0, "code", bo_pin_form},
    {"GET", "/backoffice/outbox", bo_outbox, NEED_ADMIN, 0, NULL, NULL},
    {"GET", "/backoffice/sportello", bo_desk, NEED_DESK, 0, NULL, NULL},
    {"GET", "/backoffice/sportello/persona", bo_desk_person, NEED_DESK, 0, NULL, NULL},
    {"POST", "/backoffice/sportello/appuntamento", bo_desk_schedule, NEED_DESK, 0, NULL,
     bo_desk_person},
    {"POST", "/backoffice/sportello/annulla", bo_desk_cancel, NEED_DESK, 0, NULL, bo_desk_person},
    {"POST", "/backoffice/sportello/riconoscimento", bo_desk_record, NEED_DESK, ROUTE_MULTIPART,
     "upload", bo_desk_person},
    {"GET", "/backoffice/sportello/secondo-fattore", bo_desk_second_factor_form, NEED_DESK, 0, NULL,
     NULL},
    {"POST", "/backoffice/sportello/secondo-fattore", bo_desk_second_factor, NEED_DESK, 0, "code",
     bo_desk_second_factor_form},
};
const size_t backoffice_routes_n = sizeof backoffice_routes / sizeof backoffice_routes[0];
