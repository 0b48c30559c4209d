// SPDX-License-Identifier: AGPL-3.0-or-later
// What is refused leaves a trace (issue 8, items 8 and 13, and the password
// rule of the deployment): access-control denials, CSRF refusals and
// malformed requests are logged with the request id, but a flood does not
// become a flood of log lines; members see that an operator acted, never
// the operator's address; the password length is the deployment's policy.
'use strict';

const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { startServer, request } = require('./support');

let server;
before(async () => {
  server = await startServer({ VARCO_SECURITY_PASSWORD_MIN_LENGTH: '12' });
});
after(async () => { if (server) await server.stop(); });

const refusals = () => server.stderr.split('\n').filter((l) => / refused: /.test(l));

test('a CSRF refusal, a malformed body and an access denial are logged with the request id', async () => {
  const before0 = refusals().length;
  const form = await request(server, '/accedi');
  const forged = await request(server, '/accedi', {
    cookie: form.cookies.join('; '), body: { csrf: '0'.repeat(64), username: 'x@example.org', password: 'y' },
  });
  assert.equal(forged.status, 403);
  const bad = await fetch(`${server.url}/accedi`, {
    method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: form.cookies.join('; '), origin: server.url },
    body: 'username=%ZZ',
  });
  assert.equal(bad.status, 400);
  const denied = await request(server, '/area/sessioni/termina-altre', { cookie: form.cookies.join('; '), body: { csrf: 'x' } });
  assert.ok(denied.status === 403 || denied.status === 303);
  await new Promise((ok) => setTimeout(ok, 200));
  const lines = refusals().slice(before0);
  assert.ok(lines.some((l) => /refused: CSRF check POST \/accedi from 127\.0\.0\.1/.test(l)), lines.join('\n'));
  assert.ok(lines.some((l) => /refused: malformed body POST \/accedi/.test(l)), lines.join('\n'));
  // every line carries a request id: [32 hex]
  for (const l of lines) assert.match(l, /\[[0-9a-f]{32}\]/, l);
});

test('a flood of refusals does not flood the log', async () => {
  const before0 = refusals().length;
  await Promise.all(Array.from({ length: 400 }, () => fetch(`${server.url}/accedi`, {
    method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'username=a',
  })));
  await new Promise((ok) => setTimeout(ok, 200));
  const logged = refusals().length - before0;
  assert.ok(logged >= 1, 'nothing logged');
  assert.ok(logged <= 60, `${logged} lines for 400 refusals`);
});

test('the password length is the deployment\'s rule, said on the page and in the error', async () => {
  const form = await request(server, '/registrazione');
  assert.match(form.text, /Da 12 a 20 caratteri/);
  const csrf = /name="csrf" value="([^"]+)"/.exec(form.text)[1];
  const res = await request(server, '/registrazione', {
    cookie: form.cookies.join('; '),
    body: { csrf, matricola: '100002', codice_fiscale: 'BNCGPP75C12H501R', email: 'giuseppe.bianchi@example.org', password: 'Girasole!74', password_confirm: 'Girasole!74', privacy: 'on' },
  });
  assert.equal(res.status, 422);
  assert.match(res.text, /almeno 12 caratteri/);
});
