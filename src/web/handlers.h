/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* The member-side handlers (docs/pages.md), one file per concern, and the
 * route tables handed to the server by cli/serve.c. What the member side
 * shares with the back office is app/ (app.h, page.h, shared.h). Handlers are thin: parse
 * the request into a plain struct, call one core function, render. */
#ifndef VARCO_WEB_HANDLERS_H
#define VARCO_WEB_HANDLERS_H

#include <stddef.h>

#include "app/shared.h"
#include "core/env.h"
#include "core/steps/id_form.h"
#include "core/types.h"
#include "http/http.h"
#include <jansson.h>

/* web/routes.c */
extern const struct http_route web_routes[];
extern const size_t web_routes_n;
extern const struct http_ratelimit_rule web_ratelimit_rules[];
extern const size_t web_ratelimit_rules_n;

/* web/home.c */
bool web_local_path(const char *p);
void web_home(struct http_req *req, struct http_resp *resp);
void web_healthz(struct http_req *req, struct http_resp *resp);
void web_lang(struct http_req *req, struct http_resp *resp);
/* web/apps.c */
void web_apps(struct http_req *req, struct http_resp *resp);
void web_apps_logout(struct http_req *req, struct http_resp *resp);
void web_apps_withdraw(struct http_req *req, struct http_resp *resp);
/* web/login.c */
void web_login_form(struct http_req *req, struct http_resp *resp);
void web_login_post(struct http_req *req, struct http_resp *resp);
void web_logout(struct http_req *req, struct http_resp *resp);
/* web/dev_outbox.c */
void web_dev_outbox(struct http_req *req, struct http_resp *resp);
void web_dev_outbox_file(struct http_req *req, struct http_resp *resp);
/* web/register.c */
void web_register_form(struct http_req *req, struct http_resp *resp);
void web_register_post(struct http_req *req, struct http_resp *resp);
void web_register_sent(struct http_req *req, struct http_resp *resp);
/* The journey's fields as the form shows them (template data for the
 * partial web/register_fields.html): each with the widget of its kind, the
 * value of f (the query's when f is NULL; never a password) and fe's error. */
struct register_form;
struct journey_def;
json_t *web_register_fields(struct http_req *req, const struct journey_def *j,
                            const struct register_form *f, const struct form_errors *fe);
/* Reads the journey's fields of the body into f (and the request's
 * language); a value too long is an error on its field in fe, never cut. */
void web_register_read(struct http_req *req, const struct journey_def *jd, struct register_form *f,
                       struct form_errors *fe);
/* web/mandates.c: a procurator's mandates (seed 003; core/delegation.h) */
void web_mandates(struct http_req *req, struct http_resp *resp);
void web_mandate_submit(struct http_req *req, struct http_resp *resp);
void web_mandate_pin_form(struct http_req *req, struct http_resp *resp);
void web_mandate_pin_post(struct http_req *req, struct http_resp *resp);
void web_mandate_revoke(struct http_req *req, struct http_resp *resp);   /* by the person */
void web_mandate_renounce(struct http_req *req, struct http_resp *resp); /* by the procurator */
/* web/password_change.c */
void web_password_form(struct http_req *req, struct http_resp *resp);
void web_password_post(struct http_req *req, struct http_resp *resp);
/* web/email_change.c */
void web_email_form(struct http_req *req, struct http_resp *resp);
void web_email_post(struct http_req *req, struct http_resp *resp);
void web_email_confirm_form(struct http_req *req, struct http_resp *resp);
void web_email_confirm_post(struct http_req *req, struct http_resp *resp);
/* web/sessions.c */
void web_sessions(struct http_req *req, struct http_resp *resp);
void web_sessions_end(struct http_req *req, struct http_resp *resp);
/* "Chrome · Windows" from a User-Agent ("" when nothing is recognised). */
void web_device_name(const char *ua, char *out, size_t size);
/* web/legacy.c */
void web_welcome(struct http_req *req, struct http_resp *resp);
void web_welcome_post(struct http_req *req, struct http_resp *resp);
/* web/password_meter.c */
void web_password_meter(struct http_req *req, struct http_resp *resp);
/* web/confirm.c */
void web_confirm_form(struct http_req *req, struct http_resp *resp);
void web_confirm_post(struct http_req *req, struct http_resp *resp);
void web_confirm_resend(struct http_req *req, struct http_resp *resp);
void web_confirm_resend_address(struct http_req *req, struct http_resp *resp);
/* web/second_factor.c */
void web_second_factor(struct http_req *req, struct http_resp *resp);
void web_second_factor_qr(struct http_req *req, struct http_resp *resp);
void web_second_factor_post(struct http_req *req, struct http_resp *resp);
void web_second_factor_remove(struct http_req *req, struct http_resp *resp);
void web_login_second_factor_form(struct http_req *req, struct http_resp *resp);
void web_login_second_factor_post(struct http_req *req, struct http_resp *resp);
void web_login_second_factor_cancel(struct http_req *req, struct http_resp *resp);
/* web/area.c */
void web_area(struct http_req *req, struct http_resp *resp);
/* web/id_form_page.c */
void web_id_form_page(struct http_req *req, struct http_resp *resp);
void web_id_form_pdf(struct http_req *req, struct http_resp *resp);
void web_id_form_upload(struct http_req *req, struct http_resp *resp);
/* web/activation.c */
void web_activation_form(struct http_req *req, struct http_resp *resp);
void web_activation_post(struct http_req *req, struct http_resp *resp);
void web_activation_new_letter(struct http_req *req, struct http_resp *resp);
/* web/recovery.c */
void web_recover_hub(struct http_req *req, struct http_resp *resp);
void web_recover_form(struct http_req *req, struct http_resp *resp);
void web_recover_request(struct http_req *req, struct http_resp *resp);
void web_recover_username(struct http_req *req, struct http_resp *resp);
void web_recover_reset_form(struct http_req *req, struct http_resp *resp);
void web_recover_reset(struct http_req *req, struct http_resp *resp);
void web_recover_reset_sms(struct http_req *req, struct http_resp *resp);

