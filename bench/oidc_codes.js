#!/usr/bin/env node
// SPDX-License-Identifier: AGPL-3.0-or-later
// make bench: authorization codes for the token endpoint's figure. Asks
// /oidc/authorize N times for a logged-in person (a first-party client: no
// consent page) over keep-alive connections and prints one code a line.
// Every code is bound to the same PKCE challenge, of the verifier given.
//   bench/oidc_codes.js URL SESSION_COOKIE CLIENT_ID REDIRECT_URI VERIFIER N
'use strict';

const http = require('node:http');
const crypto = require('node:crypto');

const [url, session, clientId, redirect, verifier, count] = process.argv.slice(2);
const N = Number(count || 10000);
const challenge = crypto.createHash('sha256').update(verifier).digest('base64url');
const agent = new http.Agent({ keepAlive: true, maxSockets: 16 });
const query = new URLSearchParams({
  response_type: 'code', client_id: clientId, redirect_uri: redirect, scope: 'openid profile email',
  state: 's', nonce: 'n', code_challenge: challenge, code_challenge_method: 'S256',
}).toString();

function one() {
  return new Promise((resolve, reject) => {
    const req = http.get(`${url}/oidc/authorize?${query}`, { agent, headers: { Cookie: `varco_session=${session}` } }, (res) => {
      res.resume();
      const loc = res.headers.location || '';
      const code = new URL(loc, url).searchParams.get('code');
      if (res.statusCode !== 303 || !code) reject(new Error(`authorize answered ${res.statusCode} ${loc}`));
      else resolve(code);
    });
    req.on('error', reject);
  });
}

(async () => {
  const out = [];
  let next = 0;
  async function worker() {
    while (next < N) {
      next += 1;
      out.push(await one());
    }
  }
  await Promise.all(Array.from({ length: 16 }, worker));
  process.stdout.write(out.join('\n') + '\n');
  agent.destroy();
})().catch((e) => { console.error(`bench/oidc_codes.js: ${e.message}`); process.exit(1); });
