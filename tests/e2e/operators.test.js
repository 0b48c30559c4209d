// SPDX-License-Identifier: AGPL-3.0-or-later
// Operators' credentials and duties (issue 8, items 2, 6, 7): passwords and
// TOTP codes throttled like members' and counted before the hash; a TOTP
// code accepted once; TOTP keys sealed at rest; the administrator's
// password replaced at the first login; disable / enable / reset-2fa /
// passwd from the command line, ending live sessions; whoever recorded a
// receipt does not decide it; every view of a case or document audited;
// the outbox for administrators only.
'use strict';

const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const path = require('node:path');
const { execFileSync } = require('node:child_process');
const { startServer, launchBrowser, request, totp } = require('./support');
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

function sql(q) {
  return execFileSync('sqlite3', ['-cmd', '.timeout 5000', path.join(server.dir, 'varco.db'), q], { encoding: 'utf8' }).trim();
}

async function formOf(urlPath, from, cookie) {
  const form = await request(server, urlPath, { from, cookie });
  const m = /name="csrf" value="([^"]+)"/.exec(form.text);
  return { csrf: m && m[1], cookie: [cookie, ...form.cookies].filter(Boolean).join('; '), form };
}

async function passwordPost(username, password, from) {
  const f = await formOf('/backoffice/accedi', from);
  return request(server, '/backoffice/accedi', { from, cookie: f.cookie, body: { csrf: f.csrf, username, password } });
}

function base32Hex(b32) {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = '';
  for (const ch of b32) bits += alphabet.indexOf(ch).toString(2).padStart(5, '0');
  let hex = '';
  for (let i = 0; i + 8 <= bits.length; i += 8) hex += parseInt(bits.slice(i, i + 8), 2).toString(16).padStart(2, '0');
  return hex;
}

test('the first login replaces the administrator\'s password; the TOTP key is sealed', async () => {
  const op = server.addOperator('anna.rossi');
  const ctx = await browser.newContext({ locale: 'it-IT' });
  const page = await ctx.newPage();
  await page.goto(`${server.url}/backoffice/accedi`);
  await page.fill('input[name=username]', op.username);
  await page.fill('input[name=password]', op.password);
  await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), page.click('form#login [type=submit]')]);
  op.totpSecret = (await page.locator('[data-totp-secret]').getAttribute('data-totp-secret')).trim();
  // shown in groups of four for the eye
  assert.match(await page.locator('[data-totp-secret]').textContent(), /^([A-Z2-7]{4} ){7}[A-Z2-7]{4}$/);
  op.lastStep = Math.floor(Date.now() / 30000);
  await page.fill('input[name=codice]', totp(op.totpSecret));
  await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), page.click('form#totp [type=submit]')]);
  assert.match(page.url(), /\/backoffice\/password$/);
  // nothing else opens until it is replaced
  await page.goto(`${server.url}/backoffice`);
  assert.match(page.url(), /\/backoffice\/password$/);
  assert.match(await page.textContent('main'), /amministratore/);
  // too short, then the same as before: refused with reasons
  await page.fill('input[name=old_password]', op.password);
  await page.fill('input[name=password]', 'Corta-1');
  await page.fill('input[name=password_confirm]', 'Corta-1');
  await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), page.click('form#password-change [type=submit]')]);
  assert.match(await page.textContent('#e-password'), /12 caratteri/);
  const fresh = 'Lampione verde sul molo';
  await page.fill('input[name=old_password]', op.password);
  await page.fill('input[name=password]', fresh);
  await page.fill('input[name=password_confirm]', fresh);
  await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), page.click('form#password-change [type=submit]')]);
  assert.match(page.url(), /\/backoffice\/?$/);
  op.password = fresh;
  // the key at rest is not the key
  const stored = sql("SELECT totp_secret FROM operators WHERE username = 'anna.rossi'");
  assert.match(stored, /^s1:[0-9a-f]+$/);
  assert.ok(!stored.includes(base32Hex(op.totpSecret)), 'the TOTP key is stored in clear');
  await ctx.close();
});

