// SPDX-License-Identifier: AGPL-3.0-or-later
// Level 2 for members (issue 13 §3, core/second_factor.h), in a real browser
// by visible labels: a person walked to full access (the inps-pin journey,
// the shortest) enrols an authenticator app (QR code, secret in groups of
// four, a code to confirm), keeps ten recovery codes, logs out and in: the
// second factor is asked after the PIN, and the area shows level 2; a
// recovery code works once; a new app replaces the old; turning it off
// goes back to level 1. Every change is mailed. axe-core on each new page.
'use strict';

const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const path = require('node:path');
const { execFileSync } = require('node:child_process');
const { startServer, launchBrowser, totp, checkA11y, pdfText } = require('./support');
const J = require('./journey');

let server;
let browser;
let ctx;
let page;
before(async () => {
  server = await startServer({ VARCO_PROFILE: 'inps-pin' });
  browser = await launchBrowser();
  ctx = await browser.newContext({ locale: 'it-IT' });
  page = await ctx.newPage();
});
after(async () => {
  if (browser) await browser.close();
  if (server) await server.stop();
});

function sql(q) {
  return execFileSync('sqlite3', ['-cmd', '.timeout 5000', path.join(server.dir, 'varco.db'), q], { encoding: 'utf8' }).trim();
}

const marco = {
  cf: 'BNCMRC85C02H501Q', given: 'Marco', family: 'Bianchi', sex: 'M', born: '1985-03-02',
  place: 'Roma', placeProvince: 'RM', address: 'Via Appia 5', postcode: '00179', city: 'Roma',
  province: 'RM', email: 'marco.bianchi@example.org', mobile: '',
};
const PIN = 'Colosseo al tramonto';
const state = {};

async function click(name, role = 'button') {
  await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), page.getByRole(role, { name }).click()]);
}

async function logout() {
  await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), page.click('form#logout [type=submit]')]);
}

async function secondStep(code) {
  await page.getByLabel('Codice dell\'app o codice di recupero').fill(code);
  await click('Entra');
}

test('a person at full access sees level 1 and what level 2 gives', async () => {
  await J.registerPerson(page, server, marco);
  assert.match(page.url(), /\/registrazione\/inviata$/, await page.textContent('main'));
  const mail = await server.waitMail(marco.email, /prima parte/i);
  await server.waitLetters(1);
  const letter = server.letters().map((f) => pdfText(f)).find((t) => t.includes('Bianchi'));
  const [first, second] = J.pinHalves(mail.text, letter);
  await J.loginPin(page, server, marco.cf, first, second);
  await page.getByLabel('Nuovo PIN').fill(PIN);
  await page.getByLabel('Ripeti il PIN').fill(PIN);
  await click('Conferma il PIN');
  assert.match(page.url(), /\/area$/);
  assert.equal(await page.locator('#level [data-level]').textContent(), 'Livello 1');
  const offer = await page.textContent('#level2-offer');
  assert.match(offer, /Passa al livello 2/);
  assert.match(offer, /anche se qualcuno scopre la tua password/);
  assert.match(offer, /app di autenticazione/);
  await checkA11y(page, '/area (level 1)');
});

test('enrol an authenticator app: QR code, secret in groups of four, a code confirms', async () => {
  await click('Attiva la verifica in due passaggi', 'link');
  assert.match(page.url(), /\/area\/secondo-fattore$/);
  await checkA11y(page);
  const qr = await page.request.get(`${server.url}/area/secondo-fattore/qr.png`);
  assert.equal(qr.headers()['content-type'], 'image/png');
  state.secret = await page.locator('[data-totp-secret]').getAttribute('data-totp-secret');
  assert.match(await page.locator('#secret').textContent(), /^([A-Z2-7]{4} ){7}[A-Z2-7]{4}$/);
  // a reload shows the same key (it may be scanned already)
  await page.reload();
  assert.equal(await page.locator('[data-totp-secret]').getAttribute('data-totp-secret'), state.secret);
  // a wrong code is refused beside its field
  const right = totp(state.secret);
  await page.getByLabel('Codice dell\'app').fill(right === '000000' ? '111111' : '000000');
  await click('Attiva la verifica in due passaggi');
  assert.match(await page.textContent('#e-codice'), /codice/i);
  await checkA11y(page, '/area/secondo-fattore (wrong code)');
  await page.getByLabel('Codice dell\'app').fill(totp(state.secret));
  await click('Attiva la verifica in due passaggi');
  assert.match(await page.textContent('h1'), /codici di recupero/i);
  assert.match(await page.textContent('#second-factor-done'), /livello 2/);
  state.codes = await page.locator('#recovery-codes code').allTextContents();
  assert.equal(state.codes.length, 10);
  for (const c of state.codes) assert.match(c, /^[A-Z0-9]{5}-[A-Z0-9]{5}$/);
  assert.equal(new Set(state.codes).size, 10);
  // the download carries them; the print button is there
  const href = await page.getByRole('link', { name: 'Scarica i codici' }).getAttribute('href');
  assert.ok(decodeURIComponent(href).includes(state.codes[0]));
  assert.ok(await page.getByRole('button', { name: 'Stampa i codici' }).isVisible());
  await checkA11y(page, '/area/secondo-fattore (recovery codes)');
  // stored only as keyed hashes; the key sealed
  const stored = sql('SELECT group_concat(hash) FROM recovery_codes');
  for (const c of state.codes) assert.ok(!stored.includes(c.replace('-', '')));
  assert.match(sql('SELECT secret FROM second_factors'), /^s1:[0-9a-f]+$/);
  // level 2 at once in this session
  await click('Li ho conservati: torna all\'area riservata', 'link');
  assert.equal(await page.locator('#level [data-level]').textContent(), 'Livello 2');
  assert.equal(await page.locator('#level2-offer').count(), 0);
  const mail = await server.waitMail(marco.email, /verifica in due passaggi attivata/i);
  assert.match(mail.text, /\/area\/secondo-fattore/);
});

