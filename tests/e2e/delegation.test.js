// SPDX-License-Identifier: AGPL-3.0-or-later
// Delegation of enasarco (issue 15, seed 001 "Servizio delega"), end to end
// in a real browser: a company's representative delegates a registered
// firm, its administrator accepts, an operator acts for the company (banner,
// audit on both sides), a colleague is invited and acts too, a second
// delegation is refused while one is active, the company revokes and a
// session acting for it stops at its next request; then an unregistered
// firm is invited, registers through /registrazione/studio and accepts.
// An application of the institution (the demo app, over OpenID Connect)
// logged in while acting names the company as the subject and the operator
// in "act"; the revocation ends that login too.
// The four journeys (register -> confirm -> form -> back office -> letter)
// are the expensive part: each person goes through once, and the steps
// below share them, in order.
'use strict';

const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { startServer, launchBrowser, pdfText, checkA11y } = require('./support');
const J = require('./journey');
const { startDemoApp, idTokenShown } = require('./demo_app');

// A codice fiscale as the tax agency computes it from the person's data.
function cfOf(family, given, sex, born, placeCode) {
  const up = (s) => s.toUpperCase().replace(/[^A-Z]/g, '');
  const cons = (s) => up(s).replace(/[AEIOU]/g, '');
  const vows = (s) => up(s).replace(/[^AEIOU]/g, '');
  const three = (s) => `${s}XXX`.slice(0, 3);
  const fam = three(cons(family) + vows(family));
  const c = cons(given);
  const giv = c.length >= 4 ? c[0] + c[2] + c[3] : three(c + vows(given));
  const [y, m, d] = born.split('-').map(Number);
  const day = String(sex === 'F' ? d + 40 : d).padStart(2, '0');
  const body = `${fam}${giv}${String(y % 100).padStart(2, '0')}${'ABCDEHLMPRST'[m - 1]}${day}${placeCode}`;
  const L = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
  const odd = [1, 0, 5, 7, 9, 13, 15, 17, 19, 21, 2, 4, 18, 20, 11, 3, 6, 8, 12, 14, 16, 10, 22, 25, 24, 23];
  let sum = 0;
  for (let i = 0; i < 15; i++) {
    const ch = body[i];
    const v = /\d/.test(ch) ? Number(ch) : L.indexOf(ch);
    sum += i % 2 === 0 ? odd[v] : v;
  }
  return body + L[sum % 26];
}

// The company of the demo registry (demo/members.csv) and its representative.
const company = {
  matricola: '100016', cf: 'GRDRRT66C21F205E', email: 'roberto.giordano@example.org',
  password: 'Alfa2024!', name: 'Alfa Forniture SpA', piva: '11223344554',
};
// Firms: A registers by itself; B is invited by the company's delegation.
const firmA = { taxId: '01234567897', name: 'Studio Neri Commercialisti' };
const firmB = { taxId: '09876543217', name: 'Studio Fontana' };
const carlo = {
  given: 'Carlo', family: 'Neri', sex: 'M', born: '1975-02-10', place: 'Roma', placeProvince: 'RM',
  placeCode: 'H501', address: 'Via Cavour 5', postcode: '00184', city: 'Roma', province: 'RM',
  email: 'carlo.neri@example.org', password: 'Neri2024!x',
};
const paola = {
  given: 'Paola', family: 'Galli', sex: 'F', born: '1982-09-25', place: 'Milano', placeProvince: 'MI',
  placeCode: 'F205', address: 'Via Dante 8', postcode: '20121', city: 'Milano', province: 'MI',
  email: 'paola.galli@example.org', password: 'Galli2024!x',
};
const sergio = {
  given: 'Sergio', family: 'Fontana', sex: 'M', born: '1970-11-03', place: 'Torino', placeProvince: 'TO',
  placeCode: 'L219', address: 'Via Roma 20', postcode: '10121', city: 'Torino', province: 'TO',
  email: 'sergio.fontana@example.org', password: 'Fontana24!x',
};
for (const p of [carlo, paola, sergio]) p.cf = cfOf(p.family, p.given, p.sex, p.born, p.placeCode);

let server;
let browser;
let op; // the back office's page
let demo; // the demo relying application
const ctx = {};

