/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* The back office's handlers (docs/pages.md "Back office"). */
#ifndef VARCO_BACKOFFICE_BACKOFFICE_H
#define VARCO_BACKOFFICE_BACKOFFICE_H
#include <stddef.h>

#include "http/http.h"

/* routes.c: the back office's routes, handed to the server by cli/serve.c */
extern const struct http_route backoffice_routes[];
extern const size_t backoffice_routes_n;

/* login.c */
void bo_login_form(struct http_req *req, struct http_resp *resp);
void bo_login_post(struct http_req *req, struct http_resp *resp);
void bo_totp_form(struct http_req *req, struct http_resp *resp);
void bo_totp_qr(struct http_req *req, struct http_resp *resp);
void bo_totp_post(struct http_req *req, struct http_resp *resp);
void bo_password_form(struct http_req *req, struct http_resp *resp);
void bo_password_post(struct http_req *req, struct http_resp *resp);
void bo_logout(struct http_req *req, struct http_resp *resp);
/* cases.c */
void bo_queue(struct http_req *req, struct http_resp *resp);
void bo_case(struct http_req *req, struct http_resp *resp);
void bo_case_post(struct http_req *req, struct http_resp *resp);
/* The case page again for a decision whose form could not be read (a field
 * that was not UTF-8 text): the route's form handler. */
void bo_case_form(struct http_req *req, struct http_resp *resp);
void bo_receipt_form(struct http_req *req, struct http_resp *resp);
void bo_receipt_post(struct http_req *req, struct http_resp *resp);
void bo_outbox(struct http_req *req, struct http_resp *resp);
/* letters.c */
void bo_letters(struct http_req *req, struct http_resp *resp);
void bo_letters_post(struct http_req *req, struct http_resp *resp);
/* desk.c */
void bo_desk(struct http_req *req, struct http_resp *resp);
void bo_desk_person(struct http_req *req, struct http_resp *resp);
void bo_desk_schedule(struct http_req *req, struct http_resp *resp);
void bo_desk_cancel(struct http_req *req, struct http_resp *resp);
void bo_desk_record(struct http_req *req, struct http_resp *resp);
void bo_desk_second_factor_form(struct http_req *req, struct http_resp *resp);
void bo_desk_second_factor(struct http_req *req, struct http_resp *resp);
/* pin.c */
void bo_pin_form(struct http_req *req, struct http_resp *resp);
void bo_pin_post(struct http_req *req, struct http_resp *resp);
#endif
