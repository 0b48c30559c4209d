// SPDX-License-Identifier: AGPL-3.0-or-later
// End-to-end support: each test file starts its own `varco serve` on a free
// loopback port with a fresh data folder (never a hand-started server), a
// real Chromium through playwright-core, and reads mail and letters from the
// data folder's outbox like a person reads their post.
'use strict';

const { spawn, execFileSync } = require('node:child_process');
const fs = require('node:fs');
const http = require('node:http');
const net = require('node:net');
const os = require('node:os');
const path = require('node:path');
const crypto = require('node:crypto');
const assert = require('node:assert/strict');
const { watchBrowser } = require('./contrast');

const ROOT = path.resolve(__dirname, '..', '..');
const BIN = path.resolve(ROOT, process.env.VARCO_BIN || 'build/debug/varco');
const DEMO_CSV = path.join(ROOT, 'demo', 'members.csv');

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

function sleep(ms) {
  return new Promise((r) => setTimeout(r, ms));
}

// Polls fn until it returns a truthy value or the deadline passes.
async function waitFor(what, fn, timeoutMs = 15000) {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(100);
  }
}

// A server a failed test left running (its stop() never came) must not keep
// the test file's process alive: scripts/test runs node with
// --test-force-exit, and on exit every server still running is killed.
const running = new Set();
process.on('exit', () => {
  for (const s of running) if (s.proc) s.proc.kill('SIGKILL');
});

class Server {
  constructor(dir, port, env) {
    this.dir = dir;
    this.port = port;
    this.env = env;
    this.url = `http://127.0.0.1:${port}`;
    this.stderr = '';
    this.proc = null;
  }

  cli(args, input) {
    return execFileSync(BIN, args, { env: this.env, input, encoding: 'utf8', cwd: ROOT });
  }

  // An operator with a known first password (which the first login
  // replaces: journey.js operatorLogin); admin: the administrator role;
  // role + office: e.g. a desk of one office.
  addOperator(username, { name = username, admin = false, role, office } = {}) {
    const op = { username, password: `Prova-${username}-operatore-7` };
    this.cli(['operator', 'add', username, '--name', name, ...(admin ? ['--admin'] : []),
      ...(role ? ['--role', role] : []), ...(office ? ['--office', office] : []),
      '--password-stdin'], `${op.password}\n`);
    this.operators[username] = op;
    return op;
  }

  async start() {
    this.proc = spawn(BIN, ['serve'], { env: this.env, cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    running.add(this);
    this.proc.stderr.on('data', (d) => { this.stderr += d.toString(); });
    let out = '';
    this.proc.stdout.on('data', (d) => { out += d.toString(); });
    this.exited = new Promise((resolve) => this.proc.on('exit', (code, sig) => resolve({ code, sig })));
    await waitFor('varco serve to listen', () => {
      if (this.proc.exitCode !== null) throw new Error(`varco serve exited: ${this.stderr}`);
      return out.includes('listening on');
    });
  }

  // Stops the server and fails if it crashed or a sanitizer spoke.
  async stop() {
    if (!this.proc) return;
    this.proc.kill('SIGTERM');
    const { code, sig } = await this.exited;
    this.proc = null;
    running.delete(this);
    const sanitizer = /AddressSanitizer|LeakSanitizer|runtime error:/.test(this.stderr);
    assert.ok(!sanitizer, `sanitizer report from varco serve:\n${this.stderr.slice(-6000)}`);
    assert.equal(code, 0, `varco serve exited with ${code} ${sig}:\n${this.stderr.slice(-3000)}`);
    fs.rmSync(this.dir, { recursive: true, force: true });
  }

  outboxFiles(kind) {
    const dir = path.join(this.dir, 'outbox', kind);
    if (!fs.existsSync(dir)) return [];
    return fs.readdirSync(dir).filter((f) => !f.startsWith('.')).map((f) => path.join(dir, f));
  }

  // The mails to `to` (newest last), parsed.
  mailsTo(to) {
    return this.outboxFiles('mail').map(parseEml).filter((m) => m.to.includes(to))
      .sort((a, b) => a.mtime - b.mtime);
  }

  async waitMail(to, subjectRe, count = 1) {
    return waitFor(`mail to ${to} matching ${subjectRe}`, () => {
      const m = this.mailsTo(to).filter((x) => subjectRe.test(x.subject));
      return m.length >= count ? m[m.length - 1] : null;
    });
  }

  letters() {
    return this.outboxFiles('letters').filter((f) => f.endsWith('.pdf'));
  }

  async waitLetters(count) {
    return waitFor(`${count} letter(s)`, () => {
      const l = this.letters();
      return l.length >= count ? l : null;
    });
  }
}

// Starts a fresh server: data folder, demo members, an operator `tester`.
async function startServer(extraEnv = {}) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'varco-e2e-'));
  const port = await freePort();
  const env = {
    PATH: process.env.PATH,
    HOME: process.env.HOME || '/tmp',
    ASAN_OPTIONS: process.env.ASAN_OPTIONS || 'detect_leaks=1',
    UBSAN_OPTIONS: process.env.UBSAN_OPTIONS || 'print_stacktrace=1:halt_on_error=1',
    LSAN_OPTIONS: process.env.LSAN_OPTIONS
      || `suppressions=${path.join(ROOT, 'tests', 'lsan.supp')}:print_suppressions=0`,
    VARCO_DATA_DIR: dir,
    VARCO_ASSETS_DIR: ROOT,
    VARCO_LISTEN: `127.0.0.1:${port}`,
    VARCO_DEV: '1',
    VARCO_PASSWORD_COST: 'test',
    ...extraEnv,
  };
  for (const k of Object.keys(env)) if (env[k] === null) delete env[k]; // null: unset
  const s = new Server(dir, port, env);
  s.cli(['init']);
  s.cli(['members', 'import', DEMO_CSV]);
  s.operators = {};
  s.addOperator('tester', { name: 'Operatrice di prova', admin: true });
  await s.start();
  return s;
}