before(async () => {
  server = await startServer();
  demo = await startDemoApp(server);
  browser = await launchBrowser();
  op = await (await browser.newContext({ locale: 'it-IT' })).newPage();
  await J.operatorLogin(op, server);
});

after(async () => {
  if (demo) await demo.stop();
  if (browser) await browser.close();
  if (server) await server.stop();
});

async function newPage() {
  const c = await browser.newContext({ locale: 'it-IT', acceptDownloads: true });
  return c.newPage();
}

// A firm's operator registers through /registrazione/studio.
async function registerFirm(page, p, taxId, firmName) {
  await page.goto(`${server.url}/registrazione/studio`);
  await page.fill('input[name=firm_tax_id]', taxId);
  if (firmName) await page.fill('input[name=firm_name]', firmName);
  await page.fill('input[name=codice_fiscale]', p.cf);
  await page.fill('input[name=given_name]', p.given);
  await page.fill('input[name=family_name]', p.family);
  await page.click(`label[for=f-sex-${p.sex.toLowerCase()}]`);
  await page.fill('input[name=birth_date]', p.born);
  await page.fill('input[name=birth_place]', p.place);
  await page.fill('input[name=birth_province]', p.placeProvince);
  await page.fill('input[name=address]', p.address);
  await page.fill('input[name=postcode]', p.postcode);
  await page.fill('input[name=city]', p.city);
  await page.fill('input[name=province]', p.province);
  await page.fill('input[name=email]', p.email);
  await page.fill('input[name=password]', p.password);
  await page.fill('input[name=password_confirm]', p.password);
  await page.check('input[name=privacy]');
  await J.submit(page, 'form#register [type=submit]');
}

let letters = 0;
// The rest of the journey, the same for a member and a firm's operator:
// confirm the email, send the form, the back office accepts, the letter's code.
async function finishJourney(page, email, password, family) {
  if (!page.url().endsWith('/area')) await J.login(page, server, email, password);
  const mail = await server.waitMail(email, /Conferma il tuo indirizzo/);
  const link = mail.links.find((l) => l.includes('/conferma-email?t='));
  await page.goto(link);
  await J.submit(page, 'form#confirm [type=submit]');
  const form = await J.downloadForm(page, server);
  const caseNumber = /ID-\d{4}-\d{6}/.exec(form.text)[0];
  await J.uploadForm(page, server, form.file);
  await J.openCase(op, server, caseNumber);
  await J.submit(op, 'form#accept [type=submit]');
  letters += 1;
  const all = await server.waitLetters(letters);
  const text = all.map(pdfText).find((t) => t.includes(family) || t.includes(family.toUpperCase()));
  assert.ok(text, `no letter for ${family}`);
  const code = /\b([A-Z0-9]{4}) ([A-Z0-9]{4}) ([A-Z0-9]{4})\b/.exec(text);
  await page.goto(`${server.url}/area/attivazione`);
  await page.fill('input[name=codice]', code[0]);
  await J.submit(page, 'form#activation [type=submit]');
  assert.ok(await page.locator('[data-menu=full]').count(), `${email}: full menu not shown`);
}

// With VARCO_SHOTS=<dir>, the pages of this file photographed on a phone
// and a desktop for a person to look at (nothing is asserted).
async function shot(page, name) {
  const dir = process.env.VARCO_SHOTS;
  if (!dir) return;
  const fs = require('node:fs');
  fs.mkdirSync(dir, { recursive: true });
  const was = page.viewportSize();
  for (const [size, vp] of [['phone', { width: 390, height: 844 }], ['desktop', { width: 1280, height: 900 }]]) {
    await page.setViewportSize(vp);
    await page.screenshot({ path: `${dir}/${name}-${size}.png`, fullPage: true });
  }
  await page.setViewportSize(was);
}

// Logs the page's person into the demo application; what its ID token said.
async function demoLogin(page) {
  await page.goto(`${demo.url}/login`);
  await page.waitForSelector('table#id-token', { timeout: 15000 });
  return idTokenShown(page);
}

async function main(page) {
  return (await page.textContent('main')).replace(/\s+/g, ' ');
}

