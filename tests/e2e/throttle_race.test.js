// SPDX-License-Identifier: AGPL-3.0-or-later
// The password throttle under a storm (issue 8, item 3): 300 wrong
// passwords sent at once for one account, each from its own address, get
// no further than the throttle allows one after the other -- the attempt
// is counted before the hash, not after; every door that checks the
// password counts against the same account; and the owner always gets
// back in through the mail link, storm or not (no lock-out).
'use strict';

const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { startServer, request } = require('./support');

let server;
before(async () => { server = await startServer(); });
after(async () => { if (server) await server.stop(); });

const marco = { matricola: '100007', cf: 'RCCFNC82H05G273O', email: 'francesco.ricci@example.org', password: 'Girasole!74' };

async function formOf(urlPath, from) {
  const form = await request(server, urlPath, { from });
  return { csrf: /name="csrf" value="([^"]+)"/.exec(form.text)[1], cookie: form.cookies.join('; ') };
}

// How many attempts the subject throttle lets through in `seconds`, one
// after the other: 5 free, the 6th sets a wait of 1 s, then 2 s, 4 s ... 60 s.
function allowedIn(seconds) {
  let n = 6;
  let t = 0;
  for (let d = 1; ; d = Math.min(d * 2, 60)) {
    t += d;
    if (t > seconds) return n;
    n++;
  }
}

test('300 wrong passwords at once: the throttle counts them before the hash', async () => {
  const { csrf, cookie } = await formOf('/registrazione');
  const reg = await request(server, '/registrazione', {
    cookie,
    body: { csrf, matricola: marco.matricola, codice_fiscale: marco.cf, email: marco.email, password: marco.password, password_confirm: marco.password, privacy: 'on' },
  });
  assert.equal(reg.status, 303);
  // the address is proven (recovery mails proven addresses only)
  const mail = await server.waitMail(marco.email, /.+/);
  const t = new URL(mail.links.find((l) => l.includes('/conferma-email?t='))).searchParams.get('t');
  const c = await formOf(`/conferma-email?t=${t}`);
  assert.equal((await request(server, '/conferma-email', { cookie: c.cookie, body: { csrf: c.csrf, t } })).status, 200);

  const login = await formOf('/accedi');
  const t0 = Date.now();
  const storm = await Promise.all(Array.from({ length: 300 }, (_, i) => request(server, '/accedi', {
    from: `127.0.${10 + Math.floor(i / 200)}.${1 + (i % 200)}`,
    cookie: login.cookie,
    body: { csrf: login.csrf, username: marco.email, password: `Sbagliata-${i}` },
  })));
  const seconds = (Date.now() - t0) / 1000;
  const count = (s) => storm.filter((r) => r.status === s).length;
  const tried = count(401);
  assert.equal(count(401) + count(429), 300, `other answers: ${storm.map((r) => r.status).filter((s) => s !== 401 && s !== 429)}`);
  assert.ok(tried >= 5, `only ${tried} tried`);
  assert.ok(tried <= allowedIn(seconds + 1), `${tried} passwords were tried in ${seconds.toFixed(1)} s (at most ${allowedIn(seconds + 1)})`);
  console.log(`# 300 at once in ${seconds.toFixed(1)} s: ${tried} tried, ${count(429)} asked to wait`);
});

test('the username-recovery door counts against the same account', async () => {
  // keep trying through the login until the wait is long enough (>= 8 s)
  // to outlast this test on a busy machine
  const login = await formOf('/accedi');
  for (let i = 0; i < 60; i++) {
    const r = await request(server, '/accedi', {
      from: `127.0.30.${i + 1}`, cookie: login.cookie,
      body: { csrf: login.csrf, username: marco.email, password: `Ancora-${i}` },
    });
    if (r.status === 429 && Number(r.headers['retry-after']) >= 8) break;
    if (r.status === 429) await new Promise((ok) => setTimeout(ok, 1000 * Number(r.headers['retry-after'])));
  }
  const f = await formOf('/recupero/nome-utente', '127.0.20.1');
  const r = await request(server, '/recupero/nome-utente', {
    from: '127.0.20.1', cookie: f.cookie, body: { csrf: f.csrf, codice_fiscale: marco.cf, password: marco.password },
  });
  assert.equal(r.status, 429, 'the storm on the login must slow this door too');
});

test('the owner gets past the storm through the mail link', async () => {
  const f = await formOf('/recupero/password', '127.0.21.1');
  const r = await request(server, '/recupero/password', {
    from: '127.0.21.1', cookie: f.cookie, body: { csrf: f.csrf, email: marco.email },
  });
  assert.equal(r.status, 200);
  const mail = await server.waitMail(marco.email, /password/i);
  assert.ok(mail, 'no recovery mail');
  const link = mail.links.find((l) => l.includes('/recupero/nuova-password?t='));
  const token = new URL(link).searchParams.get('t');
  const g = await formOf(`/recupero/nuova-password?t=${token}`, '127.0.21.1');
  const reset = await request(server, '/recupero/nuova-password', {
    from: '127.0.21.1', cookie: g.cookie,
    body: { csrf: g.csrf, t: token, password: 'Melograno-47', password_confirm: 'Melograno-47', end_sessions: 'on' },
  });
  assert.equal(reset.status, 200);
  const l = await formOf('/accedi', '127.0.21.1');
  const in_ = await request(server, '/accedi', {
    from: '127.0.21.1', cookie: l.cookie, body: { csrf: l.csrf, username: marco.email, password: 'Melograno-47' },
  });
  assert.equal(in_.status, 303, 'the owner is not locked out');
  assert.match(in_.headers.location, /\/area/);
});
