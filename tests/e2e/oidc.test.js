// SPDX-License-Identifier: AGPL-3.0-or-later
// varco as an OpenID Connect provider (issue 14), driven by openid-client
// (panva's certified relying-party library) from this file and by Chromium
// for the person's part (login, consent, logout confirmation). A person is
// walked to full access (inps-pin, the shortest journey); the clients are
// registered with the real `varco clients add`; a small http server here
// plays the applications' redirect URIs and back-channel endpoint.
// Covered: discovery and JWKS; code + PKCE S256 with the ID token validated
// by the library (signature through the JWKS, iss, aud, nonce); userinfo
// claims; refresh rotation and reuse revoking the family; step-up refused
// to a person without a second factor, and with an authenticator app the
// app's code asked (acr SpidL2); RP-initiated and back-channel
// logout; consent for a third-party client; and the refusals: wrong or
// missing redirect URI, missing and plain PKCE, code reuse, an unknown code,
// tampered tokens, alg none, another client's code.
'use strict';

const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const http = require('node:http');
const crypto = require('node:crypto');
const { startServer, launchBrowser, waitFor, pdfText, checkA11y, totp } = require('./support');
const J = require('./journey');

const ACR_L1 = 'https://www.spid.gov.it/SpidL1';
const ACR_L2 = 'https://www.spid.gov.it/SpidL2';
const FISCAL_NUMBER = 'https://attributes.eid.gov.it/fiscal_number';
const BCL_EVENT = 'http://schemas.openid.net/event/backchannel-logout';

let oc; // openid-client (ESM)
let jose; // jose (ESM), for what openid-client has no helper: logout tokens
let server;
let browser;
let ctx;
let page;
let rp; // the applications' side: { url, hits: [{path, query}], logoutTokens: [string] }
const clients = {}; // name -> { id, secret, config }

const marco = {
  cf: 'BNCMRC85C02H501Q', given: 'Marco', family: 'Bianchi', sex: 'M', born: '1985-03-02',
  place: 'Roma', placeProvince: 'RM', address: 'Via Appia 5', postcode: '00179', city: 'Roma',
  province: 'RM', email: 'marco.bianchi@example.org', mobile: '',
};
const PIN = 'Colosseo al tramonto';

// The relying applications' endpoints: every GET answers a small page (the
// browser lands there with the authorization response), POST /backchannel
// keeps the logout token.
function startRp() {
  const state = { hits: [], logoutTokens: [] };
  const srv = http.createServer((req, res) => {
    const u = new URL(req.url, 'http://x');
    if (req.method === 'POST' && u.pathname === '/backchannel') {
      let body = '';
      req.on('data', (d) => { body += d; });
      req.on('end', () => {
        state.logoutTokens.push({
          type: req.headers['content-type'], token: new URLSearchParams(body).get('logout_token'),
        });
        res.writeHead(200, { 'Cache-Control': 'no-store' });
        res.end();
      });
      return;
    }
    state.hits.push({ path: u.pathname, query: u.search });
    res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
    res.end('<!doctype html><html lang="it"><title>App</title><main><h1>App</h1></main></html>');
  });
  return new Promise((resolve) => srv.listen(0, '127.0.0.1', () => {
    state.url = `http://127.0.0.1:${srv.address().port}`;
    state.close = () => new Promise((r) => srv.close(r));
    resolve(state);
  }));
}

// `varco clients add` as the administrator runs it; the printed id and secret.
function addClient(name, args) {
  const out = server.cli(['clients', 'add', name, ...args]);
  const id = /^client_id: *(\S+)$/m.exec(out);
  const secret = /^client_secret: *(\S+)$/m.exec(out);
  assert.ok(id && secret, `varco clients add printed:\n${out}`);
  assert.equal(secret[1].length, 43);
  return { id: id[1], secret: secret[1] };
}

// openid-client's configuration for a registered client: discovery, plain
// http on loopback allowed, the ID token's signature checked with the JWKS
// (without TLS it is what proves where the token comes from).
async function configure(c) {
  c.config = await oc.discovery(new URL(server.url), c.id, { id_token_signed_response_alg: 'ES256' },
    oc.ClientSecretBasic(c.secret), { execute: [oc.allowInsecureRequests, oc.enableNonRepudiationChecks] });
  return c.config;
}

