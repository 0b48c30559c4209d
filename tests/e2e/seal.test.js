// SPDX-License-Identifier: AGPL-3.0-or-later
// The PDF seal (issue 13 §2) judged by Debian's pdfsig (poppler): the
// identification form a member downloads from a real `varco serve`, sealed
// by `varco seal` with the identity `varco init` made, is reported valid and
// whole; a byte changed in the signed range makes pdfsig report it; the text
// still reads with pdftotext; an institution's own key and certificate
// (here an RSA pair made by the openssl tool) replace varco's through the
// VARCO_SEAL_* variables. The self-signed certificate is not trusted by
// pdfsig, as expected: the assertions are on the signature's line.
'use strict';

const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { execFileSync, spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { BIN, startServer, launchBrowser, pdfText } = require('./support');
const J = require('./journey');

let server;
let browser;
let form; // the identification form, as downloaded
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'varco-seal-'));

before(async () => {
  server = await startServer();
  browser = await launchBrowser();
  const page = await (await browser.newContext({ locale: 'it-IT', acceptDownloads: true })).newPage();
  const email = 'maria.rossi@example.org';
  await J.register(page, server, { matricola: '100001', cf: 'rssmra80a41f205b', email, password: 'Segreta2024' });
  await J.confirmEmail(page, server, email);
  form = await J.downloadForm(page, server);
});

after(async () => {
  if (browser) await browser.close();
  if (server) await server.stop();
  fs.rmSync(tmp, { recursive: true, force: true });
});

function pdfsig(file) {
  const r = spawnSync('pdfsig', [file], { encoding: 'utf8' });
  return `${r.stdout}${r.stderr}`;
}

function seal(input, output, env = server.env) {
  return spawnSync(BIN, ['seal', input, output, '--reason', 'Contratto firmato con codice SMS'],
    { env, encoding: 'utf8' });
}

test('varco init made the seal identity, owner-only', () => {
  for (const f of ['seal-key.pem', 'seal-cert.pem']) {
    const st = fs.statSync(path.join(server.dir, f));
    assert.equal(st.mode & 0o777, 0o600, f);
  }
  const again = server.cli(['init']);
  assert.match(again, /seal identity ready/, 'a second init keeps the identity');
});

test('a sealed form: pdfsig says the signature is valid and the document whole', () => {
  const out = path.join(tmp, 'sealed.pdf');
  const r = seal(form.file, out);
  assert.equal(r.status, 0, r.stderr);
  const original = fs.readFileSync(form.file);
  const sealed = fs.readFileSync(out);
  assert.ok(sealed.subarray(0, original.length).equals(original), 'an incremental update');

  const report = pdfsig(out);
  assert.match(report, /Signature Validation: Signature is Valid\./, report);
  assert.match(report, /Total document signed/, report);
  assert.match(report, /Signature Type: ETSI\.CAdES\.detached/, report);
  assert.match(report, /Signing Hash Algorithm: SHA-256/, report);
  assert.match(report, /Signer Certificate Common Name: Ente di prova \(demo\)/, report);

  // the text is intact
  const text = pdfText(out);
  assert.equal(text, form.text);
  assert.match(text, /RSSMRA80A41F205B/);

  // sealed twice: refused with a reason, nothing written
  const twice = seal(out, path.join(tmp, 'twice.pdf'));
  assert.equal(twice.status, 1);
  assert.match(twice.stderr, /interactive form already/);
  assert.ok(!fs.existsSync(path.join(tmp, 'twice.pdf')));
});

test('one byte changed inside the signed range: pdfsig reports it', () => {
  const out = path.join(tmp, 'sealed2.pdf');
  assert.equal(seal(form.file, out).status, 0);
  const bytes = fs.readFileSync(out);
  const at = bytes.indexOf('/Creator (varco)');
  assert.ok(at > 0, 'cairo writes the creator in the document information');
  bytes[at + '/Creator (varc'.length] = 'O'.charCodeAt(0);
  const tampered = path.join(tmp, 'tampered.pdf');
  fs.writeFileSync(tampered, bytes);
  const report = pdfsig(tampered);
  assert.doesNotMatch(report, /Signature is Valid/, report);
  assert.match(report, /Signature Validation: (Digest Mismatch|Signature is Invalid)/, report);

  // and a byte after the signature (in the new cross-reference section)
  const bytes2 = fs.readFileSync(out);
  const trailer = bytes2.lastIndexOf('/Size ');
  bytes2[trailer + 1] = 's'.charCodeAt(0);
  fs.writeFileSync(tampered, bytes2);
  assert.doesNotMatch(pdfsig(tampered), /Signature is Valid/);
});

test("the institution's own key and certificate, through VARCO_SEAL_*", () => {
  const key = path.join(tmp, 'inst.key');
  const cert = path.join(tmp, 'inst.crt');
  execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key,
    '-out', cert, '-days', '30', '-subj', '/CN=Istituto di prova/O=Istituto',
    '-addext', 'keyUsage=critical,digitalSignature,nonRepudiation'], { stdio: 'ignore' });
  const env = { ...server.env, VARCO_SEAL_KEY_FILE: key, VARCO_SEAL_CERT_FILE: cert };
  const out = path.join(tmp, 'inst.pdf');
  const r = seal(form.file, out, env);
  assert.equal(r.status, 0, r.stderr);
  const report = pdfsig(out);
  assert.match(report, /Signature Validation: Signature is Valid\./, report);
  assert.match(report, /Signer Certificate Common Name: Istituto di prova/, report);

  // a certificate that is not the key's: a clear error, nothing written
  const bad = { ...env, VARCO_SEAL_CERT_FILE: path.join(server.dir, 'seal-cert.pem') };
  const refused = seal(form.file, path.join(tmp, 'bad.pdf'), bad);
  assert.equal(refused.status, 1);
  assert.match(refused.stderr, /the key is not the certificate's/);
  // only one of the two: refused
  const half = { ...server.env, VARCO_SEAL_KEY_FILE: key };
  assert.match(seal(form.file, path.join(tmp, 'half.pdf'), half).stderr, /set both/);
});
