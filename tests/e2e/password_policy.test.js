// SPDX-License-Identifier: AGPL-3.0-or-later
// Password policy (issue 4): common and guessable passwords refused with the
// reason, beside the field, with or without JavaScript; with JavaScript a
// strength meter that asks the server's own rule, and a show-password toggle.
'use strict';

const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { startServer, launchBrowser, request } = require('./support');

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

test('the meter rates as the server does and the toggle shows the password', async () => {
  const ctx = await browser.newContext({ locale: 'it-IT' });
  const page = await ctx.newPage();
  await page.goto(`${server.url}/registrazione`);
  await page.fill('input[name=email]', 'maria.rossi@example.org');
  await page.locator('input[name=password]').pressSequentially('Password1');
  // the rating of the whole value, not of a prefix typed on a busy machine
  await page.waitForFunction(() => {
    const m = document.getElementById('f-password-meter');
    return m.dataset.fresh === 'true' && m.dataset.score === '0';
  });
  assert.match(await page.textContent('#f-password-meter'), /più usate/);
  await page.fill('input[name=password]', '');
  await page.locator('input[name=password]').pressSequentially('Girasole!74');
  await page.waitForFunction(() => {
    const m = document.getElementById('f-password-meter');
    return m.dataset.fresh === 'true' && Number(m.dataset.score) >= 3;
  });
  assert.doesNotMatch(await page.textContent('#f-password-meter'), /indovinar/);

  const toggle = page.locator('#f-password + button.password-reveal');
  assert.equal(await toggle.textContent(), 'Mostra');
  await toggle.click();
  assert.equal(await page.getAttribute('#f-password', 'type'), 'text');
  assert.equal(await toggle.getAttribute('aria-pressed'), 'true');
  await toggle.click();
  assert.equal(await page.getAttribute('#f-password', 'type'), 'password');
  // left shown, the field is hidden again when the form is sent
  await toggle.click();
  await page.evaluate(() => {
    const f = document.getElementById('register');
    f.addEventListener('submit', (e) => e.preventDefault());
    f.requestSubmit();
  });
  assert.equal(await page.getAttribute('#f-password', 'type'), 'password');
  assert.equal(await page.locator('#f-password_confirm + button.password-reveal').count(), 1);
  await page.goto(`${server.url}/accedi`);
  assert.equal(await page.locator('#f-password + button.password-reveal').count(), 1);
  await ctx.close();
});

test('without JavaScript: no toggle, no meter, the reason beside the field', async () => {
  const ctx = await browser.newContext({ locale: 'it-IT', javaScriptEnabled: false });
  const page = await ctx.newPage();
  await page.goto(`${server.url}/registrazione`);
  assert.equal(await page.locator('button.password-reveal').count(), 0);
  assert.equal(await page.locator('#f-password-meter').isVisible(), false);
  await page.fill('input[name=matricola]', '100001');
  await page.fill('input[name=codice_fiscale]', 'RSSMRA80A41F205B');
  await page.fill('input[name=email]', 'maria.rossi@example.org');
  await page.fill('input[name=password]', 'Rossi1980');
  await page.fill('input[name=password_confirm]', 'Rossi1980');
  await page.check('input[name=privacy]');
  const [res] = await Promise.all([
    page.waitForResponse((r) => r.url().endsWith('/registrazione') && r.request().method() === 'POST'),
    page.click('form#register [type=submit]'),
  ]);
  assert.equal(res.status(), 422);
  const described = await page.getAttribute('#f-password', 'aria-describedby');
  assert.match(described, /e-password/);
  assert.match(await page.textContent('#e-password'), /tuoi dati/);
  await ctx.close();
});

test('the meter endpoint wants the CSRF token and never echoes the password', async () => {
  const form = await request(server, '/registrazione');
  const csrf = /name="csrf" value="([^"]+)"/.exec(form.text)[1];
  const cookie = form.cookies.join('; ');
  const denied = await request(server, '/password/valuta', { cookie, body: { password: 'Password1' } });
  assert.equal(denied.status, 403);
  const r = await request(server, '/password/valuta', { cookie, body: { csrf, password: 'qwerty123456' } });
  assert.equal(r.status, 200);
  const j = JSON.parse(r.text);
  assert.equal(j.ok, false);
  assert.ok(j.score <= 1);
  assert.ok(!r.text.includes('qwerty123456'));
  const en = await request(server, '/password/valuta', {
    cookie: `${cookie}; varco_lang=en`, body: { csrf, password: 'Tramonto-sul-Lago-42' },
  });
  assert.equal(JSON.parse(en.text).ok, true);
});
