// SPDX-License-Identifier: AGPL-3.0-or-later
// What an operator and a member read along the identification form (issue
// 9): labels instead of internal names, dates as people write them (on the
// case page and in the PDF), the queue with names, the TOTP secret in groups
// of four, the design system's upload field, the form PDF's title and QR
// code, the letter's address on one line, the activation page once the code
// is void; and `varco members import` saying what is wrong in words.
'use strict';

const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { execFileSync } = require('node:child_process');
const { startServer, launchBrowser, pdfText, checkA11y, BIN, ROOT } = require('./support');
const J = require('./journey');

let server;
let browser;
let member; // page of the member (Maria Rossi, 100001, born 1980-01-01)
let op; // page of the operator
let caseNumber;
let form; // the downloaded identification form
before(async () => {
  server = await startServer();
  browser = await launchBrowser();
  member = await (await browser.newContext({ locale: 'it-IT', acceptDownloads: true })).newPage();
  op = await (await browser.newContext({ locale: 'it-IT' })).newPage();
  const email = 'maria.rossi@example.org';
  await J.register(member, server, { matricola: '100001', cf: 'RSSMRA80A41F205B', email, password: 'Girasole!74' });
  await J.confirmEmail(member, server, email);
  form = await J.downloadForm(member, server);
  caseNumber = /ID-\d{4}-\d{6}/.exec(form.text)[0];
});
after(async () => {
  if (browser) await browser.close();
  if (server) await server.stop();
});

test('the identification form PDF: title on one line, the QR code explained, the birth date as dd/mm/yyyy', () => {
  const lines = form.text.split('\n');
  assert.ok(lines.some((l) => /Modulo di identificazione personale/.test(l)),
    `the title is cut:\n${form.text}`);
  const compact = form.text.replace(/\s+/g, ' ');
  assert.match(compact, /Il codice QR apre la pagina del modulo nella tua area riservata/);
  assert.match(form.text, /01\/01\/1980, Milano/);
  assert.doesNotMatch(form.text, /1980-01-01/);
  // the address in the footer, on one line
  assert.ok(lines.some((l) => l.includes(`${server.url}/area/modulo`)), form.text);
});

test('upload field: bootstrap-italia\'s upload component with Italian labels', async () => {
  await member.goto(`${server.url}/area/modulo`);
  const input = member.locator('input[type=file][name=documento]');
  assert.equal(await input.getAttribute('class'), 'upload');
  const label = member.locator('label[for=f-documento]');
  assert.match(await label.textContent(), /Scegli il file/);
  assert.equal(await member.locator('input[name=documento]').evaluate((el) => el.getBoundingClientRect().width < 2), true,
    'the browser\'s own "Choose File" control is hidden');
  await input.setInputFiles(form.file);
  assert.match(await member.locator('#f-documento-list').textContent(), /modulo\.pdf/);
  await Promise.all([member.waitForLoadState('load'), member.click('form#upload [type=submit]')]);
  assert.match(await member.textContent('main'), /ricevut|lavorazione|48/i);
});

