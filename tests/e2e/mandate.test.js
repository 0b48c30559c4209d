// SPDX-License-Identifier: AGPL-3.0-or-later
// A procurator (seed 003, issue 15) in the inps-pin profile, in a real
// browser: a registered citizen uploads a mandate (procura) for a person ->
// asks for the person's PIN and is refused while the mandate is under check
// -> a back-office operator accepts the mandate's case -> the procurator
// requests the PIN -> the halves go to the person's own email and address,
// nothing to the procurator. Also: a bad file keeps what was typed; the
// page's accessibility on a phone and on a desktop.
'use strict';

const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { startServer, launchBrowser, pdfText, checkA11y } = require('./support');
const J = require('./journey');

let server;
let browser;
let proc; // the procurator's page (Giulia Esposito, full area)
let person; // the page of the person she represents, once he has his PIN
before(async () => {
  server = await startServer({ VARCO_PROFILE: 'inps-pin' });
  browser = await launchBrowser();
  proc = await (await browser.newContext({ locale: 'it-IT' })).newPage();
  // the procurator: registered, both halves, a personal PIN, the full area
  await J.registerPerson(proc, server, giulia);
  const mail = await server.waitMail(giulia.email, /prima parte/i);
  const letter = (await server.waitLetters(1)).map(pdfText).find((t) => t.includes('Esposito'));
  const [first, second] = J.pinHalves(mail.text, letter);
  await J.loginPin(proc, server, giulia.cf, first, second);
  await proc.getByLabel('Nuovo PIN').fill(giulia.pin);
  await proc.getByLabel('Ripeti il PIN').fill(giulia.pin);
  await Promise.all([proc.waitForNavigation({ waitUntil: 'load' }),
    proc.getByRole('button', { name: 'Conferma il PIN' }).click()]);
  assert.match(proc.url(), /\/area$/);
});
after(async () => {
  if (browser) await browser.close();
  if (server) await server.stop();
});

const giulia = {
  cf: 'SPSGLI90L55F839S', given: 'Giulia', family: 'Esposito', sex: 'F', born: '1990-07-15',
  place: 'Napoli', placeProvince: 'NA', address: 'Via Toledo 10', postcode: '80134', city: 'Napoli',
  province: 'NA', email: 'giulia.esposito@example.org', mobile: '333 123 4567',
  pin: 'Tramonto sul Vesuvio',
};
// The person she represents (codice fiscale computed with the Agenzia
// delle Entrate's rules).
const mario = {
  cf: 'BNCMRA50C12H501E', given: 'Mario', family: 'Bianchi', sex: 'M', born: '1950-03-12',
  place: 'Roma', placeProvince: 'RM', address: 'Via Appia 3', postcode: '00179', city: 'Roma',
  province: 'RM', email: 'mario.bianchi@example.org', mobile: '347 765 4321',
  pin: 'Passeggiata sull Appia',
};

const PDF = { name: 'procura.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n') };
const NOT_PDF = { name: 'procura.pdf', mimeType: 'application/pdf', buffer: Buffer.from('solo testo, non un PDF') };

async function fillMandate(page, p, file) {
  await page.getByLabel('Codice fiscale della persona').fill(p.cf);
  await page.getByLabel('Nome della persona', { exact: true }).fill(p.given);
  await page.getByLabel('Cognome della persona').fill(p.family);
  await page.setInputFiles('input[name=documento]', file);
  await J.submit(page, 'form#mandate [type=submit]');
}

let caseNumber;