async function click(name, role = 'button') {
  await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), page.getByRole(role, { name }).click()]);
}

// The login form as the person meets it (at /accedi, maybe sent there by
// /oidc/authorize): codice fiscale and PIN.
async function pinLoginHere() {
  await page.getByLabel('Codice fiscale').fill(marco.cf);
  await page.getByLabel('Prima parte').fill(PIN);
  await click('Accedi');
}

// After a form of varco's (login, consent, logout) the way back to the
// application goes through a page that moves on by itself (oidc_send_away:
// a redirect answering a form would meet the form-action policy).
// A page that stays (an error) is left for the caller's assertions.
async function backToApp() {
  try {
    await page.waitForURL((u) => !u.href.startsWith(server.url), { timeout: 5000 });
  } catch {
    // still at varco: the caller says what was expected
  }
}

async function ensureLoggedIn() {
  await page.goto(`${server.url}/area`);
  if (/\/accedi/.test(page.url())) await pinLoginHere();
  assert.match(page.url(), /\/area$/);
}

// An authorization request of client c, walked by the browser until the
// client's redirect URI is reached (logging in or consenting on the way if
// asked; secondFactor answers the app's code when the login asks it).
// params overrides or removes (undefined) the usual ones. Returns
// the URL the browser landed on with what the client must check.
async function authorize(c, params = {}, { redirect = `${rp.url}/cb`, consent, secondFactor } = {}) {
  const verifier = oc.randomPKCECodeVerifier();
  const p = {
    redirect_uri: redirect, scope: 'openid profile email phone offline_access',
    code_challenge: await oc.calculatePKCECodeChallenge(verifier), code_challenge_method: 'S256',
    state: oc.randomState(), nonce: oc.randomNonce(), ...params,
  };
  for (const k of Object.keys(p)) if (p[k] === undefined) delete p[k];
  const url = oc.buildAuthorizationUrl(c.config, p);
  const seen = [];
  const onNav = (f) => { if (f === page.mainFrame()) seen.push(f.url()); };
  page.on('framenavigated', onNav);
  try {
    await page.goto(url.href);
    if (new URL(page.url()).pathname === '/accedi') {
      await pinLoginHere();
      if (secondFactor && new URL(page.url()).pathname === '/accedi/secondo-fattore') await secondFactor();
      await backToApp();
    }
    if (consent && page.url().startsWith(server.url)) {
      await consent(page);
      await backToApp();
    }
  } finally {
    page.off('framenavigated', onNav);
  }
  return { landed: new URL(page.url()), state: p.state, nonce: p.nonce, verifier, seen, sent: url };
}

// The code exchange, every check the library makes.
function exchange(c, a, config = c.config) {
  return oc.authorizationCodeGrant(config, a.landed, {
    pkceCodeVerifier: a.verifier, expectedState: a.state, expectedNonce: a.nonce, idTokenExpected: true,
  });
}

async function login(c, params, opts) {
  const a = await authorize(c, params, opts);
  assert.ok(a.landed.href.startsWith(`${rp.url}/`), `not back at the client: ${a.landed}`);
  const tokens = await exchange(c, a);
  return { a, tokens, claims: tokens.claims() };
}

// A JWT with one base64url character of its signature changed.
function flipSignature(jwt) {
  const parts = jwt.split('.');
  const s = parts[2];
  const i = Math.floor(s.length / 2); // not the last character: its low bits may be padding
  parts[2] = s.slice(0, i) + (s[i] === 'A' ? 'B' : 'A') + s.slice(i + 1);
  return parts.join('.');
}

function b64json(o) {
  return Buffer.from(JSON.stringify(o)).toString('base64url');
}

async function userinfoRaw(token) {
  const res = await fetch(`${server.url}/oidc/userinfo`, { headers: { authorization: `Bearer ${token}` } });
  return {
    status: res.status, www: res.headers.get('www-authenticate') || '', cookie: res.headers.get('set-cookie'),
    text: await res.text(),
  };
}

// openid-client's error for a refused grant: its OAuth error code.
async function grantError(promise) {
  try {
    await promise;
  } catch (e) {
    return { error: e.error, status: e.status, description: e.error_description, e };
  }
  return assert.fail('the grant was not refused');
}

