// SPDX-License-Identifier: AGPL-3.0-or-later
// The INPS PIN journey of seed 003, end to end in a real browser, by visible
// labels: registration with personal data that the codice fiscale must
// agree with -> the first half of the PIN by email (and SMS) -> the second
// by registered letter (a PDF with its tracking number) -> login with
// codice fiscale + the two halves -> a personal PIN, forced -> full area.
// Then a lost PIN, the contact centre, and letters followed by the back
// office (a returned letter tells the person to check the address).
'use strict';

const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { startServer, launchBrowser, pdfText } = require('./support');
const J = require('./journey');

let server;
let browser;
before(async () => {
  server = await startServer({ VARCO_PROFILE: 'inps-pin' });
  browser = await launchBrowser();
});
after(async () => {
  if (browser) await browser.close();
  if (server) await server.stop();
});

// Computed with the Agenzia delle Entrate's rules (tests/unit/test_cf_person.c
// checks the same rules on many more names).
const giulia = {
  cf: 'SPSGLI90L55F839S', given: 'Giulia', family: 'Esposito', sex: 'F', born: '1990-07-15',
  place: 'Napoli', placeProvince: 'NA', address: 'Via Toledo 10', postcode: '80134', city: 'Napoli',
  province: 'NA', email: 'giulia.esposito@example.org', mobile: '333 123 4567',
};

async function fresh(locale = 'it-IT') {
  const ctx = await browser.newContext({ locale });
  return { ctx, page: await ctx.newPage() };
}

const register = (page, p) => J.registerPerson(page, server, p);
const halves = J.pinHalves;
const loginPin = (page, cf, first, second) => J.loginPin(page, server, cf, first, second);

function lettersTo(name) {
  return server.letters().map((f) => ({ f, text: pdfText(f) })).filter((l) => l.text.includes(name));
}

test('the codice fiscale must agree with the personal data, field by field', async () => {
  const { ctx, page } = await fresh();
  await register(page, { ...giulia, family: 'Rossi', born: '1990-07-16' });
  assert.match(page.url(), /\/registrazione$/);
  // each error beside its field, named in words
  assert.match(await page.textContent('#e-family_name'), /Il cognome non corrisponde al codice fiscale/);
  assert.match(await page.textContent('#e-birth_date'), /La data di nascita non corrisponde/);
  // what was typed stays, to be corrected
  assert.equal(await page.getByLabel('Nome', { exact: true }).inputValue(), 'Giulia');
  await ctx.close();
});

test('register, both halves, the personal PIN, the full area', async () => {
  const { ctx, page } = await fresh();
  await register(page, giulia);
  assert.match(page.url(), /\/registrazione\/inviata$/);
  const mail = await server.waitMail(giulia.email, /prima parte/i);
  // the SMS carries the first half too
  const sms = fs.readdirSync(path.join(server.dir, 'outbox', 'sms'))
    .map((f) => fs.readFileSync(path.join(server.dir, 'outbox', 'sms', f), 'utf8'));
  assert.ok(sms.some((s) => s.startsWith('To: +393331234567')), sms.join('\n'));
  const [letter] = await (async () => { await server.waitLetters(1); return lettersTo('Esposito'); })();
  assert.match(letter.text, /RACCOMANDATA A\/R/);
  assert.match(letter.text, /RR\d{9}IT/);
  assert.match(letter.text, /Via Toledo 10/);
  const [first, second] = halves(mail.text, letter.text);
  assert.ok(sms.some((s) => s.includes(first)));

  // a wrong PIN is refused; the right one, in the two halves, opens the choice
  await loginPin(page, giulia.cf.toLowerCase(), first, 'AAAA AAAA');
  assert.match(page.url(), /\/accedi/);
  await loginPin(page, giulia.cf.toLowerCase(), first.toLowerCase(), second);
  assert.match(page.url(), /\/area\/pin$/);
  await page.goto(`${server.url}/area`);
  assert.match(page.url(), /\/area\/pin$/, 'nothing opens before the personal PIN');
  await page.getByLabel('Nuovo PIN').fill('Tramonto sul Vesuvio');
  await page.getByLabel('Ripeti il PIN').fill('Tramonto sul Vesuvio');
  await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), page.getByRole('button', { name: 'Conferma il PIN' }).click()]);
  assert.match(page.url(), /\/area$/);
  assert.ok(await page.locator('[data-menu=full]').count(), 'full area not shown');
  await server.waitMail(giulia.email, /attivo|attivato|PIN personale/i);
  // the issued PIN is spent; the personal one works, typed whole
  await page.click('form#logout [type=submit]');
  await loginPin(page, giulia.cf, first, second);
  assert.match(page.url(), /\/accedi/);
  await loginPin(page, giulia.cf, 'Tramonto sul Vesuvio');
  assert.match(page.url(), /\/area$/);
  // the mobile of record, masked (core/phone.h)
  const area = await page.textContent('main');
  assert.match(area, /\+39 333 \*\*\*4567/);
  assert.ok(!area.includes('3331234567'), 'the whole number is not shown');
  // the person's page shows the data from the form
  await page.goto(`${server.url}/area/dati`);
  assert.match(await page.textContent('main'), /SPSGLI90L55F839S/);
  assert.match(await page.textContent('main'), /15\/07\/1990, Napoli/);
  await ctx.close();
});

