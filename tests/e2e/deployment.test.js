// SPDX-License-Identifier: AGPL-3.0-or-later
// How varco runs outside a developer's machine (issue 8, items 1, 4, 9):
// production is the default and dev mode cannot be exposed; behind an https
// base URL the cookies are __Host- and Secure and HSTS is sent; behind a
// trusted TLS proxy the client is the one the proxy names, never the
// proxy, and nobody else can name one.
'use strict';

const { test } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { execFileSync, spawnSync } = require('node:child_process');
const { startServer, request, BIN, ROOT } = require('./support');

function sql(server, q) {
  return execFileSync('sqlite3', ['-cmd', '.timeout 5000', path.join(server.dir, 'varco.db'), q], { encoding: 'utf8' }).trim();
}

// Every file and folder under dir, with its permission bits.
function modes(dir) {
  const out = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    out.push({ p, mode: fs.statSync(p).mode & 0o777 });
    if (e.isDirectory()) out.push(...modes(p));
  }
  return out;
}

async function wrongLogin(server, username, headers = {}) {
  const form = await request(server, '/accedi');
  const csrf = /name="csrf" value="([^"]+)"/.exec(form.text)[1];
  const body = new URLSearchParams({ csrf, username, password: 'sbagliata-davvero' }).toString();
  const res = await fetch(`${server.url}/accedi`, {
    method: 'POST', redirect: 'manual', body,
    headers: { cookie: form.cookies.join('; '), origin: server.url, 'content-type': 'application/x-www-form-urlencoded', ...headers },
  });
  return res.status;
}

test('production is the default: no /dev/outbox, no banner', async () => {
  const server = await startServer({ VARCO_DEV: null });
  try {
    const res = await fetch(`${server.url}/dev/outbox`);
    assert.equal(res.status, 404);
    const home = await (await fetch(`${server.url}/`)).text();
    assert.doesNotMatch(home, /varco-dev-banner/);
  } finally { await server.stop(); }
});

test('dev mode says so on every page and keeps its files to varco\'s own user', async () => {
  const server = await startServer();
  try {
    const home = await (await fetch(`${server.url}/accedi`)).text();
    assert.match(home, /class="varco-dev-banner"[^>]*>.*Modalità sviluppo/s);
    // a mail with a link in clear: registration's confirmation
    const form = await request(server, '/registrazione');
    const csrf = /name="csrf" value="([^"]+)"/.exec(form.text)[1];
    const res = await request(server, '/registrazione', {
      cookie: form.cookies.join('; '),
      body: { csrf, matricola: '100004', codice_fiscale: 'FRRNNA55D50F839U', email: 'anna.ferrari@example.org', password: 'Girasole!74', password_confirm: 'Girasole!74', privacy: 'on' },
    });
    assert.equal(res.status, 303);
    await server.waitMail('anna.ferrari@example.org', /.+/);
    const all = modes(server.dir);
    assert.ok(all.some((x) => x.p.endsWith('.eml')));
    for (const { p, mode } of all) assert.equal(mode & 0o077, 0, `${p} is ${mode.toString(8)}`);
  } finally { await server.stop(); }
});

test('dev mode refuses to listen beyond loopback or behind https', () => {
  const base = { PATH: process.env.PATH, VARCO_DEV: '1', VARCO_ASSETS_DIR: ROOT, VARCO_DATA_DIR: '/nonexistent' };
  for (const extra of [{ VARCO_LISTEN: '0.0.0.0:8080' }, { VARCO_BASE_URL: 'https://varco.example' }]) {
    const r = spawnSync(BIN, ['serve', '--check'], { env: { ...base, ...extra }, encoding: 'utf8' });
    assert.notEqual(r.status, 0, JSON.stringify(extra));
    assert.match(r.stderr, /dev = true/);
  }
  const ok = spawnSync(BIN, ['serve', '--check'], { env: { ...base, VARCO_DEV: '0', VARCO_LISTEN: '0.0.0.0:8080' }, encoding: 'utf8' });
  assert.equal(ok.status, 0, ok.stderr);
});

test('an https base URL makes the cookies __Host- and Secure and sends HSTS', async () => {
  const server = await startServer({ VARCO_DEV: null, VARCO_BASE_URL: 'https://varco.example' });
  try {
    const res = await fetch(`${server.url}/accedi`);
    const cookies = res.headers.getSetCookie();
    assert.ok(cookies.length > 0);
    for (const c of cookies) {
      assert.match(c, /^__Host-/, c);
      assert.match(c, /; Secure/i, c);
    }
    const hsts = res.headers.get('strict-transport-security');
    assert.ok(hsts, 'no HSTS');
    assert.ok(Number(/max-age=(\d+)/.exec(hsts)[1]) >= 31536000, hsts);
  } finally { await server.stop(); }
  const plain = await startServer();
  try {
    const res = await fetch(`${plain.url}/accedi`);
    assert.equal(res.headers.get('strict-transport-security'), null);
  } finally { await plain.stop(); }
});

test('behind a trusted proxy the audit and the limits see the client, not the proxy', async () => {
  const server = await startServer({ VARCO_TRUSTED_PROXIES: '127.0.0.1, 10.0.0.0/8' });
  try {
    assert.equal(await wrongLogin(server, 'nessuno@example.org', { 'x-forwarded-for': '198.51.100.9, 203.0.113.7, 10.1.2.3' }), 401);
    assert.equal(sql(server, "SELECT ip FROM audit_events WHERE action = 'login.fail' ORDER BY seq DESC LIMIT 1"), '203.0.113.7');
    assert.equal(await wrongLogin(server, 'nessuno@example.org', { forwarded: 'for=192.0.2.60;proto=https, for="[2001:db8:cafe::17]:4711"' }), 401);
    assert.equal(sql(server, "SELECT ip FROM audit_events WHERE action = 'login.fail' ORDER BY seq DESC LIMIT 1"), '2001:db8:cafe::17');
    // a chain it cannot read names nobody: the proxy stands
    assert.equal(await wrongLogin(server, 'nessuno@example.org', { 'x-forwarded-for': 'unknown' }), 401);
    assert.equal(sql(server, "SELECT ip FROM audit_events WHERE action = 'login.fail' ORDER BY seq DESC LIMIT 1"), '127.0.0.1');
  } finally { await server.stop(); }
});

test('without trusted proxies nobody can choose their address', async () => {
  const server = await startServer();
  try {
    assert.equal(await wrongLogin(server, 'nessuno@example.org', { 'x-forwarded-for': '203.0.113.7', forwarded: 'for=203.0.113.8' }), 401);
    assert.equal(sql(server, "SELECT ip FROM audit_events WHERE action = 'login.fail' ORDER BY seq DESC LIMIT 1"), '127.0.0.1');
  } finally { await server.stop(); }
});
