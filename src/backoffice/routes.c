/* SPDX-License-Identifier: AGPL-3.0-or-later */
#include "backoffice/backoffice.h"
#include "web/handlers.h"

const struct http_route backoffice_routes[] = {
    {"GET", "/backoffice/accedi", bo_login_form, NEED_NONE, 0, NULL},
    {"POST", "/backoffice/accedi", bo_login_post, NEED_NONE, 0, "login"},
    {"GET", "/backoffice/2fa", bo_totp_form, NEED_OPERATOR_PASSWORD, 0, NULL},
    {"GET", "/backoffice/2fa/qr.png", bo_totp_qr, NEED_OPERATOR_PASSWORD, 0, NULL},
    {"POST", "/backoffice/2fa", bo_totp_post, NEED_OPERATOR_PASSWORD, 0, "code"},
    {"POST", "/backoffice/esci", bo_logout, NEED_OPERATOR_PASSWORD, 0, NULL},
    {"GET", "/backoffice/password", bo_password_form, NEED_OPERATOR_MFA, 0, NULL},
    {"POST", "/backoffice/password", bo_password_post, NEED_OPERATOR_MFA, 0, "login"},
    {"GET", "/backoffice", bo_queue, NEED_OPERATOR, 0, NULL},
    {"GET", "/backoffice/casi/", bo_case, NEED_OPERATOR, ROUTE_PREFIX, NULL},
    {"POST", "/backoffice/casi/", bo_case_post, NEED_OPERATOR, ROUTE_PREFIX, NULL},
    {"GET", "/backoffice/ricevute", bo_receipt_form, NEED_OPERATOR, 0, NULL},
    {"POST", "/backoffice/ricevute", bo_receipt_post, NEED_OPERATOR, ROUTE_MULTIPART, "upload"},
    {"GET", "/backoffice/outbox", bo_outbox, NEED_ADMIN, 0, NULL},
};
const size_t backoffice_routes_n = sizeof backoffice_routes / sizeof backoffice_routes[0];
