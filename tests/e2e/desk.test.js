// SPDX-License-Identifier: AGPL-3.0-or-later
// Operators' roles (issue 12): the desk of one office logs in like every
// operator (password + TOTP, its first password replaced) and lands on its
// office's page; it opens no back-office page, and the back office opens
// no desk page. An office that does not exist gets no desk.
'use strict';

const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const path = require('node:path');
const { startServer, launchBrowser } = require('./support');
const J = require('./journey');

let server;
let browser;
before(async () => {
  server = await startServer();
  server.cli(['offices', 'import', path.join(__dirname, '..', '..', 'demo', 'offices.csv')]);
  server.addOperator('sportello.roma', { name: 'Sportello di Roma', role: 'desk', office: 'CNA-RM-001' });
  browser = await launchBrowser();
});
after(async () => {
  if (browser) await browser.close();
  if (server) await server.stop();
});

test('a desk lands on its office and sees no back-office page', async () => {
  const ctx = await browser.newContext({ locale: 'it-IT' });
  const page = await ctx.newPage();
  await J.operatorLogin(page, server, server.operators['sportello.roma']);
  assert.match(page.url(), /\/backoffice\/sportello$/);
  assert.equal(await page.locator('h1').textContent(), 'Sportello');
  assert.equal(await page.locator('#desk-office').getAttribute('data-office'), 'CNA-RM-001');
  assert.match(await page.textContent('#desk-office'), /CNA Roma Centro \(demo\)/);
  // its menu is its own
  const nav = await page.locator('.varco-bo-nav').textContent();
  assert.match(nav, /Sportello/);
  assert.doesNotMatch(nav, /Pratiche|Lettere|Messaggi/);
  // the back office's pages are not its pages
  for (const p of ['/backoffice/ricevute', '/backoffice/lettere', '/backoffice/outbox', '/backoffice/casi/1']) {
    const r = await page.goto(`${server.url}${p}`);
    assert.equal(r.status(), 403, `${p} answered ${r.status()} to a desk`);
  }
  // its home is its desk
  await page.goto(`${server.url}/backoffice`);
  assert.match(page.url(), /\/backoffice\/sportello$/);
  await ctx.close();
});

test('the back office opens no desk page', async () => {
  const ctx = await browser.newContext({ locale: 'it-IT' });
  const page = await ctx.newPage();
  await J.operatorLogin(page, server);
  const r = await page.goto(`${server.url}/backoffice/sportello`);
  assert.equal(r.status(), 403);
  assert.doesNotMatch(await page.locator('.varco-bo-nav').textContent(), /Sportello/);
  await ctx.close();
});

test('an office that does not exist gets no desk, said in words', () => {
  assert.throws(() => server.cli(['operator', 'add', 'sportello.nessuno', '--role', 'desk',
    '--office', 'CNA-XX-999', '--password-stdin'], 'Una-password-lunga-e-strana-42\n'),
  (e) => e.status === 1 && /office: A desk belongs to an office that exists/.test(e.stderr));
  assert.throws(() => server.cli(['operator', 'add', 'capo.ufficio', '--role', 'capo',
    '--password-stdin'], 'Una-password-lunga-e-strana-42\n'),
  (e) => e.status === 2 && /unknown role 'capo'/.test(e.stderr));
});
