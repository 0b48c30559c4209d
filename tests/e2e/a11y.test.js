// SPDX-License-Identifier: AGPL-3.0-or-later
// axe-core's WCAG 2.1 A/AA rules (support.js checkA11y) on every kind of
// page, on a phone and on a desktop: the public pages (and a form answered
// with errors), a member's limited and full area along the real journey,
// the back office from its login to the queue and a case, and the desk of
// an office. A page added later is checked by calling checkA11y in its own
// test; the area's and the back office's menus are followed here, so a page
// they link is checked here too.
'use strict';

const { test, before, after, beforeEach } = require('node:test');
const assert = require('node:assert/strict');
const path = require('node:path');
const { startServer, launchBrowser, checkA11y, pdfText } = require('./support');
const J = require('./journey');

const VIEWPORTS = { phone: { width: 390, height: 844 }, desktop: { width: 1280, height: 900 } };

let server;
let browser;
before(async () => {
  server = await startServer();
  server.cli(['offices', 'import', path.join(__dirname, '..', '..', 'demo', 'offices.csv')]);
  server.addOperator('sportello.roma', { name: 'Sportello di Roma', role: 'desk', office: 'CNA-RM-001' });
  browser = await launchBrowser();
});
after(async () => {
  if (browser) await browser.close();
  if (server) await server.stop();
});

// Each test goes through all its pages and then fails once, with the
// violations of every page it checked (one fix round, not one per page).
let found = [];
async function check(page, label) {
  try {
    await checkA11y(page, label);
  } catch (e) {
    if (!(e instanceof assert.AssertionError)) throw e;
    found.push(e.message);
  }
}
beforeEach(() => { found = []; });
function reportFound() {
  const lines = found;
  found = [];
  if (lines.length) throw new assert.AssertionError({ message: lines.join('\n') });
}

async function newPage() {
  const ctx = await browser.newContext({ locale: 'it-IT', acceptDownloads: true, viewport: VIEWPORTS.desktop });
  return { ctx, page: await ctx.newPage() };
}

// Loads urlPath at each viewport and checks it; expect: the status it must
// answer (a page that is not there is not checked by mistake).
async function visit(page, urlPath, expect = 200) {
  for (const [name, viewport] of Object.entries(VIEWPORTS)) {
    await page.setViewportSize(viewport);
    const res = await page.goto(`${server.url}${urlPath}`);
    assert.equal(res.status(), expect, `${urlPath} answered ${res.status()}`);
    await check(page, `${name} ${urlPath}`);
  }
}

// Checks the document the page holds (the answer of a form) at each
// viewport, without loading it again.
async function checkHere(page, label) {
  for (const [name, viewport] of Object.entries(VIEWPORTS)) {
    await page.setViewportSize(viewport);
    await check(page, `${name} ${label}`);
  }
  await page.setViewportSize(VIEWPORTS.desktop);
}

