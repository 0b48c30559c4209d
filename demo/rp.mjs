// SPDX-License-Identifier: AGPL-3.0-or-later
// The demo relying application of issue 14: a tiny service of "the
// institution" that logs people in through varco's OpenID Connect provider
// with openid-client (a certified RP library), so a newcomer sees the whole
// round trip from `make run`: log in from the app, see the claims, ask for
// level 2, refresh the tokens, log out (RP-initiated), and be logged out by
// varco (back-channel). Not part of varco: no framework, sessions in memory,
// one page. Configuration from the environment:
//   VARCO_ISSUER      the provider (default http://127.0.0.1:8080)
//   RP_PORT           where this app listens on 127.0.0.1 (default 8081)
//   RP_CLIENT_ID, RP_CLIENT_SECRET   from `varco clients add` (scripts/run)
import http from 'node:http';
import crypto from 'node:crypto';
import * as client from 'openid-client';
import * as jose from 'jose';

const ISSUER = (process.env.VARCO_ISSUER || 'http://127.0.0.1:8080').replace(/\/$/, '');
const PORT = Number(process.env.RP_PORT || 8081);
const BASE = `http://127.0.0.1:${PORT}`;
const CLIENT_ID = process.env.RP_CLIENT_ID;
const CLIENT_SECRET = process.env.RP_CLIENT_SECRET;
const REDIRECT_URI = `${BASE}/callback`;
const POST_LOGOUT_URI = `${BASE}/`;
const ACR_L2 = 'https://www.spid.gov.it/SpidL2';
const FISCAL_NUMBER = 'https://attributes.eid.gov.it/fiscal_number';
const COMPANY_NAME = 'https://attributes.eid.gov.it/company_name';
const VAT_NUMBER = 'https://attributes.eid.gov.it/vat_number';
const COOKIE = 'demo_rp';
const BODY_MAX = 16 * 1024; // a logout token is a few hundred bytes

if (!CLIENT_ID || !CLIENT_SECRET) {
  console.error('rp.mjs: RP_CLIENT_ID and RP_CLIENT_SECRET are needed (varco clients add ...)');
  process.exit(2);
}

// cookie value -> { login: {state, nonce, verifier} | undefined,
//                   tokens, idClaims, userinfo, sid, notice }
const sessions = new Map();
const logoutStates = new Set(); // states of RP-initiated logouts under way

let config; // openid-client's Configuration, from discovery
let jwks; // the provider's keys, for back-channel logout tokens

// The issuer is plain http on loopback here: openid-client refuses that
// unless told. Without TLS the signature is what proves the ID token came
// from varco, so the library is asked to verify it too (non-repudiation).
async function discover() {
  for (let attempt = 1; ; attempt++) {
    try {
      config = await client.discovery(new URL(ISSUER), CLIENT_ID,
        { id_token_signed_response_alg: 'ES256' }, client.ClientSecretBasic(CLIENT_SECRET),
        { execute: [client.allowInsecureRequests, client.enableNonRepudiationChecks] });
      jwks = jose.createRemoteJWKSet(new URL(config.serverMetadata().jwks_uri));
      return;
    } catch (e) {
      if (attempt >= 50) throw e;
      await new Promise((r) => setTimeout(r, 200)); // varco may still be starting
    }
  }
}

function esc(s) {
  return String(s).replace(/[&<>"']/g, (c) => ({
    '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;',
  })[c]);
}

function cookieOf(req) {
  const m = /(?:^|;\s*)demo_rp=([A-Za-z0-9_-]{43})(?:;|$)/.exec(req.headers.cookie || '');
  return m ? m[1] : null;
}

// The caller's session, made (with its cookie) when create is true.
function sessionOf(req, res, create) {
  const id = cookieOf(req);
  if (id && sessions.has(id)) return sessions.get(id);
  if (!create) return null;
  const fresh = crypto.randomBytes(32).toString('base64url');
  const s = {};
  sessions.set(fresh, s);
  res.setHeader('Set-Cookie', `${COOKIE}=${fresh}; Path=/; HttpOnly; SameSite=Lax`);
  return s;
}

function endSession(req) {
  const id = cookieOf(req);
  if (id) sessions.delete(id);
}

function redirect(res, to) {
  res.writeHead(303, { Location: String(to), 'Cache-Control': 'no-store' });
  res.end();
}