before(async () => {
  oc = await import('openid-client');
  jose = await import('jose');
  rp = await startRp();
  server = await startServer({ VARCO_PROFILE: 'inps-pin' });
  browser = await launchBrowser();
  ctx = await browser.newContext({ locale: 'it-IT' });
  page = await ctx.newPage();

  // Marco to full access: registration, the PIN's halves by mail and
  // letter, a PIN of his own; then logged out, so the first authorization
  // meets the login page.
  await J.registerPerson(page, server, marco);
  const mail = await server.waitMail(marco.email, /prima parte/i);
  await server.waitLetters(1);
  const letter = server.letters().map((f) => pdfText(f)).find((t) => t.includes('Bianchi'));
  const [first, second] = J.pinHalves(mail.text, letter);
  await J.loginPin(page, server, marco.cf, first, second);
  await page.getByLabel('Nuovo PIN').fill(PIN);
  await page.getByLabel('Ripeti il PIN').fill(PIN);
  await click('Conferma il PIN');
  assert.match(page.url(), /\/area$/);
  await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), page.click('form#logout [type=submit]')]);

  clients.a = addClient('App Uno', ['--redirect', `${rp.url}/cb`, '--post-logout', `${rp.url}/uscito`,
    '--backchannel', `${rp.url}/backchannel`, '--first-party']);
  // B shares A's redirect URI: taking A's code is then refused for being
  // A's, not for the URI
  clients.b = addClient('App Due', ['--redirect', `${rp.url}/cb-due`, '--redirect', `${rp.url}/cb`,
    '--first-party']);
  clients.c = addClient('Servizio Terzo', ['--redirect', `${rp.url}/cb-terzo`]);
  for (const c of Object.values(clients)) await configure(c);
});

after(async () => {
  if (browser) await browser.close();
  if (server) await server.stop();
  if (rp) await rp.close();
});

test('discovery: issuer, endpoints, PKCE S256 only, ES256; the JWKS publishes public keys only', async () => {
  const res = await fetch(`${server.url}/.well-known/openid-configuration`);
  assert.equal(res.status, 200);
  assert.equal(res.headers.get('set-cookie'), null, 'programs are given no cookie');
  assert.match(res.headers.get('content-type'), /^application\/json/);
  const d = await res.json();
  assert.equal(d.issuer, server.url);
  for (const [k, p] of [['authorization_endpoint', '/oidc/authorize'], ['token_endpoint', '/oidc/token'],
    ['userinfo_endpoint', '/oidc/userinfo'], ['jwks_uri', '/oidc/jwks'], ['revocation_endpoint', '/oidc/revoke'],
    ['introspection_endpoint', '/oidc/introspect'], ['end_session_endpoint', '/oidc/logout']]) {
    assert.equal(d[k], `${server.url}${p}`, k);
  }
  assert.deepEqual(d.code_challenge_methods_supported, ['S256']);
  assert.deepEqual(d.response_types_supported, ['code']);
  assert.ok(d.id_token_signing_alg_values_supported.includes('ES256'));
  assert.ok(!d.id_token_signing_alg_values_supported.includes('none'));
  assert.equal(d.authorization_response_iss_parameter_supported, true);
  for (const m of ['client_secret_basic', 'client_secret_post', 'private_key_jwt']) {
    assert.ok(d.token_endpoint_auth_methods_supported.includes(m), m);
  }
  for (const s of ['openid', 'profile', 'email', 'phone', 'offline_access']) {
    assert.ok(d.scopes_supported.includes(s), s);
  }
  assert.ok(d.acr_values_supported.includes(ACR_L1) && d.acr_values_supported.includes(ACR_L2));
  assert.equal(d.backchannel_logout_supported, true);
  assert.equal(d.backchannel_logout_session_supported, true);
  // the library agrees (its discovery checks the issuer against the URL)
  assert.equal(clients.a.config.serverMetadata().issuer, server.url);

  const jwksRes = await fetch(d.jwks_uri);
  assert.equal(jwksRes.headers.get('set-cookie'), null);
  const jwks = await jwksRes.json();
  assert.ok(jwks.keys.length >= 1);
  const es = jwks.keys.find((k) => k.alg === 'ES256');
  assert.ok(es, JSON.stringify(jwks));
  assert.equal(es.kty, 'EC');
  assert.equal(es.crv, 'P-256');
  assert.ok(es.kid);
  for (const k of jwks.keys) {
    for (const priv of ['d', 'p', 'q', 'dp', 'dq', 'qi']) assert.ok(!(priv in k), `private ${priv} published`);
  }
});

