// SPDX-License-Identifier: AGPL-3.0-or-later
// The steps of the journeys (enasarco, inps-pin) as a person does them in
// the browser, shared by the end-to-end tests and scripts/screenshots.
'use strict';

const assert = require('node:assert/strict');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { totp, pdfText } = require('./support');

// Clicks a form's button and waits for the page it leads to: the next
// document, not the one already loaded (on a busy machine the answer of a
// POST that hashes a password can come after a plain 'load' wait returns).
async function submit(page, selector) {
  await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), page.click(selector)]);
}

async function csrfOf(page) {
  return page.locator('input[name=csrf]').first().inputValue();
}

async function register(page, server, m) {
  await page.goto(`${server.url}/registrazione`);
  await page.fill('input[name=matricola]', m.matricola);
  await page.fill('input[name=codice_fiscale]', m.cf);
  await page.fill('input[name=email]', m.email);
  await page.fill('input[name=password]', m.password);
  await page.fill('input[name=password_confirm]', m.passwordConfirm ?? m.password);
  if (m.privacy !== false) await page.check('input[name=privacy]');
  await submit(page, 'form#register [type=submit]');
  // Registration answers "check your email" whether or not the person had
  // an account already; the person then signs in (unless told not to).
  if (page.url().endsWith('/registrazione/inviata') && m.signIn !== false) {
    await login(page, server, m.email, m.password);
  }
}

async function confirmEmail(page, server, email) {
  const mail = await server.waitMail(email, /.+/);
  const link = mail.links.find((l) => l.includes('/conferma-email?t='));
  assert.ok(link, `no confirmation link in:\n${mail.text}`);
  await page.goto(link);
  await page.click('form#confirm [type=submit]');
  await page.waitForLoadState('load');
  return link;
}

async function login(page, server, email, password) {
  await page.goto(`${server.url}/accedi`);
  await page.fill('input[name=username]', email);
  await page.fill('input[name=password]', password);
  await submit(page, 'form#login [type=submit]');
}

// Downloads the identification form and returns its path and text.
async function downloadForm(page, server) {
  await page.goto(`${server.url}/area/modulo`);
  const [dl] = await Promise.all([
    page.waitForEvent('download'),
    page.click('a[href="/area/modulo.pdf"]'),
  ]);
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'varco-dl-')), 'modulo.pdf');
  await dl.saveAs(file);
  return { file, text: pdfText(file) };
}

async function uploadForm(page, server, file) {
  await page.goto(`${server.url}/area/modulo`);
  await page.setInputFiles('input[name=documento]', file);
  await submit(page, 'form#upload [type=submit]');
}

// Operator login with password, TOTP enrolment the first time, TOTP after,
// and at the first login the password of their own that replaces the one
// the administrator set. op: one of server.operators (default: tester).
// onPage(label), if given, is awaited on each page of the way (the
// accessibility check of a11y.test.js).
async function operatorLogin(page, server, op = server.operators.tester, onPage = async () => {}) {
  await page.goto(`${server.url}/backoffice/accedi`);
  await onPage('/backoffice/accedi');
  await page.fill('input[name=username]', op.username);
  await page.fill('input[name=password]', op.password);
  await submit(page, 'form#login [type=submit]');
  assert.match(page.url(), /\/backoffice\/2fa/);
  const secretEl = page.locator('[data-totp-secret]');
  if (await secretEl.count()) {
    op.totpSecret = (await secretEl.getAttribute('data-totp-secret')).trim();
  }
  assert.ok(op.totpSecret, 'no TOTP secret shown at enrolment');
  await onPage('/backoffice/2fa');
  // A code is accepted once: take a later step's code (the window allows
  // one step ahead) when this step's was used already.
  let at = Date.now();
  let code = totp(op.totpSecret, at);
  if (op.lastStep !== undefined && Math.floor(at / 30000) <= op.lastStep) {
    at = (op.lastStep + 1) * 30000;
    code = totp(op.totpSecret, at);
  }
  op.lastStep = Math.floor(at / 30000);
  await page.fill('input[name=codice]', code);
  await submit(page, 'form#totp [type=submit]');
  if (/\/backoffice\/password/.test(page.url())) {
    await onPage('/backoffice/password');
    const fresh = `${op.password}-mio`;
    await page.fill('input[name=old_password]', op.password);
    await page.fill('input[name=password]', fresh);
    await page.fill('input[name=password_confirm]', fresh);
    await submit(page, 'form#password-change [type=submit]');
    op.password = fresh;
  }
  assert.match(page.url(), /\/backoffice(\/sportello)?\/?$/); // a desk lands on its own page
}

