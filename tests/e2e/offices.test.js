// SPDX-License-Identifier: AGPL-3.0-or-later
// "Dove farsi riconoscere" (/sportelli, issue 12): the directory of the
// offices of demo/offices.csv searched by network switches, province and
// city, with a plain form (no JavaScript needed); a bad province is told
// beside its field and what was typed stays.
'use strict';

const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const path = require('node:path');
const { startServer, launchBrowser } = require('./support');

let server;
let browser;
before(async () => {
  server = await startServer();
  server.cli(['offices', 'import', path.join(__dirname, '..', '..', 'demo', 'offices.csv')]);
  browser = await launchBrowser();
});
after(async () => {
  if (browser) await browser.close();
  if (server) await server.stop();
});

async function codes(page) {
  return page.locator('[data-office]').evaluateAll((els) => els.map((e) => e.dataset.office));
}

async function search(page) {
  await Promise.all([page.waitForNavigation({ waitUntil: 'load' }),
    page.getByRole('button', { name: 'Cerca' }).click()]);
}

test('every office, then by network, province and city', async () => {
  const ctx = await browser.newContext({ locale: 'it-IT', javaScriptEnabled: false });
  const page = await ctx.newPage();
  await page.goto(`${server.url}/sportelli`);
  assert.equal(await page.locator('h1').textContent(), 'Dove farsi riconoscere');
  const all = await codes(page);
  assert.equal(all.length, 16, all.join(' '));
  // one network: only its offices, the switch stays on
  await page.getByLabel('CAF', { exact: true }).check();
  await search(page);
  const caf = await codes(page);
  assert.ok(caf.length > 0 && caf.every((c) => c.startsWith('CAF-')), caf.join(' '));
  assert.ok(await page.getByLabel('CAF', { exact: true }).isChecked());
  // two networks and a province, typed in lower case
  await page.getByLabel('CNA', { exact: true }).check();
  await page.getByLabel('Provincia').fill('rm');
  await search(page);
  const roma = await codes(page);
  assert.ok(roma.length > 0 && roma.every((c) => /^(CAF|CNA)-RM-/.test(c)), roma.join(' '));
  assert.match(await page.textContent('#office-count'), new RegExp(`: ${roma.length}$`));
  // a city with no office of those networks
  await page.getByLabel('Comune').fill('Aosta');
  await search(page);
  assert.equal((await codes(page)).length, 0);
  assert.match(await page.textContent('main'), /Nessun ufficio corrisponde/);
  await ctx.close();
});

test('a province that is not two letters is told beside its field', async () => {
  const ctx = await browser.newContext({ locale: 'it-IT' });
  const page = await ctx.newPage();
  const r = await page.goto(`${server.url}/sportelli?provincia=Roma&comune=Roma`);
  assert.equal(r.status(), 422);
  assert.match(await page.textContent('#e-provincia'), /sigla di due lettere/);
  assert.equal(await page.getByLabel('Comune').inputValue(), 'Roma');
  assert.equal((await codes(page)).length, 0);
  await ctx.close();
});

test('the map: a marker per office with a position; choosing one shows its card', async () => {
  const ctx = await browser.newContext({ locale: 'it-IT' });
  const page = await ctx.newPage();
  await page.goto(`${server.url}/sportelli`);
  await page.locator('#office-map .leaflet-marker-icon').first().waitFor();
  const listed = await page.locator('li[data-office]').count();
  const placed = await page.locator('li[data-office][data-lat]').count();
  assert.equal(listed, 16);
  assert.equal(placed, 15, 'one demo office has no position: listed, not on the map');
  assert.equal(await page.locator('#office-map .leaflet-marker-icon').count(), placed);
  // by pointer (Bari has one office: its marker stands alone at this zoom)
  await page.locator('#office-map .leaflet-marker-icon[title="CAF di prova Bari Murat (demo)"]').click();
  const card = page.locator('li[data-office="CAF-BA-001"]');
  assert.equal(await card.getAttribute('aria-current'), 'true');
  assert.equal(await page.evaluate(() => document.activeElement.dataset.office), 'CAF-BA-001');
  // by keyboard: a marker is focusable and Enter chooses it, even where
  // markers crowd (Rome's, before zooming in)
  await page.locator('#office-map .leaflet-marker-icon[title="CNA Roma Centro (demo)"]').focus();
  await page.keyboard.press('Enter');
  assert.equal(await page.evaluate(() => document.activeElement.dataset.office), 'CNA-RM-001');
  assert.equal(await card.getAttribute('aria-current'), null, 'one card chosen at a time');
  await ctx.close();
});

test('with a tile server configured: its tiles, its origin in the CSP, its attribution as text', async () => {
  const base = await (await fetch(`${server.url}/sportelli`)).headers.get('content-security-policy');
  assert.match(base, /img-src 'self' data:;/, 'no tile server: no other image origin');
  const own = await startServer({
    VARCO_SITE_MAP_TILES: 'http://127.0.0.1:9/t/{z}/{x}/{y}.png',
    VARCO_SITE_MAP_ATTRIBUTION: '© Mappe di prova <b>demo</b>',
  });
  try {
    own.cli(['offices', 'import', path.join(__dirname, '..', '..', 'demo', 'offices.csv')]);
    const ctx = await browser.newContext({ locale: 'it-IT' });
    const page = await ctx.newPage();
    const r = await page.goto(`${own.url}/sportelli?provincia=RM`);
    assert.match(r.headers()['content-security-policy'], /img-src 'self' data: http:\/\/127\.0\.0\.1:9;/);
    await page.locator('#office-map img.leaflet-tile').first().waitFor({ state: 'attached' });
    const src = await page.locator('#office-map img.leaflet-tile').first().getAttribute('src');
    assert.match(src, /^http:\/\/127\.0\.0\.1:9\/t\/\d+\/\d+\/\d+\.png$/);
    assert.equal(await page.textContent('.leaflet-control-attribution'), '© Mappe di prova <b>demo</b>');
    await ctx.close();
  } finally {
    await own.stop();
  }
});
