// SPDX-License-Identifier: AGPL-3.0-or-later
// Sessions (issue 4): an idle session expires on the server; the person goes
// back to the login page and, after logging in, to where they were.
'use strict';

const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { startServer, launchBrowser, sleep } = require('./support');
const J = require('./journey');

let server;
let browser;
before(async () => {
  server = await startServer({ VARCO_SECURITY_SESSION_IDLE_SECONDS: '2' });
  browser = await launchBrowser();
});
after(async () => {
  if (browser) await browser.close();
  if (server) await server.stop();
});

test('an expired session leads to the login page and back to where the person was', async () => {
  const ctx = await browser.newContext({ locale: 'it-IT' });
  const page = await ctx.newPage();
  const anna = { matricola: '100004', cf: 'FRRNNA55D50F839U', email: 'anna.ferrari@example.org', password: 'Girasole!74' };
  await J.register(page, server, anna);
  assert.match(page.url(), /\/area$/);
  await sleep(3000);
  await page.goto(`${server.url}/area/accessi`);
  assert.match(page.url(), /\/accedi\?next=\/area\/accessi$/);
  await page.fill('input[name=username]', anna.email);
  await page.fill('input[name=password]', anna.password);
  await Promise.all([page.waitForLoadState('load'), page.click('form#login [type=submit]')]);
  assert.match(page.url(), /\/area\/accessi$/);
  // a new session id at login: the cookie changed
  await ctx.close();
});

test('login rotates the session id and ends the old one', async () => {
  const jar = new Map();
  const keep = (res) => res.headers.getSetCookie().forEach((c) => {
    const [kv] = c.split(';');
    const [k, v] = kv.split('=');
    jar.set(k, v);
  });
  const cookie = () => [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
  async function login() {
    const path = jar.has('varco_session') ? '/area' : '/accedi';
    const page = await fetch(`${server.url}${path}`, { headers: { cookie: cookie() } });
    keep(page);
    const csrf = /name="csrf" value="([^"]+)"/.exec(await page.text())[1];
    const res = await fetch(`${server.url}/accedi`, {
      method: 'POST', redirect: 'manual',
      headers: { cookie: cookie(), 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ csrf, username: 'anna.ferrari@example.org', password: 'Girasole!74' }),
    });
    assert.equal(res.status, 303);
    keep(res);
    return jar.get('varco_session');
  }
  const first = await login();
  const second = await login();
  assert.notEqual(first, second);
  const old = await fetch(`${server.url}/area`, { headers: { cookie: `varco_session=${first}` }, redirect: 'manual' });
  assert.equal(old.status, 303, 'the old id no longer opens the area');
  const now = await fetch(`${server.url}/area`, { headers: { cookie: `varco_session=${second}` }, redirect: 'manual' });
  assert.equal(now.status, 200);
});
