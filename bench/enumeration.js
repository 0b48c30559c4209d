#!/usr/bin/env node
// SPDX-License-Identifier: AGPL-3.0-or-later
// make bench: how long registration and the recovery doors take for an
// existing and a non-existing person, with the production password-hashing
// cost: a reported figure (median of each side and their difference), not a
// pass/fail test. The suite checks what does not depend on the machine's
// load (tests/e2e/enumeration.test.js: same status, same body, one password
// hash per answer on both sides). Prints Markdown table rows on stdout.
//   bench/enumeration.js [samples per side, default 20]
'use strict';

const path = require('node:path');
const { startServer, membersCsv, request, waitFor } = require(path.join(__dirname, '..', 'tests', 'e2e', 'support'));

const EXISTING = 6;
const N = Number(process.argv[2] || 20);
let addr = 0;
function from() { // a new loopback address every time: no per-address throttle
  addr += 1;
  return `127.0.${1 + Math.floor(addr / 250)}.${1 + (addr % 250)}`;
}

async function timed(server, urlPath, fields) {
  const ip = from();
  const page = await request(server, urlPath, { from: ip });
  const csrf = /name="csrf" value="([^"]+)"/.exec(page.text)[1];
  const res = await request(server, urlPath, { from: ip, cookie: page.cookies.join('; '), body: { csrf, ...fields } });
  return res.ms;
}

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return (s[(s.length - 1) >> 1] + s[s.length >> 1]) / 2;
}

async function main() {
  const server = await startServer({ VARCO_PASSWORD_COST: 'interactive' });
  try {
    const { file, people } = membersCsv(server.dir, EXISTING + 2 * N + 2, 800000, 'bench');
    server.cli(['members', 'import', file]);
    for (const p of people.slice(0, EXISTING)) {
      await timed(server, '/registrazione', {
        matricola: p.matricola, codice_fiscale: p.cf, email: p.email,
        password: 'Girasole!74', password_confirm: 'Girasole!74', privacy: 'on',
      });
    }
    await waitFor('the confirmation mails', () => people.slice(0, EXISTING)
      .every((p) => server.mailsTo(p.email).length > 0), 60000);
    const reg = (p, email) => ({
      matricola: p.matricola, codice_fiscale: p.cf, email,
      password: 'Girasole!74', password_confirm: 'Girasole!74', privacy: 'on',
    });
    const doors = [
      ['registration', '/registrazione',
        (i) => reg(people[i % EXISTING], `altro${i}@example.org`), (i) => reg(people[EXISTING + i], `nuovo${i}@example.org`)],
      ['password lost', '/recupero/password',
        (i) => ({ email: people[i % EXISTING].email }), (i) => ({ email: `nessuno${i % EXISTING}@example.org` })],
      ['both lost', '/recupero/entrambi',
        (i) => ({ codice_fiscale: people[i % EXISTING].cf }), (i) => ({ codice_fiscale: people[EXISTING + N + (i % EXISTING)].cf })],
      ['username lost', '/recupero/nome-utente',
        (i) => ({ codice_fiscale: people[i % EXISTING].cf, password: 'Sbagliata99' }),
        (i) => ({ codice_fiscale: people[EXISTING + N + (i % EXISTING)].cf, password: 'Sbagliata99' })],
    ];
    for (const [what, urlPath, existing, missing] of doors) {
      const a = [];
      const b = [];
      for (let i = 0; i < N; i++) { // interleaved, so that drift hits both sides
        a.push(await timed(server, urlPath, existing(i)));
        b.push(await timed(server, urlPath, missing(i)));
      }
      const ma = median(a);
      const mb = median(b);
      const diff = (Math.abs(ma - mb) / Math.min(ma, mb)) * 100;
      console.log(`| ${what}: existing vs missing person, median of ${N} | ${ma.toFixed(1)} ms vs ${mb.toFixed(1)} ms (${diff.toFixed(1)} %) | within 10 % on an idle machine |`);
    }
  } finally {
    await server.stop();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
