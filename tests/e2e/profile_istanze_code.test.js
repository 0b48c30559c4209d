// SPDX-License-Identifier: AGPL-3.0-or-later
// The personal code of Istanze online (seed 004), end to end in a real
// browser, by visible labels: registration with personal data and a
// password -> a mail with the temporary personal code and the link to the
// adhesion form -> the form's PDF holds the person's name -> a wrong code
// refused, the right one opens the next step (in_person). Then, with the
// account moved to the replacement occurrence (the desk's step belongs to
// in_person: set here in the database, as the desk would leave it): every
// area page leads to the forced replacement, the login lands on it, the
// new code finishes the journey; the code is asked before an email change;
// "Recupero codice personale" mails a new one, forced again; "Password
// dimenticata?" asks username and codice fiscale.
'use strict';

const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { execFileSync } = require('node:child_process');
const { startServer, launchBrowser, pdfText } = require('./support');

let server;
let browser;
before(async () => {
  server = await startServer({ VARCO_PROFILE: 'istanze' });
  browser = await launchBrowser();
});
after(async () => {
  if (browser) await browser.close();
  if (server) await server.stop();
});

const anna = {
  cf: 'SPSGLI90L55F839S', given: 'Giulia', family: 'Esposito', sex: 'F', born: '1990-07-15',
  place: 'Napoli', placeProvince: 'NA', address: 'Via Toledo 10', postcode: '80134', city: 'Napoli',
  province: 'NA', email: 'giulia.esposito@example.org', password: 'Lungomare di Napoli',
};

async function go(page, fn) {
  await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), fn()]);
}

async function register(page, p) {
  await page.goto(`${server.url}/registrazione`);
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
  await page.getByLabel('Password', { exact: true }).fill(p.password);
  await page.getByLabel('Ripeti la password').fill(p.password);
  await page.locator('input[name=privacy]').check();
  await go(page, () => page.getByRole('button', { name: 'Registrati' }).click());
}

async function login(page, email, password) {
  await page.goto(`${server.url}/accedi`);
  await page.getByLabel('Email (nome utente)').fill(email);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await go(page, () => page.getByRole('button', { name: 'Accedi' }).click());
}

// "ABCD-EFGH-JKLM" from a mail's text.
function codeIn(text) {
  const m = /\b([A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4})\b/.exec(text);
  assert.ok(m, `no code in:\n${text}`);
  return m[1];
}

// The desk's outcome, as the in_person step will leave it: the account at
// the replacement occurrence (its own step's tests cover the desk).
function recognised(email) {
  const db = path.join(server.dir, 'varco.db');
  execFileSync('sqlite3', ['-cmd', '.timeout 5000', db, `UPDATE accounts SET step = 'temp_code_replaced' WHERE username = '${email}';
    INSERT OR REPLACE INTO journey_steps (account_id, step, status, started_at, done_at, seq)
      SELECT id, 'in_person', 'done', 1, 1, 2 FROM accounts WHERE username = '${email}';
    INSERT OR REPLACE INTO journey_steps (account_id, step, status, started_at, done_at, seq)
      SELECT id, 'temp_code_replaced', 'active', 1, 0, 3 FROM accounts WHERE username = '${email}';`]);
}

test('the temporary code by mail, the adhesion form, the code typed opens the next step', async () => {
  const ctx = await browser.newContext({ locale: 'it-IT', acceptDownloads: true });
  const page = await ctx.newPage();
  await register(page, anna);
  assert.match(page.url(), /\/registrazione\/inviata$/);
  const mail = await server.waitMail(anna.email, /codice personale temporaneo/i);
  const code = codeIn(mail.text);
  assert.ok(mail.links.some((l) => l.endsWith('/area/modulo-adesione.pdf')), mail.text);
  assert.ok(mail.links.some((l) => l.endsWith('/area/codice-personale')), mail.text);

  await login(page, anna.email, anna.password);
  assert.match(page.url(), /\/area$/);
  assert.match(await page.textContent('main'), /Scrivi il codice personale temporaneo/);
  // the adhesion form, with the person's data
  const [dl] = await Promise.all([page.waitForEvent('download'),
    page.getByRole('link', { name: 'Scarica il modulo di adesione (PDF)' }).click()]);
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'varco-adesione-')), 'modulo.pdf');
  await dl.saveAs(file);
  const text = pdfText(file);
  assert.match(text, /Modulo di adesione/);
  assert.match(text, /Giulia Esposito/);
  assert.match(text, /SPSGLI90L55F839S/);
  assert.match(text, /in presenza/);

  await go(page, () => page.getByRole('link', { name: 'Scrivi il codice' }).click());
  assert.match(page.url(), /\/area\/codice-personale$/);
  await page.getByLabel('Codice personale temporaneo').fill('AAAA-AAAA-AAAA');
  await go(page, () => page.getByRole('button', { name: 'Conferma il codice' }).click());
  assert.match(await page.textContent('#e-temp_code'), /non è corretto/);
  assert.match(await page.textContent('main'), /Hai ancora 4 tentativi/);
  // typed as people type it: lower case, spaces for dashes
  await page.getByLabel('Codice personale temporaneo').fill(code.toLowerCase().replace(/-/g, ' '));
  await go(page, () => page.getByRole('button', { name: 'Conferma il codice' }).click());
  // the engine enters in_person: its page (the lead's), or the area until it exists
  assert.doesNotMatch(page.url(), /codice-personale/);
  await page.goto(`${server.url}/area`);
  assert.ok(await page.locator('[data-menu=limited]').count());
  assert.doesNotMatch(await page.textContent('main'), /Scrivi il codice personale temporaneo/);
  await ctx.close();
});

