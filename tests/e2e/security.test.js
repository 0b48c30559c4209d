// SPDX-License-Identifier: AGPL-3.0-or-later
// Cookies, CSRF and headers as DESIGN.md §5 says, checked on the wire.
'use strict';

const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { startServer } = require('./support');

let server;
before(async () => { server = await startServer(); });
after(async () => { if (server) await server.stop(); });

function cookiesOf(res) {
  return res.headers.getSetCookie();
}

async function loginForm() {
  const res = await fetch(`${server.url}/accedi`);
  const html = await res.text();
  const csrf = /name="csrf" value="([^"]+)"/.exec(html);
  const cookie = cookiesOf(res).map((c) => c.split(';')[0]).join('; ');
  return { res, csrf: csrf && csrf[1], cookie };
}

test('security headers on pages', async () => {
  const { res } = await loginForm();
  assert.equal(res.status, 200);
  const csp = res.headers.get('content-security-policy');
  assert.match(csp, /frame-ancestors 'none'/);
  assert.doesNotMatch(csp, /unsafe-inline/);
  assert.equal(res.headers.get('x-content-type-options'), 'nosniff');
  assert.equal(res.headers.get('referrer-policy'), 'no-referrer');
  assert.match(res.headers.get('cache-control'), /no-store/);
});

test('the CSRF cookie is HttpOnly, SameSite=Lax', async () => {
  const { res } = await loginForm();
  const c = cookiesOf(res).find((x) => /csrf/.test(x));
  assert.ok(c, 'no CSRF cookie');
  assert.match(c, /HttpOnly/i);
  assert.match(c, /SameSite=Lax/i);
  assert.match(c, /Path=\//);
});

test('a forged POST without the CSRF token is refused', async () => {
  const { cookie } = await loginForm();
  const res = await fetch(`${server.url}/accedi`, {
    method: 'POST', redirect: 'manual',
    headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
    body: 'username=maria.rossi%40example.org&password=whatever1',
  });
  assert.equal(res.status, 403);
  const wrong = await fetch(`${server.url}/accedi`, {
    method: 'POST', redirect: 'manual',
    headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
    body: `csrf=${'0'.repeat(64)}&username=a%40b.it&password=whatever1`,
  });
  assert.equal(wrong.status, 403);
});

test('a cross-site Origin is refused even with a token', async () => {
  const { cookie, csrf } = await loginForm();
  const res = await fetch(`${server.url}/accedi`, {
    method: 'POST', redirect: 'manual',
    headers: { cookie, origin: 'https://evil.example', 'content-type': 'application/x-www-form-urlencoded' },
    body: `csrf=${csrf}&username=a%40b.it&password=whatever1`,
  });
  assert.equal(res.status, 403);
});

test('the session cookie after login is HttpOnly, SameSite=Lax, and logout ends it on the server', async () => {
  // register through HTTP, then log in to get a session
  const form = await fetch(`${server.url}/registrazione`);
  const html = await form.text();
  const csrf = /name="csrf" value="([^"]+)"/.exec(html)[1];
  const cookie = cookiesOf(form).map((c) => c.split(';')[0]).join('; ');
  const body = new URLSearchParams({
    csrf, matricola: '100018', codice_fiscale: 'LMBFRC86M55A794X', email: 'f.lombardi@example.org',
    password: 'Girasole!74', password_confirm: 'Girasole!74', privacy: 'on',
  });
  const res = await fetch(`${server.url}/registrazione`, {
    method: 'POST', redirect: 'manual', body,
    headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
  });
  assert.equal(res.status, 303);
  // registration answers the same for everyone, so it opens no session
  assert.ok(!cookiesOf(res).some((c) => /varco_session=/.test(c)));
  const login = await fetch(`${server.url}/accedi`, {
    method: 'POST', redirect: 'manual',
    body: new URLSearchParams({ csrf, username: 'f.lombardi@example.org', password: 'Girasole!74' }),
    headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
  });
  assert.equal(login.status, 303);
  const session = cookiesOf(login).find((c) => /varco_session=/.test(c));
  assert.ok(session, 'no session cookie');
  assert.match(session, /HttpOnly/i);
  assert.match(session, /SameSite=Lax/i);
  const jar = [cookie, ...cookiesOf(login).map((c) => c.split(';')[0])].join('; ');
  const area = await fetch(`${server.url}/area`, { headers: { cookie: jar }, redirect: 'manual' });
  assert.equal(area.status, 200);
  const areaHtml = await area.text();
  const csrf2 = /name="csrf" value="([^"]+)"/.exec(areaHtml)[1];
  const out = await fetch(`${server.url}/esci`, {
    method: 'POST', redirect: 'manual', body: new URLSearchParams({ csrf: csrf2 }),
    headers: { cookie: jar, 'content-type': 'application/x-www-form-urlencoded' },
  });
  assert.equal(out.status, 303);
  // the old cookie no longer opens the area: the session ended on the server
  const again = await fetch(`${server.url}/area`, { headers: { cookie: jar }, redirect: 'manual' });
  assert.equal(again.status, 303);
  assert.match(again.headers.get('location'), /\/accedi/);
});

test('no page answers 500 to junk', async () => {
  for (const p of ['/area/%00', '/%2e%2e/%2e%2e/etc/passwd', '/static/../Makefile', '/dev/outbox/../../secrets.bin',
    '/conferma-email?t=%ff%fe', '/backoffice/casi/abc', '/lingua?l=xx&next=//evil.example']) {
    const res = await fetch(`${server.url}${p}`, { redirect: 'manual' });
    assert.ok(res.status < 500, `${p} -> ${res.status}`);
    if (res.status >= 300 && res.status < 400) {
      assert.doesNotMatch(res.headers.get('location') || '', /evil/);
    }
  }
  const big = await fetch(`${server.url}/accedi`, {
    method: 'POST', body: 'x='.padEnd(200000, 'a'),
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
  });
  assert.equal(big.status, 413);
});

test('healthz answers', async () => {
  const res = await fetch(`${server.url}/healthz`);
  assert.equal(res.status, 200);
});
