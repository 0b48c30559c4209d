// SPDX-License-Identifier: AGPL-3.0-or-later
// The SMS channel over HTTP (issue 13 §1), end to end: varco in production
// mode with [sms] gateway = http, pointed at a local HTTP server that plays
// the operator's gateway. The gateway answers 500 twice, then accepts the
// message but answers too late (varco's request times out), then heals; it
// deduplicates by Idempotency-Key as the contract asks (notify/sms_http.h).
// A real SMS goes through: the inps-pin registration sends the PIN's first
// half by SMS, driven over HTTP without a browser. Checked: one delivery
// per key despite four attempts, the outbox row's retries and errors (no
// text, no secret), the message stuck then healed, and the code wiped from
// the row once delivered.
'use strict';

const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const http = require('node:http');
const path = require('node:path');
const { startServer, request, waitFor } = require('./support');

const TOKEN = 'gw-token-7d1f0c';

// The gateway: records every request; answers 500 to the first `fail`
// requests (an outage), accepts the next message but answers it only after
// lateAnswerMs (past varco's timeout), then answers at once; a key it
// accepted before gets 200 without a second delivery.
function startGateway({ fail = 2, lateAnswerMs = 2500 } = {}) {
  const gw = {
    requests: [], // { key, auth, type, body }
    delivered: new Map(), // key -> body: what reached a phone, once per key
    port: 0,
  };
  gw.server = http.createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (d) => { body += d; });
    req.on('end', () => {
      const key = req.headers['idempotency-key'];
      gw.requests.push({ key, auth: req.headers.authorization, type: req.headers['content-type'], body });
      res.setHeader('content-type', 'application/json');
      if (!key) { res.statusCode = 400; res.end('{"error":"no Idempotency-Key"}'); return; }
      if (gw.delivered.has(key)) { res.end('{"duplicate":true}'); return; } // deduplicated
      if (gw.requests.length <= fail) {
        res.statusCode = 500;
        res.end('{"error":"try later"}');
        return;
      }
      gw.delivered.set(key, body); // accepted: the SMS leaves now
      const answer = () => { if (!res.destroyed) res.end('{"id":"m1"}'); };
      if (gw.delivered.size === 1 && lateAnswerMs > 0) setTimeout(answer, lateAnswerMs);
      else answer();
    });
  });
  return new Promise((resolve) => {
    gw.server.listen(0, '127.0.0.1', () => { gw.port = gw.server.address().port; resolve(gw); });
  });
}

let gateway;
let server;

before(async () => {
  gateway = await startGateway();
  server = await startServer({
    VARCO_DEV: null, // production: dev mode would keep SMS in files
    VARCO_PROFILE: 'inps-pin',
    VARCO_SMS_GATEWAY: 'http',
    VARCO_SMS_URL: `http://127.0.0.1:${gateway.port}/send`,
    VARCO_SMS_TOKEN: TOKEN,
    VARCO_SMS_TIMEOUT_SECONDS: '1',
    VARCO_OUTBOX_BACKOFF_BASE_SECONDS: '1',
    VARCO_OUTBOX_BACKOFF_MAX_SECONDS: '2',
    VARCO_OUTBOX_MAX_ATTEMPTS: '3',
    NO_PROXY: '127.0.0.1', // a proxy of the environment must not answer for the gateway
  });
});

after(async () => {
  if (server) await server.stop();
  if (gateway) gateway.server.close();
});

// The outbox's rows of a channel, read from the database as an
// administrator would with the sqlite3 CLI.
function outboxRows(channel) {
  const out = execFileSync('sqlite3', ['-cmd', '.timeout 5000', '-json', path.join(server.dir, 'varco.db'),
    '.timeout 2000',
    `SELECT id, status, attempts, last_error, payload, idempotency_key, recipient
       FROM outbox WHERE channel = '${channel}' ORDER BY id`], { encoding: 'utf8' });
  return out.trim() ? JSON.parse(out) : [];
}

// Registration of the inps-pin profile over HTTP, as the browser posts it.
async function register(p) {
  const form = await request(server, '/registrazione');
  assert.equal(form.status, 200);
  const csrf = /name="csrf" value="([^"]+)"/.exec(form.text)[1];
  const res = await request(server, '/registrazione', {
    cookie: form.cookies.join('; '),
    body: {
      csrf, codice_fiscale: p.cf, given_name: p.given, family_name: p.family, sex: p.sex,
      birth_date: p.born, birth_place: p.place, birth_province: p.placeProvince,
      address: p.address, postcode: p.postcode, city: p.city, province: p.province,
      email: p.email, mobile: p.mobile, privacy: 'on',
    },
  });
  assert.equal(res.status, 303, `registration refused:\n${res.text.slice(0, 2000)}`);
  assert.match(res.headers.location, /\/registrazione\/inviata$/);
}

