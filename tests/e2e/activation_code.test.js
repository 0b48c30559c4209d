// SPDX-License-Identifier: AGPL-3.0-or-later
// The postal activation code (NIST 800-63A 4.4.1.6): five wrong codes void
// it, even the right code is then refused, and a new letter brings a new
// code that works.
'use strict';

const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { startServer, launchBrowser, pdfText } = require('./support');
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

function codeOf(letter) {
  const m = /\b([A-Z0-9]{4}) ([A-Z0-9]{4}) ([A-Z0-9]{4})\b/.exec(pdfText(letter));
  assert.ok(m, 'no code in the letter');
  return m[0];
}

async function typeCode(page, code) {
  await page.goto(`${server.url}/area/attivazione`);
  await page.fill('input[name=codice]', code);
  await Promise.all([page.waitForLoadState('load'), page.click('form#activation [type=submit]')]);
}

test('five wrong codes void the code; a new letter brings a working one', async () => {
  const member = await browser.newContext({ locale: 'it-IT', acceptDownloads: true });
  const operator = await browser.newContext({ locale: 'it-IT' });
  const page = await member.newPage();
  const op = await operator.newPage();
  const email = 'giulia.conti@example.org';
  await J.register(page, server, { matricola: '100012', cf: 'CNTGLI64R59C351N', email, password: 'Girasole!74' });
  await J.confirmEmail(page, server, email);
  const form = await J.downloadForm(page, server);
  const caseNumber = /ID-\d{4}-\d{6}/.exec(form.text)[0];
  await J.uploadForm(page, server, form.file);
  await J.operatorLogin(op, server);
  await J.openCase(op, server, caseNumber);
  await Promise.all([op.waitForLoadState('load'), op.click('form#accept [type=submit]')]);
  const [letter] = await server.waitLetters(1);
  const right = codeOf(letter);

  for (let i = 1; i <= 4; i++) {
    await typeCode(page, 'WXYZ WXYZ WXYZ');
    assert.match(page.url(), /\/area\/attivazione/);
    assert.match(await page.textContent('main'), new RegExp(String(5 - i)), `attempts left after ${i}`);
  }
  await typeCode(page, 'WXYZ WXYZ WXYZ');
  assert.ok(await page.locator('form[action="/area/attivazione/nuova-lettera"]').count(),
    'after the fifth wrong code a new letter is offered');
  // The page no longer offers a code field; even sent by hand, the right
  // code is refused.
  assert.equal(await page.locator('input[name=codice]').count(), 0, 'no code field once void');
  const csrf = await page.locator('input[name=csrf]').first().inputValue();
  const byHand = await page.request.post(`${server.url}/area/attivazione`, {
    form: { csrf, codice: right }, headers: { origin: server.url }, maxRedirects: 0,
  });
  assert.equal(byHand.status(), 422, 'a void code is refused');
  await page.goto(`${server.url}/area`);
  assert.equal(await page.locator('[data-menu=full]').count(), 0, 'a void code must not open the area');

  await page.goto(`${server.url}/area/attivazione`);
  await Promise.all([page.waitForLoadState('load'),
    page.click('form[action="/area/attivazione/nuova-lettera"] [type=submit]')]);
  const letters = await server.waitLetters(2);
  const second = letters.find((l) => l !== letter);
  const fresh = codeOf(second);
  assert.notEqual(fresh, right);
  await typeCode(page, fresh.toLowerCase().replace(/ /g, '-'));
  assert.ok(await page.locator('[data-menu=full]').count(), 'the new code opens the full menu');
  await member.close();
  await operator.close();
});