/* web/pin.c */
void web_pin_form(struct http_req *req, struct http_resp *resp);
void web_pin_post(struct http_req *req, struct http_resp *resp);
void web_recover_pin_form(struct http_req *req, struct http_resp *resp);
void web_recover_pin(struct http_req *req, struct http_resp *resp);
/* web/personal_code.c */
void web_personal_code_form(struct http_req *req, struct http_resp *resp);
void web_personal_code_post(struct http_req *req, struct http_resp *resp);
void web_personal_code_new(struct http_req *req, struct http_resp *resp);
void web_adhesion_form_pdf(struct http_req *req, struct http_resp *resp);
/* web/person.c */
void web_person(struct http_req *req, struct http_resp *resp);
/* web/offices.c: the directory, and its search for the in-person chooser */
void web_offices(struct http_req *req, struct http_resp *resp);
json_t *web_office_json(const struct office *o);
enum vc_status web_offices_search(struct http_req *req, const struct vc_env *env, json_t *c,
                                  bool *invalid);
void web_offices_map(struct http_req *req, struct http_resp *resp, json_t *c);
/* web/contract.c: the contract signed with an SMS code */
void web_contract(struct http_req *req, struct http_resp *resp);
void web_contract_pdf(struct http_req *req, struct http_resp *resp);
void web_contract_signed_pdf(struct http_req *req, struct http_resp *resp);
void web_contract_code(struct http_req *req, struct http_resp *resp);
void web_contract_sign(struct http_req *req, struct http_resp *resp);
/* web/in_person.c: the in-person step, as the person sees it */
void web_in_person(struct http_req *req, struct http_resp *resp);
void web_in_person_choose(struct http_req *req, struct http_resp *resp);
void web_in_person_cancel(struct http_req *req, struct http_resp *resp);
void web_person_post(struct http_req *req, struct http_resp *resp);
void web_person_letter(struct http_req *req, struct http_resp *resp);

/* web/delegation.c: a company's delegations, a firm's page, acting for a company */
void web_delegations(struct http_req *req, struct http_resp *resp);
void web_delegation_create(struct http_req *req, struct http_resp *resp);
void web_delegation_revoke(struct http_req *req, struct http_resp *resp);
void web_firm(struct http_req *req, struct http_resp *resp);
void web_firm_decide(struct http_req *req, struct http_resp *resp);
void web_firm_renounce(struct http_req *req, struct http_resp *resp);
void web_firm_invite(struct http_req *req, struct http_resp *resp);
void web_firm_remove(struct http_req *req, struct http_resp *resp);
void web_acting(struct http_req *req, struct http_resp *resp);
void web_acting_start(struct http_req *req, struct http_resp *resp);
void web_acting_end(struct http_req *req, struct http_resp *resp);

/* web/history.c */
void web_history(struct http_req *req, struct http_resp *resp);

#endif