test('code + PKCE S256: the login page first, back to the client; the library validates the ID token', async () => {
  const a = await authorize(clients.a);
  // the way went through the login page with the request kept in next
  assert.ok(a.seen.some((u) => /\/accedi\?(.*&)?next=/.test(u)), a.seen.join('\n'));
  assert.equal(a.landed.origin + a.landed.pathname, `${rp.url}/cb`);
  assert.equal(a.landed.searchParams.get('state'), a.state);
  assert.equal(a.landed.searchParams.get('iss'), server.url);
  assert.ok(a.landed.searchParams.get('code'));
  const tokens = await exchange(clients.a, a);
  assert.equal(tokens.token_type.toLowerCase(), 'bearer');
  assert.ok(tokens.expires_in > 0 && tokens.expires_in <= 300, String(tokens.expires_in));
  assert.ok(tokens.refresh_token);
  const c = tokens.claims();
  assert.equal(c.iss, server.url);
  assert.equal(c.aud, clients.a.id);
  assert.equal(c.nonce, a.nonce);
  assert.match(c.sub, /^[0-9a-f]{64}$/);
  assert.equal(c.acr, ACR_L1);
  assert.ok(Array.isArray(c.amr) && c.amr.length > 0, JSON.stringify(c.amr));
  assert.ok(Math.abs(c.auth_time - Date.now() / 1000) < 120, String(c.auth_time));
  assert.ok(c.sid);
  assert.equal(jose.decodeProtectedHeader(tokens.id_token).alg, 'ES256');
  // the access token: an RFC 9068 JWT for this client
  const ah = jose.decodeProtectedHeader(tokens.access_token);
  assert.equal(ah.typ, 'at+jwt');
  const at = jose.decodeJwt(tokens.access_token);
  assert.equal(at.iss, server.url);
  assert.equal(at.client_id, clients.a.id);
  assert.equal(at.sub, c.sub);
});

test('userinfo: names, email, codice fiscale as TINIT-, birthdate; acr SpidL1 in the ID token', async () => {
  await ensureLoggedIn();
  const { tokens, claims } = await login(clients.a);
  assert.equal(claims.acr, ACR_L1);
  const u = await oc.fetchUserInfo(clients.a.config, tokens.access_token, claims.sub);
  assert.equal(u.sub, claims.sub);
  assert.equal(u.given_name, marco.given);
  assert.equal(u.family_name, marco.family);
  assert.equal(u.email, marco.email);
  assert.equal(u.email_verified, true);
  assert.equal(u[FISCAL_NUMBER], `TINIT-${marco.cf}`);
  assert.equal(u.birthdate, marco.born);
  // the public subject is the same for every client
  const other = await login(clients.b);
  assert.equal(other.claims.sub, claims.sub);
});

test('refresh: rotated on use; the old token used again revokes the family, the new one too', async () => {
  await ensureLoggedIn();
  const { tokens: t1, claims } = await login(clients.a);
  const r1 = t1.refresh_token;
  const t2 = await oc.refreshTokenGrant(clients.a.config, r1);
  assert.ok(t2.refresh_token && t2.refresh_token !== r1);
  assert.ok(t2.access_token && t2.access_token !== t1.access_token);
  assert.equal((await oc.fetchUserInfo(clients.a.config, t2.access_token, claims.sub)).sub, claims.sub);
  // the new one works
  const t3 = await oc.refreshTokenGrant(clients.a.config, t2.refresh_token);
  assert.ok(t3.refresh_token !== t2.refresh_token);
  const live = await oc.tokenIntrospection(clients.a.config, t3.refresh_token);
  assert.equal(live.active, true);
  // the first one again: refused, and the whole family with it
  const reuse = await grantError(oc.refreshTokenGrant(clients.a.config, r1));
  assert.equal(reuse.error, 'invalid_grant');
  assert.equal(reuse.status, 400);
  const after = await grantError(oc.refreshTokenGrant(clients.a.config, t3.refresh_token));
  assert.equal(after.error, 'invalid_grant');
  assert.equal((await oc.tokenIntrospection(clients.a.config, t3.refresh_token)).active, false);
  // and the access tokens of the grant no longer open userinfo
  const ui = await userinfoRaw(t3.access_token);
  assert.equal(ui.status, 401);
  assert.match(ui.www, /error="invalid_token"/);
});