test('operator: TOTP secret in groups of four, the queue names the person', async () => {
  await op.goto(`${server.url}/backoffice/accedi`);
  await op.fill('input[name=username]', server.operators.tester.username);
  await op.fill('input[name=password]', server.operators.tester.password);
  await Promise.all([op.waitForLoadState('load'), op.click('form#login [type=submit]')]);
  const shown = (await op.locator('[data-totp-secret]').textContent()).trim();
  const secret = await op.locator('[data-totp-secret]').getAttribute('data-totp-secret');
  assert.match(shown, /^([A-Z2-7]{4} )+[A-Z2-7]{1,4}$/, shown);
  assert.equal(shown.replace(/ /g, ''), secret);
  await J.operatorLogin(op, server);
  await op.goto(`${server.url}/backoffice`);
  const row = op.locator('tr', { hasText: caseNumber });
  assert.match(await row.locator('[data-who]').textContent(), /Maria Rossi/);
  assert.match(await row.textContent(), /Caricato nell'area riservata/);
  assert.doesNotMatch(await row.textContent(), /\bupload\b/);
});

test('case page: labels, not internal names; dates as dd/mm/yyyy; in English too', async () => {
  await J.openCase(op, server, caseNumber);
  const main = await op.textContent('main');
  assert.match(main, /Stato:\s*Da esaminare/);
  assert.match(main, /Agente in forma individuale/);
  assert.match(main, /01\/01\/1980, Milano/);
  assert.match(main, /Caricato nell'area riservata, PDF/);
  for (const raw of [/\breceived\b/, /agent_individual/, /\bupload\b/, /1980-01-01/, /application\/pdf/]) {
    assert.doesNotMatch(main, raw);
  }
  const file = op.locator('form#receipt input[type=file][name=scansione]');
  assert.equal(await file.getAttribute('class'), 'upload');
  await op.goto(`${server.url}/lingua?l=en&next=${encodeURIComponent(new URL(op.url()).pathname)}`);
  const en = await op.textContent('main');
  assert.match(en, /To review/);
  assert.match(en, /Agent, sole trader/);
  assert.match(en, /01\/01\/1980, Milano/);
  await op.goto(`${server.url}/lingua?l=it&next=/backoffice/outbox`);
  const outbox = await op.textContent('main');
  for (const raw of [/\bconfirm_email\b/, /\bid_form_received\b/, /\bpending\b/, /\bmail\b/]) {
    assert.doesNotMatch(outbox, raw);
  }
});

test('suspension: a reason is required; the member is out at once and refused; reinstated, let in', async () => {
  const email = 'maria.rossi@example.org';
  await member.goto(`${server.url}/area`); /* logged in since the registration */
  assert.match(member.url(), /\/area/);
  await J.openCase(op, server, caseNumber);
  await Promise.all([op.waitForNavigation(), op.click('form#suspend [type=submit]')]);
  assert.match(await op.textContent('#e-motivo'), /Scrivi il motivo della sospensione/);
  await checkA11y(op, 'the case page with the suspension form');
  await op.fill('#f-motivo', "Furto d'identità segnalato dalla persona");
  await Promise.all([op.waitForNavigation(), op.click('form#suspend [type=submit]')]);
  assert.match(await op.textContent('#account-done'), /Account sospeso/);
  assert.match(await op.textContent('#account-state'), /Sospeso/);
  // the member's next page is the login, and the right password opens nothing
  await member.goto(`${server.url}/area`);
  assert.match(member.url(), /\/accedi/);
  await J.login(member, server, email, 'Girasole!74');
  assert.match(member.url(), /\/accedi/);
  await Promise.all([op.waitForNavigation(), op.click('form#reinstate [type=submit]')]);
  assert.match(await op.textContent('#account-done'), /Account riattivato/);
  await J.login(member, server, email, 'Girasole!74');
  assert.match(member.url(), /\/area/);
});

test('the letter: its address under the QR code on one line', async () => {
  await J.openCase(op, server, caseNumber);
  await Promise.all([op.waitForLoadState('load'), op.click('form#accept [type=submit]')]);
  const [letter] = await server.waitLetters(1);
  const text = pdfText(letter);
  assert.ok(text.split('\n').some((l) => l.includes(`${server.url}/area/attivazione`)),
    `the address is broken:\n${text}`);
});

test('activation: once the code is void, the main action is a new letter and "Attiva" is gone', async () => {
  for (let i = 0; i < 5; i++) {
    await member.goto(`${server.url}/area/attivazione`);
    await member.fill('input[name=codice]', 'WXYZ WXYZ WXYZ');
    await Promise.all([member.waitForLoadState('load'), member.click('form#activation [type=submit]')]);
  }
  const primary = member.locator('main .btn-primary');
  assert.equal(await primary.count(), 1);
  assert.match(await primary.textContent(), /Chiedi una nuova lettera/);
  assert.equal(await member.locator('form#activation').count(), 0, 'no code form');
  assert.equal(await member.locator('button', { hasText: 'Attiva' }).count(), 0);
  assert.match(await member.textContent('main'), /non è più valido/);
  assert.equal(await member.locator('#error-summary').count(), 0, 'no summary pointing at a field that is gone');
});

test('members import: a bad line is told in words, with the line number and the value', () => {
  const file = path.join(server.dir, 'bad-members.csv');
  fs.writeFileSync(file, [
    'matricola,codice_fiscale,category,given_name,family_name,birth_date,birth_place,address,postcode,city,province,mobile,company_name,partita_iva',
    '900001,RSSMRA80A41F205X,agent_individual,Mario,Rossi,1980-01-01,Roma,Via Roma 1,00100,Roma,RM,,,',
    '900002,RSSMRA80A41F205B,nessuna,Mario,Rossi,01/01/1980,Roma,Via Roma 1,00100,Roma,RM,,,',
  ].join('\n'));
  const run = (lang) => {
    try {
      execFileSync(BIN, ['members', 'import', file], {
        env: { ...server.env, LANG: lang, LC_ALL: lang }, cwd: ROOT, encoding: 'utf8', stdio: 'pipe',
      });
      return '';
    } catch (e) {
      return e.stderr;
    }
  };
  const it = run('it_IT.UTF-8');
  assert.match(it, /riga 2: codice fiscale "RSSMRA80A41F205X": il carattere di controllo/);
  assert.match(it, /riga 3: categoria "nessuna": non è una categoria conosciuta/);
  assert.match(it, /riga 3: data di nascita "01\/01\/1980": non è una data nella forma AAAA-MM-GG/);
  assert.doesNotMatch(it, /error\.member/);
  const en = run('en_GB.UTF-8');
  assert.match(en, /line 2: codice fiscale "RSSMRA80A41F205X": the check character/);
  assert.doesNotMatch(en, /error\.member/);
});