// Minimal RFC 5322 + MIME reading for what varco writes: headers, and the
// text/plain part (base64 or quoted-printable or plain).
function decodeWords(v) {
  return v.replace(/=\?utf-8\?([bq])\?([^?]*)\?=/gi, (_, enc, txt) => (enc.toLowerCase() === 'b'
    ? Buffer.from(txt, 'base64').toString('utf8')
    : Buffer.from(txt.replace(/_/g, ' ').replace(/=([0-9A-F]{2})/gi, (m, h) => String.fromCharCode(parseInt(h, 16))), 'latin1').toString('utf8')))
    .replace(/\?=\s+=\?/g, '');
}

function parseHeaders(block) {
  const h = {};
  block.replace(/\r?\n[ \t]+/g, ' ').split(/\r?\n/).forEach((line) => {
    const i = line.indexOf(':');
    if (i > 0) h[line.slice(0, i).trim().toLowerCase()] = line.slice(i + 1).trim();
  });
  return h;
}

function decodeBody(headers, body) {
  const cte = (headers['content-transfer-encoding'] || '').toLowerCase();
  if (cte === 'base64') return Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
  if (cte === 'quoted-printable') {
    return Buffer.from(body.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/gi,
      (m, hx) => String.fromCharCode(parseInt(hx, 16))), 'latin1').toString('utf8');
  }
  return body;
}

// The leaf parts of a MIME entity, nested multiparts flattened.
function leafParts(headers, body) {
  const m = /boundary="?([^";\r\n]+)"?/i.exec(headers['content-type'] || '');
  if (!/^multipart\//i.test(headers['content-type'] || '') || !m) return [{ headers, body }];
  return body.split(`--${m[1]}`).slice(1).filter((p) => !p.startsWith('--')).flatMap((p) => {
    const s = p.search(/\r?\n\r?\n/);
    return leafParts(parseHeaders(p.slice(0, s)), p.slice(s).replace(/^\r?\n\r?\n/, ''));
  });
}

