// SPDX-License-Identifier: AGPL-3.0-or-later
// Brute-force defences (issue 4): after a few failures the login, the
// registration and the recovery pages ask to wait (HTTP 429, Retry-After, a
// clear page in the person's language); the wait grows; the right password
// works again once it is over; every failure and refusal is in the owner's
// access history. Also the Istanze online variant of "password lost"
// (username + codice fiscale).
'use strict';

const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { startServer, launchBrowser, request, sleep } = require('./support');
const J = require('./journey');

let server;
let browser;
before(async () => {
  server = await startServer({ VARCO_SECURITY_RECOVERY_ASKS_CF: '1' });
  browser = await launchBrowser();
});
after(async () => {
  if (browser) await browser.close();
  if (server) await server.stop();
});

async function fresh(locale = 'it-IT') {
  const ctx = await browser.newContext({ locale });
  return { ctx, page: await ctx.newPage() };
}

const giulia = { matricola: '100012', cf: 'CNTGLI64R59C351N', email: 'giulia.conti@example.org', password: 'Girasole!74' };

test('login: five failures are free, then the page asks to wait, then the right password works', async () => {
  const { ctx, page } = await fresh();
  await J.register(page, server, giulia);
  assert.match(page.url(), /\/area$/);
  await page.click('form[action="/esci"] [type=submit]');

  const attempt = async (password) => {
    const [res] = await Promise.all([
      page.waitForResponse((r) => r.url().endsWith('/accedi') && r.request().method() === 'POST'),
      J.login(page, server, giulia.email, password),
    ]);
    return res;
  };
  // five failures are free; then waits of 1 s, 2 s, 4 s ... that someone
  // typing again soon runs into. A wait of 1 s is waited out (on a fast
  // machine every attempt would land inside it): the failure after it must
  // double the wait
  let limited = null;
  for (let i = 0; i < 12 && !limited; i++) {
    const res = await attempt(`Sbagliata${i}`);
    if (i < 5) assert.equal(res.status(), 401, `failure ${i + 1}`);
    const wait = Number(res.headers()['retry-after'] || 0);
    if (res.status() === 429 && wait >= 2) limited = res;
    else if (res.status() === 429) await sleep(1100 * wait);
  }
  assert.ok(limited, 'never asked to wait');
  assert.match(await page.textContent('h1'), /Troppi tentativi/);
  assert.match(await page.textContent('main'), /Riprova tra \d+ second/);
  assert.ok(await page.locator('a[href="/recupero"]').count());
  // while the wait lasts even the right password is refused: sent at once
  // over HTTP with the page's cookies (a whole browser login can take longer
  // than a 2 s wait on a busy machine, under ASan)
  const form = await page.request.get(`${server.url}/accedi`);
  const csrf = /name="csrf" value="([^"]+)"/.exec(await form.text())[1];
  limited = await page.request.post(`${server.url}/accedi`, {
    form: { csrf, username: giulia.email, password: giulia.password },
    headers: { origin: server.url }, maxRedirects: 0,
  });
  assert.equal(limited.status(), 429);

  await sleep(1100 * Number(limited.headers()['retry-after']));
  await J.login(page, server, giulia.email, giulia.password);
  assert.match(page.url(), /\/area$/);
  // the owner sees the failures and the refusal in "I miei accessi"
  await page.goto(`${server.url}/area/accessi`);
  const history = await page.textContent('main');
  assert.match(history, /rallentato/i);
  assert.ok((history.match(/non riuscit|fallit|errat/gi) || []).length >= 1, history);
  await ctx.close();
});

test('an unknown username is slowed down exactly like a real one (no enumeration)', async () => {
  const statuses = [];
  const from = '127.0.3.1';
  for (let i = 0; i < 7; i++) {
    const form = await request(server, '/accedi', { from });
    const csrf = /name="csrf" value="([^"]+)"/.exec(form.text)[1];
    const r = await request(server, '/accedi', {
      from, cookie: form.cookies.join('; '), body: { csrf, username: 'nessuno@example.org', password: `x${i}` },
    });
    statuses.push(r.status);
    if (r.status === 429) assert.ok(Number(r.headers['retry-after']) >= 1);
  }
  assert.deepEqual(statuses, [401, 401, 401, 401, 401, 401, 429]);
});

test('registration: repeated registry mismatches for one codice fiscale are slowed down, in English too', async () => {
  const { ctx, page } = await fresh('en-GB');
  let last;
  // 6 failures are free; then waits of 1 s, 2 s, 4 s ... which a person
  // filling the form again soon runs into
  for (let i = 0; i < 10; i++) {
    await page.goto(`${server.url}/registrazione`);
    await page.fill('input[name=matricola]', `99999${i}`);
    await page.fill('input[name=codice_fiscale]', 'RSSMRA80A41F205B');
    await page.fill('input[name=email]', 'tentativo@example.org');
    await page.fill('input[name=password]', 'Girasole!74');
    await page.fill('input[name=password_confirm]', 'Girasole!74');
    await page.check('input[name=privacy]');
    [last] = await Promise.all([
      page.waitForResponse((r) => r.url().endsWith('/registrazione') && r.request().method() === 'POST'),
      page.click('form#register [type=submit]'),
    ]);
    await page.waitForLoadState('load');
    if (i < 6) assert.equal(last.status(), 422, `attempt ${i + 1}`);
    if (last.status() === 429) break;
  }
  assert.equal(last.status(), 429);
  assert.match(await page.textContent('h1'), /Too many attempts/);
  await ctx.close();
});

test('the Istanze variant: username and codice fiscale must match for a reset link', async () => {
  const paola = { matricola: '100018', cf: 'LMBFRC86M55A794X', email: 'f.lombardi@example.org', password: 'Girasole!74' };
  const a = await fresh();
  await J.register(a.page, server, paola);
  await J.confirmEmail(a.page, server, paola.email); // links go to proven addresses only
  await a.ctx.close();
  const { ctx, page } = await fresh();
  const ask = async (email, cf) => {
    await page.goto(`${server.url}/recupero/password`);
    await page.fill('input[name=email]', email);
    await page.fill('input[name=codice_fiscale]', cf);
    await Promise.all([page.waitForLoadState('load'), page.click('form#recover [type=submit]')]);
    return page.textContent('main');
  };
  const wrong = await ask(paola.email, 'RSSMRA80A41F205B'); // someone else's codice fiscale
  const right = await ask(paola.email, paola.cf.toLowerCase());
  assert.equal(wrong, right, 'the page must not say which one matched');
  const mail = await server.waitMail(paola.email, /password/i);
  assert.equal(server.mailsTo(paola.email).filter((m) => m.links.some((l) => l.includes('nuova-password'))).length, 1);
  const link = mail.links.find((l) => l.includes('/recupero/nuova-password?t='));
  await page.goto(link);
  await page.fill('input[name=password]', 'NuovaPassword7');
  await page.fill('input[name=password_confirm]', 'NuovaPassword7');
  await Promise.all([page.waitForLoadState('load'), page.click('form#reset [type=submit]')]);
  assert.match(await page.textContent('main'), /f\.lombardi@example\.org/);
  await ctx.close();
});