test('lost PIN: a new one the same way; the personal one works until it is used', async () => {
  const { ctx, page } = await fresh();
  const before0 = server.mailsTo(giulia.email).filter((m) => /prima parte/i.test(m.subject)).length;
  await page.goto(`${server.url}/accedi`);
  await page.getByRole('link', { name: 'Hai perso il PIN?' }).click();
  await page.getByLabel('Codice fiscale').fill(giulia.cf);
  await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), page.getByRole('button', { name: 'Chiedi un nuovo PIN' }).click()]);
  const answer = await page.textContent('main');
  // the same answer for nobody
  await page.goto(`${server.url}/recupero/pin`);
  await page.getByLabel('Codice fiscale').fill('DNGMRC85C02H501H');
  await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), page.getByRole('button', { name: 'Chiedi un nuovo PIN' }).click()]);
  assert.equal(await page.textContent('main'), answer);
  const mail = await server.waitMail(giulia.email, /prima parte/i, before0 + 1);
  await server.waitLetters(2);
  const letters = lettersTo('Esposito');
  const newest = letters.sort((a, b) => fs.statSync(b.f).mtimeMs - fs.statSync(a.f).mtimeMs)[0];
  // the personal PIN still works
  await loginPin(page, giulia.cf, 'Tramonto sul Vesuvio');
  assert.match(page.url(), /\/area$/);
  await page.click('form#logout [type=submit]');
  const [first, second] = halves(mail.text, newest.text);
  await loginPin(page, giulia.cf, first, second);
  assert.match(page.url(), /\/area\/pin$/);
  await page.getByLabel('Nuovo PIN').fill('Pizza margherita al forno');
  await page.getByLabel('Ripeti il PIN').fill('Pizza margherita al forno');
  await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), page.getByRole('button', { name: 'Conferma il PIN' }).click()]);
  assert.match(page.url(), /\/area$/);
  await page.click('form#logout [type=submit]');
  await loginPin(page, giulia.cf, 'Tramonto sul Vesuvio');
  assert.match(page.url(), /\/accedi/, 'the old personal PIN must stop once the new one is used');
  await ctx.close();
});

test('contact centre: the first half on screen; letters followed and a return told', async () => {
  const { ctx, page } = await fresh();
  await J.operatorLogin(page, server);
  await page.getByRole('link', { name: 'PIN per telefono' }).click();
  await page.getByLabel('Codice fiscale').fill(giulia.cf);
  await page.getByLabel(/Ho verificato l'identità/).check();
  await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), page.getByRole('button', { name: 'Emetti un nuovo PIN' }).click()]);
  const half = await page.locator('[data-first-half]').getAttribute('data-first-half');
  assert.match(half, /^[A-Z0-9]{4} [A-Z0-9]{4}$/);
  const tracking = /RR\d{9}IT/.exec(await page.textContent('#pin-issued'))[0];
  // the letters page finds it by its number once printed
  await server.waitLetters(3);
  await page.getByRole('link', { name: 'Lettere' }).click();
  await page.getByLabel('Numero della raccomandata').fill(tracking);
  await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), page.getByRole('button', { name: 'Cerca' }).click()]);
  const row = page.locator('tbody tr', { hasText: tracking });
  await row.getByRole('button', { name: 'Tornata indietro' }).click();
  await page.waitForLoadState('load');
  assert.match(page.url(), /registrata=1/);
  const back = await server.waitMail(giulia.email, /spedito/i);
  assert.match(back.text, /Via Toledo 10/);
  assert.match(back.text, /\/area\/dati/);
  await ctx.close();
});