test('the company representative and the first firm go through their journeys', async () => {
  ctx.company = await newPage();
  await J.register(ctx.company, server, { ...company });
  await finishJourney(ctx.company, company.email, company.password, 'Giordano');
  assert.ok(await ctx.company.locator('#card-delegations').count(), 'no "Deleghe" card');

  ctx.carlo = await newPage();
  // the member's registration points firms' operators to theirs
  await ctx.carlo.goto(`${server.url}/registrazione`);
  await J.submit(ctx.carlo, '#firm-register-link a');
  assert.match(ctx.carlo.url(), /\/registrazione\/studio$/);
  await checkA11y(ctx.carlo, '/registrazione/studio');
  // a new firm without its name: the form comes back with what was typed
  await registerFirm(ctx.carlo, carlo, firmA.taxId, '');
  assert.match(await main(ctx.carlo), /nome dello studio/i);
  await shot(ctx.carlo, 'register_firm-errors');
  assert.equal(await ctx.carlo.inputValue('input[name=firm_tax_id]'), firmA.taxId);
  assert.equal(await ctx.carlo.inputValue('input[name=given_name]'), carlo.given);
  await registerFirm(ctx.carlo, carlo, firmA.taxId, firmA.name);
  assert.match(ctx.carlo.url(), /\/registrazione\/inviata$/);
  await finishJourney(ctx.carlo, carlo.email, carlo.password, 'Neri');
  assert.ok(await ctx.carlo.locator('#card-firm').count(), 'no "Studio" card');
  assert.equal(await ctx.carlo.locator('#card-acting').count(), 0);
});

test('a firm operator cannot see the company page, nor a member the firm page', async () => {
  const r1 = await ctx.carlo.goto(`${server.url}/area/deleghe`);
  assert.equal(r1.status(), 404);
  const r2 = await ctx.company.goto(`${server.url}/area/studio`);
  assert.equal(r2.status(), 404);
});

test('the company delegates the registered firm, which accepts', async () => {
  const page = ctx.company;
  await page.goto(`${server.url}/area/deleghe`);
  await checkA11y(page, '/area/deleghe (empty)');
  // a bad partita IVA: the error in Italian, what was typed kept
  await page.fill('input[name=tax_id]', '01234567890');
  await page.fill('input[name=email]', carlo.email);
  await J.submit(page, 'form#delegate [type=submit]');
  assert.match(await main(page), /partita IVA non è valida/);
  await shot(page, 'delegations-error');
  assert.equal(await page.inputValue('input[name=email]'), carlo.email);
  await page.fill('input[name=tax_id]', firmA.taxId);
  await J.submit(page, 'form#delegate [type=submit]');
  assert.ok(await page.locator('#delegation-done').count());
  assert.match(await page.textContent('#delegations'), /Studio Neri Commercialisti[\s\S]*In attesa/);

  const received = await server.waitMail(carlo.email, /Alfa Forniture SpA delega il tuo studio/);
  assert.match(received.text, /11223344554/);
  const firmLink = received.links.find((l) => l.endsWith('/area/studio'));
  assert.ok(firmLink, received.text);
  await ctx.carlo.goto(firmLink);
  await checkA11y(ctx.carlo, '/area/studio (pending)');
  await shot(ctx.carlo, 'firm-pending');
  const pending = ctx.carlo.locator('#pending li', { hasText: company.name });
  await J.submit(ctx.carlo, `#pending li:has-text("${company.name}") button:has-text("Accetta")`);
  assert.equal(await pending.count(), 0);
  assert.match(await ctx.carlo.textContent('#active'), /Alfa Forniture SpA/);
  const accepted = await server.waitMail(company.email, /ha accettato la delega/);
  assert.match(accepted.text, /Studio Neri Commercialisti/);
});