test('step-up: acr_values SpidL2 for a person with no second factor answers unmet_authentication_requirements', async () => {
  await ensureLoggedIn();
  const a = await authorize(clients.a, { acr_values: ACR_L2 });
  assert.equal(a.landed.origin + a.landed.pathname, `${rp.url}/cb`);
  assert.equal(a.landed.searchParams.get('error'), 'unmet_authentication_requirements');
  assert.equal(a.landed.searchParams.get('state'), a.state);
  assert.equal(a.landed.searchParams.get('iss'), server.url);
  assert.equal(a.landed.searchParams.get('code'), null);
  const e = await grantError(exchange(clients.a, a));
  assert.equal(e.error, 'unmet_authentication_requirements');
});

test('refused: a redirect URI not registered, or none, is told to the person, never redirected to', async () => {
  await ensureLoggedIn();
  const before = rp.hits.length;
  for (const redirect of [`${rp.url}/altrove`, `${rp.url}/cb/`, `${rp.url}/cb?x=1`, undefined]) {
    const p = {
      redirect_uri: redirect, scope: 'openid', state: oc.randomState(), nonce: oc.randomNonce(),
      code_challenge: await oc.calculatePKCECodeChallenge(oc.randomPKCECodeVerifier()),
      code_challenge_method: 'S256',
    };
    if (redirect === undefined) delete p.redirect_uri;
    const res = await page.goto(oc.buildAuthorizationUrl(clients.a.config, p).href);
    assert.ok(page.url().startsWith(`${server.url}/oidc/authorize`), `${redirect}: ${page.url()}`);
    assert.equal(res.status(), 400, String(redirect));
    assert.ok((await page.textContent('main')).trim().length > 0);
  }
  // an unknown client likewise
  const res = await fetch(`${server.url}/oidc/authorize?${new URLSearchParams({
    response_type: 'code', client_id: 'nessuno', redirect_uri: `${rp.url}/cb`, scope: 'openid',
    code_challenge: 'x'.repeat(43), code_challenge_method: 'S256', state: 's',
  })}`, { redirect: 'manual' });
  assert.equal(res.status, 400);
  assert.equal(res.headers.get('location'), null);
  assert.equal(rp.hits.length, before, JSON.stringify(rp.hits.slice(before)));
});

test('refused: PKCE missing, or plain, is invalid_request at the redirect URI', async () => {
  await ensureLoggedIn();
  const none = await authorize(clients.a, { code_challenge: undefined, code_challenge_method: undefined });
  assert.equal(none.landed.origin + none.landed.pathname, `${rp.url}/cb`);
  assert.equal(none.landed.searchParams.get('error'), 'invalid_request');
  assert.equal(none.landed.searchParams.get('state'), none.state);
  assert.equal(none.landed.searchParams.get('code'), null);
  const verifier = oc.randomPKCECodeVerifier();
  const plain = await authorize(clients.a, { code_challenge: verifier, code_challenge_method: 'plain' });
  assert.equal(plain.landed.searchParams.get('error'), 'invalid_request');
  assert.equal(plain.landed.searchParams.get('code'), null);
  // a verifier that does not match the challenge: invalid_grant
  const a = await authorize(clients.a);
  const wrong = await grantError(exchange(clients.a, { ...a, verifier: oc.randomPKCECodeVerifier() }));
  assert.equal(wrong.error, 'invalid_grant');
});

test('refused: a code used twice (and what it gave is revoked); an unknown code', async () => {
  await ensureLoggedIn();
  const a = await authorize(clients.a);
  const t1 = await exchange(clients.a, a);
  const again = await grantError(exchange(clients.a, a));
  assert.equal(again.error, 'invalid_grant');
  assert.equal(again.status, 400);
  const r = await grantError(oc.refreshTokenGrant(clients.a.config, t1.refresh_token));
  assert.equal(r.error, 'invalid_grant');
  assert.equal((await userinfoRaw(t1.access_token)).status, 401);
  // An expired code: waiting its 60 s out is too slow here (core/oidc's
  // unit tests drive the clock); a well-formed code varco never issued is
  // refused the same way.
  const unknown = new URL(a.landed);
  unknown.searchParams.set('code', crypto.randomBytes(32).toString('base64url'));
  const u = await grantError(exchange(clients.a, { ...a, landed: unknown }));
  assert.equal(u.error, 'invalid_grant');
});