// Opens the case of the member (by case number) from the queue.
async function openCase(page, server, caseNumber) {
  await page.goto(`${server.url}/backoffice`);
  const row = page.locator('tr', { hasText: caseNumber });
  await row.locator('a').first().click();
  await page.waitForLoadState('load');
}

// inps-pin, istanze: registration with personal data (and, given one, a
// password), by the visible labels.
async function registerPerson(page, server, p) {
  await page.goto(`${server.url}/registrazione`);
  await registerPersonFields(page, p);
  await Promise.all([page.waitForNavigation({ waitUntil: 'load' }),
    page.getByRole('button', { name: /Registrati|Invia/ }).click()]);
}

// The same fields on the page already open (a procurator's PIN request:
// web/register_fields.html), without sending them.
async function registerPersonFields(page, p) {
  await page.getByLabel('Codice fiscale').fill(p.cf);
  await page.getByLabel('Nome', { exact: true }).fill(p.given);
  await page.getByLabel('Cognome').fill(p.family);
  await page.getByText(p.sex === 'F' ? 'Femmina' : 'Maschio', { exact: true }).click();
  await page.getByLabel('Data di nascita').fill(p.born);
  await page.getByLabel('Comune di nascita, o Stato estero').fill(p.place);
  await page.getByLabel('Provincia di nascita').fill(p.placeProvince);
  await page.getByLabel('Indirizzo di residenza (via e numero civico)').fill(p.address);
  await page.getByLabel('CAP').fill(p.postcode);
  await page.getByLabel('Comune di residenza').fill(p.city);
  await page.getByLabel('Provincia', { exact: true }).fill(p.province);
  await page.getByLabel('Email').fill(p.email);
  await page.getByLabel('Cellulare').fill(p.mobile);
  if (p.password) { // istanze: a password too
    await page.fill('input[name=password]', p.password);
    await page.fill('input[name=password_confirm]', p.password);
  }
  await page.locator('input[name=privacy]').check();
}

// inps-pin: the first half from the mail, the second from the registered letter.
function pinHalves(mailText, letterText) {
  const first = /\b([A-Z0-9]{4} [A-Z0-9]{4})\b/.exec(mailText);
  const second = /Seconda parte del PIN:\s+([A-Z0-9]{4} [A-Z0-9]{4})/.exec(letterText);
  assert.ok(first, `no first half in:\n${mailText}`);
  assert.ok(second, `no second half in:\n${letterText}`);
  return [first[1], second[1]];
}

// inps-pin: login by codice fiscale and the PIN (its two halves, or whole).
async function loginPin(page, server, cf, first, second) {
  await page.goto(`${server.url}/accedi`);
  await page.getByLabel('Codice fiscale').fill(cf);
  await page.getByLabel('Prima parte').fill(first);
  if (second !== undefined) await page.getByLabel('Seconda parte').fill(second);
  await Promise.all([page.waitForNavigation({ waitUntil: 'load' }),
    page.getByRole('button', { name: 'Accedi' }).click()]);
}

module.exports = {
  submit, csrfOf, register, confirmEmail, login, downloadForm, uploadForm, operatorLogin, openCase,
  registerPerson, registerPersonFields, pinHalves, loginPin,
};
