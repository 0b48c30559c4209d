// SPDX-License-Identifier: AGPL-3.0-or-later
// Crash safety (issue 3): registrations and email confirmations run against a
// server that is killed with SIGKILL at random moments and restarted; then
// every acknowledged registration is intact, every message went out exactly
// once, and the audit chain verifies. A second test breaks the mail channel:
// messages wait, are retried with back-off, show up to operators as stuck,
// and go out once the channel heals.
'use strict';

const { test } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { startServer, launchBrowser, waitFor, sleep, membersCsv } = require('./support');
const J = require('./journey');

function cookiesOf(res) {
  return res.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
}

// One form round trip: GET page for CSRF, POST body. Throws on network errors.
async function post(server, pagePath, postPath, fields) {
  const page = await fetch(`${server.url}${pagePath}`);
  const html = await page.text();
  const csrf = /name="csrf" value="([^"]+)"/.exec(html)[1];
  const res = await fetch(`${server.url}${postPath}`, {
    method: 'POST', redirect: 'manual',
    headers: { cookie: cookiesOf(page), 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ csrf, ...fields }),
  });
  return { status: res.status, text: await res.text() };
}

async function register(server, p) {
  return post(server, '/registrazione', '/registrazione', {
    matricola: p.matricola, codice_fiscale: p.cf, email: p.email,
    password: 'Girasole!74', password_confirm: 'Girasole!74', privacy: 'on',
  });
}

// Retries through crashes until the server gives an answer.
async function untilAnswered(server, fn) {
  for (;;) {
    try {
      return await fn();
    } catch {
      await sleep(100);
    }
  }
}

test('SIGKILL at random moments loses nothing and duplicates nothing', async () => {
  const server = await startServer();
  const { file, people } = membersCsv(server.dir, 24);
  server.cli(['members', 'import', file]);
  const outcome = new Map(); // email -> 'ack'
  const confirmed = new Set();
  let stop = false;

  async function worker(list) {
    for (const p of list) {
      let r = await untilAnswered(server, () => register(server, p));
      while (r.status === 429) { // the per-address limit: wait as told
        await sleep(1000);
        r = await untilAnswered(server, () => register(server, p));
      }
      // one answer whether the first try got through before a crash or not
      if (r.status === 303) outcome.set(p.email, 'ack');
      else assert.fail(`registration of ${p.email}: ${r.status}`);
      // confirm the email from the mail (delivered whenever the worker gets to it)
      const mail = await server.waitMail(p.email, /Conferma/, 1);
      const link = mail.links.find((l) => l.includes('/conferma-email?t='));
      const t = new URL(link).searchParams.get('t');
      const c = await untilAnswered(server, () => post(server, `/conferma-email?t=${t}`,
        '/conferma-email', { t }));
      assert.ok(c.status === 200 || c.status === 410, `confirm ${p.email}: ${c.status}`);
      confirmed.add(p.email);
    }
  }

  async function killer() {
    for (let k = 0; k < 4 && !stop; k++) {
      await sleep(300 + Math.floor(Math.random() * 700));
      server.proc.kill('SIGKILL');
      await server.exited;
      await server.start();
    }
  }

  const workers = [0, 1, 2, 3].map((w) => worker(people.filter((_, i) => i % 4 === w)));
  const k = killer();
  await Promise.all(workers);
  stop = true;
  await k;

  assert.equal(outcome.size, people.length);
  // every person registered once: exactly one confirmation mail and one form mail each
  await waitFor('every form-instructions mail', () => people.every(
    (p) => server.mailsTo(p.email).filter((m) => /modulo|identificazione/i.test(m.subject)).length >= 1,
  ), 30000);
  await sleep(1500); // a duplicate would show up now
  for (const p of people) {
    const mails = server.mailsTo(p.email);
    const confirm = mails.filter((m) => m.links.some((l) => l.includes('/conferma-email?t=')));
    const forms = mails.filter((m) => /modulo|identificazione/i.test(m.subject));
    assert.equal(forms.length, 1, `${p.email}: ${forms.length} form mails`);
    assert.ok(confirm.length >= 1, `${p.email}: no confirmation mail`);
  }
  // acknowledged registrations log in
  for (const p of people.filter((x) => outcome.get(x.email) === 'ack').slice(0, 8)) {
    const r = await post(server, '/accedi', '/accedi', { username: p.email, password: 'Girasole!74' });
    assert.equal(r.status, 303, `login of ${p.email}`);
  }
  assert.match(server.cli(['outbox', 'list', 'pending']), /^0 messages/m);
  assert.match(server.cli(['audit', 'verify']), /intact/);
  await server.stop();
});

test('a broken channel: messages wait, are retried, show as stuck, go out when it heals', async () => {
  const server = await startServer({
    VARCO_OUTBOX_BACKOFF_BASE_SECONDS: '1',
    VARCO_OUTBOX_BACKOFF_MAX_SECONDS: '1',
    VARCO_OUTBOX_MAX_ATTEMPTS: '2',
  });
  const mailDir = path.join(server.dir, 'outbox', 'mail');
  fs.rmSync(mailDir, { recursive: true, force: true });
  fs.writeFileSync(mailDir, 'not a folder'); // the spool can no longer be written
  const p = { matricola: '100001', cf: 'RSSMRA80A41F205B', email: 'maria.rossi@example.org' };
  const r = await register(server, p);
  assert.equal(r.status, 303, 'the registration itself succeeds');

  await waitFor('the message to be stuck', () => /stuck/.test(server.cli(['outbox', 'list', 'stuck']))
    && !/^0 messages/m.test(server.cli(['outbox', 'list', 'stuck'])), 15000);
  const list = server.cli(['outbox', 'list', 'stuck']);
  assert.match(list, /confirm_email/);
  assert.match(list, /attempts=[2-9]/);

  const browser = await launchBrowser();
  try {
    const op = await (await browser.newContext({ locale: 'it-IT' })).newPage();
    await J.operatorLogin(op, server);
    await op.goto(`${server.url}/backoffice/outbox`);
    const row = op.locator('tr', { hasText: p.email });
    assert.match(await row.textContent(), /Bloccato/); // the status's label, not its name
    assert.match(await row.getAttribute('class'), /table-danger/);
  } finally {
    await browser.close();
  }

  fs.rmSync(mailDir, { force: true });
  fs.mkdirSync(mailDir);
  const mail = await server.waitMail(p.email, /.+/, 1);
  assert.ok(mail.links.some((l) => l.includes('/conferma-email?t=')));
  await sleep(2500);
  assert.equal(server.mailsTo(p.email).length, 1, 'delivered exactly once');
  assert.match(server.cli(['outbox', 'list', 'stuck']), /^0 messages/m);
  await server.stop();
});
