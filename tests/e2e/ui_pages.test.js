// SPDX-License-Identifier: AGPL-3.0-or-later
// The member's pages as a new member reads them (issue 9): the limited
// area's main button readable, the error summary at the top of every form
// with links to its fields, the informativa and the accessibility statement
// (configurable), the header (logo, alignment), the design system's fonts,
// password fields on a phone, the full area's home, and the reference of
// every error page (issue 8).
'use strict';

const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { startServer, launchBrowser, waitFor, request } = require('./support');
const { checkPage } = require('./contrast');
const J = require('./journey');

let server;
let browser;
before(async () => {
  server = await startServer();
  browser = await launchBrowser();
});
after(async () => {
  if (browser) await browser.close();
  if (server) await server.stop();
});

const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1280, height: 800 };

async function newPage(opts = {}) {
  const ctx = await browser.newContext({ locale: 'it-IT', acceptDownloads: true, ...opts });
  return { ctx, page: await ctx.newPage() };
}

// The contrast ratio of el's text against its background, as contrast.js
// computes it, for a direct assertion on one element.
async function contrastOf(locator) {
  return locator.evaluate((el) => {
    const parse = (c) => c.match(/[\d.]+/g).map(Number);
    const lum = ([r, g, b]) => [r, g, b].map((v) => {
      const s = v / 255;
      return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
    }).reduce((a, v, i) => a + v * [0.2126, 0.7152, 0.0722][i], 0);
    let bg = null;
    for (let e = el; e && !bg; e = e.parentElement) {
      const c = parse(getComputedStyle(e).backgroundColor);
      if (c.length < 4 || c[3] > 0) bg = c;
    }
    const [hi, lo] = [lum(parse(getComputedStyle(el).color)), lum(bg || [255, 255, 255])]
      .sort((a, b) => b - a);
    return (hi + 0.05) / (lo + 0.05);
  });
}

test('the contrast check catches a blue-on-blue button (bootstrap-italia callout, no fix)', async () => {
  const ctx = await browser.newContextUnchecked({ locale: 'it-IT' });
  const page = await ctx.newPage();
  // the limited area's markup before the fix: bootstrap-italia's CSS only
  await page.goto(`${server.url}/healthz`);
  await page.setContent(`<!doctype html><html><head>
    <link rel="stylesheet" href="${server.url}/static/vendor/bootstrap-italia/css/bootstrap-italia.min.css">
    </head><body><div class="callout note"><div class="callout-title">Cosa fare ora</div>
    <p>Scarica il modulo.</p><a class="btn btn-primary" href="/area/modulo">Modulo di identificazione</a>
    </div></body></html>`, { waitUntil: 'load' });
  const problems = await checkPage(page);
  assert.equal(problems.length, 1, problems.join('\n'));
  assert.match(problems[0], /1\.00:1 "Modulo di identificazione"/);
  await ctx.close();
});

test('limited area: the main button of "Cosa fare ora" is readable, in Lora and Titillium', async () => {
  const { ctx, page } = await newPage();
  const email = 'ui.limited@example.org';
  await J.register(page, server, { matricola: '100001', cf: 'RSSMRA80A41F205B', email, password: 'Girasole!74' });
  await J.confirmEmail(page, server, email);
  await page.goto(`${server.url}/area`); // the contrast check of every page runs here too
  const button = page.locator('[data-menu=limited] a.btn-primary[href="/area/modulo"]');
  assert.equal(await button.count(), 1);
  const ratio = await contrastOf(button);
  assert.ok(ratio >= 4.5, `contrast ${ratio.toFixed(2)}:1`);
  // the design system's fonts are served by us and used (Lora in callouts)
  await page.evaluate(() => document.fonts.ready);
  const fonts = await page.evaluate(() => ({
    lora: document.fonts.check('16px Lora'),
    titillium: document.fonts.check('16px "Titillium Web"'),
    callout: getComputedStyle(document.querySelector('.callout p')).fontFamily,
    loaded: [...document.fonts].filter((f) => f.status === 'loaded').map((f) => f.family),
  }));
  assert.match(fonts.callout, /Lora/);
  assert.ok(fonts.loaded.some((f) => /Lora/.test(f)), `Lora not loaded: ${fonts.loaded}`);
  assert.ok(fonts.loaded.some((f) => /Titillium/.test(f)), `Titillium not loaded: ${fonts.loaded}`);
  await ctx.close();
});

