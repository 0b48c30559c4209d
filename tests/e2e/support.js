// SPDX-License-Identifier: AGPL-3.0-or-later
// End-to-end support: each test file starts its own `varco serve` on a free
// loopback port with a fresh data folder (never a hand-started server), a
// real Chromium through playwright-core, and reads mail and letters from the
// data folder's outbox like a person reads their post.
'use strict';

const { spawn, execFileSync } = require('node:child_process');
const fs = require('node:fs');
const net = require('node:net');
const os = require('node:os');
const path = require('node:path');
const crypto = require('node:crypto');
const assert = require('node:assert/strict');

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

  async start() {
    this.proc = spawn(BIN, ['serve'], { env: this.env, cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
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
  const s = new Server(dir, port, env);
  s.cli(['init']);
  s.cli(['members', 'import', DEMO_CSV]);
  s.operatorPassword = 'operatore-di-prova-1';
  s.cli(['operator', 'add', 'tester', '--name', 'Operatrice di prova', '--password-stdin'],
    `${s.operatorPassword}\n`);
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

function parseEml(file) {
  const raw = fs.readFileSync(file, 'utf8');
  const sep = raw.search(/\r?\n\r?\n/);
  const headers = parseHeaders(raw.slice(0, sep));
  const body = raw.slice(sep).replace(/^\r?\n\r?\n/, '');
  let text = body;
  const m = /boundary="?([^";]+)"?/i.exec(headers['content-type'] || '');
  if (m) {
    const parts = body.split(`--${m[1]}`);
    const plain = parts.find((p) => /content-type:\s*text\/plain/i.test(p));
    if (plain) {
      const s = plain.search(/\r?\n\r?\n/);
      text = decodeBody(parseHeaders(plain.slice(0, s)), plain.slice(s).replace(/^\r?\n\r?\n/, ''));
    }
  } else {
    text = decodeBody(headers, body);
  }
  return {
    file,
    mtime: fs.statSync(file).mtimeMs,
    to: headers.to || '',
    subject: decodeWords(headers.subject || ''),
    headers,
    text,
    links: Array.from(text.matchAll(/https?:\/\/[^\s<>"]+/g), (x) => x[0]),
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

async function launchBrowser() {
  const { chromium } = require('playwright-core');
  return chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

module.exports = {
  ROOT, BIN, startServer, waitFor, sleep, parseEml, pdfText, totp, launchBrowser,
};
