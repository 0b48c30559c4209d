// SPDX-License-Identifier: AGPL-3.0-or-later
// Recovering access alone (issue 4, seeds 000 and 001): password lost, username
// lost, both lost; the same answer whether or not an account exists.
'use strict';

const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { startServer, launchBrowser } = require('./support');
const J = require('./journey');

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

const luca = { matricola: '100003', cf: 'VRDLCU68M22L219A', email: 'luca.verdi@example.org', password: 'Vecchia2024' };

async function fresh() {
  const ctx = await browser.newContext({ locale: 'it-IT' });
  return { ctx, page: await ctx.newPage() };
}

async function submit(page, form) {
  await Promise.all([page.waitForLoadState('load'), page.click(`form#${form} [type=submit]`)]);
}

function bodyOf(html) { // what a person sees, without the per-request CSRF token
  return html.replace(/name="csrf" value="[^"]+"/g, '').replace(/<title>.*<\/title>/, '');
}

async function ask(path, fields) {
  const page = await fetch(`${server.url}${path}`);
  const csrf = /name="csrf" value="([^"]+)"/.exec(await page.text())[1];
  const cookie = page.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
  const res = await fetch(`${server.url}${path}`, {
    method: 'POST', redirect: 'manual', body: new URLSearchParams({ csrf, ...fields }),
    headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
  });
  return { status: res.status, body: bodyOf(await res.text()) };
}

test('password lost: a single-use link, a new password, a notice, other sessions ended', async () => {
  const a = await fresh();
  await J.register(a.page, server, luca);
  assert.match(a.page.url(), /\/area$/);
  await J.confirmEmail(a.page, server, luca.email); // links go to proven addresses only
  const other = await fresh(); // a session on another device
  await J.login(other.page, server, luca.email, luca.password);
  assert.match(other.page.url(), /\/area$/);

  const { ctx, page } = await fresh();
  await page.goto(`${server.url}/accedi`);
  await page.click('a[href="/recupero"]');
  await page.click('a[href="/recupero/password"]');
  await page.fill('input[name=email]', luca.email);
  await submit(page, 'recover');
  assert.match(await page.textContent('main'), /controlla la tua email/i);

  const mail = await server.waitMail(luca.email, /nuova password/i);
  const link = mail.links.find((l) => l.includes('/recupero/nuova-password?t='));
  assert.ok(link, mail.text);
  await page.goto(link);
  await page.fill('input[name=password]', 'corta');
  await page.fill('input[name=password_confirm]', 'corta');
  await submit(page, 'reset');
  assert.ok(await page.locator('[name=password][aria-describedby*=e-password]').count(), 'policy error beside the field');
  await page.fill('input[name=password]', 'Nuova2024x');
  await page.fill('input[name=password_confirm]', 'Nuova2024x');
  await submit(page, 'reset');
  assert.equal((await page.textContent('[data-username]')).trim(), luca.email);
  await server.waitMail(luca.email, /password.*cambiata/i);

  // the link is single use
  await page.goto(link);
  assert.match(await page.textContent('main'), /non è valido|già stato usato/i);
  // the other device's session ended; the old password no longer works, the new one does
  const area = await other.page.request.get(`${server.url}/area`, { maxRedirects: 0 });
  assert.equal(area.status(), 303);
  await J.login(page, server, luca.email, luca.password);
  assert.match(page.url(), /\/accedi/);
  await J.login(page, server, luca.email, 'Nuova2024x');
  assert.match(page.url(), /\/area$/);
  luca.password = 'Nuova2024x';
  await Promise.all([a.ctx.close(), other.ctx.close(), ctx.close()]);
});

test('username lost: codice fiscale and password show the username', async () => {
  const { ctx, page } = await fresh();
  await page.goto(`${server.url}/recupero/nome-utente`);
  await page.fill('input[name=codice_fiscale]', luca.cf.toLowerCase());
  await page.fill('input[name=password]', 'sbagliata1');
  await submit(page, 'recover');
  assert.ok(await page.locator('[name=codice_fiscale][aria-describedby]').count());
  await page.fill('input[name=password]', luca.password);
  await submit(page, 'recover');
  assert.equal((await page.textContent('[data-username]')).trim(), luca.email);
  await ctx.close();
});

test('both lost: codice fiscale -> link to the email of record -> new password and username', async () => {
  const { ctx, page } = await fresh();
  const before = server.mailsTo(luca.email).length;
  await page.goto(`${server.url}/recupero/entrambi`);
  await page.fill('input[name=codice_fiscale]', luca.cf);
  await submit(page, 'recover');
  assert.match(await page.textContent('main'), /controlla la tua email/i);
  const mail = await server.waitMail(luca.email, /nuova password/i, 2);
  assert.ok(server.mailsTo(luca.email).length > before);
  await page.goto(mail.links.find((l) => l.includes('/recupero/nuova-password?t=')));
  await page.fill('input[name=password]', 'Terza2024x');
  await page.fill('input[name=password_confirm]', 'Terza2024x');
  await submit(page, 'reset');
  assert.equal((await page.textContent('[data-username]')).trim(), luca.email);
  await ctx.close();
});

test('recovery requests answer the same whether or not an account exists', async () => {
  const known = await ask('/recupero/password', { email: luca.email });
  const unknown = await ask('/recupero/password', { email: 'nessuno@example.org' });
  assert.equal(known.status, unknown.status);
  assert.equal(known.body, unknown.body);
  const knownCf = await ask('/recupero/entrambi', { codice_fiscale: luca.cf });
  const unknownCf = await ask('/recupero/entrambi', { codice_fiscale: 'RSSMRA80A41F205B' });
  assert.equal(knownCf.status, unknownCf.status);
  assert.equal(knownCf.body, unknownCf.body);
});