test('the fonts and every asset come from this site only', async () => {
  const { ctx, page } = await newPage();
  const hosts = new Set();
  page.on('request', (r) => hosts.add(new URL(r.url()).host));
  await page.goto(`${server.url}/registrazione`);
  await page.evaluate(() => document.fonts.ready);
  assert.deepEqual([...hosts], [new URL(server.url).host]);
  const css = await (await fetch(`${server.url}/static/vendor/bootstrap-italia/fonts/fonts.css`)).text();
  for (const family of ['Titillium Web', 'Lora', 'Roboto Mono']) assert.match(css, new RegExp(family));
  await ctx.close();
});

test('error summary: at the top, focused, each error a link that moves to its field', async () => {
  const { ctx, page } = await newPage();
  await page.goto(`${server.url}/registrazione`);
  await page.fill('input[name=codice_fiscale]', 'RSSMRA80A41F205X');
  await Promise.all([page.waitForLoadState('load'), page.click('form#register [type=submit]')]);
  const summary = page.locator('#error-summary');
  assert.equal(await summary.count(), 1, 'no error summary');
  // first thing in main, before the title; the browser's focus is on it
  assert.equal(await page.evaluate(() => document.querySelector('main').firstElementChild.id), 'error-summary');
  assert.equal(await page.evaluate(() => document.activeElement && document.activeElement.id), 'error-summary');
  assert.match(await page.title(), /^Errore:/);
  const links = await summary.locator('a').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
  for (const field of ['matricola', 'codice_fiscale', 'email', 'password', 'privacy']) {
    assert.ok(links.includes(`#f-${field}`), `no summary link to ${field}: ${links}`);
  }
  for (const href of links) {
    assert.equal(await page.locator(href).count(), 1, `${href} leads nowhere`);
  }
  // each message is the one beside its field
  const cfText = (await summary.locator('a[href="#f-codice_fiscale"]').textContent()).trim();
  assert.equal((await page.locator('#e-codice_fiscale').textContent()).trim(), cfText);
  await summary.locator('a[href="#f-email"]').click();
  assert.equal(await page.evaluate(() => document.activeElement.id), 'f-email');
  await ctx.close();
});

test('error summary on other forms too: password change, upload, recovery', async () => {
  const { ctx, page } = await newPage();
  const email = 'ui.summary@example.org';
  await J.register(page, server, { matricola: '100012', cf: 'CNTGLI64R59C351N', email, password: 'Girasole!74' });
  await J.confirmEmail(page, server, email);
  await page.goto(`${server.url}/area/modulo`);
  await Promise.all([page.waitForLoadState('load'), page.click('form#upload [type=submit]')]);
  assert.equal(await page.locator('#error-summary a[href="#f-documento"]').count(), 1);
  await page.goto(`${server.url}/area/password`);
  await page.fill('input[name=old_password]', 'sbagliata-ma-lunga');
  await Promise.all([page.waitForLoadState('load'), page.click('form#password-change [type=submit]')]);
  assert.ok(await page.locator('#error-summary li').count() >= 1);
  await ctx.close();
});

test('informativa and accessibility statement: linked from the checkbox and the footer, complete', async () => {
  const { ctx, page } = await newPage();
  await page.goto(`${server.url}/registrazione`);
  const fromCheckbox = page.locator('form#register a[href="/informativa"]');
  assert.equal(await fromCheckbox.count(), 1, 'the privacy checkbox links the informativa');
  assert.equal(await page.locator('footer a[href="/informativa"]').count(), 1);
  assert.equal(await page.locator('footer a[href="/accessibilita"]').count(), 1);
  await page.goto(`${server.url}/informativa`);
  const text = await page.textContent('main');
  for (const part of [/Titolare del trattamento/, /Responsabile della protezione dei dati/, /dpo@demo\.invalid/,
    /finalità/i, /Base giuridica/, /Per quanto tempo/, /diritti/, /reclamo/, /Garante/, /cookie tecnici/]) {
    assert.match(text, part);
  }
  assert.equal(await page.locator('main a[href="mailto:dpo@demo.invalid"]').count() > 0, true);
  assert.match(text, /testo predefinito/, 'the shipped text says it is the default');
  await page.goto(`${server.url}/accessibilita`);
  const a11y = await page.textContent('main');
  assert.match(a11y, /Dichiarazione di accessibilità/);
  assert.match(a11y, /Meccanismo di feedback/);
  assert.equal(await page.locator('main a[href="mailto:accessibilita@demo.invalid"]').count() > 0, true);
  assert.equal(await page.locator('main a[href="https://form.agid.gov.it"]').count(), 1);
  await page.goto(`${server.url}/lingua?l=en&next=/informativa`);
  assert.match(await page.textContent('main'), /Privacy notice[\s\S]*Data controller/);
  await ctx.close();
});