test('a TOTP code is accepted once', async () => {
  const op = server.operators['anna.rossi'];
  const login = async () => {
    const r = await passwordPost(op.username, op.password, '127.0.40.1');
    assert.equal(r.status, 303);
    return r.cookies.join('; ');
  };
  const step = op.lastStep + 1; // one step ahead: still inside the window
  const code = totp(op.totpSecret, step * 30000);
  const first = await login();
  const f1 = await formOf('/backoffice/2fa', '127.0.40.1', first);
  const ok = await request(server, '/backoffice/2fa', { from: '127.0.40.1', cookie: f1.cookie, body: { csrf: f1.csrf, codice: code } });
  assert.equal(ok.status, 303);
  op.lastStep = step;
  const second = await login();
  const f2 = await formOf('/backoffice/2fa', '127.0.40.1', second);
  const replay = await request(server, '/backoffice/2fa', { from: '127.0.40.1', cookie: f2.cookie, body: { csrf: f2.csrf, codice: code } });
  assert.equal(replay.status, 401, 'the same code opened a second session');
});

test('operators\' passwords and codes are throttled; 60 guesses at once get no further', async () => {
  server.addOperator('bruno.neri');
  const t0 = Date.now();
  const storm = await Promise.all(Array.from({ length: 60 }, (_, i) => passwordPost('bruno.neri', `Sbagliata-${i}-xx`, `127.0.50.${i + 1}`)));
  const seconds = (Date.now() - t0) / 1000;
  const tried = storm.filter((r) => r.status === 401).length;
  assert.equal(tried + storm.filter((r) => r.status === 429).length, 60);
  assert.ok(tried >= 5 && tried <= 6 + Math.ceil(Math.log2(seconds + 2)), `${tried} tried in ${seconds} s`);
  // TOTP guesses in one pre-second-factor session are throttled too
  const op = server.addOperator('elena.viola');
  const r = await passwordPost(op.username, op.password, '127.0.41.1');
  const cookie = r.cookies.join('; ');
  const statuses = [];
  for (let i = 0; i < 8; i++) {
    const f = await formOf('/backoffice/2fa', '127.0.41.1', cookie);
    const g = await request(server, '/backoffice/2fa', { from: '127.0.41.1', cookie: f.cookie, body: { csrf: f.csrf, codice: String(100000 + i) } });
    statuses.push(g.status);
  }
  assert.deepEqual(statuses.slice(0, 6), [401, 401, 401, 401, 401, 401]);
  assert.equal(statuses[6], 429);
});

test('disable ends live sessions; enable, reset-2fa and passwd work from the command line', async () => {
  const op = server.addOperator('carla.blu');
  const ctx = await browser.newContext({ locale: 'it-IT' });
  const page = await ctx.newPage();
  await J.operatorLogin(page, server, op);
  assert.match(server.cli(['operator', 'disable', 'carla.blu']), /sessions ended/);
  await page.goto(`${server.url}/backoffice`);
  assert.match(page.url(), /\/backoffice\/accedi/, 'a disabled operator\'s session went on');
  assert.equal((await passwordPost(op.username, op.password, '127.0.42.1')).status, 401);
  server.cli(['operator', 'enable', 'carla.blu']);
  assert.equal((await passwordPost(op.username, op.password, '127.0.42.1')).status, 303);
  // a lost phone: the next login enrols again
  server.cli(['operator', 'reset-2fa', 'carla.blu']);
  delete op.totpSecret;
  delete op.lastStep;
  await J.operatorLogin(page, server, op);
  // a lost password: a temporary one, replaced at the next login
  const out = server.cli(['operator', 'passwd', 'carla.blu']);
  op.password = /password: (\S+)/.exec(out)[1];
  await page.goto(`${server.url}/backoffice`);
  assert.match(page.url(), /\/backoffice\/accedi/, 'passwd must end the sessions');
  await J.operatorLogin(page, server, op); // passes through the forced change
  await ctx.close();
});

