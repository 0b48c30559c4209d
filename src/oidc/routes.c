/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* The OpenID Connect provider's routes (oidc/oidc.h). The back-channel
 * endpoints, discovery and the keys are called by programs, the first with
 * their own credentials: no CSRF token, no cookie (ROUTE_NO_CSRF), no
 * per-address limit (a client's server is one address for all its users). */
#include "oidc/oidc.h"

const struct http_route oidc_routes[] = {
    {"GET", "/.well-known/openid-configuration", oidc_discovery, NEED_NONE, ROUTE_NO_CSRF, NULL,
     NULL},
    {"GET", OIDC_PATH_JWKS, oidc_jwks, NEED_NONE, ROUTE_NO_CSRF, NULL, NULL},
    {"GET", OIDC_PATH_AUTHORIZE, oidc_authorize, NEED_NONE, 0, "authorize", NULL},
    {"POST", OIDC_PATH_AUTHORIZE, oidc_authorize_consent, NEED_NONE, 0, "authorize", NULL},
    {"POST", OIDC_PATH_TOKEN, oidc_token, NEED_NONE, ROUTE_NO_CSRF, NULL, NULL},
    {"GET", OIDC_PATH_USERINFO, oidc_userinfo, NEED_NONE, ROUTE_NO_CSRF, NULL, NULL},
    {"POST", OIDC_PATH_USERINFO, oidc_userinfo, NEED_NONE, ROUTE_NO_CSRF, NULL, NULL},
    {"POST", OIDC_PATH_INTROSPECT, oidc_introspect, NEED_NONE, ROUTE_NO_CSRF, NULL, NULL},
    {"POST", OIDC_PATH_REVOKE, oidc_revoke, NEED_NONE, ROUTE_NO_CSRF, NULL, NULL},
    {"GET", OIDC_PATH_LOGOUT, oidc_logout, NEED_NONE, 0, NULL, NULL},
    {"POST", OIDC_PATH_LOGOUT, oidc_logout_post, NEED_NONE, 0, NULL, NULL},
};
const size_t oidc_routes_n = sizeof oidc_routes / sizeof oidc_routes[0];