test('the institution configures its own informativa and logo', async () => {
  const dir = fs.mkdtempSync(path.join(require('node:os').tmpdir(), 'varco-site-'));
  fs.writeFileSync(path.join(dir, 'privacy.it.md'),
    '# Informativa dell\'Ente\n\nIl titolare è {institution}.\n\n## Contatti\n- scrivi a privacy@ente.example\n');
  const png = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8cfc0f01f0005000201e2213bc80000000049454e44ae426082', 'hex');
  fs.writeFileSync(path.join(dir, 'logo.png'), png);
  const own = await startServer({
    VARCO_SITE_PRIVACY_FILE: path.join(dir, 'privacy.{lang}.md'),
    VARCO_SITE_LOGO: path.join(dir, 'logo.png'),
    VARCO_MAIL_INSTITUTION: 'Ente di Prova',
  });
  try {
    const res = await fetch(`${own.url}/informativa`);
    const html = await res.text();
    assert.match(html, /<h1>Informativa dell&#39;Ente<\/h1>/);
    assert.match(html, /Il titolare è Ente di Prova\./);
    assert.match(html, /<a href="mailto:privacy@ente.example">privacy@ente.example<\/a>/);
    assert.doesNotMatch(html, /testo predefinito/);
    const en = await fetch(`${own.url}/informativa`, { headers: { 'accept-language': 'en' } });
    assert.match(await en.text(), /Informativa dell&#39;Ente/, 'no English file: the Italian text');
    const logo = await fetch(`${own.url}/logo`);
    assert.equal(logo.headers.get('content-type'), 'image/png');
    assert.deepEqual(Buffer.from(await logo.arrayBuffer()), png);
  } finally {
    await own.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('header: logo, service name, and one left edge with the content, on a phone and a desktop', async () => {
  for (const viewport of [PHONE, DESKTOP]) {
    const { ctx, page } = await newPage({ viewport });
    await page.goto(`${server.url}/accedi`);
    const edges = await page.evaluate(() => {
      const left = (sel) => Math.round(document.querySelector(sel).getBoundingClientRect().left);
      return {
        slim: left('.it-header-slim-wrapper .varco-slim-name'),
        brand: left('.it-brand-wrapper a'),
        h1: left('main h1'),
        footer: left('footer li'),
      };
    });
    assert.equal(edges.slim, edges.h1, `slim bar vs content at ${viewport.width}: ${JSON.stringify(edges)}`);
    assert.equal(edges.brand, edges.h1, `brand vs content at ${viewport.width}: ${JSON.stringify(edges)}`);
    assert.equal(edges.footer, edges.h1, `footer vs content at ${viewport.width}: ${JSON.stringify(edges)}`);
    const logo = page.locator('header img.varco-logo');
    assert.ok(await logo.evaluate((img) => img.complete && img.naturalWidth > 0), 'the logo is shown');
    assert.match(await page.textContent('.it-brand-title'), /Area riservata/);
    await page.goto(`${server.url}/backoffice/accedi`);
    assert.match(await page.textContent('.it-brand-title'), /Back office/);
    assert.match(await page.title(), /^Back office/);
    await ctx.close();
  }
});

test('password fields on a phone: the toggle inside the field group, the error right under it, help below', async () => {
  const { ctx, page } = await newPage({ viewport: PHONE });
  await page.goto(`${server.url}/registrazione`);
  await page.fill('input[name=password]', 'corta');
  await Promise.all([page.waitForLoadState('load'), page.click('form#register [type=submit]')]);
  const layout = await page.evaluate(() => {
    const input = document.getElementById('f-password');
    const group = input.closest('.input-group');
    const button = group && group.querySelector('button.password-reveal');
    const box = (e) => e.getBoundingClientRect();
    const err = document.getElementById('e-password');
    const help = document.getElementById('h-password');
    return {
      inGroup: Boolean(button),
      sameRow: button && Math.abs(box(button).bottom - box(input).bottom) < 4,
      errorNext: group.nextElementSibling === err,
      errorBelow: box(err).top >= box(group).bottom - 1,
      helpBelowButton: box(help).top >= box(button).bottom - 1,
      helpFullWidth: box(help).width >= box(group).width - 24,
    };
  });
  assert.deepEqual(layout, {
    inGroup: true, sameRow: true, errorNext: true, errorBelow: true, helpBelowButton: true, helpFullWidth: true,
  });
  await ctx.close();
});

test('full area: a home of cards (services to come, the account settings)', async () => {
  const { ctx, page } = await newPage();
  const email = 'ui.full@example.org';
  await J.register(page, server, { matricola: '100018', cf: 'LMBFRC86M55A794X', email, password: 'Girasole!74' });
  await J.confirmEmail(page, server, email);
  // to full access by the shortest real path: the journey of profile_enasarco
  const op = await browser.newContext({ locale: 'it-IT' });
  const opPage = await op.newPage();
  const form = await J.downloadForm(page, server);
  const caseNumber = /ID-\d{4}-\d{6}/.exec(form.text)[0];
  await J.uploadForm(page, server, form.file);
  await J.operatorLogin(opPage, server);
  await J.openCase(opPage, server, caseNumber);
  await Promise.all([opPage.waitForLoadState('load'), opPage.click('form#accept [type=submit]')]);
  const letters = await server.waitLetters(1);
  const { pdfText } = require('./support');
  const letter = letters.map(pdfText).find((t) => /Lombardi/i.test(t));
  const code = /\b[A-Z0-9]{4} [A-Z0-9]{4} [A-Z0-9]{4}\b/.exec(letter)[0];
  await page.goto(`${server.url}/area/attivazione`);
  await page.fill('input[name=codice]', code);
  await Promise.all([page.waitForLoadState('load'), page.click('form#activation [type=submit]')]);
  const menu = page.locator('[data-menu=full]');
  assert.equal(await menu.count(), 1);
  const cards = await menu.locator('.card .card-title a').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
  for (const href of ['/area/accessi', '/area/password', '/area/email', '/area/sessioni']) {
    assert.ok(cards.includes(href), `no card for ${href}: ${cards}`);
  }
  assert.equal(await menu.locator('ul.link-list').count(), 0, 'not a bulleted list');
  assert.match(await menu.textContent(), /I tuoi servizi/);
  await op.close();
  await ctx.close();
});

test('every error page shows the reference of its request', async () => {
  const { ctx, page } = await newPage();
  const res = await page.goto(`${server.url}/non-esiste`);
  assert.equal(res.status(), 404);
  const ref = await page.locator('[data-request-id]').getAttribute('data-request-id');
  assert.match(ref, /^[0-9a-f]{32}$/);
  assert.match(await page.textContent('main'), new RegExp(ref));
  // a refused form (no CSRF token) says it too, and each answer has its own
  const forged = await fetch(`${server.url}/accedi`, {
    method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'username=a&password=b',
  });
  assert.equal(forged.status, 403);
  const other = /data-request-id="([0-9a-f]{32})"/.exec(await forged.text());
  assert.ok(other, 'the 403 page has a reference');
  assert.notEqual(other[1], ref);
  // the log line of the refusal carries the same reference
  await waitFor('the refusal in the log', () => server.stderr.includes(other[1]));
  // the 429 page (per-address limit) too
  let limited = null;
  for (let i = 0; i < 60 && !limited; i++) {
    const r = await request(server, '/accedi', { from: '127.0.9.9', body: { username: 'a', password: 'b' } });
    if (r.status === 429) limited = r;
  }
  assert.ok(limited, 'never limited');
  assert.match(limited.text, /data-request-id="[0-9a-f]{32}"/);
  await ctx.close();
});