const giulia = {
  cf: 'SPSGLI90L55F839S', given: 'Giulia', family: 'Esposito', sex: 'F', born: '1990-07-15',
  place: 'Napoli', placeProvince: 'NA', address: 'Via Toledo 10', postcode: '80134', city: 'Napoli',
  province: 'NA', email: 'giulia.esposito@example.org', mobile: '+39 333-1234567',
};

test('an SMS through a failing, then slow, then healed gateway: once per key, retried, wiped', async () => {
  await register(giulia);
  const mail = await server.waitMail(giulia.email, /prima parte/i);
  const first = /\b([A-Z0-9]{4} [A-Z0-9]{4})\b/.exec(mail.text)[1];

  // While the gateway fails, the outbox records the attempts and why; after
  // max_attempts the message is stuck, and still retried.
  const seen = { errors: new Set(), stuck: false };
  const row = await waitFor('the SMS delivered', () => {
    const rows = outboxRows('sms');
    if (rows.length !== 1) return null;
    const r = rows[0];
    if (r.last_error) seen.errors.add(r.last_error);
    if (r.status === 'stuck') seen.stuck = true;
    return r.status === 'delivered' ? r : null;
  }, 40000);

  // the gateway: four requests under one key, one delivery
  const mine = gateway.requests.filter((r) => r.key === row.idempotency_key);
  assert.equal(mine.length, 4, JSON.stringify(gateway.requests.map((r) => r.key)));
  assert.equal(gateway.delivered.size, 1, 'one SMS reached the phone');
  assert.ok(gateway.delivered.has(row.idempotency_key));
  for (const r of mine) {
    assert.equal(r.auth, `Bearer ${TOKEN}`);
    assert.equal(r.type, 'application/json');
    const body = JSON.parse(r.body); // the default body: a JSON object
    assert.equal(body.to, '+393331234567', 'the number in E.164');
    assert.equal(body.key, row.idempotency_key);
    assert.ok(body.text.includes(first), body.text);
  }

  // the outbox: three failures recorded (two 500s, one timeout), stuck on
  // the third, then delivered on the fourth attempt
  assert.equal(row.attempts, 3);
  assert.equal(row.last_error, '');
  assert.equal(row.recipient, '+393331234567');
  assert.ok(seen.errors.has('sms gateway: HTTP 500'), [...seen.errors].join(' | '));
  assert.ok([...seen.errors].some((e) => /timeout|timed out/i.test(e)), [...seen.errors].join(' | '));
  for (const e of seen.errors) {
    assert.ok(!e.includes(TOKEN) && !e.includes(first) && !e.includes('3331234567'), e);
  }
  assert.ok(seen.stuck, 'stuck after max_attempts, then healed');

  // the code is wiped from the row once delivered
  const compact = first.replace(' ', '');
  assert.ok(!row.payload.includes(first) && !row.payload.includes(compact), row.payload);
  assert.match(row.payload, /"first_half":"\[sent\]"/);

  // nothing in files, nothing of the text in the log
  assert.equal(fs.existsSync(path.join(server.dir, 'outbox', 'sms'))
    ? fs.readdirSync(path.join(server.dir, 'outbox', 'sms')).filter((f) => !f.startsWith('.')).length : 0, 0);
  assert.ok(!server.stderr.includes(first) && !server.stderr.includes(TOKEN), server.stderr.slice(-3000));
});

test('a second message has a key of its own and goes out once, straight away', async () => {
  // PIN lost: a new PIN, its first half by mail and SMS again
  const form = await request(server, '/recupero/pin');
  const csrf = /name="csrf" value="([^"]+)"/.exec(form.text)[1];
  const res = await request(server, '/recupero/pin', {
    cookie: form.cookies.join('; '), body: { csrf, codice_fiscale: giulia.cf },
  });
  assert.ok(res.status === 303 || res.status === 200, `${res.status}`);
  const rows = await waitFor('the second SMS delivered', () => {
    const r = outboxRows('sms');
    return r.length === 2 && r[1].status === 'delivered' ? r : null;
  }, 15000);
  assert.notEqual(rows[0].idempotency_key, rows[1].idempotency_key);
  assert.equal(rows[1].attempts, 0, 'the healed gateway took it at once');
  assert.equal(gateway.delivered.size, 2);
  assert.equal(gateway.requests.filter((r) => r.key === rows[1].idempotency_key).length, 1);
});
