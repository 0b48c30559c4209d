// SPDX-License-Identifier: AGPL-3.0-or-later
// Issue 8, item 15 ("500s under load"): many logins at once, wrong and
// right, from a few addresses, so that the throttle refuses some of them
// while other requests commit their failures. A refusal is audited; written
// inside a read transaction it failed with "database is locked" as soon as
// another connection had committed (SQLite WAL cannot upgrade that
// snapshot). No request may answer 500. Counts only, no timing.
'use strict';

const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { startServer, request } = require('./support');

let server;
before(async () => {
  // several request threads, hence several store connections; the
  // per-address HTTP limit off, so that every attempt reaches the store
  server = await startServer({ VARCO_THREADS: '6', VARCO_RATELIMIT: '0' });
});
after(async () => {
  if (server) await server.stop();
});

const people = [
  { matricola: '100001', cf: 'RSSMRA80A41F205B', email: 'maria.rossi@example.org', password: 'Girasole!74' },
  { matricola: '100012', cf: 'CNTGLI64R59C351N', email: 'giulia.conti@example.org', password: 'Tramonto#58' },
];

// The form's CSRF cookie and token, as a browser from `from` gets them.
async function formFrom(urlPath, from) {
  const form = await request(server, urlPath, { from });
  assert.equal(form.status, 200);
  return { cookie: form.cookies.join('; '), csrf: /name="csrf" value="([^"]+)"/.exec(form.text)[1] };
}

async function register(p) {
  const f = await formFrom('/registrazione', '127.0.6.1');
  const r = await request(server, '/registrazione', {
    from: '127.0.6.1',
    cookie: f.cookie,
    body: {
      csrf: f.csrf, matricola: p.matricola, codice_fiscale: p.cf, email: p.email,
      password: p.password, password_confirm: p.password, privacy: 'on',
    },
  });
  assert.equal(r.status, 303, r.text.slice(0, 500));
}

// Runs the jobs `width` at a time; returns their results in order.
async function pool(jobs, width) {
  const out = new Array(jobs.length);
  let next = 0;
  const worker = async () => {
    while (next < jobs.length) {
      const i = next++;
      out[i] = await jobs[i]();
    }
  };
  await Promise.all(Array.from({ length: width }, worker));
  return out;
}

test('concurrent wrong and right passwords: refused or admitted, never a 500', async () => {
  for (const p of people) await register(p);
  // wrong passwords: Giulia's account and a missing one, from four
  // addresses (each passes its 30 free failures, then is refused)
  const attackers = [];
  for (let a = 1; a <= 4; a++) attackers.push({ from: `127.0.7.${a}`, ...(await formFrom('/accedi', `127.0.7.${a}`)) });
  const wrong = [];
  for (let i = 0; i < 360; i++) {
    const at = attackers[i % attackers.length];
    const username = i % 3 === 0 ? 'nessuno@example.org' : people[1].email;
    wrong.push(async () => (await request(server, '/accedi', {
      from: at.from, cookie: at.cookie, body: { csrf: at.csrf, username, password: `Sbagliata${i}` },
    })).status);
  }
  // right passwords: Maria, each login from an address of its own that
  // never failed, so that no throttle stands in the way -- and one at a
  // time: a password door reserves every attempt in flight against the
  // account (throttle.h: 5 free), so a sixth login of one person while
  // five are still hashing is refused by design, and on a slow machine the
  // pool would put that many in flight. The wrong ones still run around
  // them, 32 at once.
  let tail = Promise.resolve();
  const oneAtATime = (job) => {
    const run = tail.then(job);
    tail = run.catch(() => {});
    return run;
  };
  const right = [];
  for (let i = 0; i < 24; i++) {
    const from = `127.0.8.${i + 1}`;
    right.push(() => oneAtATime(async () => {
      const f = await formFrom('/accedi', from);
      const r = await request(server, '/accedi', {
        from, cookie: f.cookie, body: { csrf: f.csrf, username: people[0].email, password: people[0].password },
      });
      if (r.status !== 303) return r.status;
      // the new session opens the area (a session check right after a write)
      const area = await request(server, '/area', { from, cookie: r.cookies.join('; ') });
      return area.status === 200 ? 303 : `area ${area.status}`;
    }));
  }
  // interleave the right logins with the wrong ones
  const jobs = [];
  wrong.forEach((j, i) => {
    jobs.push(j);
    if (i % 15 === 0 && right.length) jobs.push(right.shift());
  });
  jobs.push(...right);
  const statuses = await pool(jobs, 32);

  const count = {};
  for (const s of statuses) count[s] = (count[s] || 0) + 1;
  assert.equal(count[500] || 0, 0, `500s: ${JSON.stringify(count)}\n${server.stderr.slice(-3000)}`);
  assert.deepEqual(Object.keys(count).filter((s) => !['303', '401', '429'].includes(s)), [],
    JSON.stringify(count));
  assert.equal(count[303], 24, `every right password admitted: ${JSON.stringify(count)}`);
  assert.ok(count[429] > 0, `the throttle refused some (the path that writes an audit row): ${JSON.stringify(count)}`);
  assert.ok(count[401] > 0, JSON.stringify(count));
  assert.doesNotMatch(server.stderr, /database is locked|a write in a read transaction/);
});