test('the area offers the mandates; a bad file is refused and what was typed stays', async () => {
  await proc.goto(`${server.url}/area`);
  await proc.locator('#card-mandates a').click();
  await proc.waitForLoadState('load');
  assert.match(proc.url(), /\/area\/procure$/);
  assert.match(await proc.textContent('#mandates-none'), /Non hai ancora caricato procure/);
  await fillMandate(proc, mario, NOT_PDF);
  assert.match(await proc.textContent('#e-documento'), /deve essere un PDF, un'immagine JPEG o PNG/);
  assert.equal(await proc.getByLabel('Codice fiscale della persona').inputValue(), mario.cf);
  assert.equal(await proc.getByLabel('Cognome della persona').inputValue(), mario.family);
  // her own codice fiscale: refused beside the field
  await proc.setInputFiles('input[name=documento]', PDF);
  await proc.getByLabel('Codice fiscale della persona').fill(giulia.cf);
  await J.submit(proc, 'form#mandate [type=submit]');
  assert.match(await proc.textContent('#e-codice_fiscale'), /è il tuo/);
});

test('a mandate under check: the PIN is refused', async () => {
  await proc.goto(`${server.url}/area/procure`);
  await fillMandate(proc, mario, PDF);
  assert.match(proc.url(), /inviata=1/);
  assert.match(await proc.textContent('#mandate-sent'), /entro 48 ore/);
  const card = proc.locator(`[data-mandate="${mario.cf}"]`);
  assert.match(await card.textContent(), /Mario Bianchi/);
  assert.match(await card.locator('[data-state]').textContent(), /In verifica/);
  caseNumber = /PR-\d{4}-\d{6}/.exec(await card.textContent())[0];
  assert.equal(await card.getByRole('link', { name: 'Richiedi il PIN per questa persona' }).count(), 0);
  // a second one for the same person while this one is live
  await fillMandate(proc, mario, PDF);
  assert.match(await proc.textContent('#e-codice_fiscale'), /Hai già una procura/);
  // straight to the PIN's page: refused, in words
  const res = await proc.goto(`${server.url}/area/procure/pin?codice_fiscale=${mario.cf}`);
  assert.equal(res.status(), 403);
  assert.match(await proc.textContent('#pin-refused'), /Non puoi richiedere il PIN per questa persona/);
  assert.match(await proc.textContent('#pin-refused'), /procura verificata/);
  assert.equal(await proc.locator('form#mandate-pin').count(), 0);
});

test('the back office accepts the mandate; the procurator requests the PIN; the halves go to the person', async () => {
  const op = await (await browser.newContext({ locale: 'it-IT' })).newPage();
  await J.operatorLogin(op, server);
  await op.goto(`${server.url}/backoffice?tipo=mandate`);
  const row = op.locator('tr', { hasText: caseNumber });
  assert.equal(await row.count(), 1, 'the mandate is in the queue of its kind');
  assert.match(await row.textContent(), /Procure/);
  if (process.env.VARCO_SCREENSHOTS) {
    await op.setViewportSize({ width: 1280, height: 900 });
    await op.screenshot({ path: `${process.env.VARCO_SCREENSHOTS}/bo-queue-desktop.png`, fullPage: true });
  }
  await J.openCase(op, server, caseNumber);
  if (process.env.VARCO_SCREENSHOTS) {
    await op.screenshot({ path: `${process.env.VARCO_SCREENSHOTS}/bo-case-desktop.png`, fullPage: true });
    await op.setViewportSize({ width: 390, height: 844 });
    await op.screenshot({ path: `${process.env.VARCO_SCREENSHOTS}/bo-case-phone.png`, fullPage: true });
  }
  assert.match(await op.textContent('main'), /Procura per conto di/);
  assert.match(await op.textContent('main'), /Procuratore/);
  const facts = await op.textContent('#facts');
  assert.match(facts, /Mario Bianchi/);
  assert.match(facts, new RegExp(mario.cf));
  assert.ok(await op.locator('iframe.varco-doc, img.img-fluid').count(), 'the document is shown');
  await J.submit(op, 'form#accept [type=submit]');
  await op.context().close();
  const accepted = await server.waitMail(giulia.email, /Procura verificata/);
  assert.match(accepted.text, /Mario Bianchi/);
  assert.ok(accepted.links.some((l) => l.endsWith('/area/procure')), accepted.text);

  const mineBefore = server.mailsTo(giulia.email).length;
  const lettersBefore = server.letters().length;
  await proc.goto(`${server.url}/area/procure`);
  const card = proc.locator(`[data-mandate="${mario.cf}"]`);
  assert.match(await card.locator('[data-state]').textContent(), /Verificata/);
  await card.getByRole('link', { name: 'Richiedi il PIN per questa persona' }).click();
  await proc.waitForLoadState('load');
  assert.match(await proc.textContent('#pin-where'), /Nessuna parte del PIN arriva al procuratore/);
  assert.equal(await proc.getByLabel('Codice fiscale').inputValue(), mario.cf);
  // her own email instead of his: refused, the rest kept
  await J.registerPersonFields(proc, { ...mario, email: giulia.email });
  await J.submit(proc, 'form#mandate-pin [type=submit]');
  assert.match(await proc.textContent('#e-email'), /email della persona che rappresenti/);
  assert.equal(await proc.getByLabel('Cognome').inputValue(), mario.family);
  await proc.getByLabel('Email').fill(mario.email);
  await proc.locator('input[name=privacy]').check();
  await J.submit(proc, 'form#mandate-pin [type=submit]');
  assert.match(proc.url(), /\/area\/procure\?pin=1$/);
  assert.match(await proc.textContent('#pin-sent'), /la persona riceve la prima parte del PIN/);

  // the person's mail and registered letter carry the halves
  const mail = await server.waitMail(mario.email, /prima parte/i);
  assert.match(mail.to, /mario\.bianchi@example\.org/);
  const letters = await server.waitLetters(lettersBefore + 1);
  const letter = letters.map(pdfText).find((t) => t.includes('Bianchi'));
  assert.ok(letter, 'no letter to Mario Bianchi');
  assert.match(letter, /Via Appia 3/);
  const [first, second] = J.pinHalves(mail.text, letter);
  // nothing to the procurator: no mail, no letter to her
  assert.equal(server.mailsTo(giulia.email).length, mineBefore);
  assert.ok(!server.letters().map(pdfText).some((t) => t.includes('Esposito') && (t.includes(second))));
  // the person logs in with them and chooses his PIN
  person = await (await browser.newContext({ locale: 'it-IT' })).newPage();
  await J.loginPin(person, server, mario.cf, first, second);
  assert.match(person.url(), /\/area\/pin$/);
  await person.getByLabel('Nuovo PIN').fill(mario.pin);
  await person.getByLabel('Ripeti il PIN').fill(mario.pin);
  await Promise.all([person.waitForNavigation({ waitUntil: 'load' }),
    person.getByRole('button', { name: 'Conferma il PIN' }).click()]);
  assert.match(person.url(), /\/area$/);
  // the mandate now names a person with an account: no PIN link any more
  await proc.goto(`${server.url}/area/procure`);
  assert.equal(await proc.getByRole('link', { name: 'Richiedi il PIN per questa persona' }).count(), 0);
});

test('the procurator acts for the person; the person sees it and revokes the mandate', async () => {
  await proc.goto(`${server.url}/area/procure`);
  await proc.locator(`[data-mandate="${mario.cf}"]`).getByRole('link', { name: /per conto/ }).click();
  await proc.waitForLoadState('load');
  await J.submit(proc, '#acting-options button');
  assert.match(await proc.textContent('#acting-banner'), new RegExp(`Mario Bianchi \\(C\\.F\\. ${mario.cf}\\)`));
  // the person's history names who acted for him
  await person.goto(`${server.url}/area/accessi`);
  assert.match((await person.textContent('main')).replace(/\s+/g, ' '), /Giulia Esposito/);
  // he revokes: her acting stops at her next request, she is told
  await person.goto(`${server.url}/area/procure`);
  assert.match(await person.textContent('#on-me'), /Giulia Esposito/);
  await checkA11y(person, '/area/procure (the person)');
  if (process.env.VARCO_SCREENSHOTS) {
    for (const [name, size] of [['phone', { width: 390, height: 844 }], ['desktop', { width: 1280, height: 900 }]]) {
      await person.setViewportSize(size);
      await person.screenshot({ path: `${process.env.VARCO_SCREENSHOTS}/mandates-person-${name}.png`, fullPage: true });
      await proc.setViewportSize(size);
      await proc.screenshot({ path: `${process.env.VARCO_SCREENSHOTS}/acting-person-${name}.png`, fullPage: true });
    }
  }
  await J.submit(person, '#on-me button:has-text("Revoca la procura")');
  assert.ok(await person.locator('#mandate-ended').count());
  assert.match(await person.textContent('#on-me [data-state]'), /Revocata/);
  await server.waitMail(giulia.email, /Procura revocata/);
  await proc.goto(`${server.url}/area`);
  assert.equal(await proc.locator('#acting-banner').count(), 0, 'still acting after the revocation');
  assert.ok(await proc.locator('#acting-stopped').count());
});

test('accessibility and looks of the procurator\'s pages, on a phone and a desktop', async () => {
  for (const [name, size] of [['phone', { width: 390, height: 844 }], ['desktop', { width: 1280, height: 900 }]]) {
    await proc.setViewportSize(size);
    await proc.goto(`${server.url}/area/procure`);
    await checkA11y(proc, `/area/procure (${name})`);
    await proc.goto(`${server.url}/area/procure/pin?codice_fiscale=${giulia.cf}`);
    await checkA11y(proc, `/area/procure/pin refused (${name})`);
    await proc.goto(`${server.url}/area/procure/pin?codice_fiscale=${mario.cf}`);
    await checkA11y(proc, `/area/procure/pin (${name})`);
    if (process.env.VARCO_SCREENSHOTS) {
      await proc.goto(`${server.url}/area/procure`);
      await proc.screenshot({ path: `${process.env.VARCO_SCREENSHOTS}/mandates-${name}.png`, fullPage: true });
      await proc.goto(`${server.url}/area/procure/pin?codice_fiscale=${giulia.cf}`);
      await proc.screenshot({ path: `${process.env.VARCO_SCREENSHOTS}/mandate-pin-refused-${name}.png`, fullPage: true });
      await proc.goto(`${server.url}/area/procure/pin?codice_fiscale=${mario.cf}`);
      await proc.screenshot({ path: `${process.env.VARCO_SCREENSHOTS}/mandate-pin-${name}.png`, fullPage: true });
      await proc.goto(`${server.url}/area`);
      await proc.screenshot({ path: `${process.env.VARCO_SCREENSHOTS}/area-${name}.png`, fullPage: true });
    }
  }
});