test('refused: another client\'s code', async () => {
  await ensureLoggedIn();
  const a = await authorize(clients.a); // A's code, at the URI A and B share
  const e = await grantError(exchange(clients.b, a));
  assert.equal(e.error, 'invalid_grant');
  // B's own secret with A's id is no client at all
  const bad = await fetch(`${server.url}/oidc/token`, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      authorization: `Basic ${Buffer.from(`${clients.a.id}:${clients.b.secret}`).toString('base64')}`,
    },
    body: new URLSearchParams({
      grant_type: 'authorization_code', code: a.landed.searchParams.get('code'),
      redirect_uri: `${rp.url}/cb`, code_verifier: a.verifier,
    }),
  });
  assert.equal(bad.status, 401);
  assert.equal((await bad.json()).error, 'invalid_client');
});

test('refused: a tampered ID token fails the library\'s checks; a tampered or alg none access token gets 401', async () => {
  await ensureLoggedIn();
  // the token endpoint's answer with one character of the ID token's
  // signature changed on the way: the library checks it with the JWKS
  const tampering = new oc.Configuration(clients.a.config.serverMetadata(), clients.a.id,
    { client_secret: clients.a.secret, id_token_signed_response_alg: 'ES256' }, oc.ClientSecretBasic(clients.a.secret));
  oc.allowInsecureRequests(tampering);
  oc.enableNonRepudiationChecks(tampering);
  tampering[oc.customFetch] = async (url, options) => {
    const res = await fetch(url, options);
    if (!String(url).endsWith('/oidc/token') || res.status !== 200) return res;
    const body = await res.json();
    body.id_token = flipSignature(body.id_token);
    return new Response(JSON.stringify(body), { status: 200, headers: { 'content-type': 'application/json' } });
  };
  const a = await authorize(clients.a);
  await assert.rejects(exchange(clients.a, a, tampering), (e) => {
    assert.match(`${e.message}: ${e.cause && e.cause.message}`, /JWT signature verification failed/);
    return true;
  });

  const { tokens } = await login(clients.a);
  const good = await userinfoRaw(tokens.access_token);
  assert.equal(good.status, 200);
  assert.equal(good.cookie, null, 'a program calling userinfo is given no cookie');
  const flipped = await userinfoRaw(flipSignature(tokens.access_token));
  assert.equal(flipped.status, 401);
  assert.match(flipped.www, /^Bearer\b/);
  assert.match(flipped.www, /error="invalid_token"/);
  // the same claims, signed by nobody
  const [h, p] = tokens.access_token.split('.');
  const header = JSON.parse(Buffer.from(h, 'base64url').toString());
  for (const forged of [
    `${b64json({ ...header, alg: 'none' })}.${p}.`,
    `${b64json({ alg: 'none', typ: 'at+jwt' })}.${p}.`,
    `${b64json({ ...header, kid: 'sconosciuta' })}.${p}.${tokens.access_token.split('.')[2]}`,
  ]) {
    const r = await userinfoRaw(forged);
    assert.equal(r.status, 401, forged);
    assert.match(r.www, /error="invalid_token"/);
  }
  // nor as a POST form parameter, nor with no token at all
  const post = await fetch(`${server.url}/oidc/userinfo`, {
    method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ access_token: `${b64json({ alg: 'none' })}.${p}.` }),
  });
  assert.equal(post.status, 401);
  const missing = await fetch(`${server.url}/oidc/userinfo`);
  assert.equal(missing.status, 401);
  assert.match(missing.headers.get('www-authenticate') || '', /^Bearer/);
});

