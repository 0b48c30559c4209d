// SPDX-License-Identifier: AGPL-3.0-or-later
// The Istanze Online journey of seed 004, end to end in a real browser, by
// visible labels: registration with personal data and a password -> the
// temporary personal code by email -> typed in the pending area -> an
// office chosen from the list (and, changing it, from the map) -> the
// office told -> its desk sets the appointment (the .ics invitation parsed:
// Europe/Rome, REQUEST, then a move with a higher SEQUENCE) -> the desk
// records document, health card and the signed adhesion form (an expired
// document refused first) -> the back office rejects with reasons -> the
// person is recognised again -> accepted -> the mail that says so -> the forced
// replacement of the temporary code -> the full area. A desk of another
// office sees nobody of this one.
'use strict';

const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { startServer, launchBrowser, checkA11y } = require('./support');
const J = require('./journey');

let server;
let browser;
before(async () => {
  server = await startServer({ VARCO_PROFILE: 'istanze' });
  server.cli(['offices', 'import', path.join(__dirname, '..', '..', 'demo', 'offices.csv')]);
  server.addOperator('sportello.roma', { name: 'Sportello CNA Roma', role: 'desk', office: 'CNA-RM-001' });
  server.addOperator('sportello.milano', { name: 'Sportello CAF Milano', role: 'desk', office: 'CAF-MI-001' });
  browser = await launchBrowser();
});
after(async () => {
  if (browser) await browser.close();
  if (server) await server.stop();
});

const giulia = {
  cf: 'SPSGLI90L55F839S', given: 'Giulia', family: 'Esposito', sex: 'F', born: '1990-07-15',
  place: 'Napoli', placeProvince: 'NA', address: 'Via Toledo 10', postcode: '80134', city: 'Napoli',
  province: 'NA', email: 'giulia.esposito@example.org', mobile: '333 123 4567',
  password: 'Cavallo-Batteria-Graffetta-9',
};
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==', 'base64');

async function fresh(locale = 'it-IT') {
  const ctx = await browser.newContext({ locale });
  return { ctx, page: await ctx.newPage() };
}

// A day some weeks ahead, as the date field wants it, and as dd/mm/yyyy.
function ahead(days) {
  const d = new Date(Date.now() + days * 86400000);
  const iso = d.toISOString().slice(0, 10);
  return { iso, it: `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}`, ics: iso.replace(/-/g, '') };
}

async function deskPerson(page, family) {
  await page.goto(`${server.url}/backoffice/sportello`);
  await Promise.all([page.waitForNavigation({ waitUntil: 'load' }),
    page.locator('#desk-people a', { hasText: family }).click()]);
}

async function record(page, { expiry, scan = true }) {
  await page.getByLabel('Tipo di documento').selectOption({ label: "Carta d'identità" });
  await page.getByLabel('Numero del documento').fill('CA12345AB');
  await page.getByLabel('Rilasciato da').fill('Comune di Napoli');
  await page.getByLabel('Scadenza del documento').fill(expiry);
  await page.getByLabel('Numero della tessera sanitaria').fill('80380 00000 12345 67890');
  if (scan) {
    const file = path.join(server.dir, 'modulo-firmato.png');
    fs.writeFileSync(file, PNG);
    await page.setInputFiles('input[name=modulo]', file);
  }
  await Promise.all([page.waitForNavigation({ waitUntil: 'load' }),
    page.getByRole('button', { name: 'Registra il riconoscimento' }).click()]);
}

