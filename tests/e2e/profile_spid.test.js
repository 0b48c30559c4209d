// SPDX-License-Identifier: AGPL-3.0-or-later
// The SPID journey of seed 002, end to end in a real browser, by visible
// labels: registration with personal data and a password -> the address
// confirmed -> the contract read, each clause accepted, the mobile number
// given, signed with the SMS code (five wrong codes spend it first) -> the
// sealed contract downloaded and checked with pdfsig -> an office chosen ->
// its desk sets the appointment (the invitation checked) and records the
// recognition -> the back
// office rejects once, then accepts -> the account is active at level 1 ->
// an authenticator app enrolled, confirmed by an SMS code to the number of
// record -> the next login asks the app's code -> level 2 -> a lost
// password wants the mailed link and an SMS code to the number of record ->
// phone and codes lost: a desk recognises the person and turns the app off.
'use strict';

const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const { spawnSync } = require('node:child_process');
const path = require('node:path');
const { startServer, launchBrowser, checkA11y, pdfText, totp } = require('./support');
const J = require('./journey');

let server;
let browser;
before(async () => {
  server = await startServer({ VARCO_PROFILE: 'spid' });
  server.cli(['offices', 'import', path.join(__dirname, '..', '..', 'demo', 'offices.csv')]);
  server.addOperator('sportello.roma', { name: 'Sportello CNA Roma', role: 'desk', office: 'CNA-RM-001' });
  browser = await launchBrowser();
});
after(async () => {
  if (browser) await browser.close();
  if (server) await server.stop();
});

const marco = {
  cf: 'DNGMRC85C02H501H', given: 'Marco', family: "D'Angelo", sex: 'M', born: '1985-03-02',
  place: 'Roma', placeProvince: 'RM', address: 'Via Appia Nuova 120', postcode: '00183',
  city: 'Roma', province: 'RM', email: 'marco.dangelo@example.org', mobile: '',
  password: 'Cavallo-Batteria-Graffetta-9',
};

// The SMS sent to a number (newest last), as the dev outbox writes them.
function smsTo(number) {
  return server.outboxFiles('sms').map((f) => ({ f, t: fs.readFileSync(f, 'utf8'), m: fs.statSync(f).mtimeMs }))
    .filter((s) => s.t.startsWith(`To: ${number}`)).sort((a, b) => a.m - b.m).map((s) => s.t);
}
async function waitSms(number, count) {
  for (let i = 0; i < 150; i++) {
    const s = smsTo(number);
    if (s.length >= count) return s[s.length - 1];
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`no SMS #${count} to ${number}`);
}

async function sendCode(page) {
  for (const clause of await page.locator('.varco-clause').all()) {
    if (!(await clause.locator('input').isChecked())) await clause.locator('label').click();
  }
  await page.getByLabel('Numero di cellulare').fill('347 765 4321');
  await Promise.all([page.waitForNavigation({ waitUntil: 'load' }),
    page.getByRole('button', { name: /Invia (il|un nuovo) codice/ }).click()]);
}

async function typeCode(page, code) {
  await page.getByLabel('Codice ricevuto via SMS').fill(code);
  await Promise.all([page.waitForNavigation({ waitUntil: 'load' }),
    page.getByRole('button', { name: 'Firma il contratto' }).click()]);
}