function readBody(req) {
  return new Promise((resolve, reject) => {
    let n = 0;
    const chunks = [];
    req.on('data', (c) => {
      n += c.length;
      if (n > BODY_MAX) {
        reject(new Error('body too large'));
        req.destroy();
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

const CSS = `
  body { font: 16px/1.5 system-ui, sans-serif; margin: 0; background: #f4f6f8; color: #1a1a1a; }
  header { background: #0b3d62; color: #fff; padding: 1rem 2rem; }
  header h1 { margin: 0; font-size: 1.25rem; }
  main { max-width: 46rem; margin: 2rem auto; background: #fff; padding: 2rem;
         border-radius: 8px; box-shadow: 0 1px 3px rgba(0,0,0,.12); }
  table { border-collapse: collapse; width: 100%; margin: .5rem 0 1.5rem; }
  th, td { text-align: left; padding: .35rem .5rem; border-bottom: 1px solid #dde3e8;
           vertical-align: top; word-break: break-all; }
  th { width: 40%; font-weight: 600; word-break: normal; }
  .actions { display: flex; gap: .75rem; flex-wrap: wrap; }
  .actions form { margin: 0; }
  a.button, button { display: inline-block; font: inherit; padding: .6rem 1.2rem; border-radius: 4px;
           border: 2px solid #0b3d62; background: #0b3d62; color: #fff; text-decoration: none;
           cursor: pointer; }
  button.secondary { background: #fff; color: #0b3d62; }
  .notice { padding: .75rem 1rem; border-left: 4px solid #0b3d62; background: #eef4f9; }
  .error { border-left-color: #a4001c; background: #fdecee; }
`;

function page(res, body, status = 200) {
  res.writeHead(status, {
    'Content-Type': 'text/html; charset=utf-8',
    'Cache-Control': 'no-store',
    'Content-Security-Policy': "default-src 'none'; style-src 'unsafe-inline'; form-action 'self' "
      + `${ISSUER}`,
  });
  res.end(`<!doctype html><html lang="it"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>App dimostrativa</title><style>${CSS}</style></head>
<body><header><h1>App dimostrativa dell'ente</h1></header><main>${body}</main></body></html>`);
}

function table(id, obj) {
  const rows = Object.entries(obj).map(([k, v]) => `<tr><th scope="row">${esc(k)}</th>`
    + `<td>${esc(typeof v === 'object' ? JSON.stringify(v) : v)}</td></tr>`).join('');
  return `<table id="${id}">${rows}</table>`;
}

function home(req, res, url) {
  const s = sessionOf(req, res, false);
  let notice = '';
  const st = url.searchParams.get('state');
  if (st && logoutStates.delete(st)) notice = '<p class="notice" id="notice">Sei uscito.</p>';
  if (s && s.notice) {
    notice += `<p class="notice error" id="notice">${esc(s.notice)}</p>`;
    delete s.notice;
  }
  if (!s || !s.tokens) {
    page(res, `${notice}<h2>Benvenuto</h2>
<p>Per usare i servizi dell'ente entra con le credenziali dell'area riservata.</p>
<p class="actions"><a class="button" id="login" href="/login">Accedi con l'area riservata</a></p>`);
    return;
  }
  const c = s.idClaims;
  const id = {
    sub: c.sub, acr: c.acr, amr: c.amr, auth_time: new Date(c.auth_time * 1000).toISOString(),
    codice_fiscale: c[FISCAL_NUMBER] ?? s.userinfo[FISCAL_NUMBER] ?? '', sid: c.sid,
  };
  // a company as the subject; someone acting for it (RFC 8693 "act")
  if (c[COMPANY_NAME]) Object.assign(id, { azienda: c[COMPANY_NAME], partita_iva: c[VAT_NUMBER] });
  if (c.act) id.act = { sub: c.act.sub, name: c.act.name };
  const who = c.act ? c.act.name
    : [s.userinfo.given_name, s.userinfo.family_name].filter(Boolean).join(' ');
  const behalf = c.act && c[COMPANY_NAME] ? `, per conto di ${c[COMPANY_NAME]}` : '';
  page(res, `${notice}<h2>Ciao${who ? ` ${esc(who)}` : ''}${esc(behalf)}</h2>
<p>Sei entrato con l'area riservata. Questi sono i dati che l'ente ha ricevuto.</p>
<h3>Token di identità</h3>${table('id-token', id)}
<h3>Dati dell'utente (userinfo)</h3>${table('userinfo', s.userinfo)}
<p>Token di accesso valido fino alle
<span id="expires">${esc(new Date(s.expiresAt).toLocaleTimeString('it-IT'))}</span>.</p>
<div class="actions">
<form method="post" action="/logout"><button type="submit" id="logout">Esci</button></form>
<form method="get" action="/login"><input type="hidden" name="livello" value="2">
<button type="submit" class="secondary" id="level2">Livello 2</button></form>
<form method="post" action="/refresh"><button type="submit" class="secondary" id="refresh">Rinnova i token</button></form>
</div>`);
}

// A new authorization: PKCE S256, state and nonce kept in the session.
async function login(req, res, url) {
  const s = sessionOf(req, res, true);
  const verifier = client.randomPKCECodeVerifier();
  s.login = { state: client.randomState(), nonce: client.randomNonce(), verifier };
  const params = {
    redirect_uri: REDIRECT_URI,
    scope: 'openid profile email phone offline_access',
    code_challenge: await client.calculatePKCECodeChallenge(verifier),
    code_challenge_method: 'S256',
    state: s.login.state,
    nonce: s.login.nonce,
  };
  if (url.searchParams.get('livello') === '2') params.acr_values = ACR_L2;
  redirect(res, client.buildAuthorizationUrl(config, params));
}

async function storeTokens(s, tokens) {
  s.tokens = tokens;
  s.idClaims = tokens.claims() || s.idClaims; // a refresh may come without an ID token
  s.sid = s.idClaims.sid;
  s.expiresAt = Date.now() + (tokens.expiresIn() ?? 0) * 1000;
  s.userinfo = await client.fetchUserInfo(config, tokens.access_token, s.idClaims.sub);
}

async function callback(req, res, url) {
  const s = sessionOf(req, res, false);
  if (!s || !s.login) {
    page(res, '<p class="notice error">Nessun accesso in corso. <a href="/">Torna all\'inizio</a>.</p>', 400);
    return;
  }
  const { state, nonce, verifier } = s.login;
  delete s.login;
  try {
    const tokens = await client.authorizationCodeGrant(config, new URL(url.pathname + url.search, BASE), {
      pkceCodeVerifier: verifier, expectedState: state, expectedNonce: nonce, idTokenExpected: true,
    });
    await storeTokens(s, tokens);
  } catch (e) {
    // e.g. unmet_authentication_requirements: level 2 asked of a person
    // with no second factor; the previous login (if any) stays.
    const code = e.error || e.code || 'errore';
    s.notice = code === 'unmet_authentication_requirements'
      ? 'Il livello 2 non è disponibile: attiva la verifica in due passaggi nell\'area riservata.'
      : `Accesso non riuscito (${code}${e.error_description ? `: ${e.error_description}` : ''}).`;
  }
  redirect(res, '/');
}

async function refresh(req, res) {
  const s = sessionOf(req, res, false);
  if (!s || !s.tokens) return redirect(res, '/');
  try {
    await storeTokens(s, await client.refreshTokenGrant(config, s.tokens.refresh_token));
  } catch (e) {
    s.notice = `Rinnovo non riuscito (${e.error || e.code || 'errore'}): entra di nuovo.`;
    delete s.tokens;
  }
  return redirect(res, '/');
}

// RP-initiated logout: the local session ends here, varco's at the end
// session endpoint (after the person confirms), then back to "/".
function logout(req, res) {
  const s = sessionOf(req, res, false);
  endSession(req);
  if (!s || !s.tokens) return redirect(res, '/');
  const state = client.randomState();
  logoutStates.add(state);
  return redirect(res, client.buildEndSessionUrl(config, {
    id_token_hint: s.tokens.id_token, post_logout_redirect_uri: POST_LOGOUT_URI, state,
  }));
}

// OpenID Connect Back-Channel Logout 1.0 §2.6: a signed logout token from
// varco's keys, for this client, with the back-channel event and no nonce;
// every local session with its sid (or, without one, its sub) ends.
async function backchannel(req, res) {
  const fail = (why) => {
    res.writeHead(400, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' });
    res.end(JSON.stringify({ error: 'invalid_request', error_description: why }));
  };
  let token;
  try {
    token = new URLSearchParams(await readBody(req)).get('logout_token');
  } catch {
    return fail('body too large');
  }
  if (!token) return fail('no logout_token');
  let claims;
  try {
    ({ payload: claims } = await jose.jwtVerify(token, jwks, {
      issuer: config.serverMetadata().issuer, audience: CLIENT_ID,
      algorithms: ['ES256', 'RS256'], requiredClaims: ['iat', 'jti', 'events'],
    }));
  } catch (e) {
    return fail(`logout token refused: ${e.code || e.message}`);
  }
  const ev = claims.events && claims.events['http://schemas.openid.net/event/backchannel-logout'];
  if (typeof ev !== 'object' || ev === null || 'nonce' in claims || (!claims.sid && !claims.sub)) {
    return fail('not a logout token');
  }
  let ended = 0;
  for (const [id, s] of sessions) {
    if (!s.tokens) continue;
    if (claims.sid ? s.sid === claims.sid : s.idClaims.sub === claims.sub) {
      sessions.delete(id);
      ended++;
    }
  }
  console.log(`rp.mjs: back-channel logout (sid ${claims.sid || '-'}): ${ended} session(s) ended`);
  res.writeHead(200, { 'Cache-Control': 'no-store' });
  return res.end();
}

const routes = {
  'GET /': home, 'GET /login': login, 'GET /callback': callback, 'POST /refresh': refresh,
  'POST /logout': logout, 'POST /backchannel': backchannel,
};

await discover();
http.createServer(async (req, res) => {
  const url = new URL(req.url, BASE);
  const handler = routes[`${req.method} ${url.pathname}`];
  try {
    if (handler) await handler(req, res, url);
    else page(res, '<p>Pagina non trovata. <a href="/">Torna all\'inizio</a>.</p>', 404);
  } catch (e) {
    console.error('rp.mjs:', e);
    if (!res.headersSent) page(res, '<p class="notice error">Errore interno dell\'app dimostrativa.</p>', 500);
  }
}).listen(PORT, '127.0.0.1', () => {
  console.log(`rp.mjs: listening on ${BASE} (issuer ${ISSUER}, client ${CLIENT_ID})`);
});
