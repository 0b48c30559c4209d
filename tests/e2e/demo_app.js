// SPDX-License-Identifier: AGPL-3.0-or-later
// The demo relying application (demo/rp.mjs) against a test server: the
// client registered with the real `varco clients add` (first party, as
// scripts/run does), the app started on a free loopback port, stopped by
// stop(). Tests drive it with the browser like a person: /login, then the
// page lists what the ID token said (table#id-token).
'use strict';

const { spawn } = require('node:child_process');
const net = require('node:net');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..', '..');

function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

async function startDemoApp(server) {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const out = server.cli(['clients', 'add', 'Demo', '--redirect', `${url}/callback`,
    '--post-logout', `${url}/`, '--home', `${url}/`, '--first-party']);
  const id = /^client_id: *(\S+)$/m.exec(out);
  const secret = /^client_secret: *(\S+)$/m.exec(out);
  if (!id || !secret) throw new Error(`varco clients add printed:\n${out}`);
  const proc = spawn(process.execPath, [path.join(ROOT, 'demo', 'rp.mjs')], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH, VARCO_ISSUER: server.url, RP_PORT: String(port),
      RP_CLIENT_ID: id[1], RP_CLIENT_SECRET: secret[1],
    },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  proc.stderr.on('data', (d) => { stderr += d; });
  process.on('exit', () => proc.kill('SIGKILL'));
  const end = Date.now() + 15000;
  for (;;) { // up once its home page answers (it discovers varco first)
    try {
      const r = await fetch(`${url}/`);
      if (r.ok) break;
    } catch { /* not listening yet */ }
    if (proc.exitCode !== null) throw new Error(`demo app exited: ${stderr}`);
    if (Date.now() > end) throw new Error(`demo app did not start: ${stderr}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    url,
    clientId: id[1],
    stop: () => new Promise((resolve) => {
      if (proc.exitCode !== null) return resolve();
      proc.on('exit', () => resolve());
      proc.kill('SIGTERM');
    }),
  };
}

// The demo page's ID token table as an object (after a login).
async function idTokenShown(page) {
  return page.$$eval('table#id-token tr', (rows) => Object.fromEntries(rows.map((r) => [
    r.querySelector('th').textContent, r.querySelector('td').textContent])));
}

module.exports = { startDemoApp, idTokenShown };
