// SPDX-License-Identifier: AGPL-3.0-or-later
// No account enumeration (issue 4): registration and every recovery request
// answer an existing and a non-existing person with the same status, the
// same body (apart from the CSRF token) and the same work: each answer
// costs exactly one password-hash computation on both sides (the count the
// server reports in dev mode, X-Varco-Password-Hashes), so that the time
// cannot tell them apart. What that time is on a given machine is a figure,
// not a test: `make bench` measures it (bench/enumeration.js). Each request
// comes from its own loopback address, as a crowd of people would, so that
// the per-address throttles measure nothing here.
'use strict';

const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { startServer, membersCsv, request, waitFor } = require('./support');

let server;
let people; // registry members: [0, EXISTING) get accounts, the rest never do
const EXISTING = 6;
const N = 8; // samples per side and door
let addr = 0;
function from() { // 127.0.1.1, 127.0.1.2 ... a new address every time
  addr += 1;
  return `127.0.${1 + Math.floor(addr / 250)}.${1 + (addr % 250)}`;
}

// The page without what differs by construction: the CSRF token and the
// values the person typed, echoed back into the form.
function bodyOf(text, fields) {
  let out = text.replace(/name="csrf" value="[^"]+"/g, 'name="csrf"');
  for (const [k, v] of Object.entries(fields)) {
    if (v.length > 3) out = out.split(v).join(`{${k}}`);
  }
  return out;
}

// GET the form (CSRF cookie and token), then the timed POST.
async function submit(path, fields) {
  const ip = from();
  const page = await request(server, path, { from: ip });
  const csrf = /name="csrf" value="([^"]+)"/.exec(page.text)[1];
  const res = await request(server, path, { from: ip, cookie: page.cookies.join('; '), body: { csrf, ...fields } });
  const hashes = res.headers['x-varco-password-hashes'];
  if (res.status === 303) { // follow to the page a person would see
    const next = await request(server, res.headers.location, { from: ip, cookie: page.cookies.join('; ') });
    return { status: res.status, location: res.headers.location, body: bodyOf(next.text, fields), hashes };
  }
  return { status: res.status, location: '', body: bodyOf(res.text, fields), hashes };
}

// Runs the two sides interleaved (so that drift hits both), compares. Both
// sides reuse the same number of subjects (EXISTING), so that what differs
// is only whether an account exists -- not whether the throttle has seen
// the subject before (a first failure creates its row).
async function compare(t, what, existing, missing) {
  const a = [];
  const b = [];
  for (let i = 0; i < N; i++) {
    a.push(await existing(i));
    b.push(await missing(i));
  }
  for (const r of [...a, ...b]) {
    assert.equal(r.status, a[0].status, `${what}: status`);
    assert.equal(r.location, a[0].location, `${what}: redirect`);
    assert.equal(r.body, a[0].body, `${what}: body`);
    assert.equal(r.hashes, '1', `${what}: password hashes computed for one answer`);
  }
  t.diagnostic(`${what}: status ${a[0].status}, one password hash per answer on both sides`);
}

before(async () => {
  server = await startServer();
  const csv = membersCsv(server.dir, EXISTING + 2 * N + 2, 800000, 'enum');
  people = csv.people;
  server.cli(['members', 'import', csv.file]);
  for (const p of people.slice(0, EXISTING)) {
    const r = await submit('/registrazione', {
      matricola: p.matricola, codice_fiscale: p.cf, email: p.email,
      password: 'Girasole!74', password_confirm: 'Girasole!74', privacy: 'on',
    });
    assert.equal(r.status, 303);
  }
  await waitFor('the confirmation mails', () => people.slice(0, EXISTING)
    .every((p) => server.mailsTo(p.email).length > 0));
});
after(async () => {
  if (server) await server.stop();
});

test('registration: an existing person and a new one get the same answer for the same work', async (t) => {
  const reg = (p, email) => submit('/registrazione', {
    matricola: p.matricola, codice_fiscale: p.cf, email,
    password: 'Girasole!74', password_confirm: 'Girasole!74', privacy: 'on',
  });
  await compare(t, 'registration',
    (i) => reg(people[i % EXISTING], `altro${i}@example.org`),
    (i) => reg(people[EXISTING + i], `nuovo${i}@example.org`));
  // nothing was created for the existing ones: their owners were told
  await waitFor('the notices to the owners', () => server.mailsTo(people[0].email).length >= 2);
});

test('password lost: the same answer for the same work', async (t) => {
  await compare(t, 'recovery by email',
    (i) => submit('/recupero/password', { email: people[i % EXISTING].email }),
    (i) => submit('/recupero/password', { email: `nessuno${i % EXISTING}@example.org` }));
});

test('both lost (codice fiscale): the same answer for the same work', async (t) => {
  await compare(t, 'recovery by codice fiscale',
    (i) => submit('/recupero/entrambi', { codice_fiscale: people[i % EXISTING].cf }),
    (i) => submit('/recupero/entrambi', { codice_fiscale: people[EXISTING + N + (i % EXISTING)].cf }));
});

test('username lost with a wrong password: the same answer for the same work', async (t) => {
  await compare(t, 'username recovery',
    (i) => submit('/recupero/nome-utente', { codice_fiscale: people[i % EXISTING].cf, password: 'Sbagliata99' }),
    (i) => submit('/recupero/nome-utente', { codice_fiscale: people[EXISTING + N + (i % EXISTING)].cf, password: 'Sbagliata99' }));
});