test('enabled: the replacement is forced, finishes the journey; the code guards the email', async () => {
  const ctx = await browser.newContext({ locale: 'it-IT' });
  const page = await ctx.newPage();
  const code = codeIn((await server.waitMail(anna.email, /codice personale temporaneo/i)).text);
  recognised(anna.email);
  await login(page, anna.email, anna.password);
  assert.match(page.url(), /\/area\/codice-personale$/, 'the login lands on the replacement');
  for (const p of ['/area', '/area/dati', '/area/email', '/area/password', '/area/accessi']) {
    await page.goto(`${server.url}${p}`);
    assert.match(page.url(), /\/area\/codice-personale$/, `${p} opens before the replacement`);
  }
  await page.getByLabel('Codice personale temporaneo').fill(code);
  await page.getByLabel('Nuovo codice personale').fill('Tramonto sul Vesuvio');
  await page.getByLabel('Ripeti il codice personale').fill('Tramonto sul Vesuvio');
  await go(page, () => page.getByRole('button', { name: 'Conferma il codice personale' }).click());
  assert.match(page.url(), /\/area\?codice=1$/);
  assert.ok(await page.locator('[data-menu=full]').count(), 'full area not shown');
  assert.match(await page.textContent('#card-personal-code'), /secondo segreto/);
  await server.waitMail(anna.email, /scelto il tuo codice personale/i);

  // the email change asks the personal code: a wrong one changes nothing
  await page.goto(`${server.url}/area/email`);
  await page.getByLabel('Nuovo indirizzo email').fill('giulia.nuova@example.org');
  await page.getByLabel('Password attuale').fill(anna.password);
  await page.getByLabel('Codice personale', { exact: true }).fill('Sbagliato del tutto');
  await go(page, () => page.getByRole('button', { name: /Cambia|Invia/ }).click());
  assert.match(await page.textContent('#e-personal_code'), /non è corretto/);
  await page.getByLabel('Password attuale').fill(anna.password);
  await page.getByLabel('Codice personale', { exact: true }).fill('Tramonto sul Vesuvio');
  await go(page, () => page.getByRole('button', { name: /Cambia|Invia/ }).click());
  await server.waitMail('giulia.nuova@example.org', /.+/);
  await ctx.close();
});

test('Recupero codice personale: a new temporary code, forced to be replaced', async () => {
  const ctx = await browser.newContext({ locale: 'it-IT' });
  const page = await ctx.newPage();
  await login(page, anna.email, anna.password);
  await go(page, () => page.getByRole('link', { name: 'Codice personale' }).click());
  await go(page, () => page.getByRole('button', { name: 'Recupera il codice personale' }).click());
  assert.match(page.url(), /\/area\/codice-personale\?inviato=1$/);
  const mail = await server.waitMail(anna.email, /nuovo codice personale temporaneo/i);
  await page.goto(`${server.url}/area`);
  assert.match(page.url(), /\/area\/codice-personale$/, 'forced, like the first');
  await page.getByLabel('Codice personale temporaneo').fill(codeIn(mail.text));
  await page.getByLabel('Nuovo codice personale').fill('Pizza margherita al forno');
  await page.getByLabel('Ripeti il codice personale').fill('Pizza margherita al forno');
  await go(page, () => page.getByRole('button', { name: 'Conferma il codice personale' }).click());
  assert.match(page.url(), /\/area\?codice=1$/);
  await ctx.close();
});

test('Password dimenticata? asks username and codice fiscale, and answers alike', async () => {
  const ctx = await browser.newContext({ locale: 'it-IT' });
  const page = await ctx.newPage();
  const resets = () => server.mailsTo(anna.email).filter((m) => /password/i.test(m.subject)
    && m.links.some((l) => l.includes('/recupero/nuova-password'))).length;
  const ask = async (email, cf) => {
    await page.goto(`${server.url}/recupero/password`);
    await page.getByLabel(/Email/).fill(email);
    await page.getByLabel('Codice fiscale').fill(cf);
    await go(page, () => page.locator('form [type=submit]').last().click());
    return page.textContent('main');
  };
  const before0 = resets();
  const mismatch = await ask(anna.email, 'RSSMRA80A41F205B');
  const nobody = await ask('nessuno@example.org', anna.cf);
  assert.equal(mismatch, nobody);
  assert.equal(resets(), before0);
  const right = await ask(anna.email, anna.cf.toLowerCase());
  assert.equal(right, nobody);
  await server.waitMail(anna.email, /nuova password/i);
  assert.equal(resets(), before0 + 1);
  await ctx.close();
});
