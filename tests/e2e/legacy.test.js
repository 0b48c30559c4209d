// SPDX-License-Identifier: AGPL-3.0-or-later
// Legacy accounts (issue 4, seed 000): the old system's accounts, with hashes
// made by real tools (mkpasswd, openssl), imported by `varco legacy import`;
// the first login with the old username leads to the welcome page, the
// personal email becomes the username after its confirmation, the old
// password keeps working, every old username of the person stops working,
// and an old password below today's policy must be replaced at once.
'use strict';

const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { execFileSync, spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const { startServer, launchBrowser, BIN, ROOT } = require('./support');
const J = require('./journey');

let server;
let browser;
const sh = (cmd) => execFileSync('bash', ['-c', cmd], { encoding: 'utf8' }).trim();

before(async () => {
  server = await startServer();
  browser = await launchBrowser();
});
after(async () => {
  if (browser) await browser.close();
  if (server) await server.stop();
});

async function fresh() {
  const ctx = await browser.newContext({ locale: 'it-IT' });
  return { ctx, page: await ctx.newPage() };
}

function importCsv(rows) {
  const file = path.join(server.dir, `legacy-${Date.now()}.csv`);
  fs.writeFileSync(file, `username,matricola,codice_fiscale,password_hash,email\n${rows.join('\n')}\n`);
  return spawnSync(BIN, ['legacy', 'import', file], { env: server.env, encoding: 'utf8', cwd: ROOT });
}

test('import: hashes from mkpasswd and openssl are accepted, a bad row is reported by line', () => {
  const pbkdf2 = sh("printf 'pbkdf2_sha256$20000$SaleGrosso$%s' \"$(openssl kdf -keylen 32 "
    + "-kdfopt digest:SHA256 -kdfopt 'pass:Antica-Quercia7' -kdfopt salt:SaleGrosso -kdfopt iter:20000 PBKDF2 "
    + "| tr -d ':\\n' | xxd -r -p | base64 -w0)\"");
  const r = importCsv([
    `mrossi,100001,,${sh("mkpasswd -m sha512crypt 'Antica-Quercia7'")},maria.rossi@pec.it`,
    `maria.r,100001,,${sh("openssl passwd -1 'Altra-Vecchia9'")},`,
    `gbianchi,,bncgpp75c12h501r,${sh("mkpasswd -m bcrypt -R 5 'Antica-Quercia7'")},`,
    `lverdi,100003,,${pbkdf2},luca.verdi@example.org`,
    `aconti,100012,,${sh("openssl passwd -5 'juventus'")},`,
    'rotto,100001,,plaintext-password,',
  ]);
  assert.equal(r.status, 1, r.stderr);
  assert.match(r.stdout, /5 old accounts imported, 1 rows with errors/);
  assert.match(r.stderr, /line 7: password_hash: not an accepted format/);
});

test('old username -> welcome -> email confirmed -> the email and the old password work; the old usernames do not', async () => {
  const { ctx, page } = await fresh();
  await J.login(page, server, 'MRossi', 'Antica-Quercia7'); // case does not matter
  assert.match(page.url(), /\/benvenuto$/);
  assert.match(await page.textContent('main'), /mrossi/);
  // the old address is a PEC: not proposed
  assert.equal(await page.inputValue('input[name=email]'), '');
  await page.fill('input[name=email]', 'maria.rossi@pec.it');
  await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), page.click('form#welcome [type=submit]')]);
  assert.match(await page.textContent('#e-email'), /PEC/);
  await page.fill('input[name=email]', 'maria.rossi@example.org');
  await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), page.click('form#welcome [type=submit]')]);
  assert.match(await page.textContent('main'), /maria\.rossi@example\.org/);
  await J.confirmEmail(page, server, 'maria.rossi@example.org');

  await J.login(page, server, 'maria.rossi@example.org', 'Antica-Quercia7');
  assert.match(page.url(), /\/area$/);
  assert.ok(await page.locator('[data-menu=full]').count(), 'an old account is fully identified');
  await page.click('form#logout [type=submit]');
  for (const [u, pw] of [['mrossi', 'Antica-Quercia7'], ['maria.r', 'Altra-Vecchia9']]) {
    await J.login(page, server, u, pw);
    assert.match(page.url(), /\/accedi/, `${u} must no longer work`);
  }
  await ctx.close();
});

