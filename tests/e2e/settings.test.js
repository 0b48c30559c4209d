// SPDX-License-Identifier: AGPL-3.0-or-later
// Account settings (issue 4): change the password (the old one and a new one,
// other sessions ended on request, a notice mail), change the email (a link
// to the new address, a notice to the old one, the same answer when the new
// address is someone else's).
'use strict';

const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { startServer, launchBrowser } = require('./support');
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

async function fresh() {
  const ctx = await browser.newContext({ locale: 'it-IT' });
  return { ctx, page: await ctx.newPage() };
}

const anna = { matricola: '100004', cf: 'FRRNNA55D50F839U', email: 'anna.ferri@example.org', password: 'Girasole!74' };
const marco = { matricola: '100015', cf: 'CSTMRC71D03B354J', email: 'marco.costa@example.org', password: 'Girasole!74' };

async function changePassword(page, old, neu) {
  await page.goto(`${server.url}/area/password`);
  await page.fill('input[name=old_password]', old);
  await page.fill('input[name=password]', neu);
  await page.fill('input[name=password_confirm]', neu);
  await Promise.all([page.waitForLoadState('load'), page.click('form#password-change [type=submit]')]);
}

test('change password: a wrong old one is refused; then the new one works, the old one not, other sessions end', async () => {
  const a = await fresh();
  await J.register(a.page, server, anna);
  const other = await fresh();
  await J.login(other.page, server, anna.email, anna.password);
  assert.match(other.page.url(), /\/area$/);

  await changePassword(a.page, 'Sbagliata-1', 'Melograno-47');
  assert.match(await a.page.textContent('#e-old_password'), /non è corretta/);
  await changePassword(a.page, anna.password, 'password');
  assert.match(await a.page.textContent('#e-password'), /più usate/);
  await changePassword(a.page, anna.password, 'Melograno-47');
  assert.match(a.page.url(), /\/area\?password=1$/);
  assert.match(await a.page.textContent('main'), /cambiata/);
  await server.waitMail(anna.email, /password.*cambiata/i);

  await other.page.goto(`${server.url}/area`);
  assert.match(other.page.url(), /\/accedi/, 'the other session ended');
  await J.login(other.page, server, anna.email, anna.password);
  assert.match(other.page.url(), /\/accedi/, 'the old password no longer works');
  await J.login(other.page, server, anna.email, 'Melograno-47');
  assert.match(other.page.url(), /\/area$/);
  await a.ctx.close();
  await other.ctx.close();
});

test('change email: a link to the new address, the old one told; someone else\'s address gets the same answer', async () => {
  const { ctx, page } = await fresh();
  await J.register(page, server, marco);
  await page.goto(`${server.url}/area/email`);
  await page.fill('input[name=email]', anna.email); // someone else's
  await page.fill('input[name=password]', marco.password);
  await Promise.all([page.waitForLoadState('load'), page.click('form#email-change [type=submit]')]);
  const taken = (await page.textContent('main')).replace(anna.email, 'X');
  await server.waitMail(anna.email, /indicato il tuo indirizzo/);

  await page.goto(`${server.url}/area/email`);
  await page.fill('input[name=email]', 'marco.nuovo@example.org');
  await page.fill('input[name=password]', marco.password);
  await Promise.all([page.waitForLoadState('load'), page.click('form#email-change [type=submit]')]);
  assert.equal((await page.textContent('main')).replace('marco.nuovo@example.org', 'X'), taken,
    'the same answer for a free and a taken address');

  const mail = await server.waitMail('marco.nuovo@example.org', /Conferma il tuo nuovo indirizzo/);
  const link = mail.links.find((l) => l.includes('/email/conferma?t='));
  await page.goto(link);
  await Promise.all([page.waitForLoadState('load'), page.click('form#email-confirm [type=submit]')]);
  assert.match(await page.textContent('main'), /marco\.nuovo@example\.org/);
  const notice = await server.waitMail(marco.email, /email del tuo account è cambiata/);
  assert.match(notice.text, /marco\.nuovo@example\.org/);

  await page.click('form#logout [type=submit]');
  await J.login(page, server, marco.email, marco.password);
  assert.match(page.url(), /\/accedi/, 'the old address is no longer the username');
  await J.login(page, server, 'marco.nuovo@example.org', marco.password);
  assert.match(page.url(), /\/area$/);
  // the link is single-use
  await page.goto(link);
  await Promise.all([page.waitForLoadState('load'), page.click('form#email-confirm [type=submit]')]);
  assert.match(await page.textContent('main'), /non è valido|già stato usato/);
  await ctx.close();
});

test('the sessions list: end one other device, then all the others', async () => {
  const paolo = { matricola: '100011', cf: 'GLLPLA60P18D969I', email: 'paola.galli@example.org', password: 'Girasole!74' };
  const a = await fresh();
  await J.register(a.page, server, paolo);
  const b = await fresh();
  await J.login(b.page, server, paolo.email, paolo.password);
  const c = await fresh();
  await J.login(c.page, server, paolo.email, paolo.password);

  await a.page.goto(`${server.url}/area/sessioni`);
  assert.equal(await a.page.locator('#sessions tbody tr').count(), 3);
  assert.equal(await a.page.locator('#sessions tr[data-current]').count(), 1);
  assert.match(await a.page.textContent('#sessions tr[data-current]'), /Questa sessione/);
  assert.match(await a.page.textContent('#sessions tbody'), /Chrom/);
  const html = (await a.page.content()).replace(/name="csrf" value="[^"]+"/g, '');
  assert.ok(!/[0-9a-f]{64}/.test(html), 'no session id hash in the page');

  // end one other session
  await Promise.all([a.page.waitForLoadState('load'),
    a.page.locator('#sessions tbody tr:not([data-current]) button').first().click()]);
  assert.equal(await a.page.locator('#sessions tbody tr').count(), 2);
  const alive = [];
  for (const x of [b, c]) {
    await x.page.goto(`${server.url}/area`);
    alive.push(new URL(x.page.url()).pathname === '/area');
  }
  assert.deepEqual(alive.sort(), [false, true]);

  // end all the others
  await Promise.all([a.page.waitForLoadState('load'), a.page.click('form#end-others [type=submit]')]);
  assert.equal(await a.page.locator('#sessions tbody tr').count(), 1);
  for (const x of [b, c]) {
    await x.page.goto(`${server.url}/area`);
    assert.match(x.page.url(), /\/accedi/);
  }
  await a.page.goto(`${server.url}/area`);
  assert.equal(new URL(a.page.url()).pathname, '/area');
  for (const x of [a, b, c]) await x.ctx.close();
});