// The same-site links of the page's element `scope` under `prefix`, pages
// only (no PDF, no query), in order, once each.
async function linksOf(page, scope, prefix) {
  const hrefs = await page.locator(`${scope} a[href^="${prefix}"]`)
    .evaluateAll((as) => as.map((a) => a.getAttribute('href')));
  return [...new Set(hrefs.filter((h) => !/[.?#]/.test(h)))];
}

test('the checker fails on a violation, names it, and leaves out only what it is told', async () => {
  const { ctx, page } = await newPage();
  await page.goto(`${server.url}/accedi`);
  // an image without a text alternative and an unnamed field, added to a real page
  await page.evaluate(() => {
    const main = document.querySelector('main');
    main.insertAdjacentHTML('beforeend', '<img src="/logo" id="no-alt"><input type="text" id="no-label">');
  });
  await assert.rejects(checkA11y(page, 'planted'), (e) => {
    assert.match(e.message, /on planted/);
    assert.match(e.message, /- image-alt \[critical\] Images must have alternative text/);
    assert.match(e.message, /#no-alt/);
    assert.match(e.message, /- label \[critical\]/);
    assert.match(e.message, /#no-label/);
    return true;
  });
  // what a test leaves out on purpose is left out, and only that
  await checkA11y(page, 'planted, both left out', { exclude: ['#no-alt', '#no-label'] });
  await checkA11y(page, 'planted, both rules off', { disable: ['image-alt', 'label'] });
  await assert.rejects(checkA11y(page, 'planted', { exclude: ['#no-alt'] }), /- label \[critical\]/);
  // the page's CSP is the one it always has: the check runs under it
  assert.match((await page.goto(`${server.url}/accedi`)).headers()['content-security-policy'], /script-src 'self'/);
  await checkA11y(page);
  await ctx.close();
});

test('public pages, on a phone and a desktop', async () => {
  const { ctx, page } = await newPage();
  for (const p of ['/', '/accedi', '/registrazione', '/recupero', '/recupero/password', '/recupero/entrambi',
    '/recupero/nome-utente', '/recupero/pin', '/informativa', '/accessibilita', '/sportelli',
    '/sportelli?rete=CAF&rete=CNA&provincia=RM', '/sportelli?comune=Aosta', '/conferma-email',
    '/registrazione/inviata', '/email/conferma']) {
    await visit(page, p);
  }
  // the sub-pages the hub links, whatever they are
  await page.goto(`${server.url}/recupero`);
  for (const p of await linksOf(page, 'main', '/recupero/')) await visit(page, p);
  // a search refused (a province that is not one)
  await visit(page, '/sportelli?provincia=R1', 422);
  await visit(page, '/recupero/nuova-password', 410); // a link without its token
  await visit(page, '/non-esiste', 404);
  await ctx.close();
  reportFound();
});

test('forms answered: registration with errors (422), login refused, recovery', async () => {
  const { ctx, page } = await newPage();
  await page.goto(`${server.url}/registrazione`);
  await page.fill('input[name=codice_fiscale]', 'RSSMRA80A41F205X');
  await page.fill('input[name=password]', 'corta');
  const [res] = await Promise.all([page.waitForNavigation({ waitUntil: 'load' }),
    page.click('form#register [type=submit]')]);
  assert.equal(res.status(), 422);
  assert.equal(await page.locator('#error-summary').count(), 1);
  await checkHere(page, 'POST /registrazione with errors');

  await page.goto(`${server.url}/accedi`);
  await page.fill('input[name=username]', 'nessuno@example.org');
  await page.fill('input[name=password]', 'Sbagliata-ma-lunga-1');
  await J.submit(page, 'form#login [type=submit]');
  await checkHere(page, 'POST /accedi refused');

  await page.goto(`${server.url}/recupero/password`);
  await J.submit(page, 'main form [type=submit]');
  await checkHere(page, 'POST /recupero/password empty');
  await page.fill('main form input[name=email]', 'nessuno@example.org');
  await J.submit(page, 'main form [type=submit]');
  await checkHere(page, 'POST /recupero/password sent');
  await ctx.close();
  reportFound();
});

test('a member: the limited area, the back office that accepts the form, the full area', async () => {
  const { ctx, page } = await newPage();
  const email = 'a11y.member@example.org';
  const password = 'Girasole!74';
  await J.register(page, server, { matricola: '100018', cf: 'LMBFRC86M55A794X', email, password });
  await checkHere(page, 'the area before confirming the email');
  await J.confirmEmail(page, server, email);

  // limited area: its home and every page it links
  await visit(page, '/area');
  assert.equal(await page.locator('[data-menu=limited]').count(), 1);
  const limited = await linksOf(page, 'main', '/area/');
  for (const p of ['/area/modulo', '/area/accessi', '/area/password', '/area/email', '/area/sessioni']) {
    assert.ok(limited.includes(p), `the limited area links no ${p}: ${limited}`);
  }
  for (const p of limited) await visit(page, p);
  // the form sent back (an upload without a file: the error summary)
  await page.goto(`${server.url}/area/modulo`);
  await J.submit(page, 'form#upload [type=submit]');
  await checkHere(page, 'POST /area/modulo without a file');
  const form = await J.downloadForm(page, server);
  const caseNumber = /ID-\d{4}-\d{6}/.exec(form.text)[0];
  await J.uploadForm(page, server, form.file);
  await checkHere(page, 'the form received');

  // the back office: login, enrolment, first password, queue, its menu, the case
  const bo = await newPage();
  await J.operatorLogin(bo.page, server, server.operators.tester,
    (label) => checkHere(bo.page, label));
  await visit(bo.page, '/backoffice');
  assert.equal(await bo.page.locator('tr', { hasText: caseNumber }).count(), 1);
  for (const p of await linksOf(bo.page, '.varco-bo-nav', '/backoffice')) await visit(bo.page, p);
  await J.openCase(bo.page, server, caseNumber);
  await checkHere(bo.page, 'the case');
  await J.submit(bo.page, 'form#accept [type=submit]');
  await checkHere(bo.page, 'the queue after the case was accepted');
  await bo.ctx.close();

  // the full area, after the letter's code
  const letter = (await server.waitLetters(1)).map(pdfText).find((t) => /Lombardi/i.test(t));
  const code = /\b[A-Z0-9]{4} [A-Z0-9]{4} [A-Z0-9]{4}\b/.exec(letter)[0];
  await visit(page, '/area/attivazione');
  await page.fill('input[name=codice]', code);
  await J.submit(page, 'form#activation [type=submit]');
  await visit(page, '/area');
  assert.equal(await page.locator('[data-menu=full]').count(), 1);
  const full = await linksOf(page, 'main', '/area/');
  assert.ok(full.length >= 4, `the full area links ${full}`);
  for (const p of full) await visit(page, p);
  await ctx.close();
  reportFound();
});

test('the desk of an office: its login and its page', async () => {
  const { ctx, page } = await newPage();
  await J.operatorLogin(page, server, server.operators['sportello.roma'],
    (label) => checkHere(page, `desk: ${label}`));
  await visit(page, '/backoffice/sportello');
  assert.equal(await page.locator('#desk-office').count(), 1);
  for (const p of await linksOf(page, '.varco-bo-nav', '/backoffice')) await visit(page, p);
  await ctx.close();
  reportFound();
});