test('bcrypt and PBKDF2 old passwords log in; the old address is proposed when it is personal', async () => {
  const { ctx, page } = await fresh();
  await J.login(page, server, 'gbianchi', 'Antica-Quercia7');
  assert.match(page.url(), /\/benvenuto$/);
  await ctx.close();
  const b = await fresh();
  await J.login(b.page, server, 'lverdi', 'Antica-Quercia7');
  assert.match(b.page.url(), /\/benvenuto$/);
  assert.equal(await b.page.inputValue('input[name=email]'), 'luca.verdi@example.org');
  await J.login(b.page, server, 'lverdi', 'wrong-password');
  assert.match(b.page.url(), /\/accedi/);
  await b.ctx.close();
});

test('an old password below today\'s policy logs in, then must be replaced', async () => {
  const { ctx, page } = await fresh();
  await J.login(page, server, 'aconti', 'juventus');
  assert.match(page.url(), /\/benvenuto$/);
  await page.fill('input[name=email]', 'giulia.conti@example.org');
  await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), page.click('form#welcome [type=submit]')]);
  await J.confirmEmail(page, server, 'giulia.conti@example.org');
  await J.login(page, server, 'giulia.conti@example.org', 'juventus');
  assert.match(page.url(), /\/area\/password$/);
  assert.match(await page.textContent('main'), /non rispetta più/);
  await page.goto(`${server.url}/area`);
  assert.match(page.url(), /\/area\/password$/, 'the area waits for the new password');
  await page.fill('input[name=old_password]', 'juventus');
  await page.fill('input[name=password]', 'Melograno-47');
  await page.fill('input[name=password_confirm]', 'Melograno-47');
  await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), page.click('form#password-change [type=submit]')]);
  assert.match(page.url(), /\/area\?password=1$/);
  await server.waitMail('giulia.conti@example.org', /password/i);
  await ctx.close();
});

test('a move to an unproven address opens nothing until it is confirmed, and the old address is told', async () => {
  const { ctx, page } = await fresh();
  await J.login(page, server, 'lverdi', 'Antica-Quercia7');
  assert.match(page.url(), /\/benvenuto$/);
  // whoever knows the old password types an address of their own
  await page.fill('input[name=email]', 'qualcun.altro@example.org');
  await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), page.click('form#welcome [type=submit]')]);
  // the old address of record hears of it
  const notice = await server.waitMail('luca.verdi@example.org', /vecchio account/);
  assert.match(notice.text, /lverdi/);
  assert.match(notice.text, /qualcun\.altro@example\.org/);
  // the new username and the old password open no session yet
  const [res] = await Promise.all([
    page.waitForResponse((r) => r.url().endsWith('/accedi') && r.request().method() === 'POST'),
    J.login(page, server, 'qualcun.altro@example.org', 'Antica-Quercia7'),
  ]);
  assert.equal(res.status(), 403);
  assert.match(await page.textContent('h1'), /Conferma prima/);
  await page.goto(`${server.url}/area`);
  assert.match(page.url(), /\/accedi/, 'the area opened before the address was confirmed');
  // and recovery sends nothing to the unproven address
  const before = server.mailsTo('qualcun.altro@example.org').length;
  await page.goto(`${server.url}/recupero/password`);
  await page.fill('input[name=email]', 'qualcun.altro@example.org');
  await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), page.click('form#recover [type=submit]')]);
  await new Promise((ok) => setTimeout(ok, 1500));
  assert.equal(server.mailsTo('qualcun.altro@example.org').filter((m) => m.links.some((l) => l.includes('nuova-password'))).length, 0);
  assert.ok(server.mailsTo('qualcun.altro@example.org').length >= before);
  // once the link is opened, the account opens
  await J.confirmEmail(page, server, 'qualcun.altro@example.org');
  await J.login(page, server, 'qualcun.altro@example.org', 'Antica-Quercia7');
  assert.match(page.url(), /\/area$/);
  await ctx.close();
});