test('the operator acts for the company: banner, audit on both sides', async () => {
  const page = ctx.carlo;
  await page.goto(`${server.url}/area`);
  assert.ok(await page.locator('#card-acting').count(), 'no "Opera per conto di" card');
  await page.goto(`${server.url}/area/per-conto`);
  await checkA11y(page, '/area/per-conto');
  await shot(page, 'acting');
  await J.submit(page, '#acting-options button:has-text("Opera per conto di Alfa Forniture SpA")');
  const banner = page.locator('#acting-banner');
  assert.match(await banner.textContent(), /Stai operando per conto di\s+Alfa Forniture SpA \(P\. IVA 11223344554\)/);
  await checkA11y(page, '/area (acting)');
  await shot(page, 'area-acting');
  // every page shows it; the person's own pages stay theirs
  await page.goto(`${server.url}/area/password`);
  assert.ok(await banner.count());
  await page.goto(`${server.url}/area/dati`);
  assert.match(await main(page), /Neri/);

  await page.goto(`${server.url}/area/accessi`);
  assert.match(await main(page), /Inizio dell'operatività per delega.*Per conto di Alfa Forniture SpA/);
  await shot(page, 'history-operator');
  await ctx.company.goto(`${server.url}/area/accessi`);
  assert.match(await main(ctx.company), /Inizio dell'operatività per delega.*Carlo Neri, Studio Neri Commercialisti/);
  await shot(ctx.company, 'history-company');

  // the institution's application: the company is the subject, Carlo acts
  const asCompany = await demoLogin(page);
  assert.equal(asCompany.azienda, company.name);
  assert.equal(asCompany.partita_iva, `VATIT-${company.piva}`);
  const act = JSON.parse(asCompany.act);
  assert.equal(act.name, 'Carlo Neri');
  assert.match(await page.textContent('h2'), /Carlo Neri, per conto di Alfa Forniture SpA/);
  const byRep = await demoLogin(ctx.company); // the representative: the company by right
  assert.equal(byRep.sub, asCompany.sub, 'the same subject: the company');
  assert.equal(byRep.act, undefined, 'nobody acts for the representative');
  assert.notEqual(act.sub, asCompany.sub, 'the actor is not the subject');
  await page.goto(`${server.url}/area/accessi`);
  assert.match(await main(page), /Accesso a un'applicazione con questo account\s*Per conto di Alfa Forniture SpA/);
  await ctx.company.goto(`${server.url}/area/accessi`);
  assert.match(await main(ctx.company), /Accesso a un'applicazione con questo account.*Carlo Neri, Studio Neri Commercialisti/);

  // ending it: the banner goes, the end is audited
  await page.goto(`${server.url}/area`);
  await J.submit(page, '#acting-banner button');
  assert.equal(await banner.count(), 0);
  assert.ok(await page.locator('#acting-done').count());
  await page.goto(`${server.url}/area/accessi`);
  assert.match(await main(page), /Fine dell'operatività/);
});

test('a second delegation is refused while one is active', async () => {
  const page = ctx.company;
  await page.goto(`${server.url}/area/deleghe`);
  assert.ok(await page.locator('#one-at-a-time').count());
  await page.fill('input[name=tax_id]', firmB.taxId);
  await page.fill('input[name=email]', sergio.email);
  await J.submit(page, 'form#delegate [type=submit]');
  assert.match(await page.textContent('#error-summary'), /già una delega attiva o in attesa: revocala/);
  await shot(page, 'delegations-one-at-a-time');
  assert.equal(await page.inputValue('input[name=tax_id]'), firmB.taxId);
  assert.equal(server.mailsTo(sergio.email).length, 0, 'the refused delegation mailed the firm');
});

test('an invited colleague registers and acts', async () => {
  const page = ctx.carlo;
  await page.goto(`${server.url}/area/studio`);
  await page.fill('#invite input[name=email]', paola.email);
  await J.submit(page, 'form#invite [type=submit]');
  assert.ok(await page.locator('#firm-done').count());
  assert.match(await page.textContent('#people'), /paola\.galli@example\.org[\s\S]*Invitato/);
  await shot(page, 'firm-invited');
  const inv = await server.waitMail(paola.email, /Invito a operare per Studio Neri/);
  const link = inv.links.find((l) => l.endsWith('/registrazione/studio'));
  assert.ok(link, inv.text);

  ctx.paola = await newPage();
  await ctx.paola.goto(link);
  // invited: the firm is known by its tax id, no name asked
  await registerFirm(ctx.paola, paola, firmA.taxId, '');
  assert.match(ctx.paola.url(), /\/registrazione\/inviata$/);
  await finishJourney(ctx.paola, paola.email, paola.password, 'Galli');
  await ctx.paola.goto(`${server.url}/area/studio`);
  assert.equal(await ctx.paola.locator('button:has-text("Rinuncia")').count(), 0, 'a colleague is no administrator');
  await ctx.paola.goto(`${server.url}/area/per-conto`);
  await J.submit(ctx.paola, '#acting-options button');
  assert.ok(await ctx.paola.locator('#acting-banner').count());
  const shown = await demoLogin(ctx.paola);
  assert.equal(JSON.parse(shown.act).name, 'Paola Galli');
  assert.equal(shown.azienda, company.name);
});

test('the company revokes: an acting session stops at its next request', async () => {
  const page = ctx.company;
  await page.goto(`${server.url}/area/deleghe`);
  await J.submit(page, '#delegations li[data-state=active] button:has-text("Revoca")');
  assert.ok(await page.locator('#confirm').count(), 'no confirmation asked');
  await checkA11y(page, '/area/deleghe (confirm)');
  await shot(page, 'delegations-confirm');
  await J.submit(page, '#confirm button[type=submit]');
  assert.match(await page.textContent('#delegations'), /Revocata/);
  await server.waitMail(carlo.email, /ha revocato la delega/);

  // the application login made while acting ended with the delegation
  await ctx.paola.goto(`${demo.url}/`);
  await J.submit(ctx.paola, '#refresh');
  assert.match(await ctx.paola.textContent('#notice'), /Rinnovo non riuscito \(invalid_grant\)/);

  await ctx.paola.goto(`${server.url}/area`);
  assert.equal(await ctx.paola.locator('#acting-banner').count(), 0, 'still acting after the revocation');
  assert.match(await ctx.paola.textContent('#acting-stopped'), /La delega non è più attiva: ora operi per te/);
  await shot(ctx.paola, 'area-acting-stopped');
  await ctx.paola.reload();
  assert.equal(await ctx.paola.locator('#acting-stopped').count(), 0, 'the notice shows once');
  await ctx.paola.goto(`${server.url}/area/per-conto`);
  assert.ok(await ctx.paola.locator('#no-options').count());
  // a stale form cannot start acting again
  const csrf = await J.csrfOf(ctx.paola);
  const r = await ctx.paola.request.post(`${server.url}/area/per-conto`, {
    form: { csrf, delega: '1' }, headers: { origin: server.url }, maxRedirects: 0,
  });
  assert.equal(r.status(), 409);
  await ctx.paola.goto(`${server.url}/area`);
  assert.equal(await ctx.paola.locator('#acting-banner').count(), 0);
});

test('an unregistered firm is invited, registers and accepts', async () => {
  const page = ctx.company;
  await page.goto(`${server.url}/area/deleghe`);
  await page.fill('input[name=tax_id]', firmB.taxId);
  await page.fill('input[name=email]', sergio.email);
  await J.submit(page, 'form#delegate [type=submit]');
  assert.match(await page.textContent('#delegations'), /Studio non ancora registrato[\s\S]*In attesa/);
  const inv = await server.waitMail(sergio.email, /Alfa Forniture SpA delega il tuo studio/);
  assert.match(inv.text, /non è ancora registrato/);
  const link = inv.links.find((l) => l.endsWith('/registrazione/studio'));
  assert.ok(link, inv.text);

  ctx.sergio = await newPage();
  await ctx.sergio.goto(link);
  await registerFirm(ctx.sergio, sergio, firmB.taxId, firmB.name);
  assert.match(ctx.sergio.url(), /\/registrazione\/inviata$/);
  await finishJourney(ctx.sergio, sergio.email, sergio.password, 'Fontana');
  await ctx.sergio.goto(`${server.url}/area/studio`);
  assert.match(await ctx.sergio.textContent('h1'), /Studio Fontana/);
  await J.submit(ctx.sergio, `#pending li:has-text("${company.name}") button:has-text("Accetta")`);
  assert.match(await ctx.sergio.textContent('#active'), /Alfa Forniture SpA/);
  await page.goto(`${server.url}/area/deleghe`);
  assert.match(await page.textContent('#delegations li[data-state=active]'), /Studio Fontana/);
  await shot(page, 'delegations-list');
  await page.goto(`${server.url}/area`);
  await shot(page, 'area-company');
  assert.match(server.cli(['audit', 'verify']), /intact/);
});