test('consent: a third-party client names itself and the claims; "Non consentire" is access_denied; once given, not asked again', async () => {
  await ensureLoggedIn();
  const redirect = `${rp.url}/cb-terzo`;
  let shown = '';
  const denied = await authorize(clients.c, {}, {
    redirect,
    consent: async (p) => {
      shown = await p.textContent('main');
      await checkA11y(p, 'the consent page');
      assert.equal(await p.locator('#claims li').count(), 5);
      await click('Non consentire');
    },
  });
  assert.match(shown, /Servizio Terzo/);
  assert.match(shown, /nome, cognome, data di nascita e codice fiscale/);
  assert.match(shown, /indirizzo email/);
  assert.match(shown, /numero di cellulare/);
  assert.equal(denied.landed.origin + denied.landed.pathname, redirect);
  assert.equal(denied.landed.searchParams.get('error'), 'access_denied');
  assert.equal(denied.landed.searchParams.get('state'), denied.state);

  const given = await authorize(clients.c, {}, { redirect, consent: async () => click(/^Consenti$/) });
  assert.equal(given.landed.origin + given.landed.pathname, redirect);
  const tokens = await exchange(clients.c, given);
  assert.equal(tokens.claims().aud, clients.c.id);

  // the second time straight back to the client, no page of varco's shown
  const again = await authorize(clients.c, {}, {
    redirect, consent: async () => assert.fail(`consent asked again: ${page.url()}`),
  });
  assert.equal(again.landed.origin + again.landed.pathname, redirect);
  assert.ok(again.landed.searchParams.get('code'));
  assert.ok(!again.seen.some((u) => u.startsWith(server.url) && !u.includes('/oidc/authorize')), again.seen.join('\n'));
  await exchange(clients.c, again);
});

test('Applicazioni collegate: services as cards, where the person is logged in, one application ended, a consent withdrawn', async () => {
  await ensureLoggedIn();
  const portal = addClient('Portale Servizi', ['--redirect', `${rp.url}/cb`, '--home', `${rp.url}/home`, '--first-party']);
  const { tokens, claims } = await login(clients.a);
  await page.goto(`${server.url}/area`);
  const card = page.locator(`[data-service="${portal.id}"] a`);
  assert.equal(await card.getAttribute('href'), `${rp.url}/home`);
  assert.match(await card.textContent(), /Portale Servizi/);

  await page.goto(`${server.url}/area/applicazioni`);
  await checkA11y(page, 'the connected applications');
  assert.equal(await page.locator('[data-app="app-uno"]').count(), 1);
  assert.equal(await page.locator('[data-consent="servizio-terzo"]').count(), 1);
  const before = rp.logoutTokens.length;
  await Promise.all([page.waitForNavigation({ waitUntil: 'load' }),
    page.locator('[data-app="app-uno"] button').first().click()]);
  assert.match(await page.textContent('#apps-done'), /Sei uscito dall'applicazione/);
  assert.equal(await page.locator('[data-app="app-uno"]').count(), 0);
  // its tokens are over, and it heard it on the back channel
  const r = await grantError(oc.refreshTokenGrant(clients.a.config, tokens.refresh_token));
  assert.equal(r.error, 'invalid_grant');
  await waitFor('the logout token of the ended login', async () =>
    rp.logoutTokens.slice(before).some((t) => jose.decodeJwt(t.token).sid === claims.sid));
  // varco's own session goes on
  await page.goto(`${server.url}/area`);
  assert.match(page.url(), /\/area$/);

  await page.goto(`${server.url}/area/applicazioni`);
  await Promise.all([page.waitForNavigation({ waitUntil: 'load' }),
    page.locator('[data-consent="servizio-terzo"] button').click()]);
  assert.match(await page.textContent('#apps-done'), /Consenso revocato/);
  assert.equal(await page.locator('#no-consents').count(), 1);
  assert.equal(await page.locator('[data-app="servizio-terzo"]').count(), 0);
  // the next authorization asks again
  let asked = false;
  const a = await authorize(clients.c, {}, {
    redirect: `${rp.url}/cb-terzo`,
    consent: async () => { asked = true; await click(/^Consenti$/); },
  });
  assert.ok(asked, 'consent not asked again after it was withdrawn');
  assert.ok(a.landed.searchParams.get('code'));
});

test('back-channel logout: the person logs out of varco; the client gets a signed logout token with the sid', async () => {
  await ensureLoggedIn();
  const { tokens, claims } = await login(clients.a);
  await page.goto(`${server.url}/area`);
  await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), page.click('form#logout [type=submit]')]);
  const got = await waitFor('a logout token with the sid', async () => {
    for (const t of rp.logoutTokens) {
      if (jose.decodeJwt(t.token).sid === claims.sid) return t;
    }
    return null;
  });
  assert.match(got.type, /^application\/x-www-form-urlencoded/);
  const jwks = jose.createRemoteJWKSet(new URL(clients.a.config.serverMetadata().jwks_uri));
  const { payload, protectedHeader } = await jose.jwtVerify(got.token, jwks, {
    issuer: server.url, audience: clients.a.id, algorithms: ['ES256'], typ: 'logout+jwt',
  });
  assert.deepEqual(payload.events, { [BCL_EVENT]: {} });
  assert.equal(payload.sid, claims.sid);
  assert.equal(payload.sub, claims.sub);
  assert.ok(payload.jti && payload.iat);
  assert.ok(!('nonce' in payload));
  assert.equal(protectedHeader.alg, 'ES256');
  // a forged one (signature changed) would not verify
  await assert.rejects(jose.jwtVerify(flipSignature(got.token), jwks, { issuer: server.url, audience: clients.a.id }));
  // the grant is over
  const r = await grantError(oc.refreshTokenGrant(clients.a.config, tokens.refresh_token));
  assert.equal(r.error, 'invalid_grant');
});

