/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* Rendering a page for a handler: the common context every layout needs
 * (lang, csrf token, who is logged in, dev mode, institution, the current
 * path for the language switcher) plus the handler's own fields, through the
 * template set, into the response. Also form errors -> context, and the
 * mapping of enum vc_status to an HTTP status and error page (one table). */
#ifndef VARCO_WEB_PAGE_H
#define VARCO_WEB_PAGE_H

#include <jansson.h>

#include "core/form.h"
#include "core/types.h"
#include "http/http.h"
#include "util/status.h"

/* A new context object with the common fields:
 *   lang, other_lang, csrf, path, dev (bool), institution,
 *   member (bool, logged-in member), operator (bool), full (bool: full menu)
 * The caller adds its own and passes it to page_render (which takes it). */
json_t *page_context(struct http_req *req);
/* Sets key to true in c when on, else leaves it out: missing is false to
 * the templates, and most flags are false on most pages (an insert fewer
 * each, and a context that stays within jansson's first table). Not for a
 * key c may already hold as true (page_context's "full"): that one stays. */
void page_flag(json_t *c, const char *key, bool on);
/* A text as a context value without jansson's UTF-8 scan, for what is
 * UTF-8 already: catalogue texts (parsed JSON) and stored data, checked
 * where it came in (http/parse.c, the imports); the render escapes it either
 * way. NULL gives NULL, as json_string does (the key is then left out). */
json_t *page_str(const char *s);
/* The part of every page's context that depends only on the language
 * (lang, institution, dev, password bounds ...): built once at app_init,
 * shared read-only by every request (tmpl_render_base). */
void page_base_init(struct app *app);

/* Renders template name with ctx (reference stolen) as the response body
 * with the given status. On a template failure renders the 500 page. */
void page_render(struct http_req *req, struct http_resp *resp, int status, const char *name,
                 json_t *ctx);

/* Puts errors into ctx as "errors": {field: "translated message"} plus
 * "error_list": [{field, message}] for the summary at the top of the form. */
void page_add_errors(struct http_req *req, json_t *ctx, const struct form_errors *fe);

/* The error page for status (also the http hooks' error()). */
void page_error(struct http_req *req, struct http_resp *resp, int status, int retry_after);

/* The 429 page of the throttles, with its Retry-After header: how long to
 * wait, in seconds or minutes, and the way to recovery. */
void page_limited(struct http_req *req, struct http_resp *resp, int64_t retry_after);

/* If st is a throttle's refusal (VC_ERR_LIMIT with req->retry_after set),
 * renders the 429 page and returns true. */
bool page_if_limited(struct http_req *req, struct http_resp *resp, enum vc_status st);

/* HTTP status for a core status that reached a handler unexpectedly. */
int page_status_http(enum vc_status st);

/* Translated text for key in the request's language. */
const char *page_t(struct http_req *req, const char *key);

/* The same with the server's own figures filled in ({upload_max}): for
 * messages built in C (form errors). Arena string. */
const char *page_message(struct http_req *req, const char *key);

/* The text of the key "<prefix>.<name>" (names of steps, actions, kinds). */
const char *page_t_of(struct http_req *req, const char *prefix, const char *name);

/* The label a person reads for an internal name: the catalogue text of
 * "<prefix>.<name>" ("case.status" + "received" -> "Da esaminare"). Never
 * the raw name: a name without a label gives "—" (and a log line). The
 * result lives in the request arena. */
const char *page_label(struct http_req *req, const char *prefix, const char *name);

/* An ISO date ("1980-01-01") as the request's language writes it
 * (render/dates.h); arena string. */
const char *page_date(struct http_req *req, const char *iso);

/* The error to show beside the form field name, in the request's language:
 * the field was not UTF-8 text, or fe (may be NULL) names it; else NULL.
 * For pages that build their fields in a loop (web/register.c). */
const char *page_field_error(struct http_req *req, const struct form_errors *fe, const char *name);

/* The path of a named page (render/links.h); "/area" for NULL or unknown. */
const char *page_path(const char *name);

/* What pages show of a person and of a registry row, as template data.
 * A person also has mobile_masked, the number of record with its middle
 * hidden (core/phone.h), for pages that only remind the person of it. */
json_t *page_person_json(const struct person *p);
json_t *page_member_json(const struct member *m);

/* "dd/mm/yyyy HH:MM" in Italian time (the people served are in Italy). */
void page_format_time(int64_t t, char out[32]);

#endif