test('spid: register, contract signed by SMS, recognition in person, level 1, level 2, a reset by link and SMS', async () => {
  const ctx = await browser.newContext({ locale: 'it-IT', acceptDownloads: true });
  const page = await ctx.newPage();
  await J.registerPerson(page, server, marco);
  assert.match(page.url(), /\/registrazione\/inviata$/);
  await J.confirmEmail(page, server, marco.email);
  await J.login(page, server, marco.email, marco.password);
  await page.goto(`${server.url}/area`);
  await Promise.all([page.waitForNavigation({ waitUntil: 'load' }),
    page.getByRole('link', { name: 'Firma il contratto' }).click()]);
  assert.match(page.url(), /\/area\/contratto$/);
  await checkA11y(page, 'the contract');

  // every clause must be accepted, each told beside itself
  await page.getByLabel('Numero di cellulare').fill('347 765 4321');
  await Promise.all([page.waitForNavigation({ waitUntil: 'load' }),
    page.getByRole('button', { name: 'Invia il codice via SMS' }).click()]);
  assert.equal(await page.locator('.varco-clause .invalid-feedback').count(), 4);
  await checkA11y(page, 'the contract refused');

  // the contract to read is a real PDF with the person's data
  const [dl] = await Promise.all([page.waitForEvent('download'),
    page.getByRole('link', { name: 'Leggi il contratto (PDF)' }).click()]);
  const readPath = path.join(server.dir, 'contratto-letto.pdf');
  await dl.saveAs(readPath);
  assert.match(pdfText(readPath), /DNGMRC85C02H501H/);

  // five wrong codes spend the code; a new one signs
  await sendCode(page);
  const first = /\b(\d{6})\s*$/.exec(await waitSms('+393477654321', 1))[1];
  const wrong = String((Number(first) + 1) % 1000000).padStart(6, '0');
  for (let i = 0; i < 4; i++) {
    await typeCode(page, wrong);
    assert.match(await page.textContent('#e-codice'), /Il codice non è giusto/);
  }
  await typeCode(page, wrong);
  assert.match(await page.textContent('#e-codice'), /Troppi tentativi/);
  await typeCode(page, first);
  assert.match(await page.textContent('#e-codice'), /Non c'è un codice valido/);
  await sendCode(page);
  const second = /\b(\d{6})\s*$/.exec(await waitSms('+393477654321', 2))[1];
  await typeCode(page, second);
  assert.match(page.url(), /\/area\/riconoscimento$/, await page.textContent('main'));
  await server.waitMail(marco.email, /Hai firmato il contratto/);

  // the sealed contract
  await page.goto(`${server.url}/area/contratto`);
  assert.match(await page.textContent('#contract-signed'), /Hai firmato il contratto/);
  const [sdl] = await Promise.all([page.waitForEvent('download'),
    page.getByRole('link', { name: 'Scarica il contratto firmato' }).click()]);
  const signedPath = path.join(server.dir, 'contratto-firmato.pdf');
  await sdl.saveAs(signedPath);
  assert.match(pdfText(signedPath), /D'Angelo|D’Angelo/);
  // pdfsig (poppler): the seal is valid and covers the whole document; one
  // byte changed in the signed range, and it says so
  const pdfsig = (f) => { const r = spawnSync('pdfsig', [f], { encoding: 'utf8' }); return `${r.stdout}${r.stderr}`; };
  const report = pdfsig(signedPath);
  assert.match(report, /Signature Validation: Signature is Valid\./, report);
  assert.match(report, /Total document signed/, report);
  const bytes = fs.readFileSync(signedPath);
  const at = bytes.indexOf('DNGMRC85C02H501H');
  const creator = bytes.indexOf('/Creator (varco)');
  assert.ok(creator > 0);
  bytes[creator + '/Creator (varc'.length] = 'O'.charCodeAt(0);
  const tampered = path.join(server.dir, 'contratto-alterato.pdf');
  fs.writeFileSync(tampered, bytes);
  assert.doesNotMatch(pdfsig(tampered), /Signature is Valid/, `byte at ${at}`);

  // the office, the desk, the back office
  await page.goto(`${server.url}/area/riconoscimento?rete=CNA&provincia=RM`);
  await Promise.all([page.waitForNavigation({ waitUntil: 'load' }),
    page.locator('li[data-office="CNA-RM-001"]').getByRole('button', { name: /Scegli questo ufficio/ }).click()]);
  const desk = await browser.newContext({ locale: 'it-IT' });
  const dp = await desk.newPage();
  await J.operatorLogin(dp, server, server.operators['sportello.roma']);
  await Promise.all([dp.waitForNavigation({ waitUntil: 'load' }),
    dp.locator('#desk-people a', { hasText: "D'Angelo" }).click()]);
  const recordOnce = async () => {
    await dp.getByLabel('Tipo di documento').selectOption({ label: 'Passaporto' });
    await dp.getByLabel('Numero del documento').fill('YA1234567');
    await dp.getByLabel('Rilasciato da').fill('Questura di Roma');
    await dp.getByLabel('Scadenza del documento').fill('2034-05-01');
    await dp.getByLabel('Numero della tessera sanitaria').fill('80380000009876543210');
    await Promise.all([dp.waitForNavigation({ waitUntil: 'load' }),
      dp.getByRole('button', { name: 'Registra il riconoscimento' }).click()]);
  };
  assert.equal(await dp.locator('input[name=modulo]').count(), 0, 'spid signs no adhesion form');
  // the appointment, with its invitation
  const day = new Date(Date.now() + 10 * 86400000).toISOString().slice(0, 10);
  await dp.getByLabel('Giorno').fill(day);
  await dp.getByLabel('Ora').fill('09:30');
  await Promise.all([dp.waitForNavigation({ waitUntil: 'load' }),
    dp.getByRole('button', { name: "Fissa l'appuntamento" }).click()]);
  const invite = await server.waitMail(marco.email, /Appuntamento per il riconoscimento/);
  assert.match(invite.ics, new RegExp(`DTSTART;TZID=Europe/Rome:${day.replace(/-/g, '')}T093000`));
  await recordOnce();
  const bo = await browser.newContext({ locale: 'it-IT' });
  const bp = await bo.newPage();
  await J.operatorLogin(bp, server);
  await J.openCase(bp, server, 'RP-');
  await bp.getByLabel('Motivi del rifiuto').fill('La tessera sanitaria è scaduta.');
  await Promise.all([bp.waitForNavigation({ waitUntil: 'load' }),
    bp.getByRole('button', { name: 'Rifiuta' }).click()]);
  const no = await server.waitMail(marco.email, /Riconoscimento non confermato/);
  assert.match(no.text, /La tessera sanitaria è scaduta/);
  await page.goto(`${server.url}/area/riconoscimento`);
  await Promise.all([page.waitForNavigation({ waitUntil: 'load' }),
    page.locator('li[data-office="CNA-RM-001"]').getByRole('button', { name: /Scegli questo ufficio/ }).click()]);
  await dp.goto(`${server.url}/backoffice/sportello`);
  await Promise.all([dp.waitForNavigation({ waitUntil: 'load' }),
    dp.locator('#desk-people a', { hasText: "D'Angelo" }).click()]);
  await recordOnce();
  await J.openCase(bp, server, 'RP-');
  await Promise.all([bp.waitForNavigation({ waitUntil: 'load' }),
    bp.getByRole('button', { name: 'Accetta' }).click()]);
  await server.waitMail(marco.email, /attiv/i);

  // level 1: the full area
  const again = await browser.newContext({ locale: 'it-IT' });
  const ap = await again.newPage();
  await J.login(ap, server, marco.email, marco.password);
  await ap.goto(`${server.url}/area`);
  assert.match(ap.url(), /\/area$/);
  assert.doesNotMatch(await ap.textContent('main'), /Firma il contratto/);
  assert.equal(await ap.locator('#level [data-level]').textContent(), 'Livello 1');

  // level 2: the app, confirmed by an SMS code to the number of record
  // counted before the click: the outbox worker writes the SMS after the page
  const smsCount = smsTo('+393477654321').length + 1;
  await Promise.all([ap.waitForNavigation({ waitUntil: 'load' }),
    ap.getByRole('link', { name: 'Attiva la verifica in due passaggi' }).click()]);
  const secret = await ap.locator('[data-totp-secret]').getAttribute('data-totp-secret');
  const enrolSms = await waitSms('+393477654321', smsCount);
  assert.match(enrolSms, /attivare l'app/);
  await ap.reload(); // a reload sends no second SMS while the first is alive
  assert.equal(smsTo('+393477654321').length, smsCount);
  await checkA11y(ap, 'enrolment with the SMS code');
  await ap.getByLabel("Codice dell'app").fill(totp(secret));
  await ap.getByLabel('Codice ricevuto via SMS').fill('000000' === /\b(\d{6})\s*$/.exec(enrolSms)[1] ? '111111' : '000000');
  await Promise.all([ap.waitForNavigation({ waitUntil: 'load' }),
    ap.getByRole('button', { name: 'Attiva la verifica in due passaggi' }).click()]);
  assert.match(await ap.textContent('#e-sms'), /Il codice SMS non è giusto/);
  await ap.getByLabel("Codice dell'app").fill(totp(secret));
  await ap.getByLabel('Codice ricevuto via SMS').fill(/\b(\d{6})\s*$/.exec(enrolSms)[1]);
  await Promise.all([ap.waitForNavigation({ waitUntil: 'load' }),
    ap.getByRole('button', { name: 'Attiva la verifica in due passaggi' }).click()]);
  assert.match(await ap.textContent('#second-factor-done'), /livello 2/);

  // the next login asks the app; then level 2
  const l2 = await browser.newContext({ locale: 'it-IT' });
  const lp = await l2.newPage();
  await J.login(lp, server, marco.email, marco.password);
  assert.match(lp.url(), /\/accedi\/secondo-fattore$/);
  // the enrolment's step is spent (no replay): the next one, which the
  // window of one step allows
  await lp.getByLabel("Codice dell'app o codice di recupero").fill(totp(secret, Date.now() + 30000));
  await Promise.all([lp.waitForNavigation({ waitUntil: 'load' }),
    lp.getByRole('button', { name: 'Entra' }).click()]);
  await lp.goto(`${server.url}/area`);
  assert.equal(await lp.locator('#level [data-level]').textContent(), 'Livello 2');

  // a lost password: the mailed link and an SMS code to the number of record
  const rc = await browser.newContext({ locale: 'it-IT' });
  const rp = await rc.newPage();
  await rp.goto(`${server.url}/recupero/password`);
  await rp.fill('input[name=email]', marco.email);
  await J.submit(rp, 'form#recover [type=submit]');
  const resetMail = await server.waitMail(marco.email, /nuova password/i);
  const link = resetMail.links.find((l) => l.includes('/recupero/nuova-password?t='));
  await rp.goto(link);
  const fresh = 'Girasole-Lanterna-Ponte-47';
  await rp.fill('input[name=password]', fresh);
  await rp.fill('input[name=password_confirm]', fresh);
  await J.submit(rp, 'form#reset [type=submit]');
  assert.match(await rp.textContent('#e-sms'), /Serve un codice SMS valido/, 'the link alone is not enough');
  const before = smsTo('+393477654321').length;
  await Promise.all([rp.waitForNavigation({ waitUntil: 'load' }),
    rp.getByRole('button', { name: 'Invia il codice via SMS' }).click()]);
  assert.match(await rp.textContent('main'), /Ti abbiamo mandato il codice via SMS/);
  await checkA11y(rp, 'the reset with its SMS code');
  const resetSms = await waitSms('+393477654321', before + 1);
  assert.match(resetSms, /cambiare la password/);
  await rp.fill('input[name=password]', fresh);
  await rp.fill('input[name=password_confirm]', fresh);
  await rp.getByLabel('Codice ricevuto via SMS').fill(/\b(\d{6})\s*$/.exec(resetSms)[1]);
  await J.submit(rp, 'form#reset [type=submit]');
  assert.equal((await rp.textContent('[data-username]')).trim(), marco.email);
  await J.login(rp, server, marco.email, fresh);
  assert.match(rp.url(), /\/accedi\/secondo-fattore$/, 'the new password, then the app');

  // phone and codes lost: recognised at a desk, the app turned off
  await dp.goto(`${server.url}/backoffice/sportello`);
  await Promise.all([dp.waitForNavigation({ waitUntil: 'load' }),
    dp.getByRole('link', { name: /perso il telefono/ }).click()]);
  await dp.getByLabel('Codice fiscale').fill(marco.cf.toLowerCase());
  await dp.getByLabel('Tipo di documento').selectOption({ label: 'Passaporto' });
  await dp.getByLabel('Numero del documento').fill('YA1234567');
  await dp.getByLabel('Rilasciato da').fill('Questura di Roma');
  await dp.getByLabel('Scadenza del documento').fill('2020-05-01');
  await dp.getByLabel('Numero della tessera sanitaria').fill('80380000009876543210');
  await J.submit(dp, 'form#second-factor-reset [type=submit]');
  assert.match(await dp.textContent('#e-scadenza'), /Il documento è scaduto/);
  await checkA11y(dp, 'the desk: a second factor recovered');
  await dp.getByLabel('Scadenza del documento').fill('2034-05-01');
  await J.submit(dp, 'form#second-factor-reset [type=submit]');
  assert.match(await dp.textContent('#sf-reset-done'), /l'app è disattivata/);
  await server.waitMail(marco.email, /disattivata/i);
  const after = await browser.newContext({ locale: 'it-IT' });
  const xp = await after.newPage();
  await J.login(xp, server, marco.email, fresh);
  assert.match(xp.url(), /\/area$/, 'the password alone again: level 1, a new app may be linked');
  for (const c of [after, rc, l2, again, desk, bo, ctx]) await c.close();
});