test('RP-initiated logout: the person confirms, varco\'s session ends, back to the client with its state', async () => {
  await ensureLoggedIn();
  const { tokens } = await login(clients.a);
  const state = oc.randomState();
  const url = oc.buildEndSessionUrl(clients.a.config, {
    id_token_hint: tokens.id_token, post_logout_redirect_uri: `${rp.url}/uscito`, state,
  });
  await page.goto(url.href);
  assert.ok(page.url().startsWith(`${server.url}/oidc/logout`), page.url());
  assert.match(await page.textContent('main'), /App Uno/);
  await checkA11y(page, 'the logout confirmation');
  await Promise.all([page.waitForNavigation({ waitUntil: 'load' }),
    page.locator('#logout-confirm').getByRole('button', { name: 'Esci' }).click()]);
  await backToApp();
  const back = new URL(page.url());
  assert.equal(back.origin + back.pathname, `${rp.url}/uscito`);
  assert.equal(back.searchParams.get('state'), state);
  // varco's session is over
  await page.goto(`${server.url}/area`);
  assert.match(page.url(), /\/accedi\?next=/);
  const r = await grantError(oc.refreshTokenGrant(clients.a.config, tokens.refresh_token));
  assert.equal(r.error, 'invalid_grant');
  // a post-logout URI not registered is not followed
  await ensureLoggedIn();
  const again = await login(clients.a);
  await page.goto(oc.buildEndSessionUrl(clients.a.config, {
    id_token_hint: again.tokens.id_token, post_logout_redirect_uri: `${rp.url}/altrove`, state,
  }).href);
  assert.ok(page.url().startsWith(server.url), page.url());
  assert.ok(!rp.hits.some((h) => h.path === '/altrove'));
});

test('step-up: with an authenticator app, acr_values SpidL2 asks its code after the PIN and gives acr SpidL2', async () => {
  // enrol the app (second_factor.test.js walks the page in full)
  await ensureLoggedIn();
  const before = await login(clients.a);
  await page.goto(`${server.url}/area`);
  await click('Attiva la verifica in due passaggi', 'link');
  const secret = await page.locator('[data-totp-secret]').getAttribute('data-totp-secret');
  await page.getByLabel('Codice dell\'app').fill(totp(secret));
  await click('Attiva la verifica in due passaggi');
  assert.match(await page.textContent('h1'), /codici di recupero/i);
  await page.goto(`${server.url}/area`);
  await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), page.click('form#logout [type=submit]')]);
  let asked = false;
  const a = await authorize(clients.a, { acr_values: ACR_L2 }, {
    secondFactor: async () => {
      asked = true;
      // a later step's code: the enrolment's own is spent
      await page.getByLabel('Codice dell\'app o codice di recupero').fill(totp(secret, Date.now() + 30000));
      await click('Entra');
    },
  });
  assert.ok(asked, `the app's code was not asked: ${a.seen.join('\n')}`);
  assert.equal(a.landed.origin + a.landed.pathname, `${rp.url}/cb`, a.seen.join('\n'));
  const c = (await exchange(clients.a, a)).claims();
  assert.equal(c.acr, ACR_L2);
  assert.ok(c.amr.includes('otp'), JSON.stringify(c.amr));
  assert.equal(c.sub, before.claims.sub);
});