function parseEml(file) {
  const raw = fs.readFileSync(file, 'utf8');
  const sep = raw.search(/\r?\n\r?\n/);
  const headers = parseHeaders(raw.slice(0, sep));
  const body = raw.slice(sep).replace(/^\r?\n\r?\n/, '');
  const parts = leafParts(headers, body);
  const typed = (re) => parts.find((p) => re.test(p.headers['content-type'] || ''));
  const plain = typed(/^text\/plain/i) || (parts.length === 1 ? parts[0] : null);
  const text = plain ? decodeBody(plain.headers, plain.body) : '';
  const cal = typed(/^text\/calendar/i);
  const att = parts.find((p) => /filename="?invito\.ics/i.test(p.headers['content-disposition'] || ''));
  return {
    file,
    mtime: fs.statSync(file).mtimeMs,
    to: headers.to || '',
    subject: decodeWords(headers.subject || ''),
    headers,
    text,
    links: Array.from(text.matchAll(/https?:\/\/[^\s<>"]+/g), (x) => x[0]),
    // an invitation: the calendar shown in place (with its content type)
    // and the attached invito.ics
    calendar: cal ? { type: cal.headers['content-type'], text: decodeBody(cal.headers, cal.body) } : null,
    ics: att ? decodeBody(att.headers, att.body) : null,
  };
}

function pdfText(file) {
  return execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
}

// RFC 6238 TOTP (SHA-1, 30 s, 6 digits) for the operator's authenticator.
function totp(base32Secret, atMs = Date.now()) {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = '';
  for (const ch of base32Secret.replace(/[\s=]/g, '').toUpperCase()) {
    const v = alphabet.indexOf(ch);
    if (v < 0) throw new Error(`bad base32 character ${ch}`);
    bits += v.toString(2).padStart(5, '0');
  }
  const bytes = [];
  for (let i = 0; i + 8 <= bits.length; i += 8) bytes.push(parseInt(bits.slice(i, i + 8), 2));
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(Math.floor(atMs / 1000 / 30)));
  const h = crypto.createHmac('sha1', Buffer.from(bytes)).update(counter).digest();
  const o = h[h.length - 1] & 0xf;
  const code = ((h.readUInt32BE(o) & 0x7fffffff) % 1000000).toString();
  return code.padStart(6, '0');
}

// Chromium for a test file; every page it opens gets the contrast check of
// contrast.js (a test fails on a button or link below 4.5:1).
//
// Debian's Chromium headless shell when installed (scripts/deps does): the
// same Blink and V8 as /usr/bin/chromium, without the browser's windowing
// layers, which is what Playwright itself runs for headless Chromium. On
// this 2-core machine it takes half the CPU of the full browser per test
// (profile_spid: 24 s of Chromium CPU instead of 50 s), and the browsers'
// CPU is most of what the end-to-end suite costs. CHROMIUM picks another.
const HEADLESS_SHELL = '/usr/bin/chromium-headless-shell';
function chromiumPath() {
  if (process.env.CHROMIUM) return process.env.CHROMIUM;
  return fs.existsSync(HEADLESS_SHELL) ? HEADLESS_SHELL : '/usr/bin/chromium';
}

async function launchBrowser() {
  const { chromium } = require('playwright-core');
  const browser = watchBrowser(await chromium.launch({
    executablePath: chromiumPath(),
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  }));
  // The pages are browsed as by a person who asked for reduced motion:
  // Bootstrap then draws no transitions, which Playwright would otherwise
  // wait out before each click (a quarter of a second per checkbox); what
  // the pages show and do is the same. A test may still ask for motion.
  for (const name of ['newContext', 'newContextUnchecked', 'newPage']) {
    const open = browser[name].bind(browser);
    browser[name] = (opts = {}, ...rest) => open({ reducedMotion: 'reduce', ...opts }, ...rest);
  }
  return browser;
}

// A valid codice fiscale for a made-up person number n (check character computed).
function codiceFiscale(n) {
  const L = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
  const name = ['BRN', 'VRD', 'GLL', 'NRI', 'BNC'][n % 5] + ['LCU', 'MRA', 'PLA', 'GNN'][n % 4];
  const body = `${name}${String(60 + (n % 40)).padStart(2, '0')}${'ABCDEHLMPRST'[n % 12]}`
    + `${String(1 + (n % 28)).padStart(2, '0')}H501`;
  const odd = [1, 0, 5, 7, 9, 13, 15, 17, 19, 21, 2, 4, 18, 20, 11, 3, 6, 8, 12, 14, 16, 10, 22, 25, 24, 23];
  let sum = 0;
  for (let i = 0; i < 15; i++) {
    const c = body[i];
    const v = /\d/.test(c) ? Number(c) : L.indexOf(c);
    sum += i % 2 === 0 ? odd[v] : v;
  }
  return body + L[sum % 26];
}

// count made-up registry members (matricola from `first`), written as a CSV
// for `varco members import`.
function membersCsv(dir, count, first = 700000, prefix = 'crash') {
  const lines = ['matricola,codice_fiscale,category,given_name,family_name,birth_date,birth_place,'
    + 'address,postcode,city,province,mobile,company_name,partita_iva'];
  const people = [];
  for (let i = 0; i < count; i++) {
    const p = { matricola: String(first + i), cf: codiceFiscale(i), email: `${prefix}${i}@example.org` };
    people.push(p);
    lines.push(`${p.matricola},${p.cf},agent_individual,Nome${i},Cognome${i},1980-01-01,Roma,`
      + `Via Roma ${i + 1},00100,Roma,RM,,,`);
  }
  const file = path.join(dir, `${prefix}-members.csv`);
  fs.writeFileSync(file, `${lines.join('\n')}\n`);
  return { file, people };
}

// One HTTP request from a chosen loopback address (the throttles count per
// address), with the time the answer took. opts: method, body (object ->
// urlencoded), cookie, from ('127.0.0.x').
function request(server, urlPath, opts = {}) {
  const body = opts.body ? new URLSearchParams(opts.body).toString() : null;
  const headers = { ...(opts.cookie ? { cookie: opts.cookie } : {}) };
  if (body !== null) {
    headers['content-type'] = 'application/x-www-form-urlencoded';
    headers['content-length'] = Buffer.byteLength(body);
    headers.origin = server.url;
  }
  return new Promise((resolve, reject) => {
    const t0 = process.hrtime.bigint();
    const req = http.request(`${server.url}${urlPath}`, {
      method: opts.method || (body !== null ? 'POST' : 'GET'), headers, localAddress: opts.from,
    }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (d) => { text += d; });
      res.on('end', () => resolve({
        status: res.statusCode, headers: res.headers, text,
        ms: Number(process.hrtime.bigint() - t0) / 1e6,
        cookies: (res.headers['set-cookie'] || []).map((c) => c.split(';')[0]),
      }));
    });
    req.on('error', reject);
    if (body !== null) req.write(body);
    req.end();
  });
}

// axe-core's WCAG 2.1 A and AA rules (the level the accessibility
// statement declares) on the page's current document. Throws an
// AssertionError listing each violation (rule id, impact, help, the target
// selectors of its elements) under `label` (default: the page's path).
// Call it after the page has loaded, in any test:
//   await checkA11y(page, 'phone /area');
// opts.exclude: selectors left out of the check (a third party's widget);
// opts.disable: rule ids not run. Both are for an exception the test
// explains, never to make a failure go away.
//
// Our pages' Content-Security-Policy (script-src 'self') refuses the inline
// <script> that page.addScriptTag({ path }) adds, so axe's source is
// evaluated through the DevTools protocol (page.evaluate), which the policy
// does not govern; the page's own policy stays as it is for the check.
const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
let axeSource = null;

async function checkA11y(page, label, opts = {}) {
  if (!axeSource) axeSource = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
  const where = label || new URL(page.url()).pathname;
  if (!(await page.evaluate(() => typeof window.axe === 'object'))) await page.evaluate(axeSource);
  const result = await page.evaluate(async ({ tags, exclude, disable }) => {
    const context = exclude.length ? { exclude } : document;
    const rules = Object.fromEntries(disable.map((id) => [id, { enabled: false }]));
    const r = await window.axe.run(context, {
      runOnly: { type: 'tag', values: tags }, rules, resultTypes: ['violations'],
    });
    return {
      violations: r.violations.map((v) => ({
        id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl,
        nodes: v.nodes.map((n) => ({ target: n.target, html: n.html, summary: n.failureSummary })),
      })),
    };
  }, { tags: AXE_TAGS, exclude: opts.exclude || [], disable: opts.disable || [] });
  if (result.violations.length) {
    const lines = [`${result.violations.length} accessibility violation(s) on ${where} (${page.url()}):`];
    for (const v of result.violations) {
      lines.push(`- ${v.id} [${v.impact}] ${v.help} (${v.helpUrl.replace(/\?.*$/, '')})`);
      for (const n of v.nodes.slice(0, 8)) {
        const html = n.html.replace(/\s+/g, ' ');
        lines.push(`    ${n.target.join(' >> ')}  ${html.length > 140 ? `${html.slice(0, 137)}...` : html}`);
        const why = (n.summary || '').split('\n').slice(1).map((x) => x.trim()).filter(Boolean)[0];
        if (why) lines.push(`      ${why}`);
      }
      if (v.nodes.length > 8) lines.push(`    ... and ${v.nodes.length - 8} more`);
    }
    throw new assert.AssertionError({ message: lines.join('\n') });
  }
}

module.exports = {
  ROOT, BIN, startServer, waitFor, sleep, parseEml, pdfText, totp, launchBrowser,
  codiceFiscale, membersCsv, request, checkA11y,
};
