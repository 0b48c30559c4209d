// SPDX-License-Identifier: AGPL-3.0-or-later
// Open redirects (issue 8, item 10): a `next` that a browser would read as
// another site never leaves this one -- on the language switch and after a
// login -- checked in Chromium, which drops tabs inside URLs.
'use strict';

const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { startServer, launchBrowser } = require('./support');
const J = require('./journey');

const HOSTILE = ['/%09/evil.example', '/%0a/evil.example', '/%5Cevil.example', '//evil.example',
  '/%2F/evil.example', '/%252F%252Fevil.example', '/%20/evil.example', 'https://evil.example/'];

let server;
let browser;
before(async () => {
  server = await startServer();
  browser = await launchBrowser();
});
after(async () => {
  if (browser) await browser.close();
  if (server) await server.stop();
});

test('the language switch stays on this site whatever next says', async () => {
  const ctx = await browser.newContext();
  const page = await ctx.newPage();
  const origin = new URL(server.url).origin;
  for (const next of HOSTILE) {
    const res = await fetch(`${server.url}/lingua?l=en&next=${next}`, { redirect: 'manual' });
    assert.equal(res.status, 303);
    const where = new URL(res.headers.get('location'), server.url);
    assert.equal(where.origin, origin, `${next} -> ${res.headers.get('location')}`);
    // and as the browser follows it
    await page.goto(`${server.url}/lingua?l=en&next=${next}`).catch(() => {});
    assert.equal(new URL(page.url()).origin, origin, `${next}: the browser went to ${page.url()}`);
  }
  await ctx.close();
});

test('after a login, a hostile next lands in the area', async () => {
  const ctx = await browser.newContext();
  const page = await ctx.newPage();
  const m = { matricola: '100010', cf: 'BRNLSE77S47A662R', email: 'redirect@example.org', password: 'Girasole!74', signIn: false };
  await J.register(page, server, m);
  await ctx.close();
  const origin = new URL(server.url).origin;
  for (const next of HOSTILE) {
    // the form as the browser gets it: the hidden next it would send back
    const form = await fetch(`${server.url}/accedi?next=${next}`);
    const html = await form.text();
    const csrf = /name="csrf" value="([^"]+)"/.exec(html)[1];
    const hidden = /name="next" value="([^"]*)"/.exec(html);
    const cookie = form.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
    const res = await fetch(`${server.url}/accedi`, {
      method: 'POST', redirect: 'manual',
      headers: { cookie, origin, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        csrf, username: m.email, password: m.password,
        next: hidden ? hidden[1].replace(/&#9;/g, '\t') : decodeURIComponent(next),
      }),
    });
    assert.equal(res.status, 303);
    const where = new URL(res.headers.get('location'), server.url);
    assert.equal(where.origin, origin, `${next} -> ${res.headers.get('location')}`);
  }
});