test('istanze: register, temporary code, office, appointment, desk, back office, personal code', async () => {
  const { ctx, page } = await fresh();
  // 1. registration with personal data and a password
  await J.registerPerson(page, server, giulia);
  assert.match(page.url(), /\/registrazione\/inviata$/);

  // 2. the temporary personal code by email, typed in the pending area
  const codeMail = await server.waitMail(giulia.email, /codice personale temporaneo/i);
  const code = /\b([A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4})\b/.exec(codeMail.text);
  assert.ok(code, codeMail.text);
  await J.login(page, server, giulia.email, giulia.password);
  await page.goto(`${server.url}/area/codice-personale`);
  await page.getByLabel('Codice personale temporaneo').fill(code[1]);
  await Promise.all([page.waitForNavigation({ waitUntil: 'load' }),
    page.getByRole('button', { name: 'Conferma il codice' }).click()]);
  await page.goto(`${server.url}/area`);
  await Promise.all([page.waitForNavigation({ waitUntil: 'load' }),
    page.getByRole('link', { name: 'Riconoscimento di persona' }).click()]);
  assert.match(page.url(), /\/area\/riconoscimento$/);

  await checkA11y(page, 'the chooser');
  // 3. an office from the list: the network switched on, then chosen
  await page.getByLabel('CAF', { exact: true }).check();
  await Promise.all([page.waitForNavigation({ waitUntil: 'load' }),
    page.getByRole('button', { name: 'Cerca' }).click()]);
  const caf = page.locator('li[data-office]').first();
  const cafName = await caf.getAttribute('data-name');
  await Promise.all([page.waitForNavigation({ waitUntil: 'load' }),
    caf.getByRole('button', { name: /Scegli questo ufficio/ }).click()]);
  assert.match(await page.textContent('main'), new RegExp(cafName.replace(/[()]/g, '.')));
  const cafMail = await server.waitMail('@', /ha scelto il vostro ufficio/);
  assert.match(cafMail.text, /giulia\.esposito@example\.org/);
  assert.match(cafMail.text, /SPSGLI90L55F839S/);

  await checkA11y(page, 'the office chosen');
  // ... and changed, from the map: a marker chosen shows its office's card
  await page.getByRole('link', { name: 'Scegli un altro ufficio' }).click();
  await page.waitForLoadState('load');
  await page.locator('#office-map .leaflet-marker-icon[title="CNA Roma Centro (demo)"]').first().waitFor();
  await page.locator('#office-map .leaflet-marker-icon[title="CNA Roma Centro (demo)"]').focus();
  await page.keyboard.press('Enter');
  const card = page.locator('li[data-office="CNA-RM-001"]');
  assert.equal(await card.getAttribute('aria-current'), 'true');
  await Promise.all([page.waitForNavigation({ waitUntil: 'load' }),
    card.getByRole('button', { name: /Scegli questo ufficio/ }).click()]);
  assert.match(await page.textContent('main'), /CNA Roma Centro \(demo\)/);
  await server.waitMail('roma', /ha scelto il vostro ufficio/);

  // 4. the desk of that office sets the appointment; the invitation is parsed
  const desk = await fresh();
  await J.operatorLogin(desk.page, server, server.operators['sportello.roma']);
  await checkA11y(desk.page, 'the desk with its people');
  await deskPerson(desk.page, 'Esposito');
  await checkA11y(desk.page, 'the desk, one person');
  const day = ahead(21);
  await desk.page.getByLabel('Giorno').fill(day.iso);
  await desk.page.getByLabel('Ora').fill('10:30');
  await Promise.all([desk.page.waitForNavigation({ waitUntil: 'load' }),
    desk.page.getByRole('button', { name: "Fissa l'appuntamento" }).click()]);
  assert.match(await desk.page.textContent('#desk-when'), new RegExp(day.it));
  const invite = await server.waitMail(giulia.email, /Appuntamento per il riconoscimento/);
  assert.ok(invite.ics, 'the invitation is attached');
  assert.match(invite.calendar.type, /text\/calendar; method=REQUEST/);
  assert.match(invite.ics, /METHOD:REQUEST/);
  assert.match(invite.ics, new RegExp(`DTSTART;TZID=Europe/Rome:${day.ics}T103000`));
  assert.match(invite.ics, new RegExp(`DTEND;TZID=Europe/Rome:${day.ics}T110000`));
  assert.match(invite.ics, /BEGIN:VTIMEZONE\r\nTZID:Europe\/Rome/);
  assert.match(invite.ics, /SEQUENCE:0/);
  const uid = /UID:(\S+)/.exec(invite.ics)[1];
  // moved: the same event, a new sequence
  await desk.page.getByLabel('Ora').fill('11:00');
  await Promise.all([desk.page.waitForNavigation({ waitUntil: 'load' }),
    desk.page.getByRole('button', { name: "Sposta l'appuntamento" }).click()]);
  const moved = await server.waitMail(giulia.email, /Appuntamento per il riconoscimento/, 2);
  assert.match(moved.ics, new RegExp(`UID:${uid}`));
  assert.match(moved.ics, /SEQUENCE:1/);
  assert.match(moved.ics, new RegExp(`DTSTART;TZID=Europe/Rome:${day.ics}T110000`));
  // the person sees it in the area
  await page.goto(`${server.url}/area/riconoscimento`);
  assert.match(await page.textContent('#appointment'), new RegExp(`${day.it}.*11:00`));
  await checkA11y(page, 'the appointment in the area');

  // 5. a desk of another office sees nobody of this one
  const other = await fresh();
  await J.operatorLogin(other.page, server, server.operators['sportello.milano']);
  assert.match(await other.page.textContent('main'), /Nessuna persona ha ancora scelto/);
  const personHref = await (async () => {
    await desk.page.goto(`${server.url}/backoffice/sportello`);
    return desk.page.locator('#desk-people a', { hasText: 'Esposito' }).getAttribute('href');
  })();
  const r = await other.page.goto(`${server.url}${personHref}`);
  assert.equal(r.status(), 404);
  await other.ctx.close();

  // 6. at the appointment: an expired document is refused, with the reason
  await deskPerson(desk.page, 'Esposito');
  await record(desk.page, { expiry: '2020-01-31' });
  assert.match(await desk.page.textContent('#e-scadenza'), /Il documento è scaduto/);
  await checkA11y(desk.page, 'the record refused');
  await record(desk.page, { expiry: ahead(800).iso });
  assert.match(desk.page.url(), /\/backoffice\/sportello\?/);
  await server.waitMail(giulia.email, /Riconoscimento registrato/);

  // 7. the back office: the queue of this kind, the case, a rejection
  const bo = await fresh();
  await J.operatorLogin(bo.page, server);
  await bo.page.getByRole('link', { name: 'Riconoscimento di persona' }).click();
  await bo.page.waitForLoadState('load');
  const row = bo.page.locator('tr', { hasText: 'Giulia Esposito' });
  assert.match(await row.textContent(), /Riconoscimento di persona/);
  await Promise.all([bo.page.waitForNavigation({ waitUntil: 'load' }), row.locator('a').first().click()]);
  await checkA11y(bo.page, 'the in-person case');
  const facts = await bo.page.textContent('#facts');
  assert.match(facts, /CA12345AB/);
  assert.match(facts, /80380000001234567890/);
  assert.match(facts, /CNA Roma Centro/);
  await bo.page.getByLabel('Motivi del rifiuto').fill('La firma sul modulo non si legge.');
  await Promise.all([bo.page.waitForNavigation({ waitUntil: 'load' }),
    bo.page.getByRole('button', { name: 'Rifiuta' }).click()]);
  const no = await server.waitMail(giulia.email, /Riconoscimento non confermato/);
  assert.match(no.text, /La firma sul modulo non si legge/);
  await page.goto(`${server.url}/area/riconoscimento`);
  assert.match(await page.textContent('#reasons'), /La firma sul modulo non si legge/);
  await checkA11y(page, 'a negative outcome');

  // 8. again at the same office, recorded again, accepted
  await Promise.all([page.waitForNavigation({ waitUntil: 'load' }),
    page.locator('li[data-office="CNA-RM-001"]').getByRole('button', { name: /Scegli questo ufficio/ }).click()]);
  await deskPerson(desk.page, 'Esposito');
  await record(desk.page, { expiry: ahead(800).iso });
  await J.openCase(bo.page, server, 'RP-');
  await Promise.all([bo.page.waitForNavigation({ waitUntil: 'load' }),
    bo.page.getByRole('button', { name: 'Accetta' }).click()]);
  await server.waitMail(giulia.email, /La tua utenza è abilitata/);

  // 9. the next login: the temporary code must be replaced before anything else
  const again = await fresh();
  await J.login(again.page, server, giulia.email, giulia.password);
  assert.match(again.page.url(), /\/area\/codice-personale$/);
  await again.page.goto(`${server.url}/area/dati`);
  assert.match(again.page.url(), /\/area\/codice-personale$/, 'nothing else before the code');
  await again.page.getByLabel('Codice personale temporaneo').fill(code[1]);
  await again.page.getByLabel('Nuovo codice personale').fill('Girasole-Lanterna-47');
  await again.page.getByLabel('Ripeti il codice personale').fill('Girasole-Lanterna-47');
  await Promise.all([again.page.waitForNavigation({ waitUntil: 'load' }),
    again.page.getByRole('button', { name: 'Conferma il codice personale' }).click()]);
  await again.page.goto(`${server.url}/area`);
  assert.match(again.page.url(), /\/area$/);
  assert.match(await again.page.textContent('main'), /codice personale/i);
  await server.waitMail(giulia.email, /attiv/i);
  for (const c of [again, desk, bo]) await c.ctx.close();
  await ctx.close();
});
