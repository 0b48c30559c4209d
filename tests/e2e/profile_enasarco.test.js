// SPDX-License-Identifier: AGPL-3.0-or-later
// The inEnasarco journey of seeds 000 and 001, end to end in a real browser,
// as a member and as an operator: register -> confirm the email -> download
// the identification form -> upload it -> the operator rejects it with
// reasons -> upload again -> the operator accepts -> the activation letter
// (PDF) arrives -> enter the code -> full menu.
'use strict';

const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { startServer, launchBrowser, pdfText, waitFor } = require('./support');
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

test('the whole enasarco journey, member and operator', async () => {
  const member = await browser.newContext({ locale: 'it-IT', acceptDownloads: true });
  const operator = await browser.newContext({ locale: 'it-IT' });
  const page = await member.newPage();
  const op = await operator.newPage();
  const email = 'maria.rossi@example.org';
  const password = 'Segreta2024';

  // 1. registration: limited area, the confirmation mail is on its way
  await J.register(page, server, { matricola: '100001', cf: 'rssmra80a41f205b', email, password });
  assert.match(page.url(), /\/area$/);
  assert.match(await page.textContent('main'), /conferma|email/i);

  // 2. the form does not exist before the email is confirmed
  const early = await page.request.get(`${server.url}/area/modulo.pdf`, { maxRedirects: 0 });
  assert.notEqual(early.status(), 200);

  // 3. confirm the email from the mail's link
  await J.confirmEmail(page, server, email);
  assert.match(await page.textContent('main'), /confermat/i);
  const instructions = await server.waitMail(email, /modulo|identificazione/i);
  assert.match(instructions.text, /ID-\d{4}-\d{6}/);

  // 4. download the identification form: a real PDF with the member's data
  const form = await J.downloadForm(page, server);
  const caseNumber = /ID-\d{4}-\d{6}/.exec(form.text)[0];
  assert.match(form.text, /ROSSI|Rossi/);
  assert.match(form.text, /RSSMRA80A41F205B/);
  assert.match(form.text, /100001/);

  // 5. upload it "signed"
  await J.uploadForm(page, server, form.file);
  assert.match(await page.textContent('main'), /ricevut|lavorazione|48/i);

  // 6. the operator logs in with password + TOTP (enrolment), finds the case
  await J.operatorLogin(op, server);
  assert.match(await op.textContent('main'), new RegExp(caseNumber));
  await J.openCase(op, server, caseNumber);
  assert.match(await op.textContent('main'), /RSSMRA80A41F205B/);
  const docLink = op.locator('a[href*="/documenti/"]').first();
  const docUrl = new URL(await docLink.getAttribute('href'), server.url).href;
  const doc = await op.request.get(docUrl);
  assert.equal(doc.status(), 200);
  assert.equal(doc.headers()['content-type'], 'application/pdf');

  // 7. reject with reasons: the member is told why and may send again
  await op.fill('textarea[name=motivi]', 'Manca la copia del documento di identità.');
  await Promise.all([op.waitForLoadState('load'), op.click('form#reject [type=submit]')]);
  // (the member had mails already: wait for this one, which the outbox
  // worker writes a moment after the click)
  const rejection = await waitFor('the rejection mail with the reasons',
    () => server.mailsTo(email).find((m) => /documento di identit/.test(m.text)));
  assert.match(rejection.text, /Manca la copia del documento di identità/);
  await page.goto(`${server.url}/area/modulo`);
  assert.match(await page.textContent('main'), /Manca la copia del documento/);
  await J.uploadForm(page, server, form.file);

  // 8. the operator accepts: the activation letter is queued to the residence address
  await J.openCase(op, server, caseNumber);
  await Promise.all([op.waitForLoadState('load'), op.click('form#accept [type=submit]')]);
  const [letter] = await server.waitLetters(1);
  const text = pdfText(letter);
  assert.match(text, /Via Torino 12/);
  assert.match(text, /20123/);
  assert.match(text, /Milano/);
  const code = /\b([A-Z0-9]{4}) ([A-Z0-9]{4}) ([A-Z0-9]{4})\b/.exec(text);
  assert.ok(code, `no activation code in the letter:\n${text}`);

  // 9. the member types the code (with the spaces of the letter): full menu
  await page.goto(`${server.url}/area/attivazione`);
  await page.fill('input[name=codice]', code[0]);
  await Promise.all([page.waitForLoadState('load'), page.click('form#activation [type=submit]')]);
  assert.match(page.url(), /\/area$/);
  assert.ok(await page.locator('[data-menu=full]').count(), 'full menu not shown');

  // 10. "I miei accessi" lists what happened, the audit chain is intact
  await page.goto(`${server.url}/area/accessi`);
  const history = await page.textContent('main');
  assert.ok((history.match(/<tr|\d{2}:\d{2}/g) || []).length >= 3, history);
  assert.match(server.cli(['audit', 'verify']), /intact/);

  // 11. the person logs out and in again: straight to the full menu
  await page.click('form#logout [type=submit]');
  await J.login(page, server, email, password);
  assert.ok(await page.locator('[data-menu=full]').count());
  await member.close();
  await operator.close();
});