test('whoever recorded a receipt does not decide the case; views are audited; outbox for administrators', async () => {
  const member = await browser.newContext({ locale: 'it-IT', acceptDownloads: true });
  const page = await member.newPage();
  const email = 'laura.colombo@example.org';
  await J.register(page, server, { matricola: '100006', cf: 'CLMLRA52E63D612K', email, password: 'Girasole!74' });
  await J.confirmEmail(page, server, email);
  const form = await J.downloadForm(page, server);
  const caseNumber = /ID-\d{4}-\d{6}/.exec(form.text)[0];
  await member.close();

  const a = server.addOperator('dario.gialli');
  const ctxA = await browser.newContext({ locale: 'it-IT' });
  const opA = await ctxA.newPage();
  await J.operatorLogin(opA, server, a);
  // the form came back by fax: dario records it
  await opA.goto(`${server.url}/backoffice/ricevute`);
  await opA.fill('input[name=pratica]', caseNumber);
  await opA.selectOption('select[name=canale]', 'fax');
  await opA.setInputFiles('input[name=scansione]', form.file);
  await Promise.all([opA.waitForNavigation({ waitUntil: 'load' }), opA.click('form#receipt [type=submit]')]);
  assert.match(opA.url(), /registrata=1/);
  await J.openCase(opA, server, caseNumber);
  assert.ok(await opA.locator('#own-receipt').count(), 'no notice to the operator who recorded it');
  assert.equal(await opA.locator('form#accept').count(), 0);
  const caseUrl = opA.url();
  const csrf = await J.csrfOf(opA);
  const forced = await opA.request.post(`${caseUrl}/accetta`, { form: { csrf }, maxRedirects: 0 });
  assert.equal(forced.status(), 409, 'the recorder accepted the case');
  // outbox: not for a back-office operator
  const outbox = await opA.request.get(`${server.url}/backoffice/outbox`, { maxRedirects: 0 });
  assert.equal(outbox.status(), 403);

  // another operator decides
  const ctxB = await browser.newContext({ locale: 'it-IT' });
  const opB = await ctxB.newPage();
  await J.operatorLogin(opB, server);
  await J.openCase(opB, server, caseNumber);
  const doc = await opB.request.get(new URL(await opB.locator('a[href*="/documenti/"]').first().getAttribute('href'), server.url).href);
  assert.equal(doc.status(), 200);
  await Promise.all([opB.waitForNavigation({ waitUntil: 'load' }), opB.click('form#accept [type=submit]')]);
  assert.match(opB.url(), /esito=accettata/);
  // the administrator sees the outbox
  const admin = await opB.request.get(`${server.url}/backoffice/outbox`, { maxRedirects: 0 });
  assert.equal(admin.status(), 200);
  // every view is in the trail, with who looked
  const views = sql("SELECT actor || ' ' || action FROM audit_events WHERE action IN ('case.view','case.document.view') ORDER BY seq");
  assert.match(views, /operator:\d+ case\.view/);
  assert.match(views, /operator:\d+ case\.document\.view/);
  assert.match(server.cli(['audit', 'verify']), /intact/);
  // the member sees what the operators did, never where they sat
  const again = await browser.newContext({ locale: 'it-IT' });
  const mp = await again.newPage();
  await J.login(mp, server, email, 'Girasole!74');
  await mp.goto(`${server.url}/area/accessi`);
  const rows = await mp.locator('tbody tr').allTextContents();
  const byOperator = rows.filter((r) => /operatore/.test(r));
  assert.ok(byOperator.length >= 2, rows.join('\n'));
  for (const r of byOperator) {
    assert.doesNotMatch(r, /\d+\.\d+\.\d+\.\d+/, `an operator's address shown: ${r}`);
    assert.match(r, /uffici dell'ente/);
  }
  await again.close();
  await ctxA.close();
  await ctxB.close();
});