test('login asks the second factor after the PIN; the app code opens level 2', async () => {
  await logout();
  await J.loginPin(page, server, marco.cf, PIN);
  assert.match(page.url(), /\/accedi\/secondo-fattore$/);
  assert.match(await page.textContent('h1'), /Verifica in due passaggi/);
  await checkA11y(page);
  // nothing opens before it
  await page.goto(`${server.url}/area`);
  assert.match(page.url(), /\/accedi\?next=/);
  await page.goto(`${server.url}/accedi/secondo-fattore`);
  await secondStep('123 456');
  assert.match(await page.textContent('#e-codice'), /non è valido/);
  await checkA11y(page, '/accedi/secondo-fattore (wrong code)');
  // a code of the next step: the enrolment's own step is spent
  await secondStep(totp(state.secret, Date.now() + 30000));
  assert.match(page.url(), /\/area$/);
  assert.equal(await page.locator('#level [data-level]').textContent(), 'Livello 2');
  assert.equal(sql("SELECT amr FROM sessions WHERE kind = 'member'"), 'pwd otp');
  assert.equal(sql("SELECT level FROM sessions WHERE kind = 'member'"), 'full_2fa');
});

test('a recovery code works once, and the person is told how many remain', async () => {
  await logout();
  await J.loginPin(page, server, marco.cf, PIN);
  const code = state.codes[0];
  await secondStep(code.toLowerCase().replace('-', ' '));
  assert.match(page.url(), /\/area\?recupero=9$/);
  assert.match(await page.textContent('#recovery-used'), /te ne restano 9/);
  assert.equal(await page.locator('#level [data-level]').textContent(), 'Livello 2');
  await checkA11y(page, '/area (after a recovery code)');
  const mail = await server.waitMail(marco.email, /codice di recupero/i);
  assert.match(mail.text, /Te ne restano 9/);
  await logout();
  await J.loginPin(page, server, marco.cf, PIN);
  await secondStep(code);
  assert.match(page.url(), /\/accedi\/secondo-fattore$/, 'a spent code must not log in again');
  assert.match(await page.textContent('#e-codice'), /non è valido/);
  await secondStep(state.codes[1]);
  assert.match(page.url(), /\/area\?recupero=8$/);
  await page.goto(`${server.url}/area/accessi`);
  assert.match(await page.textContent('main'), /Accesso con un codice di recupero/);
});

test('a lost phone: a new app replaces the old one, with new recovery codes', async () => {
  await page.goto(`${server.url}/area/secondo-fattore`);
  assert.equal(await page.textContent('#codes-left'), '8');
  await checkA11y(page, '/area/secondo-fattore (enrolled)');
  await click('Collega una nuova app', 'link');
  assert.match(await page.textContent('#replacing'), /continua a funzionare/);
  const secret = await page.locator('[data-totp-secret]').getAttribute('data-totp-secret');
  assert.notEqual(secret, state.secret);
  await page.getByLabel('Codice dell\'app').fill(totp(secret));
  await click('Attiva la verifica in due passaggi');
  assert.match(await page.textContent('#second-factor-done'), /nuova app è collegata/);
  const codes = await page.locator('#recovery-codes code').allTextContents();
  await server.waitMail(marco.email, /nuova app/i);
  await logout();
  await J.loginPin(page, server, marco.cf, PIN);
  await secondStep(state.codes[2]);
  assert.match(page.url(), /\/accedi\/secondo-fattore$/, 'the old codes are void');
  await secondStep(codes[0]);
  assert.match(page.url(), /\/area\?recupero=9$/);
  state.secret = secret;
});

test('turning it off goes back to level 1; the PIN alone logs in', async () => {
  await page.goto(`${server.url}/area/secondo-fattore`);
  await click('Disattiva');
  assert.match(await page.textContent('#second-factor-removed'), /disattivata/);
  assert.equal(await page.locator('#level [data-level]').textContent(), 'Livello 1');
  await server.waitMail(marco.email, /disattivata/i);
  await logout();
  await J.loginPin(page, server, marco.cf, PIN);
  assert.match(page.url(), /\/area$/);
  // every change was mailed
  const subjects = server.mailsTo(marco.email).map((m) => m.subject);
  for (const re of [/attivata/, /codice di recupero/, /nuova app/i, /disattivata/]) {
    assert.ok(subjects.some((s) => re.test(s)), `no mail ${re} in ${subjects.join(' | ')}`);
  }
});
